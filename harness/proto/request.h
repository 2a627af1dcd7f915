/* Request builders for both profiles: what the suite sends.
 *
 * A built request is plain data (method, path+query, headers, body) that the
 * transport sends as is and that `raconform sign` prints. Builders take the
 * time as a string (injectable clock upstream). */
#ifndef RA_PROTO_REQUEST_H
#define RA_PROTO_REQUEST_H

#include <stddef.h>

#include "core/buf.h"
#include "core/code.h"
#include "proto/header.h"
#include "proto/param.h"
#include "proto/signer.h"
#include "proto/sigv4.h"

typedef enum {
  RA_PROFILE_LEGACY = 0, /* "legacy-2014" */
  RA_PROFILE_JSON = 1    /* "json-2017" */
} ra_profile;

/* "legacy-2014" / "json-2017"; parse returns RA_E_INVALID on anything else. */
const char *ra_profile_name(ra_profile p);
ra_code ra_profile_parse(const char *name, ra_profile *out);

typedef enum {
  RA_LEGACY_SIG_MTURK = 0, /* HMAC-SHA1 over Service+Operation+Timestamp */
  RA_LEGACY_SIG_V1 = 1     /* SignatureVersion=1 */
} ra_legacy_sig;

typedef enum {
  RA_JSON_ESCAPE_ASCII = 0, /* non-ASCII as \uXXXX, astral as pairs (botocore) */
  RA_JSON_ESCAPE_UTF8 = 1   /* raw UTF-8 (most other SDKs) */
} ra_json_escape;

struct ra_http_request {
  char *method;            /* "GET" / "POST" */
  char *target;            /* path and query, e.g. "/?Service=..." */
  char *host;              /* host[:port] for the Host header */
  struct ra_headers headers;
  char *body;              /* may be NULL when empty */
  size_t body_len;
};

void ra_http_request_init(struct ra_http_request *r);
void ra_http_request_free(struct ra_http_request *r);
/* Prints request line, headers, blank line, body (as `raconform sign`). When
 * redact is set, Authorization, Signature and X-Amz-Security-Token values
 * are replaced by "[REDACTED]". */
ra_code ra_http_request_format(struct ra_buf *out,
                               const struct ra_http_request *r, int redact);

struct ra_legacy_opts {
  const char *endpoint;         /* "https://host[:port]/path" */
  const char *access_key_id;
  const char *secret;
  const char *timestamp;        /* sent and signed exactly as given */
  const char *operation;        /* "RejectAssignment" */
  const char *version;          /* "2014-08-15"; NULL leaves it out */
  int use_post;                 /* 0: GET query string; 1: POST form body */
  ra_legacy_sig sig;
  /* Operation parameters (AssignmentId, RequesterFeedback, ...). */
  const struct ra_params *params;
};

/* Adds Service, AWSAccessKeyId, Version, Operation, Timestamp, the operation
 * parameters, SignatureVersion (V1 only) and Signature. */
ra_code ra_request_build_legacy(struct ra_http_request *out,
                                const struct ra_legacy_opts *opts);

struct ra_json_opts {
  const char *endpoint;         /* "https://host[:port]/" */
  const char *access_key_id;
  const char *secret;
  const char *amz_date;         /* "20150830T123600Z" */
  const char *operation;        /* "RejectAssignment" */
  const char *region;           /* NULL: us-east-1 */
  const char *service;          /* NULL: mturk-requester */
  ra_json_escape escape;
  int add_content_sha256;       /* also send and sign x-amz-content-sha256 */
  /* Lowercase ';'-joined set; NULL: content-type;host;x-amz-date;x-amz-target
   * (plus x-amz-content-sha256 when added). */
  const char *signed_headers;
  const struct ra_params *params; /* string members, in order */
  /* When not NULL, sent as the body verbatim instead of params. */
  const char *raw_body;
  size_t raw_body_len;
};

ra_code ra_request_build_json(struct ra_http_request *out,
                              const struct ra_json_opts *opts);
/* The JSON object {"Name":"value",...} of params (string members), compact
 * separators, in the given escape form. Values must be valid UTF-8 for
 * RA_JSON_ESCAPE_ASCII (RA_E_INVALID otherwise); with RA_JSON_ESCAPE_UTF8
 * bytes are copied as is (so invalid UTF-8 can be sent on purpose). */
ra_code ra_request_json_body(struct ra_buf *out, const struct ra_params *params,
                             ra_json_escape escape);

/* Appends the inside of a JSON string (no quotes) for bytes s, as Python's
 * json.dumps writes it: short escapes for " \ \b \f \n \r \t, \u00xx
 * (lowercase hex) for other control bytes; with RA_JSON_ESCAPE_ASCII, DEL
 * as \u007f, every non-ASCII code point as \uxxxx and astral ones as a
 * surrogate pair (RA_E_INVALID when s is not UTF-8); with
 * RA_JSON_ESCAPE_UTF8, bytes from 0x7F up are copied as they are. */
ra_code ra_request_json_escape(struct ra_buf *out, const char *s, size_t len,
                               ra_json_escape escape);

/* 1 when a json-2017 member is a boolean in the 2017 model
 * (OverrideRejection) and value is "true" or "false": it is then sent as a
 * JSON literal, not a string. Case files carry every value as text. */
int ra_request_json_is_boolean(const char *name, const char *value,
                               size_t value_len);

#endif
