/* The legacy-2014 request signers and the hash primitives: pure functions
 * of their inputs (no clock, no I/O), each step separately callable so
 * tests and vectors can check intermediates.
 *
 * - MTurk legacy: Base64(HMAC-SHA1(secret, "AWSMechanicalTurkRequester" +
 *   Operation + Timestamp)), Timestamp exactly as sent.
 * - AWS Signature Version 1: parameter names sorted case-insensitively,
 *   name+value concatenated with no separators, HMAC-SHA1, Base64
 *   ("Signature" itself is never part of the string).
 *
 * SigV4 (json-2017) is proto/sigv4.h, the header list proto/header.h.
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
/* Lowercase hex of len bytes; out holds 2 * len + 1. */
void ra_signer_hex(char *out, const unsigned char *in, size_t len);
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

#endif
