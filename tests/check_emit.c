/*
** check_emit.c: the documents (emit/document.h) and safe output
** (emit/output.h): exact Markdown and LaTeX of a small spec (plain displays
** against align blocks, several chains in a block, continuation lines),
** escaping of titles and text, the JSON writer (well-formed, every field,
** escapes, expressions that parse again), writing files (success, rename
** semantics, errors that leave nothing behind), and the reference check:
** the Markdown of specs/bce.yaml holds the 27 display lines of the
** reference post, compared as TeX token sequences as postmath-diff does.
*/
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include "emit/document.h"
#include "emit/prose.h"
#include "emit/output.h"
#include "expr/plain.h"
#include "expr/node.h"
#include "parser/parse.h"
#include "parser/spec.h"
#include "verify/check.h"
#include "tests/testutil.h"

static struct dc_ctx *ctx;

static void setup(void)
{
  ctx = dc_ctx_new();
  ck_assert_ptr_nonnull(ctx);
}

static void teardown(void)
{
  dc_ctx_free(ctx);
}

static struct dc_spec *load(const char *yaml)
{
  struct dc_diags d;
  struct dc_spec *s;

  dc_diags_init(&d);
  s = dc_spec_load_buffer(ctx, "test.yaml", yaml, strlen(yaml), &d);
  if (!s)
    ck_abort_msg("spec does not load: %s", d.n ? d.v[0].msg : "?");
  dc_diags_free(&d);
  return s;
}

/* The whole document of one spec, malloc'd. */
static char *document(enum dc_emit_format f, const struct dc_spec *s)
{
  struct dc_buf b;

  dc_buf_init(&b);
  dc_doc_begin(&b, f, s->title);
  dc_doc_spec(&b, f, s);
  dc_doc_end(&b, f);
  ck_assert(!b.oom);
  return b.s;
}

/* ---- document goldens ---- */

static const char small_spec[] =
  "title: \"Small: a test\"\n"
  "sections:\n"
  "  - title: First_part *one*\n"
  "    blocks:\n"
  "      - text: \"Some $a_1$ prose with 100% & #1.\"\n"
  "      - chains:\n"
  "          - \"a + b = b + a\"\n"
  "      - chains:\n"
  "          - - \"a + b = b + a\"\n"
  "            - \"a + b\"\n"
  "          - \"c = c\"\n"
  "  - title: Second\n"
  "    blocks:\n"
  "      - chains:\n"
  "          - \"a = a\"\n"
  "          - - \"b\"\n"
  "            - \"b\"\n";

START_TEST(markdown_golden)
{
  char *md = document(DC_EMIT_MARKDOWN, load(small_spec));
  ck_assert_str_eq(md,
    "---\n"
    "layout: post\n"
    "title: \"Small: a test\"\n"
    "mathjax: true\n"
    "---\n"
    "\n"
    "## First\\_part \\*one\\*\n"
    "\n"
    "Some $a_1$ prose with 100% & #1.\n"
    "\n"
    "$$\n"
    "a + b = b + a\n"
    "$$\n"
    "\n"
    "$$\n"
    "\\begin{align}\n"
    "a + b & = b + a \\\\\n"
    "& = a + b \\\\\n"
    "c & = c\n"
    "\\end{align}\n"
    "$$\n"
    "\n"
    "## Second\n"
    "\n"
    "$$\n"
    "\\begin{align}\n"
    "a & = a \\\\\n"
    "b \\\\\n"
    "& = b\n"
    "\\end{align}\n"
    "$$\n");
  free(md);
}
END_TEST

/* The preamble of every LaTeX document (issue 11): UTF-8 and T1 fonts for
** pdflatex, the AMS packages, hyperref for links, unnumbered headings. */
#define LATEX_PREAMBLE \
  "\\documentclass{article}\n" \
  "\\usepackage{iftex}\n" \
  "\\ifPDFTeX\n" \
  "\\usepackage[utf8]{inputenc}\n" \
  "\\usepackage[T1]{fontenc}\n" \
  "\\usepackage{lmodern}\n" \
  "\\fi\n" \
  "\\usepackage{amsmath}\n" \
  "\\usepackage{amssymb}\n" \
  "\\usepackage{graphicx}\n" \
  "\\usepackage[hidelinks]{hyperref}\n" \
  "\\setcounter{secnumdepth}{0}\n"

/* Displays unnumbered: \[ \] and align*; prose through cmark. */
START_TEST(latex_golden)
{
  char *tex = document(DC_EMIT_LATEX, load(small_spec));
  ck_assert_str_eq(tex,
    LATEX_PREAMBLE
    "\\title{Small: a test}\n"
    "\\date{}\n"
    "\\begin{document}\n"
    "\\maketitle\n"
    "\n"
    "\\section*{First\\_part *one*}\n"
    "\n"
    "Some $a_1$ prose with 100\\% \\& \\#1.\n"
    "\\[\n"
    "a + b = b + a\n"
    "\\]\n"
    "\\begin{align*}\n"
    "a + b & = b + a \\\\\n"
    "& = a + b \\\\\n"
    "c & = c\n"
    "\\end{align*}\n"
    "\n"
    "\\section*{Second}\n"
    "\\begin{align*}\n"
    "a & = a \\\\\n"
    "b \\\\\n"
    "& = b\n"
    "\\end{align*}\n"
    "\n"
    "\\end{document}\n");
  free(tex);
}
END_TEST

/* latex: {number: true}: equation and align, numbered by LaTeX; the
** Markdown post is the same with or without it. */
START_TEST(latex_numbered)
{
  struct dc_spec *s = load(
    "latex: {number: true}\n"
    "sections:\n"
    "  - blocks:\n"
    "      - chains: [\"a = a\"]\n"
    "      - chains: [[\"b = b\", \"b\"]]\n");
  char *tex = document(DC_EMIT_LATEX, s);
  char *md = document(DC_EMIT_MARKDOWN, s);

  ck_assert_str_eq(tex, LATEX_PREAMBLE
    "\\begin{document}\n"
    "\\begin{equation}\na = a\n\\end{equation}\n"
    "\\begin{align}\nb & = b \\\\\n& = b\n\\end{align}\n"
    "\n\\end{document}\n");
  ck_assert_str_eq(md, "---\nlayout: post\nmathjax: true\n---\n\n"
    "$$\na = a\n$$\n\n"
    "$$\n\\begin{align}\nb & = b \\\\\n& = b\n\\end{align}\n$$\n");
  free(tex);
  free(md);
}
END_TEST

/* No title: no title line, no \maketitle; a section without a title has
** no heading; a block scalar's trailing newline is not doubled. */
START_TEST(untitled_documents)
{
  struct dc_spec *s = load(
    "sections:\n"
    "  - blocks:\n"
    "      - text: |\n"
    "          Line one\n"
    "          line two\n"
    "      - chains:\n"
    "          - \"x = x = x\"\n");
  char *md = document(DC_EMIT_MARKDOWN, s);
  char *tex = document(DC_EMIT_LATEX, s);

  ck_assert_str_eq(md, "---\nlayout: post\nmathjax: true\n---\n\n"
                   "Line one\nline two\n\n$$\nx = x = x\n$$\n");
  ck_assert_str_eq(tex, LATEX_PREAMBLE
                   "\\begin{document}\n\nLine one\nline two\n"
                   "\\[\nx = x = x\n\\]\n\n\\end{document}\n");
  free(md);
  free(tex);
}
END_TEST

/* A derive block whose steps were not generated shows its expression. */
START_TEST(derive_block_rows)
{
  struct dc_block blk;
  struct dc_diags d;
  char **rows;
  int oom = 0;
  size_t n;

  memset(&blk, 0, sizeof blk);
  dc_diags_init(&d);
  blk.kind = DC_BLOCK_DERIVE;
  blk.derive.expr = dc_parse_expr(ctx, "a + b", 5, NULL, &d);
  ck_assert_ptr_nonnull(blk.derive.expr);
  n = dc_math_rows(&blk, &rows, &oom);
  ck_assert_uint_eq(n, 1);
  ck_assert_int_eq(oom, 0);
  ck_assert_str_eq(rows[0], "a + b");
  dc_math_rows_free(rows, n);
  blk.kind = DC_BLOCK_TEXT;
  ck_assert_uint_eq(dc_math_rows(&blk, &rows, &oom), 0);
  dc_diags_free(&d);
}
END_TEST

/* ---- escaping ---- */

struct esc_case { const char *in, *out; };

static const struct esc_case latex_text_cases[] = {
  { "a_b", "a\\_b" },
  { "50% & #1", "50\\% \\& \\#1" },
  { "cost $5", "cost \\$5" },
  { "$x_1$ and y_1", "$x_1$ and y\\_1" },
  { "$$a_b$$ c_d", "$$a_b$$ c\\_d" },
  { "a\\b", "a\\textbackslash{}b" },
  { "\\*not bold\\*", "*not bold*" },
  { "\\$5 and \\_", "\\$5 and \\_" },
  { "{~^}", "\\{\\textasciitilde{}\\textasciicircum{}\\}" },
  { "a < b | c", "a \\textless{} b \\textbar{} c" },
  { "$\\$$ ok", "$\\$$ ok" },
  { "plain words", "plain words" },
};

START_TEST(latex_escape)
{
  const struct esc_case *c = &latex_text_cases[_i];
  struct dc_buf b;

  dc_buf_init(&b);
  dc_latex_escape_text(&b, c->in);
  ck_assert_str_eq(b.s ? b.s : "", c->out);
  dc_buf_free(&b);
}
END_TEST

/* Prose through cmark (issue 11): Markdown becomes LaTeX markup, math is
** kept as written, letters pdflatex lacks become commands. */
static const struct esc_case prose_cases[] = {
  { "**strong** and *em*", "\\textbf{strong} and \\emph{em}" },
  { "[a link](https://example.org/x)",
    "\\href{https://example.org/x}{a link}" },
  { "`c_d`", "\\texttt{c\\_d}" },
  { "`x^2` and 2^3", "\\texttt{x\\textasciicircum{}2} and 2\\textasciicircum{}3" },
  { "- one\n- two", "\\begin{itemize}\n\\item one\n\n\\item two\n\n"
    "\\end{itemize}" },
  { "first\n\nsecond", "first\n\nsecond" },
  { "$a_1 * b_2$ and $c^*$", "$a_1 * b_2$ and $c^*$" },
  { "*$x_1$* here", "\\emph{$x_1$} here" },
  { "`$x$` is code", "\\texttt{\\$x\\$} is code" },
  { "$$\\frac{a}{b}$$", "\\[\\frac{a}{b}\\]" },
  { "50% & #1_b", "50\\% \\& \\#1\\_b" },
  { "costs \\$5", "costs \\$5" },
  { "a lone $ sign", "a lone \\$ sign" },
  { "DCMATH0Q and $x$", "DCMATH0Q and $x$" },
  { "\"quoted\"", "``quoted''" },
  { "σ(z) \u2264 1 and $\u03b1 + 1$",
    "\\ensuremath{\\sigma}(z) \\ensuremath{\\leq} 1 and "
    "$\\ensuremath{\\alpha} + 1$" },
  { "na\u00efve caf\u00e9", "na\u00efve caf\u00e9" },
};

START_TEST(prose_latex)
{
  const struct esc_case *c = &prose_cases[_i];
  struct dc_buf b;

  dc_buf_init(&b);
  dc_prose_latex(&b, c->in, strlen(c->in), NULL, NULL);
  ck_assert(!b.oom);
  ck_assert_str_eq(b.s ? b.s : "", c->out);
  dc_buf_free(&b);
}
END_TEST

/* A character pdflatex cannot set and that has no command is reported
** once, at its line and column in the spec; the document keeps it. */
START_TEST(prose_unsettable_warning)
{
  struct dc_spec *s = load(
    "sections:\n"
    "  - blocks:\n"
    "      - text: |\n"
    "          Snow:\n"
    "          a \u2603 and \u2603 and \u03c3\n"
    "      - chains: [\"x = x\"]\n");
  struct dc_diags d;
  struct dc_buf b;

  dc_diags_init(&d);
  dc_buf_init(&b);
  dc_doc_spec_diags(&b, DC_EMIT_LATEX, s, &d);
  ck_assert_uint_eq(d.n, 1);
  ck_assert_int_eq(d.v[0].sev, DC_SEV_WARNING);
  ck_assert_int_eq(d.v[0].pos.line, 5);
  ck_assert_int_eq(d.v[0].pos.col, 13);
  ck_assert_ptr_nonnull(strstr(d.v[0].msg, "U+2603"));
  ck_assert_ptr_nonnull(strstr(b.s, "a \u2603 and \u2603 and "
                               "\\ensuremath{\\sigma}"));
  dc_buf_free(&b);
  dc_diags_free(&d);
  /* The Markdown post passes prose through: no warning there. */
  dc_diags_init(&d);
  dc_buf_init(&b);
  dc_doc_spec_diags(&b, DC_EMIT_MARKDOWN, s, &d);
  ck_assert_uint_eq(d.n, 0);
  ck_assert_ptr_nonnull(strstr(b.s, "a \u2603 and \u2603 and \u03c3"));
  dc_buf_free(&b);
  dc_diags_free(&d);
}
END_TEST

static const struct esc_case md_title_cases[] = {
  { "a_b*c", "a\\_b\\*c" },
  { "#1 [x] <y> `z`", "\\#1 \\[x\\] \\<y\\> \\`z\\`" },
  { "$a_1$ and x_1", "\\$a\\_1\\$ and x\\_1" },
  { "$<img src=x onerror=alert(1)>$", "\\$\\<img src=x onerror=alert(1)\\>\\$" },
  { "$$ \\input{x} $$", "\\$\\$ \\\\input{x} \\$\\$" },
  { "back\\slash", "back\\\\slash" },
  { "two\nlines", "two lines" },
  { "50% & $", "50% \\& \\$" },
  { "The Derivative of Sigmoid Function",
    "The Derivative of Sigmoid Function" },
};

START_TEST(markdown_title_escape)
{
  const struct esc_case *c = &md_title_cases[_i];
  struct dc_buf b;

  dc_buf_init(&b);
  dc_md_escape_title(&b, c->in);
  ck_assert_str_eq(b.s ? b.s : "", c->out);
  dc_buf_free(&b);
}
END_TEST

static const struct esc_case yaml_cases[] = {
  { "Deep learning -- Math for Backpropagation",
    "Deep learning -- Math for Backpropagation" },
  { "Small: a test", "\"Small: a test\"" },
  { "yes", "\"yes\"" },
  { "Null", "\"Null\"" },
  { "2025 review", "\"2025 review\"" },
  { "- dash", "\"- dash\"" },
  { "a # b", "\"a # b\"" },
  { "ends:", "\"ends:\"" },
  { "say \"hi\"", "say \"hi\"" },
  { "*bold*", "\"*bold*\"" },
  { "tab\there", "\"tab\\there\"" },
  { "back\\slash: \"q\"", "\"back\\\\slash: \\\"q\\\"\"" },
  { "", "\"\"" },
};

START_TEST(yaml_title)
{
  const struct esc_case *c = &yaml_cases[_i];
  struct dc_buf b;

  dc_buf_init(&b);
  dc_md_yaml_scalar(&b, c->in);
  ck_assert_str_eq(b.s ? b.s : "", c->out);
  dc_buf_free(&b);
}
END_TEST

/* ---- JSON ---- */

/* A small JSON validator: returns the end of the value at p, or NULL. */
static const char *json_value(const char *p);

static const char *json_ws(const char *p)
{
  while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
    p++;
  return p;
}

static const char *json_string(const char *p)
{
  if (*p++ != '"')
    return NULL;
  while (*p != '"') {
    if ((unsigned char)*p < 0x20)
      return NULL;
    if (*p == '\\') {
      p++;
      if (*p == 'u') {
        int i;
        for (i = 1; i <= 4; i++)
          if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i])
            return NULL;
        p += 4;
      } else if (!*p || !strchr("\"\\/bfnrt", *p)) {
        return NULL;
      }
    }
    p++;
  }
  return p + 1;
}

static const char *json_seq(const char *p, char close, int object)
{
  p = json_ws(p + 1);
  if (*p == close)
    return p + 1;
  for (;;) {
    if (object) {
      p = json_string(json_ws(p));
      if (!p)
        return NULL;
      p = json_ws(p);
      if (*p++ != ':')
        return NULL;
    }
    p = json_value(p);
    if (!p)
      return NULL;
    p = json_ws(p);
    if (*p == close)
      return p + 1;
    if (*p++ != ',')
      return NULL;
  }
}

static const char *json_value(const char *p)
{
  p = json_ws(p);
  if (*p == '{')
    return json_seq(p, '}', 1);
  if (*p == '[')
    return json_seq(p, ']', 0);
  if (*p == '"')
    return json_string(p);
  if (strncmp(p, "true", 4) == 0 || strncmp(p, "null", 4) == 0)
    return p + 4;
  if (strncmp(p, "false", 5) == 0)
    return p + 5;
  if (*p == '-' || (*p >= '0' && *p <= '9')) {
    p++;
    while ((*p >= '0' && *p <= '9') || strchr(".eE+-", *p))
      p++;
    return p;
  }
  return NULL;
}

static void assert_valid_json(const char *s)
{
  const char *end = json_value(s);
  ck_assert_msg(end && *json_ws(end) == '\0', "not valid JSON: %s", s);
}

/* The JSON string value starting at p (just after the opening quote),
** unescaped (only the escapes the writer uses for these tests). */
static char *json_unescape(const char *p)
{
  struct dc_buf b;

  dc_buf_init(&b);
  for (; *p && *p != '"'; p++) {
    if (*p == '\\') {
      p++;
      if (*p == 'n')
        dc_buf_puts(&b, "\n");
      else
        dc_buf_add(&b, p, 1);
    } else {
      dc_buf_add(&b, p, 1);
    }
  }
  dc_buf_add(&b, "", 0);
  return b.s ? b.s : strdup("");
}

static const char json_spec_yaml[] =
  "title: \"Quote \\\" back\\\\slash\\ttab hat \\u0177\"\n"
  "check: {samples: 8}\n"
  "sections:\n"
  "  - title: S\n"
  "    blocks:\n"
  "      - text: \"Prose\"\n"
  "      - chains:\n"
  "          - - \"x*(x + 1) = x^2 + x\"\n"
  "            - \"x**2 + x\"\n"
  "          - \"(x + 1)^2 = x^2 + 1\"\n";

START_TEST(json_fields)
{
  struct dc_spec *s = load(json_spec_yaml);
  struct dc_check_params p = { 128, 8, 3 };
  struct dc_spec_result res;
  struct dc_diags d;
  struct dc_buf b;
  const char *q;
  size_t nexpr = 0;

  memset(&res, 0, sizeof res);
  dc_diags_init(&d);
  ck_assert_int_eq(dc_check_spec(ctx, s, &p, &res, &d), DC_CHECK_OK);
  dc_buf_init(&b);
  dc_json_spec(&b, s, &p, &res);
  ck_assert(!b.oom);
  assert_valid_json(b.s);
  ck_assert_ptr_nonnull(strstr(b.s, "{\"version\":1,\"file\":\"test.yaml\","));
  /* Escapes: quote, backslash, tab, a control character, UTF-8 as is. */
  ck_assert_ptr_nonnull(strstr(b.s,
    "\"title\":\"Quote \\\" back\\\\slash\\ttab hat \xc5\xb7\""));
  ck_assert_ptr_nonnull(strstr(b.s,
    "\"precision\":128,\"samples\":8,\"seed\":3"));
  ck_assert_ptr_nonnull(strstr(b.s, "{\"kind\":\"text\",\"line\":6,"
                               "\"end_line\":6,\"text\":\"Prose\"}"));
  /* A block's line range: its mapping's first line to its last
  ** scalar's (json_spec_yaml above: lines 7 to 10). */
  ck_assert_ptr_nonnull(strstr(b.s, "{\"kind\":\"chains\",\"line\":7,"
                               "\"end_line\":10,"));
  /* Elements: plain form, source, LaTeX, position, typeset line. */
  ck_assert_ptr_nonnull(strstr(b.s,
    "{\"expr\":\"x**2 + x\",\"source\":\"x**2 + x\",\"latex\":\""));
  ck_assert_ptr_nonnull(strstr(b.s, "\"line\":9,\"col\":16,"
                               "\"typeset_line\":1}"));
  ck_assert_ptr_nonnull(strstr(b.s, "\"line\":8,\"col\":16,"
                               "\"typeset_line\":0}"));
  ck_assert_ptr_nonnull(strstr(b.s, "\"verdict\":\"pass\""));
  q = strstr(b.s, "\"verdict\":\"fail\"");
  ck_assert_ptr_nonnull(q);
  ck_assert_ptr_nonnull(strstr(q, "\"counterexample\":{\"at\":{\"x\":\""));
  /* Both passing links are polynomial identities: proved exactly. */
  ck_assert_ptr_nonnull(strstr(b.s, "\"verdict\":\"pass\",\"valid_samples\":8,"
                               "\"tried\":8,\"precision_used\":128,"
                               "\"proof\":\"exact\"}"));
  ck_assert_ptr_nonnull(strstr(b.s, "\"summary\":{\"ok\":false,\"chains\":2,"
                               "\"links\":3,\"passed\":2,\"proved\":2,"
                               "\"failed\":1,\"undetermined\":0,\"skipped\":0}}"));
  ck_assert_ptr_null(strstr(b.s, "\"undetermined\",\"reason\""));
  /* Every "expr" parses again to the same plain form. */
  for (q = strstr(b.s, "\"expr\":\""); q; q = strstr(q + 1, "\"expr\":\"")) {
    char *e = json_unescape(q + 8), *again;
    struct dc_node *n = dc_parse_expr(ctx, e, strlen(e), NULL, &d);
    ck_assert_msg(n != NULL, "'%s' does not parse again", e);
    again = dc_plain_string(n);
    ck_assert_str_eq(again, e);
    free(again);
    free(e);
    nexpr++;
  }
  ck_assert_uint_eq(nexpr, 5);
  dc_buf_free(&b);
  dc_spec_result_free(s, &res);
  dc_diags_free(&d);
}
END_TEST

START_TEST(json_error_object)
{
  struct dc_diags d;
  struct dc_buf b;
  struct dc_pos pos = { "bad.yaml", 3, 5 };

  dc_diags_init(&d);
  dc_error(&d, pos, "unknown key \"blokcs\"");
  dc_buf_init(&b);
  dc_json_spec_error(&b, "bad.yaml", "the spec does not load", &d);
  assert_valid_json(b.s);
  ck_assert_str_eq(b.s, "{\"version\":1,\"file\":\"bad.yaml\",\"error\":"
                   "\"the spec does not load\",\"diagnostics\":[{\"severity\":"
                   "\"error\",\"file\":\"bad.yaml\",\"line\":3,\"col\":5,"
                   "\"message\":\"unknown key \\\"blokcs\\\"\"}]}");
  dc_buf_free(&b);
  dc_diags_free(&d);
}
END_TEST

/* ---- output files ---- */

static char tmpdir[64];

static void out_setup(void)
{
  strcpy(tmpdir, "/tmp/check-emit.XXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void out_teardown(void)
{
  DIR *d = opendir(tmpdir);
  struct dirent *e;
  char path[512];

  while (d && (e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
    unlink(path);
  }
  if (d)
    closedir(d);
  rmdir(tmpdir);
}

static char *path_in(const char *name)
{
  static char path[256];
  snprintf(path, sizeof path, "%s/%s", tmpdir, name);
  return path;
}

/* The names in the temporary directory, sorted, space-separated. */
static void listing(char *out, size_t n)
{
  struct dirent **v;
  int k, i;

  out[0] = '\0';
  k = scandir(tmpdir, &v, NULL, alphasort);
  ck_assert_int_ge(k, 0);
  for (i = 0; i < k; i++) {
    if (v[i]->d_name[0] != '.' || strlen(v[i]->d_name) > 2) {
      if (out[0])
        strncat(out, " ", n - strlen(out) - 1);
      strncat(out, v[i]->d_name, n - strlen(out) - 1);
    }
    free(v[i]);
  }
  free(v);
}

static char *slurp(const char *path)
{
  static char buf[4096];
  FILE *f = fopen(path, "r");
  size_t n;

  ck_assert_msg(f != NULL, "cannot open %s", path);
  n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = '\0';
  fclose(f);
  return buf;
}

static void put_file(const char *path, const char *text)
{
  FILE *f = fopen(path, "w");
  ck_assert_ptr_nonnull(f);
  fputs(text, f);
  ck_assert_int_eq(fclose(f), 0);
}

START_TEST(output_new_file)
{
  char msg[DC_OUTPUT_MSG], names[512];
  struct stat st;
  mode_t mask = umask(022);

  ck_assert_int_eq(dc_output_check(path_in("new.md"), msg, sizeof msg), 0);
  ck_assert_int_eq(dc_output_write(path_in("new.md"), "hello\n", 6, msg,
                                   sizeof msg), 0);
  ck_assert_str_eq(slurp(path_in("new.md")), "hello\n");
  ck_assert_int_eq(stat(path_in("new.md"), &st), 0);
  ck_assert_int_eq(st.st_mode & 0777, 0644);
  listing(names, sizeof names);
  ck_assert_str_eq(names, "new.md");      /* no temporary file left */
  umask(mask);
}
END_TEST

/* An existing file is replaced by a rename: a hard link to the old file
** still sees the old bytes, and the file keeps its mode. */
START_TEST(output_replaces_by_rename)
{
  char msg[DC_OUTPUT_MSG], names[512], keep[256];
  struct stat st;

  put_file(path_in("doc.md"), "old contents\n");
  ck_assert_int_eq(chmod(path_in("doc.md"), 0640), 0);
  strcpy(keep, path_in("keep.md"));
  ck_assert_int_eq(link(path_in("doc.md"), keep), 0);
  ck_assert_int_eq(dc_output_write(path_in("doc.md"), "new\n", 4, msg,
                                   sizeof msg), 0);
  ck_assert_str_eq(slurp(path_in("doc.md")), "new\n");
  ck_assert_str_eq(slurp(keep), "old contents\n");
  ck_assert_int_eq(stat(path_in("doc.md"), &st), 0);
  ck_assert_int_eq(st.st_mode & 0777, 0640);
  listing(names, sizeof names);
  ck_assert_str_eq(names, "doc.md keep.md");
}
END_TEST

/* A symbolic link stays a link; its target gets the document. */
START_TEST(output_through_symlink)
{
  char msg[DC_OUTPUT_MSG], target[256];
  struct stat st;

  strcpy(target, path_in("target.md"));
  put_file(target, "old\n");
  ck_assert_int_eq(symlink("target.md", path_in("link.md")), 0);
  ck_assert_int_eq(dc_output_write(path_in("link.md"), "via link\n", 9, msg,
                                   sizeof msg), 0);
  ck_assert_int_eq(lstat(path_in("link.md"), &st), 0);
  ck_assert(S_ISLNK(st.st_mode));
  ck_assert_str_eq(slurp(target), "via link\n");
}
END_TEST

/* Paths that cannot be written: an error message, nothing created. */
START_TEST(output_bad_paths)
{
  char msg[DC_OUTPUT_MSG], names[512], p[256];

  snprintf(p, sizeof p, "%s/missing/out.md", tmpdir);
  ck_assert_int_eq(dc_output_check(p, msg, sizeof msg), -1);
  ck_assert_ptr_nonnull(strstr(msg, "No such file or directory"));
  ck_assert_int_eq(dc_output_write(p, "x\n", 2, msg, sizeof msg), -1);
  ck_assert_ptr_nonnull(strstr(msg, "missing/out.md"));
  /* A directory is not a file. */
  ck_assert_int_eq(dc_output_check(tmpdir, msg, sizeof msg), -1);
  ck_assert_int_eq(dc_output_write(tmpdir, "x\n", 2, msg, sizeof msg), -1);
  ck_assert_ptr_nonnull(strstr(msg, "Is a directory"));
  /* A regular file used as a directory. */
  put_file(path_in("plain"), "p\n");
  snprintf(p, sizeof p, "%s/plain/out.md", tmpdir);
  ck_assert_int_eq(dc_output_check(p, msg, sizeof msg), -1);
  ck_assert_int_eq(dc_output_write(p, "x\n", 2, msg, sizeof msg), -1);
  listing(names, sizeof names);
  ck_assert_str_eq(names, "plain");
}
END_TEST

/* A write that fails half-way (the file size limit stands in for a full
** disk) leaves the old file intact and no temporary file behind. */
START_TEST(output_write_error_leaves_nothing)
{
  char msg[DC_OUTPUT_MSG], names[512];
  static char big[8192];
  struct rlimit rl = { 1024, 1024 };

  memset(big, 'x', sizeof big);
  put_file(path_in("doc.md"), "old\n");
  signal(SIGXFSZ, SIG_IGN);
  ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
  ck_assert_int_eq(dc_output_write(path_in("doc.md"), big, sizeof big, msg,
                                   sizeof msg), -1);
  ck_assert_ptr_nonnull(strstr(msg, "doc.md"));
  ck_assert_int_eq(dc_output_write(path_in("fresh.md"), big, sizeof big,
                                   msg, sizeof msg), -1);
  ck_assert_str_eq(slurp(path_in("doc.md")), "old\n");
  listing(names, sizeof names);
  ck_assert_str_eq(names, "doc.md");
}
END_TEST

/* Devices are written in place: /dev/null takes anything, /dev/full
** reports its error. */
START_TEST(output_devices)
{
  char msg[DC_OUTPUT_MSG];

  ck_assert_int_eq(dc_output_check("/dev/null", msg, sizeof msg), 0);
  ck_assert_int_eq(dc_output_write("/dev/null", "x\n", 2, msg, sizeof msg),
                   0);
  if (access("/dev/full", W_OK) == 0) {
    ck_assert_int_eq(dc_output_write("/dev/full", "x\n", 2, msg, sizeof msg),
                     -1);
    ck_assert_ptr_nonnull(strstr(msg, "No space left on device"));
  }
}
END_TEST

/* ---- the reference check ---- */

#define MAX_TOKENS 512

/* TeX tokens of s as postmath-diff reads them: \letters, \char, or one
** non-space character; then {t} with a single token t becomes t, until
** nothing changes.  Returns the count; tokens are malloc'd strings. */
static size_t tex_tokens(const char *s, char **tok)
{
  size_t n = 0, i, j;
  int changed = 1;

  while (*s) {
    const char *st = s;
    if (*s == ' ' || *s == '\t' || *s == '\n') {
      s++;
      continue;
    }
    if (*s == '\\' && ((s[1] >= 'a' && s[1] <= 'z') ||
                       (s[1] >= 'A' && s[1] <= 'Z'))) {
      s++;
      while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
        s++;
    } else if (*s == '\\' && s[1]) {
      s += 2;
    } else {
      s++;
    }
    ck_assert_uint_lt(n, MAX_TOKENS);
    tok[n] = strndup(st, (size_t)(s - st));
    n++;
  }
  while (changed) {
    changed = 0;
    for (i = 0, j = 0; i < n; ) {
      if (strcmp(tok[i], "{") == 0 && i + 2 < n &&
          strcmp(tok[i + 2], "}") == 0 && strcmp(tok[i + 1], "{") != 0 &&
          strcmp(tok[i + 1], "}") != 0) {
        free(tok[i]);
        free(tok[i + 2]);
        tok[j++] = tok[i + 1];
        i += 3;
        changed = 1;
      } else {
        tok[j++] = tok[i++];
      }
    }
    n = j;
  }
  return n;
}

static int tex_equal(const char *a, const char *b)
{
  char *ta[MAX_TOKENS], *tb[MAX_TOKENS];
  size_t na = tex_tokens(a, ta), nb = tex_tokens(b, tb), i;
  int eq = na == nb;

  for (i = 0; eq && i < na; i++)
    eq = strcmp(ta[i], tb[i]) == 0;
  for (i = 0; i < na; i++)
    free(ta[i]);
  for (i = 0; i < nb; i++)
    free(tb[i]);
  return eq;
}

/* The display-math rows of a Markdown post: between $$ lines, split on
** \\, without \begin{align} and \end{align}. */
static size_t display_rows(char *md, char **rows, size_t max)
{
  size_t n = 0;
  int in_math = 0;
  char *line, *save = NULL;

  for (line = strtok_r(md, "\n", &save); line;
       line = strtok_r(NULL, "\n", &save)) {
    char *p, *row;
    if (strcmp(line, "$$") == 0) {
      in_math = !in_math;
      continue;
    }
    if (!in_math || strcmp(line, "\\begin{align}") == 0 ||
        strcmp(line, "\\end{align}") == 0)
      continue;
    /* The rows this emitter writes end in " \\"; none holds "\\" inside. */
    p = strstr(line, "\\\\");
    if (p)
      *p = '\0';
    row = line;
    ck_assert_uint_lt(n, max);
    rows[n++] = row;
  }
  return n;
}

START_TEST(reference_post_math)
{
  struct dc_diags d;
  struct dc_spec *s;
  char *md, *rows[64], line[1024];
  size_t n, k = 0;
  FILE *f;

  dc_diags_init(&d);
  s = dc_spec_load(ctx, SRCDIR "/specs/bce.yaml", &d);
  ck_assert_msg(s != NULL, "specs/bce.yaml does not load");
  md = document(DC_EMIT_MARKDOWN, s);
  n = display_rows(md, rows, 64);
  f = fopen(SRCDIR "/tests/data/backprop-math.txt", "r");
  ck_assert_ptr_nonnull(f);
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = '\0';
    if (line[0] == '#' || line[0] == '\0')
      continue;
    ck_assert_msg(k < n, "the post has only %zu display lines; expected "
                  "line %zu: %s", n, k + 1, line);
    ck_assert_msg(tex_equal(rows[k], line), "display line %zu differs:\n"
                  "  expected: %s\n  emitted:  %s", k + 1, line, rows[k]);
    k++;
  }
  fclose(f);
  ck_assert_uint_eq(k, 27);
  ck_assert_uint_eq(n, 27);
  free(md);
  dc_diags_free(&d);
}
END_TEST

/* The comparison itself: white space and single-token groups do not
** count, \left( and ( do. */
START_TEST(tex_token_compare)
{
  ck_assert(tex_equal("\\hat{y}^{2}", "\\hat{y}^2"));
  ck_assert(tex_equal("a  -  b", "a-b"));
  ck_assert(tex_equal("\\frac{1}{x}", "\\frac1x"));
  ck_assert(!tex_equal("\\left( x \\right)", "( x )"));
  ck_assert(!tex_equal("\\frac{ab}{c}", "\\frac{a}{bc}"));
  ck_assert(!tex_equal("\\sigmax", "\\sigma x"));
}
END_TEST

static Suite *emit_suite(void)
{
  Suite *s = suite_create("emit");
  TCase *tc = tcase_create("documents");
  TCase *te = tcase_create("escaping");
  TCase *tj = tcase_create("json");
  TCase *to = tcase_create("output");
  TCase *tr = tcase_create("reference");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, markdown_golden);
  tcase_add_test(tc, latex_golden);
  tcase_add_test(tc, latex_numbered);
  tcase_add_test(tc, prose_unsettable_warning);
  tcase_add_test(tc, untitled_documents);
  tcase_add_test(tc, derive_block_rows);
  suite_add_tcase(s, tc);

  tcase_add_loop_test(te, latex_escape, 0, DC_ARRAY_LEN(latex_text_cases));
  tcase_add_loop_test(te, prose_latex, 0, DC_ARRAY_LEN(prose_cases));
  tcase_add_loop_test(te, markdown_title_escape, 0,
                      DC_ARRAY_LEN(md_title_cases));
  tcase_add_loop_test(te, yaml_title, 0, DC_ARRAY_LEN(yaml_cases));
  suite_add_tcase(s, te);

  tcase_add_checked_fixture(tj, setup, teardown);
  tcase_add_test(tj, json_fields);
  tcase_add_test(tj, json_error_object);
  suite_add_tcase(s, tj);

  tcase_add_checked_fixture(to, out_setup, out_teardown);
  tcase_add_test(to, output_new_file);
  tcase_add_test(to, output_replaces_by_rename);
  tcase_add_test(to, output_through_symlink);
  tcase_add_test(to, output_bad_paths);
  tcase_add_test(to, output_write_error_leaves_nothing);
  tcase_add_test(to, output_devices);
  suite_add_tcase(s, to);

  tcase_add_checked_fixture(tr, setup, teardown);
  tcase_set_timeout(tr, 60);
  tcase_add_test(tr, reference_post_math);
  tcase_add_test(tr, tex_token_compare);
  suite_add_tcase(s, tr);
  return s;
}

DC_TEST_MAIN(emit_suite)
