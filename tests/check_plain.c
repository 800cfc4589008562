/*
** check_plain.c: the plain printer (parse -> print -> parse gives the same
** node; added parentheses for generated trees), the growable string, and
** the report writers on hand-built results.
*/
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "expr/plain.h"
#include "emit/report.h"
#include "expr/node.h"
#include "expr/scope.h"
#include "parser/parse.h"
#include "parser/spec.h"
#include "tests/testutil.h"

static struct dc_ctx *ctx;
static struct dc_func fn_f, fn_g, fn_sigma;

/* A context where f(x), sigma(x) and g(x, y) are user functions. */
static void setup(void)
{
  struct dc_name *n;

  ctx = dc_ctx_new();
  ck_assert_ptr_nonnull(ctx);
  memset(&fn_f, 0, sizeof fn_f);
  memset(&fn_g, 0, sizeof fn_g);
  memset(&fn_sigma, 0, sizeof fn_sigma);
  n = dc_intern(ctx, "f", 1);
  fn_f.name = n;
  fn_f.nparams = 1;
  fn_f.params[0] = dc_intern(ctx, "x", 1);
  n->func = &fn_f;
  n = dc_intern(ctx, "sigma", 5);
  fn_sigma.name = n;
  fn_sigma.nparams = 1;
  n->func = &fn_sigma;
  n = dc_intern(ctx, "g", 1);
  fn_g.name = n;
  fn_g.nparams = 2;
  n->func = &fn_g;
}

static void teardown(void)
{
  dc_ctx_free(ctx);
}

static struct dc_node *parse(const char *s)
{
  struct dc_diags d;
  struct dc_node *e;

  dc_diags_init(&d);
  e = dc_parse_expr(ctx, s, strlen(s), NULL, &d);
  if (!e)
    ck_abort_msg("'%s' does not parse: %s", s, d.n ? d.v[0].msg : "?");
  dc_diags_free(&d);
  return e;
}

/* ---- round trip over parsed expressions ---- */

/* in: as written; out: the printed form (NULL: the same as in). */
static const struct {
  const char *in, *out;
} trips[] = {
  /* leaves and numbers as written */
  { "x", NULL }, { "yhat", NULL }, { "42", NULL }, { "0.5", NULL },
  { ".5", NULL }, { "1e-30", NULL }, { "2.5E+3", NULL },
  { "123456789012345678901234567890", NULL }, { "pi", NULL }, { "e", NULL },
  /* sums, differences: left-associative, spacing normalised */
  { "a + b", NULL }, { "a+b", "a + b" }, { "a - b - c", NULL },
  { "a - (b - c)", NULL }, { "a - (b + c)", NULL }, { "(a + b) + c", NULL },
  { "a + b - c + d", NULL },
  /* products and quotients */
  { "a*b", NULL }, { "a * b", "a*b" }, { "a/b/c", NULL }, { "a/(b/c)", NULL },
  { "a*b/c", NULL }, { "a*(b/c)", NULL }, { "(a + b)*c", NULL },
  { "x*(1-y)", "x*(1 - y)" },
  /* the sign of an expression against a factor's minus */
  { "-x", NULL }, { "-x*y", NULL }, { "-x*y/z", NULL }, { "(-x)*y", NULL },
  { "-(x*y)", NULL }, { "--x", "- -x" }, { "- -x*y", NULL },
  { "-(-x)*y", NULL }, { "a - -b", NULL }, { "a + -b", NULL },
  { "a + -x*y", NULL }, { "a - -x*y", NULL }, { "x*-y", NULL },
  { "x*-y*z", NULL }, { "-a*-b", NULL }, { "-a/-b", NULL },
  { "-(a + b)", NULL }, { "-a + b", NULL }, { "+x", "x" },
  { "+x - y", "x - y" }, { "x*- -y", NULL }, { "-2", NULL },
  { "-2*x", NULL },
  /* found by fuzzing: a leading '+' before a term's '-' */
  { "+-y1*x", "-y1*x" }, { "+-x*y + z", "-x*y + z" },
  /* powers: right-associative, ** kept */
  { "x^2", NULL }, { "-x^2", NULL }, { "(-x)^2", NULL }, { "2^-x", NULL },
  { "2^-x*y", NULL }, { "a^b^c", NULL }, { "(a^b)^c", NULL },
  { "a**b", NULL }, { "a**-b", NULL }, { "a ** b ^ c", "a**b^c" },
  { "a*b^c", NULL }, { "(a*b)^c", NULL }, { "a^-b^c", NULL },
  { "x^(1/2)", NULL }, { "2*x**2", NULL },
  /* grouping as written */
  { "((a))", NULL }, { "[a + b]*c", NULL }, { "-[a]", NULL },
  { "[(a)]", NULL },
  /* calls, primes and derivatives */
  { "exp(-x)", NULL }, { "1/(1 + exp(-x))", NULL }, { "g(x, y)", NULL },
  { "g(x,y+1)", "g(x, y + 1)" }, { "f'(x)", NULL }, { "f''(x)", NULL },
  { "sigma'(x)^2", NULL }, { "f(x)'", NULL }, { "y'", NULL },
  { "y''", NULL }, { "(x^2)'", NULL }, { "[x^2]''", NULL },
  { "y'^2", NULL }, { "-y'", NULL }, { "ln(x)", NULL },
  { "abs(x - 1)", NULL }, { "sqrt(x)^3", NULL },
  { "diff(x^2, x)", NULL }, { "diff(x^2,x,1)", "diff(x^2, x, 1)" },
  { "pdiff(L, w)", NULL }, { "diff(sin(x), x, 3)", NULL },
  { "pdiff(f(x), x, 2)", NULL }, { "diff(diff(x^3, x), x)", NULL },
  { "-diff(f(x), x)*2", NULL },
  /* the reference post's expressions */
  { "sigma(x)*(1 - sigma(x))", NULL },
  { "-y*log(yhat) - (1 - y)*log(1 - yhat)", NULL },
  { "(yhat - y)/(yhat - yhat^2)", NULL },
  { "-y/yhat + (1 - y)/(1 - yhat)", NULL },
  { "(-y/a + (1 - y)/(1 - a))*(a*(1 - a))", NULL },
};

START_TEST(round_trip)
{
  const char *in = trips[_i].in;
  const char *want = trips[_i].out ? trips[_i].out : in;
  struct dc_node *e = parse(in), *again;
  char *s = dc_plain_string(e);

  ck_assert_ptr_nonnull(s);
  ck_assert_str_eq(s, want);
  again = parse(s);
  ck_assert_msg(again == e, "'%s' printed as '%s' parses to another tree",
                in, s);
  free(s);
}
END_TEST

/* ---- generated trees ---- */

static struct dc_node *nm(const char *s)
{
  return dc_name_node(ctx, dc_intern(ctx, s, strlen(s)));
}

static struct dc_node *bin(enum dc_kind k, struct dc_node *a,
                           struct dc_node *b)
{
  return dc_binary(ctx, k, a, b, 0);
}

static struct dc_node *neg(struct dc_node *a)
{
  return dc_unary(ctx, DC_NEG, a);
}

static struct dc_node *rat(long n, long d)
{
  struct dc_node *r;
  mpq_t q;
  mpq_init(q);
  mpq_set_si(q, n, (unsigned long)d);
  mpq_canonicalize(q);
  r = dc_num(ctx, q, NULL);
  mpq_clear(q);
  return r;
}

/* The tree without DC_PAREN nodes: what a generated tree means. */
static struct dc_node *strip(struct dc_node *e)
{
  struct dc_node *a[DC_MAX_ARGS + 2];
  uint16_t i;

  if (e->kind == DC_PAREN)
    return strip(e->a[0]);
  for (i = 0; i < e->nargs; i++)
    a[i] = strip(e->a[i]);
  switch ((enum dc_kind)e->kind) {
  case DC_NEG: case DC_BRACKET:
    return dc_unary(ctx, (enum dc_kind)e->kind, a[0]);
  case DC_ADD: case DC_SUB: case DC_MUL: case DC_DIV: case DC_POW:
    return dc_binary(ctx, (enum dc_kind)e->kind, a[0], a[1], e->flags);
  case DC_CALL:
    return dc_call(ctx, e->name, e->ival, e->nargs, a);
  case DC_DIFF:
    return dc_diff(ctx, a[0], a[1], e->ival, e->flags);
  case DC_PRIME:
    return dc_prime(ctx, a[0], e->ival);
  default:
    return e;
  }
}

enum reparse {
  EXACT,        /* the printed text parses to this very node */
  UNPAREN,      /* it parses to this node plus added parentheses */
  NONE          /* a debugging form or a generated number */
};

struct gen_case {
  const char *want;
  enum reparse mode;
};

/* Generated tree number i (built here, since it needs the context). */
static struct dc_node *gen_tree(int i)
{
  struct dc_node *a = nm("a"), *b = nm("b"), *c = nm("c");
  struct dc_node *x = nm("x"), *y = nm("y"), *two = dc_num_si(ctx, 2);
  struct dc_node *args[2];

  switch (i) {
  case 0: return bin(DC_MUL, bin(DC_ADD, a, b), c);
  case 1: return bin(DC_MUL, c, bin(DC_ADD, a, b));
  case 2: return bin(DC_SUB, a, bin(DC_SUB, b, c));
  case 3: return bin(DC_SUB, a, bin(DC_ADD, b, c));
  case 4: return bin(DC_ADD, a, bin(DC_SUB, b, c));
  case 5: return bin(DC_SUB, bin(DC_SUB, a, b), c);
  case 6: return bin(DC_DIV, a, bin(DC_MUL, b, c));
  case 7: return bin(DC_DIV, a, bin(DC_DIV, b, c));
  case 8: return bin(DC_MUL, a, bin(DC_DIV, b, c));
  case 9: return bin(DC_DIV, bin(DC_MUL, a, b), c);
  case 10: return bin(DC_MUL, neg(x), y);
  case 11: return bin(DC_ADD, a, bin(DC_MUL, neg(x), y));
  case 12: return neg(bin(DC_MUL, x, y));
  case 13: return bin(DC_ADD, a, neg(bin(DC_MUL, x, y)));
  case 14: return bin(DC_POW, bin(DC_ADD, a, b), two);
  case 15: return bin(DC_POW, neg(a), two);
  case 16: return bin(DC_POW, bin(DC_POW, a, b), c);
  case 17: return bin(DC_POW, a, bin(DC_POW, b, c));
  case 18: return bin(DC_POW, a, bin(DC_MUL, b, c));
  case 19: return bin(DC_POW, a, neg(b));
  case 20: return neg(bin(DC_ADD, a, b));
  case 21: return neg(neg(a));
  case 22: return bin(DC_MUL, a, neg(b));
  case 23: return dc_prime(ctx, bin(DC_ADD, a, b), 1);
  case 24: return dc_prime(ctx, dc_prime(ctx, y, 1), 1);
  case 25: return bin(DC_POW, dc_prime(ctx, y, 1), two);
  case 26: return neg(bin(DC_POW, x, two));
  case 27: return bin(DC_DIV, neg(a), b);
  case 28: return neg(bin(DC_DIV, neg(a), b));
  case 29: return bin(DC_MUL, bin(DC_MUL, neg(a), b), c);
  case 30: return bin(DC_SUB, neg(a), neg(bin(DC_MUL, b, c)));
  case 31: return neg(neg(bin(DC_MUL, a, b)));
  case 32: return bin(DC_MUL, a, bin(DC_MUL, b, c));
  case 33: return bin(DC_MUL, bin(DC_SUB, a, b), neg(bin(DC_ADD, x, y)));
  case 34: return bin(DC_MUL, dc_num_si(ctx, -3), x);
  case 35: return bin(DC_ADD, x, dc_num_si(ctx, -3));
  case 36: return bin(DC_POW, rat(1, 2), x);
  case 37: return bin(DC_MUL, x, rat(1, 2));
  case 38: return bin(DC_ADD, x, rat(-1, 2));
  case 39: return neg(dc_num_si(ctx, -3));
  case 40: return dc_diff(ctx, bin(DC_ADD, x, y), x, 2, 0);
  case 41: return dc_diff(ctx, bin(DC_POW, x, two), x, 1,
                          DC_F_ORDER | DC_F_PARTIAL);
  case 42:
    args[0] = bin(DC_ADD, x, y);
    args[1] = neg(bin(DC_MUL, x, y));
    return dc_call(ctx, dc_intern(ctx, "g", 1), 0, 2, args);
  case 43: return bin(DC_MUL, dc_const(ctx, DC_CONST_PI),
                      dc_const(ctx, DC_CONST_E));
  case 44: return bin(DC_ADD, dc_hole(ctx, dc_intern(ctx, "yhat", 4)),
                      dc_param(ctx, dc_intern(ctx, "f", 1), 0));
  case 45: return dc_with(ctx, x, bin(DC_DIV, dc_num_si(ctx, 1), y));
  default: return NULL;
  }
}

static const struct gen_case gen[] = {
  /* 0 */ { "(a + b)*c", UNPAREN }, { "c*(a + b)", UNPAREN },
  /* 2 */ { "a - (b - c)", UNPAREN }, { "a - (b + c)", UNPAREN },
  /* 4 */ { "a + (b - c)", UNPAREN }, { "a - b - c", EXACT },
  /* 6 */ { "a/(b*c)", UNPAREN }, { "a/(b/c)", UNPAREN },
  /* 8 */ { "a*(b/c)", UNPAREN }, { "a*b/c", EXACT },
  /* 10 */ { "(-x)*y", UNPAREN }, { "a + -x*y", EXACT },
  /* 12 */ { "-x*y", EXACT }, { "a + -(x*y)", UNPAREN },
  /* 14 */ { "(a + b)^2", UNPAREN }, { "(-a)^2", UNPAREN },
  /* 16 */ { "(a^b)^c", UNPAREN }, { "a^b^c", EXACT },
  /* 18 */ { "a^(b*c)", UNPAREN }, { "a^-b", EXACT },
  /* 20 */ { "-(a + b)", UNPAREN }, { "- -a", EXACT },
  /* 22 */ { "a*-b", EXACT }, { "(a + b)'", UNPAREN },
  /* 24 */ { "(y')'", UNPAREN }, { "y'^2", EXACT },
  /* 26 */ { "-x^2", EXACT }, { "(-a)/b", UNPAREN },
  /* 28 */ { "- -a/b", EXACT }, { "(-a)*b*c", UNPAREN },
  /* 30 */ { "-a - -(b*c)", UNPAREN }, { "- -(a*b)", UNPAREN },
  /* 32 */ { "a*(b*c)", UNPAREN }, { "(a - b)*-(x + y)", UNPAREN },
  /* 34 */ { "(-3)*x", NONE }, { "x + -3", NONE },
  /* 36 */ { "(1/2)^x", NONE }, { "x*(1/2)", NONE },
  /* 38 */ { "x + (-1/2)", NONE }, { "- -3", NONE },
  /* 40 */ { "diff(x + y, x, 2)", NONE }, { "pdiff(x^2, x, 1)", EXACT },
  /* 42 */ { "g(x + y, -x*y)", EXACT }, { "pi*e", NONE },
  /* 44 */ { "?yhat + $x", NONE }, { "with(x, 1/y)", NONE },
};

START_TEST(generated_trees)
{
  struct dc_node *e = gen_tree(_i), *again;
  char *s;

  ck_assert_ptr_nonnull(e);
  s = dc_plain_string(e);
  ck_assert_ptr_nonnull(s);
  ck_assert_str_eq(s, gen[_i].want);
  if (gen[_i].mode != NONE) {
    again = parse(s);
    if (gen[_i].mode == EXACT)
      ck_assert_msg(again == e, "'%s' parses to another tree", s);
    else
      ck_assert_msg(again != e && strip(again) == e,
                    "'%s' is not the tree plus parentheses", s);
  }
  free(s);
}
END_TEST

/* A small deterministic generator for random trees (xorshift). */
static unsigned long long rnd_state;

static unsigned rnd(unsigned n)
{
  rnd_state ^= rnd_state << 13;
  rnd_state ^= rnd_state >> 7;
  rnd_state ^= rnd_state << 17;
  return (unsigned)(rnd_state % n);
}

/* A random tree of the kinds the parser makes, at most depth deep. */
static struct dc_node *random_tree(int depth)
{
  static const char *const names[] = { "x", "y", "a", "b" };
  struct dc_node *args[2];
  unsigned k = depth <= 0 ? rnd(2) : rnd(13);

  switch (k) {
  case 0: return nm(names[rnd(4)]);
  case 1: return dc_num_si(ctx, (long)rnd(4));
  case 2: return neg(random_tree(depth - 1));
  case 3: case 4: case 5: case 6:
    return bin((enum dc_kind)(DC_ADD + (k - 3)), random_tree(depth - 1),
               random_tree(depth - 1));
  case 7:
    return dc_binary(ctx, DC_POW, random_tree(depth - 1),
                     random_tree(depth - 1), rnd(2) ? DC_F_STARSTAR : 0);
  case 8:
    return dc_unary(ctx, rnd(2) ? DC_PAREN : DC_BRACKET,
                    random_tree(depth - 1));
  case 9:
    args[0] = random_tree(depth - 1);
    args[1] = random_tree(depth - 1);
    return rnd(2) ? dc_call(ctx, dc_intern(ctx, "g", 1), 0, 2, args)
                  : dc_call(ctx, dc_intern(ctx, "f", 1), (int)rnd(3), 1, args);
  case 10:
    return dc_prime(ctx, random_tree(depth - 1), 1 + (int)rnd(2));
  case 11: {
    int order = 1 + (int)rnd(3);
    unsigned flags = (rnd(2) ? DC_F_PARTIAL : 0) |
                     (order > 1 || rnd(2) ? DC_F_ORDER : 0);
    return dc_diff(ctx, random_tree(depth - 1), nm(names[rnd(4)]), order,
                   flags);
  }
  default:
    return dc_unary(ctx, DC_NEG, bin(DC_MUL, random_tree(depth - 1),
                                     random_tree(depth - 1)));
  }
}

/* Any tree of parser kinds prints as text that parses back to it, give or
** take the parentheses the printer had to add.  DC_TEST_SEED picks another
** sequence; the seed is in every failure message. */
START_TEST(random_trees)
{
  const char *env = getenv("DC_TEST_SEED");
  unsigned long long seed = env ? strtoull(env, NULL, 10) : 20240601;
  int i;

  rnd_state = seed * 2654435761u + 1;
  for (i = 0; i < 3000; i++) {
    struct dc_node *e = random_tree(1 + (int)rnd(6)), *again;
    char *s = dc_plain_string(e);
    ck_assert_ptr_nonnull(s);
    again = parse(s);
    ck_assert_msg(strip(again) == strip(e),
                  "seed %llu tree %d: '%s' parses to another tree", seed, i,
                  s);
    free(s);
  }
}
END_TEST

/* Print and parse again one element of a loaded spec; its count. */
static size_t trip_element(struct dc_ctx *c, const struct dc_element *e,
                           const char *path)
{
  struct dc_diags d;
  struct dc_node *again;
  char *s;

  if (!e->expr)
    return 0;
  s = dc_plain_string(e->expr);
  ck_assert_ptr_nonnull(s);
  dc_diags_init(&d);
  again = dc_parse_expr(c, s, strlen(s), NULL, &d);
  ck_assert_msg(again == e->expr, "%s:%d:%d: '%s' printed as '%s' does not "
                "parse back", path, e->pos.line, e->pos.col, e->src, s);
  dc_diags_free(&d);
  free(s);
  return 1;
}

/* Every expression of every example spec survives print -> parse. */
START_TEST(example_specs)
{
  char dir[1024], path[2048];
  size_t nspecs = 0, nexprs = 0, i, k, c, j;
  struct dirent *ent;
  DIR *dp;

  snprintf(dir, sizeof dir, "%s/specs", SRCDIR);
  dp = opendir(dir);
  ck_assert_msg(dp != NULL, "cannot open %s", dir);
  while ((ent = readdir(dp)) != NULL) {
    size_t n = strlen(ent->d_name);
    struct dc_ctx *c2;
    struct dc_diags d;
    struct dc_spec *sp;

    if (n < 6 || strcmp(ent->d_name + n - 5, ".yaml") != 0)
      continue;
    /* a post's context (parser/post.h) is no spec */
    if (n > 13 && strcmp(ent->d_name + n - 13, "-context.yaml") == 0)
      continue;
    snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
    c2 = dc_ctx_new();
    dc_diags_init(&d);
    sp = dc_spec_load(c2, path, &d);
    ck_assert_msg(sp != NULL, "%s does not load", path);
    for (i = 0; i < sp->nsections; i++)
      for (k = 0; k < sp->sections[i].nblocks; k++) {
        const struct dc_block *b = &sp->sections[i].blocks[k];
        if (b->kind == DC_BLOCK_DERIVE)
          nexprs += trip_element(c2, &b->derive, path);
        for (c = 0; c < b->nchains; c++)
          for (j = 0; j < b->chains[c].nelems; j++)
            nexprs += trip_element(c2, &b->chains[c].elems[j], path);
      }
    dc_diags_free(&d);
    dc_ctx_free(c2);
    nspecs++;
  }
  closedir(dp);
  ck_assert_uint_ge(nspecs, 1);
  ck_assert_uint_ge(nexprs, 10);
}
END_TEST

/* A guard prints its domain; each bound form once. */
START_TEST(guard_domains)
{
  struct dc_domain d;
  mpq_t *lo = dc_new_rational(ctx), *hi = dc_new_rational(ctx);
  char *s;

  mpq_set_si(*lo, 0, 1);
  mpq_set_si(*hi, 1, 2);
  memset(&d, 0, sizeof d);
  d.lo = lo;
  d.hi = hi;
  d.hi_open = 1;
  s = dc_plain_string(dc_guard(ctx, nm("x"), &d));
  ck_assert_str_eq(s, "guard(x, [0, 1/2))");
  free(s);
  d.hi = NULL;
  d.hi_inf = 1;
  d.lo_open = 1;
  s = dc_plain_string(dc_guard(ctx, nm("y"), &d));
  ck_assert_str_eq(s, "guard(y, (0, inf))");
  free(s);
}
END_TEST

/* ---- dc_buf ---- */

START_TEST(buf_grows)
{
  struct dc_buf b;
  int i;

  dc_buf_init(&b);
  for (i = 0; i < 1000; i++)
    dc_buf_printf(&b, "%d,", i % 10);
  ck_assert_uint_eq(b.len, 2000);
  ck_assert_uint_eq(strlen(b.s), 2000);
  ck_assert(strncmp(b.s + 1990, "5,6,7,8,9,", 10) == 0);
  dc_buf_printf(&b, "%0300d", 7);  /* longer than any free space */
  ck_assert_uint_eq(b.len, 2300);
  ck_assert_int_eq(b.s[2299], '7');
  dc_buf_add(&b, "xyz", 2);
  ck_assert_str_eq(b.s + 2300, "xy");
  ck_assert_int_eq(b.oom, 0);
  dc_buf_free(&b);
  ck_assert_ptr_null(b.s);
}
END_TEST

/* ---- reports on a hand-built spec and result ---- */

static struct dc_element elems[3];
static struct dc_chain chain;
static struct dc_block block;
static struct dc_section section;
static struct dc_spec spec;
static struct dc_link_result links[2];
static struct dc_binding_value at[4];
static struct dc_chain_result chain_res;
static struct dc_block_result block_res;
static struct dc_block_result *blocks_res[1];
static struct dc_spec_result res;
static const struct dc_check_params params = { 256, 32, 1 };

static void set_elem(int i, const char *src, int line, int col)
{
  elems[i].expr = parse(src);
  elems[i].src = src;
  elems[i].pos.file = "t.yaml";
  elems[i].pos.line = line;
  elems[i].pos.col = col;
}

static void set_at(int i, const char *name, const char *value, int derived)
{
  at[i].name = name;
  snprintf(at[i].value, sizeof at[i].value, "%s", value);
  at[i].derived = derived;
}

/* t.yaml: one chain a*(b + c) = a*b + a*c = a*b + c; the second link
** fails at a = 0.5, b = 1.25, c = 2. */
static void report_setup(void)
{
  setup();
  memset(links, 0, sizeof links);
  set_elem(0, "a*(b + c)", 3, 9);
  set_elem(1, "a*b + a*c", 3, 21);
  set_elem(2, "a*b + c", 4, 9);
  chain.elems = elems;
  chain.nelems = 3;
  chain.pos.line = 3;
  chain.pos.col = 7;
  memset(&block, 0, sizeof block);
  block.kind = DC_BLOCK_CHAINS;
  block.chains = &chain;
  block.nchains = 1;
  block.pos.line = 2;
  section.title = "Distributing";
  section.blocks = &block;
  section.nblocks = 1;
  section.pos.line = 1;
  memset(&spec, 0, sizeof spec);
  spec.path = "t.yaml";
  spec.sections = &section;
  spec.nsections = 1;
  links[0].verdict = DC_PASS;
  links[0].nvalid = links[0].ntried = 32;
  links[1].verdict = DC_FAIL;
  links[1].nvalid = 1;
  links[1].ntried = 1;
  links[0].precision_used = 256;
  links[1].precision_used = 512;  /* confirmed at twice the precision */
  set_at(0, "a", "0.5", 0);
  set_at(1, "b", "1.25", 0);
  set_at(2, "c", "2", 0);
  set_at(3, "s", "3.25", 1);
  links[1].at = at;
  links[1].nat = 4;
  strcpy(links[1].left, "1.625");
  strcpy(links[1].right, "2.625");
  chain_res.links = links;
  chain_res.nlinks = 2;
  block_res.chains = &chain_res;
  block_res.nchains = 1;
  blocks_res[0] = &block_res;
  memset(&res, 0, sizeof res);
  res.blocks = blocks_res;
  res.nlinks = 2;
  res.npassed = 1;
  res.nfailed = 1;
  res.nchains = 1;
}

/* The report of the spec above in a format, as a malloc'd string. */
static char *run_report(enum dc_report_format f, int verbosity, int color)
{
  struct dc_report_opts o = { DC_REPORT_TEXT, 0, 0, NULL, NULL };
  struct dc_report *r;
  char *text = NULL;
  size_t n = 0;
  FILE *out = open_memstream(&text, &n);

  ck_assert_ptr_nonnull(out);
  o.format = f;
  o.verbosity = verbosity;
  o.color = color;
  r = dc_report_new(out, &o);
  ck_assert_ptr_nonnull(r);
  dc_report_spec(r, &spec, &params, &res);
  dc_report_finish(r);
  fclose(out);
  return text;
}

static const char failure_text[] =
  "t.yaml:4:9: error: step 3 does not equal step 2 (line 3)\n"
  "  a*b + a*c  =/=  a*b + c\n"
  "  at a = 0.5, b = 1.25, c = 2 (s = 3.25)\n"
  "  left  = 1.625\n"
  "  right = 2.625\n";

START_TEST(report_text)
{
  char *t = run_report(DC_REPORT_TEXT, 0, 0);
  ck_assert_str_eq(t, "t.yaml:4:9: error: step 3 does not equal step 2 "
                   "(line 3)\n"
                   "  a*b + a*c  =/=  a*b + c\n"
                   "  at a = 0.5, b = 1.25, c = 2 (s = 3.25)\n"
                   "  left  = 1.625\n"
                   "  right = 2.625\n"
                   "t.yaml: 1 chain, 2 links: 1 passed, 1 failed "
                   "(256 bits, 32 samples, seed 1)\n");
  free(t);
}
END_TEST

START_TEST(report_text_quiet_and_pass)
{
  char *t = run_report(DC_REPORT_TEXT, -1, 0);
  ck_assert_str_eq(t, failure_text);
  free(t);
  /* All passed: quiet prints nothing, normal one line. */
  links[1].verdict = DC_PASS;
  res.npassed = 2;
  res.nfailed = 0;
  t = run_report(DC_REPORT_TEXT, -1, 0);
  ck_assert_str_eq(t, "");
  free(t);
  t = run_report(DC_REPORT_TEXT, 0, 0);
  ck_assert_str_eq(t, "t.yaml: 1 chain, 2 links: 2 passed "
                   "(256 bits, 32 samples, seed 1)\n");
  free(t);
}
END_TEST

START_TEST(report_text_verbose_color)
{
  char *t = run_report(DC_REPORT_TEXT, 1, 0);
  ck_assert_ptr_nonnull(strstr(t, "t.yaml:3:21: step 2: pass "
                               "(32 valid samples of 32 tried, 256 bits)\n"));
  ck_assert_ptr_nonnull(strstr(t, "t.yaml:4:9: step 3: fail "
                               "(1 valid sample of 1 tried, 512 bits)\n"));
  ck_assert_ptr_nonnull(strstr(t, failure_text));
  free(t);
  t = run_report(DC_REPORT_TEXT, 0, 1);
  ck_assert_ptr_nonnull(strstr(t, "\033[1;31merror:\033[0m step 3"));
  free(t);
  t = run_report(DC_REPORT_TEXT, 0, 0);
  ck_assert_ptr_null(strchr(t, '\033'));
  free(t);
}
END_TEST

START_TEST(report_undetermined)
{
  char *t;
  links[1].verdict = DC_UNDETERMINED;
  links[1].nat = 0;
  strcpy(links[1].reason, "only 3 of 2048 points were defined");
  res.nfailed = 0;
  res.nundetermined = 1;
  t = run_report(DC_REPORT_TEXT, 0, 0);
  ck_assert_str_eq(t, "t.yaml:4:9: error: step 3 could not be checked: "
                   "only 3 of 2048 points were defined\n"
                   "  a*b + a*c  =  a*b + c\n"
                   "t.yaml: 1 chain, 2 links: 1 passed, 1 undetermined "
                   "(256 bits, 32 samples, seed 1)\n");
  free(t);
  t = run_report(DC_REPORT_JSON, 0, 0);
  ck_assert_ptr_nonnull(strstr(t, "\"verdict\":\"undetermined\""));
  ck_assert_ptr_nonnull(strstr(t, "\"reason\":\"only 3 of 2048"));
  free(t);
}
END_TEST

START_TEST(report_tap)
{
  char *t = run_report(DC_REPORT_TAP, 0, 0);
  ck_assert_str_eq(t, "TAP version 13\n"
                   "ok 1 - t.yaml:3:21 step 2\n"
                   "not ok 2 - t.yaml:4:9 step 3\n"
                   "  ---\n"
                   "  message: \"step 3 does not equal step 2\"\n"
                   "  verdict: \"fail\"\n"
                   "  left_expr: \"a*b + a*c\"\n"
                   "  right_expr: \"a*b + c\"\n"
                   "  valid_samples: 1\n"
                   "  at:\n"
                   "    \"a\": \"0.5\"\n"
                   "    \"b\": \"1.25\"\n"
                   "    \"c\": \"2\"\n"
                   "    \"s\": \"3.25\"\n"
                   "  left: \"1.625\"\n"
                   "  right: \"2.625\"\n"
                   "  ...\n"
                   "1..2\n");
  free(t);
}
END_TEST

START_TEST(report_json)
{
  char *t = run_report(DC_REPORT_JSON, 0, 0);
  ck_assert_str_eq(t,
    "{\"version\":1,\"specs\":[\n"
    "{\"version\":1,\"file\":\"t.yaml\",\"title\":null,"
    "\"precision\":256,\"samples\":32,\"seed\":1,"
    "\"sections\":[{\"title\":\"Distributing\",\"line\":1,\"blocks\":["
    "{\"kind\":\"chains\",\"line\":2,\"end_line\":4,"
    "\"chains\":[{\"line\":3,\"col\":7,"
    "\"elements\":["
    "{\"expr\":\"a*(b + c)\",\"source\":\"a*(b + c)\",\"latex\":\"a(b + c)\","
    "\"line\":3,\"col\":9,\"typeset_line\":0},"
    "{\"expr\":\"a*b + a*c\",\"source\":\"a*b + a*c\",\"latex\":\"ab + ac\","
    "\"line\":3,\"col\":21,\"typeset_line\":0},"
    "{\"expr\":\"a*b + c\",\"source\":\"a*b + c\",\"latex\":\"ab + c\","
    "\"line\":4,\"col\":9,\"typeset_line\":0}],"
    "\"links\":["
    "{\"step\":2,\"verdict\":\"pass\",\"valid_samples\":32,\"tried\":32,"
    "\"precision_used\":256,\"proof\":\"sampled\"},"
    "{\"step\":3,\"verdict\":\"fail\",\"valid_samples\":1,\"tried\":1,"
    "\"precision_used\":512,"
    "\"counterexample\":{\"at\":{\"a\":\"0.5\",\"b\":\"1.25\",\"c\":\"2\"},"
    "\"derived\":{\"s\":\"3.25\"},\"left\":\"1.625\",\"right\":\"2.625\","
    "\"certified\":\"none\"}}"
    "]}]}]}],\"skipped\":[],"
    "\"summary\":{\"ok\":false,\"chains\":1,\"links\":2,\"passed\":1,"
    "\"proved\":0,\"failed\":1,\"undetermined\":0,\"skipped\":0}}\n],"
    "\"summary\":{\"ok\":false,\"specs\":1,\"invalid\":0,\"chains\":1,"
    "\"links\":2,\"passed\":1,\"proved\":0,\"failed\":1,"
    "\"undetermined\":0,\"skipped\":0}}\n");
  free(t);
}
END_TEST

/* Quotes, backslashes, control characters, UTF-8 and a bad byte. */
START_TEST(report_json_escapes)
{
  char *t;
  spec.path = "we\"ird\\\t\x01\xc5\xb7.yaml\xff";
  t = run_report(DC_REPORT_JSON, 0, 0);
  ck_assert_ptr_nonnull(strstr(t, "\"file\":\"we\\\"ird\\\\\\t\\u0001"
                               "\xc5\xb7.yaml\\ufffd\""));
  free(t);
}
END_TEST

START_TEST(report_two_specs_and_error)
{
  struct dc_report_opts o = { DC_REPORT_JSON, 0, 0, NULL, NULL };
  struct dc_diags d;
  struct dc_pos p = { "bad.yaml", 2, 5 };
  struct dc_report *r;
  char *text = NULL;
  size_t n = 0;
  FILE *out;
  int fmt;

  dc_diags_init(&d);
  dc_error(&d, p, "unknown key 'chians'");
  for (fmt = DC_REPORT_TAP; fmt <= DC_REPORT_JSON; fmt++) {
    out = open_memstream(&text, &n);
    o.format = (enum dc_report_format)fmt;
    r = dc_report_new(out, &o);
    dc_report_spec(r, &spec, &params, &res);
    dc_report_spec_error(r, "bad.yaml", &d);
    dc_report_finish(r);
    fclose(out);
    if (fmt == DC_REPORT_TAP) {
      ck_assert_ptr_nonnull(strstr(text, "not ok 3 - bad.yaml: spec loads\n"));
      /* Each diagnostic a mapping: prove's YAMLish reader takes a bare
      ** list item "- \"f:2:5: error: ...\"" for a key. */
      ck_assert_ptr_nonnull(strstr(text, "  diagnostics:\n"
                                   "    - severity: \"error\"\n"
                                   "      file: \"bad.yaml\"\n"
                                   "      line: 2\n      col: 5\n"
                                   "      message: \"unknown key 'chians'\"\n"
                                   "  ...\n"));
      ck_assert_ptr_nonnull(strstr(text, "\n1..3\n"));
    } else {
      ck_assert_ptr_nonnull(strstr(text, "}\n],\"summary\":{\"ok\":false,"
                                   "\"specs\":2,\"invalid\":1,"));
      ck_assert_ptr_nonnull(strstr(text, "},\n{\"version\":1,"
                                   "\"file\":\"bad.yaml\",\"error\":"));
      ck_assert_ptr_nonnull(strstr(text, "\"line\":2,\"col\":5,"
                                   "\"message\":\"unknown key 'chians'\""));
    }
    free(text);
    text = NULL;
  }
  dc_diags_free(&d);
}
END_TEST

/* Diagnostics come out sorted by file and position (a note stays after
** the diagnostic it follows), and counted past the caps. */
START_TEST(print_diags)
{
  static const char head[] = "derivcheck: warning: w\n"
                             "f.yaml: note: whole file\n"
                             "f.yaml: error: more\n";
  struct dc_diags d;
  struct dc_pos p = { "f.yaml", 2, 3 }, none = { NULL, 0, 0 };
  char *text = NULL;
  size_t n = 0;
  FILE *out = open_memstream(&text, &n);
  int i;

  dc_diags_init(&d);
  dc_error(&d, p, "bad %s", "thing");
  dc_warning(&d, none, "w");
  p.line = 0;
  dc_note(&d, p, "whole file");
  for (i = 0; i < 24; i++)
    dc_error(&d, p, "more");
  dc_print_diags(out, &d, 0);
  fclose(out);
  ck_assert_msg(strncmp(text, head, strlen(head)) == 0, "got:\n%s", text);
  ck_assert_ptr_nonnull(strstr(text, "f.yaml: error: more\n"
                               "f.yaml:2:3: error: bad thing\n"));
  ck_assert_ptr_nonnull(strstr(text, "derivcheck: note: 5 more errors not "
                               "shown\n"));
  free(text);
  dc_diags_free(&d);
}
END_TEST

/* The source line and a caret under the column; what a terminal would
** act on is quoted, in the message and in the line, and the caret still
** lines up under the quoted form. */
START_TEST(print_diags_excerpt)
{
  static const char want[] =
    "s.yaml:2:10: error: bad \\x1b and U+202E\n"
    "    b: \\x1b[2Kx\n"
    "              ^\n"
    "s.yaml:3:2: warning: w\n"
    "  \\tc\n"
    "    ^\n";
  static const char src[] = "a: 1\n  b: \x1b[2Kx\n\tc\n";
  struct dc_diags d;
  struct dc_pos p = { "s.yaml", 3, 2 };
  char *text = NULL;
  size_t n = 0;
  FILE *out = open_memstream(&text, &n);

  dc_diag_source("s.yaml", src, strlen(src));
  dc_diags_init(&d);
  dc_warning(&d, p, "w");
  p.line = 2;
  p.col = 10;
  dc_error(&d, p, "bad \x1b and \xe2\x80\xae");
  dc_print_diags(out, &d, 0);
  fclose(out);
  ck_assert_str_eq(text, want);
  free(text);
  dc_diags_free(&d);
  dc_diag_source(NULL, NULL, 0);
}
END_TEST

static Suite *plain_suite(void)
{
  Suite *s = suite_create("plain");
  TCase *tc = tcase_create("round trip");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_loop_test(tc, round_trip, 0, (int)DC_ARRAY_LEN(trips));
  suite_add_tcase(s, tc);

  tc = tcase_create("generated");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_loop_test(tc, generated_trees, 0, (int)DC_ARRAY_LEN(gen));
  tcase_add_test(tc, random_trees);
  tcase_add_test(tc, example_specs);
  tcase_add_test(tc, guard_domains);
  tcase_add_test(tc, buf_grows);
  suite_add_tcase(s, tc);

  tc = tcase_create("report");
  tcase_add_checked_fixture(tc, report_setup, teardown);
  tcase_add_test(tc, report_text);
  tcase_add_test(tc, report_text_quiet_and_pass);
  tcase_add_test(tc, report_text_verbose_color);
  tcase_add_test(tc, report_undetermined);
  tcase_add_test(tc, report_tap);
  tcase_add_test(tc, report_json);
  tcase_add_test(tc, report_json_escapes);
  tcase_add_test(tc, report_two_specs_and_error);
  tcase_add_test(tc, print_diags);
  tcase_add_test(tc, print_diags_excerpt);
  suite_add_tcase(s, tc);
  return s;
}

DC_TEST_MAIN(plain_suite)
