"""pyproject's core dependencies are exactly what the shipped modules import (plus the grader's
kernel), so the list cannot drift: an import added without its dependency fails here, and so does
a dependency that nothing imports any more. Also: every subpackage is listed for the wheel, and
requirements.txt installs the course, JupyterLab and the test tools."""
import ast
import importlib.metadata
import re
import sys
from pathlib import Path

import pytest

try:
    import tomllib
except ImportError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parent.parent
# Needed at run time but never imported: `python -m testCases grade` asks jupyter_client for a
# "python3" kernel, and ipykernel is that kernel.
RUN_NOT_IMPORTED = {"ipykernel"}


def _pyproject():
    with open(ROOT / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)


def normalize(name):
    """A distribution's name as PEP 503 compares them ("Pillow" -> "pillow", "jupyter_client" ->
    "jupyter-client")."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement):
    return normalize(re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement).group(1))


def shipped_files(project=None, root=ROOT):
    """The .py files the wheel ships: every listed package's folder (recursively) and py-modules."""
    setup = (project or _pyproject())["tool"]["setuptools"]
    where = setup.get("package-dir", {})
    files = []
    for package in setup.get("packages", []):
        if "." not in package:
            files += sorted((root / where.get(package, package)).rglob("*.py"))
    files += [root / f"{module}.py" for module in setup.get("py-modules", [])]
    return files


def own_names(project=None):
    setup = (project or _pyproject())["tool"]["setuptools"]
    return {p.split(".")[0] for p in setup.get("packages", [])} | set(setup.get("py-modules", []))


def imported_modules(files):
    """Top-level names of every module these files import, at the top or inside a function."""
    names = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names.add(node.module.split(".")[0])
    return names


def third_party(modules, own):
    return {m for m in modules if m not in sys.stdlib_module_names and m not in own
            and m != "__future__"}


def distributions(modules):
    """{module: distribution name} from the installed distributions; a module no installed
    distribution provides maps to None."""
    provided = importlib.metadata.packages_distributions()
    return {m: normalize(provided[m][0]) if m in provided else None for m in modules}


def test_core_dependencies_are_what_the_shipped_modules_import():
    project = _pyproject()
    modules = third_party(imported_modules(shipped_files(project)), own_names(project))
    dists = distributions(modules)
    assert None not in dists.values(), {m: d for m, d in dists.items() if d is None}
    declared = {requirement_name(r) for r in project["project"]["dependencies"]}
    imported = set(dists.values()) | RUN_NOT_IMPORTED
    assert declared - imported == set(), "declared, but no shipped module imports it"
    assert imported - declared == set(), "imported by a shipped module, but not declared"
    assert {"numpy", "jupyter-client", "ipywidgets", "pillow"} <= imported  # the walk found them


def test_the_check_sees_a_new_import_and_an_unused_dependency(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("import json\nfrom . import sub\n")
    (tmp_path / "pkg" / "sub.py").write_text("def f():\n    from PIL import Image\n    import h5py.h5f\n")
    (tmp_path / "mod.py").write_text("import pkg\nimport numpy as np\n")
    project = {"tool": {"setuptools": {"packages": ["pkg"], "py-modules": ["mod"]}}}
    modules = third_party(imported_modules(shipped_files(project, tmp_path)), own_names(project))
    assert modules == {"PIL", "h5py", "numpy"}
    assert set(distributions(modules).values()) == {"pillow", "h5py", "numpy"}
    assert distributions({"no_such_module_here"}) == {"no_such_module_here": None}


def test_every_subpackage_is_listed_for_the_wheel():
    # setuptools ships only the packages listed by name: dnn_utils/widgets/ missing from the list
    # would import in the clone and be absent from an installed course
    setup = _pyproject()["tool"]["setuptools"]
    where = setup.get("package-dir", {})
    listed = set(setup["packages"])
    for package in [p for p in listed if "." not in p]:
        folder = ROOT / where.get(package, package)
        for init in folder.rglob("__init__.py"):
            dotted = ".".join([package, *init.parent.relative_to(folder).parts])
            assert dotted in listed, f"{dotted} is not in [tool.setuptools] packages"


def test_requirements_install_the_course_jupyterlab_and_the_test_tools():
    lines = [line.split("#")[0].strip() for line in
             (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()]
    names = {requirement_name(line) for line in lines if line and not line.startswith("-")}
    assert "-e ." in lines  # the course's modules and with them every core dependency
    lab = {requirement_name(r) for r in _pyproject()["project"]["optional-dependencies"]["lab"]}
    assert lab | {"pytest", "nbval", "ipywidgets"} <= names
