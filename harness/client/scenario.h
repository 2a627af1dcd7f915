/* The client-conformance scenarios (`raconform client-check`): what the
 * client is asked to send, which answers the examiner scripts, and what the
 * client must make of them. The table is static data; ra_cc_scenario_*
 * functions only look it up.
 *
 * Scripted answers: request k (0-based) of a scenario gets answers[k], and
 * every request past the end gets the last answer again (so a client that
 * retries an error that must not be retried sees the same error). An answer
 * either names a recorded fixture (vectors/responses/<name>) or carries an
 * inline status/content type/body; "pass" lets the reference server answer
 * normally (it judges the signature and stores the feedback). Ownership:
 * everything returned is static or, for ra_cc_feedback_make, a new string. */
#ifndef RA_CLIENT_SCENARIO_H
#define RA_CLIENT_SCENARIO_H

#include <stddef.h>

#include "core/buf.h"
#include "proto/request.h"

/* Profile mask bits. */
#define RA_CC_LEGACY (1u << RA_PROFILE_LEGACY)
#define RA_CC_JSON (1u << RA_PROFILE_JSON)
#define RA_CC_BOTH (RA_CC_LEGACY | RA_CC_JSON)

/* At most this many scripted answers per scenario and profile. */
#define RA_CC_MAX_ANSWERS 6

typedef enum {
  RA_CC_FEEDBACK_PLAIN = 0,   /* short ASCII sentence */
  RA_CC_FEEDBACK_UNICODE,     /* 2-, 3-, 4-byte, combining, JSON and form
                                 specials (quote, backslash, + & = %, TAB) */
  RA_CC_FEEDBACK_MAX,         /* exactly 1024 x U+00E9 (2048 UTF-8 bytes) */
  RA_CC_FEEDBACK_OVER         /* 1025 x U+00E9 */
} ra_cc_feedback;

typedef enum {
  RA_CC_EXPECT_OK = 0,        /* the client reports success */
  RA_CC_EXPECT_ERROR,         /* an error carrying the scenario's code */
  RA_CC_EXPECT_ANY_ERROR,     /* any error (malformed answers) */
  RA_CC_EXPECT_REFUSE_OR_ERROR /* refuse before sending, or send the value
                                  unchanged and surface the server's error */
} ra_cc_expect;

typedef enum {
  RA_CC_ANSWER_PASS = 0,      /* the reference server answers */
  RA_CC_ANSWER_SCRIPT         /* fixture or inline answer */
} ra_cc_answer_kind;

struct ra_cc_answer {
  ra_cc_answer_kind kind;
  const char *fixture;        /* vectors/responses/<name>; NULL: inline */
  int status;                 /* inline fallback when the fixture is absent */
  const char *content_type;
  const char *body;
  unsigned delay_ms;          /* wait before answering */
};

struct ra_cc_script {
  struct ra_cc_answer answers[RA_CC_MAX_ANSWERS];
  size_t count;
  const char *code;           /* RA_CC_EXPECT_ERROR: the token the client
                                 must surface, e.g. "AWS.MechanicalTurk.
                                 InvalidAssignmentState" */
};

struct ra_cc_scenario {
  const char *name;           /* "success", "throttling", ... */
  const char *title;
  unsigned profiles;          /* RA_CC_* mask */
  ra_cc_feedback feedback;
  ra_cc_expect expect;
  /* Exact number of requests the client must send (0: not checked). */
  unsigned attempts;
  /* 1: the first attempts-1 answers are retryable failures; the examiner
   * measures the delays between answer and retry. */
  int retried;
  const char *source;         /* "doc: ...", "observed: ...", "inferred: ..." */
  struct ra_cc_script legacy;
  struct ra_cc_script json;
};

/* The table, in run order. */
const struct ra_cc_scenario *ra_cc_scenarios(size_t *count);
/* By exact name, or NULL. */
const struct ra_cc_scenario *ra_cc_scenario_find(const char *name);
/* The script of a profile (NULL when the scenario does not apply). */
const struct ra_cc_script *ra_cc_scenario_script(const struct ra_cc_scenario *sc,
                                                 ra_profile profile);
/* The feedback text (UTF-8, NUL-terminated) the client is asked to send;
 * a new string, *len_out (may be NULL) gets its byte length. */
char *ra_cc_feedback_make(ra_cc_feedback kind, size_t *len_out);

#endif
