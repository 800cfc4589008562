# fuzz/: libFuzzer harnesses (see fuzz/fuzz.h).  Every build links each
# harness with a replay main() so `make check` replays the regression
# inputs in tests/fuzz-regress/; ./configure --enable-fuzzing CC=clang
# also builds the fuzzers that `make fuzz` runs.
FUZZ_HARNESSES = expr spec check
EXTRA_DIST += fuzz/fuzz.h fuzz/lsan.supp tests/fuzz-replay.sh tests/fuzz-regress

check_PROGRAMS += tests/replay_expr tests/replay_spec tests/replay_check
tests_replay_expr_SOURCES = fuzz/fuzz_expr.c fuzz/replay.c fuzz/fuzz.h
tests_replay_expr_LDADD = libderivcheck.la
tests_replay_spec_SOURCES = fuzz/fuzz_spec.c fuzz/replay.c fuzz/fuzz.h
tests_replay_spec_LDADD = libderivcheck.la
tests_replay_check_SOURCES = fuzz/fuzz_check.c fuzz/replay.c fuzz/fuzz.h
tests_replay_check_LDADD = libderivcheck.la
TESTS += tests/fuzz-replay.sh

if ENABLE_FUZZING
noinst_PROGRAMS = fuzz/fuzz_expr fuzz/fuzz_spec fuzz/fuzz_check
fuzz_fuzz_expr_SOURCES = fuzz/fuzz_expr.c fuzz/fuzz.h
fuzz_fuzz_expr_LDADD = libderivcheck.la
fuzz_fuzz_expr_LDFLAGS = -fsanitize=fuzzer
fuzz_fuzz_spec_SOURCES = fuzz/fuzz_spec.c fuzz/fuzz.h
fuzz_fuzz_spec_LDADD = libderivcheck.la
fuzz_fuzz_spec_LDFLAGS = -fsanitize=fuzzer
fuzz_fuzz_check_SOURCES = fuzz/fuzz_check.c fuzz/fuzz.h
fuzz_fuzz_check_LDADD = libderivcheck.la
fuzz_fuzz_check_LDFLAGS = -fsanitize=fuzzer

# make fuzz FUZZ_SECONDS=N: each fuzzer for N seconds (default 60), its
# corpus in fuzz-corpus/NAME seeded from the example specs; a crash or a
# hang is written to fuzz-artifacts/ and ends the target with a failure.
# Copy each finding into tests/fuzz-regress/NAME/ once it is fixed.
FUZZ_SECONDS = 60
fuzz: $(noinst_PROGRAMS)
	@set -e; mkdir -p fuzz-artifacts; \
	for h in $(FUZZ_HARNESSES); do \
	  mkdir -p fuzz-corpus/$$h; \
	  if [ $$h = expr ]; then \
	    for f in $(srcdir)/tests/fuzz-regress/expr/*; do cp "$$f" fuzz-corpus/expr/; done; \
	  else \
	    cp $(srcdir)/specs/*.yaml $(srcdir)/specs/broken/*.yaml fuzz-corpus/$$h/; \
	  fi; \
	  echo "== fuzz_$$h for $(FUZZ_SECONDS) s"; \
	  LSAN_OPTIONS=suppressions=$(srcdir)/fuzz/lsan.supp \
	  ./fuzz/fuzz_$$h -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	    -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
	    -artifact_prefix=fuzz-artifacts/$$h- fuzz-corpus/$$h; \
	done
else
fuzz:
	@echo "make fuzz needs ./configure --enable-fuzzing CC=clang"; exit 1
endif
.PHONY: fuzz
