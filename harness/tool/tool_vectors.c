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

#include "core/buf.h"
#include "core/child.h"
#include "core/error.h"
#include "core/version.h"
#include "proto/vector.h"
#include "tool/tool.h"

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

static int is_dir(const char *path)
{
  struct stat st;
  return !stat(path, &st) && S_ISDIR(st.st_mode);
}

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
  struct ra_error err;
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
  struct ra_error err;
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

int ra_tool_vectors(int argc, char **argv)
{
  const char *dir = NULL;
  const char *signer = NULL;
  long signer_timeout_s = SIGNER_TIMEOUT_S;
  char default_dir[4096];
  char **names = NULL;
  size_t count = 0;
  size_t i;
  struct ra_error err;
  struct counts c = {0, 0, 0};
  int a;
  for(a = 1; a < argc; a++) {
    if(!strcmp(argv[a], "--help") || !strcmp(argv[a], "-h")) {
      fputs(usage_text, stdout);
      return RA_EXIT_OK;
    }
    else if(!strcmp(argv[a], "--dir") && a + 1 < argc)
      dir = argv[++a];
    else if(!strcmp(argv[a], "--signer") && a + 1 < argc)
      signer = argv[++a];
    else if(!strcmp(argv[a], "--signer-timeout") && a + 1 < argc) {
      char *end;
      const char *text = argv[++a];
      signer_timeout_s = strtol(text, &end, 10);
      if(end == text || *end || signer_timeout_s < 1 ||
         signer_timeout_s > 3600)
        return ra_tool_usage_error("vectors", "bad --signer-timeout '%s' "
                                   "(seconds, 1-3600)", text);
    }
    else if(!strcmp(argv[a], "--dir") || !strcmp(argv[a], "--signer") ||
            !strcmp(argv[a], "--signer-timeout"))
      return ra_tool_usage_error("vectors", "option '%s' needs a value",
                                 argv[a]);
    else
      return ra_tool_usage_error("vectors", "unknown option '%s'", argv[a]);
  }
  if(signer && !*signer)
    return ra_tool_usage_error("vectors", "empty signer command");
  if(!dir) {
    if(is_dir("vectors/sigv4") || is_dir("vectors/legacy"))
      dir = "vectors";
    else {
      snprintf(default_dir, sizeof(default_dir), "%s/vectors", RA_SOURCE_DIR);
      dir = default_dir;
    }
  }
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
    struct ra_vector v;
    ra_error_clear(&err);
    if(ra_vector_load(&v, dir, names[i], &err)) {
      bad_vector(&c, names[i], &err);
      continue;
    }
    if(signer)
      check_external(&c, &v, signer, signer_timeout_s);
    else
      check_builtin(&c, &v);
    fflush(stdout);
    ra_vector_free(&v);
  }
  printf("1..%d\n", c.n);
  printf("# %zu vectors, %d checks, %d failed, %d bad\n", count, c.n,
         c.failed, c.bad);
  ra_vector_names_free(names, count);
  if(c.bad)
    return RA_EXIT_USAGE;
  return c.failed ? RA_EXIT_FAIL : RA_EXIT_OK;
}
