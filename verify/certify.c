/*
** certify.c: ball evaluation of expanded DAGs with Arb (see certify.h).
*/
#include <stdint.h>
#include <stdlib.h>
#include <arb.h>
#include <arb_hypgeom.h>
#include "verify/certify.h"
#include "expr/builtins.h"
#include "expr/ptrmap.h"

/* Integer powers above this are left to the real power (x > 0). */
#define MAX_INT_POWER 1000000

struct ball_eval {
  const struct dc_exact_cex *pt;
  const struct dc_ptrmap *index; /* name -> 1 + its place in pt */
  slong prec;
  struct dc_ptrmap memo;        /* node -> arb_struct* (NULL: uncertain) */
};

/* One memo per precision tried: 128, 256, ... DC_CERTIFY_MAX_BITS. */
#define LEVELS 8

/*
** The balls of every node met so far at one point, kept from one link to
** the next: the links of a block that fail at one point share most of
** their DAG (a network's gradient), and evaluating each link's DAG anew
** made certifying n failures cost n times the whole gradient.
*/
struct dc_certifier {
  struct dc_exact_cex pt;       /* a copy of the point the memos hold */
  struct dc_ptrmap index;
  struct ball_eval ev[LEVELS];
  int live;                     /* pt, index and the memos are set */
};

static int ball(struct ball_eval *ev, const struct dc_node *e, arb_t out);

/* Is the whole ball x inside the domain? */
static int inside(const arb_t x, const struct dc_domain *dom, slong prec)
{
  arb_t b;
  int ok = 1;
  fmpq_t q;
  if (!dom)
    return arb_is_finite(x);
  arb_init(b);
  fmpq_init(q);
  if (!dom->lo_inf) {
    fmpq_set_mpq(q, *dom->lo);
    arb_set_fmpq(b, q, prec);
    ok &= dom->lo_open ? arb_gt(x, b) : arb_ge(x, b);
  }
  if (ok && !dom->hi_inf) {
    fmpq_set_mpq(q, *dom->hi);
    arb_set_fmpq(b, q, prec);
    ok &= dom->hi_open ? arb_lt(x, b) : arb_le(x, b);
  }
  fmpq_clear(q);
  arb_clear(b);
  return ok;
}

static int leaf(struct ball_eval *ev, const struct dc_node *e, arb_t out)
{
  int found;
  size_t i = (size_t)(uintptr_t)dc_ptrmap_get(ev->index, e->name, &found);
  fmpq_t q;
  if (!found)
    return 0;
  fmpq_init(q);
  fmpq_set_mpq(q, ev->pt->vals[i - 1]);
  arb_set_fmpq(out, q, ev->prec);
  fmpq_clear(q);
  return 1;
}

/* An exponent that is exactly an integer (a number, or its negation). */
static int int_exponent(const struct dc_node *x, fmpz_t n)
{
  int neg = 0;
  if (x->kind == DC_NEG) {
    neg = 1;
    x = x->a[0];
  }
  if (x->kind != DC_NUM || mpz_cmp_ui(mpq_denref(*x->q), 1) != 0 ||
      mpz_cmpabs_ui(mpq_numref(*x->q), MAX_INT_POWER) > 0)
    return 0;
  fmpz_set_mpz(n, mpq_numref(*x->q));
  if (neg)
    fmpz_neg(n, n);
  return 1;
}

static int call(struct ball_eval *ev, const struct dc_node *e, arb_t out)
{
  slong p = ev->prec;
  int fn = e->name ? e->name->builtin : -1;
  if (fn < 0 || e->nargs != 1 || !ball(ev, e->a[0], out))
    return 0;
  switch (fn) {
  case DC_FN_EXP: arb_exp(out, out, p); break;
  case DC_FN_LOG:
    if (!arb_is_positive(out))
      return 0;
    arb_log(out, out, p);
    break;
  case DC_FN_SQRT:
    if (!arb_is_nonnegative(out))
      return 0;
    arb_sqrt(out, out, p);
    break;
  case DC_FN_SIN: arb_sin(out, out, p); break;
  case DC_FN_COS: arb_cos(out, out, p); break;
  case DC_FN_TAN: arb_tan(out, out, p); break;
  case DC_FN_SINH: arb_sinh(out, out, p); break;
  case DC_FN_COSH: arb_cosh(out, out, p); break;
  case DC_FN_TANH: arb_tanh(out, out, p); break;
  case DC_FN_ASIN: arb_asin(out, out, p); break;
  case DC_FN_ACOS: arb_acos(out, out, p); break;
  case DC_FN_ATAN: arb_atan(out, out, p); break;
  case DC_FN_ERF: arb_hypgeom_erf(out, out, p); break;
  case DC_FN_ABS: arb_abs(out, out); break;
  default: return 0;
  }
  return arb_is_finite(out);
}

static int power(struct ball_eval *ev, const struct dc_node *e, arb_t out)
{
  fmpz_t n;
  arb_t x;
  int ok;
  if (!ball(ev, e->a[0], out))
    return 0;
  fmpz_init(n);
  if (int_exponent(e->a[1], n)) {
    ok = fmpz_sgn(n) >= 0 || !arb_contains_zero(out);
    if (ok)
      arb_pow_fmpz(out, out, n, ev->prec);
    fmpz_clear(n);
    return ok && arb_is_finite(out);
  }
  fmpz_clear(n);
  /* b^x = exp(x log b) needs b > 0 (MPFR's pow, too, for a real x) */
  arb_init(x);
  ok = arb_is_positive(out) && ball(ev, e->a[1], x);
  if (ok)
    arb_pow(out, out, x, ev->prec);
  arb_clear(x);
  return ok && arb_is_finite(out);
}

static int binary(struct ball_eval *ev, const struct dc_node *e, arb_t out)
{
  arb_t b;
  int ok;
  arb_init(b);
  ok = ball(ev, e->a[0], out) && ball(ev, e->a[1], b);
  if (ok)
    switch (e->kind) {
    case DC_ADD: arb_add(out, out, b, ev->prec); break;
    case DC_SUB: arb_sub(out, out, b, ev->prec); break;
    case DC_MUL: arb_mul(out, out, b, ev->prec); break;
    default:
      ok = !arb_contains_zero(b);
      if (ok)
        arb_div(out, out, b, ev->prec);
      break;
    }
  arb_clear(b);
  return ok && arb_is_finite(out);
}

static int compute(struct ball_eval *ev, const struct dc_node *e, arb_t out)
{
  fmpq_t q;
  switch (e->kind) {
  case DC_NUM:
    fmpq_init(q);
    fmpq_set_mpq(q, *e->q);
    arb_set_fmpq(out, q, ev->prec);
    fmpq_clear(q);
    return 1;
  case DC_NAME: case DC_HOLE:
    return leaf(ev, e, out);
  case DC_CONST:
    if (e->ival == DC_CONST_PI)
      arb_const_pi(out, ev->prec);
    else
      arb_const_e(out, ev->prec);
    return 1;
  case DC_NEG:
    if (!ball(ev, e->a[0], out))
      return 0;
    arb_neg(out, out);
    return 1;
  case DC_ADD: case DC_SUB: case DC_MUL: case DC_DIV:
    return binary(ev, e, out);
  case DC_POW:
    return power(ev, e, out);
  case DC_CALL:
    return call(ev, e, out);
  case DC_PAREN: case DC_BRACKET:
    return ball(ev, e->a[0], out);
  case DC_GUARD:
    return ball(ev, e->a[0], out) && inside(out, e->dom, ev->prec);
  case DC_WITH:
    return ball(ev, e->a[1], out) && ball(ev, e->a[0], out);
  default:
    return 0;
  }
}

static int ball(struct ball_eval *ev, const struct dc_node *e, arb_t out)
{
  int found, ok;
  arb_struct *m = dc_ptrmap_get(&ev->memo, e, &found);
  if (found) {
    if (m)
      arb_set(out, m);
    return m != NULL;
  }
  ok = compute(ev, e, out);
  m = NULL;
  if (ok && (m = malloc(sizeof *m)) != NULL) {
    arb_init(m);
    arb_set(m, out);
  }
  if (dc_ptrmap_put(&ev->memo, e, m) && m) {
    arb_clear(m);
    free(m);
  }
  return ok;
}

static void memo_clear(struct dc_ptrmap *memo)
{
  size_t i;
  for (i = 0; i < memo->cap; i++)
    if (memo->keys[i] && memo->vals[i]) {
      arb_clear((arb_struct *)memo->vals[i]);
      free(memo->vals[i]);
    }
  dc_ptrmap_free(memo);
}

/* 1 when a - b's ball at ev's precision excludes 0. */
static int differ_at(struct ball_eval *ev, const struct dc_node *a,
                     const struct dc_node *b)
{
  arb_t x, y;
  int r = 0;
  arb_init(x);
  arb_init(y);
  if (ball(ev, a, x) && ball(ev, b, y)) {
    arb_sub(x, x, y, ev->prec);
    r = arb_is_finite(x) && !arb_contains_zero(x);
  }
  arb_clear(x);
  arb_clear(y);
  return r;
}

struct dc_certifier *dc_certifier_new(void)
{
  return calloc(1, sizeof(struct dc_certifier));
}

static void forget(struct dc_certifier *c)
{
  int k;
  if (!c->live)
    return;
  for (k = 0; k < LEVELS; k++)
    memo_clear(&c->ev[k].memo);
  dc_ptrmap_free(&c->index);
  dc_exact_cex_clear(&c->pt);
  c->live = 0;
}

void dc_certifier_free(struct dc_certifier *c)
{
  if (!c)
    return;
  forget(c);
  free(c);
}

static int same_point(const struct dc_exact_cex *a,
                      const struct dc_exact_cex *b)
{
  size_t i;
  if (a->n != b->n)
    return 0;
  for (i = 0; i < a->n; i++)
    if (a->names[i] != b->names[i] || !mpq_equal(a->vals[i], b->vals[i]))
      return 0;
  return 1;
}

/* Make c hold pt (its memos empty unless pt is the point they hold). */
static int hold_point(struct dc_certifier *c, const struct dc_exact_cex *pt)
{
  size_t i;
  int k, failed = 0;
  if (c->live && same_point(&c->pt, pt))
    return 0;
  forget(c);
  dc_exact_cex_init(&c->pt);
  failed = dc_ptrmap_init(&c->index) != 0;
  for (k = 0; k < LEVELS; k++)
    failed |= dc_ptrmap_init(&c->ev[k].memo) != 0;
  for (i = 0; i < pt->n && !failed; i++) {
    failed = dc_exact_cex_add(&c->pt, pt->names[i]) != 0 ||
             dc_ptrmap_put(&c->index, pt->names[i],
                           (void *)(uintptr_t)(i + 1)) != 0;
    if (!failed)
      mpq_set(c->pt.vals[i], pt->vals[i]);
  }
  for (k = 0; k < LEVELS; k++) {
    c->ev[k].pt = &c->pt;
    c->ev[k].index = &c->index;
    c->ev[k].prec = (slong)DC_CERTIFY_MIN_BITS << k;
  }
  c->live = 1;
  if (failed)
    forget(c);
  return failed ? -1 : 0;
}

int dc_certify_differ_with(struct dc_certifier *c, const struct dc_node *a,
                           const struct dc_node *b,
                           const struct dc_exact_cex *pt, long *bits)
{
  int k;
  if (hold_point(c, pt) != 0)
    return 0;
  for (k = 0; k < LEVELS && (DC_CERTIFY_MIN_BITS << k) <= DC_CERTIFY_MAX_BITS;
       k++)
    if (differ_at(&c->ev[k], a, b)) {
      *bits = (long)c->ev[k].prec;
      return 1;
    }
  return 0;
}

int dc_certify_differ(const struct dc_node *a, const struct dc_node *b,
                      const struct dc_exact_cex *pt, long *bits)
{
  struct dc_certifier *c = dc_certifier_new();
  int r = c ? dc_certify_differ_with(c, a, b, pt, bits) : 0;
  dc_certifier_free(c);
  return r;
}

/* 1 when a and b are certainly defined and d's ball excludes 0; then the
** values of b + d and b. */
static int differ_by_at(struct ball_eval *ev, const struct dc_node *a,
                        const struct dc_node *b, const struct dc_node *d,
                        mpfr_ptr left, mpfr_ptr right)
{
  arb_t x, y;
  int r = 0;
  arb_init(x);
  arb_init(y);
  if (ball(ev, a, x) && ball(ev, b, y) && ball(ev, d, x) &&
      arb_is_finite(x) && !arb_contains_zero(x)) {
    r = 1;
    arf_get_mpfr(right, arb_midref(y), MPFR_RNDN);
    arb_add(x, x, y, ev->prec);
    arf_get_mpfr(left, arb_midref(x), MPFR_RNDN);
  }
  arb_clear(x);
  arb_clear(y);
  return r;
}

int dc_certify_differ_by(struct dc_certifier *c, const struct dc_node *a,
                         const struct dc_node *b, const struct dc_node *d,
                         const struct dc_exact_cex *pt, long max_bits,
                         long *bits, mpfr_ptr left, mpfr_ptr right)
{
  int k;
  if (!c || hold_point(c, pt) != 0)
    return 0;
  for (k = 0; k < LEVELS && (DC_CERTIFY_MIN_BITS << k) <= DC_CERTIFY_MAX_BITS &&
              (k == 0 || (DC_CERTIFY_MIN_BITS << k) <= max_bits);
       k++)
    if (differ_by_at(&c->ev[k], a, b, d, left, right)) {
      *bits = (long)c->ev[k].prec;
      return 1;
    }
  return 0;
}
