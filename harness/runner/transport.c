/* The runner's HTTP transport: one reused libcurl easy handle per worker. */
#include "runner/transport.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "proto/url.h"

struct ra_transport {
  CURL *curl;
  long timeout_ms;
  long connect_timeout_ms;
  size_t max_body;
  char *ca_file;
  int insecure;
};

/* What the callbacks of one transfer fill. */
struct xfer {
  struct ra_http_response *resp;
  struct ra_buf body;
  size_t max_body;
  int too_large;
};

static const char *const xfer_names[] = {
  "ok", "connect", "timeout", "tls", "too-large", "reset", "transport"
};

const char *ra_xfer_error_name(ra_xfer_error e)
{
  if((size_t)e < sizeof(xfer_names) / sizeof(xfer_names[0]))
    return xfer_names[e];
  return "transport";
}

void ra_http_response_init(struct ra_http_response *r)
{
  memset(r, 0, sizeof(*r));
  ra_headers_init(&r->headers);
}

void ra_http_response_free(struct ra_http_response *r)
{
  if(!r)
    return;
  ra_free(r->content_type);
  ra_free(r->error_type);
  ra_free(r->request_id);
  ra_free(r->location);
  ra_free(r->status_line);
  ra_free(r->body);
  ra_headers_free(&r->headers);
  memset(r, 0, sizeof(*r));
}

static void curl_init_once(void)
{
  curl_global_init(CURL_GLOBAL_ALL);
}

void ra_transport_global_init(void)
{
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, curl_init_once);
}

ra_code ra_transport_create(struct ra_transport **out,
                            const struct ra_transport_opts *opts)
{
  struct ra_transport *t = ra_calloc(1, sizeof(*t));
  ra_transport_global_init();
  t->curl = curl_easy_init();
  if(!t->curl) {
    ra_free(t);
    *out = NULL;
    return RA_E_INTERNAL;
  }
  t->timeout_ms = opts && opts->timeout_ms > 0 ? opts->timeout_ms : 10000;
  t->connect_timeout_ms = opts && opts->connect_timeout_ms > 0 ?
    opts->connect_timeout_ms : (t->timeout_ms < 5000 ? t->timeout_ms : 5000);
  t->max_body = opts && opts->max_body ? opts->max_body :
    RA_TRANSPORT_DEFAULT_MAX_BODY;
  t->ca_file = opts && opts->ca_file ? ra_strdup(opts->ca_file) : NULL;
  t->insecure = opts ? opts->insecure : 0;
  *out = t;
  return RA_OK;
}

void ra_transport_free(struct ra_transport *t)
{
  if(!t)
    return;
  curl_easy_cleanup(t->curl);
  ra_free(t->ca_file);
  ra_free(t);
}

void ra_transport_set_timeout(struct ra_transport *t, long timeout_ms)
{
  if(timeout_ms < 1)
    timeout_ms = 1;
  t->timeout_ms = timeout_ms;
  if(t->connect_timeout_ms > timeout_ms)
    t->connect_timeout_ms = timeout_ms;
}

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
  struct xfer *x = userdata;
  size_t n = size * nmemb;
  if(x->body.len + n > x->max_body) {
    x->too_large = 1;
    return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
  }
  if(ra_buf_add(&x->body, ptr, n)) {
    x->too_large = 1;
    return 0;
  }
  return n;
}

static char *trimmed_dup(const char *p, size_t n)
{
  while(n && (*p == ' ' || *p == '\t')) {
    p++;
    n--;
  }
  while(n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r' ||
              p[n - 1] == '\n'))
    n--;
  return ra_strndup(p, n);
}

static void set_str(char **slot, char *value)
{
  ra_free(*slot);
  *slot = value;
}

static size_t on_header(char *ptr, size_t size, size_t nmemb, void *userdata)
{
  struct xfer *x = userdata;
  struct ra_http_response *r = x->resp;
  size_t n = size * nmemb;
  const char *colon;
  char *name;
  char *value;

  if(n >= 5 && !strncmp(ptr, "HTTP/", 5)) {
    /* A new answer (e.g. after a 100 Continue): forget the previous one. */
    ra_headers_free(&r->headers);
    ra_headers_init(&r->headers);
    set_str(&r->content_type, NULL);
    set_str(&r->error_type, NULL);
    set_str(&r->request_id, NULL);
    set_str(&r->location, NULL);
    set_str(&r->status_line, trimmed_dup(ptr, n));
    return n;
  }
  colon = memchr(ptr, ':', n);
  if(!colon)
    return n; /* the blank line ending the block */
  /* A hostile answer may send many headers: keep a bounded number. */
  if(r->headers.count >= 200)
    return n;
  name = trimmed_dup(ptr, (size_t)(colon - ptr));
  value = trimmed_dup(colon + 1, n - (size_t)(colon - ptr) - 1);
  ra_headers_add(&r->headers, name, value);
  if(!strcasecmp(name, "Content-Type"))
    set_str(&r->content_type, ra_strdup(value));
  else if(!strcasecmp(name, "X-Amzn-ErrorType"))
    set_str(&r->error_type, ra_strdup(value));
  else if(!strcasecmp(name, "x-amzn-RequestId") ||
          (!strcasecmp(name, "x-amz-request-id") && !r->request_id))
    set_str(&r->request_id, ra_strdup(value));
  else if(!strcasecmp(name, "Location"))
    set_str(&r->location, ra_strdup(value));
  ra_free(name);
  ra_free(value);
  return n;
}

static ra_xfer_error classify(CURLcode rc, int too_large)
{
  switch(rc) {
  case CURLE_OK:
    return RA_XFER_OK;
  case CURLE_WRITE_ERROR:
    return too_large ? RA_XFER_TOO_LARGE : RA_XFER_TRANSPORT;
  case CURLE_OUT_OF_MEMORY:
    /* Our allocator aborts on a real lack of memory; what libcurl calls
     * out of memory is its cap on one header line / the header block. */
    return RA_XFER_TOO_LARGE;
  case CURLE_COULDNT_CONNECT:
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_RESOLVE_PROXY:
    return RA_XFER_CONNECT;
  case CURLE_OPERATION_TIMEDOUT:
    return RA_XFER_TIMEOUT;
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_SSL_CERTPROBLEM:
  case CURLE_SSL_CIPHER:
  case CURLE_SSL_CACERT_BADFILE:
  case CURLE_SSL_ISSUER_ERROR:
  case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
  case CURLE_SSL_INVALIDCERTSTATUS:
  case CURLE_SSL_ENGINE_NOTFOUND:
  case CURLE_SSL_ENGINE_SETFAILED:
  case CURLE_SSL_ENGINE_INITFAILED:
  case CURLE_SSL_CRL_BADFILE:
  case CURLE_SSL_SHUTDOWN_FAILED:
  case CURLE_USE_SSL_FAILED:
    return RA_XFER_TLS;
  case CURLE_RECV_ERROR:
  case CURLE_SEND_ERROR:
  case CURLE_GOT_NOTHING:
  case CURLE_PARTIAL_FILE:
    return RA_XFER_RESET;
  default:
    return RA_XFER_TRANSPORT;
  }
}

/* Options common to every transfer; the handle is reset first so nothing
 * from the previous request leaks into this one (the connection cache
 * survives curl_easy_reset, which is the point of reusing the handle). */
static void base_options(struct ra_transport *t, struct xfer *x)
{
  CURL *c = t->curl;
  long low_speed_time = t->timeout_ms / 1000;
  curl_easy_reset(c);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, t->timeout_ms);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, t->connect_timeout_ms);
  if(low_speed_time < 1)
    low_speed_time = 1;
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, low_speed_time);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, NULL);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, t->insecure ? 0L : 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, t->insecure ? 0L : 2L);
  if(t->ca_file)
    curl_easy_setopt(c, CURLOPT_CAINFO, t->ca_file);
  /* The whole answer is read regardless of status: a 4xx is an answer. */
  curl_easy_setopt(c, CURLOPT_FAILONERROR, 0L);
}

/* libcurl's mode for a method: a body (and a Content-Length) for every
 * method but HEAD and a GET without body bytes, the rule of
 * ra_http_request_has_body (proto/request.h). */
static void set_method(CURL *c, const char *method, const char *body,
                       size_t body_len)
{
  if(!strcmp(method, "GET") && !body_len) {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    return;
  }
  if(!strcmp(method, "HEAD")) {
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    return;
  }
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "");
  if(strcmp(method, "POST"))
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
}

/* Header lines for libcurl: "Name: value", or "Name;" for an empty value
 * (libcurl's spelling), and blanking lines for what libcurl would add. */
static struct curl_slist *header_list(const struct ra_headers *h, int post)
{
  struct curl_slist *list = NULL;
  struct ra_buf line;
  size_t i;
  int has_ct = 0;
  ra_buf_init(&line, RA_BUF_UNLIMITED);
  for(i = 0; h && i < h->count; i++) {
    ra_buf_reset(&line);
    if(h->items[i].value && h->items[i].value[0])
      ra_buf_putf(&line, "%s: %s", h->items[i].name, h->items[i].value);
    else
      ra_buf_putf(&line, "%s;", h->items[i].name);
    list = curl_slist_append(list, ra_buf_str(&line));
    if(!strcasecmp(h->items[i].name, "Content-Type"))
      has_ct = 1;
  }
  if(post && !has_ct)
    list = curl_slist_append(list, "Content-Type:");
  list = curl_slist_append(list, "Expect:");
  list = curl_slist_append(list, "Accept:");
  ra_buf_free(&line);
  return list;
}

static void perform(struct ra_transport *t, struct xfer *x)
{
  struct ra_http_response *resp = x->resp;
  int64_t start = ra_clock_monotonic_ms();
  CURLcode rc;
  long status = 0;
  char errbuf[CURL_ERROR_SIZE];

  errbuf[0] = 0;
  curl_easy_setopt(t->curl, CURLOPT_ERRORBUFFER, errbuf);
  rc = curl_easy_perform(t->curl);
  curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
  resp->status = (int)status;
  resp->elapsed_ms = (double)(ra_clock_monotonic_ms() - start);
  resp->error = classify(rc, x->too_large);
  if(resp->error == RA_XFER_TOO_LARGE && rc == CURLE_OUT_OF_MEMORY)
    snprintf(resp->error_text, sizeof(resp->error_text),
             "oversized response header (a header line or the header block "
             "exceeds libcurl's %d-byte cap)", CURL_MAX_HTTP_HEADER);
  else if(resp->error == RA_XFER_TOO_LARGE)
    snprintf(resp->error_text, sizeof(resp->error_text),
             "response body exceeds %zu bytes", x->max_body);
  else if(resp->error == RA_XFER_TIMEOUT)
    snprintf(resp->error_text, sizeof(resp->error_text),
             "no complete answer within %ld ms", t->timeout_ms);
  else if(resp->error != RA_XFER_OK)
    snprintf(resp->error_text, sizeof(resp->error_text), "%s",
             errbuf[0] ? errbuf : curl_easy_strerror(rc));
  /* curl messages carry a capital and no full stop rule; keep them short.
   * An acronym keeps its capitals ("SSL certificate problem", not "sSL"). */
  {
    size_t n = strlen(resp->error_text);
    while(n && (resp->error_text[n - 1] == '\n' ||
                resp->error_text[n - 1] == '.'))
      resp->error_text[--n] = 0;
    if(n > 1 && !isupper((unsigned char)resp->error_text[1]))
      resp->error_text[0] = (char)tolower((unsigned char)resp->error_text[0]);
  }
  if(resp->error == RA_XFER_TLS) {
    size_t n = strlen(resp->error_text);
    snprintf(resp->error_text + n, sizeof(resp->error_text) - n, "%s",
             t->insecure ? "" :
             " (trust the target's CA with tls.ca_file in the target file, "
             "or set tls.insecure to true for a test endpoint)");
  }
  resp->body = ra_buf_take(&x->body, &resp->body_len);
  curl_easy_setopt(t->curl, CURLOPT_ERRORBUFFER, NULL);
}

ra_code ra_transport_send(struct ra_transport *t, const char *base_url,
                          const struct ra_http_request *req,
                          struct ra_http_response *resp)
{
  struct xfer x;
  struct curl_slist *list;
  struct ra_buf url;
  struct ra_url base;

  ra_http_response_init(resp);
  ra_url_init(&base);
  if(!req->host || !req->target || !req->method ||
     ra_url_parse(&base, base_url, 0))
    return RA_E_INVALID;
  ra_buf_init(&url, RA_BUF_UNLIMITED);
  ra_buf_putf(&url, "%s://%s%s%s", base.scheme, req->host,
              req->target[0] == '/' ? "" : "/", req->target);

  memset(&x, 0, sizeof(x));
  x.resp = resp;
  x.max_body = t->max_body;
  ra_buf_init(&x.body, RA_BUF_UNLIMITED);
  base_options(t, &x);
  curl_easy_setopt(t->curl, CURLOPT_URL, ra_buf_str(&url));
  /* Send the target byte for byte (no dot-segment squashing). */
  curl_easy_setopt(t->curl, CURLOPT_PATH_AS_IS, 1L);
  set_method(t->curl, req->method, req->body, req->body_len);
  list = header_list(&req->headers, strcmp(req->method, "GET") != 0);
  curl_easy_setopt(t->curl, CURLOPT_HTTPHEADER, list);
  perform(t, &x);
  curl_slist_free_all(list);
  ra_buf_free(&x.body);
  ra_buf_free(&url);
  ra_url_free(&base);
  return RA_OK;
}

ra_code ra_transport_simple(struct ra_transport *t, const char *method,
                            const char *url, const char *const *headers,
                            const char *body, size_t body_len,
                            struct ra_http_response *resp)
{
  struct xfer x;
  struct curl_slist *list = NULL;
  size_t i;

  ra_http_response_init(resp);
  if(!url || !method)
    return RA_E_INVALID;
  memset(&x, 0, sizeof(x));
  x.resp = resp;
  x.max_body = t->max_body;
  ra_buf_init(&x.body, RA_BUF_UNLIMITED);
  base_options(t, &x);
  curl_easy_setopt(t->curl, CURLOPT_URL, url);
  set_method(t->curl, method, body, body_len);
  for(i = 0; headers && headers[i]; i++)
    list = curl_slist_append(list, headers[i]);
  list = curl_slist_append(list, "Expect:");
  curl_easy_setopt(t->curl, CURLOPT_HTTPHEADER, list);
  perform(t, &x);
  curl_slist_free_all(list);
  ra_buf_free(&x.body);
  return RA_OK;
}
