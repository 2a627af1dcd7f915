/* The allocator shim: allocation failure prints a message and aborts, so no
 * other code carries out-of-memory paths. All returned memory is owned by the
 * caller and released with ra_free (or free). */
#ifndef RA_CORE_ALLOC_H
#define RA_CORE_ALLOC_H

#include <stddef.h>

void *ra_malloc(size_t size);
void *ra_calloc(size_t count, size_t size);
void *ra_realloc(void *ptr, size_t size);
char *ra_strdup(const char *s);
char *ra_strndup(const char *s, size_t n);
/* Copy of n bytes plus a terminating NUL (the bytes may contain NULs). */
char *ra_memdup0(const void *p, size_t n);
void ra_free(void *ptr);
/* Called once at the start of main: blocks of 256 KiB or more (megabyte
 * request bodies) are mapped and returned to the system when freed, rather
 * than kept resident in a thread's arena for the rest of the run. */
void ra_alloc_tune(void);

#endif
