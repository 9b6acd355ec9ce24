"""The cat / non-cat dataset: find it, verify it (SHA-256), download what is missing, load it.

load_dataset() -> train_x_orig (209, 64, 64, 3) uint8, train_y (1, 209) int64,
test_x_orig (50, 64, 64, 3) uint8, test_y (1, 50) int64, classes [b'non-cat', b'cat'].

The folder is, in this order: the ``path`` argument, the environment variable DNN_DATASETS, the
clone's ``datasets/`` when this package runs from a clone of the course, else a per-user cache
folder (platformdirs: $XDG_CACHE_HOME/dnn-course or ~/.cache/dnn-course on Linux,
~/Library/Caches/dnn-course on macOS, %LOCALAPPDATA%\\dnn-course on Windows); never site-packages,
never the current directory (a notebook's working directory changes with where Jupyter was
started). The checksums ship with the package (importlib.resources); in a clone they are
datasets/SHA256SUMS, the same file.

Settings are arguments or environment variables read at each call: downloads are off with
``download=False`` or DNN_NO_DOWNLOAD=1; DNN_MIRRORS (URLs separated by spaces, ``{name}`` = file
name) or ``mirrors=`` replaces MIRRORS; the whole download stops after DNN_DOWNLOAD_DEADLINE or
``deadline=`` seconds (default 300) and prints its progress; ``timeout=`` limits one network
operation (default 30 s). Several processes may download into one folder at once; ``*.part`` files
left by a killed download are removed next time. Every way a file can be wrong raises its own
DatasetError subclass whose message says what to do. ``python -m lr_utils [FOLDER]`` (``make
data``) fetches and checks the files, creating FOLDER if needed.

One job per module: catalog (the files), locate (the folder), settings (the DNN_* variables),
checksums, diagnose (what a wrong file is), advice (what to do), download, load, cli.
"""
from .catalog import FILES, LAYOUT, MIRRORS, SIZES, TEST, TRAIN
from .cli import main
from .download import fetch_url
from .errors import (DatasetCorrupt, DatasetError, DatasetHashMismatch, DatasetHTML,
                     DatasetLFSPointer, DatasetMissing, DatasetNotHDF5, DatasetNotWritable,
                     DatasetTruncated, DatasetUnreadable, DatasetWrongLayout)
from .load import dataset_dir, dataset_status, ensure_dataset, load_dataset
from .locate import IN_CLONE, Course, user_cache_dir

__all__ = ["load_dataset", "ensure_dataset", "dataset_dir", "dataset_status", "main",
           "DatasetError", "DatasetMissing", "DatasetNotWritable", "DatasetCorrupt",
           "DatasetLFSPointer", "DatasetHTML", "DatasetNotHDF5", "DatasetTruncated",
           "DatasetUnreadable", "DatasetWrongLayout", "DatasetHashMismatch", "MIRRORS", "FILES",
           "Course"]
