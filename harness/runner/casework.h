/* One case run, as the engine (runner.h) hands each job to a worker: the
 * fixture, the setup steps, the repeats, the judged request or its
 * concurrent copies, retries on transient answers within the case's time
 * budget, the case's wire log and its recording. Nothing here is shared
 * between cases but the struct ra_casework_env, which the engine owns. */
#ifndef RA_RUNNER_CASEWORK_H
#define RA_RUNNER_CASEWORK_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "proto/verdict.h"
#include "runner/casefile.h"
#include "runner/fixture.h"
#include "runner/runner.h"
#include "runner/transport.h"

/* What every case of a run shares (the engine's; borrowed here). */
struct ra_casework_env {
  const struct ra_runner_opts *opts;
  struct ra_fixture *fixture;
  int64_t global_deadline;      /* monotonic ms; 0: none */
  long timeout_ms;              /* one case's budget */
  pthread_mutex_t wire_lock;    /* concurrent copies share a case's log;
                                   also guards wire_lost */
  size_t wire_lost;             /* wire logs that could not be written */
};

/* Runs case c in profile p over the worker's transport tr and fills v
 * (identity, status, grade, texts, duration). Writes the case's wire log
 * when opts->wire_dir is set (a lost one counted in env->wire_lost, the
 * first error in opts->wire_err) and records the case when
 * opts->recorder is set. */
void ra_casework_run(struct ra_casework_env *env, struct ra_transport *tr,
                     const struct ra_case *c, ra_profile p,
                     struct ra_verdict *v);

/* v becomes an ERROR (inconclusive) of that kind with that reason. */
void ra_casework_error(struct ra_verdict *v, const char *kind,
                       const char *reason);

#endif
