/* Unit tests of runner/runner: a small in-process run of three cases
 * (tests/data/runner-cases/) against the reference server on a loopback
 * port: verdicts in job order (profile-major, catalogue order), the
 * caller's events (start, each verdict before it joins the run and may be
 * changed, each emitted one in order under the run lock), a case not
 * written for a profile not run for it, selection, a seeded defect turning
 * its case into FAIL, multiply, progress, lost wire logs (RA_E_IO), and
 * the preflight. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "response/response.h"
#include "runner/runner.h"
#include "runner/transport.h"
#include "runner/target.h"
#include "server/refserver.h"
#include "embedded_target.h"
#include "check_run.h"

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
  struct ra_run run;
  struct ra_runner_opts opts;
};

/* The server's own target file (what `serve --target-out` writes and run's
 * embedded mode loads), parsed like any other target. */
static void start(struct fixture *f, const char *defect)
{
  struct ra_error err = RA_ERROR_INIT;
  f->target = ra_test_start_embedded(&f->server, defect);
  ra_caseset_init(&f->cases);
  ck_assert_msg(ra_caseset_load_dir(&f->cases, cases_dir(), &err) == RA_OK,
                "%s:%d: %s", err.source, err.line, err.text);
  ck_assert_uint_eq(f->cases.count, 3);
  ra_run_init(&f->run);
  ra_runner_opts_init(&f->opts);
  f->opts.cases = &f->cases;
  f->opts.target = f->target;
  f->opts.jobs = 2;
  f->opts.timeout_s = 10;
}

static void stop(struct fixture *f)
{
  ra_run_free(&f->run);
  ra_caseset_free(&f->cases);
  ra_target_free(f->target);
  ra_refserver_stop(f->server);
}

static const struct ra_verdict *at(const struct fixture *f, size_t i)
{
  ck_assert_uint_lt(i, f->run.count);
  return &f->run.verdicts[i];
}

/* What the events saw. */
struct seen {
  size_t planned;
  size_t starts;
  size_t verdicts;
  size_t emitted;       /* the last n */
  int in_order;         /* every n was the next one and the run's last */
};

static void ev_start(const struct ra_run *run, size_t planned, void *arg)
{
  struct seen *s = arg;
  s->starts++;
  s->planned = planned;
  ck_assert_uint_eq(run->count, 0);
}

static void ev_verdict(struct ra_verdict *v, void *arg)
{
  struct seen *s = arg;
  s->verdicts++;
  ck_assert_ptr_nonnull(v->case_id);
  ra_verdict_set(&v->note, "seen by the verdict event");
}

static void ev_emitted(const struct ra_run *run, size_t n,
                       const struct ra_verdict *v, void *arg)
{
  struct seen *s = arg;
  if(n != s->emitted + 1 || run->count != n || v != &run->verdicts[n - 1])
    s->in_order = 0;
  s->emitted = n;
  ck_assert_str_eq(v->note, "seen by the verdict event");
}

START_TEST(test_runner__full_run_in_job_order)
{
  struct fixture f;
  struct seen seen = {0, 0, 0, 0, 1};
  static const char *const want[][3] = {
    {"RA-STATE-0001", "legacy-2014", "pass"},
    {"RA-STATE-0010", "legacy-2014", "pass"},
    {"RA-STATE-0011", "legacy-2014", "pass"},
    {"RA-STATE-0001", "json-2017", "pass"},
    {"RA-STATE-0010", "json-2017", "pass"},
  }; /* RA-STATE-0011 is written for legacy-2014 only: no json job */
  size_t i;
  start(&f, NULL);
  f.opts.events.start = ev_start;
  f.opts.events.verdict = ev_verdict;
  f.opts.events.emitted = ev_emitted;
  f.opts.events.arg = &seen;
  ck_assert_int_eq(ra_runner_run(&f.run, &f.opts), RA_OK);
  ck_assert_uint_eq(f.run.count, 5);
  for(i = 0; i < 5; i++) {
    const struct ra_verdict *v = at(&f, i);
    ck_assert_str_eq(v->case_id, want[i][0]);
    ck_assert_str_eq(v->profile, want[i][1]);
    ck_assert_msg(!strcmp(ra_status_name(v->status), want[i][2]),
                  "%s %s: %s (%s)", v->case_id, v->profile,
                  ra_status_name(v->status), v->reason ? v->reason : "");
  }
  ck_assert_int_eq(at(&f, 0)->grade, RA_GRADE_OK);
  ck_assert_ptr_nonnull(at(&f, 0)->request);
  ck_assert_ptr_null(strstr(at(&f, 0)->request, RA_REFSERVER_OWNER_SECRET));
  ck_assert_uint_eq(seen.starts, 1);
  ck_assert_uint_eq(seen.planned, 5);
  ck_assert_uint_eq(seen.verdicts, 5);
  ck_assert_uint_eq(seen.emitted, 5);
  ck_assert(seen.in_order);
  ck_assert_str_eq(at(&f, 4)->note, "seen by the verdict event");
  stop(&f);
}
END_TEST

START_TEST(test_runner__defect_fails_its_case)
{
  struct fixture f;
  size_t i, failed = 0;
  start(&f, "reject-approved");
  f.opts.profiles = RA_PROFILE_BIT(RA_PROFILE_JSON);
  ck_assert_int_eq(ra_runner_run(&f.run, &f.opts), RA_OK);
  ck_assert_uint_eq(f.run.count, 2);
  for(i = 0; i < f.run.count; i++) {
    const struct ra_verdict *v = at(&f, i);
    ck_assert_str_eq(v->profile, "json-2017");
    if(v->status == RA_STATUS_FAIL) {
      failed++;
      ck_assert_str_eq(v->case_id, "RA-STATE-0010");
      ck_assert_ptr_nonnull(v->actual);
      ck_assert_ptr_nonnull(v->expected);
    }
  }
  ck_assert_uint_eq(failed, 1);
  stop(&f);
}
END_TEST

START_TEST(test_runner__selection_and_multiply)
{
  struct fixture f;
  struct ra_selection sel;
  struct ra_error err = RA_ERROR_INIT;
  size_t i;
  start(&f, NULL);
  ra_selection_init(&sel);
  ck_assert_int_eq(ra_selection_add(&sel, 1, "RA-STATE-001*", &err), RA_OK);
  f.opts.sel = &sel;
  f.opts.profiles = RA_PROFILE_BIT(RA_PROFILE_LEGACY);
  f.opts.multiply = 3;
  ck_assert_int_eq(ra_runner_run(&f.run, &f.opts), RA_OK);
  ck_assert_uint_eq(f.run.count, 3); /* one case, three times */
  for(i = 0; i < f.run.count; i++) {
    ck_assert_str_eq(at(&f, i)->case_id, "RA-STATE-0001");
    ck_assert_int_eq(at(&f, i)->status, RA_STATUS_PASS);
  }
  ra_selection_free(&sel);
  stop(&f);
}
END_TEST

struct progress_seen {
  size_t calls;
  size_t last_done;
  size_t total;
  int monotonic;        /* done never went back */
};

static void ev_progress(const struct ra_progress *p, void *arg)
{
  struct progress_seen *s = arg;
  if(p->done < s->last_done)
    s->monotonic = 0;
  s->calls++;
  s->last_done = p->done;
  s->total = p->total;
}

START_TEST(test_runner__progress_and_lost_wire_logs)
{
  struct fixture f;
  struct progress_seen seen = {0, 0, 0, 1};
  struct ra_error err = RA_ERROR_INIT;
  size_t lost = 0;
  start(&f, NULL);
  f.opts.profiles = RA_PROFILE_BIT(RA_PROFILE_JSON);
  f.opts.events.progress = ev_progress;
  f.opts.events.arg = &seen;
  f.opts.progress_ms = 1;
  /* no folder can be made under a character device: every log is lost */
  f.opts.wire_dir = "/dev/null/wire";
  f.opts.wire_lost = &lost;
  f.opts.wire_err = &err;
  ck_assert_int_eq(ra_runner_run(&f.run, &f.opts), RA_E_IO);
  ck_assert_uint_eq(f.run.count, 2);
  ck_assert_uint_eq(lost, 2);
  ck_assert_ptr_nonnull(strstr(err.source, "/dev/null/wire"));
  /* after each verdict at least, the last one saying all is done */
  ck_assert_uint_ge(seen.calls, 2);
  ck_assert_uint_eq(seen.last_done, 2);
  ck_assert_uint_eq(seen.total, 2);
  ck_assert(seen.monotonic);
  stop(&f);
}
END_TEST

START_TEST(test_runner__preflight)
{
  struct fixture f;
  struct ra_buf why;
  struct ra_target *dead;
  struct ra_error err = RA_ERROR_INIT;
  const char *text =
    "{\"name\": \"dead\", \"endpoint\": \"http://127.0.0.1:1/\", "
    "\"profile\": \"json-2017\", \"requesters\": {\"owner\": "
    "{\"access_key_id\": \"AK\", \"secret_access_key\": \"S\"}}}";
  start(&f, NULL);
  ra_buf_init(&why, RA_BUF_UNLIMITED);
  ck_assert_int_eq(ra_runner_preflight(f.target, 2000, &why), RA_OK);
  ck_assert_msg(ra_target_parse(&dead, text, strlen(text), "dead.json",
                                &err) == RA_OK, "%s", err.text);
  ck_assert_int_eq(ra_runner_preflight(dead, 2000, &why), RA_E_CONNECT);
  ck_assert_uint_gt(why.len, 0);
  ra_target_free(dead);
  ra_buf_free(&why);
  stop(&f);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("runner");
  TCase *tc = tcase_create("runner");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, test_runner__full_run_in_job_order);
  tcase_add_test(tc, test_runner__defect_fails_its_case);
  tcase_add_test(tc, test_runner__selection_and_multiply);
  tcase_add_test(tc, test_runner__progress_and_lost_wire_logs);
  tcase_add_test(tc, test_runner__preflight);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
