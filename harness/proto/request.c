#include "proto/request.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "proto/redact.h"
#include "proto/url.h"
#include "proto/urlenc.h"
#include "proto/utf8.h"

const char *ra_profile_name(ra_profile p)
{
  return p == RA_PROFILE_JSON ? "json-2017" : "legacy-2014";
}

ra_code ra_profile_parse(const char *name, ra_profile *out)
{
  if(name && !strcmp(name, "legacy-2014")) {
    *out = RA_PROFILE_LEGACY;
    return RA_OK;
  }
  if(name && !strcmp(name, "json-2017")) {
    *out = RA_PROFILE_JSON;
    return RA_OK;
  }
  return RA_E_INVALID;
}

void ra_http_request_init(struct ra_http_request *r)
{
  r->method = NULL;
  r->target = NULL;
  r->host = NULL;
  ra_headers_init(&r->headers);
  r->body = NULL;
  r->body_len = 0;
}

void ra_http_request_free(struct ra_http_request *r)
{
  ra_free(r->method);
  ra_free(r->target);
  ra_free(r->host);
  ra_headers_free(&r->headers);
  ra_free(r->body);
  ra_http_request_init(r);
}

int ra_http_request_has_body(const struct ra_http_request *r)
{
  const char *m = r->method ? r->method : "GET";
  if(!strcmp(m, "HEAD"))
    return 0;
  return strcmp(m, "GET") || r->body_len;
}

/* Inserts name: value after the first header named after (or first). */
static void insert_after(struct ra_headers *h, const char *after,
                         const char *name, const char *value)
{
  size_t at = 0;
  size_t i;
  for(i = 0; i < h->count; i++) {
    if(!strcasecmp(h->items[i].name, after)) {
      at = i + 1;
      break;
    }
  }
  ra_headers_add(h, name, value);
  if(at < h->count - 1) {
    struct ra_header added = h->items[h->count - 1];
    memmove(&h->items[at + 1], &h->items[at],
            (h->count - 1 - at) * sizeof(*h->items));
    h->items[at] = added;
  }
}

void ra_http_request_finish(struct ra_http_request *r)
{
  if(r->host && !ra_headers_get(&r->headers, "Host"))
    insert_after(&r->headers, "", "Host", r->host);
  if(ra_http_request_has_body(r) &&
     !ra_headers_get(&r->headers, "Content-Length")) {
    char len[32];
    snprintf(len, sizeof(len), "%zu", r->body_len);
    insert_after(&r->headers, ra_headers_get(&r->headers, "Content-Type") ?
                 "Content-Type" : "Host", "Content-Length", len);
  }
}

/* The one serializer behind format and wire: eol ends each line; wire
 * spells an empty value "Name:" as libcurl sends it. */
static ra_code serialize(struct ra_buf *raw, const struct ra_http_request *r,
                         const char *eol, int wire)
{
  size_t i;
  ra_code result = ra_buf_addf(raw, "%s %s HTTP/1.1%s", r->method ? r->method :
                               "GET", r->target ? r->target : "/", eol);
  if(!result && r->host && !ra_headers_get(&r->headers, "Host"))
    result = ra_buf_addf(raw, "Host: %s%s", r->host, eol);
  for(i = 0; i < r->headers.count && !result; i++) {
    const struct ra_header *h = &r->headers.items[i];
    if(wire && !h->value[0])
      result = ra_buf_addf(raw, "%s:%s", h->name, eol);
    else
      result = ra_buf_addf(raw, "%s: %s%s", h->name, h->value, eol);
  }
  if(!result)
    result = ra_buf_adds(raw, eol);
  if(!result && r->body && r->body_len)
    result = ra_buf_add(raw, r->body, r->body_len);
  return result;
}

ra_code ra_http_request_format(struct ra_buf *out,
                               const struct ra_http_request *r, int redact)
{
  struct ra_buf raw;
  ra_code result;
  ra_buf_init(&raw, RA_BUF_UNLIMITED);
  result = serialize(&raw, r, "\n", 0);
  if(!result && redact) {
    /* the one redactor (proto/redact.h): signatures and Authorization */
    size_t len;
    char *clean = ra_redact(ra_buf_str(&raw), raw.len, NULL, 0, &len);
    result = ra_buf_add(out, clean, len);
    ra_free(clean);
  }
  else if(!result)
    result = ra_buf_add(out, ra_buf_str(&raw), raw.len);
  ra_buf_free(&raw);
  return result;
}

ra_code ra_http_request_wire(struct ra_buf *out,
                             const struct ra_http_request *r)
{
  return serialize(out, r, "\r\n", 1);
}

int ra_request_json_is_boolean(const char *name, const char *value,
                               size_t value_len)
{
  static const char *const boolean_members[] = {"OverrideRejection"};
  size_t i;
  if(!(value_len == 4 && !memcmp(value, "true", 4)) &&
     !(value_len == 5 && !memcmp(value, "false", 5)))
    return 0;
  for(i = 0; i < sizeof(boolean_members) / sizeof(boolean_members[0]); i++) {
    if(!strcmp(name, boolean_members[i]))
      return 1;
  }
  return 0;
}

/* "scheme://host[:port]/path?query" -> host[:port] and the target (path and
 * query), with the one URL parser. */
static ra_code split_endpoint(const char *endpoint, char **hostport,
                              char **target)
{
  struct ra_url u;
  ra_code result;
  ra_url_init(&u);
  result = ra_url_parse(&u, endpoint, RA_URL_PATH_AS_IS);
  if(!result) {
    *hostport = ra_url_hostport(&u);
    *target = ra_url_target(&u);
  }
  ra_url_free(&u);
  return result ? RA_E_INVALID : RA_OK;
}

/* Service, AWSAccessKeyId, Version, Operation, Timestamp, the operation
 * parameters and SignatureVersion, in that order. */
static void legacy_params(struct ra_params *all,
                          const struct ra_legacy_opts *opts,
                          const char *service, const char *operation)
{
  size_t i;
  if(!(opts->omit & RA_REQUEST_OMIT_SERVICE))
    ra_params_adds(all, "Service", service);
  ra_params_adds(all, "AWSAccessKeyId", opts->access_key_id);
  if(opts->version)
    ra_params_adds(all, "Version", opts->version);
  if(operation)
    ra_params_adds(all, "Operation", operation);
  ra_params_adds(all, "Timestamp", opts->timestamp);
  for(i = 0; opts->params && i < opts->params->count; i++)
    ra_params_add(all, opts->params->items[i].name,
                  opts->params->items[i].value,
                  opts->params->items[i].value_len);
  if(opts->sig == RA_LEGACY_SIG_V1)
    ra_params_adds(all, "SignatureVersion", "1");
}

static ra_code legacy_sign(char sig[RA_SIG_SHA1_B64_SIZE],
                           const struct ra_legacy_opts *opts,
                           const struct ra_params *all, const char *service,
                           const char *operation)
{
  const struct ra_legacy_hooks *k = opts->hooks;
  if(k && k->sign)
    return k->sign(k->userp, sig, opts->secret, all);
  if(opts->sig == RA_LEGACY_SIG_V1)
    return ra_signer_sigv1(sig, opts->secret, all);
  return ra_signer_mturk(sig, opts->secret, service,
                         operation ? operation : "", opts->timestamp);
}

/* path, then '?' (or '&' when path has a query) and q. */
static char *join_target(const char *path, const char *q, size_t qlen)
{
  struct ra_buf t;
  ra_buf_init(&t, RA_BUF_UNLIMITED);
  /* cannot fail: unlimited buffer, allocation failure aborts */
  ra_buf_puts(&t, path);
  ra_buf_putc(&t, strchr(path, '?') ? '&' : '?');
  ra_buf_put(&t, q, qlen);
  return ra_buf_take(&t, NULL);
}

ra_code ra_request_build_legacy(struct ra_http_request *out,
                                const struct ra_legacy_opts *opts)
{
  struct ra_params all;
  struct ra_buf query;
  char sig[RA_SIG_SHA1_B64_SIZE];
  char *hostport = NULL;
  char *path = NULL;
  const char *service = opts->service ? opts->service : RA_MTURK_SERVICE;
  const char *operation = (opts->omit & RA_REQUEST_OMIT_OPERATION) ? NULL :
    opts->operation;
  ra_code result;
  ra_params_init(&all);
  ra_buf_init(&query, RA_BUF_UNLIMITED);
  if(!opts->access_key_id || !opts->secret || !opts->timestamp ||
     (!operation && !(opts->omit & RA_REQUEST_OMIT_OPERATION))) {
    result = RA_E_INVALID;
    goto done;
  }
  result = split_endpoint(opts->endpoint, &hostport, &path);
  if(result)
    goto done;
  legacy_params(&all, opts, service, operation);
  result = legacy_sign(sig, opts, &all, service, operation);
  if(result)
    goto done;
  ra_params_adds(&all, "Signature", sig);
  if(opts->hooks && opts->hooks->signed_)
    opts->hooks->signed_(opts->hooks->userp, &all);
  result = ra_urlenc_build_query(&query, &all);
  if(result)
    goto done;
  ra_http_request_free(out);
  out->method = ra_strdup(opts->use_post ? "POST" : "GET");
  out->host = hostport;
  hostport = NULL;
  ra_headers_add(&out->headers, "Host", out->host);
  if(opts->raw_query)
    out->target = join_target(path, opts->raw_query, strlen(opts->raw_query));
  else if(!opts->use_post)
    out->target = join_target(path, ra_buf_str(&query), query.len);
  else {
    out->target = path;
    path = NULL;
  }
  if(opts->use_post) {
    if(!(opts->omit & RA_REQUEST_OMIT_CONTENT_TYPE))
      ra_headers_add(&out->headers, "Content-Type", opts->content_type ?
                     opts->content_type :
                     "application/x-www-form-urlencoded; charset=UTF-8");
    if(opts->raw_body)
      out->body = ra_memdup0(opts->raw_body, opts->raw_body_len);
    else
      out->body = ra_buf_take(&query, &out->body_len);
    if(opts->raw_body)
      out->body_len = opts->raw_body_len;
  }
  ra_http_request_finish(out);
done:
  ra_free(hostport);
  ra_free(path);
  ra_params_free(&all);
  ra_buf_free(&query);
  return result;
}

ra_code ra_request_json_escape(struct ra_buf *out, const char *s, size_t len,
                               ra_json_escape escape)
{
  size_t i = 0;
  ra_code result = RA_OK;
  while(i < len && !result) {
    unsigned char c = (unsigned char)s[i];
    size_t run = i;
    /* a run of bytes that need no escape is appended at once (a megabyte
     * value is mostly one run) */
    while(run < len && (unsigned char)s[run] >= 0x20 && s[run] != '"' &&
          s[run] != '\\' && (unsigned char)s[run] < 0x7F)
      run++;
    if(run > i) {
      result = ra_buf_add(out, s + i, run - i);
      i = run;
      continue;
    }
    if(c == '"')
      result = ra_buf_adds(out, "\\\"");
    else if(c == '\\')
      result = ra_buf_adds(out, "\\\\");
    else if(c == '\n')
      result = ra_buf_adds(out, "\\n");
    else if(c == '\r')
      result = ra_buf_adds(out, "\\r");
    else if(c == '\t')
      result = ra_buf_adds(out, "\\t");
    else if(c == '\b')
      result = ra_buf_adds(out, "\\b");
    else if(c == '\f')
      result = ra_buf_adds(out, "\\f");
    else if(c < 0x20 || (c == 0x7F && escape == RA_JSON_ESCAPE_ASCII))
      result = ra_buf_addf(out, "\\u%04x", c);
    else if(c < 0x80 || escape == RA_JSON_ESCAPE_UTF8)
      result = ra_buf_addc(out, (char)c);
    else {
      uint32_t cp;
      size_t n = ra_utf8_decode(s + i, len - i, &cp);
      if(!n)
        return RA_E_INVALID;
      if(cp >= 0x10000) {
        uint32_t v = cp - 0x10000;
        result = ra_buf_addf(out, "\\u%04x\\u%04x",
                             (unsigned)(0xD800 | (v >> 10)),
                             (unsigned)(0xDC00 | (v & 0x3FF)));
      }
      else
        result = ra_buf_addf(out, "\\u%04x", (unsigned)cp);
      i += n;
      continue;
    }
    i++;
  }
  return result;
}

static ra_code json_string(struct ra_buf *out, const char *s, size_t len,
                           ra_json_escape escape)
{
  ra_code result = ra_buf_addc(out, '"');
  if(!result)
    result = ra_request_json_escape(out, s, len, escape);
  if(!result)
    result = ra_buf_addc(out, '"');
  return result;
}

ra_code ra_request_json_body(struct ra_buf *out, const struct ra_params *params,
                             ra_json_escape escape)
{
  size_t i;
  ra_code result;
  if(escape == RA_JSON_ESCAPE_ASCII) {
    for(i = 0; i < params->count; i++) {
      if(!ra_utf8_valid(params->items[i].name, strlen(params->items[i].name),
                        NULL) ||
         !ra_utf8_valid(params->items[i].value, params->items[i].value_len,
                        NULL))
        return RA_E_INVALID;
    }
  }
  result = ra_buf_addc(out, '{');
  for(i = 0; i < params->count && !result; i++) {
    const struct ra_param *p = &params->items[i];
    if(i)
      result = ra_buf_addc(out, ',');
    if(!result)
      result = json_string(out, p->name, strlen(p->name), escape);
    if(!result)
      result = ra_buf_addc(out, ':');
    if(!result && ra_request_json_is_boolean(p->name, p->value, p->value_len))
      result = ra_buf_add(out, p->value, p->value_len); /* as run sends it */
    else if(!result)
      result = json_string(out, p->value, p->value_len, escape);
  }
  if(!result)
    result = ra_buf_addc(out, '}');
  return result;
}

/* The default signed set: those of content-type, host, x-amz-content-sha256
 * and x-amz-date, x-amz-target that the request sends. */
static void default_signed(struct ra_buf *out, const struct ra_headers *h)
{
  static const char *const names[] = {
    "content-type", "host", "x-amz-content-sha256", "x-amz-date",
    "x-amz-target"
  };
  size_t i;
  for(i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
    if(!ra_headers_get(h, names[i]))
      continue;
    /* cannot fail: unlimited buffer, allocation failure aborts */
    if(out->len)
      ra_buf_putc(out, ';');
    ra_buf_puts(out, names[i]);
  }
}

/* Host, Content-Type, X-Amz-Date, X-Amz-Target, x-amz-content-sha256. */
static void json_headers(struct ra_http_request *out,
                         const struct ra_json_opts *opts,
                         const struct ra_buf *body, char *sha)
{
  struct ra_buf target;
  ra_buf_init(&target, RA_BUF_UNLIMITED);
  ra_headers_add(&out->headers, "Host", out->host);
  if(!(opts->omit & RA_REQUEST_OMIT_CONTENT_TYPE))
    ra_headers_add(&out->headers, "Content-Type", opts->content_type ?
                   opts->content_type : RA_JSON_CONTENT_TYPE);
  ra_headers_add(&out->headers, "X-Amz-Date", opts->amz_date);
  ra_buf_putf(&target, "%s%s", RA_JSON_TARGET_PREFIX, opts->operation);
  if(!(opts->omit & RA_REQUEST_OMIT_TARGET))
    ra_headers_add(&out->headers, "X-Amz-Target", opts->target_header ?
                   opts->target_header : ra_buf_str(&target));
  if(opts->add_content_sha256) {
    if(opts->content_sha256)
      snprintf(sha, RA_SHA256_HEX_SIZE, "%s", opts->content_sha256);
    else
      ra_signer_sha256_hex(sha, ra_buf_str(body), body->len);
    ra_headers_add(&out->headers, "x-amz-content-sha256", sha);
  }
  ra_buf_free(&target);
}

static ra_code json_sign(struct ra_sigv4_output *sig,
                         const struct ra_http_request *req,
                         const struct ra_json_opts *opts,
                         const struct ra_buf *body, const char *sha,
                         const char *signed_headers)
{
  struct ra_sigv4_input in;
  char *path = ra_strdup(req->target);
  char *q = strchr(path, '?');
  ra_code result;
  memset(&in, 0, sizeof(in));
  if(q)
    *q++ = '\0';
  in.method = req->method;
  in.path = path;
  in.query = q;
  in.headers = &req->headers;
  in.payload = ra_buf_str(body);
  in.payload_len = body->len;
  in.payload_hash = opts->add_content_sha256 ? sha : NULL;
  in.signed_headers = signed_headers;
  in.access_key_id = opts->access_key_id;
  in.secret = opts->secret;
  in.region = opts->region ? opts->region : RA_SIGV4_REGION;
  in.service = opts->service ? opts->service : RA_SIGV4_SERVICE;
  in.amz_date = opts->amz_date;
  in.scope_date = opts->scope_date;
  result = ra_sigv4_sign(sig, &in);
  ra_free(path);
  return result;
}

ra_code ra_request_build_json(struct ra_http_request *out,
                              const struct ra_json_opts *opts)
{
  const struct ra_json_hooks *k = opts->hooks;
  struct ra_buf body;
  struct ra_buf signed_set;
  struct ra_sigv4_output sig;
  struct ra_params empty;
  char *hostport = NULL;
  char *path = NULL;
  char sha[RA_SHA256_HEX_SIZE];
  ra_code result;
  ra_buf_init(&body, RA_BUF_UNLIMITED);
  ra_buf_init(&signed_set, RA_BUF_UNLIMITED);
  ra_sigv4_output_init(&sig);
  ra_params_init(&empty);
  if(!opts->access_key_id || !opts->secret || !opts->amz_date ||
     !opts->operation) {
    result = RA_E_INVALID;
    goto done;
  }
  result = split_endpoint(opts->endpoint, &hostport, &path);
  if(result)
    goto done;
  if(opts->raw_body)
    result = ra_buf_add(&body, opts->raw_body, opts->raw_body_len);
  else
    result = ra_request_json_body(&body, opts->params ? opts->params : &empty,
                                  opts->escape);
  if(result)
    goto done;
  ra_http_request_free(out);
  out->method = ra_strdup(opts->method ? opts->method : "POST");
  out->target = path;
  path = NULL;
  out->host = hostport;
  hostport = NULL;
  json_headers(out, opts, &body, sha);
  if(opts->signed_headers)
    result = ra_buf_adds(&signed_set, opts->signed_headers);
  else
    default_signed(&signed_set, &out->headers);
  if(result)
    goto done;
  if(k && k->before_sign)
    k->before_sign(k->userp, out, &signed_set);
  result = json_sign(&sig, out, opts, &body, sha, ra_buf_str(&signed_set));
  if(result)
    goto done;
  ra_headers_add(&out->headers, "Authorization",
                 ra_buf_str(&sig.authorization));
  if(k && k->signed_)
    k->signed_(k->userp, &sig, out, &body);
  out->body = ra_buf_take(&body, &out->body_len);
  ra_http_request_finish(out);
done:
  ra_free(hostport);
  ra_free(path);
  ra_buf_free(&body);
  ra_buf_free(&signed_set);
  ra_sigv4_output_free(&sig);
  ra_params_free(&empty);
  return result;
}
