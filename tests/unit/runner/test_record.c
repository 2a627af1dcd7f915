/* Unit tests of runner/record: bytes in a recording (a JSON string, or
 * base64 when they are not text), a recorded run's manifest and case files
 * (every case run, the judged exchange, the hashes, no secret), the two
 * hashes (a changed title changes the file's, not the request's), and the
 * folder rule (an earlier recording may be replaced, other files not). */
#include <check.h>
#include <jansson.h>
#include <string.h>

#include "recording_sample.h"
#include "check_run.h"

START_TEST(test_record__bytes)
{
  json_t *v;
  char *out;
  size_t len;
  v = json_string("text");
  ck_assert_int_eq(ra_record_bytes(v, &out, &len), 0);
  ck_assert_uint_eq(len, 4);
  ck_assert_str_eq(out, "text");
  ra_free(out);
  json_decref(v);
  v = json_pack("{s:s}", "base64", "AGI=");    /* NUL, 'b' */
  ck_assert_int_eq(ra_record_bytes(v, &out, &len), 0);
  ck_assert_uint_eq(len, 2);
  ck_assert(out[0] == '\0' && out[1] == 'b' && out[2] == '\0');
  ra_free(out);
  json_decref(v);
  v = json_pack("{s:s}", "base64", "AGJj");    /* no padding: 3 bytes */
  ck_assert_int_eq(ra_record_bytes(v, &out, &len), 0);
  ck_assert_uint_eq(len, 3);
  ck_assert_str_eq(out + 1, "bc");
  ra_free(out);
  json_decref(v);
  v = json_null();
  ck_assert_int_eq(ra_record_bytes(v, &out, &len), 0);
  ck_assert_ptr_null(out);
  ck_assert_uint_eq(len, 0);
  ck_assert_int_eq(ra_record_bytes(NULL, &out, &len), 0);
  ck_assert_ptr_null(out);
  v = json_integer(3);
  ck_assert_int_eq(ra_record_bytes(v, &out, &len), -1);
  json_decref(v);
  v = json_pack("{s:s}", "base64", "AGI");     /* not a multiple of 4 */
  ck_assert_int_eq(ra_record_bytes(v, &out, &len), -1);
  json_decref(v);
}
END_TEST

static json_t *load(const char *dir, const char *rel)
{
  json_error_t jerr;
  char *path = ra_path_join(dir, rel);
  json_t *doc = json_load_file(path, 0, &jerr);
  ck_assert_msg(doc != NULL, "%s: %s", path, jerr.text);
  ra_free(path);
  return doc;
}

START_TEST(test_record__manifest_and_case_files)
{
  struct recording r;
  json_t *doc, *runs, *entry, *hashes;
  size_t i;
  sample_record(&r);
  ck_assert_uint_eq(r.run.count, 5);
  doc = load(r.dir, "recording.json");
  ck_assert_str_eq(json_string_value(json_object_get(doc, "format")),
                   RA_RECORD_FORMAT);
  ck_assert_str_eq(json_string_value(json_object_get(doc, "suite_version")),
                   RA_VERSION);
  ck_assert(json_is_object(json_object_get(doc, "target")));
  runs = json_object_get(doc, "runs");
  ck_assert_uint_eq(json_array_size(runs), 5);
  hashes = json_object_get(doc, "case_files");
  ck_assert_uint_eq(json_object_size(hashes), 3);
  json_array_foreach(runs, i, entry) {
    const char *id = json_string_value(json_object_get(entry, "id"));
    const char *file = json_string_value(json_object_get(entry, "file"));
    const struct ra_case *c = ra_caseset_find(&r.set, id);
    char file_hex[65], req_hex[65];
    json_t *rec, *h = json_object_get(hashes, id);
    char *text, *path;
    ck_assert_ptr_nonnull(c);
    ck_assert_int_eq(ra_record_case_hashes(c, file_hex, req_hex), RA_OK);
    ck_assert_str_eq(json_string_value(json_object_get(h, "file")),
                     file_hex);
    ck_assert_str_eq(json_string_value(json_object_get(h, "request")),
                     req_hex);
    rec = load(r.dir, file);
    ck_assert_str_eq(json_string_value(json_object_get(rec, "id")), id);
    ck_assert_str_eq(json_string_value(json_object_get(rec,
                     "request_sha256")), req_hex);
    /* every case here reached the judge: its exchange is recorded */
    ck_assert(json_is_object(json_object_get(rec, "judged")));
    ck_assert(json_is_object(json_object_get(json_object_get(rec,
              "judged"), "request")));
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(rec,
                     "verdict"), "status")), "pass");
    json_decref(rec);
    path = ra_path_join(r.dir, file);
    text = sample_read(path);
    ck_assert_ptr_null(strstr(text, RA_REFSERVER_OWNER_SECRET));
    ra_free(text);
    ra_free(path);
  }
  json_decref(doc);
  sample_free(&r);
}
END_TEST

START_TEST(test_record__hashes_follow_the_request)
{
  struct recording r;
  const struct ra_case *c;
  char file0[65], req0[65], file1[65], req1[65];
  sample_record(&r);
  c = ra_caseset_find(&r.set, "RA-STATE-0010");
  ck_assert_int_eq(ra_record_case_hashes(c, file0, req0), RA_OK);
  ck_assert_uint_eq(strlen(file0), 64);
  /* A title is not the request: only the file's hash moves. */
  sample_edit_case(&r, "RA-STATE-0010", "\"title\": \"reject",
                   "\"title\": \"Reject");
  sample_reload(&r);
  c = ra_caseset_find(&r.set, "RA-STATE-0010");
  ck_assert_int_eq(ra_record_case_hashes(c, file1, req1), RA_OK);
  ck_assert_str_ne(file0, file1);
  ck_assert_str_eq(req0, req1);
  /* The feedback sent is. */
  sample_edit_case(&r, "RA-STATE-0010", "do not follow", "ignore");
  sample_reload(&r);
  c = ra_caseset_find(&r.set, "RA-STATE-0010");
  ck_assert_int_eq(ra_record_case_hashes(c, file1, req1), RA_OK);
  ck_assert_str_ne(req0, req1);
  sample_free(&r);
}
END_TEST

START_TEST(test_record__folder_rule)
{
  struct recording r;
  struct ra_recorder *rec = NULL;
  struct ra_error err = RA_ERROR_INIT;
  struct ra_target *t;
  char *other;
  const char *text =
    "{\"name\": \"t\", \"endpoint\": \"http://127.0.0.1:1/\", "
    "\"profile\": \"json-2017\", \"requesters\": {\"owner\": "
    "{\"access_key_id\": \"AK\", \"secret_access_key\": \"S\"}}}";
  sample_record(&r);
  ck_assert_int_eq(ra_target_parse(&t, text, strlen(text), "t.json", &err),
                   RA_OK);
  /* an earlier recording may be recorded over */
  ck_assert_int_eq(ra_recorder_open(&rec, r.dir, t, "x", 1, &err), RA_OK);
  ck_assert_int_eq(ra_recorder_close(rec, &err), RA_OK);
  /* a folder with anything else is refused */
  other = ra_path_join(r.dir, "notes.txt");
  sample_write(other, "mine\n");
  rec = NULL;
  ck_assert_int_eq(ra_recorder_open(&rec, r.dir, t, "x", 1, &err),
                   RA_E_CONFIG);
  ck_assert_ptr_null(rec);
  ck_assert_ptr_nonnull(strstr(err.text, "holds other files"));
  ck_assert_int_eq(ra_recorder_close(NULL, &err), RA_OK);
  ra_free(other);
  ra_target_free(t);
  sample_free(&r);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("record");
  TCase *tc = tcase_create("record");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, test_record__bytes);
  tcase_add_test(tc, test_record__manifest_and_case_files);
  tcase_add_test(tc, test_record__hashes_follow_the_request);
  tcase_add_test(tc, test_record__folder_rule);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
