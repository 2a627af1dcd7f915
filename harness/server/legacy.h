/* legacy-2014 (REST/query, MTurk HMAC-SHA1 / SigV1, XML answers) request
 * handler of the reference server. */
#ifndef RA_SERVER_LEGACY_H
#define RA_SERVER_LEGACY_H

#include "server/legacy_xml.h"
#include "server/refserver.h"

void ra_legacy_handle(struct ra_refserver *s,
                      const struct ra_wire_request *req,
                      struct ra_refserver_response *resp);

#endif
