/* Unit tests of core/error: filling, formatting and printing an error, and
 * what a second ra_error_set does: the first cause is kept (STYLE.md, as
 * jansson's error_set). */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "check_run.h"

START_TEST(test_error__set_fills_and_returns_code)
{
  struct ra_error err = RA_ERROR_INIT;
  char out[1200];
  ra_error_clear(&err);
  ck_assert_str_eq(err.source, "");
  ck_assert_int_eq(err.line, 0);
  ck_assert_int_eq(ra_error_set(&err, RA_E_PARSE, "cases/x.json", 3, 7,
                                "unknown field '%s'", "foo"), RA_E_PARSE);
  ck_assert_str_eq(err.source, "cases/x.json");
  ck_assert_int_eq(err.line, 3);
  ck_assert_int_eq(err.column, 7);
  ck_assert_str_eq(err.text, "unknown field 'foo'");
  ra_error_format(&err, out, sizeof(out));
  ck_assert_str_eq(out, "cases/x.json:3:7: unknown field 'foo'");
  /* NULL err: only the code comes back */
  ck_assert_int_eq(ra_error_set(NULL, RA_E_IO, "f", 1, 1, "x"), RA_E_IO);
  ra_error_clear(NULL);
}
END_TEST

START_TEST(test_error__format_leaves_out_unknown_parts)
{
  struct ra_error err = RA_ERROR_INIT;
  char out[1200];
  char small[8];
  ra_error_clear(&err);
  ra_error_set(&err, RA_E_IO, "t.json", 4, 0, "bad");
  ra_error_format(&err, out, sizeof(out));
  ck_assert_str_eq(out, "t.json:4: bad");
  ra_error_clear(&err);
  ra_error_set(&err, RA_E_IO, "t.json", 0, 9, "bad");
  ra_error_format(&err, out, sizeof(out));
  ck_assert_str_eq(out, "t.json: bad");
  ra_error_clear(&err);
  ra_error_set(&err, RA_E_IO, NULL, 0, 0, "no source");
  ra_error_format(&err, out, sizeof(out));
  ck_assert_str_eq(out, "<input>: no source");
  ra_error_format(&err, small, sizeof(small)); /* truncated, terminated */
  ck_assert_str_eq(small, "<input>");
}
END_TEST

START_TEST(test_error__long_text_is_truncated)
{
  struct ra_error err = RA_ERROR_INIT;
  char longsrc[2000];
  memset(longsrc, 'a', sizeof(longsrc) - 1);
  longsrc[sizeof(longsrc) - 1] = '\0';
  ra_error_set(&err, RA_E_PARSE, longsrc, 1, 1, "%s", longsrc);
  ck_assert_uint_eq(strlen(err.source), sizeof(err.source) - 1);
  ck_assert_uint_eq(strlen(err.text), sizeof(err.text) - 1);
}
END_TEST

START_TEST(test_error__first_cause_is_kept)
{
  /* As jansson's error_set: a second ra_error_set (a caller wrapping the
   * failure of a callee) leaves the first cause; only the code it returns
   * is the caller's. ra_error_clear makes the error reusable. */
  struct ra_error err = RA_ERROR_INIT;
  ck_assert_int_eq(ra_error_set(&err, RA_E_PARSE, "first.json", 1, 2,
                                "first cause"), RA_E_PARSE);
  ck_assert_int_eq(ra_error_set(&err, RA_E_IO, "second.json", 3, 4,
                                "second"), RA_E_IO);
  ck_assert_str_eq(err.source, "first.json");
  ck_assert_int_eq(err.line, 1);
  ck_assert_int_eq(err.column, 2);
  ck_assert_str_eq(err.text, "first cause");
  ra_error_clear(&err);
  ra_error_set(&err, RA_E_IO, "second.json", 3, 4, "second");
  ck_assert_str_eq(err.source, "second.json");
  ck_assert_int_eq(err.line, 3);
  ck_assert_str_eq(err.text, "second");
}
END_TEST

START_TEST(test_error__init_is_empty)
{
  struct ra_error err = RA_ERROR_INIT;
  ck_assert_str_eq(err.source, "");
  ck_assert_str_eq(err.text, "");
  ck_assert_int_eq(err.line, 0);
  ck_assert_int_eq(err.column, 0);
}
END_TEST

START_TEST(test_error__print_writes_one_line)
{
  struct ra_error err = RA_ERROR_INIT;
  char line[256];
  FILE *f = tmpfile();
  ck_assert_ptr_nonnull(f);
  ra_error_set(&err, RA_E_PARSE, "a.json", 2, 5, "bad value");
  ra_error_print(&err, f);
  rewind(f);
  ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
  ck_assert_str_eq(line, "a.json:2:5: bad value\n");
  ck_assert_ptr_null(fgets(line, sizeof(line), f));
  fclose(f);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("error");
  TCase *tc = tcase_create("error");
  tcase_add_test(tc, test_error__set_fills_and_returns_code);
  tcase_add_test(tc, test_error__format_leaves_out_unknown_parts);
  tcase_add_test(tc, test_error__long_text_is_truncated);
  tcase_add_test(tc, test_error__first_cause_is_kept);
  tcase_add_test(tc, test_error__init_is_empty);
  tcase_add_test(tc, test_error__print_writes_one_line);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
