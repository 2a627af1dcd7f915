/* Unit tests of proto/utf8: strict validation, counts, feedback rules. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "proto/utf8.h"
#include "check_run.h"

START_TEST(test_utf8__valid)
{
  static const struct {
    const char *in;
    int valid;
    size_t bad;
  } cases[] = {
    {"abc", 1, 0},
    {"\xc3\xa9", 1, 0},
    {"\xf0\x9f\x98\x80", 1, 0},
    {"a\xc0\xaf", 0, 1},          /* overlong '/' */
    {"ab\xed\xa0\x80", 0, 2},     /* surrogate U+D800 */
    {"\xf4\x90\x80\x80", 0, 0},   /* above U+10FFFF */
    {"\xe2\x82", 0, 0},           /* truncated */
    {"\x80", 0, 0},               /* lone continuation */
    {"\xef\xbf\xbf", 1, 0},       /* U+FFFF is allowed */
  };
  size_t i;
  for(i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    size_t bad = 99;
    ck_assert_int_eq(ra_utf8_valid(cases[i].in, strlen(cases[i].in), &bad),
                     cases[i].valid);
    if(!cases[i].valid)
      ck_assert_uint_eq(bad, cases[i].bad);
  }
}
END_TEST

START_TEST(test_utf8__counts)
{
  static const char s[] = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
  ck_assert_uint_eq(ra_utf8_codepoints(s, strlen(s)), 4);
  ck_assert_uint_eq(ra_utf8_utf16_units(s, strlen(s)), 5);
}
END_TEST

START_TEST(test_utf8__prefix_len)
{
  /* "a" (1 byte), U+00E9 (2), U+20AC (3), U+1F600 (4) */
  const char *s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
  size_t len = strlen(s);
  ck_assert_uint_eq(ra_utf8_prefix_len(s, len, 0), 0);
  ck_assert_uint_eq(ra_utf8_prefix_len(s, len, 1), 1);
  ck_assert_uint_eq(ra_utf8_prefix_len(s, len, 2), 3);
  ck_assert_uint_eq(ra_utf8_prefix_len(s, len, 3), 6);
  ck_assert_uint_eq(ra_utf8_prefix_len(s, len, 4), 10);
  ck_assert_uint_eq(ra_utf8_prefix_len(s, len, 99), 10);
}
END_TEST

START_TEST(test_utf8__append)
{
  struct ra_buf b;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ck_assert_int_eq(ra_utf8_append(&b, 0x41), RA_OK);
  ck_assert_int_eq(ra_utf8_append(&b, 0xE9), RA_OK);
  ck_assert_int_eq(ra_utf8_append(&b, 0x20AC), RA_OK);
  ck_assert_int_eq(ra_utf8_append(&b, 0x1F600), RA_OK);
  ck_assert_int_eq(ra_utf8_append(&b, 0xD800), RA_E_INVALID);
  ck_assert_int_eq(ra_utf8_append(&b, 0x110000), RA_E_INVALID);
  ck_assert_str_eq(ra_buf_str(&b), "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
  ra_buf_free(&b);
}
END_TEST

START_TEST(test_utf8__feedback)
{
  char big[2 * 1025 + 1];
  size_t i;
  ck_assert_int_eq(ra_feedback_check("ok\ttab\r\n", 8, RA_LENGTH_CODEPOINTS,
                                     1024), RA_FEEDBACK_OK);
  ck_assert_int_eq(ra_feedback_check("a\x0b", 2, RA_LENGTH_CODEPOINTS, 1024),
                   RA_FEEDBACK_CONTROL_CHAR);
  ck_assert_int_eq(ra_feedback_check("\xff", 1, RA_LENGTH_CODEPOINTS, 1024),
                   RA_FEEDBACK_INVALID_UTF8);
  for(i = 0; i < 1024; i++)
    memcpy(big + 2 * i, "\xc3\xa9", 2);
  ck_assert_int_eq(ra_feedback_check(big, 2048, RA_LENGTH_CODEPOINTS, 1024),
                   RA_FEEDBACK_OK);
  ck_assert_int_eq(ra_feedback_check(big, 2048, RA_LENGTH_BYTES, 1024),
                   RA_FEEDBACK_TOO_LONG);
  memcpy(big + 2048, "\xc3\xa9", 2);
  ck_assert_int_eq(ra_feedback_check(big, 2050, RA_LENGTH_CODEPOINTS, 1024),
                   RA_FEEDBACK_TOO_LONG);
  ck_assert_int_eq(ra_feedback_forbidden_byte(9), 0);
  ck_assert_int_eq(ra_feedback_forbidden_byte(31), 1);
  ck_assert_str_eq(ra_feedback_verdict_name(RA_FEEDBACK_TOO_LONG),
                   "too-long");
}
END_TEST

int main(void)
{
  Suite *s = suite_create("utf8");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_utf8__valid);
  tcase_add_test(tc, test_utf8__counts);
  tcase_add_test(tc, test_utf8__append);
  tcase_add_test(tc, test_utf8__prefix_len);
  tcase_add_test(tc, test_utf8__feedback);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
