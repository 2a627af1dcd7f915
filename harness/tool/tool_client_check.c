/* raconform client-check */
#include "tool/tool.h"

int ra_tool_client_check(int argc, char **argv)
{
  (void)argc;
  (void)argv;
  return ra_tool_not_implemented("client-check");
}
