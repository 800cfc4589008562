/*
** latex.c: typesetting trees as written (SPEC section 5).
**
** Every node is printed from its own kind and a few facts about its
** operands' typeset shapes (enum shape): whether an operand would start
** with a minus, is a sum, a fraction, a power, and so on.  The author's
** ( ) and [ ] are DC_PAREN / DC_BRACKET nodes and print as written, with
** \left ... \right when what they enclose holds a fraction; they are
** dropped only where the typeset form already groups (a fraction's
** numerator and denominator, an exponent, a call's argument).  Parentheses
** that the author did not write are added only where juxtaposition or a
** superscript would otherwise read differently, which happens only in
** generated trees and in the few parsed forms that have no grouping of
** their own (x*-y, a + -b).
**
** Inside an exponent (F_INLINE) a quotient prints as a/b, since a stacked
** fraction in a superscript is set too small to read (e^{-x^{2}/2}).  A
** power of sin, cos, tan or their hyperbolic forms with a positive integer
** exponent prints as the operator's power, \sin^{2} x, the way analysis
** texts write it; \log and the inverse functions keep (\log x)^{2}, where
** \log^{2} x is read as log log x by some authors.  A root or e^{u} raised
** to a power is parenthesised, (\sqrt{t})^{2}, so the exponent cannot be
** read as belonging under the radical or to the inner exponent.
**
** Text is appended through emit(), which puts a space between a control
** word and a following letter (\sigma x, never \sigmax); all other
** spacing is cosmetic.  To decide \left and \cdot the printer looks at
** the already typeset text of an operand, so operands are often printed
** into a scratch buffer first.
*/
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "expr/stack.h"
#include "emit/latex.h"
#include "expr/builtins.h"
#include "expr/scope.h"

/* ---- appending text ---- */

/* Whether b ends with a control word such as \sigma (a letter appended
** now would become part of the command's name). */
static int ends_in_command(const struct dc_buf *b)
{
  size_t i = b->len, j, slashes = 0;

  if (!b->s || i == 0)
    return 0;
  while (i > 0 && isalpha((unsigned char)b->s[i - 1]))
    i--;
  if (i == b->len || i == 0 || b->s[i - 1] != '\\')
    return 0;
  /* An even run of backslashes is "\\" (a line break), not a command. */
  for (j = i; j > 0 && b->s[j - 1] == '\\'; j--)
    slashes++;
  return slashes % 2 == 1;
}

static void emit_n(struct dc_buf *b, const char *s, size_t n)
{
  if (n && isalpha((unsigned char)s[0]) && ends_in_command(b))
    dc_buf_add(b, " ", 1);
  dc_buf_add(b, s, n);
}

static void emit(struct dc_buf *b, const char *s)
{
  emit_n(b, s, strlen(s));
}

/* Append a scratch buffer and release it; its failure is b's failure. */
static void emit_buf(struct dc_buf *b, struct dc_buf *t)
{
  if (t->oom)
    b->oom = 1;
  else if (t->s)
    emit_n(b, t->s, t->len);
  dc_buf_free(t);
}

static int has_frac(const struct dc_buf *t)
{
  return t->s && (strstr(t->s, "\\frac") || strstr(t->s, "\\dfrac") ||
                  strstr(t->s, "\\tfrac"));
}

static int starts_with(const struct dc_buf *t, const char *p)
{
  return t->s && strncmp(t->s, p, strlen(p)) == 0;
}

/* ---- names ---- */

static const char *const greek[] = {
  "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta",
  "theta", "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi",
  "varpi", "rho", "varrho", "sigma", "varsigma", "tau", "upsilon", "phi",
  "varphi", "chi", "psi", "omega",
  "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi",
  "Psi", "Omega"
};

static const char *const accents[] = { "hat", "bar", "tilde", "dot", "vec" };

static int is_greek(const char *s, size_t n)
{
  size_t i;
  for (i = 0; i < sizeof greek / sizeof greek[0]; i++)
    if (strlen(greek[i]) == n && memcmp(greek[i], s, n) == 0)
      return 1;
  return 0;
}

static int all_digits(const char *s, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (!isdigit((unsigned char)s[i]))
      return 0;
  return n > 0;
}

/* Letters and digits as upright text; '_' is escaped (it only gets here
** in names such as "_x" that have no subscript to split off). */
static void emit_upright(struct dc_buf *b, const char *s, size_t n)
{
  size_t i;
  emit(b, "\\mathrm{");
  for (i = 0; i < n; i++) {
    if (s[i] == '_')
      dc_buf_add(b, "\\_", 2);
    else
      dc_buf_add(b, s + i, 1);
  }
  dc_buf_add(b, "}", 1);
}

static void name_text(struct dc_buf *b, const char *s, size_t n);

/* A name without subscript: accent suffix, then Greek, letter, \mathrm. */
static void name_base(struct dc_buf *b, const char *s, size_t n)
{
  size_t i;

  for (i = 0; i < sizeof accents / sizeof accents[0]; i++) {
    size_t k = strlen(accents[i]);
    if (n > k && memcmp(s + n - k, accents[i], k) == 0) {
      emit(b, "\\");
      dc_buf_puts(b, accents[i]);
      dc_buf_add(b, "{", 1);
      name_text(b, s, n - k);
      dc_buf_add(b, "}", 1);
      return;
    }
  }
  if (is_greek(s, n)) {
    emit(b, "\\");
    dc_buf_add(b, s, n);
  } else if (n == 1 && s[0] != '_') {
    emit_n(b, s, 1);
  } else {
    emit_upright(b, s, n);
  }
}

/* A subscript: digits as they are, anything else typeset as a name. */
static void subscript(struct dc_buf *b, const char *s, size_t n)
{
  dc_buf_add(b, "_{", 2);
  if (all_digits(s, n))
    dc_buf_add(b, s, n);
  else
    name_text(b, s, n);
  dc_buf_add(b, "}", 1);
}

/* A spelling: `base_rest` or `base123` get a subscript. */
static void name_text(struct dc_buf *b, const char *s, size_t n)
{
  const char *us = memchr(s, '_', n);
  size_t i;

  if (us && us > s && (size_t)(us - s) + 1 < n) {
    name_base(b, s, (size_t)(us - s));
    subscript(b, us + 1, n - (size_t)(us - s) - 1);
    return;
  }
  for (i = n; i > 0 && isdigit((unsigned char)s[i - 1]); i--)
    ;
  if (i > 0 && i < n) {
    name_base(b, s, i);
    subscript(b, s + i, n - i);
    return;
  }
  name_base(b, s, n);
}

static const char *explicit_latex(const struct dc_name *name)
{
  if (name->sym && name->sym->latex)
    return name->sym->latex;
  if (name->func && name->func->latex)
    return name->func->latex;
  return NULL;
}

void dc_latex_name(struct dc_buf *b, const struct dc_name *name)
{
  const char *l;

  if (!name || !name->s) {
    emit(b, "?");
    return;
  }
  l = explicit_latex(name);
  if (l)
    emit(b, l);
  else
    name_text(b, name->s, name->len);
}

/* An explicit LaTeX name carrying its own superscript or prime would get a
** second one from ^ or ': such a name is braced as a base. */
static int name_needs_group(const struct dc_name *name)
{
  const char *l = name ? explicit_latex(name) : NULL;
  return l && (strchr(l, '^') || strchr(l, '\''));
}

/* ---- shapes ---- */

/* How an operand's typeset form binds, for the parent's decisions. */
enum shape {
  SH_SUM,       /* a + b, a - b */
  SH_NEG,       /* starts with a minus: -a, -\frac{a}{b}, a number "-3" */
  SH_PRODUCT,   /* juxtaposed factors */
  SH_FRAC,      /* \frac{..}{..}: quotients, derivatives, rationals */
  SH_POWER,     /* a^{b} */
  SH_SUPER,     /* ends in a superscript of its own: e^{u}, 1 \times 10^{n} */
  SH_OPCALL,    /* \log x, \sin x: an operator followed by its argument */
  SH_SLASH,     /* a/b inline, inside an exponent */
  SH_RADICAL,   /* \sqrt{u}: a base of ^ only in parentheses */
  SH_ATOM       /* names, plain numbers, user calls, ( ), [ ], \sqrt, |u| */
};

/* GUARD and WITH are domain checks around a value: print the value. */
static const struct dc_node *skip_checks(const struct dc_node *e)
{
  while (e && (e->kind == DC_GUARD || e->kind == DC_WITH) && e->nargs > 0)
    e = e->a[0];
  return e;
}

/* e without the author's ( ) directly around it, where the typeset form
** already groups. */
static const struct dc_node *unparen(const struct dc_node *e)
{
  e = skip_checks(e);
  if (e && e->kind == DC_PAREN)
    e = skip_checks(e->a[0]);
  return e;
}

/* F_FOLLOWED: another factor is juxtaposed after this node's text, so an
** operator's argument must be closed off: \log(x) y, not \log x y.
** F_INLINE: the node is inside an exponent: quotients print as a/b. */
#define F_FOLLOWED 1u
#define F_INLINE 2u
/* The flags a node passes on to its operands. */
#define INH(fl) ((fl) & F_INLINE)

static enum shape number_shape(const struct dc_node *e, unsigned fl)
{
  const char *t = e->text;
  enum shape frac = fl & F_INLINE ? SH_SLASH : SH_FRAC;

  if (!t) {
    if (!e->q)
      return SH_ATOM;
    if (mpq_sgn(*e->q) < 0)
      return SH_NEG;
    return mpz_cmp_ui(mpq_denref(*e->q), 1) == 0 ? SH_ATOM : frac;
  }
  if (t[0] == '-')
    return SH_NEG;
  if (strchr(t, '/'))
    return frac;
  if (strchr(t, 'e') || strchr(t, 'E'))
    return SH_SUPER;
  return SH_ATOM;
}

static int is_opcall(const struct dc_node *e)
{
  return e->kind == DC_CALL && e->name && e->name->builtin >= 0 &&
         e->ival == 0 && e->nargs == 1 &&
         e->name->builtin != DC_FN_EXP && e->name->builtin != DC_FN_SQRT &&
         e->name->builtin != DC_FN_ABS;
}

static int is_exp(const struct dc_node *e)
{
  return e->kind == DC_CALL && e->name && e->name->builtin == DC_FN_EXP &&
         e->ival == 0 && e->nargs == 1;
}

/* A number literal that is a positive integer: 2, not 0, 2.0 or 1/2. */
static int positive_integer(const struct dc_node *e)
{
  e = skip_checks(e);
  if (!e || e->kind != DC_NUM || !e->q || mpq_sgn(*e->q) <= 0 ||
      mpz_cmp_ui(mpq_denref(*e->q), 1) != 0)
    return 0;
  return !e->text || all_digits(e->text, strlen(e->text));
}

/* sin(x)^2 printed as \sin^{2} x: a trigonometric or hyperbolic call
** (not written in parentheses) to a positive integer power. */
static int is_named_power(const struct dc_node *e)
{
  const struct dc_node *base;

  if (e->kind != DC_POW)
    return 0;
  base = skip_checks(e->a[0]);
  if (!base || !is_opcall(base) || !positive_integer(unparen(e->a[1])))
    return 0;
  switch (base->name->builtin) {
  case DC_FN_SIN: case DC_FN_COS: case DC_FN_TAN:
  case DC_FN_SINH: case DC_FN_COSH: case DC_FN_TANH:
    return 1;
  default:
    return 0;
  }
}

static enum shape shape_of(const struct dc_node *e, unsigned fl)
{
  const struct dc_node *n;

  e = skip_checks(e);
  if (!e)
    return SH_ATOM;
  switch ((enum dc_kind)e->kind) {
  case DC_ADD: case DC_SUB: return SH_SUM;
  case DC_NEG: return SH_NEG;
  case DC_MUL: return SH_PRODUCT;
  case DC_DIV:
    n = unparen(e->a[0]);
    if (n && n->kind == DC_NEG)
      return SH_NEG;
    return fl & F_INLINE ? SH_SLASH : SH_FRAC;
  case DC_DIFF: return SH_FRAC;
  case DC_POW: return is_named_power(e) ? SH_OPCALL : SH_POWER;
  case DC_NUM: return number_shape(e, fl);
  case DC_CALL:
    if (is_exp(e))
      return SH_SUPER;
    if (e->name && e->name->builtin == DC_FN_SQRT && e->ival == 0 &&
        e->nargs == 1)
      return SH_RADICAL;
    return is_opcall(e) ? SH_OPCALL : SH_ATOM;
  default: return SH_ATOM;
  }
}

/* ---- the printer ---- */

static void print(struct dc_buf *b, const struct dc_node *e, unsigned fl);

/* open/close around e: ( ) or [ ], with \left \right around a fraction. */
static void wrap(struct dc_buf *b, const struct dc_node *e, char open,
                 unsigned fl)
{
  struct dc_buf t;
  int big;

  dc_buf_init(&t);
  print(&t, e, INH(fl));
  big = has_frac(&t);
  if (open == '[')
    emit(b, big ? "\\left[ " : "[");
  else
    emit(b, big ? "\\left( " : "(");
  emit_buf(b, &t);
  if (open == '[')
    emit(b, big ? " \\right]" : "]");
  else
    emit(b, big ? " \\right)" : ")");
}

/* Print e, wrapped in parentheses when its shape is one of mask's. */
#define M(s) (1u << (s))
static void print_in(struct dc_buf *b, const struct dc_node *e,
                     unsigned mask, unsigned fl)
{
  if (mask & M(shape_of(e, fl)))
    wrap(b, e, '(', fl);
  else
    print(b, e, fl);
}

/* Scientific notation: 2.5E+3 -> 2.5 \times 10^{3}. */
static void emit_mantissa(struct dc_buf *b, const char *s, size_t n)
{
  /* ".5" reads as 0.5 and "5." as 5, as they would be written by hand. */
  if (n && s[0] == '.')
    emit(b, "0");
  if (n && s[n - 1] == '.')
    n--;
  emit_n(b, s, n);
}

static void emit_number_text(struct dc_buf *b, const char *t, unsigned fl)
{
  const char *sl, *ex;
  size_t i;

  if (t[0] == '-') {
    emit(b, "-");
    t++;
  }
  if ((sl = strchr(t, '/')) != NULL && (fl & F_INLINE)) {
    emit(b, t);                        /* 1/2 as written */
    return;
  }
  if (sl) {
    emit(b, "\\frac{");
    dc_buf_add(b, t, (size_t)(sl - t));
    dc_buf_puts(b, "}{");
    dc_buf_puts(b, sl + 1);
    dc_buf_add(b, "}", 1);
    return;
  }
  ex = strpbrk(t, "eE");
  if (!ex) {
    emit_mantissa(b, t, strlen(t));
    return;
  }
  emit_mantissa(b, t, (size_t)(ex - t));
  emit(b, " \\times 10^{");
  ex++;
  if (*ex == '+')
    ex++;
  else if (*ex == '-')
    dc_buf_add(b, ex++, 1);
  for (i = 0; ex[i] == '0' && ex[i + 1]; i++)   /* 1e05 -> 10^{5} */
    ;
  dc_buf_puts(b, ex + i);
  dc_buf_add(b, "}", 1);
}

static void print_number(struct dc_buf *b, const struct dc_node *e,
                         unsigned fl)
{
  char *t;

  if (e->text) {
    emit_number_text(b, e->text, fl);
    return;
  }
  if (!e->q) {
    emit(b, "?");
    return;
  }
  t = mpq_get_str(NULL, 10, *e->q);
  if (!t) {
    b->oom = 1;
    return;
  }
  emit_number_text(b, t, fl);
  free(t);
}

/* A name as a base of ^ or ': braced if it has a superscript of its own. */
static void print_name_base(struct dc_buf *b, const struct dc_name *name)
{
  int g = name_needs_group(name);
  if (g)
    emit(b, "{");
  dc_latex_name(b, name);
  if (g)
    emit(b, "}");
}

static void print_param(struct dc_buf *b, const struct dc_node *e)
{
  const struct dc_func *f = e->name ? e->name->func : NULL;

  if (f && e->ival >= 0 && e->ival < f->nparams && f->params[e->ival]) {
    dc_latex_name(b, f->params[e->ival]);
    return;
  }
  emit(b, "\\mathrm{arg}");
  dc_buf_printf(b, "_{%d}", e->ival);
}

static void print_primes(struct dc_buf *b, int n)
{
  int i;
  for (i = 0; i < n; i++)
    dc_buf_add(b, "'", 1);
}

/* "(a, b)": each argument bare, its own ( ) dropped; \left( \right)
** around a fraction, spaced inside like every other \left( \right). */
static void print_args(struct dc_buf *b, const struct dc_node *e,
                       unsigned fl)
{
  struct dc_buf t;
  size_t i;
  int big;

  dc_buf_init(&t);
  dc_buf_add(&t, "", 0);
  for (i = 0; i < e->nargs; i++) {
    if (i > 0)
      emit(&t, ", ");
    print(&t, unparen(e->a[i]), INH(fl));
  }
  big = has_frac(&t);
  emit(b, big ? "\\left( " : "(");
  emit_buf(b, &t);
  emit(b, big ? " \\right)" : ")");
}

/* The operand of an operator such as \log: bare when it is a single
** name or number and nothing follows, else in parentheses. */
static int single_token(const struct dc_node *e)
{
  switch ((enum dc_kind)e->kind) {
  case DC_NAME: case DC_CONST: case DC_HOLE: case DC_PARAM:
    return 1;
  case DC_NUM:
    return number_shape(e, 0) == SH_ATOM;
  default:
    return 0;
  }
}

/* A call printed with its own parentheses, \sigma(z) or \exp'(x): as an
** operator's argument a second pair, \log (\sigma(z)), adds nothing. */
static int parenthesised_call(const struct dc_node *e)
{
  if (e->kind != DC_CALL || !e->name)
    return 0;
  return e->name->builtin < 0 || e->nargs != 1 || e->ival > 0;
}

/* The command of a builtin spelling (`ln` has its own). */
static const char *builtin_command(const struct dc_name *name)
{
  const struct dc_builtin_info *bi = dc_builtin_by_name(name->s, name->len);
  if (!bi)
    bi = dc_builtin_info(name->builtin);
  return bi ? bi->latex : "?";
}

/* \log x, \sin (2x), or with sup (a positive integer) \sin^{2} x.  The
** argument is bare when it is one token or a call with its own
** parentheses and nothing follows; [ ] as written closes it off too. */
static void print_operator(struct dc_buf *b, const struct dc_node *call,
                           const struct dc_node *sup, unsigned fl)
{
  const struct dc_node *arg = unparen(call->a[0]);
  int bare;

  emit(b, builtin_command(call->name));
  if (sup) {
    emit(b, "^{");
    print(b, sup, F_INLINE);
    emit(b, "}");
  }
  emit(b, " ");
  bare = arg && (arg->kind == DC_BRACKET ||
                 (!(fl & F_FOLLOWED) &&
                  (single_token(arg) || parenthesised_call(arg))));
  if (bare)
    print(b, arg, INH(fl));
  else
    wrap(b, arg, '(', fl);
}

static void print_builtin(struct dc_buf *b, const struct dc_node *e,
                          unsigned fl)
{
  const struct dc_node *arg = unparen(e->a[0]);

  if (e->ival > 0) {
    /* f'(x) of a builtin: its name as an operator, then the primes. */
    if (e->name->builtin == DC_FN_EXP)
      emit(b, "\\exp");
    else if (e->name->builtin == DC_FN_SQRT)
      emit(b, "\\operatorname{sqrt}");
    else if (e->name->builtin == DC_FN_ABS)
      emit(b, "\\operatorname{abs}");
    else
      emit(b, builtin_command(e->name));
    print_primes(b, e->ival);
    print_args(b, e, fl);
    return;
  }
  switch (e->name->builtin) {
  case DC_FN_EXP:
    emit(b, "e^{");
    print(b, arg, F_INLINE);
    emit(b, "}");
    return;
  case DC_FN_SQRT:
    emit(b, "\\sqrt{");
    print(b, arg, INH(fl));
    emit(b, "}");
    return;
  case DC_FN_ABS:
    emit(b, "\\left| ");
    print(b, arg, INH(fl));
    emit(b, " \\right|");
    return;
  default:
    print_operator(b, e, NULL, fl);
    return;
  }
}

static void print_call(struct dc_buf *b, const struct dc_node *e,
                       unsigned fl)
{
  if (e->name && e->name->builtin >= 0 && e->nargs == 1) {
    print_builtin(b, e, fl);
    return;
  }
  dc_latex_name(b, e->name);
  print_primes(b, e->ival);
  print_args(b, e, fl);
}

/* Juxtaposed factors; \cdot before a factor that starts with a digit. */
static void print_product(struct dc_buf *b, const struct dc_node *e,
                          unsigned fl)
{
  struct dc_buf t;
  char last;

  /* An inline a/b juxtaposed on either side would read as one quotient
  ** with the other factor: (a/b)c. */
  print_in(b, e->a[0], M(SH_SUM) | M(SH_NEG) | M(SH_SLASH),
           F_FOLLOWED | INH(fl));
  dc_buf_init(&t);
  /* A product on the right is a grouping the author did not write
  ** (a*(b*c) as a generated tree): keep it visible. */
  print_in(&t, e->a[1], M(SH_SUM) | M(SH_NEG) | M(SH_PRODUCT) | M(SH_SLASH),
           fl);
  last = b->s && b->len ? b->s[b->len - 1] : '\0';
  if (t.s && isdigit((unsigned char)t.s[0]))
    emit(b, " \\cdot ");
  else if ((last && strchr(")}]|'", last)) || starts_with(&t, "\\frac") ||
           starts_with(&t, "\\left") || starts_with(&t, "\\sqrt") ||
           shape_of(e->a[1], fl) == SH_OPCALL)
    emit(b, " ");
  emit_buf(b, &t);
}

/* num/den inside an exponent: the slash binds like a product, so a sum,
** a minus or an operator call in the numerator, and anything but a
** single factor in the denominator, get parentheses. */
static void print_slash(struct dc_buf *b, const struct dc_node *num,
                        const struct dc_node *den, unsigned fl)
{
  print_in(b, num, M(SH_SUM) | M(SH_NEG) | M(SH_OPCALL), F_INLINE);
  emit(b, "/");
  print_in(b, den, M(SH_SUM) | M(SH_NEG) | M(SH_PRODUCT) | M(SH_SLASH) |
           M(SH_OPCALL) | M(SH_FRAC), F_INLINE | (fl & F_FOLLOWED));
}

/* \frac{num}{den}, with a minus of the numerator pulled out in front. */
static void print_quotient(struct dc_buf *b, const struct dc_node *e,
                           unsigned fl)
{
  const struct dc_node *num = unparen(e->a[0]);

  if (num && num->kind == DC_NEG) {
    emit(b, "-");
    num = unparen(num->a[0]);
  }
  if (fl & F_INLINE) {
    print_slash(b, num, unparen(e->a[1]), fl);
    return;
  }
  emit(b, "\\frac{");
  print(b, num, 0);
  emit(b, "}{");
  print(b, unparen(e->a[1]), 0);
  emit(b, "}");
}

/* Shapes that cannot carry a superscript or prime without parentheses. */
#define NOT_A_BASE (M(SH_SUM) | M(SH_NEG) | M(SH_PRODUCT) | M(SH_FRAC) | \
                    M(SH_POWER) | M(SH_SUPER) | M(SH_OPCALL) | M(SH_SLASH))

/* extra: shapes that are a base of a prime but not of a power (a root:
** \sqrt{t}' is clear, \sqrt{t}^{2} reads like the root of t^2). */
static void print_base(struct dc_buf *b, const struct dc_node *e,
                       unsigned extra, unsigned fl)
{
  const struct dc_node *s = skip_checks(e);

  if (s && s->kind == DC_NAME)
    print_name_base(b, s->name);
  else
    print_in(b, e, NOT_A_BASE | extra, INH(fl));
}

static void print_power(struct dc_buf *b, const struct dc_node *e,
                        unsigned fl)
{
  if (is_named_power(e)) {
    print_operator(b, skip_checks(e->a[0]), unparen(e->a[1]), fl);
    return;
  }
  print_base(b, e->a[0], M(SH_RADICAL), fl);
  emit(b, "^{");
  print(b, unparen(e->a[1]), F_INLINE);
  emit(b, "}");
}

/* The operand of a prime: a name, a call, a group as written; anything
** else in parentheses, so the prime applies to all of it. */
static void print_prime(struct dc_buf *b, const struct dc_node *e,
                        unsigned fl)
{
  const struct dc_node *op = skip_checks(e->a[0]);

  if (!op) {
    emit(b, "?");
    return;
  }
  switch ((enum dc_kind)op->kind) {
  case DC_PRIME:
    wrap(b, op, '(', fl);  /* (y')' as generated: the primes are separate */
    break;
  default:
    print_base(b, op, 0, fl);
    break;
  }
  print_primes(b, e->ival);
}

/* The operand of d or \partial: bare when it is a name, a call or a group
** as written; anything else in brackets. */
static int diff_operand_bare(const struct dc_node *e)
{
  switch ((enum dc_kind)e->kind) {
  case DC_NAME: case DC_CONST: case DC_HOLE: case DC_PARAM:
  case DC_PAREN: case DC_BRACKET:
    return 1;
  case DC_CALL:
    return !is_exp(e) && !is_opcall(e);
  default:
    return 0;
  }
}

static void print_diff(struct dc_buf *b, const struct dc_node *e)
{
  const char *d = e->flags & DC_F_PARTIAL ? "\\partial" : "d";
  const struct dc_node *op = skip_checks(e->a[0]);
  const struct dc_node *var = skip_checks(e->a[1]);
  int order = e->ival;

  emit(b, "\\frac{");
  emit(b, d);
  if (order > 1)
    dc_buf_printf(b, "^{%d}", order);
  if (e->flags & DC_F_PARTIAL)
    emit(b, " ");
  if (diff_operand_bare(op))
    print(b, op, 0);
  else
    wrap(b, op, '[', 0);
  emit(b, "}{");
  emit(b, d);
  if (e->flags & DC_F_PARTIAL)
    emit(b, " ");
  if (order > 1) {
    print_base(b, var, 0, 0);
    dc_buf_printf(b, "^{%d}", order);
  } else {
    print(b, var, 0);
  }
  emit(b, "}");
}

static void print(struct dc_buf *b, const struct dc_node *e, unsigned fl)
{
  static const char *const sumops[] = { " + ", " - " };

  /* Out of stack: the buffer fails as a whole (see expr/plain.c). */
  if (dc_stack_low()) {
    b->oom = 1;
    return;
  }
  e = skip_checks(e);
  if (!e) {
    emit(b, "?");
    return;
  }
  switch ((enum dc_kind)e->kind) {
  case DC_NUM:
    print_number(b, e, fl);
    break;
  case DC_NAME:
  case DC_HOLE:
    dc_latex_name(b, e->name);
    break;
  case DC_CONST:
    emit(b, e->ival == DC_CONST_PI ? "\\pi" : "e");
    break;
  case DC_PARAM:
    print_param(b, e);
    break;
  case DC_NEG:
    emit(b, "-");
    print_in(b, e->a[0], M(SH_SUM) | M(SH_NEG), fl);
    break;
  case DC_ADD:
  case DC_SUB:
    /* Left-associative: only the right operand can need parentheses. */
    print(b, e->a[0], INH(fl));
    emit(b, sumops[e->kind - DC_ADD]);
    print_in(b, e->a[1], M(SH_SUM) | M(SH_NEG), INH(fl));
    break;
  case DC_MUL:
    print_product(b, e, fl);
    break;
  case DC_DIV:
    print_quotient(b, e, fl);
    break;
  case DC_POW:
    print_power(b, e, fl);
    break;
  case DC_PAREN:
    wrap(b, e->a[0], '(', fl);
    break;
  case DC_BRACKET:
    wrap(b, e->a[0], '[', fl);
    break;
  case DC_CALL:
    print_call(b, e, fl);
    break;
  case DC_DIFF:
    print_diff(b, e);
    break;
  case DC_PRIME:
    print_prime(b, e, fl);
    break;
  default:
    emit(b, "?");
    break;
  }
}

void dc_latex_print(struct dc_buf *b, const struct dc_node *e)
{
  print(b, e, 0);
}

char *dc_latex_string(const struct dc_node *e)
{
  struct dc_buf b;

  dc_buf_init(&b);
  dc_buf_add(&b, "", 0);  /* an empty result is still a string */
  dc_latex_print(&b, e);
  if (b.oom) {
    dc_buf_free(&b);
    return NULL;
  }
  return b.s;
}
