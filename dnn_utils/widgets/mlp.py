"""Widget of notebook 08: the MLP's loss curve for an initialisation, a gradient and a learning rate."""
from ..mlp import mlp_losses
from ..plots import plot_losses
from ._base import ipywidgets, redraw_on_change

__all__ = ["mlp_explorer"]


def mlp_explorer(num_iterations=400):
    """Initialisation, gradient version and log10(learning rate) of notebook 08's MLP; redraws
    the loss curve next to the seed's own run."""
    w = ipywidgets()
    init = w.Dropdown(options=["seed", "he"], value="he", description="init")
    gradient = w.Dropdown(options=["true", "seed"], value="true", description="gradient")
    log_lr = w.FloatSlider(value=-4.0, min=-8.0, max=-1.0, step=0.25, description="log10 lr",
                           continuous_update=False)
    out = w.Output()
    reference = {"seed: randn init, seed gradient, lr 1e-2":
                 mlp_losses("seed", 1e-2, "seed", num_iterations)}

    def draw():
        lr = 10.0 ** log_lr.value
        losses = mlp_losses(init.value, lr, gradient.value, num_iterations)
        label = f"{init.value} init, {gradient.value} gradient, lr {lr:.3g}"
        ax = plot_losses({**reference, label: losses})
        blew_up = "  (blew up)" if len(losses) < num_iterations else ""
        ax.set_title(f"last loss: {losses[-1]:.4g}" + blew_up)

    redraw_on_change(out, (init, gradient, log_lr), draw)
    return w.VBox([w.HBox([init, gradient, log_lr]), out])
