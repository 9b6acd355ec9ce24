"""The course manifest: which exercises each course notebook has, and what they are worth.

Generated from the worked notebooks in ``notebooks/`` and shipped as package data
(``testCases/grader/course.json``), so a clone, a wheel, a hub and Binder grade alike and the grader
never needs ``notebooks/``. Per notebook, in order, each exercise has a stable ASCII ``id``, the
``function`` the learner writes, the grade_ids of its solution and check cells, the check cell's
source (put back where a learner deleted or edited it) and its ``points``.

    python -m testCases.grader.manifest            # rewrite course.json from notebooks/
    python -m testCases.grader.manifest --check    # exit 1 if course.json is stale

``make exercises`` (tools/make_exercises.py) runs the same generation; never edit course.json by hand.
"""
import json
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from .atomic import write_atomic
from .notebook import (course_check_call, defined_function, grade_id_of, graded_ids, graded_items,
                       is_check, is_solution, load_notebook, nbgrader_of, source_of)
from .protocol import GradingError

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "course.json"
PATTERN = "[0-9][0-9]_*.ipynb"
ASCII_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
VERSION = 1


class ManifestError(GradingError):
    """A worked notebook cannot become part of the manifest; the message says where."""


@dataclass(frozen=True)
class Exercise:
    id: str                 # stable ASCII id, used in CSV/JSON/reports
    function: str           # what the learner writes ("L_model_forward + L_model_backward" for a joint check)
    solution: str           # grade_id of the solution cell; None for a check of earlier exercises
    check: str              # grade_id of the check cell; None only in a lenient (self) course
    check_source: str
    points: float


@dataclass(frozen=True)
class CourseNotebook:
    file: str
    exercises: tuple

    @property
    def grade_ids(self):
        return {e.solution for e in self.exercises if e.solution} | {e.check for e in self.exercises if e.check}


@dataclass(frozen=True)
class Course:
    notebooks: tuple
    origin: str             # where it came from, for messages

    def match(self, nb, path=None):
        """The course notebook sharing most grade_ids with nb (a copy under any name matches by
        content; a tie goes to the same file name); else one with nb's file name; else None."""
        ids = graded_ids(nb)
        name = Path(path).name if path else None
        best = max(self.notebooks, default=None,
                   key=lambda c: (len(ids & c.grade_ids), c.file == name))
        if best is not None and ids & best.grade_ids:
            return best
        return next((c for c in self.notebooks if c.file == name), None)

    def to_dict(self):
        return {"version": VERSION, "notebooks": [
            {"file": c.file, "exercises": [asdict(e) for e in c.exercises]} for c in self.notebooks]}

    @classmethod
    def from_dict(cls, data, origin):
        if data.get("version") != VERSION:
            raise ManifestError(f"{origin} 的版本是 {data.get('version')!r}，评分器需要 {VERSION}：请重新安装课程。")
        return cls(tuple(CourseNotebook(n["file"], tuple(Exercise(**e) for e in n["exercises"]))
                         for n in data["notebooks"]), str(origin))


def _points(cell, where, strict):
    """A check cell's nbgrader points; a bad value is an error in the manifest, 1 otherwise."""
    value = nbgrader_of(cell).get("points")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
        if strict:
            raise ManifestError(f"{where}：检查单元格的 points 应是非负数，实际是 {value!r}。")
        return 1
    return value


def course_notebook(nb, file, strict=True):
    """The CourseNotebook of a worked notebook. strict (the manifest): every exercise needs a check
    cell, ids are ASCII identifiers and unique; lenient (a notebook graded against itself, as the
    tests do): an exercise without a check is kept with check None, repeats are dropped."""
    cells = {grade_id_of(c): c for c in reversed(nb["cells"]) if is_solution(c) or is_check(c)}
    exercises, seen = [], set()
    for gid, check in graded_items(nb):
        where = f"{file} (grade_id '{gid}')"
        if check is None and strict:
            raise ManifestError(f"{where}：练习后面没有检查单元格 (grade: true)。")
        check_cell = cells.get(check)
        check_source = source_of(check_cell) if check_cell is not None else ""
        if gid == check:      # a check of its own: named by its checker, e.g. network_gradient
            call = course_check_call(check_source)
            ex_id = call[0][:-len("_test")] if call else gid.removesuffix("_check")
            function = " + ".join(call[1]) if call else ""
            solution = None
        else:
            ex_id, solution = gid, gid
            function = defined_function(source_of(cells[gid])) or gid
        if not ASCII_ID.match(ex_id) and strict:
            raise ManifestError(f"{where}：练习编号 {ex_id!r} 不是 ASCII 标识符（报告和 CSV 要用它）。")
        if ex_id in seen:
            if strict:
                raise ManifestError(f"{where}：练习编号 {ex_id!r} 重复了。")
            continue
        seen.add(ex_id)
        points = 1 if check_cell is None else _points(check_cell, where, strict)
        exercises.append(Exercise(ex_id, function, solution, check, check_source, points))
    return CourseNotebook(file, tuple(exercises))


def build(paths, strict=True, origin=None):
    """A Course from worked notebooks (paths in order)."""
    paths = [Path(p) for p in paths]
    return Course(tuple(course_notebook(load_notebook(p), p.name, strict) for p in paths),
                  origin or ", ".join(str(p) for p in paths))


def from_source(path):
    """--source: a worked notebook, or a folder of them (NN_*.ipynb, else every *.ipynb)."""
    path = Path(path)
    if path.is_dir():
        found = sorted(path.glob(PATTERN)) or sorted(path.glob("*.ipynb"))
        if not found:
            raise GradingError(f"--source {path}：这个文件夹里没有 .ipynb 笔记本。")
        return build(found, strict=False, origin=str(path))
    if not path.is_file():
        raise GradingError(f"--source {path}：找不到这个文件或文件夹。")
    return build([path], strict=False, origin=str(path))


def packaged():
    """The course as installed: course.json next to this module."""
    try:
        data = json.loads(MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ManifestError(f"课程清单 {MANIFEST} 读不出来（{err}）：请重新安装课程 (pip install --force-reinstall)。")
    return Course.from_dict(data, MANIFEST)


def render(course):
    """The manifest's text: the same notebooks always give the same bytes."""
    return json.dumps(course.to_dict(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def generate(src_dir):
    """The manifest text for the worked notebooks NN_*.ipynb in src_dir."""
    return render(build(sorted(Path(src_dir).glob(PATTERN)), origin=str(src_dir)))


def write(text, path=MANIFEST):
    """Write the manifest atomically: never half a manifest."""
    write_atomic(path, text)


def main(argv=None):
    import argparse
    root = HERE.parents[1]
    parser = argparse.ArgumentParser(prog="python -m testCases.grader.manifest",
                                     description="Generate the course manifest from notebooks/.")
    parser.add_argument("--src", type=Path, default=root / "notebooks")
    parser.add_argument("--out", type=Path, default=MANIFEST)
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if --out is stale")
    args = parser.parse_args(argv)
    try:
        text = generate(args.src)
    except GradingError as err:
        print(f"manifest: {err}", file=sys.stderr)
        return 2
    current = args.out.read_text(encoding="utf-8") if args.out.is_file() else None
    if args.check:
        if current != text:
            print(f"{args.out} 与 {args.src} 不一致：运行 `make exercises` 重新生成 (stale manifest).")
            return 1
        return 0
    if current != text:
        write(text, args.out)
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
