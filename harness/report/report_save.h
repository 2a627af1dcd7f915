/* Writes a finished report text to a file: "<path>.tmp.<pid>", then
 * rename, so a reader never sees half a file. (Issue 13's report-file
 * module is meant to replace this and the copies in report_json/junit.) */
#ifndef RA_REPORT_SAVE_H
#define RA_REPORT_SAVE_H

#include <stddef.h>

#include "core/code.h"
#include "core/error.h"

ra_code ra_report_save_text(const char *path, const char *text, size_t len,
                            struct ra_error *err);

#endif
