"""Drive one notebook in JupyterLab with Playwright and report what a learner would see.

The page runs with ``window.jupyterapp`` exposed (LabApp.expose_app_in_browser), so the checks
can read the notebook model (output types, execution counts) next to the DOM (what was drawn).
Error outputs and stderr streams both render with data-mime-type
"application/vnd.jupyter.stderr"; only the model's output_type tells them apart.
"""
import re
import time

from glyphs import JS_MISSING_GLYPHS

# Shared by every probe: the notebook panel of a path, and its code cells' top-level outputs.
_JS_LIB = r"""
const panelFor = (path) => {
  const app = window.jupyterapp;
  if (!app) return null;
  for (const w of app.shell.widgets('main')) {
    if (w.context && w.context.path === path && w.content && w.content.widgets) return w;
  }
  return null;
};
const topOutputs = (cell) => cell.outputArea
  ? [...cell.outputArea.node.querySelectorAll(':scope > .jp-OutputArea-child')]
      .map(ch => ch.querySelector(':scope > .jp-OutputArea-output'))
  : [];
const WIDGET_MIME = 'application/vnd.jupyter.widget-view+json';
"""

JS_READY = _JS_LIB + r"""
(path) => {
  const p = panelFor(path);
  if (!p || !p.context.isReady || !p.sessionContext.session) return false;
  const k = p.sessionContext.session.kernel;
  return !!k && k.status === 'idle';
}
"""

JS_ACTIVATE = _JS_LIB + r"""
(path) => {
  const p = panelFor(path);
  window.jupyterapp.shell.activateById(p.id);
  window.jupyterapp.shell.collapseLeft();  // the file browser would take a fifth of each screenshot
  p.content.activate();
  p.content.activeCellIndex = 0;
  p.content.mode = 'command';
  return p.content.widgets.length;
}
"""

# Kernel status and how many input prompts still show [*] (queued or running).
JS_BUSY = _JS_LIB + r"""
(path) => {
  const p = panelFor(path);
  const k = p && p.sessionContext.session && p.sessionContext.session.kernel;
  const prompts = [...p.content.node.querySelectorAll('.jp-InputPrompt')].map(e => e.innerText);
  return {status: k ? k.status : 'no kernel', pending: prompts.filter(t => t.includes('*')).length};
}
"""

# Every code cell: prompt, execution count, outputs from the model and how the DOM drew them.
JS_REPORT = _JS_LIB + r"""
(path) => {
  const p = panelFor(path);
  const cells = [];
  p.content.widgets.forEach((cell, index) => {
    if (cell.model.type !== 'code') return;
    const prompt = cell.node.querySelector('.jp-InputPrompt');
    const dom = topOutputs(cell);
    const outputs = [];
    for (let i = 0; i < cell.model.outputs.length; i++) {
      const o = cell.model.outputs.get(i).toJSON();
      const node = dom[i];
      const info = {type: o.output_type, mimes: Object.keys(o.data || {}),
                    domMime: node ? (node.dataset.mimeType || null) : null,
                    text: node ? node.innerText.slice(0, 2000) : null};
      if (o.output_type === 'error') {
        info.ename = o.ename; info.evalue = o.evalue;
        info.traceback = (o.traceback || []).join('\n').replace(/\x1b\[[0-9;]*m/g, '');
      }
      if (o.output_type === 'stream') info.name = o.name;
      if (info.mimes.includes(WIDGET_MIME)) {
        info.widget = {
          views: node ? node.querySelectorAll('.jupyter-widgets').length : 0,
          errorViews: node ? node.querySelectorAll('.jupyter-widgets.widget-error, .widget-error').length : 0,
        };
      }
      outputs.push(info);
    }
    cells.push({index, source: cell.model.sharedModel.getSource(),
                prompt: prompt ? prompt.innerText.trim() : '',
                executionCount: cell.model.executionCount, outputs});
  });
  return {cells, domCells: p.content.node.querySelectorAll('.jp-Cell').length,
          modelCells: p.content.widgets.length};
}
"""

# Chinese glyphs: each distinct CJK character of the notebook checked in the font its element uses
# (glyphs.py says how).
JS_CJK = _JS_LIB + r"""
(path) => {
  const p = panelFor(path);
""" + JS_MISSING_GLYPHS + r"""
  const cs_family = (font) => font.replace(/^48px /, '');
  const byFont = new Map();
  const sel = '.jp-RenderedMarkdown, .jp-RenderedText, .jp-RenderedHTMLCommon, .widget-label, .widget-html-content';
  for (const el of p.content.node.querySelectorAll(sel)) {
    const chars = el.innerText.match(CJK);
    if (!chars) continue;
    const cs = getComputedStyle(el);
    const font = `48px ${cs.fontFamily}`;
    if (!byFont.has(font)) byFont.set(font, new Set());
    chars.forEach(c => byFont.get(font).add(c));
  }
  const result = {checked: 0, missing: [], fonts: []};
  for (const [font, chars] of byFont) {
    const missing = missingGlyphs(font, chars);
    result.checked += chars.size;
    result.fonts.push(font);
    result.missing.push(...missing.map(c => ({ch: c, font: cs_family(font)})));
  }
  return result;
}
"""

# Marks each rendered widget output, and in it each visible slider handle, with data attributes
# that Playwright locators can use; returns {probe id: [slider ids]}.
JS_TAG_SLIDERS = _JS_LIB + r"""
(path) => {
  const p = panelFor(path);
  const found = {};
  let k = 0;
  p.content.widgets.forEach(cell => {
    if (cell.model.type !== 'code') return;
    const dom = topOutputs(cell);
    for (let i = 0; i < cell.model.outputs.length; i++) {
      const o = cell.model.outputs.get(i).toJSON();
      if (!(o.data && o.data[WIDGET_MIME]) || !dom[i]) continue;
      const id = `w${k++}`;
      dom[i].setAttribute('data-dnn-probe', id);
      const handles = [...dom[i].querySelectorAll('.widget-slider .noUi-handle')]
        .filter(h => h.offsetParent !== null && !h.closest('.widget-slider').classList.contains('mod-disabled')
                     && !h.hasAttribute('disabled'));
      found[id] = handles.map((h, j) => { h.setAttribute('data-dnn-slider', `${id}-s${j}`); return `${id}-s${j}`; });
    }
  });
  return found;
}
"""

# What a widget shows apart from its sliders: text, images, svg (a hash, and a short summary).
JS_WIDGET_STATE = r"""
(id) => {
  const node = document.querySelector(`[data-dnn-probe="${id}"]`);
  if (!node) return null;
  const imgs = [...node.querySelectorAll('img')].map(i => i.src);
  const svgs = [...node.querySelectorAll('svg')].filter(s => !s.closest('.widget-slider')).map(s => s.outerHTML);
  const clone = node.cloneNode(true);
  clone.querySelectorAll('.widget-slider').forEach(e => e.remove());
  const text = clone.textContent;
  const all = imgs.join('|') + '#' + svgs.join('|') + '#' + text;
  let h = 2166136261;
  for (let i = 0; i < all.length; i++) h = Math.imul(h ^ all.charCodeAt(i), 16777619);
  return {hash: (h >>> 0).toString(16), images: imgs.length, text: text.slice(0, 200)};
}
"""

# Height of the page that shows the whole notebook (cells plus the toolbars around them), with
# the notebook scrolled to its top.
JS_CONTENT_HEIGHT = _JS_LIB + r"""
(path) => {
  const p = panelFor(path);
  if (!p) return 0;
  const outer = p.content.node.querySelector('.jp-WindowedPanel-outer') || p.content.node;
  const inner = p.content.node.querySelector('.jp-WindowedPanel-inner') || outer;
  outer.scrollTop = 0;
  return Math.ceil(inner.scrollHeight + window.innerHeight - outer.clientHeight + 40);
}
"""

WIDGET_REPR = re.compile(r"^\s*(?:[A-Z][A-Za-z]*|interactive)\((?:children|value|description|layout)=")
EMPTY_PROMPTS = {"[ ]:", "[*]:", ""}


def _describe(cell):
    """'cell 7 (first line of its source)' for messages."""
    source = cell["source"].strip()
    return f"cell {cell['index']} ({source.splitlines()[0][:60] if source else 'empty'})"


class NotebookRun:
    """One notebook opened in a page of the shared browser, with its checks."""

    def __init__(self, page, lab, rel_path):
        self.page = page
        self.lab = lab
        self.path = rel_path
        self.page_errors = []
        page.on("pageerror", lambda err: self.page_errors.append(str(err)))

    def open(self):
        url = f"{self.lab.url}/lab/tree/{self.path}?reset&token={self.lab.token}"
        self.page.goto(url, wait_until="domcontentloaded", timeout=60_000)
        try:
            self.page.wait_for_function(JS_READY, arg=self.path, timeout=90_000, polling=250)
        except Exception as err:
            exposed = self.page.evaluate("() => !!window.jupyterapp")
            raise RuntimeError(f"{self.path} did not open with an idle kernel within 90 s "
                               f"(window.jupyterapp exposed: {exposed}); server log:\n"
                               f"{self.lab.log_tail()}") from err
        self.lab.remember_children()
        self.page.evaluate(JS_ACTIVATE, self.path)

    def run_all(self):
        """Run > Run All Cells, through the menu bar as a learner would."""
        self.page.locator(".lm-MenuBar-item", has_text="Run").first.click()
        self.page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()

    def wait_idle(self, timeout, settle=1.5):
        """Until the kernel is idle and no prompt shows [*], for `settle` seconds in a row."""
        deadline = time.monotonic() + timeout
        quiet_since = None
        state = None
        while time.monotonic() < deadline:
            if self.lab.proc is None:
                raise RuntimeError("the jupyter server was stopped")
            state = self.page.evaluate(JS_BUSY, self.path)
            if state["status"] == "idle" and state["pending"] == 0:
                quiet_since = quiet_since or time.monotonic()
                if time.monotonic() - quiet_since >= settle:
                    return True, state
            else:
                quiet_since = None
            time.sleep(0.25)
        return False, state

    def problems(self):
        """Everything a learner would see as broken, each as one readable line."""
        report = self.page.evaluate(JS_REPORT, self.path)
        found = []
        if report["domCells"] != report["modelCells"]:
            found.append(f"only {report['domCells']} of {report['modelCells']} cells are in the page")
        for cell in report["cells"]:
            where = _describe(cell)
            if cell["source"].strip() and (cell["executionCount"] is None or cell["prompt"] in EMPTY_PROMPTS):
                found.append(f"{where}: did not run (prompt {cell['prompt'] or 'missing'!r})")
            for out in cell["outputs"]:
                if out["type"] == "error":
                    last = out["traceback"].strip().splitlines()[-1:] or [""]
                    found.append(f"{where}: error output {out['ename']}: {out['evalue']}"
                                 f"{'' if out['evalue'] in last[0] else ' / ' + last[0]}")
                if "widget" in out:
                    text = out["text"] or ""
                    if out["domMime"] == "text/plain" or WIDGET_REPR.match(text):
                        found.append(f"{where}: widget shown as text, not drawn "
                                     f"(is jupyterlab_widgets installed?): {text[:80]!r}")
                    elif out["widget"]["views"] == 0 or out["widget"]["errorViews"] \
                            or "Loading widget" in text or "Error displaying widget" in text:
                        found.append(f"{where}: widget did not render: {text[:120]!r}")
        return found, report

    def cjk_problems(self):
        result = self.page.evaluate(JS_CJK, self.path)
        if result["missing"]:
            chars = "".join(m["ch"] for m in result["missing"][:30])
            fonts = "; ".join(sorted({m["font"] for m in result["missing"]}))
            return [f"{len(result['missing'])} of {result['checked']} distinct Chinese characters drawn "
                    f"without a glyph (tofu boxes): {chars} (font-family: {fonts}); "
                    "is a CJK font installed (fc-list :lang=zh)?"], result
        return [], result

    def move_sliders(self, per_widget_tries=3, timeout=30):
        """Move one slider in each widget with sliders; the widget's output must change."""
        found = []
        moved = 0
        tagged = self.page.evaluate(JS_TAG_SLIDERS, self.path)
        for probe, sliders in tagged.items():
            if not sliders:
                continue
            changed = False
            for slider in sliders[:per_widget_tries]:
                before = self.page.evaluate(JS_WIDGET_STATE, probe)
                handle = self.page.locator(f'[data-dnn-slider="{slider}"]')
                handle.scroll_into_view_if_needed()
                value, top = handle.get_attribute("aria-valuenow"), handle.get_attribute("aria-valuemax")
                key = "ArrowLeft" if value is not None and value == top else "ArrowRight"
                handle.focus()
                handle.press(key)
                deadline = time.monotonic() + timeout
                while time.monotonic() < deadline:
                    after = self.page.evaluate(JS_WIDGET_STATE, probe)
                    if after and after["hash"] != before["hash"]:
                        changed = True
                        break
                    time.sleep(0.25)
                self.wait_idle(timeout)
                moved += 1
                if changed:
                    break
            if not changed:
                found.append(f"widget {probe}: moving a slider ({key} on {len(sliders[:per_widget_tries])} "
                             f"slider(s)) did not change its output: {before['text'][:100]!r}")
        if tagged and not moved:
            found.append(f"{len(tagged)} widget output(s), but no visible slider in them to move "
                         "(each notebook with widgets should let a learner drag a slider)")
        return found, moved

    def screenshot(self, path, max_height=16000):
        """The whole notebook in one PNG: grow the viewport to the content, then restore it."""
        size = self.page.viewport_size
        height = min(max(self.page.evaluate(JS_CONTENT_HEIGHT, self.path), size["height"]), max_height)
        self.page.set_viewport_size({"width": size["width"], "height": height})
        try:
            time.sleep(0.5)
            self.page.evaluate(JS_CONTENT_HEIGHT, self.path)  # scrolls to the top again
            self.page.screenshot(path=str(path))
        finally:
            self.page.set_viewport_size(size)
