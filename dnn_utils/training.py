"""Training loops for the cat classifier: batch gradient descent, LINEAR->RELU hidden layers and a
LINEAR->SIGMOID output.

Both models return ``(parameters, costs)``. ``costs`` holds the cost at iterations 0, 100, 200, ...
and at the last iteration (``cost_iterations``); each cost is computed before that iteration's
update. Printing is opt-in; nothing here plots.

Speed: the loop computes exactly what ``L_model_forward`` / ``L_model_backward`` /
``update_parameters`` compute, composed so that only the unavoidable matrix products cost
anything: buffers are allocated once and updated in place, dZ[L] = AL - Y is used directly (exact
for a sigmoid output with cross-entropy, and stable where AL saturates), dA0 (the gradient with
respect to the input images, which nothing uses) is never formed, and the input is stored once
in the layout both 12288-wide products read fastest. BLAS runs single-threaded inside training
(``BLAS_THREADS``), which measured faster or equal and far steadier on a shared 2-core machine;
see benchmarks/train_speed.py.
"""
from contextlib import nullcontext

import numpy as np

from .model import compute_cost, initialize_parameters, initialize_parameters_deep

__all__ = ["two_layer_model", "L_layer_model", "gradient_descent", "cost_iterations",
           "PRINT_EVERY", "BLAS_THREADS"]

PRINT_EVERY = 100
BLAS_THREADS = 1


def cost_iterations(num_iterations, every=PRINT_EVERY):
    """Iterations at which training records the cost: 0, every, 2·every, ... and the last one."""
    its = list(range(0, num_iterations, every))
    if num_iterations > 0 and its[-1] != num_iterations - 1:
        its.append(num_iterations - 1)
    return its


def _blas_limit():
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # threadpoolctl is a requirement; without it training is just not pinned
        return nullcontext()
    return threadpool_limits(limits=BLAS_THREADS, user_api="blas")


def gradient_descent(X, Y, parameters, learning_rate, num_iterations, print_cost=False):
    """Train [LINEAR->RELU] x (L-1) -> LINEAR->SIGMOID from the given parameters (not modified).
    X (n0, m), Y (1, m) -> (parameters, costs)."""
    L = len(parameters) // 2
    W = [None] + [np.array(parameters[f"W{l}"], dtype=float) for l in range(1, L + 1)]
    b = [None] + [np.array(parameters[f"b{l}"], dtype=float) for l in range(1, L + 1)]
    Y = np.asarray(Y, dtype=float).reshape(1, -1)
    m = Y.shape[1]
    XT = np.ascontiguousarray(np.asarray(X, dtype=float).T)  # (m, n0), C order
    A = [XT.T] + [np.empty((W[l].shape[0], m)) for l in range(1, L + 1)]
    Z = [None] + [np.empty_like(A[l]) for l in range(1, L + 1)]
    dZ = [None] + [np.empty_like(A[l]) for l in range(1, L + 1)]
    dW = [None] + [np.empty_like(W[l]) for l in range(1, L + 1)]
    db = [None] + [np.empty_like(b[l]) for l in range(1, L + 1)]
    logged = set(cost_iterations(num_iterations))
    costs = []
    with _blas_limit():
        for i in range(num_iterations):
            for l in range(1, L + 1):
                np.matmul(W[l], A[l - 1], out=Z[l])
                Z[l] += b[l]
                if l < L:
                    np.maximum(Z[l], 0.0, out=A[l])
            with np.errstate(over="ignore"):
                np.divide(1.0, 1.0 + np.exp(-Z[L]), out=A[L])
            if i in logged:
                cost = compute_cost(A[L], Y)
                costs.append(cost)
                if print_cost:
                    print(f"第 {i:4d} 次迭代后的代价 (cost after iteration {i}): {cost:.8f}")
            np.subtract(A[L], Y, out=dZ[L])
            for l in range(L, 0, -1):
                prev = XT if l == 1 else A[l - 1].T
                np.matmul(dZ[l], prev, out=dW[l])
                dW[l] /= m
                np.sum(dZ[l], axis=1, keepdims=True, out=db[l])
                db[l] /= m
                if l > 1:
                    np.matmul(W[l].T, dZ[l], out=dZ[l - 1])
                    dZ[l - 1] *= Z[l - 1] > 0
            for l in range(1, L + 1):
                W[l] -= learning_rate * dW[l]
                b[l] -= learning_rate * db[l]
    trained = {}
    for l in range(1, L + 1):
        trained[f"W{l}"], trained[f"b{l}"] = W[l], b[l]
    return trained, costs


def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000,
                    print_cost=False):
    """LINEAR->RELU->LINEAR->SIGMOID, initialised by initialize_parameters (seed 1).
    X (n_x, m), Y (1, m), layers_dims = (n_x, n_h, n_y) -> (parameters, costs)."""
    n_x, n_h, n_y = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    return gradient_descent(X, Y, parameters, learning_rate, num_iterations, print_cost)


def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False,
                  seed=1, init="lecun"):
    """[LINEAR->RELU] x (L-1) -> LINEAR->SIGMOID. Initialised by initialize_parameters_deep with
    seed=1, init="lecun" (randn / sqrt(n[l-1])), the setting that reproduces the published run.
    X (n0, m), Y (1, m), layers_dims = [n0, ..., nL] -> (parameters, costs)."""
    parameters = initialize_parameters_deep(layers_dims, seed=seed, init=init)
    return gradient_descent(X, Y, parameters, learning_rate, num_iterations, print_cost)
