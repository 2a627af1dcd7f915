/* The progress line and colour of run (SPEC §5): one self-rewriting line on
 * stderr (done/total, failures so far, elapsed, the case running longest),
 * on a terminal only unless --progress always; colour on a terminal only
 * and never with NO_COLOR set. */
#ifndef RA_TOOL_PROGRESS_H
#define RA_TOOL_PROGRESS_H

#include "runner/runner.h"

typedef enum {
  RA_PROGRESS_AUTO = 0,
  RA_PROGRESS_ALWAYS,
  RA_PROGRESS_NEVER
} ra_progress_mode;

/* "auto" | "always" | "never"; -1 for anything else. */
int ra_tool_progress_parse(const char *s, ra_progress_mode *out);
/* Whether to show progress on stderr in mode. */
int ra_tool_progress_wanted(ra_progress_mode mode);
/* Whether stderr gets ANSI colour: a terminal and NO_COLOR unset or
 * empty (no-color.org). */
int ra_tool_color_wanted(void);

/* The runner's progress event (struct ra_runner_events; arg: a struct
 * ra_tool_progress). */
struct ra_tool_progress {
  int color;
  int shown;        /* a line is on the screen */
};
void ra_tool_progress_show(const struct ra_progress *p, void *arg);
/* Erases the line (before the summary or an interrupt message). */
void ra_tool_progress_clear(struct ra_tool_progress *pr);

#endif
