/* Unit tests of server/control, the seeding API under /_raconform/, driven
 * through its public entry ra_control_handle on a socketless server
 * (ra_refserver_new): create/get/reset/describe, the bearer token, the
 * refusals (400/404/405/409). */
#include <check.h>
#include <jansson.h>
#include <string.h>

#include "core/alloc.h"
#include "server/control.h"
#include "server/refserver.h"
#include "check_run.h"

static struct ra_refserver *make(const char *token)
{
  struct ra_refserver_config cfg;
  struct ra_refserver *s = NULL;
  struct ra_error err = RA_ERROR_INIT;
  ra_refserver_config_init(&cfg);
  cfg.seed = 5;
  cfg.control_token = token;
  ck_assert_int_eq(ra_refserver_new(&s, &cfg, &err), RA_OK);
  return s;
}

/* Sends one control request; returns the JSON answer (NULL for an empty
 * body) and the status. */
static json_t *ctl(struct ra_refserver *s, const char *method,
                   const char *path, const char *body, const char *auth,
                   int *status)
{
  struct ra_wire_request req;
  struct ra_refserver_response resp;
  struct ra_headers h;
  json_t *j = NULL;
  char target[256];
  snprintf(target, sizeof(target), "%s%s", RA_REFSERVER_CONTROL_PREFIX, path);
  ra_headers_init(&h);
  if(auth)
    ra_headers_add(&h, "Authorization", auth);
  req.method = method;
  req.target = target;
  req.headers = &h;
  req.body = body;
  req.body_len = body ? strlen(body) : 0;
  ra_refserver_response_init(&resp);
  ra_control_handle(s, &req, &resp);
  *status = resp.status;
  if(resp.body.len) {
    j = json_loadb(ra_buf_str(&resp.body), resp.body.len, 0, NULL);
    ck_assert_msg(j != NULL, "not JSON: %s", ra_buf_str(&resp.body));
    ck_assert_str_eq(ra_headers_get(&resp.headers, "Content-Type"),
                     "application/json");
  }
  ra_refserver_response_free(&resp);
  ra_headers_free(&h);
  return j;
}

static const char *str(json_t *j, const char *name)
{
  return json_string_value(json_object_get(j, name));
}

START_TEST(test_control__create_get_reset)
{
  struct ra_refserver *s = make(NULL);
  int status;
  json_t *j;
  char id[80];
  char path[128];
  const char *st = NULL;
  j = ctl(s, "POST", "assignments",
          "{\"owner\":\"" RA_REFSERVER_OWNER_KEY_ID "\",\"status\":\"Submitted\"}",
          NULL, &status);
  ck_assert_int_eq(status, 201);
  ck_assert_ptr_nonnull(str(j, "AssignmentId"));
  snprintf(id, sizeof(id), "%s", str(j, "AssignmentId"));
  json_decref(j);
  ck_assert_int_eq(ra_refserver_lookup(s, id, &st, NULL, NULL, NULL), RA_OK);
  ck_assert_str_eq(st, "Submitted");
  snprintf(path, sizeof(path), "assignments/%s", id);
  j = ctl(s, "GET", path, NULL, NULL, &status);
  ck_assert_int_eq(status, 200);
  ck_assert_str_eq(str(j, "AssignmentId"), id);
  ck_assert_str_eq(str(j, "owner"), RA_REFSERVER_OWNER_KEY_ID);
  ck_assert_str_eq(str(j, "status"), "Submitted");
  ck_assert(json_is_null(json_object_get(j, "RequesterFeedback")));
  json_decref(j);
  /* a chosen ID, then the same ID again */
  j = ctl(s, "POST", "assignments",
          "{\"owner\":\"o\",\"status\":\"Approved\",\"AssignmentId\":\"ABC123\"}",
          NULL, &status);
  ck_assert_int_eq(status, 201);
  ck_assert_str_eq(str(j, "AssignmentId"), "ABC123");
  json_decref(j);
  j = ctl(s, "POST", "assignments",
          "{\"owner\":\"o\",\"status\":\"Approved\",\"AssignmentId\":\"ABC123\"}",
          NULL, &status);
  ck_assert_int_eq(status, 409);
  json_decref(j);
  /* describe counts them; reset empties the store */
  j = ctl(s, "GET", "", NULL, NULL, &status);
  ck_assert_int_eq(status, 200);
  ck_assert_int_eq(json_integer_value(json_object_get(j, "assignments")), 2);
  ck_assert_uint_eq(json_array_size(json_object_get(j, "profiles")), 2);
  ck_assert_uint_eq(json_array_size(json_object_get(j, "defects")), 0);
  json_decref(j);
  ck_assert_ptr_null(ctl(s, "POST", "reset", NULL, NULL, &status));
  ck_assert_int_eq(status, 204);
  json_decref(ctl(s, "GET", path, NULL, NULL, &status));
  ck_assert_int_eq(status, 404);
  ra_refserver_stop(s);
}
END_TEST

static void refused(struct ra_refserver *s, const char *method,
                    const char *path, const char *body, int want,
                    const char *part)
{
  int status;
  json_t *j = ctl(s, method, path, body, NULL, &status);
  ck_assert_int_eq(status, want);
  ck_assert_ptr_nonnull(str(j, "error"));
  if(part)
    ck_assert_msg(strstr(str(j, "error"), part) != NULL, "error '%s'",
                  str(j, "error"));
  json_decref(j);
}

START_TEST(test_control__refusals)
{
  struct ra_refserver *s = make(NULL);
  refused(s, "POST", "assignments", "[]", 400, "JSON object");
  refused(s, "POST", "assignments", "not json", 400, "JSON object");
  refused(s, "POST", "assignments", "{\"owner\":\"\",\"status\":\"Submitted\"}",
          400, "'owner'");
  refused(s, "POST", "assignments", "{\"owner\":\"o\",\"status\":\"Done\"}",
          400, "'status'");
  refused(s, "POST", "assignments",
          "{\"owner\":\"o\",\"status\":\"Submitted\",\"AssignmentId\":5}", 400,
          "'AssignmentId'");
  refused(s, "POST", "assignments",
          "{\"owner\":\"o\",\"status\":\"Submitted\",\"AssignmentId\":\"abc\"}",
          400, "[A-Z0-9]");
  refused(s, "GET", "assignments", NULL, 405, "POST");
  refused(s, "POST", "assignments/X", NULL, 405, "GET");
  refused(s, "GET", "reset", NULL, 405, "POST");
  refused(s, "GET", "assignments/A/B", NULL, 404, NULL);
  refused(s, "GET", "nothing-here", NULL, 404, NULL);
  refused(s, "POST", "", NULL, 404, NULL);
  ra_refserver_stop(s);
}
END_TEST

START_TEST(test_control__bearer_token)
{
  struct ra_refserver *s = make("s3cret");
  int status;
  json_t *j;
  j = ctl(s, "GET", "", NULL, NULL, &status);
  ck_assert_int_eq(status, 401);
  json_decref(j);
  j = ctl(s, "GET", "", NULL, "Bearer wrong", &status);
  ck_assert_int_eq(status, 401);
  json_decref(j);
  j = ctl(s, "GET", "", NULL, "Basic s3cret", &status);
  ck_assert_int_eq(status, 401);
  json_decref(j);
  j = ctl(s, "GET", "", NULL, "bearer   s3cret", &status);
  ck_assert_int_eq(status, 200);
  json_decref(j);
  ra_refserver_stop(s);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("control");
  TCase *tc = tcase_create("control");
  tcase_add_test(tc, test_control__create_get_reset);
  tcase_add_test(tc, test_control__refusals);
  tcase_add_test(tc, test_control__bearer_token);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
