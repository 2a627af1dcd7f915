/* Unit tests of proto/header: the ordered, case-insensitive header list. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "proto/header.h"
#include "check_run.h"

START_TEST(test_header__headers_list)
{
  struct ra_headers h;
  ra_headers_init(&h);
  ra_headers_add(&h, "A", "1");
  ra_headers_add(&h, "b", "2");
  ra_headers_add(&h, "a", "3");
  ck_assert_str_eq(ra_headers_get(&h, "B"), "2");
  ra_headers_set(&h, "a", "9");
  ck_assert_uint_eq(h.count, 2);
  ck_assert_str_eq(ra_headers_get(&h, "A"), "9");
  ck_assert_uint_eq(ra_headers_remove(&h, "B"), 1);
  ck_assert_ptr_null(ra_headers_get(&h, "b"));
  ra_headers_free(&h);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("header");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_header__headers_list);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
