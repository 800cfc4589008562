/*
** eval.c: building MPFR evaluation tapes from expanded DAGs (eval.h).
**
** dc_tape_build walks the nodes reachable from the roots once, without
** recursion (expanded DAGs can be far deeper than the C stack allows), and
** lays them out in dependency order: operands before their users, one
** mpfr_t register per distinct node.  Each op is decided here, once: the
** MPFR call it makes, the builtin's function, an integer exponent's bits,
** whether its value can be read in place (evalint.h).  eval_run.c runs
** the tape.  This file knows nothing about links, sampling or tolerances.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "verify/eval.h"
#include "verify/evalint.h"
#include "verify/internal.h"
#include "expr/builtins.h"
#include "expr/limits.h"
#include "expr/ptrmap.h"
#include "verify/work.h"

/* Depth to which an exponent is folded to find an exact integer. */
#define EXP_FOLD_DEPTH 16

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

/* The op of x^y: an exponent that folds to an exact integer makes a
** square or an integer power (defined for negative bases), else mpfr_pow. */
static int power_op(struct dc_tape *t, struct op *o, const struct dc_node *e,
                    size_t *zcap)
{
  mpz_t z;
  mpz_init(z);
  if (!exact_integer(e->a[1], z, 0)) {
    mpz_clear(z);
    o->code = OPC_POW;
    return 0;
  }
  o->zbits = (mpfr_exp_t)mpz_sizeinbase(z, 2);
  if (mpz_fits_slong_p(z)) {
    o->n = mpz_get_si(z);
    o->code = o->n == 2 ? OPC_SQR : OPC_POWSI;
    mpz_clear(z);
    return 0;
  }
  if (reserve((void **)&t->zexp, zcap, t->nzexp, sizeof *t->zexp)) {
    mpz_clear(z);
    return -1;
  }
  o->code = OPC_POWZ;
  o->n = (long)t->nzexp;
  mpz_init_set(t->zexp[t->nzexp++], z);
  mpz_clear(z);
  return 0;
}

/* The opcode of e (an evaluable node that is not a power). */
static enum opcode opcode_of(const struct dc_node *e)
{
  switch (e->kind) {
  case DC_NEG: return OPC_NEG;
  case DC_ADD: return OPC_ADD;
  case DC_SUB: return OPC_SUB;
  case DC_MUL: return OPC_MUL;
  case DC_DIV: return OPC_DIV;
  case DC_CALL: return OPC_CALL;
  case DC_GUARD: return OPC_GUARD;
  case DC_WITH: return OPC_WITH;
  default: return OPC_CONST;    /* DC_NUM, DC_CONST */
  }
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
  o->node = e;
  o->code = (uint8_t)opcode_of(e);
  /* Leaves and guards are read in place unless they are roots (then
  ** their value must stay what it was at the evaluation: see build). */
  o->in_place = 1;
  if (dc_is_variable(e)) {
    if (reserve((void **)&t->inputs, incap, t->ninputs, sizeof *t->inputs))
      return -1;
    o->code = OPC_INPUT;
    o->n = (long)t->ninputs;
    t->inputs[t->ninputs++] = (struct dc_node *)e;
  }
  if (e->nargs >= 1)
    o->a = (uint32_t)reg_of(t, e->a[0]);
  if (e->nargs >= 2)
    o->b = (uint32_t)reg_of(t, e->a[1]);
  if (e->kind == DC_CALL) {
    o->fn = (int8_t)e->name->builtin;
    o->eval_fn = dc_builtin_info(o->fn)->eval;
  }
  if (e->kind == DC_POW && power_op(t, o, e, zcap) != 0)
    return -1;
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

/* A root's value is read after the evaluation, while the caller may move
** its inputs: a root keeps its value in its own register. */
static void mark_roots(struct dc_tape *t)
{
  size_t i;
  for (i = 0; i < t->nroots; i++)
    t->ops[t->roots[i]].in_place = 0;
}

/* Every register's header, its value pointer and the per-register
** arrays.  0 or -1. */
static int alloc_registers(struct dc_tape *t)
{
  size_t i, n = t->n ? t->n : 1;
  t->reg = calloc(n, sizeof *t->reg);
  t->val = malloc(n * sizeof *t->val);
  t->why = calloc(n, sizeof *t->why);
  t->mag = calloc(n, sizeof *t->mag);
  t->inexact = calloc(n, sizeof *t->inexact);
  if (!t->reg || !t->val || !t->why || !t->mag || !t->inexact)
    return -1;
  for (i = 0; i < t->n; i++)
    t->val[i] = t->reg[i];
  return dc_tape_set_precision(t, MPFR_PREC_MIN);
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
  t->mag_none = DC_MAG_NONE;
  if (dc_ptrmap_init(&t->index) != 0 || layout(t, roots, n, too_big) != 0)
    goto fail;
  t->nroots = n;
  t->roots = malloc((n ? n : 1) * sizeof *t->roots);
  if (!t->roots)
    goto fail;
  for (i = 0; i < n; i++)
    t->roots[i] = (uint32_t)reg_of(t, roots[i]);
  mark_roots(t);
  if (alloc_registers(t) != 0)
    goto fail;
  dc_work_mix_init(&t->work);
  for (i = 0; i < t->n; i++)
    dc_work_mix_add(&t->work, t->ops[i].node);
  return t;
fail:
  dc_tape_free(t);
  return NULL;
}

/*
** The registers' digits live in one block, each register's at a fixed
** stride, so that a tape moving between precisions (P, 2P for a
** confirmation, higher where cancellation asks) allocates only when it
** goes above every precision it had: the block is kept at the largest.
*/
int dc_tape_set_precision(struct dc_tape *t, mpfr_prec_t prec)
{
  size_t i, stride;
  if (prec > t->limb_prec) {
    size_t bytes = mpfr_custom_get_size(prec);
    mp_limb_t *b;
    if (t->n > SIZE_MAX / bytes)
      return -1;
    b = malloc(t->n ? t->n * bytes : 1);
    if (!b)
      return -1;
    free(t->limbs);
    t->limbs = b;
    t->limb_prec = prec;
  }
  stride = mpfr_custom_get_size(t->limb_prec) / sizeof(mp_limb_t);
  for (i = 0; i < t->n; i++) {
    mp_limb_t *d = t->limbs + i * stride;
    mpfr_custom_init(d, prec);
    mpfr_custom_init_set(t->reg[i], MPFR_ZERO_KIND, 0, prec, d);
  }
  t->prec = prec;
  t->consts_ready = 0;
  return 0;
}

void dc_tape_free(struct dc_tape *t)
{
  size_t i;
  if (!t)
    return;
  free(t->limbs);               /* the registers' digits: no mpfr_clear */
  free(t->reg);
  free(t->val);
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
  if (r < 0 || t->ops[r].code != OPC_INPUT)
    return -1;
  return (long)t->ops[r].n;
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
