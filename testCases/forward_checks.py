"""Checkers of notebooks 00-04: notation, forward propagation, shapes, why deep.

Every checker ends with a case whose answers appear in no docstring and no message (its failure
message names the input and what was returned, never the expected value), so an answer copied
from a published case or hard-coded from a failure message fails."""
import copy
import math
import re

import numpy as np

from . import crashes, variants
from ._core import Checker, one_hint
from .hints import hints

__all__ = ["layer_dims_from_parameters_test_case", "layer_dims_from_parameters_test",
           "activation_entry_test_case", "activation_entry_test",
           "forward_single_test_case", "forward_single_test",
           "forward_vectorized_test_case", "forward_vectorized_test",
           "first_bad_layer_test_case", "first_bad_layer_test",
           "parity_counts_test_case", "parity_counts_test",
           "parity_network_test_case", "parity_network_test"]

HIDDEN = ("（这是一个不公开答案的检查用例：公开用例都对而这里错，多半是把某个数写死了。）")


_UNKNOWN = object()     # an answer the learner's function could not give (it raised)


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


# layer_dims_from_parameters (00): read [n0, ..., nL] back from the shapes of the parameters

DIMS = hints("layer_dims_from_parameters", {
    "not_a_list": "返回整个列表 [n0, n1, …, nL]（Python 的 list），不是层数 L、某个形状元组或 numpy 数组。",
    "not_ints": "列表里的每一项都是一个整数（某一层的单元数），例如 parameters[\"W1\"].shape[1]；"
        "不要放进整个形状元组，也不要用 float() 或 /。",
    "input_size_missing": "少了 n^[0]（输入特征数）：它不是哪一层的单元数，只出现在 W1 的列数里，"
        "parameters[\"W1\"].shape[1]。把它放在列表最前面。",
    "columns_for_all": "W^[l] 的行数才是第 l 层的单元数 n^[l]：parameters[\"W\" + str(l)].shape[0]。"
        "列数 shape[1] 是上一层的 n^[l-1]，所以只有 n^[0] 要从列数读（W1 的列数）。",
    "stops_early": "循环要走到第 L 层：range(1, L + 1)（range 不包括终点），最后一项是输出层的 n^[L]。",
    "b_counted": "字典里每层有 W、b 两个键：不要把每个键（或每个值）都当成一层。L = len(parameters) // 2，"
        "只读 W1 … WL。",
    "key_order": "按层号 l = 1, 2, …, L 取 parameters[\"W\" + str(l)]：字典里键的先后不一定是层的顺序，"
        "按字符串排序时 'W10' 又排在 'W2' 前面。",
    "shape_call": "shape 是属性，不是函数：W.shape 是一个元组，取第 0 项写 W.shape[0]（方括号），不是 W.shape(0)。",
    "hidden_wrong": "公开用例都对而这里错：L 要由 parameters 算出（len(parameters) // 2），逐层按层号取 W，"
        "不要写死公开用例的层数或单元数。",
})

crashes.add(["layer_dims_from_parameters"], TypeError, r"'tuple' object is not callable", DIMS["shape_call"])


def _params_for(dims, rng, order=None):
    """Parameters of a network with layer sizes dims, keys inserted for the layers in order."""
    params = {}
    for l in order or range(1, len(dims)):
        params[f"W{l}"] = rng.randn(dims[l], dims[l - 1]) * 0.01
        params[f"b{l}"] = np.zeros((dims[l], 1))
    return params


def layer_dims_from_parameters_test_case():
    """The notebook's small network and the cat network of notebook 12, as (label, parameters, layer_dims)."""
    rng = np.random.RandomState(0)
    return [("小网络", _params_for([3, 4, 1], rng), [3, 4, 1]),
            ("猫分类网络", _params_for([12288, 20, 7, 5, 1], rng), [12288, 20, 7, 5, 1])]


def _layer_dims_hidden():
    """Networks printed nowhere: (label, parameters, layer_dims); labels never give the sizes."""
    rng = np.random.RandomState(1905)
    eleven = [6, 5, 4, 3, 4, 5, 6, 7, 3, 2, 8, 1]
    return [("只有一层 (L = 1)", _params_for([7, 1], rng), [7, 1]),
            ("L = 11 层", _params_for(eleven, rng), eleven),
            ("L = 4 层，键按层号从大到小插入", _params_for([9, 6, 4, 2, 3], rng, order=range(4, 0, -1)), [9, 6, 4, 2, 3])]


def _w_keys(params, order):
    keys = [k for k in (sorted(params) if order == "sorted" else params) if k.startswith("W")]
    return keys if order in ("sorted", "dict") else [f"W{l}" for l in range(1, len(params) // 2 + 1)]


# The usual mistakes, each as the list it returns (and the hint that names it).
_DIMS_VARIANTS = [
    (lambda p: [p[k].shape[0] for k in _w_keys(p, "layers")], DIMS["input_size_missing"]),
    (lambda p: [p[k].shape[1] for k in _w_keys(p, "layers")], DIMS["columns_for_all"]),
    (lambda p: [p["W1"].shape[1]] + [p[k].shape[0] for k in _w_keys(p, "layers")[:-1]], DIMS["stops_early"]),
    (lambda p: [p["W1"].shape[1]] + [v.shape[0] for v in p.values()], DIMS["b_counted"]),
    (lambda p: [p["W1"].shape[1]] + [p[k].shape[0] for k in _w_keys(p, "sorted")], DIMS["key_order"]),
    (lambda p: [p["W1"].shape[1]] + [p[k].shape[0] for k in _w_keys(p, "dict")], DIMS["key_order"]),
]


def _dims_mistake(fn, cases):
    """The hint of the usual mistake(s) that give every list fn gives (lists it cannot give say
    nothing); one hint naming them all when several fit."""
    found = []
    answers = []
    for _, params, _ in cases:
        try:
            answers.append(fn(copy.deepcopy(params)))
        except Exception:
            answers.append(_UNKNOWN)
    for variant, found_hint in _DIMS_VARIANTS:
        fits = all(got is _UNKNOWN or (isinstance(got, (list, tuple)) and list(got) == variant(params))
                   for got, (_, params, _) in zip(answers, cases))
        if fits and found_hint not in found:
            found.append(found_hint)
    return one_hint(found, "layer_dims_from_parameters")


def layer_dims_from_parameters_test(layer_dims_from_parameters):
    public = [(label, p, d, False) for label, p, d in layer_dims_from_parameters_test_case()]
    hidden = [(label, p, d, True) for label, p, d in _layer_dims_hidden()]
    cases = [case[:3] for case in public + hidden]
    with Checker("layer_dims_from_parameters") as c:
        for label, params, dims, secret in public + hidden:
            what = f"layer_dims_from_parameters（{label}）"
            got = c.returned(c.call(layer_dims_from_parameters, params, hidden=secret), what)
            if not isinstance(got, (list, tuple)):
                c.fail(f"{what} 返回了 {type(got).__name__} {got!r:.60}，应返回列表 [n0, n1, …, nL]。",
                       DIMS["not_a_list"])
            bad = next((n for n in got if not _is_int(n)), None)
            if bad is not None:
                c.fail(f"{what} 返回的列表里有一项不是整数：{bad!r:.40}（{type(bad).__name__}）。", DIMS["not_ints"])
            c.ok()
            if [int(n) for n in got] == dims:
                c.ok()
                continue
            found = _dims_mistake(layer_dims_from_parameters, cases) or (DIMS["hidden_wrong"] if secret else None)
            if secret:
                c.fail(f"在一组不公开的参数上（{label}）返回 {[int(n) for n in got]}，不对。", found)
            c.fail(f"{what} 返回 {[int(n) for n in got]}，应为 {dims}。", found)
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


# first_bad_layer (03): the diagnostic tool, checked on parameter sets with known faults

BAD = hints("first_bad_layer", {
    "not_an_int": "返回层号 l（一个整数，例如 3）；全部正确时返回 None。不要返回键名（'W3'）、形状、"
        "True/False 或小数。",
    "none_when_ok": "每一层的形状都对时要返回 None（什么也没找到），不是 0、-1 或别的数：0 和 -1 都不是层号。",
    "w_transposed": "W^[l] 的形状是 (n^[l], n^[l-1])：行数是本层的单元数 layer_dims[l]，列数是上一层的 "
        "layer_dims[l - 1]。你比较的像是转置后的 (n^[l-1], n^[l])，所以连正确的参数也被判错了。",
    "bias_ignored": "b 也要检查：b^[l] 应为 (n^[l], 1)。只看 W 会漏掉 b 出错的层。",
    "bias_1d": "比较 b 的整个形状：np.shape(b) == (n^[l], 1)。只比较行数（b.shape[0]）或元素个数时，"
        "一维的 (n^[l],) 看起来也对，其实它会被广播成一行。",
    "zero_based": "层号从 1 开始：W1、b1 属于第 1 层。返回的是层号 l，不是某个列表的下标（差了 1）。",
    "last_bad": "要返回**第一个**（层号最小的）出错的层：找到就立刻 return，不要接着往后找、再把它覆盖掉。",
    "key_order": "按层号 l = 1, 2, …, L 逐层检查 f'W{l}'、f'b{l}'：字典里键的顺序、按字符串排序的顺序"
        "（'W10' 排在 'W2' 前面，大写的 'W…' 又都排在 'b…' 前面）都不是层的顺序。",
    "w_then_b": "一层一层地检查：看完第 l 层的 W 和 b，再看第 l + 1 层。先把所有 W 查完再查 b，"
        "会在更早一层的 b 出错时返回后面某一层的 W。",
    "missing_key": "缺少某一层的 W 或 b 也算这一层出错：先判断 f'W{l}' in parameters，再看它的形状，"
        "不要直接取 parameters[...]（缺的键会抛出 KeyError）。",
    "loop_past_end": "层号 l 从 1 走到 L = len(layer_dims) - 1：layer_dims 有 L + 1 项 [n0, …, nL]，"
        "for l in range(1, len(layer_dims))。不要用 len(parameters) 算 L（缺了键时它就不对了）。",
    "hidden_wrong": "公开用例都对而这里错：检查是否对每一层 l = 1..L（L = len(layer_dims) - 1）都比较了 W 和 b "
        "的完整形状、缺的键是否算作出错、是否按层号从小到大找，以及是否把某个数写死了。",
})


def _layer_params(dims, rng, order=None):
    """Parameters of a network with layer sizes dims (values random: only shapes matter here);
    order: the layer numbers in the order their keys are inserted."""
    params = {}
    for l in order or range(1, len(dims)):
        params[f"W{l}"] = rng.randn(dims[l], dims[l - 1])
        params[f"b{l}"] = rng.randn(dims[l], 1)
    return params


def first_bad_layer_test_case():
    """Section 5's three parameter sets for the network [2, 3, 5, 4, 2, 1], with their answers:
    (label, parameters, layer_dims, first bad layer or None)."""
    rng = np.random.RandomState(3)
    dims = [2, 3, 5, 4, 2, 1]
    good = _layer_params(dims, rng)
    bad = dict(good, W3=good["W3"].T, b4=good["b4"].ravel())
    other = _layer_params([2, 3, 4, 5, 2, 1], rng)      # built for layers 2 and 3 swapped
    return [("W3 转置、b4 一维", bad, dims, 3), ("按 [2, 3, 4, 5, 2, 1] 建的参数", other, dims, 2),
            ("正确的参数", good, dims, None)]


def _first_bad_layer_hidden():
    """Cases printed nowhere, each aimed at a mistake the public ones cannot show: (label,
    parameters, layer_dims, answer). The label says what the case is, never its answer."""
    rng = np.random.RandomState(2024)
    cases = []
    dims = [6, 6, 6, 1]
    p = _layer_params(dims, rng)
    cases.append(("[6, 6, 6, 1]，第 2 层的 W 是方阵并被转置了", dict(p, W2=p["W2"].T), dims, None))
    dims = [4, 3, 3, 2, 1]
    p = _layer_params(dims, rng)
    p["W4"] = p["W4"].T
    del p["b2"]
    cases.append(("[4, 3, 3, 2, 1]，缺了一个键", p, dims, 2))
    dims = [3, 4, 1]
    p = _layer_params(dims, rng)
    cases.append(("[3, 4, 1]，有一个一维的 b", dict(p, b1=p["b1"].ravel()), dims, 1))
    dims = [3, 4, 5, 6, 5, 4, 3, 4, 5, 6, 2, 1]
    p = _layer_params(dims, rng)
    p.update(W3=rng.randn(5, 5), W10=p["W10"].T)
    cases.append(("L = 11 层的网络", p, dims, 3))
    dims = [5, 4, 3, 2, 1]
    p = _layer_params(dims, rng, order=range(4, 0, -1))
    p.update(b2=rng.randn(2, 1), b4=rng.randn(2, 1))
    cases.append(("[5, 4, 3, 2, 1]，键按层号从大到小插入", p, dims, 2))
    return cases


def _bad_layers(params, dims, order="layers", w_shape=lambda n, p: (n, p), b_check="shape"):
    """Layer numbers whose W or b is wrong, in the order a (possibly mistaken) tool visits them:
    order "layers" (W{l}, b{l} for l = 1..L), "w_then_b", "sorted" or "dict" (keys as stored,
    missing ones never seen); w_shape the W shape it expects; b_check "shape", "rows" or None."""
    L = len(dims) - 1

    def bad(name):
        l = int(name[1:])
        if name not in params:
            return True
        got = np.shape(params[name])
        if name[0] == "W":
            return got != w_shape(dims[l], dims[l - 1])
        return got[:1] != (dims[l],) if b_check == "rows" else got != (dims[l], 1)

    if order == "layers":
        names = [f"{p}{l}" for l in range(1, L + 1) for p in "Wb"]
    elif order == "w_then_b":
        names = [f"{p}{l}" for p in "Wb" for l in range(1, L + 1)]
    else:
        names = [k for k in (sorted(params) if order == "sorted" else params)
                 if k[:1] in "Wb" and k[1:].isdigit() and 1 <= int(k[1:]) <= L]
    if b_check is None:
        names = [name for name in names if name[0] == "W"]
    return [int(name[1:]) for name in names if bad(name)]


def _first(layers):
    return layers[0] if layers else None


# The usual mistakes, each as the answer it gives on a case (and the hint that names it).
_BAD_VARIANTS = [
    (lambda p, d: _first(_bad_layers(p, d, w_shape=lambda n, q: (q, n))), BAD["w_transposed"]),
    (lambda p, d: _first(_bad_layers(p, d, b_check=None)), BAD["bias_ignored"]),
    (lambda p, d: _first(_bad_layers(p, d, b_check="rows")), BAD["bias_1d"]),
    (lambda p, d: None if _first(_bad_layers(p, d)) is None else _first(_bad_layers(p, d)) - 1, BAD["zero_based"]),
    (lambda p, d: (_bad_layers(p, d) or [None])[-1], BAD["last_bad"]),
    (lambda p, d: _first(_bad_layers(p, d, order="sorted")), BAD["key_order"]),
    (lambda p, d: _first(_bad_layers(p, d, order="dict")), BAD["key_order"]),
    (lambda p, d: _first(_bad_layers(p, d, order="w_then_b")), BAD["w_then_b"]),
]


def _same_answer(got, want):
    return got is want if (got is None or want is None) else _is_int(got) and int(got) == want


def _bad_layer_mistake(first_bad_layer, cases):
    """The hint of the one usual mistake that gives every answer the learner's function gives
    (answers it cannot give, crashes included, say nothing); several -> one hint naming them."""
    answers = []
    for _, params, dims, _ in cases:
        try:
            answers.append(first_bad_layer(copy.deepcopy(params), list(dims)))
        except Exception:
            answers.append(_UNKNOWN)
    found = []
    for variant, found_hint in _BAD_VARIANTS:
        fits = all(got is _UNKNOWN or _same_answer(got, variant(params, dims))
                   for got, (_, params, dims, _) in zip(answers, cases))
        if fits and found_hint not in found:
            found.append(found_hint)
    return one_hint(found, "first_bad_layer")



def _layer_of_key(ctx):
    """The layer number of the missing key in a KeyError, and L of the call's layer_dims."""
    match = re.fullmatch(r"'?[Wb](\d+)'?", ctx.message)
    dims = ctx.args[1] if len(ctx.args) > 1 else None
    if not match or not isinstance(dims, (list, tuple)):
        return None, None
    return int(match.group(1)), len(dims) - 1


crashes.add(["first_bad_layer"], KeyError, r"^'?[Wb]\d+'?$", BAD["missing_key"],
            when=lambda ctx: 1 <= (_layer_of_key(ctx)[0] or 0) <= (_layer_of_key(ctx)[1] or 0))
crashes.add(["first_bad_layer"], KeyError, r"^'?[Wb]\d+'?$", BAD["loop_past_end"],
            when=lambda ctx: (_layer_of_key(ctx)[0] or 0) > (_layer_of_key(ctx)[1] or 10 ** 9))


def first_bad_layer_test(first_bad_layer):
    public = [(label, p, d, want, False) for label, p, d, want in first_bad_layer_test_case()]
    hidden = [(label, p, d, want, True) for label, p, d, want in _first_bad_layer_hidden()]
    cases = [case[:4] for case in public + hidden]
    with Checker("first_bad_layer") as c:
        for label, params, dims, want, secret in public + hidden:
            what = f"first_bad_layer（{label}）"
            got = c.call(first_bad_layer, params, list(dims), hidden=secret)
            if got is not None and not _is_int(got):
                c.fail(f"{what} 返回了 {got!r:.60}（{type(got).__name__}），应返回层号（整数）或 None。",
                       BAD["not_an_int"])
            c.ok()
            if _same_answer(got, want):
                c.ok()
                continue
            if want is None and got in (0, -1):
                found = BAD["none_when_ok"]
            else:
                found = _bad_layer_mistake(first_bad_layer, cases) or (BAD["hidden_wrong"] if secret else None)
            if secret:
                c.fail(f"在一组不公开的检查参数上（{label}）返回 {got!r}，不对。", found)
            c.fail(f"{what} 返回 {got!r}，应为 {want!r}。", found)
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
    "layer_dims_from_parameters": lambda: [(f"（{label}）", (p,)) for label, p, _ in layer_dims_from_parameters_test_case()],
    "first_bad_layer": lambda: [(f"（{label}）", (p, d)) for label, p, d, _ in first_bad_layer_test_case()],
    "parity_counts": lambda: [(f"(n={n})", (n,)) for n, _ in parity_counts_test_case()],
    "parity_network": lambda: [(f"(n={n})", (n,)) for n in parity_network_test_case()[:3]],
}
