/* raconform client-check: judge a client library against the examiner
 * server (SPEC §5, docs/client-conformance.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/clientcheck.h"
#include "client/examine.h"
#include "client/scenario.h"
#include "core/alloc.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/version.h"
#include "report/baseline.h"
#include "report/report_json.h"
#include "report/report_junit.h"
#include "report/report_summary.h"
#include "report/report_tap.h"
#include "report/verdict.h"
#include "tool/tool.h"

static void usage(FILE *out)
{
  fprintf(out,
    "usage: raconform client-check [--profile legacy-2014|json-2017]\n"
    "                              [--scenario NAME]... [--timeout SECONDS]\n"
    "                              [--jobs N] [--strict]\n"
    "                              [--tap FILE|-] [--tap-version 13|14]\n"
    "                              [--junit FILE] [--json FILE]\n"
    "                              [--baseline FILE] [--quiet]\n"
    "                              -- COMMAND [ARGS]\n"
    "       raconform client-check --list\n\n"
    "Runs COMMAND once per scenario against the examiner server, with\n"
    "RACONFORM_ENDPOINT, RACONFORM_PROFILE, RACONFORM_ACCESS_KEY_ID,\n"
    "RACONFORM_SECRET_ACCESS_KEY, RACONFORM_ASSIGNMENT_ID, RACONFORM_FEEDBACK\n"
    "and RACONFORM_SCENARIO in its environment. COMMAND calls\n"
    "RejectAssignment once and prints 'ok', or the error the client\n"
    "surfaced (its words carry the error type and/or code, e.g.\n"
    "'RequestError AWS.MechanicalTurk.InvalidAssignmentState'; a leading\n"
    "'error' is allowed, not required).\n"
    "The profile defaults to json-2017; the timeout (per scenario) to %d s\n"
    "(longer where a scenario needs it); --jobs N runs N scenarios at once\n"
    "(default 1, at most %d). See docs/client-conformance.md.\n",
    RA_CLIENTCHECK_TIMEOUT_S, RA_CC_MAX_JOBS);
}

static void list_scenarios(void)
{
  size_t count, i;
  const struct ra_cc_scenario *sc = ra_cc_scenarios(&count);
  for(i = 0; i < count; i++)
    printf("%-20s %-18s %s\n", sc[i].name,
           sc[i].profiles == RA_CC_BOTH ? "legacy-2014,json-2017" :
           sc[i].profiles == RA_CC_JSON ? "json-2017" : "legacy-2014",
           sc[i].title);
}

int ra_tool_client_check(int argc, char **argv)
{
  static const char *cmd = "client-check";
  struct ra_clientcheck_opts opts;
  struct ra_run run;
  struct ra_error err;
  struct ra_baseline baseline;
  struct ra_baseline_result bres;
  const char **names = NULL;
  const char *tap = "-", *junit = NULL, *json = NULL, *baseline_path = NULL;
  const char *profile = "json-2017";
  int tap_version = 13, quiet = 0, have_baseline = 0;
  int i, rc = RA_EXIT_USAGE;
  int64_t started;
  ra_code result;

  memset(&opts, 0, sizeof(opts));
  ra_run_init(&run);
  ra_baseline_init(&baseline);
  memset(&bres, 0, sizeof(bres));
  names = ra_calloc((size_t)argc + 1, sizeof(char *));
  for(i = 1; i < argc; i++) {
    const char *v;
    int missing = 0;
    if(!strcmp(argv[i], "--")) {
      i++;
      break;
    }
    if(!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      usage(stdout);
      rc = RA_EXIT_OK;
      goto done;
    }
    if(!strcmp(argv[i], "--list")) {
      list_scenarios();
      rc = RA_EXIT_OK;
      goto done;
    }
    if(!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) {
      quiet = 1;
      continue;
    }
    if(!strcmp(argv[i], "--strict")) {
      opts.strict = 1;
      continue;
    }
    if(ra_tool_opt(&v, argc, argv, &i, "--profile", &missing))
      profile = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--scenario", &missing))
      names[opts.scenario_count++] = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--timeout", &missing)) {
      char *end;
      long t = strtol(v, &end, 10);
      if(*end || t < 1 || t > 3600) {
        rc = ra_tool_usage_error(cmd, "bad --timeout '%s' (seconds, 1-3600)",
                                 v);
        goto done;
      }
      opts.timeout_s = (unsigned)t;
    }
    else if(ra_tool_opt(&v, argc, argv, &i, "--jobs", &missing)) {
      char *end;
      long j = strtol(v, &end, 10);
      if(*end || j < 1 || j > RA_CC_MAX_JOBS) {
        rc = ra_tool_usage_error(cmd, "bad --jobs '%s' (1-%d)", v,
                                 RA_CC_MAX_JOBS);
        goto done;
      }
      opts.jobs = (unsigned)j;
    }
    else if(ra_tool_opt(&v, argc, argv, &i, "--tap", &missing))
      tap = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--tap-version", &missing)) {
      if(strcmp(v, "13") && strcmp(v, "14")) {
        rc = ra_tool_usage_error(cmd, "bad --tap-version '%s' (13 or 14)", v);
        goto done;
      }
      tap_version = atoi(v);
    }
    else if(ra_tool_opt(&v, argc, argv, &i, "--junit", &missing))
      junit = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--json", &missing))
      json = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--baseline", &missing))
      baseline_path = v;
    else if(missing) {
      rc = ra_tool_usage_error(cmd, "option '%s' needs a value", argv[i]);
      goto done;
    }
    else {
      rc = ra_tool_usage_error(cmd, "unknown option '%s' (COMMAND goes "
                               "after '--')", argv[i]);
      goto done;
    }
  }
  if(i >= argc) {
    rc = ra_tool_usage_error(cmd, "no COMMAND given (usage: raconform "
                             "client-check [options] -- COMMAND [ARGS])");
    goto done;
  }
  if(ra_profile_parse(profile, &opts.profile)) {
    rc = ra_tool_usage_error(cmd, "unknown profile '%s' (legacy-2014 or "
                             "json-2017)", profile);
    goto done;
  }
  opts.argv = argv + i;
  opts.scenarios = names;
  opts.verbose = !quiet;
  ra_error_clear(&err);
  if(ra_clientcheck_validate(&opts, &err)) {
    rc = ra_tool_usage_error(cmd, "%s", err.text);
    goto done;
  }
  if(baseline_path) {
    if(ra_baseline_load_file(&baseline, baseline_path, &err)) {
      ra_error_print(&err, stderr);
      rc = RA_EXIT_USAGE;
      goto done;
    }
    have_baseline = 1;
  }

  {
    struct ra_buf t;
    ra_buf_init(&t, RA_BUF_UNLIMITED);
    ra_buf_addf(&t, "client-check: %s", argv[i]);
    run.target_name = ra_buf_take(&t, NULL);
  }
  run.suite_version = ra_strdup(RA_VERSION);
  run.endpoint = ra_strdup("http://127.0.0.1/ (examiner, one port per "
                           "scenario)");
  run.endpoint_class = ra_strdup("loopback");
  run.profile = ra_strdup(ra_profile_name(opts.profile));
  run.strict = opts.strict;
  {
    struct ra_clock sys = ra_clock_system();
    run.started_ms = ra_clock_now_ms(&sys);
  }
  started = ra_clock_monotonic_ms();
  if(junit)
    ra_report_junit_arm(junit, &run);

  result = ra_clientcheck_run(&run, &opts, &err);
  run.duration_ms = (double)(ra_clock_monotonic_ms() - started);
  if(junit)
    ra_report_junit_disarm();
  if(result) {
    ra_error_print(&err, stderr);
    rc = result == RA_E_USAGE ? RA_EXIT_USAGE : RA_EXIT_UNREACHABLE;
    goto done;
  }
  if(have_baseline) {
    struct ra_clock sys = ra_clock_system();
    ra_baseline_apply(&run, &baseline, ra_clock_now_ms(&sys), &bres);
  }

  rc = ra_run_exit_code(&run, have_baseline ? &bres : NULL);
  if(!strcmp(tap, "-"))
    ra_report_tap_write(stdout, &run, tap_version);
  else {
    FILE *fp = fopen(tap, "w");
    if(!fp || ra_report_tap_write(fp, &run, tap_version)) {
      fprintf(stderr, "raconform client-check: cannot write '%s'\n", tap);
      rc = RA_EXIT_USAGE;
    }
    if(fp)
      fclose(fp);
  }
  if(junit && ra_report_junit_write_file(junit, &run, &err)) {
    ra_error_print(&err, stderr);
    rc = RA_EXIT_USAGE;
  }
  if(json && ra_report_json_write_file(json, &run, &err)) {
    ra_error_print(&err, stderr);
    rc = RA_EXIT_USAGE;
  }
  if(!quiet)
    ra_report_summary(stderr, &run, 0);
done:
  ra_free(names);
  ra_baseline_free(&baseline);
  ra_run_free(&run);
  return rc;
}
