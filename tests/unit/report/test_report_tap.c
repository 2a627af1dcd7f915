#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "report/report_tap.h"
#include "report_sample.h"
#include "check_run.h"

static char *tap_text(const struct ra_run *run, int version, size_t *len)
{
  char *buf = NULL;
  size_t n = 0;
  FILE *fp = open_memstream(&buf, &n);
  ck_assert_ptr_nonnull(fp);
  ck_assert_int_eq(ra_report_tap_write(fp, run, version), RA_OK);
  fclose(fp);
  *len = n;
  return buf;
}

START_TEST(test_report_tap__golden_13)
{
  struct ra_run run;
  size_t len;
  char *t;
  sample_run(&run);
  t = tap_text(&run, 13, &len);
  ck_assert(!strncmp(t, "TAP version 13\n", 15));
  ck_assert(sample_golden_equal("sample.tap13", t, len));
  free(t);
  ra_run_free(&run);
}
END_TEST

START_TEST(test_report_tap__golden_14)
{
  struct ra_run run;
  size_t len;
  char *t;
  sample_run(&run);
  t = tap_text(&run, 14, &len);
  ck_assert(!strncmp(t, "TAP version 14\n", 15));
  ck_assert(sample_golden_equal("sample.tap14", t, len));
  free(t);
  ra_run_free(&run);
}
END_TEST

START_TEST(test_report_tap__escaping)
{
  struct ra_run run;
  size_t len;
  size_t i;
  char *t;
  sample_run(&run);
  t = tap_text(&run, 13, &len);
  /* '#' and '\' in a title are escaped, so no title starts a directive */
  ck_assert_ptr_nonnull(strstr(t, "ok 1 - RA-FB-0001 [json-2017] feedback "
                               "with \\# hash and \\\\ backslash\n"));
  /* a newline in a title or skip reason never splits a test line */
  ck_assert_ptr_nonnull(strstr(t, "RA-FB-0002 [legacy-2014] title over two "
                               "lines\n"));
  /* a failure says how to rerun it, next to the curl line */
  ck_assert_ptr_nonnull(strstr(t, "  rerun: \"raconform run --target mock.json "
                               "--profile json-2017 --run RA-FB-0002\"\n"));
  ck_assert_ptr_nonnull(strstr(t, "# SKIP no fixture provider configured "
                               "# none\n"));
  ck_assert_ptr_nonnull(strstr(t, "not ok 5 - RA-FB-0003 [json-2017] 1025 x "
                               "U+00E9 is "
                               "rejected # TODO baseline: mock counts bytes"));
  ck_assert_ptr_nonnull(strstr(t, "  severity: \"error\"\n"
                               "  kind: \"timeout\""));
  ck_assert_ptr_nonnull(strstr(t, "  grade: \"NON-STRICT\"\n"));
  /* multi-line value safe for a block scalar */
  ck_assert_ptr_nonnull(strstr(t, "  actual: |\n    HTTP 200\n    <Errors>\n"
                               "      <Error>"));
  /* a value with blank lines or "..." lines is double-quoted instead */
  ck_assert_ptr_nonnull(strstr(t, "  response: \"HTTP/1.1 200 OK\\n\\n{}\\n"
                               "...\\n---\""));
  for(i = 0; i < len; i++) {
    unsigned char c = (unsigned char)t[i];
    ck_assert_msg(c >= 0x20 || c == '\n', "control byte 0x%02x at %zu", c, i);
    ck_assert_msg(c != 0x7f && c != 0xff, "raw byte 0x%02x at %zu", c, i);
  }
  ck_assert_ptr_nonnull(strstr(t, "\xef\xbf\xbd")); /* invalid UTF-8 -> U+FFFD */
  ck_assert_ptr_null(strstr(t, "\n  ...\n  ...\n"));
  free(t);
  ra_run_free(&run);
}
END_TEST

START_TEST(test_report_tap__streaming_trailing_plan)
{
  struct ra_run run;
  char *buf = NULL;
  size_t n = 0;
  FILE *fp = open_memstream(&buf, &n);
  sample_run(&run);
  ra_report_tap_begin(fp, &run, 0, 13);
  ra_report_tap_case(fp, 1, &run, &run.verdicts[0]);
  ra_report_tap_case(fp, 2, &run, &run.verdicts[3]);
  ck_assert_int_eq(ra_report_tap_end(fp, &run, 0, 2), RA_OK);
  fclose(fp);
  ck_assert_ptr_null(strstr(buf, "\n1..9\n"));
  ck_assert_ptr_nonnull(strstr(buf, "# SKIP no fixture provider configured # none\n1..2\n"));
  free(buf);
  ra_run_free(&run);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("report_tap");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_report_tap__golden_13);
  tcase_add_test(tc, test_report_tap__golden_14);
  tcase_add_test(tc, test_report_tap__escaping);
  tcase_add_test(tc, test_report_tap__streaming_trailing_plan);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
