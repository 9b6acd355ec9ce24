"""Checkers of notebook 07 (autograd): the backward pass of the engine and a backward rule the
notebook does not print.

backward_pass(output, gradient) -> None: visit the graph of output in reverse topological order,
call each node's rule, sum the contributions a tensor receives from all its uses, reduce a
broadcast input's gradient to its shape, and add the result to the ``.grad`` of every leaf that
requires a gradient (accumulating over calls, as ``Tensor.backward`` does).

mm_t_backward(grad, a, b) -> (grad_a, grad_b) for Z = a @ b.T, grad = dL/dZ:
grad_a = grad @ b (shape of a (n, k)), grad_b = grad.T @ a (shape of b (m, k)). The notebook derives
the rule of Z = a @ b and asks for this one: from the differential dZ = da bᵀ + a dbᵀ, or as mm of
a and c = bᵀ followed by the transpose. Square cases (n = m = k) come first: there every candidate
formula has the right shape, only values tell them apart, and the usual ones are named. The last
case runs the learner's rule as the rule of an engine node (``ag.operation``) inside a graph where
one tensor is both inputs of a node, against the engine's own ``x @ y.t()``.

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

__all__ = ["backward_pass_test", "mm_t_backward_test_case", "mm_t_backward_test"]

# The names of what each exercise returns (its unpack check and testCases.show use them).
RETURNS = {"mm_t_backward": ("grad_a", "grad_b")}
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


# mm_t_backward

MMT = hints("mm_t_backward", {
    "shape_error": "形状对不上：grad (n, m)、a (n, k)、b (m, k)。grad_a 要与 a 同形 (n, k)，grad_b 要与 b 同形 (m, k)："
        "先把每个量的形状写在旁边，看 grad 的哪一维要和 a 或 b 的哪一维相乘消掉，再决定谁转置、谁在左边。",
    "copied_mm_rule": "这是 Z = a b 的规则 grad @ b.T（形状碰巧对上只因为这里是方阵）。这里前向是 Z = a bᵀ："
        "写出 dZ = da bᵀ + a dbᵀ，再用 dL = tr(Gᵀ dZ) 推一遍；或者把 bᵀ 看成一个矩阵 c，"
        "先用 mm 的规则求 c 的梯度，再转置回 b。",
    "grad_b_transposed": "grad_b 是答案的转置：aᵀ G 是 c = bᵀ 的梯度（mm 的规则），形状 (k, m)；"
        "b 的梯度要再转置回来：(aᵀ G)ᵀ = Gᵀ a，形状 (m, k)。",
    "grad_b_no_transpose": "grad_b 里 G 少了转置：G 是 (n, m)，要和 a (n, k) 在 n 那一维上相乘，应为 Gᵀ a。",
    "swapped": "grad_a 与 grad_b 的返回顺序是否写反了？应为 return grad_a, grad_b（grad_a 与 a 同形状）。",
    "no_upstream": "是否忘了乘上游梯度 grad（链式法则 chain rule：局部导数要乘上传进来的梯度）？",
    "elementwise": "逐元素乘 * 是 mul 的规则；矩阵乘积的规则要用矩阵乘法 @ 和转置。",
    "order": "乘法顺序不对：矩阵乘法不可交换，grad 要放在左边（grad_a = G b，grad_b = Gᵀ a）。",
    "transposed": "结果被整体转置了：先看它应与哪个输入同形状。",
    "engine": "你的规则单独调用时是对的，放进计算图由引擎调用时给出的叶子梯度却不对：规则只能依赖传进来的 "
        "(grad, a, b)，不能有别的状态，也不能改动传入的数组。",
})


def mm_t_backward_test_case():
    """grad (3, 2), a (3, 4), b (2, 4): the upstream gradient and the inputs of Z = a @ b.T."""
    rng = np.random.RandomState(7)
    return rng.randn(3, 2), rng.randn(3, 4), rng.randn(2, 4)


def _mmt_square_case():
    # n = m = k: every candidate formula has the right shape, so only the values can tell them apart
    rng = np.random.RandomState(8)
    return rng.randn(3, 3), rng.randn(3, 3), rng.randn(3, 3)


def _mmt_hidden_case():
    rng = np.random.RandomState(4711)
    return rng.randn(4, 4), rng.randn(4, 4), rng.randn(4, 4)


def _computable(candidates):
    """[(value, hint)] of the (formula, hint) pairs whose shapes fit these inputs."""
    out = []
    for formula, found in candidates:
        try:
            out.append((formula(), found))
        except ValueError:
            pass
    return out


def _mmt_wrong_a(g, a, b):
    ones = np.ones_like(g)
    return _computable([(lambda: g @ b.T, MMT["copied_mm_rule"]), (lambda: g.T @ a, MMT["swapped"]),
                        (lambda: b @ g, MMT["order"]), (lambda: (g @ b).T, MMT["transposed"]),
                        (lambda: ones @ b, MMT["no_upstream"]), (lambda: g * b, MMT["elementwise"])])


def _mmt_wrong_b(g, a, b):
    ones = np.ones_like(g)
    return _computable([(lambda: a.T @ g, MMT["grad_b_transposed"]), (lambda: g @ a, MMT["grad_b_no_transpose"]),
                        (lambda: g @ b, MMT["swapped"]), (lambda: a @ g.T, MMT["order"]),
                        (lambda: ones.T @ a, MMT["no_upstream"]), (lambda: g * a, MMT["elementwise"])])


def _mmt_values(c, fn, case, hidden=False):
    """Run fn on (grad, a, b) and check both gradients; the square cases name the usual mistakes."""
    g, a, b = case
    grad_a, grad_b = c.unpack(c.call(fn, g, a, b, error_hint=MMT["shape_error"], hidden=hidden),
                              RETURNS["mm_t_backward"])
    c.shape(grad_a, a.shape, "grad_a", wrong={b.shape: MMT["swapped"], a.shape[::-1]: MMT["transposed"]}
            if a.shape != b.shape else None)
    c.shape(grad_b, b.shape, "grad_b", wrong={b.shape[::-1]: MMT["grad_b_transposed"], a.shape: MMT["swapped"]}
            if a.shape != b.shape else None)
    c.close(grad_a, g @ b, "grad_a", wrong=_mmt_wrong_a(g, a, b), hidden=hidden)
    c.close(grad_b, g.T @ a, "grad_b", wrong=_mmt_wrong_b(g, a, b), hidden=hidden)


def _mmt_graph(product):
    """Leaves and output of a small graph with two products of the form x @ yᵀ: scores of queries
    against keys, and a Gram matrix, where one tensor is both inputs of the same node."""
    rng = np.random.RandomState(2027)
    Q = ag.tensor(rng.randn(3, 5), requires_grad=True)
    K = ag.tensor(rng.randn(4, 5), requires_grad=True)
    C = ag.tensor(rng.randn(3, 4))
    out = ((product(Q, K) - 0.3).relu() * C).sum() + (product(Q, Q) * 0.1).sum()
    return [Q, K], out


def _mmt_engine(c, fn):
    """fn as the rule of an engine node: the leaves' .grad equal those of the engine's x @ y.t()."""
    def rule(g, x, y):
        grad_x, grad_y = c.unpack(c.call(fn, g, x, y, error_hint=MMT["shape_error"], hidden=True),
                                  RETURNS["mm_t_backward"])
        return (c.shape(grad_x, x.shape, "grad_a（在计算图里）", hint=MMT["engine"]),
                c.shape(grad_y, y.shape, "grad_b（在计算图里）", hint=MMT["engine"]))
    want_leaves, want_out = _mmt_graph(lambda x, y: x @ y.t())
    want_out.backward()
    leaves, out = _mmt_graph(ag.operation(lambda x, y: x @ y.T, rule, "MmTBackward"))
    out.backward()
    for name, t, w in zip(("Q", "K"), leaves, want_leaves):
        c.close(t.grad.data, w.grad.data, f"{name}.grad（你的规则在计算图里）", hint=MMT["engine"], hidden=True)


def mm_t_backward_test(mm_t_backward):
    """Check mm_t_backward on a square case (values, with hints), the published case, a hidden
    case, and as the rule of a node inside the engine."""
    with Checker("mm_t_backward") as c:
        _mmt_values(c, mm_t_backward, _mmt_square_case())
        _mmt_values(c, mm_t_backward, mm_t_backward_test_case())
        _mmt_values(c, mm_t_backward, _mmt_hidden_case(), hidden=True)
        _mmt_engine(c, mm_t_backward)
        c.unchanged()
