"""Whether the cat dataset is usable here, and whether its absence is a failure (CI) or a skip."""
import os


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
