# cli/: the command line.
derivcheck_SOURCES += cli/main.c
