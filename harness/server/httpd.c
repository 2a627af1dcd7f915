/* The reference server's HTTP/1.1 listener (httpd.h): libmicrohttpd,
 * framing refusals before a request is read, and the connection guard. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "core/alloc.h"
#include "server/connguard.h"
#include "server/control.h"
#include "server/httpd.h"
#include "server/jsonapi.h"
#include "server/legacy.h"
#include "server/refserver_impl.h"

/* Hard limits (libmicrohttpd refuses above them) and the guard's soft
 * ones (stalled connections are evicted above them): a trickling peer
 * cannot reach the hard limits before the guard frees room, and the per-IP
 * limits leave room for `run --jobs 256` on loopback. */
#define CONNECTION_LIMIT 1024
#define GUARD_SOFT_TOTAL 256
#define GUARD_SOFT_PER_IP 128
#define GUARD_STALL_MS 1000

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
  struct ra_wire_request req;
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

ra_code ra_httpd_start(struct ra_refserver *s, const char *listen,
                       int allow_remote, struct ra_error *err)
{
  struct sockaddr_in sa;
  const union MHD_DaemonInfo *info;
  char url[128];
  unsigned int limit;
  int racy;
  ra_code result;

  if(!listen)
    listen = "127.0.0.1:0";
  result = parse_listen(listen, &sa, &s->host, err);
  if(result)
    return result;
  s->remote = (ntohl(sa.sin_addr.s_addr) >> 24) != 127;
  if(s->remote && !allow_remote)
    return ra_error_set(err, RA_E_CONFIG, "serve", 0, 0,
                        "'%s' is not a loopback address: the control API "
                        "has no authentication; give --allow-remote to "
                        "listen there anyway", listen);
  {
    struct ra_connguard_limits lim;
    memset(&lim, 0, sizeof(lim));
    lim.deadline_ms = s->deadline * 1000;
    lim.stall_ms = GUARD_STALL_MS;
    lim.soft_total = GUARD_SOFT_TOTAL;
    lim.soft_per_ip = GUARD_SOFT_PER_IP;
    if(ra_connguard_new(&s->guard, &lim))
      return ra_error_set(err, RA_E_INTERNAL, "serve", 0, 0,
                          "cannot start the connection guard");
  }
  limit = connection_limit();
  /* Seeded check-then-set-race sleeps between check and set: in a pool,
   * copies that one pool thread accepted together would be served in turn
   * and never race, so that server gives each connection its own thread. */
  racy = ra_refserver_defect_on(s, RA_DEFECT_CHECK_THEN_SET_RACE);
  s->daemon = MHD_start_daemon(
    MHD_USE_INTERNAL_POLLING_THREAD |
    (racy ? MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL : MHD_USE_EPOLL),
    0, NULL, NULL, on_request, s,
    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
    MHD_OPTION_THREAD_POOL_SIZE, racy ? 0u : (unsigned int)s->threads,
    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)s->connection_timeout,
    MHD_OPTION_CONNECTION_LIMIT, limit,
    MHD_OPTION_PER_IP_CONNECTION_LIMIT, limit * 3 / 4,
    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
    MHD_OPTION_URI_LOG_CALLBACK, uri_logger, (void *)s,
    MHD_OPTION_NOTIFY_COMPLETED, request_completed, (void *)s,
    MHD_OPTION_NOTIFY_CONNECTION, notify_connection, (void *)s,
    MHD_OPTION_END);
  if(!s->daemon)
    return ra_error_set(err, RA_E_IO, "serve", 0, 0, "cannot listen on '%s'",
                        listen);
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
  return RA_OK;
}

void ra_httpd_stop(struct ra_refserver *s)
{
  if(s->daemon)
    MHD_stop_daemon(s->daemon);
  s->daemon = NULL;
  ra_connguard_free(s->guard);
  s->guard = NULL;
}
