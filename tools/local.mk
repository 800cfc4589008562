# tools/: developer checks that need packages the test suite does not.

EXTRA_DIST += tools/mathjax-check.sh

# The Debian package (dpkg-buildpackage -us -uc -b) and its check, which
# builds, lints, installs and removes it (root; .ci/run runs it).
EXTRA_DIST += tools/deb-check.sh debian/control debian/rules \
  debian/changelog debian/copyright debian/source/format

# Typeset the Markdown post of every example spec with MathJax in headless
# Chromium (apt-get install chromium libjs-mathjax).
check-mathjax: derivcheck
	@set -e; for spec in $(srcdir)/specs/*.yaml; do \
	  case $$spec in *-context.yaml) continue ;; esac; \
	  post=mathjax-`basename "$$spec" .yaml`.md; \
	  ./derivcheck --emit=markdown -o "$$post" "$$spec" 2>/dev/null; \
	  $(srcdir)/tools/mathjax-check.sh "$$post"; rm -f "$$post"; \
	done
.PHONY: check-mathjax

# Memcheck over every spec, the bad-input corpus and a derivation:
# no error and nothing definitely or indirectly lost (apt-get install
# valgrind).  Not part of `make check`: it takes a few minutes.
EXTRA_DIST += tools/valgrind-check.sh
check-valgrind: derivcheck
	$(srcdir)/tools/valgrind-check.sh ./derivcheck $(srcdir)
.PHONY: check-valgrind

# Compile the LaTeX document of every example spec with pdflatex and read
# the PDF back (tools/pdf-check.sh says what fails).  Not part of 'make
# check': it needs apt-get install texlive-latex-base
# texlive-latex-recommended texlive-fonts-recommended poppler-utils.
EXTRA_DIST += tools/pdf-check.sh
check-pdf: derivcheck
	@set --; for spec in $(srcdir)/specs/*.yaml; do \
	  case $$spec in *-context.yaml) ;; *) set -- "$$@" "$$spec" ;; esac; \
	done; $(srcdir)/tools/pdf-check.sh ./derivcheck "$$@"
.PHONY: check-pdf

EXTRA_DIST += tools/html-check.py tests/data/hostile-html.yaml

# HTML reports loaded in headless Chromium (apt-get install chromium),
# driven over the DevTools protocol by tools/html-check.py: no exception,
# console error, failed load or KaTeX error, every formula typeset, the
# marked steps as many as the JSON report's links and failures, a plot of
# six curves under each failing link.  The pages: every example spec and
# every broken one (a screenshot kept in html-report.png), the same with
# --plot (every link plotted), a post with skips, and
# tests/data/hostile-html.yaml (its markup must stay text).  Then
# --self-test: broken copies of the first page (a TeX error, an exception
# after rendering, a promise rejection, a console.error, a script that
# does not load) must each fail, for its reason.
HTML_CHECK = python3 $(srcdir)/tools/html-check.py
check-html: derivcheck
	@set -e; \
	html_page() { \
	  want=$$1; name=$$2; extra=$$3; shift 3; st=0; \
	  ./derivcheck --format=html $$extra -o $$name.html "$$@" || st=$$?; \
	  test $$st -eq $$want || { echo "derivcheck exited $$st, expected $$want"; exit 1; }; \
	  ./derivcheck --format=json "$$@" >$$name.json || true; \
	}; \
	html_page 1 html-report "" $(srcdir)/specs/ $(srcdir)/specs/broken/; \
	$(HTML_CHECK) --screenshot html-report.png html-report.html html-report.json; \
	$(HTML_CHECK) --self-test html-report.html html-report.json; \
	html_page 1 html-plots --plot $(srcdir)/specs/ $(srcdir)/specs/broken/; \
	$(HTML_CHECK) html-plots.html html-plots.json; \
	html_page 0 html-skips "" $(srcdir)/tests/data/posts/hexo-skips.md; \
	$(HTML_CHECK) html-skips.html html-skips.json; \
	html_page 1 html-hostile "" $(srcdir)/tests/data/hostile-html.yaml; \
	$(HTML_CHECK) html-hostile.html html-hostile.json; \
	rm -f html-plots.* html-skips.* html-hostile.*
.PHONY: check-html
CLEANFILES += html-report.html html-report.json html-report.png

# Hostile inputs of every kind (tools/hostile.py): deep nesting, long
# where chains, many blocks, long names, many symbols, wide sums, large
# powers, composed functions, derive blocks, high derivative orders, long
# posts, text with markup, odd YAML.  Each run must end in a verdict the
# case allows or an error with its position, within 10 s and 1 GiB.
# Not part of 'make check': the whole set takes tens of minutes
# (HOSTILE_FLAGS=--quick for a smaller one, --class NAME for one class).
EXTRA_DIST += tools/hostile.py
HOSTILE_FLAGS =
check-hostile: derivcheck$(EXEEXT)
	python3 $(srcdir)/tools/hostile.py ./derivcheck $(HOSTILE_FLAGS)
.PHONY: check-hostile
