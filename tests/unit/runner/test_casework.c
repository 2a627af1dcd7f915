/* Unit tests of runner/casework: one case run against the reference server
 * on a loopback port, outside the engine: the verdict and its identity, the
 * case's wire log (every exchange, written under <wire>/<profile>/<ID>.txt),
 * a seeded defect turning the case into FAIL, a case not for the profile
 * skipped, the global deadline, and ra_casework_error. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/file.h"
#include "response/response.h"
#include "runner/casework.h"
#include "server/refserver.h"
#include "check_run.h"
#include "embedded_target.h"

static const char *cases_dir(void)
{
  static char path[1024];
  const char *src = getenv("RACONFORM_SOURCE_DIR");
  snprintf(path, sizeof(path), "%s/tests/data/runner-cases", src ? src : ".");
  return path;
}

struct fixture {
  struct ra_refserver *server;
  struct ra_target *target;
  struct ra_caseset cases;
  struct ra_runner_opts opts;
  struct ra_casework_env env;
  struct ra_transport *tr;
  char wire[64];
};

static void start(struct fixture *f, const char *defect)
{
  struct ra_transport_opts to;
  struct ra_error err = RA_ERROR_INIT;
  f->target = ra_test_start_embedded(&f->server, defect);
  ra_caseset_init(&f->cases);
  ck_assert_msg(ra_caseset_load_dir(&f->cases, cases_dir(), &err) == RA_OK,
                "%s:%d: %s", err.source, err.line, err.text);
  snprintf(f->wire, sizeof(f->wire), "/tmp/ra-casework-XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(f->wire));
  ra_runner_opts_init(&f->opts);
  f->opts.cases = &f->cases;
  f->opts.target = f->target;
  f->opts.wire_dir = f->wire;
  f->opts.clock = ra_clock_system();
  memset(&f->env, 0, sizeof(f->env));
  f->env.opts = &f->opts;
  f->env.timeout_ms = 10000;
  pthread_mutex_init(&f->env.wire_lock, NULL);
  ck_assert_int_eq(ra_fixture_create(&f->env.fixture, f->target,
                                     f->opts.clock, 0), RA_OK);
  memset(&to, 0, sizeof(to));
  to.timeout_ms = 10000;
  ck_assert_int_eq(ra_transport_create(&f->tr, &to), RA_OK);
}

static void stop(struct fixture *f)
{
  char cmd[128];
  ra_transport_free(f->tr);
  ra_fixture_free(f->env.fixture);
  pthread_mutex_destroy(&f->env.wire_lock);
  ra_caseset_free(&f->cases);
  ra_target_free(f->target);
  ra_refserver_stop(f->server);
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->wire);
  ck_assert_int_eq(system(cmd), 0);
}

static void run(struct fixture *f, const char *id, ra_profile p,
                struct ra_verdict *v)
{
  const struct ra_case *c = ra_caseset_find(&f->cases, id);
  ck_assert_ptr_nonnull(c);
  ra_verdict_init(v);
  ra_casework_run(&f->env, f->tr, c, p, v);
}

/* The wire log of id in profile p ("" when none was written). */
static char *wire_log(const struct fixture *f, const char *p, const char *id)
{
  char path[256];
  struct ra_buf b;
  struct ra_error err = RA_ERROR_INIT;
  snprintf(path, sizeof(path), "%s/%s/%s.txt", f->wire, p, id);
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  if(ra_file_read(&b, path, &err))
    return ra_strdup("");
  return ra_buf_take(&b, NULL);
}

START_TEST(test_casework__judged_case_and_its_wire_log)
{
  struct fixture f;
  struct ra_verdict v;
  char *log;
  start(&f, NULL);
  run(&f, "RA-STATE-0010", RA_PROFILE_JSON, &v);
  ck_assert_msg(v.status == RA_STATUS_PASS, "%s: %s",
                ra_status_name(v.status), v.reason ? v.reason : "");
  ck_assert_int_eq(v.grade, RA_GRADE_OK);
  ck_assert_str_eq(v.case_id, "RA-STATE-0010");
  ck_assert_str_eq(v.profile, "json-2017");
  ck_assert_str_eq(v.group, "json-2017.state");
  ck_assert_str_eq(v.tags, "approved");
  ck_assert(v.duration_ms >= 0);
  ck_assert_uint_eq(f.env.wire_lost, 0);
  log = wire_log(&f, "json-2017", "RA-STATE-0010");
  ck_assert_ptr_nonnull(strstr(log, "=== 1: judged request ===\n"));
  ck_assert_ptr_nonnull(strstr(log, "\n--- answer ---\n"));
  ck_assert_ptr_nonnull(strstr(log, "InvalidAssignmentState"));
  ck_assert_ptr_null(strstr(log, RA_REFSERVER_OWNER_SECRET));
  ck_assert_ptr_null(strchr(log, '\x1b'));
  ra_free(log);
  ra_verdict_free(&v);
  stop(&f);
}
END_TEST

START_TEST(test_casework__defect_fails)
{
  struct fixture f;
  struct ra_verdict v;
  start(&f, "reject-approved");
  run(&f, "RA-STATE-0010", RA_PROFILE_LEGACY, &v);
  ck_assert_int_eq(v.status, RA_STATUS_FAIL);
  ck_assert_ptr_nonnull(v.observed_key);
  ck_assert_ptr_nonnull(v.expected);
  ck_assert_ptr_nonnull(v.actual);
  ra_verdict_free(&v);
  stop(&f);
}
END_TEST

START_TEST(test_casework__skip_and_global_deadline)
{
  struct fixture f;
  struct ra_verdict v;
  char *log;
  start(&f, NULL);
  /* written for legacy-2014 only */
  run(&f, "RA-STATE-0011", RA_PROFILE_JSON, &v);
  ck_assert_int_eq(v.status, RA_STATUS_SKIP);
  ck_assert_str_eq(v.reason, "the case does not apply to json-2017");
  ra_verdict_free(&v);
  log = wire_log(&f, "json-2017", "RA-STATE-0011");
  ck_assert_str_eq(log, ""); /* nothing sent, no log */
  ra_free(log);
  f.env.global_deadline = 1; /* long past */
  run(&f, "RA-STATE-0001", RA_PROFILE_JSON, &v);
  ck_assert_int_eq(v.status, RA_STATUS_ERROR);
  ck_assert_str_eq(v.error_kind, "timeout");
  ck_assert_str_eq(v.reason, "global timeout");
  ra_verdict_free(&v);
  stop(&f);
}
END_TEST

START_TEST(test_casework__error)
{
  struct ra_verdict v;
  ra_verdict_init(&v);
  v.status = RA_STATUS_FAIL;
  ra_casework_error(&v, "setup", "setup step 1 failed");
  ck_assert_int_eq(v.status, RA_STATUS_ERROR);
  ck_assert_str_eq(v.error_kind, "setup");
  ck_assert_str_eq(v.reason, "setup step 1 failed");
  ra_verdict_free(&v);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("casework");
  TCase *tc = tcase_create("casework");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, test_casework__judged_case_and_its_wire_log);
  tcase_add_test(tc, test_casework__defect_fails);
  tcase_add_test(tc, test_casework__skip_and_global_deadline);
  tcase_add_test(tc, test_casework__error);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
