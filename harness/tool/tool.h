/* The raconform CLI: one file per subcommand (tool_<name>.c), each a thin
 * layer that parses its options and calls the library. Every subcommand
 * returns a process exit code (SPEC §5): 0 conformant, 1 failures, 2 usage or
 * configuration error, 3 target unreachable, 4 stale baseline only. */
#ifndef RA_TOOL_H
#define RA_TOOL_H

#include <stdint.h>

#define RA_EXIT_OK 0
#define RA_EXIT_FAIL 1
#define RA_EXIT_USAGE 2
#define RA_EXIT_UNREACHABLE 3
#define RA_EXIT_STALE 4

#include "core/code.h"
#include "core/error.h"

struct ra_refserver;
struct ra_target;

/* argv[0] is the subcommand name. */
int ra_tool_run(int argc, char **argv);
int ra_tool_serve(int argc, char **argv);
int ra_tool_client_check(int argc, char **argv);
int ra_tool_sign(int argc, char **argv);
int ra_tool_vectors(int argc, char **argv);
int ra_tool_list(int argc, char **argv);
int ra_tool_plan(int argc, char **argv);
int ra_tool_report(int argc, char **argv);
int ra_tool_rejudge(int argc, char **argv);

/* The clock of the requests `run` builds: the system clock, or, for the
 * suite's own tests only, the fixed instant RACONFORM_TEST_TIME names
 * (ISO 8601, as `sign --time`), so that `run` sends the bytes `sign --case`
 * prints (tests/e2e/test_sign_case.py). Not part of the stable interface.
 * fixed_ms must outlive the clock. RA_EXIT_USAGE after printing the error
 * when the variable is malformed, else RA_EXIT_OK. */
struct ra_clock;
int ra_tool_clock(const char *cmd, struct ra_clock *out, int64_t *fixed_ms);

/* One-line usage error on stderr ("raconform <cmd>: <text>"); returns
 * RA_EXIT_USAGE. */
int ra_tool_usage_error(const char *cmd, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));

/* run's embedded mode: the listening reference server described by the
 * target file `serve --target-out` writes (ra_refserver_target_describe),
 * parsed like any other target. *out is freed with ra_target_free. */
ra_code ra_tool_embedded_target(const struct ra_refserver *s,
                                struct ra_target **out, struct ra_error *err);

#endif
