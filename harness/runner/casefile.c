/* Case files (docs/cases.md): jansson parses, then every field is checked
 * against the format. jansson values carry no positions, so each check that
 * fails locates the offending key or value in the raw text (jsonpos) to say
 * exactly file:line:column. */
#include "runner/casefile.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "proto/utf8.h"
#include "core/file.h"
#include "runner/jsonpos.h"

#define CASE_FILE_MAX (4 * 1024 * 1024)

/* The parse state: the raw text (for positions) and the JSON path of the
 * node being checked. */
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

/* ---- names ---------------------------------------------------------- */

static const char *const level_names[] = {"MUST", "SHOULD", "MAY", NULL};
static const char *const source_names[] = {"doc", "observed", "inferred", NULL};
static const char *const outcome_names[] = {"success", "error", "any", NULL};
static const char *const grade_names[] = {"OK", "NON-STRICT", "INFORMATIONAL",
                                          NULL};
static const ra_grade grade_values[] = {RA_GRADE_OK, RA_GRADE_NON_STRICT,
                                        RA_GRADE_INFORMATIONAL};
static const char *const envelope_names[] = {"", "result", "operation",
                                             "front-door", NULL};
static const char *const fixture_names[] = {"", "Submitted", "Approved",
                                            "Rejected", NULL};
static const char *const signer_names[] = {"owner", "other", "unknown", NULL};
static const char *const owner_names[] = {"owner", "other", NULL};
static const char *const area_names[] = {"assignment-id", "feedback", "state",
                                         "requester", "auth", "protocol",
                                         NULL};
static const char *const profile_names[] = {"legacy-2014", "json-2017", NULL};
static const char *const unit_names[] = {"codepoint", "utf16", "bytes", NULL};
static const char *const method_names[] = {"GET", "POST", NULL};
static const char *const signature_names[] = {"mturk", "sigv1", NULL};
static const char *const timestamp_format_names[] = {"seconds", "millis",
                                                     "offset", NULL};
static const char *const escape_names[] = {"ascii", "utf8", NULL};

#define LEG RA_PROFILE_BIT(RA_PROFILE_LEGACY)
#define JSN RA_PROFILE_BIT(RA_PROFILE_JSON)

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

const char *ra_level_name(ra_level l)
{
  return (unsigned)l < 3 ? level_names[l] : "?";
}

const char *ra_source_kind_name(ra_source_kind k)
{
  return (unsigned)k < 3 ? source_names[k] : "?";
}

const char *ra_outcome_kind_name(ra_outcome_kind k)
{
  return (unsigned)k < 3 ? outcome_names[k] : "?";
}

const char *ra_case_envelope_name(ra_case_envelope e)
{
  return (unsigned)e < 4 ? envelope_names[e] : "?";
}

const char *ra_auth_mutation_name(ra_auth_mutation m)
{
  return (unsigned)m < NMUTATIONS ? mutations[m].name : "?";
}

/* "a, b or c" for messages (empty names, placeholders for "none", are
 * left out). */
static void join_names(char *out, size_t outlen, const char *const *names)
{
  const char *shown[16];
  size_t i, n = 0, used = 0;
  out[0] = '\0';
  for(i = 0; names[i] && n < 16; i++) {
    if(names[i][0])
      shown[n++] = names[i];
  }
  for(i = 0; i < n; i++) {
    const char *sep = i == 0 ? "" : (i + 1 == n ? " or " : ", ");
    used += (size_t)snprintf(out + used, used < outlen ? outlen - used : 0,
                             "%s%s", sep, shown[i]);
    if(used >= outlen)
      return;
  }
}

static int name_index(const char *const *names, const char *s)
{
  int i;
  for(i = 0; names[i]; i++) {
    if(names[i][0] && !strcmp(names[i], s))
      return i;
  }
  return -1;
}

/* ---- generic member checks ------------------------------------------ */

static const char *json_kind(const json_t *j)
{
  switch(json_typeof(j)) {
  case JSON_OBJECT: return "an object";
  case JSON_ARRAY: return "an array";
  case JSON_STRING: return "a string";
  case JSON_INTEGER: return "an integer";
  case JSON_REAL: return "a number";
  case JSON_TRUE:
  case JSON_FALSE: return "a boolean";
  case JSON_NULL: return "null";
  }
  return "a value";
}

/* Every member of obj must be one of allowed (NULL-terminated). */
static ra_code check_members(struct cp *p, json_t *obj,
                             const char *const *allowed, const char *where)
{
  const char *key;
  json_t *val;
  json_object_foreach(obj, key, val) {
    if(name_index(allowed, key) < 0)
      return fail_key(p, key, "unknown field '%s' in %s", key, where);
  }
  return RA_OK;
}

static ra_code need_object(struct cp *p, json_t *j, const char *what)
{
  if(!json_is_object(j))
    return fail(p, "%s must be an object, not %s", what, json_kind(j));
  return RA_OK;
}

/* A string member without NUL bytes. required: missing is an error at the
 * enclosing object. *out NULL when absent. */
static ra_code get_str(struct cp *p, json_t *obj, const char *key,
                       int required, const char *where, char **out)
{
  json_t *j = json_object_get(obj, key);
  *out = NULL;
  if(!j) {
    if(required)
      return fail(p, "missing required field '%s' in %s", key, where);
    return RA_OK;
  }
  if(!json_is_string(j))
    return fail_val(p, key, "'%s' must be a string, not %s", key,
                    json_kind(j));
  if(strlen(json_string_value(j)) != json_string_length(j))
    return fail_val(p, key, "'%s' must not contain NUL characters", key);
  *out = ra_strdup(json_string_value(j));
  return RA_OK;
}

static ra_code get_enum(struct cp *p, json_t *obj, const char *key,
                        int required, const char *where,
                        const char *const *names, int *out)
{
  json_t *j = json_object_get(obj, key);
  char list[300];
  int idx;
  if(!j) {
    if(required)
      return fail(p, "missing required field '%s' in %s", key, where);
    return RA_OK;
  }
  join_names(list, sizeof(list), names);
  if(!json_is_string(j))
    return fail_val(p, key, "'%s' must be a string (%s), not %s", key, list,
                    json_kind(j));
  idx = name_index(names, json_string_value(j));
  if(idx < 0)
    return fail_val(p, key, "'%s' must be %s, not '%s'", key, list,
                    json_string_value(j));
  *out = idx;
  return RA_OK;
}

static ra_code get_bool(struct cp *p, json_t *obj, const char *key, int *out)
{
  json_t *j = json_object_get(obj, key);
  if(!j)
    return RA_OK;
  if(!json_is_boolean(j))
    return fail_val(p, key, "'%s' must be true or false, not %s", key,
                    json_kind(j));
  *out = json_is_true(j);
  return RA_OK;
}

static ra_code get_int(struct cp *p, json_t *obj, const char *key,
                       json_int_t min, json_int_t max, long *out, int *set)
{
  json_t *j = json_object_get(obj, key);
  if(set)
    *set = 0;
  if(!j)
    return RA_OK;
  if(!json_is_integer(j))
    return fail_val(p, key, "'%s' must be an integer, not %s", key,
                    json_kind(j));
  if(json_integer_value(j) < min || json_integer_value(j) > max)
    return fail_val(p, key, "'%s' must be between %lld and %lld, not %lld",
                    key, (long long)min, (long long)max,
                    (long long)json_integer_value(j));
  *out = (long)json_integer_value(j);
  if(set)
    *set = 1;
  return RA_OK;
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

/* A string or a non-empty list of strings. */
static ra_code get_str_list(struct cp *p, json_t *obj, const char *key,
                            char ***out, size_t *n)
{
  json_t *j = json_object_get(obj, key);
  size_t i;
  *out = NULL;
  *n = 0;
  if(!j)
    return RA_OK;
  if(json_is_string(j)) {
    *out = ra_calloc(1, sizeof(char *));
    (*out)[0] = ra_strdup(json_string_value(j));
    *n = 1;
    return RA_OK;
  }
  if(!json_is_array(j) || !json_array_size(j))
    return fail_val(p, key, "'%s' must be a string or a non-empty list of "
                    "strings", key);
  *out = ra_calloc(json_array_size(j), sizeof(char *));
  for(i = 0; i < json_array_size(j); i++) {
    json_t *e = json_array_get(j, i);
    if(!json_is_string(e)) {
      ra_code result;
      ra_jsonpos_push_key(&p->doc.path, key);
      ra_jsonpos_push_index(&p->doc.path, i);
      result = fail(p, "'%s' entries must be strings, not %s", key,
                    json_kind(e));
      ra_jsonpos_pop(&p->doc.path);
      ra_jsonpos_pop(&p->doc.path);
      return result;
    }
    (*out)[i] = ra_strdup(json_string_value(e));
    (*n)++;
  }
  return RA_OK;
}

/* ---- values --------------------------------------------------------- */

static int is_hex(int c)
{
  return isxdigit((unsigned char)c);
}

/* uescape text must be valid inside a JSON string: no raw '"' or control
 * characters, only JSON escapes. */
static const char *check_uescape(const char *s, size_t len)
{
  size_t i;
  for(i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if(c == '"')
      return "an unescaped '\"'";
    if(c < 0x20)
      return "a raw control character";
    if(c == '\\') {
      if(i + 1 >= len)
        return "a '\\' at the end";
      c = (unsigned char)s[++i];
      if(c == 'u') {
        if(i + 4 >= len + 0 || !is_hex(s[i + 1]) || !is_hex(s[i + 2]) ||
           !is_hex(s[i + 3]) || !is_hex(s[i + 4]))
          return "a '\\u' without four hex digits";
        i += 4;
      }
      else if(!strchr("\"\\/bfnrt", c))
        return "an escape JSON does not have";
    }
  }
  return NULL;
}

static ra_code parse_value(struct cp *p, json_t *j, struct ra_value **out);

static ra_code parse_value_at_key(struct cp *p, json_t *obj, const char *key,
                                  struct ra_value **out)
{
  ra_code result;
  ra_jsonpos_push_key(&p->doc.path, key);
  result = parse_value(p, json_object_get(obj, key), out);
  ra_jsonpos_pop(&p->doc.path);
  return result;
}

static ra_code parse_value(struct cp *p, json_t *j, struct ra_value **out)
{
  static const char *const generators[] = {"repeat", "hex", "concat", "ref",
                                           "lower", "uescape", "chop",
                                           NULL};
  static const char *const repeat_keys[] = {"repeat", "count", NULL};
  ra_code result = RA_OK;
  struct ra_value *v = NULL;
  const char *key, *gen = NULL;
  json_t *val;
  size_t i;
  char list[200];

  *out = NULL;
  if(json_is_string(j)) {
    v = ra_value_new(RA_VALUE_STRING);
    v->text = ra_memdup0(json_string_value(j), json_string_length(j));
    v->text_len = json_string_length(j);
    *out = v;
    return RA_OK;
  }
  join_names(list, sizeof(list), generators);
  if(!json_is_object(j))
    return fail(p, "a value must be a string or a generator object (%s), "
                "not %s", list, json_kind(j));
  json_object_foreach(j, key, val) {
    if(name_index(generators, key) >= 0) {
      if(gen)
        return fail_key(p, key, "a generator has one of %s, not both '%s' "
                        "and '%s'", list, gen, key);
      gen = key;
    }
  }
  if(!gen)
    return fail(p, "a generator object needs one of %s", list);
  if(!strcmp(gen, "repeat")) {
    long count = 0;
    int set;
    result = check_members(p, j, repeat_keys, "a repeat generator");
    if(!result && !json_object_get(j, "count"))
      result = fail(p, "missing required field 'count' in a repeat generator");
    if(!result)
      result = get_int(p, j, "count", 0, (json_int_t)RA_VALUE_MAX_COUNT,
                       &count, &set);
    if(result)
      return result;
    v = ra_value_new(RA_VALUE_REPEAT);
    v->count = (unsigned long)count;
    result = parse_value_at_key(p, j, "repeat", &v->inner);
    goto done;
  }
  /* The other generators have exactly one member. */
  json_object_foreach(j, key, val) {
    if(strcmp(key, gen))
      return fail_key(p, key, "unknown field '%s' in a %s generator", key,
                      gen);
  }
  val = json_object_get(j, gen);
  if(!strcmp(gen, "hex")) {
    const char *h;
    size_t n;
    if(!json_is_string(val))
      return fail_val(p, gen, "'hex' must be a string of hex digits");
    h = json_string_value(val);
    n = json_string_length(val);
    if(n % 2)
      return fail_val(p, gen, "'hex' must have an even number of digits");
    for(i = 0; i < n; i++) {
      if(!is_hex(h[i]))
        return fail_val(p, gen, "'hex' must hold only hex digits, not '%c'",
                        h[i]);
    }
    v = ra_value_new(RA_VALUE_HEX);
    v->text = ra_malloc(n / 2 + 1);
    for(i = 0; i < n / 2; i++) {
      char byte[3] = {h[2 * i], h[2 * i + 1], 0};
      v->text[i] = (char)strtoul(byte, NULL, 16);
    }
    v->text[n / 2] = '\0';
    v->text_len = n / 2;
  }
  else if(!strcmp(gen, "ref")) {
    if(!json_is_string(val))
      return fail_val(p, gen, "'ref' must be a string");
    if(strcmp(json_string_value(val), "assignment"))
      return fail_val(p, gen, "unknown ref '%s' (known: assignment)",
                      json_string_value(val));
    if(p->c->needs.fixture == RA_FIXTURE_NONE)
      return fail(p, "{\"ref\": \"assignment\"} needs a fixture "
                  "('needs.fixture')");
    v = ra_value_new(RA_VALUE_REF);
    v->text = ra_strdup(json_string_value(val));
  }
  else if(!strcmp(gen, "uescape")) {
    const char *why;
    if(!json_is_string(val))
      return fail_val(p, gen, "'uescape' must be a string");
    why = check_uescape(json_string_value(val), json_string_length(val));
    if(why)
      return fail_val(p, gen, "'uescape' text is not valid inside a JSON "
                      "string: it has %s", why);
    v = ra_value_new(RA_VALUE_UESCAPE);
    v->text = ra_memdup0(json_string_value(val), json_string_length(val));
    v->text_len = json_string_length(val);
  }
  else if(!strcmp(gen, "lower")) {
    v = ra_value_new(RA_VALUE_LOWER);
    result = parse_value_at_key(p, j, gen, &v->inner);
  }
  else if(!strcmp(gen, "chop")) {
    v = ra_value_new(RA_VALUE_CHOP);
    result = parse_value_at_key(p, j, gen, &v->inner);
  }
  else { /* concat */
    if(!json_is_array(val))
      return fail_val(p, gen, "'concat' must be a list of values");
    v = ra_value_new(RA_VALUE_CONCAT);
    v->items = ra_calloc(json_array_size(val) + 1, sizeof(*v->items));
    ra_jsonpos_push_key(&p->doc.path, gen);
    for(i = 0; i < json_array_size(val) && !result; i++) {
      ra_jsonpos_push_index(&p->doc.path, i);
      result = parse_value(p, json_array_get(val, i), &v->items[i]);
      ra_jsonpos_pop(&p->doc.path);
      if(!result)
        v->nitems++;
    }
    ra_jsonpos_pop(&p->doc.path);
  }
done:
  if(result) {
    ra_value_free(v);
    return result;
  }
  *out = v;
  return RA_OK;
}

/* ---- request -------------------------------------------------------- */

static void free_request(struct ra_case_request *r);

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
    result = parse_value(p, val, &prm->value);
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
      result = parse_value(p, json_array_get(pair, 1), &prm->value);
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

static ra_code parse_request(struct cp *p, json_t *j, struct ra_case_request *r,
                             int is_setup)
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
      result = parse_request(p, json_array_get(sub, i), &r->setup[i], 1);
      ra_jsonpos_pop(&p->doc.path);
    }
    ra_jsonpos_pop(&p->doc.path);
  }
  return result;
}

static void free_request(struct ra_case_request *r)
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
    free_request(&r->setup[i]);
  ra_free(r->setup);
}

/* ---- expect --------------------------------------------------------- */

static ra_code parse_post(struct cp *p, json_t *j, struct ra_post *post)
{
  static const char *const keys[] = {"state", "feedback", NULL};
  ra_code result;
  int state = 0;
  json_t *fb;
  result = need_object(p, j, "'post'");
  if(!result)
    result = check_members(p, j, keys, "post");
  if(!result && json_object_get(j, "state")) {
    result = get_enum(p, j, "state", 0, "post", fixture_names, &state);
    post->has_state = 1;
    post->state = (ra_fixture_state)state;
  }
  if(result)
    return result;
  fb = json_object_get(j, "feedback");
  if(!fb)
    return RA_OK;
  if(json_is_null(fb))
    post->feedback = RA_POST_FEEDBACK_NONE;
  else if(json_is_string(fb) && !strcmp(json_string_value(fb), "unchanged"))
    post->feedback = RA_POST_FEEDBACK_UNCHANGED;
  else if(json_is_string(fb) && !strcmp(json_string_value(fb), "sent"))
    post->feedback = RA_POST_FEEDBACK_SENT;
  else if(json_is_string(fb) && !strcmp(json_string_value(fb), "first-sent"))
    post->feedback = RA_POST_FEEDBACK_FIRST_SENT;
  else if(json_is_string(fb) && !strcmp(json_string_value(fb), "last-sent"))
    post->feedback = RA_POST_FEEDBACK_LAST_SENT;
  else
    return fail_val(p, "feedback", "'feedback' must be \"unchanged\", "
                    "\"sent\", \"first-sent\", \"last-sent\" or null");
  return RA_OK;
}

static ra_code parse_outcome(struct cp *p, json_t *j, ra_profile prof,
                             struct ra_outcome *o)
{
  static const char *const keys[] = {"grade", "outcome", "status", "type",
                                     "code", "envelope", "root",
                                     "content_type", "when", "post",
                                     "note", NULL};
  static const char *const when_keys[] = {"feedback_length_unit", NULL};
  ra_code result;
  int grade = 0, kind = 0, env = 0;
  json_t *sub;
  const char *where = "an outcome";

  result = need_object(p, j, "an outcome");
  if(!result)
    result = check_members(p, j, keys, where);
  if(!result)
    result = get_enum(p, j, "grade", 1, where, grade_names, &grade);
  if(!result)
    result = get_enum(p, j, "outcome", 1, where, outcome_names, &kind);
  if(result)
    return result;
  o->grade = grade_values[grade];
  o->kind = (ra_outcome_kind)kind;

  sub = json_object_get(j, "status");
  if(sub) {
    size_t i, n = json_is_array(sub) ? json_array_size(sub) : 1;
    if(!json_is_integer(sub) && (!json_is_array(sub) || !n))
      return fail_val(p, "status", "'status' must be an HTTP status or a "
                      "non-empty list of them");
    o->statuses = ra_calloc(n, sizeof(int));
    for(i = 0; i < n; i++) {
      json_t *e = json_is_array(sub) ? json_array_get(sub, i) : sub;
      if(!json_is_integer(e) || json_integer_value(e) < 100 ||
         json_integer_value(e) > 599) {
        ra_jsonpos_push_key(&p->doc.path, "status");
        if(json_is_array(sub))
          ra_jsonpos_push_index(&p->doc.path, i);
        result = fail(p, "an HTTP status must be an integer from 100 to 599");
        if(json_is_array(sub))
          ra_jsonpos_pop(&p->doc.path);
        ra_jsonpos_pop(&p->doc.path);
        return result;
      }
      o->statuses[o->nstatuses++] = (int)json_integer_value(e);
    }
  }
  result = get_str_list(p, j, "type", &o->types, &o->ntypes);
  if(!result)
    result = get_str_list(p, j, "code", &o->codes, &o->ncodes);
  if(!result && o->ntypes && prof != RA_PROFILE_JSON)
    result = fail_key(p, "type", "'type' (the json-2017 __type) does not "
                      "apply to legacy-2014");
  if(!result && o->kind == RA_OUTCOME_SUCCESS && (o->ntypes || o->ncodes))
    result = fail_key(p, o->ntypes ? "type" : "code",
                      "'%s' needs outcome 'error' or 'any'",
                      o->ntypes ? "type" : "code");
  if(!result)
    result = get_str_list(p, j, "root", &o->roots, &o->nroots);
  if(!result && o->nroots && prof != RA_PROFILE_LEGACY)
    result = fail_key(p, "root", "'root' (the XML root element) applies to "
                      "legacy-2014 only");
  if(!result)
    result = get_str_list(p, j, "content_type", &o->content_types,
                          &o->ncontent_types);
  if(!result)
    result = get_enum(p, j, "envelope", 0, where, envelope_names, &env);
  if(result)
    return result;
  o->envelope = (ra_case_envelope)env;
  if(env && prof != RA_PROFILE_LEGACY)
    return fail_key(p, "envelope", "'envelope' applies to legacy-2014 only");

  sub = json_object_get(j, "when");
  if(sub) {
    int unit = 0;
    ra_jsonpos_push_key(&p->doc.path, "when");
    result = need_object(p, sub, "'when'");
    if(!result)
      result = check_members(p, sub, when_keys, "when");
    if(!result)
      result = get_enum(p, sub, "feedback_length_unit", 1, "when", unit_names,
                        &unit);
    ra_jsonpos_pop(&p->doc.path);
    if(result)
      return result;
    o->has_when = 1;
    o->when_length_unit = (ra_length_unit)unit;
  }
  sub = json_object_get(j, "post");
  if(sub) {
    if(p->c->needs.fixture == RA_FIXTURE_NONE)
      return fail_key(p, "post", "'post' needs a fixture ('needs.fixture')");
    ra_jsonpos_push_key(&p->doc.path, "post");
    result = parse_post(p, sub, &o->post);
    ra_jsonpos_pop(&p->doc.path);
    if(result)
      return result;
  }
  return get_str(p, j, "note", 0, where, &o->note);
}

static void free_outcome(struct ra_outcome *o)
{
  size_t i;
  ra_free(o->statuses);
  for(i = 0; i < o->ntypes; i++)
    ra_free(o->types[i]);
  ra_free(o->types);
  for(i = 0; i < o->ncodes; i++)
    ra_free(o->codes[i]);
  ra_free(o->codes);
  for(i = 0; i < o->nroots; i++)
    ra_free(o->roots[i]);
  ra_free(o->roots);
  for(i = 0; i < o->ncontent_types; i++)
    ra_free(o->content_types[i]);
  ra_free(o->content_types);
  ra_free(o->note);
}

/* Profiles come first (they decide what request options may say): from
 * 'profiles' or the keys of 'expect'. */
static ra_code parse_profiles(struct cp *p, json_t *root)
{
  json_t *exp = json_object_get(root, "expect");
  json_t *prof = json_object_get(root, "profiles");
  const char *key;
  json_t *val;
  unsigned from_expect = 0;
  char list[100];

  join_names(list, sizeof(list), profile_names);
  if(!exp)
    return fail(p, "missing required field 'expect' in the case");
  ra_jsonpos_push_key(&p->doc.path, "expect");
  if(!json_is_object(exp)) {
    ra_code result = fail(p, "'expect' must be an object (profile -> "
                          "outcomes), not %s", json_kind(exp));
    ra_jsonpos_pop(&p->doc.path);
    return result;
  }
  json_object_foreach(exp, key, val) {
    int idx = name_index(profile_names, key);
    if(idx < 0) {
      ra_code result = fail_key(p, key, "'expect' keys are profiles (%s), "
                                "not '%s'", list, key);
      ra_jsonpos_pop(&p->doc.path);
      return result;
    }
    from_expect |= RA_PROFILE_BIT(idx);
  }
  ra_jsonpos_pop(&p->doc.path);
  if(!from_expect)
    return fail_val(p, "expect", "'expect' needs at least one profile");
  if(!prof) {
    p->c->profiles = from_expect;
    return RA_OK;
  }
  if(!json_is_array(prof) || !json_array_size(prof))
    return fail_val(p, "profiles", "'profiles' must be a non-empty list of "
                    "profiles (%s)", list);
  {
    size_t i;
    for(i = 0; i < json_array_size(prof); i++) {
      json_t *e = json_array_get(prof, i);
      int idx = json_is_string(e) ? name_index(profile_names,
                                               json_string_value(e)) : -1;
      ra_code result = RA_OK;
      ra_jsonpos_push_key(&p->doc.path, "profiles");
      ra_jsonpos_push_index(&p->doc.path, i);
      if(idx < 0)
        result = fail(p, "'profiles' entries must be %s", list);
      else if(p->c->profiles & RA_PROFILE_BIT(idx))
        result = fail(p, "profile '%s' is listed twice", profile_names[idx]);
      else if(!(from_expect & RA_PROFILE_BIT(idx)))
        result = fail(p, "profile '%s' has no outcomes in 'expect'",
                      profile_names[idx]);
      ra_jsonpos_pop(&p->doc.path);
      ra_jsonpos_pop(&p->doc.path);
      if(result)
        return result;
      p->c->profiles |= RA_PROFILE_BIT(idx);
    }
  }
  if(from_expect & ~p->c->profiles) {
    int idx = (from_expect & ~p->c->profiles) & LEG ? 0 : 1;
    ra_code result;
    ra_jsonpos_push_key(&p->doc.path, "expect");
    result = fail_key(p, profile_names[idx], "'expect' has outcomes for "
                      "'%s', which 'profiles' does not list",
                      profile_names[idx]);
    ra_jsonpos_pop(&p->doc.path);
    return result;
  }
  return RA_OK;
}

static ra_code parse_expect(struct cp *p, json_t *exp)
{
  int prof;
  ra_code result = RA_OK;
  ra_jsonpos_push_key(&p->doc.path, "expect");
  for(prof = 0; prof < RA_PROFILE_COUNT && !result; prof++) {
    json_t *list = json_object_get(exp, profile_names[prof]);
    struct ra_case_expect *e = &p->c->expect[prof];
    size_t i;
    if(!list)
      continue;
    ra_jsonpos_push_key(&p->doc.path, profile_names[prof]);
    if(!json_is_array(list) || !json_array_size(list))
      result = fail(p, "the outcomes of '%s' must be a non-empty list",
                    profile_names[prof]);
    else
      e->items = ra_calloc(json_array_size(list), sizeof(*e->items));
    for(i = 0; !result && i < json_array_size(list); i++) {
      ra_jsonpos_push_index(&p->doc.path, i);
      e->count++;
      result = parse_outcome(p, json_array_get(list, i), (ra_profile)prof,
                             &e->items[i]);
      ra_jsonpos_pop(&p->doc.path);
    }
    ra_jsonpos_pop(&p->doc.path);
  }
  ra_jsonpos_pop(&p->doc.path);
  return result;
}

/* ---- top level ------------------------------------------------------ */

static int id_valid(const char *id)
{
  const char *s = id;
  size_t letters = 0, digits = 0;
  if(strncmp(s, "RA-", 3))
    return 0;
  s += 3;
  while(*s >= 'A' && *s <= 'Z') {
    s++;
    letters++;
  }
  if(!letters || *s++ != '-')
    return 0;
  while(*s >= '0' && *s <= '9') {
    s++;
    digits++;
  }
  return digits == 4 && !*s;
}

static ra_code parse_source(struct cp *p, json_t *j)
{
  static const char *const keys[] = {"kind", "quote", "citation", "reasoning",
                                     "ref", "unconfirmed", "note", NULL};
  static const char *const need[] = {"quote", "citation", "reasoning"};
  struct ra_case_source *s = &p->c->source;
  ra_code result;
  int kind = 0;
  result = need_object(p, j, "'source'");
  if(!result)
    result = check_members(p, j, keys, "source");
  if(!result)
    result = get_enum(p, j, "kind", 1, "source", source_names, &kind);
  if(!result)
    result = get_str(p, j, "quote", 0, "source", &s->quote);
  if(!result)
    result = get_str(p, j, "citation", 0, "source", &s->citation);
  if(!result)
    result = get_str(p, j, "reasoning", 0, "source", &s->reasoning);
  if(!result)
    result = get_str(p, j, "ref", 0, "source", &s->ref);
  if(!result)
    result = get_str(p, j, "note", 0, "source", &s->note);
  if(!result)
    result = get_bool(p, j, "unconfirmed", &s->unconfirmed);
  if(result)
    return result;
  s->kind = (ra_source_kind)kind;
  {
    const char *have = kind == 0 ? s->quote : kind == 1 ? s->citation
                                                        : s->reasoning;
    if(!have)
      return fail(p, "a '%s' source needs '%s'", source_names[kind],
                  need[kind]);
    if(!have[0])
      return fail_val(p, need[kind], "'%s' must not be empty", need[kind]);
  }
  return RA_OK;
}

static ra_code parse_needs(struct cp *p, json_t *j)
{
  static const char *const keys[] = {"fixture", "fixture_owner", "requesters",
                                     "observe", NULL};
  struct ra_case_needs *n = &p->c->needs;
  ra_code result;
  int fixture = 0, owner = 0;
  json_t *reqs;
  result = need_object(p, j, "'needs'");
  if(!result)
    result = check_members(p, j, keys, "needs");
  if(!result)
    result = get_enum(p, j, "fixture", 0, "needs", fixture_names, &fixture);
  if(!result)
    result = get_enum(p, j, "fixture_owner", 0, "needs", owner_names, &owner);
  if(result)
    return result;
  n->fixture = (ra_fixture_state)fixture;
  n->fixture_owner = (ra_requester)owner;
  n->observe = fixture != 0;
  if(json_object_get(j, "fixture_owner") && !fixture)
    return fail_key(p, "fixture_owner", "'fixture_owner' needs 'fixture'");
  if(json_object_get(j, "observe") && !fixture)
    return fail_key(p, "observe", "'observe' needs 'fixture'");
  result = get_bool(p, j, "observe", &n->observe);
  if(result)
    return result;
  if(fixture)
    n->requesters |= RA_REQUESTER_BIT(n->fixture_owner);
  reqs = json_object_get(j, "requesters");
  if(reqs) {
    size_t i;
    if(!json_is_array(reqs))
      return fail_val(p, "requesters", "'requesters' must be a list of "
                      "\"owner\"/\"other\"");
    for(i = 0; i < json_array_size(reqs); i++) {
      json_t *e = json_array_get(reqs, i);
      int idx = json_is_string(e) ? name_index(owner_names,
                                               json_string_value(e)) : -1;
      if(idx < 0) {
        ra_jsonpos_push_key(&p->doc.path, "requesters");
        ra_jsonpos_push_index(&p->doc.path, i);
        result = fail(p, "'requesters' entries must be \"owner\" or "
                      "\"other\"");
        ra_jsonpos_pop(&p->doc.path);
        ra_jsonpos_pop(&p->doc.path);
        return result;
      }
      n->requesters |= RA_REQUESTER_BIT(idx);
    }
  }
  return RA_OK;
}

static const char *base_name(const char *path)
{
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

static ra_code parse_case(struct cp *p, json_t *root, int check_name)
{
  /* "generator" marks a file written by scripts/gen-cases.py (which then
   * owns it); the runner only checks that it is a string. */
  static const char *const keys[] = {"id", "generator", "title", "area",
                                     "tags", "level", "source", "profiles",
                                     "needs", "request", "expect", NULL};
  struct ra_case *c = p->c;
  ra_code result;
  int level = 0;
  json_t *j;
  const char *where = "the case";

  if(!json_is_object(root))
    return fail(p, "a case must be a JSON object, not %s", json_kind(root));
  result = check_members(p, root, keys, where);
  if(!result)
    result = get_str(p, root, "id", 1, where, &c->id);
  if(!result && json_object_get(root, "generator") &&
     !json_is_string(json_object_get(root, "generator")))
    result = fail_val(p, "generator", "'generator' must be a string (the "
                      "script that writes this file)");
  if(!result && !id_valid(c->id))
    result = fail_val(p, "id", "id '%s' does not match ^RA-[A-Z]+-[0-9]{4}$",
                      c->id);
  if(!result)
    result = get_str(p, root, "title", 1, where, &c->title);
  if(!result && (!c->title[0] || strchr(c->title, '\n') ||
                 ra_utf8_codepoints(c->title, strlen(c->title)) > 120))
    result = fail_val(p, "title", "'title' must be one non-empty line of at "
                      "most 120 characters");
  if(!result)
    result = get_str(p, root, "area", 1, where, &c->area);
  if(!result && name_index(area_names, c->area) < 0) {
    char list[200];
    join_names(list, sizeof(list), area_names);
    result = fail_val(p, "area", "'area' must be %s, not '%s'", list,
                      c->area);
  }
  if(!result)
    result = get_enum(p, root, "level", 1, where, level_names, &level);
  if(result)
    return result;
  c->level = (ra_level)level;

  j = json_object_get(root, "tags");
  if(j) {
    size_t i;
    if(!json_is_array(j))
      return fail_val(p, "tags", "'tags' must be a list of strings");
    c->tags = ra_calloc(json_array_size(j) + 1, sizeof(char *));
    for(i = 0; i < json_array_size(j); i++) {
      json_t *e = json_array_get(j, i);
      const char *s = json_is_string(e) ? json_string_value(e) : "";
      int ok = s[0] != '\0';
      for(; *s && ok; s++)
        ok = (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-';
      if(!ok) {
        ra_jsonpos_push_key(&p->doc.path, "tags");
        ra_jsonpos_push_index(&p->doc.path, i);
        result = fail(p, "a tag must be a string of [a-z0-9-]+");
        ra_jsonpos_pop(&p->doc.path);
        ra_jsonpos_pop(&p->doc.path);
        return result;
      }
      c->tags[c->ntags++] = ra_strdup(json_string_value(e));
    }
  }

  j = json_object_get(root, "source");
  if(!j)
    return fail(p, "missing required field 'source' in the case");
  ra_jsonpos_push_key(&p->doc.path, "source");
  result = parse_source(p, j);
  ra_jsonpos_pop(&p->doc.path);
  if(result)
    return result;

  result = parse_profiles(p, root);
  if(result)
    return result;

  j = json_object_get(root, "needs");
  if(j) {
    ra_jsonpos_push_key(&p->doc.path, "needs");
    result = parse_needs(p, j);
    ra_jsonpos_pop(&p->doc.path);
    if(result)
      return result;
  }

  j = json_object_get(root, "request");
  if(!j)
    return fail(p, "missing required field 'request' in the case");
  ra_jsonpos_push_key(&p->doc.path, "request");
  result = parse_request(p, j, &c->request, 0);
  ra_jsonpos_pop(&p->doc.path);
  if(result)
    return result;

  result = parse_expect(p, json_object_get(root, "expect"));
  if(result)
    return result;

  if(check_name) {
    const char *base = base_name(p->doc.source);
    size_t idlen = strlen(c->id);
    if(strncmp(base, c->id, idlen) || strcmp(base + idlen, ".json"))
      return fail_val(p, "id", "id '%s' does not match the file name '%s' "
                      "(expected '%s.json')", c->id, base, c->id);
  }
  return RA_OK;
}

static ra_code parse_text(struct ra_case **out, const char *text, size_t len,
                          const char *source, int check_name,
                          struct ra_error *err)
{
  struct cp p;
  json_error_t jerr;
  json_t *root;
  ra_code result;

  *out = NULL;
  root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
  if(!root)
    return ra_error_set(err, RA_E_PARSE, source, jerr.line > 0 ? jerr.line : 0,
                        jerr.column > 0 ? jerr.column : 0, "%s", jerr.text);
  memset(&p, 0, sizeof(p));
  p.doc.text = text;
  p.doc.len = len;
  p.doc.source = source;
  p.doc.err = err;
  p.doc.code = RA_E_INVALID;
  p.c = ra_calloc(1, sizeof(*p.c));
  p.c->file = ra_strdup(source);
  result = parse_case(&p, root, check_name);
  json_decref(root);
  if(result) {
    ra_case_free(p.c);
    return result;
  }
  *out = p.c;
  return RA_OK;
}

ra_code ra_case_parse(struct ra_case **out, const char *text, size_t len,
                      const char *source, struct ra_error *err)
{
  return parse_text(out, text, len, source ? source : "<input>", 0, err);
}

ra_code ra_case_load(struct ra_case **out, const char *path,
                     struct ra_error *err)
{
  struct ra_buf buf;
  ra_code result;

  *out = NULL;
  ra_buf_init(&buf, CASE_FILE_MAX);
  result = ra_file_read(&buf, path, err);
  if(!result)
    result = parse_text(out, ra_buf_str(&buf), buf.len, path, 1, err);
  ra_buf_free(&buf);
  return result;
}

void ra_case_free(struct ra_case *c)
{
  size_t i;
  int prof;
  if(!c)
    return;
  ra_free(c->id);
  ra_free(c->title);
  ra_free(c->area);
  ra_free(c->file);
  for(i = 0; i < c->ntags; i++)
    ra_free(c->tags[i]);
  ra_free(c->tags);
  ra_free(c->source.ref);
  ra_free(c->source.quote);
  ra_free(c->source.citation);
  ra_free(c->source.reasoning);
  ra_free(c->source.note);
  free_request(&c->request);
  for(prof = 0; prof < RA_PROFILE_COUNT; prof++) {
    for(i = 0; i < c->expect[prof].count; i++)
      free_outcome(&c->expect[prof].items[i]);
    ra_free(c->expect[prof].items);
  }
  ra_free(c);
}

/* ---- descriptions --------------------------------------------------- */

static int request_uses_uescape(const struct ra_case_request *r)
{
  size_t i;
  for(i = 0; i < r->nparams; i++) {
    if(ra_value_has_uescape(r->params[i].value))
      return 1;
  }
  for(i = 0; i < r->nextra; i++) {
    if(ra_value_has_uescape(r->extra_params[i].value))
      return 1;
  }
  for(i = 0; i < r->nsetup; i++) {
    if(request_uses_uescape(&r->setup[i]))
      return 1;
  }
  return 0;
}

int ra_case_uses_uescape(const struct ra_case *c)
{
  return request_uses_uescape(&c->request);
}

static ra_code add_list(struct ra_buf *out, const char *label, char **items,
                        size_t n)
{
  ra_code result = ra_buf_addf(out, ", %s ", label);
  size_t i;
  for(i = 0; !result && i < n; i++)
    result = ra_buf_addf(out, "%s%s", i ? "|" : "", items[i]);
  return result;
}

static ra_code describe_post(struct ra_buf *out, const struct ra_case *c,
                             const struct ra_outcome *o)
{
  const char *state, *feedback;
  if(c->needs.fixture == RA_FIXTURE_NONE || !c->needs.observe)
    return RA_OK;
  if(o->kind == RA_OUTCOME_ANY && !o->post.has_state && !o->post.feedback)
    return ra_buf_adds(out, "; post: by answer");
  if(o->post.has_state)
    state = ra_fixture_state_name(o->post.state);
  else
    state = o->kind == RA_OUTCOME_SUCCESS ? "Rejected" : "unchanged";
  switch(o->post.feedback) {
  case RA_POST_FEEDBACK_UNCHANGED: feedback = "unchanged"; break;
  case RA_POST_FEEDBACK_SENT: feedback = "as sent"; break;
  case RA_POST_FEEDBACK_FIRST_SENT: feedback = "the first value sent"; break;
  case RA_POST_FEEDBACK_LAST_SENT: feedback = "the last value sent"; break;
  case RA_POST_FEEDBACK_NONE: feedback = "none"; break;
  default:
    feedback = o->kind == RA_OUTCOME_SUCCESS ? "as sent" : "unchanged";
    break;
  }
  return ra_buf_addf(out, "; post: state %s, feedback %s", state, feedback);
}

ra_code ra_case_describe_expect(struct ra_buf *out, const struct ra_case *c,
                                ra_profile p)
{
  ra_code result = RA_OK;
  const struct ra_case_expect *e;
  size_t i, k;
  if((unsigned)p >= RA_PROFILE_COUNT)
    return RA_E_INVALID;
  e = &c->expect[p];
  for(i = 0; !result && i < e->count; i++) {
    const struct ra_outcome *o = &e->items[i];
    result = ra_buf_addf(out, "%s%s: %s", i ? "\n" : "",
                         ra_grade_name(o->grade),
                         ra_outcome_kind_name(o->kind));
    if(!result && o->nstatuses) {
      result = ra_buf_adds(out, ", status ");
      for(k = 0; !result && k < o->nstatuses; k++)
        result = ra_buf_addf(out, "%s%d", k ? "|" : "", o->statuses[k]);
    }
    if(!result && o->ntypes)
      result = add_list(out, "type", o->types, o->ntypes);
    if(!result && o->ncodes)
      result = add_list(out, "code", o->codes, o->ncodes);
    if(!result && o->envelope)
      result = ra_buf_addf(out, ", envelope %s", ra_case_envelope_name(o->envelope));
    if(!result && o->nroots)
      result = add_list(out, "root", o->roots, o->nroots);
    if(!result && o->ncontent_types)
      result = add_list(out, "content type", o->content_types,
                        o->ncontent_types);
    if(!result && o->has_when)
      result = ra_buf_addf(out, ", when feedback_length_unit=%s",
                           ra_length_unit_name(o->when_length_unit));
    if(!result)
      result = describe_post(out, c, o);
    if(!result && o->note)
      result = ra_buf_addf(out, " (%s)", o->note);
  }
  return result;
}

/* A json-2017 member the model makes boolean is described as the literal
 * the executor sends. */
static int json_boolean_param(const struct ra_case_param *cp, ra_profile p)
{
  return p == RA_PROFILE_JSON && cp->value->kind == RA_VALUE_STRING &&
         ra_request_json_is_boolean(cp->name, cp->value->text,
                                    cp->value->text_len);
}

static ra_code describe_params(struct ra_buf *out,
                               const struct ra_case_param *params, size_t n,
                               ra_profile p, int *first)
{
  ra_code result = RA_OK;
  size_t i;
  for(i = 0; !result && i < n; i++) {
    result = ra_buf_addf(out, "%s%s = ", *first ? "" : ", ", params[i].name);
    if(result)
      break;
    if(json_boolean_param(&params[i], p))
      result = ra_buf_addf(out, "%s (JSON boolean)",
                           params[i].value->text);
    else
      result = ra_value_describe(out, params[i].value);
    *first = 0;
  }
  return result;
}

static ra_code describe_one_request(struct ra_buf *out,
                                    const struct ra_case_request *r,
                                    ra_profile p)
{
  ra_code result;
  int first = 1;
  result = ra_buf_addf(out, "%s signed by %s", r->operation,
                       ra_requester_name(r->signer));
  if(!result && (r->nparams || r->nextra))
    result = ra_buf_adds(out, ": ");
  if(!result)
    result = describe_params(out, r->params, r->nparams, p, &first);
  if(!result && r->nextra) {
    result = ra_buf_adds(out, first ? "then " : ", then ");
    first = 1;
    if(!result)
      result = describe_params(out, r->extra_params, r->nextra, p,
                               &first);
  }
  if(!result && !r->nparams && !r->nextra)
    result = ra_buf_adds(out, " with no parameters");
  if(!result && p == RA_PROFILE_LEGACY && r->has_legacy) {
    const struct ra_case_legacy *l = &r->legacy;
    result = ra_buf_addf(out, "; legacy %s%s", l->use_post ? "POST" : "GET",
                         l->signature == RA_LEGACY_SIG_V1 ? ", SigV1" : "");
    if(!result && l->version.set)
      result = ra_buf_addf(out, ", Version %s", l->version.is_null ? "left out"
                           : l->version.value);
    if(!result && l->service.set)
      result = ra_buf_addf(out, ", Service %s", l->service.is_null ? "left out"
                           : l->service.value);
    if(!result && l->operation.set)
      result = ra_buf_addf(out, ", Operation %s", l->operation.is_null
                           ? "left out" : l->operation.value);
    if(!result && l->content_type.set)
      result = ra_buf_addf(out, ", Content-Type %s", l->content_type.value);
    if(!result && l->raw_query.set)
      result = ra_buf_addf(out, ", raw query '%s'", l->raw_query.value);
    if(!result && l->raw_body.set)
      result = ra_buf_addf(out, ", raw body '%s'", l->raw_body.value);
  }
  if(!result && p == RA_PROFILE_JSON && r->has_json) {
    const struct ra_case_json *j = &r->json;
    result = ra_buf_addf(out, "; json %s%s",
                         j->method.set ? j->method.value : "POST",
                         j->escape == RA_JSON_ESCAPE_UTF8 ? ", raw UTF-8" : "");
    if(!result && j->target.set)
      result = ra_buf_addf(out, ", X-Amz-Target %s", j->target.is_null
                           ? "left out" : j->target.value);
    if(!result && j->content_type.set)
      result = ra_buf_addf(out, ", Content-Type %s", j->content_type.is_null
                           ? "left out" : j->content_type.value);
    if(!result && j->signed_headers.set)
      result = ra_buf_addf(out, ", signed headers %s",
                           j->signed_headers.value);
    if(!result && j->content_sha256)
      result = ra_buf_adds(out, ", with x-amz-content-sha256");
    if(!result && j->pad_to)
      result = ra_buf_addf(out, ", body padded to %ld bytes", j->pad_to);
    if(!result && j->raw_body.set)
      result = ra_buf_addf(out, ", raw body '%s'", j->raw_body.value);
  }
  if(!result && r->auth.mutation != RA_AUTH_NONE) {
    result = ra_buf_addf(out, "; auth: %s",
                         ra_auth_mutation_name(r->auth.mutation));
    if(!result && r->auth.mutation == RA_AUTH_TIME_OFFSET)
      result = ra_buf_addf(out, " %+ld s", r->auth.seconds);
    if(!result && r->auth.value)
      result = ra_buf_addf(out, " '%s'", r->auth.value);
  }
  return result;
}

ra_code ra_case_describe_request(struct ra_buf *out, const struct ra_case *c,
                                 ra_profile p)
{
  ra_code result = RA_OK;
  const struct ra_case_request *r = &c->request;
  size_t i;
  for(i = 0; !result && i < r->nsetup; i++) {
    result = ra_buf_adds(out, "first ");
    if(!result)
      result = describe_one_request(out, &r->setup[i], p);
    if(!result)
      result = ra_buf_adds(out, "; then ");
  }
  if(!result)
    result = describe_one_request(out, r, p);
  if(!result && r->repeat)
    result = ra_buf_addf(out, "; sent %u times in sequence", r->repeat);
  if(!result && r->concurrent)
    result = ra_buf_addf(out, "; %u copies sent at once", r->concurrent);
  return result;
}

ra_code ra_case_describe_source(struct ra_buf *out, const struct ra_case *c)
{
  const struct ra_case_source *s = &c->source;
  const char *text = s->kind == RA_SOURCE_DOC ? s->quote
                     : s->kind == RA_SOURCE_OBSERVED ? s->citation
                                                     : s->reasoning;
  return ra_buf_addf(out, "%s: %s", ra_source_kind_name(s->kind),
                     text ? text : "");
}

