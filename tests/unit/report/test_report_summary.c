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

int main(void)
{
  Suite *s = suite_create("report_summary");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_report_summary__totals_and_slowest);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
