/* JSON reporter (jansson). Schema in docs/reports.md:
 * {"format": "raconform-report/1", "format_version": "1.1", "suite": {...},
 *  "summary": {...}, "cases": [...]}. Written through core/outfile
 * (temporary file, renamed; a path that is not a regular file is refused). */
#ifndef RA_REPORT_JSON_H
#define RA_REPORT_JSON_H

#include "core/code.h"
#include "core/error.h"
#include "proto/verdict.h"

/* The document's format: "format" names the major version (readers refuse
 * another major), "format_version" is major.minor (minors only add
 * fields). Schema: schemas/raconform-report-1.schema.json. */
#define RA_REPORT_JSON_FORMAT "raconform-report/1"
#define RA_REPORT_JSON_MAJOR 1
#define RA_REPORT_JSON_VERSION "1.1"

ra_code ra_report_json_write_file(const char *path, const struct ra_run *run,
                                  struct ra_error *err);
/* The document as a new string (caller frees with ra_free). */
char *ra_report_json_dumps(const struct ra_run *run);

#endif
