/*
** jobs.h: running the inputs one after another, or N at a time in child
** processes (-j N), delivering their outcomes in input order.
**
** Processes rather than threads: each child has its own MPFR state
** (exponent range, caches) and its own memory, so the library needs no
** locking and a crash in one spec is reported as that spec's internal
** error instead of taking the run down.  A child renders its outcome
** (cli/runone.h) and sends it through a pipe; the parent reads every
** running child's pipe as data comes (poll), so a slow spec never blocks
** the others, and writes each outcome once all before it are written.
** The bytes are the same as a run in one process.
*/
#ifndef DC_CLI_JOBS_H
#define DC_CLI_JOBS_H

#include "cli/runone.h"

/* Called for each outcome, in input order; takes over out. */
typedef void (*dc_deliver_fn)(void *ctx, size_t i, struct dc_outcome *out);

/* Run every input of in with at most jobs at a time. */
void dc_jobs_run(const struct dc_run_cfg *cfg, const struct dc_inputs *in,
                 long jobs, dc_deliver_fn deliver, void *ctx);

#endif
