#include "proto/urlenc.h"

#include <string.h>

static int is_unreserved(unsigned char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
         c == '~';
}

static int hexval(unsigned char c)
{
  if(c >= '0' && c <= '9')
    return c - '0';
  if(c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  if(c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

ra_code ra_urlenc_encode(struct ra_buf *out, const char *bytes, size_t len,
                         int keep_slash)
{
  static const char hex[] = "0123456789ABCDEF";
  size_t i;
  ra_code result = RA_OK;
  for(i = 0; i < len && !result; i++) {
    unsigned char c = (unsigned char)bytes[i];
    if(is_unreserved(c) || (keep_slash && c == '/'))
      result = ra_buf_addc(out, (char)c);
    else {
      char esc[3];
      esc[0] = '%';
      esc[1] = hex[c >> 4];
      esc[2] = hex[c & 0x0F];
      result = ra_buf_add(out, esc, 3);
    }
  }
  return result;
}

ra_code ra_urlenc_decode(struct ra_buf *out, const char *bytes, size_t len,
                         ra_urlenc_mode mode)
{
  size_t i;
  ra_code result = RA_OK;
  /* An empty decode still yields a valid (empty) C string. */
  result = ra_buf_add(out, "", 0);
  for(i = 0; i < len && !result; i++) {
    unsigned char c = (unsigned char)bytes[i];
    if(c == '%') {
      int hi;
      int lo;
      if(len - i < 3)
        return RA_E_PARSE;
      hi = hexval((unsigned char)bytes[i + 1]);
      lo = hexval((unsigned char)bytes[i + 2]);
      if(hi < 0 || lo < 0)
        return RA_E_PARSE;
      result = ra_buf_addc(out, (char)((hi << 4) | lo));
      i += 2;
    }
    else if(c == '+' && mode == RA_URLENC_FORM)
      result = ra_buf_addc(out, ' ');
    else
      result = ra_buf_addc(out, (char)c);
  }
  return result;
}

ra_code ra_urlenc_parse_query(struct ra_params *out, const char *bytes,
                              size_t len, ra_urlenc_mode mode,
                              size_t max_params)
{
  size_t pos = 0;
  size_t n = 0;
  ra_code result = RA_OK;
  struct ra_buf name;
  struct ra_buf value;
  ra_buf_init(&name, RA_BUF_UNLIMITED);
  ra_buf_init(&value, RA_BUF_UNLIMITED);
  while(pos < len) {
    const char *seg = bytes + pos;
    const char *amp = memchr(seg, '&', len - pos);
    size_t seglen = amp ? (size_t)(amp - seg) : len - pos;
    const char *eq;
    pos += seglen + 1;
    if(!seglen)
      continue;
    if(n >= max_params) {
      result = RA_E_TOO_LARGE;
      goto done;
    }
    eq = memchr(seg, '=', seglen);
    ra_buf_reset(&name);
    ra_buf_reset(&value);
    result = ra_urlenc_decode(&name, seg, eq ? (size_t)(eq - seg) : seglen,
                              mode);
    if(!result && eq)
      result = ra_urlenc_decode(&value, eq + 1,
                                seglen - (size_t)(eq - seg) - 1, mode);
    if(result)
      goto done;
    ra_params_add(out, ra_buf_str(&name), ra_buf_str(&value), value.len);
    n++;
  }
done:
  ra_buf_free(&name);
  ra_buf_free(&value);
  return result;
}

ra_code ra_urlenc_build_query(struct ra_buf *out,
                              const struct ra_params *params)
{
  size_t i;
  ra_code result = RA_OK;
  for(i = 0; i < params->count && !result; i++) {
    const struct ra_param *p = &params->items[i];
    if(i)
      result = ra_buf_addc(out, '&');
    if(!result)
      result = ra_urlenc_encode(out, p->name, strlen(p->name), 0);
    if(!result)
      result = ra_buf_addc(out, '=');
    if(!result)
      result = ra_urlenc_encode(out, p->value, p->value_len, 0);
  }
  return result;
}
