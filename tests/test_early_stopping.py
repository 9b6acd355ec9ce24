"""dnn_utils.early_stopping: one training run gives both L_layer_model's results and snapshots."""
import numpy as np

import dnn_utils
from dnn_utils.early_stopping import L_layer_model_snapshots, accuracy_curve


def _data():
    rng = np.random.RandomState(0)
    X = rng.randn(6, 30)
    Y = (X[0:1] + 0.5 * X[1:2] > 0).astype(float)
    return X, Y


def test_same_costs_and_parameters_as_L_layer_model(capsys):
    X, Y = _data()
    dims = [6, 5, 3, 1]
    ref_params, ref_costs = dnn_utils.L_layer_model(X, Y, dims, learning_rate=0.3,
                                                    num_iterations=250, print_cost=True)
    ref_out = capsys.readouterr().out
    params, costs, snaps = L_layer_model_snapshots(X, Y, dims, learning_rate=0.3,
                                                   num_iterations=250, print_cost=True)
    assert capsys.readouterr().out == ref_out
    assert costs == ref_costs
    for k in ref_params:
        np.testing.assert_array_equal(params[k], ref_params[k])
    assert sorted(snaps) == [0, 100, 200, 250]
    assert snaps[250] is params
    for every in (50, 200):
        p2, c2, s2 = L_layer_model_snapshots(X, Y, dims, learning_rate=0.3, num_iterations=250,
                                             every=every)
        assert c2 == ref_costs and sorted(s2)[-2:] == [249 // every * every, 250]
        np.testing.assert_array_equal(p2["W1"], ref_params["W1"])
    start = dnn_utils.initialize_parameters_deep(dims, seed=1, init="lecun")
    np.testing.assert_array_equal(snaps[0]["W2"], start["W2"])


def test_snapshots_are_the_parameters_of_a_shorter_run():
    X, Y = _data()
    dims = [6, 4, 1]
    _, _, snaps = L_layer_model_snapshots(X, Y, dims, learning_rate=0.3, num_iterations=250,
                                          init="small", seed=3)
    short, _ = dnn_utils.L_layer_model(X, Y, dims, learning_rate=0.3, num_iterations=100,
                                       init="small", seed=3)
    for k in short:
        np.testing.assert_array_equal(snaps[100][k], short[k])


def test_accuracy_curve_counts_right_answers():
    X, Y = _data()
    _, _, snaps = L_layer_model_snapshots(X, Y, [6, 4, 1], learning_rate=0.3, num_iterations=300)
    its, right = accuracy_curve(snaps, X, Y)
    assert its.tolist() == [0, 100, 200, 300]
    for i, r in zip(its, right):
        p = dnn_utils.predict(X, Y, snaps[i])
        assert r == int(np.sum(p == Y))
    assert right[-1] > right[0]


def test_old_keyword_layers_dims_still_works():
    X, Y = _data()
    new = L_layer_model_snapshots(X, Y, layer_dims=[6, 4, 1], num_iterations=20)[1]
    assert L_layer_model_snapshots(X, Y, layers_dims=[6, 4, 1], num_iterations=20)[1] == new
