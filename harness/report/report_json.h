/* JSON reporter (jansson). Schema in docs/reports.md:
 * {"format": "raconform-report/1", "suite": {...}, "summary": {...},
 *  "cases": [...]}. Written through core/outfile (temporary file, renamed;
 * a path that is not a regular file is refused). */
#ifndef RA_REPORT_JSON_H
#define RA_REPORT_JSON_H

#include "core/code.h"
#include "core/error.h"
#include "report/verdict.h"

ra_code ra_report_json_write_file(const char *path, const struct ra_run *run,
                                  struct ra_error *err);
/* The document as a new string (caller frees with ra_free). */
char *ra_report_json_dumps(const struct ra_run *run);

#endif
