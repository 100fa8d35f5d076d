"""What the symbolic page (/symbolic) shows: the proof at the problem's size, SymPy's numbers.

The proofs themselves live in :mod:`hadviz.symbolic`; this view runs them for the problem's
size (capped at :data:`~hadviz.symbolic.MAX_SYMBOLIC`) and compares SymPy's evaluated
derivatives with hadviz's J within a rounding-error bound.
"""

from __future__ import annotations

from dataclasses import dataclass

from hadviz.calculus import expand_compact
from hadviz.checks import Comparison, compare, magnitudes, pair_tolerance
from hadviz.models import HADAMARD
from hadviz.problem import Problem
from hadviz.symbolic import (
    MAX_SYMBOLIC,
    ColumnSpelling,
    SymbolicProof,
    VectorProof,
    column_spelling_jacobian,
    diff_index,
    diff_shape,
    hadamard_product_diff,
    prove_jacobian,
    prove_vector_analogue,
    symbolic_jacobian,
)

__all__ = ["SymbolicView", "symbolic_view"]


@dataclass(frozen=True)
class SymbolicView:
    """The symbolic page: the proof for one size, and SymPy's numbers against hadviz's.

    Attributes
    ----------
    m, n : int
        The size proven: the problem's, capped at :data:`MAX_SYMBOLIC`.
    numeric_check : Comparison
        SymPy's element-wise Jacobian at the leading m × n block of the numbers, against
        hadviz's ``jacobian``.
    row_spelling : str
        What SymPy's matrix calculus does with the row spelling at the proven size (1.14: a
        ValueError when m, n ≥ 2, a matrix when m = 1 or n = 1).
    column_spelling : ColumnSpelling
        Its working column spelling, evaluated at the same numbers.
    column_check : Comparison
        That evaluation against hadviz's ``jacobian``.
    proof_text : str
        What the proof established at this size, with the counts in the right number.
    column_shape_text : str
        What SymPy's ``.diff`` returns at these sizes and where ∂f_k/∂W_ij sits in it.
    """

    m: int
    n: int
    proof: SymbolicProof
    vector: VectorProof
    numeric_check: Comparison
    row_spelling: str
    column_spelling: ColumnSpelling
    column_check: Comparison
    column_shape_text: str
    proof_text: str


def symbolic_view(problem: Problem) -> SymbolicView:
    """Prove the closed form at the problem's size (capped) and compare SymPy's numbers.

    SymPy evaluates expanded polynomials, whose terms hadviz sums in another order; the
    tolerance is a rounding-error bound for sums of up to 2m + 4 products of G's terms.
    """
    m, n = min(problem.m, MAX_SYMBOLIC), min(problem.n, MAX_SYMBOLIC)
    # the leading m × n block is itself a problem of this size
    block = Problem(problem.W[:m, :n], problem.a[:m], problem.b[:m])
    J = expand_compact(HADAMARD.compact(block.W, block.a, block.b))
    tol = expand_compact(pair_tolerance(2 * m + 4, magnitudes(block).G))
    column = column_spelling_jacobian(block.W, block.a, block.b)
    proof = prove_jacobian(m, n)
    return SymbolicView(
        m=m,
        n=n,
        proof=proof,
        vector=prove_vector_analogue(),
        numeric_check=compare(symbolic_jacobian(block.W, block.a, block.b), J, tol),
        row_spelling=hadamard_product_diff(m, n),
        column_spelling=column,
        column_check=compare(column.jacobian, J, tol),
        column_shape_text=_shape_text(m, n),
        proof_text=_proof_text(m, n, proof),
    )


def _proof_text(m: int, n: int, proof: SymbolicProof) -> str:
    if proof.entries == 1:
        claim = ("the one entry $\\partial f_1/\\partial W_{1,1}$ derived by SymPy equals "
                 "$G_{1,1}$ identically (the difference expands to 0); as a polynomial in the "
                 "symbols it is not identically 0")
    else:
        claim = (f"all {proof.entries:,} entries $\\partial f_k/\\partial W_{{i,j}}$ derived "
                 "by SymPy equal $\\delta_{jk}\\,G_{i,k}$ identically (each difference "
                 f"expands to 0); as polynomials in the symbols, {proof.nonzero_entries:,} of "
                 f"them are not identically 0: the n·m = {n * m:,} with j = k")
    return (f"Proven for m = {m}, n = {n}: {claim} (with numbers, any of these can still "
            "be 0).")


def _shape_text(m: int, n: int) -> str:
    shape = diff_shape(m, n)
    text = "(" + ", ".join(map(str, shape)) + ")"
    if len(shape) == 4:
        return (f"an array of shape {text}, input index first: ∂fₖ/∂Wᵢⱼ is entry "
                f"{diff_index(m, n)} (indices from 1)")
    return (f"a matrix of shape {text}, not the (m, n, n, 1) array it returns when "
            f"m, n ≥ 2: ∂fₖ/∂Wᵢⱼ is entry {diff_index(m, n)} (indices from 1)")
