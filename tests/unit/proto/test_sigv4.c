/* Unit tests of proto/sigv4: every step of the pipeline against known
 * vectors (protocol-notes §4) and tables of edge cases. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "proto/header.h"
#include "proto/signer.h"
#include "proto/sigv4.h"
#include "check_run.h"

#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

START_TEST(test_sigv4__canonical_uri)
{
  static const struct {
    const char *in;
    const char *expect;
  } cases[] = {
    {"/", "/"},
    {"", "/"},
    {"/a b", "/a%20b"},
    {"/%20", "/%2520"},
    {"/~a-b_c.d", "/~a-b_c.d"},
    {"/\xe1\x88\xb4", "/%E1%88%B4"},
    {"/a/b/", "/a/b/"},
  };
  size_t i;
  for(i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct ra_buf b;
    ra_buf_init(&b, RA_BUF_UNLIMITED);
    ck_assert_int_eq(ra_sigv4_canonical_uri(&b, cases[i].in), RA_OK);
    ck_assert_str_eq(ra_buf_str(&b), cases[i].expect);
    ra_buf_free(&b);
  }
}
END_TEST

START_TEST(test_sigv4__canonical_query)
{
  static const struct {
    const char *in;
    const char *expect;
  } cases[] = {
    {"", ""},
    {"Param2=value2&Param1=value1", "Param1=value1&Param2=value2"},
    {"Param1=value2&Param1=Value1", "Param1=Value1&Param1=value2"},
    {"a=1&B=2", "B=2&a=1"},
    {"ab=1&a=2", "a=2&ab=1"},
    {"k=%e1%88%b4", "k=%E1%88%B4"},
    {"k=a+b", "k=a%2Bb"},
    {"k", "k="},
    {"-._~=x&k=%2F", "-._~=x&k=%2F"},
  };
  size_t i;
  for(i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct ra_buf b;
    ra_buf_init(&b, RA_BUF_UNLIMITED);
    ck_assert_int_eq(ra_sigv4_canonical_query(&b, cases[i].in), RA_OK);
    ck_assert_str_eq(ra_buf_str(&b), cases[i].expect);
    ra_buf_free(&b);
  }
}
END_TEST

START_TEST(test_sigv4__canonical_headers)
{
  static const struct {
    const char *hdrs[8]; /* name, value pairs */
    const char *signed_in;
    const char *expect;
    const char *expect_signed;
    ra_code code;
  } cases[] = {
    {{"Host", "h", "X-Amz-Date", "d", NULL}, NULL, "host:h\nx-amz-date:d\n",
     "host;x-amz-date", RA_OK},
    {{"My-Header1", "  a   b   c  ", "Host", "h", NULL}, NULL,
     "host:h\nmy-header1:a b c\n", "host;my-header1", RA_OK},
    {{"X", "1", "x", "2", "Host", "h", NULL}, NULL, "host:h\nx:1,2\n",
     "host;x", RA_OK},
    {{"Host", "h", "X-Skip", "s", NULL}, "host", "host:h\n", "host", RA_OK},
    {{"Host", "h", NULL}, "host;x-amz-date", "", "", RA_E_NOT_FOUND},
    {{"Host", "h", "V", "a\tb\n c", NULL}, NULL, "host:h\nv:a b c\n",
     "host;v", RA_OK},
  };
  size_t i;
  for(i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct ra_headers h;
    struct ra_buf b;
    struct ra_buf s;
    size_t j;
    ra_headers_init(&h);
    ra_buf_init(&b, RA_BUF_UNLIMITED);
    ra_buf_init(&s, RA_BUF_UNLIMITED);
    for(j = 0; cases[i].hdrs[j]; j += 2)
      ra_headers_add(&h, cases[i].hdrs[j], cases[i].hdrs[j + 1]);
    ck_assert_int_eq(ra_sigv4_canonical_headers(&b, &s, &h,
                                                cases[i].signed_in),
                     cases[i].code);
    if(cases[i].code == RA_OK) {
      ck_assert_str_eq(ra_buf_str(&b), cases[i].expect);
      ck_assert_str_eq(ra_buf_str(&s), cases[i].expect_signed);
    }
    ra_headers_free(&h);
    ra_buf_free(&b);
    ra_buf_free(&s);
  }
}
END_TEST

START_TEST(test_sigv4__sigv4_get_vanilla)
{
  struct ra_headers h;
  struct ra_sigv4_input in;
  struct ra_sigv4_output out;
  ra_headers_init(&h);
  ra_headers_add(&h, "Host", "example.amazonaws.com");
  ra_headers_add(&h, "X-Amz-Date", "20150830T123600Z");
  memset(&in, 0, sizeof(in));
  in.method = "GET";
  in.path = "/";
  in.headers = &h;
  in.access_key_id = "AKIDEXAMPLE";
  in.secret = SECRET;
  in.region = "us-east-1";
  in.service = "service";
  in.amz_date = "20150830T123600Z";
  ra_sigv4_output_init(&out);
  ck_assert_int_eq(ra_sigv4_sign(&out, &in), RA_OK);
  ck_assert_str_eq(ra_buf_str(&out.canonical_request),
                   "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:"
                   "20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149af"
                   "bf4c8996fb92427ae41e4649b934ca495991b7852b855");
  ck_assert_str_eq(ra_buf_str(&out.string_to_sign),
                   "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/"
                   "service/aws4_request\nbb579772317eb040ac9ed261061d46c1f1"
                   "7a8133879d6129b6e1c25292927e63");
  ck_assert_str_eq(ra_buf_str(&out.authorization),
                   "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/"
                   "us-east-1/service/aws4_request, SignedHeaders=host;"
                   "x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e83"
                   "72ff2a2260956d9b8aae1d763fbf31");
  ra_sigv4_output_free(&out);
  ra_headers_free(&h);
}
END_TEST

START_TEST(test_sigv4__sigv4_mturk)
{
  static const char body[] = "{\"AssignmentId\":\"3EXAMPLEASSIGNMENTID\","
                             "\"RequesterFeedback\":\"Does not follow "
                             "instructions.\"}";
  struct ra_headers h;
  struct ra_sigv4_input in;
  struct ra_sigv4_output out;
  ra_headers_init(&h);
  ra_headers_add(&h, "Host", "mturk-requester.us-east-1.amazonaws.com");
  ra_headers_add(&h, "Content-Type", "application/x-amz-json-1.1");
  ra_headers_add(&h, "Content-Length", "88");
  ra_headers_add(&h, "X-Amz-Date", "20150830T123600Z");
  ra_headers_add(&h, "X-Amz-Target",
                 "MTurkRequesterServiceV20170117.RejectAssignment");
  memset(&in, 0, sizeof(in));
  in.method = "POST";
  in.path = "/";
  in.headers = &h;
  in.payload = body;
  in.payload_len = strlen(body);
  in.signed_headers = "content-type;host;x-amz-date;x-amz-target";
  in.access_key_id = "AKIDEXAMPLE";
  in.secret = SECRET;
  in.region = RA_SIGV4_REGION;
  in.service = RA_SIGV4_SERVICE;
  in.amz_date = "20150830T123600Z";
  ra_sigv4_output_init(&out);
  ck_assert_int_eq(ra_sigv4_sign(&out, &in), RA_OK);
  ck_assert_str_eq(ra_buf_str(&out.authorization),
                   "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/"
                   "us-east-1/mturk-requester/aws4_request, SignedHeaders="
                   "content-type;host;x-amz-date;x-amz-target, Signature="
                   "50dd529c144ae5f329992f581936959d25cb67d5cadb132f5515154e"
                   "4f3ff457");
  ck_assert(strstr(ra_buf_str(&out.string_to_sign),
                   "a15032bded14688b9859c509ec15aa255d44290f3c71d7014407f2aa"
                   "f0ca34c6"));
  ra_sigv4_output_free(&out);
  ra_headers_free(&h);
}
END_TEST

START_TEST(test_sigv4__parse_authorization)
{
  static const struct {
    const char *in;
    ra_code code;
    const char *ak;
    const char *sh;
    const char *sig;
  } cases[] = {
    {"AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/s/aws4_request, "
     "SignedHeaders=host;x-amz-date, Signature=abcd", RA_OK, "AK",
     "host;x-amz-date", "abcd"},
    {"AWS4-HMAC-SHA256 Signature=ff,SignedHeaders=host,Credential=A/d/r/s/t",
     RA_OK, "A", "host", "ff"},
    {"AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/s, SignedHeaders=h, "
     "Signature=a", RA_E_PARSE, NULL, NULL, NULL},
    {"AWS4-HMAC-SHA1 Credential=A/d/r/s/t, SignedHeaders=h, Signature=a",
     RA_E_PARSE, NULL, NULL, NULL},
    {"AWS4-HMAC-SHA256 Credential=A/d/r/s/t, SignedHeaders=h", RA_E_PARSE,
     NULL, NULL, NULL},
    {"AWS4-HMAC-SHA256 Credential=A/d/r/s/t, SignedHeaders=h, Signature=a, "
     "Signature=b", RA_E_PARSE, NULL, NULL, NULL},
    {"AWS4-HMAC-SHA256 Credential=A//r/s/t, SignedHeaders=h, Signature=a",
     RA_E_PARSE, NULL, NULL, NULL},
    {"", RA_E_PARSE, NULL, NULL, NULL},
  };
  size_t i;
  for(i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct ra_sigv4_authz a;
    ck_assert_int_eq(ra_sigv4_parse_authorization(&a, cases[i].in),
                     cases[i].code);
    if(cases[i].code == RA_OK) {
      ck_assert_str_eq(a.access_key_id, cases[i].ak);
      ck_assert_str_eq(a.signed_headers, cases[i].sh);
      ck_assert_str_eq(a.signature, cases[i].sig);
      ra_sigv4_authz_free(&a);
    }
  }
}
END_TEST

int main(void)
{
  Suite *s = suite_create("sigv4");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_sigv4__canonical_uri);
  tcase_add_test(tc, test_sigv4__canonical_query);
  tcase_add_test(tc, test_sigv4__canonical_headers);
  tcase_add_test(tc, test_sigv4__sigv4_get_vanilla);
  tcase_add_test(tc, test_sigv4__sigv4_mturk);
  tcase_add_test(tc, test_sigv4__parse_authorization);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
