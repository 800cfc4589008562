/*
** options.h: the command line of derivcheck, parsed (SPEC section 1).
**
** Parsing only: no spec is read here.  Usage errors are printed to stderr
** as "derivcheck: message" followed by the "Try 'derivcheck --help'" hint.
*/
#ifndef DC_CLI_OPTIONS_H
#define DC_CLI_OPTIONS_H

#include <stdio.h>
#include "emit/document.h"
#include "emit/report.h"

enum dc_color_mode { DC_COLOR_AUTO, DC_COLOR_ALWAYS, DC_COLOR_NEVER };

/* --plot=FILE:LINE[:COL]: plot the links at that position of FILE. */
struct dc_plot_req {
  const char *arg;              /* as given, for messages */
  char *file;                   /* FILE (malloc'd) */
  long line, col;               /* col 0: any column of the line */
  int has_id;                   /* FILE's device and inode are known */
  unsigned long long dev, ino;  /* (set by dc_plot_reqs_resolve) */
};

struct dc_options {
  enum dc_report_format format;
  long precision, samples;      /* valid when has_* is set */
  unsigned long seed;
  int has_precision, has_samples, has_seed;
  enum dc_color_mode color;
  int verbosity;                /* -1 quiet, 0, 1 verbose */
  const char **exprs;           /* -e chains, in order (malloc'd array) */
  size_t nexprs;
  char **specs;                 /* SPEC operands (point into argv) */
  size_t nspecs;
  enum dc_emit_format emit;     /* --emit, DC_EMIT_NONE without it */
  const char *output;           /* -o FILE, or NULL for stdout */
  long jobs;                    /* -j N: specs checked at a time */
  const char **derives;         /* --derive expressions, in order */
  size_t nderives;
  int werror;                   /* --werror: warnings are errors */
  int watch;                    /* --watch: check again on every save */
  const char *html_assets;      /* --html-assets=DIR, or NULL: inline */
  const char *plot_dir;         /* --plot-dir=DIR, or NULL */
  int plot_all;                 /* --plot: plot every link */
  struct dc_plot_req *plots;    /* --plot=FILE:LINE[:COL], in order */
  size_t nplots;
  const char *context;          /* --context FILE for posts, or NULL */
};

enum dc_options_status {
  DC_OPTIONS_RUN,               /* check the specs */
  DC_OPTIONS_EXIT_OK,           /* --help or --version was printed */
  DC_OPTIONS_USAGE              /* a usage error was printed: exit 2 */
};

/* Parse argv into o (free with dc_options_free in every case). */
enum dc_options_status dc_options_parse(struct dc_options *o, int argc,
                                        char **argv);
void dc_options_free(struct dc_options *o);

/* The usage-error hint line, printed after a usage message. */
void dc_options_hint(FILE *out);

#endif
