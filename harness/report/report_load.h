/* Reading a JSON report (report_json.h's format) back into a struct ra_run,
 * for `raconform report` (merge, comparison) and tools that read runs.
 *
 * The document's major version must be RA_REPORT_JSON_MAJOR: another major
 * is refused (RA_E_UNSUPPORTED, err says which version was found and which
 * this build reads); a newer minor of the same major loads (minors only add
 * fields, unknown fields are ignored). */
#ifndef RA_REPORT_LOAD_H
#define RA_REPORT_LOAD_H

#include "core/code.h"
#include "core/error.h"
#include "proto/verdict.h"

/* Fills *run (initialised here; free with ra_run_free). RA_E_IO for an
 * unreadable file, RA_E_PARSE for a document that is not a report (err
 * names the file and the field), RA_E_UNSUPPORTED for another major
 * version. */
ra_code ra_report_load_file(struct ra_run *run, const char *path,
                            struct ra_error *err);
ra_code ra_report_load_text(struct ra_run *run, const char *text,
                            size_t len, const char *source,
                            struct ra_error *err);

#endif
