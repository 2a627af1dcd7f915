/* Unit tests of core/clock: the fixed and system clocks, ISO-8601 parsing
 * (extended form with fractions and offsets, SigV4 basic form, the edge
 * cases that must be refused), the two formatters and the timed wait. */
#include <check.h>
#include <pthread.h>
#include <string.h>

#include "core/clock.h"
#include "check_run.h"

#define T0 1440938160000LL /* 2015-08-30T12:36:00Z */

static int64_t parse_ok(const char *text)
{
  int64_t ms = -1;
  ck_assert_msg(ra_clock_parse_iso8601(text, &ms) == RA_OK,
                "'%s' should parse", text);
  return ms;
}

static void parse_bad(const char *text)
{
  int64_t ms = 12345;
  ck_assert_msg(ra_clock_parse_iso8601(text, &ms) == RA_E_PARSE,
                "'%s' should be refused", text);
  ck_assert_int_eq(ms, 12345); /* untouched */
}

START_TEST(test_clock__fixed_and_system)
{
  int64_t fixed = T0;
  struct ra_clock c = ra_clock_fixed(&fixed);
  struct ra_clock sys = ra_clock_system();
  int64_t a, b;
  ck_assert_int_eq(ra_clock_now_ms(&c), T0);
  fixed += 5;
  ck_assert_int_eq(ra_clock_now_ms(&c), T0 + 5); /* reads the caller's value */
  ck_assert_int_gt(ra_clock_now_ms(&sys), T0);  /* after 2015 */
  a = ra_clock_monotonic_ms();
  ra_clock_sleep_ms(20);
  b = ra_clock_monotonic_ms();
  ck_assert_int_ge(b - a, 19);
  ra_clock_sleep_ms(0);
  ra_clock_sleep_ms(-5);
  ck_assert_int_lt(ra_clock_monotonic_ms() - b, 15);
}
END_TEST

START_TEST(test_clock__parse_forms)
{
  ck_assert_int_eq(parse_ok("2015-08-30T12:36:00Z"), T0);
  ck_assert_int_eq(parse_ok("20150830T123600Z"), T0);
  ck_assert_int_eq(parse_ok("2015-08-30T12:36:00.123Z"), T0 + 123);
  ck_assert_int_eq(parse_ok("2015-08-30T12:36:00.1Z"), T0 + 100);
  /* digits past milliseconds are accepted and truncated */
  ck_assert_int_eq(parse_ok("2015-08-30T12:36:00.999999999Z"), T0 + 999);
  /* local time 05:36 at -07:00 is 12:36 UTC */
  ck_assert_int_eq(parse_ok("2015-08-30T05:36:00-07:00"), T0);
  ck_assert_int_eq(parse_ok("2015-08-30T14:06:00+01:30"), T0);
  ck_assert_int_eq(parse_ok("2015-08-30T12:36:00+00:00"), T0);
  ck_assert_int_eq(parse_ok("1970-01-01T00:00:00Z"), 0);
  ck_assert_int_eq(parse_ok("1969-12-31T23:59:59Z"), -1000);
  /* calendar: leap days and a leap second */
  ck_assert_int_eq(parse_ok("2016-02-29T00:00:00Z"),
                   parse_ok("2016-02-28T00:00:00Z") + 86400000LL);
  ck_assert_int_eq(parse_ok("2000-02-29T00:00:00Z"), 951782400000LL);
  ck_assert_int_eq(parse_ok("2016-12-31T23:59:60Z"),
                   parse_ok("2017-01-01T00:00:00Z"));
}
END_TEST

START_TEST(test_clock__parse_refuses)
{
  parse_bad("");
  parse_bad("2015-08-30");
  parse_bad("2015-08-30T12:36:00");        /* no zone */
  parse_bad("2015-08-30 12:36:00Z");       /* space instead of T */
  parse_bad("2015-08-30T12:36:00z");
  parse_bad("2015-08-30T12:36:00ZZ");      /* trailing bytes */
  parse_bad("2015-08-30T12:36:00.Z");      /* empty fraction */
  parse_bad("2015-08-30T12:36:00.1234567890Z"); /* ten fraction digits */
  parse_bad("2015-08-30T12:36:00+0700");   /* offset without colon */
  parse_bad("2015-08-30T12:36:00+07");
  parse_bad("2015-08-30T12:36:00+24:00");
  parse_bad("2015-08-30T12:36:00+07:60");
  parse_bad("2015-13-01T00:00:00Z");
  parse_bad("2015-00-01T00:00:00Z");
  parse_bad("2015-02-29T00:00:00Z");       /* not a leap year */
  parse_bad("1900-02-29T00:00:00Z");       /* century, not a leap year */
  parse_bad("2015-04-31T00:00:00Z");
  parse_bad("2015-08-00T00:00:00Z");
  parse_bad("2015-08-30T24:00:00Z");
  parse_bad("2015-08-30T12:60:00Z");
  parse_bad("2015-08-30T12:36:61Z");
  parse_bad("2015-8-30T12:36:00Z0");
  parse_bad("+015-08-30T12:36:00Z");
  parse_bad("20150830T123600");
  parse_bad("20150830X123600Z");
  parse_bad("2015083aT123600Z");
  parse_bad("20151330T123600Z");
}
END_TEST

START_TEST(test_clock__format_round_trip)
{
  char iso[21];
  char amz[17];
  ra_clock_format_iso8601(T0 + 999, iso);
  ck_assert_str_eq(iso, "2015-08-30T12:36:00Z"); /* milliseconds dropped */
  ra_clock_format_amz(T0, amz);
  ck_assert_str_eq(amz, "20150830T123600Z");
  ck_assert_int_eq(parse_ok(iso), T0);
  ck_assert_int_eq(parse_ok(amz), T0);
  /* before the epoch, a partial second rounds down */
  ra_clock_format_iso8601(-1, iso);
  ck_assert_str_eq(iso, "1969-12-31T23:59:59Z");
  ra_clock_format_amz(0, amz);
  ck_assert_str_eq(amz, "19700101T000000Z");
}
END_TEST

START_TEST(test_clock__cond_wait_times_out)
{
  pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
  int64_t t0 = ra_clock_monotonic_ms();
  pthread_mutex_lock(&lock);
  ck_assert_int_eq(ra_clock_cond_wait_ms(&cond, &lock, 30), 1);
  ck_assert_int_eq(ra_clock_cond_wait_ms(&cond, &lock, 1005), 1); /* > 1 s */
  pthread_mutex_unlock(&lock);
  ck_assert_int_ge(ra_clock_monotonic_ms() - t0, 1030);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("clock");
  TCase *tc = tcase_create("clock");
  tcase_add_test(tc, test_clock__fixed_and_system);
  tcase_add_test(tc, test_clock__parse_forms);
  tcase_add_test(tc, test_clock__parse_refuses);
  tcase_add_test(tc, test_clock__format_round_trip);
  tcase_add_test(tc, test_clock__cond_wait_times_out);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
