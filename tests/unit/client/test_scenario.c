/* Unit tests of client/scenario: the table is complete and consistent. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "client/scenario.h"
#include "core/alloc.h"
#include "proto/utf8.h"
#include "check_run.h"

START_TEST(test_scenario__table)
{
  size_t n, i, j;
  const struct ra_cc_scenario *sc = ra_cc_scenarios(&n);
  ck_assert_uint_ge(n, 10);
  for(i = 0; i < n; i++) {
    ra_profile p;
    for(j = i + 1; j < n; j++)
      ck_assert_str_ne(sc[i].name, sc[j].name);
    ck_assert_ptr_eq(ra_cc_scenario_find(sc[i].name), &sc[i]);
    ck_assert(sc[i].source && (!strncmp(sc[i].source, "doc:", 4) ||
                               !strncmp(sc[i].source, "observed:", 9) ||
                               !strncmp(sc[i].source, "inferred:", 9)));
    for(p = RA_PROFILE_LEGACY; p <= RA_PROFILE_JSON; p++) {
      const struct ra_cc_script *s = ra_cc_scenario_script(&sc[i], p);
      if(!s)
        continue;
      ck_assert_uint_ge(s->count, 1);
      ck_assert_uint_le(s->count, RA_CC_MAX_ANSWERS);
      if(sc[i].expect == RA_CC_EXPECT_ERROR)
        ck_assert_ptr_nonnull(s->code);
      ck_assert_uint_le(sc[i].attempts_min, sc[i].attempts_max);
      ck_assert_uint_ge(sc[i].attempts_max, 1);
      ck_assert_uint_le(sc[i].attempts_max, RA_CC_GIVE_UP_MAX_ATTEMPTS);
      /* A retry-then-success scenario scripts attempts-1 failures, then a
       * success; a give-up scenario fails every attempt (the last answer
       * repeats). */
      if(sc[i].retry == RA_CC_RETRY_THEN_SUCCESS) {
        ck_assert_uint_eq(sc[i].attempts_min, sc[i].attempts_max);
        ck_assert_uint_eq(s->count, sc[i].attempts_min);
        ck_assert_int_eq(s->answers[s->count - 1].kind, RA_CC_ANSWER_PASS);
        for(j = 0; j + 1 < s->count; j++)
          ck_assert_int_eq(s->answers[j].kind, RA_CC_ANSWER_SCRIPT);
      }
      if(sc[i].retry == RA_CC_RETRY_GIVE_UP) {
        ck_assert_uint_ge(sc[i].attempts_min, 2);
        ck_assert_int_eq(s->answers[s->count - 1].kind, RA_CC_ANSWER_SCRIPT);
        ck_assert_int_ne(sc[i].expect, RA_CC_EXPECT_OK);
      }
      /* Every real SDK's default allows 3 attempts: no retry scenario may
       * need more (SPEC 5). */
      if(sc[i].retry == RA_CC_RETRY_THEN_SUCCESS)
        ck_assert_uint_le(sc[i].attempts_min, 3);
    }
  }
  ck_assert_ptr_null(ra_cc_scenario_find("no-such-scenario"));
}
END_TEST

START_TEST(test_scenario__feedback)
{
  size_t len;
  char *f = ra_cc_feedback_make(RA_CC_FEEDBACK_MAX, &len);
  ck_assert_uint_eq(len, 2048);
  ck_assert_uint_eq(ra_utf8_codepoints(f, len), 1024);
  ra_free(f);
  f = ra_cc_feedback_make(RA_CC_FEEDBACK_OVER, &len);
  ck_assert_uint_eq(ra_utf8_codepoints(f, len), 1025);
  ra_free(f);
  f = ra_cc_feedback_make(RA_CC_FEEDBACK_UNICODE, &len);
  ck_assert(ra_utf8_valid(f, len, NULL));
  ck_assert_ptr_nonnull(strstr(f, "\xf0\x9f\x98\x80"));  /* 4-byte */
  ck_assert_ptr_nonnull(strstr(f, "e\xcc\x81"));         /* combining */
  ck_assert_ptr_nonnull(strstr(f, "\xe2\x82\xac"));      /* 3-byte */
  ck_assert_ptr_nonnull(strstr(f, "a+b&c=d%20"));
  ck_assert_uint_eq(ra_feedback_check(f, len, RA_LENGTH_CODEPOINTS,
                                      RA_FEEDBACK_MAX_CHARS), RA_FEEDBACK_OK);
  ra_free(f);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("scenario");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_scenario__table);
  tcase_add_test(tc, test_scenario__feedback);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
