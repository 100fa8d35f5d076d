r"""What the smallest-cases page (/cases) shows: m = n = 1, then n = 1, then every column.

Built up with the user's own numbers: the 1 × 1 corner of the problem (a₁, b₁, W₁₁), its
first column w₁ with the whole a and b, and then all columns. Each case states its formula,
substitutes the numbers, and checks the result against the complex step of f within a
rounding-error bound (:mod:`hadviz.checks`):

.. math::

    f = ab\,w^2,\ f' = 2abw = (ab + ba)w; \qquad
    f_1 = w_1^T ab^T w_1,\ \nabla f_1 = (ab^T + ba^T)w_1; \qquad
    G = [(ab^T + ba^T)w_1, \dots, (ab^T + ba^T)w_n] = (ab^T + ba^T)W.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hadviz.calculus import expand_compact
from hadviz.checks import Comparison, compare, complex_step_jacobian, magnitudes, pair_tolerance
from hadviz.latex import bmatrix, chain, column, number
from hadviz.models import HADAMARD, outer_sum
from hadviz.problem import Problem

__all__ = ["Case", "CasesView", "cases_view"]


@dataclass(frozen=True)
class Case:
    """One case of the build-up.

    Attributes
    ----------
    title, text : str
        A heading and Markdown (with LaTeX) saying what the case is and why it holds.
    formula : str
        LaTeX of the case in symbols.
    numbers : str
        LaTeX with the user's numbers.
    check : Comparison
        The derivative shown against the complex step of f.
    size : tuple of int
        The (m, n) of a problem that is exactly this case ("show me this case").
    """

    title: str
    text: str
    formula: str
    numbers: str
    check: Comparison
    size: tuple[int | None, int | None]


@dataclass(frozen=True)
class CasesView:
    """The three cases, smallest first."""

    cases: tuple[Case, Case, Case]


def _scalar(p: Problem) -> Case:
    al, be, w = p.a[0], p.b[0], p.W[0, 0]
    slope = 2.0 * al * be * w
    # the corner is a 1 × 1 problem of its own: its complex step, not the big problem's
    corner = complex_step_jacobian(Problem(p.W[:1, :1], p.a[:1], p.b[:1]))[0, 0, 0]
    return Case(
        "m = n = 1: a product of two linear functions",
        "With one row and one column, everything is a number: $f = (aw)(bw) = ab\\,w^2$, and "
        "the ordinary product rule gives $f' = a\\,(bw) + (aw)\\,b = 2abw$, which is "
        "$(ab + ba)\\,w$: the pattern $(ab^T + ba^T)W$ in its smallest form. Your problem's "
        "corner $a_1, b_1, W_{1,1}$:",
        r"\begin{gathered}f = (aw)(bw) = ab\,w^2, \\ f' = (aw)\,b + a\,(bw) = (ab + ba)\,w"
        r"\end{gathered}",
        rf"\begin{{gathered}}f = ({number(al)})({number(be)})({number(w)})^2 = "
        rf"{number(al * be * w * w, 6)}, \\ f' = 2\,({number(al)})({number(be)})({number(w)}) "
        rf"= {number(slope, 6)}\end{{gathered}}",
        compare(slope, corner, pair_tolerance(4, 2.0 * abs(al * be * w))),
        (1, 1),
    )


def _one_column(p: Problem, J: np.ndarray) -> Case:
    w1, a, b = p.W[:, 0], p.a, p.b
    A = np.outer(a, b)
    grad = outer_sum(a, b) @ w1
    return Case(
        "n = 1: a quadratic form",
        "With one column $x = w_1$, $f_1 = (a^Tx)(b^Tx) = x^T a b^T x = x^TAx$ with "
        "$A = ab^T$, and the gradient of a quadratic form is $(A + A^T)x$ (the Matrix "
        "Cookbook's $\\partial(x^TAx)/\\partial x$). So $\\nabla_{w_1} f_1 = (ab^T + ba^T)\\,w_1$,"
        " column 1 of G. Your first column:",
        r"\begin{gathered}f_1 = w_1^T\,ab^T\,w_1, \\ \nabla_{w_1} f_1 = (ab^T + ba^T)\,w_1"
        r"\end{gathered}",
        rf"\begin{{gathered}}ab^T = {bmatrix(A)}, \\ \nabla_{{w_1}} f_1 = "
        rf"{bmatrix(outer_sum(a, b))}{column(w1)} = {column(grad)}\end{{gathered}}",
        compare(grad, J[0, :, 0], pair_tolerance(p.m + 4, magnitudes(p).G[:, 0])),
        (p.m, 1),
    )


def _all_columns(p: Problem, J: np.ndarray) -> Case:
    G = HADAMARD.compact(p.W, p.a, p.b)
    expected = expand_compact(G)  # G's columns on the diagonal blocks, zeros off them
    tol = pair_tolerance(p.m + 4, magnitudes(p).G)[np.newaxis, :, :]
    return Case(
        "Every column: n independent copies",
        "Component $f_k = (a^Tw_k)(b^Tw_k)$ reads column k of W only, so each column is its "
        "own copy of the case above: $\\nabla_{w_k} f_k = (ab^T + ba^T)\\,w_k$, and "
        "$\\partial f_k/\\partial w_j = 0$ for $j \\ne k$. Side by side, these n gradients are "
        "$G = (ab^T + ba^T)W$, which carries the whole Jacobian.",
        chain("G", r"\big[(ab^T + ba^T)w_1,\ \dots,\ (ab^T + ba^T)w_n\big]",
              r"(ab^T + ba^T)\,W"),
        chain("G", rf"{bmatrix(outer_sum(p.a, p.b))} {bmatrix(p.W)}", bmatrix(G)),
        compare(expected, J, np.broadcast_to(tol, J.shape)),
        (None, None),
    )


def cases_view(problem: Problem) -> CasesView:
    """The three cases with the problem's numbers, each checked against the complex step."""
    J = complex_step_jacobian(problem)
    return CasesView((_scalar(problem), _one_column(problem, J), _all_columns(problem, J)))
