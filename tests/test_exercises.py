"""The learner notebooks: exercises/ is exactly what tools/make_exercises.py generates, the tool
refuses malformed markers, and every exercise notebook runs with its blanks while each solution,
put back, passes its check.
"""
import ast
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from data_status import data_problem, require_data
from testCases import grading

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import make_exercises  # noqa: E402
from make_exercises import MarkerError  # noqa: E402

SRC, OUT = ROOT / "notebooks", ROOT / "exercises"
NOTEBOOKS = sorted(SRC.glob(make_exercises.PATTERN))


def _needs_data(path):
    return bool(make_exercises.read_notebook(path).metadata.get("dnn_course", {}).get("needs_data"))


# The data notebooks train on the cat images: marked slow (deselect with -m "not slow").
RUNS = [pytest.param(p, id=p.stem, marks=[pytest.mark.slow] if _needs_data(p) else []) for p in NOTEBOOKS]
CELL_TIMEOUT = 600   # the cat notebooks train for a while on a slow machine


def solution(gid, source):
    return new_code_cell(source, metadata={"nbgrader": {
        "grade": False, "grade_id": gid, "locked": False, "schema_version": 3, "solution": True, "task": False}})


def check(gid, source):
    return new_code_cell(source, metadata={"nbgrader": {
        "grade": True, "grade_id": gid, "locked": True, "points": 1, "schema_version": 3,
        "solution": False, "task": False}})


GOOD = "def f(x):\n    # 提示：(≈ 1 行)\n    ### BEGIN SOLUTION\n    y = 2 * x\n    return y\n    ### END SOLUTION\n"


def toy(cells=None):
    cells = cells if cells is not None else [new_markdown_cell("# 标题"), solution("f", GOOD),
                                             check("f_check", "assert f(1) == 2")]
    nb = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                            "language": "python"}})
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.execution_count = 3
            cell.outputs = [nbformat.v4.new_output("stream", text="out\n")]
            cell.metadata["execution"] = {"iopub.status.busy": "2024-01-01T00:00:00"}
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return nb


# The tool

def test_solution_becomes_stub_at_marker_indent_hints_kept():
    ex = make_exercises.make_exercise(toy(), "toy.ipynb")
    assert ex.cells[1].source == ("def f(x):\n    # 提示：(≈ 1 行)\n    # YOUR CODE HERE\n"
                                  "    raise NotImplementedError()\n")
    assert ex.cells[1].metadata["nbgrader"]["grade_id"] == "f"
    assert ex.cells[2].metadata["nbgrader"]["grade_id"] == "f_check"
    for cell in ex.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
            assert "execution" not in cell.metadata
    assert "widgets" not in ex.metadata


def test_check_cells_cannot_be_edited_or_deleted_in_jupyterlab():
    ex = make_exercises.make_exercise(toy(), "toy.ipynb")
    assert ex.cells[2].metadata["editable"] is False and ex.cells[2].metadata["deletable"] is False
    assert "editable" not in ex.cells[1].metadata and "deletable" not in ex.cells[1].metadata
    assert ex.cells[2].metadata["nbgrader"]["locked"] is True


def test_several_blocks_and_top_level_solution():
    src = "a = 1\n### BEGIN SOLUTION\nb = 2\n### END SOLUTION\nif a:\n\t### BEGIN SOLUTION\n\tc = 3\n\t### END SOLUTION"
    assert make_exercises.strip_solution(src, make_exercises.STUBS["code"]) == (
        "a = 1\n# YOUR CODE HERE\nraise NotImplementedError()\nif a:\n"
        "\t# YOUR CODE HERE\n\traise NotImplementedError()")


@pytest.mark.parametrize("cells, expected", [
    ([solution("f", "def f():\n    ### BEGIN SOLUTION\n    return 1\n")], "BEGIN without END"),
    ([solution("f", "def f():\n    return 1\n    ### END SOLUTION\n")], "END without BEGIN"),
    ([solution("f", "### BEGIN SOLUTION\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n")], "nested"),
    ([solution("f", "def f():\n    return 1\n")], "没有 ### BEGIN SOLUTION"),
    ([solution("f", "## BEGIN SOLUTION\nx = 1\n### END SOLUTION\n")], "写法不对"),
    ([new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION")], "不是练习单元格"),
    ([new_markdown_cell("答案写在 `### BEGIN SOLUTION` 之后")], "不是练习单元格"),
    ([solution("f", GOOD), solution("f", GOOD)], "grade_id 'f' 已在第 2 个单元格用过"),
])
def test_malformed_markers_are_refused_naming_notebook_and_cell(cells, expected):
    nb = toy([new_markdown_cell("# 标题")] + cells)
    with pytest.raises(MarkerError) as err:
        make_exercises.make_exercise(nb, "03_demo.ipynb")
    message = str(err.value)
    assert expected in message and "03_demo.ipynb" in message and "第 2 个单元格" in message


def test_generation_is_deterministic_and_formatted_like_nbformat(tmp_path):
    src = tmp_path / "notebooks"
    src.mkdir()
    nbformat.write(toy(), str(src / "01_toy.ipynb"))
    for out in (tmp_path / "a", tmp_path / "b"):
        assert make_exercises.main(["--src", str(src), "--out", str(out)]) == 0
    text = (tmp_path / "a" / "01_toy.ipynb").read_text(encoding="utf-8")
    assert text == (tmp_path / "b" / "01_toy.ipynb").read_text(encoding="utf-8")
    again = tmp_path / "again.ipynb"
    nbformat.write(nbformat.read(str(tmp_path / "a" / "01_toy.ipynb"), as_version=4), str(again))
    assert again.read_text(encoding="utf-8") == text
    assert make_exercises.main(["--src", str(src), "--out", str(tmp_path / "a"), "--check"]) == 0


def test_check_lists_changed_missing_and_stale_files(tmp_path, capsys):
    src, out = tmp_path / "notebooks", tmp_path / "exercises"
    src.mkdir()
    nbformat.write(toy(), str(src / "01_toy.ipynb"))
    nbformat.write(toy(), str(src / "02_toy.ipynb"))
    make_exercises.generate(src, out, log=lambda *a: None)
    (out / "01_toy.ipynb").write_text((out / "01_toy.ipynb").read_text(encoding="utf-8").replace("标题", "题目"),
                                      encoding="utf-8")
    (out / "02_toy.ipynb").unlink()
    (out / "09_old.ipynb").write_text("{}", encoding="utf-8")
    (out / ".ipynb_checkpoints").mkdir()                    # Jupyter's own folder is ignored
    capsys.readouterr()
    assert make_exercises.main(["--src", str(src), "--out", str(out), "--check"]) == 1
    printed = capsys.readouterr().out
    assert "01_toy.ipynb" in printed and "02_toy.ipynb" in printed and "09_old.ipynb" in printed
    assert "checkpoints" not in printed and "make exercises" in printed
    assert make_exercises.main(["--src", str(src), "--out", str(out)]) == 0   # regenerate, drop stale
    assert sorted(p.name for p in out.glob("*.ipynb")) == ["01_toy.ipynb", "02_toy.ipynb"]
    assert make_exercises.differences(src, out) == []


def test_nothing_written_when_any_notebook_is_malformed(tmp_path, capsys):
    src, out = tmp_path / "notebooks", tmp_path / "exercises"
    src.mkdir()
    nbformat.write(toy(), str(src / "01_good.ipynb"))
    nbformat.write(toy([solution("g", "### BEGIN SOLUTION\nx = 1\n")]), str(src / "02_bad.ipynb"))
    assert make_exercises.main(["--src", str(src), "--out", str(out)]) == 2
    assert "02_bad.ipynb" in capsys.readouterr().err
    assert not out.exists() or not any(out.iterdir())


def test_interrupted_write_leaves_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "01_toy.ipynb"
    target.write_text("old", encoding="utf-8")

    def boom(*args):
        raise KeyboardInterrupt

    from testCases.grader import atomic
    monkeypatch.setattr(atomic.os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        make_exercises.write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["01_toy.ipynb"]


def test_does_not_overwrite_an_exercise_someone_ran_without_force(tmp_path):
    src, out = tmp_path / "notebooks", tmp_path / "exercises"
    src.mkdir()
    out.mkdir()
    nbformat.write(toy(), str(src / "01_toy.ipynb"))
    nbformat.write(toy(), str(out / "01_toy.ipynb"))        # has outputs: a learner's work
    before = (out / "01_toy.ipynb").read_bytes()
    with pytest.raises(FileExistsError):
        make_exercises.generate(src, out, log=lambda *a: None)
    assert (out / "01_toy.ipynb").read_bytes() == before
    make_exercises.generate(src, out, force=True, log=lambda *a: None)
    assert make_exercises.differences(src, out) == []


# The repository's exercises/

def _git(*args):
    try:
        run = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return run.stdout if run.returncode == 0 else None


def test_exercises_folder_is_what_the_tool_generates():
    """Strict, except that a learner's own edits (the file differs from the committed one, which
    is up to date; or an untracked extra file) are reported as a skip instead of a failure."""
    rendered = make_exercises.render_all(SRC)
    failures, local = [], []
    in_git = _git("rev-parse", "--is-inside-work-tree") is not None
    for name, text in rendered.items():
        path = OUT / name
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        committed = _git("show", f"HEAD:exercises/{name}") if in_git else None
        if path.exists() and committed is not None and committed.decode("utf-8") == text:
            local.append(name)
        else:
            failures.append(f"exercises/{name} " + ("缺少 (missing)" if not path.exists() else "与生成结果不同"))
    for name in make_exercises._listed(OUT):
        if name not in rendered:
            tracked = in_git and _git("ls-files", "--error-unmatch", f"exercises/{name}") is not None
            (failures if tracked or not in_git else local).append(f"exercises/{name} 多余 (stale)")
    assert not failures, ("exercises/ 不是 tools/make_exercises.py 生成的结果；运行 `make exercises`:\n  "
                          + "\n  ".join(failures))
    if local:
        pytest.skip("exercises/ 里有本地改动（你的作业？），提交的版本是最新的: " + ", ".join(local))


def test_no_marker_or_output_left_in_exercises():
    for path in sorted(OUT.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for i, cell in enumerate(nb["cells"], 1):
            source = "".join(cell["source"])
            assert make_exercises.mentions_marker(source) is None, f"{path.name} cell {i} keeps a marker"
            if cell["cell_type"] == "code" and make_exercises.mentions_marker(source) is None:
                assert not cell["outputs"] and cell["execution_count"] is None, f"{path.name} cell {i}"


# Every exercise notebook runs: blanks fail their checks, solutions put back pass them

def _skip_without_data(nb):
    if not nb.metadata.get("dnn_course", {}).get("needs_data"):
        return
    problem = data_problem()
    if problem:
        if require_data():
            pytest.fail(problem)
        pytest.skip(problem)


def run_learner_version(worked, name, cwd=OUT, timeout=CELL_TIMEOUT):
    """Problems found running the learner version of worked in one kernel, cell by cell.

    A blank exercise cell may only raise NotImplementedError; its check must fail saying 还没有完成;
    the worked solution, run in its place, must make the same check pass. A check cell that belongs
    to no exercise (it checks several) runs once the solutions are back and must pass. Every other
    cell must run without error."""
    learner = make_exercises.make_exercise(worked, name)
    owner = {chk: gid for gid, chk in grading.graded_items(learner) if chk}
    problems, blanks, checked = [], {}, set()

    def report(i, what, outcome=None):
        detail = f": {outcome.ename}: {outcome.evalue.strip()[:300]}" if outcome and outcome.ename else ""
        if outcome and outcome.status in ("timeout", "dead"):
            detail = f": {outcome.status}"
        problems.append(f"cell {i + 1}: {what}{detail}")

    with grading.Kernel(cwd) as kernel:
        for i, (cell, original) in enumerate(zip(learner.cells, worked.cells)):
            if cell.cell_type != "code":
                continue
            outcome = kernel.run(cell.source, timeout=timeout)
            if outcome.status in ("timeout", "dead"):
                report(i, "did not finish", outcome)
                break
            gid = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grading.is_solution(cell):
                blanks[gid] = (original.source, outcome)
                if not (outcome.ok or outcome.ename == "NotImplementedError"):
                    report(i, f"blank exercise '{gid}' raised something else than NotImplementedError", outcome)
            elif grading.is_check(cell) and owner.get(gid) == gid:
                if not outcome.ok:
                    report(i, f"check '{gid}' fails with the worked solutions put back", outcome)
            elif grading.is_check(cell):
                gid = owner[gid]
                if gid not in blanks:
                    report(i, f"check of '{gid}' comes before its exercise")
                    continue
                solution_source, blank = blanks[gid]
                checked.add(gid)
                if outcome.ok:
                    report(i, f"check of '{gid}' passes with the blank exercise")
                elif blank.ok and "还没有完成" not in outcome.evalue:
                    report(i, f"check of '{gid}' fails with the blank, but not with 还没有完成", outcome)
                put_back = kernel.run(solution_source, timeout=timeout)
                if not put_back.ok:
                    report(i, f"worked solution of '{gid}' does not run", put_back)
                again = kernel.run(cell.source, timeout=timeout)
                if not again.ok:
                    report(i, f"check of '{gid}' fails with the worked solution", again)
            elif not outcome.ok:
                report(i, "cell fails in the learner version (does it use an exercise's function?)", outcome)
    problems += [f"exercise '{gid}' has no check cell after it" for gid in blanks if gid not in checked]
    return problems


def _only_shows(source):
    """A cell of testCases.show(name) calls only: show() never raises, so it is safe for a learner
    who skipped the exercise (the stub still defines the name)."""
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return False
    return bool(body) and all(
        isinstance(n, ast.Expr) and isinstance(n.value, ast.Call) and ast.unparse(n.value.func) == "testCases.show"
        for n in body)


def uses_of_exercise_names(nb):
    """[(cell number, names)]: cells other than checks that use a name an exercise defined (and no
    later cell redefined). They would break for a learner who skipped the exercise; the dynamic
    test cannot see this, since by then the worked solution is back in place."""
    from IPython.core.inputtransformer2 import TransformerManager
    transform = TransformerManager().transform_cell
    defined, found = set(), []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or grading.is_check(cell) or _only_shows(cell.source):
            continue
        try:
            tree = ast.parse(transform(cell.source))
        except SyntaxError:
            continue
        bound = set()
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                bound.add(node.name)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                bound |= {(a.asname or a.name).split(".")[0] for a in node.names}
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                bound |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        if grading.is_solution(cell):
            defined |= bound
            continue
        used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        if used & defined:
            found.append((i + 1, sorted(used & defined)))
        defined -= bound
    return found


@pytest.mark.parametrize("src", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_later_cells_do_not_use_exercise_functions(src):
    found = uses_of_exercise_names(make_exercises.read_notebook(src))
    assert not found, (f"{src.name}: these cells use what an exercise defines; a learner who skipped "
                       f"it gets an error. Use dnn_utils.<name> (or another reference) instead: {found}")


@pytest.mark.parametrize("src", RUNS)
def test_exercise_notebook_runs_and_each_solution_passes_its_check(src):
    worked = make_exercises.read_notebook(src)
    _skip_without_data(worked)
    problems = run_learner_version(worked, src.name)
    assert not problems, f"{src.name} (learner version):\n  " + "\n  ".join(problems)


def test_the_runner_and_the_static_check_catch_broken_notebooks(tmp_path):
    setup = new_code_cell("def f_test(fn):\n    from testCases._core import Checker\n"
                          "    with Checker('f') as c:\n        c.close(c.call(fn, 1), 2, 'f(1)')")
    nb = toy([setup, solution("f", GOOD), check("f_check", "f_test(f)"),
              solution("g", "def g(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION\n"),
              check("g_check", "assert g(1) == 2, 'g is wrong'"),               # solution fails its check
              solution("h", "def h(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION\n"),
              check("h_check", "print('no call')"),                              # passes with the blank
              new_code_cell("y = f(3)"),                                         # uses an exercise
              new_code_cell("1 / 0")])
    problems = run_learner_version(nb, "toy.ipynb", cwd=tmp_path, timeout=30)
    text = "\n".join(problems)
    assert "check of 'f'" not in text
    assert "check of 'g' fails with the blank, but not with 还没有完成" in text
    assert "check of 'g' fails with the worked solution" in text
    assert "check of 'h' passes with the blank exercise" in text
    assert "cell 9: cell fails in the learner version" in text and "ZeroDivisionError" in text
    assert "cell 8" not in text                                                  # only the static check sees it
    assert uses_of_exercise_names(nb) == [(8, ["f"])]


def test_nbgrader_doc_lists_each_notebooks_points():
    """docs/nbgrader.md's points table (for instructors setting up nbgrader) matches the check cells."""
    import re
    text = (ROOT / "docs" / "nbgrader.md").read_text(encoding="utf-8")
    head = re.search(r"^\| notebook \|(.*)\|$", text, re.M).group(1).split("|")
    row = re.search(r"^\| 满分 \|(.*)\|$", text, re.M).group(1).split("|")
    listed = {h.strip(): v.strip() for h, v in zip(head, row, strict=True)}
    actual = {}
    for path in NOTEBOOKS:
        nb = make_exercises.read_notebook(path)
        actual[path.name[:2]] = str(sum(c.metadata.get("nbgrader", {}).get("points", 0) for c in nb.cells
                                        if c.metadata.get("nbgrader", {}).get("grade")))
    assert listed == actual
    total = re.search(r"共 (\d+) 分", text).group(1)
    assert int(total) == sum(map(int, actual.values()))
