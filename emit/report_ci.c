/*
** report_ci.c: the report in the formats CI services read.
**
** github: GitHub Actions workflow commands, one line per failing or
**   undetermined link and per diagnostic:
**     ::error file=F,line=L,col=C,title=T::MESSAGE
**   (::warning for warnings, ::notice for notes), so the message shows on
**   the line of the pull request.  The runner splits a command at "::" and
**   its properties at "," and ":", so values escape % CR LF as %25 %0D %0A
**   and properties also ":" and "," as %3A and %2C.  The plain summary
**   line of each spec follows its annotations, for whoever reads the log.
** junit: JUnit XML as Jenkins and GitLab read it: <testsuites> with the
**   totals, one <testsuite> per spec, one <testcase> per link; a failing or
**   undetermined link holds a <failure>, a spec without a result one
**   testcase with an <error>.  No time or timestamp attributes: the output
**   depends only on the input.
** sarif: SARIF 2.1.0 for code scanning: one run, the tool's rules, and a
**   result per failing or undetermined link and per diagnostic, located at
**   the artifact's URI (the path as given, percent-encoded) and its line
**   and column (columns count Unicode code points, as derivcheck does).
**
** What a post left unchecked (parser/post.h) appears in each format as
** what it is, never as a pass: a ::notice, a JUnit <skipped/>, a SARIF
** result of kind notApplicable (level none, as SARIF 3.27.9 requires of a
** kind other than fail).
**
** Pieces follow emit/report_int.h: each renders one spec alone; a SARIF
** piece is a comma-separated list of results that emit/report.c joins.
*/
#include <config.h>
#include <stdio.h>
#include <string.h>
#include "emit/document.h"
#include "emit/report.h"
#include "emit/report_int.h"

/* ---- github ---- */

/* s escaped for a workflow command; prop also escapes ':' and ','. */
static void gh_escape(struct dc_buf *b, const char *s, int prop)
{
  while (*s) {
    /* Between the workflow command's own specials, what a log viewer
    ** would act on (ANSI escapes, bidi controls) is quoted, as in every
    ** diagnostic. */
    size_t run = strcspn(s, "%\r\n:,");
    dc_buf_put_printable(b, s, run);
    s += run;
    switch (*s) {
    case '%': dc_buf_puts(b, "%25"); break;
    case '\r': dc_buf_puts(b, "%0D"); break;
    case '\n': dc_buf_puts(b, "%0A"); break;
    case ':': dc_buf_puts(b, prop ? "%3A" : ":"); break;
    case ',': dc_buf_puts(b, prop ? "%2C" : ","); break;
    default: return;            /* the end of s */
    }
    s++;
  }
}

/* One workflow command; file may be NULL, line 0 means no position. */
static void gh_command(struct dc_buf *b, const char *cmd, struct dc_pos pos,
                       const char *title, const char *msg)
{
  const char *sep = " ";

  dc_buf_printf(b, "::%s", cmd);
  if (pos.file) {
    dc_buf_puts(b, " file=");
    gh_escape(b, pos.file, 1);
    sep = ",";
  }
  if (pos.line > 0) {
    dc_buf_printf(b, "%sline=%d,col=%d", sep, pos.line, pos.col);
    sep = ",";
  }
  dc_buf_printf(b, "%stitle=", sep);
  gh_escape(b, title, 1);
  dc_buf_puts(b, "::");
  gh_escape(b, msg, 0);
  dc_buf_puts(b, "\n");
}

/* A failing link's message and details, as one string (the annotation
** shows the newlines). */
static void link_text(struct dc_buf *t, const struct link_ref *l)
{
  dc_report_link_message(t, l);
  dc_buf_puts(t, "\n");
  dc_report_link_details(t, l);
  /* The details end in a newline; the annotation does not need it. */
  if (t->len && t->s[t->len - 1] == '\n')
    t->s[--t->len] = '\0';
}

static void gh_link(const struct dc_report_opts *o, struct dc_buf *b,
                    const struct link_ref *l)
{
  struct dc_pos pos = l->right->pos;
  struct dc_buf t;

  if (l->res->verdict == DC_PASS)
    return;
  if (!pos.file)
    pos.file = l->spec->path;
  dc_buf_init(&t);
  link_text(&t, l);
  gh_command(b, "error", pos, l->res->verdict == DC_FAIL
             ? "derivcheck: wrong step" : "derivcheck: unchecked step",
             t.s ? t.s : "");
  if (t.oom)
    b->oom = 1;
  dc_buf_free(&t);
}

static const char *gh_level(enum dc_severity s)
{
  switch (s) {
  case DC_SEV_ERROR: return "error";
  case DC_SEV_WARNING: return "warning";
  case DC_SEV_NOTE: return "notice";
  }
  return "error";
}

static void gh_diags(struct dc_buf *b, const struct dc_diags *d)
{
  size_t i;

  for (i = 0; d && i < d->n; i++) {
    const struct dc_diag *g = &d->v[i];
    char title[32];
    snprintf(title, sizeof title, "derivcheck: %s",
             dc_severity_word(g->sev));
    gh_command(b, gh_level(g->sev), g->pos, title, g->msg);
  }
}

/* "skipped (2 links): REASON", the message of a skip in every format. */
static void skip_text(struct dc_buf *t, const struct dc_skip *s)
{
  dc_buf_printf(t, "skipped (%zu link%s): %s", s->links,
                s->links == 1 ? "" : "s", s->reason);
}

/* Each skip of spec as emit(b, its position, its message): the GitHub and
** SARIF forms differ only in the line they write. */
static void each_skip(struct dc_buf *b, const struct dc_spec *spec,
                      void (*emit)(struct dc_buf *, struct dc_pos,
                                   const char *))
{
  size_t i;

  for (i = 0; i < spec->nskips; i++) {
    struct dc_pos pos = spec->skips[i].pos;
    struct dc_buf t;
    if (!pos.file)
      pos.file = spec->path;
    dc_buf_init(&t);
    skip_text(&t, &spec->skips[i]);
    emit(b, pos, t.s ? t.s : "");
    if (t.oom)
      b->oom = 1;
    dc_buf_free(&t);
  }
}

static void gh_skip(struct dc_buf *b, struct dc_pos pos, const char *msg)
{
  gh_command(b, "notice", pos, "derivcheck: skipped", msg);
}

/* ---- XML (junit) ---- */

/* s as XML character data (attr: inside a double-quoted attribute, where
** line ends and tabs are written as references so that they survive
** attribute normalisation).  Characters XML 1.0 forbids (most C0 controls,
** U+FFFE, U+FFFF) and invalid UTF-8 become U+FFFD. */
static void xml_escape(struct dc_buf *b, const char *str, int attr)
{
  const unsigned char *s = (const unsigned char *)(str ? str : "");
  size_t n;

  while (*s) {
    switch (*s) {
    case '&': dc_buf_puts(b, "&amp;"); s++; continue;
    case '<': dc_buf_puts(b, "&lt;"); s++; continue;
    case '>': dc_buf_puts(b, "&gt;"); s++; continue;
    case '"': dc_buf_puts(b, attr ? "&quot;" : "\""); s++; continue;
    case '\n': dc_buf_puts(b, attr ? "&#10;" : "\n"); s++; continue;
    case '\r': dc_buf_puts(b, "&#13;"); s++; continue;
    case '\t': dc_buf_puts(b, attr ? "&#9;" : "\t"); s++; continue;
    default: break;
    }
    n = dc_utf8_len(s);
    if (*s < 0x20 || n == 0 ||
        (n == 3 && s[0] == 0xEF && s[1] == 0xBF && s[2] >= 0xBE)) {
      dc_buf_puts(b, "\xEF\xBF\xBD");
      s += n ? n : 1;
      continue;
    }
    dc_buf_add(b, (const char *)s, n);
    s += n;
  }
}

static void junit_test_name(struct dc_buf *b, const struct link_ref *l)
{
  struct dc_buf d;

  dc_buf_init(&d);
  dc_report_put_pos(&d, l->right->pos, l->spec->path);
  dc_buf_printf(&d, " step %zu", l->step);
  xml_escape(b, d.s ? d.s : "", 1);
  if (d.oom)
    b->oom = 1;
  dc_buf_free(&d);
}

static void junit_link(const struct dc_report_opts *o, struct dc_buf *b,
                       const struct link_ref *l)
{
  const struct dc_link_result *lr = l->res;
  struct dc_buf m;

  dc_buf_puts(b, "    <testcase classname=\"");
  xml_escape(b, l->spec->path, 1);
  dc_buf_puts(b, "\" name=\"");
  junit_test_name(b, l);
  if (lr->verdict == DC_PASS) {
    dc_buf_puts(b, "\"/>\n");
    return;
  }
  dc_buf_init(&m);
  dc_report_link_message(&m, l);
  dc_buf_printf(b, "\">\n      <failure type=\"%s\" message=\"",
                dc_verdict_word(lr->verdict));
  xml_escape(b, m.s ? m.s : "", 1);
  dc_buf_puts(b, "\">");
  dc_buf_free(&m);
  dc_buf_init(&m);
  dc_report_link_details(&m, l);
  xml_escape(b, m.s ? m.s : "", 0);
  dc_buf_free(&m);
  dc_buf_puts(b, "</failure>\n    </testcase>\n");
}

static void junit_suite_head(struct dc_buf *b, const char *path,
                             size_t tests, size_t failures, size_t errors,
                             size_t skipped)
{
  dc_buf_puts(b, "  <testsuite name=\"");
  xml_escape(b, path, 1);
  dc_buf_printf(b, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
                "skipped=\"%zu\">\n", tests, failures, errors, skipped);
}

/* A testcase per skip, named by its place, holding <skipped/>. */
static void junit_skips(struct dc_buf *b, const struct dc_spec *spec)
{
  size_t i;

  for (i = 0; i < spec->nskips; i++) {
    struct dc_buf t;
    dc_buf_puts(b, "    <testcase classname=\"");
    xml_escape(b, spec->path, 1);
    dc_buf_puts(b, "\" name=\"");
    dc_buf_init(&t);
    dc_report_put_pos(&t, spec->skips[i].pos, spec->path);
    dc_buf_puts(&t, " skipped");
    xml_escape(b, t.s ? t.s : "", 1);
    dc_buf_free(&t);
    dc_buf_puts(b, "\">\n      <skipped message=\"");
    dc_buf_init(&t);
    skip_text(&t, &spec->skips[i]);
    xml_escape(b, t.s ? t.s : "", 1);
    if (t.oom)
      b->oom = 1;
    dc_buf_free(&t);
    dc_buf_puts(b, "\"/>\n    </testcase>\n");
  }
}

static void junit_broken(struct dc_buf *b, const char *path,
                         const struct dc_diags *diags, const char *what,
                         const char *error)
{
  struct dc_buf d;

  junit_suite_head(b, path, 1, 0, 1, 0);
  dc_buf_puts(b, "    <testcase classname=\"");
  xml_escape(b, path, 1);
  dc_buf_puts(b, "\" name=\"");
  xml_escape(b, path, 1);
  dc_buf_puts(b, ": ");
  xml_escape(b, what, 1);
  dc_buf_puts(b, "\">\n      <error type=\"invalid\" message=\"");
  xml_escape(b, error, 1);
  dc_buf_puts(b, "\">");
  dc_buf_init(&d);
  if (diags)
    dc_format_diags(&d, diags, 0);
  xml_escape(b, d.s ? d.s : "", 0);
  dc_buf_free(&d);
  dc_buf_puts(b, "</error>\n    </testcase>\n  </testsuite>\n");
}

/* ---- SARIF ---- */

/* The rules, in ruleIndex order. */
static const struct {
  const char *id, *text;
} sarif_rules[] = {
  { "wrong-step", "A step of a chain does not equal the step before it" },
  { "unchecked-step", "A step could not be checked (too few points, "
    "or a disagreement that could not be confirmed)" },
  { "invalid-spec", "The spec does not load or cannot be checked" },
  { "spec-warning", "A warning about the spec" },
  { "spec-note", "A note on another message" },
  { "skipped", "A part of a post that derivcheck cannot read and did not "
    "check (never counted as passed)" }
};
enum { RULE_WRONG, RULE_UNCHECKED, RULE_INVALID, RULE_WARNING, RULE_NOTE,
       RULE_SKIPPED };

/* A relative or absolute path as a URI reference: unreserved characters
** and '/' stay, every other byte is percent-encoded. */
static void uri_encode(struct dc_buf *b, const char *s)
{
  static const char hex[] = "0123456789ABCDEF";
  const unsigned char *p = (const unsigned char *)s;

  for (; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
        (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
      dc_buf_add(b, (const char *)p, 1);
    else
      dc_buf_printf(b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
  }
}

static void sarif_result(struct dc_buf *b, int rule, const char *level,
                         struct dc_pos pos, const char *text)
{
  struct dc_buf u;

  if (b->len)
    dc_buf_puts(b, ",");
  dc_buf_printf(b, "\n{\"ruleId\":\"%s\",\"ruleIndex\":%d,", sarif_rules[rule].id,
                rule);
  if (rule == RULE_SKIPPED)
    dc_buf_puts(b, "\"kind\":\"notApplicable\",");
  dc_buf_printf(b, "\"level\":\"%s\",\"message\":{\"text\":", level);
  dc_json_str(b, text);
  dc_buf_puts(b, "}");
  if (pos.file) {
    dc_buf_init(&u);
    uri_encode(&u, pos.file);
    dc_buf_puts(b, ",\"locations\":[{\"physicalLocation\":"
                "{\"artifactLocation\":{\"uri\":");
    dc_json_str(b, u.s ? u.s : "");
    dc_buf_puts(b, "}");
    if (pos.line > 0)
      dc_buf_printf(b, ",\"region\":{\"startLine\":%d,\"startColumn\":%d}",
                    pos.line, pos.col > 0 ? pos.col : 1);
    dc_buf_puts(b, "}}]");
    if (u.oom)
      b->oom = 1;
    dc_buf_free(&u);
  }
  dc_buf_puts(b, "}");
}

static void sarif_link(const struct dc_report_opts *o, struct dc_buf *b,
                       const struct link_ref *l)
{
  struct dc_pos pos = l->right->pos;
  struct dc_buf t;

  if (l->res->verdict == DC_PASS)
    return;
  if (!pos.file)
    pos.file = l->spec->path;
  dc_buf_init(&t);
  link_text(&t, l);
  sarif_result(b, l->res->verdict == DC_FAIL ? RULE_WRONG : RULE_UNCHECKED,
               "error", pos, t.s ? t.s : "");
  if (t.oom)
    b->oom = 1;
  dc_buf_free(&t);
}

static void sarif_skip(struct dc_buf *b, struct dc_pos pos, const char *msg)
{
  sarif_result(b, RULE_SKIPPED, "none", pos, msg);
}

static void sarif_diags(struct dc_buf *b, const struct dc_diags *d)
{
  size_t i;

  for (i = 0; d && i < d->n; i++) {
    const struct dc_diag *g = &d->v[i];
    switch (g->sev) {
    case DC_SEV_ERROR:
      sarif_result(b, RULE_INVALID, "error", g->pos, g->msg);
      break;
    case DC_SEV_WARNING:
      sarif_result(b, RULE_WARNING, "warning", g->pos, g->msg);
      break;
    case DC_SEV_NOTE:
      sarif_result(b, RULE_NOTE, "note", g->pos, g->msg);
      break;
    }
  }
}

static void sarif_begin(struct dc_buf *b)
{
  size_t i;

  dc_buf_puts(b, "{\"version\":\"2.1.0\",\"$schema\":"
              "\"https://json.schemastore.org/sarif-2.1.0.json\","
              "\"runs\":[{\"tool\":{\"driver\":{\"name\":\"derivcheck\","
              "\"version\":\"" PACKAGE_VERSION "\",\"rules\":[");
  for (i = 0; i < sizeof sarif_rules / sizeof sarif_rules[0]; i++)
    dc_buf_printf(b, "%s{\"id\":\"%s\",\"shortDescription\":{\"text\":\"%s\"}}",
                  i ? "," : "", sarif_rules[i].id, sarif_rules[i].text);
  dc_buf_puts(b, "]}},\"columnKind\":\"unicodeCodePoints\",\"results\":[");
}

/* ---- entry points (emit/report_int.h) ---- */

void dc_ci_spec(const struct dc_report_opts *o, struct dc_buf *b,
                const struct dc_spec *spec,
                const struct dc_check_params *params,
                const struct dc_spec_result *res)
{
  switch (o->format) {
  case DC_REPORT_GITHUB:
    dc_report_each_link(o, b, spec, res, gh_link);
    each_skip(b, spec, gh_skip);
    if (o->verbosity >= 0)
      dc_report_text_summary(b, spec, params, res);
    break;
  case DC_REPORT_JUNIT:
    junit_suite_head(b, spec->path, res->nlinks + spec->nskips,
                     res->nfailed + res->nundetermined, 0, spec->nskips);
    dc_report_each_link(o, b, spec, res, junit_link);
    junit_skips(b, spec);
    dc_buf_puts(b, "  </testsuite>\n");
    break;
  case DC_REPORT_SARIF:
    dc_report_each_link(o, b, spec, res, sarif_link);
    each_skip(b, spec, sarif_skip);
    break;
  default:
    break;
  }
}

void dc_ci_diags(const struct dc_report_opts *o, struct dc_buf *b,
                 const struct dc_diags *diags)
{
  if (o->format == DC_REPORT_GITHUB)
    gh_diags(b, diags);
  else if (o->format == DC_REPORT_SARIF)
    sarif_diags(b, diags);
}

void dc_ci_broken(const struct dc_report_opts *o, struct dc_buf *b,
                  const char *path, const struct dc_diags *diags,
                  const char *what, const char *error)
{
  struct dc_pos whole = { path, 0, 0 };

  if (o->format == DC_REPORT_JUNIT) {
    junit_broken(b, path, diags, what, error);
    return;
  }
  /* github and sarif show the diagnostics themselves (dc_ci_diags); a
  ** spec that failed without an error message still needs one. */
  if (diags && diags->nerrors)
    return;
  if (o->format == DC_REPORT_GITHUB)
    gh_command(b, "error", whole, "derivcheck: error", error);
  else if (o->format == DC_REPORT_SARIF)
    sarif_result(b, RULE_INVALID, "error", whole, error);
}

void dc_ci_begin(const struct dc_report_opts *o, struct dc_buf *b,
                 const struct dc_report_counts *t)
{
  if (o->format == DC_REPORT_SARIF) {
    sarif_begin(b);
    return;
  }
  dc_buf_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<testsuites name=\"derivcheck\" tests=\"%zu\" "
                "failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\">\n",
                t->links + t->invalid + t->skips,
                t->failed + t->undetermined, t->invalid, t->skips);
}

void dc_ci_end(const struct dc_report_opts *o, struct dc_buf *b)
{
  dc_buf_puts(b, o->format == DC_REPORT_SARIF ? "\n]}]}\n"
                                               : "</testsuites>\n");
}
