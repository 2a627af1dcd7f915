/* Where a loader or parser found its input bad: source (file name), line and
 * column (1-based; 0 when unknown) and a lowercase message without a full
 * stop. Formatted as "source:line:column: text". Plain value, no ownership. */
#ifndef RA_CORE_ERROR_H
#define RA_CORE_ERROR_H

#include <stdio.h>

#include "core/code.h"

struct ra_error {
  char source[512];
  int line;
  int column;
  char text[512];
};

/* An error holding nothing yet. Every struct ra_error starts so (this or
 * ra_error_clear) and is cleared again before it is reused for an unrelated
 * call: ra_error_set keeps the first cause. */
#define RA_ERROR_INIT {"", 0, 0, ""}

void ra_error_clear(struct ra_error *err);
/* Fills err when err is not NULL and holds no error yet, and returns `code`,
 * so loaders can write `return ra_error_set(err, RA_E_PARSE, file, line,
 * col, "...")`. The first cause is kept (as jansson's error_set does): a
 * caller that wraps a failure cannot hide where it came from. */
ra_code ra_error_set(struct ra_error *err, ra_code code, const char *source,
                     int line, int column, const char *fmt, ...)
  __attribute__((format(printf, 6, 7)));
/* "source:line:column: text" (line/column left out when 0). */
void ra_error_print(const struct ra_error *err, FILE *out);
/* Same into a caller's array. */
void ra_error_format(const struct ra_error *err, char *out, size_t outlen);

#endif
