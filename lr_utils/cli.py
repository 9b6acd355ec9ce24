"""`python -m lr_utils [FOLDER]` (`make data`): find or download the data, verify it, say so."""
import argparse
import sys

from .errors import DatasetError
from .load import ensure_dataset, load_dataset

EPILOG = """\
环境变量 (environment variables)，每次运行时读取:
  DNN_DATASETS           数据集文件夹 (data folder)，没有给 FOLDER 时使用
  DNN_NO_DOWNLOAD=1      只检查，不下载 (check only)
  DNN_MIRRORS            用空格分隔的镜像 URL，{name} 代表文件名 (mirror URLs)
  DNN_DOWNLOAD_DEADLINE  整个下载最多用多少秒，默认 300 (overall download deadline, seconds)
退出码 (exit status)：0 数据集就绪 (ready)，1 不能用，消息说明原因和怎么办。"""


def _parser():
    parser = argparse.ArgumentParser(
        prog="python -m lr_utils", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
        description="检查猫图数据集，下载缺少的文件并做 SHA-256 校验 "
                    "(check the cat dataset, download what is missing, verify it).")
    parser.add_argument(
        "folder", nargs="?", metavar="FOLDER",
        help="数据放在哪个文件夹，不存在就创建 (data folder, created if missing)；默认：DNN_DATASETS，"
             "否则仓库的 datasets/ 或每个用户的缓存文件夹")
    return parser


def main(argv=None, *, course=None):
    """Locate or download, verify, report; exit status 0 (ready) or 1 (not; the message says why)."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as done:  # --help (0) or a usage error (2): argparse has printed why
        return done.code
    try:
        folder = ensure_dataset(args.folder, create=True, course=course,
                                report=lambda message: print(message, flush=True))
        load_dataset(folder, download=False, course=course)
    except DatasetError as err:
        print(f"✗ {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("✗ 已中断 (interrupted)：没写完的文件已删除，重新运行即可。", file=sys.stderr)
        return 1
    print(f"✓ 数据集就绪: {folder}")
    return 0
