/* Shared parts of struct ra_answer: lifecycle, names, profile dispatch.
 * The legacy XML parser is in response_xml.c, the JSON one in
 * response_json.c; both use the helpers declared in response_int.h. */
#include "response/response.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "response/response_int.h"

void ra_answer_init(struct ra_answer *a)
{
  memset(a, 0, sizeof(*a));
  a->kind = RA_ANSWER_MALFORMED;
  a->envelope = RA_ENVELOPE_NONE;
  a->is_valid = -1;
}

void ra_answer_free(struct ra_answer *a)
{
  size_t i;
  if(!a)
    return;
  ra_free(a->error_type);
  ra_free(a->error_code);
  ra_free(a->message);
  ra_free(a->request_id);
  ra_free(a->detail);
  ra_free(a->root);
  ra_free(a->content_type);
  for(i = 0; i < a->data_count; i++) {
    ra_free(a->data[i].key);
    ra_free(a->data[i].value);
  }
  ra_free(a->data);
  ra_answer_init(a);
}

const char *ra_answer_kind_name(ra_answer_kind k)
{
  switch(k) {
  case RA_ANSWER_SUCCESS:
    return "success";
  case RA_ANSWER_ERROR:
    return "error";
  case RA_ANSWER_MALFORMED:
    return "malformed";
  }
  return "unknown";
}

const char *ra_envelope_name(ra_envelope e)
{
  switch(e) {
  case RA_ENVELOPE_NONE:
    return "none";
  case RA_ENVELOPE_RESULT:
    return "result";
  case RA_ENVELOPE_OPERATION:
    return "operation";
  case RA_ENVELOPE_FRONT_DOOR:
    return "front_door";
  case RA_ENVELOPE_JSON:
    return "json";
  }
  return "unknown";
}

void ra_answer_detail(struct ra_answer *a, const char *fmt, ...)
{
  char text[300];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof(text), fmt, ap);
  va_end(ap);
  ra_free(a->detail);
  a->detail = ra_strdup(text);
}

void ra_answer_malformed(struct ra_answer *a, const char *fmt, ...)
{
  char text[300];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof(text), fmt, ap);
  va_end(ap);
  a->kind = RA_ANSWER_MALFORMED;
  ra_free(a->detail);
  a->detail = ra_strdup(text);
}

/* strncasecmp over a bounded, not NUL-terminated body */
static const char *find_ci(const char *s, size_t len, const char *what)
{
  size_t n = strlen(what), i;
  for(i = 0; i + n <= len; i++) {
    if(!strncasecmp(s + i, what, n))
      return s + i;
  }
  return NULL;
}

int ra_answer_html_title(const char *body, size_t len, char *out,
                         size_t outlen)
{
  const char *start, *end, *p;
  size_t n = 0;
  int space = 0;
  if(!outlen)
    return 0;
  out[0] = '\0';
  if(!body)
    return 0;
  /* a page's head is near its start: do not scan a whole megabyte */
  if(len > 65536)
    len = 65536;
  start = find_ci(body, len, "<title");
  if(!start)
    return 0;
  start = memchr(start, '>', len - (size_t)(start - body));
  if(!start)
    return 0;
  start++;
  end = find_ci(start, len - (size_t)(start - body), "</title");
  if(!end)
    end = body + len;
  for(p = start; p < end && n + 1 < outlen; p++) {
    unsigned char ch = (unsigned char)*p;
    if(ch <= ' ' || ch == 0x7f) {
      space = n > 0;
      continue;
    }
    if(space && n + 2 < outlen)
      out[n++] = ' ';
    space = 0;
    out[n++] = (char)ch;
  }
  out[n] = '\0';
  return n > 0;
}

void ra_answer_add_data(struct ra_answer *a, const char *key,
                        const char *value)
{
  a->data = ra_realloc(a->data, (a->data_count + 1) * sizeof(*a->data));
  a->data[a->data_count].key = ra_strdup(key ? key : "");
  a->data[a->data_count].value = ra_strdup(value ? value : "");
  a->data_count++;
}

ra_code ra_response_parse(struct ra_answer *out, const char *profile,
                          int http_status, const char *content_type,
                          const char *error_type_header,
                          const char *request_id_header, const char *body,
                          size_t len)
{
  if(profile && !strcmp(profile, "legacy-2014"))
    return ra_response_parse_legacy(out, http_status, content_type, body,
                                    len);
  if(profile && !strcmp(profile, "json-2017"))
    return ra_response_parse_json(out, http_status, error_type_header,
                                  request_id_header, body, len);
  ra_answer_init(out);
  out->http_status = http_status;
  ra_answer_malformed(out, "unknown profile \"%s\"",
                      profile ? profile : "(null)");
  return RA_E_INVALID;
}
