/* Unit tests of runner/rejudge: a recording judged again with the server
 * stopped gives the recorded verdicts in the run's order; a changed
 * expectation changes the verdict, a changed request or a case gone from
 * the catalogue is a skip saying so; a missing, foreign or newer recording
 * is refused with the right code. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "runner/rejudge.h"
#include "recording_sample.h"
#include "check_run.h"

static const struct ra_verdict *find(const struct ra_run *run,
                                     const char *id, const char *profile)
{
  size_t i;
  for(i = 0; i < run->count; i++)
    if(!strcmp(run->verdicts[i].case_id, id) &&
       !strcmp(run->verdicts[i].profile, profile))
      return &run->verdicts[i];
  ck_abort_msg("%s %s not in the run", id, profile);
  return NULL;
}

START_TEST(test_rejudge__same_verdicts_without_the_target)
{
  struct recording r;
  struct ra_run again;
  struct ra_error err = RA_ERROR_INIT;
  size_t i;
  sample_record(&r);
  ck_assert_msg(ra_rejudge_run(&again, r.dir, &r.set, 0, &err) == RA_OK,
                "%s", err.text);
  ck_assert_uint_eq(again.count, r.run.count);
  for(i = 0; i < again.count; i++) {
    const struct ra_verdict *a = &again.verdicts[i], *b = &r.run.verdicts[i];
    ck_assert_str_eq(a->case_id, b->case_id);
    ck_assert_str_eq(a->profile, b->profile);
    ck_assert_str_eq(a->group, b->group);
    ck_assert_int_eq(a->status, b->status);
    ck_assert_int_eq(a->grade, b->grade);
    ck_assert_ptr_null(a->note); /* judged again, not replayed */
  }
  ck_assert_str_eq(again.suite_version, RA_VERSION);
  ck_assert_str_eq(again.profile, "legacy-2014,json-2017");
  ck_assert_str_eq(again.endpoint_class, "loopback");
  ck_assert_int_eq(again.strict, 0);
  ra_run_free(&again);
  sample_free(&r);
}
END_TEST

START_TEST(test_rejudge__changed_expectation_request_and_catalogue)
{
  struct recording r;
  struct ra_run again;
  struct ra_error err = RA_ERROR_INIT;
  const struct ra_verdict *v;
  char *gone;
  sample_record(&r);
  /* the expectation: judged again, now failing (json-2017 only) */
  sample_edit_case(&r, "RA-STATE-0010", "\"type\": \"RequestError\"",
                   "\"type\": \"ServiceFault\"");
  /* the request: skipped */
  sample_edit_case(&r, "RA-STATE-0001", "\"RequesterFeedback\": \"",
                   "\"RequesterFeedback\": \"Changed. ");
  /* gone from the catalogue: skipped */
  gone = ra_path_join(r.cases, "RA-STATE-0011.json");
  ck_assert_int_eq(unlink(gone), 0);
  ra_free(gone);
  sample_reload(&r);
  ck_assert_msg(ra_rejudge_run(&again, r.dir, &r.set, 0, &err) == RA_OK,
                "%s", err.text);
  ck_assert_uint_eq(again.count, 5);
  v = find(&again, "RA-STATE-0010", "json-2017");
  ck_assert_int_eq(v->status, RA_STATUS_FAIL);
  v = find(&again, "RA-STATE-0010", "legacy-2014");
  ck_assert_int_eq(v->status, RA_STATUS_PASS);
  v = find(&again, "RA-STATE-0001", "json-2017");
  ck_assert_int_eq(v->status, RA_STATUS_SKIP);
  ck_assert_ptr_nonnull(strstr(v->reason, "request has changed since the "
                               "recording"));
  v = find(&again, "RA-STATE-0011", "legacy-2014");
  ck_assert_int_eq(v->status, RA_STATUS_SKIP);
  ck_assert_str_eq(v->reason, "not re-judged: the case is no longer in the "
                   "catalogue");
  ck_assert_str_eq(v->group, "legacy-2014.unknown");
  ra_run_free(&again);
  sample_free(&r);
}
END_TEST

START_TEST(test_rejudge__refused_recordings)
{
  struct recording r;
  struct ra_run again;
  struct ra_error err = RA_ERROR_INIT;
  char *manifest, *text, *newer, *at;
  sample_record(&r);
  ck_assert_int_eq(ra_rejudge_run(&again, r.cases, &r.set, 0, &err),
                   RA_E_IO); /* no recording.json there */
  ra_error_clear(&err); /* errors keep their first cause: each call anew */
  manifest = ra_path_join(r.dir, "recording.json");
  text = sample_read(manifest);
  at = strstr(text, RA_RECORD_FORMAT);
  ck_assert_ptr_nonnull(at);
  newer = ra_strdup(text);
  newer[(at - text) + strlen(RA_RECORD_FORMAT) - 1] = '9';
  sample_write(manifest, newer);
  ck_assert_int_eq(ra_rejudge_run(&again, r.dir, &r.set, 0, &err),
                   RA_E_UNSUPPORTED);
  ck_assert_ptr_nonnull(strstr(err.text, "is not supported"));
  ra_error_clear(&err);
  sample_write(manifest, "{\"format\": \"something else\"}");
  ck_assert_int_eq(ra_rejudge_run(&again, r.dir, &r.set, 0, &err),
                   RA_E_PARSE);
  ra_error_clear(&err);
  sample_write(manifest, "{\"format\": ");
  ck_assert_int_eq(ra_rejudge_run(&again, r.dir, &r.set, 0, &err),
                   RA_E_PARSE);
  ck_assert_int_gt(err.line, 0);
  ra_free(newer);
  ra_free(text);
  ra_free(manifest);
  sample_free(&r);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("rejudge");
  TCase *tc = tcase_create("rejudge");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, test_rejudge__same_verdicts_without_the_target);
  tcase_add_test(tc, test_rejudge__changed_expectation_request_and_catalogue);
  tcase_add_test(tc, test_rejudge__refused_recordings);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
