/* The client examiner (see clientcheck.h). */
#include "client/clientcheck.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "client/examine.h"
#include "client/judge.h"
#include "client/outcome.h"
#include "client/recorder.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/child.h"
#include "core/clock.h"
#include "core/datadir.h"
#include "core/version.h"

extern char **environ;

const char *ra_clientcheck_fixtures_dir(void)
{
  static char dir[4096];
  const char *src = getenv("RACONFORM_SOURCE_DIR");
  char *found = NULL;
  if(!(src && *src) && !ra_datadir_find(&found, "vectors/responses", NULL)) {
    /* the data lookup of SPEC §5, so an installed client-check works */
    snprintf(dir, sizeof(dir), "%s", found);
    ra_free(found);
    return dir;
  }
  snprintf(dir, sizeof(dir), "%s/vectors/responses",
           src && *src ? src : RA_SOURCE_DIR);
  return dir;
}

static int applies(const struct ra_cc_scenario *sc, ra_profile p)
{
  return ra_cc_scenario_script(sc, p) != NULL;
}

ra_code ra_clientcheck_validate(const struct ra_clientcheck_opts *opts,
                                struct ra_error *err)
{
  size_t i;
  for(i = 0; i < opts->scenario_count; i++) {
    const struct ra_cc_scenario *sc = ra_cc_scenario_find(opts->scenarios[i]);
    if(!sc)
      return ra_error_set(err, RA_E_USAGE, "client-check", 0, 0,
                          "unknown scenario '%s'", opts->scenarios[i]);
    if(!applies(sc, opts->profile))
      return ra_error_set(err, RA_E_USAGE, "client-check", 0, 0,
                          "scenario '%s' does not apply to profile '%s'",
                          opts->scenarios[i], ra_profile_name(opts->profile));
  }
  if(!opts->argv || !opts->argv[0])
    return ra_error_set(err, RA_E_USAGE, "client-check", 0, 0,
                        "no COMMAND given after '--'");
  return RA_OK;
}

/* ---- running the client ----------------------------------------------- */

static char *env_entry(const char *name, const char *value)
{
  struct ra_buf b;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_putf(&b, "%s=%s", name, value);
  return ra_buf_take(&b, NULL);
}

/* The parent's environment without our variables, plus ours. Built before
 * fork: the child of a threaded process must not allocate. */
static char **build_env(const char *const names[7], const char *const values[7])
{
  size_t n = 0, i, k, out = 0;
  char **env;
  while(environ[n])
    n++;
  env = ra_calloc(n + 8, sizeof(char *));
  for(i = 0; i < n; i++) {
    int ours = 0;
    for(k = 0; k < 7; k++) {
      size_t len = strlen(names[k]);
      if(!strncmp(environ[i], names[k], len) && environ[i][len] == '=')
        ours = 1;
    }
    if(!ours)
      env[out++] = ra_strdup(environ[i]);
  }
  for(k = 0; k < 7; k++)
    env[out++] = env_entry(names[k], values[k]);
  env[out] = NULL;
  return env;
}

static void free_env(char **env)
{
  size_t i;
  for(i = 0; env[i]; i++)
    ra_free(env[i]);
  ra_free(env);
}

/* The COMMAND of a scenario. Whatever goes wrong shows in cr (a pipe or
 * fork failure sets exec_failed with the reason in cr->err). A wrapper
 * script that cannot find its program exits 127 with nothing on stdout:
 * that counts as an exec failure too. */
static void run_child(struct ra_child_result *cr, char *const *argv,
                      char **env, unsigned timeout_s, const int *cancel)
{
  struct ra_child_spec spec;
  memset(&spec, 0, sizeof(spec));
  spec.argv = argv;
  spec.env = env;
  spec.timeout_ms = (long)timeout_s * 1000;
  spec.output_max = RA_CC_OUTPUT_MAX;
  spec.cancel = cancel;
  ra_child_run(cr, &spec);
  if(cr->exited && WIFEXITED(cr->status) && WEXITSTATUS(cr->status) == 127 &&
     !cr->out.len)
    cr->exec_failed = 1;
}

/* First non-empty stdout line, trimmed (a new string, raw bytes). */
static char *first_line(const struct ra_buf *out)
{
  const char *s = ra_buf_str(out);
  for(;;) {
    size_t n = strcspn(s, "\r\n");
    size_t a = 0;
    while(a < n && (s[a] == ' ' || s[a] == '\t'))
      a++;
    while(n > a && (s[n - 1] == ' ' || s[n - 1] == '\t'))
      n--;
    if(n > a)
      return ra_strndup(s + a, n - a);
    s += strcspn(s, "\r\n");
    if(!*s)
      return NULL;
    s++;
  }
}

static unsigned scenario_timeout(const struct ra_clientcheck_opts *opts,
                                 const struct ra_cc_scenario *sc)
{
  if(opts->timeout_s)
    return opts->timeout_s;
  return sc->timeout_s > RA_CLIENTCHECK_TIMEOUT_S ? sc->timeout_s
                                                  : RA_CLIENTCHECK_TIMEOUT_S;
}

/* One examination: the server, the client, what it sent and printed. */
struct exam {
  struct ra_cc_recorder *rec;
  struct ra_child_result cr;
  char *line;                 /* first stdout line, or NULL */
};

static void exam_init(struct exam *e, const struct ra_cc_script *script,
                      const struct ra_clientcheck_opts *opts)
{
  e->rec = ra_calloc(1, sizeof(*e->rec));
  ra_cc_recorder_init(e->rec, script, opts->fixtures_dir ?
                      opts->fixtures_dir : ra_clientcheck_fixtures_dir());
  ra_child_result_init(&e->cr);
  e->line = NULL;
}

static void exam_free(struct exam *e)
{
  ra_cc_recorder_free(e->rec);
  ra_free(e->rec);
  ra_child_result_free(&e->cr);
  ra_free(e->line);
}

/* Starts the server with e's recorder as its hook, seeds an assignment
 * (a new string in *assignment_id), runs COMMAND with the RACONFORM_*
 * environment and stops the server before anything is judged, so no
 * handler still writes. */
static ra_code examine_once(struct exam *e,
                            const struct ra_clientcheck_opts *opts,
                            const struct ra_cc_scenario *sc,
                            const char *feedback, char **assignment_id,
                            struct ra_error *err)
{
  const struct ra_cc_server_ops *ops = opts->server;
  struct ra_cc_server *server = NULL;
  const char *names[7] = {RA_CC_ENV_ENDPOINT, RA_CC_ENV_PROFILE,
    RA_CC_ENV_ACCESS_KEY_ID, RA_CC_ENV_SECRET, RA_CC_ENV_ASSIGNMENT_ID,
    RA_CC_ENV_FEEDBACK, RA_CC_ENV_SCENARIO};
  const char *values[7];
  char **env;
  ra_code result;

  *assignment_id = NULL;
  result = ops->start(ops->arg, opts->profile, ra_cc_recorder_hook, e->rec,
                      &server, err);
  if(result)
    return result;
  result = ops->seed(server, assignment_id);
  if(result) {
    ops->stop(server);
    return ra_error_set(err, RA_E_CONFIG, "client-check", 0, 0,
                        "cannot seed an assignment: %s", ra_strerror(result));
  }
  values[0] = ops->url(server);
  values[1] = ra_profile_name(opts->profile);
  values[2] = ops->access_key_id;
  values[3] = ops->secret;
  values[4] = *assignment_id;
  values[5] = feedback;
  values[6] = sc->name;
  env = build_env(names, values);
  run_child(&e->cr, opts->argv, env, scenario_timeout(opts, sc),
            &e->rec->cancel);
  ops->stop(server);
  free_env(env);
  e->line = first_line(&e->cr.out);
  return RA_OK;
}

/* "client-check: NAME: N requests, reported 'LINE' (T s)", the client's
 * line escaped before it reaches a terminal. */
static char *scenario_line(const struct ra_cc_scenario *sc,
                           const struct exam *e)
{
  struct ra_buf b, shown;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_init(&shown, RA_BUF_UNLIMITED);
  if(e->line)
    ra_cc_line_display(&shown, e->line);
  ra_buf_putf(&b, "client-check: %s: %zu request%s, reported '%s' (%.1f s)",
              sc->name, e->rec->seen, e->rec->seen == 1 ? "" : "s",
              ra_buf_str(&shown), e->cr.duration_ms / 1000.0);
  ra_buf_free(&shown);
  return ra_buf_take(&b, NULL);
}

/* Runs one scenario and puts its verdicts into out (private to the
 * caller's thread), and its one-line account into *line_out. */
static ra_code run_scenario(struct ra_run *out, char **line_out,
                            const struct ra_clientcheck_opts *opts,
                            const struct ra_cc_scenario *sc,
                            struct ra_error *err)
{
  const struct ra_cc_script *script = ra_cc_scenario_script(sc, opts->profile);
  struct ra_cc_gaps gaps[RA_CC_BACKOFF_EXAMINATIONS];
  struct exam first;
  struct ra_cc_judge j;
  struct ra_cc_observed o;
  struct ra_examine_input in;
  struct ra_buf answers;
  char *assignment_id = NULL;
  size_t feedback_len = 0, n = 1;
  char *feedback = ra_cc_feedback_make(sc->feedback, &feedback_len);
  ra_code result;

  ra_buf_init(&answers, RA_BUF_UNLIMITED);
  exam_init(&first, script, opts);
  result = examine_once(&first, opts, sc, feedback, &assignment_id, err);
  if(result)
    goto done;
  /* Retries that look immediate may be jitter's near-zero draw: examined
   * again, judged on all (judge.h, "Backoff"). */
  ra_cc_gaps_measure(&gaps[0], sc, first.rec->reqs, first.rec->count);
  while(ra_cc_gaps_immediate(gaps, n) && n < RA_CC_BACKOFF_EXAMINATIONS) {
    struct exam e;
    char *id = NULL;
    exam_init(&e, script, opts);
    result = examine_once(&e, opts, sc, feedback, &id, err);
    if(!result)
      ra_cc_gaps_measure(&gaps[n++], sc, e.rec->reqs, e.rec->count);
    exam_free(&e);
    ra_free(id);
    if(result)
      goto done;
  }

  ra_cc_recorder_describe(&answers, first.rec);
  memset(&j, 0, sizeof(j));
  j.out = out;
  j.strict = opts->strict;
  j.sc = sc;
  j.script = script;
  j.profile = opts->profile;
  j.duration_ms = first.cr.duration_ms;
  j.answers_text = ra_buf_str(&answers);

  memset(&o, 0, sizeof(o));
  o.reqs = first.rec->reqs;
  o.count = first.rec->count;
  o.seen = first.rec->seen;
  o.child = &first.cr;
  o.line = first.line;
  o.again = gaps + 1;
  o.again_count = n - 1;

  memset(&in, 0, sizeof(in));
  in.profile = opts->profile;
  in.access_key_id = opts->server->access_key_id;
  in.secret = opts->server->secret;
  in.assignment_id = assignment_id;
  in.feedback = feedback;
  in.feedback_len = feedback_len;
  {
    struct ra_clock sys = ra_clock_system();
    in.now_ms = ra_clock_now_ms(&sys);
  }
  ra_cc_judge_all(&j, &o, &in);
  *line_out = scenario_line(sc, &first);
done:
  exam_free(&first);
  ra_buf_free(&answers);
  ra_free(assignment_id);
  ra_free(feedback);
  return result;
}

/* ---- running the scenarios, several at once ----------------------------- */

struct job {
  const struct ra_cc_scenario *sc;
  struct ra_run out;          /* its verdicts until published */
  char *line;                 /* its one-line account */
  struct ra_error err;
  ra_code result;
  int64_t started_ms;         /* monotonic; 0: not taken yet */
  int done;
};

struct pool {
  pthread_mutex_t lock;
  pthread_cond_t cond;
  const struct ra_clientcheck_opts *opts;
  struct job *jobs;
  size_t count;
  size_t next;                /* first job not yet taken */
  int stop;                   /* a job failed: take no more */
};

static void *worker(void *arg)
{
  struct pool *p = arg;
  for(;;) {
    struct job *j;
    pthread_mutex_lock(&p->lock);
    if(p->stop || p->next >= p->count) {
      pthread_mutex_unlock(&p->lock);
      return NULL;
    }
    j = &p->jobs[p->next++];
    j->started_ms = ra_clock_monotonic_ms();
    pthread_mutex_unlock(&p->lock);
    ra_error_clear(&j->err);
    j->result = run_scenario(&j->out, &j->line, p->opts, j->sc, &j->err);
    pthread_mutex_lock(&p->lock);
    j->done = 1;
    if(j->result)
      p->stop = 1;
    pthread_cond_broadcast(&p->cond);
    pthread_mutex_unlock(&p->lock);
  }
}

/* Moves a finished job's verdicts into the shared run, each one whole;
 * returns how many failed. */
static size_t publish(struct ra_run *run, struct job *j)
{
  size_t i, failures = 0;
  for(i = 0; i < j->out.count; i++) {
    failures += j->out.verdicts[i].status == RA_STATUS_FAIL ||
                j->out.verdicts[i].status == RA_STATUS_ERROR;
    ra_run_append(run, &j->out.verdicts[i]);
  }
  return failures;
}

/* Gives the progress callback where the run stands; p->lock held. */
static void report_progress(const struct pool *p, size_t done,
                            size_t failures, int64_t t0,
                            const char *finished)
{
  struct ra_progress pr;
  int64_t now = ra_clock_monotonic_ms();
  size_t i;
  ra_progress_start(&pr, done, p->count, failures, now - t0);
  pr.finished = finished;
  for(i = 0; i < p->next && i < p->count; i++) {
    const struct job *j = &p->jobs[i];
    if(!j->done && j->started_ms)
      ra_progress_running(&pr, j->sc->name,
                          ra_profile_name(p->opts->profile),
                          now - j->started_ms);
  }
  p->opts->progress(&pr, p->opts->progress_arg);
}

/* The jobs of the selection, in scenario order; *n_out how many. */
static struct job *make_jobs(const struct ra_clientcheck_opts *opts,
                             size_t *n_out)
{
  size_t count, i, n = 0;
  const struct ra_cc_scenario *all = ra_cc_scenarios(&count);
  struct job *jobs = ra_calloc(count + opts->scenario_count + 1,
                               sizeof(*jobs));
  if(opts->scenario_count) {
    for(i = 0; i < opts->scenario_count; i++)
      jobs[n++].sc = ra_cc_scenario_find(opts->scenarios[i]);
  }
  else {
    for(i = 0; i < count; i++) {
      if(applies(&all[i], opts->profile))
        jobs[n++].sc = &all[i];
    }
  }
  for(i = 0; i < n; i++)
    ra_run_init(&jobs[i].out);
  *n_out = n;
  return jobs;
}

ra_code ra_clientcheck_run(struct ra_run *run,
                           const struct ra_clientcheck_opts *opts,
                           struct ra_error *err)
{
  size_t i, n, threads, failures = 0;
  pthread_t tid[RA_CC_MAX_JOBS];
  long progress_ms = opts->progress_ms > 0 ? opts->progress_ms : 250;
  int64_t t0 = ra_clock_monotonic_ms();
  struct pool p;
  ra_code result = ra_clientcheck_validate(opts, err);
  if(result)
    return result;
  if(!opts->server)
    return ra_error_set(err, RA_E_INVALID, "client-check", 0, 0,
                        "no server to examine clients with");
  memset(&p, 0, sizeof(p));
  p.opts = opts;
  p.jobs = make_jobs(opts, &n);
  p.count = n;
  pthread_mutex_init(&p.lock, NULL);
  pthread_cond_init(&p.cond, NULL);
  threads = opts->jobs ? opts->jobs : 1;
  if(threads > RA_CC_MAX_JOBS)
    threads = RA_CC_MAX_JOBS;
  if(threads > n)
    threads = n;
  for(i = 0; i < threads; i++) {
    if(pthread_create(&tid[i], NULL, worker, &p))
      break;
  }
  threads = i;
  if(!threads)
    worker(&p);                 /* no thread could start: run them here */

  /* Publish in scenario order as the jobs finish; stop at the first that
   * could not run (the examiner server did not start). */
  for(i = 0; i < n; i++) {
    pthread_mutex_lock(&p.lock);
    while(!p.jobs[i].done && !(p.stop && i >= p.next)) {
      if(!opts->progress) {
        pthread_cond_wait(&p.cond, &p.lock);
        continue;
      }
      report_progress(&p, i, failures, t0, NULL);
      (void)ra_clock_cond_wait_ms(&p.cond, &p.lock, progress_ms);
    }
    pthread_mutex_unlock(&p.lock);
    if(!p.jobs[i].done)
      break;
    if(p.jobs[i].result) {
      result = p.jobs[i].result;
      *err = p.jobs[i].err;
      break;
    }
    failures += publish(run, &p.jobs[i]);
    if(opts->progress) {
      pthread_mutex_lock(&p.lock);
      report_progress(&p, i + 1, failures, t0, p.jobs[i].line);
      pthread_mutex_unlock(&p.lock);
    }
  }
  pthread_mutex_lock(&p.lock);
  p.stop = 1;
  pthread_mutex_unlock(&p.lock);
  for(i = 0; i < threads; i++)
    pthread_join(tid[i], NULL);
  for(i = 0; i < n; i++) {
    ra_run_free(&p.jobs[i].out);
    ra_free(p.jobs[i].line);
  }
  ra_free(p.jobs);
  pthread_cond_destroy(&p.cond);
  pthread_mutex_destroy(&p.lock);
  return result;
}
