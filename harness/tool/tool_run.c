/* raconform run */
#include "tool/tool.h"

int ra_tool_run(int argc, char **argv)
{
  (void)argc;
  (void)argv;
  return ra_tool_not_implemented("run");
}
