/* A list of HTTP headers, in order, as sent. */
#include "proto/header.h"

#include <strings.h>

#include "core/alloc.h"

void ra_headers_init(struct ra_headers *h)
{
  h->items = NULL;
  h->count = 0;
  h->cap = 0;
}

void ra_headers_free(struct ra_headers *h)
{
  size_t i;
  for(i = 0; i < h->count; i++) {
    ra_free(h->items[i].name);
    ra_free(h->items[i].value);
  }
  ra_free(h->items);
  ra_headers_init(h);
}

void ra_headers_add(struct ra_headers *h, const char *name, const char *value)
{
  if(h->count == h->cap) {
    h->cap = h->cap ? h->cap * 2 : 8;
    h->items = ra_realloc(h->items, h->cap * sizeof(*h->items));
  }
  h->items[h->count].name = ra_strdup(name);
  h->items[h->count].value = ra_strdup(value ? value : "");
  h->count++;
}

size_t ra_headers_remove(struct ra_headers *h, const char *name)
{
  size_t i;
  size_t kept = 0;
  size_t removed = 0;
  for(i = 0; i < h->count; i++) {
    if(!strcasecmp(h->items[i].name, name)) {
      ra_free(h->items[i].name);
      ra_free(h->items[i].value);
      removed++;
    }
    else
      h->items[kept++] = h->items[i];
  }
  h->count = kept;
  return removed;
}

void ra_headers_set(struct ra_headers *h, const char *name, const char *value)
{
  size_t i;
  for(i = 0; i < h->count; i++) {
    if(!strcasecmp(h->items[i].name, name))
      break;
  }
  if(i == h->count) {
    ra_headers_add(h, name, value);
    return;
  }
  /* Keep the first occurrence's position, drop the others. */
  ra_free(h->items[i].value);
  h->items[i].value = ra_strdup(value ? value : "");
  {
    size_t j;
    size_t kept = i + 1;
    for(j = i + 1; j < h->count; j++) {
      if(!strcasecmp(h->items[j].name, name)) {
        ra_free(h->items[j].name);
        ra_free(h->items[j].value);
      }
      else
        h->items[kept++] = h->items[j];
    }
    h->count = kept;
  }
}

const char *ra_headers_get(const struct ra_headers *h, const char *name)
{
  size_t i;
  for(i = 0; i < h->count; i++) {
    if(!strcasecmp(h->items[i].name, name))
      return h->items[i].value;
  }
  return NULL;
}
