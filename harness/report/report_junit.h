/* JUnit XML reporter (SPEC §6), written with libxml2's xmlTextWriter so
 * every string is escaped; text goes through proto/text first (valid
 * UTF-8, no bytes XML 1.0 forbids). Validates against
 * ../shared/schemas/junit-10.xsd (Surefire's schema): that schema has no
 * <properties> inside <testcase>, so a case's grade (NON-STRICT,
 * INFORMATIONAL) is written as "grade: ..." in its <system-out>.
 *
 * The file is written through core/outfile (a temporary file beside it,
 * renamed over path), so a reader never sees a half-written file and a
 * path naming a device, FIFO or symlink is refused, never replaced. */
#ifndef RA_REPORT_JUNIT_H
#define RA_REPORT_JUNIT_H

#include "core/code.h"
#include "core/error.h"
#include "proto/verdict.h"

ra_code ra_report_junit_write_file(const char *path, const struct ra_run *run,
                                   struct ra_error *err);

/* Killed-run safety for a JUnit file alone (report_interrupt.h does the
 * work; raconform run arms that directly, to write every report): call
 * from the main thread BEFORE starting any worker thread. On SIGINT or
 * SIGTERM the JUnit file is written for the verdicts completed so far and
 * the process exits with 128 + signal (130 for SIGINT, 143 for SIGTERM).
 * While armed, producers must add verdicts with ra_run_append() (or hold
 * ra_run_lock() around ra_run_add() and the filling). path and run must
 * stay valid until ra_report_junit_disarm(); then write the final report
 * as usual. Only one arm at a time (RA_E_STATE otherwise). */
ra_code ra_report_junit_arm(const char *path, const struct ra_run *run);
void ra_report_junit_disarm(void);

#endif
