/* Value generators: literal strings and the generator objects of
 * docs/cases.md, evaluated to bytes (or to JSON string text for json-2017
 * bodies, where `uescape` parts must stay verbatim). */
#include "runner/value.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
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

/* ---- parsing (docs/cases.md "Values") ------------------------------------ */

#define fail(p, ...) ra_jsonpos_fail((p), NULL, RA_JSONPOS_VALUE, __VA_ARGS__)
#define fail_key(p, key, ...) \
  ra_jsonpos_fail((p), (key), RA_JSONPOS_KEY, __VA_ARGS__)
#define fail_val(p, key, ...) \
  ra_jsonpos_fail((p), (key), RA_JSONPOS_VALUE, __VA_ARGS__)

static const char *generator_list(char *buf, size_t len,
                                  const char *const *names)
{
  ra_jsonpos_join_names(buf, len, names);
  return buf;
}

static int is_hex(int c)
{
  return isxdigit((unsigned char)c);
}

/* uescape text must be valid inside a JSON string: no raw '"' or control
 * characters, only JSON escapes. */
static const char *check_uescape(const char *s, size_t len)
{
  size_t i;
  for(i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if(c == '"')
      return "an unescaped '\"'";
    if(c < 0x20)
      return "a raw control character";
    if(c == '\\') {
      if(i + 1 >= len)
        return "a '\\' at the end";
      c = (unsigned char)s[++i];
      if(c == 'u') {
        if(i + 4 >= len + 0 || !is_hex(s[i + 1]) || !is_hex(s[i + 2]) ||
           !is_hex(s[i + 3]) || !is_hex(s[i + 4]))
          return "a '\\u' without four hex digits";
        i += 4;
      }
      else if(!strchr("\"\\/bfnrt", c))
        return "an escape JSON does not have";
    }
  }
  return NULL;
}

static ra_code parse_at_key(struct ra_jsonpos_doc *p, json_t *obj,
                            const char *key, int has_fixture,
                            struct ra_value **out)
{
  ra_code result;
  ra_jsonpos_push_key(&p->path, key);
  result = ra_value_parse(p, json_object_get(obj, key), has_fixture, out);
  ra_jsonpos_pop(&p->path);
  return result;
}

ra_code ra_value_parse(struct ra_jsonpos_doc *p, json_t *j, int has_fixture,
                       struct ra_value **out)
{
  static const char *const generators[] = {"repeat", "hex", "concat", "ref",
                                           "lower", "uescape", "chop",
                                           NULL};
  static const char *const repeat_keys[] = {"repeat", "count", NULL};
  ra_code result = RA_OK;
  struct ra_value *v = NULL;
  const char *key, *gen = NULL;
  json_t *val;
  size_t i;
  char list[200]; /* the generator names, joined only for a message */

  *out = NULL;
  if(json_is_string(j)) {
    v = ra_value_new(RA_VALUE_STRING);
    v->text = ra_memdup0(json_string_value(j), json_string_length(j));
    v->text_len = json_string_length(j);
    *out = v;
    return RA_OK;
  }
  if(!json_is_object(j))
    return fail(p, "a value must be a string or a generator object (%s), "
                "not %s", generator_list(list, sizeof(list), generators),
                ra_jsonpos_kind(j));
  json_object_foreach(j, key, val) {
    if(ra_jsonpos_name_index(generators, key) >= 0) {
      if(gen)
        return fail_key(p, key, "a generator has one of %s, not both '%s' "
                        "and '%s'", generator_list(list, sizeof(list), generators),
                        gen, key);
      gen = key;
    }
  }
  if(!gen)
    return fail(p, "a generator object needs one of %s",
                generator_list(list, sizeof(list), generators));
  if(!strcmp(gen, "repeat")) {
    long count = 0;
    int set;
    result = ra_jsonpos_members(p, j, repeat_keys, "a repeat generator");
    if(!result && !json_object_get(j, "count"))
      result = fail(p, "missing required field 'count' in a repeat generator");
    if(!result)
      result = ra_jsonpos_integer(p, j, "count", 0,
                                  (json_int_t)RA_VALUE_MAX_COUNT, &count,
                                  &set);
    if(result)
      return result;
    v = ra_value_new(RA_VALUE_REPEAT);
    v->count = (unsigned long)count;
    result = parse_at_key(p, j, "repeat", has_fixture, &v->inner);
    goto done;
  }
  /* The other generators have exactly one member. */
  json_object_foreach(j, key, val) {
    if(strcmp(key, gen))
      return fail_key(p, key, "unknown field '%s' in a %s generator", key,
                      gen);
  }
  val = json_object_get(j, gen);
  if(!strcmp(gen, "hex")) {
    const char *h;
    size_t n;
    if(!json_is_string(val))
      return fail_val(p, gen, "'hex' must be a string of hex digits");
    h = json_string_value(val);
    n = json_string_length(val);
    if(n % 2)
      return fail_val(p, gen, "'hex' must have an even number of digits");
    for(i = 0; i < n; i++) {
      if(!is_hex(h[i]))
        return fail_val(p, gen, "'hex' must hold only hex digits, not '%c'",
                        h[i]);
    }
    v = ra_value_new(RA_VALUE_HEX);
    v->text = ra_malloc(n / 2 + 1);
    for(i = 0; i < n / 2; i++) {
      char byte[3] = {h[2 * i], h[2 * i + 1], 0};
      v->text[i] = (char)strtoul(byte, NULL, 16);
    }
    v->text[n / 2] = '\0';
    v->text_len = n / 2;
  }
  else if(!strcmp(gen, "ref")) {
    if(!json_is_string(val))
      return fail_val(p, gen, "'ref' must be a string");
    if(strcmp(json_string_value(val), "assignment"))
      return fail_val(p, gen, "unknown ref '%s' (known: assignment)",
                      json_string_value(val));
    if(!has_fixture)
      return fail(p, "{\"ref\": \"assignment\"} needs a fixture "
                  "('needs.fixture')");
    v = ra_value_new(RA_VALUE_REF);
    v->text = ra_strdup(json_string_value(val));
  }
  else if(!strcmp(gen, "uescape")) {
    const char *why;
    if(!json_is_string(val))
      return fail_val(p, gen, "'uescape' must be a string");
    why = check_uescape(json_string_value(val), json_string_length(val));
    if(why)
      return fail_val(p, gen, "'uescape' text is not valid inside a JSON "
                      "string: it has %s", why);
    v = ra_value_new(RA_VALUE_UESCAPE);
    v->text = ra_memdup0(json_string_value(val), json_string_length(val));
    v->text_len = json_string_length(val);
  }
  else if(!strcmp(gen, "lower")) {
    v = ra_value_new(RA_VALUE_LOWER);
    result = parse_at_key(p, j, gen, has_fixture, &v->inner);
  }
  else if(!strcmp(gen, "chop")) {
    v = ra_value_new(RA_VALUE_CHOP);
    result = parse_at_key(p, j, gen, has_fixture, &v->inner);
  }
  else { /* concat */
    if(!json_is_array(val))
      return fail_val(p, gen, "'concat' must be a list of values");
    v = ra_value_new(RA_VALUE_CONCAT);
    v->items = ra_calloc(json_array_size(val) + 1, sizeof(*v->items));
    ra_jsonpos_push_key(&p->path, gen);
    for(i = 0; i < json_array_size(val) && !result; i++) {
      ra_jsonpos_push_index(&p->path, i);
      result = ra_value_parse(p, json_array_get(val, i), has_fixture,
                            &v->items[i]);
      ra_jsonpos_pop(&p->path);
      if(!result)
        v->nitems++;
    }
    ra_jsonpos_pop(&p->path);
  }
done:
  if(result) {
    ra_value_free(v);
    return result;
  }
  *out = v;
  return RA_OK;
}
