/* The end of every Check unit program's main(): run the suite (it takes
 * ownership of s), print Check's report, and give the exit status. */
#ifndef RA_TESTS_CHECK_RUN_H
#define RA_TESTS_CHECK_RUN_H

#include <check.h>

/* EXIT_SUCCESS when every test passed, else EXIT_FAILURE. */
int ra_check_run(Suite *s);

#endif
