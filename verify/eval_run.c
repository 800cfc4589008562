/*
** eval_run.c: running a tape (eval.h), front to back, at one precision.
**
** Numbers and constants are computed only when the precision changes,
** since they do not depend on the point.  Each register carries whether it
** is defined (and why not) and `mag`, a running estimate of its rounding
** error (about 2^(mag - precision)): at least its own exponent, more where
** cancellation or a steep function amplified earlier errors.  The checker
** derives its tolerance from it.
**
** Two loops run the ops.  The fast one assumes every operand is defined
** and tests no MPFR flag per op: a value's inexactness is the ternary
** result of its own call, and underflow (and anything else amiss) is
** caught by testing MPFR's flags once, after the loop; a value that is
** not a number (an overflow) stops it at once.  Then the whole tape runs
** again in the checked loop, which tests every op to find where.  When an op turns out undefined (a domain
** check), the checked loop takes over from the next op on, passing
** undefined on to the users.  Both loops compute the same values, so the
** results do not depend on which one ran.
**
** Leaves and guards that are not roots are read in place (their users see
** the input itself, or the guarded operand), so a point's inputs are not
** copied; an input finer than the tape's precision is copied, rounding it
** as an assignment would.
*/
#include <stdint.h>
#include "verify/eval.h"
#include "verify/evalint.h"
#include "verify/internal.h"
#include "expr/builtins.h"
#include "expr/meter.h"
#include "verify/work.h"

/* Bits a value may keep after cancellation before it counts as zero for a
** division: fewer than this many significant bits means the denominator
** is indistinguishable from zero at the working precision. */
#define ZERO_MARGIN_BITS 8

/* The flags that mean some value of the fast loop is not a usable number:
** the checked loop then finds which. */
#define TROUBLE_FLAGS (MPFR_FLAGS_UNDERFLOW | MPFR_FLAGS_OVERFLOW | \
                       MPFR_FLAGS_NAN | MPFR_FLAGS_DIVBY0)

/* An ordinary number or zero: not an infinity, not NaN (by macros, where
** mpfr_number_p is a call). */
static inline int is_number(mpfr_srcptr x)
{
  return mpfr_regular_p(x) || mpfr_zero_p(x);
}

/* The exponent of x for mag, or DC_MAG_NONE for zero. */
static inline mpfr_exp_t own_mag(const struct dc_tape *t, mpfr_srcptr x)
{
  return mpfr_regular_p(x) ? mpfr_get_exp(x) : t->mag_none;
}

/*
** sin, cos and tan of an argument whose error 2^(xmag - prec) reaches 1:
** the value says nothing (any number in [-1, 1] fits), and MPFR would
** reduce the argument modulo pi at the argument's full size, which for
** sin(exp(x)) at x = 10^6 means pi to a million digits and more: minutes
** and gigabytes.  Such a point is rejected.
*/
static enum dc_undef trig_lost(mpfr_exp_t xmag, mpfr_prec_t prec)
{
  return xmag >= (mpfr_exp_t)prec ? DC_UNDEF_TRIG : DC_UNDEF_NONE;
}

/* A builtin's argument outside its real domain: the reason, or NONE. */
static enum dc_undef call_domain(struct dc_tape *t, const struct op *o,
                                 mpfr_srcptr x, mpfr_prec_t prec)
{
  mpfr_exp_t xmag = t->mag[o->a];
  switch (o->fn) {
  case DC_FN_LOG:
    return mpfr_sgn(x) <= 0 ? DC_UNDEF_LOG : DC_UNDEF_NONE;
  case DC_FN_SQRT:
    return mpfr_sgn(x) < 0 ? DC_UNDEF_SQRT : DC_UNDEF_NONE;
  case DC_FN_ASIN: case DC_FN_ACOS:
    /* A value rounded onto +-1 (x^2 + 1 at x = 10^-50) may lie outside:
    ** as far as this precision can tell, it does not exist there. */
    if (mpfr_cmpabs_ui(x, 1) == 0 && t->inexact[o->a])
      return DC_UNDEF_FUNC;
    return mpfr_cmpabs_ui(x, 1) > 0 ? DC_UNDEF_FUNC : DC_UNDEF_NONE;
  case DC_FN_SIN: case DC_FN_COS:
    return trig_lost(xmag, prec);
  case DC_FN_TAN: {
    /* cos(x) is never exactly zero at a binary x; a pole is a cosine
    ** below the rounding error the argument carries. */
    mpfr_exp_t m = xmag > 0 ? xmag : 0;
    if (trig_lost(xmag, prec) != DC_UNDEF_NONE)
      return DC_UNDEF_TRIG;
    mpfr_set_prec(t->tmp, prec);
    mpfr_cos(t->tmp, x, MPFR_RNDN);
    if (mpfr_zero_p(t->tmp) ||
        mpfr_get_exp(t->tmp) < m - (mpfr_exp_t)prec + ZERO_MARGIN_BITS)
      return DC_UNDEF_FUNC;
    return DC_UNDEF_NONE;
  }
  default:
    return DC_UNDEF_NONE;
  }
}

/* x^y for a y that is not an exact integer. */
static enum dc_undef real_power(mpfr_ptr r, mpfr_srcptr x, mpfr_srcptr y,
                                int *tern)
{
  if (mpfr_sgn(x) < 0)
    return DC_UNDEF_POW;
  if (mpfr_zero_p(x)) {
    if (mpfr_sgn(y) <= 0)
      return DC_UNDEF_POW;
    mpfr_set_zero(r, 1);
    *tern = 0;
    return DC_UNDEF_NONE;
  }
  *tern = mpfr_pow(r, x, y, MPFR_RNDN);
  return DC_UNDEF_NONE;
}

/* A leaf: its input, in place when it may be; undefined when the input is
** not a number. */
static inline enum dc_undef run_input(struct dc_tape *t, size_t i,
                                      const struct op *o,
                                      mpfr_srcptr *inputs, mpfr_prec_t prec,
                                      int *tern)
{
  mpfr_srcptr x = inputs[o->n];
  if (o->in_place && mpfr_get_prec(x) <= prec) {
    t->val[i] = x;
    *tern = 0;
  } else {
    t->val[i] = t->reg[i];
    *tern = mpfr_set(t->reg[i], x, MPFR_RNDN);
  }
  return is_number(t->val[i]) ? DC_UNDEF_NONE : DC_UNDEF_DOMAIN;
}

/* A guard or a condition: the operand's value, in place when it may be. */
static inline void pass_on(struct dc_tape *t, size_t i, const struct op *o,
                           mpfr_srcptr x, int *tern)
{
  if (o->in_place) {
    t->val[i] = x;
    *tern = 0;
  } else {
    *tern = mpfr_set(t->reg[i], x, MPFR_RNDN);
  }
}

/*
** Run op i (not a constant) whose operands are defined: its value, *tern
** the ternary result of the call that made it.  Returns the reason it is
** undefined, or NONE.
*/
static inline enum dc_undef exec(struct dc_tape *t, size_t i,
                                 mpfr_srcptr *inputs, mpfr_prec_t prec,
                                 int *tern)
{
  const struct op *o = &t->ops[i];
  mpfr_ptr r = t->reg[i];
  mpfr_srcptr x = t->val[o->a], y = t->val[o->b];
  enum dc_undef why;
  switch (o->code) {
  case OPC_INPUT:
    return run_input(t, i, o, inputs, prec, tern);
  case OPC_NEG:
    *tern = mpfr_neg(r, x, MPFR_RNDN);
    return DC_UNDEF_NONE;
  case OPC_ADD:
    *tern = mpfr_add(r, x, y, MPFR_RNDN);
    return DC_UNDEF_NONE;
  case OPC_SUB:
    *tern = mpfr_sub(r, x, y, MPFR_RNDN);
    return DC_UNDEF_NONE;
  case OPC_MUL:
    *tern = mpfr_mul(r, x, y, MPFR_RNDN);
    return DC_UNDEF_NONE;
  case OPC_DIV:
    /* A denominator that kept almost no bits through cancellation is zero
    ** as far as this precision can tell. */
    if (mpfr_zero_p(y) ||
        t->mag[o->b] - mpfr_get_exp(y) >=
            (mpfr_exp_t)prec - ZERO_MARGIN_BITS)
      return DC_UNDEF_DIV_ZERO;
    *tern = mpfr_div(r, x, y, MPFR_RNDN);
    return DC_UNDEF_NONE;
  case OPC_SQR:
    *tern = mpfr_sqr(r, x, MPFR_RNDN);
    return DC_UNDEF_NONE;
  case OPC_POWSI:
    if (o->n < 0 && mpfr_zero_p(x))
      return DC_UNDEF_POW;
    *tern = mpfr_pow_si(r, x, o->n, MPFR_RNDN);
    return DC_UNDEF_NONE;
  case OPC_POWZ:
    if (mpfr_zero_p(x) && mpz_sgn(t->zexp[o->n]) < 0)
      return DC_UNDEF_POW;
    *tern = mpfr_pow_z(r, x, t->zexp[o->n], MPFR_RNDN);
    return DC_UNDEF_NONE;
  case OPC_POW:
    return real_power(r, x, y, tern);
  case OPC_CALL:
    why = call_domain(t, o, x, prec);
    if (why != DC_UNDEF_NONE)
      return why;
    *tern = o->eval_fn(r, x, MPFR_RNDN);
    return DC_UNDEF_NONE;
  case OPC_GUARD:
    if (!dc_domain_contains_fr(o->node->dom, x))
      return DC_UNDEF_DOMAIN;
    pass_on(t, i, o, x, tern);
    return DC_UNDEF_NONE;
  case OPC_WITH:
    pass_on(t, i, o, x, tern);
    return DC_UNDEF_NONE;
  default:
    return DC_UNDEF_FUNC;       /* not reached: constants run apart */
  }
}

/* ---- error magnitudes ----
**
** mag is a running error estimate: a register computed at precision P is
** taken to be off by about 2^(mag - P).  A value without history (input,
** number, constant) has mag = its own exponent (half an ulp of rounding).
** Sums add absolute errors, so the largest operand's mag carries over even
** when the result cancels to something small; products and quotients add
** relative errors; a function scales its argument's error by its
** derivative.  Every rule keeps mag >= the result's own exponent.
*/

/* a + b where either may be DC_MAG_NONE (no error at all). */
static inline mpfr_exp_t mag_add(const struct dc_tape *t, mpfr_exp_t a,
                                 mpfr_exp_t b)
{
  if (a <= t->mag_none || b <= t->mag_none)
    return t->mag_none;
  return a + b;
}

static inline mpfr_exp_t mag_max(mpfr_exp_t a, mpfr_exp_t b)
{
  return a > b ? a : b;
}

/* Bits lost so far: how far the error sits above the value's exponent. */
static inline mpfr_exp_t lost(const struct dc_tape *t, uint32_t r)
{
  mpfr_exp_t e = own_mag(t, t->val[r]);
  if (e <= t->mag_none || t->mag[r] <= t->mag_none)
    return 0;
  return t->mag[r] - e;
}

/* Bit length of |v| for a machine integer (0 for 0). */
static mpfr_exp_t bit_length(unsigned long v)
{
  mpfr_exp_t n = 0;
  while (v) {
    n++;
    v >>= 1;
  }
  return n;
}

/* Products and quotients: relative errors add.  A zero operand passes on
** its absolute error scaled by the other operand. */
static inline mpfr_exp_t mag_muldiv(const struct dc_tape *t,
                                    const struct op *o, mpfr_exp_t er)
{
  mpfr_srcptr x = t->val[o->a], y = t->val[o->b];
  if (mpfr_zero_p(x) || mpfr_zero_p(y)) {
    if (o->code == OPC_DIV)      /* x = 0: error of x over |y| */
      return mag_add(t, t->mag[o->a], 1 - mpfr_get_exp(y));
    return mag_max(mag_add(t, t->mag[o->a], own_mag(t, y)),
                   mag_add(t, t->mag[o->b], own_mag(t, x)));
  }
  return er + mag_max(lost(t, o->a), lost(t, o->b));
}

/* x^y: relative error |n| rel(x) for an integer n; for a real y,
** |y| rel(x) + |log x| abs(y). */
static mpfr_exp_t mag_pow(const struct dc_tape *t, const struct op *o,
                          mpfr_exp_t er)
{
  mpfr_srcptr x = t->val[o->a], y = t->val[o->b];
  mpfr_exp_t ex, logx;
  if (er <= t->mag_none || mpfr_zero_p(x))
    return er;
  if (o->code != OPC_POW)
    return er + lost(t, o->a) + o->zbits;
  ex = mpfr_get_exp(x);
  logx = bit_length((unsigned long)(ex < 0 ? -ex : ex)) + 1;
  return er + mag_max(mag_add(t, own_mag(t, y), lost(t, o->a)),
                      mag_add(t, logx, t->mag[o->b]));
}

/* asin/acos: the derivative 1/sqrt(1 - x^2) grows near |x| = 1, where an
** error d in x becomes at most about sqrt(2 d). */
static mpfr_exp_t mag_arcsin(struct dc_tape *t, const struct op *o,
                             mpfr_exp_t er, mpfr_prec_t prec)
{
  mpfr_srcptr x = t->val[o->a];
  mpfr_exp_t mx = t->mag[o->a], steep, sq;
  if (mx <= t->mag_none)
    return er;
  sq = (mx + (mpfr_exp_t)prec) / 2 + 1;   /* sqrt(2 * 2^(mx - prec)) */
  mpfr_set_prec(t->tmp, prec);
  mpfr_abs(t->tmp, x, MPFR_RNDN);
  mpfr_ui_sub(t->tmp, 1, t->tmp, MPFR_RNDN);
  if (mpfr_zero_p(t->tmp))
    return mag_max(er, sq);
  /* 1 - x^2 >= 1 - |x|, so the slope is at most 2^(1 - e/2). */
  steep = mx + 1 - mpfr_get_exp(t->tmp) / 2;
  return mag_max(er, steep < sq ? steep : sq);
}

/* A builtin: the argument's absolute error times |f'(x)|. */
static mpfr_exp_t mag_call(struct dc_tape *t, const struct op *o,
                           mpfr_exp_t er, mpfr_prec_t prec)
{
  mpfr_exp_t mx = t->mag[o->a];
  switch (o->fn) {
  case DC_FN_EXP:                        /* f' = f */
    return mag_max(er, mag_add(t, er, mx));
  case DC_FN_LOG:                        /* f' = 1/x */
    return mag_max(er, lost(t, o->a) + 1);
  case DC_FN_SQRT:                       /* f'/f = 1/(2x) */
    if (mpfr_zero_p(t->val[o->a]))
      return mx <= t->mag_none ? er : (mx + (mpfr_exp_t)prec) / 2 + 1;
    return er + lost(t, o->a);
  case DC_FN_TAN:                        /* f' = 1 + f^2 */
    return mag_max(er, mag_add(t, mx, er > 0 ? 2 * er : 1));
  case DC_FN_SINH: case DC_FN_COSH:      /* |f'| <= |f| + 1 */
    return mag_max(er, mag_add(t, mx, mag_max(er, 1)));
  case DC_FN_ERF:                        /* |f'| <= 2/sqrt(pi) < 2 */
    return mag_max(er, mag_add(t, mx, 1));
  case DC_FN_ASIN: case DC_FN_ACOS:
    return mag_arcsin(t, o, er, prec);
  default:                               /* sin cos tanh atan abs: <= 1 */
    return mag_max(er, mx);
  }
}

/* The mag of register i, just computed and defined. */
static inline mpfr_exp_t propagate_mag(struct dc_tape *t, size_t i,
                                       mpfr_prec_t prec)
{
  const struct op *o = &t->ops[i];
  mpfr_exp_t er = own_mag(t, t->val[i]);
  switch (o->code) {
  case OPC_INPUT:
    return er;
  case OPC_ADD: case OPC_SUB:
    return mag_max(er, mag_max(t->mag[o->a], t->mag[o->b]));
  case OPC_MUL: case OPC_DIV:
    return mag_max(er, mag_muldiv(t, o, er));
  case OPC_SQR: case OPC_POWSI: case OPC_POWZ: case OPC_POW:
    return mag_max(er, mag_pow(t, o, er));
  case OPC_CALL:
    return mag_call(t, o, er, prec);
  default:                               /* NEG GUARD WITH */
    return mag_max(er, t->mag[o->a]);
  }
}

/* ---- the loops ---- */

/* Numbers and constants: their values depend only on the precision. */
static void run_constant(struct dc_tape *t, size_t i)
{
  const struct op *o = &t->ops[i];
  mpfr_ptr r = t->reg[i];
  int tern;
  if (o->node->kind == DC_NUM)
    tern = mpfr_set_q(r, *o->node->q, MPFR_RNDN);
  else if (o->node->ival == DC_CONST_PI)
    tern = mpfr_const_pi(r, MPFR_RNDN);
  else {
    mpfr_set_ui(r, 1, MPFR_RNDN);
    tern = mpfr_exp(r, r, MPFR_RNDN);
  }
  t->inexact[i] = (uint8_t)(tern != 0);
  t->why[i] = mpfr_number_p(r) ? DC_UNDEF_NONE : DC_UNDEF_OVERFLOW;
  t->mag[i] = own_mag(t, r);
  t->consts_undefined |= t->why[i] != DC_UNDEF_NONE;
}

static void run_constants(struct dc_tape *t)
{
  size_t i;
  t->consts_undefined = 0;
  for (i = 0; i < t->n; i++)
    if (t->ops[i].code == OPC_CONST)
      run_constant(t, i);
  t->consts_ready = 1;
}

/*
** Every op with its operands defined, no flag tested.  Returns the first
** op that is undefined (its reason recorded), or t->n.  An op whose value
** is not a number (an overflow, NaN) stops the loop too, with *redo set:
** no later op may compute with it (its exponent is not one), and the
** checked loop then runs the whole tape.
*/
static size_t run_fast(struct dc_tape *t, mpfr_srcptr *inputs,
                       mpfr_prec_t prec, int *redo)
{
  size_t i, n = t->n;
  *redo = 0;
  for (i = 0; i < n; i++) {
    enum dc_undef why;
    int tern = 0;
    if (t->ops[i].code == OPC_CONST)
      continue;
    why = exec(t, i, inputs, prec, &tern);
    t->inexact[i] = (uint8_t)(tern != 0);
    t->why[i] = (uint8_t)why;
    if (why != DC_UNDEF_NONE) {
      if (t->ops[i].code == OPC_INPUT)
        t->mag[i] = own_mag(t, t->val[i]);
      else
        t->val[i] = t->reg[i];
      return i;
    }
    if (!is_number(t->val[i])) {
      *redo = 1;
      return i;
    }
    t->mag[i] = propagate_mag(t, i, prec);
  }
  return n;
}

/* The first undefined operand's reason, or NONE. */
static enum dc_undef operands_undefined(const struct dc_tape *t, size_t i)
{
  const struct op *o = &t->ops[i];
  uint16_t nargs = o->node->nargs;
  if (nargs >= 1 && t->why[o->a] != DC_UNDEF_NONE)
    return (enum dc_undef)t->why[o->a];
  if (nargs >= 2 && t->why[o->b] != DC_UNDEF_NONE)
    return (enum dc_undef)t->why[o->b];
  return DC_UNDEF_NONE;
}

/* Ops from `from` on, each checked: undefined operands, underflow, a
** result that is not a number. */
static void run_checked(struct dc_tape *t, size_t from, mpfr_srcptr *inputs,
                        mpfr_prec_t prec)
{
  size_t i;
  for (i = from; i < t->n; i++) {
    const struct op *o = &t->ops[i];
    enum dc_undef why;
    int tern = 0;
    if (o->code == OPC_CONST)
      continue;
    if (o->code == OPC_INPUT) {
      why = run_input(t, i, o, inputs, prec, &tern);
      t->inexact[i] = (uint8_t)(tern != 0);
      t->why[i] = (uint8_t)why;
      t->mag[i] = own_mag(t, t->val[i]);
      continue;
    }
    why = operands_undefined(t, i);
    if (why == DC_UNDEF_NONE) {
      /* An underflow is an overflow's twin: a nonzero value below the
      ** exponent range comes back as 0 (or the least number), losing
      ** every bit, so exp(x)^y = exp(x*y) would fail at x = -10^10,
      ** where exp(x) rounds to 0.  Such a point is not usable. */
      mpfr_clear_underflow();
      why = exec(t, i, inputs, prec, &tern);
      t->inexact[i] = (uint8_t)(tern != 0);
      if (why == DC_UNDEF_NONE && mpfr_underflow_p())
        why = DC_UNDEF_OVERFLOW;
    }
    if (why == DC_UNDEF_NONE && !is_number(t->val[i]))
      why = mpfr_inf_p(t->val[i]) ? DC_UNDEF_OVERFLOW : DC_UNDEF_FUNC;
    t->why[i] = (uint8_t)why;
    if (why != DC_UNDEF_NONE) {
      t->val[i] = t->reg[i];      /* nothing in place is left pointed at */
      continue;
    }
    t->mag[i] = propagate_mag(t, i, prec);
  }
}

int dc_tape_eval(struct dc_tape *t, mpfr_prec_t prec, mpfr_srcptr *inputs)
{
  size_t stop;
  int redo;
  if (prec < MPFR_PREC_MIN)
    prec = MPFR_PREC_MIN;
  /* Paid before it runs: one evaluation can be minutes (meter.h). */
  if (dc_meter_charge(dc_work_cost(&t->work, prec)) != 0)
    return -1;
  if (prec != t->prec && dc_tape_set_precision(t, prec) != 0)
    return -1;
  if (!t->consts_ready)
    run_constants(t);
  if (t->consts_undefined) {
    run_checked(t, 0, inputs, prec);
    return 0;
  }
  mpfr_flags_clear(TROUBLE_FLAGS);
  stop = run_fast(t, inputs, prec, &redo);
  if (redo || mpfr_flags_test(TROUBLE_FLAGS))
    run_checked(t, 0, inputs, prec);
  else if (stop < t->n)
    run_checked(t, stop + 1, inputs, prec);
  return 0;
}

double dc_tape_cost(struct dc_tape *t, mpfr_prec_t prec)
{
  return dc_work_cost(&t->work, prec);
}

mpfr_srcptr dc_tape_value(const struct dc_tape *t, size_t root)
{
  return t->val[t->roots[root]];
}

int dc_tape_defined(const struct dc_tape *t, size_t root, enum dc_undef *why)
{
  enum dc_undef w = (enum dc_undef)t->why[t->roots[root]];
  if (why)
    *why = w;
  return w == DC_UNDEF_NONE;
}

mpfr_exp_t dc_tape_mag(const struct dc_tape *t, size_t root)
{
  return t->mag[t->roots[root]];
}
