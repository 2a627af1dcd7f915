/* JSON report reader: the inverse of report_json.c. */
#include "report/report_load.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "report/report_json.h"

/* A string member or NULL (null, absent). */
static char *get_str(json_t *obj, const char *key)
{
  json_t *v = json_object_get(obj, key);
  return json_is_string(v) ? ra_strdup(json_string_value(v)) : NULL;
}

static double get_num(json_t *obj, const char *key)
{
  json_t *v = json_object_get(obj, key);
  return json_is_number(v) ? json_number_value(v) : 0;
}

/* "raconform-report/<major>" with an optional "format_version" "M.m".
 * Returns the major, or -1 when the document is not a report. */
static long format_major(json_t *doc, const char **shown)
{
  json_t *f = json_object_get(doc, "format");
  json_t *fv = json_object_get(doc, "format_version");
  const char *s, *prefix = "raconform-report/";
  char *end;
  long major;
  if(!json_is_string(f))
    return -1;
  s = json_string_value(f);
  *shown = s;
  if(strncmp(s, prefix, strlen(prefix)))
    return -1;
  major = strtol(s + strlen(prefix), &end, 10);
  if(end == s + strlen(prefix) || (*end && *end != '.'))
    return -1;
  if(json_is_string(fv)) {
    /* The two disagree only in a document this build does not know:
     * report the newer one. */
    long m = strtol(json_string_value(fv), &end, 10);
    if(m > major) {
      *shown = json_string_value(fv);
      major = m;
    }
  }
  return major;
}

static ra_code load_case(struct ra_verdict *v, json_t *c, size_t idx,
                         const char *source, struct ra_error *err)
{
  char *st = get_str(c, "status"), *gr = get_str(c, "grade");
  ra_code result = RA_OK;
  v->case_id = get_str(c, "id");
  if(!v->case_id || ra_status_parse(st, &v->status) ||
     (gr && ra_grade_parse(gr, &v->grade))) {
    result = ra_error_set(err, RA_E_PARSE, source, 0, 0,
                          "cases[%zu]: needs \"id\", a known \"status\" and "
                          "\"grade\"", idx);
    goto done;
  }
  v->title = get_str(c, "title");
  v->group = get_str(c, "group");
  v->level = get_str(c, "level");
  v->profile = get_str(c, "profile");
  v->tags = get_str(c, "tags");
  v->source = get_str(c, "source");
  v->reason = get_str(c, "reason");
  v->error_kind = get_str(c, "error_kind");
  v->expected = get_str(c, "expected");
  v->actual = get_str(c, "actual");
  v->observed_key = get_str(c, "observed");
  v->request = get_str(c, "request");
  v->response = get_str(c, "response");
  v->curl = get_str(c, "curl");
  v->baseline_reason = get_str(c, "baseline_reason");
  v->note = get_str(c, "note");
  v->duration_ms = get_num(c, "duration_ms");
done:
  ra_free(st);
  ra_free(gr);
  return result;
}

ra_code ra_report_load_text(struct ra_run *run, const char *text,
                            size_t len, const char *source,
                            struct ra_error *err)
{
  json_error_t jerr;
  json_t *doc, *suite, *cases, *c;
  const char *shown = "";
  long major;
  size_t i;
  ra_code result = RA_OK;

  ra_run_init(run);
  doc = json_loadb(text, len, 0, &jerr);
  if(!doc)
    return ra_error_set(err, RA_E_PARSE, source, jerr.line, jerr.column,
                        "%s", jerr.text);
  major = format_major(doc, &shown);
  if(major < 0) {
    result = ra_error_set(err, RA_E_PARSE, source, 0, 0,
                          "not a raconform JSON report (no \"format\": "
                          "\"raconform-report/N\")");
    goto done;
  }
  if(major != RA_REPORT_JSON_MAJOR) {
    result = ra_error_set(err, RA_E_UNSUPPORTED, source, 0, 0,
                          "report format version '%s' is not supported: "
                          "this raconform reads major version %d (format "
                          "%s); use the raconform that wrote it", shown,
                          RA_REPORT_JSON_MAJOR, RA_REPORT_JSON_VERSION);
    goto done;
  }
  suite = json_object_get(doc, "suite");
  cases = json_object_get(doc, "cases");
  if(!json_is_object(suite) || !json_is_array(cases)) {
    result = ra_error_set(err, RA_E_PARSE, source, 0, 0,
                          "a report needs a \"suite\" object and a \"cases\" "
                          "array");
    goto done;
  }
  run->suite_version = get_str(suite, "version");
  run->target_name = get_str(suite, "target");
  run->endpoint = get_str(suite, "endpoint");
  run->endpoint_class = get_str(suite, "endpoint_class");
  run->profile = get_str(suite, "profile");
  run->shard = get_str(suite, "shard");
  run->rerun = get_str(suite, "rerun");
  run->strict = json_is_true(json_object_get(suite, "strict"));
  run->duration_ms = get_num(suite, "duration_ms");
  {
    json_t *st = json_object_get(suite, "started");
    int64_t ms;
    if(json_is_string(st) &&
       !ra_clock_parse_iso8601(json_string_value(st), &ms))
      run->started_ms = ms;
  }
  json_array_foreach(cases, i, c) {
    struct ra_verdict *v = ra_run_add(run);
    if(!json_is_object(c)) {
      result = ra_error_set(err, RA_E_PARSE, source, 0, 0,
                            "cases[%zu] is not an object", i);
      goto done;
    }
    result = load_case(v, c, i, source, err);
    if(result)
      goto done;
  }
done:
  json_decref(doc);
  if(result)
    ra_run_free(run);
  return result;
}

ra_code ra_report_load_file(struct ra_run *run, const char *path,
                            struct ra_error *err)
{
  json_error_t jerr;
  json_t *probe;
  char *text;
  ra_code result;
  /* jansson reads the file; dump it back to text for one code path. */
  ra_run_init(run);
  probe = json_load_file(path, 0, &jerr);
  if(!probe) {
    if(jerr.line <= 0)
      return ra_error_set(err, RA_E_IO, path, 0, 0, "cannot read \"%s\"",
                          path);
    return ra_error_set(err, RA_E_PARSE, path, jerr.line, jerr.column, "%s",
                        jerr.text);
  }
  text = json_dumps(probe, 0);
  json_decref(probe);
  result = ra_report_load_text(run, text, strlen(text), path, err);
  free(text);
  return result;
}
