/* The catalogue renderers (runner/catalogue): text lines, the Markdown
 * expected-behaviour document (its escaping, grouping by area, "Sent" once
 * when both profiles send the same thing) and JSON, on cases parsed here.
 * tests/e2e/test_behavior_doc.py compares the whole shipped document. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner/catalogue.h"
#include "check_run.h"

static const char *const texts[] = {
  "{\"id\": \"RA-FB-0001\", \"title\": \"A *bold* <b>claim</b> and a_b\", "
  "\"area\": \"feedback\", \"level\": \"MUST\", \"tags\": [\"x\"], "
  "\"source\": {\"kind\": \"doc\", \"quote\": \"say `no`\", \"ref\": \"r1\"},"
  "\"request\": {\"params\": {\"AssignmentId\": \"A1\"}}, "
  "\"expect\": {\"legacy-2014\": [{\"grade\": \"OK\", \"outcome\": "
  "\"error\"}], \"json-2017\": [{\"grade\": \"OK\", \"outcome\": "
  "\"error\", \"status\": 400}]}}",
  "{\"id\": \"RA-AID-0001\", \"title\": \"t2\", \"area\": \"assignment-id\", "
  "\"level\": \"MAY\", \"source\": {\"kind\": \"inferred\", \"reasoning\": "
  "\"r\", \"unconfirmed\": true}, \"request\": {}, "
  "\"expect\": {\"json-2017\": [{\"grade\": \"INFORMATIONAL\", "
  "\"outcome\": \"any\"}]}}",
};

static struct ra_caseset set;
static struct ra_selection sel;

static void setup(void)
{
  size_t i;
  ra_caseset_init(&set);
  ra_selection_init(&sel);
  for(i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
    struct ra_case *c = NULL;
    struct ra_error err = RA_ERROR_INIT;
    ck_assert_int_eq(ra_case_parse(&c, texts[i], strlen(texts[i]), "c.json",
                                   &err), RA_OK);
    ck_assert_int_eq(ra_caseset_add(&set, c, &err), RA_OK);
  }
}

static void teardown(void)
{
  ra_selection_free(&sel);
  ra_caseset_free(&set);
}

typedef void (*render_fn)(FILE *, const struct ra_caseset *,
                          const struct ra_selection *);

static char *render(render_fn fn)
{
  char *text = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&text, &len);
  ck_assert_ptr_nonnull(out);
  fn(out, &set, &sel);
  fclose(out);
  return text;
}

START_TEST(test_catalogue__text)
{
  char *t = render(ra_catalogue_text);
  ck_assert_ptr_nonnull(strstr(t, "RA-FB-0001     feedback      MUST   "
                                  "legacy-2014, json-2017 A *bold*"));
  ck_assert_ptr_nonnull(strstr(t, "t2 [UNCONFIRMED]\n"));
  free(t);
}
END_TEST

START_TEST(test_catalogue__markdown)
{
  char *t = render(ra_catalogue_markdown);
  ck_assert_ptr_nonnull(strstr(t, "# Expected behaviour of RejectAssignment"
                                  "\n\n"));
  ck_assert_ptr_nonnull(strstr(t, "\n2 cases."));
  /* areas in the document's order, whatever the id order */
  ck_assert_ptr_nonnull(strstr(t, "## Assignment ID (`assignment-id`)"));
  ck_assert(strstr(t, "## Assignment ID") <
            strstr(t, "## Requester feedback"));
  /* escaping: '*' and '`' always, '<' before a letter, intraword '_' not */
  ck_assert_ptr_nonnull(strstr(t, "### RA-FB-0001: A \\*bold\\* &lt;b>claim"
                                  "&lt;/b> and a_b\n"));
  ck_assert_ptr_nonnull(strstr(t, "  - Quote: \"say \\`no\\`\"\n"));
  ck_assert_ptr_nonnull(strstr(t, "- Source: doc (r1)\n"));
  /* the same request for both profiles is written once */
  ck_assert_ptr_nonnull(strstr(t, "Sent: RejectAssignment signed by owner: "
                                  "AssignmentId = 'A1'\n"));
  ck_assert_ptr_nonnull(strstr(t, "Expected (json-2017), first match wins:"
                                  "\n\n- OK: error, status 400\n"));
  ck_assert_ptr_nonnull(strstr(t, "- **UNCONFIRMED**"));
  free(t);
}
END_TEST

START_TEST(test_catalogue__json)
{
  char *text = NULL;
  size_t len = 0;
  json_t *doc, *c;
  json_error_t jerr;
  FILE *out = open_memstream(&text, &len);
  ck_assert_int_eq(ra_catalogue_json(out, &set, &sel), RA_OK);
  fclose(out);
  doc = json_loads(text, 0, &jerr);
  ck_assert_ptr_nonnull(doc);
  ck_assert_int_eq(json_integer_value(json_object_get(doc, "count")), 2);
  c = json_array_get(json_object_get(doc, "cases"), 1);
  ck_assert_str_eq(json_string_value(json_object_get(c, "id")), "RA-FB-0001");
  ck_assert_str_eq(json_string_value(json_object_get(
    json_object_get(c, "sent"), "json-2017")),
    "RejectAssignment signed by owner: AssignmentId = 'A1'");
  ck_assert_int_eq(json_integer_value(json_array_get(json_object_get(
    json_array_get(json_object_get(json_object_get(c, "expect"),
                                   "json-2017"), 0), "status"), 0)), 400);
  json_decref(doc);
  free(text);
}
END_TEST

START_TEST(test_catalogue__selection)
{
  struct ra_error err = RA_ERROR_INIT;
  char *t;
  ck_assert_int_eq(ra_selection_add(&sel, 1, "RA-AID-*", &err), RA_OK);
  t = render(ra_catalogue_markdown);
  ck_assert_ptr_nonnull(strstr(t, "\n1 cases."));
  ck_assert_ptr_null(strstr(t, "RA-AID-0001"));
  free(t);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("catalogue");
  TCase *tc = tcase_create("catalogue");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_catalogue__text);
  tcase_add_test(tc, test_catalogue__markdown);
  tcase_add_test(tc, test_catalogue__json);
  tcase_add_test(tc, test_catalogue__selection);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
