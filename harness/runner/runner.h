/* The engine: runs the selected cases of a catalogue for each profile
 * against a target and fills a struct ra_run.
 *
 * Jobs are catalogue x profiles (profile-major, catalogue order). A pool of
 * worker threads, each with its own transport (connections reused), runs
 * them; a case with a fixture gets its own fresh assignment, so cases never
 * share state. Transient answers (503, 429, throttling codes, reset
 * connections) are retried up to 3 times with exponential backoff (50 ms
 * base, capped at 1 s); still transient is an ERROR (inconclusive). Each
 * case has a time budget (timeout_s) and the run a global deadline (cases
 * not started by then are ERROR "global timeout").
 *
 * Verdicts are emitted in job order as soon as every earlier job has
 * finished, so the output is deterministic whatever the scheduling: each
 * is handed to the caller's events (struct ra_runner_events: tool/ wires
 * baselines, the TAP stream and the progress line to them; the runner
 * knows none of them), then appended to the run. */
#ifndef RA_RUNNER_RUNNER_H
#define RA_RUNNER_RUNNER_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/code.h"
#include "core/error.h"
#include "proto/verdict.h"
#include "runner/caseset.h"
#include "runner/record.h"
#include "runner/shard.h"
#include "runner/target.h"

#define RA_RUNNER_RETRIES 3
#define RA_RUNNER_BACKOFF_BASE_MS 50
#define RA_RUNNER_BACKOFF_CAP_MS 1000

/* How the caller follows a run. Every member may be NULL; each is called
 * from the thread that called ra_runner_run, never two at once. */
struct ra_runner_events {
  /* Once, before the first case starts: the number of jobs. */
  void (*start)(const struct ra_run *run, size_t planned, void *arg);
  /* Each verdict, complete, in job order, before it joins the run; it may
   * change it (a baseline turns a known failure into TODO). */
  void (*verdict)(struct ra_verdict *v, void *arg);
  /* Each verdict right after it joined run (n counts from 1), with the run
   * lock held (ra_run_lock(): do not take it again). What is written here
   * (the TAP line) is in step with the run an interrupt watcher, which
   * holds the same lock, writes its reports from. */
  void (*emitted)(const struct ra_run *run, size_t n,
                  const struct ra_verdict *v, void *arg);
  /* After each verdict and every progress_ms while cases run. */
  void (*progress)(const struct ra_progress *p, void *arg);
  void *arg;
};

struct ra_runner_opts {
  const struct ra_caseset *cases;
  const struct ra_selection *sel;    /* NULL: every case */
  const struct ra_shard *shard;      /* NULL: not sharded */
  struct ra_recorder *recorder;      /* run --record; NULL: none */
  const struct ra_target *target;
  unsigned profiles;                 /* RA_PROFILE_BIT set; 0: the target's */
  unsigned jobs;                     /* 0: 8 on loopback, 4 otherwise */
  double timeout_s;                  /* per case; 0: 10 */
  double global_timeout_s;           /* 0: no global deadline */
  int strict;
  const char *wire_dir;              /* <reports>/wire, or NULL: no logs */
  struct ra_clock clock;             /* signing time; NULL now_ms: system */
  unsigned multiply;                 /* run the job list N times (bench) */
  int use_get_assignment;            /* observe through GetAssignment when
                                        there is no control API */
  /* Lost wire logs (both may be NULL): how many could not be written, and
   * the first one's error (path and strerror). ra_runner_run then returns
   * RA_E_IO, so the caller can exit 2 (SPEC §5). */
  size_t *wire_lost;
  struct ra_error *wire_err;
  struct ra_runner_events events;    /* all NULL: none */
  long progress_ms;                  /* 0: 250 */
};

void ra_runner_opts_init(struct ra_runner_opts *o);

/* One request to the endpoint root. RA_E_CONNECT (refused, DNS) or
 * RA_E_CRYPTO (TLS) with why filled when the target cannot be reached;
 * RA_OK otherwise (any HTTP answer, and also a timeout: a hung endpoint is
 * judged case by case). */
ra_code ra_runner_preflight(const struct ra_target *t, long timeout_ms,
                            struct ra_buf *why);

/* A verdict's identity fields for case c in profile p: id, title, level,
 * profile, group ("<profile>.<area>"), tags, source (rejudge shares it). */
void ra_runner_verdict_identity(struct ra_verdict *v, const struct ra_case *c,
                                ra_profile p);

/* With a control fixture provider: makes one Submitted assignment of the
 * owner and reads it back. Not RA_OK (why filled, one message naming the
 * control URL) when the provider does not answer as SPEC §4 says: a
 * preflight failure (exit 3), not hundreds of case errors. RA_OK for other
 * providers. */
ra_code ra_runner_preflight_fixtures(const struct ra_target *t,
                                    long timeout_ms, struct ra_buf *why);

/* Runs everything; run's identity fields are the caller's. RA_E_IO when a
 * wire log was lost (see wire_lost), RA_OK otherwise. Wire logs hold peer
 * bytes cleaned by proto/text.h, the rule every report uses (no control
 * bytes reach a terminal that shows them). */
ra_code ra_runner_run(struct ra_run *run, const struct ra_runner_opts *opts);

#endif
