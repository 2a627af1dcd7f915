/* Value generators (stub while being written). */
#include "runner/value.h"

#include "core/alloc.h"

struct ra_value *ra_value_new(ra_value_kind kind)
{
  struct ra_value *v = ra_calloc(1, sizeof(*v));
  v->kind = kind;
  return v;
}

void ra_value_free(struct ra_value *v)
{
  size_t i;
  if(!v)
    return;
  for(i = 0; i < v->nitems; i++)
    ra_value_free(v->items[i]);
  ra_free(v->items);
  ra_value_free(v->inner);
  ra_free(v->text);
  ra_free(v);
}

ra_code ra_value_eval(const struct ra_value *v, const struct ra_value_ctx *ctx,
                      struct ra_buf *out)
{
  (void)v; (void)ctx; (void)out;
  return RA_E_UNSUPPORTED;
}

ra_code ra_value_eval_json(const struct ra_value *v,
                           const struct ra_value_ctx *ctx,
                           ra_json_escape escape, struct ra_buf *out)
{
  (void)v; (void)ctx; (void)escape; (void)out;
  return RA_E_UNSUPPORTED;
}

int ra_value_has_uescape(const struct ra_value *v)
{
  (void)v;
  return 0;
}

int ra_value_has_ref(const struct ra_value *v, const char *name)
{
  (void)v; (void)name;
  return 0;
}

ra_code ra_value_describe(struct ra_buf *out, const struct ra_value *v)
{
  (void)out; (void)v;
  return RA_E_UNSUPPORTED;
}

long long ra_value_static_len(const struct ra_value *v)
{
  (void)v;
  return -1;
}
