/* raconform result codes: one append-only table, 0 is success.
 * Fallible functions return ra_code; the local holding one is `result`. */
#ifndef RA_CORE_CODE_H
#define RA_CORE_CODE_H

/* X(name, message). Append only: values are part of logs and tests. */
#define RA_CODE_TABLE(X)                                                     \
  X(RA_OK, "no error")                                                       \
  X(RA_E_USAGE, "usage error")                                               \
  X(RA_E_PARSE, "malformed input")                                           \
  X(RA_E_IO, "input/output error")                                           \
  X(RA_E_TOO_LARGE, "input exceeds its size limit")                          \
  X(RA_E_INVALID, "invalid value")                                           \
  X(RA_E_NOT_FOUND, "not found")                                             \
  X(RA_E_CONNECT, "could not connect")                                       \
  X(RA_E_TIMEOUT, "timed out")                                               \
  X(RA_E_TRANSPORT, "transport error")                                       \
  X(RA_E_PROTOCOL, "protocol violation")                                     \
  X(RA_E_SIGNATURE, "signature mismatch")                                    \
  X(RA_E_STATE, "invalid state")                                             \
  X(RA_E_CRYPTO, "cryptographic library error")                              \
  X(RA_E_UNSUPPORTED, "not supported")                                       \
  X(RA_E_INTERNAL, "internal error")                                         \
  X(RA_E_CONFIG, "configuration error")                                      \
  X(RA_E_REFUSED, "refused")

typedef enum {
#define RA_CODE_ENUM(name, msg) name,
  RA_CODE_TABLE(RA_CODE_ENUM)
#undef RA_CODE_ENUM
  RA_CODE_COUNT
} ra_code;

/* Static strings, never NULL: for a value outside the table ra_code_name()
 * gives "RA_E_UNKNOWN" and ra_strerror() "unknown code". */
const char *ra_code_name(ra_code code);
const char *ra_strerror(ra_code code);

#endif
