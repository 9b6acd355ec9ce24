"""Batch grading for an instructor: many notebooks in parallel, a CSV/JSON of every exercise, and a
class report of the most frequent mistakes (by hint id, texts from testCases.hints.HINTS).

    python -m testCases grade submissions/ --jobs 2 --csv grades.csv --report class.html
"""
import csv
import glob
import json
import os
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from . import grading

RESULT_CODES = {grading.PASSED: "pass", grading.FAILED: "fail", grading.UNFINISHED: "incomplete",
                grading.ERROR: "error", grading.TIMEOUT: "timeout", grading.MISSING: "missing",
                grading.NOT_RUN: "not-run"}


def expand(inputs):
    """Files, folders (their *.ipynb, checkpoints skipped) and globs -> sorted unique paths."""
    found = []
    for item in inputs:
        matches = glob.glob(item, recursive=True) if any(ch in item for ch in "*?[") else [item]
        for match in matches:
            p = Path(match)
            if p.is_dir():
                found += [q for q in sorted(p.rglob("*.ipynb")) if ".ipynb_checkpoints" not in q.parts]
            else:
                found.append(p)
    seen, unique = set(), []
    for p in found:
        if p.resolve() not in seen:
            seen.add(p.resolve())
            unique.append(p)
    return unique


def _points(report):
    """grade_id -> nbgrader points of its check cell (1 where none is given)."""
    try:
        nb = grading.load_notebook(report.source or report.path)
    except grading.GradingError:
        return {}
    points = {}
    for cell in nb["cells"]:
        if grading.is_check(cell):
            meta = grading._nbgrader(cell)
            value = meta.get("points", 1)
            gid = meta["grade_id"]
            points[gid[:-len("_check")] if gid.endswith("_check") else gid] = \
                value if isinstance(value, (int, float)) and not isinstance(value, bool) else 1
    return points


def rows_of(report):
    """One dict per exercise: notebook, exercise, result, points, hint, message."""
    points = _points(report)
    return [{"notebook": str(report.path), "exercise": r.grade_id, "result": RESULT_CODES.get(r.status, "error"),
             "points": points.get(r.grade_id, 1) if r.passed else 0,
             "hint": "" if r.passed else (r.hint_id or ""),
             "message": "；".join([r.message] + r.notes if r.message else r.notes)} for r in report.results]


def grade_many(paths, jobs=None, timeout=grading.DEFAULT_TIMEOUT, progress=None):
    """Grade each notebook in its own kernel, jobs at a time; rows in the order of paths.
    A notebook that cannot be graded gives one row with exercise "" and result "error"."""
    jobs = jobs or os.cpu_count() or 1
    results = {}

    def one(path):
        try:
            return rows_of(grading.grade(path, timeout=timeout))
        except grading.GradingError as err:
            return [{"notebook": str(path), "exercise": "", "result": "error", "points": 0, "hint": "",
                     "message": str(err)}]
        except Exception as err:    # one notebook's trouble must not stop the others
            return [{"notebook": str(path), "exercise": "", "result": "error", "points": 0, "hint": "",
                     "message": f"评分器无法运行这个笔记本：{type(err).__name__}: {err}"}]

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(one, p): p for p in paths}
        for done, future in enumerate(as_completed(futures), start=1):
            results[futures[future]] = future.result()
            if progress:
                progress(done, len(paths))
    return [row for p in paths for row in results[p]]


def write_csv(rows, path):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, ["notebook", "exercise", "result", "points", "hint"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def write_json(rows, path):
    Path(path).write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


def summary(rows, top=3):
    """[(exercise, passed, total, [(hint id, count, text)])] in first-seen order."""
    from .hints import HINTS
    order, passed, total, hints = [], Counter(), Counter(), {}
    for row in rows:
        ex = row["exercise"]
        if not ex:
            continue
        if ex not in total:
            order.append(ex)
        total[ex] += 1
        passed[ex] += row["result"] == "pass"
        if row["hint"]:
            hints.setdefault(ex, Counter())[row["hint"]] += 1
    return [(ex, passed[ex], total[ex],
             [(h, n, HINTS.get(h, "")) for h, n in hints.get(ex, Counter()).most_common(top)]) for ex in order]


def _chart_png(stats):
    """Bar chart of passed / total per exercise as PNG bytes (English labels), or None."""
    try:
        import io
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(stats) + 1))
    names = [s[0] for s in stats][::-1]
    ax.barh(names, [s[2] for s in stats][::-1], color="#dddddd", label="submissions")
    ax.barh(names, [s[1] for s in stats][::-1], color="#4c9f70", label="passed")
    ax.set_xlabel("notebooks")
    ax.legend(loc="lower right")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80)
    plt.close(fig)
    return buf.getvalue()


def write_report(rows, path):
    """Markdown (.md) or HTML (.html) class report: per exercise passed/total and the top hints."""
    import base64
    import html
    stats = summary(rows)
    notebooks = len({row["notebook"] for row in rows})
    ungraded = [row for row in rows if not row["exercise"]]
    if str(path).endswith((".html", ".htm")):
        parts = [f"<html><head><meta charset='utf-8'><title>班级报告</title></head><body>",
                 f"<h1>班级报告 (class report)</h1><p>{notebooks} 个笔记本；{len(ungraded)} 个无法评分。</p>"]
        png = _chart_png(stats)
        if png:
            parts.append(f"<img alt='passed per exercise' src='data:image/png;base64,"
                         f"{base64.b64encode(png).decode()}'>")
        parts.append("<table border='1'><tr><th>练习</th><th>通过</th><th>最常见的提示</th></tr>")
        for ex, ok, total, top in stats:
            cell = "<br>".join(f"<code>{html.escape(h)}</code> × {n}：{html.escape(t)}" for h, n, t in top)
            parts.append(f"<tr><td>{html.escape(ex)}</td><td>{ok}/{total}</td><td>{cell}</td></tr>")
        parts.append("</table></body></html>")
        text = "\n".join(parts)
    else:
        lines = ["# 班级报告 (class report)", "", f"{notebooks} 个笔记本；{len(ungraded)} 个无法评分。", "",
                 "| 练习 | 通过 | 最常见的提示 |", "| --- | --- | --- |"]
        for ex, ok, total, top in stats:
            cell = "<br>".join(f"`{h}` × {n}：{t}" for h, n, t in top)
            lines.append(f"| {ex} | {ok}/{total} | {cell.replace('|', '/')} |")
        text = "\n".join(lines) + "\n"
    Path(path).write_text(text, encoding="utf-8")
