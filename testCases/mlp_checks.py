"""Cases and checkers of notebooks 08-10: the MLP's backward pass, learning-rate search, and the
weights that make one dendritic neuron compute XOR.

Inputs come from a local ``default_rng`` so learner code that touches the global random state
cannot change them; hints come from running the usual wrong versions on the same inputs. Every
checker also runs a hidden case (its expected values are printed nowhere), so a constant copied
from a docstring or a failure message cannot pass.
"""
import numpy as np

from dnn_utils import logic, mlp, training

from ._core import Checker
from .hints import hint, hints

MLP = hints("mlp_backward", {
    "seed_gradient": "这是中文笔记原来那段代码的梯度（真梯度除以 2m²）：损失是平方和（sum），不是平均，"
        "所以任何地方都不该有 1/m；平方求导还带来因子 2。",
    "extra_1_over_m": "多了 1/m：损失是平方和 Σ(Ŷ-Y)²，没有除以 m；导数是 2(Ŷ-Y)。",
    "missing_factor_2": "少了因子 2：d(Ŷ-Y)²/dŶ = 2(Ŷ-Y)。",
    "extra_1_over_m_no_2": "多了 1/m 又少了因子 2：损失是平方和，dŶ = 2(Ŷ-Y)。",
    "sign_flipped": "符号反了：dŶ = 2(Ŷ - Y)，不是 2(Y - Ŷ)。",
    "mask_is_A1": "ReLU 的导数是 (Z1 > 0)（0 或 1），不是 A1 本身：dZ1 = dA1 * (Z1 > 0)。",
    "missing_relu_derivative": "忘了 ReLU 的导数：dZ1 = (W2ᵀ·dŶ) * (Z1 > 0)。",
    "shape_error": "形状对不上：dW2 = dŶ·A1ᵀ，dZ1 = (W2ᵀ·dŶ) * (Z1 > 0)，dW1 = dZ1·Xᵀ；检查转置和左右顺序。",
    "wrong_keys": "返回 {\"dW1\": ..., \"db1\": ..., \"dW2\": ..., \"db2\": ...}。",
    "dW1_transposed": "dW1 应为 dZ1 · Xᵀ（形状同 W1），不是 X · dZ1ᵀ。",
    "dW2_transposed": "dW2 应为 dŶ · A1ᵀ（形状同 W2），不是 A1 · dŶᵀ。",
    "no_keepdims": "求和时加上 keepdims=True，{name} 的形状应为 ({n}, 1)。",
    "sum_wrong_axis": "{name} 应沿样本方向 (axis=1) 求和。",
    "sum_row_vector": "{name} 应沿 axis=1 求和并保持列向量。",
})

RC = hints("refine_candidates", {
    "linear": "这是线性等距；下一轮也要在对数尺度上等距（和粗扫一样）：np.geomspace(lo, hi, n)，"
        "或 10 ** np.linspace(np.log10(lo), np.log10(hi), n)。",
    "logspace_args": "np.logspace 的参数是指数（log10 之后的值），不是学习率本身：np.logspace(np.log10(lo), np.log10(hi), n)，"
        "或者直接 np.geomspace(lo, hi, n)。",
    "nan_argmin": "np.argmin 遇到 nan 会返回 nan 的位置：发散的试验要先排除（np.isfinite），再找代价最小的。",
    "misaligned_filter": "np.argmin(final_costs[ok]) 给的是筛选后那个短数组里的下标；邻居要在原来的 rates 里找，"
        "先把它换回原来的下标：np.flatnonzero(ok)[i]。",
    "one_side": "区间的两端是最好的那个学习率左右两边的邻居 rates[i - 1] 和 rates[i + 1]，最好的值夹在中间，"
        "不是它和一个邻居之间。",
    "negative_index": "最好的学习率是第一个 (i = 0) 时，rates[i - 1] 就是 rates[-1]，也就是最大的那个（Python 的负下标）："
        "不报错，但不对。这时缺的左邻居用镜像 rates[0] ** 2 / rates[1] 代替。",
    "edge_clamped": "最好的学习率在网格的一端，说明真正的最小值可能在网格外面：缺的那个邻居用对数尺度上的镜像代替"
        "（最好的值 r 的平方除以另一侧的邻居），把区间往外延一步，不要停在网格的端点上。",
    "reversed": "顺序反了：应从小到大。",
    "no_endpoint": "两端都要包括：np.geomspace / np.linspace 要保留默认的 endpoint=True。",
    "missing_one": "少了一个：应正好返回 n 个候选值，两端都包括。",
    "extra_one": "多了一个：应正好返回 n 个候选值。",
    "hard_coded": "结果与参数无关：是否写死了公开用例的结果？请由参数 rates、final_costs、n 算出来。",
})

BLR = hints("best_learning_rate", {
    "nan_argmin": "np.argmin 遇到 nan 会返回 nan 的位置：发散的训练要先排除"
        "（np.isfinite 或 np.nanargmin）。",
    "returned_index": "返回的是下标；应返回该位置的学习率 rates[i]。",
    "returned_cost": "返回的是代价；应返回学习率。",
    "misaligned_filter": "下标 i 是在筛选后的 final_costs[ok] 里找到的，"
        "要到同样筛选过的 rates[ok] 里取：rates[ok][i]。",
    "argmax": "选了代价最大的；应选最小的（argmin）。",
    "not_a_number": "应返回一个学习率（一个数，例如 rates[ok][i]），不是数组、列表或字符串。",
})

DXW = hints("dendritic_xor_weights", {
    "zero_input_fires": "没有输入 (0, 0) 时 z = b，它落进了输出大于 0.5 的那段：b 要低于阈值 θ"
        "（或者高过那段的上沿 θ + τ·ln 2）。",
    "single_below": "只有一个输入时 z = w + b 还没到阈值 θ，输出是 0：单个输入要把 z 推进 θ ≤ z < θ + τ·ln 2 这段里。",
    "single_past_band": "只有一个输入时 z = w + b 越过了输出大于 0.5 的那段：g(z) > 0.5 要求 z − θ < τ·ln 2 ≈ 0.69τ"
        "（z − θ = τ 时 g 只有 1/e ≈ 0.37），每个单独的输入都要落在 θ ≤ z < θ + τ·ln 2 里。",
    "both_in_band": "两个输入一起时 z = w1 + w2 + b 仍在输出大于 0.5 的那段里：要让它越过上沿 θ + τ·ln 2（或者低于 θ）。"
        "g(z) > 0.5 的那段只有 τ·ln 2 宽，单个输入比没有输入多出来的那一截要够大。",
    "on_edge": "有一个 z 正好落在输出大于 0.5 那段的边上（θ 或 θ + τ·ln 2，差别只在舍入误差的量级）：那样结果由浮点数的舍入决定，"
        "换一组 θ 就可能反过来。把每个 z 放到离边界有一段距离的地方，例如单个输入放在这段的正中间 θ + τ·ln 2 / 2。",
    "hard_coded": "换了一组 threshold 和 decay，你的函数返回的还是公开用例的权重：权重要由参数 threshold、decay 算出来。",
    "not_a_number": "返回三个数 (w1, w2, b)：每个都是一个普通的数，不是数组、列表或字符串。",
})

__all__ = []

# The names of what an exercise returns (its unpack check and testCases.show use them).
RETURNS = {"dendritic_xor_weights": ("w1", "w2", "b")}


def _export(fn):
    __all__.append(fn.__name__)
    return fn


def _mlp_case(seed, n_x, n_h, n_y, m):
    """(X, Y, Y_hat, cache, parameters) with Z1 kept away from 0 (the ReLU derivative is unambiguous)."""
    rng = np.random.default_rng(seed)
    while True:
        X, Y = rng.standard_normal((n_x, m)), rng.standard_normal((n_y, m))
        parameters = mlp.initialize_parameters(n_x, n_h, n_y, seed=seed + 1, init="seed")
        Y_hat, cache = mlp.forward(X, parameters)
        if np.min(np.abs(cache["Z1"])) > 1e-3:
            return X, Y, Y_hat, cache, parameters


@_export
def mlp_backward_test_case():
    """(X, Y, Y_hat, cache, parameters) of a small MLP: n_x = 5, n_h = 4, n_y = 3, m = 6.
    Z1 is kept away from 0 so the ReLU derivative is unambiguous."""
    return _mlp_case(8, 5, 4, 3, 6)


def _mlp_wrong_versions(X, Y, Y_hat, cache, parameters):
    """[(grads, hint)] for the usual mistakes, computed on the same inputs."""
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
        (scaled(1 / (2 * m * m)), MLP["seed_gradient"]), (scaled(1 / m), MLP["extra_1_over_m"]), (scaled(0.5), MLP["missing_factor_2"]),
        (scaled(1 / (2 * m)), MLP["extra_1_over_m_no_2"]), (scaled(-1.0), MLP["sign_flipped"]), (A1_mask, MLP["mask_is_A1"]),
        (no_mask, MLP["missing_relu_derivative"]),
    ]


def _mlp_shape_hints(want, m):
    """{key: {wrong_shape: hint}} for transposed weights and badly summed biases."""
    hints = {"dW1": {want["dW1"].shape[::-1]: MLP["dW1_transposed"]}, "dW2": {want["dW2"].shape[::-1]: MLP["dW2_transposed"]}}
    for k in ("db1", "db2"):
        n = want[k].shape[0]
        hints[k] = {(n,): MLP["no_keepdims"].format(name=k, n=n), (1, m): MLP["sum_wrong_axis"].format(name=k),
                    (1, n): MLP["sum_row_vector"].format(name=k)}
    return hints


@_export
def mlp_backward_test(fn):
    with Checker("mlp_backward") as c:
        # the second case is hidden: other sizes, expected values printed nowhere
        for case, hidden in ((mlp_backward_test_case(), False), (_mlp_case(80, 3, 6, 2, 7), True)):
            X, Y, Y_hat, cache, parameters = case
            got = c.returned(c.call(fn, X, Y, Y_hat, cache, parameters, error_hint=MLP["shape_error"], hidden=hidden))
            want = mlp.backward(X, Y, Y_hat, cache, parameters)
            c.keys(got, want.keys(), "grads", hint=MLP["wrong_keys"])
            shape_hints = _mlp_shape_hints(want, Y.shape[1])
            for k in ("dW2", "db2", "dW1", "db1"):
                c.shape(got[k], want[k].shape, f"grads['{k}']", wrong=shape_hints[k])
            wrong = _mlp_wrong_versions(X, Y, Y_hat, cache, parameters)
            for k in ("dW2", "db2", "dW1", "db1"):
                c.close(got[k], want[k], f"grads['{k}']", wrong=[(g[k], h) for g, h in wrong],
                        hidden=hidden)
        c.unchanged()


@_export
def refine_candidates_test_case():
    """(rates, final_costs, n): the coarse sweep of notebook 09 (9 rates from 1e-3 to 10, validation
    costs after 2000 iterations, rounded) and n = 5."""
    rates = np.geomspace(1e-3, 10.0, 9)
    final_costs = np.array([0.5309, 0.4385, 0.3390, 0.2400, 0.0664, 0.0653, 0.1178, 0.1783, 1.0444])
    return rates, final_costs, 5


def _rc_cases():
    """[((rates, final_costs, n), hidden)]: the published sweep; diverged runs left of the best
    (a filtered index points elsewhere); the best last; the best first (rates[i - 1] wraps round);
    and two hidden grids, one of them not evenly spaced."""
    rng = np.random.default_rng(23)
    uneven = np.array([0.002, 0.005, 0.03, 0.2, 0.9, 4.0])
    uneven_costs = np.array([0.61, np.nan, 0.33, 0.58, np.inf, 0.71])
    uneven_costs[0] = rng.uniform(0.4, 0.5)
    return [
        (refine_candidates_test_case(), False),
        ((np.array([1e-4, 1e-3, 1e-2, 1e-1, 1.0]), np.array([np.nan, 0.42, 0.31, 0.25, np.inf]), 4), False),
        ((np.array([0.01, 0.1, 1.0]), np.array([0.5, 0.3, 0.2]), 3), False),
        ((np.array([0.001, 0.01, 0.1, 1.0]), np.array([0.1, 0.2, np.nan, np.nan]), 3), False),
        ((np.geomspace(3e-4, 3.0, 5), np.array([0.6, 0.45, np.nan, 0.2, np.inf]), 6), True),
        ((uneven, uneven_costs, 4), True),
    ]


def _rc_bounds(rates, j, edge):
    """(lo, hi) around index j of the grid; at an end of the grid the missing neighbour is
    "mirror" (right), "clamp" (the grid's end itself) or "wrap" (rates[j - 1] with j = 0 is rates[-1])."""
    k = rates.size
    if j > 0:
        lo = rates[j - 1]
    else:
        lo = {"mirror": rates[0] ** 2 / rates[1], "clamp": rates[0], "wrap": rates[-1]}[edge]
    if j < k - 1:
        hi = rates[j + 1]
    else:
        hi = {"mirror": rates[j] ** 2 / rates[j - 1], "clamp": rates[j], "wrap": None}[edge]
    return lo, hi


def _rc_wrong(rates, costs, n):
    """[(value, hint)] of the usual mistakes on these inputs (those that run without an error)."""
    ok = np.isfinite(costs)
    i = int(np.flatnonzero(ok)[np.argmin(costs[ok])])
    out = []

    def add(lo, hi, found, space=np.geomspace):
        if lo is not None and hi is not None and lo > 0 and hi > 0:
            out.append((space(lo, hi, n), found))
    lo, hi = _rc_bounds(rates, i, "mirror")
    add(lo, hi, RC["linear"], np.linspace)
    out.append((np.logspace(lo, hi, n), RC["logspace_args"]))
    out.append((np.geomspace(lo, hi, n)[::-1], RC["reversed"]))
    out.append((np.geomspace(lo, hi, n, endpoint=False), RC["no_endpoint"]))
    if 0 < i < rates.size - 1:          # at an end of the grid, one side is what clamping gives
        add(lo, rates[i], RC["one_side"])
        add(rates[i], hi, RC["one_side"])
    else:
        add(*_rc_bounds(rates, i, "clamp"), RC["edge_clamped"])
        add(*_rc_bounds(rates, i, "wrap"), RC["negative_index"])
    with np.errstate(invalid="ignore"):
        taken = [(int(np.argmin(costs)), RC["nan_argmin"]), (int(np.argmin(costs[ok])), RC["misaligned_filter"])]
    for j, found in taken:
        if j != i:
            for edge in ("mirror", "clamp", "wrap"):
                add(*_rc_bounds(rates, j, edge), found)
    return out


@_export
def refine_candidates_test(fn):
    with Checker("refine_candidates") as c:
        published = None
        for (rates, costs, n), hidden in _rc_cases():
            what = "返回的候选学习率" + ("" if hidden else f"（rates 有 {rates.size} 个，n = {n}）")
            got = c.returned(c.call(fn, rates, costs, n, hidden=hidden))
            want = training.refine_candidates(rates, costs, n)
            # a list is fine (the prose asks for "n 个学习率"); strings, bools, ragged lists are not
            arr = c.array(got, what, allow_list=True)
            if published is None:
                published = want
            elif arr.shape == published.shape and np.allclose(arr, published) and not (
                    want.shape == published.shape and np.allclose(want, published)):
                c.fail(f"{what}和第一个用例（notebook 里的粗扫）的结果一样，可这次的输入不同。", RC["hard_coded"])
            c.shape(arr, (n,), what, wrong={(n - 1,): RC["missing_one"], (n + 1,): RC["extra_one"]})
            c.close(arr, want, what, rtol=1e-9, atol=0, hidden=hidden, wrong=_rc_wrong(rates, costs, n))
        c.unchanged()


@_export
def best_learning_rate_test_case():
    """(rates, final_costs): one run diverged (nan) and one blew up (inf)."""
    rates = np.array([1e-4, 1e-3, 1e-2, 1e-1, 1.0])
    final_costs = np.array([0.65, 0.42, 0.31, np.nan, np.inf])
    return rates, final_costs


def _blr_hidden_case():
    """Rates and costs drawn here (printed nowhere); two runs diverge."""
    rng = np.random.default_rng(12)
    rates = np.sort(10 ** rng.uniform(-3.5, 0.5, 6))
    costs = rng.uniform(0.05, 0.7, 6)
    costs[[1, 5]] = np.nan, np.inf
    return rates, costs


@_export
def best_learning_rate_test(fn):
    with Checker("best_learning_rate") as c:
        cases = [
            (best_learning_rate_test_case(), False),
            ((np.array([0.003, 0.03, 0.3, 3.0]), np.array([0.52, 0.21, 0.09, 0.35])), False),
            # a filter in front: indexing the unfiltered rates and taking the largest cost differ
            ((np.array([0.02, 0.2, 2.0, 20.0]), np.array([np.nan, 0.4, 0.1, 0.9])), False),
            ((np.array([0.01, 0.1, 1.0, 10.0]), np.array([np.nan, 0.48, 0.12, np.nan])), False),
            (_blr_hidden_case(), True),
        ]
        for (rates, costs), hidden in cases:
            got = c.returned(c.call(fn, rates, costs, hidden=hidden))
            ok = np.isfinite(costs)
            want = rates[ok][np.argmin(costs[ok])]
            # one number (a Python/numpy float or a 0-d array), not a container holding it
            if isinstance(got, (list, tuple, dict, str, bytes)) or (isinstance(got, np.ndarray) and got.ndim):
                c.fail(f"返回值应是一个数，实际是 {type(got).__name__}"
                       f"{' (形状 ' + str(got.shape) + ')' if isinstance(got, np.ndarray) else ''}。",
                       BLR["not_a_number"])
            with np.errstate(invalid="ignore"):
                finite = np.where(ok, costs, np.nan)
                wrong = [
                    (rates[int(np.argmin(costs))], BLR["nan_argmin"]),
                    (int(np.nanargmin(finite)), BLR["returned_index"]),
                    (np.nanmin(finite), BLR["returned_cost"]),
                    (rates[int(np.argmin(costs[ok]))], BLR["misaligned_filter"]),
                    (rates[int(np.nanargmax(finite))], BLR["argmax"]),
                ]
            c.close(got, want, "返回的学习率", rtol=1e-12, atol=0, wrong=wrong, hidden=hidden)
        c.unchanged()


@_export
def dendritic_xor_weights_test_case():
    """(threshold, decay) = (1.0, 0.5): the notebook's dendritic neuron."""
    return 1.0, 0.5


# hidden cases: a narrow band high up, a wide band below zero, and a threshold where w + (θ - w)
# rounds to just below θ (0.93 - 0.2 + 0.2 = 0.9299999999999999)
_DXW_HIDDEN = ((3.0, 0.2), (-1.0, 4.0), (0.93, 0.2))
_XOR_NAMES = ("(0, 0)", "(0, 1)", "(1, 0)", "(1, 1)")


def _dxw_weights(c, out):
    """(w1, w2, b) as floats from what the learner returned (a tuple, list or array of three numbers)."""
    if isinstance(out, np.ndarray) and out.dtype.kind in "fiu" and out.shape == (3,):
        out = tuple(out)
    w1, w2, b = c.unpack(out, RETURNS["dendritic_xor_weights"])
    values = []
    for name, v in (("w1", w1), ("w2", w2), ("b", b)):
        if isinstance(v, (list, tuple, dict, str, bytes)) or (isinstance(v, np.ndarray) and v.ndim):
            c.fail(f"{name} 应是一个数，实际是 {type(v).__name__}。", DXW["not_a_number"])
        values.append(float(c.shape(v, (), name)))
    return values


def _dxw_diagnosis(z, fires, threshold, width, tol):
    """The hint for the first input on the wrong side of the band, else (all right) for a z on
    its edge. A z within rounding of an edge is named as such: 0.9299999999999999 is "at 0.93" to
    the learner, not "below the threshold"."""
    def near(v, edge):
        return abs(v - edge) <= tol
    if fires[0]:
        return DXW["zero_input_fires"]
    for j in (1, 2):
        if not fires[j]:
            if near(z[j], threshold) or near(z[j], threshold + width):
                return DXW["on_edge"]
            return DXW["single_below"] if z[j] < threshold else DXW["single_past_band"]
    if fires[3]:
        return DXW["on_edge"] if near(z[3], threshold + width) else DXW["both_in_band"]
    return DXW["on_edge"]


@_export
def dendritic_xor_weights_test(fn):
    with Checker("dendritic_xor_weights") as c:
        published = dendritic_xor_weights_test_case()
        public_answer = None
        for (threshold, decay), hidden in [(published, False)] + [(case, True) for case in _DXW_HIDDEN]:
            w1, w2, b = _dxw_weights(c, c.call(fn, threshold, decay, hidden=hidden))
            if not hidden:
                public_answer = (w1, w2, b)
            A = logic.dendritic_neuron(logic.XOR_X, (w1, w2), b, threshold, decay)[0]
            z = w1 * logic.XOR_X[0] + w2 * logic.XOR_X[1] + b
            fires = A > 0.5
            width = decay * np.log(2.0)
            tol = 1e-9 * (1.0 + abs(threshold) + decay)
            on_edge = np.any(np.abs(z - threshold) <= tol) or np.any(np.abs(z - threshold - width) <= tol)
            if np.array_equal(fires, logic.XOR_Y[0] == 1) and not on_edge:
                c.ok()
                continue
            found = _dxw_diagnosis(z, fires, threshold, width, tol)
            if hidden and (w1, w2, b) == public_answer:
                found = DXW["hard_coded"]
            right = [name for name, f in zip(_XOR_NAMES, fires) if f]
            c.fail(f"threshold = {threshold}、decay = {decay} 时，你的权重 w1 = {w1:.6g}、w2 = {w2:.6g}、b = {b:.6g} "
                   f"给出的 z 是 {np.round(z, 6).tolist()}，输出 a 是 {np.round(A, 6).tolist()}；"
                   f"输出大于 0.5 的那段是 {threshold:.6g} ≤ z < {threshold + width:.6g}。"
                   f"判为 1 的输入是 {'、'.join(right) or '没有'}，应恰好是 (0, 1)、(1, 0)。", found)
        c.unchanged()
