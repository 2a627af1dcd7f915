#include <stdio.h>

#include "bench.h"

int ra_bench_server(void)
{
  printf("not measured yet\n");
  return 0;
}
