"""Own work (issue 20): a check fails when the function under test is, wraps or calls the course's
reference implementation of the same exercise, however it reaches it; calling the reference of
another block is fine. Also under a fresh import of the checkers (the grader's) and in a kernel."""
import importlib
import sys

import numpy as np
import pytest

import dnn_utils
import testCases
from course_solutions import solution as S
from testCases import CheckFailed, own_work


def _defs(source):
    """The functions a notebook cell with this source would define."""
    ns = {"np": np}
    exec(source, ns)
    return ns


def _uses_reference(checker, *fns, hint_id):
    profile = sys.getprofile()
    with pytest.raises(CheckFailed) as err:
        checker(*fns)
    assert err.value.hint_id == hint_id, str(err.value)
    assert "参考实现" in str(err.value)
    assert sys.getprofile() is profile          # the watch leaves no hook behind
    return err.value


COPYCATS = {
    "import": "from dnn_utils import linear_forward",
    "import from the module": "from dnn_utils.layers import linear_forward",
    "alias bound earlier": "from dnn_utils import linear_forward as lf\nlinear_forward = lf",
    "wrapper": "import dnn_utils\ndef linear_forward(A, W, b):\n    return dnn_utils.linear_forward(A, W, b)",
    "wrapper of an alias": ("from dnn_utils.layers import linear_forward as _lf\n"
                            "def linear_forward(A, W, b):\n    Z, cache = _lf(A, W, b)\n    return Z + 0.0, cache"),
    "getattr on the package": ("import dnn_utils\ndef linear_forward(A, W, b):\n"
                               "    return getattr(dnn_utils, 'linear_' + 'forward')(A, W, b)"),
    "getattr on another module": ("import importlib\ndef linear_forward(A, W, b):\n"
                                  "    return getattr(importlib.import_module('dnn_utils.layers'), 'linear_forward')(A, W, b)"),
    "through a later block": ("import dnn_utils\ndef linear_forward(A, W, b):\n"
                              "    A_out, ((A0, W0, b0), Z) = dnn_utils.linear_activation_forward(A, W, b, 'relu')\n"
                              "    return Z, (A0, W0, b0)"),
}


@pytest.mark.parametrize("how", list(COPYCATS))
def test_the_reference_reached_any_way_fails(how):
    fn = _defs(COPYCATS[how])["linear_forward"]
    _uses_reference(testCases.linear_forward_test, fn, hint_id="linear_forward.uses_reference")


@pytest.mark.parametrize("name", ["initialize_parameters", "initialize_parameters_deep", "linear_forward",
                                  "linear_activation_forward", "L_model_forward", "compute_cost", "linear_backward",
                                  "linear_activation_backward", "L_model_backward", "update_parameters",
                                  "two_layer_model"])
def test_every_block_refuses_its_own_reference(name):
    _uses_reference(getattr(testCases, f"{name}_test"), getattr(dnn_utils, name), hint_id=f"{name}.uses_reference")


def test_other_exercises_refuse_their_references():
    from dnn_utils import autograd as ag, logic, mlp, shapes

    _uses_reference(testCases.first_bad_layer_test, shapes.first_bad_layer, hint_id="first_bad_layer.uses_reference")
    _uses_reference(testCases.first_bad_layer_test,
                    lambda p, d: None if shapes.check_parameter_shapes(p, d) is None else
                    int(shapes.check_parameter_shapes(p, d).split()[1]),
                    hint_id="first_bad_layer.uses_reference")
    # the table of expected shapes is not the exercise: using it is fine
    testCases.first_bad_layer_test(lambda p, d: next(
        (l for l in range(1, len(d)) for k in (f"W{l}", f"b{l}")
         if k not in p or p[k].shape != shapes.layer_shapes(d)[k]), None))
    _uses_reference(testCases.parity_counts_test, logic.parity_counts, hint_id="parity_counts.uses_reference")
    _uses_reference(testCases.mlp_backward_test, mlp.backward, hint_id="mlp_backward.uses_reference")
    _uses_reference(testCases.dz_all_layers_test, dnn_utils.model.dz_all_layers,
                    hint_id="dz_all_layers.uses_reference")
    _uses_reference(testCases.row_layout_gradients_test,
                    lambda G, A_prev, W: tuple(g.T * A_prev.shape[0] if i else g.T for i, g in
                                               enumerate(dnn_utils.linear_backward(G.T, (A_prev.T, W.T, None)))),
                    hint_id="row_layout_gradients.uses_reference")
    _uses_reference(testCases.refine_candidates_test, dnn_utils.training.refine_candidates,
                    hint_id="refine_candidates.uses_reference")
    _uses_reference(testCases.dendritic_xor_weights_test, logic.dendritic_xor_weights,
                    hint_id="dendritic_xor_weights.uses_reference")

    def mm_t_by_the_engine(grad, a, b):
        ta, tb = ag.tensor(a, requires_grad=True), ag.tensor(b, requires_grad=True)
        (ta @ tb.t()).backward(grad)
        return ta.grad.data, tb.grad.data
    _uses_reference(testCases.mm_t_backward_test, mm_t_by_the_engine, hint_id="mm_t_backward.uses_reference")


def test_the_training_exercises_refuse_the_references_internals():
    from dnn_utils import early_stopping, training

    def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        parameters = S("initialize_parameters")(*layers_dims)
        return training.gradient_descent(X, Y, parameters, learning_rate, num_iterations)
    _uses_reference(testCases.two_layer_model_test, two_layer_model, hint_id="two_layer_model.uses_reference")

    def two_layer_as_deep(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        return dnn_utils.L_layer_model(X, Y, list(layers_dims), learning_rate, num_iterations)
    _uses_reference(testCases.two_layer_model_test, two_layer_as_deep, hint_id="two_layer_model.uses_reference")

    def wrapped(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False,
                seed=1, init="lecun", every=100):
        return early_stopping.L_layer_model_snapshots(X, Y, layers_dims, learning_rate, num_iterations,
                                                      seed=seed, init=init, every=every)
    _uses_reference(testCases.L_layer_model_snapshots_test, wrapped,
                    hint_id="L_layer_model_snapshots.uses_reference")
    _uses_reference(testCases.L_layer_model_snapshots_test, early_stopping.L_layer_model_snapshots,
                    hint_id="L_layer_model_snapshots.uses_reference")

    def retrained_for_each_snapshot(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False,
                                    seed=1, init="lecun", every=100):
        # right values, but the course's L_layer_model run once per snapshot instead of the loop
        snapshots = {i: dnn_utils.L_layer_model(X, Y, layers_dims, learning_rate, i, seed=seed, init=init)[0]
                     for i in range(every, num_iterations, every)}
        snapshots[0] = dnn_utils.initialize_parameters_deep(layers_dims, seed=seed, init=init)
        parameters, costs = dnn_utils.L_layer_model(X, Y, layers_dims, learning_rate, num_iterations,
                                                    seed=seed, init=init)
        return parameters, costs, {**snapshots, num_iterations: parameters}
    _uses_reference(testCases.L_layer_model_snapshots_test, retrained_for_each_snapshot,
                    hint_id="L_layer_model_snapshots.uses_reference")


def test_network_gradient_names_the_function_that_used_its_reference():
    err = _uses_reference(testCases.network_gradient_test, dnn_utils.L_model_forward, S("L_model_backward"),
                          hint_id="L_model_forward.uses_reference")
    assert err.checker == "network_gradient"
    _uses_reference(testCases.network_gradient_test, S("L_model_forward"), dnn_utils.L_model_backward,
                    hint_id="L_model_backward.uses_reference")


def test_own_implementations_may_call_the_references_of_other_blocks(capsys):
    ns = _defs(
        "import dnn_utils\n"
        "def linear_activation_forward(A_prev, W, b, activation):\n"
        "    Z, linear_cache = dnn_utils.linear_forward(A_prev, W, b)\n"
        "    A = 1 / (1 + np.exp(-Z)) if activation == 'sigmoid' else np.maximum(0, Z)\n"
        "    return A, (linear_cache, Z)\n"
        "def L_model_forward(X, parameters):\n"
        "    L = len(parameters) // 2\n"
        "    A, caches = X, []\n"
        "    for l in range(1, L + 1):\n"
        "        A, cache = dnn_utils.linear_activation_forward(A, parameters['W' + str(l)], parameters['b' + str(l)],\n"
        "                                                       'sigmoid' if l == L else 'relu')\n"
        "        caches.append(cache)\n"
        "    return A, caches\n")
    testCases.linear_activation_forward_test(ns["linear_activation_forward"])
    testCases.L_model_forward_test(ns["L_model_forward"])
    testCases.two_layer_model_test(S("two_layer_model"))     # the notebook's: blocks from dnn_utils
    out = capsys.readouterr().out
    assert out.count("✓") == 3 and "⚠" not in out


def test_a_fresh_import_of_the_checkers_still_sees_the_notebooks_copy():
    """The grader imports testCases and dnn_utils afresh; the learner's function calls the copy the
    notebook imported. Code is compared by location, so the copy is still the reference."""
    notebook_copy = dnn_utils
    ours = [k for k in sys.modules if k.split(".")[0] in ("testCases", "dnn_utils")]
    saved = {k: sys.modules.pop(k) for k in ours}
    try:
        fresh = importlib.import_module("testCases")
        assert fresh is not testCases and importlib.import_module("dnn_utils") is not notebook_copy

        def linear_forward(A, W, b):
            return notebook_copy.layers.linear_forward(A, W, b)
        with pytest.raises(fresh.CheckFailed) as err:
            fresh.linear_forward_test(linear_forward)
        assert err.value.hint_id == "linear_forward.uses_reference"
        with pytest.raises(fresh.CheckFailed) as err:
            fresh.two_layer_model_test(notebook_copy.two_layer_model)
        assert err.value.hint_id == "two_layer_model.uses_reference"
        fresh.linear_forward_test(S("linear_forward"))
    finally:
        for k in [k for k in sys.modules if k.split(".")[0] in ("testCases", "dnn_utils")]:
            del sys.modules[k]
        sys.modules.update(saved)


def test_switching_the_watch_off_fails():
    def linear_forward(A, W, b):
        sys.setprofile(None)
        return S("linear_forward")(A, W, b)
    profile = sys.getprofile()
    with pytest.raises(CheckFailed) as err:
        testCases.linear_forward_test(linear_forward)
    assert err.value.hint_id == "linear_forward.tampered"
    assert sys.getprofile() is profile


def test_every_reference_resolves_and_every_id_has_its_text():
    for exercise, specs in own_work.REFERENCES.items():
        keys = own_work.reference_keys(exercise)
        assert len(keys) >= len(specs), exercise
        assert testCases.hints.text_of(f"{exercise}.uses_reference")


def test_a_blank_exercise_is_still_not_done():
    def linear_forward(A, W, b):
        raise NotImplementedError()
    with pytest.raises(CheckFailed) as err:
        testCases.linear_forward_test(linear_forward)
    assert err.value.hint_id == "linear_forward.not_done"


def test_in_the_notebook_kernel(tmp_path):
    """nbgrader's autograde runs the check cell in the notebook's own kernel: the copycat fails there."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import testCases\nfrom dnn_utils import linear_forward"),
                nbformat.v4.new_code_cell("try:\n    testCases.linear_forward_test(linear_forward)\n"
                                          "except AssertionError as err:\n    print('HINT', err.hint_id)")]
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert "HINT linear_forward.uses_reference" in nb.cells[1].outputs[0]["text"]
