/*
** latex_read.c: the grammar of the LaTeX reader (parser/latex_read.h).
**
**   expr    := ['+'|'-'] term (('+'|'-') term)*
**   term    := factor ((\cdot | \times | '*' | '/' | juxtaposition) factor)*
**   factor  := '-' factor | power
**   power   := postfix ['^' script]
**   postfix := primary "'"*
**
** It mirrors parser/parse.c (a leading '-' negates the whole first term,
** products and quotients associate to the left) so that the LaTeX the
** printer writes reads back as the tree it came from.  What TeX adds:
** juxtaposition, operators whose argument needs no parentheses (\log x),
** Leibniz fractions and \left/\right.  One error path: the first error is
** recorded and every rule returns NULL from then on.
*/
#include <stdlib.h>
#include <string.h>
#include "expr/builtins.h"
#include "expr/limits.h"
#include "expr/scope.h"
#include "expr/stack.h"
#include "parser/latex_int.h"
#include "parser/lex.h"

#define TOKF(t) (int)(t)->len, r->text + (t)->off

static struct dc_node *expr(struct dc_lreader *r);
static struct dc_node *term(struct dc_lreader *r);
static struct dc_node *factor(struct dc_lreader *r);
static struct dc_node *power(struct dc_lreader *r);

/* ---- helpers ---- */

static struct dc_node *made(struct dc_lreader *r, struct dc_node *n)
{
  if (!n && !r->failed)
    dc_lr_fail(r, dc_lr_cur(r), "out of memory: the expression arena is "
               "full");
  else if (n && n->height > DC_MAX_EXPAND_DEPTH) {
    dc_lr_fail(r, dc_lr_cur(r), "expression nests deeper than %d levels",
               DC_MAX_EXPAND_DEPTH);
    return NULL;
  }
  return r->failed ? NULL : n;
}

/* "found 'x'" or "found the end of the formula", for messages. */
static void found(struct dc_lreader *r, const char *want)
{
  const struct dc_ltoken *t = dc_lr_cur(r);

  if (t->kind == DC_LT_EOF)
    dc_lr_fail(r, t, "expected %s, found the end of the formula", want);
  else
    dc_lr_fail(r, t, "expected %s, found '%.*s'", want, TOKF(t));
}

static int expect(struct dc_lreader *r, enum dc_ltok kind, const char *want)
{
  if (dc_lr_cur(r)->kind == kind) {
    r->i++;
    return 1;
  }
  found(r, want);
  return 0;
}

/* How many tokens close a group here: ')' or \right) for close; the
** command form (\}) when cmd is given; 0 when the group does not end. */
static size_t closer(const struct dc_lreader *r, enum dc_ltok close,
                     const char *cmd)
{
  size_t k = dc_lr_is(r, 0, "right") ? 1 : 0;
  const struct dc_ltoken *t = dc_lr_peek(r, k);

  if ((close != DC_LT_EOF && t->kind == close) ||
      (cmd && dc_ltok_is(r->text, t, cmd)))
    return k + 1;
  return 0;
}

/* How many tokens open a parenthesis here: ( or \left( ; 0 when none. */
static size_t paren_open(const struct dc_lreader *r)
{
  if (dc_lr_cur(r)->kind == DC_LT_LPAREN)
    return 1;
  return dc_lr_is(r, 0, "left") && dc_lr_peek(r, 1)->kind == DC_LT_LPAREN
         ? 2 : 0;
}

static struct dc_node *braced(struct dc_lreader *r, const char *what)
{
  struct dc_node *e;

  if (!expect(r, DC_LT_LBRACE, what))
    return NULL;
  if (!(e = expr(r)))
    return NULL;
  return expect(r, DC_LT_RBRACE, "'}'") ? e : NULL;
}

/* ---- grouping the plain syntax would need ---- */

/*
** A fraction's parts, an exponent, a root's index: TeX groups them by
** their braces, the plain syntax by parentheses.  The reader adds the
** DC_PAREN an author writing the same formula in plain syntax would have
** written ((x + 1)/(x - 1) for \frac{x + 1}{x - 1}), so the two give one
** tree; the printer drops exactly these again.
*/
#define K(k) (1u << (k))
#define NUM_NEEDS (K(DC_ADD) | K(DC_SUB) | K(DC_NEG))
#define DEN_NEEDS (NUM_NEEDS | K(DC_MUL) | K(DC_DIV))

static struct dc_node *paren_if(struct dc_lreader *r, struct dc_node *e,
                                unsigned mask)
{
  if (!e || !(mask & K(e->kind)))
    return e;
  return made(r, dc_unary(r->ctx, DC_PAREN, e));
}

/* Whether e binds as tightly as a primary in the plain syntax. */
static int atomic(const struct dc_node *e)
{
  switch ((enum dc_kind)e->kind) {
  case DC_NUM: case DC_NAME: case DC_CALL: case DC_PAREN: case DC_BRACKET:
  case DC_PRIME: case DC_DIFF:
    return 1;
  default:
    return 0;
  }
}

/* x^-y and x^y^z need no parentheses in the plain syntax; x^(n + 1) does. */
static struct dc_node *exponent(struct dc_lreader *r, struct dc_node *e)
{
  if (!e || atomic(e) || e->kind == DC_POW ||
      (e->kind == DC_NEG && atomic(e->a[0])))
    return e;
  return made(r, dc_unary(r->ctx, DC_PAREN, e));
}

static struct dc_node *base(struct dc_lreader *r, struct dc_node *e)
{
  if (!e || atomic(e))
    return e;
  return made(r, dc_unary(r->ctx, DC_PAREN, e));
}

static struct dc_node *quotient(struct dc_lreader *r, struct dc_node *num,
                                struct dc_node *den)
{
  num = paren_if(r, num, NUM_NEEDS);
  den = paren_if(r, den, DEN_NEEDS);
  return num && den ? made(r, dc_binary(r->ctx, DC_DIV, num, den, 0)) : NULL;
}

static struct dc_node *raised(struct dc_lreader *r, struct dc_node *b,
                              struct dc_node *x)
{
  b = base(r, b);
  x = exponent(r, x);
  return b && x ? made(r, dc_binary(r->ctx, DC_POW, b, x, 0)) : NULL;
}

/* ---- leaves ---- */

static struct dc_node *number(struct dc_lreader *r, const char *s, size_t n)
{
  char lit[DC_MAX_NUMBER_DIGITS + 8];
  struct dc_node *e = NULL;
  mpq_t q;

  if (n >= sizeof lit) {
    dc_lr_fail(r, dc_lr_cur(r), "number has more than %d digits",
               DC_MAX_NUMBER_DIGITS);
    return NULL;
  }
  memcpy(lit, s, n);
  lit[n] = '\0';
  mpq_init(q);
  if (dc_lex_number(lit, n, q) == 0)
    e = dc_num(r->ctx, q, lit);
  mpq_clear(q);
  return made(r, e);
}

static struct dc_node *number_tok(struct dc_lreader *r)
{
  const struct dc_ltoken *t = dc_lr_cur(r);
  struct dc_node *e = number(r, r->text + t->off, t->len);
  r->i++;
  return e;
}

static struct dc_node *leaf(struct dc_lreader *r, const char *s)
{
  struct dc_name *nm = dc_intern(r->ctx, s, strlen(s));
  return made(r, nm ? dc_name_node(r->ctx, nm) : NULL);
}

static struct dc_node *call1(struct dc_lreader *r, const char *fn, int primes,
                             struct dc_node *arg)
{
  struct dc_name *nm = dc_intern(r->ctx, fn, strlen(fn));
  return arg ? made(r, nm ? dc_call(r->ctx, nm, primes, 1, &arg) : NULL)
             : NULL;
}

static int arity_of(const struct dc_name *nm)
{
  if (nm->builtin >= 0)
    return dc_builtin_info(nm->builtin)->arity;
  return nm->func ? nm->func->nparams : -1;
}

/* ---- groups ---- */

/* An opener of nopen tokens, expr, a closer; wrapped in kind unless it is
** DC_KIND_COUNT (a call's parentheses, braces: no node of their own). */
static struct dc_node *group(struct dc_lreader *r, size_t nopen,
                             enum dc_ltok close, const char *cmd,
                             enum dc_kind kind, const char *want)
{
  struct dc_node *e;
  size_t k;

  r->i += nopen;
  if (!(e = expr(r)))
    return NULL;
  if (!(k = closer(r, close, cmd))) {
    found(r, want);
    return NULL;
  }
  r->i += k;
  return kind == DC_KIND_COUNT ? e : made(r, dc_unary(r->ctx, kind, e));
}

/* | e |  and  \left| e \right| : abs(e). */
static struct dc_node *bars(struct dc_lreader *r, size_t nopen)
{
  struct dc_node *e;

  r->in_abs++;
  e = group(r, nopen, DC_LT_BAR, NULL, DC_KIND_COUNT, "'|' to close '|'");
  r->in_abs--;
  return call1(r, "abs", 0, e);
}

/* \left followed by its delimiter. */
static struct dc_node *left(struct dc_lreader *r)
{
  const struct dc_ltoken *d = dc_lr_peek(r, 1);

  if (d->kind == DC_LT_LPAREN)
    return group(r, 2, DC_LT_RPAREN, NULL, DC_PAREN, "'\\right)'");
  if (d->kind == DC_LT_LBRACKET)
    return group(r, 2, DC_LT_RBRACKET, NULL, DC_BRACKET, "'\\right]'");
  if (dc_ltok_is(r->text, d, "{"))
    return group(r, 2, DC_LT_EOF, "}", DC_PAREN, "'\\right\\}'");
  if (d->kind == DC_LT_BAR)
    return bars(r, 2);
  r->i++;
  found(r, "a delimiter ( [ \\{ | after \\left");
  return NULL;
}

/* ---- calls ---- */

/* '(' args ')' after a function name: the count, or -1. */
static int arguments(struct dc_lreader *r, struct dc_node **args)
{
  size_t k;
  int n = 0;

  r->i += paren_open(r);
  for (;;) {
    if (n == DC_MAX_ARGS) {
      dc_lr_fail(r, dc_lr_cur(r), "more than %d arguments", DC_MAX_ARGS);
      return -1;
    }
    if (!(args[n++] = expr(r)))
      return -1;
    if (dc_lr_cur(r)->kind != DC_LT_COMMA)
      break;
    r->i++;
  }
  if (!(k = closer(r, DC_LT_RPAREN, NULL))) {
    found(r, "')' to close the arguments");
    return -1;
  }
  r->i += k;
  return n;
}

/* A declared or builtin function by name: primes, then its arguments. */
static struct dc_node *call(struct dc_lreader *r, struct dc_name *fn,
                            const struct dc_ltoken *at)
{
  struct dc_node *args[DC_MAX_ARGS];
  int primes = 0, n;

  while (dc_lr_cur(r)->kind == DC_LT_PRIME && primes < DC_MAX_DIFF_ORDER) {
    primes++;
    r->i++;
  }
  if (!paren_open(r)) {
    dc_lr_fail(r, at, "'%s' is a function: write its argument in "
               "parentheses, %.*s(...)", fn->s, TOKF(at));
    return NULL;
  }
  if ((n = arguments(r, args)) < 0)
    return NULL;
  if (n != arity_of(fn)) {
    dc_lr_fail(r, at, "'%s' takes %d argument%s, %d given", fn->s,
               arity_of(fn), arity_of(fn) == 1 ? "" : "s", n);
    return NULL;
  }
  if (primes && n != 1) {
    dc_lr_fail(r, at, "a prime is the derivative of a function of one "
               "argument, but '%s' takes %d", fn->s, n);
    return NULL;
  }
  return made(r, dc_call(r->ctx, fn, primes, (size_t)n, args));
}

static struct dc_node *script(struct dc_lreader *r);

/* A name: e^{u} is exp(u) unless e is declared; a function is called. */
static struct dc_node *named(struct dc_lreader *r)
{
  const struct dc_ltoken *at = dc_lr_cur(r);
  char buf[DC_LATEX_NAME_MAX];
  struct dc_name *nm;

  if (dc_lr_name(r, buf, sizeof buf) <= 0)
    return NULL;
  if (strcmp(buf, "e") == 0 && !dc_lr_known(r, "e", 1) &&
      dc_lr_cur(r)->kind == DC_LT_CARET) {
    r->i++;
    return call1(r, "exp", 0, script(r));
  }
  if (!(nm = dc_intern(r->ctx, buf, strlen(buf))))
    return made(r, NULL);
  if (nm->func || (nm->builtin >= 0 && paren_open(r)))
    return call(r, nm, at);
  return made(r, dc_name_node(r->ctx, nm));
}

/* Whether the current token is a plain factor an operator's argument
** runs on over (\sin 2x, \log \hat{y}): a number or a name. */
static int simple_factor(const struct dc_lreader *r)
{
  return dc_lr_cur(r)->kind == DC_LT_NUMBER || dc_lr_starts_name(r);
}

/* The argument of \log and friends without parentheses: juxtaposed
** numbers and names (with their powers), up to anything else. */
static struct dc_node *bare_argument(struct dc_lreader *r)
{
  struct dc_node *e = factor(r), *f;

  while (e && simple_factor(r)) {
    if (!(f = power(r)))
      return NULL;
    e = made(r, dc_binary(r->ctx, DC_MUL, e, f, 0));
  }
  return e;
}

static const char *inverse_of(const char *fn)
{
  if (strcmp(fn, "sin") == 0) return "asin";
  if (strcmp(fn, "cos") == 0) return "acos";
  if (strcmp(fn, "tan") == 0) return "atan";
  return NULL;
}

/* \sin x, \sin(x), \sin^2 x (sin(x)^2), \sin^{-1} x (asin x). */
static struct dc_node *operator(struct dc_lreader *r, const char *fn,
                                size_t ntok)
{
  const struct dc_ltoken *at = dc_lr_cur(r);
  struct dc_node *pw = NULL, *arg;
  struct dc_name *nm;
  size_t k;

  r->i += ntok;
  if (dc_lr_cur(r)->kind == DC_LT_CARET) {
    r->i++;
    if (!(pw = script(r)))
      return NULL;
    if (pw->kind == DC_NEG && dc_is_num(pw->a[0], 1) && inverse_of(fn)) {
      fn = inverse_of(fn);
      pw = NULL;
    }
  }
  if (!(nm = dc_intern(r->ctx, fn, strlen(fn))))
    return made(r, NULL);
  if (paren_open(r) || dc_lr_cur(r)->kind == DC_LT_PRIME)
    return pw ? raised(r, call(r, nm, at), pw) : call(r, nm, at);
  k = dc_lr_is(r, 0, "left") ? 1 : 0;
  if (dc_lr_peek(r, k)->kind == DC_LT_LBRACKET)
    arg = group(r, k + 1, DC_LT_RBRACKET, NULL, DC_BRACKET, "']'");
  else if (dc_lr_cur(r)->kind == DC_LT_LBRACE)
    arg = group(r, 1, DC_LT_RBRACE, NULL, DC_KIND_COUNT, "'}'");
  else
    arg = bare_argument(r);
  arg = call1(r, nm->s, 0, arg);
  return pw && arg ? raised(r, arg, pw) : arg;
}

/* ---- fractions, roots ---- */

/* The index of the '}' matching the '{' k tokens ahead, as an offset from
** the current token; 0 when it is not closed. */
static size_t match_brace(const struct dc_lreader *r, size_t k)
{
  int depth = 0;
  size_t j;

  for (j = k;; j++) {
    const struct dc_ltoken *t = dc_lr_peek(r, j);
    if (t->kind == DC_LT_EOF)
      return 0;
    if (t->kind == DC_LT_LBRACE)
      depth++;
    else if (t->kind == DC_LT_RBRACE && --depth == 0)
      return j;
  }
}

/* An order ^n after d or after the variable: 1 when none is written. */
static int order(struct dc_lreader *r)
{
  const struct dc_ltoken *at;
  struct dc_node *n;

  if (dc_lr_cur(r)->kind != DC_LT_CARET)
    return 1;
  r->i++;
  at = dc_lr_cur(r);
  if (!(n = script(r)))
    return -1;
  if (n->kind != DC_NUM || !n->text || strspn(n->text, "0123456789") !=
      strlen(n->text) || atoi(n->text) < 1 ||
      atoi(n->text) > DC_MAX_DIFF_ORDER) {
    dc_lr_fail(r, at, "the order of a derivative must be a whole "
               "number from 1 to %d", DC_MAX_DIFF_ORDER);
    return -1;
  }
  return atoi(n->text);
}

/* The operand of d: a declared function standing alone (\frac{d\sigma}{dz},
** \frac{\partial g}{\partial y}) is returned in *fn, anything else is
** read. */
static struct dc_node *leibniz_operand(struct dc_lreader *r,
                                       struct dc_name **fn)
{
  char buf[DC_LATEX_NAME_MAX];
  size_t save = r->i;

  *fn = NULL;
  if (dc_lr_cur(r)->kind == DC_LT_RBRACE)
    return NULL;
  if (dc_lr_starts_name(r) && dc_lr_name(r, buf, sizeof buf) == 1 &&
      dc_lr_cur(r)->kind == DC_LT_RBRACE) {
    struct dc_name *nm = dc_lookup_name(r->ctx, buf, strlen(buf));
    if (nm && nm->func && nm->func->nparams >= 1) {
      *fn = nm;
      return NULL;
    }
  }
  if (r->failed)
    return NULL;
  r->i = save;
  return expr(r);
}

/* \frac{dL}{dz}, \frac{\partial L}{\partial z}, \frac{d^2 y}{dx^2},
** \frac{d}{dx} E.  The current token is the numerator's '{'; 0 when the
** fraction is no derivative (nothing consumed), 1 with *out set, -1. */
static int leibniz(struct dc_lreader *r, struct dc_node **out)
{
  int partial, partial2, n1, n2;
  size_t nd = dc_lr_leibniz_d(r, 1, &partial), close, nd2;
  struct dc_node *op = NULL, *var;
  const struct dc_ltoken *den;
  struct dc_name *fn;
  char buf[DC_LATEX_NAME_MAX];

  if (!nd || !(close = match_brace(r, 0)) ||
      dc_lr_peek(r, close + 1)->kind != DC_LT_LBRACE ||
      !(nd2 = dc_lr_leibniz_d(r, close + 2, &partial2)) ||
      partial2 != partial ||
      dc_lr_peek(r, close + 2 + nd2)->kind == DC_LT_RBRACE)
    return 0;
  r->i += 1 + nd;
  if ((n1 = order(r)) < 0)
    return -1;
  op = leibniz_operand(r, &fn);
  if (r->failed || !expect(r, DC_LT_RBRACE, "'}'") ||
      !expect(r, DC_LT_LBRACE, "'{'"))
    return -1;
  den = dc_lr_cur(r);
  r->i += nd2;
  if (dc_lr_name(r, buf, sizeof buf) != 1) {
    found(r, "the variable of the derivative");
    return -1;
  }
  if (!(var = leaf(r, buf)) || (n2 = order(r)) < 0 ||
      !expect(r, DC_LT_RBRACE, "'}'"))
    return -1;
  if (n1 != n2) {
    dc_lr_fail(r, den, "the orders of d (%d) and of the variable "
               "(%d) differ", n1, n2);
    return -1;
  }
  if (fn && fn->func->nparams == 1) {
    struct dc_node *c = dc_call(r->ctx, fn, n1, 1, &var);
    return (*out = made(r, c)) ? 1 : -1;
  }
  if (fn) {
    /* g(x, y) at its own parameters, differentiated: \partial g /
    ** \partial y is pdiff(g(x, y), y) */
    struct dc_node *args[DC_MAX_ARGS];
    int k;
    for (k = 0; k < fn->func->nparams && k < DC_MAX_ARGS; k++)
      if (!(args[k] = leaf(r, fn->func->params[k]->s)))
        return -1;
    if (!(op = made(r, dc_call(r->ctx, fn, 0, (size_t)k, args))))
      return -1;
  }
  if (!op && !(op = term(r)))          /* \frac{d}{dx} applies onwards */
    return -1;
  *out = made(r, dc_diff(r->ctx, op, var, n1,
                         (partial ? DC_F_PARTIAL : 0) |
                         (n1 > 1 ? DC_F_ORDER : 0)));
  return *out ? 1 : -1;
}

static struct dc_node *fraction(struct dc_lreader *r)
{
  const struct dc_ltoken *t;
  struct dc_node *num, *den;
  int rc;

  r->i++;
  t = dc_lr_cur(r);
  if (t->kind == DC_LT_NUMBER && t->len == 2) {     /* \frac12 */
    num = number(r, r->text + t->off, 1);
    den = number(r, r->text + t->off + 1, 1);
    r->i++;
    return quotient(r, num, den);
  }
  if (t->kind != DC_LT_LBRACE) {
    found(r, "'{' after \\frac");
    return NULL;
  }
  if ((rc = leibniz(r, &num)) != 0)
    return rc > 0 ? num : NULL;
  if (!(num = braced(r, "'{'")) || !(den = braced(r, "'{' for the "
                                                  "denominator")))
    return NULL;
  return quotient(r, num, den);
}

/* \sqrt{x} is sqrt(x); \sqrt[n]{x} is x^(1/n). */
static struct dc_node *root(struct dc_lreader *r)
{
  struct dc_node *n = NULL, *x, *one;

  r->i++;
  if (dc_lr_cur(r)->kind == DC_LT_LBRACKET &&
      !(n = group(r, 1, DC_LT_RBRACKET, NULL, DC_KIND_COUNT, "']'")))
    return NULL;
  if (!(x = script(r)))
    return NULL;
  if (!n)
    return call1(r, "sqrt", 0, x);
  one = made(r, dc_num_si(r->ctx, 1));
  return one ? raised(r, x, quotient(r, one, n)) : NULL;
}

/* ---- the grammar ---- */

/* What a superscript or \sqrt takes: a braced expression, one digit or
** letter, or (sloppy, with a warning) a minus and one token: e^-x. */
static struct dc_node *script(struct dc_lreader *r)
{
  const struct dc_ltoken *t = dc_lr_cur(r);
  struct dc_node *e;

  switch (t->kind) {
  case DC_LT_LBRACE:
    return group(r, 1, DC_LT_RBRACE, NULL, DC_KIND_COUNT, "'}'");
  case DC_LT_NUMBER:
    if (t->len > 1) {
      dc_lr_fail(r, t, "TeX takes one digit here: write ^{%.*s}", TOKF(t));
      return NULL;
    }
    return number_tok(r);
  case DC_LT_MINUS:
    dc_warning(r->diags, dc_srcmap_pos(&r->map, r->text, r->len, t->off),
               "read '^-' as a superscript in braces: write ^{-...}");
    r->i++;
    return (e = script(r)) ? made(r, dc_unary(r->ctx, DC_NEG, e)) : NULL;
  default:
    if (dc_lr_starts_name(r))
      return named(r);
    found(r, "a superscript or argument");
    return NULL;
  }
}

/* A command in operand position. */
static struct dc_node *command(struct dc_lreader *r)
{
  const struct dc_ltoken *t = dc_lr_cur(r);
  const char *fn;
  size_t n;

  if (dc_lr_is(r, 0, "frac") || dc_lr_is(r, 0, "dfrac") ||
      dc_lr_is(r, 0, "tfrac"))
    return fraction(r);
  if (dc_lr_is(r, 0, "sqrt"))
    return root(r);
  if (dc_lr_is(r, 0, "left"))
    return left(r);
  if (dc_lr_is(r, 0, "{"))
    return group(r, 1, DC_LT_EOF, "}", DC_PAREN, "'\\}'");
  if ((fn = dc_lr_operator(r, &n)) != NULL)
    return operator(r, fn, n);
  if (dc_lr_starts_name(r))
    return named(r);
  dc_lr_fail(r, t, "'%.*s' is not read", TOKF(t));
  return NULL;
}

static struct dc_node *primary(struct dc_lreader *r)
{
  const struct dc_ltoken *t = dc_lr_cur(r);

  if (r->failed)
    return NULL;
  switch (t->kind) {
  case DC_LT_NUMBER: return number_tok(r);
  case DC_LT_LETTER: return named(r);
  case DC_LT_CMD:    return command(r);
  case DC_LT_LBRACE:
    return group(r, 1, DC_LT_RBRACE, NULL, DC_KIND_COUNT, "'}'");
  case DC_LT_LPAREN:
    return group(r, 1, DC_LT_RPAREN, NULL, DC_PAREN, "')'");
  case DC_LT_LBRACKET:
    return group(r, 1, DC_LT_RBRACKET, NULL, DC_BRACKET, "']'");
  case DC_LT_BAR:
    return bars(r, 1);
  default:
    found(r, "an operand");
    return NULL;
  }
}

static struct dc_node *postfix(struct dc_lreader *r)
{
  const struct dc_ltoken *at = dc_lr_cur(r);
  struct dc_node *e = primary(r);
  int n = 0;

  while (e && dc_lr_cur(r)->kind == DC_LT_PRIME && n < DC_MAX_DIFF_ORDER) {
    n++;
    r->i++;
  }
  /* f'(x) with f no declared function (a declared one is a call and
  ** never gets here) is a derivative of a function the context does not
  ** know: read as f' times (x) it would be checked wrongly. */
  if (e && n && e->kind == DC_NAME && paren_open(r)) {
    dc_lr_fail(r, at, "'%s'(...) is the derivative of a function, but '%s' "
               "is not declared as one (add it under functions:)",
               e->name->s, e->name->s);
    return NULL;
  }
  return e && n ? made(r, dc_prime(r->ctx, e, n)) : e;
}

static struct dc_node *power(struct dc_lreader *r)
{
  struct dc_node *b = postfix(r), *x;

  if (!b || dc_lr_cur(r)->kind != DC_LT_CARET)
    return b;
  r->i++;
  if (!(x = script(r)))
    return NULL;
  return raised(r, b, x);
}

static struct dc_node *factor(struct dc_lreader *r)
{
  struct dc_node *e;

  if (r->depth >= DC_MAX_NESTING || dc_stack_low()) {
    dc_lr_fail(r, dc_lr_cur(r), "formula nests too deeply");
    return NULL;
  }
  r->depth++;
  if (dc_lr_cur(r)->kind == DC_LT_MINUS) {
    r->i++;
    e = factor(r);
    e = e ? made(r, dc_unary(r->ctx, DC_NEG, e)) : NULL;
  } else {
    e = power(r);
  }
  r->depth--;
  return e;
}

/* Whether the current token starts a factor juxtaposed to the one before
** (xy, 2x, a(1 - a), \frac{..}{..} \sigma(x)). */
static int juxtaposed(const struct dc_lreader *r)
{
  static const char *const not_operands[] = {
    "cdot", "times", "div", "right", "\\", "}", "pm", "mp"
  };
  const struct dc_ltoken *t = dc_lr_cur(r);
  size_t i;

  switch (t->kind) {
  case DC_LT_NUMBER: case DC_LT_LETTER: case DC_LT_LPAREN:
  case DC_LT_LBRACKET: case DC_LT_LBRACE:
    return 1;
  case DC_LT_BAR:
    return !r->in_abs;
  case DC_LT_CMD:
    for (i = 0; i < sizeof not_operands / sizeof not_operands[0]; i++)
      if (dc_lr_is(r, 0, not_operands[i]))
        return 0;
    return 1;
  default:
    return 0;
  }
}

static struct dc_node *term(struct dc_lreader *r)
{
  struct dc_node *e = factor(r), *f;

  while (e) {
    enum dc_kind k = DC_MUL;
    const struct dc_ltoken *t = dc_lr_cur(r);
    if (dc_lr_is(r, 0, "cdot") || dc_lr_is(r, 0, "times") ||
        t->kind == DC_LT_STAR) {
      r->i++;
    } else if (t->kind == DC_LT_SLASH || dc_lr_is(r, 0, "div")) {
      k = DC_DIV;
      r->i++;
    } else if (!juxtaposed(r)) {
      break;
    }
    /* A juxtaposed factor never starts with a minus, an operand after
    ** \cdot may (x \cdot -y), as after '*' in the plain syntax. */
    if (!(f = k == DC_MUL && t == dc_lr_cur(r) ? power(r) : factor(r)))
      return NULL;
    /* \frac{a}{b}\frac{c}{d} is a/b*(c/d) in the plain syntax */
    if (!(f = paren_if(r, f, k == DC_MUL ? K(DC_DIV) : DEN_NEEDS)))
      return NULL;
    e = made(r, dc_binary(r->ctx, k, e, f, 0));
  }
  return e;
}

static struct dc_node *expr(struct dc_lreader *r)
{
  struct dc_node *e, *t;

  if (dc_lr_cur(r)->kind == DC_LT_PLUS)
    r->i++;
  if (dc_lr_cur(r)->kind == DC_LT_MINUS) {
    r->i++;
    e = term(r);
    e = e ? made(r, dc_unary(r->ctx, DC_NEG, e)) : NULL;
  } else {
    e = term(r);
  }
  while (e && (dc_lr_cur(r)->kind == DC_LT_PLUS ||
               dc_lr_cur(r)->kind == DC_LT_MINUS)) {
    enum dc_kind k = dc_lr_cur(r)->kind == DC_LT_PLUS ? DC_ADD : DC_SUB;
    r->i++;
    if (!(t = term(r)))
      return NULL;
    e = made(r, dc_binary(r->ctx, k, e, t, 0));
  }
  return e;
}

/* The grammar's top, for the entry points in parser/latex_chain.c. */
struct dc_node *dc_lr_expr(struct dc_lreader *r)
{
  return expr(r);
}
