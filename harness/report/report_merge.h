/* Merging the JSON reports of one run's shards (run --shard K/N) back into
 * the run a single unsharded run gives, and grouping reports by target for
 * a comparison.
 *
 * Order of a merged run: ra_run_sort's (proto/verdict.h), the order of an
 * unsharded run. */
#ifndef RA_REPORT_MERGE_H
#define RA_REPORT_MERGE_H

#include <stddef.h>

#include "core/code.h"
#include "core/error.h"
#include "proto/verdict.h"

/* Moves the verdicts of parts[0..n) into *out (initialised here) and
 * leaves the parts empty. names[i] labels parts[i] in errors. Identity
 * fields come from the first part; started is the earliest, duration the
 * longest (shards run side by side). RA_E_INVALID when two parts hold the
 * same case and profile (err names both files) or disagree on --strict. */
ra_code ra_report_merge(struct ra_run *out, struct ra_run *parts, size_t n,
                        const char *const *names, struct ra_error *err);

#endif
