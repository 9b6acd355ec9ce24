"""Everything the grader writes: the terminal table of one notebook, and for a batch the rows
(CSV, JSON) and the class report (Markdown, HTML with a chart and a per-student table).

Learner-controlled text (file names, grade_ids, messages, hint ids) never reaches an output raw:
ANSI escapes and control characters are stripped everywhere, CSV cells that a spreadsheet would
read as a formula are neutralised (OWASP: a leading ' before = + - @ tab CR), Markdown escapes
every ASCII punctuation character and writes < > & as entities, HTML is escaped."""
import csv
import html
import io
import json
import re
import unicodedata
from collections import Counter


CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]"
                     r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = ["notebook", "course_notebook", "exercise", "function", "result", "points", "max_points",
           "hint", "isolation", "course_files"]
NOT_IN_COURSE = "not-in-course"     # result code of a graded cell the learner added (ignored)


# Cleaning

def clean(text, newlines=False):
    """text without ANSI escapes, control and bidi characters (newlines kept only if asked)."""
    text = CONTROL.sub("", str(text).replace("\t", " ").replace("\r", "" if newlines else " "))
    return text if newlines else text.replace("\n", " ")


def neutralise(value):
    """A CSV cell a spreadsheet will not run: text starting with = + - @ tab CR gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def md(text):
    """Learner text safe in a Markdown table cell: one line, every ASCII punctuation escaped."""
    out = []
    for ch in clean(text):
        if ch in "<>&":
            out.append({"<": "&lt;", ">": "&gt;", "&": "&amp;"}[ch])
        elif ch.isascii() and not ch.isalnum() and ch != " ":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def h(text):
    return html.escape(clean(text), quote=True)


def hint_text(hint_id):
    """The text of a hint id (testCases.hints.text_of knows every id a checker can raise); an id
    no checker has (forged by learner code) is said to be unknown, never shown as course text."""
    if not hint_id:
        return ""
    from ..hints import text_of
    try:
        return str(text_of(hint_id))
    except (KeyError, ValueError):
        return "（未知的提示编号，不是课程的检查给出的 unknown hint id）"


# One notebook in the terminal

def _width(text):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text, width):
    return text + " " * (width - _width(text))


def format_report(report):
    """The report as a table: 练习 / 结果 / 说明 (tracebacks under errors), then a summary."""
    lines = [f"评分：{clean(report.path)}"]
    if report.course_notebook:
        lines.append(f"对照课程笔记本 (course notebook)：{report.course_notebook}")
    if report.sandboxed:
        lines.append("在沙箱中评分 (graded in a sandbox)")
    if not report.results:
        lines += [clean(p) for p in report.problems] or ["这个笔记本里没有练习（没有带 nbgrader grade_id 的练习单元格）。"]
        return "\n".join(lines + _foreign_lines(report))
    rows = []
    for r in report.results:
        below = r.traceback and not r.passed
        message = clean("；".join(filter(None, [r.message] + ([] if below else r.notes))))
        if r.hint_id and not r.passed:
            message = f"{message} [{clean(r.hint_id)}]"
        extra = [clean(t, newlines=True).rstrip() for t in r.traceback] + [clean(n) for n in r.notes] if below else []
        rows.append((f"{r.exercise}", r.status.label, message, extra))
    widths = [max(_width(row[i]) for row in rows + [("练习", "结果", "", [])]) for i in range(2)]
    lines += ["", f"{_pad('练习', widths[0])}  {_pad('结果', widths[1])}  说明",
              f"{'-' * widths[0]}  {'-' * widths[1]}  {'-' * 4}"]
    for exercise, status, message, extra in rows:
        lines.append(f"{_pad(exercise, widths[0])}  {_pad(status, widths[1])}  {message}".rstrip())
        for block in extra:
            lines += ["      " + line for line in block.split("\n") if line.strip()]
    lines.append("")
    lines += _foreign_lines(report)
    if report.problems:
        lines.append("其他单元格的问题（不计分）：")
        lines.extend(f"  {clean(p)}" for p in report.problems[:5])
        if len(report.problems) > 5:
            lines.append(f"  ……另有 {len(report.problems) - 5} 个")
    passed = sum(r.passed for r in report.results)
    verdict = "全部通过！" if report.all_passed else "还有练习没有通过。"
    lines.append(f"通过 {passed}/{len(report.results)} 个练习（得分 {report.points:g}/{report.max_points:g}）。{verdict}")
    return "\n".join(lines)


def _foreign_lines(report):
    if not report.foreign:
        return []
    return [f"不属于课程的评分单元格（已忽略，不计分 not part of the course）：{clean(', '.join(report.foreign))}"]


# Rows (CSV, JSON)

def rows_of(report, isolation="sandbox"):
    """One dict per course exercise, then one per graded cell not part of the course."""
    base = {"notebook": str(report.path), "course_notebook": report.course_notebook or "",
            "isolation": isolation, "course_files": "unchanged"}
    rows = [{**base, "exercise": r.exercise, "function": r.function, "result": r.status.code,
             "points": r.points, "max_points": r.max_points, "hint": "" if r.passed else (r.hint_id or ""),
             "hint_text": "" if r.passed else hint_text(r.hint_id),
             "message": "；".join(filter(None, [r.message] + r.notes)),
             "traceback": [] if r.passed else list(r.traceback)} for r in report.results]
    if not report.results:
        rows.append(error_row(report.path, "；".join(report.problems), isolation))
    rows += [{**base, "exercise": gid, "function": "", "result": NOT_IN_COURSE, "points": 0, "max_points": 0,
              "hint": "", "hint_text": "", "message": "学员自己加的评分单元格，不属于课程，已忽略 (ignored)",
              "traceback": []} for gid in report.foreign]
    return rows


def error_row(path, message, isolation="sandbox"):
    """The one row of a notebook that could not be graded: 0 points."""
    return {"notebook": str(path), "course_notebook": "", "exercise": "", "function": "", "result": "error",
            "points": 0, "max_points": 0, "hint": "", "hint_text": "", "message": message, "traceback": [],
            "isolation": isolation, "course_files": "unchanged"}


def _cleaned(row):
    return {k: (clean(v) if isinstance(v, str) else [clean(x, newlines=True) for x in v] if isinstance(v, list)
                else v) for k, v in row.items()}


def csv_text(rows):
    buf = io.StringIO()
    writer = csv.DictWriter(buf, COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: neutralise(v) for k, v in _cleaned(row).items()})
    return buf.getvalue()


def json_text(rows):
    return json.dumps([_cleaned(row) for row in rows], ensure_ascii=False, indent=1) + "\n"




# The class report

GROUPS = [("pass", "passed", "#4c9f70"), ("incomplete", "not attempted", "#9db4d0"),
          ("fail", "wrong", "#e8a33d"), ("error", "error", "#c8453b"),
          ("other", "timeout / missing / not run", "#bbbbbb")]


def _group(code):
    return code if code in ("pass", "incomplete", "fail", "error") else "other"


def exercise_stats(rows, top=3):
    """[dict(notebook, exercise, function, counts{group: n}, total, hints[(id, n, text)])] in
    first-seen order, for course exercises only."""
    order, stats = [], {}
    for row in rows:
        if not row["exercise"] or row["result"] == NOT_IN_COURSE:
            continue
        key = (row["course_notebook"], row["exercise"])
        if key not in stats:
            order.append(key)
            stats[key] = {"notebook": key[0], "exercise": key[1], "function": row["function"],
                          "counts": Counter(), "hints": Counter()}
        stats[key]["counts"][_group(row["result"])] += 1
        if row["hint"]:
            stats[key]["hints"][row["hint"]] += 1
    out = []
    for key in order:
        s = stats[key]
        s["total"] = sum(s["counts"].values())
        s["hints"] = [(hid, n, hint_text(hid)) for hid, n in s["hints"].most_common(top)]
        out.append(s)
    return out


def student_stats(rows):
    """[dict(notebook, course_notebook, points, max_points, counts)] per submitted file, in order."""
    order, stats = [], {}
    for row in rows:
        if row["result"] == NOT_IN_COURSE:
            continue
        s = stats.get(row["notebook"])
        if s is None:
            order.append(row["notebook"])
            s = stats[row["notebook"]] = {"notebook": row["notebook"], "course_notebook": row["course_notebook"],
                                          "points": 0, "max_points": 0, "counts": Counter(), "graded": True}
        if not row["exercise"]:
            s["graded"], s["message"] = False, row["message"]
            continue
        s["points"] += row["points"]
        s["max_points"] += row["max_points"]
        s["counts"][_group(row["result"])] += 1
    return [stats[n] for n in order]


def chart_figure(stats):
    """Stacked bars per exercise (pass / not attempted / wrong / error / other), the legend above
    the axes (outside them: it covers no bar), ASCII labels."""
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    fig = Figure(figsize=(9, 0.32 * len(stats) + 1.6), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    labels = [f"{s['notebook'][:2]} {s['exercise']}" for s in stats][::-1]
    left = [0] * len(stats)
    for code, label, color in GROUPS:
        values = [s["counts"].get(code, 0) for s in stats][::-1]
        ax.barh(labels, values, left=left, color=color, label=label)
        left = [a + b for a, b in zip(left, values)]
    ax.set_xlabel("notebooks")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.margins(x=0.02)
    fig.legend(loc="outside upper center", ncol=len(GROUPS), frameon=False, fontsize="small")
    return fig


def chart_png(stats):
    """The chart as PNG bytes, or None without matplotlib or exercises."""
    if not stats:
        return None
    try:
        fig = chart_figure(stats)
    except ImportError:
        return None
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=80)
    return buf.getvalue()


def _summary_lines(rows, sandboxed, changed):
    notebooks = len({row["notebook"] for row in rows})
    ungraded = sum(1 for row in rows if not row["exercise"])
    lines = [f"{notebooks} 个笔记本；{ungraded} 个无法评分或不属于课程（0 分）。"]
    lines.append("每份作业在自己的沙箱里评分 (each submission graded in its own sandbox)。" if sandboxed else
                 "⚠ 这些分数是在没有隔离的情况下评出的 (graded WITHOUT isolation, --no-sandbox)：一份作业可以改动"
                 "课程文件、其他作业或结果，分数不可全信。")
    if changed:
        lines.append(f"⚠ 评分过程中课程文件被改动了 (course files CHANGED during grading)：{', '.join(changed)}。"
                     f"之后的分数不可信。")
    return lines


def _counts(counts):
    return [counts.get(code, 0) for code, _, _ in GROUPS]


HEAD = ["通过 passed", "未完成 not attempted", "未通过 wrong", "出错 error", "超时/缺失/未运行"]


def markdown(rows, sandboxed=True, changed=()):
    """The class report in Markdown: every learner string escaped (no raw HTML, no forged rows)."""
    stats, students = exercise_stats(rows), student_stats(rows)
    lines = ["# 班级报告 (class report)", ""] + [md(x) for x in _summary_lines(rows, sandboxed, changed)]
    lines += ["", "## 每个练习 (per exercise)", "",
              "| 笔记本 | 练习 (id) | 函数 (function) | " + " | ".join(HEAD) + " | 最常见的提示 (hint id：text) |",
              "| --- " * (8 + 1) + "|"]
    for s in stats:
        hints = "<br>".join(f"{md(hid)} × {n}：{md(text) or '（没有说明）'}" for hid, n, text in s["hints"])
        lines.append(f"| {md(s['notebook'])} | {md(s['exercise'])} | {md(s['function'])} | "
                     + " | ".join(f"{n}/{s['total']}" if i == 0 else str(n) for i, n in enumerate(_counts(s["counts"])))
                     + f" | {hints} |")
    lines += ["", "## 每个学员 (per student)", "",
              "| 作业文件 | 课程笔记本 | 得分 | " + " | ".join(HEAD) + " |", "| --- " * 8 + "|"]
    for s in students:
        score = f"{s['points']:g}/{s['max_points']:g}" if s["graded"] else f"0（{md(s['message'])}）"
        lines.append(f"| {md(s['notebook'])} | {md(s['course_notebook'])} | {score} | "
                     + " | ".join(str(n) for n in _counts(s["counts"])) + " |")
    lines += _foreign_md(rows)
    return "\n".join(lines) + "\n"


def _foreign_md(rows):
    foreign = [row for row in rows if row["result"] == NOT_IN_COURSE]
    if not foreign:
        return []
    return ["", "## 不属于课程的评分单元格（已忽略）(not part of the course)", ""] + [
        f"- {md(row['notebook'])}：{md(row['exercise'])}" for row in foreign]


CSS = """body{font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif;margin:1.5em;max-width:80em}
table{border-collapse:collapse;margin:1em 0;table-layout:auto}
th,td{border:1px solid #999;padding:.3em .5em;vertical-align:top;text-align:left;overflow-wrap:anywhere}
td.n{text-align:right;white-space:nowrap}td.c{white-space:nowrap}.warn{color:#a00;font-weight:bold}
img{display:block;max-width:100%;height:auto}code{font-size:90%}"""


def html_report(rows, sandboxed=True, changed=()):
    """The class report in HTML: chart, per-exercise and per-student tables, every string escaped."""
    import base64
    stats, students = exercise_stats(rows), student_stats(rows)
    summary = _summary_lines(rows, sandboxed, changed)
    parts = ["<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>班级报告</title>",
             f"<style>{CSS}</style></head><body><h1>班级报告 (class report)</h1>"]
    parts += [f"<p{' class=warn' if x.startswith('⚠') else ''}>{h(x)}</p>" for x in summary]
    png = chart_png(stats)
    if png:
        parts.append(f"<img id='chart' alt='results per exercise' src='data:image/png;base64,"
                     f"{base64.b64encode(png).decode()}'>")
    parts.append("<h2>每个练习 (per exercise)</h2><table id='exercises'><tr><th>笔记本</th><th>练习 (id)</th>"
                 "<th>函数 (function)</th>" + "".join(f"<th>{x}</th>" for x in HEAD) + "<th>最常见的提示</th></tr>")
    for s in stats:
        hints = "".join(f"<div class='hint'><code class='hint-id'>{h(hid)}</code> × {n}："
                        f"<span class='hint-text'>{h(text) or '（没有说明）'}</span></div>" for hid, n, text in s["hints"])
        cells = "".join(f"<td class='n'>{n}/{s['total']}</td>" if i == 0 else f"<td class='n'>{n}</td>"
                        for i, n in enumerate(_counts(s["counts"])))
        parts.append(f"<tr><td class='c'>{h(s['notebook'])}</td><td class='c'>{h(s['exercise'])}</td>"
                     f"<td>{h(s['function'])}</td>{cells}<td>{hints}</td></tr>")
    parts.append("</table><h2>每个学员 (per student)</h2><table id='students'><tr><th>作业文件</th><th>课程笔记本</th>"
                 "<th>得分</th>" + "".join(f"<th>{x}</th>" for x in HEAD) + "</tr>")
    for s in students:
        score = f"{s['points']:g}/{s['max_points']:g}" if s["graded"] else f"0（{h(s['message'])}）"
        parts.append(f"<tr><td>{h(s['notebook'])}</td><td>{h(s['course_notebook'])}</td><td class='n'>{score}</td>"
                     + "".join(f"<td class='n'>{n}</td>" for n in _counts(s["counts"])) + "</tr>")
    parts.append("</table>")
    foreign = [row for row in rows if row["result"] == NOT_IN_COURSE]
    if foreign:
        parts.append("<h2>不属于课程的评分单元格（已忽略）</h2><ul>" + "".join(
            f"<li>{h(row['notebook'])}：{h(row['exercise'])}</li>" for row in foreign) + "</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def class_report(rows, path, sandboxed=True, changed=()):
    """The report's text for path: HTML for .html/.htm, Markdown otherwise."""
    if str(path).lower().endswith((".html", ".htm")):
        return html_report(rows, sandboxed, changed)
    return markdown(rows, sandboxed, changed)
