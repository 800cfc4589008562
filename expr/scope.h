/*
** scope.h: what names mean.
**
** A name in an expression is, in order of lookup inside a block:
**   1. a `where` name of the block (dc_scope.where),
**   2. a global definition (name->def),
**   3. a constant `pi`, or `e` unless `e` is a declared symbol,
**   4. otherwise a free real symbol (declared in `symbols:` or not).
** Function names are looked up separately: a builtin (name->builtin) or a
** user function (name->func).  A function body sees its parameters
** (DC_PARAM leaves once loaded), global definitions, constants and symbols,
** never a block's where names.  A global definition is late-bound: used in
** a block, its names resolve in that block's scope (so the definition
** L = -y*log(yhat) - ... follows the block's `where: {yhat: w*x + b}`).
*/
#ifndef DC_SCOPE_H
#define DC_SCOPE_H

#include "expr/limits.h"
#include "expr/node.h"

/* A declared symbol (symbols: section). */
struct dc_symbol {
  struct dc_name *name;
  struct dc_domain *dom;        /* NULL: the whole real line */
  const char *latex;            /* explicit LaTeX, or NULL */
  struct dc_pos pos;
};

/* A user function f(x, y): body uses DC_PARAM(f, i) for parameter i. */
struct dc_func {
  struct dc_name *name;
  int nparams;
  struct dc_name *params[DC_MAX_ARGS]; /* parameter spellings */
  struct dc_node *body;         /* with DC_PARAM leaves */
  struct dc_node *written;      /* body as written, with DC_NAME params */
  const char *latex;            /* explicit LaTeX name, or NULL */
  struct dc_pos pos;
};

/* A named expression: a global definition or a block's where name. */
struct dc_def {
  struct dc_name *name;
  struct dc_node *expr;         /* as written */
  struct dc_domain *dom;        /* NULL: no constraint */
  struct dc_pos pos;
};

/* The names in force inside one block. */
struct dc_scope {
  struct dc_def *where;         /* the block's where names */
  size_t nwhere;
  struct dc_name *wrt;          /* the block's wrt, or NULL */
  /* where[] entries sorted by name address (dc_scope_index), so that a
  ** lookup in a block of 100,000 where names is not a scan; NULL: the
  ** lookup scans where[] in order. */
  const struct dc_def **sorted;
};

enum dc_binding {
  DC_BIND_WHERE,                /* a where name of this block */
  DC_BIND_DEF,                  /* a global definition */
  DC_BIND_CONST,                /* pi or e */
  DC_BIND_SYMBOL                /* a free real symbol */
};

/* What a (non-function) name means in scope (which may be NULL: global).
** *def is set for WHERE and DEF; *constant for CONST. */
/* Sort the where names for lookup: sorted has room for nwhere entries
** (where[] must not change afterwards). */
void dc_scope_index(struct dc_scope *scope, const struct dc_def **sorted);

/* The where name `name` of scope (which may be NULL), or NULL. */
const struct dc_def *dc_scope_where(const struct dc_scope *scope,
                                    const struct dc_name *name);

enum dc_binding dc_scope_lookup(const struct dc_scope *scope,
                                const struct dc_name *name,
                                const struct dc_def **def, int *constant);

/* The domain a name is constrained to in scope: a where name's own domain,
** else its declared symbol's domain; NULL when unconstrained. */
const struct dc_domain *dc_scope_domain(const struct dc_scope *scope,
                                        const struct dc_name *name);

/*
** The free symbols an expression (as written) depends on in scope, after
** following where names, definitions and user function bodies; sorted by
** spelling, duplicates removed.  Fills out[0..cap) and returns the count
** (which may exceed cap), or -1 on out-of-memory.
*/
long dc_free_symbols(struct dc_ctx *ctx, const struct dc_scope *scope,
                     const struct dc_node *e, struct dc_name **out,
                     size_t cap);

/* True when e (as written) depends on name in scope: e mentions it, or a
** where name, definition or function body that e reaches mentions it. */
int dc_depends_on(const struct dc_scope *scope, const struct dc_node *e,
                  const struct dc_name *name);

/*
** Every name e[0..n) reach in scope, as dc_depends_on follows them (free
** symbols, where names, definitions), put as keys into names, which the
** caller initialised.  One walk for many dc_depends_on questions: 0, or
** -1 on out-of-memory or a walk too deep for the stack.
*/
struct dc_ptrmap;
int dc_reached_names(const struct dc_scope *scope,
                     const struct dc_node *const *e, size_t n,
                     struct dc_ptrmap *names);
/* Whether name is among names (dc_reached_names); names NULL: 1. */
int dc_reaches(const struct dc_ptrmap *names, const struct dc_name *name);

/* True when x lies in dom. */
int dc_domain_contains_q(const struct dc_domain *dom, const mpq_t x);

#endif
