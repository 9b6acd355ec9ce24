"""Run docs/nbgrader.md as written: 13 assignments, two students, collect, autograde, feedback.

    DNN_DATASETS=/path/to/data python tests/nbgrader_walkthrough.py [--venv VENV] [--keep]

The command blocks of docs/nbgrader.md marked ``<!-- run: variables | instructor | student -->``
are taken from the page and run in document order with bash (-euo pipefail); the block marked
``student-config`` becomes each student's ~/.jupyter/nbgrader_config.py (exchange path replaced). Only the variables
block is replaced (SRC = this clone, COURSE and EXCHANGE in a temporary folder, DNN_DATASETS from
the environment); the script checks that the page's block sets exactly those names. Student blocks
run once per student and assignment (the page's example name 05_building_blocks is replaced), each
student as their own Unix user name inside bubblewrap (a user namespace with a private
/etc/passwd: nbgrader names submissions after the user). After the fetch, "alice" fills every
exercise with the worked solution from notebooks/ and "bob" leaves it blank. At the end
grades.csv must give alice full marks and bob 0 in every assignment, the maxima must match the
page's points table and notebooks/, and every feedback HTML must exist on both sides.
Not collected by pytest (slow: it trains the cat classifiers); prints the time of every block.
"""
import argparse
import csv
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "nbgrader.md"
EXAMPLE = "05_building_blocks"  # the assignment the page's student commands name
STUDENTS = {"alice": (7001, "worked"), "bob": (7002, "blank")}
VARIABLES = ("SRC", "COURSE", "EXCHANGE", "DNN_DATASETS")
BLOCK = re.compile(r"<!-- run: ([\w-]+) -->\n```(\w+)\n(.*?)```", re.S)
PAGE_EXCHANGE = "/srv/nbgrader/exchange"  # the page's exchange folder, in the students' config


def page_blocks(text):
    """[(kind, bash source)] of the runnable blocks of the page, in order."""
    blocks = BLOCK.findall(text)
    languages = {k: lang for k, lang, _ in blocks}
    assert languages == {"variables": "bash", "instructor": "bash", "student": "bash",
                         "student-config": "python"}, f"unexpected blocks: {languages}"
    return [(k, source) for k, _, source in blocks]


def check_variables(source):
    """The page's variables block must set exactly VARIABLES (else this script's copy is stale)."""
    names = re.findall(r"^(?:export )?(\w+)=", source, re.M)
    assert tuple(names) == VARIABLES, f"docs/nbgrader.md sets {names}, the walkthrough sets {VARIABLES}"


def page_points(text):
    """{'05': 11, ...} from the page's points table."""
    head = re.search(r"^\| notebook \|(.*)\|$", text, re.M).group(1).split("|")
    row = re.search(r"^\| 满分 \|(.*)\|$", text, re.M).group(1).split("|")
    return {h.strip(): int(v) for h, v in zip(head, row)}


def notebook_points():
    """{assignment: points of its graded cells} from notebooks/."""
    points = {}
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        points[path.stem] = sum(c["metadata"].get("nbgrader", {}).get("points", 0) for c in cells
                                if c["metadata"].get("nbgrader", {}).get("grade"))
    return points


def make_venv(base):
    """A venv with nbgrader 0.9 and this clone's wheel; returns its bin folder."""
    wheels = base / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels),
                    str(ROOT)], check=True)
    subprocess.run([sys.executable, "-m", "venv", str(base / "venv")], check=True)
    subprocess.run([str(base / "venv" / "bin" / "python"), "-m", "pip", "install", "-q",
                    "--disable-pip-version-check", "nbgrader>=0.9,<0.10",
                    *map(str, wheels.glob("*.whl"))], check=True)
    return base / "venv" / "bin"


def fill_with_solutions(path, assignment):
    """Replace the exercise cells of a fetched notebook with the worked ones of notebooks/."""
    worked = json.loads((ROOT / "notebooks" / f"{assignment}.ipynb").read_text(encoding="utf-8"))
    by_id = {c["metadata"]["nbgrader"]["grade_id"]: c["source"] for c in worked["cells"]
             if c["metadata"].get("nbgrader", {}).get("solution")}
    nb = json.loads(path.read_text(encoding="utf-8"))
    filled = 0
    for cell in nb["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if cell["metadata"].get("nbgrader", {}).get("solution") and grade_id in by_id:
            cell["source"] = by_id[grade_id]
            filled += 1
    assert filled == len(by_id), f"{path}: filled {filled} of {len(by_id)} exercises"
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")


class Runner:
    """Runs the page's blocks: the instructor as this user, students in bubblewrap."""

    def __init__(self, base, bindir, variables):
        self.base, self.variables = base, variables
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("VIRTUAL_ENV", "PYTHON", "JUPYTER"))}
        self.env.update(PATH=f"{bindir}:{self.env['PATH']}", MPLBACKEND="Agg")
        self.passwd = base / "passwd"
        lines = Path("/etc/passwd").read_text().splitlines()
        lines += [f"{s}:x:{uid}:{uid}:{s}:{base / 'home' / s}:/bin/bash"
                  for s, (uid, _) in STUDENTS.items()]
        self.passwd.write_text("\n".join(lines) + "\n")
        self.timings = []

    def home(self, who):
        folder = self.base / "home" / who
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def run(self, label, source, who="teacher"):
        """Run one block (variables first); fail loudly with its output."""
        script = f"set -euo pipefail\n{self.variables}\n{source}"
        env = dict(self.env, HOME=str(self.home(who)))
        cmd = ["bash", "-c", script]
        if who in STUDENTS:
            uid = STUDENTS[who][0]
            cmd = ["bwrap", "--dev-bind", "/", "/", "--ro-bind", str(self.passwd), "/etc/passwd",
                   "--unshare-user", "--uid", str(uid), "--gid", str(uid), *cmd]
        start = time.monotonic()
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        seconds = time.monotonic() - start
        self.timings.append((label, who, seconds))
        log = self.base / "logs" / f"{len(self.timings):03d}_{who}.log"
        log.parent.mkdir(exist_ok=True)
        log.write_text(f"$ {label}\n{source}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}")
        if done.returncode != 0:
            sys.exit(f"✗ block failed ({who}, exit {done.returncode}): {label}\n{source}\n"
                     f"{done.stdout[-3000:]}\n{done.stderr[-5000:]}\nlog: {log}")
        print(f"  {seconds:7.1f} s  {who:8s} {label}", flush=True)
        return done


def check_results(course, base, expected):
    """grades.csv: alice full, bob 0, maxima as expected; feedback on both sides."""
    with open(course / "grades.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    got = {(r["assignment"], r["student_id"]): (float(r["score"]), float(r["max_score"]))
           for r in rows}
    problems = []
    for a, points in expected.items():
        for student, (_, kind) in STUDENTS.items():
            want = (float(points) if kind == "worked" else 0.0, float(points))
            if got.get((a, student)) != want:
                problems.append(f"{a} {student}: got {got.get((a, student))}, expected {want}")
            if not (course / "feedback" / student / a / f"{a}.html").is_file():
                problems.append(f"{a} {student}: no feedback HTML in the course folder")
            if not list((base / "home" / student / a / "feedback").glob(f"*/{a}.html")):
                problems.append(f"{a} {student}: fetch_feedback brought no HTML")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", type=Path, help="reuse a venv that has nbgrader 0.9 and the course")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    data = os.environ.get("DNN_DATASETS")
    if not data:
        sys.exit("set DNN_DATASETS to the folder of the cat dataset (notebooks 11 and 12 need it)")
    if not shutil.which("bwrap"):
        sys.exit("needs bubblewrap (apt-get install bubblewrap) to play the students")
    text = PAGE.read_text(encoding="utf-8")
    blocks = page_blocks(text)
    expected = notebook_points()
    table = page_points(text)
    assert table == {a[:2]: p for a, p in expected.items()}, \
        f"docs/nbgrader.md points table {table} differs from notebooks/ {expected}"
    assert sum(expected.values()) == int(re.search(r"共 (\d+) 分", text).group(1)), "total on the page"

    base = Path(tempfile.mkdtemp(prefix="nbgrader_walkthrough_"))
    print(f"walkthrough in {base}; load average {os.getloadavg()}", flush=True)
    try:
        bindir = args.venv / "bin" if args.venv else make_venv(base)
        variables = "\n".join([f"SRC={shlex.quote(str(ROOT))}",
                               f"COURSE={shlex.quote(str(base / 'course'))}",
                               f"EXCHANGE={shlex.quote(str(base / 'exchange'))}",
                               f"export DNN_DATASETS={shlex.quote(str(Path(data).resolve()))}"])
        runner = Runner(base, bindir, variables)
        for kind, source in blocks:
            label = source.strip().splitlines()[-1 if kind == "student" else 0][:70]
            if kind == "variables":
                check_variables(source)
            elif kind == "instructor":
                runner.run(label, source)
            elif kind == "student-config":
                assert PAGE_EXCHANGE in source, "the students' config names another exchange"
                for student in STUDENTS:
                    config = runner.home(student) / ".jupyter" / "nbgrader_config.py"
                    config.parent.mkdir(parents=True, exist_ok=True)
                    config.write_text(source.replace(PAGE_EXCHANGE, str(base / "exchange")))
            else:
                for student, (_, what) in STUDENTS.items():
                    for a in expected:
                        runner.run(label.replace(EXAMPLE, a), source.replace(EXAMPLE, a), student)
                        if "fetch_assignment" in source and what == "worked":
                            fill_with_solutions(base / "home" / student / a / f"{a}.ipynb", a)
        problems = check_results(base / "course", base, expected)
        total = sum(s for _, _, s in runner.timings)
        print(f"total {total:.0f} s of blocks; load average now {os.getloadavg()}")
        if problems:
            sys.exit("✗ " + "\n✗ ".join(problems))
        print(f"✓ docs/nbgrader.md works as written: {len(expected)} assignments, alice full marks "
              f"({sum(expected.values())}), bob 0, feedback fetched by both")
    finally:
        if args.keep:
            print(f"kept {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
