"""Shapes of every array of an L-layer network, and a check that names the first wrong layer."""
import numpy as np

__all__ = ["layer_shapes", "check_parameter_shapes"]


def layer_shapes(layer_dims, m=1):
    """Shapes for layers l = 1..L: W (n[l], n[l-1]), b (n[l], 1), Z and A (n[l], m), dW like W,
    db like b. layer_dims [n0, ..., nL] -> {"W1": (n1, n0), "b1": (n1, 1), "Z1": ..., "db1": ...}."""
    shapes = {}
    for l in range(1, len(layer_dims)):
        n, n_prev = int(layer_dims[l]), int(layer_dims[l - 1])
        shapes.update({f"W{l}": (n, n_prev), f"b{l}": (n, 1), f"Z{l}": (n, m), f"A{l}": (n, m),
                       f"dW{l}": (n, n_prev), f"db{l}": (n, 1)})
    return shapes


def check_parameter_shapes(parameters, layer_dims):
    """None when every W{l}, b{l} has the shape layer_dims asks for, else a message naming the
    first layer that does not (missing keys count as wrong)."""
    want = layer_shapes(layer_dims)
    for l in range(1, len(layer_dims)):
        for name in (f"W{l}", f"b{l}"):
            if name not in parameters:
                return f"第 {l} 层：缺少 {name} (layer {l}: {name} missing)"
            got = np.shape(parameters[name])
            if got != want[name]:
                hint = "（是否转置了？transposed?）" if got == want[name][::-1] else ""
                return f"第 {l} 层：{name} 的形状是 {got}，应为 {want[name]}{hint}"
    extra = sorted(set(parameters) - {k for k in want if k[0] in "Wb"})
    if extra:
        return f"多出的键 {extra}（L = {len(layer_dims) - 1}，unexpected keys）"
    return None
