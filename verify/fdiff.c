/*
** fdiff.c: cross-checking a symbolic derivative with a finite difference.
**
** At a point, the derivative's value `sym` (from the block's tape at
** precision P) must match the n-th central difference of f around the
** value a of `at`:
**
**   D(h) = h^-n * sum_{i=0..n} (-1)^i C(n,i) f(a + (n/2 - i) h)
**
** evaluated at Q = 2P bits (at least FD_MIN_PREC).  Its truncation error
** is O(h^2) and its rounding error O(2^-Q / h^n) (relative to the scale of
** f), so h = 2^(e - floor(Q / (n + 2))) with e the exponent of a balances
** them at about 2^(-2Q/(n+2)), well inside the loose tolerance 2^(-P/4).
** That assumes f varies on the scale of a; where it varies much faster
** (exp(x^2) at x = 80) no fixed step is right, so D is taken at h and h/4
** and only a D that agrees with itself is compared with sym.  h is a power
** of two and every stencil point is exact at Q bits.
**
** A disagreement means the differentiator is wrong: it is an internal
** error, never a verdict on the user's derivation.
*/
#include <stdlib.h>
#include <string.h>
#include "verify/checkint.h"
#include "verify/internal.h"

/* Extra bits of tolerance, so that the low precisions (32 bits) and
** high orders keep a margin over the finite difference's own error. */
#define FD_SLACK 4

/* The difference is taken at 2P bits, but never fewer than this, so that
** low working precisions still leave room for a small step. */
#define FD_MIN_PREC 256

/* The second step is h / 2^FD_STEP_BITS. */
#define FD_STEP_BITS 2

int dc_fdiff_init(struct dc_fdiff *f, const struct dc_dcheck *c,
                  const struct dc_tape *main_tape, size_t rsym, size_t rat)
{
  size_t j, n;
  memset(f, 0, sizeof *f);
  f->c = c;
  f->rsym = rsym;
  f->rat = rat;
  f->var = -1;
  mpfr_init2(f->x, MPFR_PREC_MIN);
  mpfr_init2(f->acc, MPFR_PREC_MIN);
  mpfr_init2(f->t, MPFR_PREC_MIN);
  mpfr_init2(f->fd1, MPFR_PREC_MIN);
  f->tape = dc_tape_build(&c->f, 1, NULL);
  if (!f->tape)
    goto fail;
  n = dc_tape_ninputs(f->tape);
  f->map = malloc((n ? n : 1) * sizeof *f->map);
  f->in = malloc((n ? n : 1) * sizeof *f->in);
  if (!f->map || !f->in)
    goto fail;
  for (j = 0; j < n; j++) {
    const struct dc_node *leaf = dc_tape_input(f->tape, j);
    if (leaf == c->var) {
      f->var = (long)j;
      f->map[j] = -1;
      continue;
    }
    f->map[j] = dc_tape_input_index(main_tape, leaf);
    if (f->map[j] < 0)
      goto fail;                /* f would need a value nobody draws */
  }
  return 0;
fail:
  dc_fdiff_free(f);             /* the caller keeps only what started */
  return -1;
}

void dc_fdiff_free(struct dc_fdiff *f)
{
  dc_tape_free(f->tape);
  free(f->map);
  free(f->in);
  mpfr_clear(f->x);
  mpfr_clear(f->acc);
  mpfr_clear(f->t);
  mpfr_clear(f->fd1);
}

static mpfr_exp_t max_exp(mpfr_exp_t a, mpfr_exp_t b)
{
  return a > b ? a : b;
}

static mpfr_exp_t exp_or_none(mpfr_srcptr v)
{
  return mpfr_regular_p(v) ? mpfr_get_exp(v) : DC_MAG_NONE;
}

/*
** The n-th central difference of f around a at precision q into f->acc;
** *fmag gets the largest intermediate magnitude of the f evaluations.
** Returns 0, or 1 when f is undefined at a stencil point.
*/
static int central_difference(struct dc_fdiff *f, mpfr_srcptr a, int n,
                              mpfr_exp_t he, mpfr_prec_t q,
                              mpfr_exp_t *fmag)
{
  long coef = 1;
  int i;
  mpfr_set_prec(f->x, q);
  mpfr_set_prec(f->acc, q);
  mpfr_set_prec(f->t, q);
  mpfr_set_zero(f->acc, 1);
  *fmag = DC_MAG_NONE;
  for (i = 0; i <= n; i++) {
    /* x = a + (n - 2i) * h/2: exact, since a holds P <= Q/2 bits and the
    ** offset a few bits at 2^(e - Q/(n+2) - 3) or above: the sum spans
    ** fewer than Q bits. */
    mpfr_set_si_2exp(f->t, n - 2 * i, he - 1, MPFR_RNDN);
    mpfr_add(f->x, a, f->t, MPFR_RNDN);
    if (dc_tape_eval(f->tape, q, f->in) != 0 ||
        !dc_tape_defined(f->tape, 0, NULL))
      return 1;
    *fmag = max_exp(*fmag, dc_tape_mag(f->tape, 0));
    mpfr_mul_si(f->t, dc_tape_value(f->tape, 0), (i % 2 ? -coef : coef),
                MPFR_RNDN);
    mpfr_add(f->acc, f->acc, f->t, MPFR_RNDN);
    coef = coef * (n - i) / (i + 1);    /* C(n, i+1) */
  }
  mpfr_mul_2si(f->acc, f->acc, -(long)n * he, MPFR_RNDN);
  return 0;
}

static void report(const struct dc_fdiff *f, mpfr_srcptr a, mpfr_srcptr sym,
                   struct dc_diags *diags, struct dc_pos pos)
{
  char at[64], s[64], d[64];
  const struct dc_node *v = f->c->var;
  mpfr_snprintf(at, sizeof at, "%.20Rg", a);
  mpfr_snprintf(s, sizeof s, "%.20Rg", sym);
  mpfr_snprintf(d, sizeof d, "%.20Rg", f->acc);
  dc_error(diags, pos, "internal error: symbolic derivative disagrees with "
           "a finite difference (order %d with respect to %s%s at %s: "
           "symbolic %s, finite difference %s)", f->c->order,
           v->kind == DC_PARAM ? "a parameter of " : "",
           v->name ? v->name->s : "?", at, s, d);
}

/* The exponent bound for agreement: P/4 bits below the scale. */
static int fd_agree(mpfr_ptr t, mpfr_srcptr x, mpfr_srcptr y,
                    mpfr_exp_t scale, mpfr_prec_t prec)
{
  mpfr_sub(t, x, y, MPFR_RNDN);
  return mpfr_zero_p(t) ||
         (mpfr_number_p(t) &&
          mpfr_get_exp(t) <= scale - (mpfr_exp_t)(prec / 4) + FD_SLACK);
}

int dc_fdiff_check(struct dc_fdiff *f, const struct dc_tape *main_tape,
                   mpfr_srcptr *in, mpfr_prec_t prec,
                   struct dc_diags *diags, struct dc_pos pos)
{
  mpfr_srcptr sym, a;
  mpfr_prec_t q = 2 * prec < FD_MIN_PREC ? FD_MIN_PREC : 2 * prec;
  int n = f->c->order;
  mpfr_exp_t e, he, fmag1, fmag2, scale;
  size_t j, ni = dc_tape_ninputs(f->tape);
  if (!dc_tape_defined(main_tape, f->rsym, NULL) ||
      !dc_tape_defined(main_tape, f->rat, NULL))
    return 0;
  sym = dc_tape_value(main_tape, f->rsym);
  a = dc_tape_value(main_tape, f->rat);
  for (j = 0; j < ni; j++)
    f->in[j] = f->map[j] >= 0 ? in[f->map[j]] : f->x;
  e = mpfr_regular_p(a) ? mpfr_get_exp(a) : 0;
  he = e - (mpfr_exp_t)(q / (n + 2));
  /* Two step sizes, h and h/4: the first result is kept in fd1. */
  if (central_difference(f, a, n, he, q, &fmag1) != 0)
    return 0;
  mpfr_set_prec(f->fd1, q);
  mpfr_set(f->fd1, f->acc, MPFR_RNDN);
  if (central_difference(f, a, n, he - FD_STEP_BITS, q, &fmag2) != 0)
    return 0;
  /* The scale of the derivative: its value (and its own intermediate
  ** magnitude) or the finite difference's. */
  scale = max_exp(exp_or_none(sym), exp_or_none(f->acc));
  scale = max_exp(scale, dc_tape_mag(main_tape, f->rsym));
  /* The rounding noise of D(h/4) is at most 2^n * 2^(fmag - q) / h^n:
  ** when it is not well below the tolerance, D cannot tell. */
  if (fmag2 > DC_MAG_NONE &&
      fmag2 + n - (mpfr_exp_t)q - (mpfr_exp_t)n * (he - FD_STEP_BITS) >
          scale - (mpfr_exp_t)(prec / 4))
    return 0;
  /* A step too long for how fast f varies here shows as two step sizes
  ** that disagree: then D says nothing at this point either. */
  if (!fd_agree(f->t, f->fd1, f->acc, scale, prec))
    return 0;
  f->nchecked++;
  if (fd_agree(f->t, sym, f->acc, scale, prec))
    return 0;
  f->failed = 1;
  report(f, a, sym, diags, pos);
  return -1;
}
