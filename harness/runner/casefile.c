/* Case files (stub while being written). */
#include "runner/casefile.h"

#include <stdlib.h>

ra_code ra_case_load(struct ra_case **out, const char *path,
                     struct ra_error *err)
{
  *out = NULL;
  return ra_error_set(err, RA_E_UNSUPPORTED, path, 0, 0, "not implemented");
}

ra_code ra_case_parse(struct ra_case **out, const char *text, size_t len,
                      const char *source, struct ra_error *err)
{
  (void)text; (void)len;
  *out = NULL;
  return ra_error_set(err, RA_E_UNSUPPORTED, source, 0, 0, "not implemented");
}

void ra_case_free(struct ra_case *c)
{
  free(c);
}

ra_code ra_case_describe_expect(struct ra_buf *out, const struct ra_case *c,
                                ra_profile p)
{
  (void)out; (void)c; (void)p;
  return RA_E_UNSUPPORTED;
}

ra_code ra_case_describe_request(struct ra_buf *out, const struct ra_case *c,
                                 ra_profile p)
{
  (void)out; (void)c; (void)p;
  return RA_E_UNSUPPORTED;
}

ra_code ra_case_describe_source(struct ra_buf *out, const struct ra_case *c)
{
  (void)out; (void)c;
  return RA_E_UNSUPPORTED;
}

int ra_case_uses_uescape(const struct ra_case *c)
{
  (void)c;
  return 0;
}

const char *ra_level_name(ra_level l) { (void)l; return ""; }
const char *ra_source_kind_name(ra_source_kind k) { (void)k; return ""; }
const char *ra_outcome_kind_name(ra_outcome_kind k) { (void)k; return ""; }
const char *ra_envelope_name(ra_envelope e) { (void)e; return ""; }
const char *ra_auth_mutation_name(ra_auth_mutation m) { (void)m; return ""; }
unsigned ra_auth_mutation_profiles(ra_auth_mutation m) { (void)m; return 0; }
