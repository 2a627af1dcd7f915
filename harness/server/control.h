/* The control (seeding) API under /_raconform/ (SPEC §4):
 *   POST assignments {"owner","status"[,"AssignmentId"]} -> 201 {"AssignmentId"}
 *   GET  assignments/{id} -> 200 {"AssignmentId","owner","status",
 *                                 "RequesterFeedback"} or 404
 *   POST reset -> 204
 *   GET  (the prefix itself) -> 200 {"profiles","defects"}
 * protected by "Authorization: Bearer TOKEN" when a token is configured. */
#ifndef RA_SERVER_CONTROL_H
#define RA_SERVER_CONTROL_H

#include "server/refserver.h"

void ra_control_handle(struct ra_refserver *s,
                       const struct ra_refserver_request *req,
                       struct ra_refserver_response *resp);

#endif
