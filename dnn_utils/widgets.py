"""Interactive demos. ipywidgets is imported lazily (inside each builder), so importing dnn_utils
never needs it. Each demo is thin wiring around a pure function that tests can call without a
browser; the builder returns the widget box (display it, or let the notebook cell show it)."""
import matplotlib.pyplot as plt

from .plots import draw_network

__all__ = ["network_explorer"]


def _ipywidgets():
    try:
        import ipywidgets
    except ImportError as err:
        raise ImportError("交互演示需要 ipywidgets：请运行 pip install ipywidgets "
                          "(ipywidgets is required for the interactive demos)") from err
    return ipywidgets


def network_explorer(layer_sizes=(3, 5, 5, 3, 1), max_layers=6, max_units=13):
    """Sliders for the number of layers and the units per layer (up to max_units, all drawn);
    redraws draw_network()."""
    w = _ipywidgets()
    n_layers = w.IntSlider(value=len(layer_sizes) - 1, min=1, max=max_layers, description="L")
    sizes = [w.IntSlider(value=(layer_sizes[i] if i < len(layer_sizes) else 3), min=1,
                         max=max_units, description=f"n[{i}]") for i in range(max_layers + 1)]
    out = w.Output()

    def redraw(*_):
        L = n_layers.value
        for i, s in enumerate(sizes):
            s.layout.display = "" if i <= L else "none"
        with out:
            out.clear_output(wait=True)
            draw_network([s.value for s in sizes[:L + 1]], max_units=max_units)
            plt.show()
            print(network_summary([s.value for s in sizes[:L + 1]]))

    for s in [n_layers, *sizes]:
        s.observe(redraw, names="value")
    redraw()
    return w.HBox([w.VBox([n_layers, *sizes]), out])


def sigmoid_curve(w=1.0, b=0.0, x=None):
    """Points of a = sigmoid(w·x + b) on x (default 201 points in [-6, 6]). -> x, a."""
    import numpy as np

    from .activations import sigmoid

    x = np.linspace(-6, 6, 201) if x is None else np.asarray(x, dtype=float)
    return x, sigmoid(w * x + b)[0]


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
    wd = _ipywidgets()
    ws = wd.FloatSlider(value=w, min=-5, max=5, step=0.25, description="w")
    bs = wd.FloatSlider(value=b, min=-5, max=5, step=0.25, description="b")
    out = wd.Output()

    def redraw(*_):
        with out:
            out.clear_output(wait=True)
            plot_sigmoid(ws.value, bs.value)
            plt.show()

    for s in (ws, bs):
        s.observe(redraw, names="value")
    redraw()
    return wd.VBox([wd.HBox([ws, bs]), out])


def network_summary(layer_sizes):
    """One line of notation for a network: L, the n^[l], hidden units and parameter count."""
    sizes = [int(n) for n in layer_sizes]
    params = sum(n * p + n for p, n in zip(sizes, sizes[1:]))
    return (f"L = {len(sizes) - 1}, n = {sizes}, hidden units = {sum(sizes[1:-1])}, "
            f"parameters (W and b) = {params}")


def forward_activations(x, parameters):
    """a^[0] = x, a^[1], ..., a^[L] of one example (ReLU hidden, sigmoid output), each 1-D."""
    import numpy as np

    from .model import L_model_forward

    x = np.asarray(x, dtype=float).reshape(-1, 1)
    AL, caches = L_model_forward(x, parameters)
    return [cache[0][0].ravel() for cache in caches] + [AL.ravel()]


def draw_activations(activations, ax=None):
    """Network diagram whose units are coloured and labelled by their activation values."""
    import numpy as np

    if ax is None:
        _, ax = plt.subplots(figsize=(1.9 * len(activations) + 1, 4))
    L = len(activations) - 1
    cols = [np.linspace((len(a) - 1) / 2, -(len(a) - 1) / 2, len(a)) for a in activations]
    for l in range(L):
        for y0 in cols[l]:
            for y1 in cols[l + 1]:
                ax.plot([l, l + 1], [y0, y1], color="0.8", lw=0.6, zorder=1)
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


def forward_explorer(parameters, x=None, lo=-2.0, hi=2.0):
    """One slider per input feature; redraws draw_activations() of the forward pass."""
    import numpy as np

    wd = _ipywidgets()
    n0 = parameters["W1"].shape[1]
    x = np.zeros(n0) if x is None else np.asarray(x, dtype=float).ravel()
    sliders = [wd.FloatSlider(value=float(x[k]), min=lo, max=hi, step=0.1,
                              description=f"x_{k + 1}") for k in range(n0)]
    out = wd.Output()

    def redraw(*_):
        acts = forward_activations([s.value for s in sliders], parameters)
        with out:
            out.clear_output(wait=True)
            ax = draw_activations(acts)
            ax.set_title(rf"$\hat y$ = {acts[-1][0]:.4f}")
            plt.show()

    for s in sliders:
        s.observe(redraw, names="value")
    redraw()
    return wd.HBox([wd.VBox(sliders), out])


def draw_matrix_shapes(n_prev, n, m, layer=1, ax=None):
    """Z = W·A + b as boxes sized by their shapes; b's dashed copies show the broadcast to m columns."""
    from matplotlib.patches import Rectangle

    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.6))
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


def shape_table(layer_dims, m):
    """Rows (l, shape of W, b, Z, A, dW, db) of dnn_utils.shapes.layer_shapes, as text lines."""
    from .shapes import layer_shapes

    s = layer_shapes(layer_dims, m)
    names = ["W", "b", "Z", "A", "dW", "db"]
    lines = ["l  " + "".join(f"{k:>10}" for k in names)]
    for l in range(1, len(layer_dims)):
        lines.append(f"{l:<3}" + "".join(f"{str(s[f'{k}{l}']):>10}" for k in names))
    return lines


def shape_explorer(n_prev=3, n=5, m=4, layer=2):
    """Sliders for n^[l-1], n^[l] and m; redraws draw_matrix_shapes()."""
    wd = _ipywidgets()
    sp = wd.IntSlider(value=n_prev, min=1, max=8, description="n[l-1]")
    sn = wd.IntSlider(value=n, min=1, max=8, description="n[l]")
    sm = wd.IntSlider(value=m, min=1, max=10, description="m")
    out = wd.Output()

    def redraw(*_):
        with out:
            out.clear_output(wait=True)
            draw_matrix_shapes(sp.value, sn.value, sm.value, layer)
            plt.show()

    for s in (sp, sn, sm):
        s.observe(redraw, names="value")
    redraw()
    return wd.VBox([wd.HBox([sp, sn, sm]), out])


XOR_INPUTS = [[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]]


def xor_table(parameters):
    """The four inputs X (2, 4) and the network's outputs A2 (1, 4) for those parameters."""
    import numpy as np

    from .logic import xor_forward

    X = np.array(XOR_INPUTS)
    return X, xor_forward(X, parameters)


def plot_xor(parameters, axes=None):
    """Decision regions of the two-layer sigmoid network (with the hidden units' lines z = 0)
    beside its truth table. -> (ax_regions, ax_table)."""
    import numpy as np

    from .logic import xor_forward
    from .plots import plot_decision_boundary

    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(8.5, 3.8), gridspec_kw={"width_ratios": [1.2, 1]})
    ax, tab = axes
    X, A2 = xor_table(parameters)
    y = np.logical_xor(X[0], X[1]).astype(float)[None, :]
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
    from .logic import xor_parameters

    wd = _ipywidgets()
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

    def redraw(*_):
        with out:
            out.clear_output(wait=True)
            plot_xor(current())
            plt.show()

    for s in [*sliders, scale]:
        s.observe(redraw, names="value")
    redraw()
    box = wd.VBox([wd.HBox([wd.VBox(sliders[0:3]), wd.VBox(sliders[3:6]), wd.VBox(sliders[6:]),
                            scale]), out])
    box.sliders, box.scale, box.current = sliders, scale, current
    return box


__all__ += ["sigmoid_curve", "plot_sigmoid", "sigmoid_explorer", "network_summary",
            "forward_activations", "draw_activations", "forward_explorer", "draw_matrix_shapes",
            "shape_table", "shape_explorer", "XOR_INPUTS", "xor_table", "plot_xor", "xor_explorer"]


def gradient_flow(layer_dims=(4, 5, 3, 1), layer=2, m=4, seed=4):
    """Backward pass of a small random network, seen at one layer: the arrays that go into and come
    out of layer `layer`'s backward block. -> dict name -> array (names like "dZ[2]"), in order
    dA[l], dZ[l], dW[l], db[l], dA[l-1]."""
    import numpy as np

    from .activations import relu_backward, sigmoid_backward
    from .model import L_model_backward, L_model_forward, initialize_parameters_deep

    L = len(layer_dims) - 1
    if not 1 <= layer <= L:
        raise ValueError(f"layer 应在 1..{L} 之间，收到 {layer}")
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((layer_dims[0], m))
    Y = (rng.random((1, m)) < 0.5).astype(float)
    params = initialize_parameters_deep(list(layer_dims), seed=seed, init="lecun")
    AL, caches = L_model_forward(X, params)
    grads = L_model_backward(AL, Y, caches)
    dA = -(Y / AL - (1 - Y) / (1 - AL)) if layer == L else grads[f"dA{layer}"]
    Z = caches[layer - 1][1]
    dZ = sigmoid_backward(dA, Z) if layer == L else relu_backward(dA, Z)
    return {f"dA[{layer}]": dA, f"dZ[{layer}]": dZ, f"dW[{layer}]": grads[f"dW{layer}"],
            f"db[{layer}]": grads[f"db{layer}"], f"dA[{layer - 1}]": grads[f"dA{layer - 1}"]}


def plot_gradient_flow(layer_dims=(4, 5, 3, 1), layer=2, m=4, seed=4, fig=None):
    """The block chain with `layer` highlighted, above heatmaps (with shapes) of gradient_flow().
    Returns the list of Axes [chain, dA[l], dZ[l], dW[l], db[l], dA[l-1]]."""
    import numpy as np

    from .plots import draw_block_chain

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
    """A slider picks the layer; redraws plot_gradient_flow() for it."""
    w = _ipywidgets()
    L = len(layer_dims) - 1
    layer = w.IntSlider(value=L, min=1, max=L, description="layer l")
    seed = w.IntSlider(value=4, min=0, max=20, description="seed")
    out = w.Output()

    def redraw(*_):
        with out:
            out.clear_output(wait=True)
            plot_gradient_flow(layer_dims, layer.value, m, seed.value)
            plt.show()

    layer.observe(redraw, names="value")
    seed.observe(redraw, names="value")
    redraw()
    return w.VBox([w.HBox([layer, seed]), out])


__all__ += ["gradient_flow", "plot_gradient_flow", "gradient_flow_explorer"]


AUTOGRAD_EXPRESSIONS = {
    "y = x**2": lambda x: x ** 2,
    "y = x**2 + x": lambda x: x ** 2 + x,
    "y = (x + 1) * (x - 1)": lambda x: (x + 1) * (x - 1),
    "y = relu(3*x - 1) / 2": lambda x: (3 * x - 1).relu() / 2,
    "y = x * clamp(x, -1, 1)": lambda x: x * x.clamp(min=-1, max=1),
}


def autograd_graph(expression="y = (x + 1) * (x - 1)", x=2.0, eps=1e-6):
    """Build one of AUTOGRAD_EXPRESSIONS at x with dnn_utils.autograd and run backward, keeping the
    gradient of every node. -> (graph from export_graph, dy/dx, centred-difference estimate)."""
    from .autograd import export_graph, tensor

    if expression not in AUTOGRAD_EXPRESSIONS:
        raise ValueError(f"未知的表达式 {expression!r}；可选：{list(AUTOGRAD_EXPRESSIONS)}")
    f = AUTOGRAD_EXPRESSIONS[expression]
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


def autograd_explorer(expression="y = (x + 1) * (x - 1)", x=2.0):
    """Dropdown for the expression and a slider for x; redraws the graph with values and grads."""
    from .plots import draw_graph

    w = _ipywidgets()
    expr = w.Dropdown(options=list(AUTOGRAD_EXPRESSIONS), value=expression, description="f")
    xs = w.FloatSlider(value=x, min=-3.0, max=3.0, step=0.25, description="x")
    out = w.Output()

    def redraw(*_):
        graph, grad, numeric = autograd_graph(expr.value, xs.value)
        with out:
            out.clear_output(wait=True)
            draw_graph(graph, title=f"{expr.value}:  dy/dx = {grad:.4f}  "
                                    f"(centred difference {numeric:.4f})")
            plt.show()

    for control in (expr, xs):
        control.observe(redraw, names="value")
    redraw()
    return w.VBox([w.HBox([expr, xs]), out])


__all__ += ["AUTOGRAD_EXPRESSIONS", "autograd_graph", "autograd_explorer"]


# Notebooks 08-10: the seed's MLP, hyperparameters on a toy set, the dendritic neuron.

def mlp_losses(init="he", learning_rate=1e-4, gradient="true", epochs=400):
    """Loss per epoch of notebook 08's MLP on its fixed data (mlp.make_data(), init seed 1).
    gradient "true" (correct) or "seed" (the seed's, / 2m²). A run that blows up stops early."""
    from . import mlp

    backward = {"true": mlp.backward, "seed": mlp.backward_seed}[gradient]
    X, Y = mlp.make_data()
    return mlp.train(X, Y, mlp.init_parameters(init=init), learning_rate, epochs, backward)[1]


def plot_losses(curves, ax=None):
    """Loss curves on a log scale from {label: losses}. The y-axis stops a little above the runs
    that stayed finite; a run that blew up leaves through the top and gets an x marked "inf"."""
    import numpy as np

    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4))
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
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss (sum of squares)")
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=8)
    return ax


def mlp_explorer():
    """Initialisation, gradient version and log10(learning rate) of notebook 08's MLP; redraws
    the loss curve next to the seed's own run."""
    w = _ipywidgets()
    init = w.Dropdown(options=["seed", "he"], value="he", description="init")
    gradient = w.Dropdown(options=["true", "seed"], value="true", description="gradient")
    log_lr = w.FloatSlider(value=-4.0, min=-8.0, max=-1.0, step=0.25, description="log10 lr",
                           continuous_update=False)
    out = w.Output()
    reference = {"seed: randn init, seed gradient, lr 1e-2": mlp_losses("seed", 1e-2, "seed")}

    def redraw(*_):
        lr = 10.0 ** log_lr.value
        losses = mlp_losses(init.value, lr, gradient.value)
        with out:
            out.clear_output(wait=True)
            label = f"{init.value} init, {gradient.value} gradient, lr {lr:.3g}"
            ax = plot_losses({**reference, label: losses})
            ax.set_title(f"last loss: {losses[-1]:.4g}" + ("  (blew up)" if len(losses) < 400 else ""))
            plt.show()

    for control in (init, gradient, log_lr):
        control.observe(redraw, names="value")
    redraw()
    return w.VBox([w.HBox([init, gradient, log_lr]), out])


def hyperparameter_run(X, Y, X_val, Y_val, learning_rate=0.3, num_iterations=2000, n_hidden=8,
                       depth=2):
    """Train [n_x] + [n_hidden] * depth + [1] with L_layer_model (seed 1, lecun init).
    X (2, m), Y (1, m) -> dict layers_dims, num_iterations, parameters, costs, train_acc, val_acc."""
    import numpy as np

    from .model import predict
    from .training import L_layer_model

    dims = [X.shape[0]] + [int(n_hidden)] * int(depth) + [1]
    parameters, costs = L_layer_model(X, Y, dims, learning_rate, int(num_iterations))
    acc = lambda A, B: float(np.mean(predict(A, B, parameters) == B))  # noqa: E731
    return {"layers_dims": dims, "num_iterations": int(num_iterations), "parameters": parameters,
            "costs": costs, "train_acc": acc(X, Y), "val_acc": acc(X_val, Y_val)}


def plot_hyperparameter_run(run, X, Y, X_val, Y_val, axes=None):
    """Cost curve (left) and decision boundary with train (o) and validation (^) points (right)."""
    from .model import L_model_forward
    from .plots import plot_costs, plot_decision_boundary

    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 4))
    plot_costs(run["costs"], num_iterations=run["num_iterations"], ax=axes[0])
    axes[0].set_title(f"layers {run['layers_dims']}, last cost {run['costs'][-1]:.4f}", fontsize=10)
    plot_decision_boundary(lambda P: L_model_forward(P, run["parameters"])[0], X, Y, ax=axes[1])
    axes[1].scatter(X_val[0], X_val[1], c=Y_val.ravel(), cmap="coolwarm", marker="^",
                    edgecolors="k", s=30, alpha=0.6, zorder=4)
    axes[1].set_title(f"train acc {run['train_acc']:.3f}, validation acc {run['val_acc']:.3f}",
                      fontsize=10)
    return axes


def hyperparameter_explorer(X, Y, X_val, Y_val):
    """Sliders for log10(learning rate), iterations, hidden units per layer and hidden layers."""
    w = _ipywidgets()
    opts = dict(continuous_update=False, style={"description_width": "110px"})
    log_lr = w.FloatSlider(value=-0.5, min=-3.0, max=1.5, step=0.25, description="log10 lr", **opts)
    iters = w.IntSlider(value=2000, min=100, max=5000, step=100, description="iterations", **opts)
    n_hidden = w.IntSlider(value=8, min=1, max=32, description="hidden units", **opts)
    depth = w.IntSlider(value=2, min=1, max=4, description="hidden layers", **opts)
    out = w.Output()

    def redraw(*_):
        run = hyperparameter_run(X, Y, X_val, Y_val, 10.0 ** log_lr.value, iters.value,
                                 n_hidden.value, depth.value)
        with out:
            out.clear_output(wait=True)
            plot_hyperparameter_run(run, X, Y, X_val, Y_val)
            plt.show()

    for s in (log_lr, iters, n_hidden, depth):
        s.observe(redraw, names="value")
    redraw()
    return w.VBox([w.HBox([w.VBox([log_lr, iters]), w.VBox([n_hidden, depth])]), out])


def plot_dendritic_neuron(w1=1.0, w2=1.0, b=0.0, threshold=1.0, decay=0.5, axes=None):
    """Left: the activation with the four XOR inputs placed at their z = w·x + b. Right: where
    the neuron's output exceeds 0.5 in the input plane. -> (axes, number of XOR inputs right)."""
    import numpy as np

    from .logic import XOR_X, XOR_Y, dendritic_activation, dendritic_neuron
    from .plots import plot_decision_boundary

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
    w = _ipywidgets()
    sliders = {name: w.FloatSlider(value=v, min=lo, max=hi, step=0.05, description=name,
                                   continuous_update=False)
               for name, v, lo, hi in (("w1", w1, -2, 2), ("w2", w2, -2, 2), ("b", b, -2, 2),
                                       ("threshold", threshold, -1, 3), ("decay", decay, 0.05, 3))}
    out = w.Output()

    def redraw(*_):
        with out:
            out.clear_output(wait=True)
            plot_dendritic_neuron(**{k: s.value for k, s in sliders.items()})
            plt.show()

    for s in sliders.values():
        s.observe(redraw, names="value")
    redraw()
    return w.HBox([w.VBox(list(sliders.values())), out])


__all__ += ["mlp_losses", "plot_losses", "mlp_explorer", "hyperparameter_run",
            "plot_hyperparameter_run", "hyperparameter_explorer", "plot_dendritic_neuron",
            "dendritic_explorer"]


def _upload_bytes(value):
    """(name, bytes) of the first file in a FileUpload value (ipywidgets 8: a tuple of dicts;
    ipywidgets 7: a dict name -> dict), or None when nothing is uploaded."""
    files = list(value.values()) if isinstance(value, dict) else list(value or ())
    if not files:
        return None
    f = files[0]
    name = f.get("name") or (f.get("metadata") or {}).get("name", "upload")
    return name, bytes(f["content"])


def _show_image(out, img, title):
    with out:
        out.clear_output(wait=True)
        if img is not None:
            _, ax = plt.subplots(figsize=(2.6, 2.8))
            ax.imshow(img, interpolation="nearest")
            ax.set_title(title, fontsize=9)
            ax.axis("off")
            plt.show()


def own_image_classifier(parameters, classes=("non-cat", "cat"), path=""):
    """Upload a photo, or type a path and press the button: shows the 64x64 picture the model
    sees and its P(cat); an unreadable file gives a message (status.value), not a traceback."""
    from html import escape

    from .images import classify_source

    w = _ipywidgets()
    upload = w.FileUpload(accept="image/*", multiple=False, description="上传图片")
    path_box = w.Text(value=str(path), placeholder="或输入图片路径 (or type a path)",
                      description="路径", layout=w.Layout(width="32em"))
    button = w.Button(description="识别路径 (classify)")
    status = w.HTML()
    out = w.Output()

    def show(source, name):
        img, text = classify_source(source, parameters, classes)
        status.value = f"<b>{escape(str(name))}</b>: {escape(text)}"
        _show_image(out, img, text.split(" (")[0])

    def on_upload(change):
        got = _upload_bytes(change["new"])
        if got is not None:
            show(got[1], got[0])

    upload.observe(on_upload, names="value")
    button.on_click(lambda _: show(path_box.value.strip(), path_box.value.strip()))
    box = w.VBox([w.HBox([upload]), w.HBox([path_box, button]), status, out])
    box.upload, box.path_box, box.button, box.status = upload, path_box, button, status
    return box


def cat_image_browser(images, labels, parameters, classes=("non-cat", "cat")):
    """Slider over the images (k, 64, 64, 3) with the model's P(cat) and the true label; a
    checkbox restricts it to the misclassified ones."""
    from html import escape

    import numpy as np

    from .images import describe_prediction, image_to_x
    from .model import L_model_forward

    w = _ipywidgets()
    labels = np.asarray(labels).reshape(-1)
    probs = L_model_forward(image_to_x(images), parameters)[0][0]
    wrong = [i for i in range(len(images)) if int(probs[i] > 0.5) != labels[i]]
    only_wrong = w.Checkbox(value=False, description=f"只看分错的 (only the {len(wrong)} mistakes)",
                            indent=False, layout=w.Layout(width="auto"))
    pick = w.SelectionSlider(options=list(range(len(images))), value=0, description="index")
    status = w.HTML()
    out = w.Output()

    def redraw(*_):
        i = pick.value
        text = describe_prediction(probs[i], labels[i], classes)
        status.value = f"index {i}: {escape(text)}"
        _show_image(out, images[i], f"index {i}: p(cat) = {probs[i]:.3f}")

    def refilter(*_):
        keep = wrong if only_wrong.value and wrong else list(range(len(images)))
        pick.options = keep
        pick.value = keep[0]
        redraw()

    pick.observe(redraw, names="value")
    only_wrong.observe(refilter, names="value")
    redraw()
    box = w.VBox([w.HBox([pick, only_wrong]), status, out])
    box.pick, box.only_wrong, box.status, box.probs = pick, only_wrong, status, probs
    return box


__all__ += ["own_image_classifier", "cat_image_browser"]
