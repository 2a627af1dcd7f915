/* Unit tests of server/store: IDs, lifecycle, owner checks, atomic
 * transitions under concurrency. */
#include <check.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "server/store.h"
#include "check_run.h"

START_TEST(test_store__ids_look_real_and_are_seeded)
{
  struct ra_store *a = ra_store_new(42);
  struct ra_store *b = ra_store_new(42);
  char *ida = NULL, *idb = NULL;
  size_t i;
  ck_assert_int_eq(ra_store_add(a, "AK", RA_ASSIGN_SUBMITTED, NULL, &ida),
                   RA_OK);
  ck_assert_int_eq(ra_store_add(b, "AK", RA_ASSIGN_SUBMITTED, NULL, &idb),
                   RA_OK);
  ck_assert_uint_eq(strlen(ida), RA_STORE_ID_LEN);
  ck_assert_int_eq(ida[0], '3');
  for(i = 0; i < strlen(ida); i++)
    ck_assert(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", ida[i]));
  ck_assert_str_eq(ida, idb); /* same seed, same IDs */
  ra_free(ida);
  ra_free(idb);
  ck_assert_int_eq(ra_store_add(a, "AK", RA_ASSIGN_SUBMITTED, "abc", NULL),
                   RA_E_INVALID);
  ck_assert_int_eq(ra_store_add(a, "AK", RA_ASSIGN_SUBMITTED, "ABC", NULL),
                   RA_OK);
  ck_assert_int_eq(ra_store_add(a, "AK", RA_ASSIGN_SUBMITTED, "ABC", NULL),
                   RA_E_STATE);
  ck_assert_uint_eq(ra_store_size(a), 2);
  ra_store_reset(a);
  ck_assert_uint_eq(ra_store_size(a), 0);
  ra_store_free(a);
  ra_store_free(b);
}
END_TEST

START_TEST(test_store__lifecycle)
{
  struct ra_store *st = ra_store_new(1);
  struct ra_store_transition t;
  struct ra_assignment_view v;
  ra_assign_status cur;
  memset(&t, 0, sizeof(t));
  ck_assert_int_eq(ra_store_add(st, "OWNER", RA_ASSIGN_SUBMITTED, "A1", NULL),
                   RA_OK);
  t.id = "A1";
  t.owner = "OTHER";
  t.from_mask = RA_ASSIGN_BIT(RA_ASSIGN_SUBMITTED);
  t.to = RA_ASSIGN_REJECTED;
  t.set_feedback = 1;
  t.feedback = "a\0b";
  t.feedback_len = 3;
  ck_assert_int_eq(ra_store_transition(st, &t, &cur), RA_STORE_NOT_OWNER);
  t.id = "A2";
  ck_assert_int_eq(ra_store_transition(st, &t, &cur), RA_STORE_NO_SUCH);
  t.id = "A1";
  t.owner = "OWNER";
  ck_assert_int_eq(ra_store_transition(st, &t, &cur), RA_STORE_DONE);
  ck_assert_int_eq(cur, RA_ASSIGN_SUBMITTED);
  ck_assert_int_eq(ra_store_transition(st, &t, &cur), RA_STORE_BAD_STATE);
  ck_assert_int_eq(cur, RA_ASSIGN_REJECTED);
  ck_assert_int_eq(ra_store_get(st, "A1", &v), RA_OK);
  ck_assert_int_eq(v.status, RA_ASSIGN_REJECTED);
  ck_assert_int_eq(v.has_feedback, 1);
  ck_assert_uint_eq(v.feedback_len, 3);
  ck_assert_int_eq(memcmp(v.feedback, "a\0b", 3), 0); /* byte-exact */
  ra_assignment_view_free(&v);
  ck_assert_int_eq(ra_store_get(st, "a1", &v), RA_E_NOT_FOUND);
  ra_store_free(st);
}
END_TEST

START_TEST(test_store__defect_flags)
{
  struct ra_store *st = ra_store_new(1);
  struct ra_store_transition t;
  struct ra_assignment_view v;
  ck_assert_int_eq(ra_store_add(st, "OWNER", RA_ASSIGN_APPROVED, "ABC123",
                                NULL), RA_OK);
  memset(&t, 0, sizeof(t));
  t.id = "ABC12";
  t.owner = "OTHER";
  t.from_mask = RA_ASSIGN_BIT(RA_ASSIGN_SUBMITTED);
  t.to = RA_ASSIGN_REJECTED;
  t.set_feedback = 1;
  t.feedback = "fb";
  t.feedback_len = 2;
  /* exact lookup unless prefix_match */
  ck_assert_int_eq(ra_store_transition(st, &t, NULL), RA_STORE_NO_SUCH);
  t.prefix_match = 1;
  ck_assert_int_eq(ra_store_transition(st, &t, NULL), RA_STORE_NOT_OWNER);
  /* state_before_owner: the state answers first */
  t.state_before_owner = 1;
  ck_assert_int_eq(ra_store_transition(st, &t, NULL), RA_STORE_BAD_STATE);
  ck_assert_int_eq(ra_store_get(st, "ABC123", &v), RA_OK);
  ck_assert_int_eq(v.has_feedback, 0); /* refused: nothing written */
  ra_assignment_view_free(&v);
  /* feedback_first: a refused transition still writes the feedback */
  t.feedback_first = 1;
  ck_assert_int_eq(ra_store_transition(st, &t, NULL), RA_STORE_BAD_STATE);
  ck_assert_int_eq(ra_store_get(st, "ABC123", &v), RA_OK);
  ck_assert_int_eq(v.status, RA_ASSIGN_APPROVED);
  ck_assert_int_eq(v.has_feedback, 1);
  ck_assert_int_eq(memcmp(v.feedback, "fb", 2), 0);
  ra_assignment_view_free(&v);
  ra_store_free(st);
}
END_TEST

START_TEST(test_store__status_names)
{
  ra_assign_status s;
  ck_assert_int_eq(ra_assign_status_parse("Approved", &s), RA_OK);
  ck_assert_int_eq(s, RA_ASSIGN_APPROVED);
  ck_assert_str_eq(ra_assign_status_name(RA_ASSIGN_REJECTED), "Rejected");
  ck_assert_int_eq(ra_assign_status_parse("approved", &s), RA_E_INVALID);
}
END_TEST

struct racer {
  struct ra_store *st;
  unsigned window;
  int won;
};

static void *race(void *arg)
{
  struct racer *r = arg;
  struct ra_store_transition t;
  memset(&t, 0, sizeof(t));
  t.id = "RACE";
  t.owner = "OWNER";
  t.from_mask = RA_ASSIGN_BIT(RA_ASSIGN_SUBMITTED);
  t.to = RA_ASSIGN_REJECTED;
  t.race_window_ms = r->window;
  r->won = ra_store_transition(r->st, &t, NULL) == RA_STORE_DONE;
  return NULL;
}

static int run_race(unsigned window)
{
  struct ra_store *st = ra_store_new(7);
  struct racer r[8];
  pthread_t th[8];
  int wins = 0;
  int i;
  ck_assert_int_eq(ra_store_add(st, "OWNER", RA_ASSIGN_SUBMITTED, "RACE",
                                NULL), RA_OK);
  for(i = 0; i < 8; i++) {
    r[i].st = st;
    r[i].window = window;
    r[i].won = 0;
    pthread_create(&th[i], NULL, race, &r[i]);
  }
  for(i = 0; i < 8; i++) {
    pthread_join(th[i], NULL);
    wins += r[i].won;
  }
  ra_store_free(st);
  return wins;
}

START_TEST(test_store__concurrent_rejects_one_wins)
{
  ck_assert_int_eq(run_race(0), 1);
  /* The seeded race window lets several through: the test can fail. */
  ck_assert_int_gt(run_race(50), 1);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("store");
  TCase *tc = tcase_create("store");
  tcase_add_test(tc, test_store__ids_look_real_and_are_seeded);
  tcase_add_test(tc, test_store__lifecycle);
  tcase_add_test(tc, test_store__defect_flags);
  tcase_add_test(tc, test_store__status_names);
  tcase_add_test(tc, test_store__concurrent_rejects_one_wins);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  return ra_check_run(suite());
}
