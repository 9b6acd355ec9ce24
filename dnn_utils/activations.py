"""Activation functions, each forward next to its backward.

Forward functions return ``(A, cache)`` with ``cache = Z``; backward functions take ``(dA, cache)``
and return ``dZ``. Everything is float64.
"""
import numpy as np

from ._names import pick

__all__ = ["sigmoid", "sigmoid_backward", "relu", "relu_backward", "ACTIVATIONS", "get_activation",
           "logistic", "rectifier", "sigmoid_curve"]


def logistic(Z, out=None):
    """The formula of the sigmoid, 1 / (1 + e^-Z), written once: sigmoid() returns it with its
    cache, training fills its own buffer with out=. Z (any shape) -> array (same shape)."""
    # exp(-Z) overflows to inf for Z < -709; 1/(1+inf) = 0 is the right limit, so the warning is noise.
    with np.errstate(over="ignore"):
        return np.divide(1.0, 1.0 + np.exp(-Z), out=out)


def rectifier(Z, out=None):
    """The formula of ReLU, max(0, Z), written once (out= as for logistic)."""
    return np.maximum(0.0, Z, out=out)


def sigmoid(Z):
    """Logistic sigmoid 1 / (1 + e^-Z). Z (n, m) -> A (n, m), cache Z."""
    Z = np.asarray(Z, dtype=float)
    return logistic(Z), Z


def sigmoid_backward(dA, cache):
    """dZ = dA * s * (1 - s) with s = sigmoid(Z). dA, Z (n, m) -> dZ (n, m)."""
    Z = cache
    s, _ = sigmoid(Z)
    return dA * s * (1.0 - s)


def relu(Z):
    """Rectified linear unit max(0, Z). Z (n, m) -> A (n, m), cache Z."""
    Z = np.asarray(Z, dtype=float)
    return rectifier(Z), Z


def relu_backward(dA, cache):
    """dZ = dA where Z > 0, else 0 (the derivative at 0 is taken as 0). dA, Z (n, m) -> dZ (n, m)."""
    Z = cache
    return np.where(Z > 0, dA, 0.0)


ACTIVATIONS = {"relu": (relu, relu_backward), "sigmoid": (sigmoid, sigmoid_backward)}


def get_activation(name):
    """(forward, backward) pair for an activation name; ValueError lists the valid names."""
    return pick(ACTIVATIONS, name, "激活函数 (activation)")


def sigmoid_curve(w=1.0, b=0.0, x=None):
    """Points of one unit a = sigmoid(w·x + b) on x (default 201 points in [-6, 6]). -> x, a."""
    x = np.linspace(-6, 6, 201) if x is None else np.asarray(x, dtype=float)
    return x, logistic(w * x + b)
