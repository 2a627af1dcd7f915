/* A growable byte buffer (after curl's dynbuf).
 *
 * Contract:
 * - the content is always NUL-terminated (ptr may be NULL while empty: use
 *   ra_buf_str() for a C string);
 * - `max` caps the length; an append that would pass it returns
 *   RA_E_TOO_LARGE and FREES the buffer (a failed append leaves nothing
 *   half-built behind);
 * - ra_buf_take() transfers ownership of the bytes to the caller and leaves
 *   the buffer empty and reusable.
 *
 * Two kinds of append (curl's dynbuf contract, decided for issue 15):
 * - ra_buf_add*() can fail (a capped buffer passing `max`, or a format
 *   error): they return ra_code and are marked warn_unused_result, so the
 *   compiler makes every caller check;
 * - ra_buf_put*() cannot fail and return nothing: they are for buffers made
 *   with RA_BUF_UNLIMITED only (calling one on a capped buffer aborts, as
 *   allocation failure does everywhere), so code that builds text in an
 *   unlimited buffer carries no error path it could never take. */
#ifndef RA_CORE_BUF_H
#define RA_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "core/code.h"

#if defined(__GNUC__)
#define RA_WARN_UNUSED_RESULT __attribute__((warn_unused_result))
#else
#define RA_WARN_UNUSED_RESULT
#endif

#define RA_BUF_UNLIMITED ((size_t)-1)

struct ra_buf {
  char *ptr;
  size_t len;
  size_t cap;
  size_t max;
};

void ra_buf_init(struct ra_buf *buf, size_t max);
void ra_buf_free(struct ra_buf *buf);
/* Empties the buffer, keeping its memory. */
void ra_buf_reset(struct ra_buf *buf);
ra_code ra_buf_add(struct ra_buf *buf, const void *mem, size_t len)
  RA_WARN_UNUSED_RESULT;
ra_code ra_buf_adds(struct ra_buf *buf, const char *str) RA_WARN_UNUSED_RESULT;
ra_code ra_buf_addc(struct ra_buf *buf, char c) RA_WARN_UNUSED_RESULT;
ra_code ra_buf_addf(struct ra_buf *buf, const char *fmt, ...)
  __attribute__((format(printf, 2, 3))) RA_WARN_UNUSED_RESULT;
ra_code ra_buf_vaddf(struct ra_buf *buf, const char *fmt, va_list ap)
  __attribute__((format(printf, 2, 0))) RA_WARN_UNUSED_RESULT;
/* The appends that cannot fail, for RA_BUF_UNLIMITED buffers only. */
void ra_buf_put(struct ra_buf *buf, const void *mem, size_t len);
void ra_buf_puts(struct ra_buf *buf, const char *str);
void ra_buf_putc(struct ra_buf *buf, char c);
void ra_buf_putf(struct ra_buf *buf, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));
void ra_buf_vputf(struct ra_buf *buf, const char *fmt, va_list ap)
  __attribute__((format(printf, 2, 0)));
/* Returns the content (never NULL; "" when empty). Borrowed. */
const char *ra_buf_str(const struct ra_buf *buf);
/* Returns the content as a new string (never NULL); the buffer is emptied. */
char *ra_buf_take(struct ra_buf *buf, size_t *len_out);

#endif
