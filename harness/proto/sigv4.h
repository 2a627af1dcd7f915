/* AWS Signature Version 4 (json-2017: service mturk-requester, region
 * us-east-1): a pipeline of pure steps (canonical request, string to sign,
 * signature), each callable alone so tests and vectors check
 * intermediates, and the parser of an Authorization header.
 *
 * Output buffers are caller-owned struct ra_buf (appended to); struct
 * ra_sigv4_output and struct ra_sigv4_authz own their contents. */
#ifndef RA_PROTO_SIGV4_H
#define RA_PROTO_SIGV4_H

#include <stddef.h>

#include "core/buf.h"
#include "core/code.h"
#include "proto/header.h"
#include "proto/signer.h" /* RA_SHA256_HEX_SIZE */

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
