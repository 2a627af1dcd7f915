/* raconform rejudge DIR: judges a recording (run --record DIR) again with
 * the current catalogue and grading, without touching the target. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "report/baseline.h"
#include "report/report_json.h"
#include "report/report_junit.h"
#include "report/report_summary.h"
#include "report/report_tap.h"
#include "report/verdict.h"
#include "runner/caseset.h"
#include "runner/rejudge.h"
#include "tool/tool.h"
#include "tool/tool_catalogue.h"

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

int ra_tool_rejudge(int argc, char **argv)
{
  const char *dir = NULL, *tap_path = NULL, *junit = NULL, *json = NULL;
  const char *cases_dir = NULL;
  int strict = 0, rc = RA_EXIT_OK, i, lost = 0;
  struct ra_caseset set;
  struct ra_run run;
  struct ra_error err;
  FILE *tap = stdout;

  ra_caseset_init(&set);
  ra_run_init(&run);
  ra_error_clear(&err);
  for(i = 1; i < argc; i++) {
    const char *v;
    int missing = 0;
    if(!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      usage(stdout);
      goto done;
    }
    else if(!strcmp(argv[i], "--strict"))
      strict = 1;
    else if(ra_tool_opt(&v, argc, argv, &i, "--tap", &missing))
      tap_path = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--junit", &missing))
      junit = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--json", &missing))
      json = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--cases", &missing))
      cases_dir = v;
    else if(missing) {
      rc = ra_tool_usage_error("rejudge", "option '%s' needs a value",
                               argv[i]);
      goto done;
    }
    else if(argv[i][0] == '-' && argv[i][1]) {
      rc = ra_tool_usage_error("rejudge", "unknown option '%s' (see --help)",
                               argv[i]);
      goto done;
    }
    else if(dir) {
      rc = ra_tool_usage_error("rejudge", "one recording DIR only");
      goto done;
    }
    else
      dir = argv[i];
  }
  if(!dir) {
    rc = ra_tool_usage_error("rejudge", "no recording DIR given (see "
                             "--help)");
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
    tap = fopen(tap_path, "w");
    if(!tap) {
      tap = stdout;
      rc = ra_tool_usage_error("rejudge", "cannot write '%s'", tap_path);
      goto done;
    }
  }
  ra_report_tap_write(tap, &run, 13);
  if(fflush(tap))
    lost = 1;
  if(junit && ra_report_junit_write_file(junit, &run, &err)) {
    fprintf(stderr, "raconform rejudge: ");
    ra_error_print(&err, stderr);
    lost = 1;
  }
  if(json && ra_report_json_write_file(json, &run, &err)) {
    fprintf(stderr, "raconform rejudge: ");
    ra_error_print(&err, stderr);
    lost = 1;
  }
  ra_report_summary(stderr, &run, 0);
  rc = lost ? RA_EXIT_USAGE : ra_run_exit_code(&run, NULL);
done:
  if(tap != stdout)
    fclose(tap);
  ra_caseset_free(&set);
  ra_run_free(&run);
  return rc;
}
