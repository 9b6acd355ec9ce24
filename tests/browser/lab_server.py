"""A throwaway JupyterLab server for the browser test, and its clean shutdown.

The server runs in its own process group (start_new_session) with a random token on a free
port of 127.0.0.1, and with config, settings, workspaces, checkpoints and runtime files in a
temporary folder, so nothing of the user's Jupyter setup is read or written and nothing is fetched from
the internet (no news, no update check, no extension listing). Kernels are started by the
server in sessions of their own (jupyter_client does that), so killing the server's group
would miss them: their pids are recorded while the test runs and each is stopped by pid.
"""
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

# Plugin settings that keep a test run quiet and side-effect free: no autosave (the repo's
# notebooks must not be rewritten with browser outputs), no toasts, no news, and every cell
# attached to the DOM (windowing would leave cells out of view unrendered).
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false", "checkForUpdates": False, "doNotDisturbMode": True},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/extensionmanager-extension/plugin": {"enabled": False},
}

SERVER_CONFIG = {
    "ServerApp": {"open_browser": False, "ip": "127.0.0.1", "terminals_enabled": False},
    "LabApp": {
        "news_url": None,
        "check_for_updates_class": "jupyterlab.handlers.announcements.NeverCheckForUpdate",
        "extension_manager": "readonly",
        "expose_app_in_browser": True,
    },
}


def free_port():
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _proc_stat(pid):
    """(ppid, start_time) of a live process from /proc, or None (gone or a zombie)."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2:].split()  # the command name may contain spaces
    if fields[0] in ("Z", "X"):
        return None
    return int(fields[1]), int(fields[19])


def descendants(root):
    """{pid: start_time} of every live descendant of pid root."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = _proc_stat(int(entry))
            if st:
                children.setdefault(st[0], []).append((int(entry), st[1]))
    found, todo = {}, [root]
    while todo:
        for pid, start in children.get(todo.pop(), []):
            found[pid] = start
            todo.append(pid)
    return found


def _alive(pid, start):
    """True if pid still names the same process (same start time), not a reused pid."""
    st = _proc_stat(pid)
    return st is not None and st[1] == start


def _signal_pid(pid, start, sig):
    if _alive(pid, start):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


class LabServer:
    """JupyterLab on 127.0.0.1 serving root_dir; use as a context manager."""

    def __init__(self, root_dir, env=None, log_name="jupyter-server.log", startup_timeout=90):
        self.root_dir = Path(root_dir)
        self.env = dict(os.environ if env is None else env)
        self.token = secrets.token_hex(24)
        self.port = None
        self.proc = None
        self.tmp = None
        self.log_path = None
        self.log_name = log_name
        self.startup_timeout = startup_timeout
        self.known_pids = {}  # pid -> start time of everything the server started

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def _write_config(self):
        cfg = self.tmp / "config"
        settings = self.tmp / "user-settings"
        cfg.mkdir()
        for plugin, values in LAB_SETTINGS.items():
            package, name = plugin.rsplit("/", 1)
            folder = settings / package
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{name}.jupyterlab-settings").write_text(json.dumps(values))
        config = json.loads(json.dumps(SERVER_CONFIG))
        if os.geteuid() == 0:  # CI containers run as root; jupyter refuses that by default
            config["ServerApp"]["allow_root"] = True
        config["LabApp"]["user_settings_dir"] = str(settings)
        config["LabApp"]["workspaces_dir"] = str(self.tmp / "workspaces")
        # Opening a notebook makes a checkpoint copy; keep those out of the course folders.
        config["FileCheckpoints"] = {"checkpoint_dir": str(self.tmp / "checkpoints")}
        (cfg / "jupyter_server_config.json").write_text(json.dumps(config, indent=1))
        return cfg

    def start(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="dnn-browser-lab-"))
        cfg = self._write_config()
        env = dict(self.env)
        env.update({
            "JUPYTER_CONFIG_DIR": str(cfg),
            "JUPYTER_RUNTIME_DIR": str(self.tmp / "runtime"),
            # no user-level kernelspecs or extensions: the venv's python3 kernel and lab extensions
            "JUPYTER_DATA_DIR": str(self.tmp / "data"),
            "IPYTHONDIR": str(self.tmp / "ipython"),
            "JUPYTER_PLATFORM_DIRS": "1",
            "PYTHONUNBUFFERED": "1",
        })
        jupyter = Path(sys.executable).with_name("jupyter")
        self.log_path = self.tmp / self.log_name
        for attempt in range(3):  # the free port can be taken between probe and bind
            self.port = free_port()
            cmd = [str(jupyter), "lab", "--no-browser", f"--port={self.port}",
                   "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
                   f"--ServerApp.root_dir={self.root_dir}"]
            log = open(self.log_path, "ab")
            try:
                self.proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                             stdin=subprocess.DEVNULL, start_new_session=True)
            finally:
                log.close()
            st = _proc_stat(self.proc.pid)
            self.known_pids[self.proc.pid] = st[1] if st else 0
            if self._wait_ready():
                return
            self.stop_server_group()
        raise RuntimeError(f"JupyterLab did not start; log:\n{self.log_tail()}")

    def _wait_ready(self):
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                self.api("GET", "/api/status", timeout=2)
                return True
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        return False

    def log_tail(self, n=40):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except (OSError, AttributeError):
            return "(no log)"

    def api(self, method, path, timeout=10):
        req = urllib.request.Request(self.url + path, method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def remember_children(self):
        """Record the pids of everything the server started so far (kernels)."""
        if self.proc is not None and self.proc.poll() is None:
            self.known_pids.update(descendants(self.proc.pid))

    def shutdown_sessions(self):
        """Stop every session and its kernel through the REST API (the polite way)."""
        self.remember_children()
        try:
            for session in self.api("GET", "/api/sessions"):
                self.api("DELETE", f"/api/sessions/{session['id']}", timeout=30)
        except (urllib.error.URLError, OSError, ValueError):
            pass

    def stop_server_group(self, grace=10):
        """SIGTERM the server's process group, wait, then SIGKILL it."""
        if self.proc is None:
            return
        self.remember_children()
        pgid = self.proc.pid  # start_new_session: the group id is the server's pid
        try:
            os.killpg(pgid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()

    def stop(self):
        """Sessions, then the server group, then every remembered pid still alive; idempotent."""
        try:
            if self.proc is not None and self.proc.poll() is None:
                self.shutdown_sessions()
            self.stop_server_group()
            for sig, pause in ((signal.SIGTERM, 3), (signal.SIGKILL, 0)):
                left = {p: s for p, s in self.known_pids.items() if _alive(p, s)}
                for pid, start in left.items():
                    _signal_pid(pid, start, sig)
                deadline = time.monotonic() + pause
                while left and time.monotonic() < deadline:
                    left = {p: s for p, s in left.items() if _alive(p, s)}
                    time.sleep(0.1)
        finally:
            self.proc = None
            if self.tmp is not None:
                keep = os.environ.get("DNN_BROWSER_KEEP_LOG")
                if keep and self.log_path.exists():
                    shutil.copy(self.log_path, keep)
                shutil.rmtree(self.tmp, ignore_errors=True)
                self.tmp = None

    def leftover_pids(self):
        """Pids started by the server that are still alive (should be empty after stop)."""
        return sorted(p for p, s in self.known_pids.items() if _alive(p, s))
