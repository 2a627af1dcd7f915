/* Diagnostics on stderr (stdout belongs to TAP). The macro does not evaluate
 * its arguments when the level is off. Never log secrets: callers redact. */
#ifndef RA_CORE_LOG_H
#define RA_CORE_LOG_H

typedef enum {
  RA_LOG_ERROR = 0,
  RA_LOG_WARN = 1,
  RA_LOG_INFO = 2,
  RA_LOG_DEBUG = 3
} ra_log_level;

extern int ra_log_threshold;

void ra_log_set_level(ra_log_level level);
void ra_log_write(ra_log_level level, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));

#define RA_LOG(level, ...)                                                   \
  do {                                                                       \
    if((int)(level) <= ra_log_threshold)                                     \
      ra_log_write((level), __VA_ARGS__);                                    \
  } while(0)

#endif
