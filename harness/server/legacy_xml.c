/* legacy-2014's XML answers (legacy_xml.h). */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "core/alloc.h"
#include "server/legacy_xml.h"
#include "server/refserver_impl.h"

/* XML text with &, <, > and " escaped. Bytes XML 1.0 cannot carry (C0
 * controls other than TAB/LF/CR, invalid UTF-8) become '?': echoed values
 * are client-controlled and the answer must stay well-formed. libxml2's
 * xmlEncodeSpecialChars does not scrub those, hence this small loop. */
void ra_legacy_xml_text(struct ra_buf *b, const char *s, size_t len)
{
  size_t i = 0;
  while(i < len) {
    unsigned char c = (unsigned char)s[i];
    size_t bad;
    if(c == '&')
      ra_buf_puts(b, "&amp;");
    else if(c == '<')
      ra_buf_puts(b, "&lt;");
    else if(c == '>')
      ra_buf_puts(b, "&gt;");
    else if(c == '"')
      ra_buf_puts(b, "&quot;");
    else if(c < 0x20 && c != '\t' && c != '\n' && c != '\r')
      ra_buf_putc(b, '?');
    else if(c < 0x80)
      ra_buf_putc(b, (char)c);
    else {
      /* a whole valid sequence, or one '?' for a bad lead byte */
      size_t n = (c >= 0xF0) ? 4 : (c >= 0xE0) ? 3 : (c >= 0xC0) ? 2 : 1;
      if(n <= len - i && ra_utf8_valid(s + i, n, &bad))
        ra_buf_put(b, s + i, n);
      else {
        ra_buf_putc(b, '?');
        n = 1;
      }
      i += n;
      continue;
    }
    i++;
  }
}

void ra_legacy_xml_texts(struct ra_buf *b, const char *s)
{
  ra_legacy_xml_text(b, s, strlen(s));
}

static void xml_error(struct ra_buf *b, const char *code, const char *msg,
                      const struct ra_legacy_kv *data, size_t ndata)
{
  size_t i;
  ra_buf_puts(b, "<Errors><Error><Code>");
  ra_legacy_xml_texts(b, code);
  ra_buf_puts(b, "</Code><Message>");
  ra_legacy_xml_texts(b, msg);
  ra_buf_puts(b, "</Message>");
  for(i = 0; i < ndata; i++) {
    ra_buf_puts(b, "<Data><Key>");
    ra_legacy_xml_texts(b, data[i].key);
    ra_buf_puts(b, "</Key><Value>");
    ra_legacy_xml_texts(b, data[i].value);
    ra_buf_puts(b, "</Value></Data>");
  }
  ra_buf_puts(b, "</Error></Errors>");
}

void ra_legacy_xml_send(struct ra_refserver_response *resp, int status,
                        struct ra_buf *b)
{
  ra_headers_set(&resp->headers, "Server", "MTurk");
  ra_refserver_reply(resp, status, "text/xml", ra_buf_str(b), b->len);
  ra_buf_free(b);
}

char *ra_legacy_xml_stamped(const struct ra_refserver *s, const char *fmt,
                            ...)
{
  struct ra_buf b;
  va_list ap;
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  va_start(ap, fmt);
  ra_buf_vputf(&b, fmt, ap);
  va_end(ap);
  ra_buf_putf(&b, " (%" PRId64 " s)", ra_refserver_now(s));
  return ra_buf_take(&b, NULL);
}

void ra_legacy_front_door(struct ra_refserver_response *resp, int status,
                          const char *code, const char *msg)
{
  struct ra_buf b;
  char rid[37];
  ra_refserver_request_id(rid);
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_puts(&b, RA_LEGACY_XML_DECL "<Response>");
  xml_error(&b, code, msg, NULL, 0);
  ra_buf_putf(&b, "<RequestID>%s</RequestID></Response>", rid);
  ra_legacy_xml_send(resp, status, &b);
}

void ra_legacy_xml_auth_error(struct ra_refserver_response *resp,
                              const char *op, const char *code,
                              const char *msg,
                              const struct ra_legacy_kv *data, size_t ndata)
{
  struct ra_buf b;
  char rid[37];
  ra_refserver_request_id(rid);
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_putf(&b, RA_LEGACY_XML_DECL "<%sResponse><OperationRequest>"
                    "<RequestId>%s</RequestId>", op, rid);
  xml_error(&b, code, msg, data, ndata);
  ra_buf_putf(&b, "</OperationRequest></%sResponse>", op);
  ra_legacy_xml_send(resp, 200, &b);
}

void ra_legacy_xml_op_error(struct ra_refserver *s,
                            struct ra_refserver_response *resp,
                            const char *op, const char *code,
                            const char *msg,
                            const struct ra_legacy_kv *data, size_t ndata)
{
  struct ra_buf b;
  char rid[37];
  if(ra_refserver_defect_on(s, RA_DEFECT_WRONG_ENVELOPE)) {
    ra_legacy_front_door(resp, 400, code, msg);
    return;
  }
  ra_refserver_request_id(rid);
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_putf(&b, RA_LEGACY_XML_DECL "<%sResponse><OperationRequest>"
                    "<RequestId>%s</RequestId></OperationRequest><%sResult>"
                    "<Request><IsValid>False</IsValid>", op, rid, op);
  xml_error(&b, code, msg, data, ndata);
  ra_buf_putf(&b, "</Request></%sResult></%sResponse>", op, op);
  ra_legacy_xml_send(resp, 200, &b);
}

/* Success envelope; extra (may be NULL) goes after <Request> in Result.
 * The <Request> element is left out only when with_request is 0 (the
 * request-element-on-request variant without ResponseGroup=Request). */
void ra_legacy_xml_success(struct ra_refserver_response *resp,
                           const char *op, const char *extra,
                           int with_request)
{
  struct ra_buf b;
  char rid[37];
  ra_refserver_request_id(rid);
  ra_buf_init(&b, RA_BUF_UNLIMITED);
  ra_buf_putf(&b, RA_LEGACY_XML_DECL "<%sResponse><OperationRequest>"
                    "<RequestId>%s</RequestId></OperationRequest><%sResult>"
                    "%s%s</%sResult></%sResponse>", op, rid, op,
                    with_request ? "<Request><IsValid>True</IsValid>"
                    "</Request>" : "", extra ? extra : "", op, op);
  ra_legacy_xml_send(resp, 200, &b);
}

