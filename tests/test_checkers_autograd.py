"""testCases.autograd_checks: the reference passes; each plausible mistake fails with its hint."""
import numpy as np
import pytest

import testCases
from testCases import CheckFailed
from testCases.hints import text_of


def reference(grad, a, b):
    """The rule of Z = a @ b.T, written as a learner would."""
    return grad @ b, grad.T @ a


def test_reference_passes(capsys):
    testCases.mm_t_backward_test(reference)
    assert "✓ mm_t_backward" in capsys.readouterr().out


def test_reference_agrees_with_the_engine_and_centred_differences():
    from dnn_utils import autograd as ag
    from dnn_utils.gradcheck import numerical_gradient, relative_error
    g, a, b = testCases.mm_t_backward_test_case()
    ta, tb = ag.tensor(a, requires_grad=True), ag.tensor(b, requires_grad=True)
    (ta @ tb.t()).backward(g)
    for mine, engine, x in zip(reference(g, a, b), (ta.grad.data, tb.grad.data), (a, b)):
        np.testing.assert_allclose(mine, engine, rtol=1e-12)
        assert relative_error(mine, numerical_gradient(lambda: float(np.sum(g * (a @ b.T))), x)) < 1e-7


def test_the_engine_node_calls_the_learners_rule(capsys):
    """The last case plugs the rule into ag.operation: a rule that is right when called directly
    but keeps state (here: wrong from its fourth call on) is caught there, and only there."""
    calls = []

    def stateful(g, a, b):
        calls.append(1)
        return (g @ b, g.T @ a) if len(calls) <= 3 else (2 * (g @ b), g.T @ a)
    with pytest.raises(CheckFailed) as err:
        testCases.mm_t_backward_test(stateful)
    assert err.value.hint_id == "mm_t_backward.engine"
    assert "计算图" in str(err.value) and "期望" not in str(err.value)   # a hidden case: no expected values


# (learner function, hint id): each mistake on the square case (where every formula has the right
# shape), on the rectangular published case, or in its return value
WRONG = {
    "the mm rule copied": (lambda g, a, b: (g @ b.T, a.T @ g), "mm_t_backward.copied_mm_rule"),
    "grad_b is the gradient of c = b.T": (lambda g, a, b: (g @ b, a.T @ g), "mm_t_backward.grad_b_transposed"),
    "grad_b without the transpose of G": (lambda g, a, b: (g @ b, g @ a), "mm_t_backward.grad_b_no_transpose"),
    "swapped order": (lambda g, a, b: (g.T @ a, g @ b), "mm_t_backward.swapped"),
    "factors commuted": (lambda g, a, b: (b @ g, g.T @ a), "mm_t_backward.order"),
    "result transposed": (lambda g, a, b: ((g @ b).T, g.T @ a), "mm_t_backward.transposed"),
    "upstream ignored": (lambda g, a, b: (np.ones_like(g) @ b, np.ones_like(g).T @ a), "mm_t_backward.no_upstream"),
    "mul rule": (lambda g, a, b: (g * b, g * a), "mm_t_backward.elementwise"),
    "returns one value": (lambda g, a, b: g @ b, "mm_t_backward.wrong_count"),
    "returns None": (lambda g, a, b: None, "mm_t_backward.returned_none"),
}


@pytest.mark.parametrize("name", list(WRONG))
def test_wrong_versions_fail_with_their_hint(name):
    fn, hint_id = WRONG[name]
    with pytest.raises(CheckFailed) as err:
        testCases.mm_t_backward_test(fn)
    assert err.value.hint_id == hint_id, str(err.value)
    assert text_of(hint_id)


def test_shapes_alone_do_not_pass():
    # Right on square inputs only by luck of shapes: transposing to "fix" the shape on the
    # rectangular case still gives the wrong values on the square one first.
    def fn(g, a, b):
        ga = g @ b.T if g.shape[1] == b.shape[1] else g @ b
        return ga, g.T @ a
    with pytest.raises(CheckFailed) as err:
        testCases.mm_t_backward_test(fn)
    assert err.value.hint_id == "mm_t_backward.copied_mm_rule"


def test_the_copied_rule_crashes_on_the_rectangular_case_with_the_shape_hint():
    # right on the square cases, the mm rule on rectangles: numpy's own shape error, with a cause
    def fn(g, a, b):
        square = a.shape[0] == a.shape[1] == b.shape[0]
        return (g @ b, g.T @ a) if square else (g @ b.T, a.T @ g)
    with pytest.raises(ValueError) as err:
        testCases.mm_t_backward_test(fn)
    assert err.value.hint_id == "mm_t_backward.shape_error"
    assert any("形状对不上" in note for note in err.value.__notes__)


def test_the_rectangular_case_names_a_transposed_grad_b():
    def fn(g, a, b):
        square = a.shape[0] == a.shape[1] == b.shape[0]
        return g @ b, (g.T @ a if square else a.T @ g)
    with pytest.raises(CheckFailed) as err:
        testCases.mm_t_backward_test(fn)
    assert err.value.hint_id == "mm_t_backward.grad_b_transposed"
    assert "形状是 (4, 2)，应为 (2, 4)" in str(err.value)


def test_using_the_engine_fails_as_the_reference():
    from dnn_utils import autograd as ag

    def by_the_engine(grad, a, b):
        ta, tb = ag.tensor(a, requires_grad=True), ag.tensor(b, requires_grad=True)
        (ta @ tb.t()).backward(grad)
        return ta.grad.data, tb.grad.data
    with pytest.raises(CheckFailed) as err:
        testCases.mm_t_backward_test(by_the_engine)
    assert err.value.hint_id == "mm_t_backward.uses_reference"


def test_mutating_an_input_is_reported():
    def fn(g, a, b):
        ga, gb = g @ b, g.T @ a
        a *= 0
        return ga, gb
    with pytest.raises(CheckFailed) as err:
        testCases.mm_t_backward_test(fn)
    assert err.value.hint_id == "mm_t_backward.mutated_input"


def test_blank_exercise_says_not_done():
    def fn(g, a, b):
        raise NotImplementedError()
    with pytest.raises(CheckFailed, match="还没有完成"):
        testCases.mm_t_backward_test(fn)


# backward_pass: the learner writes .grad of the leaves (no return value), so its hostile matrix is
# about what ends up in .grad, not about returned values (test_checkers_hostile skips it).

from dnn_utils import autograd as ag  # noqa: E402


def _leaves(output):
    return [t for t in ag.topological_order(output) if t.is_leaf]


def _variant(order="reverse", accumulate=True, over_calls=True, reduce=True, upstream=True):
    def fn(output, gradient):
        grads = {id(output): gradient if upstream else np.ones_like(gradient)}
        nodes = ag.topological_order(output)
        for t in (reversed(nodes) if order == "reverse" else nodes):
            g = grads.pop(id(t), None)
            if g is None:
                continue
            if t.is_leaf:
                t.grad = ag.tensor(g) if t.grad is None or not over_calls else ag.tensor(t.grad.data + g)
                continue
            for parent, pg in zip(t.grad_fn.parents, t.grad_fn.apply(g)):
                if parent.requires_grad:
                    pg = ag.sum_to_shape(pg, parent.shape) if reduce else pg
                    grads[id(parent)] = grads[id(parent)] + pg if accumulate and id(parent) in grads else pg
    return fn


backward_pass = _variant()   # the right one


def _bfs(output, gradient):
    from collections import deque
    grads, queue, done = {id(output): gradient}, deque([output]), set()
    while queue:
        t = queue.popleft()
        if id(t) in done:
            continue
        done.add(id(t))
        g = grads.pop(id(t))
        if t.is_leaf:
            t.grad = ag.tensor(g) if t.grad is None else ag.tensor(t.grad.data + g)
            continue
        for parent, pg in zip(t.grad_fn.parents, t.grad_fn.apply(g)):
            if parent.requires_grad:
                grads[id(parent)] = grads.get(id(parent), 0.0) + ag.sum_to_shape(pg, parent.shape)
                queue.append(parent)


def _recursive(output, gradient):
    def visit(t, g):
        if t.is_leaf:
            t.grad = ag.tensor(g) if t.grad is None else ag.tensor(t.grad.data + g)
            return
        for parent, pg in zip(t.grad_fn.parents, t.grad_fn.apply(g)):
            if parent.requires_grad:
                visit(parent, ag.sum_to_shape(pg, parent.shape))
    visit(output, gradient)


def _then(effect):
    """The right backward pass, then effect(leaf) on every leaf."""
    def fn(output, gradient):
        backward_pass(output, gradient)
        for t in _leaves(output):
            effect(t)
    return fn


def _set_grad(value):
    def effect(t):
        t.grad = value(t) if callable(value) else value
    return _then(effect)


def _set_data(value):
    def effect(t):
        t.grad.data = value(t.grad.data)
    return _then(effect)


def _off_on_the_hidden_case(output, gradient):
    backward_pass(output, gradient)
    leaves = _leaves(output)
    if len(leaves) == 3:              # only the hidden network has three leaves
        leaves[0].grad = ag.tensor(leaves[0].grad.data * 1.01)


def _engine(output, gradient):
    output.backward(gradient)


def _changes_values(output, gradient):
    backward_pass(output, gradient)
    for t in _leaves(output):
        t.data -= 0.1 * t.grad.data


def test_backward_pass_reference_passes(capsys):
    testCases.backward_pass_test(backward_pass)
    assert "✓ backward_pass" in capsys.readouterr().out


def test_backward_pass_leaves_the_engine_unpatched():
    original = ag.Tensor.backward
    testCases.backward_pass_test(backward_pass)
    with pytest.raises(CheckFailed):
        testCases.backward_pass_test(_engine)
    assert ag.Tensor.backward is original


BP_WRONG = {
    "overwrites instead of adding": (_variant(accumulate=False), "backward_pass.overwrite"),
    "forward topological order": (_variant(order="forward"), "backward_pass.no_grad"),
    "breadth-first order": (_bfs, "backward_pass.order"),
    ".grad overwritten across calls": (_variant(over_calls=False), "backward_pass.no_accumulate_over_calls"),
    "broadcast gradient not reduced": (_variant(reduce=False), "backward_pass.broadcast"),
    "upstream gradient replaced by ones": (_variant(upstream=False), "backward_pass.ignores_gradient"),
    "calls the engine's backward": (_engine, "backward_pass.uses_reference"),
    "updates .data": (_changes_values, "backward_pass.changed_data"),
    "nothing written": (lambda output, gradient: None, "backward_pass.no_grad"),
    ".grad an ndarray": (_set_grad(lambda t: t.grad.data), "backward_pass.grad_not_tensor"),
    ".grad a list": (_set_grad(lambda t: t.grad.data.tolist()), "backward_pass.grad_not_tensor"),
    ".grad a string": (_set_grad("6.0"), "backward_pass.grad_not_tensor"),
    ".grad a number": (_set_grad(6.0), "backward_pass.grad_not_tensor"),
    ".grad the tensor itself": (_set_grad(lambda t: t), None),
    ".grad a hard-coded published value": (_set_grad(ag.tensor(6.0)), "backward_pass.wrong_value"),
    ".grad data complex": (_set_data(lambda d: d + 1e-3j), "backward_pass.complex"),
    ".grad data strings": (_set_data(lambda d: d.astype(str)), "backward_pass.string_array"),
    ".grad data objects": (_set_data(lambda d: d.astype(object)), "backward_pass.object_array"),
    ".grad data bool": (_set_data(lambda d: d.astype(bool)), "backward_pass.bool"),
    ".grad data nan": (_set_data(lambda d: d * np.nan), "backward_pass.not_finite"),
    ".grad data inf": (_set_data(lambda d: d + np.inf), "backward_pass.not_finite"),
    ".grad data None": (_set_data(lambda d: None), "backward_pass.returned_none"),
    ".grad data an extra axis": (_set_data(lambda d: d[..., None]), "backward_pass.wrong_shape"),
    ".grad data transposed": (_set_data(lambda d: d.T), None),
    "right except on the hidden case": (_off_on_the_hidden_case, "backward_pass.wrong_value"),
}


@pytest.mark.parametrize("name", list(BP_WRONG))
def test_backward_pass_wrong_versions_fail_with_their_hint(name):
    fn, hint_id = BP_WRONG[name]
    with pytest.raises(CheckFailed) as err:
        testCases.backward_pass_test(fn)
    if hint_id:
        assert err.value.hint_id == hint_id, str(err.value)


def test_backward_pass_hidden_case_prints_no_expected_values():
    with pytest.raises(CheckFailed) as err:
        testCases.backward_pass_test(_off_on_the_hidden_case)
    assert "不公开" in str(err.value) and "期望 expected" not in str(err.value)


@pytest.mark.parametrize("exc, note", [(RecursionError, "不要递归"), (KeyError, "顺序错了")])
def test_backward_pass_learner_exceptions_keep_their_type_with_a_note(exc, note):
    def forward_order_pop(output, gradient):
        grads = {id(output): gradient}
        for t in ag.topological_order(output):
            grads.pop(id(t))
    fn = _recursive if exc is RecursionError else forward_order_pop
    with pytest.raises(exc) as err:
        testCases.backward_pass_test(fn)
    assert any(note in n for n in getattr(err.value, "__notes__", [])) or note in str(err.value)


def test_backward_pass_own_exception_reaches_the_learner():
    class Mine(Exception):
        pass

    def fn(output, gradient):
        raise Mine("learner's bug")
    with pytest.raises(Mine):
        testCases.backward_pass_test(fn)


def test_backward_pass_blank_says_not_done():
    def fn(output, gradient):
        raise NotImplementedError()
    with pytest.raises(CheckFailed, match="还没有完成"):
        testCases.backward_pass_test(fn)


def test_backward_pass_catches_the_backward_of_another_copy_of_the_engine():
    """Under the grader the checker's engine is a fresh import; the learner's ``ag`` is the
    notebook's copy. Calling that copy's Tensor.backward must be caught too."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(ag.__name__, ag.__file__)
    copy_of_ag = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(copy_of_ag)
    namespace = {"other_ag": copy_of_ag}
    exec("def backward_pass(output, gradient):\n    other_ag.Tensor.backward(output, gradient)\n", namespace)
    original = copy_of_ag.Tensor.backward
    with pytest.raises(CheckFailed) as err:
        testCases.backward_pass_test(namespace["backward_pass"])
    assert err.value.hint_id == "backward_pass.uses_reference"
    assert copy_of_ag.Tensor.backward is original


def test_backward_pass_accepts_grads_get_and_adding_into_the_leafs_own_grad(capsys):
    # another correct style: grads.get and an in-place += on the leaf's own .grad tensor
    def fn(output, gradient):
        grads = {id(output): gradient}
        for t in reversed(ag.topological_order(output)):
            g = grads.get(id(t))
            if t.is_leaf:
                if t.grad is None:
                    t.grad = ag.tensor(g)
                else:
                    t.grad.data += g
                continue
            for parent, pg in zip(t.grad_fn.parents, t.grad_fn.apply(g)):
                if parent.requires_grad:
                    grads[id(parent)] = grads.get(id(parent), 0) + ag.sum_to_shape(pg, parent.shape)
    testCases.backward_pass_test(fn)
    assert "✓ backward_pass" in capsys.readouterr().out
