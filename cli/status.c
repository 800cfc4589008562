/*
** status.c: exit statuses from check results (SPEC section 1).
*/
#include "cli/status.h"

enum dc_exit dc_exit_for_check(enum dc_check_status st,
                               const struct dc_spec_result *res)
{
  switch (st) {
  case DC_CHECK_OK:
    return res->nfailed || res->nundetermined ? DC_EXIT_CHECK_FAILED
                                              : DC_EXIT_PASS;
  case DC_CHECK_INPUT:
    return DC_EXIT_USAGE;
  case DC_CHECK_INTERNAL:
    return DC_EXIT_INTERNAL;
  }
  /* A status this code does not know is a bug, never a pass. */
  return DC_EXIT_INTERNAL;
}

enum dc_exit dc_exit_worst(enum dc_exit a, enum dc_exit b)
{
  return a > b ? a : b;
}
