/*
** check_expr.c: the expression core: interning, hash-consing, numbers,
** substitution, source maps, edit distance, the arena budget.
*/
#include <stdint.h>
#include <string.h>
#include "expr/arena.h"
#include "expr/builtins.h"
#include "expr/diag.h"
#include "expr/node.h"
#include "expr/scope.h"
#include "tests/testutil.h"

static struct dc_ctx *ctx;

static void setup(void) { ctx = dc_ctx_new(); ck_assert_ptr_nonnull(ctx); }
static void teardown(void) { dc_ctx_free(ctx); }

START_TEST(intern_same_pointer)
{
  struct dc_name *a = dc_intern(ctx, "yhat", 4);
  struct dc_name *b = dc_intern(ctx, "yhatx", 4);
  struct dc_name *c = dc_intern(ctx, "y", 1);
  ck_assert_ptr_eq(a, b);
  ck_assert_ptr_ne(a, c);
  ck_assert_str_eq(a->s, "yhat");
  ck_assert_int_eq(a->builtin, -1);
  ck_assert_int_eq(dc_intern(ctx, "ln", 2)->builtin, DC_FN_LOG);
  ck_assert_ptr_eq(dc_lookup_name(ctx, "y", 1), c);
  ck_assert_ptr_null(dc_lookup_name(ctx, "zz", 2));
}
END_TEST

START_TEST(hash_consing_shares)
{
  struct dc_node *x = dc_name_node(ctx, dc_intern(ctx, "x", 1));
  struct dc_node *one = dc_num_si(ctx, 1);
  struct dc_node *s1 = dc_binary(ctx, DC_ADD, x, one, 0);
  struct dc_node *s2 = dc_binary(ctx, DC_ADD, x, dc_num_si(ctx, 1), 0);
  struct dc_node *s3 = dc_binary(ctx, DC_ADD, one, x, 0);
  ck_assert_ptr_eq(s1, s2);
  ck_assert_ptr_ne(s1, s3);  /* operand order is kept as written */
  ck_assert_ptr_ne(dc_unary(ctx, DC_PAREN, s1), s1);
  ck_assert_ptr_eq(dc_unary(ctx, DC_PAREN, s1), dc_unary(ctx, DC_PAREN, s2));
}
END_TEST

START_TEST(numbers_keep_text)
{
  mpq_t h;
  struct dc_node *a, *b;
  mpq_init(h);
  mpq_set_ui(h, 1, 2);
  a = dc_num(ctx, h, "0.5");
  b = dc_num(ctx, h, "0.50");
  ck_assert_ptr_ne(a, b);  /* same value, written differently */
  ck_assert_str_eq(a->text, "0.5");
  ck_assert_int_eq(mpq_cmp(*a->q, *b->q), 0);
  ck_assert_ptr_eq(dc_num(ctx, h, NULL), dc_num(ctx, h, "1/2"));
  ck_assert(dc_is_num(dc_num_si(ctx, -3), -3));
  ck_assert(!dc_is_num(a, 0));
  mpq_clear(h);
}
END_TEST

START_TEST(subst_replaces_leaves)
{
  struct dc_node *x = dc_name_node(ctx, dc_intern(ctx, "x", 1));
  struct dc_node *y = dc_name_node(ctx, dc_intern(ctx, "y", 1));
  struct dc_node *e = dc_binary(ctx, DC_MUL, x, dc_binary(ctx, DC_ADD, x, y, 0), 0);
  struct dc_node *two = dc_num_si(ctx, 2);
  struct dc_node *r = dc_subst(ctx, e, 1, &x, &two);
  ck_assert_ptr_eq(r, dc_binary(ctx, DC_MUL, two, dc_binary(ctx, DC_ADD, two, y, 0), 0));
  ck_assert_ptr_eq(dc_subst(ctx, e, 1, &two, &x), e);  /* nothing to replace */
  ck_assert_uint_eq(dc_dag_size(e), 4);
  /* Counted up to a limit: exact at or below it, limit + 1 above. */
  ck_assert_uint_eq(dc_dag_size_upto(e, 4), 4);
  ck_assert_uint_eq(dc_dag_size_upto(e, 10), 4);
  ck_assert_uint_eq(dc_dag_size_upto(e, 3), 4);
  ck_assert_uint_eq(dc_dag_size_upto(e, 1), 2);
}
END_TEST

START_TEST(dag_size_stops_at_its_limit)
{
  /* s_k = s_(k-1) * s_(k-1) + 1: two new nodes per level, 200002 in all
  ** and 200001 deep; deciding "more than 400" looks at 401 of them. */
  struct dc_node *x = dc_name_node(ctx, dc_intern(ctx, "x", 1));
  struct dc_node *one = dc_num_si(ctx, 1), *s = x;
  int k;
  for (k = 0; k < 100000; k++)
    s = dc_binary(ctx, DC_ADD, dc_binary(ctx, DC_MUL, s, s, 0), one, 0);
  ck_assert_ptr_nonnull(s);
  ck_assert_uint_eq(dc_dag_size_upto(s, 400), 401);
  ck_assert_uint_eq(dc_dag_size_upto(s, 0), 1);
}
END_TEST

START_TEST(srcmap_positions)
{
  struct dc_srcmap m = { "f.yaml", 3, 10, 4 };
  const char *t = "a \xe2\x88\x92 b\nc";
  struct dc_pos p = dc_srcmap_pos(&m, t, strlen(t), 0);
  ck_assert_int_eq(p.line, 3);
  ck_assert_int_eq(p.col, 10);
  p = dc_srcmap_pos(&m, t, strlen(t), 6);  /* 'b': the minus is one column */
  ck_assert_int_eq(p.col, 14);
  p = dc_srcmap_pos(&m, t, strlen(t), 8);  /* 'c' on the next line */
  ck_assert_int_eq(p.line, 4);
  ck_assert_int_eq(p.col, 5);
}
END_TEST

START_TEST(edit_distance)
{
  /* a swap of two neighbours is one edit (yaht for yhat) */
  ck_assert_uint_eq(dc_edit_distance("sigma", 5, "sigam", 5, 3), 1);
  ck_assert_uint_eq(dc_edit_distance("yaht", 4, "yhat", 4, 1), 1);
  ck_assert_uint_eq(dc_edit_distance("ab", 2, "ba", 2, 3), 1);
  ck_assert_uint_eq(dc_edit_distance("abc", 3, "ca", 2, 3), 3);
  ck_assert_uint_eq(dc_edit_distance("yhat", 4, "tahy", 4, 1), 2);
  ck_assert_uint_eq(dc_edit_distance("yhat", 4, "yht", 3, 3), 1);
  ck_assert_uint_eq(dc_edit_distance("exp", 3, "exp", 3, 3), 0);
  ck_assert_uint_eq(dc_edit_distance("a", 1, "abcdef", 6, 2), 3);
}
END_TEST

START_TEST(arena_budget)
{
  struct dc_arena a;
  dc_arena_init(&a, 1000);
  ck_assert_ptr_nonnull(dc_arena_alloc(&a, 500));
  ck_assert(!a.budget_spent);
  ck_assert_ptr_null(dc_arena_alloc(&a, 600));
  ck_assert(a.budget_spent);  /* refused for the budget, not by malloc */
  ck_assert_ptr_nonnull(dc_arena_alloc(&a, 100));
  dc_arena_free(&a);
}
END_TEST

START_TEST(scope_lookup_and_depends)
{
  struct dc_name *L = dc_intern(ctx, "L", 1), *yhat = dc_intern(ctx, "yhat", 4);
  struct dc_name *w = dc_intern(ctx, "w", 1), *x = dc_intern(ctx, "x", 1);
  struct dc_name *pi = dc_intern(ctx, "pi", 2), *syms[8];
  struct dc_def gdef = { L, NULL, NULL, { 0 } };
  struct dc_def wdef = { yhat, NULL, NULL, { 0 } };
  struct dc_scope sc = { &wdef, 1, NULL };
  const struct dc_def *d = NULL;
  int c = -1;
  long n;

  gdef.expr = dc_binary(ctx, DC_MUL, dc_name_node(ctx, yhat), dc_name_node(ctx, pi), 0);
  L->def = &gdef;
  wdef.expr = dc_binary(ctx, DC_MUL, dc_name_node(ctx, w), dc_name_node(ctx, x), 0);
  ck_assert_int_eq(dc_scope_lookup(&sc, yhat, &d, &c), DC_BIND_WHERE);
  ck_assert_int_eq(dc_scope_lookup(NULL, yhat, &d, &c), DC_BIND_SYMBOL);
  ck_assert_int_eq(dc_scope_lookup(&sc, L, &d, &c), DC_BIND_DEF);
  ck_assert_int_eq(dc_scope_lookup(&sc, pi, &d, &c), DC_BIND_CONST);
  ck_assert_int_eq(c, DC_CONST_PI);
  /* L reaches w and x through the block's yhat: late binding. */
  ck_assert(dc_depends_on(&sc, dc_name_node(ctx, L), w));
  ck_assert(!dc_depends_on(NULL, dc_name_node(ctx, L), w));
  n = dc_free_symbols(ctx, &sc, dc_name_node(ctx, L), syms, 8);
  ck_assert_int_eq(n, 2);
  ck_assert_str_eq(syms[0]->s, "w");
  ck_assert_str_eq(syms[1]->s, "x");
  L->def = NULL;
}
END_TEST

START_TEST(reserve_grows)
{
  int *v = NULL;
  size_t cap = 0, n;
  for (n = 0; n < 100; n++) {
    ck_assert_int_eq(dc_reserve(&v, &cap, n, sizeof *v), 0);
    ck_assert_uint_gt(cap, n);
    v[n] = (int)n;
  }
  for (n = 0; n < 100; n++)
    ck_assert_int_eq(v[n], (int)n);  /* growth kept the contents */
  /* a size whose doubling overflows is refused, the array unchanged */
  cap = SIZE_MAX / 2 + 1;
  ck_assert_int_eq(dc_reserve(&v, &cap, cap, sizeof *v), -1);
  ck_assert_int_eq(v[99], 99);
  free(v);
}
END_TEST

static Suite *expr_suite(void)
{
  Suite *s = suite_create("expr");
  TCase *tc = tcase_create("core");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, intern_same_pointer);
  tcase_add_test(tc, hash_consing_shares);
  tcase_add_test(tc, numbers_keep_text);
  tcase_add_test(tc, subst_replaces_leaves);
  tcase_add_test(tc, dag_size_stops_at_its_limit);
  tcase_add_test(tc, srcmap_positions);
  tcase_add_test(tc, edit_distance);
  tcase_add_test(tc, arena_budget);
  tcase_add_test(tc, reserve_grows);
  tcase_add_test(tc, scope_lookup_and_depends);
  suite_add_tcase(s, tc);
  return s;
}

DC_TEST_MAIN(expr_suite)
