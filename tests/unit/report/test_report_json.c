#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "core/alloc.h"
#include "report/report_json.h"
#include "report_sample.h"
#include "check_run.h"

START_TEST(test_report_json__document)
{
  struct ra_run run;
  json_error_t jerr;
  json_t *doc;
  json_t *cases;
  char *text;
  sample_run(&run);
  text = ra_report_json_dumps(&run);
  doc = json_loads(text, 0, &jerr);
  ck_assert_ptr_nonnull(doc);
  ck_assert_str_eq(json_string_value(json_object_get(doc, "format")),
                   "raconform-report/1");
  ck_assert_str_eq(json_string_value(json_object_get(
    json_object_get(doc, "suite"), "endpoint_class")), "loopback");
  ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(
    json_object_get(doc, "summary"), "status"), "fail")), 2);
  ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(
    json_object_get(doc, "summary"), "grade"), "NON-STRICT")), 1);
  cases = json_object_get(doc, "cases");
  ck_assert_uint_eq(json_array_size(cases), 9);
  ck_assert_str_eq(json_string_value(json_object_get(json_array_get(cases, 2),
                   "error_kind")), "timeout");
  ck_assert(json_is_null(json_object_get(json_array_get(cases, 0), "reason")));
  ck_assert(sample_golden_equal("sample.json", text, strlen(text)));
  json_decref(doc);
  ra_free(text);
  ra_run_free(&run);
}
END_TEST

START_TEST(test_report_json__write_file)
{
  struct ra_run run;
  struct ra_error err = RA_ERROR_INIT;
  json_error_t jerr;
  json_t *doc;
  char path[] = "/tmp/ra-json-XXXXXX";
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  close(fd);
  sample_run(&run);
  ck_assert_int_eq(ra_report_json_write_file(path, &run, &err), RA_OK);
  doc = json_load_file(path, 0, &jerr);
  ck_assert_ptr_nonnull(doc);
  ck_assert_int_eq(json_integer_value(json_object_get(
    json_object_get(doc, "summary"), "total")), 9);
  json_decref(doc);
  unlink(path);
  ck_assert_int_eq(ra_report_json_write_file("/nonexistent/dir/x.json", &run,
                                             &err), RA_E_IO);
  ra_run_free(&run);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("report_json");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_report_json__document);
  tcase_add_test(tc, test_report_json__write_file);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
