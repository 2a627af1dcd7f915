/* Element writing for the XML-shaped reports (JUnit, the HTML comparison
 * page) over libxml2's xmlTextWriter: text and attributes cleaned on the
 * way in, and every writer failure remembered in `bad` so a report checks
 * once at the end. The struct borrows its writer; the caller creates and
 * frees it. */
#ifndef RA_REPORT_XMLOUT_H
#define RA_REPORT_XMLOUT_H

#include <stddef.h>

#include <libxml/xmlwriter.h>

struct ra_xmlout {
  xmlTextWriterPtr w;
  int bad;        /* any libxml2 writer call failed */
  int full_end;   /* HTML: always "<td></td>", never "<td/>" */
};

/* Notes a failed writer call (rc < 0). */
void ra_xmlout_check(struct ra_xmlout *x, int rc);
void ra_xmlout_start(struct ra_xmlout *x, const char *name);
void ra_xmlout_end(struct ra_xmlout *x);
/* An attribute, on one line (ra_text_line); NULL writes "". */
void ra_xmlout_attr(struct ra_xmlout *x, const char *name, const char *value);
/* The same from a format (up to 255 bytes). */
void ra_xmlout_attrf(struct ra_xmlout *x, const char *name, const char *fmt,
                     ...) __attribute__((format(printf, 3, 4)));
/* Text, cleaned (newlines and tabs kept); NULL writes nothing visible. */
void ra_xmlout_text(struct ra_xmlout *x, const char *text);
/* The same cut to at most max bytes on a character boundary, then
 * "… (cut)". */
void ra_xmlout_text_max(struct ra_xmlout *x, const char *text, size_t max);
/* <name>text</name>. */
void ra_xmlout_elem(struct ra_xmlout *x, const char *name, const char *text);

#endif
