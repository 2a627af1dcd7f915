/* Control (seeding) API of SPEC §4 under /_raconform/. */
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "core/alloc.h"
#include "proto/header.h"
#include "proto/signer.h"
#include "proto/utf8.h"
#include "server/control.h"
#include "server/refserver_impl.h"

#define JSON_CT "application/json"

static void reply_json(struct ra_refserver_response *resp, int status,
                       json_t *obj)
{
  char *text = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
  ra_refserver_reply(resp, status, JSON_CT, text ? text : "{}",
                     text ? strlen(text) : 2);
  free(text);
  json_decref(obj);
}

void ra_control_error(struct ra_refserver_response *resp, int status,
                      const char *msg)
{
  reply_json(resp, status, json_pack("{s:s}", "error", msg));
}


static int authorized(const struct ra_refserver *s,
                      const struct ra_wire_request *req)
{
  const char *h;
  if(!s->control_token)
    return 1;
  h = ra_headers_get(req->headers, "Authorization");
  if(!h || strncasecmp(h, "Bearer ", 7))
    return 0;
  h += 7;
  while(*h == ' ')
    h++;
  return ra_signer_equal(h, s->control_token);
}

/* The stored bytes as a JSON string; invalid UTF-8 (only storable under a
 * seeded defect) is shown with U+FFFD per bad byte so the answer stays JSON. */
static json_t *feedback_json(const char *bytes, size_t len)
{
  struct ra_buf b;
  json_t *j;
  size_t i = 0;
  if(ra_utf8_valid(bytes, len, NULL))
    return json_stringn(bytes, len);
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  while(i < len) {
    size_t bad;
    if(ra_utf8_valid(bytes + i, len - i, &bad)) {
      ra_buf_put(&b, bytes + i, len - i);
      break;
    }
    ra_buf_put(&b, bytes + i, bad);
    ra_buf_puts(&b, "\xEF\xBF\xBD");
    i += bad + 1;
  }
  j = json_stringn(ra_buf_str(&b), b.len);
  ra_buf_free(&b);
  return j ? j : json_string("");
}

static void create_assignment(struct ra_refserver *s,
                              const struct ra_wire_request *req,
                              struct ra_refserver_response *resp)
{
  json_error_t jerr;
  json_t *body = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES,
                            &jerr);
  json_t *jowner, *jstatus, *jid;
  ra_assign_status st;
  char *id = NULL;
  ra_code result;

  if(!json_is_object(body)) {
    ra_control_error(resp, 400, "body must be a JSON object");
    goto done;
  }
  jowner = json_object_get(body, "owner");
  jstatus = json_object_get(body, "status");
  jid = json_object_get(body, "AssignmentId");
  if(!json_is_string(jowner) || !json_string_length(jowner) ||
     json_string_length(jowner) > RA_CONTROL_OWNER_MAX) {
    ra_control_error(resp, 400, "'owner' must be a non-empty string of at "
                     "most 128 bytes");
    goto done;
  }
  if(!json_is_string(jstatus) ||
     ra_assign_status_parse(json_string_value(jstatus), &st)) {
    ra_control_error(resp, 400,
                     "'status' must be Submitted, Approved or Rejected");
    goto done;
  }
  if(jid && !json_is_string(jid)) {
    ra_control_error(resp, 400, "'AssignmentId' must be a string");
    goto done;
  }
  result = ra_store_add(s->store, json_string_value(jowner), st,
                        jid ? json_string_value(jid) : NULL, &id);
  if(result == RA_E_STATE) {
    ra_control_error(resp, 409, "assignment id already exists");
    goto done;
  }
  if(result == RA_E_TOO_LARGE) {
    ra_control_error(resp, 507, "the store is full (100000 assignments): "
                     "POST reset to empty it");
    goto done;
  }
  if(result) {
    ra_control_error(resp, 400, "'AssignmentId' must be 1-64 of [A-Z0-9]");
    goto done;
  }
  reply_json(resp, 201, json_pack("{s:s}", "AssignmentId", id));
done:
  ra_free(id);
  json_decref(body);
}

static void get_assignment(struct ra_refserver *s, const char *id,
                           struct ra_refserver_response *resp)
{
  struct ra_assignment_view v;
  json_t *obj;
  if(ra_store_get(s->store, id, &v)) {
    ra_control_error(resp, 404, "no such assignment");
    return;
  }
  obj = json_pack("{s:s, s:s, s:s}", "AssignmentId", v.id, "owner", v.owner,
                  "status", ra_assign_status_name(v.status));
  json_object_set_new(obj, "RequesterFeedback",
                      v.has_feedback ?
                      feedback_json(v.feedback, v.feedback_len) :
                      json_null());
  reply_json(resp, 200, obj);
  ra_assignment_view_free(&v);
}

static void describe(struct ra_refserver *s,
                     struct ra_refserver_response *resp)
{
  json_t *profiles = json_array();
  json_t *defects = json_array();
  size_t i;
  if(s->profiles & RA_SERVE_JSON)
    json_array_append_new(profiles, json_string("json-2017"));
  if(s->profiles & RA_SERVE_LEGACY)
    json_array_append_new(profiles, json_string("legacy-2014"));
  for(i = 0; i < ra_defect_count(); i++) {
    if(ra_defect_set_has(&s->defects, (ra_defect_id)i))
      json_array_append_new(defects, json_string(ra_defect_at(i)->name));
  }
  reply_json(resp, 200, json_pack("{s:o, s:o, s:I}", "profiles", profiles,
                                  "defects", defects, "assignments",
                                  (json_int_t)ra_store_size(s->store)));
}

void ra_control_handle(struct ra_refserver *s,
                       const struct ra_wire_request *req,
                       struct ra_refserver_response *resp)
{
  char *path, *query;
  const char *rest;
  size_t plen = strlen(RA_REFSERVER_CONTROL_PREFIX);

  if(!authorized(s, req)) {
    ra_headers_set(&resp->headers, "WWW-Authenticate", "Bearer");
    ra_control_error(resp, 401, "missing or wrong bearer token");
    return;
  }
  ra_refserver_split_target(req->target, &path, &query);
  rest = strlen(path) >= plen ? path + plen : "";
  if(!strcmp(rest, "assignments")) {
    if(!strcmp(req->method, "POST"))
      create_assignment(s, req, resp);
    else
      ra_control_error(resp, 405, "use POST");
  }
  else if(!strncmp(rest, "assignments/", 12) && rest[12] &&
          !strchr(rest + 12, '/')) {
    if(!strcmp(req->method, "GET"))
      get_assignment(s, rest + 12, resp);
    else
      ra_control_error(resp, 405, "use GET");
  }
  else if(!strcmp(rest, "reset")) {
    if(!strcmp(req->method, "POST")) {
      ra_store_reset(s->store);
      ra_refserver_reply(resp, 204, NULL, NULL, 0);
    }
    else
      ra_control_error(resp, 405, "use POST");
  }
  else if(!*rest && !strcmp(req->method, "GET"))
    describe(s, resp);
  else
    ra_control_error(resp, 404, "no such control endpoint");
  ra_free(path);
  ra_free(query);
}
