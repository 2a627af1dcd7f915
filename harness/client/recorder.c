/* The examiner's recorder (see recorder.h). */
#include "client/recorder.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "core/log.h"

static void copy_request(struct ra_cc_request *dst,
                         const struct ra_wire_request *src)
{
  size_t i;
  ra_cc_request_init(dst);
  dst->method = ra_strdup(src->method ? src->method : "");
  dst->target = ra_strdup(src->target ? src->target : "/");
  if(src->headers) {
    for(i = 0; i < src->headers->count; i++)
      ra_headers_add(&dst->headers, src->headers->items[i].name,
                     src->headers->items[i].value);
  }
  dst->body = ra_memdup0(src->body ? src->body : "", src->body_len);
  dst->body_len = src->body_len;
}

/* Headers of a recorded answer that the server sets itself. */
static int hop_header(const char *name)
{
  return !strcasecmp(name, "Content-Length") ||
         !strcasecmp(name, "Transfer-Encoding") ||
         !strcasecmp(name, "Connection") || !strcasecmp(name, "Date");
}

int ra_cc_recorder_hook(void *ctx, const struct ra_wire_request *req,
                        struct ra_cc_wire_answer *ans)
{
  struct ra_cc_recorder *rec = ctx;
  const struct ra_cc_served *sv;
  struct ra_cc_request *slot = NULL;
  size_t idx, i;
  int64_t arrived = ra_clock_monotonic_ms();

  pthread_mutex_lock(&rec->lock);
  idx = rec->seen++;
  if(rec->seen > RA_CC_REQUEST_LIMIT)
    __atomic_store_n(&rec->cancel, 1, __ATOMIC_RELEASE);
  if(rec->count < RA_CC_MAX_RECORDED) {
    slot = &rec->reqs[rec->count++];
    copy_request(slot, req);
    slot->arrived_ms = arrived;
  }
  pthread_mutex_unlock(&rec->lock);

  sv = &rec->answers[idx < rec->answer_count ? idx : rec->answer_count - 1];
  if(sv->spec->delay_ms)
    ra_clock_sleep_ms(sv->spec->delay_ms);
  if(sv->spec->kind == RA_CC_ANSWER_SCRIPT) {
    ans->status = sv->from_fixture ? sv->fixture.http_status
                                    : sv->spec->status;
    ra_headers_free(ans->headers);
    ra_headers_init(ans->headers);
    ra_buf_reset(ans->body);
    if(sv->from_fixture) {
      for(i = 0; i < sv->fixture.headers.count; i++) {
        const struct ra_header *h = &sv->fixture.headers.items[i];
        if(!hop_header(h->name))
          ra_headers_add(ans->headers, h->name, h->value);
      }
      ra_buf_put(ans->body, sv->fixture.body, sv->fixture.body_len);
    }
    else {
      ra_headers_add(ans->headers, "Content-Type", sv->spec->content_type);
      ra_buf_puts(ans->body, sv->spec->body);
    }
    /* Every retry on a fresh connection: a client that waits longer than
     * the server's idle timeout (boto 2 sleeps up to 60 s) would otherwise
     * spend an attempt on a connection the server closed, and the number
     * of requests the examiner sees would depend on the random delays. */
    ra_headers_add(ans->headers, "Connection", "close");
  }
  if(slot) {
    pthread_mutex_lock(&rec->lock);
    slot->answered_ms = ra_clock_monotonic_ms();
    pthread_mutex_unlock(&rec->lock);
  }
  return sv->spec->kind == RA_CC_ANSWER_SCRIPT;
}

void ra_cc_recorder_init(struct ra_cc_recorder *rec,
                         const struct ra_cc_script *sc,
                         const char *fixtures_dir)
{
  size_t i;
  memset(rec, 0, sizeof(*rec));
  pthread_mutex_init(&rec->lock, NULL);
  rec->answer_count = sc->count;
  for(i = 0; i < sc->count; i++) {
    struct ra_cc_served *sv = &rec->answers[i];
    sv->spec = &sc->answers[i];
    ra_response_fixture_init(&sv->fixture);
    if(sv->spec->kind == RA_CC_ANSWER_SCRIPT && sv->spec->fixture) {
      struct ra_buf dir;
      struct ra_error err = RA_ERROR_INIT;
      struct stat st;
      ra_buf_init(&dir, RA_BUF_UNLIMITED);
      ra_buf_putf(&dir, "%s/%s", fixtures_dir, sv->spec->fixture);
      if(!stat(ra_buf_str(&dir), &st)) {
        ra_error_clear(&err);
        if(!ra_response_fixture_load(ra_buf_str(&dir), &sv->fixture, &err))
          sv->from_fixture = 1;
        else {
          char text[1200];
          ra_error_format(&err, text, sizeof(text));
          RA_LOG(RA_LOG_WARN, "client-check: fixture '%s' not usable (%s), "
                 "serving the built-in copy", sv->spec->fixture, text);
        }
      }
      ra_buf_free(&dir);
    }
  }
}

void ra_cc_recorder_free(struct ra_cc_recorder *rec)
{
  size_t i;
  for(i = 0; i < rec->count; i++)
    ra_cc_request_free(&rec->reqs[i]);
  for(i = 0; i < rec->answer_count; i++)
    ra_response_fixture_free(&rec->answers[i].fixture);
  pthread_mutex_destroy(&rec->lock);
}

void ra_cc_recorder_describe(struct ra_buf *out,
                             const struct ra_cc_recorder *rec)
{
  size_t i;
  for(i = 0; i < rec->answer_count; i++) {
    const struct ra_cc_served *sv = &rec->answers[i];
    if(i)
      ra_buf_puts(out, ", ");
    ra_buf_putf(out, "%zu: ", i + 1);
    if(sv->spec->kind == RA_CC_ANSWER_PASS)
      ra_buf_puts(out, "the reference server's own answer");
    else if(sv->from_fixture)
      ra_buf_putf(out, "fixture %s (HTTP %d)", sv->spec->fixture,
                  sv->fixture.http_status);
    else
      ra_buf_putf(out, "built-in %s (HTTP %d)", sv->spec->fixture ?
                  sv->spec->fixture : "answer", sv->spec->status);
    if(sv->spec->delay_ms)
      ra_buf_putf(out, " after %u ms", sv->spec->delay_ms);
  }
  ra_buf_puts(out, "; later requests get the last answer again");
}

