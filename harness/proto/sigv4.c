/* AWS Signature Version 4: the pipeline, step by step. */
#include "proto/sigv4.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/alloc.h"
#include "proto/signer.h"
#include "proto/urlenc.h"

void ra_sigv4_output_init(struct ra_sigv4_output *out)
{
  ra_buf_init(&out->canonical_request, RA_BUF_UNLIMITED);
  ra_buf_init(&out->string_to_sign, RA_BUF_UNLIMITED);
  ra_buf_init(&out->signed_headers, RA_BUF_UNLIMITED);
  ra_buf_init(&out->signature, RA_BUF_UNLIMITED);
  ra_buf_init(&out->authorization, RA_BUF_UNLIMITED);
}

void ra_sigv4_output_free(struct ra_sigv4_output *out)
{
  ra_buf_free(&out->canonical_request);
  ra_buf_free(&out->string_to_sign);
  ra_buf_free(&out->signed_headers);
  ra_buf_free(&out->signature);
  ra_buf_free(&out->authorization);
}

/* Every AWS service but S3 encodes the path as sent once more (botocore:
 * quote(path, safe='/~')), so "%20" in the request becomes "%2520". */
ra_code ra_sigv4_canonical_uri(struct ra_buf *out, const char *path)
{
  if(!path || !*path)
    return ra_buf_addc(out, '/');
  return ra_urlenc_encode(out, path, strlen(path), 1);
}

struct qpair {
  char *name;
  char *value;
};

static int qpair_cmp(const void *a, const void *b)
{
  const struct qpair *x = a;
  const struct qpair *y = b;
  int c = strcmp(x->name, y->name);
  return c ? c : strcmp(x->value, y->value);
}

/* Names and values are decoded (strictly: '+' stays '+') and encoded again
 * with the RFC 3986 set, then sorted by encoded name, then encoded value. */
ra_code ra_sigv4_canonical_query(struct ra_buf *out, const char *query)
{
  struct ra_params params;
  struct qpair *pairs = NULL;
  struct ra_buf enc;
  size_t i;
  ra_code result;
  if(!query || !*query)
    return ra_buf_add(out, "", 0);
  ra_params_init(&params);
  ra_buf_init(&enc, RA_BUF_UNLIMITED);
  result = ra_urlenc_parse_query(&params, query, strlen(query),
                                 RA_URLENC_STRICT, (size_t)-1);
  if(result)
    goto done;
  pairs = ra_calloc(params.count + 1, sizeof(*pairs));
  for(i = 0; i < params.count; i++) {
    ra_buf_reset(&enc);
    result = ra_urlenc_encode(&enc, params.items[i].name,
                              strlen(params.items[i].name), 0);
    if(result)
      goto done;
    pairs[i].name = ra_strdup(ra_buf_str(&enc));
    ra_buf_reset(&enc);
    result = ra_urlenc_encode(&enc, params.items[i].value,
                              params.items[i].value_len, 0);
    if(result)
      goto done;
    pairs[i].value = ra_strdup(ra_buf_str(&enc));
  }
  qsort(pairs, params.count, sizeof(*pairs), qpair_cmp);
  result = ra_buf_add(out, "", 0);
  for(i = 0; i < params.count && !result; i++) {
    if(i)
      result = ra_buf_addc(out, '&');
    if(!result)
      result = ra_buf_addf(out, "%s=%s", pairs[i].name, pairs[i].value);
  }
done:
  if(pairs) {
    for(i = 0; i < params.count; i++) {
      ra_free(pairs[i].name);
      ra_free(pairs[i].value);
    }
    ra_free(pairs);
  }
  ra_buf_free(&enc);
  ra_params_free(&params);
  return result;
}

static int is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}

/* botocore: ' '.join(value.split()): trimmed, inner whitespace runs folded
 * to one space. */
static ra_code add_folded(struct ra_buf *out, const char *v)
{
  int pending = 0;
  int any = 0;
  ra_code result = RA_OK;
  for(; *v && !result; v++) {
    if(is_space(*v)) {
      pending = any;
      continue;
    }
    if(pending)
      result = ra_buf_addc(out, ' ');
    if(!result)
      result = ra_buf_addc(out, *v);
    pending = 0;
    any = 1;
  }
  return result;
}

static char *lower_dup(const char *s)
{
  char *d = ra_strdup(s);
  char *p;
  for(p = d; *p; p++)
    *p = (char)tolower((unsigned char)*p);
  return d;
}

static int str_cmp(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether name (lowercase) is in the ';'-joined list. */
static int in_list(const char *list, const char *name)
{
  size_t nlen = strlen(name);
  const char *p = list;
  while(*p) {
    const char *end = strchr(p, ';');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if(len == nlen && !strncmp(p, name, len))
      return 1;
    if(!end)
      break;
    p = end + 1;
  }
  return 0;
}

ra_code ra_sigv4_canonical_headers(struct ra_buf *out,
                                   struct ra_buf *signed_out,
                                   const struct ra_headers *headers,
                                   const char *signed_headers)
{
  char **names;
  size_t n = 0;
  size_t i;
  ra_code result = RA_OK;
  names = ra_calloc(headers->count + 1, sizeof(*names));
  for(i = 0; i < headers->count; i++) {
    char *lname = lower_dup(headers->items[i].name);
    size_t j;
    int dup = 0;
    /* trim the name the way botocore does (strip) */
    for(j = 0; j < n; j++) {
      if(!strcmp(names[j], lname))
        dup = 1;
    }
    if(dup || (signed_headers && !in_list(signed_headers, lname))) {
      ra_free(lname);
      continue;
    }
    names[n++] = lname;
  }
  /* Every listed header must be present: a signer cannot vouch for a header
   * that is not sent. */
  if(signed_headers) {
    const char *p = signed_headers;
    while(*p) {
      const char *end = strchr(p, ';');
      size_t len = end ? (size_t)(end - p) : strlen(p);
      size_t j;
      int found = 0;
      for(j = 0; j < n; j++) {
        if(strlen(names[j]) == len && !strncmp(names[j], p, len))
          found = 1;
      }
      if(!found) {
        result = RA_E_NOT_FOUND;
        goto done;
      }
      if(!end)
        break;
      p = end + 1;
    }
  }
  qsort(names, n, sizeof(*names), str_cmp);
  for(i = 0; i < n && !result; i++) {
    size_t j;
    int first = 1;
    result = ra_buf_addf(out, "%s:", names[i]);
    /* Repeated headers: values joined with ',' in the order sent. */
    for(j = 0; j < headers->count && !result; j++) {
      if(strcasecmp(headers->items[j].name, names[i]))
        continue;
      if(!first)
        result = ra_buf_addc(out, ',');
      if(!result)
        result = add_folded(out, headers->items[j].value);
      first = 0;
    }
    if(!result)
      result = ra_buf_addc(out, '\n');
    if(!result && signed_out) {
      if(i)
        result = ra_buf_addc(signed_out, ';');
      if(!result)
        result = ra_buf_adds(signed_out, names[i]);
    }
  }
done:
  for(i = 0; i < n; i++)
    ra_free(names[i]);
  ra_free(names);
  return result;
}

int ra_sigv4_signed_headers_has(const char *signed_headers, const char *name)
{
  size_t n = strlen(name);
  const char *p = signed_headers;
  while(p && *p) {
    const char *end = strchr(p, ';');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if(len == n && !strncmp(p, name, n))
      return 1;
    p = end ? end + 1 : NULL;
  }
  return 0;
}

ra_code ra_sigv4_canonical_request(struct ra_buf *out,
                                   const struct ra_sigv4_input *in)
{
  struct ra_buf sh;
  char hash[RA_SHA256_HEX_SIZE];
  ra_code result;
  ra_buf_init(&sh, RA_BUF_UNLIMITED);
  result = ra_buf_addf(out, "%s\n", in->method);
  if(!result)
    result = ra_sigv4_canonical_uri(out, in->path);
  if(!result)
    result = ra_buf_addc(out, '\n');
  if(!result)
    result = ra_sigv4_canonical_query(out, in->query);
  if(!result)
    result = ra_buf_addc(out, '\n');
  if(!result)
    result = ra_sigv4_canonical_headers(out, &sh, in->headers,
                                        in->signed_headers);
  if(!result)
    result = ra_buf_addf(out, "\n%s\n", ra_buf_str(&sh));
  if(!result) {
    if(in->payload_hash)
      result = ra_buf_adds(out, in->payload_hash);
    else {
      ra_signer_sha256_hex(hash, in->payload ? in->payload : "",
                           in->payload ? in->payload_len : 0);
      result = ra_buf_adds(out, hash);
    }
  }
  ra_buf_free(&sh);
  return result;
}

/* The string to sign with the scope's date given apart from amz_date. */
static ra_code string_to_sign(struct ra_buf *out, const char *amz_date,
                              const char *date8, const char *region,
                              const char *service,
                              const char *canonical_request)
{
  char hash[RA_SHA256_HEX_SIZE];
  if(!amz_date || strlen(amz_date) < 8 || !date8 || strlen(date8) < 8)
    return RA_E_INVALID;
  ra_signer_sha256_hex(hash, canonical_request, strlen(canonical_request));
  return ra_buf_addf(out, "AWS4-HMAC-SHA256\n%s\n%.8s/%s/%s/aws4_request\n%s",
                     amz_date, date8, region, service, hash);
}

ra_code ra_sigv4_string_to_sign(struct ra_buf *out, const char *amz_date,
                                const char *region, const char *service,
                                const char *canonical_request)
{
  return string_to_sign(out, amz_date, amz_date, region, service,
                        canonical_request);
}

static void hmac256(unsigned char out[32], const void *key, size_t keylen,
                    const char *msg)
{
  unsigned int len = 0;
  HMAC(EVP_sha256(), key, (int)keylen, (const unsigned char *)msg,
       strlen(msg), out, &len);
}

ra_code ra_sigv4_signature(char out[RA_SHA256_HEX_SIZE], const char *secret,
                           const char *date8, const char *region,
                           const char *service, const char *string_to_sign)
{
  struct ra_buf key;
  unsigned char k[32];
  char d8[9];
  ra_code result;
  if(!secret || !date8 || strlen(date8) < 8)
    return RA_E_INVALID;
  memcpy(d8, date8, 8);
  d8[8] = '\0';
  ra_buf_init(&key, RA_BUF_UNLIMITED);
  result = ra_buf_addf(&key, "AWS4%s", secret);
  if(!result) {
    hmac256(k, key.ptr, key.len, d8);
    hmac256(k, k, 32, region);
    hmac256(k, k, 32, service);
    hmac256(k, k, 32, "aws4_request");
    hmac256(k, k, 32, string_to_sign);
    ra_signer_hex(out, k, 32);
  }
  OPENSSL_cleanse(k, sizeof(k));
  if(key.ptr)
    OPENSSL_cleanse(key.ptr, key.len);
  ra_buf_free(&key);
  return result;
}

ra_code ra_sigv4_sign(struct ra_sigv4_output *out,
                      const struct ra_sigv4_input *in)
{
  struct ra_buf scratch;
  char sig[RA_SHA256_HEX_SIZE];
  const char *date8 = in->scope_date ? in->scope_date : in->amz_date;
  ra_code result;
  if(!in->method || !in->headers || !in->amz_date || !in->region ||
     !in->service || !in->secret || !in->access_key_id ||
     strlen(in->amz_date) < 8)
    return RA_E_INVALID;
  ra_buf_init(&scratch, RA_BUF_UNLIMITED);
  result = ra_sigv4_canonical_request(&out->canonical_request, in);
  if(!result)
    result = ra_sigv4_canonical_headers(&scratch, &out->signed_headers,
                                        in->headers, in->signed_headers);
  if(!result)
    result = string_to_sign(&out->string_to_sign, in->amz_date, date8,
                            in->region, in->service,
                            ra_buf_str(&out->canonical_request));
  if(!result)
    result = ra_sigv4_signature(sig, in->secret, date8, in->region,
                                in->service, ra_buf_str(&out->string_to_sign));
  if(!result)
    result = ra_buf_adds(&out->signature, sig);
  if(!result)
    result = ra_buf_addf(&out->authorization,
                         "AWS4-HMAC-SHA256 Credential=%s/%.8s/%s/%s/"
                         "aws4_request, SignedHeaders=%s, Signature=%s",
                         in->access_key_id, date8, in->region,
                         in->service, ra_buf_str(&out->signed_headers), sig);
  ra_buf_free(&scratch);
  return result;
}

/* --- Authorization parsing ------------------------------------------------ */

void ra_sigv4_authz_free(struct ra_sigv4_authz *a)
{
  ra_free(a->access_key_id);
  ra_free(a->date8);
  ra_free(a->region);
  ra_free(a->service);
  ra_free(a->terminator);
  ra_free(a->signed_headers);
  ra_free(a->signature);
  memset(a, 0, sizeof(*a));
}

static ra_code parse_credential(struct ra_sigv4_authz *out, const char *v,
                                size_t len)
{
  char *parts[5];
  size_t n = 0;
  size_t start = 0;
  size_t i;
  for(i = 0; i <= len; i++) {
    if(i == len || v[i] == '/') {
      if(n == 5 || i == start) {
        size_t k;
        for(k = 0; k < n; k++)
          ra_free(parts[k]);
        return RA_E_PARSE;
      }
      parts[n++] = ra_strndup(v + start, i - start);
      start = i + 1;
    }
  }
  if(n != 5) {
    for(i = 0; i < n; i++)
      ra_free(parts[i]);
    return RA_E_PARSE;
  }
  out->access_key_id = parts[0];
  out->date8 = parts[1];
  out->region = parts[2];
  out->service = parts[3];
  out->terminator = parts[4];
  return RA_OK;
}

/* "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...":
 * components in any order, each exactly once, spaces after commas
 * optional. */
ra_code ra_sigv4_parse_authorization(struct ra_sigv4_authz *out,
                                     const char *value)
{
  static const char algo[] = "AWS4-HMAC-SHA256";
  const char *p;
  ra_code result = RA_OK;
  int have_cred = 0;
  memset(out, 0, sizeof(*out));
  if(!value || strncmp(value, algo, sizeof(algo) - 1) ||
     value[sizeof(algo) - 1] != ' ')
    return RA_E_PARSE;
  p = value + sizeof(algo) - 1;
  while(*p && !result) {
    const char *end;
    const char *eq;
    size_t len;
    while(*p == ' ')
      p++;
    end = strchr(p, ',');
    len = end ? (size_t)(end - p) : strlen(p);
    while(len && p[len - 1] == ' ')
      len--;
    eq = memchr(p, '=', len);
    if(!eq || eq == p) {
      result = RA_E_PARSE;
      break;
    }
    {
      size_t klen = (size_t)(eq - p);
      const char *v = eq + 1;
      size_t vlen = len - klen - 1;
      if(klen == 10 && !strncmp(p, "Credential", 10) && !have_cred) {
        result = parse_credential(out, v, vlen);
        have_cred = 1;
      }
      else if(klen == 13 && !strncmp(p, "SignedHeaders", 13) &&
              !out->signed_headers && vlen)
        out->signed_headers = ra_strndup(v, vlen);
      else if(klen == 9 && !strncmp(p, "Signature", 9) && !out->signature &&
              vlen)
        out->signature = ra_strndup(v, vlen);
      else
        result = RA_E_PARSE;
    }
    if(!end)
      break;
    p = end + 1;
    if(!*p)
      result = RA_E_PARSE; /* trailing comma */
  }
  if(!result && (!have_cred || !out->signed_headers || !out->signature))
    result = RA_E_PARSE;
  if(result)
    ra_sigv4_authz_free(out);
  return result;
}
