/* The client examiner (see clientcheck.h). */
#include "client/clientcheck.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "client/examine.h"
#include "client/outcome.h"
#include "client/recorder.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/child.h"
#include "core/clock.h"
#include "core/datadir.h"
#include "core/log.h"
#include "core/version.h"
#include "server/refserver.h"

extern char **environ;

#define OUTPUT_MAX (64 * 1024)
#define REQUEST_EXCERPT_BODY 1024

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
  ra_buf_addf(&b, "%s=%s", name, value);
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
  spec.output_max = OUTPUT_MAX;
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
    ra_buf_addc(out, (c >= 0x20 && c < 0x7f) ? (char)c : ' ');
  }
}

/* ---- verdicts ----------------------------------------------------------- */

/* One scenario being judged. Its verdicts go to out, a private run that
 * only this scenario's thread touches; they are published to the shared
 * run, whole and in scenario order, once the scenario is over. */
struct scenario_ctx {
  struct ra_run *out;
  int strict;
  const struct ra_cc_scenario *sc;
  const struct ra_cc_script *script;
  ra_profile profile;
  double duration_ms;
  const char *answers_text;
};

/* A new verdict for check, filled with the scenario's facts, graded pass
 * until the caller says otherwise; kept with verdict_keep once complete. */
static void verdict_start(struct ra_verdict *v, const struct scenario_ctx *x,
                          const char *check, const char *title)
{
  struct ra_buf b;
  ra_verdict_init(v);
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_addf(&b, "%s/%s", x->sc->name, check);
  ra_verdict_set(&v->case_id, ra_buf_str(&b));
  ra_buf_reset(&b);
  ra_buf_addf(&b, "%s: %s", x->sc->title, title);
  ra_verdict_set(&v->title, ra_buf_str(&b));
  ra_buf_reset(&b);
  ra_buf_addf(&b, "%s.client-check", ra_profile_name(x->profile));
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

static void verdict_keep(struct scenario_ctx *x, struct ra_verdict *v)
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
static void weaker(const struct scenario_ctx *x, struct ra_verdict *v,
                   const char *reason)
{
  if(v->status != RA_STATUS_PASS)
    return;
  v->grade = RA_GRADE_NON_STRICT;
  ra_verdict_set(&v->reason, reason);
  if(x->strict) {
    struct ra_buf b;
    ra_buf_init(&b, RA_BUF_UNLIMITED);
    ra_buf_addf(&b, "NON-STRICT under --strict: %s", reason);
    v->status = RA_STATUS_FAIL;
    ra_verdict_set(&v->reason, ra_buf_str(&b));
    ra_verdict_set(&v->observed_key, ra_buf_str(&b));
    ra_buf_free(&b);
  }
}

static void expected_outcome(struct ra_buf *exp, const struct scenario_ctx *x)
{
  switch(x->sc->expect) {
  case RA_CC_EXPECT_OK:
    ra_buf_adds(exp, "ok");
    break;
  case RA_CC_EXPECT_ERROR:
    ra_buf_addf(exp, "an error carrying %s", x->script->code);
    if(x->script->type)
      ra_buf_addf(exp, " (the type %s alone: NON-STRICT)", x->script->type);
    break;
  case RA_CC_EXPECT_ANY_ERROR:
    ra_buf_adds(exp, "an error (anything but ok)");
    break;
  case RA_CC_EXPECT_REFUSE_OR_ERROR:
    ra_buf_adds(exp, "an error: refused before sending, or sent unchanged "
                "and the server's error surfaced");
    break;
  }
}

static void judge_outcome(struct scenario_ctx *x,
                          const struct ra_cc_recorder *rec,
                          const struct ra_child_result *cr, const char *line)
{
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
    ra_buf_adds(&b, "cannot run COMMAND: ");
    stderr_tail(&b, &cr->err);
    ra_verdict_set(&v.reason, ra_buf_str(&b));
  }
  else if(cr->cancelled) {
    ra_buf_addf(&b, "the client sent more than %d requests and was stopped",
                RA_CC_REQUEST_LIMIT);
    fail(&v, ra_buf_str(&b), "stopped: too many requests");
  }
  else if(cr->timed_out && !line) {
    v.status = RA_STATUS_ERROR;
    v.grade = RA_GRADE_NONE;
    ra_verdict_set(&v.error_kind, "timeout");
    ra_buf_addf(&b, "the client did not finish within %.0f s and printed "
                "nothing", cr->duration_ms / 1000.0);
    ra_verdict_set(&v.reason, ra_buf_str(&b));
  }
  else if(!line) {
    ra_buf_addf(&b, "the client printed nothing on stdout (exit status %d; "
                "stderr: ", WIFEXITED(cr->status) ? WEXITSTATUS(cr->status)
                                                   : -1);
    stderr_tail(&b, &cr->err);
    ra_buf_addc(&b, ')');
    fail(&v, ra_buf_str(&b), "printed nothing");
  }
  else {
    struct ra_cc_outcome o;
    ra_cc_outcome_init(&o);
    ra_cc_outcome_judge(&o, x->sc, x->script, line, rec->seen);
    ra_verdict_set(&v.actual, ra_buf_str(&o.actual));
    if(o.grade == RA_GRADE_NONE)
      fail(&v, ra_buf_str(&o.reason), ra_buf_str(&o.key));
    else if(o.grade == RA_GRADE_NON_STRICT)
      weaker(x, &v, ra_buf_str(&o.reason));
    ra_cc_outcome_free(&o);
    if(v.status == RA_STATUS_PASS && cr->timed_out) {
      ra_buf_addf(&b, "the client printed its line but did not exit within "
                  "%.0f s", cr->duration_ms / 1000.0);
      fail(&v, ra_buf_str(&b), "did not exit");
    }
  }
  /* What happened, whatever the grade. */
  ra_buf_reset(&b);
  if(v.actual)
    ra_buf_addf(&b, "%s ", v.actual);
  if(cr->exited && WIFEXITED(cr->status))
    ra_buf_addf(&b, "(exit status %d", WEXITSTATUS(cr->status));
  else
    ra_buf_adds(&b, "(killed");
  ra_buf_addf(&b, ", %zu request%s", rec->seen, rec->seen == 1 ? "" : "s");
  if(cr->out_truncated)
    ra_buf_addf(&b, ", stdout cut at %d bytes", OUTPUT_MAX);
  ra_buf_addc(&b, ')');
  ra_verdict_set(&v.actual, ra_buf_str(&b));
  if(cr->leftovers) {
    ra_buf_reset(&b);
    ra_buf_addf(&b, "the client left %u process%s of its group running "
                "after it exited (killed)", cr->leftovers,
                cr->leftovers == 1 ? "" : "es");
    weaker(x, &v, ra_buf_str(&b));
  }
  verdict_keep(x, &v);
  ra_buf_free(&b);
}

static void judge_attempts(struct scenario_ctx *x,
                           const struct ra_cc_recorder *rec,
                           const struct ra_child_result *cr)
{
  unsigned lo = x->sc->attempts_min, hi = x->sc->attempts_max;
  size_t seen = rec->seen;
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
    ra_buf_addf(&b, "%u request%s", lo, lo == 1 ? "" : "s");
  else
    ra_buf_addf(&b, "%u to %u requests", lo, hi);
  ra_verdict_set(&v.expected, ra_buf_str(&b));
  ra_buf_reset(&b);
  ra_buf_addf(&b, "%zu request%s", seen, seen == 1 ? "" : "s");
  ra_verdict_set(&v.actual, ra_buf_str(&b));
  snprintf(key, sizeof(key), "%zu attempts", seen);
  ra_buf_reset(&b);
  if(cr->cancelled) {
    ra_buf_addf(&b, "the client sent more than %d requests (stopped)",
                RA_CC_REQUEST_LIMIT);
    snprintf(key, sizeof(key), "more than %d attempts", RA_CC_REQUEST_LIMIT);
  }
  else if(seen >= lo && seen <= hi)
    ;
  else if(seen > hi && x->sc->retry == RA_CC_RETRY_NONE && hi <= 1)
    ra_buf_addf(&b, "the client retried an answer that must not be "
                "retried: %zu requests, expected %u", seen, hi);
  else if(seen < lo && x->sc->retry == RA_CC_RETRY_THEN_SUCCESS)
    ra_buf_addf(&b, "the client gave up after %zu request%s; the script "
                "answers success on attempt %u", seen, seen == 1 ? "" : "s",
                lo);
  else if(seen < lo && x->sc->retry == RA_CC_RETRY_GIVE_UP)
    ra_buf_addf(&b, "the client did not retry: %zu request%s, expected at "
                "least %u", seen, seen == 1 ? "" : "s", lo);
  else if(seen > hi && x->sc->retry == RA_CC_RETRY_GIVE_UP)
    ra_buf_addf(&b, "the client did not give up: %zu requests, at most %u",
                seen, hi);
  else if(lo == hi)
    ra_buf_addf(&b, "%zu requests, expected exactly %u", seen, lo);
  else
    ra_buf_addf(&b, "%zu requests, expected %u to %u", seen, lo, hi);
  if(b.len)
    fail(&v, ra_buf_str(&b), key);
  verdict_keep(x, &v);
  ra_buf_free(&b);
}

/* The delays between an answer and the next request, for the answers that
 * are retryable failures. */
static void judge_backoff(struct scenario_ctx *x,
                          const struct ra_cc_recorder *rec)
{
  struct ra_verdict v;
  struct ra_buf b, why;
  size_t k, n = rec->count, gaps;
  int64_t total = 0, worst = 0;
  if(x->sc->retry == RA_CC_RETRY_NONE)
    return;
  /* Then-success: the scripted failures only; give-up: every answer. */
  gaps = n ? n - 1 : 0;
  if(x->sc->retry == RA_CC_RETRY_THEN_SUCCESS &&
     gaps + 1 > x->sc->attempts_min)
    gaps = x->sc->attempts_min - 1;
  verdict_start(&v, x, RA_CC_CHECK_BACKOFF, "delays between retries are "
                "not immediate and stay bounded");
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_init(&why, RA_BUF_UNLIMITED);
  ra_buf_addf(&b, "delays not all immediate (sum >= %d ms), each <= %d ms",
              RA_CC_BACKOFF_MIN_TOTAL_MS, RA_CC_BACKOFF_MAX_EACH_MS);
  ra_verdict_set(&v.expected, ra_buf_str(&b));
  ra_buf_reset(&b);
  ra_buf_adds(&b, "delays after each retryable answer:");
  for(k = 0; k < gaps; k++) {
    int64_t gap = rec->reqs[k + 1].arrived_ms - rec->reqs[k].answered_ms;
    ra_buf_addf(&b, " %lld ms", (long long)gap);
    total += gap;
    if(gap > worst)
      worst = gap;
  }
  if(!gaps)
    ra_buf_adds(&b, " none (no retry)");
  else if(gaps >= 2) {
    int growing = 1;
    size_t j;
    for(j = 1; j < gaps; j++) {
      if(rec->reqs[j + 1].arrived_ms - rec->reqs[j].answered_ms <
         rec->reqs[j].arrived_ms - rec->reqs[j - 1].answered_ms)
        growing = 0;
    }
    ra_buf_addf(&b, " (%s)", growing ? "growing" : "not monotonic; jittered "
                "backoff is random");
  }
  ra_verdict_set(&v.actual, ra_buf_str(&b));
  if(!gaps)
    fail(&v, "the client did not retry, so no backoff could be measured",
         "no retry");
  else if(total < RA_CC_BACKOFF_MIN_TOTAL_MS) {
    ra_buf_addf(&why, "retries were immediate: %lld ms of delay in total "
                "over %zu retr%s (no backoff)", (long long)total, gaps,
                gaps == 1 ? "y" : "ies");
    fail(&v, ra_buf_str(&why), "immediate retries");
  }
  else if(worst > RA_CC_BACKOFF_MAX_EACH_MS) {
    ra_buf_addf(&why, "a retry delay of %lld ms exceeds the bound of %d ms",
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
static void judge_requests(struct scenario_ctx *x,
                           const struct ra_cc_recorder *rec,
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
  for(k = 0; k < rec->count; k++) {
    struct ra_examine_result res;
    ra_examine_result_init(&res);
    ra_examine_request(&rec->reqs[k], in, &res);
    for(c = 0; c < RA_EXAMINE_COUNT; c++) {
      if(res.why[c].len) {
        if(first_bad[c] < 0)
          first_bad[c] = (long)k;
        if(agg[c].len)
          ra_buf_adds(&agg[c], "; ");
        if(rec->count > 1)
          ra_buf_addf(&agg[c], "request %zu/%zu: ", k + 1, rec->count);
        ra_buf_adds(&agg[c], ra_buf_str(&res.why[c]));
      }
      if(res.weak[c].len && !first.weak[c].len)
        ra_buf_adds(&first.weak[c], ra_buf_str(&res.weak[c]));
      if(res.info[c].len && !first.info[c].len)
        ra_buf_adds(&first.info[c], ra_buf_str(&res.info[c]));
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
    if(!rec->count) {
      v.status = RA_STATUS_SKIP;
      v.grade = RA_GRADE_NONE;
      ra_verdict_set(&v.reason, "the client sent no request");
      verdict_keep(x, &v);
      continue;
    }
    ra_buf_reset(&excerpt);
    ra_examine_format_request(&excerpt,
                            &rec->reqs[first_bad[c] >= 0 ? first_bad[c] : 0],
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
      ra_buf_addf(&excerpt, "%zu request%s passed", rec->count,
                  rec->count == 1 ? "" : "s");
      if(first.info[c].len)
        ra_buf_addf(&excerpt, " (%s)", ra_buf_str(&first.info[c]));
      if(first.weak[c].len) {
        ra_buf_addf(&excerpt, "; weaker: %s", ra_buf_str(&first.weak[c]));
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

static unsigned scenario_timeout(const struct ra_clientcheck_opts *opts,
                                 const struct ra_cc_scenario *sc)
{
  if(opts->timeout_s)
    return opts->timeout_s;
  return sc->timeout_s > RA_CLIENTCHECK_TIMEOUT_S ? sc->timeout_s
                                                  : RA_CLIENTCHECK_TIMEOUT_S;
}

/* Runs one scenario and puts its verdicts into out (private to the
 * caller's thread). */
static ra_code run_scenario(struct ra_run *out,
                            const struct ra_clientcheck_opts *opts,
                            const struct ra_cc_scenario *sc,
                            struct ra_error *err)
{
  const struct ra_cc_script *script = ra_cc_scenario_script(sc, opts->profile);
  struct ra_refserver_config cfg;
  struct ra_refserver *server = NULL;
  struct ra_cc_recorder *rec = ra_calloc(1, sizeof(*rec));
  struct ra_child_result cr;
  struct scenario_ctx x;
  struct ra_examine_input in;
  struct ra_buf answers;
  char *assignment_id = NULL;
  char *feedback = NULL;
  char *line = NULL;
  char **env = NULL;
  size_t feedback_len = 0;
  const char *names[7] = {RA_CC_ENV_ENDPOINT, RA_CC_ENV_PROFILE,
    RA_CC_ENV_ACCESS_KEY_ID, RA_CC_ENV_SECRET, RA_CC_ENV_ASSIGNMENT_ID,
    RA_CC_ENV_FEEDBACK, RA_CC_ENV_SCENARIO};
  const char *values[7];
  ra_code result;

  ra_child_result_init(&cr);
  ra_buf_init(&answers, RA_BUF_UNLIMITED);
  ra_cc_recorder_init(rec, script, opts->fixtures_dir ? opts->fixtures_dir :
                ra_clientcheck_fixtures_dir());
  ra_refserver_config_init(&cfg);
  cfg.profiles = opts->profile == RA_PROFILE_LEGACY ? RA_SERVE_LEGACY
                                                    : RA_SERVE_JSON;
  cfg.hook = ra_cc_recorder_hook;
  cfg.hook_ctx = rec;
  result = ra_refserver_start(&server, &cfg, err);
  if(result)
    goto done;
  result = ra_refserver_seed(server, RA_REFSERVER_OWNER_KEY_ID, "Submitted",
                             &assignment_id);
  if(result) {
    ra_error_set(err, RA_E_CONFIG, "client-check", 0, 0,
                 "cannot seed an assignment: %s", ra_strerror(result));
    goto done;
  }
  feedback = ra_cc_feedback_make(sc->feedback, &feedback_len);
  values[0] = ra_refserver_url(server);
  values[1] = ra_profile_name(opts->profile);
  values[2] = RA_REFSERVER_OWNER_KEY_ID;
  values[3] = RA_REFSERVER_OWNER_SECRET;
  values[4] = assignment_id;
  values[5] = feedback;
  values[6] = sc->name;
  env = build_env(names, values);

  run_child(&cr, opts->argv, env, scenario_timeout(opts, sc), &rec->cancel);
  /* Stop the server before judging so no handler still writes. */
  ra_refserver_stop(server);
  server = NULL;

  line = first_line(&cr.out);
  ra_cc_recorder_describe(&answers, rec);
  memset(&x, 0, sizeof(x));
  x.out = out;
  x.strict = opts->strict;
  x.sc = sc;
  x.script = script;
  x.profile = opts->profile;
  x.duration_ms = cr.duration_ms;
  x.answers_text = ra_buf_str(&answers);

  memset(&in, 0, sizeof(in));
  in.profile = opts->profile;
  in.access_key_id = RA_REFSERVER_OWNER_KEY_ID;
  in.secret = RA_REFSERVER_OWNER_SECRET;
  in.assignment_id = assignment_id;
  in.feedback = feedback;
  in.feedback_len = feedback_len;
  {
    struct ra_clock sys = ra_clock_system();
    in.now_ms = ra_clock_now_ms(&sys);
  }

  judge_outcome(&x, rec, &cr, line);
  judge_attempts(&x, rec, &cr);
  judge_backoff(&x, rec);
  judge_requests(&x, rec, &in);
  if(opts->verbose) {
    /* The line comes from the client: escaped before it reaches a
     * terminal. */
    struct ra_buf shown;
    ra_buf_init(&shown, RA_BUF_UNLIMITED);
    if(line)
      ra_cc_line_display(&shown, line);
    fprintf(stderr, "client-check: %s: %zu request%s, reported '%s' "
            "(%.1f s)\n", sc->name, rec->seen, rec->seen == 1 ? "" : "s",
            ra_buf_str(&shown), cr.duration_ms / 1000.0);
    ra_buf_free(&shown);
  }
  result = RA_OK;
done:
  ra_refserver_stop(server);
  ra_cc_recorder_free(rec);
  ra_free(rec);
  ra_child_result_free(&cr);
  ra_buf_free(&answers);
  ra_free(assignment_id);
  ra_free(feedback);
  ra_free(line);
  if(env)
    free_env(env);
  return result;
}

/* ---- running the scenarios, several at once ----------------------------- */

struct job {
  const struct ra_cc_scenario *sc;
  struct ra_run out;          /* its verdicts until published */
  struct ra_error err;
  ra_code result;
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
    pthread_mutex_unlock(&p->lock);
    ra_error_clear(&j->err);
    j->result = run_scenario(&j->out, p->opts, j->sc, &j->err);
    pthread_mutex_lock(&p->lock);
    j->done = 1;
    if(j->result)
      p->stop = 1;
    pthread_cond_broadcast(&p->cond);
    pthread_mutex_unlock(&p->lock);
  }
}

/* Moves a finished job's verdicts into the shared run, each one whole. */
static void publish(struct ra_run *run, struct job *j)
{
  size_t i;
  for(i = 0; i < j->out.count; i++)
    ra_run_append(run, &j->out.verdicts[i]);
}

ra_code ra_clientcheck_run(struct ra_run *run,
                           const struct ra_clientcheck_opts *opts,
                           struct ra_error *err)
{
  size_t count, i, n = 0, threads;
  const struct ra_cc_scenario *all = ra_cc_scenarios(&count);
  pthread_t tid[RA_CC_MAX_JOBS];
  struct pool p;
  ra_code result = ra_clientcheck_validate(opts, err);
  if(result)
    return result;
  memset(&p, 0, sizeof(p));
  p.opts = opts;
  p.jobs = ra_calloc(count + opts->scenario_count + 1, sizeof(*p.jobs));
  if(opts->scenario_count) {
    for(i = 0; i < opts->scenario_count; i++)
      p.jobs[n++].sc = ra_cc_scenario_find(opts->scenarios[i]);
  }
  else {
    for(i = 0; i < count; i++) {
      if(applies(&all[i], opts->profile))
        p.jobs[n++].sc = &all[i];
    }
  }
  for(i = 0; i < n; i++)
    ra_run_init(&p.jobs[i].out);
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
    while(!p.jobs[i].done && !(p.stop && i >= p.next))
      pthread_cond_wait(&p.cond, &p.lock);
    pthread_mutex_unlock(&p.lock);
    if(!p.jobs[i].done)
      break;
    if(p.jobs[i].result) {
      result = p.jobs[i].result;
      *err = p.jobs[i].err;
      break;
    }
    publish(run, &p.jobs[i]);
  }
  pthread_mutex_lock(&p.lock);
  p.stop = 1;
  pthread_mutex_unlock(&p.lock);
  for(i = 0; i < threads; i++)
    pthread_join(tid[i], NULL);
  for(i = 0; i < n; i++)
    ra_run_free(&p.jobs[i].out);
  ra_free(p.jobs);
  pthread_cond_destroy(&p.cond);
  pthread_mutex_destroy(&p.lock);
  return result;
}
