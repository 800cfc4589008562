/*
** check_cli.c: the command line's option parsing and exit statuses
** (cli/options.c, cli/status.c), without running any check.
*/
#include <string.h>
#include "cli/options.h"
#include "cli/status.h"
#include "tests/testutil.h"

#define MAXARGS 8

struct opt_case {
  const char *argv[MAXARGS];    /* NULL-terminated, argv[0] first */
  enum dc_options_status want;
};

static const struct opt_case opt_cases[] = {
  { { "derivcheck", NULL }, DC_OPTIONS_USAGE },
  { { "derivcheck", "a.yaml", NULL }, DC_OPTIONS_RUN },
  { { "derivcheck", "--precision=64", "--samples=5", "--seed=7", "a.yaml",
      NULL }, DC_OPTIONS_RUN },
  { { "derivcheck", "-e", "x = x", NULL }, DC_OPTIONS_RUN },
  { { "derivcheck", "-e", "x=x", "b", "--expr=y=y", "c", NULL },
    DC_OPTIONS_RUN },
  { { "derivcheck", "--format=tap", "-q", "a", NULL }, DC_OPTIONS_RUN },
  { { "derivcheck", "-v", "--color=always", "--format=json", "a", NULL },
    DC_OPTIONS_RUN },
  { { "derivcheck", "--emit=latex", "a", NULL }, DC_OPTIONS_RUN },
  { { "derivcheck", "--", "-odd.yaml", NULL }, DC_OPTIONS_RUN },
  { { "derivcheck", "--help", "--bogus", NULL }, DC_OPTIONS_EXIT_OK },
  { { "derivcheck", "--version", NULL }, DC_OPTIONS_EXIT_OK },
  { { "derivcheck", "--precision=31", "a", NULL }, DC_OPTIONS_USAGE },
  { { "derivcheck", "--precision=65537", "a", NULL }, DC_OPTIONS_USAGE },
  { { "derivcheck", "--precision= 64", "a", NULL }, DC_OPTIONS_USAGE },
  { { "derivcheck", "--precision=64k", "a", NULL }, DC_OPTIONS_USAGE },
  { { "derivcheck", "--samples=0", "a", NULL }, DC_OPTIONS_USAGE },
  { { "derivcheck", "--samples=+5", "a", NULL }, DC_OPTIONS_USAGE },
  { { "derivcheck", "--seed=-1", "a", NULL }, DC_OPTIONS_USAGE },
  { { "derivcheck", "--seed=", "a", NULL }, DC_OPTIONS_USAGE },
  { { "derivcheck", "--format=TAP", "a", NULL }, DC_OPTIONS_USAGE },
  { { "derivcheck", "--color=yes", "a", NULL }, DC_OPTIONS_USAGE },
  { { "derivcheck", "--emit=html", "a", NULL }, DC_OPTIONS_USAGE },
  { { "derivcheck", "--bogus", "a", NULL }, DC_OPTIONS_USAGE },
  { { "derivcheck", "-e", NULL }, DC_OPTIONS_USAGE },
};

/* Parse case i into o; argv is copied because getopt permutes it. */
static enum dc_options_status parse_case(int i, struct dc_options *o,
                                         char **argv)
{
  int argc = 0;
  while (opt_cases[i].argv[argc]) {
    argv[argc] = (char *)opt_cases[i].argv[argc];
    argc++;
  }
  argv[argc] = NULL;
  return dc_options_parse(o, argc, argv);
}

START_TEST(option_status)
{
  struct dc_options o;
  char *argv[MAXARGS];
  ck_assert_int_eq(parse_case(_i, &o, argv), opt_cases[_i].want);
  dc_options_free(&o);
}
END_TEST

/* The values that the RUN cases above must produce. */
START_TEST(option_values)
{
  struct dc_options o;
  char *argv[MAXARGS];

  parse_case(1, &o, argv);
  ck_assert_uint_eq(o.nspecs, 1);
  ck_assert_str_eq(o.specs[0], "a.yaml");
  ck_assert(!o.has_precision && !o.has_samples && !o.has_seed);
  ck_assert_int_eq(o.format, DC_REPORT_TEXT);
  ck_assert_int_eq(o.color, DC_COLOR_AUTO);
  ck_assert_int_eq(o.verbosity, 0);
  dc_options_free(&o);

  parse_case(2, &o, argv);
  ck_assert(o.has_precision && o.has_samples && o.has_seed);
  ck_assert_int_eq(o.precision, 64);
  ck_assert_int_eq(o.samples, 5);
  ck_assert_uint_eq(o.seed, 7);
  dc_options_free(&o);

  parse_case(4, &o, argv);
  ck_assert_uint_eq(o.nexprs, 2);
  ck_assert_str_eq(o.exprs[0], "x=x");
  ck_assert_str_eq(o.exprs[1], "y=y");
  ck_assert_uint_eq(o.nspecs, 2);
  ck_assert_str_eq(o.specs[0], "b");
  ck_assert_str_eq(o.specs[1], "c");
  dc_options_free(&o);

  parse_case(5, &o, argv);
  ck_assert_int_eq(o.format, DC_REPORT_TAP);
  ck_assert_int_eq(o.verbosity, -1);
  dc_options_free(&o);

  parse_case(6, &o, argv);
  ck_assert_int_eq(o.format, DC_REPORT_JSON);
  ck_assert_int_eq(o.verbosity, 1);
  ck_assert_int_eq(o.color, DC_COLOR_ALWAYS);
  dc_options_free(&o);

  parse_case(7, &o, argv);
  ck_assert_int_eq(o.emit, DC_EMIT_LATEX);
  ck_assert_uint_eq(o.nderives, 0);
  dc_options_free(&o);

  parse_case(8, &o, argv);
  ck_assert_uint_eq(o.nspecs, 1);
  ck_assert_str_eq(o.specs[0], "-odd.yaml");
  dc_options_free(&o);
}
END_TEST

START_TEST(exit_statuses)
{
  struct dc_spec_result res;

  memset(&res, 0, sizeof res);
  res.nlinks = res.npassed = 3;
  ck_assert_int_eq(dc_exit_for_check(DC_CHECK_OK, &res), DC_EXIT_PASS);
  res.npassed = 2;
  res.nfailed = 1;
  ck_assert_int_eq(dc_exit_for_check(DC_CHECK_OK, &res),
                   DC_EXIT_CHECK_FAILED);
  res.nfailed = 0;
  res.nundetermined = 1;
  ck_assert_int_eq(dc_exit_for_check(DC_CHECK_OK, &res),
                   DC_EXIT_CHECK_FAILED);
  ck_assert_int_eq(dc_exit_for_check(DC_CHECK_INPUT, &res), DC_EXIT_USAGE);
  /* An internal error is 3 whatever the links say. */
  res.nundetermined = 0;
  res.npassed = 3;
  ck_assert_int_eq(dc_exit_for_check(DC_CHECK_INTERNAL, &res),
                   DC_EXIT_INTERNAL);
  ck_assert_int_eq(dc_exit_for_check((enum dc_check_status)77, &res),
                   DC_EXIT_INTERNAL);
  ck_assert_int_eq(dc_exit_worst(DC_EXIT_CHECK_FAILED, DC_EXIT_USAGE),
                   DC_EXIT_USAGE);
  ck_assert_int_eq(dc_exit_worst(DC_EXIT_INTERNAL, DC_EXIT_USAGE),
                   DC_EXIT_INTERNAL);
  ck_assert_int_eq(dc_exit_worst(DC_EXIT_PASS, DC_EXIT_CHECK_FAILED),
                   DC_EXIT_CHECK_FAILED);
  ck_assert_int_eq(dc_exit_worst(DC_EXIT_PASS, DC_EXIT_PASS), DC_EXIT_PASS);
}
END_TEST

static Suite *cli_suite(void)
{
  Suite *s = suite_create("cli");
  TCase *tc = tcase_create("options");

  tcase_add_loop_test(tc, option_status, 0, (int)DC_ARRAY_LEN(opt_cases));
  tcase_add_test(tc, option_values);
  suite_add_tcase(s, tc);
  tc = tcase_create("status");
  tcase_add_test(tc, exit_statuses);
  suite_add_tcase(s, tc);
  return s;
}

DC_TEST_MAIN(cli_suite)
