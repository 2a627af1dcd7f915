/* The executor: a case's request -> the one request builder, mutations
 * applied through its hooks. */
#include "runner/exec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "core/alloc.h"
#include "proto/header.h"
#include "proto/signer.h"
#include "proto/sigv4.h"
#include "proto/url.h"
#include "proto/urlenc.h"
#include "runner/value.h"

/* Secrets for the mutations: documented as not belonging to anyone. */
#define WRONG_SECRET "raconformWrongSecret/BelongsToNobody+00000"
#define UNKNOWN_SECRET "raconformUnknownSecret/BelongsToNobody+000"
#define DAY_MS (24LL * 3600 * 1000)

void ra_exec_out_init(struct ra_exec_out *out)
{
  memset(out, 0, sizeof(*out));
  ra_http_request_init(&out->req);
}

void ra_exec_out_free(struct ra_exec_out *out)
{
  size_t i;
  if(!out)
    return;
  ra_http_request_free(&out->req);
  for(i = 0; i < out->nfeedback; i++)
    ra_free(out->feedback[i]);
  ra_free(out->feedback);
  ra_free(out->feedback_len);
  for(i = 0; i < out->nsecrets; i++)
    ra_free(out->secrets[i]);
  memset(out, 0, sizeof(*out));
}

static void add_secret(struct ra_exec_out *out, const char *s)
{
  if(!s || !*s || out->nsecrets >= sizeof(out->secrets) / sizeof(out->secrets[0]))
    return;
  out->secrets[out->nsecrets++] = ra_strdup(s);
}

/* Records a copy of v, or an empty slot to fill when v is NULL. */
static void add_feedback(struct ra_exec_out *out, const char *v, size_t len)
{
  out->feedback = ra_realloc(out->feedback,
                             (out->nfeedback + 1) * sizeof(*out->feedback));
  out->feedback_len = ra_realloc(out->feedback_len, (out->nfeedback + 1) *
                                 sizeof(*out->feedback_len));
  out->feedback[out->nfeedback] = v ? ra_memdup0(v, len) : NULL;
  out->feedback_len[out->nfeedback] = len;
  out->nfeedback++;
}

static ra_code resolve_ref(void *userp, const char *name, struct ra_buf *out)
{
  const struct ra_exec_ctx *ctx = userp;
  if(strcmp(name, "assignment") || !ctx->assignment_id)
    return RA_E_NOT_FOUND;
  return ra_buf_adds(out, ctx->assignment_id);
}

static const char *opt_or(const struct ra_opt_str *o, const char *dflt)
{
  if(!o->set)
    return dflt;
  return o->is_null ? NULL : o->value;
}

/* Replaces ${name} placeholders of raw strings. */
static void substitute(struct ra_buf *out, const char *raw,
                       const char *const *names, const char *const *values,
                       size_t n)
{
  const char *p = raw;
  while(*p) {
    size_t i;
    int done = 0;
    if(p[0] == '$' && p[1] == '{') {
      for(i = 0; i < n; i++) {
        size_t len = strlen(names[i]);
        if(!strncmp(p + 2, names[i], len) && p[2 + len] == '}') {
          ra_buf_puts(out, values[i] ? values[i] : "");
          p += 3 + len;
          done = 1;
          break;
        }
      }
    }
    if(!done)
      ra_buf_putc(out, *p++);
  }
}

static ra_code keys_for(const struct ra_case_request *r,
                        const struct ra_exec_ctx *ctx, const char **key_id,
                        const char **secret, struct ra_buf *why)
{
  const struct ra_requester_keys *k;
  if(r->signer == RA_REQUESTER_UNKNOWN) {
    *key_id = RA_EXEC_UNKNOWN_KEY_ID;
    *secret = UNKNOWN_SECRET;
    return RA_OK;
  }
  k = &ctx->target->requesters[r->signer == RA_REQUESTER_OTHER ? 1 : 0];
  if(!k->present || !k->access_key_id || !k->secret_access_key) {
    ra_buf_putf(why, "the target describes no '%s' requester",
                ra_requester_name(r->signer));
    return RA_E_CONFIG;
  }
  *key_id = k->access_key_id;
  *secret = r->auth.mutation == RA_AUTH_WRONG_SECRET ? WRONG_SECRET :
    k->secret_access_key;
  return RA_OK;
}

/* Evaluates the case parameters (params, then extra_params) as bytes. */
static ra_code eval_params(struct ra_params *out, const struct ra_case_request *r,
                           const struct ra_exec_ctx *ctx, struct ra_buf *why)
{
  struct ra_value_ctx vctx;
  struct ra_buf b;
  size_t i;
  ra_code result = RA_OK;
  vctx.resolve_ref = resolve_ref;
  vctx.userp = (void *)ctx;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  for(i = 0; i < r->nparams + r->nextra && !result; i++) {
    const struct ra_case_param *cp = i < r->nparams ? &r->params[i] :
      &r->extra_params[i - r->nparams];
    ra_buf_reset(&b);
    result = ra_value_eval(cp->value, &vctx, &b);
    if(result == RA_E_UNSUPPORTED)
      ra_buf_putf(why, "parameter '%s' uses uescape, which legacy-2014 "
                  "cannot send", cp->name);
    else if(result == RA_E_NOT_FOUND)
      ra_buf_putf(why, "parameter '%s' refers to a fixture the case does "
                  "not have", cp->name);
    else if(result)
      ra_buf_putf(why, "parameter '%s' cannot be evaluated", cp->name);
    else
      ra_params_add(out, cp->name, ra_buf_str(&b), b.len);
  }
  ra_buf_free(&b);
  return result;
}

/* SigV1 with an ordinal (case-sensitive) sort: the mutation of
 * sigv1-case-sensitive-sort, which the real scheme does not use. */
static int cmp_ordinal(const void *a, const void *b)
{
  const struct ra_param *pa = *(const struct ra_param *const *)a;
  const struct ra_param *pb = *(const struct ra_param *const *)b;
  return strcmp(pa->name, pb->name);
}

static void sigv1_ordinal(char out[RA_SIG_SHA1_B64_SIZE], const char *secret,
                          const struct ra_params *params)
{
  const struct ra_param **sorted = ra_calloc(params->count + 1,
                                             sizeof(*sorted));
  struct ra_buf s;
  size_t i, n = 0;
  ra_buf_init(&s, RA_BUF_UNLIMITED);
  for(i = 0; i < params->count; i++)
    if(strcmp(params->items[i].name, "Signature"))
      sorted[n++] = &params->items[i];
  qsort(sorted, n, sizeof(*sorted), cmp_ordinal);
  for(i = 0; i < n; i++) {
    ra_buf_puts(&s, sorted[i]->name);
    ra_buf_put(&s, sorted[i]->value, sorted[i]->value_len);
  }
  ra_signer_hmac_sha1_b64(out, secret, strlen(secret), ra_buf_str(&s), s.len);
  ra_buf_free(&s);
  ra_free(sorted);
}

static void garble(char *sig)
{
  /* One character changed, staying in the alphabet (Base64 or hex). */
  if(sig && *sig)
    sig[0] = sig[0] == 'A' ? 'B' : (sig[0] == '0' ? '1' :
             (sig[0] >= 'a' && sig[0] <= 'f' ? '0' : 'A'));
}

/* truncate-signature: the right signature cut to its first half, as a
 * server comparing only a prefix (strncmp with the sent length) accepts. */
static void truncate_sig(char *sig)
{
  if(sig)
    sig[strlen(sig) / 2] = '\0';
}

/* swap-case-signature: the right Base64 signature with every letter's case
 * swapped (Base64 is case-sensitive; a server comparing with strcasecmp
 * accepts it). */
static void swap_case(char *sig)
{
  for(; sig && *sig; sig++) {
    if(*sig >= 'a' && *sig <= 'z')
      *sig = (char)(*sig - 'a' + 'A');
    else if(*sig >= 'A' && *sig <= 'Z')
      *sig = (char)(*sig - 'A' + 'a');
  }
}

/* The mutations that change a computed signature, and how. The others act
 * at their own point of the build: the keys (wrong-secret, the unknown
 * signer), the clock (time-offset, wrong-scope-date), the signer
 * (sigv1-case-sensitive-sort), the signed set (add-unsigned-header), the
 * scope (wrong-region, wrong-service) and the signed request
 * (omit-signature, tamper-*, omit-amz-date, content-sha256-mismatch). */
static const struct {
  ra_auth_mutation mutation;
  void (*apply)(char *sig);
} signature_mutations[] = {
  {RA_AUTH_GARBLE_SIGNATURE, garble},
  {RA_AUTH_TRUNCATE_SIGNATURE, truncate_sig},
  {RA_AUTH_SWAP_CASE_SIGNATURE, swap_case},
};

/* 1 when m changed sig. */
static int mutate_signature(ra_auth_mutation m, char *sig)
{
  size_t i;
  for(i = 0; i < sizeof(signature_mutations) /
        sizeof(signature_mutations[0]); i++) {
    if(signature_mutations[i].mutation == m) {
      signature_mutations[i].apply(sig);
      return 1;
    }
  }
  return 0;
}

static void collect_feedback(struct ra_exec_out *out,
                             const struct ra_params *params)
{
  size_t i;
  for(i = 0; i < params->count; i++)
    if(!strcmp(params->items[i].name, "RequesterFeedback"))
      add_feedback(out, params->items[i].value, params->items[i].value_len);
  out->feedback_known = 1;
}

/* The Timestamp parameter in the case's format, always the same instant:
 * "2015-08-30T12:36:00Z", "2015-08-30T12:36:00.000Z" (the clock's
 * milliseconds) or "2015-08-30T07:36:00-05:00" (a fixed local offset, so
 * requests stay reproducible). */
#define TS_OFFSET_MIN (-5 * 60)
static void format_timestamp(char out[32], int64_t now, ra_legacy_ts fmt)
{
  char base[21];
  if(fmt == RA_LEGACY_TS_OFFSET) {
    ra_clock_format_iso8601(now + (int64_t)TS_OFFSET_MIN * 60 * 1000, base);
    snprintf(out, 32, "%.19s%c%02d:%02d", base, TS_OFFSET_MIN < 0 ? '-' : '+',
             abs(TS_OFFSET_MIN) / 60, abs(TS_OFFSET_MIN) % 60);
    return;
  }
  ra_clock_format_iso8601(now, base);
  if(fmt == RA_LEGACY_TS_MILLIS)
    snprintf(out, 32, "%.19s.%03dZ", base, (int)(((now % 1000) + 1000) % 1000));
  else
    snprintf(out, 32, "%s", base);
}

/* What the legacy hooks need. */
struct legacy_mut {
  struct ra_exec_out *out;
  const struct ra_case_request *r;
  const char *secret;
  int collect;        /* feedback comes from the parameters sent */
};

static ra_code legacy_sign_ordinal(void *userp, char sig[RA_SIG_SHA1_B64_SIZE],
                                   const char *secret,
                                   const struct ra_params *all)
{
  (void)userp;
  sigv1_ordinal(sig, secret, all);
  return RA_OK;
}

/* tamper-param: after signing, which the MTurk scheme cannot notice and
 * SigV1 must. */
static void tamper_param(struct ra_params *all, const struct ra_case_auth *a)
{
  const char *name = ra_params_get(all, "RequesterFeedback") ?
    "RequesterFeedback" : "AssignmentId";
  const struct ra_param *old = ra_params_get(all, name);
  struct ra_buf nv;
  ra_buf_init(&nv, RA_BUF_UNLIMITED);
  if(a->value)
    ra_buf_puts(&nv, a->value);
  else if(old && !strcmp(name, "RequesterFeedback"))
    ra_buf_putf(&nv, "%s (tampered)", old->value);
  else
    ra_buf_putf(&nv, "%s0", old ? old->value : "");
  ra_params_set(all, name, ra_buf_str(&nv), nv.len);
  ra_buf_free(&nv);
}

static void legacy_signed(void *userp, struct ra_params *all)
{
  struct legacy_mut *m = userp;
  ra_auth_mutation mut = m->r->auth.mutation;
  const struct ra_param *p = ra_params_get(all, "Signature");
  char sig[RA_SIG_SHA1_B64_SIZE];
  snprintf(sig, sizeof(sig), "%s", p ? p->value : "");
  add_secret(m->out, sig);
  add_secret(m->out, m->secret);
  mutate_signature(mut, sig);
  add_secret(m->out, sig);
  if(mut == RA_AUTH_OMIT_SIGNATURE)
    (void)ra_params_remove(all, "Signature");
  else
    ra_params_set(all, "Signature", sig, strlen(sig));
  if(mut == RA_AUTH_TAMPER_PARAM)
    tamper_param(all, &m->r->auth);
  if(m->collect)
    collect_feedback(m->out, all);
}

/* ${signature} of raw query and form text: the MTurk signature of what the
 * raw text claims, mutated as the case asks, percent-encoded (+ / = in
 * Base64). */
static void raw_signature(char sig[RA_SIG_SHA1_B64_SIZE], struct ra_buf *enc,
                          const char *secret, const char *service,
                          const char *operation, const char *ts,
                          ra_auth_mutation mut)
{
  if(ra_signer_mturk(sig, secret, service ? service : RA_MTURK_SERVICE,
                     operation ? operation : "", ts))
    sig[0] = 0;
  mutate_signature(mut, sig);
  ra_urlenc_encode(enc, sig, strlen(sig), 0);
}

/* When the request says it was made: now, moved by the time-offset
 * mutation. */
static int64_t request_time(const struct ra_case_request *r,
                            const struct ra_exec_ctx *ctx)
{
  int64_t now = ra_clock_now_ms(&ctx->clock);
  if(r->auth.mutation == RA_AUTH_TIME_OFFSET)
    now += (int64_t)r->auth.seconds * 1000;
  return now;
}

static ra_code build_legacy(struct ra_exec_out *out,
                            const struct ra_case_request *r,
                            const struct ra_exec_ctx *ctx, struct ra_buf *why)
{
  const struct ra_case_legacy *lo = &r->legacy;
  struct ra_case_legacy dflt;
  struct ra_legacy_opts o;
  struct ra_legacy_hooks hooks;
  struct legacy_mut m;
  struct ra_params ops;
  struct ra_buf enc, raw_q, raw_b;
  const char *key_id = NULL, *secret = NULL;
  const char *service, *operation, *content_type;
  char ts[32];
  char raw_sig[RA_SIG_SHA1_B64_SIZE];
  int64_t now = request_time(r, ctx);
  int raw, raw_params_ok = 0;
  ra_code result;

  if(!r->has_legacy) {
    memset(&dflt, 0, sizeof(dflt));
    lo = &dflt;
  }
  ra_params_init(&ops);
  ra_buf_init(&enc, RA_BUF_UNLIMITED);
  ra_buf_init(&raw_q, RA_BUF_UNLIMITED);
  ra_buf_init(&raw_b, RA_BUF_UNLIMITED);
  memset(&o, 0, sizeof(o));
  result = keys_for(r, ctx, &key_id, &secret, why);
  if(result)
    goto done;
  format_timestamp(ts, now, lo->timestamp_format);
  service = opt_or(&lo->service, RA_MTURK_SERVICE);
  operation = opt_or(&lo->operation, r->operation ? r->operation :
                     "RejectAssignment");
  content_type = opt_or(&lo->content_type,
                        "application/x-www-form-urlencoded; charset=UTF-8");

  /* Raw forms send the raw text, but their params (when they evaluate)
   * still say which feedback the raw text carries (post-condition 'sent'). */
  raw = (lo->raw_query.set && !lo->raw_query.is_null && !lo->use_post) ||
    (lo->raw_body.set && !lo->raw_body.is_null && lo->use_post);
  {
    struct ra_buf ignored;
    ra_buf_init(&ignored, RA_BUF_UNLIMITED);
    result = eval_params(&ops, r, ctx, raw ? &ignored : why);
    ra_buf_free(&ignored);
    if(result && !raw)
      goto done;
    raw_params_ok = !result;
    result = RA_OK;
  }

  raw_signature(raw_sig, &enc, secret, service, operation, ts,
                r->auth.mutation);
  {
    const char *names[] = {"assignment", "access_key_id", "timestamp",
                           "signature"};
    const char *values[4];
    values[0] = ctx->assignment_id;
    values[1] = key_id;
    values[2] = ts;
    values[3] = ra_buf_str(&enc);
    if(lo->raw_query.set && !lo->raw_query.is_null) {
      substitute(&raw_q, lo->raw_query.value, names, values, 4);
      o.raw_query = ra_buf_str(&raw_q);
    }
    if(lo->use_post && lo->raw_body.set && !lo->raw_body.is_null) {
      substitute(&raw_b, lo->raw_body.value, names, values, 4);
      o.raw_body = ra_buf_str(&raw_b);
      o.raw_body_len = raw_b.len;
    }
  }

  m.out = out;
  m.r = r;
  m.secret = secret;
  m.collect = !raw;
  hooks.sign = r->auth.mutation == RA_AUTH_SIGV1_CASE_SENSITIVE_SORT ?
    legacy_sign_ordinal : NULL;
  hooks.signed_ = legacy_signed;
  hooks.userp = &m;
  o.endpoint = ctx->target->endpoint;
  o.access_key_id = key_id;
  o.secret = secret;
  o.timestamp = ts;
  o.operation = operation;
  o.version = opt_or(&lo->version, "2014-08-15");
  o.service = service;
  o.content_type = content_type;
  o.omit = (service ? 0 : RA_REQUEST_OMIT_SERVICE) |
    (operation ? 0 : RA_REQUEST_OMIT_OPERATION) |
    (content_type ? 0 : RA_REQUEST_OMIT_CONTENT_TYPE);
  o.use_post = lo->use_post;
  o.sig = r->auth.mutation == RA_AUTH_SIGV1_CASE_SENSITIVE_SORT ?
    RA_LEGACY_SIG_V1 : lo->signature;
  o.params = &ops;
  o.hooks = &hooks;
  result = ra_request_build_legacy(&out->req, &o);
  if(result) {
    ra_buf_putf(why, "signing failed: %s", ra_strerror(result));
    goto done;
  }
  /* after the signer's secrets, as redaction has always listed them */
  add_secret(out, raw_sig);
  add_secret(out, ra_buf_str(&enc));
  if(raw && !raw_params_ok)
    out->feedback_known = 0;
  else if(raw)
    collect_feedback(out, &ops);

done:
  ra_params_free(&ops);
  ra_buf_free(&enc);
  ra_buf_free(&raw_q);
  ra_buf_free(&raw_b);
  return result;
}

/* 1 when the JSON string "<s>" decodes to s itself: printable ASCII
 * without a quote or a backslash (jansson would return the same bytes). */
static int plain_json_text(const char *s, size_t len)
{
  size_t i;
  for(i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if(c < 0x20 || c > 0x7f || c == '"' || c == '\\')
      return 0;
  }
  return 1;
}

/* What the target should store for a RequesterFeedback sent as the JSON
 * string s[0..len) (quotes included): the element of ["<value>"] as jansson
 * decodes it, or feedback_known = 0. Read in place from the body: a
 * megabyte feedback is neither copied nor parsed twice. Only a value that
 * leaves text after its string (a raw quote in a uescape) is parsed again,
 * wrapped, so the answer stays exactly that of ["<value>"]. */
static void learn_feedback(struct ra_exec_out *out, const char *s, size_t len)
{
  json_error_t jerr;
  json_t *j = json_loadb(s, len, JSON_DECODE_ANY | JSON_ALLOW_NUL |
                         JSON_DISABLE_EOF_CHECK, &jerr);
  if(j && (size_t)jerr.position != len) {
    struct ra_buf wrapped;
    json_decref(j);
    ra_buf_init(&wrapped, RA_BUF_UNLIMITED);
    ra_buf_putc(&wrapped, '[');
    ra_buf_put(&wrapped, s, len);
    ra_buf_putc(&wrapped, ']');
    j = json_loadb(ra_buf_str(&wrapped), wrapped.len, JSON_ALLOW_NUL, &jerr);
    ra_buf_free(&wrapped);
    if(j && json_is_array(j)) {
      json_t *first = json_incref(json_array_get(j, 0));
      json_decref(j);
      j = first;
    }
  }
  if(json_is_string(j))
    add_feedback(out, json_string_value(j), json_string_length(j));
  else
    out->feedback_known = 0;
  json_decref(j);
}

/* The JSON body of the operation parameters, in send order (duplicates kept
 * on purpose). Feedback bytes are recorded as sent. */
static ra_code json_body(struct ra_exec_out *out, struct ra_buf *body,
                         const struct ra_case_request *r,
                         const struct ra_exec_ctx *ctx, ra_json_escape esc,
                         struct ra_buf *why)
{
  struct ra_value_ctx vctx;
  struct ra_buf v;
  size_t i;
  ra_code result = RA_OK;
  vctx.resolve_ref = resolve_ref;
  vctx.userp = (void *)ctx;
  ra_buf_init(&v, RA_BUF_UNLIMITED);
  out->feedback_known = 1;
  ra_buf_putc(body, '{');
  for(i = 0; i < r->nparams + r->nextra; i++) {
    const struct ra_case_param *cp = i < r->nparams ? &r->params[i] :
      &r->extra_params[i - r->nparams];
    ra_buf_reset(&v);
    result = ra_value_eval_json(cp->value, &vctx, esc, &v);
    if(result) {
      ra_buf_putf(why, "parameter '%s' cannot be sent as JSON (%s)", cp->name,
                  ra_strerror(result));
      break;
    }
    if(i)
      ra_buf_putc(body, ',');
    ra_buf_putc(body, '"');
    ra_buf_puts(body, cp->name);
    ra_buf_puts(body, "\":");
    /* Boolean members of the 2017 model (OverrideRejection) go out as JSON
     * literals; everything else as strings. */
    if(ra_request_json_is_boolean(cp->name, ra_buf_str(&v), v.len))
      ra_buf_put(body, ra_buf_str(&v), v.len);
    else {
      size_t at = body->len;
      ra_buf_putc(body, '"');
      ra_buf_put(body, ra_buf_str(&v), v.len);
      ra_buf_putc(body, '"');
      if(!strcmp(cp->name, "RequesterFeedback")) {
        if(plain_json_text(ra_buf_str(&v), v.len)) {
          /* it decodes to itself: the value becomes the feedback (taken,
           * not copied; add_feedback's NULL leaves the slot to fill) */
          size_t len;
          char *text = ra_buf_take(&v, &len);
          add_feedback(out, NULL, len);
          out->feedback[out->nfeedback - 1] = text;
        }
        else {
          ra_buf_free(&v); /* a megabyte value: not kept twice */
          learn_feedback(out, ra_buf_str(body) + at, body->len - at);
        }
      }
    }
  }
  ra_buf_putc(body, '}');
  ra_buf_free(&v);
  return result;
}

static void remove_from_list(struct ra_buf *list, const char *name)
{
  char *copy = ra_strdup(ra_buf_str(list));
  char *save = NULL;
  char *tok;
  ra_buf_reset(list);
  for(tok = strtok_r(copy, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
    if(!strcasecmp(tok, name))
      continue;
    if(list->len)
      ra_buf_putc(list, ';');
    ra_buf_puts(list, tok);
  }
  ra_free(copy);
}

/* What the json hooks need. */
struct json_mut {
  struct ra_exec_out *out;
  const struct ra_case_request *r;
  const char *secret;
};

/* add-unsigned-header: a header sent but left out of the signed set. */
static void json_before_sign(void *userp, struct ra_http_request *req,
                             struct ra_buf *signed_headers)
{
  struct json_mut *m = userp;
  const char *name;
  if(m->r->auth.mutation != RA_AUTH_ADD_UNSIGNED_HEADER)
    return;
  name = m->r->auth.value ? m->r->auth.value : "x-amz-target";
  remove_from_list(signed_headers, name);
  if(!ra_headers_get(&req->headers, name))
    ra_headers_add(&req->headers, name, "raconform");
}

static void json_signed(void *userp, const struct ra_sigv4_output *sig,
                        struct ra_http_request *req, struct ra_buf *body)
{
  struct json_mut *m = userp;
  const struct ra_case_auth *a = &m->r->auth;
  add_secret(m->out, ra_buf_str(&sig->signature));
  add_secret(m->out, m->secret);
  if(a->mutation == RA_AUTH_OMIT_SIGNATURE)
    (void)ra_headers_remove(&req->headers, "Authorization");
  else {
    char *authz = ra_strdup(ra_headers_get(&req->headers, "Authorization"));
    char *s = strstr(authz, "Signature=");
    if(s && (a->mutation == RA_AUTH_GARBLE_SIGNATURE ||
             a->mutation == RA_AUTH_TRUNCATE_SIGNATURE)) {
      mutate_signature(a->mutation, s + strlen("Signature="));
      add_secret(m->out, s + strlen("Signature="));
      ra_headers_set(&req->headers, "Authorization", authz);
    }
    ra_free(authz);
  }
  if(a->mutation == RA_AUTH_TAMPER_SIGNED_HEADER) {
    const char *name = a->value ? a->value : "x-amz-target";
    const char *old = ra_headers_get(&req->headers, name);
    struct ra_buf nv;
    ra_buf_init(&nv, RA_BUF_UNLIMITED);
    ra_buf_putf(&nv, "%sX", old ? old : "");
    ra_headers_set(&req->headers, name, ra_buf_str(&nv));
    ra_buf_free(&nv);
  }
  if(a->mutation == RA_AUTH_TAMPER_BODY)
    ra_buf_putc(body, ' '); /* same JSON, different bytes */
  if(a->mutation == RA_AUTH_OMIT_AMZ_DATE)
    (void)ra_headers_remove(&req->headers, "X-Amz-Date");
}

/* Appends n spaces, a block at a time (a padded body can be megabytes). */
static ra_code pad_spaces(struct ra_buf *body, size_t n)
{
  char spaces[4096];
  ra_code result = RA_OK;
  memset(spaces, ' ', sizeof(spaces));
  while(!result && n) {
    size_t chunk = n < sizeof(spaces) ? n : sizeof(spaces);
    result = ra_buf_add(body, spaces, chunk);
    n -= chunk;
  }
  return result;
}

/* The body a json-2017 case sends: its raw text with placeholders
 * replaced, or its parameters as JSON, then padded. */
static ra_code json_case_body(struct ra_exec_out *out, struct ra_buf *body,
                              const struct ra_case_request *r,
                              const struct ra_case_json *jo,
                              const struct ra_exec_ctx *ctx,
                              const char *key_id, const char *amz,
                              struct ra_buf *why)
{
  ra_code result = RA_OK;
  if(jo->raw_body.set && !jo->raw_body.is_null) {
    const char *names[] = {"assignment", "access_key_id", "amz_date"};
    const char *values[3];
    values[0] = ctx->assignment_id;
    values[1] = key_id;
    values[2] = amz;
    substitute(body, jo->raw_body.value, names, values, 3);
    out->feedback_known = 0;
  }
  else
    result = json_body(out, body, r, ctx, jo->escape, why);
  if(!result && jo->pad_to > 0 && body->len < (size_t)jo->pad_to)
    result = pad_spaces(body, (size_t)jo->pad_to - body->len);
  return result;
}

static ra_code build_json(struct ra_exec_out *out,
                          const struct ra_case_request *r,
                          const struct ra_exec_ctx *ctx, struct ra_buf *why)
{
  const struct ra_case_json *jo = &r->json;
  struct ra_case_json dflt;
  struct ra_json_opts o;
  struct ra_json_hooks hooks;
  struct json_mut m;
  struct ra_buf body;
  const char *key_id = NULL, *secret = NULL;
  const char *content_type, *xtarget;
  char amz[17], scope_amz[17];
  char sha[RA_SHA256_HEX_SIZE];
  int64_t now = request_time(r, ctx);
  ra_auth_mutation mut = r->auth.mutation;
  ra_code result;

  if(!r->has_json) {
    memset(&dflt, 0, sizeof(dflt));
    jo = &dflt;
  }
  ra_buf_init(&body, RA_BUF_UNLIMITED);
  memset(&o, 0, sizeof(o));
  result = keys_for(r, ctx, &key_id, &secret, why);
  if(result)
    goto done;
  ra_clock_format_amz(now, amz);
  ra_clock_format_amz(mut == RA_AUTH_WRONG_SCOPE_DATE ? now - DAY_MS : now,
                      scope_amz);
  result = json_case_body(out, &body, r, jo, ctx, key_id, amz, why);
  if(result)
    goto done;

  content_type = opt_or(&jo->content_type, RA_JSON_CONTENT_TYPE);
  xtarget = opt_or(&jo->target, "");
  o.endpoint = ctx->target->endpoint;
  o.access_key_id = key_id;
  o.secret = secret;
  o.amz_date = amz;
  o.operation = r->operation ? r->operation : "RejectAssignment";
  /* wrong-scope-date is consistent apart from its one fault: the string
   * to sign carries X-Amz-Date as sent, the scope and signing key the
   * day before, so only a server that compares the two refuses it. */
  o.scope_date = scope_amz;
  o.region = mut == RA_AUTH_WRONG_REGION ?
    (r->auth.value ? r->auth.value : "us-west-1") : NULL;
  o.service = mut == RA_AUTH_WRONG_SERVICE ?
    (r->auth.value ? r->auth.value : "sqs") : NULL;
  o.method = opt_or(&jo->method, "POST");
  o.content_type = content_type;
  o.target_header = jo->target.set && xtarget ? xtarget : NULL;
  o.omit = (content_type ? 0 : RA_REQUEST_OMIT_CONTENT_TYPE) |
    (xtarget ? 0 : RA_REQUEST_OMIT_TARGET);
  o.add_content_sha256 = jo->content_sha256 ||
    mut == RA_AUTH_CONTENT_SHA256_MISMATCH;
  if(mut == RA_AUTH_CONTENT_SHA256_MISMATCH) {
    ra_signer_sha256_hex(sha, body.len ? "" : "x", body.len ? 0 : 1);
    o.content_sha256 = sha;
  }
  if(jo->signed_headers.set && !jo->signed_headers.is_null)
    o.signed_headers = jo->signed_headers.value;
  o.raw_body = ra_buf_str(&body);
  o.raw_body_len = body.len;
  m.out = out;
  m.r = r;
  m.secret = secret;
  hooks.before_sign = json_before_sign;
  hooks.signed_ = json_signed;
  hooks.userp = &m;
  o.hooks = &hooks;
  result = ra_request_build_json(&out->req, &o);
  if(result)
    ra_buf_putf(why, "signing failed: %s", ra_strerror(result));

done:
  ra_buf_free(&body);
  return result;
}

ra_code ra_exec_build(struct ra_exec_out *out, const struct ra_case_request *r,
                      ra_profile p, const struct ra_exec_ctx *ctx_in,
                      struct ra_buf *why)
{
  struct ra_exec_ctx ctx = *ctx_in;
  struct ra_url u;
  ra_code result;

  if(!ctx.clock.now_ms)
    ctx.clock = ra_clock_system();
  ra_url_init(&u);
  result = ctx.target ? ra_url_parse(&u, ctx.target->endpoint,
                                     RA_URL_PATH_AS_IS) : RA_E_INVALID;
  ra_url_free(&u);
  if(result) {
    ra_buf_putf(why, "unusable endpoint '%s'",
                ctx.target && ctx.target->endpoint ? ctx.target->endpoint : "");
    return RA_E_INVALID;
  }
  if(p == RA_PROFILE_JSON)
    result = build_json(out, r, &ctx, why);
  else
    result = build_legacy(out, r, &ctx, why);
  return result;
}

