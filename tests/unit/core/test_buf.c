/* Unit tests of core/buf: growth and NUL termination, formatted appends,
 * take/reset, and the stated contract that an append passing `max` returns
 * RA_E_TOO_LARGE and frees the buffer (nothing half-built left behind);
 * the put family that cannot fail on an unlimited buffer and aborts on a
 * capped one. */
#include <check.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "check_run.h"

START_TEST(test_buf__empty_is_empty_string)
{
  struct ra_buf b;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ck_assert_ptr_null(b.ptr);
  ck_assert_str_eq(ra_buf_str(&b), "");
  ck_assert_uint_eq(b.len, 0);
  ra_buf_free(&b);
}
END_TEST

START_TEST(test_buf__appends_grow_and_terminate)
{
  struct ra_buf b;
  size_t i;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ck_assert_int_eq(ra_buf_adds(&b, "ab"), RA_OK);
  ck_assert_int_eq(ra_buf_addc(&b, 'c'), RA_OK);
  ck_assert_int_eq(ra_buf_add(&b, "d\0e", 3), RA_OK);
  ck_assert_uint_eq(b.len, 6);
  ck_assert_int_eq(memcmp(b.ptr, "abcd\0e", 7), 0); /* NUL after the bytes */
  for(i = 0; i < 1000; i++)
    ck_assert_int_eq(ra_buf_addc(&b, 'x'), RA_OK);
  ck_assert_uint_eq(b.len, 1006);
  ck_assert_uint_ge(b.cap, 1007);
  ck_assert_int_eq(b.ptr[1006], '\0');
  ck_assert_int_eq(ra_buf_add(&b, NULL, 0), RA_OK);
  ck_assert_uint_eq(b.len, 1006);
  ra_buf_free(&b);
  ck_assert_ptr_null(b.ptr);
  ck_assert_uint_eq(b.len, 0);
}
END_TEST

START_TEST(test_buf__addf_formats)
{
  struct ra_buf b;
  char big[300];
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ck_assert_int_eq(ra_buf_addf(&b, "%s=%d", "n", 42), RA_OK);
  ck_assert_int_eq(ra_buf_addf(&b, "%s", ""), RA_OK);
  ck_assert_str_eq(ra_buf_str(&b), "n=42");
  memset(big, 'y', sizeof(big) - 1);
  big[sizeof(big) - 1] = '\0';
  ck_assert_int_eq(ra_buf_addf(&b, "[%s]", big), RA_OK);
  ck_assert_uint_eq(b.len, 4 + 2 + 299);
  ck_assert_int_eq(b.ptr[4], '[');
  ck_assert_int_eq(b.ptr[b.len - 1], ']');
  ck_assert_int_eq(b.ptr[b.len], '\0');
  ra_buf_free(&b);
}
END_TEST

START_TEST(test_buf__max_is_inclusive)
{
  struct ra_buf b;
  ra_buf_init(&b, 4);
  ck_assert_int_eq(ra_buf_adds(&b, "abcd"), RA_OK);
  ck_assert_str_eq(ra_buf_str(&b), "abcd");
  ra_buf_free(&b);
}
END_TEST

START_TEST(test_buf__failed_append_frees)
{
  struct ra_buf b;
  ra_buf_init(&b, 4);
  ck_assert_int_eq(ra_buf_adds(&b, "abc"), RA_OK);
  ck_assert_int_eq(ra_buf_adds(&b, "de"), RA_E_TOO_LARGE);
  ck_assert_ptr_null(b.ptr);
  ck_assert_uint_eq(b.len, 0);
  ck_assert_uint_eq(b.cap, 0);
  ck_assert_str_eq(ra_buf_str(&b), "");
  /* the cap stays, and the buffer is usable again */
  ck_assert_uint_eq(b.max, 4);
  ck_assert_int_eq(ra_buf_adds(&b, "wxyz"), RA_OK);
  ck_assert_str_eq(ra_buf_str(&b), "wxyz");
  /* the same through addc and addf */
  ck_assert_int_eq(ra_buf_addc(&b, '!'), RA_E_TOO_LARGE);
  ck_assert_ptr_null(b.ptr);
  ck_assert_int_eq(ra_buf_addf(&b, "%d", 12345), RA_E_TOO_LARGE);
  ck_assert_ptr_null(b.ptr);
  ck_assert_uint_eq(b.len, 0);
  ra_buf_free(&b);
}
END_TEST

START_TEST(test_buf__huge_length_does_not_wrap)
{
  struct ra_buf b;
  ra_buf_init(&b, 16);
  ck_assert_int_eq(ra_buf_adds(&b, "a"), RA_OK);
  /* len + extra would overflow size_t: refused, never written */
  ck_assert_int_eq(ra_buf_add(&b, "x", (size_t)-1), RA_E_TOO_LARGE);
  ck_assert_ptr_null(b.ptr);
  ra_buf_free(&b);
}
END_TEST

START_TEST(test_buf__take_transfers_and_reset_keeps_memory)
{
  struct ra_buf b;
  size_t len = 99;
  char *p;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  p = ra_buf_take(&b, &len); /* empty: still a string */
  ck_assert_str_eq(p, "");
  ck_assert_uint_eq(len, 0);
  ra_free(p);
  ck_assert_int_eq(ra_buf_adds(&b, "hello"), RA_OK);
  p = ra_buf_take(&b, &len);
  ck_assert_str_eq(p, "hello");
  ck_assert_uint_eq(len, 5);
  ck_assert_ptr_null(b.ptr);
  ck_assert_uint_eq(b.len, 0);
  ra_free(p);
  ck_assert_int_eq(ra_buf_adds(&b, "again"), RA_OK);
  p = b.ptr;
  ra_buf_reset(&b);
  ck_assert_ptr_eq(b.ptr, p);
  ck_assert_uint_eq(b.len, 0);
  ck_assert_str_eq(ra_buf_str(&b), "");
  ra_buf_reset(&b);
  ra_buf_free(&b);
  ra_buf_reset(&b); /* an empty, freed buffer resets too */
  ck_assert_str_eq(ra_buf_str(&b), "");
}
END_TEST

START_TEST(test_buf__put_appends_to_an_unlimited_buffer)
{
  struct ra_buf b;
  size_t i;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_puts(&b, "ab");
  ra_buf_putc(&b, 'c');
  ra_buf_put(&b, "d\0e", 3);
  ra_buf_putf(&b, "[%d]", 7);
  ck_assert_uint_eq(b.len, 9);
  ck_assert_int_eq(memcmp(b.ptr, "abcd\0e[7]", 10), 0);
  for(i = 0; i < 500; i++)
    ra_buf_putf(&b, "%s", "xy");
  ck_assert_uint_eq(b.len, 1009);
  ck_assert_int_eq(b.ptr[1009], '\0');
  ra_buf_free(&b);
}
END_TEST

static void put_on_capped(void)
{
  struct ra_buf b;
  ra_buf_init(&b, 1024); /* capped, even though "x" fits */
  ra_buf_puts(&b, "x");
  ra_buf_free(&b);
}

/* The misuse dies in a child forked here, so the test also holds under
 * CK_FORK=no (valgrind); its message goes to the child's stderr. */
START_TEST(test_buf__put_on_a_capped_buffer_aborts)
{
  int status = 0;
  pid_t pid = fork();
  ck_assert_int_ge(pid, 0);
  if(pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    if(null >= 0)
      dup2(null, 2);
    put_on_capped();
    _exit(0);
  }
  ck_assert_int_eq(waitpid(pid, &status, 0), pid);
  ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT,
                "a put on a capped buffer returned instead of aborting");
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("buf");
  TCase *tc = tcase_create("buf");
  tcase_add_test(tc, test_buf__empty_is_empty_string);
  tcase_add_test(tc, test_buf__appends_grow_and_terminate);
  tcase_add_test(tc, test_buf__addf_formats);
  tcase_add_test(tc, test_buf__max_is_inclusive);
  tcase_add_test(tc, test_buf__failed_append_frees);
  tcase_add_test(tc, test_buf__huge_length_does_not_wrap);
  tcase_add_test(tc, test_buf__take_transfers_and_reset_keeps_memory);
  tcase_add_test(tc, test_buf__put_appends_to_an_unlimited_buffer);
  tcase_add_test(tc, test_buf__put_on_a_capped_buffer_aborts);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
