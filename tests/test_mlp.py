"""The notebook-08 MLP: the seed's gradient is the true one / (2m²), the corrected one passes a
gradient check, and the training runs the notebook describes behave as it says."""
import numpy as np
import pytest

from dnn_utils import check_network_gradients, mlp, numerical_gradient, relative_error


def small_problem(seed=0):
    X, Y = mlp.make_data(m=6, n_x=5, n_y=3, seed=seed)
    params = mlp.initialize_parameters(5, 4, 3, seed=seed + 1)
    return X, Y, params


def test_shapes_and_loss():
    X, Y = mlp.make_data()
    assert X.shape == (1000, 64) and Y.shape == (10, 64)
    params = mlp.initialize_parameters()
    assert {k: v.shape for k, v in params.items()} == {
        "W1": (100, 1000), "b1": (100, 1), "W2": (10, 100), "b2": (10, 1)}
    Y_hat, cache = mlp.forward(X, params)
    assert Y_hat.shape == (10, 64) and cache["Z1"].shape == (100, 64)
    assert mlp.loss(Y_hat, Y) == pytest.approx(np.sum((Y_hat - Y) ** 2))


def test_correct_backward_matches_finite_differences_elementwise():
    X, Y, params = small_problem()
    Y_hat, cache = mlp.forward(X, params)
    assert np.min(np.abs(cache["Z1"])) > 1e-3  # away from the ReLU kink
    grads = mlp.backward(X, Y, Y_hat, cache, params)
    for k in params:
        numeric = numerical_gradient(lambda: mlp.loss(mlp.forward(X, params)[0], Y), params[k])
        assert relative_error(grads["d" + k], numeric) < 1e-7, k


def test_full_size_gradient_check_separates_the_two_versions():
    X, Y = mlp.make_data()
    params = mlp.initialize_parameters()
    Y_hat, cache = mlp.forward(X, params)
    true = mlp.backward(X, Y, Y_hat, cache, params)
    seed = mlp.backward_seed(X, Y, Y_hat, cache, params)
    kw = dict(forward=mlp.forward, cost=mlp.loss, n_directions=3)
    assert check_network_gradients(params, true, X, Y, **kw) < 1e-6
    assert check_network_gradients(params, seed, X, Y, **kw) > 0.99


@pytest.mark.parametrize("seed", [0, 1])
def test_seed_gradient_is_true_gradient_over_2m2(seed):
    X, Y, params = small_problem(seed)
    Y_hat, cache = mlp.forward(X, params)
    true = mlp.backward(X, Y, Y_hat, cache, params)
    wrong = mlp.backward_seed(X, Y, Y_hat, cache, params)
    m = X.shape[1]
    for k in true:
        np.testing.assert_allclose(wrong[k] * 2 * m * m, true[k], rtol=1e-12, atol=1e-12)


def test_seed_run_equals_true_gradient_with_rescaled_learning_rate():
    X, Y, params = small_problem()
    m = X.shape[1]
    _, a = mlp.train(X, Y, params, 1e-2, 50, backward=mlp.backward_seed)
    _, b = mlp.train(X, Y, params, 1e-2 / (2 * m * m), 50, backward=mlp.backward)
    np.testing.assert_allclose(a, b, rtol=1e-12)


def test_train_does_not_mutate_and_records_loss_before_each_step():
    X, Y, params = small_problem()
    before = {k: v.copy() for k, v in params.items()}
    new, losses = mlp.train(X, Y, params, 1e-3, 3)
    for k in params:
        np.testing.assert_array_equal(params[k], before[k])
    assert len(losses) == 3
    assert losses[0] == mlp.loss(mlp.forward(X, params)[0], Y)
    assert losses[-1] > mlp.loss(mlp.forward(X, new)[0], Y)


def test_the_runs_the_notebook_reports():
    X, Y = mlp.make_data()
    seed_init, he_init = mlp.initialize_parameters(), mlp.initialize_parameters(init="he")
    _, seed_run = mlp.train(X, Y, seed_init, 1e-2, 400, backward=mlp.backward_seed)
    assert seed_run[0] > 1e7 and seed_run[-1] < 1.0
    _, diverged = mlp.train(X, Y, seed_init, 1e-2, 400)
    assert len(diverged) < 20 and not np.isfinite(diverged[-1])
    _, fixed = mlp.train(X, Y, he_init, 1e-4, 400)
    assert fixed[0] < 1e4 and fixed[-1] < 1e-6


def test_unknown_init_is_an_error():
    with pytest.raises(ValueError, match="'seed', 'he'"):
        mlp.initialize_parameters(init="xavier")


def test_mlp_losses_match_a_direct_run():
    direct = mlp.train(*mlp.make_data(), mlp.initialize_parameters(init="he"), 1e-4, 5)[1]
    assert mlp.mlp_losses("he", 1e-4, "true", num_iterations=5) == direct
    seed = mlp.mlp_losses("seed", 1e-2, "seed", num_iterations=5)
    rescaled = mlp.mlp_losses("seed", 1e-2 / (2 * 64 ** 2), "true", num_iterations=5)
    np.testing.assert_allclose(seed, rescaled, rtol=1e-12)


def test_mlp_losses_stop_when_the_run_blows_up():
    losses = mlp.mlp_losses("seed", 1e-2, "true", num_iterations=400)
    assert len(losses) < 400 and not np.isfinite(losses[-1])
    with pytest.raises(ValueError, match="'true', 'seed'"):
        mlp.mlp_losses(gradient="mean")


def test_old_names_keep_working():
    # init_parameters was the name of initialize_parameters; epochs= was train's keyword
    assert mlp.init_parameters is mlp.initialize_parameters and mlp.INIT_SCALES is mlp.INITS
    X, Y, params = small_problem()
    assert mlp.train(X, Y, params, 1e-3, epochs=4)[1] == mlp.train(X, Y, params, 1e-3, 4)[1]
    assert mlp.mlp_losses(epochs=3) == mlp.mlp_losses(num_iterations=3)
    with pytest.raises(TypeError, match="epochs"):
        mlp.train(X, Y, params, 1e-3, epochs=4, num_iterations=4)


def test_forward_and_backward_use_the_library_relu():
    # the ReLU of the MLP is activations.relu: same values as max(0, Z), same mask as Z > 0
    X, Y, params = small_problem()
    Y_hat, cache = mlp.forward(X, params)
    np.testing.assert_array_equal(cache["A1"], np.maximum(cache["Z1"], 0.0))
    true = mlp.backward(X, Y, Y_hat, cache, params)
    dZ1 = (params["W2"].T @ (2.0 * (Y_hat - Y))) * (cache["Z1"] > 0)
    np.testing.assert_allclose(true["dW1"], dZ1 @ X.T, rtol=1e-13)
