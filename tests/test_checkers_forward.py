"""The checkers of notebooks 00-04 pass the reference and catch the usual mistakes with their hint."""
import math

import numpy as np
import pytest

import testCases
from dnn_utils import logic, shapes
from testCases import CheckFailed


def fails_with(check, fn, hint):
    with pytest.raises(CheckFailed) as err:
        check(fn)
    assert hint in str(err.value), str(err.value)


# count_layers

def test_count_layers_reference(capsys):
    testCases.count_layers_test(lambda dims: len(dims) - 1)
    assert "✓ count_layers" in capsys.readouterr().out


@pytest.mark.parametrize("wrong, hint", [
    (lambda dims: len(dims), "不计入 L"),
    (lambda dims: len(dims) - 2, "输出层也要算"),
    (lambda dims: 7, "不要写死"),
    (lambda dims: 4, "不要写死"),   # L of the notation network: right on the first case only
    (lambda dims: float(len(dims) - 1), "整数"),
    (lambda dims: None, "return"),
])
def test_count_layers_wrong(wrong, hint):
    fails_with(testCases.count_layers_test, wrong, hint)


def test_blank_exercise_says_not_done():
    def blank(dims):
        raise NotImplementedError()
    fails_with(testCases.count_layers_test, blank, "还没有完成")


# activation_entry

def test_activation_entry_reference(capsys):
    testCases.activation_entry_test(lambda acts, l, i, k: acts[l][k - 1, i - 1])
    assert "✓ activation_entry" in capsys.readouterr().out


@pytest.mark.parametrize("wrong, hint", [
    (lambda acts, l, i, k: acts[l][i - 1, k - 1], "行是单元 k"),
    (lambda acts, l, i, k: acts[l][k, i], "要减 1"),
    (lambda acts, l, i, k: acts[l - 1][k - 1, i - 1], "不是 [l-1]"),
    (lambda acts, l, i, k: acts[l][:, i - 1], "三个下标都要用上"),
])
def test_activation_entry_wrong(wrong, hint):
    fails_with(testCases.activation_entry_test, wrong, hint)


# forward_single / forward_vectorized

def reference_forward(X, parameters):
    L = len(parameters) // 2
    A = X
    for l in range(1, L + 1):
        Z = parameters[f"W{l}"] @ A + parameters[f"b{l}"]
        A = 1 / (1 + np.exp(-Z)) if l == L else np.maximum(0, Z)
    return A


def make_wrong(sigmoid_hidden=False, relu_out=False, no_bias=False, stop=0, in_place=False):
    def forward(X, parameters):
        L = len(parameters) // 2
        A = X
        for l in range(1, L + 1 - stop):
            b = 0 if no_bias else parameters[f"b{l}"]
            if in_place:
                parameters[f"W{l}"] *= 1.0
                parameters[f"b{l}"] += 0.0
                parameters[f"W{l}"][0, 0] += 1e-3
            Z = parameters[f"W{l}"] @ A + b
            if l == L:
                A = np.maximum(0, Z) if relu_out else 1 / (1 + np.exp(-Z))
            else:
                A = 1 / (1 + np.exp(-Z)) if sigmoid_hidden else np.maximum(0, Z)
        return A
    return forward


WRONG_FORWARD = [
    (make_wrong(sigmoid_hidden=True), "隐藏层用 ReLU"),
    (make_wrong(relu_out=True), "要用 sigmoid，不是 ReLU"),
    (make_wrong(no_bias=True), "偏置 b"),
    (make_wrong(stop=1), "少算了最后一层"),
]


@pytest.mark.parametrize("check", [testCases.forward_single_test, testCases.forward_vectorized_test])
def test_forward_reference(check, capsys):
    check(reference_forward)
    assert "全部" in capsys.readouterr().out


@pytest.mark.parametrize("check", [testCases.forward_single_test, testCases.forward_vectorized_test])
@pytest.mark.parametrize("wrong, hint", WRONG_FORWARD)
def test_forward_wrong(check, wrong, hint):
    fails_with(check, wrong, hint)


def test_forward_hardcoded_depth_fails():
    def four_layers(X, parameters):
        return reference_forward(X, {k: parameters[k] for k in
                                     ["W1", "b1", "W2", "b2", "W3", "b3", "W4", "b4"]})
    with pytest.raises((CheckFailed, ValueError)):
        testCases.forward_single_test(four_layers)


@pytest.mark.parametrize("check", [testCases.forward_single_test, testCases.forward_vectorized_test])
def test_forward_flattened_output_hint(check):
    fails_with(check, lambda X, parameters: reference_forward(X, parameters).ravel(), "不要把结果压平")


def test_forward_transposed_weight_gets_shape_note():
    def transposed(X, parameters):
        A = X
        for l in range(1, len(parameters) // 2 + 1):
            A = np.maximum(0, parameters[f"W{l}"].T @ A + parameters[f"b{l}"])
        return A
    with pytest.raises(ValueError) as err:
        testCases.forward_vectorized_test(transposed)
    assert any("W 在左边、不转置" in note for note in getattr(err.value, "__notes__", []))


def test_forward_mutation_is_caught():
    def mutating(X, parameters):
        out = reference_forward(X, parameters)
        parameters["W1"] *= 2
        return out
    fails_with(testCases.forward_vectorized_test, mutating, "修改了传入的参数")


def test_forward_matches_library():
    import dnn_utils
    for X, params in testCases.forward_vectorized_test_case():
        AL, _ = dnn_utils.L_model_forward(X, params)
        np.testing.assert_allclose(reference_forward(X, params), AL, rtol=1e-12)


# layer_shapes

def test_layer_shapes_reference(capsys):
    testCases.layer_shapes_test(shapes.layer_shapes)
    assert "✓ layer_shapes" in capsys.readouterr().out


def _shapes_with(change):
    def fn(dims, m):
        out = shapes.layer_shapes(dims, m)
        change(out, dims, m)
        return out
    return fn


def _transpose_w(out, dims, m):
    out["W2"] = out["W2"][::-1]


def _b_full(out, dims, m):
    for l in range(1, len(dims)):
        out[f"b{l}"] = (dims[l], m)


def _z_one_column(out, dims, m):
    for l in range(1, len(dims)):
        out[f"Z{l}"] = (dims[l], 1)


def _db_flat(out, dims, m):
    out["db3"] = (dims[3],)


@pytest.mark.parametrize("wrong, hint", [
    (_shapes_with(_transpose_w), "行数是本层的单元数"),
    (_shapes_with(_b_full), "广播"),
    (_shapes_with(_z_one_column), "共 m 列"),
    (_shapes_with(_db_flat), "二维列向量"),
    (lambda dims, m: {f"{k}{l - 1}": v for k_l, v in shapes.layer_shapes(dims, m).items()
                      for k, l in [(k_l.rstrip("0123456789"), int(k_l.lstrip("dWbZA")))]},
     "层号从 1 开始"),
    (lambda dims, m: {k: v for k, v in shapes.layer_shapes(dims, m).items() if not k.startswith("d")},
     "六个键"),
    (lambda dims, m: {k: np.zeros(v) for k, v in shapes.layer_shapes(dims, m).items()}, "不要创建数组"),
])
def test_layer_shapes_wrong(wrong, hint):
    fails_with(testCases.layer_shapes_test, wrong, hint)


# parity_counts

def test_parity_counts_reference(capsys):
    testCases.parity_counts_test(logic.parity_counts)
    assert "✓ parity_counts" in capsys.readouterr().out


@pytest.mark.parametrize("wrong, hint", [
    (lambda n: ((n - 1).bit_length(), (n - 1).bit_length(), 2 ** (n - 1)), "勘误：树的层数"),
    (lambda n: (n - 1, int(math.log2(n)), 2 ** (n - 1)), "向上取整"),
    (lambda n: (n - 1, (n - 1).bit_length(), 2 ** n), "2^(n-1)"),
    (lambda n: (n // 2, (n - 1).bit_length(), 2 ** (n - 1)), "n - 1 个门"),
    (lambda n: [n - 1, (n - 1).bit_length()], "应返回 3 个值"),
    (lambda n: (n - 1, np.ceil(np.log2(n)), 2 ** (n - 1)), "int(...)"),
    (lambda n: (n - 1, max(1, (n - 1).bit_length()), 2 ** (n - 1)), "深度为 0"),
])
def test_parity_counts_wrong(wrong, hint):
    fails_with(testCases.parity_counts_test, wrong, hint)
