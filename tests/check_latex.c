/*
** check_latex.c: the LaTeX printer (SPEC section 5).
**
** Outputs are compared as TeX token sequences: white space is free, a
** brace group around one token equals the token ({x} == x), everything
** else (commands, \left versus a bare parenthesis, order) must match.
** The tables hold the 27 display lines of the reference post (whole
** chains), golden cases for every typesetting rule on parsed expressions,
** and hand-built (generated) trees; a property test checks that random
** trees always give well-formed TeX with only known commands.
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "emit/latex.h"
#include "expr/plain.h"
#include "expr/node.h"
#include "expr/scope.h"
#include "parser/parse.h"
#include "tests/testutil.h"

/* ---- TeX tokens ---- */

#define MAX_TOKENS 512

struct toks {
  char *t[MAX_TOKENS];
  int n;
};

static void toks_free(struct toks *k)
{
  int i;
  for (i = 0; i < k->n; i++)
    free(k->t[i]);
  k->n = 0;
}

/* \letters, \char or one non-space character per token. */
static void tokenize(const char *s, struct toks *k)
{
  k->n = 0;
  while (*s) {
    size_t n = 1;
    if (isspace((unsigned char)*s)) {
      s++;
      continue;
    }
    if (s[0] == '\\' && isalpha((unsigned char)s[1])) {
      while (isalpha((unsigned char)s[n]))
        n++;
    } else if (s[0] == '\\' && s[1]) {
      n = 2;
    }
    ck_assert_int_lt(k->n, MAX_TOKENS);
    k->t[k->n] = strndup(s, n);
    ck_assert_ptr_nonnull(k->t[k->n]);
    k->n++;
    s += n;
  }
}

/* Drop the braces of every group that holds exactly one token. */
static void unbrace(struct toks *k)
{
  int changed = 1, i, j;

  while (changed) {
    changed = 0;
    for (i = 0; i + 2 < k->n; i++) {
      if (strcmp(k->t[i], "{") != 0 || strcmp(k->t[i + 2], "}") != 0 ||
          strcmp(k->t[i + 1], "{") == 0 || strcmp(k->t[i + 1], "}") == 0)
        continue;
      free(k->t[i]);
      free(k->t[i + 2]);
      k->t[i] = k->t[i + 1];
      for (j = i + 1; j + 2 < k->n; j++)
        k->t[j] = k->t[j + 2];
      k->n -= 2;
      changed = 1;
    }
  }
}

/* Whether got and want are the same token sequence. */
static int tex_equal(const char *got, const char *want)
{
  struct toks a, b;
  int i, same;

  tokenize(got, &a);
  tokenize(want, &b);
  unbrace(&a);
  unbrace(&b);
  same = a.n == b.n;
  for (i = 0; same && i < a.n; i++)
    same = strcmp(a.t[i], b.t[i]) == 0;
  toks_free(&a);
  toks_free(&b);
  return same;
}

/* The tokenizer itself: the comparison must be able to fail. */
START_TEST(token_compare)
{
  ck_assert(tex_equal("\\hat{y}^{2}", "\\hat{y}^2"));
  ck_assert(tex_equal("x y", "xy"));
  ck_assert(tex_equal("{{x}}", "x"));
  ck_assert(!tex_equal("\\sigmax", "\\sigma x"));
  ck_assert(!tex_equal("\\left( x \\right)", "(x)"));
  ck_assert(!tex_equal("{xy}", "xy"));
  ck_assert(!tex_equal("x^{2}", "x^{3}"));
  ck_assert(!tex_equal("xy", "xy'"));
}
END_TEST

/* ---- fixture ---- */

static struct dc_ctx *ctx;
static struct dc_func fn_f, fn_g, fn_sigma, fn_F;
static struct dc_symbol sym_ell, sym_ystar;

static struct dc_name *intern(const char *s)
{
  struct dc_name *n = dc_intern(ctx, s, strlen(s));
  ck_assert_ptr_nonnull(n);
  return n;
}

static void add_func(struct dc_func *f, const char *name, int nparams,
                     const char *latex)
{
  static const char *const params[] = { "x", "y" };
  int i;

  memset(f, 0, sizeof *f);
  f->name = intern(name);
  f->nparams = nparams;
  for (i = 0; i < nparams; i++)
    f->params[i] = intern(params[i]);
  f->latex = latex;
  f->name->func = f;
}

static void add_symbol(struct dc_symbol *s, const char *name,
                       const char *latex)
{
  memset(s, 0, sizeof *s);
  s->name = intern(name);
  s->latex = latex;
  s->name->sym = s;
}

/* User functions f(x), sigma(x), g(x, y), F(x) (LaTeX \mathcal{F}); the
** symbols ell (\ell) and ystar (y^{*}) have explicit LaTeX. */
static void setup(void)
{
  ctx = dc_ctx_new();
  ck_assert_ptr_nonnull(ctx);
  add_func(&fn_f, "f", 1, NULL);
  add_func(&fn_sigma, "sigma", 1, NULL);
  add_func(&fn_g, "g", 2, NULL);
  add_func(&fn_F, "F", 1, "\\mathcal{F}");
  add_symbol(&sym_ell, "ell", "\\ell");
  add_symbol(&sym_ystar, "ystar", "y^{*}");
}

static void teardown(void)
{
  dc_ctx_free(ctx);
}

static struct dc_node *parse(const char *s)
{
  struct dc_diags d;
  struct dc_node *e;

  dc_diags_init(&d);
  e = dc_parse_expr(ctx, s, strlen(s), NULL, &d);
  if (!e)
    ck_abort_msg("'%s' does not parse: %s", s, d.n ? d.v[0].msg : "?");
  dc_diags_free(&d);
  return e;
}

static void expect(const struct dc_node *e, const char *what,
                   const char *want)
{
  char *s = dc_latex_string(e);

  ck_assert_ptr_nonnull(s);
  ck_assert_msg(tex_equal(s, want), "%s: got '%s', want '%s'", what, s,
                want);
  free(s);
}

/* ---- the reference post ---- */

/* The chain as in specs/bce.yaml and the display line of the post. */
static const struct {
  const char *chain, *line;
} ref[] = {
  { "L = -y*log(yhat) - (1 - y)*log(1 - yhat)",
    "L = -y \\log \\hat{y}  - (1 - y) \\log (1 - \\hat{y})" },
  { "diff(L, yhat) = -y/yhat + (1 - y)/(1 - yhat)",
    "\\frac{dL}{d\\hat{y}} & = - \\frac{y}{\\hat{y}} + "
    "\\frac{1 - y}{1 - \\hat{y}}" },
  { "diff(yhat, w) = x", "\\frac{d\\hat{y}}{dw} & = x" },
  { "diff(yhat, b) = 1", "\\frac{d\\hat{y}}{db} & = 1" },
  { "pdiff(L, w) = diff(L, yhat)*diff(yhat, w)",
    "\\frac{\\partial{L}}{\\partial{w}} & = \\frac{dL}{d\\hat{y}} "
    "\\frac{d\\hat{y}}{dw}" },
  { "-x*y/yhat + x*(1 - y)/(1 - yhat)",
    "& = -\\frac{xy}{\\hat{y}} + \\frac{x(1 - y)}{1 - \\hat{y}}" },
  { "pdiff(L, b) = diff(L, yhat)*diff(yhat, b)",
    "\\frac{\\partial{L}}{\\partial{b}} & = \\frac{dL}{d\\hat{y}} "
    "\\frac{d\\hat{y}}{db}" },
  { "-y/yhat + (1 - y)/(1 - yhat)",
    "& = - \\frac{y}{\\hat{y}} + \\frac{1 - y}{1 - \\hat{y}}" },
  { "(yhat - y*yhat - y + y*yhat)/((1 - yhat)*yhat)",
    "& = \\frac{\\hat{y}-y\\hat{y} - y + y\\hat{y}}{(1-\\hat{y})\\hat{y}}" },
  { "(yhat - y)/(yhat - yhat^2)",
    "& = \\frac{\\hat{y} - y}{\\hat{y} - \\hat{y}^2}" },
  { "1/(1 - yhat) - y/(yhat*(1 - yhat))",
    "& = \\frac{1}{1- \\hat{y}} - \\frac{y}{\\hat{y}(1 - \\hat{y})}" },
  { "pdiff(L, z) = diff(L, a)*diff(a, z)",
    "\\frac{\\partial{L}}{\\partial{z}} & = \\frac{dL}{da} \\frac{da}{dz}" },
  { "(-y/a + (1 - y)/(1 - a))*(1/(1 + exp(-z)))'",
    "& = \\left(-\\frac{y}{a} + \\frac{1 - y}{1 - a} \\right) "
    "\\left( \\frac{1}{1 + e^{-z}} \\right)'" },
  { "(-y/a + (1 - y)/(1 - a))*(a*(1 - a))",
    "& = \\left(-\\frac{y}{a} + \\frac{1 - y}{1 - a} \\right)  (a (1 - a))" },
  { "-y*(1 - a) + a*(1 - y)", "& = -y ( 1 - a) + a (1 - y)" },
  { "-y + a*y + a - a*y", "& = -y + ay + a - ay" },
  { "a - y", "& = a - y" },
  { "sigma(x) = 1/(1 + exp(-x))", "\\sigma(x) = \\frac{1}{1 + e^{-x}}" },
  { "f(x) = 1/sigma(x) = 1 + exp(-x)",
    "f(x) = \\frac{1}{\\sigma(x)} = 1 + e^{-x}" },
  { "f'(x) = -exp(-x) = diff([1/sigma(x)], x)",
    "f'(x) & = -e^{-x} = \\frac{d\\left[ \\frac{1}{\\sigma(x)} \\right]}{dx}" },
  { "[sigma(x)^(-1)]'", "& = [\\sigma(x)^{-1}]'" },
  { "-sigma(x)^(-2)*sigma'(x)", "& = -\\sigma(x)^{-2} \\sigma ' (x)" },
  { "-sigma'(x)/sigma(x)^2", "& = - \\frac{\\sigma '(x)}{\\sigma (x)^2}" },
  { "-exp(-x) = f'(x) = 1 - f(x) = 1 - 1/sigma(x) = (sigma(x) - 1)/sigma(x)",
    "-e^{-x} = f'(x) = 1 - f(x) = 1 - \\frac{1}{\\sigma (x)} = "
    "\\frac{\\sigma (x) - 1}{\\sigma (x)}" },
  { "-sigma'(x)/sigma(x)^2 = (sigma(x) - 1)/sigma(x)",
    "- \\frac{\\sigma '(x)}{\\sigma (x)^2} & = "
    "\\frac{\\sigma (x) - 1}{\\sigma (x)}" },
  { "sigma'(x) = (1 - sigma(x))/sigma(x)*sigma(x)^2",
    "\\sigma' (x) & = \\frac{1 - \\sigma(x)}{\\sigma (x)} \\sigma (x)^2" },
  { "sigma(x)*(1 - sigma(x))", "& = \\sigma (x) (1 - \\sigma (x))" },
};

/* The line without its alignment: '&' and a continuation's leading '='
** belong to the document, not to the expressions. */
static void strip_alignment(const char *line, char *out, size_t cap)
{
  size_t n = 0;
  const char *p;

  while (*line == ' ')
    line++;
  if (line[0] == '&') {
    line++;
    while (*line == ' ')
      line++;
    if (*line == '=')
      line++;
  }
  for (p = line; *p && n + 1 < cap; p++)
    if (*p != '&')
      out[n++] = *p;
  out[n] = '\0';
}

/* Every reference line: the chain's expressions typeset and joined by =. */
START_TEST(reference_post)
{
  struct dc_parse_out out;
  struct dc_diags d;
  struct dc_buf b;
  char want[1024];
  size_t i;

  memset(&out, 0, sizeof out);
  dc_diags_init(&d);
  ck_assert_int_eq(dc_parse_chain(ctx, ref[_i].chain, strlen(ref[_i].chain),
                                  NULL, 1, &d, &out), 0);
  dc_buf_init(&b);
  for (i = 0; i < out.nexprs; i++) {
    if (i > 0)
      dc_buf_puts(&b, " = ");
    dc_latex_print(&b, out.exprs[i].expr);
  }
  ck_assert_int_eq(b.oom, 0);
  strip_alignment(ref[_i].line, want, sizeof want);
  ck_assert_msg(tex_equal(b.s, want), "line %d: got '%s', want '%s'",
                _i + 1, b.s, want);
  dc_buf_free(&b);
  dc_parse_out_free(&out);
  dc_diags_free(&d);
}
END_TEST

/* ---- golden cases on parsed expressions ---- */

static const struct {
  const char *in, *want;
} golden[] = {
  /* the reference post's expressions one by one */
  { "pdiff(L, w)", "\\frac{\\partial{L}}{\\partial{w}}" },
  { "diff(L, yhat)", "\\frac{dL}{d\\hat{y}}" },
  { "diff(L, yhat)*diff(yhat, w)",
    "\\frac{dL}{d\\hat{y}} \\frac{d\\hat{y}}{dw}" },
  { "-y*log(yhat) - (1 - y)*log(1 - yhat)",
    "-y \\log \\hat{y} - (1 - y) \\log (1 - \\hat{y})" },
  { "diff([1/sigma(x)], x)",
    "\\frac{d\\left[ \\frac{1}{\\sigma(x)} \\right]}{dx}" },
  { "(sigma(x) - 1)/sigma(x)", "\\frac{\\sigma(x) - 1}{\\sigma(x)}" },
  /* Greek letters */
  { "alpha", "\\alpha" }, { "beta", "\\beta" }, { "gamma", "\\gamma" },
  { "delta", "\\delta" }, { "epsilon", "\\epsilon" },
  { "varepsilon", "\\varepsilon" }, { "zeta", "\\zeta" }, { "eta", "\\eta" },
  { "theta", "\\theta" }, { "vartheta", "\\vartheta" }, { "iota", "\\iota" },
  { "kappa", "\\kappa" }, { "lambda", "\\lambda" }, { "mu", "\\mu" },
  { "nu", "\\nu" }, { "xi", "\\xi" }, { "pi", "\\pi" }, { "varpi", "\\varpi" },
  { "rho", "\\rho" }, { "varrho", "\\varrho" }, { "varsigma", "\\varsigma" },
  { "tau", "\\tau" }, { "upsilon", "\\upsilon" }, { "phi", "\\phi" },
  { "varphi", "\\varphi" }, { "chi", "\\chi" }, { "psi", "\\psi" },
  { "omega", "\\omega" },
  { "Gamma", "\\Gamma" }, { "Delta", "\\Delta" }, { "Theta", "\\Theta" },
  { "Lambda", "\\Lambda" }, { "Xi", "\\Xi" }, { "Pi", "\\Pi" },
  { "Sigma", "\\Sigma" }, { "Upsilon", "\\Upsilon" }, { "Phi", "\\Phi" },
  { "Psi", "\\Psi" }, { "Omega", "\\Omega" },
  /* not Greek in LaTeX: upright */
  { "Alpha", "\\mathrm{Alpha}" }, { "omicron", "\\mathrm{omicron}" },
  /* letters, multi-letter names */
  { "x", "x" }, { "L", "L" }, { "e", "e" }, { "rate", "\\mathrm{rate}" },
  { "dt", "\\mathrm{dt}" },
  /* accents */
  { "yhat", "\\hat{y}" }, { "sigmahat", "\\hat{\\sigma}" },
  { "xbar", "\\bar{x}" }, { "vvec", "\\vec{v}" }, { "xdot", "\\dot{x}" },
  { "ztilde", "\\tilde{z}" }, { "Xhat", "\\hat{X}" },
  { "losshat", "\\hat{\\mathrm{loss}}" },
  { "hat", "\\mathrm{hat}" }, { "bar", "\\mathrm{bar}" },
  { "vec", "\\mathrm{vec}" },
  /* subscripts */
  { "w_12", "w_{12}" }, { "z_i", "z_{i}" }, { "x_max", "x_{\\mathrm{max}}" },
  { "x1", "x_{1}" }, { "w12", "w_{12}" }, { "alpha_i", "\\alpha_{i}" },
  { "theta0", "\\theta_{0}" }, { "x_alpha", "x_{\\alpha}" },
  { "yhat_1", "\\hat{y}_{1}" }, { "xhat2", "\\hat{x}_{2}" },
  { "_x", "\\mathrm{\\_x}" }, { "x_", "\\mathrm{x\\_}" },
  /* explicit LaTeX of a symbol and of a function */
  { "ell", "\\ell" }, { "ell*x", "\\ell x" }, { "2*ell", "2\\ell" },
  { "F(x)", "\\mathcal{F}(x)" }, { "F'(x)", "\\mathcal{F}'(x)" },
  { "ystar^2", "{y^{*}}^{2}" }, { "ystar'", "{y^{*}}'" },
  { "ystar + 1", "y^{*} + 1" },
  /* a control word never runs into a letter */
  { "alpha*x", "\\alpha x" }, { "alpha*beta", "\\alpha \\beta" },
  { "x*alpha", "x\\alpha" }, { "pi*r^2", "\\pi r^{2}" },
  /* numbers */
  { "42", "42" }, { "0.5", "0.5" }, { ".5", "0.5" }, { "5.", "5" },
  { "1e-30", "1 \\times 10^{-30}" }, { "2.5E+3", "2.5 \\times 10^{3}" },
  { "1e05", "1 \\times 10^{5}" },
  { "123456789012345678901234567890", "123456789012345678901234567890" },
  { "1e-30^2", "(1 \\times 10^{-30})^{2}" },
  /* products */
  { "x*y", "xy" }, { "a*(1-a)", "a(1 - a)" }, { "2*x", "2x" },
  { "2*3", "2 \\cdot 3" }, { "x*2", "x \\cdot 2" }, { "x*0.5", "x \\cdot 0.5" },
  { "2*x^2", "2x^{2}" }, { "x*2^y", "x \\cdot 2^{y}" }, { "a*b*c", "abc" },
  { "x*1e-3", "x \\cdot 1 \\times 10^{-3}" },
  { "x*-y", "x(-y)" }, { "(-x)*y", "(-x)y" }, { "-x*y", "-xy" },
  { "x*sigma(x)", "x\\sigma(x)" }, { "sigma(x)*x", "\\sigma(x) x" },
  { "2*(x + 1)", "2(x + 1)" }, { "x*exp(x)", "xe^{x}" },
  { "a/b*c", "\\frac{a}{b} c" }, { "x*(1/y)", "x\\left( \\frac{1}{y} \\right)" },
  { "x*[y + 1]", "x[y + 1]" }, { "2*pi", "2\\pi" },
  { "yhat*(1 - yhat)", "\\hat{y}(1 - \\hat{y})" },
  /* fractions */
  { "a/b", "\\frac{a}{b}" }, { "x*y/z", "\\frac{xy}{z}" },
  { "(1 - y)/(1 - yhat)", "\\frac{1 - y}{1 - \\hat{y}}" },
  { "-x*y/yhat", "-\\frac{xy}{\\hat{y}}" }, { "(-x)/y", "-\\frac{x}{y}" },
  { "(-x*y)/z", "-\\frac{xy}{z}" }, { "(-(a + b))/c", "-\\frac{a + b}{c}" },
  { "-(-x)/y", "-\\left( -\\frac{x}{y} \\right)" },
  { "a/b/c", "\\frac{\\frac{a}{b}}{c}" }, { "a/(b/c)", "\\frac{a}{\\frac{b}{c}}" },
  { "((a + b))/c", "\\frac{(a + b)}{c}" },
  { "1/(1 + 1/x)", "\\frac{1}{1 + \\frac{1}{x}}" },
  { "a + -b/c", "a + \\left( -\\frac{b}{c} \\right)" },
  { "(1 + 1/x)*y", "\\left( 1 + \\frac{1}{x} \\right) y" },
  /* sums and signs */
  { "a + b - c", "a + b - c" }, { "a - (b - c)", "a - (b - c)" },
  { "a - -b", "a - (-b)" }, { "a + -b", "a + (-b)" },
  { "a + (-b)", "a + (-b)" }, { "-(a + b)", "-(a + b)" }, { "--x", "-(-x)" },
  { "+x - y", "x - y" }, { "-2*x", "-2x" },
  /* exp */
  { "exp(x)", "e^{x}" }, { "exp(-x)", "e^{-x}" },
  { "exp((x + 1))", "e^{x + 1}" }, { "exp(x)^2", "(e^{x})^{2}" },
  /* issue 11: a fraction in an exponent is set inline */
  { "exp(1/x)^2", "(e^{1/x})^{2}" },
  { "exp(x/2)", "e^{x/2}" }, { "exp(exp(x))", "e^{e^{x}}" },
  /* operator builtins, simple and compound arguments */
  { "log(x)", "\\log x" }, { "log(1 - yhat)", "\\log (1 - \\hat{y})" },
  { "log(1/x)", "\\log \\left( \\frac{1}{x} \\right)" },
  { "log((x))", "\\log x" }, { "log(2)", "\\log 2" },
  { "log(alpha)", "\\log \\alpha" }, { "log(sigma(x))", "\\log \\sigma(x)" },
  { "log(x^2)", "\\log (x^{2})" }, { "log(-x)", "\\log (-x)" },
  { "log(1e-3)", "\\log (1 \\times 10^{-3})" }, { "log([x])", "\\log [x]" },
  { "log(x)^2", "(\\log x)^{2}" }, { "log(x)*y", "\\log (x) y" },
  { "y*log(x)", "y \\log x" }, { "log(x)*y*z", "\\log (x) yz" },
  { "-log(x)", "-\\log x" }, { "log(x)'", "(\\log x)'" },
  { "ln(x)", "\\ln x" }, { "ln(x + 1)", "\\ln (x + 1)" },
  { "sin(x)", "\\sin x" }, { "sin(2*x)", "\\sin (2x)" },
  { "cos(theta)", "\\cos \\theta" }, { "cos(x - y)", "\\cos (x - y)" },
  { "tan(x)", "\\tan x" }, { "tan(x/2)", "\\tan \\left( \\frac{x}{2} \\right)" },
  { "sinh(x)", "\\sinh x" }, { "sinh(-x)", "\\sinh (-x)" },
  { "cosh(x)", "\\cosh x" }, { "cosh(x^2)", "\\cosh (x^{2})" },
  { "tanh(z)", "\\tanh z" }, { "tanh(w*x + b)", "\\tanh (wx + b)" },
  { "asin(x)", "\\arcsin x" }, { "asin(x/2)",
    "\\arcsin \\left( \\frac{x}{2} \\right)" },
  { "acos(x)", "\\arccos x" }, { "acos(1 - x)", "\\arccos (1 - x)" },
  { "atan(x)", "\\arctan x" }, { "atan(x*y)", "\\arctan (xy)" },
  { "erf(x)", "\\operatorname{erf} x" },
  { "erf(x/2)", "\\operatorname{erf} \\left( \\frac{x}{2} \\right)" },
  { "sin(x)^2 + cos(x)^2", "\\sin^{2} x + \\cos^{2} x" },
  /* sqrt, abs */
  { "sqrt(x)", "\\sqrt{x}" }, { "sqrt(x + 1)", "\\sqrt{x + 1}" },
  { "sqrt((x))", "\\sqrt{x}" }, { "sqrt(x)^3", "(\\sqrt{x})^{3}" },
  { "2*sqrt(x)", "2\\sqrt{x}" },
  { "abs(x)", "\\left| x \\right|" }, { "abs(x - 1)", "\\left| x - 1 \\right|" },
  { "abs(x)^2", "\\left| x \\right|^{2}" },
  /* builtins with primes */
  { "exp'(x)", "\\exp'(x)" }, { "sin''(x)", "\\sin''(x)" },
  { "sqrt'(x)", "\\operatorname{sqrt}'(x)" },
  /* user functions */
  { "g(x, y)", "g(x, y)" }, { "g(x + 1, (y))", "g(x + 1, y)" },
  { "f(1/x)", "f\\left( \\frac{1}{x} \\right)" }, { "f((x))", "f(x)" },
  { "sigma''(x)", "\\sigma''(x)" }, { "f'(x)", "f'(x)" },
  { "sigma(x)^(-1)", "\\sigma(x)^{-1}" }, { "sigma(x)^2", "\\sigma(x)^{2}" },
  { "sigma'(x)^2", "\\sigma'(x)^{2}" },
  /* powers */
  { "x^2", "x^{2}" }, { "x**2", "x^{2}" }, { "x^(1/2)", "x^{1/2}" },
  { "(a + b)^2", "(a + b)^{2}" }, { "a^b^c", "a^{b^{c}}" },
  { "(a^b)^c", "(a^{b})^{c}" }, { "-x^2", "-x^{2}" }, { "(-x)^2", "(-x)^{2}" },
  { "2^-x", "2^{-x}" }, { "[x + 1]^2", "[x + 1]^{2}" }, { "y'^2", "y'^{2}" },
  { "diff(y, x)^2", "\\left( \\frac{dy}{dx} \\right)^{2}" },
  { "x1^2", "x_{1}^{2}" }, { "yhat^2", "\\hat{y}^{2}" },
  { "(1/x)^2", "\\left( \\frac{1}{x} \\right)^{2}" },
  { "x^[2]", "x^{[2]}" },
  /* primes */
  { "y'", "y'" }, { "y''", "y''" }, { "yhat'", "\\hat{y}'" },
  { "(x^2)'", "(x^{2})'" }, { "[x^2]''", "[x^{2}]''" },
  { "(1/(1 + exp(-z)))'", "\\left( \\frac{1}{1 + e^{-z}} \\right)'" },
  { "[1/x]'", "\\left[ \\frac{1}{x} \\right]'" }, { "f(x)'", "f(x)'" },
  { "exp(x)'", "(e^{x})'" }, { "sqrt(x)'", "\\sqrt{x}'" }, { "-y'", "-y'" },
  /* diff and pdiff: every operand kind and order */
  { "diff(y, x, 2)", "\\frac{d^{2}y}{dx^{2}}" },
  { "pdiff(L, w, 2)", "\\frac{\\partial^{2} L}{\\partial w^{2}}" },
  { "diff(y, x, 1)", "\\frac{dy}{dx}" },
  { "pdiff(y, x1, 2)", "\\frac{\\partial^{2} y}{\\partial x_{1}^{2}}" },
  { "diff(sigma(x), x)", "\\frac{d\\sigma(x)}{dx}" },
  { "diff(g(x, y), y)", "\\frac{dg(x, y)}{dy}" },
  { "diff((x + 1), x)", "\\frac{d(x + 1)}{dx}" },
  { "diff(x^2, x)", "\\frac{d[x^{2}]}{dx}" },
  { "diff(1/sigma(x), x)",
    "\\frac{d\\left[ \\frac{1}{\\sigma(x)} \\right]}{dx}" },
  { "pdiff(x*y, x)", "\\frac{\\partial [xy]}{\\partial x}" },
  { "diff(-x, x)", "\\frac{d[-x]}{dx}" },
  { "diff(log(x), x)", "\\frac{d[\\log x]}{dx}" },
  { "diff(exp(x), x)", "\\frac{d[e^{x}]}{dx}" },
  { "diff(sqrt(x), x)", "\\frac{d\\sqrt{x}}{dx}" },
  { "diff(2, x)", "\\frac{d[2]}{dx}" }, { "diff(y', x)", "\\frac{d[y']}{dx}" },
  { "diff(diff(y, x), x)", "\\frac{d\\left[ \\frac{dy}{dx} \\right]}{dx}" },
  { "diff(x^3, x, 3)", "\\frac{d^{3}[x^{3}]}{dx^{3}}" },
  { "pdiff(f(x), x, 2)", "\\frac{\\partial^{2} f(x)}{\\partial x^{2}}" },
  { "diff(yhat, alpha)", "\\frac{d\\hat{y}}{d\\alpha}" },
  { "pdiff(ell, alpha)", "\\frac{\\partial \\ell}{\\partial \\alpha}" },
  { "-diff(f(x), x)*2", "-\\frac{df(x)}{dx} \\cdot 2" },
  { "diff(L, yhat)*x", "\\frac{dL}{d\\hat{y}} x" },
  /* brackets and parentheses as written */
  { "[a]", "[a]" }, { "[(a)]", "[(a)]" }, { "((a))", "((a))" },
  { "[a]/b", "\\frac{[a]}{b}" }, { "f([x])", "f([x])" },
  { "exp([x])", "e^{[x]}" }, { "[a + b]*c", "[a + b]c" },
  { "(a + b)*(a - b)", "(a + b)(a - b)" },
  { "((1/x))", "\\left( \\left( \\frac{1}{x} \\right) \\right)" },
  /* issue 11: a root raised to a power is parenthesised; its prime not */
  { "sqrt(t)^2", "(\\sqrt{t})^{2}" }, { "(sqrt(t))^2", "(\\sqrt{t})^{2}" },
  { "sqrt(1/x)^2", "\\left( \\sqrt{\\frac{1}{x}} \\right)^{2}" },
  { "sqrt(x^2)", "\\sqrt{x^{2}}" }, { "2*sqrt(x)^2", "2(\\sqrt{x})^{2}" },
  /* issue 11: fractions inside exponents are inline, a/b */
  { "exp(-x^2/2)", "e^{-x^{2}/2}" }, { "x^(-1/2)", "x^{-1/2}" },
  { "exp((a + b)/2)", "e^{(a + b)/2}" }, { "exp(x/(2*y))", "e^{x/(2y)}" },
  { "exp(-(x - m)^2/(2*s^2))", "e^{-(x - m)^{2}/(2s^{2})}" },
  { "exp(y*(x/2))", "e^{y(x/2)}" }, { "2^(x/y/z)", "2^{x/y/z}" },
  { "exp(log(x)/2)", "e^{(\\log x)/2}" }, { "exp(x/2)^2", "(e^{x/2})^{2}" },
  { "exp(x^(1/2))", "e^{x^{1/2}}" }, { "exp(sigma(x/2))", "e^{\\sigma(x/2)}" },
  { "exp(sqrt(x/2))", "e^{\\sqrt{x/2}}" }, { "x^(a/(b/c))", "x^{a/(b/c)}" },
  { "x/2 + exp(x/2)", "\\frac{x}{2} + e^{x/2}" },
  { "exp(x/2)/2", "\\frac{e^{x/2}}{2}" },
  /* issue 11: powers of sin, cos, tan and the hyperbolic functions */
  { "cosh(x)^2", "\\cosh^{2} x" }, { "sin(2*x)^2", "\\sin^{2}(2x)" },
  { "tanh(z)^3", "\\tanh^{3} z" }, { "-cos(x)^2", "-\\cos^{2} x" },
  { "y*sin(x)^2", "y \\sin^{2} x" }, { "sin(x)^2*y", "\\sin^{2}(x) y" },
  { "sin(x/2)^2", "\\sin^{2} \\left( \\frac{x}{2} \\right)" },
  { "sin(sigma(x))^2", "\\sin^{2} \\sigma(x)" },
  { "(sin(x)^2)^3", "(\\sin^{2} x)^{3}" },
  /* ... but not for other exponents, nor for log and the inverses */
  { "sin(x)^(-1)", "(\\sin x)^{-1}" }, { "sin(x)^(1/2)", "(\\sin x)^{1/2}" },
  { "sin(x)^y", "(\\sin x)^{y}" }, { "sin(x)^2.5", "(\\sin x)^{2.5}" },
  { "(sin(x))^2", "(\\sin x)^{2}" }, { "asin(x)^2", "(\\arcsin x)^{2}" },
  /* issue 11: a call as an operator's argument keeps only its own ( ) */
  { "log(sigma(z))", "\\log \\sigma(z)" },
  { "log(sigma'(z))", "\\log \\sigma'(z)" },
  { "sin(g(x, y))", "\\sin g(x, y)" }, { "log(F(x))", "\\log \\mathcal{F}(x)" },
  { "log(sigma(z))*y", "\\log (\\sigma(z)) y" },
  { "log(exp(x))", "\\log (e^{x})" }, { "log(sin(x))", "\\log (\\sin x)" },
};

START_TEST(golden_cases)
{
  expect(parse(golden[_i].in), golden[_i].in, golden[_i].want);
}
END_TEST

/* Issue 11: spacing around \left( ... \right) in products, compared
** byte for byte.  TeX already puts a thin space between a factor and an
** inner \left...\right group, so the printer adds no spacing command; the
** source has one space between factors and one inside each delimiter, in
** call arguments as in groups. */
static const struct {
  const char *in, *want;
} spacing[] = {
  { "x*(1/y)", "x \\left( \\frac{1}{y} \\right)" },
  { "(1/x)*y", "\\left( \\frac{1}{x} \\right) y" },
  { "(1/x)*(1/y)", "\\left( \\frac{1}{x} \\right) \\left( \\frac{1}{y} \\right)" },
  { "f(1/x)", "f\\left( \\frac{1}{x} \\right)" },
  { "2*f(1/x)*y", "2f\\left( \\frac{1}{x} \\right) y" },
  { "(a + 1/b)*(a - b)", "\\left( a + \\frac{1}{b} \\right) (a - b)" },
};

START_TEST(spacing_exact)
{
  char *got = dc_latex_string(parse(spacing[_i].in));

  ck_assert_ptr_nonnull(got);
  ck_assert_msg(strcmp(got, spacing[_i].want) == 0, "%s: got '%s', want '%s'",
                spacing[_i].in, got, spacing[_i].want);
  free(got);
}
END_TEST

/* ---- generated trees ---- */

static struct dc_node *nm(const char *s)
{
  return dc_name_node(ctx, intern(s));
}

static struct dc_node *bin(enum dc_kind k, struct dc_node *a,
                           struct dc_node *b)
{
  return dc_binary(ctx, k, a, b, 0);
}

static struct dc_node *neg(struct dc_node *a)
{
  return dc_unary(ctx, DC_NEG, a);
}

static struct dc_node *rat(long n, long d)
{
  struct dc_node *r;
  mpq_t q;

  mpq_init(q);
  mpq_set_si(q, n, (unsigned long)d);
  mpq_canonicalize(q);
  r = dc_num(ctx, q, NULL);
  mpq_clear(q);
  return r;
}

static struct dc_node *call1(const char *fn, struct dc_node *a)
{
  return dc_call(ctx, intern(fn), 0, 1, &a);
}

/* Generated tree number i (built here, since it needs the context). */
static struct dc_node *gen_tree(int i)
{
  struct dc_node *a = nm("a"), *b = nm("b"), *c = nm("c");
  struct dc_node *x = nm("x"), *y = nm("y"), *two = dc_num_si(ctx, 2);
  struct dc_node *one = dc_num_si(ctx, 1), *args[2];
  struct dc_domain dom;

  switch (i) {
  case 0: return bin(DC_MUL, bin(DC_ADD, a, b), c);
  case 1: return bin(DC_MUL, c, bin(DC_ADD, a, b));
  case 2: return bin(DC_SUB, a, bin(DC_SUB, b, c));
  case 3: return bin(DC_ADD, a, bin(DC_ADD, b, c));
  case 4: return bin(DC_MUL, a, bin(DC_MUL, b, c));
  case 5: return bin(DC_MUL, neg(x), y);
  case 6: return neg(bin(DC_ADD, a, b));
  case 7: return neg(neg(a));
  case 8: return bin(DC_POW, bin(DC_ADD, a, b), two);
  case 9: return bin(DC_POW, bin(DC_MUL, a, b), two);
  case 10: return bin(DC_POW, bin(DC_DIV, a, b), two);
  case 11: return bin(DC_POW, neg(a), two);
  case 12: return bin(DC_POW, bin(DC_POW, a, b), c);
  case 13: return bin(DC_POW, call1("exp", x), two);
  case 14: return bin(DC_POW, call1("log", x), two);
  case 15: return bin(DC_DIV, neg(a), b);
  case 16: return neg(bin(DC_DIV, neg(a), b));
  case 17: return bin(DC_ADD, a, neg(b));
  case 18: return bin(DC_SUB, a, bin(DC_DIV, neg(a), b));
  case 19: return bin(DC_MUL, a, bin(DC_DIV, b, c));
  case 20: return bin(DC_MUL, a, bin(DC_ADD, bin(DC_DIV, one, x), y));
  case 21: return dc_prime(ctx, bin(DC_ADD, a, b), 1);
  case 22: return dc_prime(ctx, dc_prime(ctx, y, 1), 1);
  case 23: return dc_prime(ctx, bin(DC_DIV, one, x), 1);
  case 24: return bin(DC_MUL, dc_num_si(ctx, -3), x);
  case 25: return bin(DC_ADD, x, dc_num_si(ctx, -3));
  case 26: return bin(DC_MUL, x, rat(1, 2));
  case 27: return bin(DC_ADD, x, rat(-1, 2));
  case 28: return bin(DC_POW, rat(1, 2), x);
  case 29: return bin(DC_MUL, dc_const(ctx, DC_CONST_PI),
                      dc_const(ctx, DC_CONST_E));
  case 30: return bin(DC_ADD, dc_hole(ctx, intern("yhat")),
                      dc_param(ctx, intern("f"), 0));
  case 31: return dc_with(ctx, x, bin(DC_DIV, one, y));
  case 32:
    memset(&dom, 0, sizeof dom);
    dom.lo_inf = dom.hi_inf = 1;
    return bin(DC_POW, dc_guard(ctx, bin(DC_MUL, a, b), &dom), two);
  case 33: return dc_diff(ctx, bin(DC_ADD, x, y), x, 2, 0);
  case 34: return dc_param(ctx, intern("g"), 5);
  case 35: return bin(DC_MUL, call1("log", x), y);
  case 36: return neg(bin(DC_MUL, a, neg(b)));
  case 37: return bin(DC_MUL, bin(DC_MUL, a, call1("log", x)), y);
  case 38: return bin(DC_SUB, neg(a), neg(bin(DC_MUL, b, c)));
  case 39:
    args[0] = bin(DC_ADD, x, y);
    args[1] = neg(bin(DC_MUL, x, y));
    return dc_call(ctx, intern("g"), 0, 2, args);
  case 40: return rat(-7, 3);
  case 41: return bin(DC_MUL, two, dc_const(ctx, DC_CONST_PI));
  case 42: return bin(DC_MUL, a, neg(bin(DC_DIV, b, c)));
  case 43: return bin(DC_DIV, bin(DC_ADD, a, b), bin(DC_SUB, a, b));
  default: return NULL;
  }
}

static const char *const gen_want[] = {
  /* 0 */ "(a + b)c", "c(a + b)", "a - (b - c)", "a + (b + c)",
  /* 4 */ "a(bc)", "(-x)y", "-(a + b)", "-(-a)",
  /* 8 */ "(a + b)^{2}", "(ab)^{2}", "\\left( \\frac{a}{b} \\right)^{2}",
  /* 11 */ "(-a)^{2}", "(a^{b})^{c}", "(e^{x})^{2}", "(\\log x)^{2}",
  /* 15 */ "-\\frac{a}{b}", "-\\left( -\\frac{a}{b} \\right)", "a + (-b)",
  /* 18 */ "a - \\left( -\\frac{a}{b} \\right)", "a \\frac{b}{c}",
  /* 20 */ "a \\left( \\frac{1}{x} + y \\right)", "(a + b)'", "(y')'",
  /* 23 */ "\\left( \\frac{1}{x} \\right)'", "(-3)x", "x + (-3)",
  /* 26 */ "x \\frac{1}{2}", "x + \\left( -\\frac{1}{2} \\right)",
  /* 28 */ "\\left( \\frac{1}{2} \\right)^{x}", "\\pi e", "\\hat{y} + x", "x",
  /* 32 */ "(ab)^{2}", "\\frac{d^{2}[x + y]}{dx^{2}}", "\\mathrm{arg}_{5}",
  /* 35 */ "\\log (x) y", "-a(-b)", "a \\log (x) y", "-a - (-bc)",
  /* 39 */ "g(x + y, -xy)", "-\\frac{7}{3}", "2\\pi",
  /* 42 */ "a\\left( -\\frac{b}{c} \\right)", "\\frac{a + b}{a - b}",
};

START_TEST(generated_trees)
{
  char what[32];
  struct dc_node *e = gen_tree(_i);

  ck_assert_ptr_nonnull(e);
  snprintf(what, sizeof what, "generated tree %d", _i);
  expect(e, what, gen_want[_i]);
}
END_TEST

/* ---- names through the public function ---- */

START_TEST(name_function)
{
  struct dc_buf b;

  dc_buf_init(&b);
  dc_latex_name(&b, intern("sigmahat"));
  dc_buf_puts(&b, ",");
  dc_latex_name(&b, intern("ell"));
  dc_buf_puts(&b, ",");
  dc_latex_name(&b, intern("F"));
  dc_buf_puts(&b, ",");
  dc_latex_name(&b, intern("x_max"));
  ck_assert_int_eq(b.oom, 0);
  ck_assert_str_eq(b.s, "\\hat{\\sigma},\\ell,\\mathcal{F},x_{\\mathrm{max}}");
  dc_buf_free(&b);
}
END_TEST

/* ---- well-formed TeX for any tree ---- */

static const char *const known_commands[] = {
  "\\frac", "\\left", "\\right", "\\cdot", "\\times", "\\partial", "\\sqrt",
  "\\mathrm", "\\operatorname", "\\hat", "\\bar", "\\tilde", "\\dot", "\\vec",
  "\\log", "\\ln", "\\sin", "\\cos", "\\tan", "\\sinh", "\\cosh", "\\tanh",
  "\\arcsin", "\\arccos", "\\arctan", "\\exp", "\\_",
  "\\alpha", "\\beta", "\\gamma", "\\delta", "\\epsilon", "\\varepsilon",
  "\\zeta", "\\eta", "\\theta", "\\vartheta", "\\iota", "\\kappa",
  "\\lambda", "\\mu", "\\nu", "\\xi", "\\pi", "\\varpi", "\\rho",
  "\\varrho", "\\sigma", "\\varsigma", "\\tau", "\\upsilon", "\\phi",
  "\\varphi", "\\chi", "\\psi", "\\omega", "\\Gamma", "\\Delta",
  "\\Theta", "\\Lambda", "\\Xi", "\\Pi", "\\Sigma", "\\Upsilon",
  "\\Phi", "\\Psi", "\\Omega",
  "\\ell", "\\mathcal",   /* the fixture's explicit LaTeX */
};

static int known_command(const char *t)
{
  size_t i;
  for (i = 0; i < DC_ARRAY_LEN(known_commands); i++)
    if (strcmp(t, known_commands[i]) == 0)
      return 1;
  return 0;
}

/*
** Checks that KaTeX and MathJax would accept s: balanced braces and
** \left/\right, only known commands, no bare '%' or '#', and no double
** script: after x^{..} neither ^ nor ' may follow (x'^{2} is fine).
** Returns NULL or what is wrong.
*/
static const char *tex_problem(const char *s)
{
  enum { NONE, PRIMED, SUP, SUB } state[256];
  int pending[256];   /* the group at this depth is a script's argument */
  int depth = 0, lr = 0, script = 0;   /* script: 1 after ^, 2 after _ */
  struct toks k;
  const char *bad = NULL;
  int i;

  tokenize(s, &k);
  state[0] = NONE;
  pending[0] = 0;
  for (i = 0; i < k.n && !bad; i++) {
    const char *t = k.t[i];
    if (t[0] == '\\' && isalpha((unsigned char)t[1]) && !known_command(t))
      bad = "unknown command";
    else if (!strcmp(t, "%") || !strcmp(t, "#") || !strcmp(t, "&"))
      bad = "special character";
    else if (!strcmp(t, "\\left"))
      lr++;
    else if (!strcmp(t, "\\right") && --lr < 0)
      bad = "\\right without \\left";
    if (bad || !strcmp(t, "\\left") || !strcmp(t, "\\right")) {
      /* The delimiter is part of the command; it ends any script state:
      ** \left( x^{2} \right)^{3} is fine. */
      i += !bad;
      state[depth] = NONE;
      script = 0;
      continue;
    }
    if (!strcmp(t, "{")) {
      if (depth + 1 >= 256) {
        bad = "too deep";
        break;
      }
      pending[depth + 1] = script;
      script = 0;
      state[++depth] = NONE;
    } else if (!strcmp(t, "}")) {
      if (depth == 0) {
        bad = "unbalanced }";
        break;
      }
      script = pending[depth--];
      state[depth] = script == 1 ? SUP : script == 2 ? SUB : NONE;
      script = 0;
    } else if (!strcmp(t, "^") || !strcmp(t, "_")) {
      if (script || (t[0] == '^' && state[depth] == SUP) ||
          (t[0] == '_' && state[depth] == SUB))
        bad = "double script";
      script = t[0] == '^' ? 1 : 2;
    } else if (!strcmp(t, "'")) {
      if (state[depth] == SUP)
        bad = "prime after a superscript";
      state[depth] = PRIMED;
    } else {
      state[depth] = script == 1 ? SUP : script == 2 ? SUB : NONE;
      script = 0;
    }
    if (t[0] == '_' && !bad && i + 1 < k.n && !strcmp(k.t[i + 1], "}"))
      bad = "empty subscript";
  }
  if (!bad && depth != 0)
    bad = "unbalanced {";
  if (!bad && lr != 0)
    bad = "unbalanced \\left";
  toks_free(&k);
  return bad;
}

/* The checker finds what it is meant to find. */
START_TEST(checker_catches)
{
  ck_assert_ptr_null(tex_problem("x'^{2} + \\frac{a}{b}_{1}"));
  ck_assert_ptr_nonnull(tex_problem("x^{2}^{3}"));
  ck_assert_ptr_nonnull(tex_problem("x^{2}'"));
  ck_assert_ptr_nonnull(tex_problem("{x"));
  ck_assert_ptr_nonnull(tex_problem("\\left( x"));
  ck_assert_ptr_nonnull(tex_problem("\\sigmax"));
  ck_assert_ptr_nonnull(tex_problem("50%"));
}
END_TEST

/* Every golden and reference output passes the checker. */
START_TEST(golden_well_formed)
{
  size_t i;
  for (i = 0; i < DC_ARRAY_LEN(golden); i++) {
    char *s = dc_latex_string(parse(golden[i].in));
    const char *bad;
    ck_assert_ptr_nonnull(s);
    bad = tex_problem(s);
    ck_assert_msg(bad == NULL, "'%s' -> '%s': %s", golden[i].in, s, bad);
    free(s);
  }
}
END_TEST

/* A small deterministic generator for random trees (xorshift). */
static unsigned long long rnd_state;

static unsigned rnd(unsigned n)
{
  rnd_state ^= rnd_state << 13;
  rnd_state ^= rnd_state >> 7;
  rnd_state ^= rnd_state << 17;
  return (unsigned)(rnd_state % n);
}

static struct dc_node *random_tree(int depth)
{
  static const char *const names[] = {
    "x", "yhat", "alpha", "x_max", "w12", "ell", "ystar", "Gamma", "rate"
  };
  static const char *const fns[] = { "exp", "log", "sqrt", "abs", "sin",
                                     "f", "sigma", "F" };
  static const char *const nums[] = { "0.5", "1e-3", "2" };
  struct dc_node *args[2];
  unsigned k = depth <= 0 ? rnd(3) : rnd(15);
  mpq_t q;

  switch (k) {
  case 0: return nm(names[rnd(DC_ARRAY_LEN(names))]);
  case 1: return dc_num_si(ctx, (long)rnd(5) - 2);
  case 2:
    mpq_init(q);
    mpq_set_si(q, 1, 2);
    args[0] = dc_num(ctx, q, nums[rnd(3)]);
    mpq_clear(q);
    return args[0];
  case 3: return neg(random_tree(depth - 1));
  case 4: case 5: case 6: case 7:
    return bin((enum dc_kind)(DC_ADD + (k - 4)), random_tree(depth - 1),
               random_tree(depth - 1));
  case 8:
    return bin(DC_POW, random_tree(depth - 1), random_tree(depth - 1));
  case 9:
    return dc_unary(ctx, rnd(2) ? DC_PAREN : DC_BRACKET,
                    random_tree(depth - 1));
  case 10:
    args[0] = random_tree(depth - 1);
    args[1] = random_tree(depth - 1);
    return rnd(4) == 0 ? dc_call(ctx, intern("g"), 0, 2, args)
                       : dc_call(ctx, intern(fns[rnd(DC_ARRAY_LEN(fns))]),
                                 (int)rnd(2) * (int)rnd(3), 1, args);
  case 11:
    return dc_prime(ctx, random_tree(depth - 1), 1 + (int)rnd(2));
  case 12:
    return dc_diff(ctx, random_tree(depth - 1), nm(names[rnd(3)]),
                   1 + (int)rnd(3), rnd(2) ? DC_F_PARTIAL : 0);
  case 13:
    return dc_const(ctx, (int)rnd(2));
  default:
    return bin(DC_DIV, neg(random_tree(depth - 1)), random_tree(depth - 1));
  }
}

START_TEST(random_well_formed)
{
  const char *env = getenv("DC_TEST_SEED");
  unsigned long long seed = env ? strtoull(env, NULL, 10) : 20240601;
  int i;

  rnd_state = seed * 2654435761u + 1;
  for (i = 0; i < 3000; i++) {
    struct dc_node *e = random_tree(1 + (int)rnd(6));
    char *s;
    const char *bad;

    ck_assert_ptr_nonnull(e);
    s = dc_latex_string(e);
    ck_assert_ptr_nonnull(s);
    bad = tex_problem(s);
    ck_assert_msg(bad == NULL, "seed %llu tree %d: '%s': %s", seed, i, s,
                  bad);
    free(s);
  }
}
END_TEST

static Suite *latex_suite(void)
{
  Suite *s = suite_create("latex");
  TCase *tc = tcase_create("latex");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, token_compare);
  tcase_add_loop_test(tc, reference_post, 0, (int)DC_ARRAY_LEN(ref));
  tcase_add_loop_test(tc, golden_cases, 0, (int)DC_ARRAY_LEN(golden));
  tcase_add_loop_test(tc, spacing_exact, 0, (int)DC_ARRAY_LEN(spacing));
  tcase_add_loop_test(tc, generated_trees, 0, (int)DC_ARRAY_LEN(gen_want));
  tcase_add_test(tc, name_function);
  tcase_add_test(tc, checker_catches);
  tcase_add_test(tc, golden_well_formed);
  tcase_add_test(tc, random_well_formed);
  suite_add_tcase(s, tc);
  return s;
}

DC_TEST_MAIN(latex_suite)
