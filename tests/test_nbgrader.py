"""nbgrader on the course (issues 13, 20): generate_assignment on all 13 notebooks (the student
version nbgrader makes is exercises/, cell for cell), and autograde of notebook 05 with a blank, a
correct and a partly wrong submission. nbgrader is installed in its own venv (pip, cached).
The whole of docs/nbgrader.md (release, collect, feedback, two students) is run by
tests/nbgrader_walkthrough.py, which is too slow for this file."""
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


def _env(tmp_path, nbgrader):
    """The nbgrader venv first on PATH, a throw-away HOME, no inherited virtualenv."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    env.update(PATH=f"{nbgrader.parent}:{env['PATH']}", HOME=str(tmp_path / "home"), MPLBACKEND="Agg")
    return env


def _graded_points(nb):
    return [c.metadata["nbgrader"].get("points", 0) for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade")]


def test_generate_assignment_of_every_notebook_is_the_exercise(nbgrader, tmp_path):
    """docs/nbgrader.md's loop: every notebook generates, and nbgrader's student version has the
    same cells and sources as exercises/ (same markers, same stub), with every check locked."""
    import nbformat
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", course)
    env = _env(tmp_path, nbgrader)
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert len(notebooks) == 13
    for path in notebooks:
        (course / "source" / path.stem).mkdir(parents=True)
        shutil.copy(path, course / "source" / path.stem)
        done = _run([nbgrader, "-m", "nbgrader", "generate_assignment", path.stem, "--force"], course, env)
        assert done.returncode == 0, path.stem + done.stdout[-2000:] + done.stderr[-3000:]
    for path in notebooks:
        release = nbformat.read(course / "release" / path.stem / path.name, as_version=4)
        exercise = nbformat.read(ROOT / "exercises" / path.name, as_version=4)
        source = nbformat.read(path, as_version=4)
        assert [(c.cell_type, c.source) for c in release.cells] == \
            [(c.cell_type, c.source) for c in exercise.cells], path.name
        assert _graded_points(release) == _graded_points(source) != [], path.name
        assert all(c.metadata["nbgrader"]["locked"] for c in release.cells
                   if c.metadata.get("nbgrader", {}).get("grade")), path.name


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
    env = _env(tmp_path, nbgrader)
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
