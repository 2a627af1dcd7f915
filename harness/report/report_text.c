#include "report/report_text.h"

#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when invalid. */
static size_t utf8_len(const unsigned char *p, unsigned *cp_out)
{
  unsigned cp;
  size_t n;
  size_t i;
  if(p[0] < 0x80) {
    *cp_out = p[0];
    return 1;
  }
  if(p[0] >= 0xC2 && p[0] <= 0xDF) {
    n = 2;
    cp = p[0] & 0x1F;
  }
  else if(p[0] >= 0xE0 && p[0] <= 0xEF) {
    n = 3;
    cp = p[0] & 0x0F;
  }
  else if(p[0] >= 0xF0 && p[0] <= 0xF4) {
    n = 4;
    cp = p[0] & 0x07;
  }
  else
    return 0;
  for(i = 1; i < n; i++) {
    if((p[i] & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6) | (p[i] & 0x3F);
  }
  /* overlong forms, surrogates and values past U+10FFFF are invalid */
  if((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
     (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  *cp_out = cp;
  return n;
}

char *ra_report_text_clean(const char *s, int flags)
{
  struct ra_buf b;
  const unsigned char *p = (const unsigned char *)(s ? s : "");
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  while(*p) {
    unsigned cp = 0;
    size_t n = utf8_len(p, &cp);
    if(!n) {
      ra_buf_adds(&b, "\xEF\xBF\xBD");
      p++;
      continue;
    }
    if(cp == '\r') {
      ra_buf_addc(&b, (flags & RA_TEXT_KEEP_NEWLINES) ? '\n' : ' ');
      p += (p[1] == '\n') ? 2 : 1;
      continue;
    }
    if(cp == '\n')
      ra_buf_addc(&b, (flags & RA_TEXT_KEEP_NEWLINES) ? '\n' : ' ');
    else if(cp == '\t')
      ra_buf_addc(&b, (flags & RA_TEXT_KEEP_TABS) ? '\t' : ' ');
    else if(cp < 0x20 || cp == 0x7F || cp == 0xFFFE || cp == 0xFFFF ||
            (cp >= 0x80 && cp < 0xA0))
      ; /* not representable in XML 1.0 / YAML: drop */
    else
      ra_buf_add(&b, p, n);
    p += n;
  }
  return ra_buf_take(&b, NULL);
}

char *ra_report_text_line(const char *s)
{
  char *t = ra_report_text_clean(s, 0);
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
