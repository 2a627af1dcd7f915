/* Baselines: known failures (docs/baseline.md). A file is
 *   {"entries": [{"id": "RA-FB-0003", "profile": "json-2017",
 *                 "observed": "400 RequestError AWS.X", "reason": "...",
 *                 "expires": "2027-01-31"}]}
 * with "profile" and "expires" optional; unknown fields are errors. The
 * loader reports errors as file:line:column. A struct ra_baseline owns its
 * entries' strings. */
#ifndef RA_REPORT_BASELINE_H
#define RA_REPORT_BASELINE_H

#include <stddef.h>
#include <stdint.h>

#include "core/code.h"
#include "core/error.h"
#include "proto/verdict.h"

struct ra_baseline_entry {
  char *id;
  char *profile;      /* NULL: any profile */
  char *observed;
  char *reason;
  char *expires;      /* "YYYY-MM-DD" or NULL */
  int64_t expires_ms; /* first instant after the expiry day; 0 = never */
  int line;           /* where the entry starts in the file */
  int column;
};

struct ra_baseline {
  struct ra_baseline_entry *entries;
  size_t count;
};

struct ra_baseline_result {
  size_t todo;        /* listed and failing the same way */
  size_t differ;      /* listed and failing another way (stay FAIL) */
  size_t expired;     /* listed, failing, entry expired (stay FAIL) */
  size_t stale;       /* listed and now passing */
};

void ra_baseline_init(struct ra_baseline *b);
void ra_baseline_free(struct ra_baseline *b);
ra_code ra_baseline_load_file(struct ra_baseline *b, const char *path,
                              struct ra_error *err);
/* source names the text in errors. */
ra_code ra_baseline_load_string(struct ra_baseline *b, const char *text,
                                const char *source, struct ra_error *err);

/* Applies b to the run's verdicts (res is zeroed first). A verdict matches
 * an entry with its case ID and, when the entry has one, its profile (an
 * entry with a profile wins over one without). FAIL + same observed key ->
 * TODO with baseline_reason; FAIL + other key -> stays FAIL, reason says how
 * it differs; FAIL + expired entry (today_ms past the expiry day) -> stays
 * FAIL, reason "baseline entry expired on ..."; PASS -> stale, a note on the
 * verdict. ERROR and SKIP verdicts are left alone. */
void ra_baseline_apply(struct ra_run *run, const struct ra_baseline *b,
                       int64_t today_ms, struct ra_baseline_result *res);

/* Writes a baseline listing every FAIL and TODO verdict of run, through
 * core/outfile (temporary file renamed; a non-regular path is refused). */
ra_code ra_baseline_write(const char *path, const struct ra_run *run,
                          struct ra_error *err);

/* 1 when run has no verdicts reachable: every verdict (at least one) is
 * ERROR with error_kind "connect". */
int ra_run_unreachable(const struct ra_run *run);
/* SPEC §5 exit code after ra_baseline_apply (res may be NULL without a
 * baseline): 3 if ra_run_unreachable, 1 if any FAIL or ERROR, 4 if stale
 * entries only, else 0. */
int ra_run_exit_code(const struct ra_run *run,
                     const struct ra_baseline_result *res);

#endif
