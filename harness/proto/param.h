/* An ordered list of name/value request parameters (legacy query/form
 * parameters, or the members of a json-2017 body). Values are byte strings
 * (may hold any byte, including NUL, so a length is kept). The list owns
 * copies of every name and value. */
#ifndef RA_PROTO_PARAM_H
#define RA_PROTO_PARAM_H

#include <stddef.h>

struct ra_param {
  char *name;
  char *value;        /* NUL-terminated copy; may also contain NULs */
  size_t value_len;
};

struct ra_params {
  struct ra_param *items;
  size_t count;
  size_t cap;
};

void ra_params_init(struct ra_params *params);
void ra_params_free(struct ra_params *params);
/* Appends copies (duplicates allowed: the list keeps wire order). */
void ra_params_add(struct ra_params *params, const char *name,
                   const char *value, size_t value_len);
void ra_params_adds(struct ra_params *params, const char *name,
                    const char *value);
/* Replaces the first parameter called name, or appends it. */
void ra_params_set(struct ra_params *params, const char *name,
                   const char *value, size_t value_len);
/* Removes every parameter called name (exact match); returns how many. */
size_t ra_params_remove(struct ra_params *params, const char *name);
/* First parameter called name (exact match), or NULL. Borrowed. */
const struct ra_param *ra_params_get(const struct ra_params *params,
                                     const char *name);
/* How many parameters are called name. */
size_t ra_params_count_name(const struct ra_params *params, const char *name);

#endif
