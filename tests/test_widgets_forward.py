"""Widgets of notebooks 00-04: the pure functions, and the builders constructed without a browser."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import dnn_utils  # noqa: E402
from dnn_utils import logic, widgets  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_sigmoid_curve_crosses_half_at_minus_b_over_w():
    x, a = widgets.sigmoid_curve(2.0, 1.0, x=[-0.5, 0.0])
    np.testing.assert_allclose(a, [0.5, 1 / (1 + np.exp(-1.0))])
    assert widgets.plot_sigmoid(2.0, 1.0).get_title() == "w = 2.00, b = 1.00"


def test_network_summary_counts_parameters():
    assert widgets.network_summary([3, 5, 5, 3, 1]) == (
        "L = 4, n = [3, 5, 5, 3, 1], hidden units = 13, parameters (W and b) = 72")


def test_forward_activations_match_library():
    params = dnn_utils.initialize_parameters_deep([3, 5, 5, 3, 1], seed=1, init="lecun")
    x = np.array([1.0, -0.5, 2.0])
    acts = widgets.forward_activations(x, params)
    assert [a.shape for a in acts] == [(3,), (5,), (5,), (3,), (1,)]
    AL, _ = dnn_utils.L_model_forward(x[:, None], params)
    np.testing.assert_allclose(acts[-1], AL.ravel())
    np.testing.assert_array_equal(acts[0], x)
    ax = widgets.draw_activations(acts)
    assert len(ax.collections) == 5


def test_draw_matrix_shapes_labels_every_shape():
    ax = widgets.draw_matrix_shapes(3, 5, 4, layer=2)
    texts = {t.get_text() for t in ax.texts}
    assert {"(5, 3)", "(3, 4)", "(5, 1) -> (5, 4)", "(5, 4)"} <= texts


def test_shape_table_rows():
    lines = widgets.shape_table([2, 3, 5, 4, 2, 1], 7)
    assert len(lines) == 6
    assert lines[2].split()[0] == "2" and "(5, 3)" in lines[2] and "(5, 7)" in lines[2]


def test_xor_table_and_plot():
    X, A2 = widgets.xor_table(logic.xor_parameters())
    np.testing.assert_array_equal((A2 > 0.5).astype(int), [[0, 1, 1, 0]])
    _, tab = widgets.plot_xor(logic.xor_parameters())
    assert tab.get_title() == "XOR reproduced"
    broken = dict(logic.xor_parameters(), b2=np.array([[-10.0]]))
    _, tab = widgets.plot_xor(broken)
    assert tab.get_title() == "not XOR yet"


def test_builders_construct_and_react():
    pytest.importorskip("ipywidgets")
    params = dnn_utils.initialize_parameters_deep([3, 5, 5, 3, 1], seed=1, init="lecun")
    for box in (widgets.sigmoid_explorer(), widgets.network_explorer(),
                widgets.forward_explorer(params, [1.0, -0.5, 2.0]), widgets.shape_explorer()):
        assert box.children
    box = widgets.xor_explorer()
    box.sliders[-1].value = -10.0
    assert box.current()["b2"][0, 0] == -10.0
    assert logic.xor_parameters()["b2"][0, 0] == 10.0
    box.scale.value = 0.25                  # the x1/4 the notebook asks for is reachable
    assert box.current()["W1"][0, 0] == 5.0 and box.current()["b1"][0, 0] == -7.5
    assert box.current()["b2"][0, 0] == -2.5


def test_network_explorer_reaches_13_units():
    pytest.importorskip("ipywidgets")
    box = widgets.network_explorer(layer_sizes=(3, 13, 1))
    sliders = box.children[0].children
    assert sliders[0].value == 2 and sliders[2].value == 13 and sliders[2].max >= 13
