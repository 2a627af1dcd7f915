/* The one redactor: rules in redact.h. */
#define _GNU_SOURCE /* memmem */
#include "proto/redact.h"

#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "proto/urlenc.h"

#define MASK "[REDACTED]"

/* Every occurrence of needle in s replaced by MASK; takes s. A text without
 * one (the common case, megabyte bodies included) is returned as it is. */
static char *mask_all(char *s, size_t *len, const char *needle, size_t nl)
{
  struct ra_buf b;
  size_t i = 0;
  const char *hit;
  if(!nl || !memmem(s, *len, needle, nl))
    return s;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  while(i < *len && (hit = memmem(s + i, *len - i, needle, nl)) != NULL) {
    size_t at = (size_t)(hit - s);
    (void)ra_buf_add(&b, s + i, at - i);
    (void)ra_buf_adds(&b, MASK);
    i = at + nl;
  }
  (void)ra_buf_add(&b, s + i, *len - i);
  ra_free(s);
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

/* The value after each marker (blanks after it kept) up to a stop
 * character replaced by MASK; takes s. */
static char *mask_after(char *s, size_t *len, const char *marker,
                        const char *stops)
{
  struct ra_buf b;
  size_t ml = strlen(marker);
  size_t i = 0;
  if(find_ci(s, *len, 0, marker) >= *len)
    return s;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  while(i < *len) {
    size_t at = find_ci(s, *len, i, marker);
    size_t end;
    (void)ra_buf_add(&b, s + i, at - i);
    if(at >= *len)
      break;
    (void)ra_buf_add(&b, s + at, ml);
    at += ml;
    end = at;
    while(end < *len && s[end] == ' ')
      end++;
    (void)ra_buf_add(&b, s + at, end - at);
    while(end < *len && !strchr(stops, s[end]))
      end++;
    (void)ra_buf_adds(&b, MASK);
    i = end;
  }
  ra_free(s);
  return ra_buf_take(&b, len);
}

char *ra_redact(const char *text, size_t len, const char *const *secrets,
                size_t nsecrets, size_t *out_len)
{
  static const struct {
    const char *marker;
    const char *stops;
  } rules[] = {
    {"Authorization:", "\r\n'\""},
    {"X-Amz-Security-Token:", "\r\n'\""},
    {"Signature=", "&\r\n'\" <"},
    {"Signature%3D", "&\r\n'\" <"}
  };
  size_t cur_len = text ? len : 0;
  char *cur = ra_memdup0(text ? text : "", cur_len);
  size_t k;
  for(k = 0; k < nsecrets; k++) {
    struct ra_buf enc;
    size_t sl = secrets[k] ? strlen(secrets[k]) : 0;
    if(!sl)
      continue;
    cur = mask_all(cur, &cur_len, secrets[k], sl);
    /* as it travels in a query string or form body */
    ra_buf_init(&enc, RA_BUF_UNLIMITED);
    if(!ra_urlenc_encode(&enc, secrets[k], sl, 0) && enc.len != sl)
      cur = mask_all(cur, &cur_len, enc.ptr, enc.len);
    ra_buf_free(&enc);
  }
  for(k = 0; k < sizeof(rules) / sizeof(rules[0]); k++)
    cur = mask_after(cur, &cur_len, rules[k].marker, rules[k].stops);
  if(out_len)
    *out_len = cur_len;
  return cur;
}
