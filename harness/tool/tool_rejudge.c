/* raconform rejudge DIR: judges a recording (run --record DIR) again with
 * the current catalogue and grading, without touching the target. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "core/outfile.h"
#include "report/baseline.h"
#include "report/report_json.h"
#include "report/report_junit.h"
#include "report/report_summary.h"
#include "report/report_tap.h"
#include "proto/verdict.h"
#include "runner/caseset.h"
#include "runner/rejudge.h"
#include "tool/tool.h"
#include "tool/tool_catalogue.h"
#include "tool/tool_opt.h"

static void usage(FILE *out)
{
  fprintf(out,
    "usage: raconform rejudge DIR [--tap FILE|-] [--junit FILE] [--json FILE]\n"
    "                         [--strict] [--cases DIR]\n\n"
    "Judges the exchanges recorded by `raconform run --record DIR` again\n"
    "with the current catalogue and grading; sends nothing. A case whose\n"
    "request changed since the recording is skipped with that reason.\n"
    "TAP goes to stdout unless --tap FILE.\n"
    "exit: 0 conformant, 1 failures, 2 usage or unreadable recording\n");
}

enum { OPT_TAP = 256, OPT_JUNIT, OPT_JSON, OPT_STRICT, OPT_CASES };

static const struct ra_tool_optdef rejudge_opts[] = {
  {"tap", OPT_TAP, 1},
  {"junit", OPT_JUNIT, 1},
  {"json", OPT_JSON, 1},
  {"strict", OPT_STRICT, 0},
  {"cases", OPT_CASES, 1},
  {NULL, 0, 0}
};

int ra_tool_rejudge(int argc, char **argv)
{
  const char *dir = NULL, *tap_path = NULL, *junit = NULL, *json = NULL;
  const char *cases_dir = NULL, *v;
  int strict = 0, rc = RA_EXIT_OK, key, lost = 0;
  struct ra_caseset set;
  struct ra_run run;
  struct ra_error err = RA_ERROR_INIT;
  struct ra_tool_opts op;

  ra_caseset_init(&set);
  ra_run_init(&run);
  ra_error_clear(&err);
  ra_tool_opts_init(&op, "rejudge", rejudge_opts, usage, argc, argv);
  while((key = ra_tool_opts_next(&op, &v)) != RA_TOOL_OPT_END) {
    switch(key) {
    case RA_TOOL_OPT_EXIT:
      rc = op.exit_code;
      goto done;
    case OPT_STRICT: strict = 1; break;
    case OPT_TAP: tap_path = v; break;
    case OPT_JUNIT: junit = v; break;
    case OPT_JSON: json = v; break;
    case OPT_CASES: cases_dir = v; break;
    default: break;
    }
  }
  if(op.index >= argc) {
    rc = ra_tool_usage_error("rejudge", "no recording DIR given (see "
                             "--help)");
    goto done;
  }
  if(op.index + 1 < argc) {
    rc = ra_tool_usage_error("rejudge", "one recording DIR only");
    goto done;
  }
  dir = argv[op.index];
  /* Report paths are refused before anything is judged (SPEC §8). */
  if((tap_path && strcmp(tap_path, "-") &&
      ra_outfile_check(tap_path, &err)) ||
     (junit && ra_outfile_check(junit, &err)) ||
     (json && ra_outfile_check(json, &err))) {
    fprintf(stderr, "raconform rejudge: ");
    ra_error_print(&err, stderr);
    rc = RA_EXIT_USAGE;
    goto done;
  }
  rc = ra_tool_load_catalogue("rejudge", cases_dir, &set);
  if(rc)
    goto done;
  if(ra_rejudge_run(&run, dir, &set, strict, &err)) {
    fprintf(stderr, "raconform rejudge: ");
    ra_error_print(&err, stderr);
    rc = RA_EXIT_USAGE;
    goto done;
  }
  if(tap_path && strcmp(tap_path, "-")) {
    if(ra_report_tap_write_file(tap_path, &run, 13, NULL, &err)) {
      fprintf(stderr, "raconform rejudge: ");
      ra_error_print(&err, stderr);
      ra_error_clear(&err); /* the next write reports its own */
      lost = 1;
    }
  }
  else {
    struct ra_outfile out;
    ra_outfile_open_fd(&out, STDOUT_FILENO, "stdout (TAP)");
    (void)ra_report_tap_write(out.fp, &run, 13);
    if(ra_outfile_commit(&out, &err)) {
      fprintf(stderr, "raconform rejudge: ");
      ra_error_print(&err, stderr);
      ra_error_clear(&err); /* the next write reports its own */
      lost = 1;
    }
  }
  if(junit && ra_report_junit_write_file(junit, &run, &err)) {
    fprintf(stderr, "raconform rejudge: ");
    ra_error_print(&err, stderr);
    ra_error_clear(&err); /* the next write reports its own */
    lost = 1;
  }
  if(json && ra_report_json_write_file(json, &run, &err)) {
    fprintf(stderr, "raconform rejudge: ");
    ra_error_print(&err, stderr);
    ra_error_clear(&err); /* the next write reports its own */
    lost = 1;
  }
  ra_report_summary(stderr, &run, 0, 0);
  rc = lost ? RA_EXIT_USAGE : ra_run_exit_code(&run, NULL);
done:
  ra_tool_opts_free(&op);
  ra_caseset_free(&set);
  ra_run_free(&run);
  return rc;
}
