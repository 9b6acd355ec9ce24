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
    for name in ("mlp_backward", "refine_candidates", "best_learning_rate",
                 "dendritic_xor_weights"):
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


# refine_candidates

def _best_index(costs, filtered=False, with_nan=False):
    ok = np.isfinite(costs)
    if with_nan:
        return int(np.argmin(costs))
    return int(np.argmin(costs[ok])) if filtered else int(np.flatnonzero(ok)[np.argmin(costs[ok])])


def refine(rates, costs, n, space=np.geomspace, filtered=False, with_nan=False, edge="mirror", one_side=False):
    """refine_candidates as a learner writes it; each keyword is one mistake (edge: "mirror" is
    right, "clamp" stops at the grid's end, "wrap" indexes rates[i - 1] and rates[i + 1] blindly)."""
    i, k = _best_index(costs, filtered, with_nan), len(rates)
    if edge == "wrap":
        lo, hi = rates[i - 1], rates[i + 1]                       # IndexError when the best is last
    elif edge == "clamp":
        lo, hi = rates[max(i - 1, 0)], rates[min(i + 1, k - 1)]
    else:
        lo = rates[i - 1] if i > 0 else rates[i] ** 2 / rates[i + 1]
        hi = rates[i + 1] if i < k - 1 else rates[i] ** 2 / rates[i - 1]
    if one_side:
        lo = rates[i]
    return space(lo, hi, n)


def test_refine_candidates_reference_passes(capsys):
    testCases.refine_candidates_test(S("refine_candidates"))
    testCases.refine_candidates_test(refine)
    testCases.refine_candidates_test(lambda r, c, n: list(refine(r, c, n)))
    testCases.refine_candidates_test(lambda r, c, n: refine(r, c, n, space=lambda a, b, m: np.logspace(
        np.log10(a), np.log10(b), m)))
    assert capsys.readouterr().out.count("✓ refine_candidates") == 4


def test_refine_candidates_public_case_is_the_notebooks_sweep():
    rates, costs, n = testCases.refine_candidates_test_case()
    np.testing.assert_allclose(rates, np.geomspace(1e-3, 10, 9))
    np.testing.assert_allclose(refine(rates, costs, n), np.geomspace(0.1, 1.0, 5))


def _wrap_low_only(r, c, n):
    # rates[i - 1] without a check at the left end, the mirror at the right end
    i = _best_index(c)
    return np.geomspace(r[i - 1], r[i + 1] if i < len(r) - 1 else r[i] ** 2 / r[i - 1], n)


@pytest.mark.parametrize("fn, hint", [
    (lambda r, c, n: refine(r, c, n, space=np.linspace), "refine_candidates.linear"),
    (lambda r, c, n: refine(r, c, n, space=np.logspace), "refine_candidates.logspace_args"),
    (lambda r, c, n: refine(r, c, n, with_nan=True), "refine_candidates.nan_argmin"),
    (lambda r, c, n: refine(r, c, n, filtered=True), "refine_candidates.misaligned_filter"),
    (lambda r, c, n: refine(r, c, n, edge="clamp"), "refine_candidates.edge_clamped"),
    (_wrap_low_only, "refine_candidates.negative_index"),
    (lambda r, c, n: refine(r, c, n, one_side=True), "refine_candidates.one_side"),
    (lambda r, c, n: refine(r, c, n)[::-1], "refine_candidates.reversed"),
    (lambda r, c, n: refine(r, c, n, space=lambda a, b, m: np.geomspace(a, b, m, endpoint=False)),
     "refine_candidates.no_endpoint"),
    (lambda r, c, n: refine(r, c, n)[:-1], "refine_candidates.missing_one"),
    (lambda r, c, n: refine(r, c, n + 1), "refine_candidates.extra_one"),
])
def test_refine_candidates_wrong(fn, hint):
    with np.errstate(all="ignore"):
        fails_with(testCases.refine_candidates_test, fn, hint)


def test_refine_candidates_index_past_the_end_gets_its_cause():
    with pytest.raises(IndexError) as info:
        testCases.refine_candidates_test(lambda r, c, n: refine(r, c, n, edge="wrap"))
    assert info.value.hint_id == "refine_candidates.edge_index"


def test_refine_candidates_reference_mirrors_at_the_ends_and_refuses_nonsense():
    from dnn_utils.training import refine_candidates
    np.testing.assert_allclose(refine_candidates([0.01, 0.1, 1.0], [0.5, 0.3, 0.2], 3), [0.1, 1.0, 10.0])
    np.testing.assert_allclose(refine_candidates([0.01, 0.1, 1.0], [0.1, np.nan, 0.2], 3), [0.001, 0.01, 0.1])
    np.testing.assert_allclose(refine_candidates([0.2, 0.5], [np.inf, 0.3], 2), [0.2, 1.25])
    for rates, costs in (([0.1], [0.2]), ([0.1, 1.0], [np.nan, np.inf]), ([0.1, 1.0], [0.2])):
        with pytest.raises(ValueError, match="refine_candidates"):
            refine_candidates(rates, costs, 3)


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


# dendritic_xor_weights

def _band(tau):
    return tau * np.log(2.0)


def test_dendritic_xor_weights_reference_passes(capsys):
    testCases.dendritic_xor_weights_test(S("dendritic_xor_weights"))
    assert "✓ dendritic_xor_weights" in capsys.readouterr().out


def test_dendritic_xor_weights_accepts_any_answer_that_works(capsys):
    """The answer is not unique: negative weights (no input above the band, both below the
    threshold), unequal weights and a numpy array of three numbers all compute XOR."""
    answers = [
        lambda th, tau: (-_band(tau), -_band(tau), th + 1.5 * _band(tau)),
        lambda th, tau: (0.6 * _band(tau), 1.2 * _band(tau), th - _band(tau) / 2),
        lambda th, tau: np.array([_band(tau), _band(tau), th - _band(tau) / 2]),
        lambda th, tau: [5 * tau, 5 * tau, th - 4.8 * tau],          # single inputs at θ + 0.2τ, both far above
    ]
    for fn in answers:
        testCases.dendritic_xor_weights_test(fn)
    assert capsys.readouterr().out.count("✓") == len(answers)


@pytest.mark.parametrize("fn, hint", [
    # b = θ: no input already at the threshold, where g is largest
    (lambda th, tau: (_band(tau) / 2, _band(tau) / 2, th), "dendritic_xor_weights.zero_input_fires"),
    # the band taken as [θ, θ + τ) (ln 2 forgotten): single inputs at θ + 0.7τ, past the real band
    (lambda th, tau: (0.8 * tau, 0.8 * tau, th - 0.1 * tau), "dendritic_xor_weights.single_past_band"),
    # single inputs too weak to reach the threshold
    (lambda th, tau: (_band(tau) / 2, _band(tau) / 2, th - _band(tau)), "dendritic_xor_weights.single_below"),
    # weights smaller than the band: both inputs together still inside it
    (lambda th, tau: (_band(tau) / 3, _band(tau) / 3, th - _band(tau) / 6), "dendritic_xor_weights.both_in_band"),
    # the notebook's w = (1, 1), b = 0 copied: single inputs exactly at the threshold
    (lambda th, tau: (1.0, 1.0, 0.0), "dendritic_xor_weights.on_edge"),
    # b = θ - w: right in exact arithmetic, single inputs on the edge (below it after rounding at θ = 0.93)
    (lambda th, tau: (tau, tau, th - tau), "dendritic_xor_weights.on_edge"),
    # the published answer returned for every threshold and decay
    (lambda th, tau: (_band(0.5), _band(0.5), 1.0 - _band(0.5) / 2), "dendritic_xor_weights.hard_coded"),
])
def test_dendritic_xor_weights_wrong(fn, hint):
    err = fails_with(testCases.dendritic_xor_weights_test, fn, hint)
    assert "输出大于 0.5 的那段是" in str(err)


def test_dendritic_xor_weights_rounding_case_is_real():
    # the hidden threshold 0.93 is one where w + (θ - w) rounds to below θ: a single input then
    # gives a = 0, so "exactly at the threshold" is not an answer a checker can accept
    w = 0.2
    assert w + (0.93 - w) < 0.93
    assert logic.dendritic_neuron(logic.XOR_X, (w, w), 0.93 - w, 0.93, 0.2)[0, 1] == 0.0


def test_dendritic_xor_weights_refuses_non_numbers():
    fails_with(testCases.dendritic_xor_weights_test, lambda th, tau: (np.array([1.0, 2.0]), 1.0, 0.0),
               "dendritic_xor_weights.not_a_number")
    fails_with(testCases.dendritic_xor_weights_test, lambda th, tau: ("0.3", 0.3, 0.8),
               "dendritic_xor_weights.not_a_number")
    fails_with(testCases.dendritic_xor_weights_test, lambda th, tau: (True, 0.3, 0.8), "dendritic_xor_weights.bool")
    fails_with(testCases.dendritic_xor_weights_test, lambda th, tau: (np.nan, 0.3, 0.8),
               "dendritic_xor_weights.not_finite")
    fails_with(testCases.dendritic_xor_weights_test, lambda th, tau: (0.3, 0.8), "dendritic_xor_weights.wrong_count")


def test_dendritic_xor_weights_reference_keeps_half_a_band_from_every_edge():
    for th, tau in [(1.0, 0.5), (3.0, 0.2), (-1.0, 4.0), (0.93, 0.2), (1e3, 1e-3)]:
        w1, w2, b = logic.dendritic_xor_weights(th, tau)
        z = w1 * logic.XOR_X[0] + w2 * logic.XOR_X[1] + b
        width = tau * np.log(2)
        np.testing.assert_allclose(np.minimum(np.abs(z - th), np.abs(z - th - width)), width / 2, rtol=1e-6)
        out = logic.dendritic_neuron(logic.XOR_X, (w1, w2), b, th, tau)
        np.testing.assert_array_equal(out > 0.5, logic.XOR_Y == 1)


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


def test_refine_candidates_hard_coded_fails():
    published = refine(*testCases.refine_candidates_test_case())
    fails_with(testCases.refine_candidates_test, lambda r, c, n: published.copy(), "refine_candidates.hard_coded")


def test_refine_candidates_hidden_case_prints_no_expected_values():
    def right_on_public_cases_only(r, c, n):
        return refine(r, c, n) if n != 6 else refine(r, c, n) * 1.01
    err = fails_with(testCases.refine_candidates_test, right_on_public_cases_only, "refine_candidates.wrong_value")
    assert "不公开" in str(err) and "期望" not in str(err)


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
    (testCases.refine_candidates_test, "refine_candidates",
     lambda value: (lambda r, c, n: value(refine(r, c, n)))),
    (testCases.best_learning_rate_test, "best_learning_rate",
     lambda value: (lambda r, c: value(reference_best(r, c)))),
    (testCases.dendritic_xor_weights_test, "dendritic_xor_weights",
     lambda value: (lambda th, tau: value(np.array(S("dendritic_xor_weights")(th, tau))))),
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
    fails_with(testCases.dendritic_xor_weights_test, lambda th, tau: th, "dendritic_xor_weights.wrong_count")
    fails_with(testCases.best_learning_rate_test, lambda r, c: r, "best_learning_rate.not_a_number")


def test_mutating_inputs_is_detected_everywhere():
    def mut_cache(X, Y, Y_hat, cache, parameters):
        g = S("mlp_backward")(X, Y, Y_hat, cache, parameters)
        cache["Z1"][cache["Z1"] < 0] = 0
        return g
    fails_with(testCases.mlp_backward_test, mut_cache, "mlp_backward.mutated_input")


def test_every_hint_of_the_module_has_an_id():
    from testCases import mlp_checks
    from testCases.hints import HINTS, Hint
    tables = [v for k, v in vars(mlp_checks).items() if k.isupper() and isinstance(v, dict)]
    hints = [h for table in tables for h in table.values() if isinstance(h, str)]
    assert len(hints) >= 30 and all(isinstance(h, Hint) and HINTS[h.id] == str(h) for h in hints)
