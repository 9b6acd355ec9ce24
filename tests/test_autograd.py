"""dnn_utils.autograd: every op against centred differences, the seed's examples, torch's rules
(implicit gradient only for scalars, freed graph, accumulation), broadcasting, and torch itself
when it happens to be installed (it is not a requirement)."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dnn_utils import autograd as ag  # noqa: E402
from dnn_utils.gradcheck import numerical_gradient, relative_error  # noqa: E402

# float64, eps = 1e-6, smooth inputs: centred differences agree to ~1e-9 relative; 1e-7 is safe.
TOL = 1e-7


def _check(f, *shapes, seed=0, positive=False):
    """Gradient of sum(f(*inputs) * weights) w.r.t. every input vs centred differences."""
    rng = np.random.default_rng(seed)
    arrays = [np.array(rng.uniform(0.5, 2.0, s) * (1 if positive else rng.choice([-1, 1], s)))
              for s in shapes]
    out_shape = f(*[ag.tensor(a) for a in arrays]).shape
    weights = rng.standard_normal(out_shape)
    leaves = [ag.tensor(a, requires_grad=True) for a in arrays]
    (f(*leaves) * weights).sum().backward()
    for leaf, a in zip(leaves, arrays):
        numeric = numerical_gradient(
            lambda: float(np.sum(f(*[ag.tensor(b) for b in arrays]).data * weights)), a)
        assert leaf.grad.shape == a.shape
        assert relative_error(leaf.grad.data, numeric) < TOL


OPS = {
    "add": (lambda a, b: a + b, [(2, 3), (2, 3)]),
    "sub": (lambda a, b: a - b, [(2, 3), (2, 3)]),
    "mul": (lambda a, b: a * b, [(2, 3), (2, 3)]),
    "div": (lambda a, b: a / b, [(2, 3), (2, 3)]),
    "neg": (lambda a: -a, [(2, 3)]),
    "pow2": (lambda a: a ** 2, [(2, 3)]),
    "pow3": (lambda a: ag.pow(a, 3), [(2, 3)]),
    "mm": (lambda a, b: a @ b, [(2, 4), (4, 3)]),
    "mm_fn": (lambda a, b: ag.mm(a, b), [(3, 3), (3, 2)]),
    "clamp": (lambda a: a.clamp(min=-1.0, max=1.0), [(3, 4)]),
    "relu": (lambda a: ag.relu(a), [(3, 4)]),
    "sum": (lambda a: a.sum(), [(2, 3)]),
    "sum_dim": (lambda a: a.sum(dim=0), [(2, 3)]),
    "sum_keepdim": (lambda a: ag.sum(a, dim=1, keepdim=True), [(2, 3)]),
    "mean": (lambda a: a.mean(), [(2, 3)]),
    "mean_dim": (lambda a: a.mean(dim=1), [(2, 3)]),
    "t": (lambda a: a.t() @ a, [(3, 2)]),
    "T": (lambda a: a.T * 2.0, [(3, 2)]),
    "scalar_ops": (lambda a: (3.0 - a) / 2.0 + 1.0 / a - 2.0 * a, [(2, 2)]),
    "composite": (lambda x, w: ((x @ w).relu() - 0.5).pow(2).mean(), [(4, 3), (3, 2)]),
}


@pytest.mark.parametrize("name", list(OPS))
def test_op_gradient_matches_centred_differences(name):
    f, shapes = OPS[name]
    _check(f, *shapes, positive=(name == "div"))


def test_seed_square_at_three():
    x = ag.tensor(3.0, requires_grad=True)
    y = ag.pow(x, 2)
    assert x.requires_grad and y.requires_grad
    y.backward()
    assert x.grad.item() == 6.0
    assert repr(x.grad) == "tensor(6.)"
    assert repr(y) == "tensor(9., grad_fn=<PowBackward>)"


def test_seed_matrix_example_with_gradient_of_ones():
    x = ag.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)
    y = ag.add(ag.pow(x, 2), x)
    y.backward(ag.tensor(np.ones((2, 3))))
    np.testing.assert_array_equal(x.grad.data, [[3, 5, 7], [9, 11, 13]])


def test_gradient_weights_are_a_vector_jacobian_product():
    x = ag.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)
    v = np.array([[1., 0., 2.], [0., -1., 0.5]])
    (x ** 2 + x).backward(v)
    np.testing.assert_allclose(x.grad.data, v * (2 * x.data + 1))


def test_non_scalar_backward_without_gradient_raises():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="only for scalar outputs"):
        (x * 2).backward()
    with pytest.raises(RuntimeError, match="mismatch in shape"):
        (x * 2).backward(np.ones(3))


def test_backward_without_requires_grad_raises():
    with pytest.raises(RuntimeError, match="does not require grad"):
        (ag.tensor(2.0) ** 2).backward()


def _p_and_q():
    x = ag.tensor(2.0, requires_grad=True)
    y = x ** 2
    return x, y * 3, y ** 2  # p = 3 x^2, q = x^4 share the node y


def test_second_backward_raises_without_retain_graph():
    x, p, q = _p_and_q()
    p.backward()
    assert x.grad.item() == 12.0
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        p.backward()
    with pytest.raises(RuntimeError, match="second time"):
        q.backward()  # q's own node is fresh, but the shared node y was freed
    assert x.grad.item() == 12.0 and x.data == 2.0  # the leaf itself is not freed


def test_retain_graph_allows_second_backward_and_accumulates():
    x, p, q = _p_and_q()
    p.backward(retain_graph=True)
    q.backward(retain_graph=True)
    assert x.grad.item() == 12.0 + 32.0
    p.backward()
    assert x.grad.item() == 12.0 + 32.0 + 12.0


def test_graph_without_saved_arrays_can_run_twice():
    # As in torch: add and sum save nothing, so nothing is freed.
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    y = (x + 1).sum()
    y.backward()
    y.backward()
    np.testing.assert_array_equal(x.grad.data, [2.0, 2.0])


def test_only_leaves_that_require_grad_get_grad_and_zero_resets():
    w = ag.tensor([[1.0, 2.0]], requires_grad=True)
    c = ag.tensor([[3.0], [4.0]])
    h = w @ c
    k = h * 2
    h.retain_grad()
    k.sum().backward()
    assert c.grad is None and k.grad is None and not k.is_leaf and w.is_leaf
    np.testing.assert_array_equal(h.grad.data, [[2.0]])
    np.testing.assert_array_equal(w.grad.data, [[6.0, 8.0]])
    w.grad.zero_()
    np.testing.assert_array_equal(w.grad.data, [[0.0, 0.0]])


def test_tensor_used_twice_sums_both_paths():
    x = ag.tensor(3.0, requires_grad=True)
    (x * x + x).backward()
    assert x.grad.item() == 7.0


BROADCAST = {
    (3,): lambda g: g.sum(axis=0),
    (1, 3): lambda g: g.sum(axis=0, keepdims=True),
    (2, 1): lambda g: g.sum(axis=1, keepdims=True),
    (): lambda g: g.sum(),
    (1, 1): lambda g: g.sum(keepdims=True),
}


@pytest.mark.parametrize("shape_b", list(BROADCAST))
def test_broadcast_gradient_is_reduced_to_input_shape(shape_b):
    a = ag.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    b = ag.tensor(np.full(shape_b, 2.0), requires_grad=True)
    (a * b + b).sum().backward()
    assert a.grad.shape == (2, 3) and b.grad.shape == shape_b
    np.testing.assert_allclose(b.grad.data, BROADCAST[shape_b](a.data + 1))
    _check(lambda u, w: u * w - w, (2, 3), shape_b)


def test_no_grad_records_nothing_and_allows_in_place_update():
    w = ag.tensor([1.0, 2.0], requires_grad=True)
    (w ** 2).sum().backward()
    with ag.no_grad():
        z = w * 2
        w -= 0.5 * w.grad
    assert not z.requires_grad and z.grad_fn is None
    np.testing.assert_allclose(w.data, [0.0, 0.0])
    with pytest.raises(RuntimeError, match="no_grad"):
        w -= 1.0


def test_mm_needs_matrices():
    with pytest.raises(ValueError, match="2-D"):
        ag.mm(ag.tensor([1.0, 2.0]), ag.tensor([[1.0], [2.0]]))


def test_topological_order_puts_inputs_first():
    x = ag.tensor(2.0, requires_grad=True)
    a = x + 1
    b = x - 1
    y = a * b
    order = ag.topological_order(y)
    assert order[0] is x and order[-1] is y and len(order) == 4


def test_export_graph_nodes_edges_and_drawing():
    x = ag.tensor(3.0, requires_grad=True)
    y = x * x + 1
    y.backward()
    g = ag.export_graph(y, {"x": x, "y": y})
    labels = [n["label"] for n in g["nodes"]]
    assert labels == ["x", "*", "const", "y"]
    assert g["edges"] == [(0, 1), (0, 1), (1, 3), (2, 3)]
    assert g["nodes"][0]["grad"] == 6.0 and g["nodes"][3]["depth"] == 2
    from dnn_utils.plots import draw_graph
    ax = draw_graph(g)
    assert ax is not None
    plt.close("all")


def test_autograd_graph_matches_finite_differences():
    from dnn_utils.autograd import AUTOGRAD_EXPRESSIONS, autograd_graph
    for expression in AUTOGRAD_EXPRESSIONS:
        for x in (-2.25, 0.75, 1.5):
            graph, grad, numeric = autograd_graph(expression, x)
            assert abs(grad - numeric) < 1e-6
            assert [n["label"] for n in graph["nodes"]].count("x") == 1
            assert all(n["grad"] is not None for n in graph["nodes"] if n["kind"] != "const")
    with pytest.raises(ValueError):
        autograd_graph("y = sin(x)", 1.0)


def test_same_numbers_as_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(3)
    xv, wv, v = rng.standard_normal((4, 3)), rng.standard_normal((3, 2)), rng.standard_normal((4, 2))

    def run(lib):
        x = lib.tensor(xv, requires_grad=True)
        w = lib.tensor(wv, requires_grad=True)
        y = (lib.mm(x, w).clamp(min=0.0) - 0.3) ** 2 / 2
        y.backward(lib.tensor(v), retain_graph=True)
        y.sum().backward()
        return np.asarray(x.grad.detach().numpy()), np.asarray(w.grad.detach().numpy())

    for mine, theirs in zip(run(ag), run(torch)):
        np.testing.assert_allclose(mine, theirs, rtol=1e-12, atol=1e-12)
    x = torch.tensor(2.0, requires_grad=True)
    p = (x ** 2) * 3
    p.backward()
    with pytest.raises(RuntimeError, match="second time"):
        p.backward()


def _recursive_order(root):
    """The engine's former recursive depth-first search, to prove the iterative one keeps its order."""
    order, seen = [], set()

    def visit(v):
        if id(v) in seen or not v.requires_grad:
            return
        seen.add(id(v))
        if v.grad_fn is not None:
            for parent in v.grad_fn.parents:
                visit(parent)
        order.append(v)

    visit(root)
    return order


def test_topological_order_same_as_recursive_search():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    w = ag.tensor([0.5, -1.0], requires_grad=True)
    c = ag.tensor([3.0, 4.0])
    a = x * w
    y = ((a + x) * (a - c) + w * w).sum()
    assert [id(v) for v in ag.topological_order(y)] == [id(v) for v in _recursive_order(y)]


def test_chain_of_10000_operations_backpropagates():
    # the recursive search raised RecursionError near 1 000 operations
    x = ag.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(10_000):
        y = y * 1.0001
    y.backward()
    assert np.isclose(float(x.grad.data), 1.0001 ** 10_000, rtol=1e-9)


def test_operation_builds_a_node_from_a_forward_and_a_rule():
    """ag.operation: a hand-written rule becomes a node; its gradients agree with the engine's own
    composition and with centred differences, and no graph is recorded under no_grad."""
    op = ag.operation(lambda x, y: x @ y.T, lambda g, x, y: (g @ y, g.T @ x), "MmTBackward")
    rng = np.random.default_rng(3)
    a, b, w = rng.normal(size=(3, 4)), rng.normal(size=(2, 4)), rng.normal(size=(3, 2))
    ta, tb = ag.tensor(a, requires_grad=True), ag.tensor(b, requires_grad=True)
    z = op(ta, tb)
    assert repr(z.grad_fn) == "<MmTBackward>" and z.requires_grad and not z.is_leaf
    np.testing.assert_allclose(z.data, a @ b.T)
    (z.relu() * w).sum().backward()
    ea, eb = ag.tensor(a, requires_grad=True), ag.tensor(b, requires_grad=True)
    ((ea @ eb.t()).relu() * w).sum().backward()
    np.testing.assert_allclose(ta.grad.data, ea.grad.data, rtol=1e-12)
    np.testing.assert_allclose(tb.grad.data, eb.grad.data, rtol=1e-12)
    numeric = numerical_gradient(lambda: float(np.sum(np.maximum(a @ b.T, 0) * w)), a)
    assert relative_error(ta.grad.data, numeric) < TOL
    with ag.no_grad():
        assert op(ta, tb).grad_fn is None
    assert op(ag.tensor(a), ag.tensor(b)).grad_fn is None      # no input needs a gradient
