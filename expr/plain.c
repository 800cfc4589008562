/*
** plain.c: printing trees in derivcheck's own syntax, and a growable string.
**
** The printer walks the tree with a "slot": the grammatical position the
** text lands in (parser/parse.h).  A node whose printed form would parse
** differently in its slot is wrapped in parentheses; every other node is
** printed bare.  Trees made by the parser never need a wrap (the author's
** own grouping is a DC_PAREN node), so they print back exactly; only
** generated trees get added parentheses.
**
** The one non-obvious slot is the start of an expression.  There a leading
** '-' is the sign of the whole first term (`-x*y` is -(x*y)), so a
** negation that is only the first factor of a product must be wrapped:
** MUL(NEG(x), y) prints `(-x)*y` at the start but `a + -x*y` after a `+`.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "expr/plain.h"
#include "expr/stack.h"
#include "expr/scope.h"

/* ---- growable string ---- */

void dc_buf_init(struct dc_buf *b)
{
  memset(b, 0, sizeof *b);
}

void dc_buf_free(struct dc_buf *b)
{
  free(b->s);
  memset(b, 0, sizeof *b);
}

/* Make room for n more bytes plus the NUL; 0 on success. */
static int reserve(struct dc_buf *b, size_t n)
{
  size_t need, cap;
  char *s;

  if (b->oom)
    return -1;
  if (n > (size_t)-1 / 2 - b->len) {
    b->oom = 1;
    return -1;
  }
  need = b->len + n + 1;
  if (need <= b->cap)
    return 0;
  cap = b->cap ? b->cap : 64;
  while (cap < need)
    cap *= 2;
  s = realloc(b->s, cap);
  if (!s) {
    b->oom = 1;
    return -1;
  }
  b->s = s;
  b->cap = cap;
  return 0;
}

void dc_buf_add(struct dc_buf *b, const char *s, size_t n)
{
  if (reserve(b, n) != 0)
    return;
  if (n)
    memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
}

void dc_buf_puts(struct dc_buf *b, const char *s)
{
  dc_buf_add(b, s, strlen(s));
}

void dc_buf_printf(struct dc_buf *b, const char *fmt, ...)
{
  va_list ap;
  int n;

  if (reserve(b, 0) != 0)
    return;
  va_start(ap, fmt);
  n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
  va_end(ap);
  if (n < 0) {
    b->s[b->len] = '\0';
    return;
  }
  if ((size_t)n >= b->cap - b->len) {
    /* Too long for the free space: grow and format again. */
    if (reserve(b, (size_t)n) != 0) {
      b->s[b->len] = '\0';
      return;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
  }
  b->len += (size_t)n;
}

/* Insert one byte at offset off (<= len). */
static void insert_char(struct dc_buf *b, size_t off, char c)
{
  if (reserve(b, 1) != 0)
    return;
  memmove(b->s + off + 1, b->s + off, b->len - off + 1);
  b->s[off] = c;
  b->len++;
}

/* ---- the printer ---- */

/* Grammatical positions, from the loosest to the tightest. */
enum slot {
  S_EXPR,       /* a whole expression: anything fits */
  S_TERM0,      /* first term of an expression, no sign before it */
  S_TERM,       /* a term after a binary +/- or after the sign */
  S_FACTOR,     /* after * or /, after a factor '-', an exponent */
  S_POSTFIX,    /* the base of a power */
  S_PRIMARY     /* the operand of primes */
};

/* How a node's printed form binds. */
enum shape {
  P_SUM,        /* a + b, a - b */
  P_NEGQUOT,    /* a number printed "-n/d": a sign over a quotient */
  P_PRODUCT,    /* a*b, a/b, a number printed "n/d" */
  P_NEG,        /* -a, a number printed "-n" */
  P_POWER,      /* a^b */
  P_POSTFIX,    /* a' */
  P_ATOM        /* numbers, names, calls, ( ), [ ] */
};

/* The shape of a number from its text: generated numbers may be negative
** or fractions ("-3", "1/2"), which do not lex as one token. */
static enum shape num_shape(const struct dc_node *e)
{
  const char *t = e->text;
  int neg, frac;

  if (!t)
    return P_ATOM;
  neg = t[0] == '-';
  frac = strchr(t, '/') != NULL;
  if (neg && frac)
    return P_NEGQUOT;
  if (frac)
    return P_PRODUCT;
  return neg ? P_NEG : P_ATOM;
}

static enum shape shape_of(const struct dc_node *e)
{
  switch ((enum dc_kind)e->kind) {
  case DC_ADD: case DC_SUB: return P_SUM;
  case DC_MUL: case DC_DIV: return P_PRODUCT;
  case DC_NEG: return P_NEG;
  case DC_POW: return P_POWER;
  case DC_PRIME: return P_POSTFIX;
  case DC_NUM: return num_shape(e);
  default: return P_ATOM;
  }
}

/* Whether a node of shape sh parses back as itself in slot s. */
static int fits(enum shape sh, enum slot s)
{
  switch (sh) {
  case P_SUM:
  case P_NEGQUOT:
    return s == S_EXPR;
  case P_PRODUCT:
    return s <= S_TERM;
  case P_NEG:
    /* At S_TERM0 the '-' would become the sign of the whole term. */
    return s == S_EXPR || s == S_TERM || s == S_FACTOR;
  case P_POWER:
    return s <= S_FACTOR;
  case P_POSTFIX:
    return s <= S_POSTFIX;
  case P_ATOM:
    return 1;
  }
  return 1;
}

static void print_slot(struct dc_buf *b, const struct dc_node *e,
                       enum slot s);

static void print_number(struct dc_buf *b, const struct dc_node *e)
{
  char *t;

  if (e->text) {
    dc_buf_puts(b, e->text);
    return;
  }
  if (!e->q) {
    dc_buf_puts(b, "?");
    return;
  }
  t = mpq_get_str(NULL, 10, *e->q);
  if (!t) {
    b->oom = 1;
    return;
  }
  dc_buf_puts(b, t);
  free(t);
}

/* "name" of a name-carrying node, tolerating a missing name. */
static void print_name(struct dc_buf *b, const struct dc_name *n)
{
  if (n)
    dc_buf_add(b, n->s, n->len);
  else
    dc_buf_puts(b, "?");
}

static void print_primes(struct dc_buf *b, int n)
{
  int i;
  for (i = 0; i < n; i++)
    dc_buf_add(b, "'", 1);
}

/* "a, b, c": every argument is a whole expression. */
static void print_args(struct dc_buf *b, const struct dc_node *e, size_t from)
{
  size_t i;
  for (i = from; i < e->nargs; i++) {
    if (i > from)
      dc_buf_puts(b, ", ");
    print_slot(b, e->a[i], S_EXPR);
  }
}

/* A bound of a domain: "-inf", "inf" or the exact value. */
static void print_bound(struct dc_buf *b, int inf, const mpq_t *q,
                        const char *inf_text)
{
  char *t;
  if (inf || !q) {
    dc_buf_puts(b, inf_text);
    return;
  }
  t = mpq_get_str(NULL, 10, *q);
  if (!t) {
    b->oom = 1;
    return;
  }
  dc_buf_puts(b, t);
  free(t);
}

/* The debugging form of a domain: "[0, 1]", "(0, inf)", "real". */
static void print_domain(struct dc_buf *b, const struct dc_domain *d)
{
  if (!d || (d->lo_inf && d->hi_inf)) {
    dc_buf_puts(b, "real");
    return;
  }
  dc_buf_puts(b, d->lo_inf || d->lo_open ? "(" : "[");
  print_bound(b, d->lo_inf, (const mpq_t *)d->lo, "-inf");
  dc_buf_puts(b, ", ");
  print_bound(b, d->hi_inf, (const mpq_t *)d->hi, "inf");
  dc_buf_puts(b, d->hi_inf || d->hi_open ? ")" : "]");
}

/* -a: the operand is a whole term after the sign of an expression, a
** factor anywhere else.  "- -a" keeps a space so it never reads as "--". */
static void print_neg(struct dc_buf *b, const struct dc_node *e, enum slot s)
{
  size_t at;

  dc_buf_add(b, "-", 1);
  at = b->len;
  print_slot(b, e->a[0], s == S_EXPR ? S_TERM : S_FACTOR);
  if (!b->oom && b->len > at && b->s[at] == '-')
    insert_char(b, at, ' ');
}

static void print_diff(struct dc_buf *b, const struct dc_node *e)
{
  dc_buf_puts(b, e->flags & DC_F_PARTIAL ? "pdiff(" : "diff(");
  print_args(b, e, 0);
  if ((e->flags & DC_F_ORDER) || e->ival > 1)
    dc_buf_printf(b, ", %d", e->ival);
  dc_buf_add(b, ")", 1);
}

/* A parameter of a user function: "$x" by its spelling when known. */
static void print_param(struct dc_buf *b, const struct dc_node *e)
{
  const struct dc_func *f = e->name ? e->name->func : NULL;
  dc_buf_add(b, "$", 1);
  if (f && e->ival >= 0 && e->ival < f->nparams && f->params[e->ival])
    print_name(b, f->params[e->ival]);
  else
    dc_buf_printf(b, "%d", e->ival);
}

/* Print e, which fits slot s. */
static void print_node(struct dc_buf *b, const struct dc_node *e,
                       enum slot s)
{
  static const char *const binops[] = { " + ", " - ", "*", "/" };

  /* Out of stack: the buffer fails as a whole, and dc_stack_exhausted()
  ** tells the caller why. */
  if (dc_stack_low()) {
    b->oom = 1;
    return;
  }
  switch ((enum dc_kind)e->kind) {
  case DC_NUM:
    print_number(b, e);
    break;
  case DC_NAME:
    print_name(b, e->name);
    break;
  case DC_CONST:
    dc_buf_puts(b, e->ival == DC_CONST_PI ? "pi" : "e");
    break;
  case DC_PARAM:
    print_param(b, e);
    break;
  case DC_HOLE:
    dc_buf_add(b, "?", 1);
    print_name(b, e->name);
    break;
  case DC_NEG:
    print_neg(b, e, s);
    break;
  case DC_ADD:
  case DC_SUB:
    /* Left-associative: the left operand is itself an expression. */
    print_slot(b, e->a[0], S_EXPR);
    dc_buf_puts(b, binops[e->kind - DC_ADD]);
    print_slot(b, e->a[1], S_TERM);
    break;
  case DC_MUL:
  case DC_DIV:
    /* The left operand keeps the "start of expression" property. */
    print_slot(b, e->a[0], s == S_TERM ? S_TERM : S_TERM0);
    dc_buf_puts(b, binops[e->kind - DC_ADD]);
    print_slot(b, e->a[1], S_FACTOR);
    break;
  case DC_POW:
    /* Right-associative: the exponent is a factor, the base a postfix. */
    print_slot(b, e->a[0], S_POSTFIX);
    dc_buf_puts(b, e->flags & DC_F_STARSTAR ? "**" : "^");
    print_slot(b, e->a[1], S_FACTOR);
    break;
  case DC_PAREN:
    dc_buf_add(b, "(", 1);
    print_slot(b, e->a[0], S_EXPR);
    dc_buf_add(b, ")", 1);
    break;
  case DC_BRACKET:
    dc_buf_add(b, "[", 1);
    print_slot(b, e->a[0], S_EXPR);
    dc_buf_add(b, "]", 1);
    break;
  case DC_CALL:
    print_name(b, e->name);
    print_primes(b, e->ival);
    dc_buf_add(b, "(", 1);
    print_args(b, e, 0);
    dc_buf_add(b, ")", 1);
    break;
  case DC_DIFF:
    print_diff(b, e);
    break;
  case DC_PRIME:
    print_slot(b, e->a[0], S_PRIMARY);
    print_primes(b, e->ival);
    break;
  case DC_GUARD:
    dc_buf_puts(b, "guard(");
    print_args(b, e, 0);
    dc_buf_puts(b, ", ");
    print_domain(b, e->dom);
    dc_buf_add(b, ")", 1);
    break;
  case DC_WITH:
    dc_buf_puts(b, "with(");
    print_args(b, e, 0);
    dc_buf_add(b, ")", 1);
    break;
  default:
    dc_buf_printf(b, "<%s>", dc_kind_name((enum dc_kind)e->kind));
    break;
  }
}

/* Print e in slot s, wrapped in parentheses when it does not fit there. */
static void print_slot(struct dc_buf *b, const struct dc_node *e,
                       enum slot s)
{
  if (!e) {
    dc_buf_puts(b, "<null>");
    return;
  }
  if (fits(shape_of(e), s)) {
    print_node(b, e, s);
    return;
  }
  dc_buf_add(b, "(", 1);
  print_node(b, e, S_EXPR);
  dc_buf_add(b, ")", 1);
}

void dc_print_plain(struct dc_buf *b, const struct dc_node *e)
{
  print_slot(b, e, S_EXPR);
}

char *dc_plain_string(const struct dc_node *e)
{
  struct dc_buf b;
  dc_buf_init(&b);
  dc_buf_add(&b, "", 0);  /* an empty result is still a string */
  dc_print_plain(&b, e);
  if (b.oom) {
    dc_buf_free(&b);
    return NULL;
  }
  return b.s;
}
