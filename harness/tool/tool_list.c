/* raconform list: the catalogue as text, markdown (the expected-behaviour
 * document, docs/behavior.md) or JSON; the renderers are runner/catalogue's.
 * This file reads the options and loads the catalogue. */
#include <stdio.h>
#include <string.h>

#include "runner/catalogue.h"
#include "tool/tool.h"
#include "tool/tool_catalogue.h"
#include "tool/tool_opt.h"

static void usage(FILE *out)
{
  fprintf(out,
          "usage: raconform list [--format text|markdown|json] [--cases DIR]\n"
          "                      [--run GLOB]... [--skip GLOB]...\n"
          "Lists the catalogue. GLOBs match the id, the area and each tag;\n"
          "@FILE reads one pattern a line.\n");
}

enum { OPT_CASES = 256, OPT_RUN, OPT_SKIP };

static const struct ra_tool_optdef list_opts[] = {
  {"format", 'f', 1},
  {"cases", OPT_CASES, 1},
  {"run", OPT_RUN, 1},
  {"skip", OPT_SKIP, 1},
  {NULL, 0, 0}
};

int ra_tool_list(int argc, char **argv)
{
  const char *format = "text", *dir = NULL;
  struct ra_caseset set;
  struct ra_selection sel;
  struct ra_tool_opts op;
  const char *v;
  int key, rc = RA_EXIT_OK;

  ra_caseset_init(&set);
  ra_selection_init(&sel);
  ra_tool_opts_init(&op, "list", list_opts, usage, argc, argv);
  while(!rc && (key = ra_tool_opts_next(&op, &v)) != RA_TOOL_OPT_END) {
    switch(key) {
    case RA_TOOL_OPT_EXIT:
      rc = op.exit_code;
      goto done;
    case 'f': format = v; break;
    case OPT_CASES: dir = v; break;
    case OPT_RUN: rc = ra_tool_add_selection("list", &sel, 0, v); break;
    case OPT_SKIP: rc = ra_tool_add_selection("list", &sel, 1, v); break;
    default: break;
    }
  }
  if(!rc)
    rc = ra_tool_opts_no_operands(&op);
  if(!rc && strcmp(format, "text") && strcmp(format, "markdown") &&
     strcmp(format, "json"))
    rc = ra_tool_usage_error("list", "unknown format '%s' (text, markdown "
                             "or json)", format);
  if(!rc)
    rc = ra_tool_load_catalogue("list", dir, &set);
  if(rc)
    goto done;
  if(!strcmp(format, "text"))
    ra_catalogue_text(stdout, &set, &sel);
  else if(!strcmp(format, "markdown"))
    ra_catalogue_markdown(stdout, &set, &sel);
  else if(ra_catalogue_json(stdout, &set, &sel))
    rc = RA_EXIT_USAGE;
  if(fflush(stdout))
    rc = RA_EXIT_USAGE;
done:
  ra_tool_opts_free(&op);
  ra_selection_free(&sel);
  ra_caseset_free(&set);
  return rc;
}
