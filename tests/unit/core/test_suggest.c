/* Nearest-name suggestions: distances, the typo threshold, ties. */
#include <check.h>
#include <stdlib.h>

#include "core/suggest.h"
#include "check_run.h"

START_TEST(test_suggest__distance)
{
  ck_assert_uint_eq(ra_suggest_distance("", ""), 0);
  ck_assert_uint_eq(ra_suggest_distance("abc", ""), 3);
  ck_assert_uint_eq(ra_suggest_distance("kitten", "sitting"), 3);
  ck_assert_uint_eq(ra_suggest_distance("profile", "porfile"), 1);
  ck_assert_uint_eq(ra_suggest_distance("target", "target"), 0);
}
END_TEST

START_TEST(test_suggest__nearest)
{
  static const char *const opts[] = {"target", "profile", "run", "skip",
                                     "timeout", "tap", NULL};
  ck_assert_str_eq(ra_suggest_nearest("porfile", opts, 6), "profile");
  ck_assert_str_eq(ra_suggest_nearest("taget", opts, 6), "target");
  ck_assert_str_eq(ra_suggest_nearest("rnu", opts, 6), "run");
  ck_assert_ptr_null(ra_suggest_nearest("frobnicate", opts, 6));
  ck_assert_ptr_null(ra_suggest_nearest("xyz", opts, 6));
  /* a NULL entry ends the list */
  ck_assert_ptr_null(ra_suggest_nearest("porfile", opts, 0));
  ck_assert_str_eq(ra_suggest_nearest("tap", opts, 100), "tap");
}
END_TEST

int main(void)
{
  Suite *s = suite_create("suggest");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_suggest__distance);
  tcase_add_test(tc, test_suggest__nearest);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
