"""The README's directory table (目录) matches the tree: every path it lists exists, and every
module and subpackage of dnn_utils (and every module of dnn_utils/widgets/) is named in it."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def table_rows(readme=ROOT / "README.md"):
    """{path: description} of the table under the heading "## 目录"."""
    text = readme.read_text(encoding="utf-8").split("## 目录", 1)[1].split("\n## ", 1)[0]
    return {m.group(1): m.group(2) for m in re.finditer(r"^\| `([^`]+)` \| (.+) \|$", text, re.M)}


def test_every_listed_path_exists():
    rows = table_rows()
    assert len(rows) >= 10
    missing = [path for path in rows if not (ROOT / path.rstrip("/")).exists()]
    assert missing == []


def test_every_library_module_is_named():
    rows = table_rows()
    for folder in ("dnn_utils", "dnn_utils/widgets"):
        text = rows[f"{folder}/"]
        names = [p.stem for p in (ROOT / folder).glob("*.py") if not p.stem.startswith("_")]
        names += [p.name for p in (ROOT / folder).iterdir() if (p / "__init__.py").exists()]
        unnamed = [n for n in names if f"`{n}`" not in text and f"`{n}/`" not in text
                   and f"{folder}/{n}/" not in rows]
        assert unnamed == [], f"{folder}: not in the README's table"
