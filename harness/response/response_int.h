/* Internal to the response layer: helpers shared by response_xml.c and
 * response_json.c. Not for other layers. */
#ifndef RA_RESPONSE_RESPONSE_INT_H
#define RA_RESPONSE_RESPONSE_INT_H

#include "response/response.h"

/* Sets `detail` (replacing any), leaves `kind` alone. */
void ra_answer_detail(struct ra_answer *a, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));
/* Sets kind MALFORMED and `detail`. */
void ra_answer_malformed(struct ra_answer *a, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));
/* The text of an HTML page's <title> (where web frameworks put the
 * exception of a 5xx page) into out: whitespace runs and control bytes
 * become one space, cut to outlen - 1 bytes. 1 when there is a non-empty
 * title, else 0 (out empty). */
int ra_answer_html_title(const char *body, size_t len, char *out,
                         size_t outlen);
/* Appends a copy of one legacy Data pair. */
void ra_answer_add_data(struct ra_answer *a, const char *key,
                        const char *value);

#endif
