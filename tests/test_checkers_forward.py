"""The checkers of notebooks 00-04 pass the reference and catch the usual mistakes with their hint."""
import math

import numpy as np
import pytest

import testCases
from course_solutions import solution as S
from dnn_utils import logic
from testCases import CheckFailed


def fails_with(check, fn, hint, hint_id=None):
    with pytest.raises(CheckFailed) as err:
        check(fn)
    assert hint in str(err.value), str(err.value)
    if hint_id is not None:
        assert err.value.hint_id == hint_id, (err.value.hint_id, str(err.value))
    return err.value


def vec(forward):
    """A forward pass on a matrix X, called the way forward_vectorized is: a list of examples."""
    return lambda examples, parameters: forward(np.column_stack(examples), parameters)


def check_forward(check, forward):
    """Run check on forward, adapting the call to forward_vectorized's list of examples."""
    return check(vec(forward) if check is testCases.forward_vectorized_test else forward)


# layer_dims_from_parameters

def dims_of(parameters):
    L = len(parameters) // 2
    return [parameters["W1"].shape[1]] + [parameters[f"W{l}"].shape[0] for l in range(1, L + 1)]


def test_layer_dims_from_parameters_reference(capsys):
    testCases.layer_dims_from_parameters_test(S("layer_dims_from_parameters"))
    assert "✓ layer_dims_from_parameters" in capsys.readouterr().out
    testCases.layer_dims_from_parameters_test(dims_of)


@pytest.mark.parametrize("right", [
    lambda p: tuple(dims_of(p)),                                                      # a tuple is a list of sizes too
    lambda p: [np.int64(n) for n in dims_of(p)],
    lambda p: [p["W1"].shape[1]] + [p[f"b{l}"].shape[0] for l in range(1, len(p) // 2 + 1)],   # rows of b
    lambda p: [np.shape(p["W1"])[1]] + [len(p[f"W{l}"]) for l in range(1, len(p) // 2 + 1)],
])
def test_layer_dims_from_parameters_other_right_ways_pass(right):
    testCases.layer_dims_from_parameters_test(right)


@pytest.mark.parametrize("wrong, hint_id", [
    (lambda p: dims_of(p)[1:], "layer_dims_from_parameters.input_size_missing"),
    (lambda p: [p["W1"].shape[1]] + [v.shape[0] for v in p.values()], "layer_dims_from_parameters.b_counted"),
    (lambda p: [p["W1"].shape[1]] + [p[k].shape[0] for k in sorted(p) if k.startswith("W")],
     "layer_dims_from_parameters.key_order"),
    (lambda p: [p["W1"].shape[1]] + [p[k].shape[0] for k in p if k.startswith("W")],
     "layer_dims_from_parameters.key_order"),
    # the columns of every W and a loop that stops one layer early give the same list: both are named
    (lambda p: [p[f"W{l}"].shape[1] for l in range(1, len(p) // 2 + 1)], "layer_dims_from_parameters.several_mistakes"),
    (lambda p: len(p) // 2, "layer_dims_from_parameters.not_a_list"),
    (lambda p: np.array(dims_of(p)), "layer_dims_from_parameters.not_a_list"),
    (lambda p: [float(n) for n in dims_of(p)], "layer_dims_from_parameters.not_ints"),
    (lambda p: [p[f"W{l}"].shape for l in range(1, len(p) // 2 + 1)], "layer_dims_from_parameters.not_ints"),
    (lambda p: [True] + dims_of(p)[1:], "layer_dims_from_parameters.not_ints"),
    (lambda p: None, "layer_dims_from_parameters.returned_none"),
])
def test_layer_dims_from_parameters_wrong(wrong, hint_id):
    fails_with(testCases.layer_dims_from_parameters_test, wrong, "", hint_id)


@pytest.mark.parametrize("source, exc, hint_id", [
    ("L = len(parameters)", KeyError, "layer_dims_from_parameters.layer_past_end"),        # W and b: 2L keys
    ("L = len(parameters) / 2", TypeError, "layer_dims_from_parameters.float_count"),
])
def test_layer_dims_from_parameters_crashes_name_how_L_is_read(source, exc, hint_id):
    ns = {}
    exec("def layer_dims_from_parameters(parameters):\n    " + source + "\n"
         "    return [parameters['W1'].shape[1]] + [parameters['W' + str(l)].shape[0] for l in range(1, L + 1)]", ns)
    with pytest.raises(exc) as err:
        testCases.layer_dims_from_parameters_test(ns["layer_dims_from_parameters"])
    assert err.value.hint_id == hint_id
    assert "len(parameters) // 2" in "\n".join(err.value.__notes__)


def test_layer_dims_from_parameters_several_mistakes_names_both():
    err = fails_with(testCases.layer_dims_from_parameters_test,
                     lambda p: [p[f"W{l}"].shape[1] for l in range(1, len(p) // 2 + 1)], "几种常见错误")
    assert "行数才是" in str(err) and "走到第 L 层" in str(err)


def test_layer_dims_from_parameters_mistakes_differ_on_the_cases():
    """Every usual mistake gives a wrong list somewhere; only columns-for-all and stopping early
    coincide (always: both give [n0, ..., n(L-1)])."""
    from testCases.forward_checks import _DIMS_VARIANTS, _layer_dims_hidden
    cases = testCases.layer_dims_from_parameters_test_case() + _layer_dims_hidden()
    answers = [tuple(tuple(v(p)) for _, p, _ in cases) for v, _ in _DIMS_VARIANTS]
    assert tuple(tuple(d) for *_, d in cases) not in answers
    assert len(set(answers)) == len(answers) - 1      # only columns-for-all and stopping early coincide


def test_layer_dims_from_parameters_hard_coded_public_answers_fail_on_a_hidden_case():
    table = {len(p): d for _, p, d in testCases.layer_dims_from_parameters_test_case()}
    err = fails_with(testCases.layer_dims_from_parameters_test, lambda p: table.get(len(p), [1, 1]),
                     "不公开", "layer_dims_from_parameters.hidden_wrong")
    assert "应为" not in str(err)


def test_blank_exercise_says_not_done():
    def blank(parameters):
        raise NotImplementedError()
    fails_with(testCases.layer_dims_from_parameters_test, blank, "还没有完成")


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
    check_forward(check, reference_forward)
    assert "全部" in capsys.readouterr().out


@pytest.mark.parametrize("check", [testCases.forward_single_test, testCases.forward_vectorized_test])
@pytest.mark.parametrize("wrong, hint", WRONG_FORWARD)
def test_forward_wrong(check, wrong, hint):
    with pytest.raises(CheckFailed) as err:
        check_forward(check, wrong)
    assert hint in str(err.value), str(err.value)


def test_forward_hardcoded_depth_fails():
    def four_layers(X, parameters):
        return reference_forward(X, {k: parameters[k] for k in
                                     ["W1", "b1", "W2", "b2", "W3", "b3", "W4", "b4"]})
    with pytest.raises((CheckFailed, ValueError)):
        testCases.forward_single_test(four_layers)


@pytest.mark.parametrize("check", [testCases.forward_single_test, testCases.forward_vectorized_test])
def test_forward_flattened_output_hint(check):
    with pytest.raises(CheckFailed) as err:
        check_forward(check, lambda X, parameters: reference_forward(X, parameters).ravel())
    assert err.value.hint_id == "forward.flattened"


def test_forward_transposed_weight_gets_shape_note():
    def transposed(X, parameters):
        A = X
        for l in range(1, len(parameters) // 2 + 1):
            A = np.maximum(0, parameters[f"W{l}"].T @ A + parameters[f"b{l}"])
        return A
    with pytest.raises(ValueError) as err:
        testCases.forward_vectorized_test(vec(transposed))
    assert any("W 在左边、不转置" in note for note in getattr(err.value, "__notes__", []))


def test_forward_mutation_is_caught():
    def mutating(X, parameters):
        out = reference_forward(X, parameters)
        parameters["W1"] *= 2
        return out
    fails_with(testCases.forward_vectorized_test, vec(mutating), "修改了传入的参数")


def test_forward_matches_library():
    import dnn_utils
    for examples, params in testCases.forward_vectorized_test_case():
        X = np.column_stack(examples)
        AL, _ = dnn_utils.L_model_forward(X, params)
        np.testing.assert_allclose(reference_forward(X, params), AL, rtol=1e-12)


# first_bad_layer

def _bad_layer(check_b="shape", order="layers", w_shape=lambda n, p: (n, p), answer=lambda bad: bad[0]):
    """A learner's first_bad_layer, right by default or with one usual mistake."""
    def fn(parameters, layer_dims):
        L = len(layer_dims) - 1
        if order == "layers":
            names = [f"{p}{l}" for l in range(1, L + 1) for p in "Wb"]
        elif order == "w_then_b":
            names = [f"{p}{l}" for p in "Wb" for l in range(1, L + 1)]
        else:
            names = sorted(parameters) if order == "sorted" else list(parameters)
        bad = []
        for name in names:
            l = int(name[1:])
            n, n_prev = layer_dims[l], layer_dims[l - 1]
            if name[0] == "b" and check_b is None:
                continue
            if name not in parameters:
                bad.append(l)
            elif name[0] == "W" and parameters[name].shape != w_shape(n, n_prev):
                bad.append(l)
            elif name[0] == "b" and (parameters[name].shape[0] != n if check_b == "rows"
                                     else parameters[name].shape != (n, 1)):
                bad.append(l)
        return answer(bad) if bad else None
    return fn


def test_first_bad_layer_reference(capsys):
    testCases.first_bad_layer_test(S("first_bad_layer"))
    assert "✓ first_bad_layer" in capsys.readouterr().out
    testCases.first_bad_layer_test(_bad_layer())


def test_first_bad_layer_cases_agree_with_the_library():
    from dnn_utils import shapes
    from testCases.forward_checks import _first_bad_layer_hidden
    for label, params, dims, want in testCases.first_bad_layer_test_case() + _first_bad_layer_hidden():
        assert shapes.first_bad_layer(params, dims) == want, label


@pytest.mark.parametrize("wrong, hint_id", [
    (_bad_layer(w_shape=lambda n, p: (p, n)), "first_bad_layer.w_transposed"),
    (_bad_layer(check_b=None), "first_bad_layer.bias_ignored"),
    (_bad_layer(check_b="rows"), "first_bad_layer.bias_1d"),
    (_bad_layer(answer=lambda bad: bad[0] - 1), "first_bad_layer.zero_based"),
    (_bad_layer(answer=lambda bad: bad[-1]), "first_bad_layer.last_bad"),
    (_bad_layer(order="sorted"), "first_bad_layer.key_order"),
    (_bad_layer(order="dict"), "first_bad_layer.key_order"),
    (_bad_layer(order="w_then_b"), "first_bad_layer.w_then_b"),
    (lambda p, d: _bad_layer()(p, d) or 0, "first_bad_layer.none_when_ok"),
    (lambda p, d: _bad_layer()(p, d) or -1, "first_bad_layer.none_when_ok"),
    (lambda p, d: f"W{_bad_layer()(p, d)}", "first_bad_layer.not_an_int"),
    (lambda p, d: float(_bad_layer()(p, d) or 0) or None, "first_bad_layer.not_an_int"),
    (lambda p, d: _bad_layer()(p, d) is not None, "first_bad_layer.not_an_int"),
])
def test_first_bad_layer_wrong(wrong, hint_id):
    err = fails_with(testCases.first_bad_layer_test, wrong, "", hint_id)
    from testCases.hints import text_of
    assert text_of(hint_id)[:12] in str(err)


def test_first_bad_layer_variants_tell_every_mistake_apart():
    """Each usual mistake gives its own answers on the checker's cases, none of them the right ones,
    so a diagnosis names one mistake."""
    from testCases.forward_checks import _BAD_VARIANTS, _first_bad_layer_hidden
    cases = testCases.first_bad_layer_test_case() + _first_bad_layer_hidden()
    right = tuple(want for *_, want in cases)
    answers = [tuple(variant(p, d) for _, p, d, _ in cases) for variant, _ in _BAD_VARIANTS]
    assert right not in answers
    assert len(set(answers)) == len(answers), answers


def test_first_bad_layer_hard_coded_public_answers_fail_on_a_hidden_case():
    table = {label: want for label, _, _, want in testCases.first_bad_layer_test_case()}
    answers = iter([table[label] for label, *_ in testCases.first_bad_layer_test_case()] + [None] * 10)
    err = fails_with(testCases.first_bad_layer_test, lambda p, d: next(answers), "不公开")
    assert "应为" not in str(err)


def test_first_bad_layer_numpy_int_passes():
    testCases.first_bad_layer_test(lambda p, d: None if _bad_layer()(p, d) is None else np.int64(_bad_layer()(p, d)))


def test_first_bad_layer_crash_on_a_missing_key_names_it():
    def direct(parameters, layer_dims):
        for l in range(1, len(layer_dims)):
            if (parameters[f"W{l}"].shape != (layer_dims[l], layer_dims[l - 1])
                    or parameters[f"b{l}"].shape != (layer_dims[l], 1)):
                return l
    with pytest.raises(KeyError) as info:
        testCases.first_bad_layer_test(direct)
    notes = "\n".join(info.value.__notes__)
    assert info.value.hint_id == "first_bad_layer.missing_key", notes
    assert "不公开" in notes and "写死" not in notes     # the known cause is not second-guessed


# parity_counts

def test_parity_counts_reference(capsys):
    testCases.parity_counts_test(S("parity_counts"))
    assert "✓ parity_counts" in capsys.readouterr().out


@pytest.mark.parametrize("wrong, hint", [
    (lambda n: ((n - 1).bit_length(), (n - 1).bit_length(), 2 ** (n - 1)), "这是树的层数（深度），不是门的个数"),
    (lambda n: (n - 1, int(math.log2(n)), 2 ** (n - 1)), "向上取整"),
    (lambda n: (n - 1, (n - 1).bit_length(), 2 ** n), "2^(n-1)"),
    (lambda n: (n // 2, (n - 1).bit_length(), 2 ** (n - 1)), "n - 1 个门"),
    (lambda n: [n - 1, (n - 1).bit_length()], "应返回 3 个值"),
    (lambda n: (n - 1, np.ceil(np.log2(n)), 2 ** (n - 1)), "int(...)"),
    (lambda n: (n - 1, max(1, (n - 1).bit_length()), 2 ** (n - 1)), "深度为 0"),
])
def test_parity_counts_wrong(wrong, hint):
    fails_with(testCases.parity_counts_test, wrong, hint)


# Issue 12: strict types, hidden cases, hint ids; issue 14: hard-coded L, vectorised idea, parity weights

def test_activation_entry_copied_answers_fail_on_the_hidden_case():
    acts, queries = testCases.activation_entry_test_case()
    table = {q: acts[q[0]][q[2] - 1, q[1] - 1] for q in queries}
    err = fails_with(testCases.activation_entry_test, lambda a, l, i, k: table.get((l, i, k), 0.5),
                     "不公开")
    assert "期望" not in str(err) and err.hint_id == "activation_entry.wrong_value"


def test_activation_entry_swapped_on_hidden_case_has_its_hint():
    acts, queries = testCases.activation_entry_test_case()
    table = {q: acts[q[0]][q[2] - 1, q[1] - 1] for q in queries}

    def swapped_unless_published(a, l, i, k):
        return table[(l, i, k)] if (l, i, k) in table else a[l][i - 1, k - 1]
    fails_with(testCases.activation_entry_test, swapped_unless_published, "行是单元 k",
               "activation_entry.rows_columns_swapped")


def hard_coded(L_fixed):
    def forward(X, parameters):
        A = X
        for l in range(1, L_fixed + 1):
            Z = parameters[f"W{l}"] @ A + parameters[f"b{l}"]
            A = 1 / (1 + np.exp(-Z)) if l == L_fixed else np.maximum(0, Z)
        return A
    return forward


@pytest.mark.parametrize("check", [testCases.forward_single_test, testCases.forward_vectorized_test])
def test_forward_hard_coded_L_says_so(check):
    with pytest.raises(CheckFailed) as err:
        check_forward(check, hard_coded(4))
    assert err.value.hint_id == "forward.hard_coded_l"
    assert "不要写死层数" in str(err.value) and "少算了最后一层" not in str(err.value)


@pytest.mark.parametrize("check", [testCases.forward_single_test, testCases.forward_vectorized_test])
def test_forward_hard_coded_L_too_deep_gets_a_note(check):
    with pytest.raises(KeyError) as err:
        check_forward(check, hard_coded(5))
    assert any("不要写死层数" in note for note in getattr(err.value, "__notes__", []))


def test_forward_missing_last_layer_hint_id():
    with pytest.raises(CheckFailed) as err:
        testCases.forward_single_test(make_wrong(stop=1))
    assert err.value.hint_id == "forward.missing_last_layer"


@pytest.mark.parametrize("check", [testCases.forward_single_test, testCases.forward_vectorized_test])
def test_forward_copied_answer_fails_on_hidden_network(check):
    published = check_forward.__globals__["testCases"]  # same module; keeps the lookup explicit
    if check is testCases.forward_single_test:
        cases = [(X, p) for X, p in published.forward_single_test_case()]
    else:
        cases = [(np.column_stack(ex), p) for ex, p in published.forward_vectorized_test_case()]
    answers = {len(p) // 2: reference_forward(X, p) for X, p in cases}

    def copied(X, parameters):
        L = len(parameters) // 2
        return answers[L] if L in answers else np.full((parameters[f"W{L}"].shape[0], X.shape[1]), 0.5)
    with pytest.raises(CheckFailed) as err:
        check_forward(check, copied)
    assert "不公开" in str(err.value) and "期望" not in str(err.value)


@pytest.mark.parametrize("result", [
    lambda A: A.astype(complex) + 1j,
    lambda A: A.astype(str),
    lambda A: A.astype(object),
    lambda A: A > 0.5,
    lambda A: np.full_like(A, np.nan),
])
def test_forward_refuses_non_real_results(result):
    with pytest.raises(CheckFailed):
        testCases.forward_single_test(lambda X, p: result(reference_forward(X, p)))


def test_forward_vectorized_loop_over_examples_is_caught():
    def per_example(examples, parameters):
        return np.column_stack([reference_forward(x[:, None], parameters) for x in examples])
    fails_with(testCases.forward_vectorized_test, per_example, "对样本写了循环",
               "forward_vectorized.loop_over_examples")


def test_forward_vectorized_loop_with_np_dot_is_caught():
    def per_example(examples, parameters):
        out = []
        for x in examples:
            a = x[:, None]
            L = len(parameters) // 2
            for l in range(1, L + 1):
                z = np.dot(parameters[f"W{l}"], a) + parameters[f"b{l}"]
                a = 1 / (1 + np.exp(-z)) if l == L else np.maximum(0, z)
            out.append(a)
        return np.hstack(out)
    fails_with(testCases.forward_vectorized_test, per_example, "对样本写了循环",
               "forward_vectorized.loop_over_examples")


def test_forward_vectorized_rows_get_a_note():
    with pytest.raises(ValueError) as err:
        testCases.forward_vectorized_test(lambda ex, p: reference_forward(np.array(ex), p))
    assert any("样本要排成列" in note for note in getattr(err.value, "__notes__", []))


def test_forward_vectorized_order_hint():
    fails_with(testCases.forward_vectorized_test,
               lambda ex, p: reference_forward(np.column_stack(ex[::-1]), p), "顺序",
               "forward_vectorized.column_order")


def test_forward_vectorized_method_dot_passes_and_the_library_forward_does_not():
    import dnn_utils

    def with_method_dot(examples, parameters):
        A = np.stack(examples, axis=1)
        L = len(parameters) // 2
        for l in range(1, L + 1):
            Z = parameters[f"W{l}"].dot(A) + parameters[f"b{l}"]
            A = 1 / (1 + np.exp(-Z)) if l == L else np.maximum(0, Z)
        return A
    testCases.forward_vectorized_test(with_method_dot)
    with pytest.raises(CheckFailed) as err:
        testCases.forward_vectorized_test(lambda ex, p: dnn_utils.L_model_forward(np.column_stack(ex), p)[0])
    assert err.value.hint_id == "forward_vectorized.uses_reference"


def test_parity_counts_copied_answers_fail_on_hidden_case():
    table = dict(testCases.parity_counts_test_case())
    err = fails_with(testCases.parity_counts_test, lambda n: table.get(n, (n - 1, 99, 2 ** (n - 1))),
                     "不公开", "parity_counts.depth")
    assert "应为" not in str(err)


def test_parity_counts_bool_refused():
    fails_with(testCases.parity_counts_test, lambda n: (n - 1, (n - 1).bit_length(), True) if n == 1
               else (n - 1, (n - 1).bit_length(), 2 ** (n - 1)), "bool", "parity_counts.bool")


# parity_network

def counting_network(n, readout=None, bias_sign=-1.0, gain=20.0, output_bias=True):
    W1 = np.ones((n, n))
    b1 = bias_sign * np.arange(n, dtype=float)[:, None]
    if readout is None:
        readout = np.array([1.0] + [2.0 * (-1) ** j for j in range(1, n)])
    W2 = gain * np.asarray(readout, dtype=float)[None, :]
    b2 = np.array([[-gain / 2 if output_bias else 0.0]])
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def test_parity_network_own_networks_pass_and_the_library_one_does_not(capsys):
    testCases.parity_network_test(S("parity_network"))
    testCases.parity_network_test(counting_network)
    assert "✓ parity_network" in capsys.readouterr().out
    with pytest.raises(CheckFailed) as err:
        testCases.parity_network_test(logic.parity_counting_parameters)
    assert err.value.hint_id == "parity_network.uses_reference"


@pytest.mark.parametrize("wrong, hint_id", [
    (lambda n: counting_network(n, readout=[1.0] + [(-1.0) ** j for j in range(1, n)]),
     "parity_network.slope"),
    (lambda n: counting_network(n, bias_sign=1.0), "parity_network.all_units_active"),
    (lambda n: counting_network(n, gain=1.0), "parity_network.margin"),
    (lambda n: counting_network(n, output_bias=False), "parity_network.output_half"),
    (lambda n: counting_network(n, gain=-20.0), "parity_network.flipped"),
    (lambda n: logic.parity_shallow_parameters(n), "parity_network.too_many_units"),
    (lambda n: logic.parity_tree_parameters(n), "parity_network.keys"),
    (lambda n: {k: v.ravel() if k == "b1" else v for k, v in counting_network(n).items()},
     "parity_network.shapes"),
    (lambda n: {k: v.astype(complex) for k, v in counting_network(n).items()}, None),
    (lambda n: None, None),
])
def test_parity_network_wrong(wrong, hint_id):
    with pytest.raises(CheckFailed) as err:
        testCases.parity_network_test(wrong)
    if hint_id is not None:
        assert err.value.hint_id == hint_id, (err.value.hint_id, str(err.value))


def test_parity_network_published_sizes_only_fail_on_hidden_n():
    published = set(testCases.parity_network_test_case())
    with pytest.raises(CheckFailed) as err:
        testCases.parity_network_test(
            lambda n: counting_network(n) if n in published else counting_network(n, gain=-20.0))
    assert err.value.hint_id == "parity_network.flipped"


def test_parity_network_overflow_is_refused():
    fails_with(testCases.parity_network_test, lambda n: counting_network(n, gain=1e308), "inf",
               "parity_network.not_finite")


# Hostile returns: every checker of 00-04 answers with its own failure, never a crash or a ✓.

def _hostile_values(example):
    values = [None, "1", b"1", [1.0], (1.0,), {}, {"W1": 1}, True, 1 + 1j, np.nan, np.inf,
              np.array(["1.0"]), np.array([1 + 1j]), np.array([None], dtype=object), np.array([True]),
              np.array([np.nan]), np.zeros((0,)), np.zeros((2, 3, 4)), example]
    if isinstance(example, np.ndarray):
        values += [example.astype(complex) + 1j, example.astype(str), example.astype(object),
                   example > 0, example.T, example.ravel(), np.full_like(example, np.nan, dtype=float)]
    return values


HOSTILE = {
    "layer_dims_from_parameters": (testCases.layer_dims_from_parameters_test, lambda: [3, 4, 1]),
    "activation_entry": (testCases.activation_entry_test, lambda: 0.5),
    "forward_single": (testCases.forward_single_test,
                       lambda: reference_forward(*testCases.forward_single_test_case()[0])),
    "forward_vectorized": (testCases.forward_vectorized_test, lambda: reference_forward(
        np.column_stack(testCases.forward_vectorized_test_case()[0][0]),
        testCases.forward_vectorized_test_case()[0][1])),
    "first_bad_layer": (testCases.first_bad_layer_test, lambda: 3),
    "parity_counts": (testCases.parity_counts_test, lambda: (1, 1, 2)),
    "parity_network": (testCases.parity_network_test, lambda: counting_network(2)),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_returns_get_a_failure_not_a_crash(name):
    check, example = HOSTILE[name]
    base = example()
    extra = []
    if isinstance(base, dict):
        first = sorted(base)[0]
        extra = [{**base, first: bad} for bad in _hostile_values(np.asarray(base[first]))
                 if not isinstance(bad, tuple)]
        extra.append({**{k: v for k, v in base.items()}, 7: 1})
    if isinstance(base, tuple):
        extra = [tuple([bad] + list(base[1:])) for bad in _hostile_values(base[0])]
    for bad in _hostile_values(base) + extra:
        with pytest.raises(CheckFailed):
            check(lambda *args, bad=bad: bad)


def test_hostile_input_itself_returned():
    with pytest.raises(CheckFailed):
        testCases.forward_single_test(lambda X, parameters: X)
    with pytest.raises(CheckFailed):
        testCases.forward_vectorized_test(lambda examples, parameters: examples)
    with pytest.raises(CheckFailed):
        testCases.first_bad_layer_test(lambda parameters, dims: dims)
    with pytest.raises(CheckFailed):
        testCases.activation_entry_test(lambda acts, l, i, k: acts)


def _mutating_count(parameters):
    dims = dims_of(parameters)
    parameters["W1"] = parameters["W1"].T
    return dims


def _mutating_entry(acts, l, i, k):
    value = acts[l][k - 1, i - 1]
    acts[l][k - 1, i - 1] = 0.0
    return value


def _mutating_first_bad_layer(parameters, dims):
    out = S("first_bad_layer")(parameters, dims)
    parameters.pop("W1", None)
    return out


@pytest.mark.parametrize("check, fn", [
    (testCases.layer_dims_from_parameters_test, _mutating_count),
    (testCases.activation_entry_test, _mutating_entry),
    (testCases.first_bad_layer_test, _mutating_first_bad_layer),
])
def test_mutated_inputs_are_caught(check, fn):
    with pytest.raises(CheckFailed) as err:
        check(fn)
    assert err.value.hint_id.endswith("mutated_input"), (err.value.hint_id, str(err.value))


def test_parity_network_shifted_output_bias_fails_on_margin():
    def shifted(n):
        params = counting_network(n)
        params["b2"] = params["b2"] * 1.5 + 0.5     # still classifies right, margin 0.004
        return params
    fails_with(testCases.parity_network_test, shifted, "离 0/1 还远", "parity_network.margin")
