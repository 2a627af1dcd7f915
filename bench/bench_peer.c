/* Section "peer": the figures of issue 15 item 10, each against a baseline
 * measured in the same run, driving the built `raconform` binary (next to
 * this one) as a black box:
 *
 *  - wall time of `raconform run --profile json-2017` against an external
 *    `raconform serve`, and of bench/peer_boto3.py (a plain Python + boto3
 *    loop over the same cases, sequential) against the same server: their
 *    ratio (the target: raconform at least 10x faster);
 *  - peak RSS (getrusage of the waited child, ru_maxrss) of a full embedded
 *    `raconform run` (both profiles, in-process server; target < 20 MB);
 *  - time to first request: from just before fork() to the first byte of
 *    the first HTTP request arriving on a loopback socket this process
 *    listens on, the target file pointing `raconform run` at it (target
 *    < 5 ms), next to the start-to-exit time of `raconform --version` (the
 *    floor: exec, dynamic linking, libc start).
 *
 * Method and figures: docs/bench.md. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define REPEAT 3
#define TTFR_REPEAT 7

static double now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* Starts argv with stdout to out_path (NULL: /dev/null), stderr to
 * /dev/null; returns the pid. */
static pid_t spawn(char *const argv[], const char *out_path)
{
  pid_t pid = fork();
  if(pid == 0) {
    int null = open("/dev/null", O_RDWR);
    int out = out_path ? open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644) :
      null;
    dup2(null, 0);
    dup2(out, 1);
    dup2(null, 2);
    execv(argv[0], argv);
    _exit(127);
  }
  return pid;
}

/* Runs argv to the end: wall ms, exit status and the child's peak RSS (KiB). */
static double run_wait(char *const argv[], const char *out_path, int *status,
                       long *maxrss_kb)
{
  struct rusage ru;
  double t0 = now_ms();
  pid_t pid = spawn(argv, out_path);
  int st = 0;
  double ms;
  memset(&ru, 0, sizeof(ru));
  while(wait4(pid, &st, 0, &ru) < 0 && errno == EINTR)
    ;
  ms = now_ms() - t0;
  if(status)
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  if(maxrss_kb)
    *maxrss_kb = ru.ru_maxrss;
  return ms;
}

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
  qsort(v, n, sizeof(*v), cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The TAP plan "1..N" of a file, or 0. */
static long tap_plan(const char *path)
{
  char line[256];
  long n = 0;
  FILE *f = fopen(path, "r");
  if(!f)
    return 0;
  while(fgets(line, sizeof(line), f))
    if(!strncmp(line, "1..", 3))
      n = strtol(line + 3, NULL, 10);
  fclose(f);
  return n;
}

static int wait_for_file(const char *path, int ms)
{
  struct stat st;
  while(ms > 0) {
    if(!stat(path, &st) && st.st_size > 0)
      return 1;
    usleep(10000);
    ms -= 10;
  }
  return 0;
}

/* ms from fork to the first request byte on a loopback listener, or -1. */
static double time_to_first_request(const char *bin, const char *cases,
                                    const char *tmp)
{
  struct sockaddr_in a;
  socklen_t alen = sizeof(a);
  char target[512], reports[512], text[1024];
  char *argv[12];
  int ls = socket(AF_INET, SOCK_STREAM, 0);
  int cs = -1;
  double t0, ms = -1;
  struct pollfd p;
  pid_t pid;
  FILE *f;
  memset(&a, 0, sizeof(a));
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if(ls < 0 || bind(ls, (struct sockaddr *)&a, sizeof(a)) ||
     listen(ls, 4) || getsockname(ls, (struct sockaddr *)&a, &alen))
    return -1;
  snprintf(target, sizeof(target), "%s/ttfr-target.json", tmp);
  snprintf(reports, sizeof(reports), "%s/reports-ttfr", tmp);
  f = fopen(target, "w");
  if(!f)
    return -1;
  fprintf(f, "{\"name\": \"ttfr\", \"endpoint\": \"http://127.0.0.1:%u/\", "
          "\"profile\": \"json-2017\", \"requesters\": {\"owner\": "
          "{\"access_key_id\": \"AKIDBENCH\", \"secret_access_key\": "
          "\"benchsecret\"}}}\n", (unsigned)ntohs(a.sin_port));
  fclose(f);
  argv[0] = (char *)bin;
  argv[1] = (char *)"run";
  argv[2] = (char *)"--target";
  argv[3] = target;
  argv[4] = (char *)"--cases";
  argv[5] = (char *)cases;
  argv[6] = (char *)"--reports";
  argv[7] = reports;
  argv[8] = NULL;
  t0 = now_ms();
  pid = spawn(argv, NULL);
  p.fd = ls;
  p.events = POLLIN;
  if(poll(&p, 1, 5000) == 1 && (cs = accept(ls, NULL, NULL)) >= 0) {
    p.fd = cs;
    if(poll(&p, 1, 5000) == 1 && recv(cs, text, sizeof(text), 0) > 0)
      ms = now_ms() - t0;
  }
  kill(pid, SIGKILL);
  waitpid(pid, NULL, 0);
  if(cs >= 0)
    close(cs);
  close(ls);
  return ms;
}

int ra_bench_peer(void)
{
  const char *src = getenv("RACONFORM_SOURCE_DIR");
  char self[4096], bin[4200], cases[4200], peer[4200];
  char tmp[] = "/tmp/raconform-bench-XXXXXX";
  char target[512], url[512], tap[512], reports[512], peer_out[512];
  char line[256];
  char *argv[16];
  double ra_ms[REPEAT], peer_ms[REPEAT], ttfr[TTFR_REPEAT],
    floor_ms[TTFR_REPEAT];
  double ra_med, peer_med;
  long rss_kb = 0;
  int st = 0, failed = 0;
  pid_t server;
  ssize_t n;
  size_t i;
  FILE *f;

  n = readlink("/proc/self/exe", self, sizeof(self) - 1);
  if(n <= 0 || !mkdtemp(tmp)) {
    fprintf(stderr, "peer: cannot find myself or make a scratch folder\n");
    return 1;
  }
  self[n] = '\0';
  *strrchr(self, '/') = '\0';
  snprintf(bin, sizeof(bin), "%s/raconform", self);
  snprintf(cases, sizeof(cases), "%s/cases", src && *src ? src : ".");
  snprintf(peer, sizeof(peer), "%s/bench/peer_boto3.py",
           src && *src ? src : ".");
  snprintf(target, sizeof(target), "%s/target.json", tmp);
  snprintf(url, sizeof(url), "%s/url.txt", tmp);
  snprintf(tap, sizeof(tap), "%s/run.tap", tmp);
  snprintf(reports, sizeof(reports), "%s/reports", tmp);
  snprintf(peer_out, sizeof(peer_out), "%s/peer.txt", tmp);
  if(access(bin, X_OK)) {
    fprintf(stderr, "peer: %s is not built (cmake --build build)\n", bin);
    return 1;
  }

  /* 1. run vs the boto3 peer, same external server */
  argv[0] = bin;
  argv[1] = (char *)"serve";
  argv[2] = (char *)"--listen";
  argv[3] = (char *)"127.0.0.1:0";
  argv[4] = (char *)"--target-out";
  argv[5] = target;
  argv[6] = NULL;
  server = spawn(argv, url);
  if(!wait_for_file(target, 5000)) {
    fprintf(stderr, "peer: raconform serve did not write its target\n");
    kill(server, SIGTERM);
    waitpid(server, NULL, 0);
    return 1;
  }
  for(i = 0; i < REPEAT; i++) {
    argv[0] = bin;
    argv[1] = (char *)"run";
    argv[2] = (char *)"--target";
    argv[3] = target;
    argv[4] = (char *)"--profile";
    argv[5] = (char *)"json-2017";
    argv[6] = (char *)"--cases";
    argv[7] = cases;
    argv[8] = (char *)"--reports";
    argv[9] = reports;
    argv[10] = NULL;
    ra_ms[i] = run_wait(argv, tap, &st, NULL);
    if(st != 0) {
      fprintf(stderr, "peer: raconform run exited %d\n", st);
      failed = 1;
    }
    argv[0] = (char *)"/usr/bin/python3";
    argv[1] = peer;
    argv[2] = (char *)"--target";
    argv[3] = target;
    argv[4] = (char *)"--raconform";
    argv[5] = bin;
    argv[6] = (char *)"--cases";
    argv[7] = cases;
    argv[8] = NULL;
    peer_ms[i] = run_wait(argv, peer_out, &st, NULL);
    if(st != 0) {
      fprintf(stderr, "peer: peer_boto3.py exited %d (python3-boto3?)\n", st);
      failed = 1;
    }
  }
  kill(server, SIGTERM);
  waitpid(server, NULL, 0);
  ra_med = median(ra_ms, REPEAT);
  peer_med = median(peer_ms, REPEAT);
  printf("json-2017 against an external `raconform serve` (median of %d):\n",
         REPEAT);
  printf("  raconform run --profile json-2017   %5ld cases %9.1f ms\n",
         tap_plan(tap), ra_med);
  f = fopen(peer_out, "r");
  if(f && fgets(line, sizeof(line), f)) {
    line[strcspn(line, "\n")] = '\0';
    printf("  bench/peer_boto3.py (python3+boto3) %9.1f ms  (%s)\n", peer_med,
           line);
  }
  if(f)
    fclose(f);
  printf("  ratio peer / raconform              x%.2f  (target: x10 or "
         "more)\n", ra_med > 0 ? peer_med / ra_med : 0);

  /* 2. peak RSS of a full embedded run */
  argv[0] = bin;
  argv[1] = (char *)"run";
  argv[2] = (char *)"--cases";
  argv[3] = cases;
  argv[4] = (char *)"--reports";
  argv[5] = reports;
  argv[6] = NULL;
  ra_med = run_wait(argv, tap, &st, &rss_kb);
  printf("full embedded run (both profiles, in-process server):\n");
  printf("  %ld jobs %9.1f ms, exit %d, peak RSS %.1f MB  (target: < 20 "
         "MB)\n", tap_plan(tap), ra_med, st, (double)rss_kb / 1024.0);
  if(st != 0)
    failed = 1;

  /* 3. time to first request */
  for(i = 0; i < TTFR_REPEAT; i++) {
    argv[0] = bin;
    argv[1] = (char *)"--version";
    argv[2] = NULL;
    floor_ms[i] = run_wait(argv, NULL, NULL, NULL);
    ttfr[i] = time_to_first_request(bin, cases, tmp);
    if(ttfr[i] < 0) {
      fprintf(stderr, "peer: no request arrived from raconform run\n");
      failed = 1;
    }
  }
  printf("time to first request (fork to first byte on the wire, median of "
         "%d):\n", TTFR_REPEAT);
  printf("  raconform run --target             %9.2f ms  (target: < 5 ms)\n",
         median(ttfr, TTFR_REPEAT));
  printf("  raconform --version, start to exit  %9.2f ms  (the floor)\n",
         median(floor_ms, TTFR_REPEAT));
  snprintf(line, sizeof(line), "rm -rf '%s'", tmp);
  if(system(line))
    failed = 1;
  return failed;
}
