/* Unit tests of server/defect: the table is complete and well-formed. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "server/defect.h"
#include "check_run.h"

START_TEST(test_defect__table)
{
  size_t i, j;
  ck_assert_uint_ge(ra_defect_count(), 72);
  ck_assert_uint_eq(ra_defect_count(), RA_DEFECT_COUNT);
  /* every id must have its bit in a struct ra_defect_set */
  ck_assert_uint_le(ra_defect_count(),
                    sizeof(((struct ra_defect_set *)0)->words) * 8);
  ck_assert_ptr_null(ra_defect_at(ra_defect_count()));
  for(i = 0; i < ra_defect_count(); i++) {
    const struct ra_defect_info *d = ra_defect_at(i);
    ra_defect_id id;
    ck_assert_ptr_nonnull(d);
    /* a row left out of the initializer would be all NULL */
    ck_assert_ptr_nonnull(d->name);
    ck_assert_ptr_nonnull(d->breaks);
    ck_assert_ptr_nonnull(d->areas);
    ck_assert_ptr_nonnull(d->description);
    ck_assert_uint_eq(strspn(d->name, "abcdefghijklmnopqrstuvwxyz0123456789-"),
                      strlen(d->name));
    ck_assert_uint_eq(strspn(d->areas, "abcdefghijklmnopqrstuvwxyz0123456789-,"),
                      strlen(d->areas));
    ck_assert(d->areas[0] != ',' && d->areas[strlen(d->areas) - 1] != ',');
    ck_assert(!strstr(d->areas, ",,"));
    ck_assert(!strchr(d->description, '\n'));
    ck_assert(!strcmp(d->breaks, "MUST") || !strcmp(d->breaks, "SHOULD"));
    ck_assert_uint_gt(strlen(d->areas), 0);
    ck_assert_uint_gt(strlen(d->description), 10);
    ck_assert(!strchr(d->name, ' '));
    ck_assert_int_eq(ra_defect_lookup(d->name, &id), RA_OK);
    ck_assert_uint_eq((size_t)id, i);
    for(j = i + 1; j < ra_defect_count(); j++)
      ck_assert_str_ne(d->name, ra_defect_at(j)->name);
  }
}
END_TEST

START_TEST(test_defect__lookup)
{
  ra_defect_id id;
  ck_assert_int_eq(ra_defect_lookup("feedback-off-by-one", &id), RA_OK);
  ck_assert_int_eq(id, RA_DEFECT_FEEDBACK_OFF_BY_ONE);
  ck_assert_int_eq(ra_defect_lookup("plus-not-space", &id), RA_OK);
  ck_assert_int_eq(id, RA_DEFECT_PLUS_NOT_SPACE);
  ck_assert_int_eq(ra_defect_lookup("double-decode", &id), RA_OK);
  ck_assert_int_eq(id, RA_DEFECT_DOUBLE_DECODE);
  ck_assert_int_eq(ra_defect_lookup("tight-skew-window", &id), RA_OK);
  ck_assert_int_eq(id, RA_DEFECT_TIGHT_SKEW_WINDOW);
  ck_assert_str_eq(ra_defect_at(RA_DEFECT_TIGHT_SKEW_WINDOW)->breaks,
                   "SHOULD");
  ck_assert_int_eq(ra_defect_lookup("json-any-method", &id), RA_OK);
  ck_assert_int_eq(id, RA_DEFECT_JSON_ANY_METHOD);
  ck_assert_int_eq(ra_defect_lookup("cesu8-surrogates", &id), RA_OK);
  ck_assert_int_eq(id, RA_DEFECT_CESU8_SURROGATES);
  ck_assert_str_eq(ra_defect_at(RA_DEFECT_CESU8_SURROGATES)->name,
                   "cesu8-surrogates");
  /* exact match only */
  ck_assert_int_eq(ra_defect_lookup("Double-Decode", &id), RA_E_NOT_FOUND);
  ck_assert_int_eq(ra_defect_lookup("double-decode ", &id), RA_E_NOT_FOUND);
  ck_assert_int_eq(ra_defect_lookup("no-such-defect", &id), RA_E_NOT_FOUND);
  ck_assert_int_eq(ra_defect_lookup("feedback-too-long-500", &id), RA_OK);
  ck_assert_int_eq(id, RA_DEFECT_FEEDBACK_TOO_LONG_500);
  ck_assert_uint_ge((size_t)id, 64);
  ck_assert_int_eq(ra_defect_lookup("", &id), RA_E_NOT_FOUND);
}
END_TEST

START_TEST(test_defect__set)
{
  struct ra_defect_set a, b;
  size_t i;
  memset(&a, 0, sizeof(a));
  memset(&b, 0, sizeof(b));
  ck_assert(ra_defect_set_empty(&a));
  for(i = 0; i < ra_defect_count(); i++)
    ck_assert(!ra_defect_set_has(&a, (ra_defect_id)i));
  /* ids past 63 live in the second word and do not alias the first */
  ra_defect_set_add(&a, RA_DEFECT_FEEDBACK_TOO_LONG_500);
  ck_assert(!ra_defect_set_empty(&a));
  ck_assert(ra_defect_set_has(&a, RA_DEFECT_FEEDBACK_TOO_LONG_500));
  ck_assert(!ra_defect_set_has(&a, (ra_defect_id)
                               (RA_DEFECT_FEEDBACK_TOO_LONG_500 % 64)));
  ck_assert(!ra_defect_set_intersects(&a, &b));
  ra_defect_set_add(&b, RA_DEFECT_FEEDBACK_OFF_BY_ONE);
  ck_assert(!ra_defect_set_intersects(&a, &b));
  ra_defect_set_add(&b, RA_DEFECT_FEEDBACK_TOO_LONG_500);
  ck_assert(ra_defect_set_intersects(&a, &b));
  /* every id round-trips; out-of-range ids are never members */
  for(i = 0; i < ra_defect_count(); i++)
    ra_defect_set_add(&a, (ra_defect_id)i);
  for(i = 0; i < ra_defect_count(); i++)
    ck_assert(ra_defect_set_has(&a, (ra_defect_id)i));
  ck_assert(!ra_defect_set_has(&a, RA_DEFECT_COUNT));
  ra_defect_set_add(&b, RA_DEFECT_COUNT);
  ck_assert(!ra_defect_set_has(&b, RA_DEFECT_COUNT));
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("defect");
  TCase *tc = tcase_create("defect");
  tcase_add_test(tc, test_defect__table);
  tcase_add_test(tc, test_defect__lookup);
  tcase_add_test(tc, test_defect__set);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
