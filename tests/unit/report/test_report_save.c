/* Unit tests of report/report_save: whole-file writes through core/outfile
 * (a regular file is written and replaced, anything else refused). */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "report/report_save.h"
#include "check_run.h"

static char dir[64];

static void make_dir(void)
{
  strcpy(dir, "/tmp/ra-save-XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(dir));
}

static char *read_all(const char *path)
{
  static char buf[256];
  FILE *f = fopen(path, "rb");
  size_t n;
  ck_assert_ptr_nonnull(f);
  n = fread(buf, 1, sizeof(buf) - 1, f);
  buf[n] = '\0';
  fclose(f);
  return buf;
}

START_TEST(test_report_save__writes_and_replaces)
{
  char path[128];
  struct ra_error err = RA_ERROR_INIT;
  ra_error_clear(&err);
  make_dir();
  snprintf(path, sizeof(path), "%s/r.html", dir);
  ck_assert_int_eq(ra_report_save_text(path, "first", 5, &err), RA_OK);
  ck_assert_str_eq(read_all(path), "first");
  ck_assert_int_eq(ra_report_save_text(path, "second", 6, &err), RA_OK);
  ck_assert_str_eq(read_all(path), "second");
  unlink(path);
  rmdir(dir);
}
END_TEST

START_TEST(test_report_save__refuses_symlink)
{
  char path[128], target[128];
  struct ra_error err = RA_ERROR_INIT;
  struct stat st;
  ra_error_clear(&err);
  make_dir();
  snprintf(target, sizeof(target), "%s/target", dir);
  snprintf(path, sizeof(path), "%s/link.md", dir);
  ck_assert_int_eq(ra_report_save_text(target, "keep", 4, &err), RA_OK);
  ck_assert_int_eq(symlink(target, path), 0);
  ck_assert_int_ne(ra_report_save_text(path, "over", 4, &err), RA_OK);
  ck_assert_ptr_nonnull(strstr(err.text, "regular"));
  /* the link and what it points to are untouched */
  ck_assert_int_eq(lstat(path, &st), 0);
  ck_assert(S_ISLNK(st.st_mode));
  ck_assert_str_eq(read_all(target), "keep");
  unlink(path);
  unlink(target);
  rmdir(dir);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("report_save");
  TCase *tc = tcase_create("report_save");
  tcase_add_test(tc, test_report_save__writes_and_replaces);
  tcase_add_test(tc, test_report_save__refuses_symlink);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
