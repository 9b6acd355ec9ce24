"""Where the data folder is: the path argument, $DNN_DATASETS, the clone's datasets/, else the
per-user cache; never site-packages, never the current directory."""
import os
import posixpath
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .catalog import SIZES
from .errors import DatasetMissing

APP_NAME = "dnn-course"
_ROOT = Path(__file__).resolve().parent.parent
# A clone has pyproject.toml and datasets/SHA256SUMS beside this package; site-packages has neither.
IN_CLONE = (_ROOT / "pyproject.toml").is_file() and (_ROOT / "datasets" / "SHA256SUMS").is_file()
_CACHE_LABELS = {"win32": "%LOCALAPPDATA%\\dnn-course (Windows)",
                 "darwin": "~/Library/Caches/dnn-course (macOS)"}


@dataclass(frozen=True)
class Course:
    """One copy of the course: a clone (root = the repository) or an installed package (root None).
    The other fields replace what that copy would use (tests; a course built on other files)."""
    root: Path | None = _ROOT if IN_CLONE else None
    default_dir: Path | None = None  # None: root/datasets in a clone, else the per-user cache
    sums_file: Path | None = None  # None: root/datasets/SHA256SUMS, else the installed package data
    sizes: dict = field(default_factory=lambda: dict(SIZES))
    platform: str | None = None  # None: this machine; only the per-user cache depends on it

    @property
    def in_clone(self):
        return self.root is not None


def _platform_dirs(platform):
    """platformdirs for platform (None: this machine, whatever platformdirs detects)."""
    if platform is None:
        from platformdirs import PlatformDirs as dirs
    elif platform == "win32":
        from platformdirs.windows import Windows as dirs
    elif platform == "darwin":
        from platformdirs.macos import MacOS as dirs
    else:
        from platformdirs.unix import Unix as dirs
    # appauthor=False: no vendor folder on Windows; opinion=False: no "Cache" subfolder there.
    return dirs(APP_NAME, appauthor=False, opinion=False)


def user_cache_dir(platform=None):
    """(folder, which convention) of the per-user data cache of an installed course.
    Linux $XDG_CACHE_HOME/dnn-course or ~/.cache/dnn-course, macOS ~/Library/Caches/dnn-course,
    Windows %LOCALAPPDATA%\\dnn-course (platformdirs; recent versions honour an absolute
    $XDG_CACHE_HOME on macOS too)."""
    platform = platform or sys.platform
    try:
        folder = Path(_platform_dirs(None if platform == sys.platform else platform).user_cache_dir)
    except (RuntimeError, ValueError, OSError, KeyError) as err:  # no home folder, no LOCALAPPDATA
        raise DatasetMissing(
            f"找不到每个用户的缓存文件夹 (cannot determine the per-user cache folder: {err})\n"
            f"  怎么办 (how to fix)：设置环境变量 DNN_DATASETS 指向一个你能读写的文件夹，例如\n"
            f"  export DNN_DATASETS=/path/to/datasets。", reason=f"no per-user cache folder: {err}"
        ) from None
    if not folder.is_absolute():  # platformdirs < 4 takes a relative $XDG_CACHE_HOME; XDG says ignore it
        folder = Path.home() / ".cache" / APP_NAME
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if platform != "win32" and posixpath.isabs(xdg) and folder.parent == Path(xdg):
        return folder, "$XDG_CACHE_HOME/dnn-course"
    return folder, _CACHE_LABELS.get(platform, "~/.cache/dnn-course (XDG)")


def default_dir(course):
    """(folder, description) of the default: the clone's datasets/, else the per-user cache."""
    if course.in_clone:
        folder = course.default_dir or course.root / "datasets"
        return Path(folder), "默认位置 (default)：课程仓库里的 datasets/ 文件夹 (the clone's datasets/)"
    folder, convention = user_cache_dir(course.platform)
    return Path(course.default_dir or folder), \
        f"默认位置 (default)：每个用户的缓存文件夹 (per-user cache, {convention})"


def resolve(path, course):
    """(folder, description of what chose it): path, else $DNN_DATASETS, else the default."""
    if path is not None:
        if str(path).strip() == "":
            raise DatasetMissing("path 是空字符串 (empty path)：请给出数据集所在的文件夹，"
                                 "或者不传 path，使用默认位置。", reason="empty path")
        return Path(path).expanduser().absolute(), "load_dataset 的参数 path (argument)"
    env = os.environ.get("DNN_DATASETS", "").strip()
    if env:
        return Path(env).expanduser().absolute(), "环境变量 DNN_DATASETS (environment variable)"
    return default_dir(course)


def is_dir(path):
    """path.is_dir(), False when the file system refuses to say."""
    try:
        return path.is_dir()
    except OSError:
        return False
