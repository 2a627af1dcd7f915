/* The one redactor (SPEC §6: secrets, signatures and Authorization headers
 * never appear in any report or log). Every report, wire log, reproducer,
 * recording and examiner transcript goes through ra_redact; there is no
 * other copy of these rules.
 *
 * It replaces with "[REDACTED]":
 *   - every occurrence of each secret given, raw and percent-encoded;
 *   - the value after "Authorization:" and "X-Amz-Security-Token:" (any
 *     case), up to the end of the line or a quote;
 *   - the value after "Signature=" (so X-Amz-Signature= too) and its
 *     percent-encoded form "Signature%3D", up to '&', a blank, '<', a quote
 *     or the end of the line.
 * Over-redaction (the same words inside a feedback text) is accepted: a
 * report may lose a few bytes, never leak a secret. */
#ifndef RA_PROTO_REDACT_H
#define RA_PROTO_REDACT_H

#include <stddef.h>

/* A new NUL-terminated copy of text[0..len) with the rules above applied
 * (caller frees); its length in *out_len when not NULL. secrets may hold
 * NULL or empty entries (skipped). */
char *ra_redact(const char *text, size_t len, const char *const *secrets,
                size_t nsecrets, size_t *out_len);
/* 0 when ra_redact returns text unchanged (no rule matches it), else 1:
 * lets a caller skip copying a megabyte body no rule touches. */
int ra_redact_touches(const char *text, size_t len,
                      const char *const *secrets, size_t nsecrets);

#endif
