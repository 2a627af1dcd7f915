#include "core/alloc.h"

#include <stdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t size)
{
  fprintf(stderr, "raconform: out of memory (allocating %zu bytes)\n", size);
  abort();
}

void *ra_malloc(size_t size)
{
  void *p = malloc(size ? size : 1);
  if(!p)
    out_of_memory(size);
  return p;
}

void *ra_calloc(size_t count, size_t size)
{
  void *p = calloc(count ? count : 1, size ? size : 1);
  if(!p)
    out_of_memory(count * size);
  return p;
}

void *ra_realloc(void *ptr, size_t size)
{
  void *p = realloc(ptr, size ? size : 1);
  if(!p)
    out_of_memory(size);
  return p;
}

char *ra_strdup(const char *s)
{
  return ra_memdup0(s, strlen(s));
}

char *ra_strndup(const char *s, size_t n)
{
  const char *end = memchr(s, '\0', n);
  return ra_memdup0(s, end ? (size_t)(end - s) : n);
}

char *ra_memdup0(const void *p, size_t n)
{
  char *copy = ra_malloc(n + 1);
  if(n)
    memcpy(copy, p, n);
  copy[n] = '\0';
  return copy;
}

void ra_free(void *ptr)
{
  free(ptr);
}

void ra_alloc_tune(void)
{
#ifdef __GLIBC__
  /* A fixed threshold also turns off glibc's dynamic one, which rises to
   * the size of the largest block freed and then keeps megabyte buffers in
   * the arenas of the worker threads. */
  (void)mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
}
