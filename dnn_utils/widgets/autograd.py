"""Widget of notebook 07: the computation graph of an expression, with values and gradients."""
from ..autograd import AUTOGRAD_EXPRESSIONS, autograd_graph
from ..plots import draw_graph
from ._base import ipywidgets, redraw_on_change

__all__ = ["autograd_explorer"]


def autograd_explorer(expression="y = (x + 1) * (x - 1)", x=2.0):
    """Dropdown for the expression and a slider for x; redraws the graph with values and grads."""
    w = ipywidgets()
    expr = w.Dropdown(options=list(AUTOGRAD_EXPRESSIONS), value=expression, description="f")
    xs = w.FloatSlider(value=x, min=-3.0, max=3.0, step=0.25, description="x")
    out = w.Output()

    def draw():
        graph, grad, numeric = autograd_graph(expr.value, xs.value)
        draw_graph(graph, title=f"{expr.value}:  dy/dx = {grad:.4f}  "
                                f"(centred difference {numeric:.4f})")

    redraw_on_change(out, (expr, xs), draw)
    return w.VBox([w.HBox([expr, xs]), out])
