"""The grader's code inside the learner's kernel: it runs a course check and describes errors.

The grader loads this file by path (never through ``import testCases``, which a notebook may have
replaced) and binds it to a private name in the kernel. A course check ``testCases.<name>_test(f)``
runs through ``run_check`` against the course's own copy of testCases and dnn_utils, imported
once from the course folder and swapped into sys.modules only while a check runs: rebinding
``testCases``, replacing a checker, patching ``Checker`` or planting modules in sys.modules has no
effect on it. Results go back as a JSON string read through the execute request's
user_expressions (``take``), not through printed text, so printed fake results do not count and
the output cap cannot cut them. This file imports nothing from the course at load time.

What it cannot do: code running in the same process can still patch numpy, Python or this module.
In batch mode the sandbox keeps that to one submission's own grade (see docs/grading.md)."""
import functools
import importlib
import json
import re
import sys
import traceback

OURS = ("testCases", "dnn_utils")
_FRESH = {}         # course root -> {module name: module}: the course's own copy
_RESULTS = {}       # token -> JSON text, taken once by the grader
LIMIT = 20000       # characters kept of any one message


def _shell():
    """The IPython shell this module runs in (IPython puts get_ipython into builtins)."""
    import builtins
    return builtins.get_ipython()


def _is_ours(name):
    return name.split(".")[0] in OURS


def _swap(modules):
    """Put modules (name -> module) into sys.modules for our names; return what was there."""
    saved = {k: sys.modules.pop(k) for k in [k for k in sys.modules if _is_ours(k)]}
    sys.modules.update(modules)
    return saved


def _fresh(root):
    """The course's own testCases and dnn_utils, imported once from root."""
    if root not in _FRESH:
        saved = _swap({})
        sys.path.insert(0, root)
        try:
            importlib.import_module("testCases")
            importlib.import_module("testCases._core")
            _FRESH[root] = {k: m for k, m in sys.modules.items() if _is_ours(k)}
        finally:
            sys.path.remove(root)
            _swap(saved)
    return _FRESH[root]


def _text(value, limit=LIMIT):
    try:
        text = str(value)
    except Exception:
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[:limit] + f" …（截断 truncated, {len(text)} 字符）"


def _raised_in(err):
    """Name of the innermost function a NotImplementedError (err or its context) came from."""
    nie = err if isinstance(err, NotImplementedError) else err.__context__
    if not isinstance(nie, NotImplementedError):
        return None
    tb, name = nie.__traceback__, None
    while tb is not None:
        name, tb = tb.tb_frame.f_code.co_name, tb.tb_next
    return name


def _frames(err, root, keep=3):
    """The learner's last frames: after the course's own code (checkers), at most keep of them."""
    if isinstance(err, SyntaxError):
        return [_text(line, 2000) for line in traceback.format_exception_only(type(err), err)]
    try:
        frames = traceback.extract_tb(err.__traceback__)
    except Exception:
        return []
    last_ours = max((i for i, f in enumerate(frames) if root and f.filename.startswith(root)
                     or f.filename == __file__), default=-1)
    frames = frames[last_ours + 1:][-keep:]
    for frame in frames:    # IPython's file for a cell: a temporary path that means nothing to a learner
        if re.search(r"ipykernel_\d+[/\\]\d+\.py$", frame.filename):
            frame.filename = "<单元格 cell>"
    lines = [_text(line, 2000) for line in traceback.format_list(frames)]
    return lines + [_text(f"{type(err).__name__}: {_text(err, 2000)}", 2100)]


def describe(err, root=None):
    """A JSON-able account of an exception; attributes a learner's code set are kept as text."""
    if err is None:
        return {"status": "error", "ename": "", "evalue": ""}
    hint_id = getattr(err, "hint_id", None)
    hint = getattr(err, "hint", None)
    notes = getattr(err, "__notes__", None)
    return {"status": "error", "ename": _text(type(err).__name__, 200), "evalue": _text(err),
            "hint_id": _text(hint_id, 200) if isinstance(hint_id, str) else None,
            "hint": _text(hint, 2000) if isinstance(hint, str) else None,
            "notes": [_text(n, 2000) for n in notes[:10]] if isinstance(notes, list) else [],
            "traceback": _frames(err, root), "raised_in": _raised_in(err)}


def run_check(token, root, checker, names):
    """Run testCases.<checker>(*names from the user namespace) with the course's own testCases."""
    fresh = _fresh(root)
    ns = _shell().user_ns
    missing = [n for n in names if n not in ns]
    if missing:
        result = {"status": "error", "ename": "NameError", "evalue": f"name {missing[0]!r} is not defined"}
    else:
        saved = _swap(dict(fresh))
        try:
            getattr(fresh["testCases"], checker)(*[ns[n] for n in names])
            result = {"status": "ok"}
        except BaseException as err:    # SystemExit, KeyboardInterrupt too: they are the learner's
            result = describe(err, root)
        finally:
            _swap(saved)
    sys.stdout.flush()
    _RESULTS[token] = json.dumps(result)


def describe_last(token, root=None):
    """Describe the exception IPython stored for the last failed cell (sys.last_value)."""
    _RESULTS[token] = json.dumps(describe(getattr(sys, "last_value", None), root))


def take(token):
    """The JSON text stored under token (once); the grader reads it via user_expressions."""
    return _RESULTS.pop(token, "")


TRUNCATED = "\n…（输出太长，后面的部分没有保存 output truncated by the grader）\n"
_OUT = {"limit": None, "written": 0, "noted": False}


def _reset_output(*args):
    _OUT["written"], _OUT["noted"] = 0, False


def cap_output(limit):
    """Forward at most limit characters of stdout + stderr per cell, then one TRUNCATED line:
    the kernel does not buffer, and the grader does not receive, what nobody will read. The cap
    is a property of a subclass of the stream's class that ignores assignment: IPython re-binds
    ``write`` around every cell to keep a copy of all output, which would grow without bound."""
    _OUT["limit"] = limit
    capped = property(lambda self: functools.partial(_capped_write, self), lambda self, value: None)
    for stream in (sys.stdout, sys.stderr):
        stream.__dict__.pop("write", None)
        stream.__class__ = type("Capped" + type(stream).__name__, (type(stream),), {"write": capped})
    _shell().events.register("pre_execute", _reset_output)


def _capped_write(stream, text):
    room = _OUT["limit"] - _OUT["written"]
    _OUT["written"] += len(text)
    write = super(type(stream), stream).write
    if room >= len(text):
        return write(text)
    if room > 0:
        write(text[:room])
    if not _OUT["noted"]:
        _OUT["noted"] = True
        write(TRUNCATED)
    return len(text)


def quiet_figures():
    """Figures are drawn for a reader; grading has none: image formatters off (about 3x faster
    for the notebooks that plot). A learner's savefig still works."""
    formatters = _shell().display_formatter.formatters
    for mime in ("image/png", "image/jpeg", "image/svg+xml", "application/pdf"):
        if mime in formatters:
            formatters[mime].enabled = False


def warm(root):
    """Import the course's own copy now (a kernel started ahead of its notebook)."""
    _fresh(root)
