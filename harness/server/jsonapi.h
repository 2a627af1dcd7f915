/* json-2017 (AWS JSON 1.1, SigV4) request handler of the reference server. */
#ifndef RA_SERVER_JSONAPI_H
#define RA_SERVER_JSONAPI_H

#include "server/refserver.h"

void ra_jsonapi_handle(struct ra_refserver *s,
                       const struct ra_wire_request *req,
                       struct ra_refserver_response *resp);

/* A json-2017 error answer {"__type","Message"} without TurkErrorCode. */
void ra_jsonapi_error(struct ra_refserver *s,
                      struct ra_refserver_response *resp, int status,
                      const char *type, const char *message);

#endif
