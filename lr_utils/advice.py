"""What to do: the learner-facing advice shared by the messages of the other modules."""
import errno
import getpass
import os
import shlex
import sys
from pathlib import Path

from .catalog import MIRRORS, mirror_url
from .errors import DatasetError
from .locate import default_dir, is_dir, resolve


def _shell_arg(path):
    """path as it is typed in this system's shell."""
    text = str(path)
    if os.name == "nt":
        return f'"{text}"' if any(c.isspace() for c in text) else text
    return shlex.quote(text)


def _looks_there_by_default(course, folder):
    """True when `python -m lr_utils` without an argument (and `make data`) would use folder."""
    try:
        return resolve(None, course)[0] == folder
    except DatasetError:
        return False


def run_hint(course, folder=None):
    """The command that fetches the data into folder: no argument when it is where the command
    looks anyway (then `make data` too, in a clone), else the folder as its argument."""
    if folder is not None and not _looks_there_by_default(course, folder):
        return f"`python -m lr_utils {_shell_arg(folder)}`"
    return "`python -m lr_utils`（或 `make data`）" if course.in_clone else "`python -m lr_utils`"


def restore_advice(course):
    """How to get SHA256SUMS back."""
    if course.in_clone:
        return "它是仓库的一部分：在仓库里运行 `git checkout -- datasets/SHA256SUMS` 恢复它。"
    return "它随课程的包一起安装：重新安装课程 (pip install --force-reinstall dnn-course) 恢复它。"


def howto(path, name, course):
    """The 'what to do' block for a bad file at path."""
    steps = [f"删除这个文件，然后运行 {run_hint(course, path.parent)}，"
             "它会重新下载原始文件并校验；",
             f"或者手动下载原始文件 (raw file)，替换 {path}：\n       {mirror_url(MIRRORS[0], name)}"]
    return "  怎么办 (how to fix)：\n" + "\n".join(
        f"    {i}. {step}" for i, step in enumerate(steps, 1))


def missing_message(folder, source, missing, course, no_download=None, failures=()):
    """Files absent: where the loader looked, why nothing was downloaded, what to do."""
    lines = [f"找不到数据集 (dataset not found)：{', '.join(missing)}",
             f"  查找的文件夹 (looked in)：{folder}",
             f"    来源 (chosen by)：{source}"
             + (f"\n    这个文件夹不存在 (folder does not exist)：检查路径的拼写，或者先创建它"
                f"\n    (mkdir -p {folder})" if folder != default_dir(course)[0] and not is_dir(folder)
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
    run = f"运行 {run_hint(course, folder)}"
    lines += ["  怎么办 (how to fix)，任选一种：",
              f"    1. 联网，{run}：自动下载到 {folder} 并校验；",
              f"    2. 已经有这两个文件：把它们放进 {folder}，或者设置环境变量 DNN_DATASETS\n"
              f"       指向它们所在的文件夹，例如 export DNN_DATASETS=/path/to/datasets；",
              "    3. 在别的电脑上下载，再复制到上面的文件夹："]
    lines += [f"       {mirror_url(MIRRORS[0], name)}" for name in missing]
    return "\n".join(lines)


def _user():
    """Name of the user running this process (a shell expression when it has none)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # a container user without a passwd entry
        return "$(id -un)"


def _owner(folder):
    """Name of the owner of folder, or None where the system does not say."""
    try:
        import pwd
        return pwd.getpwuid(folder.stat().st_uid).pw_name
    except (ImportError, KeyError, OSError):
        return None


def _write_problem(err):
    """What stopped the write, in words."""
    if isinstance(err, PermissionError) or err.errno in (errno.EACCES, errno.EPERM):
        return "没有写权限 (permission denied)"
    if err.errno == errno.EROFS:
        return "这是一个只读文件系统 (read-only file system)"
    return f"{type(err).__name__}: {err.strerror or err}"


def _ownership_steps(folder, command):
    """How to get the download a folder it may write: a new folder is created by someone who may
    and handed over; an existing one belongs to someone, who downloads into it (or hands it over)."""
    python, target, user = sys.executable, _shell_arg(folder), _user()
    if os.name == "nt":
        return [f"用有管理员权限的账户创建这个文件夹，并在它的“属性 → 安全”里给用户 {user} 写权限，"
                f"\n       然后再运行一次 {command}；",
                f"或者在“以管理员身份运行”的终端里运行：\n         {python} -m lr_utils {target}"]
    owner = _owner(folder) if is_dir(folder) else None
    if owner is None:
        return [f"由管理员建好这个文件夹，交给运行下载的用户 {user}：\n"
                f"         sudo mkdir -p {target}\n         sudo chown {user} {target}\n"
                f"       然后再运行一次 {command}；",
                f"或者以有权限在那里创建文件夹的用户（例如 root）的身份运行下载，用同一个 Python：\n"
                f"         sudo {python} -m lr_utils {target}"]
    as_owner = "sudo" if owner == "root" else f"sudo -u {owner}"
    return [f"这个文件夹属于 {owner}：以文件夹的主人 {owner} 的身份下载到这里，用同一个 Python：\n"
            f"         {as_owner} {python} -m lr_utils {target}\n"
            f"       （如果它本该属于你：sudo chown {user} {target}，然后再运行一次 {command}）；",
            f"已经有这两个文件：请 {owner} 把它们放进这个文件夹；"]


def not_writable_message(folder, source, missing, err, course):
    """Files absent and the folder cannot be created or written: the fix is ownership, not the
    network or the spelling."""
    steps = _ownership_steps(folder, run_hint(course, folder))
    steps.append("只给自己用：设置环境变量 DNN_DATASETS 指向一个你能写的文件夹，"
                 "或者不指定文件夹，使用默认位置。")
    lines = [f"找不到数据集 (dataset not found)：{', '.join(missing)}",
             f"  查找的文件夹 (looked in)：{folder}",
             f"    来源 (chosen by)：{source}",
             f"  没能下载：不能在这里创建文件夹或写文件 (cannot create or write the folder)：{_write_problem(err)}",
             f"    ({err})",
             "  怎么办 (how to fix)，任选一种："]
    lines += [f"    {i}. {step}" for i, step in enumerate(steps, 1)]
    return "\n".join(lines)
