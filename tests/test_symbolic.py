"""SymPy proves every model's formula at small sizes (m, n, p = 1 … 3, and 4), independently:
its derivative evaluated at numbers is compared with the model's compact Jacobian, and with
HIPS autograd on each model's plain formula."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from hadviz import jacobian, random_problem
from hadviz.calculus import expand_compact
from hadviz.matrix_calculus import hadamard_product_diff
from hadviz.models import MODELS
from hadviz.symbolic import MAX_SYMBOLIC, prove_jacobian, prove_vector_analogue, symbolic_jacobian
from hadviz.views.symbolic import symbolic_view
from tests.problems import SHORT_FAMILY, family_corpus

SIZES = [(m, n) for m in range(1, 4) for n in range(1, 4)]


@pytest.mark.parametrize("m,n", SIZES)
def test_proof_succeeds(m, n):
    proof = prove_jacobian(m, n)
    assert proof.proven
    assert proof.entries == n * m * n
    assert proof.nonzero_entries == n * m
    assert len(proof.slices_latex) == n


@pytest.mark.parametrize("m,n", [*SIZES, (4, 4)])
def test_symbolic_jacobian_matches_numpy(m, n):
    p = random_problem(m, n, seed=m * 10 + n, dist="normal")
    J = jacobian(p.W, p.a, p.b)
    np.testing.assert_allclose(symbolic_jacobian(p.W, p.a, p.b), J, rtol=1e-13,
                               atol=1e-13 * np.abs(J).max(), err_msg="SymPy vs hadviz")


def test_large_problem_is_proven_at_the_cap_and_compared_on_its_leading_block():
    p = random_problem(7, 9, seed=3, dist="normal")
    view = symbolic_view(p)
    assert (view.m, view.n) == (MAX_SYMBOLIC, MAX_SYMBOLIC) and view.proof.proven
    assert view.spellings is not None and view.capped
    assert view.numeric_check.passed and view.spellings.column_check.passed
    J = jacobian(p.W[:4, :4], p.a[:4], p.b[:4])
    np.testing.assert_allclose(view.spellings.column_spelling.jacobian, J, rtol=1e-13,
                               atol=1e-13 * np.abs(J).max())
    # a different leading block changes the numbers compared, not the proof
    q = random_problem(7, 9, seed=4, dist="normal")
    assert symbolic_view(q).proof is view.proof
    assert not np.allclose(symbolic_view(q).spellings.column_spelling.jacobian, J)


def _one_at(m: int, n: int, i: int, j: int) -> sp.Matrix:
    return sp.Matrix(m, n, lambda r, c: 1 if (r, c) == (i, j) else 0)


@pytest.mark.parametrize("wrong", ["ab^T W only", "last entry off by 1"])
def test_proof_would_catch_a_wrong_closed_form(monkeypatch, wrong):
    # prove_jacobian itself, handed a deliberately wrong closed form, must not report a proof
    from hadviz import symbolic

    derived = symbolic._derived

    def wrong_derived(fn, m, n, p=1):
        W, (a, b), f, D, _ = derived(fn, m, n, p)
        bad = (a * b.T) * W if wrong == "ab^T W only" else (
            (a * b.T + b * a.T) * W + _one_at(m, n, m - 1, n - 1))
        return W, (a, b), f, D, lambda i, r, k: bad[i, k]

    monkeypatch.setattr(symbolic, "_derived", wrong_derived)
    # __wrapped__: past the lru_cache, so the cached true proof cannot answer and the wrong
    # one is not left behind in the cache
    assert not symbolic.prove_jacobian.__wrapped__(2, 3).proven
    monkeypatch.undo()
    assert prove_jacobian(2, 3).proven


def test_size_limit():
    with pytest.raises(ValueError, match=f"1..{MAX_SYMBOLIC}"):
        prove_jacobian(MAX_SYMBOLIC + 1, 1)
    with pytest.raises(ValueError, match=f"1..{MAX_SYMBOLIC}"):
        prove_jacobian(1, 1, "matrix", MAX_SYMBOLIC + 1)


@pytest.mark.parametrize("q,p", [(1, 1), (1, 3), (2, 2), (2, 3)])
def test_vector_analogue(q, p):
    assert prove_vector_analogue(q, p).proven


def test_sympy_hadamard_diff_raises_value_error():
    assert hadamard_product_diff(2, 3).startswith("ValueError")
    # SymPy 1.14 fails only when m, n ≥ 2: with one row or column the products are matrices
    assert hadamard_product_diff(1, 4) == "returns a matrix of shape (4, 4)"
    assert hadamard_product_diff(4, 1) == "returns a matrix of shape (4, 1)"


# --- every model ----------------------------------------------------------------------------

FAMILY_SIZES = [(fn, m, n, p) for fn in MODELS for (m, n) in [(1, 1), (1, 3), (3, 1), (2, 3)]
                for p in ((1, 3) if MODELS[fn].rows else (1,))]


def _autograd_f(fn):
    """Each model's plain formula for HIPS autograd: none of it from hadviz."""
    import autograd.numpy as anp

    return {
        "hadamard": lambda W, a, b: (a @ W) * (b @ W),
        "tanh": lambda W, a, b: anp.tanh((a @ W) * (b @ W)),
        "gated": lambda W, a, b: (b @ W) / (1.0 + anp.exp(-(a @ W))),
        "matrix": lambda W, A, B: (A.T @ W) * (B.T @ W),
    }[fn]


@pytest.mark.parametrize("fn,m,n,p", FAMILY_SIZES, ids=lambda x: str(x))
def test_every_model_is_proven_and_its_sympy_numbers_match_its_compact_jacobian(fn, m, n, p):
    model = MODELS[fn]
    proof = prove_jacobian(m, n, fn, p)
    assert proof.proven, (fn, m, n, p)
    assert (proof.entries, proof.nonzero_entries) == (p * n * m * n, p * n * m)
    assert len(proof.slices_latex) == p * n
    q = random_problem(m, n, seed=7 * m + n, dist="normal", fn=fn, p=p)
    S = symbolic_jacobian(q.W, *q.arrays, fn=fn)
    J = expand_compact(model.compact(q.W, *q.arrays))  # the model's compact form, expanded
    np.testing.assert_allclose(S, J, rtol=1e-12, atol=1e-14 * np.abs(J).max(),
                               err_msg=f"SymPy vs {fn}'s compact Jacobian")
    from autograd import jacobian as autograd_jacobian

    R = autograd_jacobian(_autograd_f(fn))(q.W, *q.arrays)
    np.testing.assert_allclose(S, R, rtol=1e-12, atol=1e-14 * np.abs(R).max(),
                               err_msg=f"SymPy vs autograd on {fn}")


@pytest.mark.parametrize("fn", ["tanh", "gated", "matrix"])
def test_a_wrong_formula_is_not_proven_for_every_model(monkeypatch, fn):
    # the model's formula with its last block's last entry off by one: the proof must fail
    from hadviz import symbolic

    derived = symbolic._derived

    def wrong_derived(fn, m, n, p=1):
        W, P, f, D, closed = derived(fn, m, n, p)
        return W, P, f, D, lambda i, r, k: closed(i, r, k) + int(i == m - 1 and k == n - 1)

    monkeypatch.setattr(symbolic, "_derived", wrong_derived)
    assert not symbolic.prove_jacobian.__wrapped__(2, 2, fn, 2).proven
    monkeypatch.undo()
    assert prove_jacobian(2, 2, fn, 2).proven


@pytest.mark.parametrize("name", SHORT_FAMILY)
def test_view_compares_sympy_with_the_model_on_the_corpus(name):
    # degenerate data: saturated tanh and gate (where 1 − tanh² cancels in float64), A = 0, …
    p = family_corpus()[name]
    view = symbolic_view(p)
    assert view.proof.proven and view.proof.fn == p.fn
    assert view.numeric_check.passed, (name, view.numeric_check.summary())
    assert (view.spellings is not None) is (p.fn == "hadamard")
    # every corpus problem fits the cap, but for p = 8 (its leading 4 columns of A and B)
    assert (view.m, view.n, view.p) == (p.m, p.n, min(p.p, MAX_SYMBOLIC))
    assert view.capped is (p.p > MAX_SYMBOLIC)
