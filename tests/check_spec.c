/*
** check_spec.c: the spec loader: every error class at its file:line:col,
** all errors of a file reported together, near-miss warnings, and the
** structure a good spec loads into.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "expr/limits.h"
#include "expr/plain.h"
#include "expr/scope.h"
#include "parser/spec.h"
#include "tests/testutil.h"

static struct dc_ctx *ctx;
static struct dc_diags diags;

static void setup(void)
{
  ctx = dc_ctx_new();
  ck_assert_ptr_nonnull(ctx);
  dc_diags_init(&diags);
}

static void teardown(void)
{
  dc_diags_free(&diags);
  dc_ctx_free(ctx);
}

static struct dc_spec *load(const char *yaml)
{
  return dc_spec_load_buffer(ctx, "t.yaml", yaml, strlen(yaml), &diags);
}

static const struct dc_diag *nth_diag(enum dc_severity sev, size_t nth)
{
  size_t i;
  for (i = 0; i < diags.n; i++)
    if (diags.v[i].sev == sev && nth-- == 0)
      return &diags.v[i];
  return NULL;
}

/* A readable dump of every diagnostic, for failure messages. */
static const char *dump(void)
{
  static char buf[4096];
  size_t i, used = 0;
  buf[0] = 0;
  for (i = 0; i < diags.n && used < sizeof buf - 1; i++)
    used += (size_t)snprintf(buf + used, sizeof buf - used, "[%d:%d %s] ",
                             diags.v[i].pos.line, diags.v[i].pos.col,
                             diags.v[i].msg);
  return buf;
}

/* --- the error table: each input must fail with this first error --- */

struct bad {
  const char *yaml;
  size_t len;                   /* 0: strlen(yaml) */
  int line, col;                /* of the first error (0 0: whole file) */
  const char *msg;              /* a substring of its message */
};

#define SECTION "sections:\n  - blocks:\n"

static const struct bad bad_specs[] = {
  /* unknown keys, with and without a near match */
  { "titel: x\n", 0, 1, 1,
    "unknown key 'titel' at the top level (did you mean 'title'?)" },
  { "sections: []\nfrobnicate: 1\n", 0, 2, 1, "(valid keys: derivcheck," },
  { "check: {precison: 64}\n", 0, 1, 9, "did you mean 'precision'?" },
  /* latex: {number: BOOL}, the LaTeX document's settings */
  { "latex: {numbr: true}\n", 0, 1, 9, "did you mean 'number'?" },
  { "latex: {number: yes}\n", 0, 1, 17,
    "expected true or false for 'number', found 'yes'" },
  { "latex: {number: 'true'}\n", 0, 1, 17,
    "expected true or false for 'number'" },
  { "latex: {number: [1]}\n", 0, 1, 17,
    "expected true or false for 'number', found a list" },
  { "latex: true\n", 0, 1, 8, "expected a mapping for 'latex', found a string" },
  { SECTION "      - chain: 'a = b'\n", 0, 3, 9, "did you mean 'chains'?" },
  { "symbols:\n  y: {domian: real}\n", 0, 2, 7, "did you mean 'domain'?" },
  /* wrong types */
  { "symbols: [x, y]\n", 0, 1, 10,
    "expected a mapping for 'symbols', found a list" },
  { "title: [a]\n", 0, 1, 8, "expected a string for 'title', found a list" },
  { "sections: {a: 1}\n", 0, 1, 11, "expected a list for 'sections'" },
  { SECTION "      - text: [a]\n", 0, 3, 15, "expected a string for 'text'" },
  { "symbols: {y: real}\n", 0, 1, 14, "expected a mapping {domain, latex}" },
  { "definitions:\n  L:\n", 0, 2, 3, "found an empty value" },
  { "? [a]\n: 1\n", 0, 1, 3, "mapping keys must be plain strings" },
  /* integers */
  { "check: {samples: many}\n", 0, 1, 18, "expected an integer for 'samples'" },
  { "check:\n  precision: 8\n", 0, 2, 14,
    "'precision' must be between 32 and 65536" },
  { "check: {samples: 0}\n", 0, 1, 18, "'samples' must be between 1 and" },
  { "check: {seed: -1}\n", 0, 1, 15, "'seed' must be between 0 and" },
  { "derivcheck: 2\n", 0, 1, 13, "unsupported spec format version 2" },
  /* YAML features a spec may not use */
  { "title: a\nsymbols: {}\ntitle: b\n", 0, 3, 1,
    "duplicate key 'title' (first defined at line 1)" },
  { "title: &t x\n", 0, 1, 8, "YAML anchors are not allowed" },
  { "title: !!str x\n", 0, 1, 8, "YAML tags are not allowed" },
  { "check:\n  <<: {seed: 1}\n", 0, 2, 3, "merge keys (<<) are not allowed" },
  { "title: a\n---\ntitle: b\n", 0, 2, 1, "one YAML document" },
  { "check:\n\tseed: 1\n", 0, 2, 1, "tab" },
  { "title: [a, b\n", 0, 2, 1, "closing bracket" },
  /* bytes */
  { "", 0, 1, 1, "empty spec" },
  { "# nothing\n\n   # here\n", 0, 1, 1, "empty spec" },
  { "title: a\0b\n", 11, 1, 9, "NUL byte" },
  { "title: ok\ntext: caf\xc3\x28\n", 0, 2, 10, "invalid UTF-8 (byte 0xC3)" },
  { "title: \xc3\xa9\xff\n", 0, 1, 9, "invalid UTF-8 (byte 0xFF)" },
  { "title: \xed\xa0\x80\n", 0, 1, 8, "invalid UTF-8" },  /* a surrogate */
  { "\xff\xfet\0i\0", 6, 1, 1, "UTF-16 or UTF-32" },
  { "\xfe\xff\0t\0i", 6, 1, 1, "UTF-16 or UTF-32" },
  { "\xef\xbb\xbftitel: x\n", 0, 1, 1, "unknown key 'titel'" },
  { "s\0e\0c\0", 6, 1, 1, "UTF-16 or UTF-32" },        /* no BOM */
  { "\0\0\0s\0\0\0e", 8, 1, 1, "UTF-16 or UTF-32" },
  /* control characters, raw or escaped, in any scalar (keys too) */
  { "title: \"a\\0b\"\n", 0, 1, 10, "NUL character" },
  { "title: \"ab\\e[2K\"\n", 0, 1, 11, "control character \\x1b" },
  { "title: ab\x1b[2K\n", 0, 1, 10, "control character \\x1b" },
  { "title: \"a\\u009d\"\n", 0, 1, 10, "control character U+009D" },
  { "title: ok\nsections:\n  - blocks:\n      - text: \"a\\rb\"\n", 0, 4,
    17, "control character \\x0d" },
  { "symbols:\n  \"y\\x07\": {}\n", 0, 2, 5, "control character \\x07" },
  /* a symbol's latex: one safe piece of a formula */
  { "symbols:\n  w: {latex: '\\input{x}'}\n", 0, 2, 15, "may not use \\input" },
  { "symbols:\n  w: {latex: 'a}'}\n", 0, 2, 16, "an unbalanced '}'" },
  { "symbols:\n  w: {latex: '{a'}\n", 0, 2, 15, "an unclosed '{'" },
  { "symbols:\n  w: {latex: 'a$$b'}\n", 0, 2, 16, "'$'" },
  { "symbols:\n  w: {latex: \"a\\nb\"}\n", 0, 2, 16, "a newline" },
  { "symbols:\n  w: {latex: 'x^^5cinput'}\n", 0, 2, 16, "'^^'" },
  { "symbols:\n  w: {latex: '\\begin{x}'}\n", 0, 2, 15, "\\begin" },
  { "symbols:\n  w: {latex: '\\catcode'}\n", 0, 2, 15, "\\catcode" },
  { "symbols:\n  w: {latex: 'a % b'}\n", 0, 2, 17, "'%'" },
  /* TeX's file and shell commands in text blocks */
  { SECTION "      - text: 'See $\\input{/etc/passwd}$'\n", 0, 3, 21,
    "a text may not use \\input" },
  { SECTION "      - text: '\\immediate\\write18{rm}'\n", 0, 3, 16,
    "a text may not use \\immediate" },
  { SECTION "      - text: 'x ^^5cinput'\n", 0, 3, 18, "'^^'" },
  /* a spec, section or block that checks nothing */
  { "sections:\n  - blocks:\n      - chains: []\n", 0, 3, 17,
    "'chains' is empty" },
  { "sections: []\n", 0, 1, 11, "'sections' is empty: the spec checks "
    "nothing" },
  { "sections:\n  - title: A\n    blocks: []\n", 0, 3, 13,
    "'blocks' is empty" },
  { "title: x\n", 0, 1, 1, "the spec has no 'sections': it checks nothing" },
  { "sections:\n  - title: A\n", 0, 2, 5, "a section needs 'blocks'" },
  { "sections:\n  - blocks:\n      - text: hi\n", 0, 2, 3,
    "no block of the spec holds a chain" },
  /* derivatives by constants and numbers */
  { "sections:\n  - blocks:\n      - chains: ['diff(x^2, pi) = 0']\n", 0, 3,
    29, "cannot differentiate by the constant pi" },
  { "sections:\n  - blocks:\n      - chains: ['pdiff(x^2, e) = 0']\n", 0, 3,
    30, "cannot differentiate by the constant e" },
  { "sections:\n  - blocks:\n      - chains: ['diff(x^2, 2) = 0']\n", 0, 3,
    29, "cannot differentiate by the number 2" },
  /* domains */
  { "symbols:\n  y: {domain: \"[0, 1\"}\n", 0, 2, 15, "bad domain '[0, 1'" },
  { "symbols:\n  y: {domain: '(0, abc)'}\n", 0, 2, 15,
    "the upper bound is not a number" },
  { "symbols:\n  y: {domain: positve}\n", 0, 2, 15, "bad domain 'positve'" },
  { "symbols:\n  y: {domain: '[2, 1.5]'}\n", 0, 2, 15,
    "lower bound must be less than the upper" },
  { "symbols:\n  y: {domain: '[1, 1]'}\n", 0, 2, 15, "must be less" },
  /* cycles */
  { "definitions:\n  L: yhat + 1\n  yhat: 2*L\n", 0, 2, 3,
    "cycle in definitions: L -> yhat -> L" },
  { "definitions:\n  L: L + 1\n", 0, 2, 3, "cycle in definitions: L -> L" },
  { "functions:\n  f(x): g(x) + 1\n  g(x): f(x)*2\n", 0, 2, 3,
    "cycle in functions: f -> g -> f" },
  { "functions:\n  f(x): x + M\ndefinitions:\n  M: f(2)\n", 0, 4, 3,
    "cycle in definitions and functions: M -> f -> M" },
  { SECTION "      - where: {a: b + 1, b: 2*a}\n        chains: ['a = b']\n",
    0, 3, 17, "cycle in where names: a -> b -> a" },
  { "definitions:\n  L: 2*yhat\n" SECTION
    "      - where: {yhat: L}\n        chains: ['L = yhat']\n",
    0, 5, 17, "cycle in where names: yhat -> L -> yhat" },
  /* functions */
  { "functions:\n  f(x, y): x*y\ndefinitions:\n  L: f(1)\n", 0, 4, 6,
    "'f' takes 2 arguments, 1 given" },
  { SECTION "      - chains: ['zzzq(x) = 1']\n", 0, 3, 23, "not a function" },
  { "functions:\n  exp(x): x\n", 0, 2, 3, "built-in function" },
  { "functions:\n  diff(x): x\n", 0, 2, 3, "reserved for derivatives" },
  { "symbols: {f: }\nfunctions:\n  f(x): x\n", 0, 3, 3,
    "'f' is both a function and a symbol" },
  { "functions:\n  f(x,): x\n", 0, 2, 7, "expected a parameter name" },
  { "functions:\n  f(x, x): x\n", 0, 2, 8, "a parameter appears twice" },
  { "functions:\n  f(x): x\n  f(y): y\n", 0, 3, 3,
    "function 'f' is defined twice (first at line 2)" },
  { "functions:\n  f(x): x\ndefinitions:\n  L: f + 1\n", 0, 4, 6,
    "'f' is a function, not a variable" },
  { "functions:\n  f(x): {latex: 'F'}\n", 0, 2, 9, "needs a 'def' key" },
  /* chains and expressions */
  { SECTION "      - chains: ['x + 1']\n", 0, 3, 18,
    "a chain needs at least two expressions" },
  { SECTION "      - chains:\n          - ['x + 1']\n", 0, 4, 13,
    "at least two expressions separated by '=' (found 1)" },
  { SECTION "      - chains: [\"x = 2x\"]\n", 0, 3, 24, "write 2*x" },
  /* an escape before the error: columns count source characters */
  { SECTION "      - chains: [\"x \\u002B 1 = 2 +* 3\"]\n", 0, 3, 35,
    "expected an operand after '+'" },
  { SECTION "      - chains: ['x'' = 2 +* 3']\n", 0, 3, 28,
    "expected an operand" },
  /* a block scalar: the error is on its second line */
  { SECTION "      - chains:\n          - |\n            x + 1\n"
    "            = 2 +* 3\n", 0, 6, 18, "expected an operand after '+'" },
  /* a plain scalar folded over two lines */
  { "definitions:\n  L: x +\n    y +* 2\n", 0, 3, 8, "expected an operand" },
  { SECTION "      - text: hi\n        chains: ['a = b']\n", 0, 4, 9,
    "a block has exactly one of text, chains or derive" },
  { SECTION "      - where: {a: 1}\n", 0, 3, 9,
    "a block needs one of text, chains or derive" },
  { SECTION "      - chains: [\"(x*y)' = y\"]\n", 0, 3, 19,
    "cannot tell which variable ' differentiates by" },
  { SECTION "      - derive: \"(x*y)'\"\n", 0, 3, 18,
    "cannot tell which variable ' differentiates by" },
  { "definitions:\n  L: {def: x = y}\n", 0, 2, 14, "'=' is not allowed here" },
  { "symbols: {'2x': }\n", 0, 1, 11, "is not a valid name" },
  /* columns count characters on a line of more than 64 bytes: 40 two-byte
  ** letters come before the error (83 characters, 123 bytes) */
  { "sections:\n  - {title: \"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
    "\", blocks: [{chains: [\"x = 2 +* 3\"]}]}\n", 0, 2, 84,
    "expected an operand after '+'" },
};

START_TEST(bad_spec_reports_first_error)
{
  const struct bad *b = &bad_specs[_i];
  size_t len = b->len ? b->len : strlen(b->yaml);
  const struct dc_diag *e;
  struct dc_spec *sp = dc_spec_load_buffer(ctx, "t.yaml", b->yaml, len,
                                           &diags);
  ck_assert_msg(sp == NULL, "case %d loaded: %s", _i, b->yaml);
  e = nth_diag(DC_SEV_ERROR, 0);
  ck_assert_msg(e != NULL, "case %d: no error recorded", _i);
  ck_assert_msg(strstr(e->msg, b->msg) != NULL,
                "case %d: first error '%s' lacks '%s'; all: %s", _i, e->msg,
                b->msg, dump());
  ck_assert_msg(e->pos.line == b->line && e->pos.col == b->col,
                "case %d: error at %d:%d, expected %d:%d (%s)", _i,
                e->pos.line, e->pos.col, b->line, b->col, e->msg);
  ck_assert_msg(e->pos.file && strcmp(e->pos.file, "t.yaml") == 0,
                "case %d: error not attributed to the file", _i);
}
END_TEST

/* --- errors that are not first, limits --- */

/* The rules above refuse only what checks nothing: a section of text
** beside one that checks, and a derivative by a declared symbol named e,
** load. */
START_TEST(safe_latex_and_tabs_load)
{
  ck_assert_ptr_nonnull(load(
    "symbols:\n  w: {latex: '\\mathcal{W}_{12}'}\n  v: {latex: '\\{v\\}'}\n"
    "sections:\n  - title: \"tab\\there\"\n    blocks:\n"
    "      - text: \"two\\nlines\"\n"
    "      - text: '$$\\begin{align} a &= b \\\\ c \\end{align}$$ costs \\$5'\n"
    "      - chains: ['w*v = v*w']\n"));
  ck_assert_uint_eq(diags.nerrors, 0);
}
END_TEST

START_TEST(text_section_and_symbol_e_load)
{
  ck_assert_ptr_nonnull(load(
    "symbols:\n  e: {domain: real}\n"
    "sections:\n  - title: Prose\n    blocks:\n      - text: hi\n"
    "  - blocks:\n      - chains: ['diff(e^2, e) = 2*e']\n"));
  ck_assert_uint_eq(diags.nerrors, 0);
}
END_TEST

START_TEST(alias_is_reported_too)
{
  ck_assert_ptr_null(load("definitions:\n  L: &d x + 1\n  M: *d\n"));
  ck_assert_uint_eq(diags.nerrors, 2);
  ck_assert_int_eq(nth_diag(DC_SEV_ERROR, 1)->pos.line, 3);
  ck_assert_int_eq(nth_diag(DC_SEV_ERROR, 1)->pos.col, 6);
  ck_assert_ptr_nonnull(strstr(nth_diag(DC_SEV_ERROR, 1)->msg, "aliases"));
}
END_TEST

START_TEST(billion_laughs_rejected_fast)
{
  /* Nine levels of nine aliases each: resolving them would expand to
  ** 9^9 nodes.  We never resolve, so this is only aliases to report. */
  char yaml[2048];
  size_t used = 0;
  int lv, k;
  used += (size_t)snprintf(yaml + used, sizeof yaml - used, "a0: &a0 [x]\n");
  for (lv = 1; lv < 9; lv++) {
    used += (size_t)snprintf(yaml + used, sizeof yaml - used,
                             "a%d: &a%d [", lv, lv);
    for (k = 0; k < 9; k++)
      used += (size_t)snprintf(yaml + used, sizeof yaml - used, "%s*a%d",
                               k ? ", " : "", lv - 1);
    used += (size_t)snprintf(yaml + used, sizeof yaml - used, "]\n");
  }
  ck_assert_ptr_null(load(yaml));
  ck_assert_uint_ge(diags.nerrors, 9);  /* capped at DC_MAX_ERRORS kept */
  ck_assert_uint_le(diags.n, DC_MAX_ERRORS);
}
END_TEST

/* libfyaml's messages become our diagnostics; it never prints itself. */
START_TEST(libfyaml_is_silent)
{
  char path[] = "/tmp/check_spec_err_XXXXXX";
  int fd = mkstemp(path), saved = dup(2);
  struct stat st;
  ck_assert_int_ge(fd, 0);
  ck_assert_int_ge(saved, 0);
  fflush(stderr);
  ck_assert_int_eq(dup2(fd, 2), 2);
  ck_assert_ptr_null(load("check:\n\tseed: 1\n"));
  ck_assert_ptr_null(load("title: [a, b\n"));
  ck_assert_ptr_null(load("a: 'unterminated\n"));
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  ck_assert_int_eq(fstat(fd, &st), 0);
  close(fd);
  unlink(path);
  ck_assert_int_eq((int)st.st_size, 0);
  ck_assert_uint_eq(diags.nerrors, 3);
}
END_TEST

START_TEST(oversize_file_refused)
{
  size_t len = (size_t)DC_MAX_SPEC_BYTES + 1;
  char *buf = malloc(len);
  const struct dc_diag *e;
  ck_assert_ptr_nonnull(buf);
  memset(buf, '#', len);
  ck_assert_ptr_null(dc_spec_load_buffer(ctx, "big.yaml", buf, len, &diags));
  free(buf);
  e = nth_diag(DC_SEV_ERROR, 0);
  ck_assert_ptr_nonnull(e);
  ck_assert_ptr_nonnull(strstr(e->msg, "the limit of 4194304 bytes"));
  /* a property of the whole file, reported at its start */
  ck_assert_int_eq(e->pos.line, 1);
  ck_assert_int_eq(e->pos.col, 1);
}
END_TEST

START_TEST(oversize_file_on_disk_refused)
{
  char path[] = "/tmp/check_spec_big_XXXXXX";
  int fd = mkstemp(path);
  FILE *f;
  size_t i;
  ck_assert_int_ge(fd, 0);
  f = fdopen(fd, "w");
  ck_assert_ptr_nonnull(f);
  for (i = 0; i <= DC_MAX_SPEC_BYTES / 16; i++)
    fputs("# 16 bytes line\n", f);
  fclose(f);
  ck_assert_ptr_null(dc_spec_load(ctx, path, &diags));
  unlink(path);
  ck_assert_uint_eq(diags.nerrors, 1);
  ck_assert_ptr_nonnull(strstr(nth_diag(DC_SEV_ERROR, 0)->msg,
                               "larger than the limit of"));
}
END_TEST

START_TEST(overlong_expression_refused)
{
  size_t n = DC_MAX_EXPR_BYTES + 100, i;
  char *buf = malloc(n + 32);
  ck_assert_ptr_nonnull(buf);
  strcpy(buf, "definitions:\n  L: x");
  for (i = strlen(buf); i < n; i += 2)
    memcpy(buf + i, "+x", 2);
  buf[i] = '\n';
  buf[i + 1] = 0;
  ck_assert_ptr_null(load(buf));
  free(buf);
  ck_assert_ptr_nonnull(strstr(nth_diag(DC_SEV_ERROR, 0)->msg,
                               "longer than the limit of 65536 bytes"));
  ck_assert_int_eq(nth_diag(DC_SEV_ERROR, 0)->pos.line, 2);
}
END_TEST

START_TEST(three_errors_all_reported)
{
  static const char yaml[] =
    "titel: Oops\n"                             /* 1: unknown key */
    "symbols:\n"
    "  y: {domain: '[1, 0]'}\n"                 /* 3: empty domain */
    SECTION
    "      - chains: ['x = 2 +* 3']\n";         /* 6: parse error */
  ck_assert_ptr_null(load(yaml));
  ck_assert_uint_eq(diags.nerrors, 3);
  ck_assert_int_eq(nth_diag(DC_SEV_ERROR, 0)->pos.line, 1);
  ck_assert_int_eq(nth_diag(DC_SEV_ERROR, 1)->pos.line, 3);
  ck_assert_int_eq(nth_diag(DC_SEV_ERROR, 2)->pos.line, 6);
  ck_assert_int_eq(nth_diag(DC_SEV_ERROR, 2)->pos.col, 26);
}
END_TEST

START_TEST(error_count_is_capped)
{
  char yaml[4096];
  size_t used = 0;
  int i;
  used += (size_t)snprintf(yaml, sizeof yaml, "symbols:\n");
  for (i = 0; i < 2 * DC_MAX_ERRORS; i++)
    used += (size_t)snprintf(yaml + used, sizeof yaml - used,
                             "  s%d: {domain: bad}\n", i);
  ck_assert_ptr_null(load(yaml));
  ck_assert_uint_eq(diags.nerrors, 2 * DC_MAX_ERRORS);
  ck_assert_uint_eq(diags.n, DC_MAX_ERRORS);
}
END_TEST

/* 20,000 keys plus a duplicate: a quadratic duplicate check would take
** tens of seconds and trip Check's timeout. */
START_TEST(many_keys_duplicate_found_fast)
{
  size_t cap = 20001 * 24, used = 0;
  char *yaml = malloc(cap);
  int i;
  const struct dc_diag *e;
  ck_assert_ptr_nonnull(yaml);
  used += (size_t)snprintf(yaml, cap, "symbols:\n");
  for (i = 0; i < 20000; i++)
    used += (size_t)snprintf(yaml + used, cap - used, "  s%d:\n", i);
  used += (size_t)snprintf(yaml + used, cap - used, "  s17:\n");
  ck_assert_ptr_null(load(yaml));
  free(yaml);
  ck_assert_uint_eq(diags.nerrors, 1);
  e = nth_diag(DC_SEV_ERROR, 0);
  ck_assert_int_eq(e->pos.line, 20002);
  ck_assert_ptr_nonnull(strstr(e->msg, "first defined at line 19)"));
}
END_TEST

/* A block of 20,000 where names on one line (a0: x, a1: a0 + 1, ...):
** finding a name or a column by scanning took seconds per thousand and
** would trip Check's timeout; the chain's a19999 must still resolve. */
START_TEST(long_where_line_loads_fast)
{
  size_t cap = 20000 * 24 + 256, used = 0;
  char *yaml = malloc(cap);
  const struct dc_scope *sc;
  struct dc_spec *sp;
  int i;
  ck_assert_ptr_nonnull(yaml);
  used += (size_t)snprintf(yaml, cap, SECTION "      - where: {a0: x");
  for (i = 1; i < 20000; i++)
    used += (size_t)snprintf(yaml + used, cap - used, ", a%d: a%d + 1", i,
                             i - 1);
  snprintf(yaml + used, cap - used,
           "}\n        chains: ['a19999 = a19998 + 1', 'a7 = alpha']\n");
  sp = load(yaml);
  free(yaml);
  ck_assert_msg(sp != NULL, "%s", dump());
  sc = &sp->sections[0].blocks[0].scope;
  ck_assert_uint_eq(sc->nwhere, 20000);
  ck_assert_ptr_nonnull(sc->sorted);
  for (i = 0; i < 20000; i += 997)
    ck_assert_ptr_eq(dc_scope_where(sc, sc->where[i].name), &sc->where[i]);
  /* alpha is no where name: not found, and no typo of one either */
  ck_assert_ptr_null(dc_scope_where(sc, sp->sections[0].blocks[0]
                                    .chains[1].elems[1].expr->name));
  ck_assert_uint_eq(diags.n, 0);
}
END_TEST

/* The near-miss search in a long where list (indexed, not scanned) finds
** the first where name a swap or an edit away, in the list's order. */
START_TEST(near_miss_in_long_where_list)
{
  struct dc_buf b;
  struct dc_spec *sp;
  const struct dc_diag *w;
  int i;
  dc_buf_init(&b);
  dc_buf_puts(&b, SECTION "      - where: {");
  for (i = 0; i < 40; i++) {
    char e[48];
    snprintf(e, sizeof e, "%salpha%d: x + %d", i ? ", " : "", i, i);
    dc_buf_puts(&b, e);
  }
  dc_buf_puts(&b, ", betaa: x, betab: x}\n"
              "        chains: ['alpah5 + betac = alpha5 + alpha6']\n");
  ck_assert(!b.oom);
  sp = load(b.s);
  dc_buf_free(&b);
  ck_assert_msg(sp != NULL, "%s", dump());
  ck_assert_uint_eq(diags.nwarnings, 2);
  w = nth_diag(DC_SEV_WARNING, 0);
  ck_assert_str_eq(w->msg,
                   "undeclared symbol 'alpah5' (did you mean 'alpha5'?)");
  w = nth_diag(DC_SEV_WARNING, 1);
  ck_assert_str_eq(w->msg,
                   "undeclared symbol 'betac' (did you mean 'betaa'?)");
}
END_TEST

/* --- warnings --- */

START_TEST(near_miss_warns_once)
{
  static const char yaml[] =
    "symbols: {yhat: {domain: '(0, 1)'}, z1: , z2: }\n"
    SECTION
    "      - chains: ['yht + x = yhat + y + z3', 'yht = yht']\n";
  struct dc_spec *sp = load(yaml);
  const struct dc_diag *w;
  ck_assert_msg(sp != NULL, "%s", dump());
  ck_assert_uint_eq(diags.nerrors, 0);
  /* yht once (not per use); x vs y and z3 vs z1 are no typos */
  ck_assert_uint_eq(diags.nwarnings, 1);
  w = nth_diag(DC_SEV_WARNING, 0);
  ck_assert_str_eq(w->msg, "undeclared symbol 'yht' (did you mean 'yhat'?)");
  ck_assert_int_eq(w->pos.line, 4);
  ck_assert_int_eq(w->pos.col, 19);
}
END_TEST

START_TEST(undeclared_far_name_is_silent)
{
  ck_assert_ptr_nonnull(load("symbols: {alpha: }\n" SECTION
                             "      - chains: ['omega = omega']\n"));
  ck_assert_uint_eq(diags.n, 0);
}
END_TEST

/* --- successful loads --- */

static const char good[] =
  "derivcheck: 1\n"
  "title: Math for Backpropagation\n"
  "check: {precision: 128, samples: 7, seed: 42}\n"
  "symbols:\n"
  "  y:    {domain: \"[0, 1]\"}\n"
  "  yhat: {domain: \"(0, 1)\", latex: '\\hat{y}'}\n"
  "  w:\n"
  "  t: {domain: '[-1.5, 2.25)'}\n"
  "  u: {domain: '(-inf, 1e-3]'}\n"
  "  v: {domain: nonnegative}\n"
  "functions:\n"
  "  f(x): 1/sigma(x)\n"                  /* uses a function defined later */
  "  sigma(x): 1/(1 + exp(-x))\n"
  "  g(a, b): {def: a - b, latex: 'G'}\n"
  "definitions:\n"
  "  L: -y*log(yhat) - (1 - y)*log(1 - yhat)\n"
  "  M: {def: 2*L, domain: positive}\n"
  "sections:\n"
  "  - title: First\n"
  "    blocks:\n"
  "      - text: \"Prose $L$\"\n"
  "      - where: {yhat: w*x + b, q: {def: yhat^2, domain: '[0, 1]'}}\n"
  "        chains:\n"
  "          - \"diff(L, yhat) = -y/yhat + (1 - y)/(1 - yhat)\"\n"
  "          - - \"pdiff(L, b) = diff(L, yhat)*diff(yhat, b)\"\n"
  "            - \"  -y/yhat + (1 - y)/(1 - yhat)  \"\n"
  "            - \"(yhat - y)/(yhat - yhat^2)\"\n"
  "  - blocks:\n"
  "      - wrt: x\n"
  "        chains: [\"(x*w)' = w = g(w, 0)\"]\n";

static struct dc_spec *load_good(void)
{
  struct dc_spec *sp = load(good);
  ck_assert_msg(sp != NULL, "good spec failed: %s", dump());
  return sp;
}

static const struct dc_symbol *symbol(const struct dc_spec *sp,
                                      const char *name)
{
  size_t i;
  for (i = 0; i < sp->nsymbols; i++)
    if (strcmp(sp->symbols[i].name->s, name) == 0)
      return &sp->symbols[i];
  ck_abort_msg("no symbol %s", name);
  return NULL;
}

START_TEST(good_front_matter)
{
  struct dc_spec *sp = load_good();
  ck_assert_uint_eq(diags.n, 0);
  ck_assert_str_eq(sp->path, "t.yaml");
  ck_assert_str_eq(sp->title, "Math for Backpropagation");
  ck_assert(sp->check.has_precision && sp->check.has_samples &&
            sp->check.has_seed);
  ck_assert_int_eq(sp->check.precision, 128);
  ck_assert_int_eq(sp->check.samples, 7);
  ck_assert_uint_eq(sp->check.seed, 42);
  ck_assert_uint_eq(sp->nsymbols, 6);
  ck_assert_uint_eq(sp->nfuncs, 3);
  ck_assert_uint_eq(sp->ndefs, 2);
  ck_assert_uint_eq(sp->nsections, 2);
  ck_assert_ptr_null(sp->sections[1].title);
  ck_assert_str_eq(sp->sections[0].title, "First");
}
END_TEST

/* latex: {number: ...}, absent, and where a text block's prose starts
** (its first character: after the quote, or on the line after | ). */
START_TEST(latex_settings_and_text_position)
{
  struct dc_spec *sp = load("latex: {number: true}\n"
                            "sections:\n"
                            "  - blocks:\n"
                            "      - text: \"Quoted prose\"\n"
                            "      - text: |\n"
                            "          Block prose\n"
                            "      - text: plain prose\n"
                            "      - chains: [\"x = x\"]\n");
  ck_assert_msg(sp != NULL, "%s", dump());
  ck_assert_int_eq(sp->latex.number, 1);
  ck_assert_int_eq(sp->sections[0].blocks[0].text_pos.line, 4);
  ck_assert_int_eq(sp->sections[0].blocks[0].text_pos.col, 16);
  ck_assert_int_eq(sp->sections[0].blocks[1].text_pos.line, 6);
  ck_assert_int_eq(sp->sections[0].blocks[1].text_pos.col, 11);
  ck_assert_int_eq(sp->sections[0].blocks[2].text_pos.line, 7);
  ck_assert_int_eq(sp->sections[0].blocks[2].text_pos.col, 15);
  sp = load("latex: {number: False}\n"
            "sections: [{blocks: [{text: x}, {chains: [\"x = x\"]}]}]\n");
  ck_assert_msg(sp != NULL, "%s", dump());
  ck_assert_int_eq(sp->latex.number, 0);
  sp = load_good();
  ck_assert_int_eq(sp->latex.number, 0);
}
END_TEST

START_TEST(good_domains)
{
  struct dc_spec *sp = load_good();
  const struct dc_domain *d;
  mpq_t q;
  mpq_init(q);
  d = symbol(sp, "y")->dom;
  ck_assert(!d->lo_open && !d->hi_open && !d->lo_inf && !d->hi_inf);
  ck_assert_int_eq(mpq_cmp_si(*d->lo, 0, 1), 0);
  ck_assert_int_eq(mpq_cmp_si(*d->hi, 1, 1), 0);
  d = symbol(sp, "yhat")->dom;
  ck_assert(d->lo_open && d->hi_open);
  ck_assert_str_eq(symbol(sp, "yhat")->latex, "\\hat{y}");
  ck_assert_ptr_null(symbol(sp, "w")->dom);
  d = symbol(sp, "t")->dom;
  ck_assert(!d->lo_open && d->hi_open);
  ck_assert_int_eq(mpq_cmp_si(*d->lo, -3, 2), 0);
  ck_assert_int_eq(mpq_cmp_si(*d->hi, 9, 4), 0);
  d = symbol(sp, "u")->dom;
  ck_assert(d->lo_inf && d->lo_open && !d->hi_open);
  ck_assert_int_eq(mpq_cmp_si(*d->hi, 1, 1000), 0);
  d = symbol(sp, "v")->dom;
  ck_assert(!d->lo_open && d->hi_inf);
  mpq_set_si(q, 0, 1);
  ck_assert(dc_domain_contains_q(d, q));
  mpq_set_si(q, -1, 1000000);
  ck_assert(!dc_domain_contains_q(d, q));
  d = dc_lookup_name(ctx, "M", 1)->def->dom;   /* positive = (0, inf) */
  mpq_set_si(q, 0, 1);
  ck_assert(!dc_domain_contains_q(d, q));
  mpq_clear(q);
}
END_TEST

/* The first DC_PARAM leaf under e, or NULL. */
static const struct dc_node *find_param(const struct dc_node *e, int index)
{
  uint16_t i;
  if (e->kind == DC_PARAM && e->ival == index)
    return e;
  for (i = 0; i < e->nargs; i++) {
    const struct dc_node *p = find_param(e->a[i], index);
    if (p)
      return p;
  }
  return NULL;
}

START_TEST(good_functions_use_params)
{
  struct dc_spec *sp = load_good();
  struct dc_name *g = dc_lookup_name(ctx, "g", 1);
  struct dc_name *sigma = dc_lookup_name(ctx, "sigma", 5);
  const struct dc_func *f;
  ck_assert_ptr_nonnull(g);
  ck_assert_ptr_nonnull(sigma);
  f = g->func;
  ck_assert_ptr_nonnull(f);
  ck_assert_int_eq(f->nparams, 2);
  ck_assert_str_eq(f->params[0]->s, "a");
  ck_assert_str_eq(f->params[1]->s, "b");
  ck_assert_str_eq(f->latex, "G");
  /* g(a, b): a - b  ->  PARAM(g, 0) - PARAM(g, 1); written keeps names */
  ck_assert_int_eq(f->body->kind, DC_SUB);
  ck_assert_int_eq(f->body->a[0]->kind, DC_PARAM);
  ck_assert_int_eq(f->body->a[0]->ival, 0);
  ck_assert_ptr_eq(f->body->a[0]->name, g);
  ck_assert_int_eq(f->body->a[1]->kind, DC_PARAM);
  ck_assert_int_eq(f->body->a[1]->ival, 1);
  ck_assert_int_eq(f->written->a[0]->kind, DC_NAME);
  ck_assert_ptr_eq(f->written->a[0]->name, f->params[0]);
  /* sigma's x became a parameter; the global symbol of that name did not
  ** leak into the body */
  ck_assert_ptr_nonnull(find_param(sigma->func->body, 0));
  ck_assert_ptr_eq(find_param(sigma->func->body, 0)->name, sigma);
  ck_assert_int_eq(sigma->func->pos.line, 13);
  ck_assert_ptr_eq(sp->funcs[0].name, dc_lookup_name(ctx, "f", 1));
}
END_TEST

START_TEST(good_chains_and_scopes)
{
  struct dc_spec *sp = load_good();
  const struct dc_block *b = &sp->sections[0].blocks[1];
  const struct dc_chain *c;
  struct dc_name *yhat = dc_lookup_name(ctx, "yhat", 4);
  struct dc_name *q = dc_lookup_name(ctx, "q", 1);

  ck_assert_int_eq(sp->sections[0].blocks[0].kind, DC_BLOCK_TEXT);
  ck_assert_str_eq(sp->sections[0].blocks[0].text, "Prose $L$");
  ck_assert_int_eq(b->kind, DC_BLOCK_CHAINS);
  ck_assert_uint_eq(b->nchains, 2);
  ck_assert_int_eq(b->pos.line, 22);
  ck_assert_int_eq(b->pos.col, 9);
  /* where scope: own domain for q only; yhat inherits its symbol's */
  ck_assert_uint_eq(b->scope.nwhere, 2);
  ck_assert_ptr_eq(b->scope.where[0].name, yhat);
  ck_assert_ptr_null(b->scope.where[0].dom);
  ck_assert_ptr_eq(dc_scope_domain(&b->scope, yhat), yhat->sym->dom);
  ck_assert_ptr_eq(b->scope.where[1].name, q);
  ck_assert_ptr_nonnull(b->scope.where[1].dom);
  ck_assert_int_eq(b->scope.where[1].expr->kind, DC_POW);
  ck_assert_ptr_null(b->scope.wrt);
  /* a one-string chain */
  c = &b->chains[0];
  ck_assert_uint_eq(c->nelems, 2);
  ck_assert_str_eq(c->elems[0].src, "diff(L, yhat)");
  ck_assert_int_eq(c->elems[0].expr->kind, DC_DIFF);
  ck_assert_int_eq(c->elems[0].line_index, 0);
  ck_assert_int_eq(c->elems[1].line_index, 0);
  ck_assert_int_eq(c->elems[1].pos.line, 24);
  ck_assert_int_eq(c->elems[1].pos.col, 30);
  /* a chain as a list: one element per expression, line_index per line;
  ** src is trimmed */
  c = &b->chains[1];
  ck_assert_uint_eq(c->nelems, 4);
  ck_assert_int_eq(c->pos.line, 25);
  ck_assert_int_eq(c->elems[1].line_index, 0);
  ck_assert_int_eq(c->elems[2].line_index, 1);
  ck_assert_int_eq(c->elems[3].line_index, 2);
  ck_assert_str_eq(c->elems[2].src, "-y/yhat + (1 - y)/(1 - yhat)");
  ck_assert_int_eq(c->elems[2].pos.line, 26);
  ck_assert_int_eq(c->elems[2].pos.col, 18);
  ck_assert_int_eq(c->elems[3].expr->kind, DC_DIV);
  /* wrt and a prime */
  b = &sp->sections[1].blocks[0];
  ck_assert_str_eq(b->scope.wrt->s, "x");
  ck_assert_uint_eq(b->chains[0].nelems, 3);
  ck_assert_int_eq(b->chains[0].elems[0].expr->kind, DC_PRIME);
}
END_TEST

/* Nothing may point into the input buffer or libfyaml's document. */
START_TEST(strings_survive_the_buffer)
{
  char *copy = strdup(good);
  struct dc_spec *sp;
  ck_assert_ptr_nonnull(copy);
  sp = dc_spec_load_buffer(ctx, "t.yaml", copy, strlen(copy), &diags);
  memset(copy, 'X', strlen(copy));
  free(copy);
  ck_assert_ptr_nonnull(sp);
  ck_assert_str_eq(sp->title, "Math for Backpropagation");
  ck_assert_str_eq(sp->sections[0].blocks[1].chains[1].elems[3].src,
                   "(yhat - y)/(yhat - yhat^2)");
  ck_assert_str_eq(sp->sections[0].blocks[0].text, "Prose $L$");
}
END_TEST

START_TEST(where_uses_later_where_and_globals)
{
  struct dc_spec *sp = load("definitions:\n  L: 2*yhat\n" SECTION
                            "      - where: {yhat: a, a: 1/(1 + exp(-z))}\n"
                            "        chains: ['L = 2*a']\n");
  ck_assert_msg(sp != NULL, "%s", dump());
  ck_assert_uint_eq(sp->sections[0].blocks[0].scope.nwhere, 2);
}
END_TEST

START_TEST(prime_with_single_variable_is_fine)
{
  ck_assert_msg(load(SECTION "      - chains: [\"(x^2)' = 2*x\"]\n") != NULL,
                "%s", dump());
}
END_TEST

START_TEST(from_chain_ok)
{
  struct dc_spec *sp = dc_spec_from_chain(ctx, "diff(x^2, x) = 2*x", &diags);
  const struct dc_chain *c;
  ck_assert_msg(sp != NULL, "%s", dump());
  ck_assert_str_eq(sp->path, "<command line>");
  ck_assert_uint_eq(sp->nsections, 1);
  ck_assert_uint_eq(sp->sections[0].nblocks, 1);
  ck_assert_int_eq(sp->sections[0].blocks[0].kind, DC_BLOCK_CHAINS);
  c = &sp->sections[0].blocks[0].chains[0];
  ck_assert_uint_eq(c->nelems, 2);
  ck_assert_str_eq(c->elems[1].src, "2*x");
  ck_assert_int_eq(c->elems[1].pos.line, 1);
  ck_assert_int_eq(c->elems[1].pos.col, 16);
}
END_TEST

START_TEST(from_chain_errors)
{
  const struct dc_diag *e;
  ck_assert_ptr_null(dc_spec_from_chain(ctx, "x = 3y", &diags));
  e = nth_diag(DC_SEV_ERROR, 0);
  ck_assert_str_eq(e->pos.file, "<command line>");
  ck_assert_int_eq(e->pos.line, 1);
  ck_assert_int_eq(e->pos.col, 6);
  dc_diags_free(&diags);
  dc_diags_init(&diags);
  ck_assert_ptr_null(dc_spec_from_chain(ctx, "x + 1", &diags));
  ck_assert_ptr_nonnull(strstr(nth_diag(DC_SEV_ERROR, 0)->msg,
                               "at least two expressions"));
}
END_TEST

START_TEST(load_from_file)
{
  char path[] = "/tmp/check_spec_XXXXXX";
  int fd = mkstemp(path);
  FILE *f;
  struct dc_spec *sp;
  ck_assert_int_ge(fd, 0);
  f = fdopen(fd, "w");
  ck_assert_ptr_nonnull(f);
  fputs("title: From a file\n" SECTION "      - chains: ['a = a']\n", f);
  fclose(f);
  sp = dc_spec_load(ctx, path, &diags);
  ck_assert_msg(sp != NULL, "%s", dump());
  ck_assert_str_eq(sp->title, "From a file");
  ck_assert_str_eq(sp->path, path);
  unlink(path);
  ck_assert_ptr_null(dc_spec_load(ctx, path, &diags));  /* gone now */
  ck_assert_ptr_nonnull(strstr(nth_diag(DC_SEV_ERROR, 0)->msg,
                               "cannot open spec"));
  ck_assert_int_eq(nth_diag(DC_SEV_ERROR, 0)->pos.line, 0);
}
END_TEST

static Suite *spec_suite(void)
{
  Suite *s = suite_create("spec");
  TCase *tc = tcase_create("errors");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_loop_test(tc, bad_spec_reports_first_error, 0,
                      (int)DC_ARRAY_LEN(bad_specs));
  tcase_add_test(tc, text_section_and_symbol_e_load);
  tcase_add_test(tc, safe_latex_and_tabs_load);
  tcase_add_test(tc, alias_is_reported_too);
  tcase_add_test(tc, billion_laughs_rejected_fast);
  tcase_add_test(tc, libfyaml_is_silent);
  tcase_add_test(tc, oversize_file_refused);
  tcase_add_test(tc, oversize_file_on_disk_refused);
  tcase_add_test(tc, overlong_expression_refused);
  tcase_add_test(tc, three_errors_all_reported);
  tcase_add_test(tc, error_count_is_capped);
  tcase_add_test(tc, many_keys_duplicate_found_fast);
  tcase_add_test(tc, long_where_line_loads_fast);
  tcase_add_test(tc, near_miss_in_long_where_list);
  suite_add_tcase(s, tc);

  tc = tcase_create("warnings");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, near_miss_warns_once);
  tcase_add_test(tc, undeclared_far_name_is_silent);
  suite_add_tcase(s, tc);

  tc = tcase_create("loads");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, good_front_matter);
  tcase_add_test(tc, latex_settings_and_text_position);
  tcase_add_test(tc, good_domains);
  tcase_add_test(tc, good_functions_use_params);
  tcase_add_test(tc, good_chains_and_scopes);
  tcase_add_test(tc, strings_survive_the_buffer);
  tcase_add_test(tc, where_uses_later_where_and_globals);
  tcase_add_test(tc, prime_with_single_variable_is_fine);
  tcase_add_test(tc, from_chain_ok);
  tcase_add_test(tc, from_chain_errors);
  tcase_add_test(tc, load_from_file);
  suite_add_tcase(s, tc);
  return s;
}

DC_TEST_MAIN(spec_suite)
