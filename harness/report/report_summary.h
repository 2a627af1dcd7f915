/* Human summary for stderr at the end of a run: totals by status (cases
 * and case x profile runs counted apart) and by grade, every failing run
 * grouped by failure signature (status and the baseline's observed key,
 * ra_report_summary_signature), largest group first, one line per group;
 * the slowest cases; time taken. */
#ifndef RA_REPORT_SUMMARY_H
#define RA_REPORT_SUMMARY_H

#include <stddef.h>
#include <stdio.h>

#include "proto/verdict.h"

/* color: ANSI colour for the words that matter (the caller decides: a
 * terminal and no NO_COLOR). */
void ra_report_summary(FILE *out, const struct ra_run *run,
                       size_t slowest_n, int color);

/* How v failed, as a new string, or NULL when it did not fail (pass, skip,
 * todo): "fail <observed key>" (the key baselines match, "(none)" when
 * there is none) or "error <kind>". */
char *ra_report_summary_signature(const struct ra_verdict *v);

#endif
