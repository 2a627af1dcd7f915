/* Shared by the subcommands that read the catalogue (list, plan, run): find
 * and load it and apply --run/--skip, reporting bad files as
 * "file:line:column: text" on stderr with exit code 2 (SPEC §5). */
#ifndef RA_TOOL_CATALOGUE_H
#define RA_TOOL_CATALOGUE_H

#include "runner/caseset.h"

/* Loads dir (NULL: the cases/ folder core/datadir.h finds) into set.
 * Returns RA_EXIT_OK or RA_EXIT_USAGE after printing the error, which
 * names every path tried. */
int ra_tool_load_catalogue(const char *cmd, const char *dir,
                           struct ra_caseset *set);
/* Adds a --run (skip 0) or --skip (skip 1) argument; RA_EXIT_USAGE after
 * printing the error. */
int ra_tool_add_selection(const char *cmd, struct ra_selection *sel, int skip,
                          const char *pattern);
/* RA_EXIT_USAGE with a message when the selection matches no case of set
 * (an empty selection gates nothing: SPEC §5), else RA_EXIT_OK. */
int ra_tool_check_selection(const char *cmd, const struct ra_caseset *set,
                            const struct ra_selection *sel);

#endif
