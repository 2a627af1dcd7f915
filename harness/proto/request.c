#include "proto/request.h"

#include <stdio.h>
#include <string.h>

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

ra_code ra_http_request_format(struct ra_buf *out,
                               const struct ra_http_request *r, int redact)
{
  struct ra_buf raw;
  size_t i;
  ra_code result;
  ra_buf_init(&raw, RA_BUF_UNLIMITED);
  result = ra_buf_addf(&raw, "%s %s HTTP/1.1\n", r->method ? r->method :
                       "GET", r->target ? r->target : "/");
  if(!result && r->host && !ra_headers_get(&r->headers, "Host"))
    result = ra_buf_addf(&raw, "Host: %s\n", r->host);
  for(i = 0; i < r->headers.count && !result; i++) {
    const struct ra_header *h = &r->headers.items[i];
    result = ra_buf_addf(&raw, "%s: %s\n", h->name, h->value);
  }
  if(!result)
    result = ra_buf_addc(&raw, '\n');
  if(!result && r->body && r->body_len)
    result = ra_buf_add(&raw, r->body, r->body_len);
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

ra_code ra_request_build_legacy(struct ra_http_request *out,
                                const struct ra_legacy_opts *opts)
{
  struct ra_params params;
  struct ra_buf query;
  char sig[RA_SIG_SHA1_B64_SIZE];
  char *hostport = NULL;
  char *path = NULL;
  ra_code result;
  size_t i;
  ra_params_init(&params);
  ra_buf_init(&query, RA_BUF_UNLIMITED);
  if(!opts->access_key_id || !opts->secret || !opts->timestamp ||
     !opts->operation) {
    result = RA_E_INVALID;
    goto done;
  }
  result = split_endpoint(opts->endpoint, &hostport, &path);
  if(result)
    goto done;
  ra_params_adds(&params, "Service", RA_MTURK_SERVICE);
  ra_params_adds(&params, "AWSAccessKeyId", opts->access_key_id);
  if(opts->version)
    ra_params_adds(&params, "Version", opts->version);
  ra_params_adds(&params, "Operation", opts->operation);
  ra_params_adds(&params, "Timestamp", opts->timestamp);
  if(opts->params) {
    for(i = 0; i < opts->params->count; i++)
      ra_params_add(&params, opts->params->items[i].name,
                    opts->params->items[i].value,
                    opts->params->items[i].value_len);
  }
  if(opts->sig == RA_LEGACY_SIG_V1) {
    ra_params_adds(&params, "SignatureVersion", "1");
    result = ra_signer_sigv1(sig, opts->secret, &params);
  }
  else
    result = ra_signer_mturk(sig, opts->secret, NULL, opts->operation,
                             opts->timestamp);
  if(result)
    goto done;
  ra_params_adds(&params, "Signature", sig);
  result = ra_urlenc_build_query(&query, &params);
  if(result)
    goto done;
  ra_http_request_free(out);
  out->host = hostport;
  hostport = NULL;
  ra_headers_add(&out->headers, "Host", out->host);
  if(opts->use_post) {
    char len[32];
    out->method = ra_strdup("POST");
    out->target = path;
    path = NULL;
    snprintf(len, sizeof(len), "%zu", query.len);
    ra_headers_add(&out->headers, "Content-Type",
                   "application/x-www-form-urlencoded; charset=UTF-8");
    ra_headers_add(&out->headers, "Content-Length", len);
    out->body = ra_buf_take(&query, &out->body_len);
  }
  else {
    struct ra_buf t;
    ra_buf_init(&t, RA_BUF_UNLIMITED);
    out->method = ra_strdup("GET");
    result = ra_buf_adds(&t, path);
    if(!result)
      result = ra_buf_addc(&t, strchr(path, '?') ? '&' : '?');
    if(!result)
      result = ra_buf_add(&t, query.ptr, query.len);
    if(result)
      goto done;
    out->target = ra_buf_take(&t, NULL);
  }
done:
  ra_free(hostport);
  ra_free(path);
  ra_params_free(&params);
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
    if(!result)
      result = json_string(out, p->value, p->value_len, escape);
  }
  if(!result)
    result = ra_buf_addc(out, '}');
  return result;
}

ra_code ra_request_build_json(struct ra_http_request *out,
                              const struct ra_json_opts *opts)
{
  struct ra_buf body;
  struct ra_buf target;
  struct ra_buf signed_set;
  struct ra_sigv4_output sig;
  struct ra_sigv4_input in;
  struct ra_params empty;
  char *hostport = NULL;
  char *path = NULL;
  char hash[RA_SHA256_HEX_SIZE];
  char len[32];
  const char *q;
  ra_code result;
  ra_buf_init(&body, RA_BUF_UNLIMITED);
  ra_buf_init(&target, RA_BUF_UNLIMITED);
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
  out->method = ra_strdup("POST");
  out->target = path;
  path = NULL;
  out->host = hostport;
  hostport = NULL;
  snprintf(len, sizeof(len), "%zu", body.len);
  ra_signer_sha256_hex(hash, ra_buf_str(&body), body.len);
  ra_headers_add(&out->headers, "Host", out->host);
  ra_headers_add(&out->headers, "Content-Type", RA_JSON_CONTENT_TYPE);
  ra_headers_add(&out->headers, "Content-Length", len);
  ra_headers_add(&out->headers, "X-Amz-Date", opts->amz_date);
  result = ra_buf_addf(&target, "%s%s", RA_JSON_TARGET_PREFIX,
                       opts->operation);
  if(result)
    goto done;
  ra_headers_add(&out->headers, "X-Amz-Target", ra_buf_str(&target));
  if(opts->add_content_sha256)
    ra_headers_add(&out->headers, "X-Amz-Content-Sha256", hash);
  if(opts->signed_headers)
    result = ra_buf_adds(&signed_set, opts->signed_headers);
  else
    result = ra_buf_adds(&signed_set,
                         opts->add_content_sha256 ?
                           "content-type;host;x-amz-content-sha256;"
                           "x-amz-date;x-amz-target" :
                           "content-type;host;x-amz-date;x-amz-target");
  if(result)
    goto done;
  q = strchr(out->target, '?');
  memset(&in, 0, sizeof(in));
  in.method = out->method;
  {
    char *p = q ? ra_strndup(out->target, (size_t)(q - out->target)) :
                  ra_strdup(out->target);
    in.path = p;
    in.query = q ? q + 1 : NULL;
    in.headers = &out->headers;
    in.payload = ra_buf_str(&body);
    in.payload_len = body.len;
    in.payload_hash = opts->add_content_sha256 ? hash : NULL;
    in.signed_headers = ra_buf_str(&signed_set);
    in.access_key_id = opts->access_key_id;
    in.secret = opts->secret;
    in.region = opts->region ? opts->region : RA_SIGV4_REGION;
    in.service = opts->service ? opts->service : RA_SIGV4_SERVICE;
    in.amz_date = opts->amz_date;
    result = ra_sigv4_sign(&sig, &in);
    ra_free(p);
  }
  if(result)
    goto done;
  ra_headers_add(&out->headers, "Authorization",
                 ra_buf_str(&sig.authorization));
  out->body = ra_buf_take(&body, &out->body_len);
done:
  ra_free(hostport);
  ra_free(path);
  ra_buf_free(&body);
  ra_buf_free(&target);
  ra_buf_free(&signed_set);
  ra_sigv4_output_free(&sig);
  ra_params_free(&empty);
  return result;
}
