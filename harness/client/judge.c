/* Judging one client-check scenario (see judge.h). */
#include "client/judge.h"

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "core/alloc.h"
#include "client/outcome.h"
#include "core/buf.h"

/* How much of a request body a verdict shows. */
#define REQUEST_EXCERPT_BODY 1024

/* Last line(s) of stderr for a reason, printable, at most 300 bytes. */
static void stderr_tail(struct ra_buf *out, const struct ra_buf *err)
{
  const char *s = ra_buf_str(err);
  size_t len = err->len, start, i;
  while(len && (s[len - 1] == '\n' || s[len - 1] == '\r'))
    len--;
  start = len > 300 ? len - 300 : 0;
  for(i = start; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    ra_buf_putc(out, (c >= 0x20 && c < 0x7f) ? (char)c : ' ');
  }
}

/* ---- verdicts ----------------------------------------------------------- */

/* A new verdict for check, filled with the scenario's facts, graded pass
 * until the caller says otherwise; kept with verdict_keep once complete. */
static void verdict_start(struct ra_verdict *v, const struct ra_cc_judge *x,
                          const char *check, const char *title)
{
  struct ra_buf b;
  ra_verdict_init(v);
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_putf(&b, "%s/%s", x->sc->name, check);
  ra_verdict_set(&v->case_id, ra_buf_str(&b));
  ra_buf_reset(&b);
  ra_buf_putf(&b, "%s: %s", x->sc->title, title);
  ra_verdict_set(&v->title, ra_buf_str(&b));
  ra_buf_reset(&b);
  ra_buf_putf(&b, "%s.client-check", ra_profile_name(x->profile));
  ra_verdict_set(&v->group, ra_buf_str(&b));
  ra_buf_free(&b);
  ra_verdict_set(&v->profile, ra_profile_name(x->profile));
  ra_verdict_set(&v->tags, "client-check");
  ra_verdict_set(&v->source, x->sc->source);
  ra_verdict_set(&v->response, x->answers_text);
  v->duration_ms = x->duration_ms;
  v->status = RA_STATUS_PASS;
  v->grade = RA_GRADE_OK;
}

static void verdict_keep(const struct ra_cc_judge *x, struct ra_verdict *v)
{
  struct ra_verdict *slot = ra_run_add(x->out);
  *slot = *v;
  ra_verdict_init(v);
}

static void fail(struct ra_verdict *v, const char *reason, const char *key)
{
  v->status = RA_STATUS_FAIL;
  v->grade = RA_GRADE_NONE;
  ra_verdict_set(&v->reason, reason);
  ra_verdict_set(&v->observed_key, key ? key : reason);
}

/* Graded NON-STRICT with the reason: a pass, or under --strict a
 * failure (as `run --strict` does). */
static void weaker(const struct ra_cc_judge *x, struct ra_verdict *v,
                   const char *reason)
{
  if(v->status != RA_STATUS_PASS)
    return;
  v->grade = RA_GRADE_NON_STRICT;
  ra_verdict_set(&v->reason, reason);
  if(x->strict) {
    struct ra_buf b;
    ra_buf_init(&b, RA_BUF_UNLIMITED);
    ra_buf_putf(&b, "NON-STRICT under --strict: %s", reason);
    v->status = RA_STATUS_FAIL;
    ra_verdict_set(&v->reason, ra_buf_str(&b));
    ra_verdict_set(&v->observed_key, ra_buf_str(&b));
    ra_buf_free(&b);
  }
}

static void expected_outcome(struct ra_buf *exp, const struct ra_cc_judge *x)
{
  switch(x->sc->expect) {
  case RA_CC_EXPECT_OK:
    ra_buf_puts(exp, "ok");
    break;
  case RA_CC_EXPECT_ERROR:
    ra_buf_putf(exp, "an error carrying %s", x->script->code);
    if(x->script->type)
      ra_buf_putf(exp, " (the type %s alone: NON-STRICT)", x->script->type);
    break;
  case RA_CC_EXPECT_ANY_ERROR:
    ra_buf_puts(exp, "an error (anything but ok)");
    break;
  case RA_CC_EXPECT_REFUSE_OR_ERROR:
    ra_buf_puts(exp, "an error: refused before sending, or sent unchanged "
                "and the server's error surfaced");
    break;
  }
}

void ra_cc_judge_outcome(const struct ra_cc_judge *x,
                         const struct ra_cc_observed *o)
{
  const struct ra_child_result *cr = o->child;
  const char *line = o->line;
  struct ra_verdict v;
  struct ra_buf b;
  verdict_start(&v, x, RA_CC_CHECK_OUTCOME, "what the client reported");
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  expected_outcome(&b, x);
  ra_verdict_set(&v.expected, ra_buf_str(&b));
  ra_buf_reset(&b);

  if(cr->exec_failed) {
    v.status = RA_STATUS_ERROR;
    v.grade = RA_GRADE_NONE;
    ra_verdict_set(&v.error_kind, "exec");
    ra_buf_puts(&b, "cannot run COMMAND: ");
    stderr_tail(&b, &cr->err);
    ra_verdict_set(&v.reason, ra_buf_str(&b));
  }
  else if(cr->cancelled) {
    ra_buf_putf(&b, "the client sent more than %d requests and was stopped",
                RA_CC_REQUEST_LIMIT);
    fail(&v, ra_buf_str(&b), "stopped: too many requests");
  }
  else if(cr->timed_out && !line) {
    v.status = RA_STATUS_ERROR;
    v.grade = RA_GRADE_NONE;
    ra_verdict_set(&v.error_kind, "timeout");
    ra_buf_putf(&b, "the client did not finish within %.0f s and printed "
                "nothing", cr->duration_ms / 1000.0);
    ra_verdict_set(&v.reason, ra_buf_str(&b));
  }
  else if(!line) {
    ra_buf_putf(&b, "the client printed nothing on stdout (exit status %d; "
                "stderr: ", WIFEXITED(cr->status) ? WEXITSTATUS(cr->status)
                                                   : -1);
    stderr_tail(&b, &cr->err);
    ra_buf_putc(&b, ')');
    fail(&v, ra_buf_str(&b), "printed nothing");
  }
  else {
    struct ra_cc_outcome oc;
    ra_cc_outcome_init(&oc);
    ra_cc_outcome_judge(&oc, x->sc, x->script, line, o->seen);
    ra_verdict_set(&v.actual, ra_buf_str(&oc.actual));
    if(oc.grade == RA_GRADE_NONE)
      fail(&v, ra_buf_str(&oc.reason), ra_buf_str(&oc.key));
    else if(oc.grade == RA_GRADE_NON_STRICT)
      weaker(x, &v, ra_buf_str(&oc.reason));
    ra_cc_outcome_free(&oc);
    if(v.status == RA_STATUS_PASS && cr->timed_out) {
      ra_buf_putf(&b, "the client printed its line but did not exit within "
                  "%.0f s", cr->duration_ms / 1000.0);
      fail(&v, ra_buf_str(&b), "did not exit");
    }
  }
  /* What happened, whatever the grade. */
  ra_buf_reset(&b);
  if(v.actual)
    ra_buf_putf(&b, "%s ", v.actual);
  if(cr->exited && WIFEXITED(cr->status))
    ra_buf_putf(&b, "(exit status %d", WEXITSTATUS(cr->status));
  else
    ra_buf_puts(&b, "(killed");
  ra_buf_putf(&b, ", %zu request%s", o->seen, o->seen == 1 ? "" : "s");
  if(cr->out_truncated)
    ra_buf_putf(&b, ", stdout cut at %d bytes", RA_CC_OUTPUT_MAX);
  ra_buf_putc(&b, ')');
  ra_verdict_set(&v.actual, ra_buf_str(&b));
  if(cr->leftovers) {
    ra_buf_reset(&b);
    ra_buf_putf(&b, "the client left %u process%s of its group running "
                "after it exited (killed)", cr->leftovers,
                cr->leftovers == 1 ? "" : "es");
    weaker(x, &v, ra_buf_str(&b));
  }
  verdict_keep(x, &v);
  ra_buf_free(&b);
}

void ra_cc_judge_attempts(const struct ra_cc_judge *x,
                          const struct ra_cc_observed *o)
{
  const struct ra_child_result *cr = o->child;
  unsigned lo = x->sc->attempts_min, hi = x->sc->attempts_max;
  size_t seen = o->seen;
  struct ra_verdict v;
  struct ra_buf b;
  char key[64];
  verdict_start(&v, x, RA_CC_CHECK_ATTEMPTS,
                x->sc->retry == RA_CC_RETRY_NONE ? "not retried" :
                x->sc->retry == RA_CC_RETRY_THEN_SUCCESS ?
                "retried until the success" :
                "retried, then gave up after a bounded number of attempts");
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  if(lo == hi)
    ra_buf_putf(&b, "%u request%s", lo, lo == 1 ? "" : "s");
  else
    ra_buf_putf(&b, "%u to %u requests", lo, hi);
  ra_verdict_set(&v.expected, ra_buf_str(&b));
  ra_buf_reset(&b);
  ra_buf_putf(&b, "%zu request%s", seen, seen == 1 ? "" : "s");
  ra_verdict_set(&v.actual, ra_buf_str(&b));
  snprintf(key, sizeof(key), "%zu attempts", seen);
  ra_buf_reset(&b);
  if(cr->cancelled) {
    ra_buf_putf(&b, "the client sent more than %d requests (stopped)",
                RA_CC_REQUEST_LIMIT);
    snprintf(key, sizeof(key), "more than %d attempts", RA_CC_REQUEST_LIMIT);
  }
  else if(seen >= lo && seen <= hi)
    ;
  else if(seen > hi && x->sc->retry == RA_CC_RETRY_NONE && hi <= 1)
    ra_buf_putf(&b, "the client retried an answer that must not be "
                "retried: %zu requests, expected %u", seen, hi);
  else if(seen < lo && x->sc->retry == RA_CC_RETRY_THEN_SUCCESS)
    ra_buf_putf(&b, "the client gave up after %zu request%s; the script "
                "answers success on attempt %u", seen, seen == 1 ? "" : "s",
                lo);
  else if(seen < lo && x->sc->retry == RA_CC_RETRY_GIVE_UP)
    ra_buf_putf(&b, "the client did not retry: %zu request%s, expected at "
                "least %u", seen, seen == 1 ? "" : "s", lo);
  else if(seen > hi && x->sc->retry == RA_CC_RETRY_GIVE_UP)
    ra_buf_putf(&b, "the client did not give up: %zu requests, at most %u",
                seen, hi);
  else if(lo == hi)
    ra_buf_putf(&b, "%zu requests, expected exactly %u", seen, lo);
  else
    ra_buf_putf(&b, "%zu requests, expected %u to %u", seen, lo, hi);
  if(b.len)
    fail(&v, ra_buf_str(&b), key);
  verdict_keep(x, &v);
  ra_buf_free(&b);
}

void ra_cc_gaps_measure(struct ra_cc_gaps *g, const struct ra_cc_scenario *sc,
                        const struct ra_cc_request *reqs, size_t count)
{
  size_t k, n = count ? count - 1 : 0;
  g->n = 0;
  if(sc->retry == RA_CC_RETRY_NONE)
    return;
  /* Then-success: the scripted failures only; give-up: every answer. */
  if(sc->retry == RA_CC_RETRY_THEN_SUCCESS && n + 1 > sc->attempts_min)
    n = sc->attempts_min ? sc->attempts_min - 1 : 0;
  if(n > RA_CC_MAX_GAPS)
    n = RA_CC_MAX_GAPS;
  for(k = 0; k < n; k++)
    g->ms[k] = reqs[k + 1].arrived_ms - reqs[k].answered_ms;
  g->n = n;
}

static int64_t gaps_total(const struct ra_cc_gaps *g)
{
  int64_t total = 0;
  size_t k;
  for(k = 0; k < g->n; k++)
    total += g->ms[k];
  return total;
}

/* The delays of n examinations, pooled: how many, and their sum. */
static size_t gaps_pool(const struct ra_cc_gaps *g, size_t n, int64_t *total)
{
  size_t i, count = 0;
  *total = 0;
  for(i = 0; i < n; i++) {
    count += g[i].n;
    *total += gaps_total(&g[i]);
  }
  return count;
}

int ra_cc_gaps_immediate(const struct ra_cc_gaps *g, size_t n)
{
  int64_t total;
  size_t count = gaps_pool(g, n, &total);
  return count && total < (int64_t)count * RA_CC_BACKOFF_MIN_MEAN_MS;
}

/* " 3 ms 120 ms (growing)" */
static void gaps_describe(struct ra_buf *b, const struct ra_cc_gaps *g)
{
  size_t k;
  int growing = 1;
  for(k = 0; k < g->n; k++) {
    ra_buf_putf(b, " %lld ms", (long long)g->ms[k]);
    if(k && g->ms[k] < g->ms[k - 1])
      growing = 0;
  }
  if(!g->n)
    ra_buf_puts(b, " none (no retry)");
  else if(g->n >= 2)
    ra_buf_putf(b, " (%s)", growing ? "growing" : "not monotonic; jittered "
                "backoff is random");
}

static int64_t gaps_worst(const struct ra_cc_gaps *g, int64_t worst)
{
  size_t k;
  for(k = 0; k < g->n; k++)
    if(g->ms[k] > worst)
      worst = g->ms[k];
  return worst;
}

/* The delays between an answer and the next request, for the answers that
 * are retryable failures, over every examination of the scenario. */
void ra_cc_judge_backoff(const struct ra_cc_judge *x,
                         const struct ra_cc_observed *o)
{
  struct ra_verdict v;
  struct ra_buf b, why;
  struct ra_cc_gaps all[RA_CC_BACKOFF_EXAMINATIONS];
  size_t k, n = 1, count;
  int64_t worst = 0, total;
  if(x->sc->retry == RA_CC_RETRY_NONE)
    return;
  ra_cc_gaps_measure(&all[0], x->sc, o->reqs, o->count);
  /* Jitter can draw near-zero delays: a scenario whose retries looked
   * immediate was examined again, and is judged on every examination. */
  if(ra_cc_gaps_immediate(&all[0], 1)) {
    for(k = 0; k < o->again_count && n < RA_CC_BACKOFF_EXAMINATIONS; k++)
      all[n++] = o->again[k];
  }
  verdict_start(&v, x, RA_CC_CHECK_BACKOFF, "delays between retries are "
                "not immediate and stay bounded");
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_init(&why, RA_BUF_UNLIMITED);
  ra_buf_putf(&b, "delays not immediate (at least %d ms on average), each "
              "<= %d ms", RA_CC_BACKOFF_MIN_MEAN_MS,
              RA_CC_BACKOFF_MAX_EACH_MS);
  ra_verdict_set(&v.expected, ra_buf_str(&b));
  ra_buf_reset(&b);
  ra_buf_puts(&b, "delays after each retryable answer:");
  for(k = 0; k < n; k++) {
    if(k)
      ra_buf_putf(&b, "; examination %zu of the scenario, as they looked "
                  "immediate:", k + 1);
    gaps_describe(&b, &all[k]);
    worst = gaps_worst(&all[k], worst);
  }
  ra_verdict_set(&v.actual, ra_buf_str(&b));
  count = gaps_pool(all, n, &total);
  if(!all[0].n)
    fail(&v, "the client did not retry, so no backoff could be measured",
         "no retry");
  else if(ra_cc_gaps_immediate(all, n)) {
    ra_buf_putf(&why, "retries were immediate: %lld ms of delay in total "
                "over %zu retr%s", (long long)total, count,
                count == 1 ? "y" : "ies");
    if(n > 1)
      ra_buf_putf(&why, " in %zu examinations", n);
    ra_buf_puts(&why, " (no backoff)");
    fail(&v, ra_buf_str(&why), "immediate retries");
  }
  else if(worst > RA_CC_BACKOFF_MAX_EACH_MS) {
    ra_buf_putf(&why, "a retry delay of %lld ms exceeds the bound of %d ms",
                (long long)worst, RA_CC_BACKOFF_MAX_EACH_MS);
    fail(&v, ra_buf_str(&why), "unbounded delay");
  }
  verdict_keep(x, &v);
  ra_buf_free(&b);
  ra_buf_free(&why);
}

/* The first reason of a "; "-joined list without its "request k/n: "
 * prefix: the key a baseline matches (a new string). */
static char *first_reason(const char *reasons)
{
  char *key = ra_strdup(reasons);
  char *semi = strstr(key, "; ");
  if(semi)
    *semi = '\0';
  if(!strncmp(key, "request ", 8) && strstr(key, ": ")) {
    const char *rest = strstr(key, ": ") + 2;
    memmove(key, rest, strlen(rest) + 1);
  }
  return key;
}

/* The per-request checks, each over every request of the scenario. */
void ra_cc_judge_requests(const struct ra_cc_judge *x,
                          const struct ra_cc_observed *o,
                          const struct ra_examine_input *in)
{
  struct ra_buf agg[RA_EXAMINE_COUNT];
  struct ra_examine_result first;   /* weak and info of the first request
                                       that has any */
  struct ra_buf excerpt;
  long first_bad[RA_EXAMINE_COUNT];
  size_t c, k;

  ra_examine_result_init(&first);
  for(c = 0; c < RA_EXAMINE_COUNT; c++) {
    ra_buf_init(&agg[c], RA_BUF_UNLIMITED);
    first_bad[c] = -1;
  }
  for(k = 0; k < o->count; k++) {
    struct ra_examine_result res;
    ra_examine_result_init(&res);
    ra_examine_request(&o->reqs[k], in, &res);
    for(c = 0; c < RA_EXAMINE_COUNT; c++) {
      if(res.why[c].len) {
        if(first_bad[c] < 0)
          first_bad[c] = (long)k;
        if(agg[c].len)
          ra_buf_puts(&agg[c], "; ");
        if(o->count > 1)
          ra_buf_putf(&agg[c], "request %zu/%zu: ", k + 1, o->count);
        ra_buf_puts(&agg[c], ra_buf_str(&res.why[c]));
      }
      if(res.weak[c].len && !first.weak[c].len)
        ra_buf_puts(&first.weak[c], ra_buf_str(&res.weak[c]));
      if(res.info[c].len && !first.info[c].len)
        ra_buf_puts(&first.info[c], ra_buf_str(&res.info[c]));
    }
    ra_examine_result_free(&res);
  }

  ra_buf_init(&excerpt, RA_BUF_UNLIMITED);
  for(c = 0; c < RA_EXAMINE_COUNT; c++) {
    struct ra_verdict v;
    ra_examine_check check = (ra_examine_check)c;
    verdict_start(&v, x, ra_examine_check_name(check),
                  ra_examine_check_title(check));
    ra_verdict_set(&v.expected, ra_examine_check_title(check));
    if(!o->count) {
      v.status = RA_STATUS_SKIP;
      v.grade = RA_GRADE_NONE;
      ra_verdict_set(&v.reason, "the client sent no request");
      verdict_keep(x, &v);
      continue;
    }
    ra_buf_reset(&excerpt);
    ra_examine_format_request(&excerpt,
                            &o->reqs[first_bad[c] >= 0 ? first_bad[c] : 0],
                            in->secret, REQUEST_EXCERPT_BODY);
    ra_verdict_set(&v.request, ra_buf_str(&excerpt));
    if(agg[c].len) {
      char *key = first_reason(ra_buf_str(&agg[c]));
      fail(&v, ra_buf_str(&agg[c]), key);
      ra_verdict_set(&v.actual, ra_buf_str(&agg[c]));
      ra_free(key);
    }
    else {
      ra_buf_reset(&excerpt);
      ra_buf_putf(&excerpt, "%zu request%s passed", o->count,
                  o->count == 1 ? "" : "s");
      if(first.info[c].len)
        ra_buf_putf(&excerpt, " (%s)", ra_buf_str(&first.info[c]));
      if(first.weak[c].len) {
        ra_buf_putf(&excerpt, "; weaker: %s", ra_buf_str(&first.weak[c]));
        weaker(x, &v, ra_buf_str(&first.weak[c]));
      }
      ra_verdict_set(&v.actual, ra_buf_str(&excerpt));
    }
    verdict_keep(x, &v);
  }
  ra_buf_free(&excerpt);
  for(c = 0; c < RA_EXAMINE_COUNT; c++)
    ra_buf_free(&agg[c]);
  ra_examine_result_free(&first);
}


void ra_cc_judge_all(const struct ra_cc_judge *j,
                     const struct ra_cc_observed *o,
                     const struct ra_examine_input *in)
{
  ra_cc_judge_outcome(j, o);
  ra_cc_judge_attempts(j, o);
  ra_cc_judge_backoff(j, o);
  ra_cc_judge_requests(j, o, in);
}
