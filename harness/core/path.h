/* File-system path helpers shared by the CLI, the runner and the loaders. */
#ifndef RA_CORE_PATH_H
#define RA_CORE_PATH_H

/* "dir/name" as a new string (caller frees). */
char *ra_path_join(const char *dir, const char *name);
/* mkdir -p: creates path and its missing parents (mode 0755). Returns 0, or
 * -1 with errno set when a component cannot be created. */
int ra_path_mkdirs(const char *path);

#include <stddef.h>

/* The entries of dir (dot-names left out), or with a marker only those
 * that hold a regular file of that name, as new strings sorted by strcmp
 * (the same order on every machine): *names (NULL when none) and *count;
 * free them with ra_path_list_free. Returns 0, or -1 with errno set when
 * dir cannot be opened. */
int ra_path_list(const char *dir, const char *marker, char ***names,
                 size_t *count);
void ra_path_list_free(char **names, size_t count);

#endif
