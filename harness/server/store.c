/* Assignment store: a chained hash table under one mutex. */
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "server/store.h"

#define INITIAL_BUCKETS 4096

struct assignment {
  struct assignment *next;
  char *id;
  char *owner;
  ra_assign_status status;
  int has_feedback;
  char *feedback;
  size_t feedback_len;
};

struct ra_store {
  pthread_mutex_t lock;
  struct assignment **buckets;
  size_t nbuckets;
  size_t count;
  uint64_t rng;
};

static const char *const status_names[] = {"Submitted", "Approved",
                                           "Rejected"};

const char *ra_assign_status_name(ra_assign_status st)
{
  if((unsigned)st > RA_ASSIGN_REJECTED)
    return "Unknown";
  return status_names[st];
}

ra_code ra_assign_status_parse(const char *name, ra_assign_status *out)
{
  unsigned i;
  for(i = 0; i < 3; i++) {
    if(!strcmp(name, status_names[i])) {
      *out = (ra_assign_status)i;
      return RA_OK;
    }
  }
  return RA_E_INVALID;
}

static uint64_t hash_id(const char *id)
{
  uint64_t h = 1469598103934665603ULL; /* FNV-1a */
  while(*id) {
    h ^= (unsigned char)*id++;
    h *= 1099511628211ULL;
  }
  return h;
}

/* xorshift64*: plenty for IDs that only need to look random and not
 * collide; the seed makes runs reproducible. */
static uint64_t next_random(struct ra_store *st)
{
  uint64_t x = st->rng;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  st->rng = x;
  return x * 2685821657736338717ULL;
}

static uint64_t os_seed(void)
{
  uint64_t seed = 0;
  FILE *f = fopen("/dev/urandom", "rb");
  if(f) {
    if(fread(&seed, sizeof(seed), 1, f) != 1)
      seed = 0;
    fclose(f);
  }
  if(!seed)
    seed = (uint64_t)ra_clock_monotonic_ms() * 6364136223846793005ULL +
           (uint64_t)getpid();
  return seed ? seed : 0x9E3779B97F4A7C15ULL;
}

struct ra_store *ra_store_new(uint64_t seed)
{
  struct ra_store *st = ra_calloc(1, sizeof(*st));
  pthread_mutex_init(&st->lock, NULL);
  st->rng = seed ? seed : os_seed();
  st->nbuckets = INITIAL_BUCKETS;
  st->buckets = ra_calloc(st->nbuckets, sizeof(*st->buckets));
  return st;
}

static void free_assignment(struct assignment *a)
{
  ra_free(a->id);
  ra_free(a->owner);
  ra_free(a->feedback);
  ra_free(a);
}

static void clear_locked(struct ra_store *st)
{
  size_t i;
  for(i = 0; i < st->nbuckets; i++) {
    struct assignment *a = st->buckets[i];
    while(a) {
      struct assignment *next = a->next;
      free_assignment(a);
      a = next;
    }
    st->buckets[i] = NULL;
  }
  st->count = 0;
}

void ra_store_free(struct ra_store *st)
{
  if(!st)
    return;
  clear_locked(st);
  ra_free(st->buckets);
  pthread_mutex_destroy(&st->lock);
  ra_free(st);
}

void ra_store_reset(struct ra_store *st)
{
  pthread_mutex_lock(&st->lock);
  clear_locked(st);
  if(st->nbuckets > INITIAL_BUCKETS) {
    ra_free(st->buckets);
    st->nbuckets = INITIAL_BUCKETS;
    st->buckets = ra_calloc(st->nbuckets, sizeof(*st->buckets));
  }
  pthread_mutex_unlock(&st->lock);
  /* freed chunks stay in glibc's arenas otherwise: hand them back */
  malloc_trim(0);
}

static struct assignment *find_locked(struct ra_store *st, const char *id)
{
  struct assignment *a = st->buckets[hash_id(id) % st->nbuckets];
  while(a && strcmp(a->id, id))
    a = a->next;
  return a;
}

/* Keeps chains short (load factor <= 1) as the store grows. */
static void grow_locked(struct ra_store *st)
{
  size_t n = st->nbuckets * 4;
  struct assignment **b = ra_calloc(n, sizeof(*b));
  size_t i;
  for(i = 0; i < st->nbuckets; i++) {
    struct assignment *a = st->buckets[i];
    while(a) {
      struct assignment *next = a->next;
      size_t k = hash_id(a->id) % n;
      a->next = b[k];
      b[k] = a;
      a = next;
    }
  }
  ra_free(st->buckets);
  st->buckets = b;
  st->nbuckets = n;
}

static int valid_id(const char *id)
{
  size_t n = strlen(id);
  size_t i;
  if(!n || n > RA_STORE_ID_MAX)
    return 0;
  for(i = 0; i < n; i++) {
    char c = id[i];
    if(!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
      return 0;
  }
  return 1;
}

ra_code ra_store_add(struct ra_store *st, const char *owner,
                     ra_assign_status status, const char *id, char **id_out)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  char fresh[RA_STORE_ID_LEN + 1];
  struct assignment *a;
  size_t b;
  ra_code result = RA_OK;

  if(id && !valid_id(id))
    return RA_E_INVALID;
  pthread_mutex_lock(&st->lock);
  if(!id) {
    do {
      size_t i;
      fresh[0] = '3';
      for(i = 1; i < RA_STORE_ID_LEN; i++)
        fresh[i] = alphabet[next_random(st) % 36];
      fresh[RA_STORE_ID_LEN] = '\0';
    } while(find_locked(st, fresh));
    id = fresh;
  }
  else if(find_locked(st, id)) {
    result = RA_E_STATE;
    goto done;
  }
  if(st->count >= RA_STORE_MAX) {
    result = RA_E_TOO_LARGE;
    goto done;
  }
  if(st->count >= st->nbuckets)
    grow_locked(st);
  a = ra_calloc(1, sizeof(*a));
  a->id = ra_strdup(id);
  a->owner = ra_strdup(owner);
  a->status = status;
  b = hash_id(id) % st->nbuckets;
  a->next = st->buckets[b];
  st->buckets[b] = a;
  st->count++;
  if(id_out)
    *id_out = ra_strdup(id);
done:
  pthread_mutex_unlock(&st->lock);
  return result;
}

void ra_assignment_view_free(struct ra_assignment_view *v)
{
  ra_free(v->id);
  ra_free(v->owner);
  ra_free(v->feedback);
  memset(v, 0, sizeof(*v));
}

ra_code ra_store_get(struct ra_store *st, const char *id,
                     struct ra_assignment_view *out)
{
  struct assignment *a;
  ra_code result = RA_OK;
  memset(out, 0, sizeof(*out));
  pthread_mutex_lock(&st->lock);
  a = find_locked(st, id);
  if(!a) {
    result = RA_E_NOT_FOUND;
    goto done;
  }
  out->id = ra_strdup(a->id);
  out->owner = ra_strdup(a->owner);
  out->status = a->status;
  out->has_feedback = a->has_feedback;
  if(a->has_feedback) {
    out->feedback = ra_memdup0(a->feedback, a->feedback_len);
    out->feedback_len = a->feedback_len;
  }
done:
  pthread_mutex_unlock(&st->lock);
  return result;
}

/* The assignment-id-prefix-match defect: SQL "LIKE 'id%'". */
static struct assignment *find_prefix_locked(struct ra_store *st,
                                             const char *prefix)
{
  size_t n = strlen(prefix);
  size_t i;
  for(i = 0; i < st->nbuckets; i++) {
    struct assignment *a;
    for(a = st->buckets[i]; a; a = a->next) {
      if(!strncmp(a->id, prefix, n))
        return a;
    }
  }
  return NULL;
}

static void apply_locked(struct assignment *a,
                         const struct ra_store_transition *t)
{
  a->status = t->to;
  if(t->set_feedback) {
    ra_free(a->feedback);
    a->feedback = ra_memdup0(t->feedback ? t->feedback : "",
                             t->feedback_len);
    a->feedback_len = t->feedback_len;
    a->has_feedback = 1;
  }
}

ra_store_outcome ra_store_transition(struct ra_store *st,
                                     const struct ra_store_transition *t,
                                     ra_assign_status *current_out)
{
  struct assignment *a;
  ra_store_outcome outcome = RA_STORE_DONE;

  pthread_mutex_lock(&st->lock);
  a = find_locked(st, t->id);
  if(!a && t->prefix_match && *t->id)
    a = find_prefix_locked(st, t->id);
  if(!a) {
    outcome = RA_STORE_NO_SUCH;
    goto done;
  }
  if(current_out)
    *current_out = a->status;
  if(t->feedback_first && t->set_feedback) {
    struct ra_store_transition fb = *t;
    fb.to = a->status; /* the feedback UPDATE runs first, on its own */
    apply_locked(a, &fb);
  }
  if(t->state_before_owner && !(t->from_mask & RA_ASSIGN_BIT(a->status))) {
    outcome = RA_STORE_BAD_STATE;
    goto done;
  }
  if(t->owner && strcmp(a->owner, t->owner)) {
    outcome = RA_STORE_NOT_OWNER;
    goto done;
  }
  if(!(t->from_mask & RA_ASSIGN_BIT(a->status))) {
    outcome = RA_STORE_BAD_STATE;
    goto done;
  }
  if(t->race_window_ms) {
    /* The seeded race: the decision above is stale by the time we write. */
    pthread_mutex_unlock(&st->lock);
    ra_clock_sleep_ms(t->race_window_ms);
    pthread_mutex_lock(&st->lock);
    a = find_locked(st, t->id);
    if(!a) {
      outcome = RA_STORE_NO_SUCH;
      goto done;
    }
  }
  apply_locked(a, t);
done:
  pthread_mutex_unlock(&st->lock);
  return outcome;
}

size_t ra_store_size(struct ra_store *st)
{
  size_t n;
  pthread_mutex_lock(&st->lock);
  n = st->count;
  pthread_mutex_unlock(&st->lock);
  return n;
}
