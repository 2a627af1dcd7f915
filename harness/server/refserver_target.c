/* The reference server's description of itself: its name, operations,
 * counting unit and the target file that says how to test it. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/outfile.h"
#include "server/refserver_impl.h"
#include "server/refserver_target.h"

const char *const *ra_refserver_operations(const struct ra_refserver *s)
{
  static const char *const all[] = {
    "RejectAssignment", "ApproveAssignment", "ApproveRejectedAssignment",
    "GetAssignment", NULL
  };
  static const char *const reject_only[] = {"RejectAssignment", NULL};
  return ra_refserver_variant_on(s, RA_VARIANT_REJECT_ONLY) ? reject_only :
         all;
}

const char *ra_refserver_length_unit(const struct ra_refserver *s)
{
  return ra_refserver_variant_on(s, RA_VARIANT_COUNT_UTF16) ? "utf16" :
         "codepoint";
}

static json_t *requester_json(const struct ra_requester *r)
{
  return json_pack("{s:s, s:s}", "access_key_id", r->access_key_id,
                   "secret_access_key", r->secret);
}

void ra_refserver_name(const struct ra_refserver *s, struct ra_buf *out)
{
  size_t i;
  const char *sep = " (defects: ";
  ra_buf_puts(out, "raconform-refserver");
  /* The name is what reports show: say which bugs and variants were
   * seeded. */
  for(i = 0; i < ra_defect_count(); i++) {
    if(ra_defect_set_has(&s->defects, (ra_defect_id)i)) {
      ra_buf_putf(out, "%s%s", sep, ra_defect_at(i)->name);
      sep = ", ";
    }
  }
  if(!ra_defect_set_empty(&s->defects))
    ra_buf_putc(out, ')');
  sep = " (variants: ";
  for(i = 0; i < ra_variant_count(); i++) {
    if(s->variants & RA_VARIANT_BIT(i)) {
      ra_buf_putf(out, "%s%s", sep, ra_variant_at(i)->name);
      sep = ", ";
    }
  }
  if(s->variants)
    ra_buf_putc(out, ')');
}

/* The target file as JSON (docs/targets.md). */
static json_t *target_json(const struct ra_refserver *s)
{
  const char *const *ops = ra_refserver_operations(s);
  json_t *root, *arr;
  struct ra_buf name;
  const char *profile;
  size_t k;

  /* The target format says "all" for an endpoint that answers both
   * profiles; `run --profile` then picks one. */
  profile = s->profiles == RA_SERVE_LEGACY ? "legacy-2014" :
            s->profiles == RA_SERVE_JSON ? "json-2017" : "all";
  ra_buf_init(&name, RA_BUF_UNLIMITED);
  ra_refserver_name(s, &name);
  arr = json_array();
  for(k = 0; ops[k]; k++)
    json_array_append_new(arr, json_string(ops[k]));
  root = json_pack("{s:s, s:s, s:s, s:{s:o, s:o}, s:{s:s}, "
                   "s:{s:s, s:o}, s:{s:n, s:b}}",
                   "name", ra_buf_str(&name),
                   "endpoint", s->url,
                   "profile", profile,
                   "requesters",
                   "owner", requester_json(&s->keys.owner),
                   "other", requester_json(&s->keys.other),
                   "fixtures", "control", s->control_url,
                   "capabilities", "feedback_length_unit",
                   ra_refserver_length_unit(s), "operations", arr,
                   "tls", "ca_file", "insecure", 0);
  ra_buf_free(&name);
  if(root && s->control_token)
    json_object_set_new(root, "control_token",
                        json_string(s->control_token));
  return root;
}

ra_code ra_refserver_target_describe(const struct ra_refserver *s,
                                     struct ra_buf *out, const char *source,
                                     struct ra_error *err)
{
  json_t *root;
  char *text = NULL;
  ra_code result = RA_OK;

  if(!s->url)
    return ra_error_set(err, RA_E_USAGE, source, 0, 0,
                        "the server is not listening");
  root = target_json(s);
  if(root)
    text = json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS);
  if(!text)
    result = ra_error_set(err, RA_E_INTERNAL, source, 0, 0,
                          "cannot build the target description");
  else if(ra_buf_adds(out, text))
    result = ra_error_set(err, RA_E_TOO_LARGE, source, 0, 0,
                          "the target description does not fit");
  free(text);
  json_decref(root);
  return result;
}

ra_code ra_refserver_write_target(const struct ra_refserver *s,
                                  const char *path, struct ra_error *err)
{
  struct ra_buf text;
  ra_code result;

  ra_buf_init(&text, RA_BUF_UNLIMITED);
  result = ra_refserver_target_describe(s, &text, path, err);
  /* Written whole then renamed, so a reader never sees half a file; a
   * device, FIFO or symlink is refused, never replaced. */
  if(!result)
    result = ra_outfile_write(path, ra_buf_str(&text), text.len, err);
  ra_buf_free(&text);
  return result;
}
