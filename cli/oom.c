/*
** oom.c: out of memory (cli/oom.h).
**
** derivcheck's own code checks every allocation and fails back to its
** caller; GMP, MPFR and FLINT have no way to do that, so an allocation of
** theirs that fails ends the process here, at once (nothing can be freed
** from inside them, and a half-made report must not be printed).  Only
** async-signal-safe calls: write and _exit.
*/
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <gmp.h>
#include <mpfr.h>
#include <flint/flint.h>
#include "cli/oom.h"

#define OOM_MESSAGE "derivcheck: error: out of memory\n"
#define OOM_STATUS 3            /* DC_EXIT_INTERNAL */

static int seen;

static _Noreturn void die(void)
{
  ssize_t r = write(STDERR_FILENO, OOM_MESSAGE, sizeof OOM_MESSAGE - 1);
  (void)r;
  _exit(OOM_STATUS);
}

static void *need(void *p)
{
  if (!p)
    die();
  return p;
}

static void *lib_malloc(size_t n)
{
  return need(malloc(n ? n : 1));
}

static void *lib_calloc(size_t n, size_t m)
{
  return need(calloc(n ? n : 1, m ? m : 1));
}

static void *lib_realloc(void *p, size_t n)
{
  return need(realloc(p, n ? n : 1));
}

static void *gmp_realloc(void *p, size_t old, size_t n)
{
  (void)old;
  return lib_realloc(p, n);
}

static void gmp_free(void *p, size_t n)
{
  (void)n;
  free(p);
}

void dc_oom_install(void)
{
  mp_set_memory_functions(lib_malloc, gmp_realloc, gmp_free);
  __flint_set_memory_functions(lib_malloc, lib_calloc, lib_realloc, free);
}

void dc_oom_release_caches(void)
{
  mpfr_free_cache();
  flint_cleanup();
}

void dc_oom_report(void)
{
  if (!seen)
    fputs(OOM_MESSAGE, stderr);
  seen = 1;
}

int dc_oom_seen(void)
{
  return seen;
}
