"""Older name of the grader (``testCases.grading``): the same functions, now in testCases.grader."""
from .grader.cli import main
from .grader.kernel import Kernel, LocalLauncher
from .grader.notebook import exercises_of, graded_items, is_check, is_solution, load_notebook
from .grader.protocol import DEFAULT_TIMEOUT, GradingError, Outcome, Report, Result, Status
from .grader.report import format_report
from .grader.runner import grade

PASSED, UNFINISHED, FAILED, ERROR, TIMEOUT, NOT_RUN, MISSING = (
    Status.PASSED, Status.UNFINISHED, Status.FAILED, Status.ERROR, Status.TIMEOUT, Status.NOT_RUN, Status.MISSING)

__all__ = ["main", "grade", "format_report", "load_notebook", "exercises_of", "graded_items", "is_check",
           "is_solution", "Kernel", "LocalLauncher", "Outcome", "Report", "Result", "GradingError",
           "DEFAULT_TIMEOUT", "PASSED", "UNFINISHED", "FAILED", "ERROR", "TIMEOUT", "NOT_RUN", "MISSING"]
