/* Unit tests of client/outcome: the adapter's line as SPEC §5 defines it
 * (`ok`, or an error whose words carry the type and/or code). */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "client/outcome.h"
#include "client/scenario.h"
#include "check_run.h"

/* Judges line for scenario name (json-2017 script); returns the grade and
 * copies the reason into why (may be NULL). */
static ra_grade grade_of(const char *name, const char *line, char *why,
                         size_t why_size)
{
  const struct ra_cc_scenario *sc = ra_cc_scenario_find(name);
  struct ra_cc_outcome o;
  ra_grade g;
  ck_assert_ptr_nonnull(sc);
  ra_cc_outcome_init(&o);
  ra_cc_outcome_judge(&o, sc, ra_cc_scenario_script(sc, RA_PROFILE_JSON),
                      line, 1);
  g = o.grade;
  if(why) {
    strncpy(why, ra_buf_str(&o.reason), why_size - 1);
    why[why_size - 1] = '\0';
  }
  ra_cc_outcome_free(&o);
  return g;
}

START_TEST(test_outcome__words)
{
  ck_assert(ra_cc_line_has_word("ValidationException: 1 validation error",
                                "ValidationException"));
  ck_assert(ra_cc_line_has_word("error ValidationException",
                                "ValidationException"));
  ck_assert(ra_cc_line_has_word(
      "com.amazon.coral.validate#ValidationException",
      "ValidationException"));
  ck_assert(ra_cc_line_has_word("RequestError: x "
                                "(AWS.MechanicalTurk.InvalidAssignmentState).",
                                "AWS.MechanicalTurk.InvalidAssignmentState"));
  ck_assert(ra_cc_line_has_word("code=\"RequestError\"", "RequestError"));
  ck_assert(!ra_cc_line_has_word("RequestErrorX", "RequestError"));
  ck_assert(!ra_cc_line_has_word("MechanicalTurk.InvalidAssignmentState",
                                 "AWS.MechanicalTurk.InvalidAssignmentState"));
  ck_assert(!ra_cc_line_has_word("", "ok"));
  ck_assert(ra_cc_line_is_ok("ok"));
  ck_assert(!ra_cc_line_is_ok("ok but"));
  ck_assert(!ra_cc_line_is_ok("error ok"));
}
END_TEST

START_TEST(test_outcome__bare_codes_and_error_prefix)
{
  const char *code = "AWS.MechanicalTurk.InvalidAssignmentState";
  char line[200];
  /* Bare, prefixed, with punctuation: all carry the code. */
  ck_assert_int_eq(grade_of("invalid-state", code, NULL, 0), RA_GRADE_OK);
  snprintf(line, sizeof(line), "error RequestError %s", code);
  ck_assert_int_eq(grade_of("invalid-state", line, NULL, 0), RA_GRADE_OK);
  snprintf(line, sizeof(line), "RequestError: %s: message", code);
  ck_assert_int_eq(grade_of("invalid-state", line, NULL, 0), RA_GRADE_OK);
  ck_assert_int_eq(grade_of("validation-error", "ValidationException: 1 "
                            "validation error detected", NULL, 0),
                   RA_GRADE_OK);
  ck_assert_int_eq(grade_of("bad-signature", "InvalidSignatureException",
                            NULL, 0), RA_GRADE_OK);
  /* Any error where any error will do, with or without "error". */
  ck_assert_int_eq(grade_of("malformed-html", "SyntaxError", NULL, 0),
                   RA_GRADE_OK);
  ck_assert_int_eq(grade_of("malformed-html", "error", NULL, 0),
                   RA_GRADE_OK);
  ck_assert_int_eq(grade_of("feedback-1025", "RequestError", NULL, 0),
                   RA_GRADE_OK);
  ck_assert_int_eq(grade_of("success", "ok", NULL, 0), RA_GRADE_OK);
}
END_TEST

START_TEST(test_outcome__type_without_code_is_weaker)
{
  char why[400];
  ck_assert_int_eq(grade_of("invalid-state", "RequestError: This operation "
                            "can be called with a status of: Submitted", why,
                            sizeof(why)), RA_GRADE_NON_STRICT);
  ck_assert_ptr_nonnull(strstr(why, "exposes the error type RequestError "
                                    "but not the code"));
  ck_assert_int_eq(grade_of("does-not-exist", "RequestError", why,
                            sizeof(why)), RA_GRADE_NON_STRICT);
}
END_TEST

START_TEST(test_outcome__success_or_wrong_error_fails)
{
  char why[400];
  ck_assert_int_eq(grade_of("invalid-state", "ok", why, sizeof(why)),
                   RA_GRADE_NONE);
  ck_assert_ptr_nonnull(strstr(why, "reported success for an error"));
  ck_assert_int_eq(grade_of("invalid-state",
                            "AWS.MechanicalTurk.AssignmentDoesNotExist", why,
                            sizeof(why)), RA_GRADE_NONE);
  ck_assert_ptr_nonnull(strstr(why, "carries neither the code"));
  ck_assert_int_eq(grade_of("validation-error", "RequestError", why,
                            sizeof(why)), RA_GRADE_NONE);
  ck_assert_int_eq(grade_of("success", "error", why, sizeof(why)),
                   RA_GRADE_NONE);
  ck_assert_int_eq(grade_of("malformed-truncated", "ok", why, sizeof(why)),
                   RA_GRADE_NONE);
  ck_assert_int_eq(grade_of("unavailable-gives-up", "ok", why, sizeof(why)),
                   RA_GRADE_NONE);
  ck_assert_ptr_nonnull(strstr(why, "every attempt failed"));
}
END_TEST

START_TEST(test_outcome__display_escapes)
{
  struct ra_buf b;
  char big[1000];
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_cc_line_display(&b, "a\x1b[31mred\x9b\xc2\x9b caf\xc3\xa9 \\ \x7f");
  ck_assert_str_eq(ra_buf_str(&b),
                   "a\\x1B[31mred\\x9B\\xC2\\x9B caf\xc3\xa9 \\x5C \\x7F");
  ra_buf_reset(&b);
  memset(big, 'x', sizeof(big) - 1);
  big[sizeof(big) - 1] = '\0';
  ra_cc_line_display(&b, big);
  ck_assert_uint_eq(b.len, RA_CC_LINE_SHOWN + 3);
  ra_buf_free(&b);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("outcome");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_outcome__words);
  tcase_add_test(tc, test_outcome__bare_codes_and_error_prefix);
  tcase_add_test(tc, test_outcome__type_without_code_is_weaker);
  tcase_add_test(tc, test_outcome__success_or_wrong_error_fails);
  tcase_add_test(tc, test_outcome__display_escapes);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
