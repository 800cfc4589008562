/*
** eval.h: MPFR evaluation of expanded DAGs, many roots at once.
**
** dc_tape_build flattens the nodes reachable from a set of roots (a whole
** block's expressions) into a tape in dependency order, one register per
** distinct node, so a subexpression shared by several links is computed
** once per point.  Leaves that are not numbers or constants (DC_NAME free
** symbols, DC_HOLE, DC_PARAM) are the tape's inputs.
**
** Evaluation marks a register undefined where the maths is: division by
** zero, log or sqrt outside their domains, a non-integer power of a
** negative base, asin/acos outside [-1, 1], tan at a pole, overflow to an
** infinity, a DC_GUARD outside its domain, a DC_WITH whose condition is
** undefined; undefined propagates to every register that uses it.
**
** For the tolerance, each register also carries `mag`: an estimate of its
** rounding error as a binary exponent (the value is off by about
** 2^(mag - precision)).  It is at least the value's own exponent and grows
** with the magnitudes of the intermediate values that cancelled in a sum
** (so the checker knows how much cancellation a root may have gone
** through) and with steep functions (exp of a large argument); products
** and quotients carry relative errors, so x/10^80 stays as exact as x.
*/
#ifndef DC_EVAL_H
#define DC_EVAL_H

#include <stddef.h>
#include <mpfr.h>
#include "expr/node.h"

struct dc_tape;

/* Why a register is undefined (the first reason met), for UNDETERMINED. */
enum dc_undef {
  DC_UNDEF_NONE,
  DC_UNDEF_DIV_ZERO,            /* division by zero */
  DC_UNDEF_LOG,                 /* log of a non-positive number */
  DC_UNDEF_SQRT,                /* sqrt of a negative number */
  DC_UNDEF_POW,                 /* power outside the reals, or 0^negative */
  DC_UNDEF_FUNC,                /* another function outside its domain */
  DC_UNDEF_OVERFLOW,            /* a value overflowed or underflowed */
  DC_UNDEF_DOMAIN,              /* a where name or definition out of domain */
  DC_UNDEF_TRIG,                /* sin/cos/tan of an argument off by > 1 */
  DC_UNDEF_COUNT
};

const char *dc_undef_text(enum dc_undef why);

/* Build a tape for roots[0..n).  NULL on out-of-memory or when the tape
** would exceed DC_MAX_TAPE_NODES (*too_big is then set). */
struct dc_tape *dc_tape_build(struct dc_node *const *roots, size_t n,
                              int *too_big);
void dc_tape_free(struct dc_tape *t);

size_t dc_tape_ninputs(const struct dc_tape *t);
struct dc_node *dc_tape_input(const struct dc_tape *t, size_t i);
/* The input slot of a leaf, or -1 when the tape does not use it. */
long dc_tape_input_index(const struct dc_tape *t, const struct dc_node *leaf);

/* Evaluate at precision prec with inputs[i] the value of input i (values
** are read, never changed).  Returns 0, or -1 on out-of-memory or when the
** check's work budget (expr/meter.h) cannot pay for the evaluation. */
int dc_tape_eval(struct dc_tape *t, mpfr_prec_t prec, mpfr_srcptr *inputs);

/* Estimated nanoseconds of one evaluation at prec (verify/work.h). */
double dc_tape_cost(struct dc_tape *t, mpfr_prec_t prec);

/* After dc_tape_eval: root i's value (valid until the next eval or free),
** whether it is defined (else *why), and its intermediate magnitude. */
mpfr_srcptr dc_tape_value(const struct dc_tape *t, size_t root);
int dc_tape_defined(const struct dc_tape *t, size_t root, enum dc_undef *why);
mpfr_exp_t dc_tape_mag(const struct dc_tape *t, size_t root);

#endif
