/*
** check_meter.c: the work meter (expr/meter.h) and the cost model that
** charges it (verify/work.h): charges fit until the limit and none after
** it, the tape refuses an evaluation the meter cannot pay for, and the
** model grows with the precision and with the cost of the operations
** (MPFR's erf is far dearer than an addition; independent timings of
** MPFR 4.2.0 are in verify/work.c).
*/
#include <string.h>
#include <mpfr.h>
#include "expr/meter.h"
#include "expr/node.h"
#include "verify/eval.h"
#include "verify/work.h"
#include "tests/testutil.h"

static struct dc_ctx *ctx;

static void setup(void) { ctx = dc_ctx_new(); ck_assert_ptr_nonnull(ctx); }
static void teardown(void) { dc_ctx_free(ctx); dc_meter_start(0); }

static struct dc_node *x_node(void)
{
  return dc_name_node(ctx, dc_intern(ctx, "x", 1));
}

static struct dc_node *call(const char *fn, struct dc_node *a)
{
  return dc_call(ctx, dc_intern(ctx, fn, strlen(fn)), 0, 1, &a);
}

START_TEST(meter_stops_at_limit)
{
  dc_meter_start(100);
  ck_assert_int_eq(dc_meter_charge(60), 0);
  ck_assert_int_eq(dc_meter_charge(40), 0);      /* exactly the limit */
  ck_assert(!dc_meter_exceeded());
  ck_assert_int_eq(dc_meter_charge(1), -1);
  ck_assert(dc_meter_exceeded());
  ck_assert(dc_meter_spent() == 100);            /* the refused one is not */
  ck_assert_int_eq(dc_meter_charge(0), -1);      /* and it stays refused */
  dc_meter_start(0);                             /* no limit */
  ck_assert_int_eq(dc_meter_charge(1e300), 0);
  ck_assert(!dc_meter_exceeded());
}
END_TEST

START_TEST(cost_grows_with_precision_and_operation)
{
  struct dc_node *x = x_node();
  struct dc_node *sum = dc_binary(ctx, DC_ADD, x, x, 0);
  struct dc_node *e = call("erf", x);
  struct dc_tape *ts = dc_tape_build(&sum, 1, NULL);
  struct dc_tape *te = dc_tape_build(&e, 1, NULL);
  ck_assert_ptr_nonnull(ts);
  ck_assert_ptr_nonnull(te);
  ck_assert(dc_tape_cost(ts, 512) > dc_tape_cost(ts, 256));
  ck_assert(dc_tape_cost(te, 65536) > dc_tape_cost(te, 16384));
  /* Past the table, along its last slope. */
  ck_assert(dc_tape_cost(te, 131072) > dc_tape_cost(te, 65536));
  ck_assert(dc_tape_cost(te, 256) > 10 * dc_tape_cost(ts, 256));
  /* MPFR's erf at 65536 bits takes about 0.7 s here. */
  ck_assert(dc_tape_cost(te, 65536) > 1e8);
  dc_tape_free(ts);
  dc_tape_free(te);
}
END_TEST

START_TEST(tape_refuses_what_it_cannot_pay)
{
  struct dc_node *e = call("erf", x_node());
  struct dc_tape *t = dc_tape_build(&e, 1, NULL);
  mpfr_t v;
  mpfr_srcptr in[1];
  ck_assert_ptr_nonnull(t);
  mpfr_init2(v, 64);
  mpfr_set_d(v, 0.5, MPFR_RNDN);
  in[0] = v;
  dc_meter_start(dc_tape_cost(t, 256) * 2.5);
  ck_assert_int_eq(dc_tape_eval(t, 256, in), 0);
  ck_assert_int_eq(dc_tape_eval(t, 256, in), 0);
  ck_assert_int_eq(dc_tape_eval(t, 256, in), -1);
  ck_assert(dc_meter_exceeded());
  /* An evaluation dearer than the whole budget never starts: erf at
  ** 65536 bits would take most of a second. */
  dc_meter_start(1e6);
  ck_assert_int_eq(dc_tape_eval(t, 65536, in), -1);
  mpfr_clear(v);
  dc_tape_free(t);
}
END_TEST

static Suite *meter_suite(void)
{
  Suite *s = suite_create("meter");
  TCase *tc = tcase_create("core");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, meter_stops_at_limit);
  tcase_add_test(tc, cost_grows_with_precision_and_operation);
  tcase_add_test(tc, tape_refuses_what_it_cannot_pay);
  suite_add_tcase(s, tc);
  return s;
}

DC_TEST_MAIN(meter_suite)
