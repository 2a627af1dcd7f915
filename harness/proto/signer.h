/* Request signers: pure functions of their inputs (no clock, no I/O), each
 * step separately callable so tests and vectors can check intermediates.
 *
 * - MTurk legacy: Base64(HMAC-SHA1(secret, "AWSMechanicalTurkRequester" +
 *   Operation + Timestamp)), Timestamp exactly as sent.
 * - AWS Signature Version 1: parameter names sorted case-insensitively,
 *   name+value concatenated with no separators, HMAC-SHA1, Base64
 *   ("Signature" itself is never part of the string).
 * - SigV4 (json-2017: service mturk-requester, region us-east-1).
 *
 * Output buffers are caller-owned struct ra_buf (appended to). */
#ifndef RA_PROTO_SIGNER_H
#define RA_PROTO_SIGNER_H

#include <stddef.h>

#include "core/buf.h"
#include "core/code.h"
#include "proto/param.h"

#define RA_MTURK_SERVICE "AWSMechanicalTurkRequester"
#define RA_SIGV4_SERVICE "mturk-requester"
#define RA_SIGV4_REGION "us-east-1"
#define RA_JSON_TARGET_PREFIX "MTurkRequesterServiceV20170117."
#define RA_JSON_CONTENT_TYPE "application/x-amz-json-1.1"

/* Base64 of an HMAC-SHA1 is 28 characters; 29 with the NUL. */
#define RA_SIG_SHA1_B64_SIZE 29
/* Hex of a SHA-256 is 64 characters; 65 with the NUL. */
#define RA_SHA256_HEX_SIZE 65

/* --- primitives ---------------------------------------------------------- */
void ra_signer_sha256_hex(char out[RA_SHA256_HEX_SIZE], const void *data,
                          size_t len);
void ra_signer_hmac_sha1_b64(char out[RA_SIG_SHA1_B64_SIZE], const char *key,
                             size_t keylen, const void *msg, size_t msglen);
/* Constant-time comparison of two NUL-terminated strings (lengths leak). */
int ra_signer_equal(const char *a, const char *b);

/* --- MTurk legacy HMAC-SHA1 ---------------------------------------------- */
/* out gets "AWSMechanicalTurkRequester" + operation + timestamp (service is
 * the literal unless overridden, for vectors such as ServiceA). */
ra_code ra_signer_mturk_string(struct ra_buf *out, const char *service,
                               const char *operation, const char *timestamp);
ra_code ra_signer_mturk(char out[RA_SIG_SHA1_B64_SIZE], const char *secret,
                        const char *service, const char *operation,
                        const char *timestamp);

/* --- AWS Signature Version 1 --------------------------------------------- */
/* Ignores any parameter named "Signature" (exact match). */
ra_code ra_signer_sigv1_string(struct ra_buf *out,
                               const struct ra_params *params);
ra_code ra_signer_sigv1(char out[RA_SIG_SHA1_B64_SIZE], const char *secret,
                        const struct ra_params *params);

/* --- SigV4 ---------------------------------------------------------------- */
struct ra_header {
  char *name;   /* as sent */
  char *value;  /* as sent (untrimmed) */
};

struct ra_headers {
  struct ra_header *items;
  size_t count;
  size_t cap;
};

void ra_headers_init(struct ra_headers *h);
void ra_headers_free(struct ra_headers *h);
void ra_headers_add(struct ra_headers *h, const char *name, const char *value);
/* Replaces every header of that name (case-insensitive) with one value. */
void ra_headers_set(struct ra_headers *h, const char *name, const char *value);
size_t ra_headers_remove(struct ra_headers *h, const char *name);
/* First value of that header (case-insensitive), or NULL. Borrowed. */
const char *ra_headers_get(const struct ra_headers *h, const char *name);

struct ra_sigv4_input {
  const char *method;           /* "POST" */
  const char *path;             /* raw path as sent, e.g. "/" */
  const char *query;            /* raw query without '?', or NULL */
  const struct ra_headers *headers; /* as sent, Host included */
  const char *payload;          /* body bytes */
  size_t payload_len;
  /* When not NULL, used as the hashed payload instead of hashing payload
   * (e.g. the value of x-amz-content-sha256 or "UNSIGNED-PAYLOAD"). */
  const char *payload_hash;
  /* Lowercase names joined by ';' (e.g. "content-type;host;x-amz-date;
   * x-amz-target"); NULL signs every header given. */
  const char *signed_headers;
  const char *access_key_id;
  const char *secret;
  const char *region;           /* "us-east-1" */
  const char *service;          /* "mturk-requester" */
  const char *amz_date;         /* "20150830T123600Z" */
  /* "YYYYMMDD" of the credential scope and signing key; NULL: the date of
   * amz_date. Only a test of scope checking sets another one. */
  const char *scope_date;
};

struct ra_sigv4_output {
  struct ra_buf canonical_request;
  struct ra_buf string_to_sign;
  struct ra_buf signed_headers;   /* as used, sorted lowercase */
  struct ra_buf signature;        /* 64 hex */
  struct ra_buf authorization;    /* full Authorization header value */
};

void ra_sigv4_output_init(struct ra_sigv4_output *out);
void ra_sigv4_output_free(struct ra_sigv4_output *out);

/* The pipeline, step by step (each appends to a caller buffer). */
ra_code ra_sigv4_canonical_uri(struct ra_buf *out, const char *path);
ra_code ra_sigv4_canonical_query(struct ra_buf *out, const char *query);
/* Lowercase name, value trimmed with sequential spaces folded to one. */
ra_code ra_sigv4_canonical_headers(struct ra_buf *out,
                                   struct ra_buf *signed_out,
                                   const struct ra_headers *headers,
                                   const char *signed_headers);
/* 1 when name (lowercase) is one of the ';'-joined SignedHeaders names. */
int ra_sigv4_signed_headers_has(const char *signed_headers, const char *name);
ra_code ra_sigv4_canonical_request(struct ra_buf *out,
                                   const struct ra_sigv4_input *in);
ra_code ra_sigv4_string_to_sign(struct ra_buf *out, const char *amz_date,
                                const char *region, const char *service,
                                const char *canonical_request);
ra_code ra_sigv4_signature(char out[RA_SHA256_HEX_SIZE], const char *secret,
                           const char *date8, const char *region,
                           const char *service, const char *string_to_sign);
/* Runs the whole pipeline. */
ra_code ra_sigv4_sign(struct ra_sigv4_output *out,
                      const struct ra_sigv4_input *in);

/* Parsed "AWS4-HMAC-SHA256 Credential=AK/date/region/service/aws4_request,
 * SignedHeaders=a;b, Signature=hex". Fields are owned copies. */
struct ra_sigv4_authz {
  char *access_key_id;
  char *date8;
  char *region;
  char *service;
  char *terminator;      /* "aws4_request" */
  char *signed_headers;
  char *signature;
};
ra_code ra_sigv4_parse_authorization(struct ra_sigv4_authz *out,
                                     const char *value);
void ra_sigv4_authz_free(struct ra_sigv4_authz *a);

#endif
