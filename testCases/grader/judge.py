"""From the outcomes of an exercise's cells to its status and message (pure, no kernel).

"Not done" is recognised by what the checker attaches, never by its text: a CheckFailed whose
hint id ends in ``.not_done``, or a NotImplementedError itself."""
import re

from .protocol import Status

CELL_FILE = re.compile(r"\s*\((?:<[^>]*>|[^()]*\.py), line (\d+)\)$")


def first_line(outcome):
    """One line for a table: the message's first line (cell file names tidied) and the hint."""
    lines = [line.strip() for line in (outcome.evalue or "").strip().split("\n")]
    text = CELL_FILE.sub(r"（第 \1 行）", lines[0])
    if outcome.ename == "MemoryError" and not text:
        text = "内存不够 (out of memory)：是否建了过大的数组？批量评分时的上限见 --memory"
    if outcome.hint and f"提示：{outcome.hint}" not in text:
        text = f"{text} 提示：{outcome.hint}"
    return f"{outcome.ename}: {text}" if outcome.ename and not text.startswith("✗") else text


def missing_name(outcome):
    """The name a NameError is about (None if it cannot be read)."""
    found = re.search(r"'([^']+)'", outcome.evalue or "")
    return found[1] if found else None


def judge(result, solution, check, timeout):
    """Set result's status and message from the Outcomes of its solution and check cells."""
    if result.status is Status.MISSING:
        return
    for outcome, what in ((solution, "练习单元格"), (check, "检查单元格")):
        if outcome is not None and outcome.status == "timeout":
            result.status, result.message = Status.TIMEOUT, (
                f"{what}运行超过 {timeout:g} 秒被中断：是否有死循环（infinite loop）？"
                f"可用 --timeout 放宽时限")
            return
        if outcome is not None and outcome.status == "dead":
            result.status, result.message = Status.ERROR, (
                f"{what}让内核崩溃了 (kernel died)：内存用尽、进程太多，或调用了 exit？")
            return
    if check is None:
        if solution is not None and not solution.ok:
            _error(result, solution, "练习单元格出错")
        else:
            result.status, result.message = Status.NOT_RUN, "检查单元格没有运行"
        return
    for note in check.notes:
        if note not in result.notes:
            result.notes.append(note)
    if check.ok and solution is not None and solution.status == "error":
        _error(result, solution, "练习单元格出错（检查虽然通过了）")
    elif check.ok:
        result.status, result.message = Status.PASSED, ""
    elif check.not_done or (solution is not None and solution.not_done):
        where = check.raised_in if check.raised_in and check.raised_in != result.function else None
        result.status, result.hint_id = Status.UNFINISHED, check.hint_id
        result.message = (f"还没有完成{f'（卡在 {where} 里）' if where else ''}："
                          f"删掉 raise NotImplementedError()，在 # YOUR CODE HERE 处写出代码")
    elif solution is not None and solution.status == "error":
        _error(result, solution, "练习单元格出错")
    elif check.ename == "NameError" and missing_name(check) in (result.function, result.exercise):
        name = missing_name(check)
        result.status, result.hint_id = Status.ERROR, check.hint_id
        result.message = (f"找不到 {name} (NameError)：函数是否改了名字，或定义它的练习单元格被删除了？"
                          f"请保持原来的函数名")
    elif check.ename in ("CheckFailed", "AssertionError"):
        result.status, result.message, result.hint_id = Status.FAILED, first_line(check), check.hint_id
    else:
        _error(result, check, "你的代码出错")


def _error(result, outcome, what):
    result.status, result.message = Status.ERROR, f"{what}：{first_line(outcome)}"
    result.hint_id = outcome.hint_id
    result.traceback = list(outcome.traceback)
    for note in outcome.notes:
        if note not in result.notes:
            result.notes.append(note)
