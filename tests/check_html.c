/*
** check_html.c: the HTML report's escaping, page frame and SVG plots
** (emit/html.h, emit/svg.h), with expectations worked out by hand.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "emit/html.h"
#include "emit/svg.h"
#include "tests/testutil.h"

static const struct {
  const char *in, *out;
} text_cases[] = {
  { "a<b>&\"'", "a&lt;b&gt;&amp;&quot;&#39;" },
  { "<script>", "&lt;script&gt;" },
  { "tab\tnl\n", "tab\tnl\n" },
  { "\xC3\xA9t\xC3\xA9", "\xC3\xA9t\xC3\xA9" },            /* été */
  { "\x01x\x7F", "\xEF\xBF\xBDx\xEF\xBF\xBD" },            /* controls */
  { "a\xFF", "a\xEF\xBF\xBD" },                            /* not UTF-8 */
  { "\xC3", "\xEF\xBF\xBD" },                              /* cut short */
  { "\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" } /* surrogate */
};

START_TEST(html_text_escapes)
{
  struct dc_buf b;
  dc_buf_init(&b);
  dc_html_text(&b, text_cases[_i].in, strlen(text_cases[_i].in));
  ck_assert_str_eq(b.s ? b.s : "", text_cases[_i].out);
  dc_buf_free(&b);
}
END_TEST

START_TEST(empty_page)
{
  struct dc_report_opts o = { DC_REPORT_HTML, 0, 0, NULL, NULL };
  struct dc_report_counts t;
  struct dc_buf b;

  memset(&t, 0, sizeof t);
  dc_buf_init(&b);
  dc_html_page(&o, &b, "", 0, &t, 0);
  ck_assert_ptr_nonnull(strstr(b.s, "<header id=\"summary\" data-status=\"0\">"));
  ck_assert_ptr_nonnull(strstr(b.s, "Exit status <strong>0</strong>: every "
                                    "link passed."));
  ck_assert_ptr_nonnull(strstr(b.s, "<p>None: every link passed.</p>"));
  ck_assert_ptr_nonnull(strstr(b.s, "<td data-count=\"links\">0</td>"));
  dc_buf_free(&b);
}
END_TEST

/* A panel over [0, 1] with left = 2x and right = 2x + 1. */
static void linear_panel(struct dc_plot_panel *p)
{
  size_t k;
  p->lo = 0;
  p->hi = 1;
  for (k = 0; k < DC_PLOT_POINTS; k++) {
    p->x[k] = (k + 0.5) / DC_PLOT_POINTS;
    p->left[k] = 2 * p->x[k];
    p->right[k] = 2 * p->x[k] + 1;
    p->diff[k] = -1;
  }
}

static size_t count(const char *s, const char *what)
{
  size_t n = 0;
  while ((s = strstr(s, what)) != NULL) {
    n++;
    s += strlen(what);
  }
  return n;
}

/* The text of the path of class cls (the first one). */
static char *path_of(const char *svg, const char *cls)
{
  char head[64];
  const char *p, *end;
  snprintf(head, sizeof head, "<path class=\"curve %s\" d=\"", cls);
  p = strstr(svg, head);
  ck_assert_ptr_nonnull(p);
  p += strlen(head);
  end = strchr(p, '"');
  return strndup(p, (size_t)(end - p));
}

START_TEST(svg_linear_with_gap)
{
  struct dc_plot_data d;
  struct dc_buf b;
  char *left, *right;

  memset(&d, 0, sizeof d);
  strcpy(d.var, "x");
  linear_panel(&d.wide);
  linear_panel(&d.zoom);
  d.wide.right[5] = NAN;                  /* undefined there: a gap */
  d.wide.diff[5] = NAN;
  d.x0 = 0.5;
  d.left0 = 1;
  d.right0 = 2;
  d.diff0 = -1;
  d.cex = 1;
  dc_buf_init(&b);
  dc_svg_plot(&b, &d, "step 1", "step 2", 1);
  ck_assert_int_eq(strncmp(b.s, "<?xml version=\"1.0\"", 19), 0);
  ck_assert_uint_eq(count(b.s, "<path class=\"curve "), 6);
  ck_assert_uint_eq(count(b.s, "<circle class=\"cex\""), 1 + 4 + 2);
  ck_assert_ptr_null(strstr(b.s, "log10"));
  /* x runs over [0, 1] into 300 pixels: the first point, 0.5/161, is at
  ** 300 * 0.5 / 161 = 0.93. */
  left = path_of(b.s, "left");
  right = path_of(b.s, "right");
  ck_assert_int_eq(strncmp(left, "M0.93 ", 6), 0);
  ck_assert_uint_eq(count(left, "M"), 1);
  ck_assert_uint_eq(count(left, "L"), DC_PLOT_POINTS - 1);
  /* The gap at point 5 starts a second piece. */
  ck_assert_uint_eq(count(right, "M"), 2);
  ck_assert_uint_eq(count(right, "L"), DC_PLOT_POINTS - 3);
  ck_assert_ptr_nonnull(strstr(b.s, "left: step 1"));
  free(left);
  free(right);
  dc_buf_free(&b);
}
END_TEST

START_TEST(svg_log_scale)
{
  struct dc_plot_data d;
  struct dc_buf b;
  size_t k;

  memset(&d, 0, sizeof d);
  strcpy(d.var, "t<&");
  linear_panel(&d.wide);
  linear_panel(&d.zoom);
  /* left - right = 10^(-6x): from 1 down to 10^-6, six orders. */
  for (k = 0; k < DC_PLOT_POINTS; k++) {
    d.wide.diff[k] = pow(10, -6 * d.wide.x[k]);
    d.wide.left[k] = d.wide.right[k] + d.wide.diff[k];
  }
  d.x0 = 0.5;
  d.left0 = d.right0 = 1;
  d.cex = 1;
  dc_buf_init(&b);
  dc_svg_plot(&b, &d, "a", "b", 0);
  ck_assert_int_eq(strncmp(b.s, "<svg ", 5), 0);
  ck_assert_uint_eq(count(b.s, "difference: log10 |left - right|"), 1);
  /* the zoom's difference is the constant -1: linear */
  ck_assert_uint_eq(count(b.s, "difference, zoom: left - right"), 1);
  /* the symbol's name is text */
  ck_assert_ptr_nonnull(strstr(b.s, ">t&lt;&amp; = 0.5<"));
  dc_buf_free(&b);
}
END_TEST

/* A link without a counterexample (--plot): its point is marked as a
** "point", and the legend does not call it a counterexample. */
START_TEST(svg_point_not_cex)
{
  struct dc_plot_data d;
  struct dc_buf b;

  memset(&d, 0, sizeof d);
  strcpy(d.var, "x");
  linear_panel(&d.wide);
  linear_panel(&d.zoom);
  d.x0 = 0.5;
  d.left0 = 1;
  d.right0 = 2;
  d.diff0 = -1;
  dc_buf_init(&b);
  dc_svg_plot(&b, &d, "step 1", "step 2", 1);
  ck_assert_uint_eq(count(b.s, "<circle class=\"cex\""), 0);
  ck_assert_uint_eq(count(b.s, "<circle class=\"point\""), 1 + 4 + 2);
  ck_assert_ptr_null(strstr(b.s, "counterexample"));
  ck_assert_ptr_nonnull(strstr(b.s, ">plotted around<"));
  dc_buf_free(&b);
}
END_TEST

/* A point at an end of the window: its label is anchored at that end,
** not centred on it, so it stays inside the picture. */
START_TEST(svg_label_at_edge)
{
  struct dc_plot_data d;
  struct dc_buf b;

  memset(&d, 0, sizeof d);
  strcpy(d.var, "x");
  linear_panel(&d.wide);
  linear_panel(&d.zoom);
  d.x0 = 0.999;
  d.left0 = 1;
  d.right0 = 2;
  d.diff0 = -1;
  d.cex = 1;
  dc_buf_init(&b);
  dc_svg_plot(&b, &d, "a", "b", 1);
  /* four panels, every label at the right end of its panel (COL + 300) */
  ck_assert_uint_eq(count(b.s, "text-anchor=\"end\">x = 0.999<"), 4);
  ck_assert_uint_eq(count(b.s, "<text class=\"tick\" x=\"370.00\""), 2);
  ck_assert_uint_eq(count(b.s, "<text class=\"tick\" x=\"730.00\""), 2);
  d.x0 = 0.001;
  b.len = 0;
  dc_svg_plot(&b, &d, "a", "b", 1);
  ck_assert_uint_eq(count(b.s, "text-anchor=\"start\">x = 0.001<"), 4);
  dc_buf_free(&b);
}
END_TEST

static Suite *html_suite(void)
{
  Suite *s = suite_create("html");
  TCase *t = tcase_create("html");
  tcase_add_loop_test(t, html_text_escapes, 0, DC_ARRAY_LEN(text_cases));
  tcase_add_test(t, empty_page);
  tcase_add_test(t, svg_linear_with_gap);
  tcase_add_test(t, svg_log_scale);
  tcase_add_test(t, svg_point_not_cex);
  tcase_add_test(t, svg_label_at_edge);
  suite_add_tcase(s, t);
  return s;
}

DC_TEST_MAIN(html_suite)
