#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_summary.h"
#include "report_sample.h"
#include "check_run.h"

START_TEST(test_report_summary__totals_and_slowest)
{
  struct ra_run run;
  char *buf = NULL;
  size_t n = 0;
  FILE *fp = open_memstream(&buf, &n);
  sample_run(&run);
  ra_report_summary(fp, &run, 2, 0);
  fclose(fp);
  ck_assert_ptr_nonnull(strstr(buf, "9 runs (case x profile): 4 pass, "
                               "2 fail, 1 error, 1 skip, 1 todo"));
  /* no colour asked, none given */
  ck_assert_ptr_null(strchr(buf, '\033'));
  ck_assert_ptr_nonnull(strstr(buf, "1 NON-STRICT, 1 INFORMATIONAL"));
  /* slowest first: verdict 9 (112.5 ms) then 8 */
  ck_assert_ptr_nonnull(strstr(buf, "112.5 ms  RA-FB-0002 [legacy-2014]\n"
                               "       100.0 ms  RA-FB-0001 [json-2017]\n"));
  ck_assert_ptr_nonnull(strstr(buf, "time taken 1.234 s"));
  free(buf);
  ra_run_free(&run);
}
END_TEST

/* Failures grouped by signature (status and the baseline's observed key),
 * largest group first; skips and todos are not failures. */
START_TEST(test_report_summary__groups)
{
  struct ra_run run;
  struct ra_verdict *v;
  char *buf = NULL;
  size_t n = 0;
  FILE *fp;
  const char *big, *small, *timeout;
  sample_run(&run);
  /* a second "200 success" failure joins RA-FB-0002 [json-2017] */
  v = sample_add(&run, "RA-FB-0099", "another", "legacy-2014",
                 RA_STATUS_FAIL, RA_GRADE_NONE);
  v->observed_key = ra_strdup("200 success");
  fp = open_memstream(&buf, &n);
  ra_report_summary(fp, &run, 0, 0);
  fclose(fp);
  ck_assert_ptr_nonnull(strstr(buf, "4 failing runs from 3 causes"));
  big = strstr(buf, "      2 x fail 200 success: RA-FB-0002 [json-2017], "
                    "RA-FB-0099 [legacy-2014]\n");
  small = strstr(buf, "      1 x fail 200 AWS.Other: RA-FB-0002 "
                      "[legacy-2014]\n");
  timeout = strstr(buf, "      1 x error timeout: RA-TR-0001 [json-2017]\n");
  ck_assert_ptr_nonnull(big);
  ck_assert_ptr_nonnull(small);
  ck_assert_ptr_nonnull(timeout);
  ck_assert(big < small && big < timeout);
  /* the skip (RA-ST-0001) and the todo (RA-FB-0003) are in no group */
  ck_assert_ptr_null(strstr(buf, "RA-ST-0001"));
  ck_assert_ptr_null(strstr(buf, "RA-FB-0003"));
  /* cases and case x profile runs are counted apart */
  ck_assert_ptr_nonnull(strstr(buf, "8 cases, 10 runs"));
  /* grades of judged runs only: 3 fails and the todo, not the skip and
   * the error */
  ck_assert_ptr_nonnull(strstr(buf, "4 FAILED"));
  free(buf);
  ra_run_free(&run);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("report_summary");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_report_summary__totals_and_slowest);
  tcase_add_test(tc, test_report_summary__groups);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
