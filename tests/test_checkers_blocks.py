"""Every building-block checker passes the reference and fails, with the intended hint, on
plausible wrong versions (the mistakes learners make, see the course's pain points)."""
import numpy as np
import pytest

import dnn_utils as d
from dnn_utils import early_stopping
import testCases as tc
from course_solutions import solution as S
from testCases import CheckFailed
from testCases.hints import text_of

NAMES = ["initialize_parameters", "initialize_parameters_deep", "linear_forward",
         "linear_activation_forward", "L_model_forward", "compute_cost", "linear_backward",
         "linear_activation_backward", "L_model_backward", "update_parameters", "two_layer_model",
         "L_layer_model_snapshots"]


@pytest.mark.parametrize("name", NAMES)
def test_the_notebook_solution_passes(name, capsys):
    getattr(tc, f"{name}_test")(S(name))
    assert capsys.readouterr().out == f"✓ {name}：通过全部检查\n"


@pytest.mark.parametrize("name", NAMES)
def test_blank_exercise_says_not_done(name):
    def blank(*args, **kwargs):
        raise NotImplementedError()
    with pytest.raises(CheckFailed, match="还没有完成"):
        getattr(tc, f"{name}_test")(blank)


@pytest.mark.parametrize("name", NAMES)
def test_returning_none_is_named(name):
    with pytest.raises(CheckFailed, match="None"):
        getattr(tc, f"{name}_test")(lambda *a, **k: None)


def fails_with(checker, fn, hint):
    with pytest.raises(CheckFailed) as info:
        checker(fn)
    assert hint in str(info.value), str(info.value)
    return str(info.value)


def test_learner_exception_keeps_its_traceback():
    def broken(A, W, b):
        return np.dot(A, W) + b  # wrong order: a shape error inside learner code
    with pytest.raises(ValueError) as info:
        tc.linear_forward_test(broken)
    assert any("W 在左边" in note for note in getattr(info.value, "__notes__", []))
    assert info.traceback[-1].name == "broken"


def _init2(rand=False, scale=0.01, transpose=False):
    def fn(n_x, n_h, n_y):
        np.random.seed(1)
        draw = np.random.rand if rand else np.random.randn
        W1, W2 = draw(n_h, n_x) * scale, draw(n_y, n_h) * scale
        if transpose:
            W1, W2 = W1.T, W2.T
        return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}
    return fn


def test_initialize_parameters_wrong_versions():
    t = tc.initialize_parameters_test
    fails_with(t, _init2(rand=True), "np.random.rand")
    fails_with(t, _init2(scale=1.0), "忘了乘 0.01")
    fails_with(t, _init2(transpose=True), "W1 的形状应为 (2, 3)")

    def no_seed(n_x, n_h, n_y):
        p = _init2()(n_x, n_h, n_y)
        return {**p, "W1": np.random.RandomState(5).randn(n_h, n_x) * 0.01}
    fails_with(t, no_seed, "np.random.seed(1)")


def _init_deep(init="small", stop=0, bias_shape=None):
    def fn(layer_dims):
        np.random.seed(3)
        p = {}
        for l in range(1, len(layer_dims) - stop):
            scale = 0.01 if init == "small" else 1 / np.sqrt(layer_dims[l - 1])
            p[f"W{l}"] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * scale
            p[f"b{l}"] = np.zeros(bias_shape or (layer_dims[l], 1))
        return p
    return fn


def test_initialize_parameters_deep_wrong_versions():
    t = tc.initialize_parameters_deep_test
    fails_with(t, _init_deep(init="lecun"), "第 12 讲猫分类模型")
    fails_with(t, _init_deep(stop=1), "range(1, len(layer_dims))")
    fails_with(t, _init_deep(bias_shape=(4,)), "b1")


def test_linear_forward_wrong_versions():
    t = tc.linear_forward_test
    fails_with(t, lambda A, W, b: (W @ A, (A, W, b)), "忘了加上偏置 b")
    fails_with(t, lambda A, W, b: (W @ A + b, (W, A, b)), "cache 应按顺序保存 (A, W, b)")
    fails_with(t, lambda A, W, b: W @ A + b, "应返回 2 个值")

    def mutating(A, W, b):
        A += 0  # harmless
        W *= 2
        return (W / 2) @ A + b, (A, W / 2, b)
    fails_with(t, mutating, "修改了传入的参数")


def test_linear_activation_forward_wrong_versions():
    t = tc.linear_activation_forward_test

    def swapped(A_prev, W, b, activation):
        return S("linear_activation_forward")(A_prev, W, b, "relu" if activation == "sigmoid" else "sigmoid")
    fails_with(t, swapped, "两种激活函数用反了")

    def no_activation(A_prev, W, b, activation):
        Z, lc = d.linear_forward(A_prev, W, b)
        return Z, (lc, Z)
    fails_with(t, no_activation, "忘了在线性部分之后调用激活函数")

    def reversed_cache(A_prev, W, b, activation):
        A, (lc, Z) = S("linear_activation_forward")(A_prev, W, b, activation)
        return A, (Z, lc)
    fails_with(t, reversed_cache, "不是反过来")


def _forward(acts=None, use_X=False, skip_last=False):
    def fn(X, parameters):
        L = len(parameters) // 2
        A, caches = X, []
        for l in range(1, L + 1 - skip_last):
            act = (acts or {}).get(l, "sigmoid" if l == L else "relu")
            A, cache = d.linear_activation_forward(X if use_X else A, parameters[f"W{l}"],
                                                   parameters[f"b{l}"], act)
            caches.append(cache)
        return A, caches
    return fn


def test_L_model_forward_wrong_versions():
    t = tc.L_model_forward_test
    fails_with(t, _forward(acts={3: "relu"}), "最后一层应该用 sigmoid")
    fails_with(t, _forward(acts={1: "sigmoid", 2: "sigmoid"}), "隐藏层应该用 relu")
    fails_with(t, _forward(skip_last=True), "AL 的形状")
    with pytest.raises(ValueError) as info:
        t(_forward(use_X=True))
    assert any("A_prev" in n for n in info.value.__notes__)


def test_compute_cost_wrong_versions():
    t = tc.compute_cost_test
    fails_with(t, lambda AL, Y: -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)), "忘了乘 1/m")
    fails_with(t, lambda AL, Y: np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)), "符号反了")
    fails_with(t, lambda AL, Y: -np.mean(Y * np.log(AL)), "漏了 (1 - Y)")
    fails_with(t, lambda AL, Y: -(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / 3,
               "np.squeeze")


def _linear_backward(no_m=False, transpose=False, keepdims=True, dA_over_m=False):
    def fn(dZ, cache):
        A_prev, W, b = cache
        m = 1 if no_m else A_prev.shape[1]
        dW = (A_prev @ dZ.T) / m if transpose else (dZ @ A_prev.T) / m
        db = np.sum(dZ, axis=1, keepdims=keepdims) / m
        dA_prev = W.T @ dZ / (A_prev.shape[1] if dA_over_m else 1)
        return dA_prev, dW, db
    return fn


def test_linear_backward_wrong_versions():
    t = tc.linear_backward_test
    fails_with(t, _linear_backward(no_m=True), "dW 忘了乘 1/m")
    fails_with(t, _linear_backward(transpose=True), "dZ·A_prevᵀ")
    fails_with(t, _linear_backward(keepdims=False), "keepdims=True")
    fails_with(t, _linear_backward(dA_over_m=True), "dA_prev 不需要除以 m")


def test_linear_activation_backward_wrong_versions():
    t = tc.linear_activation_backward_test

    def swapped(dA, cache, activation):
        return S("linear_activation_backward")(dA, cache, "relu" if activation == "sigmoid" else "sigmoid")
    fails_with(t, swapped, "用错了导数")

    def skipped(dA, cache, activation):
        return d.linear_backward(dA, cache[0])
    fails_with(t, skipped, "忘了先乘激活函数的导数")
    fails_with(t, lambda dA, cache, activation: S("linear_activation_backward")(dA, cache, activation)[1:],
               "应返回 3 个值")


def _backward(hidden="relu", off_by_one=False, sign=1):
    def fn(AL, Y, caches):
        L = len(caches)
        grads = {}
        dA = -sign * (Y / AL - (1 - Y) / (1 - AL))
        for l in range(L, 0, -1):
            act = "sigmoid" if l == L else hidden
            dA, dW, db = d.linear_activation_backward(dA, caches[l - 1], act)
            grads[f"dA{l if off_by_one else l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = dA, dW, db
        return grads
    return fn


def test_L_model_backward_wrong_versions():
    t = tc.L_model_backward_test
    fails_with(t, _backward(hidden="sigmoid"), "隐藏层（relu）的反向传播用了 sigmoid_backward")
    fails_with(t, _backward(off_by_one=True), "dA0 … dA(L-1)")
    fails_with(t, _backward(sign=-1), "dAL 的符号反了")
    # the typical wrong answer of the reference notes: dW1[0] = [0.0944987 0.01377483 ...]
    AL, Y, caches = tc.L_model_backward_test_case()
    np.testing.assert_allclose(_backward(hidden="sigmoid")(AL, Y, caches)["dW1"][0],
                               [0.0944987, 0.01377483, 0.03015356, 0.02322328], atol=1e-7)


def _update(sign=-1, lr_used=True, layers=None, inplace=False):
    def fn(parameters, grads, learning_rate):
        params = parameters if inplace else dict(parameters)
        L = len(parameters) // 2
        for l in range(1, (layers or L) + 1):
            step = learning_rate if lr_used else 1.0
            if inplace:
                params[f"W{l}"] += sign * step * grads[f"dW{l}"]
                params[f"b{l}"] += sign * step * grads[f"db{l}"]
            else:
                params[f"W{l}"] = params[f"W{l}"] + sign * step * grads[f"dW{l}"]
                params[f"b{l}"] = params[f"b{l}"] + sign * step * grads[f"db{l}"]
        return params
    return fn


def test_update_parameters_wrong_versions():
    t = tc.update_parameters_test
    fails_with(t, _update(sign=+1), "符号反了")
    fails_with(t, _update(lr_used=False), "忘了乘学习率")
    fails_with(t, _update(layers=1), "没有更新")
    fails_with(t, _update(inplace=True), "修改了传入的参数")


def _two_layer(update=True, init="ok", ignore_lr=False, only_params=False):
    def fn(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        n_x, n_h, n_y = layers_dims
        if init == "ok":
            params = d.initialize_parameters(n_x, n_h, n_y)
        else:
            params = d.initialize_parameters_deep([n_x, n_h, n_y])
        costs = []
        for i in range(num_iterations):
            AL, caches = d.L_model_forward(X, params)
            if i % 100 == 0:
                costs.append(d.compute_cost(AL, Y))
            grads = d.L_model_backward(AL, Y, caches)
            if update:
                params = d.update_parameters(params, grads, 0.0075 if ignore_lr else learning_rate)
        return params if only_params else (params, costs)
    return fn


def test_two_layer_model_wrong_versions():
    t = tc.two_layer_model_test
    _two_layer()(*tc.two_layer_model_test_case()[:3])  # the helper itself is right
    t(_two_layer())
    fails_with(t, _two_layer(update=False), "代价一直不变")
    fails_with(t, _two_layer(init="deep"), "不是 initialize_parameters_deep")
    fails_with(t, _two_layer(ignore_lr=True), "learning_rate")
    fails_with(t, _two_layer(only_params=True), "应返回 2 个值")


def _deep_model(seed=1, init="lecun", update=True, record_every=100, snapshot="before", final=True, copy=False,
                in_place=False):
    """A learner's L_layer_model_snapshots: right unless told otherwise. record_every: how often
    costs are recorded; snapshot "before" / "after" the update, "every_100" (the interval hard-coded)
    or "after_key" (after the update, under key i + 1); final: the last snapshot is stored; in_place:
    the update subtracts in place (so stored snapshots change unless copy)."""
    def fn(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False,
           seed_=None, init_=None, every=100):
        params = d.initialize_parameters_deep(layers_dims, seed=seed, init=init)
        costs, snapshots = [], {}
        step = 100 if snapshot == "every_100" else every

        def keep(key):
            snapshots[key] = {k: v.copy() for k, v in params.items()} if copy else params
        for i in range(num_iterations):
            AL, caches = d.L_model_forward(X, params)
            if i % record_every == 0:
                costs.append(d.compute_cost(AL, Y))
            if snapshot in ("before", "every_100") and i % step == 0:
                keep(i)
            if update:
                grads = d.L_model_backward(AL, Y, caches)
                if in_place:
                    for k in params:
                        params[k] -= learning_rate * grads["d" + k]
                else:
                    params = d.update_parameters(params, grads, learning_rate)
            if snapshot in ("after", "after_key") and i % step == 0:
                keep(i + (snapshot == "after_key"))
        if final:
            keep(num_iterations)
        return params, costs, snapshots
    return fn


def test_L_layer_model_snapshots_training_mistakes():
    t = tc.L_layer_model_snapshots_test
    t(_deep_model())
    fails_with_id(t, _deep_model(seed=3, init="small"), "L_layer_model_snapshots.init_small")
    fails_with_id(t, _deep_model(seed=3, init="lecun"), "L_layer_model_snapshots.init_lecun_seed3")
    fails_with(t, _deep_model(update=False), "代价一直不变")
    fails_with(t, _deep_model(record_every=10), "costs 应记录 4 个值")


@pytest.mark.parametrize("how, hint_id", [
    (dict(snapshot="after"), "L_layer_model_snapshots.after_update"),
    (dict(snapshot="after_key"), "L_layer_model_snapshots.after_update"),
    (dict(final=False), "L_layer_model_snapshots.missing_final"),
    (dict(snapshot="every_100"), "L_layer_model_snapshots.every_not_used"),
    (dict(in_place=True), "L_layer_model_snapshots.aliased"),
])
def test_L_layer_model_snapshots_wrong_snapshots(how, hint_id):
    err = fails_with_id(tc.L_layer_model_snapshots_test, _deep_model(**how), hint_id)
    assert text_of(hint_id) in str(err)


def test_L_layer_model_snapshots_in_place_updates_pass_with_copies(capsys):
    # in-place updates change the caller's nothing here (params are the function's own), and
    # copied snapshots keep their values: a legitimate way to write it
    tc.L_layer_model_snapshots_test(_deep_model(in_place=True, copy=True))
    assert "✓ L_layer_model_snapshots" in capsys.readouterr().out


def test_L_layer_model_snapshots_keys_must_be_numbers():
    def fn(*a, **k):
        params, costs, snaps = _deep_model()(*a, **k)
        return params, costs, {str(i): v for i, v in snaps.items()}
    fails_with_id(tc.L_layer_model_snapshots_test, fn, "L_layer_model_snapshots.key_type")


def test_L_layer_model_snapshots_reference_snapshots_are_those_of_one_run():
    # the checker's expected snapshots: the parameters before update i, from the same run
    X, Y, dims, lr, its = tc.L_layer_model_snapshots_test_case()
    params, costs, snaps = early_stopping.L_layer_model_snapshots(X, Y, dims, lr, its)
    assert sorted(snaps) == [0, 100, 200, 300, 301]
    short, _ = d.L_layer_model(X, Y, dims, learning_rate=lr, num_iterations=100)
    for k in short:
        np.testing.assert_allclose(snaps[100][k], short[k], atol=1e-12)
        np.testing.assert_array_equal(snaps[301][k], params[k])


def _two_layer_variant(hidden="relu", dZ_twice=False):
    def fn(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        params = d.initialize_parameters(*layers_dims)
        costs = []
        for i in range(num_iterations):
            A1, c1 = d.linear_activation_forward(X, params["W1"], params["b1"], hidden)
            A2, c2 = d.linear_activation_forward(A1, params["W2"], params["b2"], "sigmoid")
            if i % 100 == 0:
                costs.append(d.compute_cost(A2, Y))
            dA2 = A2 - Y if dZ_twice else -(Y / A2 - (1 - Y) / (1 - A2))
            dA1, dW2, db2 = d.linear_activation_backward(dA2, c2, "sigmoid")
            _, dW1, db1 = d.linear_activation_backward(dA1, c1, hidden)
            params = d.update_parameters(params, {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2},
                                         learning_rate)
        return params, costs
    return fn


def test_training_mistakes_get_their_own_hints():
    fails_with(tc.two_layer_model_test, _two_layer_variant(hidden="sigmoid"), "隐藏层要用 \"relu\"")
    fails_with(tc.two_layer_model_test, _two_layer_variant(dZ_twice=True), "AL - Y 已经是 dZ[L]")
    tc.two_layer_model_test(_two_layer_variant())
    fails_with_id(tc.L_layer_model_snapshots_test, _deep_model(seed=1, init="small"),
                  "L_layer_model_snapshots.init_small")


def test_missing_1_over_m_upstream_is_named():
    no_m = _linear_backward(no_m=True)

    def la_backward(dA, cache, activation):
        linear_cache, Z = cache
        dZ = (d.relu_backward if activation == "relu" else d.sigmoid_backward)(dA, Z)
        return no_m(dZ, linear_cache)
    fails_with(tc.linear_activation_backward_test, la_backward, "linear_backward 是否少了 1/m")

    def model_backward(AL, Y, caches):
        grads, dA = {}, -(Y / AL - (1 - Y) / (1 - AL))
        for l in range(len(caches), 0, -1):
            dA, grads[f"dW{l}"], grads[f"db{l}"] = la_backward(dA, caches[l - 1],
                                                               "sigmoid" if l == len(caches) else "relu")
            grads[f"dA{l - 1}"] = dA
        return grads
    fails_with(tc.L_model_backward_test, model_backward, "linear_backward 是否少了 1/m")


# --- hint ids, strict validation, hidden cases, composed functions (issue 12 / 14) ---------------

def fails_with_id(checker, fn, hint_id):
    with pytest.raises(CheckFailed) as info:
        checker(fn)
    assert info.value.hint_id == hint_id, str(info.value)
    return info.value


def _forward_caches(transform):
    def fn(X, parameters):
        AL, caches = S("L_model_forward")(X, parameters)
        return AL, transform(caches)
    return fn


def test_L_model_forward_checks_the_contents_of_caches():
    t = tc.L_model_forward_test
    fails_with_id(t, _forward_caches(lambda cs: cs[::-1]), "L_model_forward.cache_values")
    fails_with_id(t, _forward_caches(lambda cs: [(*lc, Z) for lc, Z in cs]), "L_model_forward.cache_structure")
    fails_with_id(t, _forward_caches(lambda cs: [(lc, Z * 0) for lc, Z in cs]), "L_model_forward.cache_values")
    fails_with_id(t, _forward_caches(lambda cs: [((lc[1], lc[0], lc[2]), Z) for lc, Z in cs]),
                  "L_model_forward.cache_values")
    fails_with_id(t, _forward_caches(lambda cs: cs[:-1]), "L_model_forward.caches_length")
    fails_with_id(t, _forward_caches(tuple), "L_model_forward.wrong_type")


def test_linear_activation_forward_checks_linear_cache():
    t = tc.linear_activation_forward_test

    def cache_as(make):
        def fn(A_prev, W, b, activation):
            A, (lc, Z) = S("linear_activation_forward")(A_prev, W, b, activation)
            return A, make(lc, Z, A)
        return fn
    fails_with_id(t, cache_as(lambda lc, Z, A: (lc[:2], Z)), "linear_activation_forward.linear_cache")
    fails_with_id(t, cache_as(lambda lc, Z, A: ((lc[1], lc[0], lc[2]), Z)), "linear_activation_forward.linear_cache")
    fails_with_id(t, cache_as(lambda lc, Z, A: ((lc[0] * 2, lc[1], lc[2]), Z)), "linear_activation_forward.linear_cache")
    fails_with_id(t, cache_as(lambda lc, Z, A: (lc, A)), "linear_activation_forward.activation_cache")


def test_malformed_values_get_their_own_ids():
    cost = S("compute_cost")
    fails_with_id(tc.compute_cost_test, lambda AL, Y: cost(AL, Y) + 0.5j, "compute_cost.complex")
    fails_with_id(tc.compute_cost_test, lambda AL, Y: str(cost(AL, Y)), "compute_cost.not_numeric")
    fails_with_id(tc.compute_cost_test, lambda AL, Y: True, "compute_cost.bool")
    fails_with_id(tc.compute_cost_test, lambda AL, Y: np.array([[cost(AL, Y)]]), "compute_cost.squeeze")
    fails_with_id(tc.linear_forward_test, lambda A, W, b: ((W @ A + b).astype(str), (A, W, b)),
                  "linear_forward.string_array")
    fails_with_id(tc.linear_forward_test, lambda A, W, b: ((W @ A + b) + 1e-3j, (A, W, b)), "linear_forward.complex")
    fails_with_id(tc.linear_forward_test, lambda A, W, b: ((W @ A + b).astype(object), (A, W, b)),
                  "linear_forward.object_array")
    fails_with_id(tc.linear_forward_test, lambda A, W, b: ((W @ A + b).tolist(), (A, W, b)),
                  "linear_forward.not_numeric")
    fails_with_id(tc.linear_backward_test, lambda dZ, cache: (*S("linear_backward")(dZ, cache)[:2], np.nan * dZ[:, :1]),
                  "linear_backward.not_finite")
    fails_with_id(tc.update_parameters_test, lambda p, g, lr: {**S("update_parameters")(p, g, lr), 1: 0},
                  "update_parameters.wrong_keys")


def test_float32_results_pass(capsys):
    def lf(A, W, b):
        Z, cache = S("linear_forward")(A, W, b)
        return Z.astype(np.float32).astype(np.float64), cache
    tc.linear_forward_test(lf)
    assert "✓ linear_forward：通过全部检查" in capsys.readouterr().out


def test_hard_coded_published_values_fail_on_the_hidden_case_without_printing_it():
    published = d.compute_cost(*tc.compute_cost_test_case())
    err = fails_with_id(tc.compute_cost_test, lambda AL, Y: published, "compute_cost.wrong_value")
    hidden = float(d.compute_cost(*tc.blocks._hidden_cost_case()))
    assert f"{hidden:.4f}"[:5] not in str(err) and "diff" not in str(err) and "期望" not in str(err)

    Z_pub, cache_pub = d.linear_forward(*tc.linear_forward_test_case())
    err = fails_with_id(tc.linear_forward_test, lambda A, W, b: (Z_pub, (A, W, b)), "linear_forward.wrong_shape")

    def right_only_on_the_published_case(A, W, b):
        Z = W @ A + b
        return (Z if A.shape == (3, 2) else Z + 1), (A, W, b)
    err = fails_with_id(tc.linear_forward_test, right_only_on_the_published_case, "linear_forward.wrong_value")
    A, W, b = tc.blocks._randn(11, (4, 5), (3, 4), (3, 1))
    assert f"{(W @ A + b).ravel()[0]:.4f}" not in str(err) and "期望" not in str(err)


def test_hidden_cases_catch_every_hard_coded_published_answer():
    for name in NAMES:
        args = getattr(tc, f"{name}_test_case")()
        if name.startswith("linear_activation"):
            args += ("relu",)
        reference = early_stopping.L_layer_model_snapshots if name == "L_layer_model_snapshots" else getattr(d, name)
        out = reference(*args)
        with pytest.raises(CheckFailed):
            getattr(tc, f"{name}_test")(lambda *a, **k: out)


def _namespace(source):
    g = {"np": np, "d": d}
    exec(source, g)
    return g


LEARNER_FORWARD = '''
def linear_forward(A, W, b):
    return {lf}, (A, W, b)

def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    A = 1 / (1 + np.exp(-Z)) if activation == "sigmoid" else np.maximum(0, Z)
    return A, (linear_cache, Z)

def L_model_forward(X, parameters):
    L = len(parameters) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)],
                                             "sigmoid" if l == L else "{hidden}")
        caches.append(cache)
    return A, caches
'''


def test_a_wrong_block_is_named_and_the_right_composition_still_passes(capsys):
    g = _namespace(LEARNER_FORWARD.format(lf="W @ A", hidden="relu"))
    mine = g["linear_forward"]
    tc.L_model_forward_test(g["L_model_forward"])
    out = capsys.readouterr().out
    assert "⚠ 你的 linear_forward 在这里算出的结果与参考实现不同" in out and "L_model_forward" in out
    assert "linear_activation_forward 在这里" not in out
    assert "✓ L_model_forward：通过全部检查" in out
    assert g["linear_forward"] is mine


def test_a_wrong_composition_of_right_blocks_fails(capsys):
    g = _namespace(LEARNER_FORWARD.format(lf="W @ A + b", hidden="sigmoid"))
    fails_with_id(tc.L_model_forward_test, g["L_model_forward"], "L_model_forward.hidden_sigmoid")
    assert "⚠" not in capsys.readouterr().out


LEARNER_BACKWARD = '''
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    return W.T @ dZ, dZ @ A_prev.T / {m}, np.sum(dZ, axis=1, keepdims=True) / {m}

def linear_activation_backward(dA, cache, activation):
    linear_cache, Z = cache
    dZ = d.sigmoid_backward(dA, Z) if activation == "sigmoid" else d.relu_backward(dA, Z)
    return linear_backward(dZ, linear_cache)

def L_model_backward(AL, Y, caches):
    L = len(caches)
    grads = {{}}
    dZ = AL - Y   # the notebook's recommendation: dZ[L] directly
    grads["dA" + str(L - 1)], grads["dW" + str(L)], grads["db" + str(L)] = linear_backward(dZ, caches[L - 1][0])
    for l in range(L - 1, 0, -1):
        dA_prev, grads["dW" + str(l)], grads["db" + str(l)] = linear_activation_backward(
            grads["dA" + str(l)], caches[l - 1], "relu")
        grads["dA" + str(l - 1)] = dA_prev
    return grads
'''


def test_L_model_backward_graded_case_is_consistent_so_AL_minus_Y_passes(capsys):
    g = _namespace(LEARNER_BACKWARD.format(m="m"))
    tc.L_model_backward_test(g["L_model_backward"])
    out = capsys.readouterr().out
    assert "✓ L_model_backward：通过全部检查" in out and "⚠" not in out
    # the published case (for display) is not consistent: there AL - Y is not the gradient
    AL, Y, caches = tc.L_model_backward_test_case()
    assert not np.allclose(g["L_model_backward"](AL, Y, caches)["dW2"], d.L_model_backward(AL, Y, caches)["dW2"])


def test_L_model_backward_with_a_wrong_linear_backward_names_it(capsys):
    g = _namespace(LEARNER_BACKWARD.format(m="1"))
    tc.L_model_backward_test(g["L_model_backward"])
    out = capsys.readouterr().out
    assert "⚠ 你的 linear_backward 在这里算出的结果与参考实现不同" in out and "✓ L_model_backward" in out


def test_b_not_updated_is_named():
    def no_b(parameters, grads, learning_rate):
        return {k: v - learning_rate * grads["d" + k] if k.startswith("W") else v for k, v in parameters.items()}
    fails_with_id(tc.update_parameters_test, no_b, "update_parameters.b_not_updated")
    fails_with_id(tc.update_parameters_test, _update(layers=1), "update_parameters.layer_not_updated")


TWO_LAYER = '''
def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    n_x, n_h, n_y = layers_dims
    parameters = d.initialize_parameters(n_x, n_h, n_y)
    costs = []
    for i in range(num_iterations):
        {reinit}
        A1, cache1 = d.linear_activation_forward(X, parameters["W1"], parameters["b1"], "relu")
        A2, cache2 = d.linear_activation_forward(A1, parameters["W2"], parameters["b2"], "sigmoid")
        cost = d.compute_cost(A2, Y)
        dA2 = {sign} (np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
        {back2} = d.linear_activation_backward(dA2, {c2}, "sigmoid")
        dA0, dW1, db1 = d.linear_activation_backward(dA1, {c1}, "relu")
        parameters = update_parameters(parameters, {{"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}},
                                       learning_rate)
        if i % 100 == 0:
            costs.append(cost)
    return parameters, costs

def update_parameters(parameters, grads, learning_rate):
    return {{k: v - learning_rate * grads["d" + k] if k.startswith("W") or {update_b} else v
            for k, v in parameters.items()}}
'''


def _two_layer_source(reinit="", sign="-", back2="dA1, dW2, db2", c1="cache1", c2="cache2", update_b="True"):
    return _namespace(TWO_LAYER.format(reinit=reinit, sign=sign, back2=back2, c1=c1, c2=c2,
                                       update_b=update_b))["two_layer_model"]


def test_two_layer_model_training_mistakes(capsys):
    t = tc.two_layer_model_test
    t(_two_layer_source())
    assert "✓ two_layer_model" in capsys.readouterr().out
    fails_with_id(t, _two_layer_source(sign="+"), "two_layer_model.dA_sign")
    fails_with_id(t, _two_layer_source(reinit="parameters = d.initialize_parameters(n_x, n_h, n_y)"),
                  "two_layer_model.reinit_in_loop")
    for wrong in (dict(back2="dW2, dA1, db2"), dict(c1="cache2", c2="cache1")):
        with pytest.raises(ValueError) as info:
            t(_two_layer_source(**wrong))
        notes = "\n".join(getattr(info.value, "__notes__", [])) + str(info.value)
        assert "linear_activation_backward 的返回顺序" in notes and "不要交换" in notes


def test_a_learner_update_parameters_without_b_is_named_in_training(capsys):
    tc.two_layer_model_test(_two_layer_source(update_b="False"))
    out = capsys.readouterr().out
    assert "⚠ 你的 update_parameters 在这里算出的结果与参考实现不同" in out and "✓ two_layer_model" in out


def test_L_layer_model_snapshots_reinitialised_in_the_loop():
    def fn(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False, every=100):
        costs = []
        for i in range(num_iterations):
            params = d.initialize_parameters_deep(layers_dims, seed=1, init="lecun")
            AL, caches = d.L_model_forward(X, params)
            if i % 100 == 0:
                costs.append(d.compute_cost(AL, Y))
            params = d.update_parameters(params, d.L_model_backward(AL, Y, caches), learning_rate)
        return params, costs, {}
    fails_with_id(tc.L_layer_model_snapshots_test, fn, "L_layer_model_snapshots.reinit_in_loop")
    fails_with_id(tc.L_layer_model_snapshots_test, _deep_model(update=False), "L_layer_model_snapshots.no_update")


def test_ragged_or_non_numeric_costs_do_not_crash():
    def costs_as(value):
        def fn(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False, every=100):
            params, _, snaps = S("L_layer_model_snapshots")(X, Y, layers_dims, learning_rate=learning_rate,
                                                             num_iterations=3)
            return params, value, snaps
        return fn
    for value, kind in (([[0.1, 0.2], [0.3]], "ragged"), (["0.6", "0.5", "0.4", "0.3"], "not_numeric"),
                        ([0.6, None, 0.4, 0.3], "not_numeric"), (np.array([0.6, 0.5j, 0.4, 0.3]), "complex")):
        fails_with_id(tc.L_layer_model_snapshots_test, costs_as(value), f"L_layer_model_snapshots.{kind}")


def test_show_prints_snapshots_as_their_keys_and_shapes(capsys):
    tc.show(S("L_layer_model_snapshots"))
    out = capsys.readouterr().out
    assert "costs = [" in out and "snapshots[301] = {'W1': array(5, 6), 'b1': array(5, 1)" in out
    assert [line.split(" =")[0] for line in out.splitlines() if line.startswith("snapshots[")] == \
        [f"snapshots[{i}]" for i in (0, 100, 200, 300, 301)]
