"""Every notebook, run in JupyterLab in headless Chromium, as a learner would run it.

For each notebook: open it, Run > Run All Cells, wait until the kernel is idle, then fail on
error outputs (not on stderr), code cells that did not run, widgets that were not drawn, and
Chinese characters drawn without a glyph; move a slider in every widget that has one and
require the widget's output to change; save a screenshot to screenshots/<notebook>.png.
"""
import os
import shutil
import subprocess

import pytest

from data_status import needs_data, require_data
from lab_page import NotebookRun


def _timeout(notebook):
    default = 360 if needs_data(notebook) else 120
    return float(os.environ.get("DNN_BROWSER_TIMEOUT", default))


def test_cjk_font_installed():
    """fontconfig (which Chromium uses on Linux) knows a font with Chinese glyphs."""
    if not shutil.which("fc-list"):
        pytest.fail("fc-list not found: apt-get install fontconfig fonts-wqy-microhei")
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,
                           check=True).stdout.strip()
    assert fonts, ("no font with Chinese glyphs is installed, so Chinese text would show as boxes: "
                   "apt-get install fonts-wqy-microhei (or fonts-noto-cjk)")


def test_notebook(notebook, lab, page, notebook_root, screenshot_dir, data_problem):
    if needs_data(notebook) and data_problem:
        if require_data():
            pytest.fail(data_problem)
        pytest.skip(data_problem)
    timeout = _timeout(notebook)
    run = NotebookRun(page, lab, notebook.relative_to(notebook_root).as_posix())
    problems = []
    try:
        run.open()
        run.run_all()
        finished, state = run.wait_idle(timeout)
        if not finished:
            problems.append(f"still running after {timeout:.0f} s (kernel {state['status']}, "
                            f"{state['pending']} cell(s) pending)")
        found, _ = run.problems()
        problems += found
        found, _ = run.cjk_problems()
        problems += found
        if finished:
            found, moved = run.move_sliders()
            problems += found
            print(f"{notebook.name}: moved {moved} slider(s)")
    finally:
        try:
            run.screenshot(screenshot_dir / f"{notebook.stem}.png")
        except Exception as err:  # never hide the reason the test is failing
            problems.append(f"no screenshot: {str(err).splitlines()[0]}")
        lab.shutdown_sessions()
    if run.page_errors:
        print("JavaScript errors on the page:\n  " + "\n  ".join(run.page_errors))
    if problems:
        pytest.fail(f"{notebook.name} in JupyterLab (screenshot: {screenshot_dir / notebook.stem}.png):\n  "
                    + "\n  ".join(problems), pytrace=False)
