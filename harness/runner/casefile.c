/* Case files (docs/cases.md): jansson parses, then every field is checked
 * against the format with core/jsonpos's typed readers, which locate a bad
 * key or value in the raw text to say exactly file:line:column. This file
 * reads the case and its expectations; caserequest.c reads its request and
 * runner/value its parameter values. */
#include "runner/casefile.h"

#include <stdio.h>
#include <string.h>

#include "core/file.h"
#include "proto/utf8.h"
#include "runner/casefile_int.h"

#define CASE_FILE_MAX (4 * 1024 * 1024)

/* ---- names ---------------------------------------------------------- */

static const char *const level_names[] = {"MUST", "SHOULD", "MAY", NULL};
static const char *const source_names[] = {"doc", "observed", "inferred", NULL};
static const char *const outcome_names[] = {"success", "error", "any", NULL};
static const char *const grade_names[] = {"OK", "NON-STRICT", "INFORMATIONAL",
                                          NULL};
static const ra_grade grade_values[] = {RA_GRADE_OK, RA_GRADE_NON_STRICT,
                                        RA_GRADE_INFORMATIONAL};
static const char *const envelope_names[] = {"", "result", "operation",
                                             "front-door", NULL};
static const char *const fixture_names[] = {"", "Submitted", "Approved",
                                            "Rejected", NULL};
static const char *const owner_names[] = {"owner", "other", NULL};
static const char *const area_names[] = {"assignment-id", "feedback", "state",
                                         "requester", "auth", "protocol",
                                         NULL};
static const char *const profile_names[] = {"legacy-2014", "json-2017", NULL};
static const char *const unit_names[] = {"codepoint", "utf16", "bytes", NULL};

const char *ra_level_name(ra_level l)
{
  return (unsigned)l < 3 ? level_names[l] : "?";
}

const char *ra_source_kind_name(ra_source_kind k)
{
  return (unsigned)k < 3 ? source_names[k] : "?";
}

const char *ra_outcome_kind_name(ra_outcome_kind k)
{
  return (unsigned)k < 3 ? outcome_names[k] : "?";
}

const char *ra_case_envelope_name(ra_case_envelope e)
{
  return (unsigned)e < 4 ? envelope_names[e] : "?";
}

/* A string or a non-empty list of strings. */
static ra_code get_str_list(struct cp *p, json_t *obj, const char *key,
                            char ***out, size_t *n)
{
  json_t *j = json_object_get(obj, key);
  size_t i;
  *out = NULL;
  *n = 0;
  if(!j)
    return RA_OK;
  if(json_is_string(j)) {
    *out = ra_calloc(1, sizeof(char *));
    (*out)[0] = ra_strdup(json_string_value(j));
    *n = 1;
    return RA_OK;
  }
  if(!json_is_array(j) || !json_array_size(j))
    return fail_val(p, key, "'%s' must be a string or a non-empty list of "
                    "strings", key);
  *out = ra_calloc(json_array_size(j), sizeof(char *));
  for(i = 0; i < json_array_size(j); i++) {
    json_t *e = json_array_get(j, i);
    if(!json_is_string(e)) {
      ra_code result;
      ra_jsonpos_push_key(&p->doc.path, key);
      ra_jsonpos_push_index(&p->doc.path, i);
      result = fail(p, "'%s' entries must be strings, not %s", key,
                    json_kind(e));
      ra_jsonpos_pop(&p->doc.path);
      ra_jsonpos_pop(&p->doc.path);
      return result;
    }
    (*out)[i] = ra_strdup(json_string_value(e));
    (*n)++;
  }
  return RA_OK;
}

/* ---- expect --------------------------------------------------------- */

static ra_code parse_post(struct cp *p, json_t *j, struct ra_post *post)
{
  static const char *const keys[] = {"state", "feedback", NULL};
  ra_code result;
  int state = 0;
  json_t *fb;
  result = need_object(p, j, "'post'");
  if(!result)
    result = check_members(p, j, keys, "post");
  if(!result && json_object_get(j, "state")) {
    result = get_enum(p, j, "state", 0, "post", fixture_names, &state);
    post->has_state = 1;
    post->state = (ra_fixture_state)state;
  }
  if(result)
    return result;
  fb = json_object_get(j, "feedback");
  if(!fb)
    return RA_OK;
  if(json_is_null(fb))
    post->feedback = RA_POST_FEEDBACK_NONE;
  else if(json_is_string(fb) && !strcmp(json_string_value(fb), "unchanged"))
    post->feedback = RA_POST_FEEDBACK_UNCHANGED;
  else if(json_is_string(fb) && !strcmp(json_string_value(fb), "sent"))
    post->feedback = RA_POST_FEEDBACK_SENT;
  else if(json_is_string(fb) && !strcmp(json_string_value(fb), "first-sent"))
    post->feedback = RA_POST_FEEDBACK_FIRST_SENT;
  else if(json_is_string(fb) && !strcmp(json_string_value(fb), "last-sent"))
    post->feedback = RA_POST_FEEDBACK_LAST_SENT;
  else
    return fail_val(p, "feedback", "'feedback' must be \"unchanged\", "
                    "\"sent\", \"first-sent\", \"last-sent\" or null");
  return RA_OK;
}

static ra_code parse_outcome(struct cp *p, json_t *j, ra_profile prof,
                             struct ra_outcome *o)
{
  static const char *const keys[] = {"grade", "outcome", "status", "type",
                                     "code", "envelope", "root",
                                     "content_type", "when", "post",
                                     "note", NULL};
  static const char *const when_keys[] = {"feedback_length_unit", NULL};
  ra_code result;
  int grade = 0, kind = 0, env = 0;
  json_t *sub;
  const char *where = "an outcome";

  result = need_object(p, j, "an outcome");
  if(!result)
    result = check_members(p, j, keys, where);
  if(!result)
    result = get_enum(p, j, "grade", 1, where, grade_names, &grade);
  if(!result)
    result = get_enum(p, j, "outcome", 1, where, outcome_names, &kind);
  if(result)
    return result;
  o->grade = grade_values[grade];
  o->kind = (ra_outcome_kind)kind;

  sub = json_object_get(j, "status");
  if(sub) {
    size_t i, n = json_is_array(sub) ? json_array_size(sub) : 1;
    if(!json_is_integer(sub) && (!json_is_array(sub) || !n))
      return fail_val(p, "status", "'status' must be an HTTP status or a "
                      "non-empty list of them");
    o->statuses = ra_calloc(n, sizeof(int));
    for(i = 0; i < n; i++) {
      json_t *e = json_is_array(sub) ? json_array_get(sub, i) : sub;
      if(!json_is_integer(e) || json_integer_value(e) < 100 ||
         json_integer_value(e) > 599) {
        ra_jsonpos_push_key(&p->doc.path, "status");
        if(json_is_array(sub))
          ra_jsonpos_push_index(&p->doc.path, i);
        result = fail(p, "an HTTP status must be an integer from 100 to 599");
        if(json_is_array(sub))
          ra_jsonpos_pop(&p->doc.path);
        ra_jsonpos_pop(&p->doc.path);
        return result;
      }
      o->statuses[o->nstatuses++] = (int)json_integer_value(e);
    }
  }
  result = get_str_list(p, j, "type", &o->types, &o->ntypes);
  if(!result)
    result = get_str_list(p, j, "code", &o->codes, &o->ncodes);
  if(!result && o->ntypes && prof != RA_PROFILE_JSON)
    result = fail_key(p, "type", "'type' (the json-2017 __type) does not "
                      "apply to legacy-2014");
  if(!result && o->kind == RA_OUTCOME_SUCCESS && (o->ntypes || o->ncodes))
    result = fail_key(p, o->ntypes ? "type" : "code",
                      "'%s' needs outcome 'error' or 'any'",
                      o->ntypes ? "type" : "code");
  if(!result)
    result = get_str_list(p, j, "root", &o->roots, &o->nroots);
  if(!result && o->nroots && prof != RA_PROFILE_LEGACY)
    result = fail_key(p, "root", "'root' (the XML root element) applies to "
                      "legacy-2014 only");
  if(!result)
    result = get_str_list(p, j, "content_type", &o->content_types,
                          &o->ncontent_types);
  if(!result)
    result = get_enum(p, j, "envelope", 0, where, envelope_names, &env);
  if(result)
    return result;
  o->envelope = (ra_case_envelope)env;
  if(env && prof != RA_PROFILE_LEGACY)
    return fail_key(p, "envelope", "'envelope' applies to legacy-2014 only");

  sub = json_object_get(j, "when");
  if(sub) {
    int unit = 0;
    ra_jsonpos_push_key(&p->doc.path, "when");
    result = need_object(p, sub, "'when'");
    if(!result)
      result = check_members(p, sub, when_keys, "when");
    if(!result)
      result = get_enum(p, sub, "feedback_length_unit", 1, "when", unit_names,
                        &unit);
    ra_jsonpos_pop(&p->doc.path);
    if(result)
      return result;
    o->has_when = 1;
    o->when_length_unit = (ra_length_unit)unit;
  }
  sub = json_object_get(j, "post");
  if(sub) {
    if(p->c->needs.fixture == RA_FIXTURE_NONE)
      return fail_key(p, "post", "'post' needs a fixture ('needs.fixture')");
    ra_jsonpos_push_key(&p->doc.path, "post");
    result = parse_post(p, sub, &o->post);
    ra_jsonpos_pop(&p->doc.path);
    if(result)
      return result;
  }
  return get_str(p, j, "note", 0, where, &o->note);
}

static void free_outcome(struct ra_outcome *o)
{
  size_t i;
  ra_free(o->statuses);
  for(i = 0; i < o->ntypes; i++)
    ra_free(o->types[i]);
  ra_free(o->types);
  for(i = 0; i < o->ncodes; i++)
    ra_free(o->codes[i]);
  ra_free(o->codes);
  for(i = 0; i < o->nroots; i++)
    ra_free(o->roots[i]);
  ra_free(o->roots);
  for(i = 0; i < o->ncontent_types; i++)
    ra_free(o->content_types[i]);
  ra_free(o->content_types);
  ra_free(o->note);
}

static const char *profile_list(char *buf, size_t len)
{
  join_names(buf, len, profile_names);
  return buf;
}

/* Profiles come first (they decide what request options may say): from
 * 'profiles' or the keys of 'expect'. */
static ra_code parse_profiles(struct cp *p, json_t *root)
{
  json_t *exp = json_object_get(root, "expect");
  json_t *prof = json_object_get(root, "profiles");
  const char *key;
  json_t *val;
  unsigned from_expect = 0;
  char list[100]; /* the profile names, joined only for a message */

  if(!exp)
    return fail(p, "missing required field 'expect' in the case");
  ra_jsonpos_push_key(&p->doc.path, "expect");
  if(!json_is_object(exp)) {
    ra_code result = fail(p, "'expect' must be an object (profile -> "
                          "outcomes), not %s", json_kind(exp));
    ra_jsonpos_pop(&p->doc.path);
    return result;
  }
  json_object_foreach(exp, key, val) {
    int idx = name_index(profile_names, key);
    if(idx < 0) {
      ra_code result = fail_key(p, key, "'expect' keys are profiles (%s), "
                                "not '%s'", profile_list(list, sizeof(list)),
                                key);
      ra_jsonpos_pop(&p->doc.path);
      return result;
    }
    from_expect |= RA_PROFILE_BIT(idx);
  }
  ra_jsonpos_pop(&p->doc.path);
  if(!from_expect)
    return fail_val(p, "expect", "'expect' needs at least one profile");
  if(!prof) {
    p->c->profiles = from_expect;
    return RA_OK;
  }
  if(!json_is_array(prof) || !json_array_size(prof))
    return fail_val(p, "profiles", "'profiles' must be a non-empty list of "
                    "profiles (%s)", profile_list(list, sizeof(list)));
  {
    size_t i;
    for(i = 0; i < json_array_size(prof); i++) {
      json_t *e = json_array_get(prof, i);
      int idx = json_is_string(e) ? name_index(profile_names,
                                               json_string_value(e)) : -1;
      ra_code result = RA_OK;
      ra_jsonpos_push_key(&p->doc.path, "profiles");
      ra_jsonpos_push_index(&p->doc.path, i);
      if(idx < 0)
        result = fail(p, "'profiles' entries must be %s",
                      profile_list(list, sizeof(list)));
      else if(p->c->profiles & RA_PROFILE_BIT(idx))
        result = fail(p, "profile '%s' is listed twice", profile_names[idx]);
      else if(!(from_expect & RA_PROFILE_BIT(idx)))
        result = fail(p, "profile '%s' has no outcomes in 'expect'",
                      profile_names[idx]);
      ra_jsonpos_pop(&p->doc.path);
      ra_jsonpos_pop(&p->doc.path);
      if(result)
        return result;
      p->c->profiles |= RA_PROFILE_BIT(idx);
    }
  }
  if(from_expect & ~p->c->profiles) {
    int idx = (from_expect & ~p->c->profiles) & LEG ? 0 : 1;
    ra_code result;
    ra_jsonpos_push_key(&p->doc.path, "expect");
    result = fail_key(p, profile_names[idx], "'expect' has outcomes for "
                      "'%s', which 'profiles' does not list",
                      profile_names[idx]);
    ra_jsonpos_pop(&p->doc.path);
    return result;
  }
  return RA_OK;
}

static ra_code parse_expect(struct cp *p, json_t *exp)
{
  int prof;
  ra_code result = RA_OK;
  ra_jsonpos_push_key(&p->doc.path, "expect");
  for(prof = 0; prof < RA_PROFILE_COUNT && !result; prof++) {
    json_t *list = json_object_get(exp, profile_names[prof]);
    struct ra_case_expect *e = &p->c->expect[prof];
    size_t i;
    if(!list)
      continue;
    ra_jsonpos_push_key(&p->doc.path, profile_names[prof]);
    if(!json_is_array(list) || !json_array_size(list))
      result = fail(p, "the outcomes of '%s' must be a non-empty list",
                    profile_names[prof]);
    else
      e->items = ra_calloc(json_array_size(list), sizeof(*e->items));
    for(i = 0; !result && i < json_array_size(list); i++) {
      ra_jsonpos_push_index(&p->doc.path, i);
      e->count++;
      result = parse_outcome(p, json_array_get(list, i), (ra_profile)prof,
                             &e->items[i]);
      ra_jsonpos_pop(&p->doc.path);
    }
    ra_jsonpos_pop(&p->doc.path);
  }
  ra_jsonpos_pop(&p->doc.path);
  return result;
}

/* ---- top level ------------------------------------------------------ */

static int id_valid(const char *id)
{
  const char *s = id;
  size_t letters = 0, digits = 0;
  if(strncmp(s, "RA-", 3))
    return 0;
  s += 3;
  while(*s >= 'A' && *s <= 'Z') {
    s++;
    letters++;
  }
  if(!letters || *s++ != '-')
    return 0;
  while(*s >= '0' && *s <= '9') {
    s++;
    digits++;
  }
  return digits == 4 && !*s;
}

static ra_code parse_source(struct cp *p, json_t *j)
{
  static const char *const keys[] = {"kind", "quote", "citation", "reasoning",
                                     "ref", "unconfirmed", "note", NULL};
  static const char *const need[] = {"quote", "citation", "reasoning"};
  struct ra_case_source *s = &p->c->source;
  ra_code result;
  int kind = 0;
  result = need_object(p, j, "'source'");
  if(!result)
    result = check_members(p, j, keys, "source");
  if(!result)
    result = get_enum(p, j, "kind", 1, "source", source_names, &kind);
  if(!result)
    result = get_str(p, j, "quote", 0, "source", &s->quote);
  if(!result)
    result = get_str(p, j, "citation", 0, "source", &s->citation);
  if(!result)
    result = get_str(p, j, "reasoning", 0, "source", &s->reasoning);
  if(!result)
    result = get_str(p, j, "ref", 0, "source", &s->ref);
  if(!result)
    result = get_str(p, j, "note", 0, "source", &s->note);
  if(!result)
    result = get_bool(p, j, "unconfirmed", &s->unconfirmed);
  if(result)
    return result;
  s->kind = (ra_source_kind)kind;
  {
    const char *have = kind == 0 ? s->quote : kind == 1 ? s->citation
                                                        : s->reasoning;
    if(!have)
      return fail(p, "a '%s' source needs '%s'", source_names[kind],
                  need[kind]);
    if(!have[0])
      return fail_val(p, need[kind], "'%s' must not be empty", need[kind]);
  }
  return RA_OK;
}

static ra_code parse_needs(struct cp *p, json_t *j)
{
  static const char *const keys[] = {"fixture", "fixture_owner", "requesters",
                                     "observe", NULL};
  struct ra_case_needs *n = &p->c->needs;
  ra_code result;
  int fixture = 0, owner = 0;
  json_t *reqs;
  result = need_object(p, j, "'needs'");
  if(!result)
    result = check_members(p, j, keys, "needs");
  if(!result)
    result = get_enum(p, j, "fixture", 0, "needs", fixture_names, &fixture);
  if(!result)
    result = get_enum(p, j, "fixture_owner", 0, "needs", owner_names, &owner);
  if(result)
    return result;
  n->fixture = (ra_fixture_state)fixture;
  n->fixture_owner = (ra_requester)owner;
  n->observe = fixture != 0;
  if(json_object_get(j, "fixture_owner") && !fixture)
    return fail_key(p, "fixture_owner", "'fixture_owner' needs 'fixture'");
  if(json_object_get(j, "observe") && !fixture)
    return fail_key(p, "observe", "'observe' needs 'fixture'");
  result = get_bool(p, j, "observe", &n->observe);
  if(result)
    return result;
  if(fixture)
    n->requesters |= RA_REQUESTER_BIT(n->fixture_owner);
  reqs = json_object_get(j, "requesters");
  if(reqs) {
    size_t i;
    if(!json_is_array(reqs))
      return fail_val(p, "requesters", "'requesters' must be a list of "
                      "\"owner\"/\"other\"");
    for(i = 0; i < json_array_size(reqs); i++) {
      json_t *e = json_array_get(reqs, i);
      int idx = json_is_string(e) ? name_index(owner_names,
                                               json_string_value(e)) : -1;
      if(idx < 0) {
        ra_jsonpos_push_key(&p->doc.path, "requesters");
        ra_jsonpos_push_index(&p->doc.path, i);
        result = fail(p, "'requesters' entries must be \"owner\" or "
                      "\"other\"");
        ra_jsonpos_pop(&p->doc.path);
        ra_jsonpos_pop(&p->doc.path);
        return result;
      }
      n->requesters |= RA_REQUESTER_BIT(idx);
    }
  }
  return RA_OK;
}

static const char *base_name(const char *path)
{
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

static ra_code parse_case(struct cp *p, json_t *root, int check_name)
{
  /* "generator" marks a file written by scripts/gen-cases.py (which then
   * owns it); the runner only checks that it is a string. */
  static const char *const keys[] = {"id", "generator", "title", "area",
                                     "tags", "level", "source", "profiles",
                                     "needs", "request", "expect", NULL};
  struct ra_case *c = p->c;
  ra_code result;
  int level = 0;
  json_t *j;
  const char *where = "the case";

  if(!json_is_object(root))
    return fail(p, "a case must be a JSON object, not %s", json_kind(root));
  result = check_members(p, root, keys, where);
  if(!result)
    result = get_str(p, root, "id", 1, where, &c->id);
  if(!result && json_object_get(root, "generator") &&
     !json_is_string(json_object_get(root, "generator")))
    result = fail_val(p, "generator", "'generator' must be a string (the "
                      "script that writes this file)");
  if(!result && !id_valid(c->id))
    result = fail_val(p, "id", "id '%s' does not match ^RA-[A-Z]+-[0-9]{4}$",
                      c->id);
  if(!result)
    result = get_str(p, root, "title", 1, where, &c->title);
  if(!result && (!c->title[0] || strchr(c->title, '\n') ||
                 ra_utf8_codepoints(c->title, strlen(c->title)) > 120))
    result = fail_val(p, "title", "'title' must be one non-empty line of at "
                      "most 120 characters");
  if(!result)
    result = get_str(p, root, "area", 1, where, &c->area);
  if(!result && name_index(area_names, c->area) < 0) {
    char list[200];
    join_names(list, sizeof(list), area_names);
    result = fail_val(p, "area", "'area' must be %s, not '%s'", list,
                      c->area);
  }
  if(!result)
    result = get_enum(p, root, "level", 1, where, level_names, &level);
  if(result)
    return result;
  c->level = (ra_level)level;

  j = json_object_get(root, "tags");
  if(j) {
    size_t i;
    if(!json_is_array(j))
      return fail_val(p, "tags", "'tags' must be a list of strings");
    c->tags = ra_calloc(json_array_size(j) + 1, sizeof(char *));
    for(i = 0; i < json_array_size(j); i++) {
      json_t *e = json_array_get(j, i);
      const char *s = json_is_string(e) ? json_string_value(e) : "";
      int ok = s[0] != '\0';
      for(; *s && ok; s++)
        ok = (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-';
      if(!ok) {
        ra_jsonpos_push_key(&p->doc.path, "tags");
        ra_jsonpos_push_index(&p->doc.path, i);
        result = fail(p, "a tag must be a string of [a-z0-9-]+");
        ra_jsonpos_pop(&p->doc.path);
        ra_jsonpos_pop(&p->doc.path);
        return result;
      }
      c->tags[c->ntags++] = ra_strdup(json_string_value(e));
    }
  }

  j = json_object_get(root, "source");
  if(!j)
    return fail(p, "missing required field 'source' in the case");
  ra_jsonpos_push_key(&p->doc.path, "source");
  result = parse_source(p, j);
  ra_jsonpos_pop(&p->doc.path);
  if(result)
    return result;

  result = parse_profiles(p, root);
  if(result)
    return result;

  j = json_object_get(root, "needs");
  if(j) {
    ra_jsonpos_push_key(&p->doc.path, "needs");
    result = parse_needs(p, j);
    ra_jsonpos_pop(&p->doc.path);
    if(result)
      return result;
  }

  j = json_object_get(root, "request");
  if(!j)
    return fail(p, "missing required field 'request' in the case");
  ra_jsonpos_push_key(&p->doc.path, "request");
  result = ra_case_request_parse(p, j, &c->request, 0);
  ra_jsonpos_pop(&p->doc.path);
  if(result)
    return result;

  result = parse_expect(p, json_object_get(root, "expect"));
  if(result)
    return result;

  if(check_name) {
    const char *base = base_name(p->doc.source);
    size_t idlen = strlen(c->id);
    if(strncmp(base, c->id, idlen) || strcmp(base + idlen, ".json"))
      return fail_val(p, "id", "id '%s' does not match the file name '%s' "
                      "(expected '%s.json')", c->id, base, c->id);
  }
  return RA_OK;
}

static ra_code parse_text(struct ra_case **out, const char *text, size_t len,
                          const char *source, int check_name,
                          struct ra_error *err)
{
  struct cp p;
  json_t *root;
  ra_code result;

  *out = NULL;
  result = ra_jsonpos_load(&p.doc, text, len, JSON_ALLOW_NUL, source, err,
                           RA_E_PARSE, &root);
  if(result)
    return result;
  p.doc.code = RA_E_INVALID;
  p.c = ra_calloc(1, sizeof(*p.c));
  p.c->file = ra_strdup(source);
  result = parse_case(&p, root, check_name);
  json_decref(root);
  if(result) {
    ra_case_free(p.c);
    return result;
  }
  *out = p.c;
  return RA_OK;
}

ra_code ra_case_parse(struct ra_case **out, const char *text, size_t len,
                      const char *source, struct ra_error *err)
{
  return parse_text(out, text, len, source ? source : "<input>", 0, err);
}

ra_code ra_case_load(struct ra_case **out, const char *path,
                     struct ra_error *err)
{
  struct ra_buf buf;
  ra_code result;

  *out = NULL;
  ra_buf_init(&buf, CASE_FILE_MAX);
  result = ra_file_read(&buf, path, err);
  if(!result)
    result = parse_text(out, ra_buf_str(&buf), buf.len, path, 1, err);
  ra_buf_free(&buf);
  return result;
}

void ra_case_free(struct ra_case *c)
{
  size_t i;
  int prof;
  if(!c)
    return;
  ra_free(c->id);
  ra_free(c->title);
  ra_free(c->area);
  ra_free(c->file);
  for(i = 0; i < c->ntags; i++)
    ra_free(c->tags[i]);
  ra_free(c->tags);
  ra_free(c->source.ref);
  ra_free(c->source.quote);
  ra_free(c->source.citation);
  ra_free(c->source.reasoning);
  ra_free(c->source.note);
  ra_case_request_free(&c->request);
  for(prof = 0; prof < RA_PROFILE_COUNT; prof++) {
    for(i = 0; i < c->expect[prof].count; i++)
      free_outcome(&c->expect[prof].items[i]);
    ra_free(c->expect[prof].items);
  }
  ra_free(c);
}
