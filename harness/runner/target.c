/* Target files (SPEC §4). Checked like case files: unknown fields, types and
 * enums are errors reported at file:line:column (jsonpos re-scans the raw
 * text, since jansson values carry no positions). */
#include "runner/target.h"

#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/file.h"
#include "core/suggest.h"
#include "core/jsonpos.h"
#include "proto/url.h"

#define TARGET_FILE_MAX (1024 * 1024)

/* Errors at the current node (key NULL) or a member's value, or at a
 * member's key (unknown fields). */
#define fail_val(p, key, ...) \
  ra_jsonpos_fail((p), (key), RA_JSONPOS_VALUE, __VA_ARGS__)
#define fail_key(p, key, ...) \
  ra_jsonpos_fail((p), (key), RA_JSONPOS_KEY, __VA_ARGS__)

static int in_list(const char *const *names, const char *s)
{
  size_t i;
  for(i = 0; names[i]; i++) {
    if(!strcmp(names[i], s))
      return (int)i;
  }
  return -1;
}

static ra_code check_members(struct ra_jsonpos_doc *p, json_t *obj,
                             const char *const *allowed, const char *where)
{
  const char *key;
  json_t *val;
  if(!json_is_object(obj))
    return fail_val(p, NULL, "%s must be an object", where);
  json_object_foreach(obj, key, val) {
    if(in_list(allowed, key) < 0) {
      size_t n = 0;
      const char *near;
      while(allowed[n])
        n++;
      near = ra_suggest_nearest(key, allowed, n);
      if(near)
        return fail_key(p, key, "unknown field '%s' in %s; did you mean "
                        "'%s'?", key, where, near);
      return fail_key(p, key, "unknown field '%s' in %s", key, where);
    }
  }
  return RA_OK;
}

/* A non-empty string member; with env, "$env:NAME" is replaced by the
 * variable. */
static ra_code get_str(struct ra_jsonpos_doc *p, json_t *obj, const char *key,
                       int required, int env, const char *where, char **out)
{
  json_t *j = json_object_get(obj, key);
  const char *s;
  *out = NULL;
  if(!j) {
    if(required)
      return fail_val(p, NULL, "missing required field '%s' in %s", key,
                      where);
    return RA_OK;
  }
  if(!json_is_string(j))
    return fail_val(p, key, "'%s' must be a string", key);
  s = json_string_value(j);
  if(!s[0] || strlen(s) != json_string_length(j))
    return fail_val(p, key, "'%s' must be a non-empty string", key);
  if(env && !strncmp(s, "$env:", 5)) {
    const char *name = s + 5;
    const char *val = name[0] ? getenv(name) : NULL;
    if(!name[0])
      return fail_val(p, key, "'%s': '$env:' needs a variable name", key);
    if(!val)
      return fail_val(p, key, "environment variable '%s' is not set "
                      "(needed by '%s')", name, key);
    if(!val[0])
      return fail_val(p, key, "environment variable '%s' is empty "
                      "(needed by '%s')", name, key);
    s = val;
  }
  *out = ra_strdup(s);
  return RA_OK;
}

static const char *const profile_values[] = {"legacy-2014", "json-2017",
                                             "all", NULL};
static const char *const unit_values[] = {"codepoint", "utf16", "bytes", NULL};
static const char *const state_values[] = {"", "Submitted", "Approved",
                                           "Rejected", NULL};

static ra_code parse_requester(struct ra_jsonpos_doc *p, json_t *obj,
                               const char *who, struct ra_requester_keys *k)
{
  static const char *const keys[] = {"access_key_id", "secret_access_key",
                                     NULL};
  char where[64];
  ra_code result;
  json_t *j = json_object_get(obj, who);
  if(!j)
    return RA_OK;
  snprintf(where, sizeof(where), "requester '%s'", who);
  ra_jsonpos_push_key(&p->path, who);
  result = check_members(p, j, keys, where);
  if(!result)
    result = get_str(p, j, "access_key_id", 1, 1, where, &k->access_key_id);
  if(!result)
    result = get_str(p, j, "secret_access_key", 1, 1, where,
                     &k->secret_access_key);
  ra_jsonpos_pop(&p->path);
  k->present = !result;
  return result;
}

static ra_code parse_fixtures(struct ra_jsonpos_doc *p, json_t *j,
                              struct ra_target *t)
{
  static const char *const keys[] = {"control", "manifest", NULL};
  static const char *const states[] = {"Submitted", "Approved", "Rejected",
                                       NULL};
  ra_code result = check_members(p, j, keys, "fixtures");
  json_t *man;
  const char *key;
  json_t *list;
  if(result)
    return result;
  if(json_object_get(j, "control") && json_object_get(j, "manifest"))
    return fail_key(p, "manifest", "'fixtures' takes 'control' or "
                    "'manifest', not both");
  if(json_object_get(j, "control")) {
    char *url;
    ra_endpoint_class cls;
    result = get_str(p, j, "control", 1, 0, "fixtures", &url);
    if(result)
      return result;
    if(ra_target_classify_endpoint(url, &cls, NULL)) {
      ra_free(url);
      return fail_val(p, "control", "'control' must be an http:// or "
                      "https:// URL");
    }
    if(url[strlen(url) - 1] != '/') {
      size_t n = strlen(url);
      url = ra_realloc(url, n + 2);
      url[n] = '/';
      url[n + 1] = '\0';
    }
    t->control_url = url;
    t->provider = RA_PROVIDER_CONTROL;
    return RA_OK;
  }
  man = json_object_get(j, "manifest");
  if(!man)
    return fail_val(p, NULL, "'fixtures' needs 'control' or 'manifest'");
  ra_jsonpos_push_key(&p->path, "manifest");
  result = check_members(p, man, states, "manifest");
  json_object_foreach(man, key, list) {
    int st = in_list(state_values, key);
    size_t i;
    if(result)
      break;
    ra_jsonpos_push_key(&p->path, key);
    if(!json_is_array(list))
      result = fail_val(p, NULL, "'%s' must be a list of assignment IDs", key);
    else
      t->manifest[st] = ra_calloc(json_array_size(list) + 1, sizeof(char *));
    for(i = 0; !result && i < json_array_size(list); i++) {
      json_t *e = json_array_get(list, i);
      if(!json_is_string(e) || !json_string_length(e)) {
        ra_jsonpos_push_index(&p->path, i);
        result = fail_val(p, NULL, "an assignment ID must be a non-empty "
                          "string");
        ra_jsonpos_pop(&p->path);
        break;
      }
      t->manifest[st][t->nmanifest[st]++] = ra_strdup(json_string_value(e));
    }
    ra_jsonpos_pop(&p->path);
  }
  ra_jsonpos_pop(&p->path);
  if(!result)
    t->provider = RA_PROVIDER_MANIFEST;
  return result;
}

/* "host:port" of an http(s) URL, the port the scheme's default when the
 * URL has none. */
static char *default_name(const char *url)
{
  struct ra_url u;
  struct ra_buf b;
  ra_url_init(&u);
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  if(ra_url_parse(&u, url, 0))
    ra_buf_puts(&b, url);
  else {
    char *hostport = ra_url_hostport(&u);
    ra_buf_puts(&b, hostport);
    if(!u.port)
      ra_buf_puts(&b, strcmp(u.scheme, "https") ? ":80" : ":443");
    ra_free(hostport);
  }
  ra_url_free(&u);
  return ra_buf_take(&b, NULL);
}

static ra_code parse_target(struct ra_jsonpos_doc *p, json_t *root,
                            struct ra_target *t)
{
  static const char *const keys[] = {"name", "endpoint", "profile",
                                     "requesters", "fixtures", "capabilities",
                                     "tls", "control_token", NULL};
  static const char *const req_keys[] = {"owner", "other", NULL};
  static const char *const cap_keys[] = {"feedback_length_unit",
                                         "operations", NULL};
  static const char *const tls_keys[] = {"ca_file", "insecure", NULL};
  ra_code result;
  char *profile = NULL;
  json_t *j;
  int idx;

  result = check_members(p, root, keys, "the target");
  if(!result)
    result = get_str(p, root, "name", 0, 0, "the target", &t->name);
  if(!result)
    result = get_str(p, root, "endpoint", 1, 0, "the target", &t->endpoint);
  if(!result && ra_target_classify_endpoint(t->endpoint, &t->endpoint_class,
                                            &t->host))
    result = fail_val(p, "endpoint", "'endpoint' must be an http:// or "
                      "https:// URL without credentials, not '%s'",
                      t->endpoint);
  /* name is optional (SPEC §4): the endpoint's host:port */
  if(!result && !t->name)
    t->name = default_name(t->endpoint);
  if(!result)
    result = get_str(p, root, "profile", 1, 0, "the target", &profile);
  if(result)
    goto done;
  idx = in_list(profile_values, profile);
  if(idx < 0) {
    result = fail_val(p, "profile", "'profile' must be legacy-2014, "
                      "json-2017 or all, not '%s'", profile);
    goto done;
  }
  t->profiles = idx == 2 ? RA_PROFILE_ALL : RA_PROFILE_BIT(idx);

  j = json_object_get(root, "requesters");
  if(!j) {
    result = fail_val(p, NULL, "missing required field 'requesters' in the "
                      "target");
    goto done;
  }
  ra_jsonpos_push_key(&p->path, "requesters");
  result = check_members(p, j, req_keys, "requesters");
  if(!result && !json_object_get(j, "owner"))
    result = fail_val(p, NULL, "missing required field 'owner' in "
                      "requesters");
  if(!result)
    result = parse_requester(p, j, "owner",
                             &t->requesters[RA_REQUESTER_OWNER]);
  if(!result)
    result = parse_requester(p, j, "other",
                             &t->requesters[RA_REQUESTER_OTHER]);
  ra_jsonpos_pop(&p->path);
  if(result)
    goto done;

  j = json_object_get(root, "fixtures");
  if(j && !json_is_null(j)) {
    ra_jsonpos_push_key(&p->path, "fixtures");
    result = parse_fixtures(p, j, t);
    ra_jsonpos_pop(&p->path);
    if(result)
      goto done;
  }

  j = json_object_get(root, "capabilities");
  if(j) {
    ra_jsonpos_push_key(&p->path, "capabilities");
    result = check_members(p, j, cap_keys, "capabilities");
    if(!result && json_object_get(j, "feedback_length_unit")) {
      json_t *u = json_object_get(j, "feedback_length_unit");
      idx = json_is_string(u) ? in_list(unit_values, json_string_value(u))
                              : -1;
      if(idx < 0)
        result = fail_val(p, "feedback_length_unit", "'feedback_length_unit' "
                          "must be codepoint, utf16 or bytes");
      t->has_length_unit = 1;
      t->feedback_length_unit = idx == 1 ? RA_LENGTH_UTF16
                                : idx == 2 ? RA_LENGTH_BYTES
                                           : RA_LENGTH_CODEPOINTS;
    }
    if(!result && json_object_get(j, "operations")) {
      json_t *ops = json_object_get(j, "operations");
      size_t k;
      if(!json_is_array(ops))
        result = fail_val(p, "operations", "'operations' must be an array "
                          "of operation names");
      for(k = 0; !result && k < json_array_size(ops); k++) {
        if(!json_is_string(json_array_get(ops, k)))
          result = fail_val(p, "operations", "'operations' must be an "
                            "array of operation names");
      }
      if(!result) {
        t->has_operations = 1;
        t->noperations = json_array_size(ops);
        t->operations = ra_calloc(t->noperations + 1,
                                  sizeof(*t->operations));
        for(k = 0; k < t->noperations; k++)
          t->operations[k] = ra_strdup(json_string_value(
                                         json_array_get(ops, k)));
      }
    }
    ra_jsonpos_pop(&p->path);
    if(result)
      goto done;
  }

  j = json_object_get(root, "tls");
  if(j) {
    json_t *e;
    ra_jsonpos_push_key(&p->path, "tls");
    result = check_members(p, j, tls_keys, "tls");
    e = json_object_get(j, "ca_file");
    if(!result && e && !json_is_null(e))
      result = get_str(p, j, "ca_file", 0, 0, "tls", &t->ca_file);
    e = json_object_get(j, "insecure");
    if(!result && e) {
      if(!json_is_boolean(e))
        result = fail_val(p, "insecure", "'insecure' must be true or false");
      t->insecure = json_is_true(e);
    }
    ra_jsonpos_pop(&p->path);
    if(result)
      goto done;
  }

  result = get_str(p, root, "control_token", 0, 1, "the target",
                   &t->control_token);
done:
  ra_free(profile);
  return result;
}

ra_code ra_target_parse(struct ra_target **out, const char *text, size_t len,
                        const char *source, struct ra_error *err)
{
  struct ra_jsonpos_doc p;
  json_t *root;
  struct ra_target *t;
  ra_code result;

  *out = NULL;
  if(!source)
    source = "<input>";
  result = ra_jsonpos_load(&p, text, len, 0, source, err, RA_E_CONFIG, &root);
  if(result)
    return result;
  t = ra_calloc(1, sizeof(*t));
  t->file = ra_strdup(source);
  result = parse_target(&p, root, t);
  json_decref(root);
  if(result) {
    ra_target_free(t);
    return result;
  }
  *out = t;
  return RA_OK;
}

ra_code ra_target_load(struct ra_target **out, const char *path,
                       struct ra_error *err)
{
  struct ra_buf buf;
  ra_code result;

  *out = NULL;
  ra_buf_init(&buf, TARGET_FILE_MAX);
  result = ra_file_read(&buf, path, err);
  if(result)
    result = RA_E_CONFIG;
  else
    result = ra_target_parse(out, ra_buf_str(&buf), buf.len, path, err);
  ra_buf_free(&buf);
  return result;
}

static void free_secret(char *s)
{
  /* Secrets do not linger in freed memory. */
  if(s) {
    volatile char *v = s;
    while(*v)
      *v++ = '\0';
  }
  ra_free(s);
}

void ra_target_free(struct ra_target *t)
{
  size_t i, k;
  if(!t)
    return;
  ra_free(t->file);
  ra_free(t->name);
  ra_free(t->endpoint);
  for(i = 0; i < 2; i++) {
    ra_free(t->requesters[i].access_key_id);
    free_secret(t->requesters[i].secret_access_key);
  }
  ra_free(t->control_url);
  free_secret(t->control_token);
  for(i = 0; i < t->noperations; i++)
    ra_free(t->operations[i]);
  ra_free(t->operations);
  for(i = 0; i < RA_FIXTURE_STATES; i++) {
    for(k = 0; k < t->nmanifest[i]; k++)
      ra_free(t->manifest[i][k]);
    ra_free(t->manifest[i]);
  }
  ra_free(t->ca_file);
  ra_free(t->host);
  ra_free(t);
}

int ra_target_lacks_operation(const struct ra_target *t, const char *op)
{
  size_t i;
  if(!t->has_operations)
    return 0;
  for(i = 0; i < t->noperations; i++)
    if(!strcmp(t->operations[i], op))
      return 0;
  return 1;
}

static const char *const sandbox_hosts[] = {
  "mechanicalturk.sandbox.amazonaws.com",
  "mturk-requester-sandbox.us-east-1.amazonaws.com", NULL};
static const char *const production_hosts[] = {
  "mechanicalturk.amazonaws.com",
  "mturk-requester.us-east-1.amazonaws.com", NULL};

ra_code ra_target_classify_endpoint(const char *url, ra_endpoint_class *out,
                                    char **host_out)
{
  struct ra_url u;
  ra_code result = RA_E_INVALID;
  char *h = NULL;
  const char *host;
  size_t n, i;
  unsigned char addr[16];

  *out = RA_ENDPOINT_REMOTE;
  if(host_out)
    *host_out = NULL;
  ra_url_init(&u);
  if(ra_url_parse(&u, url, 0))
    goto done;
  if(strcmp(u.scheme, "http") && strcmp(u.scheme, "https"))
    goto done;
  /* Credentials in the URL would end up in reports. */
  if(u.has_userinfo)
    goto done;
  host = u.host;
  h = host[0] == '[' ? ra_strndup(host + 1, strlen(host) - 2) : ra_strdup(host);
  for(i = 0; h[i]; i++) {
    if(h[i] >= 'A' && h[i] <= 'Z')
      h[i] = (char)(h[i] - 'A' + 'a');
  }
  /* "mechanicalturk.amazonaws.com." is the same host. */
  n = strlen(h);
  while(n > 0 && h[n - 1] == '.')
    h[--n] = '\0';
  if(!strcmp(h, "localhost") ||
     (inet_pton(AF_INET, h, addr) == 1 && addr[0] == 127) ||
     (inet_pton(AF_INET6, h, addr) == 1 &&
      !memcmp(addr, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1", 16)))
    *out = RA_ENDPOINT_LOOPBACK;
  else if(in_list(sandbox_hosts, h) >= 0)
    *out = RA_ENDPOINT_SANDBOX;
  else if(in_list(production_hosts, h) >= 0)
    *out = RA_ENDPOINT_PRODUCTION;
  else
    *out = RA_ENDPOINT_REMOTE;
  result = RA_OK;
  if(host_out) {
    *host_out = h;
    h = NULL;
  }
done:
  ra_free(h);
  ra_url_free(&u);
  return result;
}

const char *ra_endpoint_class_name(ra_endpoint_class c)
{
  switch(c) {
  case RA_ENDPOINT_LOOPBACK: return "loopback";
  case RA_ENDPOINT_SANDBOX: return "sandbox";
  case RA_ENDPOINT_PRODUCTION: return "production";
  case RA_ENDPOINT_REMOTE: return "remote";
  }
  return "remote";
}

ra_code ra_target_check_production(const struct ra_target *t, int allow,
                                   struct ra_error *err)
{
  ra_endpoint_class cls = RA_ENDPOINT_REMOTE;
  char *host = NULL;
  ra_code result = RA_OK;
  /* Classify again from the URL: a hand-built target may not have set
   * endpoint_class. */
  if(!t || !t->endpoint)
    return RA_OK;
  if(ra_target_classify_endpoint(t->endpoint, &cls, &host))
    cls = t->endpoint_class;
  if((cls == RA_ENDPOINT_PRODUCTION || t->endpoint_class ==
      RA_ENDPOINT_PRODUCTION) && !allow)
    result = ra_error_set(err, RA_E_REFUSED, t->file ? t->file : "", 0, 0,
                          "refusing production host '%s': RejectAssignment "
                          "takes real workers' pay (use a sandbox, or pass "
                          "--allow-production)",
                          host ? host : (t->host ? t->host : t->endpoint));
  ra_free(host);
  return result;
}

int ra_target_can_observe(const struct ra_target *t)
{
  return !t || t->provider == RA_PROVIDER_CONTROL;
}

const char *ra_fixture_state_name(ra_fixture_state s)
{
  return (unsigned)s < RA_FIXTURE_STATES && s ? state_values[s] : "none";
}

const char *ra_requester_name(ra_requester r)
{
  switch(r) {
  case RA_REQUESTER_OWNER: return "owner";
  case RA_REQUESTER_OTHER: return "other";
  case RA_REQUESTER_UNKNOWN: return "unknown";
  }
  return "?";
}

const char *ra_length_unit_name(ra_length_unit u)
{
  switch(u) {
  case RA_LENGTH_CODEPOINTS: return "codepoint";
  case RA_LENGTH_UTF16: return "utf16";
  case RA_LENGTH_BYTES: return "bytes";
  }
  return "?";
}

const char *ra_target_profile_name(ra_profile p)
{
  return p == RA_PROFILE_JSON ? "json-2017" : "legacy-2014";
}
