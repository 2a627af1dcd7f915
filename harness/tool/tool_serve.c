/* raconform serve: run the reference server until SIGINT/SIGTERM. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "runner/target.h"
#include "server/defect.h"
#include "server/refserver.h"
#include "server/refserver_target.h"
#include "server/requester.h"
#include "server/variant.h"
#include "tool/tool.h"
#include "tool/tool_opt.h"

static void usage(FILE *out)
{
  fprintf(out,
    "usage: raconform serve [--profile legacy-2014|json-2017|all]\n"
    "                       [--listen ADDR:PORT] [--defect NAME]...\n"
    "                       [--variant NAME]... [--target-out FILE]\n"
    "                       [--list-defects] [--list-variants]\n"
    "                       [--control-token T] [--requesters FILE]\n"
    "                       [--owner-key-id ID --owner-secret KEY]\n"
    "                       [--other-key-id ID --other-secret KEY]\n"
    "                       [--threads N] [--seed N] [--allow-remote]\n\n"
    "Prints the URL it listens on as its first stdout line, then serves\n"
    "until SIGINT or SIGTERM. Default keys are the documented test keys\n"
    "(docs/server.md); the control API lives under /_raconform/ and has\n"
    "no authentication, so a non-loopback --listen needs --allow-remote.\n"
    "--defect makes it misbehave in one named way (mutation testing),\n"
    "--variant take another plausible correct choice (docs/variants.md).\n");
}

static void list_defects(void)
{
  size_t i;
  for(i = 0; i < ra_defect_count(); i++) {
    const struct ra_defect_info *d = ra_defect_at(i);
    printf("%-26s  %-6s  %-24s  %s\n", d->name, d->breaks, d->areas,
           d->description);
  }
}

/* One line per variant: name, profiles, what it does; then the note that
 * leaves the behaviour open, indented. */
static void list_variants(void)
{
  size_t i;
  for(i = 0; i < ra_variant_count(); i++) {
    const struct ra_variant_info *v = ra_variant_at(i);
    printf("%-32s  %-11s  %s\n", v->name, v->profiles, v->description);
    printf("%-32s  %-11s  open: %s\n", "", "", v->why);
  }
}

enum {
  OPT_VARIANT = 200, OPT_LIST_VARIANTS, OPT_ALLOW_REMOTE,
  OPT_PROFILE = 256, OPT_LISTEN, OPT_DEFECT, OPT_TARGET_OUT, OPT_LIST_DEFECTS,
  OPT_CONTROL_TOKEN, OPT_REQUESTERS, OPT_OWNER_KEY_ID, OPT_OWNER_SECRET,
  OPT_OTHER_KEY_ID, OPT_OTHER_SECRET, OPT_THREADS, OPT_SEED
};

/* One row per option; the parser (tool_opt.h) does the rest. */
static const struct ra_tool_optdef serve_opts[] = {
  {"profile", OPT_PROFILE, 1},
  {"listen", OPT_LISTEN, 1},
  {"defect", OPT_DEFECT, 1},
  {"target-out", OPT_TARGET_OUT, 1},
  {"list-defects", OPT_LIST_DEFECTS, 0},
  {"control-token", OPT_CONTROL_TOKEN, 1},
  {"requesters", OPT_REQUESTERS, 1},
  {"owner-key-id", OPT_OWNER_KEY_ID, 1},
  {"owner-secret", OPT_OWNER_SECRET, 1},
  {"other-key-id", OPT_OTHER_KEY_ID, 1},
  {"other-secret", OPT_OTHER_SECRET, 1},
  {"threads", OPT_THREADS, 1},
  {"seed", OPT_SEED, 1},
  {"variant", OPT_VARIANT, 1},
  {"list-variants", OPT_LIST_VARIANTS, 0},
  {"allow-remote", OPT_ALLOW_REMOTE, 0},
  {NULL, 0, 0}
};

ra_code ra_tool_embedded_target(const struct ra_refserver *s,
                                struct ra_target **out, struct ra_error *err)
{
  static const char source[] = "the embedded reference server";
  struct ra_buf text;
  ra_code result;

  *out = NULL;
  ra_buf_init(&text, RA_BUF_UNLIMITED);
  result = ra_refserver_target_describe(s, &text, source, err);
  if(!result)
    result = ra_target_parse(out, ra_buf_str(&text), text.len, source, err);
  ra_buf_free(&text);
  return result;
}

int ra_tool_serve(int argc, char **argv)
{
  struct ra_refserver_config cfg;
  struct ra_requester_pair keys;
  struct ra_refserver *server = NULL;
  struct ra_error err = RA_ERROR_INIT;
  const char **defects, **variants;
  const char *target_out = NULL;
  const char *requesters = NULL;
  size_t ndefects = 0, nvariants = 0;
  sigset_t set;
  int sig;
  int key;
  const char *v;
  struct ra_tool_opts op;
  int rc = RA_EXIT_OK;

  ra_refserver_config_init(&cfg);
  memset(&keys, 0, sizeof(keys));
  ra_error_clear(&err);
  defects = ra_calloc((size_t)argc + 1, sizeof(*defects));
  variants = ra_calloc((size_t)argc + 1, sizeof(*variants));
  ra_tool_opts_init(&op, "serve", serve_opts, usage, argc, argv);
  while((key = ra_tool_opts_next(&op, &v)) != RA_TOOL_OPT_END) {
    switch(key) {
    case RA_TOOL_OPT_EXIT:
      rc = op.exit_code;
      goto done;
    case OPT_LIST_DEFECTS:
      list_defects();
      goto done;
    case OPT_LIST_VARIANTS:
      list_variants();
      goto done;
    case OPT_ALLOW_REMOTE: cfg.allow_remote = 1; break;
    case OPT_VARIANT: {
      ra_variant_id id;
      if(ra_variant_lookup(v, &id)) {
        rc = ra_tool_usage_error("serve", "unknown variant '%s' (see "
                                 "--list-variants)", v);
        goto done;
      }
      variants[nvariants++] = v;
      break;
    }
    case OPT_PROFILE:
      if(ra_serve_profiles_parse(v, &cfg.profiles)) {
        rc = ra_tool_usage_error("serve", "unknown profile '%s'", v);
        goto done;
      }
      break;
    case OPT_LISTEN: cfg.listen = v; break;
    case OPT_DEFECT: {
      ra_defect_id id;
      if(ra_defect_lookup(v, &id)) {
        rc = ra_tool_usage_error("serve", "unknown defect '%s' (see "
                                 "--list-defects)", v);
        goto done;
      }
      defects[ndefects++] = v;
      break;
    }
    case OPT_TARGET_OUT: target_out = v; break;
    case OPT_CONTROL_TOKEN: cfg.control_token = v; break;
    case OPT_REQUESTERS: requesters = v; break;
    case OPT_OWNER_KEY_ID: cfg.owner_key_id = v; break;
    case OPT_OWNER_SECRET: cfg.owner_secret = v; break;
    case OPT_OTHER_KEY_ID: cfg.other_key_id = v; break;
    case OPT_OTHER_SECRET: cfg.other_secret = v; break;
    case OPT_THREADS: {
      char *end;
      long n = strtol(v, &end, 10);
      if(*end || n < 1 || n > 64) {
        rc = ra_tool_usage_error("serve", "--threads wants 1-64, not '%s'",
                                 v);
        goto done;
      }
      cfg.threads = (unsigned)n;
      break;
    }
    case OPT_SEED: {
      char *end;
      cfg.seed = strtoull(v, &end, 10);
      if(*end || !*v) {
        rc = ra_tool_usage_error("serve", "--seed wants a number, not '%s'",
                                 v);
        goto done;
      }
      break;
    }
    default: break;
    }
  }
  rc = ra_tool_opts_no_operands(&op);
  if(rc)
    goto done;
  if(requesters) {
    if(ra_requester_pair_load(&keys, requesters, &err)) {
      fprintf(stderr, "raconform serve: ");
      ra_error_print(&err, stderr);
      rc = RA_EXIT_USAGE;
      goto done;
    }
    /* Flags win over the file. */
    if(!cfg.owner_key_id && keys.owner.access_key_id) {
      cfg.owner_key_id = keys.owner.access_key_id;
      cfg.owner_secret = keys.owner.secret;
    }
    if(!cfg.other_key_id && keys.other.access_key_id) {
      cfg.other_key_id = keys.other.access_key_id;
      cfg.other_secret = keys.other.secret;
    }
  }
  cfg.defects = defects;
  cfg.defect_count = ndefects;
  cfg.variants = variants;
  cfg.variant_count = nvariants;

  /* Block the stop signals before any server thread exists, so they are
   * all delivered to sigwait below. */
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, NULL);

  if(ra_refserver_start(&server, &cfg, &err)) {
    fprintf(stderr, "raconform serve: ");
    ra_error_print(&err, stderr);
    rc = err.text[0] && strstr(err.text, "cannot listen") ?
         RA_EXIT_UNREACHABLE : RA_EXIT_USAGE;
    goto done;
  }
  if(target_out && ra_refserver_write_target(server, target_out, &err)) {
    fprintf(stderr, "raconform serve: ");
    ra_error_print(&err, stderr);
    rc = RA_EXIT_USAGE;
    goto done;
  }
  printf("%s\n", ra_refserver_url(server));
  fflush(stdout);
  if(ra_refserver_is_remote(server))
    fprintf(stderr, "raconform serve: WARNING: listening on %s, reachable "
            "from other hosts; the control API (%s) is unauthenticated: "
            "anyone who can connect can create and inspect assignments\n",
            ra_refserver_listen_address(server),
            RA_REFSERVER_CONTROL_PREFIX);
  fprintf(stderr, "raconform serve: %s profile(s) on %s, control API at %s\n",
          cfg.profiles == RA_SERVE_ALL ? "legacy-2014 and json-2017" :
          cfg.profiles == RA_SERVE_JSON ? "json-2017" : "legacy-2014",
          ra_refserver_url(server), ra_refserver_control_url(server));
  if(sigwait(&set, &sig) == 0)
    fprintf(stderr, "raconform serve: stopping on %s\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM");
done:
  ra_tool_opts_free(&op);
  ra_refserver_stop(server);
  ra_requester_pair_free(&keys);
  ra_free(defects);
  ra_free(variants);
  return rc;
}
