#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>

int ra_log_threshold = RA_LOG_WARN;

void ra_log_set_level(ra_log_level level)
{
  ra_log_threshold = (int)level;
}

void ra_log_write(ra_log_level level, const char *fmt, ...)
{
  static const char *const names[] = {"error", "warning", "info", "debug"};
  va_list ap;
  fprintf(stderr, "raconform: %s: ", names[level]);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}
