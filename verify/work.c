/*
** work.c: the cost model of evaluation, and the budget checks of a block
** (work.h).
**
** The model is a table of MPFR timings per operation class at 64, 256,
** ..., 65536 bits (measured on the machine DC_MAX_CHECK_WORK was sized on,
** at arguments of ordinary size), interpolated log-log between them and
** extrapolated past the last one along the last segment's slope, plus a
** fixed cost per node for the evaluator's own bookkeeping.  It does not
** need to be exact: it decides between seconds and minutes.
*/
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include "verify/work.h"
#include "verify/checkint.h"
#include "verify/eval.h"
#include "verify/internal.h"
#include "expr/meter.h"
#include "expr/builtins.h"
#include "expr/limits.h"
#include "expr/ptrmap.h"

#define NPREC 6                 /* precisions of the table: 64 * 4^k */
#define TABLE_PREC0 64.0

/* Nanoseconds of one operation of each class at 64, 256, ..., 65536 bits
** (MPFR 4.2.0 on this machine; erf is that steep). */
static const double op_ns[DC_WORK_CLASSES][NPREC] = {
  [DC_WORK_ADD]  = { 20, 23, 45, 140, 500, 2100 },
  [DC_WORK_MUL]  = { 20, 60, 300, 1700, 15000, 120000 },
  [DC_WORK_DIV]  = { 20, 100, 290, 2500, 25000, 220000 },
  [DC_WORK_ELEM] = { 1200, 3000, 11000, 100000, 800000, 10000000 },
  [DC_WORK_TRIG] = { 2000, 8000, 20000, 150000, 1600000, 20000000 },
  [DC_WORK_ERF]  = { 5000, 16000, 80000, 1400000, 30000000, 730000000 },
  [DC_WORK_POW]  = { 3000, 6400, 24000, 180000, 1900000, 17300000 },
};

/* The evaluator's own work per node and evaluation: flags, the error
** magnitude, the undefined checks. */
#define NODE_OVERHEAD_NS 30.0

/* Multiplications per exponent bit of an integer power (square and
** multiply). */
#define POWZ_MULS_PER_BIT 1.5

void dc_work_mix_init(struct dc_work_mix *m)
{
  size_t i;
  for (i = 0; i < DC_WORK_CLASSES; i++)
    m->count[i] = 0;
  m->powz_bits = m->nodes = 0;
  m->memo_prec = 0;
  m->memo_cost = 0;
}

/* The bits of an exponent that is an integer literal (or its negation),
** or 0 when it is not one. */
static double integer_bits(const struct dc_node *y)
{
  if (y->kind == DC_NEG && y->nargs == 1)
    y = y->a[0];
  if (y->kind != DC_NUM || !y->q || mpz_cmp_ui(mpq_denref(*y->q), 1) != 0)
    return 0;
  return (double)mpz_sizeinbase(mpq_numref(*y->q), 2);
}

static enum dc_work_class call_class(int fn)
{
  switch (fn) {
  case DC_FN_SQRT: return DC_WORK_MUL;
  case DC_FN_ABS: return DC_WORK_ADD;
  case DC_FN_EXP: case DC_FN_LOG: case DC_FN_SINH: case DC_FN_COSH:
  case DC_FN_TANH:
    return DC_WORK_ELEM;
  case DC_FN_ERF: return DC_WORK_ERF;
  default: return DC_WORK_TRIG;
  }
}

void dc_work_mix_add(struct dc_work_mix *m, const struct dc_node *e)
{
  double bits;
  m->nodes++;
  m->memo_prec = 0;
  switch (e->kind) {
  case DC_MUL: m->count[DC_WORK_MUL]++; break;
  case DC_DIV: case DC_NUM: m->count[DC_WORK_DIV]++; break;
  case DC_CONST: m->count[DC_WORK_ELEM]++; break;
  case DC_CALL:
    m->count[e->name && e->name->builtin >= 0 ?
             call_class(e->name->builtin) : DC_WORK_TRIG]++;
    break;
  case DC_POW:
    bits = e->nargs == 2 ? integer_bits(e->a[1]) : 0;
    if (bits > 0)
      m->powz_bits += bits;
    else
      m->count[DC_WORK_POW]++;
    break;
  default: m->count[DC_WORK_ADD]++; break;
  }
}

/* One operation of class c at prec bits, interpolated in the table. */
static double op_cost(enum dc_work_class c, mpfr_prec_t prec)
{
  double k = log((prec > 0 ? (double)prec : 1.0) / TABLE_PREC0) / log(4.0);
  int i;
  if (k <= 0)
    return op_ns[c][0];
  i = (int)k;
  if (i > NPREC - 2)
    i = NPREC - 2;
  /* log-log: the cost grows like a power of the precision between (and
  ** past) the table's points. */
  return op_ns[c][i] * pow(op_ns[c][i + 1] / op_ns[c][i], k - i);
}

double dc_work_cost(struct dc_work_mix *m, mpfr_prec_t prec)
{
  double cost;
  size_t c;
  if (m->memo_prec == prec && prec != 0)
    return m->memo_cost;
  cost = m->nodes * NODE_OVERHEAD_NS;
  for (c = 0; c < DC_WORK_CLASSES; c++)
    if (m->count[c] > 0)
      cost += m->count[c] * op_cost((enum dc_work_class)c, prec);
  cost += m->powz_bits * POWZ_MULS_PER_BIT * op_cost(DC_WORK_MUL, prec);
  m->memo_prec = prec;
  m->memo_cost = cost;
  return cost;
}

/* ---- the block's checks ---- */

/* Nodes reachable from e not yet in seen (which then holds them), with
** an explicit stack: expanded DAGs nest deeper than the C stack allows.
** -1 on out-of-memory. */
static double new_nodes(struct dc_ptrmap *seen, struct dc_node *e)
{
  struct dc_node **st;
  size_t sp = 0, cap = 64;
  double n = 0;
  int found;
  if (!e)
    return 0;
  dc_ptrmap_get(seen, e, &found);
  if (found)
    return 0;
  st = malloc(cap * sizeof *st);
  if (!st || dc_ptrmap_put(seen, e, e) != 0) {
    free(st);
    return -1;
  }
  st[sp++] = e;
  while (sp > 0) {
    struct dc_node *x = st[--sp];
    uint16_t i;
    n++;
    for (i = 0; i < x->nargs; i++) {
      struct dc_node *c = x->a[i];
      if (!c)
        continue;
      dc_ptrmap_get(seen, c, &found);
      if (found)
        continue;
      if (sp == cap) {
        struct dc_node **g = realloc(st, 2 * cap * sizeof *st);
        if (!g) {
          free(st);
          return -1;
        }
        st = g;
        cap *= 2;
      }
      if (dc_ptrmap_put(seen, c, c) != 0) {
        free(st);
        return -1;
      }
      st[sp++] = c;
    }
  }
  free(st);
  return n;
}

/*
** The element to point at: the one whose expansion adds the most nodes
** not shared with an element before it (one walk over the block's DAG in
** all).  The block's first element when memory runs out.
*/
static struct dc_pos largest_element(const struct dc_block *blk,
                                     struct dc_node *const *roots,
                                     size_t nelems)
{
  struct dc_pos best = blk->nchains ? blk->chains[0].elems[0].pos
                                    : blk->pos;
  struct dc_ptrmap seen;
  double most = -1;
  size_t c, i, k = 0;
  if (dc_ptrmap_init(&seen) != 0)
    return best;
  for (c = 0; c < blk->nchains; c++)
    for (i = 0; i < blk->chains[c].nelems && k < nelems; i++, k++) {
      double n = new_nodes(&seen, roots[k]);
      if (n < 0)
        goto out;
      if (n > most) {
        most = n;
        best = blk->chains[c].elems[i].pos;
      }
    }
out:
  dc_ptrmap_free(&seen);
  return best;
}

/* Seconds, for messages. */
static double secs(double ns)
{
  return ns * 1e-9;
}

int dc_work_check_block(const struct dc_block *blk,
                        struct dc_node *const *roots, size_t nelems,
                        struct dc_tape *tape, struct dc_fdiff *fd,
                        size_t nfd, mpfr_prec_t prec, size_t samples,
                        struct dc_diags *diags)
{
  double point = dc_tape_cost(tape, prec), need, left;
  double limit = dc_meter_limit();
  size_t i;
  if (limit <= 0)
    return 0;
  if (dc_meter_exceeded())
    return -1;                  /* an earlier block used it up: said there */
  for (i = 0; i < nfd; i++)
    point += 2.0 * (fd[i].order + 1) * dc_tape_cost(fd[i].tape, 2 * prec);
  need = point * (double)samples;
  left = limit - dc_meter_spent();
  if (need <= left)
    return 0;
  dc_error(diags, largest_element(blk, roots, nelems),
           "check budget exceeded: checking this block needs an estimated "
           "%.3g s (%zu samples of %zu nodes at %ld bits%s), more than the "
           "%.3g s of evaluation left for this spec; lower the precision "
           "or the samples, or split the block",
           secs(need), samples, dc_tape_nregs(tape), (long)prec,
           nfd ? ", with their derivatives' cross-checks" : "",
           secs(left > 0 ? left : 0));
  return -1;
}

void dc_work_report_exceeded(const struct dc_block *blk,
                             struct dc_node *const *roots, size_t nelems,
                             mpfr_prec_t prec, size_t samples,
                             struct dc_diags *diags)
{
  dc_error(diags, largest_element(blk, roots, nelems),
           "check budget exceeded: checking this block went past the "
           "%.3g s of evaluation a spec may use (points where a side was "
           "undefined, comparisons redone at more bits, searches for valid "
           "points); lower the precision (%ld bits) or the samples (%zu), "
           "or split the block", secs(dc_meter_limit()), (long)prec,
           samples);
}
