/* The catalogue rendered for people and programs: one line a case (text),
 * the expected-behaviour document (Markdown, committed as docs/behavior.md)
 * and JSON (`raconform list --format json`). Output depends only on the
 * case files, so the Markdown can be diffed against the committed file. */
#include "runner/catalogue.h"

#include <jansson.h>
#include <string.h>

#include "core/buf.h"
#include "runner/casedesc.h"
#include "runner/target.h"

static const char *const areas[][2] = {
  {"assignment-id", "Assignment ID"},
  {"feedback", "Requester feedback"},
  {"state", "Assignment state"},
  {"requester", "Requester and ownership"},
  {"auth", "Authentication"},
  {"protocol", "Protocol and transport"},
};
#define NAREAS (sizeof(areas) / sizeof(areas[0]))

static void profiles_str(struct ra_buf *b, unsigned profiles)
{
  int p, first = 1;
  for(p = 0; p < RA_PROFILE_COUNT; p++) {
    if(profiles & RA_PROFILE_BIT(p)) {
      ra_buf_putf(b, "%s%s", first ? "" : ", ",
                  ra_target_profile_name((ra_profile)p));
      first = 0;
    }
  }
}

void ra_catalogue_text(FILE *out, const struct ra_caseset *set,
                       const struct ra_selection *sel)
{
  size_t i;
  for(i = 0; i < set->count; i++) {
    const struct ra_case *c = set->cases[i];
    struct ra_buf b;
    if(!ra_selection_match(sel, c))
      continue;
    ra_buf_init(&b, RA_BUF_UNLIMITED);
    profiles_str(&b, c->profiles);
    fprintf(out, "%-14s %-13s %-6s %-22s %s%s\n", c->id, c->area,
           ra_level_name(c->level), ra_buf_str(&b), c->title,
           c->source.unconfirmed ? " [UNCONFIRMED]" : "");
    ra_buf_free(&b);
  }
}

static int is_alnum(char ch)
{
  return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
         (ch >= 'A' && ch <= 'Z') || (unsigned char)ch >= 0x80;
}

static int is_punct(char ch)
{
  return ch > ' ' && ch < 0x7f && !is_alnum(ch);
}

/* "&name;" or "&#123;": text CommonMark would read as an entity. */
static int entity_at(const char *s)
{
  size_t n = 1;
  if(s[n] == '#')
    n++;
  while(is_alnum(s[n]) && (unsigned char)s[n] < 0x80)
    n++;
  return n > 1 && s[n] == ';';
}

/* Markdown-safe text, written to read well raw: one scheme, a backslash
 * before the few characters that would otherwise change the rendering and
 * nothing else. Escaped: '`' and '*' always; '_' unless inside a word (an
 * intraword '_' is literal in CommonMark); '\' only before punctuation or
 * at the end (elsewhere, as in \u00e9, it is literal); '&' only where it
 * would start an entity; ']' only where it would close a link text ("](" or
 * "]["). '<' becomes &lt; only before a letter, '/', '!' or '?' (an HTML
 * tag, comment or autolink); '>' never starts anything mid-line. No text
 * goes into a table, so '|' is left alone. */
static void md(FILE *out, const char *s)
{
  const char *start = s;
  for(; *s; s++) {
    char next = s[1];
    char prev = s > start ? s[-1] : ' ';
    switch(*s) {
    case '`': case '*':
      fputc('\\', out);
      fputc(*s, out);
      break;
    case '_':
      if(!is_alnum(prev) || !is_alnum(next))
        fputc('\\', out);
      fputc('_', out);
      break;
    case '\\':
      if(!next || is_punct(next))
        fputc('\\', out);
      fputc('\\', out);
      break;
    case '&':
      if(entity_at(s))
        fputc('\\', out);
      fputc('&', out);
      break;
    case ']':
      if(next == '(' || next == '[')
        fputc('\\', out);
      fputc(']', out);
      break;
    case '<':
      if((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') ||
         next == '/' || next == '!' || next == '?')
        fputs("&lt;", out);
      else
        fputc('<', out);
      break;
    case '\n': fputc(' ', out); break;
    default: fputc(*s, out);
    }
  }
}

/* An outcome that matches every answer of its kind (no status, type, code,
 * envelope, root, content type or capability condition); a 5xx error still
 * needs its status named (runner/judge.c). */
static int unconditional(const struct ra_outcome *o)
{
  return !o->nstatuses && !o->ntypes && !o->ncodes &&
         o->envelope == RA_CASE_ENVELOPE_ANY && !o->nroots &&
         !o->ncontent_types && !o->has_when;
}

/* The closing line of an expectation list: what is left over fails. When
 * the outcomes take every success and every error but a 5xx, only an
 * answer that is neither can fail, and the line says which. */
static void md_anything_else(FILE *out, const struct ra_case_expect *e)
{
  int success = 0, error = 0;
  size_t i;
  for(i = 0; i < e->count; i++) {
    const struct ra_outcome *o = &e->items[i];
    if(!unconditional(o))
      continue;
    success |= o->kind == RA_OUTCOME_SUCCESS || o->kind == RA_OUTCOME_ANY;
    error |= o->kind == RA_OUTCOME_ERROR || o->kind == RA_OUTCOME_ANY;
  }
  if(success && error)
    fprintf(out, "- anything else (no recognisable success or error: a malformed "
           "answer, a legacy error page without envelope, a redirect, a "
           "5xx): FAILED\n\n");
  else
    fprintf(out, "- anything else: FAILED\n\n");
}

static void md_needs(FILE *out, const struct ra_case *c)
{
  const struct ra_case_needs *n = &c->needs;
  int any = 0;
  fprintf(out, "- Needs: ");
  if(n->fixture != RA_FIXTURE_NONE) {
    fprintf(out, "a fresh %s assignment of the %s%s",
           ra_fixture_state_name(n->fixture),
           ra_requester_name(n->fixture_owner),
           n->observe ? " (state and feedback checked afterwards)" : "");
    any = 1;
  }
  if(n->requesters & RA_REQUESTER_BIT(RA_REQUESTER_OTHER)) {
    fprintf(out, "%sthe 'other' requester's keys", any ? "; " : "");
    any = 1;
  }
  if(!any)
    fprintf(out, "nothing (stateless)");
  fprintf(out, "\n");
}

static void md_case(FILE *out, const struct ra_case *c)
{
  struct ra_buf b, b2;
  size_t i;
  int p;
  const struct ra_case_source *s = &c->source;

  fprintf(out, "### %s: ", c->id);
  md(out, c->title);
  fprintf(out, "\n\n");
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_init(&b2, RA_BUF_UNLIMITED);
  profiles_str(&b, c->profiles);
  fprintf(out, "- Level: %s\n- Profiles: %s\n", ra_level_name(c->level),
         ra_buf_str(&b));
  ra_buf_reset(&b);
  if(c->ntags) {
    fprintf(out, "- Tags: ");
    for(i = 0; i < c->ntags; i++)
      fprintf(out, "%s%s", i ? ", " : "", c->tags[i]);
    fprintf(out, "\n");
  }
  md_needs(out, c);
  fprintf(out, "- Source: %s", ra_source_kind_name(s->kind));
  if(s->ref)
    fprintf(out, " (%s)", s->ref);
  fprintf(out, "\n");
  if(s->quote) {
    fprintf(out, "  - Quote: \"");
    md(out, s->quote);
    fprintf(out, "\"\n");
  }
  if(s->citation) {
    fprintf(out, "  - Citation: ");
    md(out, s->citation);
    fprintf(out, "\n");
  }
  if(s->reasoning) {
    fprintf(out, "  - Reasoning: ");
    md(out, s->reasoning);
    fprintf(out, "\n");
  }
  if(s->note) {
    fprintf(out, "  - Note: ");
    md(out, s->note);
    fprintf(out, "\n");
  }
  if(s->unconfirmed)
    fprintf(out, "- **UNCONFIRMED**: the real service's answer is not confirmed; "
           "every plausible answer is accepted with a grade.\n");
  fprintf(out, "\n");

  /* What is sent: once when both profiles send the same description. */
  if(c->profiles == RA_PROFILE_ALL) {
    ra_case_describe_request(&b, c, RA_PROFILE_LEGACY);
    ra_case_describe_request(&b2, c, RA_PROFILE_JSON);
  }
  if(c->profiles == RA_PROFILE_ALL && !strcmp(ra_buf_str(&b), ra_buf_str(&b2))) {
    fprintf(out, "Sent: ");
    md(out, ra_buf_str(&b));
    fprintf(out, "\n\n");
  }
  else {
    for(p = 0; p < RA_PROFILE_COUNT; p++) {
      if(!(c->profiles & RA_PROFILE_BIT(p)))
        continue;
      ra_buf_reset(&b);
      ra_case_describe_request(&b, c, (ra_profile)p);
      fprintf(out, "Sent (%s): ", ra_target_profile_name((ra_profile)p));
      md(out, ra_buf_str(&b));
      fprintf(out, "\n\n");
    }
  }
  for(p = 0; p < RA_PROFILE_COUNT; p++) {
    const char *line;
    if(!(c->profiles & RA_PROFILE_BIT(p)))
      continue;
    ra_buf_reset(&b);
    ra_case_describe_expect(&b, c, (ra_profile)p);
    fprintf(out, "Expected (%s), first match wins:\n\n",
           ra_target_profile_name((ra_profile)p));
    line = ra_buf_str(&b);
    while(*line) {
      const char *nl = strchr(line, '\n');
      size_t len = nl ? (size_t)(nl - line) : strlen(line);
      ra_buf_reset(&b2);
      ra_buf_put(&b2, line, len);
      fprintf(out, "- ");
      md(out, ra_buf_str(&b2));
      fprintf(out, "\n");
      line += len;
      if(*line == '\n')
        line++;
    }
    md_anything_else(out, &c->expect[p]);
  }
  ra_buf_free(&b);
  ra_buf_free(&b2);
}

void ra_catalogue_markdown(FILE *out, const struct ra_caseset *set,
                           const struct ra_selection *sel)
{
  size_t a, i, total = 0;
  for(i = 0; i < set->count; i++)
    total += (size_t)ra_selection_match(sel, set->cases[i]);
  fprintf(out, "# Expected behaviour of RejectAssignment\n\n"
         "Generated by `raconform list --format markdown` from the case "
         "files in `cases/`; do not edit by hand.\n\n"
         "%zu cases. Grades: OK is the documented or observed behaviour, "
         "NON-STRICT is plausible but weaker (fails under `--strict`), "
         "INFORMATIONAL records behaviour and never fails. Outcomes are "
         "tried in order; the first that matches gives the grade. Unless an "
         "outcome says otherwise, a case with a fixture also checks the "
         "assignment afterwards: after a success it is Rejected with the "
         "feedback sent, after an error its state and feedback are "
         "unchanged.\n\n",
         total);
  for(a = 0; a < NAREAS; a++) {
    int header = 0;
    for(i = 0; i < set->count; i++) {
      const struct ra_case *c = set->cases[i];
      if(strcmp(c->area, areas[a][0]) || !ra_selection_match(sel, c))
        continue;
      if(!header) {
        fprintf(out, "## %s (`%s`)\n\n", areas[a][1], areas[a][0]);
        header = 1;
      }
      md_case(out, c);
    }
  }
}

static json_t *str_array(char **items, size_t n)
{
  json_t *a = json_array();
  size_t i;
  for(i = 0; i < n; i++)
    json_array_append_new(a, json_string(items[i]));
  return a;
}

static void set_opt(json_t *o, const char *key, const char *value)
{
  if(value)
    json_object_set_new(o, key, json_string(value));
}

static json_t *case_json(const struct ra_case *c)
{
  json_t *o = json_object(), *src = json_object(), *needs = json_object();
  json_t *exp = json_object(), *sent = json_object(), *profs = json_array();
  json_t *reqs = json_array();
  struct ra_buf b;
  int p;
  size_t i, k;

  ra_buf_init(&b, RA_BUF_UNLIMITED);
  json_object_set_new(o, "id", json_string(c->id));
  json_object_set_new(o, "title", json_string(c->title));
  json_object_set_new(o, "area", json_string(c->area));
  json_object_set_new(o, "file", json_string(c->file));
  json_object_set_new(o, "tags", str_array(c->tags, c->ntags));
  json_object_set_new(o, "level", json_string(ra_level_name(c->level)));
  json_object_set_new(src, "kind",
                      json_string(ra_source_kind_name(c->source.kind)));
  set_opt(src, "ref", c->source.ref);
  set_opt(src, "quote", c->source.quote);
  set_opt(src, "citation", c->source.citation);
  set_opt(src, "reasoning", c->source.reasoning);
  set_opt(src, "note", c->source.note);
  json_object_set_new(src, "unconfirmed",
                      json_boolean(c->source.unconfirmed));
  json_object_set_new(o, "source", src);
  for(p = 0; p < RA_PROFILE_COUNT; p++) {
    if(c->profiles & RA_PROFILE_BIT(p))
      json_array_append_new(profs,
                            json_string(ra_target_profile_name((ra_profile)p)));
  }
  json_object_set_new(o, "profiles", profs);
  if(c->needs.fixture != RA_FIXTURE_NONE) {
    json_object_set_new(needs, "fixture",
                        json_string(ra_fixture_state_name(c->needs.fixture)));
    json_object_set_new(needs, "fixture_owner",
                        json_string(ra_requester_name(c->needs.fixture_owner)));
  }
  for(k = RA_REQUESTER_OWNER; k <= RA_REQUESTER_OTHER; k++) {
    if(c->needs.requesters & RA_REQUESTER_BIT(k))
      json_array_append_new(reqs,
                            json_string(ra_requester_name((ra_requester)k)));
  }
  json_object_set_new(needs, "requesters", reqs);
  json_object_set_new(needs, "observe", json_boolean(c->needs.observe));
  json_object_set_new(o, "needs", needs);
  for(p = 0; p < RA_PROFILE_COUNT; p++) {
    const struct ra_case_expect *e = &c->expect[p];
    json_t *list = json_array();
    const char *pname = ra_target_profile_name((ra_profile)p);
    if(!(c->profiles & RA_PROFILE_BIT(p))) {
      json_decref(list);
      continue;
    }
    ra_buf_reset(&b);
    ra_case_describe_request(&b, c, (ra_profile)p);
    json_object_set_new(sent, pname, json_string(ra_buf_str(&b)));
    for(i = 0; i < e->count; i++) {
      const struct ra_outcome *oc = &e->items[i];
      json_t *x = json_object(), *st = json_array();
      json_object_set_new(x, "grade", json_string(ra_grade_name(oc->grade)));
      json_object_set_new(x, "outcome",
                          json_string(ra_outcome_kind_name(oc->kind)));
      for(k = 0; k < oc->nstatuses; k++)
        json_array_append_new(st, json_integer(oc->statuses[k]));
      json_object_set_new(x, "status", st);
      json_object_set_new(x, "type", str_array(oc->types, oc->ntypes));
      json_object_set_new(x, "code", str_array(oc->codes, oc->ncodes));
      if(oc->envelope)
        json_object_set_new(x, "envelope",
                            json_string(ra_case_envelope_name(oc->envelope)));
      if(oc->nroots)
        json_object_set_new(x, "root", str_array(oc->roots, oc->nroots));
      if(oc->ncontent_types)
        json_object_set_new(x, "content_type",
                            str_array(oc->content_types, oc->ncontent_types));
      if(oc->has_when)
        json_object_set_new(x, "when", json_pack("{s:s}",
                            "feedback_length_unit",
                            ra_length_unit_name(oc->when_length_unit)));
      set_opt(x, "note", oc->note);
      json_array_append_new(list, x);
    }
    json_object_set_new(exp, pname, list);
  }
  json_object_set_new(o, "sent", sent);
  json_object_set_new(o, "expect", exp);
  ra_buf_free(&b);
  return o;
}

ra_code ra_catalogue_json(FILE *out, const struct ra_caseset *set,
                          const struct ra_selection *sel)
{
  json_t *root = json_object(), *list = json_array();
  size_t i;
  int rc;
  for(i = 0; i < set->count; i++) {
    if(ra_selection_match(sel, set->cases[i]))
      json_array_append_new(list, case_json(set->cases[i]));
  }
  json_object_set_new(root, "count", json_integer((json_int_t)
                                                  json_array_size(list)));
  json_object_set_new(root, "cases", list);
  rc = json_dumpf(root, out, JSON_INDENT(2));
  fputc('\n', out);
  json_decref(root);
  return rc ? RA_E_IO : RA_OK;
}
