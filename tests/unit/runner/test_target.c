/* Target files: good ones, $env: secrets, endpoint classes, the production
 * guard, and bad files with exact positions. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "runner/target.h"
#include "check_run.h"

#define REQ "\"requesters\": {\"owner\": {\"access_key_id\": \"AK\", " \
            "\"secret_access_key\": \"SK\"}}"

static struct ra_target *parse_ok(const char *text)
{
  struct ra_target *t = NULL;
  struct ra_error err = RA_ERROR_INIT;
  ra_error_clear(&err);
  ck_assert_msg(ra_target_parse(&t, text, strlen(text), "t.json", &err) ==
                RA_OK, "unexpected error: %d:%d %s", err.line, err.column,
                err.text);
  return t;
}

START_TEST(test_target__good)
{
  struct ra_target *t;
  setenv("RA_UNIT_SECRET", "s3cret", 1);
  t = parse_ok("{\"name\": \"m\", \"endpoint\": \"http://127.0.0.1:8080/\", "
               "\"profile\": \"all\", \"requesters\": {\"owner\": "
               "{\"access_key_id\": \"AK\", \"secret_access_key\": "
               "\"$env:RA_UNIT_SECRET\"}, \"other\": {\"access_key_id\": "
               "\"AO\", \"secret_access_key\": \"SO\"}}, \"fixtures\": "
               "{\"control\": \"http://127.0.0.1:8080/_raconform\"}, "
               "\"capabilities\": {\"feedback_length_unit\": \"utf16\"}, "
               "\"tls\": {\"ca_file\": null, \"insecure\": true}, "
               "\"control_token\": \"tok\"}");
  ck_assert_str_eq(t->name, "m");
  ck_assert_uint_eq(t->profiles, RA_PROFILE_ALL);
  ck_assert_str_eq(t->requesters[RA_REQUESTER_OWNER].secret_access_key,
                   "s3cret");
  ck_assert_int_eq(t->requesters[RA_REQUESTER_OTHER].present, 1);
  ck_assert_int_eq(t->provider, RA_PROVIDER_CONTROL);
  ck_assert_str_eq(t->control_url, "http://127.0.0.1:8080/_raconform/");
  ck_assert_int_eq(t->has_length_unit, 1);
  ck_assert_int_eq(t->feedback_length_unit, RA_LENGTH_UTF16);
  ck_assert_ptr_null(t->ca_file);
  ck_assert_int_eq(t->insecure, 1);
  ck_assert_str_eq(t->control_token, "tok");
  ck_assert_int_eq(t->endpoint_class, RA_ENDPOINT_LOOPBACK);
  ck_assert_int_eq(ra_target_can_observe(t), 1);
  ra_target_free(t);

  t = parse_ok("{\"name\": \"s\", \"endpoint\": \"https://mechanicalturk."
               "sandbox.amazonaws.com/\", \"profile\": \"legacy-2014\", " REQ
               ", \"fixtures\": {\"manifest\": {\"Submitted\": [\"A\", "
               "\"B\"], \"Rejected\": [\"C\"]}}}");
  ck_assert_int_eq(t->endpoint_class, RA_ENDPOINT_SANDBOX);
  ck_assert_uint_eq(t->profiles, RA_PROFILE_BIT(RA_PROFILE_LEGACY));
  ck_assert_int_eq(t->provider, RA_PROVIDER_MANIFEST);
  ck_assert_uint_eq(t->nmanifest[RA_FIXTURE_SUBMITTED], 2);
  ck_assert_str_eq(t->manifest[RA_FIXTURE_SUBMITTED][1], "B");
  ck_assert_uint_eq(t->nmanifest[RA_FIXTURE_APPROVED], 0);
  ck_assert_uint_eq(t->nmanifest[RA_FIXTURE_REJECTED], 1);
  ck_assert_int_eq(t->requesters[RA_REQUESTER_OTHER].present, 0);
  ck_assert_int_eq(ra_target_can_observe(t), 0);
  ra_target_free(t);
}
END_TEST

static const struct {
  const char *url;
  ra_endpoint_class cls;
  const char *host;
} classes[] = {
  {"http://127.0.0.1:9/", RA_ENDPOINT_LOOPBACK, "127.0.0.1"},
  {"http://127.9.8.7/", RA_ENDPOINT_LOOPBACK, "127.9.8.7"},
  {"http://[::1]:8080/", RA_ENDPOINT_LOOPBACK, "::1"},
  {"http://LOCALHOST/", RA_ENDPOINT_LOOPBACK, "localhost"},
  {"https://mechanicalturk.sandbox.amazonaws.com/", RA_ENDPOINT_SANDBOX,
   "mechanicalturk.sandbox.amazonaws.com"},
  {"https://mturk-requester-sandbox.us-east-1.amazonaws.com",
   RA_ENDPOINT_SANDBOX, "mturk-requester-sandbox.us-east-1.amazonaws.com"},
  {"https://mechanicalturk.amazonaws.com/?x", RA_ENDPOINT_PRODUCTION,
   "mechanicalturk.amazonaws.com"},
  {"https://MTurk-Requester.us-east-1.amazonaws.com./", RA_ENDPOINT_PRODUCTION,
   "mturk-requester.us-east-1.amazonaws.com"},
  {"https://mturk-requester.us-east-1.amazonaws.com:443/",
   RA_ENDPOINT_PRODUCTION, "mturk-requester.us-east-1.amazonaws.com"},
  {"https://example.com/", RA_ENDPOINT_REMOTE, "example.com"},
  {"http://128.0.0.1/", RA_ENDPOINT_REMOTE, "128.0.0.1"},
};

START_TEST(test_target__classify)
{
  ra_endpoint_class cls;
  char *host = NULL;
  ck_assert_int_eq(ra_target_classify_endpoint(classes[_i].url, &cls, &host),
                   RA_OK);
  ck_assert_int_eq(cls, classes[_i].cls);
  ck_assert_str_eq(host, classes[_i].host);
  free(host);
}
END_TEST

/* SPEC §4: name is optional, the endpoint's host:port by default. */
START_TEST(test_target__name_defaults_to_host_port)
{
  struct ra_target *t = parse_ok("{\"endpoint\": \"http://127.0.0.1:8080/x\", "
                                 "\"profile\": \"json-2017\", " REQ "}");
  ck_assert_str_eq(t->name, "127.0.0.1:8080");
  ra_target_free(t);
  t = parse_ok("{\"endpoint\": \"https://mock.example\", "
               "\"profile\": \"json-2017\", " REQ "}");
  ck_assert_str_eq(t->name, "mock.example:443");
  ra_target_free(t);
  t = parse_ok("{\"endpoint\": \"http://[::1]:9/\", "
               "\"profile\": \"json-2017\", " REQ "}");
  ck_assert_str_eq(t->name, "[::1]:9");
  ra_target_free(t);
}
END_TEST

START_TEST(test_target__production_guard)
{
  struct ra_target *t = parse_ok("{\"name\": \"p\", \"endpoint\": "
                                 "\"https://mechanicalturk.amazonaws.com/\", "
                                 "\"profile\": \"legacy-2014\", " REQ "}");
  struct ra_error err = RA_ERROR_INIT;
  ra_error_clear(&err);
  ck_assert_int_eq(ra_target_check_production(t, 0, &err), RA_E_REFUSED);
  ck_assert_ptr_nonnull(strstr(err.text, "refusing production host "
                               "'mechanicalturk.amazonaws.com'"));
  ck_assert_ptr_nonnull(strstr(err.text, "--allow-production"));
  ck_assert_int_eq(ra_target_check_production(t, 1, &err), RA_OK);
  ra_target_free(t);
  t = parse_ok("{\"name\": \"l\", \"endpoint\": \"http://localhost:1/\", "
               "\"profile\": \"json-2017\", " REQ "}");
  ck_assert_int_eq(ra_target_check_production(t, 0, &err), RA_OK);
  ra_target_free(t);
}
END_TEST

static const struct {
  const char *text;
  int line, column;
  const char *message;
} bad[] = {
  {"{\"name\": \"m\",\n \"endpoint\": \"http://x/\", \"profil\": 1}", 2, 27,
   "unknown field 'profil' in the target; did you mean 'profile'?"},
  {"{\"name\": \"m\", \"endpoint\": \"http://x/\", \"profile\": \"all\", " REQ
   ",\n \"fixtures\": {\"contorl\": \"http://x/c/\"}}", 2, 15,
   "unknown field 'contorl' in fixtures; did you mean 'control'?"},
  {"{\"name\": \"m\", \"endpoint\": \"ftp://x/\"}", 1, 27,
   "'endpoint' must be an http:// or https:// URL without credentials, not "
   "'ftp://x/'"},
  {"{\"name\": \"m\", \"endpoint\": \"http://u:p@x/\"}", 1, 27,
   "'endpoint' must be an http:// or https:// URL without credentials, not "
   "'http://u:p@x/'"},
  {"{\"name\": \"m\", \"endpoint\": \"http://x/\",\n \"profile\": \"json\"}", 2,
   13, "'profile' must be legacy-2014, json-2017 or all, not 'json'"},
  {"{\"name\": \"m\", \"endpoint\": \"http://x/\", \"profile\": \"all\"}", 1, 1,
   "missing required field 'requesters' in the target"},
  {"{\"name\": \"m\", \"endpoint\": \"http://x/\", \"profile\": \"all\",\n"
   " \"requesters\": {\"other\": {}}}", 2, 16,
   "missing required field 'owner' in requesters"},
  {"{\"name\": \"m\", \"endpoint\": \"http://x/\", \"profile\": \"all\",\n"
   " \"requesters\": {\"owner\": {\"access_key_id\": \"A\", "
   "\"secret_access_key\": \"$env:RA_UNIT_UNSET_VAR\"}}}", 2, 70,
   "environment variable 'RA_UNIT_UNSET_VAR' is not set (needed by "
   "'secret_access_key')"},
  {"{\"name\": \"m\", \"endpoint\": \"http://x/\", \"profile\": \"all\",\n"
   " \"requesters\": {\"owner\": {\"access_key_id\": \"A\", "
   "\"secret\": \"s\"}}}", 2, 49,
   "unknown field 'secret' in requester 'owner'"},
  {"{\"name\": \"m\", \"endpoint\": \"http://x/\", \"profile\": \"all\", " REQ
   ",\n \"fixtures\": {\"manifest\": {\"Submitted\": [\"A\", 7]}}}", 2, 47,
   "an assignment ID must be a non-empty string"},
  {"{\"name\": \"m\", \"endpoint\": \"http://x/\", \"profile\": \"all\", " REQ
   ",\n \"fixtures\": {\"manifest\": {\"Pending\": []}}}", 2, 28,
   "unknown field 'Pending' in manifest"},
  {"{\"name\": \"m\", \"endpoint\": \"http://x/\", \"profile\": \"all\", " REQ
   ",\n \"capabilities\": {\"feedback_length_unit\": \"chars\"}}", 2, 43,
   "'feedback_length_unit' must be codepoint, utf16 or bytes"},
  {"{\"name\": \"m\", \"endpoint\": \"http://x/\", \"profile\": \"all\", " REQ
   ",\n \"tls\": {\"insecure\": \"yes\"}}", 2, 22,
   "'insecure' must be true or false"},
  {"{\"name\": \"m\",\n\"name\": \"n\"}", 2, 6,
   "duplicate object key near '\"name\"'"},
};

START_TEST(test_target__bad)
{
  struct ra_target *t = NULL;
  struct ra_error err = RA_ERROR_INIT;
  unsetenv("RA_UNIT_UNSET_VAR");
  ra_error_clear(&err);
  ck_assert_int_eq(ra_target_parse(&t, bad[_i].text, strlen(bad[_i].text),
                                   "bad.json", &err), RA_E_CONFIG);
  ck_assert_ptr_null(t);
  ck_assert_msg(err.line == bad[_i].line && err.column == bad[_i].column,
                "case %d: got %d:%d (%s), want %d:%d", _i, err.line,
                err.column, err.text, bad[_i].line, bad[_i].column);
  ck_assert_str_eq(err.text, bad[_i].message);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("target");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_target__good);
  tcase_add_loop_test(tc, test_target__classify, 0,
                      (int)(sizeof(classes) / sizeof(classes[0])));
  tcase_add_test(tc, test_target__production_guard);
  tcase_add_test(tc, test_target__name_defaults_to_host_port);
  tcase_add_loop_test(tc, test_target__bad, 0,
                      (int)(sizeof(bad) / sizeof(bad[0])));
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
