/* raconform-bench: each section measures one capability and prints figures
 * next to a baseline measured in the same run (ratios, not absolutes). */
#ifndef RA_BENCH_H
#define RA_BENCH_H

/* Each returns 0 on success; sections live in bench_<section>.c. */
int ra_bench_sign(void);
int ra_bench_server(void);
int ra_bench_run(void);
int ra_bench_peer(void);

#endif
