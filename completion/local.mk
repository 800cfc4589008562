# completion/: the bash completion script, installed where bash-completion
# looks for it under the prefix.  bash-completion finds a script by the
# command's name, hence the file name without a suffix.  Override
# bashcompletiondir to put it elsewhere (for example the system's
# /usr/share/bash-completion/completions).
bashcompletiondir = $(datadir)/bash-completion/completions
dist_bashcompletion_DATA = completion/derivcheck
# make installcheck: the installed program checks a spec, its manual page
# formats, and the completion script loads in bash and completes an option.
installcheck-local:
	@set -e; \
	bin='$(DESTDIR)$(bindir)/derivcheck'; \
	page='$(DESTDIR)$(man1dir)/derivcheck.1'; \
	comp='$(DESTDIR)$(bashcompletiondir)/derivcheck'; \
	"$$bin" --version >/dev/null; \
	"$$bin" '$(abs_top_srcdir)/specs/tanh.yaml'; \
	echo "installcheck: $$bin checks a spec"; \
	test -f "$$page"; \
	if command -v man >/dev/null 2>&1; then \
	  MANWIDTH=80 man -l "$$page" 2>/dev/null | grep -q 'check every step of a derivation'; \
	  echo "installcheck: man -l $$page formats the page"; \
	else \
	  echo "installcheck: SKIP man -l (man is not installed)"; \
	fi; \
	test -f "$$comp"; \
	if command -v bash >/dev/null 2>&1; then \
	  got=`bash -c '. "$$1"; COMP_WORDS=(derivcheck --form); COMP_CWORD=1; _derivcheck; echo "$${COMPREPLY[*]}"' sh "$$comp"`; \
	  test "$$got" = "--format="; \
	  echo "installcheck: $$comp completes --form to --format="; \
	fi

TESTS += tests/cli/completion.sh
EXTRA_DIST += tests/cli/completion.sh
