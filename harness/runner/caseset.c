/* The catalogue (stub while being written). */
#include "runner/caseset.h"

#include <string.h>

void ra_caseset_init(struct ra_caseset *set)
{
  memset(set, 0, sizeof(*set));
}

void ra_caseset_free(struct ra_caseset *set)
{
  (void)set;
}

ra_code ra_caseset_load_dir(struct ra_caseset *set, const char *dir,
                            struct ra_error *err)
{
  (void)set;
  return ra_error_set(err, RA_E_UNSUPPORTED, dir, 0, 0, "not implemented");
}

ra_code ra_caseset_add(struct ra_caseset *set, struct ra_case *c,
                       struct ra_error *err)
{
  (void)set; (void)c; (void)err;
  return RA_E_UNSUPPORTED;
}

const struct ra_case *ra_caseset_find(const struct ra_caseset *set,
                                      const char *id)
{
  (void)set; (void)id;
  return NULL;
}

void ra_selection_init(struct ra_selection *sel)
{
  memset(sel, 0, sizeof(*sel));
}

void ra_selection_free(struct ra_selection *sel)
{
  (void)sel;
}

ra_code ra_selection_add(struct ra_selection *sel, int skip,
                         const char *pattern, struct ra_error *err)
{
  (void)sel; (void)skip; (void)pattern; (void)err;
  return RA_E_UNSUPPORTED;
}

int ra_selection_match(const struct ra_selection *sel, const struct ra_case *c)
{
  (void)sel; (void)c;
  return 1;
}

int ra_case_skip_reason(const struct ra_case *c, ra_profile p,
                        const struct ra_target *t, struct ra_buf *reason)
{
  (void)c; (void)p; (void)t; (void)reason;
  return 0;
}
