/* Target files (stub while being written). */
#include "runner/target.h"

#include <stdlib.h>

ra_code ra_target_load(struct ra_target **out, const char *path,
                       struct ra_error *err)
{
  *out = NULL;
  return ra_error_set(err, RA_E_UNSUPPORTED, path, 0, 0, "not implemented");
}

ra_code ra_target_parse(struct ra_target **out, const char *text, size_t len,
                        const char *source, struct ra_error *err)
{
  (void)text; (void)len;
  *out = NULL;
  return ra_error_set(err, RA_E_UNSUPPORTED, source, 0, 0, "not implemented");
}

void ra_target_free(struct ra_target *t)
{
  free(t);
}

ra_code ra_target_classify_endpoint(const char *url, ra_endpoint_class *out,
                                    char **host_out)
{
  (void)url;
  *out = RA_ENDPOINT_REMOTE;
  if(host_out)
    *host_out = NULL;
  return RA_E_UNSUPPORTED;
}

const char *ra_endpoint_class_name(ra_endpoint_class c)
{
  (void)c;
  return "remote";
}

ra_code ra_target_check_production(const struct ra_target *t, int allow,
                                   struct ra_error *err)
{
  (void)t; (void)allow; (void)err;
  return RA_OK;
}

int ra_target_can_observe(const struct ra_target *t)
{
  return !t || t->provider == RA_PROVIDER_CONTROL;
}

const char *ra_fixture_state_name(ra_fixture_state s)
{
  (void)s;
  return "";
}

const char *ra_requester_name(ra_requester r)
{
  (void)r;
  return "";
}

const char *ra_length_unit_name(ra_length_unit u)
{
  (void)u;
  return "";
}

const char *ra_target_profile_name(ra_profile p)
{
  return p == RA_PROFILE_JSON ? "json-2017" : "legacy-2014";
}
