/* A small recorded run shared by test_record.c and test_rejudge.c: the
 * three cases of tests/data/runner-cases/ (copied into a temporary folder,
 * so a test can change one) run against the reference server on a loopback
 * port with a recorder, as `run --record DIR` does. */
#ifndef RA_TEST_RECORDING_SAMPLE_H
#define RA_TEST_RECORDING_SAMPLE_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/file.h"
#include "core/outfile.h"
#include "core/path.h"
#include "core/version.h"
#include "response/response.h"
#include "runner/record.h"
#include "runner/runner.h"
#include "runner/transport.h"
#include "server/refserver.h"
#include "embedded_target.h"

struct recording {
  char tmp[64];             /* the test's folder */
  char *cases;              /* <tmp>/cases: a copy of runner-cases */
  char *dir;                /* <tmp>/rec: the recording */
  struct ra_caseset set;    /* loaded from <tmp>/cases */
  struct ra_run run;        /* the recorded run's verdicts */
};

static inline char *sample_read(const char *path)
{
  struct ra_buf b;
  struct ra_error err = RA_ERROR_INIT;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ck_assert_msg(ra_file_read(&b, path, &err) == RA_OK, "%s", err.text);
  return ra_buf_take(&b, NULL);
}

static inline void sample_write(const char *path, const char *text)
{
  struct ra_error err = RA_ERROR_INIT;
  ck_assert_msg(ra_outfile_write(path, text, strlen(text), &err) == RA_OK,
                "%s", err.text);
}

/* Replaces the first `from` in the case file of id with `to`. */
static inline void sample_edit_case(struct recording *r, const char *id,
                                    const char *from, const char *to)
{
  char name[64];
  char *path, *text, *at;
  struct ra_buf b;
  snprintf(name, sizeof(name), "%s.json", id);
  path = ra_path_join(r->cases, name);
  text = sample_read(path);
  at = strstr(text, from);
  ck_assert_ptr_nonnull(at);
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_put(&b, text, (size_t)(at - text));
  ra_buf_puts(&b, to);
  ra_buf_puts(&b, at + strlen(from));
  sample_write(path, ra_buf_str(&b));
  ra_buf_free(&b);
  ra_free(text);
  ra_free(path);
}

/* Loads r->set again from r->cases (after an edit). */
static inline void sample_reload(struct recording *r)
{
  struct ra_error err = RA_ERROR_INIT;
  ra_caseset_free(&r->set);
  ra_caseset_init(&r->set);
  ck_assert_msg(ra_caseset_load_dir(&r->set, r->cases, &err) == RA_OK,
                "%s:%d: %s", err.source, err.line, err.text);
}

/* Copies the cases, runs them with a recorder into r->dir. */
static inline void sample_record(struct recording *r)
{
  static const char *const ids[] = {"RA-STATE-0001", "RA-STATE-0010",
                                    "RA-STATE-0011"};
  const char *src = getenv("RACONFORM_SOURCE_DIR");
  struct ra_refserver *server = NULL;
  struct ra_target *target;
  struct ra_recorder *rec = NULL;
  struct ra_runner_opts o;
  struct ra_error err = RA_ERROR_INIT;
  size_t i;

  memset(r, 0, sizeof(*r));
  snprintf(r->tmp, sizeof(r->tmp), "/tmp/ra-recording-XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(r->tmp));
  r->cases = ra_path_join(r->tmp, "cases");
  r->dir = ra_path_join(r->tmp, "rec");
  ck_assert_int_eq(ra_path_mkdirs(r->cases), 0);
  for(i = 0; i < 3; i++) {
    char from[1024], name[64];
    char *to, *text;
    snprintf(from, sizeof(from), "%s/tests/data/runner-cases/%s.json",
             src ? src : ".", ids[i]);
    snprintf(name, sizeof(name), "%s.json", ids[i]);
    text = sample_read(from);
    to = ra_path_join(r->cases, name);
    sample_write(to, text);
    ra_free(to);
    ra_free(text);
  }
  ra_caseset_init(&r->set);
  sample_reload(r);

  target = ra_test_start_embedded(&server, NULL);
  ck_assert_msg(ra_recorder_open(&rec, r->dir, target, RA_VERSION, 0,
                                 &err) == RA_OK, "%s", err.text);
  ra_run_init(&r->run);
  ra_verdict_set(&r->run.profile, "legacy-2014,json-2017");
  ra_runner_opts_init(&o);
  o.cases = &r->set;
  o.target = target;
  o.jobs = 2;
  o.recorder = rec;
  o.clock = ra_clock_system();
  ck_assert_int_eq(ra_runner_run(&r->run, &o), RA_OK);
  ck_assert_msg(ra_recorder_close(rec, &err) == RA_OK, "%s", err.text);
  ra_target_free(target);
  ra_refserver_stop(server); /* rejudge needs no target */
}

static inline void sample_free(struct recording *r)
{
  char cmd[128];
  ra_run_free(&r->run);
  ra_caseset_free(&r->set);
  ra_free(r->cases);
  ra_free(r->dir);
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", r->tmp);
  ck_assert_int_eq(system(cmd), 0);
}

#endif
