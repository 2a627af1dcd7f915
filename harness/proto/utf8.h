/* UTF-8 and the RequesterFeedback text rules, shared by the reference server,
 * the runner's generators and the client examiner. */
#ifndef RA_PROTO_UTF8_H
#define RA_PROTO_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/code.h"

/* Strict validation (RFC 3629): no overlong forms, no surrogates
 * (U+D800..DFFF), nothing above U+10FFFF. On failure, *bad_offset (if not
 * NULL) is the byte offset of the first invalid sequence. */
int ra_utf8_valid(const char *s, size_t len, size_t *bad_offset);
/* Decodes the sequence at s (len > 0 bytes available): returns its length
 * (1..4) and sets *cp, or returns 0 when it is not strict UTF-8. */
size_t ra_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Counts of a VALID string: code points, UTF-16 code units. */
size_t ra_utf8_codepoints(const char *s, size_t len);
/* Byte length of the first max code points of a VALID string (len when it
 * has fewer). */
size_t ra_utf8_prefix_len(const char *s, size_t len, size_t max);
size_t ra_utf8_utf16_units(const char *s, size_t len);
/* Appends the UTF-8 encoding of a code point (RA_E_INVALID for surrogates
 * and values above U+10FFFF). */
ra_code ra_utf8_append(struct ra_buf *out, uint32_t cp);

/* Appends at most max bytes of s (len bytes from a peer) in a form that is
 * safe on a terminal and in a report: printable ASCII and (unless
 * RA_UTF8_ESCAPE_ASCII) valid UTF-8 printable characters are kept; C0
 * controls, DEL, the C1 controls U+0080..U+009F, invalid bytes and the
 * backslash become \xHH per byte, so no escape sequence survives. Returns
 * the number of bytes of s consumed (less than len when max was reached). */
#define RA_UTF8_ESCAPE_ASCII 1
size_t ra_utf8_escape(struct ra_buf *out, const char *s, size_t len,
                      size_t max, int flags);

/* Feedback rules of RejectAssignment (docs: up to 1024 characters including
 * multi-byte ones; ASCII 0-8, 11, 12, 14-31 are refused). */
#define RA_FEEDBACK_MAX_CHARS 1024

typedef enum {
  RA_FEEDBACK_OK = 0,
  RA_FEEDBACK_INVALID_UTF8,
  RA_FEEDBACK_CONTROL_CHAR,
  RA_FEEDBACK_TOO_LONG
} ra_feedback_verdict;

typedef enum {
  RA_LENGTH_CODEPOINTS = 0, /* the reference server's rule */
  RA_LENGTH_UTF16 = 1,
  RA_LENGTH_BYTES = 2
} ra_length_unit;

/* 1 for the bytes the docs forbid (0-8, 11, 12, 14-31), else 0. */
int ra_feedback_forbidden_byte(unsigned char c);
/* Checks UTF-8 validity, then forbidden control characters, then length in
 * the given unit against max_chars. */
ra_feedback_verdict ra_feedback_check(const char *s, size_t len,
                                      ra_length_unit unit, size_t max_chars);
const char *ra_feedback_verdict_name(ra_feedback_verdict v);

#endif
