/*
** mdcontext.c: what an emitted post carries so that derivcheck can read
** it back (SPEC section 7): the spec's symbols, functions and definitions
** in an HTML comment before its first section, and each block's where
** names and wrt in a comment on the line before its display.  Comments
** are invisible in the rendered post, so the layout of the reference
** post is kept; a spec that declares nothing adds nothing.
*/
#include <stdlib.h>
#include <string.h>
#include "emit/document.h"
#include "expr/scope.h"

/* q as a decimal the loader reads back: exact when q terminates in base
** 10 within 40 digits (1/2 is 0.5), else rounded to 40 digits. */
static void decimal(struct dc_buf *b, const mpq_t q)
{
  mpz_t scaled, r;
  char *t;
  int k = 0;
  size_t n;

  mpz_inits(scaled, r, NULL);
  mpz_set(scaled, mpq_numref(q));
  mpz_abs(scaled, scaled);
  for (;;) {
    mpz_tdiv_r(r, scaled, mpq_denref(q));
    if (mpz_sgn(r) == 0 || k == 40)
      break;
    mpz_mul_ui(scaled, scaled, 10);
    k++;
  }
  mpz_tdiv_q(scaled, scaled, mpq_denref(q));
  t = mpz_get_str(NULL, 10, scaled);
  mpz_clears(scaled, r, NULL);
  if (!t) {
    b->oom = 1;
    return;
  }
  n = strlen(t);
  if (mpq_sgn(q) < 0)
    dc_buf_puts(b, "-");
  if ((size_t)k >= n) {
    dc_buf_puts(b, "0.");
    while ((size_t)k-- > n)
      dc_buf_puts(b, "0");
    dc_buf_puts(b, t);
  } else {
    dc_buf_add(b, t, n - (size_t)k);
    if (k) {
      dc_buf_puts(b, ".");
      dc_buf_puts(b, t + n - (size_t)k);
    }
  }
  free(t);
}

/* A bound of a domain, as the loader reads it back. */
static void bound(struct dc_buf *b, const mpq_t *q, int inf, const char *sign)
{
  if (inf)
    dc_buf_printf(b, "%sinf", sign);
  else
    decimal(b, *q);
}

static void domain(struct dc_buf *b, const struct dc_domain *d)
{
  dc_buf_puts(b, "{domain: \"");
  dc_buf_puts(b, d->lo_open ? "(" : "[");
  bound(b, (const mpq_t *)d->lo, d->lo_inf, "-");
  dc_buf_puts(b, ", ");
  bound(b, (const mpq_t *)d->hi, d->hi_inf, "");
  dc_buf_puts(b, d->hi_open ? ")" : "]");
  dc_buf_puts(b, "\"}");
}

/* "  key: "expr"" with the expression in the plain syntax. */
static void entry(struct dc_buf *b, const char *key, const struct dc_node *e)
{
  dc_buf_printf(b, "  %s: \"", key);
  dc_print_plain(b, e);
  dc_buf_puts(b, "\"\n");
}

static void functions(struct dc_buf *b, const struct dc_spec *spec)
{
  size_t i;
  int k;

  if (spec->nfuncs)
    dc_buf_puts(b, "functions:\n");
  for (i = 0; i < spec->nfuncs; i++) {
    const struct dc_func *f = &spec->funcs[i];
    dc_buf_printf(b, "  %s(", f->name->s);
    for (k = 0; k < f->nparams; k++)
      dc_buf_printf(b, "%s%s", k ? ", " : "", f->params[k]->s);
    dc_buf_puts(b, "): \"");
    dc_print_plain(b, f->written);
    dc_buf_puts(b, "\"\n");
  }
}

void dc_md_context(struct dc_buf *b, const struct dc_spec *spec)
{
  size_t i;

  if (!spec->nsymbols && !spec->nfuncs && !spec->ndefs)
    return;
  dc_buf_puts(b, "\n<!-- derivcheck:\n");
  if (spec->nsymbols)
    dc_buf_puts(b, "symbols:\n");
  for (i = 0; i < spec->nsymbols; i++) {
    const struct dc_symbol *s = &spec->symbols[i];
    dc_buf_printf(b, "  %s: ", s->name->s);
    if (s->dom)
      domain(b, s->dom);
    else
      dc_buf_puts(b, "{domain: real}");
    dc_buf_puts(b, "\n");
  }
  functions(b, spec);
  if (spec->ndefs)
    dc_buf_puts(b, "definitions:\n");
  for (i = 0; i < spec->ndefs; i++)
    entry(b, spec->defs[i].name->s, spec->defs[i].expr);
  dc_buf_puts(b, "-->\n");
}

void dc_md_block_comment(struct dc_buf *b, const struct dc_block *blk)
{
  size_t i;

  if (!blk->scope.nwhere && !blk->scope.wrt)
    return;
  dc_buf_puts(b, "\n<!-- derivcheck:");
  if (blk->scope.nwhere) {
    dc_buf_puts(b, " where {");
    for (i = 0; i < blk->scope.nwhere; i++) {
      dc_buf_printf(b, "%s%s: \"", i ? ", " : "",
                    blk->scope.where[i].name->s);
      dc_print_plain(b, blk->scope.where[i].expr);
      dc_buf_puts(b, "\"");
    }
    dc_buf_puts(b, "}");
  }
  if (blk->scope.wrt)
    dc_buf_printf(b, " wrt %s", blk->scope.wrt->s);
  dc_buf_puts(b, " -->");
}
