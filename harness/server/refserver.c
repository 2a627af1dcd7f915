/* The reference server: configuration, lifecycle, dispatch to the profile
 * handlers and the control API, and store access. The listener is
 * server/httpd.c, the operations server/operation.c, the self-description
 * server/refserver_target.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/rand.h>

#include "core/alloc.h"
#include "core/log.h"
#include "proto/signer.h"
#include "server/control.h"
#include "server/httpd.h"
#include "server/jsonapi.h"
#include "server/legacy.h"
#include "server/refserver_impl.h"

#define DEFAULT_THREADS 4
#define DEFAULT_CONN_TIMEOUT 10
#define DEFAULT_DEADLINE 10

/* --- small shared helpers ------------------------------------------------ */

ra_code ra_serve_profiles_parse(const char *name, ra_serve_profiles *out)
{
  if(!strcmp(name, "legacy-2014"))
    *out = RA_SERVE_LEGACY;
  else if(!strcmp(name, "json-2017"))
    *out = RA_SERVE_JSON;
  else if(!strcmp(name, "all"))
    *out = RA_SERVE_ALL;
  else
    return RA_E_INVALID;
  return RA_OK;
}

const char *ra_serve_profiles_name(ra_serve_profiles p)
{
  switch(p) {
  case RA_SERVE_LEGACY:
    return "legacy-2014";
  case RA_SERVE_JSON:
    return "json-2017";
  default:
    return "all";
  }
}

void ra_refserver_response_init(struct ra_refserver_response *resp)
{
  resp->status = 500;
  ra_headers_init(&resp->headers);
  ra_buf_init(&resp->body, RA_BUF_UNLIMITED);
}

void ra_refserver_response_free(struct ra_refserver_response *resp)
{
  ra_headers_free(&resp->headers);
  ra_buf_free(&resp->body);
}

int ra_refserver_defect_on(const struct ra_refserver *s, ra_defect_id id)
{
  return ra_defect_set_has(&s->defects, id);
}

int ra_refserver_variant_on(const struct ra_refserver *s, ra_variant_id id)
{
  return (s->variants & RA_VARIANT_BIT(id)) != 0;
}

int64_t ra_refserver_now(const struct ra_refserver *s)
{
  return ra_clock_now_ms(&s->clock);
}

const char *ra_refserver_secret(const struct ra_refserver *s,
                                const char *access_key_id, ra_role *role_out)
{
  ra_role role = RA_ROLE_UNKNOWN;
  const char *secret = NULL;
  if(access_key_id && !strcmp(access_key_id, s->keys.owner.access_key_id)) {
    role = RA_ROLE_OWNER;
    secret = s->keys.owner.secret;
  }
  else if(access_key_id &&
          !strcmp(access_key_id, s->keys.other.access_key_id)) {
    role = RA_ROLE_OTHER;
    secret = s->keys.other.secret;
  }
  if(role_out)
    *role_out = role;
  return secret;
}

void ra_refserver_request_id(char out[37])
{
  unsigned char r[16];
  if(RAND_bytes(r, sizeof(r)) != 1)
    memset(r, 0x5a, sizeof(r)); /* only an identifier: never fatal */
  r[6] = (unsigned char)((r[6] & 0x0f) | 0x40);
  r[8] = (unsigned char)((r[8] & 0x3f) | 0x80);
  snprintf(out, 37,
           "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
           "%02x%02x%02x%02x%02x%02x",
           r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10],
           r[11], r[12], r[13], r[14], r[15]);
}

void ra_refserver_reply(struct ra_refserver_response *resp, int status,
                        const char *content_type, const char *body,
                        size_t len)
{
  resp->status = status;
  if(content_type)
    ra_headers_set(&resp->headers, "Content-Type", content_type);
  ra_buf_reset(&resp->body);
  if(len)
    ra_buf_put(&resp->body, body, len);
}

void ra_refserver_split_target(const char *target, char **path, char **query)
{
  const char *q = strchr(target, '?');
  if(q) {
    *path = ra_strndup(target, (size_t)(q - target));
    *query = ra_strdup(q + 1);
  }
  else {
    *path = ra_strdup(target);
    *query = NULL;
  }
}

int ra_refserver_signature_equal(const struct ra_refserver *s,
                                 const char *expected, const char *sent,
                                 int legacy)
{
  if(ra_refserver_defect_on(s, RA_DEFECT_SIGNATURE_PREFIX_MATCH))
    return strlen(sent) <= strlen(expected) &&
           !strncmp(expected, sent, strlen(sent));
  if(legacy && ra_refserver_defect_on(s, RA_DEFECT_SIGNATURE_CASE_INSENSITIVE))
    return !strcasecmp(expected, sent);
  return ra_signer_equal(expected, sent);
}

/* --- configuration and lifecycle ----------------------------------------- */

void ra_refserver_config_init(struct ra_refserver_config *cfg)
{
  memset(cfg, 0, sizeof(*cfg));
  cfg->profiles = RA_SERVE_ALL;
}

static int64_t system_now(void *ctx)
{
  struct ra_clock sys = ra_clock_system();
  (void)ctx;
  return sys.now_ms(sys.ctx);
}

ra_code ra_refserver_new(struct ra_refserver **out,
                         const struct ra_refserver_config *cfg,
                         struct ra_error *err)
{
  struct ra_refserver *s;
  size_t i;

  *out = NULL;
  if(cfg->profiles < RA_SERVE_LEGACY || cfg->profiles > RA_SERVE_ALL)
    return ra_error_set(err, RA_E_CONFIG, "serve", 0, 0,
                        "unknown profile set %d", (int)cfg->profiles);
  s = ra_calloc(1, sizeof(*s));
  s->profiles = cfg->profiles;
  for(i = 0; i < cfg->defect_count; i++) {
    ra_defect_id id;
    if(ra_defect_lookup(cfg->defects[i], &id)) {
      ra_error_set(err, RA_E_CONFIG, "serve", 0, 0, "unknown defect '%s'",
                   cfg->defects[i]);
      ra_free(s);
      return RA_E_CONFIG;
    }
    ra_defect_set_add(&s->defects, id);
  }
  for(i = 0; i < cfg->variant_count; i++) {
    ra_variant_id id;
    if(ra_variant_lookup(cfg->variants[i], &id)) {
      ra_error_set(err, RA_E_CONFIG, "serve", 0, 0, "unknown variant '%s'",
                   cfg->variants[i]);
      ra_free(s);
      return RA_E_CONFIG;
    }
    s->variants |= RA_VARIANT_BIT(id);
  }
  s->keys.owner.access_key_id = ra_strdup(cfg->owner_key_id ?
                                          cfg->owner_key_id :
                                          RA_REFSERVER_OWNER_KEY_ID);
  s->keys.owner.secret = ra_strdup(cfg->owner_secret ? cfg->owner_secret :
                                   RA_REFSERVER_OWNER_SECRET);
  s->keys.other.access_key_id = ra_strdup(cfg->other_key_id ?
                                          cfg->other_key_id :
                                          RA_REFSERVER_OTHER_KEY_ID);
  s->keys.other.secret = ra_strdup(cfg->other_secret ? cfg->other_secret :
                                   RA_REFSERVER_OTHER_SECRET);
  s->control_token = cfg->control_token ? ra_strdup(cfg->control_token) :
                     NULL;
  s->clock = cfg->clock;
  if(!s->clock.now_ms) {
    s->clock.now_ms = system_now;
    s->clock.ctx = NULL;
  }
  s->hook = cfg->hook;
  s->hook_ctx = cfg->hook_ctx;
  s->threads = cfg->threads ? cfg->threads : DEFAULT_THREADS;
  s->connection_timeout = cfg->connection_timeout ? cfg->connection_timeout :
                          DEFAULT_CONN_TIMEOUT;
  s->deadline = cfg->request_deadline ? cfg->request_deadline :
                DEFAULT_DEADLINE;
  s->store = ra_store_new(cfg->seed);
  *out = s;
  return RA_OK;
}

/* --- listening ------------------------------------------------------------ */

ra_code ra_refserver_start(struct ra_refserver **out,
                           const struct ra_refserver_config *cfg,
                           struct ra_error *err)
{
  struct ra_refserver *s;
  ra_code result;

  *out = NULL;
  result = ra_refserver_new(&s, cfg, err);
  if(result)
    return result;
  result = ra_httpd_start(s, cfg->listen, cfg->allow_remote, err);
  if(result) {
    ra_refserver_stop(s);
    return result;
  }
  RA_LOG(RA_LOG_INFO, "refserver: listening on %s (%s)", s->url,
         ra_serve_profiles_name(s->profiles));
  *out = s;
  return RA_OK;
}

const char *ra_refserver_url(const struct ra_refserver *s)
{
  return s->url;
}

const char *ra_refserver_control_url(const struct ra_refserver *s)
{
  return s->control_url;
}

const char *ra_refserver_listen_address(const struct ra_refserver *s)
{
  return s->listen_address;
}

int ra_refserver_is_remote(const struct ra_refserver *s)
{
  return s->remote;
}

void ra_refserver_stop(struct ra_refserver *s)
{
  if(!s)
    return;
  ra_httpd_stop(s);
  ra_store_free(s->store);
  ra_requester_pair_free(&s->keys);
  ra_free(s->control_token);
  ra_free(s->host);
  ra_free(s->url);
  ra_free(s->control_url);
  ra_free(s->listen_address);
  ra_free(s);
}

/* --- dispatch -------------------------------------------------------------- */

static int looks_json(const struct ra_wire_request *req)
{
  const char *ct;
  if(!req->headers)
    return 0;
  if(ra_headers_get(req->headers, "X-Amz-Target"))
    return 1;
  ct = ra_headers_get(req->headers, "Content-Type");
  return ct && !strncasecmp(ct, "application/x-amz-json", 22);
}

void ra_refserver_handle(struct ra_refserver *s,
                         const struct ra_wire_request *req,
                         struct ra_refserver_response *resp)
{
  static const struct ra_headers no_headers = {NULL, 0, 0};
  struct ra_wire_request r = *req;
  size_t plen = strlen(RA_REFSERVER_CONTROL_PREFIX);

  if(!r.headers)
    r.headers = &no_headers;
  if(!r.target || !*r.target)
    r.target = "/";
  if(!r.method)
    r.method = "GET";
  if(!r.body)
    r.body_len = 0;
  if(s->hook && s->hook(s->hook_ctx, &r, resp))
    return;
  if(!strncmp(r.target, RA_REFSERVER_CONTROL_PREFIX, plen) ||
     !strcmp(r.target, "/_raconform")) {
    ra_control_handle(s, &r, resp);
    return;
  }
  if(s->profiles == RA_SERVE_JSON ||
     (s->profiles == RA_SERVE_ALL && looks_json(&r)))
    ra_jsonapi_handle(s, &r, resp);
  else
    ra_legacy_handle(s, &r, resp);
}

/* --- store access -------------------------------------------------------- */

ra_code ra_refserver_seed(struct ra_refserver *s, const char *owner_key_id,
                          const char *status, char **assignment_id_out)
{
  ra_assign_status st;
  if(!owner_key_id || !status || ra_assign_status_parse(status, &st))
    return RA_E_INVALID;
  return ra_store_add(s->store, owner_key_id, st, NULL, assignment_id_out);
}

ra_code ra_refserver_lookup(struct ra_refserver *s, const char *assignment_id,
                            const char **status_out, char **feedback_out,
                            size_t *feedback_len_out, char **owner_out)
{
  struct ra_assignment_view v;
  ra_code result = ra_store_get(s->store, assignment_id, &v);
  if(result)
    return result;
  if(status_out)
    *status_out = ra_assign_status_name(v.status);
  if(feedback_out) {
    *feedback_out = v.feedback;
    v.feedback = NULL;
  }
  if(feedback_len_out)
    *feedback_len_out = v.feedback_len;
  if(owner_out) {
    *owner_out = v.owner;
    v.owner = NULL;
  }
  ra_assignment_view_free(&v);
  return RA_OK;
}
