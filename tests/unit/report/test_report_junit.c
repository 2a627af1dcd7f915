#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "core/alloc.h"
#include "report/report_junit.h"
#include "report_sample.h"
#include "check_run.h"

static char tmpdir[256];

static void setup(void)
{
  snprintf(tmpdir, sizeof(tmpdir), "/tmp/ra-junit-XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
  char cmd[300];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
  if(system(cmd)) {
    /* best effort */
  }
}

/* 0 when path validates against the schema copy in the golden folder. */
static int validate(const char *path)
{
  char xsd[1024];
  xmlSchemaParserCtxtPtr pctx;
  xmlSchemaPtr schema;
  xmlSchemaValidCtxtPtr vctx;
  int rc;
  sample_golden_path(xsd, sizeof(xsd), "junit-10.xsd");
  pctx = xmlSchemaNewParserCtxt(xsd);
  schema = xmlSchemaParse(pctx);
  ck_assert_ptr_nonnull(schema);
  vctx = xmlSchemaNewValidCtxt(schema);
  rc = xmlSchemaValidateFile(vctx, path, 0);
  xmlSchemaFreeValidCtxt(vctx);
  xmlSchemaFree(schema);
  xmlSchemaFreeParserCtxt(pctx);
  return rc;
}

START_TEST(test_report_junit__golden_and_schema)
{
  struct ra_run run;
  struct ra_error err = RA_ERROR_INIT;
  char path[300];
  char *text;
  size_t len = 0;
  sample_run(&run);
  snprintf(path, sizeof(path), "%s/out.xml", tmpdir);
  ck_assert_int_eq(ra_report_junit_write_file(path, &run, &err), RA_OK);
  ck_assert_int_eq(validate(path), 0);
  text = sample_slurp(path, &len);
  ck_assert_ptr_nonnull(text);
  ck_assert(sample_golden_equal("sample.junit.xml", text, len));
  /* one suite per profile with counts that add up, named after target and
   * profile (two targets' merged files keep their suites apart) */
  ck_assert_ptr_nonnull(strstr(text, "<testsuite name=\"raconform mock "
                               "&lt;&quot;one&quot;&gt; &amp; co json-2017\" "
                               "tests=\"8\" failures=\"1\" errors=\"1\" "
                               "skipped=\"2\""));
  ck_assert_ptr_nonnull(strstr(text, "<testsuite name=\"raconform mock "
                               "&lt;&quot;one&quot;&gt; &amp; co legacy-2014\" "
                               "tests=\"1\" failures=\"1\" errors=\"0\" "
                               "skipped=\"0\""));
  ck_assert_ptr_nonnull(strstr(text, "<skipped type=\"xfail\" message=\"baseline: "
                               "mock counts bytes #42\""));
  ck_assert_ptr_nonnull(strstr(text, "<error type=\"timeout\""));
  ck_assert_ptr_nonnull(strstr(text, "<failure type=\"assertion\""));
  ck_assert_ptr_nonnull(strstr(text, "grade: NON-STRICT"));
  /* duplicate names get a suffix */
  ck_assert_ptr_nonnull(strstr(text, "name=\"RA-FB-0001 feedback with # hash "
                               "and \\ backslash (2)\""));
  ck_assert_ptr_nonnull(strstr(text, "mock &lt;&quot;one&quot;&gt; &amp; co"));
  ck_assert_ptr_null(strstr(text, "\x01"));
  ck_assert_ptr_null(strstr(text, "\x1b"));
  ra_free(text);
  ra_run_free(&run);
}
END_TEST

START_TEST(test_report_junit__empty_run_and_bad_path)
{
  struct ra_run run;
  struct ra_error err = RA_ERROR_INIT;
  char path[300];
  ra_run_init(&run);
  snprintf(path, sizeof(path), "%s/empty.xml", tmpdir);
  ck_assert_int_eq(ra_report_junit_write_file(path, &run, &err), RA_OK);
  ck_assert_int_eq(validate(path), 0);
  snprintf(path, sizeof(path), "%s/no/such/dir/x.xml", tmpdir);
  ck_assert_int_eq(ra_report_junit_write_file(path, &run, &err), RA_E_IO);
  ck_assert_str_eq(err.source, path);
  ck_assert_ptr_nonnull(strstr(err.text, "No such file or directory"));
  ra_run_free(&run);
}
END_TEST

/* A run killed by SIGTERM while armed leaves a valid report of the verdicts
 * appended so far and exits 143. */
START_TEST(test_report_junit__killed_run_leaves_report)
{
  char path[300];
  pid_t pid;
  int status = 0;
  char *text;
  snprintf(path, sizeof(path), "%s/killed.xml", tmpdir);
  pid = fork();
  ck_assert_int_ge(pid, 0);
  if(pid == 0) {
    struct ra_run run;
    struct ra_run sample;
    size_t i;
    sample_run(&sample);
    ra_run_init(&run);
    run.suite_version = ra_strdup("0.1.0");
    run.profile = ra_strdup("json-2017");
    if(ra_report_junit_arm(path, &run))
      _exit(99);
    for(i = 0; i < 3; i++) {
      ra_run_append(&run, &sample.verdicts[i]);
    }
    kill(getpid(), SIGTERM);
    for(;;)
      pause();
  }
  ck_assert_int_eq(waitpid(pid, &status, 0), pid);
  ck_assert(WIFEXITED(status));
  ck_assert_int_eq(WEXITSTATUS(status), 143);
  ck_assert_int_eq(validate(path), 0);
  text = sample_slurp(path, NULL);
  ck_assert_ptr_nonnull(strstr(text, "tests=\"3\""));
  ra_free(text);
}
END_TEST

START_TEST(test_report_junit__disarm_restores)
{
  struct ra_run run;
  char path[300];
  sigset_t cur;
  ra_run_init(&run);
  snprintf(path, sizeof(path), "%s/never.xml", tmpdir);
  ck_assert_int_eq(ra_report_junit_arm(path, &run), RA_OK);
  ck_assert_int_eq(ra_report_junit_arm(path, &run), RA_E_STATE);
  ra_report_junit_disarm();
  pthread_sigmask(SIG_SETMASK, NULL, &cur);
  ck_assert(!sigismember(&cur, SIGTERM));
  ck_assert_int_ne(access(path, F_OK), 0);
  ra_run_free(&run);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("report_junit");
  TCase *tc = tcase_create("core");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_report_junit__golden_and_schema);
  tcase_add_test(tc, test_report_junit__empty_run_and_bad_path);
  tcase_add_test(tc, test_report_junit__killed_run_leaves_report);
  tcase_add_test(tc, test_report_junit__disarm_restores);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
