"""Checkers of notebook 07 (autograd): the backward pass of the engine and the rule of ``mm``.

backward_pass(output, gradient) -> None: visit the graph of output in reverse topological order,
call each node's rule, sum the contributions a tensor receives from all its uses, reduce a
broadcast input's gradient to its shape, and add the result to the ``.grad`` of every leaf that
requires a gradient (accumulating over calls, as ``Tensor.backward`` does).

mm_backward(grad, a, b) -> (grad_a, grad_b) for Z = a @ b, grad = dL/dZ:
grad_a = grad @ b.T (shape of a), grad_b = a.T @ grad (shape of b).

Each checker has a case whose expected values are printed nowhere (``hidden=True``), drawn from a
seed that appears only here, so that copying numbers from a message cannot pass.

Aliasing: the engine's add rule hands the very same array to both inputs, so a backward pass
that accumulates in place (``grads[id(p)] += pg``) changes arrays it shares with other tensors and
with the caller (x + x + x gets 4, not 3; the caller's ``gradient`` is changed). The check builds
such graphs and also fails any change of the ``gradient`` array it hands over.
"""
import numpy as np

from dnn_utils import autograd as ag

from ._core import Checker
from .hints import hint, hints

__all__ = ["backward_pass_test", "mm_backward_test_case", "mm_backward_test"]

# The names of what each exercise returns (its unpack check and testCases.show use them).
RETURNS = {"mm_backward": ("grad_a", "grad_b")}
# Exercises testCases.show cannot run on a published case, and why.
NO_CASE = {"backward_pass": "它不返回值，而是把梯度写进叶子的 .grad；对不对要看检查单元格 "
                            "testCases.backward_pass_test(backward_pass) 的结果（✓ 就是通过了）。"}


# backward_pass

BP = hints("backward_pass", {
    "overwrite": "一个张量被用了不止一次时，它会从每个使用者那里各收到一份梯度，要把它们相加 "
        "(+=)，不能让后到的覆盖先到的：y = x * x 时 x 从乘法的两个输入各得到 3，合起来 6 = 2x。",
    "no_grad": "叶子的 .grad 仍是 None：梯度没有送到叶子。按 reversed(ag.topological_order(output)) "
        "从输出往输入走，遇到叶子 (t.is_leaf) 时把它收到的梯度写进 t.grad。",
    "order": "一个张量要等它的所有使用者都处理完、梯度全部到齐之后，才能再往它的输入传；"
        "逆拓扑序 reversed(ag.topological_order(output)) 保证这一点，广度优先或随意的顺序不行。",
    "no_accumulate_over_calls": "两次 backward 之间没有 zero_()，第二次的梯度应加在第一次的 .grad 上（torch 的规则，"
        "第 3 节）：t.grad 已有值时写 ag.tensor(t.grad.data + g)，不要新建覆盖。",
    "grad_not_tensor": ".grad 应是引擎的张量（和 Tensor.backward 一样）：写 t.grad = ag.tensor(g)。",
    "broadcast": "被广播过的输入（例如 (3,1) 的偏置加到 (3,4) 上）收到的梯度是广播后的形状；"
        "先用 ag.sum_to_shape(pg, parent.shape) 求和回它自己的形状。",
    "changed_data": "反向传播只写 .grad，不改张量的值 .data（参数更新是之后在 no_grad() 里单独做的）。",
    "ignores_gradient": "从输出出发时，输出收到的梯度是参数 gradient（不一定是 1）：grads = {id(output): gradient}。",
    "in_place_accumulation": "原地累加 (grads[id(p)] += pg) 改了别人也在用的数组：加法的规则把同一个数组交给两个输入，"
        "调用者传进来的 gradient 也可能就是它，于是 x + x + x 得到 4 而不是 3。"
        "写成 grads[id(p)] = grads[id(p)] + pg（生成新数组），不要用 +=。",
})


_ENGINE_BACKWARD = ag.Tensor.backward


def _reference_grads(build, gradient):
    """Gradients of the leaves of a fresh graph, by the engine's own backward."""
    leaves, out = build()
    _ENGINE_BACKWARD(out, gradient)
    return [None if t.grad is None else t.grad.data.copy() for t in leaves]


def _square():
    x = ag.tensor(3.0, requires_grad=True)
    return [x], x * x


def _two_paths():
    x = ag.tensor(2.0, requires_grad=True)
    return [x], (x + 1) * (x - 1)


def _diamond():
    # a reaches y directly and through b: a's gradient is complete only after b is processed
    x = ag.tensor(1.5, requires_grad=True)
    a = x * 2.0
    b = a * 3.0
    c = b + a
    return [x], c * a


def _three_uses():
    # x + x + x: the add rule hands one array to both inputs, twice over
    x = ag.tensor(2.0, requires_grad=True)
    return [x], x + x + x


def _shared():
    # (a + b) + a: a and b receive the same array from the inner add; a gets another one later
    a = ag.tensor([[1.0, -1.0]], requires_grad=True)
    b = ag.tensor([[0.5, 2.0]], requires_grad=True)
    return [a, b], (a + b) + a


def _weighted():
    # a non-scalar output with a gradient that is not all ones
    x = ag.tensor([[1.0, -2.0, 0.5]], requires_grad=True)
    return [x], x ** 2 + x


_WEIGHTS = np.array([[1.0, 0.0, -2.0]])


def _broadcast():
    rng = np.random.RandomState(31)
    W = ag.tensor(rng.randn(3, 2), requires_grad=True)
    bias = ag.tensor(rng.randn(3, 1), requires_grad=True)
    A = ag.tensor(rng.randn(2, 4))
    return [W, bias], (W @ A + bias).relu().sum()


def _hidden():
    # a small two-layer network with a shared weight; values printed nowhere
    rng = np.random.RandomState(2026)
    W1 = ag.tensor(rng.randn(4, 3), requires_grad=True)
    b1 = ag.tensor(rng.randn(4, 1), requires_grad=True)
    W2 = ag.tensor(rng.randn(1, 4), requires_grad=True)
    X = ag.tensor(rng.randn(3, 5))
    H = (W1 @ X + b1).relu()
    out = ((W2 @ H - 0.5) ** 2).mean() + (W1 * W1).sum() * 0.01
    return [W1, b1, W2], out


def _chain(n=5000):
    x = ag.tensor(0.5, requires_grad=True)
    t = x
    for _ in range(n):
        t = t * 1.0001
    return [x], t


def _broadcasts(shape, to):
    """Whether an array of shape was broadcast to the larger shape to."""
    try:
        return (len(to) >= len(shape) and np.broadcast_shapes(shape, to) == tuple(to)
                and np.prod(to) > np.prod(shape))
    except ValueError:
        return False


def _leaf_grad(c, t, what):
    """t.grad as a validated array, or a failure naming what is wrong with it."""
    if t.grad is None:
        c.fail(f"{what} 是 None。", BP["no_grad"])
    # the engine's Tensor: the grader checks with a fresh import of dnn_utils, so the learner's
    # ag.tensor(...) may come from another copy of the same module
    kind = type(t.grad)
    if not (kind.__name__ == "Tensor" and kind.__module__ == ag.__name__):
        c.fail(f"{what} 的类型是 {type(t.grad).__name__}，应是张量 (Tensor)。", BP["grad_not_tensor"])
    return t.grad.data


def _run(c, backward_pass, build, gradient, names, wrong=None, hidden=False, preset=None):
    """Build a fresh graph, run the learner's backward_pass on it, check every leaf's .grad and
    that the gradient array handed over is unchanged.
    preset {name: value}: that leaf's .grad before the call (the new gradient must be added)."""
    expected = _reference_grads(build, gradient)
    leaves, out = build()
    for t, name in zip(leaves, names):
        if preset and name in preset:
            t.grad = ag.tensor(preset[name])
    values = [t.data.copy() for t in leaves]
    handed = np.array(gradient, dtype=float)
    # the graph itself is the input: no copy, so that the leaves written to are ours
    c.call(backward_pass, out, handed, copy_args=False, hidden=hidden)
    in_place = not np.array_equal(handed, gradient)
    for t, name, want, value in zip(leaves, names, expected, values):
        if preset and name in preset:
            want = want + preset[name]
        got = _leaf_grad(c, t, f"{name}.grad")
        got = c.array(got, f"{name}.grad", scalar=True)
        if got.shape != np.shape(want):
            c.shape(got, np.shape(want), f"{name}.grad",
                    wrong={got.shape: BP["broadcast"]} if _broadcasts(np.shape(want), got.shape) else None)
        if in_place and not np.allclose(got, want):
            c.fail(f"{name}.grad 的数值不对，而且调用者传进来的 gradient 数组被改动了。", BP["in_place_accumulation"])
        c.close(got, want, f"{name}.grad", wrong=(wrong or {}).get(name), hidden=hidden)
        if not (t.data.shape == value.shape and np.array_equal(t.data, value)):
            c.fail(f"{name} 的值 (.data) 被改动了。", BP["changed_data"])
    if in_place:
        c.fail("调用者传进来的 gradient 数组被改动了（原地修改 in place）。", BP["in_place_accumulation"])
    c.ok()


def backward_pass_test(backward_pass):
    """Check backward_pass on graphs where each usual mistake gives a different number."""
    with Checker("backward_pass") as c:
        one = np.array(1.0)
        # y = x * x at x = 3: overwriting keeps one of the two contributions (3 instead of 6)
        _run(c, backward_pass, _square, one, ["x"], wrong={"x": [(3.0, BP["overwrite"])]})
        # y = (x + 1)(x - 1) at x = 2: the two paths give 1 and 3
        _run(c, backward_pass, _two_paths, one, ["x"], wrong={"x": [(1.0, BP["overwrite"]), (3.0, BP["overwrite"])]})
        # x + x + x: 3; accumulating in place into the array add handed out gives 4
        _run(c, backward_pass, _three_uses, one, ["x"], wrong={"x": [(4.0, BP["in_place_accumulation"]), (1.0, BP["overwrite"])]})
        # (a + b) + a: a 2, b 1; in place, b's array is a's and b gets 2 as well
        _run(c, backward_pass, _shared, np.array([[1.0, 1.0]]), ["a", "b"],
             wrong={"b": [(np.full((1, 2), 2.0), BP["in_place_accumulation"])], "a": [(np.ones((1, 2)), BP["overwrite"])]})
        # a non-scalar output: the upstream gradient is the argument, not ones
        x0 = np.array([[1.0, -2.0, 0.5]])
        _run(c, backward_pass, _weighted, _WEIGHTS, ["x"], wrong={"x": [(2 * x0 + 1, BP["ignores_gradient"])]})
        # a diamond: processing a before its use by b is finished loses b's contribution
        _run(c, backward_pass, _diamond, one, ["x"], wrong={"x": _diamond_wrong()})
        # .grad accumulates over calls: x.grad was 10 before, the new 6 is added
        _run(c, backward_pass, _square, one, ["x"], preset={"x": 10.0}, wrong={"x": [(6.0, BP["no_accumulate_over_calls"])]})
        # broadcasting: the bias (3, 1) was added to (3, 4)
        _run(c, backward_pass, _broadcast, one, ["W", "bias"])
        # 5000 operations in a chain (a recursive walk exceeds Python's recursion limit)
        _run(c, backward_pass, _chain, one, ["x"])
        # a case printed nowhere
        _run(c, backward_pass, _hidden, one, ["W1", "b1", "W2"], hidden=True)


def _diamond_wrong():
    """x.grad of the diamond y = (b + a) * a, b = 3a, a = 2x, x = 1.5 under the usual mistakes.
    Right: y = 4a**2 = 16x**2, dy/dx = 32x = 48."""
    a, b = 3.0, 9.0
    g_c = a                      # dy/dc for y = c * a
    g_a_from_y = b + a           # dy/da through the product's second factor (= c)
    g_b = g_c                    # c = b + a
    g_a_from_c = g_c
    g_a_from_b = 3.0 * g_b       # b = 3a; the three add up to 24, times da/dx = 2 gives 48
    wrong = []
    # a processed before b: b's contribution arrives too late and is lost
    wrong.append((2.0 * (g_a_from_y + g_a_from_c), BP["order"]))
    # each later contribution overwrites the earlier ones
    for last in (g_a_from_y, g_a_from_c, g_a_from_b):
        wrong.append((2.0 * last, BP["overwrite"]))
    return wrong


# mm_backward

MM = hints("mm_backward", {
    "shape_error": "形状对不上：grad_a = grad @ b.T（与 a 同形状），grad_b = a.T @ grad（与 b 同形状），检查转置和左右顺序。",
    "swapped": "grad_a 与 grad_b 的返回顺序是否写反了？应为 return grad_a, grad_b（grad_a 与 a 同形状）。",
    "no_upstream": "是否忘了乘上游梯度 grad（链式法则 chain rule：局部导数要乘上传进来的梯度）？",
    "elementwise": "逐元素乘 * 是 mul 的规则；矩阵乘积 mm 的规则要用矩阵乘法 @ 和转置。",
    "grad_a_no_transpose": "grad_a 少了转置：应为 grad @ b.T。",
    "grad_a_order": "乘法顺序不对：矩阵乘法不可交换，grad_a = grad @ b.T（grad 在左）。",
    "grad_a_transposed": "grad_a 被整体转置了：grad @ b.T 已经是 a 的形状，不要再 .T。",
    "grad_a_shape": "形状是 a 的转置：应为 grad @ b.T。",
    "grad_b_no_transpose": "grad_b 少了转置：应为 a.T @ grad。",
    "grad_b_order": "乘法顺序不对：矩阵乘法不可交换，grad_b = a.T @ grad（a.T 在左）。",
    "grad_b_transposed": "grad_b 被整体转置了：a.T @ grad 已经是 b 的形状，不要再 .T。",
    "grad_b_shape": "形状是 b 的转置：应为 a.T @ grad。",
})


def mm_backward_test_case():
    """grad (3, 2), a (3, 4), b (4, 2): the upstream gradient and the inputs of Z = a @ b."""
    rng = np.random.RandomState(7)
    return rng.randn(3, 2), rng.randn(3, 4), rng.randn(4, 2)


def _square_case():
    # Square matrices: the usual mistakes keep the right shape, so their values can be recognised.
    rng = np.random.RandomState(8)
    return rng.randn(3, 3), rng.randn(3, 3), rng.randn(3, 3)


def _hidden_case():
    rng = np.random.RandomState(4711)
    return rng.randn(4, 4), rng.randn(4, 4), rng.randn(4, 4)


def _wrong_a(g, a, b):
    ones = np.ones_like(g)
    return [(a.T @ g, MM["swapped"]), (g @ b, MM["grad_a_no_transpose"]), (b.T @ g, MM["grad_a_order"]),
            ((g @ b.T).T, MM["grad_a_transposed"]), (ones @ b.T, MM["no_upstream"]), (g * b, MM["elementwise"])]


def _wrong_b(g, a, b):
    ones = np.ones_like(g)
    return [(g @ b.T, MM["swapped"]), (a @ g, MM["grad_b_no_transpose"]), (g @ a.T, MM["grad_b_order"]),
            ((a.T @ g).T, MM["grad_b_transposed"]), (a.T @ ones, MM["no_upstream"]), (g * a, MM["elementwise"])]


def mm_backward_test(mm_backward):
    """Check mm_backward on a square case (values, with hints), the published case (shapes) and a
    hidden case."""
    with Checker("mm_backward") as c:
        g, a, b = _square_case()
        grad_a, grad_b = c.unpack(c.call(mm_backward, g, a, b, error_hint=MM["shape_error"]), RETURNS["mm_backward"])
        c.close(grad_a, g @ b.T, "grad_a（3×3 的例子）", wrong=_wrong_a(g, a, b))
        c.close(grad_b, a.T @ g, "grad_b（3×3 的例子）", wrong=_wrong_b(g, a, b))

        g, a, b = mm_backward_test_case()
        grad_a, grad_b = c.unpack(c.call(mm_backward, g, a, b, error_hint=MM["shape_error"]), RETURNS["mm_backward"])
        c.shape(grad_a, a.shape, "grad_a", wrong={(4, 2): MM["swapped"], (4, 3): MM["grad_a_shape"]})
        c.shape(grad_b, b.shape, "grad_b", wrong={(3, 4): MM["swapped"], (2, 4): MM["grad_b_shape"]})
        c.close(grad_a, g @ b.T, "grad_a")
        c.close(grad_b, a.T @ g, "grad_b")

        g, a, b = _hidden_case()
        grad_a, grad_b = c.unpack(c.call(mm_backward, g, a, b, error_hint=MM["shape_error"], hidden=True),
                                  RETURNS["mm_backward"])
        c.close(grad_a, g @ b.T, "grad_a", wrong=_wrong_a(g, a, b), hidden=True)
        c.close(grad_b, a.T @ g, "grad_b", wrong=_wrong_b(g, a, b), hidden=True)
        c.unchanged()
