"""Writing a file so that a reader never sees half of it: temporary file in the same folder, then
os.replace (atomic on POSIX and Windows); on any error the temporary file is removed."""
import os
import tempfile
from pathlib import Path


def write_atomic(path, text, newline="\n"):
    """Write text to path atomically. newline="" keeps text's own line ends (CSV's \\r\\n)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
