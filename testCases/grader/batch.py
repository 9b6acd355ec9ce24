"""Batch grading for an instructor: many notebooks, each in its own kernel (in its own sandbox by
default), ``jobs`` at a time, the next kernels started while the current notebooks run; rows
handed back as each notebook finishes; the course files fingerprinted before the batch and
checked after every submission.

    python -m testCases grade submissions/ --jobs 2 --csv grades.csv --report class.html
"""
import glob
import hashlib
import os
import queue
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .kernel import Kernel, LocalLauncher
from .notebook import load_notebook
from .plan import make_plan
from .protocol import DEFAULT_TIMEOUT, GradingError
from .report import error_row, rows_of
from .runner import COURSE_ROOT, course_for, grade
from .sandbox import Limits, PidsCgroup, SandboxLauncher, blas_env

COURSE_FILES = ("testCases", "dnn_utils", "lr_utils", "lr_utils.py")     # lr_utils: a module or a package


def expand(inputs):
    """Files, folders (their *.ipynb, checkpoints skipped) and globs -> sorted unique paths."""
    found = []
    for item in inputs:
        matches = glob.glob(item, recursive=True) if any(ch in item for ch in "*?[") else [item]
        for match in matches:
            p = Path(match)
            if p.is_dir():
                found += [q for q in sorted(p.rglob("*.ipynb")) if ".ipynb_checkpoints" not in q.parts]
            else:
                found.append(p)
    seen, unique = set(), []
    for p in found:
        if p.resolve() not in seen:
            seen.add(p.resolve())
            unique.append(p)
    return unique


def course_fingerprint(root=COURSE_ROOT):
    """{file: sha256} of the course as installed: testCases (the manifest too), dnn_utils, lr_utils."""
    root, prints = Path(root), {}
    for name in COURSE_FILES:
        path = root / name
        if path.is_file():
            files = [path]
        elif path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        else:
            continue
        for f in files:
            try:
                prints[str(f.relative_to(root))] = hashlib.sha256(f.read_bytes()).hexdigest()
            except OSError:
                prints[str(f.relative_to(root))] = "unreadable"
    return prints


def changed_files(before, after):
    """Course files added, removed or changed between two fingerprints."""
    return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


def data_dir():
    """The cat dataset folder the kernels should read (read-only in the sandbox), or None."""
    if os.environ.get("DNN_DATASETS", "").strip():
        return os.path.abspath(os.path.expanduser(os.environ["DNN_DATASETS"].strip()))
    try:
        import lr_utils
        folder = lr_utils.dataset_dir()
    except Exception:   # no data is the notebooks' business: they say so themselves
        return None
    return str(folder) if Path(folder).is_dir() else None


class KernelPool:
    """Kernels started ahead of their notebooks, in order, by one thread that lives until close():
    a sandbox is tied to the thread that started it (bwrap --die-with-parent)."""

    def __init__(self, factory, paths, ahead):
        self.factory, self.paths = factory, list(paths)
        self.ready = [queue.Queue(maxsize=1) for _ in self.paths]
        self.slots = threading.Semaphore(ahead)
        self.closed = threading.Event()
        self.thread = threading.Thread(target=self._start_all, name="kernel-pool", daemon=True)
        self.thread.start()

    def _start_all(self):
        for i, path in enumerate(self.paths):
            self.slots.acquire()
            if self.closed.is_set():
                break
            try:
                kernel = self.factory(path)
                if kernel is not None:
                    kernel.start()
                    kernel.warm(COURSE_ROOT)    # the checkers imported before the notebook needs them
            except Exception as err:    # reported by the notebook's own row
                kernel = err
            self.ready[i].put(kernel)
        self.closed.wait()

    def take(self, i):
        """The started kernel of paths[i] (None if the notebook needs none); raises its start error."""
        kernel = self.ready[i].get()
        self.slots.release()
        if isinstance(kernel, Exception):
            raise kernel
        return kernel

    def close(self):
        """Stop the kernels nobody took, then the thread."""
        self.closed.set()
        for _ in self.paths:
            self.slots.release()
        for q in self.ready:
            try:
                kernel = q.get_nowait()
            except queue.Empty:
                continue
            if isinstance(kernel, Kernel):
                kernel.close()
        self.thread.join(timeout=30)


def grade_many(paths, jobs=None, timeout=DEFAULT_TIMEOUT, source="auto", sandbox=True, limits=Limits(),
               hidden=(), on_rows=None, progress=None, on_change=None):
    """Grade each notebook in its own kernel, jobs at a time; rows in the order of paths.

    sandbox: each kernel in its own bubblewrap sandbox (hidden: more folders it must not see);
    on_rows(index, rows) is called as each notebook finishes; on_change(files) when the course
    files differ from their fingerprint after a submission. A notebook that cannot be graded
    gives one row with exercise "" and result "error"."""
    paths = [Path(p) for p in paths]
    jobs = jobs or os.cpu_count() or 1
    if source is None:
        raise ValueError("a batch is graded against the course (source 'auto') or --source, never itself")
    course = course_for(source, None, None)
    env = blas_env(jobs)
    isolation = "sandbox" if sandbox else "none"
    base = tempfile.mkdtemp(prefix="dnn-grade-") if sandbox else None
    folders = {p.resolve().parent for p in paths} | {Path(h).resolve() for h in hidden}
    data, cgroup_parent = (data_dir(), PidsCgroup.parent()) if sandbox else (None, None)

    def factory(path):
        nb = load_notebook(path)
        course_nb = course.match(nb, path)
        if course_nb is None or not make_plan(nb, course_nb).results:
            return None
        if not sandbox:
            return Kernel(LocalLauncher(path.resolve().parent, env={**os.environ, **env}))
        launcher = SandboxLauncher(base, COURSE_ROOT, limits, env, folders, data, cgroup_parent)
        launcher.place(path)
        return Kernel(launcher)

    fingerprint = course_fingerprint()
    changed = set()
    lock, interrupted = threading.Lock(), threading.Event()
    active = set()
    results = [None] * len(paths)
    pool = KernelPool(factory, paths, ahead=jobs)

    def one(i):
        path, kernel = paths[i], None
        try:
            kernel = pool.take(i)
            with lock:
                stopped = interrupted.is_set()
                if kernel is not None and not stopped:
                    active.add(kernel)
            if stopped:                 # taken after Ctrl-C: never graded (closed below)
                return []
            report = grade(path, timeout=timeout, source=course, kernel=kernel, local=False)
            rows = rows_of(report, isolation)
        except GradingError as err:
            rows = [error_row(path, str(err), isolation)]
        except Exception as err:    # one notebook's trouble must not stop the others
            rows = [error_row(path, f"评分器无法运行这个笔记本：{type(err).__name__}: {err}", isolation)]
        finally:
            if kernel is not None:
                kernel.close()
                with lock:
                    active.discard(kernel)
        if interrupted.is_set():    # stopped half-way: no rows for a notebook not fully graded
            return []
        now = changed_files(fingerprint, course_fingerprint())
        with lock:
            if set(now) - changed and on_change:
                on_change(now)
            changed.update(now)
            if changed:
                for row in rows:
                    row["course_files"] = "CHANGED"
            results[i] = rows
            if on_rows:
                on_rows(i, rows)
            if progress:
                progress(sum(r is not None for r in results), len(paths))
        return rows

    executor, futures = ThreadPoolExecutor(max_workers=jobs), []
    try:
        futures = [executor.submit(one, i) for i in range(len(paths))]
        for future in futures:
            future.result()
    except BaseException:
        with lock:
            interrupted.set()
        pool.closed.set()               # no more kernels started
        for future in futures:
            future.cancel()
        with lock:
            for kernel in list(active):     # their cells end at once: the kernel is dead
                kernel.abandon()
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
        pool.close()
        if base:
            import shutil
            shutil.rmtree(base, ignore_errors=True)
    return [row for rows in results if rows for row in rows]
