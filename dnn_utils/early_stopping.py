"""Accuracy against iterations from one training run (notebook 12, early stopping).

``L_layer_model_snapshots`` is ``training.L_layer_model`` with ``gradient_descent``'s snapshot
hook: the parameters before iteration 0, every, 2·every, ... are copied out of the one run (on the
row-space path W[1] = W[1]_0 + C Xᵀ is formed only then), so costs and final parameters are those
of ``L_layer_model`` (tests/test_early_stopping.py checks they are identical). The accuracy curve
then costs forward passes only, not a second run. It is also the reference of notebook 12's
exercise of the same name (the learner writes the loop with the snapshots; later cells use this).
"""
import numpy as np

from ._names import renamed_keywords
from .model import initialize_parameters_deep, predict
from .training import gradient_descent

__all__ = ["L_layer_model_snapshots", "accuracy_curve"]


@renamed_keywords(layers_dims="layer_dims")
def L_layer_model_snapshots(X, Y, layer_dims, learning_rate=0.0075, num_iterations=3000,
                            print_cost=False, seed=1, init="lecun", every=100):
    """L_layer_model that also returns snapshots {i: parameters before update i} for i = 0, every,
    2·every, ... and {num_iterations: final parameters}. -> (parameters, costs, snapshots)."""
    parameters = initialize_parameters_deep(layer_dims, seed=seed, init=init)
    snapshots = {}
    parameters, costs = gradient_descent(X, Y, parameters, learning_rate, num_iterations,
                                         print_cost, snapshot_every=every,
                                         on_snapshot=snapshots.__setitem__)
    snapshots[num_iterations] = parameters
    return parameters, costs, snapshots


def accuracy_curve(snapshots, X, Y):
    """Number of right answers of each snapshot on (X (n0, m), Y (1, m)).
    -> (iterations (k,), right (k,) int) sorted by iteration."""
    its = np.array(sorted(snapshots))
    right = np.array([int(np.sum(predict(X, Y, snapshots[i]) == Y)) for i in its])
    return its, right
