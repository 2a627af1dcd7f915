#include <check.h>
#include <string.h>

#include "core/alloc.h"
#include "report/report_matrix.h"
#include "report_sample.h"
#include "check_run.h"

/* Two targets: the sample, and the sample with one verdict changed and one
 * case missing. */
static void two_runs(struct ra_run runs[2])
{
  sample_run(&runs[0]);
  sample_run(&runs[1]);
  ra_verdict_set(&runs[1].target_name, "other");
  runs[1].verdicts[0].status = RA_STATUS_FAIL;        /* RA-FB-0001 json */
  ra_verdict_free(&runs[1].verdicts[8]);              /* RA-FB-0002 legacy */
  runs[1].count--;
}

static const struct ra_matrix_row *row(const struct ra_matrix *m,
                                       const char *id, const char *profile)
{
  size_t i;
  for(i = 0; i < m->nrows; i++)
    if(!strcmp(m->rows[i].id, id) && !strcmp(m->rows[i].profile, profile))
      return &m->rows[i];
  return NULL;
}

START_TEST(test_report_matrix__cells_totals_differ)
{
  struct ra_run runs[2];
  struct ra_matrix m;
  const struct ra_matrix_row *r;
  size_t k, sum;
  two_runs(runs);
  ra_matrix_build(&m, runs, NULL, 2);
  ck_assert_uint_eq(m.ncols, 2);
  ck_assert_str_eq(m.cols[1].name, "other");
  ck_assert_uint_eq(m.nrows, 8);         /* the duplicate row counts once */
  r = row(&m, "RA-FB-0001", "json-2017");
  ck_assert_ptr_nonnull(r);
  ck_assert_int_eq(ra_cell_of(r->cells[0]), RA_CELL_OK);
  ck_assert_int_eq(ra_cell_of(r->cells[1]), RA_CELL_FAILED);
  ck_assert(r->differs);
  r = row(&m, "RA-FB-0002", "legacy-2014");
  ck_assert_ptr_null(r->cells[1]);
  ck_assert(r->differs);
  ck_assert(!row(&m, "RA-RQ-0002", "json-2017")->differs);
  ck_assert_uint_eq(m.ndiffer, 2);
  ck_assert_uint_eq(m.cols[1].totals[RA_CELL_ABSENT], 1);
  ck_assert_uint_eq(m.cols[0].totals[RA_CELL_NON_STRICT], 1);
  ck_assert_uint_eq(m.cols[0].totals[RA_CELL_INFORMATIONAL], 1);
  ck_assert_uint_eq(m.cols[0].totals[RA_CELL_TODO], 1);
  ck_assert_uint_eq(m.cols[0].totals[RA_CELL_ERROR], 1);
  ck_assert_uint_eq(m.cols[0].totals[RA_CELL_SKIP], 1);
  for(sum = 0, k = 0; k < RA_CELL_COUNT; k++)
    sum += m.cols[1].totals[k];
  ck_assert_uint_eq(sum, m.nrows);
  /* grouped by area, then id: every sample case is in "feedback" */
  ck_assert_str_eq(m.rows[0].area, "feedback");
  ck_assert_str_eq(m.rows[0].id, "RA-FB-0001");
  ra_matrix_free(&m);
  /* the same name twice is told apart */
  ra_verdict_set(&runs[1].target_name, runs[0].target_name);
  ra_matrix_build(&m, runs, NULL, 2);
  ck_assert_ptr_nonnull(strstr(m.cols[1].name, " (2)"));
  ra_matrix_free(&m);
  ra_run_free(&runs[0]);
  ra_run_free(&runs[1]);
}
END_TEST

START_TEST(test_report_matrix__cell_names)
{
  struct ra_verdict v;
  ra_verdict_init(&v);
  ck_assert_str_eq(ra_cell_name(ra_cell_of(NULL)), "absent");
  v.status = RA_STATUS_PASS;
  v.grade = RA_GRADE_NON_STRICT;
  ck_assert_str_eq(ra_cell_name(ra_cell_of(&v)), "NON-STRICT");
  v.status = RA_STATUS_FAIL;
  ck_assert_str_eq(ra_cell_name(ra_cell_of(&v)), "FAILED");
  v.status = RA_STATUS_ERROR;
  ck_assert_str_eq(ra_cell_name(ra_cell_of(&v)), "error");
  ck_assert_str_eq(ra_matrix_area(&v), "other");
  v.group = ra_strdup("json-2017.state");
  ck_assert_str_eq(ra_matrix_area(&v), "state");
  ra_verdict_free(&v);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("report_matrix");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_report_matrix__cells_totals_differ);
  tcase_add_test(tc, test_report_matrix__cell_names);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
