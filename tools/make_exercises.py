"""Generate the learner notebooks exercises/NN_*.ipynb from the worked notebooks/NN_*.ipynb.

    python tools/make_exercises.py            # (re)write exercises/ and the course manifest
                                              # testCases/grader/course.json (`make exercises`)
    python tools/make_exercises.py --check    # write nothing; exit 1 listing what differs

In every cell whose nbgrader metadata says ``solution: true`` the lines between
``### BEGIN SOLUTION`` and ``### END SOLUTION`` (markers included) become ``# YOUR CODE HERE`` and
``raise NotImplementedError()`` at the marker's indentation, as ``nbgrader generate_assignment``
does; hints outside the markers stay. Outputs and execution counts are cleared, run timings and
saved widget state dropped, nbgrader metadata kept. The JSON is written exactly as nbformat writes
it, so the same sources always give the same bytes.

The course manifest (exercises, check cells, grade_ids, points per notebook; the grader's only
source of points) is generated from the same notebooks by testCases.grader.manifest.

Refused (exit 2, nothing written), naming notebook, cell and line: BEGIN without END, END without
BEGIN, nested BEGIN, a solution cell without markers (it would leak its solution), a line that
mentions BEGIN/END SOLUTION without being exactly a marker line, any mention of them in a cell that
is not a solution cell (nbgrader treats every such line as a delimiter, even in prose), and a
grade_id used twice. Files are written to a temporary file and renamed, so an interrupted run
never leaves half a notebook. An existing exercise that has outputs (someone ran it: maybe a
learner's work) is not overwritten unless --force is given.
"""
import argparse
import copy
import json
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from testCases.grader import manifest  # noqa: E402  (the course manifest comes from the same sources)
from testCases.grader.atomic import write_atomic  # noqa: E402

PATTERN = "[0-9][0-9]_*.ipynb"
MARKER = re.compile(r"^(?P<indent>[ \t]*)### (?P<kind>BEGIN|END) SOLUTION[ \t]*$")
# nbgrader treats any line containing these words as a delimiter, in any cell: so do we.
MENTIONS_MARKER = re.compile(r"(BEGIN|END) SOLUTION")
STUBS = {"code": ["# YOUR CODE HERE", "raise NotImplementedError()"],
         "markdown": ["YOUR ANSWER HERE"]}
DROPPED_CELL_METADATA = ("execution",)   # nbclient's run timestamps
DROPPED_NB_METADATA = ("widgets",)       # saved widget state belongs to cleared outputs


class MarkerError(ValueError):
    """A source notebook's solution markers are malformed; the message says where."""


def _where(nb_name, index, cell):
    gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    return f"{nb_name}，第 {index + 1} 个单元格" + (f" (grade_id '{gid}')" if gid else "")


def _nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def strip_solution(source, stub, where="cell"):
    """Source with each BEGIN..END SOLUTION block replaced by stub lines at the marker's indent."""
    out, begin_line, indent = [], None, ""
    for number, line in enumerate(source.split("\n"), start=1):
        match = MARKER.match(line)
        if match and match["kind"] == "BEGIN":
            if begin_line is not None:
                raise MarkerError(f"{where}：第 {number} 行的 ### BEGIN SOLUTION 嵌套在第 {begin_line} 行"
                                  f"的 BEGIN 之内 (nested BEGIN SOLUTION)。")
            begin_line, indent = number, match["indent"]
        elif match:
            if begin_line is None:
                raise MarkerError(f"{where}：第 {number} 行的 ### END SOLUTION 前面没有 "
                                  f"### BEGIN SOLUTION (END without BEGIN)。")
            out.extend(indent + s for s in stub)
            begin_line = None
        elif MENTIONS_MARKER.search(line):
            raise MarkerError(f"{where}：第 {number} 行像是标记但写法不对：{line.strip()!r}；"
                              f"标记必须单独成行，写作 '### BEGIN SOLUTION' 或 '### END SOLUTION'。")
        elif begin_line is None:
            out.append(line)
    if begin_line is not None:
        raise MarkerError(f"{where}：第 {begin_line} 行的 ### BEGIN SOLUTION 没有对应的 "
                          f"### END SOLUTION (BEGIN without END)。")
    return "\n".join(out)


def has_marker(source):
    return any(MARKER.match(line) for line in source.split("\n"))


def mentions_marker(source):
    """First line number containing BEGIN/END SOLUTION anywhere (nbgrader's rule), or None."""
    return next((n for n, line in enumerate(source.split("\n"), 1) if MENTIONS_MARKER.search(line)), None)


def make_exercise(nb, nb_name="notebook"):
    """The learner version of a worked notebook (a new object; nb is not changed)."""
    nb = copy.deepcopy(nb)
    seen = {}
    for index, cell in enumerate(nb["cells"]):
        where = _where(nb_name, index, cell)
        meta = _nbgrader(cell)
        gid = meta.get("grade_id")
        if gid is not None:
            if gid in seen:
                raise MarkerError(f"{where}：grade_id '{gid}' 已在第 {seen[gid] + 1} 个单元格用过；"
                                  f"nbgrader 与评分都要求它唯一。")
            seen[gid] = index
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        if meta.get("solution"):
            if not has_marker(source):
                raise MarkerError(f"{where}：这是练习单元格 (solution: true)，却没有 "
                                  f"### BEGIN SOLUTION / ### END SOLUTION，答案会原样留给学员。")
            cell["source"] = strip_solution(source, STUBS.get(cell["cell_type"], STUBS["code"]), where)
        elif mentions_marker(source):
            raise MarkerError(f"{where}：第 {mentions_marker(source)} 行含有 BEGIN/END SOLUTION，但这不是"
                              f"练习单元格 (nbgrader metadata 缺少 solution: true)；nbgrader generate_assignment "
                              f"也会拒绝。说明文字里请换一种写法（例如“答案标记”）。")
        for key in DROPPED_CELL_METADATA:
            cell.get("metadata", {}).pop(key, None)
        if meta.get("locked"):  # JupyterLab honours these; nbgrader's "locked" alone it ignores
            cell.setdefault("metadata", {}).update(editable=False, deletable=False)
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    for key in DROPPED_NB_METADATA:
        nb.get("metadata", {}).pop(key, None)
    return nb


def read_notebook(path):
    """The notebook as nbformat's node (sources joined), without the validation and id repairs
    nbformat.read may make: the output depends on the file's content only."""
    return nbformat.reader.reads(Path(path).read_text(encoding="utf-8"))


def dumps(nb):
    """Exactly the text nbformat.write produces (sorted keys, indent 1, final newline)."""
    text = nbformat.v4.writes(nb)
    return text if text.endswith("\n") else text + "\n"


def render_all(src_dir):
    """{file name: learner notebook text} for every NN_*.ipynb in src_dir; MarkerError if any is bad."""
    return {path.name: dumps(make_exercise(read_notebook(path), path.name))
            for path in sorted(Path(src_dir).glob(PATTERN))}


def _listed(out_dir):
    """Files in out_dir that are not hidden (.ipynb_checkpoints, .gitkeep...)."""
    out_dir = Path(out_dir)
    return sorted(p.name for p in out_dir.iterdir() if not p.name.startswith(".")) if out_dir.is_dir() else []


def differences(src_dir, out_dir, rendered=None):
    """Lines describing how out_dir differs from what would be generated (empty when identical)."""
    rendered = render_all(src_dir) if rendered is None else rendered
    out_dir = Path(out_dir)
    problems = []
    for name, text in rendered.items():
        target = out_dir / name
        if not target.exists():
            problems.append(f"缺少 (missing): {target}")
            continue
        current = target.read_text(encoding="utf-8")
        if current != text:
            line = next((i for i, (a, b) in enumerate(zip(current.split("\n"), text.split("\n")), 1)
                         if a != b), min(current.count("\n"), text.count("\n")) + 1)
            problems.append(f"与生成结果不同 (differs from generated, first at line {line}): {target}")
    for name in _listed(out_dir):
        if name not in rendered:
            problems.append(f"多余的文件 (stale, no source in {src_dir}): {out_dir / name}")
    return problems


def _was_run(path):
    """True when an existing notebook has outputs or execution counts (someone worked in it)."""
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return any(c.get("outputs") or c.get("execution_count") is not None
               for c in nb.get("cells", []) if c.get("cell_type") == "code")




def generate(src_dir, out_dir, force=False, log=print):
    """Write the learner notebooks; remove stale generated ones. Returns the names written."""
    rendered = render_all(src_dir)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    changed = [n for n, text in rendered.items()
               if not (out_dir / n).exists() or (out_dir / n).read_text(encoding="utf-8") != text]
    stale = [n for n in _listed(out_dir) if n not in rendered and Path(n).match(PATTERN)]
    worked_in = [n for n in changed + stale if (out_dir / n).exists() and _was_run(out_dir / n)]
    if worked_in and not force:
        raise FileExistsError(
            "这些练习本里有运行结果，可能是你的作业，为免覆盖已停止 (not overwriting notebooks that "
            "were run; back them up, then use --force):\n  " + "\n  ".join(str(out_dir / n) for n in worked_in))
    for name in changed:
        write_atomic(out_dir / name, rendered[name])
        log(f"wrote {out_dir / name}")
    for name in stale:
        (out_dir / name).unlink()
        log(f"removed stale {out_dir / name}")
    for name in _listed(out_dir):
        if name not in rendered and name not in stale:
            log(f"left alone (not generated): {out_dir / name}")
    log(f"{len(rendered)} notebooks, {len(changed)} written, {len(stale)} removed")
    return changed


def main(argv=None):
    parser = argparse.ArgumentParser(description="Generate exercises/ (learner versions) from notebooks/.")
    parser.add_argument("--src", type=Path, default=ROOT / "notebooks", help="worked notebooks (default notebooks/)")
    parser.add_argument("--out", type=Path, default=ROOT / "exercises", help="learner notebooks (default exercises/)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if --out differs")
    parser.add_argument("--force", action="store_true", help="overwrite exercises that have outputs")
    parser.add_argument("--manifest", type=Path, default=None,
                        help="course manifest to write (default testCases/grader/course.json when --src is "
                             "notebooks/, none otherwise)")
    args = parser.parse_args(argv)
    if args.manifest is None and args.src.resolve() == (ROOT / "notebooks").resolve():
        args.manifest = manifest.MANIFEST
    try:
        course = manifest.generate(args.src) if args.manifest else None
        if args.check:
            problems = differences(args.src, args.out)
            if course is not None and (not args.manifest.is_file()
                                       or args.manifest.read_text(encoding="utf-8") != course):
                problems.append(f"课程清单过期了 (stale manifest): {args.manifest}")
            for line in problems:
                print(line)
            if problems:
                print("运行 `make exercises` 重新生成 (regenerate with `make exercises`).")
            return 1 if problems else 0
        generate(args.src, args.out, force=args.force)
        if course is not None and (not args.manifest.is_file() or args.manifest.read_text(encoding="utf-8") != course):
            manifest.write(course, args.manifest)
            print(f"wrote {args.manifest}")
    except (MarkerError, FileExistsError, manifest.ManifestError) as err:
        print(f"make_exercises: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
