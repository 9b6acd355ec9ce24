"""Grading throughput: notebooks per minute for a generated folder of notebook-05 submissions
(correct, blank, typical mistakes), with 1 to N parallel jobs; ratios printed, nothing asserted.

    .venv/bin/python benchmarks/grade_throughput.py [--count 6] [--max-jobs 2]
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

from testCases import batch  # noqa: E402

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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=6)
    parser.add_argument("--max-jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_folder(folder, args.count)
        paths = batch.expand([str(folder)])
        rates = {}
        for jobs in range(1, args.max_jobs + 1):
            started = time.monotonic()
            batch.grade_many(paths, jobs=jobs, timeout=120)
            rates[jobs] = len(paths) / ((time.monotonic() - started) / 60)
            print(f"jobs={jobs}: {rates[jobs]:.1f} notebooks/minute "
                  f"(x{rates[jobs] / rates[1]:.2f} of 1 job)", flush=True)


if __name__ == "__main__":
    main()
