/* Unit tests of core/jsonpos: exact 1-based line:column (columns in code
 * points) of a key or a value along a JSON path, the deepest position when
 * a step is missing, the push/pop path and the error filler. */
#include <check.h>
#include <string.h>

#include "core/jsonpos.h"
#include "check_run.h"

static const char doc[] =
  "{\n"
  "  \"a\": {\"b\": [1, \"x,]}\", {\"c\": \"\\u00e9\"}]},\n"
  "  \"\xc3\xa9t\xc3\xa9\": 1, \"k\": true,\n"
  "  \"list\": [\n"
  "    [],\n"
  "    {}\n"
  "  ]\n"
  "}\n";

static int find(const struct ra_jsonpos_step *path, size_t n,
                ra_jsonpos_want want, int *line, int *col)
{
  *line = *col = -1;
  return ra_jsonpos_find(doc, strlen(doc), path, n, want, line, col);
}

START_TEST(test_jsonpos__keys_and_values)
{
  struct ra_jsonpos_step p[4] = {{"a", 0}, {"b", 0}, {NULL, 2}, {"c", 0}};
  int line, col;
  ck_assert_int_eq(find(p, 1, RA_JSONPOS_KEY, &line, &col), 1);
  ck_assert_int_eq(line, 2);
  ck_assert_int_eq(col, 3);
  ck_assert_int_eq(find(p, 1, RA_JSONPOS_VALUE, &line, &col), 1);
  ck_assert_int_eq(line, 2);
  ck_assert_int_eq(col, 8);
  /* a string holding ",]}" does not confuse the scan */
  ck_assert_int_eq(find(p, 4, RA_JSONPOS_KEY, &line, &col), 1);
  ck_assert_int_eq(line, 2);
  ck_assert_int_eq(col, 27);
  ck_assert_int_eq(find(p, 4, RA_JSONPOS_VALUE, &line, &col), 1);
  ck_assert_int_eq(col, 32);
  ck_assert_int_eq(find(p, 3, RA_JSONPOS_VALUE, &line, &col), 1);
  ck_assert_int_eq(col, 26);
}
END_TEST

START_TEST(test_jsonpos__columns_count_code_points)
{
  struct ra_jsonpos_step k[1] = {{"k", 0}};
  struct ra_jsonpos_step e[1] = {{"\xc3\xa9t\xc3\xa9", 0}};
  int line, col;
  ck_assert_int_eq(find(e, 1, RA_JSONPOS_VALUE, &line, &col), 1);
  ck_assert_int_eq(line, 3);
  ck_assert_int_eq(col, 10);
  ck_assert_int_eq(find(k, 1, RA_JSONPOS_KEY, &line, &col), 1);
  ck_assert_int_eq(line, 3);
  ck_assert_int_eq(col, 13); /* bytes would say 15 */
}
END_TEST

START_TEST(test_jsonpos__missing_step_gives_deepest)
{
  struct ra_jsonpos_step p[2] = {{"list", 0}, {NULL, 1}};
  struct ra_jsonpos_step miss[2] = {{"list", 0}, {NULL, 5}};
  struct ra_jsonpos_step nokey[2] = {{"a", 0}, {"zz", 0}};
  int line, col;
  ck_assert_int_eq(find(p, 2, RA_JSONPOS_VALUE, &line, &col), 1);
  ck_assert_int_eq(line, 6);
  ck_assert_int_eq(col, 5);
  ck_assert_int_eq(find(miss, 2, RA_JSONPOS_VALUE, &line, &col), 0);
  ck_assert_int_eq(line, 4);  /* the array that lacks element 5 */
  ck_assert_int_eq(col, 11);
  ck_assert_int_eq(find(nokey, 2, RA_JSONPOS_KEY, &line, &col), 0);
  ck_assert_int_eq(line, 2);  /* the object that lacks "zz" */
  ck_assert_int_eq(col, 8);
  ck_assert_int_eq(find(NULL, 0, RA_JSONPOS_VALUE, &line, &col), 1);
  ck_assert_int_eq(line, 1);  /* the root */
  ck_assert_int_eq(col, 1);
}
END_TEST

START_TEST(test_jsonpos__path_push_pop_and_depth)
{
  struct ra_jsonpos_path p;
  int line, col;
  size_t i;
  memset(&p, 0, sizeof(p));
  ra_jsonpos_push_key(&p, "a");
  ra_jsonpos_push_key(&p, "b");
  ra_jsonpos_push_index(&p, 2);
  ck_assert_uint_eq(p.depth, 3);
  ck_assert_int_eq(ra_jsonpos_find_path(doc, strlen(doc), &p,
                                        RA_JSONPOS_VALUE, &line, &col), 1);
  ck_assert_int_eq(col, 26);
  ra_jsonpos_pop(&p);
  ra_jsonpos_pop(&p);
  ck_assert_uint_eq(p.depth, 1);
  ck_assert_int_eq(ra_jsonpos_find_path(doc, strlen(doc), &p,
                                        RA_JSONPOS_KEY, &line, &col), 1);
  ck_assert_int_eq(col, 3);
  /* steps past the capacity are counted, not kept, and popped back */
  for(i = 0; i < RA_JSONPOS_MAX_DEPTH + 5; i++)
    ra_jsonpos_push_index(&p, 0);
  ck_assert_uint_eq(p.depth, RA_JSONPOS_MAX_DEPTH + 6);
  for(i = 0; i < RA_JSONPOS_MAX_DEPTH + 5; i++)
    ra_jsonpos_pop(&p);
  ck_assert_uint_eq(p.depth, 1);
  ck_assert_str_eq(p.steps[0].key, "a");
}
END_TEST

START_TEST(test_jsonpos__fail_fills_error)
{
  struct ra_jsonpos_doc d;
  struct ra_error err = RA_ERROR_INIT;
  memset(&d, 0, sizeof(d));
  ra_error_clear(&err);
  d.text = doc;
  d.len = strlen(doc);
  d.source = "cases/x.json";
  d.err = &err;
  d.code = RA_E_PARSE;
  ra_jsonpos_push_key(&d.path, "a");
  ck_assert_int_eq(ra_jsonpos_fail(&d, "b", RA_JSONPOS_KEY, "bad '%s'", "b"),
                   RA_E_PARSE);
  ck_assert_str_eq(err.source, "cases/x.json");
  ck_assert_int_eq(err.line, 2);
  ck_assert_int_eq(err.column, 9);
  ck_assert_str_eq(err.text, "bad 'b'");
  ck_assert_uint_eq(d.path.depth, 1); /* the path is left as it was */
  d.code = RA_E_CONFIG;
  ra_error_clear(&err); /* errors keep their first cause */
  ck_assert_int_eq(ra_jsonpos_fail(&d, NULL, RA_JSONPOS_VALUE, "here"),
                   RA_E_CONFIG);
  ck_assert_int_eq(err.line, 2);
  ck_assert_int_eq(err.column, 8);
}
END_TEST

/* A reader's error: code, line:column of the offending node and text. */
struct read_case {
  const char *text;
  int line;
  int column;
  const char *message;
};

static const char *const colours[] = {"", "red", "green", "blue", NULL};

static ra_code read_all(struct ra_jsonpos_doc *d, json_t *root)
{
  const char *s = NULL;
  int e = 0, b = 0;
  long n = 0;
  json_t *a, *o;
  static const char *const known[] = {"s", "e", "b", "n", "a", "o", NULL};
  ra_code result = ra_jsonpos_object(d, root, "the doc");
  if(!result)
    result = ra_jsonpos_members(d, root, known, "the doc");
  if(!result)
    result = ra_jsonpos_string(d, root, "s", 1, "the doc", &s);
  if(!result)
    result = ra_jsonpos_enum(d, root, "e", 0, "the doc", colours, &e);
  if(!result)
    result = ra_jsonpos_boolean(d, root, "b", &b);
  if(!result)
    result = ra_jsonpos_integer(d, root, "n", -5, 5, &n, NULL);
  if(!result)
    result = ra_jsonpos_array(d, root, "a", 0, "the doc", &a);
  if(!result)
    result = ra_jsonpos_member_object(d, root, "o", 1, "the doc", &o);
  return result;
}

static const struct read_case read_cases[] = {
  {"[1]", 1, 1, "the doc must be an object, not an array"},
  {"{\"s\": \"x\",\n \"zz\": 1}", 2, 2, "unknown field 'zz' in the doc"},
  {"\n {\"e\": \"red\"}", 2, 2, "missing required field 's' in the doc"},
  {"{\"s\":\n   7}", 2, 4, "'s' must be a string, not an integer"},
  {"{\"s\": \"a\\u0000b\"}", 1, 7, "'s' must not contain NUL characters"},
  {"{\"s\": \"\", \"e\": \"pink\"}", 1, 16,
   "'e' must be red, green or blue, not 'pink'"},
  {"{\"s\": \"\", \"e\": null}", 1, 16,
   "'e' must be a string (red, green or blue), not null"},
  {"{\"s\": \"\", \"e\": \"\"}", 1, 16,
   "'e' must be red, green or blue, not ''"},
  {"{\"s\": \"\", \"b\": \"yes\"}", 1, 16,
   "'b' must be true or false, not a string"},
  {"{\"s\": \"\", \"n\": 1.5}", 1, 16, "'n' must be an integer, not a number"},
  {"{\"s\": \"\", \"n\": 6}", 1, 16, "'n' must be between -5 and 5, not 6"},
  {"{\"s\": \"\", \"a\": {}}", 1, 16, "'a' must be an array, not an object"},
  {"{\"s\": \"\", \"o\": []}", 1, 16, "'o' must be an object, not an array"},
  {"{\"s\": \"\"}", 1, 1, "missing required field 'o' in the doc"},
  {"{\"s\": \"\",, }", 1, 10, "string or '}' expected near ','"},
};

START_TEST(test_jsonpos__typed_readers)
{
  const struct read_case *c = &read_cases[_i];
  struct ra_jsonpos_doc d;
  struct ra_error err = RA_ERROR_INIT;
  json_t *root = NULL;
  ra_code result;
  ra_error_clear(&err);
  result = ra_jsonpos_load(&d, c->text, strlen(c->text), JSON_ALLOW_NUL,
                           "r.json", &err, RA_E_CONFIG, &root);
  if(!result)
    result = read_all(&d, root);
  json_decref(root);
  ck_assert_int_eq(result, RA_E_CONFIG);
  ck_assert_str_eq(err.source, "r.json");
  ck_assert_msg(err.line == c->line && err.column == c->column,
                "case %d: got %d:%d (%s), want %d:%d", _i, err.line,
                err.column, err.text, c->line, c->column);
  ck_assert_str_eq(err.text, c->message);
}
END_TEST

START_TEST(test_jsonpos__typed_readers_fill_outputs)
{
  static const char text[] = "{\"s\": \"x\", \"e\": \"blue\", \"b\": true, "
                             "\"n\": -5, \"a\": [], \"o\": {}}";
  struct ra_jsonpos_doc d;
  struct ra_error err = RA_ERROR_INIT;
  json_t *root, *a = NULL, *o = NULL;
  const char *s = NULL;
  int e = 0, b = 0, set = 0;
  long n = 0;
  char list[8];
  ck_assert_int_eq(ra_jsonpos_load(&d, text, strlen(text), 0, "r.json", &err,
                                   RA_E_PARSE, &root), RA_OK);
  ck_assert_int_eq(ra_jsonpos_string(&d, root, "s", 1, "w", &s), RA_OK);
  ck_assert_str_eq(s, "x");
  ck_assert_int_eq(ra_jsonpos_enum(&d, root, "e", 1, "w", colours, &e), RA_OK);
  ck_assert_int_eq(e, 3);
  ck_assert_int_eq(ra_jsonpos_boolean(&d, root, "b", &b), RA_OK);
  ck_assert_int_eq(b, 1);
  ck_assert_int_eq(ra_jsonpos_integer(&d, root, "n", -5, 5, &n, &set), RA_OK);
  ck_assert_int_eq(n, -5);
  ck_assert_int_eq(set, 1);
  ck_assert_int_eq(ra_jsonpos_integer(&d, root, "m", 0, 1, &n, &set), RA_OK);
  ck_assert_int_eq(set, 0);
  ck_assert_int_eq(ra_jsonpos_array(&d, root, "a", 1, "w", &a), RA_OK);
  ck_assert_ptr_nonnull(a);
  ck_assert_int_eq(ra_jsonpos_member_object(&d, root, "o", 1, "w", &o), RA_OK);
  ck_assert_ptr_nonnull(o);
  ck_assert_int_eq(ra_jsonpos_array(&d, root, "zz", 0, "w", &a), RA_OK);
  ck_assert_ptr_null(a);
  ck_assert_str_eq(ra_jsonpos_kind(root), "an object");
  ck_assert_int_eq(ra_jsonpos_name_index(colours, ""), -1);
  ra_jsonpos_join_names(list, sizeof(list), colours); /* truncated */
  ck_assert_str_eq(list, "red, gr");
  json_decref(root);
}
END_TEST

START_TEST(test_jsonpos__find_elements_in_one_pass)
{
  static const char text[] = "{\"a\": 1, \"list\": [ {\"x\": \"]\"},\n"
                             "  [1, 2], \"\u00e9\", 3 ], \"empty\": []}";
  struct ra_jsonpos_path p;
  int lines[3], cols[3];
  memset(&p, 0, sizeof(p));
  ra_jsonpos_push_key(&p, "list");
  ck_assert_uint_eq(ra_jsonpos_find_elements(text, strlen(text), &p, lines,
                                             cols, 3), 4);
  ck_assert_int_eq(lines[0], 1);
  ck_assert_int_eq(cols[0], 20);
  ck_assert_int_eq(lines[1], 2);
  ck_assert_int_eq(cols[1], 3);
  ck_assert_int_eq(lines[2], 2);
  ck_assert_int_eq(cols[2], 11); /* only max positions are kept */
  ra_jsonpos_pop(&p);
  ra_jsonpos_push_key(&p, "empty");
  ck_assert_uint_eq(ra_jsonpos_find_elements(text, strlen(text), &p, lines,
                                             cols, 3), 0);
  ra_jsonpos_pop(&p);
  ra_jsonpos_push_key(&p, "a");
  ck_assert_uint_eq(ra_jsonpos_find_elements(text, strlen(text), &p, lines,
                                             cols, 3), 0);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("jsonpos");
  TCase *tc = tcase_create("jsonpos");
  tcase_add_test(tc, test_jsonpos__keys_and_values);
  tcase_add_test(tc, test_jsonpos__columns_count_code_points);
  tcase_add_test(tc, test_jsonpos__missing_step_gives_deepest);
  tcase_add_test(tc, test_jsonpos__path_push_pop_and_depth);
  tcase_add_test(tc, test_jsonpos__fail_fills_error);
  tcase_add_loop_test(tc, test_jsonpos__typed_readers, 0,
                      (int)(sizeof(read_cases) / sizeof(read_cases[0])));
  tcase_add_test(tc, test_jsonpos__typed_readers_fill_outputs);
  tcase_add_test(tc, test_jsonpos__find_elements_in_one_pass);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
