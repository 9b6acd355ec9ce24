"""The network's forward pass, backward pass and training loop, with a switch for each usual
mistake: checkers diagnose a wrong answer by computing what that mistake returns on the same
inputs (one builder for every checker, so a mistake is described once).

Activations are named per layer, ``acts[l - 1]`` for layer l ("relu", "sigmoid" or "identity",
i.e. none). Parameters are the course's dict {"W1", "b1", ..., "WL", "bL"}; examples are columns.
"""
import numpy as np

import dnn_utils as ref

__all__ = ["ACTIVATIONS", "course_acts", "forward", "backward", "train"]


def _sigmoid(z):
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


ACTIVATIONS = {"relu": lambda z: np.maximum(0.0, z), "sigmoid": _sigmoid, "identity": lambda z: z}
_DERIVATIVES = {
    "relu": lambda dA, Z: dA * (Z > 0),
    "sigmoid": lambda dA, Z: dA * _sigmoid(Z) * (1.0 - _sigmoid(Z)),
    "identity": lambda dA, Z: dA,
}


def course_acts(L, hidden="relu", output="sigmoid"):
    """[hidden] * (L - 1) + [output]: the course's network, or a mistake in either part."""
    return [hidden] * (L - 1) + [output]


def forward(X, params, acts=None, bias=True, L=None):
    """(AL, caches) through layers 1..L (L = len(params) // 2 unless a mistake fixes it);
    caches[l - 1] = ((A_prev, W, b), Z) as the course builds them. bias=False leaves b out."""
    L = len(params) // 2 if L is None else L
    acts = course_acts(L) if acts is None else acts
    A, caches = X, []
    for l in range(1, L + 1):
        W, b = params[f"W{l}"], params[f"b{l}"]
        Z = W @ A + (b if bias else 0.0)
        caches.append(((A, W, b), Z))
        A = ACTIVATIONS[acts[l - 1]](Z)
    return A, caches


def backward(AL, Y, caches, acts=None, dAL=None, cache_of=None, propagate=True):
    """Gradients {dA0..dA(L-1), dW1..dWL, db1..dbL} with the derivative acts[l - 1] at layer l;
    dAL defaults to the course's -(Y/AL - (1-Y)/(1-AL)). Mistakes: cache_of(l) picks the index of
    the cache layer l uses (right: l - 1); propagate=False feeds dAL itself to every layer."""
    L = len(caches)
    acts = course_acts(L) if acts is None else acts
    dA = dAL_first = -(Y / AL - (1 - Y) / (1 - AL)) if dAL is None else dAL
    grads = {}
    for l in range(L, 0, -1):
        (A_prev, W, _), Z = caches[l - 1 if cache_of is None else cache_of(l)]
        dZ = _DERIVATIVES[acts[l - 1]](dA if propagate else dAL_first, Z)
        m = A_prev.shape[1]
        grads[f"dW{l}"] = dZ @ A_prev.T / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        dA = W.T @ dZ
        grads[f"dA{l - 1}"] = dA
    return grads


def train(X, Y, params, learning_rate, num_iterations, acts=None, backward_acts=None, dAL="course",
          every=100):
    """(parameters, costs at iterations 0, every, 2·every, ...) of gradient descent from params,
    written the way a learner might: acts / backward_acts per layer (the backward ones default to
    acts); dAL "course", "negated" (gradient ascent) or "dZ" (AL - Y fed through sigmoid_backward
    again)."""
    L = len(params) // 2
    acts = course_acts(L) if acts is None else acts
    backward_acts = acts if backward_acts is None else backward_acts
    costs = []
    with np.errstate(all="ignore"):
        for i in range(num_iterations):
            AL, caches = forward(X, params, acts)
            if i % every == 0:
                costs.append(ref.compute_cost(AL, Y))
            start = {"course": None, "negated": (Y / AL - (1 - Y) / (1 - AL)), "dZ": AL - Y}[dAL]
            grads = backward(AL, Y, caches, backward_acts, dAL=start)
            params = {k: v - learning_rate * grads["d" + k] for k, v in params.items()}
    return params, np.array(costs)
