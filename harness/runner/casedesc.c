/* Human descriptions of a parsed case (what is sent, what is expected,
 * the source of the expectation), used by reports, the runner's messages
 * and the catalogue (runner/catalogue). */
#include "runner/casedesc.h"

#include "proto/request.h"
#include "runner/value.h"

static int request_uses_uescape(const struct ra_case_request *r)
{
  size_t i;
  for(i = 0; i < r->nparams; i++) {
    if(ra_value_has_uescape(r->params[i].value))
      return 1;
  }
  for(i = 0; i < r->nextra; i++) {
    if(ra_value_has_uescape(r->extra_params[i].value))
      return 1;
  }
  for(i = 0; i < r->nsetup; i++) {
    if(request_uses_uescape(&r->setup[i]))
      return 1;
  }
  return 0;
}

int ra_case_uses_uescape(const struct ra_case *c)
{
  return request_uses_uescape(&c->request);
}

static ra_code add_list(struct ra_buf *out, const char *label, char **items,
                        size_t n)
{
  ra_code result = ra_buf_addf(out, ", %s ", label);
  size_t i;
  for(i = 0; !result && i < n; i++)
    result = ra_buf_addf(out, "%s%s", i ? "|" : "", items[i]);
  return result;
}

static ra_code describe_post(struct ra_buf *out, const struct ra_case *c,
                             const struct ra_outcome *o)
{
  const char *state, *feedback;
  if(c->needs.fixture == RA_FIXTURE_NONE || !c->needs.observe)
    return RA_OK;
  if(o->kind == RA_OUTCOME_ANY && !o->post.has_state && !o->post.feedback)
    return ra_buf_adds(out, "; post: by answer");
  if(o->post.has_state)
    state = ra_fixture_state_name(o->post.state);
  else
    state = o->kind == RA_OUTCOME_SUCCESS ? "Rejected" : "unchanged";
  switch(o->post.feedback) {
  case RA_POST_FEEDBACK_UNCHANGED: feedback = "unchanged"; break;
  case RA_POST_FEEDBACK_SENT: feedback = "as sent"; break;
  case RA_POST_FEEDBACK_FIRST_SENT: feedback = "the first value sent"; break;
  case RA_POST_FEEDBACK_LAST_SENT: feedback = "the last value sent"; break;
  case RA_POST_FEEDBACK_NONE: feedback = "none"; break;
  default:
    feedback = o->kind == RA_OUTCOME_SUCCESS ? "as sent" : "unchanged";
    break;
  }
  return ra_buf_addf(out, "; post: state %s, feedback %s", state, feedback);
}

ra_code ra_case_describe_expect(struct ra_buf *out, const struct ra_case *c,
                                ra_profile p)
{
  ra_code result = RA_OK;
  const struct ra_case_expect *e;
  size_t i, k;
  if((unsigned)p >= RA_PROFILE_COUNT)
    return RA_E_INVALID;
  e = &c->expect[p];
  for(i = 0; !result && i < e->count; i++) {
    const struct ra_outcome *o = &e->items[i];
    result = ra_buf_addf(out, "%s%s: %s", i ? "\n" : "",
                         ra_grade_name(o->grade),
                         ra_outcome_kind_name(o->kind));
    if(!result && o->nstatuses) {
      result = ra_buf_adds(out, ", status ");
      for(k = 0; !result && k < o->nstatuses; k++)
        result = ra_buf_addf(out, "%s%d", k ? "|" : "", o->statuses[k]);
    }
    if(!result && o->ntypes)
      result = add_list(out, "type", o->types, o->ntypes);
    if(!result && o->ncodes)
      result = add_list(out, "code", o->codes, o->ncodes);
    if(!result && o->envelope)
      result = ra_buf_addf(out, ", envelope %s", ra_case_envelope_name(o->envelope));
    if(!result && o->nroots)
      result = add_list(out, "root", o->roots, o->nroots);
    if(!result && o->ncontent_types)
      result = add_list(out, "content type", o->content_types,
                        o->ncontent_types);
    if(!result && o->has_when)
      result = ra_buf_addf(out, ", when feedback_length_unit=%s",
                           ra_length_unit_name(o->when_length_unit));
    if(!result)
      result = describe_post(out, c, o);
    if(!result && o->note)
      result = ra_buf_addf(out, " (%s)", o->note);
  }
  return result;
}

/* A json-2017 member the model makes boolean is described as the literal
 * the executor sends. */
static int json_boolean_param(const struct ra_case_param *cp, ra_profile p)
{
  return p == RA_PROFILE_JSON && cp->value->kind == RA_VALUE_STRING &&
         ra_request_json_is_boolean(cp->name, cp->value->text,
                                    cp->value->text_len);
}

static ra_code describe_params(struct ra_buf *out,
                               const struct ra_case_param *params, size_t n,
                               ra_profile p, int *first)
{
  ra_code result = RA_OK;
  size_t i;
  for(i = 0; !result && i < n; i++) {
    result = ra_buf_addf(out, "%s%s = ", *first ? "" : ", ", params[i].name);
    if(result)
      break;
    if(json_boolean_param(&params[i], p))
      result = ra_buf_addf(out, "%s (JSON boolean)",
                           params[i].value->text);
    else
      result = ra_value_describe(out, params[i].value);
    *first = 0;
  }
  return result;
}

static ra_code describe_one_request(struct ra_buf *out,
                                    const struct ra_case_request *r,
                                    ra_profile p)
{
  ra_code result;
  int first = 1;
  result = ra_buf_addf(out, "%s signed by %s", r->operation,
                       ra_requester_name(r->signer));
  if(!result && (r->nparams || r->nextra))
    result = ra_buf_adds(out, ": ");
  if(!result)
    result = describe_params(out, r->params, r->nparams, p, &first);
  if(!result && r->nextra) {
    result = ra_buf_adds(out, first ? "then " : ", then ");
    first = 1;
    if(!result)
      result = describe_params(out, r->extra_params, r->nextra, p,
                               &first);
  }
  if(!result && !r->nparams && !r->nextra)
    result = ra_buf_adds(out, " with no parameters");
  if(!result && p == RA_PROFILE_LEGACY && r->has_legacy) {
    const struct ra_case_legacy *l = &r->legacy;
    result = ra_buf_addf(out, "; legacy %s%s", l->use_post ? "POST" : "GET",
                         l->signature == RA_LEGACY_SIG_V1 ? ", SigV1" : "");
    if(!result && l->version.set)
      result = ra_buf_addf(out, ", Version %s", l->version.is_null ? "left out"
                           : l->version.value);
    if(!result && l->service.set)
      result = ra_buf_addf(out, ", Service %s", l->service.is_null ? "left out"
                           : l->service.value);
    if(!result && l->operation.set)
      result = ra_buf_addf(out, ", Operation %s", l->operation.is_null
                           ? "left out" : l->operation.value);
    if(!result && l->content_type.set)
      result = ra_buf_addf(out, ", Content-Type %s", l->content_type.value);
    if(!result && l->raw_query.set)
      result = ra_buf_addf(out, ", raw query '%s'", l->raw_query.value);
    if(!result && l->raw_body.set)
      result = ra_buf_addf(out, ", raw body '%s'", l->raw_body.value);
  }
  if(!result && p == RA_PROFILE_JSON && r->has_json) {
    const struct ra_case_json *j = &r->json;
    result = ra_buf_addf(out, "; json %s%s",
                         j->method.set ? j->method.value : "POST",
                         j->escape == RA_JSON_ESCAPE_UTF8 ? ", raw UTF-8" : "");
    if(!result && j->target.set)
      result = ra_buf_addf(out, ", X-Amz-Target %s", j->target.is_null
                           ? "left out" : j->target.value);
    if(!result && j->content_type.set)
      result = ra_buf_addf(out, ", Content-Type %s", j->content_type.is_null
                           ? "left out" : j->content_type.value);
    if(!result && j->signed_headers.set)
      result = ra_buf_addf(out, ", signed headers %s",
                           j->signed_headers.value);
    if(!result && j->content_sha256)
      result = ra_buf_adds(out, ", with x-amz-content-sha256");
    if(!result && j->pad_to)
      result = ra_buf_addf(out, ", body padded to %ld bytes", j->pad_to);
    if(!result && j->raw_body.set)
      result = ra_buf_addf(out, ", raw body '%s'", j->raw_body.value);
  }
  if(!result && r->auth.mutation != RA_AUTH_NONE) {
    result = ra_buf_addf(out, "; auth: %s",
                         ra_auth_mutation_name(r->auth.mutation));
    if(!result && r->auth.mutation == RA_AUTH_TIME_OFFSET)
      result = ra_buf_addf(out, " %+ld s", r->auth.seconds);
    if(!result && r->auth.value)
      result = ra_buf_addf(out, " '%s'", r->auth.value);
  }
  return result;
}

ra_code ra_case_describe_request(struct ra_buf *out, const struct ra_case *c,
                                 ra_profile p)
{
  ra_code result = RA_OK;
  const struct ra_case_request *r = &c->request;
  size_t i;
  for(i = 0; !result && i < r->nsetup; i++) {
    result = ra_buf_adds(out, "first ");
    if(!result)
      result = describe_one_request(out, &r->setup[i], p);
    if(!result)
      result = ra_buf_adds(out, "; then ");
  }
  if(!result)
    result = describe_one_request(out, r, p);
  if(!result && r->repeat)
    result = ra_buf_addf(out, "; sent %u times in sequence", r->repeat);
  if(!result && r->concurrent)
    result = ra_buf_addf(out, "; %u copies sent at once", r->concurrent);
  return result;
}

ra_code ra_case_describe_source(struct ra_buf *out, const struct ra_case *c)
{
  const struct ra_case_source *s = &c->source;
  const char *text = s->kind == RA_SOURCE_DOC ? s->quote
                     : s->kind == RA_SOURCE_OBSERVED ? s->citation
                                                     : s->reasoning;
  return ra_buf_addf(out, "%s: %s", ra_source_kind_name(s->kind),
                     text ? text : "");
}
