"""Grade one notebook: match it to the course, plan, run the plan in a kernel, judge each exercise.

    report = grade("exercises/05_building_blocks.ipynb")

The notebook is read, never written. Its cells run one by one in a separate python3 kernel, each
with a time limit; course checks run through the in-kernel code (inkernel.py). A cell that runs
too long is interrupted (its exercise is 超时) and grading goes on; if the kernel does not answer
any more it is restarted and the exercises not reached are 未运行."""
from pathlib import Path

from . import manifest
from .judge import first_line, judge
from .kernel import OUTPUT_CAP, Kernel, LocalLauncher
from .notebook import course_check_call, graded_ids, load_notebook
from .plan import make_plan
from .protocol import DEFAULT_TIMEOUT, Report, Status

# The folder holding testCases and dnn_utils: the clone, or site-packages of an installed course.
COURSE_ROOT = str(Path(__file__).resolve().parents[2])
NOT_IN_COURSE = ("这个笔记本里没有练习：它的练习编号 (grade_id) 与课程的任何一个笔记本都对不上，"
                 "不计分 (not part of the course)。请交课程的练习本（例如 05_building_blocks.ipynb 做过的副本），"
                 "不要删掉练习单元格的 nbgrader 元数据。")
RESTART = "内核重启后没有运行 (not run after the kernel restart)"


def course_for(source, nb, path):
    """The Course to grade against: "auto" the installed manifest; a path (--source) a worked
    notebook or folder; None the notebook itself (for tests and authors); or a Course."""
    if isinstance(source, manifest.Course):
        return source
    if source == "auto":
        return manifest.packaged()
    if source is None:
        return manifest.Course((manifest.course_notebook(nb, Path(path).name, strict=False),), str(path))
    return manifest.from_source(source)


def grade(path, timeout=DEFAULT_TIMEOUT, source="auto", progress=None, kernel=None, local=True):
    """Run the notebook at path (never modified) and return a Report.

    kernel: a started Kernel to use (the caller closes it); without one, a local kernel in the
    notebook's folder, closed at the end, unless local is False (a batch in sandboxes never falls
    back to an unsandboxed kernel)."""
    path = Path(path)
    nb = load_notebook(path)
    course_nb = course_for(source, nb, path).match(nb, path)
    if course_nb is None:
        return Report(path, problems=[NOT_IN_COURSE], foreign=sorted(graded_ids(nb)))
    plan = make_plan(nb, course_nb)
    report = Report(path, course_nb.file, plan.results, foreign=plan.foreign,
                    sandboxed=getattr(kernel and kernel.launcher, "sandboxed", False))
    if not plan.results:
        return report
    if kernel is not None:
        return _run(plan, kernel, report, timeout, progress)
    if not local:
        raise RuntimeError(f"no kernel was prepared for {path}")
    with Kernel(LocalLauncher(path.resolve().parent)) as own:
        return _run(plan, own, report, timeout, progress)


def _run_step(kernel, step, timeout):
    if step.kind == "check":
        call = course_check_call(step.code)
        if call is not None:
            return kernel.check(*call, COURSE_ROOT, timeout=timeout)
    outcome = kernel.run(step.code, timeout=timeout)
    return kernel.explain(outcome, COURSE_ROOT) if step.kind != "other" else outcome


def _run(plan, kernel, report, timeout, progress):
    outcomes = {}   # exercise id -> {"solution": Outcome, "check": Outcome}
    by_id = {r.exercise: r for r in plan.results}
    restarted = False
    for number, step in enumerate(plan.steps, start=1):
        if progress:
            progress(number, len(plan.steps))
        outcome = _run_step(kernel, step, timeout)
        where = f"第 {step.cell} 个代码单元格" if step.cell else "补回的检查单元格"
        if step.exercise is not None:
            got = outcomes.setdefault(step.exercise, {})
            # An exercise seen twice: a later pass must not hide an earlier failure.
            if step.kind not in got or got[step.kind].ok:
                got[step.kind] = outcome
            for note in filter(None, [step.note, _truncation(outcome)]):
                if note not in by_id[step.exercise].notes:
                    by_id[step.exercise].notes.append(note)
        elif outcome.status == "error":
            report.problems.append(f"{where}出错：{first_line(outcome)}")
        elif outcome.status in ("timeout", "dead"):
            report.problems.append(f"{where}运行超过 {timeout:g} 秒被中断" if outcome.status == "timeout"
                                   else f"{where}让内核崩溃了 (kernel died)")
        if step.exercise is None and _truncation(outcome):
            report.problems.append(f"{where}：{_truncation(outcome)}")
        if outcome.status in ("timeout", "dead") and not kernel.recover(min(10.0, timeout)):
            restarted = True
            report.problems.append(f"{where}之后内核没有响应，已重启；后面的单元格未运行 (kernel restarted)")
            break
    for result in plan.results:
        got = outcomes.get(result.exercise)
        if got is None:
            if result.status is not Status.MISSING:
                result.status = Status.NOT_RUN
                result.message = RESTART if restarted else "没有找到这个练习的单元格"
            continue
        judge(result, got.get("solution"), got.get("check"), timeout)
        if restarted and result.status is Status.NOT_RUN:
            result.message = RESTART
    return report


def _truncation(outcome):
    if not outcome.truncated:
        return None
    return f"输出太长：只保留了前 {OUTPUT_CAP // 2**20} MB，其余的没有保存 (output truncated)"
