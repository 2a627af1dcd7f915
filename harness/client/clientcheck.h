/* The client examiner behind `raconform client-check` (SPEC §5, issue 6).
 *
 * For each scenario (scenario.h) it starts the examiner's server through
 * the caller's struct ra_cc_server_ops (tool/ wires the reference server,
 * in-process on a free loopback port) with a hook that records every
 * request and serves the scenario's scripted answers (recorder.h), seeds a
 * Submitted assignment, runs the client COMMAND once (fork/exec, no shell,
 * own process group, killed on timeout) with the RACONFORM_* environment,
 * and judges the examination (judge.h: what the client sent, examine.h,
 * and what it reported on stdout, outcome.h). A retry scenario whose
 * retries look immediate is examined again (judge.h, "Backoff"). Verdicts
 * are appended to a
 * struct ra_run, one per scenario and check, with IDs "<scenario>/<check>",
 * in scenario order whatever the number of parallel jobs; each verdict is
 * complete before it is published (ra_run_append), so an armed JUnit
 * snapshot writer never sees half of one.
 *
 * Ownership: options are borrowed for the duration of the call; verdicts
 * belong to the run. */
#ifndef RA_CLIENT_CLIENTCHECK_H
#define RA_CLIENT_CLIENTCHECK_H

#include <stddef.h>
#include <stdint.h>

#include "client/scenario.h"
#include "core/code.h"
#include "core/error.h"
#include "core/buf.h"
#include "proto/request.h"
#include "proto/signer.h"
#include "proto/verdict.h"

#define RA_CLIENTCHECK_TIMEOUT_S 30
/* Environment variables given to COMMAND (SPEC §5). */
#define RA_CC_ENV_ENDPOINT "RACONFORM_ENDPOINT"
#define RA_CC_ENV_PROFILE "RACONFORM_PROFILE"
#define RA_CC_ENV_ACCESS_KEY_ID "RACONFORM_ACCESS_KEY_ID"
#define RA_CC_ENV_SECRET "RACONFORM_SECRET_ACCESS_KEY"
#define RA_CC_ENV_ASSIGNMENT_ID "RACONFORM_ASSIGNMENT_ID"
#define RA_CC_ENV_FEEDBACK "RACONFORM_FEEDBACK"
#define RA_CC_ENV_SCENARIO "RACONFORM_SCENARIO"

/* Checks of a scenario besides the per-request ones of examine.h. */
#define RA_CC_CHECK_OUTCOME "outcome"
#define RA_CC_CHECK_ATTEMPTS "attempts"
#define RA_CC_CHECK_BACKOFF "backoff"

/* Retry delay judgement (judge.h, "Backoff"): the scripted failures'
 * delays must not be immediate (at least this on average, pooled over the
 * scenario's examinations) and each must stay bounded (boto 2's cap,
 * max_retry_delay 60 s; the AWS SDKs cap at 20 s). */
#define RA_CC_BACKOFF_MIN_MEAN_MS 5
#define RA_CC_BACKOFF_MAX_EACH_MS 60000
/* A client's stdout is kept up to this many bytes. */
#define RA_CC_OUTPUT_MAX (64 * 1024)
/* A client that sends more requests than this in one scenario (a loop) is
 * stopped at once. */
#define RA_CC_REQUEST_LIMIT 32
/* At most this many scenarios at once (--jobs). */
#define RA_CC_MAX_JOBS 16

/* ---- the examiner's server, provided by the caller ---------------------- */

/* The answer a hook gives: the server's own status, headers and body to
 * fill (borrowed). */
struct ra_cc_wire_answer {
  int status;
  struct ra_headers *headers;
  struct ra_buf *body;
};

/* Called for every request the server receives, before it answers, from
 * its threads, concurrently: 1 after filling ans to answer with it (the
 * hook sleeps for a delayed answer), 0 to let the server answer normally
 * (it judges the signature and stores the feedback). */
typedef int (*ra_cc_hook)(void *ctx, const struct ra_wire_request *req,
                          struct ra_cc_wire_answer *ans);

/* The caller's server (opaque here). */
struct ra_cc_server;

/* How the examiner starts and stops its server: one per examination, on
 * a port of its own, speaking profile, every request through hook. */
struct ra_cc_server_ops {
  /* RA_OK and *out, or an error (err says why): the examination cannot
   * run. */
  ra_code (*start)(void *arg, ra_profile profile, ra_cc_hook hook,
                   void *hook_ctx, struct ra_cc_server **out,
                   struct ra_error *err);
  /* The base URL clients are given (borrowed from the server). */
  const char *(*url)(const struct ra_cc_server *s);
  /* Seeds a Submitted assignment owned by access_key_id; *id_out a new
   * string (ra_free). */
  ra_code (*seed)(struct ra_cc_server *s, char **id_out);
  /* Stops and frees; NULL is fine. Once it returns, no hook runs. */
  void (*stop)(struct ra_cc_server *s);
  void *arg;
  const char *access_key_id;        /* the requester the client signs as */
  const char *secret;
};

struct ra_clientcheck_opts {
  ra_profile profile;
  const char *const *scenarios;   /* names; NULL/0: every scenario of the
                                     profile */
  size_t scenario_count;
  unsigned timeout_s;             /* per scenario; 0: the default, or the
                                     scenario's own when larger */
  unsigned jobs;                  /* scenarios run at once; 0: 1 */
  char *const *argv;              /* COMMAND and its arguments */
  const char *fixtures_dir;       /* vectors/responses; NULL: the default */
  int strict;                     /* NON-STRICT verdicts fail */
  const struct ra_cc_server_ops *server;  /* required */
  /* Called from the calling thread after each published scenario and
   * every progress_ms (0: 250) in between; NULL: none. */
  void (*progress)(const struct ra_progress *p, void *arg);
  void *progress_arg;
  long progress_ms;
};

/* The default fixture root: $RACONFORM_SOURCE_DIR/vectors/responses (the
 * tests' override), else vectors/responses where core/datadir.h finds the
 * data (RACONFORM_DATA, installed, source tree). Borrowed. */
const char *ra_clientcheck_fixtures_dir(void);

/* Checks the scenario names against the table and the profile before
 * anything runs: RA_E_USAGE (err says which) for an unknown name or one
 * that does not apply to the profile. */
ra_code ra_clientcheck_validate(const struct ra_clientcheck_opts *opts,
                                struct ra_error *err);

/* Runs the scenarios and appends their verdicts to run. The server's
 * error when it cannot start or seed (err says why); a client that fails,
 * hangs or cannot be executed gives verdicts, not an error. */
ra_code ra_clientcheck_run(struct ra_run *run,
                           const struct ra_clientcheck_opts *opts,
                           struct ra_error *err);

#endif
