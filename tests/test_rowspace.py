"""training.gradient_descent's row-space path (W[1] = W[1]_0 + C Xᵀ) gives the textbook iterates,
and training that diverges says so."""
import numpy as np
import pytest

import dnn_utils as d
from dnn_utils import training


def textbook(X, Y, parameters, learning_rate, num_iterations):
    """The loop as the course writes it: L_model_forward, L_model_backward, update_parameters."""
    logged = set(training.cost_iterations(num_iterations))
    costs = []
    for i in range(num_iterations):
        AL, caches = d.L_model_forward(X, parameters)
        if i in logged:
            costs.append(d.compute_cost(AL, Y))
        grads = d.L_model_backward(AL, Y, caches)
        parameters = d.update_parameters(parameters, grads, learning_rate)
    return parameters, costs


def problem(n0, m, dims, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.randn(n0, m)
    Y = (X[0:1] + 0.5 * X[1:2] - 0.3 * X[2:3] > 0).astype(float)
    return X, Y, d.initialize_parameters_deep([n0] + dims, seed=seed + 1, init="lecun")


def assert_same_run(a, b, cost_rtol=1e-10, param_atol=1e-9):
    (pa, ca), (pb, cb) = a, b
    assert len(ca) == len(cb)
    np.testing.assert_allclose(ca, cb, rtol=cost_rtol, atol=0)
    assert sorted(pa) == sorted(pb)
    for k in pa:
        assert pa[k].shape == pb[k].shape
        np.testing.assert_allclose(pa[k], pb[k], rtol=0, atol=param_atol)


SHAPES = [(40, 12), (200, 30), (8, 30), (25, 25)]  # n0 > m, n0 < m, n0 = m
DEPTHS = [[1], [5, 1], [6, 4, 3, 1]]


@pytest.mark.parametrize("n0, m", SHAPES)
@pytest.mark.parametrize("dims", DEPTHS, ids=lambda dims: f"L{len(dims)}")
def test_rowspace_is_the_textbook_loop(n0, m, dims):
    X, Y, start = problem(n0, m, dims)
    before = {k: v.copy() for k, v in start.items()}
    reference = textbook(X, Y, start, 0.05, 230)
    for method in ("rowspace", "direct", "auto"):
        assert_same_run(training.gradient_descent(X, Y, start, 0.05, 230, method=method), reference)
    for k in start:  # the starting parameters are not modified
        np.testing.assert_array_equal(start[k], before[k])
    assert reference[1][-1] < reference[1][0]  # it did learn: the comparison is not of constants


@pytest.mark.parametrize("n0, m", [(40, 12), (8, 30)])
@pytest.mark.parametrize("dims", DEPTHS, ids=lambda dims: f"L{len(dims)}")
def test_snapshots_are_the_same_on_both_paths(n0, m, dims):
    X, Y, start = problem(n0, m, dims, seed=4)
    runs = {}
    for method in ("rowspace", "direct"):
        snaps = {}
        final, costs = training.gradient_descent(X, Y, start, 0.05, 230, method=method,
                                                 snapshot_every=50, on_snapshot=snaps.__setitem__)
        assert sorted(snaps) == [0, 50, 100, 150, 200]
        runs[method] = final, costs, snaps
        # each snapshot is the result of a shorter run, and later training does not change it
        for i in (0, 100, 200):
            assert_same_run((snaps[i], []), (textbook(X, Y, start, 0.05, i)[0], []))
    assert_same_run(runs["rowspace"][:2], runs["direct"][:2])
    assert runs["rowspace"][1] == training.gradient_descent(X, Y, start, 0.05, 230,
                                                            method="rowspace")[1]


def test_auto_takes_rowspace_only_when_it_is_cheaper():
    assert training.choose_method(12288, 209, 2500, 20) == "rowspace"
    assert training.choose_method(12288, 209, 2500, 7, snapshot_every=100) == "rowspace"
    assert training.choose_method(100, 209, 2500, 20) == "direct"  # n0 < m
    assert training.choose_method(209, 209, 2500, 20) == "direct"  # n0 = m: K as large as X
    assert training.choose_method(12288, 209, 1, 20) == "direct"  # K = XᵀX costs more than 1 step
    assert training.choose_method(12288, 209, 0, 20) == "direct"
    X, Y, start = problem(40, 12, [5, 1])
    auto = training.gradient_descent(X, Y, start, 0.05, 120)
    row = training.gradient_descent(X, Y, start, 0.05, 120, method="rowspace")
    assert auto[1] == row[1]
    for k in auto[0]:
        np.testing.assert_array_equal(auto[0][k], row[0][k])
    with pytest.raises(ValueError, match="rowspace"):
        training.gradient_descent(X, Y, start, 0.05, 10, method="gram")


def test_rowspace_prints_the_same_lines(capsys):
    X, Y, start = problem(40, 12, [6, 4, 3, 1])
    training.gradient_descent(X, Y, start, 0.05, 230, print_cost=True, method="direct")
    direct = capsys.readouterr().out
    training.gradient_descent(X, Y, start, 0.05, 230, print_cost=True, method="rowspace")
    assert capsys.readouterr().out == direct
    assert direct.count("\n") == 4 and "发散" not in direct


@pytest.mark.parametrize("method", ["direct", "rowspace"])
def test_tuned_threads_on_both_paths(monkeypatch, method):
    # two thread counts probed alternately must not change the iterates
    monkeypatch.setattr(training, "BLAS_THREADS", None)
    monkeypatch.setattr(training, "thread_candidates", lambda cores=None: [1, 2])
    monkeypatch.setattr(training, "REPROBE_EVERY", 7)
    X, Y, start = problem(40, 12, [5, 1])
    assert_same_run(training.gradient_descent(X, Y, start, 0.05, 120, method=method),
                    textbook(X, Y, start, 0.05, 120))


# ---- training that diverges says so ----

def test_diverging_run_warns_once(capsys):
    X, Y, start = problem(40, 12, [5, 1])
    for method in ("direct", "rowspace"):
        training.gradient_descent(X, Y, start, 0.05, 500, method=method)
        assert "发散" not in capsys.readouterr().out
        training.gradient_descent(X, Y, start, 200.0, 1000, method=method)
        out = capsys.readouterr().out
        assert out.count("发散 (diverging)") == 1, out


@pytest.mark.parametrize("method", ["direct", "rowspace"])
def test_non_finite_parameters_warn(capsys, method):
    X, Y, start = problem(40, 12, [5, 1])
    start = dict(start, b2=np.array([[np.nan]]))
    training.gradient_descent(X, Y, start, 0.05, 150, method=method)
    out = capsys.readouterr().out
    assert "发散 (diverging)" in out and "nan" in out


def test_one_rise_is_not_divergence(capsys, monkeypatch):
    costs = iter([0.7, 0.6, 0.65, 0.5, 0.55, 0.4, 0.3])  # noisy but going down
    monkeypatch.setattr(training, "compute_cost", lambda AL, Y: next(costs))
    X, Y, start = problem(40, 12, [5, 1])
    training.gradient_descent(X, Y, start, 0.05, 601)  # 7 recorded costs
    assert "发散" not in capsys.readouterr().out
    costs = iter([0.7, 0.3, 0.35, 0.4, 0.2, 0.1, 0.1])  # two rises, still far below the start
    training.gradient_descent(X, Y, start, 0.05, 601)
    assert "发散" not in capsys.readouterr().out
    costs = iter([0.7, 0.6, 0.65, 0.75, 0.5, 0.4, 0.3])  # two rises in a row, past the start
    training.gradient_descent(X, Y, start, 0.05, 601)
    assert "发散 (diverging)" in capsys.readouterr().out


# ---- the cat data ----

def _cat(cat_data):
    train_x_orig, train_y, *_ = cat_data
    return train_x_orig.reshape(train_x_orig.shape[0], -1).T / 255.0, train_y


@pytest.mark.data
@pytest.mark.slow
@pytest.mark.parametrize("model", ["two_layer", "L_layer"])
def test_cat_rowspace_is_the_textbook_loop_and_the_published_table(cat_data, model, capsys):
    from test_model import L_LAYER_COSTS, TWO_LAYER_COSTS  # tests/ is on sys.path (rootdir conftest)
    X, Y = _cat(cat_data)
    if model == "two_layer":
        start, table = d.initialize_parameters(12288, 7, 1), TWO_LAYER_COSTS
    else:
        start = d.initialize_parameters_deep([12288, 20, 7, 5, 1], seed=1, init="lecun")
        table = L_LAYER_COSTS
    row = training.gradient_descent(X, Y, start, 0.0075, 2500, method="rowspace")
    assert_same_run(row, textbook(X, Y, start, 0.0075, 2500))
    np.testing.assert_allclose(row[1], table, rtol=0, atol=1e-9)
    assert "发散" not in capsys.readouterr().out


@pytest.mark.data
@pytest.mark.slow
def test_cat_learning_rate_100_warns(cat_data, capsys):
    X, Y = _cat(cat_data)
    _, costs = d.L_layer_model(X, Y, [12288, 20, 7, 5, 1], learning_rate=100, num_iterations=400)
    out = capsys.readouterr().out
    assert "发散 (diverging)" in out, costs
    assert all(np.isfinite(costs))  # the costs alone look normal: only the warning tells
