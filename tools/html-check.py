#!/usr/bin/env python3
"""Load an HTML report of derivcheck in headless Chromium and check it.

usage: tools/html-check.py [--screenshot PNG] [--self-test] REPORT.html REPORT.json

Chromium is driven over the DevTools protocol (--remote-debugging-pipe,
Python's standard library only), so that what the page cannot record
itself is seen too: every uncaught exception and unhandled promise
rejection (Runtime.exceptionThrown), every console.error and failed
console.assert (Runtime.consoleAPICalled), and every error the browser
logs (Log.entryAdded: a file that does not load, a blocked script).  Any
of them fails the check, and so does a KaTeX error the page records in
its body's data-render attribute, or a formula left untypeset.

Then the marked steps are counted against REPORT.json, the --format=json
report of the same inputs (every link marked once, as many failures), the
page's scripts must be its own three, each failing link must have a plot,
and every inline SVG plot must parse as XML with six curves.
--screenshot keeps a PNG of the page's top (1100 x 2400 pixels).

--self-test makes deliberately broken copies of REPORT.html (a TeX error,
an exception thrown after the page has rendered, an unhandled promise
rejection, a console.error, a script that does not load) and fails unless
the check rejects each of them for its reason: the proof that a broken
page cannot pass.

Exit status: 0 the page is clean, 1 it is not, 77 chromium is missing
(automake's "skipped").  Run by `make check-html`, not by `make check`.
"""
import base64
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

TIMEOUT = 120           # seconds for the whole page to load and typeset
WIDTH, HEIGHT = 1100, 2400
SVG = '{http://www.w3.org/2000/svg}'


class Browser:
    """Headless Chromium on a DevTools pipe: fd 3 carries commands in, fd 4
    replies and events out, each message JSON ending in a NUL byte."""

    def __init__(self, profile):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def fds():
            # Through fresh copies: dup2 of a descriptor onto itself would
            # keep its close-on-exec flag.
            a, b = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(a, 3)
            os.dup2(b, 4)
        self.proc = subprocess.Popen(
            ['chromium', '--headless', '--no-sandbox', '--disable-gpu',
             '--disable-quic', '--no-first-run', '--disable-sync',
             '--disable-background-networking', '--disable-component-update',
             '--remote-debugging-pipe', '--user-data-dir=' + profile,
             'about:blank'],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, preexec_fn=fds, close_fds=False)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buf = b''
        self.next_id = 0
        self.events = []
        self.session = None

    def _read(self, deadline):
        while b'\0' not in self.buf:
            left = deadline - time.time()
            if left <= 0:
                raise TimeoutError('no answer from chromium')
            r, _, _ = select.select([self.from_chrome], [], [], left)
            if r:
                chunk = os.read(self.from_chrome, 1 << 20)
                if not chunk:
                    raise EOFError('chromium closed the pipe')
                self.buf += chunk
        msg, self.buf = self.buf.split(b'\0', 1)
        return json.loads(msg)

    def call(self, method, params=None, session=True, timeout=60):
        self.next_id += 1
        msg = {'id': self.next_id, 'method': method, 'params': params or {}}
        if session and self.session:
            msg['sessionId'] = self.session
        os.write(self.to_chrome, json.dumps(msg).encode() + b'\0')
        deadline = time.time() + timeout
        while True:
            m = self._read(deadline)
            if m.get('id') == self.next_id:
                if 'error' in m:
                    raise RuntimeError('%s: %s' % (method, m['error']))
                return m.get('result', {})
            self.events.append(m)

    def pump(self, seconds):
        """Collect the events of the next few seconds."""
        deadline = time.time() + seconds
        try:
            while True:
                self.events.append(self._read(deadline))
        except TimeoutError:
            pass

    def wait_event(self, method, timeout):
        deadline = time.time() + timeout
        for m in self.events:
            if m.get('method') == method:
                return
        while True:
            m = self._read(deadline)
            self.events.append(m)
            if m.get('method') == method:
                return

    def eval(self, expr):
        r = self.call('Runtime.evaluate', {'expression': expr,
                                           'returnByValue': True,
                                           'awaitPromise': True})
        if 'exceptionDetails' in r:
            raise RuntimeError('evaluating %s: %s' % (expr, r['exceptionDetails']))
        return r['result'].get('value')

    def close(self):
        try:
            self.call('Browser.close', session=False, timeout=10)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.to_chrome)
        os.close(self.from_chrome)


def problems_of(events):
    """What went wrong in the page, from the protocol's events."""
    out = []
    for m in events:
        p = m.get('params', {})
        if m.get('method') == 'Runtime.exceptionThrown':
            d = p.get('exceptionDetails', {})
            exc = d.get('exception', {})
            out.append('exception: %s' % (exc.get('description') or
                                          d.get('text', '?')))
        elif m.get('method') == 'Runtime.consoleAPICalled' and \
                p.get('type') in ('error', 'assert'):
            args = ' '.join(str(a.get('value', a.get('description', '')))
                            for a in p.get('args', []))
            out.append('console.%s: %s' % (p['type'], args))
        elif m.get('method') == 'Log.entryAdded' and \
                p.get('entry', {}).get('level') == 'error':
            e = p['entry']
            out.append('log: %s %s' % (e.get('text', ''), e.get('url', '')))
    return out


def load(page, screenshot=None):
    """Load page; returns (dom, body's data-render, data-rendered, problems)."""
    profile = tempfile.mkdtemp(prefix='derivcheck-chromium.')
    b = Browser(profile)
    try:
        target = b.call('Target.createTarget', {'url': 'about:blank'},
                        session=False)['targetId']
        b.session = b.call('Target.attachToTarget',
                           {'targetId': target, 'flatten': True},
                           session=False)['sessionId']
        for domain in ('Runtime', 'Log', 'Page'):
            b.call(domain + '.enable')
        b.call('Emulation.setDeviceMetricsOverride',
               {'width': WIDTH, 'height': HEIGHT, 'deviceScaleFactor': 1,
                'mobile': False})
        b.call('Page.navigate', {'url': 'file://' + os.path.abspath(page)})
        b.wait_event('Page.loadEventFired', TIMEOUT)
        deadline = time.time() + TIMEOUT
        while b.eval("document.body ? document.body.getAttribute("
                     "'data-render') : 'pending'") == 'pending':
            if time.time() > deadline:
                break
            b.pump(0.2)
        # Errors that come a moment later (timers, promise rejections).
        b.pump(1.0)
        render = b.eval("document.body.getAttribute('data-render')")
        rendered = b.eval("document.body.getAttribute('data-rendered')")
        dom = b.eval('document.documentElement.outerHTML')
        if screenshot:
            shot = b.call('Page.captureScreenshot', {'format': 'png'})
            with open(screenshot, 'wb') as f:
                f.write(base64.b64decode(shot['data']))
        return dom, render, rendered, problems_of(b.events)
    finally:
        b.close()
        shutil.rmtree(profile, ignore_errors=True)


def check(page, report, screenshot=None):
    """The list of what is wrong with page (empty: clean)."""
    src = open(page, encoding='utf-8').read()
    rep = json.load(open(report))
    dom, render, rendered, errs = load(page, screenshot)
    for e in errs:
        print('browser:', e[:500])
    print('data-render:', (render or '')[:2000])
    if errs:
        return ['%d error(s) in the browser, the first: %s' % (len(errs), errs[0][:300])]
    if render != 'ok':
        return ['the page did not render cleanly: %s' % (render or '')[:300]]
    nmath = len(re.findall(r'class="math( display)?"', src))
    if str(rendered) != str(nmath) or re.search(r'class="[^"]*katex-failed', dom):
        return ['typeset only %s of %d formulas' % (rendered, nmath)]
    print('typeset all %d formulas' % nmath)
    if len(re.findall(r'class="katex"', dom)) < nmath:
        return ['fewer KaTeX renderings than formulas']
    marks = re.findall(r'<li class="link ([a-z]+)" data-verdict="([a-z]+)"', dom)
    want = sum(len(c['links']) for s in rep['specs'] for sec in s['sections']
               for b in sec['blocks'] for c in b.get('chains', []))
    fails = sum(1 for m in marks if m[1] == 'fail')
    print('marked steps: %d (the JSON report has %d links), failing: %d (%d)'
          % (len(marks), want, fails, rep['summary']['failed']))
    if len(marks) != want or fails != rep['summary']['failed']:
        return ['the marked steps do not match the JSON report']
    # No spec added an element: the scripts are the page's own three (the
    # error watch, KaTeX, the typesetting), and no image or link.
    nscript = len(re.findall(r'<script\b', dom))
    if nscript != len(re.findall(r'<script\b', src)) or nscript > 3:
        return ['%d scripts in the page' % nscript]
    outside = re.sub(r'<(script|style)\b.*?</\1>', '', dom, flags=re.S)
    if re.search(r'<img\b|<b\b|href="javascript:', outside):
        return ['an element or a javascript: URL from a spec']
    # Plots: at least one per failing link (more with --plot), each an SVG
    # that parses as XML with six curves.
    root = ET.fromstring(src.split('\n', 1)[1])   # past <!DOCTYPE html>
    plots = [s for s in root.iter(SVG + 'svg') if s.get('class') == 'plot']
    failing = [li for li in root.iter('li')
               if li.get('data-verdict') == 'fail']
    for li in failing:
        if not [s for s in li.iter(SVG + 'svg') if s.get('class') == 'plot']:
            return ['no plot under the failing link %s' % li.get('id')]
    for s in plots:
        n = len([p for p in s.iter(SVG + 'path')
                 if 'curve' in (p.get('class') or '').split()])
        if n != 6:
            return ['a plot with %d curves' % n]
    print('%d plots of six curves, one under each of the %d failing links'
          % (len(plots), len(failing)))
    return []


# ---- the self-test: broken pages must fail ----

def break_page(src, kind):
    """src with one deliberate fault of the given kind."""
    end = '})();\n//]]></script>\n</body>'
    assert end in src, 'the typesetting script is not where it was'
    if kind == 'katex':
        return src.replace('<span class="math">', '<span class="math">\\frac{1}{', 1)
    if kind == 'throw':
        js = "setTimeout(function () { throw new Error('dc-selftest-throw'); }, 50);\n"
    elif kind == 'reject':
        js = "Promise.reject(new Error('dc-selftest-reject'));\n"
    elif kind == 'console':
        js = "console.error('dc-selftest-console');\n"
    elif kind == 'missing':
        return src.replace('</head>', '<script src="dc-selftest-missing.js">'
                           '</script>\n</head>', 1)
    return src.replace(end, js + end, 1)


SELF_TESTS = [('katex', 'KaTeX'), ('throw', 'dc-selftest-throw'),
              ('reject', 'dc-selftest-reject'),
              ('console', 'dc-selftest-console'),
              ('missing', 'dc-selftest-missing.js')]


def self_test(page, report):
    src = open(page, encoding='utf-8').read()
    tmp = tempfile.mkdtemp(prefix='derivcheck-selftest.')
    bad = []
    try:
        for kind, why in SELF_TESTS:
            f = os.path.join(tmp, kind + '.html')
            with open(f, 'w', encoding='utf-8') as out:
                out.write(break_page(src, kind))
            wrong = check(f, report)
            if not wrong or why not in wrong[0]:
                bad.append('a page with a fault (%s) %s' %
                           (kind, 'passed' if not wrong else
                            'failed for another reason: ' + wrong[0]))
            else:
                print('self-test: the page with a fault (%s) fails: %s'
                      % (kind, wrong[0][:200]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return bad


def main(argv):
    shot, selftest, args = None, False, []
    i = 0
    while i < len(argv):
        if argv[i] == '--screenshot':
            shot = argv[i + 1]
            i += 1
        elif argv[i] == '--self-test':
            selftest = True
        else:
            args.append(argv[i])
        i += 1
    if len(args) != 2:
        sys.exit(__doc__.split('\n\n')[1])
    if not shutil.which('chromium'):
        print('chromium is not installed')
        return 77
    page, report = args
    wrong = self_test(page, report) if selftest else check(page, report, shot)
    for w in wrong:
        print('FAIL: %s: %s' % (page, w))
    if not wrong:
        print('%s: %s' % (page, 'every broken copy fails' if selftest
                          else 'rendered without error'))
    return 1 if wrong else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
