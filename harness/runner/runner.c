/* The engine: jobs, worker pool, ordered emission, progress; one case's
 * run is runner/casework.c. */
#include "runner/runner.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "core/path.h"
#include "proto/url.h"
#include "runner/casedesc.h"
#include "runner/casework.h"
#include "runner/fixture.h"
#include "runner/transport.h"

struct job {
  const struct ra_case *c;
  ra_profile profile;
};

struct engine {
  const struct ra_runner_opts *opts;
  struct ra_run *run;
  struct job *jobs;
  size_t njobs;
  struct ra_verdict *verdicts;
  unsigned char *done;
  int64_t *started;             /* monotonic ms a job started; 0: not yet */
  int64_t t0;                   /* monotonic ms the run started */
  size_t next;                  /* next job to start */
  pthread_mutex_t lock;
  pthread_cond_t cond;
  struct ra_casework_env env;   /* what every case shares */
};

/* What one worker carries from request to request. */
struct worker {
  struct engine *e;
  struct ra_transport *tr;
};

void ra_runner_opts_init(struct ra_runner_opts *o)
{
  memset(o, 0, sizeof(*o));
}

ra_code ra_runner_preflight(const struct ra_target *t, long timeout_ms,
                            struct ra_buf *why)
{
  struct ra_transport_opts o;
  struct ra_transport *tr;
  struct ra_http_response resp;
  struct ra_buf root;
  struct ra_url u;
  char *hostport;
  ra_code result = RA_OK;

  ra_url_init(&u);
  if(ra_url_parse(&u, t->endpoint, 0)) {
    ra_buf_putf(why, "endpoint '%s' is not a URL",
                t->endpoint ? t->endpoint : "");
    return RA_E_CONNECT;
  }
  /* the root of the endpoint's origin */
  ra_buf_init(&root, RA_BUF_UNLIMITED);
  hostport = ra_url_hostport(&u);
  ra_buf_putf(&root, "%s://%s/", u.scheme, hostport);
  ra_free(hostport);
  ra_url_free(&u);
  memset(&o, 0, sizeof(o));
  o.timeout_ms = timeout_ms;
  o.ca_file = t->ca_file;
  o.insecure = t->insecure;
  if(ra_transport_create(&tr, &o)) {
    ra_buf_free(&root);
    return RA_E_INTERNAL;
  }
  ra_transport_simple(tr, "GET", ra_buf_str(&root), NULL, NULL, 0, &resp);
  if(resp.error == RA_XFER_CONNECT) {
    ra_buf_putf(why, "target unreachable: %s: %s", ra_buf_str(&root),
                resp.error_text);
    result = RA_E_CONNECT;
  }
  else if(resp.error == RA_XFER_TLS) {
    ra_buf_putf(why, "preflight failed: TLS: %s", resp.error_text);
    result = RA_E_CRYPTO;
  }
  ra_http_response_free(&resp);
  ra_buf_free(&root);
  ra_transport_free(tr);
  return result;
}

ra_code ra_runner_preflight_fixtures(const struct ra_target *t,
                                    long timeout_ms, struct ra_buf *why)
{
  struct ra_transport_opts o;
  struct ra_transport *tr = NULL;
  struct ra_fixture *f = NULL;
  struct ra_observation obs;
  struct ra_buf detail;
  char *id = NULL;
  ra_code result = RA_OK;

  if(t->provider != RA_PROVIDER_CONTROL)
    return RA_OK;
  ra_observation_init(&obs);
  ra_buf_init(&detail, RA_BUF_UNLIMITED);
  memset(&o, 0, sizeof(o));
  o.timeout_ms = timeout_ms;
  o.ca_file = t->ca_file;
  o.insecure = t->insecure;
  result = ra_transport_create(&tr, &o);
  if(!result)
    result = ra_fixture_create(&f, t, ra_clock_system(), 0);
  if(result)
    goto done;
  /* One Submitted assignment of the owner, read back: the two calls every
   * stateful case makes. */
  result = ra_fixture_acquire(f, tr, RA_FIXTURE_SUBMITTED,
                              RA_REQUESTER_OWNER, &id, &detail);
  if(result) {
    ra_buf_putf(why, "fixture provider preflight failed: POST %sassignments "
                "did not answer as the control API contract says (SPEC "
                "section 4): %s", t->control_url, ra_buf_str(&detail));
    goto done;
  }
  result = ra_fixture_observe(f, tr, RA_PROFILE_JSON, id, &obs, &detail);
  if(!result && (!obs.status || strcmp(obs.status, "Submitted"))) {
    ra_buf_putf(&detail, "the new assignment reads as '%s', not Submitted",
                obs.status ? obs.status : "(no status)");
    result = RA_E_PROTOCOL;
  }
  if(result)
    ra_buf_putf(why, "fixture provider preflight failed: GET %sassignments/"
                "%s did not answer as the control API contract says (SPEC "
                "section 4): %s", t->control_url, id, ra_buf_str(&detail));
done:
  ra_free(id);
  ra_observation_free(&obs);
  ra_buf_free(&detail);
  ra_fixture_free(f);
  ra_transport_free(tr);
  return result;
}

static unsigned profiles_of(const struct ra_runner_opts *o)
{
  unsigned bits = o->profiles ? o->profiles : RA_PROFILE_ALL;
  if(o->target && o->target->profiles)
    bits &= o->target->profiles;
  return bits;
}

static size_t build_jobs(const struct ra_runner_opts *o, struct job **out)
{
  unsigned bits = profiles_of(o);
  unsigned times = o->multiply ? o->multiply : 1;
  size_t n = 0, cap = 0;
  unsigned k;
  int p;
  struct job *jobs = NULL;
  for(k = 0; k < times; k++) {
    for(p = 0; p < RA_PROFILE_COUNT; p++) {
      size_t i;
      if(!(bits & RA_PROFILE_BIT(p)))
        continue;
      for(i = 0; i < o->cases->count; i++) {
        const struct ra_case *c = o->cases->cases[i];
        if(!(c->profiles & RA_PROFILE_BIT(p)))
          continue;
        if(o->sel && !ra_selection_match(o->sel, c))
          continue;
        if(o->shard && !ra_shard_has(o->shard, c->id))
          continue;
        if(n == cap) {
          cap = cap ? cap * 2 : 64;
          jobs = ra_realloc(jobs, cap * sizeof(*jobs));
        }
        jobs[n].c = c;
        jobs[n].profile = (ra_profile)p;
        n++;
      }
    }
  }
  *out = jobs;
  return n;
}

void ra_runner_verdict_identity(struct ra_verdict *v, const struct ra_case *c,
                                ra_profile p)
{
  struct ra_buf b;
  size_t i;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_verdict_set(&v->case_id, c->id);
  ra_verdict_set(&v->title, c->title);
  ra_verdict_set(&v->level, ra_level_name(c->level));
  ra_verdict_set(&v->profile, ra_target_profile_name(p));
  ra_buf_putf(&b, "%s.%s", ra_target_profile_name(p), c->area);
  ra_verdict_set(&v->group, ra_buf_str(&b));
  ra_buf_reset(&b);
  for(i = 0; i < c->ntags; i++)
    ra_buf_putf(&b, "%s%s", i ? "," : "", c->tags[i]);
  ra_verdict_set(&v->tags, ra_buf_str(&b));
  ra_buf_reset(&b);
  if(!ra_case_describe_source(&b, c))
    ra_verdict_set(&v->source, ra_buf_str(&b));
  ra_buf_free(&b);
}

static void *worker_main(void *arg)
{
  struct worker *w = arg;
  struct engine *e = w->e;
  for(;;) {
    size_t idx;
    pthread_mutex_lock(&e->lock);
    idx = e->next++;
    if(idx < e->njobs)
      e->started[idx] = ra_clock_monotonic_ms();
    pthread_mutex_unlock(&e->lock);
    if(idx >= e->njobs)
      break;
    ra_casework_run(&e->env, w->tr, e->jobs[idx].c, e->jobs[idx].profile,
                    &e->verdicts[idx]);
    pthread_mutex_lock(&e->lock);
    e->done[idx] = 1;
    pthread_cond_broadcast(&e->cond);
    pthread_mutex_unlock(&e->lock);
  }
  return NULL;
}

/* e->lock held: jobs and their start times are read under it. */
static void report_progress(struct engine *e, size_t emitted,
                            size_t failures)
{
  struct ra_progress p;
  int64_t now = ra_clock_monotonic_ms();
  size_t i;
  ra_progress_start(&p, emitted, e->njobs, failures, now - e->t0);
  for(i = emitted; i < e->next && i < e->njobs; i++) {
    if(!e->done[i] && e->started[i])
      ra_progress_running(&p, e->jobs[i].c->id,
                          ra_target_profile_name(e->jobs[i].profile),
                          now - e->started[i]);
  }
  e->opts->events.progress(&p, e->opts->events.arg);
}

static void engine_init(struct engine *e, struct ra_run *run,
                        const struct ra_runner_opts *opts)
{
  memset(e, 0, sizeof(*e));
  e->opts = opts;
  e->run = run;
  e->t0 = ra_clock_monotonic_ms();
  e->njobs = build_jobs(opts, &e->jobs);
  e->verdicts = ra_calloc(e->njobs + 1, sizeof(*e->verdicts));
  e->done = ra_calloc(e->njobs + 1, 1);
  e->started = ra_calloc(e->njobs + 1, sizeof(*e->started));
  e->env.opts = opts;
  e->env.timeout_ms = (long)((opts->timeout_s > 0 ? opts->timeout_s : 10) *
                             1000);
  if(opts->global_timeout_s > 0)
    e->env.global_deadline = ra_clock_monotonic_ms() +
      (int64_t)(opts->global_timeout_s * 1000);
  pthread_mutex_init(&e->lock, NULL);
  pthread_cond_init(&e->cond, NULL);
  pthread_mutex_init(&e->env.wire_lock, NULL);
  ra_fixture_create(&e->env.fixture, opts->target, opts->clock,
                    opts->use_get_assignment);
  if(opts->wire_dir)
    ra_path_mkdirs(opts->wire_dir);
}

static void engine_free(struct engine *e)
{
  size_t i;
  for(i = 0; i < e->njobs; i++)
    ra_verdict_free(&e->verdicts[i]);
  ra_fixture_free(e->env.fixture);
  pthread_mutex_destroy(&e->lock);
  pthread_cond_destroy(&e->cond);
  pthread_mutex_destroy(&e->env.wire_lock);
  ra_free(e->verdicts);
  ra_free(e->done);
  ra_free(e->started);
  ra_free(e->jobs);
}

/* Starts up to nworkers workers, each with its own transport; returns how
 * many started (the first ones of workers[] and threads[]). A worker
 * without its transport or thread is left out. */
static unsigned start_workers(struct engine *e, struct worker *workers,
                              pthread_t *threads, unsigned nworkers)
{
  const struct ra_target *t = e->opts->target;
  struct ra_transport_opts to;
  unsigned i, started = 0;
  memset(&to, 0, sizeof(to));
  to.timeout_ms = e->env.timeout_ms;
  to.ca_file = t->ca_file;
  to.insecure = t->insecure;
  for(i = 0; i < nworkers; i++) {
    workers[started].e = e;
    if(ra_transport_create(&workers[started].tr, &to))
      continue;
    if(!pthread_create(&threads[started], NULL, worker_main,
                       &workers[started]))
      started++;
    else {
      ra_transport_free(workers[started].tr);
      workers[started].tr = NULL;
    }
  }
  if(!started) {
    /* No worker: every case is an error, so the emitting loop ends
     * instead of waiting for verdicts nobody will make. */
    size_t k;
    for(k = 0; k < e->njobs; k++) {
      ra_runner_verdict_identity(&e->verdicts[k], e->jobs[k].c,
                                 e->jobs[k].profile);
      ra_casework_error(&e->verdicts[k], "internal", "no worker thread or "
                        "transport could be started");
      e->done[k] = 1;
    }
  }
  return started;
}

/* Hands verdict `emitted` to the caller's events and moves it into the
 * run (e->lock not held); returns its final status. */
static ra_status emit_one(struct engine *e, size_t emitted)
{
  const struct ra_runner_events *ev = &e->opts->events;
  struct ra_verdict *v = &e->verdicts[emitted];
  struct ra_verdict *slot;
  ra_status st;
  if(ev->verdict)
    ev->verdict(v, ev->arg);
  /* In the run and on the caller's stream under one lock: a case shown
   * in the TAP stream is always in the reports a killed run leaves
   * behind, and every case in them is on the stream. */
  ra_run_lock();
  slot = ra_run_add(e->run);
  *slot = *v;
  ra_verdict_init(v);
  st = slot->status;
  if(ev->emitted)
    ev->emitted(e->run, emitted + 1, slot, ev->arg);
  ra_run_unlock();
  return st;
}

/* Emits in job order as soon as the prefix is complete, until every job
 * is emitted. */
static void emit_all(struct engine *e)
{
  const struct ra_runner_opts *opts = e->opts;
  long progress_ms = opts->progress_ms > 0 ? opts->progress_ms : 250;
  size_t emitted = 0, failures = 0;
  pthread_mutex_lock(&e->lock);
  while(emitted < e->njobs) {
    while(emitted < e->njobs && !e->done[emitted]) {
      if(!opts->events.progress) {
        pthread_cond_wait(&e->cond, &e->lock);
        continue;
      }
      if(ra_clock_cond_wait_ms(&e->cond, &e->lock, progress_ms))
        report_progress(e, emitted, failures);
    }
    while(emitted < e->njobs && e->done[emitted]) {
      ra_status st;
      pthread_mutex_unlock(&e->lock);
      st = emit_one(e, emitted);
      if(st == RA_STATUS_FAIL || st == RA_STATUS_ERROR)
        failures++;
      pthread_mutex_lock(&e->lock);
      emitted++;
      if(opts->events.progress)
        report_progress(e, emitted, failures);
    }
  }
  pthread_mutex_unlock(&e->lock);
}

ra_code ra_runner_run(struct ra_run *run, const struct ra_runner_opts *opts)
{
  struct engine e;
  struct worker *workers;
  pthread_t *threads;
  unsigned nworkers, started, i;
  size_t lost;

  engine_init(&e, run, opts);
  nworkers = opts->jobs ? opts->jobs :
    (opts->target->endpoint_class == RA_ENDPOINT_LOOPBACK ? 8 : 4);
  if(nworkers > e.njobs)
    nworkers = e.njobs ? (unsigned)e.njobs : 1;
  workers = ra_calloc(nworkers, sizeof(*workers));
  threads = ra_calloc(nworkers, sizeof(*threads));
  if(opts->events.start)
    opts->events.start(run, e.njobs, opts->events.arg);
  started = start_workers(&e, workers, threads, nworkers);
  emit_all(&e);
  for(i = 0; i < started; i++)
    pthread_join(threads[i], NULL);
  for(i = 0; i < nworkers; i++)
    ra_transport_free(workers[i].tr);
  ra_free(workers);
  ra_free(threads);
  lost = e.env.wire_lost;
  if(opts->wire_lost)
    *opts->wire_lost = lost;
  engine_free(&e);
  return lost ? RA_E_IO : RA_OK;
}
