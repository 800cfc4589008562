/*
** spec.c: load a spec (SPEC section 2): read and validate the bytes, build
** the YAML tree (spec_yaml.c), then walk it against the schema below,
** parsing every expression with the parser (parser/parse.h) so that each
** error lands on its file:line:col.
**
**   derivcheck: 1      title: string      check: {precision, samples, seed}
**   latex:       {number: true | false}      decimals: exact | rounded
**   symbols:     name -> null | {domain, latex}
**   functions:   "f(x, y)" -> body | {def, latex}
**   definitions: name -> expr | {def, domain}
**   sections:    [{title, blocks: [{text | chains | derive, where, wrt}]}]
**
** The walk does not stop at the first error: it records every one it finds
** (dc_diags keeps the first DC_MAX_ERRORS) and returns NULL at the end if
** there was any.  Names are registered before any expression is parsed, so
** expressions may use functions and definitions written further down.
*/
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parser/spec_int.h"
#include "simplify/derive.h"
#include "expr/plain.h"

size_t dc_spec_nerrors(const struct loader *ld)
{
  return ld->diags->nerrors - ld->errors_at_start;
}

static struct dc_pos file_pos(const struct loader *ld)
{
  return (struct dc_pos){ ld->file, 0, 0 };
}

static void load_symbols(struct loader *ld, const struct ynode *y)
{
  static const char *const keys[] = { "domain", "latex" };
  struct dc_spec *sp = ld->spec;
  struct ynode *k, *v[2];
  if (!dc_spec_want_items(ld, y, Y_MAP, "'symbols'"))
    return;
  sp->symbols = dc_spec_alloc_array(ld, y->n, sizeof *sp->symbols, y->pos);
  for (k = y->kids; k && sp->symbols; k = k->next) {
    struct dc_symbol *s = &sp->symbols[sp->nsymbols];
    struct dc_name *n;
    if (k->skip || !(n = dc_spec_name_key(ld, k, "symbol")))
      continue;
    s->name = n;
    s->pos = k->pos;
    n->sym = s;
    sp->nsymbols++;
    if (!k->val || (k->val->type == Y_SCALAR && k->val->is_null))
      continue;
    if (k->val->type != Y_MAP) {
      if (k->val->type != Y_ALIAS)
        dc_error(ld->diags, k->val->pos, "expected a mapping {domain, latex} "
                 "for symbol '%s', found %s", n->s, dc_spec_describe(k->val));
      continue;
    }
    dc_spec_read_keys(ld, k->val, keys, 2, v, "in a symbol");
    if (v[0] && dc_spec_want(ld, v[0], Y_SCALAR, "'domain'"))
      dc_spec_domain(ld, v[0], &s->dom);
    if (v[1] && dc_spec_want(ld, v[1], Y_SCALAR, "'latex'") &&
        dc_spec_latex_ok(ld, v[1]))
      s->latex = dc_spec_keep(ld, v[1]);
  }
}

/* --- definitions and functions --- */

/* The value ynodes of defs / funcs, parallel to the spec arrays, kept
** between registering the names and parsing the expressions. */
struct pending {
  const struct ynode **def_vals;
  const struct ynode **func_vals;
};

static void register_defs(struct loader *ld, const struct ynode *y,
                          struct pending *pd)
{
  struct dc_spec *sp = ld->spec;
  struct ynode *k;
  if (!dc_spec_want_items(ld, y, Y_MAP, "'definitions'"))
    return;
  sp->defs = dc_spec_alloc_array(ld, y->n, sizeof *sp->defs, y->pos);
  pd->def_vals = dc_arena_alloc(&ld->tmp, (y->n ? y->n : 1) *
                                 sizeof *pd->def_vals);
  if (!pd->def_vals)
    dc_spec_oom(ld, y->pos);
  if (!sp->defs || !pd->def_vals)
    return;
  for (k = y->kids; k; k = k->next) {
    struct dc_def *d = &sp->defs[sp->ndefs];
    struct dc_name *n;
    if (k->skip || !(n = dc_spec_name_key(ld, k, "definition")))
      continue;
    d->name = n;
    d->pos = k->pos;
    n->def = d;
    pd->def_vals[sp->ndefs++] = k->val;
  }
}

static void register_funcs(struct loader *ld, const struct ynode *y,
                           struct pending *pd)
{
  struct dc_spec *sp = ld->spec;
  struct ynode *k;
  size_t i;
  int j;
  if (!dc_spec_want_items(ld, y, Y_MAP, "'functions'"))
    return;
  sp->funcs = dc_spec_alloc_array(ld, y->n, sizeof *sp->funcs, y->pos);
  pd->func_vals = dc_arena_alloc(&ld->tmp, (y->n ? y->n : 1) *
                                  sizeof *pd->func_vals);
  if (!pd->func_vals)
    dc_spec_oom(ld, y->pos);
  if (!sp->funcs || !pd->func_vals)
    return;
  for (k = y->kids; k; k = k->next) {
    struct dc_func *f = &sp->funcs[sp->nfuncs];
    struct dc_name *n;
    if (k->skip)
      continue;
    memset(f, 0, sizeof *f);
    f->pos = k->pos;
    if (dc_spec_signature(ld, k, f) != 0 || !f->name)
      continue;
    n = f->name;
    if (!dc_spec_name_ok(ld, "function", n, k->pos))
      continue;
    if (n->func) {
      dc_error(ld->diags, k->pos, "function '%s' is defined twice (first "
               "at line %d)", n->s, n->func->pos.line);
      continue;
    }
    if (n->sym || n->def) {
      dc_error(ld->diags, k->pos, "'%s' is both a function and a %s (line "
               "%d)", n->s, n->sym ? "symbol" : "definition",
               n->sym ? n->sym->pos.line : n->def->pos.line);
      continue;
    }
    n->func = f;
    pd->func_vals[sp->nfuncs++] = k->val;
  }
  /* Now that every function is known, a parameter may not be one. */
  for (i = 0; i < sp->nfuncs; i++)
    for (j = 0; j < sp->funcs[i].nparams; j++)
      if (sp->funcs[i].params[j]->func)
        dc_error(ld->diags, sp->funcs[i].pos, "parameter '%s' of '%s' is "
                 "also the name of a function", sp->funcs[i].params[j]->s,
                 sp->funcs[i].name->s);
}

/*
** The expression of a definition-like value: a string, or a mapping whose
** keys are keys[] (keys[0] is "def"; the values go to vals[]).
** Returns the scalar to parse, or NULL (reported).
*/
static const struct ynode *def_value(struct loader *ld, const struct ynode *y,
                                     const struct dc_pos keypos,
                                     const char *kind, const char *name,
                                     const char *const *keys, size_t nkeys,
                                     struct ynode **vals)
{
  char what[128];
  snprintf(what, sizeof what, "%s '%s'", kind, name);
  if (!y) {
    dc_error(ld->diags, keypos, "%s has no value", what);
    return NULL;
  }
  if (y->type == Y_MAP) {
    char where[160];
    snprintf(where, sizeof where, "in %s", what);
    dc_spec_read_keys(ld, y, keys, nkeys, vals, where);
    if (!vals[0]) {
      dc_error(ld->diags, y->pos, "%s needs a 'def' key", what);
      return NULL;
    }
    y = vals[0];
  } else if (y->type == Y_SEQ) {
    dc_error(ld->diags, y->pos, "expected an expression (a string) for %s, "
             "found a list", what);
    return NULL;
  }
  return dc_spec_want(ld, y, Y_SCALAR, what) ? y : NULL;
}

/* Parse one expression scalar and check its names; NULL on error. */
static struct dc_node *parse_one(struct loader *ld, const struct ynode *y,
                                 const struct dc_scope *scope,
                                 const struct dc_func *func,
                                 struct dc_pos *pos)
{
  struct dc_spec_parse p;
  struct dc_node *e = NULL;
  if (dc_spec_parse_scalar(ld, y, 0, &p) == 0 && p.out.nexprs == 1) {
    e = p.out.exprs[0].expr;
    if (pos)
      *pos = dc_spec_parsed_pos(ld, &p, p.out.exprs[0].off);
    dc_spec_check_uses(ld, scope, func, &p);
  }
  dc_spec_parse_free(&p);
  return e;
}

static void load_func_bodies(struct loader *ld, struct pending *pd)
{
  static const char *const keys[] = { "def", "latex" };
  struct dc_spec *sp = ld->spec;
  size_t i;
  for (i = 0; i < sp->nfuncs; i++) {
    struct dc_func *f = &sp->funcs[i];
    struct dc_node *from[DC_MAX_ARGS], *to[DC_MAX_ARGS];
    struct ynode *v[2] = { NULL, NULL };
    const struct ynode *body;
    int j;
    body = def_value(ld, pd->func_vals[i], f->pos, "function", f->name->s,
                     keys, 2, v);
    if (v[1] && dc_spec_want(ld, v[1], Y_SCALAR, "'latex'"))
      f->latex = dc_spec_keep(ld, v[1]);
    if (!body || !(f->written = parse_one(ld, body, NULL, f, NULL)))
      continue;
    /* The body the evaluator sees has DC_PARAM leaves, so parameters
    ** shadow global names of the same spelling. */
    for (j = 0; j < f->nparams; j++) {
      from[j] = dc_name_node(ld->ctx, f->params[j]);
      to[j] = dc_param(ld->ctx, f->name, j);
      if (!from[j] || !to[j])
        break;
    }
    f->body = j == f->nparams ? dc_subst(ld->ctx, f->written,
                                         (size_t)f->nparams, from, to) : NULL;
    if (!f->body)
      dc_spec_oom(ld, f->pos);
  }
}

/* A definition's expression and optional domain (global or where). */
static void load_def(struct loader *ld, struct dc_def *d,
                     const struct ynode *y, const struct dc_scope *scope,
                     const char *kind)
{
  static const char *const keys[] = { "def", "domain" };
  struct ynode *v[2] = { NULL, NULL };
  const struct ynode *e = def_value(ld, y, d->pos, kind, d->name->s, keys, 2,
                                    v);
  if (v[1] && dc_spec_want(ld, v[1], Y_SCALAR, "'domain'"))
    dc_spec_domain(ld, v[1], &d->dom);
  if (e)
    d->expr = parse_one(ld, e, scope, NULL, NULL);
}

/* --- sections and blocks --- */

struct elems {
  struct dc_element *v;
  size_t n, cap;
};

static int push_elem(struct elems *es, const struct dc_element *el)
{
  if (dc_reserve(&es->v, &es->cap, es->n, sizeof *es->v))
    return -1;
  es->v[es->n++] = *el;
  return 0;
}

/* Parse one line of a chain into elements; -1 on error. */
static int chain_line(struct loader *ld, const struct ynode *y, int line_index,
                      const struct dc_scope *scope, struct elems *es)
{
  struct dc_spec_parse p;
  size_t i;
  int rc = -1;
  if (dc_spec_parse_scalar(ld, y, 1, &p) == 0) {
    rc = 0;
    for (i = 0; i < p.out.nexprs && rc == 0; i++) {
      const struct dc_parsed *x = &p.out.exprs[i];
      struct dc_element el;
      el.expr = x->expr;
      el.src = dc_arena_strndup(&ld->ctx->arena, y->text + x->off,
                                x->end - x->off);
      el.pos = dc_spec_parsed_pos(ld, &p, x->off);
      el.line_index = line_index;
      if (!el.src || push_elem(es, &el) != 0) {
        dc_spec_oom(ld, el.pos);
        rc = -1;
      }
    }
    dc_spec_check_uses(ld, scope, NULL, &p);
  }
  dc_spec_parse_free(&p);
  return rc;
}

static void load_chain(struct loader *ld, const struct ynode *y,
                       struct dc_block *b, struct dc_chain *c)
{
  struct elems es = { NULL, 0, 0 };
  int bad = 0, li = 0;
  c->pos = y->pos;
  if (y->type == Y_SEQ) {
    const struct ynode *line;
    if (dc_spec_too_many(ld, y, "a chain"))
      return;
    for (line = y->kids; line; line = line->next, li++)
      if (!dc_spec_want(ld, line, Y_SCALAR, "a line of a chain") ||
          chain_line(ld, line, li, &b->scope, &es) != 0)
        bad = 1;
  } else if (!dc_spec_want(ld, y, Y_SCALAR, "a chain") ||
             chain_line(ld, y, 0, &b->scope, &es) != 0) {
    bad = 1;
  }
  if (!bad && es.n < 2)
    dc_error(ld->diags, y->pos, "a chain needs at least two expressions "
             "separated by '=' (found %zu)", es.n);
  if (es.n > 0) {
    c->elems = dc_spec_alloc_array(ld, es.n, sizeof *c->elems, y->pos);
    if (c->elems) {
      memcpy(c->elems, es.v, es.n * sizeof *c->elems);
      c->nelems = es.n;
    }
  }
  free(es.v);
}

static void load_where(struct loader *ld, const struct ynode *y,
                       struct dc_block *b)
{
  struct dc_scope *sc = &b->scope;
  const struct ynode **vals;
  struct ynode *k;
  size_t i;
  if (!dc_spec_want_items(ld, y, Y_MAP, "'where'"))
    return;
  sc->where = dc_spec_alloc_array(ld, y->n, sizeof *sc->where, y->pos);
  vals = dc_arena_alloc(&ld->tmp, (y->n ? y->n : 1) * sizeof *vals);
  if (!vals)
    dc_spec_oom(ld, y->pos);
  if (!sc->where || !vals)
    return;
  /* All names first: where names may refer to each other in any order. */
  for (k = y->kids; k; k = k->next) {
    struct dc_name *n;
    if (k->skip || !(n = dc_spec_name_key(ld, k, "where name")))
      continue;
    if (n->func) {
      dc_error(ld->diags, k->pos, "where name '%s' is also a function", n->s);
      continue;
    }
    sc->where[sc->nwhere].name = n;
    sc->where[sc->nwhere].pos = k->pos;
    vals[sc->nwhere++] = k->val;
  }
  if (sc->nwhere > 16) {
    const struct dc_def **sorted =
        dc_spec_alloc_array(ld, sc->nwhere, sizeof *sorted, y->pos);
    if (!sorted)
      return;
    dc_scope_index(sc, sorted);
  }
  for (i = 0; i < sc->nwhere; i++)
    load_def(ld, &sc->where[i], vals[i], sc, "where name");
}

static void load_wrt(struct loader *ld, const struct ynode *y,
                     struct dc_block *b)
{
  if (!dc_spec_want(ld, y, Y_SCALAR, "'wrt'"))
    return;
  if (!dc_spec_is_ident(y->text, y->len)) {
    dc_error(ld->diags, y->pos, "'wrt' must be a variable name, not '%.*s'",
             (int)(y->len > 64 ? 64 : y->len), y->text);
    return;
  }
  b->scope.wrt = dc_intern(ld->ctx, y->text, y->len);
  if (!b->scope.wrt)
    dc_spec_oom(ld, y->pos);
  else if (!dc_spec_name_ok(ld, "wrt variable", b->scope.wrt, y->pos))
    b->scope.wrt = NULL;
}

static void load_derive(struct loader *ld, const struct ynode *y,
                        struct dc_block *b)
{
  struct dc_element *el = &b->derive;
  if (!dc_spec_want(ld, y, Y_SCALAR, "'derive'"))
    return;
  el->pos = y->pos;
  el->expr = parse_one(ld, y, &b->scope, NULL, &el->pos);
  if (el->expr)
    el->src = dc_spec_keep(ld, y);
}

/* Primes can only be checked once the scope is complete and acyclic. */
static void block_primes(struct loader *ld, struct dc_block *b)
{
  size_t i, j;
  if (b->scope.wrt)
    return;
  for (i = 0; i < b->nchains; i++)
    for (j = 0; j < b->chains[i].nelems; j++)
      dc_spec_check_primes(ld, &b->scope, &b->chains[i].elems[j]);
  for (i = 0; i < b->scope.nwhere; i++) {
    struct dc_element el = { b->scope.where[i].expr, NULL,
                             b->scope.where[i].pos, 0 };
    dc_spec_check_primes(ld, &b->scope, &el);
  }
  if (b->kind == DC_BLOCK_DERIVE)
    dc_spec_check_primes(ld, &b->scope, &b->derive);
}

/* Where a text scalar's first character is: after the opening quote, or
** for a block scalar (| or >) at the first non-blank of its content. */
static struct dc_pos text_start(const struct loader *ld, const struct ynode *y)
{
  size_t i = y->src_start;
  /* libfyaml's mark may sit on the indicator or on the content's line. */
  if (y->style == YS_LITERAL || y->style == YS_FOLDED) {
    if (i < ld->len && (ld->buf[i] == '|' || ld->buf[i] == '>'))
      while (i < y->src_end && ld->buf[i] != '\n')
        i++;
    while (i < y->src_end && (ld->buf[i] == '\n' || ld->buf[i] == ' ' ||
                              ld->buf[i] == '\r'))
      i++;
  }
  return dc_spec_pos_of_byte(ld, i);
}

static void load_block(struct loader *ld, const struct ynode *y,
                       struct dc_block *b)
{
  static const char *const keys[] = { "text", "chains", "derive", "where",
                                      "wrt" };
  struct ynode *v[5], *k;
  const struct ynode *kind_key = NULL;
  b->pos = y->pos;
  b->end_line = dc_spec_end_line(ld, y);
  if (!dc_spec_want(ld, y, Y_MAP, "a block"))
    return;
  dc_spec_read_keys(ld, y, keys, 5, v, "in a block");
  for (k = y->kids; k; k = k->next) {
    int is_kind = !k->skip && k->type == Y_SCALAR &&
                  (strcmp(k->text, "text") == 0 ||
                   strcmp(k->text, "chains") == 0 ||
                   strcmp(k->text, "derive") == 0);
    if (is_kind && kind_key)
      dc_error(ld->diags, k->pos, "a block has exactly one of text, chains "
               "or derive: this one has both '%s' and '%s'", kind_key->text,
               k->text);
    else if (is_kind)
      kind_key = k;
  }
  if (!kind_key) {
    dc_error(ld->diags, y->pos, "a block needs one of text, chains or derive");
    return;
  }
  if (v[3])
    load_where(ld, v[3], b);
  if (v[4])
    load_wrt(ld, v[4], b);
  if (strcmp(kind_key->text, "text") == 0) {
    b->kind = DC_BLOCK_TEXT;
    if (dc_spec_want(ld, v[0], Y_SCALAR, "'text'") &&
        dc_spec_text_ok(ld, v[0])) {
      b->text = dc_spec_keep(ld, v[0]);
      b->text_pos = text_start(ld, v[0]);
    }
  } else if (strcmp(kind_key->text, "chains") == 0) {
    const struct ynode *c;
    b->kind = DC_BLOCK_CHAINS;
    if (!dc_spec_want_items(ld, v[1], Y_SEQ, "'chains'"))
      return;
    if (v[1]->n == 0)
      dc_error(ld->diags, v[1]->pos, "'chains' is empty: a block of chains "
               "must hold at least one chain");
    b->chains = dc_spec_alloc_array(ld, v[1]->n, sizeof *b->chains, v[1]->pos);
    for (c = v[1]->kids; c && b->chains; c = c->next)
      load_chain(ld, c, b, &b->chains[b->nchains++]);
  } else {
    b->kind = DC_BLOCK_DERIVE;
    load_derive(ld, v[2], b);
  }
  if (dc_spec_where_cycles(ld, b) == 0 && !ld->global_cycle)
    block_primes(ld, b);
}

static void load_section(struct loader *ld, const struct ynode *y,
                         struct dc_section *s)
{
  static const char *const keys[] = { "title", "blocks" };
  struct ynode *v[2];
  const struct ynode *k;
  size_t before = dc_spec_nerrors(ld);
  s->pos = y->pos;
  if (!dc_spec_want(ld, y, Y_MAP, "a section"))
    return;
  dc_spec_read_keys(ld, y, keys, 2, v, "in a section");
  if (v[0] && dc_spec_want(ld, v[0], Y_SCALAR, "a section's 'title'"))
    s->title = dc_spec_keep(ld, v[0]);
  if (!v[1]) {
    /* A misspelt 'blocks' was reported already: saying it is missing
    ** too would only repeat that. */
    if (dc_spec_nerrors(ld) == before)
      dc_error(ld->diags, y->pos, "a section needs 'blocks' with at least "
               "one block");
    return;
  }
  if (!dc_spec_want(ld, v[1], Y_SEQ, "'blocks'") ||
      dc_spec_too_many(ld, v[1], "'blocks'"))
    return;
  if (v[1]->n == 0)
    dc_error(ld->diags, v[1]->pos, "'blocks' is empty: a section needs at "
             "least one block");
  s->blocks = dc_spec_alloc_array(ld, v[1]->n, sizeof *s->blocks, v[1]->pos);
  for (k = v[1]->kids; k && s->blocks && !dc_diags_full(ld->diags);
       k = k->next)
    load_block(ld, k, &s->blocks[s->nblocks++]);
}

/* Whether some block has a chain: a spec of text blocks alone would pass
** a CI gate without checking anything.  A section of only text blocks is
** fine beside sections that check. */
static int checks_something(const struct dc_spec *sp)
{
  size_t i, j;
  for (i = 0; i < sp->nsections; i++)
    for (j = 0; j < sp->sections[i].nblocks; j++)
      if (sp->sections[i].blocks[j].kind != DC_BLOCK_TEXT)
        return 1;
  return 0;
}

static void load_top(struct loader *ld, const struct ynode *root)
{
  static const char *const keys[] = { "derivcheck", "title", "check",
                                      "symbols", "functions", "definitions",
                                      "sections", "latex", "decimals" };
  struct dc_spec *sp = ld->spec;
  struct pending pd = { NULL, NULL };
  struct ynode *v[9];
  const struct ynode *k;
  unsigned long version;
  size_t i;

  if (!dc_spec_want(ld, root, Y_MAP, "the top level of a spec"))
    return;
  dc_spec_read_keys(ld, root, keys, 9, v, "at the top level");
  if (v[0] && dc_spec_want_integer(ld, v[0], "derivcheck", 0, ULONG_MAX,
                                   &version) == 0 && version != 1)
    dc_error(ld->diags, v[0]->pos, "unsupported spec format version %lu "
             "(this derivcheck reads version 1)", version);
  if (v[1] && dc_spec_want(ld, v[1], Y_SCALAR, "'title'"))
    sp->title = dc_spec_keep(ld, v[1]);
  if (v[2])
    dc_spec_load_check(ld, v[2]);
  if (v[7])
    dc_spec_load_latex(ld, v[7]);
  if (v[8])
    dc_spec_load_decimals(ld, v[8]);
  if (v[3])
    load_symbols(ld, v[3]);
  /* Register every definition and function name before parsing any
  ** expression, so they may be used before they are written. */
  if (v[5])
    register_defs(ld, v[5], &pd);
  if (v[4])
    register_funcs(ld, v[4], &pd);
  load_func_bodies(ld, &pd);
  for (i = 0; i < sp->ndefs; i++)
    load_def(ld, &sp->defs[i], pd.def_vals[i], NULL, "definition");
  dc_spec_global_cycles(ld);
  if (!v[6]) {
    /* Only worth saying when nothing else is wrong: a spec with errors
    ** does not load anyway. */
    if (dc_spec_nerrors(ld) == 0)
      dc_error(ld->diags, root->pos, "the spec has no 'sections': it checks "
               "nothing");
    return;
  }
  if (!dc_spec_want(ld, v[6], Y_SEQ, "'sections'") ||
      dc_spec_too_many(ld, v[6], "'sections'"))
    return;
  if (v[6]->n == 0) {
    dc_error(ld->diags, v[6]->pos, "'sections' is empty: the spec checks "
             "nothing");
    return;
  }
  sp->sections = dc_spec_alloc_array(ld, v[6]->n, sizeof *sp->sections,
                                     v[6]->pos);
  for (k = v[6]->kids; k && sp->sections && !dc_diags_full(ld->diags);
       k = k->next)
    load_section(ld, k, &sp->sections[sp->nsections++]);
  if (dc_spec_nerrors(ld) == 0 && !checks_something(sp))
    dc_error(ld->diags, v[6]->pos, "no block of the spec holds a chain: it "
             "checks nothing (text blocks are only prose)");
}

/* --- bytes --- */

/* The offset of the first byte that does not start a valid UTF-8
** sequence (overlong forms, surrogates and code points past U+10FFFF are
** invalid), or n. */
static size_t utf8_invalid(const unsigned char *s, size_t n)
{
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    size_t k, len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c < 0x80) {
      i++;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF)
      len = 2;
    else if (c >= 0xE0 && c <= 0xEF)
      len = 3;
    else if (c >= 0xF0 && c <= 0xF4)
      len = 4;
    else
      return i;
    if (c == 0xE0)
      lo = 0xA0;
    else if (c == 0xED)
      hi = 0x9F;
    else if (c == 0xF0)
      lo = 0x90;
    else if (c == 0xF4)
      hi = 0x8F;
    if (i + len > n || s[i + 1] < lo || s[i + 1] > hi)
      return i;
    for (k = 2; k < len; k++)
      if ((s[i + k] & 0xC0) != 0x80)
        return i;
    i += len;
  }
  return n;
}

/* Whether the text is UTF-16 or UTF-32: a byte order mark (UTF-32 ones
** are 00 00 FE FF and FF FE 00 00; UTF-16 ones FE FF and FF FE, a prefix
** of UTF-32 LE), or, without one, a NUL among the first four bytes, where
** a YAML text in those encodings always has one (its first character is
** ASCII). */
static int wide_encoding(const unsigned char *u, size_t len)
{
  size_t i;
  if ((len >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0xFE && u[3] == 0xFF) ||
      (len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) ||
                    (u[0] == 0xFF && u[1] == 0xFE))))
    return 1;
  for (i = 0; i < len && i < 4; i++)
    if (u[i] == 0)
      return 1;
  return 0;
}

/* 1:1 of the file: for errors about the whole text (its encoding, its
** size, or that it is empty). */
static struct dc_pos start_pos(const struct loader *ld)
{
  return (struct dc_pos){ ld->file, 1, 1 };
}

/* Size, encoding and byte checks before libfyaml sees the text; sets
** ld->buf/len past a UTF-8 byte order mark.  -1 when the spec is refused. */
static int check_bytes(struct loader *ld, const char *buf, size_t len)
{
  const unsigned char *u = (const unsigned char *)buf;
  const char *nul;
  size_t bad;
  if (len > DC_MAX_SPEC_BYTES) {
    /* A property of the whole file: reported where it starts, so that
    ** every input error has a line and column. */
    dc_error(ld->diags, start_pos(ld), "spec is %zu bytes, larger than "
             "the limit of %u bytes", len, (unsigned)DC_MAX_SPEC_BYTES);
    return -1;
  }
  if (wide_encoding(u, len)) {
    dc_error(ld->diags, start_pos(ld), "spec is UTF-16 or UTF-32, not "
             "UTF-8: save it as UTF-8");
    return -1;
  }
  if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
    buf += 3;                   /* a UTF-8 BOM: harmless, skip it */
    len -= 3;
  }
  ld->buf = buf;
  ld->len = len;
  if (dc_spec_index_lines(ld) != 0)
    return -1;
  nul = memchr(buf, 0, len);
  if (nul) {
    dc_error(ld->diags, dc_spec_pos_of_byte(ld, (size_t)(nul - buf)),
             "NUL byte in the spec (a YAML spec is text; is it UTF-16?)");
    return -1;
  }
  bad = utf8_invalid((const unsigned char *)buf, len);
  if (bad < len) {
    dc_error(ld->diags, dc_spec_pos_of_byte(ld, bad),
             "invalid UTF-8 (byte 0x%02X): a spec must be UTF-8 text",
             (unsigned char)buf[bad]);
    return -1;
  }
  return 0;
}

/* --- derive blocks --- */

/*
** The chain of a derive block, made once the whole spec is loaded (the
** derivation needs every name resolved): one element per generated step,
** each at the derive expression's position, one typeset line each.
*/
static void derive_block(struct loader *ld, struct dc_block *b)
{
  struct dc_node *steps[DC_DERIVE_MAX_STEPS];
  struct dc_chain *ch;
  size_t n, i;
  if (!b->derive.expr || dc_derive(ld->ctx, &b->scope, b->derive.expr, steps,
                                   DC_DERIVE_MAX_STEPS, &n, ld->diags,
                                   b->derive.pos))
    return;
  ch = dc_arena_alloc(&ld->ctx->arena, sizeof *ch);
  if (ch)
    ch->elems = dc_arena_alloc(&ld->ctx->arena, n * sizeof *ch->elems);
  if (!ch || !ch->elems) {
    dc_spec_oom(ld, b->derive.pos);
    return;
  }
  ch->nelems = n;
  ch->pos = b->derive.pos;
  for (i = 0; i < n; i++) {
    struct dc_element *el = &ch->elems[i];
    char *text = i ? dc_plain_string(steps[i]) : NULL;
    el->expr = steps[i];
    /* The step as the author would have typed it: printed and parsed
    ** again, so it holds the grouping the printer adds and round-trips
    ** like a written element. */
    if (text) {
      struct dc_diags quiet;
      struct dc_node *again;
      dc_diags_init(&quiet);
      again = dc_parse_expr(ld->ctx, text, strlen(text), NULL, &quiet);
      if (again)
        el->expr = again;
      dc_diags_free(&quiet);
    }
    el->pos = b->derive.pos;
    /* The first step shares the expression's line: `E & = step`. */
    el->line_index = i ? (int)i - 1 : 0;
    el->src = i == 0 ? b->derive.src
              : text ? dc_arena_strndup(&ld->ctx->arena, text, strlen(text))
                     : NULL;
    free(text);
    if (!el->src) {
      dc_spec_oom(ld, b->derive.pos);
      return;
    }
  }
  b->chains = ch;
  b->nchains = 1;
}

static void run_derives(struct loader *ld)
{
  size_t s, k;
  struct dc_spec *sp = ld->spec;
  if (dc_spec_nerrors(ld))
    return;
  for (s = 0; s < sp->nsections; s++)
    for (k = 0; k < sp->sections[s].nblocks; k++)
      if (sp->sections[s].blocks[k].kind == DC_BLOCK_DERIVE &&
          !ld->ctx->oom)
        derive_block(ld, &sp->sections[s].blocks[k]);
}

/* --- entry points --- */

static int loader_init(struct loader *ld, struct dc_ctx *ctx,
                       const char *name, struct dc_diags *diags)
{
  memset(ld, 0, sizeof *ld);
  ld->ctx = ctx;
  ld->diags = diags;
  ld->errors_at_start = diags->nerrors;
  dc_arena_init(&ld->tmp, DC_MAX_ARENA_BYTES);
  ld->file = dc_arena_strndup(&ctx->arena, name, strlen(name));
  ld->spec = dc_arena_alloc(&ctx->arena, sizeof *ld->spec);
  if (!ld->file || !ld->spec) {
    dc_error_oom(diags, (struct dc_pos){ NULL, 0, 0 });
    return -1;
  }
  ld->spec->path = ld->file;
  return 0;
}

static struct dc_spec *loader_finish(struct loader *ld)
{
  if (ld->ctx->oom && dc_spec_nerrors(ld) == 0)
    dc_spec_oom(ld, file_pos(ld));
  free(ld->lines);
  free(ld->cont64);
  dc_spec_near_free(ld);
  if (ld->warned_ok)
    dc_ptrmap_free(&ld->warned);
  dc_arena_free(&ld->tmp);
  return dc_spec_nerrors(ld) == 0 ? ld->spec : NULL;
}

struct dc_spec *dc_spec_load_buffer(struct dc_ctx *ctx, const char *name,
                                    const char *buf, size_t len,
                                    struct dc_diags *diags)
{
  struct loader ld;
  const struct ynode *root;
  if (loader_init(&ld, ctx, name, diags) != 0) {
    dc_arena_free(&ld.tmp);
    return NULL;
  }
  if (check_bytes(&ld, buf, len) == 0 && (root = dc_spec_yaml_tree(&ld))) {
    load_top(&ld, root);
    run_derives(&ld);
  }
  return loader_finish(&ld);
}

struct dc_spec *dc_spec_load(struct dc_ctx *ctx, const char *path,
                             struct dc_diags *diags)
{
  struct dc_pos pos = { path, 0, 0 };
  struct dc_spec *sp = NULL;
  size_t len = 0, cap = 1 << 16;
  char *buf;
  FILE *f;

  /* Positions must outlive the caller's string: keep our own copy. */
  pos.file = dc_arena_strndup(&ctx->arena, path, strlen(path));
  f = fopen(path, "rb");
  if (!f) {
    dc_error(diags, pos, "cannot open spec: %s", strerror(errno));
    return NULL;
  }
  buf = malloc(cap);
  /* Stop reading once past the limit: that is enough to refuse it. */
  while (buf) {
    size_t got;
    if (len == cap) {
      char *b;
      if (cap > DC_MAX_SPEC_BYTES)
        break;
      b = realloc(buf, 2 * cap);
      if (!b) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = b;
      cap *= 2;
    }
    got = fread(buf + len, 1, cap - len, f);
    len += got;
    if (got == 0)
      break;
  }
  if (!buf) {
    dc_error_oom(diags, pos);
  } else if (ferror(f)) {
    dc_error(diags, pos, "cannot read spec: %s", strerror(errno));
  } else {
    sp = dc_spec_load_buffer(ctx, path, buf, len, diags);
  }
  fclose(f);
  free(buf);
  return sp;
}

/* A one-block spec from command-line text: a chain (-e) or a derive
** expression (--derive). */
static struct dc_spec *from_command_line(struct dc_ctx *ctx, const char *text,
                                         enum dc_block_kind kind,
                                         struct dc_diags *diags)
{
  struct loader ld;
  struct ynode y;
  struct dc_section *s;
  struct dc_block *b;
  size_t len = strlen(text), bad;

  if (loader_init(&ld, ctx, "<command line>", diags) != 0) {
    dc_arena_free(&ld.tmp);
    return NULL;
  }
  ld.buf = text;
  ld.len = len;
  if (dc_spec_index_lines(&ld) != 0)
    return loader_finish(&ld);
  bad = utf8_invalid((const unsigned char *)text, len);
  if (bad < len) {
    dc_error(diags, dc_spec_pos_of_byte(&ld, bad), "invalid UTF-8 (byte "
             "0x%02X)", (unsigned char)text[bad]);
    return loader_finish(&ld);
  }
  /* The text is a plain scalar whose content is the whole of it. */
  memset(&y, 0, sizeof y);
  y.type = Y_SCALAR;
  y.style = YS_PLAIN;
  y.text = text;
  y.len = len;
  y.src_end = len;
  y.pos = dc_spec_pos_of_byte(&ld, 0);
  s = dc_arena_alloc(&ctx->arena, sizeof *s);
  b = dc_arena_alloc(&ctx->arena, sizeof *b);
  if (s && b && kind == DC_BLOCK_CHAINS)
    b->chains = dc_arena_alloc(&ctx->arena, sizeof *b->chains);
  if (!s || !b || (kind == DC_BLOCK_CHAINS && !b->chains)) {
    dc_spec_oom(&ld, y.pos);
    return loader_finish(&ld);
  }
  ld.spec->sections = s;
  ld.spec->nsections = 1;
  s->blocks = b;
  s->nblocks = 1;
  s->pos = b->pos = y.pos;
  b->kind = kind;
  if (kind == DC_BLOCK_CHAINS) {
    b->nchains = 1;
    load_chain(&ld, &y, b, &b->chains[0]);
  } else {
    load_derive(&ld, &y, b);
  }
  if (dc_spec_nerrors(&ld) == 0)
    block_primes(&ld, b);
  run_derives(&ld);
  return loader_finish(&ld);
}

struct dc_spec *dc_spec_from_chain(struct dc_ctx *ctx, const char *chain,
                                   struct dc_diags *diags)
{
  return from_command_line(ctx, chain, DC_BLOCK_CHAINS, diags);
}

struct dc_spec *dc_spec_from_derive(struct dc_ctx *ctx, const char *expr,
                                    struct dc_diags *diags)
{
  return from_command_line(ctx, expr, DC_BLOCK_DERIVE, diags);
}
