"""Checkers of the backprop-math exercises (notebook 06) and the whole-network gradient check that
closes notebook 05.

Hints come from diagnosis: each checker runs the usual wrong versions (a missing transpose, a
forward instead of a centred difference, g(Z) instead of g'(Z), the W or Z of the wrong layer, an
extra 1/m, sigmoid_backward on a ReLU layer, ...) on the same inputs and names the one the learner's answer matches.
"""
import copy

import numpy as np

from dnn_utils import (check_network_gradients, compute_cost, initialize_parameters_deep,
                       numerical_gradient, relative_error, sigmoid)
from dnn_utils.model import L_model_forward as _reference_forward

from . import crashes, variants
from ._core import Checker
from .blocks import BACKWARD_BLOCKS, FORWARD_BLOCKS, _check_activation_cache
from .blocks import RETURNS as BLOCK_RETURNS
from .hints import hints

# The names of what each exercise returns (its unpack check and testCases.show use them).
RETURNS = {"row_layout_gradients": ("dA_prev", "dW", "db"), "dz_all_layers": ("dZ",)}

__all__ = ["numerical_jacobian_test_case", "numerical_jacobian_test",
           "dz_all_layers_test_case", "dz_all_layers_test",
           "row_layout_gradients_test_case", "row_layout_gradients_test",
           "network_gradient_test_case", "network_gradient_test"]


# hints, each under a stable id (see hints.py)
NJ = hints("numerical_jacobian", {
    "transposed": "Jacobian 的第 i 行对应输出 f_i、第 j 列对应输入 x_j，形状是 (输出维数, 输入维数)：是否转置了？",
    "all_at_once": "每次只扰动 x 的一个分量 x_j（其余不动），得到第 j 列；不要一次同时扰动所有分量。",
    "no_half": "中心差分的分母是 2ε：(f(x+ε e_j) − f(x−ε e_j)) / (2ε)。",
    "forward_difference": "这是前向差分 (f(x+ε)−f(x))/ε，误差约为 ε 量级；请用中心差分 (f(x+ε)−f(x−ε))/(2ε)，误差约为 ε² 量级 (centred difference)。",
    "x_changed_in_place": "x_plus = x 不会复制：x_plus 和 x 是同一个数组，x_plus[j] += eps 改的就是传入的 x（x_minus = x 也一样），"
        "于是 f(x_minus) 其实是 f(x)，结果正好差不多是一半。每次扰动前先复制：x_plus = x.copy()。"
        "（原地扰动、算完再改回去，也是在改动传入的数组，同样不行。）",
    "x_not_restored": "不要改动传入的 x：每次扰动都在 x 的副本上做（x_plus = x.copy()）。",
})
NG = hints("network_gradient", {
    "forward_first": "先让 L_model_forward 通过它自己的检查，再做梯度检验。",
    "caches": "caches 是每层一个 ((A_prev, W, b), Z)：A_prev 是这一层的输入，W、b 是这一层的参数，Z = W A_prev + b；请让 L_model_forward 通过它自己的检查。",
    "keys_off_by_one": '键的下标差了一：grads["dA" + str(l-1)] 存的是 A^[l-1] 的梯度，所以键是 dA0..dA(L-1)，没有 dAL。',
    "hidden_sigmoid": "隐藏层是 ReLU，却用了 sigmoid_backward：隐藏层要用 relu_backward。",
    "last_relu": "输出层是 sigmoid，却用了 relu_backward：最后一层要用 sigmoid_backward。",
    "layer": "请检查这一层的 linear_backward（dW 的 1/m 与转置）和 linear_activation_backward（激活函数的导数）。",
    "dA": 'grads["dA" + str(l-1)] 是 linear_activation_backward 返回的 dA_prev = W^[l]T dZ^[l]：存下的是传给下一步（更浅一层）的那个值。',
})


# numerical_jacobian(f, x, eps=1e-6) -> J (k, n) with J[i, j] = ∂f_i/∂x_j

def numerical_jacobian_test_case():
    """W (3, 4), b (3, 1), x (4, 1): the affine map z = W x + b, whose Jacobian is W."""
    rng = np.random.RandomState(7)
    return rng.randn(3, 4), rng.randn(3, 1), rng.randn(4, 1)


def _curved(x):
    """A nonlinear map R^3 -> R^2 with a known Jacobian (so one-sided differences show)."""
    return np.array([[x[0, 0] * x[1, 0] + np.sin(x[2, 0])], [np.exp(0.5 * x[0, 0]) - x[2, 0] ** 2]])


def _curved_jacobian(x):
    x0, x1, x2 = x[:, 0]
    return np.array([[x1, x0, np.cos(x2)], [0.5 * np.exp(0.5 * x0), 0.0, -2 * x2]])


def _jacobian_variant(f, x, eps=1e-6, kind="centred"):
    """The reference (kind="centred") and the usual wrong versions, for diagnosis."""
    x = np.array(x, dtype=float)
    k, n = f(x).shape[0], x.shape[0]
    J = np.zeros((k, n))
    for j in range(n):
        e = np.zeros_like(x)
        e[j] = eps
        if kind == "forward":
            J[:, j] = ((f(x + e) - f(x)) / eps).ravel()
        elif kind == "no_half":
            J[:, j] = ((f(x + e) - f(x - e)) / eps).ravel()
        else:
            J[:, j] = ((f(x + e) - f(x - e)) / (2 * eps)).ravel()
    return J


def _jacobian_of(c, numerical_jacobian, f, x0, label):
    """The learner's Jacobian of f at a copy of x0; fails if the learner changed that array, even
    for a while (x_plus = x is no copy: x_plus[j] += eps changes x, and f(x - eps e_j) is then
    f(x): the result is half a forward difference)."""
    x = np.array(x0, dtype=float)
    changed = []

    def watched(v):
        if isinstance(v, np.ndarray) and np.shares_memory(v, x) and not np.array_equal(x, x0):
            changed.append(True)
        return f(v)
    J = c.returned(c.call(numerical_jacobian, watched, x, copy_args=False), f"对 {label} 的返回值")
    # a changed x also spoils the values, so say that first
    if changed:
        c.fail(f"对 {label}：计算过程中改动了传入的 x（f 收到的就是被改过的 x 本身）。", NJ["x_changed_in_place"],
               kind="mutated_input")
    if not np.array_equal(x, x0):
        c.fail(f"对 {label}：返回时传入的 x 已经被改动了。", NJ["x_not_restored"], kind="mutated_input")
    c.ok()
    return J


def numerical_jacobian_test(numerical_jacobian):
    W, b, x = numerical_jacobian_test_case()
    x_curved = np.array([[0.3], [-1.2], [0.8]])
    cases = [("z = W x + b", lambda v: W @ v + b, x, W),
             ("sigmoid(x)（逐元素 elementwise）", lambda v: sigmoid(v)[0], x,
              np.diag((sigmoid(x)[0] * (1 - sigmoid(x)[0])).ravel())),
             ("一个非线性函数 R^3 -> R^2", _curved, x_curved, _curved_jacobian(x_curved))]
    with Checker("numerical_jacobian") as c:
        for label, f, x0, expected in cases:
            J = _jacobian_of(c, numerical_jacobian, f, x0, label)
            k, n = expected.shape
            c.shape(J, (k, n), f"对 {label} 的 Jacobian",
                    wrong={(n, k): NJ["transposed"], (k, 1): NJ["all_at_once"]})
            c.close(J, expected, f"对 {label} 的 Jacobian", atol=1e-8, rtol=1e-7, wrong=[
                (_jacobian_variant(f, x0, kind="no_half"), NJ["no_half"]),
                (_jacobian_variant(f, x0, kind="forward"), NJ["forward_difference"])])


# dz_all_layers(dZL, caches) -> {l: dZ[l]}, the recurrence dZ[l] = W[l+1]^T dZ[l+1] * relu'(Z[l])
# from the output layer down (ReLU hidden layers; layer l + 1 is caches[l])

DZ = hints("dz_all_layers", {
    "shape_error": "形状对不上。dZ[l] = W[l+1]ᵀ dZ[l+1] ⊙ relu'(Z[l])：(n[l], n[l+1]) × (n[l+1], m) → (n[l], m)。"
        "第 l+1 层的 W 在 caches[l][0][1]，第 l 层的 Z 在 caches[l-1][1]（caches 从 0 数起，层号从 1 数起）；W 要转置。",
    "w_index": "dZ[l] 是从第 l+1 层传回来的：要乘第 l+1 层的 W 的转置，它在 caches[l][0][1]；"
        "caches[l-1][0][1] 是第 l 层自己的 W。",
    "z_index": "ReLU 的导数要用本层（第 l 层）的 Z，它在 caches[l-1][1]；caches[l][1] 是第 l+1 层的 Z。",
    "no_transpose": "W[l+1] 的形状是 (n[l+1], n[l])，要先转置成 (n[l], n[l+1]) 再乘 dZ[l+1]：W_next.T @ dZ[l+1]。",
    "no_derivative": "只算了 W[l+1]ᵀ dZ[l+1]（也就是 dA[l]），还要逐元素乘 ReLU 的导数 (Z[l] > 0)。",
    "g_not_derivative": "乘的是 relu(Z) 本身，不是它的导数：relu'(Z) 在 Z > 0 时是 1，否则是 0，写成 (Z > 0)。",
    "sigmoid_derivative": "隐藏层是 ReLU，不是 sigmoid：导数是 (Z > 0)，不是 s(1 − s)。",
    "relu_at_zero": "Z 恰好等于 0 的地方导数取 0：用 Z > 0，不是 Z >= 0（课程的 relu_backward 也是这样取的）。",
    "missing_output": "dZ[L] 也要放进字典（键 L）：它就是传入的 dZL。",
    "stops_early": "循环要一直走到第 1 层：range(L - 1, 0, -1) 的终点 0 不包括在内，最后一步正是 l = 1。",
    "zero_based_keys": "字典的键是层号 l = 1..L（与 W1、Z1 的编号一样），不是 caches 的下标 0..L-1。",
    "int_keys": "键是整数层号，写 dZ[l] = ...（例如 dZ[2]），不是字符串 'dZ2'。",
    "loop_direction": "dZ[l] 要用到 dZ[l+1]，所以只能从输出层往回算：l 从 L - 1 递减到 1，for l in range(L - 1, 0, -1)。",
    "caches_index": "caches 有 L 项，从 0 数起：第 l 层是 caches[l - 1]，第 l+1 层是 caches[l]；L = len(caches)。",
})

crashes.add(["dz_all_layers"], KeyError, r"^\d+$", DZ["loop_direction"])
crashes.add(["dz_all_layers"], IndexError, r"(list|tuple) index out of range", DZ["caches_index"])


def _dz_case(dims, m, seed, zero_column):
    """(dZL, caches) of a forward pass through dims (zero biases, so the zero example column gives
    Z exactly 0 in every layer: relu'(0) is tested), with dZL = AL - Y."""
    rng = np.random.RandomState(seed)
    params = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = rng.randn(dims[l], dims[l - 1]) / np.sqrt(dims[l - 1])
        params[f"b{l}"] = np.zeros((dims[l], 1))
    X = rng.randn(dims[0], m)
    if zero_column is not None:
        X[:, zero_column] = 0.0
    Y = (rng.rand(dims[-1], m) > 0.5).astype(float)
    AL, caches = variants.forward(X, params)
    return AL - Y, caches


def dz_all_layers_test_case():
    """Two networks, as (label, dZL, caches): [4, 4, 4, 4] with m = 3 (every layer as wide as the
    next, so a wrong W or Z index shows in the values; example 2 is all zeros, so Z = 0 occurs), and
    the [3, 4, 4, 1] network of section 1 with its one example (x, y = 1)."""
    dZL, caches = _dz_case([4, 4, 4, 4], 3, seed=6, zero_column=1)
    params = initialize_parameters_deep([3, 4, 4, 1], seed=2, init="lecun")
    x = np.random.RandomState(0).randn(3, 1)
    aL, section1 = variants.forward(x, params)
    return [("[4, 4, 4, 4]，m = 3", dZL, caches), ("第 1 节的 [3, 4, 4, 1]，一个样本", aL - 1.0, section1)]


def _dz_hidden():
    return [("[5, 3, 6, 2, 4, 1]，m = 4",) + _dz_case([5, 3, 6, 2, 4, 1], 4, seed=7, zero_column=2)]


def _relu_prime(Z, at_zero=False):
    return ((Z >= 0) if at_zero else (Z > 0)).astype(float)


# A mistake is one way of taking a step of the recurrence: step(dZ_next, caches, l) -> dZ[l]
_DZ_STEPS = {
    "right": lambda d, c, l: (c[l][0][1].T @ d) * _relu_prime(c[l - 1][1]),
    "relu_at_zero": lambda d, c, l: (c[l][0][1].T @ d) * _relu_prime(c[l - 1][1], at_zero=True),
    "no_derivative": lambda d, c, l: c[l][0][1].T @ d,
    "g_not_derivative": lambda d, c, l: (c[l][0][1].T @ d) * np.maximum(c[l - 1][1], 0.0),
    "sigmoid_derivative": lambda d, c, l: (c[l][0][1].T @ d) * variants.ACTIVATIONS["sigmoid"](c[l - 1][1])
                                          * (1.0 - variants.ACTIVATIONS["sigmoid"](c[l - 1][1])),
    "w_index": lambda d, c, l: (c[l - 1][0][1].T @ d) * _relu_prime(c[l - 1][1]),
    "z_index": lambda d, c, l: (c[l][0][1].T @ d) * _relu_prime(c[l][1]),
    "no_transpose": lambda d, c, l: (c[l][0][1] @ d) * _relu_prime(c[l - 1][1]),
}


def _dz_sweep(dZL, caches, step):
    """{l: dZ[l]} of the whole sweep with one kind of step; None where that mistake cannot even run."""
    L = len(caches)
    dZ = {L: dZL}
    try:
        with np.errstate(all="ignore"):
            for l in range(L - 1, 0, -1):
                dZ[l] = step(dZ[l + 1], caches, l)
    except ValueError:
        return None
    return dZ


def _dz_key_hint(L):
    def found(missing, extra):
        if extra and all(isinstance(k, str) for k in extra):
            return DZ["int_keys"]
        if missing == [L] and not extra:
            return DZ["missing_output"]
        if missing == [1] and not extra:
            return DZ["stops_early"]
        if 0 in extra and L in missing:
            return DZ["zero_based_keys"]
        return None
    return found


def dz_all_layers_test(dz_all_layers):
    cases = [(label, dZL, caches, False) for label, dZL, caches in dz_all_layers_test_case()]
    cases += [(label, dZL, caches, True) for label, dZL, caches in _dz_hidden()]
    with Checker("dz_all_layers") as c:
        for label, dZL, caches, hidden in cases:
            L = len(caches)
            got = c.returned(c.call(dz_all_layers, dZL, caches, error_hint=DZ["shape_error"], hidden=hidden),
                             f"dz_all_layers（{label}）的返回值")
            c.keys(got, range(1, L + 1), f"dz_all_layers（{label}）返回的字典", hint=_dz_key_hint(L))
            sweeps = {name: _dz_sweep(dZL, caches, step) for name, step in _DZ_STEPS.items()}
            for l in range(L, 0, -1):
                wrong = [(sweep[l], DZ[name]) for name, sweep in sweeps.items()
                         if name != "right" and sweep is not None]
                c.close(got[l], sweeps["right"][l], f"dZ[{l}]（{label}）", wrong=wrong, hidden=hidden)
        c.unchanged()


# row_layout_gradients(G, A_prev, W) -> (dJ/dA_prev, dJ/dW, dJ/db) for Z = A_prev W + b with the
# examples as rows (PyTorch's layout), G = ∂J/∂Z (a true gradient of J, so it already carries any 1/m)

RLG = hints("row_layout_gradients", {
    "shape_error": "形状对不上。这里每一行是一个样本：G (m, n)、A_prev (m, n_prev)、W (n_prev, n)。先写出三个结果的形状"
        "（dA_prev 与 A_prev 同形 (m, n_prev)，dW 与 W 同形 (n_prev, n)，db 与 b 同形 (1, n)），再看哪两个矩阵、"
        "转置与否、谁在左边才乘得出这个形状。第 4 节列排法的 Wᵀ G、G A_prevᵀ 在这里乘不起来。",
    "dA_transposed": "dA_prev 要与 A_prev 同形 (m, n_prev)：每一行仍是一个样本。你的结果是它的转置。",
    "dW_transposed": "dW 要与 W 同形 (n_prev, n)：你的结果是它的转置 (n, n_prev)。",
    "db_axis": "b 是一行 (1, n)，被广播加到每一行（每个样本）上：db 要沿样本的方向求和，即 axis=0，不是 axis=1。",
    "db_not_row": "db 要保持二维的一行 (1, n)，与 b 同形：求和时加上 keepdims=True。",
    "extra_1_over_m": "G 已经是 ∂J/∂Z（平均用的 1/m 已经含在里面），不要再除以 m。",
    "db_mean": "这里要求和 (sum)，不是平均 (mean)：G 已经是 ∂J/∂Z（含有 1/m），不要再除以 m。",
})


def row_layout_gradients_test_case():
    """G = ∂J/∂Z (4, 3), A_prev (4, 5), W (5, 3): m = 4 examples as rows, n_prev = 5, n = 3."""
    rng = np.random.RandomState(5)
    G, A_prev, W = rng.randn(3, 4), rng.randn(5, 4), rng.randn(3, 5)     # drawn as columns
    return G.T.copy(), A_prev.T.copy(), W.T.copy()


def _row_layout_hidden():
    """Cases printed nowhere: all sizes equal (shapes cannot tell the products apart) and one example."""
    rng = np.random.RandomState(41)
    return [(rng.randn(4, 4), rng.randn(4, 4), rng.randn(4, 4)),
            (rng.randn(1, 2), rng.randn(1, 3), rng.randn(3, 2))]


def row_layout_gradients_test(row_layout_gradients):
    cases = [(row_layout_gradients_test_case(), False)] + [(case, True) for case in _row_layout_hidden()]
    with Checker("row_layout_gradients") as c:
        for (G, A_prev, W), hidden in cases:
            m, n = G.shape
            dA, dW, db = G @ W.T, A_prev.T @ G, np.sum(G, axis=0, keepdims=True)
            out = c.unpack(c.call(row_layout_gradients, G, A_prev, W, error_hint=RLG["shape_error"], hidden=hidden),
                           RETURNS["row_layout_gradients"])
            got_dA, got_dW, got_db = out
            c.shape(got_dA, dA.shape, "dA_prev", wrong={dA.shape[::-1]: RLG["dA_transposed"]})
            c.shape(got_dW, dW.shape, "dW", wrong={dW.shape[::-1]: RLG["dW_transposed"]})
            c.shape(got_db, db.shape, "db", wrong={(n,): RLG["db_not_row"], (m, 1): RLG["db_axis"],
                                                   (m,): RLG["db_axis"]})
            c.close(got_dA, dA, "dA_prev", wrong=[(dA / m, RLG["extra_1_over_m"])], hidden=hidden)
            c.close(got_dW, dW, "dW", wrong=[(dW / m, RLG["extra_1_over_m"])], hidden=hidden)
            c.close(got_db, db, "db", wrong=[(db / m, RLG["db_mean"])], hidden=hidden)
        c.unchanged()


# network_gradient_test(L_model_forward, L_model_backward): the assembled network, gradient-checked

def network_gradient_test_case():
    """X (4, 6), Y (1, 6), parameters of a [4, 5, 3, 1] network (every |Z| > 1e-3, away from the
    ReLU kink, so finite differences are valid)."""
    rng = np.random.RandomState(2)
    X = rng.randn(4, 6)
    Y = np.array([[1.0, 0.0, 1.0, 1.0, 0.0, 0.0]])
    parameters = initialize_parameters_deep([4, 5, 3, 1], seed=1, init="lecun")
    for l in (1, 2, 3):
        parameters[f"b{l}"] = np.full((parameters[f"W{l}"].shape[0], 1), 0.1)
    return X, Y, parameters


def _backward_variant(AL, Y, caches, hidden="relu", output="sigmoid"):
    """L_model_backward with chosen activations, for diagnosis."""
    return variants.backward(AL, Y, caches, variants.course_acts(len(caches), hidden, output))


def _hidden_network_case():
    """A second network (drawn here, printed nowhere) so hard-coded published values fail."""
    rng = np.random.RandomState(23)
    X = rng.randn(3, 5)
    Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0]])
    parameters = initialize_parameters_deep([3, 4, 2, 1], seed=5, init="lecun")
    for l in (1, 2, 3):
        parameters[f"b{l}"] = np.full((parameters[f"W{l}"].shape[0], 1), 0.2)
    return X, Y, parameters


def network_gradient_test(L_model_forward, L_model_backward):
    with Checker("network_gradient", title="network_gradient（L_model_forward + L_model_backward 的梯度检验）") as c:
        with c.reference_blocks(L_model_forward, FORWARD_BLOCKS), \
                c.reference_blocks(L_model_backward, BACKWARD_BLOCKS):
            for (X, Y, parameters), hidden in ((network_gradient_test_case(), False),
                                               (_hidden_network_case(), True)):
                _network_gradient_case(c, L_model_forward, L_model_backward, X, Y, parameters, hidden)
        c.unchanged()


def _network_gradient_case(c, L_model_forward, L_model_backward, X, Y, parameters, hidden):
    AL_ref, caches_ref = _reference_forward(X, parameters)
    L = len(caches_ref)
    expected_keys = [f"dA{l - 1}" for l in range(1, L + 1)] + [f"d{p}{l}" for l in range(1, L + 1)
                                                                for p in "Wb"]
    AL, caches = c.unpack(c.call(L_model_forward, X, parameters, exercise="L_model_forward", hidden=hidden),
                          BLOCK_RETURNS["L_model_forward"])
    c.close(AL, AL_ref, "L_model_forward 输出的 AL", hint=NG["forward_first"], hidden=hidden)
    c.is_type(caches, list, "L_model_forward 输出的 caches", hint=NG["caches"])
    if len(caches) != L:
        c.fail(f"caches 应有 L = {L} 项（每层一个），实际有 {len(caches)} 项。", NG["caches"])
    for l, (got_cache, want_cache) in enumerate(zip(caches, caches_ref), start=1):
        _check_activation_cache(c, got_cache, want_cache, f"caches[{l - 1}]（第 {l} 层）", hidden,
                                struct_hint=NG["caches"], linear_hint=NG["caches"], z_hint=NG["caches"])
    grads = c.returned(c.call(L_model_backward, AL, Y, caches, exercise="L_model_backward", hidden=hidden),
                       "L_model_backward 的返回值")
    key_hint = NG["keys_off_by_one"] if isinstance(grads, dict) and f"dA{L}" in grads else None
    c.keys(grads, expected_keys, "grads", hint=key_hint)
    shapes = {f"dA{l - 1}": caches_ref[l - 1][0][0].shape for l in range(1, L + 1)}
    shapes.update({"d" + k: v.shape for k, v in parameters.items()})
    got = {k: c.shape(grads[k], shapes[k], f"grads['{k}']") for k in expected_keys}

    # the numerical side uses the reference forward: the learner's forward was checked above, and a
    # forward that ignores its parameters would make all-zero gradients look right
    worst = check_network_gradients(parameters, {k: got[k] for k in got if not k.startswith("dA")},
                                    X, Y, forward=_reference_forward)
    suspects = [(_backward_variant(AL_ref, Y, caches_ref, hidden="sigmoid"), NG["hidden_sigmoid"]),
                (_backward_variant(AL_ref, Y, caches_ref, output="relu"), NG["last_relu"])]
    if not worst <= 1e-6:
        for k in parameters:
            probe = copy.deepcopy(parameters)
            numeric = numerical_gradient(lambda: compute_cost(_reference_forward(X, probe)[0], Y),
                                         probe[k])
            err = relative_error(got["d" + k], numeric)
            if not err <= 1e-6:
                found = next((h for g, h in suspects
                              if np.allclose(got["d" + k], g["d" + k], atol=1e-9)), NG["layer"])
                shown = "" if hidden else (f"\n  期望 numeric: {np.round(numeric.ravel()[:6], 8).tolist()}"
                                           f"\n  得到 got:     {np.round(got['d' + k].ravel()[:6], 8).tolist()}")
                c.fail(f"梯度检验失败 (gradient check)：grads['d{k}'] 与中心差分的相对误差是 "
                       f"{err:.2e}（应 < 1e-7）。{shown}", found)
        c.fail(f"沿随机方向的梯度检验相对误差是 {worst:.2e}（应 < 1e-7）。", NG["layer"])
    c.ok()
    want = _backward_variant(AL_ref, Y, caches_ref)
    for l in range(L, 0, -1):
        k = f"dA{l - 1}"
        c.close(got[k], want[k], f"grads['{k}']", hint=NG["dA"], hidden=hidden,
                wrong=[(g[k], h) for g, h in suspects])


def _jacobian_show_calls():
    W, b, x = numerical_jacobian_test_case()
    return [("（f(x) = W x + b，x 是 (4, 1)）", (lambda v: W @ v + b, x))]


# How testCases.show(fn) calls an exercise whose published case is not its arguments.
SHOW_CALLS = {"numerical_jacobian": _jacobian_show_calls,
              "dz_all_layers": lambda: [(f"（{label}）", (dZL, caches)) for label, dZL, caches in dz_all_layers_test_case()]}
