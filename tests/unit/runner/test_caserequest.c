/* The 'request' object of a case file (runner/caserequest): transport
 * options, auth mutations, setup requests and repetition parse into the
 * case; every bad field is reported at its exact line:column. */
#include <check.h>
#include <string.h>

#include "runner/casefile.h"
#include "check_run.h"

/* HEAD takes lines 1-3; the request starts on line 4. */
#define HEAD "{\"id\": \"RA-AUTH-0001\", \"title\": \"t\", \"area\": \"auth\",\n" \
             "\"level\": \"MUST\", \"source\": {\"kind\": \"doc\", " \
             "\"quote\": \"q\"},\n\"needs\": {\"fixture\": \"Submitted\"},\n"
#define TAIL ",\n\"expect\": {\"legacy-2014\": [{\"grade\": \"OK\", " \
             "\"outcome\": \"any\"}], \"json-2017\": [{\"grade\": \"OK\", " \
             "\"outcome\": \"any\"}]}}\n"

static ra_code parse(const char *request, struct ra_case **c,
                     struct ra_error *err)
{
  char text[4096];
  snprintf(text, sizeof(text), HEAD "\"request\": %s" TAIL, request);
  ra_error_clear(err);
  return ra_case_parse(c, text, strlen(text), "r.json", err);
}

START_TEST(test_caserequest__options)
{
  struct ra_case *c = NULL;
  struct ra_error err = RA_ERROR_INIT;
  const struct ra_case_request *r;
  ck_assert_int_eq(parse(
    "{\"operation\": \"RejectAssignment\", \"signer\": \"other\",\n"
    " \"params\": {\"AssignmentId\": {\"ref\": \"assignment\"}},\n"
    " \"extra_params\": [[\"AssignmentId\", \"B\"]],\n"
    " \"legacy\": {\"method\": \"GET\", \"signature\": \"mturk\", "
    "\"timestamp_format\": \"millis\", \"service\": null, "
    "\"raw_query\": \"a=b\"},\n"
    " \"json\": {\"target\": \"X.Y\", \"content_type\": null, "
    "\"signed_headers\": \"host\", \"content_sha256\": true, "
    "\"method\": \"PUT\"},\n"
    " \"auth\": {\"mutation\": \"wrong-secret\"},\n"
    " \"concurrent\": 4}", &c, &err), RA_OK);
  r = &c->request;
  ck_assert_str_eq(r->operation, "RejectAssignment");
  ck_assert_int_eq(r->signer, RA_REQUESTER_OTHER);
  ck_assert_uint_eq(c->needs.requesters & RA_REQUESTER_BIT(RA_REQUESTER_OTHER),
                    RA_REQUESTER_BIT(RA_REQUESTER_OTHER));
  ck_assert_uint_eq(r->nparams, 1);
  ck_assert_int_eq(r->params[0].value->kind, RA_VALUE_REF);
  ck_assert_uint_eq(r->nextra, 1);
  ck_assert_str_eq(r->extra_params[0].name, "AssignmentId");
  ck_assert_int_eq(r->legacy.use_post, 0);
  ck_assert_int_eq(r->legacy.timestamp_format, (ra_legacy_ts)1);
  ck_assert_int_eq(r->legacy.service.is_null, 1);
  ck_assert_str_eq(r->legacy.raw_query.value, "a=b");
  ck_assert_str_eq(r->json.target.value, "X.Y");
  ck_assert_int_eq(r->json.content_type.is_null, 1);
  ck_assert_int_eq(r->json.content_sha256, 1);
  ck_assert_str_eq(r->json.method.value, "PUT");
  ck_assert_int_eq(r->auth.mutation, RA_AUTH_WRONG_SECRET);
  ck_assert_str_eq(ra_auth_mutation_name(r->auth.mutation), "wrong-secret");
  ck_assert_str_eq(ra_auth_mutation_name((ra_auth_mutation)999), "?");
  ck_assert_uint_eq(r->concurrent, 4);
  ck_assert_uint_eq(r->repeat, 0);
  ra_case_free(c);
}
END_TEST

struct bad {
  const char *request;
  int line;
  int column;
  const char *message;
};

static const struct bad bad_requests[] = {
  {"[]", 4, 12, "'request' must be an object, not an array"},
  {"{\"operation\": \"\"}", 4, 26, "'operation' must not be empty"},
  {"{\"signer\": 1}", 4, 23,
   "'signer' must be a string (owner, other or unknown), not an integer"},
  {"{\"legacy\": {\"method\": \"PATCH\"}}", 4, 34,
   "'method' must be GET or POST, not 'PATCH'"},
  {"{\"legacy\": {\"raw_body\": \"x\"}}", 4, 24,
   "'raw_body' needs \"method\": \"POST\""},
  {"{\"json\": {\"escape\": \"latin1\"}}", 4, 32,
   "'escape' must be ascii or utf8, not 'latin1'"},
  {"{\"json\": {\"pad_to\": 0}}", 4, 32,
   "'pad_to' must be between 1 and 67108864, not 0"},
  {"{\"json\": {\"method\": \"\"}}", 4, 32, "'method' must not be empty"},
  {"{\n  \"auth\": {\"mutation\": \"wrong-secret\", \"value\": \"v\"}}", 5, 40,
   "mutation 'wrong-secret' takes no 'value'"},
  {"{\"auth\": {\"mutation\": \"none\", \"seconds\": 5}}", 4, 42,
   "'seconds' applies only to mutation 'time-offset'"},
  {"{\"params\": {\"\": \"x\"}}", 4, 24, "a parameter name must not be empty"},
  {"{\"extra_params\": [[\"A\"]]}", 4, 30,
   "an extra parameter must be a [name, value] pair with a non-empty name"},
  {"{\"extra_params\": [[\"A\", 5]]}", 4, 36,
   "a value must be a string or a generator object (repeat, hex, concat, "
   "ref, lower, uescape or chop), not an integer"},
  {"{\"setup\": []}", 4, 22, "'setup' must be a non-empty list of requests"},
  {"{\"repeat\": 1}", 4, 23, "'repeat' must be between 2 and 1000, not 1"},
};

START_TEST(test_caserequest__bad)
{
  const struct bad *b = &bad_requests[_i];
  struct ra_case *c = NULL;
  struct ra_error err = RA_ERROR_INIT;
  ck_assert_int_ne(parse(b->request, &c, &err), RA_OK);
  ck_assert_ptr_null(c);
  ck_assert_str_eq(err.source, "r.json");
  ck_assert_msg(err.line == b->line && err.column == b->column,
                "request %d: got %d:%d (%s), want %d:%d", _i, err.line,
                err.column, err.text, b->line, b->column);
  ck_assert_str_eq(err.text, b->message);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("caserequest");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_caserequest__options);
  tcase_add_loop_test(tc, test_caserequest__bad, 0,
                      (int)(sizeof(bad_requests) / sizeof(bad_requests[0])));
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
