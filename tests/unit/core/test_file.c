/* Unit tests of core/file: whole-file reads (binary bytes, empty files,
 * appending to what the buffer holds) and the three failures with err
 * naming the path, incl. a size cap that frees the buffer. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/file.h"
#include "check_run.h"

static char dir[64];
static char path[128];

static void setup(void)
{
  snprintf(dir, sizeof(dir), "/tmp/ra-file-XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(dir));
  snprintf(path, sizeof(path), "%s/f.bin", dir);
}

static void teardown(void)
{
  unlink(path);
  rmdir(dir);
}

static void write_file(const void *data, size_t len)
{
  FILE *f = fopen(path, "wb");
  ck_assert_ptr_nonnull(f);
  ck_assert_uint_eq(fwrite(data, 1, len, f), len);
  fclose(f);
}

START_TEST(test_file__reads_bytes)
{
  struct ra_buf b;
  struct ra_error err = RA_ERROR_INIT;
  static char big[40000];
  size_t i;
  for(i = 0; i < sizeof(big); i++)
    big[i] = (char)(i * 7);
  write_file(big, sizeof(big)); /* more than one read chunk, with NULs */
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ck_assert_int_eq(ra_buf_adds(&b, "head:"), RA_OK);
  ck_assert_int_eq(ra_file_read(&b, path, &err), RA_OK);
  ck_assert_uint_eq(b.len, 5 + sizeof(big));
  ck_assert_int_eq(memcmp(b.ptr, "head:", 5), 0); /* appended */
  ck_assert_int_eq(memcmp(b.ptr + 5, big, sizeof(big)), 0);
  ra_buf_free(&b);
}
END_TEST

START_TEST(test_file__empty_file_gives_empty_string)
{
  struct ra_buf b;
  write_file("", 0);
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ck_assert_int_eq(ra_file_read(&b, path, NULL), RA_OK);
  ck_assert_ptr_nonnull(b.ptr);
  ck_assert_uint_eq(b.len, 0);
  ck_assert_str_eq(b.ptr, "");
  ra_buf_free(&b);
}
END_TEST

START_TEST(test_file__missing_and_unreadable)
{
  struct ra_buf b;
  struct ra_error err = RA_ERROR_INIT;
  char missing[160];
  snprintf(missing, sizeof(missing), "%s/nope", dir);
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_error_clear(&err);
  ck_assert_int_eq(ra_file_read(&b, missing, &err), RA_E_NOT_FOUND);
  ck_assert_str_eq(err.source, missing);
  ck_assert_ptr_nonnull(strstr(err.text, "cannot open"));
  ra_error_clear(&err);
  ck_assert_int_eq(ra_file_read(&b, dir, &err), RA_E_IO); /* a directory */
  ck_assert_str_eq(err.source, dir);
  ra_buf_free(&b);
}
END_TEST

START_TEST(test_file__too_large_frees)
{
  struct ra_buf b;
  struct ra_error err = RA_ERROR_INIT;
  write_file("0123456789", 10);
  ra_buf_init(&b, 9);
  ra_error_clear(&err);
  ck_assert_int_eq(ra_file_read(&b, path, &err), RA_E_TOO_LARGE);
  ck_assert_ptr_null(b.ptr);
  ck_assert_uint_eq(b.len, 0);
  ck_assert_str_eq(err.text, "larger than 9 bytes");
  ck_assert_str_eq(err.source, path);
  ra_buf_init(&b, 10); /* exactly the cap: fine */
  ck_assert_int_eq(ra_file_read(&b, path, &err), RA_OK);
  ck_assert_str_eq(ra_buf_str(&b), "0123456789");
  ra_buf_free(&b);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("file");
  TCase *tc = tcase_create("file");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_file__reads_bytes);
  tcase_add_test(tc, test_file__empty_file_gives_empty_string);
  tcase_add_test(tc, test_file__missing_and_unreadable);
  tcase_add_test(tc, test_file__too_large_frees);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
