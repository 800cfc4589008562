/*
** diagnose.c: the ratio, the difference and the suggested derivative of a
** failing link (see diagnose.h).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "simplify/diagnose.h"
#include "simplify/cost.h"
#include "simplify/derive.h"
#include "expr/plain.h"

/* The simplest form of e in out when it is small (or any size, when
** max < 0); out is "" otherwise. */
static void simplest_text(struct dc_ctx *ctx, const struct dc_scope *scope,
                          struct dc_node *e, long max, char *out, size_t cap)
{
  struct dc_node *s = e ? dc_simplest_within(ctx, scope, e,
                                             DC_DIAGNOSE_BUDGET) : NULL;
  char *t;
  out[0] = '\0';
  if (!s || (max >= 0 && dc_cost_of(s).size > max))
    return;
  t = dc_plain_string(s);
  if (t && strlen(t) < cap)
    snprintf(out, cap, "%s", t);
  free(t);
}

/* One of factor and difference, the one that says more: a number factor
** (a sign, a lost 2) always; otherwise the shorter, a tie to the factor.
** (x + 1)^2 against x^2 + 1 differs by the term 2*x, not by the factor
** (x + 1)^2/(1 + x^2). */
static void keep_the_telling_one(struct dc_diagnosis *d)
{
  size_t f = strlen(d->factor), t = strlen(d->difference);
  int number = f && strspn(d->factor, "-0123456789/") == f;
  if (!f || !t)
    return;
  if (number || f <= t)
    d->difference[0] = '\0';
  else
    d->factor[0] = '\0';
}

/* Is e, as written, a derivative (diff, pdiff, a prime, f'(x))? */
static int is_derivative(const struct dc_node *e)
{
  while (e && (e->kind == DC_PAREN || e->kind == DC_BRACKET))
    e = e->a[0];
  return e && (e->kind == DC_DIFF || e->kind == DC_PRIME ||
               (e->kind == DC_CALL && e->ival > 0));
}

void dc_diagnose(struct dc_ctx *ctx, const struct dc_scope *scope,
                 struct dc_node *left, struct dc_node *right,
                 struct dc_diagnosis *d)
{
  struct dc_node *l = dc_unary(ctx, DC_PAREN, left);
  struct dc_node *r = dc_unary(ctx, DC_PAREN, right);
  memset(d, 0, sizeof *d);
  if (!l || !r)
    return;
  simplest_text(ctx, scope, dc_binary(ctx, DC_DIV, l, r, 0),
                DC_DIAGNOSE_MAX_SIZE, d->factor, sizeof d->factor);
  simplest_text(ctx, scope, dc_binary(ctx, DC_SUB, l, r, 0),
                DC_DIAGNOSE_MAX_SIZE, d->difference, sizeof d->difference);
  if (is_derivative(left))
    simplest_text(ctx, scope, left, -1, d->suggestion, sizeof d->suggestion);
  keep_the_telling_one(d);
}
