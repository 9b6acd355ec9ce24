"""Fixtures of the browser test: one JupyterLab server and one headless Chromium per session.

Run with `make test-browser` (or `pytest tests/browser`); `make test` (pytest tests) leaves this
folder out, because it needs Chromium, a CJK font and Playwright.

Environment:
  DNN_BROWSER_NOTEBOOKS  notebooks to test instead of notebooks/*.ipynb (globs, ':'-separated)
  DNN_CHROMIUM           the browser binary (default /usr/bin/chromium; Playwright never downloads one)
  DNN_BROWSER_TIMEOUT    seconds to run one notebook (default 120, data notebooks 360)
  DNN_DATASETS           passed on to the kernels (made absolute: kernels run in the notebook's folder)
"""
import atexit
import os
import signal
from pathlib import Path

import pytest

from nbfiles import notebook_paths

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CHROMIUM = os.environ.get("DNN_CHROMIUM", "/usr/bin/chromium")
# Flags for a closed network: no background fetches, no first-run, no GPU, no sandbox (root in CI).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


def _asked_for_browser_tests(config):
    """True when the command line names this folder (or a file in it)."""
    for arg in config.args:
        path = Path(str(arg).split("::")[0]).resolve()
        if path == HERE or HERE in path.parents:
            return True
    return False


def pytest_ignore_collect(collection_path, config):
    if collection_path.suffix == ".py" and collection_path.name.startswith("test_") \
            and HERE in collection_path.parents and not _asked_for_browser_tests(config):
        return True
    return None


def pytest_generate_tests(metafunc):
    if "notebook" in metafunc.fixturenames:
        paths = notebook_paths()
        metafunc.parametrize("notebook", paths, ids=[p.name for p in paths])


@pytest.fixture(scope="session")
def notebook_root():
    """The folder the server serves: the common parent of the notebooks under test."""
    paths = notebook_paths()
    if not paths:
        return ROOT / "notebooks"
    return Path(os.path.commonpath([str(p.parent) for p in paths]))


@pytest.fixture(scope="session")
def data_problem():
    """None when the cat dataset loads, else a one-line reason (tests/data_status.py)."""
    from data_status import data_problem as problem  # tests/ is on sys.path via tests/conftest.py
    return problem()


@pytest.fixture(scope="session")
def screenshot_dir():
    folder = Path(os.environ.get("DNN_SCREENSHOTS", ROOT / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


_INTERRUPTED = []  # the signal that stopped the run, if any


def _stop_on_signal(server):
    """Signal handler: stop the server and its kernels first (by pid), then interrupt.

    The KeyboardInterrupt may surface inside Playwright's event loop and get lost there, so the
    server is stopped right away and every later fixture setup ends the session (pytest.exit).
    """
    def handler(signum, frame):
        _INTERRUPTED.append(signum)
        server.stop()
        raise KeyboardInterrupt(f"signal {signal.Signals(signum).name}")
    return handler


@pytest.fixture(scope="session")
def lab(notebook_root):
    """JupyterLab on 127.0.0.1 (random port, token); stopped with its kernels however we exit."""
    from lab_server import LabServer

    env = dict(os.environ)
    if env.get("DNN_DATASETS"):
        env["DNN_DATASETS"] = str(Path(env["DNN_DATASETS"]).resolve())
    env.pop("DNN_BROWSER_NOTEBOOKS", None)
    server = LabServer(notebook_root, env=env)
    # Ctrl-C, SIGTERM and SIGHUP stop the server at once; the finally below and atexit are the
    # nets for everything else. A signal that was ignored when we started stays ignored.
    old = {}
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(sig) is not signal.SIG_IGN:
            old[sig] = signal.signal(sig, _stop_on_signal(server))
    atexit.register(server.stop)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        atexit.unregister(server.stop)
        for sig, handler in old.items():
            signal.signal(sig, handler)
        left = server.leftover_pids()
        if left:
            print(f"\nprocesses of the jupyter server still alive after shutdown: {left}")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (no browser download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium "
                    "(apt-get install chromium fonts-wqy-microhei), or set DNN_CHROMIUM")
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        # Playwright passes its own user-data-dir: a new empty temporary profile per launch.
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        pw.stop()


@pytest.fixture
def page(browser):
    """A fresh tab for one notebook; large enough that a notebook reads like on a laptop."""
    if _INTERRUPTED:
        pytest.exit(f"interrupted by signal {_INTERRUPTED[0]}; server and kernels stopped", returncode=2)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        yield context.new_page()
    finally:
        context.close()
