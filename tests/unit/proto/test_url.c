/* Unit tests of proto/url (libcurl's curl_url underneath). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "proto/url.h"
#include "check_run.h"

START_TEST(test_url__parse)
{
  static const struct {
    const char *in;
    unsigned flags;
    ra_code code;
    const char *scheme;
    const char *hostport;
    const char *target;
    int userinfo;
  } cases[] = {
    {"https://h.example/", 0, RA_OK, "https", "h.example", "/", 0},
    {"http://127.0.0.1:8080/x/y", 0, RA_OK, "http", "127.0.0.1:8080", "/x/y",
     0},
    {"https://h", 0, RA_OK, "https", "h", "/", 0},
    {"https://h?Service=S", 0, RA_OK, "https", "h", "/?Service=S", 0},
    {"HTTP://H.Example:80/a/../b?x=1#frag", 0, RA_OK, "http",
     "H.Example:80", "/b?x=1", 0},
    {"http://h/a/../b", RA_URL_PATH_AS_IS, RA_OK, "http", "h", "/a/../b", 0},
    {"http://[::1]:99/p", 0, RA_OK, "http", "[::1]:99", "/p", 0},
    {"http://u:p@h/", 0, RA_OK, "http", "h", "/", 1},
    {"h.example/", 0, RA_E_INVALID, NULL, NULL, NULL, 0},
    {"https:///", 0, RA_E_INVALID, NULL, NULL, NULL, 0},
    {"file:///etc/passwd", 0, RA_E_INVALID, NULL, NULL, NULL, 0},
    {"javascript:alert(1)", 0, RA_E_INVALID, NULL, NULL, NULL, 0},
    {"http://h/a b", 0, RA_E_INVALID, NULL, NULL, NULL, 0},
  };
  size_t i;
  for(i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct ra_url u;
    ra_url_init(&u);
    ck_assert_msg(ra_url_parse(&u, cases[i].in, cases[i].flags) ==
                  cases[i].code, "%s", cases[i].in);
    if(cases[i].code == RA_OK) {
      char *hp = ra_url_hostport(&u);
      char *t = ra_url_target(&u);
      ck_assert_str_eq(u.scheme, cases[i].scheme);
      ck_assert_str_eq(hp, cases[i].hostport);
      ck_assert_str_eq(t, cases[i].target);
      ck_assert_int_eq(u.has_userinfo, cases[i].userinfo);
      free(hp);
      free(t);
    }
    else
      ck_assert_ptr_null(u.scheme);
    ra_url_free(&u);
  }
}
END_TEST

START_TEST(test_url__host)
{
  char *h = ra_url_host("http://a.b:8/x");
  ck_assert_str_eq(h, "a.b");
  free(h);
  h = ra_url_host("ftp://evil.example/x");
  ck_assert_str_eq(h, "evil.example");
  free(h);
  ck_assert_ptr_null(ra_url_host("/relative/path"));
  ck_assert_ptr_null(ra_url_host("file:///etc/passwd"));
  ck_assert_ptr_null(ra_url_host("javascript:alert(1)"));
  ck_assert_ptr_null(ra_url_host(NULL));
}
END_TEST

START_TEST(test_url__scheme_len)
{
  ck_assert_uint_eq(ra_url_scheme_len("javascript:alert(1)"), 10);
  ck_assert_uint_eq(ra_url_scheme_len("file:///x"), 4);
  ck_assert_uint_eq(ra_url_scheme_len("svn+ssh://h/"), 7);
  ck_assert_uint_eq(ra_url_scheme_len("/relative"), 0);
  ck_assert_uint_eq(ra_url_scheme_len("1http://h/"), 0);
  ck_assert_uint_eq(ra_url_scheme_len("no-colon"), 0);
  ck_assert_uint_eq(ra_url_scheme_len(""), 0);
  ck_assert_uint_eq(ra_url_scheme_len(NULL), 0);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("url");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_url__parse);
  tcase_add_test(tc, test_url__host);
  tcase_add_test(tc, test_url__scheme_len);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
