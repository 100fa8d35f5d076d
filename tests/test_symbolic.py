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


def test_proof_would_catch_a_wrong_closed_form():
    # the same machinery with a deliberately wrong closed form (a b^T only) fails
    W = sp.Matrix(2, 2, lambda i, j: sp.Symbol(f"w{i}{j}"))
    a = sp.Matrix(2, 1, lambda i, _: sp.Symbol(f"a{i}"))
    b = sp.Matrix(2, 1, lambda i, _: sp.Symbol(f"b{i}"))
    f = (a.T * W).multiply_elementwise(b.T * W)
    D = sp.derive_by_array(f, W)
    wrong = (a * b.T) * W
    assert any(sp.expand(D[i, 0, 0, 0] - wrong[i, 0]) != 0 for i in range(2))


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
