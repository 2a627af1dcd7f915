/* raconform serve: run the reference server until SIGINT/SIGTERM. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"
#include "server/defect.h"
#include "server/refserver.h"
#include "server/requester.h"
#include "server/variant.h"
#include "tool/tool.h"

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
    "no authentication, so a non-loopback --listen needs --allow-remote.\n");
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

int ra_tool_serve(int argc, char **argv)
{
  struct ra_refserver_config cfg;
  struct ra_requester_pair keys;
  struct ra_refserver *server = NULL;
  struct ra_error err;
  const char **defects, **variants;
  const char *target_out = NULL;
  const char *requesters = NULL;
  size_t ndefects = 0, nvariants = 0;
  sigset_t set;
  int sig;
  int i;
  int rc = RA_EXIT_OK;

  ra_refserver_config_init(&cfg);
  memset(&keys, 0, sizeof(keys));
  ra_error_clear(&err);
  defects = ra_calloc((size_t)argc + 1, sizeof(*defects));
  variants = ra_calloc((size_t)argc + 1, sizeof(*variants));
  for(i = 1; i < argc; i++) {
    const char *v;
    int missing = 0;
    if(!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      usage(stdout);
      goto done;
    }
    if(!strcmp(argv[i], "--list-defects")) {
      list_defects();
      goto done;
    }
    if(!strcmp(argv[i], "--list-variants")) {
      list_variants();
      goto done;
    }
    if(!strcmp(argv[i], "--allow-remote")) {
      cfg.allow_remote = 1;
      continue;
    }
    if(ra_tool_opt(&v, argc, argv, &i, "--profile", &missing)) {
      if(ra_serve_profiles_parse(v, &cfg.profiles)) {
        rc = ra_tool_usage_error("serve", "unknown profile '%s'", v);
        goto done;
      }
    }
    else if(ra_tool_opt(&v, argc, argv, &i, "--listen", &missing))
      cfg.listen = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--defect", &missing)) {
      ra_defect_id id;
      if(ra_defect_lookup(v, &id)) {
        rc = ra_tool_usage_error("serve", "unknown defect '%s' (see "
                                 "--list-defects)", v);
        goto done;
      }
      defects[ndefects++] = v;
    }
    else if(ra_tool_opt(&v, argc, argv, &i, "--variant", &missing)) {
      ra_variant_id id;
      if(ra_variant_lookup(v, &id)) {
        rc = ra_tool_usage_error("serve", "unknown variant '%s' (see "
                                 "--list-variants)", v);
        goto done;
      }
      variants[nvariants++] = v;
    }
    else if(ra_tool_opt(&v, argc, argv, &i, "--target-out", &missing))
      target_out = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--control-token", &missing))
      cfg.control_token = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--requesters", &missing))
      requesters = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--owner-key-id", &missing))
      cfg.owner_key_id = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--owner-secret", &missing))
      cfg.owner_secret = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--other-key-id", &missing))
      cfg.other_key_id = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--other-secret", &missing))
      cfg.other_secret = v;
    else if(ra_tool_opt(&v, argc, argv, &i, "--threads", &missing)) {
      char *end;
      long n = strtol(v, &end, 10);
      if(*end || n < 1 || n > 64) {
        rc = ra_tool_usage_error("serve", "--threads wants 1-64, not '%s'",
                                 v);
        goto done;
      }
      cfg.threads = (unsigned)n;
    }
    else if(ra_tool_opt(&v, argc, argv, &i, "--seed", &missing)) {
      char *end;
      cfg.seed = strtoull(v, &end, 10);
      if(*end || !*v) {
        rc = ra_tool_usage_error("serve", "--seed wants a number, not '%s'",
                                 v);
        goto done;
      }
    }
    else if(missing) {
      rc = ra_tool_usage_error("serve", "option '%s' needs a value",
                               argv[i]);
      goto done;
    }
    else {
      rc = ra_tool_usage_error("serve", "unknown option '%s' (see --help)",
                               argv[i]);
      goto done;
    }
    if(missing) {
      rc = ra_tool_usage_error("serve", "option '%s' needs a value",
                               argv[i]);
      goto done;
    }
  }
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
  ra_refserver_stop(server);
  ra_requester_pair_free(&keys);
  ra_free(defects);
  ra_free(variants);
  return rc;
}
