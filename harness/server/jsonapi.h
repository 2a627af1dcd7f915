/* json-2017 (AWS JSON 1.1, SigV4) request handler of the reference server. */
#ifndef RA_SERVER_JSONAPI_H
#define RA_SERVER_JSONAPI_H

#include "server/refserver.h"

void ra_jsonapi_handle(struct ra_refserver *s,
                       const struct ra_refserver_request *req,
                       struct ra_refserver_response *resp);

#endif
