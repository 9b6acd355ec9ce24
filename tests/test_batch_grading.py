"""Batch grading (issue 15): a generated folder of notebook-05 submissions with known mistakes.

One batch run (real kernels in their sandboxes, 2 jobs) is shared by the tests; it is the slow part."""
import csv
import json
from pathlib import Path

import nbformat
import pytest

from sandbox_status import needs_bwrap
from testCases.grader import batch, cli, report

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "notebooks" / "05_building_blocks.ipynb"
BLANK = ROOT / "exercises" / "05_building_blocks.ipynb"
EXERCISES = ["initialize_parameters", "initialize_parameters_deep", "linear_forward", "linear_activation_forward",
             "L_model_forward", "compute_cost", "linear_backward", "linear_activation_backward",
             "L_model_backward", "update_parameters", "network_gradient"]

# submission name -> (exercise, old text, new text) applied to the worked notebook
MISTAKES = {
    "no_bias": ("linear_forward", "Z = np.dot(W, A) + b", "Z = np.dot(W, A)"),
    "no_1_over_m": ("linear_backward", "dW = np.dot(dZ, A_prev.T) / m", "dW = np.dot(dZ, A_prev.T)"),
    "exits": ("linear_forward", "Z = np.dot(W, A) + b", "import os; os._exit(3)"),
    "loops": ("compute_cost", "### BEGIN SOLUTION", "### BEGIN SOLUTION\n    while True:\n        pass"),
}


def _submission(name):
    nb = nbformat.read(SOURCE, as_version=4)
    if name in MISTAKES:
        gid, old, new = MISTAKES[name]
        cell = next(c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == gid)
        assert old in cell.source, (gid, old)
        cell.source = cell.source.replace(old, new)
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    if not SOURCE.is_file() or not BLANK.is_file():
        pytest.skip("notebook 05 not present")
    folder = tmp_path_factory.mktemp("submissions")
    for name in ["correct", *MISTAKES]:
        nbformat.write(_submission(name), folder / f"{name}.ipynb")
    (folder / "blank.ipynb").write_bytes(BLANK.read_bytes())
    (folder / "broken.ipynb").write_text("{not json")
    out = tmp_path_factory.mktemp("out")
    code = cli.main(["grade", str(folder), "--jobs", "2", "--timeout", "20", "--csv", str(out / "g.csv"),
                         "--json", str(out / "g.json"), "--report", str(out / "r.md")])
    cli.main(["grade", str(folder / "no_bias.ipynb"), str(folder / "correct.ipynb"), "--jobs", "1",
                  "--report", str(out / "r.html")])
    with open(out / "g.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    table = {(Path(r["notebook"]).stem, r["exercise"]): r for r in rows}
    return code, rows, table, out


def expect(table, name, default, **special):
    for ex in EXERCISES:
        want = special.get(ex, default)
        if want is None:    # a composed exercise: its score depends on the checkers' composed rule
            continue
        row = table[(name, ex)]
        result, hint = want if isinstance(want, tuple) else (want, None)
        assert row["result"] == result, (name, ex, row)
        if hint is not None:
            assert row["hint"] == hint, (name, ex, row)
        assert row["points"] == ("1" if result == "pass" else "0"), row
        assert (row["hint"] == "") == (result == "pass" or hint == ""), row


@needs_bwrap
def test_each_row_of_the_csv(graded):
    code, rows, table, _ = graded
    assert code == 1
    expect(table, "correct", "pass")
    expect(table, "no_bias", "pass", linear_forward=("fail", "linear_forward.no_bias"),
           linear_activation_forward=None, network_gradient=None)
    expect(table, "no_1_over_m", "pass", linear_backward=("fail", "linear_backward.missing_1_over_m"),
           linear_activation_backward=None, network_gradient=None)
    expect(table, "loops", "pass", compute_cost=("timeout", ""))
    # the dead kernel is restarted: the exercises after it are not run, those before pass
    before = EXERCISES[:EXERCISES.index("linear_forward")]
    for ex in EXERCISES:
        r = table[("exits", ex)]["result"]
        assert r == ("pass" if ex in before else "error" if ex == "linear_forward" else "not-run"), (ex, r)
    for ex in EXERCISES:
        assert table[("blank", ex)]["result"] == "incomplete", table[("blank", ex)]
    assert table[("broken", "")]["result"] == "error"
    assert {Path(r["notebook"]).stem for r in rows} == {"correct", "blank", "broken", *MISTAKES}


@needs_bwrap
def test_json_has_the_messages(graded):
    _, rows, _, out = graded
    data = json.loads((out / "g.json").read_text(encoding="utf-8"))
    assert len(data) == len(rows)
    fail = next(d for d in data if d["hint"] == "linear_forward.no_bias")
    assert "偏置" in fail["message"]


@needs_bwrap
def test_report_counts_and_hint_texts(graded):
    _, _, _, out = graded
    stats = {s["exercise"]: s for s in report.exercise_stats(json.loads((out / "g.json").read_text(encoding="utf-8")))}
    # 6 graded notebooks: correct, no_bias, no_1_over_m, loops pass linear_forward; exits, blank do not
    assert (stats["linear_forward"]["counts"]["pass"], stats["linear_forward"]["total"]) == (3, 6)
    assert (stats["linear_backward"]["counts"]["pass"], stats["linear_backward"]["total"]) == (3, 6)
    assert (stats["compute_cost"]["counts"]["pass"], stats["compute_cost"]["total"]) == (3, 6)
    # not attempted (the blank), wrong (no_bias), error (exits) are counted apart
    assert stats["linear_forward"]["counts"]["incomplete"] == 1
    assert stats["linear_forward"]["counts"]["fail"] == 1 and stats["linear_forward"]["counts"]["error"] == 1
    assert ("linear_forward.no_bias", 1, "忘了加上偏置 b。") in stats["linear_forward"]["hints"]
    assert all(text for s in stats.values() for _, _, text in s["hints"]), "a hint id without its text"
    md = (out / "r.md").read_text(encoding="utf-8")
    assert "| 05\\_building\\_blocks\\.ipynb | linear\\_forward | linear\\_forward | 3/6 | 1 | 1 | 1 |" in md
    assert "linear\\_forward\\.no\\_bias × 1：忘了加上偏置 b。" in md
    html = (out / "r.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in html and "linear_forward.no_bias" in html
    assert "<td class='c'>linear_forward</td><td>linear_forward</td><td class='n'>1/2</td>" in html
    assert "id='students'" in html and "correct.ipynb" in html


def test_expand_files_folders_globs(tmp_path):
    (tmp_path / "a.ipynb").write_text("{}")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.ipynb").write_text("{}")
    (tmp_path / "sub" / ".ipynb_checkpoints").mkdir()
    (tmp_path / "sub" / ".ipynb_checkpoints" / "b-checkpoint.ipynb").write_text("{}")
    got = batch.expand([str(tmp_path / "*.ipynb"), str(tmp_path / "sub"), str(tmp_path / "a.ipynb")])
    assert [p.name for p in got] == ["a.ipynb", "b.ipynb"]
