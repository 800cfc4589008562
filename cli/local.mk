# cli/: the command line (argument parsing, running specs, exit status).
derivcheck_SOURCES += \
  cli/main.c \
  cli/inputs.c cli/inputs.h \
  cli/jobs.c cli/jobs.h \
  cli/runone.c cli/runone.h \
  cli/plots.c cli/plots.h \
  cli/options.c cli/options.h \
  cli/status.c cli/status.h \
  cli/progress.c cli/progress.h \
  cli/watch.c cli/watch.h \
  cli/oom.c cli/oom.h

if HAVE_CHECK
check_PROGRAMS += tests/check_cli
tests_check_cli_SOURCES = tests/check_cli.c tests/testutil.h \
  cli/options.c cli/options.h cli/status.c cli/status.h cli/oom.c cli/oom.h
tests_check_cli_CFLAGS = $(TEST_CFLAGS)
tests_check_cli_LDADD = $(TEST_LDADD)
endif

# --watch (inotify, signals) and the progress indicator (a pseudo-terminal).
TESTS += tests/cli/watch.sh tests/cli/progress.sh
EXTRA_DIST += tests/cli/watch.sh tests/cli/progress.sh
