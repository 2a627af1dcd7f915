/* legacy-2014 answers: XML through libxml2.
 *
 * Safety: no network (XML_PARSE_NONET), no entity substitution (no
 * XML_PARSE_NOENT), no DTD loading or validation, XML_PARSE_HUGE off (so
 * libxml2 keeps its 256-level depth and text-size limits). MTurk never sent
 * a DOCTYPE, so any document type declaration is refused outright: the SAX
 * internalSubset hook stops the parser the moment one starts, before any
 * entity declaration is read (billion laughs never gets a chance).
 *
 * Matching is on local names only (any namespace or prefix ignored), in the
 * order of the Ruby SDK's validateResponse (notes §1.6): top-level Errors,
 * then OperationRequest/Errors, then *Result/Request/Errors. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "core/alloc.h"
#include "response/response.h"
#include "response/response_int.h"

void ra_response_global_init(void)
{
  xmlInitParser();
}

struct xml_guard {
  int saw_doctype;
};

static void on_internal_subset(void *user, const xmlChar *name,
                               const xmlChar *external_id,
                               const xmlChar *system_id)
{
  xmlParserCtxtPtr ctxt = user;
  struct xml_guard *guard = ctxt->_private;
  (void)name;
  (void)external_id;
  (void)system_id;
  guard->saw_doctype = 1;
  xmlStopParser(ctxt);
}

/* The local part of an element name: libxml2 already splits declared
 * prefixes off, but an undeclared "p:Name" keeps its colon. */
static const char *local_name(const xmlNode *n)
{
  const char *name = (const char *)n->name;
  const char *colon = strrchr(name, ':');
  return colon ? colon + 1 : name;
}

static int name_is(const xmlNode *n, const char *want)
{
  return n && n->type == XML_ELEMENT_NODE && !strcmp(local_name(n), want);
}

static int name_ends_with(const xmlNode *n, const char *suffix)
{
  const char *name = local_name(n);
  size_t nlen = strlen(name);
  size_t slen = strlen(suffix);
  return nlen > slen && !strcmp(name + nlen - slen, suffix);
}

static xmlNode *child(const xmlNode *parent, const char *want)
{
  xmlNode *c;
  if(!parent)
    return NULL;
  for(c = parent->children; c; c = c->next)
    if(name_is(c, want))
      return c;
  return NULL;
}

static int is_xml_space(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Text content of an element with surrounding XML whitespace removed (a
 * pretty-printed answer may indent inside elements); NULL for no element. */
static char *text_of(const xmlNode *n)
{
  xmlChar *raw;
  const char *s;
  size_t len;
  char *copy;
  if(!n)
    return NULL;
  raw = xmlNodeGetContent(n);
  if(!raw)
    return ra_strdup("");
  s = (const char *)raw;
  while(*s && is_xml_space(*s))
    s++;
  len = strlen(s);
  while(len && is_xml_space(s[len - 1]))
    len--;
  copy = ra_strndup(s, len);
  xmlFree(raw);
  return copy;
}

/* Fills code/message/data from the first <Error> of an <Errors>. Returns 1
 * when an Error element was there. */
static int take_errors(struct ra_answer *out, const xmlNode *errors)
{
  xmlNode *error = child(errors, "Error");
  xmlNode *c;
  if(!error)
    return 0;
  out->error_code = text_of(child(error, "Code"));
  out->message = text_of(child(error, "Message"));
  for(c = error->children; c; c = c->next) {
    char *key;
    char *value;
    if(!name_is(c, "Data"))
      continue;
    key = text_of(child(c, "Key"));
    value = text_of(child(c, "Value"));
    ra_answer_add_data(out, key, value);
    ra_free(key);
    ra_free(value);
  }
  return 1;
}

static int is_2xx(int status)
{
  return status >= 200 && status <= 299;
}

/* <Response><Errors>...</Errors><RequestID/></Response> (notes §1.6 form 3):
 * an error whatever the status. */
static void front_door(struct ra_answer *out, const xmlNode *root)
{
  xmlNode *id = child(root, "RequestID");
  if(!id)
    id = child(root, "RequestId");
  out->request_id = text_of(id);
  if(take_errors(out, child(root, "Errors"))) {
    out->kind = RA_ANSWER_ERROR;
    out->envelope = RA_ENVELOPE_FRONT_DOOR;
    return;
  }
  ra_answer_malformed(out, "<Response> without <Errors><Error>");
}

/* 1 True, 0 False, -1 absent, -2 something else. */
static int is_valid_of(const xmlNode *request)
{
  char *text = text_of(child(request, "IsValid"));
  int v;
  if(!text)
    return -1;
  if(!strcmp(text, "True"))
    v = 1;
  else if(!strcmp(text, "False"))
    v = 0;
  else
    v = -2;
  ra_free(text);
  return v;
}

/* <XxxResponse> (notes §1.5, §1.6 forms 1 and 2). */
static void operation_response(struct ra_answer *out, const xmlNode *root)
{
  xmlNode *opreq = child(root, "OperationRequest");
  xmlNode *c;
  int results = 0;
  int valid_true = 0;
  out->request_id = text_of(child(opreq, "RequestId"));
  /* 1. top-level Errors (Ruby's response[:Errors]). */
  if(take_errors(out, child(root, "Errors"))) {
    out->kind = RA_ANSWER_ERROR;
    out->envelope = RA_ENVELOPE_FRONT_DOOR;
    return;
  }
  /* 2. OperationRequest/Errors. */
  if(take_errors(out, child(opreq, "Errors"))) {
    out->kind = RA_ANSWER_ERROR;
    out->envelope = RA_ENVELOPE_OPERATION;
    return;
  }
  /* 3. every result: *Result, or any other child holding a <Request>
   * (CreateHIT answers with <HIT><Request>). */
  for(c = root->children; c; c = c->next) {
    xmlNode *request;
    int v;
    if(c->type != XML_ELEMENT_NODE || name_is(c, "OperationRequest"))
      continue;
    request = child(c, "Request");
    if(!request && !name_ends_with(c, "Result"))
      continue;
    results++;
    if(!request)
      continue;
    v = is_valid_of(request);
    if(take_errors(out, child(request, "Errors"))) {
      out->kind = RA_ANSWER_ERROR;
      out->envelope = RA_ENVELOPE_RESULT;
      out->is_valid = v >= 0 ? v : -1;
      return;
    }
    if(v == 0) {
      out->kind = RA_ANSWER_ERROR;
      out->envelope = RA_ENVELOPE_RESULT;
      out->is_valid = 0;
      ra_answer_detail(out, "IsValid False without <Errors>");
      return;
    }
    if(v == -2) {
      ra_answer_malformed(out, "<IsValid> is neither True nor False");
      return;
    }
    if(v == 1)
      valid_true = 1;
  }
  if(!results) {
    ra_answer_malformed(out, "<%s> holds no result element",
                        local_name(root));
    return;
  }
  out->kind = RA_ANSWER_SUCCESS;
  out->envelope = RA_ENVELOPE_RESULT;
  out->is_valid = valid_true ? 1 : -1;
}

static int looks_like_html(const char *body, size_t len,
                           const char *content_type)
{
  size_t i = 0;
  if(content_type && strstr(content_type, "html"))
    return 1;
  if(len >= 3 && !memcmp(body, "\xEF\xBB\xBF", 3))
    i = 3;
  while(i < len && is_xml_space(body[i]))
    i++;
  return (len - i >= 14 && !strncasecmp(body + i, "<!DOCTYPE html", 14)) ||
         (len - i >= 5 && !strncasecmp(body + i, "<html", 5));
}

ra_code ra_response_parse_legacy(struct ra_answer *out, int http_status,
                                 const char *content_type, const char *body,
                                 size_t len)
{
  xmlParserCtxtPtr ctxt = NULL;
  xmlDocPtr doc = NULL;
  xmlNode *root;
  struct xml_guard guard = {0};
  size_t skip = 0;
  size_t bom = 0;
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR |
                      XML_PARSE_NOWARNING;

  if(!out)
    return RA_E_INVALID;
  ra_answer_init(out);
  out->http_status = http_status;
  if(len > RA_RESPONSE_MAX_BODY) {
    ra_answer_malformed(out, "body too large (%zu bytes, limit %u)", len,
                        RA_RESPONSE_MAX_BODY);
    return RA_OK;
  }
  if(!body || !len) {
    ra_answer_malformed(out, "empty body");
    return RA_OK;
  }
  if(looks_like_html(body, len, content_type)) {
    char title[160];
    if(ra_answer_html_title(body, len, title, sizeof(title)))
      ra_answer_malformed(out, "html page titled \"%s\", not an xml answer",
                          title);
    else
      ra_answer_malformed(out, "html page, not an xml answer");
    return RA_OK;
  }
  /* Whitespace ahead of the XML declaration is a libxml2 error; tolerate
   * it (after an optional BOM, which libxml2 handles itself). */
  if(len >= 3 && !memcmp(body, "\xEF\xBB\xBF", 3))
    bom = 3;
  skip = bom;
  while(skip < len && is_xml_space(body[skip]))
    skip++;
  if(skip == len) {
    ra_answer_malformed(out, "empty body (whitespace only)");
    return RA_OK;
  }
  if(skip > bom) {
    body += skip;
    len -= skip;
  }

  ctxt = xmlNewParserCtxt();
  if(!ctxt) {
    ra_answer_malformed(out, "libxml2 could not create a parser");
    return RA_OK;
  }
  ctxt->_private = &guard;
  ctxt->sax->internalSubset = on_internal_subset;
  doc = xmlCtxtReadMemory(ctxt, body, (int)len, NULL, NULL, options);
  if(guard.saw_doctype) {
    ra_answer_malformed(out, "document type declaration refused (entities "
                        "are never expanded)");
    goto done;
  }
  if(!doc || !ctxt->wellFormed) {
    const xmlError *e = xmlCtxtGetLastError(ctxt);
    char msg[160] = "unknown error";
    if(e && e->message) {
      size_t n;
      snprintf(msg, sizeof(msg), "%s", e->message);
      n = strlen(msg);
      while(n && is_xml_space(msg[n - 1]))
        msg[--n] = '\0';
    }
    ra_answer_malformed(out, "not well-formed xml (line %d: %s)",
                        e ? e->line : 0, msg);
    goto done;
  }
  root = xmlDocGetRootElement(doc);
  if(!root) {
    ra_answer_malformed(out, "xml without a root element");
    goto done;
  }
  if(name_is(root, "Response"))
    front_door(out, root);
  else if(name_ends_with(root, "Response"))
    operation_response(out, root);
  else
    ra_answer_malformed(out, "unrecognised root element <%s>",
                        local_name(root));
  out->root = ra_strdup((const char *)local_name(root));

  /* A success body under a non-2xx status is not a coherent answer. */
  if(out->kind == RA_ANSWER_SUCCESS && !is_2xx(http_status))
    ra_answer_malformed(out, "success envelope with http status %d",
                        http_status);

done:
  if(out->kind == RA_ANSWER_MALFORMED && !is_2xx(http_status) &&
     out->detail && !strstr(out->detail, "http status")) {
    char *old = out->detail;
    out->detail = NULL;
    ra_answer_detail(out, "http status %d without a recognisable error: %s",
                     http_status, old);
    ra_free(old);
  }
  if(doc)
    xmlFreeDoc(doc);
  xmlFreeParserCtxt(ctxt);
  return RA_OK;
}
