"""Figures and widgets of notebooks 08-10, called without a browser (the pure functions they draw
are tested where they live: test_mlp, test_model)."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dnn_utils import logic, widgets  # noqa: E402


def toy_data(seed, m=40):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((2, m))
    Y = (X[0] * X[1] > 0).astype(float).reshape(1, m)
    return X, Y


def test_plot_losses_marks_a_run_that_blew_up():
    ax = widgets.plot_losses({"fine": [4.0, 2.0, 1.0], "blew up": [4.0, 40.0, np.inf]})
    assert ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["fine", "blew up"]
    assert len(ax.lines) == 3  # two curves and one x
    assert ax.get_ylim()[1] == pytest.approx(120.0)
    plt.close("all")


def test_plot_hyperparameter_run_titles():
    X, Y = toy_data(0)
    Xv, Yv = toy_data(1)
    run = widgets.hyperparameter_run(X, Y, Xv, Yv, learning_rate=0.5, num_iterations=301,
                                     n_hidden=6, depth=2)
    axes = widgets.plot_hyperparameter_run(run, X, Y, Xv, Yv)
    assert "train acc" in axes[1].get_title() and "[2, 6, 6, 1]" in axes[0].get_title()
    plt.close("all")


@pytest.mark.parametrize("params, right", [
    (dict(w1=1.0, w2=1.0, b=0.0, threshold=1.0, decay=0.5), 4),
    (dict(w1=1.0, w2=1.0, b=0.0, threshold=1.0, decay=5.0), 3),   # decays too slowly: (1,1) fires
    (dict(w1=1.0, w2=1.0, b=0.0, threshold=3.0, decay=0.5), 2),   # never reaches threshold
])
def test_plot_dendritic_neuron_counts_right_answers(params, right):
    axes, got = widgets.plot_dendritic_neuron(**params)
    assert got == right
    assert f"{right}/4" in axes[1].get_title()
    plt.close("all")


def test_plot_dendritic_neuron_agrees_with_logic():
    out = logic.dendritic_neuron(logic.XOR_X, [0.8, 1.2], 0.1, 1.0, 0.4)
    expected = int(np.sum((out > 0.5) == (logic.XOR_Y == 1)))
    _, got = widgets.plot_dendritic_neuron(0.8, 1.2, 0.1, 1.0, 0.4)
    assert got == expected
    plt.close("all")


def test_builders_return_boxes():
    pytest.importorskip("ipywidgets")
    X, Y = toy_data(0)
    for box in (widgets.dendritic_explorer(),
                widgets.hyperparameter_explorer(X, Y, *toy_data(1))):
        assert hasattr(box, "children") and len(box.children) == 2
    plt.close("all")


def test_mlp_explorer_builds():
    pytest.importorskip("ipywidgets")
    box = widgets.mlp_explorer()
    assert len(box.children) == 2
    plt.close("all")
