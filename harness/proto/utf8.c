#include "proto/utf8.h"

size_t ra_utf8_decode(const char *str, size_t len, uint32_t *cp)
{
  const unsigned char *s = (const unsigned char *)str;
  unsigned char c = s[0];
  size_t n;
  uint32_t v;
  uint32_t min;
  size_t i;
  if(c < 0x80) {
    *cp = c;
    return 1;
  }
  if(c >= 0xC2 && c <= 0xDF) {
    n = 2;
    v = c & 0x1F;
    min = 0x80;
  }
  else if(c >= 0xE0 && c <= 0xEF) {
    n = 3;
    v = c & 0x0F;
    min = 0x800;
  }
  else if(c >= 0xF0 && c <= 0xF4) {
    n = 4;
    v = c & 0x07;
    min = 0x10000;
  }
  else
    return 0;
  if(len < n)
    return 0;
  for(i = 1; i < n; i++) {
    if((s[i] & 0xC0) != 0x80)
      return 0;
    v = (v << 6) | (s[i] & 0x3F);
  }
  if(v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
    return 0;
  *cp = v;
  return n;
}

int ra_utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
  size_t i = 0;
  while(i < len) {
    uint32_t cp;
    size_t n = ra_utf8_decode(s + i, len - i, &cp);
    if(!n) {
      if(bad_offset)
        *bad_offset = i;
      return 0;
    }
    i += n;
  }
  return 1;
}

size_t ra_utf8_escape(struct ra_buf *out, const char *s, size_t len,
                      size_t max, int flags)
{
  size_t i = 0, start = out->len;
  while(i < len) {
    uint32_t cp = 0;
    size_t n = ra_utf8_decode(s + i, len - i, &cp);
    int keep = n && cp != '\\' && cp >= 0x20 && cp != 0x7f &&
               !(cp >= 0x80 && cp <= 0x9f) &&
               !(cp >= 0x80 && (flags & RA_UTF8_ESCAPE_ASCII));
    size_t need = keep ? n : 4;
    if(out->len - start + need > max)
      break;
    if(keep)
      ra_buf_put(out, s + i, n);
    else {
      ra_buf_putf(out, "\\x%02X", (unsigned char)s[i]);
      n = 1;
    }
    i += n;
  }
  return i;
}

size_t ra_utf8_codepoints(const char *s, size_t len)
{
  size_t i;
  size_t n = 0;
  for(i = 0; i < len; i++) {
    if(((unsigned char)s[i] & 0xC0) != 0x80)
      n++;
  }
  return n;
}

size_t ra_utf8_prefix_len(const char *s, size_t len, size_t max)
{
  size_t i = 0;
  size_t n = 0;
  while(i < len && n < max) {
    i++;
    while(i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
      i++;
    n++;
  }
  return i;
}

size_t ra_utf8_utf16_units(const char *s, size_t len)
{
  size_t i;
  size_t n = 0;
  for(i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if((c & 0xC0) != 0x80)
      n += c >= 0xF0 ? 2 : 1;
  }
  return n;
}

ra_code ra_utf8_append(struct ra_buf *out, uint32_t cp)
{
  char b[4];
  size_t n;
  if(cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return RA_E_INVALID;
  if(cp < 0x80) {
    b[0] = (char)cp;
    n = 1;
  }
  else if(cp < 0x800) {
    b[0] = (char)(0xC0 | (cp >> 6));
    b[1] = (char)(0x80 | (cp & 0x3F));
    n = 2;
  }
  else if(cp < 0x10000) {
    b[0] = (char)(0xE0 | (cp >> 12));
    b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    b[2] = (char)(0x80 | (cp & 0x3F));
    n = 3;
  }
  else {
    b[0] = (char)(0xF0 | (cp >> 18));
    b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    b[3] = (char)(0x80 | (cp & 0x3F));
    n = 4;
  }
  return ra_buf_add(out, b, n);
}

int ra_feedback_forbidden_byte(unsigned char c)
{
  return c <= 8 || c == 11 || c == 12 || (c >= 14 && c <= 31);
}

ra_feedback_verdict ra_feedback_check(const char *s, size_t len,
                                      ra_length_unit unit, size_t max_chars)
{
  size_t i;
  size_t n;
  if(!ra_utf8_valid(s, len, NULL))
    return RA_FEEDBACK_INVALID_UTF8;
  for(i = 0; i < len; i++) {
    if(ra_feedback_forbidden_byte((unsigned char)s[i]))
      return RA_FEEDBACK_CONTROL_CHAR;
  }
  if(unit == RA_LENGTH_UTF16)
    n = ra_utf8_utf16_units(s, len);
  else if(unit == RA_LENGTH_BYTES)
    n = len;
  else
    n = ra_utf8_codepoints(s, len);
  return n > max_chars ? RA_FEEDBACK_TOO_LONG : RA_FEEDBACK_OK;
}

const char *ra_feedback_verdict_name(ra_feedback_verdict v)
{
  switch(v) {
  case RA_FEEDBACK_OK:
    return "ok";
  case RA_FEEDBACK_INVALID_UTF8:
    return "invalid-utf8";
  case RA_FEEDBACK_CONTROL_CHAR:
    return "control-char";
  case RA_FEEDBACK_TOO_LONG:
    return "too-long";
  }
  return "unknown";
}
