/* The one redactor: rules in redact.h. */
#define _GNU_SOURCE /* memmem */
#include "proto/redact.h"

#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "proto/urlenc.h"

#define MASK "[REDACTED]"

/* s with every occurrence of needle replaced by MASK, as a new string (its
 * length in *len), or NULL when there is none: the common case, megabyte
 * bodies included, copies nothing. */
static char *mask_all(const char *s, size_t *len, const char *needle,
                      size_t nl)
{
  struct ra_buf b;
  size_t i = 0;
  const char *hit;
  if(!nl || !memmem(s, *len, needle, nl))
    return NULL;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  while(i < *len && (hit = memmem(s + i, *len - i, needle, nl)) != NULL) {
    size_t at = (size_t)(hit - s);
    ra_buf_put(&b, s + i, at - i);
    ra_buf_puts(&b, MASK);
    i = at + nl;
  }
  ra_buf_put(&b, s + i, *len - i);
  return ra_buf_take(&b, len);
}

/* The first case-insensitive occurrence of m (two bytes or more) in
 * s[from..len), or len. The two-byte prefilter (bit 0x20 folds ASCII case)
 * only skips positions strncasecmp would refuse: a megabyte body costs one
 * pass, not a call per byte. */
static size_t find_ci(const char *s, size_t len, size_t from, const char *m)
{
  size_t ml = strlen(m);
  unsigned char m0 = (unsigned char)m[0] | 0x20;
  unsigned char m1 = (unsigned char)m[1] | 0x20;
  size_t i;
  for(i = from; i + ml <= len; i++)
    if(((unsigned char)s[i] | 0x20) == m0 &&
       ((unsigned char)s[i + 1] | 0x20) == m1 && !strncasecmp(s + i, m, ml))
      return i;
  return len;
}

/* s with the value after each marker (blanks after it kept) up to a stop
 * character replaced by MASK, as a new string (its length in *len), or NULL
 * when the marker does not occur. */
static char *mask_after(const char *s, size_t *len, const char *marker,
                        const char *stops)
{
  struct ra_buf b;
  size_t ml = strlen(marker);
  size_t i = 0;
  if(find_ci(s, *len, 0, marker) >= *len)
    return NULL;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  while(i < *len) {
    size_t at = find_ci(s, *len, i, marker);
    size_t end;
    ra_buf_put(&b, s + i, at - i);
    if(at >= *len)
      break;
    ra_buf_put(&b, s + at, ml);
    at += ml;
    end = at;
    while(end < *len && s[end] == ' ')
      end++;
    ra_buf_put(&b, s + at, end - at);
    while(end < *len && !strchr(stops, s[end]))
      end++;
    ra_buf_puts(&b, MASK);
    i = end;
  }
  return ra_buf_take(&b, len);
}

static const struct {
  const char *marker;
  const char *stops;
} rules[] = {
  {"Authorization:", "\r\n'\""},
  {"X-Amz-Security-Token:", "\r\n'\""},
  {"Signature=", "&\r\n'\" <"},
  {"Signature%3D", "&\r\n'\" <"}
};
#define NRULES (sizeof(rules) / sizeof(rules[0]))

/* The text a rule reads: s, len bytes; own when it is a copy. */
struct text {
  const char *s;
  size_t len;
  char *own;
};

/* Makes next (a rule's result, NULL when it changed nothing) the text;
 * *next_len is read only after the rule has set it. */
static void adopt(struct text *t, char *next, const size_t *next_len)
{
  if(!next)
    return;
  ra_free(t->own);
  t->own = next;
  t->s = next;
  t->len = *next_len;
}

char *ra_redact(const char *text, size_t len, const char *const *secrets,
                size_t nsecrets, size_t *out_len)
{
  /* Each rule reads the latest text, the caller's until a rule changes
   * it: a text nothing matches is copied once, at the end. */
  struct text t;
  size_t k;
  t.s = text ? text : "";
  t.len = text ? len : 0;
  t.own = NULL;
  for(k = 0; k < nsecrets; k++) {
    struct ra_buf enc;
    size_t sl = secrets[k] ? strlen(secrets[k]) : 0;
    size_t n = t.len;
    if(!sl)
      continue;
    adopt(&t, mask_all(t.s, &n, secrets[k], sl), &n);
    /* as it travels in a query string or form body */
    ra_buf_init(&enc, RA_BUF_UNLIMITED);
    n = t.len;
    if(!ra_urlenc_encode(&enc, secrets[k], sl, 0) && enc.len != sl)
      adopt(&t, mask_all(t.s, &n, enc.ptr, enc.len), &n);
    ra_buf_free(&enc);
  }
  for(k = 0; k < NRULES; k++) {
    size_t n = t.len;
    adopt(&t, mask_after(t.s, &n, rules[k].marker, rules[k].stops), &n);
  }
  if(!t.own)
    t.own = ra_memdup0(t.s, t.len);
  if(out_len)
    *out_len = t.len;
  return t.own;
}

/* 1 when a rule's marker occurs in s: one pass over a megabyte body for all
 * the rules, a position tried only when its first two bytes fold to a
 * marker's (bit 0x20 folds ASCII case, as in find_ci). */
static int any_marker(const char *s, size_t len)
{
  unsigned char first[256];
  size_t i, k;
  memset(first, 0, sizeof(first));
  for(k = 0; k < NRULES; k++)
    first[(unsigned char)rules[k].marker[0] | 0x20] = 1;
  for(i = 0; i + 1 < len; i++) {
    if(!first[(unsigned char)s[i] | 0x20])
      continue;
    for(k = 0; k < NRULES; k++) {
      const char *m = rules[k].marker;
      if(((unsigned char)s[i + 1] | 0x20) == ((unsigned char)m[1] | 0x20) &&
         i + strlen(m) <= len && !strncasecmp(s + i, m, strlen(m)))
        return 1;
    }
  }
  return 0;
}

int ra_redact_touches(const char *text, size_t len,
                      const char *const *secrets, size_t nsecrets)
{
  /* ra_redact changes text exactly when one of its rules matches it: until
   * one does, every rule reads the text unchanged. */
  size_t k;
  if(!text)
    return 0;
  for(k = 0; k < nsecrets; k++) {
    struct ra_buf enc;
    size_t sl = secrets[k] ? strlen(secrets[k]) : 0;
    int hit;
    if(!sl)
      continue;
    if(memmem(text, len, secrets[k], sl))
      return 1;
    ra_buf_init(&enc, RA_BUF_UNLIMITED);
    hit = !ra_urlenc_encode(&enc, secrets[k], sl, 0) && enc.len != sl &&
      memmem(text, len, enc.ptr, enc.len);
    ra_buf_free(&enc);
    if(hit)
      return 1;
  }
  return any_marker(text, len);
}
