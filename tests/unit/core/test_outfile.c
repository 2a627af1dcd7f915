/* core/outfile: complete files or a named error, never a replaced
 * device, FIFO or symlink, no temporary file left behind. */
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_run.h"
#include "core/outfile.h"

static char dir[64];

static void setup(void)
{
  strcpy(dir, "/tmp/ra-outfile-XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  ck_assert_int_eq(system(cmd), 0);
}

static char *at(const char *name)
{
  static char p[128];
  snprintf(p, sizeof(p), "%s/%s", dir, name);
  return p;
}

/* Number of entries in dir whose name holds ".tmp.". */
static int temporaries(void)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  int n = 0;
  while((e = readdir(d)) != NULL)
    n += strstr(e->d_name, ".tmp.") != NULL;
  closedir(d);
  return n;
}

START_TEST(test_outfile__writes_and_replaces_a_regular_file)
{
  struct ra_error err = RA_ERROR_INIT;
  char buf[16] = {0};
  FILE *f;
  ck_assert_int_eq(ra_outfile_write(at("a"), "old", 3, &err), RA_OK);
  ck_assert_int_eq(ra_outfile_write(at("a"), "new!", 4, &err), RA_OK);
  f = fopen(at("a"), "r");
  ck_assert_uint_eq(fread(buf, 1, sizeof(buf), f), 4);
  fclose(f);
  ck_assert_str_eq(buf, "new!");
  ck_assert_int_eq(temporaries(), 0);
}
END_TEST

START_TEST(test_outfile__refuses_fifo_symlink_and_missing_folder)
{
  struct ra_error err = RA_ERROR_INIT;
  struct stat st;
  char target[128];
  ck_assert_int_eq(mkfifo(at("fifo"), 0600), 0);
  ck_assert_int_eq(ra_outfile_write(at("fifo"), "x", 1, &err),
                   RA_E_REFUSED);
  ck_assert_str_eq(err.source, at("fifo"));
  ck_assert_ptr_nonnull(strstr(err.text, "a FIFO"));
  ck_assert_int_eq(lstat(at("fifo"), &st), 0);
  ck_assert(S_ISFIFO(st.st_mode));
  snprintf(target, sizeof(target), "%s", at("victim"));
  ck_assert_int_eq(symlink(target, at("link")), 0);
  ck_assert_int_eq(ra_outfile_write(at("link"), "x", 1, &err),
                   RA_E_REFUSED);
  ck_assert_int_eq(lstat(at("link"), &st), 0);
  ck_assert(S_ISLNK(st.st_mode));
  ck_assert_int_ne(access(at("victim"), F_OK), 0);
  ra_error_clear(&err); /* errors keep their first cause: clear to reuse */
  ck_assert_int_eq(ra_outfile_write(at("no/such/file"), "x", 1, &err),
                   RA_E_IO);
  ck_assert_ptr_nonnull(strstr(err.text, "No such file or directory"));
  ck_assert_int_eq(temporaries(), 0);
}
END_TEST

START_TEST(test_outfile__a_full_device_is_a_named_write_error)
{
  struct ra_outfile of;
  struct ra_error err = RA_ERROR_INIT;
  int fd = open("/dev/full", O_WRONLY);
  if(fd < 0)
    return; /* no /dev/full: nothing to show */
  ra_outfile_open_fd(&of, fd, "stdout (TAP)");
  fputs("ok 1\n", of.fp);
  ck_assert_int_eq(ra_outfile_commit(&of, &err), RA_E_IO);
  ck_assert_str_eq(err.source, "stdout (TAP)");
  ck_assert_ptr_nonnull(strstr(err.text, "No space left on device"));
  ck_assert_int_eq(fcntl(fd, F_GETFD), 0); /* still the caller's */
  close(fd);
}
END_TEST

START_TEST(test_outfile__abort_leaves_the_target_alone)
{
  struct ra_outfile of;
  struct ra_error err = RA_ERROR_INIT;
  ck_assert_int_eq(ra_outfile_open(&of, at("b"), &err), RA_OK);
  fputs("half", of.fp);
  ck_assert_int_eq(temporaries(), 1);
  ra_outfile_abort(&of);
  ck_assert_int_eq(temporaries(), 0);
  ck_assert_int_ne(access(at("b"), F_OK), 0);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("outfile");
  TCase *tc = tcase_create("outfile");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_outfile__writes_and_replaces_a_regular_file);
  tcase_add_test(tc, test_outfile__refuses_fifo_symlink_and_missing_folder);
  tcase_add_test(tc, test_outfile__a_full_device_is_a_named_write_error);
  tcase_add_test(tc, test_outfile__abort_leaves_the_target_alone);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
