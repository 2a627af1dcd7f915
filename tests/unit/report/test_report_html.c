#include <check.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "core/alloc.h"
#include "report/report_html.h"
#include "report_sample.h"
#include "check_run.h"

static size_t count(const char *hay, const char *needle)
{
  size_t n = 0;
  const char *p = hay;
  while((p = strstr(p, needle))) {
    n++;
    p += strlen(needle);
  }
  return n;
}

START_TEST(test_report_html__escaped_and_self_contained)
{
  struct ra_run runs[2];
  struct ra_matrix m;
  char *page;
  htmlDocPtr doc;
  const char *sources[] = {"some/dir/first<.json", NULL};
  sample_run(&runs[0]);
  sample_run(&runs[1]);
  ra_verdict_set(&runs[1].target_name, "<script>alert(1)</script>");
  ra_verdict_set(&runs[1].verdicts[1].reason, "</td><img src=x onerror=y>");
  ra_matrix_build(&m, runs, sources, 2);
  page = ra_report_html_dumps(&m);
  ck_assert(!strncmp(page, "<!DOCTYPE html>\n<html lang=\"en\">", 32));
  ck_assert_ptr_null(strstr(page, "<script>alert"));
  ck_assert_ptr_nonnull(strstr(page, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  ck_assert_ptr_null(strstr(page, "<img"));
  ck_assert_ptr_nonnull(strstr(page, " · first&lt;.json</span>"));
  ck_assert_ptr_null(strstr(page, "some/dir"));
  ck_assert_uint_eq(count(page, "<script>"), 1);   /* the filter only */
  ck_assert_ptr_nonnull(strstr(page, "&lt;img src=x onerror=y&gt;"));
  ck_assert_ptr_null(strstr(page, "<link"));
  ck_assert_ptr_null(strstr(page, "<script src"));
  ck_assert_ptr_null(strstr(page, "href="));
  ck_assert_ptr_null(strstr(page, "http-equiv"));
  ck_assert_ptr_null(strstr(page, "<td/>"));
  ck_assert_uint_eq(count(page, "<tr class=\"case\""), m.nrows);
  ck_assert_uint_eq(count(page, "<td class=\"cell "), m.nrows * 2);
  ck_assert_uint_eq(count(page, "<tr class=\"total\""), RA_CELL_COUNT);
  /* an HTML parser reads it without error */
  doc = htmlReadMemory(page, (int)strlen(page), "m.html", "UTF-8",
                       HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                       HTML_PARSE_NONET);
  ck_assert_ptr_nonnull(doc);
  xmlFreeDoc(doc);
  ra_free(page);
  ra_matrix_free(&m);
  ra_run_free(&runs[0]);
  ra_run_free(&runs[1]);
}
END_TEST

START_TEST(test_report_html__write_file)
{
  struct ra_run run;
  struct ra_matrix m;
  struct ra_error err = RA_ERROR_INIT;
  sample_run(&run);
  ra_matrix_build(&m, &run, NULL, 1);
  ck_assert_int_eq(ra_report_html_write_file("/nonexistent/dir/m.html", &m,
                                             &err), RA_E_IO);
  ra_matrix_free(&m);
  ra_run_free(&run);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("report_html");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_report_html__escaped_and_self_contained);
  tcase_add_test(tc, test_report_html__write_file);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
