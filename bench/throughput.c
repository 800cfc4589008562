/*
** throughput.c: how many evaluations of a block's gradient derivcheck's
** tape makes per second, and the straight-line MPFR program to set them
** against (bench/throughput.sh runs both).
**
**   throughput [--seconds=S] [--reps=N] [--points=N] SPEC OUTDIR
**
** The first chain block of SPEC is expanded as the checker expands it
** (one expander for the whole block, so a loss every link differentiates
** gets one reverse-mode gradient) and the first element of every chain,
** for a backprop spec the entry pdiff(L, p) of the gradient, becomes a
** root of one tape.  Points are drawn inside the inputs' domains at the
** spec's precision.  The tape is evaluated at every point once, its
** values written to OUTDIR/values.txt, then over all points again and
** again for S seconds of CPU time (or exactly N rounds: a fixed amount of
** work for callgrind), with its registers reused and nothing allocated per
** point.  OUTDIR/points.txt holds the points and OUTDIR/straight.c the
** straight-line program of the same DAG (throughput_emit.h).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <mpfr.h>
#include "bench/throughput_emit.h"
#include "parser/spec.h"
#include "simplify/expand.h"
#include "verify/eval.h"
#include "verify/internal.h"
#include "verify/sample.h"

struct options {
  double seconds;
  long reps, points;
  const char *spec, *outdir;
};

static double cpu_seconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int parse_options(int argc, char **argv, struct options *o)
{
  int i, npos = 0;
  o->spec = o->outdir = NULL;
  o->seconds = 2;
  o->reps = 0;
  o->points = 64;
  for (i = 1; i < argc; i++) {
    if (strncmp(argv[i], "--seconds=", 10) == 0)
      o->seconds = atof(argv[i] + 10);
    else if (strncmp(argv[i], "--reps=", 7) == 0)
      o->reps = atol(argv[i] + 7);
    else if (strncmp(argv[i], "--points=", 9) == 0)
      o->points = atol(argv[i] + 9);
    else if (argv[i][0] == '-')
      return -1;
    else if (npos == 0 && ++npos)
      o->spec = argv[i];
    else if (npos == 1 && ++npos)
      o->outdir = argv[i];
    else
      return -1;
  }
  return npos == 2 && o->points > 0 ? 0 : -1;
}

static const struct dc_block *first_chain_block(const struct dc_spec *spec)
{
  size_t s, b;
  for (s = 0; s < spec->nsections; s++)
    for (b = 0; b < spec->sections[s].nblocks; b++)
      if (spec->sections[s].blocks[b].kind == DC_BLOCK_CHAINS &&
          spec->sections[s].blocks[b].nchains > 0)
        return &spec->sections[s].blocks[b];
  return NULL;
}

/*
** Expand every element of the block with one expander, as the checker
** does (verify/check.c, expand_elements), keeping the first element of
** each chain.  The number of roots, or 0.
*/
static size_t expand_gradient(struct dc_ctx *ctx, const struct dc_block *blk,
                              struct dc_expansion *x, struct dc_diags *diags,
                              struct dc_node **roots)
{
  struct dc_expander *ex = dc_expander_new(ctx, x, diags);
  size_t c, i, n = 0;
  if (!ex)
    return 0;
  for (c = 0; c < blk->nchains; c++)
    for (i = 0; i < blk->chains[c].nelems; i++) {
      const struct dc_element *el = &blk->chains[c].elems[i];
      struct dc_node *e = dc_expander_run(ex, &blk->scope, el->expr, el->pos);
      if (!e) {
        dc_expander_free(ex);
        return 0;
      }
      if (i == 0)
        roots[n++] = e;
    }
  dc_expander_free(ex);
  return n;
}

static FILE *open_out(const char *dir, const char *name)
{
  char path[4096];
  FILE *f;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  f = fopen(path, "w");
  if (!f)
    fprintf(stderr, "throughput: cannot write %s\n", path);
  return f;
}

/* npoints points of ninputs values, each inside its input's domain. */
static mpfr_t *draw_points(const struct dc_tape *t, size_t npoints,
                           mpfr_prec_t prec, FILE *out)
{
  size_t nin = dc_tape_ninputs(t), p, i;
  size_t nv = npoints * nin != 0 ? npoints * nin : 1;
  mpfr_t *pts = malloc(nv * sizeof *pts);
  struct dc_rng rng;
  if (!pts)
    return NULL;
  dc_rng_seed(&rng, 1, 0);
  fprintf(out, "%zu %zu\n", npoints, nin);
  for (p = 0; p < npoints; p++)
    for (i = 0; i < nin; i++) {
      mpfr_ptr v = pts[p * nin + i];
      mpfr_init2(v, prec);
      dc_sample_domain(&rng, dc_input_domain(dc_tape_input(t, i)), v);
      mpfr_fprintf(out, "%Ra\n", v);
    }
  return pts;
}

/* Point p's inputs as the tape reads them. */
static void point_inputs(mpfr_t *pts, size_t nin, size_t p, mpfr_srcptr *in)
{
  size_t i;
  for (i = 0; i < nin; i++)
    in[i] = pts[p * nin + i];
}

/* Every root at every point, into out (the straight line compares). */
static int write_values(struct dc_tape *t, size_t nroots, mpfr_t *pts,
                        size_t npoints, mpfr_prec_t prec, mpfr_srcptr *in,
                        FILE *out)
{
  size_t p, k, nin = dc_tape_ninputs(t);
  for (p = 0; p < npoints; p++) {
    point_inputs(pts, nin, p, in);
    if (dc_tape_eval(t, prec, in) != 0)
      return -1;
    for (k = 0; k < nroots; k++)
      if (dc_tape_defined(t, k, NULL))
        mpfr_fprintf(out, "%Ra\n", dc_tape_value(t, k));
      else
        fputs("undefined\n", out);
  }
  return 0;
}

/* Rounds over every point for the time or the count asked. */
static int time_tape(struct dc_tape *t, mpfr_t *pts, size_t npoints,
                     mpfr_prec_t prec, mpfr_srcptr *in,
                     const struct options *o)
{
  size_t p, nin = dc_tape_ninputs(t);
  long rounds = 0;
  double t0 = cpu_seconds(), el;
  do {
    for (p = 0; p < npoints; p++) {
      point_inputs(pts, nin, p, in);
      if (dc_tape_eval(t, prec, in) != 0)
        return -1;
    }
    rounds++;
    el = cpu_seconds() - t0;
  } while (o->reps > 0 ? rounds < o->reps : el < o->seconds);
  printf("tape: %.1f evaluations/s (%ld evaluations in %.3f s CPU)\n",
         (double)rounds * (double)npoints / el, rounds * (long)npoints, el);
  return 0;
}

/* Build the tape of roots, write the files, time it.  0 or -1. */
static int run(struct dc_node **roots, size_t nroots, mpfr_prec_t prec,
               const struct options *o)
{
  FILE *fp = open_out(o->outdir, "points.txt");
  FILE *fv = open_out(o->outdir, "values.txt");
  FILE *fc = open_out(o->outdir, "straight.c");
  struct dc_tape *t = dc_tape_build(roots, nroots, NULL);
  size_t i, npoints = (size_t)o->points, nin = t ? dc_tape_ninputs(t) : 0;
  mpfr_srcptr *in = malloc((nin ? nin : 1) * sizeof *in);
  mpfr_t *pts = NULL;
  int rc = -1;
  if (!fp || !fv || !fc || !t || !in)
    goto out;
  printf("gradient: %zu entries, %zu distinct nodes, %zu inputs\n", nroots,
         dc_tape_nregs(t), nin);
  if (tp_emit_program(fc, roots, nroots, t, (long)prec) != 0 ||
      !(pts = draw_points(t, npoints, prec, fp)) ||
      write_values(t, nroots, pts, npoints, prec, in, fv) != 0 ||
      time_tape(t, pts, npoints, prec, in, o) != 0)
    goto out;
  rc = 0;
out:
  if (fp)
    fclose(fp);
  if (fv)
    fclose(fv);
  if (fc)
    fclose(fc);
  for (i = 0; pts && i < npoints * nin; i++)
    mpfr_clear(pts[i]);
  free(pts);
  free(in);
  dc_tape_free(t);
  return rc;
}

int main(int argc, char **argv)
{
  struct options o;
  struct dc_ctx *ctx;
  struct dc_diags diags;
  struct dc_expansion x;
  const struct dc_spec *spec;
  const struct dc_block *blk;
  struct dc_node **roots = NULL;
  size_t nroots = 0;
  int rc = 1;
  if (parse_options(argc, argv, &o) != 0) {
    fputs("usage: throughput [--seconds=S] [--reps=N] [--points=N] SPEC "
          "OUTDIR\n", stderr);
    return 2;
  }
  ctx = dc_ctx_new();
  if (!ctx)
    return 1;
  dc_diags_init(&diags);
  dc_expansion_init(&x);
  spec = dc_spec_load(ctx, o.spec, &diags);
  blk = spec ? first_chain_block(spec) : NULL;
  if (blk)
    roots = malloc(blk->nchains * sizeof *roots);
  if (roots)
    nroots = expand_gradient(ctx, blk, &x, &diags, roots);
  if (nroots == 0)
    fprintf(stderr, "throughput: %s: no chain block that expands\n", o.spec);
  else if (run(roots, nroots, spec->check.has_precision
                                  ? (mpfr_prec_t)spec->check.precision : 256,
               &o) == 0)
    rc = 0;
  free(roots);
  dc_expansion_free(&x);
  dc_diags_free(&diags);
  dc_ctx_free(ctx);
  return rc;
}
