"""A sandbox per submission (batch mode): the kernel runs under bubblewrap (``bwrap``).

What the kernel sees: the whole file system read-only (the Python environment and the course
included); its own /dev and /proc; a fresh RUN folder (read-write) holding only its private copy of
the notebook, its HOME and TMPDIR; /tmp, /var/tmp, /run and the grading user's HOME hidden, except
the paths Python and the course need (put back read-only); the submissions and output folders and
the other submissions' RUN folders hidden. It has no network (its own network namespace: the
grader talks to it over Unix sockets in RUN, jupyter_client's "ipc" transport), its own PID
namespace (it cannot see or signal the grader or another kernel, and everything it starts dies
with it, setsid'd processes included), its own IPC and UTS namespaces, and no capabilities.

Limits: memory (address space), processes and file size are set inside the sandbox by limits.py;
the process limit is not enforced for root, so a root grader also puts the sandbox in a pids
cgroup where one can be made (cgroup v1 ``pids`` or v2 with the pids controller)."""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .kernel import KERNEL_ARGS

INSTALL = "sudo apt-get install bubblewrap"
LIMITS = Path(__file__).resolve().parent / "limits.py"
BLAS_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
             "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")
BROAD_HIDDEN = ("/tmp", "/var/tmp", "/run", "/var/run", "/dev/shm")


@dataclass(frozen=True)
class Limits:
    """Per submission: memory in bytes (address space of each process), processes (and threads),
    size of any one file written, characters of output kept per cell."""
    memory: int = 2 * 2**30
    processes: int = 128
    file_size: int = 256 * 2**20


def unavailable():
    """None when bubblewrap works here; otherwise a Chinese message saying what to do."""
    if not sys.platform.startswith("linux"):
        return "沙箱 (sandbox) 只支持 Linux（它用 bubblewrap 和 Linux 的命名空间 namespaces）。"
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return (f"没有找到 bubblewrap (bwrap)，批量评分需要它把每份作业隔离开：请安装（Debian/Ubuntu：{INSTALL}），"
                f"或者明知风险时加 --no-sandbox。")
    probe = subprocess.run([bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--unshare-pid",
                            "--unshare-net", "--die-with-parent", "true"], capture_output=True, text=True,
                           timeout=30)
    if probe.returncode != 0:
        return (f"bubblewrap 无法创建沙箱：{probe.stderr.strip()}。通常是没有开启用户命名空间 "
                f"(user namespaces)：sudo sysctl -w kernel.unprivileged_userns_clone=1（或在容器里加 "
                f"--privileged / 允许 user namespaces），或者明知风险时加 --no-sandbox。")
    return None


def blas_env(jobs):
    """Thread counts for BLAS/OpenMP so that jobs x threads does not exceed the cores."""
    threads = max(1, (os.cpu_count() or 1) // max(1, jobs))
    return {name: str(threads) for name in BLAS_VARS}


class PidsCgroup:
    """A pids cgroup for one sandbox (root only: where RLIMIT_NPROC is not enforced)."""

    def __init__(self, path, limit):
        self.path = Path(path)
        self.path.mkdir()
        (self.path / "pids.max").write_text(str(limit))

    @staticmethod
    def parent():
        """A folder in which this process may make pids cgroups, or None."""
        if os.geteuid() != 0:
            return None
        try:
            lines = Path("/proc/self/cgroup").read_text().splitlines()
        except OSError:
            return None
        for line in lines:
            _, controllers, path = line.split(":", 2)
            base = Path("/sys/fs/cgroup/pids") if "pids" in controllers.split(",") else (
                Path("/sys/fs/cgroup") if controllers == "" else None)
            if base is None:
                continue
            folder = base / path.lstrip("/")
            if (folder / "cgroup.procs").is_file() and os.access(folder, os.W_OK) and (
                    base.name == "pids" or "pids" in _read(folder / "cgroup.subtree_control")):
                _sweep(folder)
                return folder
        return None

    def procs_file(self):
        return self.path / "cgroup.procs"

    def pids(self):
        return [int(p) for p in _read(self.procs_file()).split()]

    def remove(self, timeout=5):
        """Kill whatever is still in the cgroup and remove it."""
        deadline = time.monotonic() + timeout
        while True:
            for pid in self.pids():
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            try:
                self.path.rmdir()
                return
            except OSError:
                if time.monotonic() > deadline:
                    return
                time.sleep(0.05)


def _sweep(folder):
    """Remove the empty cgroups of graders that were killed before they could (name: the pid)."""
    for old in folder.glob("dnn-grade-*"):
        pid = old.name.split("-")[2]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            try:
                old.rmdir()
            except OSError:
                pass


def _read(path):
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _under(path, folders):
    return any(path == f or f in path.parents for f in folders)


def needed_paths(course_root, extra=()):
    """What the kernel must read: the Python installation, sys.path, the course, the data."""
    found = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix),
             Path(os.path.realpath(sys.executable)).parent.parent, Path(course_root), *map(Path, extra)}
    # sys.path[0] is the grader's working folder under `python -m`: not the kernel's business.
    cwd = os.path.realpath(os.getcwd())
    found |= {Path(p) for p in sys.path if p and os.path.realpath(p) != cwd}
    return sorted({Path(os.path.realpath(p)) for p in found if Path(p).exists()})


class SandboxLauncher:
    """Starts the kernel under bwrap in RUN = a new folder in base; one per submission."""
    sandboxed = True

    def __init__(self, base, course_root, limits=Limits(), env=None, hidden=(), data_dir=None, cgroup_parent=None):
        self.base, self.limits = Path(base), limits
        self.run_dir = Path(tempfile.mkdtemp(prefix="run-", dir=self.base))
        self.env_extra = dict(env or {})
        self.data_dir = data_dir
        self.hidden = [Path(os.path.realpath(h)) for h in hidden] + [Path(os.path.realpath(self.base))]
        self.needed = needed_paths(course_root, [data_dir] if data_dir else [])
        self.cgroup_parent = cgroup_parent
        self.proc = self.cgroup = None
        self.lock = threading.Lock()
        self.connection_file = self.run_dir / "k" / "kernel.json"
        self.reaper = None      # host pid of the sandbox's pid 1
        self.namespace = None   # the sandbox's pid namespace (inode), for tests and cleanup checks
        for sub in ("k", "home", "tmp", "work"):
            (self.run_dir / sub).mkdir()

    @property
    def work(self):
        """The kernel's working folder: it holds the private copy of the notebook only."""
        return self.run_dir / "work"

    def place(self, notebook):
        """Copy the submission into the kernel's working folder (never the original)."""
        shutil.copyfile(notebook, self.work / Path(notebook).name)

    def _env(self):
        run = self.run_dir
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(run / "home"),
               "TMPDIR": str(run / "tmp"), "XDG_CACHE_HOME": str(run / "home" / ".cache"),
               "LANG": os.environ.get("LANG", "C.UTF-8"), "MPLBACKEND": "Agg", "DNN_NO_DOWNLOAD": "1",
               "PYTHONDONTWRITEBYTECODE": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
               # glibc's per-thread malloc arenas reserve address space the memory limit counts
               "MALLOC_ARENA_MAX": "2"}
        if os.environ.get("PYTHONPATH"):
            env["PYTHONPATH"] = os.pathsep.join(os.path.abspath(p) for p in os.environ["PYTHONPATH"].split(os.pathsep) if p)
        if self.data_dir:
            env["DNN_DATASETS"] = str(self.data_dir)
        env.update(self.env_extra)
        return env

    def _seed_home(self):
        """matplotlib's font list, so a kernel that plots does not rebuild it (seconds) every time."""
        cache = self.run_dir / "home" / ".cache" / "matplotlib"
        for folder in filter(None, [os.environ.get("MPLCONFIGDIR"), os.environ.get("XDG_CACHE_HOME") and
                                    os.path.join(os.environ["XDG_CACHE_HOME"], "matplotlib"),
                                    os.path.expanduser("~/.cache/matplotlib")]):
            for font_list in Path(folder).glob("fontlist-*.json"):
                cache.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(font_list, cache / font_list.name)
            if cache.is_dir():
                return

    def command(self, info_fd):
        """The bwrap command line (without the cgroup wrapper)."""
        home = Path(os.path.realpath(os.path.expanduser("~")))
        broad = [Path(p) for p in BROAD_HIDDEN if Path(p).is_dir() and not Path(p).is_symlink()]
        if home != Path("/") and home.is_dir():
            broad.append(home)
        cmd = ["bwrap", "--die-with-parent", "--new-session", "--unshare-pid", "--unshare-net",
               "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--ro-bind", "/", "/",
               "--dev", "/dev", "--proc", "/proc"]
        for folder in _outermost(broad):
            cmd += ["--tmpfs", str(folder)]
        for path in _outermost([p for p in self.needed if _under(p, broad)]):
            cmd += ["--ro-bind", str(path), str(path)]
        for folder in _outermost([h for h in self.hidden if h.is_dir()]):
            cmd += ["--tmpfs", str(folder)]
        run = str(self.run_dir)
        cmd += ["--bind", run, run, "--chdir", str(self.work), "--clearenv"]
        for key, value in sorted(self._env().items()):
            cmd += ["--setenv", key, value]
        cmd += ["--info-fd", str(info_fd), sys.executable, str(LIMITS), "--memory", str(self.limits.memory),
                "--processes", str(self.limits.processes), "--file-size", str(self.limits.file_size), "--",
                sys.executable, "-m", "ipykernel_launcher", "-f", str(self.connection_file), *KERNEL_ARGS]
        return cmd

    def start(self):
        import secrets
        from jupyter_client.connect import write_connection_file
        self._seed_home()
        self.connection_file.unlink(missing_ok=True)
        write_connection_file(str(self.connection_file), transport="ipc", ip=str(self.run_dir / "k" / "s"),
                              key=secrets.token_hex(32).encode())
        read_end, write_end = os.pipe()
        cmd = self.command(write_end)
        if self.cgroup_parent is not None:
            self.cgroup = PidsCgroup(Path(self.cgroup_parent) / f"dnn-grade-{os.getpid()}-{self.run_dir.name}",
                                     self.limits.processes)
            # The shell joins the cgroup, then becomes bwrap: nothing runs outside it.
            cmd = ["sh", "-c", 'echo $$ > "$0" && exec "$@"', str(self.cgroup.procs_file())] + cmd
        log = open(self.run_dir.parent / f"{self.run_dir.name}.log", "wb")
        try:
            self.proc = subprocess.Popen(cmd, pass_fds=(write_end,), stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
        finally:
            os.close(write_end)
            log.close()
        with os.fdopen(read_end, "rb") as info:
            data = info.read()
        try:
            got = json.loads(data.decode() or "{}")
            self.reaper, self.namespace = got.get("child-pid"), got.get("pid-namespace")
        except ValueError:
            pass
        if self.reaper is None:
            self.stop()
            raise RuntimeError(f"沙箱没有启动：{self.log_text()}")

    def log_text(self):
        path = self.run_dir.parent / f"{self.run_dir.name}.log"
        return _read(path)[-2000:].strip() or "（没有输出）"

    def client(self, **kwargs):
        from jupyter_client import BlockingKernelClient
        kc = BlockingKernelClient(connection_file=str(self.connection_file), **kwargs)
        kc.load_connection_file()
        return kc

    def is_alive(self):
        return self.proc is not None and self.proc.poll() is None

    def kernel_pid(self):
        """Host pid of the kernel: the child of the sandbox's pid 1."""
        children = _read(f"/proc/{self.reaper}/task/{self.reaper}/children").split()
        return int(children[0]) if children else None

    def interrupt(self):
        pid = self.kernel_pid() if self.reaper else None
        if pid:
            try:
                os.kill(pid, signal.SIGINT)
            except ProcessLookupError:
                pass

    def restart(self):
        self.stop(keep_run=True)
        self.start()

    def stop(self, keep_run=False):
        """Kill the sandbox and everything in it (its pid 1 takes the namespace down). Safe to call
        twice, from two threads (Ctrl-C stops a kernel its worker is closing)."""
        with self.lock:
            proc, self.proc = self.proc, None
            cgroup, self.cgroup = self.cgroup, None
        if proc is not None:
            if proc.poll() is None:     # while bwrap lives, its pid 1 (the reaper) is ours to kill
                for pid in filter(None, [self.reaper, proc.pid]):
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
            proc.wait()
        if cgroup is not None:
            cgroup.remove()
        if not keep_run:
            shutil.rmtree(self.run_dir, ignore_errors=True)
            (self.run_dir.parent / f"{self.run_dir.name}.log").unlink(missing_ok=True)


def _outermost(paths):
    """The paths not inside another one of them, sorted (bwrap mounts them in this order)."""
    paths = sorted(set(paths))
    return [p for p in paths if not any(q != p and q in p.parents for q in paths)]
