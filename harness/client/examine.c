/* Judging one recorded client request (see examine.h). */
#include "client/examine.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "proto/redact.h"
#include "proto/urlenc.h"
#include "proto/utf8.h"

/* SigV4 services commonly allow 5 minutes of skew, the legacy API was
 * generically 15 (notes 1.3, 2.5): the examiner allows the larger one for
 * both, since it only wants to catch a broken clock or time zone. */
#define SKEW_MAX_MS (15 * 60 * 1000)
#define UA_MAX 512
#define PARAMS_MAX 200

static const char *const check_names[RA_EXAMINE_COUNT] = {
  "signature", "headers", "encoding", "feedback", "credentials", "user-agent"
};

static const char *const check_titles[RA_EXAMINE_COUNT] = {
  "signature valid for the client's credentials",
  "required headers and parameters present",
  "values encoded correctly",
  "feedback arrives byte-exact",
  "no credentials where they must not be",
  "sane User-Agent"
};

const char *ra_examine_check_name(ra_examine_check c)
{
  return (unsigned)c < RA_EXAMINE_COUNT ? check_names[c] : "unknown";
}

const char *ra_examine_check_title(ra_examine_check c)
{
  return (unsigned)c < RA_EXAMINE_COUNT ? check_titles[c] : "unknown";
}

void ra_cc_request_init(struct ra_cc_request *r)
{
  memset(r, 0, sizeof(*r));
  ra_headers_init(&r->headers);
}

void ra_cc_request_free(struct ra_cc_request *r)
{
  if(!r)
    return;
  ra_free(r->method);
  ra_free(r->target);
  ra_headers_free(&r->headers);
  ra_free(r->body);
  ra_cc_request_init(r);
}

/* Appends one reason, separated from earlier ones. */
static void why_add(struct ra_buf *b, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));
static void why_add(struct ra_buf *b, const char *fmt, ...)
{
  va_list ap;
  if(b->len)
    ra_buf_puts(b, "; ");
  va_start(ap, fmt);
  ra_buf_vputf(b, fmt, ap);
  va_end(ap);
}

/* The query part of the target (borrowed; "" when none). */
static const char *target_query(const char *target)
{
  const char *q = strchr(target, '?');
  return q ? q + 1 : "";
}

static char *target_path(const char *target)
{
  const char *q = strchr(target, '?');
  return q ? ra_strndup(target, (size_t)(q - target)) : ra_strdup(target);
}

/* Media type of a Content-Type value equals want (case-insensitive,
 * parameters ignored). */
static int media_type_is(const char *value, const char *want)
{
  size_t n = strlen(want);
  if(!value)
    return 0;
  while(*value == ' ')
    value++;
  if(strncasecmp(value, want, n))
    return 0;
  value += n;
  while(*value == ' ')
    value++;
  return *value == '\0' || *value == ';';
}

/* Legacy parameters: query string, then the form body. RA_E_PARSE on a bad
 * percent escape. */
static ra_code legacy_params(const struct ra_cc_request *req,
                             struct ra_params *out)
{
  const char *q = target_query(req->target);
  ra_code result = ra_urlenc_parse_query(out, q, strlen(q), RA_URLENC_FORM,
                                         PARAMS_MAX);
  if(result)
    return result;
  if(req->body_len && media_type_is(ra_headers_get(&req->headers,
                                                   "Content-Type"),
                                    "application/x-www-form-urlencoded"))
    result = ra_urlenc_parse_query(out, req->body, req->body_len,
                                   RA_URLENC_FORM, PARAMS_MAX);
  return result;
}

ra_code ra_examine_feedback(const struct ra_cc_request *req, ra_profile profile,
                          char **out, size_t *len)
{
  ra_code result = RA_OK;
  *out = NULL;
  *len = 0;
  if(profile == RA_PROFILE_LEGACY) {
    struct ra_params params;
    const struct ra_param *p;
    ra_params_init(&params);
    result = legacy_params(req, &params);
    if(!result) {
      p = ra_params_get(&params, "RequesterFeedback");
      if(p) {
        *out = ra_memdup0(p->value, p->value_len);
        *len = p->value_len;
      }
      else
        result = RA_E_NOT_FOUND;
    }
    ra_params_free(&params);
  }
  else {
    json_error_t jerr;
    json_t *root = json_loadb(req->body ? req->body : "", req->body_len,
                              JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
    json_t *fb = root ? json_object_get(root, "RequesterFeedback") : NULL;
    if(!root || !json_is_object(root))
      result = RA_E_PARSE;
    else if(!fb)
      result = RA_E_NOT_FOUND;
    else if(!json_is_string(fb))
      result = RA_E_PARSE;
    else {
      *len = json_string_length(fb);
      *out = ra_memdup0(json_string_value(fb), *len);
    }
    json_decref(root);
  }
  return result;
}

/* ---- signature ------------------------------------------------------- */

static void check_skew(struct ra_buf *why, const char *what, const char *value,
                       int64_t now_ms)
{
  int64_t t;
  if(ra_clock_parse_iso8601(value, &t)) {
    why_add(why, "%s '%s' is not a valid date-time", what, value);
    return;
  }
  if(now_ms && (t - now_ms > SKEW_MAX_MS || now_ms - t > SKEW_MAX_MS))
    why_add(why, "%s '%s' is %lld s away from the examiner's clock", what,
            value, (long long)((t - now_ms) / 1000));
}

static int sigv4_matches(const struct ra_cc_request *req,
                         const struct ra_examine_input *in,
                         const struct ra_sigv4_authz *az,
                         const char *payload_hash, const char *path,
                         const char *query, const char *amz_date)
{
  struct ra_sigv4_input si;
  struct ra_sigv4_output so;
  int ok;
  memset(&si, 0, sizeof(si));
  si.method = req->method;
  si.path = path;
  si.query = *query ? query : NULL;
  si.headers = &req->headers;
  si.payload = req->body ? req->body : "";
  si.payload_len = req->body_len;
  si.payload_hash = payload_hash;
  si.signed_headers = az->signed_headers;
  si.access_key_id = az->access_key_id;
  si.secret = in->secret;
  si.region = az->region;
  si.service = az->service;
  si.amz_date = amz_date;
  ra_sigv4_output_init(&so);
  ok = !ra_sigv4_sign(&so, &si) &&
       ra_signer_equal(ra_buf_str(&so.signature), az->signature);
  ra_sigv4_output_free(&so);
  return ok;
}

static void judge_sigv4(const struct ra_cc_request *req,
                        const struct ra_examine_input *in, struct ra_buf *why,
                        struct ra_buf *weak, struct ra_buf *info)
{
  const char *authz = ra_headers_get(&req->headers, "Authorization");
  const char *amz_date = ra_headers_get(&req->headers, "X-Amz-Date");
  const char *sha = ra_headers_get(&req->headers, "X-Amz-Content-Sha256");
  /* What every observed client signs and the service needs (notes 2.2:
   * any valid set with host and x-amz-date worked). */
  static const char *const must_sign[] = {"host", "x-amz-date"};
  struct ra_sigv4_authz az;
  char body_hash[RA_SHA256_HEX_SIZE];
  char empty_hash[RA_SHA256_HEX_SIZE];
  const char *payload_hash;
  char *path = NULL;
  const char *query;
  size_t i;

  memset(&az, 0, sizeof(az));
  if(!authz) {
    why_add(why, "no Authorization header");
    return;
  }
  if(ra_sigv4_parse_authorization(&az, authz)) {
    size_t n = strcspn(authz, " ");
    why_add(why, "Authorization is not a SigV4 header (scheme '%.*s')",
            (int)(n > 32 ? 32 : n), authz);
    return;
  }
  if(strcmp(az.access_key_id, in->access_key_id))
    why_add(why, "signed with access key '%s', expected '%s'",
            az.access_key_id, in->access_key_id);
  if(strcmp(az.region, RA_SIGV4_REGION))
    why_add(why, "credential scope region '%s', expected '%s'", az.region,
            RA_SIGV4_REGION);
  if(strcmp(az.service, RA_SIGV4_SERVICE))
    why_add(why, "credential scope service '%s', expected '%s'", az.service,
            RA_SIGV4_SERVICE);
  if(strcmp(az.terminator, "aws4_request"))
    why_add(why, "credential scope ends in '%s', expected 'aws4_request'",
            az.terminator);
  for(i = 0; i < sizeof(must_sign) / sizeof(must_sign[0]); i++) {
    if(!ra_sigv4_signed_headers_has(az.signed_headers, must_sign[i]))
      why_add(why, "SignedHeaders '%s' leaves out %s", az.signed_headers,
              must_sign[i]);
  }
  why_add(info, "SigV4, SignedHeaders %s", az.signed_headers);
  /* Accepted by the service (a PHP client signed only host;x-amz-date;
   * x-amz-target, notes 2.2), but an unsigned header can be changed on the
   * way: weaker than every SDK. */
  if(!ra_sigv4_signed_headers_has(az.signed_headers, "x-amz-target"))
    why_add(weak, "x-amz-target is not signed: the operation name is not "
            "protected by the signature");
  if(!ra_sigv4_signed_headers_has(az.signed_headers, "content-type"))
    why_add(weak, "content-type is not signed (recommended)");
  if(!amz_date) {
    why_add(why, "no X-Amz-Date header");
    goto done;
  }
  if(strncmp(amz_date, az.date8, 8) || strlen(az.date8) != 8)
    why_add(why, "credential scope date '%s' is not the date of X-Amz-Date "
            "'%s'", az.date8, amz_date);
  check_skew(why, "X-Amz-Date", amz_date, in->now_ms);
  {
    /* every signed header must be present */
    const char *p = az.signed_headers;
    while(p && *p) {
      const char *end = strchr(p, ';');
      char *name = end ? ra_strndup(p, (size_t)(end - p)) : ra_strdup(p);
      if(!ra_headers_get(&req->headers, name))
        why_add(why, "signed header '%s' is not in the request", name);
      ra_free(name);
      p = end ? end + 1 : NULL;
    }
  }

  ra_signer_sha256_hex(body_hash, req->body ? req->body : "", req->body_len);
  ra_signer_sha256_hex(empty_hash, "", 0);
  payload_hash = body_hash;
  if(sha) {
    if(!strcmp(sha, "UNSIGNED-PAYLOAD")) {
      why_add(why, "the payload is not signed (x-amz-content-sha256: "
              "UNSIGNED-PAYLOAD)");
      payload_hash = sha;
    }
    else if(strcmp(sha, body_hash)) {
      why_add(why, "x-amz-content-sha256 does not match the body: the "
              "signed payload hash is not the hash of the body sent");
      payload_hash = sha;
    }
  }
  path = target_path(req->target);
  query = target_query(req->target);
  if(!sigv4_matches(req, in, &az, payload_hash, path, query, amz_date)) {
    if(!sha && req->body_len &&
       sigv4_matches(req, in, &az, empty_hash, path, query, amz_date))
      why_add(why, "signed payload hash does not match the body: the "
              "signature covers an empty payload, not the %zu-byte body "
              "sent", req->body_len);
    else
      why_add(why, "signature does not match the request as received "
              "(SignedHeaders %s)", az.signed_headers);
  }
done:
  ra_free(path);
  ra_sigv4_authz_free(&az);
}

static void judge_legacy_sig(const struct ra_params *params,
                             const struct ra_examine_input *in,
                             struct ra_buf *why, struct ra_buf *info)
{
  const struct ra_param *sig = ra_params_get(params, "Signature");
  const struct ra_param *ts = ra_params_get(params, "Timestamp");
  const struct ra_param *op = ra_params_get(params, "Operation");
  const struct ra_param *ak = ra_params_get(params, "AWSAccessKeyId");
  const struct ra_param *sv = ra_params_get(params, "SignatureVersion");
  char want[RA_SIG_SHA1_B64_SIZE];
  ra_code result;

  if(!sig || !ts || !op) {
    why_add(why, "cannot check the signature: %s missing",
            !sig ? "Signature" : !ts ? "Timestamp" : "Operation");
    return;
  }
  if(!ak || strcmp(ak->value, in->access_key_id))
    why_add(why, "AWSAccessKeyId '%s', expected '%s'", ak ? ak->value : "",
            in->access_key_id);
  check_skew(why, "Timestamp", ts->value, in->now_ms);
  if(sv && strcmp(sv->value, "1")) {
    why_add(why, "SignatureVersion '%s' is not supported by MTurk (MTurk "
            "HMAC-SHA1 or 1)", sv->value);
    return;
  }
  why_add(info, "%s", sv ? "AWS Signature Version 1 (every parameter, "
          "SignatureVersion=1)" : "MTurk HMAC-SHA1 (Service + Operation + "
          "Timestamp)");
  if(sv)
    result = ra_signer_sigv1(want, in->secret, params);
  else
    result = ra_signer_mturk(want, in->secret, RA_MTURK_SERVICE, op->value,
                             ts->value);
  if(result || !ra_signer_equal(want, sig->value))
    why_add(why, "%s signature does not match (string to sign: %s)",
            sv ? "SigV1" : "MTurk HMAC-SHA1",
            sv ? "sorted parameter names and values"
               : "AWSMechanicalTurkRequester + Operation + Timestamp");
}

/* ---- the other checks ------------------------------------------------ */

static void judge_json_headers(const struct ra_cc_request *req,
                               struct ra_buf *why, struct ra_buf *info)
{
  const char *tgt = ra_headers_get(&req->headers, "X-Amz-Target");
  const char *ct = ra_headers_get(&req->headers, "Content-Type");
  if(strcmp(req->method, "POST"))
    why_add(why, "method %s, expected POST", req->method);
  if(!tgt)
    why_add(why, "no X-Amz-Target header");
  else if(strcmp(tgt, RA_JSON_TARGET_PREFIX "RejectAssignment"))
    why_add(why, "X-Amz-Target '%s', expected '%s'", tgt,
            RA_JSON_TARGET_PREFIX "RejectAssignment");
  if(!ct)
    why_add(why, "no Content-Type header");
  else if(!media_type_is(ct, RA_JSON_CONTENT_TYPE))
    why_add(why, "Content-Type '%s', expected '%s'", ct,
            RA_JSON_CONTENT_TYPE);
  else if(strcmp(ct, RA_JSON_CONTENT_TYPE))
    why_add(info, "Content-Type '%s' carries parameters", ct);
  if(!ra_headers_get(&req->headers, "Host"))
    why_add(why, "no Host header");
}

/* What the legacy service required, audited against the notes (1.2):
 * Operation, AWSAccessKeyId, Timestamp, Signature and the operation's
 * AssignmentId. Not Service (boto 2 never sent it and worked for years),
 * not Version (optional: "the latest version is used"), not ResponseGroup
 * (the table says required, real clients omitted it). */
static void judge_legacy_headers(const struct ra_cc_request *req,
                                 const struct ra_params *params,
                                 const struct ra_examine_input *in,
                                 struct ra_buf *why, struct ra_buf *weak)
{
  static const char *const required[] = {"Operation", "AWSAccessKeyId",
    "Timestamp", "Signature", "AssignmentId"};
  static const char *const once[] = {"Service", "Version",
    "RequesterFeedback", "SignatureVersion"};
  const struct ra_param *p;
  size_t i;
  for(i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
    size_t n = ra_params_count_name(params, required[i]);
    if(!n)
      why_add(why, "parameter %s missing", required[i]);
    else if(n > 1)
      why_add(why, "parameter %s sent %zu times", required[i], n);
  }
  for(i = 0; i < sizeof(once) / sizeof(once[0]); i++) {
    size_t n = ra_params_count_name(params, once[i]);
    if(n > 1)
      why_add(why, "parameter %s sent %zu times", once[i], n);
  }
  /* A wrong value where none is needed: the service probably ignored it
   * (notes 1.2, INFERRED), the client is still wrong about it. */
  p = ra_params_get(params, "Service");
  if(p && strcmp(p->value, RA_MTURK_SERVICE))
    why_add(weak, "Service '%s', expected '%s' (or none)", p->value,
            RA_MTURK_SERVICE);
  p = ra_params_get(params, "Operation");
  if(p && strcmp(p->value, "RejectAssignment"))
    why_add(why, "Operation '%s', expected 'RejectAssignment'", p->value);
  p = ra_params_get(params, "AssignmentId");
  if(p && strcmp(p->value, in->assignment_id))
    why_add(why, "AssignmentId '%s', expected '%s'", p->value,
            in->assignment_id);
  if(strcmp(req->method, "GET") && strcmp(req->method, "POST"))
    why_add(why, "method %s, expected GET or POST", req->method);
  if(!strcmp(req->method, "POST") && req->body_len &&
     !media_type_is(ra_headers_get(&req->headers, "Content-Type"),
                    "application/x-www-form-urlencoded"))
    why_add(why, "POST body with Content-Type '%s', expected "
            "application/x-www-form-urlencoded",
            ra_headers_get(&req->headers, "Content-Type") ?
            ra_headers_get(&req->headers, "Content-Type") : "(none)");
}

/* Raw form/query text may hold only printable ASCII other than space:
 * everything else must be percent-encoded (UTF-8 first). */
static void judge_form_bytes(const char *what, const char *s, size_t len,
                             struct ra_buf *why)
{
  size_t i;
  for(i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if(c <= 0x20 || c >= 0x7f) {
      why_add(why, "%s has a raw byte 0x%02X at offset %zu (values must be "
              "percent-encoded UTF-8)", what, c, i);
      return;
    }
  }
}

static int contains(const char *hay, size_t haylen, const char *needle);

/* The raw (still encoded) value of name in form text, borrowed, or NULL. */
static const char *raw_param(const char *s, size_t len, const char *name,
                             size_t *vlen)
{
  size_t n = strlen(name), i = 0;
  while(i < len) {
    size_t end = i;
    while(end < len && s[end] != '&')
      end++;
    if(end - i > n && !memcmp(s + i, name, n) && s[i + n] == '=') {
      *vlen = end - i - n - 1;
      return s + i + n + 1;
    }
    i = end + 1;
  }
  return NULL;
}

/* How the client put the feedback on the wire, for the record. */
static void describe_encoding(const struct ra_cc_request *req,
                              const struct ra_examine_input *in,
                              struct ra_buf *info)
{
  if(in->profile == RA_PROFILE_LEGACY) {
    const char *q = target_query(req->target);
    const char *v = NULL;
    size_t vlen = 0;
    int in_body = 0;
    if(req->body_len) {
      v = raw_param(req->body, req->body_len, "RequesterFeedback", &vlen);
      in_body = v != NULL;
    }
    if(!v)
      v = raw_param(q, strlen(q), "RequesterFeedback", &vlen);
    why_add(info, "%s %s", req->method, !v ? "without RequesterFeedback" :
            in_body ? "form body" : "query string");
    if(v && memchr(v, '+', vlen))
      why_add(info, "space as +");
    else if(v && contains(v, vlen, "%20"))
      why_add(info, "space as %%20");
  }
  else {
    size_t i;
    int raw = 0;
    for(i = 0; i < req->body_len && !raw; i++)
      raw = (unsigned char)req->body[i] >= 0x80;
    why_add(info, "JSON, non-ASCII %s", raw ? "as raw UTF-8" :
            contains(req->body, req->body_len, "\\u") ?
            "as \\u escapes (surrogate pairs for astral characters)" :
            "not present");
    if(contains(req->body, req->body_len, "\": \"") &&
       contains(req->body, req->body_len, "\", \""))
      why_add(info, "a space after ':' and ','");
  }
}

static void judge_encoding(const struct ra_cc_request *req,
                           const struct ra_examine_input *in,
                           int params_ok, const struct ra_params *params,
                           struct ra_buf *why, struct ra_buf *info)
{
  describe_encoding(req, in, info);
  if(in->profile == RA_PROFILE_LEGACY) {
    const char *q = target_query(req->target);
    const struct ra_param *fb;
    size_t bad;
    judge_form_bytes("query string", q, strlen(q), why);
    if(req->body_len)
      judge_form_bytes("form body", req->body, req->body_len, why);
    if(!params_ok) {
      why_add(why, "query string or form body is not valid "
              "percent-encoding");
      return;
    }
    fb = ra_params_get(params, "RequesterFeedback");
    if(fb && !ra_utf8_valid(fb->value, fb->value_len, &bad))
      why_add(why, "RequesterFeedback decodes to invalid UTF-8 at byte %zu",
              bad);
  }
  else {
    json_error_t jerr;
    json_t *root = json_loadb(req->body ? req->body : "", req->body_len,
                              JSON_REJECT_DUPLICATES, &jerr);
    json_t *v;
    if(!root) {
      why_add(why, "body is not valid JSON (%s at byte %d)", jerr.text,
              jerr.position);
      return;
    }
    if(!json_is_object(root))
      why_add(why, "body is not a JSON object");
    else {
      v = json_object_get(root, "AssignmentId");
      if(!v)
        why_add(why, "AssignmentId missing from the body");
      else if(!json_is_string(v))
        why_add(why, "AssignmentId is not a JSON string");
      else if(strcmp(json_string_value(v), in->assignment_id))
        why_add(why, "AssignmentId '%s', expected '%s'", json_string_value(v),
                in->assignment_id);
      v = json_object_get(root, "RequesterFeedback");
      if(!v)
        why_add(why, "RequesterFeedback missing from the body (required in "
                "json-2017)");
      else if(!json_is_string(v))
        why_add(why, "RequesterFeedback is not a JSON string");
    }
    json_decref(root);
  }
}

/* A printable rendering of the first bytes of s, for reasons. */
static void excerpt(struct ra_buf *out, const char *s, size_t len)
{
  ra_utf8_escape(out, s, len < 24 ? len : 24, (size_t)-1,
                 RA_UTF8_ESCAPE_ASCII);
  if(len > 24)
    ra_buf_puts(out, "...");
}

static void judge_feedback(const struct ra_cc_request *req,
                           const struct ra_examine_input *in, struct ra_buf *why)
{
  char *got = NULL;
  size_t len = 0;
  ra_code result = ra_examine_feedback(req, in->profile, &got, &len);
  if(result == RA_E_NOT_FOUND) {
    why_add(why, "RequesterFeedback not sent (asked to send %zu bytes)",
            in->feedback_len);
  }
  else if(result) {
    why_add(why, "RequesterFeedback cannot be decoded");
  }
  else if(len != in->feedback_len || memcmp(got, in->feedback, len)) {
    struct ra_buf mangled, a, b;
    size_t i, off = 0;
    ra_buf_init(&mangled, RA_BUF_UNLIMITED);
    ra_buf_init(&a, RA_BUF_UNLIMITED);
    ra_buf_init(&b, RA_BUF_UNLIMITED);
    /* The UTF-8 bytes taken as Latin-1 characters and encoded again. */
    for(i = 0; i < in->feedback_len; i++)
      ra_utf8_append(&mangled, (unsigned char)in->feedback[i]);
    while(off < len && off < in->feedback_len && got[off] == in->feedback[off])
      off++;
    excerpt(&a, in->feedback + off, in->feedback_len - off);
    excerpt(&b, got + off, len - off);
    if(mangled.len == len && !memcmp(mangled.ptr, got, len))
      why_add(why, "feedback arrived double-encoded: its UTF-8 bytes were "
              "sent as Latin-1 characters (%zu bytes asked, %zu received)",
              in->feedback_len, len);
    else if(len < in->feedback_len && off == len)
      why_add(why, "feedback silently truncated: %zu of %zu bytes (%zu of "
              "%zu characters) sent", len, in->feedback_len,
              ra_utf8_valid(got, len, NULL) ? ra_utf8_codepoints(got, len) : 0,
              ra_utf8_codepoints(in->feedback, in->feedback_len));
    else
      why_add(why, "feedback differs from what the client was asked to send "
              "at byte %zu: expected \"%s\", received \"%s\" (%zu bytes "
              "asked, %zu received)", off, ra_buf_str(&a), ra_buf_str(&b),
              in->feedback_len, len);
    ra_buf_free(&mangled);
    ra_buf_free(&a);
    ra_buf_free(&b);
  }
  ra_free(got);
}

static int contains(const char *hay, size_t haylen, const char *needle)
{
  size_t n = strlen(needle), i;
  if(!n || haylen < n)
    return 0;
  for(i = 0; i + n <= haylen; i++) {
    if(!memcmp(hay + i, needle, n))
      return 1;
  }
  return 0;
}

static void judge_credentials(const struct ra_cc_request *req,
                              const struct ra_examine_input *in,
                              struct ra_buf *why)
{
  struct ra_buf enc;
  const char *forms[2];
  size_t f, i;
  ra_buf_init(&enc, RA_BUF_UNLIMITED);
  ra_urlenc_encode(&enc, in->secret, strlen(in->secret), 0);
  forms[0] = in->secret;
  forms[1] = ra_buf_str(&enc);
  for(f = 0; f < 2; f++) {
    if(contains(req->target, strlen(req->target), forms[f]))
      why_add(why, "the secret access key appears in the URL%s",
              f ? " (percent-encoded)" : "");
    if(req->body && contains(req->body, req->body_len, forms[f]))
      why_add(why, "the secret access key appears in the body%s",
              f ? " (percent-encoded)" : "");
    for(i = 0; i < req->headers.count; i++) {
      const struct ra_header *h = &req->headers.items[i];
      if(contains(h->value, strlen(h->value), forms[f]))
        why_add(why, "the secret access key appears in header %s", h->name);
    }
  }
  ra_buf_free(&enc);
  if(in->profile == RA_PROFILE_JSON) {
    static const char *const keys[] = {"X-Amz-Signature", "X-Amz-Credential",
      "AWSAccessKeyId", "Signature", "X-Amz-Security-Token"};
    struct ra_params qp;
    const char *q = target_query(req->target);
    ra_params_init(&qp);
    if(!ra_urlenc_parse_query(&qp, q, strlen(q), RA_URLENC_FORM,
                              PARAMS_MAX)) {
      for(i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        size_t k;
        for(k = 0; k < qp.count; k++) {
          if(!strcasecmp(qp.items[k].name, keys[i]))
            why_add(why, "query-string authentication (%s in the URL)",
                    keys[i]);
        }
      }
    }
    ra_params_free(&qp);
  }
}

static void judge_user_agent(const struct ra_cc_request *req,
                             struct ra_buf *why, struct ra_buf *weak)
{
  const char *ua = ra_headers_get(&req->headers, "User-Agent");
  size_t i, n;
  /* Not required by the service (nothing in the notes says it was), sent
   * by every observed client: its absence is weaker, not wrong. */
  if(!ua) {
    why_add(weak, "no User-Agent header (every SDK sends one; it lets the "
            "service tell clients apart)");
    return;
  }
  n = strlen(ua);
  if(!n)
    why_add(why, "empty User-Agent");
  if(n >= UA_MAX)
    why_add(why, "User-Agent is %zu bytes (limit %d)", n, UA_MAX);
  for(i = 0; i < n; i++) {
    unsigned char c = (unsigned char)ua[i];
    if(c < 0x20 || c > 0x7e) {
      why_add(why, "User-Agent has a non-printable byte 0x%02X at offset %zu",
              c, i);
      break;
    }
  }
}

void ra_examine_result_init(struct ra_examine_result *res)
{
  size_t c;
  for(c = 0; c < RA_EXAMINE_COUNT; c++) {
    ra_buf_init(&res->why[c], RA_BUF_UNLIMITED);
    ra_buf_init(&res->weak[c], RA_BUF_UNLIMITED);
    ra_buf_init(&res->info[c], RA_BUF_UNLIMITED);
  }
}

void ra_examine_result_free(struct ra_examine_result *res)
{
  size_t c;
  for(c = 0; c < RA_EXAMINE_COUNT; c++) {
    ra_buf_free(&res->why[c]);
    ra_buf_free(&res->weak[c]);
    ra_buf_free(&res->info[c]);
  }
}

size_t ra_examine_request(const struct ra_cc_request *req,
                          const struct ra_examine_input *in,
                          struct ra_examine_result *res)
{
  struct ra_params params;
  struct ra_buf *why = res->why;
  size_t failed = 0, c;
  int params_ok = 1;
  ra_params_init(&params);
  if(in->profile == RA_PROFILE_LEGACY) {
    params_ok = !legacy_params(req, &params);
    if(params_ok) {
      judge_legacy_sig(&params, in, &why[RA_EXAMINE_SIGNATURE],
                       &res->info[RA_EXAMINE_SIGNATURE]);
      judge_legacy_headers(req, &params, in, &why[RA_EXAMINE_HEADERS],
                           &res->weak[RA_EXAMINE_HEADERS]);
      why_add(&res->info[RA_EXAMINE_HEADERS], "Service %s",
              ra_params_get(&params, "Service") ? "sent" : "not sent");
    }
    else
      why_add(&why[RA_EXAMINE_SIGNATURE], "cannot check the signature: the "
              "parameters cannot be decoded");
  }
  else {
    judge_sigv4(req, in, &why[RA_EXAMINE_SIGNATURE],
                &res->weak[RA_EXAMINE_SIGNATURE],
                &res->info[RA_EXAMINE_SIGNATURE]);
    judge_json_headers(req, &why[RA_EXAMINE_HEADERS],
                       &res->info[RA_EXAMINE_HEADERS]);
  }
  judge_encoding(req, in, params_ok, &params, &why[RA_EXAMINE_ENCODING],
                 &res->info[RA_EXAMINE_ENCODING]);
  judge_feedback(req, in, &why[RA_EXAMINE_FEEDBACK]);
  judge_credentials(req, in, &why[RA_EXAMINE_CREDENTIALS]);
  judge_user_agent(req, &why[RA_EXAMINE_USER_AGENT],
                   &res->weak[RA_EXAMINE_USER_AGENT]);
  ra_params_free(&params);
  for(c = 0; c < RA_EXAMINE_COUNT; c++) {
    if(why[c].len)
      failed++;
  }
  return failed;
}

void ra_examine_format_request(struct ra_buf *out,
                             const struct ra_cc_request *req,
                             const char *secret, size_t max_body)
{
  /* Formatted whole, then redacted once by the one redactor
   * (proto/redact.h): the secret raw and percent-encoded, signatures,
   * Authorization. */
  struct ra_buf raw;
  const char *secrets[1];
  size_t i, n, len;
  char *clean;
  ra_buf_init(&raw, RA_BUF_UNLIMITED);
  ra_buf_putf(&raw, "%s %s HTTP/1.1\n", req->method, req->target);
  for(i = 0; i < req->headers.count; i++) {
    const struct ra_header *h = &req->headers.items[i];
    ra_buf_putf(&raw, "%s: %s\n", h->name, h->value);
  }
  ra_buf_putc(&raw, '\n');
  n = req->body_len < max_body ? req->body_len : max_body;
  if(req->body)
    ra_buf_put(&raw, req->body, n);
  secrets[0] = secret;
  clean = ra_redact(ra_buf_str(&raw), raw.len, secrets, 1, &len);
  ra_buf_put(out, clean, len);
  ra_free(clean);
  ra_buf_free(&raw);
  if(n < req->body_len)
    ra_buf_putf(out, "\n[... %zu more bytes]", req->body_len - n);
}
