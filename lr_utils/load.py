"""Make sure both files are there and verified (downloading the missing ones), then load them."""
import os

import h5py
import numpy as np

from . import settings
from .advice import missing_message, not_writable_message, run_hint
from .catalog import FILES, TEST, TRAIN
from .checksums import expected_files
from .diagnose import diagnose, os_problem
from .download import Deadline, FolderNotWritable, already_there, download, remove_stale_parts
from .errors import DatasetError, DatasetMissing, DatasetNotHDF5, DatasetNotWritable, DatasetUnreadable
from .locate import Course, default_dir, is_dir, resolve


def dataset_dir(path=None, *, course=None):
    """The folder load_dataset uses: path, $DNN_DATASETS, the clone's datasets/, the user cache."""
    return resolve(path, course or Course())[0]


def ensure_dataset(path=None, download=None, mirrors=None, report=None, *, deadline=None,
                   timeout=None, create=False, course=None):
    """Folder holding both verified files, downloading the missing ones when allowed.
    download: None = unless DNN_NO_DOWNLOAD; mirrors: None = DNN_MIRRORS or MIRRORS; deadline:
    seconds for the whole download (None = DNN_DOWNLOAD_DEADLINE or 300); timeout: seconds per
    network operation (None = 30); create: also create a folder that was named but does not exist
    (the default folder is always created; a named one is more likely mistyped, except on the
    command line); report(line) shows progress. Raises a DatasetError subclass saying what is wrong
    and what to do."""
    course = course or Course()
    folder, source = resolve(path, course)
    report = report or (lambda message: None)
    try:
        return _ensure(folder, source, course, report, create, download, mirrors, deadline, timeout)
    except OSError as err:  # whatever the specific checks did not foresee: still a DatasetError
        raise DatasetUnreadable(
            f"访问数据集文件夹时出错 (OS error: {type(err).__name__}: {err.strerror or err})\n"
            f"  文件夹 (folder)：{folder}\n    来源 (chosen by)：{source}\n"
            f"  怎么办 (how to fix)：检查这个文件夹的权限 (ls -ld)，或者设置 DNN_DATASETS 指向一个\n"
            f"  你能读写的文件夹。", reason=f"OS error: {err}") from None


def _missing_files(folder, expected, course):
    """Names of the files absent from folder; raises the DatasetError of a file that is wrong."""
    missing = []
    for name in FILES:
        target = folder / name
        if is_dir(target):
            raise DatasetNotHDF5(
                f"{target} 是一个文件夹，这里应该是数据文件 (a directory stands where the file "
                f"should be)\n  怎么办：删除或改名这个文件夹 (rmdir)，然后运行 {run_hint(course, folder)}。",
                reason=f"{name} is a directory")
        if target.is_file():
            problem = diagnose(target, expected[name], course)
            if problem:
                raise problem
        elif is_dir(folder) and os.path.lexists(target):  # a broken symlink or a special file
            raise DatasetNotHDF5(
                f"{target} 不是普通文件 (not a regular file: a broken link or a special file)\n"
                f"  怎么办：删除它 (rm)，然后运行 {run_hint(course, folder)}。",
                reason=f"{name} is not a file")
        else:
            missing.append(name)
    return missing


def _make_folder(folder, source, missing, course, report):
    """Create folder (and its parents); DatasetNotWritable saying whose it should be if we cannot."""
    if is_dir(folder):
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise DatasetNotWritable(not_writable_message(folder, source, missing, err, course),
                                 reason=f"cannot create {folder}: {err}") from None
    report(f"已创建文件夹 (created folder)：{folder}")


def _ensure(folder, source, course, report, create, download, mirrors, deadline, timeout):
    if folder.is_file():
        raise DatasetMissing(
            f"path 应该是文件夹，收到的是一个文件 (expected a folder, got a file)：{folder}\n"
            f"  怎么办：传入它所在的文件夹，例如 load_dataset(\"{folder.parent}\")。")
    expected = expected_files(course)
    missing = _missing_files(folder, expected, course)
    if not missing:
        return folder
    allowed, why_not = settings.downloads_allowed(download)
    if not allowed:
        raise DatasetMissing(missing_message(folder, source, missing, course, no_download=why_not))
    # Read (and check) every setting before anything is created.
    mirrors = settings.mirrors(mirrors)
    timeout = settings.timeout_seconds(timeout)
    seconds = settings.deadline_seconds(deadline)
    if create or folder == default_dir(course)[0]:
        _make_folder(folder, source, missing, course, report)
    elif not folder.is_dir():  # a folder the learner named but mistyped: do not invent it
        raise DatasetMissing(missing_message(folder, source, missing, course))
    remove_stale_parts(folder)
    _download_missing(folder, source, [expected[name] for name in missing], course, report,
                      mirrors, Deadline(seconds), timeout)
    return folder


def _download_missing(folder, source, files, course, report, mirrors, deadline, timeout):
    """Download each Expected in files into folder, or raise the DatasetMissing that says why not."""
    for i, expected in enumerate(files):
        target = folder / expected.name
        if already_there(target, expected, course):
            report(f"  ✓ 另一个进程已经下载好并通过校验 (downloaded by another process, SHA-256 ok)："
                   f"{target}")
            continue
        left = [file.name for file in files[i:]]
        try:
            failures = download(expected, folder, mirrors, course, report, deadline, timeout)
        except FolderNotWritable as err:
            raise DatasetNotWritable(not_writable_message(folder, source, left, err.error, course),
                                     reason=f"cannot write in {folder}: {err.error}") from None
        if failures:
            raise DatasetMissing(missing_message(folder, source, left, course, failures=failures))


def _read(path, x_key, y_key):
    with h5py.File(path, "r") as f:
        x = f[x_key][()]
        y = f[y_key][()].astype(np.int64).reshape(1, -1)
        classes = f["list_classes"][()]
    return x, y, classes


def load_dataset(path=None, download=None, mirrors=None, *, deadline=None, timeout=None,
                 course=None):
    """Verified cat / non-cat data (where it is looked up and the options: ensure_dataset).
    -> train_x_orig (209,64,64,3), train_y (1,209), test_x_orig (50,64,64,3), test_y (1,50),
    classes (2,) bytes."""
    folder = ensure_dataset(path, download, mirrors, deadline=deadline, timeout=timeout,
                            course=course)
    try:
        train_x, train_y, classes = _read(folder / TRAIN, "train_set_x", "train_set_y")
        test_x, test_y, _ = _read(folder / TEST, "test_set_x", "test_set_y")
    except OSError as err:  # changed or made unreadable since it was verified
        raise os_problem(folder / TRAIN, err) from None
    return train_x, train_y, test_x, test_y, classes


def dataset_status(path=None, *, course=None):
    """One-line '✓ ...' when the dataset is ready, else '✗ ...' plus what to do. Never downloads."""
    try:
        folder = ensure_dataset(path, download=False, course=course)
    except DatasetError as err:
        return f"✗ 数据集还不能用 (dataset not ready)\n{err}"
    except Exception as err:  # a status line must never raise, whatever went wrong
        return f"✗ 数据集还不能用 (dataset not ready)：{type(err).__name__}: {err}"
    return f"✓ 数据集就绪: {folder}"
