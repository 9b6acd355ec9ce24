"""The grader's pure parts without a kernel: manifest, plan, judge, report, output checks.

Each test names the wrong behaviour it catches."""
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_notebook

from testCases.grader import cli, manifest, report
from testCases.grader.judge import judge
from testCases.grader.plan import BOTH_GONE, EDITED, RESTORED, make_plan
from testCases.grader.protocol import Outcome, Report, Result, Status

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import make_exercises  # noqa: E402


def cell(source, gid=None, solution=False, grade=False, points=None):
    meta = {}
    if gid:
        meta = {"nbgrader": {"grade_id": gid, "solution": solution, "grade": grade, "schema_version": 3}}
        if points is not None:
            meta["nbgrader"]["points"] = points
    return new_code_cell(source, metadata=meta)


def sol(name, body="return 1"):
    return cell(f"def {name}(x):\n    {body}\n", name, solution=True)


def chk(name, points=1, source=None):
    return cell(source or f"testCases.{name}_test({name})", f"{name}_check", grade=True, points=points)


def course_of(*cells):
    return manifest.course_notebook(new_notebook(cells=list(cells)), "01_toy.ipynb")


# The manifest

def test_packaged_manifest_is_what_notebooks_give():
    """Fails when notebooks/ changed and `make exercises` was not run (a stale course.json)."""
    if not (ROOT / "notebooks").is_dir():
        pytest.skip("no notebooks/ (an installed course)")
    assert manifest.MANIFEST.read_text(encoding="utf-8") == manifest.generate(ROOT / "notebooks"), \
        "testCases/grader/course.json is stale: run `make exercises`"
    assert make_exercises.main(["--check"]) == 0


def test_manifest_stale_check_fails_on_a_changed_notebook(tmp_path):
    src = tmp_path / "notebooks"
    src.mkdir()
    nb = new_notebook(cells=[sol("f", "### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION"), chk("f")])
    import nbformat
    nbformat.write(nb, src / "01_toy.ipynb")
    out = tmp_path / "course.json"
    args = ["--src", str(src), "--out", str(tmp_path / "ex"), "--manifest", str(out)]
    assert make_exercises.main(args) == 0 and out.is_file()
    assert make_exercises.main(args + ["--check"]) == 0
    nb.cells[1].metadata["nbgrader"]["points"] = 2
    nbformat.write(nb, src / "01_toy.ipynb")
    assert make_exercises.main(args + ["--check"]) == 1
    assert json.loads(out.read_text())["notebooks"][0]["exercises"][0]["points"] == 1   # --check wrote nothing


def test_every_exercise_has_a_stable_ascii_id_and_its_function():
    course = manifest.packaged()
    exercises = [e for c in course.notebooks for e in c.exercises]
    assert len(course.notebooks) == 13 and len(exercises) == 29
    assert all(manifest.ASCII_ID.match(e.id) for e in exercises)
    ng = next(e for e in exercises if e.check == "network_gradient_check")
    assert (ng.id, ng.solution, ng.function) == ("network_gradient", None, "L_model_forward + L_model_backward")
    five = next(c for c in course.notebooks if c.file == "05_building_blocks.ipynb")
    assert sum(e.points for e in five.exercises) == 11
    assert all(e.check_source.startswith("testCases.") for e in exercises)


def test_manifest_refuses_what_it_cannot_grade():
    with pytest.raises(manifest.ManifestError, match="检查单元格"):
        course_of(sol("f"))                                     # an exercise without a check
    with pytest.raises(manifest.ManifestError, match="points"):
        course_of(sol("f"), chk("f", points="1000"))
    with pytest.raises(manifest.ManifestError, match="ASCII"):
        course_of(chk("x", source="testCases.梯度_test(f)"))     # a joint check named in Chinese


def test_source_file_or_folder(tmp_path):
    import nbformat
    nb = new_notebook(cells=[sol("f"), chk("f")])
    nbformat.write(nb, tmp_path / "01_toy.ipynb")
    assert [c.file for c in manifest.from_source(tmp_path / "01_toy.ipynb").notebooks] == ["01_toy.ipynb"]
    assert [c.file for c in manifest.from_source(tmp_path).notebooks] == ["01_toy.ipynb"]
    with pytest.raises(manifest.GradingError, match="找不到"):
        manifest.from_source(tmp_path / "nope")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(manifest.GradingError, match="没有 .ipynb"):
        manifest.from_source(empty)


# The plan: points only from the course

def test_learner_added_graded_cells_are_ignored_and_listed():
    course = course_of(sol("f"), chk("f"))
    learner = new_notebook(cells=[sol("f"), chk("f"), cell("pass", "bonus", grade=True, points=1000),
                                  cell("def g(): pass", "extra", solution=True)])
    plan = make_plan(learner, course)
    assert [r.exercise for r in plan.results] == ["f"] and plan.results[0].max_points == 1
    assert plan.foreign == ["bonus", "extra"]
    assert [s.kind for s in plan.steps] == ["solution", "check", "other", "other"]


def test_deleted_and_edited_checks_come_from_the_course():
    course = course_of(sol("f"), chk("f"), sol("g"), chk("g"), chk("both", source="testCases.both_test(f, g)"))
    learner = new_notebook(cells=[sol("f"), chk("f", source="print('ok')"), sol("g")])
    steps = make_plan(learner, course).steps
    assert [(s.kind, s.exercise, s.note) for s in steps] == [
        ("solution", "f", None), ("check", "f", EDITED), ("solution", "g", None), ("check", "g", RESTORED),
        ("check", "both", RESTORED)]
    assert steps[1].code == "testCases.f_test(f)" and steps[4].code == "testCases.both_test(f, g)"


def test_a_deleted_exercise_counts_zero_of_its_points():
    course = course_of(sol("f"), chk("f", points=2), sol("g"), chk("g"))
    plan = make_plan(new_notebook(cells=[sol("g"), chk("g")]), course)
    f = plan.results[0]
    assert (f.status, f.message, f.points, f.max_points) == (Status.MISSING, BOTH_GONE, 0, 2)
    assert sum(r.max_points for r in plan.results) == 3


# The judge: statuses from outcomes, "not done" from the checker's id

def judged(solution, check, function="f"):
    result = Result("f", function)
    judge(result, solution, check, timeout=5)
    return result


OK = Outcome("ok")


def test_not_done_from_the_hint_id_or_not_implemented_error_not_from_text():
    blank = Outcome("error", "CheckFailed", "✗ f：something", hint_id="f.not_done", raised_in="helper")
    got = judged(OK, blank)
    assert got.status is Status.UNFINISHED and "helper" in got.message and got.hint_id == "f.not_done"
    chinese_only = Outcome("error", "CheckFailed", "✗ f：还没有完成", hint_id="f.wrong_value")
    assert judged(OK, chinese_only).status is Status.FAILED
    assert judged(Outcome("error", "NotImplementedError"), Outcome("error", "CheckFailed", "x")).status \
        is Status.UNFINISHED


def test_wrong_answer_error_timeout_and_crash():
    wrong = Outcome("error", "CheckFailed", "✗ f：值不对\n  提示：加 b", hint_id="f.no_bias", hint="加 b")
    got = judged(OK, wrong)
    assert got.status is Status.FAILED and got.hint_id == "f.no_bias" and got.message.count("提示：加 b") == 1
    crash = Outcome("error", "ValueError", "shapes", traceback=["  File ..., in f\n", "ValueError: shapes"],
                    hint_id="f.shape_cause", notes=["↑ 这个错误发生在你的 f 代码里"])
    got = judged(OK, crash)
    assert got.status is Status.ERROR and got.hint_id == "f.shape_cause" and got.traceback == crash.traceback
    assert got.notes == crash.notes
    assert judged(OK, Outcome("timeout")).status is Status.TIMEOUT
    assert judged(Outcome("dead"), None).status is Status.ERROR
    renamed = judged(OK, Outcome("error", "NameError", "name 'f' is not defined"))
    assert renamed.status is Status.ERROR and "改了名字" in renamed.message
    helper = judged(OK, Outcome("error", "NameError", "name 'helper' is not defined"))
    assert "改了名字" not in helper.message
    assert judged(Outcome("error", "SyntaxError", "bad"), OK).status is Status.ERROR   # even if the check passes


# The report: nothing learner-controlled reaches a file raw

EVIL = "=HYPERLINK(\"http://x\")|<script>alert(1)</script>\n| forged | row |\x1b[31mred\x1b[0m"


def evil_report():
    r = Result("f", "f", status=Status.FAILED, message=EVIL, hint_id="-cmd|' /C calc'!A0")
    return Report(Path("=cmd|' calc'!A0 <b>.ipynb"), "01_toy.ipynb", [r], foreign=["@SUM(1+1)"])


def test_csv_cells_cannot_be_formulas():
    rows = report.rows_of(evil_report())
    table = list(csv.reader(io.StringIO(report.csv_text(rows))))
    cells = [c for row in table[1:] for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], cells
    assert table[1][0] == "'=cmd|' calc'!A0 <b>.ipynb" and table[1][7] == "'-cmd|' /C calc'!A0"
    assert table[2][2] == "'@SUM(1+1)" and table[2][4] == report.NOT_IN_COURSE


def test_markdown_escapes_every_learner_string():
    rows = report.rows_of(evil_report())
    rows[0]["hint"] = "<img src=x onerror=alert(1)>"
    text = report.markdown(rows)
    assert "<script>" not in text and "<img" not in text and "<b>" not in text and "\x1b" not in text
    table_lines = [line for line in text.splitlines() if line.startswith("|")]
    # each row has exactly its columns: escaped pipes do not split cells, newlines do not start rows
    for line in table_lines:
        cells = [c for c in __import__("re").split(r"(?<!\\)\|", line)[1:-1]]
        assert len(cells) in (9, 8), line
    assert not any("forged" in line and not line.startswith("| ") for line in text.splitlines())
    assert "http://x" not in text      # no autolink: the colon and dots are escaped


def test_html_escapes_and_strips_ansi():
    rows = report.rows_of(evil_report())
    rows[0]["hint"] = "<script>alert(1)</script>\x1b[31m"      # a forged hint id: shown with its (empty) text
    text = report.html_report(rows)
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "<b>" not in text and "\x1b" not in text and "&lt;b&gt;" in text


def test_terminal_table_has_no_escape_codes():
    r = Result("f", "f", status=Status.ERROR, message="boom\x1b[2J\x1b]0;title\x07",
               traceback=['  File "<cell>", line 2, in f\n    1/0\n', "ZeroDivisionError: division by zero"],
               notes=["↑ 这个错误发生在你的 f 代码里（见上面的 traceback）。"])
    text = report.format_report(Report(Path("x\x1b[31m.ipynb"), "01_toy.ipynb", [r]))
    assert "\x1b" not in text and "\x07" not in text
    lines = text.splitlines()
    # the learner's frames are shown, under the row, before the note that points up to them
    frame = next(i for i, line in enumerate(lines) if "ZeroDivisionError" in line)
    note = next(i for i, line in enumerate(lines) if "见上面的 traceback" in line)
    assert lines.index(next(line for line in lines if line.startswith("f "))) < frame < note


def test_every_hint_id_has_a_text():
    from testCases import hints
    for hid in list(hints.HINTS) + ["linear_forward.not_done", "linear_forward.not_finite",
                                          "compute_cost.wrong_value", "linear_forward.wrong_shape"]:
        assert report.hint_text(hid), hid
    assert report.hint_text("") == ""
    assert "unknown hint id" in report.hint_text("forged.nonsense")   # never passed off as course text


def test_chart_legend_covers_no_bar():
    from collections import Counter
    stats = [{"notebook": "05_x.ipynb", "exercise": f"ex{i}", "counts": Counter({"pass": 3 + i, "fail": 30})}
             for i in range(12)]      # the longest bars reach the right edge, where a legend used to sit
    fig = report.chart_figure(stats)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legend = fig.legends[0].get_window_extent(renderer)
    axes = fig.axes[0].get_window_extent(renderer)
    assert not legend.overlaps(axes), (legend, axes)
    assert report.chart_png(stats)[:8] == b"\x89PNG\r\n\x1a\n"


# The command line: outputs checked before grading

@pytest.mark.parametrize("flag, value, expected", [
    ("--csv", "missing/grades.csv", "不存在"),
    ("--json", "", "文件夹"),
    ("--report", "class.txt", ".html 或 .md"),
    ("--csv", "a.ipynb", ".ipynb"),
])
def test_unusable_output_paths_exit_2_before_grading(tmp_path, capsys, flag, value, expected):
    import nbformat
    nbformat.write(new_notebook(cells=[sol("f"), chk("f")]), tmp_path / "a.ipynb")
    target = tmp_path / value if value else tmp_path
    code = cli.main(["grade", str(tmp_path / "a.ipynb"), flag, str(target)])
    assert code == 2
    assert expected in capsys.readouterr().err


def test_a_missing_csv_folder_fails_at_once_without_traceback(tmp_path):
    import time
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "testCases", "grade", str(ROOT / "notebooks"), "--csv",
                          str(tmp_path / "no" / "g.csv")], capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "Traceback" not in run.stderr and "mkdir -p" in run.stderr
    assert time.monotonic() - started < 20     # nothing was graded first


@pytest.mark.parametrize("text, value", [("2G", 2 * 2**30), ("512M", 512 * 2**20), ("1.5g", int(1.5 * 2**30))])
def test_memory_sizes(text, value):
    assert cli.memory_size(text) == value


@pytest.mark.parametrize("text", ["abc", "10M", "-1G", ""])
def test_bad_memory_sizes(text):
    import argparse
    with pytest.raises(argparse.ArgumentTypeError):
        cli.memory_size(text)
