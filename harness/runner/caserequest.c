/* The 'request' object of a case file (docs/cases.md "Request"): operation,
 * signer, params and extra params (values parsed by runner/value), the
 * legacy and json transport options, the auth mutation, setup requests and
 * repetition. Errors at exact file:line:column through core/jsonpos. */
#include <string.h>

#include "runner/casefile_int.h"
#include "runner/value.h"

static const char *const signer_names[] = {"owner", "other", "unknown", NULL};
static const char *const method_names[] = {"GET", "POST", NULL};
static const char *const signature_names[] = {"mturk", "sigv1", NULL};
static const char *const timestamp_format_names[] = {"seconds", "millis",
                                                     "offset", NULL};
static const char *const escape_names[] = {"ascii", "utf8", NULL};

static const struct {
  const char *name;
  unsigned profiles;
  int takes_value;
} mutations[] = {
  {"none", LEG | JSN, 0},
  {"omit-signature", LEG | JSN, 0},
  {"garble-signature", LEG | JSN, 0},
  {"wrong-secret", LEG | JSN, 0},
  {"time-offset", LEG | JSN, 0},
  {"tamper-param", LEG, 1},
  {"sigv1-case-sensitive-sort", LEG, 0},
  {"wrong-region", JSN, 1},
  {"wrong-service", JSN, 1},
  {"wrong-scope-date", JSN, 0},
  {"tamper-signed-header", JSN, 1},
  {"add-unsigned-header", JSN, 1},
  {"content-sha256-mismatch", JSN, 0},
  {"tamper-body", JSN, 0},
  {"truncate-signature", LEG | JSN, 0},
  {"swap-case-signature", LEG, 0},
  {"omit-amz-date", JSN, 0},
};
#define NMUTATIONS (sizeof(mutations) / sizeof(mutations[0]))

const char *ra_auth_mutation_name(ra_auth_mutation m)
{
  return (unsigned)m < NMUTATIONS ? mutations[m].name : "?";
}

static int has_fixture(const struct cp *p)
{
  return p->c->needs.fixture != RA_FIXTURE_NONE;
}

static ra_code get_opt_str(struct cp *p, json_t *obj, const char *key,
                           int null_ok, struct ra_opt_str *out)
{
  json_t *j = json_object_get(obj, key);
  memset(out, 0, sizeof(*out));
  if(!j)
    return RA_OK;
  out->set = 1;
  if(json_is_null(j) && null_ok) {
    out->is_null = 1;
    return RA_OK;
  }
  if(!json_is_string(j))
    return fail_val(p, key, null_ok ? "'%s' must be a string or null, not %s"
                                    : "'%s' must be a string, not %s",
                    key, json_kind(j));
  out->value = ra_memdup0(json_string_value(j), json_string_length(j));
  return RA_OK;
}

static void free_opt(struct ra_opt_str *o)
{
  ra_free(o->value);
}

static ra_code parse_legacy(struct cp *p, json_t *j, struct ra_case_legacy *l)
{
  static const char *const keys[] = {"method", "signature", "version",
                                     "service", "operation", "content_type",
                                     "raw_query", "raw_body",
                                     "timestamp_format", NULL};
  ra_code result;
  int method = 0, sig = 0, tsf = 0;
  result = need_object(p, j, "'legacy'");
  if(!result)
    result = check_members(p, j, keys, "legacy");
  if(!result)
    result = get_enum(p, j, "method", 0, "legacy", method_names, &method);
  if(!result)
    result = get_enum(p, j, "signature", 0, "legacy", signature_names, &sig);
  if(!result)
    result = get_enum(p, j, "timestamp_format", 0, "legacy",
                      timestamp_format_names, &tsf);
  if(!result)
    result = get_opt_str(p, j, "version", 1, &l->version);
  if(!result)
    result = get_opt_str(p, j, "service", 1, &l->service);
  if(!result)
    result = get_opt_str(p, j, "operation", 1, &l->operation);
  if(!result)
    result = get_opt_str(p, j, "content_type", 0, &l->content_type);
  if(!result)
    result = get_opt_str(p, j, "raw_query", 0, &l->raw_query);
  if(!result)
    result = get_opt_str(p, j, "raw_body", 0, &l->raw_body);
  if(result)
    return result;
  l->use_post = method == 1;
  l->signature = sig ? RA_LEGACY_SIG_V1 : RA_LEGACY_SIG_MTURK;
  l->timestamp_format = (ra_legacy_ts)tsf;
  if(l->raw_body.set && !l->use_post)
    return fail_key(p, "raw_body", "'raw_body' needs \"method\": \"POST\"");
  /* raw_query with POST is the query string of a POST whose form body is
   * built from params (MTurkR sends Service in the URL, notes §1.1). */
  if(l->raw_query.set && l->use_post && l->raw_body.set)
    return fail_key(p, "raw_query", "'raw_query' with \"method\": \"POST\" "
                    "needs the body built from params (no 'raw_body')");
  if(l->content_type.set && !l->use_post)
    return fail_key(p, "content_type",
                    "'content_type' needs \"method\": \"POST\"");
  return RA_OK;
}

static ra_code parse_json_opts(struct cp *p, json_t *j, struct ra_case_json *o)
{
  static const char *const keys[] = {"escape", "target", "content_type",
                                     "raw_body", "signed_headers",
                                     "content_sha256", "method", "pad_to",
                                     NULL};
  ra_code result;
  int esc = 0;
  result = need_object(p, j, "'json'");
  if(!result)
    result = check_members(p, j, keys, "json");
  if(!result)
    result = get_enum(p, j, "escape", 0, "json", escape_names, &esc);
  if(!result)
    result = get_opt_str(p, j, "target", 1, &o->target);
  if(!result)
    result = get_opt_str(p, j, "content_type", 1, &o->content_type);
  if(!result)
    result = get_opt_str(p, j, "raw_body", 0, &o->raw_body);
  if(!result)
    result = get_opt_str(p, j, "signed_headers", 0, &o->signed_headers);
  if(!result)
    result = get_opt_str(p, j, "method", 0, &o->method);
  if(!result)
    result = get_bool(p, j, "content_sha256", &o->content_sha256);
  if(!result)
    result = get_int(p, j, "pad_to", 1, 64L * 1024 * 1024, &o->pad_to, NULL);
  if(result)
    return result;
  o->escape = esc ? RA_JSON_ESCAPE_UTF8 : RA_JSON_ESCAPE_ASCII;
  if(o->method.set && !o->method.value[0])
    return fail_val(p, "method", "'method' must not be empty");
  return RA_OK;
}

static ra_code parse_auth(struct cp *p, json_t *j, struct ra_case_auth *a)
{
  static const char *const keys[] = {"mutation", "seconds", "value", NULL};
  const char *names[NMUTATIONS + 1];
  ra_code result;
  int m = 0, has_seconds = 0;
  size_t i;
  for(i = 0; i < NMUTATIONS; i++)
    names[i] = mutations[i].name;
  names[NMUTATIONS] = NULL;
  result = need_object(p, j, "'auth'");
  if(!result)
    result = check_members(p, j, keys, "auth");
  if(!result)
    result = get_enum(p, j, "mutation", 1, "auth", names, &m);
  if(!result)
    result = get_int(p, j, "seconds", -10L * 365 * 86400, 10L * 365 * 86400,
                     &a->seconds, &has_seconds);
  if(!result)
    result = get_str(p, j, "value", 0, "auth", &a->value);
  if(result)
    return result;
  a->mutation = (ra_auth_mutation)m;
  if(a->mutation == RA_AUTH_TIME_OFFSET && !has_seconds)
    return fail(p, "missing required field 'seconds' in auth (mutation "
                "'time-offset')");
  if(a->mutation != RA_AUTH_TIME_OFFSET && has_seconds)
    return fail_key(p, "seconds", "'seconds' applies only to mutation "
                    "'time-offset'");
  if(a->value && !mutations[m].takes_value)
    return fail_key(p, "value", "mutation '%s' takes no 'value'",
                    mutations[m].name);
  if((mutations[m].profiles & p->c->profiles) != p->c->profiles) {
    ra_jsonpos_push_key(&p->doc.path, "mutation");
    result = fail(p, "mutation '%s' applies to %s only, but the case also "
                  "runs %s", mutations[m].name,
                  mutations[m].profiles & LEG ? "legacy-2014" : "json-2017",
                  mutations[m].profiles & LEG ? "json-2017" : "legacy-2014");
    ra_jsonpos_pop(&p->doc.path);
  }
  return result;
}

static ra_code parse_params(struct cp *p, json_t *j, struct ra_case_request *r)
{
  const char *key;
  json_t *val;
  ra_code result = RA_OK;
  if(!json_is_object(j))
    return fail(p, "'params' must be an object (name -> value), not %s",
                json_kind(j));
  r->params = ra_calloc(json_object_size(j) + 1, sizeof(*r->params));
  json_object_foreach(j, key, val) {
    struct ra_case_param *prm = &r->params[r->nparams];
    if(!key[0])
      return fail_key(p, key, "a parameter name must not be empty");
    ra_jsonpos_push_key(&p->doc.path, key);
    result = ra_value_parse(&p->doc, val, has_fixture(p), &prm->value);
    ra_jsonpos_pop(&p->doc.path);
    if(result)
      return result;
    prm->name = ra_strdup(key);
    r->nparams++;
  }
  return RA_OK;
}

static ra_code parse_extra(struct cp *p, json_t *j, struct ra_case_request *r)
{
  ra_code result = RA_OK;
  size_t i;
  if(!json_is_array(j))
    return fail(p, "'extra_params' must be a list of [name, value] pairs");
  r->extra_params = ra_calloc(json_array_size(j) + 1, sizeof(*r->extra_params));
  for(i = 0; i < json_array_size(j) && !result; i++) {
    json_t *pair = json_array_get(j, i);
    struct ra_case_param *prm = &r->extra_params[r->nextra];
    ra_jsonpos_push_index(&p->doc.path, i);
    if(!json_is_array(pair) || json_array_size(pair) != 2 ||
       !json_is_string(json_array_get(pair, 0)) ||
       !json_string_length(json_array_get(pair, 0)))
      result = fail(p, "an extra parameter must be a [name, value] pair "
                    "with a non-empty name");
    if(!result) {
      ra_jsonpos_push_index(&p->doc.path, 1);
      result = ra_value_parse(&p->doc, json_array_get(pair, 1),
                              has_fixture(p), &prm->value);
      ra_jsonpos_pop(&p->doc.path);
    }
    ra_jsonpos_pop(&p->doc.path);
    if(!result) {
      prm->name = ra_strdup(json_string_value(json_array_get(pair, 0)));
      r->nextra++;
    }
  }
  return result;
}

ra_code ra_case_request_parse(struct cp *p, json_t *j,
                              struct ra_case_request *r, int is_setup)
{
  static const char *const keys[] = {"operation", "signer", "params",
                                     "extra_params", "legacy", "json", "auth",
                                     "setup", "repeat", "concurrent", NULL};
  static const char *const setup_keys[] = {"operation", "signer", "params",
                                           "extra_params", "legacy", "json",
                                           "auth", NULL};
  const char *where = is_setup ? "a setup request" : "request";
  ra_code result;
  int signer = 0;
  long n = 0;
  int set = 0;
  json_t *sub;

  r->operation = NULL;
  result = need_object(p, j, is_setup ? "a setup request" : "'request'");
  if(!result)
    result = check_members(p, j, is_setup ? setup_keys : keys, where);
  if(!result)
    result = get_str(p, j, "operation", 0, where, &r->operation);
  if(!result && r->operation && !r->operation[0])
    result = fail_val(p, "operation", "'operation' must not be empty");
  if(!result)
    result = get_enum(p, j, "signer", 0, where, signer_names, &signer);
  if(result)
    return result;
  if(!r->operation)
    r->operation = ra_strdup("RejectAssignment");
  r->signer = (ra_requester)signer;
  if(r->signer != RA_REQUESTER_UNKNOWN)
    p->c->needs.requesters |= RA_REQUESTER_BIT(r->signer);

  sub = json_object_get(j, "params");
  if(sub) {
    ra_jsonpos_push_key(&p->doc.path, "params");
    result = parse_params(p, sub, r);
    ra_jsonpos_pop(&p->doc.path);
  }
  sub = json_object_get(j, "extra_params");
  if(!result && sub) {
    ra_jsonpos_push_key(&p->doc.path, "extra_params");
    result = parse_extra(p, sub, r);
    ra_jsonpos_pop(&p->doc.path);
  }
  sub = json_object_get(j, "legacy");
  if(!result && sub) {
    if(!(p->c->profiles & LEG))
      return fail_key(p, "legacy", "'legacy' options given but the case does "
                      "not run legacy-2014");
    r->has_legacy = 1;
    ra_jsonpos_push_key(&p->doc.path, "legacy");
    result = parse_legacy(p, sub, &r->legacy);
    ra_jsonpos_pop(&p->doc.path);
  }
  sub = json_object_get(j, "json");
  if(!result && sub) {
    if(!(p->c->profiles & JSN))
      return fail_key(p, "json", "'json' options given but the case does "
                      "not run json-2017");
    r->has_json = 1;
    ra_jsonpos_push_key(&p->doc.path, "json");
    result = parse_json_opts(p, sub, &r->json);
    ra_jsonpos_pop(&p->doc.path);
  }
  sub = json_object_get(j, "auth");
  if(!result && sub) {
    ra_jsonpos_push_key(&p->doc.path, "auth");
    result = parse_auth(p, sub, &r->auth);
    ra_jsonpos_pop(&p->doc.path);
  }
  if(!result)
    result = get_int(p, j, "repeat", 2, 1000, &n, &set);
  if(!result && set)
    r->repeat = (unsigned)n;
  if(!result)
    result = get_int(p, j, "concurrent", 2, 1000, &n, &set);
  if(!result && set)
    r->concurrent = (unsigned)n;
  if(!result && r->repeat && r->concurrent)
    result = fail_key(p, "concurrent", "'repeat' and 'concurrent' cannot be "
                      "combined");
  sub = json_object_get(j, "setup");
  if(!result && sub) {
    size_t i;
    ra_jsonpos_push_key(&p->doc.path, "setup");
    if(!json_is_array(sub) || !json_array_size(sub))
      result = fail(p, "'setup' must be a non-empty list of requests");
    else
      r->setup = ra_calloc(json_array_size(sub), sizeof(*r->setup));
    for(i = 0; !result && i < json_array_size(sub); i++) {
      ra_jsonpos_push_index(&p->doc.path, i);
      r->nsetup++;
      result = ra_case_request_parse(p, json_array_get(sub, i), &r->setup[i], 1);
      ra_jsonpos_pop(&p->doc.path);
    }
    ra_jsonpos_pop(&p->doc.path);
  }
  return result;
}

void ra_case_request_free(struct ra_case_request *r)
{
  size_t i;
  ra_free(r->operation);
  for(i = 0; i < r->nparams; i++) {
    ra_free(r->params[i].name);
    ra_value_free(r->params[i].value);
  }
  ra_free(r->params);
  for(i = 0; i < r->nextra; i++) {
    ra_free(r->extra_params[i].name);
    ra_value_free(r->extra_params[i].value);
  }
  ra_free(r->extra_params);
  free_opt(&r->legacy.version);
  free_opt(&r->legacy.service);
  free_opt(&r->legacy.operation);
  free_opt(&r->legacy.content_type);
  free_opt(&r->legacy.raw_query);
  free_opt(&r->legacy.raw_body);
  free_opt(&r->json.target);
  free_opt(&r->json.content_type);
  free_opt(&r->json.raw_body);
  free_opt(&r->json.signed_headers);
  free_opt(&r->json.method);
  ra_free(r->auth.value);
  for(i = 0; i < r->nsetup; i++)
    ra_case_request_free(&r->setup[i]);
  ra_free(r->setup);
}
