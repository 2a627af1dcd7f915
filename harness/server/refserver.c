/* The reference server: configuration, libmicrohttpd glue and dispatch to
 * the profile handlers and the control API. */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <microhttpd.h>
#include <openssl/rand.h>

#include "core/alloc.h"
#include "core/log.h"
#include "server/connguard.h"
#include "server/control.h"
#include "server/jsonapi.h"
#include "server/legacy.h"
#include "server/refserver_impl.h"

#define DEFAULT_THREADS 4
#define DEFAULT_CONN_TIMEOUT 10
/* Hard limits (libmicrohttpd refuses above them) and the guard's soft
 * ones (stalled connections are evicted above them): a trickling peer
 * cannot reach the hard limits before the guard frees room, and the per-IP
 * limits leave room for `run --jobs 256` on loopback. */
#define CONNECTION_LIMIT 1024
#define GUARD_SOFT_TOTAL 256
#define GUARD_SOFT_PER_IP 128
#define GUARD_STALL_MS 1000
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
    (void)ra_buf_add(&resp->body, body, len);
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

/* --- libmicrohttpd glue --------------------------------------------------- */

struct conn_ctx {
  char *raw_uri;      /* as sent, before MHD unescapes it */
  struct ra_buf body;
  int started;
  int refused;        /* an early answer (400, 413) is queued or failed */
  int too_large;      /* a chunked body passed the cap: 413 at its end */
};

static struct conn_ctx *conn_ctx_new(const char *uri)
{
  struct conn_ctx *ctx = ra_calloc(1, sizeof(*ctx));
  ctx->raw_uri = ra_strdup(uri ? uri : "/");
  ra_buf_init(&ctx->body, RA_REFSERVER_BODY_MAX);
  return ctx;
}

static void *uri_logger(void *cls, const char *uri,
                        struct MHD_Connection *conn)
{
  (void)cls;
  (void)conn;
  return conn_ctx_new(uri);
}

/* The guard's record of a connection (NULL once closed). */
static struct ra_connguard_conn *conn_guard(struct MHD_Connection *conn)
{
  const union MHD_ConnectionInfo *ci =
    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  return ci ? ci->socket_context : NULL;
}

static void notify_connection(void *cls, struct MHD_Connection *conn,
                              void **socket_context,
                              enum MHD_ConnectionNotificationCode code)
{
  struct ra_refserver *s = cls;
  if(code == MHD_CONNECTION_NOTIFY_STARTED) {
    const union MHD_ConnectionInfo *fd =
      MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    const union MHD_ConnectionInfo *addr =
      MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    uint32_t ip = 0;
    if(addr && addr->client_addr && addr->client_addr->sa_family == AF_INET)
      ip = ((const struct sockaddr_in *)(const void *)addr->client_addr)
           ->sin_addr.s_addr;
    *socket_context = fd ? ra_connguard_opened(s->guard, fd->connect_fd, ip) :
                      NULL;
  }
  else if(code == MHD_CONNECTION_NOTIFY_CLOSED) {
    ra_connguard_closed(s->guard, *socket_context);
    *socket_context = NULL;
  }
}

static void request_completed(void *cls, struct MHD_Connection *conn,
                              void **con_cls,
                              enum MHD_RequestTerminationCode toe)
{
  struct ra_refserver *s = cls;
  struct conn_ctx *ctx = *con_cls;
  (void)toe;
  ra_connguard_busy(s->guard, conn_guard(conn), 0);
  if(ctx) {
    ra_free(ctx->raw_uri);
    ra_buf_free(&ctx->body);
    ra_free(ctx);
    *con_cls = NULL;
  }
}

struct header_collect {
  struct ra_headers *headers;
  int overflow;
};

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind,
                                      const char *key, const char *value)
{
  struct header_collect *hc = cls;
  (void)kind;
  if(hc->headers->count >= RA_REFSERVER_HEADERS_MAX) {
    hc->overflow = 1;
    return MHD_NO;
  }
  ra_headers_add(hc->headers, key, value ? value : "");
  return MHD_YES;
}

static enum MHD_Result queue(struct MHD_Connection *conn,
                             const struct ra_refserver_response *r)
{
  struct MHD_Response *mr;
  enum MHD_Result ret;
  size_t i;
  mr = MHD_create_response_from_buffer(r->body.len, r->body.ptr ?
                                       r->body.ptr : (char *)"",
                                       MHD_RESPMEM_MUST_COPY);
  if(!mr)
    return MHD_NO;
  for(i = 0; i < r->headers.count; i++) {
    if(!strcasecmp(r->headers.items[i].name, "Content-Length"))
      continue;
    MHD_add_response_header(mr, r->headers.items[i].name,
                            r->headers.items[i].value);
  }
  ret = MHD_queue_response(conn, (unsigned)r->status, mr);
  MHD_destroy_response(mr);
  return ret;
}

static enum MHD_Result queue_plain(struct MHD_Connection *conn, int status,
                                   const char *text)
{
  struct ra_refserver_response r;
  enum MHD_Result ret;
  ra_refserver_response_init(&r);
  ra_refserver_reply(&r, status, "text/plain", text, strlen(text));
  ra_headers_set(&r.headers, "Connection", "close");
  ret = queue(conn, &r);
  ra_refserver_response_free(&r);
  return ret;
}

static int is_control_target(const char *target)
{
  return !strncmp(target, RA_REFSERVER_CONTROL_PREFIX,
                  strlen(RA_REFSERVER_CONTROL_PREFIX)) ||
         !strcmp(target, "/_raconform");
}

/* An answer given before the request is read (or after its body was
 * discarded), in the envelope of what the request is for: the control
 * API's JSON, else the profile's (a plain-text error would be no answer at
 * all to a client parsing XML or JSON). The connection is closed after. */
static enum MHD_Result queue_refusal(struct ra_refserver *s,
                                     struct MHD_Connection *conn,
                                     const struct conn_ctx *ctx, int status,
                                     const char *json_code,
                                     const char *legacy_code,
                                     const char *msg)
{
  struct ra_refserver_response r;
  enum MHD_Result ret;
  const char *target = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                   "X-Amz-Target");
  const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                               MHD_HTTP_HEADER_CONTENT_TYPE);
  ra_refserver_response_init(&r);
  if(is_control_target(ctx->raw_uri))
    ra_control_error(&r, status, msg);
  else if(target || (ct && !strncasecmp(ct, "application/x-amz-json", 22)))
    ra_jsonapi_error(s, &r, status, json_code, msg);
  else
    ra_legacy_front_door(&r, status, legacy_code, msg);
  ra_headers_set(&r.headers, "Connection", "close");
  ret = queue(conn, &r);
  ra_refserver_response_free(&r);
  return ret;
}

static enum MHD_Result queue_too_large(struct ra_refserver *s,
                                       struct MHD_Connection *conn,
                                       const struct conn_ctx *ctx)
{
  return queue_refusal(s, conn, ctx, 413, "RequestEntityTooLargeException",
                       "RequestEntityTooLarge", "Request body too large");
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version,
                                  const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
  struct ra_refserver *s = cls;
  struct conn_ctx *ctx = *con_cls;
  struct ra_headers headers;
  struct header_collect hc;
  struct ra_refserver_request req;
  struct ra_refserver_response resp;
  enum MHD_Result ret;
  (void)version;

  if(!ctx) {
    ctx = conn_ctx_new(url);
    *con_cls = ctx;
  }
  if(!ctx->started) {
    const char *cl = MHD_lookup_connection_value(
      conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    const char *te = MHD_lookup_connection_value(
      conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
    ctx->started = 1;
    if(cl && te) {
      /* RFC 9112 §6.1: the framing is ambiguous (request smuggling);
       * refuse and close, never read the rest as another request */
      ctx->refused = 1;
      return queue_refusal(s, conn, ctx, 400, "ValidationException",
                           "AWS.BadRequest", "both Content-Length and "
                           "Transfer-Encoding: the request framing is "
                           "ambiguous");
    }
    if(cl) {
      char *end;
      unsigned long long n;
      errno = 0;
      n = strtoull(cl, &end, 10);
      if(errno || *end || n > RA_REFSERVER_BODY_MAX) {
        ctx->refused = 1;
        return queue_too_large(s, conn, ctx);
      }
    }
    return MHD_YES;
  }
  if(*upload_data_size) {
    /* A chunked body past the cap is read to its end and discarded (the
     * connection deadline bounds that), then answered 413: libmicrohttpd
     * takes no answer in the middle of a body. */
    if(!ctx->refused && !ctx->too_large &&
       ra_buf_add(&ctx->body, upload_data, *upload_data_size))
      ctx->too_large = 1;
    *upload_data_size = 0;
    return MHD_YES;
  }
  if(ctx->refused)
    return MHD_YES;
  if(ctx->too_large) {
    ctx->refused = 1;
    return queue_too_large(s, conn, ctx);
  }

  ra_headers_init(&headers);
  hc.headers = &headers;
  hc.overflow = 0;
  MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_header, &hc);
  if(hc.overflow) {
    ra_headers_free(&headers);
    if(is_control_target(ctx->raw_uri))
      return queue_refusal(s, conn, ctx, 400, NULL, NULL,
                           "too many header fields");
    return queue_plain(conn, 400, "too many header fields\n");
  }
  req.method = method;
  req.target = ctx->raw_uri;
  req.headers = &headers;
  req.body = ctx->body.ptr ? ctx->body.ptr : "";
  req.body_len = ctx->body.len;
  ra_refserver_response_init(&resp);
  ra_connguard_busy(s->guard, conn_guard(conn), 1);
  ra_refserver_handle(s, &req, &resp);
  ret = queue(conn, &resp);
  ra_refserver_response_free(&resp);
  ra_headers_free(&headers);
  return ret;
}

/* CONNECTION_LIMIT, or less when the descriptor limit is lower (each
 * connection is one descriptor; keep some for everything else). */
static unsigned int connection_limit(void)
{
  struct rlimit rl;
  if(!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur != RLIM_INFINITY &&
     rl.rlim_cur < CONNECTION_LIMIT + 64)
    return rl.rlim_cur > 128 ? (unsigned int)(rl.rlim_cur - 64) : 64;
  return CONNECTION_LIMIT;
}

static ra_code parse_listen(const char *listen, struct sockaddr_in *sa,
                            char **host, struct ra_error *err)
{
  const char *colon = strrchr(listen, ':');
  char addr[64];
  char *end;
  unsigned long port;
  size_t alen;
  if(!colon)
    return ra_error_set(err, RA_E_CONFIG, "serve", 0, 0,
                        "listen address '%s' is not ADDR:PORT", listen);
  alen = (size_t)(colon - listen);
  if(alen >= sizeof(addr))
    return ra_error_set(err, RA_E_CONFIG, "serve", 0, 0,
                        "listen address '%s' is too long", listen);
  memcpy(addr, listen, alen);
  addr[alen] = '\0';
  if(!strcmp(addr, "localhost") || !alen)
    strcpy(addr, "127.0.0.1");
  errno = 0;
  port = strtoul(colon + 1, &end, 10);
  if(errno || *end || !colon[1] || port > 65535)
    return ra_error_set(err, RA_E_CONFIG, "serve", 0, 0,
                        "listen port in '%s' is not a number 0-65535",
                        listen);
  memset(sa, 0, sizeof(*sa));
  sa->sin_family = AF_INET;
  sa->sin_port = htons((unsigned short)port);
  if(inet_pton(AF_INET, addr, &sa->sin_addr) != 1)
    return ra_error_set(err, RA_E_CONFIG, "serve", 0, 0,
                        "listen address '%s' is not an IPv4 address", addr);
  /* 0.0.0.0 is not a usable URL host: advertise loopback. */
  *host = ra_strdup(strcmp(addr, "0.0.0.0") ? addr : "127.0.0.1");
  return RA_OK;
}

ra_code ra_refserver_start(struct ra_refserver **out,
                           const struct ra_refserver_config *cfg,
                           struct ra_error *err)
{
  struct ra_refserver *s;
  struct sockaddr_in sa;
  const union MHD_DaemonInfo *info;
  char url[128];
  unsigned int limit;
  ra_code result;

  *out = NULL;
  result = ra_refserver_new(&s, cfg, err);
  if(result)
    return result;
  result = parse_listen(cfg->listen ? cfg->listen : "127.0.0.1:0", &sa,
                        &s->host, err);
  if(result)
    goto fail;
  s->remote = (ntohl(sa.sin_addr.s_addr) >> 24) != 127;
  if(s->remote && !cfg->allow_remote) {
    result = ra_error_set(err, RA_E_CONFIG, "serve", 0, 0,
                          "'%s' is not a loopback address: the control API "
                          "has no authentication; give --allow-remote to "
                          "listen there anyway", cfg->listen);
    goto fail;
  }
  {
    struct ra_connguard_limits lim;
    memset(&lim, 0, sizeof(lim));
    lim.deadline_ms = s->deadline * 1000;
    lim.stall_ms = GUARD_STALL_MS;
    lim.soft_total = GUARD_SOFT_TOTAL;
    lim.soft_per_ip = GUARD_SOFT_PER_IP;
    if(ra_connguard_new(&s->guard, &lim)) {
      result = ra_error_set(err, RA_E_INTERNAL, "serve", 0, 0,
                            "cannot start the connection guard");
      goto fail;
    }
  }
  limit = connection_limit();
  s->daemon = MHD_start_daemon(
    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, 0, NULL, NULL,
    on_request, s,
    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)s->threads,
    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)s->connection_timeout,
    MHD_OPTION_CONNECTION_LIMIT, limit,
    MHD_OPTION_PER_IP_CONNECTION_LIMIT, limit * 3 / 4,
    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
    MHD_OPTION_URI_LOG_CALLBACK, uri_logger, (void *)s,
    MHD_OPTION_NOTIFY_COMPLETED, request_completed, (void *)s,
    MHD_OPTION_NOTIFY_CONNECTION, notify_connection, (void *)s,
    MHD_OPTION_END);
  if(!s->daemon) {
    result = ra_error_set(err, RA_E_IO, "serve", 0, 0,
                          "cannot listen on '%s'",
                          cfg->listen ? cfg->listen : "127.0.0.1:0");
    goto fail;
  }
  info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
  s->port = info ? info->port : ntohs(sa.sin_port);
  snprintf(url, sizeof(url), "http://%s:%u/", s->host, s->port);
  s->url = ra_strdup(url);
  snprintf(url, sizeof(url), "http://%s:%u%s", s->host, s->port,
           RA_REFSERVER_CONTROL_PREFIX);
  s->control_url = ra_strdup(url);
  {
    char addr[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &sa.sin_addr, addr, sizeof(addr));
    snprintf(url, sizeof(url), "%s:%u", addr, s->port);
    s->listen_address = ra_strdup(url);
  }
  RA_LOG(RA_LOG_INFO, "refserver: listening on %s (%s)", s->url,
         ra_serve_profiles_name(s->profiles));
  *out = s;
  return RA_OK;
fail:
  ra_refserver_stop(s);
  return result;
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
  if(s->daemon)
    MHD_stop_daemon(s->daemon);
  ra_connguard_free(s->guard);
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

static int looks_json(const struct ra_refserver_request *req)
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
                         const struct ra_refserver_request *req,
                         struct ra_refserver_response *resp)
{
  static const struct ra_headers no_headers = {NULL, 0, 0};
  struct ra_refserver_request r = *req;
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
