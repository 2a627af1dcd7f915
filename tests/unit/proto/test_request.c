/* Unit tests of proto/request: JSON body bytes (both escape forms), legacy
 * and JSON builders, formatting with redaction, endpoint splitting. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "proto/request.h"
#include "check_run.h"

#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

START_TEST(test_request__json_body)
{
  /* Expected bytes are Python's json.dumps(..., separators=(',', ':'),
   * ensure_ascii=True/False). */
  static const struct {
    const char *value;
    ra_json_escape escape;
    const char *expect;
    ra_code code;
  } cases[] = {
    {"plain", RA_JSON_ESCAPE_ASCII, "{\"A\":\"1\",\"F\":\"plain\"}", RA_OK},
    {"\xc3\xa9", RA_JSON_ESCAPE_ASCII, "{\"A\":\"1\",\"F\":\"\\u00e9\"}",
     RA_OK},
    {"\xe2\x82\xac", RA_JSON_ESCAPE_ASCII, "{\"A\":\"1\",\"F\":\"\\u20ac\"}",
     RA_OK},
    {"\xf0\x9f\x98\x80", RA_JSON_ESCAPE_ASCII,
     "{\"A\":\"1\",\"F\":\"\\ud83d\\ude00\"}", RA_OK},
    {"\xf0\x9f\x98\x80", RA_JSON_ESCAPE_UTF8,
     "{\"A\":\"1\",\"F\":\"\xf0\x9f\x98\x80\"}", RA_OK},
    {"q\"b\\/\n\r\t\b\f\x01\x7f", RA_JSON_ESCAPE_ASCII,
     "{\"A\":\"1\",\"F\":\"q\\\"b\\\\/\\n\\r\\t\\b\\f\\u0001\\u007f\"}", RA_OK},
    {"\x7f", RA_JSON_ESCAPE_UTF8, "{\"A\":\"1\",\"F\":\"\x7f\"}", RA_OK},
    {"\xff", RA_JSON_ESCAPE_ASCII, "", RA_E_INVALID},
    {"\xff", RA_JSON_ESCAPE_UTF8, "{\"A\":\"1\",\"F\":\"\xff\"}", RA_OK},
  };
  size_t i;
  for(i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct ra_params p;
    struct ra_buf b;
    ra_params_init(&p);
    ra_buf_init(&b, RA_BUF_UNLIMITED);
    ra_params_adds(&p, "A", "1");
    ra_params_adds(&p, "F", cases[i].value);
    ck_assert_int_eq(ra_request_json_body(&b, &p, cases[i].escape),
                     cases[i].code);
    if(cases[i].code == RA_OK)
      ck_assert_str_eq(ra_buf_str(&b), cases[i].expect);
    ra_params_free(&p);
    ra_buf_free(&b);
  }
}
END_TEST

/* OverrideRejection true/false is a JSON literal (the 2017 model's boolean,
 * as run sends it); any other value of it, and any other member, a string;
 * a long value with escapes on both sides of a run comes out whole. */
START_TEST(test_request__json_body_booleans_and_runs)
{
  struct ra_params p;
  struct ra_buf b;
  ra_params_init(&p);
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_params_adds(&p, "OverrideRejection", "true");
  ra_params_adds(&p, "Other", "false");
  ck_assert_int_eq(ra_request_json_body(&b, &p, RA_JSON_ESCAPE_ASCII), RA_OK);
  ck_assert_str_eq(ra_buf_str(&b),
                   "{\"OverrideRejection\":true,\"Other\":\"false\"}");
  ra_params_free(&p);
  ra_buf_reset(&b);
  ra_params_init(&p);
  ra_params_adds(&p, "OverrideRejection", "yes");
  ra_params_adds(&p, "F", "\"abc def\"\x01ghi\xc3\xa9jk");
  ck_assert_int_eq(ra_request_json_body(&b, &p, RA_JSON_ESCAPE_ASCII), RA_OK);
  ck_assert_str_eq(ra_buf_str(&b), "{\"OverrideRejection\":\"yes\","
                   "\"F\":\"\\\"abc def\\\"\\u0001ghi\\u00e9jk\"}");
  ra_params_free(&p);
  ra_buf_free(&b);
}
END_TEST

START_TEST(test_request__build_json)
{
  struct ra_params p;
  struct ra_json_opts o;
  struct ra_http_request r;
  struct ra_buf b;
  ra_params_init(&p);
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_http_request_init(&r);
  ra_params_adds(&p, "AssignmentId", "3EXAMPLEASSIGNMENTID");
  ra_params_adds(&p, "RequesterFeedback", "Does not follow instructions.");
  memset(&o, 0, sizeof(o));
  o.endpoint = "https://mturk-requester.us-east-1.amazonaws.com/";
  o.access_key_id = "AKIDEXAMPLE";
  o.secret = SECRET;
  o.amz_date = "20150830T123600Z";
  o.operation = "RejectAssignment";
  o.params = &p;
  ck_assert_int_eq(ra_request_build_json(&r, &o), RA_OK);
  ck_assert_str_eq(r.method, "POST");
  ck_assert_str_eq(r.target, "/");
  ck_assert_str_eq(ra_headers_get(&r.headers, "authorization"),
                   "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/"
                   "us-east-1/mturk-requester/aws4_request, SignedHeaders="
                   "content-type;host;x-amz-date;x-amz-target, Signature="
                   "50dd529c144ae5f329992f581936959d25cb67d5cadb132f5515154e"
                   "4f3ff457");
  ck_assert_int_eq(ra_http_request_format(&b, &r, 1), RA_OK);
  ck_assert_ptr_null(strstr(ra_buf_str(&b), "50dd529c"));
  ck_assert_ptr_nonnull(strstr(ra_buf_str(&b),
                               "Authorization: [REDACTED]\n"));
  ck_assert_ptr_nonnull(strstr(ra_buf_str(&b), "\n\n{\"AssignmentId\""));
  ra_buf_reset(&b);
  ck_assert_int_eq(ra_http_request_format(&b, &r, 0), RA_OK);
  ck_assert_ptr_nonnull(strstr(ra_buf_str(&b), "50dd529c"));
  ra_http_request_free(&r);
  ra_params_free(&p);
  ra_buf_free(&b);
}
END_TEST

START_TEST(test_request__build_legacy)
{
  struct ra_params p;
  struct ra_legacy_opts o;
  struct ra_http_request r;
  struct ra_buf b;
  ra_params_init(&p);
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_http_request_init(&r);
  ra_params_adds(&p, "AssignmentId", "3EXAMPLEASSIGNMENTID");
  ra_params_adds(&p, "RequesterFeedback", "a b+c");
  memset(&o, 0, sizeof(o));
  o.endpoint = "https://mechanicalturk.sandbox.amazonaws.com/";
  o.access_key_id = "AKIDEXAMPLE";
  o.secret = SECRET;
  o.timestamp = "2015-08-30T12:36:00Z";
  o.operation = "RejectAssignment";
  o.version = "2014-08-15";
  o.params = &p;
  ck_assert_int_eq(ra_request_build_legacy(&r, &o), RA_OK);
  ck_assert_str_eq(r.method, "GET");
  ck_assert_str_eq(r.target,
                   "/?Service=AWSMechanicalTurkRequester&AWSAccessKeyId="
                   "AKIDEXAMPLE&Version=2014-08-15&Operation=RejectAssignment"
                   "&Timestamp=2015-08-30T12%3A36%3A00Z&AssignmentId="
                   "3EXAMPLEASSIGNMENTID&RequesterFeedback=a%20b%2Bc"
                   "&Signature=%2B1iJ5CE5LG28u2UYxtHgwa836X8%3D");
  ck_assert_int_eq(ra_http_request_format(&b, &r, 1), RA_OK);
  ck_assert_ptr_nonnull(strstr(ra_buf_str(&b), "&Signature=[REDACTED] "));
  ra_http_request_free(&r);

  o.use_post = 1;
  o.sig = RA_LEGACY_SIG_V1;
  ck_assert_int_eq(ra_request_build_legacy(&r, &o), RA_OK);
  ck_assert_str_eq(r.method, "POST");
  ck_assert_str_eq(r.target, "/");
  ck_assert_ptr_nonnull(strstr(r.body, "&SignatureVersion=1&Signature="));
  ck_assert_str_eq(ra_headers_get(&r.headers, "Content-Type"),
                   "application/x-www-form-urlencoded; charset=UTF-8");
  ra_buf_reset(&b);
  ck_assert_int_eq(ra_http_request_format(&b, &r, 1), RA_OK);
  ck_assert_ptr_nonnull(strstr(ra_buf_str(&b), "&Signature=[REDACTED]"));
  ra_http_request_free(&r);
  ra_params_free(&p);
  ra_buf_free(&b);
}
END_TEST

START_TEST(test_request__finish_and_wire)
{
  struct ra_http_request r;
  struct ra_buf b;
  ra_http_request_init(&r);
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  r.method = strdup("POST");
  r.target = strdup("/x?y=1");
  r.host = strdup("h.example:8080");
  ra_headers_add(&r.headers, "X-A", "1");
  ra_headers_add(&r.headers, "Content-Type", "text/plain");
  ra_headers_add(&r.headers, "X-Empty", "");
  r.body = strdup("abc");
  r.body_len = 3;
  ck_assert_int_eq(ra_http_request_has_body(&r), 1);
  ra_http_request_finish(&r);
  ck_assert_uint_eq(r.headers.count, 5);
  ck_assert_str_eq(r.headers.items[0].name, "Host");
  ck_assert_str_eq(r.headers.items[0].value, "h.example:8080");
  ck_assert_str_eq(r.headers.items[3].name, "Content-Length");
  ck_assert_str_eq(r.headers.items[3].value, "3");
  ck_assert_int_eq(ra_http_request_wire(&b, &r), RA_OK);
  ck_assert_str_eq(ra_buf_str(&b),
                   "POST /x?y=1 HTTP/1.1\r\nHost: h.example:8080\r\n"
                   "X-A: 1\r\nContent-Type: text/plain\r\n"
                   "Content-Length: 3\r\nX-Empty:\r\n\r\nabc");
  /* finishing twice changes nothing */
  ra_http_request_finish(&r);
  ck_assert_uint_eq(r.headers.count, 5);
  ra_buf_reset(&b);
  ck_assert_int_eq(ra_http_request_format(&b, &r, 0), RA_OK);
  ck_assert_ptr_nonnull(strstr(ra_buf_str(&b), "X-Empty: \n\nabc"));
  ra_http_request_free(&r);

  /* GET without a body and HEAD carry no Content-Length */
  r.method = strdup("GET");
  r.target = strdup("/");
  r.host = strdup("h");
  ck_assert_int_eq(ra_http_request_has_body(&r), 0);
  ra_http_request_finish(&r);
  ck_assert_uint_eq(r.headers.count, 1);
  free(r.method);
  r.method = strdup("HEAD");
  ck_assert_int_eq(ra_http_request_has_body(&r), 0);
  free(r.method);
  r.method = strdup("DELETE");
  ck_assert_int_eq(ra_http_request_has_body(&r), 1);
  ra_http_request_finish(&r);
  ck_assert_str_eq(r.headers.items[1].name, "Content-Length");
  ck_assert_str_eq(r.headers.items[1].value, "0");
  ra_http_request_free(&r);
  ra_buf_free(&b);
}
END_TEST

static void garble_first(void *userp, struct ra_params *all)
{
  (void)userp;
  ra_params_set(all, "Signature", "x", 1);
  ra_params_adds(all, "Tampered", "1");
}

START_TEST(test_request__legacy_options_and_hooks)
{
  struct ra_params p;
  struct ra_legacy_opts o;
  struct ra_legacy_hooks hooks;
  struct ra_http_request r;
  ra_params_init(&p);
  ra_http_request_init(&r);
  ra_params_adds(&p, "AssignmentId", "A1");
  memset(&o, 0, sizeof(o));
  memset(&hooks, 0, sizeof(hooks));
  hooks.signed_ = garble_first;
  o.endpoint = "http://h:1/p?k=v#frag";
  o.access_key_id = "AK";
  o.secret = SECRET;
  o.timestamp = "T";
  o.operation = "Op";
  o.omit = RA_REQUEST_OMIT_SERVICE | RA_REQUEST_OMIT_CONTENT_TYPE;
  o.params = &p;
  o.hooks = &hooks;
  ck_assert_int_eq(ra_request_build_legacy(&r, &o), RA_OK);
  ck_assert_str_eq(r.target, "/p?k=v&AWSAccessKeyId=AK&Operation=Op"
                   "&Timestamp=T&AssignmentId=A1&Signature=x&Tampered=1");
  ck_assert_str_eq(ra_headers_get(&r.headers, "Host"), "h:1");
  ra_http_request_free(&r);

  /* raw query and body are sent as given; no Content-Type when omitted */
  o.hooks = NULL;
  o.use_post = 1;
  o.raw_query = "q=1";
  o.raw_body = "b=2";
  o.raw_body_len = 3;
  ck_assert_int_eq(ra_request_build_legacy(&r, &o), RA_OK);
  ck_assert_str_eq(r.target, "/p?k=v&q=1");
  ck_assert_str_eq(r.body, "b=2");
  ck_assert_ptr_null(ra_headers_get(&r.headers, "Content-Type"));
  ck_assert_str_eq(r.headers.items[1].name, "Content-Length");
  ra_http_request_free(&r);

  o.endpoint = "no scheme";
  ck_assert_int_eq(ra_request_build_legacy(&r, &o), RA_E_INVALID);
  ra_http_request_free(&r);
  ra_params_free(&p);
}
END_TEST

START_TEST(test_request__profile)
{
  ra_profile p;
  ck_assert_int_eq(ra_profile_parse("json-2017", &p), RA_OK);
  ck_assert_int_eq(p, RA_PROFILE_JSON);
  ck_assert_int_eq(ra_profile_parse("legacy-2014", &p), RA_OK);
  ck_assert_int_eq(p, RA_PROFILE_LEGACY);
  ck_assert_int_eq(ra_profile_parse("json", &p), RA_E_INVALID);
  ck_assert_str_eq(ra_profile_name(RA_PROFILE_JSON), "json-2017");
}
END_TEST

int main(void)
{
  Suite *s = suite_create("request");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_request__json_body);
  tcase_add_test(tc, test_request__json_body_booleans_and_runs);
  tcase_add_test(tc, test_request__build_json);
  tcase_add_test(tc, test_request__build_legacy);
  tcase_add_test(tc, test_request__finish_and_wire);
  tcase_add_test(tc, test_request__legacy_options_and_hooks);
  tcase_add_test(tc, test_request__profile);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
