"""The whole network: initialisers, forward, cost, backward, update, predict (and, for the
widgets, one example's activations and one layer's backward block seen from inside).

Parameters are a dict ``{"W1": ..., "b1": ..., "WL": ..., "bL": ...}``; examples are columns.
Hidden layers use ReLU, the output layer a sigmoid.

Initialisers (see the course's reference values): the step-by-step exercise draws
``randn * 0.01`` after seed 3; the cat L-layer model draws ``randn / sqrt(n[l-1])`` after seed 1
(LeCun-style scaling). Both are one function with an explicit ``init`` argument, so the
difference is visible rather than hidden behind two functions of the same name. Random draws use
a local ``RandomState(seed)``: the same numbers as ``np.random.seed(seed); np.random.randn(...)``,
without touching the global random state.
"""
import numpy as np

from ._names import pick
from .activations import get_activation, relu_backward
from .layers import linear_activation_backward, linear_activation_forward

__all__ = ["initialize_parameters", "initialize_parameters_deep", "L_model_forward",
           "compute_cost", "L_model_backward", "dz_all_layers", "update_parameters", "predict", "INITS",
           "COST_EPS", "activation_of", "cost_gradient", "forward_activations", "gradient_flow"]

INITS = {
    "small": lambda n_prev: 0.01,
    "lecun": lambda n_prev: 1.0 / np.sqrt(n_prev),
}

# A saturated output (AL exactly 0 or 1) would give log(0) = -inf; clipping to [eps, 1 - eps]
# caps one example's cost at -log(1e-15) ≈ 34.5 and leaves every unsaturated value untouched.
COST_EPS = 1e-15


def initialize_parameters(n_x, n_h, n_y, seed=1):
    """Two-layer network: W1 (n_h, n_x), W2 (n_y, n_h) ~ 0.01·N(0, 1) drawn in that order, zero b."""
    rng = np.random.RandomState(seed)
    W1 = rng.randn(n_h, n_x) * 0.01
    W2 = rng.randn(n_y, n_h) * 0.01
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}


def initialize_parameters_deep(layer_dims, seed=3, init="small"):
    """L-layer network from layer_dims = [n0, n1, ..., nL]: Wl (n[l], n[l-1]), bl (n[l], 1) zeros.
    init="small": Wl = randn * 0.01 (the step-by-step exercise, seed 3);
    init="lecun": Wl = randn / sqrt(n[l-1]) (the cat L-layer model, seed 1)."""
    scale_of = pick(INITS, init, "初始化方式 init (initialiser)")
    rng = np.random.RandomState(seed)
    parameters = {}
    for l in range(1, len(layer_dims)):
        scale = scale_of(layer_dims[l - 1])
        parameters[f"W{l}"] = rng.randn(layer_dims[l], layer_dims[l - 1]) * scale
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


def activation_of(l, L):
    """Activation of layer l of L: "relu" in the hidden layers, "sigmoid" at the output."""
    return "sigmoid" if l == L else "relu"


def L_model_forward(X, parameters):
    """[LINEAR->RELU] x (L-1) -> LINEAR->SIGMOID. X (n0, m) -> AL (nL, m), caches (one per layer)."""
    L = len(parameters) // 2
    caches = []
    A = X
    for l in range(1, L + 1):
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"],
                                             activation_of(l, L))
        caches.append(cache)
    return A, caches


def compute_cost(AL, Y):
    """Cross-entropy -(1/m) Σ [y log a + (1-y) log(1-a)], safe at a = 0 or 1. AL, Y (1, m) -> float."""
    m = Y.shape[1]
    A = np.clip(AL, COST_EPS, 1.0 - COST_EPS)
    cost = -(np.dot(np.log(A), Y.T) + np.dot(np.log(1.0 - A), (1.0 - Y).T)) / m
    return float(np.squeeze(cost))


def _nonzero(x):
    return np.where(np.abs(x) < COST_EPS, COST_EPS, x)


def cost_gradient(AL, Y):
    """dAL = -(Y/AL - (1-Y)/(1-AL)), the gradient of the cost with respect to AL (times m), with
    denominators below COST_EPS in size replaced by COST_EPS. AL, Y (1, m) -> dAL (1, m)."""
    return -(Y / _nonzero(AL) - (1.0 - Y) / _nonzero(1.0 - AL))


def L_model_backward(AL, Y, caches):
    """Gradients of the cost. AL, Y (1, m), caches from L_model_forward -> grads with keys
    dA0..dA(L-1), dW1..dWL, db1..dbL (grads["dA" + str(l-1)] is the gradient of A[l-1]).
    Starts from dAL = -(Y/AL - (1-Y)/(1-AL)) as the course does, with denominators below COST_EPS
    in size replaced by COST_EPS, so a saturated output cannot divide by zero. On a real forward
    pass this equals dZ[L] = AL - Y only while |Z[L]| is below about 34.5 (where 1 - AL or AL
    drops under COST_EPS): beyond it the clipped 1/(1-AL) no longer cancels σ'(Z[L]), and for a
    confidently wrong example (Y = 0, Z[L] = 35 -> db = 0.67 instead of 1; Z[L] = 40 -> db = 0)
    the gradient vanishes exactly when it should be largest. The training loops therefore use
    dZ[L] = AL - Y, exact for every Z[L], and this function keeps the course's dAL path."""
    L = len(caches)
    Y = Y.reshape(AL.shape)
    grads = {}
    dA = cost_gradient(AL, Y)
    for l in range(L, 0, -1):
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(dA, caches[l - 1],
                                                                          activation_of(l, L))
        grads[f"dA{l - 1}"] = dA
    return grads


def dz_all_layers(dZL, caches):
    """dZ[l] for l = L, L-1, ..., 1 from the output layer's dZ[L] by the recurrence
    dZ[l] = W[l+1]^T dZ[l+1] * relu'(Z[l]) (ReLU hidden layers; layer l + 1 is caches[l]).
    dZL (n[L], m), caches from L_model_forward -> {l: dZ[l] (n[l], m)}."""
    L = len(caches)
    dZ = {L: dZL}
    for l in range(L - 1, 0, -1):
        W_next, Z = caches[l][0][1], caches[l - 1][1]
        dZ[l] = relu_backward(W_next.T @ dZ[l + 1], Z)
    return dZ


def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step, W <- W - α dW, b <- b - α db; returns a new dict (input untouched)."""
    L = len(parameters) // 2
    new = {}
    for l in range(1, L + 1):
        new[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        new[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return new


def predict(X, y, parameters, print_accuracy=False):
    """Labels 0/1 from AL > 0.5. X (n0, m), y (1, m) or None -> p (1, m) of floats 0.0 / 1.0.
    With print_accuracy=True and y given, prints "准确率 (accuracy): k/m = 0.xxxxxx"."""
    AL, _ = L_model_forward(X, parameters)
    p = (AL > 0.5).astype(float)
    if print_accuracy and y is not None:
        right = int(np.sum(p == y))
        print(f"准确率 (accuracy): {right}/{p.shape[1]} = {right / p.shape[1]:.6f}")
    return p


# Seen from inside: what one example carries forward (notebook 02) and what one layer's backward
# block takes and gives (notebook 06). The widgets draw these.

def forward_activations(x, parameters):
    """a^[0] = x, a^[1], ..., a^[L] of one example (ReLU hidden, sigmoid output), each 1-D.
    x (n0,) -> list of L + 1 arrays (n[l],)."""
    x = np.asarray(x, dtype=float).reshape(-1, 1)
    AL, caches = L_model_forward(x, parameters)
    return [linear_cache[0].ravel() for linear_cache, _ in caches] + [AL.ravel()]


def gradient_flow(layer_dims=(4, 5, 3, 1), layer=2, m=4, seed=4):
    """Backward pass of a small random network (lecun init, seed), seen at one layer: the arrays
    that go into and come out of layer `layer`'s backward block. -> dict name -> array (names like
    "dZ[2]"), in order dA[l], dZ[l], dW[l], db[l], dA[l-1]."""
    L = len(layer_dims) - 1
    if not 1 <= layer <= L:
        raise ValueError(f"layer 应在 1..{L} 之间，收到 {layer}")
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((layer_dims[0], m))
    Y = (rng.random((1, m)) < 0.5).astype(float)
    params = initialize_parameters_deep(list(layer_dims), seed=seed, init="lecun")
    AL, caches = L_model_forward(X, params)
    grads = L_model_backward(AL, Y, caches)
    dA = cost_gradient(AL, Y) if layer == L else grads[f"dA{layer}"]
    _, backward = get_activation(activation_of(layer, L))
    dZ = backward(dA, caches[layer - 1][1])
    return {f"dA[{layer}]": dA, f"dZ[{layer}]": dZ, f"dW[{layer}]": grads[f"dW{layer}"],
            f"db[{layer}]": grads[f"db{layer}"], f"dA[{layer - 1}]": grads[f"dA{layer - 1}"]}
