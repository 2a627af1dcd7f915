/* A minimal JSON scanner that follows a path and tracks line/column. It
 * trusts its input to be valid JSON (jansson has parsed it already), so it
 * only needs to skip values, not validate them. */
#include "core/jsonpos.h"

#include <stdarg.h>
#include <stdio.h>

#include <string.h>

struct scan {
  const char *s;
  size_t len;
  size_t pos;
  int line;
  int col;
};

static void advance(struct scan *sc)
{
  unsigned char c;
  if(sc->pos >= sc->len)
    return;
  c = (unsigned char)sc->s[sc->pos++];
  if(c == '\n') {
    sc->line++;
    sc->col = 1;
  }
  else if((c & 0xC0) != 0x80) /* continuation bytes belong to one column */
    sc->col++;
}

static int peek(const struct scan *sc)
{
  return sc->pos < sc->len ? (unsigned char)sc->s[sc->pos] : -1;
}

static void skip_ws(struct scan *sc)
{
  int c;
  while((c = peek(sc)) == ' ' || c == '\t' || c == '\n' || c == '\r')
    advance(sc);
}

/* At a '"': skips the string; when key is not NULL, tells whether its raw
 * text equals key (keys we look for never need escapes). */
static int skip_string(struct scan *sc, const char *key)
{
  size_t start = sc->pos + 1;
  size_t end;
  advance(sc);
  while(sc->pos < sc->len && sc->s[sc->pos] != '"') {
    if(sc->s[sc->pos] == '\\')
      advance(sc);
    advance(sc);
  }
  end = sc->pos;
  advance(sc);
  return key && strlen(key) == end - start &&
         !memcmp(sc->s + start, key, end - start);
}

static void skip_value(struct scan *sc)
{
  int c = peek(sc);
  int depth = 0;
  if(c == '"') {
    skip_string(sc, NULL);
    return;
  }
  if(c != '{' && c != '[') {
    while((c = peek(sc)) != -1 && c != ',' && c != '}' && c != ']' &&
          c != ' ' && c != '\n' && c != '\t' && c != '\r')
      advance(sc);
    return;
  }
  do {
    c = peek(sc);
    if(c == '"') {
      skip_string(sc, NULL);
      continue;
    }
    if(c == '{' || c == '[')
      depth++;
    else if(c == '}' || c == ']')
      depth--;
    advance(sc);
  } while(depth > 0 && sc->pos < sc->len);
}

/* Skips a member's value and its comma: 1 when another member follows,
 * 0 at the end of the object or array. */
static int skip_member(struct scan *sc)
{
  skip_value(sc);
  skip_ws(sc);
  if(peek(sc) != ',')
    return 0;
  advance(sc);
  return 1;
}

int ra_jsonpos_find(const char *text, size_t len,
                    const struct ra_jsonpos_step *path, size_t n,
                    ra_jsonpos_want want, int *line, int *column)
{
  struct scan sc;
  size_t i;
  sc.s = text;
  sc.len = len;
  sc.pos = 0;
  sc.line = 1;
  sc.col = 1;
  skip_ws(&sc);
  *line = sc.line;
  *column = sc.col;
  for(i = 0; i < n; i++) {
    int found = 0;
    int c = peek(&sc);
    if(path[i].key) {
      if(c != '{')
        return 0;
      advance(&sc);
      for(;;) {
        int kline, kcol, match;
        skip_ws(&sc);
        if(peek(&sc) != '"')
          break;
        kline = sc.line;
        kcol = sc.col;
        match = skip_string(&sc, path[i].key);
        skip_ws(&sc);
        advance(&sc); /* ':' */
        skip_ws(&sc);
        if(match) {
          found = 1;
          if(i + 1 == n && want == RA_JSONPOS_KEY) {
            *line = kline;
            *column = kcol;
            return 1;
          }
          break;
        }
        if(!skip_member(&sc))
          break;
      }
    }
    else {
      size_t k = 0;
      if(c != '[')
        return 0;
      advance(&sc);
      skip_ws(&sc);
      if(peek(&sc) != ']') {
        for(;;) {
          skip_ws(&sc);
          if(k == path[i].index) {
            found = 1;
            break;
          }
          if(!skip_member(&sc))
            break;
          k++;
        }
      }
    }
    if(!found)
      return 0;
    *line = sc.line;
    *column = sc.col;
  }
  return 1;
}

size_t ra_jsonpos_find_elements(const char *text, size_t len,
                                const struct ra_jsonpos_path *p, int *lines,
                                int *columns, size_t max)
{
  struct scan sc;
  size_t n = 0;
  int line, col;
  if(!ra_jsonpos_find_path(text, len, p, RA_JSONPOS_VALUE, &line, &col))
    return 0;
  /* Walk again to the array's first character: the scanner is cheap and
   * this keeps ra_jsonpos_find free of a second output. */
  sc.s = text;
  sc.len = len;
  sc.pos = 0;
  sc.line = 1;
  sc.col = 1;
  while(sc.pos < len && (sc.line != line || sc.col != col))
    advance(&sc);
  if(peek(&sc) != '[')
    return 0;
  advance(&sc);
  skip_ws(&sc);
  if(peek(&sc) == ']')
    return 0;
  for(;;) {
    skip_ws(&sc);
    if(n < max) {
      lines[n] = sc.line;
      columns[n] = sc.col;
    }
    n++;
    skip_value(&sc);
    skip_ws(&sc);
    if(peek(&sc) != ',')
      break;
    advance(&sc);
  }
  return n;
}

void ra_jsonpos_push_key(struct ra_jsonpos_path *p, const char *key)
{
  if(p->depth < RA_JSONPOS_MAX_DEPTH) {
    p->steps[p->depth].key = key;
    p->steps[p->depth].index = 0;
  }
  p->depth++;
}

void ra_jsonpos_push_index(struct ra_jsonpos_path *p, size_t index)
{
  if(p->depth < RA_JSONPOS_MAX_DEPTH) {
    p->steps[p->depth].key = NULL;
    p->steps[p->depth].index = index;
  }
  p->depth++;
}

void ra_jsonpos_pop(struct ra_jsonpos_path *p)
{
  p->depth--;
}

int ra_jsonpos_find_path(const char *text, size_t len,
                         const struct ra_jsonpos_path *p, ra_jsonpos_want want,
                         int *line, int *column)
{
  size_t n = p->depth < RA_JSONPOS_MAX_DEPTH ? p->depth : RA_JSONPOS_MAX_DEPTH;
  return ra_jsonpos_find(text, len, p->steps, n, want, line, column);
}

ra_code ra_jsonpos_fail(struct ra_jsonpos_doc *doc, const char *key,
                        ra_jsonpos_want want, const char *fmt, ...)
{
  int line = 0, col = 0;
  char text[sizeof(doc->err->text)];
  va_list ap;
  if(key)
    ra_jsonpos_push_key(&doc->path, key);
  ra_jsonpos_find_path(doc->text, doc->len, &doc->path, want, &line, &col);
  if(key)
    ra_jsonpos_pop(&doc->path);
  va_start(ap, fmt);
  vsnprintf(text, sizeof(text), fmt, ap);
  va_end(ap);
  return ra_error_set(doc->err, doc->code, doc->source, line, col, "%s",
                      text);
}

ra_code ra_jsonpos_load(struct ra_jsonpos_doc *doc, const char *text,
                        size_t len, size_t flags, const char *source,
                        struct ra_error *err, ra_code code, json_t **root)
{
  json_error_t jerr;
  memset(doc, 0, sizeof(*doc));
  doc->text = text;
  doc->len = len;
  doc->source = source;
  doc->err = err;
  doc->code = code;
  *root = json_loadb(text, len, JSON_REJECT_DUPLICATES | flags, &jerr);
  if(!*root)
    return ra_error_set(err, code, source, jerr.line > 0 ? jerr.line : 0,
                        jerr.column > 0 ? jerr.column : 0, "%s", jerr.text);
  return RA_OK;
}

/* ---- typed readers ---------------------------------------------------- */

#define fail_here(doc, ...) \
  ra_jsonpos_fail((doc), NULL, RA_JSONPOS_VALUE, __VA_ARGS__)
#define fail_key(doc, key, ...) \
  ra_jsonpos_fail((doc), (key), RA_JSONPOS_KEY, __VA_ARGS__)
#define fail_val(doc, key, ...) \
  ra_jsonpos_fail((doc), (key), RA_JSONPOS_VALUE, __VA_ARGS__)

const char *ra_jsonpos_kind(const json_t *j)
{
  switch(json_typeof(j)) {
  case JSON_OBJECT: return "an object";
  case JSON_ARRAY: return "an array";
  case JSON_STRING: return "a string";
  case JSON_INTEGER: return "an integer";
  case JSON_REAL: return "a number";
  case JSON_TRUE:
  case JSON_FALSE: return "a boolean";
  case JSON_NULL: return "null";
  }
  return "a value";
}

int ra_jsonpos_name_index(const char *const *names, const char *s)
{
  int i;
  for(i = 0; names[i]; i++) {
    if(names[i][0] && !strcmp(names[i], s))
      return i;
  }
  return -1;
}

void ra_jsonpos_join_names(char *out, size_t outlen, const char *const *names)
{
  const char *shown[16];
  size_t i, n = 0, used = 0;
  out[0] = '\0';
  for(i = 0; names[i] && n < 16; i++) {
    if(names[i][0])
      shown[n++] = names[i];
  }
  for(i = 0; i < n; i++) {
    const char *sep = i == 0 ? "" : (i + 1 == n ? " or " : ", ");
    used += (size_t)snprintf(out + used, used < outlen ? outlen - used : 0,
                             "%s%s", sep, shown[i]);
    if(used >= outlen)
      return;
  }
}

ra_code ra_jsonpos_object(struct ra_jsonpos_doc *doc, const json_t *j,
                          const char *what)
{
  if(!json_is_object(j))
    return fail_here(doc, "%s must be an object, not %s", what,
                     ra_jsonpos_kind(j));
  return RA_OK;
}

ra_code ra_jsonpos_members(struct ra_jsonpos_doc *doc, json_t *obj,
                           const char *const *allowed, const char *where)
{
  const char *key;
  json_t *val;
  json_object_foreach(obj, key, val) {
    if(ra_jsonpos_name_index(allowed, key) < 0)
      return fail_key(doc, key, "unknown field '%s' in %s", key, where);
  }
  return RA_OK;
}

/* The member, or NULL with an error when it is missing and required. */
static json_t *member(struct ra_jsonpos_doc *doc, json_t *obj,
                      const char *key, int required, const char *where,
                      ra_code *result)
{
  json_t *j = json_object_get(obj, key);
  *result = RA_OK;
  if(!j && required)
    *result = fail_here(doc, "missing required field '%s' in %s", key,
                        where);
  return j;
}

/* The member when it is of type want (noun names it in the error), NULL
 * in *out when it is missing and optional. */
static ra_code typed_member(struct ra_jsonpos_doc *doc, json_t *obj,
                            const char *key, int required, const char *where,
                            json_type want, const char *noun, json_t **out)
{
  ra_code result;
  json_t *j = member(doc, obj, key, required, where, &result);
  *out = NULL;
  if(!j)
    return result;
  if(json_typeof(j) != want)
    return fail_val(doc, key, "'%s' must be %s, not %s", key, noun,
                    ra_jsonpos_kind(j));
  *out = j;
  return RA_OK;
}

ra_code ra_jsonpos_string(struct ra_jsonpos_doc *doc, json_t *obj,
                          const char *key, int required, const char *where,
                          const char **out)
{
  json_t *j;
  ra_code result = typed_member(doc, obj, key, required, where, JSON_STRING,
                                "a string", &j);
  if(result || !j)
    return result; /* *out untouched when missing */
  if(strlen(json_string_value(j)) != json_string_length(j))
    return fail_val(doc, key, "'%s' must not contain NUL characters", key);
  *out = json_string_value(j);
  return RA_OK;
}

ra_code ra_jsonpos_enum(struct ra_jsonpos_doc *doc, json_t *obj,
                        const char *key, int required, const char *where,
                        const char *const *names, int *out)
{
  ra_code result;
  char list[300];
  int idx = -1;
  json_t *j = member(doc, obj, key, required, where, &result);
  if(!j)
    return result;
  if(json_is_string(j))
    idx = ra_jsonpos_name_index(names, json_string_value(j));
  if(idx >= 0) {
    *out = idx;
    return RA_OK;
  }
  ra_jsonpos_join_names(list, sizeof(list), names); /* only now: wrong */
  if(!json_is_string(j))
    return fail_val(doc, key, "'%s' must be a string (%s), not %s", key,
                    list, ra_jsonpos_kind(j));
  return fail_val(doc, key, "'%s' must be %s, not '%s'", key, list,
                  json_string_value(j));
}

ra_code ra_jsonpos_boolean(struct ra_jsonpos_doc *doc, json_t *obj,
                           const char *key, int *out)
{
  json_t *j = json_object_get(obj, key);
  if(!j)
    return RA_OK;
  if(!json_is_boolean(j))
    return fail_val(doc, key, "'%s' must be true or false, not %s", key,
                    ra_jsonpos_kind(j));
  *out = json_is_true(j);
  return RA_OK;
}

ra_code ra_jsonpos_integer(struct ra_jsonpos_doc *doc, json_t *obj,
                           const char *key, json_int_t min, json_int_t max,
                           long *out, int *set)
{
  json_t *j = json_object_get(obj, key);
  if(set)
    *set = 0;
  if(!j)
    return RA_OK;
  if(!json_is_integer(j))
    return fail_val(doc, key, "'%s' must be an integer, not %s", key,
                    ra_jsonpos_kind(j));
  if(json_integer_value(j) < min || json_integer_value(j) > max)
    return fail_val(doc, key, "'%s' must be between %lld and %lld, not %lld",
                    key, (long long)min, (long long)max,
                    (long long)json_integer_value(j));
  *out = (long)json_integer_value(j);
  if(set)
    *set = 1;
  return RA_OK;
}

ra_code ra_jsonpos_array(struct ra_jsonpos_doc *doc, json_t *obj,
                         const char *key, int required, const char *where,
                         json_t **out)
{
  return typed_member(doc, obj, key, required, where, JSON_ARRAY, "an array",
                      out);
}

ra_code ra_jsonpos_member_object(struct ra_jsonpos_doc *doc, json_t *obj,
                                 const char *key, int required,
                                 const char *where, json_t **out)
{
  return typed_member(doc, obj, key, required, where, JSON_OBJECT,
                      "an object", out);
}
