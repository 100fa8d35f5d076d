"""What the symbolic page (/symbolic) shows: the proof at the problem's size, SymPy's numbers.

The proofs themselves live in :mod:`hadviz.symbolic` (and SymPy's matrix calculus on the
question's spellings in :mod:`hadviz.matrix_calculus`); this view runs them for the problem's
model and size (m, n and p capped at :data:`~hadviz.symbolic.MAX_SYMBOLIC`) and compares
SymPy's evaluated derivatives with the model's J within a rounding-error bound.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hadviz.calculus import expand_compact
from hadviz.checks import Comparison, compare, magnitudes, pair_tolerance
from hadviz.latex import plural
from hadviz.matrix_calculus import (
    ColumnSpelling,
    column_spelling_jacobian,
    diff_index,
    diff_shape,
    hadamard_product_diff,
)
from hadviz.models import model_of
from hadviz.problem import Problem
from hadviz.symbolic import (
    MAX_SYMBOLIC,
    SymbolicProof,
    VectorProof,
    prove_jacobian,
    prove_vector_analogue,
    symbolic_jacobian,
)

__all__ = ["Spellings", "SymbolicView", "leading_block", "symbolic_view"]


@dataclass(frozen=True)
class Spellings:
    """SymPy's matrix calculus on the question's two spellings (:mod:`hadviz.matrix_calculus`).

    Attributes
    ----------
    row_spelling : str
        What it does with the row spelling at the proven size (1.14: a ValueError when
        m, n ≥ 2, a matrix when m = 1 or n = 1).
    column_spelling : ColumnSpelling
        Its working column spelling, evaluated at the same numbers.
    column_check : Comparison
        That evaluation against the model's dense Jacobian.
    column_shape_text : str
        What SymPy's ``.diff`` returns at these sizes and where ∂f_k/∂W_ij sits in it.
    """

    row_spelling: str
    column_spelling: ColumnSpelling
    column_check: Comparison
    column_shape_text: str


@dataclass(frozen=True)
class SymbolicView:
    """The symbolic page: the proof for one size, and SymPy's numbers against the model's.

    Attributes
    ----------
    m, n, p : int
        The size proven: the problem's, each capped at :data:`MAX_SYMBOLIC` (p = 1 for a
        model without rows).
    capped : bool
        The problem is larger than that, so the numbers compared are its leading block.
    numeric_check : Comparison
        SymPy's element-wise Jacobian at the leading block of the numbers (evaluated with
        40 digits, more where tanh needs them), against the model's dense ``jacobian``.
    spellings : Spellings or None
        SymPy's matrix calculus on the question's spellings; None for the other models.
    proof_text : str
        What the proof established at this size, with the counts in the right number.
    names_text : str
        What the named sums of the proof's ``names_latex`` stand for and which formulas use
        them, said before the first of those; "" when every formula is written in full.
    """

    m: int
    n: int
    p: int
    capped: bool
    proof: SymbolicProof
    vector: VectorProof
    numeric_check: Comparison
    spellings: Spellings | None
    proof_text: str
    names_text: str = ""


def leading_block(problem: Problem) -> Problem:
    """The problem cut to its leading m × n block (and p columns of A, B), each side capped
    at :data:`MAX_SYMBOLIC`: a problem of the same model whose SymPy proof is affordable.

    Examples
    --------
    >>> from hadviz.problem import random_problem
    >>> q = leading_block(random_problem(7, 9, 0, fn="matrix", p=8))
    >>> q.m, q.n, q.p, q.fn
    (4, 4, 4, 'matrix')
    """
    m, n, p = (min(x, MAX_SYMBOLIC) for x in (problem.m, problem.n, problem.p))
    arrays = [x[:m, :p] if q.matrix else x[:m]
              for q, x in zip(problem.model.params, problem.arrays, strict=True)]
    return Problem(problem.W[:m, :n], *arrays, fn=problem.fn)


def symbolic_view(problem: Problem) -> SymbolicView:
    """Prove the model's formula at the problem's size (capped) and compare SymPy's numbers.

    SymPy's numbers are computed with 40 or more exact digits, so the difference is the
    model's own float64 rounding: the tolerance is a rounding-error bound for sums of up to 2m + 4
    operations on the terms of each entry (the model's rounding scales, :func:`magnitudes`).
    """
    block = leading_block(problem)
    model, m, n, p = block.model, block.m, block.n, block.p
    J = model.jacobian(block.W, *block.arrays)
    tol = expand_compact(pair_tolerance(2 * m + 4, magnitudes(block).G))
    proof = prove_jacobian(m, n, model.name, p)
    return SymbolicView(
        m=m, n=n, p=p,
        capped=(m, n, p) != (problem.m, problem.n, problem.p),
        proof=proof,
        vector=prove_vector_analogue(),
        numeric_check=compare(symbolic_jacobian(block.W, *block.arrays, fn=model.name), J,
                              tol),
        spellings=_spellings(block, J, tol) if model.sympy_spellings else None,
        proof_text=_proof_text(proof),
        names_text=_names_text(proof),
    )


def _spellings(block: Problem, J: np.ndarray, tol: np.ndarray) -> Spellings:
    column = column_spelling_jacobian(block.W, *block.arrays)
    return Spellings(hadamard_product_diff(block.m, block.n), column,
                     compare(column.jacobian, J, tol), _shape_text(block.m, block.n))


def _proof_text(proof: SymbolicProof) -> str:
    model = model_of(proof.fn)
    m, n, p, rows = proof.m, proof.n, proof.p, model.rows
    size = f"m = {m}, n = {n}" + (f", p = {p}" if rows else "")
    lhs = model.latex.split("(W)")[0].strip()
    d = f"{lhs}_{{r,k}}" if rows else f"{lhs}_k"
    C = f"{model.compact_symbol}[i, {'r, ' if rows else ''}k]"
    how = "expands" if model.quadratic else "reduces"
    if proof.entries == 1:
        claim = (f"the one entry $\\partial {d}/\\partial W_{{1,1}}$ derived by SymPy equals "
                 f"the model's formula identically (the difference {how} to 0); it is not "
                 "identically 0")
    else:
        nonzero = plural(proof.nonzero_entries, "is", "are", number=False)
        claim = (f"all {proof.entries:,} entries $\\partial {d}/\\partial W_{{i,j}}$ derived "
                 f"by SymPy equal $\\delta_{{jk}}\\,{C}$ of the model's formula identically "
                 f"(each difference {how} to 0); as functions of the symbols, "
                 f"{proof.nonzero_entries:,} of them {nonzero} not identically 0: the "
                 f"{'p·n·m' if rows else 'n·m'} = {proof.nonzero_entries:,} with j = k")
    return f"Proven for {size}: {claim} (with numbers, any of these can still be 0)."


def _names_text(proof: SymbolicProof) -> str:
    """Which formulas are written with named sums, and what the names stand for."""
    if not proof.named:
        return ""
    model = model_of(proof.fn)
    parts = {"f": f"${model.latex.split('(W)')[0].strip()}$", "slices": "the slices",
             "closed": "the first block of the model's formula"}
    named = [parts[part] for part in proof.named]
    what = ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0]
    names = ("the entries of $U = A^TW$ and $V = B^TW$ named $U_{rk}$ and $V_{rk}$"
             if model.rows else "the sums $u_k = a^Tw_k$ and $v_k = b^Tw_k$ named, where "
             "$w_k$ is column k of W")
    return (f"Written out in full, {what} would be wider than the page, so "
            f"{'it is' if proof.named == ('f',) else 'they are'} written with {names}. SymPy "
            "rewrote its own expressions with these names, and putting the sums back gives them "
            f"exactly. For this {proof.m} × {proof.n} block the sums are:")


def _shape_text(m: int, n: int) -> str:
    shape = diff_shape(m, n)
    text = "(" + ", ".join(map(str, shape)) + ")"
    if len(shape) == 4:
        return (f"an array of shape {text}, input index first: ∂fₖ/∂Wᵢⱼ is entry "
                f"{diff_index(m, n)} (indices from 1)")
    return (f"a matrix of shape {text}, not the (m, n, n, 1) array it returns when "
            f"m, n ≥ 2: ∂fₖ/∂Wᵢⱼ is entry {diff_index(m, n)} (indices from 1)")
