"""AppTest: layouts, translated (/layouts)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from hadviz import random_problem
from hadviz.latex import plural
from hadviz.views.layouts import layouts_view
from tests.problems import CORPUS, SHORT_FAMILY, family_corpus, query
from tests.test_layouts_view import dense_jacrev

from .helpers import run_app

PAGE = "pages/layouts.py"
CLAIM = "✓ contracted with one random H it gives Df(W)[H]"


def shapes(at) -> list[str]:
    """The "Shape here" line of every card, in order."""
    found = [re.search(r"Shape here: ([^\n]*?) *\n", str(md.value)) for md in at.markdown]
    return [m.group(1) for m in found if m]


def verdicts(at) -> list[str]:
    return [str(c.value) for c in at.caption if str(c.value)[:1] in "✓✗"]


@pytest.mark.parametrize("m,n", [(2, 3), (1, 4), (4, 1), (64, 64)])
def test_every_layout_is_the_same_derivative(m, n):
    at = run_app(PAGE, m=str(m), n=str(n), seed="3", dist="normal")
    assert shapes(at) == [f"{n} × {m} × {n}", f"{m} × {n} × {n} × 1", f"{n} × {m * n}",
                          f"{n} × {m * n}", f"{n} × {m * n}", f"{m * n} × {n}"]
    marks = verdicts(at)
    assert len(marks) == 7 and all(c.startswith("✓") for c in marks), marks
    assert all(c.startswith(CLAIM + ": largest difference") for c in marks[:6]), marks
    assert marks[6].startswith("✓ the einsum line gives hadviz's G: largest difference")
    assert all("tolerance" in c and "× 10" in c for c in marks), marks


def expected_zeros_phrase(entries: int, structural: int, zeros: int) -> str:
    if zeros == entries:
        return "that one entry is 0" if entries == 1 else f"all {entries:,} entries are 0"
    if zeros == structural:
        return ("it is not 0" if entries == 1 else "none of them is 0" if structural == 0 else
                "no other entry is 0")
    if structural == 0:
        return f"{zeros:,} of the {entries:,} {'entry is' if zeros == 1 else 'entries are'} 0"
    return f"{zeros:,} entries are 0: the {structural:,} structural zeros and {zeros - structural}"


@pytest.mark.parametrize("name", list(CORPUS))
def test_jacrev_counts_on_every_corpus_problem(name):
    p = CORPUS[name]
    at = run_app(PAGE, **query(p))
    J = dense_jacrev(p)
    entries = J.size
    structural = sum(1 for k in range(p.n) for _ in range(p.m) for j in range(p.n) if j != k)
    zeros = int(np.sum(J == 0.0))
    text = " ".join(str(md.value) for md in at.markdown)
    assert f"n · m · n = {p.n} · {p.m} · {p.n} = {plural(entries, 'entry', 'entries')}" in text
    if p.n == 1:
        assert "no structural zeros" in text and "%" not in text
    else:
        share = f"{structural / entries:.1%}"
        assert f"so {structural:,} ({share}) are structural zeros" in text, text
    assert expected_zeros_phrase(entries, structural, zeros) in text, (zeros, text)
    if not J.any():
        assert "G = 0 here (" in text
    assert f"In float64 it takes {8 * entries:,} byte" in text
    assert f"{p.m * p.n:,} entr" in text and f"({8 * p.m * p.n:,} byte" in text
    marks = verdicts(at)
    assert len(marks) == 7 and all(c.startswith("✓") for c in marks), marks
    if not J.any():  # every term 0: the checks say the values are 0 exactly
        assert all("= 0 exactly" in c for c in marks), marks
    else:
        assert all(c.startswith(CLAIM + ": largest difference") for c in marks[:6]), marks


def test_the_checks_name_what_they_compared_when_the_difference_is_zero():
    at = run_app(PAGE, **query(CORPUS["1x4"]))
    marks = verdicts(at)
    assert any("largest difference 0 (relative 0); rounding-error tolerance" in c
               for c in marks), marks


def test_the_scripts_are_offered_here_too():
    at = run_app(PAGE, m="2", n="3", seed="1", dist="int")
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    assert set(buttons) == {"NumPy script", "PyTorch script"}


@pytest.mark.parametrize("m,n,same", [(1, 4, True), (4, 1, True), (2, 3, False)])
def test_row_and_column_major_vec_are_one_matrix_only_for_a_single_row_or_column(m, n, same):
    at = run_app(PAGE, m=str(m), n=str(n), seed="2", dist="int")
    text = " ".join(str(md.value) for md in at.markdown)
    assert ("the two vec-Jacobians are one matrix" in text) is same
    view = layouts_view(random_problem(m, n, seed=2, dist="int"))
    column_major, row_major = view.layouts[2], view.layouts[4]
    assert column_major.shape == row_major.shape
    from hadviz.calculus import expand_compact, vec_layout
    from hadviz.models import HADAMARD

    p = random_problem(m, n, seed=2, dist="int")
    G = HADAMARD.compact(p.W, p.a, p.b)
    assert np.array_equal(vec_layout(G), expand_compact(G).reshape(n, m * n)) is same


def test_a_layout_read_in_the_wrong_order_fails_the_check():
    # the row-major vec-Jacobian contracted with a column-major vec(H) is not Df(W)[H]
    p = random_problem(3, 4, seed=1, dist="normal")
    view = layouts_view(p, seed=1)
    from hadviz.calculus import expand_compact
    from hadviz.checks import compare, unit_direction
    from hadviz.models import HADAMARD

    J = expand_compact(HADAMARD.compact(p.W, p.a, p.b))
    H = unit_direction((3, 4), 1)
    mixed = J.reshape(4, 12) @ H.reshape(-1, order="F")
    row_major = view.layouts[4]
    assert row_major.check.passed
    assert not compare(mixed, HADAMARD.jvp(p.W, p.a, p.b, H), row_major.check.tolerance).passed
    assert np.einsum("kij,ij->k", J, H) == pytest.approx(HADAMARD.jvp(p.W, p.a, p.b, H))


def test_pasting_a_nested_list_updates_the_problem_and_a_bad_one_is_refused():
    at = run_app(PAGE, mode="edit", W="1,2,3;4,5,6", a="1,-1", b="0.5,2")
    label = at.text_area(key="hv_paste").label
    assert "[[1, 2], [3, 4]]" in label and "np.array(" in label
    at.text_area(key="hv_paste").set_value("np.array([[1, 2], [3, 4]], dtype=float)").run()
    errors = " ".join(e.value for e in at.error)
    assert "Pasted W not applied: only np.array(…) around the nested list alone" in errors
    assert at.query_params["W"] == "1,2,3;4,5,6"  # the last valid numbers stay
    at.text_area(key="hv_paste").set_value("[[7.0, 8.0, 9.0], [-1.0, 0.0, 2.5]]").run()
    assert not at.exception and not at.error
    assert at.query_params["W"] == "7,8,9;-1,0,2.5"
    assert shapes(at)[0] == "3 × 2 × 3"


# --- every model -----------------------------------------------------------------------------

@pytest.mark.parametrize("fn,p", [("tanh", 1), ("gated", 1), ("matrix", 3), ("matrix", 1)])
def test_every_model_shows_its_shapes_and_checks(fn, p):
    m, n = 2, 3
    at = run_app(PAGE, fn=fn, p=str(p), m=str(m), n=str(n), seed="3", dist="normal")
    problem = random_problem(m, n, seed=3, dist="normal", fn=fn, p=p)
    if problem.model.rows:
        expected = [f"{p} × {n} × {m} × {n}", f"{m} × {n} × {p} × {n}"]
        letter, L = "F", p * n
    else:
        expected = [f"{n} × {m} × {n}", f"{m} × {n} × {n} × 1"]
        letter, L = problem.model.output_letter, n
    expected += [f"{L} × {m * n}"] * 3 + [f"{m * n} × {L}"]
    assert shapes(at) == expected
    marks = verdicts(at)
    claim = f"✓ contracted with one random H it gives D{letter}(W)[H]: largest difference"
    assert all(c.startswith(claim) for c in marks[:6]), marks
    text = " ".join(str(md.value) for md in at.markdown)
    assert problem.model.kronecker_latex in text  # the model's own Kronecker card
    if problem.model.rows:
        assert "Why jacrev returns shape (p, n, m, n)" in [s.value for s in at.header]
        assert f"p · n · m · n = {p} · {n} · {m} · {n}" in text
        assert marks[6].startswith("✓ the einsum line gives hadviz's C")
    else:
        captions = " ".join(str(c.value) for c in at.caption)
        assert "No einsum line for" in captions and len(marks) == 6
    assert r"Df(W)[H] = (H^T a) \circ v" not in text  # not the question's JVP
    assert problem.model.jvp_latex in text


@pytest.mark.parametrize("name", SHORT_FAMILY)
def test_the_degenerate_corpus_checks_pass_on_every_model(name):
    problem = family_corpus()[name]
    at = run_app(PAGE, **query(problem))
    marks = verdicts(at)
    assert marks and all(c.startswith("✓") for c in marks), marks
    J = problem.model.jacobian(problem.W, *problem.arrays)
    text = " ".join(str(md.value) for md in at.markdown)
    assert f"= {plural(J.size, 'entry', 'entries')}" in text
    assert f"{J.size - np.count_nonzero(J):,}" in text or "none of them is 0" in text \
        or "it is not 0" in text
