"""A small reverse-mode autograd engine with torch's user-facing API (notebook 07).

Tensors hold float64 numpy arrays. Every operation computes its result and, when an input needs
a gradient, records a Node: the inputs, the arrays its backward rule needs ("saved tensors"), and
the rule itself, written right below the forward line. ``backward()`` visits the graph in reverse
topological order (found by an iterative depth-first search) and applies the chain rule node by node.

Decisions, following torch:
- ``.grad`` is a Tensor (no grad of its own), None until a backward reaches the leaf; it
  accumulates over backward calls: reset it with ``x.grad.zero_()`` or ``x.grad = None``.
- Only leaves with ``requires_grad=True`` get ``.grad`` (others after ``retain_grad()``).
- A non-scalar output needs ``backward(gradient)`` with the output's shape.
- After a backward the saved arrays of the graph are freed (the leaves stay); a second backward
  through a node that needs them raises unless the first call passed ``retain_graph=True``.
- Broadcasting works as in numpy; the gradient of a broadcast input is summed back to its shape.
- ``@`` is ``mm``: 2-D matrices only.
"""
from contextlib import contextmanager

import numpy as np

from ._names import pick
from .activations import rectifier

__all__ = ["Tensor", "tensor", "no_grad", "pow", "add", "sub", "mul", "div", "neg", "mm",
           "clamp", "relu", "sum", "mean", "t", "operation", "topological_order", "sum_to_shape",
           "export_graph"]

_grad_enabled = True


@contextmanager
def no_grad():
    """Inside ``with no_grad():`` operations record no graph (used for parameter updates)."""
    global _grad_enabled
    previous, _grad_enabled = _grad_enabled, False
    try:
        yield
    finally:
        _grad_enabled = previous


class Node:
    """One recorded operation: its inputs, the arrays its backward rule needs, and the rule."""

    def __init__(self, name, op, parents, saved, rule):
        self.name, self.op, self.parents = name, op, parents
        self.saved, self.rule = saved, rule

    def apply(self, grad):
        """Gradients w.r.t. each parent (before broadcast reduction) from the output's gradient."""
        if self.saved is None:
            raise RuntimeError(
                "第二次对同一张计算图做 backward，但图中保存的中间值已在上一次 backward 后释放"
                "（叶子张量本身还在）。需要再次反向传播时，请在第一次调用时传 retain_graph=True。"
                " (Trying to backward through the graph a second time: its saved tensors were "
                "freed; specify retain_graph=True.)")
        return self.rule(grad, *self.saved)

    def free(self):
        # Nodes that saved nothing (add, sub, sum, ...) can be run again, as in torch.
        if self.saved:
            self.saved = None

    def __repr__(self):
        return f"<{self.name}>"


class Tensor:
    """An array that can record how it was computed. data: ndarray (float64)."""

    def __init__(self, data, requires_grad=False):
        self.data = np.array(data.data if isinstance(data, Tensor) else data, dtype=np.float64)
        self.requires_grad = bool(requires_grad)
        self.grad = None
        self.grad_fn = None
        self._retains_grad = False

    shape = property(lambda self: self.data.shape)
    ndim = property(lambda self: self.data.ndim)
    is_leaf = property(lambda self: self.grad_fn is None)
    T = property(lambda self: t(self))

    def __repr__(self):
        body = np.array2string(self.data, separator=", ", precision=4, prefix="tensor(")
        extra = ""
        if self.grad_fn is not None:
            extra = f", grad_fn={self.grad_fn!r}"
        elif self.requires_grad:
            extra = ", requires_grad=True"
        return f"tensor({body}{extra})"

    def item(self):
        return float(self.data)

    def numpy(self):
        return self.data

    def detach(self):
        return Tensor(self.data)

    def retain_grad(self):
        """Keep .grad on this non-leaf too (for inspecting the gradients inside a graph)."""
        self._retains_grad = True

    def zero_(self):
        """Set every element to 0 in place (used as x.grad.zero_())."""
        self.data[...] = 0.0
        return self

    def __isub__(self, other):
        # In-place update of a leaf (w -= lr * w.grad) is only safe when no graph is recorded.
        if _grad_enabled and self.requires_grad:
            raise RuntimeError("对需要梯度的叶子张量做原地修改，请放在 `with no_grad():` 里 "
                               "(a leaf that requires grad is used in an in-place operation).")
        self.data -= _lift(other).data
        return self

    def backward(self, gradient=None, retain_graph=False):
        """Accumulate d(self)/d(leaf), weighted by gradient, into every leaf's .grad."""
        if not self.requires_grad:
            raise RuntimeError("这个张量不需要梯度，也没有 grad_fn，无法 backward "
                               "(tensor does not require grad and does not have a grad_fn).")
        if gradient is None:
            if self.data.size != 1:
                raise RuntimeError(
                    f"输出的形状是 {self.shape}，不是标量：请传入同形状的 gradient 参数，"
                    "例如 y.backward(ones) (grad can be implicitly created only for scalar "
                    "outputs).")
            gradient = np.ones_like(self.data)
        gradient = np.array(_lift(gradient).data, dtype=np.float64)
        if gradient.shape != self.shape:
            raise RuntimeError(f"gradient 的形状 {gradient.shape} 与输出的形状 {self.shape} 不一致 "
                               "(mismatch in shape between gradient and output).")
        grads = {id(self): gradient}
        for node in reversed(topological_order(self)):
            g = grads.pop(id(node), None)
            if g is None:
                continue
            if node.is_leaf or node._retains_grad:
                node.grad = Tensor(g) if node.grad is None else Tensor(node.grad.data + g)
            if node.is_leaf:
                continue
            fn = node.grad_fn
            for parent, pg in zip(fn.parents, fn.apply(g)):
                if parent.requires_grad:
                    pg = sum_to_shape(pg, parent.shape)
                    grads[id(parent)] = grads[id(parent)] + pg if id(parent) in grads else pg
            if not retain_graph:
                fn.free()

    # Operators call the functions below, so `x ** 2` and `pow(x, 2)` build the same graph.
    def __add__(self, other): return add(self, other)
    def __radd__(self, other): return add(other, self)
    def __sub__(self, other): return sub(self, other)
    def __rsub__(self, other): return sub(other, self)
    def __mul__(self, other): return mul(self, other)
    def __rmul__(self, other): return mul(other, self)
    def __truediv__(self, other): return div(self, other)
    def __rtruediv__(self, other): return div(other, self)
    def __neg__(self): return neg(self)
    def __pow__(self, exponent): return pow(self, exponent)
    def __matmul__(self, other): return mm(self, other)
    def pow(self, exponent): return pow(self, exponent)
    def mm(self, other): return mm(self, other)
    def clamp(self, min=None, max=None): return clamp(self, min, max)
    def relu(self): return relu(self)
    def sum(self, dim=None, keepdim=False): return sum(self, dim, keepdim)
    def mean(self, dim=None, keepdim=False): return mean(self, dim, keepdim)
    def t(self): return t(self)


def tensor(data, requires_grad=False):
    """Like torch.tensor: a new Tensor holding a float64 copy of data."""
    return Tensor(data, requires_grad=requires_grad)


def _lift(x):
    return x if isinstance(x, Tensor) else Tensor(x)


def _make(data, parents, name, op, saved, rule):
    """Result of an operation; records a Node when some input needs a gradient."""
    out = Tensor(data)
    if _grad_enabled and any(p.requires_grad for p in parents):
        out.requires_grad = True
        out.grad_fn = Node(name, op, parents, saved, rule)
    return out


def sum_to_shape(grad, shape):
    """Sum grad (an ndarray) over the axes that broadcasting added or stretched, back to shape
    (torch's ``Tensor.sum_to_size``). A rule returns gradients of the broadcast shape; the
    gradient of an input must have the input's own shape."""
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, n in enumerate(shape):
        if n == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


def topological_order(root):
    """Tensors that need a gradient, each after all of its inputs (depth-first search)."""
    # Iterative post-order with an explicit stack, so a chain of 10 000 operations does not hit
    # Python's recursion limit; it visits nodes in the same order as the recursive search.
    order, seen = [], set()
    if not root.requires_grad:
        return order
    seen.add(id(root))
    stack = [(root, iter(root.grad_fn.parents if root.grad_fn is not None else ()))]
    while stack:
        v, parents = stack[-1]
        for parent in parents:
            if id(parent) not in seen and parent.requires_grad:
                seen.add(id(parent))
                stack.append((parent, iter(parent.grad_fn.parents
                                           if parent.grad_fn is not None else ())))
                break
        else:
            stack.pop()
            order.append(v)
    return order


# Each rule maps (gradient of the output, *saved arrays) to one gradient per input.

def add(a, b):
    a, b = _lift(a), _lift(b)
    return _make(a.data + b.data, (a, b), "AddBackward", "+", (),
                 lambda g: (g, g))


def sub(a, b):
    a, b = _lift(a), _lift(b)
    return _make(a.data - b.data, (a, b), "SubBackward", "-", (),
                 lambda g: (g, -g))


def neg(a):
    a = _lift(a)
    return _make(-a.data, (a,), "NegBackward", "neg", (),
                 lambda g: (-g,))


def mul(a, b):
    a, b = _lift(a), _lift(b)
    return _make(a.data * b.data, (a, b), "MulBackward", "*", (a.data, b.data),
                 lambda g, x, y: (g * y, g * x))


def div(a, b):
    a, b = _lift(a), _lift(b)
    return _make(a.data / b.data, (a, b), "DivBackward", "/", (a.data, b.data),
                 lambda g, x, y: (g / y, -g * x / y ** 2))


def pow(a, exponent):
    """a ** exponent for a number exponent (d/da = exponent * a**(exponent-1))."""
    a = _lift(a)
    e = float(exponent)
    return _make(a.data ** e, (a,), "PowBackward", f"**{exponent}", (a.data,),
                 lambda g, x: (g * e * x ** (e - 1),))


def mm(a, b):
    """Matrix product of 2-D a (n, k) and b (k, m) -> (n, m)."""
    a, b = _lift(a), _lift(b)
    if a.ndim != 2 or b.ndim != 2:
        raise ValueError(f"mm 只接受二维矩阵 (mm needs 2-D matrices), got {a.shape} and {b.shape}")
    return _make(a.data @ b.data, (a, b), "MmBackward", "mm", (a.data, b.data),
                 lambda g, x, y: (g @ y.T, x.T @ g))


def clamp(a, min=None, max=None):
    """Clip to [min, max]; the gradient passes where min <= a <= max (ends included, as torch)."""
    a = _lift(a)
    lo = -np.inf if min is None else min
    hi = np.inf if max is None else max
    return _make(np.clip(a.data, lo, hi), (a,), "ClampBackward", "clamp", (a.data,),
                 lambda g, x: (g * ((x >= lo) & (x <= hi)),))


def relu(a):
    """max(a, 0); the gradient passes where a > 0 (0 at a == 0, as torch)."""
    a = _lift(a)
    return _make(rectifier(a.data), (a,), "ReluBackward", "relu", (a.data,),
                 lambda g, x: (g * (x > 0),))


def sum(a, dim=None, keepdim=False):
    """Sum over all elements, or over axis dim."""
    a = _lift(a)
    shape = a.shape
    return _make(a.data.sum(axis=dim, keepdims=keepdim), (a,), "SumBackward", "sum", (),
                 lambda g: (_spread(g, shape, dim, keepdim),))


def mean(a, dim=None, keepdim=False):
    """Mean over all elements, or over axis dim."""
    a = _lift(a)
    shape = a.shape
    n = a.data.size if dim is None else shape[dim]
    return _make(a.data.mean(axis=dim, keepdims=keepdim), (a,), "MeanBackward", "mean", (),
                 lambda g: (_spread(g, shape, dim, keepdim) / n,))


def _spread(g, shape, dim, keepdim):
    """Copy the gradient of a reduction back to every element that was reduced."""
    if dim is not None and not keepdim:
        g = np.expand_dims(g, dim)
    return np.broadcast_to(g, shape).copy()


def t(a):
    """Transpose of a 2-D tensor."""
    a = _lift(a)
    return _make(a.data.T, (a,), "TBackward", "T", (),
                 lambda g: (g.T,))


def operation(forward, rule, name="CustomBackward"):
    """A new operation made of a forward function on arrays and its backward rule (what
    torch.autograd.Function does with a class). forward(*arrays) -> array; rule(g, *arrays) ->
    one gradient per input, as the rules above. Returns op: op(*tensors) is a tensor whose node
    saves the inputs' arrays and calls rule(g, *arrays) in backward (notebook 07 checks a
    hand-written rule this way)."""
    def op(*inputs):
        inputs = tuple(_lift(x) for x in inputs)
        arrays = tuple(x.data for x in inputs)
        return _make(np.asarray(forward(*arrays), dtype=float), inputs, name, name, arrays, rule)
    op.__name__ = name
    return op


def export_graph(output, names=None):
    """Nodes and edges of the graph that computed output, for drawing (see plots.draw_graph).
    names: {"x": x, ...} labels tensors; others are labelled by their operation.
    Returns {"nodes": [{"id", "label", "kind", "shape", "value", "grad", "depth"}], "edges": [(a, b)]}
    where kind is "leaf" (requires grad), "const" or "op", value/grad are arrays (grad may be None)
    and an edge (a, b) means node a is an input of node b."""
    label_of = {id(v): k for k, v in (names or {}).items()}
    nodes, edges, index = [], [], {}

    def visit(v):
        if id(v) in index:
            return index[id(v)]
        parents = [visit(p) for p in v.grad_fn.parents] if v.grad_fn is not None else []
        kind = "op" if v.grad_fn is not None else ("leaf" if v.requires_grad else "const")
        default = v.grad_fn.op if kind == "op" else ("const" if kind == "const" else "leaf")
        depth = 1 + max(nodes[i]["depth"] for i in parents) if parents else 0
        index[id(v)] = len(nodes)
        nodes.append({"id": len(nodes), "label": label_of.get(id(v), default), "kind": kind,
                      "op": v.grad_fn.op if kind == "op" else None, "shape": v.shape,
                      "value": v.data.copy(),
                      "grad": None if v.grad is None else v.grad.data.copy(), "depth": depth})
        edges.extend((i, index[id(v)]) for i in parents)
        return index[id(v)]

    visit(output)
    return {"nodes": nodes, "edges": edges}


# Notebook 07's explorer: a few one-variable expressions, built and differentiated by this engine.
__all__ += ["AUTOGRAD_EXPRESSIONS", "autograd_graph"]

AUTOGRAD_EXPRESSIONS = {
    "y = x**2": lambda x: x ** 2,
    "y = x**2 + x": lambda x: x ** 2 + x,
    "y = (x + 1) * (x - 1)": lambda x: (x + 1) * (x - 1),
    "y = relu(3*x - 1) / 2": lambda x: (3 * x - 1).relu() / 2,
    "y = x * clamp(x, -1, 1)": lambda x: x * x.clamp(min=-1, max=1),
}


def autograd_graph(expression="y = (x + 1) * (x - 1)", x=2.0, eps=1e-6):
    """Build one of AUTOGRAD_EXPRESSIONS at x and run backward, keeping the gradient of every
    node. -> (graph from export_graph, dy/dx, centred-difference estimate)."""
    f = pick(AUTOGRAD_EXPRESSIONS, expression, "表达式 (expression)")
    xt = tensor(x, requires_grad=True)
    y = f(xt)
    stack = [y]
    while stack:  # keep .grad on the intermediate nodes too, so the figure can show them
        v = stack.pop()
        if v.grad_fn is not None:
            v.retain_grad()
            stack.extend(v.grad_fn.parents)
    y.backward()
    numeric = (f(tensor(x + eps)).item() - f(tensor(x - eps)).item()) / (2 * eps)
    return export_graph(y, {"x": xt, "y": y}), xt.grad.item(), numeric
