"""The expected SHA-256 of each file, from SHA256SUMS (the clone's datasets/ or the package data)."""
import hashlib
import importlib.resources
from pathlib import Path

from .advice import restore_advice
from .catalog import FILES, LAYOUT, Expected
from .errors import DatasetError


def sha256(path):
    """Hex SHA-256 of the file at path."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sums_text(course):
    """(text of SHA256SUMS, where it was read) for this copy of the course."""
    if course.sums_file is not None:
        where = Path(course.sums_file)
        return where.read_text(encoding="ascii"), where
    if course.in_clone:
        where = Path(course.root) / "datasets" / "SHA256SUMS"
        return where.read_text(encoding="ascii"), where
    resource = importlib.resources.files("dnn_course_data").joinpath("SHA256SUMS")
    return resource.read_text(encoding="ascii"), resource


def _parse(text, where, course):
    """{file name: hex digest} from the lines of a SHA256SUMS file."""
    sums = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split()
        digest = parts[0].lower() if parts else ""
        if len(parts) != 2 or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise DatasetError(
                f"校验文件 {where} 第 {number} 行的格式不对 (malformed SHA256SUMS line {number})：\n"
                f"    {line[:100]!r}\n  每行应是 64 位十六进制哈希、空格、文件名。{restore_advice(course)}",
                reason=f"malformed SHA256SUMS line {number}")
        sums[parts[1].lstrip("*")] = digest
    return sums


def expected_files(course):
    """{file name: Expected} for the two course files; DatasetError when SHA256SUMS is not usable."""
    try:
        text, where = _sums_text(course)
    except (OSError, ModuleNotFoundError, UnicodeDecodeError) as err:
        why = getattr(err, "strerror", None) or err
        raise DatasetError(
            f"缺少或读不了校验文件 SHA256SUMS (checksum file missing or unreadable: {why})。\n"
            f"  {restore_advice(course)}", reason=f"checksum file unreadable: {why}") from None
    sums = _parse(text, where, course)
    absent = [name for name in FILES if name not in sums]
    if absent:
        raise DatasetError(f"{where} 里没有 {', '.join(absent)} 的校验和 (checksum entry "
                           f"missing)：{restore_advice(course)}")
    return {name: Expected(name, sums[name], course.sizes[name], LAYOUT[name]) for name in FILES}
