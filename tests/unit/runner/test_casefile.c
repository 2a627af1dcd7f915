/* Case file loader: good files give the expected plain data; bad files give
 * the exact file:line:column and message. */
#include <check.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "runner/casefile.h"
#include "check_run.h"

#define HEAD "{\n\"id\": \"RA-FB-0001\",\n\"title\": \"t\",\n" \
             "\"area\": \"feedback\",\n\"level\": \"MUST\",\n" \
             "\"source\": {\"kind\": \"doc\", \"quote\": \"q\"},\n"
/* HEAD takes lines 1-6; what follows starts on line 7. */
#define EXPECT_JSON "\"expect\": {\"json-2017\": [{\"grade\": \"OK\", " \
                    "\"outcome\": \"error\"}]}\n}\n"

static struct ra_case *parse_ok(const char *text)
{
  struct ra_case *c = NULL;
  struct ra_error err = RA_ERROR_INIT;
  ra_code result;
  char msg[1200];
  ra_error_clear(&err);
  result = ra_case_parse(&c, text, strlen(text), "t.json", &err);
  ra_error_format(&err, msg, sizeof(msg));
  ck_assert_msg(result == RA_OK, "unexpected error: %s", msg);
  ck_assert_ptr_nonnull(c);
  return c;
}

START_TEST(test_casefile__minimal)
{
  struct ra_case *c = parse_ok(HEAD "\"request\": {\"params\": "
                               "{\"AssignmentId\": \"A1\"}},\n" EXPECT_JSON);
  ck_assert_str_eq(c->id, "RA-FB-0001");
  ck_assert_str_eq(c->request.operation, "RejectAssignment");
  ck_assert_int_eq(c->request.signer, RA_REQUESTER_OWNER);
  ck_assert_uint_eq(c->profiles, RA_PROFILE_BIT(RA_PROFILE_JSON));
  ck_assert_uint_eq(c->request.nparams, 1);
  ck_assert_str_eq(c->request.params[0].name, "AssignmentId");
  ck_assert_int_eq(c->request.params[0].value->kind, RA_VALUE_STRING);
  ck_assert_uint_eq(c->expect[RA_PROFILE_JSON].count, 1);
  ck_assert_uint_eq(c->expect[RA_PROFILE_LEGACY].count, 0);
  ck_assert_int_eq(c->expect[RA_PROFILE_JSON].items[0].grade, RA_GRADE_OK);
  ck_assert_int_eq(c->needs.fixture, RA_FIXTURE_NONE);
  ck_assert_int_eq(c->needs.observe, 0);
  ra_case_free(c);
}
END_TEST

START_TEST(test_casefile__full)
{
  static const char text[] =
    "{\"id\": \"RA-REQ-0042\", \"title\": \"x\", \"area\": \"requester\",\n"
    " \"tags\": [\"a-1\", \"b\"], \"level\": \"SHOULD\",\n"
    " \"source\": {\"kind\": \"observed\", \"citation\": \"c\", "
    "\"unconfirmed\": true},\n"
    " \"needs\": {\"fixture\": \"Approved\", \"fixture_owner\": \"other\", "
    "\"observe\": false},\n"
    " \"request\": {\"signer\": \"unknown\", \"params\": {\"B\": "
    "{\"ref\": \"assignment\"}, \"A\": {\"repeat\": \"\\u00e9\", "
    "\"count\": 3}},\n"
    "   \"extra_params\": [[\"A\", {\"hex\": \"00ff\"}]],\n"
    "   \"legacy\": {\"method\": \"POST\", \"version\": null, "
    "\"signature\": \"sigv1\"},\n"
    "   \"json\": {\"escape\": \"utf8\", \"target\": null, \"pad_to\": 9000},\n"
    "   \"auth\": {\"mutation\": \"time-offset\", \"seconds\": -900},\n"
    "   \"setup\": [{\"operation\": \"ApproveAssignment\", \"params\": "
    "{\"OverrideRejection\": \"true\"}}],\n"
    "   \"repeat\": 2},\n"
    " \"expect\": {\"legacy-2014\": [{\"grade\": \"OK\", \"outcome\": "
    "\"error\", \"code\": [\"X\", \"Y\"], \"envelope\": \"front-door\", "
    "\"status\": 200}],\n"
    "   \"json-2017\": [{\"grade\": \"INFORMATIONAL\", \"outcome\": \"any\", "
    "\"when\": {\"feedback_length_unit\": \"utf16\"}, \"post\": {\"state\": "
    "\"Approved\", \"feedback\": null}, \"status\": [400, 403], "
    "\"type\": \"T\", \"note\": \"n\"}]}}\n";
  struct ra_case *c = parse_ok(text);
  const struct ra_outcome *o;
  ck_assert_int_eq(c->level, RA_LEVEL_SHOULD);
  ck_assert_uint_eq(c->ntags, 2);
  ck_assert_str_eq(c->tags[0], "a-1");
  ck_assert_int_eq(c->source.kind, RA_SOURCE_OBSERVED);
  ck_assert_int_eq(c->source.unconfirmed, 1);
  ck_assert_uint_eq(c->profiles, RA_PROFILE_ALL);
  ck_assert_int_eq(c->needs.fixture, RA_FIXTURE_APPROVED);
  ck_assert_int_eq(c->needs.fixture_owner, RA_REQUESTER_OTHER);
  ck_assert_int_eq(c->needs.observe, 0);
  /* fixture_owner other, setup signed by owner; unknown signer adds none */
  ck_assert_uint_eq(c->needs.requesters, RA_REQUESTER_BIT(RA_REQUESTER_OTHER) |
                    RA_REQUESTER_BIT(RA_REQUESTER_OWNER));
  ck_assert_int_eq(c->request.signer, RA_REQUESTER_UNKNOWN);
  /* params keep file order */
  ck_assert_str_eq(c->request.params[0].name, "B");
  ck_assert_str_eq(c->request.params[1].name, "A");
  ck_assert_int_eq(c->request.params[1].value->kind, RA_VALUE_REPEAT);
  ck_assert_uint_eq(c->request.params[1].value->count, 3);
  ck_assert_uint_eq(c->request.nextra, 1);
  ck_assert_uint_eq(c->request.extra_params[0].value->text_len, 2);
  ck_assert_int_eq(c->request.has_legacy, 1);
  ck_assert_int_eq(c->request.legacy.use_post, 1);
  ck_assert_int_eq(c->request.legacy.signature, RA_LEGACY_SIG_V1);
  ck_assert_int_eq(c->request.legacy.version.set, 1);
  ck_assert_int_eq(c->request.legacy.version.is_null, 1);
  ck_assert_int_eq(c->request.legacy.service.set, 0);
  ck_assert_int_eq(c->request.json.escape, RA_JSON_ESCAPE_UTF8);
  ck_assert_int_eq(c->request.json.target.is_null, 1);
  ck_assert_int_eq(c->request.json.pad_to, 9000);
  ck_assert_int_eq(c->request.auth.mutation, RA_AUTH_TIME_OFFSET);
  ck_assert_int_eq(c->request.auth.seconds, -900);
  ck_assert_uint_eq(c->request.nsetup, 1);
  ck_assert_str_eq(c->request.setup[0].operation, "ApproveAssignment");
  ck_assert_uint_eq(c->request.repeat, 2);
  o = &c->expect[RA_PROFILE_LEGACY].items[0];
  ck_assert_uint_eq(o->ncodes, 2);
  ck_assert_str_eq(o->codes[1], "Y");
  ck_assert_int_eq(o->envelope, RA_CASE_ENVELOPE_FRONT_DOOR);
  ck_assert_int_eq(o->statuses[0], 200);
  o = &c->expect[RA_PROFILE_JSON].items[0];
  ck_assert_int_eq(o->grade, RA_GRADE_INFORMATIONAL);
  ck_assert_int_eq(o->kind, RA_OUTCOME_ANY);
  ck_assert_int_eq(o->has_when, 1);
  ck_assert_int_eq(o->when_length_unit, RA_LENGTH_UTF16);
  ck_assert_int_eq(o->post.has_state, 1);
  ck_assert_int_eq(o->post.state, RA_FIXTURE_APPROVED);
  ck_assert_int_eq(o->post.feedback, RA_POST_FEEDBACK_NONE);
  ck_assert_uint_eq(o->nstatuses, 2);
  ck_assert_str_eq(o->types[0], "T");
  ck_assert_str_eq(o->note, "n");
  ra_case_free(c);
}
END_TEST

struct bad {
  const char *text;
  int line;
  int column;
  const char *message;
};

static const struct bad bad_cases[] = {
  /* 0: jansson syntax error position */
  {"{\n\"id\": \"RA-FB-0001\",,\n}", 2, 20, "string or '}' expected near ','"},
  /* 1: duplicate key (jansson) */
  {"{\"id\": \"a\",\n \"id\": \"b\"}", 2, 5, "duplicate object key near '\"id\"'"},
  /* 2: unknown field in request, at its key */
  {HEAD "\"request\": {\n  \"paramz\": {}},\n" EXPECT_JSON, 8, 3,
   "unknown field 'paramz' in request"},
  /* 3: unknown top-level field */
  {HEAD "  \"extra\": 1,\n\"request\": {},\n" EXPECT_JSON, 7, 3,
   "unknown field 'extra' in the case"},
  /* 4: id pattern */
  {"{\"id\": \"RA-fb-0001\"}", 1, 8,
   "id 'RA-fb-0001' does not match ^RA-[A-Z]+-[0-9]{4}$"},
  /* 5: missing title: at the object */
  {"\n  {\"id\": \"RA-FB-0001\"}", 2, 3,
   "missing required field 'title' in the case"},
  /* 6: level enum */
  {"{\"id\": \"RA-FB-0001\", \"title\": \"t\", \"area\": \"feedback\",\n"
   " \"level\": \"MUSTN'T\"}", 2, 11,
   "'level' must be MUST, SHOULD or MAY, not 'MUSTN'T'"},
  /* 7: doc source needs quote */
  {"{\"id\": \"RA-FB-0001\", \"title\": \"t\", \"area\": \"feedback\", "
   "\"level\": \"MUST\",\n \"source\": {\"kind\": \"doc\"}}", 2, 12,
   "a 'doc' source needs 'quote'"},
  /* 8: expect key not a profile */
  {HEAD "\"request\": {},\n\"expect\": {\"json-2018\": []}}", 8, 12,
   "'expect' keys are profiles (legacy-2014 or json-2017), not 'json-2018'"},
  /* 9: empty outcome list */
  {HEAD "\"request\": {},\n\"expect\": {\"json-2017\": []}}", 8, 25,
   "the outcomes of 'json-2017' must be a non-empty list"},
  /* 10: grade enum inside the outcome list */
  {HEAD "\"request\": {},\n\"expect\": {\"json-2017\": [\n"
   "  {\"grade\": \"GOOD\", \"outcome\": \"error\"}]}}", 9, 13,
   "'grade' must be OK, NON-STRICT or INFORMATIONAL, not 'GOOD'"},
  /* 11: count out of range */
  {HEAD "\"request\": {\"params\": {\"F\":\n {\"repeat\": \"x\", "
   "\"count\": 1000001}}},\n" EXPECT_JSON, 8, 27,
   "'count' must be between 0 and 1000000, not 1000001"},
  /* 12: mutation for the other profile */
  {HEAD "\"request\": {\"auth\": {\"mutation\": \"tamper-param\"}},\n"
   EXPECT_JSON, 7, 34,
   "mutation 'tamper-param' applies to legacy-2014 only, but the case also "
   "runs json-2017"},
  /* 13: ref without a fixture */
  {HEAD "\"request\": {\"params\": {\"AssignmentId\": {\"ref\": "
   "\"assignment\"}}},\n" EXPECT_JSON, 7, 40,
   "{\"ref\": \"assignment\"} needs a fixture ('needs.fixture')"},
  /* 14: two generators in one object */
  {HEAD "\"request\": {\"params\": {\"A\": {\"hex\": \"00\", \"ref\": "
   "\"assignment\"}}},\n" EXPECT_JSON, 7, 43,
   "a generator has one of repeat, hex, concat, ref, lower, uescape or chop, "
   "not "
   "both 'hex' and 'ref'"},
  /* 15: odd hex */
  {HEAD "\"request\": {\"params\": {\"A\": {\"hex\": \"abc\"}}},\n"
   EXPECT_JSON, 7, 37, "'hex' must have an even number of digits"},
  /* 16: type under legacy */
  {HEAD "\"request\": {},\n\"expect\": {\"legacy-2014\": [{\"grade\": "
   "\"OK\", \"outcome\": \"error\", \"type\": \"X\"}]}}", 8, 64,
   "'type' (the json-2017 __type) does not apply to legacy-2014"},
  /* 17: json options in a legacy-only case */
  {HEAD "\"request\": {\"json\": {}},\n\"expect\": {\"legacy-2014\": "
   "[{\"grade\": \"OK\", \"outcome\": \"error\"}]}}", 7, 13,
   "'json' options given but the case does not run json-2017"},
  /* 18: profiles lists a profile without outcomes */
  {HEAD "\"profiles\": [\"json-2017\", \"legacy-2014\"],\n\"request\": {},\n"
   EXPECT_JSON, 7, 27, "profile 'legacy-2014' has no outcomes in 'expect'"},
  /* 19: bad uescape text */
  {HEAD "\"request\": {\"params\": {\"A\": {\"uescape\": \"\\\\x41\"}}},\n"
   EXPECT_JSON, 7, 41,
   "'uescape' text is not valid inside a JSON string: it has an escape JSON "
   "does not have"},
  /* 20: tag pattern */
  {"{\"id\": \"RA-FB-0001\", \"title\": \"t\", \"area\": \"feedback\", "
   "\"level\": \"MUST\",\n \"tags\": [\"ok\", \"Not OK\"]}", 2, 17,
   "a tag must be a string of [a-z0-9-]+"},
  /* 21: post without a fixture */
  {HEAD "\"request\": {},\n\"expect\": {\"json-2017\": [{\"grade\": \"OK\", "
   "\"outcome\": \"error\", \"post\": {}}]}}", 8, 62,
   "'post' needs a fixture ('needs.fixture')"},
  /* 22: repeat and concurrent together */
  {HEAD "\"request\": {\"repeat\": 2, \"concurrent\": 3},\n" EXPECT_JSON, 7, 26,
   "'repeat' and 'concurrent' cannot be combined"},
  /* 23: setup cannot nest setup */
  {HEAD "\"request\": {\"setup\": [{\"setup\": []}]},\n" EXPECT_JSON, 7, 24,
   "unknown field 'setup' in a setup request"},
  /* 24: time-offset needs seconds */
  {HEAD "\"request\": {\"auth\": {\"mutation\": \"time-offset\"}},\n"
   EXPECT_JSON, 7, 21,
   "missing required field 'seconds' in auth (mutation 'time-offset')"},
  /* 25: status out of range in a list */
  {HEAD "\"request\": {},\n\"expect\": {\"json-2017\": [{\"grade\": \"OK\", "
   "\"outcome\": \"error\", \"status\": [400, 99]}]}}", 8, 78,
   "an HTTP status must be an integer from 100 to 599"},
  /* 26: title too long is one line max 120: multi-line title */
  {"{\"id\": \"RA-FB-0001\", \"title\": \"a\\nb\"}", 1, 31,
   "'title' must be one non-empty line of at most 120 characters"},
  /* 27: columns count characters, not bytes */
  {"{\"id\": \"RA-FB-0001\", \"title\": \"\xc3\xa9\xc3\xa9\", \"zz\": 1}", 1, 37,
   "unknown field 'zz' in the case"},
};

START_TEST(test_casefile__bad)
{
  const struct bad *b = &bad_cases[_i];
  struct ra_case *c = NULL;
  struct ra_error err = RA_ERROR_INIT;
  ra_code result;
  ra_error_clear(&err);
  result = ra_case_parse(&c, b->text, strlen(b->text), "x.json", &err);
  ck_assert_msg(result != RA_OK, "case %d parsed", _i);
  ck_assert_ptr_null(c);
  ck_assert_str_eq(err.source, "x.json");
  ck_assert_msg(err.line == b->line && err.column == b->column,
                "case %d: got %d:%d (%s), want %d:%d", _i, err.line,
                err.column, err.text, b->line, b->column);
  ck_assert_str_eq(err.text, b->message);
}
END_TEST

START_TEST(test_casefile__load_checks_name)
{
  struct ra_case *c = NULL;
  struct ra_error err = RA_ERROR_INIT;
  char path[] = "/tmp/ra_casefile_XXXXXX";
  char file[600];
  FILE *f;
  int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  close(fd);
  unlink(path);
  ck_assert_int_eq(mkdir(path, 0700), 0);
  snprintf(file, sizeof(file), "%s/RA-FB-0009.json", path);
  f = fopen(file, "w");
  fputs(HEAD "\"request\": {},\n" EXPECT_JSON, f);
  fclose(f);
  ck_assert_int_ne(ra_case_load(&c, file, &err), RA_OK);
  ck_assert_int_eq(err.line, 2);
  ck_assert_int_eq(err.column, 7);
  ck_assert_str_eq(err.text, "id 'RA-FB-0001' does not match the file name "
                   "'RA-FB-0009.json' (expected 'RA-FB-0001.json')");
  unlink(file);
  rmdir(path);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("casefile");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_casefile__minimal);
  tcase_add_test(tc, test_casefile__full);
  tcase_add_loop_test(tc, test_casefile__bad, 0,
                      (int)(sizeof(bad_cases) / sizeof(bad_cases[0])));
  tcase_add_test(tc, test_casefile__load_checks_name);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
