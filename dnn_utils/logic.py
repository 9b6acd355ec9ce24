"""Boolean functions built as networks by hand: the XOR network, and three parity networks.

Parity networks are ordinary course parameter dicts ({"W1", "b1", ...}, hidden ReLU, sigmoid
output), so ``dnn_utils.L_model_forward`` runs them. Hidden units compute exact integers on 0/1
inputs; the output unit is sigmoid(gain · (s - 1/2)) on the integer parity s, so it is within
sigmoid(-gain) of the right answer (4.54e-05 for gain 20, the same margin as the XOR network).
"""
import numpy as np

from .activations import sigmoid
from .model import L_model_forward

# The four XOR inputs as columns (the truth table's order) and their labels.
XOR_X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
XOR_Y = np.array([[0.0, 1.0, 1.0, 0.0]])

__all__ = ["xor_parameters", "xor_forward", "xor_table", "all_inputs", "parity", "parity_counts",
           "parity_tree_plan", "parity_tree_parameters", "parity_shallow_parameters",
           "parity_counting_parameters", "hidden_units", "verify_parity"]


def xor_parameters():
    """Hand-set weights of the XOR network: hidden AND and NOR units, output NOR of the two.
    -> W1 (2, 2), b1 (2, 1), W2 (1, 2), b2 (1, 1)."""
    return {"W1": np.array([[20.0, 20.0], [-20.0, -20.0]]), "b1": np.array([[-30.0], [10.0]]),
            "W2": np.array([[-20.0, -20.0]]), "b2": np.array([[10.0]])}


def xor_forward(X, parameters=None):
    """Two sigmoid layers (the XOR network when parameters is None). X (2, m) -> A2 (1, m)."""
    p = xor_parameters() if parameters is None else parameters
    A1, _ = sigmoid(p["W1"] @ np.asarray(X, dtype=float) + p["b1"])
    A2, _ = sigmoid(p["W2"] @ A1 + p["b2"])
    return A2


def xor_table(parameters):
    """The four inputs XOR_X (2, 4) and the network's outputs A2 (1, 4) for those parameters."""
    return XOR_X.copy(), xor_forward(XOR_X, parameters)


def all_inputs(n):
    """Every n-bit input as a column, in binary counting order. -> X (n, 2**n) of 0.0 / 1.0."""
    codes = np.arange(2 ** n)
    return ((codes[None, :] >> np.arange(n - 1, -1, -1)[:, None]) & 1).astype(float)


def parity(X):
    """1 where a column has an odd number of ones. X (n, m) -> (1, m) of 0.0 / 1.0."""
    return (np.sum(X, axis=0, keepdims=True) % 2).astype(float)


def parity_counts(n):
    """(XOR gates of the tree, tree depth in XOR levels, hidden units of the one-unit-per-pattern
    shallow network) = (n - 1, ceil(log2 n), 2**(n-1))."""
    return n - 1, (n - 1).bit_length(), 2 ** (n - 1)


def parity_tree_plan(n):
    """Levels of the XOR tree over n signals. Each level is a list of ("xor", i, j) gates and at
    most one ("relay", i) that carries an unpaired signal up; level t+1 numbers its signals in
    the order of level t's entries."""
    plan, width = [], n
    while width > 1:
        level = [("xor", i, i + 1) for i in range(0, width - 1, 2)]
        if width % 2:
            level.append(("relay", width - 1))
        plan.append(level)
        width = len(level)
    return plan


def _output_layer(readout, gain):
    """sigmoid(gain · (s - 1/2)) where s = readout · h is the integer parity."""
    return gain * readout, np.array([[-gain / 2]])


def parity_tree_parameters(n, gain=20.0):
    """Deep parity network: one hidden layer per level of the XOR tree, depth ceil(log2 n).
    An XOR gate of signals a, b is two ReLU units u = relu(a + b), v = relu(a + b - 1) read out
    as u - 2v; a relay is one unit relu(a). Each level's readout is folded into the next W."""
    readout = np.eye(n)  # signals as linear combinations of the previous layer's outputs
    params = {}
    for l, level in enumerate(parity_tree_plan(n), start=1):
        n_units = sum(2 if g[0] == "xor" else 1 for g in level)
        G, c = np.zeros((n_units, readout.shape[0])), np.zeros((n_units, 1))
        new_readout = np.zeros((len(level), n_units))
        u = 0
        for s, gate in enumerate(level):
            if gate[0] == "xor":
                G[[u, u + 1], gate[1]] = 1.0
                G[[u, u + 1], gate[2]] = 1.0
                c[u + 1] = -1.0
                new_readout[s, [u, u + 1]] = [1.0, -2.0]
                u += 2
            else:
                G[u, gate[1]] = 1.0
                new_readout[s, u] = 1.0
                u += 1
        params[f"W{l}"], params[f"b{l}"] = G @ readout, c
        readout = new_readout
    L = len(params) // 2 + 1
    params[f"W{L}"], params[f"b{L}"] = _output_layer(readout, gain)
    return params


def parity_shallow_parameters(n, gain=20.0):
    """One hidden layer with a unit per odd-parity pattern p (2**(n-1) units):
    relu((2p - 1)·x + 1 - |p|) is 1 at x = p and 0 at every other 0/1 input."""
    X = all_inputs(n)
    P = X[:, parity(X)[0] == 1].T  # (2**(n-1), n), one odd pattern per row
    W1 = 2.0 * P - 1.0
    b1 = 1.0 - P.sum(axis=1, keepdims=True)
    W2, b2 = _output_layer(np.ones((1, len(P))), gain)
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def parity_counting_parameters(n, gain=20.0):
    """One hidden layer of n units that count: h_j = relu(s - j), s = x_1 + ... + x_n,
    read out as h_0 - 2 h_1 + 2 h_2 - ... (a zigzag through 0, 1, 0, 1, ... at s = 0, 1, 2, ...)."""
    W1 = np.ones((n, n))
    b1 = -np.arange(n, dtype=float)[:, None]
    readout = np.where(np.arange(n) == 0, 1.0, -2.0 * (-1.0) ** (np.arange(n) + 1))[None, :]
    W2, b2 = _output_layer(readout, gain)
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def hidden_units(parameters):
    """Units in the hidden layers (every layer but the output)."""
    L = len(parameters) // 2
    return sum(parameters[f"W{l}"].shape[0] for l in range(1, L))


def verify_parity(parameters, n):
    """Run the network on all 2**n inputs. -> (number of inputs where AL > 0.5 equals the
    parity, max |AL - parity|)."""
    X = all_inputs(n)
    AL, _ = L_model_forward(X, parameters)
    y = parity(X)
    return int(np.sum((AL > 0.5) == (y == 1))), float(np.max(np.abs(AL - y)))


# Notebook 10: one neuron with a non-monotonic, dendritic activation computes XOR.
__all__ += ["dendritic_activation", "dendritic_neuron", "dendritic_xor_weights", "XOR_X", "XOR_Y"]


def dendritic_activation(Z, threshold=1.0, decay=0.5):
    """Like the dendritic calcium action potential of Gidon et al. (2020): 0 below threshold,
    largest (1) at threshold, smaller for stronger input: exp(-(z - threshold) / decay).
    Z (any shape) -> A (same shape)."""
    Z = np.asarray(Z, dtype=float)
    # maximum() keeps exp() from overflowing on the sub-threshold side that is set to 0 anyway.
    return np.where(Z >= threshold, np.exp(-np.maximum(Z - threshold, 0.0) / decay), 0.0)


def dendritic_neuron(X, w, b, threshold=1.0, decay=0.5):
    """One unit: a = dendritic_activation(w·x + b). X (n, m), w (n,) or (1, n), b scalar -> A (1, m)."""
    Z = np.reshape(w, (1, -1)) @ np.asarray(X, dtype=float) + b
    return dendritic_activation(Z, threshold, decay)


def dendritic_xor_weights(threshold=1.0, decay=0.5):
    """(w1, w2, b) with which dendritic_neuron computes XOR. The output is above 0.5 exactly in the
    band threshold <= z < threshold + decay * ln 2; with w1 = w2 = one band width and b half a band
    below the threshold, no input lies half a band below it, one input in its middle and both half
    a band above it: every z is as far from the band's edges as equal weights allow, so rounding
    never decides the answer. decay > 0 -> three floats."""
    width = decay * np.log(2.0)
    return float(width), float(width), float(threshold - width / 2)
