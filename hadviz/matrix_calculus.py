r"""SymPy's own matrix calculus on the question's f: one spelling fails, the other works.

SymPy can differentiate matrix expressions without writing out entries. On the question's f it
is run on both spellings: the row spelling ``HadamardProduct(a.T*W, b.T*W).diff(W)`` raises
ValueError in SymPy 1.14 when m, n ≥ 2, the column spelling ``HadamardProduct(W.T*a,
W.T*b).diff(W)`` works and returns an (m, n, n, 1) array (input index first; an n × n matrix
when m = 1 and an m × 1 matrix when n = 1, see :func:`diff_shape`) that is evaluated at the
user's numbers and compared with hadviz. The entry-by-entry proof for every model is in
:mod:`hadviz.symbolic`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import sympy as sp
from numpy.typing import NDArray

__all__ = ["MAX_SPELLING", "ColumnSpelling", "column_spelling_jacobian", "diff_index",
           "diff_shape", "hadamard_product_diff"]

#: Largest m and n whose column spelling is made explicit and evaluated at numbers.
MAX_SPELLING = 4


def _check_size(m: int, n: int) -> None:
    if not (1 <= m <= MAX_SPELLING and 1 <= n <= MAX_SPELLING):
        raise ValueError(f"m and n must be in 1..{MAX_SPELLING} for SymPy's matrix calculus; "
                         f"got m={m}, n={n}")


@lru_cache(maxsize=64)
def hadamard_product_diff(m: int, n: int) -> str:
    """Run SymPy's matrix-calculus route on the row spelling of f at m × n; say what happens.

    Returns
    -------
    str
        ``"ValueError: <message>"`` when SymPy raises (1.14 does for
        ``HadamardProduct(a.T*W, b.T*W).diff(W)`` when m, n ≥ 2), otherwise
        ``"returns a matrix of shape (r, c)"`` (1.14 at m = 1 or n = 1).

    Examples
    --------
    >>> hadamard_product_diff(2, 3)
    'ValueError: diagonalizing indices of different dimensions'
    >>> hadamard_product_diff(1, 4)
    'returns a matrix of shape (4, 4)'
    """
    W = sp.MatrixSymbol("W", m, n)
    a = sp.MatrixSymbol("a", m, 1)
    b = sp.MatrixSymbol("b", m, 1)
    try:
        result = sp.HadamardProduct(a.T * W, b.T * W).diff(W)
    except ValueError as exc:
        return f"ValueError: {exc}"
    return f"returns a matrix of shape {tuple(int(x) for x in result.shape)}"


@lru_cache(maxsize=2 * MAX_SPELLING**2)
def _column_spelling(m: int, n: int):
    """``HadamardProduct(W.T*a, W.T*b).diff(W)`` for sizes m × n, made explicit and compiled."""
    W = sp.MatrixSymbol("W", m, n)
    a = sp.MatrixSymbol("a", m, 1)
    b = sp.MatrixSymbol("b", m, 1)
    derivative = sp.HadamardProduct(W.T * a, W.T * b).diff(W)
    explicit = derivative.as_explicit()
    return derivative, sp.lambdify([W, a, b], explicit, "numpy"), tuple(explicit.shape)


@lru_cache(maxsize=256)
def diff_shape(m: int, n: int) -> tuple[int, ...]:
    """The shape the installed SymPy gives ``HadamardProduct(W.T*a, W.T*b).diff(W)`` at m × n.

    Asked of SymPy itself (symbolically, without making the array explicit: milliseconds
    even at 64 × 64). SymPy 1.14 returns an (m, n, n, 1) array when m, n ≥ 2, but a matrix
    when m = 1 ((n, n)) or n = 1 ((m, 1)); ``derive_by_array`` of the explicit column f is
    (m, n, n, 1) at every size.

    Examples
    --------
    >>> diff_shape(2, 3), diff_shape(1, 4), diff_shape(4, 1), diff_shape(1, 1)
    ((2, 3, 3, 1), (4, 4), (4, 1), (1, 1))
    """
    W = sp.MatrixSymbol("W", m, n)
    a = sp.MatrixSymbol("a", m, 1)
    b = sp.MatrixSymbol("b", m, 1)
    return tuple(int(s) for s in sp.HadamardProduct(W.T * a, W.T * b).diff(W).shape)


def diff_index(m: int, n: int) -> str:
    """Where ∂f_k/∂W_ij sits in :func:`diff_shape`'s array, with indices from 1.

    Examples
    --------
    >>> diff_index(2, 3), diff_index(1, 4), diff_index(4, 1)
    ('D[i, j, k, 1]', 'D[j, k] (i = 1)', 'D[i, 1] (j = k = 1)')
    """
    shape = diff_shape(m, n)
    if len(shape) == 4:
        return "D[i, j, k, 1]"
    if m == 1 and n == 1:
        return "D[1, 1] (i = j = k = 1)"
    if m == 1:
        return "D[j, k] (i = 1)" if shape == (n, n) else f"a {shape} array"
    return "D[i, 1] (j = k = 1)" if shape == (m, 1) else f"a {shape} array"


@dataclass(frozen=True)
class ColumnSpelling:
    """SymPy's own derivative of the column spelling, evaluated at numbers.

    Attributes
    ----------
    expression : str
        What ``HadamardProduct(W.T*a, W.T*b).diff(W)`` returns, as SymPy prints it.
    shape : tuple of int
        The shape SymPy returns (:func:`diff_shape`): (m, n, n, 1), input index first, for
        m, n ≥ 2; a matrix with the same entries in the same order when m = 1 or n = 1.
    jacobian : (n, m, n) ndarray
        The same numbers rearranged to hadviz's J[k, i, j].
    """

    expression: str
    shape: tuple[int, ...]
    jacobian: NDArray


def column_spelling_jacobian(W: NDArray, a: NDArray, b: NDArray) -> ColumnSpelling:
    """Differentiate f = (Wᵀa) ∘ (Wᵀb) with SymPy's matrix calculus and evaluate it at numbers.

    Examples
    --------
    >>> c = column_spelling_jacobian(np.ones((2, 2)), np.array([1.0, 0.0]), np.array([0.0, 3.0]))
    >>> c.shape, c.jacobian[0].tolist()
    ((2, 2, 2, 1), [[3.0, 0.0], [3.0, 0.0]])
    """
    W, a, b = (np.asarray(x, dtype=float) for x in (W, a, b))
    m, n = W.shape
    _check_size(m, n)
    derivative, evaluate, shape = _column_spelling(m, n)
    D = np.asarray(evaluate(W, a.reshape(m, 1), b.reshape(m, 1)), dtype=float)
    D = D.reshape(m, n, n, 1)  # restores the unit dimensions SymPy drops for m = 1 or n = 1
    return ColumnSpelling(str(derivative), shape, D[:, :, :, 0].transpose(2, 0, 1))
