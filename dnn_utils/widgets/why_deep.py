"""Widgets of notebooks 04 and 10: the XOR network by hand, and one dendritic neuron that does XOR."""
import matplotlib.pyplot as plt
import numpy as np

from ..logic import (XOR_X, XOR_Y, dendritic_activation, dendritic_neuron, xor_forward,
                     xor_parameters, xor_table)
from ..plots import plot_decision_boundary
from ._base import ipywidgets, redraw_on_change

__all__ = ["plot_xor", "xor_explorer", "plot_dendritic_neuron", "dendritic_explorer"]


def plot_xor(parameters, axes=None):
    """Decision regions of the two-layer sigmoid network (with the hidden units' lines z = 0)
    beside its truth table. -> (ax_regions, ax_table)."""
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(8.5, 3.8), gridspec_kw={"width_ratios": [1.2, 1]})
    ax, tab = axes
    X, A2 = xor_table(parameters)
    y = XOR_Y
    plot_decision_boundary(lambda P: xor_forward(P, parameters), X, y, ax=ax, resolution=150)
    t = np.linspace(-0.5, 1.5, 2)
    for (w1, w2), b, color in zip(parameters["W1"], parameters["b1"][:, 0], ("tab:green", "tab:purple")):
        if w2 != 0:
            ax.plot(t, -(w1 * t + b) / w2, color=color, ls="--", lw=2)
    ax.set_xlim(-0.5, 1.5)
    ax.set_ylim(-0.5, 1.5)
    ax.set_title("regions where $a^{[2]} > 0.5$; dashed: hidden units")
    rows = [[f"{x1:.0f}", f"{x2:.0f}", f"{a:.5f}", f"{int(a > 0.5)}", f"{int(t_)}",
             "ok" if int(a > 0.5) == t_ else "WRONG"]
            for x1, x2, a, t_ in zip(X[0], X[1], A2[0], y[0])]
    tab.axis("off")
    table = tab.table(cellText=rows, colLabels=["x1", "x2", "a[2]", "pred", "XOR", ""],
                      colWidths=[0.12, 0.12, 0.26, 0.14, 0.14, 0.2], loc="center", cellLoc="center")
    table.auto_set_font_size(False)
    table.set_fontsize(10)
    table.scale(1.1, 1.8)
    ok = all(r[-1] == "ok" for r in rows)
    tab.set_title("XOR reproduced" if ok else "not XOR yet", color="green" if ok else "red")
    return ax, tab


def xor_explorer(parameters=None):
    """Nine sliders for W1, b1, W2, b2 of the XOR network (step 1) and a scale slider that
    multiplies all nine (step 0.05, so 1/4 is reachable); redraws plot_xor()."""
    wd = ipywidgets()
    p = xor_parameters() if parameters is None else parameters
    names = [("W1", 0, 0), ("W1", 0, 1), ("b1", 0, 0), ("W1", 1, 0), ("W1", 1, 1), ("b1", 1, 0),
             ("W2", 0, 0), ("W2", 0, 1), ("b2", 0, 0)]
    sliders = [wd.FloatSlider(value=float(p[k][i, j]), min=-40, max=40, step=1,
                              description=f"{k}[{i},{j}]") for k, i, j in names]
    scale = wd.FloatSlider(value=1.0, min=0.05, max=2.0, step=0.05, description="scale")
    out = wd.Output()

    def current():
        q = {k: v.astype(float) for k, v in p.items()}
        for (k, i, j), s in zip(names, sliders):
            q[k][i, j] = s.value
        return {k: scale.value * v for k, v in q.items()}

    redraw_on_change(out, [*sliders, scale], lambda: plot_xor(current()))
    box = wd.VBox([wd.HBox([wd.VBox(sliders[0:3]), wd.VBox(sliders[3:6]), wd.VBox(sliders[6:]),
                            scale]), out])
    box.sliders, box.scale, box.current = sliders, scale, current
    return box


def plot_dendritic_neuron(w1=1.0, w2=1.0, b=0.0, threshold=1.0, decay=0.5, axes=None):
    """Left: the activation with the four XOR inputs placed at their z = w·x + b. Right: where
    the neuron's output exceeds 0.5 in the input plane. -> (axes, number of XOR inputs right)."""
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 4))
    z = w1 * XOR_X[0] + w2 * XOR_X[1] + b
    a = dendritic_activation(z, threshold, decay)
    right = int(np.sum((a > 0.5) == (XOR_Y[0] == 1)))
    grid = np.linspace(min(z.min(), threshold) - 1.0, max(z.max(), threshold) + 1.5, 600)
    axes[0].plot(grid, dendritic_activation(grid, threshold, decay), color="k", lw=1.5)
    axes[0].axhline(0.5, color="0.6", ls="--", lw=1)
    labels = {}  # inputs that land on the same z share one label
    for zi, ai, yi, x in zip(z, a, XOR_Y[0], XOR_X.T):
        axes[0].scatter(zi, ai, s=80, c=["#3b4cc0", "#b40426"][int(yi)], edgecolors="k", zorder=3)
        labels.setdefault((round(zi, 9), ai), []).append(f"({x[0]:.0f},{x[1]:.0f})")
    for (zi, ai), names in labels.items():
        axes[0].annotate("x=" + " ".join(names), (zi, ai), textcoords="offset points",
                         xytext=(6, 6), fontsize=8)
    axes[0].set_xlabel("z = w1 x1 + w2 x2 + b")
    axes[0].set_ylabel("a = dendritic activation")
    axes[0].set_ylim(-0.05, 1.15)
    axes[0].set_title(f"threshold {threshold:g}, decay {decay:g}", fontsize=10)
    plot_decision_boundary(lambda P: dendritic_neuron(P, [w1, w2], b, threshold, decay),
                           XOR_X, XOR_Y, ax=axes[1], margin=0.6)
    axes[1].set_title(f"one neuron, XOR: {right}/4 right", fontsize=10)
    return axes, right


def dendritic_explorer(w1=1.0, w2=1.0, b=0.0, threshold=1.0, decay=0.5):
    """Sliders for w1, w2, b, threshold and decay; redraws plot_dendritic_neuron()."""
    w = ipywidgets()
    sliders = {name: w.FloatSlider(value=v, min=lo, max=hi, step=0.05, description=name,
                                   continuous_update=False)
               for name, v, lo, hi in (("w1", w1, -2, 2), ("w2", w2, -2, 2), ("b", b, -2, 2),
                                       ("threshold", threshold, -1, 3), ("decay", decay, 0.05, 3))}
    out = w.Output()
    redraw_on_change(out, sliders.values(),
                     lambda: plot_dendritic_neuron(**{k: s.value for k, s in sliders.items()}))
    return w.HBox([w.VBox(list(sliders.values())), out])
