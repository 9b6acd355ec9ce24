"""Cases and checkers of the graded building blocks (notebooks 05, 11 and 12).

Each ``<name>_test_case()`` returns the arguments of the published case, in the order the function
takes them (so ``linear_forward(*linear_forward_test_case())`` works); inputs are drawn with a
local ``RandomState`` in the order the course lists them, which gives the published numbers.
Each ``<name>_test(fn)`` compares ``fn`` with the reference in ``dnn_utils`` and diagnoses the usual
mistakes by computing what those mistakes would return on the same inputs.
"""
import numpy as np

import dnn_utils as ref

from ._core import Checker

__all__ = []


def _export(fn):
    __all__.append(fn.__name__)
    return fn


def _randn(seed, *shapes):
    rng = np.random.RandomState(seed)
    return [rng.randn(*s) for s in shapes]


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


NO_M_UPSTREAM = ("正好是期望值的 m 倍：你的 linear_backward 是否少了 1/m？"
                 "先让 linear_backward 的检查通过，这里会跟着变对。")
SEED_HINT = "是否在函数开头调用了 np.random.seed({seed})，并按 {order} 的顺序用 np.random.randn 抽样？"


def _check_params(c, got, want, what="parameters"):
    c.keys(got, want.keys(), what)
    for k in want:
        c.shape(got[k], want[k].shape, f"{what}['{k}']",
                wrong={want[k].shape[::-1]: f"{k} 的形状应为 {want[k].shape}（行数 = 本层单元数）"})


@_export
def initialize_parameters_test_case():
    """(n_x, n_h, n_y) = (3, 2, 1)."""
    return 3, 2, 1


@_export
def initialize_parameters_test(fn):
    with Checker("initialize_parameters") as c:
        n_x, n_h, n_y = initialize_parameters_test_case()
        got = c.returned(c.call(fn, n_x, n_h, n_y))
        want = ref.initialize_parameters(n_x, n_h, n_y)
        _check_params(c, got, want)
        W1u, W2u = _randn(1, (n_h, n_x), (n_y, n_h))
        rng = np.random.RandomState(1)
        rand = [rng.rand(n_h, n_x) * 0.01, rng.rand(n_y, n_h) * 0.01]
        for k, raw, uni in (("W1", W1u, rand[0]), ("W2", W2u, rand[1])):
            c.close(got[k], want[k], f"parameters['{k}']", wrong=[
                (raw, "忘了乘 0.01：权重应是小的随机数 (randn * 0.01)。"),
                (uni, "用了 np.random.rand（均匀分布）；应该用 np.random.randn（标准正态分布）。"),
            ], hint=SEED_HINT.format(seed=1, order="W1、W2"))
        for k in ("b1", "b2"):
            c.close(got[k], want[k], f"parameters['{k}']", hint="b 应初始化为全零：np.zeros((n, 1))。")
        c.unchanged()


@_export
def initialize_parameters_deep_test_case():
    """layer_dims = [5, 4, 3]."""
    return ([5, 4, 3],)


@_export
def initialize_parameters_deep_test(fn):
    with Checker("initialize_parameters_deep") as c:
        (dims,) = initialize_parameters_deep_test_case()
        got = c.returned(c.call(fn, dims))
        want = ref.initialize_parameters_deep(dims, seed=3, init="small")
        lecun = ref.initialize_parameters_deep(dims, seed=3, init="lecun")
        c.keys(got, want.keys(), "parameters",
               hint="layer_dims 有 L+1 项，应生成 W1..WL 与 b1..bL：循环写成 for l in range(1, len(layer_dims))。")
        _check_params(c, got, want)
        for k in want:
            if k.startswith("W"):
                c.close(got[k], want[k], f"parameters['{k}']", wrong=[
                    (want[k] / 0.01, "忘了乘 0.01。"),
                    (lecun[k], "这里（逐步实现的练习）用 randn * 0.01；除以 sqrt(n[l-1]) 的初始化是第 12 讲猫分类模型用的。"),
                ], hint=SEED_HINT.format(seed=3, order="W1、W2、…（每层先 W）"))
            else:
                c.close(got[k], want[k], f"parameters['{k}']", hint="b 应初始化为全零：np.zeros((n[l], 1))。")
        c.unchanged()


@_export
def linear_forward_test_case():
    """A (3, 2), W (1, 3), b (1, 1), seed 1 -> Z = [[3.26295337, -1.23429987]]."""
    return tuple(_randn(1, (3, 2), (1, 3), (1, 1)))


@_export
def linear_forward_test(fn):
    with Checker("linear_forward") as c:
        A, W, b = linear_forward_test_case()
        for args in ((A, W, b), tuple(_randn(11, (4, 5), (3, 4), (3, 1)))):
            A, W, b = args
            Z, cache = c.unpack(c.call(fn, A, W, b, error_hint="Z = np.dot(W, A) + b：W 在左边。"),
                                ("Z", "cache"))
            want, _ = ref.linear_forward(A, W, b)
            c.close(Z, want, "Z", wrong=[(W @ A, "忘了加上偏置 b。"), (W @ A - b, "b 的符号反了。")])
            c.is_type(cache, tuple, "cache")
            if len(cache) != 3:
                c.fail(f"cache 应为 (A, W, b) 三项，实际有 {len(cache)} 项。")
            for name, g, w in zip(("A", "W", "b"), cache, (A, W, b)):
                c.close(g, w, f"cache 中的 {name}", hint="cache 应按顺序保存 (A, W, b)，反向传播要用。")
        c.unchanged()


@_export
def linear_activation_forward_test_case():
    """A_prev (3, 2), W (1, 3), b (1, 1), seed 2."""
    return tuple(_randn(2, (3, 2), (1, 3), (1, 1)))


@_export
def linear_activation_forward_test(fn):
    with Checker("linear_activation_forward") as c:
        A_prev, W, b = linear_activation_forward_test_case()
        Z = W @ A_prev + b
        other = {"sigmoid": np.maximum(0, Z), "relu": _sigmoid(Z)}
        for act in ("sigmoid", "relu"):
            A, cache = c.unpack(c.call(fn, A_prev, W, b, act), ("A", "cache"))
            want, _ = ref.linear_activation_forward(A_prev, W, b, act)
            c.close(A, want, f'A（activation="{act}"）', wrong=[
                (other[act], "两种激活函数用反了：activation 为 \"sigmoid\" 时用 sigmoid，\"relu\" 时用 relu。"),
                (Z, "忘了在线性部分之后调用激活函数。"),
            ])
            c.is_type(cache, tuple, "cache")
            if len(cache) != 2:
                c.fail(f"cache 应为 (linear_cache, activation_cache) 两项，实际有 {len(cache)} 项。")
            linear_cache, activation_cache = cache
            if not isinstance(linear_cache, tuple):
                c.fail("cache 的第一项应是 linear_cache = (A_prev, W, b)。",
                       "顺序是 cache = (linear_cache, activation_cache)，不是反过来。")
            c.close(activation_cache, Z, "cache 中的 activation_cache (Z)",
                    hint="activation_cache 应是激活前的 Z（由 sigmoid(Z)/relu(Z) 返回）。")
        c.unchanged()


@_export
def L_model_forward_test_case():
    """X (5, 4) and a 3-layer network [5, 4, 3, 1], seed 6."""
    X, W1, b1, W2, b2, W3, b3 = _randn(6, (5, 4), (4, 5), (4, 1), (3, 4), (3, 1), (1, 3), (1, 1))
    return X, {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}


def _forward_with(X, params, acts):
    A = X
    for l, act in enumerate(acts, start=1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        A = _sigmoid(Z) if act == "sigmoid" else np.maximum(0, Z)
    return A


@_export
def L_model_forward_test(fn):
    with Checker("L_model_forward") as c:
        X, params = L_model_forward_test_case()
        AL, caches = c.unpack(c.call(fn, X, params, error_hint=(
            "形状不匹配：循环里应使用上一层的输出 A_prev（A = 上一层的 A），而不是每层都用 X。")),
            ("AL", "caches"))
        want, _ = ref.L_model_forward(X, params)
        c.close(AL, want, "AL", wrong=[
            (_forward_with(X, params, ["relu"] * 3), "最后一层应该用 sigmoid，前面各层用 relu。"),
            (_forward_with(X, params, ["sigmoid"] * 3), "隐藏层应该用 relu，只有输出层用 sigmoid。"),
        ], hint="检查每层的 W、b 是否用对了编号：第 l 层用 parameters['W' + str(l)]。")
        c.is_type(caches, list, "caches")
        if len(caches) != 3:
            c.fail(f"caches 应有 L = 3 项（每层一个），实际有 {len(caches)} 项。",
                   "L = len(parameters) // 2；for l in range(1, L) 处理隐藏层，输出层单独再 append 一次。")
        c.ok()
        c.unchanged()


@_export
def compute_cost_test_case():
    """AL = [[0.8, 0.9, 0.4]], Y = [[1, 1, 0]] -> 0.2797765635793422."""
    return np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]])


@_export
def compute_cost_test(fn):
    with Checker("compute_cost") as c:
        AL, Y = compute_cost_test_case()
        cost = c.returned(c.call(fn, AL, Y, error_hint=(
            "np.dot 需要形状配对：np.dot(Y, np.log(AL).T)，或用逐元素乘 Y * np.log(AL) 再求和。")))
        try:
            value = np.asarray(cost, dtype=float)
        except (TypeError, ValueError):
            c.fail(f"代价应是一个数，实际是 {type(cost).__name__}。")
        if value.size != 1:
            c.fail(f"代价应是一个数，实际形状是 {value.shape}。", "对 (1, m) 的结果求和，或最后用 np.squeeze(cost)。")
        if value.ndim != 0:
            c.fail(f"代价的形状是 {value.shape}，应是标量 ()。", "最后用 cost = np.squeeze(cost) 把 [[17]] 变成 17。")
        c.ok()
        m = Y.shape[1]
        want = ref.compute_cost(AL, Y)
        c.close(value, want, "cost", wrong=[
            (want * m, "忘了乘 1/m（求平均）。"),
            (-want, "符号反了：交叉熵代价前面有一个负号。"),
            (-np.sum(Y * np.log(AL)) / m, "漏了 (1 - Y) * log(1 - AL) 这一项。"),
        ])
        c.unchanged()


@_export
def linear_backward_test_case():
    """dZ (3, 4) and linear_cache (A_prev (5, 4), W (3, 5), b (3, 1)), seed 1."""
    dZ, A, W, b = _randn(1, (3, 4), (5, 4), (3, 5), (3, 1))
    return dZ, (A, W, b)


@_export
def linear_backward_test(fn):
    with Checker("linear_backward") as c:
        dZ, cache = linear_backward_test_case()
        A_prev, W, b = cache
        m = A_prev.shape[1]
        out = c.call(fn, dZ, cache, error_hint=(
            "形状不匹配：dW = np.dot(dZ, A_prev.T) / m，dA_prev = np.dot(W.T, dZ)。"))
        dA_prev, dW, db = c.unpack(out, ("dA_prev", "dW", "db"))
        want = ref.linear_backward(dZ, cache)
        c.shape(dA_prev, want[0].shape, "dA_prev")
        c.shape(dW, want[1].shape, "dW", wrong={
            want[1].shape[::-1]: f"dW 的形状应为 {want[1].shape}（与 W 相同）：是否写成了 A_prev·dZᵀ？"
                                 f"应为 dZ·A_prevᵀ。"})
        c.shape(db, want[2].shape, "db", wrong={
            (want[2].shape[0],): "db 少了一维：np.sum(dZ, axis=1, keepdims=True)。",
            (): "db 应按行求和：np.sum(dZ, axis=1, keepdims=True)，不是对所有元素求和。"})
        c.close(dW, want[1], "dW", wrong=[(want[1] * m, "dW 忘了乘 1/m。")])
        c.close(db, want[2], "db", wrong=[(want[2] * m, "db 忘了乘 1/m。")])
        c.close(dA_prev, want[0], "dA_prev", wrong=[(want[0] / m, "dA_prev 不需要除以 m（1/m 只出现在 dW、db 中）。")])
        c.unchanged()


@_export
def linear_activation_backward_test_case():
    """dA (1, 2) and cache ((A_prev (3, 2), W (1, 3), b (1, 1)), Z (1, 2)), seed 2."""
    dA, A, W, b, Z = _randn(2, (1, 2), (3, 2), (1, 3), (1, 1), (1, 2))
    return dA, ((A, W, b), Z)


@_export
def linear_activation_backward_test(fn):
    with Checker("linear_activation_backward") as c:
        dA, cache = linear_activation_backward_test_case()
        linear_cache, Z = cache
        other = {"sigmoid": "relu", "relu": "sigmoid"}
        for act in ("sigmoid", "relu"):
            dA_prev, dW, db = c.unpack(c.call(fn, dA, cache, act), ("dA_prev", "dW", "db"))
            want = ref.linear_activation_backward(dA, cache, act)
            swapped = ref.linear_activation_backward(dA, cache, other[act])
            skipped = ref.linear_backward(dA, linear_cache)
            for name, g, w, s, k in zip(("dA_prev", "dW", "db"), (dA_prev, dW, db), want, swapped, skipped):
                c.close(g, w, f'{name}（activation="{act}"）', wrong=[
                    (s, f"用错了导数：activation=\"{act}\" 时应调用 {act}_backward(dA, activation_cache)。"),
                    (k, "忘了先乘激活函数的导数：dZ = g'(Z) * dA，再调用 linear_backward(dZ, linear_cache)。"),
                    (w * dA.shape[1], NO_M_UPSTREAM),
                ])
        c.unchanged()


@_export
def L_model_backward_test_case():
    """AL (1, 2), Y = [[1, 0]] and caches of a 2-layer network, seed 3 (inputs as published:
    AL and Z are independent draws, so only the formulas are tested, not a real forward pass)."""
    AL, A1, W1, b1, Z1, A2, W2, b2, Z2 = _randn(3, (1, 2), (4, 2), (3, 4), (3, 1), (3, 2),
                                                (3, 2), (1, 3), (1, 1), (1, 2))
    Y = np.array([[1, 0]])
    return AL, Y, [((A1, W1, b1), Z1), ((A2, W2, b2), Z2)]


def _backward_with(AL, Y, caches, acts):
    grads = {}
    dA = -(Y / AL - (1 - Y) / (1 - AL))
    for l in range(len(caches), 0, -1):
        dA, grads[f"dW{l}"], grads[f"db{l}"] = ref.linear_activation_backward(dA, caches[l - 1], acts[l - 1])
        grads[f"dA{l - 1}"] = dA
    return grads


@_export
def L_model_backward_test(fn):
    with Checker("L_model_backward") as c:
        AL, Y, caches = L_model_backward_test_case()
        grads = c.returned(c.call(fn, AL, Y, caches))
        want = ref.L_model_backward(AL, Y, caches)
        off_by_one = {"dA1", "dA2", "dW1", "dW2", "db1", "db2"}
        if isinstance(grads, dict) and set(grads) == off_by_one:
            c.fail(f"grads 的键是 {sorted(grads)}，应为 {sorted(want)}。",
                   "grads['dA' + str(l-1)] 存第 l-1 层激活值 A[l-1] 的梯度（linear_activation_backward 返回的 dA_prev），"
                   "所以键是 dA0 … dA(L-1)。")
        c.keys(grads, want.keys(), "grads", hint="键应为 dA0..dA(L-1)、dW1..dWL、db1..dbL。")
        all_sigmoid = _backward_with(AL, Y, caches, ["sigmoid", "sigmoid"])
        all_relu = _backward_with(AL, Y, caches, ["relu", "relu"])
        neg = _backward_with(AL, Y, caches, ["relu", "sigmoid"])
        neg = {k: -v for k, v in neg.items()}
        for k in ("dW2", "db2", "dA1", "dW1", "db1", "dA0"):
            c.close(grads[k], want[k], f"grads['{k}']", wrong=[
                (all_sigmoid[k], "隐藏层（relu）的反向传播用了 sigmoid_backward：只有输出层用 sigmoid。"),
                (all_relu[k], "输出层是 sigmoid：第 L 层要用 \"sigmoid\"，其余层用 \"relu\"。"),
                (neg[k], "dAL 的符号反了：dAL = -(Y/AL - (1-Y)/(1-AL))。"),
                (want[k] * AL.shape[1], NO_M_UPSTREAM),
            ], hint="从 L 层开始倒着循环，第 l 层用 caches[l-1]。")
        c.unchanged()


@_export
def update_parameters_test_case():
    """parameters W1 (3, 4), b1 (3, 1), W2 (1, 3), b2 (1, 1) (seed 2), grads of the same shapes
    (seed 3), learning_rate 0.1."""
    shapes = ((3, 4), (3, 1), (1, 3), (1, 1))
    W1, b1, W2, b2 = _randn(2, *shapes)
    dW1, db1, dW2, db2 = _randn(3, *shapes)
    params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    return params, grads, 0.1


@_export
def update_parameters_test(fn):
    with Checker("update_parameters") as c:
        params, grads, lr = update_parameters_test_case()
        got = c.returned(c.call(fn, params, grads, lr))
        want = ref.update_parameters(params, grads, lr)
        c.keys(got, want.keys(), "返回的 parameters")
        for k in want:
            g = grads["d" + k]
            c.close(got[k], want[k], f"parameters['{k}']", wrong=[
                (params[k] + lr * g, "符号反了：梯度下降是 W = W - learning_rate * dW。"),
                (params[k] - g, "忘了乘学习率 learning_rate。"),
                (params[k], f"{k} 没有更新：循环应覆盖 l = 1 … L（range(1, L + 1) 或 range(L) 再用 l + 1）。"),
            ])
        c.unchanged()


def _toy_data(n_x=6, m=24, seed=7):
    rng = np.random.RandomState(seed)
    X = rng.randn(n_x, m)
    Y = (X[0:1] + 0.5 * X[1:2] ** 2 > 0.3).astype(float)
    return X, Y


TRAIN_ITS = 301  # costs are then recorded at 0, 100, 200, 300 under either convention


@_export
def two_layer_model_test_case():
    """X (6, 24), Y (1, 24) (seed 7), layers_dims (6, 4, 1), learning_rate 0.5, 301 iterations."""
    X, Y = _toy_data()
    return X, Y, (6, 4, 1), 0.5, TRAIN_ITS


def _train_variant(X, Y, params, lr, its, hidden="relu", dZL_twice=False):
    """Costs of a plausible wrong training loop (for diagnosis): hidden-layer activation, or
    dAL = AL - Y fed through sigmoid_backward again."""
    L = len(params) // 2
    acts = [hidden] * (L - 1) + ["sigmoid"]
    costs = []
    for i in range(its):
        A, caches = X, []
        for l in range(1, L + 1):
            A, cache = ref.linear_activation_forward(A, params[f"W{l}"], params[f"b{l}"], acts[l - 1])
            caches.append(cache)
        if i % 100 == 0:
            costs.append(ref.compute_cost(A, Y))
        grads = {}
        dA = A - Y if dZL_twice else -(Y / A - (1 - Y) / (1 - A))
        for l in range(L, 0, -1):
            dA, grads[f"dW{l}"], grads[f"db{l}"] = ref.linear_activation_backward(dA, caches[l - 1], acts[l - 1])
        params = ref.update_parameters(params, grads, lr)
    return np.array(costs)


def _training_mistakes(X, Y, params, lr, its):
    hidden = _train_variant(X, Y, params, lr, its, hidden="sigmoid")
    twice = _train_variant(X, Y, params, lr, its, dZL_twice=True)
    return ([(hidden[0], "隐藏层要用 \"relu\"，只有输出层用 \"sigmoid\"。")],
            [(hidden, "隐藏层要用 \"relu\"，只有输出层用 \"sigmoid\"。"),
             (twice, "AL - Y 已经是 dZ[L]：要么从 dAL = -(Y/AL - (1-Y)/(1-AL)) 出发再调用 "
                     "linear_activation_backward(..., \"sigmoid\")，要么把 AL - Y 直接交给 linear_backward，"
                     "不能再经过 sigmoid_backward。")])


def _check_training(c, got, want_params, want_costs, start_hints, cost_hints):
    params, costs = c.unpack(got, ("parameters", "costs"))
    c.is_type(costs, (list, tuple, np.ndarray), "costs")
    costs = np.asarray(costs, dtype=float).reshape(-1)
    if costs.shape != (len(want_costs),):
        c.fail(f"costs 应记录 {len(want_costs)} 个值（第 0、100、200、300 次迭代），实际有 {costs.size} 个。",
               "每 100 次迭代 append 一次：if i % 100 == 0: costs.append(cost)。")
    c.ok()
    c.close(costs[0], want_costs[0], "第 0 次迭代的代价", wrong=start_hints,
            hint="第 0 次迭代的代价取决于初始化和前向传播：请用题目指定的初始化函数与参数。")
    c.close(costs, want_costs, "costs", atol=1e-7, wrong=[
        (np.full(len(want_costs), want_costs[0]), "代价一直不变：是否忘了 parameters = update_parameters(...)？"),
        *cost_hints,
    ], hint="如果只有后面的代价不对：检查反向传播 (dA 的初值、各层激活函数) 与是否用了参数 learning_rate。")
    c.keys(params, want_params.keys(), "parameters")
    for k in want_params:
        c.close(params[k], want_params[k], f"parameters['{k}']", atol=1e-7)


@_export
def two_layer_model_test(fn):
    with Checker("two_layer_model") as c:
        X, Y, dims, lr, its = two_layer_model_test_case()
        got = c.call(fn, X, Y, dims, learning_rate=lr, num_iterations=its, print_cost=False)
        want_params, want_costs = ref.two_layer_model(X, Y, dims, learning_rate=lr, num_iterations=its)
        deep = ref.initialize_parameters_deep(list(dims), seed=3, init="small")
        start, cost_hints = _training_mistakes(X, Y, ref.initialize_parameters(*dims), lr, its)
        start.append((ref.compute_cost(ref.L_model_forward(X, deep)[0], Y),
                      "两层模型应调用 initialize_parameters(n_x, n_h, n_y)（seed 1），"
                      "不是 initialize_parameters_deep。"))
        _check_training(c, got, want_params, want_costs, start, cost_hints)
        c.unchanged()


@_export
def L_layer_model_test_case():
    """X (6, 24), Y (1, 24) (seed 7), layers_dims [6, 5, 3, 1], learning_rate 0.5, 301 iterations."""
    X, Y = _toy_data()
    return X, Y, [6, 5, 3, 1], 0.5, TRAIN_ITS


@_export
def L_layer_model_test(fn):
    with Checker("L_layer_model") as c:
        X, Y, dims, lr, its = L_layer_model_test_case()
        got = c.call(fn, X, Y, dims, learning_rate=lr, num_iterations=its, print_cost=False)
        want_params, want_costs = ref.L_layer_model(X, Y, dims, learning_rate=lr, num_iterations=its)
        start, cost_hints = _training_mistakes(
            X, Y, ref.initialize_parameters_deep(dims, seed=1, init="lecun"), lr, its)
        for seed, init in ((1, "small"), (3, "small"), (3, "lecun")):
            p = ref.initialize_parameters_deep(dims, seed=seed, init=init)
            what = "randn * 0.01 的初始化 (init=\"small\")" if init == "small" else f"seed={seed}"
            start.append((ref.compute_cost(ref.L_model_forward(X, p)[0], Y),
                          f"你用了 {what}；猫分类模型要用 "
                          f"initialize_parameters_deep(layers_dims, seed=1, init=\"lecun\")。"))
        _check_training(c, got, want_params, want_costs, start, cost_hints)
        c.unchanged()
