/*
** oom.h: running out of memory, the command line's side (exit status 3,
** "derivcheck: error: out of memory").
*/
#ifndef DC_CLI_OOM_H
#define DC_CLI_OOM_H

/* Give GMP (and through it MPFR) and FLINT allocators that end the
** process with the message and exit status 3 when memory runs out: those
** libraries cannot report a failed allocation to their caller (GMP's own
** allocator prints and aborts).  Call before any of them allocates. */
void dc_oom_install(void);

/* Free what GMP, MPFR and FLINT keep cached for reuse (FLINT's pool of
** integers, MPFR's constants), at exit: so that memory still held then
** is memory derivcheck forgot, for valgrind and tests/oom.sh. */
void dc_oom_release_caches(void);

/* Print the message (once) and remember that memory ran out, for the
** exit status; for derivcheck's own allocations, which fail softly. */
void dc_oom_report(void);

/* Whether dc_oom_report was called. */
int dc_oom_seen(void);

#endif
