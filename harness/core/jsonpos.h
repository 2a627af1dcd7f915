/* The one JSON locator of every loader (cases, targets, baselines, signing
 * vectors, response fixtures): where a member or element sits in JSON text,
 * and typed member readers that report a wrong or missing field there.
 * jansson values carry no positions, so after a semantic check fails the
 * loaders re-scan the raw text along the JSON path of the offending node to
 * report an exact line:column. The text must already be valid JSON (jansson
 * loaded it, see ra_jsonpos_load).
 *
 * Ownership: a doc borrows its text, source and err; strings handed out by
 * the readers belong to the jansson value they were read from. */
#ifndef RA_CORE_JSONPOS_H
#define RA_CORE_JSONPOS_H

#include <stddef.h>

#include <jansson.h>

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

/* The positions of the elements of the array at path p, in one pass: fills
 * lines/columns[0..max) and returns the element count (0 when p is not an
 * array). */
size_t ra_jsonpos_find_elements(const char *text, size_t len,
                                const struct ra_jsonpos_path *p, int *lines,
                                int *columns, size_t max);

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

/* Starts a doc over text (len bytes) and parses it with jansson (duplicate
 * keys rejected, more jansson decoding flags in flags). On a syntax error fills err with jansson's line:column
 * and returns code; else *root is the caller's reference. */
ra_code ra_jsonpos_load(struct ra_jsonpos_doc *doc, const char *text,
                        size_t len, size_t flags, const char *source,
                        struct ra_error *err, ra_code code, json_t **root);

/* ---- typed readers ----------------------------------------------------
 * Each reads member `key` of the object `obj`, which sits at doc->path. A
 * value of the wrong type is an error at the value ("'key' must be ...,
 * not an array"); a missing member is an error at obj ("missing required
 * field 'key' in <where>") when required, else *out is left as it was and
 * RA_OK returned. Errors fill doc->err and return doc->code. */

/* "an object", "an array", "a string", "an integer", "a number", "a
 * boolean", "null". */
const char *ra_jsonpos_kind(const json_t *j);
/* Index of s in the NULL-terminated names (empty names never match), or
 * -1. */
int ra_jsonpos_name_index(const char *const *names, const char *s);
/* "a, b or c" for messages (empty names, placeholders, are left out). */
void ra_jsonpos_join_names(char *out, size_t outlen,
                           const char *const *names);
/* The current node j must be an object: "<what> must be an object, not
 * ...". */
ra_code ra_jsonpos_object(struct ra_jsonpos_doc *doc, const json_t *j,
                          const char *what);
/* Every member of obj must be in allowed (NULL-terminated): "unknown field
 * 'k' in <where>" at the key. */
ra_code ra_jsonpos_members(struct ra_jsonpos_doc *doc, json_t *obj,
                           const char *const *allowed, const char *where);
/* A string without NUL bytes. */
ra_code ra_jsonpos_string(struct ra_jsonpos_doc *doc, json_t *obj,
                          const char *key, int required, const char *where,
                          const char **out);
/* A string among names (NULL-terminated; empty names are placeholders that
 * never match): *out is its index. The "a, b or c" list of the message is
 * built only when the value is wrong. */
ra_code ra_jsonpos_enum(struct ra_jsonpos_doc *doc, json_t *obj,
                        const char *key, int required, const char *where,
                        const char *const *names, int *out);
/* true or false: *out 1 or 0. Never required. */
ra_code ra_jsonpos_boolean(struct ra_jsonpos_doc *doc, json_t *obj,
                           const char *key, int *out);
/* An integer in [min, max]; *set (when not NULL) tells whether it was
 * there. Never required. */
ra_code ra_jsonpos_integer(struct ra_jsonpos_doc *doc, json_t *obj,
                           const char *key, json_int_t min, json_int_t max,
                           long *out, int *set);
/* An array / an object member: *out borrows it (NULL when absent). */
ra_code ra_jsonpos_array(struct ra_jsonpos_doc *doc, json_t *obj,
                         const char *key, int required, const char *where,
                         json_t **out);
ra_code ra_jsonpos_member_object(struct ra_jsonpos_doc *doc, json_t *obj,
                                 const char *key, int required,
                                 const char *where, json_t **out);

#endif
