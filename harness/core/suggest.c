#include "core/suggest.h"

#include <string.h>

#include "core/alloc.h"

size_t ra_suggest_distance(const char *a, const char *b)
{
  size_t la = strlen(a), lb = strlen(b);
  size_t w = lb + 1;
  size_t *d = ra_malloc((la + 1) * w * sizeof(*d));
  size_t i, j, result;
  for(i = 0; i <= la; i++)
    d[i * w] = i;
  for(j = 0; j <= lb; j++)
    d[j] = j;
  for(i = 1; i <= la; i++) {
    for(j = 1; j <= lb; j++) {
      size_t cost = a[i - 1] != b[j - 1];
      size_t best = d[(i - 1) * w + j] + 1;
      if(d[i * w + j - 1] + 1 < best)
        best = d[i * w + j - 1] + 1;
      if(d[(i - 1) * w + j - 1] + cost < best)
        best = d[(i - 1) * w + j - 1] + cost;
      if(i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
         d[(i - 2) * w + j - 2] + 1 < best)
        best = d[(i - 2) * w + j - 2] + 1;
      d[i * w + j] = best;
    }
  }
  result = d[la * w + lb];
  ra_free(d);
  return result;
}

const char *ra_suggest_nearest(const char *word, const char *const *names,
                               size_t n)
{
  size_t len = strlen(word);
  size_t limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
  const char *best = NULL;
  size_t best_d = limit + 1;
  size_t i;
  for(i = 0; i < n && names[i]; i++) {
    size_t dist = ra_suggest_distance(word, names[i]);
    if(dist < best_d) {
      best_d = dist;
      best = names[i];
    }
  }
  return best;
}
