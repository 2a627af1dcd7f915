/* The one request builder and serializer for both profiles: what the suite
 * sends (`run`, through runner/exec), prints (`sign`, `sign --case`) and
 * checks against vectors (`vectors`).
 *
 * A built request is plain data (method, path+query, headers, body) whose
 * header list is complete (ra_http_request_finish): the transport sends it
 * as is, ra_http_request_wire prints those bytes and ra_http_request_format
 * the same with "\n" line ends. Builders take the time as a string
 * (injectable clock upstream); deliberate mutations enter through hooks at
 * the points where a fault can be made (runner/exec holds their table).
 * struct ra_http_request owns its strings (ra_http_request_free). */
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

/* One request as a server received it, borrowed for a handler's call: the
 * reference server's handlers and the client-check examiner's hook both
 * see it. */
struct ra_wire_request {
  const char *method;
  const char *target;               /* raw path?query as sent */
  const struct ra_headers *headers;
  const char *body;
  size_t body_len;
};

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

/* 1 when the request goes out with a body and a Content-Length: every
 * method but HEAD, and GET only when it has body bytes (the transport
 * chooses libcurl's mode by the same rule). */
int ra_http_request_has_body(const struct ra_http_request *r);
/* Completes the header list so that it is exactly what goes on the wire:
 * a Host header (r->host) first when there is none, and Content-Length
 * (body_len) after Content-Type (else after Host) when the request has a
 * body and no Content-Length yet. Builders call it last, after every
 * mutation of the body. */
void ra_http_request_finish(struct ra_http_request *r);
/* Prints request line, headers, blank line, body (as `raconform sign`), with
 * "\n" line ends. When redact is set, Authorization, Signature and
 * X-Amz-Security-Token values are replaced by "[REDACTED]". */
ra_code ra_http_request_format(struct ra_buf *out,
                               const struct ra_http_request *r, int redact);
/* The bytes on the wire for a finished request: request line, headers
 * ("Name: value", or "Name:" for an empty value), each line ended by CRLF,
 * a blank line, the body. The transport hands libcurl the same header list
 * and lets it add nothing, so this is what `raconform run` sends. */
ra_code ra_http_request_wire(struct ra_buf *out,
                             const struct ra_http_request *r);

/* Leave out parts a builder adds by default (deliberately incomplete
 * requests, named by case files). */
#define RA_REQUEST_OMIT_SERVICE      (1u << 0) /* legacy Service */
#define RA_REQUEST_OMIT_OPERATION    (1u << 1) /* legacy Operation */
#define RA_REQUEST_OMIT_CONTENT_TYPE (1u << 2) /* Content-Type header */
#define RA_REQUEST_OMIT_TARGET       (1u << 3) /* json X-Amz-Target header */

/* The points where a deliberate mutation (runner/exec's table) enters a
 * legacy request. Every member may be NULL. */
struct ra_legacy_hooks {
  /* Replaces the signer: sig gets the signature of all (every parameter
   * but Signature). */
  ra_code (*sign)(void *userp, char sig[RA_SIG_SHA1_B64_SIZE],
                  const char *secret, const struct ra_params *all);
  /* Called once Signature (the signature computed) is the last parameter:
   * may change or remove it, or change other parameters (tampering after
   * signing). all is then serialized as it is. */
  void (*signed_)(void *userp, struct ra_params *all);
  void *userp;
};

struct ra_legacy_opts {
  const char *endpoint;         /* "https://host[:port]/path" */
  const char *access_key_id;
  const char *secret;
  const char *timestamp;        /* sent and signed exactly as given */
  const char *operation;        /* "RejectAssignment" */
  const char *version;          /* "2014-08-15"; NULL leaves it out */
  const char *service;          /* NULL: AWSMechanicalTurkRequester */
  const char *content_type;     /* POST; NULL: the form type */
  unsigned omit;                /* RA_REQUEST_OMIT_* */
  int use_post;                 /* 0: GET query string; 1: POST form body */
  ra_legacy_sig sig;
  /* Operation parameters (AssignmentId, RequesterFeedback, ...). */
  const struct ra_params *params;
  /* When not NULL, sent instead of the built query (appended to the
   * endpoint's target, GET or POST) or the built form body (POST). */
  const char *raw_query;
  const char *raw_body;
  size_t raw_body_len;
  const struct ra_legacy_hooks *hooks;
};

/* Adds Service, AWSAccessKeyId, Version, Operation, Timestamp, the operation
 * parameters, SignatureVersion (V1 only) and Signature, then finishes the
 * request (ra_http_request_finish). */
ra_code ra_request_build_legacy(struct ra_http_request *out,
                                const struct ra_legacy_opts *opts);

/* The points where a deliberate mutation enters a json-2017 request. Every
 * member may be NULL. */
struct ra_json_hooks {
  /* Before signing: may change the headers and the signed set. */
  void (*before_sign)(void *userp, struct ra_http_request *req,
                      struct ra_buf *signed_headers);
  /* Once Authorization is added: may change or remove it, or change the
   * headers and the body (req->body is set from body after this call). */
  void (*signed_)(void *userp, const struct ra_sigv4_output *sig,
                  struct ra_http_request *req, struct ra_buf *body);
  void *userp;
};

struct ra_json_opts {
  const char *endpoint;         /* "https://host[:port]/" */
  const char *access_key_id;
  const char *secret;
  const char *amz_date;         /* "20150830T123600Z" */
  const char *operation;        /* "RejectAssignment" */
  const char *region;           /* NULL: us-east-1 */
  const char *service;          /* NULL: mturk-requester */
  const char *scope_date;       /* YYYYMMDD; NULL: amz_date's */
  const char *method;           /* NULL: POST */
  const char *content_type;     /* NULL: application/x-amz-json-1.1 */
  const char *target_header;    /* NULL: the prefix and operation */
  unsigned omit;                /* RA_REQUEST_OMIT_* */
  ra_json_escape escape;
  int add_content_sha256;       /* also send and sign x-amz-content-sha256 */
  /* Value of x-amz-content-sha256 when added; NULL: the body's hash. */
  const char *content_sha256;
  /* Lowercase ';'-joined set; NULL: those of content-type, host,
   * x-amz-content-sha256, x-amz-date and x-amz-target that are sent. */
  const char *signed_headers;
  const struct ra_params *params; /* string members, in order */
  /* When not NULL, sent as the body verbatim instead of params. */
  const char *raw_body;
  size_t raw_body_len;
  const struct ra_json_hooks *hooks;
};

ra_code ra_request_build_json(struct ra_http_request *out,
                              const struct ra_json_opts *opts);
/* The JSON object {"Name":"value",...} of params, compact separators, in
 * the given escape form; a boolean member of the 2017 model whose value is
 * true or false (ra_request_json_is_boolean) goes out as a JSON literal, as
 * run sends it, every other member as a string. Values must be valid UTF-8 for
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
