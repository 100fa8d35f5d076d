"""AppTest: the symbolic verification page (/symbolic)."""

from __future__ import annotations

from .helpers import run_app

PAGE = "pages/symbolic.py"


def test_proof_reported_with_success():
    at = run_app("pages/symbolic.py", m="2", n="3", seed="1", dist="normal")
    texts = [s.value for s in at.success]
    assert any(t.startswith("Proven for m = 2, n = 3: all 18 entries") for t in texts), texts
    assert any("symbolic $A, B" in t for t in texts), texts
    assert any("ValueError" in c.value for c in at.code)


def test_large_problem_is_capped_with_notice():
    at = run_app("pages/symbolic.py", m="64", n="64", seed="1", dist="normal")
    assert any("m, n ≤ 4" in i.value for i in at.info)
    assert any(s.value.startswith("Proven for m = 4, n = 4") for s in at.success)


def test_row_spelling_is_reported_as_sympy_does_at_the_size_shown():
    # issue 18: at 1 × 4 the row spelling works in SymPy 1.14; the page said it fails
    at = run_app(PAGE, m="1", n="4", seed="0", dist="int")
    headers = [h.value for h in at.header]
    assert "SymPy's own matrix calculus: both spellings" in headers, headers
    codes = " ".join(c.value for c in at.code)
    assert "returns a matrix of shape (4, 4)" in codes and "ValueError" not in codes
    at = run_app(PAGE, m="2", n="3", seed="0", dist="int")
    assert "ValueError" in " ".join(c.value for c in at.code)


# --- every model: its own proof, its own numbers ---------------------------------------------

import pytest  # noqa: E402

from tests.problems import SHORT_FAMILY, family_corpus, query  # noqa: E402


@pytest.mark.parametrize(("fn", "p", "claim"), [
    ("tanh", "1", "Proven for m = 2, n = 3: all 18 entries $\\partial F_k"),
    ("gated", "1", "Proven for m = 2, n = 3: all 18 entries $\\partial f_k"),
    ("matrix", "3", "Proven for m = 2, n = 3, p = 3: all 54 entries $\\partial F_{r,k}"),
    ("matrix", "1", "Proven for m = 2, n = 3, p = 1: all 18 entries $\\partial F_{r,k}"),
])
def test_each_model_is_proven_with_its_own_expression(fn, p, claim):
    at = run_app(PAGE, fn=fn, p=p, m="2", n="3", seed="1", dist="normal")
    texts = [s.value for s in at.success]
    assert any(t.startswith(claim) for t in texts), texts
    latex = " ".join(x.value for x in at.latex)
    expected = {"tanh": r"\tanh", "gated": "e^{", "matrix": "A_{"}[fn]
    assert expected in latex, (fn, latex[:300])
    codes = " ".join(c.value for c in at.code)
    assert "HadamardProduct" not in codes  # the spellings are the question's only
    assert any("Not run for" in m.value for m in at.markdown)
    assert any(c.value.startswith("✓ Evaluated at your numbers") for c in at.caption)


@pytest.mark.parametrize("name", SHORT_FAMILY)
def test_corpus_pages_prove_the_model_and_match_its_numbers(name):
    problem = family_corpus()[name]
    at = run_app(PAGE, **query(problem))
    assert any(s.value.startswith("Proven for") for s in at.success)
    assert any(c.value.startswith("✓ Evaluated at your numbers") for c in at.caption)
    # the slices are the model's: as many as p·n (the page caps p at 4)
    p = min(problem.p, 4) if problem.model.rows else 1
    assert len(at.expander) >= p * problem.n
    assert (problem.p > 4) is any("m, n, p ≤ 4" in i.value for i in at.info)
    latex = " ".join(x.value for x in at.latex)
    own = {"tanh": r"\tanh", "gated": "e^{", "matrix": "A_{11}", "hadamard": "a_{1}"}
    assert own[problem.fn] in latex, (name, latex[:200])


@pytest.mark.parametrize(("fn", "p", "before"), [("tanh", "1", "Slice J[1]"),
                                                 ("matrix", "3", r"F_{:,1} = ")])
def test_named_sums_are_defined_once_before_the_first_formula_using_them(fn, p, before):
    # at 8 × 8 (its 4 × 4 block) the long formulas are written with u_k, v_k (U, V): the page
    # says so, and defines them, once, before the first formula written with them
    at = run_app(PAGE, fn=fn, p=p, m="8", n="8", seed="1", dist="normal")
    said = [m.value for m in at.markdown if m.value.startswith("Written out in full")]
    assert len(said) == 1, said
    defined = [x.value for x in at.latex if "u_k &= a^T w_k" in x.value
               or "U_{rk} &= (A^T W)_{rk}" in x.value]
    assert len(defined) == 1, defined
    order = [str(getattr(e, "value", getattr(e, "label", ""))).removeprefix("$$\n")
             for e in at.main]
    said_at = order.index(said[0])
    assert order[said_at + 1] == defined[0].removeprefix("$$\n")  # the sums right after
    assert said_at < next(i for i, x in enumerate(order) if x.startswith(before))


def test_small_problem_keeps_every_formula_in_full():
    at = run_app(PAGE, fn="tanh", m="1", n="3", seed="1", dist="normal")
    assert not any(m.value.startswith("Written out in full") for m in at.markdown)
