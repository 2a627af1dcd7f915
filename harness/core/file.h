/* Reading a whole file, for the loaders (cases, targets, baselines,
 * vectors, response fixtures). */
#ifndef RA_CORE_FILE_H
#define RA_CORE_FILE_H

#include "core/buf.h"
#include "core/code.h"
#include "core/error.h"

/* Appends the content of path to out; out->max caps the total size. On
 * failure err names the path: RA_E_NOT_FOUND or RA_E_IO "cannot open: ...",
 * RA_E_TOO_LARGE "larger than N bytes" (out is then freed, as a failed
 * ra_buf append does), RA_E_IO "read error". */
ra_code ra_file_read(struct ra_buf *out, const char *path,
                     struct ra_error *err);

#endif
