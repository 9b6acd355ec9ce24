"""The grader: ``python -m testCases grade`` (one notebook for a learner, a folder for an instructor).

One job per module, imported in this order (no cycles): protocol (statuses, outcomes, results),
notebook (reading cells), manifest (the course: exercises, checks, points; course.json), plan and
judge (pure decisions), inkernel (runs inside the kernel; loaded there by path), kernel (running
cells), limits and sandbox (bubblewrap per submission), runner (one notebook), report (table, CSV,
JSON, Markdown, HTML), batch (many notebooks), cli (argparse). See docs/grading.md."""
from .protocol import DEFAULT_TIMEOUT, GradingError, Outcome, Report, Result, Status
from .runner import grade

__all__ = ["DEFAULT_TIMEOUT", "GradingError", "Outcome", "Report", "Result", "Status", "grade"]
