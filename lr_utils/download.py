"""Fetch a missing file from the mirrors: only a verified file is ever renamed into place, the
whole download keeps to an overall deadline, and several processes may download into the same
folder at once.

Each download writes its own ``<name>.<random>.part`` file and holds a lock on it (flock) while it
lives, so the clean-up of parts left by killed downloads never removes a live one; on Windows, which
has no flock, a file another process has open cannot be deleted anyway. Two processes that both
download a file each verify their own copy and rename it into place atomically (os.replace): the
result is one whole, verified file whichever finishes last.

The deadline holds against a mirror that trickles: every receive is one system call of at most
CHUNK bytes, with the socket's timeout set to the time left, so no read outlives the deadline.
"""
import http.client
import os
import tempfile
import time
import urllib.error
import urllib.request

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

from .catalog import FILES, mirror_url
from .diagnose import diagnose

CHUNK = 16 * 1024  # bytes per receive at most
# A *.part younger than this may belong to a download that has created it but not yet locked it.
STALE_AFTER = 60  # seconds


class DownloadFailed(Exception):
    """A mirror answered, but not with a whole file of the expected size in time."""


class DeadlinePassed(DownloadFailed):
    """The overall deadline passed before the file was whole."""


class FolderNotWritable(Exception):
    """No part file can be created in the folder; .error is the OSError."""

    def __init__(self, error):
        super().__init__(str(error))
        self.error = error


class Deadline:
    """The overall limit of one download: seconds from when it is made."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def passed(self):
        return time.monotonic() >= self.end

    def wait(self, timeout):
        """Seconds one network operation may take now: timeout, cut to the time left."""
        left = self.end - time.monotonic()
        if left <= 0:
            raise DeadlinePassed(str(self))
        return min(timeout, left)

    def __str__(self):
        return f"overall deadline of {self.seconds:g} s passed"


class _Recording:
    """Mixed into urllib's HTTP(S) handlers: each connection adds its socket to self.sockets."""

    def __init__(self, sockets):
        super().__init__()
        self.sockets = sockets

    def do_open(self, http_class, req, **kwargs):
        sockets = self.sockets

        class Connection(http_class):
            def connect(self):
                super().connect()
                sockets.append(self.sock)

        return super().do_open(Connection, req, **kwargs)


class _HTTPHandler(_Recording, urllib.request.HTTPHandler):
    pass


class _HTTPSHandler(_Recording, urllib.request.HTTPSHandler):
    pass


def fetch_url(url, out, limit, deadline=None, progress=None, timeout=30):
    """Copy url into the binary file out: at most limit bytes, each network operation within
    timeout seconds and all of them before deadline (a Deadline or None); progress(bytes so far,
    limit) after each receive."""
    sockets = []
    opener = urllib.request.build_opener(_HTTPHandler(sockets), _HTTPSHandler(sockets))
    request = urllib.request.Request(url, headers={"User-Agent": "dnn-course-lr_utils"})
    total = 0
    try:
        with opener.open(request, timeout=deadline.wait(timeout) if deadline else timeout) as response:
            announced = response.headers.get("Content-Length")
            while True:
                wait = deadline.wait(timeout) if deadline else timeout
                for sock in sockets[-1:]:  # the last connection is the one after any redirects
                    _set_timeout(sock, wait)
                chunk = response.read1(CHUNK)  # one receive: returns as soon as any bytes arrive
                if not chunk:
                    break
                total += len(chunk)
                if total > limit:
                    raise DownloadFailed(f"larger than the expected {limit:,} bytes")
                out.write(chunk)
                if progress:
                    progress(total, limit)
    except (DeadlinePassed, TimeoutError, urllib.error.URLError) as err:
        # A receive cut short by the time left is the deadline, not the mirror's per-operation timeout.
        if deadline and deadline.passed() and not isinstance(err, urllib.error.HTTPError):
            raise DeadlinePassed(f"{deadline} ({total:,} of {limit:,} bytes)") from None
        raise
    if announced and announced.isdigit() and total < int(announced):
        raise DownloadFailed(f"connection closed early: {total:,} of {int(announced):,} bytes")


def _set_timeout(sock, seconds):
    try:
        sock.settimeout(seconds)
    except OSError:  # closed once the whole body was read
        pass


def network_reason(err, timeout):
    """One line saying why a mirror failed."""
    if isinstance(err, urllib.error.HTTPError):
        return f"HTTP {err.code} {err.reason}"
    if isinstance(err, urllib.error.URLError) and not isinstance(err.reason, TimeoutError):
        return f"network error: {err.reason}"
    if isinstance(err, (TimeoutError, urllib.error.URLError)):
        return f"timed out after {timeout:g} s"
    if isinstance(err, DownloadFailed):
        return str(err)
    if isinstance(err, http.client.IncompleteRead):
        return f"connection closed early ({len(err.partial):,} bytes received)"
    return f"{type(err).__name__}: {err}"


def progress_reporter(report):
    """A progress callback that reports every 25 % of a file."""
    shown = [0]

    def progress(done, total):
        step = min(4, done * 4 // max(total, 1))
        if step > shown[0]:
            shown[0] = step
            report(f"  … {done * 100 // max(total, 1)}%（{done:,} / {total:,} 字节 bytes）")
    return progress


def _new_part(folder, name):
    """(binary file, path) of a new part file, locked for as long as it stays open."""
    try:
        fd, path = tempfile.mkstemp(dir=folder, prefix=name + ".", suffix=".part")
    except OSError as err:
        raise FolderNotWritable(err) from None
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # a file system without locks (some network mounts): the age rule remains
            pass
    return os.fdopen(fd, "wb"), folder / os.path.basename(path)


def _remove_if_abandoned(part):
    """Delete part if it is old enough and no live download holds it."""
    try:
        if time.time() - part.stat().st_mtime < STALE_AFTER:
            return
        if fcntl is None:
            part.unlink()  # Windows refuses while a live download has it open
            return
        with open(part, "rb") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError: a live download holds it
            part.unlink()
    except OSError:
        pass


def remove_stale_parts(folder):
    """Delete the *.part files of the course's files left behind by downloads that were killed."""
    for name in FILES:
        for part in folder.glob(name + ".*.part"):
            _remove_if_abandoned(part)


def _publish(out, part, target, expected, course):
    """Close the verified part and rename it to target. POSIX renames it while still locked, so no
    clean-up can take it in between; Windows cannot rename an open file, nor replace a target that
    another process has open (fine when that process put the same verified file there)."""
    os.chmod(part, 0o644)
    try:
        if fcntl is not None:
            with out:
                os.replace(part, target)
        else:
            out.close()
            os.replace(part, target)
    except OSError:
        if not already_there(target, expected, course):
            raise


def download(expected, folder, mirrors, course, report, deadline, timeout):
    """Fetch expected.name into folder from the first mirror that serves the right bytes.
    None on success, else [(mirror, reason), ...]; FolderNotWritable when no part file can be made.
    The part file is removed whatever happens."""
    name, target = expected.name, folder / expected.name
    if not mirrors:
        return [("MIRRORS / DNN_MIRRORS", "no mirror to download from (the list is empty)")]
    failures = []
    for template in mirrors:
        url = mirror_url(template, name)
        if deadline.passed():
            failures.append((url, f"not tried: the {deadline}"))
            break
        out, part = _new_part(folder, name)
        try:
            with out:
                report(f"下载 (download) {name} ← {url}")
                fetch_url(url, out, expected.size, deadline=deadline,
                          progress=progress_reporter(report), timeout=timeout)
                out.flush()
                os.fsync(out.fileno())
                problem = diagnose(part, expected, course)
                if problem is None:
                    _publish(out, part, target, expected, course)
            if problem is None:
                report(f"  ✓ 已下载并通过校验 (downloaded, SHA-256 ok)：{target}")
                return None
            failures.append((url, problem.reason))
        except (OSError, ValueError, http.client.HTTPException, DownloadFailed) as err:
            failures.append((url, network_reason(err, timeout)))
        finally:
            if os.path.exists(part):
                os.remove(part)
        report(f"  ✗ {failures[-1][1]}")
    return failures


def already_there(target, expected, course):
    """True when target is the verified course file (put there by another process)."""
    return target.is_file() and diagnose(target, expected, course) is None
