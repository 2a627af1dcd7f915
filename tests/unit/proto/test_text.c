/* Unit tests of proto/text: what every report string goes through
 * (invalid UTF-8 to U+FFFD, control bytes dropped or kept by flag, CR LF to
 * LF, one-line form trimmed). */
#include <check.h>
#include <string.h>

#include "core/alloc.h"
#include "proto/text.h"
#include "check_run.h"

#define FFFD "\xef\xbf\xbd"

static void clean_is(const char *in, int flags, const char *want)
{
  char *got = ra_text_clean(in, flags);
  ck_assert_msg(!strcmp(got, want), "clean('%s', %d) = '%s', want '%s'",
                in ? in : "(null)", flags, got, want);
  ra_free(got);
}

START_TEST(test_text__utf8_kept_invalid_replaced)
{
  clean_is(NULL, 0, "");
  clean_is("", 0, "");
  clean_is("plain ascii", 0, "plain ascii");
  clean_is("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 0,
           "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
  clean_is("a\xff" "b", 0, "a" FFFD "b");
  clean_is("\xc3", 0, FFFD);                /* truncated sequence */
  clean_is("\xc0\xaf", 0, FFFD FFFD);       /* overlong: byte by byte */
  clean_is("\xed\xa0\x80", 0, FFFD FFFD FFFD); /* a UTF-16 surrogate */
}
END_TEST

START_TEST(test_text__controls)
{
  clean_is("a\x01" "b\x1f" "c\x7f" "d", 0, "abcd");
  clean_is("x\xef\xbf\xbey\xef\xbf\xbfz", 0, "xyz"); /* U+FFFE, U+FFFF */
  clean_is("a\tb", 0, "a b");
  clean_is("a\tb", RA_TEXT_KEEP_TABS, "a\tb");
  clean_is("a\nb", 0, "a b");
  clean_is("a\nb", RA_TEXT_KEEP_NEWLINES, "a\nb");
  clean_is("a\r\nb\rc", RA_TEXT_KEEP_NEWLINES, "a\nb\nc");
  clean_is("a\r\nb\tc", RA_TEXT_KEEP_NEWLINES | RA_TEXT_KEEP_TABS,
           "a\nb\tc");
}
END_TEST

START_TEST(test_text__line)
{
  char *got = ra_text_line("  first\nsecond\r\nthird\t \n");
  ck_assert_str_eq(got, "first second third");
  ra_free(got);
  got = ra_text_line(NULL);
  ck_assert_str_eq(got, "");
  ra_free(got);
  got = ra_text_line("\x01x\xff");
  ck_assert_str_eq(got, "x" FFFD);
  ra_free(got);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("text");
  TCase *tc = tcase_create("text");
  tcase_add_test(tc, test_text__utf8_kept_invalid_replaced);
  tcase_add_test(tc, test_text__controls);
  tcase_add_test(tc, test_text__line);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
