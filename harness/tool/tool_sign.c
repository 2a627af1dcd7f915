/* raconform sign */
#include "tool/tool.h"

int ra_tool_sign(int argc, char **argv)
{
  (void)argc;
  (void)argv;
  return ra_tool_not_implemented("sign");
}
