"""A python3 kernel to grade in: run a cell with a time limit and an output cap, run a course check
through the in-kernel code, recover after a timeout. How the kernel process is started (plain, or
in a sandbox) is a launcher's job: LocalLauncher here, sandbox.SandboxLauncher for batch mode."""
import ast
import json
import queue
import re
import secrets
import subprocess
import time
from pathlib import Path

from .protocol import DEFAULT_TIMEOUT, Outcome

OUTPUT_CAP = 4 * 2**20      # characters of printed output kept per cell; the rest is counted, not kept
# What the grader's sockets accept: a bigger message drops the connection (zmq reconnects), and
# at most RECEIVE_QUEUE messages wait, so memory does not grow with what a notebook prints.
MAX_MESSAGE = 16 * 2**20
RECEIVE_QUEUE = 8
MESSAGE_CAP = 20000         # characters kept of an error message
INKERNEL = Path(__file__).resolve().parent / "inkernel.py"
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")
# Binds the in-kernel module to a private name; loaded by path so a notebook's sys.modules cannot
# hand us another one.
BOOT = """def _dnn_boot(path):
    import importlib.util
    spec = importlib.util.spec_from_file_location("_dnn_grader_inkernel", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
{name} = _dnn_boot({path!r})
del _dnn_boot
{name}.cap_output({cap})
{name}.quiet_figures()"""
# The kernel keeps no command history (an sqlite file per kernel, written at every cell).
KERNEL_ARGS = ["--HistoryManager.enabled=False"]
TRUNCATED_MARK = "output truncated by the grader"


class LocalLauncher:
    """A kernel of this interpreter started by jupyter_client in a folder (self-grading)."""

    def __init__(self, cwd, env=None, kernel_name="python3"):
        self.cwd, self.env, self.kernel_name = str(cwd), env, kernel_name
        self.km = None

    def start(self):
        from jupyter_client import KernelManager
        self.km = KernelManager(kernel_name=self.kernel_name)
        extra = {"env": self.env} if self.env is not None else {}
        # The kernel's own stderr (debugger warnings) would clutter the learner's terminal.
        self.km.start_kernel(cwd=self.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             extra_arguments=KERNEL_ARGS, **extra)

    def client(self, **kwargs):
        return self.km.client(**kwargs)

    def is_alive(self):
        return self.km is not None and self.km.is_alive()

    def interrupt(self):
        self.km.interrupt_kernel()

    def restart(self):
        self.km.restart_kernel(now=True)

    def stop(self):
        if self.km is not None and self.km.has_kernel:
            self.km.shutdown_kernel(now=True)


class _Capped:
    """Printed text up to cap characters; beyond that only the count is kept."""

    def __init__(self, cap):
        self.cap, self.parts, self.size, self.dropped = cap, [], 0, 0

    def add(self, text):
        room = self.cap - self.size
        if room > 0:
            self.parts.append(text[:room])
            self.size += min(len(text), room)
        self.dropped += max(0, len(text) - max(room, 0))

    def text(self):
        return "".join(self.parts)

    def truncated(self):
        """Characters dropped here, or 1 if the kernel's own cap cut the output (count unknown)."""
        return self.dropped or int(any(TRUNCATED_MARK in part for part in self.parts[-2:]))


def strip_ansi(text):
    return ANSI.sub("", text)


class Kernel:
    """A kernel: ``with Kernel(folder) as k: k.run(code)``; folder is a local kernel's working
    folder, or give a launcher (LocalLauncher, sandbox.SandboxLauncher)."""

    def __init__(self, launcher, output_cap=OUTPUT_CAP, startup_timeout=60):
        if isinstance(launcher, (str, Path)):
            launcher = LocalLauncher(launcher)
        self.launcher, self.output_cap, self.startup_timeout = launcher, output_cap, startup_timeout
        self.kc, self.name, self.abandoned = None, None, False

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def start(self):
        try:
            self.launcher.start()
            self._connect()
        except RuntimeError as err:     # the kernel died starting: say what it printed, if anything
            log = getattr(self.launcher, "log_text", lambda: "")()
            self.close()
            raise RuntimeError(f"{err} {log}".strip()) from None
        except BaseException:
            self.close()
            raise

    def abandon(self):
        """Stop the kernel from another thread (Ctrl-C): the cell running ends as "dead", no restart."""
        self.abandoned = True
        self.launcher.stop()

    def close(self):
        self._disconnect()
        self.launcher.stop()

    def _disconnect(self):
        if self.kc is not None:
            self.kc.stop_channels()
            self.kc.context.destroy(linger=0)
            self.kc = None

    def _connect(self):
        import zmq
        context = zmq.Context()
        context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE)
        context.setsockopt(zmq.RCVHWM, RECEIVE_QUEUE)
        self.kc = self.launcher.client(context=context)
        # No heartbeat: liveness is the process's (a heartbeat missed on a busy machine is not death).
        self.kc.start_channels(stdin=False, hb=False)
        self._wait_ready(self.startup_timeout)
        self.name = "_dnn_grader_" + secrets.token_hex(6)
        boot = self.run(BOOT.format(name=self.name, path=str(INKERNEL), cap=self.output_cap - 4096),
                        timeout=self.startup_timeout, silent=True)
        if not boot.ok:
            raise RuntimeError(f"评分代码无法载入内核：{boot.ename}: {boot.evalue}")

    def _wait_ready(self, timeout):
        """Ask for kernel_info until the kernel answers; RuntimeError if it exits or never does."""
        deadline = time.monotonic() + timeout
        while True:
            msg_id = self.kc.kernel_info()
            if self._reply(msg_id, 1.0) is not None:
                break
            if not self.launcher.is_alive():
                raise RuntimeError("内核启动时退出了 (kernel died while starting)")
            if time.monotonic() > deadline:
                raise RuntimeError(f"内核 {timeout:g} 秒内没有启动 (kernel did not start)")
        while True:     # what it published while starting belongs to no cell
            try:
                self.kc.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                return

    def run(self, code, timeout=DEFAULT_TIMEOUT, silent=False):
        """Execute code as one cell; an Outcome, never an exception for the learner's errors."""
        return self._execute(code, timeout, silent=silent)[0]

    def _execute(self, code, timeout, user_expressions=None, silent=False):
        """(Outcome, user_expressions of the reply). A dead kernel is noticed within a second."""
        msg_id = self.kc.execute(code, silent=silent, store_history=not silent,
                                 user_expressions=user_expressions or {}, allow_stdin=False,
                                 stop_on_error=False)
        out, errors = _Capped(self.output_cap), []
        deadline = time.monotonic() + timeout
        reply, idle, replied_at = None, False, None
        while reply is None or not idle:
            left = deadline - time.monotonic()
            if left <= 0:
                return self._lost(out, "timeout"), {}
            if idle:
                reply = self._reply(msg_id, left)
                continue
            try:
                msg = self.kc.get_iopub_msg(timeout=min(0.5, left))
            except queue.Empty:
                if not self.launcher.is_alive():
                    return self._lost(out, "dead"), {}
                # The idle message can be lost when output floods the channel: a reply that came
                # a second ago ends the cell too.
                if reply is None:
                    reply = self._reply(msg_id, 0)
                    replied_at = time.monotonic() if reply else None
                idle = reply is not None and time.monotonic() - replied_at > 1
                continue
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                out.add(content.get("text", ""))
            elif kind == "error":
                errors.append(content)
            elif kind == "status" and content.get("execution_state") == "idle":
                idle = True
        return self._outcome(reply["content"], errors, out), reply["content"].get("user_expressions", {})

    def _reply(self, msg_id, timeout):
        """The shell reply to msg_id, or None if it has not come within timeout."""
        end = time.monotonic() + timeout
        while True:
            try:
                reply = self.kc.get_shell_msg(timeout=max(0.0, end - time.monotonic()))
            except queue.Empty:
                return None
            if reply.get("parent_header", {}).get("msg_id") == msg_id:
                return reply

    def _lost(self, out, status):
        status = "timeout" if status == "timeout" and self.launcher.is_alive() else "dead"
        return Outcome(status, stdout=out.text(), truncated=out.truncated())

    def _outcome(self, content, errors, out):
        if content.get("status") == "aborted":
            return Outcome("error", "Aborted", "请求被内核放弃 (aborted after an interrupt)")
        if content.get("status") == "ok":
            return Outcome("ok", stdout=out.text(), truncated=out.truncated())
        err = errors[-1] if errors else content
        evalue = str(err.get("evalue", ""))
        return Outcome("error", str(err.get("ename", ""))[:200], evalue[:MESSAGE_CAP],
                       [strip_ansi(str(line))[:2000] for line in err.get("traceback", [])[-8:]],
                       out.text(), out.truncated())

    def _call(self, call, token, timeout):
        """Run a call of the in-kernel module that stores a result under token; (Outcome, dict)."""
        outcome, expressions = self._execute(f"{self.name}.{call}", timeout,
                                             user_expressions={"r": f"{self.name}.take({token!r})"})
        value = expressions.get("r", {})
        if outcome.status != "ok" or value.get("status") != "ok":
            return outcome, None
        try:
            return outcome, json.loads(ast.literal_eval(value["data"]["text/plain"]))
        except (KeyError, ValueError, SyntaxError, TypeError):
            return outcome, None

    def check(self, checker, names, root, timeout=DEFAULT_TIMEOUT):
        """Run testCases.<checker>(*names) through the in-kernel code: an Outcome."""
        token = secrets.token_hex(8)
        outcome, got = self._call(f"run_check({token!r}, {root!r}, {checker!r}, {names!r})", token, timeout)
        if outcome.status in ("timeout", "dead"):
            return outcome
        if got is None:
            return Outcome("error", "GraderError", "评分代码没有给出结果：笔记本是否删除或改动了评分器的"
                           f"内核代码？({outcome.ename}: {outcome.evalue})".strip(), stdout=outcome.stdout,
                           truncated=outcome.truncated)
        return _with(Outcome(got["status"], stdout=outcome.stdout, truncated=outcome.truncated), got)

    def explain(self, outcome, root, timeout=10):
        """Fill an error Outcome with what the exception carries (hint id, notes, frames)."""
        if outcome.status != "error" or outcome.ename in ("GraderError", "Aborted"):
            return outcome
        token = secrets.token_hex(8)
        _, got = self._call(f"describe_last({token!r}, {root!r})", token, timeout)
        if got and got.get("ename") == outcome.ename:
            _with(outcome, got, keep_message=True)
        return outcome

    def warm(self, root, timeout=60):
        """Import the course's own checkers now (a kernel started ahead of its notebook)."""
        return self.run(f"{self.name}.warm({root!r})", timeout=timeout, silent=True)

    def recover(self, probe_timeout=10):
        """After a timeout: interrupt; True if the kernel answers again with its state kept.
        Otherwise restart it (state lost) and return False."""
        if self.abandoned:
            return False
        if self.launcher.is_alive():
            self.launcher.interrupt()
            deadline = time.monotonic() + probe_timeout
            # A request queued behind the interrupted one may come back "aborted": ask again.
            while (left := deadline - time.monotonic()) > 0:
                probe = self.run("None", timeout=left)
                if probe.ok:
                    return True
                if probe.ename != "Aborted":
                    break
        self._disconnect()
        self.launcher.restart()
        self._connect()
        return False


def _with(outcome, got, keep_message=False):
    """outcome with the fields of an in-kernel description got (message kept if keep_message)."""
    if not keep_message:
        outcome.ename, outcome.evalue = got.get("ename", ""), got.get("evalue", "")
    outcome.hint_id, outcome.hint = got.get("hint_id"), got.get("hint")
    outcome.notes = list(got.get("notes") or [])
    outcome.traceback = list(got.get("traceback") or []) or outcome.traceback
    outcome.raised_in = got.get("raised_in")
    return outcome
