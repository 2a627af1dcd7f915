/* Fixture providers without a network: answer parsers, the manifest's
 * hand-out order and exhaustion, the none provider's reason. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"
#include "runner/fixture.h"
#include "check_run.h"

static struct ra_target *parse_target(const char *fixtures)
{
  struct ra_target *t = NULL;
  struct ra_error err = RA_ERROR_INIT;
  char text[1024];
  snprintf(text, sizeof(text),
           "{\"name\": \"t\", \"endpoint\": \"http://127.0.0.1:9/\", "
           "\"profile\": \"json-2017\", \"requesters\": {\"owner\": "
           "{\"access_key_id\": \"AK\", \"secret_access_key\": \"s\"}}%s%s}",
           fixtures ? ", \"fixtures\": " : "", fixtures ? fixtures : "");
  ra_error_clear(&err);
  ck_assert_int_eq(ra_target_parse(&t, text, strlen(text), "t.json", &err),
                   RA_OK);
  return t;
}

START_TEST(test_fixture__parsers)
{
  struct ra_observation o;
  static const char ctl[] = "{\"AssignmentId\": \"A\", \"owner\": \"AK\", "
    "\"status\": \"Rejected\", \"RequesterFeedback\": \"a\\u0000b\"}";
  static const char ga[] = "{\"Assignment\": {\"AssignmentStatus\": "
    "\"Submitted\", \"RequesterFeedback\": null}}";
  static const char gx[] = "<GetAssignmentResponse><GetAssignmentResult>"
    "<Assignment><AssignmentStatus>Approved</AssignmentStatus>"
    "<RequesterFeedback>caf\xc3\xa9 &amp;</RequesterFeedback></Assignment>"
    "</GetAssignmentResult></GetAssignmentResponse>";
  ck_assert_int_eq(ra_fixture_parse_control(&o, ctl, sizeof(ctl) - 1), RA_OK);
  ck_assert_str_eq(o.status, "Rejected");
  ck_assert_int_eq(o.has_feedback, 1);
  ck_assert_int_eq((int)o.feedback_len, 3);
  ck_assert(!memcmp(o.feedback, "a\0b", 3));
  ra_observation_free(&o);
  ck_assert_int_eq(ra_fixture_parse_get_assignment_json(&o, ga,
                                                        sizeof(ga) - 1),
                   RA_OK);
  ck_assert_str_eq(o.status, "Submitted");
  ck_assert_int_eq(o.has_feedback, 0);
  ra_observation_free(&o);
  ck_assert_int_eq(ra_fixture_parse_get_assignment_xml(&o, gx,
                                                       sizeof(gx) - 1),
                   RA_OK);
  ck_assert_str_eq(o.status, "Approved");
  ck_assert_str_eq(o.feedback, "caf\xc3\xa9 &");
  ra_observation_free(&o);
  ck_assert_int_ne(ra_fixture_parse_control(&o, "{}", 2), RA_OK);
  ra_observation_free(&o);
  ck_assert_int_ne(ra_fixture_parse_get_assignment_xml(&o, "<a", 2), RA_OK);
  ra_observation_free(&o);
}
END_TEST

START_TEST(test_fixture__manifest_hands_out_each_id_once)
{
  struct ra_target *t = parse_target("{\"manifest\": {\"Submitted\": "
                                     "[\"S1\", \"S2\"], \"Approved\": "
                                     "[\"P1\"]}}");
  struct ra_fixture *f;
  struct ra_buf why;
  char *id;
  ra_buf_init(&why, RA_BUF_UNLIMITED);
  ck_assert_int_eq(ra_fixture_create(&f, t, ra_clock_system(), 1), RA_OK);
  ck_assert_int_eq(ra_fixture_observe_method(f), RA_OBSERVE_API);
  ck_assert_int_eq(ra_fixture_acquire(f, NULL, RA_FIXTURE_SUBMITTED,
                                      RA_REQUESTER_OWNER, &id, &why), RA_OK);
  ck_assert_str_eq(id, "S1");
  ra_free(id);
  ck_assert_int_eq(ra_fixture_acquire(f, NULL, RA_FIXTURE_SUBMITTED,
                                      RA_REQUESTER_OWNER, &id, &why), RA_OK);
  ck_assert_str_eq(id, "S2");
  ra_free(id);
  ck_assert_int_eq(ra_fixture_acquire(f, NULL, RA_FIXTURE_SUBMITTED,
                                      RA_REQUESTER_OWNER, &id, &why),
                   RA_E_NOT_FOUND);
  ck_assert_ptr_null(id);
  ck_assert_str_eq(ra_buf_str(&why),
                   "the manifest has no unused Submitted assignment left");
  ra_buf_reset(&why);
  ck_assert_int_eq(ra_fixture_acquire(f, NULL, RA_FIXTURE_APPROVED,
                                      RA_REQUESTER_OTHER, &id, &why),
                   RA_E_NOT_FOUND);
  ck_assert_ptr_nonnull(strstr(ra_buf_str(&why), "only the owner"));
  ra_fixture_free(f);
  /* without GetAssignment, nothing observes */
  ck_assert_int_eq(ra_fixture_create(&f, t, ra_clock_system(), 0), RA_OK);
  ck_assert_int_eq(ra_fixture_observe_method(f), RA_OBSERVE_NONE);
  ra_fixture_free(f);
  ra_buf_free(&why);
  ra_target_free(t);
}
END_TEST

START_TEST(test_fixture__none_provider_says_why)
{
  struct ra_target *t = parse_target(NULL);
  struct ra_fixture *f;
  struct ra_buf why;
  struct ra_observation o;
  char *id;
  ra_buf_init(&why, RA_BUF_UNLIMITED);
  ck_assert_int_eq(ra_fixture_create(&f, t, ra_clock_system(), 0), RA_OK);
  ck_assert_int_eq(ra_fixture_acquire(f, NULL, RA_FIXTURE_REJECTED,
                                      RA_REQUESTER_OWNER, &id, &why),
                   RA_E_NOT_FOUND);
  ck_assert_str_eq(ra_buf_str(&why), "needs a Rejected assignment and the "
                   "target has no fixture provider");
  ra_buf_reset(&why);
  ck_assert_int_eq(ra_fixture_observe(f, NULL, RA_PROFILE_JSON, "X", &o,
                                      &why), RA_E_UNSUPPORTED);
  ck_assert_ptr_nonnull(strstr(ra_buf_str(&why), "not observable"));
  ra_observation_free(&o);
  ck_assert_int_eq(ra_fixture_reset(f, NULL), RA_OK);
  ra_fixture_free(f);
  ra_buf_free(&why);
  ra_target_free(t);
}
END_TEST

static Suite *fixture_suite(void)
{
  Suite *s = suite_create("fixture");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_fixture__parsers);
  tcase_add_test(tc, test_fixture__manifest_hands_out_each_id_once);
  tcase_add_test(tc, test_fixture__none_provider_says_why);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(fixture_suite());
}
