"""testCases: fixed-seed test cases and checkers with feedback for every exercise of the course.

``<name>_test_case()`` returns the inputs of a published case; ``<name>_test(fn)`` runs your
function on it and prints "✓ ..." or raises an AssertionError that says what is wrong and why.
This is a package (one module per part of the course) that re-exports every case and checker flat,
so ``import testCases; testCases.linear_forward_test(linear_forward)`` works as in the original
course; ``python -m testCases grade NOTEBOOK`` grades a learner's notebook.

Modules: forward_checks (notebooks 00-04), blocks (the graded building blocks of 05, 11, 12),
calculus_checks (05-06), autograd_checks (07), mlp_checks (08-10); _core is the checker toolkit,
hints the registry of every hint (id -> text, ``hints.text_of``), variants the usual mistakes
computed for diagnosis, crashes the causes of exceptions in learner code, own_work the watch that
fails a function using its own exercise's reference; ``show(fn)`` prints your values on the
published case.
"""
from . import autograd_checks, blocks, calculus_checks, forward_checks, mlp_checks
from ._core import CheckFailed, show
from .autograd_checks import *  # noqa: F401,F403
from .blocks import *  # noqa: F401,F403
from .calculus_checks import *  # noqa: F401,F403
from .forward_checks import *  # noqa: F401,F403
from .mlp_checks import *  # noqa: F401,F403

__all__ = (["CheckFailed", "show"] + forward_checks.__all__ + blocks.__all__ + calculus_checks.__all__
           + autograd_checks.__all__ + mlp_checks.__all__)
