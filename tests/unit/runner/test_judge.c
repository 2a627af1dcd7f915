/* Judge: outcome matching, post-conditions, observed keys, redaction. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "proto/redact.h"
#include "core/alloc.h"
#include "runner/judge.h"
#include "check_run.h"

static struct ra_outcome outcome(ra_outcome_kind kind, int status,
                                 char *code)
{
  struct ra_outcome o;
  memset(&o, 0, sizeof(o));
  o.grade = RA_GRADE_OK;
  o.kind = kind;
  if(status) {
    o.statuses = ra_calloc(1, sizeof(int));
    o.statuses[0] = status;
    o.nstatuses = 1;
  }
  if(code) {
    o.codes = ra_calloc(1, sizeof(char *));
    o.codes[0] = code;
    o.ncodes = 1;
  }
  return o;
}

START_TEST(test_judge__match_in_order)
{
  struct ra_outcome items[2];
  struct ra_case_expect e;
  struct ra_answer r;
  items[0] = outcome(RA_OUTCOME_ERROR, 400, (char *)"AWS.A");
  items[1] = outcome(RA_OUTCOME_ERROR, 0, NULL);
  items[1].grade = RA_GRADE_NON_STRICT;
  e.items = items;
  e.count = 2;
  ra_answer_init(&r);
  r.kind = RA_ANSWER_ERROR;
  r.http_status = 400;
  r.error_code = (char *)"AWS.A";
  ck_assert_int_eq(ra_judge_match(&e, &r, NULL), 0);
  r.error_code = (char *)"AWS.B";
  ck_assert_int_eq(ra_judge_match(&e, &r, NULL), 1);
  r.kind = RA_ANSWER_SUCCESS;
  ck_assert_int_eq(ra_judge_match(&e, &r, NULL), -1);
  r.kind = RA_ANSWER_MALFORMED;
  ck_assert_int_eq(ra_judge_match(&e, &r, NULL), -1);
  ra_free(items[0].statuses);
  ra_free(items[0].codes);
}
END_TEST

START_TEST(test_judge__when_needs_capability)
{
  struct ra_outcome o = outcome(RA_OUTCOME_ERROR, 0, NULL);
  struct ra_case_expect e;
  struct ra_answer r;
  struct ra_target t;
  memset(&t, 0, sizeof(t));
  o.has_when = 1;
  o.when_length_unit = RA_LENGTH_UTF16;
  e.items = &o;
  e.count = 1;
  ra_answer_init(&r);
  r.kind = RA_ANSWER_ERROR;
  ck_assert_int_eq(ra_judge_match(&e, &r, NULL), -1);
  t.has_length_unit = 1;
  t.feedback_length_unit = RA_LENGTH_CODEPOINTS;
  ck_assert_int_eq(ra_judge_match(&e, &r, &t), -1);
  t.feedback_length_unit = RA_LENGTH_UTF16;
  ck_assert_int_eq(ra_judge_match(&e, &r, &t), 0);
}
END_TEST

static void observation(struct ra_observation *o, const char *status,
                        const char *fb)
{
  ra_observation_init(o);
  o->status = ra_strdup(status);
  if(fb) {
    o->has_feedback = 1;
    o->feedback = ra_strdup(fb);
    o->feedback_len = strlen(fb);
  }
}

START_TEST(test_judge__post_defaults)
{
  struct ra_exec_out sent;
  struct ra_observation before, after;
  char *why;
  ra_exec_out_init(&sent);
  sent.feedback_known = 1;
  sent.feedback = ra_calloc(1, sizeof(char *));
  sent.feedback_len = ra_calloc(1, sizeof(size_t));
  sent.feedback[0] = ra_strdup("bad work");
  sent.feedback_len[0] = 8;
  sent.nfeedback = 1;
  observation(&before, "Submitted", NULL);
  observation(&after, "Rejected", "bad work");
  why = ra_judge_post(NULL, RA_ANSWER_SUCCESS, &sent, &before, &after);
  ck_assert_ptr_null(why);
  /* An error answer must leave everything unchanged. */
  why = ra_judge_post(NULL, RA_ANSWER_ERROR, &sent, &before, &after);
  ck_assert_ptr_nonnull(why);
  ck_assert_ptr_nonnull(strstr(why, "state is Rejected"));
  ra_free(why);
  ra_observation_free(&after);
  observation(&after, "Rejected", "bad wor");
  why = ra_judge_post(NULL, RA_ANSWER_SUCCESS, &sent, &before, &after);
  ck_assert_ptr_nonnull(why);
  ck_assert_ptr_nonnull(strstr(why, "feedback"));
  ra_free(why);
  ra_observation_free(&before);
  ra_observation_free(&after);
  ra_exec_out_free(&sent);
}
END_TEST

START_TEST(test_judge__observed_key)
{
  struct ra_http_response resp;
  struct ra_answer r;
  struct ra_buf b;
  ra_http_response_init(&resp);
  ra_answer_init(&r);
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  resp.status = 400;
  r.kind = RA_ANSWER_ERROR;
  r.http_status = 400;
  r.envelope = RA_ENVELOPE_JSON;
  r.error_type = (char *)"RequestError";
  r.error_code = (char *)"AWS.MechanicalTurk.X";
  ra_judge_observed_key(&b, &resp, &r);
  ck_assert_str_eq(ra_buf_str(&b), "400 RequestError AWS.MechanicalTurk.X");
  ra_buf_reset(&b);
  r.error_type = NULL;
  r.envelope = RA_ENVELOPE_RESULT;
  r.http_status = 200;
  resp.status = 200;
  ra_judge_observed_key(&b, &resp, &r);
  ck_assert_str_eq(ra_buf_str(&b), "200 result AWS.MechanicalTurk.X");
  ra_buf_reset(&b);
  resp.error = RA_XFER_TIMEOUT;
  ra_judge_observed_key(&b, &resp, &r);
  ck_assert_str_eq(ra_buf_str(&b), "transport timeout");
  ra_buf_free(&b);
}
END_TEST

START_TEST(test_judge__transient)
{
  struct ra_http_response resp;
  struct ra_answer r;
  ra_http_response_init(&resp);
  ra_answer_init(&r);
  resp.status = 503;
  ck_assert_int_eq(ra_judge_is_transient(&resp, NULL), 1);
  resp.status = 400;
  r.kind = RA_ANSWER_ERROR;
  r.error_type = (char *)"ThrottlingException";
  ck_assert_int_eq(ra_judge_is_transient(&resp, &r), 1);
  r.error_type = (char *)"RequestError";
  ck_assert_int_eq(ra_judge_is_transient(&resp, &r), 0);
  /* reset after part of an answer (a status line) arrived: not retried */
  resp.error = RA_XFER_RESET;
  ck_assert_int_eq(ra_judge_is_transient(&resp, NULL), 0);
  /* reset before any answer: retried */
  resp.status = 0;
  ck_assert_int_eq(ra_judge_is_transient(&resp, NULL), 1);
}
END_TEST

START_TEST(test_judge__curl_masks_credentials)
{
  struct ra_http_request req;
  const char *secrets[] = {"SECRETSIG"};
  char *line;
  ra_http_request_init(&req);
  req.method = ra_strdup("POST");
  req.host = ra_strdup("127.0.0.1:8080");
  req.target = ra_strdup("/");
  ra_headers_add(&req.headers, "Content-Type", "application/x-amz-json-1.1");
  ra_headers_add(&req.headers, "Authorization",
                 "AWS4-HMAC-SHA256 Credential=AK/x, Signature=abcdef");
  req.body = ra_strdup("{\"A\":\"it's SECRETSIG\"}");
  req.body_len = strlen(req.body);
  line = ra_judge_curl("http://127.0.0.1:8080/", &req, secrets, 1);
  ck_assert_ptr_nonnull(strstr(line, "curl -sS -X POST 'http://127.0.0.1:8080/'"));
  ck_assert_ptr_nonnull(strstr(line, "-H 'Authorization: [REDACTED]'"));
  ck_assert_ptr_null(strstr(line, "abcdef"));
  ck_assert_ptr_null(strstr(line, "SECRETSIG"));
  ck_assert_ptr_nonnull(strstr(line, "'\\''"));
  ra_free(line);
  ra_http_request_free(&req);
}
END_TEST

START_TEST(test_judge__redact_legacy_signature)
{
  const char *t = "GET /?Operation=RejectAssignment&Signature=abc%2B%3D&X=1";
  char *r = ra_redact(t, strlen(t), NULL, 0, NULL);
  ck_assert_str_eq(r, "GET /?Operation=RejectAssignment&Signature=[REDACTED]&X=1");
  ra_free(r);
}
END_TEST

/* resp as the transport leaves it for a complete answer. */
static void plain_answer(struct ra_http_response *resp, int status,
                         const char *body)
{
  ra_http_response_init(resp);
  resp->status = status;
  resp->content_type = ra_strdup("text/plain");
  resp->body = ra_strdup(body);
  resp->body_len = strlen(body);
}

START_TEST(test_judge__bare_error_matches_status_only)
{
  static const char body[] = "Request Entity Too Large\n";
  struct ra_outcome items[3];
  struct ra_case_expect e;
  struct ra_answer r;
  struct ra_http_response resp;
  struct ra_buf key;
  plain_answer(&resp, 413, body);
  {
    ra_judge_parse(&r, RA_PROFILE_LEGACY, &resp);
    ck_assert_int_eq(r.kind, RA_ANSWER_ERROR);
    ck_assert_int_eq(r.bare, 1);
    ck_assert_int_eq(r.http_status, 413);
    ck_assert_ptr_null(r.error_code);
    ck_assert_ptr_null(r.error_type);
    ck_assert_ptr_nonnull(r.detail);
    /* error alone, or with a code, does not accept it */
    items[0] = outcome(RA_OUTCOME_ERROR, 0, NULL);
    items[1] = outcome(RA_OUTCOME_ERROR, 413, (char *)"AWS.X");
    items[2] = outcome(RA_OUTCOME_ERROR, 400, NULL);
    e.items = items;
    e.count = 3;
    ck_assert_int_eq(ra_judge_match(&e, &r, NULL), -1);
    ra_free(items[1].statuses);
    ra_free(items[1].codes);
    ra_free(items[2].statuses);
    /* the status alone does */
    items[1] = outcome(RA_OUTCOME_ERROR, 413, NULL);
    items[1].grade = RA_GRADE_NON_STRICT;
    e.count = 2;
    ck_assert_int_eq(ra_judge_match(&e, &r, NULL), 1);
    items[1].envelope = RA_CASE_ENVELOPE_RESULT;
    ck_assert_int_eq(ra_judge_match(&e, &r, NULL), -1);
    ra_free(items[1].statuses);
    /* the observed key stays what baselines already list */
    ra_buf_init(&key, RA_BUF_UNLIMITED);
    ra_judge_observed_key(&key, &resp, &r);
    ck_assert_str_eq(ra_buf_str(&key), "413 malformed");
    ra_buf_free(&key);
    ra_answer_free(&r);
  }
  /* json-2017 defines an error by its 4xx/5xx status (type from the body or
   * X-Amzn-ErrorType): a plain-text 413 is an ordinary error there */
  ra_judge_parse(&r, RA_PROFILE_JSON, &resp);
  ck_assert_int_eq(r.kind, RA_ANSWER_ERROR);
  ck_assert_int_eq(r.bare, 0);
  ra_answer_free(&r);
  ra_http_response_free(&resp);
  /* a 2xx that cannot be parsed stays malformed */
  plain_answer(&resp, 200, body);
  ra_judge_parse(&r, RA_PROFILE_LEGACY, &resp);
  ck_assert_int_eq(r.kind, RA_ANSWER_MALFORMED);
  ck_assert_int_eq(r.bare, 0);
  ra_answer_free(&r);
  /* no answer at all is malformed, never bare, whatever the status */
  resp.status = 413;
  resp.error = RA_XFER_TIMEOUT;
  ra_judge_parse(&r, RA_PROFILE_LEGACY, &resp);
  ck_assert_int_eq(r.kind, RA_ANSWER_MALFORMED);
  ck_assert_int_eq(r.bare, 0);
  ra_answer_free(&r);
  ra_http_response_free(&resp);
}
END_TEST

/* A case's envelope is compared with the answer's by meaning: each legacy
 * envelope matches only its own name, and a json-2017 answer (or one with
 * no envelope) matches no named envelope. */
START_TEST(test_judge__envelope_mapping)
{
  static const ra_case_envelope want[] = {
    RA_CASE_ENVELOPE_RESULT, RA_CASE_ENVELOPE_OPERATION,
    RA_CASE_ENVELOPE_FRONT_DOOR
  };
  static const ra_envelope got[] = {
    RA_ENVELOPE_RESULT, RA_ENVELOPE_OPERATION, RA_ENVELOPE_FRONT_DOOR,
    RA_ENVELOPE_NONE, RA_ENVELOPE_JSON
  };
  static const char *const keys[] = {
    "400 result AWS.X", "400 operation AWS.X", "400 front-door AWS.X",
    "400 AWS.X", "400 AWS.X"
  };
  struct ra_outcome o = outcome(RA_OUTCOME_ERROR, 0, NULL);
  struct ra_case_expect e;
  struct ra_answer r;
  struct ra_http_response resp;
  struct ra_buf b;
  size_t i, j;
  e.items = &o;
  e.count = 1;
  ra_answer_init(&r);
  ra_http_response_init(&resp);
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  r.kind = RA_ANSWER_ERROR;
  r.http_status = 400;
  resp.status = 400;
  r.error_code = (char *)"AWS.X";
  for(j = 0; j < sizeof(got) / sizeof(got[0]); j++) {
    r.envelope = got[j];
    o.envelope = RA_CASE_ENVELOPE_ANY;
    ck_assert_int_eq(ra_judge_match(&e, &r, NULL), 0);
    for(i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
      o.envelope = want[i];
      ck_assert_int_eq(ra_judge_match(&e, &r, NULL), i == j ? 0 : -1);
    }
    ra_buf_reset(&b);
    ra_judge_observed_key(&b, &resp, &r);
    ck_assert_str_eq(ra_buf_str(&b), keys[j]);
  }
  ra_buf_free(&b);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("judge");
  TCase *tc = tcase_create("judge");
  tcase_add_test(tc, test_judge__match_in_order);
  tcase_add_test(tc, test_judge__envelope_mapping);
  tcase_add_test(tc, test_judge__when_needs_capability);
  tcase_add_test(tc, test_judge__post_defaults);
  tcase_add_test(tc, test_judge__observed_key);
  tcase_add_test(tc, test_judge__transient);
  tcase_add_test(tc, test_judge__curl_masks_credentials);
  tcase_add_test(tc, test_judge__redact_legacy_signature);
  tcase_add_test(tc, test_judge__bare_error_matches_status_only);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
