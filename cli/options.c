/*
** options.c: parsing derivcheck's command line with getopt_long.
**
** Numbers are parsed strictly (the whole argument, no sign where none is
** allowed, within the ranges of expr/limits.h), so a typo such as
** --samples=3O is a usage error rather than a silent 3.  --derive belongs
** to a later issue: it is accepted here and the caller refuses it with a
** clear message.  -o without --emit is a usage error: there would be no
** document to write.
*/
#include <config.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "cli/oom.h"
#include "cli/options.h"
#include "expr/limits.h"

enum {
  OPT_FORMAT = 256, OPT_PRECISION, OPT_SAMPLES, OPT_SEED, OPT_COLOR,
  OPT_EMIT, OPT_DERIVE, OPT_HELP, OPT_VERSION, OPT_WERROR, OPT_WATCH,
  OPT_HTML_ASSETS, OPT_PLOT_DIR, OPT_CONTEXT, OPT_PLOT
};

/* -j: more processes than this would only queue on the machine. */
#define MAX_JOBS 256

static const struct option long_options[] = {
  { "format", required_argument, NULL, OPT_FORMAT },
  { "precision", required_argument, NULL, OPT_PRECISION },
  { "samples", required_argument, NULL, OPT_SAMPLES },
  { "seed", required_argument, NULL, OPT_SEED },
  { "expr", required_argument, NULL, 'e' },
  { "color", required_argument, NULL, OPT_COLOR },
  { "colour", required_argument, NULL, OPT_COLOR },
  { "quiet", no_argument, NULL, 'q' },
  { "verbose", no_argument, NULL, 'v' },
  { "emit", required_argument, NULL, OPT_EMIT },
  { "output", required_argument, NULL, 'o' },
  { "derive", required_argument, NULL, OPT_DERIVE },
  { "jobs", required_argument, NULL, 'j' },
  { "werror", no_argument, NULL, OPT_WERROR },
  { "watch", no_argument, NULL, OPT_WATCH },
  { "html-assets", required_argument, NULL, OPT_HTML_ASSETS },
  { "plot-dir", required_argument, NULL, OPT_PLOT_DIR },
  { "plot", optional_argument, NULL, OPT_PLOT },
  { "context", required_argument, NULL, OPT_CONTEXT },
  { "help", no_argument, NULL, OPT_HELP },
  { "version", no_argument, NULL, OPT_VERSION },
  { NULL, 0, NULL, 0 }
};

void dc_options_hint(FILE *out)
{
  fputs("Try 'derivcheck --help' for more information.\n", out);
}

static void usage_error(const char *fmt, ...)
  __attribute__((format(printf, 1, 2)));

static void usage_error(const char *fmt, ...)
{
  va_list ap;
  fputs("derivcheck: error: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputs("\n", stderr);
  dc_options_hint(stderr);
}

static void print_help(void)
{
  fputs(
"Usage: derivcheck [OPTION]... SPEC...\n"
"Check every step of the derivations in each YAML SPEC numerically.\n"
"A SPEC that is a directory stands for every *.yaml below it; '-' reads\n"
"a spec from standard input; a SPEC ending in .md is a Markdown post whose\n"
"display maths is read as LaTeX (what cannot be read is skipped).\n"
"\n"
"Each claimed equality (link) of every chain is evaluated with GNU MPFR at\n"
"random points; a wrong step is reported at its line and column with a\n"
"counterexample.\n"
"\n"
"Options:\n"
"      --format=FMT       report format: text (default), tap, json,\n"
"                           github, junit, sarif or html (a page with\n"
"                           the typeset derivations; -o FILE writes it)\n"
"      --html-assets=DIR  html: load KaTeX from DIR/katex.min.js and\n"
"                           DIR/katex.min.css instead of inlining it\n"
"      --plot-dir=DIR     write a plot (SVG) of every failing link to DIR\n"
"      --plot             plot every link, passing ones too (in the html\n"
"                           report, and to --plot-dir)\n"
"      --plot=FILE:LINE[:COL]  plot the links at that position of FILE\n"
"                           (repeatable)\n"
"      --precision=BITS   MPFR working precision (spec's, else 256)\n"
"      --samples=N        sample points per link (spec's, else 32)\n"
"      --seed=N           random seed (spec's, else 1)\n"
"  -e, --expr=CHAIN       check one chain given here, e.g.\n"
"                           -e 'diff(x^2, x) = 2*x'\n"
"      --color=WHEN       colour the report and diagnostics: auto (on a\n"
"                           terminal, unless NO_COLOR is set), always\n"
"                           or never\n"
"      --werror           treat warnings as errors: a spec with a warning\n"
"                           is not checked (exit status 2)\n"
"      --context=FILE     the context of .md posts (symbols, functions,\n"
"                           definitions, where names per block) from FILE\n"
"                           instead of the post's front matter\n"
"  -q, --quiet            print only failures, no summary line\n"
"  -v, --verbose          print every link with its sample count\n"
"      --emit=FMT         write the derivations as latex, markdown or json\n"
"                           to stdout; the report then goes to stderr\n"
"  -o, --output=FILE      write the emitted document (or the html report)\n"
"                           to FILE (replaced as a whole, never left\n"
"                           half-written)\n"
"      --derive=EXPR      derive EXPR step by step, check every step and\n"
"                           print the chain (plain; --emit for a document);\n"
"                           the report then goes to stderr\n"
"  -j, --jobs=N           check N specs at a time (default 1); the report\n"
"                           keeps the order of the specs\n"
"      --watch            check again each time a spec is saved, printing\n"
"                           only reports that changed (and rewriting -o);\n"
"                           stop with Ctrl-C (exit status 0)\n"
"      --help             display this help and exit\n"
"      --version          output version information and exit\n"
"\n"
"On a terminal, a run that takes more than a second shows how many specs\n"
"and links it has checked on stderr (erased at the end; never when CI is\n"
"set or stderr is not a terminal).\n"
"\n"
"Exit status:\n"
" 0  every link passed\n"
" 1  some link failed or could not be determined\n"
" 2  usage error, a spec that does not load or checks nothing, or an\n"
"    output that cannot be written\n"
" 3  internal error (a bug in derivcheck), or out of memory\n"
"\n"
"See derivcheck(1) for the spec format.\n", stdout);
}

static void print_version(void)
{
  printf("derivcheck %s\n", PACKAGE_VERSION);
  fputs("Copyright (C) 2025 the derivcheck authors.\n"
        "This is free software: you are free to change and redistribute it.\n"
        "There is NO WARRANTY, to the extent permitted by law.\n", stdout);
}

/* The whole of s as a decimal integer in [lo, hi]; 0 on success. */
static int parse_long(const char *s, long lo, long hi, long *out)
{
  char *end;
  long v;

  if (!*s || *s == ' ' || *s == '+')
    return -1;
  errno = 0;
  v = strtol(s, &end, 10);
  if (errno || *end || v < lo || v > hi)
    return -1;
  *out = v;
  return 0;
}

/* The whole of s as a non-negative decimal integer; 0 on success.
** strtoul would quietly accept "-1" as ULONG_MAX, so a sign is refused. */
static int parse_ulong(const char *s, unsigned long *out)
{
  char *end;
  unsigned long v;

  if (*s < '0' || *s > '9')
    return -1;
  errno = 0;
  v = strtoul(s, &end, 10);
  if (errno || *end)
    return -1;
  *out = v;
  return 0;
}

static int parse_format(const char *s, enum dc_report_format *f)
{
  if (strcmp(s, "text") == 0)
    *f = DC_REPORT_TEXT;
  else if (strcmp(s, "tap") == 0)
    *f = DC_REPORT_TAP;
  else if (strcmp(s, "json") == 0)
    *f = DC_REPORT_JSON;
  else if (strcmp(s, "github") == 0)
    *f = DC_REPORT_GITHUB;
  else if (strcmp(s, "junit") == 0)
    *f = DC_REPORT_JUNIT;
  else if (strcmp(s, "sarif") == 0)
    *f = DC_REPORT_SARIF;
  else if (strcmp(s, "html") == 0)
    *f = DC_REPORT_HTML;
  else
    return -1;
  return 0;
}

static int parse_color(const char *s, enum dc_color_mode *c)
{
  if (strcmp(s, "auto") == 0)
    *c = DC_COLOR_AUTO;
  else if (strcmp(s, "always") == 0)
    *c = DC_COLOR_ALWAYS;
  else if (strcmp(s, "never") == 0)
    *c = DC_COLOR_NEVER;
  else
    return -1;
  return 0;
}

static int add_text(const char ***list, size_t *n, const char *text)
{
  const char **v = realloc(*list, (*n + 1) * sizeof *v);
  if (!v) {
    dc_oom_report();
    return -1;
  }
  v[(*n)++] = text;
  *list = v;
  return 0;
}

/* FILE:LINE[:COL] of --plot into r: the last one or two fields that
** are numbers are the position, the rest (colons and all) the file.  0,
** or -1 after a usage error. */
static int parse_plot(const char *arg, struct dc_plot_req *r)
{
  char *file = strdup(arg), *c1, *c2;
  long a, b;

  if (!file) {
    dc_oom_report();
    return -1;
  }
  memset(r, 0, sizeof *r);
  r->arg = arg;
  c1 = strrchr(file, ':');
  if (!c1 || parse_long(c1 + 1, 1, INT_MAX, &a) != 0)
    goto bad;
  *c1 = '\0';
  r->line = a;
  c2 = strrchr(file, ':');
  if (c2 && parse_long(c2 + 1, 1, INT_MAX, &b) == 0) {
    *c2 = '\0';
    r->line = b;
    r->col = a;
  }
  if (!*file)
    goto bad;
  r->file = file;
  return 0;
bad:
  free(file);
  usage_error("invalid --plot '%s' (use --plot=FILE:LINE or "
              "--plot=FILE:LINE:COL, or --plot alone for every link)", arg);
  return -1;
}

static int add_plot(struct dc_options *o, const char *arg)
{
  struct dc_plot_req *v;
  if (!arg) {
    o->plot_all = 1;
    return 0;
  }
  v = realloc(o->plots, (o->nplots + 1) * sizeof *v);
  if (!v) {
    dc_oom_report();
    return -1;
  }
  o->plots = v;
  if (parse_plot(arg, &v[o->nplots]) != 0)
    return -1;
  o->nplots++;
  return 0;
}

/* The option getopt_long stopped at, for our own message (its own lack
** the word "error:" that CI log scanners look for). */
static char *const *opt_argv;
static char short_opt[3];

static const char *bad_option(const char *unused)
{
  (void)unused;
  /* A long option is named as the user wrote it, even when its value is
  ** a short option's letter (--output is 'o'). */
  if (optind > 0 && opt_argv && strncmp(opt_argv[optind - 1], "--", 2) == 0)
    return opt_argv[optind - 1];
  if (optopt > 0 && optopt < 256) {
    short_opt[0] = '-';
    short_opt[1] = (char)optopt;
    return short_opt;
  }
  return optind > 0 && opt_argv ? opt_argv[optind - 1] : "?";
}

/* Apply one option; 0 to go on, -1 after a usage error. */
static int apply(struct dc_options *o, int c, const char *arg)
{
  switch (c) {
  case OPT_FORMAT:
    if (parse_format(arg, &o->format) == 0)
      return 0;
    usage_error("invalid --format '%s' (use text, tap, json, github, junit, "
                "sarif or html)", arg);
    return -1;
  case OPT_PRECISION:
    if (parse_long(arg, DC_MIN_PRECISION, DC_MAX_PRECISION,
                   &o->precision) == 0) {
      o->has_precision = 1;
      return 0;
    }
    usage_error("invalid --precision '%s' (use %d to %d bits)", arg,
                DC_MIN_PRECISION, DC_MAX_PRECISION);
    return -1;
  case OPT_SAMPLES:
    if (parse_long(arg, 1, DC_MAX_SAMPLES, &o->samples) == 0) {
      o->has_samples = 1;
      return 0;
    }
    usage_error("invalid --samples '%s' (use 1 to %d)", arg, DC_MAX_SAMPLES);
    return -1;
  case OPT_SEED:
    if (parse_ulong(arg, &o->seed) == 0) {
      o->has_seed = 1;
      return 0;
    }
    usage_error("invalid --seed '%s' (use a non-negative integer)", arg);
    return -1;
  case 'e':
    return add_text(&o->exprs, &o->nexprs, arg);
  case 'j':
    if (parse_long(arg, 1, MAX_JOBS, &o->jobs) == 0)
      return 0;
    usage_error("invalid --jobs '%s' (use 1 to %d)", arg, MAX_JOBS);
    return -1;
  case OPT_COLOR:
    if (parse_color(arg, &o->color) == 0)
      return 0;
    usage_error("invalid --color '%s' (use auto, always or never)", arg);
    return -1;
  case 'q':
    o->verbosity = -1;
    return 0;
  case 'v':
    o->verbosity = 1;
    return 0;
  case OPT_EMIT:
    if (strcmp(arg, "latex") == 0)
      o->emit = DC_EMIT_LATEX;
    else if (strcmp(arg, "markdown") == 0)
      o->emit = DC_EMIT_MARKDOWN;
    else if (strcmp(arg, "json") == 0)
      o->emit = DC_EMIT_JSON;
    else {
      usage_error("invalid --emit '%s' (use latex, markdown or json)", arg);
      return -1;
    }
    return 0;
  case 'o':
    if (!*arg) {
      usage_error("-o needs a file name");
      return -1;
    }
    o->output = arg;
    return 0;
  case OPT_WERROR:
    o->werror = 1;
    return 0;
  case OPT_WATCH:
    o->watch = 1;
    return 0;
  case OPT_HTML_ASSETS:
  case OPT_PLOT_DIR:
    if (!*arg) {
      usage_error("--%s needs a directory",
                  c == OPT_PLOT_DIR ? "plot-dir" : "html-assets");
      return -1;
    }
    *(c == OPT_PLOT_DIR ? &o->plot_dir : &o->html_assets) = arg;
    return 0;
  case OPT_PLOT:
    return add_plot(o, arg);
  case OPT_CONTEXT:
    if (!*arg) {
      usage_error("--context needs a file name");
      return -1;
    }
    o->context = arg;
    return 0;
  case ':':
    usage_error("option '%s' needs an argument", bad_option(arg));
    return -1;
  case '?':
    usage_error("unrecognized option '%s'", bad_option(arg));
    return -1;
  case OPT_DERIVE:
    return add_text(&o->derives, &o->nderives, arg);
  default:
    usage_error("unrecognized option");
    return -1;
  }
}

/* --watch needs files to watch; it reports spec by spec as they change,
** which only the text report can say piece by piece (the others are one
** document, or numbered across the run), and a document rewritten on every
** save needs a file to go to. */
static enum dc_options_status watch_ok(const struct dc_options *o)
{
  size_t i;

  for (i = 0; i < o->nspecs; i++)
    if (strcmp(o->specs[i], "-") == 0) {
      usage_error("--watch cannot watch standard input ('-')");
      return DC_OPTIONS_USAGE;
    }
  if (o->nspecs == 0)
    usage_error("--watch needs a SPEC file or directory to watch");
  else if (o->format != DC_REPORT_TEXT)
    usage_error("--watch reports in text only (no --format)");
  else if (o->emit != DC_EMIT_NONE && (!o->output || !strcmp(o->output, "-")))
    usage_error("--watch --emit needs -o FILE to rewrite");
  else if (o->nderives)
    usage_error("--watch does not take --derive");
  else
    return DC_OPTIONS_RUN;
  return DC_OPTIONS_USAGE;
}

enum dc_options_status dc_options_parse(struct dc_options *o, int argc,
                                        char **argv)
{
  int c;

  memset(o, 0, sizeof *o);
  o->format = DC_REPORT_TEXT;
  o->color = DC_COLOR_AUTO;
  o->jobs = 1;
  /* getopt names the program by argv[0]; messages should say derivcheck
  ** however it was invoked. */
  if (argc > 0)
    argv[0] = (char *)"derivcheck";
  optind = 1;
  opterr = 0;
  opt_argv = argv;
  while ((c = getopt_long(argc, argv, ":e:j:o:qv", long_options, NULL)) != -1) {
    if (c == OPT_HELP) {
      print_help();
      return DC_OPTIONS_EXIT_OK;
    }
    if (c == OPT_VERSION) {
      print_version();
      return DC_OPTIONS_EXIT_OK;
    }
    if (apply(o, c, optarg) != 0)
      return DC_OPTIONS_USAGE;
  }
  o->specs = argv + optind;
  o->nspecs = (size_t)(argc - optind);
  if (o->output && o->emit == DC_EMIT_NONE && o->format != DC_REPORT_HTML) {
    usage_error("-o/--output names the file for --emit or --format=html; "
                "give one of them");
    return DC_OPTIONS_USAGE;
  }
  if (o->html_assets && o->format != DC_REPORT_HTML) {
    usage_error("--html-assets is for --format=html");
    return DC_OPTIONS_USAGE;
  }
  /* A plot goes into the page or into files: with neither, --plot
  ** would quietly do nothing. */
  if ((o->plot_all || o->nplots) && o->format != DC_REPORT_HTML &&
      !o->plot_dir) {
    usage_error("--plot draws into the html report or into --plot-dir; "
                "give --format=html or --plot-dir=DIR");
    return DC_OPTIONS_USAGE;
  }
  if (o->nspecs == 0 && o->nexprs == 0 && o->nderives == 0) {
    usage_error("no spec given");
    return DC_OPTIONS_USAGE;
  }
  return o->watch ? watch_ok(o) : DC_OPTIONS_RUN;
}

void dc_options_free(struct dc_options *o)
{
  free(o->exprs);
  o->exprs = NULL;
  o->nexprs = 0;
  free(o->derives);
  o->derives = NULL;
  o->nderives = 0;
  while (o->nplots)
    free(o->plots[--o->nplots].file);
  free(o->plots);
  o->plots = NULL;
}
