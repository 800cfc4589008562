/*
** prose.c: Markdown prose as LaTeX through cmark (see prose.h).
**
** Math spans are replaced by placeholders made of letters and digits only
** (PREFIX 12 Q), which CommonMark leaves alone in every inline context, and
** the prefix is lengthened until it occurs nowhere in the text, so a
** placeholder cannot be confused with prose.  Code spans are skipped when
** looking for math: `$x$` is code.
*/
#include <stdlib.h>
#include <string.h>
#include <cmark.h>
#include "emit/document.h"
#include "emit/prose.h"

/* ---- Unicode ---- */

struct ucmd {
  unsigned long cp;
  const char *cmd;
};

/* Sorted by code point.  Greek follows unicode-math: U+03B5 is
** \varepsilon, U+03F5 \epsilon; Greek capitals that look Latin are set
** as the Latin letter. */
static const struct ucmd ucmds[] = {
  { 0x00AC, "\\neg" }, { 0x00B0, "^{\\circ}" }, { 0x00B1, "\\pm" },
  { 0x00B2, "^{2}" }, { 0x00B3, "^{3}" }, { 0x00B7, "\\cdot" },
  { 0x00B9, "^{1}" }, { 0x00D7, "\\times" }, { 0x00F7, "\\div" },
  { 0x0391, "\\mathrm{A}" }, { 0x0392, "\\mathrm{B}" },
  { 0x0393, "\\Gamma" }, { 0x0394, "\\Delta" }, { 0x0395, "\\mathrm{E}" },
  { 0x0396, "\\mathrm{Z}" }, { 0x0397, "\\mathrm{H}" },
  { 0x0398, "\\Theta" }, { 0x0399, "\\mathrm{I}" },
  { 0x039A, "\\mathrm{K}" }, { 0x039B, "\\Lambda" },
  { 0x039C, "\\mathrm{M}" }, { 0x039D, "\\mathrm{N}" }, { 0x039E, "\\Xi" },
  { 0x039F, "\\mathrm{O}" }, { 0x03A0, "\\Pi" }, { 0x03A1, "\\mathrm{P}" },
  { 0x03A3, "\\Sigma" }, { 0x03A4, "\\mathrm{T}" }, { 0x03A5, "\\Upsilon" },
  { 0x03A6, "\\Phi" }, { 0x03A7, "\\mathrm{X}" }, { 0x03A8, "\\Psi" },
  { 0x03A9, "\\Omega" },
  { 0x03B1, "\\alpha" }, { 0x03B2, "\\beta" }, { 0x03B3, "\\gamma" },
  { 0x03B4, "\\delta" }, { 0x03B5, "\\varepsilon" }, { 0x03B6, "\\zeta" },
  { 0x03B7, "\\eta" }, { 0x03B8, "\\theta" }, { 0x03B9, "\\iota" },
  { 0x03BA, "\\kappa" }, { 0x03BB, "\\lambda" }, { 0x03BC, "\\mu" },
  { 0x03BD, "\\nu" }, { 0x03BE, "\\xi" }, { 0x03BF, "o" },
  { 0x03C0, "\\pi" }, { 0x03C1, "\\rho" }, { 0x03C2, "\\varsigma" },
  { 0x03C3, "\\sigma" }, { 0x03C4, "\\tau" }, { 0x03C5, "\\upsilon" },
  { 0x03C6, "\\varphi" }, { 0x03C7, "\\chi" }, { 0x03C8, "\\psi" },
  { 0x03C9, "\\omega" }, { 0x03D1, "\\vartheta" }, { 0x03D5, "\\phi" },
  { 0x03D6, "\\varpi" }, { 0x03F1, "\\varrho" }, { 0x03F5, "\\epsilon" },
  { 0x2032, "{}^{\\prime}" }, { 0x2102, "\\mathbb{C}" },
  { 0x2113, "\\ell" }, { 0x2115, "\\mathbb{N}" }, { 0x211A, "\\mathbb{Q}" },
  { 0x211D, "\\mathbb{R}" }, { 0x2124, "\\mathbb{Z}" },
  { 0x2190, "\\leftarrow" }, { 0x2192, "\\to" },
  { 0x2194, "\\leftrightarrow" }, { 0x21A6, "\\mapsto" },
  { 0x21D0, "\\Leftarrow" }, { 0x21D2, "\\Rightarrow" },
  { 0x21D4, "\\Leftrightarrow" },
  { 0x2200, "\\forall" }, { 0x2202, "\\partial" }, { 0x2203, "\\exists" },
  { 0x2205, "\\emptyset" }, { 0x2207, "\\nabla" }, { 0x2208, "\\in" },
  { 0x2209, "\\notin" }, { 0x220F, "\\prod" }, { 0x2211, "\\sum" },
  { 0x2212, "-" }, { 0x2217, "\\ast" }, { 0x2218, "\\circ" },
  { 0x221A, "\\surd" }, { 0x221D, "\\propto" }, { 0x221E, "\\infty" },
  { 0x2225, "\\parallel" }, { 0x2227, "\\wedge" }, { 0x2228, "\\vee" },
  { 0x2229, "\\cap" }, { 0x222A, "\\cup" }, { 0x222B, "\\int" },
  { 0x223C, "\\sim" }, { 0x2248, "\\approx" }, { 0x2260, "\\neq" },
  { 0x2261, "\\equiv" }, { 0x2264, "\\leq" }, { 0x2265, "\\geq" },
  { 0x226A, "\\ll" }, { 0x226B, "\\gg" }, { 0x2282, "\\subset" },
  { 0x2283, "\\supset" }, { 0x2286, "\\subseteq" }, { 0x2287, "\\supseteq" },
  { 0x2295, "\\oplus" }, { 0x2297, "\\otimes" }, { 0x2299, "\\odot" },
  { 0x22A4, "\\top" }, { 0x22A5, "\\perp" }, { 0x22C5, "\\cdot" },
  { 0x27E8, "\\langle" }, { 0x27E9, "\\rangle" },
};

const char *dc_unicode_command(unsigned long cp)
{
  size_t lo = 0, hi = sizeof ucmds / sizeof ucmds[0];

  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (ucmds[mid].cp == cp)
      return ucmds[mid].cmd;
    if (ucmds[mid].cp < cp)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

/* inputenc's utf8 with T1 and TS1 (textcomp) declares Latin-1, Latin
** Extended-A and these punctuation marks. */
int dc_unicode_settable(unsigned long cp)
{
  static const unsigned long punct[] = {
    0x2013, 0x2014, 0x2018, 0x2019, 0x201A, 0x201C, 0x201D, 0x201E, 0x2020,
    0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203A, 0x20AC, 0x2122
  };
  size_t i;

  if (cp < 0x80 || (cp >= 0xA0 && cp <= 0x17F))
    return 1;
  for (i = 0; i < sizeof punct / sizeof punct[0]; i++)
    if (punct[i] == cp)
      return 1;
  return 0;
}

/* The code point at s (n > 0 bytes left; the text is valid UTF-8, the
** loader checked) and its length in *len. */
static unsigned long utf8_at(const char *s, size_t n, size_t *len)
{
  const unsigned char *u = (const unsigned char *)s;
  size_t k, i;
  unsigned long cp;

  if (u[0] < 0x80) {
    *len = 1;
    return u[0];
  }
  k = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : 2;
  if (k > n)
    k = n;
  cp = u[0] & (0x7Fu >> k);
  for (i = 1; i < k; i++)
    cp = (cp << 6) | (u[i] & 0x3Fu);
  *len = k;
  return cp;
}

void dc_latex_unicode(struct dc_buf *b, const char *s, size_t n)
{
  static const char vb[] = "\\begin{verbatim}", ve[] = "\\end{verbatim}";
  size_t i = 0, k;

  while (i < n) {
    const char *cmd;
    unsigned long cp;
    if (s[i] == '\\' && n - i >= sizeof vb - 1 &&
        memcmp(s + i, vb, sizeof vb - 1) == 0) {
      const char *end = strstr(s + i, ve);   /* s is NUL-terminated */
      k = end ? (size_t)(end - (s + i)) : n - i;
      dc_buf_add(b, s + i, k);
      i += k;
      if (end) {
        dc_buf_add(b, ve, sizeof ve - 1);
        i += sizeof ve - 1;
      }
      continue;
    }
    cp = utf8_at(s + i, n - i, &k);
    cmd = cp >= 0x80 ? dc_unicode_command(cp) : NULL;
    if (cmd)
      dc_buf_printf(b, "\\ensuremath{%s}", cmd);
    else
      dc_buf_add(b, s + i, k);
    i += k;
  }
}

/* Warn once per character of text that pdflatex cannot set and that has
** no command. */
static void report_unsettable(const char *text, size_t len,
                              const struct dc_srcmap *m,
                              struct dc_diags *diags)
{
  unsigned long seen[16];
  size_t nseen = 0, i = 0, k, j;

  while (i < len && diags) {
    unsigned long cp = utf8_at(text + i, len - i, &k);
    int dup = 0;
    if (!dc_unicode_settable(cp) && !dc_unicode_command(cp)) {
      for (j = 0; j < nseen; j++)
        dup |= seen[j] == cp;
      if (!dup) {
        struct dc_pos pos = m ? dc_srcmap_pos(m, text, len, i)
                              : (struct dc_pos){ NULL, 0, 0 };
        dc_warning(diags, pos, "pdflatex cannot typeset '%.*s' (U+%04lX) "
                   "in this text: compile the LaTeX with lualatex, or write "
                   "it as $\\command$", (int)k, text + i, cp);
        if (nseen < sizeof seen / sizeof seen[0])
          seen[nseen++] = cp;
      }
    }
    i += k;
  }
}

/* ---- math spans ---- */

struct spans {
  const char **s;               /* into the text */
  size_t *n;
  size_t count, cap;
  int oom;
};

static size_t add_span(struct spans *sp, const char *s, size_t n)
{
  if (sp->count == sp->cap) {
    size_t cap = sp->cap ? 2 * sp->cap : 8;
    const char **ns = realloc(sp->s, cap * sizeof *ns);
    size_t *nn = ns ? realloc(sp->n, cap * sizeof *nn) : NULL;
    if (ns)
      sp->s = ns;
    if (!ns || !nn) {
      sp->oom = 1;
      return 0;
    }
    sp->n = nn;
    sp->cap = cap;
  }
  sp->s[sp->count] = s;
  sp->n[sp->count] = n;
  return sp->count++;
}

/* The length of the code span at s (a run of backticks and everything up
** to a closing run of the same length), or of the run alone when it does
** not close (CommonMark: then the backticks are literal). */
static size_t code_span(const char *s)
{
  size_t run = 0, i, r;

  while (s[run] == '`')
    run++;
  for (i = run; s[i]; i += r ? r : 1) {
    for (r = 0; s[i + r] == '`'; r++)
      ;
    if (r == run)
      return i + r;
  }
  return run;
}

/* text with every math span replaced by prefix N Q. */
static void protect_math(struct dc_buf *out, const char *text,
                         const char *prefix, struct spans *sp)
{
  size_t i = 0, m;

  while (text[i]) {
    if (text[i] == '\\' && text[i + 1]) {
      m = 2;                   /* a Markdown escape: \$ is a dollar */
    } else if (text[i] == '`') {
      m = code_span(text + i);
    } else if (text[i] == '$' && (m = dc_text_math_span(text + i)) > 0) {
      dc_buf_printf(out, "%s%zuQ", prefix, add_span(sp, text + i, m));
      i += m;
      continue;
    } else {
      m = 1;
    }
    dc_buf_add(out, text + i, m);
    i += m;
  }
}

/* A math span as LaTeX: $...$ as written, $$...$$ as \[...\]. */
static void put_math(struct dc_buf *b, const char *s, size_t n)
{
  if (n >= 4 && s[1] == '$') {
    dc_buf_puts(b, "\\[");
    dc_buf_add(b, s + 2, n - 4);
    dc_buf_puts(b, "\\]");
  } else {
    dc_buf_add(b, s, n);
  }
}

/* cmark's output with the placeholders replaced by their math. */
static void restore_math(struct dc_buf *b, const char *s, const char *prefix,
                         const struct spans *sp)
{
  size_t plen = strlen(prefix);
  const char *p;

  while ((p = strstr(s, prefix)) != NULL) {
    char *end;
    unsigned long k = strtoul(p + plen, &end, 10);
    dc_buf_add(b, s, (size_t)(p - s));
    if (end > p + plen && *end == 'Q' && k < sp->count) {
      put_math(b, sp->s[k], sp->n[k]);
      s = end + 1;
    } else {
      dc_buf_add(b, p, plen);
      s = p + plen;
    }
  }
  dc_buf_puts(b, s);
}

/* cmark writes a caret as \^{}, the circumflex accent, which sets a small
** raised hat (worst in \texttt code); \textasciicircum{} is the character.
** Math is still set aside here, so only prose is touched. */
static char *fix_caret(char *tex)
{
  static const char acc[] = "\\^{}", chr[] = "\\textasciicircum{}";
  struct dc_buf b;
  const char *s = tex, *p;

  if (!strstr(tex, acc))
    return tex;
  dc_buf_init(&b);
  while ((p = strstr(s, acc)) != NULL) {
    dc_buf_add(&b, s, (size_t)(p - s));
    dc_buf_puts(&b, chr);
    s = p + sizeof acc - 1;
  }
  dc_buf_puts(&b, s);
  free(tex);
  if (b.oom) {
    dc_buf_free(&b);
    return NULL;
  }
  return b.s;
}

/* A placeholder prefix that does not occur in text. */
static void choose_prefix(struct dc_buf *prefix, const char *text)
{
  dc_buf_puts(prefix, "DCMATH");
  while (prefix->s && strstr(text, prefix->s))
    dc_buf_puts(prefix, "X");
}

/* ---- cmark ---- */

/* The LaTeX of Markdown md (NUL-terminated), malloc'd, or NULL. */
static char *cmark_latex(const char *md, size_t len)
{
  /* Smart punctuation: "x" -> ``x'', -- -> en dash, as a typist would. */
  int opts = CMARK_OPT_SMART;
  cmark_node *doc = cmark_parse_document(md, len, opts);
  char *tex, *copy;

  if (!doc)
    return NULL;
  tex = cmark_render_latex(doc, opts, 0);
  cmark_node_free(doc);
  if (!tex)
    return NULL;
  /* cmark allocates with its own allocator: hand back a malloc'd copy. */
  copy = strdup(tex);
  cmark_get_default_mem_allocator()->free(tex);
  return copy ? fix_caret(copy) : NULL;
}

void dc_prose_latex(struct dc_buf *b, const char *text, size_t len,
                    const struct dc_srcmap *m, struct dc_diags *diags)
{
  struct dc_buf src, md, prefix, tex;
  struct spans sp = { NULL, NULL, 0, 0, 0 };
  char *out = NULL;
  size_t n;

  dc_buf_init(&src);
  dc_buf_init(&md);
  dc_buf_init(&prefix);
  dc_buf_init(&tex);
  dc_buf_add(&src, text, len);           /* NUL-terminated */
  dc_buf_add(&md, "", 0);
  if (src.s) {
    report_unsettable(src.s, len, m, diags);
    choose_prefix(&prefix, src.s);
    if (prefix.s)
      protect_math(&md, src.s, prefix.s, &sp);
  }
  if (!src.oom && !md.oom && !prefix.oom && !sp.oom && md.s)
    out = cmark_latex(md.s, md.len);
  if (out) {
    restore_math(&tex, out, prefix.s, &sp);
    n = tex.s ? tex.len : 0;
    while (n && (tex.s[n - 1] == '\n' || tex.s[n - 1] == ' '))
      n--;                             /* the caller ends the paragraph */
    if (tex.s)
      dc_latex_unicode(b, tex.s, n);
  }
  if (!out || tex.oom)
    b->oom = 1;
  free(out);
  free(sp.s);
  free(sp.n);
  dc_buf_free(&src);
  dc_buf_free(&md);
  dc_buf_free(&prefix);
  dc_buf_free(&tex);
}
