"""What to run for a learner's notebook, decided from the course manifest alone (pure, no kernel).

Every code cell runs in the learner's order. A cell whose grade_id is a course exercise's solution
runs as that exercise's answer; a course check cell runs as the course's own source (an edited one
is replaced, a deleted one is put back after its exercise, or at the end for a check of several
exercises). Graded cells the learner added (any other grade_id, whatever their points) run as
ordinary code and are listed as not part of the course: only the manifest gives points."""
from dataclasses import dataclass, field

from .notebook import code_cells, grade_id_of, is_check, is_solution, source_of
from .protocol import Result, Status

RESTORED = "检查单元格被删除了，已用原始检查代替 (check cell deleted; original used)"
EDITED = "检查单元格被改动过，已用原始检查 (check cell was edited; original used)"
SOLUTION_GONE = "练习单元格不见了（被删除，或其 nbgrader 元数据丢失）"
BOTH_GONE = ("练习单元格和检查单元格都不见了（被删除，或 nbgrader 元数据丢失），记 0 分 "
             "(exercise deleted: 0 points)")


@dataclass
class Step:
    """One cell to run: kind "solution" | "check" | "other"; exercise is the exercise id."""
    code: str
    kind: str
    exercise: str = None
    note: str = None
    cell: int = None        # 1-based number among the learner's code cells (None: put back by us)


@dataclass
class Plan:
    steps: list = field(default_factory=list)
    results: list = field(default_factory=list)    # one Result per course exercise, course order
    foreign: list = field(default_factory=list)    # grade_ids of graded cells not in the course


def make_plan(nb, course_nb):
    """The Plan for notebook nb graded against course_nb (a manifest.CourseNotebook)."""
    exercises = course_nb.exercises
    by_solution = {e.solution: e for e in exercises if e.solution}
    by_check = {e.check: e for e in exercises if e.check}
    cells = code_cells(nb)
    present_solutions = {grade_id_of(c) for c in cells if is_solution(c) and grade_id_of(c) in by_solution}
    present_checks = {grade_id_of(c) for c in cells if is_check(c) and grade_id_of(c) in by_check}
    plan = Plan(results=[Result(e.id, e.function, e.points) for e in exercises])
    results = {r.exercise: r for r in plan.results}

    for number, cell in enumerate(cells, start=1):
        gid, code = grade_id_of(cell), source_of(cell)
        if is_solution(cell) and gid in by_solution:
            e = by_solution[gid]
            plan.steps.append(Step(code, "solution", e.id, cell=number))
            if e.check and e.check not in present_checks:
                plan.steps.append(Step(e.check_source, "check", e.id, RESTORED))
                present_checks.add(e.check)
        elif is_check(cell) and gid in by_check:
            e = by_check[gid]
            note = EDITED if code.strip() != e.check_source.strip() else None
            plan.steps.append(Step(e.check_source, "check", e.id, note, cell=number))
        else:
            if is_solution(cell) or is_check(cell):
                plan.foreign.append(gid)
            plan.steps.append(Step(code, "other", cell=number))

    for e in exercises:
        result = results[e.id]
        if e.check is None:
            result.status = Status.MISSING
            result.message = f"找不到这个练习的检查单元格（例如 grade_id '{e.id}_check'）"
        elif e.solution is None:        # a check of earlier exercises: put back at the end
            if e.check not in present_checks:
                plan.steps.append(Step(e.check_source, "check", e.id, RESTORED))
        elif e.solution not in present_solutions:
            if e.check in present_checks:
                result.notes.append(SOLUTION_GONE)
            else:
                result.status, result.message = Status.MISSING, BOTH_GONE
    return plan
