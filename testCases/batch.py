"""Older name of batch grading (``testCases.batch``): now testCases.grader.batch and .report."""
from .grader.batch import expand, grade_many
from .grader.report import exercise_stats

__all__ = ["expand", "grade_many", "exercise_stats"]
