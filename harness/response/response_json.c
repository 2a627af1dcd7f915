/* json-2017 answers (AWS JSON 1.1): jansson.
 *
 * Error type as botocore's _do_error_parse computes it (notes §2.4): from
 * "__type", cut at the first ':' and then after the last '#'; the
 * X-Amzn-ErrorType header (same cuts) when the body has no string __type.
 * Message as botocore: "message" first, then "Message".
 *
 * A 4xx/5xx whose body is not JSON (an HTML 503 from a proxy, an empty
 * body) is still an ERROR: the status alone says the call failed, as it
 * does for botocore, which falls back to the status code. `detail` says why
 * no type could be read. A 2xx whose body is not a JSON object is
 * MALFORMED; an empty 2xx body or any object is SUCCESS (notes §2.3: the
 * success body is empty or "{}", UNCONFIRMED which). Nesting depth is
 * bounded by jansson itself (2048 levels). "\u0000" is allowed inside
 * strings (JSON_ALLOW_NUL) so that such a body still yields its __type;
 * the copied strings then end at the first NUL. */
#include <string.h>

#include <jansson.h>

#include "core/alloc.h"
#include "response/response.h"
#include "response/response_int.h"

/* botocore: code.split(':')[0], then code.rsplit('#', 1)[-1]. */
static char *strip_type(const char *raw)
{
  size_t len = strcspn(raw, ":");
  const char *start = raw;
  const char *p;
  for(p = raw; p < raw + len; p++)
    if(*p == '#')
      start = p + 1;
  return ra_strndup(start, len - (size_t)(start - raw));
}

static int only_space(const char *body, size_t len)
{
  size_t i;
  for(i = 0; i < len; i++)
    if(body[i] != ' ' && body[i] != '\t' && body[i] != '\r' &&
       body[i] != '\n')
      return 0;
  return 1;
}

static const char *string_member(json_t *obj, const char *key)
{
  json_t *v = json_object_get(obj, key);
  return json_is_string(v) ? json_string_value(v) : NULL;
}

ra_code ra_response_parse_json(struct ra_answer *out, int http_status,
                               const char *error_type_header,
                               const char *request_id_header, const char *body,
                               size_t len)
{
  json_t *root = NULL;
  json_error_t jerr;
  int empty;

  if(!out)
    return RA_E_INVALID;
  ra_answer_init(out);
  out->http_status = http_status;
  if(request_id_header)
    out->request_id = ra_strdup(request_id_header);
  if(len > RA_RESPONSE_MAX_BODY) {
    ra_answer_malformed(out, "body too large (%zu bytes, limit %u)", len,
                        RA_RESPONSE_MAX_BODY);
    return RA_OK;
  }
  empty = !body || !len || only_space(body, len);
  if(!empty)
    root = json_loadb(body, len, JSON_ALLOW_NUL, &jerr);

  if(http_status >= 200 && http_status <= 299) {
    if(empty) {
      out->kind = RA_ANSWER_SUCCESS;
      out->envelope = RA_ENVELOPE_JSON;
    }
    else if(!root)
      ra_answer_malformed(out, "body is not json (line %d column %d: %s)",
                          jerr.line, jerr.column, jerr.text);
    else if(!json_is_object(root))
      ra_answer_malformed(out, "body is not a json object");
    else {
      out->kind = RA_ANSWER_SUCCESS;
      out->envelope = RA_ENVELOPE_JSON;
    }
    goto done;
  }
  if(http_status < 400) {
    ra_answer_malformed(out, "unexpected http status %d", http_status);
    goto done;
  }

  out->kind = RA_ANSWER_ERROR;
  out->envelope = RA_ENVELOPE_JSON;
  if(json_is_object(root)) {
    const char *type = string_member(root, "__type");
    const char *code = string_member(root, "TurkErrorCode");
    const char *msg = string_member(root, "message");
    if(!msg)
      msg = string_member(root, "Message");
    if(type)
      out->error_type = strip_type(type);
    if(code)
      out->error_code = ra_strdup(code);
    if(msg)
      out->message = ra_strdup(msg);
  }
  else if(empty)
    ra_answer_detail(out, "empty error body");
  else if(!root) {
    char title[160];
    if(ra_answer_html_title(body, len, title, sizeof(title)))
      ra_answer_detail(out, "error body is an html page titled \"%s\", not "
                       "json", title);
    else
      ra_answer_detail(out, "error body is not json (line %d column %d: %s)",
                       jerr.line, jerr.column, jerr.text);
  }
  else
    ra_answer_detail(out, "error body is not a json object");
  if(!out->error_type && error_type_header)
    out->error_type = strip_type(error_type_header);

done:
  if(root)
    json_decref(root);
  return RA_OK;
}
