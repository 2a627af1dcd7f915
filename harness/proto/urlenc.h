/* Percent-encoding (RFC 3986) and form decoding.
 *
 * What we SEND never uses '+' for space: every byte outside the unreserved
 * set A-Z a-z 0-9 - _ . ~ becomes %XX with uppercase hex. What we PARSE
 * accepts both forms: '+' is a space in application/x-www-form-urlencoded
 * and in query strings (RA_URLENC_FORM), lowercase hex is accepted. */
#ifndef RA_PROTO_URLENC_H
#define RA_PROTO_URLENC_H

#include <stddef.h>

#include "core/buf.h"
#include "core/code.h"
#include "proto/param.h"

typedef enum {
  RA_URLENC_STRICT = 0, /* '+' stays '+' (SigV4 canonical forms) */
  RA_URLENC_FORM = 1    /* '+' decodes to a space */
} ra_urlenc_mode;

/* Appends the RFC 3986 encoding of bytes to out. With keep_slash, '/' is not
 * encoded (SigV4 canonical URI). */
ra_code ra_urlenc_encode(struct ra_buf *out, const char *bytes, size_t len,
                         int keep_slash);
/* Decodes bytes into out. A '%' not followed by two hex digits is
 * RA_E_PARSE. The output may contain any byte (including NUL). */
ra_code ra_urlenc_decode(struct ra_buf *out, const char *bytes, size_t len,
                         ra_urlenc_mode mode);
/* Parses "a=1&b=2" (query or form body) into params, in wire order, keeping
 * duplicates and empty values ("a" alone is a=""). Empty segments ("&&")
 * are skipped. At most max_params parameters (RA_E_TOO_LARGE past it). */
ra_code ra_urlenc_parse_query(struct ra_params *out, const char *bytes,
                              size_t len, ra_urlenc_mode mode,
                              size_t max_params);
/* Serializes params as name=value&... with ra_urlenc_encode, in list order. */
ra_code ra_urlenc_build_query(struct ra_buf *out,
                              const struct ra_params *params);

#endif
