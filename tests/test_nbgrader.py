"""nbgrader on the course (issue 13): generate_assignment on notebook 05 and autograde a blank, a
correct and a partly wrong submission. nbgrader is installed in its own venv (pip, cached)."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NB = "05_building_blocks"
FULL = 11  # eleven check cells, 1 point each
pytestmark = pytest.mark.slow


def _run(cmd, cwd, env, timeout=1200):
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="module")
def nbgrader(tmp_path_factory):
    base = tmp_path_factory.mktemp("nbgrader")
    wheels = base / "wheel"
    done = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, ROOT], ROOT,
                os.environ)
    assert done.returncode == 0, done.stderr
    assert _run([sys.executable, "-m", "venv", base / "venv"], base, os.environ).returncode == 0
    py = base / "venv" / "bin" / "python"
    done = _run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", "nbgrader",
                 *wheels.glob("*.whl")], base, os.environ)
    assert done.returncode == 0, done.stderr[-3000:]
    return py


def _wrong_linear_forward(source):
    wrong = source.replace("Z = np.dot(W, A) + b", "Z = np.dot(W, A)")
    assert wrong != source, "the worked linear_forward changed: update this test's mistake"
    return wrong


def test_autograde_blank_correct_and_partly_wrong(nbgrader, tmp_path):
    import nbformat
    course = tmp_path / "course"
    (course / "source" / NB).mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copy(ROOT / "notebooks" / f"{NB}.ipynb", course / "source" / NB)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    env.update(PATH=f"{nbgrader.parent}:{env['PATH']}", HOME=str(tmp_path / "home"), MPLBACKEND="Agg")
    nbg = [nbgrader, "-m", "nbgrader"]
    done = _run([*nbg, "db", "assignment", "add", NB], course, env)
    assert done.returncode == 0, done.stderr[-3000:]
    done = _run([*nbg, "generate_assignment", NB, "--force"], course, env)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    release = course / "release" / NB / f"{NB}.ipynb"
    locked = [c for c in nbformat.read(release, as_version=4).cells
              if c.metadata.get("nbgrader", {}).get("grade")]
    assert len(locked) == FULL and all(c.metadata["nbgrader"]["locked"] for c in locked)

    source = nbformat.read(ROOT / "notebooks" / f"{NB}.ipynb", as_version=4)
    wrong = nbformat.read(ROOT / "notebooks" / f"{NB}.ipynb", as_version=4)
    for cell in wrong.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "linear_forward":
            cell.source = _wrong_linear_forward(cell.source)
    submissions = {"blank": nbformat.read(release, as_version=4), "correct": source, "wrong": wrong}
    for student, nb in submissions.items():
        folder = course / "submitted" / student / NB
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{NB}.ipynb")
        assert _run([*nbg, "db", "student", "add", student], course, env).returncode == 0
    done = _run([*nbg, "autograde", NB, "--force"], course, env, timeout=1800)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    probe = ("from nbgrader.api import Gradebook\n"
             "with Gradebook('sqlite:///gradebook.db') as gb:\n"
             "    for s in ('blank', 'correct', 'wrong'):\n"
             f"        print(s, gb.find_submission_notebook('{NB}', '{NB}', s).score)\n")
    done = _run([nbgrader, "-c", probe], course, env)
    assert done.returncode == 0, done.stderr
    scores = {s: float(v) for s, v in (line.split() for line in done.stdout.splitlines())}
    # the composed-function rule: a wrong linear_forward costs its own point only
    assert scores == {"blank": 0.0, "correct": float(FULL), "wrong": float(FULL - 1)}, scores
