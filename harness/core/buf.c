#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

void ra_buf_init(struct ra_buf *buf, size_t max)
{
  buf->ptr = NULL;
  buf->len = 0;
  buf->cap = 0;
  buf->max = max;
}

void ra_buf_free(struct ra_buf *buf)
{
  ra_free(buf->ptr);
  buf->ptr = NULL;
  buf->len = 0;
  buf->cap = 0;
}

void ra_buf_reset(struct ra_buf *buf)
{
  buf->len = 0;
  if(buf->ptr)
    buf->ptr[0] = '\0';
}

static ra_code buf_reserve(struct ra_buf *buf, size_t extra)
{
  size_t need;
  size_t cap;
  if(extra > buf->max || buf->len > buf->max - extra) {
    ra_buf_free(buf);
    return RA_E_TOO_LARGE;
  }
  need = buf->len + extra + 1;
  if(need <= buf->cap)
    return RA_OK;
  cap = buf->cap ? buf->cap : 64;
  while(cap < need)
    cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
  buf->ptr = ra_realloc(buf->ptr, cap);
  buf->cap = cap;
  return RA_OK;
}

ra_code ra_buf_add(struct ra_buf *buf, const void *mem, size_t len)
{
  ra_code result = buf_reserve(buf, len);
  if(result)
    return result;
  if(len)
    memcpy(buf->ptr + buf->len, mem, len);
  buf->len += len;
  buf->ptr[buf->len] = '\0';
  return RA_OK;
}

ra_code ra_buf_adds(struct ra_buf *buf, const char *str)
{
  return ra_buf_add(buf, str, strlen(str));
}

ra_code ra_buf_addc(struct ra_buf *buf, char c)
{
  return ra_buf_add(buf, &c, 1);
}

ra_code ra_buf_vaddf(struct ra_buf *buf, const char *fmt, va_list ap)
{
  va_list copy;
  int n;
  ra_code result;
  va_copy(copy, ap);
  n = vsnprintf(NULL, 0, fmt, copy);
  va_end(copy);
  if(n < 0)
    return RA_E_INVALID;
  result = buf_reserve(buf, (size_t)n);
  if(result)
    return result;
  vsnprintf(buf->ptr + buf->len, (size_t)n + 1, fmt, ap);
  buf->len += (size_t)n;
  return RA_OK;
}

ra_code ra_buf_addf(struct ra_buf *buf, const char *fmt, ...)
{
  va_list ap;
  ra_code result;
  va_start(ap, fmt);
  result = ra_buf_vaddf(buf, fmt, ap);
  va_end(ap);
  return result;
}

/* The put family: an unlimited buffer cannot pass its cap, and allocation
 * failure aborts in ra_realloc, so the only failure left is misuse. */
static void put_check(const struct ra_buf *buf, ra_code result)
{
  if(buf->max != RA_BUF_UNLIMITED) {
    fputs("raconform: ra_buf_put on a capped buffer "
          "(use ra_buf_add and check it)\n", stderr);
    abort();
  }
  if(result) {
    fprintf(stderr, "raconform: ra_buf_put: %s\n", ra_strerror(result));
    abort();
  }
}

void ra_buf_put(struct ra_buf *buf, const void *mem, size_t len)
{
  ra_code result = RA_OK;
  if(buf->max == RA_BUF_UNLIMITED)
    result = ra_buf_add(buf, mem, len);
  put_check(buf, result);
}

void ra_buf_puts(struct ra_buf *buf, const char *str)
{
  ra_buf_put(buf, str, strlen(str));
}

void ra_buf_putc(struct ra_buf *buf, char c)
{
  ra_buf_put(buf, &c, 1);
}

void ra_buf_vputf(struct ra_buf *buf, const char *fmt, va_list ap)
{
  ra_code result = RA_OK;
  if(buf->max == RA_BUF_UNLIMITED)
    result = ra_buf_vaddf(buf, fmt, ap);
  put_check(buf, result);
}

void ra_buf_putf(struct ra_buf *buf, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  ra_buf_vputf(buf, fmt, ap);
  va_end(ap);
}

const char *ra_buf_str(const struct ra_buf *buf)
{
  return buf->ptr ? buf->ptr : "";
}

char *ra_buf_take(struct ra_buf *buf, size_t *len_out)
{
  char *p = buf->ptr ? buf->ptr : ra_memdup0("", 0);
  if(len_out)
    *len_out = buf->len;
  buf->ptr = NULL;
  buf->len = 0;
  buf->cap = 0;
  return p;
}
