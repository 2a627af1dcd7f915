/* Unit tests of server/defect: the table is complete and well-formed. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "server/defect.h"

START_TEST(test_defect__table)
{
  size_t i, j;
  ck_assert_uint_ge(ra_defect_count(), 15);
  ck_assert_ptr_null(ra_defect_at(ra_defect_count()));
  for(i = 0; i < ra_defect_count(); i++) {
    const struct ra_defect_info *d = ra_defect_at(i);
    ra_defect_id id;
    ck_assert_ptr_nonnull(d);
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
  ck_assert_int_eq(ra_defect_lookup("no-such-defect", &id), RA_E_NOT_FOUND);
  ck_assert_int_eq(ra_defect_lookup("", &id), RA_E_NOT_FOUND);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("defect");
  TCase *tc = tcase_create("defect");
  tcase_add_test(tc, test_defect__table);
  tcase_add_test(tc, test_defect__lookup);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(suite());
  int failed;
  srunner_run_all(sr, CK_NORMAL);
  failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
