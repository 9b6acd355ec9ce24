"""Interactive demos, one module per course part; ipywidgets is imported only when a widget is
built, so importing dnn_utils never needs it.

    forward (00-03)  why_deep (04, 10)  blocks (05-06)  autograd (07)  mlp (08)
    hyperparameters (09)  cat (11-12)

Each builder is thin wiring around pure functions that live next to the code they compute with
(``activations.sigmoid_curve``, ``model.forward_activations``, ``model.gradient_flow``,
``shapes.network_summary``, ``logic.xor_table``, ``autograd.autograd_graph``, ``mlp.mlp_losses``,
``training.hyperparameter_run``) and figures in ``plots`` or in the part's module; tests call
those without a browser. Every name the notebooks use is re-exported here, so
``widgets.<name>`` and ``from dnn_utils.widgets import <name>`` keep working. The builder returns
the widget box (display it, or let the notebook cell show it).
"""
from ..activations import sigmoid_curve
from ..autograd import AUTOGRAD_EXPRESSIONS, autograd_graph
from ..logic import XOR_X, xor_table
from ..mlp import mlp_losses
from ..model import forward_activations, gradient_flow
from ..plots import draw_activations, draw_matrix_shapes, plot_losses
from ..shapes import network_summary, shape_table
from ..training import hyperparameter_run
from .autograd import autograd_explorer
from .blocks import gradient_flow_explorer, plot_gradient_flow
from .cat import cat_image_browser, own_image_classifier
from .forward import (forward_explorer, network_explorer, plot_sigmoid, shape_explorer,
                      sigmoid_explorer)
from .hyperparameters import hyperparameter_explorer, plot_hyperparameter_run
from .mlp import mlp_explorer
from .why_deep import dendritic_explorer, plot_dendritic_neuron, plot_xor, xor_explorer

XOR_INPUTS = XOR_X  # the old name of the four XOR inputs (2, 4)

__all__ = [
    # 00-03
    "sigmoid_curve", "plot_sigmoid", "sigmoid_explorer", "network_summary", "network_explorer",
    "forward_activations", "draw_activations", "forward_explorer", "draw_matrix_shapes",
    "shape_table", "shape_explorer",
    # 04, 10
    "XOR_INPUTS", "xor_table", "plot_xor", "xor_explorer", "plot_dendritic_neuron",
    "dendritic_explorer",
    # 05-06
    "gradient_flow", "plot_gradient_flow", "gradient_flow_explorer",
    # 07
    "AUTOGRAD_EXPRESSIONS", "autograd_graph", "autograd_explorer",
    # 08
    "mlp_losses", "plot_losses", "mlp_explorer",
    # 09
    "hyperparameter_run", "plot_hyperparameter_run", "hyperparameter_explorer",
    # 11-12
    "own_image_classifier", "cat_image_browser",
]
