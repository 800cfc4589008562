/*
** work.h: what a check costs, estimated before it runs (DC_MAX_CHECK_WORK).
**
** Each tape knows how many of its nodes are additions, products, divisions,
** elementary functions, trigonometric ones, erf and real powers, and the
** exponent bits of its integer powers; dc_work_cost turns that mix into
** the nanoseconds one evaluation takes at a precision, from MPFR timings
** measured on the machine the limit was sized on.  The evaluator charges
** that cost to the meter (expr/meter.h) before every evaluation; the
** checker compares a block's least work with what is left of the budget
** before it draws a single point.
*/
#ifndef DC_WORK_H
#define DC_WORK_H

#include <stddef.h>
#include <mpfr.h>
#include "expr/node.h"
#include "expr/diag.h"
#include "parser/spec.h"

enum dc_work_class {
  DC_WORK_ADD,                  /* +, -, negation, abs, inputs, guards */
  DC_WORK_MUL,                  /* *, sqrt */
  DC_WORK_DIV,                  /* /, exact numbers (set once per precision) */
  DC_WORK_ELEM,                 /* exp, log, sinh, cosh, tanh, e */
  DC_WORK_TRIG,                 /* sin, cos, tan, asin, acos, atan */
  DC_WORK_ERF,                  /* erf */
  DC_WORK_POW,                  /* x^y for y not an integer */
  DC_WORK_CLASSES
};

/* The node mix of one tape. */
struct dc_work_mix {
  double count[DC_WORK_CLASSES];
  double powz_bits;             /* integer powers: bits of their exponents */
  double nodes;
  mpfr_prec_t memo_prec;        /* the last precision asked for ... */
  double memo_cost;             /* ... and its cost */
};

void dc_work_mix_init(struct dc_work_mix *m);
/* Count one node of a tape (an expanded-DAG node). */
void dc_work_mix_add(struct dc_work_mix *m, const struct dc_node *e);
/* Estimated nanoseconds of one evaluation of the tape at prec. */
double dc_work_cost(struct dc_work_mix *m, mpfr_prec_t prec);

struct dc_tape;
struct dc_fdiff;

/*
** Before sampling a block: the work it cannot avoid (`samples` points,
** each evaluating the tape at prec and every finite-difference
** cross-check of fd[0..nfd) at twice that).  0 when that fits in what is
** left of the spec's budget; else -1 after an error at the element of
** roots[0..nelems) (the block's chain elements, in order) whose expansion
** is the largest, saying what to lower.
*/
int dc_work_check_block(const struct dc_block *blk,
                        struct dc_node *const *roots, size_t nelems,
                        struct dc_tape *tape, struct dc_fdiff *fd,
                        size_t nfd, mpfr_prec_t prec, size_t samples,
                        struct dc_diags *diags);

/* The meter refused a charge while blk was checked: the error, at the
** same element. */
void dc_work_report_exceeded(const struct dc_block *blk,
                             struct dc_node *const *roots, size_t nelems,
                             mpfr_prec_t prec, size_t samples,
                             struct dc_diags *diags);

#endif
