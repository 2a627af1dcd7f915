/* raconform vectors [--signer COMMAND] [--signer-timeout SECONDS] [--dir DIR]
 *
 * Checks the built-in signers (or an external signer command) against every
 * vector under DIR (default ./vectors, else the source tree's). TAP 13 on
 * stdout; exit 0 all match, 1 any mismatch, 2 usage error or bad vector. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/datadir.h"
#include "core/child.h"
#include "core/error.h"
#include "core/version.h"
#include "proto/vector.h"
#include "tool/tool.h"
#include "tool/tool_opt.h"

/* A signature or an Authorization value is short: more is a wrong answer. */
#define SIGNER_OUTPUT_MAX (1024 * 1024)
#define SIGNER_TIMEOUT_S 10

static const char usage_text[] =
  "usage: raconform vectors [--signer COMMAND] [--signer-timeout SECONDS]\n"
  "                         [--dir DIR]\n"
  "  --dir DIR         vectors folder (default: ./vectors, else the source\n"
  "                    tree's)\n"
  "  --signer COMMAND  check an external signer instead of the built-in\n"
  "                    ones: run once per vector through /bin/sh with the\n"
  "                    vector's inputs as one JSON object on stdin; it must\n"
  "                    print the signature (legacy) or the Authorization\n"
  "                    value (SigV4) on stdout (docs/vectors.md)\n"
  "  --signer-timeout SECONDS\n"
  "                    per vector (default 10, at most 3600); a signer still\n"
  "                    running then is killed with everything it started,\n"
  "                    and the vector fails\n";

/* The first differing byte, for a diagnostic that shows no content. */
static size_t first_diff(const struct ra_buf *a, const struct ra_buf *b)
{
  size_t i;
  size_t n = a->len < b->len ? a->len : b->len;
  for(i = 0; i < n; i++) {
    if(a->ptr[i] != b->ptr[i])
      return i;
  }
  return n;
}

static int same(const struct ra_buf *a, const struct ra_buf *b)
{
  return a->len == b->len && (!a->len || !memcmp(a->ptr, b->ptr, a->len));
}

/* Runs command through /bin/sh with input on its stdin, collecting its
 * stdout; killed (with anything it started) after timeout_s. */
static void run_signer(struct ra_child_result *res, const char *command,
                       const struct ra_buf *input, long timeout_s)
{
  char sh[] = "/bin/sh";
  char dash_c[] = "-c";
  char *argv[4];
  struct ra_child_spec spec;
  argv[0] = sh;
  argv[1] = dash_c;
  argv[2] = (char *)command;
  argv[3] = NULL;
  memset(&spec, 0, sizeof(spec));
  spec.argv = argv;
  spec.stdin_data = input->ptr ? input->ptr : "";
  spec.stdin_len = input->len;
  spec.timeout_ms = timeout_s * 1000;
  spec.output_max = SIGNER_OUTPUT_MAX;
  ra_child_run(res, &spec);
  /* The signer's diagnostics are for the user, as if it ran in a shell. */
  if(res->err.len) {
    fwrite(res->err.ptr, 1, res->err.len, stderr);
    if(res->err.ptr[res->err.len - 1] != '\n')
      fputc('\n', stderr);
  }
}

struct counts {
  int n;
  int failed;
  int bad;
};

static void bad_vector(struct counts *c, const char *name,
                       const struct ra_error *err)
{
  c->n++;
  c->bad++;
  printf("not ok %d - %s # bad vector\n", c->n, name);
  fputs("raconform vectors: ", stderr);
  ra_error_print(err, stderr);
}

static void check_builtin(struct counts *c, const struct ra_vector *v)
{
  struct ra_vector_result r;
  struct ra_error err = RA_ERROR_INIT;
  struct ra_buf expect;
  size_t i;
  ra_error_clear(&err);
  ra_vector_result_init(&r);
  ra_buf_init(&expect, RA_BUF_UNLIMITED);
  if(ra_vector_compute(&r, v, &err)) {
    bad_vector(c, v->name, &err);
    goto done;
  }
  for(i = 0; i < r.count; i++) {
    const struct ra_vector_output *o = &r.items[i];
    char step[64];
    size_t dot;
    snprintf(step, sizeof(step), "%s", o->file);
    dot = strcspn(step, ".");
    step[dot] = '\0';
    ra_buf_reset(&expect);
    ra_error_clear(&err);
    if(ra_vector_read_expected(&expect, v, o->file, &err)) {
      bad_vector(c, v->name, &err);
      continue;
    }
    c->n++;
    if(same(&expect, &o->data))
      printf("ok %d - %s %s\n", c->n, v->name, step);
    else {
      c->failed++;
      printf("not ok %d - %s %s\n", c->n, v->name, step);
      printf("  ---\n  file: %s/%s\n  expected_bytes: %zu\n  got_bytes: %zu\n"
             "  first_difference_at: %zu\n  ...\n", v->dir, o->file,
             expect.len, o->data.len, first_diff(&expect, &o->data));
    }
  }
done:
  ra_buf_free(&expect);
  ra_vector_result_free(&r);
}

static void check_external(struct counts *c, const struct ra_vector *v,
                           const char *command, long timeout_s)
{
  struct ra_buf input;
  struct ra_buf expect;
  struct ra_child_result res;
  struct ra_buf *output = &res.out;
  struct ra_error err = RA_ERROR_INIT;
  ra_error_clear(&err);
  ra_buf_init(&input, RA_BUF_UNLIMITED);
  ra_buf_init(&expect, RA_BUF_UNLIMITED);
  ra_child_result_init(&res);
  if(ra_vector_inputs_json(&input, v, &err) ||
     ra_vector_read_expected(&expect, v, ra_vector_answer_file(v), &err)) {
    bad_vector(c, v->name, &err);
    goto done;
  }
  run_signer(&res, command, &input, timeout_s);
  /* One trailing newline (or CRLF) is the signer's, not the answer's. */
  if(output->len && output->ptr[output->len - 1] == '\n')
    output->ptr[--output->len] = '\0';
  if(output->len && output->ptr[output->len - 1] == '\r')
    output->ptr[--output->len] = '\0';
  c->n++;
  if(res.timed_out) {
    c->failed++;
    printf("not ok %d - %s signer # signer timed out after %ld s\n", c->n,
           v->name, timeout_s);
    printf("  ---\n  message: the signer did not finish within %ld s and was "
           "killed\n  ...\n", timeout_s);
  }
  else if(!res.exited || !WIFEXITED(res.status) || WEXITSTATUS(res.status) ||
          res.exec_failed) {
    c->failed++;
    printf("not ok %d - %s signer\n", c->n, v->name);
    if(res.exited && WIFEXITED(res.status))
      printf("  ---\n  message: the signer exited with status %d\n  ...\n",
             WEXITSTATUS(res.status));
    else if(res.exited && WIFSIGNALED(res.status))
      printf("  ---\n  message: the signer was killed by signal %d\n"
             "  ...\n", WTERMSIG(res.status));
    else
      printf("  ---\n  message: the signer could not be run\n  ...\n");
  }
  else if(!res.out_truncated && same(&expect, output))
    printf("ok %d - %s signer\n", c->n, v->name);
  else {
    c->failed++;
    printf("not ok %d - %s signer\n", c->n, v->name);
    printf("  ---\n  message: wrong %s\n  expected_bytes: %zu\n"
           "  got_bytes: %zu%s\n  first_difference_at: %zu\n  ...\n",
           v->scheme == RA_VECTOR_SIGV4 ? "authorization" : "signature",
           expect.len, output->len, res.out_truncated ? " (truncated)" : "",
           first_diff(&expect, output));
  }
done:
  ra_buf_free(&input);
  ra_buf_free(&expect);
  ra_child_result_free(&res);
}

/* Checks every vector of dir: the TAP stream on stdout and the exit code. */
static int check_dir(const char *dir, const char *signer,
                     long signer_timeout_s)
{
  char **names = NULL;
  size_t count = 0;
  size_t i;
  struct ra_error err = RA_ERROR_INIT;
  struct counts c = {0, 0, 0};
  ra_error_clear(&err);
  if(ra_vector_list(dir, &names, &count, &err)) {
    fputs("raconform vectors: ", stderr);
    ra_error_print(&err, stderr);
    return RA_EXIT_USAGE;
  }
  if(!count) {
    ra_vector_names_free(names, count);
    return ra_tool_usage_error("vectors", "no vectors in '%s'", dir);
  }
  printf("TAP version 13\n");
  for(i = 0; i < count; i++) {
    struct ra_vector vec;
    ra_error_clear(&err);
    if(ra_vector_load(&vec, dir, names[i], &err)) {
      bad_vector(&c, names[i], &err);
      continue;
    }
    if(signer)
      check_external(&c, &vec, signer, signer_timeout_s);
    else
      check_builtin(&c, &vec);
    fflush(stdout);
    ra_vector_free(&vec);
  }
  printf("1..%d\n", c.n);
  printf("# %zu vectors, %d checks, %d failed, %d bad\n", count, c.n,
         c.failed, c.bad);
  ra_vector_names_free(names, count);
  if(c.bad)
    return RA_EXIT_USAGE;
  return c.failed ? RA_EXIT_FAIL : RA_EXIT_OK;
}

static void usage(FILE *out)
{
  fputs(usage_text, out);
}

enum { OPT_DIR = 256, OPT_SIGNER, OPT_SIGNER_TIMEOUT };

static const struct ra_tool_optdef vectors_opts[] = {
  {"dir", OPT_DIR, 1},
  {"signer", OPT_SIGNER, 1},
  {"signer-timeout", OPT_SIGNER_TIMEOUT, 1},
  {NULL, 0, 0}
};

int ra_tool_vectors(int argc, char **argv)
{
  const char *dir = NULL;
  const char *signer = NULL;
  long signer_timeout_s = SIGNER_TIMEOUT_S;
  char *found_dir = NULL;
  struct ra_tool_opts op;
  const char *v;
  int key;
  struct ra_error err = RA_ERROR_INIT;
  ra_tool_opts_init(&op, "vectors", vectors_opts, usage, argc, argv);
  while((key = ra_tool_opts_next(&op, &v)) != RA_TOOL_OPT_END) {
    switch(key) {
    case RA_TOOL_OPT_EXIT:
      ra_tool_opts_free(&op);
      return op.exit_code;
    case OPT_DIR: dir = v; break;
    case OPT_SIGNER: signer = v; break;
    case OPT_SIGNER_TIMEOUT: {
      char *end;
      signer_timeout_s = strtol(v, &end, 10);
      if(end == v || *end || signer_timeout_s < 1 ||
         signer_timeout_s > 3600) {
        ra_tool_opts_free(&op);
        return ra_tool_usage_error("vectors", "bad --signer-timeout '%s' "
                                   "(seconds, 1-3600)", v);
      }
      break;
    }
    default: break;
    }
  }
  key = ra_tool_opts_no_operands(&op);
  ra_tool_opts_free(&op);
  if(key)
    return key;
  if(signer && !*signer)
    return ra_tool_usage_error("vectors", "empty signer command");
  ra_error_clear(&err);
  if(!dir) {
    if(ra_datadir_find(&found_dir, "vectors", &err)) {
      fputs("raconform vectors: ", stderr);
      ra_error_print(&err, stderr);
      return RA_EXIT_USAGE;
    }
    dir = found_dir;
  }
  key = check_dir(dir, signer, signer_timeout_s);
  ra_free(found_dir);
  return key;
}
