/* Response parsers: every recorded answer under vectors/responses (found on
 * disk, so adding a fixture needs no C), the loader's own checks, and
 * hostile bodies that must neither crash nor be taken for an answer. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "response/fixture.h"
#include "response/response.h"
#include "check_run.h"

static char *fixture_root(void)
{
  const char *src = getenv("RACONFORM_SOURCE_DIR");
  struct ra_buf b;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_putf(&b, "%s/vectors/responses", src ? src : ".");
  return ra_buf_take(&b, NULL);
}

static char *fixture_dir(const char *name)
{
  char *root = fixture_root();
  struct ra_buf b;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_putf(&b, "%s/%s", root, name);
  ra_free(root);
  return ra_buf_take(&b, NULL);
}

/* --- every fixture on disk ------------------------------------------------ */

START_TEST(test_response__all_fixtures)
{
  char *root = fixture_root();
  char **dirs = NULL;
  size_t count = 0;
  size_t i;
  size_t failed = 0;
  struct ra_error err = RA_ERROR_INIT;
  ck_assert_int_eq(ra_response_fixture_list(root, &dirs, &count, &err), RA_OK);
  ck_assert_uint_ge(count, 30);
  for(i = 0; i < count; i++) {
    struct ra_response_fixture f;
    struct ra_answer a;
    struct ra_buf why;
    ra_code result = ra_response_fixture_load(dirs[i], &f, &err);
    if(result) {
      ra_error_print(&err, stderr);
      failed++;
      continue;
    }
    ck_assert_int_eq(ra_response_fixture_parse(&f, &a), RA_OK);
    ra_buf_init(&why, RA_BUF_UNLIMITED);
    if(ra_response_fixture_check(&f, &a, &why)) {
      fprintf(stderr, "%s:\n%s", f.name, ra_buf_str(&why));
      failed++;
    }
    /* The replayable bytes always carry a correct Content-Length. */
    {
      char num[32];
      const char *cl = ra_headers_get(&f.headers, "Content-Length");
      snprintf(num, sizeof(num), "%zu", f.body_len);
      ck_assert_ptr_nonnull(cl);
      ck_assert_str_eq(cl, num);
      ck_assert_uint_gt(f.wire_len, f.body_len);
      ck_assert(!memcmp(f.wire + f.wire_len - f.body_len, f.body,
                        f.body_len));
    }
    ra_buf_free(&why);
    ra_answer_free(&a);
    ra_response_fixture_free(&f);
  }
  ra_response_fixture_list_free(dirs, count);
  ra_free(root);
  ck_assert_uint_eq(failed, 0);
}
END_TEST

START_TEST(test_response__loader_adds_content_length)
{
  char *dir = fixture_dir("legacy-success-no-content-length");
  struct ra_response_fixture f;
  struct ra_error err = RA_ERROR_INIT;
  ck_assert_int_eq(ra_response_fixture_load(dir, &f, &err), RA_OK);
  ck_assert_int_eq(f.content_length_added, 1);
  ck_assert_ptr_nonnull(strstr(f.wire, "Content-Length: "));
  ck_assert_ptr_nonnull(strstr(f.wire, "\r\n\r\n<?xml"));
  ck_assert_int_eq(f.http_status, 200);
  ck_assert_str_eq(f.reason, "OK");
  ra_response_fixture_free(&f);
  ra_free(dir);
}
END_TEST

/* The comparison must catch a wrong expectation (the suite can fail). */
START_TEST(test_response__check_detects_mismatch)
{
  char *dir = fixture_dir("legacy-operation-bad-claims");
  struct ra_response_fixture f;
  struct ra_answer a;
  struct ra_buf why;
  struct ra_error err = RA_ERROR_INIT;
  ck_assert_int_eq(ra_response_fixture_load(dir, &f, &err), RA_OK);
  ck_assert_int_eq(ra_response_fixture_parse(&f, &a), RA_OK);
  ck_assert_uint_eq(ra_response_fixture_check(&f, &a, NULL), 0);

  ra_buf_init(&why, RA_BUF_UNLIMITED);
  ra_free(f.expect.error_code.value);
  f.expect.error_code.value = ra_strdup("AWS.NotAuthorized");
  f.expect.kind = RA_ANSWER_SUCCESS;
  f.expect.envelope = RA_ENVELOPE_RESULT;
  f.expect.data[1].value[0] = 'X';
  ck_assert_uint_eq(ra_response_fixture_check(&f, &a, &why), 4);
  ck_assert_ptr_nonnull(strstr(ra_buf_str(&why), "error_code: expected"));
  ck_assert_ptr_nonnull(strstr(ra_buf_str(&why), "kind: expected success"));
  ck_assert_ptr_nonnull(strstr(ra_buf_str(&why), "envelope: expected"));
  ck_assert_ptr_nonnull(strstr(ra_buf_str(&why), "data: expected"));

  /* null expected, value present; and a wrong status */
  ra_buf_reset(&why);
  ra_free(f.expect.error_code.value);
  f.expect.error_code.value = NULL;
  f.expect.kind = a.kind;
  f.expect.envelope = a.envelope;
  f.expect.data[1].value[0] = a.data[1].value[0];
  f.http_status = 403;
  ck_assert_uint_eq(ra_response_fixture_check(&f, &a, &why), 2);
  ck_assert_ptr_nonnull(strstr(ra_buf_str(&why), "http_status"));
  ra_buf_free(&why);
  ra_answer_free(&a);
  ra_response_fixture_free(&f);
  ra_free(dir);
}
END_TEST

/* --- loader errors --------------------------------------------------------- */

static char scratch[] = "/tmp/ra-resp-XXXXXX";

static void write_file(const char *dir, const char *name, const char *text)
{
  char path[600];
  FILE *fp;
  snprintf(path, sizeof(path), "%s/%s", dir, name);
  fp = fopen(path, "wb");
  ck_assert_ptr_nonnull(fp);
  fputs(text, fp);
  fclose(fp);
}

static ra_code load_text(const char *http, const char *expect,
                         struct ra_error *err)
{
  struct ra_response_fixture f;
  ra_code result;
  char dir[64];
  snprintf(dir, sizeof(dir), "%s", scratch);
  ck_assert_ptr_nonnull(mkdtemp(dir));
  write_file(dir, "response.http", http);
  write_file(dir, "expect.json", expect);
  ra_error_clear(err); /* errors keep their first cause: each load anew */
  result = ra_response_fixture_load(dir, &f, err);
  ra_response_fixture_free(&f);
  {
    char path[600];
    snprintf(path, sizeof(path), "%s/response.http", dir);
    unlink(path);
    snprintf(path, sizeof(path), "%s/expect.json", dir);
    unlink(path);
    rmdir(dir);
  }
  return result;
}

#define GOOD_EXPECT \
  "{\"profile\":\"json-2017\",\"kind\":\"success\",\"source\":\"inferred: t\"}"

START_TEST(test_response__loader_errors)
{
  struct ra_error err = RA_ERROR_INIT;
  ck_assert_int_eq(load_text("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}",
                             GOOD_EXPECT, &err), RA_OK);
  ck_assert_int_eq(load_text("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n{}",
                             GOOD_EXPECT, &err), RA_E_PARSE);
  ck_assert_ptr_nonnull(strstr(err.text, "Content-Length says 3"));
  ck_assert_int_eq(load_text("HTTP/1.1 200 OK\nContent-Length: 2\n\n{}",
                             GOOD_EXPECT, &err), RA_E_PARSE);
  ck_assert_int_eq(err.line, 1);
  ck_assert_int_eq(load_text("HTTP/1.1 200 OK\r\nX: 1\r\nbad line\r\n\r\n",
                             GOOD_EXPECT, &err), RA_E_PARSE);
  ck_assert_int_eq(err.line, 3);
  ck_assert_int_eq(load_text("HTTP/1.1 2x0 OK\r\n\r\n", GOOD_EXPECT, &err),
                   RA_E_PARSE);
  ck_assert_int_eq(load_text("HTTP/1.1 200 OK\r\n\r\n",
                             "{\"profile\":\"json-2017\",\"kind\":\"success\","
                             "\"source\":\"inferred: t\",\"bogus\":1}", &err),
                   RA_E_PARSE);
  ck_assert_ptr_nonnull(strstr(err.text, "unknown field \"bogus\""));
  ck_assert_int_eq(load_text("HTTP/1.1 200 OK\r\n\r\n",
                             "{\"profile\":\"json-2017\",\"kind\":\"success\","
                             "\"source\":\"heard it somewhere\"}", &err),
                   RA_E_PARSE);
  ck_assert_int_eq(load_text("HTTP/1.1 200 OK\r\n\r\n",
                             "{\"profile\":\"json-2017\",\n\"kind\":}", &err),
                   RA_E_PARSE);
  ck_assert_int_eq(err.line, 2);
}
END_TEST

/* --- hostile bodies -------------------------------------------------------- */

static void expect_kind(struct ra_answer *a, ra_answer_kind kind,
                        const char *detail_part)
{
  ck_assert_msg(a->kind == kind, "kind %s, detail %s",
                ra_answer_kind_name(a->kind), a->detail ? a->detail : "-");
  if(detail_part) {
    ck_assert_ptr_nonnull(a->detail);
    ck_assert_msg(strstr(a->detail, detail_part) != NULL, "detail \"%s\"",
                  a->detail);
  }
}

START_TEST(test_response__billion_laughs)
{
  struct ra_buf b;
  struct ra_answer a;
  int i;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_puts(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"
              "<!ENTITY lol0 \"lol\">\n");
  for(i = 1; i <= 9; i++)
    ra_buf_putf(&b, "<!ENTITY lol%d \"&lol%d;&lol%d;&lol%d;&lol%d;&lol%d;"
                "&lol%d;&lol%d;&lol%d;&lol%d;&lol%d;\">\n", i, i - 1, i - 1,
                i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
  ra_buf_puts(&b, "]>\n<RejectAssignmentResponse><OperationRequest>"
              "<RequestId>&lol9;</RequestId></OperationRequest>"
              "<RejectAssignmentResult/></RejectAssignmentResponse>");
  ck_assert_int_eq(ra_response_parse_legacy(&a, 200, "text/xml",
                                            ra_buf_str(&b), b.len), RA_OK);
  expect_kind(&a, RA_ANSWER_MALFORMED, "document type declaration");
  ck_assert_ptr_null(a.request_id);
  ra_answer_free(&a);

  /* An external entity must not be fetched or read either. */
  ra_buf_reset(&b);
  ra_buf_puts(&b, "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM "
              "\"file:///etc/passwd\">]><Response><Errors><Error><Code>&x;"
              "</Code></Error></Errors></Response>");
  ra_response_parse_legacy(&a, 403, NULL, ra_buf_str(&b), b.len);
  expect_kind(&a, RA_ANSWER_MALFORMED, "document type declaration");
  ck_assert_ptr_null(a.error_code);
  ra_answer_free(&a);
  ra_buf_free(&b);
}
END_TEST

#define DEEP 100000

START_TEST(test_response__deep_nesting)
{
  struct ra_buf b;
  struct ra_answer a;
  int i;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_puts(&b, "<RejectAssignmentResponse>");
  for(i = 0; i < DEEP; i++)
    ra_buf_puts(&b, "<a>");
  for(i = 0; i < DEEP; i++)
    ra_buf_puts(&b, "</a>");
  ra_buf_puts(&b, "</RejectAssignmentResponse>");
  ra_response_parse_legacy(&a, 200, NULL, ra_buf_str(&b), b.len);
  expect_kind(&a, RA_ANSWER_MALFORMED, "not well-formed");
  ra_answer_free(&a);

  ra_buf_reset(&b);
  for(i = 0; i < DEEP; i++)
    ra_buf_puts(&b, "[");
  for(i = 0; i < DEEP; i++)
    ra_buf_puts(&b, "]");
  ra_response_parse_json(&a, 200, NULL, NULL, ra_buf_str(&b), b.len);
  expect_kind(&a, RA_ANSWER_MALFORMED, "not json");
  ra_answer_free(&a);

  ra_buf_reset(&b);
  for(i = 0; i < DEEP; i++)
    ra_buf_puts(&b, "{\"a\":");
  ra_buf_puts(&b, "1");
  for(i = 0; i < DEEP; i++)
    ra_buf_puts(&b, "}");
  ra_response_parse_json(&a, 400, "RequestError", NULL, ra_buf_str(&b),
                         b.len);
  expect_kind(&a, RA_ANSWER_ERROR, "not json");
  ck_assert_str_eq(a.error_type, "RequestError");
  ra_answer_free(&a);
  ra_buf_free(&b);
}
END_TEST

START_TEST(test_response__too_large)
{
  size_t len = 5u * 1024u * 1024u;
  char *body = ra_malloc(len);
  struct ra_answer a;
  memset(body, ' ', len);
  memcpy(body, "{\"__type\":\"RequestError\"}", 25);
  ra_response_parse_json(&a, 400, NULL, NULL, body, len);
  expect_kind(&a, RA_ANSWER_MALFORMED, "body too large");
  ck_assert_int_eq(a.http_status, 400);
  ra_answer_free(&a);
  ra_response_parse_legacy(&a, 200, NULL, body, len);
  expect_kind(&a, RA_ANSWER_MALFORMED, "body too large");
  ra_answer_free(&a);
  /* just under the limit is parsed */
  ra_response_parse_json(&a, 400, NULL, NULL, body, RA_RESPONSE_MAX_BODY);
  expect_kind(&a, RA_ANSWER_ERROR, NULL);
  ck_assert_str_eq(a.error_type, "RequestError");
  ra_answer_free(&a);
  ra_free(body);
}
END_TEST

START_TEST(test_response__bad_bytes)
{
  static const char bad_utf8[] =
    "<?xml version=\"1.0\"?>\n<Response><Errors><Error><Code>A\xff\xfe</Code>"
    "</Error></Errors></Response>";
  static const char nul_xml[] =
    "<?xml version=\"1.0\"?>\n<Response><Errors><Error><Code>A\0B</Code>"
    "</Error></Errors></Response>";
  static const char nul_json[] = "{\"__type\":\"Req\0uestError\"}";
  static const char esc_nul_json[] =
    "{\"__type\":\"RequestError\",\"Message\":\"a\\u0000b\"}";
  static const char bad_utf8_json[] = "{\"__type\":\"Request\xc3\x28\"}";
  struct ra_answer a;

  ra_response_parse_legacy(&a, 403, NULL, bad_utf8, sizeof(bad_utf8) - 1);
  expect_kind(&a, RA_ANSWER_MALFORMED, "http status 403");
  ck_assert_int_eq(a.http_status, 403);
  ra_answer_free(&a);
  ra_response_parse_legacy(&a, 200, NULL, nul_xml, sizeof(nul_xml) - 1);
  expect_kind(&a, RA_ANSWER_MALFORMED, "not well-formed");
  ra_answer_free(&a);
  ra_response_parse_json(&a, 200, NULL, NULL, nul_json, sizeof(nul_json) - 1);
  expect_kind(&a, RA_ANSWER_MALFORMED, "not json");
  ra_answer_free(&a);
  ra_response_parse_json(&a, 400, NULL, NULL, nul_json, sizeof(nul_json) - 1);
  expect_kind(&a, RA_ANSWER_ERROR, "not json");
  ck_assert_ptr_null(a.error_type);
  ra_answer_free(&a);
  ra_response_parse_json(&a, 400, NULL, NULL, esc_nul_json,
                         sizeof(esc_nul_json) - 1);
  expect_kind(&a, RA_ANSWER_ERROR, NULL);
  ck_assert_str_eq(a.error_type, "RequestError");
  ck_assert_str_eq(a.message, "a");
  ra_answer_free(&a);
  ra_response_parse_json(&a, 400, NULL, NULL, bad_utf8_json,
                         sizeof(bad_utf8_json) - 1);
  expect_kind(&a, RA_ANSWER_ERROR, "not json");
  ra_answer_free(&a);
}
END_TEST

START_TEST(test_response__edge_values)
{
  struct ra_answer a;
  /* NULL body, zero length */
  ra_response_parse_legacy(&a, 200, NULL, NULL, 0);
  expect_kind(&a, RA_ANSWER_MALFORMED, "empty body");
  ra_answer_free(&a);
  ra_response_parse_json(&a, 204, NULL, "rid", NULL, 0);
  expect_kind(&a, RA_ANSWER_SUCCESS, NULL);
  ck_assert_str_eq(a.request_id, "rid");
  ra_answer_free(&a);
  /* 3xx is no answer in json-2017 */
  ra_response_parse_json(&a, 302, NULL, NULL, "", 0);
  expect_kind(&a, RA_ANSWER_MALFORMED, "unexpected http status 302");
  ra_answer_free(&a);
  /* __type cuts */
  ra_response_parse_json(&a, 400, NULL, NULL, "{\"__type\":\"#\"}", 14);
  ck_assert_str_eq(a.error_type, "");
  ra_answer_free(&a);
  ra_response_parse_json(&a, 400, NULL, NULL, "{\"__type\":\"a:b#c\"}", 18);
  ck_assert_str_eq(a.error_type, "a");
  ra_answer_free(&a);
  ra_response_parse_json(&a, 400, "H", NULL, "{\"__type\":7}", 12);
  ck_assert_str_eq(a.error_type, "H");
  ra_answer_free(&a);
  /* a success envelope under 500 is not coherent */
  {
    static const char ok[] = "<RejectAssignmentResponse><RejectAssignmentResult>"
      "<Request><IsValid>True</IsValid></Request></RejectAssignmentResult>"
      "</RejectAssignmentResponse>";
    ra_response_parse_legacy(&a, 500, NULL, ok, sizeof(ok) - 1);
    expect_kind(&a, RA_ANSWER_MALFORMED, "success envelope with http status");
    ra_answer_free(&a);
  }
  /* IsValid with another value */
  {
    static const char odd[] = "<XResponse><XResult><Request><IsValid>maybe"
      "</IsValid></Request></XResult></XResponse>";
    ra_response_parse_legacy(&a, 200, NULL, odd, sizeof(odd) - 1);
    expect_kind(&a, RA_ANSWER_MALFORMED, "neither True nor False");
    ra_answer_free(&a);
  }
  /* unknown profile */
  ck_assert_int_eq(ra_response_parse(&a, "soap", 200, NULL, NULL, NULL, "", 0),
                   RA_E_INVALID);
  expect_kind(&a, RA_ANSWER_MALFORMED, "unknown profile");
  ra_answer_free(&a);
  ck_assert_str_eq(ra_envelope_name(RA_ENVELOPE_FRONT_DOOR), "front_door");
  ck_assert_str_eq(ra_answer_kind_name(RA_ANSWER_ERROR), "error");
}
END_TEST

static Suite *response_suite(void)
{
  Suite *s = suite_create("response");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, test_response__all_fixtures);
  tcase_add_test(tc, test_response__loader_adds_content_length);
  tcase_add_test(tc, test_response__check_detects_mismatch);
  tcase_add_test(tc, test_response__loader_errors);
  tcase_add_test(tc, test_response__billion_laughs);
  tcase_add_test(tc, test_response__deep_nesting);
  tcase_add_test(tc, test_response__too_large);
  tcase_add_test(tc, test_response__bad_bytes);
  tcase_add_test(tc, test_response__edge_values);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(response_suite());
}
