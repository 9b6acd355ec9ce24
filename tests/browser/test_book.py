"""The course website (make book) read in headless Chromium, offline, page by page.

Build first (`make test-book` does both). The built site is served from 127.0.0.1; every other
request fails the page. Every top-level page of book/_build/html (DNN_BOOK_HTML) is opened and
must show: math typeset by the bundled MathJax (no raw \\( or $$, no TeX errors), every image
loaded, every link into the site pointing at a file and anchor that exist, Chinese drawn with a
CJK font, no widget leftovers or empty output boxes, no course-setup cell. Notebook pages also
need the banner with the exercise version's Binder/Colab links and its download (the exact
exercises/ file). Search must find every page that holds 反向传播 / 广播. Screenshots (desktop and
phone width) go to screenshots/book-*.png.
"""
import html
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from book_page import OfflinePage, anchors, local_target, platform_fonts
from book_server import BookServer

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import notebook_setup  # noqa: E402  (the repository address and the Binder/Colab URL builders)

SITE = Path(os.environ.get("DNN_BOOK_HTML", ROOT / "book" / "_build" / "html"))
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PAGES = ["index.html", "intro.html", *[f"{p.stem}.html" for p in NOTEBOOKS], "search.html"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SETUP_MARKS = ("课程环境 (course setup)", 'find_spec("lr_utils")')
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
CDN = re.compile(r"unpkg\.com|jsdelivr|cdnjs|googleapis|gstatic|cdn\.mathjax|cloudflare|"
                 r"require\.js|polyfill\.io", re.I)
# Loads from elsewhere: script/img/iframe src, and stylesheet/icon/preload links (a rel="canonical"
# link to the published address is not a load).
OFFSITE_ASSET = re.compile(r"<(?:script|img|iframe)\b[^>]*\bsrc=[\"']https?://|"
                           r"<link\b(?=[^>]*\brel=[\"'][^\"']*(?:stylesheet|icon|preload)[^\"']*[\"'])"
                           r"[^>]*\bhref=[\"']https?://", re.I)


@pytest.fixture(scope="session")
def site():
    if not (SITE / "intro.html").is_file():
        pytest.fail(f"{SITE} has no built book: run `make book` first (or `make test-book`)")
    return SITE


@pytest.fixture(scope="session")
def server(site):
    with BookServer(site) as srv:
        yield srv


@pytest.fixture
def offline(browser, server):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", service_workers="block")
    try:
        yield OfflinePage(context, server.url)
    finally:
        context.close()


def _notebook(page_name):
    return next((p for p in NOTEBOOKS if f"{p.stem}.html" == page_name), None)


def _read_nb(path):
    import nbformat
    return nbformat.reader.reads(path.read_text(encoding="utf-8"))


def _title(nb):
    first = nb.cells[0].source if nb.cells else ""
    return first.splitlines()[0][2:].strip() if first.startswith("# ") else None


def _widget_outputs(nb):
    return sum(WIDGET_MIME in out.get("data", {}) for cell in nb.cells for out in cell.get("outputs", []))


def _article_text(path):
    """The text of a page's article (what Sphinx indexes for search), from the HTML file."""
    text = path.read_text(encoding="utf-8")
    match = re.search(r'<article class="bd-article"[^>]*>(.*?)</article>', text, re.S)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", match.group(1) if match else "", flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def _cjk_fonts():
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    return {name.strip() for line in out.splitlines() for name in line.split(",")}


def _check_links(report, base, site, anchor_cache):
    """Links into the site whose file or anchor does not exist."""
    broken = []
    for href in sorted(set(report["links"])):
        target = local_target(href, base)
        if target is None:
            continue
        path, fragment = target
        file = site / path
        if not file.is_file():
            broken.append(f"{href} (no file {path})")
            continue
        if fragment and file.suffix == ".html":
            if path not in anchor_cache:
                anchor_cache[path] = anchors(file.read_text(encoding="utf-8"))
            if fragment not in anchor_cache[path]:
                broken.append(f"{href} (no anchor #{fragment} in {path})")
    return broken


def _screenshots(page, name, folder, problems):
    stem = Path(name).stem
    try:
        page.screenshot(path=str(folder / f"book-{stem}-desktop.png"))
        for kind, selector in (("widget", ".dnn-widget-note"), ("math", "article div.math")):
            el = page.query_selector(selector)
            if el:
                el.scroll_into_view_if_needed()
                page.evaluate("() => window.scrollBy(0, -200)")
                page.screenshot(path=str(folder / f"book-{stem}-{kind}.png"))
        page.set_viewport_size(PHONE)
        page.evaluate("() => window.scrollTo(0, 0)")
        page.wait_for_timeout(300)
        page.screenshot(path=str(folder / f"book-{stem}-phone.png"))
    except Exception as err:  # a screenshot never hides the findings
        problems.append(f"no screenshot: {str(err).splitlines()[0]}")


def test_every_page_is_listed(site):
    """The pages this test opens are exactly the site's top-level pages (nothing unchecked)."""
    built = sorted(p.name for p in site.glob("*.html"))
    assert built == sorted(PAGES), (f"built pages {built} differ from the expected {sorted(PAGES)}: "
                                    "rebuild with make book")


@pytest.mark.parametrize("name", PAGES)
def test_page(name, site, server, offline, screenshot_dir):
    report = offline.open(name, lands_on="intro.html" if name == "index.html" else None)
    page = offline.page
    problems = []
    problems += [f"raw TeX left in the text: {t!r}" for t in report["raw"][:5]]
    problems += [f"math not typeset: {t!r}" for t in report["untypeset"][:5]]
    problems += [f"TeX error: {t!r}" for t in report["texErrors"][:5]]
    if report["mathCount"] and not report["mjx"]:
        problems.append("MathJax drew nothing")
    problems += [f"image not loaded: {i['src']}" for i in report["images"]
                 if i["visible"] and not (i["complete"] and i["width"] > 0)]
    problems += [f"broken link: {b}" for b in _check_links(report, server.url, site, {})]
    if report["widgetLeftovers"] or report["loadingWidget"]:
        problems.append(f"widget leftovers: {report['widgetLeftovers']} element(s), "
                        f"'Loading widget' text: {report['loadingWidget']}")
    problems += [f"empty output box: {e}" for e in report["emptyOutputs"]]
    problems += [f"course-setup cell shown ({mark})" for mark in SETUP_MARKS if mark in report["text"]]

    cjk = offline.cjk()
    problems += [f"Chinese character without a glyph: {m}" for m in cjk["missing"][:10]]
    if cjk["checked"] == 0:
        problems.append("no Chinese text found on the page")
    if cjk["marked"]:
        cjk_families = _cjk_fonts()
        for node, families in platform_fonts(page).items():
            if not cjk_families & set(families):
                problems.append(f"Chinese text drawn without a CJK font: used {families}, "
                                f"CJK fonts installed: {sorted(cjk_families)}")

    nb_path = _notebook(name)
    if nb_path is not None:
        problems += _notebook_page_problems(report, nb_path, server)

    _screenshots(page, name, screenshot_dir, problems)
    problems += [f"request outside the site: {u}" for u in offline.blocked]
    problems += [f"HTTP error: {f}" for f in offline.failed]
    problems += [f"JavaScript error: {e}" for e in offline.errors]
    if problems:
        pytest.fail(f"{name}:\n  " + "\n  ".join(problems), pytrace=False)


def _notebook_page_problems(report, nb_path, server):
    """The notebook page's title, banner (links and download), widget notes."""
    problems = []
    nb = _read_nb(nb_path)
    title = _title(nb)
    if title and title not in report["h1"]:
        problems.append(f"title {title!r} not among the headings {report['h1']}")
    repo = notebook_setup.repository()
    rel = f"exercises/{nb_path.name}"
    banner = report["banner"]
    if banner is None:
        return problems + ["no banner pointing to the exercise version"]
    if "练习版" not in banner["text"]:
        problems.append(f"the banner does not say where to practise: {banner['text']!r}")
    for label, url in (("Binder", notebook_setup.binder_url(repo, rel)),
                       ("Colab", notebook_setup.colab_url(repo, rel))):
        if url not in banner["links"]:
            problems.append(f"banner: no {label} link {url} (links: {banner['links']})")
    downloads = [u for u in banner["links"] if u.startswith(server.url) and u.endswith(f"/{nb_path.name}")]
    if not downloads:
        problems.append(f"banner: no download link of {nb_path.name}")
    else:
        try:
            with urllib.request.urlopen(downloads[0], timeout=10) as resp:
                if resp.read() != (ROOT / rel).read_bytes():
                    problems.append(f"the download {downloads[0]} is not {rel}")
        except urllib.error.URLError as err:
            problems.append(f"the download {downloads[0]} does not load: {err}")
    widgets = _widget_outputs(nb)
    if report["widgetNotes"] != widgets:
        problems.append(f"{report['widgetNotes']} widget note(s) for {widgets} widget output(s)")
    return problems


def test_toc_in_course_order(offline):
    """The sidebar lists the notebooks in file-name order (00 … 12)."""
    report = offline.open("intro.html")
    pages = [href.split("#")[0] for href in report["nav"] if re.match(r"\d\d_", href)]
    assert pages == [f"{p.stem}.html" for p in NOTEBOOKS]


@pytest.mark.parametrize("query", ["反向传播", "广播"])
def test_search(query, site, offline, screenshot_dir):
    """The search page finds every page whose text holds the query, a page titled with it first,
    and typesets the math its excerpts quote."""
    holding = {p.name for p in map(lambda n: site / n, PAGES)
               if p.name not in ("index.html", "search.html") and query in _article_text(p)}
    assert holding, f"no page contains {query}: nothing to search for"
    titled = {f"{p.stem}.html" for p in NOTEBOOKS if query in (_title(_read_nb(p)) or "")}
    page = offline.page
    page.goto(f"{offline.base}/search.html?q={query}", wait_until="load")
    page.wait_for_function(
        "() => { const s = document.querySelector('#search-results .search-summary');"
        " return s && s.innerText.trim().length > 0; }", timeout=30_000)
    found = page.evaluate(
        "() => [...document.querySelectorAll('#search-results ul.search li a')].map(a => a.getAttribute('href'))")
    # Sphinx writes the summary before the excerpts: each is fetched and appended later. Only once
    # every result has its excerpt can "no TeX left" mean the excerpts were typeset (CI once saw
    # the last excerpt arrive just after the check).
    try:
        page.wait_for_function(ALL_EXCERPTS_IN, timeout=30_000)
        page.wait_for_function(RAW_TEX_GONE, timeout=15_000)
    except Exception:
        pass  # the assertions below say what is missing
    missing = page.evaluate(EXCERPTS_MISSING)
    raw = page.evaluate(RAW_TEX_LEFT)
    page.screenshot(path=str(screenshot_dir / f"book-search-{len(query)}-{ord(query[0]):x}.png"))
    found_pages = [href.split("?")[0].split("#")[0] for href in found]
    assert holding <= set(found_pages), \
        f"search {query}: found {sorted(set(found_pages))}, missing {sorted(holding - set(found_pages))}"
    if titled:
        assert found_pages[0] in titled, f"search {query}: first result {found_pages[0]}, not one of {sorted(titled)}"
    assert not missing, f"search {query}: no excerpt arrived for {missing[:5]}"
    assert not raw, f"search {query}: TeX left in the excerpts: {raw[:3]}"
    assert not offline.blocked and not offline.errors, (offline.blocked, offline.errors)


# Complete \( ... \) pairs still in the search results' text (an excerpt may cut one in half).
RAW_TEX_LEFT = r"""() => (document.getElementById('search-results').innerText.match(/\\\(.*?\\\)/g) || [])"""
RAW_TEX_GONE = "() => (" + RAW_TEX_LEFT + ")().length === 0"
# Results still waiting for their excerpt (p.context); a result with a description gets none.
EXCERPTS_MISSING = r"""() => [...document.querySelectorAll('#search-results ul.search > li')]
  .filter(li => !li.querySelector(':scope > p.context') && !li.querySelector(':scope > span'))
  .map(li => li.querySelector('a') ? li.querySelector('a').getAttribute('href') : li.innerText.slice(0, 40))"""
ALL_EXCERPTS_IN = "() => (" + EXCERPTS_MISSING + ")().length === 0"


def test_no_cdn_in_html(site):
    """No built HTML page loads a script, style or image from another site, or names a CDN."""
    problems = []
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in list(OFFSITE_ASSET.finditer(text))[:3] + list(CDN.finditer(text))[:3]:
            problems.append(f"{path.relative_to(site)}: {text[match.start():match.start() + 120]!r}")
    assert not problems, "\n".join(problems)
