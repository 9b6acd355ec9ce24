"""dnn_utils: the reference implementation of the course "深层神经网络".

The names below are the course API (learners type them; they match the lectures). Topic modules
that a single notebook uses (autograd, logic, widgets, ...) are imported as ``dnn_utils.<module>``.

One name per idea: ``layer_dims`` is the list [n0, n1, ..., nL] everywhere, except in
``two_layer_model(X, Y, layers_dims, ...)`` and ``L_layer_model(X, Y, layers_dims, ...)``, which
keep the original course's name because the learner writes them with that signature (and
``training.hyperparameter_run`` records their arguments under the same names). Renamed keywords
keep working (``layer_sizes=``, ``epochs=``, see ``_names.renamed_keywords``).
"""
from .activations import relu, relu_backward, sigmoid, sigmoid_backward
from .gradcheck import check_network_gradients, numerical_gradient, relative_error
from .layers import (linear_activation_backward, linear_activation_forward, linear_backward,
                     linear_forward)
from .model import (L_model_backward, L_model_forward, compute_cost, initialize_parameters,
                    initialize_parameters_deep, predict, update_parameters)
from .plots import draw_network, plot_costs, plot_decision_boundary, show_images
from .training import L_layer_model, two_layer_model

__all__ = [
    "sigmoid", "sigmoid_backward", "relu", "relu_backward",
    "initialize_parameters", "initialize_parameters_deep",
    "linear_forward", "linear_activation_forward", "L_model_forward", "compute_cost",
    "linear_backward", "linear_activation_backward", "L_model_backward", "update_parameters",
    "two_layer_model", "L_layer_model", "predict",
    "relative_error", "numerical_gradient", "check_network_gradients",
    "plot_costs", "draw_network", "show_images", "plot_decision_boundary",
]
