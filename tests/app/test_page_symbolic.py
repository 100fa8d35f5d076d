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
    headers = [h.value for h in at.subheader]
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
