"""Every hint a checker can show, registered under a stable id ``<exercise>.<mistake>``
(the exercise's own name, e.g. ``L_model_forward.last_relu``; the mistake in lowercase).

Checker modules define their hints as constants, ``NO_BIAS = hint("linear_forward.no_bias", "...")``,
so tests (and the grader's table) can name the mistake a failure diagnosed without matching text.
"""

__all__ = ["HINTS", "Hint", "hint", "GENERIC"]

HINTS = {}


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
    if not isinstance(id, str) or "." not in id or any(ch.isspace() for ch in id):
        raise ValueError(f"hint id must look like '<exercise>.<mistake>', got {id!r}")
    if HINTS.get(id, text) != text:
        raise ValueError(f"hint id {id!r} is already registered with a different text")
    HINTS[id] = str(text)
    return Hint(text, id)


# Hints of the generic checks in _core; their failures get the id f"{checker}.{kind}".
GENERIC = {
    "returned_none": "函数末尾是否忘了 return？",
    "not_numeric": "应返回 numpy 数组（例如 np.dot、np.sum 的结果），不是字符串、None、字典或其他对象。",
    "bool": "这是布尔数组 (True/False)：是否把比较（例如 Z > 0）的结果直接返回了？要用它乘上数值，"
            "例如 dA * (Z > 0)。",
    "complex": "结果是复数：是否对负数做了 ** 0.5 或 np.sqrt 之外的复数运算？结果应是实数数组。",
    "object_array": "这是 dtype=object 的数组（里面放的是 Python 对象、列表或形状不同的数组），"
                    "不是数值数组：不要用 np.array([...]) 把形状不同的东西拼在一起。",
    "string_array": "这是字符串数组：数值要以数字计算出来，不要写成字符串（例如 \"0.5\"）。",
    "ragged": "列表里各行长度不同，拼不成一个矩阵。",
    "not_finite": "是否对 0 取了 log，或除以了 0？",
    "wrong_shape": "元素个数对但形状不对：是否少了 keepdims=True，或需要 reshape/转置？",
    "mutated_input": "不要原地修改传入的数组或字典（例如 W -= ...、params[k] = ...），请先 copy 或生成新的对象。",
}
