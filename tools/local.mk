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

EXTRA_DIST += tools/html-check.sh tests/data/hostile-html.yaml

# The HTML report of every example spec and every broken one, loaded in
# headless Chromium (apt-get install chromium): no script or KaTeX error,
# every formula typeset, the marked steps and the plots as many as the
# JSON report's links and failures; a page with a TeX error must fail;
# the page of tests/data/hostile-html.yaml shows its markup as text.
# Keeps html-report.png, a screenshot.
check-html: derivcheck
	@set -e; st=0; \
	./derivcheck --format=html -o html-report.html $(srcdir)/specs/ \
	  $(srcdir)/specs/broken/ || st=$$?; \
	test $$st -eq 1 || { echo "derivcheck exited $$st, expected 1"; exit 1; }; \
	./derivcheck --format=json $(srcdir)/specs/ $(srcdir)/specs/broken/ \
	  >html-report.json || st=$$?; \
	$(srcdir)/tools/html-check.sh html-report.html html-report.json \
	  html-report.png; \
	sed '0,/<span class="math">/s//<span class="math">\\frac{1}{/' \
	  html-report.html >html-report-bad.html; \
	if $(srcdir)/tools/html-check.sh html-report-bad.html html-report.json \
	  >/dev/null 2>&1; then \
	  echo "html-check.sh passes a page with a KaTeX error"; exit 1; fi; \
	rm -f html-report-bad.html; echo "html-check.sh fails on a KaTeX error"; \
	st=0; ./derivcheck --format=html -o html-hostile.html \
	  $(srcdir)/tests/data/hostile-html.yaml || st=$$?; \
	test $$st -eq 1 || { echo "derivcheck exited $$st, expected 1"; exit 1; }; \
	./derivcheck --format=json $(srcdir)/tests/data/hostile-html.yaml \
	  >html-hostile.json || st=$$?; \
	$(srcdir)/tools/html-check.sh html-hostile.html html-hostile.json; \
	rm -f html-hostile.html html-hostile.json
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
