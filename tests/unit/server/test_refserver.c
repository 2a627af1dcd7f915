/* Unit tests of the reference server's request handling, in process and
 * without sockets (ra_refserver_new + ra_refserver_handle), on a fixed
 * clock, with requests signed by proto/request. Covers parameter decoding,
 * feedback length counting, the state machine through both profiles and a
 * few seeded defects. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "proto/request.h"
#include "proto/urlenc.h"
#include "server/refserver.h"
#include "check_run.h"

#define ENDPOINT "http://127.0.0.1:8080/"
static int64_t fixed_now = 1440938160000LL; /* 2015-08-30T12:36:00Z */

static struct ra_refserver *make(const char *defect)
{
  struct ra_refserver_config cfg;
  struct ra_refserver *s = NULL;
  struct ra_error err = RA_ERROR_INIT;
  const char *defects[1];
  ra_refserver_config_init(&cfg);
  cfg.clock = ra_clock_fixed(&fixed_now);
  cfg.seed = 99;
  if(defect) {
    defects[0] = defect;
    cfg.defects = defects;
    cfg.defect_count = 1;
  }
  ck_assert_int_eq(ra_refserver_new(&s, &cfg, &err), RA_OK);
  return s;
}

static char *seed(struct ra_refserver *s, const char *status)
{
  char *id = NULL;
  ck_assert_int_eq(ra_refserver_seed(s, RA_REFSERVER_OWNER_KEY_ID, status,
                                     &id), RA_OK);
  return id;
}

static void send_req(struct ra_refserver *s, struct ra_http_request *r,
                     struct ra_refserver_response *resp)
{
  struct ra_wire_request req;
  req.method = r->method;
  req.target = r->target;
  req.headers = &r->headers;
  req.body = r->body;
  req.body_len = r->body_len;
  ra_refserver_response_init(resp);
  ra_refserver_handle(s, &req, resp);
}

/* json-2017 RejectAssignment; raw_body (may be NULL) replaces params. */
static void json_call(struct ra_refserver *s, const char *key,
                      const char *secret, const struct ra_params *p,
                      const char *raw_body,
                      struct ra_refserver_response *resp)
{
  struct ra_json_opts o;
  struct ra_http_request r;
  memset(&o, 0, sizeof(o));
  o.endpoint = ENDPOINT;
  o.access_key_id = key;
  o.secret = secret;
  o.amz_date = "20150830T123600Z";
  o.operation = "RejectAssignment";
  o.escape = RA_JSON_ESCAPE_ASCII;
  o.params = p;
  if(raw_body) {
    o.raw_body = raw_body;
    o.raw_body_len = strlen(raw_body);
  }
  ra_http_request_init(&r);
  ck_assert_int_eq(ra_request_build_json(&r, &o), RA_OK);
  send_req(s, &r, resp);
  ra_http_request_free(&r);
}

static void reject_json(struct ra_refserver *s, const char *id,
                        const char *fb, struct ra_refserver_response *resp)
{
  struct ra_params p;
  ra_params_init(&p);
  ra_params_adds(&p, "AssignmentId", id);
  if(fb)
    ra_params_adds(&p, "RequesterFeedback", fb);
  json_call(s, RA_REFSERVER_OWNER_KEY_ID, RA_REFSERVER_OWNER_SECRET, &p,
            NULL, resp);
  ra_params_free(&p);
}

static void legacy_call(struct ra_refserver *s, const char *key,
                        const char *secret, const char *ts, int post,
                        const struct ra_params *p,
                        struct ra_refserver_response *resp)
{
  struct ra_legacy_opts o;
  struct ra_http_request r;
  memset(&o, 0, sizeof(o));
  o.endpoint = ENDPOINT;
  o.access_key_id = key;
  o.secret = secret;
  o.timestamp = ts;
  o.operation = "RejectAssignment";
  o.version = "2014-08-15";
  o.use_post = post;
  o.params = p;
  ra_http_request_init(&r);
  ck_assert_int_eq(ra_request_build_legacy(&r, &o), RA_OK);
  send_req(s, &r, resp);
  ra_http_request_free(&r);
}

static int has(const struct ra_refserver_response *resp, const char *text)
{
  return strstr(ra_buf_str(&resp->body), text) != NULL;
}

static const char *status_of(struct ra_refserver *s, const char *id,
                             char **fb, size_t *fblen)
{
  const char *st = NULL;
  ck_assert_int_eq(ra_refserver_lookup(s, id, &st, fb, fblen, NULL), RA_OK);
  return st;
}

static char *repeat(const char *unit, size_t n)
{
  size_t u = strlen(unit);
  char *out = ra_malloc(u * n + 1);
  size_t i;
  for(i = 0; i < n; i++)
    memcpy(out + i * u, unit, u);
  out[u * n] = '\0';
  return out;
}

START_TEST(test_refserver__json_success_and_states)
{
  struct ra_refserver *s = make(NULL);
  struct ra_refserver_response resp;
  char *id = seed(s, "Submitted");
  char *fb = NULL;
  size_t fblen = 0;
  reject_json(s, id, "", &resp);
  ck_assert_int_eq(resp.status, 200);
  ck_assert_str_eq(ra_buf_str(&resp.body), "{}");
  ck_assert_ptr_nonnull(ra_headers_get(&resp.headers, "x-amzn-RequestId"));
  ra_refserver_response_free(&resp);
  ck_assert_str_eq(status_of(s, id, &fb, &fblen), "Rejected");
  ck_assert_uint_eq(fblen, 0);
  ra_free(fb);
  reject_json(s, id, "again", &resp);
  ck_assert_int_eq(resp.status, 400);
  ck_assert(has(&resp, "AWS.MechanicalTurk.InvalidAssignmentState"));
  ra_refserver_response_free(&resp);
  reject_json(s, "NOSUCH", "x", &resp);
  ck_assert(has(&resp, "AWS.MechanicalTurk.AssignmentDoesNotExist"));
  ra_refserver_response_free(&resp);
  reject_json(s, "lower", "x", &resp);
  ck_assert(has(&resp, "\"ValidationException\""));
  ra_refserver_response_free(&resp);
  ra_free(id);
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_refserver__json_feedback_length_is_codepoints)
{
  static const struct {
    const char *unit;
    size_t n;
    int ok;
  } cases[] = {
    {"a", 1024, 1}, {"a", 1025, 0},
    {"\xc3\xa9", 1024, 1}, {"\xc3\xa9", 1025, 0},          /* 2048 bytes ok */
    {"\xe4\xb8\xad", 1024, 1}, {"\xe4\xb8\xad", 1025, 0},
    {"\xf0\x9f\x98\x80", 1024, 1}, {"\xf0\x9f\x98\x80", 1025, 0},
  };
  struct ra_refserver *s = make(NULL);
  size_t i;
  for(i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct ra_refserver_response resp;
    char *id = seed(s, "Submitted");
    char *fb = repeat(cases[i].unit, cases[i].n);
    char *stored = NULL;
    size_t len = 0;
    reject_json(s, id, fb, &resp);
    ck_assert_int_eq(resp.status, cases[i].ok ? 200 : 400);
    if(!cases[i].ok)
      ck_assert(has(&resp, "AWS.MechanicalTurk.InvalidParameterValue"));
    ck_assert_str_eq(status_of(s, id, &stored, &len),
                     cases[i].ok ? "Rejected" : "Submitted");
    if(cases[i].ok) {
      ck_assert_uint_eq(len, strlen(fb));
      ck_assert_int_eq(memcmp(stored, fb, len), 0);
    }
    else
      ck_assert_ptr_null(stored);
    ra_free(stored);
    ra_free(fb);
    ra_free(id);
    ra_refserver_response_free(&resp);
  }
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_refserver__json_escapes_and_serialization)
{
  struct ra_refserver *s = make(NULL);
  struct ra_refserver_response resp;
  char *id = seed(s, "Submitted");
  char body[256];
  char *stored = NULL;
  size_t len = 0;
  /* lone surrogate: jansson refuses it */
  snprintf(body, sizeof(body),
           "{\"AssignmentId\":\"%s\",\"RequesterFeedback\":\"\\ud83d\"}", id);
  json_call(s, RA_REFSERVER_OWNER_KEY_ID, RA_REFSERVER_OWNER_SECRET, NULL,
            body, &resp);
  ck_assert(has(&resp, "SerializationException"));
  ra_refserver_response_free(&resp);
  /* duplicate members */
  snprintf(body, sizeof(body), "{\"AssignmentId\":\"%s\",\"AssignmentId\":"
           "\"%s\",\"RequesterFeedback\":\"\"}", id, id);
  json_call(s, RA_REFSERVER_OWNER_KEY_ID, RA_REFSERVER_OWNER_SECRET, NULL,
            body, &resp);
  ck_assert(has(&resp, "SerializationException"));
  ra_refserver_response_free(&resp);
  /* \u0000 reaches the control-character rule */
  snprintf(body, sizeof(body), "{\"AssignmentId\":\"%s\","
           "\"RequesterFeedback\":\"a\\u0000\"}", id);
  json_call(s, RA_REFSERVER_OWNER_KEY_ID, RA_REFSERVER_OWNER_SECRET, NULL,
            body, &resp);
  ck_assert(has(&resp, "InvalidParameterValue"));
  ra_refserver_response_free(&resp);
  /* surrogate pair decodes to one code point, stored as UTF-8; unknown
   * members are ignored */
  snprintf(body, sizeof(body), "{\"AssignmentId\":\"%s\",\"X\":1,"
           "\"RequesterFeedback\":\"\\ud83d\\ude00\"}", id);
  json_call(s, RA_REFSERVER_OWNER_KEY_ID, RA_REFSERVER_OWNER_SECRET, NULL,
            body, &resp);
  ck_assert_int_eq(resp.status, 200);
  ra_refserver_response_free(&resp);
  ck_assert_str_eq(status_of(s, id, &stored, &len), "Rejected");
  ck_assert_str_eq(stored, "\xf0\x9f\x98\x80");
  ra_free(stored);
  ra_free(id);
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_refserver__json_auth)
{
  struct ra_refserver *s = make(NULL);
  struct ra_refserver_response resp;
  struct ra_params p;
  char *id = seed(s, "Submitted");
  ra_params_init(&p);
  ra_params_adds(&p, "AssignmentId", id);
  ra_params_adds(&p, "RequesterFeedback", "x");
  json_call(s, RA_REFSERVER_OWNER_KEY_ID, "wrong", &p, NULL, &resp);
  ck_assert(has(&resp, "InvalidSignatureException"));
  ra_refserver_response_free(&resp);
  json_call(s, "AKIDUNKNOWN", "wrong", &p, NULL, &resp);
  ck_assert(has(&resp, "UnrecognizedClientException"));
  ra_refserver_response_free(&resp);
  /* the other requester: exactly like a nonexistent assignment */
  json_call(s, RA_REFSERVER_OTHER_KEY_ID, RA_REFSERVER_OTHER_SECRET, &p, NULL,
            &resp);
  ck_assert(has(&resp, "AWS.MechanicalTurk.AssignmentDoesNotExist"));
  ra_refserver_response_free(&resp);
  ck_assert_str_eq(status_of(s, id, NULL, NULL), "Submitted");
  /* stale clock: five minutes and one second */
  fixed_now += 301000;
  json_call(s, RA_REFSERVER_OWNER_KEY_ID, RA_REFSERVER_OWNER_SECRET, &p, NULL,
            &resp);
  fixed_now -= 301000;
  ck_assert(has(&resp, "Signature expired"));
  ra_refserver_response_free(&resp);
  ck_assert_str_eq(status_of(s, id, NULL, NULL), "Submitted");
  ra_params_free(&p);
  ra_free(id);
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_refserver__legacy_decoding_and_envelopes)
{
  struct ra_refserver *s = make(NULL);
  struct ra_refserver_response resp;
  struct ra_wire_request req;
  struct ra_headers h;
  struct ra_params p;
  char *id = seed(s, "Submitted");
  char *lower = ra_strdup(id);
  char *stored = NULL;
  char sig[RA_SIG_SHA1_B64_SIZE];
  char target[512];
  size_t i;
  for(i = 0; lower[i]; i++)
    lower[i] = (char)(lower[i] >= 'A' && lower[i] <= 'Z' ? lower[i] + 32 :
                      lower[i]);
  ra_params_init(&p);
  ra_params_adds(&p, "AssignmentId", lower); /* upper-cased by the server */
  ra_params_adds(&p, "RequesterFeedback", "a+b \xc3\xa9");
  legacy_call(s, RA_REFSERVER_OWNER_KEY_ID, RA_REFSERVER_OWNER_SECRET,
              "2015-08-30T12:36:00.000Z", 1, &p, &resp);
  ck_assert_int_eq(resp.status, 200);
  ck_assert(has(&resp, "<IsValid>True</IsValid>"));
  ck_assert_str_eq(ra_headers_get(&resp.headers, "Content-Type"), "text/xml");
  ra_refserver_response_free(&resp);
  ck_assert_str_eq(status_of(s, id, &stored, NULL), "Rejected");
  ck_assert_str_eq(stored, "a+b \xc3\xa9");
  ra_free(stored);
  /* hand-written query: '+' is a space when parsing */
  ra_signer_mturk(sig, RA_REFSERVER_OWNER_SECRET, NULL, "RejectAssignment",
                  "2015-08-30T12:36:00Z");
  ra_free(id);
  id = seed(s, "Submitted");
  {
    struct ra_buf enc;
    ra_buf_init(&enc, RA_BUF_UNLIMITED);
    ra_urlenc_encode(&enc, sig, strlen(sig), 0);
    snprintf(target, sizeof(target), "/?Service=AWSMechanicalTurkRequester"
             "&Operation=RejectAssignment&AWSAccessKeyId=%s&Timestamp="
             "2015-08-30T12:36:00Z&Signature=%s&AssignmentId=%s"
             "&RequesterFeedback=two+words%%21", RA_REFSERVER_OWNER_KEY_ID,
             ra_buf_str(&enc), id);
    ra_buf_free(&enc);
  }
  ra_headers_init(&h);
  memset(&req, 0, sizeof(req));
  req.method = "GET";
  req.target = target;
  req.headers = &h;
  ra_refserver_response_init(&resp);
  ra_refserver_handle(s, &req, &resp);
  ck_assert(has(&resp, "<IsValid>True</IsValid>"));
  ra_refserver_response_free(&resp);
  ck_assert_str_eq(status_of(s, id, &stored, NULL), "Rejected");
  ck_assert_str_eq(stored, "two words!");
  ra_free(stored);
  /* operation error envelope, then auth envelope, then front door */
  ra_params_set(&p, "AssignmentId", "nosuch", 6);
  legacy_call(s, RA_REFSERVER_OWNER_KEY_ID, RA_REFSERVER_OWNER_SECRET,
              "2015-08-30T12:36:00Z", 0, &p, &resp);
  ck_assert_int_eq(resp.status, 200);
  ck_assert(has(&resp, "<RejectAssignmentResult><Request><IsValid>False"));
  ck_assert(has(&resp, "AWS.MechanicalTurk.AssignmentDoesNotExist"));
  ck_assert(has(&resp, " s)</Message>"));
  ra_refserver_response_free(&resp);
  legacy_call(s, RA_REFSERVER_OWNER_KEY_ID, "bad", "2015-08-30T12:36:00Z", 0,
              &p, &resp);
  ck_assert_int_eq(resp.status, 200);
  ck_assert(has(&resp, "<OperationRequest><RequestId>"));
  ck_assert(has(&resp, "AWS.BadClaimsSupplied"));
  ra_refserver_response_free(&resp);
  legacy_call(s, RA_REFSERVER_OWNER_KEY_ID, RA_REFSERVER_OWNER_SECRET,
              "2015-08-30T12:20:59Z", 0, &p, &resp);
  ck_assert_int_eq(resp.status, 400);
  ck_assert(has(&resp, "<Response><Errors><Error><Code>RequestExpired"));
  ra_refserver_response_free(&resp);
  ra_headers_free(&h);
  ra_params_free(&p);
  ra_free(lower);
  ra_free(id);
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_refserver__defects_change_behaviour)
{
  static const struct {
    const char *defect;
    const char *unit;
    size_t n;
  } cases[] = {
    {"feedback-off-by-one", "a", 1025},
    {"no-control-char-check", "\x01", 1},
  };
  size_t i;
  for(i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct ra_refserver *good = make(NULL);
    struct ra_refserver *bad = make(cases[i].defect);
    struct ra_refserver_response resp;
    char *fb = repeat(cases[i].unit, cases[i].n);
    char *id = seed(good, "Submitted");
    reject_json(good, id, fb, &resp);
    ck_assert_int_eq(resp.status, 400);
    ra_refserver_response_free(&resp);
    ra_free(id);
    id = seed(bad, "Submitted");
    reject_json(bad, id, fb, &resp);
    ck_assert_int_eq(resp.status, 200);
    ra_refserver_response_free(&resp);
    ra_free(id);
    ra_free(fb);
    ra_refserver_stop(good);
    ra_refserver_stop(bad);
  }
}
END_TEST

START_TEST(test_refserver__unknown_defect_refused)
{
  struct ra_refserver_config cfg;
  struct ra_refserver *s = NULL;
  struct ra_error err = RA_ERROR_INIT;
  const char *defects[] = {"no-such"};
  ra_refserver_config_init(&cfg);
  cfg.defects = defects;
  cfg.defect_count = 1;
  ck_assert_int_eq(ra_refserver_new(&s, &cfg, &err), RA_E_CONFIG);
  ck_assert_ptr_null(s);
  ck_assert(strstr(err.text, "'no-such'") != NULL);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("refserver");
  TCase *tc = tcase_create("refserver");
  tcase_add_test(tc, test_refserver__json_success_and_states);
  tcase_add_test(tc, test_refserver__json_feedback_length_is_codepoints);
  tcase_add_test(tc, test_refserver__json_escapes_and_serialization);
  tcase_add_test(tc, test_refserver__json_auth);
  tcase_add_test(tc, test_refserver__legacy_decoding_and_envelopes);
  tcase_add_test(tc, test_refserver__defects_change_behaviour);
  tcase_add_test(tc, test_refserver__unknown_defect_refused);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
