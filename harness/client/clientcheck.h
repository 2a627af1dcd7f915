/* The client examiner behind `raconform client-check` (SPEC §5, issue 6).
 *
 * For each scenario (scenario.h) it starts the reference server in-process
 * on a free loopback port with a hook that records every request and serves
 * the scenario's scripted answers, seeds a Submitted assignment, runs the
 * client COMMAND once (fork/exec, no shell, own process group, killed on
 * timeout) with the RACONFORM_* environment, and judges what the client
 * sent (examine.h) and what it reported on stdout (outcome.h: `ok`, or an
 * error whose words carry its type and/or code). Verdicts are appended to a
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

#include "client/scenario.h"
#include "core/code.h"
#include "core/error.h"
#include "proto/request.h"
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

/* Retry delay judgement: the scripted failures' delays must not all be
 * immediate (sum at least this) and each must stay bounded (boto 2's cap,
 * max_retry_delay 60 s; the AWS SDKs cap at 20 s). */
#define RA_CC_BACKOFF_MIN_TOTAL_MS 10
#define RA_CC_BACKOFF_MAX_EACH_MS 60000
/* A client that sends more requests than this in one scenario (a loop) is
 * stopped at once. */
#define RA_CC_REQUEST_LIMIT 32
/* At most this many scenarios at once (--jobs). */
#define RA_CC_MAX_JOBS 16

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
  int verbose;                    /* progress lines on stderr */
  int strict;                     /* NON-STRICT verdicts fail */
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

/* Runs the scenarios and appends their verdicts to run. RA_E_CONFIG when
 * the examiner server cannot start (err says why); a client that fails,
 * hangs or cannot be executed gives verdicts, not an error. */
ra_code ra_clientcheck_run(struct ra_run *run,
                           const struct ra_clientcheck_opts *opts,
                           struct ra_error *err);

#endif
