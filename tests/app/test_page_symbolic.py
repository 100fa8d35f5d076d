"""AppTest: the symbolic verification page (/symbolic)."""

from __future__ import annotations

from .helpers import run_app


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
