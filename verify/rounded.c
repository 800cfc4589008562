/*
** rounded.c: rounded decimals on one side of a link (verify/rounded.h).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "verify/rounded.h"

/* Digits after the point of a literal "ddd.ddd"; 0 for anything else
** (an integer, an exponent, a canonical fraction). */
static int decimal_digits(const char *t)
{
  const char *dot;
  size_t i;
  if (!t || !(dot = strchr(t, '.')) || dot[1] == '\0')
    return 0;
  for (i = 0; t[i]; i++)
    if (t + i != dot && (t[i] < '0' || t[i] > '9'))
      return 0;
  return (int)strlen(dot + 1);
}

int dc_rounded_decimal(const struct dc_node *e, mpq_t value)
{
  int neg = 0, k;
  while (e && (e->kind == DC_PAREN || e->kind == DC_BRACKET ||
               e->kind == DC_NEG)) {
    neg ^= e->kind == DC_NEG;
    e = e->a[0];
  }
  if (!e || e->kind != DC_NUM || (k = decimal_digits(e->text)) == 0)
    return 0;
  mpq_set(value, *e->q);
  if (neg)
    mpq_neg(value, value);
  return k;
}

int dc_rounded_side(const struct dc_node *left, const struct dc_node *right)
{
  mpq_t v;
  int kl, kr;
  mpq_init(v);
  kl = dc_rounded_decimal(left, v);
  kr = dc_rounded_decimal(right, v);
  mpq_clear(v);
  if (kr && (!kl || kr <= kl))
    return 1;
  return kl ? 2 : 0;
}

/* h = 5 * 10^-(digits + 1) */
static void half_unit(mpq_t h, int digits)
{
  mpz_ui_pow_ui(mpq_denref(h), 10, (unsigned long)digits + 1);
  mpz_set_ui(mpq_numref(h), 5);
  mpq_canonicalize(h);
}

static struct dc_node *abs_of(struct dc_ctx *ctx, struct dc_node *a)
{
  struct dc_name *fn = dc_intern(ctx, "abs", 3);
  return fn ? dc_call(ctx, fn, 0, 1, &a) : NULL;
}

struct dc_node *dc_rounded_clamp(struct dc_ctx *ctx, struct dc_node *x,
                                 const mpq_t value, int digits)
{
  struct dc_node *lo, *hi, *d, *two, *below, *above;
  mpq_t h, t;
  mpq_init(h);
  mpq_init(t);
  half_unit(h, digits);
  mpq_sub(t, value, h);
  lo = dc_num(ctx, t, NULL);
  mpq_add(t, value, h);
  hi = dc_num(ctx, t, NULL);
  d = dc_num(ctx, value, NULL);
  mpq_clear(h);
  mpq_clear(t);
  two = dc_num_si(ctx, 2);
  below = abs_of(ctx, dc_binary(ctx, DC_SUB, x, lo, 0));
  above = abs_of(ctx, dc_binary(ctx, DC_SUB, x, hi, 0));
  return dc_binary(ctx, DC_ADD, d,
                   dc_binary(ctx, DC_DIV,
                             dc_binary(ctx, DC_SUB, below, above, 0), two, 0),
                   0);
}

/* A rational with at most digits + 1 places as a decimal. */
static void put_decimal(char *buf, size_t len, const mpq_t q, int places)
{
  mpz_t n, p;
  char *s;
  size_t sl;
  int neg = mpq_sgn(q) < 0;
  mpz_init(n);
  mpz_init(p);
  mpz_ui_pow_ui(p, 10, (unsigned long)places);
  mpz_mul(n, mpq_numref(q), p);
  mpz_tdiv_q(n, n, mpq_denref(q));   /* exact: q has places digits */
  mpz_abs(n, n);
  s = mpz_get_str(NULL, 10, n);
  sl = s ? strlen(s) : 0;
  if (!s || (sl < (size_t)places && (size_t)places - sl > 32))
    snprintf(buf, len, "?");
  else if (sl <= (size_t)places)
    snprintf(buf, len, "%s0.%.*s%s", neg ? "-" : "", places - (int)sl,
             "00000000000000000000000000000000", s);
  else
    snprintf(buf, len, "%s%.*s.%s", neg ? "-" : "", (int)(sl - places), s,
             s + sl - places);
  free(s);
  mpz_clear(n);
  mpz_clear(p);
}

void dc_rounded_interval(char *buf, size_t len, const mpq_t value,
                         int digits)
{
  char lo[48], hi[48];
  mpq_t h, t;
  mpq_init(h);
  mpq_init(t);
  half_unit(h, digits);
  mpq_sub(t, value, h);
  put_decimal(lo, sizeof lo, t, digits + 1);
  mpq_add(t, value, h);
  put_decimal(hi, sizeof hi, t, digits + 1);
  snprintf(buf, len, "[%s, %s]", lo, hi);
  mpq_clear(h);
  mpq_clear(t);
}
