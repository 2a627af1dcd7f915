/* Unit tests of client/clientcheck, the examiner behind `raconform
 * client-check`: scenario validation, the default fixture root, and real
 * examinations of three small clients on the in-process reference server:
 * a correct one (tests/clients/sigv4_minimal.py through
 * broken_signer_adapter.py with no bug), the same with a broken payload
 * hash, and a shell client that sends nothing but claims success (its
 * "outcome" check passes, since that judges what it reported; "attempts"
 * catches it). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/clientcheck.h"
#include "proto/verdict.h"
#include "response/response.h"
#include "check_run.h"

static const char *src(void)
{
  const char *s = getenv("RACONFORM_SOURCE_DIR");
  return s ? s : ".";
}

static const struct ra_verdict *find(const struct ra_run *run, const char *id)
{
  size_t i;
  for(i = 0; i < run->count; i++)
    if(!strcmp(run->verdicts[i].case_id, id))
      return &run->verdicts[i];
  ck_abort_msg("no verdict '%s'", id);
  return NULL;
}

START_TEST(test_clientcheck__validate)
{
  struct ra_clientcheck_opts o;
  struct ra_error err;
  const char *names[] = {"success", "no-such-scenario"};
  char *argv[] = {(char *)"true", NULL};
  memset(&o, 0, sizeof(o));
  o.profile = RA_PROFILE_JSON;
  ra_error_clear(&err);
  ck_assert_int_eq(ra_clientcheck_validate(&o, &err), RA_E_USAGE);
  ck_assert_ptr_nonnull(strstr(err.text, "no COMMAND"));
  o.argv = argv;
  ck_assert_int_eq(ra_clientcheck_validate(&o, &err), RA_OK); /* all */
  o.scenarios = names;
  o.scenario_count = 1;
  ck_assert_int_eq(ra_clientcheck_validate(&o, &err), RA_OK);
  o.scenario_count = 2;
  ra_error_clear(&err);
  ck_assert_int_eq(ra_clientcheck_validate(&o, &err), RA_E_USAGE);
  ck_assert_ptr_nonnull(strstr(err.text, "no-such-scenario"));
}
END_TEST

START_TEST(test_clientcheck__fixtures_dir)
{
  const char *d = ra_clientcheck_fixtures_dir();
  char want[1024];
  snprintf(want, sizeof(want), "%s/vectors/responses", src());
  ck_assert_str_eq(d, want);
}
END_TEST

/* Examines one scenario of a client; run is the caller's. */
static void examine(struct ra_run *run, const char *scenario,
                    char *const *argv)
{
  struct ra_clientcheck_opts o;
  struct ra_error err;
  const char *names[1];
  names[0] = scenario;
  memset(&o, 0, sizeof(o));
  o.profile = RA_PROFILE_JSON;
  o.scenarios = names;
  o.scenario_count = 1;
  o.timeout_s = 30;
  o.argv = argv;
  ra_response_global_init();
  ra_run_init(run);
  ck_assert_msg(ra_clientcheck_run(run, &o, &err) == RA_OK, "%s", err.text);
  ck_assert_uint_gt(run->count, 1);
}

START_TEST(test_clientcheck__correct_client_passes)
{
  struct ra_run run;
  char script[1024];
  char *argv[] = {(char *)"/usr/bin/python3", script, NULL};
  size_t i;
  snprintf(script, sizeof(script), "%s/tests/clients/broken_signer_adapter.py",
           src());
  setenv("BROKEN_SIGNER_BUG", "none", 1); /* sigv4_minimal: no defect */
  examine(&run, "success", argv);
  for(i = 0; i < run.count; i++) {
    const struct ra_verdict *v = &run.verdicts[i];
    ck_assert_msg(!strncmp(v->case_id, "success/", 8), "%s", v->case_id);
    ck_assert_msg(v->status == RA_STATUS_PASS, "%s: %s (%s)", v->case_id,
                  ra_status_name(v->status), v->reason ? v->reason : "");
    ck_assert_str_eq(v->profile, "json-2017");
  }
  ck_assert_int_eq(find(&run, "success/outcome")->status, RA_STATUS_PASS);
  ra_run_free(&run);
}
END_TEST

START_TEST(test_clientcheck__broken_signature_fails_with_reason)
{
  struct ra_run run;
  char script[1024];
  char *argv[] = {(char *)"/usr/bin/python3", script, NULL};
  const struct ra_verdict *v;
  size_t i;
  snprintf(script, sizeof(script), "%s/tests/clients/broken_signer_adapter.py",
           src());
  setenv("BROKEN_SIGNER_BUG", "payload-hash", 1);
  examine(&run, "success", argv);
  v = find(&run, "success/signature");
  ck_assert_int_eq(v->status, RA_STATUS_FAIL);
  ck_assert_ptr_nonnull(strstr(v->reason, "payload hash"));
  v = find(&run, "success/outcome");
  ck_assert_int_eq(v->status, RA_STATUS_FAIL);
  ck_assert_ptr_nonnull(strstr(v->reason, "InvalidSignatureException"));
  for(i = 0; i < run.count; i++) { /* secrets never reach a verdict */
    const struct ra_verdict *x = &run.verdicts[i];
    ck_assert(!x->reason || !strstr(x->reason, "ForTestsOnly"));
    ck_assert(!x->request || !strstr(x->request, "ForTestsOnly"));
  }
  ra_run_free(&run);
}
END_TEST

START_TEST(test_clientcheck__silent_liar_is_caught)
{
  struct ra_run run;
  char *argv[] = {(char *)"/bin/sh", (char *)"-c", (char *)"echo ok", NULL};
  size_t i, failed = 0;
  const struct ra_verdict *v;
  examine(&run, "success", argv);
  for(i = 0; i < run.count; i++)
    failed += run.verdicts[i].status == RA_STATUS_FAIL;
  ck_assert_uint_eq(failed, 1);
  /* what it said matches the scenario; what it sent does not */
  v = find(&run, "success/attempts");
  ck_assert_int_eq(v->status, RA_STATUS_FAIL);
  ck_assert_ptr_nonnull(strstr(v->reason, "0 requests"));
  v = find(&run, "success/signature");
  ck_assert_int_eq(v->status, RA_STATUS_SKIP);
  ck_assert_ptr_nonnull(strstr(v->reason, "no request"));
  ra_run_free(&run);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("clientcheck");
  TCase *tc = tcase_create("clientcheck");
  tcase_set_timeout(tc, 90);
  tcase_add_test(tc, test_clientcheck__validate);
  tcase_add_test(tc, test_clientcheck__fixtures_dir);
  tcase_add_test(tc, test_clientcheck__correct_client_passes);
  tcase_add_test(tc, test_clientcheck__broken_signature_fails_with_reason);
  tcase_add_test(tc, test_clientcheck__silent_liar_is_caught);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
