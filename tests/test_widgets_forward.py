"""Widgets of notebooks 00-04: the pure functions, and the builders constructed without a browser."""
import subprocess
import sys

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


def test_the_pure_helpers_are_re_exported_from_where_they_live():
    from dnn_utils import activations, autograd, model, mlp, plots, shapes, training
    homes = {"sigmoid_curve": activations, "forward_activations": model, "gradient_flow": model,
             "network_summary": shapes, "shape_table": shapes, "xor_table": logic,
             "AUTOGRAD_EXPRESSIONS": autograd, "autograd_graph": autograd, "mlp_losses": mlp,
             "hyperparameter_run": training, "draw_activations": plots,
             "draw_matrix_shapes": plots, "plot_losses": plots}
    for name, home in homes.items():
        assert getattr(widgets, name) is getattr(home, name), name
    assert widgets.XOR_INPUTS is logic.XOR_X  # the old name, not a second copy


def test_importing_the_widgets_does_not_import_ipywidgets():
    code = "import sys, dnn_utils.widgets; print('ipywidgets' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_plot_sigmoid_title():
    assert widgets.plot_sigmoid(2.0, 1.0).get_title() == "w = 2.00, b = 1.00"


def test_draw_activations_one_collection_per_layer():
    params = dnn_utils.initialize_parameters_deep([3, 5, 5, 3, 1], seed=1, init="lecun")
    ax = widgets.draw_activations(widgets.forward_activations([1.0, -0.5, 2.0], params))
    assert len(ax.collections) == 5


def test_draw_matrix_shapes_labels_every_shape():
    ax = widgets.draw_matrix_shapes(3, 5, 4, layer=2)
    texts = {t.get_text() for t in ax.texts}
    assert {"(5, 3)", "(3, 4)", "(5, 1) -> (5, 4)", "(5, 4)"} <= texts


def test_plot_xor_says_whether_it_is_xor():
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
    box = widgets.network_explorer(layer_dims=(3, 13, 1))
    sliders = box.children[0].children
    assert sliders[0].value == 2 and sliders[2].value == 13 and sliders[2].max >= 13
    old = widgets.network_explorer(layer_sizes=(3, 13, 1))  # the old keyword (notebook 01)
    assert [s.value for s in old.children[0].children[:3]] == [2, 3, 13]
