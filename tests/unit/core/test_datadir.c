/* Unit tests of core/datadir: the lookup order of SPEC §5 as far as a unit
 * test can drive it (RACONFORM_DATA, then the source tree), and errors that
 * name the paths tried. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/datadir.h"
#include "check_run.h"

START_TEST(test_datadir__environment_first)
{
  char root[] = "/tmp/ra-data-XXXXXX";
  char sub[64];
  char *found = NULL;
  struct ra_error err = RA_ERROR_INIT;
  ra_error_clear(&err);
  ck_assert_ptr_nonnull(mkdtemp(root));
  snprintf(sub, sizeof(sub), "%s/cases", root);
  ck_assert_int_eq(mkdir(sub, 0700), 0);
  setenv("RACONFORM_DATA", root, 1);
  ck_assert_int_eq(ra_datadir_find(&found, "cases", &err), RA_OK);
  ck_assert_str_eq(found, sub);
  ra_free(found);
  found = NULL;
  /* RACONFORM_DATA decides: a missing subfolder is an error naming it */
  ck_assert_int_ne(ra_datadir_find(&found, "vectors", &err), RA_OK);
  ck_assert_ptr_null(found);
  ck_assert_ptr_nonnull(strstr(err.text, root));
  unsetenv("RACONFORM_DATA");
  rmdir(sub);
  rmdir(root);
}
END_TEST

START_TEST(test_datadir__source_tree)
{
  char *found = NULL;
  struct ra_error err = RA_ERROR_INIT;
  struct stat st;
  ra_error_clear(&err);
  unsetenv("RACONFORM_DATA");
  /* not installed: the source tree the binary was built from */
  ck_assert_int_eq(ra_datadir_find(&found, "cases", &err), RA_OK);
  ck_assert_int_eq(stat(found, &st), 0);
  ck_assert(S_ISDIR(st.st_mode));
  ck_assert_ptr_nonnull(strstr(found, "cases"));
  ra_free(found);
  found = NULL;
  ck_assert_int_ne(ra_datadir_find(&found, "no-such-subfolder", &err), RA_OK);
  ck_assert_ptr_nonnull(strstr(err.text, "no-such-subfolder"));
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("datadir");
  TCase *tc = tcase_create("datadir");
  tcase_add_test(tc, test_datadir__environment_first);
  tcase_add_test(tc, test_datadir__source_tree);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
