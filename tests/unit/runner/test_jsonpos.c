/* Unit tests of runner/jsonpos: exact 1-based line:column (columns in code
 * points) of a key or a value along a JSON path, the deepest position when
 * a step is missing, the push/pop path and the error filler. */
#include <check.h>
#include <string.h>

#include "runner/jsonpos.h"
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
  struct ra_error err;
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
  ck_assert_int_eq(ra_jsonpos_fail(&d, NULL, RA_JSONPOS_VALUE, "here"),
                   RA_E_CONFIG);
  ck_assert_int_eq(err.line, 2);
  ck_assert_int_eq(err.column, 8);
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
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
