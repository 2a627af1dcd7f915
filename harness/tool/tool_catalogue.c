/* Catalogue loading for the CLI (see tool_catalogue.h). */
#include "tool/tool_catalogue.h"

#include <stdio.h>

#include "tool/tool.h"

int ra_tool_load_catalogue(const char *cmd, const char *dir,
                           struct ra_caseset *set)
{
  struct ra_error err;
  ra_error_clear(&err);
  if(!dir)
    dir = ra_caseset_default_dir();
  if(ra_caseset_load_dir(set, dir, &err)) {
    fprintf(stderr, "raconform %s: ", cmd);
    ra_error_print(&err, stderr);
    return RA_EXIT_USAGE;
  }
  return RA_EXIT_OK;
}

int ra_tool_add_selection(const char *cmd, struct ra_selection *sel, int skip,
                          const char *pattern)
{
  struct ra_error err;
  ra_error_clear(&err);
  if(ra_selection_add(sel, skip, pattern, &err)) {
    fprintf(stderr, "raconform %s: ", cmd);
    ra_error_print(&err, stderr);
    return RA_EXIT_USAGE;
  }
  return RA_EXIT_OK;
}
