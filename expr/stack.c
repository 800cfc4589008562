/*
** stack.c: a stack guard measured from frame addresses against
** RLIMIT_STACK.
**
** The stack grows down on every platform derivcheck builds on, so the
** bytes in use are top - (address of a local).  Comparing addresses of
** different objects goes through uintptr_t, which is well defined for the
** flat address spaces concerned.
*/
#include <stdint.h>
#include <sys/resource.h>
#include "expr/limits.h"
#include "expr/stack.h"

static uintptr_t top;           /* address of a local in the first frame */
static size_t budget;           /* bytes below top that recursions may use */
static size_t limit;            /* the stack limit the budget came from */
static int exhausted;

/* The soft limit, or 8 MiB when it is unlimited or cannot be read (the
** kernel then grows the stack on demand, but a bound keeps the guard
** meaningful); never more than DC_STACK_MAX_BYTES. */
static size_t read_limit(void)
{
  struct rlimit rl;
  if (getrlimit(RLIMIT_STACK, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
    return (size_t)8 << 20;
  if (rl.rlim_cur > DC_STACK_MAX_BYTES)
    return DC_STACK_MAX_BYTES;
  return (size_t)rl.rlim_cur;
}

/* What the recursions may use: the limit less a reserve for the libraries
** called at the deepest point (MPFR allocates temporaries on the stack,
** libc's printf uses a few KiB; a quarter of a tiny stack) and 1/32
** for the frames above main and the environment strings. */
static size_t usable(size_t lim)
{
  size_t reserve = DC_STACK_RESERVE_BYTES < lim / 4 ? DC_STACK_RESERVE_BYTES
                                                     : lim / 4;
  size_t keep = reserve + lim / 32;
  return lim > keep ? lim - keep : 0;
}

static void set_top(uintptr_t here)
{
  top = here;
  limit = read_limit();
  budget = usable(limit);
}

void dc_stack_init(void)
{
  volatile char here;
  set_top((uintptr_t)&here);
}

int dc_stack_low(void)
{
  volatile char here;
  uintptr_t now = (uintptr_t)&here;
  if (!top)
    set_top(now);
  /* A frame above the recorded top (a caller shallower than main's first
  ** call) uses nothing of the budget. */
  if (now < top && top - now > budget) {
    exhausted = 1;
    return 1;
  }
  return 0;
}

int dc_stack_exhausted(void)
{
  return exhausted;
}

void dc_stack_clear(void)
{
  exhausted = 0;
}

size_t dc_stack_limit(void)
{
  if (!top)
    dc_stack_init();
  return limit;
}
