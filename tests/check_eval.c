/*
** check_eval.c: the MPFR evaluation tape on hand-built expanded DAGs:
** every operator and builtin against known values (from an independent
** implementation, mpmath, to 55 digits), every undefined case with its
** reason, guards with open and closed bounds, with-nodes, magnitudes,
** sharing, deep DAGs, precision changes and nodes the tape must refuse.
**
** Expressions are written in a tiny prefix notation for readability:
** "(+ x 1/3)", "(sin x)", "(^ x -2)", "(neg x)", "(with x (log x))";
** leaves are x, y, pi, e and rationals.
*/
#include <string.h>
#include <mpfr.h>
#include "expr/builtins.h"
#include "expr/node.h"
#include "verify/eval.h"
#include "verify/internal.h"
#include "tests/testutil.h"

static struct dc_ctx *ctx;

static void setup(void) { ctx = dc_ctx_new(); ck_assert_ptr_nonnull(ctx); }
static void teardown(void) { dc_ctx_free(ctx); }

/* ---- the prefix notation ---- */

static const char *sp;

static struct dc_node *sx(void);

static size_t token_len(void)
{
  size_t n = 0;
  while (sp[n] && sp[n] != ' ' && sp[n] != '(' && sp[n] != ')')
    n++;
  return n;
}

static struct dc_node *leaf(const char *s, size_t n)
{
  char buf[128];
  mpq_t q;
  struct dc_node *r;
  ck_assert_uint_lt(n, sizeof buf);
  memcpy(buf, s, n);
  buf[n] = 0;
  if (strcmp(buf, "pi") == 0)
    return dc_const(ctx, DC_CONST_PI);
  if (strcmp(buf, "e") == 0)
    return dc_const(ctx, DC_CONST_E);
  if ((buf[0] >= 'a' && buf[0] <= 'z'))
    return dc_name_node(ctx, dc_intern(ctx, buf, n));
  mpq_init(q);
  ck_assert_int_eq(mpq_set_str(q, buf, 10), 0);
  mpq_canonicalize(q);
  r = dc_num(ctx, q, NULL);
  mpq_clear(q);
  return r;
}

static struct dc_node *form(void)
{
  struct dc_node *args[4];
  size_t n = token_len(), na = 0;
  const char *op = sp;
  sp += n;
  for (;;) {
    while (*sp == ' ')
      sp++;
    if (*sp == ')') {
      sp++;
      break;
    }
    ck_assert_uint_lt(na, 4);
    args[na++] = sx();
  }
#define IS(s) (n == strlen(s) && memcmp(op, s, n) == 0)
  if (IS("+")) return dc_binary(ctx, DC_ADD, args[0], args[1], 0);
  if (IS("-")) return dc_binary(ctx, DC_SUB, args[0], args[1], 0);
  if (IS("*")) return dc_binary(ctx, DC_MUL, args[0], args[1], 0);
  if (IS("/")) return dc_binary(ctx, DC_DIV, args[0], args[1], 0);
  if (IS("^")) return dc_binary(ctx, DC_POW, args[0], args[1], 0);
  if (IS("neg")) return dc_unary(ctx, DC_NEG, args[0]);
  if (IS("paren")) return dc_unary(ctx, DC_PAREN, args[0]);
  if (IS("with")) return dc_with(ctx, args[0], args[1]);
#undef IS
  return dc_call(ctx, dc_intern(ctx, op, n), 0, na, args);
}

static struct dc_node *sx(void)
{
  size_t n;
  while (*sp == ' ')
    sp++;
  if (*sp == '(') {
    sp++;
    return form();
  }
  n = token_len();
  sp += n;
  return leaf(sp - n, n);
}

static struct dc_node *parse(const char *s)
{
  struct dc_node *e;
  sp = s;
  e = sx();
  ck_assert_ptr_nonnull(e);
  return e;
}

static struct dc_node *X(void) { return parse("x"); }

/* ---- evaluation helpers ---- */

struct result {
  int defined;
  enum dc_undef why;
  mpfr_exp_t mag;
};

/* Evaluate root with every input set to x (a rational, exactly) at prec;
** the value goes to out (whose precision is set to prec). */
static struct result eval_at(struct dc_node *root, const char *x,
                             mpfr_prec_t prec, mpfr_t out)
{
  struct dc_tape *t = dc_tape_build(&root, 1, NULL);
  struct result r;
  mpfr_t in;
  mpfr_srcptr inputs[4];
  mpq_t q;
  size_t i;
  ck_assert_ptr_nonnull(t);
  ck_assert_uint_le(dc_tape_ninputs(t), 4);
  mpq_init(q);
  ck_assert_int_eq(mpq_set_str(q, x, 10), 0);
  mpq_canonicalize(q);
  mpfr_init2(in, 128);
  ck_assert_int_eq(mpfr_set_q(in, q, MPFR_RNDN), 0);  /* exact */
  for (i = 0; i < 4; i++)
    inputs[i] = in;
  ck_assert_int_eq(dc_tape_eval(t, prec, inputs), 0);
  r.defined = dc_tape_defined(t, 0, &r.why);
  r.mag = dc_tape_mag(t, 0);
  mpfr_set_prec(out, prec);
  mpfr_set(out, dc_tape_value(t, 0), MPFR_RNDN);
  dc_tape_free(t);
  mpfr_clear(in);
  mpq_clear(q);
  return r;
}

/* |v - expected| <= |expected| * 2^-bits (or <= 2^-bits near zero). */
static int close_to(mpfr_srcptr v, const char *expected, int bits)
{
  mpfr_t e, d;
  int ok;
  mpfr_inits2(320, e, d, (mpfr_ptr)0);
  ck_assert_int_eq(mpfr_set_str(e, expected, 10, MPFR_RNDN), 0);
  mpfr_sub(d, v, e, MPFR_RNDN);
  mpfr_abs(d, d, MPFR_RNDN);
  if (!mpfr_zero_p(e))
    mpfr_div(d, d, e, MPFR_RNDN);
  mpfr_abs(d, d, MPFR_RNDN);
  ok = mpfr_cmp_ui_2exp(d, 1, -bits) <= 0;
  mpfr_clears(e, d, (mpfr_ptr)0);
  return ok;
}

/* ---- values ---- */

static const struct {
  const char *expr, *x, *value;
} values[] = {
  { "x", "1/2", "0.5" },
  { "(neg x)", "1/2", "-0.5" },
  { "(+ x 1/3)", "1/2", "0.83333333333333333333333333333333333333333333333333333" },
  { "(- x 1/3)", "1/2", "0.16666666666666666666666666666666666666666666666666667" },
  { "(* x 1/3)", "1/2", "0.16666666666666666666666666666666666666666666666666667" },
  { "(/ x 3)", "1/2", "0.16666666666666666666666666666666666666666666666666667" },
  { "(^ x 3)", "-2", "-8" },
  { "(^ x -2)", "-2", "0.25" },
  { "(^ x (neg 3))", "-2", "-0.125" },
  { "(^ x (- 1 4))", "-2", "-0.125" },
  { "(^ x 0)", "0", "1" },
  { "(^ x 1/2)", "0", "0" },
  { "(^ x 5/2)", "4", "32" },
  { "(^ 2 1/3)", "0", "1.25992104989487316476721060727822835057025146470150798" },
  { "pi", "0", "3.141592653589793238462643383279502884197169399375105821" },
  { "e", "0", "2.718281828459045235360287471352662497757247093699959575" },
  { "(exp x)", "1/2", "1.648721270700128146848650787814163571653776100710148012" },
  { "(log x)", "1/2", "-0.6931471805599453094172321214581765680755001343602552541" },
  { "(ln x)", "1/2", "-0.6931471805599453094172321214581765680755001343602552541" },
  { "(sqrt x)", "1/2", "0.7071067811865475244008443621048490392848359376884740366" },
  { "(sqrt x)", "0", "0" },
  { "(sin x)", "1/2", "0.4794255386042030002732879352155713880818033679406006752" },
  { "(cos x)", "1/2", "0.877582561890372716116281582603829651991645197109744053" },
  { "(tan x)", "1/2", "0.5463024898437905132551794657802853832975517201797912462" },
  { "(sinh x)", "1/2", "0.5210953054937473616224256264114915591059289826114805279" },
  { "(cosh x)", "1/2", "1.127625965206380785226225161402672012547847118098667484" },
  { "(tanh x)", "1/2", "0.4621171572600097585023184836436725487302892803301130386" },
  { "(asin x)", "1/2", "0.5235987755982988730771072305465838140328615665625176368" },
  { "(acos x)", "1/2", "1.047197551196597746154214461093167628065723133125035274" },
  { "(asin x)", "1", "1.570796326794896619231321691639751442098584699687552910" },
  { "(atan x)", "1/2", "0.4636476090008061162142562314612144020285370542861202638" },
  { "(erf x)", "1/2", "0.5204998778130465376827466538919645287364515757579637001" },
  { "(abs x)", "-3/2", "1.5" },
  { "(abs x)", "3/2", "1.5" },
  { "(* (sin x) (sin x))", "1/2", "0.2298488470659301412995316962785116981338447896910388862" },
};

START_TEST(op_values)
{
  mpfr_t v;
  struct result r;
  mpfr_init2(v, 256);
  r = eval_at(parse(values[_i].expr), values[_i].x, 256, v);
  ck_assert_msg(r.defined, "%s undefined: %s", values[_i].expr,
                dc_undef_text(r.why));
  ck_assert_int_eq(r.why, DC_UNDEF_NONE);
  if (!close_to(v, values[_i].value, 170)) {
    char buf[80];
    mpfr_snprintf(buf, sizeof buf, "%.50Rg", v);
    ck_abort_msg("%s at %s: %s", values[_i].expr, values[_i].x, buf);
  }
  mpfr_clear(v);
}
END_TEST

/* ---- undefined cases ---- */

static const struct {
  const char *expr, *x;
  enum dc_undef why;
} undefs[] = {
  { "(/ 1 (- x x))", "1", DC_UNDEF_DIV_ZERO },
  { "(/ 1 x)", "0", DC_UNDEF_DIV_ZERO },
  /* The denominator keeps only 1 of 256 bits: zero at this precision. */
  { "(/ 1 (- (+ x (^ 2 250)) (^ 2 250)))", "1", DC_UNDEF_DIV_ZERO },
  { "(log x)", "0", DC_UNDEF_LOG },
  { "(log x)", "-1", DC_UNDEF_LOG },
  { "(ln x)", "-1/2", DC_UNDEF_LOG },
  { "(sqrt x)", "-1/4", DC_UNDEF_SQRT },
  { "(asin x)", "3/2", DC_UNDEF_FUNC },
  { "(acos x)", "-3/2", DC_UNDEF_FUNC },
  { "(tan (/ pi 2))", "0", DC_UNDEF_FUNC },
  { "(tan (* x pi))", "-3/2", DC_UNDEF_FUNC },
  { "(^ x 1/2)", "-4", DC_UNDEF_POW },
  { "(^ x -1)", "0", DC_UNDEF_POW },
  { "(^ x -1/2)", "0", DC_UNDEF_POW },
  { "(^ x (* 0 pi))", "0", DC_UNDEF_POW },
  { "(^ x pi)", "-1", DC_UNDEF_POW },
  { "(exp x)", "10000000000", DC_UNDEF_OVERFLOW },
  { "(^ x 1000000000000)", "2", DC_UNDEF_OVERFLOW },
  { "(cosh x)", "-10000000000", DC_UNDEF_OVERFLOW },
  /* An infinity is not used on: the quotient is undefined for the same
  ** reason (its exponent is no number to test the denominator with). */
  { "(/ 1 (exp x))", "10000000000", DC_UNDEF_OVERFLOW },
  { "(* (exp x) 0)", "10000000000", DC_UNDEF_OVERFLOW },
  /* Underflow loses every bit just as overflow does. */
  { "(exp x)", "-10000000000", DC_UNDEF_OVERFLOW },
  { "(^ (exp x) 1/2)", "-10000000000", DC_UNDEF_OVERFLOW },
  { "(^ x -1000000000000)", "2", DC_UNDEF_OVERFLOW },
  /* A trigonometric function of an argument known to worse than 1: no
  ** information, and a huge reduction modulo pi. */
  { "(sin (exp x))", "1000000", DC_UNDEF_TRIG },
  { "(cos (^ x 300))", "2", DC_UNDEF_TRIG },
  { "(tan (exp x))", "1000", DC_UNDEF_TRIG },
  /* Undefined propagates, with the first undefined operand's reason. */
  { "(* 2 (+ (log x) 1))", "-1", DC_UNDEF_LOG },
  { "(+ (sqrt x) (log x))", "-1", DC_UNDEF_SQRT },
  { "(/ (log x) 0)", "-1", DC_UNDEF_LOG },
  { "(neg (exp (asin x)))", "2", DC_UNDEF_FUNC },
  { "(with x (log x))", "-1", DC_UNDEF_LOG },
  { "(with (sqrt x) (log x))", "-1", DC_UNDEF_SQRT },
};

START_TEST(undefined_cases)
{
  mpfr_t v;
  struct result r;
  mpfr_init2(v, 256);
  r = eval_at(parse(undefs[_i].expr), undefs[_i].x, 256, v);
  ck_assert_msg(!r.defined, "%s at %s should be undefined", undefs[_i].expr,
                undefs[_i].x);
  ck_assert_msg(r.why == undefs[_i].why, "%s: reason %s, expected %s",
                undefs[_i].expr, dc_undef_text(r.why),
                dc_undef_text(undefs[_i].why));
  mpfr_clear(v);
}
END_TEST

START_TEST(undef_texts_distinct)
{
  int i, j;
  for (i = 0; i < DC_UNDEF_COUNT; i++)
    for (j = i + 1; j < DC_UNDEF_COUNT; j++)
      ck_assert_str_ne(dc_undef_text(i), dc_undef_text(j));
  ck_assert_str_eq(dc_undef_text(DC_UNDEF_LOG), "log of a non-positive number");
}
END_TEST

START_TEST(with_keeps_value)
{
  mpfr_t v;
  struct result r;
  mpfr_init2(v, 256);
  r = eval_at(parse("(with (* x 3) (log x))"), "2", 256, v);
  ck_assert(r.defined);
  ck_assert_int_eq(mpfr_cmp_ui(v, 6), 0);
  mpfr_clear(v);
}
END_TEST

START_TEST(near_zero_denominator_depends_on_precision)
{
  /* At 512 bits x + 2^250 keeps x, and the quotient is 1. */
  mpfr_t v;
  struct result r;
  mpfr_init2(v, 512);
  r = eval_at(parse("(/ 1 (- (+ x (^ 2 250)) (^ 2 250)))"), "1", 512, v);
  ck_assert(r.defined);
  ck_assert_int_eq(mpfr_cmp_ui(v, 1), 0);
  mpfr_clear(v);
}
END_TEST

/* ---- guards ---- */

/* A domain with rational bounds "lo" / "hi" (NULL: infinite). */
static struct dc_domain *domain(const char *lo, int lo_open, const char *hi,
                                int hi_open)
{
  static struct dc_domain d[8];
  static int next;
  struct dc_domain *r = &d[next++ % 8];
  memset(r, 0, sizeof *r);
  r->lo_inf = lo == NULL;
  r->hi_inf = hi == NULL;
  r->lo_open = lo_open;
  r->hi_open = hi_open;
  if (lo) {
    r->lo = dc_new_rational(ctx);
    ck_assert_int_eq(mpq_set_str(*r->lo, lo, 10), 0);
    mpq_canonicalize(*r->lo);
  }
  if (hi) {
    r->hi = dc_new_rational(ctx);
    ck_assert_int_eq(mpq_set_str(*r->hi, hi, 10), 0);
    mpq_canonicalize(*r->hi);
  }
  return r;
}

static const struct {
  const char *lo;
  int lo_open;
  const char *hi;
  int hi_open;
  const char *x;
  int inside;
} guards[] = {
  { "0", 0, "1/2", 0, "0", 1 },
  { "0", 0, "1/2", 0, "1/2", 1 },
  { "0", 1, "1/2", 0, "0", 0 },
  { "0", 0, "1/2", 1, "1/2", 0 },
  { "0", 1, "1/2", 1, "1/4", 1 },
  { "0", 1, "1/2", 1, "-1/4", 0 },
  { "0", 1, "1/2", 1, "3/4", 0 },
  { "0", 1, NULL, 0, "1000000", 1 },
  { "0", 1, NULL, 0, "0", 0 },
  { "0", 0, NULL, 0, "0", 1 },
  { NULL, 0, "1/2", 0, "-1000000", 1 },
  { NULL, 0, "1/2", 0, "1/2", 1 },
  { NULL, 0, "1/2", 1, "1/2", 0 },
  { NULL, 0, NULL, 0, "-7", 1 },
};

START_TEST(guard_bounds)
{
  mpfr_t v;
  struct result r;
  struct dc_domain *d = domain(guards[_i].lo, guards[_i].lo_open,
                               guards[_i].hi, guards[_i].hi_open);
  struct dc_node *g = dc_guard(ctx, X(), d);
  mpfr_init2(v, 256);
  r = eval_at(g, guards[_i].x, 256, v);
  ck_assert_int_eq(r.defined, guards[_i].inside);
  if (!r.defined)
    ck_assert_int_eq(r.why, DC_UNDEF_DOMAIN);
  mpfr_clear(v);
}
END_TEST

START_TEST(guard_exact_bound)
{
  /* 1/3 rounded to binary lies on one side of the exact 1/3; the guard
  ** must compare against the exact bound, so [1/3, 1] and [0, 1/3] do not
  ** both accept it, and exactly one does. */
  mpfr_t v;
  struct result r1, r2;
  struct dc_node *third = parse("(/ 1 3)");
  mpfr_init2(v, 256);
  r1 = eval_at(dc_guard(ctx, third, domain("1/3", 0, "1", 0)), "0", 256, v);
  r2 = eval_at(dc_guard(ctx, third, domain("0", 0, "1/3", 0)), "0", 256, v);
  ck_assert_int_eq(r1.defined + r2.defined, 1);
  mpfr_clear(v);
}
END_TEST

/* ---- magnitudes ---- */

#define P100 "1267650600228229401496703205376"      /* 2^100 */
#define Z10 "0000000000"

START_TEST(magnitudes)
{
  mpfr_t v;
  struct result r;
  mpfr_init2(v, 256);
  /* A sum keeps the magnitude that cancelled: 2^100 = 0.5 * 2^101. */
  r = eval_at(parse("(- (+ x " P100 ") " P100 ")"), "1", 256, v);
  ck_assert_int_eq(mpfr_cmp_ui(v, 1), 0);
  ck_assert_int_eq(r.mag, 101);
  /* ... and a product carries the bits lost, relative to its value. */
  r = eval_at(parse("(* (- (+ x " P100 ") " P100 ") 3)"), "1", 256, v);
  ck_assert_int_eq(r.mag, 102);
  /* A power computed at P may be off by n half-ulps: 2^100 gets 7 bits. */
  r = eval_at(parse("(^ 2 100)"), "1", 256, v);
  ck_assert_int_eq(r.mag, 108);
  r = eval_at(X(), "1", 256, v);
  ck_assert_int_eq(r.mag, 1);
  r = eval_at(parse("(* x 8)"), "1/2", 256, v);
  ck_assert_int_eq(r.mag, 3);
  /* Scaling down is exact in relative terms: no spurious looseness. */
  r = eval_at(parse("(/ x 1" Z10 Z10 Z10 Z10 Z10 Z10 Z10 Z10 ")"), "1", 256,
              v);
  ck_assert_int_eq(r.mag, mpfr_get_exp(v));
  /* exp multiplies the argument's absolute error by its value. */
  r = eval_at(parse("(exp (* x 1000))"), "1", 256, v);
  ck_assert_int_eq(r.mag, mpfr_get_exp(v) + 10);
  /* log near 1: a tiny value with an absolute error of the argument's. */
  r = eval_at(parse("(log (+ 1 (/ x (^ 2 100))))"), "1", 256, v);
  ck_assert_int_lt(mpfr_get_exp(v), -90);
  ck_assert_int_ge(r.mag, 1);
  r = eval_at(parse("(sin x)"), "1000000", 256, v);
  ck_assert_int_eq(r.mag, 20);
  r = eval_at(parse("(^ x 12)"), "3", 256, v);
  ck_assert_int_eq(r.mag, mpfr_get_exp(v) + 4);   /* 12 has 4 bits */
  r = eval_at(parse("(* x 0)"), "0", 256, v);
  ck_assert(r.defined);
  ck_assert(mpfr_zero_p(v));
  ck_assert(r.mag < mpfr_get_emin());   /* no error at all */
  mpfr_clear(v);
}
END_TEST

/* ---- tapes ---- */

START_TEST(shared_nodes_once)
{
  struct dc_node *roots[3];
  struct dc_tape *t;
  mpfr_t in;
  mpfr_srcptr inputs[1];
  roots[0] = parse("(+ x 1)");
  roots[1] = parse("(* (+ x 1) (+ x 1))");
  roots[2] = parse("(+ x 1)");
  t = dc_tape_build(roots, 3, NULL);
  ck_assert_ptr_nonnull(t);
  ck_assert_uint_eq(dc_tape_nregs(t), 4);   /* x, 1, x+1, product */
  ck_assert_uint_eq(dc_tape_ninputs(t), 1);
  ck_assert_ptr_eq(dc_tape_input(t, 0), X());
  ck_assert_int_eq(dc_tape_input_index(t, X()), 0);
  ck_assert_int_eq(dc_tape_input_index(t, parse("y")), -1);
  ck_assert_int_eq(dc_tape_input_index(t, parse("1")), -1);  /* not input */
  mpfr_init2(in, 64);
  mpfr_set_ui(in, 2, MPFR_RNDN);
  inputs[0] = in;
  dc_tape_eval(t, 128, inputs);
  ck_assert_int_eq(mpfr_cmp_ui(dc_tape_value(t, 0), 3), 0);
  ck_assert_int_eq(mpfr_cmp_ui(dc_tape_value(t, 1), 9), 0);
  ck_assert_int_eq(mpfr_cmp_ui(dc_tape_value(t, 2), 3), 0);
  mpfr_clear(in);
  dc_tape_free(t);
}
END_TEST

START_TEST(holes_and_params_are_inputs)
{
  struct dc_name *f = dc_intern(ctx, "f", 1);
  struct dc_node *h = dc_hole(ctx, dc_intern(ctx, "yhat", 4));
  struct dc_node *p = dc_param(ctx, f, 0);
  struct dc_node *root = dc_binary(ctx, DC_SUB, h, p, 0);
  struct dc_tape *t = dc_tape_build(&root, 1, NULL);
  mpfr_t a, b;
  mpfr_srcptr inputs[2];
  ck_assert_ptr_nonnull(t);
  ck_assert_uint_eq(dc_tape_ninputs(t), 2);
  ck_assert_int_ge(dc_tape_input_index(t, h), 0);
  ck_assert_int_ge(dc_tape_input_index(t, p), 0);
  mpfr_inits2(64, a, b, (mpfr_ptr)0);
  mpfr_set_ui(a, 5, MPFR_RNDN);
  mpfr_set_ui(b, 3, MPFR_RNDN);
  inputs[dc_tape_input_index(t, h)] = a;
  inputs[dc_tape_input_index(t, p)] = b;
  dc_tape_eval(t, 64, inputs);
  ck_assert_int_eq(mpfr_cmp_ui(dc_tape_value(t, 0), 2), 0);
  mpfr_clears(a, b, (mpfr_ptr)0);
  dc_tape_free(t);
}
END_TEST

START_TEST(independent_roots)
{
  struct dc_node *roots[2];
  struct dc_tape *t;
  mpfr_t in;
  mpfr_srcptr inputs[1];
  enum dc_undef why;
  roots[0] = parse("(log x)");
  roots[1] = parse("(* x x)");
  t = dc_tape_build(roots, 2, NULL);
  mpfr_init2(in, 64);
  mpfr_set_si(in, -3, MPFR_RNDN);
  inputs[0] = in;
  dc_tape_eval(t, 256, inputs);
  ck_assert(!dc_tape_defined(t, 0, &why));
  ck_assert_int_eq(why, DC_UNDEF_LOG);
  ck_assert(dc_tape_defined(t, 1, &why));
  ck_assert_int_eq(why, DC_UNDEF_NONE);
  ck_assert_int_eq(mpfr_cmp_ui(dc_tape_value(t, 1), 9), 0);
  /* The same tape at a defined point: nothing sticks from before. */
  mpfr_set_si(in, 1, MPFR_RNDN);
  dc_tape_eval(t, 256, inputs);
  ck_assert(dc_tape_defined(t, 0, NULL));
  ck_assert(mpfr_zero_p(dc_tape_value(t, 0)));
  mpfr_clear(in);
  dc_tape_free(t);
}
END_TEST

START_TEST(deep_dag_no_recursion)
{
  /* x + 1 + 1 + ... nested 200000 deep: a recursive walk would overflow
  ** the stack (especially under ASan). */
  struct dc_node *e = X(), *one = parse("1");
  struct dc_tape *t;
  mpfr_t in;
  mpfr_srcptr inputs[1];
  int i;
  for (i = 0; i < 200000; i++)
    e = dc_binary(ctx, DC_ADD, e, one, 0);
  ck_assert_ptr_nonnull(e);
  t = dc_tape_build(&e, 1, NULL);
  ck_assert_ptr_nonnull(t);
  ck_assert_uint_eq(dc_tape_nregs(t), 200002);
  mpfr_init2(in, 64);
  mpfr_set_si(in, -5, MPFR_RNDN);
  inputs[0] = in;
  dc_tape_eval(t, 64, inputs);
  ck_assert_int_eq(mpfr_cmp_ui(dc_tape_value(t, 0), 199995), 0);
  mpfr_clear(in);
  dc_tape_free(t);
}
END_TEST

START_TEST(precision_changes)
{
  struct dc_node *root = parse("(+ pi (* x e))");
  struct dc_tape *t = dc_tape_build(&root, 1, NULL);
  static const char *want =
    "3.141592653589793238462643383279502884197169399375105821";
  mpfr_t in;
  mpfr_srcptr inputs[1];
  mpfr_init2(in, 64);
  mpfr_set_zero(in, 1);
  inputs[0] = in;
  dc_tape_eval(t, 64, inputs);
  ck_assert_int_eq(mpfr_get_prec(dc_tape_value(t, 0)), 64);
  ck_assert(close_to(dc_tape_value(t, 0), want, 62));
  ck_assert(!close_to(dc_tape_value(t, 0), want, 100));
  dc_tape_eval(t, 256, inputs);
  ck_assert_int_eq(mpfr_get_prec(dc_tape_value(t, 0)), 256);
  ck_assert(close_to(dc_tape_value(t, 0), want, 180));
  /* Back down, and the constants follow. */
  dc_tape_eval(t, 64, inputs);
  ck_assert_int_eq(mpfr_get_prec(dc_tape_value(t, 0)), 64);
  ck_assert(close_to(dc_tape_value(t, 0), want, 62));
  /* Same precision, new point: the cached constants are reused. */
  mpfr_set_ui(in, 1, MPFR_RNDN);
  dc_tape_eval(t, 64, inputs);
  ck_assert(close_to(dc_tape_value(t, 0),
                     "5.859874482048838473822930854632165381954416493075065396",
                     62));
  mpfr_clear(in);
  dc_tape_free(t);
}
END_TEST

START_TEST(refuses_unexpanded_nodes)
{
  struct dc_node *bad[4];
  struct dc_node *x = X();
  size_t i;
  bad[0] = parse("(+ 1 (paren x))");
  bad[1] = dc_diff(ctx, x, x, 1, 0);
  bad[2] = parse("(* 2 (f x))");        /* a user function, not expanded */
  bad[3] = dc_prime(ctx, x, 1);
  for (i = 0; i < 4; i++) {
    int too_big = 7;
    ck_assert_ptr_nonnull(bad[i]);
    ck_assert_ptr_null(dc_tape_build(&bad[i], 1, &too_big));
    ck_assert_int_eq(too_big, 0);
  }
  {
    struct dc_tape *t = dc_tape_build(&x, 1, NULL);   /* a leaf is fine */
    ck_assert_ptr_nonnull(t);
    dc_tape_free(t);
  }
}
END_TEST


/* ---- the fast loop and its hand-over (eval_run.c) ---- */

/* A tape of the roots written in prefix notation. */
static struct dc_tape *tape_of(const char *const *exprs, size_t n,
                               struct dc_node **roots)
{
  size_t i;
  struct dc_tape *t;
  for (i = 0; i < n; i++)
    roots[i] = parse(exprs[i]);
  t = dc_tape_build(roots, n, NULL);
  ck_assert_ptr_nonnull(t);
  return t;
}

START_TEST(undefined_then_defined_roots)
{
  /* The log is undefined at x = -2, early in the tape; the roots after it
  ** are evaluated op by op from there and must still be right. */
  static const char *const e[] = { "(log x)", "(* (+ x 1) (+ x 1))",
                                   "(+ (log x) 1)", "(^ x 3)" };
  struct dc_node *roots[4];
  struct dc_tape *t = tape_of(e, 4, roots);
  enum dc_undef why;
  mpfr_t in;
  mpfr_srcptr inputs[1];
  mpfr_init2(in, 64);
  mpfr_set_si(in, -2, MPFR_RNDN);
  inputs[0] = in;
  ck_assert_int_eq(dc_tape_eval(t, 128, inputs), 0);
  ck_assert(!dc_tape_defined(t, 0, &why));
  ck_assert_int_eq(why, DC_UNDEF_LOG);
  ck_assert(dc_tape_defined(t, 1, NULL));
  ck_assert_int_eq(mpfr_cmp_ui(dc_tape_value(t, 1), 1), 0);   /* (-1)^2 */
  ck_assert(!dc_tape_defined(t, 2, &why));
  ck_assert_int_eq(why, DC_UNDEF_LOG);
  ck_assert(dc_tape_defined(t, 3, NULL));
  ck_assert_int_eq(mpfr_cmp_si(dc_tape_value(t, 3), -8), 0);
  /* Then a point where everything is defined: nothing sticks. */
  mpfr_set_ui(in, 1, MPFR_RNDN);
  ck_assert_int_eq(dc_tape_eval(t, 128, inputs), 0);
  ck_assert(dc_tape_defined(t, 0, NULL) && dc_tape_defined(t, 2, NULL));
  ck_assert(mpfr_zero_p(dc_tape_value(t, 0)));
  ck_assert_int_eq(mpfr_cmp_ui(dc_tape_value(t, 2), 1), 0);
  ck_assert_int_eq(mpfr_cmp_ui(dc_tape_value(t, 1), 4), 0);
  mpfr_clear(in);
  dc_tape_free(t);
}
END_TEST

START_TEST(overflow_and_underflow_beside_defined_roots)
{
  /* exp(10^10) overflows and exp(-10^10) underflows at MPFR's default
  ** exponent range; the flags say so only after the loop, and the tape is
  ** then run op by op: only those roots are undefined. */
  static const char *const e[] = { "(+ x 1)", "(exp x)", "(* x 3)",
                                   "(exp (neg x))", "(- x 5)" };
  struct dc_node *roots[5];
  struct dc_tape *t = tape_of(e, 5, roots);
  enum dc_undef why;
  mpfr_t in;
  mpfr_srcptr inputs[1];
  mpfr_init2(in, 64);
  mpfr_set_ui(in, 10000000000UL, MPFR_RNDN);
  inputs[0] = in;
  ck_assert_int_eq(dc_tape_eval(t, 256, inputs), 0);
  ck_assert(dc_tape_defined(t, 0, NULL));
  ck_assert_int_eq(mpfr_cmp_ui(dc_tape_value(t, 0), 10000000001UL), 0);
  ck_assert(!dc_tape_defined(t, 1, &why));
  ck_assert_int_eq(why, DC_UNDEF_OVERFLOW);
  ck_assert(dc_tape_defined(t, 2, NULL));
  ck_assert_int_eq(mpfr_cmp_ui(dc_tape_value(t, 2), 30000000000UL), 0);
  ck_assert_int_eq(dc_tape_mag(t, 2), 35);    /* 3*10^10 < 2^35 */
  ck_assert(!dc_tape_defined(t, 3, &why));
  ck_assert_int_eq(why, DC_UNDEF_OVERFLOW);
  ck_assert(dc_tape_defined(t, 4, NULL));
  ck_assert_int_eq(mpfr_cmp_ui(dc_tape_value(t, 4), 9999999995UL), 0);
  /* The flags of that point do not spill into the next one. */
  mpfr_set_ui(in, 1, MPFR_RNDN);
  ck_assert_int_eq(dc_tape_eval(t, 256, inputs), 0);
  ck_assert(dc_tape_defined(t, 1, NULL) && dc_tape_defined(t, 3, NULL));
  ck_assert(close_to(dc_tape_value(t, 1),
                     "2.718281828459045235360287471352662497757247093699959575",
                     170));
  mpfr_clear(in);
  dc_tape_free(t);
}
END_TEST

START_TEST(input_finer_than_the_tape)
{
  /* x = 1 - 2^-100 drawn at 256 bits, evaluated at 64: the input is
  ** rounded onto 1 (as assigning it would), so asin(x) is undefined there
  ** (a value rounded onto the boundary), and defined at 256 bits. */
  static const char *const e[] = { "(asin x)", "(- x 1)" };
  struct dc_node *roots[2];
  struct dc_tape *t = tape_of(e, 2, roots);
  enum dc_undef why;
  mpfr_t in;
  mpfr_srcptr inputs[1];
  mpfr_init2(in, 256);
  mpfr_set_ui_2exp(in, 1, -100, MPFR_RNDN);
  mpfr_ui_sub(in, 1, in, MPFR_RNDN);           /* exact at 256 bits */
  inputs[0] = in;
  ck_assert_int_eq(dc_tape_eval(t, 64, inputs), 0);
  ck_assert(!dc_tape_defined(t, 0, &why));
  ck_assert_int_eq(why, DC_UNDEF_FUNC);
  ck_assert(mpfr_zero_p(dc_tape_value(t, 1)));  /* 1 - 1 at 64 bits */
  ck_assert_int_eq(dc_tape_eval(t, 256, inputs), 0);
  ck_assert(dc_tape_defined(t, 0, NULL));
  ck_assert_int_eq(mpfr_cmp_si_2exp(dc_tape_value(t, 1), -1, -100), 0);
  mpfr_clear(in);
  dc_tape_free(t);
}
END_TEST

START_TEST(root_values_stay_when_inputs_move)
{
  /* A root that is an input, or a guard of one, keeps the value of its
  ** evaluation after the caller changes the input (the checker reads
  ** roots after moving points for the next step). */
  struct dc_node *roots[3];
  struct dc_tape *t;
  mpfr_t in;
  mpfr_srcptr inputs[1];
  roots[0] = X();
  roots[1] = dc_guard(ctx, X(), domain("0", 0, NULL, 0));
  roots[2] = parse("(+ x 1)");
  t = dc_tape_build(roots, 3, NULL);
  ck_assert_ptr_nonnull(t);
  mpfr_init2(in, 64);
  mpfr_set_ui(in, 5, MPFR_RNDN);
  inputs[0] = in;
  ck_assert_int_eq(dc_tape_eval(t, 64, inputs), 0);
  mpfr_set_ui(in, 7, MPFR_RNDN);
  ck_assert_int_eq(mpfr_cmp_ui(dc_tape_value(t, 0), 5), 0);
  ck_assert_int_eq(mpfr_cmp_ui(dc_tape_value(t, 1), 5), 0);
  ck_assert_int_eq(mpfr_cmp_ui(dc_tape_value(t, 2), 6), 0);
  mpfr_clear(in);
  dc_tape_free(t);
}
END_TEST

START_TEST(guard_inside_a_sum)
{
  /* A guard that is not a root is read in place: its user sees the
  ** guarded value, or undefined outside the domain. */
  struct dc_node *g = dc_guard(ctx, parse("(* x 2)"), domain("0", 0, NULL, 0));
  struct dc_node *root = dc_binary(ctx, DC_ADD, g, parse("1"), 0);
  mpfr_t v;
  struct result r;
  mpfr_init2(v, 64);
  r = eval_at(root, "3", 64, v);
  ck_assert(r.defined);
  ck_assert_int_eq(mpfr_cmp_ui(v, 7), 0);
  r = eval_at(root, "-3", 64, v);
  ck_assert(!r.defined);
  ck_assert_int_eq(r.why, DC_UNDEF_DOMAIN);
  mpfr_clear(v);
}
END_TEST

#define P70 "1180591620717411303424"              /* 2^70 */

START_TEST(integer_powers_of_every_size)
{
  /* x^2 (a square), x^-3 (a machine integer) and x^(2^70) (beyond one):
  ** exact values by hand. */
  mpfr_t v;
  struct result r;
  mpfr_init2(v, 128);
  r = eval_at(parse("(^ x 2)"), "-3", 128, v);
  ck_assert(r.defined);
  ck_assert_int_eq(mpfr_cmp_ui(v, 9), 0);
  ck_assert_int_eq(r.mag, 4 + 2);          /* 9 < 2^4, 2 has 2 bits */
  r = eval_at(parse("(^ x -3)"), "-2", 128, v);
  ck_assert_int_eq(mpfr_cmp_si_2exp(v, -1, -3), 0);
  r = eval_at(parse("(^ x " P70 ")"), "-1", 128, v);
  ck_assert(r.defined);
  ck_assert_int_eq(mpfr_cmp_ui(v, 1), 0);  /* an even power of -1 */
  ck_assert_int_eq(r.mag, 1 + 71);         /* 2^70 has 71 bits */
  r = eval_at(parse("(^ x (neg " P70 "))"), "0", 128, v);
  ck_assert(!r.defined);
  ck_assert_int_eq(r.why, DC_UNDEF_POW);
  r = eval_at(parse("(^ x -3)"), "0", 128, v);
  ck_assert(!r.defined);
  ck_assert_int_eq(r.why, DC_UNDEF_POW);
  r = eval_at(parse("(^ x " P70 ")"), "1/2", 128, v);
  ck_assert(!r.defined);                   /* 2^-(2^70) underflows */
  ck_assert_int_eq(r.why, DC_UNDEF_OVERFLOW);
  mpfr_clear(v);
}
END_TEST

START_TEST(precisions_up_and_down)
{
  /* The registers' block grows to the largest precision and is reused
  ** below it: every value right at each step. */
  static const mpfr_prec_t precs[] = { 64, 1024, 128, 4096, 53, 1024 };
  struct dc_node *root = parse("(- (* x pi) (/ x 3))");
  struct dc_tape *t = dc_tape_build(&root, 1, NULL);
  mpfr_t in, want;
  mpfr_srcptr inputs[1];
  size_t k;
  mpfr_init2(in, 64);
  mpfr_set_ui(in, 3, MPFR_RNDN);
  inputs[0] = in;
  mpfr_init2(want, 4200);
  for (k = 0; k < DC_ARRAY_LEN(precs); k++) {
    mpfr_t d;
    ck_assert_int_eq(dc_tape_eval(t, precs[k], inputs), 0);
    ck_assert_int_eq(mpfr_get_prec(dc_tape_value(t, 0)), precs[k]);
    /* 3 pi - 1, to within a few ulps of the precision */
    mpfr_const_pi(want, MPFR_RNDN);
    mpfr_mul_ui(want, want, 3, MPFR_RNDN);
    mpfr_sub_ui(want, want, 1, MPFR_RNDN);
    mpfr_init2(d, 4200);
    mpfr_sub(d, want, dc_tape_value(t, 0), MPFR_RNDN);
    ck_assert(mpfr_zero_p(d) ||
              mpfr_get_exp(d) <= 4 - (mpfr_exp_t)precs[k] + 3);
    mpfr_clear(d);
  }
  mpfr_clears(in, want, (mpfr_ptr)0);
  dc_tape_free(t);
}
END_TEST

static Suite *eval_suite(void)
{
  Suite *s = suite_create("eval");
  TCase *tc = tcase_create("values");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_loop_test(tc, op_values, 0, DC_ARRAY_LEN(values));
  tcase_add_test(tc, with_keeps_value);
  suite_add_tcase(s, tc);

  tc = tcase_create("undefined");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_loop_test(tc, undefined_cases, 0, DC_ARRAY_LEN(undefs));
  tcase_add_test(tc, undef_texts_distinct);
  tcase_add_test(tc, near_zero_denominator_depends_on_precision);
  suite_add_tcase(s, tc);

  tc = tcase_create("guards");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_loop_test(tc, guard_bounds, 0, DC_ARRAY_LEN(guards));
  tcase_add_test(tc, guard_exact_bound);
  suite_add_tcase(s, tc);

  tc = tcase_create("tape");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 30);
  tcase_add_test(tc, magnitudes);
  tcase_add_test(tc, shared_nodes_once);
  tcase_add_test(tc, holes_and_params_are_inputs);
  tcase_add_test(tc, independent_roots);
  tcase_add_test(tc, deep_dag_no_recursion);
  tcase_add_test(tc, precision_changes);
  tcase_add_test(tc, refuses_unexpanded_nodes);
  suite_add_tcase(s, tc);

  tc = tcase_create("fast loop");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, undefined_then_defined_roots);
  tcase_add_test(tc, overflow_and_underflow_beside_defined_roots);
  tcase_add_test(tc, input_finer_than_the_tape);
  tcase_add_test(tc, root_values_stay_when_inputs_move);
  tcase_add_test(tc, guard_inside_a_sum);
  tcase_add_test(tc, integer_powers_of_every_size);
  tcase_add_test(tc, precisions_up_and_down);
  suite_add_tcase(s, tc);
  return s;
}

DC_TEST_MAIN(eval_suite)
