"""Shapes of every array of an L-layer network, the first layer whose parameters have the wrong
shape (and a check that says why), and the network's notation in text (notebooks 01 and 03)."""
import numpy as np

from ._names import renamed_keywords

__all__ = ["layer_shapes", "first_bad_layer", "check_parameter_shapes", "shape_table", "network_summary"]


def layer_shapes(layer_dims, m=1):
    """Shapes for layers l = 1..L: W (n[l], n[l-1]), b (n[l], 1), Z and A (n[l], m), dW like W,
    db like b. layer_dims [n0, ..., nL] -> {"W1": (n1, n0), "b1": (n1, 1), "Z1": ..., "db1": ...}."""
    shapes = {}
    for l in range(1, len(layer_dims)):
        n, n_prev = int(layer_dims[l]), int(layer_dims[l - 1])
        shapes.update({f"W{l}": (n, n_prev), f"b{l}": (n, 1), f"Z{l}": (n, m), f"A{l}": (n, m),
                       f"dW{l}": (n, n_prev), f"db{l}": (n, 1)})
    return shapes


def first_bad_layer(parameters, layer_dims):
    """The smallest l in 1..L whose W{l} or b{l} is missing or not of shape (n[l], n[l-1]) and
    (n[l], 1), else None. Only layers 1..L of layer_dims [n0, ..., nL] are looked at, in the order
    of their number (not of the dict's keys): a 1-D b of shape (n[l],) is wrong too."""
    want = layer_shapes(layer_dims)
    for l in range(1, len(layer_dims)):
        for name in (f"W{l}", f"b{l}"):
            if name not in parameters or np.shape(parameters[name]) != want[name]:
                return l
    return None


def check_parameter_shapes(parameters, layer_dims):
    """None when every W{l}, b{l} has the shape layer_dims asks for, else a message naming the
    first layer that does not (missing keys count as wrong) or the keys of layers beyond L."""
    l = first_bad_layer(parameters, layer_dims)
    if l is not None:
        want = layer_shapes(layer_dims)
        for name in (f"W{l}", f"b{l}"):
            if name not in parameters:
                return f"第 {l} 层：缺少 {name} (layer {l}: {name} missing)"
            got = np.shape(parameters[name])
            if got != want[name]:
                hint = "（是否转置了？transposed?）" if got == want[name][::-1] else ""
                return f"第 {l} 层：{name} 的形状是 {got}，应为 {want[name]}{hint}"
    extra = sorted(set(parameters) - {f"{p}{l}" for l in range(1, len(layer_dims)) for p in "Wb"})
    if extra:
        return f"多出的键 {extra}（L = {len(layer_dims) - 1}，unexpected keys）"
    return None


def shape_table(layer_dims, m):
    """Rows (l, shape of W, b, Z, A, dW, db) of layer_shapes, as text lines (a header first)."""
    s = layer_shapes(layer_dims, m)
    names = ["W", "b", "Z", "A", "dW", "db"]
    lines = ["l  " + "".join(f"{k:>10}" for k in names)]
    for l in range(1, len(layer_dims)):
        lines.append(f"{l:<3}" + "".join(f"{str(s[f'{k}{l}']):>10}" for k in names))
    return lines


@renamed_keywords(layer_sizes="layer_dims")
def network_summary(layer_dims):
    """One line of notation for a network: L, the n^[l], hidden units and parameter count."""
    sizes = [int(n) for n in layer_dims]
    params = sum(n * p + n for p, n in zip(sizes, sizes[1:]))
    return (f"L = {len(sizes) - 1}, n = {sizes}, hidden units = {sum(sizes[1:-1])}, "
            f"parameters (W and b) = {params}")
