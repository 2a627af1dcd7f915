/* Unit tests of the reference server's operation core (server/operation):
 * the state machine, ownership, the RequesterFeedback rules, and the
 * operation-level seeded defects and variants, without any wire format
 * (the front doors are tested by test_legacy.c, test_jsonapi.c and
 * test_refserver.c). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "server/operation.h"
#include "server/refserver.h"
#include "check_run.h"

#define OWNER RA_REFSERVER_OWNER_KEY_ID
#define OTHER RA_REFSERVER_OTHER_KEY_ID

static struct ra_refserver *make(const char *defect, const char *variant)
{
  struct ra_refserver_config cfg;
  struct ra_refserver *s = NULL;
  struct ra_error err = RA_ERROR_INIT;
  ra_refserver_config_init(&cfg);
  cfg.seed = 7;
  if(defect) {
    cfg.defects = &defect;
    cfg.defect_count = 1;
  }
  if(variant) {
    cfg.variants = &variant;
    cfg.variant_count = 1;
  }
  ck_assert_int_eq(ra_refserver_new(&s, &cfg, &err), RA_OK);
  return s;
}

static char *seed(struct ra_refserver *s, const char *status)
{
  char *id = NULL;
  ck_assert_int_eq(ra_refserver_seed(s, OWNER, status, &id), RA_OK);
  return id;
}

static void request(struct ra_operation_request *rq, ra_op op,
                    const char *akid, const char *id, const char *fb)
{
  memset(rq, 0, sizeof(*rq));
  rq->op = op;
  rq->profile = RA_SERVE_JSON;
  rq->akid = akid;
  rq->id = id;
  if(fb) {
    rq->has_feedback = 1;
    rq->feedback = fb;
    rq->feedback_len = strlen(fb);
  }
}

static ra_operation_outcome run(struct ra_refserver *s,
                                const struct ra_operation_request *rq,
                                struct ra_operation_result *r)
{
  ra_operation_run(s, rq, r);
  return r->outcome;
}

/* The stored status, and feedback (a new string or NULL). */
static const char *status_of(struct ra_refserver *s, const char *id,
                             char **feedback)
{
  const char *status = NULL;
  char *fb = NULL;
  size_t len = 0;
  ck_assert_int_eq(ra_refserver_lookup(s, id, &status, &fb, &len, NULL),
                   RA_OK);
  if(feedback)
    *feedback = fb;
  else
    ra_free(fb);
  return status;
}

/* n copies of a character (UTF-8 text c). */
static char *repeat(const char *c, size_t n)
{
  struct ra_buf b;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  while(n--)
    ra_buf_puts(&b, c);
  return ra_buf_take(&b, NULL);
}

START_TEST(test_operation__reject_once)
{
  struct ra_refserver *s = make(NULL, NULL);
  char *id = seed(s, "Submitted");
  struct ra_operation_request rq;
  struct ra_operation_result r;
  char *fb;

  request(&rq, RA_OP_REJECT, OWNER, id, "not \xC3\xA9nough\ttabs");
  ck_assert_int_eq(run(s, &rq, &r), RA_OPERATION_DONE);
  ra_operation_result_free(&r);
  ck_assert_str_eq(status_of(s, id, &fb), "Rejected");
  ck_assert_str_eq(fb, "not \xC3\xA9nough\ttabs");
  ra_free(fb);
  ck_assert_int_eq(run(s, &rq, &r), RA_OPERATION_BAD_STATE);
  ck_assert_int_eq(r.current, RA_ASSIGN_REJECTED);
  ck_assert_str_eq(r.expected, "Submitted");
  ra_operation_result_free(&r);
  ra_free(id);
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_operation__ownership)
{
  struct ra_refserver *s = make(NULL, NULL);
  char *id = seed(s, "Submitted");
  struct ra_operation_request rq;
  struct ra_operation_result r;

  request(&rq, RA_OP_REJECT, OTHER, id, "x");
  ck_assert_int_eq(run(s, &rq, &r), RA_OPERATION_NOT_OWNER);
  ck_assert_str_eq(status_of(s, id, NULL), "Submitted");
  request(&rq, RA_OP_GET, OTHER, id, NULL);
  ck_assert_int_eq(run(s, &rq, &r), RA_OPERATION_NOT_OWNER);
  ck_assert_ptr_null(r.assignment.id);
  request(&rq, RA_OP_REJECT, OWNER, "3NOSUCHASSIGNMENT", "x");
  ck_assert_int_eq(run(s, &rq, &r), RA_OPERATION_NO_SUCH);
  request(&rq, RA_OP_GET, OWNER, id, NULL);
  ck_assert_int_eq(run(s, &rq, &r), RA_OPERATION_DONE);
  ck_assert_str_eq(r.assignment.id, id);
  ck_assert_int_eq(r.assignment.status, RA_ASSIGN_SUBMITTED);
  ra_operation_result_free(&r);
  ra_free(id);
  ra_refserver_stop(s);

  s = make("no-owner-check", NULL);
  id = seed(s, "Submitted");
  request(&rq, RA_OP_REJECT, OTHER, id, "x");
  ck_assert_int_eq(run(s, &rq, &r), RA_OPERATION_DONE);
  ra_free(id);
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_operation__feedback_rules)
{
  struct ra_refserver *s = make(NULL, NULL);
  char *id = seed(s, "Submitted");
  char *limit = repeat("\xE2\x82\xAC", 1024);  /* 1024 code points */
  char *over = repeat("a", 1025);
  struct ra_operation_request rq;
  struct ra_operation_result r;
  static const char *const bad[] = {"a\x01z", "a\x0Bz", "a\x1Fz",
                                    "\xC3\x28", "\xED\xA0\x80"};
  static const ra_feedback_verdict why[] = {
    RA_FEEDBACK_CONTROL_CHAR, RA_FEEDBACK_CONTROL_CHAR,
    RA_FEEDBACK_CONTROL_CHAR, RA_FEEDBACK_INVALID_UTF8,
    RA_FEEDBACK_INVALID_UTF8
  };
  size_t i;

  request(&rq, RA_OP_REJECT, OWNER, id, over);
  ck_assert_int_eq(run(s, &rq, &r), RA_OPERATION_FEEDBACK_REFUSED);
  ck_assert_int_eq(r.verdict, RA_FEEDBACK_TOO_LONG);
  for(i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    request(&rq, RA_OP_REJECT, OWNER, id, bad[i]);
    ck_assert_int_eq(run(s, &rq, &r), RA_OPERATION_FEEDBACK_REFUSED);
    ck_assert_int_eq(r.verdict, why[i]);
  }
  /* nothing changed while refusing */
  ck_assert_str_eq(status_of(s, id, NULL), "Submitted");
  request(&rq, RA_OP_REJECT, OWNER, id, limit);
  ck_assert_int_eq(run(s, &rq, &r), RA_OPERATION_DONE);
  ra_free(limit);
  ra_free(over);
  ra_free(id);
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_operation__count_utf16_variant)
{
  struct ra_refserver *s = make(NULL, "count-utf16");
  char *astral = repeat("\xF0\x9F\x98\x80", 513); /* 1026 UTF-16 units */
  struct ra_buf stored;
  ra_buf_init(&stored, RA_BUF_UNLIMITED);
  ck_assert_int_eq(ra_operation_check_feedback(s, astral, strlen(astral),
                                               &stored),
                   RA_FEEDBACK_TOO_LONG);
  ra_refserver_stop(s);
  s = make(NULL, NULL);
  ck_assert_int_eq(ra_operation_check_feedback(s, astral, strlen(astral),
                                               &stored), RA_FEEDBACK_OK);
  ck_assert_uint_eq(stored.len, strlen(astral));
  ra_buf_free(&stored);
  ra_free(astral);
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_operation__approve_and_override)
{
  struct ra_refserver *s = make(NULL, NULL);
  char *id = seed(s, "Rejected");
  struct ra_operation_request rq;
  struct ra_operation_result r;

  request(&rq, RA_OP_APPROVE, OWNER, id, NULL);
  ck_assert_int_eq(run(s, &rq, &r), RA_OPERATION_BAD_STATE);
  ck_assert_str_eq(r.expected, "Submitted");
  rq.override_rejection = 1;
  ck_assert_int_eq(run(s, &rq, &r), RA_OPERATION_DONE);
  ck_assert_str_eq(r.expected, "Submitted, Rejected");
  ck_assert_str_eq(status_of(s, id, NULL), "Approved");
  request(&rq, RA_OP_APPROVE_REJECTED, OWNER, id, NULL);
  ck_assert_int_eq(run(s, &rq, &r), RA_OPERATION_BAD_STATE);
  ck_assert_str_eq(r.expected, "Rejected");
  ck_assert_int_eq(r.current, RA_ASSIGN_APPROVED);
  ra_free(id);
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_operation__state_defects)
{
  struct ra_refserver *s = make("state-before-validate", NULL);
  char *id = seed(s, "Submitted");
  char *over = repeat("a", 1025);
  struct ra_operation_request rq;
  struct ra_operation_result r;

  /* the seeded bug: rejected although the feedback is refused */
  request(&rq, RA_OP_REJECT, OWNER, id, over);
  ck_assert_int_eq(run(s, &rq, &r), RA_OPERATION_FEEDBACK_REFUSED);
  ck_assert_str_eq(status_of(s, id, NULL), "Rejected");
  ra_free(id);
  ra_refserver_stop(s);

  s = make("reject-approved", NULL);
  id = seed(s, "Approved");
  request(&rq, RA_OP_REJECT, OWNER, id, "x");
  ck_assert_int_eq(run(s, &rq, &r), RA_OPERATION_DONE);
  ck_assert_str_eq(status_of(s, id, NULL), "Rejected");
  ra_free(id);
  ra_free(over);
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_operation__storage_defects)
{
  struct ra_refserver *s = make("cesu8-surrogates", NULL);
  char *a = seed(s, "Submitted");
  char *b = seed(s, "Submitted");
  struct ra_operation_request rq;
  struct ra_operation_result r;
  char *fb;

  /* json-2017 only: the legacy front door stores the bytes as sent */
  request(&rq, RA_OP_REJECT, OWNER, a, "\xF0\x9F\x98\x80");
  ck_assert_int_eq(run(s, &rq, &r), RA_OPERATION_DONE);
  status_of(s, a, &fb);
  ck_assert_str_eq(fb, "\xED\xA0\xBD\xED\xB8\x80");
  ra_free(fb);
  rq.profile = RA_SERVE_LEGACY;
  rq.id = b;
  ck_assert_int_eq(run(s, &rq, &r), RA_OPERATION_DONE);
  status_of(s, b, &fb);
  ck_assert_str_eq(fb, "\xF0\x9F\x98\x80");
  ra_free(fb);
  ra_free(a);
  ra_free(b);
  ra_refserver_stop(s);

  /* duplicate-feedback-split: the front door names what to store */
  s = make(NULL, NULL);
  a = seed(s, "Submitted");
  request(&rq, RA_OP_REJECT, OWNER, a, "checked");
  rq.store_instead = "a\x01stored";
  rq.store_instead_len = 8;
  ck_assert_int_eq(run(s, &rq, &r), RA_OPERATION_DONE);
  status_of(s, a, &fb);
  ck_assert_str_eq(fb, "a\x01stored");
  ra_free(fb);
  ra_free(a);
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_operation__peek)
{
  struct ra_refserver *s = make(NULL, NULL);
  char *sub = seed(s, "Submitted");
  char *app = seed(s, "Approved");
  ra_assign_status cur = RA_ASSIGN_SUBMITTED;
  ck_assert_int_eq(ra_operation_peek(s, sub, &cur), RA_OPERATION_DONE);
  ck_assert_int_eq(ra_operation_peek(s, app, &cur), RA_OPERATION_BAD_STATE);
  ck_assert_int_eq(cur, RA_ASSIGN_APPROVED);
  ck_assert_int_eq(ra_operation_peek(s, "3NOSUCH", &cur),
                   RA_OPERATION_NO_SUCH);
  ck_assert_str_eq(ra_op_name(RA_OP_APPROVE_REJECTED),
                   "ApproveRejectedAssignment");
  ra_free(sub);
  ra_free(app);
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_operation__feedback_defects)
{
  struct ra_refserver *s = make("feedback-off-by-one", NULL);
  char *over = repeat("a", 1025);
  struct ra_buf stored;
  ra_buf_init(&stored, RA_BUF_UNLIMITED);
  ck_assert_int_eq(ra_operation_check_feedback(s, over, 1025, &stored),
                   RA_FEEDBACK_OK);
  ck_assert_uint_eq(stored.len, 1025);
  ra_refserver_stop(s);
  s = make("html-escape-feedback", NULL);
  ck_assert_int_eq(ra_operation_check_feedback(s, "<b>", 3, &stored),
                   RA_FEEDBACK_OK);
  ck_assert_str_eq(ra_buf_str(&stored), "&lt;b&gt;");
  ra_buf_free(&stored);
  ra_free(over);
  ra_refserver_stop(s);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("operation");
  TCase *tc = tcase_create("operation");
  tcase_add_test(tc, test_operation__reject_once);
  tcase_add_test(tc, test_operation__ownership);
  tcase_add_test(tc, test_operation__feedback_rules);
  tcase_add_test(tc, test_operation__count_utf16_variant);
  tcase_add_test(tc, test_operation__approve_and_override);
  tcase_add_test(tc, test_operation__state_defects);
  tcase_add_test(tc, test_operation__storage_defects);
  tcase_add_test(tc, test_operation__peek);
  tcase_add_test(tc, test_operation__feedback_defects);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
