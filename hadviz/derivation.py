r"""The two classic derivations, as lists of checked steps with the user's numbers.

Notation (one throughout): e_i ∈ ℝᵐ and ε_j ∈ ℝⁿ are standard basis vectors, indices count
from 1 on screen, S = abᵀ + baᵀ (symmetric, m × m), G = SW, u = Wᵀa, v = Wᵀb, and
J[k, i, j] = ∂f_k/∂W_ij.

:func:`diag_trick_steps` follows the index-notation argument

.. math::

    \frac{\partial W}{\partial W_{i,j}} = e_i\varepsilon_j^T \to
    \frac{\partial f}{\partial W_{i,j}} = \varepsilon_j e_i^T a \circ W^T b + W^T a \circ
    \varepsilon_j e_i^T b \to \operatorname{Diag}(\varepsilon_j) W^T S e_i \to
    \varepsilon_k^T \operatorname{Diag}(\varepsilon_j) W^T S e_i \to
    e_i^T S W \operatorname{Diag}(\varepsilon_j) \varepsilon_k \to \delta_{jk} G[i, k].

Every step carries its symbolic LaTeX, the same with the numbers substituted, and its value
computed *from that step's own formula* (explicit basis vectors and Diag matrices, not from
G), which is then compared with the previous step and with the complex-step derivative
Im f(W + ih E_ij)/h — exact to rounding because f is quadratic. :func:`column_view` and
:func:`expansion_view` give the second derivation (column by column, and Df as a linear map
with the exact expansion), and
:func:`gradient_view` the VJP and the Hessian's structure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from hadviz import figures
from hadviz.calculus import hadamard_f, jacobian_compact, jvp, projections, second_order_term, vjp
from hadviz.checks import (
    COMPLEX_STEP,
    SAFETY,
    UNIT_ROUNDOFF,
    Comparison,
    compare,
    complex_step_entry,
    gamma,
    magnitudes,
    pair_tolerance,
    power_of_two,
    unit_direction,
)
from hadviz.finite_diff import TaylorTest, taylor_test
from hadviz.latex import bmatrix, column, number, row
from hadviz.problem import Problem

__all__ = [
    "NOTATION",
    "ColumnView",
    "ExpansionView",
    "GradientView",
    "Step",
    "column_view",
    "diag_identity",
    "diag_trick_steps",
    "gradient_view",
]

#: Stated once on every derivation page.
NOTATION = (
    r"\begin{gathered}f = (W^Ta)\circ(W^Tb) \in \mathbb{R}^n \text{ (a column)},\quad "
    r"i \text{ a row of } W,\ j \text{ a column of } W,\ k \text{ a component of } f, \\ "
    r"e_i \in \mathbb{R}^m,\ \varepsilon_j \in \mathbb{R}^n"
    r"\text{ standard basis vectors},\quad u = W^Ta,\quad v = W^Tb, \\ "
    r"S = ab^T + ba^T,\quad G = SW,\quad "
    r"J[k,i,j] = \frac{\partial f_k}{\partial W_{i,j}} = \delta_{jk}\, G_{i,k}"
    r"\end{gathered}"
)



@dataclass(frozen=True)
class Step:
    """One step of a derivation.

    Attributes
    ----------
    caption : str
        Markdown: what the step does and why.
    symbolic : str
        LaTeX of the step in symbols.
    substituted : str
        LaTeX with the problem's numbers in place of the symbols.
    value : ndarray
        The step's value, computed from its own formula (matrix, (n,) vector or scalar).
    value_latex : str
    reference : ndarray
        The complex-step derivative of the same quantity.
    check : Comparison
        The value against the reference, within a rounding-error tolerance.
    agrees_with_previous : bool or None
        Whether the value equals the previous step's within the same tolerance (None for
        the first two steps: step 1 differentiates W, step 2 is the first derivative of f).
    """

    caption: str
    symbolic: str
    substituted: str
    value: NDArray
    value_latex: str
    reference: NDArray
    check: Comparison
    agrees_with_previous: bool | None

    @property
    def verified(self) -> bool:
        """The value matches the complex-step reference (and the previous step)."""
        return self.check.passed and self.agrees_with_previous is not False


def _basis(size: int, index: int) -> NDArray:
    e = np.zeros(size)
    e[index] = 1.0
    return e


def _value_latex(value: NDArray) -> str:
    v = np.asarray(value)
    if v.ndim == 0:
        return number(float(v), 10)
    if v.ndim == 1:
        return column(v, 8)
    return bmatrix(v, 8)


def diag_identity(problem: Problem) -> str:
    r"""LaTeX showing a∘b = Diag(a)b on this problem's u = Wᵀa and v = Wᵀb.

    Examples
    --------
    >>> from hadviz.problem import Problem
    >>> p = Problem([[1.0, 2.0]], [1.0], [3.0])
    >>> diag_identity(p).endswith(r"= \begin{bmatrix} 3 \\ 12 \end{bmatrix}")
    True
    """
    u, v = projections(problem.W, problem.a, problem.b)
    return (
        rf"u \circ v = {column(u)} \circ {column(v)} = "
        rf"\operatorname{{Diag}}(u)\,v = {bmatrix(np.diag(u))} {column(v)} = {column(u * v)}"
    )


def diag_trick_steps(problem: Problem, k: int, i: int, j: int) -> list[Step]:
    """The Diag-trick derivation of ∂f_k/∂W_ij, each step valued and checked.

    Parameters
    ----------
    problem : Problem
    k, i, j : int
        0-based component of f and entry of W.

    Returns
    -------
    list of Step
        Six steps; the last value is δ_jk G[i, k].

    Examples
    --------
    >>> from hadviz.problem import random_problem
    >>> steps = diag_trick_steps(random_problem(2, 3, seed=1), k=1, i=0, j=1)
    >>> len(steps), all(s.verified for s in steps)
    (6, True)
    """
    W, a, b = problem.W, problem.a, problem.b
    m, n = W.shape
    if not (0 <= k < n and 0 <= i < m and 0 <= j < n):
        raise ValueError(f"k, j must be in 0..{n - 1} and i in 0..{m - 1}; got {(k, i, j)}")
    I1, J1, K1 = i + 1, j + 1, k + 1  # 1-based, as displayed
    e_i, eps_j, eps_k = _basis(m, i), _basis(n, j), _basis(n, k)
    S = np.outer(a, b) + np.outer(b, a)
    u, v = projections(W, a, b)
    cs = complex_step_entry(problem, i, j)
    # every value of steps 2-6 and the complex step are sums of at most m + 4 rounded products
    # of the terms of G[i, j]: each is within γ_{m+4}·G̃[i, j] of the truth
    tol = float(pair_tolerance(m + 4, magnitudes(problem).G[i, j]))
    E = np.outer(e_i, eps_j)
    E_cs = (W + 1j * COMPLEX_STEP * E).imag / COMPLEX_STEP  # the identity map, the same way
    Diag_j = np.diag(eps_j)

    values: list[tuple[str, str, str, NDArray, NDArray]] = []
    # 1. the derivative of W itself
    values.append((
        "Differentiate W with respect to one of its entries: every entry but W_ij is constant, "
        "so the result is the matrix with a single 1 at (i, j), an outer product of basis "
        "vectors.",
        r"\frac{\partial W}{\partial W_{i,j}} = e_i\,\varepsilon_j^T",
        rf"\frac{{\partial W}}{{\partial W_{{{I1},{J1}}}}} = e_{{{I1}}}\,\varepsilon_{{{J1}}}^T "
        rf"= {column(e_i)} {row(eps_j)}",
        e_i[:, None] * eps_j[None, :],
        E_cs,
    ))
    # 2. product rule on f = Wᵀa ∘ Wᵀb
    step2 = (eps_j * a[i]) * v + u * (eps_j * b[i])
    values.append((
        "Write f = Wᵀa ∘ Wᵀb and apply the product rule; ∂Wᵀ/∂W_ij = ε_j e_iᵀ, and "
        "e_iᵀa = a_i, e_iᵀb = b_i are numbers.",
        r"\frac{\partial f}{\partial W_{i,j}} = \varepsilon_j e_i^T a \circ W^T b "
        r"+ W^T a \circ \varepsilon_j e_i^T b",
        rf"= \varepsilon_{{{J1}}}\,({number(a[i])}) \circ {column(v)} + {column(u)} \circ "
        rf"\varepsilon_{{{J1}}}\,({number(b[i])})",
        step2,
        cs,
    ))
    # 3. the Diag trick: x ∘ y = Diag(x) y, with x = ε_j
    step3 = Diag_j @ W.T @ S @ e_i
    values.append((
        "The trick: a Hadamard product with a vector is multiplication by its diagonal "
        "matrix, x ∘ y = Diag(x) y. With x = ε_j both terms become Diag(ε_j) times a vector, "
        "and a_i Wᵀb + b_i Wᵀa = Wᵀ(abᵀ + baᵀ)e_i.",
        r"\frac{\partial f}{\partial W_{i,j}} = \operatorname{Diag}(\varepsilon_j)\,W^T"
        r"\left(ab^T + ba^T\right) e_i",
        rf"= {bmatrix(Diag_j)} {bmatrix(W.T)} {bmatrix(S)} {column(e_i)}",
        step3,
        cs,
    ))
    # 4. isolate component k
    step4 = eps_k @ Diag_j @ W.T @ S @ e_i
    values.append((
        "Isolate the k-th component by multiplying with ε_kᵀ from the left.",
        r"\frac{\partial f_k}{\partial W_{i,j}} = \varepsilon_k^T \operatorname{Diag}"
        r"(\varepsilon_j)\,W^T\left(ab^T + ba^T\right) e_i",
        rf"\frac{{\partial f_{{{K1}}}}}{{\partial W_{{{I1},{J1}}}}} = {row(eps_k)} "
        rf"{bmatrix(Diag_j)} {bmatrix(W.T)} {bmatrix(S)} {column(e_i)}",
        np.asarray(step4),
        np.asarray(cs[k]),
    ))
    # 5. a scalar equals its transpose
    step5 = e_i @ S @ W @ Diag_j @ eps_k
    values.append((
        "A scalar equals its transpose; S = abᵀ + baᵀ is symmetric and Diag(ε_j) is diagonal.",
        r"\frac{\partial f_k}{\partial W_{i,j}} = e_i^T\left(ab^T + ba^T\right) W\,"
        r"\operatorname{Diag}(\varepsilon_j)\,\varepsilon_k",
        rf"= {row(e_i)} {bmatrix(S)} {bmatrix(W)} {bmatrix(Diag_j)} {column(eps_k)}",
        np.asarray(step5),
        np.asarray(cs[k]),
    ))
    # 6. read it off: Diag(ε_j) ε_k = δ_jk ε_k picks column k of G = SW
    G = jacobian_compact(W, a, b)
    step6 = (1.0 if j == k else 0.0) * G[i, k]
    values.append((
        "Diag(ε_j) ε_k = δ_jk ε_k, so the expression picks entry (i, k) of G = (abᵀ + baᵀ)W, "
        "and vanishes unless j = k: only column k of W moves f_k.",
        r"\frac{\partial f_k}{\partial W_{i,j}} = \delta_{jk}\, G_{i,k}, \qquad G = (ab^T + "
        r"ba^T)W",
        rf"= \delta_{{{J1},{K1}}}\, G_{{{I1},{K1}}} = {1 if j == k else 0} \cdot "
        rf"{number(G[i, k], 10)}",
        np.asarray(step6),
        np.asarray(cs[k]),
    ))

    steps: list[Step] = []
    previous: NDArray | None = None
    for index, (caption, symbolic, substituted, value, reference) in enumerate(values):
        if previous is None or index == 1:
            agrees = None  # step 2 is the first derivative of f; step 1 is of W itself
        else:
            # the step from vector to component k compares component k
            prev = previous[k] if previous.ndim == 1 and value.ndim == 0 else previous
            agrees = compare(value, prev, tol).passed
        # step 1 is exact on both sides (a matrix of 0s and one 1)
        check = compare(value, reference, 0.0 if index == 0 else tol)
        steps.append(Step(caption, symbolic, substituted, value, _value_latex(value), reference,
                          check, agrees))
        previous = value
    return steps


@dataclass(frozen=True)
class ColumnView:
    """The column-by-column derivation for one column j.

    Attributes
    ----------
    f_columns : str
        LaTeX of fᵀ = [(a·w_1)(b·w_1), …] with numbers (f written as a row, hence fᵀ).
    column_formula : str
        LaTeX of ∂f_j/∂w_j = (a·w_j) b + (b·w_j) a with numbers.
    check : Comparison
        ∂f_j/∂w_j against column j of G, within a rounding-error tolerance.
    """

    f_columns: str
    column_formula: str
    check: Comparison


def column_view(problem: Problem, j: int) -> ColumnView:
    """The second classic answer: f column by column, and the gradient of f_j.

    Parameters
    ----------
    problem : Problem
    j : int
        0-based column of W whose gradient is shown.
    """
    W, a, b = problem.W, problem.a, problem.b
    m, n = W.shape
    if not 0 <= j < n:
        raise ValueError(f"j must be in 0..{n - 1}; got {j}")
    u, v = projections(W, a, b)
    shown = min(n, 4)
    cols = [rf"({number(u[c])})({number(v[c])})" for c in range(shown)]
    if n > shown:
        cols.append(r"\cdots")
    f_columns = (
        r"f^T = \left[(a\cdot w_1)(b\cdot w_1),\ \ldots,\ (a\cdot w_n)(b\cdot w_n)\right] = "
        r"\left[" + ",\\ ".join(cols) + r"\right] = " + row(u * v)
    )
    w_j = W[:, j]
    grad_j = (a @ w_j) * b + (b @ w_j) * a
    G = jacobian_compact(W, a, b)
    check = compare(grad_j, G[:, j], pair_tolerance(m + 2, magnitudes(problem).G[:, j]))
    column_formula = (
        rf"\frac{{\partial f_{{{j + 1}}}}}{{\partial w_{{{j + 1}}}}} = "
        rf"(a\cdot w_{{{j + 1}}})\,b + (b\cdot w_{{{j + 1}}})\,a = ({number(u[j])}) "
        rf"{column(b)} + ({number(v[j])}) {column(a)} = {column(grad_j)}"
    )
    return ColumnView(f_columns, column_formula, check)


@dataclass(frozen=True)
class ExpansionView:
    """Df(W) as a linear map, and the exact expansion, for one random direction H.

    Attributes
    ----------
    H : (m, n) ndarray
        The direction, scaled.
    f0, df, second, f_shifted : (n,) ndarray
        f(W), Df(W)[H], (Hᵀa)∘(Hᵀb) and f(W+H).
    check : Comparison
        f(W+H) against f(W) + Df(W)[H] + (Hᵀa)∘(Hᵀb), within a rounding-error tolerance.
    remainder : float
        ‖f(W+H) − f(W) − Df(W)[H]‖₂, the absolute error of the linear approximation
        (= ‖(Hᵀa)∘(Hᵀb)‖₂ up to rounding).
    curvature : float
        ‖(Ĥᵀa)∘(Ĥᵀb)‖₂ for the unit direction Ĥ = H/‖H‖: the remainder is ‖H‖² times this.
    taylor : TaylorTest
        The measured remainder over a range of sizes ‖H‖ of the same direction, and its slope.
    expansion : str
        LaTeX of the four vectors.
    """

    H: NDArray
    f0: NDArray
    df: NDArray
    second: NDArray
    f_shifted: NDArray
    check: Comparison
    remainder: float
    curvature: float
    taylor: TaylorTest
    expansion: str

    def remainder_figure(self, dark: bool = False) -> go.Figure:
        """The measured remainder against ‖H‖ (log–log, slope 2)."""
        fig = figures.taylor_figure(
            self.taylor.t, self.taylor.remainder, None, "", (self.taylor.slope, None),
            axes=("‖H‖ (same direction Ĥ)", "‖f(W+H) − f(W) − Df(W)[H]‖₂"),
            title="Remainder of the linear approximation against ‖H‖",
        )
        return figures.apply_theme(fig, dark)


def expansion_view(problem: Problem, scale: float, seed: int = 0) -> ExpansionView:
    """Check f(W+H) = f(W) + Df(W)[H] + (Hᵀa)∘(Hᵀb) for a seeded random H of norm ``scale``.

    The remainder of the linear approximation is measured for sizes ‖H‖ from 10⁻³ to 1 times
    ``scale`` (times ‖W‖ when ``scale`` is 0) along the same direction: it is exactly
    ‖H‖²·‖(Ĥᵀa)∘(Ĥᵀb)‖, slope 2 on a log–log plot.
    """
    W, a, b = problem.W, problem.a, problem.b
    m = problem.m
    if not np.isfinite(scale) or scale < 0:
        raise ValueError(f"scale must be a finite non-negative number; got {scale}")
    unit = unit_direction(W.shape, seed)
    H = scale * unit
    f0 = hadamard_f(W, a, b)
    df = jvp(W, a, b, H)
    second = second_order_term(W, a, b, H)
    shifted = hadamard_f(W + H, a, b)
    # every term is bounded by the expansion of (|a|ᵀ(|W|+|H|)) ∘ (|b|ᵀ(|W|+|H|))
    size = magnitudes(Problem(np.abs(W) + np.abs(H), a, b)).f
    check = compare(shifted, f0 + df + second, pair_tolerance(m + 6, size))
    expansion = (
        rf"\underbrace{{{row(shifted)}}}_{{f(W+H)^T}} = \underbrace{{{row(f0)}}}_{{f(W)^T}} + "
        rf"\underbrace{{{row(df)}}}_{{Df(W)[H]^T}} + \underbrace{{{row(second)}}}_"
        r"{((H^Ta)\circ(H^Tb))^T}"
    )
    reach = scale if scale > 0 else max(float(np.linalg.norm(W)), 1.0)
    taylor = taylor_test(problem, unit, "none", t=reach * np.logspace(-3, 0, 7))
    return ExpansionView(
        H, f0, df, second, shifted, check,
        remainder=float(np.linalg.norm(shifted - f0 - df)),
        curvature=float(np.linalg.norm(second_order_term(W, a, b, unit))),
        taylor=taylor,
        expansion=expansion,
    )


@dataclass(frozen=True)
class GradientView:
    """∇_W(gᵀf) = G·Diag(g) for a cotangent g, and the constant Hessian's structure.

    Attributes
    ----------
    gradient_check : Comparison
        G·Diag(g) against complex steps of gᵀf, entry by entry.
    hessian_check : Comparison
        S = abᵀ + baᵀ against central differences of column 1 of G.
    hessian_step : float
        The central-difference step used (the power of two nearest max |w_1|).
    """

    g: NDArray
    gradient: NDArray
    gradient_latex: str
    gradient_check: Comparison
    S: NDArray
    hessian_latex: str
    hessian_check: Comparison
    hessian_step: float


def _hessian_check(problem: Problem, S: NDArray) -> tuple[Comparison, float]:
    """Central differences of column 1 of G (linear in W) against S, with a bounded tolerance.

    The step is the power of two nearest max |w_1|, so the rounding error ≈ u·|a||b|ᵀ|w|/h
    stays at the level of u·|S|; the tolerance bounds the rounding of G(W ± hE) and of
    W_p1 ± h itself (a linear map has no truncation error).
    """
    W, a, b = problem.W, problem.a, problem.b
    m = problem.m
    k = 0
    h = float(power_of_two(np.max(np.abs(W[:, k]))))
    S_fd = np.empty((m, m))
    for p in range(m):
        step = np.zeros(W.shape)
        step[p, k] = h
        S_fd[:, p] = (jacobian_compact(W + step, a, b)[:, k]
                      - jacobian_compact(W - step, a, b)[:, k]) / (2.0 * h)
    A, B, u = np.abs(a), np.abs(b), UNIT_ROUNDOFF
    U, V = float(A @ np.abs(W[:, k])), float(B @ np.abs(W[:, k]))
    S_abs = np.outer(A, B) + np.outer(B, A)
    spread = (np.outer(A, V + h * B) + np.outer(B, U + h * A)) / h  # [i, p]
    moved = (np.abs(W[:, k]) + h)[np.newaxis, :] / h  # W_pk ± h is rounded too
    bound = gamma(m + 2) * spread + u * S_abs * (1.0 + moved) + gamma(2) * S_abs
    return compare(S_fd, S, SAFETY * bound), h


def gradient_view(problem: Problem, g: NDArray) -> GradientView:
    """The VJP for cotangent ``g`` (checked by complex steps) and the Hessian block S.

    The gradient is checked entry by entry against the complex step of gᵀf; the Hessian
    block S = abᵀ + baᵀ against central differences of the gradient of f_1 with respect to
    w_1. That gradient is linear in W, so the differences have no truncation error; both
    checks allow for rounding only, with tolerances from rounding-error bounds.
    """
    W, a, b = problem.W, problem.a, problem.b
    m, n = W.shape
    g = np.asarray(g, dtype=float)
    grad = vjp(W, a, b, g)
    G = jacobian_compact(W, a, b)
    # complex step of gᵀf along every E_ij, independent of G
    ref = np.empty((m, n))
    for i in range(m):
        for j in range(n):
            ref[i, j] = g @ complex_step_entry(problem, i, j)
    tol = pair_tolerance(m + 5, magnitudes(problem).G * np.abs(g)[np.newaxis, :])
    gradient_check = compare(grad, ref, tol)
    gradient_latex = (
        rf"\nabla_W(g^Tf) = G\,\operatorname{{Diag}}(g) = {bmatrix(G)}"
        rf"{bmatrix(np.diag(g))} = {bmatrix(grad)}"
    )
    S = np.outer(a, b) + np.outer(b, a)
    hessian_check, h = _hessian_check(problem, S)
    hessian_latex = (
        r"\frac{\partial^2 f_k}{\partial W_{i,j}\,\partial W_{p,q}} = \delta_{jk}\,"
        r"\delta_{qk}\,(ab^T + ba^T)_{i,p}, \qquad ab^T + ba^T = " + bmatrix(S)
    )
    return GradientView(g, grad, gradient_latex, gradient_check, S, hessian_latex,
                        hessian_check, h)
