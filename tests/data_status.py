"""Whether the cat dataset is usable here, whether its absence is a failure (CI) or a skip, and
which notebooks need it."""
import json
import os
from pathlib import Path


def require_data():
    """True where a missing dataset must fail the run (CI sets DNN_REQUIRE_DATA=1)."""
    return os.environ.get("DNN_REQUIRE_DATA", "") not in ("", "0")


def data_problem():
    """None when the dataset loads, else a one-line reason."""
    import lr_utils
    try:
        lr_utils.load_dataset(download=False)
    except lr_utils.DatasetError as err:  # err.reason: the loader's one-line summary
        return f"cat dataset unavailable: {err.reason} (python -m lr_utils explains and fetches it)"
    return None


def needs_data(path):
    """True if the notebook's metadata says dnn_course.needs_data."""
    try:
        meta = json.loads(Path(path).read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        return False
    return bool(meta.get("dnn_course", {}).get("needs_data"))
