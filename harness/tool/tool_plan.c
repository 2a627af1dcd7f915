/* raconform plan: what a run against a target would consume and skip,
 * without sending anything. For a sandbox with a manifest, this is how a
 * user learns how many submitted assignments to prepare. */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "runner/caseset.h"
#include "runner/target.h"
#include "tool/tool.h"
#include "tool/tool_catalogue.h"
#include "tool/tool_opt.h"

static void usage(FILE *out)
{
  fprintf(out,
          "usage: raconform plan --target FILE [--profile P] [--cases DIR]\n"
          "                      [--run GLOB]... [--skip GLOB]...\n"
          "Says which fixtures a run against the target consumes, whether\n"
          "state can be observed, and which cases would be skipped and why.\n");
}

static const char *provider_name(const struct ra_target *t)
{
  switch(t->provider) {
  case RA_PROVIDER_CONTROL: return "control";
  case RA_PROVIDER_MANIFEST: return "manifest";
  case RA_PROVIDER_NONE: break;
  }
  return "none";
}

static void plan(const struct ra_target *t, const struct ra_caseset *set,
                 const struct ra_selection *sel, unsigned profiles)
{
  size_t need[RA_FIXTURE_STATES] = {0};
  size_t selected = 0, runs = 0, skipped = 0, i, observed = 0;
  struct ra_buf skips, reason;
  int p, s;

  ra_buf_init(&skips, RA_BUF_UNLIMITED);
  ra_buf_init(&reason, RA_BUF_UNLIMITED);
  for(i = 0; i < set->count; i++) {
    const struct ra_case *c = set->cases[i];
    if(!ra_selection_match(sel, c))
      continue;
    selected++;
    for(p = 0; p < RA_PROFILE_COUNT; p++) {
      if(!(profiles & RA_PROFILE_BIT(p)) || !(c->profiles & RA_PROFILE_BIT(p)))
        continue;
      ra_buf_reset(&reason);
      if(ra_case_skip_reason(c, (ra_profile)p, t, &reason)) {
        skipped++;
        ra_buf_putf(&skips, "  %s %s: %s\n", c->id,
                    ra_target_profile_name((ra_profile)p), ra_buf_str(&reason));
        continue;
      }
      runs++;
      if(c->needs.fixture != RA_FIXTURE_NONE) {
        need[c->needs.fixture]++;
        if(c->needs.observe)
          observed++;
      }
    }
  }

  printf("target: %s\n", t->name);
  printf("endpoint: %s (%s)\n", t->endpoint,
         ra_endpoint_class_name(t->endpoint_class));
  if(t->endpoint_class == RA_ENDPOINT_PRODUCTION)
    printf("warning: production host: 'raconform run' refuses it without "
           "--allow-production\n");
  printf("profiles: ");
  for(p = 0, s = 0; p < RA_PROFILE_COUNT; p++) {
    if(profiles & RA_PROFILE_BIT(p)) {
      printf("%s%s", s ? ", " : "", ra_target_profile_name((ra_profile)p));
      s = 1;
    }
  }
  printf("\nrequesters: owner%s\n",
         t->requesters[RA_REQUESTER_OTHER].present ? ", other" : "");
  printf("fixture provider: %s", provider_name(t));
  if(t->provider == RA_PROVIDER_CONTROL)
    printf(" (%s)", t->control_url);
  printf("\n");
  if(ra_target_can_observe(t))
    printf("state observable: yes (%zu runs check state and feedback "
           "afterwards)\n", observed);
  else if(t->provider == RA_PROVIDER_MANIFEST)
    printf("state observable: no (a manifest cannot read assignments: state "
           "checks of %zu runs are skipped)\n", observed);
  else
    printf("state observable: no (no fixture provider)\n");
  if(t->has_length_unit)
    printf("feedback length unit: %s\n",
           ra_length_unit_name(t->feedback_length_unit));
  printf("cases: %zu selected, %zu runs, %zu skipped\n", selected, runs,
         skipped);
  printf("fixtures consumed:\n");
  for(s = RA_FIXTURE_SUBMITTED; s < RA_FIXTURE_STATES; s++) {
    printf("  %-9s %zu", ra_fixture_state_name((ra_fixture_state)s), need[s]);
    if(t->provider == RA_PROVIDER_MANIFEST) {
      size_t have = t->nmanifest[s];
      if(have >= need[s])
        printf(" (manifest lists %zu)", have);
      else
        printf(" (manifest lists %zu: %zu short, those runs will be "
               "skipped)", have, need[s] - have);
    }
    printf("\n");
  }
  if(skipped)
    printf("skipped:\n%s", ra_buf_str(&skips));
  ra_buf_free(&skips);
  ra_buf_free(&reason);
}

enum { OPT_TARGET = 256, OPT_CASES, OPT_PROFILE, OPT_RUN, OPT_SKIP };

static const struct ra_tool_optdef plan_opts[] = {
  {"target", OPT_TARGET, 1},
  {"cases", OPT_CASES, 1},
  {"profile", OPT_PROFILE, 1},
  {"run", OPT_RUN, 1},
  {"skip", OPT_SKIP, 1},
  {NULL, 0, 0}
};

int ra_tool_plan(int argc, char **argv)
{
  const char *target_file = NULL, *dir = NULL, *profile = NULL;
  struct ra_caseset set;
  struct ra_selection sel;
  struct ra_target *t = NULL;
  struct ra_error err = RA_ERROR_INIT;
  unsigned profiles;
  struct ra_tool_opts op;
  const char *v;
  int key, rc = RA_EXIT_OK;

  ra_caseset_init(&set);
  ra_selection_init(&sel);
  ra_error_clear(&err);
  ra_tool_opts_init(&op, "plan", plan_opts, usage, argc, argv);
  while(!rc && (key = ra_tool_opts_next(&op, &v)) != RA_TOOL_OPT_END) {
    switch(key) {
    case RA_TOOL_OPT_EXIT:
      rc = op.exit_code;
      goto done;
    case OPT_TARGET: target_file = v; break;
    case OPT_CASES: dir = v; break;
    case OPT_PROFILE: profile = v; break;
    case OPT_RUN: rc = ra_tool_add_selection("plan", &sel, 0, v); break;
    case OPT_SKIP: rc = ra_tool_add_selection("plan", &sel, 1, v); break;
    default: break;
    }
  }
  if(!rc)
    rc = ra_tool_opts_no_operands(&op);
  if(!rc && !target_file)
    rc = ra_tool_usage_error("plan", "--target FILE is required");
  if(rc)
    goto done;
  if(ra_target_load(&t, target_file, &err)) {
    fprintf(stderr, "raconform plan: ");
    ra_error_print(&err, stderr);
    rc = RA_EXIT_USAGE;
    goto done;
  }
  profiles = t->profiles;
  if(profile) {
    if(!strcmp(profile, "legacy-2014"))
      profiles &= RA_PROFILE_BIT(RA_PROFILE_LEGACY);
    else if(!strcmp(profile, "json-2017"))
      profiles &= RA_PROFILE_BIT(RA_PROFILE_JSON);
    else if(strcmp(profile, "all")) {
      rc = ra_tool_usage_error("plan", "unknown profile '%s' (legacy-2014, "
                               "json-2017 or all)", profile);
      goto done;
    }
    if(!profiles) {
      rc = ra_tool_usage_error("plan", "the target does not speak '%s'",
                               profile);
      goto done;
    }
  }
  rc = ra_tool_load_catalogue("plan", dir, &set);
  if(rc)
    goto done;
  plan(t, &set, &sel, profiles);
done:
  ra_tool_opts_free(&op);
  ra_target_free(t);
  ra_selection_free(&sel);
  ra_caseset_free(&set);
  return rc;
}
