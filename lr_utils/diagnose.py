"""What a file that is not the course's file is: a table of cases, tried in order, each with its
own error and advice. File signatures come before the hash, so a pointer or a web page gets its own
message; a re-saved copy can be smaller and still whole, so a short file counts as truncated only if
h5py fails to read it."""
import functools
from dataclasses import dataclass
from pathlib import Path

import h5py
import numpy as np

from .advice import howto
from .catalog import HDF5_SIGNATURE, LFS_SIGNATURE
from .checksums import sha256
from .errors import (DatasetHashMismatch, DatasetHTML, DatasetLFSPointer, DatasetNotHDF5,
                     DatasetTruncated, DatasetUnreadable, DatasetWrongLayout)


@dataclass
class Seen:
    """What a file at path turned out to be, next to the Expected it should be; the slow facts
    (hash, h5py's verdict, layout) are computed when a case first asks for them."""
    path: Path
    expected: object  # catalog.Expected
    course: object  # locate.Course, for the advice
    size: int
    head: bytes  # the first 512 bytes

    @functools.cached_property
    def sha256(self):
        return sha256(self.path)

    @functools.cached_property
    def h5_error(self):
        """None when h5py reads every dataset of the file, else h5py's error text."""
        def read(_, obj):
            if isinstance(obj, h5py.Dataset):
                obj[()]  # returning a value would stop visititems early

        try:
            with h5py.File(self.path, "r") as f:
                f.visititems(read)
        except Exception as err:  # h5py reports damage as OSError, KeyError, RuntimeError...
            return f"{type(err).__name__}: {err}"
        return None

    @functools.cached_property
    def layout_problems(self):
        """Keys, shapes and dtypes that differ from the course's file, one line each."""
        problems = []
        with h5py.File(self.path, "r") as f:
            for key, (shape, dtype) in self.expected.layout.items():
                if key not in f:
                    problems.append(f"缺少 {key} (missing key)")
                elif not isinstance(f[key], h5py.Dataset):
                    problems.append(f"{key} 不是数据集 (not a dataset)")
                elif f[key].shape != shape:
                    problems.append(f"{key} 的形状是 {f[key].shape}，应为 {shape} (shape)")
                elif f[key].dtype != np.dtype(dtype):
                    problems.append(f"{key} 的类型是 {f[key].dtype}，应为 {dtype} (dtype)")
            if any(key not in f for key in self.expected.layout):
                problems.append(f"文件里的键 (keys in file)：{', '.join(sorted(f.keys())) or '（无）'}")
        return problems

    @property
    def where(self):
        want = self.expected.size
        sizes = (f"{self.size:,} 字节 (bytes)，" +
                 ("和原文件相同" if self.size == want else f"原文件是 {want:,} 字节"))
        return f"  文件 (file)：{self.path}\n  大小 (size)：{sizes}\n"

    @property
    def howto(self):
        return howto(self.path, self.expected.name, self.course)


def _lfs_pointer(seen):
    return DatasetLFSPointer(
        f"数据集文件是一个 Git-LFS 指针，不是真正的数据 (Git-LFS pointer file, not HDF5 data)\n"
        f"{seen.where}"
        f"  内容以 \"version https://git-lfs\" 开头。原因：存放它的仓库用 Git LFS (Large File\n"
        f"  Storage) 管理大文件；没装 git-lfs 时，git clone 或 \"Download ZIP\" 只得到这个约 130\n"
        f"  字节的文本“指针”，真正的数据还留在 LFS 服务器上。\n"
        f"{seen.howto}\n"
        f"    3. 或者在你克隆的那个仓库里运行 `git lfs install` 和 `git lfs pull`，再复制得到的真文件。",
        reason=f"Git-LFS pointer file ({seen.size} bytes), not the HDF5 data")


def _html_page(seen):
    return DatasetHTML(
        f"数据集文件其实是一个网页 (HTML page saved instead of the HDF5 file)\n"
        f"{seen.where}"
        f"  内容以 {seen.head.lstrip()[:15]!r} 开头，而 HDF5 文件以字节 b'\\x89HDF' 开头。原因：多半是在\n"
        f"  浏览器里对 GitHub 的文件页面点了“另存为”，保存下来的是页面而不是文件本身。\n"
        f"{seen.howto}\n"
        f"    3. 在 GitHub 上下载时，打开文件页面后点 \"Raw\" 或 \"Download raw file\" 按钮。",
        reason="HTML web page, not the HDF5 file")


def _empty(seen):
    return DatasetTruncated(
        f"数据集文件是空的 (empty file, 0 bytes)\n"
        f"{seen.where}"
        f"  原因：下载或复制在开始时就中断了。\n"
        f"{seen.howto}",
        reason="empty file (0 bytes)")


def _not_hdf5(seen):
    return DatasetNotHDF5(
        f"数据集文件不是 HDF5 格式 (not an HDF5 file: file signature not found)\n"
        f"{seen.where}"
        f"  开头的字节是 {seen.head[:16]!r}，HDF5 文件应以 {HDF5_SIGNATURE!r} 开头；h5py 打开它时\n"
        f"  会报 \"file signature not found\"。这个文件可能被改名、转换过，或者下载错了东西。\n"
        f"{seen.howto}",
        reason=f"not an HDF5 file (starts with {seen.head[:16]!r})")


def _truncated(seen):
    want = seen.expected.size
    return DatasetTruncated(
        f"数据集文件不完整 (truncated HDF5 file)：只有原文件的 {seen.size / want:.1%}\n"
        f"{seen.where}"
        f"  h5py 的报错 (h5py error)：{seen.h5_error}\n"
        f"  原因：下载或复制在中途被打断了。\n"
        f"{seen.howto}",
        reason=f"truncated: {seen.size:,} of {want:,} bytes")


def _corrupt(seen):
    return DatasetUnreadable(
        f"数据集文件已损坏，h5py 读不出来 (corrupt HDF5 file)\n"
        f"{seen.where}"
        f"  h5py 的报错 (h5py error)：{seen.h5_error}\n"
        f"{seen.howto}",
        reason=f"corrupt HDF5 ({seen.h5_error})")


def _wrong_layout(seen):
    layout = seen.layout_problems
    return DatasetWrongLayout(
        f"数据集文件的结构和课程的文件不一样 (unexpected HDF5 layout: keys, shapes or dtypes differ)\n"
        f"{seen.where}"
        + "".join(f"  - {item}\n" for item in layout) +
        f"  原因：这是别人重新保存过的版本 (re-saved variant)，不是课程用的原始文件；课程里的\n"
        f"  代价和准确率都是用原始文件算的，换了文件就对不上。\n"
        f"{seen.howto}",
        reason="wrong HDF5 layout: " + "; ".join(layout))


def _hash_mismatch(seen):
    return DatasetHashMismatch(
        f"数据集文件和课程的文件不一致 (SHA-256 checksum mismatch)\n"
        f"{seen.where}"
        f"  期望 (expected)：{seen.expected.sha256}\n"
        f"  实际 (got)：     {seen.sha256}\n"
        f"  键和形状都对，但字节不同：多半是被重新保存过 (re-saved) 或改动过数据。为了让你的结果能和\n"
        f"  课程里的数字逐一对上，load_dataset 只接受原始文件。\n"
        f"{seen.howto}\n"
        f"    3. 如果你就是想用自己的版本，请不要用 load_dataset，直接用 h5py.File 读它。",
        reason=f"SHA-256 mismatch (got {seen.sha256[:12]}…)")


def _is_html(seen):
    return seen.head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith((b"<!doctype", b"<html"))


# (what the file is, the error that explains it); the first case that matches wins, and a None
# error means the file is the course's own.
CASES = (
    (lambda seen: seen.head.startswith(LFS_SIGNATURE), _lfs_pointer),
    (_is_html, _html_page),
    (lambda seen: seen.size == 0, _empty),
    (lambda seen: not seen.head.startswith(HDF5_SIGNATURE), _not_hdf5),
    (lambda seen: seen.sha256 == seen.expected.sha256, None),
    (lambda seen: seen.h5_error and seen.size < seen.expected.size, _truncated),
    (lambda seen: seen.h5_error, _corrupt),
    (lambda seen: seen.layout_problems, _wrong_layout),
    (lambda seen: True, _hash_mismatch),
)


def diagnose(path, expected, course):
    """None when the file at path is the course's file, else the DatasetError that explains it."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(512)
        seen = Seen(path, expected, course, size, head)
        error = next(error for matches, error in CASES if matches(seen))
        return error and error(seen)
    except OSError as err:  # permissions, a vanished file, an I/O error on a bad disk
        return os_problem(path, err)


def os_problem(path, err):
    """The DatasetUnreadable for an OSError met while reading path."""
    what = ("没有读取权限 (permission denied)" if isinstance(err, PermissionError)
            else f"读取时出错 (OS error: {err.strerror or err})")
    return DatasetUnreadable(
        f"数据集文件读不了：{what}\n  文件 (file)：{path}\n"
        f"  怎么办 (how to fix)：检查这个文件和它所在文件夹的权限 (ls -l)，或者把两个文件复制到\n"
        f"  一个你能读写的文件夹，再设置 DNN_DATASETS 指向它。",
        reason=f"cannot read {path.name}: {type(err).__name__}: {err.strerror or err}")
