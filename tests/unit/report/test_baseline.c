#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "report/baseline.h"
#include "report_sample.h"
#include "check_run.h"

static int64_t day(const char *iso)
{
  int64_t ms = 0;
  ck_assert_int_eq(ra_clock_parse_iso8601(iso, &ms), RA_OK);
  return ms;
}

static const char *BASE =
  "{\"entries\": [\n"
  "  {\"id\": \"RA-FB-0002\", \"profile\": \"json-2017\", \"observed\": \"200 success\", \"reason\": \"same\"},\n"
  "  {\"id\": \"RA-FB-0002\", \"observed\": \"200 AWS.Something\", \"reason\": \"any profile\"},\n"
  "  {\"id\": \"RA-FB-0001\", \"observed\": \"400 X\", \"reason\": \"was failing\"},\n"
  "  {\"id\": \"RA-TR-0001\", \"observed\": \"timeout\", \"reason\": \"errors are left alone\"}\n"
  "]}\n";

START_TEST(test_baseline__same_different_stale)
{
  struct ra_run run;
  struct ra_baseline b;
  struct ra_baseline_result res;
  struct ra_error err = RA_ERROR_INIT;
  sample_run(&run);
  ck_assert_int_eq(ra_baseline_load_string(&b, BASE, "b.json", &err), RA_OK);
  ck_assert_uint_eq(b.count, 4);
  ck_assert_int_eq(ra_run_exit_code(&run, NULL), 1);
  ra_baseline_apply(&run, &b, day("2026-01-01T00:00:00Z"), &res);
  /* json-2017 entry: same observed key -> TODO */
  ck_assert_int_eq(run.verdicts[1].status, RA_STATUS_TODO);
  ck_assert_str_eq(run.verdicts[1].baseline_reason, "same");
  /* legacy-2014 falls back to the profile-less entry, fails differently */
  ck_assert_int_eq(run.verdicts[8].status, RA_STATUS_FAIL);
  ck_assert_ptr_nonnull(strstr(run.verdicts[8].reason,
                               "listed \"200 AWS.Something\", observed "
                               "\"200 AWS.Other\""));
  /* both RA-FB-0001 verdicts pass: stale, with a note */
  ck_assert_int_eq(run.verdicts[0].status, RA_STATUS_PASS);
  ck_assert_ptr_nonnull(strstr(run.verdicts[0].note, "stale baseline entry"));
  ck_assert_uint_eq(res.stale, 2);
  ck_assert_uint_eq(res.todo, 1);
  ck_assert_uint_eq(res.differ, 1);
  ck_assert_uint_eq(res.expired, 0);
  ck_assert_int_eq(run.verdicts[2].status, RA_STATUS_ERROR);
  ck_assert_int_eq(ra_run_exit_code(&run, &res), 1);
  ra_baseline_free(&b);
  ra_run_free(&run);
}
END_TEST

START_TEST(test_baseline__expired_and_exit_codes)
{
  struct ra_run run;
  struct ra_baseline b;
  struct ra_baseline_result res;
  struct ra_error err = RA_ERROR_INIT;
  struct ra_verdict *v;
  const char *text =
    "{\"entries\": [{\"id\": \"A\", \"observed\": \"500\", \"reason\": \"r\","
    " \"expires\": \"2027-01-31\"}, {\"id\": \"B\", \"observed\": \"x\","
    " \"reason\": \"gone\"}]}";
  ra_run_init(&run);
  v = ra_run_add(&run);
  v->case_id = ra_strdup("A");
  v->status = RA_STATUS_FAIL;
  v->observed_key = ra_strdup("500");
  v->reason = ra_strdup("server error");
  ck_assert_int_eq(ra_baseline_load_string(&b, text, "t", &err), RA_OK);
  /* the expiry day itself still counts */
  ra_baseline_apply(&run, &b, day("2027-01-31T23:59:59Z"), &res);
  ck_assert_int_eq(v->status, RA_STATUS_TODO);
  ck_assert_int_eq(ra_run_exit_code(&run, &res), 0);
  v->status = RA_STATUS_FAIL;
  ra_baseline_apply(&run, &b, day("2027-02-01T00:00:00Z"), &res);
  ck_assert_int_eq(v->status, RA_STATUS_FAIL);
  ck_assert_uint_eq(res.expired, 1);
  ck_assert_str_eq(v->reason, "baseline entry expired on 2027-01-31; server error");
  ck_assert_int_eq(ra_run_exit_code(&run, &res), 1);
  /* only stale entries -> 4 */
  v->status = RA_STATUS_PASS;
  ra_baseline_apply(&run, &b, day("2027-02-01T00:00:00Z"), &res);
  ck_assert_uint_eq(res.stale, 1);
  ck_assert_int_eq(ra_run_exit_code(&run, &res), 4);
  /* every case a connect error -> 3; one other error -> 1 */
  v->status = RA_STATUS_ERROR;
  v->error_kind = ra_strdup("connect");
  ck_assert_int_eq(ra_run_unreachable(&run), 1);
  ck_assert_int_eq(ra_run_exit_code(&run, NULL), 3);
  v = ra_run_add(&run);
  v->status = RA_STATUS_ERROR;
  v->error_kind = ra_strdup("timeout");
  ck_assert_int_eq(ra_run_exit_code(&run, NULL), 1);
  ra_baseline_free(&b);
  ra_run_free(&run);
}
END_TEST

static void expect_error(const char *text, int line, int col,
                         const char *needle)
{
  struct ra_baseline b;
  struct ra_error err = RA_ERROR_INIT;
  ck_assert_int_eq(ra_baseline_load_string(&b, text, "base.json", &err),
                   RA_E_PARSE);
  ck_assert_msg(err.line == line && err.column == col,
                "%s: got %d:%d want %d:%d", err.text, err.line, err.column,
                line, col);
  ck_assert_msg(strstr(err.text, needle), "%s lacks %s", err.text, needle);
  ck_assert_str_eq(err.source, "base.json");
  ck_assert_uint_eq(b.count, 0);
}

START_TEST(test_baseline__entry_positions)
{
  struct ra_baseline b;
  struct ra_error err = RA_ERROR_INIT;
  static const char text[] =
    "{\"entries\": [{\"id\": \"A\", \"observed\": \"x\", \"reason\": \"r\"},\n"
    "   {\"id\": \"B\", \"observed\": \"[\\\"]\", \"reason\": \"\u00e9\"}, "
    "{\"id\": \"C\", \"observed\": \"y\", \"reason\": \"r\"}]}";
  ck_assert_int_eq(ra_baseline_load_string(&b, text, "base.json", &err),
                   RA_OK);
  ck_assert_uint_eq(b.count, 3);
  ck_assert_int_eq(b.entries[0].line, 1);
  ck_assert_int_eq(b.entries[0].column, 14);
  ck_assert_int_eq(b.entries[1].line, 2);
  ck_assert_int_eq(b.entries[1].column, 4);
  ck_assert_int_eq(b.entries[2].line, 2);
  ck_assert_int_eq(b.entries[2].column, 52);
  ra_baseline_free(&b);
}
END_TEST

START_TEST(test_baseline__loader_error_positions)
{
  expect_error("{\"entries\": [\n  {\"id\": \"A\",, }\n]}", 2, 14, "");
  expect_error("{\"entries\": [\n  {\"id\": \"A\", \"observed\": \"x\",\n"
               "   \"reason\": \"r\", \"expirs\": \"2027-01-01\"}\n]}",
               3, 19, "unknown field \"expirs\"");
  expect_error("{\"entries\": [\n {\"id\": \"A\", \"observed\": \"x\", "
               "\"reason\": \"r\"},\n {\"id\": \"B\", \"reason\": \"r\"}\n]}",
               3, 2, "lacks \"observed\"");
  expect_error("{\"entries\": [{\"id\": \"A\", \"observed\": \"x\", "
               "\"reason\": \"r\", \"expires\": \"2027-02-30\"}]}",
               1, 58, "bad date");
  expect_error("{\"entries\": [{\"id\": 7, \"observed\": \"x\", "
               "\"reason\": \"r\"}]}", 1, 15, "non-empty string");
  /* at the key (this loader said 1:1, the object, before core/jsonpos) */
  expect_error("{\"entrys\": []}", 1, 2, "unknown field \"entrys\"");
  expect_error("{\n  \"entries\": {}}", 2, 3, "\"entries\" must be an array");
  expect_error(" {}", 1, 2, "\"entries\" must be an array");
  expect_error("{\"entries\": [\n {\"id\": \"A\", \"observed\": \"x\", "
               "\"reason\": \"r\"},\n  7]}", 3, 3, "entry 2 must be an object");
  expect_error("[]", 1, 1, "must be a JSON object");
}
END_TEST

START_TEST(test_baseline__write_round_trip)
{
  struct ra_run run;
  struct ra_baseline b;
  struct ra_baseline_result res;
  struct ra_error err = RA_ERROR_INIT;
  char path[] = "/tmp/ra-baseline-XXXXXX";
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  close(fd);
  sample_run(&run);
  ck_assert_int_eq(ra_baseline_write(path, &run, &err), RA_OK);
  ck_assert_int_eq(ra_baseline_load_file(&b, path, &err), RA_OK);
  ck_assert_uint_eq(b.count, 3); /* two FAIL and one TODO */
  ra_baseline_apply(&run, &b, 0, &res);
  ck_assert_uint_eq(res.todo, 2);
  ck_assert_uint_eq(res.differ, 0);
  ck_assert_int_eq(ra_run_exit_code(&run, &res), 1); /* the ERROR remains */
  unlink(path);
  ra_baseline_free(&b);
  ra_run_free(&run);
}
END_TEST


int main(void)
{
  Suite *s = suite_create("baseline");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_baseline__same_different_stale);
  tcase_add_test(tc, test_baseline__expired_and_exit_codes);
  tcase_add_test(tc, test_baseline__loader_error_positions);
  tcase_add_test(tc, test_baseline__entry_positions);
  tcase_add_test(tc, test_baseline__write_round_trip);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
