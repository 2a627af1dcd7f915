/* Unit tests of core/code: the one result-code table gives a name and a
 * message for every code, distinct, and a fixed answer outside it. */
#include <check.h>
#include <string.h>

#include "core/code.h"
#include "check_run.h"

START_TEST(test_code__names_and_messages)
{
  ck_assert_int_eq(RA_OK, 0);
  ck_assert_str_eq(ra_code_name(RA_OK), "RA_OK");
  ck_assert_str_eq(ra_strerror(RA_OK), "no error");
  ck_assert_str_eq(ra_code_name(RA_E_PARSE), "RA_E_PARSE");
  ck_assert_str_eq(ra_strerror(RA_E_TOO_LARGE),
                   "input exceeds its size limit");
  ck_assert_str_eq(ra_code_name(RA_E_REFUSED), "RA_E_REFUSED");
}
END_TEST

START_TEST(test_code__every_code_distinct)
{
  int i, j;
  for(i = 0; i < RA_CODE_COUNT; i++) {
    const char *n = ra_code_name((ra_code)i);
    ck_assert_int_eq(strncmp(n, "RA_", 3), 0);
    ck_assert_uint_gt(strlen(ra_strerror((ra_code)i)), 0);
    for(j = 0; j < i; j++) {
      ck_assert_str_ne(n, ra_code_name((ra_code)j));
      ck_assert_str_ne(ra_strerror((ra_code)i), ra_strerror((ra_code)j));
    }
  }
}
END_TEST

START_TEST(test_code__outside_the_table)
{
  /* header: never NULL for unknown values */
  ck_assert_str_eq(ra_strerror(RA_CODE_COUNT), "unknown code");
  ck_assert_str_eq(ra_strerror((ra_code)-1), "unknown code");
  ck_assert_str_eq(ra_code_name(RA_CODE_COUNT), "RA_E_UNKNOWN");
  ck_assert_str_eq(ra_code_name((ra_code)1000), "RA_E_UNKNOWN");
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("code");
  TCase *tc = tcase_create("code");
  tcase_add_test(tc, test_code__names_and_messages);
  tcase_add_test(tc, test_code__every_code_distinct);
  tcase_add_test(tc, test_code__outside_the_table);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
