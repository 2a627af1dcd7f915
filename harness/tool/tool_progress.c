#include "tool/tool_progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int ra_tool_progress_parse(const char *s, ra_progress_mode *out)
{
  if(!strcmp(s, "auto"))
    *out = RA_PROGRESS_AUTO;
  else if(!strcmp(s, "always"))
    *out = RA_PROGRESS_ALWAYS;
  else if(!strcmp(s, "never"))
    *out = RA_PROGRESS_NEVER;
  else
    return -1;
  return 0;
}

int ra_tool_progress_wanted(ra_progress_mode mode)
{
  if(mode == RA_PROGRESS_ALWAYS)
    return 1;
  if(mode == RA_PROGRESS_NEVER)
    return 0;
  return isatty(STDERR_FILENO);
}

int ra_tool_color_wanted(void)
{
  const char *no = getenv("NO_COLOR");
  if(no && no[0])
    return 0;
  return isatty(STDERR_FILENO);
}

void ra_tool_progress_show(const struct ra_progress *p, void *arg)
{
  struct ra_tool_progress *pr = arg;
  const char *red = pr->color && p->failures ? "\033[31m" : "";
  const char *reset = pr->color && p->failures ? "\033[0m" : "";
  /* \r and erase-to-end: the line rewrites itself; stderr is unbuffered */
  fprintf(stderr, "\r\033[Kraconform: %zu/%zu done, %s%zu failed%s, %.1f s",
          p->done, p->total, red, p->failures, reset,
          (double)p->elapsed_ms / 1000.0);
  if(p->slowest_id)
    fprintf(stderr, ", running longest: %s [%s] %.1f s", p->slowest_id,
            p->slowest_profile ? p->slowest_profile : "?",
            (double)p->slowest_ms / 1000.0);
  fflush(stderr);
  pr->shown = 1;
}

void ra_tool_progress_clear(struct ra_tool_progress *pr)
{
  if(!pr->shown)
    return;
  fputs("\r\033[K", stderr);
  fflush(stderr);
  pr->shown = 0;
}
