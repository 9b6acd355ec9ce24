"""The batch grader's HTML class report in Chromium (issue 20): every hint id shown has its text,
nothing overlaps (table cells, the chart, the page width), and the chart's legend sits outside the
plotted bars (checked on the pixels Chromium drew). A screenshot goes to screenshots/report.png.

The report is made from rows as the grader writes them, for a class of 30 with the course's real
exercises and hint ids (no kernels needed)."""
import io
import random
from pathlib import Path

from testCases import hints
from testCases.grader import manifest, report
from testCases.grader.protocol import Report, Result, Status


def class_rows():
    """Rows of 30 students over notebooks 05 and 06: passes, blanks, wrong answers with the
    checkers' own hint ids, errors; one notebook that could not be graded."""
    rng = random.Random(7)
    course = {c.file: c for c in manifest.packaged().notebooks}
    rows = []
    for student in range(30):
        for file in ("05_building_blocks.ipynb", "06_backprop_math.ipynb"):
            results = []
            for exercise in course[file].exercises:
                own = sorted(h for h in hints.HINTS if h.startswith(exercise.id + ".") or
                             h.startswith(exercise.function.split(" ")[0] + "."))
                status = rng.choice([Status.PASSED] * 3 + [Status.UNFINISHED, Status.FAILED, Status.ERROR])
                hint_id = {Status.UNFINISHED: f"{exercise.id}.not_done",
                           Status.FAILED: rng.choice(own) if own else f"{exercise.id}.wrong_value",
                           Status.ERROR: f"{exercise.id}.not_finite"}.get(status)
                results.append(Result(exercise.id, exercise.function, exercise.points, status,
                                      "说明 (message)", hint_id=hint_id))
            rows += report.rows_of(Report(Path(f"submissions/学员{student:02d}_{file}"), file, results))
    rows.append(report.error_row("submissions/broken.ipynb", "不是有效的 Jupyter 笔记本"))
    return rows


def test_class_report_in_chromium(browser, tmp_path, screenshot_dir):
    path = tmp_path / "class.html"
    path.write_text(report.html_report(class_rows()), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        page.screenshot(path=str(screenshot_dir / "report.png"), full_page=True)

        # every hint id has its text
        shown = page.eval_on_selector_all(".hint", "els => els.map(e => [e.querySelector('.hint-id').textContent, "
                                                   "e.querySelector('.hint-text').textContent])")
        assert shown, "no hints in the report"
        missing = [hid for hid, text in shown if not text.strip() or text == "（没有说明）"]
        assert not missing, f"hint ids without text: {missing}"

        # the page is as wide as the window; cells of a row do not overlap; rows do not overlap
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        overlaps = page.evaluate("""() => {
            const bad = [];
            const boxes = (els) => Array.from(els).map(e => e.getBoundingClientRect());
            const hit = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
            for (const table of document.querySelectorAll('table')) {
                const rows = Array.from(table.rows);
                rows.forEach((row, i) => {
                    const cells = boxes(row.cells);
                    for (let a = 0; a < cells.length; a++)
                        for (let b = a + 1; b < cells.length; b++)
                            if (hit(cells[a], cells[b])) bad.push(`${table.id} row ${i} cells ${a}/${b}`);
                    if (i > 0 && hit(rows[i - 1].getBoundingClientRect(), row.getBoundingClientRect()))
                        bad.push(`${table.id} rows ${i - 1}/${i}`);
                });
            }
            const img = document.getElementById('chart').getBoundingClientRect();
            for (const table of document.querySelectorAll('table'))
                if (hit(img, table.getBoundingClientRect())) bad.push(`chart/${table.id}`);
            return bad;
        }""")
        assert not overlaps, overlaps
        assert page.evaluate("document.getElementById('chart').naturalWidth") > 0
        students = page.evaluate("document.querySelectorAll('#students tr').length")
        assert students == 1 + 60 + 1      # header, 30 students x 2 notebooks, the broken one

        # the legend is above the axes' frame, the bars inside it: no legend pixel over a bar
        png = page.locator("#chart").screenshot()
    finally:
        context.close()
    _legend_outside_the_bars(png)


def _legend_outside_the_bars(png):
    """In the drawn chart: the top spine of the axes is the first long dark line; every pixel of
    a bar colour above it belongs to the legend, and there is no bar colour between the legend
    and the spine (the legend does not reach into the plot)."""
    from PIL import Image
    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    pixels = image.load()
    colours = [tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for _, _, c in report.GROUPS]

    def near(p, q):
        return sum(abs(a - b) for a, b in zip(p, q)) < 40

    def dark_run(y):
        run = best = 0
        for x in range(width):
            run = run + 1 if sum(pixels[x, y]) < 150 else 0
            best = max(best, run)
        return best

    spine = next(y for y in range(height) if dark_run(y) > width // 2)
    coloured_rows = [y for y in range(height) if any(near(pixels[x, y], c) for x in range(0, width, 2) for c in colours)]
    legend = [y for y in coloured_rows if y < spine]
    bars = [y for y in coloured_rows if y > spine]
    assert legend and bars, (spine, legend[:3], bars[:3])
    assert max(legend) < spine - 2 < min(bars), (max(legend), spine, min(bars))
