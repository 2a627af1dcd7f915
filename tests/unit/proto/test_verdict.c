/* Unit tests of proto/verdict: names and their parsing back, the run
 * list and its lock-free and locked appends, counts, the run order, the
 * progress record. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "proto/verdict.h"
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

START_TEST(test_verdict__names_parse_back)
{
  ra_status st = RA_STATUS_PASS;
  ra_grade gr = RA_GRADE_NONE;
  int i;
  for(i = 0; i < 5; i++) {
    ck_assert_int_eq(ra_status_parse(ra_status_name((ra_status)i), &st), 0);
    ck_assert_int_eq(st, i);
  }
  for(i = 0; i < 4; i++) {
    ck_assert_int_eq(ra_grade_parse(ra_grade_name((ra_grade)i), &gr), 0);
    ck_assert_int_eq(gr, i);
  }
  ck_assert_int_eq(ra_status_parse("PASS", &st), -1);
  ck_assert_int_eq(ra_status_parse(NULL, &st), -1);
  ck_assert_int_eq(st, RA_STATUS_TODO); /* untouched */
  ck_assert_int_eq(ra_grade_parse("ok", &gr), -1);
}
END_TEST

START_TEST(test_verdict__run_order)
{
  static const char *const in[][2] = {
    {"RA-FB-0002", "json-2017"}, {"RA-FB-0001", "other"},
    {"RA-FB-0003", "legacy-2014"}, {"RA-FB-0001", "json-2017"},
    {"RA-FB-0001", "legacy-2014"}, {"RA-FB-0009", NULL},
  };
  static const char *const want[][2] = {
    {"RA-FB-0001", "json-2017"}, {"RA-FB-0002", "json-2017"},
    {"RA-FB-0001", "legacy-2014"}, {"RA-FB-0003", "legacy-2014"},
    {"RA-FB-0009", NULL}, {"RA-FB-0001", "other"},
  };
  struct ra_run run;
  size_t i;
  ra_run_init(&run);
  ra_verdict_set(&run.profile, "json-2017,legacy-2014");
  for(i = 0; i < 6; i++) {
    struct ra_verdict *v = ra_run_add(&run);
    ra_verdict_set(&v->case_id, in[i][0]);
    ra_verdict_set(&v->profile, in[i][1]);
  }
  ra_run_sort(&run);
  /* listed profiles in the run's order, then unlisted ones by name (no
   * profile sorts as ""), case IDs within each */
  for(i = 0; i < 6; i++) {
    ck_assert_str_eq(run.verdicts[i].case_id, want[i][0]);
    if(want[i][1])
      ck_assert_str_eq(run.verdicts[i].profile, want[i][1]);
    else
      ck_assert_ptr_null(run.verdicts[i].profile);
  }
  ck_assert_uint_eq(ra_run_profile_rank("json-2017,legacy-2014",
                                        "legacy-2014"), 1);
  ck_assert_uint_eq(ra_run_profile_rank("json-2017,legacy-2014", "json"),
                    RA_RUN_PROFILE_UNLISTED);
  ck_assert_uint_eq(ra_run_profile_rank(NULL, "json-2017"),
                    RA_RUN_PROFILE_UNLISTED);
  ra_run_free(&run);
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

START_TEST(test_verdict__progress_keeps_the_slowest)
{
  struct ra_progress p;
  p.finished = "stale";
  ra_progress_start(&p, 3, 10, 1, 2500);
  ck_assert_uint_eq(p.done, 3);
  ck_assert_uint_eq(p.total, 10);
  ck_assert_uint_eq(p.failures, 1);
  ck_assert_int_eq(p.elapsed_ms, 2500);
  ck_assert_ptr_null(p.finished);
  ck_assert_ptr_null(p.slowest_id);
  ra_progress_running(&p, "just-started", "json-2017", 0); /* not yet */
  ck_assert_ptr_null(p.slowest_id);
  ra_progress_running(&p, "a", "json-2017", 40);
  ra_progress_running(&p, "b", "legacy-2014", 900);
  ra_progress_running(&p, "c", "json-2017", 900); /* a tie keeps b */
  ra_progress_running(&p, "d", "json-2017", 10);
  ck_assert_str_eq(p.slowest_id, "b");
  ck_assert_str_eq(p.slowest_profile, "legacy-2014");
  ck_assert_int_eq(p.slowest_ms, 900);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("verdict");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_verdict__names);
  tcase_add_test(tc, test_verdict__names_parse_back);
  tcase_add_test(tc, test_verdict__run_order);
  tcase_add_test(tc, test_verdict__add_grows_and_counts);
  tcase_add_test(tc, test_verdict__append_moves);
  tcase_add_test(tc, test_verdict__progress_keeps_the_slowest);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
