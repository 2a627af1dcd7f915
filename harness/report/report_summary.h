/* Human summary for stderr at the end of a run: totals by status and by
 * grade, the slowest cases, time taken. */
#ifndef RA_REPORT_SUMMARY_H
#define RA_REPORT_SUMMARY_H

#include <stddef.h>
#include <stdio.h>

#include "report/verdict.h"

void ra_report_summary(FILE *out, const struct ra_run *run,
                       size_t slowest_n);

#endif
