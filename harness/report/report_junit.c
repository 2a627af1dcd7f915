#include "report/report_junit.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/outfile.h"
#include "report/report_interrupt.h"
#include "report/xmlout.h"
#include "proto/text.h"

#define X(s) ((const xmlChar *)(s))

static void jw_property(struct ra_xmlout *j, const char *name,
                        const char *value)
{
  ra_xmlout_start(j, "property");
  ra_xmlout_attr(j, "name", name);
  ra_xmlout_attr(j, "value", value ? value : "unknown");
  ra_xmlout_end(j);
}

static void fact(struct ra_buf *b, const char *label, const char *value)
{
  if(!value || !value[0])
    return;
  if(strchr(value, '\n'))
    ra_buf_putf(b, "%s:\n%s\n", label, value);
  else
    ra_buf_putf(b, "%s: %s\n", label, value);
}

static char *case_facts(const struct ra_run *run, const struct ra_verdict *v)
{
  struct ra_buf b;
  char *rerun = ra_verdict_rerun(run, v);
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  fact(&b, "grade", ra_grade_name(v->grade));
  fact(&b, "profile", v->profile);
  fact(&b, "reason", v->reason);
  fact(&b, "observed", v->observed_key);
  fact(&b, "expected", v->expected);
  fact(&b, "actual", v->actual);
  fact(&b, "source", v->source);
  fact(&b, "request", v->request);
  fact(&b, "response", v->response);
  fact(&b, "curl", v->curl);
  if(v->status == RA_STATUS_FAIL || v->status == RA_STATUS_ERROR ||
     v->status == RA_STATUS_TODO)
    fact(&b, "rerun", rerun);
  fact(&b, "note", v->note);
  ra_free(rerun);
  return ra_buf_take(&b, NULL);
}

static const char *verdict_profile(const struct ra_run *run,
                                   const struct ra_verdict *v)
{
  if(v->profile && v->profile[0])
    return v->profile;
  return run->profile && run->profile[0] ? run->profile : "unknown";
}

static double seconds(double ms)
{
  return ms > 0 ? ms / 1000.0 : 0.0;
}

/* "ID title", made unique within its suite with a " (2)", " (3)" suffix. */
static char *case_name(const struct ra_verdict *v, char **used, size_t nused)
{
  struct ra_buf b;
  char *base;
  char *name;
  unsigned k = 1;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_putf(&b, "%s%s%s", v->case_id ? v->case_id : "unnamed",
              v->title && v->title[0] ? " " : "", v->title ? v->title : "");
  base = ra_text_line(ra_buf_str(&b));
  ra_buf_free(&b);
  name = ra_strdup(base);
  for(;;) {
    size_t i;
    int dup = 0;
    for(i = 0; i < nused && !dup; i++)
      dup = !strcmp(used[i], name);
    if(!dup)
      break;
    ra_free(name);
    ra_buf_init(&b, RA_BUF_UNLIMITED);
    ra_buf_putf(&b, "%s (%u)", base, ++k);
    name = ra_buf_take(&b, NULL);
  }
  ra_free(base);
  return name;
}

static void write_case(struct ra_xmlout *j, const struct ra_run *run,
                       const struct ra_verdict *v, const char *name)
{
  char *facts = case_facts(run, v);
  ra_xmlout_start(j, "testcase");
  ra_xmlout_attr(j, "name", name);
  ra_xmlout_attr(j, "classname", v->group && v->group[0] ? v->group :
          (v->profile ? v->profile : "raconform"));
  ra_xmlout_attrf(j, "time", "%.3f", seconds(v->duration_ms));
  switch(v->status) {
  case RA_STATUS_PASS:
    if(v->grade != RA_GRADE_OK || v->note) {
      ra_xmlout_start(j, "system-out");
      ra_xmlout_text(j, facts);
      ra_xmlout_end(j);
    }
    break;
  case RA_STATUS_FAIL:
    ra_xmlout_start(j, "failure");
    ra_xmlout_attr(j, "type", "assertion");
    ra_xmlout_attr(j, "message", v->reason ? v->reason :
            (v->actual ? v->actual : "no acceptable outcome matched"));
    ra_xmlout_text(j, facts);
    ra_xmlout_end(j);
    break;
  case RA_STATUS_ERROR:
    ra_xmlout_start(j, "error");
    ra_xmlout_attr(j, "type", v->error_kind ? v->error_kind : "harness");
    ra_xmlout_attr(j, "message", v->reason ? v->reason : "harness error");
    ra_xmlout_text(j, facts);
    ra_xmlout_end(j);
    break;
  case RA_STATUS_SKIP:
    ra_xmlout_start(j, "skipped");
    ra_xmlout_attr(j, "message", v->reason ? v->reason : "skipped");
    ra_xmlout_end(j);
    break;
  case RA_STATUS_TODO: {
    struct ra_buf m;
    ra_buf_init(&m, RA_BUF_UNLIMITED);
    ra_buf_putf(&m, "baseline: %s",
                v->baseline_reason ? v->baseline_reason : "listed");
    ra_xmlout_start(j, "skipped");
    ra_xmlout_attr(j, "type", "xfail");
    ra_xmlout_attr(j, "message", ra_buf_str(&m));
    ra_xmlout_text(j, facts);
    ra_xmlout_end(j);
    ra_buf_free(&m);
    break;
  }
  }
  ra_xmlout_end(j);
  ra_free(facts);
}

static void write_suite(struct ra_xmlout *j, const struct ra_run *run,
                        const char *profile, const char *stamp)
{
  size_t i;
  size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  double ms = 0;
  char **used;
  size_t nused = 0;
  char *sname;
  struct ra_buf b;

  for(i = 0; i < run->count; i++) {
    const struct ra_verdict *v = &run->verdicts[i];
    if(strcmp(verdict_profile(run, v), profile))
      continue;
    tests++;
    ms += v->duration_ms > 0 ? v->duration_ms : 0;
    if(v->status == RA_STATUS_FAIL)
      failures++;
    else if(v->status == RA_STATUS_ERROR)
      errors++;
    else if(v->status == RA_STATUS_SKIP || v->status == RA_STATUS_TODO)
      skipped++;
  }
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  /* target and profile: merged JUnit files of two targets keep two
   * suites apart */
  if(run->target_name && run->target_name[0])
    ra_buf_putf(&b, "raconform %s %s", run->target_name, profile);
  else /* a comparison: each "profile" already names its target */
    ra_buf_putf(&b, "raconform %s", profile);
  sname = ra_buf_take(&b, NULL);
  ra_xmlout_start(j, "testsuite");
  ra_xmlout_attr(j, "name", sname);
  ra_xmlout_attrf(j, "tests", "%zu", tests);
  ra_xmlout_attrf(j, "failures", "%zu", failures);
  ra_xmlout_attrf(j, "errors", "%zu", errors);
  ra_xmlout_attrf(j, "skipped", "%zu", skipped);
  ra_xmlout_attrf(j, "time", "%.3f", seconds(ms));
  if(stamp)
    ra_xmlout_attr(j, "timestamp", stamp);
  ra_xmlout_start(j, "properties");
  jw_property(j, "suite version", run->suite_version);
  jw_property(j, "target", run->target_name);
  jw_property(j, "endpoint", run->endpoint);
  jw_property(j, "endpoint class", run->endpoint_class);
  jw_property(j, "profile", profile);
  jw_property(j, "strict", run->strict ? "true" : "false");
  ra_xmlout_end(j);
  used = ra_calloc(tests ? tests : 1, sizeof(*used));
  for(i = 0; i < run->count; i++) {
    const struct ra_verdict *v = &run->verdicts[i];
    if(strcmp(verdict_profile(run, v), profile))
      continue;
    used[nused] = case_name(v, used, nused);
    write_case(j, run, v, used[nused]);
    nused++;
  }
  for(i = 0; i < nused; i++)
    ra_free(used[i]);
  ra_free(used);
  ra_free(sname);
  ra_xmlout_end(j);
}

static ra_code write_doc(FILE *fp, const struct ra_run *run)
{
  struct ra_xmlout j;
  struct ra_run_counts c;
  const char **profiles;
  size_t np = 0;
  size_t i;
  char stamp[21];

  xmlOutputBufferPtr ob;

  /* our own FILE: xmlNewTextWriterFilename would treat the path as a URI */
  ob = xmlOutputBufferCreateFile(fp, NULL);
  memset(&j, 0, sizeof(j));
  j.w = ob ? xmlNewTextWriter(ob) : NULL;
  if(!j.w) {
    if(ob)
      xmlOutputBufferClose(ob);
    return RA_E_IO;
  }
  xmlTextWriterSetIndent(j.w, 1);
  xmlTextWriterSetIndentString(j.w, X("  "));
  ra_xmlout_check(&j, xmlTextWriterStartDocument(j.w, NULL, "UTF-8", NULL));
  ra_run_count(run, &c);
  ra_xmlout_start(&j, "testsuites");
  ra_xmlout_attr(&j, "name", "raconform");
  ra_xmlout_attrf(&j, "tests", "%zu", c.total);
  ra_xmlout_attrf(&j, "failures", "%zu", c.by_status[RA_STATUS_FAIL]);
  ra_xmlout_attrf(&j, "errors", "%zu", c.by_status[RA_STATUS_ERROR]);
  ra_xmlout_attrf(&j, "time", "%.3f", seconds(run->duration_ms));
  if(run->started_ms > 0)
    ra_clock_format_iso8601(run->started_ms, stamp);
  /* one suite per profile, in order of first appearance */
  profiles = ra_calloc(run->count ? run->count : 1, sizeof(*profiles));
  for(i = 0; i < run->count; i++) {
    const char *p = verdict_profile(run, &run->verdicts[i]);
    size_t k;
    for(k = 0; k < np && strcmp(profiles[k], p); k++)
      ;
    if(k == np)
      profiles[np++] = p;
  }
  if(!np) /* an empty run still names what it ran against */
    profiles[np++] = verdict_profile(run, &(struct ra_verdict){0});
  for(i = 0; i < np; i++)
    write_suite(&j, run, profiles[i], run->started_ms > 0 ? stamp : NULL);
  ra_free(profiles);
  ra_xmlout_end(&j);
  ra_xmlout_check(&j, xmlTextWriterEndDocument(j.w));
  ra_xmlout_check(&j, xmlTextWriterFlush(j.w));
  xmlFreeTextWriter(j.w); /* closes the output buffer, not fp */
  return j.bad ? RA_E_IO : RA_OK;
}

ra_code ra_report_junit_write_file(const char *path, const struct ra_run *run,
                                   struct ra_error *err)
{
  struct ra_outfile of;
  ra_code result = ra_outfile_open(&of, path, err);
  if(result)
    return result;
  if(write_doc(of.fp, run) && !of.write_errno) {
    ra_outfile_abort(&of);
    return ra_error_set(err, RA_E_IO, path, 0, 0,
                        "cannot write junit report: the XML writer failed");
  }
  /* a failed write shows here, with its errno */
  return ra_outfile_commit(&of, err);
}

/* Killed-run watcher (report_interrupt.h) ------------------------------ */

static struct {
  char *path;
  const struct ra_run *run;
} junit_watch;

static void junit_on_signal(int sig, void *arg)
{
  struct ra_error err = RA_ERROR_INIT;
  (void)sig;
  (void)arg;
  if(ra_report_junit_write_file(junit_watch.path, junit_watch.run, &err))
    ra_error_print(&err, stderr);
  else
    fprintf(stderr, "raconform: interrupted; partial junit report written "
            "to \"%s\"\n", junit_watch.path);
}

ra_code ra_report_junit_arm(const char *path, const struct ra_run *run)
{
  ra_code result;
  if(junit_watch.path)
    return RA_E_STATE;
  junit_watch.path = ra_strdup(path);
  junit_watch.run = run;
  result = ra_report_interrupt_arm(junit_on_signal, NULL);
  if(result) {
    ra_free(junit_watch.path);
    junit_watch.path = NULL;
  }
  return result;
}

void ra_report_junit_disarm(void)
{
  if(!junit_watch.path)
    return;
  ra_report_interrupt_disarm();
  ra_free(junit_watch.path);
  junit_watch.path = NULL;
  junit_watch.run = NULL;
}
