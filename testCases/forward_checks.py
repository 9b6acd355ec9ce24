"""Checkers of notebooks 00-04: notation, forward propagation, shapes, why deep."""
import math

import numpy as np

from ._core import Checker

__all__ = ["count_layers_test_case", "count_layers_test",
           "activation_entry_test_case", "activation_entry_test",
           "forward_single_test_case", "forward_single_test",
           "forward_vectorized_test_case", "forward_vectorized_test",
           "layer_shapes_test_case", "layer_shapes_test",
           "parity_counts_test_case", "parity_counts_test"]


def _random_parameters(layer_dims, rng):
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = rng.randn(layer_dims[l], layer_dims[l - 1])
        params[f"b{l}"] = rng.randn(layer_dims[l], 1)
    return params


def _forward(X, params, hidden="relu", output="sigmoid", bias=True, stop=0):
    """Reference forward pass and the usual wrong variants (activation swaps, no b, early stop)."""
    acts = {"relu": lambda z: np.maximum(0.0, z), "sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)),
            "identity": lambda z: z}
    L = len(params) // 2
    A = X
    for l in range(1, L + 1 - stop):
        Z = params[f"W{l}"] @ A + (params[f"b{l}"] if bias else 0.0)
        A = acts[output if l == L else hidden](Z)
    return A


def count_layers_test_case():
    """Layer sizes [n0, ..., nL] and their L."""
    return [([3, 5, 5, 3, 1], 4), ([2, 3, 5, 4, 2, 1], 5), ([12288, 1], 1),
            ((12288, 20, 7, 5, 1), 4)]


def count_layers_test(count_layers):
    with Checker("count_layers") as c:
        cases = count_layers_test_case()
        results = []
        for dims, L in cases:
            got = c.returned(c.call(count_layers, dims), f"count_layers({list(dims)})")
            if isinstance(got, float):
                c.fail(f"count_layers({list(dims)}) 返回了小数 {got}，L 应是整数 (int)。",
                       "层数用 len(layer_dims) - 1 这样的整数运算得到，不要用 / 或 float()。")
            c.is_type(got, (int, np.integer), f"count_layers({list(dims)})")
            results.append(got)
        for (dims, L), got in zip(cases, results):
            if got != L:
                if len(set(results)) == 1:
                    hint = (f"对不同的网络都返回了 {got}：L 应由参数 layer_dims 算出，"
                            "不要写死某个网络的数字。")
                elif got == len(dims):
                    hint = "输入层是第 0 层，不计入 L：L = 层数列表长度 - 1。"
                elif got == len(dims) - 2:
                    hint = "输出层也要算进 L（L 数的是隐藏层 + 输出层）。"
                else:
                    hint = "L 应由参数 layer_dims 算出，不要写死某个网络的数字。"
                c.fail(f"count_layers({list(dims)}) 返回 {got}，应为 {L}。", hint)
            c.ok()
        c.unchanged()


def activation_entry_test_case():
    """activations [A0, ..., A4] of the network [3, 5, 5, 3, 1] on m = 4 examples, and
    (l, i, k) queries with 1-based i (example) and k (unit)."""
    rng = np.random.RandomState(41)
    dims = [3, 5, 5, 3, 1]
    params = _random_parameters(dims, rng)
    A = rng.randn(3, 4)
    activations = [A]
    for l in range(1, len(dims)):
        A = _forward(A, {"W1": params[f"W{l}"], "b1": params[f"b{l}"]},
                     output="sigmoid" if l == len(dims) - 1 else "relu")
        activations.append(A)
    return activations, [(2, 3, 4), (0, 2, 1), (4, 1, 1), (1, 4, 5), (3, 2, 3)]


def activation_entry_test(activation_entry):
    activations, queries = activation_entry_test_case()
    with Checker("activation_entry") as c:
        for l, i, k in queries:
            what = f"activation_entry(activations, l={l}, i={i}, k={k})"
            got = c.returned(c.call(activation_entry, activations, l, i, k), what)
            expected = activations[l][k - 1, i - 1]
            c.shape(got, (), what, hint="a^[l](i)_k 是一个数：l 选层，k 选行（单元），i 选列（样本），"
                                         "三个下标都要用上：activations[l][k-1, i-1]。")
            wrong = []
            n, m = activations[l].shape
            if i <= n and k <= m:
                wrong.append((activations[l][i - 1, k - 1],
                              "行是单元 k，列是样本 (i)：应取 activations[l][k-1, i-1]。"))
            if k < n and i < m:
                wrong.append((activations[l][k, i],
                              "数学里 i、k 从 1 开始，numpy 下标从 0 开始：要减 1。"))
            if l >= 1 and k <= activations[l - 1].shape[0]:
                wrong.append((activations[l - 1][k - 1, i - 1],
                              "activations[0] 就是 a^[0] = x，所以第 l 层是 activations[l]，不是 [l-1]。"))
            c.close(got, expected, what, wrong=wrong)
        c.unchanged()


def _network_cases(seed, m):
    rng = np.random.RandomState(seed)
    cases = []
    for dims in ([3, 5, 5, 3, 1], [2, 3, 5, 4, 2, 1]):
        params = _random_parameters(dims, rng)
        cases.append((rng.randn(dims[0], m), params))
    return cases


def forward_single_test_case():
    """Two networks (L = 4 and L = 5) with random parameters and one example x (n0, 1) each."""
    return _network_cases(seed=7, m=1)


def forward_vectorized_test_case():
    """The same two networks with m = 6 examples X (n0, 6) each."""
    return _network_cases(seed=8, m=6)


def _check_forward(c, fn, cases, what):
    for X, params in cases:
        L = len(params) // 2
        label = f"{what}（L = {L}）"
        got = c.returned(c.call(fn, X, params, error_hint=(
            "形状对不上：第 l 层是 W^[l] (n^[l], n^[l-1]) 乘上一层的输出 a^[l-1]（不是 x），"
            "W 在左边、不转置；b^[l] 要保持 (n^[l], 1)。")), label)
        expected = _forward(X, params)
        early = _forward(X, params, stop=1)
        c.shape(got, expected.shape, label,
                wrong={early.shape: "少算了最后一层：循环应是 for l in range(1, L + 1)。",
                       (expected.size,): "保持列向量/矩阵形状 (n, m)，不要把结果压平（ravel/flatten）。"})
        c.close(got, expected, label, wrong=[
            (_forward(X, params, hidden="sigmoid"), "隐藏层用 ReLU，只有输出层用 sigmoid。"),
            (_forward(X, params, output="relu"), "输出层 L 要用 sigmoid，不是 ReLU。"),
            (_forward(X, params, output="identity"), "输出层 L 算出 Z 后还要套 sigmoid。"),
            (_forward(X, params, bias=False), "每一层都要加偏置 b：z = W·a + b。"),
            (_forward(X, params, hidden="identity"), "隐藏层算出 Z 后还要套 ReLU：a = g(z)。"),
        ])
    c.unchanged()


def forward_single_test(forward_single):
    with Checker("forward_single") as c:
        _check_forward(c, forward_single, forward_single_test_case(), "a^[L]")


def forward_vectorized_test(forward_vectorized):
    with Checker("forward_vectorized") as c:
        _check_forward(c, forward_vectorized, forward_vectorized_test_case(), "A^[L]")


def layer_shapes_test_case():
    """The seed's L = 5 network and m = 7 examples, with the expected shapes."""
    dims, m = [2, 3, 5, 4, 2, 1], 7
    want = {}
    for l in range(1, len(dims)):
        n, p = dims[l], dims[l - 1]
        want.update({f"W{l}": (n, p), f"b{l}": (n, 1), f"Z{l}": (n, m), f"A{l}": (n, m),
                     f"dW{l}": (n, p), f"db{l}": (n, 1)})
    return dims, m, want


def _shape_hint(name, got, want, m):
    base = name.lstrip("d").rstrip("0123456789")
    if base == "W" and got == want[::-1]:
        return "W^[l] 的形状是 (n^[l], n^[l-1])：行数是本层的单元数，列数是上一层的单元数。"
    if base == "b" and got == (want[0], m):
        return "b^[l] 只有一列 (n^[l], 1)：它靠广播 (broadcasting) 加到 m 列上，不必复制成 m 列。"
    if base == "b" and got == (want[0],):
        return "b 要保持二维列向量 (n^[l], 1)。"
    if base in "ZA" and got == (want[0], 1):
        return "Z^[l] 和 A^[l] 每个样本占一列，共 m 列：形状 (n^[l], m)。"
    if base in "ZA" and got == (m, want[0]):
        return "样本放在列上：形状是 (n^[l], m)，不是 (m, n^[l])。"
    if name.startswith("d"):
        return "导数与对应的量形状相同：dW 与 W 一样，db 与 b 一样。"
    return None


def layer_shapes_test(layer_shapes):
    dims, m, want = layer_shapes_test_case()
    with Checker("layer_shapes") as c:
        got = c.returned(c.call(layer_shapes, dims, m))
        hint = None
        if isinstance(got, dict) and "W0" in got:
            hint = "层号从 1 开始：W1、b1 属于第 1 层，第 0 层（输入）没有参数。"
        if hint is None:
            hint = "每一层 l = 1..L 都要有六个键：W{l}、b{l}、Z{l}、A{l}、dW{l}、db{l}。"
        c.keys(got, want, "返回的字典", hint=hint)
        for name, shape in want.items():
            if isinstance(got[name], np.ndarray):
                c.fail(f"{name} 是一个 numpy 数组，应是形状元组，例如 (3, 2)。",
                       "这里只要形状本身：写成 (n, n_prev) 这样的元组，不要创建数组。")
            try:
                value = tuple(int(s) for s in got[name])
            except (TypeError, ValueError):
                c.fail(f"{name} 应是形状元组，例如 (3, 2)，实际是 {got[name]!r}。")
            if value != shape:
                c.fail(f"{name} 的形状写成了 {value}，应为 {shape}。",
                       _shape_hint(name, value, shape, m))
            c.ok()
        c.unchanged()


def parity_counts_test_case():
    """Input sizes n and (XOR gates of the tree, its depth, units of the shallow network)."""
    return [(n, (n - 1, (n - 1).bit_length(), 2 ** (n - 1))) for n in (2, 3, 4, 5, 8, 10, 1, 16)]


def parity_counts_test(parity_counts):
    with Checker("parity_counts") as c:
        for n, (gates, depth, units) in parity_counts_test_case():
            got = c.unpack(c.call(parity_counts, n), ["gates", "depth", "shallow_units"])
            g, d, u = got
            for value, want, what in ((g, gates, "gates"), (d, depth, "depth"),
                                      (u, units, "shallow_units")):
                if isinstance(value, (float, np.floating)):
                    c.fail(f"n = {n} 的 {what} 是小数 {float(value)}，应是整数。",
                           "np.ceil、np.log2 返回浮点数：用 int(...) 转成整数。")
                c.is_type(value, (int, np.integer), f"n = {n} 的 {what}")
            if g != gates:
                hint = "每个 XOR 门把两个信号合成一个：n 个信号合成 1 个要 n - 1 个门。"
                if g == depth:
                    hint = ("勘误：树的层数是 log2(n)，但门的个数是 n/2 + n/4 + ... + 1 = n - 1，"
                            "不是 O(log n)。")
                c.fail(f"n = {n}：gates = {g}，应为 {gates}。", hint)
            c.ok()
            if d != depth:
                hint = "深度是 XOR 的层数：每层把信号个数减半（向上取整），共 ceil(log2 n) 层。"
                if n == 1:
                    hint = "n = 1 时只有一个信号，不需要任何 XOR 门，深度为 0。"
                elif d == math.floor(math.log2(n)):
                    hint = "n 不是 2 的幂时，落单的信号要多等一层：用向上取整 ceil，不是 floor。"
                c.fail(f"n = {n}：depth = {d}，应为 {depth}。", hint)
            c.ok()
            if u != units:
                hint = "一个隐藏单元识别一种奇数个 1 的输入模式：共 2^(n-1) 种。"
                if u == 2 ** n:
                    hint = "勘误：只需识别奇数个 1 的模式，它们恰好占全部 2^n 种输入的一半：2^(n-1)。"
                c.fail(f"n = {n}：shallow_units = {u}，应为 {units}。", hint)
            c.ok()
