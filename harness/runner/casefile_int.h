/* Shared by the case-file parser's two modules (casefile.c: the case,
 * caserequest.c: its request). Not a public interface. The typed readers
 * are core/jsonpos's; these wrappers only bind them to the parse state and
 * copy strings into the case, which owns them. */
#ifndef RA_RUNNER_CASEFILE_INT_H
#define RA_RUNNER_CASEFILE_INT_H

#include <jansson.h>

#include "core/alloc.h"
#include "core/jsonpos.h"
#include "runner/casefile.h"

/* The parse state: the raw text (for positions), the JSON path of the node
 * being checked and the case being filled. */
struct cp {
  struct ra_jsonpos_doc doc;
  struct ra_case *c;
};

/* Errors at the current node's value, at a member's key (unknown fields)
 * or at a member's value. */
#define fail(p, ...) \
  ra_jsonpos_fail(&(p)->doc, NULL, RA_JSONPOS_VALUE, __VA_ARGS__)
#define fail_key(p, key, ...) \
  ra_jsonpos_fail(&(p)->doc, (key), RA_JSONPOS_KEY, __VA_ARGS__)
#define fail_val(p, key, ...) \
  ra_jsonpos_fail(&(p)->doc, (key), RA_JSONPOS_VALUE, __VA_ARGS__)

#define need_object(p, j, what) ra_jsonpos_object(&(p)->doc, (j), (what))
#define check_members(p, obj, allowed, where) \
  ra_jsonpos_members(&(p)->doc, (obj), (allowed), (where))
#define get_enum(p, obj, key, required, where, names, out) \
  ra_jsonpos_enum(&(p)->doc, (obj), (key), (required), (where), (names), \
                  (out))
#define get_bool(p, obj, key, out) \
  ra_jsonpos_boolean(&(p)->doc, (obj), (key), (out))
#define get_int(p, obj, key, min, max, out, set) \
  ra_jsonpos_integer(&(p)->doc, (obj), (key), (min), (max), (out), (set))
#define json_kind ra_jsonpos_kind
#define name_index ra_jsonpos_name_index
#define join_names ra_jsonpos_join_names

#define LEG RA_PROFILE_BIT(RA_PROFILE_LEGACY)
#define JSN RA_PROFILE_BIT(RA_PROFILE_JSON)

/* A string member without NUL bytes, copied (*out NULL when absent). */
static inline ra_code get_str(struct cp *p, json_t *obj, const char *key,
                              int required, const char *where, char **out)
{
  const char *s = NULL;
  ra_code result = ra_jsonpos_string(&p->doc, obj, key, required, where, &s);
  *out = s ? ra_strdup(s) : NULL;
  return result;
}

/* caserequest.c: the case's 'request' object (or one of its setup
 * requests), and its release. */
ra_code ra_case_request_parse(struct cp *p, json_t *j,
                              struct ra_case_request *r, int is_setup);
void ra_case_request_free(struct ra_case_request *r);

#endif
