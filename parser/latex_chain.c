/*
** latex_chain.c: the LaTeX reader's entry points (parser/latex_read.h):
** one expression (tokens made, the grammar run, what is left over
** explained), and chains: the top-level '=' of a formula, and each
** expression between them read on its own, with positions that stay
** those of the whole text.
*/
#include <stdlib.h>
#include <string.h>
#include "expr/limits.h"
#include "parser/latex_int.h"

/* Far more than any row of a post holds. */
#define MAX_CHAIN 256

static const struct dc_srcmap no_map = { NULL, 1, 1, 0 };

/* A final '.' or ',' ends a sentence around the display, not the maths. */
static int at_end(const struct dc_lreader *r)
{
  const struct dc_ltoken *t = dc_lr_cur(r);

  if (t->kind == DC_LT_COMMA ||
      (t->kind == DC_LT_OTHER && t->len == 1 && r->text[t->off] == '.'))
    t = dc_lr_peek(r, 1);
  return t->kind == DC_LT_EOF;
}

struct dc_node *dc_latex_read_expr(struct dc_ctx *ctx, const char *text,
                                   size_t len, const struct dc_srcmap *map,
                                   const struct dc_latex_env *env,
                                   struct dc_diags *diags)
{
  struct dc_lreader r;
  struct dc_ltokens toks;
  struct dc_node *e = NULL;

  memset(&r, 0, sizeof r);
  r.ctx = ctx;
  r.text = text;
  r.len = len;
  r.map = map ? *map : no_map;
  r.env = env;
  r.diags = diags;
  if (len > DC_MAX_EXPR_BYTES || dc_latex_lex(text, len, &toks) != 0) {
    dc_error(diags, dc_srcmap_pos(&r.map, text, len, 0), "formula too long "
             "or out of memory");
    return NULL;
  }
  r.t = toks.v;
  if (r.t[0].kind == DC_LT_EOF)
    dc_lr_fail(&r, &r.t[0], "empty formula");
  else if ((e = dc_lr_expr(&r)) != NULL && !at_end(&r)) {
    const struct dc_ltoken *t = dc_lr_cur(&r);
    if (t->kind == DC_LT_EQ)
      dc_lr_fail(&r, t, "'=' inside one expression");
    else
      dc_lr_fail(&r, t, "cannot read '%.*s' after the expression",
                 (int)t->len, text + t->off);
  }
  dc_latex_tokens_free(&toks);
  return r.failed ? NULL : e;
}

size_t dc_latex_split_eq(const char *text, size_t len, size_t *eqs,
                         size_t cap)
{
  size_t i, n = 0;
  int depth = 0;

  for (i = 0; i < len; i++) {
    char c = text[i];
    if (c == '\\' && i + 1 < len) {      /* \{ and \} are no braces */
      i++;
      continue;
    }
    if (c == '{' || c == '(' || c == '[')
      depth++;
    else if ((c == '}' || c == ')' || c == ']') && depth > 0)
      depth--;
    else if (c == '=' && depth == 0) {
      if (n < cap)
        eqs[n] = i;
      n++;
    }
  }
  return n;
}

int dc_latex_read_chain(struct dc_ctx *ctx, const char *text, size_t len,
                        const struct dc_srcmap *map,
                        const struct dc_latex_env *env,
                        struct dc_diags *diags, struct dc_parse_out *out)
{
  size_t eqs[MAX_CHAIN], n, i, start = 0;

  memset(out, 0, sizeof *out);
  n = dc_latex_split_eq(text, len, eqs, MAX_CHAIN);
  if (n >= MAX_CHAIN) {
    dc_error(diags, dc_srcmap_pos(map ? map : &no_map, text, len, 0),
             "chain has more than %d expressions", MAX_CHAIN);
    return -1;
  }
  out->exprs = calloc(n + 1, sizeof *out->exprs);
  if (!out->exprs)
    return -1;
  for (i = 0; i <= n; i++) {
    size_t end = i < n ? eqs[i] : len;
    struct dc_srcmap m = map ? *map : no_map;
    struct dc_pos p = dc_srcmap_pos(&m, text, len, start);
    struct dc_node *e;
    m.line = p.line;
    m.col = p.col;
    e = dc_latex_read_expr(ctx, text + start, end - start, &m, env, diags);
    if (!e) {
      dc_parse_out_free(out);
      return -1;
    }
    out->exprs[i].expr = e;
    out->exprs[i].off = start;
    out->exprs[i].end = end;
    out->nexprs++;
    start = end + 1;
  }
  return 0;
}
