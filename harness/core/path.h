/* File-system path helpers shared by the CLI, the runner and the loaders. */
#ifndef RA_CORE_PATH_H
#define RA_CORE_PATH_H

/* "dir/name" as a new string (caller frees). */
char *ra_path_join(const char *dir, const char *name);
/* mkdir -p: creates path and its missing parents (mode 0755). Returns 0, or
 * -1 with errno set when a component cannot be created. */
int ra_path_mkdirs(const char *path);

#endif
