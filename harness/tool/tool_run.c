/* raconform run: the catalogue against a target (default: the built-in
 * reference server, in process). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/version.h"
#include "core/outfile.h"
#include "core/path.h"
#include "report/baseline.h"
#include "report/report_json.h"
#include "report/report_junit.h"
#include "report/report_summary.h"
#include "report/report_tap.h"
#include "report/verdict.h"
#include "runner/caseset.h"
#include "runner/runner.h"
#include "runner/shard.h"
#include "runner/target.h"
#include "server/refserver.h"
#include "tool/tool.h"

static void usage(FILE *out)
{
  fprintf(out,
    "usage: raconform run [--target FILE] [--profile P] [--run GLOB]...\n"
    "                     [--skip GLOB]... [--tap FILE|-] [--tap-version 13|14]\n"
    "                     [--junit FILE] [--json FILE] [--baseline FILE]\n"
    "                     [--write-baseline FILE] [--jobs N]\n"
    "                     [--timeout SECONDS] [--global-timeout SECONDS]\n"
    "                     [--strict] [--allow-production] [--cases DIR]\n"
    "                     [--reports DIR] [--defect NAME]...\n"
    "                     [--variant NAME]... [--shard K/N] [--record DIR]\n\n"
    "Without --target, starts the built-in reference server on a loopback\n"
    "port and runs both profiles against it (--defect makes it misbehave,\n"
    "--variant makes it take another correct choice).\n"
    "TAP goes to stdout; reports go to --reports (default ./reports).\n"
    "exit: 0 conformant, 1 failures, 2 usage/configuration, 3 unreachable,\n"
    "4 stale baseline entries only\n");
}

/* Says why a report is lost; returns 1 (count). */
static size_t report_lost(const struct ra_error *err, const char *what,
                          size_t n)
{
  fprintf(stderr, "raconform run: ");
  if(what)
    fprintf(stderr, "%zu %s lost, the first: ", n, what);
  ra_error_print(err, stderr);
  return 1;
}

static int parse_seconds(const char *s, double *out)
{
  char *end;
  double v = strtod(s, &end);
  if(end == s || *end || v <= 0)
    return -1;
  *out = v;
  return 0;
}

int ra_tool_run(int argc, char **argv)
{
  const char *target_file = NULL, *profile_name = NULL, *tap_path = NULL;
  const char *junit_path = NULL, *json_path = NULL, *baseline_path = NULL;
  const char *write_baseline = NULL, *cases_dir = NULL;
  const char *reports_dir = "reports";
  const char **defects, **variants;
  size_t ndefects = 0, nvariants = 0;
  int tap_version = 13, strict = 0, allow_production = 0;
  unsigned jobs = 0;
  double timeout_s = 10, global_timeout_s = 0;
  struct ra_selection sel;
  struct ra_caseset set;
  struct ra_target *target = NULL;
  struct ra_refserver *server = NULL;
  struct ra_baseline baseline;
  struct ra_baseline_result bres;
  struct ra_runner_opts ro;
  struct ra_run run;
  struct ra_error err;
  struct ra_buf why;
  char *junit_file = NULL, *json_file = NULL, *tap_file = NULL;
  char *wire_dir = NULL;
  struct ra_outfile tap_stream; /* stdout, every write checked */
  FILE *tap_out = NULL;
  int have_baseline = 0, armed = 0;
  struct ra_error wire_err;
  size_t wire_lost = 0, lost = 0;
  unsigned shard_k = 0, shard_n = 0;
  const char *record_dir = NULL;
  struct ra_recorder *recorder = NULL;
  struct ra_shard shard;
  int rc = RA_EXIT_OK;
  int i;

  ra_selection_init(&sel);
  ra_caseset_init(&set);
  ra_baseline_init(&baseline);
  ra_run_init(&run);
  ra_error_clear(&err);
  ra_buf_init(&why, RA_BUF_UNLIMITED);
  memset(&bres, 0, sizeof(bres));
  memset(&shard, 0, sizeof(shard));
  defects = ra_calloc((size_t)argc + 1, sizeof(*defects));
  variants = ra_calloc((size_t)argc + 1, sizeof(*variants));

  for(i = 1; i < argc; i++) {
    const char *arg = argv[i]; /* the option, before a value moves i */
    const char *v;
    int missing = 0;
    if(!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      usage(stdout);
      rc = RA_EXIT_OK;
      goto done;
    }
    else if(!strcmp(argv[i], "--strict"))
      strict = 1;
    else if(!strcmp(argv[i], "--allow-production"))
      allow_production = 1;
    else if(ra_tool_opt(&v, argc, argv, &i, "--target", &missing))
      target_file = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--profile", &missing))
      profile_name = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--run", &missing) ||
            ra_tool_opt(&v, argc, argv, &i, "--skip", &missing)) {
      int skip = !strncmp(arg, "--skip", 6);
      if(ra_selection_add(&sel, skip, v, &err)) {
        ra_error_print(&err, stderr);
        rc = RA_EXIT_USAGE;
        goto done;
      }
    }
    else if(ra_tool_opt(&v, argc, argv, &i, "--tap-version", &missing)) {
      if(strcmp(v, "13") && strcmp(v, "14")) {
        rc = ra_tool_usage_error("run", "bad --tap-version '%s' (13 or 14)",
                                 v);
        goto done;
      }
      tap_version = atoi(v);
    }
    else if(ra_tool_opt(&v, argc, argv, &i, "--tap", &missing))
      tap_path = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--junit", &missing))
      junit_path = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--json", &missing))
      json_path = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--baseline", &missing))
      baseline_path = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--write-baseline", &missing))
      write_baseline = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--jobs", &missing)) {
      char *end;
      long n = strtol(v, &end, 10);
      if(end == v || *end || n < 1 || n > 256) {
        rc = ra_tool_usage_error("run", "bad --jobs '%s' (1..256)", v);
        goto done;
      }
      jobs = (unsigned)n;
    }
    else if(ra_tool_opt(&v, argc, argv, &i, "--timeout", &missing)) {
      if(parse_seconds(v, &timeout_s)) {
        rc = ra_tool_usage_error("run", "bad --timeout '%s'", v);
        goto done;
      }
    }
    else if(ra_tool_opt(&v, argc, argv, &i, "--global-timeout", &missing)) {
      if(parse_seconds(v, &global_timeout_s)) {
        rc = ra_tool_usage_error("run", "bad --global-timeout '%s'", v);
        goto done;
      }
    }
    else if(ra_tool_opt(&v, argc, argv, &i, "--cases", &missing))
      cases_dir = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--reports", &missing))
      reports_dir = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--defect", &missing))
      defects[ndefects++] = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--variant", &missing))
      variants[nvariants++] = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--record", &missing))
      record_dir = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--shard", &missing)) {
      if(ra_shard_parse(v, &shard_k, &shard_n)) {
        rc = ra_tool_usage_error("run", "bad --shard '%s' (K/N with 1 <= K "
                                 "<= N <= %d)", v, RA_SHARD_MAX);
        goto done;
      }
    }
    else if(missing) {
      rc = ra_tool_usage_error("run", "option '%s' needs a value", argv[i]);
      goto done;
    }
    else {
      rc = ra_tool_usage_error("run", "unknown option '%s' (see --help)",
                               argv[i]);
      goto done;
    }
  }
  if(target_file && (ndefects || nvariants)) {
    rc = ra_tool_usage_error("run", "--defect and --variant apply to the "
                             "built-in server only (no --target)");
    goto done;
  }

  /* Configuration first: a bad case or target file is exit 2. */
  /* Without --cases: $RACONFORM_CASES, ./cases, the source tree's. */
  if(!cases_dir)
    cases_dir = ra_caseset_default_dir();
  if(ra_caseset_load_dir(&set, cases_dir, &err)) {
    fprintf(stderr, "raconform run: ");
    ra_error_print(&err, stderr);
    rc = RA_EXIT_USAGE;
    goto done;
  }
  if(target_file) {
    if(ra_target_load(&target, target_file, &err)) {
      fprintf(stderr, "raconform run: ");
      ra_error_print(&err, stderr);
      rc = RA_EXIT_USAGE;
      goto done;
    }
    if(ra_target_check_production(target, allow_production, &err)) {
      fprintf(stderr, "raconform run: ");
      ra_error_print(&err, stderr);
      rc = RA_EXIT_USAGE;
      goto done;
    }
  }
  if(shard_n) {
    char *costs = ra_path_join(cases_dir, "costs.tsv");
    ra_shard_select(&shard, shard_k, shard_n, &set, &sel, costs, &err);
    ra_free(costs);
  }
  memset(&ro, 0, sizeof(ro));
  ra_runner_opts_init(&ro);
  if(profile_name) {
    ra_profile p;
    if(ra_profile_parse(profile_name, &p)) {
      rc = ra_tool_usage_error("run", "unknown profile '%s' (legacy-2014 or "
                               "json-2017)", profile_name);
      goto done;
    }
    ro.profiles = RA_PROFILE_BIT(p);
    if(target && !(target->profiles & ro.profiles)) {
      rc = ra_tool_usage_error("run", "target '%s' does not speak '%s'",
                               target_file, profile_name);
      goto done;
    }
  }
  if(baseline_path) {
    if(ra_baseline_load_file(&baseline, baseline_path, &err)) {
      fprintf(stderr, "raconform run: ");
      ra_error_print(&err, stderr);
      rc = RA_EXIT_USAGE;
      goto done;
    }
    have_baseline = 1;
  }

  if(ra_path_mkdirs(reports_dir)) {
    rc = ra_tool_usage_error("run", "cannot create reports folder '%s': %s",
                             reports_dir, strerror(errno));
    goto done;
  }
  junit_file = junit_path ? ra_strdup(junit_path) :
    ra_path_join(reports_dir, "raconform.junit.xml");
  json_file = json_path ? ra_strdup(json_path) :
    ra_path_join(reports_dir, "raconform.json");
  wire_dir = ra_path_join(reports_dir, "wire");
  if(tap_path && strcmp(tap_path, "-")) {
    tap_file = ra_strdup(tap_path); /* written whole at the end */
  }
  else
    tap_file = ra_path_join(reports_dir, "raconform.tap");
  /* Every report is refused before the run, not lost after it (SPEC §5):
   * a device, FIFO or symlink is never replaced. */
  ra_error_clear(&err);
  ra_error_clear(&wire_err);
  if(ra_path_mkdirs(wire_dir) || ra_outfile_check_dir(wire_dir, &err) ||
     ra_outfile_check(junit_file, &err) || ra_outfile_check(json_file, &err) ||
     (tap_file && ra_outfile_check(tap_file, &err)) ||
     (write_baseline && ra_outfile_check(write_baseline, &err))) {
    if(!err.source[0])
      ra_error_set(&err, RA_E_IO, wire_dir, 0, 0, "cannot create: %s",
                   strerror(errno));
    fprintf(stderr, "raconform run: ");
    ra_error_print(&err, stderr);
    rc = RA_EXIT_USAGE;
    goto done;
  }

  if(!tap_path || !strcmp(tap_path, "-")) {
    fflush(stdout);
    ra_outfile_open_fd(&tap_stream, STDOUT_FILENO, "stdout (TAP)");
    tap_out = tap_stream.fp;
  }

  /* Armed before any thread exists (the server's included), so SIGINT and
   * SIGTERM reach the watcher, which leaves a valid JUnit file behind. */
  if(!ra_report_junit_arm(junit_file, &run))
    armed = 1;

  if(!target) {
    struct ra_refserver_config cfg;
    ra_refserver_config_init(&cfg);
    cfg.defects = defects;
    cfg.defect_count = ndefects;
    cfg.variants = variants;
    cfg.variant_count = nvariants;
    cfg.threads = 4;
    if(ra_refserver_start(&server, &cfg, &err)) {
      fprintf(stderr, "raconform run: ");
      ra_error_print(&err, stderr);
      rc = RA_EXIT_USAGE;
      goto done;
    }
    target = ra_target_new_refserver(server);
    if(ndefects) {
      /* Reports and comparison matrices tell defect runs apart by name,
       * as `serve --target-out` names them. */
      size_t k;
      ra_buf_reset(&why);
      ra_buf_adds(&why, "raconform-refserver (defects: ");
      for(k = 0; k < ndefects; k++)
        ra_buf_addf(&why, "%s%s", k ? ", " : "", defects[k]);
      ra_buf_addc(&why, ')');
      ra_free(target->name);
      target->name = ra_strdup(ra_buf_str(&why));
      ra_buf_reset(&why);
    }
  }

  ra_verdict_set(&run.suite_version, RA_VERSION);
  ra_verdict_set(&run.target_name, target->name ? target->name :
                 (target_file ? target_file : "target"));
  ra_verdict_set(&run.endpoint, target->endpoint);
  ra_verdict_set(&run.endpoint_class,
                 ra_endpoint_class_name(target->endpoint_class));
  {
    unsigned bits = (ro.profiles ? ro.profiles : RA_PROFILE_ALL) &
      target->profiles;
    ra_buf_reset(&why);
    if(bits & RA_PROFILE_BIT(RA_PROFILE_LEGACY))
      ra_buf_adds(&why, "legacy-2014");
    if(bits & RA_PROFILE_BIT(RA_PROFILE_JSON))
      ra_buf_addf(&why, "%sjson-2017", why.len ? "," : "");
    ra_verdict_set(&run.profile, ra_buf_str(&why));
    ra_buf_reset(&why);
  }
  run.strict = strict;
  if(shard_n) {
    char k_n[32];
    snprintf(k_n, sizeof(k_n), "%u/%u", shard_k, shard_n);
    ra_verdict_set(&run.shard, k_n);
  }
  {
    struct ra_clock sys = ra_clock_system();
    run.started_ms = ra_clock_now_ms(&sys);
  }

  if(ra_runner_preflight(target, (long)(timeout_s * 1000), &why)) {
    fprintf(stderr, "raconform run: %s\n", ra_buf_str(&why));
    rc = RA_EXIT_UNREACHABLE;
    goto done;
  }

  if(record_dir && ra_recorder_open(&recorder, record_dir, target,
                                    RA_VERSION, strict, &err)) {
    fprintf(stderr, "raconform run: ");
    ra_error_print(&err, stderr);
    rc = RA_EXIT_USAGE;
    goto done;
  }
  ro.recorder = recorder;
  ro.cases = &set;
  ro.sel = &sel;
  ro.shard = shard_n ? &shard : NULL;
  ro.target = target;
  ro.jobs = jobs;
  ro.timeout_s = timeout_s;
  ro.global_timeout_s = global_timeout_s;
  ro.strict = strict;
  ro.wire_dir = wire_dir;
  ro.tap = tap_out;
  ro.tap_version = tap_version;
  ro.clock = ra_clock_system();
  ro.use_get_assignment = target->provider == RA_PROVIDER_MANIFEST;
  if(have_baseline) {
    ro.baseline = &baseline;
    ro.today_ms = ra_clock_now_ms(&ro.clock);
    ro.baseline_res = &bres;
  }
  ro.wire_lost = &wire_lost;
  ro.wire_err = &wire_err;
  {
    int64_t t0 = ra_clock_monotonic_ms();
    ra_runner_run(&run, &ro);
    run.duration_ms = (double)(ra_clock_monotonic_ms() - t0);
  }
  if(armed) {
    ra_report_junit_disarm();
    armed = 0;
  }
  /* Each lost report is named with its cause; any makes the exit 2. */
  if(wire_lost)
    lost += report_lost(&wire_err, "wire logs", wire_lost);
  if(ra_report_junit_write_file(junit_file, &run, &err))
    lost += report_lost(&err, NULL, 1);
  if(ra_report_json_write_file(json_file, &run, &err))
    lost += report_lost(&err, NULL, 1);
  if(tap_file && ra_report_tap_write_file(tap_file, &run, tap_version, &err))
    lost += report_lost(&err, NULL, 1);
  if(tap_out && ra_outfile_commit(&tap_stream, &err))
    lost += report_lost(&err, NULL, 1);
  tap_out = NULL;
  if(write_baseline && ra_baseline_write(write_baseline, &run, &err))
    lost += report_lost(&err, NULL, 1);
  ra_report_summary(stderr, &run, 5);
  rc = ra_run_exit_code(&run, have_baseline ? &bres : NULL);
  if(recorder) {
    ra_code rlost = ra_recorder_close(recorder, &err);
    recorder = NULL;
    if(rlost) {
      /* A gate must never read a lost recording as a pass. */
      fprintf(stderr, "raconform run: ");
      ra_error_print(&err, stderr);
      lost++;
    }
  }
  if(lost) {
    fprintf(stderr, "raconform run: %zu report%s lost: exit 2\n", lost,
            lost == 1 ? "" : "s");
    rc = RA_EXIT_USAGE;
  }

done:
  if(recorder)
    ra_recorder_close(recorder, &err);
  if(armed)
    ra_report_junit_disarm();
  if(tap_out)
    ra_outfile_abort(&tap_stream);
  ra_refserver_stop(server);
  ra_target_free(target);
  ra_selection_free(&sel);
  ra_shard_free(&shard);
  ra_caseset_free(&set);
  ra_baseline_free(&baseline);
  ra_run_free(&run);
  ra_buf_free(&why);
  ra_free(defects);
  ra_free(variants);
  ra_free(junit_file);
  ra_free(json_file);
  ra_free(tap_file);
  ra_free(wire_dir);
  return rc;
}
