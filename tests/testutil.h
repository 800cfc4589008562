/*
** testutil.h: what every Check program shares: a main that runs one suite
** with the verbosity from CK_VERBOSITY, and a fixture context.
*/
#ifndef DC_TESTUTIL_H
#define DC_TESTUTIL_H

#include <check.h>
#include <stdlib.h>

/* Define the program's main around a Suite *NAME(void). */
#define DC_TEST_MAIN(suite_fn)                                    \
  int main(void)                                                  \
  {                                                               \
    SRunner *sr = srunner_create(suite_fn());                     \
    int failed;                                                   \
    srunner_run_all(sr, CK_ENV);                                  \
    failed = srunner_ntests_failed(sr);                           \
    srunner_free(sr);                                             \
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;             \
  }

#define DC_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
