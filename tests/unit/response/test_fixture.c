/* Unit tests of response/fixture, the loader of vectors/responses/<name>/:
 * header parsing (trimming, order, HTTP/1.0, refusals with line:column),
 * expect.json fields (null, is_valid, data), what a failed load leaves,
 * listing, check() counting each mismatch, and every bad fixture of
 * tests/data/responses-bad/ refused at its exact file:line:column. (tests/unit/response/
 * test_response.c replays every checked-in fixture through the parsers.) */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "response/fixture.h"
#include "check_run.h"

static char dir[64];

static void setup(void)
{
  snprintf(dir, sizeof(dir), "/tmp/ra-fixture-XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  ck_assert_int_eq(system(cmd), 0);
}

static void put(const char *name, const char *text)
{
  char path[256];
  FILE *f;
  snprintf(path, sizeof(path), "%s/%s", dir, name);
  f = fopen(path, "wb");
  ck_assert_ptr_nonnull(f);
  fputs(text, f);
  fclose(f);
}

#define EXPECT_OK \
  "{\"profile\":\"legacy-2014\",\"kind\":\"error\",\"source\":\"doc: t\"}"

static ra_code load(const char *http, const char *expect,
                    struct ra_response_fixture *f, struct ra_error *err)
{
  put("response.http", http);
  put("expect.json", expect);
  ra_error_clear(err);
  return ra_response_fixture_load(dir, f, err);
}

START_TEST(test_fixture__headers_and_body)
{
  struct ra_response_fixture f;
  struct ra_error err = RA_ERROR_INIT;
  ck_assert_int_eq(load("HTTP/1.0 503 Service Unavailable\r\n"
                        "X-A:  padded \t\r\n"
                        "x-amzn-RequestId: rid-1\r\n"
                        "Content-Length: 4\r\n"
                        "\r\n"
                        "a\r\nb", EXPECT_OK, &f, &err), RA_OK);
  ck_assert_int_eq(f.http_status, 503);
  ck_assert_str_eq(f.reason, "Service Unavailable");
  ck_assert_uint_eq(f.headers.count, 3);
  ck_assert_str_eq(f.headers.items[0].name, "X-A");
  ck_assert_str_eq(f.headers.items[0].value, "padded");
  ck_assert_str_eq(ra_headers_get(&f.headers, "X-AMZN-REQUESTID"), "rid-1");
  ck_assert_uint_eq(f.body_len, 4);
  ck_assert_int_eq(memcmp(f.body, "a\r\nb", 5), 0); /* and a NUL */
  ck_assert_int_eq(f.content_length_added, 0);
  ck_assert_uint_eq(f.wire_len, strlen(
    "HTTP/1.0 503 Service Unavailable\r\nX-A:  padded \t\r\n"
    "x-amzn-RequestId: rid-1\r\nContent-Length: 4\r\n\r\na\r\nb"));
  ck_assert_str_eq(f.profile, "legacy-2014");
  ck_assert_int_eq(f.expect.kind, RA_ANSWER_ERROR);
  ck_assert_int_eq(f.expect.error_code.checked, 0);
  ck_assert_int_eq(f.expect.envelope_checked, 0);
  ck_assert_str_eq(f.name, dir + 5); /* base name of "/tmp/..." */
  ra_response_fixture_free(&f);
}
END_TEST

START_TEST(test_fixture__content_length_inserted_after_headers)
{
  struct ra_response_fixture f;
  struct ra_error err = RA_ERROR_INIT;
  ck_assert_int_eq(load("HTTP/1.1 200\r\nA: 1\r\n\r\nxyz", EXPECT_OK, &f,
                        &err), RA_OK);
  ck_assert_int_eq(f.content_length_added, 1);
  ck_assert_str_eq(f.reason, "");
  ck_assert_str_eq(f.wire,
                   "HTTP/1.1 200\r\nA: 1\r\nContent-Length: 3\r\n\r\nxyz");
  ck_assert_uint_eq(f.wire_len, strlen(f.wire));
  ck_assert_str_eq(ra_headers_get(&f.headers, "Content-Length"), "3");
  ra_response_fixture_free(&f);
}
END_TEST

static void http_bad(const char *http, int line, int column,
                     const char *text)
{
  struct ra_response_fixture f;
  struct ra_error err = RA_ERROR_INIT;
  char path[256];
  ck_assert_int_eq(load(http, EXPECT_OK, &f, &err), RA_E_PARSE);
  snprintf(path, sizeof(path), "%s/response.http", dir);
  ck_assert_str_eq(err.source, path);
  ck_assert_msg(strstr(err.text, text) != NULL, "text '%s'", err.text);
  if(line) {
    ck_assert_int_eq(err.line, line);
    ck_assert_int_eq(err.column, column);
  }
  /* a failed load leaves the fixture freed and initialised */
  ck_assert_ptr_null(f.name);
  ck_assert_ptr_null(f.wire);
  ck_assert_uint_eq(f.headers.count, 0);
  ra_response_fixture_free(&f);
}

START_TEST(test_fixture__http_refusals)
{
  http_bad("HTTP/2 200 OK\r\n\r\n", 1, 1, "must start with");
  http_bad("HTTP/1.1 099 X\r\n\r\n", 1, 10, "three digits");
  http_bad("HTTP/1.1 200 OK\r\nA: 1", 2, 1, "not ended by an empty line");
  http_bad("HTTP/1.1 200 OK\r\nA: 1\n\r\n", 2, 5, "must end in CRLF");
  http_bad("HTTP/1.1 200 OK\r\nA: 1\r\n folded\r\n\r\n", 3, 1, "folded");
  http_bad("HTTP/1.1 200 OK\r\n: v\r\n\r\n", 2, 1, "without \"name:\"");
  http_bad("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", 0, 0,
           "Transfer-Encoding");
  http_bad("HTTP/1.1 200 OK\r\nContent-Length: 0\r\ncontent-length: 0\r\n"
           "\r\n", 0, 0, "more than one Content-Length");
  http_bad("HTTP/1.1 200 OK\r\nContent-Length: +0\r\n\r\n", 0, 0,
           "not a number");
}
END_TEST

START_TEST(test_fixture__expect_fields)
{
  struct ra_response_fixture f;
  struct ra_error err = RA_ERROR_INIT;
  ck_assert_int_eq(load("HTTP/1.1 200 OK\r\n\r\n",
                        "{\"profile\":\"legacy-2014\",\"kind\":\"success\","
                        "\"source\":\"observed: x\",\"envelope\":\"result\","
                        "\"error_code\":null,\"request_id\":\"r\","
                        "\"is_valid\":null,\"note\":\"free text\","
                        "\"data\":[[\"k1\",\"v1\"],[\"k2\",\"\"]]}",
                        &f, &err), RA_OK);
  ck_assert_int_eq(f.expect.kind, RA_ANSWER_SUCCESS);
  ck_assert_int_eq(f.expect.envelope_checked, 1);
  ck_assert_int_eq(f.expect.envelope, RA_ENVELOPE_RESULT);
  ck_assert_int_eq(f.expect.error_code.checked, 1);
  ck_assert_ptr_null(f.expect.error_code.value);
  ck_assert_str_eq(f.expect.request_id.value, "r");
  ck_assert_int_eq(f.expect.is_valid_checked, 1);
  ck_assert_int_eq(f.expect.is_valid, -1);
  ck_assert_uint_eq(f.expect.data_count, 2);
  ck_assert_str_eq(f.expect.data[1].key, "k2");
  ck_assert_str_eq(f.expect.data[1].value, "");
  ra_response_fixture_free(&f);

  ck_assert_int_eq(load("HTTP/1.1 200 OK\r\n\r\n",
                        "{\"profile\":\"legacy-2014\",\"kind\":\"success\"}",
                        &f, &err), RA_E_PARSE);
  ck_assert_ptr_nonnull(strstr(err.text, "are required"));
  ck_assert_int_eq(load("HTTP/1.1 200 OK\r\n\r\n",
                        "{\"profile\":\"x\",\"kind\":\"success\","
                        "\"source\":\"doc: t\"}", &f, &err), RA_E_PARSE);
  ck_assert_ptr_nonnull(strstr(err.text, "unknown profile"));
  ck_assert_int_eq(load("HTTP/1.1 200 OK\r\n\r\n",
                        "{\"profile\":\"json-2017\",\"kind\":\"fine\","
                        "\"source\":\"doc: t\"}", &f, &err), RA_E_PARSE);
  ck_assert_ptr_nonnull(strstr(err.text, "unknown kind"));
  ck_assert_int_eq(load("HTTP/1.1 200 OK\r\n\r\n",
                        "{\"profile\":\"json-2017\",\"kind\":\"error\","
                        "\"source\":\"doc: t\",\"data\":[[\"k\",1]]}", &f,
                        &err), RA_E_PARSE);
  ck_assert_ptr_nonnull(strstr(err.text, "\"data\"[0]"));
  ck_assert_int_eq(load("HTTP/1.1 200 OK\r\n\r\n",
                        "{\"profile\":\"json-2017\",\"kind\":\"error\","
                        "\"source\":\"doc: t\",\"is_valid\":\"yes\"}", &f,
                        &err), RA_E_PARSE);
  ck_assert_int_eq(load("HTTP/1.1 200 OK\r\n\r\n", "[]", &f, &err),
                   RA_E_PARSE);
  ck_assert_int_eq(err.line, 1);
}
END_TEST

START_TEST(test_fixture__missing_files)
{
  struct ra_response_fixture f;
  struct ra_error err = RA_ERROR_INIT;
  ra_error_clear(&err);
  ck_assert_int_eq(ra_response_fixture_load(dir, &f, &err), RA_E_NOT_FOUND);
  ck_assert_ptr_nonnull(strstr(err.source, "response.http"));
  put("response.http", "HTTP/1.1 200 OK\r\n\r\n");
  ra_error_clear(&err);
  ck_assert_int_ne(ra_response_fixture_load(dir, &f, &err), RA_OK);
  ck_assert_ptr_nonnull(strstr(err.source, "expect.json"));
}
END_TEST

START_TEST(test_fixture__list_sorted)
{
  char **dirs = NULL;
  size_t n = 0, i;
  struct ra_error err = RA_ERROR_INIT;
  char sub[128];
  const char *names[] = {"zeta", "alpha", "mid"};
  for(i = 0; i < 3; i++) {
    FILE *f;
    snprintf(sub, sizeof(sub), "%s/%s", dir, names[i]);
    ck_assert_int_eq(mkdir(sub, 0755), 0);
    snprintf(sub, sizeof(sub), "%s/%s/response.http", dir, names[i]);
    f = fopen(sub, "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);
  }
  snprintf(sub, sizeof(sub), "%s/empty-dir", dir); /* no response.http */
  ck_assert_int_eq(mkdir(sub, 0755), 0);
  ck_assert_int_eq(ra_response_fixture_list(dir, &dirs, &n, &err), RA_OK);
  ck_assert_uint_eq(n, 3);
  snprintf(sub, sizeof(sub), "%s/alpha", dir);
  ck_assert_str_eq(dirs[0], sub);
  snprintf(sub, sizeof(sub), "%s/zeta", dir);
  ck_assert_str_eq(dirs[2], sub);
  ra_response_fixture_list_free(dirs, n);
  ck_assert_int_ne(ra_response_fixture_list("/nonexistent-ra", &dirs, &n,
                                            &err), RA_OK);
}
END_TEST

START_TEST(test_fixture__check_counts_mismatches)
{
  struct ra_response_fixture f;
  struct ra_error err = RA_ERROR_INIT;
  struct ra_answer a;
  struct ra_buf why;
  ck_assert_int_eq(load("HTTP/1.1 400 Bad Request\r\n"
                        "Content-Type: application/x-amz-json-1.1\r\n\r\n"
                        "{\"__type\":\"com.amazonaws#RequestError\","
                        "\"Message\":\"Bad thing\",\"TurkErrorCode\":\"E1\"}",
                        "{\"profile\":\"json-2017\",\"kind\":\"error\","
                        "\"source\":\"doc: t\",\"error_type\":\"RequestError\","
                        "\"error_code\":\"E1\",\"message_prefix\":\"Bad\"}",
                        &f, &err), RA_OK);
  ck_assert_int_eq(ra_response_fixture_parse(&f, &a), RA_OK);
  ck_assert_uint_eq(ra_response_fixture_check(&f, &a, NULL), 0);
  ra_free(f.expect.message_prefix.value);
  f.expect.message_prefix.value = ra_strdup("Good");
  f.http_status = 500;
  ra_buf_init(&why, RA_BUF_UNLIMITED);
  ck_assert_uint_eq(ra_response_fixture_check(&f, &a, &why), 2);
  ck_assert_ptr_nonnull(strstr(ra_buf_str(&why), "http_status: expected 500"));
  ck_assert_ptr_nonnull(strstr(ra_buf_str(&why), "expected prefix \"Good\""));
  ra_buf_free(&why);
  ra_answer_free(&a);
  ra_response_fixture_free(&f);
}
END_TEST

/* tests/data/responses-bad/<name>/expected.txt holds "<file>:line:column:
 * text" with file expect.json or response.http: the whole formatted error
 * is compared, so a wrong position fails. */
START_TEST(test_fixture__bad_fixtures_report_exact_positions)
{
  const char *src = getenv("RACONFORM_SOURCE_DIR");
  char root[512], folder[1024], want[1024], got[1200], path[2100];
  struct dirent *de;
  DIR *d;
  int seen = 0;
  snprintf(root, sizeof(root), "%s/tests/data/responses-bad",
           src ? src : ".");
  d = opendir(root);
  ck_assert_ptr_nonnull(d);
  while((de = readdir(d))) {
    struct ra_response_fixture f;
    struct ra_error err = RA_ERROR_INIT;
    FILE *fp;
    size_t n;
    if(de->d_name[0] == '.')
      continue;
    snprintf(folder, sizeof(folder), "%s/%s", root, de->d_name);
    snprintf(path, sizeof(path), "%s/expected.txt", folder);
    fp = fopen(path, "r");
    ck_assert_msg(fp != NULL, "%s is missing", path);
    n = fread(want, 1, sizeof(want) - 1, fp);
    fclose(fp);
    while(n && (want[n - 1] == '\n' || want[n - 1] == '\r'))
      n--;
    want[n] = '\0';
    ra_error_clear(&err);
    ck_assert_int_eq(ra_response_fixture_load(folder, &f, &err), RA_E_PARSE);
    ra_error_format(&err, got, sizeof(got));
    snprintf(path, sizeof(path), "%s/%s", folder, want);
    ck_assert_str_eq(got, path);
    seen++;
  }
  closedir(d);
  ck_assert_int_ge(seen, 8);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("fixture");
  TCase *tc = tcase_create("fixture");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_fixture__headers_and_body);
  tcase_add_test(tc, test_fixture__content_length_inserted_after_headers);
  tcase_add_test(tc, test_fixture__http_refusals);
  tcase_add_test(tc, test_fixture__expect_fields);
  tcase_add_test(tc, test_fixture__missing_files);
  tcase_add_test(tc, test_fixture__list_sorted);
  tcase_add_test(tc, test_fixture__check_counts_mismatches);
  tcase_add_test(tc, test_fixture__bad_fixtures_report_exact_positions);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
