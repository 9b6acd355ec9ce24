"""The multilayer perceptron of notebook 08 in plain numpy, examples as columns.

One hidden ReLU layer and a linear output, trained on random data with the SUM of squared errors
L = Σ (Ŷ - Y)². The seed wrote this with torch and rows as examples (x @ w1); here every matrix
is the transpose of the seed's, so the numbers are the same maths in the course's layout.

``backward_seed`` keeps the seed's hand-written gradient on purpose: it starts from (1/m)(Ŷ - Y)
and multiplies by 1/m again, so it equals the true gradient divided by 2m² (an erratum of the source notes, shown in notebook 08).
``backward`` is the correct gradient of the sum of squares.

Conventions as in model.py / training.py: ``initialize_parameters(n_x, n_h, n_y, seed)`` with an
``init`` table ``INITS``, ``num_iterations`` for the length of a run, parameters keyed "W1", "b1", ...
Two differences, on purpose: the cache is a dict ``{"Z1": ..., "A1": ...}``, not a tuple, because
notebook 08's exercise ``mlp_backward(X, Y, Y_hat, cache, parameters)`` shows the learner
``cache["Z1"]`` (the names of the seed's code); and draws use ``default_rng`` (the notebook's
numbers were fixed with it). Old names kept as aliases: ``init_parameters``, ``INIT_SCALES``,
``train(..., epochs=...)``.
"""

import numpy as np

from ._names import pick, renamed_keywords
from .activations import relu, relu_backward
from .training import blas_limit  # BLAS threads chosen as for the cat models

__all__ = ["SIZES", "make_data", "initialize_parameters", "forward", "loss", "backward_seed",
           "backward", "train", "INITS", "mlp_losses", "init_parameters", "INIT_SCALES"]

# The seed's sizes: M examples, n_x inputs, n_h hidden ReLU units, n_y outputs.
SIZES = {"m": 64, "n_x": 1000, "n_h": 100, "n_y": 10}

# "seed": plain randn, as in the seed (weights AND biases ~ N(0, 1));
# "he": W ~ N(0, 2/n_prev) keeps the size of Z the same from layer to layer for ReLU, b = 0.
INITS = {
    "seed": lambda n_prev: 1.0,
    "he": lambda n_prev: np.sqrt(2.0 / n_prev),
}
INIT_SCALES = INITS  # the old name


def make_data(m=SIZES["m"], n_x=SIZES["n_x"], n_y=SIZES["n_y"], seed=0):
    """Random inputs and targets, both ~ N(0, 1). -> X (n_x, m), Y (n_y, m)."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n_x, m)), rng.standard_normal((n_y, m))


def initialize_parameters(n_x=SIZES["n_x"], n_h=SIZES["n_h"], n_y=SIZES["n_y"], seed=1,
                          init="seed"):
    """W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1); init "seed" (all randn) or "he"."""
    scale_of = pick(INITS, init, "初始化方式 init (initialiser)")
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_h, n_x)) * scale_of(n_x)
    W2 = rng.standard_normal((n_y, n_h)) * scale_of(n_h)
    if init == "seed":
        b1, b2 = rng.standard_normal((n_h, 1)), rng.standard_normal((n_y, 1))
    else:
        b1, b2 = np.zeros((n_h, 1)), np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


init_parameters = initialize_parameters  # the old name, kept for code written against it


def forward(X, parameters):
    """Ŷ = W2·relu(W1·X + b1) + b2. X (n_x, m) -> Ŷ (n_y, m), cache {"Z1", "A1"}."""
    Z1 = parameters["W1"] @ X + parameters["b1"]
    A1, _ = relu(Z1)
    Y_hat = parameters["W2"] @ A1 + parameters["b2"]
    return Y_hat, {"Z1": Z1, "A1": A1}


def loss(Y_hat, Y):
    """Sum (not mean) of squared errors, as in the seed. Ŷ, Y (n_y, m) -> float."""
    return float(np.sum((Y_hat - Y) ** 2))


def backward_seed(X, Y, Y_hat, cache, parameters):
    """The gradient of the Chinese notes (中文笔记), their scaling error kept on purpose: it divides
    by m twice and drops the 2 of the square, so it is the true gradient / (2 m²).
    -> grads {"dW1", "db1", "dW2", "db2"} with the shapes of the parameters."""
    m = Y.shape[1]
    dY_hat = (Y_hat - Y) / m
    dW2 = dY_hat @ cache["A1"].T / m
    db2 = np.sum(dY_hat, axis=1, keepdims=True) / m
    dZ1 = (parameters["W2"].T @ dY_hat) * (cache["Z1"] > 0)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def backward(X, Y, Y_hat, cache, parameters):
    """Gradient of loss = Σ (Ŷ - Y)²: no 1/m anywhere, a factor 2 from the square.
    -> grads {"dW1", "db1", "dW2", "db2"} with the shapes of the parameters."""
    dY_hat = 2.0 * (Y_hat - Y)
    dW2 = dY_hat @ cache["A1"].T
    db2 = np.sum(dY_hat, axis=1, keepdims=True)
    dZ1 = relu_backward(parameters["W2"].T @ dY_hat, cache["Z1"])
    dW1 = dZ1 @ X.T
    db1 = np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@renamed_keywords(epochs="num_iterations")
def train(X, Y, parameters, learning_rate, num_iterations, backward=backward):
    """Full-batch gradient descent. -> (parameters, losses), losses[t] = loss before step t.
    Stops early (losses shorter than num_iterations) if the loss stops being finite."""
    params = {k: v.copy() for k, v in parameters.items()}
    losses = []
    # A diverging run overflows on its way to inf; that is the result to report, not a warning.
    with np.errstate(over="ignore", invalid="ignore"), blas_limit():
        for _ in range(num_iterations):
            Y_hat, cache = forward(X, params)
            losses.append(loss(Y_hat, Y))
            if not np.isfinite(losses[-1]):
                break
            grads = backward(X, Y, Y_hat, cache, params)
            params = {k: params[k] - learning_rate * grads["d" + k] for k in params}
    return params, losses


@renamed_keywords(epochs="num_iterations")
def mlp_losses(init="he", learning_rate=1e-4, gradient="true", num_iterations=400):
    """Loss per iteration of notebook 08's MLP on its fixed data (make_data(), init seed 1).
    gradient "true" (correct) or "seed" (the seed's, / 2m²). A run that blows up stops early."""
    step = pick({"true": backward, "seed": backward_seed}, gradient, "梯度版本 gradient")
    X, Y = make_data()
    return train(X, Y, initialize_parameters(init=init), learning_rate, num_iterations, step)[1]
