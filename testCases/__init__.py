"""testCases: fixed-seed test cases and checkers with feedback for every exercise of the course.

``<name>_test_case()`` returns the inputs of a published case; ``<name>_test(fn)`` runs your
function on it and prints "✓ ..." or raises an AssertionError that says what is wrong and why.
This is a package (one module per part of the course) that re-exports every case and checker flat,
so ``import testCases; testCases.linear_forward_test(linear_forward)`` works as in the original
course; ``python -m testCases grade NOTEBOOK`` grades a learner's notebook.
"""
from . import blocks
from ._core import CheckFailed
from .blocks import *  # noqa: F401,F403
from .autograd_checks import *  # noqa: F401,F403
from . import autograd_checks

__all__ = ["CheckFailed"] + blocks.__all__
__all__ += autograd_checks.__all__
from . import calculus_checks  # noqa: E402
from .calculus_checks import *  # noqa: F401,F403,E402
__all__ += calculus_checks.__all__
from . import forward_checks  # noqa: E402
from .forward_checks import *  # noqa: F401,F403,E402
__all__ += forward_checks.__all__
from . import mlp_checks  # noqa: E402
from .mlp_checks import *  # noqa: F401,F403,E402
__all__ += mlp_checks.__all__
