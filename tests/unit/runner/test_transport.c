/* Transport against a tiny in-test socket server that answers each
 * connection with a scripted behaviour: body cap, timeout, no redirect
 * following, error kinds, exact request bytes. */
#include <check.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "proto/url.h"
#include "runner/transport.h"
#include "check_run.h"

enum behaviour {
  B_OK,        /* 200 with a small body */
  B_BIG,       /* 200 with 64 KiB of body */
  B_HANG,      /* reads, never answers */
  B_REDIRECT,  /* 302 to another host */
  B_CLOSE      /* reads, closes without a byte */
};

struct server {
  int fd;
  int port;
  enum behaviour b;
  pthread_t th;
  char got[8192];    /* the request bytes of the last connection */
  size_t got_len;
};

static struct server srv;

static void read_request(int c)
{
  ssize_t n;
  srv.got_len = 0;
  /* headers, then whatever body arrives within a short wait */
  while(srv.got_len < sizeof(srv.got) - 1) {
    struct timeval tv = {0, 200000};
    setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    n = recv(c, srv.got + srv.got_len, sizeof(srv.got) - 1 - srv.got_len, 0);
    if(n <= 0)
      break;
    srv.got_len += (size_t)n;
    srv.got[srv.got_len] = 0;
    if(strstr(srv.got, "\r\n\r\n") && !strstr(srv.got, "Content-Length"))
      break;
    if(strstr(srv.got, "\r\n\r\nBODY"))
      break;
  }
  srv.got[srv.got_len] = 0;
}

static void *serve_one(void *arg)
{
  int c = accept(srv.fd, NULL, NULL);
  char big[65536];
  (void)arg;
  if(c < 0)
    return NULL;
  read_request(c);
  switch(srv.b) {
  case B_OK: {
    const char *a = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                    "x-amzn-RequestId: rid-1\r\nContent-Length: 5\r\n"
                    "Connection: close\r\n\r\nhello";
    send(c, a, strlen(a), 0);
    break;
  }
  case B_BIG: {
    const char *h = "HTTP/1.1 200 OK\r\nContent-Length: 65536\r\n"
                    "Connection: close\r\n\r\n";
    memset(big, 'x', sizeof(big));
    send(c, h, strlen(h), 0);
    send(c, big, sizeof(big), MSG_NOSIGNAL);
    break;
  }
  case B_HANG:
    sleep(1); /* longer than the 400 ms timeout */
    break;
  case B_REDIRECT: {
    const char *a = "HTTP/1.1 302 Found\r\nLocation: http://evil.example/x"
                    "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    send(c, a, strlen(a), 0);
    break;
  }
  case B_CLOSE:
    break;
  }
  close(c);
  return NULL;
}

static void start(enum behaviour b)
{
  struct sockaddr_in a;
  socklen_t len = sizeof(a);
  int one = 1;
  memset(&srv, 0, sizeof(srv));
  srv.b = b;
  srv.fd = socket(AF_INET, SOCK_STREAM, 0);
  setsockopt(srv.fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  memset(&a, 0, sizeof(a));
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ck_assert_int_eq(bind(srv.fd, (struct sockaddr *)&a, sizeof(a)), 0);
  ck_assert_int_eq(listen(srv.fd, 4), 0);
  getsockname(srv.fd, (struct sockaddr *)&a, &len);
  srv.port = ntohs(a.sin_port);
  pthread_create(&srv.th, NULL, serve_one, NULL);
}

static void stop(void)
{
  shutdown(srv.fd, SHUT_RDWR);
  close(srv.fd);
  pthread_join(srv.th, NULL);
}

static void send_req(struct ra_transport *t, struct ra_http_response *resp,
                     const char *method, const char *body)
{
  struct ra_http_request req;
  char host[64], base[80];
  snprintf(host, sizeof(host), "127.0.0.1:%d", srv.port);
  snprintf(base, sizeof(base), "http://%s/", host);
  ra_http_request_init(&req);
  req.method = ra_strdup(method);
  req.host = ra_strdup(host);
  req.target = ra_strdup("/?a=%2F..%2F&b=1");
  ra_headers_add(&req.headers, "Host", host);
  ra_headers_add(&req.headers, "X-Amz-Target", "T.Op");
  if(body) {
    req.body = ra_strdup(body);
    req.body_len = strlen(body);
  }
  ck_assert_int_eq(ra_transport_send(t, base, &req, resp), RA_OK);
  ra_http_request_free(&req);
}

static struct ra_transport *transport(long timeout_ms, size_t max_body)
{
  struct ra_transport_opts o;
  struct ra_transport *t = NULL;
  memset(&o, 0, sizeof(o));
  o.timeout_ms = timeout_ms;
  o.max_body = max_body;
  ck_assert_int_eq(ra_transport_create(&t, &o), RA_OK);
  return t;
}

START_TEST(test_transport__sends_exactly_and_reads_answer)
{
  struct ra_transport *t = transport(2000, 0);
  struct ra_http_response resp;
  start(B_OK);
  send_req(t, &resp, "POST", "BODY{}");
  stop();
  ck_assert_int_eq(resp.error, RA_XFER_OK);
  ck_assert_int_eq(resp.status, 200);
  ck_assert_str_eq(resp.body, "hello");
  ck_assert_int_eq((int)resp.body_len, 5);
  ck_assert_str_eq(resp.content_type, "text/plain");
  ck_assert_str_eq(resp.request_id, "rid-1");
  ck_assert_str_eq(resp.status_line, "HTTP/1.1 200 OK");
  /* the target byte for byte; libcurl adds no Content-Type/Expect/Accept */
  ck_assert_ptr_nonnull(strstr(srv.got, "POST /?a=%2F..%2F&b=1 HTTP/1.1\r\n"));
  ck_assert_ptr_nonnull(strstr(srv.got, "X-Amz-Target: T.Op\r\n"));
  ck_assert_ptr_null(strstr(srv.got, "Content-Type"));
  ck_assert_ptr_null(strstr(srv.got, "Expect"));
  ck_assert_ptr_null(strstr(srv.got, "Accept"));
  ck_assert_ptr_nonnull(strstr(srv.got, "\r\n\r\nBODY{}"));
  ra_http_response_free(&resp);
  ra_transport_free(t);
}
END_TEST

START_TEST(test_transport__body_cap)
{
  struct ra_transport *t = transport(2000, 4096);
  struct ra_http_response resp;
  start(B_BIG);
  send_req(t, &resp, "GET", NULL);
  stop();
  ck_assert_int_eq(resp.error, RA_XFER_TOO_LARGE);
  ck_assert_str_eq(ra_xfer_error_name(resp.error), "too-large");
  ck_assert_str_eq(resp.error_text, "response body exceeds 4096 bytes");
  ck_assert_uint_le(resp.body_len, 4096);
  ra_http_response_free(&resp);
  ra_transport_free(t);
  /* the same answer under the default cap is read whole */
  t = transport(2000, 0);
  start(B_BIG);
  send_req(t, &resp, "GET", NULL);
  stop();
  ck_assert_int_eq(resp.error, RA_XFER_OK);
  ck_assert_int_eq((int)resp.body_len, 65536);
  ra_http_response_free(&resp);
  ra_transport_free(t);
}
END_TEST

START_TEST(test_transport__timeout)
{
  struct ra_transport *t = transport(5000, 0);
  struct ra_http_response resp;
  int64_t t0;
  ra_transport_set_timeout(t, 400);
  start(B_HANG);
  t0 = ra_clock_monotonic_ms();
  send_req(t, &resp, "GET", NULL);
  /* well under the 5 s default, even under valgrind on a loaded machine */
  ck_assert_int_lt(ra_clock_monotonic_ms() - t0, 3000);
  stop();
  ck_assert_int_eq(resp.error, RA_XFER_TIMEOUT);
  ck_assert_int_eq(resp.status, 0);
  ck_assert_str_eq(resp.error_text, "no complete answer within 400 ms");
  ck_assert_ptr_nonnull(resp.body);
  ra_http_response_free(&resp);
  ra_transport_free(t);
}
END_TEST

START_TEST(test_transport__no_redirect_following)
{
  struct ra_transport *t = transport(2000, 0);
  struct ra_http_response resp;
  char *host;
  start(B_REDIRECT);
  send_req(t, &resp, "GET", NULL);
  stop();
  ck_assert_int_eq(resp.error, RA_XFER_OK);
  ck_assert_int_eq(resp.status, 302);
  ck_assert_str_eq(resp.location, "http://evil.example/x");
  host = ra_url_host(resp.location);
  ck_assert_str_eq(host, "evil.example");
  ra_free(host);
  ra_http_response_free(&resp);
  ra_transport_free(t);
}
END_TEST

START_TEST(test_transport__error_kinds)
{
  struct ra_transport *t = transport(2000, 0);
  struct ra_http_response resp;
  int port;
  start(B_CLOSE);
  send_req(t, &resp, "GET", NULL);
  stop();
  ck_assert_int_eq(resp.error, RA_XFER_RESET);
  ck_assert_str_eq(ra_xfer_error_name(resp.error), "reset");
  ra_http_response_free(&resp);
  /* a closed port: connect */
  start(B_CLOSE);
  port = srv.port;
  stop();
  srv.port = port;
  send_req(t, &resp, "GET", NULL);
  ck_assert_int_eq(resp.error, RA_XFER_CONNECT);
  ck_assert(resp.error_text[0] >= 'a' && resp.error_text[0] <= 'z');
  ra_http_response_free(&resp);
  /* only http/https */
  ck_assert_int_eq(ra_transport_simple(t, "GET", "file:///etc/passwd", NULL,
                                       NULL, 0, &resp), RA_OK);
  ck_assert_int_ne(resp.error, RA_XFER_OK);
  ck_assert_int_eq((int)resp.body_len, 0);
  ra_http_response_free(&resp);
  ck_assert_str_eq(ra_xfer_error_name(RA_XFER_TLS), "tls");
  ck_assert_str_eq(ra_xfer_error_name((ra_xfer_error)99), "transport");
  ra_transport_free(t);
}
END_TEST

static Suite *transport_suite(void)
{
  Suite *s = suite_create("transport");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 20);
  tcase_add_test(tc, test_transport__sends_exactly_and_reads_answer);
  tcase_add_test(tc, test_transport__body_cap);
  tcase_add_test(tc, test_transport__timeout);
  tcase_add_test(tc, test_transport__no_redirect_following);
  tcase_add_test(tc, test_transport__error_kinds);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  ra_transport_global_init();
  return ra_check_run(transport_suite());
}
