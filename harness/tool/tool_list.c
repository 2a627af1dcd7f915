/* raconform list */
#include "tool/tool.h"

int ra_tool_list(int argc, char **argv)
{
  (void)argc;
  (void)argv;
  return ra_tool_not_implemented("list");
}
