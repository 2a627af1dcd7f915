/* Unit tests of server/jsonapi, the json-2017 front door of the reference
 * server, driven through its public entry ra_jsonapi_handle on a socketless
 * server (ra_refserver_new) with a fixed clock and SigV4-signed requests
 * from proto/request: operation dispatch, the protocol refusals in their
 * order, validation messages, and the RejectAssignment state machine. */
#include <check.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "proto/request.h"
#include "server/jsonapi.h"
#include "server/refserver.h"
#include "check_run.h"

#define ENDPOINT "http://127.0.0.1:8080/"
static int64_t fixed_now = 1440938160000LL; /* 2015-08-30T12:36:00Z */

static struct ra_refserver *make(void)
{
  struct ra_refserver_config cfg;
  struct ra_refserver *s = NULL;
  struct ra_error err = RA_ERROR_INIT;
  ra_refserver_config_init(&cfg);
  cfg.clock = ra_clock_fixed(&fixed_now);
  cfg.seed = 7;
  ck_assert_int_eq(ra_refserver_new(&s, &cfg, &err), RA_OK);
  return s;
}

static char *seed(struct ra_refserver *s, const char *owner,
                  const char *status)
{
  char *id = NULL;
  ck_assert_int_eq(ra_refserver_seed(s, owner, status, &id), RA_OK);
  return id;
}

struct call {
  const char *op;            /* default RejectAssignment */
  const char *key;           /* default the owner */
  const char *secret;
  const char *body;          /* raw JSON body */
  const char *method;        /* replaces POST after signing */
  const char *content_type;  /* replaces it after signing (unsigned) */
  const char *amz_date;
};

/* Sends c through ra_jsonapi_handle; returns the parsed JSON answer (new
 * reference) and the status. */
static json_t *call(struct ra_refserver *s, const struct call *c, int *status)
{
  struct ra_json_opts o;
  struct ra_http_request r;
  struct ra_wire_request req;
  struct ra_refserver_response resp;
  json_error_t jerr;
  json_t *j;
  memset(&o, 0, sizeof(o));
  o.endpoint = ENDPOINT;
  o.access_key_id = c->key ? c->key : RA_REFSERVER_OWNER_KEY_ID;
  o.secret = c->secret ? c->secret : RA_REFSERVER_OWNER_SECRET;
  o.amz_date = c->amz_date ? c->amz_date : "20150830T123600Z";
  o.operation = c->op ? c->op : "RejectAssignment";
  o.escape = RA_JSON_ESCAPE_ASCII;
  o.signed_headers = "host;x-amz-date;x-amz-target";
  o.raw_body = c->body ? c->body : "{}";
  o.raw_body_len = strlen(o.raw_body);
  ra_http_request_init(&r);
  ck_assert_int_eq(ra_request_build_json(&r, &o), RA_OK);
  if(c->content_type)
    ra_headers_set(&r.headers, "Content-Type", c->content_type);
  req.method = c->method ? c->method : r.method;
  req.target = r.target;
  req.headers = &r.headers;
  req.body = r.body;
  req.body_len = r.body_len;
  ra_refserver_response_init(&resp);
  ra_jsonapi_handle(s, &req, &resp);
  *status = resp.status;
  ck_assert_str_eq(ra_headers_get(&resp.headers, "Content-Type"),
                   "application/x-amz-json-1.1");
  ck_assert_ptr_nonnull(ra_headers_get(&resp.headers, "x-amzn-RequestId"));
  j = json_loadb(ra_buf_str(&resp.body), resp.body.len, 0, &jerr);
  ck_assert_msg(j != NULL, "not JSON: %s", ra_buf_str(&resp.body));
  ra_refserver_response_free(&resp);
  ra_http_request_free(&r);
  return j;
}

static const char *member(json_t *j, const char *name)
{
  return json_string_value(json_object_get(j, name));
}

/* Sends c and expects an error answer of that status and __type (code
 * NULL: no TurkErrorCode; part NULL: any Message). */
static void is_error(struct ra_refserver *s, const struct call *c,
                     int want_status, const char *type, const char *code,
                     const char *part)
{
  int status;
  json_t *j = call(s, c, &status);
  const char *t = member(j, "__type");
  const char *m = member(j, "Message");
  ck_assert_int_eq(status, want_status);
  ck_assert_ptr_nonnull(t);
  ck_assert_msg(strstr(t, type) != NULL, "__type %s, want %s", t, type);
  if(code)
    ck_assert_str_eq(member(j, "TurkErrorCode"), code);
  else
    ck_assert_ptr_null(json_object_get(j, "TurkErrorCode"));
  if(part)
    ck_assert_msg(m && strstr(m, part), "Message '%s' lacks '%s'",
                  m ? m : "(none)", part);
  json_decref(j);
}

static char *body_for(const char *id, const char *feedback)
{
  json_t *b = json_pack("{s:s}", "AssignmentId", id);
  char *text;
  if(feedback)
    json_object_set_new(b, "RequesterFeedback", json_string(feedback));
  text = json_dumps(b, JSON_COMPACT);
  json_decref(b);
  return text;
}

START_TEST(test_jsonapi__reject_then_states)
{
  struct ra_refserver *s = make();
  char *id = seed(s, RA_REFSERVER_OWNER_KEY_ID, "Submitted");
  char *body = body_for(id, "Not what was asked.");
  struct call c = {0};
  const char *st = NULL;
  char *fb = NULL;
  int status;
  json_t *j;
  c.body = body;
  j = call(s, &c, &status);
  ck_assert_int_eq(status, 200);
  ck_assert_uint_eq(json_object_size(j), 0); /* {} */
  json_decref(j);
  ck_assert_int_eq(ra_refserver_lookup(s, id, &st, &fb, NULL, NULL), RA_OK);
  ck_assert_str_eq(st, "Rejected");
  ck_assert_str_eq(fb, "Not what was asked.");
  ra_free(fb);
  /* a second reject: wrong state */
  is_error(s, &c, 400, "RequestError",
           "AWS.MechanicalTurk.InvalidAssignmentState", "Submitted");
  /* GetAssignment reads it back */
  c.op = "GetAssignment";
  j = call(s, &c, &status);
  ck_assert_int_eq(status, 200);
  ck_assert_str_eq(member(json_object_get(j, "Assignment"),
                          "AssignmentStatus"), "Rejected");
  json_decref(j);
  free(body);
  ra_free(id);
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_jsonapi__other_requester_sees_nothing)
{
  struct ra_refserver *s = make();
  char *id = seed(s, RA_REFSERVER_OTHER_KEY_ID, "Submitted");
  char *body = body_for(id, "x");
  char *ghost = body_for("3NOSUCHASSIGNMENT0000000000000", "x");
  struct call c = {0};
  const char *st = NULL;
  c.body = body;
  /* someone else's assignment answers like a missing one */
  is_error(s, &c, 400, "RequestError",
           "AWS.MechanicalTurk.AssignmentDoesNotExist", id);
  c.body = ghost;
  is_error(s, &c, 400, "RequestError",
           "AWS.MechanicalTurk.AssignmentDoesNotExist", "does not exist");
  ck_assert_int_eq(ra_refserver_lookup(s, id, &st, NULL, NULL, NULL), RA_OK);
  ck_assert_str_eq(st, "Submitted"); /* untouched */
  free(body);
  free(ghost);
  ra_free(id);
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_jsonapi__protocol_refusals)
{
  struct ra_refserver *s = make();
  struct call c = {0};
  c.method = "GET";
  is_error(s, &c, 400, "UnknownOperationException",
           NULL, "Only POST");
  c.method = NULL;
  c.op = "ListHITs";
  is_error(s, &c, 400, "UnknownOperationException",
           NULL, "'ListHITs'");
  c.op = NULL;
  c.content_type = "application/json";
  is_error(s, &c, 400, "SerializationException",
           NULL, "Content-Type");
  c.content_type = "application/x-amz-json-1.1; charset=utf-8"; /* fine */
  c.body = "{\"AssignmentId\":";
  is_error(s, &c, 400, "SerializationException",
           NULL, "could not be parsed");
  c.content_type = NULL;
  c.body = "[]";
  is_error(s, &c, 400, "SerializationException",
           NULL, "JSON object");
  c.body = "{\"AssignmentId\":\"A\",\"AssignmentId\":\"B\"}";
  is_error(s, &c, 400, "SerializationException",
           NULL, NULL);
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_jsonapi__authentication)
{
  struct ra_refserver *s = make();
  struct call c = {0};
  int status;
  json_t *j;
  c.secret = "not-the-secret";
  j = call(s, &c, &status);
  ck_assert_int_eq(status, 400);
  ck_assert_ptr_nonnull(strstr(member(j, "__type"), "InvalidSignature"));
  json_decref(j);
  c.secret = NULL;
  c.key = "AKIDUNKNOWNUNKNOWN00";
  j = call(s, &c, &status);
  ck_assert_int_ge(status, 400);
  ck_assert_ptr_nonnull(member(j, "__type"));
  json_decref(j);
  c.key = NULL;
  c.amz_date = "20150830T100000Z"; /* 2.5 hours off the server's clock */
  j = call(s, &c, &status);
  ck_assert_int_ge(status, 400);
  ck_assert_ptr_nonnull(member(j, "__type"));
  json_decref(j);
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_jsonapi__validation)
{
  struct ra_refserver *s = make();
  char *id = seed(s, RA_REFSERVER_OWNER_KEY_ID, "Submitted");
  char *nofb = body_for(id, NULL);
  char *empty = body_for(id, "");
  struct call c = {0};
  const char *st = NULL;
  int status;
  c.body = "{}"; /* both members missing: both reported */
  is_error(s, &c, 400, "ValidationException", NULL,
           "2 validation errors detected");
  c.body = "{\"AssignmentId\":7,\"RequesterFeedback\":\"x\"}";
  is_error(s, &c, 400, "ValidationException", NULL,
           NULL);
  c.body = nofb; /* RejectAssignment requires feedback (2017 model) */
  is_error(s, &c, 400, "ValidationException", NULL,
           "requesterFeedback");
  ck_assert_int_eq(ra_refserver_lookup(s, id, &st, NULL, NULL, NULL), RA_OK);
  ck_assert_str_eq(st, "Submitted");
  /* an empty feedback is valid (only a seeded defect refuses it) */
  c.body = empty;
  json_decref(call(s, &c, &status));
  ck_assert_int_eq(status, 200);
  ck_assert_int_eq(ra_refserver_lookup(s, id, &st, NULL, NULL, NULL), RA_OK);
  ck_assert_str_eq(st, "Rejected");
  free(nofb);
  free(empty);
  ra_free(id);
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_jsonapi__error_helper)
{
  struct ra_refserver *s = make();
  struct ra_refserver_response resp;
  json_t *j;
  ra_refserver_response_init(&resp);
  ra_jsonapi_error(s, &resp, 413, "RequestEntityTooLarge", "too big");
  ck_assert_int_eq(resp.status, 413);
  j = json_loads(ra_buf_str(&resp.body), 0, NULL);
  ck_assert_ptr_nonnull(j);
  ck_assert_ptr_nonnull(strstr(member(j, "__type"), "RequestEntityTooLarge"));
  ck_assert_str_eq(member(j, "Message"), "too big");
  ck_assert_ptr_null(json_object_get(j, "TurkErrorCode"));
  json_decref(j);
  ra_refserver_response_free(&resp);
  ra_refserver_stop(s);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("jsonapi");
  TCase *tc = tcase_create("jsonapi");
  tcase_add_test(tc, test_jsonapi__reject_then_states);
  tcase_add_test(tc, test_jsonapi__other_requester_sees_nothing);
  tcase_add_test(tc, test_jsonapi__protocol_refusals);
  tcase_add_test(tc, test_jsonapi__authentication);
  tcase_add_test(tc, test_jsonapi__validation);
  tcase_add_test(tc, test_jsonapi__error_helper);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
