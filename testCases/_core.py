"""The checker toolkit every ``<name>_test(fn)`` is built from.

A check runs the learner's function on deep copies of fixed inputs and then checks, in order:
something was returned, its type, keys, shapes, values (with a tolerance), and that the inputs
were not mutated. The first failure raises ``CheckFailed`` (an AssertionError) with a message in
Chinese that names the variable, says expected vs got, and adds a hint for the usual mistake;
``.checker``, ``.hint_id`` and ``.hint`` say which check failed and why, for tests and the grader.
An exception raised inside the learner's code keeps its own traceback; ``NotImplementedError``
(a blank exercise) becomes a short "not done yet" message instead.

Hints are found by diagnosis, not guessed: a ``wrong=`` table pairs the outputs of plausible
wrong implementations (computed on the same inputs) with the hint for that mistake.

Values are validated before any numpy call touches them: ``shape``/``close`` accept only a real,
finite, numeric ndarray (Python numbers for scalars, lists only with ``allow_list=True``); bool,
complex, object and string arrays, ragged lists, None, dicts ... fail with their own message and
hint id (``<checker>.bool``, ``.complex``, ``.object_array``, ``.string_array``, ``.ragged``,
``.not_numeric``, ``.not_finite``).
"""
import contextlib
import copy
import inspect
import io
import numbers
import sys

import numpy as np

from .hints import GENERIC, Hint

__all__ = ["CheckFailed", "Checker", "check", "show"]


class CheckFailed(AssertionError):
    """A learner's function gave a wrong answer; the message says what and why."""

    def __init__(self, message, checker=None, hint_id=None, hint=None):
        super().__init__(message)
        self.checker = checker
        self.hint_id = hint_id
        self.hint = hint


def _fmt_shape(shape):
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def _fmt(value, limit=6):
    """A few numbers of a validated array; never raises (a message must not crash)."""
    try:
        a = np.asarray(value, dtype=float)
        flat = np.round(a.ravel()[:limit], 8).tolist()
        return f"{flat}{' …' if a.size > limit else ''}"
    except Exception:
        return _short_repr(value)


def _short_repr(value, limit=60):
    try:
        text = repr(value)
    except Exception:
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[:limit] + " …"


def _add_note(err, note):
    """BaseException.add_note on 3.11+; on 3.10 the note goes into the message so it is seen."""
    if hasattr(err, "add_note"):
        err.add_note(note)
        return
    notes = getattr(err, "__notes__", None)
    try:
        if not isinstance(notes, list):
            notes = []
            err.__notes__ = notes
        notes.append(note)
    except Exception:
        pass
    if len(err.args) == 1 and isinstance(err.args[0], str):
        err.args = (err.args[0] + "\n" + note,)
    else:
        print(note, file=sys.stderr)


class Checker:
    """Collects the checks of one graded function; use as ``with Checker("name") as c:``."""

    def __init__(self, name):
        self.name = name
        self.count = 0
        self._inputs = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            print(f"✓ {self.name}：全部 {self.count} 项检查通过")
        return False

    def fail(self, message, hint=None, hint_id=None, kind="failed"):
        """Raise CheckFailed; its hint_id is hint_id, else hint.id, else f"{name}.{kind}"."""
        text = f"✗ {self.name}：{message}"
        if hint:
            text += f"\n  提示：{hint}"
        if hint_id is None:
            hint_id = getattr(hint, "id", None) or f"{self.name}.{kind}"
        raise CheckFailed(text, checker=self.name, hint_id=hint_id,
                          hint=str(hint) if hint else None)

    def ok(self):
        self.count += 1

    def call(self, fn, *args, error_hint=None, copy_args=True, error_notes=None, **kwargs):
        """Run the learner's fn on deep copies of args; remember the copies for unchanged().
        error_hint is added as a note to a ValueError raised inside fn (usually a shape error);
        error_notes {exception class: note} adds notes to other exceptions. copy_args=False passes
        args themselves (an exercise whose job is to write into them, e.g. a graph's .grad)."""
        if not callable(fn):
            self.fail(f"需要传入一个函数，收到的是 {type(fn).__name__}（pass the function itself, "
                      f"e.g. {self.name}, not {self.name}(...)）。", kind="not_callable")
        if copy_args:
            copies = copy.deepcopy((args, kwargs))
            self._inputs.append(((args, kwargs), copies))
        else:
            copies = (args, kwargs)
        try:
            return fn(*copies[0], **copies[1])
        except NotImplementedError as err:
            where = _raised_in(err)
            detail = f"（在 {where} 中）" if where and where != getattr(fn, "__name__", "") else ""
            self.fail(f"还没有完成{detail}：请把 `# YOUR CODE HERE` 下面的 "
                      f"`raise NotImplementedError()` 换成你的代码 "
                      f"(NotImplementedError: exercise not done yet)。", kind="not_done")
        except Exception as err:
            # The learner's own traceback stays; a note says where it came from and, for shape
            # errors, what usually causes them.
            _add_note(err, f"↑ 这个错误发生在你的 {self.name} 代码里（见上面的 traceback）。")
            if error_hint and isinstance(err, ValueError):
                _add_note(err, f"提示：{error_hint}")
            for kind, note in (error_notes or {}).items():
                if isinstance(err, kind):
                    _add_note(err, note)
            raise

    def returned(self, value, what="返回值"):
        if value is None:
            self.fail(f"{what} 是 None。", GENERIC["returned_none"], kind="returned_none")
        self.ok()
        return value

    def unpack(self, value, names):
        """value must be a tuple/list with len(names) items; returns them."""
        self.returned(value)
        if not isinstance(value, (tuple, list)) or len(value) != len(names):
            got = f"{len(value)} 个值" if isinstance(value, (tuple, list)) else type(value).__name__
            self.fail(f"应返回 {len(names)} 个值 ({', '.join(names)})，实际得到 {got}。",
                      f"最后一行应是 return {', '.join(names)}", kind="wrong_count")
        self.ok()
        return value

    def is_type(self, value, types, what, hint=None):
        types = types if isinstance(types, tuple) else (types,)
        # bool is an int to isinstance, never to a learner's exercise
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            names = "/".join(t.__name__ for t in types)
            self.fail(f"{what} 的类型应为 {names}，实际是 {type(value).__name__}。", hint,
                      kind="wrong_type")
        self.ok()
        return value

    def keys(self, mapping, expected, what, hint=None):
        self.is_type(mapping, dict, what)
        got, want = set(mapping), set(expected)
        if got != want:
            missing, extra = sorted(want - got, key=repr), sorted(got - want, key=repr)
            parts = []
            if missing:
                parts.append(f"缺少 {missing}")
            if extra:
                parts.append(f"多出 {_short_repr(extra, 200)}")
            self.fail(f"{what} 的键不对：{'；'.join(parts)}。", hint, kind="wrong_keys")
        self.ok()

    def array(self, value, what, scalar=False, allow_list=False):
        """value as a float64 ndarray if it is a real numeric array (a Python/numpy number when
        scalar, a list/tuple of numbers when allow_list); otherwise fail with what is wrong."""
        if value is None:
            self.fail(f"{what} 是 None。", GENERIC["returned_none"], kind="returned_none")
        if isinstance(value, (bool, np.bool_)):
            self.fail(f"{what} 是布尔值 {value}，应是数值。", GENERIC["bool"], kind="bool")
        if isinstance(value, (complex, np.complexfloating)):
            self.fail(f"{what} 是复数 {_short_repr(value)}，应是实数。", GENERIC["complex"], kind="complex")
        if isinstance(value, numbers.Real) and not isinstance(value, np.ndarray):
            if not scalar:
                self.fail(f"{what} 应是 numpy 数组，实际是一个数 {_short_repr(value)}"
                          f"（{type(value).__name__}）。", GENERIC["not_numeric"], kind="not_numeric")
            try:
                value = np.asarray(float(value))
            except Exception:
                self.fail(f"{what} 不是一个可用的数（{type(value).__name__}）。",
                          GENERIC["not_numeric"], kind="not_numeric")
        elif isinstance(value, (list, tuple)) and allow_list:
            value = self._from_list(value, what)
        elif not isinstance(value, np.ndarray):
            kind_text = "字符串" if isinstance(value, (str, bytes)) else type(value).__name__
            self.fail(f"{what} 应是数值数组 (numpy ndarray)，实际是 {kind_text}"
                      f"{'：' + _short_repr(value) if isinstance(value, (str, bytes)) else ''}。",
                      GENERIC["not_numeric"], kind="not_numeric")
        dtype_kind = value.dtype.kind
        if dtype_kind == "b":
            self.fail(f"{what} 是布尔数组 (dtype=bool)，应是数值数组。", GENERIC["bool"], kind="bool")
        if dtype_kind == "c":
            self.fail(f"{what} 是复数数组 (dtype={value.dtype})，应是实数数组。",
                      GENERIC["complex"], kind="complex")
        if dtype_kind in "US":
            self.fail(f"{what} 是字符串数组 (dtype={value.dtype})，应是数值数组。",
                      GENERIC["string_array"], kind="string_array")
        if dtype_kind == "O":
            self.fail(f"{what} 是 dtype=object 的数组，应是数值数组。",
                      GENERIC["object_array"], kind="object_array")
        if dtype_kind not in "fiu":
            self.fail(f"{what} 的 dtype={value.dtype} 不是数值类型。", GENERIC["not_numeric"],
                      kind="not_numeric")
        return np.array(value, dtype=float)

    def _from_list(self, value, what):
        def walk(v, depth):
            if depth > 32:
                self.fail(f"{what} 嵌套太深。", GENERIC["not_numeric"], kind="not_numeric")
            if isinstance(v, (list, tuple)):
                for x in v:
                    walk(x, depth + 1)
            elif isinstance(v, (bool, np.bool_)):
                self.fail(f"{what} 里有布尔值 {v}，应是数值。", GENERIC["bool"], kind="bool")
            elif isinstance(v, (complex, np.complexfloating)):
                self.fail(f"{what} 里有复数 {_short_repr(v)}。", GENERIC["complex"], kind="complex")
            elif isinstance(v, np.ndarray):
                self.array(v, f"{what} 中的元素", scalar=True)
            elif not isinstance(v, numbers.Real):
                self.fail(f"{what} 里有非数值的元素 {_short_repr(v)}（{type(v).__name__}）。",
                          GENERIC["not_numeric"], kind="not_numeric")
        walk(value, 0)
        try:
            return np.array(value, dtype=float)
        except (TypeError, ValueError):
            self.fail(f"{what} 是长度不一的嵌套列表，拼不成数组。", GENERIC["ragged"], kind="ragged")

    def shape(self, value, expected, what, wrong=None, hint=None, allow_list=False):
        """value must be a real, finite, numeric ndarray (or number if expected == ()) of shape
        expected. wrong: {bad_shape: hint} for the shapes the usual mistakes produce."""
        expected = tuple(expected)
        arr = self.array(value, what, scalar=expected == (), allow_list=allow_list)
        if arr.shape != expected:
            hint = (wrong or {}).get(arr.shape, hint)
            if hint is None and arr.size == int(np.prod(expected)):
                hint = GENERIC["wrong_shape"]
            self.fail(f"{what} 的形状是 {_fmt_shape(arr.shape)}，应为 {_fmt_shape(expected)}。", hint,
                      kind="wrong_shape")
        if not np.all(np.isfinite(arr)):
            self.fail(f"{what} 含有 nan 或 inf。", GENERIC["not_finite"], kind="not_finite")
        self.ok()
        return arr

    def close(self, value, expected, what, atol=1e-7, rtol=1e-6, wrong=None, hint=None,
              hidden=False, allow_list=False):
        """Values within tolerance. wrong: list of (value_of_a_wrong_version, hint).
        hidden: the expected values are secret (a case no docstring or message shows), so the
        message says the values differ without printing expected numbers or the difference."""
        expected = np.asarray(expected, dtype=float)
        arr = self.shape(value, expected.shape, what, hint=hint, allow_list=allow_list)
        if not np.allclose(arr, expected, atol=atol, rtol=rtol):
            found = hint
            for bad, bad_hint in wrong or []:
                bad = np.asarray(bad, dtype=float)
                if bad.shape == arr.shape and np.allclose(arr, bad, atol=atol, rtol=rtol):
                    found = bad_hint
                    break
            if hidden:
                self.fail(f"{what} 的数值不对（在一组不公开的检查输入上；公开用例的数字是对的也不够，"
                          f"要对任意输入都算对）。\n  得到 got: {_fmt(arr)}", found, kind="wrong_value")
            diff = float(np.max(np.abs(arr - expected)))
            self.fail(f"{what} 的数值不对（最大差 max|diff| = {diff:.3g}）。\n"
                      f"  期望 expected: {_fmt(expected)}\n  得到 got:      {_fmt(arr)}", found,
                      kind="wrong_value")
        self.ok()
        return arr

    def unchanged(self, hint=GENERIC["mutated_input"]):
        """The inputs given to call() are equal to fresh copies of the originals."""
        for original, used in self._inputs:
            if not _equal(original, used):
                self.fail("修改了传入的参数 (an input was mutated in place)。", hint, kind="mutated_input")
        self.ok()

    @contextlib.contextmanager
    def reference_blocks(self, fn, blocks):
        """Grade a composed function on its composition only: every block in ``blocks``
        (ordered ``(name, checker, reference)``) that fn's globals bind to something other than the
        reference is run through its own checker; a failing one is named once and replaced by the
        reference inside the with-block (restored afterwards, even on exceptions)."""
        g = getattr(fn, "__globals__", None)
        saved = []
        try:
            if isinstance(g, dict):
                for name, checker, reference in blocks:
                    if name not in g or g[name] is reference:
                        continue
                    if not _passes(checker, g[name]):
                        print(f"⚠ 你的 {name} 还没通过它自己的检查，先改它；"
                              f"这里暂时用参考实现代替它来检查 {self.name}。")
                        saved.append((name, g[name]))
                        g[name] = reference
            yield
        finally:
            for name, value in reversed(saved):
                g[name] = value


def _passes(checker, block):
    """Whether block passes its checker, silently (its prints and its own exceptions swallowed)."""
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            checker(block)
        return True
    except Exception:
        return False


def _equal(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        try:
            return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape
                    and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
        except Exception:
            return False
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_equal, a, b))
    try:
        return bool(a == b)
    except Exception:
        return False


def _raised_in(err):
    """Name of the innermost function that raised err (to say which blank is still open)."""
    tb = err.__traceback__
    name = None
    while tb is not None:
        name = tb.tb_frame.f_code.co_name
        tb = tb.tb_next
    return name


def check(name):
    """Shorthand: ``with check("linear_forward") as c: ...``."""
    return Checker(name)


def _show_value(value, indent):
    """Numbers as the 期望输出 blocks print them; containers (caches) as their shapes."""
    if isinstance(value, np.ndarray) and value.dtype.kind in "fiu":
        with np.printoptions(precision=8, threshold=50):
            return str(value).replace("\n", "\n" + " " * indent)
    if isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)):
        return str(value)          # np.float64(0.5) prints as 0.5, as in the 期望输出 blocks
    if isinstance(value, (tuple, list)):
        inner = ", ".join(_summary(v) for v in value[:8]) + (", …" if len(value) > 8 else "")
        return ("(" + inner + ")") if isinstance(value, tuple) else ("[" + inner + "]")
    return _short_repr(value, 400)


def _summary(value):
    if isinstance(value, np.ndarray):
        return f"array{_fmt_shape(value.shape)}"
    if isinstance(value, (tuple, list)):
        return _show_value(value, 0)
    return _short_repr(value)


def show(fn):
    """Print fn's own return values on its exercise's published case, beside the 期望输出 block.
    Never raises: a blank exercise says so, an exception is shown as its type and message."""
    import testCases

    name = getattr(fn, "__name__", None)
    case = getattr(testCases, f"{name}_test_case", None) if isinstance(name, str) else None
    calls = None
    for module in (testCases.forward_checks, testCases.calculus_checks, testCases.blocks,
                   testCases.autograd_checks, testCases.mlp_checks):
        calls = getattr(module, "SHOW_CALLS", {}).get(name) or calls
    if not callable(fn) or (case is None and calls is None):
        print(f"没有找到 {name!r} 的公开用例（testCases.show 需要练习里的函数本身）。")
        return
    if calls is not None:
        # cases that are not one call's arguments (several networks, queries ...): the module
        # says how fn is called on them, as [(label, args)]
        try:
            pairs = calls()
        except Exception as err:
            print(f"{name} 的公开用例出错了：{type(err).__name__}: {err}")
            return
        for label, args in pairs:
            _show_one(fn, name + label, args)
        return
    try:
        args = case()
        args = args if isinstance(args, tuple) else (args,)
    except Exception as err:
        print(f"{name} 的公开用例出错了：{type(err).__name__}: {err}")
        return
    variants = [("", ())]
    try:
        params = list(inspect.signature(fn).parameters)
        if params[len(args):len(args) + 1] == ["activation"]:
            variants = [(f'（activation="{act}"）', (act,)) for act in ("sigmoid", "relu")]
    except (TypeError, ValueError):
        pass
    for label, extra in variants:
        _show_one(fn, name + label, args + extra)


def _show_one(fn, name, args):
    try:
        out = fn(*copy.deepcopy(args))
    except NotImplementedError:
        print(f"{name}：还没有完成（把 raise NotImplementedError() 换成你的代码）。")
        return
    except Exception as err:
        print(f"{name} 出错了：{type(err).__name__}: {err}")
        return
    print(f"你的 {name} 在公开用例上的输出：")
    try:
        items = out if isinstance(out, tuple) else (out,)
        for i, item in enumerate(items):
            label = f"[{i}] " if len(items) > 1 else ""
            if isinstance(item, dict):
                for k in list(item):
                    prefix = f"{label}{k} = "
                    print(prefix + _show_value(item[k], len(prefix)))
            else:
                print(label + _show_value(item, len(label)))
    except Exception as err:
        print(f"（无法显示：{type(err).__name__}）")
