/* Section "run": wall time of whole catalogue runs against the in-process
 * reference server, serial (1 worker) and parallel (the default 8 on
 * loopback), with the catalogue repeated 1x, 4x and 16x to show growth.
 * Every figure is also given as a ratio to the 1x serial run measured in
 * the same process (absolute times vary with the machine). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "core/alloc.h"
#include "core/clock.h"
#include "core/error.h"
#include "proto/verdict.h"
#include "runner/caseset.h"
#include "runner/runner.h"
#include "runner/target.h"
#include "server/refserver.h"
#include "server/refserver_target.h"

struct figure {
  size_t jobs;
  size_t bad;        /* fail + error: the run must stay clean */
  double ms;
};


/* The server's own target file (what `serve --target-out` writes and run's
 * embedded mode loads), parsed like any other target. */
static struct ra_target *embedded_target(const struct ra_refserver *s)
{
  struct ra_target *t = NULL;
  struct ra_error err = RA_ERROR_INIT;
  struct ra_buf text;
  ra_buf_init(&text, RA_BUF_UNLIMITED);
  if(ra_refserver_target_describe(s, &text, "embedded", &err) ||
     ra_target_parse(&t, ra_buf_str(&text), text.len, "embedded", &err))
    ra_error_print(&err, stderr);
  ra_buf_free(&text);
  return t;
}

static struct figure run_once(const struct ra_caseset *set,
                              const struct ra_target *t,
                              unsigned profiles, unsigned workers,
                              unsigned multiply)
{
  struct ra_runner_opts o;
  struct ra_run run;
  struct figure f;
  int64_t t0;
  size_t i;
  ra_runner_opts_init(&o);
  ra_run_init(&run);
  o.cases = set;
  o.profiles = profiles;
  o.target = t;
  o.jobs = workers;
  o.multiply = multiply;
  o.clock = ra_clock_system();
  t0 = ra_clock_monotonic_ms();
  ra_runner_run(&run, &o);
  f.ms = (double)(ra_clock_monotonic_ms() - t0);
  f.jobs = run.count;
  f.bad = 0;
  for(i = 0; i < run.count; i++)
    f.bad += run.verdicts[i].status == RA_STATUS_FAIL ||
      run.verdicts[i].status == RA_STATUS_ERROR;
  ra_run_free(&run);
  return f;
}

static void print_row(const char *label, struct figure f,
                      const struct figure *base)
{
  double per_s = f.ms > 0 ? (double)f.jobs * 1000.0 / f.ms : 0;
  double base_s = base->ms > 0 ? (double)base->jobs * 1000.0 / base->ms : 0;
  printf("  %-28s %6zu jobs %9.1f ms %8.0f cases/s  time x%-6.2f "
         "rate x%.2f%s\n", label, f.jobs, f.ms, per_s,
         base->ms > 0 ? f.ms / base->ms : 0, base_s > 0 ? per_s / base_s : 0,
         f.bad ? "  (FAILURES: not a clean run)" : "");
}

int ra_bench_run(void)
{
  static const unsigned mults[] = {1, 4, 16};
  const char *src = getenv("RACONFORM_SOURCE_DIR");
  struct ra_caseset set;
  struct ra_refserver_config cfg;
  struct ra_refserver *server = NULL;
  struct ra_target *t;
  struct ra_error err = RA_ERROR_INIT;
  struct figure base, f;
  char dir[4096];
  char label[64];
  size_t i;

  snprintf(dir, sizeof(dir), "%s/cases", src && *src ? src : ".");
  ra_caseset_init(&set);
  ra_error_clear(&err);
  if(ra_caseset_load_dir(&set, dir, &err)) {
    ra_error_print(&err, stderr);
    return 1;
  }
  ra_refserver_config_init(&cfg);
  cfg.threads = 4;
  if(ra_refserver_start(&server, &cfg, &err)) {
    ra_error_print(&err, stderr);
    ra_caseset_free(&set);
    return 1;
  }
  t = embedded_target(server);
  printf("catalogue: %zu cases, both profiles, in-process reference server\n",
         set.count);

  /* warm-up (connections, page cache), not reported */
  run_once(&set, t, 0, 0, 1);

  base = run_once(&set, t, 0, 1, 1);
  print_row("serial 1x (baseline)", base, &base);
  f = run_once(&set, t, 0, 1, 4);
  print_row("serial 4x", f, &base);
  for(i = 0; i < sizeof(mults) / sizeof(mults[0]); i++) {
    snprintf(label, sizeof(label), "parallel (8 workers) %ux", mults[i]);
    f = run_once(&set, t, 0, 0, mults[i]);
    print_row(label, f, &base);
  }
  /* the target of docs/runner.md: one profile, about 200 cases, < 1 s */
  f = run_once(&set, t, RA_PROFILE_BIT(RA_PROFILE_JSON), 0, 1);
  print_row("parallel json-2017 only", f, &base);
  f = run_once(&set, t, RA_PROFILE_BIT(RA_PROFILE_LEGACY), 0, 1);
  print_row("parallel legacy-2014 only", f, &base);
  ra_target_free(t);
  ra_refserver_stop(server);
  ra_caseset_free(&set);
  return 0;
}
