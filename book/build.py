"""Build the course website (what `make book` runs): book/_build/html from notebooks/, offline.

    python book/build.py            # stage, then jupyter-book build (saved outputs, nothing runs)

Steps, each a function below:
1. MathJax 3 from the npm registry (``npm pack``), checked against a pinned sha512 and unpacked
   once into book/_build/cache/ (later builds reuse it; delete the folder to fetch again).
2. Staging in book/_build/src/: the book's config files, plus a copy of every notebooks/NN_*.ipynb
   prepared for reading (the sources are never edited): the course-setup cell tagged remove-cell,
   a line under the title saying the exercise version is where to practise (Binder, Colab,
   download), widget outputs (no saved state: an empty box on a web page) replaced by a note,
   line breaks between Chinese characters inside a paragraph removed (a browser shows them as gaps).
   The exercise notebooks are copied next to them so the page can offer them for download.
3. ``jupyter-book build`` of the staging folder into book/_build/html (a fresh build each time:
   warnings are errors, so a broken reference in a notebook fails the build).

The repository's address comes from pyproject's [project.urls] Repository (tools/notebook_setup.py),
the one place it is written; the Binder/Colab links and the header's launch buttons use it.
"""
import base64
import copy
import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import nbformat

BOOK = Path(__file__).resolve().parent
ROOT = BOOK.parent
sys.path.insert(0, str(ROOT / "tools"))
import make_exercises  # noqa: E402  (PATTERN, notebook reader and byte-exact writer)
import notebook_setup  # noqa: E402  (repository address, setup-cell tag and the URL builders)

BUILD = BOOK / "_build"
STAGE = BUILD / "src"
HTML = BUILD / "html"
CACHE = BUILD / "cache"
CONFIG_FILES = ["_config.yml", "_toc.yml", "intro.md", "search_scorer.js", "_static", "_ext"]

MATHJAX_VERSION = "3.2.2"
MATHJAX_INTEGRITY = ("sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZG"
                     "JvtRZM1vO+geW0OhGw==")
# latest.js only redirects to a CDN copy of MathJax; the book must never load it.
MATHJAX_SKIP = {"latest.js"}

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "widgets"
WIDGET_NOTE = "交互控件：在 JupyterLab 中运行"
SETUP_HEAD = "# 课程环境 (course setup)"
REMOVE = "remove-cell"


class BuildError(RuntimeError):
    """The book cannot be built; the message says what to do."""


# ---------------------------------------------------------------- MathJax


def _integrity(path):
    """npm's integrity string (sha512-<base64>) of a file."""
    digest = hashlib.sha512(Path(path).read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode()


def _unpack_es5(tarball, dest):
    """Extract package/es5/* of the npm tarball into dest (regular files only, no path escapes)."""
    with tarfile.open(tarball, "r:gz") as tar:
        for member in tar.getmembers():
            parts = Path(member.name).parts
            if parts[:2] != ("package", "es5") or not member.isfile() or ".." in parts:
                continue
            rel = Path(*parts[2:])
            if rel.name in MATHJAX_SKIP:
                continue
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as src, open(target, "wb") as out:
                shutil.copyfileobj(src, out)


def mathjax_static(cache=CACHE, log=print):
    """Folder holding mathjax/tex-chtml.js (MathJax's es5/), fetched and unpacked on first use."""
    folder = cache / f"mathjax-{MATHJAX_VERSION}"
    if (folder / "mathjax" / "tex-chtml.js").is_file():
        return folder
    if not shutil.which("npm"):
        raise BuildError("找不到 npm：网页版要把 MathJax 打包进来 (bundled MathJax)。"
                         "请先安装 Node.js 和 npm（例如 apt-get install npm），再运行 make book。")
    cache.mkdir(parents=True, exist_ok=True)
    log(f"fetching mathjax@{MATHJAX_VERSION} from the npm registry (once; cached in {folder})")
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        tmp = Path(tmp)
        done = subprocess.run(["npm", "pack", f"mathjax@{MATHJAX_VERSION}", "--silent",
                               "--pack-destination", str(tmp)], capture_output=True, text=True)
        tarball = tmp / f"mathjax-{MATHJAX_VERSION}.tgz"
        if done.returncode != 0 or not tarball.is_file():
            raise BuildError(f"npm pack mathjax@{MATHJAX_VERSION} 失败（需要能访问 npm 仓库）：\n"
                             f"{done.stderr.strip()}")
        if _integrity(tarball) != MATHJAX_INTEGRITY:
            raise BuildError(f"下载的 mathjax-{MATHJAX_VERSION}.tgz 校验和不对 (integrity mismatch)：删掉 "
                             f"{cache} 再试一次。")
        unpacked = tmp / "static"
        _unpack_es5(tarball, unpacked / "mathjax")
        shutil.rmtree(folder, ignore_errors=True)  # a leftover without tex-chtml.js
        os.replace(unpacked, folder)  # appears complete or not at all
    return folder


# ---------------------------------------------------------------- notebooks for reading


def _tags(cell):
    return cell.setdefault("metadata", {}).setdefault("tags", [])


def is_setup_cell(cell):
    """The course-setup cell (tools/notebook_setup.py): by its tag, or by its first line."""
    if cell.get("cell_type") != "code":
        return False
    return (notebook_setup.TAG in cell.get("metadata", {}).get("tags", [])
            or cell.get("source", "").startswith(SETUP_HEAD))


def hide_setup_cell(nb):
    """Tag the course-setup cell remove-cell (the website has nothing to install); count tagged."""
    found = 0
    for cell in nb.cells:
        if is_setup_cell(cell) and REMOVE not in _tags(cell):
            _tags(cell).append(REMOVE)
            found += 1
    return found


def exercise_links(repo, name):
    """{'binder': url, 'colab': url, 'path': 'exercises/<name>'} of one exercise notebook."""
    path = f"exercises/{name}"
    return {"binder": notebook_setup.binder_url(repo, path),
            "colab": notebook_setup.colab_url(repo, path), "path": path}


def widget_note(links, after_figure):
    """HTML shown where a widget would be: what it is and where to run it."""
    figure = "在这里可以先看上面的静态图。" if after_figure else ""
    return (f'<div class="dnn-widget-note"><p><strong>{WIDGET_NOTE}</strong>'
            f'（interactive widget）：网页上的控件不会响应。在 '
            f'<a href="{html.escape(links["binder"])}">Binder</a> 或 '
            f'<a href="{html.escape(links["colab"])}">Colab</a> 中打开练习版，或在本地 '
            f'<code>make lab</code>，运行这一格就能操作。{figure}</p></div>')


def _has_figure(cell):
    return any(k.startswith("image/") for out in cell.get("outputs", []) for k in out.get("data", {}))


def replace_widgets(nb, links):
    """Each widget output becomes a note (nothing to draw it from: no saved state); count them.

    The note mentions the figure above when the code cell before the widget's cell drew one
    (the course shows a static figure before each explorer; an upload box has none)."""
    nb.metadata.pop(WIDGET_STATE, None)
    count, previous = 0, None
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        for i, out in enumerate(cell.get("outputs", [])):
            if WIDGET_MIME in out.get("data", {}):
                after_figure = _has_figure(cell) or (previous is not None and _has_figure(previous))
                cell.outputs[i] = nbformat.v4.new_output(
                    "display_data", data={"text/html": widget_note(links, after_figure),
                                          "text/plain": WIDGET_NOTE})
                count += 1
        previous = cell
    return count


def banner(links, name):
    """MyST block under each page's title: this is the worked book, practise in the exercise."""
    return (f":::{{admonition}} 这是带解答的阅读版：动手练习请用练习版\n"
            f":class: tip dnn-exercise-banner\n"
            f"练习版 `{links['path']}` 里解答换成了 `# YOUR CODE HERE`，每个练习后面都有检查。"
            f"打开它：[在 Binder 中打开]({links['binder']}) · [在 Colab 中打开]({links['colab']}) · "
            f"{{download}}`下载练习版 {name} <{links['path']}>`\n"
            f":::\n")


def add_banner(nb, text):
    """Put text right under the page's # title (or first, when the notebook has no title)."""
    first = nb.cells[0] if nb.cells else None
    if first is not None and first.cell_type == "markdown" and first.source.startswith("# "):
        title, _, rest = first.source.partition("\n")
        first.source = f"{title}\n\n{text}\n{rest}"
    else:
        cell = nbformat.v4.new_markdown_cell(text)
        if nb.cells and "id" not in nb.cells[0]:  # nbformat < 4.5 notebooks have no cell ids
            cell.pop("id", None)
        nb.cells.insert(0, cell)


CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_ENDS_CJK = re.compile(f"[{CJK}][*_`]*$")
_STARTS_CJK = re.compile(f"^[*_`]*[{CJK}]")
_NEW_BLOCK = re.compile(r"^([-*+]\s|\d+[.)]\s|#|>|\||:::)")
_FENCE = re.compile(r"^\s*(```|~~~|\$\$)")
_ONE_LINE_BLOCK = re.compile(r"^(#|\||:::|```|~~~|\$\$)")  # a heading or table row ends at its line


def join_cjk_lines(text):
    """Markdown with the line breaks inside a paragraph between two Chinese characters removed.

    A browser draws a source line break as a space, which between Chinese characters is a visible
    gap (Latin text needs that space, so breaks next to Latin stay). Fenced code and $$ blocks,
    hard breaks, the end of a heading or table row, and lines that start a list item, heading,
    quote, table or directive are kept."""
    lines = text.split("\n")
    out, fenced = [], False
    for line in lines:
        stripped = line.lstrip()
        if (out and not fenced and _ENDS_CJK.search(out[-1]) and not _ONE_LINE_BLOCK.match(out[-1].lstrip())
                and not _FENCE.match(line) and _STARTS_CJK.match(stripped)
                and not _NEW_BLOCK.match(stripped)):
            out[-1] += stripped
            continue
        if _FENCE.match(line) and not (line.count("$$") == 2 and line.strip() != "$$"):
            fenced = not fenced
        out.append(line)
    return "\n".join(out)


def join_markdown_lines(nb):
    """join_cjk_lines on every markdown cell."""
    for cell in nb.cells:
        if cell.get("cell_type") == "markdown":
            cell.source = join_cjk_lines(cell.source)


def prepare(nb, repo, name):
    """A reading copy of a worked notebook (nb is not changed); returns (copy, widgets replaced)."""
    nb = copy.deepcopy(nb)
    links = exercise_links(repo, name)
    hide_setup_cell(nb)
    join_markdown_lines(nb)
    widgets = replace_widgets(nb, links)
    add_banner(nb, banner(links, name))
    return nb, widgets


# ---------------------------------------------------------------- staging and build


def stage_config(repo, mathjax, stage=STAGE):
    """Copy the book's config into stage, with what is derived from the repository filled in."""
    for name in CONFIG_FILES:
        src = BOOK / name
        if src.is_dir():
            shutil.copytree(src, stage / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, stage / name)
    for page in stage.glob("*.md"):
        page.write_text(join_cjk_lines(page.read_text(encoding="utf-8")), encoding="utf-8")
    import yaml  # Jupyter Book's dependency (book/requirements.txt), needed only to build
    config = yaml.safe_load((BOOK / "_config.yml").read_text(encoding="utf-8"))
    config["repository"]["url"] = repo
    config["html"]["baseurl"] = notebook_setup.pages_url(repo)
    config["parse"]["myst_substitutions"] = {
        "repo_link": f"[{notebook_setup.slug(repo)}]({repo})"}
    sphinx = config["sphinx"]["config"]
    sphinx["local_mathjax_static"] = str(mathjax)
    # Sphinx opens the scorer relative to the working directory, not the book: make it absolute.
    sphinx["html_search_scorer"] = str((stage / sphinx["html_search_scorer"]).resolve())
    (stage / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                       encoding="utf-8")


def stage_notebooks(repo, stage=STAGE, notebooks=ROOT / "notebooks", exercises=ROOT / "exercises"):
    """Reading copies of notebooks/NN_*.ipynb and the exercise versions; returns the names."""
    paths = sorted(notebooks.glob(make_exercises.PATTERN))
    if not paths:
        raise BuildError(f"{notebooks} 里没有 NN_*.ipynb：没有可以放进网页版的 notebook。")
    (stage / "exercises").mkdir()
    for path in paths:
        exercise = exercises / path.name
        if not exercise.is_file():
            raise BuildError(f"{exercise} 不存在：先运行 make exercises 生成练习版。")
        shutil.copy2(exercise, stage / "exercises" / path.name)
        reading, _ = prepare(make_exercises.read_notebook(path), repo, path.name)
        make_exercises.write_atomic(stage / path.name, make_exercises.dumps(reading))
    return [p.name for p in paths]


def stage(repo, mathjax):
    """A fresh staging folder (book/_build/src) with config and notebooks."""
    shutil.rmtree(STAGE, ignore_errors=True)
    STAGE.mkdir(parents=True)
    stage_config(repo, mathjax)
    return stage_notebooks(repo)


def jupyter_book_build(stage=STAGE, out=BUILD):
    """jupyter-book build, html into out/html; warnings are errors."""
    for old in (out / "html", out / ".doctrees", out / "jupyter_execute"):
        shutil.rmtree(old, ignore_errors=True)
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", str(stage), "--path-output", str(out.parent), "--builder", "html",
           "-W", "-n", "--keep-going"]
    done = subprocess.run(cmd)
    if done.returncode != 0:
        raise BuildError("jupyter-book build 失败（警告也算失败 (warnings are errors)）："
                         "见上面的输出，改好对应的 notebook 再运行 make book。")


def main():
    start = time.monotonic()
    try:
        repo = notebook_setup.repository()
        mathjax = mathjax_static()
        names = stage(repo, mathjax)
        jupyter_book_build()
    except BuildError as err:
        print(f"make book: {err}", file=sys.stderr)
        return 1
    print(f"book: {len(names)} notebooks -> {HTML / 'index.html'} "
          f"({time.monotonic() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
