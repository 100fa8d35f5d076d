"""SymPy proves the closed form for every size from 1×1 to 3×3 (and 4×4), independently."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from hadviz import jacobian, random_problem
from hadviz.symbolic import (
    MAX_SYMBOLIC,
    hadamard_product_diff,
    prove_jacobian,
    prove_vector_analogue,
    symbolic_jacobian,
)
from hadviz.views.symbolic import symbolic_view

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
    assert view.numeric_check.passed and view.column_check.passed
    J = jacobian(p.W[:4, :4], p.a[:4], p.b[:4])
    np.testing.assert_allclose(view.column_spelling.jacobian, J, rtol=1e-13,
                               atol=1e-13 * np.abs(J).max())
    # a different leading block changes the numbers compared, not the proof
    q = random_problem(7, 9, seed=4, dist="normal")
    assert symbolic_view(q).proof is view.proof
    assert not np.allclose(symbolic_view(q).column_spelling.jacobian, J)


def _one_at(m: int, n: int, i: int, j: int) -> sp.Matrix:
    return sp.Matrix(m, n, lambda r, c: 1 if (r, c) == (i, j) else 0)


@pytest.mark.parametrize("wrong", ["ab^T W only", "last entry off by 1"])
def test_proof_would_catch_a_wrong_closed_form(monkeypatch, wrong):
    # prove_jacobian itself, handed a deliberately wrong closed form, must not report a proof
    from hadviz import symbolic

    derived = symbolic._derived

    def wrong_derived(m, n):
        W, a, b, f, D, G = derived(m, n)
        bad = (a * b.T) * W if wrong == "ab^T W only" else G + _one_at(m, n, m - 1, n - 1)
        return W, a, b, f, D, bad

    monkeypatch.setattr(symbolic, "_derived", wrong_derived)
    # __wrapped__: past the lru_cache, so the cached true proof cannot answer and the wrong
    # one is not left behind in the cache
    assert not symbolic.prove_jacobian.__wrapped__(2, 3).proven
    monkeypatch.undo()
    assert prove_jacobian(2, 3).proven


def test_size_limit():
    with pytest.raises(ValueError, match=f"1..{MAX_SYMBOLIC}"):
        prove_jacobian(MAX_SYMBOLIC + 1, 1)


@pytest.mark.parametrize("q,p", [(1, 1), (1, 3), (2, 2), (2, 3)])
def test_vector_analogue(q, p):
    assert prove_vector_analogue(q, p).proven


def test_sympy_hadamard_diff_raises_value_error():
    assert hadamard_product_diff(2, 3).startswith("ValueError")
    # SymPy 1.14 fails only when m, n ≥ 2: with one row or column the products are matrices
    assert hadamard_product_diff(1, 4) == "returns a matrix of shape (4, 4)"
    assert hadamard_product_diff(4, 1) == "returns a matrix of shape (4, 1)"
