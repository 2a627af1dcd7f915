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
/* "Gives up after a bounded number of attempts": at most this many
 * requests (the Java SDK's sample configuration, the most generous real
 * default found, retried 10 times; notes 1.7). */
#define RA_CC_GIVE_UP_MAX_ATTEMPTS 10

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

/* How a scenario's answers are meant to be retried. */
typedef enum {
  RA_CC_RETRY_NONE = 0,       /* no retryable answer */
  RA_CC_RETRY_THEN_SUCCESS,   /* attempts_min - 1 retryable failures, then
                                 success: the client must retry with
                                 backoff and stop at the success */
  RA_CC_RETRY_GIVE_UP         /* retryable failures on every attempt: the
                                 client must retry with backoff, stop after a
                                 bounded number and surface the error */
} ra_cc_retry;

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
  const char *code;           /* RA_CC_EXPECT_ERROR: the word the client
                                 must surface, e.g. "AWS.MechanicalTurk.
                                 InvalidAssignmentState" */
  const char *type;           /* RA_CC_EXPECT_ERROR: the error type a client
                                 may expose without the code ("RequestError":
                                 weaker, graded NON-STRICT); NULL when the
                                 type is the code */
};

struct ra_cc_scenario {
  const char *name;           /* "success", "throttling", ... */
  const char *title;
  unsigned profiles;          /* RA_CC_* mask */
  ra_cc_feedback feedback;
  ra_cc_expect expect;
  /* The number of requests the client must send, min..max inclusive. */
  unsigned attempts_min;
  unsigned attempts_max;
  /* Retryable answers: the examiner also measures the delays between an
   * answer and the retry. */
  ra_cc_retry retry;
  /* The scenario's own time budget, when it needs more than the default
   * (a client whose defaults retry for a minute must be given that
   * minute); 0: the default. An explicit --timeout applies as given. */
  unsigned timeout_s;
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
