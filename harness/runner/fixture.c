/* Fixture providers: control API, manifest, none; state observation. */
#include "runner/fixture.h"

#include <pthread.h>
#include <string.h>

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "core/alloc.h"
#include "runner/exec.h"
#include "runner/value.h"

struct ra_fixture {
  const struct ra_target *target;
  struct ra_clock clock;
  ra_observe_method observe;
  pthread_mutex_t lock;
  size_t next[RA_FIXTURE_STATES]; /* manifest: next unused index */
};

void ra_observation_init(struct ra_observation *o)
{
  memset(o, 0, sizeof(*o));
}

void ra_observation_free(struct ra_observation *o)
{
  if(!o)
    return;
  ra_free(o->status);
  ra_free(o->feedback);
  memset(o, 0, sizeof(*o));
}

ra_code ra_fixture_create(struct ra_fixture **out, const struct ra_target *t,
                          struct ra_clock clock, int use_get_assignment)
{
  struct ra_fixture *f = ra_calloc(1, sizeof(*f));
  f->target = t;
  f->clock = clock.now_ms ? clock : ra_clock_system();
  pthread_mutex_init(&f->lock, NULL);
  if(t->provider == RA_PROVIDER_CONTROL && t->control_url)
    f->observe = RA_OBSERVE_CONTROL;
  else if(use_get_assignment && t->requesters[0].present)
    f->observe = RA_OBSERVE_API;
  else
    f->observe = RA_OBSERVE_NONE;
  *out = f;
  return RA_OK;
}

void ra_fixture_free(struct ra_fixture *f)
{
  if(!f)
    return;
  pthread_mutex_destroy(&f->lock);
  ra_free(f);
}

ra_observe_method ra_fixture_observe_method(const struct ra_fixture *f)
{
  return f->observe;
}

/* Header lines for the control API ("Authorization: Bearer" when a token is
 * configured). The array and its first string are owned by the caller. */
static const char **control_headers(const struct ra_fixture *f, char **auth)
{
  static const char *ct = "Content-Type: application/json";
  const char **h = ra_calloc(3, sizeof(*h));
  size_t n = 0;
  *auth = NULL;
  h[n++] = ct;
  if(f->target->control_token) {
    struct ra_buf b;
    ra_buf_init(&b, RA_BUF_UNLIMITED);
    ra_buf_putf(&b, "Authorization: Bearer %s", f->target->control_token);
    *auth = ra_buf_take(&b, NULL);
    h[n++] = *auth;
  }
  return h;
}

static ra_code control_call(struct ra_fixture *f, struct ra_transport *tr,
                            const char *method, const char *rel,
                            const char *body, struct ra_http_response *resp)
{
  struct ra_buf url;
  char *auth;
  const char **h = control_headers(f, &auth);
  ra_code result;
  ra_buf_init(&url, RA_BUF_UNLIMITED);
  ra_buf_putf(&url, "%s%s", f->target->control_url, rel);
  result = ra_transport_simple(tr, method, ra_buf_str(&url),
                               (const char *const *)h, body,
                               body ? strlen(body) : 0, resp);
  ra_free(auth);
  ra_free(h);
  ra_buf_free(&url);
  return result;
}

ra_code ra_fixture_acquire(struct ra_fixture *f, struct ra_transport *tr,
                           ra_fixture_state state, ra_requester owner,
                           char **id_out, struct ra_buf *why)
{
  const struct ra_target *t = f->target;
  *id_out = NULL;
  if(t->provider == RA_PROVIDER_CONTROL) {
    const struct ra_requester_keys *k =
      &t->requesters[owner == RA_REQUESTER_OTHER ? 1 : 0];
    struct ra_http_response resp;
    json_t *req, *ans;
    json_error_t jerr;
    char *body;
    ra_code result;
    if(!k->present || !k->access_key_id) {
      ra_buf_putf(why, "the target describes no '%s' requester",
                  ra_requester_name(owner));
      return RA_E_NOT_FOUND;
    }
    req = json_pack("{s:s,s:s}", "owner", k->access_key_id, "status",
                    ra_fixture_state_name(state));
    body = json_dumps(req, JSON_COMPACT);
    json_decref(req);
    result = control_call(f, tr, "POST", "assignments", body, &resp);
    free(body);
    if(result || resp.error != RA_XFER_OK) {
      ra_buf_putf(why, "fixture: control API %s: %s",
                  ra_xfer_error_name(resp.error), resp.error_text);
      ra_http_response_free(&resp);
      return RA_E_TRANSPORT;
    }
    if(resp.status != 201 && resp.status != 200) {
      ra_buf_putf(why, "fixture: control API answered %d to POST assignments",
                  resp.status);
      ra_http_response_free(&resp);
      return RA_E_PROTOCOL;
    }
    ans = json_loadb(resp.body, resp.body_len, 0, &jerr);
    if(ans && json_is_string(json_object_get(ans, "AssignmentId")))
      *id_out = ra_strdup(json_string_value(json_object_get(ans,
                                                            "AssignmentId")));
    json_decref(ans);
    ra_http_response_free(&resp);
    if(!*id_out) {
      ra_buf_puts(why, "fixture: control API answer has no AssignmentId");
      return RA_E_PROTOCOL;
    }
    return RA_OK;
  }
  if(t->provider == RA_PROVIDER_MANIFEST) {
    ra_code result = RA_OK;
    if(owner != RA_REQUESTER_OWNER) {
      ra_buf_puts(why, "the manifest lists only the owner's assignments");
      return RA_E_NOT_FOUND;
    }
    pthread_mutex_lock(&f->lock);
    if(f->next[state] < t->nmanifest[state])
      *id_out = ra_strdup(t->manifest[state][f->next[state]++]);
    else
      result = RA_E_NOT_FOUND;
    pthread_mutex_unlock(&f->lock);
    if(result)
      ra_buf_putf(why, "the manifest has no unused %s assignment left",
                  ra_fixture_state_name(state));
    return result;
  }
  ra_buf_putf(why, "needs a %s assignment and the target has no fixture "
              "provider", ra_fixture_state_name(state));
  return RA_E_NOT_FOUND;
}

static void set_feedback(struct ra_observation *out, const char *s, size_t n)
{
  out->has_feedback = 1;
  out->feedback = ra_memdup0(s, n);
  out->feedback_len = n;
}

/* A JSON answer holding the state under status_key and the feedback as
 * "RequesterFeedback", in the member named wrapper (NULL: at the top). */
static ra_code parse_json_observation(struct ra_observation *out,
                                      const char *body, size_t len,
                                      const char *wrapper,
                                      const char *status_key)
{
  json_error_t jerr;
  json_t *j = json_loadb(body, len, JSON_ALLOW_NUL, &jerr);
  json_t *obj, *st, *fb;
  ra_observation_init(out);
  if(!j)
    return RA_E_PARSE;
  obj = wrapper ? json_object_get(j, wrapper) : j;
  st = json_object_get(obj, status_key);
  fb = json_object_get(obj, "RequesterFeedback");
  if(!json_is_string(st)) {
    json_decref(j);
    return RA_E_PARSE;
  }
  out->status = ra_strdup(json_string_value(st));
  if(json_is_string(fb))
    set_feedback(out, json_string_value(fb), json_string_length(fb));
  json_decref(j);
  return RA_OK;
}

ra_code ra_fixture_parse_control(struct ra_observation *out, const char *body,
                                 size_t len)
{
  return parse_json_observation(out, body, len, NULL, "status");
}

ra_code ra_fixture_parse_get_assignment_json(struct ra_observation *out,
                                             const char *body, size_t len)
{
  return parse_json_observation(out, body, len, "Assignment",
                                "AssignmentStatus");
}

static xmlNode *find_element(xmlNode *n, const char *name)
{
  for(; n; n = n->next) {
    xmlNode *found;
    if(n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name))
      return n;
    found = find_element(n->children, name);
    if(found)
      return found;
  }
  return NULL;
}

ra_code ra_fixture_parse_get_assignment_xml(struct ra_observation *out,
                                            const char *body, size_t len)
{
  xmlDoc *doc;
  xmlNode *a, *st, *fb;
  ra_observation_init(out);
  if(len > (size_t)0x7fffffff)
    return RA_E_TOO_LARGE;
  doc = xmlReadMemory(body, (int)len, "GetAssignment.xml", NULL,
                      XML_PARSE_NONET | XML_PARSE_NOERROR |
                      XML_PARSE_NOWARNING);
  if(!doc)
    return RA_E_PARSE;
  a = find_element(xmlDocGetRootElement(doc), "Assignment");
  st = a ? find_element(a->children, "AssignmentStatus") : NULL;
  fb = a ? find_element(a->children, "RequesterFeedback") : NULL;
  if(!st) {
    xmlFreeDoc(doc);
    return RA_E_PARSE;
  }
  {
    xmlChar *s = xmlNodeGetContent(st);
    out->status = ra_strdup(s ? (const char *)s : "");
    xmlFree(s);
  }
  if(fb) {
    xmlChar *s = xmlNodeGetContent(fb);
    set_feedback(out, s ? (const char *)s : "", s ? strlen((char *)s) : 0);
    xmlFree(s);
  }
  xmlFreeDoc(doc);
  return RA_OK;
}

static void add_string_param(struct ra_case_param *p, const char *name,
                             const char *value)
{
  p->name = (char *)name;
  p->value = ra_value_new(RA_VALUE_STRING);
  p->value->text = ra_strdup(value);
  p->value->text_len = strlen(value);
}

static ra_code observe_api(struct ra_fixture *f, struct ra_transport *tr,
                           ra_profile p, const char *id,
                           struct ra_observation *out, struct ra_buf *why)
{
  struct ra_case_request r;
  struct ra_case_param params[3];
  struct ra_exec_ctx ctx;
  struct ra_exec_out built;
  struct ra_http_response resp;
  ra_code result;
  size_t i;

  memset(&r, 0, sizeof(r));
  memset(params, 0, sizeof(params));
  r.operation = (char *)"GetAssignment";
  r.signer = RA_REQUESTER_OWNER;
  add_string_param(&params[0], "AssignmentId", id);
  r.params = params;
  r.nparams = 1;
  if(p == RA_PROFILE_LEGACY) {
    add_string_param(&params[1], "ResponseGroup.1", "Minimal");
    add_string_param(&params[2], "ResponseGroup.2", "AssignmentFeedback");
    r.nparams = 3;
  }
  memset(&ctx, 0, sizeof(ctx));
  ctx.target = f->target;
  ctx.clock = f->clock;
  ra_exec_out_init(&built);
  result = ra_exec_build(&built, &r, p, &ctx, why);
  for(i = 0; i < r.nparams; i++)
    ra_value_free(params[i].value);
  if(result) {
    ra_exec_out_free(&built);
    return RA_E_UNSUPPORTED;
  }
  result = ra_transport_send(tr, f->target->endpoint, &built.req, &resp);
  ra_exec_out_free(&built);
  if(result || resp.error != RA_XFER_OK || resp.status != 200) {
    ra_buf_putf(why, "GetAssignment did not answer (%s %d)",
                ra_xfer_error_name(resp.error), resp.status);
    ra_http_response_free(&resp);
    return RA_E_UNSUPPORTED;
  }
  if(p == RA_PROFILE_JSON)
    result = ra_fixture_parse_get_assignment_json(out, resp.body,
                                                  resp.body_len);
  else
    result = ra_fixture_parse_get_assignment_xml(out, resp.body,
                                                 resp.body_len);
  ra_http_response_free(&resp);
  if(result) {
    ra_buf_puts(why, "GetAssignment answer has no AssignmentStatus");
    return RA_E_UNSUPPORTED;
  }
  return RA_OK;
}

ra_code ra_fixture_observe(struct ra_fixture *f, struct ra_transport *tr,
                           ra_profile p, const char *id,
                           struct ra_observation *out, struct ra_buf *why)
{
  ra_observation_init(out);
  if(f->observe == RA_OBSERVE_CONTROL) {
    struct ra_http_response resp;
    struct ra_buf rel;
    ra_code result;
    ra_buf_init(&rel, RA_BUF_UNLIMITED);
    ra_buf_puts(&rel, "assignments/");
    ra_buf_puts(&rel, id);
    result = control_call(f, tr, "GET", ra_buf_str(&rel), NULL, &resp);
    ra_buf_free(&rel);
    if(result || resp.error != RA_XFER_OK || resp.status != 200) {
      ra_buf_putf(why, "state not observable: control API %s %d",
                  ra_xfer_error_name(resp.error), resp.status);
      ra_http_response_free(&resp);
      return RA_E_TRANSPORT;
    }
    result = ra_fixture_parse_control(out, resp.body, resp.body_len);
    ra_http_response_free(&resp);
    if(result) {
      ra_buf_puts(why, "state not observable: control API answer has no "
                  "status");
      return RA_E_PROTOCOL;
    }
    return RA_OK;
  }
  if(f->observe == RA_OBSERVE_API)
    return observe_api(f, tr, p, id, out, why);
  ra_buf_puts(why, "state not observable: the target has neither a control "
              "API nor GetAssignment");
  return RA_E_UNSUPPORTED;
}

ra_code ra_fixture_reset(struct ra_fixture *f, struct ra_transport *tr)
{
  struct ra_http_response resp;
  ra_code result;
  if(f->target->provider != RA_PROVIDER_CONTROL)
    return RA_OK;
  result = control_call(f, tr, "POST", "reset", "", &resp);
  if(!result && (resp.error != RA_XFER_OK || resp.status / 100 != 2))
    result = RA_E_TRANSPORT;
  ra_http_response_free(&resp);
  return result;
}
