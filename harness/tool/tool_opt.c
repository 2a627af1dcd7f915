/* The subcommands' option parser (see tool_opt.h). */
#include "tool/tool_opt.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/suggest.h"
#include "core/version.h"
#include "tool/tool.h"

#define KEY_HELP 'h'
#define KEY_VERSION 'V'

static void build(struct ra_tool_opts *p, const char *cmd,
                  const struct ra_tool_optdef *defs, void (*usage)(FILE *),
                  int argc, char **argv, int posix)
{
  size_t n = 0, i, k = 0, s = 0;
  memset(p, 0, sizeof(*p));
  p->cmd = cmd;
  p->defs = defs;
  p->usage = usage;
  p->argc = argc;
  p->argv = argv;
  while(defs[n].name)
    n++;
  p->longopts = ra_calloc(n + 3, sizeof(*p->longopts));
  p->shortopts = ra_calloc(2 * n + 8, 1);
  /* '+': no permutation; ':': a missing value is told from an unknown
   * option; both messages are ours (opterr = 0). */
  if(posix)
    p->shortopts[s++] = '+';
  p->shortopts[s++] = ':';
  p->shortopts[s++] = 'h';
  p->shortopts[s++] = 'V';
  for(i = 0; i < n; i++) {
    p->longopts[k].name = defs[i].name;
    p->longopts[k].has_arg = defs[i].arg ? required_argument : no_argument;
    p->longopts[k].val = defs[i].key;
    k++;
    if(defs[i].key > 0 && defs[i].key < 128) {
      p->shortopts[s++] = (char)defs[i].key;
      if(defs[i].arg)
        p->shortopts[s++] = ':';
    }
  }
  p->longopts[k].name = "help";
  p->longopts[k++].val = KEY_HELP;
  p->longopts[k].name = "version";
  p->longopts[k++].val = KEY_VERSION;
  optind = 0;   /* GNU: full re-initialisation for each parse */
  opterr = 0;
}

void ra_tool_opts_init(struct ra_tool_opts *p, const char *cmd,
                       const struct ra_tool_optdef *defs,
                       void (*usage)(FILE *out), int argc, char **argv)
{
  build(p, cmd, defs, usage, argc, argv, 0);
}

void ra_tool_opts_init_posix(struct ra_tool_opts *p, const char *cmd,
                             const struct ra_tool_optdef *defs,
                             void (*usage)(FILE *out), int argc, char **argv)
{
  build(p, cmd, defs, usage, argc, argv, 1);
}

static void unknown(struct ra_tool_opts *p)
{
  const char **names;
  const char *near;
  struct ra_buf word;
  size_t n = 0, i;
  if(optopt > 0 && optopt < 128) {
    (void)ra_tool_usage_error(p->cmd, "unknown option '-%c' (see "
                              "'raconform %s --help')", optopt, p->cmd);
    return;
  }
  ra_buf_init(&word, RA_BUF_UNLIMITED);
  {
    const char *arg = p->argv[optind - 1];
    const char *eq = strchr(arg, '=');
    ra_buf_put(&word, arg, eq ? (size_t)(eq - arg) : strlen(arg));
  }
  while(p->longopts[n].name)
    n++;
  names = ra_calloc(n + 1, sizeof(*names));
  for(i = 0; i < n; i++)
    names[i] = p->longopts[i].name;
  {
    const char *w = ra_buf_str(&word);
    while(*w == '-')
      w++;
    near = ra_suggest_nearest(w, names, n);
  }
  if(near)
    (void)ra_tool_usage_error(p->cmd, "unknown option '%s'; did you mean "
                              "'--%s'?", ra_buf_str(&word), near);
  else
    (void)ra_tool_usage_error(p->cmd, "unknown option '%s' (see 'raconform "
                              "%s --help')", ra_buf_str(&word), p->cmd);
  ra_free(names);
  ra_buf_free(&word);
}

int ra_tool_opts_next(struct ra_tool_opts *p, const char **value)
{
  int c = getopt_long(p->argc, p->argv, p->shortopts, p->longopts, NULL);
  *value = NULL;
  switch(c) {
  case -1:
    p->index = optind;
    return RA_TOOL_OPT_END;
  case KEY_HELP:
    p->usage(stdout);
    p->exit_code = RA_EXIT_OK;
    return RA_TOOL_OPT_EXIT;
  case KEY_VERSION:
    printf("raconform %s\n", RA_VERSION);
    p->exit_code = RA_EXIT_OK;
    return RA_TOOL_OPT_EXIT;
  case ':': {
    const char *arg = p->argv[optind - 1];
    if(optopt > 0 && optopt < 128 && arg[0] == '-' && arg[1] != '-')
      (void)ra_tool_usage_error(p->cmd, "option '-%c' needs a value",
                                optopt);
    else
      (void)ra_tool_usage_error(p->cmd, "option '%s' needs a value", arg);
    p->exit_code = RA_EXIT_USAGE;
    return RA_TOOL_OPT_EXIT;
  }
  case '?':
    unknown(p);
    p->exit_code = RA_EXIT_USAGE;
    return RA_TOOL_OPT_EXIT;
  default:
    *value = optarg;
    return c;
  }
}

int ra_tool_opts_no_operands(struct ra_tool_opts *p)
{
  if(p->index < p->argc)
    return ra_tool_usage_error(p->cmd, "unexpected argument '%s' (see "
                               "'raconform %s --help')", p->argv[p->index],
                               p->cmd);
  return RA_EXIT_OK;
}

void ra_tool_opts_free(struct ra_tool_opts *p)
{
  ra_free(p->longopts);
  ra_free(p->shortopts);
  p->longopts = NULL;
  p->shortopts = NULL;
}

int ra_tool_clock(const char *cmd, struct ra_clock *out, int64_t *fixed_ms)
{
  const char *text = getenv("RACONFORM_TEST_TIME");
  if(!text || !*text) {
    *out = ra_clock_system();
    return RA_EXIT_OK;
  }
  if(ra_clock_parse_iso8601(text, fixed_ms))
    return ra_tool_usage_error(cmd, "malformed RACONFORM_TEST_TIME '%s'",
                               text);
  *out = ra_clock_fixed(fixed_ms);
  return RA_EXIT_OK;
}
