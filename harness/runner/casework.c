/* One case run: fixture, setup, repeats, the judged request (or its
 * concurrent copies), retries, wire log, recording. */
#include "runner/casework.h"

#include <string.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "core/outfile.h"
#include "core/path.h"
#include "proto/text.h"
#include "runner/exec.h"
#include "runner/judge.h"
#include "runner/record.h"

/* Everything about one case being run. */
struct casework {
  struct ra_casework_env *env;
  struct ra_transport *tr;      /* the worker's */
  const struct ra_case *c;
  ra_profile p;
  int64_t t0;                   /* monotonic ms the case started */
  int64_t deadline;             /* monotonic ms */
  char *assignment;
  struct ra_buf wire;
  int exchanges;
  int recorded;                 /* handed to opts->recorder */
};

static long remaining_ms(const struct casework *cw)
{
  int64_t now = ra_clock_monotonic_ms();
  int64_t end = cw->deadline;
  if(cw->env->global_deadline && cw->env->global_deadline < end)
    end = cw->env->global_deadline;
  return (long)(end - now);
}

/* Peer bytes go through the reports' one cleaning rule before they reach
 * the log: no ESC/BEL (or other C0/C1 control) survives to a terminal. */
static void wire_add(struct ra_buf *wire, char *text)
{
  char *clean = ra_text_clean(text, RA_TEXT_KEEP_NEWLINES |
                              RA_TEXT_KEEP_TABS);
  ra_buf_puts(wire, clean);
  ra_free(clean);
  ra_free(text);
}

static void wire_log(struct casework *cw, const char *label,
                     const struct ra_exec_out *sent,
                     const struct ra_http_response *resp)
{
  if(!cw->env->opts->wire_dir)
    return;
  pthread_mutex_lock(&cw->env->wire_lock);
  cw->exchanges++;
  ra_buf_putf(&cw->wire, "=== %d: %s ===\n", cw->exchanges, label);
  wire_add(&cw->wire, ra_judge_request_text(sent, 16384));
  ra_buf_puts(&cw->wire, "\n--- answer ---\n");
  wire_add(&cw->wire, ra_judge_response_text(resp, sent, 16384));
  ra_buf_puts(&cw->wire, "\n\n");
  pthread_mutex_unlock(&cw->env->wire_lock);
}

static void wire_write(struct casework *cw)
{
  struct ra_casework_env *e = cw->env;
  const struct ra_runner_opts *o = e->opts;
  struct ra_buf path;
  struct ra_error err = RA_ERROR_INIT;
  if(!o->wire_dir || !cw->exchanges)
    return;
  ra_buf_init(&path, RA_BUF_UNLIMITED);
  ra_buf_putf(&path, "%s/%s", o->wire_dir, ra_target_profile_name(cw->p));
  ra_path_mkdirs(ra_buf_str(&path));
  ra_buf_putf(&path, "/%s.txt", cw->c->id);
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
  const char *base = cw->env->opts->target->endpoint;
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

void ra_casework_error(struct ra_verdict *v, const char *kind,
                       const char *reason)
{
  v->status = RA_STATUS_ERROR;
  ra_verdict_set(&v->error_kind, kind);
  ra_verdict_set(&v->reason, reason);
}

static int build(struct casework *cw, const struct ra_case_request *r,
                 struct ra_exec_out *out, struct ra_verdict *v,
                 const char *what)
{
  struct ra_exec_ctx ctx;
  struct ra_buf why;
  ra_code result;
  memset(&ctx, 0, sizeof(ctx));
  ctx.target = cw->env->opts->target;
  ctx.clock = cw->env->opts->clock;
  ctx.assignment_id = cw->assignment;
  ra_buf_init(&why, RA_BUF_UNLIMITED);
  ra_exec_out_init(out);
  result = ra_exec_build(out, r, cw->p, &ctx, &why);
  if(result) {
    struct ra_buf msg;
    ra_buf_init(&msg, RA_BUF_UNLIMITED);
    ra_buf_putf(&msg, "%s: %s", what, ra_buf_str(&why));
    if(result == RA_E_UNSUPPORTED || result == RA_E_CONFIG) {
      v->status = RA_STATUS_SKIP;
      ra_verdict_set(&v->reason, ra_buf_str(&msg));
    }
    else
      ra_casework_error(v, "harness", ra_buf_str(&msg));
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
  struct copy_gate *gate;
  int transient;
};

/* The copies' start: every thread waits at the gate until all n exist,
 * then they meet at the barrier and leave it together. The barrier is made
 * only once all threads started, so a thread that could not be created
 * cannot leave the others waiting for ever: the gate opens with `go` 0 and
 * the started ones return without sending. */
struct copy_gate {
  pthread_mutex_t lock;
  pthread_cond_t open_cond;
  int open, go;
  pthread_barrier_t barrier;
};

static void *copy_main(void *arg)
{
  struct copy *cp = arg;
  struct copy_gate *g = cp->gate;
  int go;
  pthread_mutex_lock(&g->lock);
  while(!g->open)
    pthread_cond_wait(&g->open_cond, &g->lock);
  go = g->go;
  pthread_mutex_unlock(&g->lock);
  if(!go)
    return NULL;
  pthread_barrier_wait(&g->barrier);
  cp->transient = send_retry(cp->cw, cp->tr, &cp->sent, "concurrent copy",
                             &cp->resp);
  return NULL;
}

/* Builds the n copies, each with its own transport; returns how many
 * were built (n when all were; fewer leaves v an ERROR or SKIP). */
static unsigned build_copies(struct casework *cw, struct copy *copies,
                             unsigned n, struct ra_verdict *v)
{
  const struct ra_target *t = cw->env->opts->target;
  struct ra_transport_opts to;
  unsigned i;
  memset(&to, 0, sizeof(to));
  to.timeout_ms = cw->env->timeout_ms;
  to.ca_file = t->ca_file;
  to.insecure = t->insecure;
  for(i = 0; i < n; i++) {
    copies[i].cw = cw;
    if(build(cw, &cw->c->request, &copies[i].sent, v, "request"))
      break;
    ra_http_response_init(&copies[i].resp);
    if(ra_transport_create(&copies[i].tr, &to)) {
      ra_exec_out_free(&copies[i].sent);
      ra_casework_error(v, "internal", "no transport for a concurrent copy");
      break;
    }
  }
  return i;
}

/* Sends the n copies at once (one thread each, released together).
 * Returns RA_E_INTERNAL, having sent nothing, when a thread cannot be
 * created. */
static ra_code send_copies(struct copy *copies, unsigned n)
{
  pthread_t *th = ra_calloc(n, sizeof(*th));
  struct copy_gate gate;
  unsigned i, started = 0;
  pthread_mutex_init(&gate.lock, NULL);
  pthread_cond_init(&gate.open_cond, NULL);
  gate.open = 0;
  gate.go = 0;
  for(i = 0; i < n; i++) {
    copies[i].gate = &gate;
    if(pthread_create(&th[i], NULL, copy_main, &copies[i]))
      break;
    started++;
  }
  pthread_mutex_lock(&gate.lock);
  if(started == n) {
    pthread_barrier_init(&gate.barrier, NULL, n);
    gate.go = 1;
  }
  gate.open = 1;
  pthread_cond_broadcast(&gate.open_cond);
  pthread_mutex_unlock(&gate.lock);
  for(i = 0; i < started; i++)
    pthread_join(th[i], NULL);
  if(gate.go)
    pthread_barrier_destroy(&gate.barrier);
  pthread_cond_destroy(&gate.open_cond);
  pthread_mutex_destroy(&gate.lock);
  ra_free(th);
  return started == n ? RA_OK : RA_E_INTERNAL;
}

/* The copy to judge: the first loser that does not match, else the first
 * loser (with no loser at all, the first copy). */
static unsigned judged_copy(struct casework *cw, struct copy *copies,
                            unsigned n)
{
  unsigned i;
  for(i = 0; i < n; i++) {
    struct ra_answer a;
    int mismatch;
    ra_judge_parse(&a, cw->p, &copies[i].resp);
    mismatch = a.kind != RA_ANSWER_SUCCESS &&
      ra_judge_match(&cw->c->expect[cw->p], &a, cw->env->opts->target) < 0;
    ra_answer_free(&a);
    if(mismatch)
      return i;
  }
  for(i = 0; i < n; i++)
    if(answer_kind(cw, &copies[i].resp, NULL) != RA_ANSWER_SUCCESS)
      return i;
  return 0;
}

/* After the copies: the fixture must show the one winner's effect. */
static void check_copies_post(struct casework *cw, struct copy *copies,
                              unsigned n, const struct ra_observation *before,
                              struct ra_verdict *v)
{
  struct ra_observation after;
  struct ra_buf why;
  unsigned i;
  ra_observation_init(&after);
  ra_buf_init(&why, RA_BUF_UNLIMITED);
  if(!ra_fixture_observe(cw->env->fixture, cw->tr, cw->p, cw->assignment,
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
  ra_observation_free(&after);
  ra_buf_free(&why);
}

/* The judge's input for this case's exchange (sent, resp); the
 * post-condition fields stay cleared for the caller to fill. */
static void judge_input(const struct casework *cw, struct ra_judge_in *in,
                        const struct ra_exec_out *sent,
                        const struct ra_http_response *resp)
{
  const struct ra_runner_opts *o = cw->env->opts;
  memset(in, 0, sizeof(*in));
  in->c = cw->c;
  in->profile = cw->p;
  in->target = o->target;
  in->strict = o->strict;
  in->base_url = o->target->endpoint;
  in->sent = sent;
  in->resp = resp;
}

/* A case with "concurrent": n copies at once, exactly one must succeed. */
static void run_concurrent(struct casework *cw, struct ra_verdict *v,
                           const struct ra_observation *before, int check_post,
                           const char *observe_why)
{
  unsigned n = cw->c->request.concurrent;
  struct copy *copies = ra_calloc(n, sizeof(*copies));
  unsigned i, built, judged, winners = 0;
  struct ra_judge_in in;

  built = build_copies(cw, copies, n, v);
  if(built == n && send_copies(copies, n)) {
    ra_casework_error(v, "internal", "could not start a thread for each "
                      "concurrent copy");
  }
  else if(built == n) {
    for(i = 0; i < n; i++) {
      if(answer_kind(cw, &copies[i].resp, NULL) == RA_ANSWER_SUCCESS)
        winners++;
    }
    judged = judged_copy(cw, copies, n);
    judge_input(cw, &in, &copies[judged].sent, &copies[judged].resp);
    ra_judge_verdict(v, &in);
    if(v->status != RA_STATUS_ERROR && winners != 1) {
      char text[128];
      v->status = RA_STATUS_FAIL;
      snprintf(text, sizeof(text), "%u of %u concurrent requests succeeded, "
               "exactly one must", winners, n);
      ra_verdict_set(&v->reason, text);
      snprintf(text, sizeof(text), "%u winners", winners);
      ra_verdict_set(&v->observed_key, text);
    }
    else if(v->status != RA_STATUS_ERROR && check_post && before)
      check_copies_post(cw, copies, n, before, v);
    else if(check_post && observe_why && v->status == RA_STATUS_PASS)
      ra_verdict_set(&v->reason, observe_why);
  }
  for(i = 0; i < built; i++) {
    ra_exec_out_free(&copies[i].sent);
    ra_http_response_free(&copies[i].resp);
    ra_transport_free(copies[i].tr);
  }
  ra_free(copies);
}

/* Skip reason, global deadline, fixture: 1 when v is final. */
static int case_prepare(struct casework *cw, struct ra_verdict *v,
                        struct ra_buf *why)
{
  struct ra_casework_env *e = cw->env;
  const struct ra_case *c = cw->c;
  ra_code result;
  if(ra_case_skip_reason(c, cw->p, e->opts->target, why)) {
    v->status = RA_STATUS_SKIP;
    ra_verdict_set(&v->reason, ra_buf_str(why));
    return 1;
  }
  if(e->global_deadline && cw->t0 >= e->global_deadline) {
    ra_casework_error(v, "timeout", "global timeout");
    return 1;
  }
  ra_transport_set_timeout(cw->tr, e->timeout_ms);
  if(c->needs.fixture == RA_FIXTURE_NONE)
    return 0;
  result = ra_fixture_acquire(e->fixture, cw->tr, c->needs.fixture,
                              c->needs.fixture_owner, &cw->assignment, why);
  if(result == RA_E_NOT_FOUND) {
    v->status = RA_STATUS_SKIP;
    ra_verdict_set(&v->reason, ra_buf_str(why));
  }
  else if(result)
    ra_casework_error(v, "fixture", ra_buf_str(why));
  return result != RA_OK;
}

/* Setup step i: it must succeed. 1 when v is final (error or skip). */
static int setup_step(struct casework *cw, size_t i, struct ra_verdict *v)
{
  const struct ra_case *c = cw->c;
  const struct ra_target *t = cw->env->opts->target;
  struct ra_exec_out sent;
  struct ra_http_response resp;
  struct ra_buf key, msg;
  char label[64];
  int rc;
  if(build(cw, &c->request.setup[i], &sent, v, "setup"))
    return 1;
  snprintf(label, sizeof(label), "setup step %zu", i + 1);
  rc = send_retry(cw, cw->tr, &sent, label, &resp);
  ra_buf_init(&key, RA_BUF_UNLIMITED);
  ra_buf_init(&msg, RA_BUF_UNLIMITED);
  if(rc == 2 || answer_kind(cw, &resp, &key) != RA_ANSWER_SUCCESS) {
    const char *op = c->request.setup[i].operation;
    if(rc != 2 && resp.error == RA_XFER_OK && !t->has_operations &&
       strcmp(op, "RejectAssignment")) {
      /* Operations other than RejectAssignment are a capability (SPEC
       * §4): one the target refuses and never declared is a skip. */
      v->status = RA_STATUS_SKIP;
      ra_buf_putf(&msg, "set-up operation %s was refused (%s): the target "
                  "may not implement it; list the operations it does in "
                  "capabilities.operations to make this an error",
                  op, ra_buf_str(&key));
      ra_verdict_set(&v->reason, ra_buf_str(&msg));
    }
    else {
      ra_buf_putf(&msg, "setup step %zu failed: %s", i + 1,
                  rc == 2 ? "case timeout" : ra_buf_str(&key));
      ra_casework_error(v, resp.error == RA_XFER_TIMEOUT || rc == 2 ?
                        "timeout" : "setup", ra_buf_str(&msg));
    }
  }
  ra_buf_free(&key);
  ra_buf_free(&msg);
  ra_exec_out_free(&sent);
  ra_http_response_free(&resp);
  return v->status == RA_STATUS_ERROR || v->status == RA_STATUS_SKIP;
}

/* Repeat i of the request (all but the last must succeed). 1 when v is
 * final. */
static int repeat_step(struct casework *cw, size_t i, struct ra_verdict *v)
{
  const struct ra_case *c = cw->c;
  struct ra_exec_out sent;
  struct ra_http_response resp;
  struct ra_buf key, msg;
  char label[64];
  int rc;
  if(build(cw, &c->request, &sent, v, "request"))
    return 1;
  snprintf(label, sizeof(label), "repeat %zu of %u", i, c->request.repeat);
  rc = send_retry(cw, cw->tr, &sent, label, &resp);
  ra_buf_init(&key, RA_BUF_UNLIMITED);
  ra_buf_init(&msg, RA_BUF_UNLIMITED);
  if(rc == 2 || resp.error == RA_XFER_TIMEOUT ||
     resp.error == RA_XFER_CONNECT)
    ra_casework_error(v, "timeout", "case timeout during repeat");
  else if(answer_kind(cw, &resp, &key) != RA_ANSWER_SUCCESS) {
    v->status = RA_STATUS_FAIL;
    ra_buf_putf(&msg, "request %zu of %u did not succeed: %s", i,
                c->request.repeat, ra_buf_str(&key));
    ra_verdict_set(&v->reason, ra_buf_str(&msg));
    ra_verdict_set(&v->observed_key, ra_buf_str(&key));
  }
  ra_buf_free(&key);
  ra_buf_free(&msg);
  ra_exec_out_free(&sent);
  ra_http_response_free(&resp);
  return v->status != RA_STATUS_PASS;
}

/* Still transient after the retries: judged for the texts, then ERROR. */
static void judge_transient(struct casework *cw, struct ra_verdict *v,
                            const struct ra_exec_out *sent,
                            const struct ra_http_response *resp)
{
  struct ra_judge_in in;
  struct ra_buf key, msg;
  ra_buf_init(&key, RA_BUF_UNLIMITED);
  ra_buf_init(&msg, RA_BUF_UNLIMITED);
  answer_kind(cw, resp, &key);
  ra_buf_putf(&msg, "still transient after %d retries: %s",
              RA_RUNNER_RETRIES, ra_buf_str(&key));
  judge_input(cw, &in, sent, resp);
  ra_judge_verdict(v, &in);
  ra_casework_error(v, "transient", ra_buf_str(&msg));
  v->grade = RA_GRADE_NONE;
  ra_buf_free(&key);
  ra_buf_free(&msg);
}

/* The judged request; before (NULL: not observed, why says why) is the
 * fixture as observed before it. */
static void judged_request(struct casework *cw, struct ra_verdict *v,
                           int check_post,
                           const struct ra_observation *before,
                           struct ra_buf *why)
{
  const struct ra_runner_opts *o = cw->env->opts;
  struct ra_exec_out sent;
  struct ra_http_response resp;
  struct ra_observation after;
  struct ra_judge_in in;
  int have_after = 0, rc;
  if(build(cw, &cw->c->request, &sent, v, "request"))
    return;
  ra_observation_init(&after);
  rc = send_retry(cw, cw->tr, &sent, "judged request", &resp);
  if(rc == 2)
    ra_casework_error(v, "timeout", "case timeout");
  else if(rc == 1)
    judge_transient(cw, v, &sent, &resp);
  else {
    if(check_post && before && resp.error == RA_XFER_OK) {
      ra_buf_reset(why);
      have_after = !ra_fixture_observe(cw->env->fixture, cw->tr, cw->p,
                                       cw->assignment, &after, why);
    }
    judge_input(cw, &in, &sent, &resp);
    in.check_post = check_post;
    in.before = before;
    in.after = have_after ? &after : NULL;
    in.observe_why = ra_buf_str(why);
    ra_judge_verdict(v, &in);
    if(o->recorder) {
      /* Recorded where the judge got it: rejudge replays it there. */
      ra_recorder_case(o->recorder, cw->c, cw->p, &in, v,
                       ra_buf_str(&cw->wire));
      cw->recorded = 1;
    }
  }
  ra_observation_free(&after);
  ra_exec_out_free(&sent);
  ra_http_response_free(&resp);
}

void ra_casework_run(struct ra_casework_env *env, struct ra_transport *tr,
                     const struct ra_case *c, ra_profile p,
                     struct ra_verdict *v)
{
  const struct ra_runner_opts *o = env->opts;
  struct casework cw;
  struct ra_buf why;
  struct ra_observation before;
  int have_before = 0, check_post;
  size_t i;

  memset(&cw, 0, sizeof(cw));
  cw.env = env;
  cw.tr = tr;
  cw.c = c;
  cw.p = p;
  cw.t0 = ra_clock_monotonic_ms();
  cw.deadline = cw.t0 + env->timeout_ms;
  ra_buf_init(&cw.wire, RA_BUF_UNLIMITED);
  ra_buf_init(&why, RA_BUF_UNLIMITED);
  ra_observation_init(&before);
  ra_runner_verdict_identity(v, c, p);

  if(case_prepare(&cw, v, &why))
    goto done;
  check_post = c->needs.fixture != RA_FIXTURE_NONE && c->needs.observe;
  for(i = 0; i < c->request.nsetup; i++) {
    if(setup_step(&cw, i, v))
      goto done;
  }
  for(i = 1; i < c->request.repeat; i++) {
    if(repeat_step(&cw, i, v))
      goto done;
  }
  if(check_post) {
    ra_buf_reset(&why);
    have_before = !ra_fixture_observe(env->fixture, tr, p, cw.assignment,
                                      &before, &why);
  }
  if(c->request.concurrent >= 2)
    run_concurrent(&cw, v, have_before ? &before : NULL, check_post,
                   have_before ? NULL : ra_buf_str(&why));
  else
    judged_request(&cw, v, check_post, have_before ? &before : NULL, &why);

done:
  v->duration_ms = (double)(ra_clock_monotonic_ms() - cw.t0);
  if(o->recorder && !cw.recorded)
    ra_recorder_case(o->recorder, c, p, NULL, v, ra_buf_str(&cw.wire));
  wire_write(&cw);
  ra_free(cw.assignment);
  ra_buf_free(&cw.wire);
  ra_buf_free(&why);
  ra_observation_free(&before);
}
