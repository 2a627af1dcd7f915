/* Unit tests of server/legacy, the legacy-2014 front door of the reference
 * server, driven through its public entry ra_legacy_handle on a socketless
 * server (ra_refserver_new) with a fixed clock: the front-door refusals in
 * their order (<Response><Errors>), authentication answers
 * (<OperationRequest><Errors>), the RejectAssignment state machine in the
 * *Result envelope (IsValid True/False), GET and POST forms. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "proto/request.h"
#include "server/legacy.h"
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
  cfg.seed = 11;
  ck_assert_int_eq(ra_refserver_new(&s, &cfg, &err), RA_OK);
  return s;
}

static struct ra_refserver_response resp;

static const char *body(void)
{
  return ra_buf_str(&resp.body);
}

static int has(const char *text)
{
  return strstr(body(), text) != NULL;
}

static void send_raw(struct ra_refserver *s, const char *method,
                     const char *target, const char *form)
{
  struct ra_wire_request req;
  struct ra_headers h;
  ra_headers_init(&h);
  if(form)
    ra_headers_add(&h, "Content-Type", "application/x-www-form-urlencoded");
  req.method = method;
  req.target = target;
  req.headers = &h;
  req.body = form;
  req.body_len = form ? strlen(form) : 0;
  ra_refserver_response_free(&resp);
  ra_refserver_response_init(&resp);
  ra_legacy_handle(s, &req, &resp);
  ra_headers_free(&h);
  ck_assert_str_eq(ra_headers_get(&resp.headers, "Content-Type"), "text/xml");
  ck_assert(has("<?xml"));
}

static void send_signed(struct ra_refserver *s, const char *op,
                        const char *secret, const char *ts, int post,
                        const char *id, const char *feedback)
{
  struct ra_legacy_opts o;
  struct ra_http_request r;
  struct ra_params p;
  struct ra_wire_request req;
  memset(&o, 0, sizeof(o));
  ra_params_init(&p);
  if(id)
    ra_params_adds(&p, "AssignmentId", id);
  if(feedback)
    ra_params_adds(&p, "RequesterFeedback", feedback);
  o.endpoint = ENDPOINT;
  o.access_key_id = RA_REFSERVER_OWNER_KEY_ID;
  o.secret = secret ? secret : RA_REFSERVER_OWNER_SECRET;
  o.timestamp = ts ? ts : "2015-08-30T12:36:00Z";
  o.operation = op;
  o.version = "2014-08-15";
  o.use_post = post;
  o.params = &p;
  ra_http_request_init(&r);
  ck_assert_int_eq(ra_request_build_legacy(&r, &o), RA_OK);
  req.method = r.method;
  req.target = r.target;
  req.headers = &r.headers;
  req.body = r.body;
  req.body_len = r.body_len;
  ra_refserver_response_free(&resp);
  ra_refserver_response_init(&resp);
  ra_legacy_handle(s, &req, &resp);
  ra_http_request_free(&r);
  ra_params_free(&p);
}

static void setup(void)
{
  ra_refserver_response_init(&resp);
}

static void teardown(void)
{
  ra_refserver_response_free(&resp);
}

#define SVC "/?Service=AWSMechanicalTurkRequester"

START_TEST(test_legacy__front_door_refusals)
{
  struct ra_refserver *s = make();
  send_raw(s, "PUT", SVC "&Operation=RejectAssignment", NULL);
  ck_assert_int_eq(resp.status, 405);
  ck_assert(has("<Response><Errors>"));
  ck_assert(has("<Code>InvalidHttpRequest</Code>"));
  ck_assert(has("<RequestID>"));
  send_raw(s, "GET", "/?Service=AWSOtherService&Operation=RejectAssignment",
           NULL);
  ck_assert_int_eq(resp.status, 400);
  ck_assert(has("Value for parameter Service is invalid"));
  send_raw(s, "GET", SVC "&Version=2099-01-01&Operation=RejectAssignment",
           NULL);
  ck_assert_int_eq(resp.status, 400);
  ck_assert(has("<Code>NoSuchVersion</Code>"));
  send_raw(s, "GET", SVC "&Version=2014-08-15", NULL);
  ck_assert_int_eq(resp.status, 400);
  ck_assert(has("<Code>AWS.MissingParameters</Code>"));
  ck_assert(has("Operation"));
  send_raw(s, "GET", SVC "&Operation=CreateHIT", NULL);
  ck_assert_int_eq(resp.status, 400);
  ck_assert(has("<Code>InvalidAction</Code>"));
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_legacy__authentication_answers)
{
  struct ra_refserver *s = make();
  char *id = NULL;
  const char *st = NULL;
  ck_assert_int_eq(ra_refserver_seed(s, RA_REFSERVER_OWNER_KEY_ID,
                                     "Submitted", &id), RA_OK);
  /* unsigned: the operation's own envelope, status 200 */
  send_raw(s, "GET", SVC "&Operation=RejectAssignment&AssignmentId=X",
           NULL);
  ck_assert(has("<RejectAssignmentResponse><OperationRequest>"));
  ck_assert(has("<Errors>"));
  ck_assert(!has("<IsValid>True</IsValid>"));
  send_signed(s, "RejectAssignment", "wrong-secret", NULL, 0, id, "fb");
  ck_assert_int_eq(resp.status, 200);
  ck_assert(has("<OperationRequest>"));
  ck_assert(has("<Errors>"));
  ck_assert(!has("<IsValid>True</IsValid>"));
  /* a timestamp far from the server's clock */
  send_signed(s, "RejectAssignment", NULL, "2015-08-29T12:36:00Z", 0, id,
              "fb");
  ck_assert_int_eq(resp.status, 400);
  ck_assert(has("<Code>RequestExpired</Code>"));
  ck_assert_int_eq(ra_refserver_lookup(s, id, &st, NULL, NULL, NULL), RA_OK);
  ck_assert_str_eq(st, "Submitted"); /* nothing went through */
  ra_free(id);
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_legacy__reject_state_machine)
{
  struct ra_refserver *s = make();
  char *id = NULL;
  char *fb = NULL;
  const char *st = NULL;
  ck_assert_int_eq(ra_refserver_seed(s, RA_REFSERVER_OWNER_KEY_ID,
                                     "Submitted", &id), RA_OK);
  send_signed(s, "RejectAssignment", NULL, NULL, 0, id, "Too short & <b>");
  ck_assert_int_eq(resp.status, 200);
  ck_assert(has("<RejectAssignmentResult><Request><IsValid>True</IsValid>"));
  ck_assert_int_eq(ra_refserver_lookup(s, id, &st, &fb, NULL, NULL), RA_OK);
  ck_assert_str_eq(st, "Rejected");
  ck_assert_str_eq(fb, "Too short & <b>");
  ra_free(fb);
  /* again: the state error inside the Result envelope, still 200 */
  send_signed(s, "RejectAssignment", NULL, NULL, 1, id, "again");
  ck_assert_int_eq(resp.status, 200);
  ck_assert(has("<IsValid>False</IsValid>"));
  ck_assert(has("AWS.MechanicalTurk.InvalidAssignmentState"));
  /* unknown assignment */
  send_signed(s, "RejectAssignment", NULL, NULL, 1,
              "3NOSUCHASSIGNMENT0000000000000", "x");
  ck_assert_int_eq(resp.status, 200);
  ck_assert(has("<IsValid>False</IsValid>"));
  ck_assert(has("AWS.MechanicalTurk.AssignmentDoesNotExist"));
  ra_free(id);
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_legacy__post_form_and_other_owner)
{
  struct ra_refserver *s = make();
  char *mine = NULL;
  char *theirs = NULL;
  const char *st = NULL;
  ck_assert_int_eq(ra_refserver_seed(s, RA_REFSERVER_OWNER_KEY_ID,
                                     "Submitted", &mine), RA_OK);
  ck_assert_int_eq(ra_refserver_seed(s, RA_REFSERVER_OTHER_KEY_ID,
                                     "Submitted", &theirs), RA_OK);
  send_signed(s, "RejectAssignment", NULL, NULL, 1, mine, NULL);
  ck_assert_int_eq(resp.status, 200);
  ck_assert(has("<IsValid>True</IsValid>")); /* feedback optional in 2014 */
  send_signed(s, "RejectAssignment", NULL, NULL, 1, theirs, "x");
  ck_assert(has("<IsValid>False</IsValid>"));
  ck_assert_int_eq(ra_refserver_lookup(s, theirs, &st, NULL, NULL, NULL),
                   RA_OK);
  ck_assert_str_eq(st, "Submitted");
  ra_free(mine);
  ra_free(theirs);
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_legacy__front_door_helper_escapes)
{
  ra_legacy_front_door(&resp, 400, "Bad<Code>", "a<b & \"c\"");
  ck_assert_int_eq(resp.status, 400);
  ck_assert(has("<Response><Errors><Error><Code>Bad&lt;Code&gt;</Code>"));
  ck_assert(has("a&lt;b &amp; "));
  ck_assert(!has("a<b"));
  ck_assert(has("</Response>"));
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("legacy");
  TCase *tc = tcase_create("legacy");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_legacy__front_door_refusals);
  tcase_add_test(tc, test_legacy__authentication_answers);
  tcase_add_test(tc, test_legacy__reject_state_machine);
  tcase_add_test(tc, test_legacy__post_form_and_other_owner);
  tcase_add_test(tc, test_legacy__front_door_helper_escapes);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
