/* raconform serve */
#include "tool/tool.h"

int ra_tool_serve(int argc, char **argv)
{
  (void)argc;
  (void)argv;
  return ra_tool_not_implemented("serve");
}
