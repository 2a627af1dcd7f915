/* Where a member or element sits in JSON text. jansson values carry no
 * positions, so after a semantic check fails the loaders re-scan the raw
 * text along the JSON path of the offending node to report an exact
 * line:column. The text must already be valid JSON (jansson loaded it). */
#ifndef RA_RUNNER_JSONPOS_H
#define RA_RUNNER_JSONPOS_H

#include <stddef.h>

#include "core/code.h"
#include "core/error.h"

/* One step of a path: an object member (key != NULL) or an array element. */
struct ra_jsonpos_step {
  const char *key;
  size_t index;
};

typedef enum {
  RA_JSONPOS_KEY = 0,  /* the opening quote of the last step's key */
  RA_JSONPOS_VALUE     /* the first character of the last step's value */
} ra_jsonpos_want;

/* A path being walked by a loader: push a step when descending into a member
 * or element, pop it when leaving. Steps past the capacity are counted but
 * not kept (a position is then given for the deepest kept step). */
#define RA_JSONPOS_MAX_DEPTH 32

struct ra_jsonpos_path {
  struct ra_jsonpos_step steps[RA_JSONPOS_MAX_DEPTH];
  size_t depth;
};

void ra_jsonpos_push_key(struct ra_jsonpos_path *p, const char *key);
void ra_jsonpos_push_index(struct ra_jsonpos_path *p, size_t index);
void ra_jsonpos_pop(struct ra_jsonpos_path *p);
/* ra_jsonpos_find over the kept steps of a path. */
int ra_jsonpos_find_path(const char *text, size_t len,
                         const struct ra_jsonpos_path *p, ra_jsonpos_want want,
                         int *line, int *column);

/* Finds the position (1-based line and column, columns counted in code
 * points) of path[0..n). When a step is missing, gives the position of the
 * deepest value found (so "missing field" points at its object). Returns 1
 * when the whole path was found, 0 otherwise. */
int ra_jsonpos_find(const char *text, size_t len,
                    const struct ra_jsonpos_step *path, size_t n,
                    ra_jsonpos_want want, int *line, int *column);

/* A loader checking a JSON document: the raw text (for positions), its
 * name, where errors go (with which code) and the path of the node being
 * checked. */
struct ra_jsonpos_doc {
  const char *text;
  size_t len;
  const char *source;
  struct ra_error *err;
  ra_code code;
  struct ra_jsonpos_path path;
};

/* Fills doc->err with "source:line:column: text" at the current node (key
 * NULL) or at the member key of it, pointing at the key or at the value as
 * want says, and returns doc->code. */
ra_code ra_jsonpos_fail(struct ra_jsonpos_doc *doc, const char *key,
                        ra_jsonpos_want want, const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));

#endif
