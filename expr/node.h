/*
** node.h: the expression DAG that every part of derivcheck shares.
**
** Nodes are immutable and hash-consed: they are made only through the
** constructors below, which return the existing node when an equal one was
** made before.  So equal subexpressions are one node and structural equality
** is pointer equality.  All nodes of one spec live in the context's arena
** and die with it.
**
** The same node kinds serve two stages:
**   - the tree as written, made by the parser: names, grouping (DC_PAREN,
**     DC_BRACKET), diff/pdiff, primes and calls exactly as in the source;
**   - the expanded DAG, made by simplify/expand.c for evaluation: no names,
**     no grouping, no derivative nodes; leaves are numbers, constants,
**     symbols (DC_NAME of a free symbol), DC_HOLE and DC_PARAM; plus the
**     domain checks DC_GUARD and DC_WITH.
**
** Constructors return NULL when the arena budget is spent (the context
** remembers that) or when an operand is NULL, so a caller can build a whole
** expression and check once at the end.
*/
#ifndef DC_NODE_H
#define DC_NODE_H

#include <stddef.h>
#include <stdint.h>
#include <gmp.h>
#include "expr/arena.h"
#include "expr/diag.h"

/* ORDER KIND: keep dc_kind_names[] in node.c in this order. */
enum dc_kind {
  DC_NUM,       /* exact rational q; text = the literal as written */
  DC_NAME,      /* an identifier: symbol, definition, where name, constant */
  DC_CONST,     /* pi or e (ival = DC_CONST_PI / DC_CONST_E); expanded DAG */
  DC_PARAM,     /* parameter ival of user function `name` (its body's leaves) */
  DC_HOLE,      /* a held variable (name) during Leibniz differentiation */
  DC_NEG,       /* -a[0] */
  DC_ADD,       /* a[0] + a[1] */
  DC_SUB,       /* a[0] - a[1] */
  DC_MUL,       /* a[0] * a[1] */
  DC_DIV,       /* a[0] / a[1] */
  DC_POW,       /* a[0] ^ a[1]; flags DC_F_STARSTAR when written ** */
  DC_PAREN,     /* ( a[0] ) as written */
  DC_BRACKET,   /* [ a[0] ] as written */
  DC_CALL,      /* name(a[0..nargs)); ival = number of primes (f''(x)) */
  DC_DIFF,      /* diff(a[0], a[1], ival): a[1] is a DC_NAME; flags
                   DC_F_PARTIAL for pdiff; ival = order >= 1 */
  DC_PRIME,     /* a[0] followed by ival primes: (E)', [E]'', y' */
  DC_GUARD,     /* a[0], undefined unless it lies in domain `dom` */
  DC_WITH,      /* a[0], undefined where a[1] is undefined */
  DC_KIND_COUNT
};

enum { DC_CONST_PI, DC_CONST_E };

#define DC_F_PARTIAL  1u  /* DC_DIFF written as pdiff */
#define DC_F_STARSTAR 2u  /* DC_POW written as ** */
#define DC_F_ORDER    4u  /* DC_DIFF written with an explicit order argument */

struct dc_func;
struct dc_symbol;
struct dc_def;

/*
** An interned identifier.  One copy per distinct spelling per context, so
** names compare by pointer.  The global meaning of a name hangs off it;
** per-block `where` names live in a dc_scope (expr/scope.h) instead.
*/
struct dc_name {
  const char *s;                /* NUL-terminated spelling */
  size_t len;
  uint32_t hash;
  int builtin;                  /* builtin function id, or -1 */
  struct dc_func *func;         /* user function of this name, or NULL */
  struct dc_symbol *sym;        /* declared symbol, or NULL */
  struct dc_def *def;           /* global definition, or NULL */
  struct dc_name *next;         /* intern table chain */
};

/* A domain: the whole real line or an interval; bounds are exact. */
struct dc_domain {
  int lo_inf, hi_inf;           /* bound is -inf / +inf */
  int lo_open, hi_open;         /* bound excluded */
  mpq_t *lo, *hi;               /* owned by the context; NULL when infinite */
};

struct dc_node {
  uint8_t kind;                 /* enum dc_kind */
  uint8_t flags;                /* DC_F_* */
  uint16_t nargs;               /* operands in a[] */
  uint32_t hash;
  uint32_t id;                  /* creation order: a stable total order */
  int ival;                     /* primes, order, param index, constant */
  uint32_t height;              /* 1 for a leaf, else 1 + the tallest operand:
                                   how deep a recursive walk of it goes */
  const struct dc_name *name;   /* NAME, HOLE, CALL, PARAM (the function) */
  const char *text;             /* NUM: literal as written (or canonical) */
  mpq_t *q;                     /* NUM: exact value */
  const struct dc_domain *dom;  /* GUARD */
  struct dc_node *next;         /* hash-consing chain */
  struct dc_node *a[];          /* operands */
};

/* Per-spec context: arena, intern table, hash-consing table. */
struct dc_ctx {
  struct dc_arena arena;
  struct dc_name **names;       /* intern table buckets */
  size_t nnames, names_cap;
  struct dc_node **nodes;       /* hash-consing buckets */
  size_t nnodes, nodes_cap;
  mpq_t **rationals;            /* every mpq made, cleared at free */
  size_t nrationals, rationals_cap;
  int oom;                      /* an allocation failed: results are NULL */
};

struct dc_ctx *dc_ctx_new(void);
void dc_ctx_free(struct dc_ctx *ctx);

/* The interned name for s[0..len); NULL only when out of memory. */
struct dc_name *dc_intern(struct dc_ctx *ctx, const char *s, size_t len);
/* The interned name if it exists, else NULL; never allocates. */
struct dc_name *dc_lookup_name(const struct dc_ctx *ctx, const char *s,
                               size_t len);
/* Calls fn for every interned name (for "did you mean" searches). */
void dc_each_name(const struct dc_ctx *ctx,
                  void (*fn)(struct dc_name *, void *), void *arg);

/* An mpq owned by the context (cleared by dc_ctx_free), or NULL. */
mpq_t *dc_new_rational(struct dc_ctx *ctx);

/* --- constructors --- */
/* A number of value q, printed as text (NULL: canonical "n" or "n/d"). */
struct dc_node *dc_num(struct dc_ctx *ctx, const mpq_t q, const char *text);
struct dc_node *dc_num_si(struct dc_ctx *ctx, long n);
struct dc_node *dc_name_node(struct dc_ctx *ctx, const struct dc_name *name);
struct dc_node *dc_const(struct dc_ctx *ctx, int which);
struct dc_node *dc_param(struct dc_ctx *ctx, const struct dc_name *func,
                         int index);
struct dc_node *dc_hole(struct dc_ctx *ctx, const struct dc_name *name);
/* NEG, PAREN, BRACKET */
struct dc_node *dc_unary(struct dc_ctx *ctx, enum dc_kind kind,
                         struct dc_node *a);
/* ADD, SUB, MUL, DIV, POW (flags: DC_F_STARSTAR for POW) */
struct dc_node *dc_binary(struct dc_ctx *ctx, enum dc_kind kind,
                          struct dc_node *a, struct dc_node *b,
                          unsigned flags);
struct dc_node *dc_call(struct dc_ctx *ctx, const struct dc_name *fn,
                        int primes, size_t nargs, struct dc_node *const *args);
/* diff/pdiff(e, var, order); var is a DC_NAME node. */
struct dc_node *dc_diff(struct dc_ctx *ctx, struct dc_node *e,
                        struct dc_node *var, int order, unsigned flags);
struct dc_node *dc_prime(struct dc_ctx *ctx, struct dc_node *e, int count);
struct dc_node *dc_guard(struct dc_ctx *ctx, struct dc_node *a,
                         const struct dc_domain *dom);
struct dc_node *dc_with(struct dc_ctx *ctx, struct dc_node *value,
                        struct dc_node *cond);

/* --- queries --- */
const char *dc_kind_name(enum dc_kind kind);
int dc_is_num(const struct dc_node *n, long v);  /* a DC_NUM equal to v */
/* A leaf that takes a value at a point: DC_NAME, DC_HOLE or DC_PARAM (what
** a tape reads as an input, what a derivative is taken by). */
int dc_is_variable(const struct dc_node *n);

/*
** Replace leaves: every occurrence of from[i] (any leaf node) becomes to[i].
** Shares unchanged subtrees; memoised per call.  NULL on out-of-memory.
*/
struct dc_node *dc_subst(struct dc_ctx *ctx, struct dc_node *root, size_t n,
                         struct dc_node *const *from,
                         struct dc_node *const *to);

/* Count the distinct nodes reachable from root (a DAG size). */
size_t dc_dag_size(const struct dc_node *root);
/* The same, but the count stops once it passes limit (it is then
** limit + 1): deciding "at most limit nodes" costs no more than that. */
size_t dc_dag_size_upto(const struct dc_node *root, size_t limit);

#endif
