"""AppTest: check my answer (/check): pasted arrays and formulas named, on every model; bad input
gets a message and the last answer that could be read stays; short answers ride in the link."""

from __future__ import annotations

import numpy as np
import pytest

from hadviz.answers import formulas, layouts
from hadviz.problem import random_problem
from tests.problems import query

from .helpers import run_app

PAGE = "pages/check.py"
INT = {"m": "2", "n": "3", "seed": "0", "dist": "int"}


def paste(at, text: str, kind: str | None = None, intent: str | None = None):
    if kind is not None:
        at.radio(key="hv_p_input").set_value(kind).run()
    if intent is not None:
        at.selectbox(key="hv_p_as").set_value(intent).run()
    at.text_area(key="hv_p_answer").set_value(text).run()
    at.button(key="hv_check_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def verdict(at) -> str:
    boxes = [*at.success, *at.warning, *at.error, *at.info]
    return " | ".join(str(b.value) for b in boxes)


def test_right_jacobian_pasted_as_nested_list():
    p = random_problem(2, 3, 0, "int")
    at = paste(run_app(PAGE, **INT), repr(p.model.jacobian(p.W, *p.arrays).tolist()))
    assert at.success, verdict(at)
    assert "Right: this is J output first" in at.success[0].value
    assert at.query_params["answer"]  # short: kept in the link


def test_mistake_named_with_the_link_to_the_fix():
    p = random_problem(2, 3, 0, "int")
    two_ab = 2.0 * np.outer(p.a, p.b @ p.W)
    at = paste(run_app(PAGE, **INT), "\n".join(" ".join(f"{x:g}" for x in row) for row in two_ab))
    assert at.error and "2abᵀW" in at.error[0].value, verdict(at)
    assert "differs from the right answer in" in at.error[0].value


def test_formula_is_read_and_named():
    at = paste(run_app(PAGE, **INT), "(a b^T + b a^T) W", kind="formula")
    assert at.success and "the compact form G" in at.success[0].value, verdict(at)
    at = paste(at, "2 a b^T W")
    assert at.error and "2abᵀW" in at.error[0].value, verdict(at)


def test_intent_turns_a_right_layout_into_a_mix_up():
    p = random_problem(2, 3, 0, "int")
    row_major = p.model.jacobian(p.W, *p.arrays).reshape(3, 6)
    at = paste(run_app(PAGE, **INT), repr(row_major.tolist()), intent="vec-col")
    assert at.warning and "not the vec-Jacobian, column-major" in at.warning[0].value


@pytest.mark.parametrize("text", [
    "abc", "[[1, 2], [3]]", "nan", "1e400", "__import__('os').system('true')",
    "[" * 10_000, "1 " * 400_000,
])
def test_bad_numbers_get_a_message_and_the_last_answer_stays(text):
    p = random_problem(2, 3, 0, "int")
    at = paste(run_app(PAGE, **INT), repr(p.model.jacobian(p.W, *p.arrays).tolist()))
    at = paste(at, text)
    assert at.error and at.error[0].value.startswith("This answer could not be read"), verdict(at)
    assert at.success and "Right" in at.success[0].value  # the last answer read, kept
    assert "answer" not in at.query_params or len(text) <= 400


@pytest.mark.parametrize("text", ["x + W", "__import__('os')", "W @ a", "(" * 50 + "W" + ")" * 50])
def test_bad_formulas_get_a_message(text):
    at = paste(run_app(PAGE, **INT), text, kind="formula")
    assert at.error and at.error[0].value.startswith("This answer could not be read"), verdict(at)


def test_a_formula_of_no_layout_shape_lists_the_shapes():
    at = paste(run_app(PAGE, **INT), "kron(W, kron(W, W))", kind="formula")
    assert at.info and "Your answer is 8 × 27" in at.info[0].value, verdict(at)
    at = paste(run_app(PAGE, m="64", n="64", seed="0", dist="int"), "kron(W, kron(W, W))",
               kind="formula")
    assert at.error and "at most" in at.error[0].value, verdict(at)


@pytest.mark.parametrize("fn", ["hadamard", "tanh", "gated", "matrix"])
def test_every_model_every_example(fn):
    params = {**INT, "fn": fn, **({"p": "2"} if fn == "matrix" else {})}
    at = run_app(PAGE, **params)
    problem = random_problem(2, 3, 0, "int", fn=fn, p=2 if fn == "matrix" else 1)
    options = at.selectbox(key="hv_check_example").options
    assert len(options) == 4
    for option in options:
        at.selectbox(key="hv_check_example").set_value(option).run()
        at.button(key="hv_check_go").click().run()
        assert not at.exception
        shown = verdict(at)
        expected = "Right" if option.startswith("the right answer") else "known mistake"
        assert expected in shown or "ambiguous" in shown, (option, shown)
    assert formulas(problem) and layouts(problem)


def test_a_long_answer_is_kept_out_of_the_link_and_says_so():
    p = random_problem(8, 8, 0, "int")
    text = repr(p.model.jacobian(p.W, *p.arrays).tolist())
    at = paste(run_app(PAGE, m="8", n="8", seed="0", dist="int"), text)
    assert at.success, verdict(at)
    assert "answer" not in at.query_params
    assert any("stays in this browser tab only" in c.value for c in at.caption)


def test_answer_in_the_link_is_checked_on_open():
    p = random_problem(2, 3, 0, "int")
    G = p.model.compact(p.W, *p.arrays)
    text = "; ".join(" ".join(f"{x:g}" for x in row) for row in G)
    at = run_app(PAGE, **INT, answer=text)
    assert at.success and "compact form G" in at.success[0].value


def test_degenerate_problem_is_ambiguous_not_misnamed():
    at = run_app(PAGE, **query(random_problem(2, 3, 0, "int").replace(a=np.zeros(2))))
    zero = np.zeros((3, 2, 3))
    at = paste(at, repr(zero.tolist()))
    assert at.warning and "ambiguous" in at.warning[0].value, verdict(at)
