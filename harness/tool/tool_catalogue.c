/* Catalogue loading for the CLI (see tool_catalogue.h). */
#include "tool/tool_catalogue.h"

#include <stdio.h>

#include "core/alloc.h"
#include "core/datadir.h"
#include "tool/tool.h"

int ra_tool_load_catalogue(const char *cmd, const char *dir,
                           struct ra_caseset *set)
{
  struct ra_error err = RA_ERROR_INIT;
  char *found = NULL;
  int rc = RA_EXIT_OK;
  ra_error_clear(&err);
  if(!dir) {
    if(ra_datadir_find(&found, "cases", &err))
      goto fail;
    dir = found;
  }
  if(ra_caseset_load_dir(set, dir, &err))
    goto fail;
  goto done;
fail:
  fprintf(stderr, "raconform %s: ", cmd);
  ra_error_print(&err, stderr);
  rc = RA_EXIT_USAGE;
done:
  ra_free(found);
  return rc;
}

int ra_tool_add_selection(const char *cmd, struct ra_selection *sel, int skip,
                          const char *pattern)
{
  struct ra_error err = RA_ERROR_INIT;
  ra_error_clear(&err);
  if(ra_selection_add(sel, skip, pattern, &err)) {
    fprintf(stderr, "raconform %s: ", cmd);
    ra_error_print(&err, stderr);
    return RA_EXIT_USAGE;
  }
  return RA_EXIT_OK;
}

int ra_tool_check_selection(const char *cmd, const struct ra_caseset *set,
                            const struct ra_selection *sel)
{
  size_t i;
  for(i = 0; i < set->count; i++) {
    if(ra_selection_match(sel, set->cases[i]))
      return RA_EXIT_OK;
  }
  return ra_tool_usage_error(cmd, "the selection (--run/--skip) matches "
                             "none of the %zu cases; nothing to run",
                             set->count);
}
