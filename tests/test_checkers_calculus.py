"""Checkers of notebook 06 (and the network gradient check of 05): the reference passes, the usual
wrong versions fail with their hint."""
import numpy as np
import pytest

import dnn_utils
import testCases
from course_solutions import solution as S
from dnn_utils import linear_activation_backward, relu_backward, sigmoid_backward
from testCases import CheckFailed


def fails_with(check, fn, hint, *more):
    with pytest.raises(CheckFailed) as err:
        check(fn, *more)
    assert hint in str(err.value), str(err.value)
    return str(err.value)


def test_exported():
    for name in ["numerical_jacobian", "dz_all_layers", "row_layout_gradients", "network_gradient"]:
        assert f"{name}_test" in testCases.__all__ and f"{name}_test_case" in testCases.__all__


# numerical_jacobian

def jacobian(f, x, eps=1e-6, denom=2.0, forward=False, transpose=False, in_place=False):
    """Right (on copies of x), or one of the usual mistakes; in_place perturbs the caller's x
    itself and restores it (the caller's array changes while f runs)."""
    k, n = f(x).shape[0], x.shape[0]
    J = np.zeros((k, n))
    for j in range(n):
        xp = x if in_place else x.copy()
        old = xp[j, 0]
        xp[j, 0] = old + eps
        plus = f(xp)
        xp[j, 0] = old if forward else old - eps
        minus = f(xp)
        xp[j, 0] = old
        J[:, j] = ((plus - minus) / (eps if forward else denom * eps)).ravel()
    return J.T if transpose else J


def test_numerical_jacobian_reference_passes(capsys):
    testCases.numerical_jacobian_test(jacobian)
    assert "✓ numerical_jacobian" in capsys.readouterr().out


def test_numerical_jacobian_linear_case_equals_W():
    W, b, x = testCases.numerical_jacobian_test_case()
    assert np.allclose(jacobian(lambda v: W @ v + b, x.copy()), W, atol=1e-8)


@pytest.mark.parametrize("wrong, hint", [
    (lambda f, x, eps=1e-6: jacobian(f, x, transpose=True), "是否转置了"),
    (lambda f, x, eps=1e-6: jacobian(f, x, denom=1.0), "分母是 2ε"),
    (lambda f, x, eps=1e-6: jacobian(f, x, forward=True), "前向差分"),
    (lambda f, x, eps=1e-6: (f(x + eps) - f(x - eps)) / (2 * eps), "不要一次同时扰动所有分量"),
    (lambda f, x, eps=1e-6: None, "return"),
])
def test_numerical_jacobian_wrong_versions(wrong, hint):
    fails_with(testCases.numerical_jacobian_test, wrong, hint)


def test_numerical_jacobian_not_restoring_x_is_caught():
    def sloppy(f, x, eps=1e-6):
        J = jacobian(f, x.copy())
        x += 1.0  # leaves the caller's x changed
        return J
    err = fails_with(testCases.numerical_jacobian_test, sloppy, "不要改动传入的 x")


def test_numerical_jacobian_perturbing_the_callers_x_in_place_fails():
    """Even restored afterwards, perturbing x in place changes the array the function was handed."""
    with pytest.raises(CheckFailed) as err:
        testCases.numerical_jacobian_test(lambda f, x, eps=1e-6: jacobian(f, x, in_place=True))
    assert err.value.hint_id == "numerical_jacobian.x_changed_in_place"


def test_numerical_jacobian_blank():
    def blank(f, x, eps=1e-6):
        raise NotImplementedError()
    fails_with(testCases.numerical_jacobian_test, blank, "还没有完成")


# dz_all_layers

def dz_sweep(deriv=lambda Z: Z > 0, w_of=lambda l: l, z_of=lambda l: l - 1, transpose=True,
             order="down", stop=0, key=lambda l: l, keep_L=True):
    """A learner's dz_all_layers: right by default, or with one usual mistake."""
    def fn(dZL, caches):
        L = len(caches)
        dZ = {L: dZL}
        for l in (range(1, L) if order == "up" else range(L - 1, stop, -1)):
            W, Z = caches[w_of(l)][0][1], caches[z_of(l)][1]
            dZ[l] = ((W.T if transpose else W) @ dZ[l + 1]) * deriv(Z)
        if not keep_L:
            del dZ[L]
        return {key(l): v for l, v in dZ.items()}
    return fn


def test_dz_all_layers_reference_passes(capsys):
    testCases.dz_all_layers_test(S("dz_all_layers"))
    assert "✓ dz_all_layers" in capsys.readouterr().out
    testCases.dz_all_layers_test(dz_sweep())
    # relu'(z) from the next layer's input a = relu(z) > 0 is the same thing; so is relu_backward
    testCases.dz_all_layers_test(dz_sweep(deriv=lambda Z: np.maximum(Z, 0) > 0))
    testCases.dz_all_layers_test(_with_relu_backward)


def _with_relu_backward(dZL, caches):
    L = len(caches)
    dZ = {L: dZL}
    for l in reversed(range(1, L)):
        dZ[l] = relu_backward(caches[l][0][1].T @ dZ[l + 1], caches[l - 1][1])
    return dZ


def test_dz_all_layers_matches_finite_differences():
    """dZ[l] is the gradient of J = sum(dZL * Z[L]) with respect to Z[l], layer by layer."""
    from testCases.calculus_checks import _dz_hidden
    checked = 0
    for label, dZL, caches in testCases.dz_all_layers_test_case() + _dz_hidden():
        L = len(caches)
        dZ = dz_sweep()(dZL, caches)
        for l in range(1, L + 1):
            Zl = caches[l - 1][1].copy()
            if np.any(np.abs(Zl) < 1e-6):
                continue          # the kink: finite differences do not apply there

            def J():
                A = np.maximum(Zl, 0) if l < L else Zl
                for k in range(l + 1, L + 1):
                    (_, W, b), _ = caches[k - 1]
                    Z = W @ A + b
                    A = np.maximum(Z, 0) if k < L else Z
                return float(np.sum(dZL * A))
            assert dnn_utils.relative_error(dZ[l], dnn_utils.numerical_gradient(J, Zl)) < 1e-7, (label, l)
            checked += l < L
    assert checked >= 2          # hidden layers of section 1's network, where no z is at the kink


@pytest.mark.parametrize("wrong, hint_id", [
    (dz_sweep(w_of=lambda l: l - 1), "dz_all_layers.w_index"),
    (dz_sweep(z_of=lambda l: l), "dz_all_layers.z_index"),
    (dz_sweep(transpose=False), "dz_all_layers.no_transpose"),
    (dz_sweep(deriv=lambda Z: 1.0), "dz_all_layers.no_derivative"),
    (dz_sweep(deriv=lambda Z: np.maximum(Z, 0)), "dz_all_layers.g_not_derivative"),
    (dz_sweep(deriv=lambda Z: dnn_utils.sigmoid(Z)[0] * (1 - dnn_utils.sigmoid(Z)[0])), "dz_all_layers.sigmoid_derivative"),
    (dz_sweep(deriv=lambda Z: Z >= 0), "dz_all_layers.relu_at_zero"),
    (dz_sweep(deriv=lambda Z: np.heaviside(Z, 1.0)), "dz_all_layers.relu_at_zero"),
    (dz_sweep(stop=1), "dz_all_layers.stops_early"),
    (dz_sweep(keep_L=False), "dz_all_layers.missing_output"),
    (dz_sweep(key=lambda l: l - 1), "dz_all_layers.zero_based_keys"),
    (dz_sweep(key=lambda l: f"dZ{l}"), "dz_all_layers.int_keys"),
])
def test_dz_all_layers_wrong_versions(wrong, hint_id):
    from testCases.hints import HINTS
    err = fails_with_id(testCases.dz_all_layers_test, hint_id, wrong)
    assert HINTS[hint_id][:10] in str(err)


def test_dz_all_layers_mistakes_all_show_on_the_square_public_case():
    """Every usual mistake gives other values than the right sweep on the first public case, where
    all layers are equally wide (nothing crashes), so the first failure already names it."""
    from testCases.calculus_checks import _DZ_STEPS, _dz_sweep
    label, dZL, caches = testCases.dz_all_layers_test_case()[0]
    right = _dz_sweep(dZL, caches, _DZ_STEPS["right"])
    assert any(np.any(c[1] == 0) for c in caches[:-1])   # relu'(0) is tested
    for name, step in _DZ_STEPS.items():
        if name != "right":
            sweep = _dz_sweep(dZL, caches, step)
            assert sweep is not None and not all(np.allclose(sweep[l], right[l]) for l in right), name


@pytest.mark.parametrize("wrong, exc, hint_id", [
    (dz_sweep(order="up"), KeyError, "dz_all_layers.loop_direction"),
    (dz_sweep(w_of=lambda l: l + 1), IndexError, "dz_all_layers.caches_index"),
])
def test_dz_all_layers_crashes_get_their_cause(wrong, exc, hint_id):
    with pytest.raises(exc) as err:
        testCases.dz_all_layers_test(wrong)
    assert err.value.hint_id == hint_id


def test_dz_all_layers_hard_coded_depth_fails_on_the_hidden_network():
    def three_layers(dZL, caches):
        dZ = {3: dZL}
        for l in (2, 1):
            dZ[l] = (caches[l][0][1].T @ dZ[l + 1]) * (caches[l - 1][1] > 0)
        return dZ
    with pytest.raises((CheckFailed, ValueError)) as err:
        testCases.dz_all_layers_test(three_layers)
    assert "不公开" in str(err.value) + "\n".join(getattr(err.value, "__notes__", []))


# row_layout_gradients

def row_grads(G, A_prev, W):
    return G @ W.T, A_prev.T @ G, np.sum(G, axis=0, keepdims=True)


def test_row_layout_gradients_reference_passes(capsys):
    testCases.row_layout_gradients_test(row_grads)
    assert "✓ row_layout_gradients" in capsys.readouterr().out
    testCases.row_layout_gradients_test(S("row_layout_gradients"))


def test_row_layout_gradients_other_right_spellings_pass():
    """Transposing the column-layout answers, or summing with a row of ones, is the same thing."""
    testCases.row_layout_gradients_test(lambda G, A, W: ((W @ G.T).T, (G.T @ A).T, np.ones((1, G.shape[0])) @ G))
    testCases.row_layout_gradients_test(lambda G, A, W: (np.dot(G, W.T), np.dot(A.T, G), G.sum(0)[None, :]))


def test_row_layout_gradients_match_finite_differences_and_transpose_the_column_layout():
    G, A_prev, W = testCases.row_layout_gradients_test_case()
    b = np.zeros((1, W.shape[1]))
    J = lambda: float(np.sum(G * (A_prev @ W + b)))  # a J whose ∂J/∂Z is exactly G
    for analytic, x in zip(row_grads(G, A_prev, W), (A_prev, W, b)):
        assert dnn_utils.relative_error(analytic, dnn_utils.numerical_gradient(J, x)) < 1e-8
    assert len({G.shape[0], G.shape[1], A_prev.shape[1]}) == 3   # distinct sizes: shapes pin the products
    dA, dW, db = row_grads(G, A_prev, W)
    assert np.allclose(dA.T, W.T.T @ G.T) and np.allclose(dW.T, G.T @ A_prev) and np.allclose(db.T, G.T.sum(1, keepdims=True))


@pytest.mark.parametrize("wrong, hint_id", [
    (lambda G, A, W: (W @ G.T, A.T @ G, G.sum(0, keepdims=True)), "row_layout_gradients.dA_transposed"),
    (lambda G, A, W: (G @ W.T, G.T @ A, G.sum(0, keepdims=True)), "row_layout_gradients.dW_transposed"),
    (lambda G, A, W: (G @ W.T, A.T @ G, G.sum(1, keepdims=True)), "row_layout_gradients.db_axis"),
    (lambda G, A, W: (G @ W.T, A.T @ G, G.sum(1)), "row_layout_gradients.db_axis"),
    (lambda G, A, W: (G @ W.T, A.T @ G, G.sum(0)), "row_layout_gradients.db_not_row"),
    (lambda G, A, W: (G @ W.T / G.shape[0], A.T @ G, G.sum(0, keepdims=True)), "row_layout_gradients.extra_1_over_m"),
    (lambda G, A, W: (G @ W.T, A.T @ G / G.shape[0], G.sum(0, keepdims=True)), "row_layout_gradients.extra_1_over_m"),
    (lambda G, A, W: (G @ W.T, A.T @ G, G.mean(0, keepdims=True)), "row_layout_gradients.db_mean"),
    (lambda G, A, W: (G @ W.T, A.T @ G), "row_layout_gradients.wrong_count"),
])
def test_row_layout_gradients_wrong_versions(wrong, hint_id):
    from testCases.hints import HINTS
    err = fails_with_id(testCases.row_layout_gradients_test, hint_id, wrong)
    assert hint_id not in HINTS or HINTS[hint_id][:10] in str(err)


def test_row_layout_gradients_copied_column_formulas_crash_with_the_shape_reasoning():
    """The boxed column-layout results cannot be copied: Wᵀ G does not multiply here."""
    with pytest.raises(ValueError) as err:
        testCases.row_layout_gradients_test(lambda G, A, W: (W.T @ G, G @ A.T, G.sum(1, keepdims=True)))
    assert err.value.hint_id == "row_layout_gradients.shape_error"
    assert any("每一行是一个样本" in note for note in err.value.__notes__)


def test_row_layout_gradients_hard_coded_published_answer_fails():
    published = row_grads(*testCases.row_layout_gradients_test_case())
    with pytest.raises(CheckFailed) as err:
        testCases.row_layout_gradients_test(lambda G, A_prev, W: published)
    assert err.value.hint_id == "row_layout_gradients.wrong_shape", str(err.value)


def test_row_layout_gradients_square_hidden_case_does_not_print_expected_values():
    def wrong_when_square(G, A, W):
        dA, dW, db = row_grads(G, A, W)
        return (W.T @ G if G.shape == W.shape == A.shape else dA), dW, db   # shapes cannot tell
    err = fails_with_id(testCases.row_layout_gradients_test, "row_layout_gradients.wrong_value", wrong_when_square)
    assert "不公开" in str(err) and "期望" not in str(err)


# network_gradient (05's closing check)

def test_network_case_is_away_from_relu_kink():
    X, Y, params = testCases.network_gradient_test_case()
    _, caches = dnn_utils.L_model_forward(X, params)
    assert min(np.abs(c[1]).min() for c in caches[:-1]) > 1e-3


def test_network_gradient_reference_passes(capsys):
    testCases.network_gradient_test(S("L_model_forward"), S("L_model_backward"))
    assert "✓ network_gradient" in capsys.readouterr().out


def backward_with(acts, shift_keys=False, scale=1.0):
    def L_model_backward(AL, Y, caches):
        L = len(caches)
        grads, dA = {}, -(Y / AL - (1 - Y) / (1 - AL))
        for l in range(L, 0, -1):
            dA, dW, db = linear_activation_backward(dA, caches[l - 1], acts(l, L))
            grads[f"dW{l}"], grads[f"db{l}"] = dW * scale, db * scale
            grads[f"dA{l if shift_keys else l - 1}"] = dA
        return grads
    return L_model_backward


RIGHT = lambda l, L: "sigmoid" if l == L else "relu"


@pytest.mark.parametrize("backward, hint", [
    (backward_with(lambda l, L: "sigmoid"), "却用了 sigmoid_backward"),
    (backward_with(lambda l, L: "relu"), "却用了 relu_backward"),
    (backward_with(RIGHT, shift_keys=True), "键的下标差了一"),
    (backward_with(RIGHT, scale=2.0), "linear_backward"),
])
def test_network_gradient_wrong_backward(backward, hint):
    fails_with(testCases.network_gradient_test, S("L_model_forward"), hint, backward)


def test_network_gradient_wrong_forward():
    def forward(X, params):
        AL, caches = S("L_model_forward")(X, params)
        return AL * 0.9, caches
    fails_with(testCases.network_gradient_test, forward, "先让 L_model_forward 通过",
               S("L_model_backward"))


def test_network_gradient_blank_functions():
    def blank(*args):
        raise NotImplementedError()
    fails_with(testCases.network_gradient_test, blank, "还没有完成", S("L_model_backward"))



def test_relative_error_is_inf_for_nan_or_inf():
    # a nan denominator used to give 0.0, i.e. a broken gradient looked perfect
    from dnn_utils.gradcheck import relative_error
    assert relative_error(np.nan, 1.0) == np.inf
    assert relative_error([1.0, np.inf], [1.0, 2.0]) == np.inf
    assert relative_error(1.0, 1.0) == 0.0


def test_check_network_gradients_nan_gradient_is_worst():
    rng = np.random.default_rng(1)
    X, Y = rng.standard_normal((3, 4)), (rng.random((1, 4)) > 0.5).astype(float)
    params = {"W1": rng.standard_normal((2, 3)), "b1": np.zeros((2, 1)),
              "W2": rng.standard_normal((1, 2)), "b2": np.zeros((1, 1))}
    from dnn_utils.gradcheck import check_network_gradients
    from dnn_utils.model import L_model_backward, L_model_forward
    AL, caches = L_model_forward(X, params)
    grads = L_model_backward(AL, Y, caches)
    assert check_network_gradients(params, grads, X, Y) < 1e-6
    grads["dW1"] = grads["dW1"].copy()
    grads["dW1"][0, 0] = np.nan
    assert check_network_gradients(params, grads, X, Y) == np.inf


# hardening (issue 12): hidden cases, caches and dA checked, hint ids

def fails_with_id(check, hint_id, *fns):
    with pytest.raises(CheckFailed) as err:
        check(*fns)
    assert err.value.hint_id == hint_id, (err.value.hint_id, str(err.value))
    return err.value


NG = testCases.network_gradient_test


def test_network_gradient_hard_coded_published_grads_fail():
    X, Y, params = testCases.network_gradient_test_case()
    AL, caches = S("L_model_forward")(X, params)
    published = S("L_model_backward")(AL, Y, caches)
    with pytest.raises(CheckFailed) as err:
        NG(S("L_model_forward"), lambda AL, Y, caches: published)
    assert err.value.hint_id.startswith("network_gradient")


@pytest.mark.parametrize("key", ["dA0", "dA1", "dA2"])
def test_network_gradient_wrong_dA_fails(key):
    def backward(AL, Y, caches):
        grads = S("L_model_backward")(AL, Y, caches)
        grads[key] = grads[key] + 0.5
        return grads
    fails_with_id(NG, "network_gradient.dA", S("L_model_forward"), backward)


@pytest.mark.parametrize("layer, part", [(0, "W"), (1, "b"), (2, "A"), (1, "Z")])
def test_network_gradient_wrong_cache_fails(layer, part):
    def forward(X, params):
        AL, caches = S("L_model_forward")(X, params)
        (A, W, b), Z = caches[layer]
        vals = {"A": A, "W": W, "b": b, "Z": Z}
        vals[part] = vals[part] + 1.0
        caches[layer] = ((vals["A"], vals["W"], vals["b"]), vals["Z"])
        return AL, caches
    fails_with_id(NG, "network_gradient.caches", forward, S("L_model_backward"))


def test_network_gradient_forward_ignoring_parameters_with_zero_grads_fails():
    X0, Y0, fixed = testCases.network_gradient_test_case()

    def forward(X, params):
        return S("L_model_forward")(X, fixed)  # ignores the parameters it is given

    def zero_backward(AL, Y, caches):
        grads = S("L_model_backward")(AL, Y, caches)
        return {k: np.zeros_like(v) if not k.startswith("dA") else v for k, v in grads.items()}
    fails_with_id(NG, "network_gradient.layer", forward, zero_backward)


def test_network_gradient_hint_ids_of_wrong_backwards():
    fails_with_id(NG, "network_gradient.hidden_sigmoid", S("L_model_forward"),
                  backward_with(lambda l, L: "sigmoid"))
    fails_with_id(NG, "network_gradient.keys_off_by_one", S("L_model_forward"),
                  backward_with(RIGHT, shift_keys=True))


def test_network_gradient_nan_grad_fails():
    def backward(AL, Y, caches):
        grads = S("L_model_backward")(AL, Y, caches)
        grads["dW1"] = grads["dW1"].copy()
        grads["dW1"][0, 0] = np.nan
        return grads
    err = fails_with_id(NG, "network_gradient.not_finite",
                        S("L_model_forward"), backward)
    assert "nan" in str(err)


LEARNER_FORWARD = '''
import numpy as np
from dnn_utils import sigmoid, relu

def linear_forward(A, W, b):
    Z = W @ A  # the learner forgot b
    return Z, (A, W, b)

def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = sigmoid(Z) if activation == "sigmoid" else relu(Z)
    return A, (linear_cache, activation_cache)

def L_model_forward(X, parameters):
    caches, A, L = [], X, len(parameters) // 2
    for l in range(1, L + 1):
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"],
                                             "sigmoid" if l == L else "relu")
        caches.append(cache)
    return A, caches
'''


def test_network_gradient_wrong_linear_forward_costs_only_its_own_point(capsys):
    ns = {}
    exec(LEARNER_FORWARD, ns)
    with pytest.raises(CheckFailed):
        testCases.linear_forward_test(ns["linear_forward"])
    NG(ns["L_model_forward"], S("L_model_backward"))
    out = capsys.readouterr().out
    assert "你的 linear_forward 在这里算出的结果与参考实现不同" in out and "✓ network_gradient" in out
    assert ns["linear_forward"](np.ones((1, 1)), np.ones((1, 1)), np.ones((1, 1)))[0][0, 0] == 1.0


def test_network_gradient_wrong_composition_still_fails():
    ns = {}
    exec(LEARNER_FORWARD.replace('"sigmoid" if l == L else "relu"', '"relu"'), ns)
    with pytest.raises(CheckFailed):
        NG(ns["L_model_forward"], S("L_model_backward"))
