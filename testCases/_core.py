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
``.matrix``, ``.not_numeric``, ``.not_finite``).

While the learner's function runs, ``own_work.watch`` notes calls of the exercise's reference
implementation (the check then fails with ``<exercise>.uses_reference``); an exception gets a
cause from ``crashes`` as a note and ``err.hint_id``. A wrong value is first explained by an
input the function changed in place, if it did. The success line carries no count (it would
change with the checker and break saved notebook outputs); ``Checker.count`` keeps it for tests.
"""
import contextlib
import copy
import inspect
import numbers
import sys

import numpy as np

from . import own_work
from .crashes import Context, diagnose, hidden_note, summary
from .hints import EXERCISES, GENERIC, Hint

__all__ = ["CheckFailed", "Checker", "check", "show"]


class CheckFailed(AssertionError):
    """A learner's function gave a wrong answer; the message says what and why."""

    def __init__(self, message, checker=None, hint_id=None, hint=None):
        super().__init__(message)
        self.checker = checker
        self.hint_id = hint_id
        self.hint = hint


def one_hint(found, name):
    """The hint for the mistakes whose values all match the learner's: None, the only one, or one
    hint that names them all (a hint only names what the values show)."""
    if len(found) > 1:
        return Hint(GENERIC["several_mistakes"] + "；".join(f"（{i}）{h}" for i, h in enumerate(found, 1)),
                    f"{name}.several_mistakes")
    return found[0] if found else None


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
    """Collects the checks of one graded function; use as ``with Checker("name") as c:``.
    name is the exercise's stable ASCII id (the first part of hint ids); title, if given, is how
    messages name the check."""

    def __init__(self, name, title=None):
        if not (isinstance(name, str) and name.isascii() and name.isidentifier()):
            raise ValueError(f"a checker's name is an ASCII identifier (it starts hint ids), got {name!r}")
        self.name = name
        self.title = title or name
        self.count = 0
        self._inputs = []      # ((args, kwargs), copies handed to the learner, argument names)
        self._case = self._public = ""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            print(f"✓ {self.title}：通过全部检查")
        return False

    def fail(self, message, hint=None, hint_id=None, kind="failed"):
        """Raise CheckFailed; its hint_id is hint_id, else hint.id, else f"{name}.{kind}"."""
        text = f"✗ {self.title}：{message}"
        if hint:
            text += f"\n  提示：{hint}"
        if hint_id is None:
            hint_id = getattr(hint, "id", None) or f"{self.name}.{kind}"
        raise CheckFailed(text, checker=self.name, hint_id=hint_id,
                          hint=str(hint) if hint else None)

    def ok(self):
        self.count += 1

    def call(self, fn, *args, error_hint=None, copy_args=True, hidden=False, exercise=None, **kwargs):
        """Run the learner's fn on deep copies of args; remember the copies for unchanged().
        exercise (default: this checker's name) is whose reference fn may not use; hidden: the
        case is not published (an exception then names its network). error_hint is the note for
        a shape error inside fn. copy_args=False passes args themselves (an exercise whose job is
        to write into them, e.g. a graph's .grad)."""
        if not callable(fn):
            self.fail(f"需要传入一个函数，收到的是 {type(fn).__name__}（pass the function itself, "
                      f"e.g. {self.name}, not {self.name}(...)）。", kind="not_callable")
        exercise = exercise or self.name
        names = _argument_names(fn, len(args))
        if copy_args:
            copies = copy.deepcopy((args, kwargs))
            self._inputs.append(((args, kwargs), copies, names))
        else:
            copies = (args, kwargs)
        self._case = summary(args, names)
        if not hidden:
            self._public = self._case
        watcher = own_work.watch(exercise)
        try:
            with watcher:
                out = fn(*copies[0], **copies[1])
        except NotImplementedError as err:
            self._own_work(watcher.state, exercise, fn)
            where = _raised_in(err)
            detail = f"（在 {where} 中）" if where and where != getattr(fn, "__name__", "") else ""
            self.fail(f"还没有完成{detail}：请把 `# YOUR CODE HERE` 下面的 "
                      f"`raise NotImplementedError()` 换成你的代码 "
                      f"(NotImplementedError: exercise not done yet)。", kind="not_done")
        except Exception as err:
            # a RecursionError can strike inside the profile hook itself, which Python then removes
            watcher.state.tampered &= not isinstance(err, RecursionError)
            self._own_work(watcher.state, exercise, fn)
            self._explain(err, exercise, fn, copies[0], hidden, error_hint)
            raise
        self._own_work(watcher.state, exercise, fn)
        return out

    def _own_work(self, state, exercise, fn):
        """Fail if fn ran the exercise's reference implementation (or switched the watch off)."""
        name = getattr(fn, "__name__", exercise)
        if state.found:
            found = own_work.OWN_WORK.get(exercise, GENERIC["uses_reference"])
            self.fail(f"你的 {name} 用了课程的参考实现 {'、'.join(state.found)}（直接导入、换个名字、"
                      f"包装起来或在函数里调用都算）。这个练习要你自己写出它。", found)
        if state.tampered:
            self.fail(f"你的 {name} 改动了 sys.setprofile，检查无法确认你没有用参考实现。",
                      GENERIC["tampered"], hint_id=f"{exercise}.tampered")

    def _explain(self, err, exercise, fn, args, hidden, error_hint):
        """Notes on a learner's exception: where it happened, its likely cause, the hidden case."""
        ctx = Context(exercise, err, fn, args, hidden, self._case, self._public)
        found, hint_id = diagnose(ctx, error_hint)
        _add_note(err, f"↑ 这个错误发生在你的 {getattr(fn, '__name__', self.name)} 代码里："
                       f"traceback 里最后一个指向你的代码的位置就是出错的那一行。")
        if found:
            _add_note(err, f"提示：{found}")
        if hidden:
            # a row of the cause table is a diagnosis; the exercise's general shape note is not
            _add_note(err, hidden_note(ctx, cause_known=found is not None and found is not error_hint))
        if getattr(err, "hint_id", None) is None:
            try:
                err.hint_id = hint_id
            except Exception:
                pass

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
        """mapping has exactly the keys expected; hint may be a function (missing, extra) -> hint
        that names the mistake those keys show (or None)."""
        self.is_type(mapping, dict, what)
        got, want = set(mapping), set(expected)
        if got != want:
            missing, extra = sorted(want - got, key=repr), sorted(got - want, key=repr)
            if callable(hint):
                hint = hint(missing, extra)
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
        elif isinstance(value, np.matrix):
            self.fail(f"{what} 是 np.matrix（形状 {_fmt_shape(value.shape)}），应是普通的 numpy 数组。",
                      GENERIC["matrix"], kind="matrix")
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
        if (expected != () and () in (wrong or {}) and isinstance(value, numbers.Real)
                and not isinstance(value, (bool, np.bool_))):
            self.fail(f"{what} 是一个数，应是形状为 {_fmt_shape(expected)} 的数组。", wrong[()], kind="wrong_shape")
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
            found = self._matching(arr, wrong, atol, rtol) or hint
            self._explain_by_mutation(what)
            if hidden:
                case = f"：{self._case}；公开用例：{self._public}" if self._case else ""
                self.fail(f"{what} 的数值不对（在一组不公开的检查输入上{case}）。公开用例对而这里错，多半是把"
                          f"公开用例的某个数写死了（层数、某层的编号、形状、样本数，或者结果本身）：要由参数算出来，"
                          f"对任意输入都算对。\n  得到 got: {_fmt(arr)}", found, kind="wrong_value")
            diff = float(np.max(np.abs(arr - expected)))
            self.fail(f"{what} 的数值不对（最大差 max|diff| = {diff:.3g}）。\n"
                      f"  期望 expected: {_fmt(expected)}\n  得到 got:      {_fmt(arr)}", found,
                      kind="wrong_value")
        self.ok()
        return arr

    def _matching(self, arr, wrong, atol, rtol):
        """The hint of the mistake whose value arr equals; when several different mistakes give
        this very value, one hint that names them all (a hint only names what the values show)."""
        found = []
        for bad, bad_hint in wrong or []:
            bad = np.asarray(bad, dtype=float)
            if (bad.shape == arr.shape and np.allclose(arr, bad, atol=atol, rtol=rtol)
                    and bad_hint and bad_hint not in found):
                found.append(bad_hint)
        return one_hint(found, self.name)

    def _mutated(self):
        """Name of the first input a call changed in place, else None."""
        for (args, kwargs), (used_args, used_kwargs), names in self._inputs:
            for i, (a, b) in enumerate(zip(args, used_args)):
                if not _equal(a, b):
                    return names[i] if i < len(names) else f"第 {i + 1} 个参数"
            for k in kwargs:
                if not _equal(kwargs[k], used_kwargs.get(k)):
                    return k
        return None

    def _explain_by_mutation(self, what):
        """A wrong value with a changed input: the change is the first thing to fix."""
        name = self._mutated()
        if name is not None:
            self.fail(f"{what} 的数值不对，而且你的函数改动了传入的 {name}（原地修改 in place，"
                      f"例如 {name} -= ... 或 {name}[...] = ...）。", GENERIC["mutated_input"], kind="mutated_input")

    def unchanged(self, hint=GENERIC["mutated_input"]):
        """The inputs given to call() are equal to fresh copies of the originals."""
        name = self._mutated()
        if name is not None:
            self.fail(f"修改了传入的参数 {name} (an input was mutated in place)。", hint, kind="mutated_input")
        self.ok()

    @contextlib.contextmanager
    def reference_blocks(self, fn, blocks):
        """Grade a composed function on its composition only. blocks: (name, reference) pairs.
        Inside the with-block, each block that fn's globals bind to a function other than the
        reference is called through a guard that also runs the reference on the same arguments:
        where the two agree the learner's result is used, where they differ (or the block raises)
        the reference's result is used and the block is named once. Where the reference cannot
        take those arguments, the learner's block stands: a block is only replaced by one that
        computes the same thing for the arguments the learner passes. Restored afterwards."""
        g = getattr(fn, "__globals__", None)
        saved, replaced = [], set()
        try:
            if isinstance(g, dict):
                for name, reference in blocks:
                    block = g.get(name)
                    if callable(block) and not own_work.same_code(block, reference):
                        saved.append((name, block))
                        g[name] = self._guard(name, block, reference, replaced)
            yield
        finally:
            for name, value in reversed(saved):
                g[name] = value

    def _guard(self, name, block, reference, replaced):
        def guarded(*args, **kwargs):
            try:
                with own_work.paused():
                    want = reference(*copy.deepcopy(args), **copy.deepcopy(kwargs))
            except Exception:
                return block(*args, **kwargs)
            try:
                got = block(*args, **kwargs)
            except NotImplementedError:
                why = "还没有完成"
            except Exception as err:
                why = f"在这里出错了（{type(err).__name__}）"
            else:
                if _agrees(got, want):
                    return got
                why = "在这里算出的结果与参考实现不同"
            if name not in replaced:
                replaced.add(name)
                print(f"⚠ 你的 {name} {why}，请先让它通过自己的检查；"
                      f"这里暂时用参考实现的结果代替它，只检查 {self.title} 本身。")
            return want
        guarded.__name__ = name
        return guarded


def _argument_names(fn, n):
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return []
    return [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)][:n]


def _agrees(got, want, rtol=1e-5, atol=1e-8):
    """Whether a block's result equals the reference's: same structure, numbers within tolerance."""
    if isinstance(want, dict):
        return isinstance(got, dict) and got.keys() == want.keys() and all(_agrees(got[k], want[k]) for k in want)
    if isinstance(want, (tuple, list)):
        return (isinstance(got, (tuple, list)) and len(got) == len(want)
                and all(_agrees(a, b) for a, b in zip(got, want)))
    if isinstance(want, (np.ndarray, numbers.Number)) and not isinstance(want, bool):
        try:
            a, b = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
            return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))
        except Exception:
            return False
    try:
        return bool(got == want)
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
    if isinstance(value, dict):     # a dict inside a result (a snapshot of parameters): its keys and shapes
        items = list(value.items())
        inner = ", ".join(f"{_short_repr(k)}: {_summary(v)}" for k, v in items[:8]) + (", …" if len(items) > 8 else "")
        return "{" + inner + "}"
    return _short_repr(value, 400)


def _summary(value):
    if isinstance(value, np.ndarray):
        return f"array{_fmt_shape(value.shape)}"
    if isinstance(value, (tuple, list)):
        return _show_value(value, 0)
    return _short_repr(value)


def _tables(name):
    """(SHOW_CALLS, RETURNS, NO_CASE) entries of the checker modules for an exercise."""
    import testCases

    found = {}
    for module in (testCases.forward_checks, testCases.calculus_checks, testCases.blocks,
                   testCases.autograd_checks, testCases.mlp_checks):
        for table in ("SHOW_CALLS", "RETURNS", "NO_CASE"):
            value = getattr(module, table, {}).get(name)
            if value is not None:
                found[table] = value
    return found.get("SHOW_CALLS"), found.get("RETURNS"), found.get("NO_CASE")


def show(fn):
    """Print fn's own return values on its exercise's published case, beside the 期望输出 block.
    Never raises: a blank exercise says so, an exception is shown as its type and message, and an
    exercise without a published case to run says why."""
    import testCases

    name = getattr(fn, "__name__", None)
    if not callable(fn) or not isinstance(name, str):
        print("testCases.show 要的是练习里的函数本身，例如 testCases.show(linear_forward)。")
        return
    case = getattr(testCases, f"{name}_test_case", None)
    calls, returns, no_case = _tables(name)
    if no_case is not None:
        print(f"{name} 没有可以显示的公开用例：{no_case}")
        return
    if case is None and calls is None:
        if name in EXERCISES:
            print(f"{name} 没有可以显示的公开用例：对不对看它的检查单元格（✓ 就是通过了）。")
        else:
            print(f"没有名为 {name!r} 的练习：testCases.show 要的是练习里的函数本身，"
                  f"例如 testCases.show(linear_forward)。")
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
            _show_one(fn, name + label, args, returns)
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
        _show_one(fn, name + label, args + extra, returns)


def _show_one(fn, name, args, returns=None):
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
        named = returns is not None and len(returns) == len(items)
        for i, item in enumerate(items):
            label = f"{returns[i]} = " if named else (f"[{i}] " if len(items) > 1 else "")
            if isinstance(item, dict):
                for k in list(item):
                    prefix = f"{returns[i]}[{k!r}] = " if named else f"{label}{k} = "
                    print(prefix + _show_value(item[k], len(prefix)))
            else:
                print(label + _show_value(item, len(label)))
    except Exception as err:
        print(f"（无法显示：{type(err).__name__}）")
