/* Unit tests of core/alloc: copies are exact and owned, zero sizes work,
 * and allocation failure aborts with a message instead of returning NULL. */
#include <check.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/alloc.h"
#include "check_run.h"

START_TEST(test_alloc__copies)
{
  const char src[] = "ab\0cd";
  char *p = ra_strdup("hello");
  char *q = ra_strndup("hello", 3);
  char *r = ra_memdup0(src, 5);
  char *z = ra_calloc(4, 8);
  size_t i;
  ck_assert_str_eq(p, "hello");
  ck_assert_str_eq(q, "hel");
  ck_assert_int_eq(memcmp(r, src, 5), 0);
  ck_assert_int_eq(r[5], '\0');
  for(i = 0; i < 32; i++)
    ck_assert_int_eq(z[i], 0);
  p = ra_realloc(p, 4096);
  ck_assert_str_eq(p, "hello"); /* content kept */
  ra_free(p);
  ra_free(q);
  ra_free(r);
  ra_free(z);
  ra_free(NULL);
  q = ra_strndup("ab", 10); /* n past the end: stops at the NUL */
  ck_assert_str_eq(q, "ab");
  ra_free(q);
}
END_TEST

START_TEST(test_alloc__zero_sizes_give_memory)
{
  void *a = ra_malloc(0);
  void *b = ra_calloc(0, 0);
  char *c = ra_memdup0("", 0);
  ck_assert_ptr_nonnull(a);
  ck_assert_ptr_nonnull(b);
  ck_assert_str_eq(c, "");
  ra_free(a);
  ra_free(b);
  ra_free(c);
}
END_TEST

/* Runs fn in a child with stderr captured; returns its wait status. The
 * fork is explicit so the test also holds under CK_FORK=no (valgrind). */
static int in_child(void (*fn)(void), char *err, size_t errlen)
{
  int fds[2];
  int status = 0;
  ssize_t n;
  size_t got = 0;
  pid_t pid;
  ck_assert_int_eq(pipe(fds), 0);
  pid = fork();
  ck_assert_int_ge(pid, 0);
  if(pid == 0) {
    dup2(fds[1], 2);
    close(fds[0]);
    fn();
    _exit(0);
  }
  close(fds[1]);
  while(got + 1 < errlen &&
        (n = read(fds[0], err + got, errlen - 1 - got)) > 0)
    got += (size_t)n;
  err[got] = '\0';
  close(fds[0]);
  ck_assert_int_eq(waitpid(pid, &status, 0), pid);
  return status;
}

static void malloc_huge(void)
{
  volatile size_t huge = SIZE_MAX / 2;
  (void)ra_malloc(huge);
}

static void calloc_overflow(void)
{
  volatile size_t huge = SIZE_MAX / 4;
  (void)ra_calloc(huge, 8);
}

static void check_dies(void (*fn)(void))
{
  char err[4096];
  int status = in_child(fn, err, sizeof(err));
  /* never returns to the caller with NULL */
  ck_assert_msg(!(WIFEXITED(status) && WEXITSTATUS(status) == 0),
                "the allocator returned instead of aborting");
#ifndef __SANITIZE_ADDRESS__
  /* (AddressSanitizer refuses the size itself, with its own report) */
  ck_assert(WIFSIGNALED(status));
  ck_assert_int_eq(WTERMSIG(status), SIGABRT);
  ck_assert_msg(strstr(err, "raconform: out of memory") != NULL,
                "no message: '%s'", err);
#endif
}

START_TEST(test_alloc__failure_aborts_with_message)
{
  check_dies(malloc_huge);
  check_dies(calloc_overflow);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("alloc");
  TCase *tc = tcase_create("alloc");
  tcase_add_test(tc, test_alloc__copies);
  tcase_add_test(tc, test_alloc__zero_sizes_give_memory);
  tcase_add_test(tc, test_alloc__failure_aborts_with_message);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
