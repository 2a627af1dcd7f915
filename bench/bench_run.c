#include <stdio.h>

#include "bench.h"

int ra_bench_run(void)
{
  printf("not measured yet\n");
  return 0;
}
