"""Reading a notebook for grading: load and validate it, find its exercises and check cells.

Cells are classified by their nbgrader metadata: a *solution* cell (``solution: true`` and a
grade_id) holds the learner's answer; a *check* cell (``grade: true``, not a solution) runs the
course's checker. Everything here is pure (no kernel) and trusts nothing in the file."""
import ast
import json
from pathlib import Path

from .protocol import GradingError


def load_notebook(path):
    """The notebook at path as a dict (read only); GradingError with a Chinese message otherwise."""
    path = Path(path)
    if not path.exists():
        raise GradingError(f"找不到文件：{path}（请检查路径和文件名，例如 05_building_blocks.ipynb）")
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
        problem = cell_problem(cell)
        if problem:
            raise GradingError(f"{path} 的第 {number} 个单元格格式不对：{problem}。文件是否被手工改坏了？")
    return nb


def cell_problem(cell):
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


def source_of(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def nbgrader_of(cell):
    meta = cell.get("metadata", {})
    return meta.get("nbgrader", {}) if isinstance(meta, dict) else {}


def grade_id_of(cell):
    return nbgrader_of(cell).get("grade_id")


def is_solution(cell):
    meta = nbgrader_of(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("solution")) and bool(meta.get("grade_id"))


def is_check(cell):
    meta = nbgrader_of(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution") \
        and bool(meta.get("grade_id"))


def code_cells(nb):
    return [c for c in nb["cells"] if c.get("cell_type") == "code"]


def graded_ids(nb):
    """The grade_ids of the notebook's solution and check cells."""
    return {grade_id_of(c) for c in nb["cells"] if is_solution(c) or is_check(c)}


def exercises_of(nb):
    """[(exercise grade_id, check grade_id or None)] in notebook order.

    The check of exercise g is the cell with grade_id g + "_check", else a check cell that comes
    after g and before the next exercise (and is not named for another exercise)."""
    cells = nb["cells"]
    solutions = [(i, grade_id_of(c)) for i, c in enumerate(cells) if is_solution(c)]
    checks = [(i, grade_id_of(c)) for i, c in enumerate(cells) if is_check(c)]
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


def graded_items(nb):
    """[(grade_id, check id or None)] in notebook order: each exercise with its check, then as
    their own items the check cells that belong to no exercise (e.g. one checking several)."""
    pairs = exercises_of(nb)
    owned = {check for _, check in pairs if check}
    order = {grade_id_of(c): i for i, c in enumerate(nb["cells"]) if is_solution(c) or is_check(c)}
    standalone = [(cid, cid) for cid in order if cid not in owned and is_check(nb["cells"][order[cid]])]
    return sorted(pairs + standalone, key=lambda item: order[item[0]])


def course_check_call(code):
    """(checker name, [argument names]) if code is exactly `testCases.<name>_test(<names>)`."""
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


def defined_function(code):
    """Name of the first function a cell defines (the function the learner writes), or None."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    return next((node.name for node in tree.body if isinstance(node, ast.FunctionDef)), None)
