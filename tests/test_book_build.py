"""The website's staging step (book/build.py) without building: what each reading copy holds.

The built site itself is checked in Chromium by tests/browser/test_book.py (`make test-book`).
"""
import copy
import importlib.util
import io
import re
import sys
import tarfile
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import notebook_setup  # noqa: E402

_spec = importlib.util.spec_from_file_location("book_build", ROOT / "book" / "build.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)

REPO = notebook_setup.repository()
WIDGET = {"output_type": "execute_result", "execution_count": 3, "metadata": {},
          "data": {build.WIDGET_MIME: {"model_id": "abc", "version_major": 2, "version_minor": 0},
                   "text/plain": "VBox(children=(FloatSlider(value=1.0),))"}}
FIGURE = {"output_type": "display_data", "metadata": {},
          "data": {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}}


def _notebook(setup_by="tag", figure_before=True):
    v4 = nbformat.v4
    setup = v4.new_code_cell(notebook_setup.setup_source(REPO))
    if setup_by == "tag":
        setup.metadata["tags"] = [notebook_setup.TAG]
    cells = [v4.new_markdown_cell("# 05 标题\n第一段，\n接着写。"), setup,
             v4.new_code_cell("plot()", outputs=[nbformat.from_dict(FIGURE)] if figure_before else []),
             v4.new_markdown_cell("交互版："),
             v4.new_code_cell("explorer()", outputs=[nbformat.from_dict(WIDGET)])]
    nb = v4.new_notebook(cells=cells)
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return nb


@pytest.mark.parametrize("setup_by", ["tag", "content"])
def test_setup_cell_removed_by_tag_or_content(setup_by):
    nb = _notebook(setup_by)
    reading, _ = build.prepare(nb, REPO, "05_x.ipynb")
    tagged = [c for c in reading.cells if build.REMOVE in c.metadata.get("tags", [])]
    assert [c.source for c in tagged] == [notebook_setup.setup_source(REPO)]


def test_widget_output_becomes_a_note_with_the_exercise_links():
    reading, count = build.prepare(_notebook(), REPO, "05_x.ipynb")
    assert count == 1 and "widgets" not in reading.metadata
    out = reading.cells[-1].outputs[0]
    assert build.WIDGET_MIME not in out["data"]
    note = out["data"]["text/html"]
    assert build.WIDGET_NOTE in note and "静态图" in note
    assert notebook_setup.binder_url(REPO, "exercises/05_x.ipynb").replace("&", "&amp;") in note
    assert notebook_setup.colab_url(REPO, "exercises/05_x.ipynb") in note


def test_widget_note_mentions_a_figure_only_when_one_precedes():
    reading, _ = build.prepare(_notebook(figure_before=False), REPO, "05_x.ipynb")
    assert "静态图" not in reading.cells[-1].outputs[0]["data"]["text/html"]


def test_banner_under_the_title_and_source_untouched():
    nb = _notebook()
    before = copy.deepcopy(nb)
    reading, _ = build.prepare(nb, REPO, "05_x.ipynb")
    assert nb == before, "prepare changed the notebook it was given"
    title, _, rest = reading.cells[0].source.partition("\n")
    assert title == "# 05 标题"
    assert rest.lstrip().startswith(":::{admonition}") and "练习版" in rest
    assert "{download}`下载练习版 05_x.ipynb <exercises/05_x.ipynb>`" in rest
    assert notebook_setup.colab_url(REPO, "exercises/05_x.ipynb") in rest
    assert rest.rstrip().endswith("第一段，接着写。")


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")), ids=lambda p: p.name)
def test_every_course_notebook_prepares(path):
    """Each real notebook: its setup cell hidden, every widget output replaced, a banner."""
    nb = build.make_exercises.read_notebook(path)
    reading, count = build.prepare(nb, REPO, path.name)
    assert sum(build.REMOVE in c.metadata.get("tags", []) for c in reading.cells) == 1
    widgets = sum(build.WIDGET_MIME in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
    assert count == widgets
    assert not any(build.WIDGET_MIME in o.get("data", {}) for c in reading.cells for o in c.get("outputs", []))
    assert "dnn-exercise-banner" in reading.cells[0].source


@pytest.mark.parametrize("text, expected", [
    ("第一行，\n第二行", "第一行，第二行"),
    ("中文\n**粗体**继续", "中文**粗体**继续"),
    ("一个 Jupyter\nnotebook。", "一个 Jupyter\nnotebook。"),        # Latin next to the break: keep
    ("结尾硬换行  \n下一行", "结尾硬换行  \n下一行"),
    ("列表：\n* 第一项\n* 第二项，\n  续行", "列表：\n* 第一项\n* 第二项，续行"),
    ("```\n代码，\n代码\n```", "```\n代码，\n代码\n```"),
    ("$$\n甲\n乙\n$$\n后", "$$\n甲\n乙\n$$\n后"),
    ("见下表\n| 甲 | 乙 |", "见下表\n| 甲 | 乙 |"),
    ("标题\n# 小节", "标题\n# 小节"),
    ("## 小节\n正文", "## 小节\n正文"),
    ("| 甲 |\n乙", "| 甲 |\n乙"),
])
def test_join_cjk_lines(text, expected):
    assert build.join_cjk_lines(text) == expected


def test_pages_url_and_readme_link():
    assert notebook_setup.pages_url("https://github.com/Org/course") == "https://org.github.io/course/"
    assert notebook_setup.pages_url("https://github.com/org/org.github.io") == "https://org.github.io/"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\[在线阅读 \(read online\)\]\(([^)]+)\)", readme)
    assert links == [notebook_setup.pages_url(REPO)], "run: python tools/notebook_setup.py --readme-links"


def _tarball(members):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def test_unpack_es5_keeps_only_es5_and_never_the_cdn_loader(tmp_path):
    tgz = tmp_path / "m.tgz"
    tgz.write_bytes(_tarball({"package/es5/tex-chtml.js": b"mj", "package/es5/latest.js": b"cdn",
                              "package/es5/output/a.woff": b"f", "package/README.md": b"r",
                              "package/es5/../../evil.js": b"x"}))
    build._unpack_es5(tgz, tmp_path / "out")
    found = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert found == ["output/a.woff", "tex-chtml.js"]
    assert not (tmp_path / "evil.js").exists()


def test_integrity_is_npm_format(tmp_path):
    f = tmp_path / "x"
    f.write_bytes(b"abc")
    assert build._integrity(f) == ("sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj"
                                   "/uu9RU1EI2Q86A4qmslPpUyknw==")
