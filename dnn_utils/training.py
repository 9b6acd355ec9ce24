"""Training loops for the cat classifier: gradient descent on the course's building blocks.

Both return ``(parameters, costs)``. ``costs`` holds the cost at iterations 0, 100, 200, ... and at
the last iteration (see ``cost_iterations``); each cost is computed before that iteration's update.
Printing is opt-in; nothing here plots.
"""
import numpy as np

from .layers import linear_activation_backward, linear_activation_forward, linear_backward
from .model import (L_model_backward, L_model_forward, compute_cost, initialize_parameters,
                    initialize_parameters_deep, update_parameters)

__all__ = ["two_layer_model", "L_layer_model", "cost_iterations", "PRINT_EVERY"]

PRINT_EVERY = 100


def cost_iterations(num_iterations, every=PRINT_EVERY):
    """Iterations at which training records the cost: 0, every, 2·every, ... and the last one."""
    its = list(range(0, num_iterations, every))
    if num_iterations > 0 and its[-1] != num_iterations - 1:
        its.append(num_iterations - 1)
    return its


def _log(i, cost, costs, num_iterations, print_cost):
    if i % PRINT_EVERY == 0 or i == num_iterations - 1:
        costs.append(cost)
        if print_cost:
            print(f"第 {i:4d} 次迭代后的代价 (cost after iteration {i}): {cost:.8f}")


def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000,
                    print_cost=False):
    """LINEAR->RELU->LINEAR->SIGMOID, initialised by initialize_parameters (seed 1).
    X (n_x, m), Y (1, m), layers_dims = (n_x, n_h, n_y) -> (parameters, costs)."""
    n_x, n_h, n_y = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    costs = []
    for i in range(num_iterations):
        W1, b1, W2, b2 = (parameters[k] for k in ("W1", "b1", "W2", "b2"))
        A1, cache1 = linear_activation_forward(X, W1, b1, "relu")
        A2, cache2 = linear_activation_forward(A1, W2, b2, "sigmoid")
        _log(i, compute_cost(A2, Y), costs, num_iterations, print_cost)
        dA1, dW2, db2 = _output_layer_backward(A2, Y, cache2)
        _, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
        grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
        parameters = update_parameters(parameters, grads, learning_rate)
    return parameters, costs


def _output_layer_backward(AL, Y, cache):
    # dZ = AL - Y for a sigmoid output with cross-entropy (stable where AL saturates).
    linear_cache, _ = cache
    return linear_backward(AL - Y, linear_cache)


def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False,
                  seed=1, init="lecun"):
    """[LINEAR->RELU] x (L-1) -> LINEAR->SIGMOID. Initialised by initialize_parameters_deep with
    seed=1, init="lecun" (randn / sqrt(n[l-1])), the setting that reproduces the published run.
    X (n0, m), Y (1, m), layers_dims = [n0, ..., nL] -> (parameters, costs)."""
    parameters = initialize_parameters_deep(layers_dims, seed=seed, init=init)
    costs = []
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        _log(i, compute_cost(AL, Y), costs, num_iterations, print_cost)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)
    return parameters, costs
