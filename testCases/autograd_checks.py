"""Checkers of notebook 07 (autograd): the backward rule of the matrix product.

mm_backward(grad, a, b) -> (grad_a, grad_b) for Z = a @ b, grad = dL/dZ:
grad_a = grad @ b.T (shape of a), grad_b = a.T @ grad (shape of b).
"""
import numpy as np

from ._core import Checker

__all__ = ["mm_backward_test_case", "mm_backward_test"]


def mm_backward_test_case():
    """grad (3, 2), a (3, 4), b (4, 2): the upstream gradient and the inputs of Z = a @ b."""
    rng = np.random.RandomState(7)
    return rng.randn(3, 2), rng.randn(3, 4), rng.randn(4, 2)


def _square_case():
    # Square matrices: the usual mistakes keep the right shape, so their values can be recognised.
    rng = np.random.RandomState(8)
    return rng.randn(3, 3), rng.randn(3, 3), rng.randn(3, 3)


_SWAPPED = "grad_a 与 grad_b 的返回顺序是否写反了？应为 return grad_a, grad_b（grad_a 与 a 同形状）。"
_NO_UPSTREAM = "是否忘了乘上游梯度 grad（链式法则 chain rule：局部导数要乘上传进来的梯度）？"
_ELEMENTWISE = "逐元素乘 * 是 mul 的规则；矩阵乘积 mm 的规则要用矩阵乘法 @ 和转置。"


def _wrong_a(g, a, b):
    ones = np.ones_like(g)
    return [(a.T @ g, _SWAPPED),
            (g @ b, "grad_a 少了转置：应为 grad @ b.T。"),
            (b.T @ g, "乘法顺序不对：矩阵乘法不可交换，grad_a = grad @ b.T（grad 在左）。"),
            ((g @ b.T).T, "grad_a 被整体转置了：grad @ b.T 已经是 a 的形状，不要再 .T。"),
            (ones @ b.T, _NO_UPSTREAM),
            (g * b, _ELEMENTWISE)]


def _wrong_b(g, a, b):
    ones = np.ones_like(g)
    return [(g @ b.T, _SWAPPED),
            (a @ g, "grad_b 少了转置：应为 a.T @ grad。"),
            (g @ a.T, "乘法顺序不对：矩阵乘法不可交换，grad_b = a.T @ grad（a.T 在左）。"),
            ((a.T @ g).T, "grad_b 被整体转置了：a.T @ grad 已经是 b 的形状，不要再 .T。"),
            (a.T @ ones, _NO_UPSTREAM),
            (g * a, _ELEMENTWISE)]


def mm_backward_test(mm_backward):
    """Check mm_backward on a square case (values, with hints) and the published case (shapes)."""
    with Checker("mm_backward") as c:
        g, a, b = _square_case()
        grad_a, grad_b = c.unpack(c.call(mm_backward, g, a, b), ["grad_a", "grad_b"])
        c.close(grad_a, g @ b.T, "grad_a（3×3 的例子）", wrong=_wrong_a(g, a, b))
        c.close(grad_b, a.T @ g, "grad_b（3×3 的例子）", wrong=_wrong_b(g, a, b))

        g, a, b = mm_backward_test_case()
        grad_a, grad_b = c.unpack(c.call(mm_backward, g, a, b), ["grad_a", "grad_b"])
        c.shape(grad_a, a.shape, "grad_a", wrong={(4, 2): _SWAPPED,
                                                 (4, 3): "形状是 a 的转置：应为 grad @ b.T。"})
        c.shape(grad_b, b.shape, "grad_b", wrong={(3, 4): _SWAPPED,
                                                 (2, 4): "形状是 b 的转置：应为 a.T @ grad。"})
        c.close(grad_a, g @ b.T, "grad_a")
        c.close(grad_b, a.T @ g, "grad_b")
        c.unchanged()
