/* Unit tests of core/log: lines go to stderr with the level's name, the
 * threshold filters, and RA_LOG does not evaluate its arguments when the
 * level is off. stderr is redirected to a temporary file per test. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "check_run.h"

static int saved_fd = -1;
static FILE *capture;
static int evaluated;

static void start_capture(void)
{
  fflush(stderr);
  capture = tmpfile();
  ck_assert_ptr_nonnull(capture);
  saved_fd = dup(2);
  dup2(fileno(capture), 2);
}

/* Restores stderr and returns what was written (static storage). */
static const char *stop_capture(void)
{
  static char text[4096];
  size_t n;
  fflush(stderr);
  dup2(saved_fd, 2);
  close(saved_fd);
  rewind(capture);
  n = fread(text, 1, sizeof(text) - 1, capture);
  text[n] = '\0';
  fclose(capture);
  return text;
}

static int count(void)
{
  evaluated++;
  return evaluated;
}

START_TEST(test_log__levels_and_threshold)
{
  const char *out;
  int old = ra_log_threshold;
  ra_log_set_level(RA_LOG_INFO);
  ck_assert_int_eq(ra_log_threshold, RA_LOG_INFO);
  start_capture();
  RA_LOG(RA_LOG_ERROR, "bad %s", "thing");
  RA_LOG(RA_LOG_WARN, "careful");
  RA_LOG(RA_LOG_INFO, "n=%d", 3);
  RA_LOG(RA_LOG_DEBUG, "hidden");
  out = stop_capture();
  ck_assert_str_eq(out, "raconform: error: bad thing\n"
                        "raconform: warning: careful\n"
                        "raconform: info: n=3\n");
  ra_log_set_level((ra_log_level)old);
}
END_TEST

START_TEST(test_log__off_level_does_not_evaluate)
{
  const char *out;
  ra_log_set_level(RA_LOG_ERROR);
  evaluated = 0;
  start_capture();
  RA_LOG(RA_LOG_DEBUG, "%d", count());
  RA_LOG(RA_LOG_WARN, "%d", count());
  RA_LOG(RA_LOG_ERROR, "%d", count());
  out = stop_capture();
  ck_assert_int_eq(evaluated, 1);
  ck_assert_str_eq(out, "raconform: error: 1\n");
  ra_log_set_level(RA_LOG_WARN);
}
END_TEST

START_TEST(test_log__write_ignores_threshold)
{
  const char *out;
  ra_log_set_level(RA_LOG_ERROR);
  start_capture();
  ra_log_write(RA_LOG_DEBUG, "direct");
  out = stop_capture();
  ck_assert_str_eq(out, "raconform: debug: direct\n");
  ra_log_set_level(RA_LOG_WARN);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("log");
  TCase *tc = tcase_create("log");
  tcase_add_test(tc, test_log__levels_and_threshold);
  tcase_add_test(tc, test_log__off_level_does_not_evaluate);
  tcase_add_test(tc, test_log__write_ignores_threshold);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
