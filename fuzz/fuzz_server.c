/* libFuzzer target: the reference server's request handling, the same code
 * path the daemon runs (ra_refserver_handle), minus the socket.
 *
 * Input: an HTTP/1.1 request as text, split by a tiny parser below into
 * method, target, headers and body, within the limits the daemon enforces
 * before handling (header count, body size). Optional leading lines
 * "@defect NAME" switch seeded defects on, so the defect code paths are
 * fuzzed too. Each input gets a fresh server on a fixed clock and ID seed
 * with four assignments, so runs are reproducible and seeds can carry valid
 * signatures (see docs/hardening.md; `RA_FUZZ_VERBOSE=1` prints the IDs
 * and each answer).
 * Seeds: fuzz/corpus/fuzz_server. */
#define _GNU_SOURCE /* memmem */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "core/error.h"
#include "proto/header.h"
#include "server/defect.h"
#include "server/refserver.h"

/* 2024-01-01T00:00:00Z: seeds are signed at this time. */
#define FUZZ_NOW_MS 1704067200000LL
#define FUZZ_ID_SEED 1
#define MAX_DEFECTS 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int64_t fuzz_now = FUZZ_NOW_MS;

/* One line of [p, end): returns its length without "\r\n"/"\n" and moves
 * *next past the line ending. */
static size_t take_line(const char *p, const char *end, const char **next)
{
  const char *nl = memchr(p, '\n', (size_t)(end - p));
  size_t len;
  if(!nl) {
    *next = end;
    len = (size_t)(end - p);
  }
  else {
    *next = nl + 1;
    len = (size_t)(nl - p);
  }
  if(len && p[len - 1] == '\r')
    len--;
  return len;
}

static struct ra_refserver *new_server(const char *const *defects,
                                       size_t ndefects)
{
  struct ra_refserver_config cfg;
  struct ra_refserver *s = NULL;
  struct ra_error err = RA_ERROR_INIT;
  static const char *const states[] = {"Submitted", "Approved", "Rejected"};
  size_t i;

  ra_refserver_config_init(&cfg);
  cfg.profiles = RA_SERVE_ALL;
  cfg.clock = ra_clock_fixed(&fuzz_now);
  cfg.seed = FUZZ_ID_SEED;
  cfg.defects = defects;
  cfg.defect_count = ndefects;
  ra_error_clear(&err);
  if(ra_refserver_new(&s, &cfg, &err))
    return NULL; /* unknown defect name: not interesting */
  for(i = 0; i < 4; i++) {
    char *id = NULL;
    if(ra_refserver_seed(s, i < 3 ? RA_REFSERVER_OWNER_KEY_ID :
                         RA_REFSERVER_OTHER_KEY_ID, states[i % 3], &id))
      __builtin_trap();
    if(getenv("RA_FUZZ_VERBOSE"))
      fprintf(stderr, "fuzz_server: %s %s %s\n", i < 3 ? "owner" : "other",
              states[i % 3], id);
    ra_free(id);
  }
  return s;
}

static int leaks(const struct ra_refserver_response *resp,
                 const uint8_t *data, size_t size, const char *secret)
{
  size_t n = strlen(secret);
  return resp->body.len && memmem(resp->body.ptr, resp->body.len, secret, n) &&
         !memmem(data, size, secret, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *p = (const char *)data;
  const char *end = p + size;
  const char *next;
  char *defects[MAX_DEFECTS];
  size_t ndefects = 0;
  char *method = NULL, *target = NULL, *body = NULL;
  struct ra_headers headers;
  struct ra_refserver *s = NULL;
  struct ra_wire_request req;
  struct ra_refserver_response resp;
  size_t len, i;

  ra_headers_init(&headers);

  /* "@defect NAME" lines; the race defect only sleeps, so it is left out. */
  while(p < end && *p == '@') {
    len = take_line(p, end, &next);
    if(len > 8 && !memcmp(p, "@defect ", 8) && ndefects < MAX_DEFECTS) {
      char *name = ra_strndup(p + 8, len - 8);
      if(strcmp(name, "check-then-set-race"))
        defects[ndefects++] = name;
      else
        ra_free(name);
    }
    p = next;
  }

  /* Request line: METHOD SP TARGET [SP VERSION]. */
  len = take_line(p, end, &next);
  {
    const char *sp1 = memchr(p, ' ', len);
    if(!sp1) {
      method = ra_strndup(p, len);
      target = ra_strdup("/");
    }
    else {
      const char *t = sp1 + 1;
      const char *sp2 = memchr(t, ' ', (size_t)(p + len - t));
      method = ra_strndup(p, (size_t)(sp1 - p));
      target = ra_strndup(t, sp2 ? (size_t)(sp2 - t) : (size_t)(p + len - t));
    }
  }
  p = next;

  /* Header lines up to the blank line. */
  while(p < end) {
    const char *colon;
    char *name, *value;
    const char *v;
    len = take_line(p, end, &next);
    if(!len) {
      p = next;
      break;
    }
    colon = memchr(p, ':', len);
    if(colon && colon != p) {
      v = colon + 1;
      while(v < p + len && (*v == ' ' || *v == '\t'))
        v++;
      /* The daemon answers 400 itself past this many headers. */
      if(headers.count >= RA_REFSERVER_HEADERS_MAX)
        goto done;
      name = ra_strndup(p, (size_t)(colon - p));
      value = ra_strndup(v, (size_t)(p + len - v));
      ra_headers_add(&headers, name, value);
      ra_free(name);
      ra_free(value);
    }
    p = next;
  }

  /* Body: the rest; the daemon answers 413 itself past the cap. */
  len = (size_t)(end - p);
  if(len > RA_REFSERVER_BODY_MAX)
    goto done;
  body = ra_malloc(len + 1);
  if(len)
    memcpy(body, p, len);
  body[len] = '\0';

  s = new_server((const char *const *)defects, ndefects);
  if(!s)
    goto done;
  req.method = method;
  req.target = target;
  req.headers = &headers;
  req.body = body;
  req.body_len = len;
  ra_refserver_response_init(&resp);
  ra_refserver_handle(s, &req, &resp);
  if(resp.status < 100 || resp.status > 599)
    __builtin_trap();
  if(getenv("RA_FUZZ_VERBOSE"))
    fprintf(stderr, "fuzz_server: %s %s -> %d %.*s\n", method, target,
            resp.status, (int)(resp.body.len > 300 ? 300 : resp.body.len),
            resp.body.ptr ? resp.body.ptr : "");
  /* Secrets never leave the server (unless the request itself carried
   * them and an error message quotes it). */
  if(leaks(&resp, data, size, RA_REFSERVER_OWNER_SECRET) ||
     leaks(&resp, data, size, RA_REFSERVER_OTHER_SECRET))
    __builtin_trap();
  ra_refserver_response_free(&resp);

done:
  ra_refserver_stop(s);
  ra_headers_free(&headers);
  for(i = 0; i < ndefects; i++)
    ra_free(defects[i]);
  ra_free(method);
  ra_free(target);
  ra_free(body);
  return 0;
}
