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


def network_explorer(layer_sizes=(3, 5, 5, 3, 1), max_layers=6, max_units=10):
    """Sliders for the number of layers and the units per layer; redraws draw_network()."""
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
            draw_network([s.value for s in sizes[:L + 1]])
            plt.show()

    for s in [n_layers, *sizes]:
        s.observe(redraw, names="value")
    redraw()
    return w.HBox([w.VBox([n_layers, *sizes]), out])
