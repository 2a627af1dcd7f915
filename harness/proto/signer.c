#include "proto/signer.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "core/alloc.h"
#include "proto/urlenc.h"

/* --- primitives ---------------------------------------------------------- */

void ra_signer_hex(char *out, const unsigned char *in, size_t len)
{
  static const char hex[] = "0123456789abcdef";
  size_t i;
  for(i = 0; i < len; i++) {
    out[2 * i] = hex[in[i] >> 4];
    out[2 * i + 1] = hex[in[i] & 0x0F];
  }
  out[2 * len] = '\0';
}

void ra_signer_sha256_hex(char out[RA_SHA256_HEX_SIZE], const void *data,
                          size_t len)
{
  unsigned char md[SHA256_DIGEST_LENGTH];
  unsigned int mdlen = 0;
  EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL);
  ra_signer_hex(out, md, SHA256_DIGEST_LENGTH);
}

void ra_signer_hmac_sha1_b64(char out[RA_SIG_SHA1_B64_SIZE], const char *key,
                             size_t keylen, const void *msg, size_t msglen)
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int mdlen = 0;
  HMAC(EVP_sha1(), key, (int)keylen, msg, msglen, md, &mdlen);
  EVP_EncodeBlock((unsigned char *)out, md, (int)mdlen);
}

int ra_signer_equal(const char *a, const char *b)
{
  size_t la = strlen(a);
  size_t lb = strlen(b);
  if(la != lb)
    return 0;
  return CRYPTO_memcmp(a, b, la) == 0;
}

/* --- MTurk legacy HMAC-SHA1 ---------------------------------------------- */

ra_code ra_signer_mturk_string(struct ra_buf *out, const char *service,
                               const char *operation, const char *timestamp)
{
  ra_code result = ra_buf_adds(out, service ? service : RA_MTURK_SERVICE);
  if(!result)
    result = ra_buf_adds(out, operation ? operation : "");
  if(!result)
    result = ra_buf_adds(out, timestamp ? timestamp : "");
  return result;
}

ra_code ra_signer_mturk(char out[RA_SIG_SHA1_B64_SIZE], const char *secret,
                        const char *service, const char *operation,
                        const char *timestamp)
{
  struct ra_buf s;
  ra_code result;
  if(!secret)
    return RA_E_INVALID;
  ra_buf_init(&s, RA_BUF_UNLIMITED);
  result = ra_signer_mturk_string(&s, service, operation, timestamp);
  if(!result)
    ra_signer_hmac_sha1_b64(out, secret, strlen(secret), s.ptr, s.len);
  ra_buf_free(&s);
  return result;
}

/* --- AWS Signature Version 1 --------------------------------------------- */

/* boto 2 sorted with Python's stable sort on name.lower(); names are ASCII,
 * so ASCII case folding and a stable insertion sort give the same order. */
static int name_casecmp(const char *a, const char *b)
{
  for(;; a++, b++) {
    int ca = tolower((unsigned char)*a);
    int cb = tolower((unsigned char)*b);
    if(ca != cb || !ca)
      return ca - cb;
  }
}

ra_code ra_signer_sigv1_string(struct ra_buf *out,
                               const struct ra_params *params)
{
  size_t *order;
  size_t n = 0;
  size_t i;
  ra_code result = RA_OK;
  order = ra_malloc((params->count + 1) * sizeof(*order));
  for(i = 0; i < params->count; i++) {
    size_t j;
    if(!strcmp(params->items[i].name, "Signature"))
      continue;
    j = n;
    while(j > 0 && name_casecmp(params->items[order[j - 1]].name,
                                params->items[i].name) > 0) {
      order[j] = order[j - 1];
      j--;
    }
    order[j] = i;
    n++;
  }
  for(i = 0; i < n && !result; i++) {
    const struct ra_param *p = &params->items[order[i]];
    result = ra_buf_adds(out, p->name);
    if(!result)
      result = ra_buf_add(out, p->value, p->value_len);
  }
  if(!result)
    result = ra_buf_add(out, "", 0);
  ra_free(order);
  return result;
}

ra_code ra_signer_sigv1(char out[RA_SIG_SHA1_B64_SIZE], const char *secret,
                        const struct ra_params *params)
{
  struct ra_buf s;
  ra_code result;
  if(!secret)
    return RA_E_INVALID;
  ra_buf_init(&s, RA_BUF_UNLIMITED);
  result = ra_signer_sigv1_string(&s, params);
  if(!result)
    ra_signer_hmac_sha1_b64(out, secret, strlen(secret), ra_buf_str(&s),
                            s.len);
  ra_buf_free(&s);
  return result;
}
