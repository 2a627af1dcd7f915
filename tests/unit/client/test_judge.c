/* Unit tests of client/judge: made-up examinations (requests with their
 * arrival and answer times, how the client's process ended, the line it
 * printed) judged against scenarios of the table; each rule of each check
 * must pass what it should and fail what it should, with its words and
 * baseline key. No server, no process. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "client/judge.h"
#include "core/alloc.h"
#include "check_run.h"

#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

/* One examination being made up, and the run its verdicts go to. */
struct fixture {
  struct ra_run run;
  struct ra_cc_request reqs[RA_CC_MAX_GAPS + 1];
  size_t count;
  struct ra_child_result cr;
  struct ra_cc_judge j;
  struct ra_cc_observed o;
};

static void setup(struct fixture *f, const char *scenario, int strict)
{
  size_t i;
  memset(f, 0, sizeof(*f));
  ra_run_init(&f->run);
  for(i = 0; i < RA_CC_MAX_GAPS + 1; i++)
    ra_cc_request_init(&f->reqs[i]);
  ra_child_result_init(&f->cr);
  f->cr.exited = 1;
  f->cr.status = 0;            /* exit status 0 */
  f->cr.duration_ms = 420;
  f->j.out = &f->run;
  f->j.strict = strict;
  f->j.sc = ra_cc_scenario_find(scenario);
  ck_assert_ptr_nonnull(f->j.sc);
  f->j.script = ra_cc_scenario_script(f->j.sc, RA_PROFILE_JSON);
  f->j.profile = RA_PROFILE_JSON;
  f->j.duration_ms = 420;
  f->j.answers_text = "1: the reference server's own answer";
  f->o.reqs = f->reqs;
  f->o.child = &f->cr;
}

static void teardown(struct fixture *f)
{
  size_t i;
  for(i = 0; i < RA_CC_MAX_GAPS + 1; i++)
    ra_cc_request_free(&f->reqs[i]);
  ra_child_result_free(&f->cr);
  ra_run_free(&f->run);
}

/* Adds a request that arrived at `at` and was answered 1 ms later. */
static void request_at(struct fixture *f, int64_t at)
{
  struct ra_cc_request *r = &f->reqs[f->count++];
  r->method = ra_strdup("POST");
  r->target = ra_strdup("/");
  ra_headers_add(&r->headers, "Host", "127.0.0.1");
  ra_headers_add(&r->headers, "User-Agent", "unit-test/1.0");
  r->body = ra_strdup("{}");
  r->body_len = 2;
  r->arrived_ms = at;
  r->answered_ms = at + 1;
  f->o.count = f->count;
  f->o.seen = f->count;
}

/* The one verdict of the run; its ID must be scenario/check. */
static const struct ra_verdict *only(const struct fixture *f,
                                     const char *check)
{
  char id[128];
  ck_assert_uint_eq(f->run.count, 1);
  snprintf(id, sizeof(id), "%s/%s", f->j.sc->name, check);
  ck_assert_str_eq(f->run.verdicts[0].case_id, id);
  return &f->run.verdicts[0];
}

static const struct ra_verdict *outcome(struct fixture *f, const char *line)
{
  f->o.line = line;
  ra_cc_judge_outcome(&f->j, &f->o);
  return only(f, RA_CC_CHECK_OUTCOME);
}

static const struct ra_verdict *attempts(struct fixture *f)
{
  ra_cc_judge_attempts(&f->j, &f->o);
  return only(f, RA_CC_CHECK_ATTEMPTS);
}

static const struct ra_verdict *backoff(struct fixture *f)
{
  ra_cc_judge_backoff(&f->j, &f->o);
  return only(f, RA_CC_CHECK_BACKOFF);
}

#define HAS(s, part) ck_assert_msg((s) && strstr((s), (part)), \
                                   "'%s' lacks '%s'", (s) ? (s) : "(null)", \
                                   (part))

/* ---- outcome ------------------------------------------------------------ */

START_TEST(test_judge__outcome_ok_and_facts)
{
  struct fixture f;
  const struct ra_verdict *v;
  setup(&f, "success", 0);
  request_at(&f, 100);
  v = outcome(&f, "ok");
  ck_assert_int_eq(v->status, RA_STATUS_PASS);
  ck_assert_int_eq(v->grade, RA_GRADE_OK);
  ck_assert_str_eq(v->expected, "ok");
  ck_assert_str_eq(v->actual, "reported: ok (exit status 0, 1 request)");
  ck_assert_str_eq(v->group, "json-2017.client-check");
  ck_assert_str_eq(v->profile, "json-2017");
  ck_assert_str_eq(v->tags, "client-check");
  ck_assert_str_eq(v->response, "1: the reference server's own answer");
  HAS(v->title, "what the client reported");
  teardown(&f);
}
END_TEST

START_TEST(test_judge__outcome_wrong_line_fails)
{
  struct fixture f;
  const struct ra_verdict *v;
  setup(&f, "success", 0);
  v = outcome(&f, "error ValidationException");
  ck_assert_int_eq(v->status, RA_STATUS_FAIL);
  ck_assert_int_eq(v->grade, RA_GRADE_NONE);
  HAS(v->reason, "expected ok");
  ck_assert_str_eq(v->observed_key, "reported: error ValidationException");
  teardown(&f);
}
END_TEST

START_TEST(test_judge__outcome_type_without_code_is_weaker)
{
  struct fixture f;
  const struct ra_verdict *v;
  setup(&f, "invalid-state", 0);
  ck_assert_ptr_nonnull(f.j.script->type);
  v = outcome(&f, f.j.script->type);
  ck_assert_int_eq(v->status, RA_STATUS_PASS);
  ck_assert_int_eq(v->grade, RA_GRADE_NON_STRICT);
  HAS(v->reason, "but not the code");
  teardown(&f);
  /* --strict: the same line fails */
  setup(&f, "invalid-state", 1);
  v = outcome(&f, f.j.script->type);
  ck_assert_int_eq(v->status, RA_STATUS_FAIL);
  HAS(v->reason, "NON-STRICT under --strict: ");
  HAS(v->observed_key, "NON-STRICT under --strict: ");
  teardown(&f);
}
END_TEST

START_TEST(test_judge__outcome_process_endings)
{
  struct fixture f;
  const struct ra_verdict *v;
  /* cannot be run: an error, with its stderr */
  setup(&f, "success", 0);
  f.cr.exec_failed = 1;
  ra_buf_puts(&f.cr.err, "no such file\n");
  v = outcome(&f, NULL);
  ck_assert_int_eq(v->status, RA_STATUS_ERROR);
  ck_assert_str_eq(v->error_kind, "exec");
  HAS(v->reason, "cannot run COMMAND: no such file");
  teardown(&f);
  /* stopped for sending too many requests */
  setup(&f, "success", 0);
  f.cr.cancelled = 1;
  v = outcome(&f, NULL);
  ck_assert_int_eq(v->status, RA_STATUS_FAIL);
  ck_assert_str_eq(v->observed_key, "stopped: too many requests");
  teardown(&f);
  /* timed out, silent: an error */
  setup(&f, "success", 0);
  f.cr.timed_out = 1;
  v = outcome(&f, NULL);
  ck_assert_int_eq(v->status, RA_STATUS_ERROR);
  ck_assert_str_eq(v->error_kind, "timeout");
  teardown(&f);
  /* printed its line but never exited */
  setup(&f, "success", 0);
  f.cr.timed_out = 1;
  v = outcome(&f, "ok");
  ck_assert_int_eq(v->status, RA_STATUS_FAIL);
  ck_assert_str_eq(v->observed_key, "did not exit");
  teardown(&f);
  /* exited, printed nothing: the exit status and stderr say why */
  setup(&f, "success", 0);
  f.cr.status = 3 << 8;
  ra_buf_puts(&f.cr.err, "Traceback: boom");
  v = outcome(&f, NULL);
  ck_assert_int_eq(v->status, RA_STATUS_FAIL);
  ck_assert_str_eq(v->observed_key, "printed nothing");
  HAS(v->reason, "exit status 3; stderr: Traceback: boom");
  teardown(&f);
  /* left a process behind: weaker, not wrong */
  setup(&f, "success", 0);
  f.cr.leftovers = 2;
  v = outcome(&f, "ok");
  ck_assert_int_eq(v->status, RA_STATUS_PASS);
  ck_assert_int_eq(v->grade, RA_GRADE_NON_STRICT);
  HAS(v->reason, "left 2 processes");
  teardown(&f);
}
END_TEST

/* ---- attempts ----------------------------------------------------------- */

static const struct ra_verdict *attempts_of(struct fixture *f,
                                            const char *scenario, size_t n)
{
  size_t i;
  setup(f, scenario, 0);
  for(i = 0; i < n; i++)
    request_at(f, (int64_t)i * 100);
  return attempts(f);
}

START_TEST(test_judge__attempts)
{
  struct fixture f;
  const struct ra_verdict *v;
  v = attempts_of(&f, "success", 1);
  ck_assert_int_eq(v->status, RA_STATUS_PASS);
  ck_assert_str_eq(v->expected, "1 request");
  ck_assert_str_eq(v->actual, "1 request");
  teardown(&f);
  v = attempts_of(&f, "invalid-state", 2);     /* must not be retried */
  ck_assert_int_eq(v->status, RA_STATUS_FAIL);
  HAS(v->reason, "retried an answer that must not be retried");
  ck_assert_str_eq(v->observed_key, "2 attempts");
  teardown(&f);
  v = attempts_of(&f, "unavailable-503", 3);
  ck_assert_int_eq(v->status, RA_STATUS_PASS);
  teardown(&f);
  v = attempts_of(&f, "unavailable-503", 2);   /* gave up too early */
  ck_assert_int_eq(v->status, RA_STATUS_FAIL);
  HAS(v->reason, "gave up after 2 requests");
  teardown(&f);
  v = attempts_of(&f, "unavailable-503", 4);   /* retried past success */
  ck_assert_int_eq(v->status, RA_STATUS_FAIL);
  HAS(v->reason, "expected exactly 3");
  teardown(&f);
  v = attempts_of(&f, "unavailable-gives-up", 4);
  ck_assert_int_eq(v->status, RA_STATUS_PASS);
  ck_assert_str_eq(v->expected, "2 to 10 requests");
  teardown(&f);
  v = attempts_of(&f, "unavailable-gives-up", 1);
  ck_assert_int_eq(v->status, RA_STATUS_FAIL);
  HAS(v->reason, "did not retry");
  teardown(&f);
  v = attempts_of(&f, "unavailable-gives-up", RA_CC_GIVE_UP_MAX_ATTEMPTS + 1);
  ck_assert_int_eq(v->status, RA_STATUS_FAIL);
  HAS(v->reason, "did not give up");
  teardown(&f);
  /* stopped past the request limit */
  setup(&f, "unavailable-gives-up", 0);
  f.cr.cancelled = 1;
  f.o.seen = RA_CC_REQUEST_LIMIT + 1;
  v = attempts(&f);
  ck_assert_int_eq(v->status, RA_STATUS_FAIL);
  HAS(v->observed_key, "more than");
  teardown(&f);
}
END_TEST

/* ---- backoff ------------------------------------------------------------ */

/* Requests whose k-th retry comes delays[k] ms after the k-th answer. */
static void retries(struct fixture *f, const int64_t *delays, size_t n)
{
  int64_t t = 1000;
  size_t k;
  request_at(f, t);
  for(k = 0; k < n; k++) {
    t += 1 + delays[k];
    request_at(f, t);
  }
}

START_TEST(test_judge__gaps_measured_per_scenario_kind)
{
  struct fixture f;
  struct ra_cc_gaps g;
  const int64_t d[] = {7, 30, 90, 200};
  setup(&f, "unavailable-503", 0);         /* 2 failures, then success */
  retries(&f, d, 4);
  ra_cc_gaps_measure(&g, f.j.sc, f.reqs, f.count);
  ck_assert_uint_eq(g.n, 2);
  ck_assert_int_eq(g.ms[0], 7);
  ck_assert_int_eq(g.ms[1], 30);
  ck_assert(!ra_cc_gaps_immediate(&g, 1)); /* 18.5 ms on average */
  ra_cc_gaps_measure(&g, ra_cc_scenario_find("unavailable-gives-up"),
                     f.reqs, f.count);
  ck_assert_uint_eq(g.n, 4);               /* every answer */
  ck_assert(!ra_cc_gaps_immediate(&g, 1));
  ra_cc_gaps_measure(&g, ra_cc_scenario_find("success"), f.reqs, f.count);
  ck_assert_uint_eq(g.n, 0);
  ck_assert(!ra_cc_gaps_immediate(&g, 1)); /* nothing to judge */
  teardown(&f);
}
END_TEST

/* Immediate means under RA_CC_BACKOFF_MIN_MEAN_MS per delay on average,
 * pooled over the examinations: noise summed over many retries does not
 * pass for backoff, and one unlucky draw is diluted by the next. */
START_TEST(test_judge__gaps_immediate_on_average_pooled)
{
  struct ra_cc_gaps g[3];
  size_t k;
  memset(g, 0, sizeof(g));
  g[0].n = 2;
  g[0].ms[0] = 4;
  g[0].ms[1] = 5;                         /* 9 ms over 2 */
  ck_assert(ra_cc_gaps_immediate(g, 1));
  g[0].ms[1] = 6;                         /* 10 ms over 2 */
  ck_assert(!ra_cc_gaps_immediate(g, 1));
  g[1].n = 9;                             /* a loop's noise: 14 ms over 9 */
  for(k = 0; k < 9; k++)
    g[1].ms[k] = k % 3 ? 0 : 4;
  g[1].ms[0] = 6;
  ck_assert(ra_cc_gaps_immediate(&g[1], 1));
  g[0].ms[1] = 1;                         /* 5 ms, then 160 ms: pooled 165 */
  g[2].n = 2;
  g[2].ms[0] = 40;
  g[2].ms[1] = 120;
  ck_assert(ra_cc_gaps_immediate(g, 1));
  ck_assert(!ra_cc_gaps_immediate(&g[2], 1));
  g[1] = g[2];
  ck_assert(!ra_cc_gaps_immediate(g, 2));
  g[1].ms[0] = 2;                         /* 5 + 3 + 3 ms over 6: immediate */
  g[1].ms[1] = 1;
  g[2].ms[0] = 1;
  g[2].ms[1] = 2;
  ck_assert(ra_cc_gaps_immediate(g, 3));
  g[1].n = g[2].n = 0;                    /* examinations without retries */
  ck_assert(ra_cc_gaps_immediate(g, 3));
}
END_TEST

START_TEST(test_judge__backoff_none_without_retries)
{
  struct fixture f;
  setup(&f, "success", 0);
  request_at(&f, 5);
  ra_cc_judge_backoff(&f.j, &f.o);
  ck_assert_uint_eq(f.run.count, 0);
  teardown(&f);
}
END_TEST

START_TEST(test_judge__backoff_jittered_passes)
{
  struct fixture f;
  const struct ra_verdict *v;
  const int64_t d[] = {80, 35};
  setup(&f, "unavailable-503", 0);
  retries(&f, d, 2);
  v = backoff(&f);
  ck_assert_int_eq(v->status, RA_STATUS_PASS);
  ck_assert_str_eq(v->actual, "delays after each retryable answer: 80 ms "
                   "35 ms (not monotonic; jittered backoff is random)");
  teardown(&f);
}
END_TEST

START_TEST(test_judge__backoff_immediate_fails)
{
  struct fixture f;
  const struct ra_verdict *v;
  const int64_t d[] = {2, 3};
  setup(&f, "unavailable-503", 0);
  retries(&f, d, 2);
  v = backoff(&f);
  ck_assert_int_eq(v->status, RA_STATUS_FAIL);
  ck_assert_str_eq(v->observed_key, "immediate retries");
  ck_assert_str_eq(v->reason, "retries were immediate: 5 ms of delay in "
                   "total over 2 retries (no backoff)");
  ck_assert_str_eq(v->expected, "delays not immediate (at least 5 ms on "
                   "average), each <= 60000 ms");
  teardown(&f);
}
END_TEST

/* A jittered client that drew near-zero delays once: the examination that
 * followed shows its backoff, and it passes. */
START_TEST(test_judge__backoff_unlucky_draw_then_backoff_passes)
{
  struct fixture f;
  const struct ra_verdict *v;
  const int64_t d[] = {4, 3};
  struct ra_cc_gaps again[2];
  setup(&f, "unavailable-503", 0);
  retries(&f, d, 2);
  again[0].n = 2;
  again[0].ms[0] = 45;
  again[0].ms[1] = 160;
  f.o.again = again;
  f.o.again_count = 1;
  v = backoff(&f);
  ck_assert_int_eq(v->status, RA_STATUS_PASS);
  ck_assert_int_eq(v->grade, RA_GRADE_OK);
  ck_assert_str_eq(v->actual, "delays after each retryable answer: 4 ms "
                   "3 ms (not monotonic; jittered backoff is random); "
                   "examination 2 of the scenario, as they looked "
                   "immediate: 45 ms 160 ms (growing)");
  teardown(&f);
}
END_TEST

/* No backoff at all: immediate in every examination, caught. */
START_TEST(test_judge__backoff_immediate_every_time_fails)
{
  struct fixture f;
  const struct ra_verdict *v;
  const int64_t d[] = {1, 2};
  struct ra_cc_gaps again[2];
  setup(&f, "unavailable-503", 0);
  retries(&f, d, 2);
  again[0].n = again[1].n = 2;
  again[0].ms[0] = again[1].ms[0] = 1;
  again[0].ms[1] = again[1].ms[1] = 3;
  f.o.again = again;
  f.o.again_count = 2;
  v = backoff(&f);
  ck_assert_int_eq(v->status, RA_STATUS_FAIL);
  ck_assert_str_eq(v->observed_key, "immediate retries");
  ck_assert_str_eq(v->reason, "retries were immediate: 11 ms of delay in "
                   "total over 6 retries in 3 examinations (no backoff)");
  HAS(v->actual, "examination 3 of the scenario, as they looked immediate: "
      "1 ms 3 ms");
  teardown(&f);
}
END_TEST

START_TEST(test_judge__backoff_no_retry_and_unbounded_fail)
{
  struct fixture f;
  const struct ra_verdict *v;
  const int64_t d[] = {30, RA_CC_BACKOFF_MAX_EACH_MS + 1};
  setup(&f, "unavailable-gives-up", 0);
  request_at(&f, 10);
  v = backoff(&f);
  ck_assert_int_eq(v->status, RA_STATUS_FAIL);
  ck_assert_str_eq(v->observed_key, "no retry");
  HAS(v->actual, "none (no retry)");
  teardown(&f);
  setup(&f, "unavailable-gives-up", 0);
  retries(&f, d, 2);
  v = backoff(&f);
  ck_assert_int_eq(v->status, RA_STATUS_FAIL);
  ck_assert_str_eq(v->observed_key, "unbounded delay");
  HAS(v->reason, "exceeds the bound");
  teardown(&f);
}
END_TEST

/* ---- the per-request checks --------------------------------------------- */

static void input(struct ra_examine_input *in)
{
  memset(in, 0, sizeof(*in));
  in->profile = RA_PROFILE_JSON;
  in->access_key_id = "AKIDEXAMPLE";
  in->secret = SECRET;
  in->assignment_id = "3EXAMPLEASSIGNMENTID";
  in->feedback = "plain";
  in->feedback_len = 5;
}

static const struct ra_verdict *verdict(const struct fixture *f,
                                        const char *check)
{
  char id[128];
  size_t i;
  snprintf(id, sizeof(id), "%s/%s", f->j.sc->name, check);
  for(i = 0; i < f->run.count; i++)
    if(!strcmp(f->run.verdicts[i].case_id, id))
      return &f->run.verdicts[i];
  ck_abort_msg("no verdict %s", id);
  return NULL;
}

START_TEST(test_judge__requests_none_sent_are_skipped)
{
  struct fixture f;
  struct ra_examine_input in;
  size_t i;
  setup(&f, "success", 0);
  input(&in);
  ra_cc_judge_requests(&f.j, &f.o, &in);
  ck_assert_uint_eq(f.run.count, RA_EXAMINE_COUNT);
  for(i = 0; i < f.run.count; i++) {
    ck_assert_int_eq(f.run.verdicts[i].status, RA_STATUS_SKIP);
    ck_assert_str_eq(f.run.verdicts[i].reason, "the client sent no request");
  }
  teardown(&f);
}
END_TEST

/* Two unsigned requests: the signature check fails with both numbered,
 * its baseline key the first reason without the number; a check they
 * meet (no credential leaked) passes, counting both. */
START_TEST(test_judge__requests_aggregate_fail_and_pass)
{
  struct fixture f;
  struct ra_examine_input in;
  const struct ra_verdict *v;
  setup(&f, "success", 0);
  input(&in);
  request_at(&f, 10);
  request_at(&f, 20);
  ra_cc_judge_requests(&f.j, &f.o, &in);
  ck_assert_uint_eq(f.run.count, RA_EXAMINE_COUNT);
  v = verdict(&f, ra_examine_check_name(RA_EXAMINE_SIGNATURE));
  ck_assert_int_eq(v->status, RA_STATUS_FAIL);
  HAS(v->reason, "request 1/2: ");
  HAS(v->reason, "; request 2/2: ");
  ck_assert(strncmp(v->observed_key, "request ", 8));
  ck_assert(!strstr(v->observed_key, "; "));
  HAS(v->request, "POST / ");
  v = verdict(&f, ra_examine_check_name(RA_EXAMINE_CREDENTIALS));
  ck_assert_int_eq(v->status, RA_STATUS_PASS);
  HAS(v->actual, "2 requests passed");
  teardown(&f);
}
END_TEST

START_TEST(test_judge__all_in_report_order)
{
  struct fixture f;
  struct ra_examine_input in;
  const int64_t d[] = {50, 100};
  setup(&f, "unavailable-503", 0);
  input(&in);
  retries(&f, d, 2);
  f.o.line = "ok";
  ra_cc_judge_all(&f.j, &f.o, &in);
  ck_assert_uint_eq(f.run.count, 3 + RA_EXAMINE_COUNT);
  ck_assert_str_eq(f.run.verdicts[0].case_id, "unavailable-503/outcome");
  ck_assert_str_eq(f.run.verdicts[1].case_id, "unavailable-503/attempts");
  ck_assert_str_eq(f.run.verdicts[2].case_id, "unavailable-503/backoff");
  ck_assert_int_eq(f.run.verdicts[2].status, RA_STATUS_PASS);
  teardown(&f);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("judge");
  TCase *tc = tcase_create("judge");
  tcase_add_test(tc, test_judge__outcome_ok_and_facts);
  tcase_add_test(tc, test_judge__outcome_wrong_line_fails);
  tcase_add_test(tc, test_judge__outcome_type_without_code_is_weaker);
  tcase_add_test(tc, test_judge__outcome_process_endings);
  tcase_add_test(tc, test_judge__attempts);
  tcase_add_test(tc, test_judge__gaps_measured_per_scenario_kind);
  tcase_add_test(tc, test_judge__gaps_immediate_on_average_pooled);
  tcase_add_test(tc, test_judge__backoff_none_without_retries);
  tcase_add_test(tc, test_judge__backoff_jittered_passes);
  tcase_add_test(tc, test_judge__backoff_immediate_fails);
  tcase_add_test(tc, test_judge__backoff_unlucky_draw_then_backoff_passes);
  tcase_add_test(tc, test_judge__backoff_immediate_every_time_fails);
  tcase_add_test(tc, test_judge__backoff_no_retry_and_unbounded_fail);
  tcase_add_test(tc, test_judge__requests_none_sent_are_skipped);
  tcase_add_test(tc, test_judge__requests_aggregate_fail_and_pass);
  tcase_add_test(tc, test_judge__all_in_report_order);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
