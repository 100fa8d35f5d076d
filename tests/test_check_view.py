"""The check page's view: what is read, the differing entries listed, the figures drawn, and
never an exception for what a learner types (hypothesis over text)."""

from __future__ import annotations

import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from hadviz.pasted import parse_array
from hadviz.problem import random_problem
from hadviz.views.check import MAX_DRAWN, check_view, examples, problem_code, symbols

P = random_problem(2, 3, 0, "int")


def test_examples_are_named_as_what_they_are():
    labels = [label for label, _ in examples(P)]
    assert len(labels) == 4
    for label, text in examples(P):
        view = check_view(P, text)
        assert view.verdict is not None, (label, view.error)
        if label.startswith("the right answer"):
            assert view.verdict.status == "right", (label, view.verdict.headline)
        else:
            assert view.verdict.status == "mistake", (label, view.verdict.headline)


def test_differences_are_the_entries_that_differ():
    J = P.model.jacobian(P.W, *P.arrays).copy()
    J[0, 1, 0] += 1.0
    J[2, 0, 2] -= 2.0
    view = check_view(P, repr(J.tolist()))
    assert view.verdict is not None and view.verdict.status == "unknown"
    assert view.differences[0].startswith("entry (1, 2, 1): yours")
    assert view.differences[1].startswith("entry (3, 1, 3): yours")
    assert len(view.differences) == 2
    assert view.yours is not None and view.right is not None
    assert "Drawn as a matrix: the first 2 axes (3 × 2)" in view.drawn


def test_a_right_answer_draws_one_figure_and_lists_nothing():
    G = P.model.compact(P.W, *P.arrays)
    view = check_view(P, "\n".join(" ".join(repr(float(x)) for x in row) for row in G))
    assert view.verdict is not None and view.verdict.status == "right"
    assert view.yours is not None and view.right is None
    assert view.differences == ()
    assert view.read_as == "rows of numbers, 2 × 3"


def test_a_formula_is_echoed_in_latex():
    view = check_view(P, "(a b^T + b a^T) W", "formula")
    assert view.read_latex and view.read_as == ""
    assert view.verdict is not None and view.verdict.status == "right"


def test_a_large_answer_is_listed_not_drawn():
    p = random_problem(17, 16, 0, "int")
    J = p.model.jacobian(p.W, *p.arrays)
    assert J.size > MAX_DRAWN
    view = check_view(p, repr(J.tolist()))
    assert view.verdict is not None and view.verdict.status == "right"
    assert view.yours is None and "too many to draw" in view.drawn


def test_problem_code_reproduces_the_problem_exactly():
    """Each array's list, read back by the paste reader, is the problem's array to the bit."""
    p = random_problem(3, 2, 5, "normal")
    code = problem_code(p)
    assert code.startswith("import numpy as np\n")
    read = {name: parse_array(body).value
            for name, body in re.findall(r"^(\w+) = np\.array\((.*?)\)$", code, re.S | re.M)}
    assert list(read) == list(symbols(p))
    for name, x in symbols(p).items():
        np.testing.assert_array_equal(read[name].reshape(np.shape(x)), x, err_msg=name)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789.,;[]() -eEnaWbTg^*@∘ᵀ'\n\tx_{}Diagkron", max_size=60),
       st.sampled_from(["numbers", "formula"]))
def test_any_text_gives_a_view_or_a_message(text, kind):
    view = check_view(P, text, kind)
    assert view.error or view.verdict is not None or not text.strip()


def test_zeros_are_not_right_where_the_answer_is_small_but_not_zero():
    """Saturated tanh: K is about 10⁻⁶ and 10⁻⁶¹, not 0. A typed 0 is exact, so zeros are
    not right; 0.0 is 0 to one decimal, and the verdict says the agreement is only that."""
    p = random_problem(2, 3, 0, "int", fn="tanh")
    K = p.model.compact(p.W, *p.arrays)
    assert np.all(K != 0)
    view = check_view(p, "[[0, 0, 0], [0, 0, 0]]")
    assert view.verdict is not None
    assert view.verdict.status not in ("right", "ambiguous"), view.verdict.headline
    view = check_view(p, "[[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]")
    assert view.verdict is not None
    assert view.verdict.details[0].startswith("6 of 6 entries agree only to the digits you typed")
