/* legacy-2014 (stub until the handler lands). */
#include "server/legacy.h"
#include "server/refserver_impl.h"

void ra_legacy_handle(struct ra_refserver *s,
                      const struct ra_refserver_request *req,
                      struct ra_refserver_response *resp)
{
  (void)s;
  (void)req;
  ra_refserver_reply(resp, 501, "text/plain", "not yet\n", 8);
}
