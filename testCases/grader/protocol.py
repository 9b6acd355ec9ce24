"""What the grader's parts hand each other: the status of an exercise (a label for people, a code
for files), the outcome of running one cell, the result of one exercise, the report of one
notebook, and the error for input that cannot be graded. No behaviour lives here."""
import enum
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_TIMEOUT = 120
NOT_DONE = ".not_done"      # a checker's hint id for a blank exercise ends with this (testCases._core)


class GradingError(Exception):
    """The input cannot be graded (missing file, not a notebook); the message is for the learner."""


class Status(enum.Enum):
    """The result of one exercise: ``.code`` goes into CSV/JSON, ``.label`` into tables."""
    PASSED = ("pass", "✓ 通过")
    UNFINISHED = ("incomplete", "… 未完成")      # not attempted: the blank is still there
    FAILED = ("fail", "✗ 未通过")               # a wrong answer
    ERROR = ("error", "✗ 出错")
    TIMEOUT = ("timeout", "⏱ 超时")
    NOT_RUN = ("not-run", "– 未运行")
    MISSING = ("missing", "✗ 缺失")

    def __init__(self, code, label):
        self.code, self.label = code, label

    def __str__(self):
        return self.label

    @classmethod
    def from_code(cls, code):
        return next(s for s in cls if s.code == code)


@dataclass
class Outcome:
    """What running one cell gave: status is "ok", "error", "timeout" or "dead".

    For an error, the in-kernel code (inkernel.describe) fills the exception's hint id and hint
    text (a CheckFailed's, or an ``err.hint_id`` a crash cause attached), its notes, the learner's
    last traceback frames, and raised_in: the function a NotImplementedError came from."""
    status: str
    ename: str = ""
    evalue: str = ""
    traceback: list = field(default_factory=list)
    stdout: str = ""
    truncated: int = 0      # bytes of output dropped beyond the per-cell cap
    hint_id: str = None
    hint: str = None
    notes: list = field(default_factory=list)
    raised_in: str = None

    @property
    def ok(self):
        return self.status == "ok"

    @property
    def not_done(self):
        """A blank exercise: the checker's not_done hint, or a NotImplementedError itself."""
        return self.ename == "NotImplementedError" or str(self.hint_id or "").endswith(NOT_DONE)


@dataclass
class Result:
    """One exercise of one notebook, named by its stable ASCII id and the function it asks for."""
    exercise: str
    function: str = ""
    max_points: float = 1
    status: Status = Status.NOT_RUN
    message: str = ""
    notes: list = field(default_factory=list)
    hint_id: str = None
    traceback: list = field(default_factory=list)   # the learner's last frames, for an error

    @property
    def passed(self):
        return self.status is Status.PASSED

    @property
    def points(self):
        return self.max_points if self.passed else 0

    @property
    def grade_id(self):     # the name tests and older callers used
        return self.exercise


@dataclass
class Report:
    """A graded notebook: results in the course's order, problems in cells outside exercises,
    graded cells that are not part of the course (ignored), and whether a sandbox was used."""
    path: Path
    course_notebook: str = None     # file name of the course notebook it was matched with
    results: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    foreign: list = field(default_factory=list)
    sandboxed: bool = False

    @property
    def all_passed(self):
        return bool(self.results) and all(r.passed for r in self.results)

    @property
    def points(self):
        return sum(r.points for r in self.results)

    @property
    def max_points(self):
        return sum(r.max_points for r in self.results)

    @property
    def source(self):       # the name older callers used for the matched course notebook
        return self.course_notebook
