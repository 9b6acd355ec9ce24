"""Figures of the course. Every function draws on ``ax`` (a new figure when None) and returns the
Axes; none calls ``plt.show()``. Text in plots is English or math so any machine renders it."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from ._names import renamed_keywords
from .model import activation_of
from .training import PRINT_EVERY, cost_iterations

__all__ = ["plot_costs", "draw_network", "show_images", "plot_decision_boundary",
           "draw_activations", "draw_matrix_shapes", "plot_losses"]


def _axes(ax, figsize=(6, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_costs(costs, learning_rate=None, num_iterations=None, ax=None, label=None,
               every=PRINT_EVERY):
    """Cost curve. costs as returned by training; the x-axis is the iteration number.
    num_iterations places the last point (training records the last iteration too)."""
    ax = _axes(ax)
    if num_iterations is None:
        x = [every * k for k in range(len(costs))]
    else:
        x = cost_iterations(num_iterations, every)
    ax.plot(x, np.squeeze(costs), marker=".", label=label)
    ax.set_xlabel("iteration")
    ax.set_ylabel("cost J")
    if learning_rate is not None:
        ax.set_title(f"learning rate = {learning_rate:g}")
    if label is not None:
        ax.legend()
    ax.grid(alpha=0.3)
    return ax


def plot_losses(curves, ax=None):
    """Loss curves on a log scale from {label: losses}. The y-axis stops a little above the runs
    that stayed finite; a run that blew up leaves through the top and gets an x marked "inf"."""
    ax = _axes(ax, figsize=(7, 4))
    arrays = {label: np.asarray(losses, dtype=float) for label, losses in curves.items()}
    finite = [L for L in arrays.values() if np.all(np.isfinite(L))] or list(arrays.values())
    top = 30.0 * max(float(np.max(L[np.isfinite(L)])) for L in finite)
    for label, L in arrays.items():
        (line,) = ax.semilogy(np.arange(len(L)), np.minimum(L, top), label=label)
        if not np.all(np.isfinite(L)):
            ax.plot(len(L) - 1, top, "x", color=line.get_color(), ms=10, mew=2, clip_on=False)
            ax.annotate("inf", (len(L) - 1, top), textcoords="offset points", xytext=(8, -12),
                        color=line.get_color())
    ax.set_ylim(top=top)
    ax.set_xlabel("epoch")  # notebook 08 counts its iterations in epochs, as the seed did
    ax.set_ylabel("loss (sum of squares)")
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=8)
    return ax


def _unit_ys(n):
    """Heights of n units in one column, top to bottom, centred on 0."""
    return np.linspace((n - 1) / 2, -(n - 1) / 2, n)


def _connect(ax, columns, color):
    """A line from every unit of each column to every unit of the next; columns [(x, ys), ...]."""
    for (x0, ys0), (x1, ys1) in zip(columns, columns[1:]):
        for y0 in ys0:
            for y1 in ys1:
                ax.plot([x0, x1], [y0, y1], color=color, lw=0.6, zorder=1)


@renamed_keywords(layer_sizes="layer_dims")
def draw_network(layer_dims, ax=None, max_units=10, show_labels=True):
    """Network diagram from layer_dims [n0, n1, ..., nL]: one column of circles per layer,
    every unit joined to every unit of the next layer. Layers larger than max_units are drawn
    with max_units circles and a '...' mark."""
    ax = _axes(ax, figsize=(1.8 * len(layer_dims) + 1, 4))
    L = len(layer_dims) - 1
    cols = [(l, _unit_ys(min(n, max_units)), n > max_units) for l, n in enumerate(layer_dims)]
    _connect(ax, [(l, ys) for l, ys, _ in cols], "0.75")
    top = max(len(ys) for _, ys, _ in cols) / 2
    for l, ys, cut in cols:
        color = "#9ecae1" if l == 0 else ("#fdae6b" if l == L else "#a1d99b")
        ax.scatter(np.full(len(ys), l), ys, s=380, c=color, edgecolors="k", zorder=2)
        if cut:
            ax.text(l, ys.min() - 0.8, "...", ha="center", va="center", fontsize=14)
        if show_labels:
            name = "input" if l == 0 else ("output" if l == L else "hidden")
            ax.text(l, top + 0.4, f"layer {l}\n{name}\n$n^{{[{l}]}}={layer_dims[l]}$",
                    ha="center", va="bottom", fontsize=9)
    ax.set_title(f"L = {L}  (layers counted without the input)", fontsize=10, pad=12)
    ax.set_xlim(-0.6, L + 0.6)
    ax.set_ylim(-top - 1.2, top + 2.6)
    ax.axis("off")
    return ax


def draw_activations(activations, ax=None):
    """Network diagram whose units are coloured and labelled by their activation values
    (from model.forward_activations: a list of 1-D arrays a^[0] .. a^[L])."""
    ax = _axes(ax, figsize=(1.9 * len(activations) + 1, 4))
    L = len(activations) - 1
    cols = [_unit_ys(len(a)) for a in activations]
    _connect(ax, list(enumerate(cols)), "0.8")
    vmax = max(1.0, max(float(np.max(np.abs(a))) for a in activations))
    for l, (a, ys) in enumerate(zip(activations, cols)):
        ax.scatter(np.full(len(a), l), ys, s=700, c=a, cmap="RdBu_r", vmin=-vmax, vmax=vmax,
                   edgecolors="k", zorder=2)
        for v, y in zip(a, ys):
            ax.text(l, y, f"{v:.2f}", ha="center", va="center", fontsize=8, zorder=3,
                    color="white" if abs(v) > 0.6 * vmax else "black")  # readable on dark fills
        label = "x" if l == 0 else (r"\hat{y}" if l == L else f"a^{{[{l}]}}")
        ax.text(l, ys.max() + 0.9, f"${label}$", ha="center", fontsize=11)
    ymax = max(len(a) for a in activations) / 2
    ax.set_xlim(-0.6, L + 0.6)
    ax.set_ylim(-ymax - 0.5, ymax + 1.4)
    ax.axis("off")
    return ax


def draw_matrix_shapes(n_prev, n, m, layer=1, ax=None):
    """Z = W·A + b as boxes sized by their shapes; b's dashed copies show the broadcast to m columns."""
    ax = _axes(ax, figsize=(9, 3.6))
    top = max(n, n_prev)
    boxes = [(f"$W^{{[{layer}]}}$", n, n_prev, "#a1d99b"), (r"$\cdot$", None, None, None),
             (f"$A^{{[{layer - 1}]}}$", n_prev, m, "#9ecae1"), ("$+$", None, None, None),
             (f"$b^{{[{layer}]}}$", n, 1, "#fdae6b"), ("$=$", None, None, None),
             (f"$Z^{{[{layer}]}}$", n, m, "#bcbddc")]
    x = 0.0
    for name, rows, cols, color in boxes:
        if rows is None:
            ax.text(x + 0.5, top / 2, name, ha="center", va="center", fontsize=18)
            x += 1.0
            continue
        y0 = top - rows
        ax.add_patch(Rectangle((x, y0), cols, rows, facecolor=color, edgecolor="k"))
        if name.startswith("$b"):
            ax.add_patch(Rectangle((x + 1, y0), m - 1, rows, facecolor="none", edgecolor="0.5",
                                   ls="--"))
            cols = m
        ax.text(x + cols / 2, top + 0.4, name, ha="center", va="bottom", fontsize=13)
        shape = f"({rows}, 1) -> ({rows}, {m})" if name.startswith("$b") else f"({rows}, {cols})"
        ax.text(x + cols / 2, y0 - 0.4, shape, ha="center", va="top", fontsize=9)
        x += cols + 0.2
    ax.set_xlim(-0.3, x + 0.3)
    ax.set_ylim(-1.8, top + 1.6)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def show_images(images, titles=None, ncols=5, size=2.0, axes=None):
    """Grid of images (k, h, w[, 3]) with optional titles; returns the array of Axes."""
    images = np.asarray(images)
    k = len(images)
    nrows = max(1, int(np.ceil(k / ncols)))
    if axes is None:
        _, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows * 1.15),
                               squeeze=False)
    axes = np.asarray(axes).reshape(-1)
    for i, ax in enumerate(axes):
        ax.axis("off")
        if i < k:
            img = images[i]
            ax.imshow(img, cmap="gray" if img.ndim == 2 else None, interpolation="nearest")
            if titles is not None:
                ax.set_title(titles[i], fontsize=9)
    return axes


def plot_decision_boundary(predict_fn, X, y, ax=None, resolution=200, margin=0.5):
    """Shade where predict_fn(points (2, k)) -> (1, k) in [0, 1] is above 0.5; X (2, m), y (1, m)."""
    ax = _axes(ax, figsize=(4.5, 4))
    X = np.asarray(X, dtype=float)
    x0 = np.linspace(X[0].min() - margin, X[0].max() + margin, resolution)
    x1 = np.linspace(X[1].min() - margin, X[1].max() + margin, resolution)
    g0, g1 = np.meshgrid(x0, x1)
    out = np.asarray(predict_fn(np.vstack([g0.ravel(), g1.ravel()]))).reshape(g0.shape)
    ax.contourf(g0, g1, out, levels=[-np.inf, 0.5, np.inf], colors=["#b3cde3", "#fbb4ae"], alpha=0.8)
    ax.contour(g0, g1, out, levels=[0.5], colors="k", linewidths=1)
    y = np.asarray(y).reshape(-1)
    ax.scatter(X[0], X[1], c=y, cmap="coolwarm", edgecolors="k", s=60, zorder=3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


def draw_block_chain(L=3, ax=None, highlight=None):
    """Building blocks of an L-layer network: the forward chain (top), the caches each layer
    keeps, and the backward chain (bottom) that turns dA[l] into dA[l-1], dW[l], db[l].
    highlight: a layer number to colour (None for none)."""
    ax = _axes(ax, figsize=(2.6 * L + 2.4, 4.6))
    box = dict(boxstyle="round,pad=0.35", ec="k", lw=1)
    arrow = dict(arrowstyle="-|>", lw=1.3, color="k", shrinkA=2, shrinkB=2)
    x = lambda l: 2.6 * l - 1.3  # centre of layer l's blocks
    yf, yb = 2.0, 0.0
    for l in range(1, L + 1):
        act = activation_of(l, L)
        hot = l == highlight
        fc_f = "#fdae6b" if hot else "#c6dbef"
        fc_b = "#fdae6b" if hot else "#fcbba1"
        ax.text(x(l), yf, f"layer {l}\nLINEAR->{act.upper()}\n$W^{{[{l}]}}, b^{{[{l}]}}$",
                ha="center", va="center", fontsize=9, bbox=dict(box, fc=fc_f))
        ax.text(x(l), yb, f"layer {l} backward\n{act}_backward\nlinear_backward",
                ha="center", va="center", fontsize=9, bbox=dict(box, fc=fc_b))
        ax.annotate("", xy=(x(l), yb + 0.42), xytext=(x(l), yf - 0.42),
                    arrowprops=dict(arrow, ls="--", color="0.45"))
        ax.text(x(l) + 0.08, (yf + yb) / 2,
                f"cache\n$A^{{[{l - 1}]}}, W^{{[{l}]}}, b^{{[{l}]}}$\n$Z^{{[{l}]}}$",
                ha="left", va="center", fontsize=8, color="0.3")
        ax.annotate("", xy=(x(l) - 0.9, yf), xytext=(x(l) - 1.7, yf), arrowprops=arrow)
        ax.text(x(l) - 1.3, yf + 0.22, f"$A^{{[{l - 1}]}}$", ha="center", fontsize=10)
        ax.annotate("", xy=(x(l) - 1.7, yb), xytext=(x(l) - 0.9, yb), arrowprops=arrow)
        ax.text(x(l) - 1.3, yb + 0.22, f"$dA^{{[{l - 1}]}}$", ha="center", fontsize=10)
        ax.annotate("", xy=(x(l), yb - 0.95), xytext=(x(l), yb - 0.42), arrowprops=arrow)
        ax.text(x(l), yb - 1.2, f"$dW^{{[{l}]}}, db^{{[{l}]}}$", ha="center", va="center",
                fontsize=10, color="#a50f15")
    end = x(L) + 1.3
    ax.annotate("", xy=(end + 0.4, yf), xytext=(x(L) + 0.9, yf), arrowprops=arrow)
    ax.text(end - 0.05, yf + 0.22, r"$A^{[L]}=\hat{Y}$", ha="center", fontsize=10)
    ax.text(end + 0.75, yf, "cost\n$J$", ha="center", va="center", fontsize=10,
            bbox=dict(box, fc="#e5e5e5"))
    ax.annotate("", xy=(end + 0.75, yb + 0.35), xytext=(end + 0.75, yf - 0.4), arrowprops=arrow)
    ax.annotate("", xy=(x(L) + 0.9, yb), xytext=(end + 0.4, yb), arrowprops=arrow)
    ax.text(end + 0.75, yb, "$dA^{[L]}$", ha="center", va="center", fontsize=10)
    ax.text(-0.5, yf + 0.85, "forward", fontsize=10, color="#08519c")
    ax.text(-0.5, yb - 0.85, "backward", fontsize=10, color="#a50f15")
    ax.set_xlim(-0.6, end + 1.3)
    ax.set_ylim(yb - 1.6, yf + 1.1)
    ax.axis("off")
    return ax


__all__ += ["draw_block_chain"]


def draw_graph(graph, ax=None, title=None):
    """Computation graph from dnn_utils.autograd.export_graph: inputs on the left, the output on
    the right, arrows in the forward direction; each box shows the value and, after backward, the
    gradient (red). Non-scalar tensors show their shape instead of the value."""
    nodes, edges = graph["nodes"], graph["edges"]
    columns, pos = {}, {}
    for n in nodes:
        if n["kind"] != "const":
            columns.setdefault(n["depth"], []).append(n["id"])
    rows = max(len(ids) for ids in columns.values())
    ax = _axes(ax, figsize=(2.3 * len(columns) + 1, 1.4 * rows + 1.8))
    for depth, ids in columns.items():
        for k, i in enumerate(ids):
            pos[i] = (2.3 * depth, 1.4 * ((len(ids) - 1) / 2 - k))
    below = {}
    for a, b in edges:  # a constant sits below-left of the operation that uses it
        if nodes[a]["kind"] == "const" and a not in pos:
            below[b] = below.get(b, 0) + 1
            pos[a] = (pos[b][0] - 1.15, pos[b][1] - 0.8 * below[b])
    colours = {"leaf": "#9ecae1", "const": "#e5e5e5", "op": "#fdd0a2"}
    boxes = {}
    for n in nodes:
        name = n["label"]
        if n["kind"] == "op":
            name = f"[{n['op']}]" if name == n["op"] else f"{name} = [{n['op']}]"
        x, y = pos[n["id"]]
        boxes[n["id"]] = ax.text(x, y, f"{name}\n{_graph_value(n['value'], n['shape'], '')}",
                                 ha="center", va="center", fontsize=9, zorder=3,
                                 bbox=dict(boxstyle="round,pad=0.4", fc=colours[n["kind"]]))
        if n["grad"] is not None:
            ax.annotate(_graph_value(n["grad"], n["shape"], "grad "), (x, y), xytext=(0, -20),
                        textcoords="offset points", ha="center", va="top", fontsize=9,
                        color="#a50f15")
    seen = {}
    for a, b in edges:
        # Bend the second arrow of a tensor used twice (x * x), and arrows that skip a column.
        rad = 0.35 * seen.get((a, b), 0) or (-0.25 if pos[b][0] - pos[a][0] > 2.5 else 0.0)
        seen[(a, b)] = seen.get((a, b), 0) + 1
        ax.annotate("", xy=pos[b], xytext=pos[a], zorder=4,  # after the boxes, which it clips to
                    arrowprops=dict(arrowstyle="-|>", color="0.4", lw=1.2, shrinkA=3, shrinkB=3,
                                    patchA=boxes[a].get_bbox_patch(),
                                    patchB=boxes[b].get_bbox_patch(),
                                    connectionstyle=f"arc3,rad={rad}"))
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 1.2, max(xs) + 1.2)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.6)
    ax.set_title(title or "forward: arrows  |  backward: grad flows right to left", fontsize=10)
    ax.axis("off")
    return ax


def _graph_value(value, shape, prefix):
    if np.size(value) == 1:
        return f"{prefix}{float(np.ravel(value)[0]):.4g}"
    return f"{prefix}shape {tuple(shape)}"


__all__ += ["draw_graph"]
