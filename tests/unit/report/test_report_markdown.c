#include <check.h>
#include <string.h>

#include "core/alloc.h"
#include "report/report_markdown.h"
#include "report_sample.h"
#include "check_run.h"

START_TEST(test_report_markdown__tables_and_escaping)
{
  struct ra_run runs[2];
  struct ra_matrix m;
  char *md;
  const char *line;
  sample_run(&runs[0]);
  sample_run(&runs[1]);
  ra_verdict_set(&runs[1].target_name, "b|c");
  runs[1].verdicts[0].status = RA_STATUS_FAIL;
  ra_verdict_set(&runs[1].verdicts[0].reason, "a | b <x>\nsecond *line*");
  ra_matrix_build(&m, runs, NULL, 2);
  md = ra_report_markdown_dumps(&m);
  ck_assert(!strncmp(md, "# raconform comparison\n", 23));
  ck_assert_ptr_nonnull(strstr(md, "| FAILED | 2 | 3 |"));
  ck_assert_ptr_nonnull(strstr(md, "b\\|c"));
  ck_assert_ptr_nonnull(strstr(md, "a \\| b &lt;x&gt; second \\*line\\*"));
  ck_assert_ptr_null(strstr(md, "<x>"));
  /* every table row has as many cells as its header */
  for(line = md; line && *line; line = strchr(line, '\n') ?
      strchr(line, '\n') + 1 : NULL) {
    if(!strncmp(line, "| RA-", 5)) {
      size_t bars = 0;
      const char *p;
      for(p = line; *p && *p != '\n'; p++)
        if(*p == '|' && p[-1] != '\\')
          bars++;
      ck_assert_uint_eq(bars, 7);
    }
  }
  ck_assert_ptr_nonnull(strstr(md, "## Where the targets differ"));
  ra_free(md);
  ra_matrix_free(&m);
  ra_run_free(&runs[0]);
  ra_run_free(&runs[1]);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("report_markdown");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_report_markdown__tables_and_escaping);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
