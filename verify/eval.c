/*
** eval.c: MPFR evaluation of expanded DAGs through a flat tape.
**
** dc_tape_build walks the nodes reachable from the roots once, without
** recursion (expanded DAGs can be far deeper than the C stack allows), and
** lays them out in dependency order: operands before their users, one
** mpfr_t register per distinct node.  dc_tape_eval then runs the tape
** front to back.  Numbers and constants are computed only when the
** precision changes, since they do not depend on the point.
**
** Each register carries whether it is defined (and why not) and `mag`, a
** running estimate of its rounding error (about 2^(mag - precision)): at
** least its own exponent, more where cancellation or a steep function
** amplified earlier errors.  The checker derives its tolerance from it.  This file knows nothing about links, sampling or tolerances.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "verify/eval.h"
#include "verify/internal.h"
#include "expr/builtins.h"
#include "expr/limits.h"
#include "expr/ptrmap.h"
#include "expr/meter.h"
#include "verify/work.h"

/* An op kind beyond the node kinds: a leaf read from the inputs. */
#define OP_INPUT DC_KIND_COUNT

/* Bits a value may keep after cancellation before it counts as zero for a
** division: fewer than this many significant bits means the denominator
** is indistinguishable from zero at the working precision. */
#define ZERO_MARGIN_BITS 8

/* Depth to which an exponent is folded to find an exact integer. */
#define EXP_FOLD_DEPTH 16

struct op {
  uint8_t kind;                 /* enum dc_kind, or OP_INPUT */
  int8_t fn;                    /* CALL: builtin id */
  uint8_t int_exp;              /* POW: exponent is the exact integer zexp */
  uint32_t a, b;                /* operand registers */
  size_t slot;                  /* OP_INPUT: input index; POW: zexp index */
  const struct dc_node *node;
};

struct dc_tape {
  size_t n;                     /* registers (= ops) */
  struct op *ops;
  mpfr_t *reg;
  size_t nregs;                 /* registers initialised (for freeing) */
  uint8_t *why;                 /* enum dc_undef per register */
  uint8_t *inexact;             /* the register's value was rounded */
  mpfr_exp_t *mag;
  size_t nroots;
  uint32_t *roots;              /* register of each root */
  size_t ninputs;
  struct dc_node **inputs;      /* input leaves in slot order */
  mpz_t *zexp;                  /* exact integer exponents of POW ops */
  size_t nzexp;
  struct dc_ptrmap index;       /* node -> register + 1 */
  mpfr_prec_t prec;             /* precision of the registers, 0 if unset */
  int consts_ready;             /* numbers/constants hold values at prec */
  mpfr_t tmp;                   /* scratch for domain checks */
  struct dc_work_mix work;      /* what one evaluation costs (work.h) */
};

static const char *const undef_texts[DC_UNDEF_COUNT] = {
  "defined",
  "division by zero",
  "log of a non-positive number",
  "square root of a negative number",
  "power outside the real numbers (negative base or 0 to a non-positive power)",
  "function argument outside its domain",
  "overflow or underflow",
  "a where name or definition outside its domain",
  "sin, cos or tan of a value too large for the working precision",
};

const char *dc_undef_text(enum dc_undef why)
{
  return (unsigned)why < DC_UNDEF_COUNT ? undef_texts[why] : "undefined";
}

int dc_domain_contains_fr(const struct dc_domain *dom, mpfr_srcptr x)
{
  if (mpfr_nan_p(x))
    return 0;
  if (!dom)
    return 1;
  if (!dom->lo_inf) {
    int c = mpfr_cmp_q(x, *dom->lo);
    if (c < 0 || (c == 0 && dom->lo_open))
      return 0;
  }
  if (!dom->hi_inf) {
    int c = mpfr_cmp_q(x, *dom->hi);
    if (c > 0 || (c == 0 && dom->hi_open))
      return 0;
  }
  return 1;
}

/* ---- building ---- */

/*
** Fold an exponent made of integer numbers, negations, sums, differences
** and products to the exact integer z.  Returns 1 when it is one; such a
** power is defined for negative bases (x^2, x^-3).
*/
static int exact_integer(const struct dc_node *e, mpz_t z, int depth)
{
  mpz_t w;
  int ok;
  if (depth > EXP_FOLD_DEPTH)
    return 0;
  switch (e->kind) {
  case DC_NUM:
    if (!e->q || mpz_cmp_ui(mpq_denref(*e->q), 1) != 0)
      return 0;
    mpz_set(z, mpq_numref(*e->q));
    return 1;
  case DC_NEG:
    if (!exact_integer(e->a[0], z, depth + 1))
      return 0;
    mpz_neg(z, z);
    return 1;
  case DC_ADD: case DC_SUB: case DC_MUL:
    if (!exact_integer(e->a[0], z, depth + 1))
      return 0;
    mpz_init(w);
    ok = exact_integer(e->a[1], w, depth + 1);
    if (ok) {
      if (e->kind == DC_ADD)
        mpz_add(z, z, w);
      else if (e->kind == DC_SUB)
        mpz_sub(z, z, w);
      else
        mpz_mul(z, z, w);
    }
    mpz_clear(w);
    return ok;
  default:
    return 0;
  }
}

/* Whether node kind k with its operand count can run on the tape. */
static int evaluable(const struct dc_node *e)
{
  switch (e->kind) {
  case DC_NUM:
    return e->q != NULL;
  case DC_CONST:
    return e->ival == DC_CONST_PI || e->ival == DC_CONST_E;
  case DC_NAME: case DC_HOLE: case DC_PARAM:
    return 1;
  case DC_NEG:
    return e->nargs == 1;
  case DC_ADD: case DC_SUB: case DC_MUL: case DC_DIV: case DC_POW:
  case DC_WITH:
    return e->nargs == 2;
  case DC_CALL:
    return e->name && e->name->builtin >= 0 && e->nargs == 1 &&
           dc_builtin_info(e->name->builtin) != NULL &&
           dc_builtin_info(e->name->builtin)->arity == 1;
  case DC_GUARD:
    return e->nargs == 1;
  default:
    return 0;                   /* PAREN, DIFF, PRIME...: not expanded */
  }
}

static long reg_of(const struct dc_tape *t, const struct dc_node *e)
{
  int found;
  void *v = dc_ptrmap_get(&t->index, e, &found);
  return found ? (long)((uintptr_t)v - 1) : -1;
}

/* Grow an array of elements of size sz to hold n + 1; 0 or -1. */
static int reserve(void **p, size_t *cap, size_t n, size_t sz)
{
  void *q;
  size_t c;
  if (n < *cap)
    return 0;
  c = *cap ? *cap * 2 : 64;
  q = realloc(*p, c * sz);
  if (!q)
    return -1;
  *p = q;
  *cap = c;
  return 0;
}

/* Append the op for e, whose operands already have registers. */
static int add_op(struct dc_tape *t, const struct dc_node *e, size_t *cap,
                  size_t *incap, size_t *zcap)
{
  struct op *o;
  if (reserve((void **)&t->ops, cap, t->n, sizeof *t->ops) != 0)
    return -1;
  o = &t->ops[t->n];
  memset(o, 0, sizeof *o);
  o->kind = e->kind;
  o->node = e;
  if (dc_is_variable(e)) {
    if (reserve((void **)&t->inputs, incap, t->ninputs, sizeof *t->inputs))
      return -1;
    o->kind = OP_INPUT;
    o->slot = t->ninputs;
    t->inputs[t->ninputs++] = (struct dc_node *)e;
  }
  if (e->nargs >= 1)
    o->a = (uint32_t)reg_of(t, e->a[0]);
  if (e->nargs >= 2)
    o->b = (uint32_t)reg_of(t, e->a[1]);
  if (e->kind == DC_CALL)
    o->fn = (int8_t)e->name->builtin;
  if (e->kind == DC_POW) {
    if (reserve((void **)&t->zexp, zcap, t->nzexp, sizeof *t->zexp))
      return -1;
    mpz_init(t->zexp[t->nzexp]);
    if (exact_integer(e->a[1], t->zexp[t->nzexp], 0)) {
      o->int_exp = 1;
      o->slot = t->nzexp++;
    } else {
      mpz_clear(t->zexp[t->nzexp]);
    }
  }
  if (dc_ptrmap_put(&t->index, e, (void *)(uintptr_t)(t->n + 1)) != 0)
    return -1;
  t->n++;
  return 0;
}

struct frame {
  const struct dc_node *e;
  uint16_t next;                /* next operand to visit */
};

/*
** Depth-first post-order from every root with an explicit stack.  A node
** is pushed only when it has no register yet; since nodes are immutable
** and made after their operands, no node can be reached again while it is
** on the stack, so each gets exactly one register.
*/
static int layout(struct dc_tape *t, struct dc_node *const *roots, size_t n,
                  int *too_big)
{
  struct frame *st = NULL;
  size_t sp = 0, scap = 0, cap = 0, incap = 0, zcap = 0, i;
  int rc = -1;
  for (i = 0; i < n; i++) {
    if (!roots[i] || reg_of(t, roots[i]) >= 0)
      continue;
    if (reserve((void **)&st, &scap, sp, sizeof *st) != 0)
      goto out;
    st[sp].e = roots[i];
    st[sp++].next = 0;
    while (sp > 0) {
      struct frame *f = &st[sp - 1];
      if (f->next < f->e->nargs) {
        const struct dc_node *c = f->e->a[f->next++];
        if (!c)
          goto out;
        if (reg_of(t, c) >= 0)
          continue;
        if (reserve((void **)&st, &scap, sp, sizeof *st) != 0)
          goto out;
        st[sp].e = c;
        st[sp++].next = 0;
        continue;
      }
      if (!evaluable(f->e))
        goto out;
      if (t->n >= DC_MAX_TAPE_NODES) {
        *too_big = 1;
        goto out;
      }
      if (add_op(t, f->e, &cap, &incap, &zcap) != 0)
        goto out;
      sp--;
    }
  }
  rc = 0;
out:
  free(st);
  return rc;
}

struct dc_tape *dc_tape_build(struct dc_node *const *roots, size_t n,
                              int *too_big)
{
  struct dc_tape *t;
  size_t i;
  int dummy;
  if (!too_big)
    too_big = &dummy;
  *too_big = 0;
  for (i = 0; i < n; i++)
    if (!roots[i])
      return NULL;
  t = calloc(1, sizeof *t);
  if (!t)
    return NULL;
  mpfr_init2(t->tmp, MPFR_PREC_MIN);
  if (dc_ptrmap_init(&t->index) != 0 || layout(t, roots, n, too_big) != 0)
    goto fail;
  t->nroots = n;
  t->roots = malloc((n ? n : 1) * sizeof *t->roots);
  t->reg = malloc((t->n ? t->n : 1) * sizeof *t->reg);
  t->why = calloc(t->n ? t->n : 1, sizeof *t->why);
  t->mag = calloc(t->n ? t->n : 1, sizeof *t->mag);
  t->inexact = calloc(t->n ? t->n : 1, sizeof *t->inexact);
  if (!t->roots || !t->reg || !t->why || !t->mag || !t->inexact)
    goto fail;
  for (i = 0; i < n; i++)
    t->roots[i] = (uint32_t)reg_of(t, roots[i]);
  for (i = 0; i < t->n; i++)
    mpfr_init2(t->reg[i], MPFR_PREC_MIN);
  t->nregs = t->n;
  dc_work_mix_init(&t->work);
  for (i = 0; i < t->n; i++)
    dc_work_mix_add(&t->work, t->ops[i].node);
  return t;
fail:
  dc_tape_free(t);              /* no register is initialised yet */
  return NULL;
}

void dc_tape_free(struct dc_tape *t)
{
  size_t i;
  if (!t)
    return;
  for (i = 0; i < t->nregs; i++)
    mpfr_clear(t->reg[i]);
  free(t->reg);
  for (i = 0; i < t->nzexp; i++)
    mpz_clear(t->zexp[i]);
  free(t->zexp);
  free(t->ops);
  free(t->inputs);
  free(t->roots);
  free(t->why);
  free(t->mag);
  free(t->inexact);
  dc_ptrmap_free(&t->index);
  mpfr_clear(t->tmp);
  free(t);
}

size_t dc_tape_nregs(const struct dc_tape *t)
{
  return t->n;
}

size_t dc_tape_ninputs(const struct dc_tape *t)
{
  return t->ninputs;
}

struct dc_node *dc_tape_input(const struct dc_tape *t, size_t i)
{
  return i < t->ninputs ? t->inputs[i] : NULL;
}

long dc_tape_input_index(const struct dc_tape *t, const struct dc_node *leaf)
{
  long r = reg_of(t, leaf);
  if (r < 0 || t->ops[r].kind != OP_INPUT)
    return -1;
  return (long)t->ops[r].slot;
}

/* ---- evaluation ---- */

/* The exponent of x for mag, or DC_MAG_NONE for zero. */
static mpfr_exp_t own_mag(mpfr_srcptr x)
{
  return mpfr_regular_p(x) ? mpfr_get_exp(x) : DC_MAG_NONE;
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
static enum dc_undef call_domain(struct dc_tape *t, size_t op, int fn,
                                 mpfr_srcptr x, mpfr_exp_t xmag,
                                 mpfr_prec_t prec)
{
  switch (fn) {
  case DC_FN_LOG:
    return mpfr_sgn(x) <= 0 ? DC_UNDEF_LOG : DC_UNDEF_NONE;
  case DC_FN_SQRT:
    return mpfr_sgn(x) < 0 ? DC_UNDEF_SQRT : DC_UNDEF_NONE;
  case DC_FN_ASIN: case DC_FN_ACOS:
    /* A value rounded onto +-1 (x^2 + 1 at x = 10^-50) may lie outside:
    ** as far as this precision can tell, it does not exist there. */
    if (mpfr_cmpabs_ui(x, 1) == 0 && t->inexact[t->ops[op].a])
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

/* x ^ y for the POW op o; the reason when it is undefined, else NONE. */
static enum dc_undef power(const struct dc_tape *t, const struct op *o,
                           mpfr_ptr r, mpfr_srcptr x, mpfr_srcptr y)
{
  if (o->int_exp) {
    mpz_srcptr z = t->zexp[o->slot];
    if (mpfr_zero_p(x) && mpz_sgn(z) < 0)
      return DC_UNDEF_POW;
    mpfr_pow_z(r, x, z, MPFR_RNDN);
    return DC_UNDEF_NONE;
  }
  if (mpfr_sgn(x) < 0)
    return DC_UNDEF_POW;
  if (mpfr_zero_p(x)) {
    if (mpfr_sgn(y) <= 0)
      return DC_UNDEF_POW;
    mpfr_set_zero(r, 1);
    return DC_UNDEF_NONE;
  }
  mpfr_pow(r, x, y, MPFR_RNDN);
  return DC_UNDEF_NONE;
}

/* Run op i; operands are defined.  Returns the reason it is undefined. */
static enum dc_undef run(struct dc_tape *t, size_t i, mpfr_prec_t prec)
{
  const struct op *o = &t->ops[i];
  mpfr_ptr r = t->reg[i];
  mpfr_srcptr x = t->reg[o->a], y = t->reg[o->b];
  enum dc_undef why;
  switch (o->kind) {
  case DC_NEG:
    mpfr_neg(r, x, MPFR_RNDN);
    return DC_UNDEF_NONE;
  case DC_ADD:
    mpfr_add(r, x, y, MPFR_RNDN);
    return DC_UNDEF_NONE;
  case DC_SUB:
    mpfr_sub(r, x, y, MPFR_RNDN);
    return DC_UNDEF_NONE;
  case DC_MUL:
    mpfr_mul(r, x, y, MPFR_RNDN);
    return DC_UNDEF_NONE;
  case DC_DIV:
    /* A denominator that kept almost no bits through cancellation is zero
    ** as far as this precision can tell. */
    if (mpfr_zero_p(y) ||
        t->mag[o->b] - mpfr_get_exp(y) >=
            (mpfr_exp_t)prec - ZERO_MARGIN_BITS)
      return DC_UNDEF_DIV_ZERO;
    mpfr_div(r, x, y, MPFR_RNDN);
    return DC_UNDEF_NONE;
  case DC_POW:
    return power(t, o, r, x, y);
  case DC_CALL:
    why = call_domain(t, i, o->fn, x, t->mag[o->a], prec);
    if (why != DC_UNDEF_NONE)
      return why;
    dc_builtin_info(o->fn)->eval(r, x, MPFR_RNDN);
    return DC_UNDEF_NONE;
  case DC_GUARD:
    if (!dc_domain_contains_fr(o->node->dom, x))
      return DC_UNDEF_DOMAIN;
    mpfr_set(r, x, MPFR_RNDN);
    return DC_UNDEF_NONE;
  case DC_WITH:
    mpfr_set(r, x, MPFR_RNDN);
    return DC_UNDEF_NONE;
  default:
    return DC_UNDEF_FUNC;       /* not reached: layout() refused it */
  }
}

/* Numbers and constants: their values depend only on the precision. */
static void run_constant(struct dc_tape *t, size_t i)
{
  const struct op *o = &t->ops[i];
  mpfr_ptr r = t->reg[i];
  int tern;
  if (o->kind == DC_NUM)
    tern = mpfr_set_q(r, *o->node->q, MPFR_RNDN);
  else if (o->node->ival == DC_CONST_PI)
    tern = mpfr_const_pi(r, MPFR_RNDN);
  else {
    mpfr_set_ui(r, 1, MPFR_RNDN);
    tern = mpfr_exp(r, r, MPFR_RNDN);
  }
  t->inexact[i] = (uint8_t)(tern != 0);
  t->why[i] = mpfr_number_p(r) ? DC_UNDEF_NONE : DC_UNDEF_OVERFLOW;
  t->mag[i] = own_mag(r);
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
static mpfr_exp_t mag_add(mpfr_exp_t a, mpfr_exp_t b)
{
  if (a <= DC_MAG_NONE || b <= DC_MAG_NONE)
    return DC_MAG_NONE;
  return a + b;
}

static mpfr_exp_t mag_max(mpfr_exp_t a, mpfr_exp_t b)
{
  return a > b ? a : b;
}

/* Bits lost so far: how far the error sits above the value's exponent. */
static mpfr_exp_t lost(const struct dc_tape *t, uint32_t r)
{
  mpfr_exp_t e = own_mag(t->reg[r]);
  if (e <= DC_MAG_NONE || t->mag[r] <= DC_MAG_NONE)
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
static mpfr_exp_t mag_muldiv(const struct dc_tape *t, const struct op *o,
                             mpfr_exp_t er)
{
  mpfr_srcptr x = t->reg[o->a], y = t->reg[o->b];
  if (mpfr_zero_p(x) || mpfr_zero_p(y)) {
    if (o->kind == DC_DIV)       /* x = 0: error of x over |y| */
      return mag_add(t->mag[o->a], 1 - mpfr_get_exp(y));
    return mag_max(mag_add(t->mag[o->a], own_mag(y)),
                   mag_add(t->mag[o->b], own_mag(x)));
  }
  return er + mag_max(lost(t, o->a), lost(t, o->b));
}

/* x^y: relative error |n| rel(x) for an integer n; for a real y,
** |y| rel(x) + |log x| abs(y). */
static mpfr_exp_t mag_pow(const struct dc_tape *t, const struct op *o,
                          mpfr_exp_t er)
{
  mpfr_srcptr x = t->reg[o->a], y = t->reg[o->b];
  mpfr_exp_t ex, logx;
  if (er <= DC_MAG_NONE || mpfr_zero_p(x))
    return er;
  if (o->int_exp)
    return er + lost(t, o->a) +
           (mpfr_exp_t)mpz_sizeinbase(t->zexp[o->slot], 2);
  ex = mpfr_get_exp(x);
  logx = bit_length((unsigned long)(ex < 0 ? -ex : ex)) + 1;
  return er + mag_max(mag_add(own_mag(y), lost(t, o->a)),
                      mag_add(logx, t->mag[o->b]));
}

/* asin/acos: the derivative 1/sqrt(1 - x^2) grows near |x| = 1, where an
** error d in x becomes at most about sqrt(2 d). */
static mpfr_exp_t mag_arcsin(struct dc_tape *t, const struct op *o,
                             mpfr_exp_t er, mpfr_prec_t prec)
{
  mpfr_srcptr x = t->reg[o->a];
  mpfr_exp_t mx = t->mag[o->a], steep, sq;
  if (mx <= DC_MAG_NONE)
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
    return mag_max(er, mag_add(er, mx));
  case DC_FN_LOG:                        /* f' = 1/x */
    return mag_max(er, lost(t, o->a) + 1);
  case DC_FN_SQRT:                       /* f'/f = 1/(2x) */
    if (mpfr_zero_p(t->reg[o->a]))
      return mx <= DC_MAG_NONE ? er : (mx + (mpfr_exp_t)prec) / 2 + 1;
    return er + lost(t, o->a);
  case DC_FN_TAN:                        /* f' = 1 + f^2 */
    return mag_max(er, mag_add(mx, er > 0 ? 2 * er : 1));
  case DC_FN_SINH: case DC_FN_COSH:      /* |f'| <= |f| + 1 */
    return mag_max(er, mag_add(mx, mag_max(er, 1)));
  case DC_FN_ERF:                        /* |f'| <= 2/sqrt(pi) < 2 */
    return mag_max(er, mag_add(mx, 1));
  case DC_FN_ASIN: case DC_FN_ACOS:
    return mag_arcsin(t, o, er, prec);
  default:                               /* sin cos tanh atan abs: <= 1 */
    return mag_max(er, mx);
  }
}

/* The mag of register i, just computed and defined. */
static mpfr_exp_t propagate_mag(struct dc_tape *t, size_t i,
                                mpfr_prec_t prec)
{
  const struct op *o = &t->ops[i];
  mpfr_exp_t er = own_mag(t->reg[i]);
  switch (o->kind) {
  case DC_ADD: case DC_SUB:
    return mag_max(er, mag_max(t->mag[o->a], t->mag[o->b]));
  case DC_MUL: case DC_DIV:
    return mag_max(er, mag_muldiv(t, o, er));
  case DC_POW:
    return mag_max(er, mag_pow(t, o, er));
  case DC_CALL:
    return mag_call(t, o, er, prec);
  default:                               /* NEG GUARD WITH */
    return mag_max(er, t->mag[o->a]);
  }
}

static void set_precision(struct dc_tape *t, mpfr_prec_t prec)
{
  size_t i;
  for (i = 0; i < t->n; i++)
    mpfr_set_prec(t->reg[i], prec);
  t->prec = prec;
  t->consts_ready = 0;
}

int dc_tape_eval(struct dc_tape *t, mpfr_prec_t prec, mpfr_srcptr *inputs)
{
  size_t i;
  if (prec < MPFR_PREC_MIN)
    prec = MPFR_PREC_MIN;
  /* Paid before it runs: one evaluation can be minutes (meter.h). */
  if (dc_meter_charge(dc_work_cost(&t->work, prec)) != 0)
    return -1;
  if (prec != t->prec)
    set_precision(t, prec);
  for (i = 0; i < t->n; i++) {
    const struct op *o = &t->ops[i];
    enum dc_undef why;
    if (o->kind == DC_NUM || o->kind == DC_CONST) {
      if (!t->consts_ready)
        run_constant(t, i);
      continue;
    }
    if (o->kind == OP_INPUT) {
      t->inexact[i] =
          (uint8_t)(mpfr_set(t->reg[i], inputs[o->slot], MPFR_RNDN) != 0);
      t->why[i] = mpfr_number_p(t->reg[i]) ? DC_UNDEF_NONE : DC_UNDEF_DOMAIN;
      t->mag[i] = own_mag(t->reg[i]);
      continue;
    }
    why = operands_undefined(t, i);
    if (why == DC_UNDEF_NONE) {
      /* An underflow is an overflow's twin: a nonzero value below the
      ** exponent range comes back as 0 (or the least number), losing
      ** every bit, so exp(x)^y = exp(x*y) would fail at x = -10^10,
      ** where exp(x) rounds to 0.  Such a point is not usable. */
      mpfr_clear_underflow();
      mpfr_clear_inexflag();
      why = run(t, i, prec);
      t->inexact[i] = (uint8_t)(mpfr_inexflag_p() != 0);
      if (why == DC_UNDEF_NONE && mpfr_underflow_p())
        why = DC_UNDEF_OVERFLOW;
    }
    if (why == DC_UNDEF_NONE && !mpfr_number_p(t->reg[i]))
      why = mpfr_inf_p(t->reg[i]) ? DC_UNDEF_OVERFLOW : DC_UNDEF_FUNC;
    t->why[i] = (uint8_t)why;
    if (why != DC_UNDEF_NONE)
      continue;
    t->mag[i] = propagate_mag(t, i, prec);
  }
  t->consts_ready = 1;
  return 0;
}

double dc_tape_cost(struct dc_tape *t, mpfr_prec_t prec)
{
  return dc_work_cost(&t->work, prec);
}

mpfr_srcptr dc_tape_value(const struct dc_tape *t, size_t root)
{
  return t->reg[t->roots[root]];
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

int dc_tape_inputs_of(const struct dc_tape *t, struct dc_node *v,
                      size_t **slots, size_t *n)
{
  struct dc_node **all;
  size_t na, i;
  if (dc_post_order(&v, 1, &all, &na) != 0)
    return -1;
  *slots = malloc((na ? na : 1) * sizeof **slots);
  if (!*slots) {
    free(all);
    return -1;
  }
  for (i = 0; i < na; i++) {
    long slot = dc_tape_input_index(t, all[i]);
    if (slot >= 0)
      (*slots)[(*n)++] = (size_t)slot;
  }
  free(all);
  return 0;
}
