"""`python -m testCases grade`: a learner's notebook with every kind of trouble gets a clear report.

Synthetic notebooks with tiny exercises keep this fast; time limits are a few seconds.
"""
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from testCases import grading
from testCases.grading import ERROR, FAILED, MISSING, NOT_RUN, PASSED, TIMEOUT, UNFINISHED

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import make_exercises  # noqa: E402

CHECKERS = '''import numpy as np
from testCases._core import Checker

def make_test(name, x, expected):
    def test(fn):
        with Checker(name) as c:
            c.close(c.returned(c.call(fn, x)), expected, f"{name}({x})", wrong=[(x, "是否忘了计算？")])
    return test

double_test = make_test("double", 3.0, 6.0)
square_test = make_test("square", 3.0, 9.0)
cube_test = make_test("cube", 2.0, 8.0)
half_test = make_test("half", 4.0, 2.0)
neg_test = make_test("neg", 4.0, -4.0)
'''
SOLUTIONS = {"double": "2 * x", "square": "x * x", "cube": "x ** 3", "half": "x / 2", "neg": "-x"}


def solution_cell(name, body=None):
    body = body if body is not None else f"    ### BEGIN SOLUTION\n    return {SOLUTIONS[name]}\n    ### END SOLUTION"
    return new_code_cell(f"def {name}(x):\n    # (≈ 1 行)\n{body}\n", metadata={"nbgrader": {
        "grade": False, "grade_id": name, "locked": False, "schema_version": 3, "solution": True,
        "task": False}})


def check_cell(name, source=None):
    return new_code_cell(source or f"{name}_test({name})", metadata={"nbgrader": {
        "grade": True, "grade_id": f"{name}_check", "locked": True, "points": 1, "schema_version": 3,
        "solution": False, "task": False}})


def worked(names=tuple(SOLUTIONS)):
    cells = [new_markdown_cell("# 玩具练习"), new_code_cell(CHECKERS)]
    for name in names:
        cells += [new_markdown_cell(f"## {name}"), solution_cell(name), check_cell(name)]
    return new_notebook(cells=cells, metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}})


def write(path, nb):
    nbformat.write(nb, str(path))
    return path


def cell_of(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def by_id(report):
    return {r.grade_id: r for r in report.results}


def fill(nb, name, code):
    """The learner's answer for exercise name: a function body."""
    cell_of(nb, name).source = f"def {name}(x):\n    # (≈ 1 行)\n    {code}\n"


def test_worked_notebook_passes_and_cli_exits_0(tmp_path):
    path = write(tmp_path / "01_toy.ipynb", worked())
    result = subprocess.run([sys.executable, "-m", "testCases", "grade", str(path), "--source", str(path)],
                            capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "练习" in result.stdout and "结果" in result.stdout and "说明" in result.stdout
    assert "通过 5/5 个练习" in result.stdout


def test_every_kind_of_trouble_is_reported_and_file_unchanged(tmp_path):
    source = write(tmp_path / "src.ipynb", worked())
    learner = make_exercises.make_exercise(worked(), "toy")
    fill(learner, "double", "return 2 * x")                          # right
    fill(learner, "square", "return x")                              # wrong: hint from wrong=
    fill(learner, "cube", "while True:\n        pass")               # infinite loop
    cell_of(learner, "half").source = "def halve(x):\n    return x / 2\n"   # renamed
    # neg stays blank
    learner.cells.append(new_code_cell("print('scratch'"))            # a syntax error outside exercises
    path = write(tmp_path / "01_toy.ipynb", learner)
    before = hashlib.sha256(path.read_bytes()).hexdigest()

    # 10 s per cell: long enough for the first cell (imports) on a loaded 2-core machine, short enough
    # for the infinite loop to cost little.
    report = grading.grade(path, timeout=10, source=source)
    got = by_id(report)
    assert got["double"].status == PASSED
    assert got["square"].status == FAILED and "数值不对" in got["square"].message
    assert "提示：是否忘了计算" in got["square"].message and "\n" not in got["square"].message
    assert got["cube"].status == TIMEOUT and "10 秒" in got["cube"].message
    assert got["half"].status == ERROR and "NameError" in got["half"].message and "half" in got["half"].message
    assert got["neg"].status == UNFINISHED and "还没有完成" in got["neg"].message
    assert any("SyntaxError" in p for p in report.problems)
    text = grading.format_report(report)
    assert "⏱ 超时" in text and "通过 1/5 个练习" in text
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_grade_ids_not_positions_deleted_and_edited_checks(tmp_path):
    source = write(tmp_path / "src.ipynb", worked())
    nb = worked()
    cells = nb.cells
    # Reorder: move the whole "double" exercise (title, solution, check) to the end.
    i = cells.index(cell_of(nb, "double"))
    nb.cells = cells[:i - 1] + cells[i + 2:] + cells[i - 1:i + 2]
    nb.cells.remove(cell_of(nb, "square_check"))                      # deleted check
    cell_of(nb, "cube_check").source = "print('looks fine')"          # check edited to pass anything
    fill(nb, "cube", "return x * 3")
    fill(nb, "square", "return x")
    cell_of(nb, "half").source = "def half(x):\n    return x / 2 +\n"    # syntax error in the exercise
    path = write(tmp_path / "01_toy.ipynb", nb)

    got = by_id(grading.grade(path, timeout=30, source=source))
    assert [r for r in got] == list(SOLUTIONS)                        # reported in the source's order
    assert got["double"].status == PASSED
    assert got["square"].status == FAILED and any("删除" in n for n in got["square"].notes)
    assert got["cube"].status == FAILED and any("改动" in n for n in got["cube"].notes)
    assert got["half"].status == ERROR and "SyntaxError" in got["half"].message
    assert got["neg"].status == PASSED

    # Without the source notebook a deleted check cannot be put back: reported as missing.
    got = by_id(grading.grade(path, timeout=30, source=None))
    assert got["square"].status == MISSING and "square_check" in got["square"].message
    assert got["cube"].status == PASSED                               # its (edited) check ran as is


def test_kernel_that_ignores_interrupts_is_restarted_rest_not_run(tmp_path):
    nb = worked(["double", "square", "cube"])
    fill(nb, "square", "import signal\n    signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                       "    while True:\n        pass")
    path = write(tmp_path / "01_toy.ipynb", nb)
    report = grading.grade(path, timeout=10, source=None)
    got = by_id(report)
    assert got["double"].status == PASSED
    assert got["square"].status == TIMEOUT
    assert got["cube"].status == NOT_RUN and "重启" in got["cube"].message
    assert any("重启" in p for p in report.problems)


def test_runs_in_the_notebooks_folder(tmp_path):
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "data.txt").write_text("42")
    nb = worked(["double"])
    fill(nb, "double", "return 2 * x if open('data.txt').read() == '42' else None")
    path = write(folder / "01_toy.ipynb", nb)
    got = by_id(grading.grade(path, timeout=30, source=None))
    assert got["double"].status == PASSED


@pytest.mark.parametrize("content, expected", [
    (None, "找不到文件"),
    (b"not json at all", "不是有效的 Jupyter 笔记本"),
    (json.dumps({"hello": 1}).encode(), "不是 Jupyter 笔记本"),
    (b"\xff\xfe garbage", "不是有效的 Jupyter 笔记本"),
])
def test_unusable_input_exits_2_with_a_chinese_message(tmp_path, capsys, content, expected):
    path = tmp_path / "x.ipynb"
    if content is not None:
        path.write_bytes(content)
    assert grading.main(["grade", str(path)]) == 2
    assert expected in capsys.readouterr().err


def test_directory_exits_2_notebook_without_exercises_says_so(tmp_path, capsys):
    assert grading.main(["grade", str(tmp_path)]) == 2      # a folder is a batch; this one is empty
    assert "没有找到笔记本" in capsys.readouterr().err
    path = write(tmp_path / "plain.ipynb", new_notebook(cells=[new_code_cell("1 + 1")]))
    assert grading.main(["grade", str(path)]) == 1    # nothing graded is not a pass
    assert "没有练习" in capsys.readouterr().out


def test_matches_the_course_notebook_by_grade_ids_then_by_name():
    from testCases.grader import manifest
    course = manifest.packaged()
    five = ROOT / "notebooks" / "05_building_blocks.ipynb"
    nb = grading.load_notebook(five)
    # a copy under any name is matched by its exercises' grade_ids
    assert course.match(nb, Path("/elsewhere/mine.ipynb")).file == five.name
    assert course.match(nb, Path("/x/00_start_here.ipynb")).file == five.name
    # no grade_id in common: by file name only, else no match
    plain = {"cells": [], "nbformat": 4}
    assert course.match(plain, Path("/x/05_building_blocks.ipynb")).file == five.name
    assert course.match(plain, Path("/x/05_mine.ipynb")) is None
    assert course.match(plain, Path("/x/untitled.ipynb")) is None


def test_exercises_of_pairs_checks_by_name_then_by_position():
    nb = worked(["double", "square"])
    assert grading.exercises_of(nb) == [("double", "double_check"), ("square", "square_check")]
    cell_of(nb, "double_check").metadata["nbgrader"]["grade_id"] = "test_1"
    nb.cells.remove(cell_of(nb, "square_check"))
    assert grading.exercises_of(nb) == [("double", "test_1"), ("square", None)]


# Issue 12: integrity, malformed input, dead kernels, honest outcomes

DIMS_EXERCISE = "def layer_dims_from_parameters(parameters):\n    return {}\n"
WRONG_DIMS = "[W.shape[0] for W in parameters.values()]"
RIGHT_DIMS = "[parameters['W1'].shape[1]] + [parameters['W' + str(l)].shape[0] for l in range(1, len(parameters) // 2 + 1)]"
FAKE_PASS = 'print("✓ layer_dims_from_parameters：通过全部检查")'
TAMPERS = {
    "rebind": "import types\ntestCases = types.SimpleNamespace(layer_dims_from_parameters_test=lambda f: " + FAKE_PASS + ")",
    "replace_checker": "testCases.layer_dims_from_parameters_test = lambda f: " + FAKE_PASS,
    "patch_checker": "import testCases._core as c\nc.Checker.__exit__ = lambda self, *a: True\n"
                     "c.Checker.fail = lambda self, *a, **k: None",
    "fake_pass_line": FAKE_PASS,
    "fake_module": "import sys, types\nm = types.ModuleType('testCases')\nm.layer_dims_from_parameters_test = lambda f: None\n"
                   "sys.modules['testCases'] = m\nsys.modules['testCases._core'] = m\ntestCases = m",
}


def course_notebook(body, tamper=""):
    """A one-exercise notebook that uses the real course checker layer_dims_from_parameters_test."""
    sol = solution_cell("layer_dims_from_parameters", "")
    sol.source = DIMS_EXERCISE.format(body)
    check = check_cell("layer_dims_from_parameters", "testCases.layer_dims_from_parameters_test(layer_dims_from_parameters)")
    cells = [new_code_cell("import testCases"), sol] + ([new_code_cell(tamper)] if tamper else []) + [check]
    return new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})


def test_tampered_notebooks_are_not_graded_as_passing(tmp_path):
    tamper = "\n".join(TAMPERS.values())
    path = write(tmp_path / "tampered.ipynb", course_notebook(WRONG_DIMS, tamper))
    result = grading.grade(path, timeout=60, source=None).results[0]
    assert result.status == FAILED, result
    assert result.hint_id and result.hint_id.startswith("layer_dims_from_parameters."), result
    assert f"[{result.hint_id}]" in grading.format_report(grading.grade(path, timeout=60, source=None))


@pytest.mark.parametrize("name", sorted(TAMPERS))
def test_each_tamper_alone_fails_a_wrong_answer(tmp_path, name):
    path = write(tmp_path / "t.ipynb", course_notebook(WRONG_DIMS, TAMPERS[name]))
    assert grading.grade(path, timeout=60, source=None).results[0].status == FAILED


def test_right_answer_passes_through_the_grader_snippet_even_after_tampering(tmp_path):
    path = write(tmp_path / "ok.ipynb", course_notebook(RIGHT_DIMS, "\n".join(TAMPERS.values())))
    assert grading.grade(path, timeout=60, source=None).results[0].status == PASSED


def test_course_check_form_is_recognised_only_exactly():
    from testCases.grader.notebook import course_check_call
    assert course_check_call("testCases.a_test(a, b)") == ("a_test", ["a", "b"])
    for code in ("a_test(a)", "testCases.a_test(a); 1", "testCases.a_test(lambda x: x)", "x.a_test(a)", "(("):
        assert course_check_call(code) is None


MALFORMED = {
    "nbformat_string": {"nbformat": "4", "nbformat_minor": 5, "metadata": {}, "cells": []},
    "nbformat_v3": {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "cells": []},
    "cell_not_object": {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [1]},
    "nbgrader_not_object": {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "source": "", "metadata": {"nbgrader": "x"}, "outputs": []}]},
    "metadata_not_object": {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "source": "", "metadata": [], "outputs": []}]},
    "source_non_strings": {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "source": ["a", 1], "metadata": {}, "outputs": []}]},
    "grade_id_not_string": {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "source": "", "outputs": [], "metadata": {"nbgrader": {
            "solution": True, "grade_id": 5}}}]},
}


@pytest.mark.parametrize("kind", sorted(MALFORMED) + ["invalid_json", "empty", "binary", "directory"])
def test_malformed_notebooks_exit_2_in_chinese_without_traceback(tmp_path, kind):
    path = tmp_path / "bad.ipynb"
    if kind == "directory":
        path.mkdir()
    else:
        data = {"invalid_json": b"{not json", "empty": b"", "binary": bytes(range(256))}.get(kind)
        path.write_bytes(data if data is not None else json.dumps(MALFORMED[kind]).encode())
    run = subprocess.run([sys.executable, "-m", "testCases", "grade", str(path)], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2, run
    assert "Traceback" not in run.stderr + run.stdout
    assert "无法评分" in run.stderr


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "-1", "abc"])
def test_timeout_must_be_finite_positive(value, capsys):
    with pytest.raises(SystemExit) as exc:
        grading.main(["grade", "x.ipynb", f"--timeout={value}"])
    assert exc.value.code == 2
    assert "正数" in capsys.readouterr().err


def test_honest_outcomes_and_a_dead_kernel_reported_fast(tmp_path):
    import time
    cells = [new_code_cell(CHECKERS),
             # an exception in the exercise cell is reported though the check passes
             solution_cell("double", "    return 2 * x\nraise ValueError('after def')"), check_cell("double"),
             # a NameError inside the learner's function is not "function renamed"
             solution_cell("square", "    return x * undefined_helper"), check_cell("square"),
             # the same exercise twice: the first failure is not hidden by the later pass
             solution_cell("cube", "    return x"), check_cell("cube"),
             solution_cell("cube"), check_cell("cube"),
             # a kernel that dies is reported within seconds, not after the 60 s timeout
             solution_cell("half", "    import os\n    os._exit(1)"), check_cell("half")]
    path = write(tmp_path / "honest.ipynb", new_notebook(cells=cells))
    started = time.monotonic()
    report = grading.grade(path, timeout=60, source=None)
    assert time.monotonic() - started < 40
    got = by_id(report)
    assert got["double"].status == ERROR and "after def" in got["double"].message
    assert got["square"].status == ERROR and "改了名字" not in got["square"].message
    assert "undefined_helper" in got["square"].message
    assert got["cube"].status == FAILED
    assert got["half"].status == ERROR and "崩溃" in got["half"].message


def _kernel_pids(parent_pid):
    """Process ids of the ipykernel processes started by parent_pid (Linux /proc)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
            cmdline = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(parent_pid) and b"ipykernel" in cmdline:
            found.append(int(status.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc (Linux)")
def test_ctrl_c_prints_one_line_exits_130_and_leaves_no_kernel(tmp_path):
    import signal
    import time
    nb = worked(("double",))
    fill(nb, "double", "import time\n    time.sleep(120)\n    return 2 * x")
    path = write(tmp_path / "slow.ipynb", nb)
    proc = subprocess.Popen([sys.executable, "-m", "testCases", "grade", str(path), "--source", str(path),
                             "--timeout", "300"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    deadline = time.monotonic() + 60
    while not _kernel_pids(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    kernels = _kernel_pids(proc.pid)
    assert kernels, "the grader started no kernel"
    time.sleep(3)                      # the check cell is now sleeping
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, (out, err)
    assert "Traceback" not in err and "中断" in err
    assert len([line for line in err.splitlines() if line.strip()]) == 1, err
    time.sleep(1)
    assert not [pid for pid in kernels if Path(f"/proc/{pid}").exists()
                and "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()]


def test_a_kernel_killed_by_sigkill_is_reported_fast(tmp_path):
    import time
    cells = [new_code_cell(CHECKERS),
             solution_cell("double", "    import os, signal\n    os.kill(os.getpid(), signal.SIGKILL)"),
             check_cell("double"), solution_cell("square"), check_cell("square")]
    path = write(tmp_path / "killed.ipynb", new_notebook(cells=cells))
    started = time.monotonic()
    report = grading.grade(path, timeout=120, source=None)
    assert time.monotonic() - started < 60
    got = by_id(report)
    assert got["double"].status == ERROR and "崩溃" in got["double"].message
    assert got["square"].status in (PASSED, NOT_RUN)


def _worked_notebooks():
    for path in sorted((ROOT / "notebooks").glob(make_exercises.PATTERN)):
        needs = make_exercises.read_notebook(path).metadata.get("dnn_course", {}).get("needs_data")
        yield pytest.param(path, id=path.stem, marks=[pytest.mark.slow] if needs else [])


@pytest.mark.parametrize("path", list(_worked_notebooks()))
def test_every_worked_notebook_passes_through_the_grader(path):
    """The grader checks with its own fresh import of testCases and dnn_utils: every worked solution
    must pass there too (objects made by the notebook's dnn_utils meet the fresh checkers)."""
    from data_status import data_problem, require_data
    if make_exercises.read_notebook(path).metadata.get("dnn_course", {}).get("needs_data") and data_problem():
        if require_data():
            pytest.fail(data_problem())
        pytest.skip(data_problem())
    report = grading.grade(path, timeout=600, source=None)
    assert report.results and report.all_passed, grading.format_report(report)
