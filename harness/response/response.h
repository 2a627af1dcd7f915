/* Parsing what a RejectAssignment endpoint answered, for both profiles.
 *
 * legacy-2014: XML (libxml2, no network, no entity expansion, no DTD load),
 * three error envelopes (notes §1.6): operation errors in
 * *Result/Request/Errors with IsValid False, request-level errors in
 * OperationRequest/Errors, front-door errors in <Response><Errors> with a
 * non-200 status; namespaced or not, BOM and whitespace tolerated.
 * json-2017: jansson; __type with or without "prefix#" and ":suffix",
 * Message or message, X-Amzn-ErrorType header as a fallback.
 *
 * A parse never fails for a bad body: a body that is not a recognisable
 * answer gives RA_ANSWER_MALFORMED with the reason in `detail`. */
#ifndef RA_RESPONSE_RESPONSE_H
#define RA_RESPONSE_RESPONSE_H

#include <stddef.h>

#include "core/code.h"

/* Bodies larger than this are not parsed (RA_ANSWER_MALFORMED). */
#define RA_RESPONSE_MAX_BODY (4u * 1024u * 1024u)

typedef enum {
  RA_ANSWER_SUCCESS = 0,
  RA_ANSWER_ERROR = 1,
  RA_ANSWER_MALFORMED = 2
} ra_answer_kind;

typedef enum {
  RA_ENVELOPE_NONE = 0,
  RA_ENVELOPE_RESULT,       /* legacy *Result/Request (success or IsValid False) */
  RA_ENVELOPE_OPERATION,    /* legacy OperationRequest/Errors */
  RA_ENVELOPE_FRONT_DOOR,   /* legacy <Response><Errors> */
  RA_ENVELOPE_JSON          /* json-2017 */
} ra_envelope;

struct ra_answer {
  ra_answer_kind kind;
  ra_envelope envelope;
  int http_status;
  char *error_type;     /* json: "RequestError" (prefix stripped); legacy: NULL */
  char *error_code;     /* TurkErrorCode or legacy <Code>; NULL if none */
  char *message;        /* NULL if none */
  char *request_id;     /* RequestId / RequestID / x-amzn-RequestId */
  char *detail;         /* why it is MALFORMED, or NULL */
  int is_valid;         /* legacy: 1 True, 0 False, -1 absent */
  /* Added (response helper): legacy <Error><Data><Key/><Value/></Data>
   * pairs of the reported error, in document order, duplicates kept.
   * Owned; NULL/0 when none. Always set up by ra_answer_init. */
  struct ra_answer_data *data;
  size_t data_count;
  /* Added (runner): 1 for a legacy 4xx/5xx answer whose body is no
   * recognisable envelope (a proxy's plain-text 413, an HTML error page),
   * which the runner keeps as an error known only by its status: kind
   * RA_ANSWER_ERROR, envelope NONE, error_type and error_code NULL, detail
   * says what was wrong (docs/runner.md "Bare errors"). The parsers never
   * set it (0 after ra_answer_init); only ra_judge_parse in
   * runner/judge.c does. */
  int bare;
  /* Added: legacy, the local name of the XML root element (set whenever
   * the body is well-formed XML); json, NULL. */
  char *root;
  /* Added (runner): the answer's Content-Type header as received, or NULL;
   * only ra_judge_parse sets it. */
  char *content_type;
};

struct ra_answer_data {
  char *key;
  char *value;
};

void ra_answer_init(struct ra_answer *a);
void ra_answer_free(struct ra_answer *a);
const char *ra_answer_kind_name(ra_answer_kind k);     /* success|error|malformed */
const char *ra_envelope_name(ra_envelope e);

/* libxml2's one-time initialisation (xmlInitParser). libxml2 asks for it
 * once, in the main thread, before threads use the parser: the tool's
 * main() calls it first thing. Idempotent. */
void ra_response_global_init(void);

/* The parsers treat *out as output only: they initialise it first (call
 * ra_answer_free on a previous answer before reusing the struct), fill it,
 * and return RA_OK for any body, however bad (that is a MALFORMED answer).
 * content_type and request_id_header may be NULL. */
ra_code ra_response_parse_legacy(struct ra_answer *out, int http_status,
                                 const char *content_type, const char *body,
                                 size_t len);
/* error_type_header: the X-Amzn-ErrorType header value, or NULL. */
ra_code ra_response_parse_json(struct ra_answer *out, int http_status,
                               const char *error_type_header,
                               const char *request_id_header, const char *body,
                               size_t len);

/* Added: runs the parser of a profile ("legacy-2014" or "json-2017"),
 * taking Content-Type, X-Amzn-ErrorType and x-amzn-RequestId from the
 * given header lookups (any may be NULL). RA_E_INVALID for an unknown
 * profile; out is then initialised but left MALFORMED. */
ra_code ra_response_parse(struct ra_answer *out, const char *profile,
                          int http_status, const char *content_type,
                          const char *error_type_header,
                          const char *request_id_header, const char *body,
                          size_t len);

#endif
