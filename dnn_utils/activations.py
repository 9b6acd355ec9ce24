"""Activation functions, each forward next to its backward.

Forward functions return ``(A, cache)`` with ``cache = Z``; backward functions take ``(dA, cache)``
and return ``dZ``. Everything is float64.
"""
import numpy as np

__all__ = ["sigmoid", "sigmoid_backward", "relu", "relu_backward", "ACTIVATIONS", "get_activation"]


def sigmoid(Z):
    """Logistic sigmoid 1 / (1 + e^-Z). Z (n, m) -> A (n, m), cache Z."""
    Z = np.asarray(Z, dtype=float)
    # exp(-Z) overflows to inf for Z < -709; 1/(1+inf) = 0 is the right limit, so the warning is noise.
    with np.errstate(over="ignore"):
        A = 1.0 / (1.0 + np.exp(-Z))
    return A, Z


def sigmoid_backward(dA, cache):
    """dZ = dA * s * (1 - s) with s = sigmoid(Z). dA, Z (n, m) -> dZ (n, m)."""
    Z = cache
    s, _ = sigmoid(Z)
    return dA * s * (1.0 - s)


def relu(Z):
    """Rectified linear unit max(0, Z). Z (n, m) -> A (n, m), cache Z."""
    Z = np.asarray(Z, dtype=float)
    return np.maximum(0.0, Z), Z


def relu_backward(dA, cache):
    """dZ = dA where Z > 0, else 0 (the derivative at 0 is taken as 0). dA, Z (n, m) -> dZ (n, m)."""
    Z = cache
    return np.where(Z > 0, dA, 0.0)


ACTIVATIONS = {"relu": (relu, relu_backward), "sigmoid": (sigmoid, sigmoid_backward)}


def get_activation(name):
    """(forward, backward) pair for an activation name; ValueError lists the valid names."""
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        valid = ", ".join(repr(k) for k in ACTIVATIONS)
        raise ValueError(f"未知的激活函数 {name!r}（unknown activation）；可选：{valid}") from None
