"""Every way the dataset can be unusable, one class each; the message says what to do."""


class DatasetError(Exception):
    """The dataset cannot be used; ``reason`` is a one-line English summary."""

    def __init__(self, message, reason=None):
        super().__init__(message)
        self.reason = reason or message.splitlines()[0]


class DatasetMissing(DatasetError):
    """Files are absent and could not be downloaded."""


class DatasetNotWritable(DatasetMissing):
    """Files are absent and the folder they belong in cannot be created or written."""


class DatasetCorrupt(DatasetError):
    """A file is there but is not the course's file (base of the specific cases below)."""


class DatasetLFSPointer(DatasetCorrupt):
    """A Git-LFS pointer (small text file) stands where the data should be."""


class DatasetHTML(DatasetCorrupt):
    """A saved web page stands where the data should be."""


class DatasetNotHDF5(DatasetCorrupt):
    """Some other kind of file: no HDF5 signature."""


class DatasetTruncated(DatasetCorrupt):
    """An HDF5 file shorter than the original (interrupted download or copy)."""


class DatasetUnreadable(DatasetCorrupt):
    """Full-size HDF5 file that h5py cannot read."""


class DatasetWrongLayout(DatasetCorrupt):
    """Readable HDF5 with other keys, shapes or dtypes (a re-saved variant)."""


class DatasetHashMismatch(DatasetCorrupt):
    """Right keys and shapes, but not byte-identical to the course's file."""
