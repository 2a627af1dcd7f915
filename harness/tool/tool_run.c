/* raconform run: the catalogue against a target (default: the built-in
 * reference server, in process). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/datadir.h"
#include "core/error.h"
#include "core/outfile.h"
#include "core/path.h"
#include "core/version.h"
#include "report/baseline.h"
#include "report/report_interrupt.h"
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
#include "tool/tool_catalogue.h"
#include "tool/tool_opt.h"
#include "tool/tool_progress.h"

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
    "                     [--variant NAME]... [--shard K/N] [--record DIR]\n"
    "                     [--progress auto|always|never]\n\n"
    "Without --target, starts the built-in reference server on a loopback\n"
    "port and runs both profiles against it (--defect makes it misbehave,\n"
    "--variant makes it take another correct choice).\n"
    "TAP goes to stdout; reports go to --reports (default ./reports).\n"
    "Cases come from --cases DIR, else $RACONFORM_DATA/cases, else the\n"
    "installed <prefix>/share/raconform/cases, else the source tree.\n"
    "exit: 0 conformant, 1 failures, 2 usage/configuration (a selection\n"
    "matching no case, a report that cannot be written completely),\n"
    "3 unreachable or preflight failed,\n"
    "4 stale baseline entries only, 130/143 interrupted (SIGINT/SIGTERM)\n");
}

enum {
  OPT_TARGET = 256, OPT_PROFILE, OPT_RUN, OPT_SKIP, OPT_TAP, OPT_TAP_VERSION,
  OPT_JUNIT, OPT_JSON, OPT_BASELINE, OPT_WRITE_BASELINE, OPT_JOBS,
  OPT_TIMEOUT, OPT_GLOBAL_TIMEOUT, OPT_STRICT, OPT_ALLOW_PRODUCTION,
  OPT_CASES, OPT_REPORTS, OPT_DEFECT, OPT_PROGRESS, OPT_VARIANT, OPT_SHARD,
  OPT_RECORD
};

static const struct ra_tool_optdef run_opts[] = {
  {"target", OPT_TARGET, 1},
  {"profile", OPT_PROFILE, 1},
  {"run", OPT_RUN, 1},
  {"skip", OPT_SKIP, 1},
  {"tap", OPT_TAP, 1},
  {"tap-version", OPT_TAP_VERSION, 1},
  {"junit", OPT_JUNIT, 1},
  {"json", OPT_JSON, 1},
  {"baseline", OPT_BASELINE, 1},
  {"write-baseline", OPT_WRITE_BASELINE, 1},
  {"jobs", OPT_JOBS, 1},
  {"timeout", OPT_TIMEOUT, 1},
  {"global-timeout", OPT_GLOBAL_TIMEOUT, 1},
  {"strict", OPT_STRICT, 0},
  {"allow-production", OPT_ALLOW_PRODUCTION, 0},
  {"cases", OPT_CASES, 1},
  {"reports", OPT_REPORTS, 1},
  {"defect", OPT_DEFECT, 1},
  {"progress", OPT_PROGRESS, 1},
  {"variant", OPT_VARIANT, 1},
  {"shard", OPT_SHARD, 1},
  {"record", OPT_RECORD, 1},
  {NULL, 0, 0}
};

/* What an interrupted run leaves behind (report_interrupt.h): every report
 * asked for, complete for the verdicts judged so far. */
struct interrupt_ctx {
  struct ra_run *run;
  FILE *tap_stream;           /* stdout, or NULL with --tap FILE */
  const char *tap_file;       /* the TAP file (--tap FILE or the default) */
  int tap_version;
  const char *junit_file;
  const char *json_file;
  int64_t t0;                 /* monotonic ms the run started */
  struct ra_tool_progress *progress;
};

/* Runs on the watcher thread with the run lock held. */
static void on_interrupt(int sig, void *arg)
{
  struct interrupt_ctx *x = arg;
  struct ra_error err = RA_ERROR_INIT;
  const char *name = sig == SIGINT ? "SIGINT" : "SIGTERM";
  char reason[64];
  ra_tool_progress_clear(x->progress);
  snprintf(reason, sizeof(reason), "interrupted by %s", name);
  x->run->duration_ms = (double)(ra_clock_monotonic_ms() - x->t0);
  if(x->tap_stream) {
    ra_report_tap_bail(x->tap_stream, reason);
    fflush(x->tap_stream);
  }
  if(x->tap_file && ra_report_tap_write_file(x->tap_file, x->run,
                                             x->tap_version, reason, &err)) {
    fprintf(stderr, "raconform run: ");
    ra_error_print(&err, stderr);
    ra_error_clear(&err); /* the next write reports its own */
  }
  if(ra_report_junit_write_file(x->junit_file, x->run, &err)) {
    fprintf(stderr, "raconform run: ");
    ra_error_print(&err, stderr);
    ra_error_clear(&err); /* the next write reports its own */
  }
  if(ra_report_json_write_file(x->json_file, x->run, &err)) {
    fprintf(stderr, "raconform run: ");
    ra_error_print(&err, stderr);
    ra_error_clear(&err); /* the next write reports its own */
  }
  fprintf(stderr, "raconform run: %s after %zu judged runs; reports "
          "written for them (JUnit \"%s\", JSON \"%s\"%s%s%s); exit %d\n",
          reason, x->run->count, x->junit_file, x->json_file,
          x->tap_file ? ", TAP \"" : "", x->tap_file ? x->tap_file : "",
          x->tap_file ? "\"" : "", RA_EXIT_SIGNAL_BASE + sig);
}

static void shell_quote(struct ra_buf *b, const char *s);

/* "raconform run --target FILE ..." for a failure's rerun: line. */
static char *rerun_base(const char *target_file, const char *cases_dir,
                        const char *const *defects, size_t ndefects,
                        const char *const *variants, size_t nvariants,
                        int strict)
{
  struct ra_buf b;
  size_t i;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  (void)ra_buf_adds(&b, "raconform run");
  if(target_file) {
    (void)ra_buf_adds(&b, " --target ");
    shell_quote(&b, target_file);
  }
  if(cases_dir) {
    (void)ra_buf_adds(&b, " --cases ");
    shell_quote(&b, cases_dir);
  }
  for(i = 0; i < ndefects; i++) {
    (void)ra_buf_adds(&b, " --defect ");
    shell_quote(&b, defects[i]);
  }
  for(i = 0; i < nvariants; i++) {
    (void)ra_buf_adds(&b, " --variant ");
    shell_quote(&b, variants[i]);
  }
  if(strict)
    (void)ra_buf_adds(&b, " --strict");
  return ra_buf_take(&b, NULL);
}

/* A word as sh reads it: as is when it holds only safe characters, else
 * in single quotes. */
static void shell_quote(struct ra_buf *b, const char *s)
{
  const char *p;
  if(s[0] && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                    "0123456789-_./,:=+@") == strlen(s)) {
    (void)ra_buf_adds(b, s);
    return;
  }
  (void)ra_buf_addc(b, '\'');
  for(p = s; *p; p++) {
    if(*p == '\'')
      (void)ra_buf_adds(b, "'\\''");
    else
      (void)ra_buf_addc(b, *p);
  }
  (void)ra_buf_addc(b, '\'');
}

/* Says why a report is lost; returns 1 (count). */
static size_t report_lost(struct ra_error *err, const char *what, size_t n)
{
  fprintf(stderr, "raconform run: ");
  if(what)
    fprintf(stderr, "%zu %s lost, the first: ", n, what);
  ra_error_print(err, stderr);
  ra_error_clear(err); /* errors keep their first cause: the next is new */
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
  int64_t fixed_ms = 0; /* RACONFORM_TEST_TIME (ra_tool_clock) */
  int key;
  const char *v;
  struct ra_tool_opts op;
  ra_progress_mode progress_mode = RA_PROGRESS_AUTO;
  struct ra_tool_progress progress;
  struct interrupt_ctx ictx;

  ra_selection_init(&sel);
  ra_caseset_init(&set);
  ra_baseline_init(&baseline);
  ra_run_init(&run);
  ra_error_clear(&err);
  ra_buf_init(&why, RA_BUF_UNLIMITED);
  memset(&bres, 0, sizeof(bres));
  memset(&shard, 0, sizeof(shard));
  memset(&tap_stream, 0, sizeof(tap_stream));
  defects = ra_calloc((size_t)argc + 1, sizeof(*defects));
  variants = ra_calloc((size_t)argc + 1, sizeof(*variants));
  memset(&progress, 0, sizeof(progress));
  memset(&ictx, 0, sizeof(ictx));

  ra_tool_opts_init(&op, "run", run_opts, usage, argc, argv);
  while((key = ra_tool_opts_next(&op, &v)) != RA_TOOL_OPT_END) {
    switch(key) {
    case RA_TOOL_OPT_EXIT:
      rc = op.exit_code;
      goto done;
    case OPT_STRICT: strict = 1; break;
    case OPT_ALLOW_PRODUCTION: allow_production = 1; break;
    case OPT_TARGET: target_file = v; break;
    case OPT_PROFILE: profile_name = v; break;
    case OPT_RUN:
    case OPT_SKIP:
      if(ra_selection_add(&sel, key == OPT_SKIP, v, &err)) {
        fprintf(stderr, "raconform run: ");
        ra_error_print(&err, stderr);
        rc = RA_EXIT_USAGE;
        goto done;
      }
      break;
    case OPT_TAP_VERSION:
      if(strcmp(v, "13") && strcmp(v, "14")) {
        rc = ra_tool_usage_error("run", "bad --tap-version '%s' (13 or 14)",
                                 v);
        goto done;
      }
      tap_version = atoi(v);
      break;
    case OPT_TAP: tap_path = v; break;
    case OPT_JUNIT: junit_path = v; break;
    case OPT_JSON: json_path = v; break;
    case OPT_BASELINE: baseline_path = v; break;
    case OPT_WRITE_BASELINE: write_baseline = v; break;
    case OPT_JOBS: {
      char *end;
      long n = strtol(v, &end, 10);
      if(end == v || *end || n < 1 || n > 256) {
        rc = ra_tool_usage_error("run", "bad --jobs '%s' (1..256)", v);
        goto done;
      }
      jobs = (unsigned)n;
      break;
    }
    case OPT_TIMEOUT:
      if(parse_seconds(v, &timeout_s)) {
        rc = ra_tool_usage_error("run", "bad --timeout '%s'", v);
        goto done;
      }
      break;
    case OPT_GLOBAL_TIMEOUT:
      if(parse_seconds(v, &global_timeout_s)) {
        rc = ra_tool_usage_error("run", "bad --global-timeout '%s'", v);
        goto done;
      }
      break;
    case OPT_CASES: cases_dir = v; break;
    case OPT_REPORTS: reports_dir = v; break;
    case OPT_DEFECT: defects[ndefects++] = v; break;
    case OPT_VARIANT: variants[nvariants++] = v; break;
    case OPT_RECORD: record_dir = v; break;
    case OPT_SHARD:
      if(ra_shard_parse(v, &shard_k, &shard_n)) {
        rc = ra_tool_usage_error("run", "bad --shard '%s' (K/N with 1 <= K "
                                 "<= N <= %d)", v, RA_SHARD_MAX);
        goto done;
      }
      break;
    case OPT_PROGRESS:
      if(ra_tool_progress_parse(v, &progress_mode)) {
        rc = ra_tool_usage_error("run", "bad --progress '%s' (auto, always "
                                 "or never)", v);
        goto done;
      }
      break;
    default:
      break;
    }
  }
  rc = ra_tool_opts_no_operands(&op);
  if(rc)
    goto done;
  if(target_file && (ndefects || nvariants)) {
    rc = ra_tool_usage_error("run", "--defect and --variant apply to the "
                             "built-in server only (no --target)");
    goto done;
  }

  /* Configuration first: a bad case or target file is exit 2, and so is a
   * selection that matches nothing (it would gate nothing). */
  rc = ra_tool_load_catalogue("run", cases_dir, &set);
  if(!rc)
    rc = ra_tool_check_selection("run", &set, &sel);
  if(rc)
    goto done;
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
    /* Sharding balances by the catalogue's measured costs (costs.tsv in
     * the cases folder; missing: every case costs the same). */
    char *found = NULL, *costs;
    if(!cases_dir)
      (void)ra_datadir_find(&found, "cases", &err);
    costs = ra_path_join(cases_dir ? cases_dir : found ? found : ".",
                         "costs.tsv");
    ra_shard_select(&shard, shard_k, shard_n, &set, &sel, costs, &err);
    ra_free(costs);
    ra_free(found);
    ra_error_clear(&err); /* no cases folder or costs table: equal costs */
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
  if(tap_path && strcmp(tap_path, "-"))
    tap_file = ra_strdup(tap_path); /* written whole at the end */
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
   * SIGTERM reach the watcher, which leaves every report complete for the
   * cases judged. */
  progress.color = ra_tool_color_wanted();
  ictx.run = &run;
  ictx.tap_stream = tap_out;
  ictx.tap_file = tap_file;
  ictx.tap_version = tap_version;
  ictx.junit_file = junit_file;
  ictx.json_file = json_file;
  ictx.t0 = ra_clock_monotonic_ms();
  ictx.progress = &progress;
  if(!ra_report_interrupt_arm(on_interrupt, &ictx))
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
    if(ra_tool_embedded_target(server, &target, &err)) {
      fprintf(stderr, "raconform run: ");
      ra_error_print(&err, stderr);
      rc = RA_EXIT_USAGE;
      goto done;
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
  run.rerun = rerun_base(target_file, cases_dir, defects, ndefects, variants,
                         nvariants, strict);
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
  if(ra_runner_preflight_fixtures(target, (long)(timeout_s * 1000), &why)) {
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
  rc = ra_tool_clock("run", &ro.clock, &fixed_ms);
  if(rc)
    goto done;
  ro.use_get_assignment = target->provider == RA_PROVIDER_MANIFEST;
  if(ra_tool_progress_wanted(progress_mode)) {
    ro.progress = ra_tool_progress_show;
    ro.progress_arg = &progress;
  }
  if(have_baseline) {
    ro.baseline = &baseline;
    ro.today_ms = ra_clock_now_ms(&ro.clock);
    ro.baseline_res = &bres;
  }
  ro.wire_lost = &wire_lost;
  ro.wire_err = &wire_err;
  ictx.t0 = ra_clock_monotonic_ms();
  ra_runner_run(&run, &ro);
  run.duration_ms = (double)(ra_clock_monotonic_ms() - ictx.t0);
  if(armed) {
    ra_report_interrupt_disarm();
    armed = 0;
  }
  ra_tool_progress_clear(&progress);
  /* Each lost report is named with its cause; any makes the exit 2. */
  if(wire_lost)
    lost += report_lost(&wire_err, "wire logs", wire_lost);
  if(ra_report_junit_write_file(junit_file, &run, &err))
    lost += report_lost(&err, NULL, 1);
  if(ra_report_json_write_file(json_file, &run, &err))
    lost += report_lost(&err, NULL, 1);
  if(tap_file &&
     ra_report_tap_write_file(tap_file, &run, tap_version, NULL, &err))
    lost += report_lost(&err, NULL, 1);
  if(tap_out && ra_outfile_commit(&tap_stream, &err))
    lost += report_lost(&err, NULL, 1);
  tap_out = NULL;
  if(write_baseline && ra_baseline_write(write_baseline, &run, &err))
    lost += report_lost(&err, NULL, 1);
  if(recorder) {
    ra_code rlost = ra_recorder_close(recorder, &err);
    recorder = NULL;
    if(rlost) /* a gate must never read a lost recording as a pass */
      lost += report_lost(&err, NULL, 1);
  }
  ra_report_summary(stderr, &run, 5, progress.color);
  fprintf(stderr, "raconform: reports: TAP %s, JUnit %s, JSON %s, wire "
          "logs %s/\n", tap_file, junit_file, json_file, wire_dir);
  rc = ra_run_exit_code(&run, have_baseline ? &bres : NULL);
  if(!run.count && !shard_n) {
    /* An empty shard is fine (more shards than cases): the selection
     * itself matched. */
    rc = ra_tool_usage_error("run", "no case of the selection applies to "
                             "the profile(s) run (%s)", run.profile);
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
    ra_report_interrupt_disarm();
  ra_tool_opts_free(&op);
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
