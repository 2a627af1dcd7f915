/* One option parser for every subcommand (getopt_long underneath, SPEC §5):
 * "--opt VALUE" and "--opt=VALUE" alike, -h/--help and -V/--version added
 * to every table, and an unknown option answered with the nearest valid
 * name. A subcommand declares its options as a table, one row each:
 *
 *   static const struct ra_tool_optdef defs[] = {
 *     {"target", OPT_TARGET, 1},
 *     {"strict", OPT_STRICT, 0},
 *     {NULL, 0, 0}
 *   };
 *   ra_tool_opts_init(&p, "run", defs, usage, argc, argv);
 *   while((key = ra_tool_opts_next(&p, &value)) != RA_TOOL_OPT_END) {
 *     if(key == RA_TOOL_OPT_EXIT) { rc = p.exit_code; goto done; }
 *     switch(key) { case OPT_TARGET: ... }
 *   }
 *   operands: argv[p.index .. argc)
 *
 * Keys are a short option letter ('j' makes -j work) or a number >= 256.
 * The table and argv are borrowed; values are borrowed from argv. */
#ifndef RA_TOOL_OPT_H
#define RA_TOOL_OPT_H

#include <stdio.h>

struct option;

struct ra_tool_optdef {
  const char *name;   /* long name, without "--" */
  int key;            /* short letter, or >= 256 for long only */
  int arg;            /* 1: takes a value */
};

#define RA_TOOL_OPT_END (-1)
/* Help or version printed (exit_code 0), or a usage error printed on
 * stderr (exit_code 2): the subcommand returns p->exit_code. */
#define RA_TOOL_OPT_EXIT (-2)

struct ra_tool_opts {
  const char *cmd;
  const struct ra_tool_optdef *defs;
  void (*usage)(FILE *out);
  int argc;
  char **argv;
  int exit_code;      /* valid after RA_TOOL_OPT_EXIT */
  int index;          /* first operand, valid after RA_TOOL_OPT_END */
  struct option *longopts;
  char *shortopts;
};

/* posix (ra_tool_opts_init_posix): stop at the first operand instead of
 * gathering operands from anywhere (client-check's COMMAND). */
void ra_tool_opts_init(struct ra_tool_opts *p, const char *cmd,
                       const struct ra_tool_optdef *defs,
                       void (*usage)(FILE *out), int argc, char **argv);
void ra_tool_opts_init_posix(struct ra_tool_opts *p, const char *cmd,
                             const struct ra_tool_optdef *defs,
                             void (*usage)(FILE *out), int argc, char **argv);
/* The next option's key (value set for options that take one), or
 * RA_TOOL_OPT_END, or RA_TOOL_OPT_EXIT. */
int ra_tool_opts_next(struct ra_tool_opts *p, const char **value);
/* After RA_TOOL_OPT_END: RA_EXIT_OK when there is no operand, else prints
 * "unexpected argument" and returns RA_EXIT_USAGE. */
int ra_tool_opts_no_operands(struct ra_tool_opts *p);
void ra_tool_opts_free(struct ra_tool_opts *p);

#endif
