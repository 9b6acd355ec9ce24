"""testCases.autograd_checks: the reference passes; each plausible mistake fails with its hint."""
import numpy as np
import pytest

import testCases
from testCases import CheckFailed


def reference(grad, a, b):
    return grad @ b.T, a.T @ grad


def test_reference_passes(capsys):
    testCases.mm_backward_test(reference)
    assert "✓ mm_backward" in capsys.readouterr().out


def test_reference_agrees_with_the_engine():
    from dnn_utils import autograd as ag
    g, a, b = testCases.mm_backward_test_case()
    ta, tb = ag.tensor(a, requires_grad=True), ag.tensor(b, requires_grad=True)
    (ta @ tb).backward(g)
    for mine, engine in zip(reference(g, a, b), (ta.grad.data, tb.grad.data)):
        np.testing.assert_allclose(mine, engine, rtol=1e-12)


WRONG = {
    "swapped order": (lambda g, a, b: (a.T @ g, g @ b.T), "顺序是否写反"),
    "no transpose": (lambda g, a, b: (g @ b, a @ g), "少了转置"),
    "factors commuted": (lambda g, a, b: (b.T @ g, g @ a.T), "不可交换"),
    "result transposed": (lambda g, a, b: ((g @ b.T).T, (a.T @ g).T), "被整体转置"),
    "upstream ignored": (lambda g, a, b: (np.ones_like(g) @ b.T, a.T @ np.ones_like(g)),
                         "上游梯度"),
    "mul rule": (lambda g, a, b: (g * b, g * a), "逐元素乘"),
    "only grad_b wrong": (lambda g, a, b: (g @ b.T, a @ g), "grad_b 少了转置"),
    "returns one value": (lambda g, a, b: g @ b.T, "应返回 2 个值"),
    "returns None": (lambda g, a, b: None, "忘了 return"),
}


@pytest.mark.parametrize("name", list(WRONG))
def test_wrong_versions_fail_with_hint(name):
    fn, hint = WRONG[name]
    with pytest.raises(CheckFailed) as err:
        testCases.mm_backward_test(fn)
    assert hint in str(err.value)


def test_shape_only_mistake_on_the_rectangular_case():
    # Right on square inputs, but returns a transposed array when a is not square.
    def fn(g, a, b):
        ga = g @ b.T
        return (ga.T if ga.shape[0] != ga.shape[1] else ga), a.T @ g
    with pytest.raises(CheckFailed) as err:
        testCases.mm_backward_test(fn)
    assert "形状是 a 的转置" in str(err.value)


def test_mutating_an_input_is_reported():
    def fn(g, a, b):
        ga, gb = g @ b.T, a.T @ g
        a *= 0
        return ga, gb
    with pytest.raises(CheckFailed, match="mutated"):
        testCases.mm_backward_test(fn)


def test_blank_exercise_says_not_done():
    def fn(g, a, b):
        raise NotImplementedError()
    with pytest.raises(CheckFailed, match="还没有完成"):
        testCases.mm_backward_test(fn)
