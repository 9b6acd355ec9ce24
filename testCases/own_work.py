"""Own work: the check of an exercise fails when the function under test is, wraps or calls the
course's reference implementation of that same exercise (issue 20).

While ``Checker.call`` runs the learner's function, a profile hook (``sys.setprofile``) sees every
Python call and notes those whose code belongs to the exercise's reference set: the reference
itself (imported, renamed, wrapped, reached through ``getattr`` or another module of dnn_utils)
and, for the training exercises, the reference's internals (``training.gradient_descent``).
Code is compared by its location, the file's path below the ``dnn_utils`` package plus the
function's qualified name, not by object identity: the grader checks with a fresh import of
dnn_utils while the learner's functions call the notebook's copy. Later exercises may call the
references of earlier blocks (the notebooks do), so each set names only its own exercise.

Decisions: row_layout_gradients (06) is linear_backward without the 1/m, applied to transposes, so
linear_backward is its reference; numerical_jacobian may use numerical_gradient (06 builds a
Jacobian from it); forward_single/forward_vectorized (02) may not run the whole-network forward of
05; first_bad_layer (03) may use shapes.layer_shapes (the table it checks against), not the tool.
"""
import importlib
import os
import sys
import threading

from .hints import hint

__all__ = ["REFERENCES", "OWN_WORK", "reference_keys", "code_key", "same_code", "watch", "paused"]

# exercise -> the reference code it may not run, as "module.attribute[.attribute]" below dnn_utils.
# A function's nested code (closures, lambdas, inner loops) belongs to it.
REFERENCES = {
    "forward_single": ("model.L_model_forward", "widgets.forward_activations"),
    "forward_vectorized": ("model.L_model_forward", "widgets.forward_activations"),
    "first_bad_layer": ("shapes.first_bad_layer", "shapes.check_parameter_shapes"),
    "parity_counts": ("logic.parity_counts",),
    "parity_network": ("logic.parity_counting_parameters",),
    "initialize_parameters": ("model.initialize_parameters",),
    "initialize_parameters_deep": ("model.initialize_parameters_deep",),
    "linear_forward": ("layers.linear_forward",),
    "linear_activation_forward": ("layers.linear_activation_forward",),
    "L_model_forward": ("model.L_model_forward",),
    "compute_cost": ("model.compute_cost",),
    "linear_backward": ("layers.linear_backward",),
    "linear_activation_backward": ("layers.linear_activation_backward",),
    "L_model_backward": ("model.L_model_backward",),
    "update_parameters": ("model.update_parameters",),
    "row_layout_gradients": ("layers.linear_backward",),
    "dz_all_layers": ("model.dz_all_layers",),
    "backward_pass": ("autograd.Tensor.backward",),
    "mm_t_backward": ("autograd.mm", "autograd.t"),
    "mlp_backward": ("mlp.backward",),
    "refine_candidates": ("training.refine_candidates",),
    "dendritic_xor_weights": ("logic.dendritic_xor_weights",),
    "two_layer_model": ("training.two_layer_model", "training.gradient_descent"),
    "L_layer_model_snapshots": ("early_stopping.L_layer_model_snapshots", "training.L_layer_model",
                                "training.gradient_descent"),
}

# What the hint says may be used instead (default: the earlier blocks).
_INSTEAD = {
    "backward_pass": "这个练习就是自己写出 backward：不要调用引擎的 .backward()，用 ag.topological_order、"
                     "t.grad_fn.parents 和 t.grad_fn.apply(g)。",
    "mm_t_backward": "用 numpy 的 @ 和 .T 直接写出两个梯度，不要借引擎（张量的 @、.t()、backward）去算。",
    "two_layer_model": "训练循环要自己写；积木 initialize_parameters、linear_activation_forward、compute_cost、"
                       "linear_activation_backward、update_parameters 可以调用。",
    "L_layer_model_snapshots": "训练循环和快照要自己写（也不要为每份快照调用一次 L_layer_model 重新训练）；积木 "
                               "initialize_parameters_deep、L_model_forward、compute_cost、L_model_backward、"
                               "update_parameters 可以调用。",
    "row_layout_gradients": "从迹的推导或从形状自己写出三个梯度，不要借 linear_backward（它是样本按列排的版本，还带着 1/m）。",
    "first_bad_layer": "逐层比较形状要自己写；算出期望形状的 dnn_utils.shapes.layer_shapes 可以用。",
    "forward_single": "逐层写出 z = W a + b 和激活函数，不要调用整个网络的前向传播。",
    "forward_vectorized": "逐层写出 Z = W A + b 和激活函数，不要调用整个网络的前向传播。",
}


def _own_work_hint(exercise):
    names = "、".join(f"dnn_utils.{spec}" for spec in REFERENCES[exercise])
    return hint(f"{exercise}.uses_reference",
                f"这个练习要你自己写：不要导入、调用或包装课程的参考实现 {names}。"
                + _INSTEAD.get(exercise, "前面练习的积木可以调用参考实现（notebook 里就是这样做的）。"))


OWN_WORK = {exercise: _own_work_hint(exercise) for exercise in REFERENCES}

_PACKAGE = "dnn_utils"
_HAS_QUALNAME = sys.version_info >= (3, 11)
_KEYS = {}     # id(code) -> (code, key); holding the code keeps its id from being reused


def code_key(code):
    """(path below dnn_utils, qualified name) of a code object, None outside dnn_utils. Python
    3.10 has no co_qualname: (name, first line) stands in for it."""
    entry = _KEYS.get(id(code))
    if entry is None:
        key = None
        filename = code.co_filename
        if _PACKAGE in filename:
            parts = os.path.normpath(filename).split(os.sep)
            if _PACKAGE in parts[:-1]:
                below = len(parts) - 1 - parts[::-1].index(_PACKAGE)
                where = "/".join(parts[below + 1:])
                key = (where, code.co_qualname) if _HAS_QUALNAME else (where, code.co_name, code.co_firstlineno)
        entry = _KEYS[id(code)] = (code, key)
    return entry[1]


def _resolve(spec):
    """The code objects of "module.attr[.attr]" in this copy of dnn_utils, nested code included."""
    module_name, *attrs = spec.split(".")
    obj = importlib.import_module(f"{_PACKAGE}.{module_name}")
    for attr in attrs:
        obj = getattr(obj, attr)
    codes, todo = [], [obj.__code__]
    while todo:
        code = todo.pop()
        codes.append(code)
        todo.extend(c for c in code.co_consts if hasattr(c, "co_code"))
    return codes


_RESOLVED = {}


def reference_keys(exercise):
    """{code key: "dnn_utils.<module>.<name>"} of the exercise's reference set."""
    if exercise not in _RESOLVED:
        keys = {}
        for spec in REFERENCES.get(exercise, ()):
            for code in _resolve(spec):
                keys[code_key(code)] = f"{_PACKAGE}.{spec}"
        _RESOLVED[exercise] = keys
    return _RESOLVED[exercise]


def same_code(a, b):
    """Whether two functions are the same dnn_utils function, in whichever copy of the package."""
    ca, cb = getattr(a, "__code__", None), getattr(b, "__code__", None)
    if ca is None or cb is None:
        return a is b
    return ca is cb or (code_key(ca) is not None and code_key(ca) == code_key(cb))


class _Watch:
    def __init__(self, keys):
        self.keys = keys
        self.found = []        # names of the references called
        self.tampered = False  # the learner's code replaced the profile hook
        self.paused = 0        # >0 while the checker itself runs a reference (a block's guard)


_STACK = []
_SAVED = []


def _profile(frame, event, arg):
    if event == "call" and _STACK:
        top = _STACK[-1]
        if not top.paused and top.keys:
            key = code_key(frame.f_code)
            if key is not None and key in top.keys and top.keys[key] not in top.found:
                top.found.append(top.keys[key])


class watch:
    """``with watch("linear_forward") as w: fn(...)`` -> w.found lists the references called."""

    def __init__(self, exercise):
        self.state = _Watch(reference_keys(exercise) if exercise else {})

    def __enter__(self):
        if not _STACK:
            _SAVED.append((sys.getprofile(), getattr(threading, "getprofile", lambda: None)()))
            sys.setprofile(_profile)
            threading.setprofile(_profile)
        _STACK.append(self.state)
        return self.state

    def __exit__(self, *exc):
        self.state.tampered = sys.getprofile() is not _profile
        _STACK.remove(self.state)
        if not _STACK:
            previous, previous_threads = _SAVED.pop()
            sys.setprofile(previous)
            threading.setprofile(previous_threads)
        else:
            sys.setprofile(_profile)
        return False


class paused:
    """The checker's own reference calls inside a watch (a block's guard) are not the learner's."""

    def __enter__(self):
        if _STACK:
            _STACK[-1].paused += 1

    def __exit__(self, *exc):
        if _STACK:
            _STACK[-1].paused -= 1
        return False
