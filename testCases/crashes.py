"""Causes of the exceptions learners' code raises: a table of (exercises, exception type, message
pattern, context) -> hint. ``Checker.call`` adds the cause as a note to the learner's own
exception (its traceback stays) and sets ``err.hint_id`` so the grader can report it.

Rows for one exercise come first; the generic rows after them hold for every exercise and use the
kinds of ``hints.GENERIC`` (``<exercise>.layer_zero``, ``.if_on_array``, ...). An exception no row
explains gets ``<exercise>.exception``; one raised only on a hidden case also gets a note naming
that case's network next to the public one's, and ``<exercise>.hidden_case_error``.
"""
import linecache
import os
import re

import numpy as np

from .hints import EXERCISES, GENERIC, Hint, hint

__all__ = ["Context", "add", "diagnose", "hidden_note", "summary", "SHAPE_ERROR"]

# numpy's words for operands whose shapes do not fit (matmul, broadcasting, dot)
SHAPE_ERROR = re.compile(r"matmul|not aligned|could not be broadcast|broadcast input array|"
                         r"shapes? \(.*\) (and|not)|size \d+ is different from")

GENERIC.update({
    "layer_zero": "层从 1 开始编号：没有 {key}（第 0 层是输入，没有参数）。循环写 for l in range(1, L + 1)，"
                  "或者写 range(L) 时用 l + 1 作编号。",
    "layer_past_end": "没有 {key}：循环走过了最后一层。L = len(parameters) // 2（每层有 W、b 两项），"
                      "循环写 for l in range(1, L + 1)。",
    "float_count": "range 和下标只接受整数：L = len(parameters) // 2（// 是整除；/ 得到的是小数，例如 2.0）。",
    "if_on_array": "不能对数组用 if（也不能用 and、or、max()）：数组有很多元素，if 不知道该看哪一个。"
                   "逐元素选择用 np.where(条件, a, b)、np.maximum(0, Z)，或者把比较结果当作 0/1 乘上去：dA * (Z > 0)。",
    "activation_tuple": "dnn_utils 的 sigmoid(Z) 和 relu(Z) 返回两个值 (A, cache)：写 s, _ = sigmoid(Z) "
                        "或 s = sigmoid(Z)[0]，不要拿整个元组去运算 (dnn_utils.sigmoid returns (A, cache))。",
    "unpack": "等号左边的变量个数要等于函数返回的值的个数：linear_forward 返回 (Z, cache)，"
              "linear_activation_forward 返回 (A, cache)，L_model_forward 返回 (AL, caches)，"
              "linear_backward 和 linear_activation_backward 返回 (dA_prev, dW, db)；"
              "cache = (linear_cache, activation_cache)，linear_cache = (A_prev, W, b)。",
    "name_not_defined": "名字 {name} 没有定义：它要么在别的单元格里（先运行 notebook 开头的导入单元格和前面的练习），"
                        "要么拼写不对（大小写也算）。",
    "unbound_local": "变量 {name} 在赋值之前就被用了：多半是给它赋值的那个 if 分支没有执行（条件写错了，"
                     "或者少了一个分支）。",
    "reversed_args": "reversed 只接受一个序列：写 reversed(range(L - 1))，或者 range(L - 1, 0, -1)。",
    "shape_error": "形状对不上：把每个量的形状写在旁边（W (n[l], n[l-1])、A (n[l-1], m)、b (n[l], 1)），"
                   "检查转置和左右顺序。",
})


def _row(exercises, exc, pattern, cause, text=None, when=None):
    """One row; text registers ``<exercise>.<cause>`` for each exercise (a Hint is used as it is),
    else cause is a GENERIC kind."""
    if isinstance(text, Hint):
        hints = {ex: text for ex in exercises}
    else:
        hints = {ex: hint(f"{ex}.{cause}", text) for ex in exercises} if text else None
    return (set(exercises), exc, re.compile(pattern) if pattern else None, cause, hints, when)


def add(exercises, exc, pattern, found, when=None):
    """A row for a cause whose hint a checker module defines (it is also a value diagnosis there)."""
    ROWS.append(_row(exercises, exc, pattern, found.id.rsplit(".", 1)[1], found, when))


def _in_activation_call(ctx):
    return ctx.course_activation() or re.search(r"\b(sigmoid|relu)\s*\(", ctx.line()) is not None


ACTIVATION_BRANCH = ("activation 只会是 \"sigmoid\" 或 \"relu\"（小写、带引号的字符串）：写 if activation == \"sigmoid\": "
                     "… elif activation == \"relu\": …，两个分支都要给后面用到的变量赋值。")
WHOLE_CACHE = ("cache = (linear_cache, activation_cache)：sigmoid_backward/relu_backward 要的是 activation_cache (Z)，"
               "linear_backward 要的是 linear_cache；先拆开：linear_cache, activation_cache = cache。")
RANDN_TUPLE = "np.random.randn 的参数是各维的大小本身：randn(n_h, n_x)，不是 randn((n_h, n_x))（元组是 np.zeros 的写法）。"
ZEROS_ARGS = "np.zeros 的形状要写成一个元组：np.zeros((n, 1))，不是 np.zeros(n, 1)（第二个参数是数据类型 dtype）。"
PAST_END = ("layer_dims 有 L + 1 项 [n0, n1, …, nL]：l 从 1 走到 L，用 layer_dims[l] 和 layer_dims[l - 1]，"
            "即 for l in range(1, len(layer_dims))。")

ROWS = [
    _row(["activation_entry"], TypeError, r"list indices must be integers or slices, not tuple", "list_with_tuple_index",
         "activations 是一个列表，每一项是一层的矩阵：先选层 activations[l]，再取元素 [k-1, i-1]，"
         "即 activations[l][k-1, i-1]；列表不能用 [l, k, i] 一次取。"),
    _row(["activation_entry"], IndexError, r"out of bounds for axis", "index_out_of_range",
         "下标超出范围：数学里的 i、k 从 1 数起，numpy 从 0 数起（要写 k-1、i-1）；行是单元 k，列是样本 i。"),
    _row(["first_bad_layer", "initialize_parameters_deep"], IndexError, r"list index out of range|tuple index out of range",
         "index_past_end", PAST_END),
    _row(["parity_counts"], ValueError, r"math domain error", "log_of_zero",
         "n = 1 时 log(n - 1) = log(0) 没有定义：深度用 ceil(log2 n)（n = 1 时是 0），或者 (n - 1).bit_length()。"),
    _row(["parity_network"], ValueError, r"cannot reshape array of size", "reshape",
         "reshape 前后的元素个数要一样：n 个偏置排成一列是 np.arange(n).reshape(n, 1)。"),
    _row(["initialize_parameters", "initialize_parameters_deep"], TypeError,
         r"'tuple' object cannot be interpreted as an integer", "randn_tuple", RANDN_TUPLE),
    _row(["initialize_parameters", "initialize_parameters_deep"], TypeError,
         r"Cannot interpret '.*' as a data type|data type .* not understood", "zeros_two_args", ZEROS_ARGS),
    _row(["linear_activation_forward", "linear_activation_backward"], (UnboundLocalError, NameError),
         r"local variable|cannot access local variable", "activation_branch", ACTIVATION_BRANCH),
    _row(["linear_activation_forward"], ValueError, r"setting an array element with a sequence|inhomogeneous",
         "unpack_linear_forward",
         "linear_forward 返回两个值 (Z, linear_cache)：写 Z, linear_cache = linear_forward(A_prev, W, b)，再把 Z 交给激活函数。"),
    _row(["linear_activation_forward"], ValueError, r"values to unpack \(expected 2, got \d+\)", "activation_one_value",
         "A, activation_cache = sigmoid(Z) 要求函数返回两个值：dnn_utils 的 sigmoid、relu 返回 (A, Z)。"
         "如果你用的是自己写的、只返回 A 的 sigmoid，就用 notebook 开头从 dnn_utils 导入的那个。",
         when=_in_activation_call),
    _row(["linear_activation_backward"], TypeError, r"(relu|sigmoid)\(\) takes 1 positional argument", "forward_as_derivative",
         "relu(Z) 和 sigmoid(Z) 是前向的激活函数；反向要用它们的导数：relu_backward(dA, activation_cache)、"
         "sigmoid_backward(dA, activation_cache)。"),
    _row(["compute_cost"], TypeError, r"can be converted to Python scalars", "math_log",
         "math.log 只接受一个数：对数组逐元素取对数要用 np.log。"),
    _row(["linear_activation_backward"], (TypeError, ValueError),
         r"'tuple'|not enough values to unpack \(expected 3, got 2\)|inhomogeneous|setting an array element",
         "whole_cache", WHOLE_CACHE),
    _row(["L_model_backward"], IndexError, r"(list|tuple) index out of range", "caches_index",
         "caches 从 0 数起：第 l 层的 cache 是 caches[l - 1]，最后一层是 caches[L - 1]，L = len(caches)。"),
    _row(["L_model_backward"], KeyError, r"^'?dA\d+'?$", "dA_key",
         "grads 里只有 dA0 … dA(L-1)：第 L 层的输入是变量 dAL；第 l 层（l < L）的输入是 "
         "grads['dA' + str(l)]，它在处理第 l + 1 层时写进去，所以要从第 L 层开始倒着循环。"),
    _row(["L_layer_model_snapshots"], TypeError, r"unexpected keyword argument 'every'",
         "missing_every", "你的 L_layer_model_snapshots 不接受参数 every：照练习给出的签名写（every=100 是快照的间隔）。"),
    _row(["L_layer_model_snapshots"], TypeError, r"unexpected keyword argument '(seed|init)'", "init_signature",
         "你调用的 initialize_parameters_deep 不接受 seed 和 init：用 notebook 开头从 dnn_utils 导入的那个，"
         "不要再定义一个同名函数把它盖掉。"),
    _row(["numerical_jacobian"], ValueError, r"could not broadcast input array from shape \(\d+,\s*1\) into shape \(\d+,\)",
         "column_into_slice",
         "J[:, j] 是一维的 (k,)，而 f(x + ε e_j) − f(x − ε e_j) 是 (k, 1) 的一列：赋值前先 .ravel()，"
         "或者写 J[:, j:j+1] = …。"),
    _row(["numerical_jacobian"], IndexError, r"index \d+ is out of bounds for axis 1 with size 1", "x_is_a_column",
         "x 是 (n, 1) 的列向量：第 j 个分量是 x[j, 0]（或 x[j]），不是 x[0, j]。"),
    _row(["backward_pass"], RecursionError, r"", "recursion",
         "图有几千层时递归会超过 Python 的递归深度上限 (RecursionError)：用 for 循环遍历 "
         "ag.topological_order 给出的列表，不要递归。"),
    _row(["backward_pass"], KeyError, r"", "key_order",
         "KeyError 常常是顺序错了：处理一个张量时它的梯度还没有到。按 reversed(ag.topological_order(output)) 的顺序遍历。"),
    _row(["backward_pass"], AttributeError, r"'NoneType' object has no attribute '(parents|apply)'", "leaf_grad_fn",
         "叶子没有 grad_fn（t.grad_fn 是 None）：先判断 t.is_leaf，叶子只写 t.grad，不再往下传。"),
    _row(["backward_pass"], AttributeError, r"'NoneType' object has no attribute 'data'", "grad_none",
         "第一次 backward 之前叶子的 .grad 是 None：t.grad = ag.tensor(g) if t.grad is None else "
         "ag.tensor(t.grad.data + g)。"),
    _row(["mm_t_backward"], AttributeError, r"'numpy.ndarray' object has no attribute 't'", "t_on_array",
         "grad、a、b 是 numpy 数组：转置写 .T（属性，不带括号）；.t() 是引擎张量的写法。"),
    _row(["mm_t_backward"], TypeError, r"'numpy.ndarray' object is not callable", "transpose_called",
         "numpy 数组的转置 .T 是属性，不带括号：写 b.T，不是 b.T()。"),
    _row(["mlp_backward"], KeyError, r"^'?(Z2|A2|Y_hat|Z|A)'?$", "cache_keys",
         "cache 里只有 Z1 和 A1（Ŷ 是参数 Y_hat），parameters 里有 W1、b1、W2、b2。"),
    _row(["dendritic_xor_weights"], AttributeError, r"has no attribute 'ln'", "no_ln",
         "numpy 和 math 里的自然对数叫 log（np.log(2)、math.log(2)），没有 ln。"),
    _row(["dendritic_xor_weights"], TypeError, r"unsupported operand type\(s\) for .*'(tuple|list)'", "weights_as_tuple",
         "先把三个数分别算出来，最后 return w1, w2, b；不要拿元组或列表直接做算术。"),
    _row(["refine_candidates"], IndexError, r"out of bounds for axis 0", "edge_index",
         "最好的学习率是最后一个时没有 rates[i + 1]：缺的那个邻居用对数尺度上的镜像代替，rates[i] ** 2 / rates[i - 1]"
         "（在第一个时同样：rates[0] ** 2 / rates[1]）。"),
    _row(["refine_candidates"], AttributeError, r"'numpy.ndarray' object has no attribute 'index'", "list_index",
         "numpy 数组没有 .index()（那是列表的方法）：最小值的位置用 np.argmin；先用 np.isfinite 排除发散的试验。"),
]

_ALL = set(EXERCISES)
GENERIC_ROWS = [
    _row(_ALL, KeyError, r"^'?d?[WbAZ]0'?$", "layer_zero"),
    _row(_ALL, KeyError, r"^'?d?[WbAZ](\d+)'?$", "layer_past_end", when=lambda ctx: ctx.key_past_end()),
    _row(_ALL, TypeError, r"float(64)?' object cannot be interpreted as an integer|slice indices must be integers",
         "float_count"),
    _row(_ALL, ValueError, r"truth value of an array with more than one element is ambiguous", "if_on_array"),
    _row(_ALL, (TypeError, ValueError), r"tuple|can't multiply sequence|inhomogeneous|setting an array element",
         "activation_tuple", when=_in_activation_call),
    _row(_ALL, ValueError, r"(too many|not enough) values to unpack", "unpack"),
    _row(_ALL, TypeError, r"reversed expected 1 argument", "reversed_args"),
    _row(_ALL, UnboundLocalError, r"", "unbound_local"),
    _row(_ALL, NameError, r"name '\w+' is not defined", "name_not_defined"),
    _row(_ALL, ValueError, SHAPE_ERROR.pattern, "shape_error"),
]


def _is_learner_file(filename):
    """Code the learner wrote: a notebook cell or a script, not numpy, the course or Python."""
    parts = set(os.path.normpath(filename).split(os.sep))
    return not ({"numpy", "dnn_utils", "testCases", "site-packages", "dist-packages"} & parts
                or filename.startswith(os.path.dirname(os.__file__)))


def _is_course_activation(value):
    module = getattr(value, "__module__", "") or ""
    return module.split(".")[0] == "dnn_utils" and getattr(value, "__name__", "") in ("sigmoid", "relu")


def _layers(value):
    """L of a network-shaped argument: parameters {W1..}, a list of caches, or layer sizes."""
    if isinstance(value, dict) and "W1" in value:
        return sum(1 for k in value if isinstance(k, str) and re.fullmatch(r"W\d+", k))
    if isinstance(value, list) and value and all(isinstance(v, tuple) for v in value):
        return len(value)
    if isinstance(value, (list, tuple)) and len(value) > 1 and all(isinstance(v, (int, np.integer)) for v in value):
        return len(value) - 1
    return None


def _sizes(params):
    L = _layers(params)
    try:
        return [params["W1"].shape[1]] + [params[f"W{l}"].shape[0] for l in range(1, L + 1)]
    except Exception:
        return None


def summary(args, names=()):
    """A short description of a case's arguments: shapes of arrays, sizes of networks."""
    parts = []
    for i, value in enumerate(args):
        name = names[i] if i < len(names) else f"参数 {i + 1}"
        L = _layers(value)
        if isinstance(value, np.ndarray):
            parts.append(f"{name} {tuple(value.shape)}")
        elif isinstance(value, dict) and L is not None:
            parts.append(f"{name}：L = {L} 层，各层单元数 {_sizes(value)}")
        elif isinstance(value, list) and L is not None and value and isinstance(value[0], tuple):
            parts.append(f"{name}：L = {L} 层的 caches")
        elif isinstance(value, (list, tuple)) and L is not None:
            parts.append(f"{name} = {list(value)}")
        elif isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
            parts.append(f"{name} = {value}")
        elif isinstance(value, list) and value and isinstance(value[0], np.ndarray):
            parts.append(f"{name}：{len(value)} 个 {tuple(value[0].shape)} 的数组")
    return "，".join(parts)


class Context:
    """What is known about an exception: the exercise, the call's arguments, the case."""

    def __init__(self, exercise, err, fn, args, hidden=False, case="", public=""):
        self.exercise, self.err, self.fn, self.args = exercise, err, fn, args
        self.hidden, self.case, self.public = hidden, case, public

    @property
    def message(self):
        if isinstance(self.err, KeyError) and self.err.args:
            return repr(self.err.args[0])
        return str(self.err)

    def line(self):
        """The source line of the innermost frame of the learner's own code ("" if unknown)."""
        tb, found = self.err.__traceback__, ""
        while tb is not None:
            code = tb.tb_frame.f_code
            if _is_learner_file(code.co_filename):
                found = linecache.getline(code.co_filename, tb.tb_lineno).strip() or found
            tb = tb.tb_next
        return found

    def course_activation(self):
        g = getattr(self.fn, "__globals__", {}) or {}
        return any(_is_course_activation(g.get(name)) for name in ("sigmoid", "relu"))

    def layers(self):
        return next((L for L in map(_layers, self.args) if L is not None), None)

    def key_past_end(self):
        match = re.search(r"(\d+)", self.message)
        L = self.layers()
        return bool(match and L is not None and int(match.group(1)) > L)


def _fields(ctx, match):
    fields = {"key": ctx.message}
    name = re.search(r"'(\w+)'", str(ctx.err))
    fields["name"] = name.group(1) if name else "…"
    return fields


def diagnose(ctx, shape_hint=None):
    """(hint, hint_id) for the exception in ctx; the hint is None when no cause is known."""
    message = ctx.message
    if shape_hint is not None and isinstance(ctx.err, ValueError) and SHAPE_ERROR.search(message):
        return shape_hint, getattr(shape_hint, "id", f"{ctx.exercise}.shape_error")
    for exercises, exc, pattern, cause, hints, when in ROWS + GENERIC_ROWS:
        if ctx.exercise not in exercises or not isinstance(ctx.err, exc):
            continue
        match = pattern.search(message) if pattern else None
        if pattern and not match:
            continue
        if when is not None and not when(ctx):
            continue
        if hints:
            return hints[ctx.exercise], hints[ctx.exercise].id
        text = GENERIC[cause].format(**_fields(ctx, match))
        return Hint(text, f"{ctx.exercise}.{cause}"), f"{ctx.exercise}.{cause}"
    if ctx.hidden:
        return None, f"{ctx.exercise}.hidden_case_error"
    return None, f"{ctx.exercise}.exception"


def hidden_note(ctx, cause_known=False):
    """The note for an exception raised only on a hidden case: which network it was. When the
    table knew the cause, the note does not add a guess (hard-coded numbers) beside it."""
    where = f"这个错误出现在一组不公开的检查输入上（{ctx.case}），公开用例是（{ctx.public}）"
    if cause_known:
        return where + "。"
    return (where + "：公开用例不出错而这里出错，多半是把公开用例的某个数写死了（层数 L、某层的编号、"
            "某个形状或样本数 m），请都由参数算出来。")
