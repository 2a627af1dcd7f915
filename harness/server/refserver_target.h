/* How the reference server describes itself: the name reports show, the
 * operations it implements, its feedback counting unit, and the target file
 * (SPEC §4, docs/targets.md) that says how to test it. The one description
 * of the server as a target: `serve --target-out` writes it and `run`'s
 * embedded mode loads it (tool/ does the wiring).
 *
 * Ownership: everything returned is static or appended to the caller's
 * buffer. */
#ifndef RA_SERVER_REFSERVER_TARGET_H
#define RA_SERVER_REFSERVER_TARGET_H

#include "core/buf.h"
#include "core/code.h"
#include "core/error.h"
#include "server/refserver.h"

/* The operations this server implements (NULL-terminated, static):
 * RejectAssignment only under the reject-only variant. */
const char *const *ra_refserver_operations(const struct ra_refserver *s);
/* Appends the name the server describes itself with in target files and
 * reports: "raconform-refserver", then the seeded defects and variants. */
void ra_refserver_name(const struct ra_refserver *s, struct ra_buf *out);
/* The feedback counting unit this server declares in the target files it
 * describes itself with: "codepoint", or "utf16" under the count-utf16
 * variant. Borrowed (static). */
const char *ra_refserver_length_unit(const struct ra_refserver *s);
/* Appends the target file describing the listening server (JSON, keys
 * sorted, two-space indent, no trailing newline) to out. RA_E_USAGE when it
 * does not listen (ra_refserver_new), with err naming source. */
ra_code ra_refserver_target_describe(const struct ra_refserver *s,
                                     struct ra_buf *out, const char *source,
                                     struct ra_error *err);
/* Writes that description to path (whole, then renamed; a device, FIFO or
 * symlink is refused). */
ra_code ra_refserver_write_target(const struct ra_refserver *s,
                                  const char *path, struct ra_error *err);

#endif
