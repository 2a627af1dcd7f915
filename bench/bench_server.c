/* bench server: the reference server in process, several libcurl client
 * threads over keep-alive for a bounded time. Modes: a trivial unsigned
 * request (GET of the control API root: same HTTP path, no signature, no
 * store write) as the baseline, then signed RejectAssignment in json-2017
 * and legacy-2014, each half success / half InvalidAssignmentState.
 * Requests are signed before the clock starts, so the figures are the
 * server's cost (verification, parsing, store), not the client's. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "bench.h"
#include "core/alloc.h"
#include "core/clock.h"
#include "proto/request.h"
#include "server/refserver.h"

#define CLIENTS 2
#define PER_CLIENT 40000
#define SECONDS 2

enum mode { MODE_BASELINE, MODE_JSON, MODE_LEGACY };

struct client {
  struct ra_refserver *server;
  enum mode mode;
  struct ra_http_request *reqs;
  size_t nreqs;
  double *lat_us;
  size_t done;
  size_t failed;
  int64_t stop_ms;
};

static size_t discard(char *p, size_t sz, size_t n, void *ud)
{
  (void)p;
  (void)ud;
  return sz * n;
}

static double now_us(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static void build(struct client *c, int index)
{
  const char *url = ra_refserver_url(c->server);
  char date[17], iso[21];
  size_t i;
  (void)index;
  {
    struct ra_clock sys = ra_clock_system();
    int64_t t = ra_clock_now_ms(&sys);
    ra_clock_format_amz(t, date);
    ra_clock_format_iso8601(t, iso);
  }
  c->nreqs = c->mode == MODE_BASELINE ? 1 : PER_CLIENT;
  c->reqs = ra_calloc(c->nreqs, sizeof(*c->reqs));
  for(i = 0; i < c->nreqs; i++) {
    struct ra_http_request *r = &c->reqs[i];
    struct ra_params p;
    char *id = NULL;
    ra_http_request_init(r);
    if(c->mode == MODE_BASELINE) {
      r->method = ra_strdup("GET");
      r->target = ra_strdup("/_raconform/");
      continue;
    }
    /* even: a fresh Submitted assignment (success); odd: a Rejected one
     * (InvalidAssignmentState) */
    ra_refserver_seed(c->server, RA_REFSERVER_OWNER_KEY_ID,
                      i % 2 ? "Rejected" : "Submitted", &id);
    ra_params_init(&p);
    ra_params_adds(&p, "AssignmentId", id);
    ra_params_adds(&p, "RequesterFeedback", "Did not follow instructions.");
    if(c->mode == MODE_JSON) {
      struct ra_json_opts o;
      memset(&o, 0, sizeof(o));
      o.endpoint = url;
      o.access_key_id = RA_REFSERVER_OWNER_KEY_ID;
      o.secret = RA_REFSERVER_OWNER_SECRET;
      o.amz_date = date;
      o.operation = "RejectAssignment";
      o.params = &p;
      ra_request_build_json(r, &o);
    }
    else {
      struct ra_legacy_opts o;
      memset(&o, 0, sizeof(o));
      o.endpoint = url;
      o.access_key_id = RA_REFSERVER_OWNER_KEY_ID;
      o.secret = RA_REFSERVER_OWNER_SECRET;
      o.timestamp = iso;
      o.operation = "RejectAssignment";
      o.version = "2014-08-15";
      o.params = &p;
      ra_request_build_legacy(r, &o);
    }
    ra_params_free(&p);
    ra_free(id);
  }
}

static void *run_client(void *arg)
{
  struct client *c = arg;
  CURL *curl = curl_easy_init();
  struct ra_buf url;
  const char *base = ra_refserver_url(c->server);
  size_t cap = 400000;
  c->lat_us = ra_malloc(cap * sizeof(double));
  ra_buf_init(&url, RA_BUF_UNLIMITED);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  while(ra_clock_monotonic_ms() < c->stop_ms && c->done < cap) {
    struct ra_http_request *r = &c->reqs[c->done % c->nreqs];
    struct curl_slist *hl = NULL;
    size_t i;
    long code = 0;
    double t0;
    ra_buf_reset(&url);
    ra_buf_put(&url, base, strlen(base) - 1); /* base ends with '/' */
    ra_buf_puts(&url, r->target);
    for(i = 0; i < r->headers.count; i++) {
      char line[1024];
      if(!strcasecmp(r->headers.items[i].name, "Content-Length"))
        continue;
      snprintf(line, sizeof(line), "%s: %s", r->headers.items[i].name,
               r->headers.items[i].value);
      hl = curl_slist_append(hl, line);
    }
    hl = curl_slist_append(hl, "Expect:");
    curl_easy_setopt(curl, CURLOPT_URL, ra_buf_str(&url));
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hl);
    if(!strcmp(r->method, "POST")) {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, r->body ? r->body : "");
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)r->body_len);
    }
    else
      curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    t0 = now_us();
    if(curl_easy_perform(curl) != CURLE_OK)
      c->failed++;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    c->lat_us[c->done++] = now_us() - t0;
    /* json: 200 or 400 RequestError; legacy: always 200 */
    if(code != 200 && code != 400)
      c->failed++;
    curl_slist_free_all(hl);
  }
  ra_buf_free(&url);
  curl_easy_cleanup(curl);
  return NULL;
}

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double measure(struct ra_refserver *s, enum mode mode,
                      const char *label)
{
  struct client cl[CLIENTS];
  pthread_t th[CLIENTS];
  double *all;
  size_t total = 0, failed = 0, k = 0;
  int64_t t0, t1;
  double rps;
  int i;
  for(i = 0; i < CLIENTS; i++) {
    memset(&cl[i], 0, sizeof(cl[i]));
    cl[i].server = s;
    cl[i].mode = mode;
    build(&cl[i], i);
  }
  t0 = ra_clock_monotonic_ms();
  for(i = 0; i < CLIENTS; i++) {
    cl[i].stop_ms = t0 + SECONDS * 1000;
    pthread_create(&th[i], NULL, run_client, &cl[i]);
  }
  for(i = 0; i < CLIENTS; i++) {
    pthread_join(th[i], NULL);
    total += cl[i].done;
    failed += cl[i].failed;
  }
  t1 = ra_clock_monotonic_ms();
  all = ra_malloc((total + 1) * sizeof(double));
  for(i = 0; i < CLIENTS; i++) {
    size_t j;
    for(j = 0; j < cl[i].done; j++)
      all[k++] = cl[i].lat_us[j];
  }
  qsort(all, total, sizeof(double), cmp_double);
  rps = (double)total * 1000.0 / (double)(t1 - t0);
  printf("%-22s %8.0f req/s  p50 %6.0f us  p90 %6.0f us  p99 %6.0f us  "
         "max %7.0f us  (%zu requests, %zu failed)\n", label, rps,
         total ? all[total / 2] : 0, total ? all[total * 9 / 10] : 0,
         total ? all[total * 99 / 100] : 0, total ? all[total - 1] : 0,
         total, failed);
  fflush(stdout);
  ra_free(all);
  for(i = 0; i < CLIENTS; i++) {
    size_t j;
    for(j = 0; j < cl[i].nreqs; j++)
      ra_http_request_free(&cl[i].reqs[j]);
    ra_free(cl[i].reqs);
    ra_free(cl[i].lat_us);
  }
  return rps;
}

int ra_bench_server(void)
{
  struct ra_refserver_config cfg;
  struct ra_refserver *s = NULL;
  struct ra_error err = RA_ERROR_INIT;
  double base, json, legacy;
  ra_refserver_config_init(&cfg);
  cfg.threads = 2;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  if(ra_refserver_start(&s, &cfg, &err)) {
    ra_error_print(&err, stderr);
    return 1;
  }
  printf("server %s, %d client threads, %d s per mode, keep-alive\n",
         ra_refserver_url(s), CLIENTS, SECONDS);
  base = measure(s, MODE_BASELINE, "baseline (unsigned)");
  json = measure(s, MODE_JSON, "json-2017 signed");
  legacy = measure(s, MODE_LEGACY, "legacy-2014 signed");
  printf("ratio to baseline: json-2017 %.2f, legacy-2014 %.2f\n",
         base > 0 ? json / base : 0, base > 0 ? legacy / base : 0);
  ra_refserver_stop(s);
  curl_global_cleanup();
  return 0;
}
