/* Unit tests of the reference server's listener (server/httpd): listen
 * addresses, URLs, and the framing refusals made before a request is read,
 * over a real loopback socket. */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "core/buf.h"
#include "server/httpd.h"
#include "server/refserver.h"
#include "check_run.h"

static struct ra_refserver *start(const char *listen, int allow_remote,
                                  ra_code *result, struct ra_error *err)
{
  struct ra_refserver_config cfg;
  struct ra_refserver *s = NULL;
  ra_refserver_config_init(&cfg);
  cfg.listen = listen;
  cfg.allow_remote = allow_remote;
  cfg.threads = 1;
  ra_error_clear(err);
  *result = ra_refserver_start(&s, &cfg, err);
  return s;
}

/* Sends raw bytes to the server and reads the answer until it closes or
 * 2 s pass. */
static void exchange(const struct ra_refserver *s, const char *raw,
                     struct ra_buf *answer)
{
  const char *addr = ra_refserver_listen_address(s);
  struct sockaddr_in sa;
  struct timeval tv = {2, 0};
  char buf[4096];
  ssize_t n;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ck_assert_int_ge(fd, 0);
  memset(&sa, 0, sizeof(sa));
  sa.sin_family = AF_INET;
  sa.sin_port = htons((unsigned short)atoi(strrchr(addr, ':') + 1));
  inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
  ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  ck_assert_int_eq(write(fd, raw, strlen(raw)), (ssize_t)strlen(raw));
  while((n = read(fd, buf, sizeof(buf))) > 0)
    ra_buf_put(answer, buf, (size_t)n);
  close(fd);
}

START_TEST(test_httpd__listen_addresses)
{
  struct ra_error err = RA_ERROR_INIT;
  ra_code result;
  struct ra_refserver *s = start(NULL, 0, &result, &err);
  ck_assert_int_eq(result, RA_OK);
  ck_assert_int_eq(strncmp(ra_refserver_url(s), "http://127.0.0.1:", 17), 0);
  ck_assert_int_eq(strncmp(ra_refserver_listen_address(s), "127.0.0.1:", 10),
                   0);
  ck_assert_ptr_nonnull(strstr(ra_refserver_control_url(s),
                               RA_REFSERVER_CONTROL_PREFIX));
  ck_assert_int_eq(ra_refserver_is_remote(s), 0);
  ra_refserver_stop(s);

  s = start("localhost:0", 0, &result, &err);
  ck_assert_int_eq(result, RA_OK);
  ra_refserver_stop(s);

  ck_assert_ptr_null(start("127.0.0.1", 0, &result, &err));
  ck_assert_int_eq(result, RA_E_CONFIG);
  ck_assert_ptr_null(start("127.0.0.1:70000", 0, &result, &err));
  ck_assert_int_eq(result, RA_E_CONFIG);
  ck_assert_ptr_null(start("example.org:0", 0, &result, &err));
  ck_assert_int_eq(result, RA_E_CONFIG);
  /* outside loopback only when asked (the control API is open) */
  ck_assert_ptr_null(start("0.0.0.0:0", 0, &result, &err));
  ck_assert_int_eq(result, RA_E_CONFIG);
  ck_assert_ptr_nonnull(strstr(err.text, "--allow-remote"));
}
END_TEST

START_TEST(test_httpd__framing_refusals)
{
  struct ra_error err = RA_ERROR_INIT;
  ra_code result;
  struct ra_refserver *s = start(NULL, 0, &result, &err);
  struct ra_buf a;
  ck_assert_int_eq(result, RA_OK);
  ra_buf_init(&a, RA_BUF_UNLIMITED);

  exchange(s, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
           "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", &a);
  ck_assert_int_eq(strncmp(ra_buf_str(&a), "HTTP/1.1 400", 12), 0);
  ck_assert_ptr_nonnull(strstr(ra_buf_str(&a), "ambiguous"));
  ra_buf_reset(&a);

  exchange(s, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 999999\r\n"
           "X-Amz-Target: MTurkRequesterServiceV20170117.RejectAssignment"
           "\r\n\r\n", &a);
  ck_assert_int_eq(strncmp(ra_buf_str(&a), "HTTP/1.1 413", 12), 0);
  ck_assert_ptr_nonnull(strstr(ra_buf_str(&a),
                               "RequestEntityTooLargeException"));
  ra_buf_reset(&a);

  /* a complete request reaches the handler: a legacy front-door answer */
  exchange(s, "GET /?Service=AWSMechanicalTurkRequester HTTP/1.1\r\n"
           "Host: x\r\nConnection: close\r\n\r\n", &a);
  ck_assert_int_eq(strncmp(ra_buf_str(&a), "HTTP/1.1 400", 12), 0);
  ck_assert_ptr_nonnull(strstr(ra_buf_str(&a), "<Response><Errors>"));
  ra_buf_free(&a);
  ra_refserver_stop(s);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("httpd");
  TCase *tc = tcase_create("httpd");
  tcase_set_timeout(tc, 30);
  tcase_add_test(tc, test_httpd__listen_addresses);
  tcase_add_test(tc, test_httpd__framing_refusals);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
