/*
** json.c: the JSON form of a spec and its verdicts, shared by the check
** report (--format=json, emit/report.c) and the emitted document
** (--emit=json), so that both use one writer and the same field names.
**
** The layout keeps the spec's structure: sections -> blocks -> chains ->
** elements and links (README.md, section "JSON", lists every field).
** Objects are written compactly, keys in a fixed order, so the bytes are
** deterministic.  Strings are escaped by dc_json_str: any byte string
** (file names included) gives valid JSON.
*/
#include <stdio.h>
#include <stdlib.h>
#include "emit/document.h"
#include "emit/latex.h"
#include "expr/plain.h"
#include "emit/report_int.h"

/* Length of the valid UTF-8 sequence at s, or 0 when it is not one. */
size_t dc_utf8_len(const unsigned char *s)
{
  size_t n, i;
  unsigned c = s[0];
  unsigned long cp;

  if (c < 0x80)
    return 1;
  if (c >= 0xC2 && c <= 0xDF)
    n = 2, cp = c & 0x1F;
  else if (c >= 0xE0 && c <= 0xEF)
    n = 3, cp = c & 0x0F;
  else if (c >= 0xF0 && c <= 0xF4)
    n = 4, cp = c & 0x07;
  else
    return 0;
  for (i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  /* Reject overlong forms, surrogates and values past U+10FFFF. */
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return n;
}

void dc_json_str(struct dc_buf *b, const char *s)
{
  const unsigned char *p = (const unsigned char *)(s ? s : "");
  size_t n;

  dc_buf_add(b, "\"", 1);
  while (*p) {
    switch (*p) {
    case '"': dc_buf_puts(b, "\\\""); p++; continue;
    case '\\': dc_buf_puts(b, "\\\\"); p++; continue;
    case '\n': dc_buf_puts(b, "\\n"); p++; continue;
    case '\r': dc_buf_puts(b, "\\r"); p++; continue;
    case '\t': dc_buf_puts(b, "\\t"); p++; continue;
    case '\b': dc_buf_puts(b, "\\b"); p++; continue;
    case '\f': dc_buf_puts(b, "\\f"); p++; continue;
    default: break;
    }
    if (*p < 0x20 || *p == 0x7F) {
      dc_buf_printf(b, "\\u%04x", *p);
      p++;
      continue;
    }
    n = dc_utf8_len(p);
    if (n == 0) {
      dc_buf_puts(b, "\\ufffd");
      p++;
      continue;
    }
    dc_buf_add(b, (const char *)p, n);
    p += n;
  }
  dc_buf_add(b, "\"", 1);
}

/* "key":"string" (null when val is NULL), with a leading comma unless
** first. */
static void kstr(struct dc_buf *b, int comma, const char *key, const char *val)
{
  dc_buf_printf(b, "%s\"%s\":", comma ? "," : "", key);
  if (val)
    dc_json_str(b, val);
  else
    dc_buf_puts(b, "null");
}



static const char *block_kind_word(enum dc_block_kind k)
{
  switch (k) {
  case DC_BLOCK_TEXT: return "text";
  case DC_BLOCK_CHAINS: return "chains";
  case DC_BLOCK_DERIVE: return "derive";
  }
  return "text";
}

/* An element: its plain form (parses back), its source, its LaTeX, where
** it was written and which typeset line of its chain it is on. */
static void element(struct dc_buf *b, const struct dc_element *e)
{
  char *plain = e->expr ? dc_plain_string(e->expr) : NULL;
  char *latex = e->expr ? dc_latex_string(e->expr) : NULL;

  if (e->expr && (!plain || !latex))
    b->oom = 1;
  dc_buf_puts(b, "{");
  kstr(b, 0, "expr", plain ? plain : "");
  kstr(b, 1, "source", e->src);
  kstr(b, 1, "latex", latex ? latex : "");
  dc_buf_printf(b, ",\"line\":%d,\"col\":%d,\"typeset_line\":%d}",
                e->pos.line, e->pos.col, e->line_index);
  free(plain);
  free(latex);
}

/* Which values of a counterexample an object lists. */
enum bound { BOUND_FREE, BOUND_DERIVED, BOUND_EXACT };

/* {"name": "value", ...} over the counterexample's bindings of one kind. */
static void bindings(struct dc_buf *b, const struct dc_link_result *lr,
                     enum bound which)
{
  size_t i, n = 0;
  dc_buf_puts(b, "{");
  for (i = 0; i < lr->nat; i++) {
    const struct dc_binding_value *v = &lr->at[i];
    if (which == BOUND_EXACT ? !v->exact[0]
        : !v->derived != (which == BOUND_FREE))
      continue;
    if (n++)
      dc_buf_puts(b, ",");
    dc_json_str(b, v->name);
    dc_buf_puts(b, ":");
    dc_json_str(b, which == BOUND_EXACT ? v->exact : v->value);
  }
  dc_buf_puts(b, "}");
}

/* The counterexample: free symbols under "at", where names and definitions
** under "derived", both sides' values, and the certificate. */
static void counterexample(struct dc_buf *b, const struct dc_link_result *lr)
{
  dc_buf_puts(b, ",\"counterexample\":{\"at\":");
  bindings(b, lr, BOUND_FREE);
  dc_buf_puts(b, ",\"derived\":");
  bindings(b, lr, BOUND_DERIVED);
  kstr(b, 1, "left", lr->left);
  kstr(b, 1, "right", lr->right);
  /* how the failure was shown: "exact" (rational arithmetic, with both
  ** sides as fractions) or "ball" (Arb, at certified_bits) */
  kstr(b, 1, "certified", lr->certified ? lr->certified : "none");
  if (lr->certified_bits)
    dc_buf_printf(b, ",\"certified_bits\":%ld", lr->certified_bits);
  if (lr->exact_left && lr->exact_right) {
    dc_buf_puts(b, ",\"exact\":{\"at\":");
    bindings(b, lr, BOUND_EXACT);
    kstr(b, 1, "left", lr->exact_left);
    kstr(b, 1, "right", lr->exact_right);
    dc_buf_puts(b, "}");
  }
  dc_buf_puts(b, "}");
}

/* "diagnosis": what algebra says is wrong, only the parts it found. */
static void diagnosis(struct dc_buf *b, const struct dc_diagnosis *d)
{
  if (!d->factor[0] && !d->difference[0] && !d->suggestion[0])
    return;
  dc_buf_puts(b, ",\"diagnosis\":{");
  dc_buf_puts(b, "\"factor\":");
  if (d->factor[0]) dc_json_str(b, d->factor); else dc_buf_puts(b, "null");
  dc_buf_puts(b, ",\"difference\":");
  if (d->difference[0]) dc_json_str(b, d->difference);
  else dc_buf_puts(b, "null");
  dc_buf_puts(b, ",\"suggested\":");
  if (d->suggestion[0]) dc_json_str(b, d->suggestion);
  else dc_buf_puts(b, "null");
  dc_buf_puts(b, "}");
}

static void json_link(struct dc_buf *b, const struct dc_link_result *lr,
                 size_t step)
{
  dc_buf_printf(b, "{\"step\":%zu,\"verdict\":\"%s\",\"valid_samples\":%zu,"
                "\"tried\":%zu", step, dc_verdict_word(lr->verdict), lr->nvalid,
                lr->ntried);
  /* The most precise comparison of the link, null when none was made. */
  if (lr->precision_used > 0)
    dc_buf_printf(b, ",\"precision_used\":%ld", lr->precision_used);
  else
    dc_buf_puts(b, ",\"precision_used\":null");
  /* "proof": "exact" when algebra decided the link, "sampled" otherwise. */
  if (lr->verdict == DC_PASS)
    kstr(b, 1, "proof", lr->proved ? "exact" : "sampled");
  /* A rounded decimal's side: the interval it stood for. */
  if (lr->rounded[0])
    kstr(b, 1, "rounded", lr->rounded);
  if (lr->verdict == DC_FAIL) {
    counterexample(b, lr);
    diagnosis(b, &lr->diag);
  }
  else if (lr->verdict == DC_UNDETERMINED)
    kstr(b, 1, "reason", lr->reason[0] ? lr->reason
                                       : "too few valid sample points");
  dc_buf_puts(b, "}");
}

static void chain(struct dc_buf *b, const struct dc_chain *c,
                  const struct dc_chain_result *cr)
{
  size_t i;

  dc_buf_printf(b, "{\"line\":%d,\"col\":%d,\"elements\":[", c->pos.line,
                c->pos.col);
  for (i = 0; i < c->nelems; i++) {
    if (i)
      dc_buf_puts(b, ",");
    element(b, &c->elems[i]);
  }
  dc_buf_puts(b, "],\"links\":[");
  for (i = 0; cr && i < cr->nlinks && i + 1 < c->nelems; i++) {
    if (i)
      dc_buf_puts(b, ",");
    json_link(b, &cr->links[i], i + 2);
  }
  dc_buf_puts(b, "]}");
}

/* The block's last line: the loader's, but never before its first line
** or an element (a block made by hand has none). */
static int end_line(const struct dc_block *blk)
{
  int end = blk->end_line > blk->pos.line ? blk->end_line : blk->pos.line;
  size_t c, e;
  for (c = 0; c < blk->nchains; c++)
    for (e = 0; e < blk->chains[c].nelems; e++)
      if (blk->chains[c].elems[e].pos.line > end)
        end = blk->chains[c].elems[e].pos.line;
  return end;
}

static void block(struct dc_buf *b, const struct dc_block *blk,
                  const struct dc_block_result *br)
{
  size_t c;

  dc_buf_printf(b, "{\"kind\":\"%s\",\"line\":%d,\"end_line\":%d",
                block_kind_word(blk->kind), blk->pos.line, end_line(blk));
  if (blk->kind == DC_BLOCK_TEXT) {
    kstr(b, 1, "text", blk->text);
    dc_buf_puts(b, "}");
    return;
  }
  if (blk->kind == DC_BLOCK_DERIVE) {
    dc_buf_puts(b, ",\"derive\":");
    element(b, &blk->derive);
  }
  dc_buf_puts(b, ",\"chains\":[");
  for (c = 0; c < blk->nchains; c++) {
    const struct dc_chain_result *cr =
      br && br->chains && c < br->nchains ? &br->chains[c] : NULL;
    if (c)
      dc_buf_puts(b, ",");
    chain(b, &blk->chains[c], cr);
  }
  dc_buf_puts(b, "]}");
}

/* The result of block k of section s, or NULL when the checker left none. */
static const struct dc_block_result *block_result(
  const struct dc_spec_result *res, size_t s, size_t k)
{
  if (!res || !res->blocks || !res->blocks[s])
    return NULL;
  return &res->blocks[s][k];
}

void dc_json_spec(struct dc_buf *b, const struct dc_spec *spec,
                  const struct dc_check_params *p,
                  const struct dc_spec_result *res)
{
  static const struct dc_spec_result none;
  size_t s, k;

  if (!res)
    res = &none;
  dc_buf_puts(b, "{\"version\":1");
  kstr(b, 1, "file", spec->path);
  kstr(b, 1, "title", spec->title);
  if (p)
    dc_buf_printf(b, ",\"precision\":%ld,\"samples\":%ld,\"seed\":%lu",
                  p->precision, p->samples, p->seed);
  dc_buf_puts(b, ",\"sections\":[");
  for (s = 0; s < spec->nsections; s++) {
    const struct dc_section *sec = &spec->sections[s];
    if (s)
      dc_buf_puts(b, ",");
    dc_buf_puts(b, "{");
    kstr(b, 0, "title", sec->title);
    dc_buf_printf(b, ",\"line\":%d,\"blocks\":[", sec->pos.line);
    for (k = 0; k < sec->nblocks; k++) {
      if (k)
        dc_buf_puts(b, ",");
      block(b, &sec->blocks[k], block_result(res, s, k));
    }
    dc_buf_puts(b, "]}");
  }
  dc_buf_puts(b, "],\"skipped\":[");
  /* What a post left unchecked, by place: never counted as passed. */
  for (s = 0; s < spec->nskips; s++) {
    const struct dc_skip *x = &spec->skips[s];
    dc_buf_printf(b, "%s{\"line\":%d,\"col\":%d,\"links\":%zu", s ? "," : "",
                  x->pos.line, x->pos.col, x->links);
    kstr(b, 1, "reason", x->reason);
    dc_buf_puts(b, "}");
  }
  dc_buf_printf(b, "],\"summary\":{\"ok\":%s,\"chains\":%zu,\"links\":%zu,"
                "\"passed\":%zu,\"proved\":%zu,\"failed\":%zu,"
                "\"undetermined\":%zu,\"skipped\":%zu}}",
                res->nfailed || res->nundetermined ? "false" : "true",
                res->nchains, res->nlinks, res->npassed, res->nproved,
                res->nfailed, res->nundetermined, spec->nskipped);
}

void dc_json_spec_error(struct dc_buf *b, const char *path, const char *error,
                        const struct dc_diags *diags)
{
  size_t i;

  dc_buf_puts(b, "{\"version\":1");
  kstr(b, 1, "file", path);
  kstr(b, 1, "error", error);
  dc_buf_puts(b, ",\"diagnostics\":[");
  for (i = 0; diags && i < diags->n; i++) {
    const struct dc_diag *g = &diags->v[i];
    dc_buf_puts(b, i ? ",{" : "{");
    kstr(b, 0, "severity", dc_severity_word(g->sev));
    kstr(b, 1, "file", g->pos.file);
    dc_buf_printf(b, ",\"line\":%d,\"col\":%d", g->pos.line, g->pos.col);
    kstr(b, 1, "message", g->msg);
    dc_buf_puts(b, "}");
  }
  dc_buf_puts(b, "]}");
}
