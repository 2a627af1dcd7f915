/* raconform client-check: judge a client library against the examiner
 * server (SPEC §5, docs/client-conformance.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/clientcheck.h"
#include "client/examine.h"
#include "client/scenario.h"
#include "core/alloc.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/outfile.h"
#include "core/version.h"
#include "proto/verdict.h"
#include "report/baseline.h"
#include "report/report_json.h"
#include "report/report_junit.h"
#include "report/report_summary.h"
#include "report/report_tap.h"
#include "server/refserver.h"
#include "tool/tool.h"
#include "tool/tool_opt.h"
#include "tool/tool_progress.h"

/* ---- the examiner's server: the reference server, one per examination -- */

struct ra_cc_server {
  struct ra_refserver *ref;
  ra_cc_hook hook;
  void *hook_ctx;
};

/* The reference server's hook: hands the request to the examiner's. */
static int cc_hook(void *ctx, const struct ra_wire_request *req,
                   struct ra_refserver_response *resp)
{
  struct ra_cc_server *s = ctx;
  struct ra_cc_wire_answer ans;
  int answered;
  ans.status = resp->status;
  ans.headers = &resp->headers;
  ans.body = &resp->body;
  answered = s->hook(s->hook_ctx, req, &ans);
  resp->status = ans.status;
  return answered;
}

static ra_code cc_start(void *arg, ra_profile profile, ra_cc_hook hook,
                        void *hook_ctx, struct ra_cc_server **out,
                        struct ra_error *err)
{
  struct ra_cc_server *s = ra_calloc(1, sizeof(*s));
  struct ra_refserver_config cfg;
  ra_code result;
  (void)arg;
  s->hook = hook;
  s->hook_ctx = hook_ctx;
  ra_refserver_config_init(&cfg);
  cfg.profiles = profile == RA_PROFILE_LEGACY ? RA_SERVE_LEGACY
                                              : RA_SERVE_JSON;
  cfg.hook = cc_hook;
  cfg.hook_ctx = s;
  result = ra_refserver_start(&s->ref, &cfg, err);
  if(result) {
    ra_free(s);
    return result;
  }
  *out = s;
  return RA_OK;
}

static const char *cc_url(const struct ra_cc_server *s)
{
  return ra_refserver_url(s->ref);
}

static ra_code cc_seed(struct ra_cc_server *s, char **id_out)
{
  return ra_refserver_seed(s->ref, RA_REFSERVER_OWNER_KEY_ID, "Submitted",
                           id_out);
}

static void cc_stop(struct ra_cc_server *s)
{
  if(!s)
    return;
  ra_refserver_stop(s->ref);
  ra_free(s);
}

static const struct ra_cc_server_ops cc_server = {
  cc_start, cc_url, cc_seed, cc_stop, NULL,
  RA_REFSERVER_OWNER_KEY_ID, RA_REFSERVER_OWNER_SECRET
};

/* ---- progress (SPEC §5: as run shows it) -------------------------------- */

struct cc_progress {
  int quiet;                  /* no per-scenario lines */
  int line;                   /* the self-rewriting line is wanted */
  struct ra_tool_progress pr;
};

static void cc_progress_show(const struct ra_progress *p, void *arg)
{
  struct cc_progress *cp = arg;
  if(p->finished && !cp->quiet) {
    ra_tool_progress_clear(&cp->pr);
    fprintf(stderr, "%s\n", p->finished);
  }
  if(!cp->line)
    return;
  ra_tool_progress_show(p, &cp->pr);
}

static void usage(FILE *out)
{
  fprintf(out,
    "usage: raconform client-check [--profile legacy-2014|json-2017]\n"
    "                              [--scenario NAME]... [--timeout SECONDS]\n"
    "                              [--jobs N] [--strict]\n"
    "                              [--tap FILE|-] [--tap-version 13|14]\n"
    "                              [--junit FILE] [--json FILE]\n"
    "                              [--baseline FILE] [--quiet]\n"
    "                              [--progress auto|always|never]\n"
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

enum {
  OPT_PROFILE = 256, OPT_SCENARIO, OPT_TIMEOUT, OPT_TAP, OPT_TAP_VERSION,
  OPT_JUNIT, OPT_JSON, OPT_BASELINE, OPT_LIST, OPT_STRICT, OPT_JOBS,
  OPT_PROGRESS
};

static const struct ra_tool_optdef cc_opts[] = {
  {"profile", OPT_PROFILE, 1},
  {"scenario", OPT_SCENARIO, 1},
  {"timeout", OPT_TIMEOUT, 1},
  {"tap", OPT_TAP, 1},
  {"tap-version", OPT_TAP_VERSION, 1},
  {"junit", OPT_JUNIT, 1},
  {"json", OPT_JSON, 1},
  {"baseline", OPT_BASELINE, 1},
  {"list", OPT_LIST, 0},
  {"quiet", 'q', 0},
  {"strict", OPT_STRICT, 0},
  {"jobs", OPT_JOBS, 1},
  {"progress", OPT_PROGRESS, 1},
  {NULL, 0, 0}
};

int ra_tool_client_check(int argc, char **argv)
{
  static const char *cmd = "client-check";
  struct ra_clientcheck_opts opts;
  struct ra_run run;
  struct ra_error err = RA_ERROR_INIT;
  struct ra_baseline baseline;
  struct ra_baseline_result bres;
  const char **names = NULL;
  const char *tap = "-", *junit = NULL, *json = NULL, *baseline_path = NULL;
  const char *profile = "json-2017";
  int tap_version = 13, quiet = 0, have_baseline = 0;
  int i, rc = RA_EXIT_USAGE;
  struct ra_tool_opts op;
  const char *v;
  int key;
  int64_t started;
  ra_progress_mode progress_mode = RA_PROGRESS_AUTO;
  struct cc_progress progress;
  ra_code result;

  memset(&opts, 0, sizeof(opts));
  memset(&progress, 0, sizeof(progress));
  ra_run_init(&run);
  ra_baseline_init(&baseline);
  memset(&bres, 0, sizeof(bres));
  names = ra_calloc((size_t)argc + 1, sizeof(char *));
  /* posix: COMMAND's own options after '--' are never ours */
  ra_tool_opts_init_posix(&op, cmd, cc_opts, usage, argc, argv);
  while((key = ra_tool_opts_next(&op, &v)) != RA_TOOL_OPT_END) {
    switch(key) {
    case RA_TOOL_OPT_EXIT:
      rc = op.exit_code;
      goto done;
    case OPT_LIST:
      list_scenarios();
      rc = RA_EXIT_OK;
      goto done;
    case 'q': quiet = 1; break;
    case OPT_STRICT: opts.strict = 1; break;
    case OPT_PROFILE: profile = v; break;
    case OPT_SCENARIO: names[opts.scenario_count++] = v; break;
    case OPT_TIMEOUT: {
      char *end;
      long t = strtol(v, &end, 10);
      if(*end || t < 1 || t > 3600) {
        rc = ra_tool_usage_error(cmd, "bad --timeout '%s' (seconds, 1-3600)",
                                 v);
        goto done;
      }
      opts.timeout_s = (unsigned)t;
      break;
    }
    case OPT_JOBS: {
      char *end;
      long j = strtol(v, &end, 10);
      if(*end || j < 1 || j > RA_CC_MAX_JOBS) {
        rc = ra_tool_usage_error(cmd, "bad --jobs '%s' (1-%d)", v,
                                 RA_CC_MAX_JOBS);
        goto done;
      }
      opts.jobs = (unsigned)j;
      break;
    }
    case OPT_TAP: tap = v; break;
    case OPT_TAP_VERSION:
      if(strcmp(v, "13") && strcmp(v, "14")) {
        rc = ra_tool_usage_error(cmd, "bad --tap-version '%s' (13 or 14)", v);
        goto done;
      }
      tap_version = atoi(v);
      break;
    case OPT_JUNIT: junit = v; break;
    case OPT_JSON: json = v; break;
    case OPT_BASELINE: baseline_path = v; break;
    case OPT_PROGRESS:
      if(ra_tool_progress_parse(v, &progress_mode)) {
        rc = ra_tool_usage_error(cmd, "bad --progress '%s' (auto, always or "
                                 "never)", v);
        goto done;
      }
      break;
    default: break;
    }
  }
  i = op.index;
  if(i < argc && strcmp(argv[i - 1], "--")) {
    rc = ra_tool_usage_error(cmd, "unexpected argument '%s' (COMMAND goes "
                             "after '--')", argv[i]);
    goto done;
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
  opts.server = &cc_server;
  /* Per-scenario lines unless --quiet; the progress line as run shows it
   * (on a terminal, or with --progress always, which outranks --quiet). */
  progress.quiet = quiet;
  progress.line = progress_mode == RA_PROGRESS_ALWAYS ||
                  (!quiet && ra_tool_progress_wanted(progress_mode));
  progress.pr.color = ra_tool_color_wanted();
  if(!quiet || progress.line) {
    opts.progress = cc_progress_show;
    opts.progress_arg = &progress;
  }
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
  /* Report paths are refused before the run, never replaced (SPEC §8). */
  if((strcmp(tap, "-") && ra_outfile_check(tap, &err)) ||
     (junit && ra_outfile_check(junit, &err)) ||
     (json && ra_outfile_check(json, &err))) {
    ra_error_print(&err, stderr);
    rc = RA_EXIT_USAGE;
    goto done;
  }

  {
    struct ra_buf t;
    ra_buf_init(&t, RA_BUF_UNLIMITED);
    int k;
    /* The whole command: it tells clients apart in comparison matrices. */
    ra_buf_puts(&t, "client-check:");
    for(k = i; k < argc; k++)
      ra_buf_putf(&t, " %s", argv[k]);
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
  ra_tool_progress_clear(&progress.pr);
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
  if(!strcmp(tap, "-")) {
    struct ra_outfile out; /* stdout, every write checked */
    fflush(stdout);
    ra_outfile_open_fd(&out, STDOUT_FILENO, "stdout (TAP)");
    ra_report_tap_write(out.fp, &run, tap_version);
    if(ra_outfile_commit(&out, &err)) {
      ra_error_print(&err, stderr);
      ra_error_clear(&err); /* the next write reports its own */
      rc = RA_EXIT_USAGE;
    }
  }
  else if(ra_report_tap_write_file(tap, &run, tap_version, NULL, &err)) {
    ra_error_print(&err, stderr);
    ra_error_clear(&err); /* the next write reports its own */
    rc = RA_EXIT_USAGE;
  }
  if(junit && ra_report_junit_write_file(junit, &run, &err)) {
    ra_error_print(&err, stderr);
    ra_error_clear(&err); /* the next write reports its own */
    rc = RA_EXIT_USAGE;
  }
  if(json && ra_report_json_write_file(json, &run, &err)) {
    ra_error_print(&err, stderr);
    ra_error_clear(&err); /* the next write reports its own */
    rc = RA_EXIT_USAGE;
  }
  if(!quiet)
    ra_report_summary(stderr, &run, 0, 0);
done:
  ra_tool_opts_free(&op);
  ra_free(names);
  ra_baseline_free(&baseline);
  ra_run_free(&run);
  return rc;
}
