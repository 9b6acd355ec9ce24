"""Checkers of the backprop-math exercises (notebook 06) and the whole-network gradient check that
closes notebook 05.

Hints come from diagnosis: each checker runs the usual wrong versions (a missing transpose, a
forward instead of a centred difference, g(Z) instead of g'(Z), an extra 1/m, sigmoid_backward on
a ReLU layer, ...) on the same inputs and names the one the learner's answer matches.
"""
import copy

import numpy as np

from dnn_utils import (check_network_gradients, compute_cost, initialize_parameters_deep,
                       linear_activation_backward, numerical_gradient, relative_error,
                       relu_backward, sigmoid, sigmoid_backward)
from dnn_utils.model import L_model_forward as _reference_forward

from ._core import Checker

__all__ = ["numerical_jacobian_test_case", "numerical_jacobian_test",
           "dz_recurrence_test_case", "dz_recurrence_test",
           "linear_layer_gradients_test_case", "linear_layer_gradients_test",
           "network_gradient_test_case", "network_gradient_test"]


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


def numerical_jacobian_test(numerical_jacobian):
    W, b, x = numerical_jacobian_test_case()
    x_curved = np.array([[0.3], [-1.2], [0.8]])
    cases = [("z = W x + b", lambda v: W @ v + b, x, W),
             ("sigmoid(x)（逐元素 elementwise）", lambda v: sigmoid(v)[0], x,
              np.diag((sigmoid(x)[0] * (1 - sigmoid(x)[0])).ravel())),
             ("一个非线性函数 R^3 -> R^2", _curved, x_curved, _curved_jacobian(x_curved))]
    with Checker("numerical_jacobian") as c:
        for label, f, x0, expected in cases:
            J = c.returned(c.call(numerical_jacobian, f, x0), f"对 {label} 的返回值")
            # a drifting x also spoils the values, so say that first
            c.unchanged("扰动 x_j 之后要把它恢复原值（或每次用 x 的副本），不要改动传入的 x。")
            k, n = expected.shape
            c.shape(J, (k, n), f"对 {label} 的 Jacobian",
                    wrong={(n, k): "Jacobian 的第 i 行对应输出 f_i、第 j 列对应输入 x_j，"
                                   "形状是 (输出维数, 输入维数)：是否转置了？",
                           (k, 1): "每次只扰动 x 的一个分量 x_j（其余不动），得到第 j 列；"
                                   "不要一次同时扰动所有分量。"})
            c.close(J, expected, f"对 {label} 的 Jacobian", atol=1e-8, rtol=1e-7, wrong=[
                (_jacobian_variant(f, x0, kind="no_half"),
                 "中心差分的分母是 2ε：(f(x+ε e_j) − f(x−ε e_j)) / (2ε)。"),
                (_jacobian_variant(f, x0, kind="forward"),
                 "这是前向差分 (f(x+ε)−f(x))/ε，误差约为 ε 量级；请用中心差分 "
                 "(f(x+ε)−f(x−ε))/(2ε)，误差约为 ε² 量级 (centred difference)。")])


# dz_recurrence(dZ_next, W_next, Z, activation) -> dZ = W_next^T dZ_next * g'(Z)

def dz_recurrence_test_case():
    """dZ_next (2, 4) of layer l+1, W_next (2, 3), Z (3, 4) of layer l (away from the ReLU kink)."""
    rng = np.random.RandomState(11)
    dZ_next = rng.randn(2, 4)
    W_next = rng.randn(2, 3)
    Z = rng.randn(3, 4)
    Z = np.where(np.abs(Z) < 0.05, 0.3, Z)
    return dZ_next, W_next, Z


def _dz_reference(dZ_next, W_next, Z, activation):
    dA = W_next.T @ dZ_next
    return relu_backward(dA, Z) if activation == "relu" else sigmoid_backward(dA, Z)


def dz_recurrence_test(dz_recurrence):
    dZ_next, W_next, Z = dz_recurrence_test_case()
    dA = W_next.T @ dZ_next
    s = sigmoid(Z)[0]
    with Checker("dz_recurrence") as c:
        for activation, other in (("relu", "sigmoid"), ("sigmoid", "relu")):
            what = f'dZ（activation="{activation}"）'
            dZ = c.returned(c.call(dz_recurrence, dZ_next, W_next, Z, activation, error_hint=(
                "dA^[l] = W^[l+1]T dZ^[l+1]：W_next 要转置 (W_next.T)，"
                "(n[l], n[l+1]) × (n[l+1], m) -> (n[l], m)。")), what)
            g = np.maximum(Z, 0) if activation == "relu" else s
            c.shape(dZ, Z.shape, what)
            c.close(dZ, _dz_reference(dZ_next, W_next, Z, activation), what, wrong=[
                (dA, "只算了 W^[l+1]T dZ^[l+1]（即 dA^[l]），还要逐元素乘以 g'(Z^[l])。"),
                (dA * g, f"乘的是 g(Z) 而不是导数 g'(Z)：{activation} 的导数是 "
                         + ("1(Z > 0)。" if activation == "relu" else "s(1−s)，s = sigmoid(Z)。")),
                (_dz_reference(dZ_next, W_next, Z, other),
                 f'activation="{activation}" 时用了 {other} 的导数：请按 activation 选择导数。')])
        c.unchanged()


# linear_layer_gradients(G, A_prev, W) -> (dJ/dA_prev, dJ/dW, dJ/db) for Z = W A_prev + b,
# G = ∂J/∂Z (a true gradient of J, so it already carries any 1/m)

def linear_layer_gradients_test_case():
    """G = ∂J/∂Z (3, 4), A_prev (5, 4), W (3, 5)."""
    rng = np.random.RandomState(5)
    return rng.randn(3, 4), rng.randn(5, 4), rng.randn(3, 5)


def linear_layer_gradients_test(linear_layer_gradients):
    G, A_prev, W = linear_layer_gradients_test_case()
    m = A_prev.shape[1]
    dA, dW, db = W.T @ G, G @ A_prev.T, np.sum(G, axis=1, keepdims=True)
    with Checker("linear_layer_gradients") as c:
        out = c.unpack(c.call(linear_layer_gradients, G, A_prev, W), ["dA_prev", "dW", "db"])
        got_dA, got_dW, got_db = out
        c.shape(got_dA, dA.shape, "dA_prev",
                wrong={(4, 5): "dA_prev 应与 A_prev 同形状 (5, 4)：是 W^T G，不是 G^T W。"})
        c.shape(got_dW, dW.shape, "dW",
                wrong={(5, 3): "dW 应与 W 同形状 (3, 5)：迹方法给出 ∂J/∂W = G A_prev^T，"
                               "不是 A_prev G^T。"})
        c.shape(got_db, db.shape, "db",
                wrong={(3,): "db 应是列向量 (3, 1)：np.sum(G, axis=1, keepdims=True)。",
                       (1, 4): "b 加到每一列（每个样本）上，所以 db 要对样本求和：axis=1，不是 axis=0。"})
        c.close(got_dA, dA, "dA_prev", wrong=[
            (dA / m, "G 已经是 ∂J/∂Z（包含了 1/m），不要再除以 m。")])
        c.close(got_dW, dW, "dW", wrong=[
            (dW / m, "G 已经是 ∂J/∂Z（包含了 1/m），不要再除以 m。"),
            (G @ A_prev[:, ::-1].T, "A_prev 的列是样本，不要重排。")])
        c.close(got_db, db, "db", wrong=[
            (db / m, "这里要求和 (sum)，不是平均：G 已经是 ∂J/∂Z（包含了 1/m），不要再除以 m。")])
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
    L = len(caches)
    grads = {}
    dA = -(Y / AL - (1 - Y) / (1 - AL))
    for l in range(L, 0, -1):
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(
            dA, caches[l - 1], output if l == L else hidden)
        grads[f"dA{l - 1}"] = dA
    return grads


def network_gradient_test(L_model_forward, L_model_backward):
    X, Y, parameters = network_gradient_test_case()
    AL_ref, caches_ref = _reference_forward(X, parameters)
    L = len(caches_ref)
    expected_keys = [f"dA{l - 1}" for l in range(1, L + 1)] + [f"d{p}{l}" for l in range(1, L + 1)
                                                                for p in "Wb"]
    with Checker("network_gradient（L_model_forward + L_model_backward 的梯度检验）") as c:
        AL, caches = c.unpack(c.call(L_model_forward, X, parameters), ["AL", "caches"])
        c.close(AL, AL_ref, "L_model_forward 输出的 AL",
                hint="先让 L_model_forward 通过它自己的检查，再做梯度检验。")
        grads = c.returned(c.call(L_model_backward, AL, Y, caches), "L_model_backward 的返回值")
        hint = None
        if isinstance(grads, dict) and f"dA{L}" in grads:
            hint = ('键的下标差了一：grads["dA" + str(l-1)] 存的是 A^[l-1] 的梯度，'
                    f"所以键是 dA0..dA{L - 1}，没有 dA{L}。")
        c.keys(grads, expected_keys, "grads", hint=hint)
        for k, v in parameters.items():
            c.shape(grads["d" + k], v.shape, f"grads['d{k}']")

        worst = check_network_gradients(parameters, grads, X, Y, forward=L_model_forward)
        if worst > 1e-6:
            suspects = {
                "relu_sigmoid": (_backward_variant(AL_ref, Y, caches_ref, hidden="sigmoid"),
                                 "隐藏层是 ReLU，却用了 sigmoid_backward：隐藏层要用 relu_backward。"),
                "last_relu": (_backward_variant(AL_ref, Y, caches_ref, output="relu"),
                              "输出层是 sigmoid，却用了 relu_backward：最后一层要用 sigmoid_backward。"),
            }
            for k in parameters:
                probe = copy.deepcopy(parameters)
                numeric = numerical_gradient(lambda: compute_cost(L_model_forward(X, probe)[0], Y),
                                             probe[k])
                err = relative_error(grads["d" + k], numeric)
                if err > 1e-6:
                    found = next((h for g, h in suspects.values()
                                  if np.allclose(grads["d" + k], g["d" + k], atol=1e-9)),
                                 "请检查这一层的 linear_backward（dW 的 1/m 与转置）和"
                                 " linear_activation_backward（激活函数的导数）。")
                    c.fail(f"梯度检验失败 (gradient check)：grads['d{k}'] 与中心差分的相对误差是 "
                           f"{err:.2e}（应 < 1e-7）。\n  期望 numeric: {np.round(numeric.ravel()[:6], 8).tolist()}"
                           f"\n  得到 got:     {np.round(np.ravel(grads['d' + k])[:6], 8).tolist()}", found)
            c.fail(f"沿随机方向的梯度检验相对误差是 {worst:.2e}（应 < 1e-7）。")
        c.ok()
        c.unchanged()
