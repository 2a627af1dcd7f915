/* Value generators: literal strings and the generator objects of
 * docs/cases.md, evaluated to bytes (or to JSON string text for json-2017
 * bodies, where `uescape` parts must stay verbatim). */
#include "runner/value.h"

#include <stdint.h>
#include <string.h>

#include "core/alloc.h"
#include "proto/utf8.h"

struct ra_value *ra_value_new(ra_value_kind kind)
{
  struct ra_value *v = ra_calloc(1, sizeof(*v));
  v->kind = kind;
  return v;
}

void ra_value_free(struct ra_value *v)
{
  size_t i;
  if(!v)
    return;
  for(i = 0; i < v->nitems; i++)
    ra_value_free(v->items[i]);
  ra_free(v->items);
  ra_value_free(v->inner);
  ra_free(v->text);
  ra_free(v);
}

/* Appends inner's output count times: evaluated once, then copied, so a
 * million repetitions of a ref cost one callback. */
static ra_code repeat_into(struct ra_buf *out, const char *piece, size_t len,
                           unsigned long count)
{
  ra_code result = RA_OK;
  unsigned long i;
  for(i = 0; i < count && !result; i++)
    result = ra_buf_add(out, piece, len);
  return result;
}

static ra_code eval_any(const struct ra_value *v, const struct ra_value_ctx *ctx,
                        int json, ra_json_escape escape, struct ra_buf *out);

static ra_code eval_ref(const struct ra_value *v, const struct ra_value_ctx *ctx,
                        struct ra_buf *out)
{
  if(!ctx || !ctx->resolve_ref)
    return RA_E_NOT_FOUND;
  return ctx->resolve_ref(ctx->userp, v->text, out);
}

/* For json output, every leaf except uescape is evaluated to bytes first
 * (so `lower` and `repeat` act on bytes), then escaped. */
static ra_code eval_any(const struct ra_value *v, const struct ra_value_ctx *ctx,
                        int json, ra_json_escape escape, struct ra_buf *out)
{
  ra_code result = RA_OK;
  struct ra_buf tmp;
  size_t i;

  if(json && !ra_value_has_uescape(v)) {
    ra_buf_init(&tmp, out->max);
    result = eval_any(v, ctx, 0, escape, &tmp);
    if(!result)
      result = ra_request_json_escape(out, ra_buf_str(&tmp), tmp.len, escape);
    ra_buf_free(&tmp);
    return result;
  }

  switch(v->kind) {
  case RA_VALUE_STRING:
  case RA_VALUE_HEX:
    return ra_buf_add(out, v->text, v->text_len);
  case RA_VALUE_REF:
    return eval_ref(v, ctx, out);
  case RA_VALUE_UESCAPE:
    if(!json)
      return RA_E_UNSUPPORTED;
    return ra_buf_add(out, v->text, v->text_len);
  case RA_VALUE_CONCAT:
    for(i = 0; i < v->nitems && !result; i++)
      result = eval_any(v->items[i], ctx, json, escape, out);
    return result;
  case RA_VALUE_REPEAT:
    ra_buf_init(&tmp, out->max);
    result = eval_any(v->inner, ctx, json, escape, &tmp);
    if(!result)
      result = repeat_into(out, ra_buf_str(&tmp), tmp.len, v->count);
    ra_buf_free(&tmp);
    return result;
  case RA_VALUE_LOWER: {
    size_t start = out->len;
    result = eval_any(v->inner, ctx, json, escape, out);
    /* In JSON text this also lowers escape letters (\u00C9 -> \u00c9),
     * which JSON treats alike. */
    for(i = start; !result && i < out->len; i++) {
      if(out->ptr[i] >= 'A' && out->ptr[i] <= 'Z')
        out->ptr[i] = (char)(out->ptr[i] - 'A' + 'a');
    }
    return result;
  }
  case RA_VALUE_CHOP: {
    size_t start = out->len;
    result = eval_any(v->inner, ctx, json, escape, out);
    if(!result && out->len > start) {
      out->len--;
      out->ptr[out->len] = '\0';
    }
    return result;
  }
  }
  return RA_E_INTERNAL;
}

ra_code ra_value_eval(const struct ra_value *v, const struct ra_value_ctx *ctx,
                      struct ra_buf *out)
{
  return eval_any(v, ctx, 0, RA_JSON_ESCAPE_ASCII, out);
}

ra_code ra_value_eval_json(const struct ra_value *v,
                           const struct ra_value_ctx *ctx,
                           ra_json_escape escape, struct ra_buf *out)
{
  return eval_any(v, ctx, 1, escape, out);
}

int ra_value_has_uescape(const struct ra_value *v)
{
  size_t i;
  if(!v)
    return 0;
  if(v->kind == RA_VALUE_UESCAPE)
    return 1;
  for(i = 0; i < v->nitems; i++) {
    if(ra_value_has_uescape(v->items[i]))
      return 1;
  }
  return ra_value_has_uescape(v->inner);
}

int ra_value_has_ref(const struct ra_value *v, const char *name)
{
  size_t i;
  if(!v)
    return 0;
  if(v->kind == RA_VALUE_REF && (!name || !strcmp(v->text, name)))
    return 1;
  for(i = 0; i < v->nitems; i++) {
    if(ra_value_has_ref(v->items[i], name))
      return 1;
  }
  return ra_value_has_ref(v->inner, name);
}

long long ra_value_static_len(const struct ra_value *v)
{
  long long total = 0, part;
  size_t i;
  switch(v->kind) {
  case RA_VALUE_STRING:
  case RA_VALUE_HEX:
  case RA_VALUE_UESCAPE:
    return (long long)v->text_len;
  case RA_VALUE_REF:
    return -1;
  case RA_VALUE_LOWER:
    return ra_value_static_len(v->inner);
  case RA_VALUE_CHOP:
    part = ra_value_static_len(v->inner);
    return part <= 0 ? part : part - 1;
  case RA_VALUE_REPEAT:
    part = ra_value_static_len(v->inner);
    return part < 0 ? -1 : part * (long long)v->count;
  case RA_VALUE_CONCAT:
    for(i = 0; i < v->nitems; i++) {
      part = ra_value_static_len(v->items[i]);
      if(part < 0)
        return -1;
      total += part;
    }
    return total;
  }
  return -1;
}

#define DESCRIBE_MAX_SHOWN 40

/* Quotes bytes for people: printable ASCII and valid UTF-8 as they are,
 * anything else as \xNN; long strings are cut with their length. */
static ra_code describe_bytes(struct ra_buf *out, const char *s, size_t len)
{
  ra_code result = ra_buf_addc(out, '\'');
  size_t i = 0, shown = 0;
  while(!result && i < len && shown < DESCRIBE_MAX_SHOWN) {
    unsigned char c = (unsigned char)s[i];
    uint32_t cp = 0;
    /* A printable non-ASCII character is shown as is, anything else as
     * \xNN. */
    size_t n = c >= 0x80 ? ra_utf8_decode(s + i, len - i, &cp) : 0;
    if(c >= 0x20 && c < 0x7F) {
      result = c == '\'' ? ra_buf_adds(out, "\\'") : ra_buf_addc(out, (char)c);
      i++;
    }
    else if(n && cp >= 0xA0) {
      result = ra_buf_add(out, s + i, n);
      i += n;
    }
    else {
      result = ra_buf_addf(out, "\\x%02x", c);
      i++;
    }
    shown++;
  }
  if(!result && i < len)
    result = ra_buf_adds(out, "...");
  if(!result)
    result = ra_buf_addc(out, '\'');
  if(!result && i < len)
    result = ra_buf_addf(out, " (%zu bytes)", len);
  return result;
}

ra_code ra_value_describe(struct ra_buf *out, const struct ra_value *v)
{
  ra_code result = RA_OK;
  size_t i;
  long long n;
  switch(v->kind) {
  case RA_VALUE_STRING:
    return describe_bytes(out, v->text, v->text_len);
  case RA_VALUE_HEX:
    result = ra_buf_adds(out, "hex ");
    for(i = 0; !result && i < v->text_len && i < DESCRIBE_MAX_SHOWN / 2; i++)
      result = ra_buf_addf(out, "%02x", (unsigned char)v->text[i]);
    if(!result && i < v->text_len)
      result = ra_buf_adds(out, "...");
    if(!result)
      result = ra_buf_addf(out, " (%zu byte%s)", v->text_len,
                           v->text_len == 1 ? "" : "s");
    return result;
  case RA_VALUE_REF:
    if(!strcmp(v->text, "assignment"))
      return ra_buf_adds(out, "the fixture's AssignmentId");
    return ra_buf_addf(out, "ref '%s'", v->text);
  case RA_VALUE_UESCAPE:
    result = ra_buf_adds(out, "JSON text ");
    if(!result)
      result = describe_bytes(out, v->text, v->text_len);
    return result;
  case RA_VALUE_LOWER:
    result = ra_buf_adds(out, "lower-case of ");
    if(!result)
      result = ra_value_describe(out, v->inner);
    return result;
  case RA_VALUE_CHOP:
    result = ra_buf_adds(out, "all but the last character of ");
    if(!result)
      result = ra_value_describe(out, v->inner);
    return result;
  case RA_VALUE_CONCAT:
    if(!v->nitems)
      return ra_buf_adds(out, "''");
    for(i = 0; i < v->nitems && !result; i++) {
      if(i)
        result = ra_buf_adds(out, " + ");
      if(!result)
        result = ra_value_describe(out, v->items[i]);
    }
    return result;
  case RA_VALUE_REPEAT:
    result = ra_buf_addf(out, "%lu \xc3\x97 ", v->count);
    if(!result) {
      int group = v->inner->kind == RA_VALUE_CONCAT && v->inner->nitems > 1;
      if(group)
        result = ra_buf_addc(out, '(');
      if(!result)
        result = ra_value_describe(out, v->inner);
      if(!result && group)
        result = ra_buf_addc(out, ')');
    }
    n = ra_value_static_len(v);
    if(!result && n >= 0 && v->inner->kind != RA_VALUE_UESCAPE)
      result = ra_buf_addf(out, " (%lld byte%s)", n, n == 1 ? "" : "s");
    return result;
  }
  return RA_E_INTERNAL;
}
