"""Widgets of notebooks 05-06: the building blocks, and what flows through one layer's backward block."""
import matplotlib.pyplot as plt
import numpy as np

from ..model import gradient_flow
from ..plots import draw_block_chain
from ._base import ipywidgets, redraw_on_change

__all__ = ["plot_gradient_flow", "gradient_flow_explorer"]


def plot_gradient_flow(layer_dims=(4, 5, 3, 1), layer=2, m=4, seed=4, fig=None):
    """The block chain with `layer` highlighted, above heatmaps (with shapes) of gradient_flow().
    Returns the list of Axes [chain, dA[l], dZ[l], dW[l], db[l], dA[l-1]]."""
    flow = gradient_flow(layer_dims, layer, m, seed)
    L = len(layer_dims) - 1
    fig = fig or plt.figure(figsize=(max(2.6 * L + 2.4, 11), 7.2))
    grid = fig.add_gridspec(2, 5, height_ratios=[1.25, 1])
    axes = [draw_block_chain(L, ax=fig.add_subplot(grid[0, :]), highlight=layer)]
    for k, (name, a) in enumerate(flow.items()):
        ax = fig.add_subplot(grid[1, k])
        # each panel its own colour scale (dW, db carry 1/m, dA, dZ do not); 1.5x keeps text readable
        vmax = 1.5 * float(np.max(np.abs(a))) or 1.0
        ax.imshow(a, cmap="RdBu_r", vmin=-vmax, vmax=vmax, aspect="auto")
        if a.size <= 30:
            for (i, j), v in np.ndenumerate(a):
                ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=7)
        ax.set_title(f"{name}  {a.shape}", fontsize=10)
        ax.set_xticks([])
        ax.set_yticks([])
        axes.append(ax)
    return axes


def gradient_flow_explorer(layer_dims=(4, 5, 3, 1), m=4):
    """A slider picks the layer (and one the seed); redraws plot_gradient_flow() for it."""
    w = ipywidgets()
    L = len(layer_dims) - 1
    layer = w.IntSlider(value=L, min=1, max=L, description="layer l")
    seed = w.IntSlider(value=4, min=0, max=20, description="seed")
    out = w.Output()
    redraw_on_change(out, (layer, seed),
                     lambda: plot_gradient_flow(layer_dims, layer.value, m, seed.value))
    return w.VBox([w.HBox([layer, seed]), out])
