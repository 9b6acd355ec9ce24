"""Widgets of notebooks 11-12: your own photo through the cat classifier, and the test images."""
from html import escape

import matplotlib.pyplot as plt
import numpy as np

from ..images import classify_source, describe_prediction, image_to_x
from ..model import L_model_forward
from ._base import ipywidgets

__all__ = ["own_image_classifier", "cat_image_browser"]


def _upload_bytes(value):
    """(name, bytes) of the first file in a FileUpload value (ipywidgets 8: a tuple of dicts;
    ipywidgets 7: a dict name -> dict), or None when nothing is uploaded."""
    files = list(value.values()) if isinstance(value, dict) else list(value or ())
    if not files:
        return None
    f = files[0]
    name = f.get("name") or (f.get("metadata") or {}).get("name", "upload")
    return name, bytes(f["content"])


def _show_image(out, img, title):
    with out:
        out.clear_output(wait=True)
        if img is not None:
            _, ax = plt.subplots(figsize=(2.6, 2.8))
            ax.imshow(img, interpolation="nearest")
            ax.set_title(title, fontsize=9)
            ax.axis("off")
            plt.show()


def own_image_classifier(parameters, classes=("non-cat", "cat"), path=""):
    """Upload a photo, or type a path and press the button: shows the 64x64 picture the model
    sees and its P(cat); an unreadable file gives a message (status.value), not a traceback."""
    w = ipywidgets()
    upload = w.FileUpload(accept="image/*", multiple=False, description="上传图片")
    path_box = w.Text(value=str(path), placeholder="或输入图片路径 (or type a path)",
                      description="路径", layout=w.Layout(width="32em"))
    button = w.Button(description="识别路径 (classify)")
    status = w.HTML()
    out = w.Output()

    def show(source, name):
        img, text = classify_source(source, parameters, classes)
        status.value = f"<b>{escape(str(name))}</b>: {escape(text)}"
        _show_image(out, img, text.split(" (")[0])

    def on_upload(change):
        got = _upload_bytes(change["new"])
        if got is not None:
            show(got[1], got[0])

    upload.observe(on_upload, names="value")
    button.on_click(lambda _: show(path_box.value.strip(), path_box.value.strip()))
    box = w.VBox([w.HBox([upload]), w.HBox([path_box, button]), status, out])
    box.upload, box.path_box, box.button, box.status = upload, path_box, button, status
    return box


def cat_image_browser(images, labels, parameters, classes=("non-cat", "cat")):
    """Slider over the images (k, 64, 64, 3) with the model's P(cat) and the true label; a
    checkbox restricts it to the misclassified ones."""
    w = ipywidgets()
    labels = np.asarray(labels).reshape(-1)
    probs = L_model_forward(image_to_x(images), parameters)[0][0]
    wrong = [i for i in range(len(images)) if int(probs[i] > 0.5) != labels[i]]
    only_wrong = w.Checkbox(value=False, description=f"只看分错的 (only the {len(wrong)} mistakes)",
                            indent=False, layout=w.Layout(width="auto"))
    pick = w.SelectionSlider(options=list(range(len(images))), value=0, description="index")
    status = w.HTML()
    out = w.Output()

    def redraw(*_):
        i = pick.value
        text = describe_prediction(probs[i], labels[i], classes)
        status.value = f"index {i}: {escape(text)}"
        _show_image(out, images[i], f"index {i}: p(cat) = {probs[i]:.3f}")

    def refilter(*_):
        keep = wrong if only_wrong.value and wrong else list(range(len(images)))
        pick.options = keep
        pick.value = keep[0]
        redraw()

    pick.observe(redraw, names="value")
    only_wrong.observe(refilter, names="value")
    redraw()
    box = w.VBox([w.HBox([pick, only_wrong]), status, out])
    box.pick, box.only_wrong, box.status, box.probs = pick, only_wrong, status, probs
    return box
