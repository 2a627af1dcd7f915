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
/* Appends a copy of one legacy Data pair. */
void ra_answer_add_data(struct ra_answer *a, const char *key,
                        const char *value);

#endif
