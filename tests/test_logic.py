"""XOR network and parity networks: exact counts, verified on every input."""
import numpy as np
import pytest

import dnn_utils
from dnn_utils import logic


def test_xor_reproduces_seed_output():
    X = np.array([[1, 1, 0, 0], [1, 0, 1, 0]])
    expected = [[4.54391049e-05, 9.99954520e-01, 9.99954520e-01, 4.54391049e-05]]
    np.testing.assert_allclose(logic.xor_forward(X), expected, rtol=1e-8)


def test_all_inputs_and_parity():
    X = logic.all_inputs(3)
    assert X.shape == (3, 8)
    assert len({tuple(c) for c in X.T}) == 8
    np.testing.assert_array_equal(logic.parity(X), [[0, 1, 1, 0, 1, 0, 0, 1]])


@pytest.mark.parametrize("n", range(1, 11))
def test_parity_networks_exhaustive(n):
    gates, depth, shallow_units = logic.parity_counts(n)
    tree = logic.parity_tree_parameters(n)
    assert len(tree) // 2 - 1 == depth == int(np.ceil(np.log2(n)))
    assert sum(g[0] == "xor" for level in logic.parity_tree_plan(n) for g in level) == gates == n - 1
    assert logic.hidden_units(logic.parity_shallow_parameters(n)) == shallow_units == 2 ** (n - 1)
    assert logic.hidden_units(logic.parity_counting_parameters(n)) == n
    for params in (tree, logic.parity_shallow_parameters(n), logic.parity_counting_parameters(n)):
        right, err = logic.verify_parity(params, n)
        assert right == 2 ** n
        assert err < 5e-5


def test_tree_hidden_signals_are_exact_integers():
    n = 7
    X = logic.all_inputs(n)
    params = logic.parity_tree_parameters(n)
    _, caches = dnn_utils.L_model_forward(X, params)
    for (linear_cache, Z) in caches:
        A_prev = linear_cache[0]
        np.testing.assert_array_equal(A_prev, np.round(A_prev))


def test_gain_sets_the_margin():
    _, err = logic.verify_parity(logic.parity_tree_parameters(5, gain=40.0), 5)
    assert np.isclose(err, 1 / (1 + np.exp(20.0)), rtol=1e-6)


def test_xor_table_is_the_truth_table_and_a_copy():
    X, A2 = logic.xor_table(logic.xor_parameters())
    np.testing.assert_array_equal(X, logic.XOR_X)
    np.testing.assert_array_equal((A2 > 0.5).astype(float), logic.XOR_Y)
    np.testing.assert_array_equal(A2, logic.xor_forward(logic.XOR_X))
    X[0, 0] = 7.0  # the caller's copy: the module's inputs stay as they are
    assert logic.XOR_X[0, 0] == 0.0
    broken = dict(logic.xor_parameters(), b2=np.array([[-10.0]]))
    assert np.all(logic.xor_table(broken)[1] < 0.5)
