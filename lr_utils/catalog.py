"""What the course's data is: the two file names, their sizes and HDF5 layout, public copies."""
from dataclasses import dataclass

TRAIN, TEST = "train_catvnoncat.h5", "test_catvnoncat.h5"
FILES = (TRAIN, TEST)
SIZES = {TRAIN: 2_572_022, TEST: 616_958}
LAYOUT = {
    TRAIN: {"train_set_x": ((209, 64, 64, 3), "uint8"), "train_set_y": ((209,), "int64"),
            "list_classes": ((2,), "S7")},
    TEST: {"test_set_x": ((50, 64, 64, 3), "uint8"), "test_set_y": ((50,), "int64"),
           "list_classes": ((2,), "S7")},
}
# Byte-identical public copies, tried in order (DNN_MIRRORS or the mirrors argument replace them).
MIRRORS = (
    "https://raw.githubusercontent.com/ramakris/coursera-deeplearning/master/neuralnetworks/week4/datasets/{name}",
    "https://raw.githubusercontent.com/Hiren2002/Logistic-Regression/main/datasets/{name}",
    "https://raw.githubusercontent.com/guangfjy/dlcatclassifier/master/datasets/{name}",
)
HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
LFS_SIGNATURE = b"version https://git-lfs"


@dataclass(frozen=True)
class Expected:
    """One file as the course ships it: name, SHA-256 (hex), size in bytes, {key: (shape, dtype)}."""
    name: str
    sha256: str
    size: int
    layout: dict


def mirror_url(template, name):
    """URL of name on a mirror: template with ``{name}`` replaced, or a base URL + "/" + name."""
    if "{name}" in template:
        return template.replace("{name}", name)
    return template.rstrip("/") + "/" + name
