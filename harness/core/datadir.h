/* Where the data (cases/, vectors/, schemas/) is (SPEC §5), in this order:
 * the caller's explicit directory (--cases DIR, --dir DIR), the
 * RACONFORM_DATA environment variable (a data root), the installed data
 * directory (<prefix>/share/raconform, found next to the running binary
 * as <bin>/../share/raconform, then under the configured install prefix),
 * the source tree the binary was built from. The first of these that is
 * given decides: RACONFORM_DATA pointing at a folder without the wanted
 * subfolder is an error, not a reason to look elsewhere. */
#ifndef RA_CORE_DATADIR_H
#define RA_CORE_DATADIR_H

#include "core/buf.h"
#include "core/code.h"
#include "core/error.h"

/* Finds the data subfolder sub ("cases", "vectors", "vectors/responses")
 * and stores it, new, in *out (caller frees). On failure returns
 * RA_E_CONFIG with err naming every path tried. */
ra_code ra_datadir_find(char **out, const char *sub, struct ra_error *err);

#endif
