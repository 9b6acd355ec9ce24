"""Checkers of notebooks 08-10 pass the reference and fail, with the intended hint, on
plausible wrong versions."""
import numpy as np
import pytest

import testCases
from course_solutions import solution as S
from dnn_utils import logic, mlp
from testCases import CheckFailed


def fails_with(checker, fn, hint_id):
    """checker(fn) fails and names the mistake by its hint id."""
    with pytest.raises(CheckFailed) as info:
        checker(fn)
    assert info.value.hint_id == hint_id, str(info.value)
    return info.value


def test_registered():
    for name in ("mlp_backward", "learning_rate_candidates", "best_learning_rate",
                 "dendritic_activation"):
        assert callable(getattr(testCases, f"{name}_test"))
        assert callable(getattr(testCases, f"{name}_test_case"))


# mlp_backward

def test_mlp_backward_reference_passes(capsys):
    testCases.mlp_backward_test(S("mlp_backward"))
    assert "✓ mlp_backward" in capsys.readouterr().out


def _scaled(f):
    def fn(X, Y, Y_hat, cache, parameters):
        return {k: v * f(Y.shape[1]) for k, v in S("mlp_backward")(X, Y, Y_hat, cache, parameters).items()}
    return fn


def _with_dZ1(make_dZ1):
    def fn(X, Y, Y_hat, cache, parameters):
        g = S("mlp_backward")(X, Y, Y_hat, cache, parameters)
        dZ1 = make_dZ1(parameters["W2"].T @ (2 * (Y_hat - Y)), cache)
        g["dW1"], g["db1"] = dZ1 @ X.T, dZ1.sum(axis=1, keepdims=True)
        return g
    return fn


@pytest.mark.parametrize("fn, hint", [
    (mlp.backward_seed, "mlp_backward.seed_gradient"),
    (_scaled(lambda m: 1 / m), "mlp_backward.extra_1_over_m"),
    (_scaled(lambda m: 0.5), "mlp_backward.missing_factor_2"),
    (_scaled(lambda m: -1.0), "mlp_backward.sign_flipped"),
    (_with_dZ1(lambda dA1, cache: dA1 * cache["A1"]), "mlp_backward.mask_is_A1"),
    (_with_dZ1(lambda dA1, cache: dA1), "mlp_backward.missing_relu_derivative"),
])
def test_mlp_backward_wrong_values(fn, hint):
    fails_with(testCases.mlp_backward_test, fn, hint)


def test_mlp_backward_wrong_shapes_and_returns():
    def transposed(X, Y, Y_hat, cache, parameters):
        g = S("mlp_backward")(X, Y, Y_hat, cache, parameters)
        g["dW2"] = g["dW2"].T
        return g

    def no_keepdims(X, Y, Y_hat, cache, parameters):
        g = S("mlp_backward")(X, Y, Y_hat, cache, parameters)
        g["db2"] = g["db2"].ravel()
        return g

    def no_return(X, Y, Y_hat, cache, parameters):
        S("mlp_backward")(X, Y, Y_hat, cache, parameters)

    def mutates(X, Y, Y_hat, cache, parameters):
        g = S("mlp_backward")(X, Y, Y_hat, cache, parameters)
        parameters["W1"] -= 0.1 * g["dW1"]
        return g

    fails_with(testCases.mlp_backward_test, transposed, "mlp_backward.dW2_transposed")
    fails_with(testCases.mlp_backward_test, no_keepdims, "mlp_backward.no_keepdims")
    fails_with(testCases.mlp_backward_test, no_return, "mlp_backward.returned_none")
    fails_with(testCases.mlp_backward_test, mutates, "mlp_backward.mutated_input")


def test_mlp_backward_blank_says_not_done():
    def blank(*args):
        raise NotImplementedError()
    fails_with(testCases.mlp_backward_test, blank, "mlp_backward.not_done")


# learning_rate_candidates

def reference_candidates(low, high, n):
    return 10 ** np.linspace(np.log10(low), np.log10(high), n)


def test_learning_rate_candidates_reference_passes(capsys):
    testCases.learning_rate_candidates_test(reference_candidates)
    testCases.learning_rate_candidates_test(lambda lo, hi, n: list(np.geomspace(lo, hi, n)))
    assert "✓ learning_rate_candidates" in capsys.readouterr().out


@pytest.mark.parametrize("fn, hint", [
    (lambda lo, hi, n: np.linspace(lo, hi, n), "learning_rate_candidates.linear"),
    (lambda lo, hi, n: np.logspace(lo, hi, n), "learning_rate_candidates.logspace_args"),
    (lambda lo, hi, n: np.exp(np.linspace(np.log10(lo), np.log10(hi), n)), "learning_rate_candidates.log10_with_exp"),
    (lambda lo, hi, n: 10 ** np.linspace(np.log(lo), np.log(hi), n), "learning_rate_candidates.natural_log"),
    (lambda lo, hi, n: reference_candidates(lo, hi, n)[::-1], "learning_rate_candidates.reversed"),
    (lambda lo, hi, n: 10 ** np.linspace(np.log10(lo), np.log10(hi), n, endpoint=False), "learning_rate_candidates.no_endpoint"),
    (lambda lo, hi, n: reference_candidates(lo, hi, n)[:-1], "learning_rate_candidates.missing_one"),
])
def test_learning_rate_candidates_wrong(fn, hint):
    fails_with(testCases.learning_rate_candidates_test, fn, hint)


# best_learning_rate

def reference_best(rates, costs):
    ok = np.isfinite(costs)
    return rates[ok][np.argmin(costs[ok])]


def test_best_learning_rate_reference_passes(capsys):
    testCases.best_learning_rate_test(reference_best)
    testCases.best_learning_rate_test(lambda r, c: float(r[np.nanargmin(np.where(np.isfinite(c), c, np.nan))]))
    assert "✓ best_learning_rate" in capsys.readouterr().out


def _nan_safe(c):
    return np.where(np.isfinite(c), c, np.nan)


@pytest.mark.parametrize("fn, hint", [
    (lambda r, c: r[np.argmin(c)], "best_learning_rate.nan_argmin"),
    (lambda r, c: int(np.nanargmin(_nan_safe(c))), "best_learning_rate.returned_index"),
    (lambda r, c: np.nanmin(_nan_safe(c)), "best_learning_rate.returned_cost"),
    (lambda r, c: r[np.nanargmax(_nan_safe(c))], "best_learning_rate.argmax"),
    (lambda r, c: r[np.argmin(c[np.isfinite(c)])], "best_learning_rate.misaligned_filter"),
    (lambda r, c: None, "best_learning_rate.returned_none"),
])
def test_best_learning_rate_wrong(fn, hint):
    fails_with(testCases.best_learning_rate_test, fn, hint)


def test_best_learning_rate_must_not_sort_in_place():
    def sorts(r, c):
        c[~np.isfinite(c)] = np.inf  # same answer, but the caller's array changed
        return reference_best(r, c)
    fails_with(testCases.best_learning_rate_test, sorts, "best_learning_rate.mutated_input")


# dendritic_activation

def test_dendritic_activation_reference_passes(capsys):
    testCases.dendritic_activation_test(S("dendritic_activation"))
    assert "✓ dendritic_activation" in capsys.readouterr().out


def _gate(Z, th, value, strict=False):
    above = Z > th if strict else Z >= th
    with np.errstate(over="ignore"):
        return np.where(above, value, 0.0)


@pytest.mark.parametrize("fn, hint", [
    (lambda Z, th, tau: np.exp(-(Z - th) / tau), "dendritic_activation.no_gate"),
    (lambda Z, th, tau: _gate(Z, th, np.exp((Z - th) / tau)), "dendritic_activation.exp_sign"),
    (lambda Z, th, tau: _gate(Z, th, np.exp(-(Z - th) * tau)), "dendritic_activation.times_decay"),
    (lambda Z, th, tau: _gate(Z, th, np.exp(-Z / tau)), "dendritic_activation.no_shift"),
    (lambda Z, th, tau: _gate(Z, th, np.exp(-(Z - th) / tau), strict=True), "dendritic_activation.strict_threshold"),
    (lambda Z, th, tau: (Z >= th).astype(float), "dendritic_activation.no_decay"),
    (lambda Z, th, tau: S("dendritic_activation")(Z, 1.0, 0.5), "dendritic_activation.hard_coded"),
])
def test_dendritic_activation_wrong(fn, hint):
    fails_with(testCases.dendritic_activation_test, fn, hint)


def test_dendritic_neuron_computes_xor_with_the_notebook_parameters():
    out = logic.dendritic_neuron(logic.XOR_X, [1.0, 1.0], 0.0, threshold=1.0, decay=0.5)
    np.testing.assert_array_equal(out > 0.5, logic.XOR_Y == 1)
    assert not np.any(np.isnan(logic.dendritic_activation(np.array([-1e4, 1e4]))))


# Hidden cases: the published answer copied as a constant fails, and the message shows no expected
# numbers of the hidden case.

def test_mlp_backward_published_constants_fail_on_the_hidden_case():
    published = mlp.backward(*testCases.mlp_backward_test_case())
    err = fails_with(testCases.mlp_backward_test, lambda *a: {k: v.copy() for k, v in published.items()},
                     "mlp_backward.wrong_shape")
    assert "期望" not in str(err)


def test_mlp_backward_only_right_on_the_published_case_fails_hidden():
    X0 = testCases.mlp_backward_test_case()[0]

    def special(X, Y, Y_hat, cache, parameters):
        g = S("mlp_backward")(X, Y, Y_hat, cache, parameters)
        if X.shape != X0.shape:  # right sizes, wrong values on the hidden case
            g = {k: v * 0.5 for k, v in g.items()}
        return g
    err = fails_with(testCases.mlp_backward_test, special, "mlp_backward.missing_factor_2")
    assert "不公开" in str(err) and "期望" not in str(err)


def test_mlp_backward_hidden_case_has_other_shapes_and_no_zero_Z1():
    X, Y, Y_hat, cache, parameters = testCases.mlp_checks._mlp_case(80, 3, 6, 2, 7)
    assert X.shape == (3, 7) and np.min(np.abs(cache["Z1"])) > 1e-3


def test_learning_rate_candidates_hard_coded_fails():
    published = reference_candidates(*testCases.learning_rate_candidates_test_case())
    fails_with(testCases.learning_rate_candidates_test, lambda lo, hi, n: published.copy(),
               "learning_rate_candidates.hard_coded")


def test_best_learning_rate_hard_coded_fails_on_hidden_case():
    def copies(r, c):
        if len(r) == 6:  # the hidden case: return a plausible constant
            return 0.01
        return reference_best(r, c)
    err = fails_with(testCases.best_learning_rate_test, copies, "best_learning_rate.wrong_value")
    assert "不公开" in str(err)


def test_best_learning_rate_accepts_numbers_refuses_containers():
    testCases.best_learning_rate_test(lambda r, c: np.asarray(reference_best(r, c)))
    for bad in (lambda r, c: [reference_best(r, c)], lambda r, c: str(reference_best(r, c)),
                lambda r, c: r[np.isfinite(c)][[np.argmin(c[np.isfinite(c)])]],
                lambda r, c: np.array([reference_best(r, c)] * 2)):
        fails_with(testCases.best_learning_rate_test, bad, "best_learning_rate.not_a_number")
    fails_with(testCases.best_learning_rate_test, lambda r, c: True, "best_learning_rate.bool")
    fails_with(testCases.best_learning_rate_test, lambda r, c: complex(reference_best(r, c)),
               "best_learning_rate.complex")


def test_dendritic_activation_hidden_case():
    Z0, th0, tau0 = testCases.dendritic_activation_test_case()
    published = logic.dendritic_activation(Z0, th0, tau0)

    def copies(Z, th, tau):
        return published.copy() if Z.shape == Z0.shape else np.zeros_like(Z)
    err = fails_with(testCases.dendritic_activation_test, copies, "dendritic_activation.wrong_value")
    assert "不公开" in str(err) and "期望" not in str(err)


# Hostile returns: a clear failure with a hint id, never a crash inside testCases.

HOSTILE = {
    "none": lambda ref: None, "string": lambda ref: "0.5", "dict_of_str": lambda ref: {"a": 1, 2: "b"},
    "ragged": lambda ref: [[1.0, 2.0], [3.0]], "strings_list": lambda ref: ["1", "2"],
    "nan": lambda ref: np.full_like(np.asarray(ref, dtype=float), np.nan),
    "complex": lambda ref: np.asarray(ref, dtype=float) + 1j,
    "object": lambda ref: np.array([object()] * 3, dtype=object),
    "bool": lambda ref: np.asarray(ref, dtype=float) > 0,
    "str_array": lambda ref: np.asarray(ref, dtype=float).astype(str),
    "wrong_shape": lambda ref: np.zeros((7, 7)),
}


def _grads_with(value):
    return lambda X, Y, Y_hat, cache, parameters: {
        **S("mlp_backward")(X, Y, Y_hat, cache, parameters),
        "dW1": value(S("mlp_backward")(X, Y, Y_hat, cache, parameters)["dW1"])}


CHECKERS = [
    (testCases.mlp_backward_test, "mlp_backward",
     lambda value: (lambda X, Y, Y_hat, cache, parameters: value(S("mlp_backward")(X, Y, Y_hat, cache, parameters)))),
    (testCases.mlp_backward_test, "mlp_backward", _grads_with),
    (testCases.learning_rate_candidates_test, "learning_rate_candidates",
     lambda value: (lambda lo, hi, n: value(reference_candidates(lo, hi, n)))),
    (testCases.best_learning_rate_test, "best_learning_rate",
     lambda value: (lambda r, c: value(reference_best(r, c)))),
    (testCases.dendritic_activation_test, "dendritic_activation",
     lambda value: (lambda Z, th, tau: value(S("dendritic_activation")(Z, th, tau)))),
]


@pytest.mark.parametrize("checker, name, wrap", CHECKERS)
@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_returns_fail_cleanly(checker, name, wrap, kind):
    value = HOSTILE[kind]

    def safe(ref):
        try:
            return value(ref)
        except (TypeError, ValueError):  # e.g. full_like on a dict
            return value(np.zeros(3))
    with np.errstate(all="ignore"):
        with pytest.raises(CheckFailed) as info:
            checker(wrap(safe))
    assert info.value.checker == name and info.value.hint_id.startswith(name + "."), str(info.value)


def test_returning_the_input_itself_fails():
    fails_with(testCases.mlp_backward_test, lambda X, Y, Y_hat, cache, parameters: parameters,
               "mlp_backward.wrong_keys")
    fails_with(testCases.dendritic_activation_test, lambda Z, th, tau: Z, "dendritic_activation.wrong_value")
    fails_with(testCases.best_learning_rate_test, lambda r, c: r, "best_learning_rate.not_a_number")


def test_mutating_inputs_is_detected_everywhere():
    def mut_cache(X, Y, Y_hat, cache, parameters):
        g = S("mlp_backward")(X, Y, Y_hat, cache, parameters)
        cache["Z1"][cache["Z1"] < 0] = 0
        return g

    def mut_Z(Z, th, tau):
        out = S("dendritic_activation")(Z, th, tau)
        Z -= th
        return out
    fails_with(testCases.mlp_backward_test, mut_cache, "mlp_backward.mutated_input")
    fails_with(testCases.dendritic_activation_test, mut_Z, "dendritic_activation.mutated_input")


def test_every_hint_of_the_module_has_an_id():
    from testCases import mlp_checks
    from testCases.hints import HINTS, Hint
    tables = [v for k, v in vars(mlp_checks).items() if k.isupper() and isinstance(v, dict)]
    hints = [h for table in tables for h in table.values() if isinstance(h, str)]
    assert len(hints) >= 30 and all(isinstance(h, Hint) and HINTS[h.id] == str(h) for h in hints)
