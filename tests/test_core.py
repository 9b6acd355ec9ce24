"""The checker toolkit: hint registry, strict validation, failure ids, composed checks, show()."""
import numpy as np
import pytest

from testCases._core import CheckFailed, Checker, show
from testCases.hints import HINTS, Hint, hint


def fail_of(fn):
    with pytest.raises(CheckFailed) as info:
        fn()
    return info.value


def test_hint_registry_keeps_id_and_refuses_a_second_text():
    h = hint("core_test.example", "第 {n} 项")
    assert isinstance(h, Hint) and h.id == "core_test.example" and HINTS[h.id] == "第 {n} 项"
    assert h.format(n=3) == "第 3 项" and h.format(n=3).id == h.id
    assert hint("core_test.example", "第 {n} 项").id == h.id
    with pytest.raises(ValueError):
        hint("core_test.example", "别的文字")


def test_fail_ids_explicit_then_hint_then_kind():
    c = Checker("demo")
    assert fail_of(lambda: c.fail("x", hint_id="demo.own")).hint_id == "demo.own"
    err = fail_of(lambda: c.fail("x", hint("core_test.h", "文字")))
    assert (err.hint_id, err.hint, err.checker) == ("core_test.h", "文字", "demo")
    assert fail_of(lambda: c.fail("x", "plain", kind="wrong_value")).hint_id == "demo.wrong_value"


@pytest.mark.parametrize("value, kind", [
    (None, "returned_none"), ("1.0", "not_numeric"), ({"a": 1}, "not_numeric"), ([1.0, 2.0], "not_numeric"),
    (np.array(["1.0", "2.0"]), "string_array"), (np.array([True, False]), "bool"),
    (np.array([1 + 1j, 2 + 0j]), "complex"), (np.array([1.0, None], dtype=object), "object_array"),
    (np.array([1.0, np.nan]), "not_finite"), (np.array([1.0, np.inf]), "not_finite"),
    (np.zeros((2, 1)), "wrong_shape"), (np.float64(1.0), "not_numeric"), (np.array(1.0), "wrong_shape"),
])
def test_close_refuses_everything_but_a_real_finite_array(value, kind):
    err = fail_of(lambda: Checker("demo").close(value, np.array([1.0, 2.0]), "v"))
    assert err.hint_id == f"demo.{kind}"


@pytest.mark.parametrize("value, kind", [
    ([[1.0, 2.0], [3.0]], "ragged"), ([True, 1.0], "bool"), ([1j, 1.0], "complex"), (["1", 2.0], "not_numeric"),
])
def test_lists_only_when_allowed_and_then_validated(value, kind):
    err = fail_of(lambda: Checker("demo").close(value, np.array([1.0, 2.0]), "v", allow_list=True))
    assert err.hint_id == f"demo.{kind}"
    Checker("demo").close([1, 2.0], np.array([1.0, 2.0]), "v", allow_list=True)


def test_scalars_accept_numbers_and_refuse_bools_and_complex():
    c = Checker("demo")
    for ok in (0.5, np.float32(0.5), np.array(0.5), 1 / 2):
        c.close(ok, 0.5, "s")
    assert fail_of(lambda: c.close(True, 1.0, "s")).hint_id == "demo.bool"
    assert fail_of(lambda: c.close(0.5 + 0j, 0.5, "s")).hint_id == "demo.complex"


def test_float32_passes_and_messages_never_crash():
    want = np.linspace(-1, 1, 6).reshape(2, 3)
    Checker("demo").close(want.astype(np.float32), want, "v", atol=1e-6)
    err = fail_of(lambda: Checker("demo").close(want + 1, want, "v"))
    assert "期望 expected" in str(err) and err.hint_id == "demo.wrong_value"


def test_hidden_case_prints_no_expected_numbers():
    want = np.array([[0.123456789, 2.5]])
    err = fail_of(lambda: Checker("demo").close(want + 1, want, "v", hidden=True))
    assert "0.123456" not in str(err) and "2.5" not in str(err).replace("3.5", "") and "diff" not in str(err)


def test_keys_with_mixed_int_and_str_keys():
    err = fail_of(lambda: Checker("demo").keys({1: 0, "a": 0, 2.5: 0}, ["W1", "b1"], "p"))
    assert err.hint_id == "demo.wrong_keys" and "W1" in str(err)


def test_is_type_refuses_bool_for_int():
    assert fail_of(lambda: Checker("demo").is_type(True, int, "L")).hint_id == "demo.wrong_type"


def test_shape_error_note_is_kept(capsys):
    c = Checker("demo")

    def bad(x):
        return np.ones((2, 3)) @ np.ones((2, 3))
    with pytest.raises(ValueError) as info:
        c.call(bad, 1, error_hint="W 在左边")
    err = info.value
    text = "\n".join(getattr(err, "__notes__", [])) + str(err)
    assert "W 在左边" in text


def _reference_block(x):
    return 2 * x


def test_reference_blocks_swaps_a_wrong_result_and_restores_the_block(capsys):
    g = {}
    exec("def block(x):\n    return x + 3\n"
         "def composed(x):\n    return block(x) + 1\n", g)
    learner_block = g["block"]
    c = Checker("composed")
    with c.reference_blocks(g["composed"], [("block", _reference_block)]):
        assert g["composed"](2.0) == 5.0
    assert g["block"] is learner_block
    out = capsys.readouterr().out
    assert "⚠ 你的 block 在这里算出的结果与参考实现不同" in out and "composed" in out and "✓" not in out
    with pytest.raises(RuntimeError):
        with c.reference_blocks(g["composed"], [("block", _reference_block)]):
            raise RuntimeError
    assert g["block"] is learner_block


def test_reference_blocks_keeps_a_block_that_agrees(capsys):
    g = {}
    exec("def block(x):\n    return x * 2\n"
         "def composed(x):\n    return block(x) + 1\n", g)
    with Checker("composed").reference_blocks(g["composed"], [("block", _reference_block)]):
        assert g["composed"](2.0) == 5.0
    assert "⚠" not in capsys.readouterr().out


def test_reference_blocks_never_changes_the_meaning_of_a_call_the_reference_cannot_make(capsys):
    """A block is replaced only by one computing the same thing for the learner's arguments:
    where the reference refuses them, the learner's block stands."""
    g = {}
    exec("def block(x, scale):\n    return x * scale\n"
         "def composed(x):\n    return block(x, 10)\n", g)
    with Checker("composed").reference_blocks(g["composed"], [("block", _reference_block)]):
        assert g["composed"](2.0) == 20.0
    assert "⚠" not in capsys.readouterr().out


def test_reference_blocks_replaces_a_block_that_raises(capsys):
    g = {}
    exec("def block(x):\n    raise NotImplementedError()\n"
         "def composed(x):\n    return block(x) + 1\n", g)
    with Checker("composed").reference_blocks(g["composed"], [("block", _reference_block)]):
        assert g["composed"](2.0) == 5.0
    assert "⚠ 你的 block 还没有完成" in capsys.readouterr().out


def test_checker_names_are_ascii_ids_and_titles_are_free():
    with pytest.raises(ValueError):
        Checker("network_gradient（L_model_forward + ...）")
    c = Checker("network_gradient", title="network_gradient（梯度检验）")
    err = fail_of(lambda: c.fail("x", kind="wrong_value"))
    assert err.hint_id == "network_gradient.wrong_value" and str(err).startswith("✗ network_gradient（梯度检验）：")


def test_success_line_carries_no_count(capsys):
    with Checker("demo") as c:
        c.ok()
        c.ok()
    assert capsys.readouterr().out == "✓ demo：通过全部检查\n" and c.count == 2


def test_show_never_raises(capsys):
    import dnn_utils

    show(dnn_utils.linear_forward)
    assert "3.26295337" in capsys.readouterr().out

    def linear_forward(A, W, b):
        raise NotImplementedError()
    show(linear_forward)
    assert "还没有完成" in capsys.readouterr().out

    def linear_backward(dZ, cache):
        return 1 / 0
    show(linear_backward)
    assert "ZeroDivisionError" in capsys.readouterr().out
    show(42)
    show(lambda: None)
    capsys.readouterr()


def test_show_runs_both_activations_and_keeps_dict_order(capsys):
    import dnn_utils

    show(dnn_utils.linear_activation_forward)
    out = capsys.readouterr().out
    assert 'activation="sigmoid"' in out and 'activation="relu"' in out and "0.96890023" in out
    show(dnn_utils.initialize_parameters)
    out = capsys.readouterr().out
    assert out.index("W1 =") < out.index("b1 =") < out.index("W2 =")


def test_a_value_two_mistakes_explain_names_both():
    from testCases.hints import text_of
    want = np.array([1.0, 2.0])
    first, second = hint("core_test.first", "第一种"), hint("core_test.second", "第二种")
    err = fail_of(lambda: Checker("demo").close(want * 2, want, "v", wrong=[(want * 2, first), (want * 2, second)]))
    assert err.hint_id == "demo.several_mistakes" and "第一种" in err.hint and "第二种" in err.hint
    assert text_of("linear_forward.several_mistakes")
    err = fail_of(lambda: Checker("demo").close(want * 2, want, "v", wrong=[(want * 3, first), (want * 2, second)]))
    assert err.hint_id == "core_test.second"
