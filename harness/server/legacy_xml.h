/* legacy-2014's XML answers, in the three envelopes of protocol-notes
 * §1.6:
 *   front door  non-200  <Response><Errors>...<RequestID/></Response>
 *   auth        200      <OpResponse><OperationRequest>...<Errors>
 *   operation   200      <OpResponse>...<OpResult><Request><IsValid>False
 * and the success envelope, with the text escaping every echoed value goes
 * through. Each answer replaces status, Content-Type and body of resp.
 *
 * Ownership: ra_legacy_xml_stamped returns a new string (ra_free);
 * ra_legacy_xml_send frees the buffer it is given. */
#ifndef RA_SERVER_LEGACY_XML_H
#define RA_SERVER_LEGACY_XML_H

#include <stddef.h>

#include "core/buf.h"
#include "server/refserver.h"

#define RA_LEGACY_XML_DECL "<?xml version=\"1.0\"?>\n"

/* One <Data><Key>...</Key><Value>...</Value></Data> of an error. */
struct ra_legacy_kv {
  const char *key;
  const char *value;
};

/* Appends XML text with &, <, > and " escaped; bytes XML 1.0 cannot carry
 * (C0 controls but TAB/LF/CR, invalid UTF-8) become '?'. */
void ra_legacy_xml_text(struct ra_buf *b, const char *s, size_t len);
void ra_legacy_xml_texts(struct ra_buf *b, const char *s);
/* Answers status with b as a text/xml body (Server: MTurk); frees b. */
void ra_legacy_xml_send(struct ra_refserver_response *resp, int status,
                        struct ra_buf *b);
/* A message with the "(<epoch ms> s)" stamp of the real service. */
char *ra_legacy_xml_stamped(const struct ra_refserver *s, const char *fmt,
                            ...) __attribute__((format(printf, 2, 3)));
/* The generic AWS front-door envelope (<Response><Errors>...<RequestID>),
 * for refusals made before an operation is looked at. */
void ra_legacy_front_door(struct ra_refserver_response *resp, int status,
                          const char *code, const char *msg);
/* The auth envelope (HTTP 200, errors inside OperationRequest). */
void ra_legacy_xml_auth_error(struct ra_refserver_response *resp,
                              const char *op, const char *code,
                              const char *msg,
                              const struct ra_legacy_kv *data, size_t ndata);
/* The operation envelope (HTTP 200, <Request><IsValid>False); the
 * front-door one under the wrong-envelope defect. */
void ra_legacy_xml_op_error(struct ra_refserver *s,
                            struct ra_refserver_response *resp,
                            const char *op, const char *code,
                            const char *msg,
                            const struct ra_legacy_kv *data, size_t ndata);
/* The success envelope; extra (may be NULL) goes after <Request> in the
 * Result, and <Request> is left out when with_request is 0. */
void ra_legacy_xml_success(struct ra_refserver_response *resp,
                           const char *op, const char *extra,
                           int with_request);

#endif
