/* A list of HTTP headers in the order they are sent (names and values as
 * sent; lookups are case-insensitive). struct ra_headers owns its strings;
 * values returned by ra_headers_get are borrowed. */
#ifndef RA_PROTO_HEADER_H
#define RA_PROTO_HEADER_H

#include <stddef.h>

struct ra_header {
  char *name;   /* as sent */
  char *value;  /* as sent (untrimmed) */
};

struct ra_headers {
  struct ra_header *items;
  size_t count;
  size_t cap;
};

void ra_headers_init(struct ra_headers *h);
void ra_headers_free(struct ra_headers *h);
void ra_headers_add(struct ra_headers *h, const char *name, const char *value);
/* Replaces every header of that name (case-insensitive) with one value. */
void ra_headers_set(struct ra_headers *h, const char *name, const char *value);
size_t ra_headers_remove(struct ra_headers *h, const char *name);
/* First value of that header (case-insensitive), or NULL. Borrowed. */
const char *ra_headers_get(const struct ra_headers *h, const char *name);

#endif
