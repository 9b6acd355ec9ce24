"""Checkers of notebooks 08-10 pass the reference and fail, with the intended hint, on
plausible wrong versions."""
import numpy as np
import pytest

import testCases
from dnn_utils import logic, mlp
from testCases import CheckFailed


def fails_with(checker, fn, hint):
    with pytest.raises(CheckFailed) as info:
        checker(fn)
    assert hint in str(info.value), str(info.value)


def test_registered():
    for name in ("mlp_backward", "learning_rate_candidates", "best_learning_rate",
                 "dendritic_activation"):
        assert callable(getattr(testCases, f"{name}_test"))
        assert callable(getattr(testCases, f"{name}_test_case"))


# mlp_backward

def test_mlp_backward_reference_passes(capsys):
    testCases.mlp_backward_test(mlp.backward)
    assert "✓ mlp_backward" in capsys.readouterr().out


def _scaled(f):
    def fn(X, Y, Y_hat, cache, parameters):
        return {k: v * f(Y.shape[1]) for k, v in mlp.backward(X, Y, Y_hat, cache, parameters).items()}
    return fn


def _with_dZ1(make_dZ1):
    def fn(X, Y, Y_hat, cache, parameters):
        g = mlp.backward(X, Y, Y_hat, cache, parameters)
        dZ1 = make_dZ1(parameters["W2"].T @ (2 * (Y_hat - Y)), cache)
        g["dW1"], g["db1"] = dZ1 @ X.T, dZ1.sum(axis=1, keepdims=True)
        return g
    return fn


@pytest.mark.parametrize("fn, hint", [
    (mlp.backward_seed, "种子代码的梯度"),
    (_scaled(lambda m: 1 / m), "多了 1/m"),
    (_scaled(lambda m: 0.5), "少了因子 2"),
    (_scaled(lambda m: -1.0), "符号反了"),
    (_with_dZ1(lambda dA1, cache: dA1 * cache["A1"]), "不是 A1 本身"),
    (_with_dZ1(lambda dA1, cache: dA1), "忘了 ReLU 的导数"),
])
def test_mlp_backward_wrong_values(fn, hint):
    fails_with(testCases.mlp_backward_test, fn, hint)


def test_mlp_backward_wrong_shapes_and_returns():
    def transposed(X, Y, Y_hat, cache, parameters):
        g = mlp.backward(X, Y, Y_hat, cache, parameters)
        g["dW2"] = g["dW2"].T
        return g

    def no_keepdims(X, Y, Y_hat, cache, parameters):
        g = mlp.backward(X, Y, Y_hat, cache, parameters)
        g["db2"] = g["db2"].ravel()
        return g

    def no_return(X, Y, Y_hat, cache, parameters):
        mlp.backward(X, Y, Y_hat, cache, parameters)

    def mutates(X, Y, Y_hat, cache, parameters):
        g = mlp.backward(X, Y, Y_hat, cache, parameters)
        parameters["W1"] -= 0.1 * g["dW1"]
        return g

    fails_with(testCases.mlp_backward_test, transposed, "dŶ · A1ᵀ")
    fails_with(testCases.mlp_backward_test, no_keepdims, "keepdims=True")
    fails_with(testCases.mlp_backward_test, no_return, "return")
    fails_with(testCases.mlp_backward_test, mutates, "原地修改")


def test_mlp_backward_blank_says_not_done():
    def blank(*args):
        raise NotImplementedError()
    fails_with(testCases.mlp_backward_test, blank, "还没有完成")


# learning_rate_candidates

def reference_candidates(low, high, n):
    return 10 ** np.linspace(np.log10(low), np.log10(high), n)


def test_learning_rate_candidates_reference_passes(capsys):
    testCases.learning_rate_candidates_test(reference_candidates)
    testCases.learning_rate_candidates_test(lambda lo, hi, n: list(np.geomspace(lo, hi, n)))
    assert "✓ learning_rate_candidates" in capsys.readouterr().out


@pytest.mark.parametrize("fn, hint", [
    (lambda lo, hi, n: np.linspace(lo, hi, n), "线性等距"),
    (lambda lo, hi, n: np.logspace(lo, hi, n), "参数是指数"),
    (lambda lo, hi, n: np.exp(np.linspace(np.log10(lo), np.log10(hi), n)), "log10 和 exp 混用"),
    (lambda lo, hi, n: 10 ** np.linspace(np.log(lo), np.log(hi), n), "自然对数"),
    (lambda lo, hi, n: reference_candidates(lo, hi, n)[::-1], "顺序反了"),
    (lambda lo, hi, n: 10 ** np.linspace(np.log10(lo), np.log10(hi), n, endpoint=False), "endpoint=True"),
    (lambda lo, hi, n: reference_candidates(lo, hi, n)[:-1], "少了一个"),
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
    (lambda r, c: r[np.argmin(c)], "np.argmin 遇到 nan"),
    (lambda r, c: int(np.nanargmin(_nan_safe(c))), "返回的是下标"),
    (lambda r, c: np.nanmin(_nan_safe(c)), "返回的是代价"),
    (lambda r, c: r[np.nanargmax(_nan_safe(c))], "选了代价最大的"),
    (lambda r, c: r[np.argmin(c[np.isfinite(c)])], "rates[ok][i]"),
    (lambda r, c: None, "return"),
])
def test_best_learning_rate_wrong(fn, hint):
    fails_with(testCases.best_learning_rate_test, fn, hint)


def test_best_learning_rate_must_not_sort_in_place():
    def sorts(r, c):
        c.sort()
        return reference_best(r, c)
    with pytest.raises(CheckFailed):
        testCases.best_learning_rate_test(sorts)


# dendritic_activation

def test_dendritic_activation_reference_passes(capsys):
    testCases.dendritic_activation_test(logic.dendritic_activation)
    assert "✓ dendritic_activation" in capsys.readouterr().out


def _gate(Z, th, value, strict=False):
    above = Z > th if strict else Z >= th
    with np.errstate(over="ignore"):
        return np.where(above, value, 0.0)


@pytest.mark.parametrize("fn, hint", [
    (lambda Z, th, tau: np.exp(-(Z - th) / tau), "低于阈值时应输出 0"),
    (lambda Z, th, tau: _gate(Z, th, np.exp((Z - th) / tau)), "指数的符号反了"),
    (lambda Z, th, tau: _gate(Z, th, np.exp(-(Z - th) * tau)), "decay 是除数"),
    (lambda Z, th, tau: _gate(Z, th, np.exp(-Z / tau)), "Z - threshold"),
    (lambda Z, th, tau: _gate(Z, th, np.exp(-(Z - th) / tau), strict=True), "Z >= threshold"),
    (lambda Z, th, tau: (Z >= th).astype(float), "随刺激增强而衰减"),
    (lambda Z, th, tau: logic.dendritic_activation(Z, 1.0, 0.5), "写死"),
])
def test_dendritic_activation_wrong(fn, hint):
    fails_with(testCases.dendritic_activation_test, fn, hint)


def test_dendritic_neuron_computes_xor_with_the_notebook_parameters():
    out = logic.dendritic_neuron(logic.XOR_X, [1.0, 1.0], 0.0, threshold=1.0, decay=0.5)
    np.testing.assert_array_equal(out > 0.5, logic.XOR_Y == 1)
    assert not np.any(np.isnan(logic.dendritic_activation(np.array([-1e4, 1e4]))))
