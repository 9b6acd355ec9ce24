"""One page of the built book in headless Chromium: what a reader would see, as data for the test.

The page runs offline: every request that does not go to the local server is recorded and
aborted, so a page that needs the network (a CDN script, a web font) shows up as a finding.
"""
import re
from urllib.parse import unquote, urlsplit

from glyphs import JS_MISSING_GLYPHS

# Elements whose text may legitimately hold \( or $ (code, printed output, typeset math).
_NOT_PROSE = "pre, code, script, style, mjx-container, .highlight, textarea"

# After MathJax's first typeset: raw TeX left in prose, math elements not typeset or with TeX
# errors, images, links, widget leftovers, empty output boxes, the page's banner and notes.
JS_REPORT = r"""
async (notProse) => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  const main = document.querySelector('article.bd-article') || document.querySelector('main') || document.body;
  const RAW = /\\\(|\\\)|\\\[|\\\]|\$\$|\$[^$\s][^$]*\$/;
  const raw = [];
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement && n.parentElement.closest(notProse)) continue;
    if (RAW.test(n.data)) raw.push(n.data.trim().slice(0, 120));
  }
  const mathEls = [...main.querySelectorAll('.math')];
  const untypeset = mathEls.filter(e => !e.querySelector('mjx-container')).map(e => e.textContent.slice(0, 80));
  // TeX errors: an merror box, or (noundefined) an unknown macro drawn as red text.
  const texErrors = [...main.querySelectorAll('mjx-merror')].map(e => e.getAttribute('data-mjx-error') || e.textContent)
    .concat([...main.querySelectorAll('mjx-assistive-mml mtext[mathcolor="red"]')]
      .map(e => e.textContent).filter(t => t.startsWith('\\')).map(t => `undefined macro ${t}`));
  const images = [...document.querySelectorAll('img')].map(i => ({
    src: i.currentSrc || i.src, complete: i.complete, width: i.naturalWidth,
    visible: i.getClientRects().length > 0}));
  const links = [...document.querySelectorAll('a[href]')].map(a => a.href);
  const widgetLeftovers = document.querySelectorAll(
    'script[type="application/vnd.jupyter.widget-view+json"], .jupyter-widgets, .widget-area').length;
  const emptyOutputs = [];
  main.querySelectorAll('.cell_output').forEach((out, i) => {
    const parts = out.children.length ? [...out.children] : [out];
    for (const p of parts) {
      const r = p.getBoundingClientRect();
      const media = 'img, svg, mjx-container, table, canvas';
      const filled = p.innerText.trim() || p.matches(media) || p.querySelector(media);
      if (!filled || r.height < 4) emptyOutputs.push(`output ${i}: ${p.className || p.tagName}`);
    }
  });
  const banner = document.querySelector('.dnn-exercise-banner');
  return {
    title: document.title, url: location.href,
    h1: [...main.querySelectorAll('h1')].map(h => h.innerText.replace(/[#¶]\s*$/, '').trim()),
    text: main.innerText,
    raw, mathCount: mathEls.length, mjx: main.querySelectorAll('mjx-container').length, untypeset, texErrors,
    images, links, widgetLeftovers, emptyOutputs,
    loadingWidget: document.body.innerText.includes('Loading widget'),
    widgetNotes: main.querySelectorAll('.dnn-widget-note').length,
    banner: banner ? {text: banner.innerText, links: [...banner.querySelectorAll('a[href]')].map(a => a.href)} : null,
    nav: [...document.querySelectorAll('.bd-sidebar-primary nav a.reference.internal')].map(a => a.getAttribute('href')),
  };
}
"""

# Each distinct Chinese character of the page drawn in the font its element uses, compared with
# the "tofu" that font draws for code points no font has; marks a few elements for the font probe.
JS_CJK = r"""
() => {""" + JS_MISSING_GLYPHS + r"""
  const byFont = new Map();
  let marked = 0;
  const quota = {article: 4, nav: 2};
  const sel = 'article h1, article h2, article p, article li, article pre, .bd-sidebar-primary a, .dnn-widget-note';
  for (const el of document.querySelectorAll(sel)) {
    const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join('');
    const chars = el.innerText.match(CJK);
    if (!chars) continue;
    // Fonts are probed on up to 4 elements of the article and 2 of the sidebar.
    const where = el.closest('article') ? 'article' : 'nav';
    if (quota[where] > 0 && (own.match(CJK) || []).length >= 2) {
      quota[where]--; el.setAttribute('data-dnn-cjk', String(marked++));
    }
    const font = `48px ${getComputedStyle(el).fontFamily}`;
    if (!byFont.has(font)) byFont.set(font, new Set());
    chars.forEach(c => byFont.get(font).add(c));
  }
  const result = {checked: 0, missing: [], marked};
  for (const [font, chars] of byFont) {
    result.missing.push(...missingGlyphs(font, chars).map(c => `${c} (${font.slice(5, 60)})`));
    result.checked += chars.size;
  }
  return result;
}
"""


def platform_fonts(page):
    """{marked element: [font families Chromium used for its text]} (the DevTools CSS domain)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        ids = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-dnn-cjk]"})["nodeIds"]
        used = {}
        for node in ids:
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            used[node] = [f["familyName"] for f in fonts if f.get("glyphCount", 0) > 0]
        return used
    finally:
        cdp.detach()


def local_target(href, base):
    """(file path relative to the site root, fragment) of a link into the site, else None."""
    if not href.startswith(base + "/"):
        return None
    parts = urlsplit(href)
    path = unquote(parts.path).lstrip("/") or "index.html"
    if path.endswith("/"):
        path += "index.html"
    return path, unquote(parts.fragment)


_ID = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""")


def anchors(html_text):
    """The ids (and a names) an HTML page defines."""
    return set(_ID.findall(html_text))


class OfflinePage:
    """A tab whose requests may only go to base; everything else is recorded and aborted."""

    def __init__(self, context, base):
        self.base = base
        self.blocked, self.failed, self.errors = [], [], []
        context.route("**/*", self._route)
        self.page = context.new_page()
        self.page.on("pageerror", lambda err: self.errors.append(str(err)))
        self.page.on("response", self._response)

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.base + "/") or url == self.base:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _response(self, response):
        if response.status >= 400:
            self.failed.append(f"{response.status} {response.url}")

    def open(self, path, lands_on=None):
        """Load path (and, when it redirects, wait until it lands on lands_on); the report."""
        self.page.goto(f"{self.base}/{path}", wait_until="load", timeout=60_000)
        if lands_on:
            self.page.wait_for_url(f"**/{lands_on}", wait_until="load", timeout=30_000)
        # Images below the fold may be lazy: load them all before looking at them.
        self.page.evaluate("() => document.querySelectorAll('img').forEach(i => { i.loading = 'eager'; })")
        try:
            self.page.wait_for_function("() => [...document.images].every(i => i.complete)", timeout=20_000)
        except Exception:
            pass  # the report lists the images that did not load
        return self.page.evaluate(JS_REPORT, _NOT_PROSE)

    def cjk(self):
        return self.page.evaluate(JS_CJK)
