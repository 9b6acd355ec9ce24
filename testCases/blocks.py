"""Cases and checkers of the graded building blocks (notebooks 05, 11 and 12).

Each ``<name>_test_case()`` returns the arguments of the published case, in the order the function
takes them (so ``linear_forward(*linear_forward_test_case())`` works); inputs are drawn with a
local ``RandomState`` in the order the course lists them, which gives the published numbers.
Each ``<name>_test(fn)`` compares ``fn`` with the reference in ``dnn_utils`` on the published case
and on a hidden case (drawn here, printed nowhere, so a copied constant cannot pass), and
diagnoses the usual mistakes by computing what those mistakes would return on the same inputs
(``variants``). Composed functions are graded on their composition: a building block whose result
differs from the reference's on the arguments the composition passes is named and that result
replaced by the reference's (``Checker.reference_blocks``). Initialisers are never replaced: the
training checks judge the initialisation by the case they run (seed and scaling), so a learner's
own initialiser that computes what the model needs (the cat model's randn / sqrt(n[l-1]) after
seed 1, as in the original course) passes, and one that does not is named by the first cost.
"""
import functools
import inspect
import re

import numpy as np

import dnn_utils as ref
from dnn_utils import early_stopping

from . import crashes, variants
from ._core import Checker
from .hints import hint, hints

__all__ = []

# The names of what each exercise returns (its unpack check and testCases.show use them).
RETURNS = {"linear_forward": ("Z", "cache"), "linear_activation_forward": ("A", "cache"),
           "L_model_forward": ("AL", "caches"), "linear_backward": ("dA_prev", "dW", "db"),
           "linear_activation_backward": ("dA_prev", "dW", "db"), "two_layer_model": ("parameters", "costs"),
           "L_layer_model_snapshots": ("parameters", "costs", "snapshots")}


def _export(fn):
    __all__.append(fn.__name__)
    return fn


def _randn(seed, *shapes):
    rng = np.random.RandomState(seed)
    return [rng.randn(*s) for s in shapes]


def _same(value, target):
    """Whether value is a real numeric array equal to target (a silent test, never fails)."""
    return (isinstance(value, np.ndarray) and value.dtype.kind in "fiu"
            and value.shape == np.shape(target) and bool(np.allclose(value, target)))


SEED_HINT = ("数值不是 np.random.seed({seed}) 之后按 {order} 的顺序用 np.random.randn 抽出来的：检查 seed 是否是 {seed}、"
             "是否在函数开头，以及抽样的顺序和次数（中间多抽一次，后面的数就全错开了）。")
NO_SEED_HINT = "同样的参数调用两次，结果不一样：函数开头没有调用 np.random.seed({seed})。"
NO_M_UPSTREAM_TEXT = ("正好是期望值的 m 倍：你的 linear_backward 是否少了 1/m？"
                      "先让 linear_backward 的检查通过，这里会跟着变对。")

INIT = hints("initialize_parameters", {
    "seed": SEED_HINT.format(seed=1, order="W1、W2"),
    "no_seed": NO_SEED_HINT.format(seed=1),
    "no_0_01": "忘了乘 0.01：权重应是小的随机数 (randn * 0.01)。",
    "uniform": "用了 np.random.rand（均匀分布）；应该用 np.random.randn（标准正态分布）。",
    "b_not_zero": "b 应初始化为全零：np.zeros((n, 1))。",
    "w_shape": "{k} 的形状应为 {shape}（行数 = 本层单元数）",
})

DEEP = hints("initialize_parameters_deep", {
    "seed": SEED_HINT.format(seed=3, order="W1、W2、…（每层先 W）"),
    "no_seed": NO_SEED_HINT.format(seed=3),
    "loop_range": "layer_dims 有 L+1 项，应生成 W1..WL 与 b1..bL：循环写成 for l in range(1, len(layer_dims))。",
    "layer_zero": "层从 1 开始编号：第 0 层是输入，没有 W0、b0。循环写成 for l in range(1, len(layer_dims))。",
    "extra_keys": "parameters 里只放 W1..WL 和 b1..bL，别把 L 之类的其他东西也放进去："
        "L_model_forward 用 len(parameters) // 2 数层数，多一个键就数错了。",
    "no_0_01": "忘了乘 0.01。",
    "uniform": "用了 np.random.rand（0 到 1 之间的均匀分布，全是正数）；应该用 np.random.randn（标准正态分布）。",
    "empty": "返回的字典是空的：循环一次也没执行。参数是一个列表 layer_dims（不是 *layer_dims），"
        "循环写成 for l in range(1, len(layer_dims))。",
    "lecun": "这里（逐步实现的练习）用 randn * 0.01；除以 sqrt(n[l-1]) 的初始化是第 12 讲猫分类模型用的。",
    "b_not_zero": "b 应初始化为全零：np.zeros((n[l], 1))。",
    "w_shape": "{k} 的形状应为 {shape}（行数 = 本层单元数）",
})

LF = hints("linear_forward", {
    "shape_error": "Z = np.dot(W, A) + b：W 在左边。",
    "no_bias": "忘了加上偏置 b。",
    "bias_sign": "b 的符号反了。",
    "cache": "cache 应按顺序保存 (A, W, b)，反向传播要用。",
})

LAF = hints("linear_activation_forward", {
    "swapped_activations": "两种激活函数用反了：activation 为 \"sigmoid\" 时用 sigmoid，\"relu\" 时用 relu。",
    "no_activation": "忘了在线性部分之后调用激活函数。",
    "cache_order": "顺序是 cache = (linear_cache, activation_cache)，不是反过来。",
    "linear_cache": "linear_cache 是 linear_forward 返回的 (A_prev, W, b)：原样放进 cache，反向传播要用。",
    "activation_cache": "activation_cache 应是激活前的 Z（由 sigmoid(Z)/relu(Z) 返回）。",
})

LMF = hints("L_model_forward", {
    "a_prev": "形状不匹配：循环里应使用上一层的输出 A_prev（A = 上一层的 A），而不是每层都用 X。",
    "last_relu": "最后一层应该用 sigmoid，前面各层用 relu。",
    "hidden_sigmoid": "隐藏层应该用 relu，只有输出层用 sigmoid。",
    "no_bias": "每一层都要加偏置：第 l 层传 parameters['b' + str(l)]。",
    "no_hidden_activation": "隐藏层算出线性部分后还要套 relu：第 1 … L-1 层调用 linear_activation_forward(..., \"relu\")。",
    "no_output_activation": "输出层算出线性部分后还要套 sigmoid。",
    "caches_length": "L = len(parameters) // 2；for l in range(1, L) 处理隐藏层，输出层单独再 append 一次。",
    "cache_structure": "每一层 append 的应是 linear_activation_forward 返回的 cache 本身："
        "((A_prev, W, b), Z)，不要拆开或改装。",
    "cache_values": "caches[l-1] 应是第 l 层的 cache ((A_prev, W, b), Z)：按层的顺序 append，"
        "每层的 A_prev 是上一层的输出。",
})

COST = hints("compute_cost", {
    "squeeze": "最后用 cost = np.squeeze(cost) 把 [[17]] 变成 17。",
    "not_summed": "对 (1, m) 的结果求和，或最后用 np.squeeze(cost)。",
    "dot_shapes": "np.dot 需要形状配对：np.dot(Y, np.log(AL).T)，或用逐元素乘 Y * np.log(AL) 再求和。",
    "missing_1_over_m": "正好是期望值的 m 倍：忘了乘 1/m（求平均），或者 m 取错了（Y 是 (1, m)，样本数是 Y.shape[1]，不是 Y.shape[0]）。",
    "outer_product": "np.dot(Y.T, np.log(AL)) 是 (m, m) 的外积，把所有样本两两相乘再求和，不是交叉熵："
        "写 np.dot(Y, np.log(AL).T)（(1, m)·(m, 1)），或逐元素 Y * np.log(AL) 再 np.sum。",
    "sign": "符号反了：交叉熵代价前面有一个负号。",
    "missing_term": "漏了 (1 - Y) * log(1 - AL) 这一项。",
})

LB = hints("linear_backward", {
    "shape_error": "形状不匹配：dW = np.dot(dZ, A_prev.T) / m，dA_prev = np.dot(W.T, dZ)。",
    "dw_transposed": "dW 的形状应为 {shape}（与 W 相同）：是否写成了 A_prev·dZᵀ？应为 dZ·A_prevᵀ。",
    "keepdims": "db 少了一维：np.sum(dZ, axis=1, keepdims=True)。",
    "sum_all": "db 应按行求和：np.sum(dZ, axis=1, keepdims=True)，不是对所有元素求和。",
    "missing_1_over_m": "dW 忘了乘 1/m。",
    "db_missing_1_over_m": "db 忘了乘 1/m。",
    "da_over_m": "dA_prev 不需要除以 m（1/m 只出现在 dW、db 中）。",
})

LAB = hints("linear_activation_backward", {
    "wrong_derivative": "用错了导数：activation=\"{act}\" 时应调用 {act}_backward(dA, activation_cache)。",
    "no_derivative": "忘了先乘激活函数的导数：dZ = g'(Z) * dA，再调用 linear_backward(dZ, linear_cache)。",
    "missing_1_over_m_upstream": NO_M_UPSTREAM_TEXT,
})

LMB = hints("L_model_backward", {
    "dA_index": "grads['dA' + str(l-1)] 存第 l-1 层激活值 A[l-1] 的梯度（linear_activation_backward 返回的 dA_prev），"
        "所以键是 dA0 … dA(L-1)。",
    "keys": "键应为 dA0..dA(L-1)、dW1..dWL、db1..dbL。",
    "stores_dAL": "多存了 dA{L}：dAL 是第 L 层的输入，不放进 grads；grads 里的 dA 只有 dA0 … dA(L-1)。",
    "stores_dZ": "grads 里只放 dA、dW、db，不要把 dZ 也存进去。",
    "mixed_key_conventions": "第 L 层返回的 dA_prev 是 A[L-1] 的梯度，要存成 grads['dA' + str(L - 1)]，不是 dA{L}："
        "旧版原课程的键（dA1 … dAL）和新版（dA0 … dA(L-1)）混在一起了，读和写要用同一种。",
    "no_dA0": "还要存 dA0：第 1 层的 linear_activation_backward 返回的 dA_prev 就是 grads['dA0']。",
    "dAL_every_layer": "每一层都用了同一个 dAL：dAL 只是第 L 层的输入；第 l 层（l < L）的输入是更深一层算出的 "
        "dA_prev，即 grads['dA' + str(l)]，而且隐藏层用 \"relu\"。",
    "cache_index": "有的层用了别的层的 cache：第 l 层用 caches[l - 1]（写成 for l in reversed(range(L - 1)) 时是 "
        "caches[l]），不要写成常数下标或倒过来的下标。",
    "one_hidden_layer": "这个循环只在一个隐藏层的网络上对：每个隐藏层的输入应是深一层刚算出的 dA_prev "
        "（grads['dA' + str(l)]），不是输出层的 dA_prev；用的 cache 也要是这一层的 caches[l - 1]。",
    "hidden_sigmoid": "隐藏层（relu）的反向传播用了 sigmoid_backward：只有输出层用 sigmoid。",
    "last_relu": "输出层是 sigmoid：第 L 层要用 \"sigmoid\"，其余层用 \"relu\"。",
    "dAL_sign": "dAL 的符号反了：dAL = -(Y/AL - (1-Y)/(1-AL))。",
    "missing_1_over_m_upstream": NO_M_UPSTREAM_TEXT,
    "activations_swapped": "两种导数用反了：输出层（第 L 层）用 \"sigmoid\"，隐藏层用 \"relu\"。",
})

UP = hints("update_parameters", {
    "sign": "符号反了：梯度下降是 W = W - learning_rate * dW。",
    "no_learning_rate": "忘了乘学习率 learning_rate。",
    "layer_not_updated": "{k} 没有更新：循环应覆盖 l = 1 … L（range(1, L + 1) 或 range(L) 再用 l + 1）。",
    "empty": "返回的字典是空的：是否把更新写进了传入的 parameters，却返回了空的 new_parameters？"
        "写 new_parameters['W' + str(l)] = parameters['W' + str(l)] - learning_rate * grads['dW' + str(l)]。",
    "b_not_updated": "W 更新了，b 却没有：每层还要写 b = b - learning_rate * db。",
})


def _training_hints(name):
    """The training-loop hints, one id per exercise."""
    return {
        "sign": hint(f"{name}.dA_sign",
                     "代价在上升（或越来越大直到 nan/inf），和梯度上升的结果一样。两种错误都会这样，看看是哪一种："
                     "dAL 的符号反了（dAL = -(Y/AL - (1-Y)/(1-AL))，前面有负号），或者更新写成了 "
                     "+ learning_rate * dW。"),
        "swapped": hint(f"{name}.backward_activations_swapped",
                        "反向传播用的导数和前向的激活函数对不上：输出层是 sigmoid，反向时用 \"sigmoid\"；"
                        "隐藏层是 relu，反向时用 \"relu\"（两层模型：linear_activation_backward(dA2, cache2, \"sigmoid\")，"
                        "linear_activation_backward(dA1, cache1, \"relu\")）。"),
        "rising": hint(f"{name}.cost_rising",
                       "代价在上升：梯度的方向不对，但结果不像哪一种常见错误。几种可能都要查：dAL 的符号、"
                       "更新的符号（W = W - learning_rate * dW）、反向传播每层用的激活函数和 cache。"),
        "constant": hint(f"{name}.no_update", "代价一直不变：是否忘了 parameters = update_parameters(...)？"),
        "reinit": hint(f"{name}.reinit_in_loop",
                       "代价一直等于初始值，而返回的参数只走了一步：初始化写进了循环里，每次迭代都重新初始化。"
                       "初始化只在循环之前做一次。"),
        "hidden_sigmoid": hint(f"{name}.hidden_sigmoid", "隐藏层要用 \"relu\"，只有输出层用 \"sigmoid\"。"),
        "twice": hint(f"{name}.dZ_twice",
                      "AL - Y 已经是 dZ[L]：要么从 dAL = -(Y/AL - (1-Y)/(1-AL)) 出发再调用 "
                      "linear_activation_backward(..., \"sigmoid\")，要么把 AL - Y 直接交给 linear_backward，"
                      "不能再经过 sigmoid_backward。"),
        "count": hint(f"{name}.costs_count", "每 100 次迭代 append 一次：if i % 100 == 0: costs.append(cost)。"),
        "only_printed": hint(f"{name}.costs_only_when_printing",
                             "costs 是空的（检查时 print_cost=False）：记录代价和打印是两回事，"
                             "if i % 100 == 0: costs.append(cost) 不要放在 if print_cost: 里面。"),
        "start": hint(f"{name}.first_cost",
                      "第 0 次迭代的代价就不对，而且不像哪一种常见的初始化错误：它只取决于初始化（函数、seed、"
                      "缩放）和前向传播，两处都查一查。"),
        "later": hint(f"{name}.later_costs",
                      "第 0 次迭代的代价对，后面的不对，而且不像哪一种常见错误：查反向传播（dAL、各层激活函数的导数、"
                      "cache）和更新（是否用了参数 learning_rate）。"),
    }


TWO_HINTS = _training_hints("two_layer_model")
DEEP_HINTS = _training_hints("L_layer_model_snapshots")
TWO = hints("two_layer_model", {
    "caches_or_return_order": "形状不匹配：检查 linear_activation_backward 的返回顺序是 dA_prev, dW, db，"
        "以及每层用自己的 cache（第 2 层用 cache2，第 1 层用 cache1，不要交换）。",
    "deep_init": "两层模型应调用 initialize_parameters(n_x, n_h, n_y)（seed 1），不是 initialize_parameters_deep。",
})
DEEP_SHAPE_ERROR = hint("L_layer_model_snapshots.shape_error",
                        "形状不匹配：检查 L_model_forward/L_model_backward 的返回值顺序 (AL, caches)，"
                        "以及是否把 caches 原样传给了 L_model_backward。")


def _check_params(c, got, want, shape_hint, what="parameters", hidden=False):
    c.keys(got, want.keys(), what)
    for k in want:
        c.shape(got[k], want[k].shape, f"{what}['{k}']",
                wrong={want[k].shape[::-1]: shape_hint.format(k=k, shape=want[k].shape)})


@_export
def initialize_parameters_test_case():
    """(n_x, n_h, n_y) = (3, 2, 1)."""
    return 3, 2, 1


def _seed_hint(c, fn, args, got, hidden, seeded, unseeded):
    """The hint for random weights that match no known mistake: a second call with the same
    arguments tells a missing np.random.seed (results differ) from a wrong seed or order."""
    again = c.call(fn, *args, hidden=hidden)
    same = isinstance(again, dict) and all(_same(again.get(k), v) for k, v in got.items()
                                           if isinstance(v, np.ndarray))
    return seeded if same else unseeded


@_export
def initialize_parameters_test(fn):
    with Checker("initialize_parameters") as c:
        for dims, hidden in ((initialize_parameters_test_case(), False), ((4, 3, 2), True)):
            n_x, n_h, n_y = dims
            got = c.returned(c.call(fn, n_x, n_h, n_y, hidden=hidden))
            want = ref.initialize_parameters(n_x, n_h, n_y)
            _check_params(c, got, want, INIT["w_shape"])
            W1u, W2u = _randn(1, (n_h, n_x), (n_y, n_h))
            rng = np.random.RandomState(1)
            rand = [rng.rand(n_h, n_x) * 0.01, rng.rand(n_y, n_h) * 0.01]
            for k, raw, uni in (("W1", W1u, rand[0]), ("W2", W2u, rand[1])):
                wrong = [(raw, INIT["no_0_01"]), (uni, INIT["uniform"])]
                if not _same(got[k], want[k]) and not any(_same(got[k], w) for w, _ in wrong):
                    wrong = [(got[k], _seed_hint(c, fn, dims, got, hidden, INIT["seed"], INIT["no_seed"]))]
                c.close(got[k], want[k], f"parameters['{k}']", wrong=wrong, hidden=hidden)
            for k in ("b1", "b2"):
                c.close(got[k], want[k], f"parameters['{k}']", hint=INIT["b_not_zero"], hidden=hidden)
        c.unchanged()


@_export
def initialize_parameters_deep_test_case():
    """layer_dims = [5, 4, 3]."""
    return ([5, 4, 3],)


def _deep_keys_hint(want):
    """(missing, extra) -> the mistake a wrong set of parameter keys shows, if one does."""
    layer_key = re.compile(r"[Wb]\d+")

    def diagnose(missing, extra):
        if not extra and len(missing) == len(want):
            return DEEP["empty"]
        if extra and not missing and not any(isinstance(k, str) and layer_key.fullmatch(k) for k in extra):
            return DEEP["extra_keys"]
        if {"W0", "b0"} & set(extra):
            return DEEP["layer_zero"]
        if missing and not extra:
            return DEEP["loop_range"]
        return None
    return diagnose


@_export
def initialize_parameters_deep_test(fn):
    with Checker("initialize_parameters_deep") as c:
        for dims, hidden in ((initialize_parameters_deep_test_case()[0], False), ([4, 6, 3, 2], True)):
            got = c.returned(c.call(fn, dims, hidden=hidden))
            want = ref.initialize_parameters_deep(dims, seed=3, init="small")
            lecun = ref.initialize_parameters_deep(dims, seed=3, init="lecun")
            rng = np.random.RandomState(3)
            uniform = {f"W{l}": rng.rand(dims[l], dims[l - 1]) * 0.01 for l in range(1, len(dims))}
            c.keys(got, want.keys(), "parameters", hint=_deep_keys_hint(want))
            _check_params(c, got, want, DEEP["w_shape"])
            for k in want:
                if k.startswith("W"):
                    wrong = [(want[k] / 0.01, DEEP["no_0_01"]), (lecun[k], DEEP["lecun"]), (uniform[k], DEEP["uniform"])]
                    if not _same(got[k], want[k]) and not any(_same(got[k], w) for w, _ in wrong):
                        wrong = [(got[k], _seed_hint(c, fn, (dims,), got, hidden, DEEP["seed"], DEEP["no_seed"]))]
                    c.close(got[k], want[k], f"parameters['{k}']", wrong=wrong, hidden=hidden)
                else:
                    c.close(got[k], want[k], f"parameters['{k}']", hint=DEEP["b_not_zero"], hidden=hidden)
        c.unchanged()


def _check_linear_cache(c, cache, want, what, hint, hidden):
    """cache must be the tuple (A_prev, W, b) equal to want."""
    c.is_type(cache, tuple, what, hint=hint)
    if len(cache) != 3:
        c.fail(f"{what} 应为 (A, W, b) 三项，实际有 {len(cache)} 项。", hint)
    for name, g, w in zip(("A", "W", "b"), cache, want):
        c.close(g, w, f"{what} 中的 {name}", hint=hint, hidden=hidden)


@_export
def linear_forward_test_case():
    """A (3, 2), W (1, 3), b (1, 1), seed 1 -> Z = [[3.26295337, -1.23429987]]."""
    return tuple(_randn(1, (3, 2), (1, 3), (1, 1)))


@_export
def linear_forward_test(fn):
    with Checker("linear_forward") as c:
        for (A, W, b), hidden in ((linear_forward_test_case(), False),
                                  (tuple(_randn(11, (4, 5), (3, 4), (3, 1))), True)):
            Z, cache = c.unpack(c.call(fn, A, W, b, error_hint=LF["shape_error"], hidden=hidden), RETURNS["linear_forward"])
            want, _ = ref.linear_forward(A, W, b)
            c.close(Z, want, "Z", wrong=[(W @ A, LF["no_bias"]), (W @ A - b, LF["bias_sign"])], hidden=hidden)
            _check_linear_cache(c, cache, (A, W, b), "cache", LF["cache"], hidden)
        c.unchanged()


@_export
def linear_activation_forward_test_case():
    """A_prev (3, 2), W (1, 3), b (1, 1), seed 2."""
    return tuple(_randn(2, (3, 2), (1, 3), (1, 1)))


def _check_activation_cache(c, cache, want, what, hidden, struct_hint=LAF["cache_order"],
                            linear_hint=LAF["linear_cache"], z_hint=LAF["activation_cache"]):
    """cache must be (linear_cache, Z) with the values of want = ((A_prev, W, b), Z)."""
    c.is_type(cache, tuple, what, hint=struct_hint)
    if len(cache) != 2:
        c.fail(f"{what} 应为 (linear_cache, activation_cache) 两项，实际有 {len(cache)} 项。", struct_hint)
    linear_cache, activation_cache = cache
    if not isinstance(linear_cache, tuple):
        c.fail(f"{what} 的第一项应是 linear_cache = (A_prev, W, b)，实际是 {type(linear_cache).__name__}。",
               struct_hint)
    _check_linear_cache(c, linear_cache, want[0], f"{what} 的 linear_cache", linear_hint, hidden)
    c.close(activation_cache, want[1], f"{what} 中的 activation_cache (Z)", hint=z_hint, hidden=hidden)


@_export
def linear_activation_forward_test(fn):
    with Checker("linear_activation_forward") as c, c.reference_blocks(fn, LAF_BLOCKS):
        for (A_prev, W, b), hidden in ((linear_activation_forward_test_case(), False),
                                       (tuple(_randn(12, (4, 3), (2, 4), (2, 1))), True)):
            Z = W @ A_prev + b
            other = {"sigmoid": variants.ACTIVATIONS["relu"](Z), "relu": variants.ACTIVATIONS["sigmoid"](Z)}
            for act in ("sigmoid", "relu"):
                A, cache = c.unpack(c.call(fn, A_prev, W, b, act, hidden=hidden), RETURNS["linear_activation_forward"])
                want, want_cache = ref.linear_activation_forward(A_prev, W, b, act)
                c.close(A, want, f'A（activation="{act}"）', wrong=[(other[act], LAF["swapped_activations"]), (Z, LAF["no_activation"])],
                        hidden=hidden)
                _check_activation_cache(c, cache, want_cache, "cache", hidden)
        c.unchanged()


@_export
def L_model_forward_test_case():
    """X (5, 4) and a 3-layer network [5, 4, 3, 1], seed 6."""
    X, W1, b1, W2, b2, W3, b3 = _randn(6, (5, 4), (4, 5), (4, 1), (3, 4), (3, 1), (1, 3), (1, 1))
    return X, {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}


def _network(seed, dims, m):
    """X (dims[0], m) and parameters of a network with layer sizes dims, drawn with seed."""
    rng = np.random.RandomState(seed)
    X = rng.randn(dims[0], m)
    params = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = rng.randn(dims[l], dims[l - 1])
        params[f"b{l}"] = rng.randn(dims[l], 1) * 0.5
    return X, params


FORWARD_BLOCKS = []  # filled below, once the block checkers exist
LAF_BLOCKS, LAB_BLOCKS = [], []


@_export
def L_model_forward_test(fn):
    with Checker("L_model_forward") as c:
        with c.reference_blocks(fn, FORWARD_BLOCKS):
            for (X, params), hidden in ((L_model_forward_test_case(), False),
                                        (_network(16, [4, 5, 3, 2, 1], 5), True)):
                L = len(params) // 2
                AL, caches = c.unpack(c.call(fn, X, params, error_hint=LMF["a_prev"], hidden=hidden), RETURNS["L_model_forward"])
                want, want_caches = ref.L_model_forward(X, params)
                c.close(AL, want, "AL", wrong=[
                    (variants.forward(X, params, ["relu"] * L)[0], LMF["last_relu"]),
                    (variants.forward(X, params, ["sigmoid"] * L)[0], LMF["hidden_sigmoid"]),
                    (variants.forward(X, params, bias=False)[0], LMF["no_bias"]),
                    (variants.forward(X, params, variants.course_acts(L, hidden="identity"))[0], LMF["no_hidden_activation"]),
                    (variants.forward(X, params, variants.course_acts(L, output="identity"))[0], LMF["no_output_activation"]),
                ], hidden=hidden)
                c.is_type(caches, list, "caches")
                if len(caches) != L:
                    c.fail(f"caches 应有 L = {L} 项（每层一个），实际有 {len(caches)} 项。", LMF["caches_length"])
                c.ok()
                for l, (got_cache, want_cache) in enumerate(zip(caches, want_caches), start=1):
                    _check_activation_cache(c, got_cache, want_cache, f"caches[{l - 1}]（第 {l} 层）", hidden,
                                            struct_hint=LMF["cache_structure"], linear_hint=LMF["cache_values"],
                                            z_hint=LMF["cache_values"])
        c.unchanged()


@_export
def compute_cost_test_case():
    """AL = [[0.8, 0.9, 0.4]], Y = [[1, 1, 0]] -> 0.2797765635793422."""
    return np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]])


def _hidden_cost_case():
    rng = np.random.RandomState(23)
    AL = rng.uniform(0.05, 0.95, (1, 7))
    Y = (rng.rand(1, 7) > 0.5).astype(int)
    Y[0, :2] = [0, 1]  # both labels occur, so a missing term changes the value
    return AL, Y


@_export
def compute_cost_test(fn):
    with Checker("compute_cost") as c:
        for (AL, Y), hidden in ((compute_cost_test_case(), False), (_hidden_cost_case(), True)):
            m = Y.shape[1]
            cost = c.returned(c.call(fn, AL, Y, error_hint=COST["dot_shapes"], hidden=hidden))
            value = c.shape(cost, (), "cost", wrong={(1, 1): COST["squeeze"], (1,): COST["squeeze"],
                                                     (1, m): COST["not_summed"], (m,): COST["not_summed"]}, hint=COST["not_summed"])
            want = ref.compute_cost(AL, Y)
            outer = -np.sum(Y.T @ np.log(AL) + (1 - Y).T @ np.log(1 - AL))
            c.close(value, want, "cost", wrong=[
                (want * m, COST["missing_1_over_m"]),
                (-want, COST["sign"]),
                (-np.sum(Y * np.log(AL)) / m, COST["missing_term"]),
                (outer / m, COST["outer_product"]), (outer, COST["outer_product"]),
            ], hidden=hidden)
        c.unchanged()


@_export
def linear_backward_test_case():
    """dZ (3, 4) and linear_cache (A_prev (5, 4), W (3, 5), b (3, 1)), seed 1."""
    dZ, A, W, b = _randn(1, (3, 4), (5, 4), (3, 5), (3, 1))
    return dZ, (A, W, b)


def _hidden_linear_backward_case():
    dZ, A, W, b = _randn(21, (2, 6), (4, 6), (2, 4), (2, 1))
    return dZ, (A, W, b)


@_export
def linear_backward_test(fn):
    with Checker("linear_backward") as c:
        for (dZ, cache), hidden in ((linear_backward_test_case(), False), (_hidden_linear_backward_case(), True)):
            A_prev, W, b = cache
            m = A_prev.shape[1]
            out = c.call(fn, dZ, cache, error_hint=LB["shape_error"], hidden=hidden)
            dA_prev, dW, db = c.unpack(out, RETURNS["linear_backward"])
            want = ref.linear_backward(dZ, cache)
            c.shape(dA_prev, want[0].shape, "dA_prev")
            c.shape(dW, want[1].shape, "dW", wrong={want[1].shape[::-1]: LB["dw_transposed"].format(shape=want[1].shape)})
            c.shape(db, want[2].shape, "db", wrong={(want[2].shape[0],): LB["keepdims"], (): LB["sum_all"]})
            c.close(dW, want[1], "dW", wrong=[(want[1] * m, LB["missing_1_over_m"])], hidden=hidden)
            c.close(db, want[2], "db", wrong=[(want[2] * m, LB["db_missing_1_over_m"])], hidden=hidden)
            c.close(dA_prev, want[0], "dA_prev", wrong=[(want[0] / m, LB["da_over_m"])], hidden=hidden)
        c.unchanged()


@_export
def linear_activation_backward_test_case():
    """dA (1, 2) and cache ((A_prev (3, 2), W (1, 3), b (1, 1)), Z (1, 2)), seed 2."""
    dA, A, W, b, Z = _randn(2, (1, 2), (3, 2), (1, 3), (1, 1), (1, 2))
    return dA, ((A, W, b), Z)


def _hidden_linear_activation_backward_case():
    dA, A, W, b, Z = _randn(22, (3, 4), (2, 4), (3, 2), (3, 1), (3, 4))
    return dA, ((A, W, b), Z)


@_export
def linear_activation_backward_test(fn):
    with Checker("linear_activation_backward") as c, c.reference_blocks(fn, LAB_BLOCKS):
        for (dA, cache), hidden in ((linear_activation_backward_test_case(), False),
                                    (_hidden_linear_activation_backward_case(), True)):
            linear_cache, Z = cache
            other = {"sigmoid": "relu", "relu": "sigmoid"}
            for act in ("sigmoid", "relu"):
                dA_prev, dW, db = c.unpack(c.call(fn, dA, cache, act, hidden=hidden), RETURNS["linear_activation_backward"])
                want = ref.linear_activation_backward(dA, cache, act)
                swapped = ref.linear_activation_backward(dA, cache, other[act])
                skipped = ref.linear_backward(dA, linear_cache)
                for name, g, w, s, k in zip(("dA_prev", "dW", "db"), (dA_prev, dW, db), want, swapped, skipped):
                    c.close(g, w, f'{name}（activation="{act}"）', wrong=[
                        (s, LAB["wrong_derivative"].format(act=act)), (k, LAB["no_derivative"]), (w * dA.shape[1], LAB["missing_1_over_m_upstream"]),
                    ], hidden=hidden)
        c.unchanged()


@_export
def L_model_backward_test_case():
    """AL (1, 2), Y = [[1, 0]] and caches of a 2-layer network, seed 3: the inputs as published by
    the original course, for display. AL and Z are independent draws there (AL is not σ(Z[L])), so
    L_model_backward_test grades on consistent caches from a real forward pass instead."""
    AL, A1, W1, b1, Z1, A2, W2, b2, Z2 = _randn(3, (1, 2), (4, 2), (3, 4), (3, 1), (3, 2),
                                                (3, 2), (1, 3), (1, 1), (1, 2))
    Y = np.array([[1, 0]])
    return AL, Y, [((A1, W1, b1), Z1), ((A2, W2, b2), Z2)]


def _consistent_backward_case(seed, dims, m):
    """AL, Y, caches of a real forward pass (AL = σ(Z[L])), so dZ[L] = AL - Y is exact."""
    X, params = _network(seed, dims, m)
    AL, caches = ref.L_model_forward(X, params)
    Y = (np.random.RandomState(seed + 1).rand(1, m) > 0.5).astype(int)
    Y[0, :2] = [1, 0]
    return AL, Y, caches


def _backward_keys_hint(L):
    """(missing, extra) -> the mistake a wrong set of grads keys shows, if one does."""
    def diagnose(missing, extra):
        if extra == [f"dA{L}"] and not missing:
            return LMB["stores_dAL"]
        if extra and not missing and all(str(k).startswith("dZ") for k in extra):
            return LMB["stores_dZ"]
        if missing == ["dA0"] and not extra:
            return LMB["no_dA0"]
        if extra == [f"dA{L}"] and missing == [f"dA{L - 1}"]:
            return LMB["mixed_key_conventions"]
        return LMB["keys"]
    return diagnose


def _backward_mistakes(AL, Y, caches, want):
    """[(grads, hint)] of the usual wrong backward passes on this case (those that can run)."""
    L = len(caches)
    hidden = range(1, L)
    options = [(dict(acts=["sigmoid"] * L), LMB["hidden_sigmoid"]), (dict(acts=["relu"] * L), LMB["last_relu"]),
               (dict(acts=variants.course_acts(L, "sigmoid", "relu")), LMB["activations_swapped"]),
               (dict(acts=["sigmoid"] * L, propagate=False), LMB["dAL_every_layer"]),
               (dict(propagate=False), LMB["dAL_every_layer"]),
               (dict(cache_of=lambda l: L - 1 - l if l < L else L - 1), LMB["cache_index"])]
    options += [(dict(cache_of=lambda l, c=c: c if l < L else L - 1), LMB["cache_index"]) for c in hidden]
    mistakes = [({k: -v for k, v in want.items()}, LMB["dAL_sign"]), ({k: v * AL.shape[1] for k, v in want.items()}, LMB["missing_1_over_m_upstream"])]
    for how, found in options:
        try:
            with np.errstate(all="ignore"):
                grads = variants.backward(AL, Y, caches, **how)
        except (ValueError, IndexError):
            continue        # a mistake that crashes on this case has its own row in crashes
        if not all(_same(grads[k], v) for k, v in want.items()):
            mistakes.append((grads, found))
    return mistakes


BACKWARD_BLOCKS = []  # filled below
# a shape error from a layer given another layer's cache (caches[1], caches[L - 2 - l], ...)
crashes.add(["L_model_backward"], ValueError, crashes.SHAPE_ERROR.pattern, LMB["cache_index"],
            when=lambda ctx: re.search(r"caches\[(?!\s*(l|l\s*-\s*1|L\s*-\s*1|-1)\s*\])", ctx.line()) is not None)
# a broadcast error only on the deeper hidden case: the loop assumes one hidden layer
crashes.add(["L_model_backward"], ValueError, crashes.SHAPE_ERROR.pattern, LMB["one_hidden_layer"],
            when=lambda ctx: ctx.hidden)


@_export
def L_model_backward_test(fn):
    with Checker("L_model_backward") as c:
        with c.reference_blocks(fn, BACKWARD_BLOCKS):
            for (AL, Y, caches), hidden in ((_consistent_backward_case(3, [4, 3, 1], 2), False),
                                            (_consistent_backward_case(31, [5, 4, 3, 1], 6), True)):
                L = len(caches)
                grads = c.returned(c.call(fn, AL, Y, caches, hidden=hidden))
                want = ref.L_model_backward(AL, Y, caches)
                off_by_one = {f"{p}{l}" for l in range(1, L + 1) for p in ("dA", "dW", "db")}
                if isinstance(grads, dict) and set(grads) == off_by_one:
                    c.fail(f"grads 的键是 {sorted(grads)}，应为 {sorted(want)}。", LMB["dA_index"])
                c.keys(grads, want.keys(), "grads", hint=_backward_keys_hint(L))
                mistakes = _backward_mistakes(AL, Y, caches, want)
                order = [k for l in range(L, 0, -1) for k in (f"dW{l}", f"db{l}", f"dA{l - 1}")]
                for k in order:
                    # a mistake that uses another layer's cache can change the shape, too
                    shaped = next((h for g, h in mistakes if _same(grads[k], g[k])), None)
                    c.close(grads[k], want[k], f"grads['{k}']", wrong=[(g[k], h) for g, h in mistakes],
                            hint=shaped, hidden=hidden)
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


def _hidden_update_case():
    names = ("W1", "b1", "W2", "b2", "W3", "b3")
    shapes = ((4, 5), (4, 1), (3, 4), (3, 1), (1, 3), (1, 1))
    params = dict(zip(names, _randn(42, *shapes)))
    grads = {"d" + k: v for k, v in zip(names, _randn(43, *shapes))}
    return params, grads, 0.37


@_export
def update_parameters_test(fn):
    with Checker("update_parameters") as c:
        for (params, grads, lr), hidden in ((update_parameters_test_case(), False), (_hidden_update_case(), True)):
            got = c.returned(c.call(fn, params, grads, lr, hidden=hidden))
            want = ref.update_parameters(params, grads, lr)
            c.keys(got, want.keys(), "返回的 parameters",
                   hint=lambda missing, extra: UP["empty"] if len(missing) == len(want) and not extra else None)
            for k in want:
                g = grads["d" + k]
                same = (params[k], UP["layer_not_updated"].format(k=k))
                if k.startswith("b") and _same(got.get("W" + k[1:]), want["W" + k[1:]]):
                    same = (params[k], UP["b_not_updated"])
                c.close(got[k], want[k], f"parameters['{k}']", wrong=[
                    (params[k] + lr * g, UP["sign"]), (params[k] - g, UP["no_learning_rate"]), same], hidden=hidden)
        c.unchanged()


def _toy_data(n_x=6, m=24, seed=7):
    rng = np.random.RandomState(seed)
    X = rng.randn(n_x, m)
    Y = (X[0:1] + 0.5 * X[1:2] ** 2 > 0.3).astype(float)
    return X, Y


TRAIN_ITS = 301  # costs are then recorded at 0, 100, 200, 300 under either convention
HIDDEN_ITS = 201


@_export
def two_layer_model_test_case():
    """X (6, 24), Y (1, 24) (seed 7), layers_dims (6, 4, 1), learning_rate 0.5, 301 iterations."""
    X, Y = _toy_data()
    return X, Y, (6, 4, 1), 0.5, TRAIN_ITS


def _training_mistakes(X, Y, init, lr, its, H):
    """[(costs, parameters after one iteration, hint)] of the usual wrong training loops from
    init: one iteration tells apart mistakes whose recorded costs look alike (two runs that
    both blow up to nan, say)."""
    L = len(init) // 2
    options = [(dict(acts=variants.course_acts(L, hidden="sigmoid")), H["hidden_sigmoid"]),
               (dict(dAL="dZ"), H["twice"]),
               (dict(dAL="negated"), H["sign"]),
               (dict(backward_acts=variants.course_acts(L, "sigmoid", "relu")), H["swapped"])]
    return [(variants.train(X, Y, init, lr, its, **how)[1], variants.train(X, Y, init, lr, 1, **how)[0], h)
            for how, h in options]


def _same_costs(got, costs):
    return got.shape == costs.shape and bool(np.allclose(got, costs, atol=1e-7, equal_nan=True))


def _which_mistake(arr, mistakes, one_step):
    """The hint of the one mistake that explains the costs arr, else None. When several (or
    none) fit the costs, the parameters after one iteration (one_step() runs the learner's
    function once more) decide; if they do not, no single mistake is named."""
    fits = [m for m in mistakes if _same_costs(arr, m[0])]
    if len(fits) == 1:
        return fits[0][2]
    stepped = one_step()
    exact = [m for m in (fits or mistakes)
             if isinstance(stepped, dict) and all(_same(stepped.get(k), v) for k, v in m[1].items())]
    return exact[0][2] if len(exact) == 1 else None


def _one_step(X, Y, params, lr):
    AL, caches = ref.L_model_forward(X, params)
    return ref.update_parameters(params, ref.L_model_backward(AL, Y, caches), lr)


def _check_training(c, got, init, X, Y, lr, want_params, want_costs, H, start_hints=(), mistakes=(),
                    hidden=False, rerun=None):
    """rerun(num_iterations) calls the learner's function again on this case (for a diagnosis)."""
    params, costs = c.unpack(got, RETURNS["two_layer_model"])
    n = len(want_costs)
    arr = c.array(costs, "costs", allow_list=True).reshape(-1)

    def one_step():
        out = rerun(1)
        return out[0] if isinstance(out, tuple) and len(out) == 2 else None
    finite = np.isfinite(arr)
    prefix = arr[:int(np.argmin(finite)) if not finite.all() else arr.size]
    rising = prefix.size >= 2 and np.all(np.diff(prefix) > 0)
    # a right start followed by nan/inf is divergence, not a log(0) in the learner's cost
    blew_up = 1 <= prefix.size < arr.size and np.isclose(prefix[0], want_costs[0], atol=1e-6)
    if (rising or blew_up) and want_costs[-1] < want_costs[0]:
        shown = np.round(arr[:n], 6).tolist() if blew_up else np.round(prefix[:n], 6).tolist()
        c.fail(f"记录的代价在上升：{shown}。", _which_mistake(arr, mistakes, one_step) or H["rising"])
    if arr.shape != (n,):
        its = "、".join(str(100 * i) for i in range(n))
        c.fail(f"costs 应记录 {n} 个值（第 {its} 次迭代），实际有 {arr.size} 个。",
               H["only_printed"] if arr.size == 0 else H["count"])
    c.shape(arr, (n,), "costs")
    if np.allclose(arr, arr[0]) and not np.allclose(want_costs, want_costs[0]):
        stepped = _one_step(X, Y, init, lr)
        if isinstance(params, dict) and all(_same(params.get(k), v) for k, v in stepped.items()):
            c.fail(f"costs 一直是 {arr[0]:.6g}，没有下降。", H["reinit"])
        c.fail(f"costs 一直是 {arr[0]:.6g}，没有下降。", H["constant"])
    starts = list(start_hints) + [(costs[0], h) for costs, _, h in mistakes]
    c.close(arr[0], want_costs[0], "第 0 次迭代的代价", wrong=starts, hint=H["start"], hidden=hidden)
    if not _same_costs(arr, np.asarray(want_costs, dtype=float)):
        found = _which_mistake(arr, mistakes, one_step)
        c.close(arr, want_costs, "costs", atol=1e-7, wrong=[(arr, found)] if found else None,
                hint=H["later"], hidden=hidden)
    c.ok()
    c.keys(params, want_params.keys(), "parameters")
    for k in want_params:
        c.close(params[k], want_params[k], f"parameters['{k}']", atol=1e-7, hidden=hidden)


TWO_LAYER_BLOCKS = []  # filled below
DEEP_BLOCKS = []


@functools.lru_cache(maxsize=None)
def _two_layer_expected(hidden):
    """(case, want_params, want_costs, init, start hints, mistakes); fixed, so computed once."""
    if hidden:
        hX, hY = _toy_data(n_x=5, m=20, seed=17)
        case = (hX, hY, (5, 3, 1), 0.3, HIDDEN_ITS)
    else:
        case = two_layer_model_test_case()
    X, Y, dims, lr, its = case
    want_params, want_costs = ref.two_layer_model(X, Y, dims, learning_rate=lr, num_iterations=its)
    init = ref.initialize_parameters(*dims)
    deep = ref.initialize_parameters_deep(list(dims), seed=3, init="small")
    start = [(ref.compute_cost(ref.L_model_forward(X, deep)[0], Y), TWO["deep_init"])]
    mistakes = _training_mistakes(X, Y, init, lr, its, TWO_HINTS)
    return case, want_params, want_costs, init, tuple(start), tuple(mistakes)


@_export
def two_layer_model_test(fn):
    with Checker("two_layer_model") as c:
        with c.reference_blocks(fn, TWO_LAYER_BLOCKS):
            for hidden in (False, True):
                (X, Y, dims, lr, its), want_params, want_costs, init, start, mistakes = _two_layer_expected(hidden)
                def run(its, X=X, Y=Y, dims=dims, lr=lr, hidden=hidden):
                    return c.call(fn, X, Y, dims, learning_rate=lr, num_iterations=its, print_cost=False,
                                  error_hint=TWO["caches_or_return_order"], hidden=hidden)
                _check_training(c, run(its), init, X, Y, lr, want_params, want_costs, TWO_HINTS, start, mistakes,
                                hidden=hidden, rerun=run)
        c.unchanged()


@_export
def L_layer_model_snapshots_test_case():
    """X (6, 24), Y (1, 24) (seed 7), layers_dims [6, 5, 3, 1], learning_rate 0.5, 301 iterations
    (snapshots every 100: keys 0, 100, 200, 300 and 301)."""
    X, Y = _toy_data()
    return X, Y, [6, 5, 3, 1], 0.5, TRAIN_ITS


DEEP_INIT_PASS = ("这里要的是 initialize_parameters_deep(layers_dims, seed=seed, init=init)，函数的参数默认 seed=1、"
                  "init=\"lecun\"（randn / sqrt(n[l-1])）：把参数 seed 和 init 传下去，不要写死别的值，"
                  "也不要用别的初始化函数。")
# The first cost of a wrong initialisation, and its hint. randn * 0.01 makes every output about 0.5,
# so its first cost is ln 2 = 0.693 whatever the seed: one hint for every seed.
DEEP_INIT_HINTS = {
    (1, "small"): hint("L_layer_model_snapshots.init_small",
                       "第 0 次迭代的代价约是 ln 2 = 0.693，和 randn * 0.01 的初始化 (init=\"small\") 一致"
                       "（权重很小时所有输出都接近 0.5，与 seed 无关）。" + DEEP_INIT_PASS),
    (3, "lecun"): hint("L_layer_model_snapshots.init_lecun_seed3",
                       "第 0 次迭代的代价和 seed=3 的 randn / sqrt(n[l-1]) 初始化一致：seed 不对。" + DEEP_INIT_PASS),
}
DEEP_NOT_PASSED = hint("L_layer_model_snapshots.not_passed_down",
                       "{what} 没有传下去：检查用 seed={seed}、init=\"{init}\" 调用你的 L_layer_model_snapshots，"
                       "它却像默认值那样初始化了。练习要求写 initialize_parameters_deep(layers_dims, seed=seed, init=init)，"
                       "不要写死 seed 或 init。")
PASS_DOWN = (2, "small")   # the seed and init of the case that checks they are passed down
# snapshot intervals: the public case uses the default 100, the hidden one another value
EVERY = {"public": 100, "hidden": 60, "pass_down": 100}

SNAP = hints("L_layer_model_snapshots", {
    "after_update": "快照 i 应是第 i 次更新**之前**的参数（也就是第 i 次迭代算代价时用的那一组）："
        "在调用 update_parameters 之前存；snapshots[0] 就是初始化得到的参数。",
    "missing_final": "还缺最后一份：训练返回的参数也要存进 snapshots[num_iterations]"
        "（做完全部 num_iterations 次更新之后的参数，第 8 节表格的最后一行；键是 num_iterations，不是 num_iterations - 1）。",
    "aliased": "这些快照都等于训练结束时的参数：存进去的是同一个字典或同一组数组，之后的原地更新"
        "（W -= ...、parameters[k] = ...）把它们一起改掉了。课程的 update_parameters 返回新字典，直接存 parameters 就行；"
        "自己原地更新时先复制：{k: v.copy() for k, v in parameters.items()}。",
    "every_not_used": "快照的间隔要用参数 every（检查会传入别的值），不要写死 100：if i % every == 0。",
    "key_type": "snapshots 的键是整数 i（更新的次数），不是字符串：snapshots[i] = ...。",
})


def _takes_seed_and_init(fn):
    """Whether fn has the course's seed and init parameters (the original course's signature has
    neither: then there is nothing to pass down, and that case is skipped)."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return (any(p.kind == p.VAR_KEYWORD for p in params.values())
            or ("seed" in params and "init" in params))


@functools.lru_cache(maxsize=None)
def _deep_expected(case_name):
    """As _two_layer_expected, for "public", "hidden" (other data, other snapshot interval) and
    "pass_down" (other seed, init); also the snapshots and the parameters after each update."""
    seed, init_kind = PASS_DOWN if case_name == "pass_down" else (1, "lecun")
    if case_name == "hidden":
        hX, hY = _toy_data(n_x=5, m=20, seed=19)
        case = (hX, hY, [5, 4, 2, 1], 0.3, HIDDEN_ITS)
    else:
        X, Y, dims, lr, its = L_layer_model_snapshots_test_case()
        case = (X, Y, dims, lr, HIDDEN_ITS if case_name == "pass_down" else its)
    X, Y, dims, lr, its = case
    want_params, want_costs, want_snaps = early_stopping.L_layer_model_snapshots(
        X, Y, dims, learning_rate=lr, num_iterations=its, seed=seed, init=init_kind, every=EVERY[case_name])
    # every update's result, to recognise a snapshot taken one update late
    every_update = early_stopping.L_layer_model_snapshots(
        X, Y, dims, learning_rate=lr, num_iterations=its, seed=seed, init=init_kind, every=1)[2]
    init = ref.initialize_parameters_deep(dims, seed=seed, init=init_kind)
    start = []
    if case_name == "pass_down":
        for s, k, what in ((1, "lecun", "seed 和 init"), (seed, "lecun", "init"), (1, init_kind, "seed")):
            p = ref.initialize_parameters_deep(dims, seed=s, init=k)
            start.append((ref.compute_cost(ref.L_model_forward(X, p)[0], Y),
                          DEEP_NOT_PASSED.format(what=what, seed=seed, init=init_kind)))
    else:
        for (s, k), h in DEEP_INIT_HINTS.items():
            p = ref.initialize_parameters_deep(dims, seed=s, init=k)
            start.append((ref.compute_cost(ref.L_model_forward(X, p)[0], Y), h))
    mistakes = _training_mistakes(X, Y, init, lr, its, DEEP_HINTS)
    return case, want_params, want_costs, init, tuple(start), tuple(mistakes), want_snaps, every_update


def _snapshot_keys_hint(got, want, its, every):
    """The hint for snapshot keys got (a set) when the snapshots want has other keys."""
    if any(isinstance(k, str) for k in got):
        return SNAP["key_type"]
    if got == set(want) - {its}:
        return SNAP["missing_final"]
    if got == {k + 1 for k in want if k < its} | {its} or got == {k + 1 for k in want if k < its}:
        return SNAP["after_update"]
    hundreds = set(range(0, its, 100))
    if every != 100 and hundreds <= got and got - hundreds <= {its, its - 1}:
        return SNAP["every_not_used"]
    return None


def _check_snapshots(c, snaps, want, every_update, final, its, every, hidden):
    """snapshots: a dict {i: parameters before update i} for i = 0, every, ... < its and
    {its: the returned parameters}."""
    c.is_type(snaps, dict, "snapshots")
    got_keys = set(snaps)
    c.keys(snaps, want.keys(), "snapshots",
           hint=lambda missing, extra: _snapshot_keys_hint(got_keys, want, its, every))
    for i in sorted(want):
        what = f"snapshots[{i}]"
        c.keys(snaps[i], want[i].keys(), what)
        for k in want[i]:
            wrong = []
            if i + 1 in every_update:
                wrong.append((every_update[i + 1][k], SNAP["after_update"]))
            if i != its:
                wrong.append((final[k], SNAP["aliased"]))
            c.close(snaps[i][k], want[i][k], f"{what}['{k}']", atol=1e-7, wrong=wrong, hidden=hidden)


def _first_two(out):
    """(parameters, costs) of a learner's (parameters, costs, snapshots), for the training checks."""
    return tuple(out[:2]) if isinstance(out, (tuple, list)) and len(out) == 3 else out


@_export
def L_layer_model_snapshots_test(fn):
    """The training loop (costs and parameters, as L_layer_model's) and the snapshots it keeps, on
    the public case, a hidden one (other data, snapshots every 60) and, when fn takes seed and
    init, a case that checks they are passed down."""
    cases = ["public", "hidden"] + (["pass_down"] if _takes_seed_and_init(fn) else [])
    with Checker("L_layer_model_snapshots") as c:
        with c.reference_blocks(fn, DEEP_BLOCKS):
            for name in cases:
                ((X, Y, dims, lr, its), want_params, want_costs, init, start, mistakes, want_snaps,
                 every_update) = _deep_expected(name)
                extra = dict(zip(("seed", "init"), PASS_DOWN)) if name == "pass_down" else {}
                hidden = name != "public"

                def run(its, X=X, Y=Y, dims=dims, lr=lr, hidden=hidden, extra=extra, every=EVERY[name]):
                    return c.call(fn, X, Y, list(dims), learning_rate=lr, num_iterations=its, print_cost=False,
                                  every=every, error_hint=DEEP_SHAPE_ERROR, hidden=hidden, **extra)
                params, costs, snaps = c.unpack(run(its), RETURNS["L_layer_model_snapshots"])
                _check_training(c, (params, costs), init, X, Y, lr, want_params, want_costs, DEEP_HINTS, start,
                                mistakes, hidden=hidden, rerun=lambda its: _first_two(run(its)))
                _check_snapshots(c, snaps, want_snaps, every_update, want_params, its, EVERY[name], hidden)
        c.unchanged()


_BLOCK = {name: (name, getattr(ref, name)) for name in (
    "linear_forward", "linear_activation_forward", "L_model_forward", "compute_cost", "linear_backward",
    "linear_activation_backward", "L_model_backward", "update_parameters")}
LAF_BLOCKS += [_BLOCK["linear_forward"]]
LAB_BLOCKS += [_BLOCK["linear_backward"]]
FORWARD_BLOCKS += [_BLOCK[n] for n in ("linear_forward", "linear_activation_forward")]
BACKWARD_BLOCKS += [_BLOCK[n] for n in ("linear_backward", "linear_activation_backward")]
# no initialisers here: the training checks judge the initialisation by their own case
TWO_LAYER_BLOCKS += [_BLOCK[n] for n in ("linear_forward", "linear_activation_forward", "compute_cost",
                                         "linear_backward", "linear_activation_backward", "update_parameters")]
DEEP_BLOCKS += [_BLOCK[n] for n in ("linear_forward", "linear_activation_forward", "L_model_forward", "compute_cost",
                                    "linear_backward", "linear_activation_backward", "L_model_backward",
                                    "update_parameters")]
