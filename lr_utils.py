"""The cat / non-cat dataset: find it, verify it (SHA-256), download what is missing, load it.

load_dataset() -> train_x_orig (209, 64, 64, 3) uint8, train_y (1, 209) int64,
test_x_orig (50, 64, 64, 3) uint8, test_y (1, 50) int64, classes [b'non-cat', b'cat'].

The folder is, in this order: the ``path`` argument, the environment variable DNN_DATASETS, the
clone's ``datasets/`` when this file runs from a clone of the course, else a per-user cache folder
($XDG_CACHE_HOME/dnn-course or ~/.cache/dnn-course on Linux, ~/Library/Caches/dnn-course on macOS,
%LOCALAPPDATA%\\dnn-course on Windows); never site-packages, never the current directory (a
notebook's working directory changes with where Jupyter was started). The checksums ship with the
package (importlib.resources); in a clone they are datasets/SHA256SUMS, the same file.
Downloads are off with ``download=False`` or DNN_NO_DOWNLOAD=1; DNN_MIRRORS (URLs separated by
spaces, ``{name}`` = file name) replaces MIRRORS. A download stops after DOWNLOAD_DEADLINE seconds
in all and prints its progress; ``*.part`` files left by a killed download are removed next time.
Every way a file can be wrong raises its own DatasetError subclass whose message says what to do.
``python -m lr_utils [folder]`` (``make data``) fetches and checks the files.
"""
import hashlib
import http.client
import importlib.resources
import os
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import h5py
import numpy as np

__all__ = ["load_dataset", "ensure_dataset", "dataset_dir", "dataset_status", "main",
           "DatasetError", "DatasetMissing", "DatasetCorrupt", "DatasetLFSPointer",
           "DatasetHTML", "DatasetNotHDF5", "DatasetTruncated", "DatasetUnreadable",
           "DatasetWrongLayout", "DatasetHashMismatch", "MIRRORS", "FILES"]

_HERE = Path(__file__).resolve().parent
# A clone has pyproject.toml and datasets/SHA256SUMS beside this file; site-packages has neither.
IN_CLONE = (_HERE / "pyproject.toml").is_file() and (_HERE / "datasets" / "SHA256SUMS").is_file()


def user_cache_dir():
    """(folder, which convention) for the per-user data cache of an installed course."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA", "").strip()
        return (Path(base) if base else Path.home() / "AppData" / "Local") / "dnn-course", \
            "%LOCALAPPDATA%\\dnn-course (Windows)"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "dnn-course", "~/Library/Caches/dnn-course (macOS)"
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "dnn-course", "$XDG_CACHE_HOME/dnn-course"
    return Path.home() / ".cache" / "dnn-course", "~/.cache/dnn-course (XDG)"


DEFAULT_DIR = _HERE / "datasets" if IN_CLONE else None  # None: the user cache, looked up per call
# None: the clone's datasets/SHA256SUMS, else the copy shipped as package data (dnn_course_data).
SUMS_FILE = None
TRAIN, TEST = "train_catvnoncat.h5", "test_catvnoncat.h5"
FILES = (TRAIN, TEST)
SIZES = {TRAIN: 2_572_022, TEST: 616_958}
LAYOUT = {
    TRAIN: {"train_set_x": ((209, 64, 64, 3), "uint8"), "train_set_y": ((209,), "int64"),
            "list_classes": ((2,), "S7")},
    TEST: {"test_set_x": ((50, 64, 64, 3), "uint8"), "test_set_y": ((50,), "int64"),
           "list_classes": ((2,), "S7")},
}
# Byte-identical public copies, tried in order.
MIRRORS = [
    "https://raw.githubusercontent.com/ramakris/coursera-deeplearning/master/neuralnetworks/week4/datasets/{name}",
    "https://raw.githubusercontent.com/Hiren2002/Logistic-Regression/main/datasets/{name}",
    "https://raw.githubusercontent.com/guangfjy/dlcatclassifier/master/datasets/{name}",
]
TIMEOUT = 30  # seconds per network operation, per mirror
DOWNLOAD_DEADLINE = 300  # seconds for the whole download, all files and mirrors together
HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
LFS_SIGNATURE = b"version https://git-lfs"


class DatasetError(Exception):
    """The dataset cannot be used; ``reason`` is a one-line English summary."""

    def __init__(self, message, reason=None):
        super().__init__(message)
        self.reason = reason or message.splitlines()[0]


class DatasetMissing(DatasetError):
    """Files are absent and could not be downloaded."""


class DatasetCorrupt(DatasetError):
    """A file is there but is not the course's file (base of the specific cases below)."""


class DatasetLFSPointer(DatasetCorrupt):
    """A Git-LFS pointer (small text file) stands where the data should be."""


class DatasetHTML(DatasetCorrupt):
    """A saved web page stands where the data should be."""


class DatasetNotHDF5(DatasetCorrupt):
    """Some other kind of file: no HDF5 signature."""


class DatasetTruncated(DatasetCorrupt):
    """An HDF5 file shorter than the original (interrupted download or copy)."""


class DatasetUnreadable(DatasetCorrupt):
    """Full-size HDF5 file that h5py cannot read."""


class DatasetWrongLayout(DatasetCorrupt):
    """Readable HDF5 with other keys, shapes or dtypes (a re-saved variant)."""


class DatasetHashMismatch(DatasetCorrupt):
    """Right keys and shapes, but not byte-identical to the course's file."""


def dataset_dir(path=None):
    """The folder load_dataset uses: path, $DNN_DATASETS, the clone's datasets/, the user cache."""
    return _resolve(path)[0]


def _default_dir():
    """(folder, description) of the default: the clone's datasets/, else the per-user cache."""
    if DEFAULT_DIR is not None:
        return Path(DEFAULT_DIR), "默认位置 (default)：课程仓库里的 datasets/ 文件夹 (the clone's datasets/)"
    folder, convention = user_cache_dir()
    return folder, f"默认位置 (default)：每个用户的缓存文件夹 (per-user cache, {convention})"


def _resolve(path):
    if path is not None:
        if str(path).strip() == "":
            raise DatasetMissing("path 是空字符串 (empty path)：请给出数据集所在的文件夹，"
                                 "或者不传 path，使用默认位置。", reason="empty path")
        return Path(path).expanduser().absolute(), "load_dataset 的参数 path (argument)"
    env = os.environ.get("DNN_DATASETS", "").strip()
    if env:
        return Path(env).expanduser().absolute(), "环境变量 DNN_DATASETS (environment variable)"
    return _default_dir()


def _sums_text():
    """(text of SHA256SUMS, where it was read) from SUMS_FILE, the clone or the package data."""
    if SUMS_FILE is not None:
        where = Path(SUMS_FILE)
        return where.read_text(encoding="ascii"), where
    if IN_CLONE:
        where = _HERE / "datasets" / "SHA256SUMS"
        return where.read_text(encoding="ascii"), where
    resource = importlib.resources.files("dnn_course_data").joinpath("SHA256SUMS")
    return resource.read_text(encoding="ascii"), resource


def _restore_advice():
    if IN_CLONE:
        return "它是仓库的一部分：在仓库里运行 `git checkout -- datasets/SHA256SUMS` 恢复它。"
    return "它随课程的包一起安装：重新安装课程 (pip install --force-reinstall dnn-course) 恢复它。"


def _expected_hashes():
    try:
        text, where = _sums_text()
    except (OSError, ModuleNotFoundError, UnicodeDecodeError) as err:
        why = getattr(err, "strerror", None) or err
        raise DatasetError(
            f"缺少或读不了校验文件 SHA256SUMS (checksum file missing or unreadable: {why})。\n"
            f"  {_restore_advice()}", reason=f"checksum file unreadable: {why}") from None
    sums = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split()
        digest = parts[0].lower() if parts else ""
        if len(parts) != 2 or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise DatasetError(
                f"校验文件 {where} 第 {number} 行的格式不对 (malformed SHA256SUMS line {number})：\n"
                f"    {line[:100]!r}\n  每行应是 64 位十六进制哈希、空格、文件名。{_restore_advice()}",
                reason=f"malformed SHA256SUMS line {number}")
        sums[parts[1].lstrip("*")] = digest
    absent = [name for name in FILES if name not in sums]
    if absent:
        raise DatasetError(f"{where} 里没有 {', '.join(absent)} 的校验和 (checksum entry "
                           f"missing)：{_restore_advice()}")
    return {name: sums[name] for name in FILES}


def _mirrors(mirrors=None):
    if mirrors is None:
        env = os.environ.get("DNN_MIRRORS", "").split()
        mirrors = env or MIRRORS
    return list(mirrors)


def _mirror_url(template, name):
    if "{name}" in template:
        return template.replace("{name}", name)
    return template.rstrip("/") + "/" + name


def _run_hint():
    return "`python -m lr_utils`（或 `make data`）" if IN_CLONE else "`python -m lr_utils`"


def _howto(path, name):
    """Shared 'what to do' block for a bad file."""
    steps = [f"删除这个文件，然后运行 {_run_hint()}，"
             "它会重新下载原始文件并校验；",
             f"或者手动下载原始文件 (raw file)，替换 {path}：\n       {_mirror_url(MIRRORS[0], name)}"]
    return "  怎么办 (how to fix)：\n" + "\n".join(
        f"    {i}. {step}" for i, step in enumerate(steps, 1))


def _h5_error(path):
    """None when h5py reads every dataset of the file, else h5py's error text."""
    def read(_, obj):
        if isinstance(obj, h5py.Dataset):
            obj[()]  # returning a value would stop visititems early

    try:
        with h5py.File(path, "r") as f:
            f.visititems(read)
    except Exception as err:  # h5py reports damage as OSError, KeyError, RuntimeError...
        return f"{type(err).__name__}: {err}"
    return None


def _layout_problems(path, name):
    problems = []
    with h5py.File(path, "r") as f:
        for key, (shape, dtype) in LAYOUT[name].items():
            if key not in f:
                problems.append(f"缺少 {key} (missing key)")
            elif not isinstance(f[key], h5py.Dataset):
                problems.append(f"{key} 不是数据集 (not a dataset)")
            elif f[key].shape != shape:
                problems.append(f"{key} 的形状是 {f[key].shape}，应为 {shape} (shape)")
            elif f[key].dtype != np.dtype(dtype):
                problems.append(f"{key} 的类型是 {f[key].dtype}，应为 {dtype} (dtype)")
        if any(key not in f for key in LAYOUT[name]):
            problems.append(f"文件里的键 (keys in file)：{', '.join(sorted(f.keys())) or '（无）'}")
    return problems


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _diagnose(path, name, expected_hash):
    """None when path is the course's file, else the DatasetError that explains what it is.
    File signatures come before the hash, so a pointer or a web page gets its own message."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(512)
        return _diagnose_bytes(path, name, expected_hash, size, head)
    except OSError as err:  # permissions, a vanished file, an I/O error on a bad disk
        return _os_problem(path, err)


def _os_problem(path, err):
    """The DatasetUnreadable for an OSError met while reading path."""
    what = ("没有读取权限 (permission denied)" if isinstance(err, PermissionError)
            else f"读取时出错 (OS error: {err.strerror or err})")
    return DatasetUnreadable(
        f"数据集文件读不了：{what}\n  文件 (file)：{path}\n"
        f"  怎么办 (how to fix)：检查这个文件和它所在文件夹的权限 (ls -l)，或者把两个文件复制到\n"
        f"  一个你能读写的文件夹，再设置 DNN_DATASETS 指向它。",
        reason=f"cannot read {path.name}: {type(err).__name__}: {err.strerror or err}")


def _diagnose_bytes(path, name, expected_hash, size, head):
    want = SIZES[name]
    sizes = (f"{size:,} 字节 (bytes)，" +
             ("和原文件相同" if size == want else f"原文件是 {want:,} 字节"))
    where = f"  文件 (file)：{path}\n  大小 (size)：{sizes}\n"
    if head.startswith(LFS_SIGNATURE):
        return DatasetLFSPointer(
            f"数据集文件是一个 Git-LFS 指针，不是真正的数据 (Git-LFS pointer file, not HDF5 data)\n"
            f"{where}"
            f"  内容以 \"version https://git-lfs\" 开头。原因：存放它的仓库用 Git LFS (Large File\n"
            f"  Storage) 管理大文件；没装 git-lfs 时，git clone 或 \"Download ZIP\" 只得到这个约 130\n"
            f"  字节的文本“指针”，真正的数据还留在 LFS 服务器上。\n"
            f"{_howto(path, name)}\n"
            f"    3. 或者在你克隆的那个仓库里运行 `git lfs install` 和 `git lfs pull`，再复制得到的真文件。",
            reason=f"Git-LFS pointer file ({size} bytes), not the HDF5 data")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith((b"<!doctype", b"<html")):
        return DatasetHTML(
            f"数据集文件其实是一个网页 (HTML page saved instead of the HDF5 file)\n"
            f"{where}"
            f"  内容以 {head.lstrip()[:15]!r} 开头，而 HDF5 文件以字节 b'\\x89HDF' 开头。原因：多半是在\n"
            f"  浏览器里对 GitHub 的文件页面点了“另存为”，保存下来的是页面而不是文件本身。\n"
            f"{_howto(path, name)}\n"
            f"    3. 在 GitHub 上下载时，打开文件页面后点 \"Raw\" 或 \"Download raw file\" 按钮。",
            reason="HTML web page, not the HDF5 file")
    if size == 0:
        return DatasetTruncated(
            f"数据集文件是空的 (empty file, 0 bytes)\n"
            f"{where}"
            f"  原因：下载或复制在开始时就中断了。\n"
            f"{_howto(path, name)}",
            reason="empty file (0 bytes)")
    if not head.startswith(HDF5_SIGNATURE):
        return DatasetNotHDF5(
            f"数据集文件不是 HDF5 格式 (not an HDF5 file: file signature not found)\n"
            f"{where}"
            f"  开头的字节是 {head[:16]!r}，HDF5 文件应以 {HDF5_SIGNATURE!r} 开头；h5py 打开它时\n"
            f"  会报 \"file signature not found\"。这个文件可能被改名、转换过，或者下载错了东西。\n"
            f"{_howto(path, name)}",
            reason=f"not an HDF5 file (starts with {head[:16]!r})")
    got = _sha256(path)
    if got == expected_hash:
        return None
    # From here on the file is not the course's; find the most specific reason. A re-saved copy
    # can be smaller and still whole, so a short file counts as truncated only if h5py fails.
    h5_problem = _h5_error(path)
    if h5_problem and size < want:
        return DatasetTruncated(
            f"数据集文件不完整 (truncated HDF5 file)：只有原文件的 {size / want:.1%}\n"
            f"{where}"
            f"  h5py 的报错 (h5py error)：{h5_problem}\n"
            f"  原因：下载或复制在中途被打断了。\n"
            f"{_howto(path, name)}",
            reason=f"truncated: {size:,} of {want:,} bytes")
    if h5_problem:
        return DatasetUnreadable(
            f"数据集文件已损坏，h5py 读不出来 (corrupt HDF5 file)\n"
            f"{where}"
            f"  h5py 的报错 (h5py error)：{h5_problem}\n"
            f"{_howto(path, name)}",
            reason=f"corrupt HDF5 ({h5_problem})")
    layout = _layout_problems(path, name)
    if layout:
        return DatasetWrongLayout(
            f"数据集文件的结构和课程的文件不一样 (unexpected HDF5 layout: keys, shapes or dtypes differ)\n"
            f"{where}"
            + "".join(f"  - {item}\n" for item in layout) +
            f"  原因：这是别人重新保存过的版本 (re-saved variant)，不是课程用的原始文件；课程里的\n"
            f"  代价和准确率都是用原始文件算的，换了文件就对不上。\n"
            f"{_howto(path, name)}",
            reason="wrong HDF5 layout: " + "; ".join(layout))
    return DatasetHashMismatch(
        f"数据集文件和课程的文件不一致 (SHA-256 checksum mismatch)\n"
        f"{where}"
        f"  期望 (expected)：{expected_hash}\n"
        f"  实际 (got)：     {got}\n"
        f"  键和形状都对，但字节不同：多半是被重新保存过 (re-saved) 或改动过数据。为了让你的结果能和\n"
        f"  课程里的数字逐一对上，load_dataset 只接受原始文件。\n"
        f"{_howto(path, name)}\n"
        f"    3. 如果你就是想用自己的版本，请不要用 load_dataset，直接用 h5py.File 读它。",
        reason=f"SHA-256 mismatch (got {got[:12]}…)")


def _downloads_allowed(download):
    """(allowed, why not) from the argument, else DNN_NO_DOWNLOAD."""
    if download is not None:
        return bool(download), "参数 download=False"
    if os.environ.get("DNN_NO_DOWNLOAD", "") not in ("", "0"):
        return False, "环境变量 DNN_NO_DOWNLOAD=1"
    return True, None


class DownloadFailed(Exception):
    """A mirror answered, but not with a whole file of the expected size."""


def fetch_url(url, out, limit, deadline=None, progress=None):
    """Copy url into the binary file out, at most limit bytes, before time.monotonic() passes
    deadline; progress(bytes so far, limit) after each chunk (replace it to fetch differently)."""
    request = urllib.request.Request(url, headers={"User-Agent": "dnn-course-lr_utils"})
    timeout = TIMEOUT if deadline is None else max(0.1, min(TIMEOUT, deadline - time.monotonic()))
    with urllib.request.urlopen(request, timeout=timeout) as response:
        announced = response.headers.get("Content-Length")
        total = 0
        for chunk in iter(lambda: response.read(1 << 16), b""):
            total += len(chunk)
            if total > limit:
                raise DownloadFailed(f"larger than the expected {limit:,} bytes")
            out.write(chunk)
            if progress:
                progress(total, limit)
            if deadline is not None and time.monotonic() > deadline:
                raise DownloadFailed(f"overall deadline of {DOWNLOAD_DEADLINE} s passed "
                                     f"({total:,} of {limit:,} bytes)")
    if announced and announced.isdigit() and total < int(announced):
        raise DownloadFailed(f"connection closed early: {total:,} of {int(announced):,} bytes")


def _network_reason(err):
    if isinstance(err, urllib.error.HTTPError):
        return f"HTTP {err.code} {err.reason}"
    if isinstance(err, urllib.error.URLError) and not isinstance(err.reason, TimeoutError):
        return f"network error: {err.reason}"
    if isinstance(err, (TimeoutError, urllib.error.URLError)):
        return f"timed out after {TIMEOUT} s"
    if isinstance(err, DownloadFailed):
        return str(err)
    if isinstance(err, http.client.IncompleteRead):
        return f"connection closed early ({len(err.partial):,} bytes received)"
    return f"{type(err).__name__}: {err}"


def _progress(report):
    """A progress callback that reports every 25 % of a file."""
    shown = [0]

    def progress(done, total):
        step = min(4, done * 4 // max(total, 1))
        if step > shown[0]:
            shown[0] = step
            report(f"  … {done * 100 // max(total, 1)}%（{done:,} / {total:,} 字节 bytes）")
    return progress


def _remove_stale_parts(folder):
    """Delete *.part files of the course's files left by a download that was killed."""
    for name in FILES:
        for part in folder.glob(name + ".*.part"):
            try:
                part.unlink()
            except OSError:
                pass


def _download(name, folder, expected_hash, mirrors, report, deadline=None):
    """Fetch name into folder from the first mirror that serves the right bytes.
    Returns None on success, else [(mirror, reason), ...]. Only a verified file is ever renamed
    into place; the temporary *.part file is removed whatever happens."""
    if not mirrors:
        return [("MIRRORS / DNN_MIRRORS", "no mirror to download from (the list is empty)")]
    failures = []
    for template in mirrors:
        url = _mirror_url(template, name)
        if deadline is not None and time.monotonic() > deadline:
            failures.append((url, f"not tried: the overall deadline of {DOWNLOAD_DEADLINE} s passed"))
            break
        report(f"下载 (download) {name} ← {url}")
        try:
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=name + ".", suffix=".part")
        except OSError as err:
            failures.append((str(folder), f"cannot write to this folder: {err.strerror or err}"))
            break
        try:
            with os.fdopen(fd, "wb") as out:
                fetch_url(url, out, SIZES[name], deadline=deadline, progress=_progress(report))
                out.flush()
                os.fsync(out.fileno())
            problem = _diagnose(Path(tmp), name, expected_hash)
            if problem is None:
                os.chmod(tmp, 0o644)
                os.replace(tmp, folder / name)
                report(f"  ✓ 已下载并通过校验 (downloaded, SHA-256 ok)：{folder / name}")
                return None
            failures.append((url, problem.reason))
        except (OSError, ValueError, http.client.HTTPException, DownloadFailed) as err:
            failures.append((url, _network_reason(err)))
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)
        report(f"  ✗ {failures[-1][1]}")
    return failures


def _missing_message(folder, source, missing, no_download=None, failures=()):
    lines = [f"找不到数据集 (dataset not found)：{', '.join(missing)}",
             f"  查找的文件夹 (looked in)：{folder}",
             f"    来源 (chosen by)：{source}"
             + (f"\n    这个文件夹不存在 (folder does not exist)：检查路径的拼写，或者先创建它"
                f"\n    (mkdir -p {folder})" if folder != _default_dir()[0] and not _is_dir(folder)
                else "")]
    if no_download:
        lines.append(f"  没有尝试下载：{no_download} 关闭了自动下载 (downloads disabled)")
    if failures:
        lines.append("  自动下载失败 (download failed)，每个镜像 (mirror) 的问题：")
        lines += [f"    - {where}\n        {why}" for where, why in failures]
    try:
        cwd = Path.cwd()
        here = cwd != folder and all((cwd / name).is_file() for name in missing)
    except OSError:  # the current directory was deleted or cannot be read
        here = False
    if here:
        lines.append(f"  注意：当前目录 {cwd} 里有这些文件，但 load_dataset 从不在当前目录里找\n"
                     f"  (the current directory is never searched)；用下面第 2 条指向它。")
    # The same words whether DNN_NO_DOWNLOAD is set or not, so saved notebook outputs do not
    # depend on it; the "没有尝试下载" line above already names what turned downloads off.
    run = f"运行 {_run_hint()}"
    lines += ["  怎么办 (how to fix)，任选一种：",
              f"    1. 联网，{run}：自动下载到 {folder} 并校验；",
              f"    2. 已经有这两个文件：把它们放进 {folder}，或者设置环境变量 DNN_DATASETS\n"
              f"       指向它们所在的文件夹，例如 export DNN_DATASETS=/path/to/datasets；",
              "    3. 在别的电脑上下载，再复制到上面的文件夹："]
    lines += [f"       {_mirror_url(MIRRORS[0], name)}" for name in missing]
    return "\n".join(lines)


def _is_dir(path):
    try:
        return path.is_dir()
    except OSError:
        return False


def ensure_dataset(path=None, download=None, mirrors=None, report=None):
    """Folder holding both verified files, downloading the missing ones when allowed.
    Raises a DatasetError subclass saying what is wrong and what to do."""
    folder, source = _resolve(path)
    report = report or (lambda message: None)
    try:
        return _ensure(folder, source, download, mirrors, report)
    except OSError as err:  # whatever the specific checks did not foresee: still a DatasetError
        raise DatasetUnreadable(
            f"访问数据集文件夹时出错 (OS error: {type(err).__name__}: {err.strerror or err})\n"
            f"  文件夹 (folder)：{folder}\n    来源 (chosen by)：{source}\n"
            f"  怎么办 (how to fix)：检查这个文件夹的权限 (ls -ld)，或者设置 DNN_DATASETS 指向一个\n"
            f"  你能读写的文件夹。", reason=f"OS error: {err}") from None


def _ensure(folder, source, download, mirrors, report):
    if folder.is_file():
        raise DatasetMissing(
            f"path 应该是文件夹，收到的是一个文件 (expected a folder, got a file)：{folder}\n"
            f"  怎么办：传入它所在的文件夹，例如 load_dataset(\"{folder.parent}\")。")
    hashes = _expected_hashes()
    missing = []
    for name in FILES:
        target = folder / name
        if _is_dir(target):
            raise DatasetNotHDF5(
                f"{target} 是一个文件夹，这里应该是数据文件 (a directory stands where the file "
                f"should be)\n  怎么办：删除或改名这个文件夹 (rmdir)，然后运行 {_run_hint()}。",
                reason=f"{name} is a directory")
        if target.is_file():
            problem = _diagnose(target, name, hashes[name])
            if problem:
                raise problem
        elif _is_dir(folder) and os.path.lexists(target):  # a broken symlink or a special file
            raise DatasetNotHDF5(
                f"{target} 不是普通文件 (not a regular file: a broken link or a special file)\n"
                f"  怎么办：删除它 (rm)，然后运行 {_run_hint()}。", reason=f"{name} is not a file")
        else:
            missing.append(name)
    if not missing:
        return folder
    allowed, why_not = _downloads_allowed(download)
    if not allowed:
        raise DatasetMissing(_missing_message(folder, source, missing, no_download=why_not))
    if folder == _default_dir()[0]:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise DatasetMissing(_missing_message(folder, source, missing, failures=[
                (str(folder), f"cannot create this folder: {err.strerror or err}")])) from None
    elif not folder.is_dir():  # a folder the learner named but mistyped: do not invent it
        raise DatasetMissing(_missing_message(folder, source, missing))
    _remove_stale_parts(folder)
    deadline = time.monotonic() + DOWNLOAD_DEADLINE
    for i, name in enumerate(missing):
        failures = _download(name, folder, hashes[name], _mirrors(mirrors), report, deadline)
        if failures:
            raise DatasetMissing(_missing_message(folder, source, missing[i:], failures=failures))
    return folder


def _read(path, x_key, y_key):
    with h5py.File(path, "r") as f:
        x = f[x_key][()]
        y = f[y_key][()].astype(np.int64).reshape(1, -1)
        classes = f["list_classes"][()]
    return x, y, classes


def load_dataset(path=None, download=None, mirrors=None):
    """Verified cat / non-cat data (see the module docstring for where it is looked up).
    -> train_x_orig (209,64,64,3), train_y (1,209), test_x_orig (50,64,64,3), test_y (1,50),
    classes (2,) bytes."""
    folder = ensure_dataset(path, download, mirrors)
    try:
        train_x, train_y, classes = _read(folder / TRAIN, "train_set_x", "train_set_y")
        test_x, test_y, _ = _read(folder / TEST, "test_set_x", "test_set_y")
    except OSError as err:  # changed or made unreadable since it was verified
        raise _os_problem(folder / TRAIN, err) from None
    return train_x, train_y, test_x, test_y, classes


def dataset_status(path=None):
    """One-line '✓ ...' when the dataset is ready, else '✗ ...' plus what to do. Never downloads."""
    try:
        folder = ensure_dataset(path, download=False)
    except DatasetError as err:
        return f"✗ 数据集还不能用 (dataset not ready)\n{err}"
    except Exception as err:  # a status line must never raise, whatever went wrong
        return f"✗ 数据集还不能用 (dataset not ready)：{type(err).__name__}: {err}"
    return f"✓ 数据集就绪: {folder}"


def main(argv=None):
    """`python -m lr_utils [folder]`: locate or download, verify, report; exit status 0 or 1."""
    args = sys.argv[1:] if argv is None else list(argv)
    if args and args[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    try:
        folder = ensure_dataset(args[0] if args else None,
                                report=lambda message: print(message, flush=True))
        load_dataset(folder, download=False)
    except DatasetError as err:
        print(f"✗ {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("✗ 已中断 (interrupted)：没写完的文件已删除，重新运行即可。", file=sys.stderr)
        return 1
    print(f"✓ 数据集就绪: {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
