/*
** exact.c: rational evaluation and the search for an exact counterexample
** (see exact.h).
*/
#include <stdlib.h>
#include <string.h>
#include "simplify/exact.h"
#include "expr/ptrmap.h"
#include "expr/scope.h"

/* Exact values may not grow past this many bits (a power tower of
** rationals would fill memory): beyond it the point is skipped. */
#define MAX_BITS 100000
#define MAX_POWER 100000

/* Spread fractions of an interval, and offsets from a finite bound or
** from 0: small rationals with unrelated denominators, so that a nonzero
** rational function is unlikely to vanish at all of them. */
static const long fractions[][2] = {
  { 1, 3 }, { 5, 7 }, { 1, 2 }, { 2, 9 }, { 7, 8 }, { 3, 5 }, { 1, 11 },
  { 10, 13 }, { 4, 9 }, { 1, 17 }, { 16, 17 }, { 5, 12 }
};
static const long offsets[][2] = {
  { 1, 3 }, { -5, 7 }, { 3, 2 }, { -2, 9 }, { 7, 4 }, { -3, 5 }, { 11, 1 },
  { -13, 10 }, { 4, 9 }, { -1, 17 }, { 100, 7 }, { 5, 12 }
};
#define NCAND (sizeof fractions / sizeof fractions[0])

enum { OK, UNDEF, NOT_RATIONAL };

struct eval {
  const struct dc_exact_cex *pt;
  struct dc_ptrmap memo;        /* node -> mpq_t * (NULL value: undefined) */
};

static int too_big(const mpq_t q)
{
  return mpz_sizeinbase(mpq_numref(q), 2) + mpz_sizeinbase(mpq_denref(q), 2)
         > MAX_BITS;
}

static int value_of(struct eval *ev, const struct dc_node *e, mpq_t out);

/* A syntactic pass: does e hold anything that is not rational? */
static int rational_rec(const struct dc_node *e, struct dc_ptrmap *seen,
                        int depth)
{
  size_t i;
  int found;
  if (depth > 100000)
    return 0;
  dc_ptrmap_get(seen, e, &found);
  if (found)
    return 1;
  switch (e->kind) {
  case DC_NUM: case DC_NAME: case DC_HOLE:
    break;
  case DC_NEG: case DC_ADD: case DC_SUB: case DC_MUL: case DC_DIV:
  case DC_PAREN: case DC_BRACKET: case DC_GUARD: case DC_WITH:
    for (i = 0; i < e->nargs; i++)
      if (!rational_rec(e->a[i], seen, depth + 1))
        return 0;
    break;
  case DC_POW:
    /* only integer exponents written as numbers (or their negation) */
    if (!rational_rec(e->a[0], seen, depth + 1))
      return 0;
    {
      const struct dc_node *x = e->a[1];
      if (x->kind == DC_NEG)
        x = x->a[0];
      if (x->kind != DC_NUM || mpz_cmp_ui(mpq_denref(*x->q), 1) != 0)
        return 0;
    }
    break;
  default:
    return 0;
  }
  return dc_ptrmap_put(seen, e, (void *)e) == 0;
}

int dc_exact_is_rational(const struct dc_node *a, const struct dc_node *b)
{
  struct dc_ptrmap seen;
  int r;
  if (!a || !b || dc_ptrmap_init(&seen))
    return 0;
  r = rational_rec(a, &seen, 0) && rational_rec(b, &seen, 0);
  dc_ptrmap_free(&seen);
  return r;
}

static int leaf_value(struct eval *ev, const struct dc_node *e, mpq_t out)
{
  size_t i;
  for (i = 0; i < ev->pt->n; i++)
    if (ev->pt->names[i] == e->name) {
      mpq_set(out, ev->pt->vals[i]);
      return OK;
    }
  return NOT_RATIONAL;
}

static int binary(struct eval *ev, const struct dc_node *e, mpq_t out)
{
  mpq_t b;
  int r;
  mpq_init(b);
  r = value_of(ev, e->a[0], out);
  if (r == OK)
    r = value_of(ev, e->a[1], b);
  if (r == OK)
    switch (e->kind) {
    case DC_ADD: mpq_add(out, out, b); break;
    case DC_SUB: mpq_sub(out, out, b); break;
    case DC_MUL: mpq_mul(out, out, b); break;
    default:
      if (mpq_sgn(b) == 0)
        r = UNDEF;
      else
        mpq_div(out, out, b);
      break;
    }
  mpq_clear(b);
  return r == OK && too_big(out) ? UNDEF : r;
}

static int power(struct eval *ev, const struct dc_node *e, mpq_t out)
{
  const struct dc_node *x = e->a[1];
  long n;
  int neg = 0, r;
  if (x->kind == DC_NEG) {
    neg = 1;
    x = x->a[0];
  }
  if (!mpz_fits_slong_p(mpq_numref(*x->q)))
    return UNDEF;
  n = mpz_get_si(mpq_numref(*x->q));
  if (neg)
    n = -n;
  r = value_of(ev, e->a[0], out);
  if (r != OK)
    return r;
  if (labs(n) > MAX_POWER ||
      (double)mpz_sizeinbase(mpq_numref(out), 2) * (double)labs(n) > MAX_BITS)
    return UNDEF;
  if (n < 0) {
    if (mpq_sgn(out) == 0)
      return UNDEF;
    mpq_inv(out, out);
    n = -n;
  }
  mpz_pow_ui(mpq_numref(out), mpq_numref(out), (unsigned long)n);
  mpz_pow_ui(mpq_denref(out), mpq_denref(out), (unsigned long)n);
  return OK;
}

static int compute(struct eval *ev, const struct dc_node *e, mpq_t out)
{
  int r;
  switch (e->kind) {
  case DC_NUM:
    mpq_set(out, *e->q);
    return OK;
  case DC_NAME: case DC_HOLE:
    return leaf_value(ev, e, out);
  case DC_NEG:
    r = value_of(ev, e->a[0], out);
    mpq_neg(out, out);
    return r;
  case DC_ADD: case DC_SUB: case DC_MUL: case DC_DIV:
    return binary(ev, e, out);
  case DC_POW:
    return power(ev, e, out);
  case DC_PAREN: case DC_BRACKET:
    return value_of(ev, e->a[0], out);
  case DC_GUARD:
    r = value_of(ev, e->a[0], out);
    return r == OK && !dc_domain_contains_q(e->dom, out) ? UNDEF : r;
  case DC_WITH:
    r = value_of(ev, e->a[1], out);
    return r == OK ? value_of(ev, e->a[0], out) : r;
  default:
    return NOT_RATIONAL;
  }
}

static int value_of(struct eval *ev, const struct dc_node *e, mpq_t out)
{
  int found, r;
  mpq_t *m = dc_ptrmap_get(&ev->memo, e, &found);
  if (found) {
    if (!m)
      return UNDEF;
    mpq_set(out, *m);
    return OK;
  }
  r = compute(ev, e, out);
  if (r == NOT_RATIONAL)
    return r;
  m = NULL;
  if (r == OK && (m = malloc(sizeof *m)) != NULL) {
    mpq_init(*m);
    mpq_set(*m, out);
  }
  if (dc_ptrmap_put(&ev->memo, e, m)) {
    if (m) {
      mpq_clear(*m);
      free(m);
    }
  }
  return r;
}

static void memo_clear(struct dc_ptrmap *m)
{
  size_t i;
  for (i = 0; i < m->cap; i++)
    if (m->keys[i] && m->vals[i]) {
      mpq_clear(*(mpq_t *)m->vals[i]);
      free(m->vals[i]);
    }
  dc_ptrmap_free(m);
}

/* ---- points ---- */

static void collect_symbols(const struct dc_node *e, struct dc_exact_cex *c,
                            struct dc_ptrmap *seen, int depth)
{
  size_t i;
  int found;
  if (depth > 100000)
    return;
  dc_ptrmap_get(seen, e, &found);
  if (found || dc_ptrmap_put(seen, e, (void *)e))
    return;
  if (e->kind == DC_NAME || e->kind == DC_HOLE) {
    for (i = 0; i < c->n; i++)
      if (c->names[i] == e->name)
        return;
    dc_exact_cex_add(c, e->name);   /* short of memory: fewer names */
    return;
  }
  for (i = 0; i < e->nargs; i++)
    collect_symbols(e->a[i], c, seen, depth + 1);
}

/* Candidate k of a symbol's domain (NULL: the real line). */
static void candidate(const struct dc_domain *dom, size_t k, mpq_t out)
{
  mpq_t t;
  mpq_init(t);
  k %= NCAND;
  if (dom && !dom->lo_inf && !dom->hi_inf) {
    mpq_sub(t, *dom->hi, *dom->lo);
    mpq_set_si(out, fractions[k][0], (unsigned long)fractions[k][1]);
    mpq_mul(out, out, t);
    mpq_add(out, out, *dom->lo);
  } else {
    mpq_set_si(out, offsets[k][0], (unsigned long)offsets[k][1]);
    if (dom && !dom->lo_inf) {
      mpq_abs(out, out);
      mpq_add(out, out, *dom->lo);
    } else if (dom && !dom->hi_inf) {
      mpq_abs(out, out);
      mpq_sub(out, *dom->hi, out);
    }
  }
  mpq_canonicalize(out);
  mpq_clear(t);
}

void dc_exact_cex_init(struct dc_exact_cex *c)
{
  memset(c, 0, sizeof *c);
  mpq_init(c->left);
  mpq_init(c->right);
}

void dc_exact_cex_clear(struct dc_exact_cex *c)
{
  size_t i;
  for (i = 0; i < c->n; i++)
    mpq_clear(c->vals[i]);
  free(c->names);
  free(c->vals);
  mpq_clear(c->left);
  mpq_clear(c->right);
}

int dc_exact_cex_add(struct dc_exact_cex *c, const struct dc_name *name)
{
  if (c->n == c->cap) {
    size_t cap = c->cap ? 2 * c->cap : 8;
    const struct dc_name **names = realloc(c->names, cap * sizeof *names);
    mpq_t *vals;
    if (!names)
      return -1;
    c->names = names;
    vals = realloc(c->vals, cap * sizeof *vals);
    if (!vals)
      return -1;
    c->vals = vals;
    c->cap = cap;
  }
  c->names[c->n] = name;
  mpq_init(c->vals[c->n++]);
  return 0;
}

int dc_exact_eval(const struct dc_node *e, const struct dc_exact_cex *c,
                  mpq_t out)
{
  struct eval ev;
  int r;
  ev.pt = c;
  if (dc_ptrmap_init(&ev.memo))
    return 1;
  r = value_of(&ev, e, out);
  memo_clear(&ev.memo);
  return r == OK ? 0 : r == UNDEF ? 1 : -1;
}

enum dc_exact_result dc_exact_counterexample(const struct dc_node *a,
                                             const struct dc_node *b,
                                             unsigned long seed,
                                             struct dc_exact_cex *c)
{
  struct dc_ptrmap seen;
  size_t t, j;
  if (!dc_exact_is_rational(a, b) || dc_ptrmap_init(&seen))
    return DC_EXACT_NOT_RATIONAL;
  while (c->n > 0)                 /* a fresh point */
    mpq_clear(c->vals[--c->n]);
  collect_symbols(a, c, &seen, 0);
  collect_symbols(b, c, &seen, 0);
  dc_ptrmap_free(&seen);
  for (t = 0; t < DC_EXACT_TRIES; t++) {
    struct eval ev;
    int ra, rb, differ;
    /* Each symbol walks its candidates at its own stride, so the tries
    ** cover many combinations. */
    for (j = 0; j < c->n; j++) {
      const struct dc_symbol *s = c->names[j]->sym;
      candidate(s ? s->dom : NULL, (t + seed) * (2 * j + 1) + j, c->vals[j]);
    }
    ev.pt = c;
    if (dc_ptrmap_init(&ev.memo))
      return DC_EXACT_NONE;
    ra = value_of(&ev, a, c->left);
    rb = ra == OK ? value_of(&ev, b, c->right) : ra;
    memo_clear(&ev.memo);
    differ = ra == OK && rb == OK && !mpq_equal(c->left, c->right);
    if (differ)
      return DC_EXACT_FOUND;
    if (ra == NOT_RATIONAL || rb == NOT_RATIONAL)
      return DC_EXACT_NOT_RATIONAL;
  }
  return DC_EXACT_NONE;
}
