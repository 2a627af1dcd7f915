/* The HTTP transport of the runner (libcurl).
 *
 * One struct ra_transport wraps one CURL easy handle and belongs to one
 * thread at a time (a worker reuses it for every request it sends, so
 * connections are kept alive between cases). A request is sent exactly as
 * built (struct ra_http_request, finished by its builder): libcurl gets its
 * header list as it is and adds no Host, Content-Length, Content-Type,
 * Expect or Accept of its own, so the bytes sent are ra_http_request_wire's;
 * it never follows a redirect and speaks only http/https.
 *
 * Hostile answers are bounded: every request has a total timeout, a connect
 * timeout and a low-speed cut-off, and a body past `max_body` bytes aborts
 * the transfer with RA_XFER_TOO_LARGE. A transfer error is not an ra_code
 * failure of ra_transport_send: it is reported in the response (`error`,
 * `error_text`), because what the endpoint did is the answer being judged.
 *
 * struct ra_http_response owns its strings; free it with
 * ra_http_response_free. */
#ifndef RA_RUNNER_TRANSPORT_H
#define RA_RUNNER_TRANSPORT_H

#include <stddef.h>

#include "core/buf.h"
#include "core/code.h"
#include "proto/request.h"
#include "proto/header.h"

#define RA_TRANSPORT_DEFAULT_MAX_BODY (1024u * 1024u)

typedef enum {
  RA_XFER_OK = 0,
  RA_XFER_CONNECT,    /* refused, unresolvable host, unreachable */
  RA_XFER_TIMEOUT,    /* total, connect or low-speed timeout */
  RA_XFER_TLS,        /* handshake or certificate verification */
  RA_XFER_TOO_LARGE,  /* body past max_body */
  RA_XFER_RESET,      /* connection reset / closed without an answer */
  RA_XFER_TRANSPORT   /* anything else libcurl reports */
} ra_xfer_error;

/* "ok", "connect", "timeout", "tls", "too-large", "reset", "transport" */
const char *ra_xfer_error_name(ra_xfer_error e);

struct ra_transport_opts {
  long timeout_ms;          /* whole request; 0: 10000 */
  long connect_timeout_ms;  /* 0: min(timeout_ms, 5000) */
  size_t max_body;          /* 0: RA_TRANSPORT_DEFAULT_MAX_BODY */
  const char *ca_file;      /* NULL: system CA store */
  int insecure;             /* skip TLS verification (target tls.insecure) */
};

struct ra_http_response {
  int status;               /* 0 when no answer arrived */
  char *content_type;       /* NULL when absent */
  char *error_type;         /* X-Amzn-ErrorType */
  char *request_id;         /* x-amzn-RequestId (or x-amz-request-id) */
  char *location;           /* Location (redirects) */
  struct ra_headers headers;/* every header of the final answer, in order */
  char *status_line;        /* "HTTP/1.1 200 OK" without CRLF, or NULL */
  char *body;               /* NUL-terminated; never NULL after a send */
  size_t body_len;
  ra_xfer_error error;
  char error_text[512];     /* lowercase, e.g. "response body exceeds ..." */
  double elapsed_ms;
};

void ra_http_response_init(struct ra_http_response *r);
void ra_http_response_free(struct ra_http_response *r);

struct ra_transport;

/* Global libcurl initialisation (curl_global_init), which libcurl wants done
 * before any thread starts: the tool's main() calls it first thing. Runs
 * once (pthread_once), so later calls are harmless. */
void ra_transport_global_init(void);

ra_code ra_transport_create(struct ra_transport **out,
                            const struct ra_transport_opts *opts);
void ra_transport_free(struct ra_transport *t);
/* Changes the total timeout for the next requests (e.g. what is left of a
 * case's time budget). */
void ra_transport_set_timeout(struct ra_transport *t, long timeout_ms);

/* Sends req to scheme://req->host + req->target, where scheme is taken from
 * base_url ("http" / "https"). The Host header, when req carries one, is sent
 * as is. Fills resp (initialised by this call; free it afterwards). Returns
 * RA_OK when a transfer was attempted (even if it failed: see resp->error),
 * RA_E_INVALID for an unusable URL. */
ra_code ra_transport_send(struct ra_transport *t, const char *base_url,
                          const struct ra_http_request *req,
                          struct ra_http_response *resp);

/* A plain request used by fixtures and the preflight: method, full URL,
 * optional body and extra header lines ("Name: value", NULL-terminated
 * array, may be NULL). */
ra_code ra_transport_simple(struct ra_transport *t, const char *method,
                            const char *url, const char *const *headers,
                            const char *body, size_t body_len,
                            struct ra_http_response *resp);

#endif
