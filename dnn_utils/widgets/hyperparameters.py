"""Widget of notebook 09: learning rate, iterations, width and depth on a toy set."""
import matplotlib.pyplot as plt

from ..model import L_model_forward
from ..plots import plot_costs, plot_decision_boundary
from ..training import hyperparameter_run
from ._base import ipywidgets, redraw_on_change

__all__ = ["plot_hyperparameter_run", "hyperparameter_explorer"]


def plot_hyperparameter_run(run, X, Y, X_val, Y_val, axes=None):
    """Cost curve (left) and decision boundary with train (o) and validation (^) points (right)
    of a run from training.hyperparameter_run."""
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
    w = ipywidgets()
    opts = dict(continuous_update=False, style={"description_width": "110px"})
    log_lr = w.FloatSlider(value=-0.5, min=-3.0, max=1.5, step=0.25, description="log10 lr", **opts)
    iters = w.IntSlider(value=2000, min=100, max=5000, step=100, description="iterations", **opts)
    n_hidden = w.IntSlider(value=8, min=1, max=32, description="hidden units", **opts)
    depth = w.IntSlider(value=2, min=1, max=4, description="hidden layers", **opts)
    out = w.Output()

    def draw():
        run = hyperparameter_run(X, Y, X_val, Y_val, 10.0 ** log_lr.value, iters.value,
                                 n_hidden.value, depth.value)
        plot_hyperparameter_run(run, X, Y, X_val, Y_val)

    redraw_on_change(out, (log_lr, iters, n_hidden, depth), draw)
    return w.VBox([w.HBox([w.VBox([log_lr, iters]), w.VBox([n_hidden, depth])]), out])
