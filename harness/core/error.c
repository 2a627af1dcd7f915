#include "core/error.h"

#include <stdarg.h>
#include <string.h>

void ra_error_clear(struct ra_error *err)
{
  if(err)
    memset(err, 0, sizeof(*err));
}

ra_code ra_error_set(struct ra_error *err, ra_code code, const char *source,
                     int line, int column, const char *fmt, ...)
{
  va_list ap;
  if(!err || err->text[0]) /* the first cause is kept */
    return code;
  snprintf(err->source, sizeof(err->source), "%s", source ? source : "");
  err->line = line;
  err->column = column;
  va_start(ap, fmt);
  vsnprintf(err->text, sizeof(err->text), fmt, ap);
  va_end(ap);
  return code;
}

void ra_error_format(const struct ra_error *err, char *out, size_t outlen)
{
  const char *src = err->source[0] ? err->source : "<input>";
  if(err->line > 0 && err->column > 0)
    snprintf(out, outlen, "%s:%d:%d: %s", src, err->line, err->column,
             err->text);
  else if(err->line > 0)
    snprintf(out, outlen, "%s:%d: %s", src, err->line, err->text);
  else
    snprintf(out, outlen, "%s: %s", src, err->text);
}

void ra_error_print(const struct ra_error *err, FILE *out)
{
  char line[1200];
  ra_error_format(err, line, sizeof(line));
  fprintf(out, "%s\n", line);
}
