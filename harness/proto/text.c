#include "proto/text.h"

#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "proto/utf8.h"

char *ra_text_clean(const char *s, int flags)
{
  struct ra_buf b;
  const unsigned char *p = (const unsigned char *)(s ? s : "");
  const unsigned char *end = p + strlen((const char *)p);
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  while(*p) {
    uint32_t cp = 0;
    /* the one UTF-8 decoder (proto/utf8.h): 0 for an invalid sequence */
    size_t n = ra_utf8_decode((const char *)p, (size_t)(end - p), &cp);
    if(!n) {
      ra_buf_puts(&b, "\xEF\xBF\xBD");
      p++;
      continue;
    }
    if(cp == '\r') {
      ra_buf_putc(&b, (flags & RA_TEXT_KEEP_NEWLINES) ? '\n' : ' ');
      p += (p[1] == '\n') ? 2 : 1;
      continue;
    }
    if(cp == '\n')
      ra_buf_putc(&b, (flags & RA_TEXT_KEEP_NEWLINES) ? '\n' : ' ');
    else if(cp == '\t')
      ra_buf_putc(&b, (flags & RA_TEXT_KEEP_TABS) ? '\t' : ' ');
    else if(cp < 0x20 || cp == 0x7F || cp == 0xFFFE || cp == 0xFFFF ||
            (cp >= 0x80 && cp < 0xA0))
      ; /* not representable in XML 1.0 / YAML: drop */
    else
      ra_buf_put(&b, p, n);
    p += n;
  }
  return ra_buf_take(&b, NULL);
}

char *ra_text_line(const char *s)
{
  char *t = ra_text_clean(s, 0);
  size_t len = strlen(t);
  size_t start = 0;
  while(len > 0 && t[len - 1] == ' ')
    t[--len] = '\0';
  while(t[start] == ' ')
    start++;
  if(start)
    memmove(t, t + start, len - start + 1);
  return t;
}
