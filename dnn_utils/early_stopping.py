"""Accuracy against iterations from one training run (notebook 12, early stopping).

``L_layer_model_snapshots`` is ``training.L_layer_model`` cut into chunks of ``every`` iterations:
gradient descent keeps no state besides the parameters, so running ``training.gradient_descent``
100 iterations at a time from where the last chunk stopped gives the same costs and parameters as
one long run (tests/test_early_stopping.py checks they are identical), and the parameters between
chunks are the snapshots. The accuracy curve then costs forward passes only, not a second run.
"""
import numpy as np

from .model import L_model_forward, initialize_parameters_deep
from .training import cost_iterations, gradient_descent, report_cost

__all__ = ["L_layer_model_snapshots", "accuracy_curve"]


def L_layer_model_snapshots(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000,
                            print_cost=False, seed=1, init="lecun", every=100):
    """L_layer_model that also returns snapshots {i: parameters before update i} for i = 0, every,
    2·every, ... and {num_iterations: final parameters}. -> (parameters, costs, snapshots)."""
    parameters = initialize_parameters_deep(layers_dims, seed=seed, init=init)
    logged = set(cost_iterations(num_iterations))
    costs, snapshots = [], {}
    for start in range(0, num_iterations, every):
        snapshots[start] = parameters
        n = min(every, num_iterations - start)
        parameters, chunk = gradient_descent(X, Y, parameters, learning_rate, n)
        # keep the chunk's costs that the full run would record, numbered as in the full run
        for i, cost in zip([start + j for j in cost_iterations(n)], chunk):
            if i in logged:
                costs.append(cost)
                if print_cost:
                    report_cost(i, cost)
    snapshots[num_iterations] = parameters
    return parameters, costs, snapshots


def accuracy_curve(snapshots, X, Y):
    """Number of right answers of each snapshot on (X (n0, m), Y (1, m)).
    -> (iterations (k,), right (k,) int) sorted by iteration."""
    its = np.array(sorted(snapshots))
    right = np.array([int(np.sum((L_model_forward(X, snapshots[i])[0] > 0.5) == (Y == 1)))
                      for i in its])
    return its, right
