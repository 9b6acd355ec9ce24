"""The course's own solutions of every exercise: the nbgrader solution cells of notebooks/,
executed with the imports and defs of their notebook (cheap: no training, no plots).

Tests grade these as "the right answer" (the checkers refuse dnn_utils' reference implementations
of the exercise under test, issue 20) and build wrong variants from them.
"""
import ast
import contextlib
import glob
import io
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def code_cells(nb):
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            src = cell.get("source", "")
            src = "".join(src) if isinstance(src, list) else src
            # IPython magics and shell lines are not Python
            yield cell, "\n".join(line for line in src.splitlines() if not line.lstrip().startswith(("%", "!")))


def _definitions(src):
    """The top-level imports and defs of a cell."""
    try:
        tree = ast.parse(src)
    except SyntaxError:
        return None
    keep = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef))]
    return ast.Module(body=keep, type_ignores=[]) if keep else None


def check_calls(src):
    """(checker name, [argument names]) of each testCases.<name>_test(...) call in a cell."""
    try:
        tree = ast.parse(src)
    except SyntaxError:
        return []
    calls = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "testCases"
                and node.func.attr.endswith("_test") and all(isinstance(a, ast.Name) for a in node.args)):
            calls.append((node.func.attr, [a.id for a in node.args]))
    return calls


def _solutions():
    """checker name -> list of solution functions (one per argument), and name -> function."""
    by_checker, by_name = {}, {}
    cwd = os.getcwd()
    for path in sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb"))):
        with open(path, encoding="utf-8") as f:
            nb = json.load(f)
        ns = {"__name__": "__solutions__"}
        os.chdir(os.path.dirname(path))
        try:
            for _, src in code_cells(nb):
                module = _definitions(src)
                if module is not None:
                    with contextlib.redirect_stdout(io.StringIO()):
                        for node in module.body:
                            try:
                                exec(compile(ast.Module(body=[node], type_ignores=[]), path, "exec"), ns)
                            except Exception:
                                pass
                for name, args in check_calls(src):
                    if name not in by_checker and all(callable(ns.get(a)) for a in args):
                        by_checker[name] = [ns[a] for a in args]
                        by_name.update({a: ns[a] for a in args})
        finally:
            os.chdir(cwd)
    return by_checker, by_name


SOLUTIONS, BY_NAME = _solutions()


def solution(name):
    """The notebook's solution of the exercise whose function is called name."""
    return BY_NAME[name]
