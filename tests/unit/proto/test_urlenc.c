/* Unit tests of proto/urlenc. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "proto/urlenc.h"
#include "check_run.h"

START_TEST(test_urlenc__encode)
{
  static const struct {
    const char *in;
    int keep_slash;
    const char *expect;
  } cases[] = {
    {"AZaz09-_.~", 0, "AZaz09-_.~"},
    {"a b+c", 0, "a%20b%2Bc"},
    {"/a/b", 0, "%2Fa%2Fb"},
    {"/a/b", 1, "/a/b"},
    {"\xc3\xa9", 0, "%C3%A9"},
    {"=&%", 0, "%3D%26%25"},
  };
  size_t i;
  for(i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct ra_buf b;
    ra_buf_init(&b, RA_BUF_UNLIMITED);
    ck_assert_int_eq(ra_urlenc_encode(&b, cases[i].in, strlen(cases[i].in),
                                      cases[i].keep_slash), RA_OK);
    ck_assert_str_eq(ra_buf_str(&b), cases[i].expect);
    ra_buf_free(&b);
  }
}
END_TEST

START_TEST(test_urlenc__decode)
{
  static const struct {
    const char *in;
    ra_urlenc_mode mode;
    ra_code code;
    const char *expect;
    size_t len;
  } cases[] = {
    {"a+b", RA_URLENC_FORM, RA_OK, "a b", 3},
    {"a+b", RA_URLENC_STRICT, RA_OK, "a+b", 3},
    {"%c3%A9", RA_URLENC_FORM, RA_OK, "\xc3\xa9", 2},
    {"%00x", RA_URLENC_FORM, RA_OK, "\0x", 2},
    {"%4", RA_URLENC_FORM, RA_E_PARSE, NULL, 0},
    {"%", RA_URLENC_FORM, RA_E_PARSE, NULL, 0},
    {"%zz", RA_URLENC_FORM, RA_E_PARSE, NULL, 0},
    {"", RA_URLENC_FORM, RA_OK, "", 0},
  };
  size_t i;
  for(i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct ra_buf b;
    ra_buf_init(&b, RA_BUF_UNLIMITED);
    ck_assert_int_eq(ra_urlenc_decode(&b, cases[i].in, strlen(cases[i].in),
                                      cases[i].mode), cases[i].code);
    if(cases[i].code == RA_OK) {
      ck_assert_uint_eq(b.len, cases[i].len);
      ck_assert_mem_eq(ra_buf_str(&b), cases[i].expect, cases[i].len);
    }
    ra_buf_free(&b);
  }
}
END_TEST

START_TEST(test_urlenc__parse_query)
{
  struct ra_params p;
  static const char q[] = "a=1&&b&a=2&c=x%20y+z&=v";
  ra_params_init(&p);
  ck_assert_int_eq(ra_urlenc_parse_query(&p, q, strlen(q), RA_URLENC_FORM,
                                         10), RA_OK);
  ck_assert_uint_eq(p.count, 5);
  ck_assert_str_eq(p.items[0].name, "a");
  ck_assert_str_eq(p.items[1].name, "b");
  ck_assert_str_eq(p.items[1].value, "");
  ck_assert_str_eq(p.items[2].value, "2");
  ck_assert_str_eq(p.items[3].value, "x y z");
  ck_assert_str_eq(p.items[4].name, "");
  ck_assert_uint_eq(ra_params_count_name(&p, "a"), 2);
  ra_params_free(&p);
  ra_params_init(&p);
  ck_assert_int_eq(ra_urlenc_parse_query(&p, q, strlen(q), RA_URLENC_FORM,
                                         4), RA_E_TOO_LARGE);
  ra_params_free(&p);
}
END_TEST

START_TEST(test_urlenc__build_query)
{
  struct ra_params p;
  struct ra_buf b;
  ra_params_init(&p);
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_params_adds(&p, "B", "x y");
  ra_params_add(&p, "A", "\0/", 2);
  ck_assert_int_eq(ra_urlenc_build_query(&b, &p), RA_OK);
  ck_assert_str_eq(ra_buf_str(&b), "B=x%20y&A=%00%2F");
  ra_params_set(&p, "B", "2", 1);
  ck_assert_str_eq(ra_params_get(&p, "B")->value, "2");
  ck_assert_uint_eq(ra_params_remove(&p, "A"), 1);
  ck_assert_uint_eq(p.count, 1);
  ra_params_free(&p);
  ra_buf_free(&b);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("urlenc");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_urlenc__encode);
  tcase_add_test(tc, test_urlenc__decode);
  tcase_add_test(tc, test_urlenc__parse_query);
  tcase_add_test(tc, test_urlenc__build_query);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
