/* Unit tests of client/recorder, the examiner's hook, called directly as a
 * server would call it: request k gets scripted answer k and later ones the
 * last again; a recorded fixture is served as recorded (without the
 * headers the server sets itself), a missing or unusable one as the
 * built-in copy; "pass" leaves the answer to the server; every scripted
 * answer closes the connection; every request is copied whole with when
 * it arrived and was answered; past RA_CC_REQUEST_LIMIT the client is
 * cancelled and recording stops at RA_CC_MAX_RECORDED. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/recorder.h"
#include "core/alloc.h"
#include "response/response.h"
#include "check_run.h"

#define THROTTLED_BODY "{\"__type\":\"ThrottlingException\",\"message\":" \
                       "\"Rate exceeded\"}"

static const char *fixtures(void)
{
  static char dir[1024];
  const char *s = getenv("RACONFORM_SOURCE_DIR");
  snprintf(dir, sizeof(dir), "%s/vectors/responses", s ? s : ".");
  return dir;
}

/* fixture, built-in with a fixture name that does not exist, pass. */
static const struct ra_cc_script script = {
  {{RA_CC_ANSWER_SCRIPT, "json-throttling-400", 400,
    "application/x-amz-json-1.1", "{\"built\":\"in\"}", 0},
   {RA_CC_ANSWER_SCRIPT, "no-such-fixture", 503, "text/html",
    "<html>busy</html>", 5},
   {RA_CC_ANSWER_PASS, NULL, 0, NULL, NULL, 0}},
  3, NULL, NULL
};

/* Calls the hook as the server would; returns its result. */
static int deliver(struct ra_cc_recorder *rec, const char *body, size_t len,
                struct ra_cc_wire_answer *ans)
{
  struct ra_headers h;
  struct ra_wire_request req;
  int r;
  ra_headers_init(&h);
  ra_headers_add(&h, "Host", "127.0.0.1:1");
  ra_headers_add(&h, "X-Amz-Target", "MTurk.RejectAssignment");
  req.method = "POST";
  req.target = "/?a=b";
  req.headers = &h;
  req.body = body;
  req.body_len = len;
  ans->status = 0;
  ra_headers_init(ans->headers);
  ra_buf_reset(ans->body);
  r = ra_cc_recorder_hook(rec, &req, ans);
  ra_headers_free(&h);
  return r;
}

START_TEST(test_recorder__answers_in_script_order)
{
  struct ra_cc_recorder rec;
  struct ra_headers h;
  struct ra_buf body;
  struct ra_cc_wire_answer ans;
  ra_buf_init(&body, RA_BUF_UNLIMITED);
  ra_headers_init(&h);
  ans.headers = &h;
  ans.body = &body;
  ra_response_global_init();
  ra_cc_recorder_init(&rec, &script, fixtures());

  /* 1: the recorded fixture, its Date and Content-Length left to the
   * server, the connection closed */
  ck_assert_int_eq(deliver(&rec, "{}", 2, &ans), 1);
  ck_assert_int_eq(ans.status, 400);
  ck_assert_str_eq(ra_buf_str(&body), THROTTLED_BODY);
  ck_assert_str_eq(ra_headers_get(&h, "Content-Type"),
                   "application/x-amz-json-1.1");
  ck_assert_ptr_nonnull(ra_headers_get(&h, "x-amzn-RequestId"));
  ck_assert_ptr_null(ra_headers_get(&h, "Date"));
  ck_assert_ptr_null(ra_headers_get(&h, "Content-Length"));
  ck_assert_str_eq(ra_headers_get(&h, "Connection"), "close");
  ra_headers_free(&h);

  /* 2: no such fixture: the built-in answer, after its delay */
  ck_assert_int_eq(deliver(&rec, "{}", 2, &ans), 1);
  ck_assert_int_eq(ans.status, 503);
  ck_assert_str_eq(ra_buf_str(&body), "<html>busy</html>");
  ck_assert_str_eq(ra_headers_get(&h, "Content-Type"), "text/html");
  ck_assert_str_eq(ra_headers_get(&h, "Connection"), "close");
  ra_headers_free(&h);

  /* 3 and later: the server answers */
  ck_assert_int_eq(deliver(&rec, "{}", 2, &ans), 0);
  ck_assert_int_eq(ans.status, 0);
  ck_assert_uint_eq(body.len, 0);
  ra_headers_free(&h);
  ck_assert_int_eq(deliver(&rec, "{}", 2, &ans), 0);
  ra_headers_free(&h);

  ck_assert_uint_eq(rec.seen, 4);
  ck_assert_uint_eq(rec.count, 4);
  ck_assert_int_eq(rec.cancel, 0);
  /* the delayed answer was let go at least its delay after it arrived */
  ck_assert_int_ge(rec.reqs[1].answered_ms - rec.reqs[1].arrived_ms, 5);
  ck_assert_int_ge(rec.reqs[2].arrived_ms, rec.reqs[1].answered_ms);
  ra_cc_recorder_free(&rec);
  ra_buf_free(&body);
}
END_TEST

START_TEST(test_recorder__requests_copied_whole)
{
  struct ra_cc_recorder rec;
  struct ra_headers h;
  struct ra_buf body;
  struct ra_cc_wire_answer ans;
  const char raw[] = "a\0b";
  ra_buf_init(&body, RA_BUF_UNLIMITED);
  ra_headers_init(&h);
  ans.headers = &h;
  ans.body = &body;
  ra_cc_recorder_init(&rec, &script, fixtures());
  deliver(&rec, raw, 3, &ans);
  ra_headers_free(&h);
  ck_assert_uint_eq(rec.count, 1);
  ck_assert_str_eq(rec.reqs[0].method, "POST");
  ck_assert_str_eq(rec.reqs[0].target, "/?a=b");
  ck_assert_str_eq(ra_headers_get(&rec.reqs[0].headers, "Host"),
                   "127.0.0.1:1");
  ck_assert_str_eq(ra_headers_get(&rec.reqs[0].headers, "X-Amz-Target"),
                   "MTurk.RejectAssignment");
  ck_assert_uint_eq(rec.reqs[0].body_len, 3);
  ck_assert_int_eq(memcmp(rec.reqs[0].body, raw, 4), 0); /* NUL-ended */
  ck_assert_int_gt(rec.reqs[0].arrived_ms, 0);
  ck_assert_int_ge(rec.reqs[0].answered_ms, rec.reqs[0].arrived_ms);
  ra_cc_recorder_free(&rec);
  ra_buf_free(&body);
}
END_TEST

START_TEST(test_recorder__a_loop_is_cancelled)
{
  static const struct ra_cc_script pass = {
    {{RA_CC_ANSWER_PASS, NULL, 0, NULL, NULL, 0}}, 1, NULL, NULL};
  struct ra_cc_recorder rec;
  struct ra_headers h;
  struct ra_buf body;
  struct ra_cc_wire_answer ans;
  size_t i;
  ra_buf_init(&body, RA_BUF_UNLIMITED);
  ra_headers_init(&h);
  ans.headers = &h;
  ans.body = &body;
  ra_cc_recorder_init(&rec, &pass, fixtures());
  for(i = 0; i < RA_CC_REQUEST_LIMIT; i++) {
    deliver(&rec, "{}", 2, &ans);
    ra_headers_free(&h);
  }
  ck_assert_int_eq(rec.cancel, 0);
  deliver(&rec, "{}", 2, &ans);
  ra_headers_free(&h);
  ck_assert_int_eq(rec.cancel, 1);
  for(i = 0; i < 20; i++) {
    deliver(&rec, "{}", 2, &ans);
    ra_headers_free(&h);
  }
  ck_assert_uint_eq(rec.seen, RA_CC_REQUEST_LIMIT + 21);
  ck_assert_uint_eq(rec.count, RA_CC_MAX_RECORDED);
  ra_cc_recorder_free(&rec);
  ra_buf_free(&body);
}
END_TEST

START_TEST(test_recorder__describe)
{
  struct ra_cc_recorder rec;
  struct ra_buf out;
  ra_buf_init(&out, RA_BUF_UNLIMITED);
  ra_cc_recorder_init(&rec, &script, fixtures());
  ra_cc_recorder_describe(&out, &rec);
  ck_assert_str_eq(ra_buf_str(&out), "1: fixture json-throttling-400 (HTTP "
                   "400), 2: built-in no-such-fixture (HTTP 503) after 5 ms, "
                   "3: the reference server's own answer; later requests "
                   "get the last answer again");
  ra_cc_recorder_free(&rec);
  ra_buf_free(&out);
}
END_TEST

/* A fixture directory that exists but cannot be loaded: the built-in copy
 * is served (and said so). */
START_TEST(test_recorder__unusable_fixture_falls_back)
{
  char dir[] = "/tmp/ra-recorder-XXXXXX";
  char path[256];
  struct ra_cc_recorder rec;
  struct ra_buf out;
  FILE *f;
  ck_assert_ptr_nonnull(mkdtemp(dir));
  snprintf(path, sizeof(path), "%s/json-throttling-400", dir);
  ck_assert_int_eq(mkdir(path, 0700), 0);
  snprintf(path, sizeof(path), "%s/json-throttling-400/response.http", dir);
  f = fopen(path, "w");
  ck_assert_ptr_nonnull(f);
  fputs("not an HTTP answer", f);
  fclose(f);
  ra_buf_init(&out, RA_BUF_UNLIMITED);
  ra_cc_recorder_init(&rec, &script, dir);
  ck_assert_int_eq(rec.answers[0].from_fixture, 0);
  ra_cc_recorder_describe(&out, &rec);
  ck_assert_ptr_nonnull(strstr(ra_buf_str(&out), "1: built-in "
                               "json-throttling-400 (HTTP 400)"));
  ra_cc_recorder_free(&rec);
  ra_buf_free(&out);
  unlink(path);
  snprintf(path, sizeof(path), "%s/json-throttling-400", dir);
  rmdir(path);
  rmdir(dir);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("recorder");
  TCase *tc = tcase_create("recorder");
  tcase_add_test(tc, test_recorder__answers_in_script_order);
  tcase_add_test(tc, test_recorder__requests_copied_whole);
  tcase_add_test(tc, test_recorder__a_loop_is_cancelled);
  tcase_add_test(tc, test_recorder__describe);
  tcase_add_test(tc, test_recorder__unusable_fixture_falls_back);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
