/* Unit tests of proto/redact, the one redactor: a table of every pattern
 * the earlier copies (runner/exec, client/examine, proto/request,
 * runner/judge's curl line) covered, and that no secret survives. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "proto/redact.h"
#include "check_run.h"

#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define SECRET_ENC "wJalrXUtnFEMI%2FK7MDENG%2BbPxRfiCYEXAMPLEKEY"

static const struct {
  const char *in;
  const char *out;
} cases[] = {
  /* nothing to hide */
  {"GET / HTTP/1.1\nHost: x\n\n", "GET / HTTP/1.1\nHost: x\n\n"},
  /* the secret, raw and percent-encoded */
  {"key=" SECRET "&x=1", "key=[REDACTED]&x=1"},
  {"key=" SECRET_ENC "&x=1", "key=[REDACTED]&x=1"},
  /* header values, any case, to the end of the line */
  {"Authorization: AWS4-HMAC-SHA256 Credential=A/1, Signature=ab\nX: y",
   "Authorization: [REDACTED]\nX: y"},
  {"authorization:abc\r\n", "authorization:[REDACTED]\r\n"},
  {"X-Amz-Security-Token: tok123\n", "X-Amz-Security-Token: [REDACTED]\n"},
  /* a curl line: the value stops at the quote */
  {"curl -H 'Authorization: AWS4 x' -H 'A: b'",
   "curl -H 'Authorization: [REDACTED]' -H 'A: b'"},
  /* query and form parameters */
  {"/?a=1&Signature=abc%2B%3D&b=2", "/?a=1&Signature=[REDACTED]&b=2"},
  {"Timestamp=t&Signature=xyz", "Timestamp=t&Signature=[REDACTED]"},
  {"/?X-Amz-Signature=deadbeef&y=1", "/?X-Amz-Signature=[REDACTED]&y=1"},
  {"q=Signature%3Dabc&z", "q=Signature%3D[REDACTED]&z"},
  {"<a href=\"/?Signature=s1\">", "<a href=\"/?Signature=[REDACTED]\">"},
};

START_TEST(test_redact__table)
{
  const char *secrets[] = {NULL, "", SECRET};
  size_t i;
  for(i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    size_t len = 0;
    char *r = ra_redact(cases[i].in, strlen(cases[i].in), secrets, 3, &len);
    ck_assert_msg(!strcmp(r, cases[i].out), "case %zu: got '%s', want '%s'",
                  i, r, cases[i].out);
    ck_assert_uint_eq(len, strlen(cases[i].out));
    /* ra_redact_touches says 0 exactly when nothing would change here */
    ck_assert_int_eq(ra_redact_touches(cases[i].in, strlen(cases[i].in),
                                       secrets, 3),
                     strcmp(cases[i].in, cases[i].out) != 0);
    ra_free(r);
  }
  ck_assert_int_eq(ra_redact_touches(NULL, 0, NULL, 0), 0);
  ck_assert_int_eq(ra_redact_touches("abcdAuthorizatioSignature", 25, NULL,
                                     0), 0);
  ck_assert_int_eq(ra_redact_touches("x aUTHORIZATION:", 16, NULL, 0), 1);
}
END_TEST

START_TEST(test_redact__no_secret_survives)
{
  const char *secrets[] = {SECRET, "s3cr3t"};
  const char *in = "a s3cr3t b " SECRET " c " SECRET_ENC " d s3cr3ts3cr3t";
  char *r = ra_redact(in, strlen(in), secrets, 2, NULL);
  ck_assert_ptr_null(strstr(r, "s3cr3t"));
  ck_assert_ptr_null(strstr(r, SECRET));
  ck_assert_ptr_null(strstr(r, SECRET_ENC));
  ck_assert_ptr_nonnull(strstr(r, "a [REDACTED] b"));
  ra_free(r);
}
END_TEST

START_TEST(test_redact__bytes_and_empty)
{
  /* not NUL-terminated input, embedded NUL kept, empty and NULL text */
  const char in[] = {'x', '\0', 'S', 'i', 'g', 'n', 'a', 't', 'u', 'r', 'e',
                     '=', 'q'};
  size_t len = 0;
  char *r = ra_redact(in, sizeof(in), NULL, 0, &len);
  ck_assert_uint_eq(len, 2 + strlen("Signature=[REDACTED]"));
  ck_assert_int_eq(r[1], '\0');
  ck_assert_str_eq(r + 2, "Signature=[REDACTED]");
  ra_free(r);
  r = ra_redact(NULL, 5, NULL, 0, &len);
  ck_assert_str_eq(r, "");
  ck_assert_uint_eq(len, 0);
  ra_free(r);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("redact");
  TCase *tc = tcase_create("redact");
  tcase_add_test(tc, test_redact__table);
  tcase_add_test(tc, test_redact__no_secret_survives);
  tcase_add_test(tc, test_redact__bytes_and_empty);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
