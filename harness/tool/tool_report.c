/* raconform report: merges JSON reports (shards of one run, runs against
 * several targets, client-check runs of several clients) into one JSON and
 * JUnit report, and with several targets writes a comparison matrix (HTML,
 * Markdown). Reports of the same target (suite.target) are one run's
 * shards; each distinct target is a column. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "report/baseline.h"
#include "report/report_html.h"
#include "report/report_json.h"
#include "report/report_junit.h"
#include "report/report_load.h"
#include "report/report_markdown.h"
#include "report/report_matrix.h"
#include "report/report_merge.h"
#include "report/report_save.h"
#include "proto/verdict.h"
#include "tool/tool.h"
#include "tool/tool_opt.h"

static void usage(FILE *out)
{
  fprintf(out,
    "usage: raconform report [--html FILE] [--markdown FILE] [--junit FILE]\n"
    "                        [--json FILE] REPORT.json...\n\n"
    "Reads JSON reports of `raconform run`, `rejudge` or `client-check`.\n"
    "The shards of one run (run --shard K/N, same target) merge into one\n"
    "run; every other report is a run of its own. Several runs make a\n"
    "comparison matrix (cases x runs) for --html and --markdown.\n"
    "With one run --json/--junit write the merged run; with several,\n"
    "--json writes a raconform-comparison document holding each run's\n"
    "report and --junit one test suite per run and profile.\n"
    "exit: 0 no failure, 1 failures or errors in a merged run, 2 usage or\n"
    "unreadable report (another major format version included),\n"
    "3 a target was unreachable\n");
}

struct group {
  char *target;
  struct ra_run *parts;
  const char **names;
  size_t n;
};

/* Adds a loaded run to its group (moves *run): the shards of one run (same
 * target, same N of "K/N") form one group; an unsharded report is a group
 * of its own (two runs of one target are two columns, e.g. before and
 * after a change). */
static void add_to_group(struct group **groups, size_t *ngroups,
                         struct ra_run *run, const char *file)
{
  const char *t = run->target_name ? run->target_name : "";
  const char *n = run->shard ? strchr(run->shard, '/') : NULL;
  struct ra_buf key;
  size_t g;
  ra_buf_init(&key, RA_BUF_UNLIMITED);
  if(n)
    ra_buf_putf(&key, "shards%s of %s", n, t);
  else
    ra_buf_putf(&key, "run %zu of %s", *ngroups, t);
  for(g = 0; g < *ngroups && strcmp((*groups)[g].target, ra_buf_str(&key));
      g++)
    ;
  if(g == *ngroups) {
    *groups = ra_realloc(*groups, (*ngroups + 1) * sizeof(**groups));
    memset(&(*groups)[g], 0, sizeof(**groups));
    (*groups)[g].target = ra_strdup(ra_buf_str(&key));
    (*ngroups)++;
  }
  ra_buf_free(&key);
  (*groups)[g].parts = ra_realloc((*groups)[g].parts,
                                  ((*groups)[g].n + 1) * sizeof(struct ra_run));
  (*groups)[g].names = ra_realloc((*groups)[g].names,
                                  ((*groups)[g].n + 1) * sizeof(char *));
  (*groups)[g].parts[(*groups)[g].n] = *run;
  (*groups)[g].names[(*groups)[g].n] = file;
  (*groups)[g].n++;
  ra_run_init(run);
}

/* Several targets in one JUnit file: a suite per target and profile. */
static void combined_run(struct ra_run *out, const struct ra_run *merged,
                         size_t n)
{
  size_t g, i;
  struct ra_buf b;
  ra_run_init(out);
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_verdict_set(&out->suite_version, merged[0].suite_version);
  /* No target name: each verdict's "profile" is "<target> <profile>", so
   * the JUnit writer names one suite per target and profile, as a single
   * run's suites are named ("raconform <target> <profile>"). */
  ra_verdict_set(&out->endpoint_class, merged[0].endpoint_class);
  out->strict = merged[0].strict;
  out->started_ms = merged[0].started_ms;
  for(g = 0; g < n; g++) {
    if(merged[g].duration_ms > out->duration_ms)
      out->duration_ms = merged[g].duration_ms;
    for(i = 0; i < merged[g].count; i++) {
      const struct ra_verdict *s = &merged[g].verdicts[i];
      struct ra_verdict *v = ra_run_add(out);
      char **dst[] = {&v->case_id, &v->title, &v->group, &v->tags,
                      &v->source, &v->reason, &v->error_kind, &v->expected,
                      &v->actual, &v->observed_key, &v->request,
                      &v->response, &v->curl, &v->baseline_reason, &v->note,
                      &v->level};
      char *const src[] = {s->case_id, s->title, s->group, s->tags,
                           s->source, s->reason, s->error_kind, s->expected,
                           s->actual, s->observed_key, s->request,
                           s->response, s->curl, s->baseline_reason, s->note,
                           s->level};
      size_t k;
      for(k = 0; k < sizeof(src) / sizeof(src[0]); k++)
        ra_verdict_set(dst[k], src[k]);
      ra_buf_reset(&b);
      ra_buf_putf(&b, "%s %s",
                        merged[g].target_name ? merged[g].target_name : "?",
                        s->profile ? s->profile : "unknown");
      ra_verdict_set(&v->profile, ra_buf_str(&b));
      v->status = s->status;
      v->grade = s->grade;
      v->duration_ms = s->duration_ms;
    }
  }
  ra_buf_free(&b);
}

static ra_code write_comparison_json(const char *path,
                                     const struct ra_run *merged, size_t n,
                                     struct ra_error *err)
{
  json_t *doc = json_object(), *reports = json_array();
  char *text;
  size_t g;
  ra_code result;
  json_object_set_new(doc, "format", json_string("raconform-comparison/1"));
  json_object_set_new(doc, "format_version", json_string("1.0"));
  for(g = 0; g < n; g++) {
    char *one = ra_report_json_dumps(&merged[g]);
    json_array_append_new(reports, json_loads(one, 0, NULL));
    ra_free(one);
  }
  json_object_set_new(doc, "reports", reports);
  text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  json_decref(doc);
  result = ra_report_save_text(path, text ? text : "{}",
                               text ? strlen(text) : 2, err);
  free(text);
  return result;
}

static int write_outputs(const char *html, const char *markdown,
                         const char *junit, const char *json,
                         struct ra_run *merged, const char *const *sources,
                         size_t n)
{
  struct ra_error err = RA_ERROR_INIT;
  struct ra_matrix m;
  int lost = 0;
  ra_error_clear(&err);
  ra_matrix_build(&m, merged, sources, n);
  if(html && ra_report_html_write_file(html, &m, &err))
    lost = 1;
  if(!lost && markdown && ra_report_markdown_write_file(markdown, &m, &err))
    lost = 1;
  if(!lost && json) {
    if(n == 1 ? ra_report_json_write_file(json, &merged[0], &err) :
       write_comparison_json(json, merged, n, &err))
      lost = 1;
  }
  if(!lost && junit) {
    if(n == 1)
      lost = ra_report_junit_write_file(junit, &merged[0], &err) != RA_OK;
    else {
      struct ra_run all;
      combined_run(&all, merged, n);
      lost = ra_report_junit_write_file(junit, &all, &err) != RA_OK;
      ra_run_free(&all);
    }
  }
  if(lost) {
    fprintf(stderr, "raconform report: ");
    ra_error_print(&err, stderr);
  }
  ra_matrix_free(&m);
  return lost;
}

enum { OPT_HTML = 256, OPT_MARKDOWN, OPT_JUNIT, OPT_JSON };

static const struct ra_tool_optdef report_opts[] = {
  {"html", OPT_HTML, 1},
  {"markdown", OPT_MARKDOWN, 1},
  {"junit", OPT_JUNIT, 1},
  {"json", OPT_JSON, 1},
  {NULL, 0, 0}
};

int ra_tool_report(int argc, char **argv)
{
  const char *html = NULL, *markdown = NULL, *junit = NULL, *json = NULL;
  const char **files = ra_calloc((size_t)argc + 1, sizeof(*files));
  struct group *groups = NULL;
  struct ra_run *merged = NULL;
  const char **sources = NULL;
  size_t nfiles = 0, ngroups = 0, g;
  struct ra_error err = RA_ERROR_INIT;
  struct ra_tool_opts op;
  const char *v;
  int rc = RA_EXIT_OK;
  int i, key;

  ra_error_clear(&err);
  ra_tool_opts_init(&op, "report", report_opts, usage, argc, argv);
  while((key = ra_tool_opts_next(&op, &v)) != RA_TOOL_OPT_END) {
    switch(key) {
    case RA_TOOL_OPT_EXIT:
      rc = op.exit_code;
      goto done;
    case OPT_HTML: html = v; break;
    case OPT_MARKDOWN: markdown = v; break;
    case OPT_JUNIT: junit = v; break;
    case OPT_JSON: json = v; break;
    default: break;
    }
  }
  for(i = op.index; i < argc; i++)
    files[nfiles++] = argv[i];
  if(!nfiles) {
    rc = ra_tool_usage_error("report", "no REPORT.json given (see --help)");
    goto done;
  }
  for(g = 0; g < nfiles; g++) {
    struct ra_run run;
    if(ra_report_load_file(&run, files[g], &err)) {
      fprintf(stderr, "raconform report: ");
      ra_error_print(&err, stderr);
      rc = RA_EXIT_USAGE;
      goto done;
    }
    add_to_group(&groups, &ngroups, &run, files[g]);
  }
  merged = ra_calloc(ngroups, sizeof(*merged));
  for(g = 0; g < ngroups; g++) {
    if(ra_report_merge(&merged[g], groups[g].parts, groups[g].n,
                       groups[g].names, &err)) {
      fprintf(stderr, "raconform report: ");
      ra_error_print(&err, stderr);
      rc = RA_EXIT_USAGE;
      goto done;
    }
  }
  sources = ra_calloc(ngroups, sizeof(*sources));
  for(g = 0; g < ngroups; g++)
    sources[g] = groups[g].n == 1 ? groups[g].names[0] : NULL;
  if(write_outputs(html, markdown, junit, json, merged, sources, ngroups)) {
    rc = RA_EXIT_USAGE;
    goto done;
  }
  for(g = 0; g < ngroups; g++) {
    int one = ra_run_exit_code(&merged[g], NULL);
    if(one == RA_EXIT_FAIL || (one == RA_EXIT_UNREACHABLE && !rc))
      rc = one;
  }
done:
  ra_tool_opts_free(&op);
  for(g = 0; g < ngroups; g++) {
    size_t k;
    for(k = 0; k < groups[g].n; k++)
      ra_run_free(&groups[g].parts[k]);
    ra_free(groups[g].parts);
    ra_free(groups[g].names);
    ra_free(groups[g].target);
    if(merged)
      ra_run_free(&merged[g]);
  }
  ra_free(groups);
  ra_free(merged);
  ra_free(sources);
  ra_free(files);
  return rc;
}
