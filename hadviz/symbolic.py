r"""Symbolic verification with SymPy: the Jacobian derived entry by entry and proven equal.

For sizes up to :data:`MAX_SYMBOLIC` × :data:`MAX_SYMBOLIC`, W, a and b are matrices of
SymPy symbols, f = (aᵀW) ∘ (bᵀW) is formed explicitly, every ∂f_k/∂W_ij is derived with
``derive_by_array`` and the difference from the closed form δ_jk [(abᵀ + baᵀ)W]_ik is
expanded; it is the zero polynomial for every entry, which proves the formula for all
values of the symbols (not just for sample numbers). The vector analogue
d(Ax ∘ Bx)/dx = AᵀDiag(Bx) + BᵀDiag(Ax) (denominator layout) is proven the same way, and
SymPy's own matrix-calculus route is run on both spellings of f: the row spelling
``HadamardProduct(a.T*W, b.T*W).diff(W)`` raises ValueError in SymPy 1.14, the column spelling
``HadamardProduct(W.T*a, W.T*b).diff(W)`` works and returns an (m, n, n, 1) array (input index
first; an n × n matrix when m = 1 and an m × 1 matrix when n = 1, see :func:`diff_shape`)
that is evaluated at the user's numbers and compared with hadviz.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import sympy as sp
from numpy.typing import NDArray

__all__ = [
    "MAX_SYMBOLIC",
    "ColumnSpelling",
    "SymbolicProof",
    "VectorProof",
    "column_spelling_jacobian",
    "diff_index",
    "diff_shape",
    "hadamard_product_diff",
    "prove_jacobian",
    "prove_vector_analogue",
    "symbolic_jacobian",
]

#: Largest m and n proven symbolically (the cost grows like m²n², all of it in SymPy).
MAX_SYMBOLIC = 4


@dataclass(frozen=True)
class SymbolicProof:
    """The outcome of :func:`prove_jacobian`.

    Attributes
    ----------
    m, n : int
        The size that was proven.
    proven : bool
        Every entry's difference from the closed form expanded to 0.
    entries : int
        Number of entries checked (n·m·n).
    nonzero_entries : int
        Entries of the derived Jacobian that are not identically zero (n·m).
    f_latex : str
        LaTeX of f in symbols.
    slices_latex : list of str
        LaTeX of each slice ∂f_k/∂W in symbols.
    closed_form_latex : str
        LaTeX of G = (abᵀ + baᵀ)W in symbols.
    """

    m: int
    n: int
    proven: bool
    entries: int
    nonzero_entries: int
    f_latex: str
    slices_latex: list[str]
    closed_form_latex: str


def _symbols(m: int, n: int) -> tuple[sp.Matrix, sp.Matrix, sp.Matrix]:
    W = sp.Matrix(m, n, lambda i, j: sp.Symbol(f"W_{{{i + 1}{j + 1}}}", real=True))
    a = sp.Matrix(m, 1, lambda i, _: sp.Symbol(f"a_{i + 1}", real=True))
    b = sp.Matrix(m, 1, lambda i, _: sp.Symbol(f"b_{i + 1}", real=True))
    return W, a, b


def _check_size(m: int, n: int) -> None:
    if not (1 <= m <= MAX_SYMBOLIC and 1 <= n <= MAX_SYMBOLIC):
        raise ValueError(f"m and n must be in 1..{MAX_SYMBOLIC} for the symbolic proof; "
                         f"got m={m}, n={n}")


@lru_cache(maxsize=2 * MAX_SYMBOLIC**2)
def _derived(m: int, n: int):
    """Symbols, f, the element-wise derivative array and the closed form for one size."""
    W, a, b = _symbols(m, n)
    f = (a.T * W).multiply_elementwise(b.T * W)  # 1 × n
    # derive_by_array(expr, x) has shape x.shape + expr.shape = (m, n, 1, n)
    D = sp.derive_by_array(f, W)
    G = (a * b.T + b * a.T) * W
    return W, a, b, f, D, G


@lru_cache(maxsize=2 * MAX_SYMBOLIC**2)
def _jacobian_function(m: int, n: int):
    W, a, b, _, D, _ = _derived(m, n)
    return sp.lambdify([list(W), list(a), list(b)], D, "numpy")


def symbolic_jacobian(W: NDArray, a: NDArray, b: NDArray) -> NDArray:
    """Evaluate SymPy's element-wise derivative at numbers, in hadviz's (n, m, n) layout.

    Returns
    -------
    J : (n, m, n) ndarray
        ``J[k, i, j]`` from the derivative array SymPy derived (not from the closed form).
    """
    W, a, b = (np.asarray(x, dtype=float) for x in (W, a, b))
    m, n = W.shape
    _check_size(m, n)
    D = np.asarray(_jacobian_function(m, n)(list(W.reshape(-1)), list(a), list(b)),
                   dtype=float).reshape(m, n, 1, n)
    return D[:, :, 0, :].transpose(2, 0, 1)


@lru_cache(maxsize=2 * MAX_SYMBOLIC**2)
def prove_jacobian(m: int, n: int) -> SymbolicProof:
    """Derive J entry by entry in SymPy and prove J[k, i, j] = δ_jk G[i, k].

    Parameters
    ----------
    m, n : int
        Sizes, 1 … :data:`MAX_SYMBOLIC`.

    Examples
    --------
    >>> prove_jacobian(2, 2).proven
    True
    """
    _check_size(m, n)
    _, _, _, f, D, G = _derived(m, n)
    proven = True
    nonzero = 0
    slices = []
    for k in range(n):
        S = sp.zeros(m, n)
        for i in range(m):
            for j in range(n):
                entry = D[i, j, 0, k]
                closed = G[i, k] if j == k else sp.Integer(0)
                if sp.expand(entry - closed) != 0:
                    proven = False
                if sp.expand(entry) != 0:
                    nonzero += 1
                S[i, j] = sp.factor(entry) if entry != 0 else entry
        slices.append(_slice_latex(k, S))
    return SymbolicProof(
        m=m,
        n=n,
        proven=proven,
        entries=n * m * n,
        nonzero_entries=nonzero,
        f_latex=r"f = " + sp.latex(f.T.applyfunc(sp.factor), mat_delim="["),
        slices_latex=slices,
        closed_form_latex=(r"\begin{gathered} G = (ab^T + ba^T)W = \begin{bmatrix} G_{:,1} & "
                           r"\cdots & G_{:,n} \end{bmatrix} \\ G_{:,1} = (ab^T + ba^T)\,w_1 "
                           r"\\ = "
                           + sp.latex(G[:, 0].applyfunc(sp.expand), mat_delim="[")
                           + r"\end{gathered}"),
    )


def _slice_latex(k: int, S: sp.Matrix) -> str:
    r"""The slice ∂f_k/∂W (``S``, m × n) written by columns: its column k in full, every other
    column as a bold zero column (its entries are 0), so the slice stays narrow."""
    cols = [sp.latex(S[:, j], mat_delim="[") if j == k else r"\mathbf{0}"
            for j in range(S.shape[1])]
    size = r"\small " if S.shape[0] >= 3 else ""  # long entries: keep a 4 × 4 slice in a column
    return (size + rf"\frac{{\partial f_{{{k + 1}}}}}{{\partial W}} = \left[\;"
            + r"\;\; ".join(cols) + r"\;\right]")


@dataclass(frozen=True)
class VectorProof:
    """The vector analogue d(Ax ∘ Bx)/dx = AᵀDiag(Bx) + BᵀDiag(Ax), proven symbolically."""

    q: int
    p: int
    proven: bool
    derived_latex: str
    formula_latex: str


def prove_vector_analogue(q: int = 2, p: int = 3) -> VectorProof:
    """Prove d(Ax ∘ Bx)/dx = AᵀDiag(Bx) + BᵀDiag(Ax) for symbolic A, B (q × p) and x (p,).

    The denominator (gradient) layout is used: entry (r, s) is ∂y_s/∂x_r for y = Ax ∘ Bx.
    With A = aᵀ, B = bᵀ (q = 1) and x = w_k it is column k of G.

    Examples
    --------
    >>> prove_vector_analogue(2, 2).proven
    True
    """
    A = sp.Matrix(q, p, lambda r, s: sp.Symbol(f"A_{{{r + 1}{s + 1}}}", real=True))
    B = sp.Matrix(q, p, lambda r, s: sp.Symbol(f"B_{{{r + 1}{s + 1}}}", real=True))
    x = sp.Matrix(p, 1, lambda r, _: sp.Symbol(f"x_{r + 1}", real=True))
    y = (A * x).multiply_elementwise(B * x)
    derived = sp.Matrix(p, q, lambda r, s: sp.diff(y[s], x[r]))
    formula = A.T * sp.diag(*(B * x)) + B.T * sp.diag(*(A * x))
    proven = (derived - formula).applyfunc(sp.expand) == sp.zeros(p, q)
    return VectorProof(q, p, bool(proven), sp.latex(derived, mat_delim="["),
                       _entries_latex(formula.applyfunc(sp.expand)))


def _entries_latex(M: sp.Matrix) -> str:
    """A symbolic matrix entry by entry, one line each (its entries are too long for a row)."""
    rows = [rf"[\,\cdot\,]_{{{r + 1},{s + 1}}} &= {sp.latex(M[r, s])}"
            for r in range(M.shape[0]) for s in range(M.shape[1])]
    return r"\begin{aligned} " + r" \\ ".join(rows) + r" \end{aligned}"


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


@lru_cache(maxsize=2 * MAX_SYMBOLIC**2)
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
