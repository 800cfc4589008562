/*
** check.c: a verdict for every link of a spec (SPEC section 4).
**
** One block at a time: every chain element is expanded and all of them,
** the block's where values and every symbolic derivative's pieces go into
** one tape, so shared subexpressions are computed once per point.  Points
** are drawn over the tape's inputs; at each point every link still
** running compares its two sides (see tolerance.c for when two values
** agree); a disagreement is re-evaluated at twice the precision before it
** counts.  At every accepted point each symbolic derivative is also
** compared with a central finite difference (fdiff.c).
**
** This file owns the bookkeeping: results, counterexamples, reasons.
*/
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "verify/check.h"
#include "verify/checkint.h"
#include "verify/eval.h"
#include "verify/internal.h"
#include "verify/sample.h"
#include "verify/special.h"
#include "expr/limits.h"
#include "simplify/expand.h"
#include "simplify/prove.h"
#include "simplify/exact.h"
#include "verify/certify.h"
#include "verify/rounded.h"
#include "verify/work.h"
#include "expr/meter.h"
#include "expr/ptrmap.h"

/* Points a link needs at least before it can pass with fewer than asked. */
#define MIN_VALID 8

/* The checker widens MPFR's exponent range to the largest one shifted
** right by this many bits (2^42 with 64-bit exponents), leaving room for
** the sums and small multiples of exponents that the error magnitudes and
** the finite-difference steps compute. */
#define EXP_HEADROOM_BITS 20

/* One link being checked. */
struct link {
  size_t ra, rb;                /* roots of the two sides */
  size_t sa, sb;                /* roots shown as the sides: ra, rb, but a
                                ** rounded decimal's own root (rounded.h) */
  int rounded;                  /* 1 right, 2 left side a rounded decimal */
  const struct dc_element *ea, *eb;
  struct dc_link_result *res;
  int active;                   /* still needs points */
  int suspect;                  /* disagreed at this point ... */
  mpfr_prec_t base;             /* ... at this precision */
  int raise;                    /* undecided at P: compare again higher */
  size_t nundecided;            /* points cancellation left undecided */
  int provable;                 /* small enough for the normal form */
  mpfr_exp_t d1;                /* exponent of |A - B| at base */
  char left[64], right[64];     /* both sides at P, for a counterexample */
  size_t undef[DC_UNDEF_COUNT]; /* rejected points by reason */
  struct dc_exact_cex *cex;     /* FAIL: the failing point, exactly */
};

/* The state of one block's check. */
struct run {
  struct dc_ctx *ctx;
  const struct dc_block *blk;
  struct dc_diags *diags;
  mpfr_prec_t prec;
  size_t samples;
  struct dc_expansion x;
  struct dc_node **roots;
  size_t nroots, nelems;
  int decimals;                 /* spec's decimals: 1 rounded */
  size_t nround;                /* clamp roots after the elements' */
  struct dc_tape *tape;
  size_t nin;
  mpfr_t *in;                   /* the point (every bit drawn, at prec) */
  mpfr_srcptr *inp;
  struct dc_strata *strata;     /* each input's stratified draws */
  long *where_root;             /* root of where name i, or -1 */
  char (*where_text)[64];       /* where values at P, for counterexamples */
  struct link *links;
  size_t nlinks;
  struct dc_fdiff *fd;          /* cross-check groups (build_fdiffs) */
  size_t nfd;
  size_t nfroots;               /* roots for the leaves of their f */
  mpfr_t diff;
  size_t diagnoses;             /* failures of the spec diagnosed so far */
  struct dc_binding_value *shared_at; /* the last failure's bindings ... */
  unsigned char *shared_shown;  /* ... which names they show ... */
  size_t shared_nat;            /* ... how many ... */
  struct dc_exact_cex *shared_cex; /* ... and the point, exactly */
  enum dc_check_status status;
};

/*
** A counterexample's bindings, counted: links that fail at one point hold
** one list (record_failure).  The count sits in front of the array, so a
** link result keeps a plain pointer to its bindings.
*/
struct bindings {
  size_t refs;
  struct dc_binding_value v[];
};

static struct bindings *bindings_of(struct dc_binding_value *at)
{
  return (struct bindings *)((char *)at - offsetof(struct bindings, v));
}

static struct dc_binding_value *bindings_new(size_t n)
{
  struct bindings *b = calloc(1, sizeof *b + n * sizeof b->v[0]);
  if (!b)
    return NULL;
  b->refs = 1;
  return b->v;
}

static struct dc_binding_value *bindings_share(struct dc_binding_value *at)
{
  if (at)
    bindings_of(at)->refs++;
  return at;
}

static void bindings_release(struct dc_binding_value *at)
{
  struct bindings *b;
  if (!at)
    return;
  b = bindings_of(at);
  if (--b->refs == 0)
    free(b);
}

static void set_reason(struct dc_link_result *r, const char *fmt,
                       const char *what)
{
  snprintf(r->reason, sizeof r->reason, fmt, what);
}

static enum dc_check_status worst(enum dc_check_status a,
                                  enum dc_check_status b)
{
  return a > b ? a : b;
}

static size_t block_elems(const struct dc_block *blk)
{
  size_t c, n = 0;
  for (c = 0; c < blk->nchains; c++)
    n += blk->chains[c].nelems;
  return n;
}

/* Allocate the block's result arrays and the link table. */
static int alloc_links(struct run *rn, struct dc_block_result *br)
{
  const struct dc_block *blk = rn->blk;
  size_t c, i, k = 0, e = 0;
  br->chains = calloc(blk->nchains ? blk->nchains : 1, sizeof *br->chains);
  if (!br->chains)
    return -1;
  br->nchains = blk->nchains;
  for (c = 0; c < blk->nchains; c++)
    if (blk->chains[c].nelems > 1)
      rn->nlinks += blk->chains[c].nelems - 1;
  rn->links = calloc(rn->nlinks ? rn->nlinks : 1, sizeof *rn->links);
  if (!rn->links)
    return -1;
  for (c = 0; c < blk->nchains; c++) {
    const struct dc_chain *ch = &blk->chains[c];
    size_t nl = ch->nelems > 1 ? ch->nelems - 1 : 0;
    br->chains[c].links = calloc(nl ? nl : 1, sizeof *br->chains[c].links);
    if (!br->chains[c].links)
      return -1;
    br->chains[c].nlinks = nl;
    for (i = 0; i < nl; i++, k++) {
      struct link *l = &rn->links[k];
      l->ra = l->sa = e + i;
      l->rb = l->sb = e + i + 1;
      l->ea = &ch->elems[i];
      l->eb = &ch->elems[i + 1];
      l->res = &br->chains[c].links[i];
      l->res->verdict = DC_UNDETERMINED;
      l->active = 1;
    }
    e += ch->nelems;
  }
  return 0;
}

/* Mark every link of the block undetermined with reason `why`. */
static void give_up(struct run *rn, const char *why)
{
  size_t k;
  for (k = 0; k < rn->nlinks; k++) {
    rn->links[k].active = 0;
    rn->links[k].res->verdict = DC_UNDETERMINED;
    set_reason(rn->links[k].res, "not checked: %s", why);
  }
}

/* Memory ran out.  When it was the expression arena's budget, the input
** is too large (an input error, exit 2, naming the limit); only a failed
** malloc is the machine's problem (internal, exit 3). */
static void out_of_memory(struct run *rn, struct dc_pos pos)
{
  if (dc_meter_exceeded()) {
    dc_work_report_exceeded(rn->blk, rn->roots, rn->roots ? rn->nelems : 0,
                            rn->prec, rn->samples, rn->diags);
    rn->status = worst(rn->status, DC_CHECK_INPUT);
    return;
  }
  if (rn->ctx->arena.budget_spent) {
    dc_error(rn->diags, pos, "the expressions of this spec need more than "
             "%zu MiB",
             (size_t)(rn->ctx->arena.budget >> 20));
    rn->status = worst(rn->status, DC_CHECK_INPUT);
    return;
  }
  dc_error_oom(rn->diags, pos);
  rn->status = worst(rn->status, DC_CHECK_INTERNAL);
}

/* Expand every element into roots[0..nelems), with one expander so that
** pieces shared by the links are expanded and differentiated once.  0, or -1 on failure (a
** diagnostic is recorded: by dc_expand for input errors, here for OOM). */
static int expand_elements(struct run *rn)
{
  const struct dc_block *blk = rn->blk;
  size_t c, i, k = 0;
  struct dc_expander *ex = dc_expander_new(rn->ctx, &rn->x, rn->diags);
  if (!ex) {
    out_of_memory(rn, blk->chains[0].elems[0].pos);
    return -1;
  }
  for (c = 0; c < blk->nchains; c++)
    for (i = 0; i < blk->chains[c].nelems; i++, k++) {
      const struct dc_element *el = &blk->chains[c].elems[i];
      rn->roots[k] = dc_expander_run(ex, &blk->scope, el->expr, el->pos);
      if (!rn->roots[k]) {
        if (rn->ctx->oom)
          out_of_memory(rn, el->pos);
        else
          rn->status = worst(rn->status, DC_CHECK_INPUT);
        dc_expander_free(ex);
        return -1;
      }
    }
  dc_expander_free(ex);
  return 0;
}

/* Expand each where name for counterexamples.  A name that does not
** expand (it is then unused, or its error is reported through a chain) is
** left out quietly: its own derivatives and messages are discarded. */
static void expand_where(struct run *rn, struct dc_node **out)
{
  const struct dc_scope *sc = &rn->blk->scope;
  struct dc_expansion scratch;
  struct dc_diags quiet;
  size_t i;
  dc_expansion_init(&scratch);
  dc_diags_init(&quiet);
  for (i = 0; i < sc->nwhere; i++) {
    struct dc_node *name = dc_name_node(rn->ctx, sc->where[i].name);
    out[i] = name ? dc_expand(rn->ctx, sc, name, &scratch, &quiet,
                              sc->where[i].pos) : NULL;
  }
  dc_expansion_free(&scratch);
  dc_diags_free(&quiet);
}

/*
** The leaves of every derivative's f, as roots after the others: each is
** then drawn like any input, so the cross-check can evaluate f, but the
** main tape does not evaluate f itself, whose value nothing reads.
*/
static int add_leaves(struct run *rn)
{
  struct dc_node **fs, **all = NULL, **r;
  size_t i, n = 0, nall = 0;
  fs = malloc((rn->x.nchecks ? rn->x.nchecks : 1) * sizeof *fs);
  if (!fs)
    return -1;
  for (i = 0; i < rn->x.nchecks; i++)
    fs[i] = rn->x.checks[i].f;
  if (dc_post_order(fs, rn->x.nchecks, &all, &nall) != 0) {
    free(fs);
    return -1;
  }
  free(fs);
  r = realloc(rn->roots, (rn->nroots + nall + 1) * sizeof *r);
  if (!r) {
    free(all);
    return -1;
  }
  rn->roots = r;
  for (i = 0; i < nall; i++)
    if (dc_is_variable(all[i])) {
      rn->roots[rn->nroots++] = all[i];
      n++;
    }
  rn->nfroots = n;
  free(all);
  return 0;
}

/*
** Lay out the roots: elements, then where values that expanded, then each
** derivative's sym and at, then the leaves of the derivatives' functions.
*/
static int collect_roots(struct run *rn)
{
  const struct dc_scope *sc = &rn->blk->scope;
  struct dc_node **where;
  size_t i, cap = rn->nelems + rn->nround + sc->nwhere + 2 * rn->x.nchecks;
  struct dc_node **r = realloc(rn->roots, (cap ? cap : 1) * sizeof *r);
  if (!r)
    return -1;
  rn->roots = r;
  rn->nroots = rn->nelems + rn->nround;
  where = calloc(sc->nwhere ? sc->nwhere : 1, sizeof *where);
  rn->where_root = malloc((sc->nwhere ? sc->nwhere : 1) *
                          sizeof *rn->where_root);
  rn->where_text = calloc(sc->nwhere ? sc->nwhere : 1,
                          sizeof *rn->where_text);
  if (!where || !rn->where_root || !rn->where_text) {
    free(where);
    return -1;
  }
  expand_where(rn, where);
  for (i = 0; i < sc->nwhere; i++) {
    rn->where_root[i] = where[i] ? (long)rn->nroots : -1;
    if (where[i])
      rn->roots[rn->nroots++] = where[i];
  }
  free(where);
  for (i = 0; i < rn->x.nchecks; i++) {
    rn->roots[rn->nroots++] = rn->x.checks[i].sym;
    rn->roots[rn->nroots++] = rn->x.checks[i].at;
  }
  return add_leaves(rn);
}

static int alloc_inputs(struct run *rn)
{
  size_t i, n = dc_tape_ninputs(rn->tape);
  rn->in = malloc((n ? n : 1) * sizeof *rn->in);
  rn->inp = malloc((n ? n : 1) * sizeof *rn->inp);
  rn->strata = malloc((n ? n : 1) * sizeof *rn->strata);
  if (!rn->in || !rn->inp || !rn->strata)
    return -1;
  for (i = 0; i < n; i++) {
    /* At the working precision: exact at 2P and at every raised one. */
    mpfr_init2(rn->in[i], rn->prec);
    rn->inp[i] = rn->in[i];
  }
  rn->nin = n;
  return 0;
}

/* ---- one point ---- */

static void format_value(char *buf, size_t len, mpfr_srcptr v)
{
  mpfr_snprintf(buf, len, "%.20Rg", v);
}

/* The highest precision a comparison of l was made at (-v, JSON). */
static void note_precision(struct link *l, mpfr_prec_t prec)
{
  if ((long)prec > l->res->precision_used)
    l->res->precision_used = (long)prec;
}

/*
** A failing point kept exactly (sampled values are dyadic: an MPFR value
** is an exact rational), for the exact certificate; counted like the
** bindings, since the links failing at one point share it.  Its left and
** right are scratch: each link's use of them (differs_at, then
** record_exact) is over before the next link's begins.
*/
struct shared_point {
  size_t refs;
  struct dc_exact_cex c;
};

static struct shared_point *point_of(struct dc_exact_cex *c)
{
  return (struct shared_point *)((char *)c -
                                 offsetof(struct shared_point, c));
}

static struct dc_exact_cex *point_share(struct dc_exact_cex *c)
{
  if (c)
    point_of(c)->refs++;
  return c;
}

static void point_release(struct dc_exact_cex *c)
{
  struct shared_point *p;
  if (!c)
    return;
  p = point_of(c);
  if (--p->refs == 0) {
    dc_exact_cex_clear(&p->c);
    free(p);
  }
}

/* The inputs the flags select at the current point, exactly; NULL on
** out-of-memory. */
static struct dc_exact_cex *point_exact(struct run *rn,
                                        const unsigned char *shown)
{
  struct shared_point *p = malloc(sizeof *p);
  size_t i;
  if (!p)
    return NULL;
  p->refs = 1;
  dc_exact_cex_init(&p->c);
  for (i = 0; i < rn->nin; i++) {
    if (!shown[i])
      continue;
    if (dc_exact_cex_add(&p->c, dc_tape_input(rn->tape, i)->name) != 0) {
      point_release(&p->c);
      return NULL;
    }
    mpfr_get_q(p->c.vals[p->c.n - 1], rn->in[i]);
  }
  return &p->c;
}

/* The names a link's sides reach (dc_reached_names), to tell which
** inputs a counterexample shows; NULL (show them all) when the walk
** fails.  The caller frees a non-NULL result with dc_ptrmap_free. */
static struct dc_ptrmap *link_names(const struct dc_scope *sc,
                                    const struct link *l,
                                    struct dc_ptrmap *m)
{
  const struct dc_node *e[2];
  e[0] = l->ea->expr;
  e[1] = l->eb->expr;
  if (dc_ptrmap_init(m) == 0 && dc_reached_names(sc, e, 2, m) == 0)
    return m;
  dc_ptrmap_free(m);
  return NULL;
}

/*
** Which inputs and where names (nin + nwhere flags) a failure of link l
** shows: those its sides reach (all of them when the walk that finds
** them fails: a counterexample may show too much, never too little).
*/
static void shown_names(struct run *rn, const struct link *l,
                        unsigned char *shown)
{
  const struct dc_scope *sc = &rn->blk->scope;
  struct dc_ptrmap names_m, *names = link_names(sc, l, &names_m);
  size_t i;
  for (i = 0; i < rn->nin; i++) {
    const struct dc_node *leaf = dc_tape_input(rn->tape, i);
    shown[i] = leaf->kind == DC_NAME && dc_reaches(names, leaf->name);
  }
  for (i = 0; i < sc->nwhere; i++)
    shown[rn->nin + i] = rn->where_root[i] >= 0 &&
                         dc_reaches(names, sc->where[i].name);
  if (names)
    dc_ptrmap_free(names);
}

/* The bindings the flags select, formatted at the current point. */
static struct dc_binding_value *point_bindings(struct run *rn,
                                               const unsigned char *shown,
                                               size_t *nat)
{
  const struct dc_scope *sc = &rn->blk->scope;
  struct dc_binding_value *at = bindings_new(rn->nin + sc->nwhere + 1);
  size_t i, n = 0;
  if (!at)
    return NULL;
  for (i = 0; i < rn->nin; i++) {
    if (!shown[i])
      continue;
    at[n].name = dc_tape_input(rn->tape, i)->name->s;
    format_value(at[n].value, sizeof at[n].value, rn->in[i]);
    n++;
  }
  for (i = 0; i < sc->nwhere; i++) {
    if (!shown[rn->nin + i])
      continue;
    at[n].name = sc->where[i].name->s;
    at[n].derived = 1;
    memcpy(at[n].value, rn->where_text[i], sizeof at[n].value);
    n++;
  }
  *nat = n;
  return at;
}

/* A new point: failures recorded from now on show its values. */
static void forget_shared_point(struct run *rn)
{
  bindings_release(rn->shared_at);
  point_release(rn->shared_cex);
  free(rn->shared_shown);
  rn->shared_at = NULL;
  rn->shared_cex = NULL;
  rn->shared_shown = NULL;
  rn->shared_nat = 0;
}

/*
** Record the counterexample of link l at the current point.  Links that
** fail at one point and show the same names share one list of bindings
** and one exact point (rn->shared_*): a network's gradient links each
** show every parameter, and keeping the point once per link made n
** failures cost n^2.
*/
static int record_failure(struct run *rn, struct link *l)
{
  struct dc_link_result *r = l->res;
  size_t nat, nflags = rn->nin + rn->blk->scope.nwhere;
  unsigned char *shown = malloc(nflags + 1);
  r->verdict = DC_FAIL;
  memcpy(r->left, l->left, sizeof r->left);
  memcpy(r->right, l->right, sizeof r->right);
  if (!shown)
    return -1;
  shown_names(rn, l, shown);
  if (!rn->shared_at || memcmp(shown, rn->shared_shown, nflags) != 0) {
    struct dc_binding_value *at = point_bindings(rn, shown, &nat);
    struct dc_exact_cex *cex = at ? point_exact(rn, shown) : NULL;
    if (!cex) {
      bindings_release(at);
      free(shown);
      return -1;
    }
    forget_shared_point(rn);
    rn->shared_at = at;
    rn->shared_cex = cex;
    rn->shared_nat = nat;
    rn->shared_shown = shown;
    shown = NULL;
  }
  free(shown);
  r->at = bindings_share(rn->shared_at);
  r->nat = rn->shared_nat;
  point_release(l->cex);
  l->cex = point_share(rn->shared_cex);
  return 0;
}

/* Keep the where values at P, before the tape moves to 2P. */
static void snapshot_where(struct run *rn)
{
  size_t i, n = rn->blk->scope.nwhere;
  for (i = 0; i < n; i++) {
    long root = rn->where_root[i];
    if (root < 0)
      continue;
    if (dc_tape_defined(rn->tape, (size_t)root, NULL))
      format_value(rn->where_text[i], sizeof rn->where_text[i],
                   dc_tape_value(rn->tape, (size_t)root));
    else
      snprintf(rn->where_text[i], sizeof rn->where_text[i], "undefined");
  }
}

/* A link's comparison at the tape's current precision, counted. */
static enum dc_cmp compare_link(struct run *rn, struct link *l,
                                mpfr_prec_t prec, mpfr_prec_t *need)
{
  mpfr_srcptr a = dc_tape_value(rn->tape, l->ra);
  mpfr_srcptr b = dc_tape_value(rn->tape, l->rb);
  enum dc_cmp c = dc_compare(rn->diff, a, dc_tape_mag(rn->tape, l->ra), b,
                             dc_tape_mag(rn->tape, l->rb), prec, rn->prec,
                             need);
  if (c == DC_CMP_AGREE || c == DC_CMP_DISAGREE)
    note_precision(l, prec);
  if (c == DC_CMP_AGREE)
    l->res->nvalid++;
  else if (c == DC_CMP_UNDECIDED)
    l->nundecided++;
  else if (c == DC_CMP_DISAGREE) {
    l->suspect = 1;
    l->base = prec;
    l->d1 = mpfr_get_exp(rn->diff);
    format_value(l->left, sizeof l->left, dc_tape_value(rn->tape, l->sa));
    format_value(l->right, sizeof l->right, dc_tape_value(rn->tape, l->sb));
  }
  return c;
}

/*
** Compare every running link at precision P.  Returns how many links had
** both sides defined (0: the point was rejected by all); *raise is the
** highest precision a link asked for because cancellation left too few
** bits at P (0: none did), and those links have l->raise set.
*/
static size_t compare_at_p(struct run *rn, mpfr_prec_t *raise)
{
  size_t k, accepted = 0;
  *raise = 0;
  for (k = 0; k < rn->nlinks; k++) {
    struct link *l = &rn->links[k];
    enum dc_undef wa = DC_UNDEF_NONE, wb = DC_UNDEF_NONE;
    mpfr_prec_t need;
    if (!l->active)
      continue;
    l->res->ntried++;
    l->suspect = l->raise = 0;
    if (!dc_tape_defined(rn->tape, l->ra, &wa) ||
        !dc_tape_defined(rn->tape, l->rb, &wb)) {
      l->undef[wa != DC_UNDEF_NONE ? wa : wb]++;
      continue;
    }
    accepted++;
    if (compare_link(rn, l, rn->prec, &need) == DC_CMP_RAISE) {
      l->raise = 1;
      if (need > *raise)
        *raise = need;
    }
  }
  return accepted;
}

/* The links that asked for it, compared again at the raised precision q
** (the tape holds its values).  A link undefined there loses the point. */
static void compare_raised(struct run *rn, mpfr_prec_t q)
{
  size_t k;
  for (k = 0; k < rn->nlinks; k++) {
    struct link *l = &rn->links[k];
    mpfr_prec_t need;
    if (!l->active || !l->raise)
      continue;
    if (!dc_tape_defined(rn->tape, l->ra, NULL) ||
        !dc_tape_defined(rn->tape, l->rb, NULL))
      continue;
    if (compare_link(rn, l, q, &need) == DC_CMP_RAISE)
      l->nundecided++;          /* its values moved: not decided here */
  }
}

/*
** The links that disagreed at precision `base`, now evaluated at twice
** that: a real difference stays put; rounding noise shrinks with the
** precision.  A link whose sides are undefined there does not count this
** point.
*/
static int confirm_at_2p(struct run *rn, mpfr_prec_t base)
{
  size_t k;
  mpfr_prec_t p2 = 2 * base;
  forget_shared_point(rn);
  for (k = 0; k < rn->nlinks; k++) {
    struct link *l = &rn->links[k];
    if (!l->active || !l->suspect || l->base != base)
      continue;
    if (!dc_tape_defined(rn->tape, l->ra, NULL) ||
        !dc_tape_defined(rn->tape, l->rb, NULL))
      continue;
    l->res->nvalid++;
    note_precision(l, p2);
    if (!dc_difference_confirmed(rn->diff, dc_tape_value(rn->tape, l->ra),
                                 dc_tape_mag(rn->tape, l->ra),
                                 dc_tape_value(rn->tape, l->rb),
                                 dc_tape_mag(rn->tape, l->rb), p2, l->d1,
                                 base))
      continue;
    l->active = 0;
    if (record_failure(rn, l) != 0)
      return -1;
  }
  return 0;
}

/* Is some running link's disagreement at `base` waiting to be confirmed? */
static int suspects_at(const struct run *rn, mpfr_prec_t base)
{
  size_t k;
  for (k = 0; k < rn->nlinks; k++)
    if (rn->links[k].active && rn->links[k].suspect &&
        rn->links[k].base == base)
      return 1;
  return 0;
}

/* Confirm the disagreements seen at precision `base`, if any. */
static int confirm_suspects(struct run *rn, mpfr_prec_t base)
{
  if (!base || !suspects_at(rn, base))
    return 0;
  if (dc_tape_eval(rn->tape, 2 * base, rn->inp) != 0)
    return -1;
  return confirm_at_2p(rn, base);
}

/*
** A link that agreed at every point and is not proved may still be false
** by less than any comparison can see: exp(10000) + sin(x) - exp(10000) =
** sin(x) + exp(-10000) agrees to every bit the working precision keeps.
** When the normal form of left - right is not 0 and its ball at this
** point, where both sides were just defined, excludes 0, the link fails
** here, certified.  Rational links are decided exactly (decide_rational).
*/
static void disprove_below_precision(struct run *rn, struct link *l)
{
  struct dc_node *a = rn->roots[l->ra], *b = rn->roots[l->rb], *d;
  struct dc_link_result *r = l->res;
  struct dc_certifier *cert;
  struct dc_exact_cex *pt;
  unsigned char *all;
  mpfr_t left, right;
  long bits = 0;
  int shown;
  if (!l->provable || r->proved || dc_exact_is_rational(a, b) ||
      !dc_tape_defined(rn->tape, l->sa, NULL) ||
      !dc_tape_defined(rn->tape, l->sb, NULL) ||
      !(d = dc_prove_difference(rn->ctx, a, b)))
    return;
  if (!(all = malloc(rn->nin + 1)))
    return;
  memset(all, 1, rn->nin + 1);
  pt = point_exact(rn, all);
  free(all);
  cert = pt ? dc_certifier_new() : NULL;
  mpfr_inits2(128, left, right, (mpfr_ptr)NULL);
  shown = cert && dc_certify_differ_by(cert, a, b, d, pt, (long)rn->prec,
                                       &bits, left, right);
  dc_certifier_free(cert);
  point_release(pt);
  /* The sides from their balls: the sampled left may have cancelled. */
  if (shown) {
    format_value(l->left, sizeof l->left, left);
    format_value(l->right, sizeof l->right, right);
  }
  mpfr_clears(left, right, (mpfr_ptr)NULL);
  if (!shown)
    return;
  forget_shared_point(rn);
  if (record_failure(rn, l) != 0) {
    out_of_memory(rn, l->eb->pos);
    return;
  }
  r->certified = "difference";
  r->certified_bits = bits;
}

/* Links that have their points are done. */
static size_t retire_links(struct run *rn)
{
  size_t k, running = 0;
  for (k = 0; k < rn->nlinks; k++) {
    struct link *l = &rn->links[k];
    if (l->active && l->res->nvalid >= rn->samples) {
      l->active = 0;
      l->res->verdict = DC_PASS;
      disprove_below_precision(rn, l);
    }
    running += l->active != 0;
  }
  return running;
}

/* The finite-difference cross-check of every derivative at this point. */
static void cross_check(struct run *rn)
{
  size_t i;
  for (i = 0; i < rn->nfd; i++) {
    struct dc_fdiff *f = &rn->fd[i];
    if (dc_fdiff_done(f, rn->samples))
      continue;
    if (dc_fdiff_check(f, rn->tape, rn->inp, rn->prec, rn->samples,
                       rn->diags, rn->blk->chains[0].elems[0].pos) != 0)
      rn->status = worst(rn->status, DC_CHECK_INTERNAL);
  }
}

static void draw_point(struct run *rn, struct dc_rng *rng)
{
  size_t i;
  for (i = 0; i < rn->nin; i++)
    dc_sample_domain(rng, dc_input_domain(dc_tape_input(rn->tape, i)),
                     rn->in[i]);
}

/* A point of the stratified sequences: each symbol's draws cover its
** domain evenly whatever the seed. */
static void draw_strata(struct run *rn, struct dc_rng *rng)
{
  size_t i;
  for (i = 0; i < rn->nin; i++)
    dc_sample_strata(&rn->strata[i], rng,
                     dc_input_domain(dc_tape_input(rn->tape, i)), rn->in[i]);
}

/*
** Check every running link at the current point: compare at P, the
** finite-difference cross-check, the comparisons cancellation made
** undecided at P again at the precision they need, the confirmation of
** disagreements at twice the precision they were seen at.  0 or -1 (OOM).
*/
static int check_point(struct run *rn)
{
  mpfr_prec_t q;
  if (dc_tape_eval(rn->tape, rn->prec, rn->inp) != 0)
    return -1;
  if (compare_at_p(rn, &q) > 0)
    cross_check(rn);
  if (q > 0) {
    if (dc_tape_eval(rn->tape, q, rn->inp) != 0)
      return -1;
    compare_raised(rn, q);
  }
  /* Where values as the last disagreement saw them, for its report. */
  if (suspects_at(rn, q) || suspects_at(rn, rn->prec))
    snapshot_where(rn);
  if (confirm_suspects(rn, q) != 0)
    return -1;
  return confirm_suspects(rn, rn->prec);
}

/* Points at the kinks of every level (special.c), each checked. */
static int check_levels(struct run *rn, struct dc_rng *rng)
{
  int none, rc = 0;
  size_t k, j;
  struct dc_special *sp = dc_special_new(rn->tape, rn->roots, rn->nelems,
                                         rn->prec, &none);
  if (!sp)
    return none ? 0 : -1;
  for (k = 0; k < dc_special_levels(sp) && rc == 0; k++) {
    int n;
    draw_point(rn, rng);
    n = dc_special_find(sp, k, rng, rn->in, rn->prec);
    if (n < 0)
      rc = -1;
    for (j = 0; rc == 0 && j < (size_t)(n > 0 ? n : 0); j++) {
      dc_special_point(sp, j, rn->in);
      rc = check_point(rn);
    }
  }
  dc_special_free(sp);
  return rc;
}

/*
** Each symbol at and just inside the bounds of its domain.  With few
** symbols, one at a time, the others drawn.  With many, the symbols are
** dealt into BOUND_GROUPS groups (i mod BOUND_GROUPS) and a group goes to
** its bounds together: a wide network would otherwise cost 8 points per
** parameter before its first random one, while a slip that shows only at
** a bound still shows with the symbols of other groups drawn.
*/
#define BOUND_GROUPS 8

static int check_bounds(struct run *rn, struct dc_rng *rng)
{
  size_t g, i, j, ngroups = rn->nin < BOUND_GROUPS ? rn->nin : BOUND_GROUPS;
  for (g = 0; g < ngroups; g++) {
    int more = 1;
    for (j = 0; more; j++) {
      int set = 0;
      more = 0;
      draw_point(rn, rng);
      for (i = g; i < rn->nin; i += ngroups) {
        int r = dc_special_bound(dc_input_domain(dc_tape_input(rn->tape, i)),
                                 j, rn->in[i]);
        more |= r > 0;
        set |= r == 2;
      }
      if (set && check_point(rn) != 0)
        return -1;
    }
  }
  return 0;
}

/*
** Before the random points: the special ones.  They can only fail a link;
** the sample counts and reasons are those of the random points.
*/
static int check_special(struct run *rn, struct dc_rng *rng)
{
  size_t k;
  if (check_bounds(rn, rng) != 0 || check_levels(rn, rng) != 0)
    return -1;
  for (k = 0; k < rn->nlinks; k++) {
    struct link *l = &rn->links[k];
    if (!l->active)
      continue;
    l->res->nvalid = l->res->ntried = l->nundecided = 0;
    memset(l->undef, 0, sizeof l->undef);
  }
  return 0;
}

/* Draw points until every link has its samples or the tries run out. */
static int sample_block(struct run *rn, struct dc_rng *rng)
{
  size_t tries, max_tries = DC_TRIES_PER_SAMPLE * rn->samples;
  size_t i;
  for (i = 0; i < rn->nin; i++)
    dc_strata_init(&rn->strata[i], rng, i);
  for (tries = 0; tries < max_tries; tries++) {
    draw_strata(rn, rng);
    if (check_point(rn) != 0)
      return -1;
    if (retire_links(rn) == 0)
      break;
  }
  return 0;
}

/*
** A link still short of points after the draws, having lost some to a
** where name or definition outside its domain: draw points and move them
** into its guards (guard.c), then check them like any other point.  Every
** running link sees those points.  0 or -1 (OOM).
*/
static int search_link(struct run *rn, struct link *l, struct dc_rng *rng)
{
  size_t n, misses = 0;
  size_t max_searches = DC_GUARD_SEARCHES_PER_SAMPLE * rn->samples;
  int none, rc = 0;
  struct dc_guard_search *gs = dc_guard_search_new(
      rn->tape, rn->roots[l->ra], rn->roots[l->rb], rn->prec, &none);
  if (!gs)
    return none ? 0 : -1;
  for (n = 0; n < max_searches && misses < DC_GUARD_SEARCH_MISSES &&
              l->active && rc == 0; n++) {
    int found;
    draw_point(rn, rng);
    found = dc_guard_search_find(gs, rng, rn->in, rn->prec);
    misses = found > 0 ? 0 : misses + 1;
    if (found < 0)
      rc = -1;
    else if (found > 0 && check_point(rn) != 0)
      rc = -1;
    else if (found > 0)
      retire_links(rn);
  }
  dc_guard_search_free(gs);
  return rc;
}

static int search_guards(struct run *rn, struct dc_rng *rng)
{
  size_t k;
  for (k = 0; k < rn->nlinks; k++) {
    struct link *l = &rn->links[k];
    if (l->active && l->undef[DC_UNDEF_DOMAIN] > 0 &&
        search_link(rn, l, rng) != 0)
      return -1;
  }
  return 0;
}

/* Verdicts for links still running when the points ran out. */
static void finish_links(struct run *rn)
{
  size_t k, need = rn->samples < MIN_VALID ? rn->samples : MIN_VALID;
  for (k = 0; k < rn->nlinks; k++) {
    struct link *l = &rn->links[k];
    struct dc_link_result *r = l->res;
    size_t w, best = 1;
    if (!l->active)
      continue;
    l->active = 0;
    /* A proved link needs its points only for definedness: both sides
    ** were defined where they cancelled below the rounding error. */
    if (r->nvalid >= need ||
        (r->proved && r->nvalid + l->nundecided >= need)) {
      r->verdict = DC_PASS;
      disprove_below_precision(rn, l);
      continue;
    }
    r->verdict = DC_UNDETERMINED;
    for (w = 2; w < DC_UNDEF_COUNT; w++)
      if (l->undef[w] > l->undef[best])
        best = w;
    if (l->nundecided > l->undef[best])
      snprintf(r->reason, sizeof r->reason, "at %zu of %zu points the "
               "sides cancel below the rounding error even at %ld bits",
               l->nundecided, r->ntried,
               (long)dc_precision_cap(rn->prec));
    else if (l->undef[best] == 0)
      snprintf(r->reason, sizeof r->reason,
               "only %zu of %zu points gave a stable value for both sides",
               r->nvalid, r->ntried);
    else if (r->nvalid == 0)
      snprintf(r->reason, sizeof r->reason,
               "none of %zu points had both sides defined: %s",
               r->ntried, dc_undef_text((enum dc_undef)best));
    else
      snprintf(r->reason, sizeof r->reason,
               "only %zu of %zu points had both sides defined: %s",
               r->nvalid, r->ntried, dc_undef_text((enum dc_undef)best));
    /* Sides that cancel below every precision may still be told apart
    ** exactly. */
    if (l->nundecided > 0) {
      disprove_below_precision(rn, l);
      if (r->verdict == DC_FAIL)
        r->reason[0] = '\0';
    }
  }
}

/* ---- one block ---- */

/*
** The cross-checks: first derivatives of one f go in one group (a new one
** when the group already has the variable), others each in their own.
** Derivative i's sym and at are roots base + 2i and base + 2i + 1.
*/
static int build_fdiffs(struct run *rn)
{
  size_t i, k, base = rn->nroots - rn->nfroots - 2 * rn->x.nchecks;
  rn->fd = calloc(rn->x.nchecks ? rn->x.nchecks : 1, sizeof *rn->fd);
  if (!rn->fd)
    return -1;
  for (i = 0; i < rn->x.nchecks; i++) {
    const struct dc_dcheck *c = &rn->x.checks[i];
    struct dc_fdiff *g = NULL;
    for (k = rn->nfd; c->order == 1 && k-- > 0;)
      if (rn->fd[k].f == c->f && rn->fd[k].order == 1) {
        if (!dc_fdiff_has(&rn->fd[k], c))
          g = &rn->fd[k];
        break;
      }
    if (!g) {
      g = &rn->fd[rn->nfd++];
      dc_fdiff_init(g, c->f, c->order);
    }
    if (dc_fdiff_add(g, c, base + 2 * i, base + 2 * i + 1) != 0)
      return -1;
  }
  for (k = 0; k < rn->nfd; k++)
    if (dc_fdiff_ready(&rn->fd[k], rn->tape) != 0)
      return -1;
  return 0;
}

/* Expand, build the tape and the cross-checks.  0 when sampling can
** start; -1 after every link was given up on with a reason. */
static void format_q(char *buf, size_t len, const mpq_t q);

/* A decimal of k places is told from its neighbours only at a precision
** that holds its size and k digits past the point, with room for the
** tolerance: the block is checked at that precision when it is higher
** (an 80-digit decimal of 1/3 is out of reach of 256 bits). */
static void raise_for_decimal(struct run *rn, const mpq_t v, int digits)
{
  long size = mpq_sgn(v) ? (long)mpz_sizeinbase(mpq_numref(v), 2) -
                           (long)mpz_sizeinbase(mpq_denref(v), 2) + 1 : 0;
  long need = (size > 0 ? size : 0) + (long)(3.33 * (digits + 1)) + 1 +
              DC_SAFE_LOST_BITS + DC_TOL_SLACK;
  if (need > DC_MAX_PRECISION)
    need = DC_MAX_PRECISION;
  if (need > (long)rn->prec) {
    rn->prec = need;
    mpfr_set_prec(rn->diff, rn->prec);
  }
}

/* With decimals: rounded, the side of a link that is a decimal alone is
** checked as the interval it stands for (rounded.h): it becomes a root
** of its own, clamp(other side), after the elements' roots. */
static int round_links(struct run *rn)
{
  size_t k, n = 0;
  struct dc_node **r;
  mpq_t v;
  for (k = 0; rn->decimals && k < rn->nlinks; k++) {
    struct link *l = &rn->links[k];
    l->rounded = dc_rounded_side(l->ea->expr, l->eb->expr);
    n += l->rounded != 0;
  }
  if (n == 0)
    return 0;
  if (!(r = realloc(rn->roots, (rn->nelems + n) * sizeof *r)))
    return -1;
  rn->roots = r;
  mpq_init(v);
  for (k = 0; k < rn->nlinks; k++) {
    struct link *l = &rn->links[k];
    const struct dc_element *lit = l->rounded == 1 ? l->eb : l->ea;
    size_t slot = rn->nelems + rn->nround;
    int digits;
    char span[48];
    if (!l->rounded)
      continue;
    digits = dc_rounded_decimal(lit->expr, v);
    r[slot] = dc_rounded_clamp(rn->ctx, r[l->rounded == 1 ? l->ra : l->rb],
                               v, digits);
    if (!r[slot]) {
      mpq_clear(v);
      return -1;
    }
    *(l->rounded == 1 ? &l->rb : &l->ra) = slot;
    rn->nround++;
    raise_for_decimal(rn, v, digits);
    dc_rounded_interval(span, sizeof span, v, digits);
    snprintf(l->res->rounded, sizeof l->res->rounded, "%.12s stands for %.36s",
             lit->src, span);
  }
  mpq_clear(v);
  return 0;
}

/* A failed rounded link shows the decimal as written, not the end of its
** interval that the check compared with. */
static void show_rounded(struct link *l)
{
  struct dc_link_result *r = l->res;
  const struct dc_element *lit = l->rounded == 1 ? l->eb : l->ea;
  char *exact;
  mpq_t v;
  if (!l->rounded || r->verdict != DC_FAIL)
    return;
  mpq_init(v);
  dc_rounded_decimal(lit->expr, v);
  format_q(l->rounded == 1 ? r->right : r->left, sizeof r->right, v);
  exact = l->rounded == 1 ? r->exact_right : r->exact_left;
  if (exact) {
    char *t = mpq_get_str(NULL, 10, v);
    if (t) {
      free(exact);
      *(l->rounded == 1 ? &r->exact_right : &r->exact_left) = t;
    }
  }
  mpq_clear(v);
}

/* Links whose sides have the same exact normal form are proved; they are
** still sampled, for their domains and definedness.  Sides larger than
** DC_MAX_PROOF_NODES are only sampled: see limits.h. */
static void prove_links(struct run *rn)
{
  size_t k;
  for (k = 0; k < rn->nlinks; k++) {
    struct link *l = &rn->links[k];
    l->provable = dc_dag_size_upto(rn->roots[l->ra], DC_MAX_PROOF_NODES) +
                      dc_dag_size_upto(rn->roots[l->rb], DC_MAX_PROOF_NODES) <=
                  DC_MAX_PROOF_NODES;
    if (l->provable)
      l->res->proved = dc_prove_equal(rn->ctx, rn->roots[l->ra],
                                      rn->roots[l->rb]) == DC_PROOF_EXACT;
  }
}

static void format_q(char *buf, size_t len, const mpq_t q)
{
  mpfr_t v;
  mpfr_init2(v, 128);
  mpfr_set_q(v, q, MPFR_RNDN);
  format_value(buf, len, v);
  mpfr_clear(v);
}

/* A fraction as text into buf ("?" when it does not fit). */
static void fraction_text(char *buf, size_t len, const mpq_t q)
{
  char *t = mpq_get_str(NULL, 10, q);
  snprintf(buf, len, "%s", t && strlen(t) < len ? t : "?");
  free(t);
}

/*
** The counterexample of an exact disproof at the point c: the point (to 20
** digits, and as fractions), the where names there, both sides to 20
** digits and (exact_left/right) as fractions.
*/
static int record_exact(struct run *rn, struct link *l,
                        const struct dc_exact_cex *c)
{
  const struct dc_scope *sc = &rn->blk->scope;
  struct dc_link_result *r = l->res;
  struct dc_ptrmap names_m, *names;
  size_t i, n = 0;
  mpq_t w;
  bindings_release(r->at);
  free(r->exact_left);
  free(r->exact_right);
  r->at = bindings_new(c->n + sc->nwhere + 1);
  r->exact_left = mpq_get_str(NULL, 10, c->left);
  r->exact_right = mpq_get_str(NULL, 10, c->right);
  if (!r->at || !r->exact_left || !r->exact_right)
    return -1;
  r->verdict = DC_FAIL;
  r->certified = "exact";
  r->reason[0] = '\0';
  for (i = 0; i < c->n; i++, n++) {
    r->at[n].name = c->names[i]->s;
    format_q(r->at[n].value, sizeof r->at[n].value, c->vals[i]);
    fraction_text(r->at[n].exact, sizeof r->at[n].exact, c->vals[i]);
  }
  mpq_init(w);
  names = link_names(sc, l, &names_m);
  for (i = 0; i < sc->nwhere; i++) {
    const struct dc_name *name = sc->where[i].name;
    if (rn->where_root[i] < 0 || !dc_reaches(names, name) ||
        dc_exact_eval(rn->roots[rn->where_root[i]], c, w) != 0)
      continue;
    r->at[n].name = name->s;
    r->at[n].derived = 1;
    format_q(r->at[n].value, sizeof r->at[n].value, w);
    n++;
  }
  if (names)
    dc_ptrmap_free(names);
  mpq_clear(w);
  r->nat = n;
  format_q(r->left, sizeof r->left, c->left);
  format_q(r->right, sizeof r->right, c->right);
  return 0;
}

/* A sampled failure of a link that is not rational is a FAIL only when
** ball arithmetic shows the sides differ at its point; otherwise it is
** undetermined, with that reason. */
static void certify_by_ball(struct dc_certifier *cert, struct link *l,
                            struct dc_node *a, struct dc_node *b)
{
  struct dc_link_result *r = l->res;
  if (r->verdict != DC_FAIL || r->certified)
    return;
  if (l->cex && (cert ? dc_certify_differ_with(cert, a, b, l->cex,
                                                &r->certified_bits)
                      : dc_certify_differ(a, b, l->cex, &r->certified_bits))) {
    r->certified = "ball";
    return;
  }
  r->verdict = DC_UNDETERMINED;
  snprintf(r->reason, sizeof r->reason, "the sides disagreed at a point, "
           "but ball arithmetic up to %d bits could not show it",
           DC_CERTIFY_MAX_BITS);
}

/* Do both sides differ exactly at the sampled failing point? */
static int differs_at(const struct link *l, struct dc_node *a,
                      struct dc_node *b)
{
  struct dc_exact_cex *c = l->cex;
  return c && dc_exact_eval(a, c, c->left) == 0 &&
         dc_exact_eval(b, c, c->right) == 0 && !mpq_equal(c->left, c->right);
}

/*
** Links of rational functions are decided exactly.  A sampled failure is
** certified at its own point; one that does not hold there exactly is
** replaced by a rational point where it does, or is undetermined.  A link
** that passed sampling but is not proved is disproved by a rational point
** where both sides differ (1 + 10^-100 = 1 passes every tolerance).
*/
static void decide_rational(struct run *rn, unsigned long seed)
{
  size_t k;
  /* One certifier for the block: links failing at one point share it. */
  struct dc_certifier *cert = dc_certifier_new();
  for (k = 0; k < rn->nlinks; k++) {
    struct link *l = &rn->links[k];
    struct dc_node *a = rn->roots[l->ra], *b = rn->roots[l->rb];
    struct dc_link_result *r = l->res;
    struct dc_exact_cex c;
    int rc = 0;
    if (r->proved || r->verdict == DC_UNDETERMINED)
      continue;
    if (!dc_exact_is_rational(a, b)) {
      certify_by_ball(cert, l, a, b);
      continue;
    }
    /* A short fraction first: sampled points carry every bit of the
    ** working precision, so their fractions run to 150 digits. */
    dc_exact_cex_init(&c);
    if (dc_exact_counterexample(a, b, seed + k, &c) == DC_EXACT_FOUND) {
      rc = record_exact(rn, l, &c);
      dc_exact_cex_clear(&c);
    } else if (r->verdict == DC_FAIL && differs_at(l, a, b)) {
      dc_exact_cex_clear(&c);
      rc = record_exact(rn, l, l->cex);
    } else {
      if (r->verdict == DC_FAIL) {
        r->verdict = DC_UNDETERMINED;
        snprintf(r->reason, sizeof r->reason, "the sampled disagreement "
                 "does not hold in exact arithmetic, and no exact one was "
                 "found");
      }
      dc_exact_cex_clear(&c);
    }
    if (rc)
      out_of_memory(rn, l->eb->pos);
  }
  dc_certifier_free(cert);
}

/* A proved link that sampling says fails is a bug in one of the two. */
static void check_proofs(struct run *rn)
{
  size_t k;
  for (k = 0; k < rn->nlinks; k++) {
    struct link *l = &rn->links[k];
    if (l->res->proved && l->res->verdict == DC_FAIL) {
      dc_error(rn->diags, l->eb->pos, "internal error: this step is proved "
               "exactly but its sampled values differ");
      rn->status = worst(rn->status, DC_CHECK_INTERNAL);
    }
    if (l->res->verdict != DC_PASS)
      l->res->proved = 0;
    show_rounded(l);
    /* A rounded decimal against a value: no factor or term to name. */
    if (l->res->verdict == DC_FAIL && !l->rounded &&
        rn->diagnoses < DC_MAX_DIAGNOSES) {
      rn->diagnoses++;
      dc_diagnose(rn->ctx, &rn->blk->scope, l->ea->expr, l->eb->expr,
                  &l->res->diag);
    }
  }
}

static int prepare(struct run *rn)
{
  struct dc_pos pos = rn->blk->chains[0].elems[0].pos;
  int too_big = 0;
  rn->roots = malloc((rn->nelems ? rn->nelems : 1) * sizeof *rn->roots);
  if (!rn->roots) {
    out_of_memory(rn, pos);
    give_up(rn, "out of memory");
    return -1;
  }
  if (expand_elements(rn) != 0) {
    give_up(rn, "an expression could not be expanded");
    return -1;
  }
  if (round_links(rn) != 0) {
    out_of_memory(rn, pos);
    give_up(rn, "out of memory");
    return -1;
  }
  prove_links(rn);
  if (collect_roots(rn) != 0) {
    out_of_memory(rn, pos);
    give_up(rn, "out of memory");
    return -1;
  }
  rn->tape = dc_tape_build(rn->roots, rn->nroots, &too_big);
  if (!rn->tape && too_big) {
    dc_error(rn->diags, pos, "this block needs more than %d evaluation "
             "nodes after expansion",
             DC_MAX_TAPE_NODES);
    rn->status = worst(rn->status, DC_CHECK_INPUT);
    give_up(rn, "the block is too large to evaluate");
    return -1;
  }
  if (!rn->tape || alloc_inputs(rn) != 0 || build_fdiffs(rn) != 0) {
    dc_error(rn->diags, pos, "internal error: could not build the "
             "evaluation tape of this block");
    rn->status = worst(rn->status, DC_CHECK_INTERNAL);
    give_up(rn, "internal error");
    return -1;
  }
  if (dc_work_check_block(rn->blk, rn->roots, rn->nelems, rn->tape, rn->fd,
                          rn->nfd, rn->prec, rn->samples, rn->diags) != 0) {
    rn->status = worst(rn->status, DC_CHECK_INPUT);
    give_up(rn, "check budget exceeded");
    return -1;
  }
  return 0;
}

static void run_free(struct run *rn)
{
  size_t i;
  for (i = 0; i < rn->nfd; i++)
    dc_fdiff_free(&rn->fd[i]);
  free(rn->fd);
  for (i = 0; i < rn->nin; i++)
    mpfr_clear(rn->in[i]);
  free(rn->in);
  free(rn->inp);
  free(rn->strata);
  dc_tape_free(rn->tape);
  free(rn->roots);
  free(rn->where_root);
  free(rn->where_text);
  for (i = 0; i < rn->nlinks && rn->links; i++)
    point_release(rn->links[i].cex);
  free(rn->links);
  forget_shared_point(rn);
  dc_expansion_free(&rn->x);
  mpfr_clear(rn->diff);
}

static void count_block(struct dc_spec_result *res,
                        const struct dc_block_result *br)
{
  size_t c, i;
  res->nchains += br->nchains;
  for (c = 0; c < br->nchains; c++)
    for (i = 0; i < br->chains[c].nlinks; i++) {
      res->nlinks++;
      switch (br->chains[c].links[i].verdict) {
      case DC_PASS:
        res->npassed++;
        res->nproved += br->chains[c].links[i].proved != 0;
        break;
      case DC_FAIL: res->nfailed++; break;
      default: res->nundetermined++; break;
      }
    }
}

/* The block's text, so that two specs (or blocks) with the same layout do
** not get the same points. */
static uint64_t block_hash(const struct dc_block *blk)
{
  uint64_t h = 0;
  size_t c, i;
  for (c = 0; c < blk->nchains; c++)
    for (i = 0; i < blk->chains[c].nelems; i++)
      h = dc_hash_text(h, blk->chains[c].elems[i].src);
  return h;
}

static enum dc_check_status check_block(struct dc_ctx *ctx,
                                        const struct dc_block *blk,
                                        int decimals,
                                        const struct dc_check_params *pp,
                                        uint64_t stream,
                                        size_t failed_before,
                                        struct dc_block_result *br,
                                        struct dc_diags *diags)
{
  struct run rn;
  struct dc_rng rng;
  memset(&rn, 0, sizeof rn);
  rn.diagnoses = failed_before;
  rn.ctx = ctx;
  rn.blk = blk;
  rn.decimals = decimals;
  rn.diags = diags;
  rn.prec = pp->precision;
  rn.samples = (size_t)pp->samples;
  rn.nelems = block_elems(blk);
  dc_expansion_init(&rn.x);
  mpfr_init2(rn.diff, rn.prec);
  if (alloc_links(&rn, br) != 0) {
    out_of_memory(&rn, blk->pos);
  } else if (rn.nlinks > 0 && prepare(&rn) == 0) {
    dc_rng_seed(&rng, pp->seed, stream ^ block_hash(blk));
    if (check_special(&rn, &rng) != 0 || sample_block(&rn, &rng) != 0 ||
        search_guards(&rn, &rng) != 0 || dc_meter_exceeded()) {
      out_of_memory(&rn, blk->chains[0].elems[0].pos);
      give_up(&rn, dc_meter_exceeded() ? "check budget exceeded"
                                        : "out of memory");
    }
    finish_links(&rn);
    decide_rational(&rn, pp->seed);
    check_proofs(&rn);
  }
  run_free(&rn);
  return rn.status;
}

/* Params within the limits: a library caller may pass anything. */
static void clamp_params(struct dc_check_params *p)
{
  if (p->precision < DC_MIN_PRECISION)
    p->precision = DC_MIN_PRECISION;
  if (p->precision > DC_MAX_PRECISION)
    p->precision = DC_MAX_PRECISION;
  if (p->samples < 1)
    p->samples = 1;
  if (p->samples > DC_MAX_SAMPLES)
    p->samples = DC_MAX_SAMPLES;
}

/*
** MPFR's default exponent range (about 2^30) makes exp(x) overflow and
** exp(-x) underflow from |x| = 7.5e8 on, and the points out there are
** rejected (eval.c).  Sampled values reach 10^12 and where names combine
** them, so the check runs with a wider range: exp(10^12) and
** 1000^(-10^11) are ordinary numbers then, and a step such as
** exp(x)^y = exp(x*y) is compared there instead of losing the point.
*/
static void widen_exponents(mpfr_exp_t *old_emin, mpfr_exp_t *old_emax)
{
  mpfr_exp_t e = mpfr_get_emax_max() >> EXP_HEADROOM_BITS;
  *old_emin = mpfr_get_emin();
  *old_emax = mpfr_get_emax();
  if (e > *old_emax)
    mpfr_set_emax(e);
  if (-e < *old_emin)
    mpfr_set_emin(-e);
}

static enum dc_check_status check_sections(struct dc_ctx *ctx,
                                           const struct dc_spec *spec,
                                           const struct dc_check_params *p,
                                           struct dc_spec_result *res,
                                           struct dc_diags *diags);

enum dc_check_status dc_check_spec(struct dc_ctx *ctx,
                                   const struct dc_spec *spec,
                                   const struct dc_check_params *params,
                                   struct dc_spec_result *res,
                                   struct dc_diags *diags)
{
  struct dc_check_params p = *params;
  enum dc_check_status st;
  mpfr_exp_t emin, emax;
  memset(res, 0, sizeof *res);
  clamp_params(&p);
  widen_exponents(&emin, &emax);
  dc_meter_start(DC_MAX_CHECK_WORK);
  st = check_sections(ctx, spec, &p, res, diags);
  /* Plots of failing links evaluate after the check: they are not part
  ** of its budget. */
  dc_meter_start(0);
  /* Every MPFR value of the check is gone by now: the caller's range
  ** comes back. */
  mpfr_set_emin(emin);
  mpfr_set_emax(emax);
  return st;
}

static enum dc_check_status check_sections(struct dc_ctx *ctx,
                                           const struct dc_spec *spec,
                                           const struct dc_check_params *p,
                                           struct dc_spec_result *res,
                                           struct dc_diags *diags)
{
  enum dc_check_status st = DC_CHECK_OK;
  size_t s, b;
  res->blocks = calloc(spec->nsections ? spec->nsections : 1,
                       sizeof *res->blocks);
  if (!res->blocks)
    goto oom;
  for (s = 0; s < spec->nsections; s++) {
    const struct dc_section *sec = &spec->sections[s];
    res->blocks[s] = calloc(sec->nblocks ? sec->nblocks : 1,
                            sizeof *res->blocks[s]);
    if (!res->blocks[s])
      goto oom;
    for (b = 0; b < sec->nblocks; b++) {
      if (sec->blocks[b].kind == DC_BLOCK_TEXT)
        continue;
      /* The stream names the block's place, so adding a block elsewhere
      ** does not move this one's points. */
      st = worst(st, check_block(ctx, &sec->blocks[b], spec->decimals, p,
                                 ((uint64_t)s << 32) | (uint64_t)b,
                                 res->nfailed, &res->blocks[s][b], diags));
      count_block(res, &res->blocks[s][b]);
    }
  }
  return st;
oom:
  dc_error_oom(diags, (struct dc_pos){ spec->path, 0, 0 });
  return DC_CHECK_INTERNAL;
}

void dc_spec_result_free(const struct dc_spec *spec,
                         struct dc_spec_result *res)
{
  size_t s, b, c, i;
  if (!res->blocks)
    return;
  for (s = 0; s < spec->nsections; s++) {
    if (!res->blocks[s])
      continue;
    for (b = 0; b < spec->sections[s].nblocks; b++) {
      struct dc_block_result *br = &res->blocks[s][b];
      for (c = 0; c < br->nchains; c++) {
        for (i = 0; i < br->chains[c].nlinks; i++) {
          bindings_release(br->chains[c].links[i].at);
          free(br->chains[c].links[i].exact_left);
          free(br->chains[c].links[i].exact_right);
        }
        free(br->chains[c].links);
      }
      free(br->chains);
    }
    free(res->blocks[s]);
  }
  free(res->blocks);
  memset(res, 0, sizeof *res);
}

const char *dc_verdict_word(enum dc_verdict v)
{
  switch (v) {
  case DC_PASS: return "pass";
  case DC_FAIL: return "fail";
  case DC_UNDETERMINED: return "undetermined";
  }
  return "undetermined";
}
