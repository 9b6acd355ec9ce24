"""Every name the notebooks take from the course's packages exists, and every keyword they pass is
accepted: a rename in dnn_utils, lr_utils or testCases that forgets its alias fails here, not in a
learner's notebook. The notebooks are read as Python (ast), cell by cell in order; a name the
notebook later binds itself (a learner's own `def two_layer_model`) is no longer the package's."""
import ast
import importlib
import inspect
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("dnn_utils", "lr_utils", "testCases")
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "exercises").glob("*.ipynb"))


def _code(cell_source):
    """A cell's Python, with IPython's %magics and !shell lines blanked out."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                     for line in cell_source.splitlines())


def _resolve(path):
    """The object at a dotted path such as "dnn_utils.widgets.plot_xor" (imports modules on the way)."""
    parts = path.split(".")
    obj = importlib.import_module(parts[0])
    for i, part in enumerate(parts[1:], start=1):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            obj = importlib.import_module(".".join(parts[:i + 1]))  # a submodule not imported yet
    return obj


def _chain(node):
    """["a", "b", "c"] for the expression a.b.c, or None when it is not a plain chain of names."""
    names = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    return [node.id, *reversed(names)] if isinstance(node, ast.Name) else None


def _accepts(fn, keyword):
    if keyword in getattr(fn, "renamed_keywords", {}):
        return True
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return True  # no signature to check (a builtin)
    return keyword in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


def _bound_here(stmt):
    """Names a statement binds that are not imports (assignments, defs, classes, for targets)."""
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {stmt.name}
    targets = {ast.Assign: lambda s: s.targets, ast.AugAssign: lambda s: [s.target],
               ast.AnnAssign: lambda s: [s.target], ast.For: lambda s: [s.target],
               ast.With: lambda s: [i.optional_vars for i in s.items if i.optional_vars]}
    for kind, get in targets.items():
        if isinstance(stmt, kind):
            return {n.id for t in get(stmt) for n in ast.walk(t) if isinstance(n, ast.Name)}
    return set()


def problems(cell_sources, packages=PACKAGES):
    """What does not resolve in these cells: a list of messages (empty when all is well)."""
    found, bound = [], {}  # local name -> dotted path into a package

    def check(path, what):
        try:
            return _resolve(path)
        except (AttributeError, ImportError):
            message = f"{what}: {path} does not exist"
            if message not in found:
                found.append(message)
            return None

    for source in cell_sources:
        tree = ast.parse(_code(source))
        inner = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        for stmt in tree.body:
            for node in ast.walk(stmt):
                if isinstance(node, ast.Attribute) and id(node) not in inner:  # a.b.c as a whole
                    names = _chain(node)
                    if names and names[0] in bound:
                        check(".".join([bound[names[0]], *names[1:]]), "name")
                if isinstance(node, ast.Call):
                    names = _chain(node.func)
                    if names and names[0] in bound:
                        fn = check(".".join([bound[names[0]], *names[1:]]), "name")
                        for kw in node.keywords:
                            if fn is not None and kw.arg and not _accepts(fn, kw.arg):
                                found.append(f"keyword: {'.'.join(names)}({kw.arg}=...) is not accepted")
            if isinstance(stmt, ast.Import):
                for alias in stmt.names:
                    if alias.name.split(".")[0] in packages:
                        check(alias.name, "import")
                        local = alias.asname or alias.name.split(".")[0]
                        bound[local] = alias.name if alias.asname else local
            elif isinstance(stmt, ast.ImportFrom) and (stmt.module or "").split(".")[0] in packages:
                for alias in stmt.names:
                    check(f"{stmt.module}.{alias.name}", "from-import")
                    bound[alias.asname or alias.name] = f"{stmt.module}.{alias.name}"
            else:
                for name in _bound_here(stmt):
                    bound.pop(name, None)
    return found


def _cells(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_package_name_a_notebook_uses_exists(path):
    assert problems(_cells(path)) == []


def test_the_notebooks_use_the_packages():
    # the check above is not vacuous: the notebooks really take names from all three packages
    used = {p for path in NOTEBOOKS for cell in _cells(path) for p in PACKAGES if p in cell}
    assert used == set(PACKAGES) and len(NOTEBOOKS) >= 26


def test_problems_catches_a_missing_name_and_a_renamed_keyword():
    assert problems(["from dnn_utils.widgets import plot_xor, xor_explorer"]) == []
    assert problems(["from dnn_utils.widgets import plot_xxx"]) == [
        "from-import: dnn_utils.widgets.plot_xxx does not exist"]
    assert problems(["import dnn_utils\nx = dnn_utils.images.no_such_function(1)"]) == [
        "name: dnn_utils.images.no_such_function does not exist"]
    assert problems(["import testCases as tc\ntc.no_such_test(f)"]) != []
    assert problems(["from dnn_utils import mlp\nmlp.train(1, 2, 3, 4, 5, epochs=3)"]) == []
    bad = problems(["from dnn_utils import plots\nplots.draw_network([1, 2], colour='red')"])
    assert bad == ["keyword: plots.draw_network(colour=...) is not accepted"]
    assert problems(["import dnn_utils.shapes as sh\nsh.layer_shapes(layer_dims=[1, 2], m=1)"]) == []
    assert problems(["import dnn_utils.shapes as sh\nsh.layer_shapes(sizes=[1, 2])"]) != []


def test_problems_forgets_a_name_the_notebook_binds_itself():
    own = ["from dnn_utils import two_layer_model",
           "def two_layer_model(X, Y, dims, rate=1):\n    pass",
           "two_layer_model(1, 2, 3, rate=2)"]
    assert problems(own) == []
    assert problems([own[0], own[2]]) == ["keyword: two_layer_model(rate=...) is not accepted"]
