"""Widgets of notebooks 00-03: one sigmoid unit, the network's notation, a forward pass, the shapes."""
import matplotlib.pyplot as plt
import numpy as np

from .._names import renamed_keywords
from ..activations import sigmoid_curve
from ..model import forward_activations
from ..plots import draw_activations, draw_matrix_shapes, draw_network
from ..shapes import network_summary
from ._base import ipywidgets, redraw_on_change

__all__ = ["plot_sigmoid", "sigmoid_explorer", "network_explorer", "forward_explorer",
           "shape_explorer"]


def plot_sigmoid(w=1.0, b=0.0, ax=None):
    """One sigmoid unit a = sigmoid(w·x + b) against x, with its 0.5 crossing at x = -b/w."""
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 3))
    x, a = sigmoid_curve(w, b)
    ax.plot(x, a, lw=2)
    ax.axhline(0.5, color="0.6", lw=0.8, ls="--")
    if w != 0:
        ax.axvline(-b / w, color="0.6", lw=0.8, ls=":")
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel("x")
    ax.set_ylabel(r"$a=\sigma(wx+b)$")
    ax.set_title(f"w = {w:.2f}, b = {b:.2f}")
    return ax


def sigmoid_explorer(w=1.0, b=0.0):
    """Sliders for w and b of one sigmoid unit; redraws plot_sigmoid()."""
    wd = ipywidgets()
    ws = wd.FloatSlider(value=w, min=-5, max=5, step=0.25, description="w")
    bs = wd.FloatSlider(value=b, min=-5, max=5, step=0.25, description="b")
    out = wd.Output()
    redraw_on_change(out, (ws, bs), lambda: plot_sigmoid(ws.value, bs.value))
    return wd.VBox([wd.HBox([ws, bs]), out])


@renamed_keywords(layer_sizes="layer_dims")
def network_explorer(layer_dims=(3, 5, 5, 3, 1), max_layers=6, max_units=13):
    """Sliders for the number of layers and the units per layer (up to max_units, all drawn);
    redraws draw_network() with network_summary() under it."""
    w = ipywidgets()
    n_layers = w.IntSlider(value=len(layer_dims) - 1, min=1, max=max_layers, description="L")
    sizes = [w.IntSlider(value=(layer_dims[i] if i < len(layer_dims) else 3), min=1,
                         max=max_units, description=f"n[{i}]") for i in range(max_layers + 1)]
    out = w.Output()

    def dims():
        return [s.value for s in sizes[:n_layers.value + 1]]

    def draw():
        for i, s in enumerate(sizes):
            s.layout.display = "" if i <= n_layers.value else "none"
        draw_network(dims(), max_units=max_units)

    redraw_on_change(out, [n_layers, *sizes], draw, caption=lambda: network_summary(dims()))
    return w.HBox([w.VBox([n_layers, *sizes]), out])


def forward_explorer(parameters, x=None, lo=-2.0, hi=2.0):
    """One slider per input feature; redraws draw_activations() of the forward pass."""
    wd = ipywidgets()
    n0 = parameters["W1"].shape[1]
    x = np.zeros(n0) if x is None else np.asarray(x, dtype=float).ravel()
    sliders = [wd.FloatSlider(value=float(x[k]), min=lo, max=hi, step=0.1,
                              description=f"x_{k + 1}") for k in range(n0)]
    out = wd.Output()

    def draw():
        acts = forward_activations([s.value for s in sliders], parameters)
        ax = draw_activations(acts)
        ax.set_title(rf"$\hat y$ = {acts[-1][0]:.4f}")

    redraw_on_change(out, sliders, draw)
    return wd.HBox([wd.VBox(sliders), out])


def shape_explorer(n_prev=3, n=5, m=4, layer=2):
    """Sliders for n^[l-1], n^[l] and m; redraws draw_matrix_shapes()."""
    wd = ipywidgets()
    sp = wd.IntSlider(value=n_prev, min=1, max=8, description="n[l-1]")
    sn = wd.IntSlider(value=n, min=1, max=8, description="n[l]")
    sm = wd.IntSlider(value=m, min=1, max=10, description="m")
    out = wd.Output()
    redraw_on_change(out, (sp, sn, sm), lambda: draw_matrix_shapes(sp.value, sn.value, sm.value, layer))
    return wd.VBox([wd.HBox([sp, sn, sm]), out])
