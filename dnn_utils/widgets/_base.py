"""What every widget module shares: ipywidgets imported on first use, and the redraw loop."""
import matplotlib.pyplot as plt


def ipywidgets():
    """The ipywidgets module, imported only when a widget is built (importing dnn_utils never needs it)."""
    try:
        import ipywidgets
    except ImportError as err:
        raise ImportError("交互演示需要 ipywidgets：请运行 pip install ipywidgets "
                          "(ipywidgets is required for the interactive demos)") from err
    return ipywidgets


def redraw_on_change(out, controls, draw, caption=None):
    """Draw into the Output widget `out` now and again whenever a control's value changes.
    draw() makes the figure; caption(), if given, returns a line printed under it."""
    def redraw(*_):
        with out:
            out.clear_output(wait=True)
            draw()
            plt.show()
            if caption is not None:
                print(caption())

    for control in controls:
        control.observe(redraw, names="value")
    redraw()
