"""layer_shapes, first_bad_layer and check_parameter_shapes on the seed's L = 5 network."""
import numpy as np

import dnn_utils
from dnn_utils.shapes import check_parameter_shapes, first_bad_layer, layer_shapes, network_summary, shape_table

DIMS = [2, 3, 5, 4, 2, 1]


def test_layer_shapes_match_a_real_pass():
    m = 7
    shapes = layer_shapes(DIMS, m)
    params = dnn_utils.initialize_parameters_deep(DIMS)
    X = np.random.RandomState(0).randn(2, m)
    AL, caches = dnn_utils.L_model_forward(X, params)
    grads = dnn_utils.L_model_backward(AL, np.ones((1, m)), caches)
    for l, ((A_prev, W, b), Z) in enumerate(caches, start=1):
        assert W.shape == shapes[f"W{l}"] and b.shape == shapes[f"b{l}"]
        assert Z.shape == shapes[f"Z{l}"]
        assert grads[f"dW{l}"].shape == shapes[f"dW{l}"]
        assert grads[f"db{l}"].shape == shapes[f"db{l}"]
    assert AL.shape == shapes["A5"]


def test_check_parameter_shapes_names_first_bad_layer():
    params = dnn_utils.initialize_parameters_deep(DIMS)
    assert check_parameter_shapes(params, DIMS) is None
    bad = dict(params, W3=params["W3"].T, b4=params["b4"].ravel())
    msg = check_parameter_shapes(bad, DIMS)
    assert msg.startswith("第 3 层") and "W3" in msg and "转置" in msg
    del bad["W3"]
    assert "缺少 W3" in check_parameter_shapes(bad, DIMS)
    assert "多出" in check_parameter_shapes(dict(params, W6=np.zeros((1, 1))), DIMS)


def test_shape_table_rows_agree_with_layer_shapes():
    lines = shape_table(DIMS, 7)
    assert len(lines) == len(DIMS) and lines[0].split() == ["l", "W", "b", "Z", "A", "dW", "db"]
    shapes = layer_shapes(DIMS, 7)
    for l, line in enumerate(lines[1:], start=1):
        assert line.split()[0] == str(l)
        assert f"{shapes[f'W{l}']}".replace(" ", "") in line.replace(" ", "")
    assert "(5,3)" in lines[2].replace(" ", "") and "(5,7)" in lines[2].replace(" ", "")


def test_network_summary_counts_parameters_like_a_real_network():
    dims = [3, 5, 5, 3, 1]
    params = dnn_utils.initialize_parameters_deep(dims)
    n_params = sum(v.size for v in params.values())
    assert network_summary(dims) == (
        f"L = 4, n = [3, 5, 5, 3, 1], hidden units = 13, parameters (W and b) = {n_params}")
    assert n_params == 72
    assert network_summary(layer_sizes=dims) == network_summary(dims)  # the old keyword


def test_first_bad_layer_goes_by_layer_number_and_counts_missing_and_1d():
    params = dnn_utils.initialize_parameters_deep(DIMS)
    assert first_bad_layer(params, DIMS) is None
    assert first_bad_layer(dict(params, W3=params["W3"].T, b4=params["b4"].ravel()), DIMS) == 3
    assert first_bad_layer(dict(params, b4=params["b4"].ravel()), DIMS) == 4
    missing = {k: v for k, v in params.items() if k != "b2"}
    assert first_bad_layer(missing, DIMS) == 2
    # keys inserted in reverse order, two bad layers: the smaller number wins
    reverse = {k: params[k] for k in reversed(list(params))}
    reverse.update(W5=params["W5"].T, b2=np.zeros((2, 1)))
    assert first_bad_layer(reverse, DIMS) == 2
    # a transposed square matrix has the right shape: no shape check can see it
    square = dnn_utils.initialize_parameters_deep([6, 6, 6, 1])
    assert first_bad_layer(dict(square, W2=square["W2"].T), [6, 6, 6, 1]) is None
