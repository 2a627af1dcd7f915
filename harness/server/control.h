/* The control (seeding) API under /_raconform/ (SPEC §4):
 *   POST assignments {"owner","status"[,"AssignmentId"]} -> 201 {"AssignmentId"}
 *   GET  assignments/{id} -> 200 {"AssignmentId","owner","status",
 *                                 "RequesterFeedback"} or 404
 *   POST reset -> 204
 *   GET  (the prefix itself) -> 200 {"profiles","defects"}
 * protected by "Authorization: Bearer TOKEN" when a token is configured.
 * Every error is JSON {"error": "..."}. Bounds: owner at most
 * RA_CONTROL_OWNER_MAX bytes; a full store (RA_STORE_MAX assignments)
 * answers 507 until POST reset frees it. */
#ifndef RA_SERVER_CONTROL_H
#define RA_SERVER_CONTROL_H

#include "server/refserver.h"

#define RA_CONTROL_OWNER_MAX 128

/* Fills resp with a control API error: status and {"error": msg}. */
void ra_control_error(struct ra_refserver_response *resp, int status,
                      const char *msg);

void ra_control_handle(struct ra_refserver *s,
                       const struct ra_wire_request *req,
                       struct ra_refserver_response *resp);

#endif
