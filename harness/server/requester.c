/* Requesters file loader. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/alloc.h"
#include "server/requester.h"

void ra_requester_pair_free(struct ra_requester_pair *p)
{
  ra_free(p->owner.access_key_id);
  ra_free(p->owner.secret);
  ra_free(p->other.access_key_id);
  ra_free(p->other.secret);
  memset(p, 0, sizeof(*p));
}

static ra_code load_role(struct ra_requester *r, json_t *obj,
                         const char *role, const char *path,
                         struct ra_error *err)
{
  json_t *jid, *jsec;
  const char *secret;
  if(!obj)
    return RA_OK;
  jid = json_object_get(obj, "access_key_id");
  jsec = json_object_get(obj, "secret_access_key");
  if(!json_is_object(obj) || !json_is_string(jid) || !json_is_string(jsec) ||
     !json_string_length(jid))
    return ra_error_set(err, RA_E_CONFIG, path, 0, 0,
                        "requester '%s' needs string 'access_key_id' and "
                        "'secret_access_key'", role);
  secret = json_string_value(jsec);
  if(!strncmp(secret, "$env:", 5)) {
    const char *val = getenv(secret + 5);
    if(!val)
      return ra_error_set(err, RA_E_CONFIG, path, 0, 0,
                          "environment variable '%s' is not set", secret + 5);
    secret = val;
  }
  ra_free(r->access_key_id);
  ra_free(r->secret);
  r->access_key_id = ra_strdup(json_string_value(jid));
  r->secret = ra_strdup(secret);
  return RA_OK;
}

ra_code ra_requester_pair_load(struct ra_requester_pair *p, const char *path,
                               struct ra_error *err)
{
  json_error_t jerr;
  json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
  json_t *set;
  ra_code result;
  if(!root)
    return ra_error_set(err, RA_E_CONFIG, path, jerr.line, jerr.column,
                        "%s", jerr.text);
  set = json_object_get(root, "requesters");
  if(!set)
    set = root;
  if(!json_is_object(set)) {
    result = ra_error_set(err, RA_E_CONFIG, path, 0, 0,
                          "expected a JSON object of requesters");
    goto done;
  }
  result = load_role(&p->owner, json_object_get(set, "owner"), "owner", path,
                     err);
  if(!result)
    result = load_role(&p->other, json_object_get(set, "other"), "other",
                       path, err);
done:
  json_decref(root);
  return result;
}
