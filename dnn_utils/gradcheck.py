"""Gradient checking: centred finite differences in float64 and the relative error.

Rule of thumb for float64 with eps = 1e-6 on smooth inputs: relative error < 1e-7 is right,
> 1e-3 is a bug. Keep inputs away from the ReLU kink (|z| > eps) or the check itself is wrong.
"""
import numpy as np

from .model import L_model_forward, compute_cost

__all__ = ["relative_error", "numerical_gradient", "check_network_gradients"]


def relative_error(a, b):
    """|a - b| / max(|a| + |b|, tiny): 0 when equal, about 1 when unrelated; inf when either
    side has a nan or inf (so a broken gradient can never look like a perfect one)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return float("inf")
    num = np.linalg.norm(a - b)
    den = np.linalg.norm(a) + np.linalg.norm(b)
    return float(num / den) if den > 0 else 0.0


def numerical_gradient(f, x, eps=1e-6):
    """Centred differences of a scalar function f at array x (perturbed in place, then restored).
    x (any shape) -> gradient (same shape)."""
    x = np.asarray(x)
    grad = np.zeros(x.shape, dtype=float)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + eps
        plus = f()
        x[i] = old - eps
        minus = f()
        x[i] = old
        grad[i] = (plus - minus) / (2 * eps)
    return grad


def check_network_gradients(parameters, grads, X, Y, n_directions=5, eps=1e-6, seed=0,
                            forward=L_model_forward, cost=compute_cost):
    """Compare analytic grads with centred differences of the cost along random directions
    (one scalar check per direction, so it stays fast for large networks).
    Returns the largest relative error over the directions."""
    rng = np.random.default_rng(seed)
    keys = [k for k in parameters]
    worst = 0.0
    for _ in range(n_directions):
        direction = {k: rng.standard_normal(parameters[k].shape) for k in keys}

        def J(t):
            shifted = {k: parameters[k] + t * direction[k] for k in keys}
            return cost(forward(X, shifted)[0], Y)

        numeric = (J(eps) - J(-eps)) / (2 * eps)
        analytic = sum(float(np.sum(grads["d" + k] * direction[k])) for k in keys)
        err = relative_error(numeric, analytic)
        # max(worst, nan) would keep worst: a non-finite error is the worst possible
        worst = err if not np.isfinite(err) or err > worst else worst
    return worst
