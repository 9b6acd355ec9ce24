"""Figures and widgets of notebooks 05 and 06, called without a browser."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import dnn_utils  # noqa: E402
from dnn_utils import widgets  # noqa: E402
from dnn_utils.plots import draw_block_chain  # noqa: E402


def test_draw_block_chain_returns_axes():
    ax = draw_block_chain(3, highlight=2)
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "LINEAR->SIGMOID" in texts and texts.count("LINEAR->RELU") == 2
    assert "cache" in texts
    plt.close("all")


@pytest.mark.parametrize("layer", [1, 2, 3])
def test_gradient_flow_shapes(layer):
    dims = (4, 5, 3, 1)
    flow = widgets.gradient_flow(dims, layer, m=4)
    names = list(flow)
    assert names == [f"dA[{layer}]", f"dZ[{layer}]", f"dW[{layer}]", f"db[{layer}]",
                     f"dA[{layer - 1}]"]
    n, n_prev = dims[layer], dims[layer - 1]
    assert [a.shape for a in flow.values()] == [(n, 4), (n, 4), (n, n_prev), (n, 1), (n_prev, 4)]


def test_gradient_flow_is_consistent_with_the_formulas():
    flow = widgets.gradient_flow((4, 5, 3, 1), 2, m=4)
    dZ, dW, db, dA_prev = (flow[k] for k in ("dZ[2]", "dW[2]", "db[2]", "dA[1]"))
    assert np.allclose(db, dZ.sum(axis=1, keepdims=True) / 4)
    assert dW.shape == (3, 5) and dA_prev.shape == (5, 4)


def test_gradient_flow_dW_is_the_gradient_of_the_cost():
    dims, seed, m = (4, 5, 3, 1), 4, 4
    flow = widgets.gradient_flow(dims, 1, m=m, seed=seed)
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((dims[0], m))
    Y = (rng.random((1, m)) < 0.5).astype(float)
    params = dnn_utils.initialize_parameters_deep(list(dims), seed=seed, init="lecun")
    J = lambda: dnn_utils.compute_cost(dnn_utils.L_model_forward(X, params)[0], Y)
    num = dnn_utils.numerical_gradient(J, params["W1"])
    assert dnn_utils.relative_error(num, flow["dW[1]"]) < 1e-6


def test_gradient_flow_rejects_bad_layer():
    with pytest.raises(ValueError):
        widgets.gradient_flow((4, 5, 3, 1), 0)


def test_plot_gradient_flow_axes():
    axes = widgets.plot_gradient_flow((4, 5, 3, 1), 3)
    assert len(axes) == 6
    assert axes[3].get_title().startswith("dW[3]")
    plt.close("all")


def test_gradient_flow_explorer_builds():
    pytest.importorskip("ipywidgets")
    box = widgets.gradient_flow_explorer((4, 5, 3, 1))
    layer = box.children[0].children[0]
    layer.value = 1  # redraw without error
    plt.close("all")
