"""Checkers of notebooks 00-04: notation, forward propagation, shapes, why deep.

Every checker ends with a case whose answers appear in no docstring and no message (its failure
message names the input and what was returned, never the expected value), so an answer copied
from a published case or hard-coded from a failure message fails."""
import math

import numpy as np

from . import crashes, variants
from ._core import Checker
from .hints import hint, hints

__all__ = ["count_layers_test_case", "count_layers_test",
           "activation_entry_test_case", "activation_entry_test",
           "forward_single_test_case", "forward_single_test",
           "forward_vectorized_test_case", "forward_vectorized_test",
           "layer_shapes_test_case", "layer_shapes_test",
           "parity_counts_test_case", "parity_counts_test",
           "parity_network_test_case", "parity_network_test"]

HIDDEN = ("（这是一个不公开答案的检查用例：公开用例都对而这里错，多半是把某个数写死了。）")


def _is_int(value):
    """An integer count: Python or numpy int, and not bool (True is an int to Python)."""
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _random_parameters(layer_dims, rng):
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = rng.randn(layer_dims[l], layer_dims[l - 1])
        params[f"b{l}"] = rng.randn(layer_dims[l], 1)
    return params


def _forward(X, params, hidden="relu", output="sigmoid", bias=True, stop=0, L=None):
    """Reference forward pass and the usual wrong variants (activation swaps, no b, a loop that
    stops `stop` layers early, a hard-coded number of layers L)."""
    L = len(params) // 2 if L is None else L
    acts = variants.course_acts(L, hidden, output)[:L - stop]
    return variants.forward(X, params, acts, bias=bias, L=L - stop)[0]


def _matches(got, value):
    """got is a real numeric array equal to value (used to diagnose, never to accept)."""
    return (isinstance(got, np.ndarray) and got.dtype.kind in "fiu" and got.shape == value.shape
            and bool(np.allclose(got, value, atol=1e-7, rtol=1e-6)))


# count_layers (00)

COUNT = hints("count_layers", {
    "float": "层数用 len(layer_dims) - 1 这样的整数运算得到，不要用 / 或 float()。",
    "bool": "返回的是 True/False：L 是一个整数，例如 len(layer_dims) - 1。",
    "hard_coded": "L 应由参数 layer_dims 算出，不要写死某个网络的数字。",
    "input_layer_counted": "输入层是第 0 层，不计入 L：L = 层数列表长度 - 1。",
    "output_layer_missing": "输出层也要算进 L（L 数的是隐藏层 + 输出层）。",
})


def count_layers_test_case():
    """Layer sizes [n0, ..., nL] and their L."""
    return [([3, 5, 5, 3, 1], 4), ([2, 3, 5, 4, 2, 1], 5), ([12288, 1], 1),
            ((12288, 20, 7, 5, 1), 4)]


def _count_layers_hidden():
    rng = np.random.RandomState(1904)
    return [list(map(int, rng.randint(1, 50, size=size))) for size in (8, 3, 11)]


def _count_result(c, count_layers, dims, hidden=False):
    what = f"count_layers({list(dims)})"
    got = c.returned(c.call(count_layers, dims, hidden=hidden), what)
    if isinstance(got, (float, np.floating)):
        c.fail(f"{what} 返回了小数 {got}，L 应是整数 (int)。", COUNT["float"])
    if isinstance(got, (bool, np.bool_)):
        c.fail(f"{what} 返回了 {got}（bool），L 应是整数 (int)。", COUNT["bool"])
    c.is_type(got, (int, np.integer), what)
    return got


def count_layers_test(count_layers):
    with Checker("count_layers") as c:
        cases = count_layers_test_case()
        results = [_count_result(c, count_layers, dims) for dims, _ in cases]
        for (dims, L), got in zip(cases, results):
            if got != L:
                if len(set(results)) == 1:
                    hint = COUNT["hard_coded"]
                elif got == len(dims):
                    hint = COUNT["input_layer_counted"]
                elif got == len(dims) - 2:
                    hint = COUNT["output_layer_missing"]
                else:
                    hint = COUNT["hard_coded"]
                c.fail(f"count_layers({list(dims)}) 返回 {got}，应为 {L}。", hint)
            c.ok()
        for dims in _count_layers_hidden():
            got = _count_result(c, count_layers, dims, hidden=True)
            if got != len(dims) - 1:
                c.fail(f"count_layers({dims}) 返回 {got}，不对{HIDDEN}", COUNT["hard_coded"])
            c.ok()
        c.unchanged()


# activation_entry (01)

ENTRY = hints("activation_entry", {
    "not_a_number": "a^[l](i)_k 是一个数：l 选层，k 选行（单元），i 选列（样本），"
        "三个下标都要用上：activations[l][k-1, i-1]。",
    "rows_columns_swapped": "行是单元 k，列是样本 (i)：应取 activations[l][k-1, i-1]。",
    "not_minus_one": "数学里 i、k 从 1 开始，numpy 下标从 0 开始：要减 1。",
    "layer_minus_one": "activations[0] 就是 a^[0] = x，所以第 l 层是 activations[l]，不是 [l-1]。",
})


def _activations(dims, m, rng):
    params = _random_parameters(dims, rng)
    A = rng.randn(dims[0], m)
    activations = [A]
    for l in range(1, len(dims)):
        A = _forward(A, {"W1": params[f"W{l}"], "b1": params[f"b{l}"]},
                     output="sigmoid" if l == len(dims) - 1 else "relu")
        activations.append(A)
    return activations


def activation_entry_test_case():
    """activations [A0, ..., A4] of the network [3, 5, 5, 3, 1] on m = 4 examples, and
    (l, i, k) queries with 1-based i (example) and k (unit)."""
    activations = _activations([3, 5, 5, 3, 1], 4, np.random.RandomState(41))
    return activations, [(2, 3, 4), (0, 2, 1), (4, 1, 1), (1, 4, 5), (3, 2, 3)]


def _entry_hidden():
    # a seed where every query's right value and the usual mistakes' values all differ
    rng = np.random.RandomState(2709)
    return _activations([4, 6, 3, 2], 5, rng), [(1, 2, 3), (2, 2, 1), (3, 4, 1), (0, 5, 4), (1, 5, 6)]


def _entry_wrong(activations, l, i, k):
    wrong = []
    n, m = activations[l].shape
    if i <= n and k <= m:
        wrong.append((activations[l][i - 1, k - 1], ENTRY["rows_columns_swapped"]))
    if k < n and i < m:
        wrong.append((activations[l][k, i], ENTRY["not_minus_one"]))
    if l >= 1 and k <= activations[l - 1].shape[0] and i <= activations[l - 1].shape[1]:
        wrong.append((activations[l - 1][k - 1, i - 1], ENTRY["layer_minus_one"]))
    return wrong


def _entry_mistake(c, activation_entry, cases):
    """The one mistake that explains every wrong answer (a single query can fit two mistakes:
    a ReLU output is often 0 at both wrong places); None if not exactly one does."""
    fits = {ENTRY["rows_columns_swapped"], ENTRY["not_minus_one"], ENTRY["layer_minus_one"]}
    for acts, qs, secret in cases:
        for l, i, k in qs:
            try:
                got = float(c.call(activation_entry, acts, l, i, k, hidden=secret))
            except Exception:
                continue        # a query the mistake cannot answer tells nothing here
            if np.isclose(got, acts[l][k - 1, i - 1]):
                continue
            fits -= {h for v, h in _entry_wrong(acts, l, i, k) if not np.isclose(got, v)}
    return next(iter(fits)) if len(fits) == 1 else None


def activation_entry_test(activation_entry):
    activations, queries = activation_entry_test_case()
    hidden, hidden_queries = _entry_hidden()
    cases = ((activations, queries, False), (hidden, hidden_queries, True))
    with Checker("activation_entry") as c:
        for acts, qs, secret in cases:
            for l, i, k in qs:
                what = f"activation_entry(activations, l={l}, i={i}, k={k})"
                got = c.returned(c.call(activation_entry, acts, l, i, k, hidden=secret), what)
                c.shape(got, (), what, hint=ENTRY["not_a_number"])
                expected = acts[l][k - 1, i - 1]
                wrong = _entry_wrong(acts, l, i, k)
                if not np.isclose(got, expected):
                    mistake = _entry_mistake(c, activation_entry, cases)
                    wrong = [(got, mistake)] if mistake else wrong
                c.close(got, expected, what, wrong=wrong, hidden=secret)
        c.unchanged()


# forward_single, forward_vectorized (02)

FWD_SHAPE_NOTE = ("形状对不上：第 l 层是 W^[l] (n^[l], n^[l-1]) 乘上一层的输出 a^[l-1]（不是 x），"
                  "W 在左边、不转置；b^[l] 要保持 (n^[l], 1)。")
FWD = hints("forward", {
    "shape_error": FWD_SHAPE_NOTE,
    "hard_coded_l": "不要写死层数 L：检查用了层数不同的网络。用 L = len(parameters) // 2 从参数字典算出 L，"
        "循环 for l in range(1, L + 1)，第 L 层用 sigmoid。",
    "missing_last_layer": "少算了最后一层：循环应是 for l in range(1, L + 1)，L = len(parameters) // 2（不要写死）。",
    "flattened": "保持列向量/矩阵形状 (n, m)，不要把结果压平（ravel/flatten）。",
    "sigmoid_hidden": "隐藏层用 ReLU，只有输出层用 sigmoid。",
    "relu_output": "输出层 L 要用 sigmoid，不是 ReLU。",
    "no_output_activation": "输出层 L 算出 Z 后还要套 sigmoid。",
    "no_bias": "每一层都要加偏置 b：z = W·a + b。",
    "no_hidden_activation": "隐藏层算出 Z 后还要套 ReLU：a = g(z)。",
})
FWD_ROWS_TEXT = ("样本要排成列：np.column_stack(examples) 或 np.stack(examples, axis=1) 得到 (n^[0], m)；"
                 "np.array(examples) 和 np.vstack 把样本排成了行 (m, n^[0])。")
FWD_VECTORIZED = hints("forward_vectorized", {
    "loop_over_examples": "对样本写了循环：W^[1] 被乘了 {count} 次（m = {m}）。先把样本排成矩阵的列 "
        "X = np.column_stack(examples)（形状 (n^[0], m)），每一层只做一次 W @ A。",
    "examples_as_rows": FWD_ROWS_TEXT,
    "shape_error": FWD_ROWS_TEXT + " " + FWD_SHAPE_NOTE,
    "reshape_not_transpose": "reshape 不是转置：np.array(examples) 是 (m, n^[0])，reshape(-1, m) 得到的形状虽然是 (n^[0], m)，"
        "却是把所有数一行接一行重新切开，每一列混进了好几个样本的数（第 11 讲的 reshape(-1, m) 陷阱）。"
        "用 np.column_stack(examples) 或 np.array(examples).T。",
    "column_order": "第 i 列应是第 i 个样本的输出：列的顺序要与 examples 的顺序一致。",
})


def _network_cases(seed, m, dims_list=([3, 5, 5, 3, 1], [2, 3, 5, 4, 2, 1])):
    rng = np.random.RandomState(seed)
    cases = []
    for dims in dims_list:
        params = _random_parameters(dims, rng)
        cases.append((rng.randn(dims[0], m), params))
    return cases


def forward_single_test_case():
    """Two networks (L = 4 and L = 5) with random parameters and one example x (n0, 1) each."""
    return _network_cases(seed=7, m=1)


def forward_vectorized_test_case():
    """The same two networks with m = 6 examples each, given as a list of 1-D arrays (n0,)."""
    return [(list(X.T.copy()), params) for X, params in _network_cases(seed=8, m=6)]


def _hidden_networks(seed, m):
    return _network_cases(seed, m, dims_list=([4, 6, 2, 3], [3, 4, 4, 4, 4, 4, 2]))


def _forward_wrong(X, params):
    return [(_forward(X, params, hidden="sigmoid"), FWD["sigmoid_hidden"]),
            (_forward(X, params, output="relu"), FWD["relu_output"]),
            (_forward(X, params, output="identity"), FWD["no_output_activation"]),
            (_forward(X, params, bias=False), FWD["no_bias"]),
            (_forward(X, params, hidden="identity"), FWD["no_hidden_activation"])]


def _shape_diagnosis(got, X, params, depths):
    """The hint for an output of the wrong shape: hard-coded L (another case's depth), a loop that
    stops one layer early, or a flattened result."""
    L = len(params) // 2
    for other in sorted(depths):
        if other < L and _matches(got, _forward(X, params, L=other)):
            return FWD["hard_coded_l"]
    expected = _forward(X, params)
    if isinstance(got, np.ndarray) and got.shape == (expected.size,):
        return FWD["flattened"]
    if isinstance(got, np.ndarray) and got.shape == _forward(X, params, stop=1).shape:
        return FWD["missing_last_layer"]
    return None


# a KeyError for a layer the network does not have: L was hard-coded (or the loop runs too far)
crashes.add(["forward_single", "forward_vectorized"], KeyError, r"^'?[Wb]\d+'?$", FWD["hard_coded_l"],
            when=lambda ctx: ctx.key_past_end())


def _check_forward(c, fn, cases, what, to_arg=lambda X: X, hidden=(), count_products=False):
    depths = {len(p) // 2 for _, p in list(cases) + list(hidden)}
    for secret, (X, params) in [(False, case) for case in cases] + [(True, h) for h in hidden]:
        L = len(params) // 2
        label = f"{what}（L = {L}）"
        _PRODUCTS[0] = 0
        got = c.returned(c.call(fn, to_arg(X), _counting(params) if count_products else params,
                                error_hint=FWD_VECTORIZED["shape_error"] if count_products else FWD["shape_error"], hidden=secret), label)
        m = X.shape[1]
        if count_products and _PRODUCTS[0] >= m > 1:
            c.fail(f"每一层应只做一次矩阵乘法，你的代码让 W^[1] 参与了 {_PRODUCTS[0]} 次乘法。",
                   FWD_VECTORIZED["loop_over_examples"].format(count=_PRODUCTS[0], m=m))
        expected = _forward(X, params)
        c.shape(got, expected.shape, label, hint=_shape_diagnosis(got, X, params, depths))
        wrong = _forward_wrong(X, params)
        if m > 1:
            wrong.append((expected[:, ::-1], FWD_VECTORIZED["column_order"]))
            scrambled = np.array(list(X.T)).reshape(-1, m)   # np.array(examples).reshape(-1, m)
            wrong.append((_forward(scrambled, params), FWD_VECTORIZED["reshape_not_transpose"]))
        if secret:
            c.close(got, expected, label, wrong=wrong, hidden=True)
        else:
            c.close(got, expected, label, wrong=wrong)
    c.unchanged()


def forward_single_test(forward_single):
    with Checker("forward_single") as c:
        _check_forward(c, forward_single, forward_single_test_case(), "a^[L]",
                       hidden=_hidden_networks(seed=70, m=1))


# A weight matrix that counts the matrix products it takes part in, to tell one product per layer
# (vectorised) from one per example (a loop). Everything else behaves like a plain ndarray.
_PRODUCTS = [0]
_PRODUCT_FUNCS = {np.dot, np.matmul, np.inner, np.tensordot, np.einsum, np.vdot}


def _plain(obj):
    if isinstance(obj, _CountingMatrix):
        return obj.view(np.ndarray)
    if isinstance(obj, (list, tuple)):
        return type(obj)(_plain(o) for o in obj)
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    return obj


class _CountingMatrix(np.ndarray):
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if ufunc is np.matmul:
            _PRODUCTS[0] += 1
        return getattr(ufunc, method)(*_plain(inputs), **_plain(kwargs))

    def __array_function__(self, func, types, args, kwargs):
        if func in _PRODUCT_FUNCS:
            _PRODUCTS[0] += 1
        return func(*_plain(args), **_plain(kwargs))

    def dot(self, other, out=None):
        _PRODUCTS[0] += 1
        return self.view(np.ndarray).dot(_plain(other), out=_plain(out))

    def __repr__(self):
        return repr(self.view(np.ndarray))

    __str__ = lambda self: str(self.view(np.ndarray))  # noqa: E731


def _counting(params):
    return {k: (v.view(_CountingMatrix) if k == "W1" else v) for k, v in params.items()}


def forward_vectorized_test(forward_vectorized):
    cases = [(np.column_stack(ex), p) for ex, p in forward_vectorized_test_case()]
    hidden = _hidden_networks(seed=80, m=5)
    assert all(X.shape[0] != X.shape[1] for X, _ in cases + hidden)  # rows vs columns visible
    with Checker("forward_vectorized") as c:
        _check_forward(c, forward_vectorized, cases, "A^[L]", to_arg=lambda X: list(X.T.copy()),
                       hidden=hidden, count_products=True)


# layer_shapes (03)

SHAPES = hints("layer_shapes", {
    "starts_at_0": "层号从 1 开始：W1、b1 属于第 1 层，第 0 层（输入）没有参数。",
    "keys": "每一层 l = 1..L 都要有六个键：W{l}、b{l}、Z{l}、A{l}、dW{l}、db{l}。",
    "array_not_tuple": "这里只要形状本身：写成 (n, n_prev) 这样的元组，不要创建数组。",
    "not_a_tuple": "形状写成由整数组成的元组，例如 (n, n_prev)；不是列表、字符串或别的类型。",
    "not_ints": "形状里的每一项都是整数（int），例如 (3, 2)；不是小数、字符串或 True/False。",
    "w_transposed": "W^[l] 的形状是 (n^[l], n^[l-1])：行数是本层的单元数，列数是上一层的单元数。",
    "b_m_columns": "b^[l] 只有一列 (n^[l], 1)：它靠广播 (broadcasting) 加到 m 列上，不必复制成 m 列。",
    "b_1d": "b 要保持二维列向量 (n^[l], 1)。",
    "za_one_column": "Z^[l] 和 A^[l] 每个样本占一列，共 m 列：形状 (n^[l], m)。",
    "za_transposed": "样本放在列上：形状是 (n^[l], m)，不是 (m, n^[l])。",
    "gradient_shape": "导数与对应的量形状相同：dW 与 W 一样，db 与 b 一样。",
    "hard_coded": "形状应由参数 layer_dims 和 m 算出（n = layer_dims[l]，n_prev = layer_dims[l - 1]），"
        "不要写死某个网络的数字。",
})


def _want_shapes(dims, m):
    want = {}
    for l in range(1, len(dims)):
        n, p = dims[l], dims[l - 1]
        want.update({f"W{l}": (n, p), f"b{l}": (n, 1), f"Z{l}": (n, m), f"A{l}": (n, m),
                     f"dW{l}": (n, p), f"db{l}": (n, 1)})
    return want


def layer_shapes_test_case():
    """The seed's L = 5 network and m = 7 examples, with the expected shapes."""
    dims, m = [2, 3, 5, 4, 2, 1], 7
    return dims, m, _want_shapes(dims, m)


def _shape_hint(name, got, want, m):
    base = name.lstrip("d").rstrip("0123456789")
    if base == "W" and got == want[::-1]:
        return SHAPES["w_transposed"]
    if base == "b" and got == (want[0], m):
        return SHAPES["b_m_columns"]
    if base == "b" and got == (want[0],):
        return SHAPES["b_1d"]
    if base in "ZA" and got == (want[0], 1):
        return SHAPES["za_one_column"]
    if base in "ZA" and got == (m, want[0]):
        return SHAPES["za_transposed"]
    if name.startswith("d"):
        return SHAPES["gradient_shape"]
    return None


def _check_shapes(c, layer_shapes, dims, m, secret):
    want = _want_shapes(dims, m)
    got = c.returned(c.call(layer_shapes, dims, m, hidden=secret))
    hint = SHAPES["starts_at_0"] if isinstance(got, dict) and "W0" in got else SHAPES["keys"]
    published = _want_shapes(*layer_shapes_test_case()[:2])
    if secret and isinstance(got, dict) and set(got) == set(published):
        hint = SHAPES["hard_coded"]
    c.keys(got, want, "返回的字典", hint=hint)
    for name, shape in want.items():
        value = got[name]
        if isinstance(value, np.ndarray):
            c.fail(f"{name} 是一个 numpy 数组，应是形状元组，例如 (3, 2)。", SHAPES["array_not_tuple"])
        if not isinstance(value, tuple):
            c.fail(f"{name} 应是形状元组，例如 (3, 2)，实际是 {type(value).__name__} {value!r:.60}。",
                   SHAPES["not_a_tuple"])
        if not all(_is_int(s) for s in value):
            bad = next(s for s in value if not _is_int(s))
            c.fail(f"{name} = {value!r:.60} 里有一项不是整数：{bad!r:.30}（{type(bad).__name__}）。",
                   SHAPES["not_ints"])
        value = tuple(int(s) for s in value)
        if value != shape:
            if secret:
                c.fail(f"layer_shapes({dims}, m={m}) 里 {name} 的形状写成了 {value}，不对{HIDDEN}",
                       _shape_hint(name, value, shape, m) or SHAPES["hard_coded"])
            c.fail(f"{name} 的形状写成了 {value}，应为 {shape}。", _shape_hint(name, value, shape, m))
        c.ok()


def layer_shapes_test(layer_shapes):
    dims, m, _ = layer_shapes_test_case()
    with Checker("layer_shapes") as c:
        _check_shapes(c, layer_shapes, dims, m, secret=False)
        _check_shapes(c, layer_shapes, [6, 1, 8, 3], 11, secret=True)
        c.unchanged()


# parity_counts (04)

COUNTS = hints("parity_counts", {
    "float": "np.ceil、np.log2 返回浮点数：用 int(...) 转成整数，或用整数运算。",
    "bool": "返回的是 True/False：三个值都应是整数。",
    "gates": "每个 XOR 门把两个信号合成一个：n 个信号合成 1 个要 n - 1 个门。",
    "gates_is_depth": "这是树的层数（深度），不是门的个数：每层的门数是 n/2、n/4、…、1，加起来是 n - 1 个门；"
        "层数才是 log2(n) 量级。",
    "depth": "深度是 XOR 的层数：每层把信号个数减半（向上取整），共 ceil(log2 n) 层。",
    "depth_n1": "n = 1 时只有一个信号，不需要任何 XOR 门，深度为 0。",
    "floor": "n 不是 2 的幂时，落单的信号要多等一层：用向上取整 ceil，不是 floor。",
    "units": "一个隐藏单元识别一种奇数个 1 的输入模式：共 2^(n-1) 种。",
    "units_all_patterns": "不必给全部 2^n 种输入各配一个单元：只需识别含奇数个 1 的模式，它们恰好占一半，共 2^(n-1) 种。",
})


def parity_counts_test_case():
    """Input sizes n and (XOR gates of the tree, its depth, units of the shallow network)."""
    return [(n, (n - 1, (n - 1).bit_length(), 2 ** (n - 1))) for n in (2, 3, 4, 5, 8, 10, 1, 16)]


def parity_counts_test(parity_counts):
    hidden = [(n, (n - 1, (n - 1).bit_length(), 2 ** (n - 1))) for n in (7, 13, 33, 100)]
    with Checker("parity_counts") as c:
        for secret, (n, (gates, depth, units)) in ([(False, case) for case in parity_counts_test_case()]
                                                   + [(True, case) for case in hidden]):
            g, d, u = c.unpack(c.call(parity_counts, n, hidden=secret), RETURNS["parity_counts"])
            for value, what in ((g, "gates"), (d, "depth"), (u, "shallow_units")):
                if isinstance(value, (float, np.floating)):
                    c.fail(f"n = {n} 的 {what} 是小数 {float(value)}，应是整数。", COUNTS["float"])
                if isinstance(value, (bool, np.bool_)):
                    c.fail(f"n = {n} 的 {what} 是 {value}（bool），应是整数。", COUNTS["bool"])
                c.is_type(value, (int, np.integer), f"n = {n} 的 {what}")

            def wrong(what, value, want, hint):
                shown = HIDDEN if secret else f"，应为 {want}。"
                c.fail(f"n = {n}：{what} = {value}{'，不对' if secret else ''}{shown}", hint)

            if g != gates:
                wrong("gates", g, gates, COUNTS["gates_is_depth"] if g == depth else COUNTS["gates"])
            c.ok()
            if d != depth:
                hint = COUNTS["depth"]
                if n == 1:
                    hint = COUNTS["depth_n1"]
                elif d == math.floor(math.log2(n)):
                    hint = COUNTS["floor"]
                wrong("depth", d, depth, hint)
            c.ok()
            if u != units:
                wrong("shallow_units", u, units, COUNTS["units_all_patterns"] if u == 2 ** n else COUNTS["units"])
            c.ok()


# parity_network (04): weights of a one-hidden-layer parity network, verified on all 2^n inputs

PAR = hints("parity_network", {
    "keys": "只用一个隐藏层：返回 {\"W1\": ..., \"b1\": ..., \"W2\": ..., \"b2\": ...} 四个数组。",
    "W1_not_2d": "W1 是二维数组 (k, n)：k 个隐藏单元，每个单元对 n 个输入各有一个权重。",
    "shapes": "k 个隐藏单元时：W1 (k, n)、b1 (k, 1)、W2 (1, k)、b2 (1, 1)；偏置保持二维列向量。",
    "not_finite": "权重大到乘出了 inf：隐藏单元的值是 0 到 n 之间的整数，输出的放大倍数 g 用 20 左右就够了。",
    "too_many_units": "一个隐藏单元认一种模式要 2^(n-1) 个单元；这里最多 n 个：让每个单元看 1 的个数 s = x_1 + ... + x_n。",
    "all_units_active": "每个隐藏单元在所有输入上都 > 0，ReLU 没有起作用，整个网络是 s 的一条直线，算不了奇偶："
        "第 j 个单元的折点要在 s = j，即 relu(s - j)，偏置是 -j。",
    "output_half": "有的输入上输出正好是 0.5：输出单元要把整数 0 和 1 分开，例如 sigmoid(g·(t - 1/2))，别忘了 -g/2 这个偏置。",
    "flipped": "所有输入的答案都反了：奇数个 1 时输出应接近 1，偶数个时接近 0。",
    "slope": "1 的个数 s = 0、1 时对，s = 2 起出错：锯齿线过每个整数都要从上升变下降（或反过来），"
        "斜率从 +1 变到 -1 相差 2，所以第 1 个以后的单元系数是 -2、+2、-2、…，不是 ±1。",
    "wrong": "先在纸上算 n = 3 时每个隐藏单元在 s = 0, 1, 2, 3 的值，再算输出单元的线性组合 t，看 t 是否依次是 0, 1, 0, 1。",
    "margin": "分类都对，但输出离 0/1 还远：把输出单元的权重和偏置一起放大（例如乘 20），让 sigmoid 接近阶跃。",
})


def parity_network_test_case():
    """Input sizes n for which the network is run on all 2^n inputs."""
    return [1, 2, 3, 4, 5, 8]


def _all_inputs(n):
    codes = np.arange(2 ** n)
    return ((codes[None, :] >> np.arange(n - 1, -1, -1)[:, None]) & 1).astype(float)


def _check_parity_network(c, parity_network, n, hidden=False, tol=1e-3):
    """The network on all 2^n inputs. z = W2·h + b2 is the output unit's input (the notebook's
    g·(t - 1/2), where t is the zigzag of the count s), and the output is sigmoid(z)."""
    got = c.returned(c.call(parity_network, n, hidden=hidden), f"parity_network({n})")
    c.keys(got, {"W1", "b1", "W2", "b2"}, f"parity_network({n}) 返回的字典", hint=PAR["keys"])
    W1 = got["W1"]
    if not (isinstance(W1, np.ndarray) and W1.ndim == 2):
        c.fail(f"n = {n}：W1 应是二维 numpy 数组 (k, {n})，实际是 {type(W1).__name__}"
               f"{' ' + str(W1.shape) if isinstance(W1, np.ndarray) else ''}。", PAR["W1_not_2d"])
    k = W1.shape[0]
    W1 = c.shape(W1, (k, n), f"n = {n}：W1", hint=PAR["W1_not_2d"])
    b1 = c.shape(got["b1"], (k, 1), f"n = {n}：b1", hint=PAR["shapes"])
    W2 = c.shape(got["W2"], (1, k), f"n = {n}：W2", hint=PAR["shapes"])
    b2 = c.shape(got["b2"], (1, 1), f"n = {n}：b2", hint=PAR["shapes"])
    if k > n:
        c.fail(f"n = {n}：隐藏层有 {k} 个单元，最多只能有 n = {n} 个。", PAR["too_many_units"])
    c.ok()
    X = _all_inputs(n)
    y = X.sum(axis=0) % 2
    H = np.maximum(0.0, W1 @ X + b1)
    with np.errstate(over="ignore", invalid="ignore"):
        z = (W2 @ H + b2)[0]
    if not np.all(np.isfinite(z)):
        c.fail(f"n = {n}：输出单元的输入 z = W2·h + b2 出现了 inf 或 nan。", PAR["not_finite"])
    with np.errstate(over="ignore"):
        AL = 1.0 / (1.0 + np.exp(-z))
    wrong = (AL > 0.5) != (y == 1)
    if wrong.any():
        j = int(np.argmax(wrong))
        s = X.sum(axis=0)
        where = (f"n = {n}：输入 x = {X[:, j].astype(int).tolist()}（{int(s[j])} 个 1）上输出 "
                 f"sigmoid(z) = {AL[j]:.4f}（z = W2·h + b2 = {z[j]:.4g}），分类错了。")
        if wrong.all():
            found = PAR["flipped"]
        elif np.any(z[wrong] == 0):
            found = PAR["output_half"]
        elif n >= 2 and np.all(W1 @ X + b1 >= 0):
            found = PAR["all_units_active"]
        elif not wrong[s <= 1].any():
            found = PAR["slope"]
        else:
            found = PAR["wrong"]
        c.fail(where, found)
    c.ok()
    err = float(np.max(np.abs(AL - y)))
    if err > tol:
        if np.any(np.abs(z) < 1e-9):
            c.fail(f"n = {n}：有的输入上 z = W2·h + b2 = 0，输出正好是 0.5。", PAR["output_half"])
        c.fail(f"n = {n}：最大偏差 max|sigmoid(z) - 奇偶| = {err:.3g}，要求不超过 {tol}。", PAR["margin"])
    c.ok()


def parity_network_test(parity_network):
    with Checker("parity_network") as c:
        for n in parity_network_test_case() + [7, 11]:
            _check_parity_network(c, parity_network, n, hidden=n not in parity_network_test_case())


# The names of what each exercise returns (its unpack check and testCases.show use them).
RETURNS = {"parity_counts": ("gates", "depth", "shallow_units")}

# How testCases.show(fn) calls each exercise on its published cases (those that are not one
# call's arguments): name -> () -> [(label, args)].
SHOW_CALLS = {
    "activation_entry": lambda: [(f"(l={l}, i={i}, k={k})", (activation_entry_test_case()[0], l, i, k))
                                 for l, i, k in activation_entry_test_case()[1]],
    "forward_single": lambda: [(f"（第 {j} 个网络，L = {len(p) // 2}）", (x, p))
                               for j, (x, p) in enumerate(forward_single_test_case(), start=1)],
    "forward_vectorized": lambda: [(f"（第 {j} 个网络，L = {len(p) // 2}）", (xs, p))
                                   for j, (xs, p) in enumerate(forward_vectorized_test_case(), start=1)],
    "layer_shapes": lambda: [("", layer_shapes_test_case()[:2])],
    "parity_counts": lambda: [(f"(n={n})", (n,)) for n, _ in parity_counts_test_case()],
    "parity_network": lambda: [(f"(n={n})", (n,)) for n in parity_network_test_case()[:3]],
}
