#include <check.h>
#include <string.h>

#include "core/alloc.h"
#include "report/report_json.h"
#include "report/report_load.h"
#include "report_sample.h"
#include "check_run.h"

/* What the JSON writer writes, the reader reads back: dumping the loaded
 * run gives the same document (after the writer's cleaning, which the
 * first dump already applied). */
START_TEST(test_report_load__round_trip)
{
  struct ra_run run, back;
  struct ra_error err = RA_ERROR_INIT;
  char *one, *two;
  sample_run(&run);
  one = ra_report_json_dumps(&run);
  ck_assert_int_eq(ra_report_load_text(&back, one, strlen(one), "mem", &err),
                   RA_OK);
  ck_assert_uint_eq(back.count, run.count);
  ck_assert_int_eq(back.verdicts[2].status, RA_STATUS_ERROR);
  ck_assert_int_eq(back.verdicts[5].grade, RA_GRADE_NON_STRICT);
  ck_assert_str_eq(back.target_name, "mock <\"one\"> & co");
  ck_assert(back.started_ms == run.started_ms);
  two = ra_report_json_dumps(&back);
  ck_assert_str_eq(one, two);
  ra_free(one);
  ra_free(two);
  ra_run_free(&back);
  ra_run_free(&run);
}
END_TEST

START_TEST(test_report_load__versions)
{
  struct ra_run run;
  struct ra_error err = RA_ERROR_INIT;
  const char *v10 = "{\"format\": \"raconform-report/1\", \"suite\": {}, "
                    "\"cases\": [{\"id\": \"A\", \"status\": \"pass\", "
                    "\"grade\": \"OK\"}]}";
  const char *v19 = "{\"format\": \"raconform-report/1\", \"format_version\":"
                    " \"1.9\", \"suite\": {}, \"cases\": [], \"new\": 1}";
  const char *v2 = "{\"format\": \"raconform-report/2\", \"suite\": {}, "
                   "\"cases\": []}";
  const char *v2b = "{\"format\": \"raconform-report/1\", \"format_version\":"
                    " \"2.0\", \"suite\": {}, \"cases\": []}";
  const char *bad = "{\"format\": \"raconform-report/1\", \"suite\": {}, "
                    "\"cases\": [{\"id\": \"A\", \"status\": \"passed\"}]}";
  ck_assert_int_eq(ra_report_load_text(&run, v10, strlen(v10), "a", &err),
                   RA_OK);
  ck_assert_uint_eq(run.count, 1);
  ck_assert_ptr_null(run.verdicts[0].level);
  ra_run_free(&run);
  ck_assert_int_eq(ra_report_load_text(&run, v19, strlen(v19), "b", &err),
                   RA_OK);
  ra_run_free(&run);
  ck_assert_int_eq(ra_report_load_text(&run, v2, strlen(v2), "c", &err),
                   RA_E_UNSUPPORTED);
  ck_assert_ptr_nonnull(strstr(err.text, "major version 1"));
  ck_assert_int_eq(ra_report_load_text(&run, v2b, strlen(v2b), "d", &err),
                   RA_E_UNSUPPORTED);
  ck_assert_int_eq(ra_report_load_text(&run, bad, strlen(bad), "e", &err),
                   RA_E_PARSE);
  ck_assert_int_eq(ra_report_load_text(&run, "[]", 2, "f", &err),
                   RA_E_PARSE);
  ck_assert_int_eq(ra_report_load_text(&run, "{", 1, "g", &err), RA_E_PARSE);
  ck_assert_int_eq(ra_report_load_file(&run, "/nonexistent/r.json", &err),
                   RA_E_IO);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("report_load");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_report_load__round_trip);
  tcase_add_test(tc, test_report_load__versions);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
