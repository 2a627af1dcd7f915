/* Value generators: parsing from a case file (exact positions), bytes,
 * JSON text, descriptions. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "runner/value.h"
#include "check_run.h"

static struct ra_value *str(const char *s)
{
  struct ra_value *v = ra_value_new(RA_VALUE_STRING);
  v->text = ra_strdup(s);
  v->text_len = strlen(s);
  return v;
}

static struct ra_value *wrap(ra_value_kind kind, struct ra_value *inner,
                             unsigned long count)
{
  struct ra_value *v = ra_value_new(kind);
  v->inner = inner;
  v->count = count;
  return v;
}

static struct ra_value *raw(ra_value_kind kind, const char *bytes, size_t n)
{
  struct ra_value *v = ra_value_new(kind);
  v->text = ra_memdup0(bytes, n);
  v->text_len = n;
  return v;
}

static struct ra_value *concat2(struct ra_value *a, struct ra_value *b)
{
  struct ra_value *v = ra_value_new(RA_VALUE_CONCAT);
  v->items = ra_calloc(2, sizeof(*v->items));
  v->items[0] = a;
  v->items[1] = b;
  v->nitems = 2;
  return v;
}

static ra_code resolve(void *userp, const char *name, struct ra_buf *out)
{
  (*(int *)userp)++;
  if(strcmp(name, "assignment"))
    return RA_E_NOT_FOUND;
  return ra_buf_adds(out, "3ABCDEF");
}

START_TEST(test_value__repeat_bytes)
{
  struct ra_value *v = wrap(RA_VALUE_REPEAT, str("\xc3\xa9"), 1025);
  struct ra_buf b;
  struct ra_buf d;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_init(&d, RA_BUF_UNLIMITED);
  ck_assert_int_eq(ra_value_eval(v, NULL, &b), RA_OK);
  ck_assert_uint_eq(b.len, 2050);
  ck_assert_int_eq(memcmp(b.ptr + 2048, "\xc3\xa9", 2), 0);
  ck_assert_int_eq(ra_value_describe(&d, v), RA_OK);
  ck_assert_str_eq(ra_buf_str(&d), "1025 \xc3\x97 '\xc3\xa9' (2050 bytes)");
  ck_assert_int_eq(ra_value_static_len(v), 2050);
  ra_buf_free(&b);
  ra_buf_free(&d);
  ra_value_free(v);
}
END_TEST

START_TEST(test_value__ref_lower_concat_hex)
{
  int calls = 0;
  struct ra_value_ctx ctx = {resolve, &calls};
  struct ra_value *v = wrap(RA_VALUE_LOWER,
                            concat2(ra_value_new(RA_VALUE_REF),
                                    raw(RA_VALUE_HEX, "\x00\xff", 2)), 0);
  struct ra_buf b;
  v->inner->items[0]->text = ra_strdup("assignment");
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ck_assert_int_eq(ra_value_eval(v, &ctx, &b), RA_OK);
  ck_assert_uint_eq(b.len, 9);
  ck_assert_int_eq(memcmp(b.ptr, "3abcdef\x00\xff", 9), 0);
  ck_assert_int_eq(calls, 1);
  ck_assert_int_eq(ra_value_has_ref(v, "assignment"), 1);
  ck_assert_int_eq(ra_value_has_ref(v, "other"), 0);
  ck_assert_int_eq(ra_value_static_len(v), -1);
  ra_buf_reset(&b);
  ck_assert_int_eq(ra_value_describe(&b, v), RA_OK);
  ck_assert_str_eq(ra_buf_str(&b), "lower-case of the fixture's AssignmentId "
                   "+ hex 00ff (2 bytes)");
  ra_buf_reset(&b);
  /* no resolver: a ref cannot be evaluated */
  ck_assert_int_eq(ra_value_eval(v, NULL, &b), RA_E_NOT_FOUND);
  ra_buf_free(&b);
  ra_value_free(v);
}
END_TEST

START_TEST(test_value__json_text)
{
  struct ra_value *v = concat2(str("a\"\xc3\xa9\n\xf0\x9f\x98\x80"),
                               raw(RA_VALUE_UESCAPE, "\\ud800", 6));
  struct ra_value *bad = raw(RA_VALUE_HEX, "\xff", 1);
  struct ra_buf b;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ck_assert_int_eq(ra_value_has_uescape(v), 1);
  ck_assert_int_eq(ra_value_eval_json(v, NULL, RA_JSON_ESCAPE_ASCII, &b),
                   RA_OK);
  ck_assert_str_eq(ra_buf_str(&b),
                   "a\\\"\\u00e9\\n\\ud83d\\ude00\\ud800");
  ra_buf_reset(&b);
  ck_assert_int_eq(ra_value_eval_json(v, NULL, RA_JSON_ESCAPE_UTF8, &b),
                   RA_OK);
  ck_assert_str_eq(ra_buf_str(&b), "a\\\"\xc3\xa9\\n\xf0\x9f\x98\x80\\ud800");
  ra_buf_reset(&b);
  /* uescape cannot become bytes */
  ck_assert_int_eq(ra_value_eval(v, NULL, &b), RA_E_UNSUPPORTED);
  ra_buf_reset(&b);
  /* ASCII escaping needs valid UTF-8; raw form copies the byte */
  ck_assert_int_eq(ra_value_eval_json(bad, NULL, RA_JSON_ESCAPE_ASCII, &b),
                   RA_E_INVALID);
  ra_buf_reset(&b);
  ck_assert_int_eq(ra_value_eval_json(bad, NULL, RA_JSON_ESCAPE_UTF8, &b),
                   RA_OK);
  ck_assert_uint_eq(b.len, 1);
  ra_buf_free(&b);
  ra_value_free(v);
  ra_value_free(bad);
}
END_TEST

START_TEST(test_value__limits_and_describe)
{
  struct ra_value *big = wrap(RA_VALUE_REPEAT, str("ab"), 1000000);
  struct ra_value *zero = wrap(RA_VALUE_REPEAT, str("x"), 0);
  struct ra_value *longs = str("0123456789012345678901234567890123456789XYZ");
  struct ra_value *ctl = str("a'\x01");
  struct ra_buf b;
  ra_buf_init(&b, 1000);
  /* a capped buffer refuses, it does not grow past its limit */
  ck_assert_int_eq(ra_value_eval(big, NULL, &b), RA_E_TOO_LARGE);
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ck_assert_int_eq(ra_value_eval(zero, NULL, &b), RA_OK);
  ck_assert_uint_eq(b.len, 0);
  ck_assert_int_eq(ra_value_describe(&b, zero), RA_OK);
  ck_assert_str_eq(ra_buf_str(&b), "0 \xc3\x97 'x' (0 bytes)");
  ra_buf_reset(&b);
  ck_assert_int_eq(ra_value_describe(&b, longs), RA_OK);
  ck_assert_str_eq(ra_buf_str(&b), "'0123456789012345678901234567890123456789"
                   "...' (43 bytes)");
  ra_buf_reset(&b);
  ck_assert_int_eq(ra_value_describe(&b, ctl), RA_OK);
  ck_assert_str_eq(ra_buf_str(&b), "'a\\'\\x01'");
  ra_buf_free(&b);
  ra_value_free(big);
  ra_value_free(zero);
  ra_value_free(longs);
  ra_value_free(ctl);
}
END_TEST

/* Parses text (one JSON value) as a case value. */
static ra_code parse(const char *text, int has_fixture, struct ra_value **v,
                     struct ra_error *err)
{
  struct ra_jsonpos_doc doc;
  json_t *root = NULL;
  ra_code result;
  ra_error_clear(err);
  result = ra_jsonpos_load(&doc, text, strlen(text), JSON_DECODE_ANY,
                           "v.json", err, RA_E_PARSE, &root);
  if(!result) {
    doc.code = RA_E_INVALID;
    result = ra_value_parse(&doc, root, has_fixture, v);
  }
  json_decref(root);
  return result;
}

START_TEST(test_value__parse_generators)
{
  struct ra_value *v = NULL;
  struct ra_error err = RA_ERROR_INIT;
  struct ra_buf b;
  int calls = 0;
  struct ra_value_ctx ctx = {resolve, &calls};
  ck_assert_int_eq(parse("{\"concat\": [\"a\", {\"hex\": \"00ff\"}, "
                         "{\"lower\": {\"repeat\": \"AB\", \"count\": 2}}, "
                         "{\"chop\": {\"ref\": \"assignment\"}}]}", 1, &v,
                         &err), RA_OK);
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ck_assert_int_eq(ra_value_eval(v, &ctx, &b), RA_OK);
  ck_assert_uint_eq(b.len, 1 + 2 + 4 + 6);
  ck_assert_int_eq(memcmp(b.ptr, "a\x00\xff" "abab3ABCDE", b.len), 0);
  ra_buf_free(&b);
  ra_value_free(v);
  ck_assert_int_eq(parse("{\"uescape\": \"\\\\ud800\"}", 0, &v, &err),
                   RA_OK);
  ck_assert_int_eq(v->kind, RA_VALUE_UESCAPE);
  ck_assert_str_eq(v->text, "\\ud800");
  ra_value_free(v);
}
END_TEST

START_TEST(test_value__parse_errors_say_where)
{
  static const struct {
    const char *text;
    int has_fixture, line, column;
    const char *message;
  } bad[] = {
    {"[1]", 0, 1, 1, "a value must be a string or a generator object "
     "(repeat, hex, concat, ref, lower, uescape or chop), not an array"},
    {"{\"nope\": 1}", 0, 1, 1, "a generator object needs one of repeat, hex, "
     "concat, ref, lower, uescape or chop"},
    {"{\"repeat\": \"x\"}", 0, 1, 1,
     "missing required field 'count' in a repeat generator"},
    {"{\"repeat\": \"x\",\n \"count\": -1}", 0, 2, 11,
     "'count' must be between 0 and 1000000, not -1"},
    {"{\"hex\": \"0g\"}", 0, 1, 9, "'hex' must hold only hex digits, not 'g'"},
    {"{\"ref\": \"assignment\"}", 0, 1, 1,
     "{\"ref\": \"assignment\"} needs a fixture ('needs.fixture')"},
    {"{\"ref\": \"hit\"}", 1, 1, 9, "unknown ref 'hit' (known: assignment)"},
    {"{\"lower\": \"a\", \"x\": 1}", 0, 1, 16,
     "unknown field 'x' in a lower generator"},
    {"{\"concat\": [\"a\",\n   7]}", 0, 2, 4,
     "a value must be a string or a generator object (repeat, hex, concat, "
     "ref, lower, uescape or chop), not an integer"},
  };
  size_t i;
  for(i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    struct ra_value *v = NULL;
    struct ra_error err = RA_ERROR_INIT;
    ck_assert_int_eq(parse(bad[i].text, bad[i].has_fixture, &v, &err),
                     RA_E_INVALID);
    ck_assert_ptr_null(v);
    ck_assert_msg(err.line == bad[i].line && err.column == bad[i].column,
                  "%zu: got %d:%d (%s), want %d:%d", i, err.line, err.column,
                  err.text, bad[i].line, bad[i].column);
    ck_assert_str_eq(err.text, bad[i].message);
  }
}
END_TEST

int main(void)
{
  Suite *s = suite_create("value");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_value__repeat_bytes);
  tcase_add_test(tc, test_value__ref_lower_concat_hex);
  tcase_add_test(tc, test_value__json_text);
  tcase_add_test(tc, test_value__limits_and_describe);
  tcase_add_test(tc, test_value__parse_generators);
  tcase_add_test(tc, test_value__parse_errors_say_where);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
