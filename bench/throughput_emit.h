/*
** throughput_emit.h: a straight-line MPFR C program from an expanded DAG,
** the yardstick of the evaluation-throughput bench (bench/throughput.sh).
**
** The program holds one mpfr_t per distinct computing node and makes one
** mpfr_* call per node, in the order of the tape, with no definedness or
** error bookkeeping: what a person would write by hand to evaluate the
** same expressions at the limit of MPFR.  Inputs are read in place from
** the point (no copy); guards and conditions are left out (a guard's value
** is its operand's).  Numbers and constants are set once, outside the
** timed loop, as the tape sets them once per precision.
**
** The emitted program:  straight POINTS VALUES SECONDS [REPS]
**   POINTS: "npoints ninputs" then every input of every point in %Ra;
**   VALUES: every root at every point, %Ra or "undefined" (the tape's);
**   it compares its values with VALUES (within ULPS ulps), then evaluates
**   every point over and over for SECONDS of CPU time (or REPS times)
**   and prints "straight: N evaluations/s".
*/
#ifndef DC_BENCH_THROUGHPUT_EMIT_H
#define DC_BENCH_THROUGHPUT_EMIT_H

#include <stdio.h>
#include "expr/node.h"

struct dc_tape;

/* Write the program for roots[0..n) to out; the inputs are numbered as
** the tape t numbers them.  0, or -1 (out of memory, or a node the
** program cannot evaluate). */
int tp_emit_program(FILE *out, struct dc_node *const *roots, size_t n,
                    const struct dc_tape *t, long prec);

#endif
