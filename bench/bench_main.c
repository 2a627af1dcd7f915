/* raconform-bench [SECTION...]: sections sign, server, run, peer (default: all). */
#include <stdio.h>
#include <string.h>

#include "bench.h"

struct section {
  const char *name;
  int (*fn)(void);
};

static const struct section sections[] = {
  {"sign", ra_bench_sign},
  {"server", ra_bench_server},
  {"run", ra_bench_run},
  {"peer", ra_bench_peer},
};

int main(int argc, char **argv)
{
  size_t i;
  int failed = 0;
  int j;
  for(i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
    int wanted = argc < 2;
    for(j = 1; j < argc; j++)
      wanted |= !strcmp(argv[j], sections[i].name);
    if(!wanted)
      continue;
    printf("== %s ==\n", sections[i].name);
    fflush(stdout);
    failed |= sections[i].fn() != 0;
  }
  return failed;
}
