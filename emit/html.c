/*
** html.c: the HTML report (emit/html.h).
**
** Every string of a spec goes through dc_html_text, so the page's markup
** is only what this file writes.  Math is written as the text of an
** element of class "math" and typeset by KaTeX in the browser, which
** reads it as text (textContent), so TeX can never become markup either;
** KaTeX runs with trust off, so \href and \htmlClass do nothing.
*/
#include <stdlib.h>
#include <string.h>
#include "emit/document.h"
#include "emit/html.h"
#include "emit/latex.h"
#include "emit/report_int.h"
#include "parser/post.h"

/* Separates a piece's failure-list items from its section, and ends the
** section.  A spec cannot produce them: its "<" are escaped. */
#define PIECE_BODY "<!--dc:body-->\n"
#define PIECE_END "<!--dc:end-->\n"
/* Ends every id; the page replaces it by the piece's number, so that
** pieces of the same name (each -e chain is "<command line>", line 1)
** still have distinct ids.  No spec text can hold it: control
** characters are escaped. */
#define PIECE_NO "\001"

static const char REPLACEMENT[] = "\xEF\xBF\xBD";   /* U+FFFD */

void dc_html_text(struct dc_buf *b, const char *s, size_t n)
{
  size_t i = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    size_t len = dc_utf8_len((const unsigned char *)s + i);
    if (len == 0 || i + len > n ||
        (c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
      dc_buf_puts(b, REPLACEMENT);
      i++;
      continue;
    }
    switch (c) {
    case '&': dc_buf_puts(b, "&amp;"); break;
    case '<': dc_buf_puts(b, "&lt;"); break;
    case '>': dc_buf_puts(b, "&gt;"); break;
    case '"': dc_buf_puts(b, "&quot;"); break;
    case '\'': dc_buf_puts(b, "&#39;"); break;
    default: dc_buf_add(b, s + i, len);
    }
    i += len;
  }
}

static void text(struct dc_buf *b, const char *s)
{
  if (s)
    dc_html_text(b, s, strlen(s));
}

/* An id (and fragment) that names a position and step: letters and
** digits kept, every other byte as _XX, so any path gives a valid,
** distinct id. */
static void put_id(struct dc_buf *b, const char *kind, const char *path,
                   struct dc_pos p, size_t step)
{
  const unsigned char *s = (const unsigned char *)(path ? path : "");
  dc_buf_puts(b, kind);
  for (; *s; s++)
    if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
        (*s >= '0' && *s <= '9'))
      dc_buf_add(b, (const char *)s, 1);
    else
      dc_buf_printf(b, "_%02X", *s);
  if (p.line > 0)
    dc_buf_printf(b, "-%d-%d", p.line, p.col);
  /* A derive block's steps all stand at its derive: expression. */
  if (step)
    dc_buf_printf(b, "-s%zu", step);
  dc_buf_puts(b, PIECE_NO);
}

/* A file name quoted as the text report quotes it (\x01), then escaped. */
static void put_path(struct dc_buf *b, const char *path)
{
  struct dc_buf t;
  dc_buf_init(&t);
  dc_buf_put_printable(&t, path ? path : "", path ? strlen(path) : 0);
  dc_html_text(b, t.s ? t.s : "", t.len);
  if (t.oom)
    b->oom = 1;
  dc_buf_free(&t);
}

static void put_pos(struct dc_buf *b, struct dc_pos p, const char *path)
{
  struct dc_buf t;
  dc_buf_init(&t);
  dc_report_put_pos(&t, p, path);
  dc_html_text(b, t.s ? t.s : "", t.len);
  if (t.oom)
    b->oom = 1;
  dc_buf_free(&t);
}

/* TeX as the text of a math element (inline, or a display). */
static void put_math(struct dc_buf *b, const char *tex, size_t n, int display)
{
  dc_buf_puts(b, display ? "<div class=\"math display\">"
                         : "<span class=\"math\">");
  dc_html_text(b, tex, n);
  dc_buf_puts(b, display ? "</div>\n" : "</span>");
}

/* ---- links ---- */

static const char *mark(const struct dc_link_result *lr)
{
  if (lr->verdict == DC_PASS)
    return lr->proved ? "proved" : "pass";
  return dc_verdict_word(lr->verdict);
}

static void put_side(struct dc_buf *b, const struct dc_element *e)
{
  char *tex = e->expr ? dc_latex_string(e->expr) : NULL;
  if (tex)
    put_math(b, tex, strlen(tex), 0);
  else
    text(b, e->src);
  free(tex);
}

/* The link's plot, when it has one (every failure; others on request). */
static void put_plot(const struct dc_report_opts *o, struct dc_buf *b,
                     const struct link_ref *l)
{
  const struct dc_link_plot *plot = dc_report_plot_of(o, l->res);
  if (plot && plot->svg) {
    dc_buf_puts(b, "<figure class=\"plot\">\n");
    dc_buf_puts(b, plot->svg);
    dc_buf_puts(b, "</figure>\n");
  }
}

/* The message and details of a link that did not pass. */
static void put_problem(struct dc_buf *b, const struct link_ref *l)
{
  struct dc_buf t;

  dc_buf_init(&t);
  dc_report_link_message(&t, l);
  dc_buf_puts(b, "<p class=\"message\">");
  dc_html_text(b, t.s ? t.s : "", t.len);
  dc_buf_puts(b, "</p>\n<pre class=\"details\">");
  t.len = 0;
  dc_report_link_details(&t, l);
  dc_html_text(b, t.s ? t.s : "", t.len);
  dc_buf_puts(b, "</pre>\n");
  if (t.oom)
    b->oom = 1;
  dc_buf_free(&t);
}

static void html_link(const struct dc_report_opts *o, struct dc_buf *b,
                      const struct link_ref *l)
{
  const char *m = mark(l->res);

  dc_buf_printf(b, "<li class=\"link %s\" data-verdict=\"%s\" id=\"", m, m);
  put_id(b, "L", l->spec->path, l->right->pos, l->step);
  dc_buf_printf(b, "\"><span class=\"verdict\">%s</span> <a class=\"pos\" "
                "href=\"#", m);
  put_id(b, "L", l->spec->path, l->right->pos, l->step);
  dc_buf_puts(b, "\">");
  put_pos(b, l->right->pos, l->spec->path);
  dc_buf_printf(b, "</a> step %zu: ", l->step);
  put_side(b, l->left);
  dc_buf_puts(b, l->res->verdict == DC_FAIL ? " \xE2\x89\xA0 " : " = ");
  put_side(b, l->right);
  dc_buf_puts(b, "\n");
  if (l->res->verdict != DC_PASS)
    put_problem(b, l);
  put_plot(o, b, l);
  dc_buf_puts(b, "</li>\n");
}

/* The failure list's item for a link that did not pass. */
static void fail_item(const struct dc_report_opts *o, struct dc_buf *b,
                      const struct link_ref *l)
{
  struct dc_buf t;
  (void)o;
  if (l->res->verdict == DC_PASS)
    return;
  dc_buf_printf(b, "<li class=\"%s\"><a href=\"#",
                dc_verdict_word(l->res->verdict));
  put_id(b, "L", l->spec->path, l->right->pos, l->step);
  dc_buf_puts(b, "\">");
  put_pos(b, l->right->pos, l->spec->path);
  dc_buf_printf(b, "</a> <span class=\"verdict\">%s</span> ",
                dc_verdict_word(l->res->verdict));
  dc_buf_init(&t);
  dc_report_link_message(&t, l);
  dc_html_text(b, t.s ? t.s : "", t.len);
  dc_buf_free(&t);
  dc_buf_puts(b, "</li>\n");
}

/* ---- blocks ---- */

/* Prose as plain text, its $...$ and $$...$$ spans as math; "\$" is a
** dollar sign, as in Markdown. */
static void put_prose(struct dc_buf *b, const char *s)
{
  size_t i = 0, start = 0, n = strlen(s), span;

  dc_buf_puts(b, "<div class=\"text\">");
  while (i < n) {
    if (s[i] == '\\' && s[i + 1] == '$') {
      dc_html_text(b, s + start, i - start);
      start = ++i;
      i++;
    } else if (s[i] == '$' && (span = dc_text_math_span(s + i)) > 0) {
      size_t d = s[i + 1] == '$' ? 2 : 1;
      dc_html_text(b, s + start, i - start);
      put_math(b, s + i + d, span - 2 * d, d == 2);
      i += span;
      start = i;
    } else {
      i++;
    }
  }
  dc_html_text(b, s + start, n - start);
  dc_buf_puts(b, "</div>\n");
}

static void put_display(struct dc_buf *b, const struct dc_block *blk)
{
  char **rows;
  int oom = 0;
  size_t n = dc_math_rows(blk, &rows, &oom);
  struct dc_buf t;

  if (oom)
    b->oom = 1;
  if (n == 0)
    return;
  dc_buf_init(&t);
  if (n == 1)
    dc_buf_puts(&t, rows[0] ? rows[0] : "");
  else
    dc_align_rows(&t, rows, n, "align");   /* as the post numbers them */
  put_math(b, t.s ? t.s : "", t.len, 1);
  dc_buf_free(&t);
  dc_math_rows_free(rows, n);
}

/* Walk the links of one block with fn (as dc_report_each_link does for
** a whole spec). */
static void block_links(const struct dc_report_opts *o, struct dc_buf *b,
                        const struct dc_spec *spec, const struct dc_block *blk,
                        const struct dc_block_result *br, dc_link_fn fn)
{
  size_t c, i;
  for (c = 0; br && br->chains && c < br->nchains && c < blk->nchains; c++)
    for (i = 0; i < br->chains[c].nlinks && i + 1 < blk->chains[c].nelems;
         i++) {
      struct link_ref l;
      l.spec = spec;
      l.left = &blk->chains[c].elems[i];
      l.right = &blk->chains[c].elems[i + 1];
      l.res = &br->chains[c].links[i];
      l.step = i + 2;
      fn(o, b, &l);
    }
}

static void put_block(const struct dc_report_opts *o, struct dc_buf *b,
                      const struct dc_spec *spec, const struct dc_block *blk,
                      const struct dc_block_result *br)
{
  if (blk->kind == DC_BLOCK_TEXT) {
    put_prose(b, blk->text ? blk->text : "");
    return;
  }
  dc_buf_puts(b, "<div class=\"block\">\n");
  put_display(b, blk);
  dc_buf_puts(b, "<ol class=\"links\">\n");
  block_links(o, b, spec, blk, br, html_link);
  dc_buf_puts(b, "</ol>\n</div>\n");
}

/* ---- what a post left unread ---- */

/* The line a block starts at in its file (0 when unknown). */
static int block_line(const struct dc_block *blk)
{
  if (blk->kind == DC_BLOCK_CHAINS && blk->nchains &&
      blk->chains[0].nelems)
    return blk->chains[0].elems[0].pos.line;
  if (blk->kind == DC_BLOCK_DERIVE)
    return blk->derive.pos.line;
  return blk->kind == DC_BLOCK_TEXT && blk->text_pos.line ? blk->text_pos.line
                                                          : blk->pos.line;
}

/* The excerpt of the post under a skip: the source line and a caret, as
** the text report shows it (the diagnostic's first line dropped). */
static void put_excerpt(struct dc_buf *b, const struct dc_skip *k)
{
  struct dc_diags d;
  struct dc_buf t;
  const char *nl;

  dc_diags_init(&d);
  dc_note(&d, k->pos, "skipped");
  dc_buf_init(&t);
  dc_format_diags(&t, &d, 0);
  nl = t.s ? memchr(t.s, '\n', t.len) : NULL;
  if (nl && (size_t)(nl + 1 - t.s) < t.len) {
    dc_buf_puts(b, "<pre class=\"excerpt\">");
    dc_html_text(b, nl + 1, t.len - (size_t)(nl + 1 - t.s));
    dc_buf_puts(b, "</pre>\n");
  }
  if (t.oom || d.oom)
    b->oom = 1;
  dc_buf_free(&t);
  dc_diags_free(&d);
}

/* One skip: marked "skipped", with its position, the links it leaves
** unchecked and the reason. */
static void put_skip(struct dc_buf *b, const struct dc_spec *spec,
                     const struct dc_skip *k)
{
  dc_buf_puts(b, "<div class=\"skip\" data-verdict=\"skipped\" id=\"");
  put_id(b, "K", spec->path, k->pos, 0);
  dc_buf_puts(b, "\"><span class=\"verdict\">skipped</span> <a class=\"pos\" "
              "href=\"#");
  put_id(b, "K", spec->path, k->pos, 0);
  dc_buf_puts(b, "\">");
  put_pos(b, k->pos, spec->path);
  dc_buf_printf(b, "</a> <span class=\"skip-links\" data-links=\"%zu\">",
                k->links);
  if (k->links)
    dc_buf_printf(b, "%zu %s not checked", k->links,
                  k->links == 1 ? "link" : "links");
  else
    dc_buf_puts(b, "not read");   /* a display that holds no chain */
  dc_buf_puts(b, "</span>: ");
  text(b, k->reason);
  dc_buf_puts(b, "\n");
  put_excerpt(b, k);
  dc_buf_puts(b, "</div>\n");
}

/* The skips before line `before` (every one left when before is 0, or
** negative: none) from *next on. */
static void put_skips_before(const struct dc_report_opts *o, struct dc_buf *b,
                             const struct dc_spec *spec, int before,
                             size_t *next)
{
  const struct dc_skips *sk = o->skips;
  for (; sk && *next < sk->n; ++*next) {
    const struct dc_skip *k = &sk->v[*next];
    if (before < 0 || (before > 0 && k->pos.line >= before))
      return;
    put_skip(b, spec, k);
  }
}

static const struct dc_block_result *result_of(const struct dc_spec_result *r,
                                               size_t s, size_t k)
{
  return r && r->blocks && r->blocks[s] ? &r->blocks[s][k] : NULL;
}

void dc_html_spec(const struct dc_report_opts *o, struct dc_buf *b,
                  const struct dc_spec *spec,
                  const struct dc_check_params *params,
                  const struct dc_spec_result *res)
{
  struct dc_buf t;
  size_t s, k, next_skip = 0;

  dc_report_each_link(o, b, spec, res, fail_item);
  dc_buf_puts(b, PIECE_BODY "<section class=\"spec\" id=\"");
  put_id(b, "S", spec->path, (struct dc_pos){ NULL, 0, 0 }, 0);
  dc_buf_puts(b, "\">\n<h2 class=\"file\">");
  put_path(b, spec->path);
  dc_buf_puts(b, "</h2>\n<p class=\"spec-summary\">");
  dc_buf_init(&t);
  dc_report_text_summary(&t, spec, params, res);
  dc_html_text(b, t.s ? t.s : "", t.len);
  dc_buf_free(&t);
  dc_buf_puts(b, "</p>\n");
  if (spec->title) {
    dc_buf_puts(b, "<p class=\"post-title\">");
    text(b, spec->title);
    dc_buf_puts(b, "</p>\n");
  }
  for (s = 0; s < spec->nsections; s++) {
    const struct dc_section *sec = &spec->sections[s];
    if (sec->title) {
      dc_buf_puts(b, "<h3>");
      text(b, sec->title);
      dc_buf_puts(b, "</h3>\n");
    }
    for (k = 0; k < sec->nblocks; k++) {
      /* A skip goes before the first block below it in the post. */
      int line = block_line(&sec->blocks[k]);
      put_skips_before(o, b, spec, line > 0 ? line : -1, &next_skip);
      put_block(o, b, spec, &sec->blocks[k], result_of(res, s, k));
    }
  }
  put_skips_before(o, b, spec, 0, &next_skip);
  dc_buf_puts(b, "</section>\n" PIECE_END);
}

void dc_html_broken(const struct dc_report_opts *o, struct dc_buf *b,
                    const char *path, const struct dc_diags *diags,
                    const char *error)
{
  struct dc_buf t;
  (void)o;
  dc_buf_puts(b, "<li class=\"invalid\"><a href=\"#");
  put_id(b, "S", path, (struct dc_pos){ NULL, 0, 0 }, 0);
  dc_buf_puts(b, "\">");
  put_path(b, path);
  dc_buf_puts(b, "</a> <span class=\"verdict\">invalid</span> ");
  text(b, error);
  dc_buf_puts(b, "</li>\n" PIECE_BODY "<section class=\"spec invalid\" "
              "id=\"");
  put_id(b, "S", path, (struct dc_pos){ NULL, 0, 0 }, 0);
  dc_buf_puts(b, "\">\n<h2 class=\"file\">");
  put_path(b, path);
  dc_buf_puts(b, "</h2>\n<p class=\"spec-summary\">");
  text(b, error);
  dc_buf_puts(b, "</p>\n");
  if (diags && diags->n) {
    dc_buf_init(&t);
    dc_format_diags(&t, diags, 0);
    dc_buf_puts(b, "<pre class=\"diagnostics\">");
    dc_html_text(b, t.s ? t.s : "", t.len);
    dc_buf_puts(b, "</pre>\n");
    dc_buf_free(&t);
  }
  dc_buf_puts(b, "</section>\n" PIECE_END);
}
