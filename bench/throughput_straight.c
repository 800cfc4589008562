/*
** throughput_straight.c: the harness of the straight-line MPFR program
** that bench/throughput writes (throughput_emit.h); the bench compiles it
** with that program:  gcc -O2 straight.c throughput_straight.c -lmpfr -lgmp
**
**   straight POINTS VALUES SECONDS [REPS]
**
** First every point is evaluated once and each root compared with the
** tape's value in VALUES (equal within ULPS units in the last place, at
** the program's precision); then every point is evaluated again and again
** for SECONDS of CPU time (or exactly REPS rounds), and the program prints
** "straight: N evaluations/s".  Exit 1 when a value disagrees.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <mpfr.h>

/* Tolerance of the comparison: a few units in the last place. */
#define ULPS 4

extern const long tp_prec;
extern const size_t tp_nregs, tp_nroots, tp_ninputs;
extern mpfr_t tp_r[];
void tp_constants(void);
void tp_eval(mpfr_srcptr *in);
mpfr_srcptr tp_root(size_t k, mpfr_srcptr *in);

static double cpu_seconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* One whitespace-separated word of f into buf; 0 at the end. */
static int word(FILE *f, char *buf, size_t len)
{
  char fmt[16];
  snprintf(fmt, sizeof fmt, "%%%zus", len - 1);
  return fscanf(f, fmt, buf) == 1;
}

static void die(const char *what)
{
  fprintf(stderr, "straight: %s\n", what);
  exit(2);
}

/* The points: npoints rows of tp_ninputs values. */
static mpfr_t *read_points(const char *path, size_t *npoints)
{
  FILE *f = fopen(path, "r");
  size_t n, nin, i;
  char buf[512];
  mpfr_t *pts;
  if (!f || fscanf(f, "%zu %zu", &n, &nin) != 2 || nin != tp_ninputs)
    die("cannot read the points");
  pts = malloc((n * nin ? n * nin : 1) * sizeof *pts);
  if (!pts)
    die("out of memory");
  for (i = 0; i < n * nin; i++) {
    mpfr_init2(pts[i], tp_prec);
    if (!word(f, buf, sizeof buf) ||
        mpfr_set_str(pts[i], buf, 0, MPFR_RNDN) != 0)
      die("bad point value");
  }
  fclose(f);
  *npoints = n;
  return pts;
}

/* Whether a and b are equal within ULPS units of the last place. */
static int close_enough(mpfr_srcptr a, mpfr_srcptr b)
{
  mpfr_t d;
  mpfr_exp_t e;
  int ok;
  if (mpfr_equal_p(a, b))
    return 1;
  if (!mpfr_number_p(a) || !mpfr_number_p(b))
    return 0;
  mpfr_init2(d, tp_prec + 8);
  mpfr_sub(d, a, b, MPFR_RNDN);
  e = mpfr_cmpabs(a, b) >= 0 ? mpfr_get_exp(a) : mpfr_get_exp(b);
  /* |d| <= ULPS * 2^(e - prec) */
  mpfr_div_ui(d, d, ULPS, MPFR_RNDN);
  ok = mpfr_get_exp(d) <= e - tp_prec;
  mpfr_clear(d);
  return ok;
}

/* Compare every root at every point with the tape's values. */
static size_t compare(const char *path, mpfr_srcptr *in, mpfr_t *pts,
                      size_t npoints, size_t *nundef)
{
  FILE *f = fopen(path, "r");
  size_t p, k, j, bad = 0;
  char buf[512];
  mpfr_t v;
  if (!f)
    die("cannot read the tape's values");
  mpfr_init2(v, tp_prec);
  for (p = 0; p < npoints; p++) {
    for (j = 0; j < tp_ninputs; j++)
      in[j] = pts[p * tp_ninputs + j];
    tp_eval(in);
    for (k = 0; k < tp_nroots; k++) {
      if (!word(f, buf, sizeof buf))
        die("too few values");
      if (strcmp(buf, "undefined") == 0) {
        (*nundef)++;
        continue;
      }
      if (mpfr_set_str(v, buf, 0, MPFR_RNDN) != 0)
        die("bad value");
      if (!close_enough(v, tp_root(k, in))) {
        if (bad++ < 5)
          mpfr_fprintf(stderr, "straight: point %zu root %zu: tape %.20Rg, "
                       "straight line %.20Rg\n", p, k, v, tp_root(k, in));
      }
    }
  }
  mpfr_clear(v);
  fclose(f);
  return bad;
}

int main(int argc, char **argv)
{
  size_t npoints, i, j, p, nundef = 0, bad;
  double seconds, t0, t;
  long reps, rounds = 0;
  mpfr_srcptr *in;
  mpfr_t *pts;
  if (argc < 4)
    die("usage: straight POINTS VALUES SECONDS [REPS]");
  seconds = atof(argv[3]);
  reps = argc > 4 ? atol(argv[4]) : 0;
  for (i = 0; i < tp_nregs; i++)
    mpfr_init2(tp_r[i], tp_prec);
  tp_constants();
  pts = read_points(argv[1], &npoints);
  in = malloc((tp_ninputs ? tp_ninputs : 1) * sizeof *in);
  if (!in || npoints == 0)
    die("no points");
  bad = compare(argv[2], in, pts, npoints, &nundef);
  printf("agree: %zu of %zu values within %d ulps (%zu undefined on the "
         "tape)\n", tp_nroots * npoints - nundef - bad,
         tp_nroots * npoints - nundef, ULPS, nundef);
  t0 = cpu_seconds();
  do {
    for (p = 0; p < npoints; p++) {
      for (j = 0; j < tp_ninputs; j++)
        in[j] = pts[p * tp_ninputs + j];
      tp_eval(in);
    }
    rounds++;
    t = cpu_seconds() - t0;
  } while (reps > 0 ? rounds < reps : t < seconds);
  printf("straight: %.1f evaluations/s (%ld evaluations in %.3f s CPU)\n",
         (double)rounds * (double)npoints / t, rounds * (long)npoints, t);
  for (i = 0; i < npoints * tp_ninputs; i++)
    mpfr_clear(pts[i]);
  for (i = 0; i < tp_nregs; i++)
    mpfr_clear(tp_r[i]);
  free(pts);
  free(in);
  return bad ? 1 : 0;
}
