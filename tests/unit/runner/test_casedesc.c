/* Case descriptions: the human text of what a case sends, what it expects
 * and where the expectation comes from (reports and docs/behavior.md). */
#include <check.h>
#include <string.h>

#include "runner/casedesc.h"
#include "check_run.h"

static struct ra_case *parse_ok(const char *text)
{
  struct ra_case *c = NULL;
  struct ra_error err = RA_ERROR_INIT;
  char msg[1200];
  ra_code result;
  ra_error_clear(&err);
  result = ra_case_parse(&c, text, strlen(text), "t.json", &err);
  ra_error_format(&err, msg, sizeof(msg));
  ck_assert_msg(result == RA_OK, "unexpected error: %s", msg);
  return c;
}

START_TEST(test_casedesc__expect_request_source)
{
  struct ra_case *c = parse_ok(
    "{\"id\": \"RA-FB-0002\", \"title\": \"t\", \"area\": \"feedback\", "
    "\"level\": \"MUST\", \"source\": {\"kind\": \"inferred\", "
    "\"reasoning\": \"r\"}, \"needs\": {\"fixture\": \"Submitted\"},\n"
    "\"request\": {\"params\": {\"AssignmentId\": {\"ref\": \"assignment\"}, "
    "\"RequesterFeedback\": {\"repeat\": \"\\u00e9\", \"count\": 1025}}},\n"
    "\"expect\": {\"json-2017\": [{\"grade\": \"OK\", \"outcome\": \"error\", "
    "\"status\": 400, \"type\": \"RequestError\", \"code\": [\"A\", \"B\"]}, "
    "{\"grade\": \"NON-STRICT\", \"outcome\": \"success\", \"post\": "
    "{\"state\": \"Submitted\", \"feedback\": \"unchanged\"}}]}}");
  struct ra_buf b;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ck_assert_int_eq(ra_case_describe_expect(&b, c, RA_PROFILE_JSON), RA_OK);
  ck_assert_str_eq(ra_buf_str(&b),
    "OK: error, status 400, type RequestError, code A|B; post: state "
    "unchanged, feedback unchanged\n"
    "NON-STRICT: success; post: state Submitted, feedback unchanged");
  ra_buf_reset(&b);
  ck_assert_int_eq(ra_case_describe_request(&b, c, RA_PROFILE_JSON), RA_OK);
  ck_assert_str_eq(ra_buf_str(&b),
    "RejectAssignment signed by owner: AssignmentId = the fixture's "
    "AssignmentId, RequesterFeedback = 1025 \xc3\x97 '\xc3\xa9' (2050 bytes)");
  ra_buf_reset(&b);
  ck_assert_int_eq(ra_case_describe_source(&b, c), RA_OK);
  ck_assert_str_eq(ra_buf_str(&b), "inferred: r");
  ra_buf_free(&b);
  ra_case_free(c);
}
END_TEST

START_TEST(test_casedesc__options_setup_and_repeat)
{
  struct ra_case *c = parse_ok(
    "{\"id\": \"RA-AUTH-0001\", \"title\": \"t\", \"area\": \"auth\", "
    "\"level\": \"MUST\", \"source\": {\"kind\": \"doc\", \"quote\": \"q\"},\n"
    "\"request\": {\"params\": {\"AssignmentId\": \"A1\", \"SendNotification\": "
    "\"true\"}, \"legacy\": {\"method\": \"POST\", \"version\": null}, "
    "\"json\": {\"escape\": \"utf8\", \"pad_to\": 100}, "
    "\"auth\": {\"mutation\": \"time-offset\", \"seconds\": -900}, "
    "\"setup\": [{\"operation\": \"GetAssignment\"}], \"repeat\": 3},\n"
    "\"expect\": {\"legacy-2014\": [{\"grade\": \"OK\", \"outcome\": \"any\"}], "
    "\"json-2017\": [{\"grade\": \"OK\", \"outcome\": \"any\"}]}}");
  struct ra_buf b;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ck_assert_int_eq(ra_case_describe_request(&b, c, RA_PROFILE_LEGACY), RA_OK);
  ck_assert_str_eq(ra_buf_str(&b),
    "first GetAssignment signed by owner with no parameters; then "
    "RejectAssignment signed by owner: AssignmentId = 'A1', "
    "SendNotification = 'true'; legacy POST, Version left out; auth: "
    "time-offset -900 s; sent 3 times in sequence");
  ra_buf_reset(&b);
  ck_assert_int_eq(ra_case_describe_request(&b, c, RA_PROFILE_JSON), RA_OK);
  ck_assert_str_eq(ra_buf_str(&b),
    "first GetAssignment signed by owner with no parameters; then "
    "RejectAssignment signed by owner: AssignmentId = 'A1', "
    "SendNotification = 'true'; json POST, raw UTF-8, body "
    "padded to 100 bytes; auth: time-offset -900 s; sent 3 times in "
    "sequence");
  ck_assert_int_eq(ra_case_uses_uescape(c), 0);
  ra_buf_reset(&b);
  ck_assert_int_eq(ra_case_describe_source(&b, c), RA_OK);
  ck_assert_str_eq(ra_buf_str(&b), "doc: q");
  ck_assert_int_eq(ra_case_describe_expect(&b, c, (ra_profile)9),
                   RA_E_INVALID);
  ra_buf_free(&b);
  ra_case_free(c);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("casedesc");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_casedesc__expect_request_source);
  tcase_add_test(tc, test_casedesc__options_setup_and_repeat);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
