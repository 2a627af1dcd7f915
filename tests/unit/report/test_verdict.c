#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "report/verdict.h"
#include "check_run.h"

START_TEST(test_verdict__names)
{
  ck_assert_str_eq(ra_status_name(RA_STATUS_PASS), "pass");
  ck_assert_str_eq(ra_status_name(RA_STATUS_FAIL), "fail");
  ck_assert_str_eq(ra_status_name(RA_STATUS_ERROR), "error");
  ck_assert_str_eq(ra_status_name(RA_STATUS_SKIP), "skip");
  ck_assert_str_eq(ra_status_name(RA_STATUS_TODO), "todo");
  ck_assert_str_eq(ra_grade_name(RA_GRADE_NONE), "FAILED");
  ck_assert_str_eq(ra_grade_name(RA_GRADE_OK), "OK");
  ck_assert_str_eq(ra_grade_name(RA_GRADE_NON_STRICT), "NON-STRICT");
  ck_assert_str_eq(ra_grade_name(RA_GRADE_INFORMATIONAL), "INFORMATIONAL");
}
END_TEST

START_TEST(test_verdict__add_grows_and_counts)
{
  struct ra_run run;
  struct ra_run_counts c;
  size_t i;
  ra_run_init(&run);
  for(i = 0; i < 100; i++) {
    struct ra_verdict *v = ra_run_add(&run);
    ck_assert_ptr_null(v->case_id);
    v->case_id = ra_strdup("RA-X");
    v->status = (ra_status)(i % 5);
    v->grade = (ra_grade)(i % 4);
  }
  ck_assert_uint_eq(run.count, 100);
  ra_run_count(&run, &c);
  ck_assert_uint_eq(c.total, 100);
  ck_assert_uint_eq(c.by_status[RA_STATUS_TODO], 20);
  /* grades of judged verdicts only: not the 10 skips and errors */
  ck_assert_uint_eq(c.by_grade[RA_GRADE_INFORMATIONAL], 15);
  ck_assert_uint_eq(c.cases, 1);
  ra_run_free(&run);
  ck_assert_uint_eq(run.count, 0);
  ck_assert_ptr_null(run.verdicts);
}
END_TEST

START_TEST(test_verdict__append_moves)
{
  struct ra_run run;
  struct ra_verdict v;
  ra_run_init(&run);
  ra_verdict_init(&v);
  ra_verdict_set(&v.case_id, "RA-FB-0001");
  ra_verdict_set(&v.note, "n");
  v.status = RA_STATUS_FAIL;
  ra_run_append(&run, &v);
  ck_assert_ptr_null(v.case_id);
  ck_assert_uint_eq(run.count, 1);
  ck_assert_str_eq(run.verdicts[0].case_id, "RA-FB-0001");
  ck_assert_int_eq(run.verdicts[0].status, RA_STATUS_FAIL);
  ra_verdict_set(&run.verdicts[0].case_id, NULL);
  ck_assert_ptr_null(run.verdicts[0].case_id);
  ra_run_free(&run);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("verdict");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_verdict__names);
  tcase_add_test(tc, test_verdict__add_grows_and_counts);
  tcase_add_test(tc, test_verdict__append_moves);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
