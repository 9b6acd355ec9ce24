"""What real learners wrote, rewritten here as our own variants (issue 21, item 5).

37 public repositories of solutions to the original course's two C1W4 assignments ("Building your
Deep Neural Network: Step by Step" and "Deep Neural Network - Application") were read for this
(about 31 independent solutions: several repositories copy a popular one). No learner's code is in
this file: each pattern below is our own function doing what those solutions did. Counts are
"solutions doing it / solutions implementing the function" (N = 31 to 36).

Legitimate (must pass):
- zeros written as np.zeros((n,1)) 27, np.zeros(shape=(n,1)) 6, np.zeros([n,1]) 1; the 0.01 as
  np.multiply 1 or .01 1 (initialize_parameters, N=33); L = len(dims)-1 with range(1, L+1) 1,
  f-string keys 2 (initialize_parameters_deep, N=34);
- np.dot(W, A) 32, W.dot(A) 3, np.add 1 (linear_forward, N=36); keyword calls into blocks 1;
- linear_forward inside each branch 28 / once before 4, eval dispatch 1, Z computed inline with a
  hand-built cache 2 (linear_activation_forward, N=36); a single loop choosing the activation 1
  (L_model_forward, N=36);
- cost as np.multiply+np.sum 13, * + np.sum 9, the np.dot form with squeeze 11 (a 0-d array),
  np.mean 1; a debug print left in 1 (compute_cost, N=35);
- 1/m before or after 34, cache[0]/cache[1] instead of unpacking 5 (linear_backward, N=35);
- dAL with the minus distributed 5, starting from dZ = AL - Y 1, inline sigmoid_backward 4,
  caches[-1], carrying dA_prev in a variable 2 (L_model_backward, N=35);
- range(L) with l+1 29 or range(1, L+1) 6, a shallow dict copy 7, copy.deepcopy 4
  (update_parameters, N=35);
- the Application's own initialiser (seed 1, / sqrt(n[l-1])) called with one argument 31/31, the
  cost computed from the pre-update AL 1, printing the last iteration with print_cost=False 9,
  the argument named layer_dims 1 (two_layer_model / L_layer_model, N=31).

Wrong (must fail, with a hint that names the cause):
- initialize_parameters: no 0.01 2, 0.01 on W1 only 1, no seed 3, the Application's scaling pasted
  in with undefined names 1 (NameError);
- initialize_parameters_deep: the Application's initialiser in the Step-by-Step exercise 1,
  np.random.rand 1, no seed 1, a *layer_dims signature that returns {} 1;
- linear_activation_forward: a stale global linear_cache 1, an own sigmoid returning A only 1,
  "Sigmoid" spelled with a capital (a predicted UnboundLocalError: 35/36 have no else branch);
- L_model_forward: X fed to every layer (forum);
- compute_cost: m = Y.shape[0] 1, an (m, m) outer product (forum), np.dot without a transpose
  (forum), the (1 - Y) term dropped (forum);
- linear_backward: db squeezed to (n,) 3, db summed over everything 2, db an np.matrix 2;
- linear_activation_backward: the forward relu/sigmoid called as derivatives 1;
- L_model_backward: the pre-2018 key convention dA1..dAL 11, mixed key conventions 2 (one of them
  only on 3+ layers), dAL fed through sigmoid_backward at every layer 3 (+1 copy), sigmoid
  derivative in hidden layers 1, the output layer's dA_prev fed to every hidden layer 3 (crashes
  only on a deeper network), a constant or reversed cache index 3, range(reversed(1, L)) 1, dAL
  stored under dA{L} 1, dZ stored 1, dA0 not stored 1;
- update_parameters: new values written into the caller's dict 18, -= on the caller's arrays 6,
  updates written into parameters but the empty new_parameters returned (predicted);
- two_layer_model / L_layer_model: only parameters returned 21/31, costs recorded only when
  print_cost is true 21/31.
Not an exercise here: predict (5 learner-written versions).
"""
import copy
import linecache

import numpy as np
import pytest

import testCases as tc
from course_solutions import solution as S
from testCases import CheckFailed
from testCases.hints import text_of

PREAMBLE = """
import copy
import numpy as np
from dnn_utils import (linear_activation_backward, linear_activation_forward, linear_backward, linear_forward,
                       relu, relu_backward, sigmoid, sigmoid_backward, compute_cost, initialize_parameters,
                       update_parameters, L_model_forward, L_model_backward)
"""


def _fn(source, name, **names):
    """Run source as a notebook cell does (its lines in linecache, for tracebacks and diagnoses)."""
    source = PREAMBLE + source
    filename = f"<learner cell {name} {abs(hash(source))}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    ns = dict(names)
    exec(compile(source, filename, "exec"), ns)
    return ns[name]


# (pattern, checker, function name, source, expected: "pass" or a hint id)
PATTERNS = [
    # initialize_parameters
    ("zeros and 0.01 spelled other ways", "initialize_parameters", '''
def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(1)
    W1 = np.multiply(np.random.randn(n_h, n_x), .01)
    b1 = np.zeros(shape=(n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros([n_y, 1])
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
''', "pass"),
    ("no 0.01 on W2 only", "initialize_parameters", '''
def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(1)
    return {"W1": np.random.randn(n_h, n_x) * 0.01, "b1": np.zeros((n_h, 1)),
            "W2": np.random.randn(n_y, n_h), "b2": np.zeros((n_y, 1))}
''', "initialize_parameters.no_0_01"),
    ("seeded outside the function", "initialize_parameters", '''
def initialize_parameters(n_x, n_h, n_y):
    return {"W1": np.random.randn(n_h, n_x) * 0.01, "b1": np.zeros((n_h, 1)),
            "W2": np.random.randn(n_y, n_h) * 0.01, "b2": np.zeros((n_y, 1))}
''', "initialize_parameters.no_seed"),
    ("the Application's scaling pasted in", "initialize_parameters", '''
def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(1)
    W1 = np.random.randn(n_h, n_x) / np.sqrt(layers_dims[l - 1])
    return {"W1": W1}
''', "initialize_parameters.name_not_defined"),
    # initialize_parameters_deep
    ("L from the list, f-string keys", "initialize_parameters_deep", '''
def initialize_parameters_deep(layer_dims):
    np.random.seed(3)
    parameters, L = {}, len(layer_dims) - 1
    for l in range(1, L + 1):
        parameters[f"W{l}"] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters
''', "pass"),
    ("the Application's initialiser in the Step-by-Step exercise", "initialize_parameters_deep", '''
def initialize_parameters_deep(layer_dims):
    np.random.seed(3)
    return {k: v for l in range(1, len(layer_dims)) for k, v in (
        ("W" + str(l), np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])),
        ("b" + str(l), np.zeros((layer_dims[l], 1))))}
''', "initialize_parameters_deep.lecun"),
    ("uniform weights", "initialize_parameters_deep", '''
def initialize_parameters_deep(layer_dims):
    np.random.seed(3)
    return {k: v for l in range(1, len(layer_dims)) for k, v in (
        ("W" + str(l), np.random.rand(layer_dims[l], layer_dims[l - 1]) * 0.01),
        ("b" + str(l), np.zeros((layer_dims[l], 1))))}
''', "initialize_parameters_deep.uniform"),
    ("deep init without a seed", "initialize_parameters_deep", '''
def initialize_parameters_deep(layer_dims):
    return {k: v for l in range(1, len(layer_dims)) for k, v in (
        ("W" + str(l), np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01),
        ("b" + str(l), np.zeros((layer_dims[l], 1))))}
''', "initialize_parameters_deep.no_seed"),
    ("a *layer_dims signature given a list", "initialize_parameters_deep", '''
def initialize_parameters_deep(*layer_dims):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
''', "initialize_parameters_deep.empty"),
    # linear_forward
    ("W.dot and np.add", "linear_forward", '''
def linear_forward(A, W, b):
    return np.add(W.dot(A), b), (A, W, b)
''', "pass"),
    # linear_activation_forward
    ("eval dispatch, linear_forward once", "linear_activation_forward", '''
def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = eval(activation)(Z)
    return A, (linear_cache, activation_cache)
''', "pass"),
    ("Z inline, cache built by hand", "linear_activation_forward", '''
def linear_activation_forward(A_prev, W, b, activation):
    Z = np.dot(W, A_prev) + b
    A = 1 / (1 + np.exp(-Z)) if activation == "sigmoid" else np.maximum(0, Z)
    return A, ((A_prev, W, b), Z)
''', "pass"),
    ("a stale global linear_cache", "linear_activation_forward", '''
linear_cache = linear_forward(*[np.ones((2, 2))] * 3)[1]     # left over from an earlier cell
def linear_activation_forward(A_prev, W, b, activation):
    Z = np.dot(W, A_prev) + b
    A = 1 / (1 + np.exp(-Z)) if activation == "sigmoid" else np.maximum(0, Z)
    return A, (linear_cache, Z)
''', "linear_activation_forward.linear_cache"),
    ("an own sigmoid that returns A only", "linear_activation_forward", '''
def sigmoid(Z):
    return 1 / (1 + np.exp(-Z))
def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = sigmoid(Z) if activation == "sigmoid" else relu(Z)
    return A, (linear_cache, activation_cache)
''', "linear_activation_forward.activation_one_value"),
    ("activation names with capitals", "linear_activation_forward", '''
def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "Sigmoid":
        A, activation_cache = sigmoid(Z)
    elif activation == "ReLU":
        A, activation_cache = relu(Z)
    return A, (linear_cache, activation_cache)
''', "linear_activation_forward.activation_branch"),
    # L_model_forward
    ("one loop choosing the activation", "L_model_forward", '''
def L_model_forward(X, parameters):
    A, caches, L = X, [], len(parameters) // 2
    for l in range(1, L + 1):
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"],
                                             "relu" if l < L else "sigmoid")
        caches.append(cache)
    return A, caches
''', "pass"),
    ("keyword calls into a block (ours is wrong: it gets replaced)", "L_model_forward", '''
def linear_forward(A, W, b):
    return W @ A, (A, W, b)                     # no bias: this block is wrong
def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A=A_prev, W=W, b=b)
    A, activation_cache = sigmoid(Z=Z) if activation == "sigmoid" else relu(Z=Z)
    return A, (linear_cache, activation_cache)
def L_model_forward(X, parameters):
    A, caches, L = X, [], len(parameters) // 2
    for l in range(1, L + 1):
        A, cache = linear_activation_forward(A_prev=A, W=parameters["W" + str(l)], b=parameters["b" + str(l)],
                                             activation="sigmoid" if l == L else "relu")
        caches.append(cache)
    return A, caches
''', "pass"),
    ("X fed to every layer", "L_model_forward", '''
def L_model_forward(X, parameters):
    caches, L = [], len(parameters) // 2
    for l in range(1, L + 1):
        A, cache = linear_activation_forward(X, parameters["W" + str(l)], parameters["b" + str(l)],
                                             "sigmoid" if l == L else "relu")
        caches.append(cache)
    return A, caches
''', "L_model_forward.a_prev"),
    # compute_cost
    ("the np.dot form with squeeze (a 0-d array) and a debug print", "compute_cost", '''
def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = (-1 / m) * (np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL.T)))
    print(cost)
    return np.squeeze(cost)
''', "pass"),
    ("np.mean with the minus outside", "compute_cost", '''
def compute_cost(AL, Y):
    return -np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
''', "pass"),
    ("m = Y.shape[0]", "compute_cost", '''
def compute_cost(AL, Y):
    m = Y.shape[0]
    return float(-np.sum(np.multiply(Y, np.log(AL)) + np.multiply(1 - Y, np.log(1 - AL))) / m)
''', "compute_cost.missing_1_over_m"),
    ("an (m, m) outer product", "compute_cost", '''
def compute_cost(AL, Y):
    m = Y.shape[1]
    return float(-np.sum(np.dot(Y.T, np.log(AL)) + np.dot((1 - Y).T, np.log(1 - AL))) / m)
''', "compute_cost.outer_product"),
    ("np.dot without a transpose", "compute_cost", '''
def compute_cost(AL, Y):
    m = Y.shape[1]
    return float(np.squeeze(-(np.dot(Y, np.log(AL)) + np.dot(1 - Y, np.log(1 - AL))) / m))
''', "compute_cost.dot_shapes"),
    ("the (1 - Y) term dropped", "compute_cost", '''
def compute_cost(AL, Y):
    return float(-np.sum(Y * np.log(AL)) / Y.shape[1])
''', "compute_cost.missing_term"),
    # linear_backward
    ("1/m in front, cache by index", "linear_backward", '''
def linear_backward(dZ, cache):
    m = cache[0].shape[1]
    return np.dot(cache[1].T, dZ), (1 / m) * np.dot(dZ, cache[0].T), (1 / m) * np.sum(dZ, axis=1, keepdims=True)
''', "pass"),
    ("db squeezed", "linear_backward", '''
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    return W.T @ dZ, dZ @ A_prev.T / m, np.squeeze(np.sum(dZ, axis=1, keepdims=True) / m)
''', "linear_backward.keepdims"),
    ("db summed over everything", "linear_backward", '''
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    return W.T @ dZ, dZ @ A_prev.T / m, np.sum(dZ) / m
''', "linear_backward.sum_all"),
    ("db an np.matrix", "linear_backward", '''
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    return W.T @ dZ, dZ @ A_prev.T / m, np.sum(np.matrix(dZ), axis=1) / m
''', "linear_backward.matrix"),
    # linear_activation_backward
    ("eval dispatch of the derivative", "linear_activation_backward", '''
def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    return linear_backward(eval(activation + "_backward")(dA, activation_cache), linear_cache)
''', "pass"),
    ("the forward functions called as derivatives", "linear_activation_backward", '''
def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    dZ = relu(dA, activation_cache) if activation == "relu" else sigmoid(dA, activation_cache)
    return linear_backward(dZ, linear_cache)
''', "linear_activation_backward.forward_as_derivative"),
]

LMB = '''
def L_model_backward(AL, Y, caches):
    grads, L = {}, len(caches)
    <BODY>
    return grads
'''


def _lmb(body):
    return LMB.replace("<BODY>", "\n    ".join(body.strip().splitlines()))


PATTERNS += [
    ("minus distributed, inline sigmoid_backward, caches[-1], carried dA", "L_model_backward", _lmb('''
dAL = -Y / AL + (1 - Y) / (1 - AL)
linear_cache, Z = caches[-1]
dA, grads["dW" + str(L)], grads["db" + str(L)] = linear_backward(sigmoid_backward(dAL, Z), linear_cache)
grads["dA" + str(L - 1)] = dA
for l in reversed(range(L - 1)):
    dA, grads["dW" + str(l + 1)], grads["db" + str(l + 1)] = linear_activation_backward(dA, caches[l], "relu")
    grads["dA" + str(l)] = dA
'''), "pass"),
    ("the pre-2018 key convention", "L_model_backward", _lmb('''
dA = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
for l in range(L, 0, -1):
    dA, grads["dW" + str(l)], grads["db" + str(l)] = linear_activation_backward(
        dA, caches[l - 1], "sigmoid" if l == L else "relu")
    grads["dA" + str(l)] = dA
'''), "L_model_backward.dA_index"),
    ("keys written in one convention, read in the other", "L_model_backward", _lmb('''
dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
grads["dA" + str(L)], grads["dW" + str(L)], grads["db" + str(L)] = linear_activation_backward(dAL, caches[L - 1], "sigmoid")
for l in reversed(range(L - 1)):
    grads["dA" + str(l)], grads["dW" + str(l + 1)], grads["db" + str(l + 1)] = linear_activation_backward(
        grads["dA" + str(l + 1)], caches[l], "relu")
'''), "L_model_backward.dA_key"),
    ("keys mixed so that they work on two layers only", "L_model_backward", _lmb('''
dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
grads["dA" + str(L)], grads["dW" + str(L)], grads["db" + str(L)] = linear_activation_backward(dAL, caches[L - 1], "sigmoid")
for l in reversed(range(L - 1)):
    grads["dA" + str(l)], grads["dW" + str(l + 1)], grads["db" + str(l + 1)] = linear_activation_backward(
        grads["dA" + str(l + 2)], caches[l], "relu")
'''), "L_model_backward.mixed_key_conventions"),
    ("dAL fed through sigmoid_backward at every layer", "L_model_backward", _lmb('''
dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
for l in reversed(range(L)):
    linear_cache, Z = caches[l]
    grads["dA" + str(l)], grads["dW" + str(l + 1)], grads["db" + str(l + 1)] = linear_backward(
        sigmoid_backward(dAL, Z), linear_cache)
'''), "L_model_backward.dAL_every_layer"),
    ("the sigmoid derivative in hidden layers", "L_model_backward", _lmb('''
dA = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
for l in reversed(range(L)):
    dA, grads["dW" + str(l + 1)], grads["db" + str(l + 1)] = linear_activation_backward(dA, caches[l], "sigmoid")
    grads["dA" + str(l)] = dA
'''), "L_model_backward.hidden_sigmoid"),
    ("a constant cache index", "L_model_backward", _lmb('''
dA = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
dA, grads["dW" + str(L)], grads["db" + str(L)] = linear_activation_backward(dA, caches[L - 1], "sigmoid")
grads["dA" + str(L - 1)] = dA
for l in reversed(range(L - 1)):
    dA, grads["dW" + str(l + 1)], grads["db" + str(l + 1)] = linear_activation_backward(dA, caches[0 * l + 1], "relu")
    grads["dA" + str(l)] = dA
'''), "L_model_backward.cache_index"),
    ("range(reversed(...))", "L_model_backward", _lmb('''
dA = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
for l in range(reversed(1, L)):
    pass
'''), "L_model_backward.reversed_args"),
    ("dAL stored as well", "L_model_backward", _lmb('''
grads["dA" + str(L)] = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
dA = grads["dA" + str(L)]
for l in range(L, 0, -1):
    dA, grads["dW" + str(l)], grads["db" + str(l)] = linear_activation_backward(
        dA, caches[l - 1], "sigmoid" if l == L else "relu")
    grads["dA" + str(l - 1)] = dA
'''), "L_model_backward.stores_dAL"),
    ("dA0 not stored", "L_model_backward", _lmb('''
dA = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
for l in range(L, 0, -1):
    dA, grads["dW" + str(l)], grads["db" + str(l)] = linear_activation_backward(
        dA, caches[l - 1], "sigmoid" if l == L else "relu")
    if l > 1:
        grads["dA" + str(l - 1)] = dA
'''), "L_model_backward.no_dA0"),
    # update_parameters
    ("range(L) with l + 1, np.subtract, a shallow copy", "update_parameters", '''
def update_parameters(parameters, grads, learning_rate):
    new_parameters = parameters.copy()
    for l in range(len(parameters) // 2):
        for p in "Wb":
            key = p + str(l + 1)
            new_parameters[key] = np.subtract(parameters[key], np.dot(learning_rate, grads.get("d" + key)))
    return new_parameters
''', "pass"),
    ("a deep copy, then -= on the copies", "update_parameters", '''
def update_parameters(parameters, grads, learning_rate):
    new_parameters = copy.deepcopy(parameters)
    for key in new_parameters:
        new_parameters[key] -= learning_rate * grads["d" + key]
    return new_parameters
''', "pass"),
    ("new values written into the caller's dict", "update_parameters", '''
def update_parameters(parameters, grads, learning_rate):
    for key in list(parameters):
        parameters[key] = parameters[key] - learning_rate * grads["d" + key]
    return parameters
''', "update_parameters.mutated_input"),
    ("-= on the caller's arrays", "update_parameters", '''
def update_parameters(parameters, grads, learning_rate):
    for key in parameters:
        parameters[key] -= learning_rate * grads["d" + key]
    return dict(parameters)
''', "update_parameters.mutated_input"),
    ("updates written into parameters, new_parameters returned empty", "update_parameters", '''
def update_parameters(parameters, grads, learning_rate):
    new_parameters = {}
    for l in range(1, len(parameters) // 2 + 1):
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return new_parameters
''', "update_parameters.empty"),
]

TRAIN = '''
def initialize_parameters_deep(layer_dims):     # the Application's helper: seed 1, / sqrt(n[l-1])
    np.random.seed(1)
    return {k: v for l in range(1, len(layer_dims)) for k, v in (
        ("W" + str(l), np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])),
        ("b" + str(l), np.zeros((layer_dims[l], 1))))}

def L_layer_model_snapshots(X, Y, layer_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False,
                            every=100):
    np.random.seed(1)
    costs, snapshots = [], {}
    parameters = initialize_parameters_deep(layer_dims)
    for i in range(0, num_iterations):
        if i % every == 0:
            snapshots[i] = parameters
        AL, caches = L_model_forward(X, parameters)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)
        cost = compute_cost(AL, Y)                # from the AL before the update: the same number
        <RECORD>
        if print_cost and i % 100 == 0 or i == num_iterations - 1:
            print("Cost after iteration {}: {}".format(i, np.squeeze(cost)))
    snapshots[num_iterations] = parameters
    <RETURN>
'''


def _train(record="if i % 100 == 0:\n            costs.append(cost)", returned="return parameters, costs, snapshots"):
    return TRAIN.replace("<RECORD>", record).replace("<RETURN>", returned)


PATTERNS += [
    ("the Application's model and initialiser, layer_dims, a final print", "L_layer_model_snapshots", _train(),
     "pass"),
    ("only parameters returned", "L_layer_model_snapshots", _train(returned="return parameters"),
     "L_layer_model_snapshots.wrong_count"),
    ("the Application's (parameters, costs) kept, snapshots not returned", "L_layer_model_snapshots",
     _train(returned="return parameters, costs"), "L_layer_model_snapshots.wrong_count"),
    ("the Application's signature, without every", "L_layer_model_snapshots",
     _train().replace(",\n                            every=100):", "):").replace("i % every", "i % 100"),
     "L_layer_model_snapshots.missing_every"),
    ("costs recorded only when printing", "L_layer_model_snapshots",
     _train(record="if print_cost and i % 100 == 0:\n            costs.append(cost)"),
     "L_layer_model_snapshots.costs_only_when_printing"),
]


@pytest.mark.parametrize("pattern, exercise, source, expected", PATTERNS, ids=[p[0] for p in PATTERNS])
def test_a_learner_pattern(pattern, exercise, source, expected, capsys):
    fn = _fn(source, exercise)
    checker = getattr(tc, f"{exercise}_test")
    if expected == "pass":
        checker(fn)
        assert f"✓ {exercise}" in capsys.readouterr().out
        return
    try:
        checker(fn)
    except CheckFailed as err:
        found = err.hint_id
    except Exception as err:          # a crash: the learner's own exception, explained
        found = getattr(err, "hint_id", None)
    else:
        pytest.fail(f"{pattern}: passed")
    assert found == expected, (pattern, found)
    assert text_of(found)


def test_keyword_calls_reach_a_replaced_block(capsys):
    """Reference blocks keep the course's parameter names, so a learner calling with keywords gets
    the replacement (and is told which of their blocks was replaced)."""
    fn = _fn(dict((p[0], p[2]) for p in PATTERNS)["keyword calls into a block (ours is wrong: it gets replaced)"],
             "L_model_forward")
    tc.L_model_forward_test(fn)
    out = capsys.readouterr().out
    assert "⚠ 你的 linear_forward" in out and "✓ L_model_forward" in out


def test_mixed_key_conventions_that_work_on_two_layers_fail_on_the_hidden_deeper_network():
    source = _lmb('''
dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
grads["dA" + str(L)], grads["dW" + str(L)], grads["db" + str(L)] = linear_activation_backward(dAL, caches[L - 1], "sigmoid")
for l in reversed(range(L - 1)):
    grads["dA" + str(l + 1)], grads["dW" + str(l + 1)], grads["db" + str(l + 1)] = linear_activation_backward(
        grads["dA" + str(l + 2)], caches[l], "relu")
grads["dA0"] = grads.pop("dA1") if L == 2 else grads["dA0"]
grads["dA1"] = grads.pop("dA2") if L == 2 else grads["dA1"]
''')
    with pytest.raises(KeyError) as info:
        tc.L_model_backward_test(_fn(source, "L_model_backward"))
    notes = "\n".join(info.value.__notes__)
    assert info.value.hint_id == "L_model_backward.dA_key" and "不公开" in notes and "L = 3 层" in notes


def test_every_cost_type_learners_return_is_accepted_and_a_column_is_not():
    for as_type in (float, np.float64, np.array):
        tc.compute_cost_test(lambda AL, Y, t=as_type: t(S("compute_cost")(AL, Y)))
    with pytest.raises(CheckFailed) as info:
        tc.compute_cost_test(lambda AL, Y: np.array([[S("compute_cost")(AL, Y)]]))
    assert info.value.hint_id == "compute_cost.squeeze"


def test_the_caller_keeps_its_parameters_after_a_shallow_copy():
    params, grads, lr = tc.update_parameters_test_case()
    before = copy.deepcopy(params)
    _fn(dict((p[0], p[2]) for p in PATTERNS)["range(L) with l + 1, np.subtract, a shallow copy"],
        "update_parameters")(params, grads, lr)
    assert all(np.array_equal(params[k], before[k]) for k in params)
