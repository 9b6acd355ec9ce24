"""Cases and checkers of notebooks 08-10: the MLP's backward pass, learning-rate search, and the
dendritic activation.

Inputs come from a local ``default_rng`` so learner code that touches the global random state
cannot change them; hints come from running the usual wrong versions on the same inputs.
"""
import numpy as np

from dnn_utils import logic, mlp

from ._core import Checker

__all__ = []


def _export(fn):
    __all__.append(fn.__name__)
    return fn


@_export
def mlp_backward_test_case():
    """(X, Y, Y_hat, cache, parameters) of a small MLP: n_x = 5, n_h = 4, n_y = 3, m = 6.
    Z1 is kept away from 0 so the ReLU derivative is unambiguous."""
    rng = np.random.default_rng(8)
    X, Y = rng.standard_normal((5, 6)), rng.standard_normal((3, 6))
    parameters = mlp.init_parameters(5, 4, 3, seed=9, init="seed")
    Y_hat, cache = mlp.forward(X, parameters)
    return X, Y, Y_hat, cache, parameters


def _mlp_wrong_versions(X, Y, Y_hat, cache, parameters):
    """{hint: grads} for the usual mistakes, computed on the same inputs."""
    m = Y.shape[1]
    true = mlp.backward(X, Y, Y_hat, cache, parameters)
    scaled = lambda f: {k: v * f for k, v in true.items()}  # noqa: E731
    A1_mask = dict(true)
    dZ1 = (parameters["W2"].T @ (2.0 * (Y_hat - Y))) * cache["A1"]
    A1_mask["dW1"], A1_mask["db1"] = dZ1 @ X.T, np.sum(dZ1, axis=1, keepdims=True)
    no_mask = dict(true)
    dZ1 = parameters["W2"].T @ (2.0 * (Y_hat - Y))
    no_mask["dW1"], no_mask["db1"] = dZ1 @ X.T, np.sum(dZ1, axis=1, keepdims=True)
    return [
        (scaled(1 / (2 * m * m)), "这是种子代码的梯度（真梯度除以 2m²）：损失是平方和（sum），不是平均，"
                                  "所以任何地方都不该有 1/m；平方求导还带来因子 2。"),
        (scaled(1 / m), "多了 1/m：损失是平方和 Σ(Ŷ-Y)²，没有除以 m；导数是 2(Ŷ-Y)。"),
        (scaled(0.5), "少了因子 2：d(Ŷ-Y)²/dŶ = 2(Ŷ-Y)。"),
        (scaled(1 / (2 * m)), "多了 1/m 又少了因子 2：损失是平方和，dŶ = 2(Ŷ-Y)。"),
        (scaled(-1.0), "符号反了：dŶ = 2(Ŷ - Y)，不是 2(Y - Ŷ)。"),
        (A1_mask, "ReLU 的导数是 (Z1 > 0)（0 或 1），不是 A1 本身：dZ1 = dA1 * (Z1 > 0)。"),
        (no_mask, "忘了 ReLU 的导数：dZ1 = (W2ᵀ·dŶ) * (Z1 > 0)。"),
    ]


@_export
def mlp_backward_test(fn):
    with Checker("mlp_backward") as c:
        X, Y, Y_hat, cache, parameters = mlp_backward_test_case()
        got = c.returned(c.call(fn, X, Y, Y_hat, cache, parameters))
        want = mlp.backward(X, Y, Y_hat, cache, parameters)
        c.keys(got, want.keys(), "grads", hint="返回 {\"dW1\": ..., \"db1\": ..., \"dW2\": ..., \"db2\": ...}。")
        shape_hints = {
            "dW1": {(5, 4): "dW1 应为 dZ1 · Xᵀ（形状同 W1），不是 X · dZ1ᵀ。"},
            "dW2": {(4, 3): "dW2 应为 dŶ · A1ᵀ（形状同 W2），不是 A1 · dŶᵀ。"},
            "db1": {(4,): "求和时加上 keepdims=True，db1 的形状应为 (n_h, 1)。",
                    (1, 6): "db1 应沿样本方向 (axis=1) 求和。", (1, 4): "db1 应沿 axis=1 求和并保持列向量。"},
            "db2": {(3,): "求和时加上 keepdims=True，db2 的形状应为 (n_y, 1)。",
                    (1, 6): "db2 应沿样本方向 (axis=1) 求和。", (1, 3): "db2 应沿 axis=1 求和并保持列向量。"},
        }
        for k in ("dW2", "db2", "dW1", "db1"):
            c.shape(got[k], want[k].shape, f"grads['{k}']", wrong=shape_hints[k])
        wrong = _mlp_wrong_versions(X, Y, Y_hat, cache, parameters)
        for k in ("dW2", "db2", "dW1", "db1"):
            c.close(got[k], want[k], f"grads['{k}']", wrong=[(g[k], hint) for g, hint in wrong])
        c.unchanged()


@_export
def learning_rate_candidates_test_case():
    """(low, high, n) = (1e-4, 1.0, 5): expected 1e-4, 1e-3, 1e-2, 1e-1, 1."""
    return 1e-4, 1.0, 5


@_export
def learning_rate_candidates_test(fn):
    with Checker("learning_rate_candidates") as c:
        for low, high, n in (learning_rate_candidates_test_case(), (0.003, 30.0, 9)):
            got = c.returned(c.call(fn, low, high, n))
            want = np.logspace(np.log10(low), np.log10(high), n)
            c.shape(got, (n,), f"learning_rate_candidates({low}, {high}, {n})", wrong={
                (n - 1,): "少了一个：两端都要包括，np.linspace(..., n) 默认包含终点。",
                (n + 1,): "多了一个：应正好返回 n 个候选值。"})
            c.close(got, want, f"learning_rate_candidates({low}, {high}, {n})", rtol=1e-9, atol=0, wrong=[
                (np.linspace(low, high, n), "这是线性等距；学习率应在对数尺度上等距：先对 low、high 取 log10，"
                                           "在指数上等距，再取 10 的幂。"),
                (np.logspace(low, high, n), "np.logspace 的参数是指数（log10 之后的值），不是学习率本身。"),
                (np.exp(np.linspace(np.log10(low), np.log10(high), n)), "log10 和 exp 混用了：用 log10 取指数，"
                                                                       "就要用 10 ** 还原。"),
                (10 ** np.linspace(np.log(low), np.log(high), n), "np.log 是自然对数；配合 10 ** 要用 np.log10。"),
                (want[::-1], "顺序反了：应从 low 递增到 high。"),
                (10 ** np.linspace(np.log10(low), np.log10(high), n, endpoint=False),
                 "最后一个值应正好是 high：np.linspace 要保留默认的 endpoint=True。"),
            ])
        c.unchanged()


@_export
def best_learning_rate_test_case():
    """(rates, final_costs): one run diverged (nan) and one blew up (inf)."""
    rates = np.array([1e-4, 1e-3, 1e-2, 1e-1, 1.0])
    final_costs = np.array([0.65, 0.42, 0.31, np.nan, np.inf])
    return rates, final_costs


@_export
def best_learning_rate_test(fn):
    with Checker("best_learning_rate") as c:
        cases = [
            best_learning_rate_test_case(),
            (np.array([0.003, 0.03, 0.3, 3.0]), np.array([0.52, 0.21, 0.09, 0.35])),
            (np.array([0.01, 0.1, 1.0, 10.0]), np.array([np.nan, 0.48, 0.12, np.nan])),
        ]
        for rates, costs in cases:
            got = c.returned(c.call(fn, rates, costs))
            ok = np.isfinite(costs)
            want = rates[ok][np.argmin(costs[ok])]
            with np.errstate(invalid="ignore"):
                wrong = [
                    (rates[int(np.argmin(costs))], "np.argmin 遇到 nan 会返回 nan 的位置：发散的训练要先排除"
                                                    "（np.isfinite 或 np.nanargmin）。"),
                    (int(np.nanargmin(np.where(np.isfinite(costs), costs, np.nan))),
                     "返回的是下标；应返回该位置的学习率 rates[i]。"),
                    (np.nanmin(np.where(np.isfinite(costs), costs, np.nan)), "返回的是代价；应返回学习率。"),
                    # checked before "largest": on the third case both mistakes give the same rate
                    (rates[int(np.argmin(costs[ok]))], "下标 i 是在筛选后的 final_costs[ok] 里找到的，"
                                                       "要到同样筛选过的 rates[ok] 里取：rates[ok][i]。"),
                    (rates[int(np.nanargmax(np.where(np.isfinite(costs), costs, np.nan)))],
                     "选了代价最大的；应选最小的（argmin）。"),
                ]
            c.close(got, want, "返回的学习率", rtol=1e-12, atol=0, wrong=wrong)
        c.unchanged()


@_export
def dendritic_activation_test_case():
    """(Z, threshold, decay): Z includes values below, exactly at, and above the threshold."""
    Z = np.array([[-2.0, 0.0, 0.5, 0.999, 1.0, 1.25, 2.0, 4.0]])
    return Z, 1.0, 0.5


@_export
def dendritic_activation_test(fn):
    with Checker("dendritic_activation") as c:
        Z0, th0, tau0 = dendritic_activation_test_case()
        rng = np.random.default_rng(10)
        for Z, th, tau in ((Z0, th0, tau0), (rng.uniform(-1, 4, (2, 5)), 0.7, 1.5)):
            got = c.returned(c.call(fn, Z, th, tau))
            want = logic.dendritic_activation(Z, th, tau)
            above = Z >= th
            with np.errstate(over="ignore"):
                wrong = [
                    (np.exp(-(Z - th) / tau), "低于阈值时应输出 0：只有 Z >= threshold 时才有树突动作电位。"),
                    (np.where(above, np.exp((Z - th) / tau), 0.0), "指数的符号反了：超过阈值后刺激越强，"
                                                                    "幅度越小（exp(-(Z-θ)/τ)）。"),
                    (np.where(above, np.exp(-(Z - th) * tau), 0.0), "decay 是除数：exp(-(Z - threshold) / decay)。"),
                    (np.where(above, np.exp(-Z / tau), 0.0), "指数里应是 Z - threshold，这样阈值处的幅度正好是 1。"),
                    (np.where(Z > th, np.exp(-(Z - th) / tau), 0.0), "恰好等于阈值时幅度最大 (=1)：条件应是 Z >= threshold。"),
                    (above.astype(float), "超过阈值后幅度还要随刺激增强而衰减：乘上 exp(-(Z - threshold) / decay)。"),
                    (logic.dendritic_activation(Z, th0, tau0), "threshold 和 decay 被写死成了 1.0 和 0.5："
                                                               "请使用函数的参数 threshold、decay。"),
                ]
            c.close(got, want, "A", wrong=wrong)
        c.unchanged()
