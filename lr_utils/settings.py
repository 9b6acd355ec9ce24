"""The download settings: a function argument, else the DNN_* environment variable read at call
time, else the default; a value that makes no sense raises a DatasetError saying how to fix it."""
import math
import os

from .catalog import MIRRORS
from .errors import DatasetError

DEADLINE = 300  # seconds for the whole download, all files and mirrors together
TIMEOUT = 30  # seconds for one network operation (connect, one receive), per mirror


def downloads_allowed(download=None):
    """(allowed, why not) from the argument, else DNN_NO_DOWNLOAD."""
    if download is not None:
        return bool(download), "参数 download=False"
    if os.environ.get("DNN_NO_DOWNLOAD", "") not in ("", "0"):
        return False, "环境变量 DNN_NO_DOWNLOAD=1"
    return True, None


def mirrors(chosen=None):
    """URL templates to try in order: the argument, else DNN_MIRRORS (split on spaces), else MIRRORS."""
    if chosen is None:
        chosen = os.environ.get("DNN_MIRRORS", "").split() or MIRRORS
    return list(chosen)


def deadline_seconds(deadline=None):
    """Overall download limit in seconds: the argument, else DNN_DOWNLOAD_DEADLINE, else 300."""
    if deadline is not None:
        return seconds(deadline, "参数 deadline (argument)", "deadline")
    env = os.environ.get("DNN_DOWNLOAD_DEADLINE", "").strip()
    if env:
        return seconds(env, "环境变量 DNN_DOWNLOAD_DEADLINE (environment variable)",
                       "DNN_DOWNLOAD_DEADLINE", fix="export DNN_DOWNLOAD_DEADLINE=600，或者删掉它 "
                       "(unset DNN_DOWNLOAD_DEADLINE) 使用默认的 300 秒")
    return float(DEADLINE)


def timeout_seconds(timeout=None):
    """Limit of one network operation in seconds: the argument, else 30."""
    return float(TIMEOUT) if timeout is None else seconds(timeout, "参数 timeout (argument)", "timeout")


def seconds(value, where, name, fix=None):
    """value as a positive finite number of seconds, else a DatasetError naming where it came from."""
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        number = math.nan
    if isinstance(value, bool) or not (math.isfinite(number) and number > 0):
        raise DatasetError(
            f"{where} 的值 {value!r} 不是一个正的秒数 (invalid {name}: expected a positive number of "
            f"seconds)\n  怎么办 (how to fix)：给一个大于 0 的数，例如 "
            f"{fix or name + '=600'}。", reason=f"invalid {name}: {value!r}")
    return number
