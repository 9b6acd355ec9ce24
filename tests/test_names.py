"""dnn_utils._names: lookups by name that list the valid ones, and old keywords after a rename."""
import inspect

import pytest

from dnn_utils import draw_network, initialize_parameters_deep
from dnn_utils._names import pick, renamed_keywords


def test_pick_lists_the_valid_names():
    assert pick({"a": 1, "b": 2}, "b", "东西 (thing)") == 2
    with pytest.raises(ValueError, match=r"未知的东西 \(thing\)：'c'；可选 \(valid\)：'a', 'b'"):
        pick({"a": 1, "b": 2}, "c", "东西 (thing)")
    with pytest.raises(ValueError, match="'a'"):
        pick({"a": 1}, ["unhashable"], "东西")
    with pytest.raises(ValueError, match="'small', 'lecun'"):
        initialize_parameters_deep([2, 1], init="he")


def test_renamed_keywords_passes_the_old_name_on():
    @renamed_keywords(old="new")
    def f(x, new=0):
        return x + new

    assert f(1, old=2) == f(1, new=2) == f(1, 2) == 3
    assert list(inspect.signature(f).parameters) == ["x", "new"]  # the signature shows the new name
    assert f.renamed_keywords == {"old": "new"} and f.__name__ == "f"
    with pytest.raises(TypeError, match="old="):
        f(1, old=2, new=3)
    with pytest.raises(TypeError):
        f(1, 2, old=3)  # positional and old keyword for the same argument


def test_draw_network_takes_the_old_keyword():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    ax = draw_network(layer_sizes=[2, 3, 1])
    assert ax.get_title().startswith("L = 2")
    plt.close("all")
