/* raconform plan */
#include "tool/tool.h"

int ra_tool_plan(int argc, char **argv)
{
  (void)argc;
  (void)argv;
  return ra_tool_not_implemented("plan");
}
