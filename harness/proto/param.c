#include "proto/param.h"

#include <string.h>

#include "core/alloc.h"

void ra_params_init(struct ra_params *params)
{
  params->items = NULL;
  params->count = 0;
  params->cap = 0;
}

void ra_params_free(struct ra_params *params)
{
  size_t i;
  for(i = 0; i < params->count; i++) {
    ra_free(params->items[i].name);
    ra_free(params->items[i].value);
  }
  ra_free(params->items);
  ra_params_init(params);
}

void ra_params_add(struct ra_params *params, const char *name,
                   const char *value, size_t value_len)
{
  struct ra_param *p;
  if(params->count == params->cap) {
    params->cap = params->cap ? params->cap * 2 : 8;
    params->items = ra_realloc(params->items,
                               params->cap * sizeof(*params->items));
  }
  p = &params->items[params->count++];
  p->name = ra_strdup(name);
  p->value = ra_memdup0(value ? value : "", value ? value_len : 0);
  p->value_len = value ? value_len : 0;
}

void ra_params_adds(struct ra_params *params, const char *name,
                    const char *value)
{
  ra_params_add(params, name, value, value ? strlen(value) : 0);
}

void ra_params_set(struct ra_params *params, const char *name,
                   const char *value, size_t value_len)
{
  size_t i;
  for(i = 0; i < params->count; i++) {
    struct ra_param *p = &params->items[i];
    if(!strcmp(p->name, name)) {
      ra_free(p->value);
      p->value = ra_memdup0(value ? value : "", value ? value_len : 0);
      p->value_len = value ? value_len : 0;
      return;
    }
  }
  ra_params_add(params, name, value, value_len);
}

size_t ra_params_remove(struct ra_params *params, const char *name)
{
  size_t i;
  size_t kept = 0;
  size_t removed = 0;
  for(i = 0; i < params->count; i++) {
    struct ra_param *p = &params->items[i];
    if(!strcmp(p->name, name)) {
      ra_free(p->name);
      ra_free(p->value);
      removed++;
    }
    else
      params->items[kept++] = *p;
  }
  params->count = kept;
  return removed;
}

const struct ra_param *ra_params_get(const struct ra_params *params,
                                     const char *name)
{
  size_t i;
  for(i = 0; i < params->count; i++) {
    if(!strcmp(params->items[i].name, name))
      return &params->items[i];
  }
  return NULL;
}

size_t ra_params_count_name(const struct ra_params *params, const char *name)
{
  size_t i;
  size_t n = 0;
  for(i = 0; i < params->count; i++) {
    if(!strcmp(params->items[i].name, name))
      n++;
  }
  return n;
}

