"""AppTest: the Diag-trick derivation page (/derivation), step-through included."""

from __future__ import annotations

import numpy as np
import pytest

from hadviz import jacobian, random_problem

from ..problems import SHORT_FAMILY, family_corpus, query
from .helpers import assert_clean, run_app, text_number, warnings_text
from .test_page_cases import elements_in_order

PAGE = "pages/derivation.py"


def step_headers(at):
    return [m.value for m in at.markdown if m.value.startswith("**Step ")]


def test_opens_on_step_one_and_shows_all_on_request():
    at = run_app(PAGE)
    assert step_headers(at) == ["**Step 1 of 6** ✓"]
    assert at.query_params["step"] == "1"
    assert "All 6 steps agree" in at.success[0].value
    at = run_app(PAGE, step="all")
    headers = step_headers(at)
    assert len(headers) == 6 and all(h.endswith("✓") for h in headers)
    assert at.query_params["step"] == "all"


def test_url_reproduces_entry_and_value():
    at = run_app(PAGE, m="5", n="7", seed="3", dist="int", k="4", i="2", j="4", step="all")
    p = random_problem(5, 7, seed=3, dist="int")
    value = jacobian(p.W, p.a, p.b)[3, 1, 3]
    assert _success_value(at) == value  # every digit, written as the house writes numbers
    assert any(r"\partial W_{2,4}" in x.value for x in at.latex)


def test_step_through():
    at = run_app(PAGE, step="1")
    assert step_headers(at) == ["**Step 1 of 6** ✓"]
    at.button(key="hv_p_step_next").click().run()
    assert_clean(at)
    assert step_headers(at) == ["**Step 2 of 6** ✓"] and at.query_params["step"] == "2"
    at.button(key="hv_p_step_prev").click().run()
    assert step_headers(at) == ["**Step 1 of 6** ✓"]
    at.button(key="hv_p_step_all").click().run()
    assert len(step_headers(at)) == 6 and at.query_params["step"] == "all"


def test_largest_size_loads():
    at = run_app(PAGE, m="64", n="64", seed="1", dist="normal", k="64", i="64", j="64")
    assert "All 6 steps agree" in at.success[0].value


def test_bad_step_parameter_warns():
    at = run_app(PAGE, step="99")
    assert "'step'" in warnings_text(at)
    assert step_headers(at) == ["**Step 1 of 6** ✓"]  # the default: step 1


def test_derivation_states_the_product_rule_and_the_sticking_line():
    at = run_app("pages/derivation.py", m="2", n="3", seed="1", dist="int", step="all")
    text = " ".join(str(m.value) for m in at.markdown)
    assert "the product rule for ∘" in text and "From here on f is the column" in text
    assert "a_i\\,W^Tb = W^Tb\\,a_i = W^Tb\\,a^Te_i" in text


def test_closed_forms_beyond_one_entry_are_shown_and_checked():
    at = run_app("pages/derivation.py", m="3", n="4", seed="2", dist="normal", k="2")
    titles = [e.label for e in at.expander]
    for title in ("The whole slice J[2] at once", "The vec-Jacobian in closed form",
                  "The gradient backpropagation needs, by differentials"):
        assert title in titles, titles
    formulas = " ".join(str(x.value) for x in at.latex)
    assert r"(I_n \otimes a^T)" in formulas
    # the question's letters, and the transpose that makes a column times a row a matrix
    assert r"a\,(g\circ v)^T + b\,(g\circ u)^T" in formulas
    marks = [c.value for c in at.caption if c.value.startswith(("✓ largest", "✗ largest"))]
    assert len(marks) == 4 and all(m.startswith("✓") for m in marks), marks


def test_the_opening_is_mathematics_and_the_checking_detail_is_folded():
    at = run_app(PAGE, m="2", n="3", seed="1", dist="int")
    order = list(elements_in_order(at.main))
    assert order[0][0] == "title"
    intro = order[1][1]
    assert "W_{i,j}" in intro and r"\operatorname{Diag}(x)" in intro, intro
    for later in ("gamma", "rounding", "2^{-53}", "complex", "Im f"):
        assert later not in intro, later
    folds = [i for i, (kind, text, _) in enumerate(order)
             if kind == "expander" and text == "How is this checked?"]
    assert len(folds) == 1 and folds[0] > 1
    fold = "\n".join(text for _, text, inside in order if inside == "How is this checked?")
    assert r"\gamma_{m+4} = (m+4)u/(1-(m+4)u)" in fold and "u = 2^{-53}" in fold, fold
    assert r"\operatorname{Im} q(W + ihE_{i,j})/h" in fold and "m + 4 = 6" in fold, fold
    # the fold comes before the first use of the term outside it
    uses = [i for i, (_, text, inside) in enumerate(order)
            if "complex" in text.lower() and inside != "How is this checked?"]
    assert uses and folds[0] < uses[0], order[uses[0]] if uses else order


def _success_value(at) -> float:
    text = at.success[0].value
    return text_number(text.rsplit("= ", 1)[1].rstrip("."))


@pytest.mark.parametrize("fn,p,steps", [("tanh", "1", 7), ("gated", "1", 7), ("matrix", "3", 6),
                                        ("matrix", "1", 6)])
def test_every_model_derives_its_own_entry(fn, p, steps):
    at = run_app(PAGE, fn=fn, p=p, m="3", n="4", seed="2", dist="normal", k="3", i="2", j="3",
                 r=p, step="all")
    problem = random_problem(3, 4, seed=2, dist="normal", fn=fn, p=int(p))
    J = problem.model.jacobian(problem.W, *problem.arrays)
    want = J[int(p) - 1, 2, 1, 2] if fn == "matrix" else J[2, 1, 2]
    headers = step_headers(at)
    assert len(headers) == steps and all(h.endswith("✓") for h in headers), headers
    assert _success_value(at) == pytest.approx(want, rel=1e-15), (at.success[0].value, want)
    entry = rf"\partial F_{{{p},3}}" if fn == "matrix" else (
        r"\partial F_{3}" if fn == "tanh" else r"\partial f_{3}")
    assert entry in at.success[0].value
    intro = " ".join(str(m.value) for m in at.markdown)
    assert problem.model.latex in intro, "the page names the chosen function"
    marks = [c.value for c in at.caption
             if c.value.startswith(("✓", "✗")) and "complex step:" not in c.value]
    assert len(marks) == 4 and all(m.startswith("✓") for m in marks), marks


def test_matrix_page_shows_the_block_and_the_vjp_with_its_numbers():
    at = run_app(PAGE, fn="matrix", p="3", m="2", n="3", seed="0", dist="int", k="2", r="2")
    problem = random_problem(2, 3, seed=0, dist="int", fn="matrix", p=3)
    A, B = problem.arrays
    formulas = " ".join(str(x.value) for x in at.latex)
    assert r"A\,\mathrm{Diag}(V_{:,k}) + B\,\mathrm{Diag}(U_{:,k})" in formulas
    assert r"A\,(\Gamma\circ V) + B\,(\Gamma\circ U)" in formulas
    block = A * (B.T @ problem.W)[:, 1] + B * (A.T @ problem.W)[:, 1]
    from hadviz.latex import bmatrix
    assert f"C_{{2}} = {bmatrix(block)}" in formulas, "the block C_2 with the problem's numbers"
    assert any(x.label == "r: row of F" for x in at.number_input)


@pytest.mark.parametrize("key", SHORT_FAMILY)
def test_short_family_every_step_checks(key):
    problem = family_corpus()[key]
    at = run_app(PAGE, step="all", **query(problem))
    headers = step_headers(at)
    assert headers and all(h.endswith("✓") for h in headers), (key, headers)
    C = problem.model.compact(problem.W, *problem.arrays)
    want = C[0, 0, 0] if problem.model.rows else C[0, 0]  # the default entry: k = i = j = 1
    assert _success_value(at) == pytest.approx(want, rel=1e-15, abs=1e-300), key
    assert np.isfinite(_success_value(at))
