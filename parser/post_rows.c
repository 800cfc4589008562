/*
** post_rows.c: the rows of a display block become chains (SPEC section
** 7, "Rows", "Remarks and statements", "What is skipped").
**
** A row ends at \\; & is alignment.  A row that starts with '=' continues
** the chain before it; any other row starts a chain.  Before a row is
** split at its top-level '=', what is no claim is cut off (a remark after
** \quad, a leading \because) and what claims something other than an
** equality is skipped with its reason (a definition, an index condition,
** a matrix).  An element the reader cannot read leaves the links on both
** of its sides unchecked, not its whole chain.
*/
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parser/post_int.h"

void dc_skip_add(struct dc_skips *s, struct dc_pos pos, size_t links,
                 const char *fmt, ...)
{
  va_list ap;

  if (s->n == s->cap) {
    size_t c = s->cap ? 2 * s->cap : 16;
    struct dc_skip *v = realloc(s->v, c * sizeof *v);
    if (!v)
      return;                   /* a lost skip only loses its message */
    s->v = v;
    s->cap = c;
  }
  s->v[s->n].pos = pos;
  s->v[s->n].links = links;
  va_start(ap, fmt);
  vsnprintf(s->v[s->n].reason, sizeof s->v[s->n].reason, fmt, ap);
  va_end(ap);
  s->n++;
}

void dc_skips_free(struct dc_skips *s)
{
  free(s->v);
  memset(s, 0, sizeof *s);
}

void dc_post_chains_free(struct dc_post_chains *c)
{
  size_t i;
  for (i = 0; i < c->n; i++)
    free(c->v[i].v);
  free(c->v);
  memset(c, 0, sizeof *c);
}

/* ---- the text of a row ---- */

struct span { size_t off, end; };

static int starts(const char *s, size_t n, const char *p)
{
  size_t k = strlen(p);
  return n >= k && memcmp(s, p, k) == 0;
}

/* Whether s[0..n) starts with the command \name, not a longer one. */
static int cmd_at(const char *s, size_t n, const char *name)
{
  size_t k = strlen(name);
  return n > k && s[0] == '\\' && memcmp(s + 1, name, k) == 0 &&
         (n == k + 1 || !isalpha((unsigned char)s[k + 1]));
}

static void trim(const char *s, struct span *sp)
{
  while (sp->off < sp->end && (isspace((unsigned char)s[sp->off]) ||
                               s[sp->off] == '&'))
    sp->off++;
  while (sp->end > sp->off && (isspace((unsigned char)s[sp->end - 1]) ||
                               s[sp->end - 1] == '&'))
    sp->end--;
}

/* Offset of the first top-level occurrence of \name in sp, or sp->end. */
static size_t find_cmd(const char *s, struct span sp, const char *name)
{
  size_t i;
  int depth = 0;

  for (i = sp.off; i < sp.end; i++) {
    if (s[i] == '{')
      depth++;
    else if (s[i] == '}' && depth > 0)
      depth--;
    else if (depth == 0 && cmd_at(s + i, sp.end - i, name))
      return i;
    else if (s[i] == '\\')
      i++;
  }
  return sp.end;
}

static int contains(const char *s, struct span sp, const char *what)
{
  size_t k = strlen(what), i;
  for (i = sp.off; i + k <= sp.end; i++)
    if (memcmp(s + i, what, k) == 0)
      return 1;
  return 0;
}

static size_t count_eq(const char *s, struct span sp)
{
  size_t eqs[1];
  return dc_latex_split_eq(s + sp.off, sp.end - sp.off, eqs, 0);
}

/* "i = j" or "i \neq j" alone: a condition on indices, no identity. */
static int index_condition(const char *s, struct span sp)
{
  trim(s, &sp);
  if (sp.end - sp.off < 3 || !isalpha((unsigned char)s[sp.off]) ||
      !isalpha((unsigned char)s[sp.end - 1]))
    return 0;
  sp.off++;
  sp.end--;
  trim(s, &sp);
  return (sp.end - sp.off == 1 && s[sp.off] == '=') ||
         (sp.end - sp.off == 4 && memcmp(s + sp.off, "\\neq", 4) == 0) ||
         (sp.end - sp.off == 3 && memcmp(s + sp.off, "\\ne", 3) == 0);
}

/*
** Cut a remark off the row: \quad or \qquad followed by \because, \text,
** a parenthesised condition or an index condition.  Returns 1 when what
** was cut is an index condition (the chain is then skipped).
*/
static int cut_remark(const char *s, struct span *sp)
{
  static const char *const quads[] = { "qquad", "quad" };
  size_t q, i, k;

  for (k = 0; k < 2; k++) {
    q = find_cmd(s, *sp, quads[k]);
    if (q == sp->end)
      continue;
    i = q + 1 + strlen(quads[k]);
    while (i < sp->end && isspace((unsigned char)s[i]))
      i++;
    {
      struct span rest = { i, sp->end };
      int idx = index_condition(s, rest);
      if (idx || i == sp->end || s[i] == '(' ||
          cmd_at(s + i, sp->end - i, "because") ||
          cmd_at(s + i, sp->end - i, "text") ||
          cmd_at(s + i, sp->end - i, "mathrm") ||
          cmd_at(s + i, sp->end - i, "textrm") ||
          cmd_at(s + i, sp->end - i, "mbox") ||
          cmd_at(s + i, sp->end - i, "forall")) {
        sp->end = q;
        trim(s, sp);
        return idx;
      }
    }
  }
  return 0;
}

/* A whole part that is \text{...} and nothing else. */
static int only_text(const char *s, struct span sp)
{
  size_t i;
  int depth = 0;

  if (!cmd_at(s + sp.off, sp.end - sp.off, "text"))
    return 0;
  for (i = sp.off + 5; i < sp.end; i++) {
    if (s[i] == '{')
      depth++;
    else if (s[i] == '}' && --depth == 0)
      return i + 1 == sp.end;
  }
  return 0;
}

/* Why a row is a definition, or NULL. */
static const char *definition(const char *s, struct span sp)
{
  static const char *const heads[] = {
    "Let ", "let ", "Define ", "\\text{Let", "\\text{let", "\\text{Define",
    "\\text{define", "\\text{Then", "\\text{then", "\\text{where",
    "\\text{Where"
  };
  size_t i;

  for (i = 0; i < sizeof heads / sizeof heads[0]; i++)
    if (starts(s + sp.off, sp.end - sp.off, heads[i]))
      return "a definition (Let, Define, Then)";
  if (contains(s, sp, ":=") || contains(s, sp, "\\coloneqq") ||
      contains(s, sp, "\\triangleq") || contains(s, sp, "\\stackrel") ||
      contains(s, sp, "\\overset") || contains(s, sp, "\\equiv"))
    return "a definition (:=)";
  return NULL;
}

/* ---- reading ---- */

struct rows {
  struct dc_ctx *ctx;
  struct dc_md *md;
  size_t bi;
  const struct dc_latex_env *env;
  const struct dc_post_funcs *funcs;  /* the post's own definitions */
  struct dc_post_chains *chains;
  struct dc_skips *skips;
  struct dc_diags *diags;
};

static struct dc_post_elem *new_elem(struct dc_post_chain *c)
{
  if (c->n == c->cap) {
    size_t cap = c->cap ? 2 * c->cap : 8;
    struct dc_post_elem *v = realloc(c->v, cap * sizeof *v);
    if (!v)
      return NULL;
    c->v = v;
    c->cap = cap;
  }
  memset(&c->v[c->n], 0, sizeof c->v[c->n]);
  return &c->v[c->n++];
}

static struct dc_post_chain *new_chain(struct rows *r)
{
  struct dc_post_chains *c = r->chains;

  if (c->n == c->cap) {
    size_t cap = c->cap ? 2 * c->cap : 16;
    struct dc_post_chain *v = realloc(c->v, cap * sizeof *v);
    if (!v)
      return NULL;
    c->v = v;
    c->cap = cap;
  }
  memset(&c->v[c->n], 0, sizeof c->v[c->n]);
  c->v[c->n].block = r->bi;
  c->open = 1;
  return &c->v[c->n++];
}

/* Is n a where name of the block (given to the reader as extra)? */
static int extra_name(const struct dc_latex_env *env, const struct dc_name *n)
{
  size_t i;
  for (i = 0; env && i < env->nextra; i++)
    if (strcmp(env->extra[i], n->s) == 0)
      return 1;
  return 0;
}

/* Is n neither declared nor a where name? */
static int free_name(const struct dc_latex_env *env, const struct dc_name *n)
{
  return !n->sym && !n->func && !n->def && n->builtin < 0 &&
         !extra_name(env, n);
}

static const struct dc_node *rightmost(const struct dc_node *e)
{
  while (e->kind == DC_MUL && e->nargs == 2)
    e = e->a[1];
  return e;
}

/*
** What a careful reader would not take as written, or NULL.  \sigma(x) or
** f(x) of a Greek letter or f, g, h no context declares or post defines
** is read as a product, but the author meant a function (defined in
** prose, say): checked as a product it would fail a right step.  And the
** derivative of a name the post never defines (\frac{dz_i}{dw_1}) by
** another is 0 to derivcheck, but an unknown to the author.
*/
static const char *doubtful(const struct dc_node *e,
                            const struct dc_latex_env *env, char *why,
                            size_t cap)
{
  uint16_t i;
  if (e->kind == DC_MUL && e->nargs == 2 && e->a[1]->kind == DC_PAREN) {
    const struct dc_node *l = rightmost(e->a[0]);
    if (l->kind == DC_NAME && l->name && free_name(env, l->name) &&
        (dc_latex_is_greek(l->name->s, l->name->len) ||
         (l->name->len == 1 && strchr("fghFGH", l->name->s[0])))) {
      snprintf(why, cap, "%s(...): %s is neither declared nor defined in "
               "the post, so it may be a function or a factor",
               l->name->s, l->name->s);
      return why;
    }
  }
  if (e->kind == DC_DIFF && e->a[0]->kind == DC_NAME && e->a[0]->name &&
      e->a[1]->kind == DC_NAME && e->a[0]->name != e->a[1]->name &&
      !e->a[0]->name->def && !e->a[0]->name->func &&
      !extra_name(env, e->a[0]->name)) {
    snprintf(why, cap, "the derivative of %s by %s: %s is not defined in "
             "the post (a where comment can say what it is)",
             e->a[0]->name->s, e->a[1]->name->s, e->a[0]->name->s);
    return why;
  }
  for (i = 0; i < e->nargs; i++)
    if (e->a[i] && doubtful(e->a[i], env, why, cap))
      return why;
  return NULL;
}

/* Read one element; an unreadable one keeps the reader's message. */
static int read_elem(struct rows *r, struct dc_post_chain *c, struct span sp)
{
  struct dc_post_elem *e = new_elem(c);
  const struct dc_post_func *def;
  struct dc_latex_rename rn[128];
  struct dc_latex_env env;
  const char *amb;
  struct dc_diags d;
  struct dc_srcmap map;
  size_t i;

  if (!e)
    return -1;
  trim(r->md->s, &sp);
  e->pos = dc_md_pos(r->md, sp.off);
  if (sp.off == sp.end) {
    snprintf(e->reason, sizeof e->reason, "an empty side of '='");
    return 0;
  }
  if (c->n == 1 && (def = dc_post_func_at(r->funcs, sp.off, sp.end))) {
    snprintf(e->reason, sizeof e->reason, "defines %s for the post (a "
             "definition, not a step)", def->name);
    return 0;
  }
  map.file = r->md->path;
  map.line = e->pos.line;
  map.col = e->pos.col;
  map.indent = 0;
  dc_diags_init(&d);
  /* the definitions of a redefined name in force here */
  if (r->env)
    env = *r->env;
  else
    memset(&env, 0, sizeof env);
  env.renames = rn;
  env.nrenames = dc_post_renames_at(r->funcs, sp.off, rn,
                                    sizeof rn / sizeof rn[0]);
  e->expr = dc_latex_read_expr(r->ctx, r->md->s + sp.off, sp.end - sp.off,
                               &map, &env, &d);
  if (e->expr && doubtful(e->expr, r->env, e->reason, sizeof e->reason))
    e->expr = NULL;
  if (e->expr && (amb = dc_post_ambiguous_call(r->funcs, e->expr))) {
    e->expr = NULL;
    snprintf(e->reason, sizeof e->reason, "the post's definition of %s "
             "cannot be used (unreadable, recursive, or one too many)", amb);
  }
  for (i = 0; i < d.n; i++) {
    if (d.v[i].sev == DC_SEV_WARNING)
      dc_warning(r->diags, d.v[i].pos, "%s", d.v[i].msg);
    else if (!e->expr && !e->reason[0]) {
      e->pos = d.v[i].pos;
      snprintf(e->reason, sizeof e->reason, "%.190s", d.v[i].msg);
    }
  }
  if (!e->expr && !e->reason[0])
    snprintf(e->reason, sizeof e->reason, "cannot be read");
  dc_diags_free(&d);
  return 0;
}

/* One statement: elements split at the top-level '='. */
static int part(struct rows *r, struct span sp, int may_continue)
{
  const char *s = r->md->s;
  size_t eqs[256], n, i, start;
  struct dc_post_chain *c;

  trim(s, &sp);
  if (sp.off == sp.end || only_text(s, sp))
    return 0;
  if (s[sp.off] == '=' && !(sp.end - sp.off > 1 && s[sp.off + 1] == '>')) {
    if (!may_continue || !r->chains->open || r->chains->n == 0) {
      dc_skip_add(r->skips, dc_md_pos(r->md, sp.off), count_eq(s, sp),
                  "a row starting with '=' continues no chain");
      return 0;
    }
    c = &r->chains->v[r->chains->n - 1];
    sp.off++;
  } else {
    n = count_eq(s, sp);
    if (n == 0) {
      dc_skip_add(r->skips, dc_md_pos(r->md, sp.off), 0,
                  "no '=': not a chain");
      r->chains->open = 0;
      return 0;
    }
    if (!(c = new_chain(r)))
      return -1;
  }
  n = dc_latex_split_eq(s + sp.off, sp.end - sp.off, eqs, 256);
  if (n > 256) {
    dc_skip_add(r->skips, dc_md_pos(r->md, sp.off), n, "too many '='");
    return 0;
  }
  for (start = sp.off, i = 0; i <= n; i++) {
    struct span e = { start, i < n ? sp.off + eqs[i] : sp.end };
    if (read_elem(r, c, e) != 0)
      return -1;
    start = e.end + 1;
  }
  return 0;
}

static const char *const arrows[] = {
  "\\Rightarrow", "\\implies", "\\Longrightarrow", "\\iff",
  "\\Leftrightarrow", "=>"
};

/* The first statement separator in sp: its offset and length. */
static size_t arrow(const char *s, struct span sp, size_t *len)
{
  size_t i, k;
  for (i = sp.off; i < sp.end; i++)
    for (k = 0; k < sizeof arrows / sizeof arrows[0]; k++)
      if (starts(s + i, sp.end - i, arrows[k]) &&
          (arrows[k][0] != '\\' || i + strlen(arrows[k]) >= sp.end ||
           !isalpha((unsigned char)s[i + strlen(arrows[k])]))) {
        *len = strlen(arrows[k]);
        return i;
      }
  return sp.end;
}

static int row(struct rows *r, struct span sp)
{
  const char *s = r->md->s, *why;
  size_t a, alen;
  int first = 1;

  trim(s, &sp);
  if (sp.off == sp.end)
    return 0;
  if (cut_remark(s, &sp)) {
    dc_skip_add(r->skips, dc_md_pos(r->md, sp.off), count_eq(s, sp),
                "a chain with an index condition");
    r->chains->open = 0;
    return 0;
  }
  if (cmd_at(s + sp.off, sp.end - sp.off, "because") ||
      cmd_at(s + sp.off, sp.end - sp.off, "therefore")) {
    sp.off += s[sp.off + 1] == 'b' ? 8 : 10;
    trim(s, &sp);
  }
  if ((why = definition(s, sp)) != NULL) {
    dc_skip_add(r->skips, dc_md_pos(r->md, sp.off), count_eq(s, sp), "%s",
                why);
    r->chains->open = 0;
    return 0;
  }
  while ((a = arrow(s, sp, &alen)) < sp.end) {
    struct span p = { sp.off, a };
    if (part(r, p, first) != 0)
      return -1;
    r->chains->open = 0;        /* a statement after => is its own chain */
    first = 0;
    sp.off = a + alen;
  }
  return part(r, sp, first);
}

static const char *const matrices[] = {
  "\\begin{pmatrix}", "\\begin{bmatrix}", "\\begin{matrix}",
  "\\begin{vmatrix}", "\\begin{Vmatrix}", "\\begin{cases}",
  "\\begin{array}", "\\begin{smallmatrix}"
};

int dc_post_read_block(struct dc_ctx *rctx, struct dc_md *md,
                       const struct dc_md_block *blk, size_t bi,
                       const struct dc_latex_env *env,
                       const struct dc_post_funcs *funcs,
                       struct dc_post_chains *chains, struct dc_skips *skips,
                       struct dc_diags *diags)
{
  struct rows r = { rctx, md, bi, env, funcs, chains, skips, diags };
  struct span all = { blk->off, blk->end };
  size_t i, start;

  for (i = 0; i < sizeof matrices / sizeof matrices[0]; i++)
    if (contains(md->s, all, matrices[i])) {
      struct span t = all;
      trim(md->s, &t);
      dc_skip_add(skips, dc_md_pos(md, t.off), count_eq(md->s, all),
                  "vectors, matrices and cases are not read");
      chains->open = 0;
      return 0;
    }
  /* a block that does not start with '=' ends the chain before it */
  {
    struct span t = all;
    trim(md->s, &t);
    if (t.off == t.end || md->s[t.off] != '=')
      chains->open = 0;
  }
  for (start = blk->off, i = blk->off; i <= blk->end; i++) {
    if (i < blk->end && !(md->s[i] == '\\' && i + 1 < blk->end &&
                          md->s[i + 1] == '\\')) {
      if (md->s[i] == '\\')
        i++;                    /* \{ and such: not a row end */
      continue;
    }
    {
      struct span sp = { start, i < blk->end ? i : blk->end };
      if (row(&r, sp) != 0)
        return -1;
    }
    start = i + 2;
    i++;
    /* \\[2pt]: extra space after the row end */
    if (start < blk->end && md->s[start] == '[') {
      const char *c = memchr(md->s + start, ']', blk->end - start);
      if (c && c - (md->s + start) < 12) {
        start = (size_t)(c - md->s) + 1;
        i = start - 1;
      }
    }
  }
  return 0;
}
