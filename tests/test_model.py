"""dnn_utils against the published unit cases, gradient checks, and the published training runs."""
import numpy as np
import pytest

import dnn_utils as d
import testCases as tc
from dnn_utils.gradcheck import check_network_gradients, numerical_gradient, relative_error


def test_linear_forward_published():
    Z, cache = d.linear_forward(*tc.linear_forward_test_case())
    np.testing.assert_allclose(Z, [[3.26295337, -1.23429987]], atol=1e-8)
    assert len(cache) == 3


def test_linear_activation_forward_published():
    args = tc.linear_activation_forward_test_case()
    np.testing.assert_allclose(d.linear_activation_forward(*args, "sigmoid")[0],
                               [[0.96890023, 0.11013289]], atol=1e-8)
    np.testing.assert_allclose(d.linear_activation_forward(*args, "relu")[0], [[3.43896131, 0.0]], atol=1e-8)


def test_unknown_activation_lists_valid_names():
    with pytest.raises(ValueError, match="'relu', 'sigmoid'"):
        d.linear_activation_forward(*tc.linear_activation_forward_test_case(), "tanh")


def test_L_model_forward_published():
    AL, caches = d.L_model_forward(*tc.L_model_forward_test_case())
    np.testing.assert_allclose(AL, [[0.03921668, 0.70498921, 0.19734387, 0.04728177]], atol=1e-8)
    assert len(caches) == 3


def test_compute_cost_published_and_safe():
    assert abs(d.compute_cost(*tc.compute_cost_test_case()) - 0.2797765635793422) < 1e-15
    saturated = d.compute_cost(np.array([[0.0, 1.0, 1.0, 0.0]]), np.array([[1, 0, 1, 0]]))
    assert np.isfinite(saturated) and saturated > 10  # wrong and sure: large but finite
    assert isinstance(d.compute_cost(np.array([[0.5]]), np.array([[1]])), float)


def test_linear_backward_published():
    _, _, db = d.linear_backward(*tc.linear_backward_test_case())
    np.testing.assert_allclose(db, [[-0.14713786], [-0.11313155], [-0.13209101]], atol=1e-8)


def test_linear_activation_backward_published():
    dA, cache = tc.linear_activation_backward_test_case()
    _, dW, db = d.linear_activation_backward(dA, cache, "sigmoid")
    np.testing.assert_allclose(dW, [[0.10266786, 0.09778551, -0.01968084]], atol=1e-8)
    np.testing.assert_allclose(db, [[-0.05729622]], atol=1e-8)
    _, dW, db = d.linear_activation_backward(dA, cache, "relu")
    np.testing.assert_allclose(dW, [[0.44513824, 0.37371418, -0.10478989]], atol=1e-8)
    np.testing.assert_allclose(db, [[-0.20837892]], atol=1e-8)


def test_L_model_backward_published():
    grads = d.L_model_backward(*tc.L_model_backward_test_case())
    assert sorted(grads) == ["dA0", "dA1", "dW1", "dW2", "db1", "db2"]
    np.testing.assert_allclose(grads["dW1"], [[0.41010002, 0.07807203, 0.13798444, 0.10502167],
                                              [0, 0, 0, 0],
                                              [0.05283652, 0.01005865, 0.01777766, 0.0135308]], atol=1e-8)
    np.testing.assert_allclose(grads["db1"], [[-0.22007063], [0], [-0.02835349]], atol=1e-8)
    np.testing.assert_allclose(grads["dA1"], [[0.12913162, -0.44014127], [-0.14175655, 0.48317296],
                                              [0.01663708, -0.05670698]], atol=1e-8)


def test_L_model_backward_saturated_output_is_finite():
    AL = np.array([[1.0, 0.0]])
    cache = ((np.ones((3, 2)), np.ones((1, 3)), np.zeros((1, 1))), np.array([[40.0, -40.0]]))
    grads = d.L_model_backward(AL, np.array([[0, 1]]), [cache])
    assert all(np.all(np.isfinite(g)) for g in grads.values())


def test_update_parameters_published_and_pure():
    params, grads, lr = tc.update_parameters_test_case()
    before = {k: v.copy() for k, v in params.items()}
    new = d.update_parameters(params, grads, lr)
    np.testing.assert_allclose(new["W2"], [[-0.55569196, 0.0354055, 1.32964895]], atol=1e-8)
    np.testing.assert_allclose(new["b2"], [[-0.84610769]], atol=1e-8)
    for k in params:
        np.testing.assert_array_equal(params[k], before[k])


def test_initialisers_published():
    p = d.initialize_parameters(3, 2, 1)
    np.testing.assert_allclose(p["W1"], [[0.01624345, -0.00611756, -0.00528172],
                                         [-0.01072969, 0.00865408, -0.02301539]], atol=1e-8)
    np.testing.assert_allclose(p["W2"], [[0.01744812, -0.00761207]], atol=1e-8)
    q = d.initialize_parameters_deep([5, 4, 3])
    np.testing.assert_allclose(q["W1"][0], [0.01788628, 0.0043651, 0.00096497, -0.01863493, -0.00277388],
                               atol=1e-8)
    assert q["W2"].shape == (3, 4) and q["b2"].shape == (3, 1)


def test_lecun_init_is_scaled_and_local():
    state = np.random.get_state()
    p = d.initialize_parameters_deep([400, 50, 1], seed=1, init="lecun")
    assert np.random.get_state()[1][0] == state[1][0]  # global RNG untouched
    assert 0.8 < p["W1"].std() * np.sqrt(400) < 1.2
    with pytest.raises(ValueError, match="lecun"):
        d.initialize_parameters_deep([3, 1], init="he")


@pytest.mark.parametrize("act", ["relu", "sigmoid"])
def test_activation_backward_matches_finite_differences(act):
    forward, backward = d.activations.get_activation(act)
    rng = np.random.default_rng(0)
    Z = rng.uniform(0.1, 2.0, (3, 4)) * rng.choice([-1, 1], (3, 4))  # away from the ReLU kink
    dA = rng.standard_normal((3, 4))
    num = numerical_gradient(lambda: float(np.sum(forward(Z)[0] * dA)), Z)
    assert relative_error(backward(dA, Z), num) < 1e-8


def test_linear_backward_matches_finite_differences():
    rng = np.random.default_rng(1)
    A, W, b = rng.standard_normal((4, 5)), rng.standard_normal((3, 4)), rng.standard_normal((3, 1))
    G = rng.standard_normal((3, 5))
    m = A.shape[1]

    def J():  # J = (1/m) Σ G ⊙ Z, so dJ/dZ = G / m and linear_backward(G, ...) gives m·dJ/dA
        return float(np.sum(G * d.linear_forward(A, W, b)[0])) / m

    dA_prev, dW, db = d.linear_backward(G, (A, W, b))
    assert relative_error(dW, numerical_gradient(J, W)) < 1e-8
    assert relative_error(db, numerical_gradient(J, b)) < 1e-8
    assert relative_error(dA_prev / m, numerical_gradient(J, A)) < 1e-8


def _small_net(seed=4):
    rng = np.random.default_rng(seed)
    dims = [5, 4, 3, 1]
    params = d.initialize_parameters_deep(dims, seed=seed, init="lecun")
    params = {k: v + (0.1 * rng.standard_normal(v.shape) if k.startswith("b") else 0) for k, v in params.items()}
    X = rng.standard_normal((5, 7))
    Y = (rng.random((1, 7)) > 0.5).astype(float)
    return params, X, Y


def test_L_model_backward_matches_finite_differences_elementwise():
    params, X, Y = _small_net()
    AL, caches = d.L_model_forward(X, params)
    grads = d.L_model_backward(AL, Y, caches)
    for k, v in params.items():
        num = numerical_gradient(lambda: d.compute_cost(d.L_model_forward(X, params)[0], Y), v)
        assert relative_error(grads["d" + k], num) < 1e-7, k


def test_check_network_gradients_catches_a_wrong_backward():
    params, X, Y = _small_net()
    AL, caches = d.L_model_forward(X, params)
    grads = d.L_model_backward(AL, Y, caches)
    assert check_network_gradients(params, grads, X, Y) < 1e-7
    bad = dict(grads, dW1=grads["dW1"] * 2)
    assert check_network_gradients(params, bad, X, Y) > 1e-3


def test_training_returns_costs_at_every_hundred_and_last():
    X, Y, dims, lr, _ = tc.L_layer_model_snapshots_test_case()
    params, costs = d.L_layer_model(X, Y, dims, learning_rate=lr, num_iterations=250)
    assert d.training.cost_iterations(250) == [0, 100, 200, 249]
    assert len(costs) == 4 and costs[-1] < costs[0]
    assert set(params) == {"W1", "b1", "W2", "b2", "W3", "b3"}


def test_print_cost_is_opt_in(capsys):
    X, Y, dims, lr, _ = tc.two_layer_model_test_case()
    d.two_layer_model(X, Y, dims, num_iterations=101)
    assert capsys.readouterr().out == ""
    d.two_layer_model(X, Y, dims, num_iterations=101, print_cost=True)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[1].endswith(f"{d.two_layer_model(X, Y, dims, num_iterations=101)[1][1]:.8f}")


TWO_LAYER_COSTS = [0.693049735659989, 0.6464320953428849, 0.6325140647912677, 0.6015024920354665,
                   0.5601966311605747, 0.5158304772764729, 0.4754901313943325, 0.4339163151225749,
                   0.4007977536203889, 0.3580705011323798, 0.3394281538366412, 0.3052753636196265,
                   0.27491377282130164, 0.24681768210614832, 0.19850735037466102, 0.1744831811255665,
                   0.1708076297809593, 0.11306524562164734, 0.09629426845937145, 0.08342617959726863,
                   0.07439078704319081, 0.06630748132267927, 0.05919329501038168, 0.05336140348560552,
                   0.04855478562877017, 0.04421498215868951]
L_LAYER_COSTS = [0.7717493284237686, 0.6720534400822914, 0.6482632048575212, 0.6115068816101356,
                 0.5670473268366111, 0.5401376634547801, 0.5279299569455267, 0.4654773771766851,
                 0.36912585249592794, 0.39174697434805356, 0.3151869888600615, 0.2726998441789385,
                 0.23741853400268137, 0.19960120532208644, 0.18926300388463305, 0.16118854665827753,
                 0.14821389662363316, 0.13777487812972944, 0.12974017549190123, 0.12122535068005211,
                 0.1138206066863371, 0.10783928526254132, 0.10285466069352679, 0.10089745445261786,
                 0.09287821526472395, 0.088439943441702]


def _flatten(cat_data):
    train_x_orig, train_y, test_x_orig, test_y, _ = cat_data
    train_x = train_x_orig.reshape(train_x_orig.shape[0], -1).T / 255.0
    test_x = test_x_orig.reshape(test_x_orig.shape[0], -1).T / 255.0
    return train_x, train_y, test_x, test_y


@pytest.mark.data
@pytest.mark.slow
def test_two_layer_model_reproduces_published_run(cat_data, capsys):
    train_x, train_y, test_x, test_y = _flatten(cat_data)
    params, costs = d.two_layer_model(train_x, train_y, (12288, 7, 1), num_iterations=2500)
    assert "发散" not in capsys.readouterr().out  # the divergence warning stays silent
    np.testing.assert_allclose(costs, TWO_LAYER_COSTS, rtol=0, atol=1e-9)
    assert int(np.sum(d.predict(train_x, train_y, params) == train_y)) == 209
    assert int(np.sum(d.predict(test_x, test_y, params) == test_y)) == 36


@pytest.mark.data
@pytest.mark.slow
def test_L_layer_model_reproduces_published_run(cat_data, capsys):
    train_x, train_y, test_x, test_y = _flatten(cat_data)
    params, costs = d.L_layer_model(train_x, train_y, [12288, 20, 7, 5, 1], num_iterations=2500)
    assert "发散" not in capsys.readouterr().out  # the divergence warning stays silent
    np.testing.assert_allclose(costs, L_LAYER_COSTS, rtol=0, atol=1e-9)
    assert int(np.sum(d.predict(train_x, train_y, params) == train_y)) == 206
    p = d.predict(test_x, test_y, params)
    assert int(np.sum(p == test_y)) == 40
    assert np.flatnonzero(p != test_y).tolist() == [5, 11, 13, 19, 28, 29, 34, 38, 44, 45]


@pytest.mark.parametrize("n", [0, 3, 10, 11, 1234])
def test_tuned_threads_run_every_iteration_once_in_order(monkeypatch, n):
    from dnn_utils import training
    monkeypatch.setattr(training, "BLAS_THREADS", None)
    monkeypatch.setattr(training, "REPROBE_EVERY", 100)
    seen = []
    training.run_with_tuned_threads(seen.append, n)
    assert seen == list(range(n))
    assert training.thread_candidates(cores=2) == [1, 2]
    assert training.thread_candidates(cores=1) == [1]
    assert training.thread_candidates(cores=64) == [1, training.MAX_BLAS_THREADS]
    monkeypatch.setattr(training, "BLAS_THREADS", 3)
    assert training.thread_candidates(cores=2) == [3]


def test_L_model_backward_dAL_path_loses_db_once_the_output_saturates():
    # the docstring's numbers: Y = 0, Z[L] = 35 -> db = 0.67, Z[L] = 40 -> db = 0, while AL - Y ≈ 1
    for z, db in ((5.0, 0.9933071490757153), (35.0, 0.6661338147750935), (40.0, 0.0)):
        A, W, b = np.ones((2, 1)), np.array([[z / 2, z / 2]]), np.zeros((1, 1))
        AL, caches = d.L_model_forward(A, {"W1": W, "b1": b})
        assert abs(d.L_model_backward(AL, np.array([[0]]), caches)["db1"].item() - db) < 1e-12
        assert abs((AL - 0).item() - 1) < 0.01


# ---- seen from inside (notebooks 02 and 06): model.forward_activations, model.gradient_flow ----

def test_activation_of_and_cost_gradient():
    assert [d.model.activation_of(l, 3) for l in (1, 2, 3)] == ["relu", "relu", "sigmoid"]
    AL, Y = np.array([[0.2, 0.9, 0.5]]), np.array([[0.0, 1.0, 1.0]])
    np.testing.assert_allclose(d.model.cost_gradient(AL, Y), -(Y / AL - (1 - Y) / (1 - AL)),
                               rtol=1e-15)
    saturated = d.model.cost_gradient(np.array([[0.0, 1.0]]), np.array([[1.0, 0.0]]))
    assert np.all(np.isfinite(saturated))


def test_forward_activations_are_the_columns_of_a_forward_pass():
    params = d.initialize_parameters_deep([3, 5, 5, 3, 1], seed=1, init="lecun")
    x = np.array([1.0, -0.5, 2.0])
    acts = d.model.forward_activations(x, params)
    assert [a.shape for a in acts] == [(3,), (5,), (5,), (3,), (1,)]
    AL, caches = d.L_model_forward(x[:, None], params)
    np.testing.assert_array_equal(acts[0], x)
    np.testing.assert_array_equal(acts[2], caches[2][0][0].ravel())  # a[2] is layer 3's A_prev
    np.testing.assert_array_equal(acts[-1], AL.ravel())


@pytest.mark.parametrize("layer", [1, 2, 3])
def test_gradient_flow_shapes(layer):
    dims = (4, 5, 3, 1)
    flow = d.model.gradient_flow(dims, layer, m=4)
    names = list(flow)
    assert names == [f"dA[{layer}]", f"dZ[{layer}]", f"dW[{layer}]", f"db[{layer}]",
                     f"dA[{layer - 1}]"]
    n, n_prev = dims[layer], dims[layer - 1]
    assert [a.shape for a in flow.values()] == [(n, 4), (n, 4), (n, n_prev), (n, 1), (n_prev, 4)]


def test_gradient_flow_is_consistent_with_the_formulas():
    flow = d.model.gradient_flow((4, 5, 3, 1), 2, m=4)
    dZ, dW, db, dA_prev = (flow[k] for k in ("dZ[2]", "dW[2]", "db[2]", "dA[1]"))
    assert np.allclose(db, dZ.sum(axis=1, keepdims=True) / 4)
    assert dW.shape == (3, 5) and dA_prev.shape == (5, 4)


def _flow_problem(dims=(4, 5, 3, 1), seed=4, m=4):
    """The X, Y and parameters gradient_flow draws for these arguments."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((dims[0], m))
    Y = (rng.random((1, m)) < 0.5).astype(float)
    return X, Y, d.initialize_parameters_deep(list(dims), seed=seed, init="lecun")


def test_gradient_flow_dW_is_the_gradient_of_the_cost():
    flow = d.model.gradient_flow((4, 5, 3, 1), 1, m=4, seed=4)
    X, Y, params = _flow_problem()
    J = lambda: d.compute_cost(d.L_model_forward(X, params)[0], Y)
    num = d.numerical_gradient(J, params["W1"])
    assert d.relative_error(num, flow["dW[1]"]) < 1e-6


def test_gradient_flow_rejects_bad_layer():
    with pytest.raises(ValueError):
        d.model.gradient_flow((4, 5, 3, 1), 0)




def test_gradient_flow_output_layer_is_AL_minus_Y():
    # the output block runs the sigmoid's backward on dAL: dZ[L] = AL - Y (a ReLU there would not)
    flow = d.model.gradient_flow((4, 5, 3, 1), 3, m=4, seed=4)
    X, Y, params = _flow_problem()
    AL, _ = d.L_model_forward(X, params)
    np.testing.assert_allclose(flow["dZ[3]"], AL - Y, rtol=1e-10)
    np.testing.assert_allclose(flow["dA[3]"], d.model.cost_gradient(AL, Y), rtol=1e-15)


# ---- training.hyperparameter_run (notebook 09) ----

def _toy(seed, m=40):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((2, m))
    return X, (X[0] * X[1] > 0).astype(float).reshape(1, m)


def test_hyperparameter_run_is_an_L_layer_model_run():
    (X, Y), (Xv, Yv) = _toy(0), _toy(1)
    run = d.training.hyperparameter_run(X, Y, Xv, Yv, learning_rate=0.5, num_iterations=301,
                                        n_hidden=6, depth=2)
    assert run["layers_dims"] == [2, 6, 6, 1] and run["num_iterations"] == 301
    params, costs = d.L_layer_model(X, Y, [2, 6, 6, 1], 0.5, 301)
    assert run["costs"] == costs and len(costs) == 4 and costs[-1] < costs[0]
    for k in params:
        np.testing.assert_array_equal(run["parameters"][k], params[k])
    assert run["train_acc"] == float(np.mean(d.predict(X, Y, params) == Y)) > 0.7
    assert run["val_acc"] == float(np.mean(d.predict(Xv, Yv, params) == Yv))


def test_dz_all_layers_gives_the_gradients_of_L_model_backward():
    """dZ[l] A[l-1]^T / m is dW[l] of L_model_backward, layer by layer, from dZ[L] = AL - Y."""
    rng = np.random.RandomState(4)
    dims = [4, 5, 3, 2, 1]
    params = d.initialize_parameters_deep(dims, seed=1, init="lecun")
    X, Y = rng.randn(4, 6), (rng.rand(1, 6) > 0.5).astype(float)
    AL, caches = d.L_model_forward(X, params)
    grads = d.L_model_backward(AL, Y, caches)
    dZ = d.model.dz_all_layers(AL - Y, caches)
    assert sorted(dZ) == [1, 2, 3, 4]
    for l in range(1, 5):
        A_prev = caches[l - 1][0][0]
        np.testing.assert_allclose(dZ[l] @ A_prev.T / 6, grads[f"dW{l}"], rtol=1e-10, atol=1e-12)
