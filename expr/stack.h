/*
** stack.h: how much C stack a recursion may still use.
**
** Every recursion of derivcheck over an expression (the parser, the scope
** walks, expansion, substitution, differentiation) calls dc_stack_low() on
** entry and stops with an input error when it says so.  The budget comes
** from the process's real stack limit (getrlimit RLIMIT_STACK) minus a
** reserve for the libraries called at the leaves, and is measured against
** the address of a local variable, so it holds whatever the frame sizes of
** the build are (an ASan build's frames are several times larger).
**
** The fixed depth limits of limits.h still apply first: they give the same
** message on every machine.  This guard only fires when the stack is too
** small for them (`ulimit -s 256`).
*/
#ifndef DC_STACK_H
#define DC_STACK_H

#include <stddef.h>

/* Record the current frame as the top of the stack.  main() calls it
** first thing; without a call the first dc_stack_low() records it. */
void dc_stack_init(void);

/* True when the caller's frame is within the reserve of the stack limit.
** It also raises the sticky flag read by dc_stack_exhausted(). */
int dc_stack_low(void);

/* Whether a walk stopped for lack of stack since the last clear, so that a
** NULL result is reported as nesting, not as running out of memory. */
int dc_stack_exhausted(void);
void dc_stack_clear(void);

/* The stack limit in bytes that the guard works with. */
size_t dc_stack_limit(void);

#endif
