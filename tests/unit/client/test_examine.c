/* Unit tests of client/judge: requests built and signed by proto/request
 * (known good), then broken one way at a time; each break must fail the
 * right check with the right words, and nothing else. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/examine.h"
#include "core/alloc.h"
#include "proto/request.h"
#include "proto/header.h"
#include "proto/signer.h"
#include "proto/urlenc.h"
#include "proto/utf8.h"
#include "check_run.h"

#define AKID "AKIDEXAMPLE"
#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define AID "3EXAMPLEASSIGNMENTID"
#define FEEDBACK "Caf\xc3\xa9 \xf0\x9f\x98\x80 e\xcc\x81 a+b&c=d%20"

static void from_http(struct ra_cc_request *out,
                      const struct ra_http_request *r)
{
  size_t i;
  ra_cc_request_init(out);
  out->method = ra_strdup(r->method);
  out->target = ra_strdup(r->target);
  if(!ra_headers_get(&r->headers, "Host"))
    ra_headers_add(&out->headers, "Host", r->host);
  for(i = 0; i < r->headers.count; i++)
    ra_headers_add(&out->headers, r->headers.items[i].name,
                   r->headers.items[i].value);
  ra_headers_add(&out->headers, "User-Agent", "unit-test/1.0");
  out->body = ra_memdup0(r->body ? r->body : "", r->body_len);
  out->body_len = r->body_len;
}

static void build_json(struct ra_cc_request *out, const char *feedback,
                       ra_json_escape esc, const char *secret)
{
  struct ra_http_request r;
  struct ra_params p;
  struct ra_json_opts o;
  ra_http_request_init(&r);
  ra_params_init(&p);
  ra_params_adds(&p, "AssignmentId", AID);
  ra_params_adds(&p, "RequesterFeedback", feedback);
  memset(&o, 0, sizeof(o));
  o.endpoint = "http://127.0.0.1:8080/";
  o.access_key_id = AKID;
  o.secret = secret;
  o.amz_date = "20150830T123600Z";
  o.operation = "RejectAssignment";
  o.escape = esc;
  o.params = &p;
  ck_assert_int_eq(ra_request_build_json(&r, &o), RA_OK);
  from_http(out, &r);
  ra_params_free(&p);
  ra_http_request_free(&r);
}

static void build_legacy(struct ra_cc_request *out, ra_legacy_sig sig,
                         int use_post)
{
  struct ra_http_request r;
  struct ra_params p;
  struct ra_legacy_opts o;
  ra_http_request_init(&r);
  ra_params_init(&p);
  ra_params_adds(&p, "AssignmentId", AID);
  ra_params_adds(&p, "RequesterFeedback", FEEDBACK);
  memset(&o, 0, sizeof(o));
  o.endpoint = "http://127.0.0.1:8080/";
  o.access_key_id = AKID;
  o.secret = SECRET;
  o.timestamp = "2015-08-30T12:36:00Z";
  o.operation = "RejectAssignment";
  o.version = "2014-08-15";
  o.use_post = use_post;
  o.sig = sig;
  o.params = &p;
  ck_assert_int_eq(ra_request_build_legacy(&r, &o), RA_OK);
  from_http(out, &r);
  ra_params_free(&p);
  ra_http_request_free(&r);
}

static void input(struct ra_examine_input *in, ra_profile profile)
{
  memset(in, 0, sizeof(*in));
  in->profile = profile;
  in->access_key_id = AKID;
  in->secret = SECRET;
  in->assignment_id = AID;
  in->feedback = FEEDBACK;
  in->feedback_len = strlen(FEEDBACK);
  in->now_ms = 0; /* fixed-date vectors: no skew check */
}

/* Judges and returns the reasons of one check (new string); asserts that
 * exactly `want_failed` checks failed. With weak, the NON-STRICT reasons
 * of that check instead. */
static char *judge_as(const struct ra_cc_request *req,
                      const struct ra_examine_input *in, ra_examine_check c,
                      size_t want_failed, int weak)
{
  struct ra_examine_result res;
  size_t i, failed;
  char *out;
  ra_examine_result_init(&res);
  failed = ra_examine_request(req, in, &res);
  for(i = 0; i < RA_EXAMINE_COUNT; i++) {
    if(res.why[i].len)
      fprintf(stderr, "  %s: %s\n", ra_examine_check_name((ra_examine_check)i),
              ra_buf_str(&res.why[i]));
  }
  ck_assert_uint_eq(failed, want_failed);
  out = ra_strdup(ra_buf_str(weak ? &res.weak[c] : &res.why[c]));
  ra_examine_result_free(&res);
  return out;
}

static char *judge(const struct ra_cc_request *req,
                   const struct ra_examine_input *in, ra_examine_check c,
                   size_t want_failed)
{
  return judge_as(req, in, c, want_failed, 0);
}

/* The info remark of one check (new string). */
static char *info(const struct ra_cc_request *req,
                  const struct ra_examine_input *in, ra_examine_check c)
{
  struct ra_examine_result res;
  char *out;
  ra_examine_result_init(&res);
  ra_examine_request(req, in, &res);
  out = ra_strdup(ra_buf_str(&res.info[c]));
  ra_examine_result_free(&res);
  return out;
}

START_TEST(test_examine__json_good_both_escapes)
{
  struct ra_cc_request req;
  struct ra_examine_input in;
  char *why;
  input(&in, RA_PROFILE_JSON);
  build_json(&req, FEEDBACK, RA_JSON_ESCAPE_ASCII, SECRET);
  why = judge(&req, &in, RA_EXAMINE_SIGNATURE, 0);
  ra_free(why);
  ra_cc_request_free(&req);
  build_json(&req, FEEDBACK, RA_JSON_ESCAPE_UTF8, SECRET);
  why = judge(&req, &in, RA_EXAMINE_SIGNATURE, 0);
  ra_free(why);
  ra_cc_request_free(&req);
}
END_TEST

START_TEST(test_examine__json_wrong_secret)
{
  struct ra_cc_request req;
  struct ra_examine_input in;
  char *why;
  input(&in, RA_PROFILE_JSON);
  build_json(&req, FEEDBACK, RA_JSON_ESCAPE_ASCII, "not-the-secret");
  why = judge(&req, &in, RA_EXAMINE_SIGNATURE, 1);
  ck_assert_ptr_nonnull(strstr(why, "signature does not match"));
  ra_free(why);
  ra_cc_request_free(&req);
}
END_TEST

START_TEST(test_examine__json_body_changed_after_signing)
{
  struct ra_cc_request req;
  struct ra_examine_input in;
  char *why;
  input(&in, RA_PROFILE_JSON);
  build_json(&req, FEEDBACK, RA_JSON_ESCAPE_ASCII, SECRET);
  /* Same feedback, other escape form: the body changed, the signature
   * did not. */
  {
    struct ra_cc_request other;
    build_json(&other, FEEDBACK, RA_JSON_ESCAPE_UTF8, SECRET);
    ra_free(req.body);
    req.body = ra_memdup0(other.body, other.body_len);
    req.body_len = other.body_len;
    ra_cc_request_free(&other);
  }
  why = judge(&req, &in, RA_EXAMINE_SIGNATURE, 1);
  ck_assert_ptr_nonnull(strstr(why, "signature does not match"));
  ra_free(why);
  ra_cc_request_free(&req);
}
END_TEST

START_TEST(test_examine__json_feedback_mojibake_and_truncation)
{
  struct ra_cc_request req;
  struct ra_examine_input in;
  struct ra_buf mangled;
  size_t i;
  char *why;
  input(&in, RA_PROFILE_JSON);
  ra_buf_init(&mangled, RA_BUF_UNLIMITED);
  for(i = 0; i < strlen(FEEDBACK); i++)
    ck_assert_int_eq(ra_utf8_append(&mangled, (unsigned char)FEEDBACK[i]),
                     RA_OK);
  build_json(&req, ra_buf_str(&mangled), RA_JSON_ESCAPE_UTF8, SECRET);
  why = judge(&req, &in, RA_EXAMINE_FEEDBACK, 1);
  ck_assert_ptr_nonnull(strstr(why, "double-encoded"));
  ra_free(why);
  ra_cc_request_free(&req);
  ra_buf_free(&mangled);

  build_json(&req, "Caf\xc3\xa9", RA_JSON_ESCAPE_ASCII, SECRET);
  why = judge(&req, &in, RA_EXAMINE_FEEDBACK, 1);
  ck_assert_ptr_nonnull(strstr(why, "silently truncated: 5 of"));
  ra_free(why);
  ra_cc_request_free(&req);
}
END_TEST

START_TEST(test_examine__json_headers_ua_and_leaks)
{
  struct ra_cc_request req;
  struct ra_examine_input in;
  char *why;
  input(&in, RA_PROFILE_JSON);
  build_json(&req, FEEDBACK, RA_JSON_ESCAPE_ASCII, SECRET);
  /* Unsigned header changes: the signature still holds. */
  ra_headers_set(&req.headers, "User-Agent", "bad\x01ua");
  ra_headers_add(&req.headers, "X-Debug", SECRET);
  why = judge(&req, &in, RA_EXAMINE_CREDENTIALS, 2);
  ck_assert_ptr_nonnull(strstr(why, "appears in header X-Debug"));
  ck_assert_ptr_null(strstr(why, SECRET));
  ra_free(why);
  why = judge(&req, &in, RA_EXAMINE_USER_AGENT, 2);
  ck_assert_ptr_nonnull(strstr(why, "non-printable byte 0x01"));
  ra_free(why);
  ra_headers_remove(&req.headers, "X-Debug");
  ra_headers_remove(&req.headers, "User-Agent");
  /* No User-Agent: weaker (NON-STRICT), not a failure. */
  why = judge_as(&req, &in, RA_EXAMINE_USER_AGENT, 0, 1);
  ck_assert_ptr_nonnull(strstr(why, "no User-Agent header"));
  ra_free(why);
  /* A signed header changed: signature and headers both fail. */
  ra_headers_add(&req.headers, "User-Agent", "ok/1");
  ra_headers_set(&req.headers, "X-Amz-Target",
                 "MTurkRequesterServiceV20170117.ApproveAssignment");
  why = judge(&req, &in, RA_EXAMINE_HEADERS, 2);
  ck_assert_ptr_nonnull(strstr(why, "X-Amz-Target 'MTurkRequesterService"));
  ra_free(why);
  ra_cc_request_free(&req);
}
END_TEST

START_TEST(test_examine__legacy_good_and_bad)
{
  struct ra_cc_request req;
  struct ra_examine_input in;
  char *why;
  input(&in, RA_PROFILE_LEGACY);
  build_legacy(&req, RA_LEGACY_SIG_MTURK, 1);
  why = judge(&req, &in, RA_EXAMINE_SIGNATURE, 0);
  ra_free(why);
  ra_cc_request_free(&req);
  build_legacy(&req, RA_LEGACY_SIG_V1, 0);
  why = judge(&req, &in, RA_EXAMINE_SIGNATURE, 0);
  ra_free(why);
  ra_cc_request_free(&req);

  /* Wrong key in the judge's eyes. */
  build_legacy(&req, RA_LEGACY_SIG_MTURK, 1);
  in.secret = "another secret";
  why = judge(&req, &in, RA_EXAMINE_SIGNATURE, 1);
  ck_assert_ptr_nonnull(strstr(why, "MTurk HMAC-SHA1 signature does not "
                                    "match"));
  ra_free(why);
  ra_cc_request_free(&req);
}
END_TEST

START_TEST(test_examine__json_signed_headers_and_encoding_recorded)
{
  struct ra_cc_request req;
  struct ra_examine_input in;
  char *s;
  input(&in, RA_PROFILE_JSON);
  build_json(&req, FEEDBACK, RA_JSON_ESCAPE_ASCII, SECRET);
  s = info(&req, &in, RA_EXAMINE_SIGNATURE);
  ck_assert_ptr_nonnull(strstr(s, "SigV4, SignedHeaders "));
  ck_assert_ptr_nonnull(strstr(s, "x-amz-target"));
  ra_free(s);
  s = info(&req, &in, RA_EXAMINE_ENCODING);
  ck_assert_ptr_nonnull(strstr(s, "as \\u escapes"));
  ra_free(s);
  s = judge_as(&req, &in, RA_EXAMINE_SIGNATURE, 0, 1);
  ck_assert_str_eq(s, "");
  ra_free(s);
  ra_cc_request_free(&req);
  build_json(&req, FEEDBACK, RA_JSON_ESCAPE_UTF8, SECRET);
  s = info(&req, &in, RA_EXAMINE_ENCODING);
  ck_assert_ptr_nonnull(strstr(s, "as raw UTF-8"));
  ra_free(s);
  ra_cc_request_free(&req);
}
END_TEST

START_TEST(test_examine__legacy_without_service_passes)
{
  /* boto 2 never sent Service and worked for years (notes 1.2): not
   * required. Version is optional too. */
  struct ra_cc_request req;
  struct ra_examine_input in;
  struct ra_params p;
  struct ra_buf body;
  size_t i;
  char *why;
  input(&in, RA_PROFILE_LEGACY);
  build_legacy(&req, RA_LEGACY_SIG_V1, 1);
  ra_params_init(&p);
  ck_assert_int_eq(ra_urlenc_parse_query(&p, req.body, req.body_len,
                                         RA_URLENC_FORM, 100), RA_OK);
  /* Drop Service and Version and sign again with SigV1. */
  {
    struct ra_params kept;
    char sig[RA_SIG_SHA1_B64_SIZE];
    ra_params_init(&kept);
    for(i = 0; i < p.count; i++) {
      if(strcmp(p.items[i].name, "Service") &&
         strcmp(p.items[i].name, "Version") &&
         strcmp(p.items[i].name, "Signature"))
        ra_params_add(&kept, p.items[i].name, p.items[i].value,
                      p.items[i].value_len);
    }
    ck_assert_int_eq(ra_signer_sigv1(sig, SECRET, &kept), RA_OK);
    ra_params_adds(&kept, "Signature", sig);
    ra_buf_init(&body, RA_BUF_UNLIMITED);
    ck_assert_int_eq(ra_urlenc_build_query(&body, &kept), RA_OK);
    ra_params_free(&kept);
  }
  ra_free(req.body);
  req.body = ra_buf_take(&body, &req.body_len);
  why = judge(&req, &in, RA_EXAMINE_HEADERS, 0);
  ra_free(why);
  why = info(&req, &in, RA_EXAMINE_HEADERS);
  ck_assert_str_eq(why, "Service not sent");
  ra_free(why);
  why = info(&req, &in, RA_EXAMINE_SIGNATURE);
  ck_assert_ptr_nonnull(strstr(why, "Signature Version 1"));
  ra_free(why);
  ra_params_free(&p);
  ra_cc_request_free(&req);
}
END_TEST

START_TEST(test_examine__legacy_raw_bytes_and_plus)
{
  struct ra_cc_request req;
  struct ra_examine_input in;
  char *why;
  char *p;
  input(&in, RA_PROFILE_LEGACY);
  in.feedback = "a+b";
  in.feedback_len = 3;
  build_legacy(&req, RA_LEGACY_SIG_MTURK, 1);
  /* Replace the feedback with an unencoded '+', which a form decodes as a
   * space. */
  p = strstr(req.body, "RequesterFeedback=");
  ck_assert_ptr_nonnull(p);
  {
    struct ra_buf b;
    const char *rest = strchr(p, '&');
    ra_buf_init(&b, RA_BUF_UNLIMITED);
    ra_buf_put(&b, req.body, (size_t)(p - req.body));
    ra_buf_puts(&b, "RequesterFeedback=a+b");
    if(rest)
      ra_buf_puts(&b, rest);
    ra_free(req.body);
    req.body = ra_buf_take(&b, &req.body_len);
  }
  why = judge(&req, &in, RA_EXAMINE_FEEDBACK, 1);
  ck_assert_ptr_nonnull(strstr(why, "differs"));
  ra_free(why);
  ra_cc_request_free(&req);
}
END_TEST

START_TEST(test_examine__format_redacts)
{
  struct ra_cc_request req;
  struct ra_buf out;
  build_legacy(&req, RA_LEGACY_SIG_MTURK, 0);
  ra_headers_add(&req.headers, "X-Leak", SECRET);
  ra_buf_init(&out, RA_BUF_UNLIMITED);
  ra_examine_format_request(&out, &req, SECRET, 1024);
  ck_assert_ptr_null(strstr(ra_buf_str(&out), SECRET));
  ck_assert_ptr_nonnull(strstr(ra_buf_str(&out), "Signature=[REDACTED]"));
  ck_assert_ptr_nonnull(strstr(ra_buf_str(&out), "X-Leak: [REDACTED]"));
  ra_buf_free(&out);
  ra_cc_request_free(&req);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("judge");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_examine__json_good_both_escapes);
  tcase_add_test(tc, test_examine__json_wrong_secret);
  tcase_add_test(tc, test_examine__json_body_changed_after_signing);
  tcase_add_test(tc, test_examine__json_feedback_mojibake_and_truncation);
  tcase_add_test(tc, test_examine__json_headers_ua_and_leaks);
  tcase_add_test(tc, test_examine__legacy_good_and_bad);
  tcase_add_test(tc, test_examine__legacy_raw_bytes_and_plus);
  tcase_add_test(tc, test_examine__json_signed_headers_and_encoding_recorded);
  tcase_add_test(tc, test_examine__legacy_without_service_passes);
  tcase_add_test(tc, test_examine__format_redacts);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
