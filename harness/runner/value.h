/* Request parameter values of a case: a literal string or a generator
 * (repeat, hex, concat, ref, lower, uescape; docs/cases.md "Values").
 *
 * A struct ra_value is a tree owned by its parent (the case); ra_value_free
 * frees the whole tree. ra_value_parse reads one from a case file;
 * evaluation turns it into bytes; `ref` names are
 * resolved through the caller's callback (the executor knows the fixture). */
#ifndef RA_RUNNER_VALUE_H
#define RA_RUNNER_VALUE_H

#include <stddef.h>

#include "core/buf.h"
#include "core/code.h"
#include "core/jsonpos.h"
#include "proto/request.h"

typedef enum {
  RA_VALUE_STRING = 0, /* bytes: the JSON string's UTF-8 */
  RA_VALUE_REPEAT,     /* inner repeated count times */
  RA_VALUE_HEX,        /* bytes: the decoded hex (any byte) */
  RA_VALUE_CONCAT,     /* items one after another */
  RA_VALUE_REF,        /* bytes resolved by the callback; text is the name */
  RA_VALUE_LOWER,      /* inner with ASCII letters lower-cased */
  RA_VALUE_UESCAPE,    /* text placed verbatim inside a JSON string */
  RA_VALUE_CHOP        /* inner without its last byte */
} ra_value_kind;

#define RA_VALUE_MAX_COUNT 1000000UL

struct ra_value {
  ra_value_kind kind;
  char *text;              /* STRING/HEX: bytes; REF: name; UESCAPE: JSON text */
  size_t text_len;
  struct ra_value *inner;  /* REPEAT, LOWER */
  unsigned long count;     /* REPEAT: 0..RA_VALUE_MAX_COUNT */
  struct ra_value **items; /* CONCAT */
  size_t nitems;
};

/* Resolves a `ref` name ("assignment") by appending its bytes to out.
 * Returns RA_E_NOT_FOUND for a name it does not know. */
typedef ra_code (*ra_value_ref_fn)(void *userp, const char *name,
                                   struct ra_buf *out);

struct ra_value_ctx {
  ra_value_ref_fn resolve_ref; /* NULL: every ref fails with RA_E_NOT_FOUND */
  void *userp;
};

/* Appends the bytes of v to out. A `uescape` part cannot be turned into
 * bytes faithfully (it may hold lone surrogates), so it gives
 * RA_E_UNSUPPORTED: callers use ra_value_eval_json for those values. */
ra_code ra_value_eval(const struct ra_value *v, const struct ra_value_ctx *ctx,
                      struct ra_buf *out);
/* Appends v as the CONTENT of a JSON string (no quotes): ordinary bytes are
 * escaped in the given form (`"`, `\\`, controls always escaped; ASCII form
 * also escapes non-ASCII as \uXXXX and surrogate pairs and needs valid UTF-8,
 * else RA_E_INVALID; UTF-8 form copies other bytes as they are), and
 * `uescape` text is copied verbatim. */
ra_code ra_value_eval_json(const struct ra_value *v,
                           const struct ra_value_ctx *ctx,
                           ra_json_escape escape, struct ra_buf *out);
/* 1 when v or a part of it is a `uescape` generator. */
int ra_value_has_uescape(const struct ra_value *v);
/* 1 when v or a part of it is a `ref` to name (NULL: any ref). */
int ra_value_has_ref(const struct ra_value *v, const char *name);
/* A short human description: "'abc'", "1025 × 'é' (2050 bytes)",
 * "hex c3a9 (2 bytes)", "the fixture's AssignmentId", ... */
ra_code ra_value_describe(struct ra_buf *out, const struct ra_value *v);
/* The byte length when known without refs (refs count as unknown: -1). */
long long ra_value_static_len(const struct ra_value *v);

/* Parses the JSON value j at doc->path (a string or a generator object)
 * into a new tree (*out, the caller's). has_fixture: whether the case has a
 * fixture, which {"ref": "assignment"} needs. Errors at exact
 * file:line:column in doc->err. */
ra_code ra_value_parse(struct ra_jsonpos_doc *doc, json_t *j, int has_fixture,
                       struct ra_value **out);

struct ra_value *ra_value_new(ra_value_kind kind);
void ra_value_free(struct ra_value *v);

#endif
