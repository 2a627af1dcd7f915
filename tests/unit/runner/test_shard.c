#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "runner/shard.h"
#include "check_run.h"

#define NCASES 300

static char ids_buf[NCASES + 1][16];
static const char *ids[NCASES + 1];
static double costs[NCASES + 1];

static void make_ids(void)
{
  size_t i;
  for(i = 0; i <= NCASES; i++) {
    snprintf(ids_buf[i], sizeof(ids_buf[i]), "RA-X-%04zu", i * 3 + 1);
    ids[i] = ids_buf[i];
    /* a few heavy cases, like the concurrency ones */
    costs[i] = i % 37 == 0 ? 200 : 5 + (double)(i % 7);
  }
}

START_TEST(test_shard__parse)
{
  unsigned k = 0, n = 0;
  ck_assert_int_eq(ra_shard_parse("2/4", &k, &n), RA_OK);
  ck_assert_uint_eq(k, 2);
  ck_assert_uint_eq(n, 4);
  ck_assert_int_eq(ra_shard_parse("1/1", &k, &n), RA_OK);
  ck_assert_int_eq(ra_shard_parse("0/4", &k, &n), RA_E_USAGE);
  ck_assert_int_eq(ra_shard_parse("5/4", &k, &n), RA_E_USAGE);
  ck_assert_int_eq(ra_shard_parse("1/1001", &k, &n), RA_E_USAGE);
  ck_assert_int_eq(ra_shard_parse("-1/4", &k, &n), RA_E_USAGE);
  ck_assert_int_eq(ra_shard_parse("1/4x", &k, &n), RA_E_USAGE);
  ck_assert_int_eq(ra_shard_parse("1/ 4", &k, &n), RA_E_USAGE);
  ck_assert_int_eq(ra_shard_parse("", &k, &n), RA_E_USAGE);
}
END_TEST

/* Every case in exactly one shard, loads under the bound, the result
 * independent of the input order. */
START_TEST(test_shard__plan_partitions_and_balances)
{
  unsigned a[NCASES], b[NCASES];
  const char *rev_ids[NCASES];
  double rev_costs[NCASES], load[4] = {0}, total = 0;
  size_t i;
  make_ids();
  ra_shard_plan(a, ids, costs, NCASES, 4);
  for(i = 0; i < NCASES; i++) {
    ck_assert_uint_lt(a[i], 4);
    load[a[i]] += costs[i];
    total += costs[i];
    rev_ids[i] = ids[NCASES - 1 - i];
    rev_costs[i] = costs[NCASES - 1 - i];
  }
  for(i = 0; i < 4; i++) {
    ck_assert(load[i] <= total / 4 * (1 + RA_SHARD_SLACK) + 1e-6);
    ck_assert(load[i] >= total / 4 * (1 - 3 * RA_SHARD_SLACK));
  }
  ra_shard_plan(b, rev_ids, rev_costs, NCASES, 4);
  for(i = 0; i < NCASES; i++)
    ck_assert_uint_eq(a[i], b[NCASES - 1 - i]);
}
END_TEST

/* Adding a case moves few others: 7 of 300 with 4 shards when written;
 * pure rendezvous hashing would move none but balance worse. */
START_TEST(test_shard__stable_under_a_new_case)
{
  unsigned a[NCASES + 1], b[NCASES + 1];
  size_t i, moved = 0, n;
  make_ids();
  for(n = 4; n <= 8; n += 4) {
    ra_shard_plan(a, ids, costs, NCASES, (unsigned)n);
    ra_shard_plan(b, ids, costs, NCASES + 1, (unsigned)n);
    moved = 0;
    for(i = 0; i < NCASES; i++)
      moved += a[i] != b[i];
    ck_assert_uint_le(moved, NCASES / 25); /* measured: 7 of 300 */
  }
  /* One shard takes everything. */
  ra_shard_plan(a, ids, costs, NCASES, 1);
  for(i = 0; i < NCASES; i++)
    ck_assert_uint_eq(a[i], 0);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("shard");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_shard__parse);
  tcase_add_test(tc, test_shard__plan_partitions_and_balances);
  tcase_add_test(tc, test_shard__stable_under_a_new_case);
  suite_add_tcase(s, tc);
  return ra_check_run(s);
}
