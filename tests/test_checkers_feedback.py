"""Feedback that knows the mistakes learners make (issue 21) and a house in order (issue 24):
each case the issues list, as a learner would write it. A hint is given only where the values
match that mistake; the checks never change what the learner's code means."""
import ast
import glob
import os

import numpy as np
import pytest

import dnn_utils as d
import testCases as tc
from course_solutions import solution as S
from testCases import CheckFailed
from testCases.hints import EXERCISES, GENERIC, HINTS, text_of

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _defs(source, **names):
    ns = {"np": np, **names}
    exec(source, ns)
    return ns


def fails_with_id(checker, *fns, hint_id):
    with pytest.raises(CheckFailed) as info:
        checker(*fns)
    assert info.value.hint_id == hint_id, str(info.value)
    return info.value


# --- composed checks never change the learner's meaning ------------------------------------------

# The original course's Application notebook: its helper module defines the blocks (the deep
# initialiser divides by sqrt(n[l-1]) after seed 1) and the learner's loop (here with the snapshots of
# notebook 12's exercise) has no seed/init.
APPLICATION = '''
def initialize_parameters_deep(layer_dims):
    np.random.seed(1)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters

def L_model_forward(X, parameters):
    caches, A, L = [], X, len(parameters) // 2
    for l in range(1, L):
        Z = parameters["W" + str(l)] @ A + parameters["b" + str(l)]
        caches.append(((A, parameters["W" + str(l)], parameters["b" + str(l)]), Z))
        A = np.maximum(0, Z)
    Z = parameters["W" + str(L)] @ A + parameters["b" + str(L)]
    caches.append(((A, parameters["W" + str(L)], parameters["b" + str(L)]), Z))
    return 1 / (1 + np.exp(-Z)), caches

def compute_cost(AL, Y):
    m = Y.shape[1]
    return np.squeeze(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)

def L_model_backward(AL, Y, caches):
    grads, L = {}, len(caches)
    dA = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    for l in reversed(range(L)):
        (A_prev, W, b), Z = caches[l]
        s = 1 / (1 + np.exp(-Z))
        dZ = dA * s * (1 - s) if l == L - 1 else dA * (Z > 0)
        m = A_prev.shape[1]
        grads["dW" + str(l + 1)] = dZ @ A_prev.T / m
        grads["db" + str(l + 1)] = np.sum(dZ, axis=1, keepdims=True) / m
        dA = W.T @ dZ
        grads["dA" + str(l)] = dA
    return grads

def update_parameters(parameters, grads, learning_rate):
    return {k: v - learning_rate * grads["d" + k] for k, v in parameters.items()}

def L_layer_model_snapshots(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False<SIGNATURE>,
                            every=100):
    np.random.seed(1)
    costs, snapshots = [], {}
    parameters = <INIT_CALL>
    for i in range(0, num_iterations):
        if i % every == 0:
            snapshots[i] = parameters
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)
        if i % 100 == 0:
            costs.append(cost)
    snapshots[num_iterations] = parameters
    return parameters, costs, snapshots
'''


def _application(signature="", init_call="initialize_parameters_deep(layers_dims)", **names):
    return _defs(APPLICATION.replace("<SIGNATURE>", signature).replace("<INIT_CALL>", init_call),
                 **names)["L_layer_model_snapshots"]


def test_the_original_application_with_its_own_initialiser_passes(capsys):
    tc.L_layer_model_snapshots_test(_application())
    out = capsys.readouterr().out
    assert "✓ L_layer_model_snapshots" in out and "⚠" not in out


def test_a_step_by_step_initialiser_in_the_model_is_named_not_replaced(capsys):
    def step_by_step_init(layer_dims):
        return S("initialize_parameters_deep")(layer_dims)
    fn = _application(init_call="step_by_step_init(layers_dims)", step_by_step_init=step_by_step_init)
    fails_with_id(tc.L_layer_model_snapshots_test, fn, hint_id="L_layer_model_snapshots.init_small")
    assert "⚠" not in capsys.readouterr().out


def test_a_two_layer_model_with_a_wrong_initialiser_is_judged_by_its_case(capsys):
    ns = _defs("def initialize_parameters(n_x, n_h, n_y):\n"
               "    np.random.seed(1)\n"
               "    return {'W1': np.random.randn(n_h, n_x), 'b1': np.zeros((n_h, 1)),\n"
               "            'W2': np.random.randn(n_y, n_h), 'b2': np.zeros((n_y, 1))}\n")
    S("two_layer_model").__globals__  # the notebook's namespace is not touched
    model = _defs(_TWO_LAYER_WITH_OWN_INIT, initialize_parameters=ns["initialize_parameters"])["two_layer_model"]
    err = fails_with_id(tc.two_layer_model_test, model, hint_id="two_layer_model.first_cost")
    assert "⚠" not in capsys.readouterr().out and "第 0 次迭代的代价" in str(err)


_TWO_LAYER_WITH_OWN_INIT = '''
from dnn_utils import compute_cost, linear_activation_backward, linear_activation_forward, update_parameters
def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    parameters = initialize_parameters(*layers_dims)
    costs = []
    for i in range(num_iterations):
        A1, cache1 = linear_activation_forward(X, parameters["W1"], parameters["b1"], "relu")
        A2, cache2 = linear_activation_forward(A1, parameters["W2"], parameters["b2"], "sigmoid")
        if i % 100 == 0:
            costs.append(compute_cost(A2, Y))
        dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "{back2}")
        dA0, dW1, db1 = linear_activation_backward(dA1, cache1, "{back1}")
        grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
        parameters = {k: v - learning_rate * grads["d" + k] for k, v in parameters.items()}
    return parameters, costs
'''.replace("{back2}", "sigmoid").replace("{back1}", "relu")


def test_seed_and_init_hard_coded_inside_the_model_fail():
    fn = _application(signature=", seed=1, init=\"lecun\"",
                      init_call="d.initialize_parameters_deep(layers_dims, seed=1, init=\"lecun\")", d=d)
    err = fails_with_id(tc.L_layer_model_snapshots_test, fn, hint_id="L_layer_model_snapshots.not_passed_down")
    assert "seed 和 init 没有传下去" in str(err)
    only_seed = _application(signature=", seed=1, init=\"lecun\"",
                             init_call="d.initialize_parameters_deep(layers_dims, seed=seed, init=\"lecun\")", d=d)
    err = fails_with_id(tc.L_layer_model_snapshots_test, only_seed, hint_id="L_layer_model_snapshots.not_passed_down")
    assert "init 没有传下去" in str(err) and "seed 和 init" not in str(err)
    tc.L_layer_model_snapshots_test(_application(signature=", seed=1, init=\"lecun\"",
                                       init_call="d.initialize_parameters_deep(layers_dims, seed=seed, init=init)",
                                       d=d))


def test_costs_recorded_only_when_printing_are_named():
    source = APPLICATION.replace("<SIGNATURE>", "").replace("<INIT_CALL>", "initialize_parameters_deep(layers_dims)").replace(
        "        if i % 100 == 0:\n            costs.append(cost)",
        "        if print_cost and i % 100 == 0:\n            costs.append(cost)")
    fails_with_id(tc.L_layer_model_snapshots_test, _defs(source)["L_layer_model_snapshots"],
                  hint_id="L_layer_model_snapshots.costs_only_when_printing")


# --- diagnoses that are right or silent ---------------------------------------------------------

def _two_layer(back2="sigmoid", back1="relu", update="-"):
    source = _TWO_LAYER_WITH_OWN_INIT.replace('"sigmoid")\n        dA0', f'"{back2}")\n        dA0')
    source = source.replace('(dA1, cache1, "relu")', f'(dA1, cache1, "{back1}")')
    source = source.replace("v - learning_rate", f"v {update} learning_rate")
    return _defs(source, initialize_parameters=d.initialize_parameters)["two_layer_model"]


def test_swapped_activations_in_the_backward_calls_are_not_a_sign_error():
    tc.two_layer_model_test(_two_layer())
    err = fails_with_id(tc.two_layer_model_test, _two_layer(back2="relu", back1="sigmoid"),
                        hint_id="two_layer_model.backward_activations_swapped")
    assert "dAL 的符号" not in err.hint


def test_gradient_ascent_names_both_mistakes_that_give_it():
    err = fails_with_id(tc.two_layer_model_test, _two_layer(update="+"), hint_id="two_layer_model.dA_sign")
    assert "dAL 的符号" in err.hint and "+ learning_rate * dW" in err.hint


def test_examples_reshaped_instead_of_transposed_get_the_notebook_11_hint():
    def forward_vectorized(examples, parameters):
        A = np.array(examples).reshape(-1, len(examples))
        L = len(parameters) // 2
        for l in range(1, L + 1):
            Z = parameters["W" + str(l)] @ A + parameters["b" + str(l)]
            A = 1 / (1 + np.exp(-Z)) if l == L else np.maximum(0, Z)
        return A
    err = fails_with_id(tc.forward_vectorized_test, forward_vectorized,
                        hint_id="forward_vectorized.reshape_not_transpose")
    assert "第 11 讲" in err.hint


def test_a_matrix_after_squeeze_is_not_told_to_squeeze():
    def compute_cost(AL, Y):
        m = Y.shape[1]
        cost = -(np.asmatrix(Y) * np.log(AL).T + np.asmatrix(1 - Y) * np.log(1 - AL).T) / m
        return np.squeeze(cost)               # a matrix stays 2-D
    err = fails_with_id(tc.compute_cost_test, compute_cost, hint_id="compute_cost.matrix")
    assert "np.matrix" in err.hint


def test_an_extra_L_key_is_not_the_loop_range():
    def initialize_parameters_deep(layer_dims):
        parameters = S("initialize_parameters_deep")(layer_dims)
        parameters["L"] = len(layer_dims) - 1
        return parameters
    fails_with_id(tc.initialize_parameters_deep_test, initialize_parameters_deep,
                  hint_id="initialize_parameters_deep.extra_keys")

    def from_zero(layer_dims):
        np.random.seed(3)
        return {k: v for l in range(len(layer_dims) - 1)
                for k, v in (("W" + str(l), np.random.randn(layer_dims[l + 1], layer_dims[l]) * 0.01),
                             ("b" + str(l), np.zeros((layer_dims[l + 1], 1))))}
    fails_with_id(tc.initialize_parameters_deep_test, from_zero, hint_id="initialize_parameters_deep.layer_zero")


def test_centring_X_in_place_is_named_as_a_changed_input():
    def L_model_forward(X, parameters):
        X -= np.mean(X, axis=1, keepdims=True)
        return S("L_model_forward")(X, parameters)
    err = fails_with_id(tc.L_model_forward_test, L_model_forward, hint_id="L_model_forward.mutated_input")
    assert "X" in str(err)

    def centred_copy(X, parameters):
        return S("L_model_forward")(X - np.mean(X, axis=1, keepdims=True), parameters)
    err = fails_with_id(tc.L_model_forward_test, centred_copy, hint_id="L_model_forward.wrong_value")
    assert err.hint is None       # no mistake it matches: no hint rather than a wrong one


def test_seeds_are_diagnosed_by_what_the_function_does():
    def unseeded(n_x, n_h, n_y):
        return {"W1": np.random.randn(n_h, n_x) * 0.01, "b1": np.zeros((n_h, 1)),
                "W2": np.random.randn(n_y, n_h) * 0.01, "b2": np.zeros((n_y, 1))}
    fails_with_id(tc.initialize_parameters_test, unseeded, hint_id="initialize_parameters.no_seed")

    def seed_2(n_x, n_h, n_y):
        np.random.seed(2)
        return unseeded(n_x, n_h, n_y)
    fails_with_id(tc.initialize_parameters_test, seed_2, hint_id="initialize_parameters.seed")


# --- aliasing and in-place updates ----------------------------------------------------------------

def _backward_pass(accumulate):
    source = f'''
from dnn_utils import autograd as ag
def backward_pass(output, gradient):
    grads = {{id(output): gradient}}
    for t in reversed(ag.topological_order(output)):
        g = grads.pop(id(t))
        if t.is_leaf:
            t.grad = ag.tensor(g) if t.grad is None else ag.tensor(t.grad.data + g)
            continue
        for parent, pg in zip(t.grad_fn.parents, t.grad_fn.apply(g)):
            if parent.requires_grad:
                pg = ag.sum_to_shape(pg, parent.shape)
                if id(parent) in grads:
                    {accumulate}
                else:
                    grads[id(parent)] = pg
'''
    return _defs(source)["backward_pass"]


def test_accumulating_in_place_fails_and_names_it(capsys):
    tc.backward_pass_test(_backward_pass("grads[id(parent)] = grads[id(parent)] + pg"))
    assert "✓ backward_pass" in capsys.readouterr().out
    fails_with_id(tc.backward_pass_test, _backward_pass("grads[id(parent)] += pg"),
                  hint_id="backward_pass.in_place_accumulation")


def test_three_uses_of_one_tensor_and_the_callers_gradient():
    from dnn_utils import autograd as ag
    x = ag.tensor(2.0, requires_grad=True)
    gradient = np.array(1.0)
    _backward_pass("grads[id(parent)] += pg")(x + x + x, gradient)
    assert x.grad.item() == 4.0 and gradient == 4.0          # what the check must catch
    x = ag.tensor(2.0, requires_grad=True)
    gradient = np.array(1.0)
    _backward_pass("grads[id(parent)] = grads[id(parent)] + pg")(x + x + x, gradient)
    assert x.grad.item() == 3.0 and gradient == 1.0

    def clips_the_gradient(output, gradient):
        np.clip(gradient, -1, 1, out=gradient)            # writes into the caller's array
        return _backward_pass("grads[id(parent)] = grads[id(parent)] + pg")(output, gradient)
    fails_with_id(tc.backward_pass_test, clips_the_gradient, hint_id="backward_pass.in_place_accumulation")


def test_x_plus_equals_x_is_not_a_copy():
    def numerical_jacobian(f, x, eps=1e-6):
        n, k = x.shape[0], f(x).shape[0]
        J = np.zeros((k, n))
        for j in range(n):
            x_plus = x
            x_plus[j, 0] += eps
            f_plus = f(x_plus)
            x_minus = x
            x_minus[j, 0] -= eps
            J[:, j] = ((f_plus - f(x_minus)) / (2 * eps)).ravel()
        return J
    fails_with_id(tc.numerical_jacobian_test, numerical_jacobian, hint_id="numerical_jacobian.x_changed_in_place")


# --- testCases.show and wording ---------------------------------------------------------------------

def test_show_says_when_there_is_no_public_case(capsys):
    def backward_pass(output, gradient):
        pass
    tc.show(backward_pass)
    out = capsys.readouterr().out
    assert "没有可以显示的公开用例" in out and "没有找到" not in out and "需要练习里的函数" not in out
    tc.show(lambda: None)
    assert "没有名为 '<lambda>' 的练习" in capsys.readouterr().out


def test_show_names_the_values_of_a_tuple(capsys):
    tc.show(S("linear_backward"))
    out = capsys.readouterr().out
    assert "dA_prev = " in out and "dW = " in out and "db = " in out and "[0]" not in out
    tc.show(S("parity_counts"))
    assert "gates = 1" in capsys.readouterr().out


def test_parity_feedback_calls_the_output_units_input_z():
    def too_flat(n, gain=20.0):
        net = S("parity_network")(n, gain=gain)
        return {**net, "W2": net["W2"] / gain * 0.5, "b2": net["b2"] / gain * 0.5}
    err = fails_with_id(tc.parity_network_test, too_flat, hint_id="parity_network.margin")
    assert "sigmoid(z)" in str(err) and "sigmoid(t)" not in str(err)
    source = open(os.path.join(ROOT, "testCases", "forward_checks.py"), encoding="utf-8").read()
    assert "sigmoid(t) =" not in source and "（t = " not in source


# --- hint ids: ASCII, registered, every one resolvable ------------------------------------------------

def _kinds():
    """Every kind= a checker module passes to Checker.fail, found in the source."""
    kinds = set()
    for path in glob.glob(os.path.join(ROOT, "testCases", "*.py")):
        for node in ast.walk(ast.parse(open(path, encoding="utf-8").read())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "fail":
                kinds.update(k.value.value for k in node.keywords
                             if k.arg == "kind" and isinstance(k.value, ast.Constant))
    return kinds


def test_every_kind_checker_fail_can_produce_resolves_for_every_exercise():
    kinds = _kinds() | {"failed", "not_done", "exception", "hidden_case_error", "uses_reference", "tampered"}
    assert {"not_callable", "not_done", "wrong_count", "wrong_type", "wrong_keys", "wrong_value",
            "mutated_input", "returned_none", "matrix"} <= kinds
    for exercise in EXERCISES:
        for kind in kinds:
            assert text_of(f"{exercise}.{kind}"), (exercise, kind)
    with pytest.raises(KeyError):
        text_of("linear_forward.no_such_kind")


def test_every_registered_hint_is_an_ascii_id_with_text():
    for hint_id in HINTS:
        assert hint_id.isascii() and " " not in hint_id and text_of(hint_id), hint_id
        assert hint_id.split(".")[0] in set(EXERCISES) | {"forward", "core_test"}, hint_id
    assert "{" not in text_of("initialize_parameters.w_shape")


def test_every_generic_kind_has_text():
    assert all(GENERIC.values())
