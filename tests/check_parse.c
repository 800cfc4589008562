/*
** check_parse.c: the expression lexer and parser (SPEC section 3).
**
** Trees are compared through a small s-expression dumper, so each table row
** states the exact shape expected: precedence, associativity, grouping,
** literals as written, primes and diff forms.  Numbers are compared as exact
** rationals.  Error rows give the position (through a dc_srcmap) and a
** substring of the message, including every suggestion the parser makes.
*/
#include <stdio.h>
#include <string.h>
#include "expr/diag.h"
#include "expr/limits.h"
#include "expr/node.h"
#include "expr/scope.h"
#include "parser/lex.h"
#include "parser/parse.h"
#include "tests/testutil.h"

static struct dc_ctx *ctx;
static struct dc_diags diags;
static struct dc_func fn_sigma, fn_g, fn_f;
static struct dc_symbol sym_tn;

/* Register a fake user function on an interned name, as the loader does. */
static void add_func(struct dc_func *f, const char *name, int nparams)
{
  memset(f, 0, sizeof *f);
  f->name = dc_intern(ctx, name, strlen(name));
  f->nparams = nparams;
  f->name->func = f;
}

static void setup(void)
{
  ctx = dc_ctx_new();
  ck_assert_ptr_nonnull(ctx);
  dc_diags_init(&diags);
  add_func(&fn_sigma, "sigma", 1);
  add_func(&fn_g, "g", 2);
  add_func(&fn_f, "f", 1);
  /* a declared symbol one edit away from the builtin tan */
  memset(&sym_tn, 0, sizeof sym_tn);
  sym_tn.name = dc_intern(ctx, "tn", 2);
  sym_tn.name->sym = &sym_tn;
}

static void teardown(void)
{
  dc_diags_free(&diags);
  dc_ctx_free(ctx);
}

/* ---- s-expression dumper ---- */

struct sbuf {
  char s[2048];
  size_t n;
};

static void put(struct sbuf *b, const char *s)
{
  size_t k = strlen(s);
  if (b->n + k >= sizeof b->s)
    k = sizeof b->s - 1 - b->n;
  memcpy(b->s + b->n, s, k);
  b->n += k;
  b->s[b->n] = '\0';
}

static void dump(struct sbuf *b, const struct dc_node *e)
{
  static const char *const ops[] = {
    [DC_NEG] = "neg", [DC_ADD] = "add", [DC_SUB] = "sub", [DC_MUL] = "mul",
    [DC_DIV] = "div", [DC_PAREN] = "paren", [DC_BRACKET] = "bracket",
  };
  char tmp[32];
  int i;

  switch (e->kind) {
  case DC_NUM:
    put(b, e->text);
    return;
  case DC_NAME:
    put(b, e->name->s);
    return;
  case DC_POW:
    put(b, e->flags & DC_F_STARSTAR ? "(pow** " : "(pow ");
    break;
  case DC_CALL:
    put(b, "(call ");
    put(b, e->name->s);
    for (i = 0; i < e->ival; i++)
      put(b, "'");
    put(b, " ");
    break;
  case DC_DIFF:
    put(b, e->flags & DC_F_PARTIAL ? "(pdiff " : "(diff ");
    break;
  case DC_PRIME:
    snprintf(tmp, sizeof tmp, "(prime %d ", e->ival);
    put(b, tmp);
    break;
  default:
    put(b, "(");
    put(b, e->kind < DC_KIND_COUNT && e->kind <= DC_BRACKET && ops[e->kind]
             ? ops[e->kind] : "?");
    put(b, " ");
    break;
  }
  for (i = 0; i < e->nargs; i++) {
    if (i)
      put(b, " ");
    dump(b, e->a[i]);
  }
  if (e->kind == DC_DIFF && (e->flags & DC_F_ORDER)) {
    snprintf(tmp, sizeof tmp, " %d", e->ival);
    put(b, tmp);
  }
  put(b, ")");
}

static const char *sexpr(const struct dc_node *e)
{
  static struct sbuf b;
  b.n = 0;
  b.s[0] = '\0';
  dump(&b, e);
  return b.s;
}

/* The first recorded diagnostic's message, for failure output. */
static const char *first_msg(void)
{
  return diags.n ? diags.v[0].msg : "(no diagnostic)";
}

/* ---- trees ---- */

static const struct { const char *in, *tree; } trees[] = {
  /* precedence and the leading sign */
  { "x", "x" },
  { "-x*y/z", "(neg (div (mul x y) z))" },
  { "-x^2", "(neg (pow x 2))" },
  { "2^-x", "(pow 2 (neg x))" },
  { "2^-x^2", "(pow 2 (neg (pow x 2)))" },
  { "a*-b", "(mul a (neg b))" },
  { "a/-b", "(div a (neg b))" },
  { "a^-b*c", "(mul (pow a (neg b)) c)" },
  { "a+b*c", "(add a (mul b c))" },
  { "a*b+c", "(add (mul a b) c)" },
  { "-x+y", "(add (neg x) y)" },
  { "-x*y + z", "(add (neg (mul x y)) z)" },
  { "a - -b", "(sub a (neg b))" },
  { "--x", "(neg (neg x))" },
  { "+x", "x" },
  { "+x*y - 1", "(sub (mul x y) 1)" },
  /* associativity */
  { "a^b^c", "(pow a (pow b c))" },
  { "a**b", "(pow** a b)" },
  { "a**b^c", "(pow** a (pow b c))" },
  { "a-b-c", "(sub (sub a b) c)" },
  { "a+b-c", "(sub (add a b) c)" },
  { "a/b/c", "(div (div a b) c)" },
  { "a*b/c*d", "(mul (div (mul a b) c) d)" },
  /* grouping kept as written */
  { "(a+b)*c", "(mul (paren (add a b)) c)" },
  { "[a+b]/c", "(div (bracket (add a b)) c)" },
  { "((x))", "(paren (paren x))" },
  { "(-x)^2", "(pow (paren (neg x)) 2)" },
  { "1/(1 + exp(-x))", "(div 1 (paren (add 1 (call exp (neg x)))))" },
  { "-y*log(yhat) - (1 - y)*log(1 - yhat)",
    "(sub (neg (mul y (call log yhat))) "
    "(mul (paren (sub 1 y)) (call log (sub 1 yhat))))" },
  { "(-y/a + (1-y)/(1-a))*(a*(1-a))",
    "(mul (paren (add (neg (div y a)) (div (paren (sub 1 y)) (paren (sub 1 a))))) "
    "(paren (mul a (paren (sub 1 a)))))" },
  /* whitespace, names, literals as written */
  { "  x  *\n\t y ", "(mul x y)" },
  { "w_12 + x1 + _t", "(add (add w_12 x1) _t)" },
  { "0.5 + .5 + 1e-30 + 2.5E+3", "(add (add (add 0.5 .5) 1e-30) 2.5E+3)" },
  { "3.*x", "(mul 3. x)" },
  { "diff + 1", "(add diff 1)" },
  /* primes */
  { "y'", "(prime 1 y)" },
  { "(1+x)''", "(prime 2 (paren (add 1 x)))" },
  { "[x]'", "(prime 1 (bracket x))" },
  { "x'^2", "(pow (prime 1 x) 2)" },
  { "sigma(x)'", "(prime 1 (call sigma x))" },
  /* calls */
  { "sin(x)", "(call sin x)" },
  { "ln(x)", "(call ln x)" },
  { "sigma'(x)", "(call sigma' x)" },
  { "sigma''(z)", "(call sigma'' z)" },
  { "sin'(x)", "(call sin' x)" },
  { "f'(x)*2", "(mul (call f' x) 2)" },
  { "g(x, y+1)", "(call g x (add y 1))" },
  { "sigma(g(a, b))^2", "(pow (call sigma (call g a b)) 2)" },
  { "-sigma(x)^-1", "(neg (pow (call sigma x) (neg 1)))" },
  /* diff forms */
  { "diff(x^2, x)", "(diff (pow x 2) x)" },
  { "pdiff(L, b)", "(pdiff L b)" },
  { "diff(f(x), x, 2)", "(diff (call f x) x 2)" },
  { "pdiff(y, x, 1)", "(pdiff y x 1)" },
  { "diff(diff(y, x), x)", "(diff (diff y x) x)" },
  { "diff(L, yhat)*diff(yhat, b)", "(mul (diff L yhat) (diff yhat b))" },
};

START_TEST(tree_shapes)
{
  const char *in = trees[_i].in;
  struct dc_node *e = dc_parse_expr(ctx, in, strlen(in), NULL, &diags);
  ck_assert_msg(e != NULL, "'%s' failed: %s", in, first_msg());
  ck_assert_str_eq(sexpr(e), trees[_i].tree);
  ck_assert_uint_eq(diags.nerrors, 0);
}
END_TEST

/* ---- numbers ---- */

static const struct { const char *in, *value; } numbers[] = {
  { "0.1", "1/10" },
  { ".5", "1/2" },
  { "12.340", "617/50" },
  { "007", "7" },
  { "3.", "3" },
  { "0.000", "0" },
  { "1e3", "1000" },
  { "2.5E+3", "2500" },
  { "1e-30", "1/1000000000000000000000000000000" },
  { "1.25e-1", "1/8" },
  { "123456789012345678901234567890123",
    "123456789012345678901234567890123" },
  { "1000000000000000000000000000000", "1000000000000000000000000000000" },
};

START_TEST(numbers_exact)
{
  const char *in = numbers[_i].in;
  struct dc_node *e = dc_parse_expr(ctx, in, strlen(in), NULL, &diags);
  mpq_t want;

  ck_assert_msg(e != NULL, "'%s' failed: %s", in, first_msg());
  ck_assert_int_eq(e->kind, DC_NUM);
  ck_assert_str_eq(e->text, in);
  mpq_init(want);
  ck_assert_int_eq(mpq_set_str(want, numbers[_i].value, 10), 0);
  mpq_canonicalize(want);
  ck_assert_msg(mpq_equal(want, *e->q), "'%s' is not %s", in,
                numbers[_i].value);
  mpq_clear(want);
}
END_TEST

/* 10^30 computed independently of any string, and the digit limit. */
START_TEST(numbers_large)
{
  char lit[DC_MAX_NUMBER_DIGITS + 2];
  struct dc_node *e;
  mpz_t ten30;

  e = dc_parse_expr(ctx, "1e30", 4, NULL, &diags);
  ck_assert_ptr_nonnull(e);
  mpz_init(ten30);
  mpz_ui_pow_ui(ten30, 10, 30);
  ck_assert_int_eq(mpz_cmp(mpq_numref(*e->q), ten30), 0);
  ck_assert_int_eq(mpz_cmp_ui(mpq_denref(*e->q), 1), 0);

  /* exactly DC_MAX_NUMBER_DIGITS nines: accepted, equal to 10^N - 1 */
  memset(lit, '9', DC_MAX_NUMBER_DIGITS);
  e = dc_parse_expr(ctx, lit, DC_MAX_NUMBER_DIGITS, NULL, &diags);
  ck_assert_msg(e != NULL, "%s", first_msg());
  mpz_ui_pow_ui(ten30, 10, DC_MAX_NUMBER_DIGITS);
  mpz_sub_ui(ten30, ten30, 1);
  ck_assert_int_eq(mpz_cmp(mpq_numref(*e->q), ten30), 0);
  mpz_clear(ten30);

  /* one digit more: an error naming the limit */
  memset(lit, '9', DC_MAX_NUMBER_DIGITS + 1);
  e = dc_parse_expr(ctx, lit, DC_MAX_NUMBER_DIGITS + 1, NULL, &diags);
  ck_assert_ptr_null(e);
  ck_assert_uint_eq(diags.nerrors, 1);
  ck_assert_ptr_nonnull(strstr(diags.v[0].msg, "more than 1000 digits"));
}
END_TEST

/* Equal values written differently stay different nodes (text kept). */
START_TEST(numbers_keep_literal)
{
  struct dc_node *a = dc_parse_expr(ctx, "0.5", 3, NULL, &diags);
  struct dc_node *b = dc_parse_expr(ctx, ".5", 2, NULL, &diags);
  ck_assert_ptr_nonnull(a);
  ck_assert_ptr_nonnull(b);
  ck_assert_ptr_ne(a, b);
  ck_assert(mpq_equal(*a->q, *b->q));
}
END_TEST

/* ---- errors ---- */

static const struct dc_srcmap map1 = { "t.yaml", 1, 1, 0 };
static const struct dc_srcmap map_deep = { "f.yaml", 10, 5, 4 };

static const struct {
  const char *in;
  size_t len;                   /* 0: strlen(in) */
  int chain;                    /* allow_chain */
  const struct dc_srcmap *map;  /* NULL: map1 */
  int line, col;
  const char *msg;
} errors[] = {
  /* no implicit multiplication */
  { "2x", 0, 1, NULL, 1, 2, "missing '*' between '2' and 'x'? write 2*x" },
  { "x y", 0, 1, NULL, 1, 3, "missing '*' between 'x' and 'y'? write x*y" },
  { "2 (x+1)", 0, 1, NULL, 1, 3,
    "missing '*' between '2' and '(x+1)'? write 2*(x+1)" },
  { "(a)(b)", 0, 1, NULL, 1, 4, "missing '*' before '('" },
  { "1e", 0, 1, NULL, 1, 2, "missing '*' between '1' and 'e'" },
  { "f(2x)", 0, 1, NULL, 1, 4, "write 2*x" },
  { "sin x", 0, 1, NULL, 1, 5, "'sin' is a function: write sin(x)" },
  { "sigma [x]", 0, 1, NULL, 1, 7, "'sigma' is a function: write sigma(...)" },
  { "x(1-y)", 0, 1, NULL, 1, 2,
    "'x' is not a function; for a product write x*(1-y)" },
  { "yhat(1 - y)", 0, 1, NULL, 1, 5,
    "'yhat' is not a function; for a product write yhat*(1 - y)" },
  { "tn(2)", 0, 1, NULL, 1, 3,        /* declared symbol: no did-you-mean */
    "'tn' is not a function; for a product write tn*(2)" },
  /* unknown functions and arity */
  { "sigam(x)", 0, 1, NULL, 1, 1,
    "unknown function 'sigam'; did you mean 'sigma'?" },
  { "1 + exq(x)", 0, 1, NULL, 1, 5,
    "unknown function 'exq'; did you mean 'exp'?" },
  { "pdif(L, b)", 0, 1, NULL, 1, 1,
    "unknown function 'pdif'; did you mean 'pdiff'?" },
  { "tam(x)", 0, 1, NULL, 1, 1, "did you mean 'tan'?" },
  { "sigma(x, y)", 0, 1, NULL, 1, 1, "'sigma' takes 1 argument, 2 given" },
  { "g(x)", 0, 1, NULL, 1, 1, "'g' takes 2 arguments, 1 given" },
  { "sin()", 0, 1, NULL, 1, 1, "'sin' takes 1 argument, 0 given" },
  { "g(1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17)", 0, 1, NULL, 1, 42,
    "more than 16 arguments" },
  /* diff forms and primes */
  { "diff(x)", 0, 1, NULL, 1, 1, "'diff' takes 2 or 3 arguments, 1 given" },
  { "diff(x^2, 2*x)", 0, 1, NULL, 1, 11, "the variable of diff must be a name" },
  { "pdiff(x^2, (x))", 0, 1, NULL, 1, 12, "the variable of pdiff must be a name" },
  { "diff(x, x, 0)", 0, 1, NULL, 1, 12, "positive integer literal" },
  { "diff(x, x, 9)", 0, 1, NULL, 1, 12, "a positive integer literal, at most 8" },
  { "diff(x, x, 1.5)", 0, 1, NULL, 1, 12, "positive integer literal" },
  { "diff(x, x, -1)", 0, 1, NULL, 1, 12, "positive integer literal" },
  { "diff'(x, x)", 0, 1, NULL, 1, 1, "primes are not allowed on diff" },
  { "g'(x, y)", 0, 1, NULL, 1, 1,
    "derivative of a function of one argument, but 'g' takes 2" },
  { "x'''''''''", 0, 1, NULL, 1, 2, "more than 8 primes" },
  /* brackets */
  { "(a+b", 0, 1, NULL, 1, 5, "expected ')' to close '('" },
  { "f(x", 0, 1, NULL, 1, 4, "expected ')' to close '('" },
  { "[a+b)", 0, 1, NULL, 1, 5,
    "expected ']' to close '[', found ')'" },
  { "(a = b)", 0, 1, NULL, 1, 4, "expected ')' to close '(', found '='" },
  { "a+b)", 0, 1, NULL, 1, 4, "unmatched ')'" },
  { "()", 0, 1, NULL, 1, 1, "empty (): expected an expression inside" },
  /* empty pieces and operators without operands */
  { "", 0, 1, NULL, 1, 1, "empty expression" },
  { " \n ", 0, 1, NULL, 2, 2, "empty expression" },
  { "x +", 0, 1, NULL, 1, 4, "expected an operand after '+'" },
  { "x ^", 0, 1, NULL, 1, 4, "expected an operand after '^'" },
  { "a * * b", 0, 1, NULL, 1, 5, "expected an operand after '*', found '*'" },
  { "a*+b", 0, 1, NULL, 1, 3, "expected an operand after '*', found '+'" },
  { "f(x,)", 0, 1, NULL, 1, 5, "expected an operand after ',', found ')'" },
  { ")", 0, 1, NULL, 1, 1, "expected an expression, found ')'" },
  { "a, b", 0, 1, NULL, 1, 2, "unexpected ',' outside a function call" },
  /* chains */
  { "a = b", 0, 0, NULL, 1, 3, "'=' is not allowed here" },
  { "= b", 0, 1, NULL, 1, 1, "missing expression before '='" },
  { "a =", 0, 1, NULL, 1, 3, "missing expression after '='" },
  { "a == b", 0, 1, NULL, 1, 4, "missing expression before '='" },
  { "a = b = ", 0, 1, NULL, 1, 7, "missing expression after '='" },
  /* bad bytes */
  { "a \xe2\x88\x92 b", 0, 1, NULL, 1, 3, "use '-' for minus" },
  { "2 \xc3\x97 x", 0, 1, NULL, 1, 3, "use '*' for multiplication" },
  { "a\xc2\xb7" "b", 0, 1, NULL, 1, 2, "use '*' for multiplication" },
  { "\xcf\x83(x)", 0, 1, NULL, 1, 1, "Greek letter '\xcf\x83': write its name, sigma" },
  { "1 + \xce\x94", 0, 1, NULL, 1, 5, "write its name, Delta" },
  { "x \xc3\xa9", 0, 1, NULL, 1, 3, "unexpected character '\xc3\xa9'" },
  { "x + \xff", 0, 1, NULL, 1, 5, "invalid UTF-8 byte 0xff" },
  { "x + \xe2\x88", 0, 1, NULL, 1, 5, "invalid UTF-8 byte 0xe2" },
  { "a\0b", 3, 1, NULL, 1, 2, "NUL byte in expression" },
  { "x @ y", 0, 1, NULL, 1, 3, "unexpected character '@'" },
  { "x + .", 0, 1, NULL, 1, 5, "unexpected '.'" },
  { "1e1001", 0, 1, NULL, 1, 1, "exponent exceeds 1000" },
  /* positions through a source map, across lines */
  { "a +\nsigma(x", 0, 1, &map_deep, 11, 12, "expected ')' to close '('" },
  { "(a +\n b", 0, 1, &map_deep, 11, 7,
    "expected ')' to close '('" },
  { "x +\n  2y", 0, 1, &map_deep, 11, 8, "write 2*y" },
  { "a = b\n= c = sigam(x)", 0, 1, &map_deep, 11, 11, "did you mean 'sigma'?" },
};

START_TEST(error_table)
{
  const char *in = errors[_i].in;
  size_t len = errors[_i].len ? errors[_i].len : strlen(in);
  const struct dc_srcmap *m = errors[_i].map ? errors[_i].map : &map1;
  struct dc_parse_out out;
  int rc = dc_parse_chain(ctx, in, len, m, errors[_i].chain, &diags, &out);

  ck_assert_msg(rc == -1, "'%s' parsed", in);
  ck_assert_ptr_null(out.exprs);
  ck_assert_ptr_null(out.uses);
  ck_assert_uint_eq(out.nexprs, 0);
  ck_assert_uint_eq(diags.nerrors, 1);   /* one error per string */
  ck_assert_int_eq(diags.v[0].sev, DC_SEV_ERROR);
  ck_assert_msg(strstr(diags.v[0].msg, errors[_i].msg) != NULL,
                "'%s': message \"%s\" lacks \"%s\"", in, diags.v[0].msg,
                errors[_i].msg);
  ck_assert_str_eq(diags.v[0].pos.file, m->file);
  ck_assert_msg(diags.v[0].pos.line == errors[_i].line &&
                diags.v[0].pos.col == errors[_i].col,
                "'%s': at %d:%d, want %d:%d (%s)", in, diags.v[0].pos.line,
                diags.v[0].pos.col, errors[_i].line, errors[_i].col,
                diags.v[0].msg);
}
END_TEST

/* An unclosed group: the error at the end, a note where it opened. */
START_TEST(unclosed_group_note)
{
  struct dc_parse_out out;
  const char *in = "a +\n  sigma(x + (1";
  int rc = dc_parse_chain(ctx, in, strlen(in), &map_deep, 0, &diags, &out);
  ck_assert_int_eq(rc, -1);
  ck_assert_uint_eq(diags.n, 2);
  ck_assert_int_eq(diags.v[1].sev, DC_SEV_NOTE);
  ck_assert_ptr_nonnull(strstr(diags.v[1].msg, "'(' opened here"));
  /* the inner '(' of (1, on the second line after the indentation */
  ck_assert_int_eq(diags.v[1].pos.line, map_deep.line + 1);
  ck_assert_int_eq(diags.v[1].pos.col, map_deep.indent + 1 + 12);
}
END_TEST

/* Nesting past DC_MAX_NESTING, through parentheses, minus signs, powers
** and calls; just under it is fine. */
START_TEST(nesting_limit)
{
  static const char *const open[] = { "(", "-", "2^", "sin(" };
  static const char *const close[] = { ")", "", "", ")" };
  static const size_t depths[] = { DC_MAX_NESTING - 1, DC_MAX_NESTING + 1,
                                    DC_MAX_NESTING + 40 };
  size_t k, d, i;

  for (k = 0; k < DC_ARRAY_LEN(open); k++) {
    for (d = 0; d < DC_ARRAY_LEN(depths); d++) {
      size_t depth = depths[d];
      size_t no = strlen(open[k]), nc = strlen(close[k]);
      char *s = malloc(depth * (no + nc) + 2), *q = s;
      struct dc_node *e;
      ck_assert_ptr_nonnull(s);
      for (i = 0; i < depth; i++, q += no)
        memcpy(q, open[k], no);
      *q++ = 'x';
      for (i = 0; i < depth; i++, q += nc)
        memcpy(q, close[k], nc);
      dc_diags_free(&diags);
      e = dc_parse_expr(ctx, s, (size_t)(q - s), NULL, &diags);
      if (depth < DC_MAX_NESTING) {
        ck_assert_msg(e != NULL, "depth %zu of '%s': %s", depth, open[k],
                      first_msg());
      } else {
        ck_assert_ptr_null(e);
        ck_assert_uint_eq(diags.nerrors, 1);
        ck_assert_ptr_nonnull(strstr(diags.v[0].msg,
                                     "nests deeper than 256 levels"));
      }
      free(s);
    }
  }
}
END_TEST

START_TEST(length_limit)
{
  size_t n = DC_MAX_EXPR_BYTES + 1;
  char *s = malloc(n);
  ck_assert_ptr_nonnull(s);
  memset(s, ' ', n);
  s[0] = 'x';
  ck_assert_ptr_null(dc_parse_expr(ctx, s, n, NULL, &diags));
  ck_assert_uint_eq(diags.nerrors, 1);
  ck_assert_ptr_nonnull(strstr(diags.v[0].msg, "longer than 65536 bytes"));
  /* one byte less is accepted */
  ck_assert_ptr_nonnull(dc_parse_expr(ctx, s, n - 1, NULL, &diags));
  free(s);
}
END_TEST

/* ---- chains and name uses ---- */

START_TEST(chain_ranges)
{
  const char *in = "  a + b =  c\n = diff(L, yhat) ";
  struct dc_parse_out out;

  ck_assert_int_eq(dc_parse_chain(ctx, in, strlen(in), &map1, 1, &diags, &out), 0);
  ck_assert_uint_eq(out.nexprs, 3);
  ck_assert_uint_eq(out.exprs[0].off, 2);
  ck_assert_uint_eq(out.exprs[0].end, 7);
  ck_assert_uint_eq(out.exprs[1].off, 11);
  ck_assert_uint_eq(out.exprs[1].end, 12);
  ck_assert_uint_eq(out.exprs[2].off, 16);
  ck_assert_uint_eq(out.exprs[2].end, 29);
  ck_assert_str_eq(sexpr(out.exprs[0].expr), "(add a b)");
  ck_assert_str_eq(sexpr(out.exprs[2].expr), "(diff L yhat)");
  dc_parse_out_free(&out);
  ck_assert_ptr_null(out.exprs);
}
END_TEST

START_TEST(chain_uses)
{
  const char *in = "diff(L, yhat) = -y/yhat + sigma(x)*x";
  static const struct { const char *name; size_t off; } want[] = {
    { "L", 5 }, { "yhat", 8 }, { "y", 17 }, { "yhat", 19 }, { "x", 32 },
    { "x", 35 },
  };
  struct dc_parse_out out;
  size_t i;

  ck_assert_int_eq(dc_parse_chain(ctx, in, strlen(in), NULL, 1, &diags, &out), 0);
  ck_assert_uint_eq(out.nexprs, 2);
  ck_assert_uint_eq(out.nuses, DC_ARRAY_LEN(want));
  for (i = 0; i < out.nuses; i++) {
    ck_assert_str_eq(out.uses[i].name->s, want[i].name);
    ck_assert_uint_eq(out.uses[i].off, want[i].off);
  }
  /* the same spelling is the same interned name */
  ck_assert_ptr_eq(out.uses[1].name, out.uses[3].name);
  dc_parse_out_free(&out);
}
END_TEST

START_TEST(single_expression_api)
{
  ck_assert_ptr_null(dc_parse_expr(ctx, "a = b", 5, NULL, &diags));
  ck_assert_uint_eq(diags.nerrors, 1);
  /* without a map, positions count from 1:1 */
  ck_assert_int_eq(diags.v[0].pos.line, 1);
  ck_assert_int_eq(diags.v[0].pos.col, 3);
  ck_assert_ptr_null(diags.v[0].pos.file);
  /* text need not be NUL-terminated: only len bytes are read */
  ck_assert_str_eq(sexpr(dc_parse_expr(ctx, "x*y+garbage(", 3, NULL, &diags)),
                   "(mul x y)");
}
END_TEST

/* Hash-consing: equal subtrees are one node. */
START_TEST(hash_consing_shares)
{
  struct dc_node *e = dc_parse_expr(ctx, "x*y + x*y", 9, NULL, &diags);
  struct dc_node *p = dc_parse_expr(ctx, "x*y", 3, NULL, &diags);
  ck_assert_ptr_nonnull(e);
  ck_assert_int_eq(e->kind, DC_ADD);
  ck_assert_ptr_eq(e->a[0], e->a[1]);
  ck_assert_ptr_eq(e->a[0], p);
  ck_assert_ptr_ne(dc_parse_expr(ctx, "y*x", 3, NULL, &diags), p);
  ck_assert_ptr_ne(dc_parse_expr(ctx, "(x*y)", 5, NULL, &diags), p);
  ck_assert_uint_eq(dc_dag_size(e), 4);
}
END_TEST

/* Found by fuzzing: "+-y1*x" made (-y1)*x, a tree whose plain form
** "(-y1)*x" parses to another tree.  A dropped leading '+' must leave
** exactly the tree of the rest. */
START_TEST(fuzz_leading_plus_minus)
{
  static const char *const pairs[][2] = {
    { "+-y1*(1 - p1) + y2*p1", "-y1*(1 - p1) + y2*p1" },
    { "+-x*y/z", "-x*y/z" },
    { "+--x*y", "--x*y" },
    { "(+-a*b)", "(-a*b)" },
  };
  size_t i;

  for (i = 0; i < DC_ARRAY_LEN(pairs); i++) {
    struct dc_node *a = dc_parse_expr(ctx, pairs[i][0], strlen(pairs[i][0]),
                                      NULL, &diags);
    struct dc_node *b = dc_parse_expr(ctx, pairs[i][1], strlen(pairs[i][1]),
                                      NULL, &diags);
    ck_assert_msg(a != NULL && b != NULL, "%s", first_msg());
    ck_assert_msg(a == b, "'%s' is %s, '%s' is %s", pairs[i][0], sexpr(a),
                  pairs[i][1], sexpr(b));
  }
  ck_assert_str_eq(sexpr(dc_parse_expr(ctx, "+-x*y", 5, NULL, &diags)),
                   "(neg (mul x y))");
}
END_TEST

/* ---- the lexer alone ---- */

START_TEST(lexer_tokens)
{
  static const char in[] = "f''(x1) ** 2.5e-3e [a]=,/ -+ ^";
  static const struct { enum dc_tok kind; size_t off, len; } want[] = {
    { DC_TOK_NAME, 0, 1 }, { DC_TOK_PRIME, 1, 1 }, { DC_TOK_PRIME, 2, 1 },
    { DC_TOK_LPAREN, 3, 1 }, { DC_TOK_NAME, 4, 2 }, { DC_TOK_RPAREN, 6, 1 },
    { DC_TOK_STARSTAR, 8, 2 }, { DC_TOK_NUMBER, 11, 6 }, { DC_TOK_NAME, 17, 1 },
    { DC_TOK_LBRACKET, 19, 1 }, { DC_TOK_NAME, 20, 1 },
    { DC_TOK_RBRACKET, 21, 1 }, { DC_TOK_EQ, 22, 1 }, { DC_TOK_COMMA, 23, 1 },
    { DC_TOK_SLASH, 24, 1 }, { DC_TOK_MINUS, 26, 1 }, { DC_TOK_PLUS, 27, 1 },
    { DC_TOK_CARET, 29, 1 }, { DC_TOK_EOF, 30, 0 }, { DC_TOK_EOF, 30, 0 },
  };
  struct dc_lexer lx;
  size_t i;

  dc_lex_init(&lx, in, strlen(in));
  for (i = 0; i < DC_ARRAY_LEN(want); i++) {
    struct dc_token t = dc_lex_next(&lx);
    ck_assert_msg(t.kind == want[i].kind && t.off == want[i].off &&
                  t.len == want[i].len, "token %zu: %s at %zu+%zu", i,
                  dc_tok_spelling(t.kind), t.off, t.len);
  }
}
END_TEST

static Suite *parse_suite(void)
{
  Suite *s = suite_create("parse");
  TCase *tc = tcase_create("parse");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_loop_test(tc, tree_shapes, 0, (int)DC_ARRAY_LEN(trees));
  tcase_add_loop_test(tc, numbers_exact, 0, (int)DC_ARRAY_LEN(numbers));
  tcase_add_test(tc, numbers_large);
  tcase_add_test(tc, numbers_keep_literal);
  tcase_add_test(tc, unclosed_group_note);
  tcase_add_loop_test(tc, error_table, 0, (int)DC_ARRAY_LEN(errors));
  tcase_add_test(tc, nesting_limit);
  tcase_add_test(tc, length_limit);
  tcase_add_test(tc, chain_ranges);
  tcase_add_test(tc, chain_uses);
  tcase_add_test(tc, single_expression_api);
  tcase_add_test(tc, hash_consing_shares);
  tcase_add_test(tc, lexer_tokens);
  tcase_add_test(tc, fuzz_leading_plus_minus);
  suite_add_tcase(s, tc);
  return s;
}

DC_TEST_MAIN(parse_suite)
