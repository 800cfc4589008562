/*
** check_diff.c: expansion with Leibniz semantics (simplify/expand.c) and
** symbolic differentiation (simplify/diff.c).
**
** The known-derivative table is checked two independent ways at several
** points: the symbolic result against a hand-written derivative at 256 bits
** (agreement to ~2^-240), and every derivative record against a central
** finite difference of its f computed here at 512 bits.  Structural tests
** pin down the light simplification, the records' holes, the errors and the
** limits.
*/
#include <stdio.h>
#include <string.h>
#include <mpfr.h>
#include "expr/diag.h"
#include "expr/limits.h"
#include "expr/meter.h"
#include "expr/node.h"
#include "expr/ptrmap.h"
#include "expr/scope.h"
#include "parser/parse.h"
#include "simplify/diff.h"
#include "simplify/expand.h"
#include "simplify/gradient.h"
#include "verify/eval.h"
#include "tests/testutil.h"

static const struct dc_pos nopos = { NULL, 0, 0 };

/* ---- fixture: functions, definitions and block scopes ---- */

enum { S_GLOBAL, S_BCE, S_LIN, S_HELD, S_WRT, NSCOPES };

static struct dc_ctx *ctx;
static struct dc_diags diags;
static struct dc_expansion xp;
static struct dc_scope scopes[NSCOPES];
static struct dc_def bce_where[2], lin_where[1], held_where[2];
static struct dc_domain unit_open;  /* (0, 1) */

static struct dc_node *parse(const char *text)
{
  struct dc_node *e = dc_parse_expr(ctx, text, strlen(text), NULL, &diags);
  ck_assert_msg(e != NULL, "cannot parse '%s': %s", text,
                diags.n ? diags.v[diags.n - 1].msg : "?");
  return e;
}

static struct dc_name *name(const char *s)
{
  return dc_intern(ctx, s, strlen(s));
}

/* Register f(params) = body; params are separated by commas. */
static void add_func(const char *fname, const char *params, const char *body)
{
  struct dc_func *f = dc_arena_alloc(&ctx->arena, sizeof *f);
  struct dc_node *from[DC_MAX_ARGS], *to[DC_MAX_ARGS];
  const char *p = params;
  ck_assert_ptr_nonnull(f);
  f->name = name(fname);
  while (*p) {
    size_t n = strcspn(p, ",");
    f->params[f->nparams] = dc_intern(ctx, p, n);
    from[f->nparams] = dc_name_node(ctx, f->params[f->nparams]);
    to[f->nparams] = dc_param(ctx, f->name, f->nparams);
    f->nparams++;
    p += n + (p[n] == ',');
  }
  f->name->func = f;  /* before parsing: the body may not call itself */
  f->written = parse(body);
  f->body = dc_subst(ctx, f->written, (size_t)f->nparams, from, to);
  ck_assert_ptr_nonnull(f->body);
}

static void set_def(struct dc_def *d, const char *dname, const char *text,
                    struct dc_domain *dom)
{
  d->name = name(dname);
  d->expr = parse(text);
  d->dom = dom;
}

static void add_global_def(const char *dname, const char *text)
{
  struct dc_def *d = dc_arena_alloc(&ctx->arena, sizeof *d);
  ck_assert_ptr_nonnull(d);
  set_def(d, dname, text, NULL);
  d->name->def = d;
}

static void setup(void)
{
  ctx = dc_ctx_new();
  ck_assert_ptr_nonnull(ctx);
  dc_diags_init(&diags);
  dc_expansion_init(&xp);
  memset(scopes, 0, sizeof scopes);

  unit_open.lo = dc_new_rational(ctx);
  unit_open.hi = dc_new_rational(ctx);
  mpq_set_si(*unit_open.lo, 0, 1);
  mpq_set_si(*unit_open.hi, 1, 1);
  unit_open.lo_open = unit_open.hi_open = 1;

  add_func("sigma", "x", "1/(1 + exp(-x))");
  add_func("f", "x", "1/sigma(x)");
  add_func("g", "x,y", "x^2*y + sin(x*y)");
  add_func("sq", "t", "t*t");
  add_func("softplus", "x", "log(1 + exp(x))");
  add_func("dcube", "t", "diff(t^3, t)");
  add_func("dprime", "t", "(t^2)'");
  add_global_def("L", "-y*log(yhat) - (1 - y)*log(1 - yhat)");
  add_global_def("P", "yhat^2");
  add_global_def("q", "x^2 + 1");

  /* The reference post's block: where {yhat: a, a: sigma(z)}. */
  set_def(&bce_where[0], "yhat", "a", &unit_open);
  set_def(&bce_where[1], "a", "sigma(z)", NULL);
  scopes[S_BCE].where = bce_where;
  scopes[S_BCE].nwhere = 2;
  set_def(&lin_where[0], "yhat", "w*x + b", &unit_open);
  scopes[S_LIN].where = lin_where;
  scopes[S_LIN].nwhere = 1;
  set_def(&held_where[0], "u", "x^2", NULL);
  set_def(&held_where[1], "v", "u + sin(u)", NULL);
  scopes[S_HELD].where = held_where;
  scopes[S_HELD].nwhere = 2;
  scopes[S_WRT].wrt = name("y");
}

static void teardown(void)
{
  dc_expansion_free(&xp);
  dc_diags_free(&diags);
  dc_ctx_free(ctx);
}

static const struct dc_scope *scope_of(int s)
{
  return s == S_GLOBAL ? NULL : &scopes[s];
}

/* Parse and expand text in scope s; the expansion must succeed. */
static struct dc_node *expand_text(int s, const char *text)
{
  struct dc_node *r = dc_expand(ctx, scope_of(s), parse(text), &xp, &diags,
                                nopos);
  ck_assert_msg(r != NULL, "cannot expand '%s': %s", text,
                diags.n ? diags.v[diags.n - 1].msg : "out of memory");
  return r;
}

/* ---- leaves: no stray holes or parameters ---- */

/* True when root reaches no HOLE or PARAM leaf other than allowed. */
static int only_leaf(const struct dc_node *root, const struct dc_node *allowed,
                     struct dc_ptrmap *seen)
{
  int found;
  uint16_t i;
  dc_ptrmap_get(seen, root, &found);
  if (found)
    return 1;
  ck_assert_int_eq(dc_ptrmap_put(seen, root, NULL), 0);
  if ((root->kind == DC_HOLE || root->kind == DC_PARAM) && root != allowed)
    return 0;
  for (i = 0; i < root->nargs; i++)
    if (!only_leaf(root->a[i], allowed, seen))
      return 0;
  return 1;
}

static int clean(const struct dc_node *root, const struct dc_node *allowed)
{
  struct dc_ptrmap seen;
  int ok;
  ck_assert_int_eq(dc_ptrmap_init(&seen), 0);
  ok = only_leaf(root, allowed, &seen);
  dc_ptrmap_free(&seen);
  return ok;
}

static void check_records_clean(void)
{
  size_t i;
  for (i = 0; i < xp.nchecks; i++) {
    const struct dc_dcheck *c = &xp.checks[i];
    /* a free symbol is differentiated by its own leaf, at itself */
    ck_assert(c->var->kind == DC_HOLE || c->var->kind == DC_PARAM ||
              (c->var->kind == DC_NAME && c->at == c->var));
    ck_assert_msg(clean(c->sym, NULL), "record %zu: stray hole in sym", i);
    ck_assert_msg(clean(c->at, NULL), "record %zu: stray hole in at", i);
    ck_assert_msg(clean(c->f, c->var), "record %zu: stray hole in f", i);
    ck_assert_int_ge(c->order, 1);
  }
}

/* ---- numeric evaluation at chosen points ---- */

/*
** Values of the input leaves at one point: each leaf met gets the next
** exact rational in the row's range, so every tape at every precision sees
** the same numbers.
*/
struct point {
  const struct dc_node *leaf[32];
  mpq_t val[32];
  size_t n;
  int p;                        /* point number: varies the values */
  mpq_t lo, hi;
};

static void point_init(struct point *pt, int p, const char *lo,
                       const char *hi)
{
  memset(pt, 0, sizeof *pt);
  pt->p = p;
  mpq_init(pt->lo);
  mpq_init(pt->hi);
  ck_assert_int_eq(mpq_set_str(pt->lo, lo ? lo : "1/10", 10), 0);
  ck_assert_int_eq(mpq_set_str(pt->hi, hi ? hi : "9/10", 10), 0);
  mpq_canonicalize(pt->lo);
  mpq_canonicalize(pt->hi);
}

static void point_clear(struct point *pt)
{
  size_t i;
  for (i = 0; i < pt->n; i++)
    mpq_clear(pt->val[i]);
  mpq_clear(pt->lo);
  mpq_clear(pt->hi);
}

/* Set or look up the value of leaf. */
static const mpq_t *point_value(struct point *pt, const struct dc_node *leaf)
{
  size_t i, k;
  for (i = 0; i < pt->n; i++)
    if (pt->leaf[i] == leaf)
      return (const mpq_t *)&pt->val[i];
  ck_assert_uint_lt(pt->n, DC_ARRAY_LEN(pt->leaf));
  k = pt->n++;
  pt->leaf[k] = leaf;
  mpq_init(pt->val[k]);
  /* lo + (hi - lo)*frac, frac in (0, 1) spread by leaf and point */
  mpq_set_ui(pt->val[k], (unsigned long)((37 * k + 61 * (size_t)pt->p + 13)
                                         % 97 + 1), 99);
  {
    mpq_t w;
    mpq_init(w);
    mpq_sub(w, pt->hi, pt->lo);
    mpq_mul(pt->val[k], pt->val[k], w);
    mpq_add(pt->val[k], pt->val[k], pt->lo);
    mpq_clear(w);
  }
  return (const mpq_t *)&pt->val[k];
}

/* Evaluate tape t at prec with the point's values (and var := *varval). */
static void eval_at(struct dc_tape *t, mpfr_prec_t prec, struct point *pt,
                    const struct dc_node *var, mpfr_srcptr varval)
{
  size_t i, n = dc_tape_ninputs(t);
  mpfr_t in[32];
  mpfr_srcptr ptrs[32];
  ck_assert_uint_le(n, 32);
  for (i = 0; i < n; i++) {
    const struct dc_node *leaf = dc_tape_input(t, i);
    mpfr_init2(in[i], prec);
    if (var && leaf == var)
      mpfr_set(in[i], varval, MPFR_RNDN);
    else
      mpfr_set_q(in[i], *point_value(pt, leaf), MPFR_RNDN);
    ptrs[i] = in[i];
  }
  ck_assert_int_eq(dc_tape_eval(t, prec, ptrs), 0);
  for (i = 0; i < n; i++)
    mpfr_clear(in[i]);
}

/* v to 20 digits, for failure messages (four rotating buffers). */
static const char *str(mpfr_srcptr v)
{
  static char buf[4][64];
  static int k;
  k = (k + 1) % 4;
  mpfr_snprintf(buf[k], sizeof buf[k], "%.20Rg", v);
  return buf[k];
}

static struct dc_tape *tape(struct dc_node *const *roots, size_t n)
{
  int too_big = 0;
  struct dc_tape *t = dc_tape_build(roots, n, &too_big);
  ck_assert_ptr_nonnull(t);
  return t;
}

/* |a - b| <= 2^-bits * max(1, |a|, |b|, 2^mag) */
static int close_to(mpfr_srcptr a, mpfr_srcptr b, long bits, mpfr_exp_t mag)
{
  mpfr_t d, s;
  int ok;
  mpfr_prec_t prec = mpfr_get_prec(a) > mpfr_get_prec(b) ? mpfr_get_prec(a)
                                                          : mpfr_get_prec(b);
  mpfr_inits2(prec, d, s, (mpfr_ptr)0);
  mpfr_sub(d, a, b, MPFR_RNDN);
  mpfr_abs(d, d, MPFR_RNDN);
  mpfr_set_ui_2exp(s, 1, mag > 0 ? mag : 0, MPFR_RNDN);
  if (mpfr_cmpabs(a, s) > 0)
    mpfr_abs(s, a, MPFR_RNDN);
  if (mpfr_cmpabs(b, s) > 0)
    mpfr_abs(s, b, MPFR_RNDN);
  mpfr_mul_2si(s, s, -bits, MPFR_RNDN);
  ok = mpfr_lessequal_p(d, s);
  mpfr_clears(d, s, (mpfr_ptr)0);
  return ok;
}

/* The binomial coefficient C(n, k) for small n. */
static long binom(int n, int k)
{
  long r = 1;
  int i;
  for (i = 1; i <= k; i++)
    r = r * (n - k + i) / i;
  return r;
}

#define FD_PREC 512
#define FD_STEP_EXP (-60)

/*
** Check record c at the point against the central finite difference
** d^n f/dvar^n ~ h^-n sum_k (-1)^k C(n,k) f(at + (n/2 - k) h), h = 2^-60,
** whose error is O(h^2) ~ 2^-120: agreement to 2^-90 is required.
*/
static void check_record_fd(const struct dc_dcheck *c, struct point *pt,
                            const char *what)
{
  struct dc_node *roots[2] = { c->sym, c->at };
  struct dc_tape *ts = tape(roots, 2), *tf = tape(&c->f, 1);
  mpfr_t at, x, sum, term, h, sym;
  mpfr_exp_t mag;
  int k, n = c->order;
  enum dc_undef why;

  mpfr_inits2(FD_PREC, at, x, sum, term, h, sym, (mpfr_ptr)0);
  eval_at(ts, FD_PREC, pt, NULL, NULL);
  ck_assert_msg(dc_tape_defined(ts, 0, &why) && dc_tape_defined(ts, 1, &why),
                "%s: record undefined at point %d", what, pt->p);
  mpfr_set(sym, dc_tape_value(ts, 0), MPFR_RNDN);
  mpfr_set(at, dc_tape_value(ts, 1), MPFR_RNDN);
  mag = dc_tape_mag(ts, 0);
  mpfr_set_ui_2exp(h, 1, FD_STEP_EXP, MPFR_RNDN);
  mpfr_set_ui(sum, 0, MPFR_RNDN);
  for (k = 0; k <= n; k++) {
    /* x = at + (n - 2k)/2 * h */
    mpfr_mul_si(x, h, n - 2 * k, MPFR_RNDN);
    mpfr_div_2ui(x, x, 1, MPFR_RNDN);
    mpfr_add(x, x, at, MPFR_RNDN);
    eval_at(tf, FD_PREC, pt, c->var, x);
    ck_assert_msg(dc_tape_defined(tf, 0, &why), "%s: f undefined near the "
                  "point %d", what, pt->p);
    if (dc_tape_mag(tf, 0) > mag)
      mag = dc_tape_mag(tf, 0);
    mpfr_mul_si(term, dc_tape_value(tf, 0), (k % 2 ? -1 : 1) * binom(n, k),
                MPFR_RNDN);
    mpfr_add(sum, sum, term, MPFR_RNDN);
  }
  mpfr_div_2si(sum, sum, (long)n * FD_STEP_EXP, MPFR_RNDN);  /* / h^n */
  ck_assert_msg(close_to(sum, sym, 90, mag),
                "%s: symbolic derivative %s differs from the finite "
                "difference %s at point %d", what,
                str(sym),
                str(sum), pt->p);
  mpfr_clears(at, x, sum, term, h, sym, (mpfr_ptr)0);
  dc_tape_free(ts);
  dc_tape_free(tf);
}

/* ---- known derivatives ---- */

struct known {
  const char *lhs;              /* a derivative as written */
  const char *expect;           /* the derivative, written by hand */
  int scope;
  const char *lo, *hi;          /* range of every input (NULL: 1/10, 9/10) */
};

static const struct known known[] = {
  /* basics */
  { "diff(x, x)", "1", S_GLOBAL, NULL, NULL },
  { "diff(7, x)", "0", S_GLOBAL, NULL, NULL },
  { "diff(y, x)", "0", S_GLOBAL, NULL, NULL },
  { "diff(3*x, x)", "3", S_GLOBAL, NULL, NULL },
  { "diff(x^2, x)", "2*x", S_GLOBAL, NULL, NULL },
  { "diff(x^3 - 2*x + 1, x)", "3*x^2 - 2", S_GLOBAL, NULL, NULL },
  { "diff(x^-2, x)", "-2/x^3", S_GLOBAL, NULL, NULL },
  { "diff(x^(1/2), x)", "1/(2*sqrt(x))", S_GLOBAL, NULL, NULL },
  { "diff(x^(3/2), x)", "3/2*sqrt(x)", S_GLOBAL, NULL, NULL },
  { "diff(x**4, x)", "4*x^3", S_GLOBAL, NULL, NULL },
  { "diff(1/x, x)", "-1/x^2", S_GLOBAL, NULL, NULL },
  { "diff(x*y, x)", "y", S_GLOBAL, NULL, NULL },
  { "diff(x*y, y)", "x", S_GLOBAL, NULL, NULL },
  { "diff(x/y, y)", "-x/y^2", S_GLOBAL, NULL, NULL },
  { "diff((x + 1)/(x - 2), x)", "-3/(x - 2)^2", S_GLOBAL, NULL, NULL },
  { "diff(x*sin(x), x)", "sin(x) + x*cos(x)", S_GLOBAL, NULL, NULL },
  { "diff(-x^2, x)", "-2*x", S_GLOBAL, NULL, NULL },
  { "diff(-(x*y), x)", "-y", S_GLOBAL, NULL, NULL },
  { "diff([x + 1]^2, x)", "2*(x + 1)", S_GLOBAL, NULL, NULL },
  { "diff(x^2*y^3, y)", "3*x^2*y^2", S_GLOBAL, NULL, NULL },
  { "diff(pi*x, x)", "pi", S_GLOBAL, NULL, NULL },
  { "diff(sin(pi*x), x)", "pi*cos(pi*x)", S_GLOBAL, NULL, NULL },
  { "diff(q, x)", "2*x", S_GLOBAL, NULL, NULL },
  /* every builtin */
  { "diff(exp(x), x)", "exp(x)", S_GLOBAL, NULL, NULL },
  { "diff(exp(2*x), x)", "2*exp(2*x)", S_GLOBAL, NULL, NULL },
  { "diff(log(x), x)", "1/x", S_GLOBAL, NULL, NULL },
  { "diff(ln(x), x)", "1/x", S_GLOBAL, NULL, NULL },
  { "diff(log(1 - x), x)", "-1/(1 - x)", S_GLOBAL, NULL, NULL },
  { "diff(sqrt(x), x)", "1/(2*sqrt(x))", S_GLOBAL, NULL, NULL },
  { "diff(sqrt(1 + x^2), x)", "x/sqrt(1 + x^2)", S_GLOBAL, NULL, NULL },
  { "diff(sin(x), x)", "cos(x)", S_GLOBAL, NULL, NULL },
  { "diff(cos(x), x)", "-sin(x)", S_GLOBAL, NULL, NULL },
  { "diff(tan(x), x)", "1/cos(x)^2", S_GLOBAL, NULL, NULL },
  { "diff(sinh(x), x)", "cosh(x)", S_GLOBAL, NULL, NULL },
  { "diff(cosh(x), x)", "sinh(x)", S_GLOBAL, NULL, NULL },
  { "diff(tanh(x), x)", "1/cosh(x)^2", S_GLOBAL, NULL, NULL },
  { "diff(asin(x), x)", "1/sqrt(1 - x^2)", S_GLOBAL, NULL, NULL },
  { "diff(acos(x), x)", "-1/sqrt(1 - x^2)", S_GLOBAL, NULL, NULL },
  { "diff(atan(x), x)", "1/(1 + x^2)", S_GLOBAL, NULL, NULL },
  { "diff(erf(x), x)", "2*exp(-x^2)/sqrt(pi)", S_GLOBAL, NULL, NULL },
  { "diff(abs(x), x)", "1", S_GLOBAL, NULL, NULL },
  { "diff(abs(x), x)", "-1", S_GLOBAL, "-2", "-1/2" },
  { "diff(abs(x^3 - x), x)", "1 - 3*x^2", S_GLOBAL, NULL, NULL },
  /* chain rule */
  { "diff(sin(x^2), x)", "2*x*cos(x^2)", S_GLOBAL, NULL, NULL },
  { "diff(exp(sin(x)), x)", "cos(x)*exp(sin(x))", S_GLOBAL, NULL, NULL },
  { "diff(log(cos(x)), x)", "-tan(x)", S_GLOBAL, NULL, NULL },
  { "diff(atan(1/x), x)", "-1/(1 + x^2)", S_GLOBAL, NULL, NULL },
  { "diff(tan(2*x)^2, x)", "4*tan(2*x)/cos(2*x)^2", S_GLOBAL, NULL, NULL },
  { "diff(sqrt(sin(x)), x)", "cos(x)/(2*sqrt(sin(x)))", S_GLOBAL, NULL,
    NULL },
  { "diff(asin(x/2)*acos(x), x)",
    "acos(x)/sqrt(4 - x^2) - asin(x/2)/sqrt(1 - x^2)", S_GLOBAL, NULL, NULL },
  { "diff(erf(sinh(x)), x)", "2/sqrt(pi)*exp(-sinh(x)^2)*cosh(x)", S_GLOBAL,
    NULL, NULL },
  { "diff(tanh(cosh(x)), x)", "sinh(x)*(1 - tanh(cosh(x))^2)", S_GLOBAL, NULL,
    NULL },
  /* symbolic exponents */
  { "diff(x^x, x)", "x^x*(log(x) + 1)", S_GLOBAL, NULL, NULL },
  { "diff(2^x, x)", "log(2)*2^x", S_GLOBAL, NULL, NULL },
  { "diff(e^x, x)", "e^x", S_GLOBAL, NULL, NULL },
  { "diff(e^(3*x), x)", "3*exp(3*x)", S_GLOBAL, NULL, NULL },
  { "diff(x^y, y)", "x^y*log(x)", S_GLOBAL, NULL, NULL },
  { "diff(x^y, x)", "y*x^(y - 1)", S_GLOBAL, NULL, NULL },
  { "diff(sin(x)^cos(x), x)",
    "sin(x)^cos(x)*(cos(x)^2/sin(x) - sin(x)*log(sin(x)))", S_GLOBAL, NULL,
    NULL },
  /* negative bases with integer exponents */
  { "diff(x^3, x)", "3*x^2", S_GLOBAL, "-3", "-1" },
  { "diff(x^(-3), x)", "-3/x^4", S_GLOBAL, "-3", "-1" },
  { "diff((x - 5)^4, x)", "4*(x - 5)^3", S_GLOBAL, "-3", "-1" },
  { "diff(x^2*y, x)", "2*x*y", S_GLOBAL, "-3", "-1" },
  /* user functions */
  { "diff(sigma(x), x)", "sigma(x)*(1 - sigma(x))", S_GLOBAL, NULL, NULL },
  { "sigma'(x)", "sigma(x)*(1 - sigma(x))", S_GLOBAL, NULL, NULL },
  { "sigma''(x)", "sigma(x)*(1 - sigma(x))*(1 - 2*sigma(x))", S_GLOBAL,
    NULL, NULL },
  { "sigma'(2*x)", "sigma(2*x)*(1 - sigma(2*x))", S_GLOBAL, NULL, NULL },
  { "f'(x)", "-exp(-x)", S_GLOBAL, NULL, NULL },
  { "diff(f(x), x)", "-exp(-x)", S_GLOBAL, NULL, NULL },
  { "f''(x)", "exp(-x)", S_GLOBAL, NULL, NULL },
  { "sin'(x)", "cos(x)", S_GLOBAL, NULL, NULL },
  { "exp''(x)", "exp(x)", S_GLOBAL, NULL, NULL },
  { "sin''(x^2)", "-sin(x^2)", S_GLOBAL, NULL, NULL },
  { "log'(1 + x)", "1/(1 + x)", S_GLOBAL, NULL, NULL },
  { "diff(g(x, y), x)", "2*x*y + y*cos(x*y)", S_GLOBAL, NULL, NULL },
  { "diff(g(x, y), y)", "x^2 + x*cos(x*y)", S_GLOBAL, NULL, NULL },
  { "diff(g(y, x), x)", "y^2 + y*cos(x*y)", S_GLOBAL, NULL, NULL },
  { "diff(g(x, x), x)", "3*x^2 + 2*x*cos(x^2)", S_GLOBAL, NULL, NULL },
  { "diff(sq(sin(x)), x)", "2*sin(x)*cos(x)", S_GLOBAL, NULL, NULL },
  { "diff(softplus(x), x)", "sigma(x)", S_GLOBAL, NULL, NULL },
  { "diff(sigma(sigma(x)), x)",
    "sigma(sigma(x))*(1 - sigma(sigma(x)))*sigma(x)*(1 - sigma(x))",
    S_GLOBAL, NULL, NULL },
  { "diff(dcube(x), x)", "6*x", S_GLOBAL, NULL, NULL },
  { "dcube(x + 1)", "3*(x + 1)^2", S_GLOBAL, NULL, NULL },
  { "dcube'(x)", "6*x", S_GLOBAL, NULL, NULL },
  { "dprime(sin(x))", "2*sin(x)", S_GLOBAL, NULL, NULL },
  { "diff(dprime(x^2), x)", "4*x", S_GLOBAL, NULL, NULL },
  /* primes on expressions */
  { "(x^3)'", "3*x^2", S_GLOBAL, NULL, NULL },
  { "(sin(x)*x)'", "sin(x) + x*cos(x)", S_GLOBAL, NULL, NULL },
  { "(x^4)''", "12*x^2", S_GLOBAL, NULL, NULL },
  { "[x^2 + 1]'", "2*x", S_GLOBAL, NULL, NULL },
  { "(x*y)'", "x", S_WRT, NULL, NULL },
  { "(x^2*y^2)''", "2*x^2", S_WRT, NULL, NULL },
  { "(u)'", "2*x", S_HELD, NULL, NULL },
  /* higher orders */
  { "diff(x^5, x, 2)", "20*x^3", S_GLOBAL, NULL, NULL },
  { "diff(sin(x), x, 3)", "-cos(x)", S_GLOBAL, NULL, NULL },
  { "diff(exp(2*x), x, 4)", "16*exp(2*x)", S_GLOBAL, NULL, NULL },
  { "diff(log(x), x, 3)", "2/x^3", S_GLOBAL, NULL, NULL },
  { "diff(x^x, x, 2)", "x^x*(log(x) + 1)^2 + x^(x - 1)", S_GLOBAL, NULL,
    NULL },
  { "diff(x^4, x, 3)", "24*x", S_GLOBAL, "-2", "-1" },
  /* nested derivatives */
  { "diff(diff(x^2*y^3, x), y)", "6*x*y^2", S_GLOBAL, NULL, NULL },
  { "diff(diff(sin(x*y), x), y)", "cos(x*y) - x*y*sin(x*y)", S_GLOBAL, NULL,
    NULL },
  { "diff(diff(x^4, x), x)", "12*x^2", S_GLOBAL, NULL, NULL },
  { "diff(diff(diff(x^3*y, x), x), y)", "6*x", S_GLOBAL, NULL, NULL },
  { "diff(x*diff(x^2, x), x)", "4*x", S_GLOBAL, NULL, NULL },
  { "diff((x^3)', x)", "6*x", S_GLOBAL, NULL, NULL },
  /* Leibniz through where names: the reference post's block */
  { "diff(L, a)", "-y/a + (1 - y)/(1 - a)", S_BCE, NULL, NULL },
  { "pdiff(L, z)", "a - y", S_BCE, NULL, NULL },
  { "diff(L, yhat)", "-y/yhat + (1 - y)/(1 - yhat)", S_BCE, NULL, NULL },
  { "diff(yhat, z)", "a*(1 - a)", S_BCE, NULL, NULL },
  { "diff(a, z)", "sigma(z)*(1 - sigma(z))", S_BCE, NULL, NULL },
  { "pdiff(L, y)", "log(1 - a) - log(a)", S_BCE, NULL, NULL },
  { "diff(P, z)", "2*a^2*(1 - a)", S_BCE, NULL, NULL },
  { "diff(diff(L, a), z)", "(y/a^2 + (1 - y)/(1 - a)^2)*a*(1 - a)", S_BCE,
    NULL, NULL },
  /* a where name with a domain and a linear model */
  { "diff(L, yhat)", "-y/yhat + (1 - y)/(1 - yhat)", S_LIN, "1/10", "1/2" },
  { "diff(yhat, w)", "x", S_LIN, "1/10", "1/2" },
  { "pdiff(L, b)", "-y/yhat + (1 - y)/(1 - yhat)", S_LIN, "1/10", "1/2" },
  { "pdiff(L, w)", "x*(yhat - y)/(yhat*(1 - yhat))", S_LIN, "1/10", "1/2" },
  { "diff(P, w)", "2*yhat*x", S_LIN, "1/10", "1/2" },
  /* a held where name that another where name depends on */
  { "diff(v, u)", "1 + cos(u)", S_HELD, NULL, NULL },
  { "diff(v, x)", "2*x*(1 + cos(x^2))", S_HELD, NULL, NULL },
  { "diff(v*u, u)", "v + u*(1 + cos(u))", S_HELD, NULL, NULL },
  { "diff(diff(v, u), x)", "-2*x*sin(x^2)", S_HELD, NULL, NULL },
  { "diff(u, x, 2)", "2", S_HELD, NULL, NULL },
  { "diff(diff(v, x), u)", "0", S_HELD, NULL, NULL },
};

START_TEST(known_derivative)
{
  const struct known *k = &known[_i];
  struct dc_node *S, *E, *roots[2];
  struct dc_tape *t;
  size_t i, found = 0;
  int p;

  S = expand_text(k->scope, k->lhs);
  ck_assert_msg(clean(S, NULL), "%s: hole left in the result", k->lhs);
  ck_assert_uint_ge(xp.nchecks, 1);
  /* The result is the recorded derivative, made undefined wherever the
  ** differentiated function is (a DC_WITH around it). */
  ck_assert_int_eq(S->kind, DC_WITH);
  for (i = 0; i < xp.nchecks; i++)
    found += xp.checks[i].sym == S->a[0];
  ck_assert_msg(found == 1, "%s: no single record of the result", k->lhs);
  check_records_clean();
  {
    size_t n = xp.nchecks;
    E = expand_text(k->scope, k->expect);
    ck_assert_uint_eq(xp.nchecks, n);  /* the expected side has none */
  }
  roots[0] = S;
  roots[1] = E;
  t = tape(roots, 2);
  for (p = 0; p < 4; p++) {
    struct point pt;
    enum dc_undef why;
    point_init(&pt, p, k->lo, k->hi);
    eval_at(t, 256, &pt, NULL, NULL);
    ck_assert_msg(dc_tape_defined(t, 0, &why), "%s undefined at point %d",
                  k->lhs, p);
    ck_assert_msg(dc_tape_defined(t, 1, &why), "%s undefined at point %d",
                  k->expect, p);
    ck_assert_msg(close_to(dc_tape_value(t, 0), dc_tape_value(t, 1), 240,
                           dc_tape_mag(t, 0)),
                  "%s = %s fails at point %d: %s vs %s", k->lhs, k->expect, p,
                  str(dc_tape_value(t, 0)), str(dc_tape_value(t, 1)));
    for (i = 0; i < xp.nchecks; i++)
      check_record_fd(&xp.checks[i], &pt, k->lhs);
    point_clear(&pt);
  }
  dc_tape_free(t);
}
END_TEST

/* ---- reverse mode ---- */

/* Functions of x, y, z with every partial by hand (x, y, z in (1/10,
** 9/10)); each kind of node gradient.c has a rule for appears. */
static const struct {
  const char *f, *dx, *dy, *dz;
} grads[] = {
  { "x*y + sin(x)/y", "y + cos(x)/y", "x - sin(x)/y^2", "0" },
  { "exp(x*y*z) - x^3*z", "y*z*exp(x*y*z) - 3*x^2*z",
    "x*z*exp(x*y*z)", "x*y*exp(x*y*z) - x^3" },
  { "log(x + y^2)*sqrt(z)", "sqrt(z)/(x + y^2)",
    "2*y*sqrt(z)/(x + y^2)", "log(x + y^2)/(2*sqrt(z))" },
  { "x^y + (-z)", "y*x^(y - 1)", "x^y*log(x)", "-1" },
  { "e^(x*z) + tanh(y)^2", "z*e^(x*z)", "2*tanh(y)*(1 - tanh(y)^2)",
    "x*e^(x*z)" },
  { "1/(1 + exp(-(x*y + z)))*atan(x)",
    "y*exp(-(x*y + z))/(1 + exp(-(x*y + z)))^2*atan(x) + "
    "1/(1 + exp(-(x*y + z)))/(1 + x^2)",
    "x*exp(-(x*y + z))/(1 + exp(-(x*y + z)))^2*atan(x)",
    "exp(-(x*y + z))/(1 + exp(-(x*y + z)))^2*atan(x)" },
};

START_TEST(gradient_matches_hand_and_forward)
{
  static const char *const vars[] = { "x", "y", "z" };
  const char *hand[3];
  struct dc_node *f = expand_text(S_GLOBAL, grads[_i].f), *roots[9];
  struct dc_gradient *g = dc_gradient_new(ctx, f);
  struct dc_tape *t;
  size_t k;
  int p;
  ck_assert_ptr_nonnull(g);
  hand[0] = grads[_i].dx;
  hand[1] = grads[_i].dy;
  hand[2] = grads[_i].dz;
  for (k = 0; k < 3; k++) {
    struct dc_node *v = dc_name_node(ctx, name(vars[k]));
    roots[3 * k] = dc_gradient_get(g, v);
    roots[3 * k + 1] = dc_deriv(ctx, f, v, 1);
    roots[3 * k + 2] = expand_text(S_GLOBAL, hand[k]);
    ck_assert_ptr_nonnull(roots[3 * k]);
    ck_assert_ptr_nonnull(roots[3 * k + 1]);
    ck_assert_msg(clean(roots[3 * k], NULL), "%s: stray leaf", grads[_i].f);
  }
  /* a leaf f does not hold has derivative 0 */
  ck_assert(dc_is_num(dc_gradient_get(g, dc_name_node(ctx, name("w"))), 0));
  t = tape(roots, 9);
  for (p = 0; p < 4; p++) {
    struct point pt;
    point_init(&pt, p, NULL, NULL);
    eval_at(t, 256, &pt, NULL, NULL);
    for (k = 0; k < 9; k++)
      ck_assert_msg(dc_tape_defined(t, k, NULL), "%s: root %zu undefined",
                    grads[_i].f, k);
    for (k = 0; k < 3; k++) {
      ck_assert_msg(close_to(dc_tape_value(t, 3 * k),
                             dc_tape_value(t, 3 * k + 2), 240,
                             dc_tape_mag(t, 3 * k)),
                    "%s by %s: reverse %s, by hand %s", grads[_i].f, vars[k],
                    str(dc_tape_value(t, 3 * k)),
                    str(dc_tape_value(t, 3 * k + 2)));
      ck_assert(close_to(dc_tape_value(t, 3 * k + 1),
                         dc_tape_value(t, 3 * k + 2), 240,
                         dc_tape_mag(t, 3 * k + 1)));
    }
    point_clear(&pt);
  }
  dc_tape_free(t);
  dc_gradient_free(g);
}
END_TEST

/* A guard passes on to the derivative: undefined where the guarded value
** leaves its domain, as forward differentiation has it. */
START_TEST(gradient_keeps_guards)
{
  struct dc_node *x = dc_name_node(ctx, name("x"));
  struct dc_node *f = dc_binary(ctx, DC_MUL, dc_guard(ctx, x, &unit_open), x,
                                0);
  struct dc_gradient *g = dc_gradient_new(ctx, f);
  struct dc_node *d;
  enum dc_undef why;
  struct dc_tape *t;
  mpfr_t v;
  mpfr_srcptr in[1];
  ck_assert_ptr_nonnull(g);
  d = dc_gradient_get(g, x);
  t = tape(&d, 1);
  mpfr_init2(v, 64);
  in[0] = v;
  mpfr_set_d(v, 0.5, MPFR_RNDN);
  dc_tape_eval(t, 64, in);
  ck_assert(dc_tape_defined(t, 0, &why));
  ck_assert(mpfr_cmp_ui(dc_tape_value(t, 0), 1) == 0);   /* 2x at 1/2 */
  mpfr_set_d(v, 1.5, MPFR_RNDN);
  dc_tape_eval(t, 64, in);
  ck_assert(!dc_tape_defined(t, 0, &why));
  ck_assert_int_eq(why, DC_UNDEF_DOMAIN);
  mpfr_clear(v);
  dc_tape_free(t);
  dc_gradient_free(g);
}
END_TEST

/* One expander for a block: the second parameter asked of one loss comes
** from the reverse pass, and both records share the loss as their f. */
START_TEST(expander_shares_the_loss)
{
  struct dc_expander *ex = dc_expander_new(ctx, &xp, &diags);
  struct dc_node *a, *b;
  ck_assert_ptr_nonnull(ex);
  a = dc_expander_run(ex, scope_of(S_GLOBAL),
                      parse("pdiff(exp(x*y) + x^2*y, x)"), nopos);
  b = dc_expander_run(ex, scope_of(S_GLOBAL),
                      parse("pdiff(exp(x*y) + x^2*y, y)"), nopos);
  ck_assert_ptr_nonnull(a);
  ck_assert_ptr_nonnull(b);
  ck_assert_uint_eq(xp.nchecks, 2);
  ck_assert_ptr_eq(xp.checks[0].f, xp.checks[1].f);
  ck_assert_ptr_eq(xp.checks[0].var, dc_name_node(ctx, name("x")));
  ck_assert_ptr_eq(xp.checks[1].var, dc_name_node(ctx, name("y")));
  check_records_clean();
  dc_expander_free(ex);
}
END_TEST

/* A wrong claimed derivative must fail the same comparison: the harness
** can tell a right answer from a near miss. */
START_TEST(harness_rejects_wrong)
{
  static const char *const wrong[][2] = {
    { "diff(x^3, x)", "3*x^2 + 2^-200" },
    { "diff(sigma(x), x)", "sigma(x)*(1 + sigma(x))" },
    { "diff(L, a)", "-y/a - (1 - y)/(1 - a)" },
  };
  size_t i;
  for (i = 0; i < DC_ARRAY_LEN(wrong); i++) {
    int s = i == 2 ? S_BCE : S_GLOBAL;
    struct dc_node *roots[2];
    struct dc_tape *t;
    struct point pt;
    roots[0] = expand_text(s, wrong[i][0]);
    roots[1] = expand_text(s, wrong[i][1]);
    t = tape(roots, 2);
    point_init(&pt, 1, NULL, NULL);
    eval_at(t, 256, &pt, NULL, NULL);
    ck_assert(!close_to(dc_tape_value(t, 0), dc_tape_value(t, 1), 240,
                        dc_tape_mag(t, 0)));
    point_clear(&pt);
    dc_tape_free(t);
  }
}
END_TEST

/* ---- structure of the light simplification ---- */

static struct dc_node *X(void) { return dc_name_node(ctx, name("x")); }
static struct dc_node *Y(void) { return dc_name_node(ctx, name("y")); }
static struct dc_node *N(long v) { return dc_num_si(ctx, v); }

static struct dc_node *D(const char *text)
{
  return dc_deriv(ctx, expand_text(S_GLOBAL, text), X(), 1);
}

static struct dc_node *call(const char *fn, struct dc_node *a)
{
  return dc_call(ctx, name(fn), 0, 1, &a);
}

START_TEST(small_results)
{
  struct dc_node *x = X();
  ck_assert_ptr_eq(D("3*x"), N(3));
  ck_assert_ptr_eq(D("x"), N(1));
  ck_assert_ptr_eq(D("y"), N(0));
  ck_assert_ptr_eq(D("x + y"), N(1));
  ck_assert_ptr_eq(D("x^2"), dc_binary(ctx, DC_MUL, N(2), x, 0));
  ck_assert_ptr_eq(D("x^3"), dc_binary(ctx, DC_MUL, N(3),
                   dc_binary(ctx, DC_POW, x, N(2), 0), 0));
  ck_assert_ptr_eq(D("3*x^2"), dc_binary(ctx, DC_MUL, N(6), x, 0));
  ck_assert_ptr_eq(D("sin(x)"), call("cos", x));
  ck_assert_ptr_eq(D("cos(x)"), dc_unary(ctx, DC_NEG, call("sin", x)));
  ck_assert_ptr_eq(D("exp(x)"), call("exp", x));
  ck_assert_ptr_eq(D("exp(2*x)"), dc_binary(ctx, DC_MUL, N(2),
                   call("exp", dc_binary(ctx, DC_MUL, N(2), x, 0)), 0));
  ck_assert_ptr_eq(D("log(x)"), dc_binary(ctx, DC_DIV, N(1), x, 0));
  ck_assert_ptr_eq(D("x - y"), N(1));
  ck_assert_ptr_eq(D("y - x"), N(-1));
  ck_assert_ptr_eq(D("-x"), N(-1));
  ck_assert_ptr_eq(D("x*y"), Y());
  ck_assert_ptr_eq(D("x/2"), dc_num(ctx, *D("x/2")->q, NULL));
  ck_assert(mpq_cmp_si(*D("x/2")->q, 1, 2) == 0);
  /* numbers as written stay as written: the derivative of 2^3*x is 2^3 */
  ck_assert_ptr_eq(D("2^3*x"), dc_binary(ctx, DC_POW, N(2), N(3), 0));
  /* the second derivative of x^2 is the number 2 */
  ck_assert_ptr_eq(dc_deriv(ctx, expand_text(S_GLOBAL, "x^2"), x, 2), N(2));
  ck_assert_ptr_eq(dc_deriv(ctx, expand_text(S_GLOBAL, "x^3"), x, 4), N(0));
}
END_TEST

START_TEST(simplifying_constructors)
{
  struct dc_node *x = X(), *y = Y();
  mpq_t q;
  ck_assert_ptr_eq(dc_s_add(ctx, x, N(0)), x);
  ck_assert_ptr_eq(dc_s_add(ctx, N(0), x), x);
  ck_assert_ptr_eq(dc_s_add(ctx, N(2), N(3)), N(5));
  ck_assert_ptr_eq(dc_s_add(ctx, x, y), dc_binary(ctx, DC_ADD, x, y, 0));
  ck_assert_ptr_eq(dc_s_sub(ctx, x, N(0)), x);
  ck_assert_ptr_eq(dc_s_sub(ctx, N(0), x), dc_unary(ctx, DC_NEG, x));
  ck_assert_ptr_eq(dc_s_sub(ctx, N(2), N(5)), N(-3));
  ck_assert_ptr_eq(dc_s_mul(ctx, N(0), x), N(0));
  ck_assert_ptr_eq(dc_s_mul(ctx, x, N(0)), N(0));
  ck_assert_ptr_eq(dc_s_mul(ctx, N(1), x), x);
  ck_assert_ptr_eq(dc_s_mul(ctx, x, N(1)), x);
  ck_assert_ptr_eq(dc_s_mul(ctx, N(4), N(-3)), N(-12));
  ck_assert_ptr_eq(dc_s_mul(ctx, x, N(5)), dc_binary(ctx, DC_MUL, N(5), x, 0));
  ck_assert_ptr_eq(dc_s_neg(ctx, dc_s_neg(ctx, x)), x);
  ck_assert_ptr_eq(dc_s_neg(ctx, N(7)), N(-7));
  ck_assert_ptr_eq(dc_s_neg(ctx, N(0)), N(0));
  ck_assert_ptr_eq(dc_s_pow(ctx, x, N(1)), x);
  ck_assert_ptr_eq(dc_s_pow(ctx, x, N(0)), N(1));
  ck_assert_ptr_eq(dc_s_pow(ctx, N(2), N(10)), N(1024));
  ck_assert_ptr_eq(dc_s_div(ctx, x, N(1)), x);
  ck_assert_ptr_eq(dc_s_div(ctx, N(6), N(3)), N(2));
  /* exact rationals, never floating point */
  mpq_init(q);
  mpq_set_si(q, 1, 4);
  ck_assert_ptr_eq(dc_s_pow(ctx, N(2), N(-2)), dc_num(ctx, q, NULL));
  mpq_set_si(q, 1, 3);
  ck_assert_ptr_eq(dc_s_div(ctx, N(1), N(3)), dc_num(ctx, q, NULL));
  mpq_clear(q);
  /* never fold a division by zero or 0^negative */
  ck_assert_ptr_eq(dc_s_div(ctx, N(1), N(0)),
                   dc_binary(ctx, DC_DIV, N(1), N(0), 0));
  ck_assert_ptr_eq(dc_s_pow(ctx, N(0), N(-1)),
                   dc_binary(ctx, DC_POW, N(0), N(-1), 0));
  /* a huge power stays a power */
  ck_assert_ptr_eq(dc_s_pow(ctx, N(3), N(100000)),
                   dc_binary(ctx, DC_POW, N(3), N(100000), 0));
  ck_assert_ptr_null(dc_s_add(ctx, NULL, x));
  ck_assert_ptr_null(dc_s_mul(ctx, x, NULL));
}
END_TEST

/* Expansion keeps arithmetic as written and resolves names. */
START_TEST(expansion_as_written)
{
  struct dc_node *x = X(), *e;
  e = expand_text(S_GLOBAL, "(x + 0)*1");
  ck_assert_ptr_eq(e, dc_binary(ctx, DC_MUL, dc_binary(ctx, DC_ADD, x, N(0),
                   0), N(1), 0));
  ck_assert_ptr_eq(expand_text(S_GLOBAL, "pi + e"),
                   dc_binary(ctx, DC_ADD, dc_const(ctx, DC_CONST_PI),
                             dc_const(ctx, DC_CONST_E), 0));
  ck_assert_ptr_eq(expand_text(S_GLOBAL, "[(x)]"), x);
  /* a where name with a domain is guarded */
  e = expand_text(S_LIN, "yhat");
  ck_assert_int_eq(e->kind, DC_GUARD);
  ck_assert_ptr_eq(e->dom, &unit_open);
  ck_assert_ptr_eq(e->a[0], expand_text(S_GLOBAL, "w*x + b"));
  /* a global definition is late-bound: L sees the block's yhat */
  ck_assert_ptr_eq(expand_text(S_LIN, "L"),
                   dc_subst(ctx, expand_text(S_GLOBAL, "L"), 1,
                            (struct dc_node *[]){
                              dc_name_node(ctx, name("yhat")) },
                            (struct dc_node *[]){ e }));
  /* a user call is its body with the arguments substituted */
  ck_assert_ptr_eq(expand_text(S_GLOBAL, "sq(x + 1)"),
                   expand_text(S_GLOBAL, "(x + 1)*(x + 1)"));
  ck_assert_ptr_eq(expand_text(S_GLOBAL, "g(y, 2)"),
                   expand_text(S_GLOBAL, "y^2*2 + sin(y*2)"));
  ck_assert_uint_eq(xp.nchecks, 0);
}
END_TEST

/* ---- records ---- */

START_TEST(records_dedup_and_holes)
{
  struct dc_node *x = X();
  expand_text(S_GLOBAL, "diff(x^2, x) + (x^2)' + diff(x^2, x)*3");
  ck_assert_uint_eq(xp.nchecks, 1);
  ck_assert_ptr_eq(xp.checks[0].sym, dc_binary(ctx, DC_MUL, N(2), x, 0));
  /* x is a free symbol: holding it would only rename its leaf, so f is
  ** x^2 itself, differentiated by x's own leaf */
  ck_assert_ptr_eq(xp.checks[0].var, x);
  ck_assert_ptr_eq(xp.checks[0].at, x);
  ck_assert_ptr_eq(xp.checks[0].f, dc_binary(ctx, DC_POW, x, N(2), 0));
  ck_assert_int_eq(xp.checks[0].order, 1);
  /* a nested derivative by the same variable: three records, none with a
  ** stray hole, the inner ones with private variables */
  expand_text(S_GLOBAL, "diff(diff(diff(x^5*y, x), x), y)");
  ck_assert_uint_eq(xp.nchecks, 4);
  check_records_clean();
}
END_TEST

/* The Leibniz records of the reference block: d/da holds a, whose value
** is sigma(z), and f is L with a hole for a. */
START_TEST(leibniz_records)
{
  struct dc_node *S = expand_text(S_BCE, "diff(L, a)");
  struct dc_node *a = dc_hole(ctx, name("a"));
  const struct dc_dcheck *c = &xp.checks[0];
  ck_assert_uint_eq(xp.nchecks, 1);
  ck_assert_int_eq(S->kind, DC_WITH);
  ck_assert_ptr_eq(c->sym, S->a[0]);
  ck_assert_ptr_eq(c->var, a);
  ck_assert_ptr_eq(c->at, expand_text(S_GLOBAL, "sigma(z)"));
  ck_assert_ptr_eq(c->f, dc_subst(ctx, expand_text(S_GLOBAL, "L"), 1,
                   (struct dc_node *[]){ dc_name_node(ctx, name("yhat")) },
                   (struct dc_node *[]){ dc_guard(ctx, a, &unit_open) }));
  /* z does not appear in f: it is reached only through the held a */
  ck_assert(!dc_depends_on(NULL, c->f, name("z")));
}
END_TEST

/* ---- guards ---- */

/* Evaluate root (no holes) at w, x, b, y given as decimal strings. */
static int defined_at(struct dc_node *root, const char *w, const char *x,
                      const char *b, enum dc_undef *why)
{
  struct dc_tape *t = tape(&root, 1);
  size_t i, n = dc_tape_ninputs(t);
  mpfr_t in[8];
  mpfr_srcptr ptrs[8];
  int ok;
  ck_assert_uint_le(n, 8);
  for (i = 0; i < n; i++) {
    const char *s = dc_tape_input(t, i)->name->s;
    mpfr_init2(in[i], 128);
    mpfr_set_str(in[i], !strcmp(s, "w") ? w : !strcmp(s, "x") ? x
                 : !strcmp(s, "b") ? b : "0.25", 10, MPFR_RNDN);
    ptrs[i] = in[i];
  }
  ck_assert_int_eq(dc_tape_eval(t, 128, ptrs), 0);
  ok = dc_tape_defined(t, 0, why);
  for (i = 0; i < n; i++)
    mpfr_clear(in[i]);
  dc_tape_free(t);
  return ok;
}

START_TEST(guard_propagates)
{
  static const char *const lhs[] = {
    "diff(yhat, w)", "diff(yhat^2, b)", "pdiff(L, w)", "diff(yhat, w, 2)",
  };
  size_t i;
  enum dc_undef why = DC_UNDEF_NONE;
  for (i = 0; i < DC_ARRAY_LEN(lhs); i++) {
    struct dc_node *S = expand_text(S_LIN, lhs[i]);
    /* yhat = 0.5*0.5 + 0.25 = 0.5 lies in (0, 1) */
    ck_assert_msg(defined_at(S, "0.5", "0.5", "0.25", &why), "%s", lhs[i]);
    /* yhat = 2*1 + 0.5 = 2.5 does not, even where the derivative's own
    ** formula would be defined (diff(yhat, w) is just x) */
    ck_assert_msg(!defined_at(S, "2", "1", "0.5", &why), "%s", lhs[i]);
    ck_assert_int_eq(why, DC_UNDEF_DOMAIN);
  }
}
END_TEST

/* ---- primes: the variable, and errors ---- */

START_TEST(prime_variable)
{
  ck_assert_ptr_eq(dc_prime_variable(ctx, NULL, parse("x^2 + pi")),
                   name("x"));
  ck_assert_ptr_null(dc_prime_variable(ctx, NULL, parse("x*y")));
  ck_assert_ptr_null(dc_prime_variable(ctx, NULL, parse("3 + e")));
  ck_assert_ptr_eq(dc_prime_variable(ctx, &scopes[S_WRT], parse("x*y")),
                   name("y"));
  ck_assert_ptr_eq(dc_prime_variable(ctx, &scopes[S_BCE], parse("a")),
                   name("z"));
  ck_assert_ptr_eq(dc_prime_variable(ctx, &scopes[S_HELD], parse("v")),
                   name("x"));
  ck_assert_ptr_null(dc_prime_variable(ctx, &scopes[S_LIN], parse("yhat")));
}
END_TEST

static const char *const bad_prime[] = {
  "(x*y)'", "(3)'", "1 + (w*x)''", "diff((x*y)', x)",
};

START_TEST(prime_ambiguous)
{
  struct dc_pos pos = { "t.yaml", 4, 7 };
  size_t before;
  expand_text(S_GLOBAL, "diff(x^2, x)");
  before = xp.nchecks;
  ck_assert_ptr_null(dc_expand(ctx, NULL, parse(bad_prime[_i]), &xp, &diags,
                               pos));
  ck_assert_uint_eq(xp.nchecks, before);  /* nothing half-recorded */
  ck_assert_uint_eq(diags.nerrors, 1);
  ck_assert_int_eq(diags.v[0].pos.line, 4);
  ck_assert_int_eq(diags.v[0].pos.col, 7);
  ck_assert_msg(strstr(diags.v[0].msg, "cannot tell which variable ' "
                       "differentiates by") != NULL, "%s", diags.v[0].msg);
  ck_assert(!ctx->oom);
}
END_TEST

START_TEST(prime_needs_one_argument)
{
  struct dc_node *args[2] = { X(), Y() };
  struct dc_node *e = dc_call(ctx, name("g"), 1, 2, args);
  ck_assert_ptr_null(dc_expand(ctx, NULL, e, &xp, &diags, nopos));
  ck_assert_uint_eq(diags.nerrors, 1);
  ck_assert_ptr_nonnull(strstr(diags.v[0].msg, "one argument"));
}
END_TEST

/* An order past DC_MAX_DIFF_ORDER (built by hand: the parser refuses it
** too) is an error, not a huge result. */
START_TEST(order_limit)
{
  struct dc_node *x = X();
  struct dc_node *e = dc_diff(ctx, dc_binary(ctx, DC_POW, x, N(3), 0), x,
                              DC_MAX_DIFF_ORDER + 1, DC_F_ORDER);
  ck_assert_ptr_null(dc_expand(ctx, NULL, e, &xp, &diags, nopos));
  ck_assert_uint_eq(diags.nerrors, 1);
  ck_assert_ptr_nonnull(strstr(diags.v[0].msg, "order"));
  e = dc_diff(ctx, dc_binary(ctx, DC_POW, x, N(3), 0), x, DC_MAX_DIFF_ORDER,
              DC_F_ORDER);
  e = dc_expand(ctx, NULL, e, &xp, &diags, nopos);
  ck_assert_int_eq(e->kind, DC_WITH);
  ck_assert_ptr_eq(e->a[0], N(0));
}
END_TEST

/* ---- limits and sizes ---- */

/* where {d0: x, d1: d0 + 1, ..., dn: d(n-1) + 1}, expanded from dn. */
static struct dc_node *def_chain(struct dc_scope *s, int n)
{
  struct dc_def *defs = dc_arena_alloc(&ctx->arena, (size_t)(n + 1) *
                                       sizeof *defs);
  char buf[64], nm[32];
  int i;
  ck_assert_ptr_nonnull(defs);
  set_def(&defs[0], "d0", "x", NULL);
  for (i = 1; i <= n; i++) {
    snprintf(nm, sizeof nm, "d%d", i);
    snprintf(buf, sizeof buf, "d%d + 1", i - 1);
    set_def(&defs[i], nm, buf, NULL);
  }
  s->where = defs;
  s->nwhere = (size_t)n + 1;
  s->wrt = NULL;
  s->sorted = NULL;
  snprintf(buf, sizeof buf, "diff(d%d^2, x)", n);
  return parse(buf);
}

START_TEST(deep_definitions)
{
  struct dc_scope s;
  struct dc_node *e, *r;
  struct dc_tape *t;
  struct point pt;
  mpfr_t want;
  int n = DC_MAX_EXPAND_DEPTH / 2 - 10;  /* two levels per definition */

  /* just inside the limit: expands, differentiates and evaluates */
  e = def_chain(&s, n);
  r = dc_expand(ctx, &s, e, &xp, &diags, nopos);
  ck_assert_ptr_nonnull(r);
  ck_assert_uint_eq(xp.nchecks, 1);
  t = tape(&r, 1);
  point_init(&pt, 0, NULL, NULL);
  eval_at(t, 128, &pt, NULL, NULL);
  mpfr_init2(want, 128);
  mpfr_set_q(want, *point_value(&pt, dc_name_node(ctx, name("x"))),
             MPFR_RNDN);
  mpfr_add_si(want, want, n, MPFR_RNDN);
  mpfr_mul_2ui(want, want, 1, MPFR_RNDN);  /* 2*(x + n) */
  ck_assert(close_to(dc_tape_value(t, 0), want, 120, 0));
  mpfr_clear(want);
  point_clear(&pt);
  dc_tape_free(t);
  e = def_chain(&s, DC_MAX_EXPAND_DEPTH + 10);
  ck_assert_ptr_null(dc_expand(ctx, &s, e, &xp, &diags, nopos));
  ck_assert_uint_eq(diags.nerrors, 1);
  ck_assert_ptr_nonnull(strstr(diags.v[0].msg, "deeper than"));
  ck_assert_uint_eq(xp.nchecks, 1);
}
END_TEST

/* An exponent that is a number only through 40 where names squaring each
** other (2^(2^40) as a tree) must not be walked or folded whole. */
START_TEST(shared_numeric_exponent)
{
  struct dc_def *defs = dc_arena_alloc(&ctx->arena, 41 * sizeof *defs);
  struct dc_scope s = { defs, 41, NULL };
  char nm[16], body[32];
  struct dc_node *r;
  int i;
  ck_assert_ptr_nonnull(defs);
  set_def(&defs[0], "c0", "2", NULL);
  for (i = 1; i <= 40; i++) {
    snprintf(nm, sizeof nm, "c%d", i);
    snprintf(body, sizeof body, "c%d*c%d", i - 1, i - 1);
    set_def(&defs[i], nm, body, NULL);
  }
  r = dc_expand(ctx, &s, parse("diff(x^c40, x)"), &xp, &diags, nopos);
  ck_assert_ptr_nonnull(r);
  ck_assert_uint_lt(dc_dag_size(r), 200);
}
END_TEST

/* Memoisation keeps a derivative of deeply nested calls linear in size. */
START_TEST(nested_calls_stay_small)
{
  char buf[1024];
  size_t len = 0;
  int i, depth = 40;
  struct dc_node *S;
  for (i = 0; i < depth; i++)
    len += (size_t)snprintf(buf + len, sizeof buf - len, "sigma(");
  len += (size_t)snprintf(buf + len, sizeof buf - len, "x");
  for (i = 0; i < depth; i++)
    buf[len++] = ')';
  buf[len] = '\0';
  {
    char text[1100];
    snprintf(text, sizeof text, "diff(%s, x)", buf);
    S = expand_text(S_GLOBAL, text);
  }
  ck_assert_uint_lt(dc_dag_size(S), 40u * (size_t)depth);
  ck_assert_uint_eq(xp.nchecks, 1);
  ck_assert_uint_lt(dc_dag_size(dc_deriv(ctx, S, X(), 1)),
                    200u * (size_t)depth);
}
END_TEST

/* Found by fuzzing: once node construction failed (the arena budget
** spent), d() kept walking, and since a failed result is not memoised
** every shared node was walked again per path: a tower t = t*t of depth
** 64 has 2^64 paths.  The walk must stop at once: NULL, immediately. */
START_TEST(deriv_stops_once_out_of_memory)
{
  struct dc_node *x = X(), *t = call("sin", x);
  int i;
  for (i = 0; i < 64; i++)
    t = dc_binary(ctx, DC_MUL, t, t, 0);
  ck_assert_ptr_nonnull(t);
  ck_assert_uint_eq(dc_dag_size(t), 66);
  ctx->oom = 1;                 /* as when the arena refuses to grow */
  ck_assert_ptr_null(dc_deriv(ctx, t, x, 1));
}
END_TEST

/* Building expressions is paid from the spec's work budget: with a
** budget of 0.4 ms (1000 lookups at DC_INTERN_WORK_NS), the 8th derivative
** of x^x^x^x (about 3900 lookups) stops with "check budget exceeded" at
** its position; with none, the 8th derivative of x^x^x expands.  The
** meter is the process's: restored after. */
START_TEST(expansion_stops_at_the_work_budget)
{
  struct dc_node *e = parse("diff(x^x^x, x, 8)");
  struct dc_pos at = { "t.yaml", 7, 20 };
  ck_assert_ptr_nonnull(dc_expand(ctx, NULL, e, &xp, &diags, nopos));
  ck_assert_uint_eq(diags.nerrors, 0);
  e = parse("diff(x^x^x^x, x, 8)");
  dc_meter_start(4e5);
  ck_assert_ptr_null(dc_expand(ctx, NULL, e, &xp, &diags, at));
  ck_assert(dc_meter_over());
  dc_meter_start(0);
  ck_assert_uint_eq(diags.nerrors, 1);
  ck_assert_ptr_nonnull(strstr(diags.v[0].msg, "check budget exceeded"));
  ck_assert_int_eq(diags.v[0].pos.line, 7);
  ck_assert_int_eq(diags.v[0].pos.col, 20);
  ck_assert(!ctx->oom);         /* not the machine's memory */
}
END_TEST

static Suite *diff_suite(void)
{
  Suite *s = suite_create("diff");
  TCase *tc;

  tc = tcase_create("known");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 20);
  tcase_add_loop_test(tc, known_derivative, 0, (int)DC_ARRAY_LEN(known));
  tcase_add_test(tc, harness_rejects_wrong);
  tcase_add_loop_test(tc, gradient_matches_hand_and_forward, 0,
                      (int)DC_ARRAY_LEN(grads));
  tcase_add_test(tc, gradient_keeps_guards);
  tcase_add_test(tc, expander_shares_the_loss);
  suite_add_tcase(s, tc);

  tc = tcase_create("structure");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, small_results);
  tcase_add_test(tc, simplifying_constructors);
  tcase_add_test(tc, expansion_as_written);
  suite_add_tcase(s, tc);

  tc = tcase_create("records");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, records_dedup_and_holes);
  tcase_add_test(tc, leibniz_records);
  tcase_add_test(tc, guard_propagates);
  suite_add_tcase(s, tc);

  tc = tcase_create("primes");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, prime_variable);
  tcase_add_loop_test(tc, prime_ambiguous, 0, (int)DC_ARRAY_LEN(bad_prime));
  tcase_add_test(tc, prime_needs_one_argument);
  suite_add_tcase(s, tc);

  tc = tcase_create("limits");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 20);
  tcase_add_test(tc, order_limit);
  tcase_add_test(tc, deep_definitions);
  tcase_add_test(tc, shared_numeric_exponent);
  tcase_add_test(tc, nested_calls_stay_small);
  tcase_add_test(tc, expansion_stops_at_the_work_budget);
  tcase_add_test(tc, deriv_stops_once_out_of_memory);
  suite_add_tcase(s, tc);
  return s;
}

DC_TEST_MAIN(diff_suite)
