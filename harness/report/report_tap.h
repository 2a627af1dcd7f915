/* TAP reporter (SPEC §6). Version 13 by default: plan, ok/not ok, # SKIP,
 * # TODO and YAML blocks (2-space indent, "---" .. "...") only, so Perl's
 * prove (TAP::Parser 3.44) and node's tap-parser both read it. Version 14
 * changes only the version line.
 *
 * Streaming: begin once, case for each finished verdict (n counts from 1),
 * end once. With planned == 0 the plan is written by end (trailing plan). */
#ifndef RA_REPORT_TAP_H
#define RA_REPORT_TAP_H

#include <stddef.h>
#include <stdio.h>

#include "core/code.h"
#include "core/error.h"
#include "proto/verdict.h"

void ra_report_tap_begin(FILE *out, const struct ra_run *run, size_t planned,
                         int tap_version);
/* A failure's YAML gets a "rerun:" line when run (may be NULL) has a rerun
 * command (ra_verdict_rerun). */
void ra_report_tap_case(FILE *out, size_t n, const struct ra_run *run,
                        const struct ra_verdict *v);
/* "Bail out! reason": the stream ends here (an interrupted run). */
void ra_report_tap_bail(FILE *out, const char *reason);
/* Writes the trailing plan (when planned was 0) and a totals comment.
 * Returns RA_E_IO when the stream had a write error. */
ra_code ra_report_tap_end(FILE *out, const struct ra_run *run, size_t planned,
                          size_t emitted);
/* The whole run at once (uses the three above). */
ra_code ra_report_tap_write(FILE *out, const struct ra_run *run,
                            int tap_version);
/* The same into a file, through core/outfile (temporary file renamed over
 * path; a device, FIFO or symlink is refused). With bail (not NULL) the
 * stream ends with "Bail out! <bail>" (an interrupted run). RA_E_IO/
 * RA_E_REFUSED with err naming the path when the report is lost. */
ra_code ra_report_tap_write_file(const char *path, const struct ra_run *run,
                                 int tap_version, const char *bail,
                                 struct ra_error *err);

#endif
