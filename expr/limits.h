/*
** limits.h: every limit derivcheck enforces, in one place.
**
** Each limit guards against input that would otherwise make the tool crash,
** hang or grow without bound.  Exceeding one is an input error (exit 2) with
** its own message that names the limit; none of them is ever a silent cut.
** Each can be overridden at build time with -DDC_MAX_...=N.
*/
#ifndef DC_LIMITS_H
#define DC_LIMITS_H

/* Bytes of one spec file.  libfyaml needs ~27 bytes of memory per input
** byte on chain-heavy files (1.37 GB for 50 MiB), so 4 MiB keeps a load
** near 100 MB. */
#ifndef DC_MAX_SPEC_BYTES
#define DC_MAX_SPEC_BYTES (4u << 20)
#endif

/* Bytes of one expression string (a chain line or a definition).  A real
** derivation step is a few hundred bytes; 64 KiB leaves room for generated
** specs while bounding parser work. */
#ifndef DC_MAX_EXPR_BYTES
#define DC_MAX_EXPR_BYTES (64u << 10)
#endif

/* Nesting depth of one expression: parentheses, unary minus, powers and
** calls all count.  The parser recurses once per level, so this bounds the
** C stack it uses. */
#ifndef DC_MAX_NESTING
#define DC_MAX_NESTING 256
#endif

/* Digits in one numeric literal.  Numbers are exact GMP rationals; a
** million-digit literal would still be exact but slow to evaluate. */
#ifndef DC_MAX_NUMBER_DIGITS
#define DC_MAX_NUMBER_DIGITS 1000
#endif

/* Arguments of one call and parameters of one user function. */
#ifndef DC_MAX_ARGS
#define DC_MAX_ARGS 16
#endif

/* Order of one derivative: diff(E, x, n), or the number of primes. */
#ifndef DC_MAX_DIFF_ORDER
#define DC_MAX_DIFF_ORDER 8
#endif

/* Nodes one symbolic derivative (diff, pdiff, a prime, f'(x)) may make,
** all its orders together.  Each order can multiply the size of the
** expression, and nested derivatives multiply their orders: diff(diff(E,
** x, 8), y, 8) of a modest E made millions of nodes and ran for minutes.
** Past this the derivative is an input error, found in under a second.
** The example specs make a few hundred nodes in all; a million took 2 s
** (15 s under ASan), which is why this is well below DC_MAX_TAPE_NODES. */
#ifndef DC_MAX_DERIV_NODES
#define DC_MAX_DERIV_NODES 300000
#endif

/* Depth of an expression once where names, definitions and user function
** bodies are expanded into it (a chain of definitions nests far deeper than
** any one string).  Expansion, differentiation and evaluation all recurse
** over that depth, so this bounds their C stack. */
#ifndef DC_MAX_EXPAND_DEPTH
#define DC_MAX_EXPAND_DEPTH 4000
#endif

/* Nodes one expanded element may make (its where names, definitions and
** function bodies substituted in).  Substitution can double the size at
** every level of nested user functions; a million nodes is as much as the
** evaluation tape may hold (DC_MAX_TAPE_NODES), so nothing larger could be
** checked anyway. */
#ifndef DC_MAX_EXPAND_NODES
#define DC_MAX_EXPAND_NODES 1000000
#endif

/* The C stack.  Every recursion checks the stack it has left (expr/
** stack.h) against the process's RLIMIT_STACK, so a small stack (ulimit -s
** 256) ends in an input error instead of a crash.  The reserve is kept
** for the libraries called at the deepest point (MPFR temporaries on the
** stack, printf); the limit is read as at most DC_STACK_MAX_BYTES. */
#ifndef DC_STACK_RESERVE_BYTES
#define DC_STACK_RESERVE_BYTES (64u << 10)
#endif
#ifndef DC_STACK_MAX_BYTES
#define DC_STACK_MAX_BYTES ((size_t)1 << 30)
#endif

/* Bytes the expression arena of one spec may hold.  Symbolic derivatives
** of deeply nested user functions can grow fast; the arena refuses to grow
** past this instead of exhausting the machine. */
#ifndef DC_MAX_ARENA_BYTES
#define DC_MAX_ARENA_BYTES ((size_t)512 << 20)
#endif

/* Nodes in the evaluation tape of one block (after expanding definitions,
** user functions and derivatives). */
/* The exact proof of a link (simplify/prove.c) is tried only while its two
** expanded sides hold at most this many distinct nodes together.  Every
** link proved in specs/ and the tests holds at most 100; a network's
** gradient link holds thousands, where the normal form of nested exps
** spends its whole budget and proves nothing: (8,4) spent 40% of its time
** there.  Larger links are decided by sampling alone, as before proofs. */
#define DC_MAX_PROOF_NODES 400

#ifndef DC_MAX_TAPE_NODES
#define DC_MAX_TAPE_NODES 1000000
#endif

/* The work budget of one spec's check, in estimated nanoseconds of
** evaluation on this machine (verify/work.c has the cost model).  Before
** a block draws a point, the work it cannot avoid (its samples, each
** evaluating the tape and the derivative cross-checks) must fit in what is
** left; every evaluation is also paid before it runs, so rejected points,
** raised precisions and searches stop at the same bound.  Past it: "check
** budget exceeded" at the block's largest element, exit 2. */
#ifndef DC_MAX_CHECK_WORK
#define DC_MAX_CHECK_WORK 6e9
#endif

/* What building expressions costs against the same budget: each node
** looked up or made by hash-consing (expr/node.c) is charged this many
** nanoseconds.  Expansion and differentiation stop with "check budget
** exceeded" once the budget is spent.  Measured here on 40 blocks of
** diff(diff(diff((x + K)^x^x^x^x, x, 8), x, 8), x, 8): about 0.5 us per
** lookup in a table of millions of nodes; they built for 28 s, each
** block paying its expansion before the evaluation estimate refused it. */
#ifndef DC_INTERN_WORK_NS
#define DC_INTERN_WORK_NS 400
#endif

/* Errors reported for one spec before the loader stops listing them. */
#ifndef DC_MAX_ERRORS
#define DC_MAX_ERRORS 20
#endif

/* Warnings kept for one spec; past that they are only counted (and the
** count is printed), like errors. */
#ifndef DC_MAX_WARNINGS
#define DC_MAX_WARNINGS 20
#endif

/* Failing links of one spec that get a diagnosis (the factor or term
** they differ by, simplify/diagnose.h); later failures are reported and
** certified as always, without one.  Each diagnosis simplifies both sides
** exactly: a (16,4) network with every chain wrong spent most of its 31 s
** on 1105 of them, where an author reads the first few. */
#ifndef DC_MAX_DIAGNOSES
#define DC_MAX_DIAGNOSES 20
#endif

/* Working precision in bits, and the number of sample points per link. */
#define DC_MIN_PRECISION 32
#ifndef DC_MAX_PRECISION
#define DC_MAX_PRECISION 65536
#endif
#ifndef DC_MAX_SAMPLES
#define DC_MAX_SAMPLES 10000
#endif

/* Candidate points drawn per requested sample before a link whose sides
** are undefined at most points is called UNDETERMINED. */
#ifndef DC_TRIES_PER_SAMPLE
#define DC_TRIES_PER_SAMPLE 64
#endif

/* The targeted search for points inside where-name domains (verify/
** guard.c), run after the ordinary draws for a link that still has fewer
** points than asked because its where names or definitions fell outside
** their domains.  These bound work, not input: a link that reaches them
** simply keeps the points it has (and may end UNDETERMINED as before).
** Searches per requested sample of such a link; each search evaluates the
** guarded values at most 2 + 2 * guards * 540 times, and the block's tape
** once (twice with the confirmation) when it finds a point. */
#ifndef DC_GUARD_SEARCHES_PER_SAMPLE
#define DC_GUARD_SEARCHES_PER_SAMPLE 4
#endif
/* Searches in a row that find no point before a link's search stops: a
** link with (almost) no valid points gives up after this many. */
#ifndef DC_GUARD_SEARCH_MISSES
#define DC_GUARD_SEARCH_MISSES 64
#endif
/* Guards of one link the search moves a point into, innermost first;
** any further ones are only checked by the link's own evaluation. */
#ifndef DC_GUARD_SEARCH_GUARDS
#define DC_GUARD_SEARCH_GUARDS 16
#endif

/* Entries of one kind in a spec: sections, blocks, chains, symbols, ... */
#ifndef DC_MAX_ITEMS
#define DC_MAX_ITEMS 100000
#endif

#endif /* DC_LIMITS_H */
