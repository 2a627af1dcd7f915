/* raconform sign: prints one complete signed RejectAssignment request, or
 * with --case the bytes `raconform run` sends for a catalogue case (the same
 * builder, runner/exec on proto/request, and the same serializer).
 *
 * This is the one place that prints a real signature: the user asked for
 * the signed request. --verbose adds the string to sign (and for SigV4 the
 * canonical request) on stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/clock.h"
#include "proto/param.h"
#include "proto/request.h"
#include "proto/header.h"
#include "proto/signer.h"
#include "proto/sigv4.h"
#include "proto/urlenc.h"
#include "runner/caseset.h"
#include "runner/exec.h"
#include "runner/target.h"
#include "tool/tool_catalogue.h"
#include "tool/tool.h"
#include "tool/tool_opt.h"

static const char usage_text[] =
  "usage: raconform sign --profile legacy-2014|json-2017\n"
  "         --access-key-id ID --secret-access-key KEY --time ISO8601\n"
  "         [--endpoint URL] [--param NAME=VALUE]... [--method GET|POST]\n"
  "         [--signature mturk|sigv1] [--verbose]\n"
  "       raconform sign --case ID [--case ID]... --profile P\n"
  "         --time ISO8601 [--cases DIR] [--assignment ID]\n"
  "         [--target FILE | --endpoint URL --access-key-id ID\n"
  "          --secret-access-key KEY]\n"
  "Prints the signed request (request line, headers, blank line, body).\n"
  "With --case (repeatable), prints the bytes `raconform run` sends for\n"
  "each case at that time, in order (CRLF line ends; set-up steps first,\n"
  "then the request as often as the case sends it); --assignment fills\n"
  "the fixture reference.\n"
  "--time is sent as given for legacy-2014 (Timestamp) and converted to\n"
  "YYYYMMDDTHHMMSSZ for json-2017. --param NAME=VALUE adds an operation\n"
  "parameter (default: AssignmentId and RequesterFeedback examples).\n";

#define DEFAULT_LEGACY_ENDPOINT "https://mechanicalturk.amazonaws.com/"
#define DEFAULT_JSON_ENDPOINT "https://mturk-requester.us-east-1.amazonaws.com/"

static void verbose_legacy(const struct ra_legacy_opts *o,
                           const struct ra_http_request *req)
{
  struct ra_buf s;
  ra_buf_init(&s, RA_BUF_UNLIMITED);
  if(o->sig == RA_LEGACY_SIG_V1) {
    struct ra_params p;
    const char *q = req->body ? req->body : strchr(req->target, '?');
    size_t len;
    if(!req->body)
      q = q ? q + 1 : "";
    len = req->body ? req->body_len : strlen(q);
    ra_params_init(&p);
    if(!ra_urlenc_parse_query(&p, q, len, RA_URLENC_FORM, (size_t)-1))
      ra_signer_sigv1_string(&s, &p);
    ra_params_free(&p);
  }
  else
    ra_signer_mturk_string(&s, NULL, o->operation, o->timestamp);
  fprintf(stderr, "# string to sign\n%s\n", ra_buf_str(&s));
  ra_buf_free(&s);
}

static void verbose_json(const struct ra_http_request *req,
                         const struct ra_json_opts *o)
{
  /* Recompute the pipeline over the request as built, so what is shown is
   * what was signed. */
  struct ra_sigv4_authz a;
  struct ra_sigv4_input in;
  struct ra_sigv4_output out;
  struct ra_headers h;
  size_t i;
  memset(&in, 0, sizeof(in));
  ra_headers_init(&h);
  for(i = 0; i < req->headers.count; i++) {
    if(strcmp(req->headers.items[i].name, "Authorization"))
      ra_headers_add(&h, req->headers.items[i].name,
                     req->headers.items[i].value);
  }
  if(ra_sigv4_parse_authorization(&a,
                                  ra_headers_get(&req->headers,
                                                 "Authorization"))) {
    ra_headers_free(&h);
    return;
  }
  in.method = req->method;
  in.path = req->target;
  in.headers = &h;
  in.payload = req->body;
  in.payload_len = req->body_len;
  in.payload_hash = ra_headers_get(&h, "X-Amz-Content-Sha256");
  in.signed_headers = a.signed_headers;
  in.access_key_id = o->access_key_id;
  in.secret = o->secret;
  in.region = a.region;
  in.service = a.service;
  in.amz_date = o->amz_date;
  ra_sigv4_output_init(&out);
  if(!ra_sigv4_sign(&out, &in))
    fprintf(stderr, "# canonical request\n%s\n# string to sign\n%s\n",
            ra_buf_str(&out.canonical_request),
            ra_buf_str(&out.string_to_sign));
  ra_sigv4_output_free(&out);
  ra_sigv4_authz_free(&a);
  ra_headers_free(&h);
}

static void usage(FILE *out)
{
  fputs(usage_text, out);
}

enum {
  OPT_PROFILE = 256, OPT_ACCESS_KEY_ID, OPT_SECRET, OPT_TIME, OPT_ENDPOINT,
  OPT_METHOD, OPT_SIGNATURE, OPT_PARAM, OPT_VERBOSE, OPT_CASE, OPT_CASES,
  OPT_TARGET, OPT_ASSIGNMENT
};

static const struct ra_tool_optdef sign_opts[] = {
  {"profile", OPT_PROFILE, 1},
  {"access-key-id", OPT_ACCESS_KEY_ID, 1},
  {"secret-access-key", OPT_SECRET, 1},
  {"time", OPT_TIME, 1},
  {"endpoint", OPT_ENDPOINT, 1},
  {"method", OPT_METHOD, 1},
  {"signature", OPT_SIGNATURE, 1},
  {"param", OPT_PARAM, 1},
  {"verbose", OPT_VERBOSE, 0},
  {"case", OPT_CASE, 1},
  {"cases", OPT_CASES, 1},
  {"target", OPT_TARGET, 1},
  {"assignment", OPT_ASSIGNMENT, 1},
  {NULL, 0, 0}
};

/* What --case needs: the case, how and where it is sent. */
struct case_args {
  const char **ids;             /* every --case, in order */
  size_t nids;
  const char *cases_dir;
  const char *target_file;
  const char *endpoint;
  const char *ak;
  const char *secret;
  const char *assignment;
  ra_profile profile;
  int64_t ms;
};

/* The target to sign for: a target file, or an endpoint and the owner's
 * keys given on the command line. NULL after printing the error. */
static struct ra_target *case_target(const struct case_args *a)
{
  struct ra_target *t;
  struct ra_error err = RA_ERROR_INIT;
  if(a->target_file) {
    ra_error_clear(&err);
    if(ra_target_load(&t, a->target_file, &err)) {
      fprintf(stderr, "raconform sign: ");
      ra_error_print(&err, stderr);
      return NULL;
    }
    return t;
  }
  if(!a->ak || !*a->ak || !a->secret || !*a->secret) {
    (void)ra_tool_usage_error("sign", "--case needs --target FILE, or "
                              "--access-key-id and --secret-access-key");
    return NULL;
  }
  t = ra_calloc(1, sizeof(*t));
  t->endpoint = ra_strdup(a->endpoint ? a->endpoint :
                          a->profile == RA_PROFILE_JSON ?
                          DEFAULT_JSON_ENDPOINT : DEFAULT_LEGACY_ENDPOINT);
  t->profiles = RA_PROFILE_ALL;
  t->requesters[RA_REQUESTER_OWNER].present = 1;
  t->requesters[RA_REQUESTER_OWNER].access_key_id = ra_strdup(a->ak);
  t->requesters[RA_REQUESTER_OWNER].secret_access_key = ra_strdup(a->secret);
  return t;
}

/* Appends the wire bytes of one request of case c to out. */
static int case_request(struct ra_buf *out, const struct ra_case *c,
                        const struct ra_case_request *r,
                        const struct ra_exec_ctx *ctx, ra_profile p)
{
  struct ra_exec_out built;
  struct ra_buf why;
  int rc = RA_EXIT_OK;
  ra_exec_out_init(&built);
  ra_buf_init(&why, RA_BUF_UNLIMITED);
  if(ra_exec_build(&built, r, p, ctx, &why))
    rc = ra_tool_usage_error("sign", "case '%s': %s", c->id,
                             ra_buf_str(&why));
  else if(ra_http_request_wire(out, &built.req))
    rc = ra_tool_usage_error("sign", "cannot format the request");
  ra_buf_free(&why);
  ra_exec_out_free(&built);
  return rc;
}

/* Every request run sends for case id, in order: set-up steps, then the
 * request as often as the case sends it. */
static int sign_one_case(struct ra_buf *out, const struct ra_caseset *set,
                         const char *id, const struct case_args *a,
                         const struct ra_target *t)
{
  struct ra_exec_ctx ctx;
  struct ra_buf reason;
  const struct ra_case *c = ra_caseset_find(set, id);
  int64_t fixed = a->ms;
  unsigned n, i;
  int rc = RA_EXIT_USAGE;
  ra_buf_init(&reason, RA_BUF_UNLIMITED);
  if(!c)
    (void)ra_tool_usage_error("sign", "no case '%s' in the catalogue", id);
  else if(ra_case_skip_reason(c, a->profile, a->target_file ? t : NULL,
                              &reason))
    (void)ra_tool_usage_error("sign", "case '%s' is not run for %s: %s",
                              c->id, ra_profile_name(a->profile),
                              ra_buf_str(&reason));
  else
    rc = RA_EXIT_OK;
  ra_buf_free(&reason);
  if(rc)
    return rc;
  memset(&ctx, 0, sizeof(ctx));
  ctx.target = t;
  ctx.clock = ra_clock_fixed(&fixed);
  ctx.assignment_id = a->assignment;
  for(i = 0; i < c->request.nsetup && !rc; i++)
    rc = case_request(out, c, &c->request.setup[i], &ctx, a->profile);
  n = c->request.concurrent >= 2 ? c->request.concurrent :
    c->request.repeat ? c->request.repeat : 1;
  for(i = 0; i < n && !rc; i++)
    rc = case_request(out, c, &c->request, &ctx, a->profile);
  return rc;
}

/* sign --case: the requests of every case named, in the order named. */
static int sign_case(const struct case_args *a)
{
  struct ra_caseset set;
  struct ra_target *t = NULL;
  struct ra_buf out;
  size_t i;
  int rc;
  ra_caseset_init(&set);
  ra_buf_init(&out, RA_BUF_UNLIMITED);
  rc = ra_tool_load_catalogue("sign", a->cases_dir, &set);
  if(rc)
    goto done;
  t = case_target(a);
  if(!t) {
    rc = RA_EXIT_USAGE;
    goto done;
  }
  for(i = 0; i < a->nids && !rc; i++)
    rc = sign_one_case(&out, &set, a->ids[i], a, t);
  if(!rc)
    fwrite(out.ptr, 1, out.len, stdout);
done:
  ra_target_free(t);
  ra_caseset_free(&set);
  ra_buf_free(&out);
  return rc;
}

/* --time, required and parsed: 0, or the usage error's exit code. */
static int parse_time(const char *time_text, int64_t *ms)
{
  if(!time_text)
    return ra_tool_usage_error("sign", "missing --time");
  if(ra_clock_parse_iso8601(time_text, ms))
    return ra_tool_usage_error("sign", "malformed time '%s'", time_text);
  return 0;
}

int ra_tool_sign(int argc, char **argv)
{
  const char *profile_name = NULL;
  const char *ak = NULL;
  const char *secret = NULL;
  const char *time_text = NULL;
  const char *endpoint = NULL;
  const char *method = NULL;
  const char *sig_name = NULL;
  int verbose = 0;
  struct case_args ca;
  ra_profile profile;
  struct ra_params params;
  struct ra_http_request req;
  struct ra_buf out;
  int64_t ms;
  int rc = RA_EXIT_USAGE;
  struct ra_tool_opts op;
  const char *v;
  int key;
  memset(&ca, 0, sizeof(ca));
  ra_params_init(&params);
  ra_http_request_init(&req);
  ra_buf_init(&out, RA_BUF_UNLIMITED);
  ra_tool_opts_init(&op, "sign", sign_opts, usage, argc, argv);
  while((key = ra_tool_opts_next(&op, &v)) != RA_TOOL_OPT_END) {
    switch(key) {
    case RA_TOOL_OPT_EXIT:
      rc = op.exit_code;
      goto done;
    case OPT_VERBOSE: verbose = 1; break;
    case OPT_PROFILE: profile_name = v; break;
    case OPT_ACCESS_KEY_ID: ak = v; break;
    case OPT_SECRET: secret = v; break;
    case OPT_TIME: time_text = v; break;
    case OPT_ENDPOINT: endpoint = v; break;
    case OPT_METHOD: method = v; break;
    case OPT_SIGNATURE: sig_name = v; break;
    case OPT_CASE:
      if(!ca.ids)
        ca.ids = ra_calloc((size_t)argc, sizeof(*ca.ids));
      ca.ids[ca.nids++] = v;
      break;
    case OPT_CASES: ca.cases_dir = v; break;
    case OPT_TARGET: ca.target_file = v; break;
    case OPT_ASSIGNMENT: ca.assignment = v; break;
    case OPT_PARAM: {
      const char *eq = strchr(v, '=');
      char *name;
      if(!eq || eq == v) {
        rc = ra_tool_usage_error("sign", "malformed parameter '%s' (want "
                                 "NAME=VALUE)", v);
        goto done;
      }
      name = ra_strndup(v, (size_t)(eq - v));
      ra_params_adds(&params, name, eq + 1);
      ra_free(name);
      break;
    }
    default: break;
    }
  }
  rc = ra_tool_opts_no_operands(&op);
  if(rc)
    goto done;
  rc = RA_EXIT_USAGE;
  if(!profile_name) {
    rc = ra_tool_usage_error("sign", "missing --profile");
    goto done;
  }
  if(ra_profile_parse(profile_name, &profile)) {
    rc = ra_tool_usage_error("sign", "unknown profile '%s'", profile_name);
    goto done;
  }
  if(ca.nids) {
    if(method || sig_name || params.count || verbose) {
      rc = ra_tool_usage_error("sign", "--case takes its method, signature "
                               "and parameters from the case (no --method, "
                               "--signature, --param or --verbose)");
      goto done;
    }
    if(ca.target_file && (endpoint || ak || secret)) {
      rc = ra_tool_usage_error("sign", "--target names the endpoint and "
                               "keys (no --endpoint or keys with it)");
      goto done;
    }
    rc = parse_time(time_text, &ca.ms);
    if(rc)
      goto done;
    ca.profile = profile;
    ca.endpoint = endpoint;
    ca.ak = ak;
    ca.secret = secret;
    rc = sign_case(&ca);
    goto done;
  }
  if(ca.cases_dir || ca.target_file || ca.assignment) {
    rc = ra_tool_usage_error("sign", "--cases, --target and --assignment "
                             "go with --case");
    goto done;
  }
  if(!ak || !*ak) {
    rc = ra_tool_usage_error("sign", "missing --access-key-id");
    goto done;
  }
  if(!secret || !*secret) {
    rc = ra_tool_usage_error("sign", "missing --secret-access-key");
    goto done;
  }
  rc = parse_time(time_text, &ms);
  if(rc)
    goto done;
  rc = RA_EXIT_USAGE;
  if(method && strcmp(method, "GET") && strcmp(method, "POST")) {
    rc = ra_tool_usage_error("sign", "unknown method '%s'", method);
    goto done;
  }
  if(sig_name && strcmp(sig_name, "mturk") && strcmp(sig_name, "sigv1")) {
    rc = ra_tool_usage_error("sign", "unknown signature '%s'", sig_name);
    goto done;
  }
  if(profile == RA_PROFILE_JSON && ((method && strcmp(method, "POST")) ||
                                    sig_name)) {
    rc = ra_tool_usage_error("sign", "json-2017 is always POST with SigV4");
    goto done;
  }
  if(!params.count) {
    ra_params_adds(&params, "AssignmentId", "3EXAMPLEASSIGNMENTID");
    ra_params_adds(&params, "RequesterFeedback",
                   "Does not follow instructions.");
  }
  if(profile == RA_PROFILE_LEGACY) {
    struct ra_legacy_opts o;
    memset(&o, 0, sizeof(o));
    o.endpoint = endpoint ? endpoint : DEFAULT_LEGACY_ENDPOINT;
    o.access_key_id = ak;
    o.secret = secret;
    o.timestamp = time_text;
    o.operation = "RejectAssignment";
    o.version = "2014-08-15";
    o.use_post = method && !strcmp(method, "POST");
    o.sig = sig_name && !strcmp(sig_name, "sigv1") ? RA_LEGACY_SIG_V1 :
                                                     RA_LEGACY_SIG_MTURK;
    o.params = &params;
    if(ra_request_build_legacy(&req, &o)) {
      rc = ra_tool_usage_error("sign", "cannot build a request for endpoint "
                               "'%s'", o.endpoint);
      goto done;
    }
    if(verbose)
      verbose_legacy(&o, &req);
  }
  else {
    struct ra_json_opts o;
    char amz[17];
    ra_clock_format_amz(ms, amz);
    memset(&o, 0, sizeof(o));
    o.endpoint = endpoint ? endpoint : DEFAULT_JSON_ENDPOINT;
    o.access_key_id = ak;
    o.secret = secret;
    o.amz_date = amz;
    o.operation = "RejectAssignment";
    o.escape = RA_JSON_ESCAPE_ASCII;
    o.params = &params;
    if(ra_request_build_json(&req, &o)) {
      rc = ra_tool_usage_error("sign", "cannot build a request for endpoint "
                               "'%s' (parameter values must be UTF-8)",
                               o.endpoint);
      goto done;
    }
    if(verbose)
      verbose_json(&req, &o);
  }
  if(ra_http_request_format(&out, &req, 0)) {
    rc = ra_tool_usage_error("sign", "cannot format the request");
    goto done;
  }
  fwrite(out.ptr, 1, out.len, stdout);
  if(out.len && out.ptr[out.len - 1] != '\n')
    fputc('\n', stdout);
  rc = RA_EXIT_OK;
done:
  ra_free(ca.ids);
  ra_tool_opts_free(&op);
  ra_params_free(&params);
  ra_http_request_free(&req);
  ra_buf_free(&out);
  return rc;
}
