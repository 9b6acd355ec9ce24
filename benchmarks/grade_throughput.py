"""Grading throughput: notebooks per minute with each submission in its sandbox and without, in
one run, and the time to grade one student's 13 worked notebooks. Ratios printed, nothing asserted.

    .venv/bin/python benchmarks/grade_throughput.py [--count 8] [--jobs 2] [--rounds 2] [--no-student]

The submissions are notebook-05 copies (correct, blank, typical mistakes). Sandboxed and
unsandboxed batches alternate (--rounds each) and the best round of each counts, so that a busy
machine slows both alike. Issue 19's targets: the sandbox costs at most 10% (ratio >= 0.90), and the
13 notebooks grade in at most 30 s with --jobs 2 on a 2-core machine.
"""
import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import nbformat  # noqa: E402

from testCases.grader import batch, sandbox  # noqa: E402

MISTAKES = [None, ("linear_forward", "Z = np.dot(W, A) + b", "Z = np.dot(W, A)"),
            ("linear_backward", "dW = np.dot(dZ, A_prev.T) / m", "dW = np.dot(dZ, A_prev.T)"), "blank"]


def make_folder(folder, count):
    source = ROOT / "notebooks" / "05_building_blocks.ipynb"
    for k in range(count):
        kind = MISTAKES[k % len(MISTAKES)]
        if kind == "blank":
            (folder / f"s{k:03d}.ipynb").write_bytes((ROOT / "exercises" / source.name).read_bytes())
            continue
        nb = nbformat.read(source, as_version=4)
        if kind:
            cell = next(c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == kind[0])
            cell.source = cell.source.replace(kind[1], kind[2])
        nbformat.write(nb, folder / f"s{k:03d}.ipynb")


def timed(paths, jobs, use_sandbox):
    """Seconds to grade paths; every exercise must get a result (a broken batch is no timing)."""
    started = time.monotonic()
    rows = batch.grade_many(paths, jobs=jobs, timeout=300, sandbox=use_sandbox)
    elapsed = time.monotonic() - started
    broken = [r for r in rows if not r["exercise"]]
    if broken:
        raise SystemExit(f"not graded: {broken[0]['notebook']}: {broken[0]['message']}")
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=8, help="notebook-05 submissions per batch")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--rounds", type=int, default=2, help="batches of each kind (alternating)")
    parser.add_argument("--no-student", action="store_true", help="skip the 13 worked notebooks")
    args = parser.parse_args()
    problem = sandbox.unavailable()
    if problem:
        raise SystemExit(problem)
    print(f"{os.cpu_count()} cores, --jobs {args.jobs}, {args.count} submissions of notebook 05", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_folder(folder, args.count)
        paths = batch.expand([str(folder)])
        best = {True: float("inf"), False: float("inf")}
        for round_ in range(args.rounds):
            for use_sandbox in (True, False):
                seconds = timed(paths, args.jobs, use_sandbox)
                best[use_sandbox] = min(best[use_sandbox], seconds)
                print(f"round {round_ + 1} {'sandbox   ' if use_sandbox else 'no sandbox'}: "
                      f"{len(paths) / (seconds / 60):.1f} notebooks/minute ({seconds:.1f} s)", flush=True)
        rate = {k: len(paths) / (v / 60) for k, v in best.items()}
        print(f"best: sandbox {rate[True]:.1f}/min, no sandbox {rate[False]:.1f}/min, "
              f"ratio {rate[True] / rate[False]:.2f} (target >= 0.90)")
    if not args.no_student:
        worked = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
        seconds = timed(worked, args.jobs, True)
        print(f"one student's {len(worked)} worked notebooks, sandboxed, --jobs {args.jobs}: {seconds:.1f} s "
              f"(target <= 30 s on 2 cores)")


if __name__ == "__main__":
    main()
