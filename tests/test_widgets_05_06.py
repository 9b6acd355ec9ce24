"""Figures and widgets of notebooks 05 and 06, called without a browser."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from dnn_utils import widgets  # noqa: E402
from dnn_utils.plots import draw_block_chain  # noqa: E402


def test_draw_block_chain_returns_axes():
    ax = draw_block_chain(3, highlight=2)
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "LINEAR->SIGMOID" in texts and texts.count("LINEAR->RELU") == 2
    assert "cache" in texts
    plt.close("all")


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
