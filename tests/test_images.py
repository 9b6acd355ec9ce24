"""dnn_utils.images: any picture becomes one dataset-like (64, 64, 3) uint8 image and a (12288, 1)
column scaled like the training data; unreadable files get a clear message."""
import io

import numpy as np
import pytest
from PIL import Image

from dnn_utils import images
from dnn_utils.images import ImageLoadError, image_to_x, load_image


def _png_bytes(img, **kw):
    buf = io.BytesIO()
    img.save(buf, format=kw.pop("format", "PNG"), **kw)
    return buf.getvalue()


def _gradient(w, h):
    y, x = np.mgrid[0:h, 0:w]
    rgb = np.stack([x * 255 // max(w - 1, 1), y * 255 // max(h - 1, 1), (x + y) % 256], axis=-1)
    return Image.fromarray(rgb.astype(np.uint8))


def _check(a):
    assert a.shape == (64, 64, 3) and a.dtype == np.uint8


def test_rgb_png_of_dataset_size_is_unchanged(tmp_path):
    rgb = np.random.default_rng(0).integers(0, 256, (64, 64, 3), dtype=np.uint8)
    path = tmp_path / "x.png"
    Image.fromarray(rgb).save(path)
    np.testing.assert_array_equal(load_image(path), rgb)
    np.testing.assert_array_equal(load_image(str(path)), rgb)


def test_path_bytes_and_file_object_agree(tmp_path):
    img = _gradient(90, 70)
    path = tmp_path / "g.png"
    img.save(path)
    data = path.read_bytes()
    a = load_image(path)
    _check(a)
    np.testing.assert_array_equal(a, load_image(data))
    np.testing.assert_array_equal(a, load_image(memoryview(data)))
    with open(path, "rb") as f:
        np.testing.assert_array_equal(a, load_image(f))


def test_rgba_transparent_pixels_become_white():
    rgba = np.zeros((64, 64, 4), dtype=np.uint8)
    rgba[..., 0] = 200          # red where opaque
    rgba[:32, :, 3] = 255       # top half opaque, bottom half fully transparent (colour black)
    a = load_image(_png_bytes(Image.fromarray(rgba, "RGBA")))
    _check(a)
    np.testing.assert_array_equal(a[:32], np.broadcast_to([200, 0, 0], (32, 64, 3)))
    np.testing.assert_array_equal(a[32:], np.full((32, 64, 3), 255))


def test_greyscale_8_and_16_bit_become_three_equal_channels():
    grey = np.tile(np.arange(0, 256, 4, dtype=np.uint8), (64, 1))
    a = load_image(_png_bytes(Image.fromarray(grey)))
    _check(a)
    assert np.array_equal(a[..., 0], grey) and np.array_equal(a[..., 1], grey)
    a16 = load_image(_png_bytes(Image.fromarray(grey.astype(np.uint16) * 257)))
    _check(a16)
    np.testing.assert_array_equal(a16[..., 2], grey)   # 16-bit white is white, not clipped


def test_palette_images_with_and_without_transparency():
    p = _gradient(64, 64).convert("P", palette=Image.ADAPTIVE, colors=16)
    _check(load_image(_png_bytes(p)))
    p.info["transparency"] = 0
    a = load_image(_png_bytes(p, transparency=0))
    _check(a)
    index0 = np.asarray(p) == 0
    assert index0.any() and np.all(a[index0] == 255)


@pytest.mark.parametrize("w,h", [(640, 480), (37, 100), (10, 10), (64, 65)])
def test_any_size_becomes_64_by_64(w, h):
    _check(load_image(_png_bytes(_gradient(w, h))))
    _check(load_image(_png_bytes(_gradient(w, h)), fit="stretch"))


def test_crop_keeps_the_centre_and_stretch_keeps_everything():
    wide = np.zeros((64, 192, 3), dtype=np.uint8)
    wide[:, :64] = [255, 0, 0]
    wide[:, 64:128] = [0, 255, 0]
    wide[:, 128:] = [0, 0, 255]
    data = _png_bytes(Image.fromarray(wide))
    np.testing.assert_array_equal(load_image(data, fit="crop"), wide[:, 64:128])
    stretched = load_image(data, fit="stretch")
    assert stretched[32, 2, 0] > 200 and stretched[32, 61, 2] > 200
    with pytest.raises(ValueError, match="fit"):
        load_image(data, fit="zoom")


def test_jpeg_and_exif_rotation():
    img = _gradient(120, 60)
    exif = Image.Exif()
    exif[0x0112] = 6                      # "rotate 90° clockwise to display"
    rotated = load_image(_png_bytes(img, format="JPEG", exif=exif, quality=95))
    upright = load_image(_png_bytes(img.transpose(Image.Transpose.ROTATE_270), format="JPEG",
                                    quality=95))
    _check(rotated)
    assert np.abs(rotated.astype(int) - upright.astype(int)).mean() < 4


def test_not_an_image_gives_a_clear_message(tmp_path):
    path = tmp_path / "notes.png"
    path.write_text("这不是图片 (this is not an image)\n", encoding="utf-8")
    with pytest.raises(ImageLoadError, match="无法读取") as err:
        load_image(path)
    assert "cannot identify image file" in str(err.value) and "notes.png" in str(err.value)
    with pytest.raises(ImageLoadError, match="不是可识别的图片格式"):
        load_image(b"<html><body>404</body></html>")


def test_truncated_and_empty_files_give_a_clear_message():
    data = _png_bytes(_gradient(200, 200))
    with pytest.raises(ImageLoadError, match="损坏"):
        load_image(data[: len(data) // 2])
    with pytest.raises(ImageLoadError, match="空的"):
        load_image(b"")


def test_missing_file_says_so(tmp_path):
    with pytest.raises(FileNotFoundError, match="找不到图片文件"):
        load_image(tmp_path / "no_such_cat.jpg")


def test_image_to_x_matches_the_dataset_preprocessing():
    batch = np.random.default_rng(1).integers(0, 256, (5, 64, 64, 3), dtype=np.uint8)
    X = image_to_x(batch)
    np.testing.assert_array_equal(X, batch.reshape(5, -1).T / 255.)
    x = image_to_x(batch[3])
    assert x.shape == (12288, 1) and x.dtype == np.float64
    np.testing.assert_array_equal(x, X[:, 3:4])
    with pytest.raises(ValueError, match="load_image"):
        image_to_x(np.zeros((32, 32, 3), dtype=np.uint8))


@pytest.mark.data
def test_image_to_x_on_the_cat_data(cat_data):
    train_x_orig = cat_data[0]
    np.testing.assert_array_equal(image_to_x(train_x_orig),
                                  train_x_orig.reshape(train_x_orig.shape[0], -1).T / 255.)
    # a dataset image saved as a PNG and read back is the same image
    np.testing.assert_array_equal(load_image(_png_bytes(Image.fromarray(train_x_orig[7]))),
                                  train_x_orig[7])


def test_cat_probability_and_description():
    rng = np.random.default_rng(2)
    img = rng.integers(0, 256, (64, 64, 3), dtype=np.uint8)
    params = {"W1": rng.normal(size=(1, 12288)) * 0.01, "b1": np.array([[0.3]])}
    z = float((params["W1"] @ image_to_x(img))[0, 0] + 0.3)
    assert images.cat_probability(img, params) == pytest.approx(1 / (1 + np.exp(-z)), rel=1e-12)
    classes = np.array([b"non-cat", b"cat"])
    assert images.describe_prediction(0.912, 1, classes) == "p(cat) = 0.912 -> cat (true: cat, right)"
    assert images.describe_prediction(0.2, 1, classes).endswith("(true: cat, WRONG)")
    assert images.describe_prediction(0.2) == "p(cat) = 0.200 -> non-cat"


def test_load_image_closes_its_file(tmp_path):
    """A path is opened with `with`: no ResourceWarning for an unclosed file (notebook 12)."""
    import gc
    import warnings

    from PIL import Image

    from dnn_utils.images import load_image
    path = tmp_path / "wide.png"
    Image.new("RGB", (120, 60), (10, 200, 30)).save(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        img = load_image(path)
        gc.collect()
    assert img.shape == (64, 64, 3) and img[32, 32].tolist() == [10, 200, 30]
