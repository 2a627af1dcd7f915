/* The runner's copy of a parsed answer (see answer.h for why it exists). */
#include "runner/answer.h"

#include <string.h>

#include "core/alloc.h"
#include "response/response.h"

void ra_reply_init(struct ra_reply *r)
{
  memset(r, 0, sizeof(*r));
}

void ra_reply_free(struct ra_reply *r)
{
  if(!r)
    return;
  ra_free(r->error_type);
  ra_free(r->error_code);
  ra_free(r->message);
  ra_free(r->request_id);
  ra_free(r->detail);
  memset(r, 0, sizeof(*r));
}

static char *dup_or_null(const char *s)
{
  return s ? ra_strdup(s) : NULL;
}

/* A refusal whose body is no envelope still says "refused" by its status:
 * keep it as an error known only by that status (see answer.h). */
static void mark_bare(struct ra_reply *r)
{
  if(r->kind != RA_REPLY_MALFORMED || r->http_status < 400 ||
     r->http_status > 599)
    return;
  r->kind = RA_REPLY_ERROR;
  r->bare = 1;
  r->envelope = 0;
  ra_free(r->error_type);
  ra_free(r->error_code);
  r->error_type = NULL;
  r->error_code = NULL;
  if(!r->detail)
    r->detail = ra_strdup("not a recognisable answer");
}

ra_code ra_reply_parse(struct ra_reply *out, ra_profile p, int http_status,
                       const char *content_type, const char *error_type_header,
                       const char *request_id_header, const char *body,
                       size_t len)
{
  struct ra_answer a;
  ra_code result;

  ra_reply_init(out);
  ra_answer_init(&a);
  if(p == RA_PROFILE_JSON)
    result = ra_response_parse_json(&a, http_status, error_type_header,
                                    request_id_header, body ? body : "", len);
  else
    result = ra_response_parse_legacy(&a, http_status, content_type,
                                      body ? body : "", len);
  out->http_status = http_status;
  if(result) {
    out->kind = RA_REPLY_MALFORMED;
    out->detail = ra_strdup("the answer could not be parsed");
    ra_answer_free(&a);
    mark_bare(out);
    return RA_OK;
  }
  switch(a.kind) {
  case RA_ANSWER_SUCCESS:
    out->kind = RA_REPLY_SUCCESS;
    break;
  case RA_ANSWER_ERROR:
    out->kind = RA_REPLY_ERROR;
    break;
  default:
    out->kind = RA_REPLY_MALFORMED;
    break;
  }
  switch(a.envelope) {
  case RA_ENVELOPE_RESULT:
    out->envelope = 1;
    break;
  case RA_ENVELOPE_OPERATION:
    out->envelope = 2;
    break;
  case RA_ENVELOPE_FRONT_DOOR:
    out->envelope = 3;
    break;
  case RA_ENVELOPE_JSON:
    out->envelope = RA_REPLY_ENVELOPE_JSON;
    break;
  default:
    out->envelope = 0;
    break;
  }
  out->error_type = dup_or_null(a.error_type);
  out->error_code = dup_or_null(a.error_code);
  out->message = dup_or_null(a.message);
  out->request_id = a.request_id ? ra_strdup(a.request_id) :
    dup_or_null(request_id_header);
  out->detail = dup_or_null(a.detail);
  ra_answer_free(&a);
  mark_bare(out);
  return RA_OK;
}

const char *ra_reply_kind_name(int kind)
{
  switch(kind) {
  case RA_REPLY_SUCCESS:
    return "success";
  case RA_REPLY_ERROR:
    return "error";
  default:
    return "malformed";
  }
}

const char *ra_reply_envelope_name(int envelope)
{
  static const char *const names[] = {
    "", "result", "operation", "front-door", "json"
  };
  if(envelope >= 0 && envelope <= 4)
    return names[envelope];
  return "";
}
