#include <check.h>
#include <string.h>

#include "core/alloc.h"
#include "report/report_json.h"
#include "report/report_merge.h"
#include "report_sample.h"
#include "check_run.h"

/* Splits run into two parts (alternate verdicts), like two shards. */
static void split(struct ra_run *run, struct ra_run parts[2])
{
  size_t i;
  for(i = 0; i < 2; i++) {
    ra_run_init(&parts[i]);
    ra_verdict_set(&parts[i].target_name, run->target_name);
    ra_verdict_set(&parts[i].profile, run->profile);
    parts[i].started_ms = run->started_ms + (int64_t)i;
    parts[i].duration_ms = 10.0 * (double)(i + 1);
  }
  for(i = 0; i < run->count; i++) {
    struct ra_verdict *v = ra_run_add(&parts[i % 2]);
    *v = run->verdicts[i];
    ra_verdict_init(&run->verdicts[i]);
  }
  run->count = 0;
}

START_TEST(test_report_merge__shards_give_the_run)
{
  struct ra_run run, parts[2], merged, whole;
  struct ra_error err = RA_ERROR_INIT;
  const char *names[] = {"a.json", "b.json"};
  size_t i;
  sample_run(&whole);
  /* the sample's one duplicate (RA-FB-0001 twice) is within one part */
  ra_verdict_free(&whole.verdicts[7]);
  memmove(&whole.verdicts[7], &whole.verdicts[8], sizeof(whole.verdicts[0]));
  whole.count--;
  ra_run_sort(&whole);
  sample_run(&run);
  ra_verdict_free(&run.verdicts[7]);
  memmove(&run.verdicts[7], &run.verdicts[8], sizeof(run.verdicts[0]));
  run.count--;
  split(&run, parts);
  ck_assert_int_eq(ra_report_merge(&merged, parts, 2, names, &err), RA_OK);
  ck_assert_uint_eq(merged.count, whole.count);
  for(i = 0; i < merged.count; i++) {
    ck_assert_str_eq(merged.verdicts[i].case_id, whole.verdicts[i].case_id);
    ck_assert_str_eq(merged.verdicts[i].profile, whole.verdicts[i].profile);
    ck_assert_int_eq(merged.verdicts[i].status, whole.verdicts[i].status);
  }
  /* profile-major in the run's order, then id */
  ck_assert_str_eq(merged.verdicts[0].profile, "json-2017");
  ck_assert_str_eq(merged.verdicts[merged.count - 1].profile, "legacy-2014");
  ck_assert(merged.started_ms == whole.started_ms);
  ck_assert(merged.duration_ms == 20.0);
  ck_assert_str_eq(merged.profile, "json-2017,legacy-2014");
  ck_assert_uint_eq(parts[0].count, 0);
  ra_run_free(&merged);
  ra_run_free(&parts[0]);
  ra_run_free(&parts[1]);
  ra_run_free(&run);
  ra_run_free(&whole);
}
END_TEST

START_TEST(test_report_merge__overlap_and_strict_refused)
{
  struct ra_run parts[2], merged;
  struct ra_error err = RA_ERROR_INIT;
  const char *names[] = {"a.json", "b.json"};
  sample_run(&parts[0]);
  sample_run(&parts[1]);
  ck_assert_int_eq(ra_report_merge(&merged, parts, 2, names, &err),
                   RA_E_INVALID);
  ck_assert_ptr_nonnull(strstr(err.text, "not disjoint shards"));
  ck_assert_str_eq(err.source, "b.json");
  ra_run_free(&parts[0]);
  ra_run_free(&parts[1]);
  ra_run_init(&parts[0]);
  ra_run_init(&parts[1]);
  parts[1].strict = 1;
  ra_error_clear(&err);
  ck_assert_int_eq(ra_report_merge(&merged, parts, 2, names, &err),
                   RA_E_INVALID);
  ck_assert_ptr_nonnull(strstr(err.text, "strict"));
}
END_TEST

int main(void)
{
  Suite *s = suite_create("report_merge");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_report_merge__shards_give_the_run);
  tcase_add_test(tc, test_report_merge__overlap_and_strict_refused);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
