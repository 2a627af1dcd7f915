/* The runner's view of a parsed answer.
 *
 * Why a separate module: response/response.h and runner/casefile.h both
 * declare an enum called ra_envelope, so no file can include both. This
 * module is the only runner file that includes response.h; it copies the
 * parse result into struct ra_reply (plain ints and owned strings) for the
 * judge. Envelope numbers follow casefile.h's ra_envelope (0 none/any,
 * 1 result, 2 operation, 3 front-door) plus RA_REPLY_ENVELOPE_JSON. */
#ifndef RA_RUNNER_ANSWER_H
#define RA_RUNNER_ANSWER_H

#include <stddef.h>

#include "core/code.h"
#include "proto/request.h"

#define RA_REPLY_SUCCESS 0
#define RA_REPLY_ERROR 1
#define RA_REPLY_MALFORMED 2

#define RA_REPLY_ENVELOPE_JSON 4

struct ra_reply {
  int kind;             /* RA_REPLY_* */
  int envelope;         /* see above */
  int http_status;
  char *error_type;     /* json-2017 __type without prefix, or NULL */
  char *error_code;     /* TurkErrorCode / legacy Code, or NULL */
  char *message;
  char *request_id;
  char *detail;         /* why malformed */
  /* 1 for a 4xx/5xx answer whose body is no recognisable envelope (a proxy's
   * plain-text 413, an HTML error page): kind is then RA_REPLY_ERROR with
   * only http_status known (type and code NULL, detail says what was
   * wrong). The judge lets it match only outcomes that name the status and
   * no type, code or envelope (docs/runner.md "Bare errors"). */
  int bare;
};

void ra_reply_init(struct ra_reply *r);
void ra_reply_free(struct ra_reply *r);
/* Parses an answer of profile p. Never fails for a bad body (kind
 * MALFORMED, or a bare ERROR for 4xx/5xx, see `bare`); RA_E_INTERNAL only
 * when the parser itself failed. */
ra_code ra_reply_parse(struct ra_reply *out, ra_profile p, int http_status,
                       const char *content_type, const char *error_type_header,
                       const char *request_id_header, const char *body,
                       size_t len);
/* "success" | "error" | "malformed" */
const char *ra_reply_kind_name(int kind);
/* "", "result", "operation", "front-door", "json" */
const char *ra_reply_envelope_name(int envelope);

#endif
