#include "report/xmlout.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "proto/text.h"

#define X(s) ((const xmlChar *)(s))

void ra_xmlout_check(struct ra_xmlout *x, int rc)
{
  if(rc < 0)
    x->bad = 1;
}

void ra_xmlout_start(struct ra_xmlout *x, const char *name)
{
  ra_xmlout_check(x, xmlTextWriterStartElement(x->w, X(name)));
}

void ra_xmlout_end(struct ra_xmlout *x)
{
  ra_xmlout_check(x, x->full_end ? xmlTextWriterFullEndElement(x->w) :
                  xmlTextWriterEndElement(x->w));
}

void ra_xmlout_attr(struct ra_xmlout *x, const char *name, const char *value)
{
  char *s = ra_text_line(value ? value : "");
  ra_xmlout_check(x, xmlTextWriterWriteAttribute(x->w, X(name), X(s)));
  ra_free(s);
}

void ra_xmlout_attrf(struct ra_xmlout *x, const char *name, const char *fmt,
                     ...)
{
  char tmp[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(tmp, sizeof(tmp), fmt, ap);
  va_end(ap);
  ra_xmlout_attr(x, name, tmp);
}

void ra_xmlout_text_max(struct ra_xmlout *x, const char *text, size_t max)
{
  char *s = ra_text_clean(text ? text : "", RA_TEXT_KEEP_NEWLINES |
                                                   RA_TEXT_KEEP_TABS);
  if(strlen(s) > max) {
    struct ra_buf b;
    while(max && ((unsigned char)s[max] & 0xC0) == 0x80)
      max--;
    ra_buf_init(&b, RA_BUF_UNLIMITED);
    ra_buf_put(&b, s, max);
    ra_buf_puts(&b, "\xe2\x80\xa6 (cut)");
    ra_xmlout_check(x, xmlTextWriterWriteString(x->w, X(ra_buf_str(&b))));
    ra_buf_free(&b);
  }
  else
    ra_xmlout_check(x, xmlTextWriterWriteString(x->w, X(s)));
  ra_free(s);
}

void ra_xmlout_text(struct ra_xmlout *x, const char *text)
{
  ra_xmlout_text_max(x, text, (size_t)-1);
}

void ra_xmlout_elem(struct ra_xmlout *x, const char *name, const char *text)
{
  ra_xmlout_start(x, name);
  ra_xmlout_text(x, text);
  ra_xmlout_end(x);
}
