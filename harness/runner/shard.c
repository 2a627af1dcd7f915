/* Rendezvous hashing with bounded load. */
#include "runner/shard.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/file.h"

ra_code ra_shard_parse(const char *text, unsigned *k, unsigned *n)
{
  char *end;
  unsigned long a, b;
  if(!text || *text < '0' || *text > '9')
    return RA_E_USAGE;
  a = strtoul(text, &end, 10);
  if(*end != '/' || end[1] < '0' || end[1] > '9')
    return RA_E_USAGE;
  b = strtoul(end + 1, &end, 10);
  if(*end || a < 1 || b < 1 || a > b || b > RA_SHARD_MAX)
    return RA_E_USAGE;
  *k = (unsigned)a;
  *n = (unsigned)b;
  return RA_OK;
}

/* FNV-1a over id and shard number, finished by splitmix64's mixer: the
 * same on every machine. */
static uint64_t score(const char *id, unsigned shard)
{
  uint64_t h = 0xcbf29ce484222325ULL;
  const unsigned char *p = (const unsigned char *)id;
  int i;
  for(; *p; p++) {
    h ^= *p;
    h *= 0x100000001b3ULL;
  }
  for(i = 0; i < 4; i++) {
    h ^= (shard >> (8 * i)) & 0xff;
    h *= 0x100000001b3ULL;
  }
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

struct item {
  const char *id;
  double cost;
  size_t index;
};

static int cmp_items(const void *a, const void *b)
{
  const struct item *x = a, *y = b;
  if(x->cost != y->cost)
    return x->cost > y->cost ? -1 : 1;
  return strcmp(x->id, y->id);
}

struct rank {
  unsigned shard;
  uint64_t score;
};

static int cmp_ranks(const void *a, const void *b)
{
  const struct rank *x = a, *y = b;
  if(x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return x->shard < y->shard ? -1 : 1;
}

void ra_shard_plan(unsigned *assign, const char *const *ids,
                   const double *cost, size_t count, unsigned nshards)
{
  struct item *items = ra_calloc(count ? count : 1, sizeof(*items));
  double *load = ra_calloc(nshards ? nshards : 1, sizeof(*load));
  struct rank *order = ra_calloc(nshards ? nshards : 1, sizeof(*order));
  double total = 0, cap, maxc = 0;
  size_t i;
  unsigned s;
  for(i = 0; i < count; i++) {
    items[i].id = ids[i];
    items[i].cost = cost[i] > 0 ? cost[i] : 1;
    items[i].index = i;
    total += items[i].cost;
    if(items[i].cost > maxc)
      maxc = items[i].cost;
  }
  cap = total / nshards * (1 + RA_SHARD_SLACK);
  if(cap < maxc)
    cap = maxc;
  qsort(items, count, sizeof(*items), cmp_items);
  for(i = 0; i < count; i++) {
    unsigned best = 0, least = 0, tried;
    /* Shards in descending score order: the first with room wins, else
     * the least loaded. */
    for(s = 0; s < nshards; s++) {
      order[s].shard = s;
      order[s].score = score(items[i].id, s);
    }
    qsort(order, nshards, sizeof(*order), cmp_ranks);
    for(tried = 0; tried < nshards; tried++)
      if(load[order[tried].shard] + items[i].cost <= cap * (1 + 1e-12))
        break;
    if(tried < nshards)
      best = order[tried].shard;
    else {
      for(s = 1; s < nshards; s++)
        if(load[s] < load[least])
          least = s;
      best = least;
    }
    load[best] += items[i].cost;
    assign[items[i].index] = best;
  }
  ra_free(items);
  ra_free(load);
  ra_free(order);
}

/* costs.tsv: "ID<TAB>ms" per line, '#' comments. Returns the cost of id,
 * or -1 when absent. */
static double lookup_cost(const char *table, const char *id)
{
  size_t n = strlen(id);
  const char *p = table;
  while(p && *p) {
    if(!strncmp(p, id, n) && p[n] == '\t')
      return strtod(p + n + 1, NULL);
    p = strchr(p, '\n');
    if(p)
      p++;
  }
  return -1;
}

static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

ra_code ra_shard_select(struct ra_shard *out, unsigned k, unsigned n,
                        const struct ra_caseset *set,
                        const struct ra_selection *sel,
                        const char *costs_path, struct ra_error *err)
{
  struct ra_buf table;
  const char **ids = ra_calloc(set->count + 1, sizeof(*ids));
  double *cost = ra_calloc(set->count + 1, sizeof(*cost));
  double *known = ra_calloc(set->count + 1, sizeof(*known));
  unsigned *assign = ra_calloc(set->count + 1, sizeof(*assign));
  size_t i, count = 0, nknown = 0;
  double median = 1;

  memset(out, 0, sizeof(*out));
  out->k = k;
  out->n = n;
  ra_buf_init(&table, 1 << 20);
  if(costs_path && ra_file_read(&table, costs_path, err)) {
    ra_buf_free(&table); /* no table: equal costs */
    ra_buf_init(&table, 1 << 20);
    ra_error_clear(err);
  }
  for(i = 0; i < set->count; i++) {
    const struct ra_case *c = set->cases[i];
    if(sel && !ra_selection_match(sel, c))
      continue;
    ids[count] = c->id;
    cost[count] = lookup_cost(ra_buf_str(&table), c->id);
    if(cost[count] > 0)
      known[nknown++] = cost[count];
    count++;
  }
  if(nknown) {
    qsort(known, nknown, sizeof(*known), cmp_double);
    median = known[nknown / 2];
  }
  for(i = 0; i < count; i++)
    if(cost[i] <= 0)
      cost[i] = median;
  ra_shard_plan(assign, ids, cost, count, n);
  out->ids = ra_calloc(count + 1, sizeof(*out->ids));
  for(i = 0; i < count; i++)
    if(assign[i] == k - 1)
      out->ids[out->count++] = ra_strdup(ids[i]);
  qsort(out->ids, out->count, sizeof(*out->ids), cmp_str);
  ra_buf_free(&table);
  ra_free(ids);
  ra_free(cost);
  ra_free(known);
  ra_free(assign);
  return RA_OK;
}

void ra_shard_free(struct ra_shard *s)
{
  size_t i;
  for(i = 0; i < s->count; i++)
    ra_free(s->ids[i]);
  ra_free(s->ids);
  memset(s, 0, sizeof(*s));
}

int ra_shard_has(const struct ra_shard *s, const char *id)
{
  return bsearch(&id, s->ids, s->count, sizeof(*s->ids), cmp_str) != NULL;
}
