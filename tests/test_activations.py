"""The sigmoid and ReLU formulas, written once (activations.logistic, activations.rectifier), and
the places that compute with them in place (training) or for a plot (sigmoid_curve)."""
import warnings

import numpy as np

from dnn_utils import activations, training
from dnn_utils.activations import logistic, rectifier, relu, sigmoid, sigmoid_curve


def test_logistic_values_limits_and_no_overflow_warning():
    Z = np.array([[-800.0, -1.0, 0.0, 2.0, 800.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # exp(800) overflows: the limit 0 is right, no warning
        A = logistic(Z)
    np.testing.assert_allclose(A, [[0.0, 1 / (1 + np.e), 0.5, 1 / (1 + np.exp(-2.0)), 1.0]],
                               rtol=1e-15)
    np.testing.assert_array_equal(sigmoid(Z)[0], A)


def test_out_fills_the_callers_buffer():
    Z = np.linspace(-3, 3, 7).reshape(1, -1)
    buf = np.empty_like(Z)
    assert logistic(Z, out=buf) is buf
    np.testing.assert_array_equal(buf, sigmoid(Z)[0])
    assert rectifier(Z, out=buf) is buf
    np.testing.assert_array_equal(buf, relu(Z)[0])
    np.testing.assert_array_equal(buf, [[0, 0, 0, 0, 1, 2, 3]])


def test_training_computes_with_the_same_formulas(monkeypatch):
    # gradient_descent's forward goes through logistic and rectifier: break them and it changes
    rng = np.random.RandomState(0)
    X, Y = rng.randn(3, 8), (rng.rand(1, 8) > 0.5).astype(float)
    start = {"W1": rng.randn(4, 3), "b1": np.zeros((4, 1)), "W2": rng.randn(1, 4), "b2": np.zeros((1, 1))}
    right = training.gradient_descent(X, Y, start, 0.1, 3, method="direct")[1]
    flat = lambda Z, out=None: np.add(np.multiply(Z, 0.0, out=out), 0.5, out=out)  # noqa: E731
    monkeypatch.setattr(training, "logistic", flat)
    assert training.gradient_descent(X, Y, start, 0.1, 3, method="direct")[1] != right


def test_sigmoid_curve_crosses_half_at_minus_b_over_w():
    x, a = sigmoid_curve(2.0, 1.0, x=[-0.5, 0.0])
    np.testing.assert_allclose(a, [0.5, 1 / (1 + np.exp(-1.0))])
    x, a = sigmoid_curve()
    assert x.shape == a.shape == (201,) and x[0] == -6 and x[-1] == 6
    assert activations.sigmoid_curve is sigmoid_curve
