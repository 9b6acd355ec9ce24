"""Your own photo for the cat classifier (notebook 12).

``load_image`` turns any image Pillow can read (a path, raw bytes or an open file; any size; RGB,
RGBA, greyscale, palette, 16-bit) into what the cat dataset holds: a (64, 64, 3) uint8 RGB array.
``image_to_x`` flattens and scales it exactly as the training images were
(``x_orig.reshape(m, -1).T / 255.``), so the trained parameters can score it.

Decisions: transparent pixels are laid over a white background (dropping the alpha channel would
keep whatever colour hides under it, often black); a phone photo's EXIF rotation is applied; a
non-square picture is centre-cropped to a square before resizing (``fit="crop"``), so a cat is
not squashed, or stretched like the original assignment's ``imresize`` (``fit="stretch"``).
"""
import io
from pathlib import Path

import numpy as np

from .model import L_model_forward

__all__ = ["IMAGE_SIZE", "ImageLoadError", "load_image", "image_to_x", "cat_probability",
           "describe_prediction", "classify_source"]

IMAGE_SIZE = 64
_FITS = ("crop", "stretch")


class ImageLoadError(ValueError):
    """The file is not an image Pillow can read (or is damaged); the message says what to do."""


def _pil():
    from PIL import Image, ImageOps, UnidentifiedImageError
    return Image, ImageOps, UnidentifiedImageError


def _describe_source(source):
    if isinstance(source, (str, Path)):
        return f"'{source}'"
    if isinstance(source, (bytes, bytearray, memoryview)):
        return f"上传的数据（{len(bytes(source))} 字节）"
    return "这个文件"


def _open(source):
    """A fully decoded PIL image from a path, bytes or a binary file object."""
    Image, _, UnidentifiedImageError = _pil()
    what = _describe_source(source)
    if isinstance(source, (str, Path)):
        path = Path(source).expanduser()
        if not path.is_file():
            raise FileNotFoundError(f"找不到图片文件 {what}：请检查路径（相对路径从 notebook 所在文件夹算起）"
                                    f"(no such file: {path})")
        source = path
    elif isinstance(source, (bytes, bytearray, memoryview)):
        if len(bytes(source)) == 0:
            raise ImageLoadError("上传的文件是空的（0 字节）(empty file)。")
        source = io.BytesIO(bytes(source))
    try:
        # `with` closes the file now; the copy keeps the pixels and the info (EXIF, transparency).
        with Image.open(source) as opened:
            opened.load()
            img = opened.copy()
    except UnidentifiedImageError as err:
        raise ImageLoadError(
            f"无法读取 {what}：它不是可识别的图片格式。请换一张 JPEG 或 PNG 照片"
            f"（cannot identify image file）。") from err
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as err:
        raise ImageLoadError(
            f"无法读取 {what}：图片文件已损坏或不完整，请重新保存或换一张"
            f"（image file is damaged: {type(err).__name__}: {err}）。") from err
    return img


def _to_rgb(img):
    """RGB copy of any mode: transparency over white, 16-bit and float greyscale scaled to 0-255."""
    Image, _, _ = _pil()
    if img.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        a = np.asarray(img, dtype=np.float64)
        top = 65535.0 if img.mode.startswith("I;16") or a.max() > 255 else 255.0
        if img.mode == "F" and a.max() <= 1.0:
            top = 1.0
        a = np.clip(np.round(a / top * 255.0), 0, 255).astype(np.uint8)
        img = Image.fromarray(a)
    if img.mode == "P" and "transparency" in img.info:
        img = img.convert("RGBA")
    if img.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return img.convert("RGB")


def load_image(source, size=IMAGE_SIZE, fit="crop"):
    """Any image (path, bytes or binary file) -> (size, size, 3) uint8 RGB, like one dataset image.
    fit="crop" takes the central square first; fit="stretch" resizes the whole picture."""
    if fit not in _FITS:
        raise ValueError(f"fit 只能是 {_FITS} 之一，收到 {fit!r} (unknown fit)")
    Image, ImageOps, _ = _pil()
    img = _open(source)
    img = _to_rgb(ImageOps.exif_transpose(img))
    if fit == "crop":  # the central square, resized (ImageOps.fit does both)
        img = ImageOps.fit(img, (size, size), Image.LANCZOS, centering=(0.5, 0.5))
    elif img.size != (size, size):
        img = img.resize((size, size), Image.LANCZOS)
    return np.asarray(img, dtype=np.uint8).copy()


def image_to_x(img):
    """Flatten and scale like the training data. img (64, 64, 3) uint8, or a batch (k, 64, 64, 3)
    -> X (12288, 1), or (12288, k), float64 in [0, 1]."""
    a = np.asarray(img)
    batch = a if a.ndim == 4 else a[np.newaxis]
    if batch.shape[1:] != (IMAGE_SIZE, IMAGE_SIZE, 3):
        raise ValueError(f"图片的形状是 {a.shape}，应为 ({IMAGE_SIZE}, {IMAGE_SIZE}, 3)：请先用 "
                         f"load_image 读入并缩放 (expected a 64x64 RGB image)。")
    return batch.reshape(batch.shape[0], -1).T / 255.0


def cat_probability(img, parameters):
    """The model's P(cat) for one image (64, 64, 3) -> float in (0, 1)."""
    AL, _ = L_model_forward(image_to_x(img), parameters)
    return float(AL[0, 0])


def describe_prediction(prob, label=None, classes=("non-cat", "cat")):
    """One line such as "p(cat) = 0.912 -> cat (true: cat, right)"; label is 0/1 or None."""
    names = [c.decode() if isinstance(c, bytes) else str(c) for c in classes]
    guess = int(prob > 0.5)
    text = f"p(cat) = {prob:.3f} -> {names[guess]}"
    if label is not None:
        label = int(np.squeeze(label))
        text += f" (true: {names[label]}, {'right' if guess == label else 'WRONG'})"
    return text


def classify_source(source, parameters, classes=("non-cat", "cat"), fit="crop"):
    """Load and score one picture for the widgets: -> (img, text), or (None, the reason in Chinese
    and English) when the picture cannot be read, so a bad upload shows a message, not a traceback."""
    try:
        img = load_image(source, fit=fit)
    except (ImageLoadError, FileNotFoundError) as err:
        return None, str(err)
    return img, describe_prediction(cat_probability(img, parameters), None, classes)
