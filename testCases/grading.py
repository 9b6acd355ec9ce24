"""Self-grading: run a learner's notebook in a fresh kernel and report each exercise.

    python -m testCases grade exercises/05_building_blocks.ipynb [--timeout 120]

The notebook is read, never written: its cells run one by one in a separate python3 kernel
whose working folder is the notebook's folder, each with a time limit. Exercises are matched by
their nbgrader ``grade_id`` (not by position), and compared with the worked notebook of the same
name in ``notebooks/`` when it is there: a check cell the learner changed is replaced by the
original, a deleted one is put back after its exercise. A cell that runs too long is interrupted
(its exercise is reported as 超时) and grading goes on; if the kernel does not answer any more it
is restarted and the exercises not reached are reported as 未运行.

Exit status: 0 all exercises pass, 1 some do not, 2 the input cannot be graded.
"""
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TIMEOUT = 120

PASSED, UNFINISHED, FAILED, ERROR, TIMEOUT, NOT_RUN, MISSING = (
    "✓ 通过", "… 未完成", "✗ 未通过", "✗ 出错", "⏱ 超时", "– 未运行", "✗ 缺失")


class GradingError(Exception):
    """The input cannot be graded (missing file, not a notebook); the message is for the learner."""


# Running code in a kernel

@dataclass
class Outcome:
    """What running one cell gave: status is "ok", "error", "timeout" or "dead"."""
    status: str
    ename: str = ""
    evalue: str = ""
    traceback: list = field(default_factory=list)
    stdout: str = ""
    hint_id: str = None     # CheckFailed.hint_id of a failed course check
    notes: list = field(default_factory=list)    # the exception's notes (add_note), as the notebook shows

    @property
    def ok(self):
        return self.status == "ok"

    def first_line(self):
        """One line for a table: the message's first line (and its 提示 hint line, if any),
        with IPython's cell file name tidied."""
        lines = [line.strip() for line in (self.evalue or "").strip().split("\n")]
        text = re.sub(r"\s*\((?:<[^>]*>|[^()]*\.py), line (\d+)\)$", r"（第 \1 行）", lines[0])
        hint = next((line for line in lines[1:] if line.startswith("提示")), None)
        text = f"{text} {hint}" if hint else text
        return f"{self.ename}: {text}" if self.ename and not text.startswith("✗") else text


class Kernel:
    """A python3 kernel (this interpreter) in a folder; run code with a time limit, recover after."""

    def __init__(self, cwd, kernel_name="python3", startup_timeout=60):
        self.cwd, self.kernel_name, self.startup_timeout = str(cwd), kernel_name, startup_timeout
        self.km = self.kc = None

    def __enter__(self):
        import subprocess
        from jupyter_client import KernelManager
        self.km = KernelManager(kernel_name=self.kernel_name)
        # The kernel's own stderr (debugger warnings) would clutter the learner's terminal.
        self.km.start_kernel(cwd=self.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._connect()
        return self

    def _connect(self):
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=self.startup_timeout)

    def __exit__(self, *exc):
        if self.kc is not None:
            self.kc.stop_channels()
        if self.km is not None and self.km.has_kernel:
            self.km.shutdown_kernel(now=True)
        return False

    def run(self, code, timeout=DEFAULT_TIMEOUT):
        """Execute code as one cell; an Outcome, never an exception for the learner's errors."""
        out, errors = [], []

        def hook(msg):
            content = msg["content"]
            if msg["msg_type"] == "stream":
                out.append(content.get("text", ""))
            elif msg["msg_type"] == "error":
                errors.append(content)

        import queue
        # Our own wait loop instead of execute_interactive: a dead kernel is noticed within a second.
        msg_id = self.kc.execute(code, store_history=True, allow_stdin=False, stop_on_error=False)
        deadline = time.monotonic() + timeout
        idle = False
        while not idle:
            if time.monotonic() > deadline:
                return Outcome("timeout" if self.km.is_alive() else "dead", stdout="".join(out))
            try:
                msg = self.kc.get_iopub_msg(timeout=0.5)
            except queue.Empty:
                if not self.km.is_alive():
                    return Outcome("dead", stdout="".join(out))
                continue
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            hook(msg)
            idle = msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle"
        try:
            reply = self.kc.get_shell_msg(timeout=max(1.0, deadline - time.monotonic()))
            while reply.get("parent_header", {}).get("msg_id") != msg_id:
                reply = self.kc.get_shell_msg(timeout=max(1.0, deadline - time.monotonic()))
        except queue.Empty:
            return Outcome("timeout" if self.km.is_alive() else "dead", stdout="".join(out))
        content = reply["content"]
        if content.get("status") == "aborted":
            return Outcome("error", "Aborted", "请求被内核放弃 (aborted after an interrupt)")
        if content.get("status") == "ok":
            return Outcome("ok", stdout="".join(out))
        err = errors[-1] if errors else content
        return Outcome("error", err.get("ename", ""), err.get("evalue", ""),
                       err.get("traceback", []), "".join(out))

    def recover(self, probe_timeout=10):
        """After a timeout: interrupt; True if the kernel answers again with its state kept.
        Otherwise restart it (state lost) and return False."""
        if self.km.is_alive():
            self.km.interrupt_kernel()
            deadline = time.monotonic() + probe_timeout
            # A request queued behind the interrupted one may come back "aborted": ask again.
            while (left := deadline - time.monotonic()) > 0:
                probe = self.run("None", timeout=left)
                if probe.ok:
                    return True
                if probe.ename != "Aborted":
                    break
        self.kc.stop_channels()
        self.km.restart_kernel(now=True)
        self._connect()
        return False


# Reading notebooks

def load_notebook(path):
    """The notebook at path as a dict (read only); GradingError with a Chinese message otherwise."""
    import json
    path = Path(path)
    if not path.exists():
        raise GradingError(f"找不到文件：{path}（请检查路径，例如 exercises/05_building_blocks.ipynb）")
    if path.is_dir():
        raise GradingError(f"{path} 是一个文件夹，请给出一个 .ipynb 笔记本文件。")
    try:
        nb = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        raise GradingError(f"{path} 不是有效的 Jupyter 笔记本（无法按 JSON 读取：{err}）。"
                           f"文件是否损坏，或不是 .ipynb？") from None
    except OSError as err:
        raise GradingError(f"无法读取 {path}：{err}") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise GradingError(f"{path} 不是 Jupyter 笔记本（nbformat 4）：缺少 cells 列表。")
    version = nb.get("nbformat")
    if type(version) is not int or version < 4:
        raise GradingError(f"{path} 的格式版本 (nbformat) 是 {version!r}，评分只支持 nbformat 4："
                           f"请用 Jupyter 打开并另存一次。")
    for number, cell in enumerate(nb["cells"], start=1):
        problem = _cell_problem(cell)
        if problem:
            raise GradingError(f"{path} 的第 {number} 个单元格格式不对：{problem}。文件是否被手工改坏了？")
    return nb


def _cell_problem(cell):
    """Why a cell cannot be graded (Chinese), or None: the rest of the grader trusts these types."""
    if not isinstance(cell, dict):
        return "单元格不是一个对象 (cell is not an object)"
    if not isinstance(cell.get("cell_type", ""), str):
        return "cell_type 不是字符串"
    src = cell.get("source", "")
    if not (isinstance(src, str) or (isinstance(src, list) and all(isinstance(s, str) for s in src))):
        return "source 不是字符串或字符串列表"
    meta = cell.get("metadata", {})
    if not isinstance(meta, dict):
        return "metadata 不是一个对象"
    nbg = meta.get("nbgrader", {})
    if not isinstance(nbg, dict):
        return "nbgrader 元数据不是一个对象"
    if "grade_id" in nbg and not isinstance(nbg["grade_id"], str):
        return f"grade_id 不是字符串（是 {nbg['grade_id']!r}）"
    return None


def _source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _nbgrader(cell):
    meta = cell.get("metadata", {})
    return meta.get("nbgrader", {}) if isinstance(meta, dict) else {}


def is_solution(cell):
    return cell.get("cell_type") == "code" and bool(_nbgrader(cell).get("solution")) \
        and bool(_nbgrader(cell).get("grade_id"))


def is_check(cell):
    meta = _nbgrader(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution") \
        and bool(meta.get("grade_id"))


def exercises_of(nb):
    """[(exercise grade_id, check grade_id or None)] in notebook order.

    The check of exercise g is the cell with grade_id g + "_check", else a check cell that comes
    after g and before the next exercise (and is not named for another exercise)."""
    cells = nb["cells"]
    solutions = [(i, _nbgrader(c)["grade_id"]) for i, c in enumerate(cells) if is_solution(c)]
    checks = [(i, _nbgrader(c)["grade_id"]) for i, c in enumerate(cells) if is_check(c)]
    check_ids = {cid for _, cid in checks}
    named = {f"{gid}_check" for _, gid in solutions}
    pairs = []
    for k, (i, gid) in enumerate(solutions):
        end = solutions[k + 1][0] if k + 1 < len(solutions) else len(cells)
        if f"{gid}_check" in check_ids:
            check = f"{gid}_check"
        else:
            check = next((cid for j, cid in checks if i < j < end and cid not in named), None)
        pairs.append((gid, check))
    return pairs


def find_source(path, nb=None):
    """The worked notebook in notebooks/ whose exercises' grade_ids the notebook shares most
    (a copy under any name is matched by content); by file name only if nb is not given."""
    path = Path(path).resolve()
    folder = ROOT / "notebooks"
    if nb is not None:
        ids = {_nbgrader(c)["grade_id"] for c in nb["cells"] if is_solution(c) or is_check(c)}
        best, best_count = None, 0
        for candidate in sorted(folder.glob("*.ipynb")):
            try:
                other = load_notebook(candidate)
            except GradingError:
                continue
            count = len(ids & {_nbgrader(c)["grade_id"] for c in other["cells"] if is_solution(c) or is_check(c)})
            if count > best_count:
                best, best_count = candidate, count
        if best is not None:
            return best
    if (folder / path.name).is_file():
        return folder / path.name
    match = re.match(r"(\d\d)_", path.name)
    if match:
        found = sorted(folder.glob(f"{match[1]}_*.ipynb"))
        if len(found) == 1:
            return found[0]
    return None


# Grading

@dataclass
class Result:
    grade_id: str
    status: str = NOT_RUN
    message: str = ""
    notes: list = field(default_factory=list)
    hint_id: str = None     # the stable id of the checker's hint (testCases.hints), for tables and CSV

    @property
    def passed(self):
        return self.status == PASSED


@dataclass
class Report:
    path: Path
    source: Path = None
    results: list = field(default_factory=list)
    problems: list = field(default_factory=list)   # errors outside exercises: not graded, shown

    @property
    def all_passed(self):
        return bool(self.results) and all(r.passed for r in self.results)


def graded_items(nb):
    """[(grade_id, check id or None)] in notebook order: each exercise with its check, then as
    their own items the check cells that belong to no exercise (e.g. one checking several)."""
    pairs = exercises_of(nb)
    owned = {check for _, check in pairs if check}
    order = {_nbgrader(c)["grade_id"]: i for i, c in enumerate(nb["cells"]) if is_solution(c) or is_check(c)}
    standalone = [(cid, cid) for cid in order if cid not in owned and is_check(
        nb["cells"][order[cid]])]
    return sorted(pairs + standalone, key=lambda item: order[item[0]])


def _plan(nb, source_nb):
    """Cells to run: [(code, kind, grade_id, note)], kind "solution" | "check" | "other",
    plus the Results in report order (the source's items first)."""
    cells = [c for c in nb["cells"] if c.get("cell_type") == "code"]
    learner = graded_items(nb)
    reference = graded_items(source_nb) if source_nb else learner
    original_checks = {_nbgrader(c)["grade_id"]: _source(c) for c in (source_nb or nb)["cells"] if is_check(c)}
    results = {gid: Result(gid) for gid, _ in reference}
    check_owner = {check: gid for gid, check in reference + learner if check}
    for gid, _ in learner:
        results.setdefault(gid, Result(gid))
    present_checks = {_nbgrader(c)["grade_id"] for c in cells if is_check(c)}
    present_solutions = {_nbgrader(c)["grade_id"] for c in cells if is_solution(c)}
    restored = "检查单元格被删除了，已用原始检查代替 (check cell deleted; original used)"

    plan = []
    for cell in cells:
        meta, code = _nbgrader(cell), _source(cell)
        if is_solution(cell):
            gid = meta["grade_id"]
            plan.append((code, "solution", gid, None))
            check = dict(reference).get(gid)
            if source_nb and check and check not in present_checks:
                plan.append((original_checks[check], "check", gid, restored))
                present_checks.add(check)
        elif is_check(cell):
            check = meta["grade_id"]
            gid = check_owner.get(check, check)
            results.setdefault(gid, Result(gid))
            note = None
            original = original_checks.get(check)
            if source_nb and original is not None and original.strip() != code.strip():
                code, note = original, "检查单元格被改动过，已用原始检查 (check cell was edited; original used)"
            plan.append((code, "check", gid, note))
        else:
            plan.append((code, "other", None, None))

    for gid, check in reference:
        if gid == check:    # a check of its own: put back at the end if deleted
            if gid not in present_checks and source_nb:
                plan.append((original_checks[gid], "check", gid, restored))
            elif gid not in present_checks:
                results[gid].status = MISSING
                results[gid].message = f"检查单元格 (grade_id '{gid}') 被删除了"
            continue
        if gid not in present_solutions:
            results[gid].notes.append("练习单元格不见了（被删除，或其 nbgrader 元数据丢失）")
        if check is None:
            results[gid].status = MISSING
            results[gid].message = (f"找不到它的检查单元格（应为 grade_id '{gid}_check'）：是否被删除了？"
                                    f"可从 notebooks/ 里同名的笔记本复制回来")
        elif not any(kind == "check" and g == gid for _, kind, g, _ in plan):
            results[gid].status = MISSING
            results[gid].message = (f"检查单元格 (grade_id '{check}') 被删除了：可从 notebooks/ 里同名的"
                                    f"笔记本复制回来")
    return plan, list(results.values())


def _judge(result, solution, check, timeout):
    """Set result.status/message from the outcomes of its solution cell and its check cell."""
    if result.status == MISSING and check is None:
        return
    for outcome, what in ((solution, "练习单元格"), (check, "检查单元格")):
        if outcome is not None and outcome.status == "timeout":
            result.status, result.message = TIMEOUT, (
                f"{what}运行超过 {timeout:g} 秒被中断：是否有死循环（infinite loop）？"
                f"可用 --timeout 放宽时限")
            return
        if outcome is not None and outcome.status == "dead":
            result.status, result.message = ERROR, f"{what}让内核崩溃了 (kernel died)：内存用尽或调用了 exit？"
            return
    if check is None:
        if solution is not None and not solution.ok:
            result.status, result.message = ERROR, f"练习单元格出错：{solution.first_line()}"
        elif result.status != MISSING:
            result.status, result.message = NOT_RUN, "检查单元格没有运行"
        return
    if check.hint_id:
        result.hint_id = check.hint_id
    for note in check.notes:
        if note not in result.notes:
            result.notes.append(note)
    if check.ok and solution is not None and solution.status == "error":
        result.status, result.message = ERROR, f"练习单元格出错（检查虽然通过了）：{solution.first_line()}"
        return
    if check.ok:
        result.status, result.message = PASSED, ""
        return
    if "还没有完成" in check.evalue or check.ename == "NotImplementedError" or (
            solution is not None and solution.ename == "NotImplementedError"):
        result.status = UNFINISHED
        inside = re.search(r"还没有完成（在 (\S+) 中）", check.evalue)
        where = f"（卡在 {inside[1]} 里）" if inside else ""
        result.message = f"还没有完成{where}：删掉 raise NotImplementedError()，在 # YOUR CODE HERE 处写出代码"
    elif solution is not None and solution.status == "error":
        result.status, result.message = ERROR, f"练习单元格出错：{solution.first_line()}"
    elif check.ename == "NameError" and _missing_name(check) == result.grade_id:
        name = result.grade_id
        result.status = ERROR
        result.message = (f"找不到 {name} (NameError)：函数是否改了名字，或定义它的练习单元格被删除了？"
                          f"请保持原来的函数名")
    elif check.ename in ("CheckFailed", "AssertionError"):
        result.status, result.message = FAILED, check.first_line()
    else:
        result.status, result.message = ERROR, f"你的代码出错：{check.first_line()}"


# Integrity: course checks run through grader-owned code

# Run in the learner's kernel in place of a check cell `testCases.<name>_test(<names>)`. It imports
# fresh copies of testCases and dnn_utils (the learner's sys.modules entries are popped and put back
# afterwards, so rebinding testCases, replacing a checker or patching Checker has no effect), looks
# the learner's functions up in the user namespace, and reports through a line that starts with a
# token drawn for this run: a printed fake pass line cannot carry it.
_GRADER_SNIPPET = r"""
def __grader_check(token, root, checker, names):
    import importlib, json, sys, traceback
    ours = [k for k in list(sys.modules) if k.split(".")[0] in ("testCases", "dnn_utils")]
    saved = {k: sys.modules.pop(k) for k in ours}
    sys.path.insert(0, root)
    result = {}
    try:
        tc = importlib.import_module("testCases")
        core = importlib.import_module("testCases._core")
        ns = get_ipython().user_ns
        missing = [n for n in names if n not in ns]
        if missing:
            result = {"status": "error", "ename": "NameError",
                      "evalue": "name %r is not defined" % missing[0], "notes": []}
        else:
            try:
                getattr(tc, checker)(*[ns[n] for n in names])
                result = {"status": "ok"}
            except core.CheckFailed as err:
                result = {"status": "error", "ename": "CheckFailed", "evalue": str(err),
                          "hint_id": getattr(err, "hint_id", None),
                          "notes": [str(n) for n in getattr(err, "__notes__", [])]}
            except BaseException as err:
                result = {"status": "error", "ename": type(err).__name__, "evalue": str(err),
                          "notes": [str(n) for n in getattr(err, "__notes__", [])],
                          "traceback": traceback.format_exception(err)[-6:]}
    finally:
        sys.path.remove(root)
        for k in [k for k in list(sys.modules) if k.split(".")[0] in ("testCases", "dnn_utils")]:
            del sys.modules[k]
        sys.modules.update(saved)
    sys.__stdout__.flush()
    print("\n" + token + " " + json.dumps(result), flush=True)
"""


def _course_check(code):
    """(checker name, [argument names]) if code is exactly `testCases.<name>_test(<names>)`."""
    import ast
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Expr):
        return None
    call = tree.body[0].value
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Name) and call.func.value.id == "testCases"
            and call.func.attr.endswith("_test") and not call.keywords
            and all(isinstance(a, ast.Name) for a in call.args)):
        return None
    return call.func.attr, [a.id for a in call.args]


def _run_check(kernel, code, timeout):
    """Run a check cell; course checks go through _GRADER_SNIPPET and only its token line counts."""
    import json
    import secrets
    parsed = _course_check(code)
    if parsed is None:
        return kernel.run(code, timeout=timeout)
    token = "GRADER-" + secrets.token_hex(16)
    checker, names = parsed
    call = f"__grader_check({token!r}, {str(ROOT)!r}, {checker!r}, {names!r})"
    outcome = kernel.run(_GRADER_SNIPPET + "\n" + call, timeout=timeout)
    if outcome.status in ("timeout", "dead"):
        return outcome
    lines = [line for line in outcome.stdout.splitlines() if line.startswith(token + " ")]
    shown = "\n".join(line for line in outcome.stdout.splitlines() if not line.startswith(token))
    if outcome.status != "ok" or len(lines) != 1:
        return Outcome("error", "GraderError", "评分代码没有给出结果：笔记本是否改动了 print、sys 或 "
                       f"importlib？({outcome.ename}: {outcome.evalue})".strip(), stdout=shown)
    got = json.loads(lines[0][len(token) + 1:])
    if got["status"] == "ok":
        return Outcome("ok", stdout=shown)
    return Outcome("error", got["ename"], got["evalue"], got.get("traceback", []), shown,
                   hint_id=got.get("hint_id"), notes=got.get("notes", []))


def _missing_name(outcome):
    """The name a NameError is about (None if it cannot be read)."""
    found = re.search(r"'([^']+)'", outcome.evalue or "")
    return found[1] if found else None


def grade(path, timeout=DEFAULT_TIMEOUT, source="auto", progress=None):
    """Run the notebook at path (never modified) and return a Report.

    source: the worked notebook to compare with; "auto" looks in notebooks/, None uses none."""
    path = Path(path)
    nb = load_notebook(path)
    source_path = find_source(path, nb) if source == "auto" else (Path(source) if source else None)
    source_nb = None
    if source_path is not None:
        try:
            source_nb = load_notebook(source_path)
        except GradingError:
            source_path = None
    plan, results = _plan(nb, source_nb)
    report = Report(path, source_path, results)
    by_id = {r.grade_id: r for r in results}
    if not results:
        return report

    outcomes = {}   # grade_id -> {"solution": Outcome, "check": Outcome}
    restarted_at = None
    with Kernel(path.resolve().parent) as kernel:
        for number, (code, kind, gid, note) in enumerate(plan, start=1):
            if progress:
                progress(number, len(plan))
            if restarted_at is not None:
                break
            outcome = _run_check(kernel, code, timeout) if kind == "check" else kernel.run(code, timeout=timeout)
            if gid is not None:
                got = outcomes.setdefault(gid, {})
                # An exercise seen twice: a later pass must not hide an earlier failure.
                if kind not in got or got[kind].ok:
                    got[kind] = outcome
                if note and note not in by_id[gid].notes:
                    by_id[gid].notes.append(note)
            elif outcome.status == "error":
                report.problems.append(f"第 {number} 个代码单元格出错：{outcome.first_line()}")
            elif outcome.status in ("timeout", "dead"):
                report.problems.append(f"第 {number} 个代码单元格运行超过 {timeout:g} 秒被中断")
            if outcome.status in ("timeout", "dead") and not kernel.recover(min(10.0, timeout)):
                restarted_at = number
                report.problems.append(f"第 {number} 个代码单元格之后内核没有响应，已重启；"
                                       f"后面的单元格未运行 (kernel restarted)")

    for result in results:
        got = outcomes.get(result.grade_id)
        if got is None:
            if result.status != MISSING:
                result.status = NOT_RUN
                result.message = ("内核重启后没有运行 (not run after the kernel restart)" if restarted_at
                                  else "没有找到这个练习的单元格")
            continue
        _judge(result, got.get("solution"), got.get("check"), timeout)
        if restarted_at and result.status == NOT_RUN:
            result.message = "内核重启后没有运行 (not run after the kernel restart)"
    return report


# Printing

def _width(text):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text, width):
    return text + " " * (width - _width(text))


def format_report(report):
    """The report as a table: 练习 / 结果 / 说明, then a summary line."""
    lines = [f"评分：{report.path}"]
    if report.source:
        lines.append(f"对照原始练习本 (compared with)：{report.source}")
    if not report.results:
        lines.append("这个笔记本里没有练习（没有带 nbgrader grade_id 的练习单元格）。")
        return "\n".join(lines)
    rows = [("练习", "结果", "说明")]
    for r in report.results:
        message = "；".join([r.message] + r.notes if r.message else r.notes)
        if r.hint_id and not r.passed:
            message = f"{message} [{r.hint_id}]"
        rows.append((r.grade_id, r.status, message))
    widths = [max(_width(row[i]) for row in rows) for i in range(2)]
    lines.append("")
    for i, (gid, status, message) in enumerate(rows):
        lines.append(f"{_pad(gid, widths[0])}  {_pad(status, widths[1])}  {message}".rstrip())
        if i == 0:
            lines.append(f"{'-' * widths[0]}  {'-' * widths[1]}  {'-' * 4}")
    passed = sum(r.passed for r in report.results)
    lines.append("")
    if report.problems:
        lines.append("其他单元格的问题（不计分）：")
        lines.extend(f"  {p}" for p in report.problems[:5])
        if len(report.problems) > 5:
            lines.append(f"  ……另有 {len(report.problems) - 5} 个")
    verdict = "全部通过！" if report.all_passed else "还有练习没有通过。"
    lines.append(f"通过 {passed}/{len(report.results)} 个练习。{verdict}")
    return "\n".join(lines)


def _positive_seconds(text):
    """argparse type: a finite positive number of seconds (nan, inf, 0 and negatives refused)."""
    import argparse
    import math
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"必须是有限的正数（秒），而不是 {text!r}")
    return value


def main(argv=None):
    import argparse
    parser = argparse.ArgumentParser(
        prog="python -m testCases",
        description="给练习本评分：在独立内核中逐个运行单元格，列出每个练习的结果 "
                    "(grade a learner's notebook; the file is never modified).")
    sub = parser.add_subparsers(dest="command")
    g = sub.add_parser("grade", help="评分一个练习本 (grade a notebook)")
    g.add_argument("notebook", nargs="+", help="例如 exercises/05_building_blocks.ipynb；也可以是多个文件、文件夹或通配符")
    g.add_argument("--jobs", type=int, default=None, help="同时评分几个笔记本（默认 CPU 核数）")
    g.add_argument("--csv", help="把每个笔记本每个练习的结果写成 CSV：notebook,exercise,result,points,hint")
    g.add_argument("--json", help="同上，写成 JSON（含说明文字）")
    g.add_argument("--report", help="班级报告：FILE.html 或 FILE.md（每个练习的通过数和最常见的提示）")
    g.add_argument("--timeout", type=_positive_seconds, default=DEFAULT_TIMEOUT,
                   help=f"每个单元格最多运行的秒数（默认 {DEFAULT_TIMEOUT}）")
    g.add_argument("--source", default="auto",
                   help="对照的原始笔记本（默认在 notebooks/ 中找同名文件；none 表示不对照）")
    args = parser.parse_args(argv)
    if args.command != "grade":
        parser.print_help()
        return 2
    source = None if args.source.lower() == "none" else args.source

    def progress(k, n):
        if sys.stderr.isatty():
            print(f"\r运行第 {k}/{n} 个代码单元格…", end="", file=sys.stderr, flush=True)

    if len(args.notebook) > 1 or args.csv or args.json or args.report or Path(args.notebook[0]).is_dir():
        return _main_batch(args)
    started = time.monotonic()
    try:
        report = grade(args.notebook[0], timeout=args.timeout, source=source, progress=progress)
    except GradingError as err:
        print(f"无法评分：{err}", file=sys.stderr)
        return 2
    except RuntimeError as err:   # the kernel could not start
        print(f"无法启动 Python 内核 (kernel)：{err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:     # the kernel is shut down by Kernel.__exit__ on the way out
        print("\n评分被中断 (Ctrl-C)，内核已关闭。", file=sys.stderr)
        return 130
    if sys.stderr.isatty():
        print("\r" + " " * 40 + "\r", end="", file=sys.stderr)
    print(format_report(report))
    print(f"（用时 {time.monotonic() - started:.0f} 秒）")
    return 0 if report.all_passed else 1


def _main_batch(args):
    """Many notebooks: a progress line, one summary line per notebook, CSV/JSON/report files."""
    from . import batch
    paths = batch.expand(args.notebook)
    if not paths:
        print("无法评分：没有找到笔记本（.ipynb）。", file=sys.stderr)
        return 2
    if args.jobs is not None and args.jobs < 1:
        print("--jobs 必须至少是 1。", file=sys.stderr)
        return 2

    def progress(k, n):
        print(f"\r已评分 {k}/{n} 个笔记本…", end="" if k < n else "\n", file=sys.stderr, flush=True)

    try:
        rows = batch.grade_many(paths, jobs=args.jobs, timeout=args.timeout, progress=progress)
    except KeyboardInterrupt:
        print("\n评分被中断 (Ctrl-C)。", file=sys.stderr)
        return 130
    for path in paths:
        mine = [r for r in rows if r["notebook"] == str(path)]
        ok = sum(r["result"] == "pass" for r in mine if r["exercise"])
        graded = sum(1 for r in mine if r["exercise"])
        print(f"{path}: 通过 {ok}/{graded}" + ("" if graded else f"（{mine[0]['message']}）"))
    if args.csv:
        batch.write_csv(rows, args.csv)
    if args.json:
        batch.write_json(rows, args.json)
    if args.report:
        batch.write_report(rows, args.report)
    return 0 if rows and all(r["result"] == "pass" for r in rows) else 1
