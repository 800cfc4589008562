/*
** parse.c: recursive-descent parser for derivcheck expressions.
**
** One function per grammar rule (the rule is written above each), one
** token of lookahead, and one error path: fail() records the first error
** of the string and every rule returns NULL from then on, so the callers
** unwind without special cases.  Nesting is bounded by counting levels in
** factor(), which every recursive cycle of the grammar passes through.
** The tree is built with the hash-consing constructors of expr/node.h and
** keeps the expression exactly as written.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "expr/builtins.h"
#include "expr/limits.h"
#include "expr/scope.h"
#include "expr/stack.h"
#include "parser/lex.h"
#include "parser/parse.h"

struct parser {
  struct dc_ctx *ctx;
  const char *text;
  size_t len;
  struct dc_srcmap map;
  struct dc_diags *diags;
  struct dc_lexer lx;
  struct dc_token tok;          /* lookahead: the next token to consume */
  struct dc_token prev;         /* the token consumed last */
  int depth;                    /* factor() levels in progress */
  int failed;                   /* an error was recorded: unwind */
  int want_uses;                /* collect DC_NAME occurrences */
  struct dc_name_use *uses;
  size_t nuses, uses_cap;
};

static struct dc_node *parse_expr(struct parser *p);

/* ---- errors ---- */

/* The one error path: record the first error of this string only. */
static void fail(struct parser *p, size_t off, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));

static void fail(struct parser *p, size_t off, const char *fmt, ...)
{
  char msg[DC_DIAG_MSG];
  va_list ap;

  if (p->failed)
    return;
  p->failed = 1;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  dc_error(p->diags, dc_srcmap_pos(&p->map, p->text, p->len, off), "%s",
           msg);
}

/* A constructor's result; NULL from it means the arena budget is spent.
** A long sum or product nests one level per term without any
** parentheses, so the height of the tree is bounded here, not only the
** nesting of factor(): every walk of the tree recurses that deep, and
** nothing taller could be expanded anyway (DC_MAX_EXPAND_DEPTH). */
static struct dc_node *made(struct parser *p, struct dc_node *n)
{
  if (!n)
    fail(p, p->prev.off,
         "out of memory: the expression arena is full");
  else if (n->height > DC_MAX_EXPAND_DEPTH) {
    fail(p, p->prev.off, "expression nests deeper than %d levels (each "
         "term of a long sum or product is one level)", DC_MAX_EXPAND_DEPTH);
    return NULL;
  }
  return n;
}

/* A token as quoted in messages; long tokens are cut. */
static const char *show(const struct parser *p, struct dc_token t,
                        char *buf, size_t n)
{
  if (t.kind == DC_TOK_EOF)
    return "end of expression";
  if (t.len > 24)
    snprintf(buf, n, "'%.24s...'", p->text + t.off);
  else
    snprintf(buf, n, "'%.*s'", (int)t.len, p->text + t.off);
  return buf;
}

/* The bracketed group starting at off, e.g. "(1-y)", for a suggestion;
** "(...)" when it is long, spans lines or is not closed. */
static const char *group_text(const struct parser *p, size_t off,
                              char *buf, size_t n)
{
  int depth = 0;
  size_t i;

  for (i = off; i < p->len && i - off < 40; i++) {
    char c = p->text[i];
    if (c == '\n' || c == '\0')
      break;
    if (c == '(' || c == '[')
      depth++;
    else if ((c == ')' || c == ']') && --depth == 0) {
      snprintf(buf, n, "%.*s", (int)(i + 1 - off), p->text + off);
      return buf;
    }
  }
  snprintf(buf, n, "%s", p->text[off] == '[' ? "[...]" : "(...)");
  return buf;
}

/* The arity of a callable name, or -1 when it names no function. */
static int arity_of(const struct dc_name *name)
{
  if (name->builtin >= 0)
    return dc_builtin_info(name->builtin)->arity;
  if (name->func)
    return name->func->nparams;
  return -1;
}

static int is_diff_name(const struct dc_name *name)
{
  return name->builtin < 0 && !name->func &&
         (strcmp(name->s, "diff") == 0 || strcmp(name->s, "pdiff") == 0);
}

static int starts_operand(enum dc_tok k)
{
  return k == DC_TOK_NUMBER || k == DC_TOK_NAME || k == DC_TOK_LPAREN ||
         k == DC_TOK_LBRACKET;
}

/* An operand follows an operand: there is no implicit multiplication. */
static void missing_operator(struct parser *p)
{
  struct dc_token a = p->prev, b = p->tok;
  char bb[64], gb[64];
  const char *btext;

  if (b.kind == DC_TOK_LPAREN || b.kind == DC_TOK_LBRACKET)
    btext = group_text(p, b.off, gb, sizeof gb);
  else if (b.len <= 24)
    btext = (snprintf(gb, sizeof gb, "%.*s", (int)b.len, p->text + b.off), gb);
  else
    btext = NULL;
  if (a.kind == DC_TOK_NAME && btext) {
    /* `sin x`: a function name used without its parentheses */
    const struct dc_name *fn = dc_lookup_name(p->ctx, p->text + a.off, a.len);
    if (fn && (arity_of(fn) >= 0 || is_diff_name(fn)) && a.len <= 24) {
      fail(p, b.off, "'%s' is a function: write %s(%s)", fn->s, fn->s,
           b.kind == DC_TOK_LPAREN || b.kind == DC_TOK_LBRACKET ? "..." : btext);
      return;
    }
  }
  if ((a.kind == DC_TOK_NUMBER || a.kind == DC_TOK_NAME) && a.len <= 24 &&
      btext)
    fail(p, b.off, "missing '*' between '%.*s' and '%s'? write %.*s*%s",
         (int)a.len, p->text + a.off, btext, (int)a.len, p->text + a.off,
         btext);
  else
    fail(p, b.off, "missing '*' before %s? write '*' for a product",
         show(p, b, bb, sizeof bb));
}

/* Where an operand was expected and something else came. */
static void expected_operand(struct parser *p)
{
  char ab[64], bb[64];

  if (p->failed)
    return;
  if ((p->prev.kind == DC_TOK_LPAREN && p->tok.kind == DC_TOK_RPAREN) ||
      (p->prev.kind == DC_TOK_LBRACKET && p->tok.kind == DC_TOK_RBRACKET))
    fail(p, p->prev.off, "empty %.*s%.*s: expected an expression inside",
         1, p->text + p->prev.off, 1, p->text + p->tok.off);
  else if (p->prev.kind == DC_TOK_EOF)
    fail(p, p->tok.off, "expected an expression, found %s",
         show(p, p->tok, bb, sizeof bb));
  else if (p->tok.kind == DC_TOK_EOF)
    fail(p, p->tok.off, "expected an operand after %s",
         show(p, p->prev, ab, sizeof ab));
  else
    fail(p, p->tok.off, "expected an operand after %s, found %s",
         show(p, p->prev, ab, sizeof ab), show(p, p->tok, bb, sizeof bb));
}

/* ---- tokens ---- */

static void advance(struct parser *p)
{
  p->prev = p->tok;
  p->tok = dc_lex_next(&p->lx);
  if (p->tok.kind == DC_TOK_ERROR)
    fail(p, p->tok.off, "%s", p->lx.msg);
}

/* Consume the closer of a group opened at open_off, or explain why not. */
static int expect_close(struct parser *p, enum dc_tok want, size_t open_off)
{
  char bb[64], found[80];

  if (p->tok.kind == want) {
    advance(p);
    return 1;
  }
  if (p->failed)
    return 0;
  if (starts_operand(p->tok.kind)) {
    missing_operator(p);
    return 0;
  }
  found[0] = '\0';
  if (p->tok.kind != DC_TOK_EOF)
    snprintf(found, sizeof found, ", found %s",
             show(p, p->tok, bb, sizeof bb));
  fail(p, p->tok.off, "expected '%c' to close '%c'%s",
       want == DC_TOK_RPAREN ? ')' : ']', p->text[open_off], found);
  /* Where the group opened, as a note with its own position: a column
  ** inside the message would not follow the loader's remapping. */
  dc_note(p->diags, dc_srcmap_pos(&p->map, p->text, p->len, open_off),
          "'%c' opened here", p->text[open_off]);
  return 0;
}

/* prime* : the number of primes consumed, or -1 past DC_MAX_DIFF_ORDER. */
static int primes(struct parser *p)
{
  size_t off = p->tok.off;
  long n = 0;

  while (p->tok.kind == DC_TOK_PRIME) {
    n++;
    advance(p);
  }
  if (n > DC_MAX_DIFF_ORDER) {
    fail(p, off, "more than %d primes",
         DC_MAX_DIFF_ORDER);
    return -1;
  }
  return p->failed ? -1 : (int)n;
}

/* ---- leaves ---- */

/* NUMBER: an exact rational that remembers its literal. */
static struct dc_node *number(struct parser *p)
{
  struct dc_token t = p->tok;
  char *lit = malloc(t.len + 1);
  struct dc_node *n = NULL;
  mpq_t q;

  if (!lit) {
    fail(p, t.off, "out of memory");
    return NULL;
  }
  memcpy(lit, p->text + t.off, t.len);
  lit[t.len] = '\0';
  mpq_init(q);
  if (dc_lex_number(lit, t.len, q) != 0)
    fail(p, t.off, "out of memory");
  else
    n = dc_num(p->ctx, q, lit);
  mpq_clear(q);
  free(lit);
  advance(p);
  return n ? n : made(p, NULL);
}

/* A DC_NAME leaf, remembered for the loader's name checks. */
static struct dc_node *name_leaf(struct parser *p, struct dc_name *name,
                                 size_t off)
{
  struct dc_node *e = made(p, dc_name_node(p->ctx, name));

  if (e && p->want_uses) {
    if (dc_reserve(&p->uses, &p->uses_cap, p->nuses, sizeof *p->uses)) {
      fail(p, off, "out of memory");
      return NULL;
    }
    p->uses[p->nuses].name = name;
    p->uses[p->nuses].off = off;
    p->uses[p->nuses].diff_var = 0;
    p->nuses++;
  }
  return e;
}

/* ---- calls ---- */

struct near {
  const struct dc_name *name;
  const char *best;
  size_t dist;
};

/* Keep cand if it is closer to the name than what we have; ties go to
** the alphabetically first, so the suggestion never depends on hashing.
** A distance as long as either word is no evidence of a typo (x vs exp). */
static void consider(struct near *nr, const char *cand)
{
  size_t n = strlen(cand);
  size_t d = dc_edit_distance(nr->name->s, nr->name->len, cand, n, 2);

  if (d == 0 || d > 2 || d >= nr->name->len || d >= n)
    return;
  if (!nr->best || d < nr->dist ||
      (d == nr->dist && strcmp(cand, nr->best) < 0)) {
    nr->best = cand;
    nr->dist = d;
  }
}

static void consider_func(struct dc_name *n, void *arg)
{
  if (n->func)
    consider(arg, n->s);
}

/* The known function name nearest to name, or NULL. */
static const char *nearest_function(const struct parser *p,
                                    const struct dc_name *name)
{
  struct near nr = { name, NULL, 0 };
  const struct dc_builtin_info *tab;
  size_t n, i;

  tab = dc_builtin_table(&n);
  for (i = 0; i < n; i++)
    consider(&nr, tab[i].name);
  consider(&nr, "diff");
  consider(&nr, "pdiff");
  dc_each_name(p->ctx, consider_func, &nr);
  return nr.best;
}

/* NAME '(' where NAME is no function: a typo, or a product without '*'. */
static void not_a_function(struct parser *p, const struct dc_name *name,
                           struct dc_token nt)
{
  const char *best = NULL;
  char gb[64];
  size_t end = p->tok.off;

  /* The search compares the name with every function of the spec; past
  ** the error cap nothing is shown, so it is not run (20,000 calls of
  ** unknown functions among 20,000 functions took 84 s). */
  if (!name->sym && !name->def && !dc_diags_full(p->diags))
    best = nearest_function(p, name);
  if (best) {
    fail(p, nt.off, "unknown function '%s'; did you mean '%s'?", name->s,
         best);
    return;
  }
  while (end > nt.off && strchr(" \t\r\n", p->text[end - 1]))
    end--;
  fail(p, p->tok.off, "'%s' is not a function; for a product write %.*s*%s",
       name->s, (int)(end - nt.off), p->text + nt.off,
       group_text(p, p->tok.off, gb, sizeof gb));
}

/*
** args := [expr (',' expr)*]       (the '(' is the lookahead token)
** Fills args[] and the byte offset of each; the count, or -1 on error.
*/
static int arguments(struct parser *p, struct dc_node **args, size_t *offs)
{
  size_t open = p->tok.off;
  int n = 0;

  advance(p);
  if (p->tok.kind == DC_TOK_RPAREN) {
    advance(p);
    return p->failed ? -1 : 0;
  }
  for (;;) {
    if (n == DC_MAX_ARGS) {
      fail(p, p->tok.off, "more than %d arguments",
           DC_MAX_ARGS);
      return -1;
    }
    offs[n] = p->tok.off;
    if (!(args[n] = parse_expr(p)))
      return -1;
    n++;
    if (p->tok.kind != DC_TOK_COMMA)
      break;
    advance(p);
  }
  return expect_close(p, DC_TOK_RPAREN, open) ? n : -1;
}

/* The name use at offset off is a derivative's variable: the loader
** refuses constants there, which only it can tell from where names. */
static void mark_diff_var(struct parser *p, size_t off)
{
  size_t i = p->nuses;
  while (i-- > 0)
    if (p->uses[i].off == off) {
      p->uses[i].diff_var = 1;
      return;
    }
}

/*
** diff(E, v) | diff(E, v, n) | pdiff(...)  with v a bare name and n a
** positive integer literal <= DC_MAX_DIFF_ORDER.
*/
static struct dc_node *diff_form(struct parser *p, const struct dc_name *fn,
                                 struct dc_token nt)
{
  struct dc_node *args[DC_MAX_ARGS];
  size_t offs[DC_MAX_ARGS];
  unsigned flags = fn->s[0] == 'p' ? DC_F_PARTIAL : 0;
  int n = arguments(p, args, offs), order = 1;

  if (n < 0)
    return NULL;
  if (n < 2 || n > 3) {
    fail(p, nt.off, "'%s' takes 2 or 3 arguments, %d given", fn->s, n);
    return NULL;
  }
  if (args[1]->kind == DC_NUM) {
    fail(p, offs[1], "cannot differentiate by the number %s: the variable "
         "of a derivative must be a symbol", args[1]->text);
    return NULL;
  }
  if (args[1]->kind != DC_NAME) {
    fail(p, offs[1], "the variable of %s must be a name, as in %s(E, x)",
         fn->s, fn->s);
    return NULL;
  }
  mark_diff_var(p, offs[1]);
  if (n == 3) {
    const struct dc_node *k = args[2];
    if (k->kind != DC_NUM || mpz_cmp_ui(mpq_denref(*k->q), 1) != 0 ||
        mpz_sgn(mpq_numref(*k->q)) <= 0 ||
        mpz_cmp_ui(mpq_numref(*k->q), DC_MAX_DIFF_ORDER) > 0) {
      fail(p, offs[2], "the order of %s must be a positive integer literal, "
           "at most %d", fn->s, DC_MAX_DIFF_ORDER);
      return NULL;
    }
    order = (int)mpz_get_ui(mpq_numref(*k->q));
    flags |= DC_F_ORDER;
  }
  return made(p, dc_diff(p->ctx, args[0], args[1], order, flags));
}

/* NAME "'"* '(' args ')'   (the '(' is the lookahead token) */
static struct dc_node *call(struct parser *p, const struct dc_name *fn,
                            struct dc_token nt, int nprimes)
{
  struct dc_node *args[DC_MAX_ARGS];
  size_t offs[DC_MAX_ARGS];
  int arity, n;

  if (is_diff_name(fn)) {
    if (nprimes) {
      fail(p, nt.off, "primes are not allowed on %s; write %s(E, v, n) "
           "for a higher derivative", fn->s, fn->s);
      return NULL;
    }
    return diff_form(p, fn, nt);
  }
  arity = arity_of(fn);
  if (arity < 0) {
    not_a_function(p, fn, nt);
    return NULL;
  }
  if (nprimes && arity != 1) {
    fail(p, nt.off, "a prime is the derivative of a function of one "
         "argument, but '%s' takes %d", fn->s, arity);
    return NULL;
  }
  if ((n = arguments(p, args, offs)) < 0)
    return NULL;
  if (n != arity) {
    fail(p, nt.off, "'%s' takes %d argument%s, %d given", fn->s, arity,
         arity == 1 ? "" : "s", n);
    return NULL;
  }
  return made(p, dc_call(p->ctx, fn, nprimes, (size_t)n, args));
}

/* ---- the grammar ---- */

/* NAME | NAME "'"* '(' args ')' | NAME "'"+ (a primed name: y') */
static struct dc_node *name_or_call(struct parser *p)
{
  struct dc_token nt = p->tok;
  struct dc_name *name = dc_intern(p->ctx, p->text + nt.off, nt.len);
  struct dc_node *e;
  int n;

  if (!name) {
    fail(p, nt.off, "out of memory");
    return NULL;
  }
  advance(p);
  if ((n = primes(p)) < 0)
    return NULL;
  if (p->tok.kind == DC_TOK_LPAREN)
    return call(p, name, nt, n);
  e = name_leaf(p, name, nt.off);
  return e && n ? made(p, dc_prime(p->ctx, e, n)) : e;
}

/* '(' expr ')' | '[' expr ']'   kept as DC_PAREN / DC_BRACKET */
static struct dc_node *group(struct parser *p, enum dc_kind kind,
                             enum dc_tok close)
{
  size_t open = p->tok.off;
  struct dc_node *e;

  advance(p);
  if (!(e = parse_expr(p)) || !expect_close(p, close, open))
    return NULL;
  return made(p, dc_unary(p->ctx, kind, e));
}

/* primary := NUMBER | NAME | NAME "'"* '(' args ')' | '(' expr ')'
**          | '[' expr ']' */
static struct dc_node *primary(struct parser *p)
{
  if (p->failed)
    return NULL;
  switch (p->tok.kind) {
  case DC_TOK_NUMBER:   return number(p);
  case DC_TOK_NAME:     return name_or_call(p);
  case DC_TOK_LPAREN:   return group(p, DC_PAREN, DC_TOK_RPAREN);
  case DC_TOK_LBRACKET: return group(p, DC_BRACKET, DC_TOK_RBRACKET);
  default:
    expected_operand(p);
    return NULL;
  }
}

/* postfix := primary "'"* */
static struct dc_node *postfix(struct parser *p)
{
  struct dc_node *e = primary(p);
  int n;

  if (!e || (n = primes(p)) < 0)
    return NULL;
  return n ? made(p, dc_prime(p->ctx, e, n)) : e;
}

static struct dc_node *factor(struct parser *p);

/* power := postfix [('^'|'**') factor]      right-associative via factor */
static struct dc_node *power(struct parser *p)
{
  struct dc_node *b = postfix(p), *x;
  unsigned flags;

  if (!b || (p->tok.kind != DC_TOK_CARET && p->tok.kind != DC_TOK_STARSTAR))
    return b;
  flags = p->tok.kind == DC_TOK_STARSTAR ? DC_F_STARSTAR : 0;
  advance(p);
  if (!(x = factor(p)))
    return NULL;
  return made(p, dc_binary(p->ctx, DC_POW, b, x, flags));
}

/* factor := '-' factor | power */
static struct dc_node *factor(struct parser *p)
{
  struct dc_node *e;

  if (p->depth >= DC_MAX_NESTING) {
    fail(p, p->tok.off, "expression nests deeper than %d levels",
         DC_MAX_NESTING);
    return NULL;
  }
  if (dc_stack_low()) {
    fail(p, p->tok.off, "expression nests too deeply for the stack "
         "(%zu KiB; see ulimit -s)", dc_stack_limit() >> 10);
    return NULL;
  }
  p->depth++;
  if (p->tok.kind == DC_TOK_MINUS) {
    advance(p);
    e = factor(p);
    e = e ? made(p, dc_unary(p->ctx, DC_NEG, e)) : NULL;
  } else {
    e = power(p);
  }
  p->depth--;
  return e;
}

/* term := factor (('*'|'/') factor)*       left-associative */
static struct dc_node *term(struct parser *p)
{
  struct dc_node *e = factor(p), *r;

  while (e && (p->tok.kind == DC_TOK_STAR || p->tok.kind == DC_TOK_SLASH)) {
    enum dc_kind k = p->tok.kind == DC_TOK_STAR ? DC_MUL : DC_DIV;
    advance(p);
    if (!(r = factor(p)))
      return NULL;
    e = made(p, dc_binary(p->ctx, k, e, r, 0));
  }
  return e;
}

/* expr := ['+'|'-'] term (('+'|'-') term)*
** A leading '-' negates the whole first term (-x*y/z is -(x*y/z)); a
** leading '+' is dropped, so "+E" parses exactly as "E": "+-x*y" is
** -(x*y) like "-x*y".  (Parsing the rest as a term would make (-x)*y, a
** tree no printed form without the '+' gives back.) */
static struct dc_node *parse_expr(struct parser *p)
{
  struct dc_node *e, *r;

  if (p->tok.kind == DC_TOK_PLUS)
    advance(p);
  if (p->tok.kind == DC_TOK_MINUS) {
    advance(p);
    e = term(p);
    e = e ? made(p, dc_unary(p->ctx, DC_NEG, e)) : NULL;
  } else {
    e = term(p);
  }
  while (e && (p->tok.kind == DC_TOK_PLUS || p->tok.kind == DC_TOK_MINUS)) {
    enum dc_kind k = p->tok.kind == DC_TOK_PLUS ? DC_ADD : DC_SUB;
    advance(p);
    if (!(r = term(p)))
      return NULL;
    e = made(p, dc_binary(p->ctx, k, e, r, 0));
  }
  return e;
}

/* What may not follow a complete expression. */
static void trailing(struct parser *p)
{
  char bb[64];

  if (p->failed)
    return;
  if (starts_operand(p->tok.kind))
    missing_operator(p);
  else if (p->tok.kind == DC_TOK_RPAREN || p->tok.kind == DC_TOK_RBRACKET)
    fail(p, p->tok.off, "unmatched %s", show(p, p->tok, bb, sizeof bb));
  else if (p->tok.kind == DC_TOK_COMMA)
    fail(p, p->tok.off, "unexpected ',' outside a function call");
  else
    fail(p, p->tok.off, "unexpected %s after the expression",
         show(p, p->tok, bb, sizeof bb));
}

/* ---- chains ---- */

static int push_expr(struct parser *p, struct dc_parse_out *out, size_t *cap,
                     struct dc_node *e, size_t off)
{
  if (dc_reserve(&out->exprs, cap, out->nexprs, sizeof *out->exprs)) {
    fail(p, off, "out of memory");
    return -1;
  }
  out->exprs[out->nexprs].expr = e;
  out->exprs[out->nexprs].off = off;
  out->exprs[out->nexprs].end = p->prev.off + p->prev.len;
  out->nexprs++;
  return 0;
}

/* chain := expr ('=' expr)* */
static void chain(struct parser *p, int allow_chain, struct dc_parse_out *out)
{
  size_t cap = 0, eq_off = 0;
  int first = 1;
  struct dc_node *e;

  if (p->tok.kind == DC_TOK_EOF) {
    fail(p, p->tok.off, "empty expression");
    return;
  }
  for (;;) {
    size_t off = p->tok.off;
    if (p->tok.kind == DC_TOK_EQ) {
      fail(p, off, "missing expression before '='");
      return;
    }
    if (!first && p->tok.kind == DC_TOK_EOF) {
      fail(p, eq_off, "missing expression after '='");
      return;
    }
    if (!(e = parse_expr(p)) || push_expr(p, out, &cap, e, off) != 0)
      return;
    first = 0;
    if (p->tok.kind == DC_TOK_EOF)
      return;
    if (p->tok.kind != DC_TOK_EQ) {
      trailing(p);
      return;
    }
    if (!allow_chain) {
      fail(p, p->tok.off, "'=' is not allowed here: expected one "
           "expression, not a chain");
      return;
    }
    eq_off = p->tok.off;
    advance(p);
  }
}

static const struct dc_srcmap no_map = { NULL, 1, 1, 0 };

static int run(struct dc_ctx *ctx, const char *text, size_t len,
               const struct dc_srcmap *map, int allow_chain, int want_uses,
               struct dc_diags *diags, struct dc_parse_out *out)
{
  struct parser p;

  memset(out, 0, sizeof *out);
  memset(&p, 0, sizeof p);
  p.ctx = ctx;
  p.text = text;
  p.len = len;
  p.map = map ? *map : no_map;
  p.diags = diags;
  p.want_uses = want_uses;
  p.prev.kind = DC_TOK_EOF;
  if (len > DC_MAX_EXPR_BYTES) {
    fail(&p, 0, "expression is longer than %u bytes",
         (unsigned)DC_MAX_EXPR_BYTES);
    return -1;
  }
  dc_lex_init(&p.lx, text, len);
  p.tok = dc_lex_next(&p.lx);
  if (p.tok.kind == DC_TOK_ERROR)
    fail(&p, p.tok.off, "%s", p.lx.msg);
  else
    chain(&p, allow_chain, out);
  if (p.failed) {
    free(p.uses);
    dc_parse_out_free(out);
    return -1;
  }
  out->uses = p.uses;
  out->nuses = p.nuses;
  return 0;
}

int dc_parse_chain(struct dc_ctx *ctx, const char *text, size_t len,
                   const struct dc_srcmap *map, int allow_chain,
                   struct dc_diags *diags, struct dc_parse_out *out)
{
  return run(ctx, text, len, map, allow_chain, 1, diags, out);
}

void dc_parse_out_free(struct dc_parse_out *out)
{
  free(out->exprs);
  free(out->uses);
  memset(out, 0, sizeof *out);
}

struct dc_node *dc_parse_expr(struct dc_ctx *ctx, const char *text,
                              size_t len, const struct dc_srcmap *map,
                              struct dc_diags *diags)
{
  struct dc_parse_out out;
  struct dc_node *e;

  if (run(ctx, text, len, map, 0, 0, diags, &out) != 0)
    return NULL;
  e = out.exprs[0].expr;
  dc_parse_out_free(&out);
  return e;
}
