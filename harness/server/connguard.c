/* Connection guard: a list of live connections under one mutex and a
 * reaper thread. Lists stay short (libmicrohttpd's hard limit bounds
 * them), so scans are linear. */
#include "server/connguard.h"

#include <errno.h>
#include <pthread.h>
#include <sys/socket.h>
#include <time.h>

#include "core/alloc.h"
#include "core/clock.h"

struct ra_connguard_conn {
  struct ra_connguard_conn *prev, *next; /* oldest first */
  int fd;
  uint32_t ip;
  int64_t since;      /* opened, or last answer finished (monotonic ms) */
  int busy;           /* a request is being answered */
  int shut;           /* already shut down by the guard */
};

struct ra_connguard {
  struct ra_connguard_limits lim;
  pthread_mutex_t lock;
  pthread_cond_t wake;
  pthread_t reaper;
  int stopping;
  struct ra_connguard_conn *head, *tail;
  size_t count;
  size_t closed;
};

static void shut_locked(struct ra_connguard *g, struct ra_connguard_conn *c)
{
  if(c->shut)
    return;
  c->shut = 1;
  g->closed++;
  /* libmicrohttpd closes it on the end of stream; the fd stays its own */
  (void)shutdown(c->fd, SHUT_RDWR);
}

static int stalled(const struct ra_connguard *g,
                   const struct ra_connguard_conn *c, int64_t now)
{
  return !c->busy && !c->shut && now - c->since >= g->lim.stall_ms;
}

/* Evicts stalled connections (of ip, or of anyone when all is set),
 * oldest first, while more than `keep` such live connections remain. */
static void evict_locked(struct ra_connguard *g, int all, uint32_t ip,
                         size_t keep, int64_t now)
{
  struct ra_connguard_conn *c;
  size_t live = 0;
  for(c = g->head; c; c = c->next)
    if(!c->shut && (all || c->ip == ip))
      live++;
  for(c = g->head; c && live > keep; c = c->next) {
    if((all || c->ip == ip) && stalled(g, c, now)) {
      shut_locked(g, c);
      live--;
    }
  }
}

static void *reaper_main(void *arg)
{
  struct ra_connguard *g = arg;
  pthread_mutex_lock(&g->lock);
  while(!g->stopping) {
    struct timespec ts;
    struct ra_connguard_conn *c;
    int64_t now = ra_clock_monotonic_ms();
    for(c = g->head; c; c = c->next)
      if(!c->busy && now - c->since >= g->lim.deadline_ms)
        shut_locked(g, c);
    if(g->count > g->lim.soft_total)
      evict_locked(g, 1, 0, g->lim.soft_total, now);
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += (long)g->lim.tick_ms * 1000000L;
    ts.tv_sec += ts.tv_nsec / 1000000000L;
    ts.tv_nsec %= 1000000000L;
    pthread_cond_timedwait(&g->wake, &g->lock, &ts);
  }
  pthread_mutex_unlock(&g->lock);
  return NULL;
}

ra_code ra_connguard_new(struct ra_connguard **out,
                         const struct ra_connguard_limits *limits)
{
  struct ra_connguard *g = ra_calloc(1, sizeof(*g));
  g->lim = *limits;
  if(!g->lim.tick_ms)
    g->lim.tick_ms = 100;
  pthread_mutex_init(&g->lock, NULL);
  pthread_cond_init(&g->wake, NULL);
  if(pthread_create(&g->reaper, NULL, reaper_main, g)) {
    pthread_cond_destroy(&g->wake);
    pthread_mutex_destroy(&g->lock);
    ra_free(g);
    *out = NULL;
    return RA_E_INTERNAL;
  }
  *out = g;
  return RA_OK;
}

void ra_connguard_free(struct ra_connguard *g)
{
  struct ra_connguard_conn *c;
  if(!g)
    return;
  pthread_mutex_lock(&g->lock);
  g->stopping = 1;
  pthread_cond_signal(&g->wake);
  pthread_mutex_unlock(&g->lock);
  pthread_join(g->reaper, NULL);
  while((c = g->head) != NULL) {
    g->head = c->next;
    ra_free(c);
  }
  pthread_cond_destroy(&g->wake);
  pthread_mutex_destroy(&g->lock);
  ra_free(g);
}

struct ra_connguard_conn *ra_connguard_opened(struct ra_connguard *g, int fd,
                                              uint32_t ip)
{
  struct ra_connguard_conn *c = ra_calloc(1, sizeof(*c));
  int64_t now = ra_clock_monotonic_ms();
  c->fd = fd;
  c->ip = ip;
  c->since = now;
  pthread_mutex_lock(&g->lock);
  c->prev = g->tail;
  if(g->tail)
    g->tail->next = c;
  else
    g->head = c;
  g->tail = c;
  g->count++;
  evict_locked(g, 0, ip, g->lim.soft_per_ip, now);
  pthread_mutex_unlock(&g->lock);
  return c;
}

void ra_connguard_closed(struct ra_connguard *g, struct ra_connguard_conn *c)
{
  if(!c)
    return;
  pthread_mutex_lock(&g->lock);
  if(c->prev)
    c->prev->next = c->next;
  else
    g->head = c->next;
  if(c->next)
    c->next->prev = c->prev;
  else
    g->tail = c->prev;
  g->count--;
  pthread_mutex_unlock(&g->lock);
  ra_free(c);
}

void ra_connguard_busy(struct ra_connguard *g, struct ra_connguard_conn *c,
                       int busy)
{
  if(!c)
    return;
  pthread_mutex_lock(&g->lock);
  c->busy = busy;
  if(!busy)
    c->since = ra_clock_monotonic_ms();
  pthread_mutex_unlock(&g->lock);
}

size_t ra_connguard_closed_count(struct ra_connguard *g)
{
  size_t n;
  pthread_mutex_lock(&g->lock);
  n = g->closed;
  pthread_mutex_unlock(&g->lock);
  return n;
}
