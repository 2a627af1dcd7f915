/* Judging the adapter's line (see outcome.h). */
#include "client/outcome.h"

#include <ctype.h>
#include <stdarg.h>
#include <string.h>

#include "proto/utf8.h"

void ra_cc_outcome_init(struct ra_cc_outcome *o)
{
  o->grade = RA_GRADE_OK;
  ra_buf_init(&o->reason, RA_BUF_UNLIMITED);
  ra_buf_init(&o->key, RA_BUF_UNLIMITED);
  ra_buf_init(&o->actual, RA_BUF_UNLIMITED);
}

void ra_cc_outcome_free(struct ra_cc_outcome *o)
{
  ra_buf_free(&o->reason);
  ra_buf_free(&o->key);
  ra_buf_free(&o->actual);
}

int ra_cc_line_is_ok(const char *line)
{
  return line && !strcmp(line, "ok");
}

static int word_char(unsigned char c)
{
  return (c < 0x80 && isalnum(c)) || c == '.' || c == '_';
}

int ra_cc_line_has_word(const char *line, const char *word)
{
  size_t n = strlen(word);
  const char *p = line;
  if(!line || !n)
    return 0;
  while(*p) {
    const char *start, *end;
    while(*p && !word_char((unsigned char)*p))
      p++;
    start = p;
    while(*p && word_char((unsigned char)*p))
      p++;
    end = p;
    /* A sentence's full stop is not part of the code. */
    while(start < end && *start == '.')
      start++;
    while(end > start && end[-1] == '.')
      end--;
    if((size_t)(end - start) == n && !memcmp(start, word, n))
      return 1;
  }
  return 0;
}

void ra_cc_line_display(struct ra_buf *out, const char *line)
{
  size_t len = strlen(line);
  if(ra_utf8_escape(out, line, len, RA_CC_LINE_SHOWN, 0) < len)
    ra_buf_puts(out, "...");
}

static void failed(struct ra_cc_outcome *o, const char *shown,
                   const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void failed(struct ra_cc_outcome *o, const char *shown,
                   const char *fmt, ...)
{
  va_list ap;
  o->grade = RA_GRADE_NONE;
  va_start(ap, fmt);
  ra_buf_vputf(&o->reason, fmt, ap);
  va_end(ap);
  ra_buf_putf(&o->key, "reported: %s", shown);
}

void ra_cc_outcome_judge(struct ra_cc_outcome *out,
                         const struct ra_cc_scenario *sc,
                         const struct ra_cc_script *script, const char *line,
                         size_t requests)
{
  struct ra_buf shown;
  const char *s;
  int ok = ra_cc_line_is_ok(line);
  ra_buf_init(&shown, RA_BUF_UNLIMITED);
  ra_cc_line_display(&shown, line);
  s = ra_buf_str(&shown);
  ra_buf_putf(&out->actual, "reported: %s", s);
  switch(sc->expect) {
  case RA_CC_EXPECT_OK:
    if(!ok)
      failed(out, s, "expected ok, the client reported '%s'", s);
    break;
  case RA_CC_EXPECT_ERROR:
    if(ok)
      failed(out, s, "the client reported success for an error answer");
    else if(ra_cc_line_has_word(line, script->code))
      break;
    else if(script->type && ra_cc_line_has_word(line, script->type)) {
      /* SPEC §5: weaker, not wrong. The caller cannot tell this error from
       * the type's other codes without parsing the message. */
      out->grade = RA_GRADE_NON_STRICT;
      ra_buf_putf(&out->reason, "the client exposes the error type %s but "
                  "not the code %s: a caller cannot tell it from other %s "
                  "answers without parsing the message", script->type,
                  script->code, script->type);
      ra_buf_putf(&out->key, "type %s without the code", script->type);
    }
    else if(script->type)
      failed(out, s, "the error surfaced ('%s') carries neither the code "
             "%s nor the error type %s", s, script->code, script->type);
    else
      failed(out, s, "the error surfaced ('%s') does not carry the code %s",
             s, script->code);
    break;
  case RA_CC_EXPECT_ANY_ERROR:
    if(ok && sc->retry == RA_CC_RETRY_GIVE_UP)
      failed(out, s, "the client reported success although every attempt "
             "failed");
    else if(ok)
      failed(out, s, "the client reported success for a malformed answer");
    break;
  case RA_CC_EXPECT_REFUSE_OR_ERROR:
    if(ok)
      failed(out, s, "the client reported success for an over-long "
             "feedback");
    else {
      ra_buf_reset(&out->actual);
      ra_buf_putf(&out->actual, "%s: %s", requests ?
                  "sent and surfaced the server's error" :
                  "refused before sending", s);
    }
    break;
  }
  ra_buf_free(&shown);
}
