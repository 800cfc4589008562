/*
** replay.c: main() for a harness outside libFuzzer: runs it once on each
** file named on the command line (see fuzz.h).  A crash or a sanitizer
** report fails the run; a clean pass over every file exits 0.
*/
#include <stdio.h>
#include <stdlib.h>
#include "fuzz/fuzz.h"

static int replay(const char *path)
{
  FILE *f = fopen(path, "rb");
  unsigned char *buf;
  long n;
  if (!f) {
    perror(path);
    return -1;
  }
  if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
      fseek(f, 0, SEEK_SET) != 0) {
    fclose(f);
    return -1;
  }
  buf = malloc((size_t)n + 1);
  if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    fclose(f);
    return -1;
  }
  fclose(f);
  LLVMFuzzerTestOneInput(buf, (size_t)n);
  free(buf);
  return 0;
}

int main(int argc, char **argv)
{
  int i, bad = 0;
  for (i = 1; i < argc; i++)
    bad |= replay(argv[i]) != 0;
  printf("replayed %d inputs\n", argc - 1);
  return bad ? 1 : 0;
}
