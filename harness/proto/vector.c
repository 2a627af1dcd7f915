#include "proto/vector.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "core/alloc.h"
#include "core/file.h"
#include "core/jsonpos.h"
#include "core/path.h"
#include "proto/param.h"
#include "proto/request.h"
#include "proto/header.h"
#include "proto/signer.h"
#include "proto/sigv4.h"
#include "proto/urlenc.h"

/* --- listing ---------------------------------------------------------- */

ra_code ra_vector_list(const char *root, char ***names, size_t *count,
                       struct ra_error *err)
{
  /* in name order, so the joined list is sorted as each part is */
  static const char *const kinds[] = {"legacy", "sigv4"};
  size_t k, i, n = 0;
  int found_kind = 0;
  char **list = NULL;
  for(k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
    char *dir = ra_path_join(root, kinds[k]);
    char **part;
    size_t np;
    int rc = ra_path_list(dir, "vector.json", &part, &np);
    ra_free(dir);
    if(rc)
      continue;
    found_kind = 1;
    list = ra_realloc(list, (n + np + 1) * sizeof(*list));
    for(i = 0; i < np; i++)
      list[n++] = ra_path_join(kinds[k], part[i]);
    ra_path_list_free(part, np);
  }
  if(!found_kind) {
    ra_free(list);
    return ra_error_set(err, RA_E_NOT_FOUND, root, 0, 0,
                        "no 'legacy' or 'sigv4' folder of vectors");
  }
  *names = list;
  *count = n;
  return RA_OK;
}

void ra_vector_names_free(char **names, size_t count)
{
  ra_path_list_free(names, count);
}

/* --- loading ------------------------------------------------------------ */

/* A schema error at the node the path names (jansson keeps no positions
 * for values; core/jsonpos finds it in the raw text): at the key when the
 * last step is a member, at the value when it is an element, at the whole
 * document for an empty path. */
static ra_code vec_error_at(const struct ra_vector *v, struct ra_error *err,
                            const struct ra_jsonpos_path *path,
                            const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));

static ra_code vec_error_at(const struct ra_vector *v, struct ra_error *err,
                            const struct ra_jsonpos_path *path,
                            const char *fmt, ...)
{
  struct ra_jsonpos_doc doc;
  char text[400];
  va_list ap;
  ra_jsonpos_want want = RA_JSONPOS_VALUE;
  va_start(ap, fmt);
  vsnprintf(text, sizeof(text), fmt, ap);
  va_end(ap);
  memset(&doc, 0, sizeof(doc));
  doc.text = v->text ? v->text : "";
  doc.len = strlen(doc.text);
  doc.source = v->json_path;
  doc.err = err;
  doc.code = RA_E_PARSE;
  if(path) {
    doc.path = *path;
    if(path->depth && path->depth <= RA_JSONPOS_MAX_DEPTH &&
       path->steps[path->depth - 1].key)
      want = RA_JSONPOS_KEY;
  }
  return ra_jsonpos_fail(&doc, NULL, want, "%s", text);
}

/* The path of member key of the top-level member parent (NULL: of the
 * document itself). */
static const struct ra_jsonpos_path *member_path(struct ra_jsonpos_path *p,
                                                 const char *parent,
                                                 const char *key)
{
  memset(p, 0, sizeof(*p));
  if(parent)
    ra_jsonpos_push_key(p, parent);
  if(key)
    ra_jsonpos_push_key(p, key);
  return p;
}

/* A schema error at a top-level member's key (key NULL: the document). */
#define vec_error(v, err, key, ...) \
  vec_error_at((v), (err), member_path(&(struct ra_jsonpos_path){{{0}}, 0}, \
                                       NULL, (key)), __VA_ARGS__)

void ra_vector_free(struct ra_vector *v)
{
  ra_free(v->name);
  ra_free(v->dir);
  ra_free(v->json_path);
  ra_free(v->text);
  if(v->json)
    json_decref((json_t *)v->json);
  memset(v, 0, sizeof(*v));
}

static const char *get_str(const struct ra_vector *v, const char *key)
{
  json_t *x = json_object_get((json_t *)v->json, key);
  return json_is_string(x) ? json_string_value(x) : NULL;
}

static ra_code need_str(const struct ra_vector *v, struct ra_error *err,
                        const char *key, const char **out)
{
  *out = get_str(v, key);
  if(!*out)
    return vec_error(v, err, key, "'%s' must be a string", key);
  return RA_OK;
}

ra_code ra_vector_load(struct ra_vector *v, const char *root,
                       const char *name, struct ra_error *err)
{
  struct ra_buf b;
  struct ra_jsonpos_doc doc;
  json_t *j;
  const char *scheme;
  ra_code result;
  memset(v, 0, sizeof(*v));
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  v->name = ra_strdup(name);
  ra_buf_putf(&b, "%s/%s", root, name);
  v->dir = ra_buf_take(&b, NULL);
  ra_buf_putf(&b, "%s/vector.json", v->dir);
  v->json_path = ra_buf_take(&b, NULL);
  result = ra_file_read(&b, v->json_path, err);
  if(result)
    goto done;
  v->text = ra_buf_take(&b, NULL);
  result = ra_jsonpos_load(&doc, v->text, strlen(v->text), 0, v->json_path,
                           err, RA_E_PARSE, &j);
  if(result)
    goto done;
  v->json = j;
  if(!json_is_object(j)) {
    result = vec_error(v, err, NULL, "the vector must be a JSON object");
    goto done;
  }
  scheme = get_str(v, "scheme");
  if(scheme && !strcmp(scheme, "mturk"))
    v->scheme = RA_VECTOR_MTURK;
  else if(scheme && !strcmp(scheme, "sigv1"))
    v->scheme = RA_VECTOR_SIGV1;
  else if(scheme && !strcmp(scheme, "sigv4"))
    v->scheme = RA_VECTOR_SIGV4;
  else
    result = vec_error(v, err, "scheme",
                       "'scheme' must be \"mturk\", \"sigv1\" or \"sigv4\"");
done:
  ra_buf_free(&b);
  if(result)
    ra_vector_free(v);
  return result;
}

/* --- resolving inputs ----------------------------------------------------- */

/* A text value: a string, or {"repeat": s, "count": n, "prefix"?,
 * "suffix"?}. */
static ra_code resolve_text(struct ra_buf *out, const struct ra_vector *v,
                            struct ra_error *err, json_t *x,
                            const struct ra_jsonpos_path *at, const char *key)
{
  json_t *rep;
  json_t *cnt;
  json_t *pre;
  json_t *suf;
  json_int_t i;
  ra_code result = ra_buf_add(out, "", 0);
  if(json_is_string(x))
    return ra_buf_add(out, json_string_value(x), json_string_length(x));
  rep = json_object_get(x, "repeat");
  cnt = json_object_get(x, "count");
  pre = json_object_get(x, "prefix");
  suf = json_object_get(x, "suffix");
  if(!json_is_object(x) || !json_is_string(rep) || !json_is_integer(cnt) ||
     json_integer_value(cnt) < 0 || json_integer_value(cnt) > 1000000 ||
     (pre && !json_is_string(pre)) || (suf && !json_is_string(suf)))
    return vec_error_at(v, err, at,
                        "'%s' must be a string or {\"repeat\": string, "
                     "\"count\": integer}", key);
  if(pre)
    result = ra_buf_add(out, json_string_value(pre), json_string_length(pre));
  for(i = 0; i < json_integer_value(cnt) && !result; i++)
    result = ra_buf_add(out, json_string_value(rep), json_string_length(rep));
  if(!result && suf)
    result = ra_buf_add(out, json_string_value(suf), json_string_length(suf));
  return result;
}

/* [[name, text], ...] into params; at is the path of the list, key its
 * name. A bad pair is reported at the pair, a bad value at the value. */
static ra_code resolve_pairs(struct ra_params *out, const struct ra_vector *v,
                             struct ra_error *err, json_t *arr,
                             const struct ra_jsonpos_path *at,
                             const char *key)
{
  size_t i;
  json_t *pair;
  ra_code result = RA_OK;
  struct ra_buf val;
  struct ra_jsonpos_path here = *at;
  if(!json_is_array(arr))
    return vec_error_at(v, err, at, "'%s' must be an array of [name, value]",
                        key);
  ra_buf_init(&val, RA_BUF_UNLIMITED);
  json_array_foreach(arr, i, pair) {
    ra_jsonpos_push_index(&here, i);
    if(!json_is_array(pair) || json_array_size(pair) != 2 ||
       !json_is_string(json_array_get(pair, 0)))
      result = vec_error_at(v, err, &here,
                            "'%s' must be an array of [name, value]", key);
    else {
      ra_buf_reset(&val);
      ra_jsonpos_push_index(&here, 1);
      result = resolve_text(&val, v, err, json_array_get(pair, 1), &here,
                            key);
      ra_jsonpos_pop(&here);
    }
    ra_jsonpos_pop(&here);
    if(result)
      break;
    ra_params_add(out, json_string_value(json_array_get(pair, 0)),
                  ra_buf_str(&val), val.len);
  }
  ra_buf_free(&val);
  return result;
}

static ra_code resolve_body(struct ra_buf *out, const struct ra_vector *v,
                            struct ra_error *err)
{
  json_t *body = json_object_get((json_t *)v->json, "body");
  json_t *members;
  struct ra_jsonpos_path at;
  ra_code result = ra_buf_add(out, "", 0);
  if(!body || json_is_null(body))
    return result;
  members = json_object_get(body, "json");
  if(members) {
    struct ra_params p;
    const char *escape = json_string_value(json_object_get(body, "escape"));
    ra_json_escape e = RA_JSON_ESCAPE_ASCII;
    if(escape && !strcmp(escape, "utf8"))
      e = RA_JSON_ESCAPE_UTF8;
    else if(escape && strcmp(escape, "ascii"))
      return vec_error_at(v, err, member_path(&at, "body", "escape"),
                          "'escape' must be \"ascii\" or \"utf8\"");
    ra_params_init(&p);
    result = resolve_pairs(&p, v, err, members,
                           member_path(&at, "body", "json"), "json");
    if(!result)
      result = ra_request_json_body(out, &p, e);
    ra_params_free(&p);
    return result;
  }
  return resolve_text(out, v, err, body, member_path(&at, NULL, "body"),
                      "body");
}

/* --- computing ------------------------------------------------------------ */

void ra_vector_result_init(struct ra_vector_result *r)
{
  memset(r, 0, sizeof(*r));
}

void ra_vector_result_free(struct ra_vector_result *r)
{
  size_t i;
  for(i = 0; i < r->count; i++)
    ra_buf_free(&r->items[i].data);
  r->count = 0;
}

static struct ra_buf *result_slot(struct ra_vector_result *r,
                                  const char *file)
{
  struct ra_vector_output *o = &r->items[r->count++];
  o->file = file;
  ra_buf_init(&o->data, RA_BUF_UNLIMITED);
  ra_buf_put(&o->data, "", 0);
  return &o->data;
}

/* The request the legacy builder makes for a vector's "request" object. */
static ra_code legacy_build(struct ra_http_request *req,
                            const struct ra_vector *v, struct ra_error *err)
{
  json_t *r = json_object_get((json_t *)v->json, "request");
  struct ra_legacy_opts o;
  struct ra_params p;
  struct ra_jsonpos_path at;
  const char *method;
  ra_code result;
  memset(&o, 0, sizeof(o));
  ra_params_init(&p);
  o.endpoint = json_string_value(json_object_get(r, "endpoint"));
  o.access_key_id = json_string_value(json_object_get(r, "access_key_id"));
  o.secret = get_str(v, "secret");
  o.timestamp = json_string_value(json_object_get(r, "timestamp"));
  o.operation = json_string_value(json_object_get(r, "operation"));
  o.version = json_string_value(json_object_get(r, "version"));
  method = json_string_value(json_object_get(r, "method"));
  o.use_post = method && !strcmp(method, "POST");
  o.sig = v->scheme == RA_VECTOR_SIGV1 ? RA_LEGACY_SIG_V1 :
                                         RA_LEGACY_SIG_MTURK;
  if(!o.endpoint || !o.access_key_id || !o.secret || !o.timestamp ||
     !o.operation)
    return vec_error(v, err, "request",
                     "'request' needs endpoint, access_key_id, operation and "
                     "timestamp strings (and 'secret')");
  if(json_object_get(r, "params"))
    result = resolve_pairs(&p, v, err, json_object_get(r, "params"),
                           member_path(&at, "request", "params"), "params");
  else
    result = RA_OK;
  if(!result) {
    o.params = &p;
    result = ra_request_build_legacy(req, &o);
    if(result)
      result = vec_error(v, err, "request", "cannot build the request: %s",
                         ra_strerror(result));
  }
  ra_params_free(&p);
  return result;
}

/* The parameters a legacy vector signs: the "params" list, or for a
 * "request" vector what the built request carries (parsed back from the
 * wire, which also checks the encoding round trip). */
static ra_code legacy_params(struct ra_params *out,
                             const struct ra_http_request *req,
                             const struct ra_vector *v, struct ra_error *err)
{
  if(req) {
    const char *q = req->body ? req->body : strchr(req->target, '?');
    size_t len;
    if(!req->body)
      q = q ? q + 1 : "";
    len = req->body ? req->body_len : strlen(q);
    return ra_urlenc_parse_query(out, q, len, RA_URLENC_FORM, (size_t)-1);
  }
  struct ra_jsonpos_path at;
  if(!json_object_get((json_t *)v->json, "params"))
    return RA_OK;
  return resolve_pairs(out, v, err,
                       json_object_get((json_t *)v->json, "params"),
                       member_path(&at, NULL, "params"), "params");
}

static ra_code compute_legacy(struct ra_vector_result *out,
                              const struct ra_vector *v,
                              struct ra_error *err)
{
  struct ra_http_request req;
  struct ra_params params;
  struct ra_buf *sts;
  char sig[RA_SIG_SHA1_B64_SIZE];
  const char *secret;
  int has_request = json_object_get((json_t *)v->json, "request") != NULL;
  ra_code result;
  ra_http_request_init(&req);
  ra_params_init(&params);
  result = need_str(v, err, "secret", &secret);
  if(!result && has_request)
    result = legacy_build(&req, v, err);
  if(!result)
    result = legacy_params(&params, has_request ? &req : NULL, v, err);
  if(result)
    goto done;
  sts = result_slot(out, "string-to-sign.txt");
  if(v->scheme == RA_VECTOR_MTURK) {
    const char *op;
    const char *ts;
    const char *service = NULL;
    if(has_request) {
      json_t *r = json_object_get((json_t *)v->json, "request");
      op = json_string_value(json_object_get(r, "operation"));
      ts = json_string_value(json_object_get(r, "timestamp"));
    }
    else {
      service = get_str(v, "service");
      result = need_str(v, err, "operation", &op);
      if(!result)
        result = need_str(v, err, "timestamp", &ts);
      if(result)
        goto done;
    }
    result = ra_signer_mturk_string(sts, service, op, ts);
  }
  else
    result = ra_signer_sigv1_string(sts, &params);
  if(result)
    goto done;
  ra_signer_hmac_sha1_b64(sig, secret, strlen(secret), ra_buf_str(sts),
                          sts->len);
  result = ra_buf_adds(result_slot(out, "signature.txt"), sig);
  if(!result && has_request)
    result = ra_http_request_format(result_slot(out, "signed-request.txt"),
                                    &req, 0);
done:
  ra_http_request_free(&req);
  ra_params_free(&params);
  return result;
}

static ra_code load_headers(struct ra_headers *h, const struct ra_vector *v,
                            struct ra_error *err)
{
  json_t *arr = json_object_get((json_t *)v->json, "headers");
  json_t *pair;
  size_t i;
  if(!json_is_array(arr))
    return vec_error(v, err, "headers",
                     "'headers' must be an array of [name, value]");
  json_array_foreach(arr, i, pair) {
    if(!json_is_array(pair) || json_array_size(pair) != 2 ||
       !json_is_string(json_array_get(pair, 0)) ||
       !json_is_string(json_array_get(pair, 1)))
      return vec_error(v, err, "headers",
                       "'headers' must be an array of [name, value]");
    ra_headers_add(h, json_string_value(json_array_get(pair, 0)),
                   json_string_value(json_array_get(pair, 1)));
  }
  return RA_OK;
}

static ra_code compute_sigv4(struct ra_vector_result *out,
                             const struct ra_vector *v, struct ra_error *err)
{
  struct ra_sigv4_input in;
  struct ra_sigv4_output so;
  struct ra_http_request req;
  struct ra_buf body;
  const char *signed_headers = get_str(v, "signed_headers");
  ra_code result;
  memset(&in, 0, sizeof(in));
  ra_sigv4_output_init(&so);
  ra_http_request_init(&req);
  ra_buf_init(&body, RA_BUF_UNLIMITED);
  result = need_str(v, err, "method", &in.method);
  if(!result)
    result = need_str(v, err, "path", &in.path);
  if(!result)
    result = need_str(v, err, "access_key_id", &in.access_key_id);
  if(!result)
    result = need_str(v, err, "secret", &in.secret);
  if(!result)
    result = need_str(v, err, "region", &in.region);
  if(!result)
    result = need_str(v, err, "service", &in.service);
  if(!result)
    result = need_str(v, err, "amz_date", &in.amz_date);
  if(!result)
    result = load_headers(&req.headers, v, err);
  if(!result)
    result = resolve_body(&body, v, err);
  if(result)
    goto done;
  in.query = get_str(v, "query");
  in.payload_hash = get_str(v, "payload_hash");
  in.headers = &req.headers;
  in.payload = ra_buf_str(&body);
  in.payload_len = body.len;
  in.signed_headers = signed_headers;
  result = ra_sigv4_sign(&so, &in);
  if(result) {
    result = vec_error(v, err, result == RA_E_NOT_FOUND ? "signed_headers" :
                       NULL, "cannot sign: %s", ra_strerror(result));
    goto done;
  }
  ra_buf_put(result_slot(out, "canonical-request.txt"),
             so.canonical_request.ptr, so.canonical_request.len);
  ra_buf_put(result_slot(out, "string-to-sign.txt"), so.string_to_sign.ptr,
             so.string_to_sign.len);
  ra_buf_put(result_slot(out, "signature.txt"), so.signature.ptr,
             so.signature.len);
  ra_buf_put(result_slot(out, "authorization.txt"), so.authorization.ptr,
             so.authorization.len);
  req.method = ra_strdup(in.method);
  {
    struct ra_buf t;
    ra_buf_init(&t, RA_BUF_UNLIMITED);
    ra_buf_puts(&t, in.path);
    if(in.query && *in.query)
      ra_buf_putf(&t, "?%s", in.query);
    req.target = ra_buf_take(&t, NULL);
  }
  ra_headers_add(&req.headers, "Authorization",
                 ra_buf_str(&so.authorization));
  req.body = ra_buf_take(&body, &req.body_len);
  result = ra_http_request_format(result_slot(out, "signed-request.txt"),
                                  &req, 0);
done:
  ra_sigv4_output_free(&so);
  ra_http_request_free(&req);
  ra_buf_free(&body);
  return result;
}

ra_code ra_vector_compute(struct ra_vector_result *out,
                          const struct ra_vector *v, struct ra_error *err)
{
  ra_code result;
  ra_vector_result_free(out);
  if(v->scheme == RA_VECTOR_SIGV4)
    result = compute_sigv4(out, v, err);
  else
    result = compute_legacy(out, v, err);
  if(result)
    ra_vector_result_free(out);
  return result;
}

ra_code ra_vector_read_expected(struct ra_buf *out, const struct ra_vector *v,
                                const char *file, struct ra_error *err)
{
  struct ra_buf path;
  ra_code result;
  ra_buf_init(&path, RA_BUF_UNLIMITED);
  ra_buf_putf(&path, "%s/%s", v->dir, file);
  result = ra_file_read(out, ra_buf_str(&path), err);
  ra_buf_free(&path);
  return result;
}

const char *ra_vector_answer_file(const struct ra_vector *v)
{
  return v->scheme == RA_VECTOR_SIGV4 ? "authorization.txt" :
                                        "signature.txt";
}

/* --- inputs for external signers ------------------------------------------ */

static json_t *params_json(const struct ra_params *p)
{
  json_t *arr = json_array();
  size_t i;
  for(i = 0; i < p->count; i++) {
    json_t *pair = json_array();
    json_array_append_new(pair, json_string(p->items[i].name));
    json_array_append_new(pair, json_stringn(p->items[i].value,
                                             p->items[i].value_len));
    json_array_append_new(arr, pair);
  }
  return arr;
}

ra_code ra_vector_inputs_json(struct ra_buf *out, const struct ra_vector *v,
                              struct ra_error *err)
{
  json_t *o = json_object();
  json_t *src = (json_t *)v->json;
  char *text = NULL;
  ra_code result = RA_OK;
  static const char *const copy_keys[] = {
    "access_key_id", "secret", "region", "service", "amz_date", "method",
    "path", "query", "headers", "signed_headers", "payload_hash"};
  size_t i;
  json_object_set_new(o, "name", json_string(v->name));
  if(v->scheme == RA_VECTOR_SIGV4) {
    struct ra_buf body;
    json_t *b;
    json_object_set_new(o, "scheme", json_string("sigv4"));
    for(i = 0; i < sizeof(copy_keys) / sizeof(copy_keys[0]); i++) {
      json_t *x = json_object_get(src, copy_keys[i]);
      if(x)
        json_object_set(o, copy_keys[i], x);
    }
    ra_buf_init(&body, RA_BUF_UNLIMITED);
    result = resolve_body(&body, v, err);
    b = result ? NULL : json_stringn(ra_buf_str(&body), body.len);
    ra_buf_free(&body);
    if(!result && !b)
      result = vec_error(v, err, "body", "the body is not valid UTF-8");
    if(result)
      goto done;
    json_object_set_new(o, "body", b);
  }
  else {
    struct ra_http_request req;
    struct ra_params params;
    int has_request = json_object_get(src, "request") != NULL;
    json_t *r = json_object_get(src, "request");
    ra_http_request_init(&req);
    ra_params_init(&params);
    json_object_set_new(o, "scheme", json_string(v->scheme == RA_VECTOR_MTURK ?
                                                 "mturk" : "sigv1"));
    json_object_set(o, "secret", json_object_get(src, "secret"));
    if(has_request)
      result = legacy_build(&req, v, err);
    if(!result)
      result = legacy_params(&params, has_request ? &req : NULL, v, err);
    /* What a SigV1 signer signs: every parameter the request carries but
     * Signature, which is its answer (a complete request vector carries
     * it, and sigv1-signature-ignored lists a bogus one): a signer is
     * never handed the answer, and signs all it is given. */
    if(!result && v->scheme == RA_VECTOR_SIGV1) {
      ra_params_remove(&params, "Signature");
      json_object_set_new(o, "params", params_json(&params));
    }
    if(!result && v->scheme == RA_VECTOR_MTURK) {
      json_t *sv = json_object_get(src, "service");
      json_object_set_new(o, "service",
                          sv ? json_copy(sv) : json_string(RA_MTURK_SERVICE));
      json_object_set(o, "operation",
                      json_object_get(has_request ? r : src, "operation"));
      json_object_set(o, "timestamp",
                      json_object_get(has_request ? r : src, "timestamp"));
    }
    ra_http_request_free(&req);
    ra_params_free(&params);
    if(result)
      goto done;
  }
  text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
  if(!text)
    result = vec_error(v, err, NULL, "cannot serialize the inputs");
  else
    result = ra_buf_adds(out, text);
done:
  free(text);
  json_decref(o);
  return result;
}
