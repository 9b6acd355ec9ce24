"""tools/notebook_setup.py: the hosted-Jupyter setup cell and clean notebook sources (issue 13)."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import make_exercises  # noqa: E402
import notebook_setup  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob(make_exercises.PATTERN))


@pytest.fixture
def copies(tmp_path):
    for path in NOTEBOOKS:
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def _without_setup_cell(path):
    """The notebook at path as it was before --setup-cell (its setup cell removed)."""
    nb = make_exercises.read_notebook(path)
    nb.cells = [c for c in nb.cells if notebook_setup.TAG not in c.metadata.get("tags", [])]
    return nb


@pytest.fixture
def bare(tmp_path):
    """Copies of notebooks/ without their setup cell: --setup-cell must put it back, once."""
    for path in NOTEBOOKS:
        (tmp_path / path.name).write_text(make_exercises.dumps(_without_setup_cell(path)), encoding="utf-8")
    return tmp_path


def test_setup_cell_is_first_code_cell_and_idempotent(bare):
    notebook_setup.main(["--setup-cell", str(bare)])
    once = {p.name: p.read_bytes() for p in bare.iterdir()}
    notebook_setup.main(["--setup-cell", str(bare)])
    assert {p.name: p.read_bytes() for p in bare.iterdir()} == once
    for path in bare.iterdir():
        nb = make_exercises.read_notebook(path)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert notebook_setup.TAG in code[0].metadata["tags"]
        assert sum(notebook_setup.TAG in c.metadata.get("tags", []) for c in nb.cells) == 1
        assert "https://github.com/dnn-course/deep-neural-networks" in code[0].source
        original = _without_setup_cell(ROOT / "notebooks" / path.name)
        assert len(nb.cells) == len(original.cells) + 1


def test_setup_cell_prints_nothing_where_the_course_is_installed():
    source = notebook_setup.setup_source(notebook_setup.repository())
    done = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "DNN_COURSE_SOURCE": "/nonexistent.whl"})
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""


def test_setup_cell_survives_make_exercises(copies):
    notebook_setup.main(["--setup-cell", str(copies)])
    nb = make_exercises.make_exercise(make_exercises.read_notebook(copies / NOTEBOOKS[5].name))
    assert notebook_setup.TAG in [c for c in nb.cells if c.cell_type == "code"][0].metadata["tags"]


def test_clean_sources_drops_widget_state_and_timestamps_keeps_figures(copies):
    before = {p.name: make_exercises.read_notebook(p) for p in copies.iterdir()}
    notebook_setup.main(["--clean-sources", str(copies)])
    for path in copies.iterdir():
        nb = make_exercises.read_notebook(path)
        assert notebook_setup.problems(nb) == []
        outputs = lambda n: [c.get("outputs") for c in n.cells]  # noqa: E731
        assert outputs(nb) == outputs(before[path.name])  # figures and text outputs stay


def test_problems_sees_widget_state_and_timestamps():
    nb = make_exercises.read_notebook(NOTEBOOKS[0])
    nb.metadata["widgets"] = {"state": {}}
    nb.cells[0].metadata["execution"] = {"iopub.status.busy": "2024-01-01"}
    assert len(notebook_setup.problems(nb)) == 2


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_sources_are_clean(path):
    """Fails until `python tools/notebook_setup.py --clean-sources` has been applied to notebooks/
    (an nbgrader release made from notebooks/ would carry the saved widget state)."""
    assert notebook_setup.problems(make_exercises.read_notebook(path)) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebooks_have_the_setup_cell(path):
    """Fails until `python tools/notebook_setup.py --setup-cell` has been applied to notebooks/."""
    nb = make_exercises.read_notebook(path)
    first = [c for c in nb.cells if c.cell_type == "code"][0]
    assert first.source == notebook_setup.setup_source(notebook_setup.repository())
