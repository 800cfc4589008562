/*
** check_latex_read.c: the LaTeX reader (parser/latex_read.h).
**
** Each row gives LaTeX as an author writes it and, written by hand, the
** same expression in derivcheck's plain syntax; the row holds when the
** reader's tree is the plain parser's tree (nodes are hash-consed, so
** that is pointer equality: grouping, operand order and literals all
** count).  Error rows give the column and a piece of the message.  The
** round trip reads back what emit/latex.c prints for every expression of
** every spec in specs/.
*/
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "expr/diag.h"
#include "expr/node.h"
#include "expr/plain.h"
#include "expr/scope.h"
#include "parser/latex_read.h"
#include "emit/latex.h"
#include "parser/parse.h"
#include "parser/spec.h"
#include "tests/testutil.h"

static struct dc_ctx *ctx;
static struct dc_diags diags;
static struct dc_func fn_sigma, fn_f, fn_g;
static struct dc_symbol sym_yhat, sym_xy, sym_z1, sym_Etot, sym_u1;

static void add_func(struct dc_func *f, const char *name, int nparams)
{
  static const char *const param[] = { "x", "y" };
  int k;
  memset(f, 0, sizeof *f);
  f->name = dc_intern(ctx, name, strlen(name));
  f->nparams = nparams;
  for (k = 0; k < nparams && k < 2; k++)     /* f(x), g(x, y) */
    f->params[k] = dc_intern(ctx, param[k], 1);
  f->name->func = f;
}

static void add_sym(struct dc_symbol *s, const char *name)
{
  memset(s, 0, sizeof *s);
  s->name = dc_intern(ctx, name, strlen(name));
  s->name->sym = s;
}

static void setup(void)
{
  ctx = dc_ctx_new();
  ck_assert_ptr_nonnull(ctx);
  dc_diags_init(&diags);
  add_func(&fn_sigma, "sigma", 1);
  add_func(&fn_f, "f", 1);
  add_func(&fn_g, "g", 2);
  add_sym(&sym_yhat, "yhat");
  add_sym(&sym_xy, "xy");
  add_sym(&sym_z1, "z1");
  add_sym(&sym_Etot, "E_total");
  add_sym(&sym_u1, "u_1");
}

static void teardown(void)
{
  dc_diags_free(&diags);
  dc_ctx_free(ctx);
}

static const char *first_msg(void)
{
  return diags.n ? diags.v[0].msg : "(no message)";
}

/* ---- LaTeX -> plain ---- */

struct same { const char *latex, *plain; };

static const struct same same_cases[] = {
  { "x", "x" },
  { "2", "2" },
  { "0.5", "0.5" },
  { "x + y", "x + y" },
  { "x - y + z", "x - y + z" },
  { "-x", "-x" },
  { "-x y", "-x*y" },
  { "- x - y", "-x - y" },
  { "+x", "x" },
  { "xy", "xy" },
  { "x y", "x*y" },
  { "x\\,y", "x*y" },
  { "x \\cdot y", "x*y" },
  { "x \\times y", "x*y" },
  { "x * y", "x*y" },
  { "2x", "2*x" },
  { "2 x y", "2*x*y" },
  { "2 \\cdot 3", "2*3" },
  { "x / y", "x/y" },
  { "a b c", "a*b*c" },
  { "ab", "a*b" },
  { "a(1 - a)", "a*(1 - a)" },
  { "x(1 - y)", "x*(1 - y)" },
  { "(x + 1)(x - 1)", "(x + 1)*(x - 1)" },
  { "[x + 1]", "[x + 1]" },
  { "\\left( x + 1 \\right)", "(x + 1)" },
  { "\\left[ x + 1 \\right]", "[x + 1]" },
  { "\\left(x\\right)", "(x)" },
  { "\\{x + 1\\}", "(x + 1)" },
  { "\\left\\{ x + 1 \\right\\}", "(x + 1)" },
  { "{x + 1}", "x + 1" },
  { "{x}", "x" },
  { "x^2", "x^2" },
  { "x^{2}", "x^2" },
  { "x^{-1}", "x^-1" },
  { "x^{n+1}", "x^(n + 1)" },
  { "x^{y^{z}}", "x^y^z" },
  { "x^2 y", "x^2*y" },
  { "2^{x}", "2^x" },
  { "(x+1)^2", "(x + 1)^2" },
  { "\\frac{1}{2}", "1/2" },
  { "\\frac12", "1/2" },
  { "\\dfrac{x}{y}", "x/y" },
  { "\\tfrac{x}{y}", "x/y" },
  { "\\frac{x + 1}{x - 1}", "(x + 1)/(x - 1)" },
  { "\\frac{1}{1 + e^{-x}}", "1/(1 + exp(-x))" },
  { "-\\frac{x}{y}", "-x/y" },
  { "- \\frac{y}{\\hat{y}} + \\frac{1 - y}{1 - \\hat{y}}", "-y/yhat + (1 - y)/(1 - yhat)" },
  { "\\frac{xy}{z}", "xy/z" },
  { "\\frac{x y}{z}", "x*y/z" },
  { "\\frac{a}{b} c", "a/b*c" },
  { "\\frac{a}{b}\\frac{c}{d}", "a/b*(c/d)" },
  { "\\sqrt{x}", "sqrt(x)" },
  { "\\sqrt{x + 1}", "sqrt(x + 1)" },
  { "\\sqrt x", "sqrt(x)" },
  { "\\sqrt[3]{x}", "x^(1/3)" },
  { "\\sqrt{2} x", "sqrt(2)*x" },
  { "e^{x}", "exp(x)" },
  { "e^x", "exp(x)" },
  { "e^{-x}", "exp(-x)" },
  { "e^{-2x}", "exp(-2*x)" },
  { "e^{x^2}", "exp(x^2)" },
  { "2 e^{x}", "2*exp(x)" },
  { "\\exp(x)", "exp(x)" },
  { "\\exp x", "exp(x)" },
  { "\\exp\\left(x\\right)", "exp(x)" },
  { "\\log x", "log(x)" },
  { "\\log(x)", "log(x)" },
  { "\\log (1 - x)", "log(1 - x)" },
  { "\\log \\hat{y}", "log(yhat)" },
  { "\\log \\left( 1 - \\hat{y} \\right)", "log(1 - yhat)" },
  { "\\log [1 - x]", "log([1 - x])" },
  { "\\ln x", "ln(x)" },
  { "\\ln(1 + x)", "ln(1 + x)" },
  { "\\ln x \\cdot x", "ln(x)*x" },
  { "\\ln x * x", "ln(x)*x" },
  { "\\log x + 1", "log(x) + 1" },
  { "\\log 2x", "log(2*x)" },
  { "-y \\log \\hat{y}", "-y*log(yhat)" },
  { "-y \\log \\hat{y}  - (1 - y) \\log (1 - \\hat{y})", "-y*log(yhat) - (1 - y)*log(1 - yhat)" },
  { "\\sin x", "sin(x)" },
  { "\\sin(x)", "sin(x)" },
  { "\\sin x \\cos y", "sin(x)*cos(y)" },
  { "\\cos x \\sin y", "cos(x)*sin(y)" },
  { "\\sin 2x", "sin(2*x)" },
  { "\\sin^2 x", "sin(x)^2" },
  { "\\sin^{2} x", "sin(x)^2" },
  { "\\sin^2(x)", "sin(x)^2" },
  { "\\sin^2 x + \\cos^2 x", "sin(x)^2 + cos(x)^2" },
  { "\\sin^{-1} x", "asin(x)" },
  { "\\cos^{-1}(x)", "acos(x)" },
  { "\\tan^{-1} x", "atan(x)" },
  { "\\tan x", "tan(x)" },
  { "\\sinh x", "sinh(x)" },
  { "\\cosh(x)", "cosh(x)" },
  { "\\tanh(z)", "tanh(z)" },
  { "\\tanh z", "tanh(z)" },
  { "\\tanh^2(z)", "tanh(z)^2" },
  { "1 - \\tanh^2 z", "1 - tanh(z)^2" },
  { "\\arcsin x", "asin(x)" },
  { "\\arccos(x)", "acos(x)" },
  { "\\arctan x", "atan(x)" },
  { "\\operatorname{erf}(x)", "erf(x)" },
  { "\\mathrm{erf}(x)", "erf(x)" },
  { "\\text{erf}(x)", "erf(x)" },
  { "\\operatorname{erf} x", "erf(x)" },
  { "\\sin(x)^2", "sin(x)^2" },
  { "\\sin x^2", "sin(x^2)" },
  { "tanh(z)", "tanh(z)" },
  { "exp(x)", "exp(x)" },
  { "sin(x)", "sin(x)" },
  { "|x|", "abs(x)" },
  { "\\left| x - y \\right|", "abs(x - y)" },
  { "2|x|", "2*abs(x)" },
  { "\\alpha", "alpha" },
  { "\\alpha \\beta", "alpha*beta" },
  { "\\alpha\\beta", "alpha*beta" },
  { "\\Gamma", "Gamma" },
  { "\\varepsilon", "varepsilon" },
  { "\\lambda x", "lambda*x" },
  { "2\\pi", "2*pi" },
  { "\\pi r^2", "pi*r^2" },
  { "\\hat{y}", "yhat" },
  { "\\hat y", "yhat" },
  { "\\widehat{y}", "yhat" },
  { "\\bar{x}", "xbar" },
  { "\\overline{x}", "xbar" },
  { "\\tilde{x}", "xtilde" },
  { "\\dot{x}", "xdot" },
  { "\\vec{v}", "vvec" },
  { "\\hat{\\sigma}", "sigmahat" },
  { "1 - \\hat{y}", "1 - yhat" },
  { "\\hat{y}^2", "yhat^2" },
  { "\\hat{y} - \\hat{y}^2", "yhat - yhat^2" },
  { "x_i", "x_i" },
  { "x_{i}", "x_i" },
  { "x_{i1}", "x_i1" },
  { "x_{12}", "x12" },
  { "u_{1}", "u_1" },
  { "u_1 + x_1", "u_1 + x1" },
  { "z_{1}", "z1" },
  { "z_1", "z1" },
  { "z1", "z1" },
  { "E_{total}", "E_total" },
  { "\\hat{y}_i", "yhat_i" },
  { "\\sigma_i", "sigma_i" },
  { "w_{\\alpha}", "w_alpha" },
  { "x_i^2", "x_i^2" },
  { "\\mathrm{loss}", "loss" },
  { "\\mathrm{MSE}", "MSE" },
  { "\\operatorname{loss}", "loss" },
  { "\\mathrm{rate}_{1}", "rate1" },
  { "\\sigma(x)", "sigma(x)" },
  { "\\sigma (x)", "sigma(x)" },
  { "\\sigma\\left(x\\right)", "sigma(x)" },
  { "\\sigma(z) (1 - \\sigma(z))", "sigma(z)*(1 - sigma(z))" },
  { "\\sigma (x) (1 - \\sigma (x))", "sigma(x)*(1 - sigma(x))" },
  { "\\sigma(x)^{-2}", "sigma(x)^-2" },
  { "\\sigma (x)^2", "sigma(x)^2" },
  { "f(x)", "f(x)" },
  { "f(x + 1)", "f(x + 1)" },
  { "g(x, y)", "g(x, y)" },
  { "g\\left(x, \\frac{1}{y}\\right)", "g(x, 1/y)" },
  { "\\lambda(x)", "lambda*(x)" },
  { "a (b + c)", "a*(b + c)" },
  { "\\sigma'(x)", "sigma'(x)" },
  { "\\sigma ' (x)", "sigma'(x)" },
  { "\\sigma '(x)", "sigma'(x)" },
  { "\\sigma' (x)", "sigma'(x)" },
  { "f'(x)", "f'(x)" },
  { "f''(x)", "f''(x)" },
  { "-\\sigma(x)^{-2} \\sigma ' (x)", "-sigma(x)^-2*sigma'(x)" },
  { "- \\frac{\\sigma '(x)}{\\sigma (x)^2}", "-sigma'(x)/sigma(x)^2" },
  { "[\\sigma(x)^{-1}]'", "[sigma(x)^-1]'" },
  { "\\left( \\frac{1}{1 + e^{-z}} \\right)'", "(1/(1 + exp(-z)))'" },
  { "(x^2)'", "(x^2)'" },
  { "y'", "y'" },
  { "e_i'", "e_i'" },
  { "\\frac{dL}{dz}", "diff(L, z)" },
  { "\\frac{dy}{dx}", "diff(y, x)" },
  { "\\frac{d\\hat{y}}{dw}", "diff(yhat, w)" },
  { "\\frac{dL}{d\\hat{y}}", "diff(L, yhat)" },
  { "\\frac{\\partial L}{\\partial w}", "pdiff(L, w)" },
  { "\\frac{\\partial{L}}{\\partial{w}}", "pdiff(L, w)" },
  { "\\frac{\\partial L}{\\partial \\hat{y}}", "pdiff(L, yhat)" },
  { "\\frac{\\mathrm{d}L}{\\mathrm{d}z}", "diff(L, z)" },
  { "\\frac{\\mathrm{d} y}{\\mathrm{d} x}", "diff(y, x)" },
  { "\\frac{d^2 y}{dx^2}", "diff(y, x, 2)" },
  { "\\frac{d^{2}y}{dx^{2}}", "diff(y, x, 2)" },
  { "\\frac{\\partial^2 L}{\\partial w^2}", "pdiff(L, w, 2)" },
  { "\\frac{d}{dx} x^2", "diff(x^2, x)" },
  { "\\frac{d}{dx} x^2 + 1", "diff(x^2, x) + 1" },
  { "\\frac{d}{dx} 2 x", "diff(2*x, x)" },
  { "\\frac{d}{dx}\\left( x^2 \\right)", "diff((x^2), x)" },
  { "\\frac{d}{dx}\\sigma(x)", "diff(sigma(x), x)" },
  { "\\frac{d\\left[ \\frac{1}{\\sigma(x)} \\right]}{dx}", "diff([1/sigma(x)], x)" },
  { "\\frac{d[x^2]}{dx}", "diff([x^2], x)" },
  { "\\frac{d(x^2)}{dx}", "diff((x^2), x)" },
  { "\\frac{d\\sigma}{dz}", "sigma'(z)" },
  { "\\frac{d\\sigma(z)}{dz}", "diff(sigma(z), z)" },
  /* a function of two variables alone: at its own parameters (x, y) */
  { "\\frac{\\partial g}{\\partial y}", "pdiff(g(x, y), y)" },
  { "\\frac{\\partial^2 g}{\\partial x^2}", "pdiff(g(x, y), x, 2)" },
  { "\\frac{dL}{da} \\frac{da}{dz}", "diff(L, a)*diff(a, z)" },
  { "\\frac{dL}{d\\hat{y}} \\frac{d\\hat{y}}{dw}", "diff(L, yhat)*diff(yhat, w)" },
  { "\\frac{d E_{total}}{d w_{1}}", "diff(E_total, w1)" },
  { "\\frac{d}{2}", "d/2" },
  { "\\frac{1}{dx}", "1/(d*x)" },
  { "\\frac{dx}{2}", "d*x/2" },
  { "\\frac{\\hat{y}-y\\hat{y} - y + y\\hat{y}}{(1-\\hat{y})\\hat{y}}", "(yhat - y*yhat - y + y*yhat)/((1 - yhat)*yhat)" },
  { "\\frac{1}{1- \\hat{y}} - \\frac{y}{\\hat{y}(1 - \\hat{y})}", "1/(1 - yhat) - y/(yhat*(1 - yhat))" },
  { "-\\frac{xy}{\\hat{y}} + \\frac{x(1 - y)}{1 - \\hat{y}}", "-xy/yhat + x*(1 - y)/(1 - yhat)" },
  { "\\left(-\\frac{y}{a} + \\frac{1 - y}{1 - a} \\right) \\left( \\frac{1}{1 + e^{-z}} \\right)'", "(-y/a + (1 - y)/(1 - a))*(1/(1 + exp(-z)))'" },
  { "\\left(-\\frac{y}{a} + \\frac{1 - y}{1 - a} \\right)  (a (1 - a))", "(-y/a + (1 - y)/(1 - a))*(a*(1 - a))" },
  { "-y ( 1 - a) + a (1 - y)", "-y*(1 - a) + a*(1 - y)" },
  { "-y + ay + a - ay", "-y + a*y + a - a*y" },
  { "\\frac{1 - \\sigma(x)}{\\sigma (x)} \\sigma (x)^2", "(1 - sigma(x))/sigma(x)*sigma(x)^2" },
  { "x \\cdot -y", "x*-y" },
  { "x\\;y", "x*y" },
  { "x\\!y", "x*y" },
  { "x \\quad", "x" },
  { "\\displaystyle \\frac{1}{x}", "1/x" },
  { "\\big( x \\big)", "(x)" },
  { "\\Big[ x \\Big]", "[x]" },
  { "x.", "x" },
  { "x,", "x" },
  { "x \\tag{1}", "x" },
  { "x \\label{eq:1}", "x" },
  { "x \\nonumber", "x" },
  { "\\boxed{x + 1}", "x + 1" },
  { "x^2 % a comment", "x^2" },
  { "x &", "x" },
  { "x_i y_j", "x_i*y_j" },
  { "x ^ 2", "x^2" },
  { "e", "e" },
  { "2 e", "2*e" },
  { "\\pi", "pi" },
  { "\\frac{\\pi}{2}", "pi/2" },
  { "0.25 x", "0.25*x" },
  { "100", "100" },
  { "3.14159", "3.14159" },
  { "\\frac{3}{4} x^{3}", "3/4*x^3" },
  { "\\frac{-x}{y}", "(-x)/y" },
  { "(-x)^2", "(-x)^2" },
  { "-x^2", "-x^2" },
  { "x^{-2} y^{-1}", "x^-2*y^-1" },
  { "a/b/c", "a/b/c" },
  { "a - (b - c)", "a - (b - c)" },
  { "a - [b - c]", "a - [b - c]" },
  { "((x))", "((x))" },
  { "\\left(\\left(x\\right)\\right)", "((x))" },
  { "\\sigma(\\sigma(x))", "sigma(sigma(x))" },
  { "f(\\sigma(x))", "f(sigma(x))" },
  { "\\exp(-x^2)", "exp(-x^2)" },
  { "e^{\\sigma(x)}", "exp(sigma(x))" },
  { "\\log \\sigma(x)", "log(sigma(x))" },
  { "\\sqrt{\\hat{y}}", "sqrt(yhat)" },
  { "\\frac{\\sqrt{x}}{2}", "sqrt(x)/2" },
  { "\\alpha x + \\beta", "alpha*x + beta" },
  { "\\alpha_1", "alpha1" },
  { "\\theta^2", "theta^2" },
  { "\\frac{d\\theta}{dt}", "diff(theta, t)" },
  { "\\frac{\\partial \\sigma(z)}{\\partial z}", "pdiff(sigma(z), z)" },
  { "\\sigma(z) \\cdot (1 - \\sigma(z))", "sigma(z)*(1 - sigma(z))" },
  { "\\tanh'(z)", "tanh'(z)" },
};

START_TEST(test_same)
{
  const struct same *c = &same_cases[_i];
  struct dc_node *want = dc_parse_expr(ctx, c->plain, strlen(c->plain),
                                       NULL, &diags);
  struct dc_node *got;

  ck_assert_msg(want, "plain %s: %s", c->plain, first_msg());
  got = dc_latex_read_expr(ctx, c->latex, strlen(c->latex), NULL, NULL,
                           &diags);
  ck_assert_msg(got, "%s: %s", c->latex, first_msg());
  ck_assert_msg(got == want, "%s: read as %s, want %s", c->latex,
                dc_plain_string(got), c->plain);
}
END_TEST

/* ---- errors: column and message ---- */

struct err { const char *latex; int col; const char *msg; };

static const struct err err_cases[] = {
  { "\\sum_i x_i", 1, "'\\sum' is not read" },
  { "x \\approx y", 3, "'\\approx' is not read" },
  { "a \\le b", 3, "'\\le' is not read" },
  { "1 + \\dots", 5, "'\\dots' is not read" },
  { "\\int x", 1, "'\\int' is not read" },
  { "\\lim x", 1, "'\\lim' is not read" },
  { "x < y", 3, "cannot read '<'" },
  { "x := y", 3, "cannot read ':'" },
  { "x = y", 3, "'=' inside one expression" },
  { "\\frac{1}{", 10, "expected an operand, found the end" },
  { "\\frac x", 7, "expected '{' after \\frac" },
  { "(x + 1", 7, "expected ')'" },
  { "\\left( x \\right]", 10, "expected '\\right)'" },
  { "[x + 1)", 7, "expected ']'" },
  { "x +", 4, "expected an operand, found the end" },
  { "\\sigma x", 1, "'sigma' is a function" },
  { "\\sigma", 1, "'sigma' is a function" },
  { "g(x)", 1, "'g' takes 2 arguments, 1 given" },
  { "f(x, y)", 1, "'f' takes 1 argument, 2 given" },
  { "x^23", 3, "TeX takes one digit here: write ^{23}" },
  { "w2", 1, "cannot read 'w2': declare it as a symbol, or write w_{2}" },
  { "x_{}", 2, "empty subscript" },
  { "x_{i,j}", 5, "cannot read ',' in a subscript" },
  { "\\hat{}", 6, "an accent must be on a letter" },
  { "\\frac{d^x y}{dx}", 9, "the order of a derivative" },
  { "\\frac{d^2 y}{dx}", 14, "the orders of d (2) and of the variable (1) differ" },
  { "\\frac{d}{dx}", 13, "expected an operand, found the end" },
  { "\\text{for all} x", 1, "'\\text' is not read" },
  { "\\foo", 1, "'\\foo' is not read" },
  { "|x", 3, "expected '|' to close '|'" },
  { "\\left x", 7, "a delimiter" },
  { "", 1, "empty formula" },
  { "\\mathbf{x}", 1, "'\\mathbf' is not read" },
  { "x^", 3, "expected a superscript or argument, found the end" },
  { "x))", 2, "cannot read ')' after the expression" },
};

START_TEST(test_error)
{
  const struct err *c = &err_cases[_i];
  struct dc_srcmap map = { "post.md", 7, 1, 0 };
  struct dc_node *got = dc_latex_read_expr(ctx, c->latex, strlen(c->latex),
                                           &map, NULL, &diags);

  ck_assert_msg(!got, "%s: read as %s", c->latex, dc_plain_string(got));
  ck_assert_uint_ge(diags.n, 1);
  ck_assert_int_eq(diags.v[0].sev, DC_SEV_ERROR);
  ck_assert_msg(strstr(diags.v[0].msg, c->msg), "%s: message '%s'",
                c->latex, diags.v[0].msg);
  ck_assert_int_eq(diags.v[0].pos.line, 7);
  ck_assert_msg(diags.v[0].pos.col == c->col, "%s: column %d, want %d",
                c->latex, diags.v[0].pos.col, c->col);
}
END_TEST

/* ---- the context decides ---- */

START_TEST(test_extra_names)
{
  static const char *const extra[] = { "ab", "yhat_i" };
  struct dc_latex_env env = { extra, 2, NULL, 0 };
  struct dc_node *got, *want;

  got = dc_latex_read_expr(ctx, "ab + a b", 8, NULL, &env, &diags);
  want = dc_parse_expr(ctx, "ab + a*b", 8, NULL, &diags);
  ck_assert_ptr_nonnull(got);
  ck_assert_ptr_eq(got, want);
  /* without the extra name, ab is a product */
  got = dc_latex_read_expr(ctx, "ab", 2, NULL, NULL, &diags);
  want = dc_parse_expr(ctx, "a*b", 3, NULL, &diags);
  ck_assert_ptr_eq(got, want);
}
END_TEST

START_TEST(test_declared_e)
{
  struct dc_symbol sym_e;
  struct dc_node *got, *want;

  add_sym(&sym_e, "e");
  got = dc_latex_read_expr(ctx, "e^{x}", 5, NULL, NULL, &diags);
  want = dc_parse_expr(ctx, "e^x", 3, NULL, &diags);
  ck_assert_ptr_nonnull(got);
  ck_assert_ptr_eq(got, want);
  sym_e.name->sym = NULL;
}
END_TEST

START_TEST(test_declared_d)
{
  struct dc_symbol sym_d;
  struct dc_node *got, *want;

  /* a declared d is a symbol: the fraction is no derivative */
  add_sym(&sym_d, "d");
  got = dc_latex_read_expr(ctx, "\\frac{dL}{dz}", 13, NULL, NULL, &diags);
  want = dc_parse_expr(ctx, "d*L/(d*z)", 9, NULL, &diags);
  ck_assert_ptr_nonnull(got);
  ck_assert_ptr_eq(got, want);
  sym_d.name->sym = NULL;
}
END_TEST

START_TEST(test_sloppy_exponent_warns)
{
  struct dc_node *got = dc_latex_read_expr(ctx, "e^-x", 4, NULL, NULL,
                                           &diags);
  struct dc_node *want = dc_parse_expr(ctx, "exp(-x)", 7, NULL, &diags);

  ck_assert_ptr_eq(got, want);
  ck_assert_uint_eq(diags.nwarnings, 1);
  ck_assert_ptr_nonnull(strstr(diags.v[0].msg, "^{-...}"));
}
END_TEST

START_TEST(test_chain)
{
  struct dc_parse_out out;
  const char *t = "\\frac{d}{dx} x^2 = 2x = x + x";

  ck_assert_int_eq(dc_latex_read_chain(ctx, t, strlen(t), NULL, NULL, &diags,
                                       &out), 0);
  ck_assert_uint_eq(out.nexprs, 3);
  ck_assert_ptr_eq(out.exprs[1].expr, dc_parse_expr(ctx, "2*x", 3, NULL,
                                                    &diags));
  ck_assert_uint_eq(out.exprs[2].off, 23);   /* just past the second = */
  dc_parse_out_free(&out);
}
END_TEST

START_TEST(test_split_eq)
{
  size_t eqs[4];
  const char *t = "a = b_{i=1} = {c = d} = e";

  ck_assert_uint_eq(dc_latex_split_eq(t, strlen(t), eqs, 4), 3);
  ck_assert_uint_eq(eqs[0], 2);
  ck_assert_uint_eq(eqs[1], 12);
  ck_assert_uint_eq(eqs[2], 22);
}
END_TEST

/* ---- round trip: what the printer writes reads back ---- */

/*
** The tree modulo grouping: ( ) and [ ] dropped (the printer drops and
** adds them by its own rules), numbers by value, a minus pulled out of a
** numerator (-\frac{x}{y} is both -(x/y) and (-x)/y), and the flags that
** only say how the plain syntax spelled a node (** for ^, diff's explicit
** order).
*/
static struct dc_node *norm(struct dc_node *e)
{
  struct dc_node *args[16], *a, *b;
  size_t i;

  switch ((enum dc_kind)e->kind) {
  case DC_NUM:
    return dc_num(ctx, *e->q, NULL);
  case DC_PAREN: case DC_BRACKET:
    return norm(e->a[0]);
  case DC_NEG:
    return dc_unary(ctx, DC_NEG, norm(e->a[0]));
  case DC_DIV:
    a = norm(e->a[0]);
    b = norm(e->a[1]);
    if (a->kind == DC_NEG)
      return dc_unary(ctx, DC_NEG, dc_binary(ctx, DC_DIV, a->a[0], b, 0));
    return dc_binary(ctx, DC_DIV, a, b, 0);
  case DC_ADD: case DC_SUB: case DC_MUL: case DC_POW:
    return dc_binary(ctx, e->kind, norm(e->a[0]), norm(e->a[1]), 0);
  case DC_CALL:
    for (i = 0; i < e->nargs && i < 16; i++)
      args[i] = norm(e->a[i]);
    return dc_call(ctx, e->name, e->ival, e->nargs, args);
  case DC_DIFF:
    return dc_diff(ctx, norm(e->a[0]), e->a[1], e->ival,
                   e->flags & DC_F_PARTIAL);
  case DC_PRIME:
    return dc_prime(ctx, norm(e->a[0]), e->ival);
  default:
    return e;
  }
}

static int round_trips, round_trip_failures;

static void round_trip(const char *path, struct dc_ctx *c, struct dc_node *e)
{
  struct dc_diags d;
  char *tex = dc_latex_string(e);
  struct dc_node *back;

  ck_assert_ptr_nonnull(tex);
  dc_diags_init(&d);
  back = dc_latex_read_expr(c, tex, strlen(tex), NULL, NULL, &d);
  round_trips++;
  if (!back || norm(back) != norm(e)) {
    round_trip_failures++;
    fprintf(stderr, "%s: %s -> %s -> %s\n", path, dc_plain_string(e), tex,
            back ? dc_plain_string(back) : d.n ? d.v[0].msg : "?");
  }
  dc_diags_free(&d);
  free(tex);
}

static void round_trip_spec(const char *path)
{
  struct dc_ctx *c = dc_ctx_new(), *saved = ctx;
  struct dc_diags d;
  struct dc_spec *sp;
  size_t i, j, k, m;

  dc_diags_init(&d);
  sp = dc_spec_load(c, path, &d);
  ck_assert_msg(sp, "%s does not load", path);
  ctx = c;                      /* norm() builds in the spec's context */
  for (i = 0; i < sp->nfuncs; i++)
    round_trip(path, c, sp->funcs[i].written);
  for (i = 0; i < sp->ndefs; i++)
    round_trip(path, c, sp->defs[i].expr);
  for (i = 0; i < sp->nsections; i++)
    for (j = 0; j < sp->sections[i].nblocks; j++) {
      const struct dc_block *b = &sp->sections[i].blocks[j];
      for (k = 0; k < b->scope.nwhere; k++)
        round_trip(path, c, b->scope.where[k].expr);
      for (k = 0; k < b->nchains; k++)
        for (m = 0; m < b->chains[k].nelems; m++)
          round_trip(path, c, b->chains[k].elems[m].expr);
    }
  ctx = saved;
  dc_diags_free(&d);
  dc_ctx_free(c);
}

START_TEST(test_round_trip_specs)
{
  DIR *dir = opendir(SRCDIR "/specs");
  struct dirent *de;
  int nspecs = 0;

  ck_assert_ptr_nonnull(dir);
  while ((de = readdir(dir)) != NULL) {
    char path[4096];
    size_t n = strlen(de->d_name);
    if (n < 5 || strcmp(de->d_name + n - 5, ".yaml") != 0 ||
        strstr(de->d_name, "context"))
      continue;
    snprintf(path, sizeof path, "%s/specs/%s", SRCDIR, de->d_name);
    round_trip_spec(path);
    nspecs++;
  }
  closedir(dir);
  ck_assert_int_ge(nspecs, 8);
  ck_assert_int_ge(round_trips, 200);
  ck_assert_int_eq(round_trip_failures, 0);
}
END_TEST

static Suite *suite(void)
{
  Suite *s = suite_create("latex_read");
  TCase *tc = tcase_create("read");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_loop_test(tc, test_same, 0, (int)DC_ARRAY_LEN(same_cases));
  tcase_add_loop_test(tc, test_error, 0, (int)DC_ARRAY_LEN(err_cases));
  tcase_add_test(tc, test_extra_names);
  tcase_add_test(tc, test_declared_e);
  tcase_add_test(tc, test_declared_d);
  tcase_add_test(tc, test_sloppy_exponent_warns);
  tcase_add_test(tc, test_chain);
  tcase_add_test(tc, test_split_eq);
  tcase_add_test(tc, test_round_trip_specs);
  suite_add_tcase(s, tc);
  return s;
}

DC_TEST_MAIN(suite)
