"""The checker toolkit every ``<name>_test(fn)`` is built from.

A check runs the learner's function on deep copies of fixed inputs and then checks, in order:
something was returned, its type, keys, shapes, values (with a tolerance), and that the inputs
were not mutated. The first failure raises ``CheckFailed`` (an AssertionError) with a message in
Chinese that names the variable, says expected vs got, and adds a hint for the usual mistake.
An exception raised inside the learner's code keeps its own traceback; ``NotImplementedError``
(a blank exercise) becomes a short "not done yet" message instead.

Hints are found by diagnosis, not guessed: a ``wrong=`` table pairs the outputs of plausible
wrong implementations (computed on the same inputs) with the hint for that mistake.
"""
import copy

import numpy as np

__all__ = ["CheckFailed", "Checker", "check"]


class CheckFailed(AssertionError):
    """A learner's function gave a wrong answer; the message says what and why."""


def _fmt_shape(shape):
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def _fmt(value, limit=6):
    a = np.asarray(value, dtype=float)
    flat = np.round(a.ravel()[:limit], 8).tolist()
    return f"{flat}{' …' if a.size > limit else ''}"


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

    def fail(self, message, hint=None):
        text = f"✗ {self.name}：{message}"
        if hint:
            text += f"\n  提示：{hint}"
        raise CheckFailed(text)

    def ok(self):
        self.count += 1

    def call(self, fn, *args, error_hint=None, **kwargs):
        """Run the learner's fn on deep copies of args; remember the copies for unchanged().
        error_hint is added as a note to a ValueError raised inside fn (usually a shape error)."""
        if not callable(fn):
            self.fail(f"需要传入一个函数，收到的是 {type(fn).__name__}（pass the function itself, "
                      f"e.g. {self.name}, not {self.name}(...)）。")
        copies = copy.deepcopy((args, kwargs))
        self._inputs.append(((args, kwargs), copies))
        try:
            return fn(*copies[0], **copies[1])
        except NotImplementedError as err:
            where = _raised_in(err)
            detail = f"（在 {where} 中）" if where and where != getattr(fn, "__name__", "") else ""
            self.fail(f"还没有完成{detail}：请把 `# YOUR CODE HERE` 下面的 "
                      f"`raise NotImplementedError()` 换成你的代码 "
                      f"(NotImplementedError: exercise not done yet)。")
        except Exception as err:
            # The learner's own traceback stays; a note says where it came from and, for shape
            # errors, what usually causes them.
            if hasattr(err, "add_note"):
                err.add_note(f"↑ 这个错误发生在你的 {self.name} 代码里（见上面的 traceback）。")
                if error_hint and isinstance(err, ValueError):
                    err.add_note(f"提示：{error_hint}")
            raise

    def returned(self, value, what="返回值"):
        if value is None:
            self.fail(f"{what} 是 None。", "函数末尾是否忘了 return？")
        self.ok()
        return value

    def unpack(self, value, names):
        """value must be a tuple/list with len(names) items; returns them."""
        self.returned(value)
        if not isinstance(value, (tuple, list)) or len(value) != len(names):
            got = f"{len(value)} 个值" if isinstance(value, (tuple, list)) else type(value).__name__
            self.fail(f"应返回 {len(names)} 个值 ({', '.join(names)})，实际得到 {got}。",
                      f"最后一行应是 return {', '.join(names)}")
        self.ok()
        return value

    def is_type(self, value, types, what):
        if not isinstance(value, types):
            names = "/".join(t.__name__ for t in (types if isinstance(types, tuple) else (types,)))
            self.fail(f"{what} 的类型应为 {names}，实际是 {type(value).__name__}。")
        self.ok()
        return value

    def keys(self, mapping, expected, what, hint=None):
        self.is_type(mapping, dict, what)
        got, want = set(mapping), set(expected)
        if got != want:
            missing, extra = sorted(want - got), sorted(got - want)
            parts = []
            if missing:
                parts.append(f"缺少 {missing}")
            if extra:
                parts.append(f"多出 {extra}")
            self.fail(f"{what} 的键不对：{'；'.join(parts)}。", hint)
        self.ok()

    def shape(self, value, expected, what, wrong=None, hint=None):
        """value must be an ndarray (or number if expected == ()) of shape expected.
        wrong: {bad_shape: hint} for the shapes the usual mistakes produce."""
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            self.fail(f"{what} 应是数值数组，实际是 {type(value).__name__}。")
        expected = tuple(expected)
        if arr.shape != expected:
            hint = (wrong or {}).get(arr.shape, hint)
            if hint is None and arr.size == int(np.prod(expected)):
                hint = "元素个数对但形状不对：是否少了 keepdims=True，或需要 reshape/转置？"
            self.fail(f"{what} 的形状是 {_fmt_shape(arr.shape)}，应为 {_fmt_shape(expected)}。", hint)
        self.ok()
        return arr

    def close(self, value, expected, what, atol=1e-7, rtol=1e-6, wrong=None, hint=None):
        """Values within tolerance. wrong: list of (value_of_a_wrong_version, hint)."""
        expected = np.asarray(expected, dtype=float)
        arr = self.shape(value, expected.shape, what, hint=hint)
        if not np.all(np.isfinite(arr)):
            self.fail(f"{what} 含有 nan 或 inf。", "是否对 0 取了 log，或除以了 0？")
        if not np.allclose(arr, expected, atol=atol, rtol=rtol):
            diff = float(np.max(np.abs(arr - expected)))
            found = hint
            for bad, bad_hint in wrong or []:
                bad = np.asarray(bad, dtype=float)
                if bad.shape == arr.shape and np.allclose(arr, bad, atol=atol, rtol=rtol):
                    found = bad_hint
                    break
            self.fail(f"{what} 的数值不对（最大差 max|diff| = {diff:.3g}）。\n"
                      f"  期望 expected: {_fmt(expected)}\n  得到 got:      {_fmt(arr)}", found)
        self.ok()
        return arr

    def unchanged(self, hint="不要原地修改传入的数组或字典（例如 W -= ...、params[k] = ...），"
                            "请先 copy 或生成新的对象。"):
        """The inputs given to call() are equal to fresh copies of the originals."""
        for original, used in self._inputs:
            if not _equal(original, used):
                self.fail("修改了传入的参数 (an input was mutated in place)。", hint)
        self.ok()


def _equal(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape
                and np.array_equal(a, b, equal_nan=True))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_equal, a, b))
    return a == b


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
