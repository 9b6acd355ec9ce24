"""``python -m testCases grade NOTEBOOK... [options]``: the command line of the grader.

One notebook (no --csv/--json/--report): self-grading, a table on the terminal; exit 0 all
exercises pass, 1 some do not (or none are the course's), 2 the input cannot be graded, 130 Ctrl-C.
Several notebooks, a folder or an output file: batch grading, each submission in its own sandbox
unless --no-sandbox; exit 0 all pass, 1 some do not (or a notebook could not be graded), 2 nothing
was graded (bad arguments, an output path that cannot be written, no sandbox), 3 the course files
changed during the batch (grades not trustworthy), 130 interrupted (rows so far kept)."""
import argparse
import math
import re
import sys
import tempfile
import time
from pathlib import Path

from . import batch, sandbox
from .protocol import DEFAULT_TIMEOUT, GradingError
from .atomic import write_atomic
from .report import class_report, clean, csv_text, format_report, json_text
from .runner import COURSE_ROOT, grade

EXIT_COURSE_CHANGED = 3


def positive_seconds(text):
    """argparse type: a finite positive number of seconds (nan, inf, 0 and negatives refused)."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"必须是有限的正数（秒），而不是 {text!r}")
    return value


def memory_size(text):
    """argparse type: bytes, with an optional K/M/G suffix (at least 256M)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?)i?B?\s*", text, re.IGNORECASE)
    if not match:
        raise argparse.ArgumentTypeError(f"内存大小写成 2G、512M 或字节数，而不是 {text!r}")
    value = int(float(match[1]) * {"": 1, "K": 2**10, "M": 2**20, "G": 2**30}[match[2].upper()])
    if value < 256 * 2**20:
        raise argparse.ArgumentTypeError(f"内存限制至少 256M（Python 内核自己就要一百多 MB），而不是 {text!r}")
    return value


def parser():
    p = argparse.ArgumentParser(
        prog="python -m testCases",
        description="给练习本评分：在独立内核中逐个运行单元格，列出每个练习的结果 "
                    "(grade a learner's notebook; the file is never modified). 详见 docs/grading.md。")
    sub = p.add_subparsers(dest="command")
    g = sub.add_parser("grade", help="评分一个或一批练习本 (grade notebooks)")
    g.add_argument("notebook", nargs="+", help="例如 05_building_blocks.ipynb；也可以是多个文件、文件夹或通配符（批量评分）")
    g.add_argument("--timeout", type=positive_seconds, default=DEFAULT_TIMEOUT,
                   help=f"每个单元格最多运行的秒数（默认 {DEFAULT_TIMEOUT}）")
    g.add_argument("--source", help="对照的原始（完整版）笔记本：一个 .ipynb 文件或一个文件夹；"
                                    "默认用随课程安装的课程清单 (course manifest)")
    g.add_argument("--jobs", type=int, default=None, help="批量评分：同时评几个笔记本（默认 CPU 核数）")
    g.add_argument("--csv", help="批量评分：每个笔记本每个练习一行的 CSV")
    g.add_argument("--json", help="批量评分：同上，JSON，含说明文字和 traceback")
    g.add_argument("--report", help="班级报告：FILE.html 或 FILE.md")
    box = g.add_mutually_exclusive_group()
    box.add_argument("--sandbox", action="store_true", default=None,
                     help="单个笔记本也在沙箱 (bubblewrap) 里评分（批量评分默认就用沙箱）")
    box.add_argument("--no-sandbox", dest="sandbox", action="store_false",
                     help="批量评分不用沙箱（不安全：一份作业能影响别的作业和课程文件；所有输出都会注明）")
    g.add_argument("--memory", type=memory_size, default=sandbox.Limits.memory,
                   help="沙箱里每个进程的内存上限，例如 2G（默认）、512M")
    return p


def main(argv=None):
    p = parser()
    args = p.parse_args(argv)
    if args.command != "grade":
        p.print_help()
        return 2
    if args.jobs is not None and args.jobs < 1:
        print("无法评分：--jobs 必须至少是 1。", file=sys.stderr)
        return 2
    limits = sandbox.Limits(memory=args.memory)
    first = Path(args.notebook[0])
    if len(args.notebook) > 1 or args.csv or args.json or args.report or first.is_dir() \
            or any(ch in args.notebook[0] for ch in "*?["):
        return main_batch(args, limits)
    return main_single(args, limits)


def _source(args):
    return args.source if args.source else "auto"


def main_single(args, limits):
    """One notebook: the table on the terminal."""
    def progress(k, n):
        if sys.stderr.isatty():
            print(f"\r运行第 {k}/{n} 个代码单元格…", end="", file=sys.stderr, flush=True)

    started = time.monotonic()
    kernel = None
    try:
        if args.sandbox:
            problem = sandbox.unavailable()
            if problem:
                print(f"无法评分：{problem}", file=sys.stderr)
                return 2
            kernel = _single_sandbox(Path(args.notebook[0]), limits)
        report = grade(args.notebook[0], timeout=args.timeout, source=_source(args), progress=progress,
                       kernel=kernel)
    except GradingError as err:
        print(f"无法评分：{err}", file=sys.stderr)
        return 2
    except RuntimeError as err:   # the kernel could not start
        print(f"无法评分：无法启动 Python 内核 (kernel)：{err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:     # the kernel is shut down on the way out
        print("\n评分被中断 (Ctrl-C)，内核已关闭。", file=sys.stderr)
        return 130
    finally:
        if kernel is not None:
            kernel.close()
            import shutil
            shutil.rmtree(kernel.launcher.base, ignore_errors=True)
    if sys.stderr.isatty():
        print("\r" + " " * 40 + "\r", end="", file=sys.stderr)
    print(format_report(report))
    print(f"（用时 {time.monotonic() - started:.0f} 秒）")
    return 0 if report.all_passed else 1


def _single_sandbox(path, limits):
    from .kernel import Kernel
    launcher = sandbox.SandboxLauncher(tempfile.mkdtemp(prefix="dnn-grade-"), COURSE_ROOT, limits,
                                       hidden=[path.resolve().parent], data_dir=batch.data_dir(),
                                       cgroup_parent=sandbox.PidsCgroup.parent())
    launcher.place(path)
    kernel = Kernel(launcher)
    kernel.start()
    return kernel


def check_outputs(args, paths):
    """Why an output path cannot be written (Chinese), or None: checked before grading starts."""
    inputs = {p.resolve() for p in paths}
    seen = {}
    for flag in ("csv", "json", "report"):
        value = getattr(args, flag)
        if not value:
            continue
        path = Path(value)
        where = path.resolve().parent
        if path.resolve() in seen:
            return f"--{flag} 与 --{seen[path.resolve()]} 是同一个文件：{path}"
        seen[path.resolve()] = flag
        if path.is_dir():
            return f"--{flag} {path} 是一个文件夹，请给出文件名（例如 {path / ('grades.' + flag if flag != 'report' else 'class.html')}）。"
        if not where.is_dir():
            return f"--{flag} {path}：文件夹 {where} 不存在，请先创建它 (mkdir -p {where})。"
        if path.resolve() in inputs or path.suffix == ".ipynb":
            return f"--{flag} {path} 是一份作业（.ipynb），不能把结果写在它上面。"
        import os
        if not os.access(where, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            return f"--{flag} {path}：没有写入权限。"
        if flag == "report" and path.suffix.lower() not in (".md", ".html", ".htm"):
            return f"--report {path}：报告的文件名要以 .html 或 .md 结尾。"
    return None


def main_batch(args, limits):
    """Many notebooks: rows written as each notebook finishes, then the class report."""
    paths = batch.expand(args.notebook)
    if not paths:
        print("无法评分：没有找到笔记本（.ipynb）。", file=sys.stderr)
        return 2
    problem = check_outputs(args, paths)
    if problem:
        print(f"无法评分：{problem}", file=sys.stderr)
        return 2
    use_sandbox = args.sandbox is not False
    if use_sandbox:
        problem = sandbox.unavailable()
        if problem:
            print(f"无法评分：{problem}", file=sys.stderr)
            return 2
    else:
        print("⚠ --no-sandbox：作业之间没有隔离，分数不可全信（CSV、JSON 和报告里也会注明）。", file=sys.stderr)
    outputs = [Path(o).resolve().parent for o in (args.csv, args.json, args.report) if o]
    done = {}
    changed = []

    def on_rows(i, rows):
        done[i] = rows
        ordered = [row for k in sorted(done) for row in done[k]]
        if args.csv:
            write_atomic(args.csv, csv_text(ordered), newline="")  # csv writes its own \r\n
        if args.json:
            write_atomic(args.json, json_text(ordered))
        print(_line(paths[i], rows), flush=True)

    def on_change(files):
        changed[:] = files
        print(f"‼ 课程文件在评分中被改动了 (COURSE FILES CHANGED)：{', '.join(files)}。之后的分数不可信；"
              f"请重新安装课程后再评。", file=sys.stderr, flush=True)

    def progress(k, n):
        if sys.stderr.isatty():
            print(f"\r已评分 {k}/{n} 个笔记本…", end="" if k < n else "\n", file=sys.stderr, flush=True)

    interrupted = False
    try:
        batch.grade_many(paths, jobs=args.jobs, timeout=args.timeout, source=_source(args), sandbox=use_sandbox,
                         limits=limits, hidden=outputs, on_rows=on_rows, progress=progress, on_change=on_change)
    except GradingError as err:
        print(f"无法评分：{err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        interrupted = True
    rows = [row for k in sorted(done) for row in done[k]]
    if args.report:
        write_atomic(args.report, class_report(rows, args.report, use_sandbox, changed))
    if interrupted:
        print(f"\n评分被中断 (Ctrl-C)：已评完的 {len(done)}/{len(paths)} 个笔记本的结果已保存。", file=sys.stderr)
        return 130
    if not use_sandbox:
        print("⚠ 以上分数是在没有隔离的情况下评出的 (graded without isolation)。", file=sys.stderr)
    if changed:
        return EXIT_COURSE_CHANGED
    course_rows = [r for r in rows if r["result"] != "not-in-course"]
    return 0 if course_rows and all(r["result"] == "pass" for r in course_rows) else 1


def _line(path, rows):
    graded = [r for r in rows if r["exercise"] and r["result"] != "not-in-course"]
    if not graded:
        return f"{clean(path)}: 无法评分，0 分（{clean(rows[0]['message'])[:200]}）"
    ok = sum(r["result"] == "pass" for r in graded)
    points = sum(r["points"] for r in graded)
    total = sum(r["max_points"] for r in graded)
    return f"{clean(path)}: 通过 {ok}/{len(graded)}（得分 {points:g}/{total:g}）"
