/* raconform: entry point and subcommand dispatch only. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/crash.h"
#include "core/suggest.h"
#include "core/version.h"
#include "response/response.h"
#include "runner/transport.h"
#include "tool/tool.h"

struct subcommand {
  const char *name;
  int (*fn)(int argc, char **argv);
  const char *summary;
};

static const struct subcommand subcommands[] = {
  {"run", ra_tool_run, "run the catalogue against a target (default: the built-in server)"},
  {"serve", ra_tool_serve, "start the reference RejectAssignment server"},
  {"client-check", ra_tool_client_check, "judge a client library against the examiner server"},
  {"sign", ra_tool_sign, "print a signed RejectAssignment request"},
  {"vectors", ra_tool_vectors, "check the signers (built-in or --signer COMMAND) against vectors/"},
  {"list", ra_tool_list, "list the catalogue (text, markdown or json)"},
  {"plan", ra_tool_plan, "say which fixtures a run against a target consumes"},
  {"rejudge", ra_tool_rejudge, "judge a recording (run --record) again, offline"},
  {"report", ra_tool_report, "merge JSON reports; compare targets (HTML, Markdown)"},
};

static void usage(FILE *out)
{
  size_t i;
  fprintf(out,
          "usage: raconform <command> [options]\n"
          "       raconform -h|--help | -V|--version\n\n"
          "A conformance suite for Amazon Mechanical Turk RejectAssignment.\n\n"
          "commands:\n");
  for(i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
    fprintf(out, "  %-13s %s\n", subcommands[i].name, subcommands[i].summary);
  fprintf(out, "\n'raconform <command> --help' describes a command's options.\n"
               "exit codes: 0 conformant, 1 failures, 2 usage/configuration "
               "error, 3 target unreachable, 4 stale baseline entries only,\n"
               "130/143 interrupted by SIGINT/SIGTERM\n");
}

int ra_tool_usage_error(const char *cmd, const char *fmt, ...)
{
  va_list ap;
  fprintf(stderr, "raconform %s: ", cmd);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  return RA_EXIT_USAGE;
}

int main(int argc, char **argv)
{
  size_t i;
  ra_alloc_tune();
  if(argc < 2) {
    usage(stderr);
    return RA_EXIT_USAGE;
  }
  if(!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
     !strcmp(argv[1], "help")) {
    usage(stdout);
    return RA_EXIT_OK;
  }
  if(!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
    printf("raconform %s\n", RA_VERSION);
    return RA_EXIT_OK;
  }
  ra_crash_install();
  /* Libraries that want their one-time set-up done before any thread runs
   * (libcurl, libxml2) get it here, while this is the only thread. */
  ra_transport_global_init();
  ra_response_global_init();
  for(i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++) {
    if(!strcmp(argv[1], subcommands[i].name))
      return subcommands[i].fn(argc - 1, argv + 1);
  }
  {
    const char *names[sizeof(subcommands) / sizeof(subcommands[0])];
    const char *near;
    for(i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
      names[i] = subcommands[i].name;
    near = ra_suggest_nearest(argv[1], names, i);
    if(near)
      fprintf(stderr, "raconform: unknown command '%s'; did you mean '%s'?\n",
              argv[1], near);
    else
      fprintf(stderr, "raconform: unknown command '%s' (see raconform "
              "--help)\n", argv[1]);
  }
  return RA_EXIT_USAGE;
}
