/* The engine: worker pool, fixtures, retries, deadlines, ordered emission. */
#include "runner/runner.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/alloc.h"
#include "core/outfile.h"
#include "core/path.h"
#include "proto/url.h"
#include "report/report_tap.h"
#include "report/report_text.h"
#include "runner/casedesc.h"
#include "runner/exec.h"
#include "runner/fixture.h"
#include "runner/judge.h"
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
  size_t next;                  /* next job to start */
  pthread_mutex_t lock;
  pthread_cond_t cond;
  pthread_mutex_t wire_lock;    /* concurrent copies share a case's log;
                                   also guards wire_lost */
  size_t wire_lost;
  struct ra_fixture *fixture;
  int64_t global_deadline;      /* monotonic ms; 0: none */
  long timeout_ms;
};

/* What one worker carries from request to request. */
struct worker {
  struct engine *e;
  struct ra_transport *tr;
};

/* Everything about one case being run. */
struct casework {
  struct worker *w;
  const struct ra_case *c;
  ra_profile p;
  int64_t deadline;             /* monotonic ms */
  char *assignment;
  struct ra_buf wire;
  int exchanges;
  int recorded;                 /* handed to opts->recorder */
};

void ra_runner_opts_init(struct ra_runner_opts *o)
{
  memset(o, 0, sizeof(*o));
  o->tap_version = 13;
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
    ra_buf_addf(why, "endpoint '%s' is not a URL",
                t->endpoint ? t->endpoint : "");
    return RA_E_CONNECT;
  }
  /* the root of the endpoint's origin */
  ra_buf_init(&root, RA_BUF_UNLIMITED);
  hostport = ra_url_hostport(&u);
  ra_buf_addf(&root, "%s://%s/", u.scheme, hostport);
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
    ra_buf_addf(why, "target unreachable: %s: %s", ra_buf_str(&root),
                resp.error_text);
    result = RA_E_CONNECT;
  }
  else if(resp.error == RA_XFER_TLS) {
    ra_buf_addf(why, "preflight failed: TLS: %s", resp.error_text);
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
    ra_buf_addf(why, "fixture provider preflight failed: POST %sassignments "
                "did not answer as the control API contract says (SPEC "
                "section 4): %s", t->control_url, ra_buf_str(&detail));
    goto done;
  }
  result = ra_fixture_observe(f, tr, RA_PROFILE_JSON, id, &obs, &detail);
  if(!result && (!obs.status || strcmp(obs.status, "Submitted"))) {
    ra_buf_addf(&detail, "the new assignment reads as '%s', not Submitted",
                obs.status ? obs.status : "(no status)");
    result = RA_E_PROTOCOL;
  }
  if(result)
    ra_buf_addf(why, "fixture provider preflight failed: GET %sassignments/"
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

/* --- one case ------------------------------------------------------------- */

static long remaining_ms(const struct casework *cw)
{
  int64_t now = ra_clock_monotonic_ms();
  int64_t end = cw->deadline;
  if(cw->w->e->global_deadline && cw->w->e->global_deadline < end)
    end = cw->w->e->global_deadline;
  return (long)(end - now);
}

/* Peer bytes go through the reports' one cleaning rule before they reach
 * the log: no ESC/BEL (or other C0/C1 control) survives to a terminal. */
static void wire_add(struct ra_buf *wire, char *text)
{
  char *clean = ra_report_text_clean(text, RA_TEXT_KEEP_NEWLINES |
                                     RA_TEXT_KEEP_TABS);
  ra_buf_adds(wire, clean);
  ra_free(clean);
  ra_free(text);
}

static void wire_log(struct casework *cw, const char *label,
                     const struct ra_exec_out *sent,
                     const struct ra_http_response *resp)
{
  if(!cw->w->e->opts->wire_dir)
    return;
  pthread_mutex_lock(&cw->w->e->wire_lock);
  cw->exchanges++;
  ra_buf_addf(&cw->wire, "=== %d: %s ===\n", cw->exchanges, label);
  wire_add(&cw->wire, ra_judge_request_text(sent, 16384));
  ra_buf_adds(&cw->wire, "\n--- answer ---\n");
  wire_add(&cw->wire, ra_judge_response_text(resp, sent, 16384));
  ra_buf_adds(&cw->wire, "\n\n");
  pthread_mutex_unlock(&cw->w->e->wire_lock);
}

static void wire_write(struct casework *cw)
{
  struct engine *e = cw->w->e;
  const struct ra_runner_opts *o = e->opts;
  struct ra_buf path;
  struct ra_error err = RA_ERROR_INIT;
  if(!o->wire_dir || !cw->exchanges)
    return;
  ra_buf_init(&path, RA_BUF_UNLIMITED);
  ra_buf_addf(&path, "%s/%s", o->wire_dir, ra_target_profile_name(cw->p));
  ra_path_mkdirs(ra_buf_str(&path));
  ra_buf_addf(&path, "/%s.txt", cw->c->id);
  if(ra_outfile_write(ra_buf_str(&path), cw->wire.ptr, cw->wire.len, &err)) {
    pthread_mutex_lock(&e->wire_lock);
    if(!e->wire_lost++ && o->wire_err)
      *o->wire_err = err;
    pthread_mutex_unlock(&e->wire_lock);
  }
  ra_buf_free(&path);
}

/* Sends with retries on transient answers. Returns 0 when an answer (or a
 * definitive transport failure) is in resp; 1 when it stayed transient
 * (resp holds the last answer); 2 when the time budget is spent. */
static int send_retry(struct casework *cw, struct ra_transport *tr,
                      const struct ra_exec_out *sent, const char *label,
                      struct ra_http_response *resp)
{
  const char *base = cw->w->e->opts->target->endpoint;
  int attempt;
  for(attempt = 0;; attempt++) {
    struct ra_answer answer;
    long left = remaining_ms(cw);
    int transient;
    if(left <= 0)
      return 2;
    ra_transport_set_timeout(tr, left);
    ra_transport_send(tr, base, &sent->req, resp);
    wire_log(cw, label, sent, resp);
    ra_judge_parse(&answer, cw->p, resp);
    transient = ra_judge_is_transient(resp, resp->error == RA_XFER_OK ?
                                      &answer : NULL);
    ra_answer_free(&answer);
    if(!transient)
      return 0;
    if(attempt >= RA_RUNNER_RETRIES)
      return 1;
    {
      long backoff = RA_RUNNER_BACKOFF_BASE_MS << attempt;
      if(backoff > RA_RUNNER_BACKOFF_CAP_MS)
        backoff = RA_RUNNER_BACKOFF_CAP_MS;
      if(backoff >= remaining_ms(cw))
        return 1;
      ra_clock_sleep_ms(backoff);
    }
    ra_http_response_free(resp);
  }
}

static ra_answer_kind answer_kind(const struct casework *cw,
                                  const struct ra_http_response *resp,
                                  struct ra_buf *key)
{
  struct ra_answer answer;
  ra_answer_kind kind;
  ra_judge_parse(&answer, cw->p, resp);
  kind = answer.kind;
  if(key)
    ra_judge_observed_key(key, resp, &answer);
  ra_answer_free(&answer);
  return kind;
}

static void set_error(struct ra_verdict *v, const char *kind,
                      const char *reason)
{
  v->status = RA_STATUS_ERROR;
  ra_verdict_set(&v->error_kind, kind);
  ra_verdict_set(&v->reason, reason);
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
  ra_buf_addf(&b, "%s.%s", ra_target_profile_name(p), c->area);
  ra_verdict_set(&v->group, ra_buf_str(&b));
  ra_buf_reset(&b);
  for(i = 0; i < c->ntags; i++)
    ra_buf_addf(&b, "%s%s", i ? "," : "", c->tags[i]);
  ra_verdict_set(&v->tags, ra_buf_str(&b));
  ra_buf_reset(&b);
  if(!ra_case_describe_source(&b, c))
    ra_verdict_set(&v->source, ra_buf_str(&b));
  ra_buf_free(&b);
}

static int build(struct casework *cw, const struct ra_case_request *r,
                 struct ra_exec_out *out, struct ra_verdict *v,
                 const char *what)
{
  struct ra_exec_ctx ctx;
  struct ra_buf why;
  ra_code result;
  memset(&ctx, 0, sizeof(ctx));
  ctx.target = cw->w->e->opts->target;
  ctx.clock = cw->w->e->opts->clock;
  ctx.assignment_id = cw->assignment;
  ra_buf_init(&why, RA_BUF_UNLIMITED);
  ra_exec_out_init(out);
  result = ra_exec_build(out, r, cw->p, &ctx, &why);
  if(result) {
    struct ra_buf msg;
    ra_buf_init(&msg, RA_BUF_UNLIMITED);
    ra_buf_addf(&msg, "%s: %s", what, ra_buf_str(&why));
    if(result == RA_E_UNSUPPORTED || result == RA_E_CONFIG) {
      v->status = RA_STATUS_SKIP;
      ra_verdict_set(&v->reason, ra_buf_str(&msg));
    }
    else
      set_error(v, "harness", ra_buf_str(&msg));
    ra_buf_free(&msg);
  }
  ra_buf_free(&why);
  return result != RA_OK;
}

/* Concurrent copies: each thread sends one with its own transport. */
struct copy {
  struct casework *cw;
  struct ra_exec_out sent;
  struct ra_http_response resp;
  struct ra_transport *tr;
  pthread_barrier_t *barrier;
  int transient;
};

static void *copy_main(void *arg)
{
  struct copy *cp = arg;
  pthread_barrier_wait(cp->barrier);
  cp->transient = send_retry(cp->cw, cp->tr, &cp->sent, "concurrent copy",
                             &cp->resp);
  return NULL;
}

static void run_concurrent(struct casework *cw, struct ra_verdict *v,
                           const struct ra_observation *before, int check_post,
                           const char *observe_why)
{
  struct engine *e = cw->w->e;
  const struct ra_case *c = cw->c;
  unsigned n = c->request.concurrent;
  struct copy *copies = ra_calloc(n, sizeof(*copies));
  pthread_t *th = ra_calloc(n, sizeof(*th));
  pthread_barrier_t barrier;
  struct ra_transport_opts to;
  unsigned i, built = 0, winners = 0;
  int judged = -1;
  struct ra_judge_in in;
  struct ra_observation after;
  struct ra_buf why, key;

  ra_buf_init(&why, RA_BUF_UNLIMITED);
  ra_buf_init(&key, RA_BUF_UNLIMITED);
  ra_observation_init(&after);
  memset(&to, 0, sizeof(to));
  to.timeout_ms = e->timeout_ms;
  to.ca_file = e->opts->target->ca_file;
  to.insecure = e->opts->target->insecure;
  for(i = 0; i < n; i++) {
    copies[i].cw = cw;
    if(build(cw, &c->request, &copies[i].sent, v, "request"))
      break;
    ra_http_response_init(&copies[i].resp);
    if(ra_transport_create(&copies[i].tr, &to)) {
      ra_exec_out_free(&copies[i].sent);
      set_error(v, "internal", "no transport for a concurrent copy");
      break;
    }
    built++;
  }
  if(built == n) {
    pthread_barrier_init(&barrier, NULL, n);
    for(i = 0; i < n; i++) {
      copies[i].barrier = &barrier;
      pthread_create(&th[i], NULL, copy_main, &copies[i]);
    }
    for(i = 0; i < n; i++)
      pthread_join(th[i], NULL);
    pthread_barrier_destroy(&barrier);

    for(i = 0; i < n; i++) {
      if(answer_kind(cw, &copies[i].resp, NULL) == RA_ANSWER_SUCCESS)
        winners++;
    }
    /* Judge the losers: the first one that does not match, else the first
     * loser (with no loser at all, the first copy). */
    for(i = 0; i < n && judged < 0; i++) {
      struct ra_answer a;
      ra_judge_parse(&a, cw->p, &copies[i].resp);
      if(a.kind != RA_ANSWER_SUCCESS &&
         ra_judge_match(&c->expect[cw->p], &a, e->opts->target) < 0)
        judged = (int)i;
      ra_answer_free(&a);
    }
    if(judged < 0) {
      for(i = 0; i < n && judged < 0; i++)
        if(answer_kind(cw, &copies[i].resp, NULL) != RA_ANSWER_SUCCESS)
          judged = (int)i;
    }
    if(judged < 0)
      judged = 0;
    memset(&in, 0, sizeof(in));
    in.c = c;
    in.profile = cw->p;
    in.target = e->opts->target;
    in.strict = e->opts->strict;
    in.base_url = e->opts->target->endpoint;
    in.sent = &copies[judged].sent;
    in.resp = &copies[judged].resp;
    ra_judge_verdict(v, &in);
    if(v->status != RA_STATUS_ERROR && winners != 1) {
      ra_buf_addf(&why, "%u of %u concurrent requests succeeded, exactly one "
                  "must", winners, n);
      v->status = RA_STATUS_FAIL;
      ra_verdict_set(&v->reason, ra_buf_str(&why));
      ra_buf_addf(&key, "%u winners", winners);
      ra_verdict_set(&v->observed_key, ra_buf_str(&key));
    }
    else if(v->status != RA_STATUS_ERROR && check_post && before) {
      ra_buf_reset(&why);
      if(!ra_fixture_observe(e->fixture, cw->w->tr, cw->p, cw->assignment,
                             &after, &why)) {
        char *post = NULL;
        for(i = 0; i < n; i++)
          if(answer_kind(cw, &copies[i].resp, NULL) == RA_ANSWER_SUCCESS)
            post = ra_judge_post(NULL, RA_ANSWER_SUCCESS, &copies[i].sent,
                                 before, &after);
        if(post) {
          v->status = RA_STATUS_FAIL;
          ra_verdict_set(&v->reason, post);
          ra_free(post);
        }
      }
      else
        ra_verdict_set(&v->reason, ra_buf_str(&why));
    }
    else if(check_post && observe_why && v->status == RA_STATUS_PASS)
      ra_verdict_set(&v->reason, observe_why);
  }
  for(i = 0; i < n; i++) {
    if(i < built) {
      ra_exec_out_free(&copies[i].sent);
      ra_http_response_free(&copies[i].resp);
      ra_transport_free(copies[i].tr);
    }
  }
  ra_observation_free(&after);
  ra_buf_free(&why);
  ra_buf_free(&key);
  ra_free(copies);
  ra_free(th);
}

static void run_case(struct worker *w, const struct job *job,
                     struct ra_verdict *v)
{
  struct engine *e = w->e;
  const struct ra_runner_opts *o = e->opts;
  const struct ra_case *c = job->c;
  struct casework cw;
  struct ra_buf why;
  struct ra_observation before, after;
  int have_before = 0, have_after = 0;
  int check_post;
  int64_t t0 = ra_clock_monotonic_ms();
  size_t i;

  memset(&cw, 0, sizeof(cw));
  cw.w = w;
  cw.c = c;
  cw.p = job->profile;
  cw.deadline = t0 + e->timeout_ms;
  ra_buf_init(&cw.wire, RA_BUF_UNLIMITED);
  ra_buf_init(&why, RA_BUF_UNLIMITED);
  ra_observation_init(&before);
  ra_observation_init(&after);
  ra_runner_verdict_identity(v, c, job->profile);

  if(ra_case_skip_reason(c, job->profile, o->target, &why)) {
    v->status = RA_STATUS_SKIP;
    ra_verdict_set(&v->reason, ra_buf_str(&why));
    goto done;
  }
  if(e->global_deadline && t0 >= e->global_deadline) {
    set_error(v, "timeout", "global timeout");
    goto done;
  }
  ra_transport_set_timeout(w->tr, e->timeout_ms);

  if(c->needs.fixture != RA_FIXTURE_NONE) {
    ra_code result = ra_fixture_acquire(e->fixture, w->tr, c->needs.fixture,
                                        c->needs.fixture_owner,
                                        &cw.assignment, &why);
    if(result == RA_E_NOT_FOUND) {
      v->status = RA_STATUS_SKIP;
      ra_verdict_set(&v->reason, ra_buf_str(&why));
      goto done;
    }
    if(result) {
      set_error(v, "fixture", ra_buf_str(&why));
      goto done;
    }
  }
  check_post = c->needs.fixture != RA_FIXTURE_NONE && c->needs.observe;

  /* Setup steps: each must succeed. */
  for(i = 0; i < c->request.nsetup; i++) {
    struct ra_exec_out sent;
    struct ra_http_response resp;
    struct ra_buf key, msg;
    char label[64];
    int rc;
    if(build(&cw, &c->request.setup[i], &sent, v, "setup"))
      goto done;
    snprintf(label, sizeof(label), "setup step %zu", i + 1);
    rc = send_retry(&cw, w->tr, &sent, label, &resp);
    ra_buf_init(&key, RA_BUF_UNLIMITED);
    ra_buf_init(&msg, RA_BUF_UNLIMITED);
    if(rc == 2 || answer_kind(&cw, &resp, &key) != RA_ANSWER_SUCCESS) {
      const char *op = c->request.setup[i].operation;
      if(rc != 2 && resp.error == RA_XFER_OK && !o->target->has_operations &&
         strcmp(op, "RejectAssignment")) {
        /* Operations other than RejectAssignment are a capability (SPEC
         * §4): one the target refuses and never declared is a skip. */
        v->status = RA_STATUS_SKIP;
        ra_buf_addf(&msg, "set-up operation %s was refused (%s): the target "
                    "may not implement it; list the operations it does in "
                    "capabilities.operations to make this an error",
                    op, ra_buf_str(&key));
        ra_verdict_set(&v->reason, ra_buf_str(&msg));
      }
      else {
        ra_buf_addf(&msg, "setup step %zu failed: %s", i + 1,
                    rc == 2 ? "case timeout" : ra_buf_str(&key));
        set_error(v, resp.error == RA_XFER_TIMEOUT || rc == 2 ? "timeout" :
                  "setup", ra_buf_str(&msg));
      }
    }
    ra_buf_free(&key);
    ra_buf_free(&msg);
    ra_exec_out_free(&sent);
    ra_http_response_free(&resp);
    if(v->status == RA_STATUS_ERROR || v->status == RA_STATUS_SKIP)
      goto done;
  }

  /* repeat: all but the last must succeed. */
  for(i = 1; i < c->request.repeat; i++) {
    struct ra_exec_out sent;
    struct ra_http_response resp;
    struct ra_buf key, msg;
    char label[64];
    int rc;
    if(build(&cw, &c->request, &sent, v, "request"))
      goto done;
    snprintf(label, sizeof(label), "repeat %zu of %u", i, c->request.repeat);
    rc = send_retry(&cw, w->tr, &sent, label, &resp);
    ra_buf_init(&key, RA_BUF_UNLIMITED);
    ra_buf_init(&msg, RA_BUF_UNLIMITED);
    if(rc == 2 || resp.error == RA_XFER_TIMEOUT ||
       resp.error == RA_XFER_CONNECT)
      set_error(v, "timeout", "case timeout during repeat");
    else if(answer_kind(&cw, &resp, &key) != RA_ANSWER_SUCCESS) {
      v->status = RA_STATUS_FAIL;
      ra_buf_addf(&msg, "request %zu of %u did not succeed: %s", i,
                  c->request.repeat, ra_buf_str(&key));
      ra_verdict_set(&v->reason, ra_buf_str(&msg));
      ra_verdict_set(&v->observed_key, ra_buf_str(&key));
    }
    ra_buf_free(&key);
    ra_buf_free(&msg);
    ra_exec_out_free(&sent);
    ra_http_response_free(&resp);
    if(v->status != RA_STATUS_PASS)
      goto done;
  }

  if(check_post) {
    ra_buf_reset(&why);
    have_before = !ra_fixture_observe(e->fixture, w->tr, job->profile,
                                      cw.assignment, &before, &why);
  }

  if(c->request.concurrent >= 2) {
    run_concurrent(&cw, v, have_before ? &before : NULL, check_post,
                   have_before ? NULL : ra_buf_str(&why));
    goto done;
  }

  {
    struct ra_exec_out sent;
    struct ra_http_response resp;
    struct ra_judge_in in;
    int rc;
    if(build(&cw, &c->request, &sent, v, "request"))
      goto done;
    rc = send_retry(&cw, w->tr, &sent, "judged request", &resp);
    if(rc == 2) {
      set_error(v, "timeout", "case timeout");
    }
    else if(rc == 1) {
      struct ra_buf key, msg;
      ra_buf_init(&key, RA_BUF_UNLIMITED);
      ra_buf_init(&msg, RA_BUF_UNLIMITED);
      answer_kind(&cw, &resp, &key);
      ra_buf_addf(&msg, "still transient after %d retries: %s",
                  RA_RUNNER_RETRIES, ra_buf_str(&key));
      ra_judge_verdict(v, &(struct ra_judge_in){
        .c = c, .profile = job->profile, .target = o->target,
        .strict = o->strict, .base_url = o->target->endpoint,
        .sent = &sent, .resp = &resp});
      set_error(v, "transient", ra_buf_str(&msg));
      v->grade = RA_GRADE_NONE;
      ra_buf_free(&key);
      ra_buf_free(&msg);
    }
    else {
      if(check_post && have_before && resp.error == RA_XFER_OK) {
        ra_buf_reset(&why);
        have_after = !ra_fixture_observe(e->fixture, w->tr, job->profile,
                                         cw.assignment, &after, &why);
      }
      memset(&in, 0, sizeof(in));
      in.c = c;
      in.profile = job->profile;
      in.target = o->target;
      in.strict = o->strict;
      in.base_url = o->target->endpoint;
      in.sent = &sent;
      in.resp = &resp;
      in.check_post = check_post;
      in.before = have_before ? &before : NULL;
      in.after = have_after ? &after : NULL;
      in.observe_why = ra_buf_str(&why);
      ra_judge_verdict(v, &in);
      if(o->recorder) {
        /* Recorded where the judge got it: rejudge replays it there. */
        ra_recorder_case(o->recorder, c, job->profile, &in, v,
                         ra_buf_str(&cw.wire));
        cw.recorded = 1;
      }
    }
    ra_exec_out_free(&sent);
    ra_http_response_free(&resp);
  }

done:
  v->duration_ms = (double)(ra_clock_monotonic_ms() - t0);
  if(o->recorder && !cw.recorded)
    ra_recorder_case(o->recorder, c, job->profile, NULL, v,
                     ra_buf_str(&cw.wire));
  wire_write(&cw);
  ra_free(cw.assignment);
  ra_buf_free(&cw.wire);
  ra_buf_free(&why);
  ra_observation_free(&before);
  ra_observation_free(&after);
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
    run_case(w, &e->jobs[idx], &e->verdicts[idx]);
    pthread_mutex_lock(&e->lock);
    e->done[idx] = 1;
    pthread_cond_broadcast(&e->cond);
    pthread_mutex_unlock(&e->lock);
  }
  return NULL;
}

static void apply_baseline(const struct ra_runner_opts *o, struct ra_verdict *v)
{
  struct ra_run one;
  struct ra_baseline_result res;
  if(!o->baseline)
    return;
  memset(&one, 0, sizeof(one));
  one.verdicts = v;
  one.count = 1;
  one.cap = 1;
  ra_baseline_apply(&one, o->baseline, o->today_ms, &res);
  if(o->baseline_res) {
    o->baseline_res->todo += res.todo;
    o->baseline_res->differ += res.differ;
    o->baseline_res->expired += res.expired;
    o->baseline_res->stale += res.stale;
  }
}

/* Waits on e->cond for at most ms (e->lock held). 1 when the time ran out
 * (time to refresh the progress line), 0 when woken by a finished job. */
static int wait_a_while(struct engine *e, long ms)
{
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_sec += ms / 1000;
  ts.tv_nsec += (ms % 1000) * 1000000L;
  if(ts.tv_nsec >= 1000000000L) {
    ts.tv_sec++;
    ts.tv_nsec -= 1000000000L;
  }
  return pthread_cond_timedwait(&e->cond, &e->lock, &ts) == ETIMEDOUT;
}

/* e->lock held: jobs and their start times are read under it. */
static void report_progress(struct engine *e, size_t emitted,
                            size_t failures, int64_t t0)
{
  struct ra_runner_progress p;
  int64_t now = ra_clock_monotonic_ms();
  size_t i;
  memset(&p, 0, sizeof(p));
  p.done = emitted;
  p.total = e->njobs;
  p.failures = failures;
  p.elapsed_ms = now - t0;
  for(i = emitted; i < e->next && i < e->njobs; i++) {
    if(e->done[i] || !e->started[i] || now - e->started[i] <= p.slowest_ms)
      continue;
    p.slowest_ms = now - e->started[i];
    p.slowest_id = e->jobs[i].c->id;
    p.slowest_profile = ra_target_profile_name(e->jobs[i].profile);
  }
  e->opts->progress(&p, e->opts->progress_arg);
}

ra_code ra_runner_run(struct ra_run *run, const struct ra_runner_opts *opts)
{
  struct engine e;
  struct worker *workers;
  pthread_t *threads;
  unsigned nworkers, i;
  size_t emitted = 0, failures = 0;
  struct ra_transport_opts to;
  int started = 0;
  int64_t t0 = ra_clock_monotonic_ms();
  long progress_ms = opts->progress_ms > 0 ? opts->progress_ms : 250;

  memset(&e, 0, sizeof(e));
  e.opts = opts;
  e.run = run;
  e.njobs = build_jobs(opts, &e.jobs);
  e.verdicts = ra_calloc(e.njobs + 1, sizeof(*e.verdicts));
  e.done = ra_calloc(e.njobs + 1, 1);
  e.started = ra_calloc(e.njobs + 1, sizeof(*e.started));
  e.timeout_ms = (long)((opts->timeout_s > 0 ? opts->timeout_s : 10) * 1000);
  if(opts->global_timeout_s > 0)
    e.global_deadline = ra_clock_monotonic_ms() +
      (int64_t)(opts->global_timeout_s * 1000);
  pthread_mutex_init(&e.lock, NULL);
  pthread_cond_init(&e.cond, NULL);
  pthread_mutex_init(&e.wire_lock, NULL);
  ra_fixture_create(&e.fixture, opts->target, opts->clock,
                    opts->use_get_assignment);
  if(opts->wire_dir)
    ra_path_mkdirs(opts->wire_dir);

  nworkers = opts->jobs ? opts->jobs :
    (opts->target->endpoint_class == RA_ENDPOINT_LOOPBACK ? 8 : 4);
  if(nworkers > e.njobs)
    nworkers = e.njobs ? (unsigned)e.njobs : 1;
  workers = ra_calloc(nworkers, sizeof(*workers));
  threads = ra_calloc(nworkers, sizeof(*threads));
  memset(&to, 0, sizeof(to));
  to.timeout_ms = e.timeout_ms;
  to.ca_file = opts->target->ca_file;
  to.insecure = opts->target->insecure;

  if(opts->tap)
    ra_report_tap_begin(opts->tap, run, e.njobs, opts->tap_version);
  for(i = 0; i < nworkers; i++) {
    workers[started].e = &e;
    /* A worker without its transport or thread is left out; the started
     * ones are the first `started` (joined below). */
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
    /* No worker: every case is an error, so the emitting loop below ends
     * instead of waiting for verdicts nobody will make. */
    size_t k;
    for(k = 0; k < e.njobs; k++) {
      ra_runner_verdict_identity(&e.verdicts[k], e.jobs[k].c,
                                 e.jobs[k].profile);
      set_error(&e.verdicts[k], "internal", "no worker thread or transport "
                "could be started");
      e.done[k] = 1;
    }
  }

  /* Emit in job order as soon as the prefix is complete. */
  pthread_mutex_lock(&e.lock);
  while(emitted < e.njobs) {
    while(emitted < e.njobs && !e.done[emitted]) {
      if(!opts->progress) {
        pthread_cond_wait(&e.cond, &e.lock);
        continue;
      }
      if(wait_a_while(&e, progress_ms))
        report_progress(&e, emitted, failures, t0);
    }
    while(emitted < e.njobs && e.done[emitted]) {
      struct ra_verdict *v = &e.verdicts[emitted];
      struct ra_verdict *slot;
      pthread_mutex_unlock(&e.lock);
      apply_baseline(opts, v);
      if(v->status == RA_STATUS_FAIL || v->status == RA_STATUS_ERROR)
        failures++;
      /* In the run and on stdout under one lock: a case shown in the TAP
       * stream is always in the reports a killed run leaves behind, and
       * every case in them is on the stream. */
      ra_run_lock();
      slot = ra_run_add(run);
      *slot = *v;
      ra_verdict_init(v);
      if(opts->tap) {
        ra_report_tap_case(opts->tap, emitted + 1, run, slot);
        fflush(opts->tap);
      }
      ra_run_unlock();
      pthread_mutex_lock(&e.lock);
      emitted++;
      if(opts->progress)
        report_progress(&e, emitted, failures, t0);
    }
  }
  pthread_mutex_unlock(&e.lock);

  for(i = 0; i < (unsigned)started; i++)
    pthread_join(threads[i], NULL);
  if(opts->tap) {
    ra_report_tap_end(opts->tap, run, e.njobs, emitted);
    fflush(opts->tap);
  }
  for(i = 0; i < nworkers; i++)
    ra_transport_free(workers[i].tr);
  for(i = 0; i < e.njobs; i++)
    ra_verdict_free(&e.verdicts[i]);
  ra_fixture_free(e.fixture);
  pthread_mutex_destroy(&e.lock);
  pthread_cond_destroy(&e.cond);
  pthread_mutex_destroy(&e.wire_lock);
  ra_free(workers);
  ra_free(threads);
  ra_free(e.verdicts);
  ra_free(e.done);
  ra_free(e.started);
  ra_free(e.jobs);
  if(opts->wire_lost)
    *opts->wire_lost = e.wire_lost;
  return e.wire_lost ? RA_E_IO : RA_OK;
}
