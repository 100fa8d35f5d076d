r"""Symbolic verification with SymPy: every model's Jacobian derived entry by entry and proven.

For sizes up to :data:`MAX_SYMBOLIC` (m, n and, for a model with rows, p), W and the model's
parameters are matrices of SymPy symbols; F is formed from the model's own SymPy expression
(:meth:`~hadviz.models.Model.sympy_f`: (aᵀW) ∘ (bᵀW), its tanh, σ(aᵀW) ∘ (bᵀW) with
σ(x) = 1/(1 + e⁻ˣ), or (AᵀW) ∘ (BᵀW)), every ∂F_(r,)k/∂W_ij is derived with
``derive_by_array``, and its difference from the model's formula δ_jk C[i, (r,) k]
(:meth:`~hadviz.models.Model.sympy_compact`) is reduced to 0: expanded for a polynomial,
cancelled for the gate's rational function of exponentials, simplified after writing tanh and
sech as exponentials. A difference that reduces to 0 proves the formula for all values of the
symbols (not just for sample numbers). A formula too wide for the desk (:mod:`hadviz.desk`)
in full is written with named sums (u_k = aᵀw_k, v_k = bᵀw_k; U = AᵀW, V = BᵀW) that SymPy
puts in place of the sums in its own expressions (:func:`in_sums`). The vector analogue
d(Ax ∘ Bx)/dx = AᵀDiag(Bx) + BᵀDiag(Ax) (denominator layout) is proven the same way.
SymPy's matrix calculus on the question's two spellings lives in :mod:`hadviz.matrix_calculus`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from typing import Any

import mpmath
import numpy as np
import sympy as sp
from numpy.typing import NDArray

from hadviz.desk import DESK_EM, width
from hadviz.matrix_calculus import diff_index, diff_shape
from hadviz.models import Model, model_of

__all__ = ["MAX_SYMBOLIC", "SymbolicProof", "VectorProof", "diff_index", "diff_shape", "in_sums",
           "prove_jacobian", "prove_vector_analogue", "sums", "symbolic_jacobian"]

#: Largest m, n and p proven symbolically (the cost grows like p·m²n², all of it in SymPy;
#: tanh's 4 × 4 proof takes about 2 s).
MAX_SYMBOLIC = 4
#: Decimal digits of the evaluation of SymPy's derivative at numbers (mpmath), beyond those
#: that 1 − tanh² x loses to cancellation (2|x|/ln 10 of them: :func:`working_digits`).
DIGITS = 40
#: Most digits used: past |x| ≈ 1100, sech² x is below float64's smallest number anyway.
MAX_DIGITS = 1000


def working_digits(W: NDArray, *P: NDArray) -> int:
    """Digits that keep 1 − tanh² x exact to :data:`DIGITS` digits for every product x the
    problem can form: |x| ≤ (Σ|W|·max|P|)², and 1 − tanh² x ≈ 4e^{−2|x|} loses 2|x|/ln 10.

    Examples
    --------
    >>> working_digits(np.array([[6.0]]), np.array([2.0]), np.array([1.0]))  # |x| ≤ 144
    166
    """
    bound = float(np.abs(W).sum()) * max(float(np.abs(x).max(initial=0.0)) for x in P)
    extra = 2.0 * min(bound * bound, 1e4) / np.log(10.0)
    return int(min(DIGITS + np.ceil(extra), MAX_DIGITS))


@dataclass(frozen=True)
class SymbolicProof:
    """The outcome of :func:`prove_jacobian`.

    Attributes
    ----------
    fn : str
        The model proven.
    m, n, p : int
        The size that was proven (p = 1 for a model without rows).
    proven : bool
        Every entry's difference from the model's formula reduced to 0.
    entries : int
        Number of entries checked (p·n·m·n).
    nonzero_entries : int
        Entries of the derived Jacobian that are not identically zero (p·n·m, those j = k).
    f_latex : str
        LaTeX of F in symbols.
    slices_latex : list of str
        LaTeX of each slice ∂F_(r,)k/∂W in symbols, k fastest.
    closed_form_latex : str
        LaTeX of the model's compact formula and its first block in symbols.
    names_latex, named : str, tuple of str
        The parts ("f", "slices", "closed") too wide for the desk in full, so written with
        named sums (:func:`sums`), and their definitions, one per line ("" if none).
    """

    fn: str
    m: int
    n: int
    p: int
    proven: bool
    entries: int
    nonzero_entries: int
    f_latex: str
    slices_latex: list[str]
    closed_form_latex: str
    names_latex: str = ""
    named: tuple[str, ...] = ()


def _symbols(model: Model, m: int, cols: Any, rows: Any) -> tuple[sp.Matrix, tuple]:
    """W (m × n) and the model's parameters (m × 1 vectors, m × p matrices) as symbols, the
    columns of W labelled ``cols`` ("1", "2", … or "k"), a matrix parameter's ``rows`` (… "r")."""
    def symbol(name: str) -> sp.Symbol:
        return sp.Symbol(name, real=True)

    W = sp.Matrix(m, len(cols), lambda i, j: symbol(f"W_{{{i + 1}{cols[j]}}}"))
    P = tuple(sp.Matrix(m, len(rows), lambda i, r, q=q: symbol(f"{q.name}_{{{i + 1}{rows[r]}}}"))
              if q.matrix else sp.Matrix(m, 1, lambda i, _, q=q: symbol(f"{q.name}_{i + 1}"))
              for q in model.params)
    return W, P


def _check_size(m: int, n: int, p: int = 1) -> None:
    if not all(1 <= x <= MAX_SYMBOLIC for x in (m, n, p)):
        raise ValueError(f"m, n and p must be in 1..{MAX_SYMBOLIC} for the symbolic proof; "
                         f"got m={m}, n={n}, p={p}")


def is_zero(x: Any) -> bool:
    """Whether a SymPy expression is identically 0: expanded, cancelled, or simplified with
    tanh and sech written as exponentials (each step is an identity, so 0 is a proof).

    Examples
    --------
    >>> t = sp.Symbol("t", real=True)
    >>> is_zero(1 - sp.tanh(t) ** 2 - sp.sech(t) ** 2), is_zero(sp.tanh(t) - 1)
    (True, False)
    """
    return bool(sp.expand(x) == 0 or sp.cancel(x) == 0
                or sp.simplify(x.rewrite(sp.exp)) == 0)


@lru_cache(maxsize=64)
def _derived(fn: str, m: int, n: int, p: int = 1):
    """Symbols, F, the derivative array (m, n, p, n) and the formula's closed(i, r, k)."""
    model = model_of(fn)
    W, P = _symbols(model, m, [f"{j + 1}" for j in range(n)], [f"{r + 1}" for r in range(p)])
    F = model.sympy_f(W, *P)  # (p, n); a 1 × n row without rows
    # derive_by_array(expr, x) has shape x.shape + expr.shape = (m, n, p, n)
    D = sp.derive_by_array(F, W)
    C = model.sympy_compact(W, *P)

    def closed(i: int, r: int, k: int) -> Any:
        return C[i, r, k] if model.rows else C[i, k]

    return W, P, F, D, closed


@lru_cache(maxsize=64)
def _jacobian_function(fn: str, m: int, n: int, p: int):
    W, P, _, D, _ = _derived(fn, m, n, p)
    return sp.lambdify([list(W), *(list(x) for x in P)], D.tolist(), "mpmath")


def symbolic_jacobian(W: NDArray, *P: NDArray, fn: str = "hadamard") -> NDArray:
    """Evaluate SymPy's element-wise derivative at numbers, in the model's dense layout.

    Evaluated with mpmath at :func:`working_digits` digits (at least :data:`DIGITS`), then
    rounded to float64.

    Returns
    -------
    J : ndarray, shape output + (m, n): (n, m, n), or (p, n, m, n) with rows
        ``J[(r,) k, i, j]`` from the derivative array SymPy derived (not from the formula).
    """
    model = model_of(fn)
    W = np.asarray(W, dtype=float)
    P = tuple(np.asarray(x, dtype=float) for x in P)
    m, n = W.shape
    p = P[0].shape[1] if model.rows else 1
    _check_size(m, n, p)
    with mpmath.workdps(working_digits(W, *P)):
        D = _jacobian_function(fn, m, n, p)(list(W.reshape(-1)),
                                            *(list(x.reshape(-1)) for x in P))
        D = np.array([[[[float(D[i][j][r][k]) for k in range(n)] for r in range(p)]
                       for j in range(n)] for i in range(m)])
    J = D.transpose(2, 3, 0, 1)  # (m, n, p, n) → (p, n, m, n)
    return J if model.rows else J[0]


@lru_cache(maxsize=64)
def prove_jacobian(m: int, n: int, fn: str = "hadamard", p: int = 1) -> SymbolicProof:
    """Derive J entry by entry in SymPy and prove J[(r,) k, i, j] = δ_jk C[i, (r,) k].

    Parameters
    ----------
    m, n : int
        Sizes, 1 … :data:`MAX_SYMBOLIC`.
    fn : str
        The model (:data:`hadviz.models.MODELS`).
    p : int
        Rows of the output for a model with rows, 1 … :data:`MAX_SYMBOLIC` (else ignored).

    Examples
    --------
    >>> prove_jacobian(2, 2).proven, prove_jacobian(1, 2, "gated").proven
    (True, True)
    >>> prove_jacobian(4, 4, "tanh").named  # too wide in full: written with u_k, v_k
    ('slices', 'closed')
    """
    model = model_of(fn)
    p = p if model.rows else 1
    _check_size(m, n, p)
    derived = _derived(model.name, m, n, p)
    D, closed = derived[3], derived[4]
    proven, nonzero = True, 0
    for r, k, i, j in product(range(p), range(n), range(m), range(n)):
        entry = D[i, j, r, k]
        proven &= is_zero(entry - (closed(i, r, k) if j == k else 0))
        nonzero += int(sp.expand(entry) != 0)
    parts, named = _written(model, p, derived)
    return SymbolicProof(model.name, m, n, p, bool(proven), p * n * m * n, nonzero,
                         parts["f"][0], parts["slices"], parts["closed"][0],
                         _names_latex(model, m) if named else "", named)


def _written(model: Model, p: int, derived: tuple) -> tuple[dict[str, list[str]], tuple]:
    """Each part's LaTeX with its entries in full, or, where a line would then be wider than
    the desk, with the named sums of :func:`sums`; and the parts so named."""
    W, P, F, D, closed = derived
    m, n = W.shape

    def write(f: Any, s: Any, c: Any) -> dict[str, list[str]]:
        return {"f": [_f_latex(model, F.applyfunc(f), W)],
                "slices": [_slice_latex(model, r, k, D, s) for r in range(p) for k in range(n)],
                "closed": [_closed_latex(model, m, closed, c)]}

    full = write(lambda x: x, *((sp.factor, sp.expand) if model.quadratic else [lambda x: x] * 2))
    named = tuple(part for part, lines in full.items() if max(map(width, lines)) > DESK_EM)
    if named:
        names = sums(model, W, P)
        short = write(*[lambda x: in_sums(x, names, W)] * 3)
        full |= {part: short[part] for part in named}
    return full, named


def sums(model: Model, W: sp.Matrix, P: tuple[sp.Matrix, ...]) -> dict[sp.Symbol, Any]:
    r"""The sums a long formula is written with, name → SymPy expression: u_k = aᵀw_k and
    v_k = bᵀw_k (w_k column k of W), or with rows U_rk = (AᵀW)_rk and V_rk = (BᵀW)_rk."""
    label = (lambda r, k: f"{{{r + 1}{k + 1}}}") if model.rows else (lambda r, k: f"{k + 1}")
    return {sp.Symbol(f"{x}_{label(r, k)}", real=True): S[r, k]
            for x, S in zip("UV" if model.rows else "uv", (q.T * W for q in P), strict=True)
            for r, k in product(range(S.rows), range(S.cols))}  # S: (p, n), or a 1 × n row


def in_sums(expr: Any, names: dict[sp.Symbol, Any], W: sp.Matrix) -> Any:
    r"""``expr`` written with the named sums of :func:`sums`: each sum replaced by its name
    (``xreplace``); where entries of a column w_k remain, W_1k and W_2k solved from u_k, v_k
    and the result cancelled, so that G_ik = Σ_l (a_i b_l + b_i a_l) W_lk comes out free of W.

    Examples
    --------
    >>> W, P = _symbols(model_of("hadamard"), 2, "1", "1")
    >>> names = sums(model_of("hadamard"), W, P); names
    {u_1: W_{11}*a_1 + W_{21}*a_2, v_1: W_{11}*b_1 + W_{21}*b_2}
    >>> in_sums(model_of("hadamard").sympy_compact(W, *P)[0, 0], names, W)
    a_1*v_1 + b_1*u_1
    """
    out = expr.xreplace({total: name for name, total in names.items()})
    for k in range(W.cols):
        column = set(W[:, k])
        pair = [name for name, total in names.items() if total.free_symbols & column]
        if W.rows < 2 or len(pair) != 2 or not out.free_symbols & column:
            continue  # with rows, 2p sums share a column: only exact replacement
        solved = sp.solve([name - names[name] for name in pair], [W[0, k], W[1, k]], dict=True)
        out = sp.factor(sp.cancel(out.subs(solved[0]))) if solved else out
    return out


def _names_latex(model: Model, m: int) -> str:
    """The named sums' definitions for any column k (and row r), one per line."""
    w, P = _symbols(model, m, "k", "r")
    lines = [(rf"{x}_{{rk}} &= ({q.name}^T W)_{{rk}}" if model.rows else
              rf"{x}_k &= {q.name}^T w_k") + f" = {sp.latex((Q.T * w)[0])}"
             for x, q, Q in zip("UV" if model.rows else "uv", model.params, P, strict=True)]
    return r"\begin{aligned} " + r" \\ ".join(lines) + r" \end{aligned}"


def _f_latex(model: Model, F: Any, W: sp.Matrix) -> str:
    """F in symbols: f as a column; with rows, F's first column (p products of sums, one per
    line: the whole p × n matrix is too wide to read), the others alike."""
    if not model.rows:
        return model.latex.split("(W)")[0].strip() + " = " + sp.latex(F.T, mat_delim="[")
    alike = ("w_k", "w_1") if F.free_symbols & set(W) else ("U_{rk}, V_{rk}", "U_{r1}, V_{r1}")
    return (rf"F_{{:,1}} = {sp.latex(F[:, 0], mat_delim='[')}, \qquad F_{{:,k}}\ "
            rf"\text{{alike, with }} {alike[0]}\text{{ in place of }} {alike[1]}")


def _closed_latex(model: Model, m: int, closed: Any, tidy: Any) -> str:
    """The model's helpers and compact formula, and its first block (column 1) in symbols."""
    # with rows, the block's first column (m entries, one per line) stands for the p columns
    block = sp.Matrix(m, 1, lambda i, r: tidy(closed(i, 0, 0)))
    name = r"(C_1)_{:,1}" if model.rows else rf"{model.compact_symbol}_{{:,1}}"
    return (rf"\begin{{gathered}} {model.helpers_latex} \\ {model.compact_latex} \\ {name} = "
            + sp.latex(block, mat_delim="[") + r" \end{gathered}")


def _slice_latex(model: Model, r: int, k: int, D: Any, tidy: Any) -> str:
    r"""The slice ∂F_(r,)k/∂W (``D[:, :, r, k]``, m × n) written by columns: its column k in
    full, every other column as a bold zero column (its entries are 0), so it stays narrow."""
    m, n = D.shape[:2]
    column = sp.Matrix(m, 1, lambda i, _: tidy(D[i, k, r, k]))
    cols = [sp.latex(column, mat_delim="[") if j == k else r"\mathbf{0}" for j in range(n)]
    size = r"\small " if m >= 3 or not model.quadratic else ""
    lhs = model.latex.split("(W)")[0].strip()  # "f" or "F", as the model's definition writes it
    index = f"{r + 1},{k + 1}" if model.rows else f"{k + 1}"
    return (size + rf"\frac{{\partial {lhs}_{{{index}}}}}{{\partial W}} = \left[\;"
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
