/*
** status.h: derivcheck's exit statuses and how check results map to them.
**
** Kept apart from main() so that the mapping is unit-tested (tests/
** check_cli.c): an internal error must never come out as a pass.
*/
#ifndef DC_CLI_STATUS_H
#define DC_CLI_STATUS_H

#include "verify/check.h"

enum dc_exit {
  DC_EXIT_PASS = 0,             /* every link passed */
  DC_EXIT_CHECK_FAILED = 1,     /* a link failed or was undetermined */
  DC_EXIT_USAGE = 2,            /* usage error, a spec that will not load, an
                                   output that cannot be written */
  DC_EXIT_INTERNAL = 3          /* a bug in derivcheck, out of memory */
};

/* The exit status of one checked spec. */
enum dc_exit dc_exit_for_check(enum dc_check_status st,
                               const struct dc_spec_result *res);

/* The more severe of two statuses (3 > 2 > 1 > 0). */
enum dc_exit dc_exit_worst(enum dc_exit a, enum dc_exit b);

#endif
