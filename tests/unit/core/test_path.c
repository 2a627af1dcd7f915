/* Unit tests of core/path: joining, listing marked folders, and mkdir -p
 * (new and existing components, a file in the way, the empty path). */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/path.h"
#include "check_run.h"

static char tmp[64];

static void setup(void)
{
  snprintf(tmp, sizeof(tmp), "/tmp/ra-path-XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(tmp));
}

static void teardown(void)
{
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
  ck_assert_int_eq(system(cmd), 0);
}

static int is_dir(const char *p)
{
  struct stat st;
  return !stat(p, &st) && S_ISDIR(st.st_mode);
}

START_TEST(test_path__join)
{
  char *p = ra_path_join("reports", "wire");
  ck_assert_str_eq(p, "reports/wire");
  ra_free(p);
  p = ra_path_join("", "x");
  ck_assert_str_eq(p, "/x");
  ra_free(p);
  p = ra_path_join("a/", "b"); /* no normalisation */
  ck_assert_str_eq(p, "a//b");
  ra_free(p);
}
END_TEST

START_TEST(test_path__mkdirs_creates_parents_and_is_idempotent)
{
  char *deep = ra_path_join(tmp, "a/b/c");
  char *mid = ra_path_join(tmp, "a/b");
  ck_assert(!is_dir(mid));
  ck_assert_int_eq(ra_path_mkdirs(deep), 0);
  ck_assert(is_dir(mid));
  ck_assert(is_dir(deep));
  ck_assert_int_eq(ra_path_mkdirs(deep), 0); /* exists: fine */
  ck_assert_int_eq(ra_path_mkdirs(tmp), 0);
  ra_free(deep);
  ra_free(mid);
}
END_TEST

START_TEST(test_path__mkdirs_trailing_slash)
{
  char *p = ra_path_join(tmp, "x/y/");
  char *q = ra_path_join(tmp, "x/y");
  ck_assert_int_eq(ra_path_mkdirs(p), 0);
  ck_assert(is_dir(q));
  ra_free(p);
  ra_free(q);
}
END_TEST

START_TEST(test_path__mkdirs_fails_under_a_file)
{
  char *file = ra_path_join(tmp, "plain");
  char *under = ra_path_join(tmp, "plain/sub");
  FILE *f = fopen(file, "w");
  ck_assert_ptr_nonnull(f);
  fclose(f);
  errno = 0;
  ck_assert_int_eq(ra_path_mkdirs(under), -1);
  ck_assert_int_ne(errno, 0);
  /* the path itself being a file is not a directory either */
  errno = 0;
  ck_assert_int_eq(ra_path_mkdirs(file), -1);
  ck_assert_int_eq(errno, ENOTDIR);
  ra_free(file);
  ra_free(under);
}
END_TEST

START_TEST(test_path__mkdirs_empty_path)
{
  errno = 0;
  ck_assert_int_eq(ra_path_mkdirs(""), -1);
  ck_assert_int_eq(errno, ENOENT);
}
END_TEST

static void touch(const char *dir, const char *sub, const char *name)
{
  char *d = ra_path_join(dir, sub);
  char *f = ra_path_join(d, name);
  FILE *fp;
  ck_assert_int_eq(ra_path_mkdirs(d), 0);
  fp = fopen(f, "w");
  ck_assert_ptr_nonnull(fp);
  fclose(fp);
  ra_free(f);
  ra_free(d);
}

START_TEST(test_path__list_marked_sorted_and_filtered)
{
  char **names;
  size_t n;
  char *no_such = ra_path_join(tmp, "absent");
  touch(tmp, "b", "mark");
  touch(tmp, "a", "mark");
  touch(tmp, "c", "other");      /* no marker: left out */
  touch(tmp, ".hidden", "mark"); /* dot-name: left out */
  touch(tmp, "d/mark", "x");     /* marker is a folder: left out */
  ck_assert_int_eq(ra_path_list(tmp, "mark", &names, &n), 0);
  ck_assert_uint_eq(n, 2);
  ck_assert_str_eq(names[0], "a");
  ck_assert_str_eq(names[1], "b");
  ra_path_list_free(names, n);
  ck_assert_int_eq(ra_path_list(tmp, NULL, &names, &n), 0); /* every one */
  ck_assert_uint_eq(n, 4);
  ck_assert_str_eq(names[0], "a");
  ck_assert_str_eq(names[3], "d");
  ra_path_list_free(names, n);
  ck_assert_int_eq(ra_path_list(tmp, "none", &names, &n), 0);
  ck_assert_uint_eq(n, 0);
  ra_path_list_free(names, n);
  errno = 0;
  ck_assert_int_eq(ra_path_list(no_such, "mark", &names, &n), -1);
  ck_assert_int_eq(errno, ENOENT);
  ck_assert_ptr_null(names);
  ck_assert_uint_eq(n, 0);
  ra_free(no_such);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("path");
  TCase *tc = tcase_create("path");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_path__join);
  tcase_add_test(tc, test_path__list_marked_sorted_and_filtered);
  tcase_add_test(tc, test_path__mkdirs_creates_parents_and_is_idempotent);
  tcase_add_test(tc, test_path__mkdirs_trailing_slash);
  tcase_add_test(tc, test_path__mkdirs_fails_under_a_file);
  tcase_add_test(tc, test_path__mkdirs_empty_path);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
