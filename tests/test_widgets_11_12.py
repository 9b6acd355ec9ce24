"""Widgets of notebooks 11-12 (your own image, the test-image browser), driven without a browser."""
import datetime as dt
import io

import numpy as np
import pytest
from PIL import Image

pytest.importorskip("ipywidgets")

from dnn_utils import widgets  # noqa: E402
from dnn_utils.widgets.cat import _upload_bytes  # noqa: E402
from dnn_utils.images import classify_source, image_to_x  # noqa: E402

NOW = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


@pytest.fixture
def params():
    """A logistic unit on the mean red minus mean blue: red pictures are "cats"."""
    w = np.zeros((3, 64 * 64))
    w[0], w[2] = 1.0, -1.0
    W1 = (w.T.reshape(-1) * 8.0 / (64 * 64)).reshape(1, -1)
    return {"W1": W1, "b1": np.zeros((1, 1))}


def _png(rgb, mode=None):
    buf = io.BytesIO()
    Image.fromarray(rgb, mode).save(buf, format="PNG")
    return buf.getvalue()


def _solid(colour, size=(64, 64)):
    return np.broadcast_to(np.array(colour, dtype=np.uint8), (*size, 3)).copy()


def test_params_fixture_is_red_minus_blue(params):
    red = image_to_x(_solid([255, 0, 0]))
    assert (params["W1"] @ red)[0, 0] == pytest.approx(8.0)


def test_classify_source_scores_a_picture_and_explains_a_bad_one(params):
    img, text = classify_source(_png(_solid([255, 0, 0], (120, 90))), params)
    assert img.shape == (64, 64, 3) and text.startswith("p(cat) = 1.000 -> cat")
    img, text = classify_source(b"not an image", params)
    assert img is None and "无法读取" in text and "cannot identify" in text


def test_own_image_classifier_path_option(params, tmp_path):
    rgba = np.zeros((50, 80, 4), dtype=np.uint8)
    rgba[..., 2], rgba[..., 3] = 255, 255          # opaque blue, RGBA, not 64x64
    path = tmp_path / "blue.png"
    Image.fromarray(rgba, "RGBA").save(path)
    box = widgets.own_image_classifier(params, path=str(path))
    box.button.click()
    assert "blue.png" in box.status.value and "-&gt; non-cat" in box.status.value
    box.path_box.value = str(tmp_path / "missing.jpg")
    box.button.click()
    assert "找不到图片文件" in box.status.value


def _simulate_upload(upload, name, content):
    """What the browser does when a file is chosen, in the format of the installed ipywidgets
    (8: value is a tuple of dicts; 7: value is read-only, a dict name -> {metadata, content})."""
    import ipywidgets
    if int(ipywidgets.__version__.split(".")[0]) >= 8:
        upload.value = ({"name": name, "type": "image/png", "size": len(content), "last_modified": NOW,
                         "content": memoryview(content)},)
    else:
        upload.set_trait("value", {name: {"metadata": {"name": name, "size": len(content)},
                                          "content": content}})


def test_own_image_classifier_upload(params):
    box = widgets.own_image_classifier(params, classes=np.array([b"non-cat", b"cat"]))
    grey = np.full((30, 200), 90, dtype=np.uint8)
    _simulate_upload(box.upload, "grey.png", _png(grey))
    assert "grey.png" in box.status.value and "p(cat) = 0.500" in box.status.value
    _simulate_upload(box.upload, "oops.jpg", b"oops")
    assert "oops.jpg" in box.status.value and "无法读取" in box.status.value


def test_upload_bytes_reads_both_ipywidgets_formats():
    assert _upload_bytes(()) is None
    assert _upload_bytes({}) is None
    v8 = ({"name": "a.png", "content": memoryview(b"xy")},)
    v7 = {"a.png": {"metadata": {"name": "a.png"}, "content": b"xy"}}
    assert _upload_bytes(v8) == ("a.png", b"xy") == _upload_bytes(v7)


def test_cat_image_browser(params):
    imgs = np.stack([_solid([255, 0, 0]), _solid([0, 0, 255]), _solid([200, 0, 30])])
    labels = np.array([[1, 1, 0]])                    # index 1 and 2 are misclassified
    box = widgets.cat_image_browser(imgs, labels, params, np.array([b"non-cat", b"cat"]))
    assert "index 0: p(cat) = 1.000 -&gt; cat (true: cat, right)" in box.status.value
    box.pick.value = 1
    assert "(true: cat, WRONG)" in box.status.value
    box.only_wrong.value = True
    assert list(box.pick.options) == [1, 2]
    assert box.status.value.startswith("index 1:")
    box.pick.value = 2
    assert "-&gt; cat (true: non-cat, WRONG)" in box.status.value
    box.only_wrong.value = False
    assert len(box.pick.options) == 3
