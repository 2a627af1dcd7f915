/* A minimal JSON scanner that follows a path and tracks line/column. It
 * trusts its input to be valid JSON (jansson has parsed it already), so it
 * only needs to skip values, not validate them. */
#include "runner/jsonpos.h"

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
        skip_value(&sc);
        skip_ws(&sc);
        if(peek(&sc) != ',')
          break;
        advance(&sc);
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
          skip_value(&sc);
          skip_ws(&sc);
          if(peek(&sc) != ',')
            break;
          advance(&sc);
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
