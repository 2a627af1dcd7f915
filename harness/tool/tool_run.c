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
#include "proto/verdict.h"
#include "report/baseline.h"
#include "report/report_interrupt.h"
#include "report/report_json.h"
#include "report/report_junit.h"
#include "report/report_summary.h"
#include "report/report_tap.h"
#include "proto/verdict.h"
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
  ra_buf_puts(&b, "raconform run");
  if(target_file) {
    ra_buf_puts(&b, " --target ");
    shell_quote(&b, target_file);
  }
  if(cases_dir) {
    ra_buf_puts(&b, " --cases ");
    shell_quote(&b, cases_dir);
  }
  for(i = 0; i < ndefects; i++) {
    ra_buf_puts(&b, " --defect ");
    shell_quote(&b, defects[i]);
  }
  for(i = 0; i < nvariants; i++) {
    ra_buf_puts(&b, " --variant ");
    shell_quote(&b, variants[i]);
  }
  if(strict)
    ra_buf_puts(&b, " --strict");
  return ra_buf_take(&b, NULL);
}

/* A word as sh reads it: as is when it holds only safe characters, else
 * in single quotes. */
static void shell_quote(struct ra_buf *b, const char *s)
{
  const char *p;
  if(s[0] && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                    "0123456789-_./,:=+@") == strlen(s)) {
    ra_buf_puts(b, s);
    return;
  }
  ra_buf_putc(b, '\'');
  for(p = s; *p; p++) {
    if(*p == '\'')
      ra_buf_puts(b, "'\\''");
    else
      ra_buf_putc(b, *p);
  }
  ra_buf_putc(b, '\'');
}

/* Says why a report is lost; returns 1 (count). */
static size_t report_lost(struct ra_error *err, const char *what,
                          size_t n)
{
  fprintf(stderr, "raconform run: ");
  if(what)
    fprintf(stderr, "%zu %s lost, the first: ", n, what);
  ra_error_print(err, stderr);
  ra_error_clear(err); /* the next report's error is its own */
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

/* Everything one run command holds, from its options to its reports. */
struct run_cmd {
  /* options */
  const char *target_file, *profile_name, *tap_path, *junit_path;
  const char *json_path, *baseline_path, *write_baseline, *cases_dir;
  const char *reports_dir, *record_dir;
  const char **defects, **variants;
  size_t ndefects, nvariants;
  int tap_version, strict, allow_production;
  unsigned jobs, shard_k, shard_n;
  double timeout_s, global_timeout_s;
  ra_progress_mode progress_mode;
  struct ra_selection sel;
  /* configuration */
  struct ra_caseset set;
  struct ra_target *target;
  struct ra_refserver *server;
  struct ra_baseline baseline;
  int have_baseline;
  struct ra_shard shard;
  unsigned profiles;              /* RA_PROFILE_BIT set; 0: the target's */
  struct ra_recorder *recorder;
  /* reports */
  char *junit_file, *json_file, *tap_file, *wire_dir;
  struct ra_outfile tap_stream;   /* stdout, every write checked */
  FILE *tap_out;                  /* tap_stream.fp, or NULL */
  struct ra_error wire_err;
  size_t wire_lost;
  /* the run */
  struct ra_run run;
  int64_t t0;                     /* monotonic ms the run started */
  size_t planned;                 /* jobs, from the runner's start event */
  int64_t today_ms;               /* baseline expiry day */
  struct ra_baseline_result bres; /* accumulated over the run */
  struct ra_tool_progress progress;
  int show_progress;
  int armed;                      /* the interrupt watcher */
  struct ra_clock clock;          /* the system's, or RACONFORM_TEST_TIME */
  int64_t fixed_ms;               /* ra_tool_clock's fixed time */
};

static void run_cmd_init(struct run_cmd *x, int argc)
{
  memset(x, 0, sizeof(*x));
  x->reports_dir = "reports";
  x->tap_version = 13;
  x->timeout_s = 10;
  x->progress_mode = RA_PROGRESS_AUTO;
  ra_selection_init(&x->sel);
  ra_caseset_init(&x->set);
  ra_baseline_init(&x->baseline);
  ra_run_init(&x->run);
  x->defects = ra_calloc((size_t)argc + 1, sizeof(*x->defects));
  x->variants = ra_calloc((size_t)argc + 1, sizeof(*x->variants));
}

static void run_cmd_free(struct run_cmd *x)
{
  struct ra_error err = RA_ERROR_INIT;
  if(x->recorder)
    ra_recorder_close(x->recorder, &err);
  if(x->armed)
    ra_report_interrupt_disarm();
  if(x->tap_out)
    ra_outfile_abort(&x->tap_stream);
  ra_refserver_stop(x->server);
  ra_target_free(x->target);
  ra_selection_free(&x->sel);
  ra_shard_free(&x->shard);
  ra_caseset_free(&x->set);
  ra_baseline_free(&x->baseline);
  ra_run_free(&x->run);
  ra_free(x->defects);
  ra_free(x->variants);
  ra_free(x->junit_file);
  ra_free(x->json_file);
  ra_free(x->tap_file);
  ra_free(x->wire_dir);
}

/* Prints err after "raconform run: " and returns exit 2. */
static int config_error(const struct ra_error *err)
{
  fprintf(stderr, "raconform run: ");
  ra_error_print(err, stderr);
  return RA_EXIT_USAGE;
}

/* One option with a value to check; RA_EXIT_OK or the usage exit. */
static int parse_value(struct run_cmd *x, int key, const char *v)
{
  struct ra_error err = RA_ERROR_INIT;
  char *end;
  long n;
  switch(key) {
  case OPT_RUN:
  case OPT_SKIP:
    if(ra_selection_add(&x->sel, key == OPT_SKIP, v, &err))
      return config_error(&err);
    return RA_EXIT_OK;
  case OPT_TAP_VERSION:
    if(strcmp(v, "13") && strcmp(v, "14"))
      return ra_tool_usage_error("run", "bad --tap-version '%s' (13 or 14)",
                                 v);
    x->tap_version = atoi(v);
    return RA_EXIT_OK;
  case OPT_JOBS:
    n = strtol(v, &end, 10);
    if(end == v || *end || n < 1 || n > 256)
      return ra_tool_usage_error("run", "bad --jobs '%s' (1..256)", v);
    x->jobs = (unsigned)n;
    return RA_EXIT_OK;
  case OPT_TIMEOUT:
    if(parse_seconds(v, &x->timeout_s))
      return ra_tool_usage_error("run", "bad --timeout '%s'", v);
    return RA_EXIT_OK;
  case OPT_GLOBAL_TIMEOUT:
    if(parse_seconds(v, &x->global_timeout_s))
      return ra_tool_usage_error("run", "bad --global-timeout '%s'", v);
    return RA_EXIT_OK;
  case OPT_SHARD:
    if(ra_shard_parse(v, &x->shard_k, &x->shard_n))
      return ra_tool_usage_error("run", "bad --shard '%s' (K/N with 1 <= K "
                                 "<= N <= %d)", v, RA_SHARD_MAX);
    return RA_EXIT_OK;
  case OPT_PROGRESS:
    if(ra_tool_progress_parse(v, &x->progress_mode))
      return ra_tool_usage_error("run", "bad --progress '%s' (auto, always "
                                 "or never)", v);
    return RA_EXIT_OK;
  default:
    return RA_EXIT_OK;
  }
}

/* The command line into x. RA_EXIT_OK to go on; otherwise the exit code
 * (-h and -V exit 0 here too, with *stop set). */
static int parse_args(struct run_cmd *x, int argc, char **argv, int *stop)
{
  struct ra_tool_opts op;
  const char *v;
  int key, rc = RA_EXIT_OK;
  ra_tool_opts_init(&op, "run", run_opts, usage, argc, argv);
  while(!rc && (key = ra_tool_opts_next(&op, &v)) != RA_TOOL_OPT_END) {
    switch(key) {
    case RA_TOOL_OPT_EXIT:
      *stop = 1;
      rc = op.exit_code;
      goto done;
    case OPT_STRICT: x->strict = 1; break;
    case OPT_ALLOW_PRODUCTION: x->allow_production = 1; break;
    case OPT_TARGET: x->target_file = v; break;
    case OPT_PROFILE: x->profile_name = v; break;
    case OPT_TAP: x->tap_path = v; break;
    case OPT_JUNIT: x->junit_path = v; break;
    case OPT_JSON: x->json_path = v; break;
    case OPT_BASELINE: x->baseline_path = v; break;
    case OPT_WRITE_BASELINE: x->write_baseline = v; break;
    case OPT_CASES: x->cases_dir = v; break;
    case OPT_REPORTS: x->reports_dir = v; break;
    case OPT_DEFECT: x->defects[x->ndefects++] = v; break;
    case OPT_VARIANT: x->variants[x->nvariants++] = v; break;
    case OPT_RECORD: x->record_dir = v; break;
    default:
      rc = parse_value(x, key, v);
      break;
    }
  }
  if(rc)
    goto done;
  rc = ra_tool_opts_no_operands(&op);
  if(!rc && x->target_file && (x->ndefects || x->nvariants))
    rc = ra_tool_usage_error("run", "--defect and --variant apply to the "
                             "built-in server only (no --target)");
done:
  if(rc)
    *stop = 1;
  ra_tool_opts_free(&op);
  return rc;
}

/* Sharding balances by the catalogue's measured costs (costs.tsv in the
 * cases folder; missing: every case costs the same). */
static void select_shard(struct run_cmd *x)
{
  struct ra_error err = RA_ERROR_INIT;
  char *found = NULL, *costs;
  ra_error_clear(&err);
  if(!x->cases_dir)
    (void)ra_datadir_find(&found, "cases", &err);
  costs = ra_path_join(x->cases_dir ? x->cases_dir : found ? found : ".",
                       "costs.tsv");
  ra_shard_select(&x->shard, x->shard_k, x->shard_n, &x->set, &x->sel, costs,
                  &err);
  ra_free(costs);
  ra_free(found);
}

/* Configuration first: a bad case, target or baseline file is exit 2, and
 * so is a selection that matches nothing (it would gate nothing). */
static int load_config(struct run_cmd *x)
{
  struct ra_error err = RA_ERROR_INIT;
  int rc;
  ra_error_clear(&err);
  rc = ra_tool_load_catalogue("run", x->cases_dir, &x->set);
  if(!rc)
    rc = ra_tool_check_selection("run", &x->set, &x->sel);
  if(rc)
    return rc;
  if(x->target_file) {
    if(ra_target_load(&x->target, x->target_file, &err) ||
       ra_target_check_production(x->target, x->allow_production, &err))
      return config_error(&err);
  }
  if(x->shard_n)
    select_shard(x);
  if(x->profile_name) {
    ra_profile p;
    if(ra_profile_parse(x->profile_name, &p))
      return ra_tool_usage_error("run", "unknown profile '%s' (legacy-2014 "
                                 "or json-2017)", x->profile_name);
    x->profiles = RA_PROFILE_BIT(p);
    if(x->target && !(x->target->profiles & x->profiles))
      return ra_tool_usage_error("run", "target '%s' does not speak '%s'",
                                 x->target_file, x->profile_name);
  }
  if(x->baseline_path) {
    if(ra_baseline_load_file(&x->baseline, x->baseline_path, &err))
      return config_error(&err);
    x->have_baseline = 1;
  }
  return RA_EXIT_OK;
}

/* The reports' paths; every report is refused before the run, not lost
 * after it (SPEC §5): a device, FIFO or symlink is never replaced. */
static int prepare_reports(struct run_cmd *x)
{
  struct ra_error err = RA_ERROR_INIT;
  if(ra_path_mkdirs(x->reports_dir))
    return ra_tool_usage_error("run", "cannot create reports folder '%s': "
                               "%s", x->reports_dir, strerror(errno));
  x->junit_file = x->junit_path ? ra_strdup(x->junit_path) :
    ra_path_join(x->reports_dir, "raconform.junit.xml");
  x->json_file = x->json_path ? ra_strdup(x->json_path) :
    ra_path_join(x->reports_dir, "raconform.json");
  x->wire_dir = ra_path_join(x->reports_dir, "wire");
  if(x->tap_path && strcmp(x->tap_path, "-"))
    x->tap_file = ra_strdup(x->tap_path); /* written whole at the end */
  else
    x->tap_file = ra_path_join(x->reports_dir, "raconform.tap");
  ra_error_clear(&err);
  ra_error_clear(&x->wire_err);
  if(ra_path_mkdirs(x->wire_dir) ||
     ra_outfile_check_dir(x->wire_dir, &err) ||
     ra_outfile_check(x->junit_file, &err) ||
     ra_outfile_check(x->json_file, &err) ||
     (x->tap_file && ra_outfile_check(x->tap_file, &err)) ||
     (x->write_baseline && ra_outfile_check(x->write_baseline, &err))) {
    if(!err.source[0])
      ra_error_set(&err, RA_E_IO, x->wire_dir, 0, 0, "cannot create: %s",
                   strerror(errno));
    return config_error(&err);
  }
  if(!x->tap_path || !strcmp(x->tap_path, "-")) {
    fflush(stdout);
    ra_outfile_open_fd(&x->tap_stream, STDOUT_FILENO, "stdout (TAP)");
    x->tap_out = x->tap_stream.fp;
  }
  return RA_EXIT_OK;
}

/* Runs on the watcher thread with the run lock held: every report asked
 * for, complete for the verdicts judged so far (report_interrupt.h). */
static void on_interrupt(int sig, void *arg)
{
  struct run_cmd *x = arg;
  struct ra_error err = RA_ERROR_INIT;
  const char *name = sig == SIGINT ? "SIGINT" : "SIGTERM";
  char reason[64];
  ra_tool_progress_clear(&x->progress);
  snprintf(reason, sizeof(reason), "interrupted by %s", name);
  x->run.duration_ms = (double)(ra_clock_monotonic_ms() - x->t0);
  if(x->tap_out) {
    ra_report_tap_bail(x->tap_out, reason);
    fflush(x->tap_out);
  }
  if(x->tap_file && ra_report_tap_write_file(x->tap_file, &x->run,
                                             x->tap_version, reason, &err))
    (void)config_error(&err);
  ra_error_clear(&err);
  if(ra_report_junit_write_file(x->junit_file, &x->run, &err))
    (void)config_error(&err);
  ra_error_clear(&err);
  if(ra_report_json_write_file(x->json_file, &x->run, &err))
    (void)config_error(&err);
  fprintf(stderr, "raconform run: %s after %zu judged runs; reports "
          "written for them (JUnit \"%s\", JSON \"%s\"%s%s%s); exit %d\n",
          reason, x->run.count, x->junit_file, x->json_file,
          x->tap_file ? ", TAP \"" : "", x->tap_file ? x->tap_file : "",
          x->tap_file ? "\"" : "", RA_EXIT_SIGNAL_BASE + sig);
}

/* Without --target: the built-in reference server on a loopback port. */
static int start_target(struct run_cmd *x)
{
  struct ra_refserver_config cfg;
  struct ra_error err = RA_ERROR_INIT;
  if(x->target)
    return RA_EXIT_OK;
  ra_refserver_config_init(&cfg);
  cfg.defects = x->defects;
  cfg.defect_count = x->ndefects;
  cfg.variants = x->variants;
  cfg.variant_count = x->nvariants;
  cfg.threads = 4;
  if(ra_refserver_start(&x->server, &cfg, &err))
    return config_error(&err);
  if(ra_tool_embedded_target(x->server, &x->target, &err))
    return config_error(&err);
  return RA_EXIT_OK;
}

/* The run's identity fields (every report names them). */
static void run_identity(struct run_cmd *x)
{
  struct ra_run *run = &x->run;
  const struct ra_target *t = x->target;
  unsigned bits = (x->profiles ? x->profiles : RA_PROFILE_ALL) & t->profiles;
  struct ra_buf b;
  struct ra_clock sys = ra_clock_system();
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_verdict_set(&run->suite_version, RA_VERSION);
  ra_verdict_set(&run->target_name, t->name ? t->name :
                 (x->target_file ? x->target_file : "target"));
  ra_verdict_set(&run->endpoint, t->endpoint);
  ra_verdict_set(&run->endpoint_class,
                 ra_endpoint_class_name(t->endpoint_class));
  if(bits & RA_PROFILE_BIT(RA_PROFILE_LEGACY))
    ra_buf_puts(&b, "legacy-2014");
  if(bits & RA_PROFILE_BIT(RA_PROFILE_JSON))
    ra_buf_putf(&b, "%sjson-2017", b.len ? "," : "");
  ra_verdict_set(&run->profile, ra_buf_str(&b));
  run->strict = x->strict;
  run->rerun = rerun_base(x->target_file, x->cases_dir, x->defects,
                          x->ndefects, x->variants, x->nvariants, x->strict);
  if(x->shard_n) {
    char k_n[32];
    snprintf(k_n, sizeof(k_n), "%u/%u", x->shard_k, x->shard_n);
    ra_verdict_set(&run->shard, k_n);
  }
  run->started_ms = ra_clock_now_ms(&sys);
  ra_buf_free(&b);
}

/* The target answers and its fixture provider keeps its contract: else
 * exit 3 before any case runs. */
static int preflight(const struct run_cmd *x)
{
  struct ra_buf why;
  long ms = (long)(x->timeout_s * 1000);
  int rc = RA_EXIT_OK;
  ra_buf_init(&why, RA_BUF_UNLIMITED);
  if(ra_runner_preflight(x->target, ms, &why) ||
     ra_runner_preflight_fixtures(x->target, ms, &why)) {
    fprintf(stderr, "raconform run: %s\n", ra_buf_str(&why));
    rc = RA_EXIT_UNREACHABLE;
  }
  ra_buf_free(&why);
  return rc;
}

/* --- the runner's events (runner.h): TAP stream, baseline, progress --- */

static void on_start(const struct ra_run *run, size_t planned, void *arg)
{
  struct run_cmd *x = arg;
  x->planned = planned;
  if(x->tap_out)
    ra_report_tap_begin(x->tap_out, run, planned, x->tap_version);
}

/* A baseline applied to one verdict before it is shown anywhere. */
static void on_verdict(struct ra_verdict *v, void *arg)
{
  struct run_cmd *x = arg;
  struct ra_run one;
  struct ra_baseline_result res;
  if(!x->have_baseline)
    return;
  memset(&one, 0, sizeof(one));
  one.verdicts = v;
  one.count = 1;
  one.cap = 1;
  ra_baseline_apply(&one, &x->baseline, x->today_ms, &res);
  x->bres.todo += res.todo;
  x->bres.differ += res.differ;
  x->bres.expired += res.expired;
  x->bres.stale += res.stale;
}

/* Under the run lock: the TAP line of a verdict that just joined the run. */
static void on_emitted(const struct ra_run *run, size_t n,
                       const struct ra_verdict *v, void *arg)
{
  struct run_cmd *x = arg;
  if(!x->tap_out)
    return;
  ra_report_tap_case(x->tap_out, n, run, v);
  fflush(x->tap_out);
}

static void on_progress(const struct ra_progress *p, void *arg)
{
  struct run_cmd *x = arg;
  if(x->show_progress)
    ra_tool_progress_show(p, &x->progress);
}

/* Runs the cases; the run is in x->run, TAP streamed on stdout. */
static void run_cases(struct run_cmd *x)
{
  struct ra_runner_opts ro;
  ra_runner_opts_init(&ro);
  ro.profiles = x->profiles;
  ro.recorder = x->recorder;
  ro.cases = &x->set;
  ro.sel = &x->sel;
  ro.shard = x->shard_n ? &x->shard : NULL;
  ro.target = x->target;
  ro.jobs = x->jobs;
  ro.timeout_s = x->timeout_s;
  ro.global_timeout_s = x->global_timeout_s;
  ro.strict = x->strict;
  ro.wire_dir = x->wire_dir;
  ro.clock = x->clock;
  ro.use_get_assignment = x->target->provider == RA_PROVIDER_MANIFEST;
  x->show_progress = ra_tool_progress_wanted(x->progress_mode);
  x->today_ms = ra_clock_now_ms(&ro.clock);
  ro.events.start = on_start;
  ro.events.verdict = on_verdict;
  ro.events.emitted = on_emitted;
  ro.events.progress = x->show_progress ? on_progress : NULL;
  ro.events.arg = x;
  ro.wire_lost = &x->wire_lost;
  ro.wire_err = &x->wire_err;
  x->t0 = ra_clock_monotonic_ms();
  ra_runner_run(&x->run, &ro);
  if(x->tap_out) {
    ra_report_tap_end(x->tap_out, &x->run, x->planned, x->run.count);
    fflush(x->tap_out);
  }
  x->run.duration_ms = (double)(ra_clock_monotonic_ms() - x->t0);
}

/* Every report of a finished run; each lost one is named with its cause.
 * Returns how many were lost. */
static size_t write_reports(struct run_cmd *x)
{
  struct ra_error err = RA_ERROR_INIT;
  size_t lost = 0;
  if(x->wire_lost)
    lost += report_lost(&x->wire_err, "wire logs", x->wire_lost);
  if(ra_report_junit_write_file(x->junit_file, &x->run, &err))
    lost += report_lost(&err, NULL, 1);
  if(ra_report_json_write_file(x->json_file, &x->run, &err))
    lost += report_lost(&err, NULL, 1);
  if(x->tap_file && ra_report_tap_write_file(x->tap_file, &x->run,
                                             x->tap_version, NULL, &err))
    lost += report_lost(&err, NULL, 1);
  if(x->tap_out && ra_outfile_commit(&x->tap_stream, &err))
    lost += report_lost(&err, NULL, 1);
  x->tap_out = NULL;
  if(x->write_baseline && ra_baseline_write(x->write_baseline, &x->run,
                                            &err))
    lost += report_lost(&err, NULL, 1);
  if(x->recorder) {
    ra_code rlost = ra_recorder_close(x->recorder, &err);
    x->recorder = NULL;
    if(rlost) /* a gate must never read a lost recording as a pass */
      lost += report_lost(&err, NULL, 1);
  }
  return lost;
}

/* The summary and the exit code of a finished run (SPEC §5). */
static int finish(struct run_cmd *x)
{
  size_t lost = write_reports(x);
  int rc;
  ra_report_summary(stderr, &x->run, 5, x->progress.color);
  fprintf(stderr, "raconform: reports: TAP %s, JUnit %s, JSON %s, wire "
          "logs %s/\n", x->tap_file, x->junit_file, x->json_file,
          x->wire_dir);
  rc = ra_run_exit_code(&x->run, x->have_baseline ? &x->bres : NULL);
  if(!x->run.count && !x->shard_n) {
    /* An empty shard is fine (more shards than cases): the selection
     * itself matched. */
    rc = ra_tool_usage_error("run", "no case of the selection applies to "
                             "the profile(s) run (%s)", x->run.profile);
  }
  if(lost) {
    fprintf(stderr, "raconform run: %zu report%s lost: exit 2\n", lost,
            lost == 1 ? "" : "s");
    rc = RA_EXIT_USAGE;
  }
  return rc;
}

int ra_tool_run(int argc, char **argv)
{
  struct run_cmd x;
  struct ra_error err = RA_ERROR_INIT;
  int stop = 0;
  int rc;

  run_cmd_init(&x, argc);
  rc = parse_args(&x, argc, argv, &stop);
  if(stop)
    goto done;
  rc = load_config(&x);
  if(!rc)
    rc = prepare_reports(&x);
  if(rc)
    goto done;
  /* Armed before any thread exists (the server's included), so SIGINT and
   * SIGTERM reach the watcher, which leaves every report complete for the
   * cases judged. */
  rc = ra_tool_clock("run", &x.clock, &x.fixed_ms);
  if(rc)
    goto done;
  x.progress.color = ra_tool_color_wanted();
  x.t0 = ra_clock_monotonic_ms();
  if(!ra_report_interrupt_arm(on_interrupt, &x))
    x.armed = 1;
  rc = start_target(&x);
  if(rc)
    goto done;
  run_identity(&x);
  rc = preflight(&x);
  if(rc)
    goto done;
  if(x.record_dir && ra_recorder_open(&x.recorder, x.record_dir, x.target,
                                      RA_VERSION, x.strict, &err)) {
    rc = config_error(&err);
    goto done;
  }
  run_cases(&x);
  if(x.armed) {
    ra_report_interrupt_disarm();
    x.armed = 0;
  }
  ra_tool_progress_clear(&x.progress);
  rc = finish(&x);
done:
  run_cmd_free(&x);
  return rc;
}
