"""Every hint a checker can show, registered under a stable id ``<exercise>.<mistake>``
(the exercise's own name, e.g. ``L_model_forward.last_relu``; the mistake in lowercase).

Checker modules define their hints as constants, ``NO_BIAS = hint("linear_forward.no_bias", "...")``,
so tests (and the grader's table) can name the mistake a failure diagnosed without matching text.
A failure that no diagnosis explains gets the generic id ``<exercise>.<kind>`` (``not_done``,
``wrong_value``, ``mutated_input``, ...): ``text_of`` resolves those through ``GENERIC``, so every
id a checker can raise has a text for the grader's report.
"""
import re

__all__ = ["HINTS", "Hint", "hint", "hints", "GENERIC", "EXERCISES", "text_of"]

HINTS = {}

# The exercises, by the name of the function the learner writes (network_gradient checks the pair
# L_model_forward + L_model_backward of notebook 05); these are the first part of every hint id.
EXERCISES = (
    "layer_dims_from_parameters", "activation_entry", "forward_single", "forward_vectorized", "first_bad_layer",
    "parity_counts", "parity_network",
    "initialize_parameters", "initialize_parameters_deep", "linear_forward", "linear_activation_forward",
    "L_model_forward", "compute_cost", "linear_backward", "linear_activation_backward", "L_model_backward",
    "update_parameters", "network_gradient",
    "numerical_jacobian", "dz_all_layers", "row_layout_gradients",
    "backward_pass", "mm_t_backward",
    "mlp_backward", "best_learning_rate", "refine_candidates", "dendritic_xor_weights",
    "two_layer_model", "L_layer_model_snapshots",
)
# hints shared by forward_single and forward_vectorized live under "forward."
_PREFIXES = set(EXERCISES) | {"forward"}


class Hint(str):
    """Hint text that remembers its id; ``format`` keeps the id."""

    def __new__(cls, text, id):
        self = super().__new__(cls, text)
        self.id = id
        return self

    def format(self, *args, **kwargs):
        return Hint(str.format(self, *args, **kwargs), self.id)


def hint(id, text):
    """Register text under id (an id may not name two different texts) and return it as a Hint."""
    if (not isinstance(id, str) or "." not in id or not id.isascii()
            or not all(part.isidentifier() for part in id.split("."))):
        raise ValueError(f"hint id must look like '<exercise>.<mistake>' (ASCII), got {id!r}")
    if HINTS.get(id, text) != text:
        raise ValueError(f"hint id {id!r} is already registered with a different text")
    HINTS[id] = str(text)
    return Hint(text, id)


def hints(exercise, texts):
    """Register the hints of one exercise, {mistake: text}, each under "<exercise>.<mistake>";
    returns {mistake: Hint}."""
    return {mistake: hint(f"{exercise}.{mistake}", text) for mistake, text in texts.items()}


# The generic checks of _core: a failure they raise without a diagnosed hint gets the id
# f"{checker}.{kind}", and its text is GENERIC[kind].
GENERIC = {
    "failed": "没有通过检查：看 ✗ 那一行的说明，它写了哪个量不对。",
    "not_callable": "检查函数要的是函数本身：testCases.名字_test(名字)，不是 名字(...) 的结果。",
    "not_done": "还没有完成：删掉 raise NotImplementedError()，在 # YOUR CODE HERE 处写出代码。",
    "returned_none": "函数末尾是否忘了 return？",
    "wrong_count": "返回值的个数不对：照练习说明里的 return 那一行返回全部的值。",
    "wrong_type": "返回值的类型不对：看练习说明要的是数、数组、元组还是字典。",
    "wrong_keys": "字典的键不对：照练习说明里列出的键，一个不多一个不少。",
    "several_mistakes": "几种常见错误都会得到这个数，逐一检查：",
    "wrong_value": "数值不对，而且不像哪一种常见错误的结果：对照公式逐步检查，或用 testCases.show(函数) "
                   "把你的输出和期望输出逐项比较。",
    "not_numeric": "应返回 numpy 数组（例如 np.dot、np.sum 的结果），不是字符串、None、字典或其他对象。",
    "bool": "这是布尔数组 (True/False)：是否把比较（例如 Z > 0）的结果直接返回了？要用它乘上数值，"
            "例如 dA * (Z > 0)。",
    "complex": "结果是复数：是否对负数做了 ** 0.5 或 np.sqrt 之外的复数运算？结果应是实数数组。",
    "object_array": "这是 dtype=object 的数组（里面放的是 Python 对象、列表或形状不同的数组），"
                    "不是数值数组：不要用 np.array([...]) 把形状不同的东西拼在一起。",
    "string_array": "这是字符串数组：数值要以数字计算出来，不要写成字符串（例如 \"0.5\"）。",
    "ragged": "列表里各行长度不同，拼不成一个矩阵。",
    "matrix": "这是 np.matrix：它永远是二维的，np.squeeze 也去不掉它的维度，* 还表示矩阵乘法。"
              "不要用 np.matrix / np.mat，用普通的 numpy 数组（np.array、np.dot、@）。",
    "not_finite": "是否对 0 取了 log，或除以了 0？",
    "wrong_shape": "元素个数对但形状不对：是否少了 keepdims=True，或需要 reshape/转置？",
    "mutated_input": "不要原地修改传入的数组或字典（例如 W -= ...、X -= X.mean(...)、params[k] = ...）："
                     "先 copy，或用 W = W - ... 生成新的对象。",
    "uses_reference": "这个练习要你自己写：不要导入、调用或包装课程库 dnn_utils 里同一个练习的参考实现"
                      "（前面练习的积木可以调用，notebook 里就是这样做的）。",
    "tampered": "不要在练习里调用 sys.setprofile 或 threading.setprofile：检查要靠它确认你没有调用参考实现。",
    "exception": "你的代码抛出了异常：看 traceback 的最后几行，最后一个指向你的代码的位置就是出错的那一行。",
    "hidden_case_error": "只在不公开的检查输入（另一个网络）上出错：多半把公开用例的某个数写死了"
                         "（层数 L、某层的编号、某个形状或样本数 m），请由参数算出它们。",
}

_FIELD = re.compile(r"\{(\w*)\}")


def text_of(hint_id):
    """The text of any hint id a checker can raise: a registered hint, or ``<exercise>.<kind>``
    for a generic check. Placeholders of a template ("{k} 的形状…") read as "…"; KeyError for
    an id nobody registered."""
    text = HINTS.get(hint_id)
    if text is None and isinstance(hint_id, str) and "." in hint_id:
        prefix, kind = hint_id.rsplit(".", 1)
        if prefix in _PREFIXES and kind in GENERIC:
            text = GENERIC[kind]
    if text is None:
        raise KeyError(f"no hint is registered under {hint_id!r}")
    return _FIELD.sub("…", text)
