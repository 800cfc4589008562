/*
** oomshim.c: an LD_PRELOAD allocator that fails on request, for
** tests/oom.sh.
**
** It replaces malloc, calloc, realloc, free and the aligned allocators
** (glibc routes its own internal allocations through a replacement, and
** libfyaml, GMP, MPFR and FLINT all end in these), counts every
** allocation, and makes allocation number OOM_FAIL_AT (1-based) return
** NULL; with OOM_FAIL_FROM set instead, that one and every later one fail.
**
** Every live block is kept in a fixed table with the address that
** allocated it: the caller of malloc, or for a block that glibc made on
** someone's behalf (strdup, fopen, asprintf) the first caller outside
** glibc and the dynamic loader.  At exit the shim writes "ALLOCATIONS
** LIVE LIBFYAML SPARED" to the file OOM_REPORT: LIVE counts the blocks
** still allocated that libfyaml did not make (a path that forgets to
** free shows as more of them than in a run without a failure), LIBFYAML
** the ones it made (it leaks on its own error paths; not ours to fix).  With OOM_TRACE set it also lists
** each live block's allocating address on stderr (as object+offset, for
** addr2line).  The real work is done by glibc's __libc_* functions, so
** the shim itself never allocates.
**
** OOM_SPARE names functions (comma-separated, exported symbols) under
** which no allocation is failed: a library's own bug on its failure path
** (see tests/oom.sh) is then left alone, and the report's third number
** says how many allocations were spared.
*/
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <link.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
extern void *__libc_memalign(size_t, size_t);

static unsigned long fail_at, fail_from, allocs, spared;
static int ready, listing;
static const char *spare;

/* The live blocks: open addressing, deletion by moving the rest of the
** run back.  2^21 slots; derivcheck keeps far fewer blocks at once. */
#define SLOTS (1u << 21)
#define MASK (SLOTS - 1)
static struct { void *p, *from; } live[SLOTS];
static long nlive;

static size_t slot_of(const void *p)
{
  return ((uintptr_t)p >> 4) & MASK;
}

static void track(void *p, void *from)
{
  size_t i;
  if (!p)
    return;
  for (i = slot_of(p); live[i].p; i = (i + 1) & MASK)
    ;
  live[i].p = p;
  live[i].from = from;
  nlive++;
}

static void untrack(void *p)
{
  size_t i, j;
  if (!p)
    return;
  for (i = slot_of(p); live[i].p && live[i].p != p; i = (i + 1) & MASK)
    ;
  if (!live[i].p)
    return;                     /* not ours: made before the shim loaded */
  live[i].p = NULL;
  nlive--;
  for (j = (i + 1) & MASK; live[j].p; j = (j + 1) & MASK) {
    void *q = live[j].p, *f = live[j].from;
    live[j].p = NULL;
    nlive--;
    track(q, f);
  }
}

/* The address ranges of glibc and the dynamic loader, whose allocations
** are charged to their caller. */
struct range { uintptr_t lo, hi; };
static struct range system_objects[4];
static int nsystem;

static int note_object(struct dl_phdr_info *info, size_t size, void *arg)
{
  const char *name = info->dlpi_name;
  int i;
  (void)size;
  (void)arg;
  if (nsystem >= 4 || !name ||
      (!strstr(name, "/libc.so") && !strstr(name, "/ld-linux")))
    return 0;
  for (i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X) && nsystem < 4) {
      system_objects[nsystem].lo = info->dlpi_addr + ph->p_vaddr;
      system_objects[nsystem++].hi = info->dlpi_addr + ph->p_vaddr +
                                     ph->p_memsz;
    }
  }
  return 0;
}

static int in_system(const void *a)
{
  int i;
  for (i = 0; i < nsystem; i++)
    if ((uintptr_t)a >= system_objects[i].lo &&
        (uintptr_t)a < system_objects[i].hi)
      return 1;
  return 0;
}

/* Who asked for a block that `from` (in glibc) allocated: the first frame
** outside glibc, the loader and this shim. */
static void *owner(void *from)
{
  void *frames[16];
  Dl_info self, d;
  int i, n;
  if (!ready || !in_system(from))
    return from;
  n = backtrace(frames, 16);
  if (!dladdr((void *)owner, &self))
    return from;
  for (i = 1; i < n; i++)
    if (!in_system(frames[i]) &&
        !(dladdr(frames[i], &d) && d.dli_fbase == self.dli_fbase))
      return frames[i];
  return from;
}

static unsigned long env_number(const char *name)
{
  const char *s = getenv(name);
  return s ? strtoul(s, NULL, 10) : 0;
}

__attribute__((constructor)) static void shim_init(void)
{
  fail_at = env_number("OOM_FAIL_AT");
  fail_from = env_number("OOM_FAIL_FROM");
  listing = getenv("OOM_TRACE") != NULL;
  spare = getenv("OOM_SPARE");
  {
    void *warm[2];
    backtrace(warm, 2);         /* loads the unwinder now, not in malloc */
  }
  dl_iterate_phdr(note_object, NULL);
  ready = 1;
}

static void list_live(void)
{
  size_t i;
  for (i = 0; i < SLOTS; i++) {
    Dl_info d;
    if (!live[i].p)
      continue;
    if (dladdr(live[i].from, &d))
      fprintf(stderr, "live: %s+%#lx\n", d.dli_fname,
              (unsigned long)((char *)live[i].from - (char *)d.dli_fbase));
    else
      fprintf(stderr, "live: %p\n", live[i].from);
  }
}

/* Blocks still live that libfyaml made. */
static long libfyaml_live(void)
{
  size_t i;
  long n = 0;
  for (i = 0; i < SLOTS; i++) {
    Dl_info d;
    if (live[i].p && dladdr(live[i].from, &d) && d.dli_fname &&
        strstr(d.dli_fname, "libfyaml"))
      n++;
  }
  return n;
}

__attribute__((destructor)) static void shim_report(void)
{
  const char *path = getenv("OOM_REPORT");
  char line[96];
  int fd, n;
  long fy;
  ready = 0;
  if (listing)
    list_live();
  if (!path)
    return;
  fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0)
    return;
  fy = libfyaml_live();
  n = snprintf(line, sizeof line, "%lu %ld %ld %lu\n", allocs, nlive - fy,
               fy, spared);
  if (write(fd, line, (size_t)n) < 0)
    n = 0;
  close(fd);
}

/* Whether name is one of the comma-separated names of OOM_SPARE. */
static int spared_name(const char *name)
{
  size_t n = strlen(name);
  const char *s = spare;
  while (s && *s) {
    const char *e = strchr(s, ',');
    size_t k = e ? (size_t)(e - s) : strlen(s);
    if (k == n && memcmp(s, name, n) == 0)
      return 1;
    s = e ? e + 1 : NULL;
  }
  return 0;
}

/* Whether a function of OOM_SPARE is on the stack. */
static int under_spared(void)
{
  void *frames[24];
  int i, n;
  if (!spare)
    return 0;
  n = backtrace(frames, 24);
  for (i = 0; i < n; i++) {
    Dl_info d;
    if (dladdr(frames[i], &d) && d.dli_sname && spared_name(d.dli_sname))
      return 1;
  }
  return 0;
}

/* Whether the allocation being made now fails. */
static int fails(void)
{
  if (!ready)
    return 0;
  allocs++;
  if (!((fail_at && allocs == fail_at) || (fail_from && allocs >= fail_from)))
    return 0;
  if (under_spared()) {
    spared++;
    return 0;
  }
  return 1;
}

static void *refused(void)
{
  errno = ENOMEM;
  return NULL;
}

#define CALLER __builtin_return_address(0)

static void *kept(void *p, void *from)
{
  if (p)
    track(p, owner(from));
  return p;
}

void *malloc(size_t n)
{
  return fails() ? refused() : kept(__libc_malloc(n), CALLER);
}

void *calloc(size_t n, size_t m)
{
  return fails() ? refused() : kept(__libc_calloc(n, m), CALLER);
}

void free(void *p)
{
  untrack(p);
  __libc_free(p);
}

void *realloc(void *p, size_t n)
{
  void *q;
  if (!p)
    return fails() ? refused() : kept(__libc_malloc(n), CALLER);
  if (n == 0) {
    free(p);
    return NULL;
  }
  if (fails())
    return refused();           /* p stays allocated, as C says */
  q = __libc_realloc(p, n);
  if (q) {
    untrack(p);
    track(q, owner(CALLER));
  }
  return q;
}

static void *aligned(size_t align, size_t n, void *from)
{
  return fails() ? refused() : kept(__libc_memalign(align, n), from);
}

void *memalign(size_t align, size_t n)
{
  return aligned(align, n, CALLER);
}

void *aligned_alloc(size_t align, size_t n)
{
  return aligned(align, n, CALLER);
}

int posix_memalign(void **out, size_t align, size_t n)
{
  void *p = aligned(align, n, CALLER);
  if (!p)
    return ENOMEM;
  *out = p;
  return 0;
}

void *valloc(size_t n)
{
  return aligned((size_t)sysconf(_SC_PAGESIZE), n, CALLER);
}

void *pvalloc(size_t n)
{
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  return aligned(page, (n + page - 1) / page * page, CALLER);
}
