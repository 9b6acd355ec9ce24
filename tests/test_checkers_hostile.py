"""Every exported checker against hostile learner functions: no ✓ for a wrong value, and no
exception other than CheckFailed or the learner's own.

The right answers come from the course's own solutions (the nbgrader solution cells of
notebooks/, executed with the imports and defs of their notebook: dnn_utils' references of the
exercise under test fail, issue 20); the checkers are found through testCases.__all__, so a
checker added later is covered automatically.
"""
import contextlib
import copy
import inspect
import io

import numpy as np
import pytest

import testCases
from course_solutions import SOLUTIONS
from testCases import CheckFailed, own_work
from testCases.hints import text_of

CHECKERS = sorted(n for n in testCases.__all__ if n.endswith("_test"))


class LearnerError(Exception):
    """Raised by a hostile learner function; must reach the learner unchanged."""


def _references(checker):
    return SOLUTIONS.get(checker)


def _published_args(checker):
    case = getattr(testCases, checker + "_case", None)
    if case is None:
        return None
    args = case()
    return args if isinstance(args, tuple) else (args,)


def _is_leaf(x):
    return isinstance(x, np.ndarray) or (isinstance(x, (int, float, np.number)) and not isinstance(x, bool))


def _leaves(x, path=()):
    if _is_leaf(x):
        yield path
    elif isinstance(x, (list, tuple)):
        for i, v in enumerate(x):
            yield from _leaves(v, path + (i,))
    elif isinstance(x, dict):
        for k, v in x.items():
            yield from _leaves(v, path + (k,))


def _replace(x, path, fn):
    if not path:
        return fn(x)
    head, rest = path[0], path[1:]
    if isinstance(x, dict):
        return {**x, head: _replace(x[head], rest, fn)}
    items = list(x)
    items[head] = _replace(items[head], rest, fn)
    return type(x)(items) if isinstance(x, tuple) else items


def _map_leaves(x, fn):
    for path in list(_leaves(x)):
        x = _replace(x, path, fn)
    return x


def _perturb(v):
    # large enough that no checker of behaviour (e.g. a parity network) can still call it right
    a = np.asarray(v, dtype=float)
    return a + 3 * (1 + np.abs(a)) if isinstance(v, np.ndarray) else float(a) + 3 * (1 + abs(float(a)))


def _complex(v):
    return np.asarray(v) + 0.25j * (1 + np.arange(np.size(v)).reshape(np.shape(v)))


def _with_first(v, value):
    a = np.array(v, dtype=float)
    a.ravel()[0] = value
    return a if isinstance(v, np.ndarray) else a[()]


def _mutate(args):
    """Change every mutable input in place; True if something could be changed."""
    changed = False
    for a in args:
        if isinstance(a, np.ndarray) and a.size and a.dtype.kind in "fiu" and a.flags.writeable:
            a += 1
            changed = True
        elif isinstance(a, list):
            changed = _mutate(a) or changed
            a.append(0)
            changed = True
        elif isinstance(a, dict):
            changed = _mutate(list(a.values())) or changed
            a["__mutated__"] = 0
            changed = True
        elif isinstance(a, tuple):
            changed = _mutate(list(a)) or changed
    return changed


def _course_reference(checker, position):
    """The dnn_utils reference of the exercise whose function is at this position, if it has the
    exercise's name (and so its signature)."""
    import importlib
    exercise = ["L_model_forward", "L_model_backward"][position] if checker == "network_gradient_test" \
        else checker[:-len("_test")]
    for spec in own_work.REFERENCES.get(exercise, ())[:1]:
        module, *attrs = spec.split(".")
        obj = importlib.import_module(f"dnn_utils.{module}")
        for attr in attrs:
            obj = getattr(obj, attr)
        return obj if obj.__name__ == exercise else None
    return None


def _hostiles(ref, published_out, sample_out, course_ref=None):
    """(label, factory(ref) -> learner fn, must_fail). sample_out: the reference's output on the
    published case, to know which leaves exist; course_ref: dnn_utils' reference of the exercise."""
    def const(value):
        return lambda *a, **k: copy.deepcopy(value)

    def on_output(transform):
        return lambda *a, **k: transform(ref(*a, **k))

    def raising(*a, **k):
        raise LearnerError("the learner's own bug")

    def returns_input(*a, **k):
        return a[0] if a else None

    def returns_all_inputs(*a, **k):
        return a

    def mutating(*a, **k):
        right = ref(*copy.deepcopy(a), **copy.deepcopy(k))
        if _mutate(a):
            mutating.mutated = True
        return right
    mutating.mutated = False

    out = [
        ("returns None", lambda *a, **k: None, True),
        ("raises its own exception", raising, "own"),
        ("returns the input object", returns_input, True),
        ("returns all inputs", returns_all_inputs, True),
        ("returns a function", lambda *a, **k: (lambda: 0), True),
    ]
    if course_ref is not None and not isinstance(course_ref, type):
        out.append(("wraps the course's reference", lambda *a, **k: course_ref(*a, **k), True))
        out.append(("is the course's reference", course_ref, True))
    for value in ([], (), {}, set(), "", "abc", "0.5", b"1", np.array(["1.0", "2.0"]), np.array(0.5 + 1j),
                  {1: 0.5, "W1": 1.0}, np.array([[1.0, 2.0], [3.0, 4.0]], dtype=object), [[1.0, 2.0], [3.0]],
                  np.array(True), np.zeros((0,))):
        out.append((f"returns {value!r}"[:60], const(value), True))
    if published_out is not None:
        out.append(("returns the published answer (hard-coded)", const(published_out), True))
    if sample_out is None:
        return out
    out += [
        ("mutates its inputs, then returns the right answer", mutating, "mutate"),
        ("right answer as strings", on_output(lambda r: _map_leaves(r, lambda v: str(v))), True),
        ("right answer as numeric string arrays",
         on_output(lambda r: _map_leaves(r, lambda v: np.asarray(v).astype(str))), True),
        ("right answer, complex with garbage imaginary part", on_output(lambda r: _map_leaves(r, _complex)), True),
        ("right answer as object arrays", on_output(lambda r: _map_leaves(r, lambda v: np.asarray(v).astype(object))),
         True),
        ("right answer as bool arrays", on_output(lambda r: _map_leaves(r, lambda v: np.asarray(v).astype(bool))), True),
        ("right answer all nan", on_output(lambda r: _map_leaves(r, lambda v: np.full(np.shape(v), np.nan))), True),
        ("right answer with an extra axis", on_output(lambda r: _map_leaves(r, lambda v: np.asarray(v)[..., None])),
         True),
        ("right answer as 0-d arrays", on_output(lambda r: _map_leaves(
            r, lambda v: np.asarray(np.asarray(v).ravel()[0]) if np.size(v) > 1 else np.asarray(v)[..., None])), True),
        ("right answer inside a list", on_output(lambda r: [r]), True),
        ("right answer, containers converted (lists, tuples)", on_output(_to_lists), "no_crash"),
        ("right answer, float32", on_output(lambda r: _map_leaves(
            r, lambda v: v.astype(np.float32) if isinstance(v, np.ndarray) and v.dtype.kind == "f" else v)),
         "no_crash"),
    ]
    if isinstance(sample_out, dict):
        out.append(("right answer with an extra int key", on_output(lambda r: {**r, 1: 0.0}), True))
    if isinstance(sample_out, tuple):
        out.append(("right answer with one value missing", on_output(lambda r: r[:-1]), True))
        out.append(("right answer with an extra value", on_output(lambda r: r + (None,)), True))
    for path in list(_leaves(sample_out))[:8]:
        out.append((f"right answer, {path} perturbed", _leaf_factory(ref, path, _perturb), True))
        out.append((f"right answer, {path} with inf", _leaf_factory(ref, path, lambda v: _with_first(v, np.inf)),
                    True))
        out.append((f"right answer, {path} complex", _leaf_factory(ref, path, _complex), True))
    return out


def _leaf_factory(ref, path, fn):
    def learner(*a, **k):
        r = ref(*a, **k)
        try:
            return _replace(r, path, fn)
        except (KeyError, IndexError, TypeError):
            return r  # this input gives another structure; keep the right answer there
    return learner


def _to_lists(r):
    if isinstance(r, np.ndarray):
        return r.tolist()
    if isinstance(r, tuple):
        return [_to_lists(v) for v in r]
    if isinstance(r, list):
        return tuple(_to_lists(v) for v in r)
    if isinstance(r, dict):
        return {k: _to_lists(v) for k, v in r.items()}
    return r


def _cases():
    for checker in CHECKERS:
        refs = _references(checker)
        n_args = len(inspect.signature(getattr(testCases, checker)).parameters)
        if refs is None or len(refs) != n_args:
            yield pytest.param(checker, None, None, "no reference", True, id=f"{checker}-no-reference")
            continue
        for position in range(n_args):
            # the reference's output on the checker's first call (its published case), recorded
            sample_out = _first_output(checker, refs, position)
            course_ref = _course_reference(checker, position)
            for label, learner, must_fail in _hostiles(refs[position], sample_out, sample_out, course_ref):
                fns = list(refs)
                fns[position] = learner
                yield pytest.param(checker, fns, position, label, must_fail,
                                   id=f"{checker}-arg{position}-{label}"[:120])


def _first_output(checker, refs, position):
    outputs = []

    def recording(*a, **k):
        out = refs[position](*a, **k)
        if not outputs:
            outputs.append(copy.deepcopy(out))
        return out
    fns = list(refs)
    fns[position] = recording
    try:
        _run(checker, fns)
    except Exception:
        pass
    return outputs[0] if outputs else None


def _run(checker, fns):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        getattr(testCases, checker)(*fns)
    return out.getvalue()


@pytest.mark.parametrize("checker", CHECKERS)
def test_the_reference_passes(checker):
    refs = _references(checker)
    assert refs is not None, f"{checker}: no reference found (no solution cell in notebooks/, no dnn_utils.{checker[:-5]})"
    printed = _run(checker, refs)
    assert "✓" in printed, printed


@pytest.mark.parametrize("checker, fns, position, label, must_fail", list(_cases()))
def test_hostile_learner(checker, fns, position, label, must_fail):
    assert fns is not None, f"{checker}: no reference to build the hostile functions from"
    if must_fail == "own":
        with pytest.raises(LearnerError) as info:
            _run(checker, fns)
        assert text_of(info.value.hint_id), "a learner's exception without a hint id that has text"
        return
    try:
        printed = _run(checker, fns)
    except CheckFailed as err:
        assert err.checker and err.hint_id, "CheckFailed without .checker/.hint_id"
        assert err.checker.isascii() and err.checker.isidentifier(), err.checker
        assert text_of(err.hint_id), err.hint_id
        str(err)
        return
    except Exception as err:  # anything else is a crash of the checker's own code
        pytest.fail(f"{checker} crashed on '{label}': {type(err).__name__}: {err}")
    if must_fail == "no_crash":
        return
    if must_fail == "mutate" and not fns[position].mutated:
        return  # every input was immutable (numbers): nothing to catch
    pytest.fail(f"{checker} passed a wrong function ('{label}'):\n{printed}")


@pytest.mark.parametrize("checker", CHECKERS)
def test_show_never_raises(checker):
    def hostile(*a, **k):
        return np.array([1 + 1j, np.nan], dtype=object)
    hostile.__name__ = checker[:-len("_test")]
    with contextlib.redirect_stdout(io.StringIO()):
        testCases.show(hostile)


# backward_pass writes .grad and returns nothing: show() has nothing to print for it.
SHOWN = [c for c in CHECKERS if c != "backward_pass_test"]


@pytest.mark.parametrize("checker", SHOWN)
def test_show_prints_the_reference_values(checker):
    """testCases.show(solution) calls the solution the way its case needs (SHOW_CALLS for cases
    that are not one call's arguments) and prints values, never an error of its own."""
    refs = _references(checker)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        testCases.show(refs[0])
    out = buf.getvalue()
    assert "在公开用例上的输出" in out and "出错" not in out and "无法显示" not in out, out
