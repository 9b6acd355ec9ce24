"""Maintainer tool for notebooks/: the hosted-Jupyter setup cell, clean sources, README links.

    python tools/notebook_setup.py --setup-cell [folder]     insert/update the setup cell
    python tools/notebook_setup.py --clean-sources [folder]  drop saved widget state and timestamps
    python tools/notebook_setup.py --readme-links            rewrite the README's website/Binder/Colab links

The setup cell is the first code cell of every numbered notebook (tagged ``dnn-course-setup``,
so running the tool again updates it instead of adding another). In a clone or any environment where
the course is installed it prints nothing; on Colab it installs the package from the repository
(the Jupyter packages and ipywidgets already there are left alone: their requirements have no
lower bound, or ipywidgets>=7.6, which hosted Jupyter meets) and fetches the data. DNN_COURSE_SOURCE overrides what pip
installs (tests point it at a locally built wheel). The repository's address is read from
[project.urls] Repository in pyproject.toml, the one place it is written. Figures stay.
"""
import sys
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_exercises  # noqa: E402  (same reader and byte-exact writer)

ROOT = Path(__file__).resolve().parents[1]
TAG = "dnn-course-setup"


def repository(root=ROOT):
    """The course's repository URL from pyproject.toml."""
    with open(root / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]["urls"]["Repository"].rstrip("/")


def setup_source(repo):
    return (
        "# 课程环境 (course setup)：在课程仓库里或已安装课程时什么也不做；在 Colab 等托管 Jupyter 上\n"
        "# 安装课程的包（不重装 Jupyter 和 ipywidgets）并下载数据集。\n"
        "import importlib, importlib.util, os, subprocess, sys\n"
        "if importlib.util.find_spec(\"lr_utils\") is None:\n"
        f"    _source = os.environ.get(\"DNN_COURSE_SOURCE\", \"git+{repo}\")\n"
        "    subprocess.run([sys.executable, \"-m\", \"pip\", \"install\", \"-q\", _source], check=True)\n"
        "    importlib.invalidate_caches()\n"
        "    subprocess.run([sys.executable, \"-m\", \"lr_utils\"], check=False)\n")


def _is_setup(cell):
    return TAG in cell.get("metadata", {}).get("tags", [])


def add_setup_cell(nb, repo):
    """Insert (or update) the setup cell before the first code cell; True if nb changed."""
    source = setup_source(repo)
    for cell in nb.cells:
        if _is_setup(cell):
            if cell.source == source:
                return False
            cell.source = source
            return True
    import nbformat
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": [TAG]})
    if nb.cells and "id" not in nb.cells[0]:  # nbformat < 4.5 notebooks have no cell ids
        cell.pop("id", None)
    first = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), len(nb.cells))
    nb.cells.insert(first, cell)
    return True


def clean_source(nb):
    """Drop saved widget state and execution timestamps (outputs and figures stay); True if changed."""
    changed = nb.metadata.pop("widgets", None) is not None
    for cell in nb.cells:
        changed |= cell.get("metadata", {}).pop("execution", None) is not None
    return changed


def problems(nb):
    """What clean_source would remove, as text (empty when clean)."""
    found = ["saved widget state (metadata.widgets)"] if "widgets" in nb.metadata else []
    n = sum("execution" in c.get("metadata", {}) for c in nb.cells)
    return found + ([f"execution timestamps in {n} cells"] if n else [])


def slug(repo):
    """'owner/name' of a GitHub repository URL."""
    return repo.split("github.com/", 1)[-1]


def binder_url(repo, path):
    """Binder link that opens path (relative to the repository root) in JupyterLab."""
    return f"https://mybinder.org/v2/gh/{slug(repo)}/HEAD?urlpath=lab/tree/{path}"


def colab_url(repo, path):
    """Colab link to the notebook at path on the main branch."""
    return f"https://colab.research.google.com/github/{slug(repo)}/blob/main/{path}"


def pages_url(repo):
    """The GitHub Pages address of the course website (.github/workflows/book.yml deploys it)."""
    owner, _, name = slug(repo).partition("/")
    host = f"{owner.lower()}.github.io"
    return f"https://{host}/" if name.lower() == host else f"https://{host}/{name}/"


def readme_links(repo, folder="exercises"):
    lines = [f"[在线阅读 (read online)]({pages_url(repo)})：带解答的网页版，可搜索，手机上也能读", "",
             f"[![Binder](https://mybinder.org/badge_logo.svg)]({binder_url(repo, 'exercises/00_start_here.ipynb')})",
             ""]
    links = [f"[{path.stem[:2]}]({colab_url(repo, f'{folder}/{path.name}')})"
             for path in sorted((ROOT / folder).glob(make_exercises.PATTERN))]
    lines.append("在 Colab 中打开 (Open in Colab)：" + " · ".join(links))
    return "\n".join(lines)


BEGIN, END = "<!-- links: tools/notebook_setup.py --readme-links -->", "<!-- /links -->"


def write_readme(path=ROOT / "README.md"):
    """Replace the block between BEGIN and END in the README with the current links."""
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    new = f"{head}{BEGIN}\n{readme_links(repository())}\n{END}{tail}"
    if new != text:
        make_exercises.write_atomic(path, new)
        print(f"updated {path}")


def apply(folder, change):
    for path in sorted(Path(folder).glob(make_exercises.PATTERN)):
        nb = make_exercises.read_notebook(path)
        if change(nb):
            make_exercises.write_atomic(path, make_exercises.dumps(nb))
            print(f"updated {path}")


def main(argv=None):
    args = sys.argv[1:] if argv is None else list(argv)
    folder = args[1] if len(args) > 1 else ROOT / "notebooks"
    if args[:1] == ["--setup-cell"]:
        repo = repository()
        apply(folder, lambda nb: add_setup_cell(nb, repo))
    elif args[:1] == ["--clean-sources"]:
        apply(folder, clean_source)
    elif args[:1] == ["--readme-links"]:
        write_readme()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
