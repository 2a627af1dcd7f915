/* The connection guard on socket pairs: the deadline and the eviction of
 * stalled connections shut a peer down; a busy one is left alone. */
#include <check.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check_run.h"
#include "core/clock.h"
#include "server/connguard.h"

/* 1 when the peer of fds[0] sees the end of the stream within ms. */
static int peer_closed(int fd, long ms)
{
  char c;
  struct timeval tv;
  tv.tv_sec = ms / 1000;
  tv.tv_usec = (ms % 1000) * 1000;
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  return recv(fd, &c, 1, 0) == 0;
}

static struct ra_connguard *guard(unsigned deadline_ms, unsigned stall_ms,
                                  size_t soft_total, size_t soft_per_ip)
{
  struct ra_connguard *g = NULL;
  struct ra_connguard_limits lim;
  memset(&lim, 0, sizeof(lim));
  lim.deadline_ms = deadline_ms;
  lim.stall_ms = stall_ms;
  lim.soft_total = soft_total;
  lim.soft_per_ip = soft_per_ip;
  lim.tick_ms = 10;
  ck_assert_int_eq(ra_connguard_new(&g, &lim), RA_OK);
  return g;
}

START_TEST(test_connguard__deadline_closes_but_not_a_busy_one)
{
  int a[2], b[2];
  struct ra_connguard *g = guard(400, 10000, 100, 100);
  struct ra_connguard_conn *ca, *cb;
  ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, a), 0);
  ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, b), 0);
  ca = ra_connguard_opened(g, a[0], 1);
  cb = ra_connguard_opened(g, b[0], 1);
  ra_connguard_busy(g, cb, 1);
  ck_assert(peer_closed(a[1], 2000));
  ck_assert(!peer_closed(b[1], 300));   /* busy: left alone */
  ra_connguard_busy(g, cb, 0);           /* answered: deadline restarts */
  ck_assert(peer_closed(b[1], 2000));
  ck_assert_uint_eq(ra_connguard_closed_count(g), 2);
  ra_connguard_closed(g, ca);
  ra_connguard_closed(g, cb);
  ra_connguard_free(g);
  close(a[0]); close(a[1]); close(b[0]); close(b[1]);
}
END_TEST

START_TEST(test_connguard__stalled_evicted_oldest_first_per_ip)
{
  int p[4][2];
  struct ra_connguard_conn *c[4];
  struct ra_connguard *g = guard(60000, 50, 100, 2);
  int i;
  for(i = 0; i < 4; i++)
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, p[i]), 0);
  c[0] = ra_connguard_opened(g, p[0][0], 7);
  c[1] = ra_connguard_opened(g, p[1][0], 7);
  c[2] = ra_connguard_opened(g, p[2][0], 9);  /* another address */
  ra_clock_sleep_ms(100);                      /* all stalled now */
  c[3] = ra_connguard_opened(g, p[3][0], 7);  /* a third from 7 */
  ck_assert(peer_closed(p[0][1], 500));       /* the oldest of 7 */
  ck_assert(!peer_closed(p[1][1], 100));
  ck_assert(!peer_closed(p[2][1], 100));
  ck_assert(!peer_closed(p[3][1], 100));
  ck_assert_uint_eq(ra_connguard_closed_count(g), 1);
  for(i = 0; i < 4; i++) {
    ra_connguard_closed(g, c[i]);
    close(p[i][0]);
    close(p[i][1]);
  }
  ra_connguard_free(g);
}
END_TEST

START_TEST(test_connguard__over_soft_total_the_reaper_evicts)
{
  int p[3][2];
  struct ra_connguard_conn *c[3];
  struct ra_connguard *g = guard(60000, 50, 1, 100);
  int i;
  for(i = 0; i < 3; i++) {
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, p[i]), 0);
    c[i] = ra_connguard_opened(g, p[i][0], (uint32_t)i);
  }
  ra_connguard_busy(g, c[0], 1);
  ck_assert(peer_closed(p[1][1], 2000));
  ck_assert(peer_closed(p[2][1], 2000));
  ck_assert(!peer_closed(p[0][1], 200)); /* busy */
  for(i = 0; i < 3; i++) {
    ra_connguard_closed(g, c[i]);
    close(p[i][0]);
    close(p[i][1]);
  }
  ra_connguard_free(g);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("connguard");
  TCase *tc = tcase_create("connguard");
  tcase_set_timeout(tc, 30);
  tcase_add_test(tc, test_connguard__deadline_closes_but_not_a_busy_one);
  tcase_add_test(tc, test_connguard__stalled_evicted_oldest_first_per_ip);
  tcase_add_test(tc, test_connguard__over_soft_total_the_reaper_evicts);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
