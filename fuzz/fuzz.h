/*
** fuzz.h: the libFuzzer entry point every harness in fuzz/ defines.
**
** Each harness is built two ways: with --enable-fuzzing (CC=clang) it is
** linked with -fsanitize=fuzzer and run by `make fuzz`; in every build it
** is also linked with fuzz/replay.c, whose main() feeds it the files named
** on the command line, so `make check` replays tests/fuzz-regress/ (every
** crash or hang a fuzzer found, kept as a regression input).
*/
#ifndef DC_FUZZ_H
#define DC_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
