"""The course as a pip-installed package, used from a folder outside the clone (issue 13).

Builds the wheel, installs it into a fresh virtual environment (PyPI through pip's cache), and from
a temporary folder: imports the three modules, loads the data via DNN_DATASETS, downloads it from a
loopback mirror into the per-user cache (never site-packages), runs notebook 11 with nbclient and
grades exercise notebooks with `python -m testCases grade`. `make test-install` runs this file.
"""
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sandbox_status import needs_bwrap

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DNN_DATASETS") or ROOT.parent / "shared" / "datasets")
PY310 = Path("/root/.pyenv/versions/3.10.13/bin/python")

pytestmark = pytest.mark.slow


def _run(cmd, cwd, env=None, timeout=900):
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)
    return done


def _interpreters():
    """3.11 (this one) always; 3.10 only where that interpreter exists (pyenv on the CI image)."""
    yield pytest.param(Path(sys.executable), id=f"py{sys.version_info[0]}{sys.version_info[1]}")
    mark = pytest.mark.skipif(not PY310.exists() and not os.environ.get("DNN_REQUIRE_PY310"),
                              reason=f"no Python 3.10 at {PY310}")
    yield pytest.param(PY310, id="py310", marks=mark)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    done = _run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                 "-q", "-w", out, ROOT], cwd=ROOT)
    assert done.returncode == 0, done.stderr
    (whl,) = out.glob("dnn_course-*.whl")
    return whl


def _venv(python, where, wheel):
    if not Path(python).exists():
        pytest.fail(f"DNN_REQUIRE_PY310 is set but {python} does not exist")
    done = _run([python, "-m", "venv", where], cwd=where.parent)
    assert done.returncode == 0, done.stderr
    py = where / "bin" / "python"
    # The core install alone (ipywidgets is a core dependency), and nbclient, which these checks
    # use to execute a notebook (a test tool, not a dependency of the course).
    done = _run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", wheel,
                 "nbclient"], cwd=where.parent)
    assert done.returncode == 0, done.stderr[-3000:]
    return py


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def mirror():
    """A loopback HTTP server holding the real data files."""
    if not (SHARED / "train_catvnoncat.h5").is_file():
        pytest.skip(f"no dataset at {SHARED} to serve")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_Quiet, directory=str(SHARED)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{{name}}"
    server.shutdown()


@pytest.mark.parametrize("python", list(_interpreters()))
def test_installed_package_outside_the_clone(python, wheel, mirror, tmp_path):
    py = _venv(python, tmp_path / "venv", wheel)
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DNN_", "PYTHON", "VIRTUAL_ENV", "JUPYTER"))}
    env.update(XDG_CACHE_HOME=str(tmp_path / "cache"), HOME=str(tmp_path / "home"),
               PATH=f"{py.parent}:{env.get('PATH', '')}", MPLBACKEND="Agg")
    site = _run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], work, env)
    site = Path(site.stdout.strip())

    # the three modules come from site-packages, not from the clone; the default is the user cache
    probe = ("import json, dnn_utils, lr_utils, testCases; print(json.dumps([m.__file__ for m in "
             "(dnn_utils, lr_utils, testCases)] + [lr_utils.IN_CLONE, str(lr_utils.dataset_dir())]))")
    done = _run([py, "-c", probe], work, env)
    assert done.returncode == 0, done.stderr
    *files, in_clone, default = json.loads(done.stdout)
    assert all(Path(f).is_relative_to(site) for f in files), files
    assert in_clone is False
    assert Path(default) == tmp_path / "cache" / "dnn-course"

    # the shipped checksums, with DNN_DATASETS
    load = "import lr_utils; print(lr_utils.load_dataset()[0].shape)"
    done = _run([py, "-c", load], work, {**env, "DNN_DATASETS": str(SHARED)})
    assert done.returncode == 0 and "(209, 64, 64, 3)" in done.stdout, done.stderr

    # missing data: the message names the cache convention and never advises git
    done = _run([py, "-m", "lr_utils"], work, {**env, "DNN_NO_DOWNLOAD": "1"})
    assert done.returncode == 1
    assert "$XDG_CACHE_HOME/dnn-course" in done.stderr, done.stderr
    assert "git checkout" not in done.stderr and "make data" not in done.stderr

    # a download from the loopback mirror lands in the user cache, with progress shown
    done = _run([py, "-m", "lr_utils"], work, {**env, "DNN_MIRRORS": mirror})
    assert done.returncode == 0, done.stderr
    assert "100%" in done.stdout and "✓ 数据集就绪" in done.stdout
    cache = tmp_path / "cache" / "dnn-course"
    assert sorted(p.name for p in cache.iterdir()) == ["test_catvnoncat.h5", "train_catvnoncat.h5"]
    assert not list(site.glob("**/*catvnoncat*")) and not (site / "datasets").exists()
    done = _run([py, "-c", load], work, env)  # now found in the cache, no download
    assert done.returncode == 0 and "(209, 64, 64, 3)" in done.stdout, done.stderr

    # notebook 11, executed outside the clone
    shutil.copy(ROOT / "notebooks" / "11_cat_two_layer.ipynb", work / "11.ipynb")
    run_nb = ("import nbformat, nbclient; nb = nbformat.read('11.ipynb', as_version=4); "
              "nbclient.NotebookClient(nb, timeout=600, kernel_name='python3').execute(); "
              "print('executed', sum(c.cell_type == 'code' for c in nb.cells))")
    done = _run([py, "-c", run_nb], work, env)
    assert done.returncode == 0 and "executed" in done.stdout, done.stderr[-3000:]

    # grading: the blank exercise is not done (exit 1), the worked notebook passes (exit 0)
    shutil.copy(ROOT / "exercises" / "05_building_blocks.ipynb", work / "mine.ipynb")
    shutil.copy(ROOT / "notebooks" / "05_building_blocks.ipynb", work / "solved.ipynb")
    done = _run([py, "-m", "testCases", "grade", "mine.ipynb"], work, env)
    assert done.returncode == 1 and "未完成" in done.stdout, done.stdout + done.stderr
    done = _run([py, "-m", "testCases", "grade", "solved.ipynb"], work, env)
    assert done.returncode == 0 and "✓" in done.stdout, done.stdout + done.stderr

    # the Colab setup cell: where the course is missing it installs the wheel (DNN_COURSE_SOURCE
    # stands in for the repository URL) without touching Jupyter or ipywidgets, and fetches the data
    sys.path.insert(0, str(ROOT / "tools"))
    import notebook_setup
    cell = notebook_setup.setup_source(notebook_setup.repository())
    assert _run([py, "-m", "pip", "uninstall", "-y", "-q", "dnn-course"], work, env).returncode == 0
    freeze = lambda: _run([py, "-m", "pip", "freeze"], work, env).stdout.splitlines()  # noqa: E731
    before = freeze()
    colab = {**env, "DNN_COURSE_SOURCE": str(wheel), "DNN_MIRRORS": mirror,
             "XDG_CACHE_HOME": str(tmp_path / "colab_cache")}
    done = _run([py, "-c", cell + "import lr_utils; print(lr_utils.load_dataset()[0].shape)"],
                work, colab)
    assert done.returncode == 0 and "(209, 64, 64, 3)" in done.stdout, done.stderr
    after = freeze()
    added = set(after) - set(before)
    assert len(added) == 1 and added.pop().startswith("dnn-course"), sorted(set(after) - set(before))
    assert set(before) - set(after) == set()  # nothing was replaced (ipywidgets, ipykernel, ...)
    assert (tmp_path / "colab_cache" / "dnn-course" / "train_catvnoncat.h5").is_file()


def test_binder_build_steps(mirror, tmp_path):
    """Replays what repo2docker runs for binder/ (requirements, then postBuild) in a fresh venv on
    a copy of the repository, then runs the notebooks that need the data (the worked versions)."""
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == \
        f"python-{sys.version_info[0]}.{sys.version_info[1]}"  # pinned to the Python tested here
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, ignore=shutil.ignore_patterns(
        ".venv", ".git", "build", "*.egg-info", "__pycache__", "*.h5", ".pytest_cache", "screenshots"))
    done = _run([sys.executable, "-m", "venv", tmp_path / "venv"], tmp_path)
    assert done.returncode == 0, done.stderr
    py = tmp_path / "venv" / "bin" / "python"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DNN_", "PYTHON", "VIRTUAL_ENV", "JUPYTER", "XDG_"))}
    env.update(HOME=str(tmp_path / "home"), PATH=f"{py.parent}:{env.get('PATH', '')}",
               MPLBACKEND="Agg", PIP_CACHE_DIR=os.environ.get("PIP_CACHE_DIR",
                                                              str(Path.home() / ".cache" / "pip")))
    # nbclient stands in for the Jupyter stack that the repo2docker image already has
    done = _run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r",
                 "binder/requirements.txt", "nbclient"], repo, env)
    assert done.returncode == 0, done.stderr[-3000:]
    done = _run(["bash", repo / "binder" / "postBuild"], repo, {**env, "DNN_MIRRORS": mirror})
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "home" / ".cache" / "dnn-course" / "train_catvnoncat.h5").is_file()
    for name in ("11_cat_two_layer", "12_cat_deep"):
        run_nb = (f"import nbformat, nbclient; nb = nbformat.read('{name}.ipynb', as_version=4); "
                  "nbclient.NotebookClient(nb, timeout=900, kernel_name='python3').execute(); "
                  "print('executed')")
        done = _run([py, "-c", run_nb], repo / "notebooks", env, timeout=1800)
        assert done.returncode == 0 and "executed" in done.stdout, name + done.stderr[-3000:]


def test_widgets_with_ipywidgets_7(wheel, tmp_path):
    """Colab and older JupyterHub images still ship ipywidgets 7: the installed package's widget
    tests (tests/test_widgets_*.py, copied outside the clone) pass with ipywidgets 7.8."""
    where = tmp_path / "venv7"
    py = _venv(Path(sys.executable), where, wheel)
    done = _run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", "ipywidgets==7.*",
                 "pytest"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    version = _run([py, "-c", "import ipywidgets; print(ipywidgets.__version__)"], cwd=tmp_path)
    assert version.stdout.startswith("7."), version.stdout + version.stderr
    work = tmp_path / "elsewhere"
    work.mkdir()
    for test in sorted((ROOT / "tests").glob("test_widgets_*.py")) + [ROOT / "tests" / "data_status.py",
                                                                    ROOT / "tests" / "conftest.py"]:
        shutil.copy(test, work / test.name)
    env = {**os.environ, "DNN_DATASETS": str(SHARED), "PYTHONPATH": ""}
    done = _run([py, "-m", "pytest", "-q", "-p", "no:cacheprovider", "."], cwd=work, env=env, timeout=900)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "skipped" not in done.stdout.splitlines()[-1], done.stdout[-2000:]


@needs_bwrap
def test_wheel_grades_a_deleted_exercise_as_the_clone_does(wheel, tmp_path):
    """Issue 20: the installed grader has no notebooks/ beside it, only the manifest it ships; a
    notebook 05 whose update_parameters exercise (solution and check) was deleted grades 10/11 there
    exactly as in the clone, alone and as a sandboxed batch (same rows but the file path)."""
    import nbformat
    py = _venv(Path(sys.executable), tmp_path / "venv", wheel)
    work = tmp_path / "work"
    work.mkdir()
    nb = nbformat.read(ROOT / "notebooks" / "05_building_blocks.ipynb", as_version=4)
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id")
                not in ("update_parameters", "update_parameters_check")]
    nbformat.write(nb, work / "mine.ipynb")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DNN_", "PYTHON", "VIRTUAL_ENV", "JUPYTER"))}
    env.update(HOME=str(tmp_path / "home"), PATH=f"{py.parent}:{env.get('PATH', '')}", MPLBACKEND="Agg")
    where = _run([py, "-c", "import testCases.grader.manifest as m; print(m.MANIFEST)"], work, env)
    assert where.returncode == 0 and "site-packages" in where.stdout, where.stdout + where.stderr

    def table(done):
        assert done.returncode == 1, done.stdout + done.stderr
        return [line for line in done.stdout.splitlines() if "✓" in line or "✗" in line or "通过 " in line]

    installed = table(_run([py, "-m", "testCases", "grade", "mine.ipynb"], work, env))
    clone = table(_run([sys.executable, "-m", "testCases", "grade", str(work / "mine.ipynb")], ROOT,
                       {**os.environ, "MPLBACKEND": "Agg"}))
    assert installed == clone
    assert any(line.startswith("update_parameters") and "✗ 缺失" in line for line in installed), installed
    assert "通过 10/11 个练习（得分 10/11）" in installed[-1], installed

    def rows(done, csv_path):
        import csv
        assert done.returncode == 1, done.stdout + done.stderr
        with open(csv_path, encoding="utf-8") as f:
            return [{k: v for k, v in r.items() if k != "notebook"} for r in csv.DictReader(f)]

    got = rows(_run([py, "-m", "testCases", "grade", "mine.ipynb", "--csv", "installed.csv"], work, env),
               work / "installed.csv")
    want = rows(_run([sys.executable, "-m", "testCases", "grade", str(work / "mine.ipynb"), "--csv",
                      str(work / "clone.csv")], ROOT, {**os.environ, "MPLBACKEND": "Agg"}), work / "clone.csv")
    assert got == want and len(got) == 11
    assert {r["isolation"] for r in got} == {"sandbox"}
    assert sum(float(r["points"]) for r in got) == 10 and sum(float(r["max_points"]) for r in got) == 11
