"""One layer forward and backward: the linear part, then the linear part plus its activation.

Caches are tuples: ``linear_cache = (A_prev, W, b)`` and ``cache = (linear_cache, Z)``.
"""
import numpy as np

from .activations import get_activation

__all__ = ["linear_forward", "linear_backward", "linear_activation_forward",
           "linear_activation_backward"]


def linear_forward(A, W, b):
    """Linear part of a layer: Z = W·A + b.
    A (n[l-1], m), W (n[l], n[l-1]), b (n[l], 1) -> Z (n[l], m), cache (A, W, b)."""
    Z = W @ A + b
    return Z, (A, W, b)


def linear_backward(dZ, cache):
    """Gradients of the linear part, averaged over the m examples.
    dZ (n[l], m), cache (A_prev, W, b) -> dA_prev (n[l-1], m), dW (n[l], n[l-1]), db (n[l], 1)."""
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = (dZ @ A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dA_prev, dW, db


def linear_activation_forward(A_prev, W, b, activation):
    """One layer: A = g(W·A_prev + b), g = "relu" or "sigmoid".
    -> A (n[l], m), cache ((A_prev, W, b), Z)."""
    forward, _ = get_activation(activation)
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, Z = forward(Z)
    return A, (linear_cache, Z)


def linear_activation_backward(dA, cache, activation):
    """Backward through one layer: dZ = dA * g'(Z), then the linear part.
    dA (n[l], m), cache ((A_prev, W, b), Z) -> dA_prev, dW, db."""
    linear_cache, Z = cache
    _, backward = get_activation(activation)
    dZ = backward(dA, Z)
    return linear_backward(dZ, linear_cache)
