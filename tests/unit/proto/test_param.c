/* Unit tests of proto/param: an ordered, owning list of byte-string
 * parameters (wire order and duplicates kept, NULs in values, set/remove/
 * get/count by exact name). */
#include <check.h>
#include <string.h>

#include "proto/param.h"
#include "check_run.h"

START_TEST(test_param__add_keeps_order_and_duplicates)
{
  struct ra_params p;
  char name[] = "A";
  char value[] = "one";
  ra_params_init(&p);
  ck_assert_uint_eq(p.count, 0);
  ck_assert_ptr_null(ra_params_get(&p, "A"));
  ra_params_adds(&p, name, value);
  name[0] = 'Z'; /* the list owns copies */
  value[0] = 'X';
  ra_params_adds(&p, "B", "two");
  ra_params_adds(&p, "A", "three");
  ck_assert_uint_eq(p.count, 3);
  ck_assert_str_eq(p.items[0].name, "A");
  ck_assert_str_eq(p.items[0].value, "one");
  ck_assert_uint_eq(p.items[0].value_len, 3);
  ck_assert_str_eq(p.items[1].name, "B");
  ck_assert_str_eq(p.items[2].value, "three");
  ck_assert_str_eq(ra_params_get(&p, "A")->value, "one"); /* first */
  ck_assert_uint_eq(ra_params_count_name(&p, "A"), 2);
  ck_assert_uint_eq(ra_params_count_name(&p, "a"), 0); /* exact match */
  ck_assert_ptr_null(ra_params_get(&p, "a"));
  ra_params_free(&p);
  ck_assert_uint_eq(p.count, 0);
}
END_TEST

START_TEST(test_param__values_hold_nul_bytes)
{
  struct ra_params p;
  const struct ra_param *x;
  ra_params_init(&p);
  ra_params_add(&p, "Feedback", "a\0b", 3);
  ra_params_add(&p, "Empty", "", 0);
  x = ra_params_get(&p, "Feedback");
  ck_assert_uint_eq(x->value_len, 3);
  ck_assert_int_eq(memcmp(x->value, "a\0b", 4), 0); /* NUL-terminated too */
  x = ra_params_get(&p, "Empty");
  ck_assert_uint_eq(x->value_len, 0);
  ck_assert_str_eq(x->value, "");
  ra_params_free(&p);
}
END_TEST

START_TEST(test_param__set_replaces_first_or_appends)
{
  struct ra_params p;
  ra_params_init(&p);
  ra_params_adds(&p, "A", "1");
  ra_params_adds(&p, "B", "2");
  ra_params_adds(&p, "A", "3");
  ra_params_set(&p, "A", "new", 3);
  ck_assert_uint_eq(p.count, 3);
  ck_assert_str_eq(p.items[0].value, "new"); /* in place */
  ck_assert_str_eq(p.items[2].value, "3");   /* later duplicate kept */
  ra_params_set(&p, "C", "x\0y", 3);
  ck_assert_uint_eq(p.count, 4);
  ck_assert_str_eq(p.items[3].name, "C");
  ck_assert_uint_eq(p.items[3].value_len, 3);
  ra_params_free(&p);
}
END_TEST

START_TEST(test_param__remove_every_match)
{
  struct ra_params p;
  size_t i;
  ra_params_init(&p);
  for(i = 0; i < 50; i++) /* past any initial capacity */
    ra_params_adds(&p, i % 2 ? "Odd" : "Even", i % 2 ? "o" : "e");
  ck_assert_uint_eq(p.count, 50);
  ck_assert_uint_eq(ra_params_remove(&p, "Odd"), 25);
  ck_assert_uint_eq(p.count, 25);
  for(i = 0; i < p.count; i++)
    ck_assert_str_eq(p.items[i].name, "Even");
  ck_assert_uint_eq(ra_params_remove(&p, "Odd"), 0);
  ck_assert_uint_eq(ra_params_remove(&p, "even"), 0);
  ck_assert_uint_eq(ra_params_remove(&p, "Even"), 25);
  ck_assert_uint_eq(p.count, 0);
  ra_params_adds(&p, "Again", "ok"); /* still usable */
  ck_assert_str_eq(ra_params_get(&p, "Again")->value, "ok");
  ra_params_free(&p);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("param");
  TCase *tc = tcase_create("param");
  tcase_add_test(tc, test_param__add_keeps_order_and_duplicates);
  tcase_add_test(tc, test_param__values_hold_nul_bytes);
  tcase_add_test(tc, test_param__set_replaces_first_or_appends);
  tcase_add_test(tc, test_param__remove_every_match);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
