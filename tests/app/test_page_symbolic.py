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
