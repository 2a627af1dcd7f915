#include "report/report_json.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/outfile.h"
#include "proto/text.h"

/* jansson rejects invalid UTF-8; cleaning keeps reports loadable. */
static void put_str(json_t *obj, const char *key, const char *value)
{
  char *s;
  if(!value) {
    json_object_set_new(obj, key, json_null());
    return;
  }
  s = ra_text_clean(value, RA_TEXT_KEEP_NEWLINES | RA_TEXT_KEEP_TABS);
  json_object_set_new(obj, key, json_string(s));
  ra_free(s);
}

static json_t *suite_json(const struct ra_run *run)
{
  json_t *o = json_object();
  put_str(o, "version", run->suite_version);
  put_str(o, "target", run->target_name);
  put_str(o, "endpoint", run->endpoint);
  put_str(o, "endpoint_class", run->endpoint_class);
  put_str(o, "profile", run->profile);
  json_object_set_new(o, "strict", json_boolean(run->strict));
  if(run->shard)
    put_str(o, "shard", run->shard);
  if(run->rerun)
    put_str(o, "rerun", run->rerun); /* the base of every case's rerun */
  if(run->started_ms > 0) {
    char stamp[21];
    ra_clock_format_iso8601(run->started_ms, stamp);
    json_object_set_new(o, "started", json_string(stamp));
  }
  else
    json_object_set_new(o, "started", json_null());
  json_object_set_new(o, "duration_ms", json_real(run->duration_ms));
  return o;
}

static json_t *summary_json(const struct ra_run *run)
{
  struct ra_run_counts c;
  json_t *o = json_object();
  json_t *st = json_object();
  json_t *gr = json_object();
  int i;
  ra_run_count(run, &c);
  json_object_set_new(o, "total", json_integer((json_int_t)c.total));
  for(i = 0; i < 5; i++)
    json_object_set_new(st, ra_status_name((ra_status)i),
                        json_integer((json_int_t)c.by_status[i]));
  for(i = 0; i < 4; i++)
    json_object_set_new(gr, ra_grade_name((ra_grade)i),
                        json_integer((json_int_t)c.by_grade[i]));
  json_object_set_new(o, "status", st);
  json_object_set_new(o, "grade", gr);
  return o;
}

static json_t *case_json(const struct ra_run *run, const struct ra_verdict *v)
{
  json_t *o = json_object();
  char *rerun = v->status == RA_STATUS_FAIL || v->status == RA_STATUS_ERROR ||
    v->status == RA_STATUS_TODO ? ra_verdict_rerun(run, v) : NULL;
  put_str(o, "id", v->case_id);
  put_str(o, "title", v->title);
  put_str(o, "group", v->group);
  put_str(o, "level", v->level);
  put_str(o, "profile", v->profile);
  put_str(o, "tags", v->tags);
  put_str(o, "status", ra_status_name(v->status));
  put_str(o, "grade", ra_grade_name(v->grade));
  put_str(o, "source", v->source);
  put_str(o, "reason", v->reason);
  put_str(o, "error_kind", v->error_kind);
  put_str(o, "expected", v->expected);
  put_str(o, "actual", v->actual);
  put_str(o, "observed", v->observed_key);
  put_str(o, "request", v->request);
  put_str(o, "response", v->response);
  put_str(o, "curl", v->curl);
  put_str(o, "rerun", rerun);
  ra_free(rerun);
  put_str(o, "baseline_reason", v->baseline_reason);
  put_str(o, "note", v->note);
  json_object_set_new(o, "duration_ms", json_real(v->duration_ms));
  return o;
}

static json_t *run_json(const struct ra_run *run)
{
  json_t *doc = json_object();
  json_t *cases = json_array();
  size_t i;
  json_object_set_new(doc, "format", json_string(RA_REPORT_JSON_FORMAT));
  json_object_set_new(doc, "format_version",
                      json_string(RA_REPORT_JSON_VERSION));
  json_object_set_new(doc, "suite", suite_json(run));
  json_object_set_new(doc, "summary", summary_json(run));
  for(i = 0; i < run->count; i++)
    json_array_append_new(cases, case_json(run, &run->verdicts[i]));
  json_object_set_new(doc, "cases", cases);
  return doc;
}

static int dump_to_buf(const char *text, size_t len, void *userp)
{
  return ra_buf_add(userp, text, len) ? -1 : 0;
}

/* The document as text into out: dumped straight into one buffer (a
 * report of several megabytes is not held three times over). */
static void dump_run(struct ra_buf *out, const struct ra_run *run)
{
  json_t *doc = run_json(run);
  if(json_dump_callback(doc, dump_to_buf, out,
                        JSON_INDENT(2) | JSON_PRESERVE_ORDER)) {
    ra_buf_reset(out);
    ra_buf_puts(out, "{}");
  }
  json_decref(doc);
}

char *ra_report_json_dumps(const struct ra_run *run)
{
  struct ra_buf text;
  ra_buf_init(&text, RA_BUF_UNLIMITED);
  dump_run(&text, run);
  return ra_buf_take(&text, NULL);
}

ra_code ra_report_json_write_file(const char *path, const struct ra_run *run,
                                  struct ra_error *err)
{
  struct ra_buf text;
  ra_code result;
  ra_buf_init(&text, RA_BUF_UNLIMITED);
  dump_run(&text, run);
  ra_buf_putc(&text, '\n');
  result = ra_outfile_write(path, text.ptr, text.len, err);
  ra_buf_free(&text);
  return result;
}
