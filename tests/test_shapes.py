"""layer_shapes and check_parameter_shapes on the seed's L = 5 network."""
import numpy as np

import dnn_utils
from dnn_utils.shapes import check_parameter_shapes, layer_shapes

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
