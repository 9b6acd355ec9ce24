"""Exceptions inside learner code get a cause (issue 21, item 2): the learner's own exception, with
its traceback, a note naming the cause and ``err.hint_id = "<exercise>.<cause>"`` for the grader.
One learner function per row of testCases.crashes, written as a learner would; each must raise its
own exception type and be explained by that row."""
import linecache

import numpy as np
import pytest

import testCases
from testCases.hints import text_of

LEARNER_CELL = "<learner cell {}>"


def _defs(source, name):
    """Compile source as a notebook cell does (its lines are in linecache for tracebacks)."""
    filename = LEARNER_CELL.format(name)
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    ns = {"np": np}
    exec(compile(source, filename, "exec"), ns)
    return ns[name]


# (checker, function name, source, exception type, hint id)
CRASHES = [
    ("forward_single_test", "forward_single", '''
def forward_single(x, parameters):
    L = len(parameters) // 2
    a = x
    for l in range(L):                                   # layers start at 1
        z = parameters["W" + str(l)] @ a + parameters["b" + str(l)]
        a = 1 / (1 + np.exp(-z)) if l == L else np.maximum(0, z)
    return a
''', KeyError, "forward_single.layer_zero"),
    ("forward_single_test", "forward_single", '''
def forward_single(x, parameters):
    L = len(parameters) / 2
    a = x
    for l in range(1, L + 1):
        z = parameters["W" + str(l)] @ a + parameters["b" + str(l)]
        a = 1 / (1 + np.exp(-z)) if l == L else np.maximum(0, z)
    return a
''', TypeError, "forward_single.float_count"),
    ("forward_single_test", "forward_single", '''
def forward_single(x, parameters):
    a = x
    for l in range(1, 6):                                # the second public network has 5 layers
        z = parameters["W" + str(l)] @ a + parameters["b" + str(l)]
        a = 1 / (1 + np.exp(-z)) if l == 5 else np.maximum(0, z)
    return a
''', KeyError, "forward.hard_coded_l"),
    ("forward_vectorized_test", "forward_vectorized", '''
def forward_vectorized(examples, parameters):
    L = len(parameters) // 2
    A = np.column_stack(examples)
    for l in range(1, L + 1):
        Z = parameters["W" + str(l)] @ A + parameters["b" + str(l)]
        if l == L:
            A = 1 / (1 + np.exp(-Z))
        elif Z > 0:
            A = Z
        else:
            A = 0 * Z
    return A
''', ValueError, "forward_vectorized.if_on_array"),
    ("layer_dims_from_parameters_test", "layer_dims_from_parameters", '''
def layer_dims_from_parameters(parameters):
    dims = [parameters["W1"].shape(1)]                       # shape is a tuple, not a function
    return dims
''', TypeError, "layer_dims_from_parameters.shape_call"),
    ("layer_dims_from_parameters_test", "layer_dims_from_parameters", '''
def layer_dims_from_parameters(parameters):
    L = len(parameters) // 2
    return [parameters["W1"].shape[1]] + [parameters["W" + str(l)].shape[0] for l in range(L)]   # no W0
''', KeyError, "layer_dims_from_parameters.layer_zero"),
    ("activation_entry_test", "activation_entry", '''
def activation_entry(activations, l, i, k):
    return activations[l][i, k]
''', IndexError, "activation_entry.index_out_of_range"),
    ("parity_network_test", "parity_network", '''
def parity_network(n, gain=20.0):
    b1 = -np.arange(1, n).reshape(n, 1)
    return {"W1": np.ones((n, n)), "b1": b1}
''', ValueError, "parity_network.reshape"),
    ("backward_pass_test", "backward_pass", '''
from dnn_utils import autograd as ag
def backward_pass(output, gradient):
    grads = {id(output): gradient}
    for t in ag.topological_order(output):                # inputs first: their gradient has not arrived
        g = grads.pop(id(t))
''', KeyError, "backward_pass.key_order"),
    ("activation_entry_test", "activation_entry", '''
def activation_entry(activations, l, i, k):
    return activations[l, k - 1, i - 1]
''', TypeError, "activation_entry.list_with_tuple_index"),
    ("first_bad_layer_test", "first_bad_layer", '''
def first_bad_layer(parameters, layer_dims):
    want = {}
    for l in range(1, len(layer_dims)):
        want["W" + str(l)] = (layer_dims[l + 1], layer_dims[l])   # shifted by one: past the end at l = L
    for l in range(1, len(layer_dims)):
        if np.shape(parameters["W" + str(l)]) != want["W" + str(l)]:
            return l
''', IndexError, "first_bad_layer.index_past_end"),
    ("first_bad_layer_test", "first_bad_layer", '''
def first_bad_layer(parameters, layer_dims):
    for l in range(1, len(layer_dims)):
        W, b = parameters["W" + str(l)], parameters["b" + str(l)]   # a missing key raises
        if W.shape != (layer_dims[l], layer_dims[l - 1]) or b.shape != (layer_dims[l], 1):
            return l
''', KeyError, "first_bad_layer.missing_key"),
    ("first_bad_layer_test", "first_bad_layer", '''
def first_bad_layer(parameters, layer_dims):
    for l in range(1, len(layer_dims) + 1):                  # one layer too many
        if "W" + str(l) not in layer_dims and parameters["W" + str(l)].shape[0] != layer_dims[l]:
            return l
''', KeyError, "first_bad_layer.loop_past_end"),
    ("parity_counts_test", "parity_counts", '''
import math
def parity_counts(n):
    return n - 1, int(math.log2(n - 1)) + 1, 2 ** (n - 1)
''', ValueError, "parity_counts.log_of_zero"),
    ("initialize_parameters_test", "initialize_parameters", '''
def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(1)
    W1 = np.random.randn((n_h, n_x)) * 0.01
    return {"W1": W1}
''', TypeError, "initialize_parameters.randn_tuple"),
    ("initialize_parameters_test", "initialize_parameters", '''
def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(1)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros(n_h, 1)
    return {"W1": W1, "b1": b1}
''', TypeError, "initialize_parameters.zeros_two_args"),
    ("initialize_parameters_deep_test", "initialize_parameters_deep", '''
def initialize_parameters_deep(layer_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layer_dims) + 1):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
''', IndexError, "initialize_parameters_deep.index_past_end"),
    ("linear_forward_test", "linear_forward", '''
def linear_forward(A, W, b):
    return np.dot(A, W) + b, (A, W, b)
''', ValueError, "linear_forward.shape_error"),
    ("linear_activation_forward_test", "linear_activation_forward", '''
from dnn_utils import linear_forward, sigmoid, relu
def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "Sigmoid":
        A, activation_cache = sigmoid(Z)
    elif activation == "Relu":
        A, activation_cache = relu(Z)
    return A, (linear_cache, activation_cache)
''', UnboundLocalError, "linear_activation_forward.activation_branch"),
    ("linear_activation_forward_test", "linear_activation_forward", '''
from dnn_utils import linear_forward, sigmoid, relu
def linear_activation_forward(A_prev, W, b, activation):
    Z = linear_forward(A_prev, W, b)
    A, activation_cache = sigmoid(Z) if activation == "sigmoid" else relu(Z)
    return A, (Z[1], activation_cache)
''', ValueError, "linear_activation_forward.unpack_linear_forward"),
    ("linear_activation_forward_test", "linear_activation_forward", '''
from dnn_utils import linear_forward
def sigmoid(Z):                                          # an own sigmoid that returns A only
    return 1 / (1 + np.exp(-Z))
def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = sigmoid(Z)
    return A, (linear_cache, activation_cache)
''', ValueError, "linear_activation_forward.activation_one_value"),
    ("linear_activation_backward_test", "linear_activation_backward", '''
from dnn_utils import linear_backward, relu, sigmoid
def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    dZ = sigmoid(dA, activation_cache) if activation == "sigmoid" else relu(dA, activation_cache)
    return linear_backward(dZ, linear_cache)
''', TypeError, "linear_activation_backward.forward_as_derivative"),
    ("L_model_backward_test", "L_model_backward", '''
from dnn_utils import linear_activation_backward
def L_model_backward(AL, Y, caches):
    grads, L = {}, len(caches)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    dA_out, grads["dW" + str(L)], grads["db" + str(L)] = linear_activation_backward(dAL, caches[L - 1], "sigmoid")
    grads["dA" + str(L - 1)] = dA_out
    for l in reversed(range(L - 1)):                     # every hidden layer gets the output layer's dA_prev
        grads["dA" + str(l)], grads["dW" + str(l + 1)], grads["db" + str(l + 1)] = linear_activation_backward(
            dA_out, caches[l], "relu")
    return grads
''', ValueError, "L_model_backward.one_hidden_layer"),
    ("compute_cost_test", "compute_cost", '''
import math
def compute_cost(AL, Y):
    m = Y.shape[1]
    return -np.sum(Y * math.log(AL) + (1 - Y) * math.log(1 - AL)) / m
''', TypeError, "compute_cost.math_log"),
    ("linear_backward_test", "linear_backward", '''
def linear_backward(dZ, cache):
    A_prev, W = cache
    m = A_prev.shape[1]
    return W.T @ dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m
''', ValueError, "linear_backward.unpack"),
    ("linear_activation_backward_test", "linear_activation_backward", '''
from dnn_utils import linear_backward, relu_backward, sigmoid_backward
def linear_activation_backward(dA, cache, activation):
    dZ = (relu_backward if activation == "relu" else sigmoid_backward)(dA, cache)
    return linear_backward(dZ, cache[0])
''', ValueError, "linear_activation_backward.whole_cache"),
    ("L_model_backward_test", "L_model_backward", '''
from dnn_utils import linear_activation_backward
def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    for l in range(L, 0, -1):
        activation = "sigmoid" if l == L else "relu"
        grads["dA" + str(l - 1)], grads["dW" + str(l)], grads["db" + str(l)] = linear_activation_backward(
            grads["dA" + str(l)], caches[l - 1], activation)
    return grads
''', KeyError, "L_model_backward.dA_key"),
    ("L_model_backward_test", "L_model_backward", '''
from dnn_utils import linear_activation_backward
def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    dA = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    for l in range(L, 0, -1):
        dA, grads["dW" + str(l)], grads["db" + str(l)] = linear_activation_backward(
            dA, caches[l], "sigmoid" if l == L else "relu")
        grads["dA" + str(l - 1)] = dA
    return grads
''', IndexError, "L_model_backward.caches_index"),
    ("update_parameters_test", "update_parameters", '''
def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    new = {}
    for l in range(L):
        new["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        new["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return new
''', KeyError, "update_parameters.layer_zero"),
    ("two_layer_model_test", "two_layer_model", '''
from dnn_utils import (compute_cost, initialize_parameters, linear_activation_backward,
                       linear_activation_forward, update_parameters)
def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    parameters = initialize_parameters(*layers_dims)
    costs = []
    for i in range(num_iterations):
        A1, cache1 = linear_activation_forward(X, parameters["W1"], parameters["b1"], "relu")
        A2, cache2 = linear_activation_forward(A1, parameters["W2"], parameters["b2"], "sigmoid")
        dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
        dA1, dW2 = linear_activation_backward(dA2, cache2, "sigmoid")
    return parameters, costs
''', ValueError, "two_layer_model.unpack"),
    ("L_layer_model_snapshots_test", "L_layer_model_snapshots", '''
from dnn_utils import L_model_forward
def initialize_parameters_deep(layer_dims):     # the learner's own, from the step-by-step notebook
    np.random.seed(3)
    return {}
def L_layer_model_snapshots(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False,
                            seed=1, init="lecun", every=100):
    parameters = initialize_parameters_deep(layers_dims, seed=seed, init=init)
    return parameters, [], {}
''', TypeError, "L_layer_model_snapshots.init_signature"),
    ("numerical_jacobian_test", "numerical_jacobian", '''
def numerical_jacobian(f, x, eps=1e-6):
    n, k = x.shape[0], f(x).shape[0]
    J = np.zeros((k, n))
    for j in range(n):
        e = np.zeros((n, 1))
        e[j, 0] = eps
        J[:, j] = (f(x + e) - f(x - e)) / (2 * eps)          # a (k, 1) column into a (k,) slice
    return J
''', ValueError, "numerical_jacobian.column_into_slice"),
    ("numerical_jacobian_test", "numerical_jacobian", '''
def numerical_jacobian(f, x, eps=1e-6):
    n, k = x.shape[0], f(x).shape[0]
    J = np.zeros((k, n))
    for j in range(n):
        xp, xm = x.copy(), x.copy()
        xp[0, j] += eps
        xm[0, j] -= eps
        J[:, j] = ((f(xp) - f(xm)) / (2 * eps)).ravel()
    return J
''', IndexError, "numerical_jacobian.x_is_a_column"),
    ("dz_all_layers_test", "dz_all_layers", '''
from dnn_utils import relu
def dz_all_layers(dZL, caches):
    L = len(caches)
    dZ = {L: dZL}
    for l in range(L - 1, 0, -1):
        (_, W_next, _), _ = caches[l]
        dZ[l] = (W_next.T @ dZ[l + 1]) * (relu(caches[l - 1][1]) > 0)   # dnn_utils.relu returns (A, cache)
    return dZ
''', TypeError, "dz_all_layers.activation_tuple"),
    ("dz_all_layers_test", "dz_all_layers", '''
def dz_all_layers(dZL, caches):
    L = len(caches)
    dZ = {L: dZL}
    for l in range(1, L):                                   # from the input up: dZ[l + 1] is not there yet
        dZ[l] = (caches[l][0][1].T @ dZ[l + 1]) * (caches[l - 1][1] > 0)
    return dZ
''', KeyError, "dz_all_layers.loop_direction"),
    ("dz_all_layers_test", "dz_all_layers", '''
def dz_all_layers(dZL, caches):
    L = len(caches)
    dZ = {L: dZL}
    for l in range(L - 1, 0, -1):
        W_next = caches[l + 1][0][1]                         # one past: layer l + 1 is caches[l]
        dZ[l] = (W_next.T @ dZ[l + 1]) * (caches[l - 1][1] > 0)
    return dZ
''', IndexError, "dz_all_layers.caches_index"),
    ("row_layout_gradients_test", "row_layout_gradients", '''
def row_layout_gradients(G, A_prev, W):
    return np.dot(W.T, G), np.dot(G, A_prev.T), np.sum(G, axis=1, keepdims=True)   # the column layout's
''', ValueError, "row_layout_gradients.shape_error"),
    ("backward_pass_test", "backward_pass", '''
from dnn_utils import autograd as ag
def backward_pass(output, gradient):
    grads = {id(output): gradient}
    for t in reversed(ag.topological_order(output)):
        g = grads.pop(id(t))
        for parent, pg in zip(t.grad_fn.parents, t.grad_fn.apply(g)):
            grads[id(parent)] = grads[id(parent)] + pg if id(parent) in grads else pg
''', AttributeError, "backward_pass.leaf_grad_fn"),
    ("backward_pass_test", "backward_pass", '''
from dnn_utils import autograd as ag
def backward_pass(output, gradient):
    grads = {id(output): gradient}
    for t in reversed(ag.topological_order(output)):
        g = grads.pop(id(t))
        if t.is_leaf:
            t.grad = ag.tensor(t.grad.data + g)
            continue
        for parent, pg in zip(t.grad_fn.parents, t.grad_fn.apply(g)):
            if parent.requires_grad:
                pg = ag.sum_to_shape(pg, parent.shape)
                grads[id(parent)] = grads[id(parent)] + pg if id(parent) in grads else pg
''', AttributeError, "backward_pass.grad_none"),
    ("backward_pass_test", "backward_pass", '''
from dnn_utils import autograd as ag
def backward_pass(output, gradient):
    def visit(t, g):
        if t.is_leaf:
            t.grad = ag.tensor(g) if t.grad is None else ag.tensor(t.grad.data + g)
            return
        for parent, pg in zip(t.grad_fn.parents, t.grad_fn.apply(g)):
            if parent.requires_grad:
                visit(parent, ag.sum_to_shape(pg, parent.shape))
    visit(output, gradient)
''', RecursionError, "backward_pass.recursion"),
    ("mm_t_backward_test", "mm_t_backward", '''
def mm_t_backward(grad, a, b):
    if a.shape != b.shape:                               # the rule of Z = a @ b on rectangles
        return grad @ b.T, a.T @ grad
    return grad @ b, grad.T @ a
''', ValueError, "mm_t_backward.shape_error"),
    ("mm_t_backward_test", "mm_t_backward", '''
def mm_t_backward(grad, a, b):
    return grad @ b, grad.t() @ a                        # .t() is the engine's tensor method
''', AttributeError, "mm_t_backward.t_on_array"),
    ("mm_t_backward_test", "mm_t_backward", '''
def mm_t_backward(grad, a, b):
    return grad @ b, grad.T() @ a                        # .T is an attribute
''', TypeError, "mm_t_backward.transpose_called"),
    ("mlp_backward_test", "mlp_backward", '''
def mlp_backward(X, Y, Y_hat, cache, parameters):
    dY_hat = 2 * (cache["Z2"] - Y)
    return {}
''', KeyError, "mlp_backward.cache_keys"),
    ("refine_candidates_test", "refine_candidates", '''
def refine_candidates(rates, final_costs, n):
    ok = np.isfinite(final_costs)
    i = np.flatnonzero(ok)[np.argmin(final_costs[ok])]
    return np.geomspace(rates[i - 1], rates[i + 1], n)   # no neighbour past the last rate
''', IndexError, "refine_candidates.edge_index"),
    ("refine_candidates_test", "refine_candidates", '''
def refine_candidates(rates, final_costs, n):
    i = final_costs.index(min(final_costs))              # a list's method, on an array
    return np.geomspace(rates[i - 1], rates[i + 1], n)
''', AttributeError, "refine_candidates.list_index"),
    ("dendritic_xor_weights_test", "dendritic_xor_weights", '''
def dendritic_xor_weights(threshold, decay):
    width = decay * np.ln(2)                             # numpy calls it log
    return width, width, threshold - width / 2
''', AttributeError, "dendritic_xor_weights.no_ln"),
    ("dendritic_xor_weights_test", "dendritic_xor_weights", '''
def dendritic_xor_weights(threshold, decay):
    w = (decay * np.log(2), decay * np.log(2))
    b = threshold - w / 2                                # w is the pair of weights
    return w[0], w[1], b
''', TypeError, "dendritic_xor_weights.weights_as_tuple"),
]


@pytest.mark.parametrize("checker, name, source, exc, hint_id", CRASHES,
                         ids=[f"{c[1]}-{c[4].rsplit('.', 1)[1]}" for c in CRASHES])
def test_a_crash_keeps_its_type_and_traceback_and_names_its_cause(checker, name, source, exc, hint_id):
    fn = _defs(source, name)
    with pytest.raises(exc) as info:
        getattr(testCases, checker)(fn)
    err = info.value
    notes = "\n".join(getattr(err, "__notes__", []))
    assert err.hint_id == hint_id, notes
    assert text_of(hint_id).split("：")[0][:8] in notes, notes
    assert f"你的 {name} 代码里" in notes and "见上面" not in notes
    # the learner's own frame is still in the traceback
    frames = []
    tb = err.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame.f_code.co_filename)
        tb = tb.tb_next
    assert LEARNER_CELL.format(name) in frames


def test_every_row_of_the_table_is_exercised():
    """Each cause in testCases.crashes has a learner function that triggers it (above, or among
    the learner patterns)."""
    from test_checkers_learner_patterns import PATTERNS
    from testCases import crashes
    tested = {hint_id for *_, hint_id in CRASHES} | {p[3] for p in PATTERNS if "." in p[3]}
    rows = {(ex, cause) for exercises, _, _, cause, hints, _ in crashes.ROWS for ex in exercises}
    missing = sorted(f"{ex}.{cause}" for ex, cause in rows
                     if f"{ex}.{cause}" not in tested and cause not in {t.rsplit(".", 1)[1] for t in tested})
    assert not missing, missing


def test_a_crash_only_on_the_hidden_case_names_that_network():
    """A hard-coded list of activations fits the public 3-layer network, not the hidden 4-layer one."""
    fn = _defs('''
from dnn_utils import linear_activation_forward
def L_model_forward(X, parameters):
    activations = ["relu", "relu", "sigmoid"]
    A, caches = X, []
    for l in range(1, len(parameters) // 2 + 1):
        A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)], activations[l - 1])
        caches.append(cache)
    return A, caches
''', "L_model_forward")
    with pytest.raises(IndexError) as info:
        testCases.L_model_forward_test(fn)
    err = info.value
    notes = "\n".join(err.__notes__)
    assert err.hint_id == "L_model_forward.hidden_case_error"
    assert "不公开" in notes and "L = 4 层" in notes and "L = 3 层" in notes and "写死" in notes
    assert text_of(err.hint_id)


def test_an_unexplained_crash_still_gets_an_id_with_text():
    fn = _defs("def linear_forward(A, W, b):\n    raise ZeroDivisionError('mine')\n", "linear_forward")
    with pytest.raises(ZeroDivisionError) as info:
        testCases.linear_forward_test(fn)
    assert info.value.hint_id == "linear_forward.exception" and text_of(info.value.hint_id)


def test_a_shape_hint_is_given_only_for_a_shape_error():
    """linear_forward's shape hint ("W 在左边") is not the cause of a truth-value error."""
    fn = _defs("def linear_forward(A, W, b):\n    Z = W @ A + b\n    if Z > 0:\n        pass\n"
               "    return Z, (A, W, b)\n", "linear_forward")
    with pytest.raises(ValueError) as info:
        testCases.linear_forward_test(fn)
    assert info.value.hint_id == "linear_forward.if_on_array"
    assert "W 在左边" not in "\n".join(info.value.__notes__)
