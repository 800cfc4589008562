/*
** evalint.h: the tape's layout, shared by its builder (eval.c) and its
** interpreter (eval_run.c).  Private to those two files.
**
** Each op is decided when the tape is built: the MPFR call it makes
** (x^2 is a square, an integer power a machine-integer power when the
** exponent fits), the builtin's function pointer, the bits of an integer
** exponent, whether its value may be read in place.  The interpreter's
** hot loop is then one switch per op with no lookups.
*/
#ifndef DC_EVALINT_H
#define DC_EVALINT_H

#include <stdint.h>
#include <mpfr.h>
#include "verify/eval.h"
#include "expr/ptrmap.h"
#include "verify/work.h"

enum opcode {
  OPC_CONST,                    /* number or constant: set per precision */
  OPC_INPUT,                    /* leaf read from the inputs */
  OPC_NEG, OPC_ADD, OPC_SUB, OPC_MUL, OPC_DIV,
  OPC_SQR,                      /* x^2 */
  OPC_POWSI,                    /* x^n, n a machine integer (n) */
  OPC_POWZ,                     /* x^z, z a larger integer (zexp[n]) */
  OPC_POW,                      /* x^y, y not an exact integer */
  OPC_CALL,                     /* builtin fn, evaluated by eval_fn */
  OPC_GUARD,                    /* x, undefined outside node->dom */
  OPC_WITH                      /* x, undefined where b is */
};

typedef int (*dc_mpfr_fn)(mpfr_ptr, mpfr_srcptr, mpfr_rnd_t);

struct op {
  uint8_t code;                 /* enum opcode */
  int8_t fn;                    /* CALL: builtin id */
  uint8_t in_place;             /* INPUT, GUARD, WITH: the value is read
                                   where it is, not copied (not a root) */
  uint32_t a, b;                /* operand registers */
  long n;                       /* INPUT: slot; POWSI: n; POWZ: zexp index */
  mpfr_exp_t zbits;             /* integer powers: bits of the exponent */
  dc_mpfr_fn eval_fn;           /* CALL */
  const struct dc_node *node;
};

struct dc_tape {
  size_t n;                     /* registers (= ops) */
  struct op *ops;
  mpfr_t *reg;                  /* each op's own register */
  mpfr_srcptr *val;             /* where each op's value is: its register,
                                   or (read in place) an input or the
                                   operand of a guard */
  mp_limb_t *limbs;             /* every register's digits, one block */
  mpfr_prec_t limb_prec;        /* the precision the block is sized for */
  uint8_t *why;                 /* enum dc_undef per register */
  uint8_t *inexact;             /* the register's value was rounded */
  mpfr_exp_t *mag;
  mpfr_exp_t mag_none;          /* DC_MAG_NONE, computed once */
  size_t nroots;
  uint32_t *roots;              /* register of each root */
  size_t ninputs;
  struct dc_node **inputs;      /* input leaves in slot order */
  mpz_t *zexp;                  /* exponents of POWZ ops */
  size_t nzexp;
  struct dc_ptrmap index;       /* node -> register + 1 */
  mpfr_prec_t prec;             /* precision of the registers, 0 if unset */
  int consts_ready;             /* numbers/constants hold values at prec */
  int consts_undefined;         /* ... and one of them is undefined */
  mpfr_t tmp;                   /* scratch for domain checks */
  struct dc_work_mix work;      /* what one evaluation costs (work.h) */
};

/* Give every register the precision prec, reusing the digits' block when
** it is large enough.  0, or -1 on out-of-memory. */
int dc_tape_set_precision(struct dc_tape *t, mpfr_prec_t prec);

#endif
