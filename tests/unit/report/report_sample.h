/* A fixed, hand-built run covering every status and grade with hostile
 * strings (quotes, <>&, newlines, '#', control bytes, non-ASCII, invalid
 * UTF-8). Shared by the report tests and the golden files under
 * tests/data/golden/report/ (set RA_UPDATE_GOLDEN=1 to rewrite them). */
#ifndef RA_TEST_REPORT_SAMPLE_H
#define RA_TEST_REPORT_SAMPLE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "proto/verdict.h"

static inline struct ra_verdict *sample_add(struct ra_run *run, const char *id,
                                     const char *title, const char *profile,
                                     ra_status status, ra_grade grade)
{
  struct ra_verdict *v = ra_run_add(run);
  char group[128];
  snprintf(group, sizeof(group), "%s.feedback", profile);
  v->case_id = ra_strdup(id);
  v->title = ra_strdup(title);
  v->profile = ra_strdup(profile);
  v->group = ra_strdup(group);
  v->tags = ra_strdup("feedback,length");
  v->source = ra_strdup("doc: \"RequesterFeedback ... up to 1024 characters\"");
  v->status = status;
  v->grade = grade;
  v->duration_ms = 12.5 * (double)run->count;
  return v;
}

static inline void sample_run(struct ra_run *run)
{
  struct ra_verdict *v;
  ra_run_init(run);
  run->suite_version = ra_strdup("0.1.0");
  run->target_name = ra_strdup("mock <\"one\"> & co");
  run->endpoint = ra_strdup("http://127.0.0.1:8080/");
  run->endpoint_class = ra_strdup("loopback");
  run->profile = ra_strdup("json-2017,legacy-2014");
  run->rerun = ra_strdup("raconform run --target mock.json");
  run->strict = 0;
  run->started_ms = 1700000000000LL;
  run->duration_ms = 1234.5;

  sample_add(run, "RA-FB-0001", "feedback with # hash and \\ backslash",
             "json-2017", RA_STATUS_PASS, RA_GRADE_OK);

  v = sample_add(run, "RA-FB-0002", "quotes \"x\" <tag> & amp 'y'",
                 "json-2017", RA_STATUS_FAIL, RA_GRADE_NONE);
  v->reason = ra_strdup("status 200 is not acceptable # no error");
  v->expected = ra_strdup("400 ValidationException\n"
                          "  or 400 RequestError AWS.MechanicalTurk.X");
  v->actual = ra_strdup("200 {\"ok\": true} ctl:\x01\x1b[0m del:\x7f bad:\xff\xfe end");
  v->observed_key = ra_strdup("200 success");
  v->request = ra_strdup("POST / HTTP/1.1\r\nX-Amz-Target: MTurkRequesterServiceV20170117.RejectAssignment\r\n"
                         "Authorization: [redacted]\r\n\r\n{\"AssignmentId\":\"A\",\"RequesterFeedback\":\"\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80\"}");
  v->response = ra_strdup("HTTP/1.1 200 OK\n\n{}\n...\n---\n");
  v->curl = ra_strdup("curl -sS -X POST 'http://127.0.0.1:8080/' -H 'Authorization: ***' --data-binary '{\"a\":\"<&>\"}'");

  v = sample_add(run, "RA-TR-0001", "slow answer", "json-2017",
                 RA_STATUS_ERROR, RA_GRADE_NONE);
  v->error_kind = ra_strdup("timeout");
  v->reason = ra_strdup("no answer within 10 s");

  v = sample_add(run, "RA-ST-0001", "reject an approved assignment",
                 "json-2017", RA_STATUS_SKIP, RA_GRADE_NONE);
  v->reason = ra_strdup("no fixture provider\nconfigured # none");

  v = sample_add(run, "RA-FB-0003", "1025 x U+00E9 is rejected", "json-2017",
                 RA_STATUS_TODO, RA_GRADE_NONE);
  v->baseline_reason = ra_strdup("mock counts bytes #42");
  v->observed_key = ra_strdup("200 success");
  v->expected = ra_strdup("400 ValidationException");
  v->actual = ra_strdup("200 {}");

  v = sample_add(run, "RA-RQ-0002", "another requester's assignment",
                 "json-2017", RA_STATUS_PASS, RA_GRADE_NON_STRICT);
  v->expected = ra_strdup("AssignmentDoesNotExist (OK), PermissionDenied (NON-STRICT)");
  v->actual = ra_strdup("400 RequestError AWS.MechanicalTurk.PermissionDenied");

  v = sample_add(run, "RA-FB-0010", "feedback length unit", "json-2017",
                 RA_STATUS_PASS, RA_GRADE_INFORMATIONAL);
  v->actual = ra_strdup("counts code points");

  sample_add(run, "RA-FB-0001", "feedback with # hash and \\ backslash",
             "json-2017", RA_STATUS_PASS, RA_GRADE_OK);

  v = sample_add(run, "RA-FB-0002", "title over\ntwo lines",
                 "legacy-2014", RA_STATUS_FAIL, RA_GRADE_NONE);
  v->reason = ra_strdup("wrong error code");
  v->expected = ra_strdup("<Errors><Error><Code>AWS.MechanicalTurk.X</Code></Error></Errors>");
  v->actual = ra_strdup("HTTP 200\n<Errors>\n  <Error><Code>AWS.Other</Code></Error>\n</Errors>");
  v->observed_key = ra_strdup("200 AWS.Other");
  /* replaces the default source sample_add set (ra_verdict_set frees it) */
  ra_verdict_set(&v->source, "inferred: legacy envelope, notes \xc2\xa7" "1.6");
}

static inline char *sample_slurp(const char *path, size_t *len_out)
{
  FILE *fp = fopen(path, "rb");
  char *buf;
  long n;
  if(!fp)
    return NULL;
  fseek(fp, 0, SEEK_END);
  n = ftell(fp);
  fseek(fp, 0, SEEK_SET);
  buf = ra_malloc((size_t)n + 1);
  if(fread(buf, 1, (size_t)n, fp) != (size_t)n) {
    fclose(fp);
    ra_free(buf);
    return NULL;
  }
  buf[n] = '\0';
  fclose(fp);
  if(len_out)
    *len_out = (size_t)n;
  return buf;
}

/* Path of a file under tests/data/golden/report/. */
static inline void sample_golden_path(char *out, size_t outlen, const char *name)
{
  const char *src = getenv("RACONFORM_SOURCE_DIR");
  snprintf(out, outlen, "%s/tests/data/golden/report/%s", src ? src : ".",
           name);
}

/* Compares text with the golden file `name`; RA_UPDATE_GOLDEN=1 rewrites it.
 * Returns 1 when equal. */
static inline int sample_golden_equal(const char *name, const char *text, size_t len)
{
  char path[1024];
  char *want;
  size_t wlen = 0;
  int eq;
  sample_golden_path(path, sizeof(path), name);
  if(getenv("RA_UPDATE_GOLDEN")) {
    FILE *fp = fopen(path, "wb");
    if(fp) {
      fwrite(text, 1, len, fp);
      fclose(fp);
    }
  }
  want = sample_slurp(path, &wlen);
  if(!want) {
    fprintf(stderr, "missing golden file %s\n", path);
    return 0;
  }
  eq = wlen == len && !memcmp(want, text, len);
  if(!eq)
    fprintf(stderr, "output differs from %s\n", path);
  ra_free(want);
  return eq;
}

#endif
