/* The catalogue: every case file below a directory, loaded and validated,
 * sorted by id; and the --run/--skip selection.
 *
 * A struct ra_caseset owns its cases. Duplicate ids are an error naming both
 * files. */
#ifndef RA_RUNNER_CASESET_H
#define RA_RUNNER_CASESET_H

#include <stddef.h>

#include "core/buf.h"
#include "core/code.h"
#include "core/error.h"
#include "runner/casefile.h"
#include "runner/target.h"

struct ra_caseset {
  struct ra_case **cases;  /* sorted by id */
  size_t count;
  size_t cap;
};

void ra_caseset_init(struct ra_caseset *set);
void ra_caseset_free(struct ra_caseset *set);
/* Loads every *.json below dir (recursively; hidden entries ignored). Stops
 * at the first bad file (err says where). */
ra_code ra_caseset_load_dir(struct ra_caseset *set, const char *dir,
                            struct ra_error *err);
/* Adds one loaded case (the set takes ownership); RA_E_INVALID on a
 * duplicate id, err naming both files. Keeps the set sorted. */
ra_code ra_caseset_add(struct ra_caseset *set, struct ra_case *c,
                       struct ra_error *err);
/* Borrowed; NULL when absent. */
const struct ra_case *ra_caseset_find(const struct ra_caseset *set,
                                      const char *id);

/* --run / --skip patterns (fnmatch globs matched against the id, the area
 * and each tag). With no run pattern every case is selected; a case matching
 * any skip pattern is left out. */
struct ra_selection {
  char **run;
  size_t nrun;
  char **skip;
  size_t nskip;
};

void ra_selection_init(struct ra_selection *sel);
void ra_selection_free(struct ra_selection *sel);
/* Adds a pattern, or with "@FILE" every non-empty line of FILE (lines
 * starting with '#' are comments). RA_E_IO with err on an unreadable file. */
ra_code ra_selection_add(struct ra_selection *sel, int skip,
                         const char *pattern, struct ra_error *err);
int ra_selection_match(const struct ra_selection *sel, const struct ra_case *c);

/* Why a case cannot run for profile p against target t: returns 1 and
 * appends the reason (one line) to reason when it must be skipped, 0 when it
 * can run. t may be NULL (the built-in server: everything available). */
int ra_case_skip_reason(const struct ra_case *c, ra_profile p,
                        const struct ra_target *t, struct ra_buf *reason);

#endif
