r"""What the smallest-cases page (/cases) shows: m = n = 1, then n = 1, then every column.

Built up with the user's own numbers: the 1 × 1 corner of the problem (a₁, b₁, W₁,₁) taken
as a problem of its own, its first column w₁ with the whole a and b, and then all columns.
Each case states its formula, substitutes the numbers, and checks the result against the
complex step of the problem it is (:mod:`hadviz.checks`). The corner's f′ is then related
to G₁,₁ of the whole problem, which also sees rows 2 to m of column 1:

.. math::

    f = ab\,w^2,\ f' = 2abw = (ab + ba)w; \qquad
    f_1 = w_1^T ab^T w_1,\ \nabla f_1 = (ab^T + ba^T)w_1; \qquad
    G = [(ab^T + ba^T)w_1, \dots, (ab^T + ba^T)w_n] = (ab^T + ba^T)W,

    G_{1,1} - 2a_1b_1W_{1,1} = a_1 \sum_{i \ge 2} b_iW_{i,1} + b_1 \sum_{i \ge 2} a_iW_{i,1}.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from hadviz.calculus import expand_compact
from hadviz.checks import (
    COMPLEX_STEP,
    Comparison,
    compare,
    complex_step_jacobian,
    magnitudes,
    pair_tolerance,
)
from hadviz.facts import facts, why_G_zero
from hadviz.latex import bmatrix, chain, column, number, plural, text_sci
from hadviz.models import HADAMARD, outer_sum
from hadviz.problem import Problem

__all__ = ["Case", "CasesView", "cases_view", "corner_note"]


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
        The derivative shown against the complex step.
    reference : str
        What ``check`` compared with, for "✓ against …".
    sub : Problem or None
        The problem that is exactly this case, with the numbers shown ("show me this case");
        None when it is the problem on the page, or the same as the case before.
    note : str
        Markdown after the numbers (case 1: how its f′ relates to G₁,₁); may be empty.
    """

    title: str
    text: str
    formula: str
    numbers: str
    check: Comparison
    reference: str
    sub: Problem | None
    note: str = ""


@dataclass(frozen=True)
class CasesView:
    """The three cases, smallest first, and how their ✓ are decided.

    Attributes
    ----------
    cases : tuple of Case
    checking : str
        Markdown for "How is this checked?": the complex step, defined.
    """

    cases: tuple[Case, Case, Case]
    checking: str


CHECKING = (
    "The **complex step** computes a derivative from f alone, with no formula for it: move W "
    "by an imaginary amount $ih$ in a direction E and keep $\\operatorname{{Im}} f(W + ihE)/h$, "
    "which for this f is the derivative in direction E, exact up to rounding, because f is "
    "quadratic. Indeed $f(W + ihE) = f(W) + ih\\,Df(W)[E] - h^2\\,(E^Ta)\\circ(E^Tb)$ with "
    "nothing left over, and only the middle term is imaginary. With $E = E_{{i,j}}$ (1 in row "
    "i, column j, 0 elsewhere) it gives $\\partial f/\\partial W_{{i,j}}$; here h = {h}. "
    "Nothing is subtracted, so nothing cancels: the only error is the rounding of f's own "
    "products. Two values count as equal when they differ by less than a bound on that "
    "rounding, the tolerance each ✓ reports."
)


def _rest(m: int, letter: str) -> str:
    """LaTeX of the sum over rows 2 to m of ``letter``ᵢ W_{i,1} (m ≥ 2)."""
    terms = [f"{letter}_{{{i}}}W_{{{i},1}}" for i in range(2, m + 1)]
    if m > 3:
        terms = [terms[0], r"\dots", terms[-1]]
    return "(" + " + ".join(terms) + ")"


def _span(noun: str, count: int) -> str:
    """Rows (or columns) 2 to ``count`` in words: "row 2", "rows 2 and 3", "rows 2 to 5"."""
    if count == 2:
        return f"{noun} 2"
    return f"{noun}s 2 {'and' if count == 3 else 'to'} {count}"


def _rows(m: int) -> str:
    return _span("row", m)


def _others(m: int, n: int) -> str:
    """Rows 2 to m and columns 2 to n, in words ("row 2 and columns 2 to 4"), for what a
    sub-problem of an m × n problem leaves out."""
    rows = [_rows(m)] if m > 1 else []
    cols = [_span("column", n)] if n > 1 else []
    return " and ".join(rows + cols)


def _exact_rest(p: Problem) -> tuple[Fraction, Fraction, Fraction]:
    """Σᵢ₌₂ aᵢWᵢ,₁, Σᵢ₌₂ bᵢWᵢ,₁ and a₁·(the second) + b₁·(the first), in exact rational
    arithmetic on the stored numbers (so a zero is a true zero, not a rounding accident)."""
    column = [Fraction(float(w)) for w in p.W[1:, 0]]
    sa = sum((Fraction(float(x)) * w for x, w in zip(p.a[1:], column, strict=True)), Fraction())
    sb = sum((Fraction(float(x)) * w for x, w in zip(p.b[1:], column, strict=True)), Fraction())
    return sa, sb, Fraction(float(p.a[0])) * sb + Fraction(float(p.b[0])) * sa


def corner_note(p: Problem) -> str:
    r"""How the corner's f′ = 2a₁b₁W₁,₁ relates to G₁,₁ = a₁v₁ + b₁u₁ of the whole problem.

    They differ by what rows 2 to m of column 1 add,
    :math:`a_1 \sum_{i \ge 2} b_iW_{i,1} + b_1 \sum_{i \ge 2} a_iW_{i,1}`, decided exactly
    (:func:`_exact_rest`), so "the two differ" is never a rounding artefact.

    Examples
    --------
    >>> note = corner_note(Problem([[1.0], [2.0]], [1.0, 1.0], [1.0, 1.0]))
    >>> "G_{1,1} = f' + (4) = 2 + (4) = 6" in note
    True
    >>> "no other rows" in corner_note(Problem([[0.0, 1.0]], [2.0], [3.0]))
    True
    """
    W, a, b, m = p.W, p.a, p.b, p.m
    sa, sb, extra = _exact_rest(p)
    exact_slope = 2 * Fraction(float(a[0])) * Fraction(float(b[0])) * Fraction(float(W[0, 0]))
    # the exact values, rounded once for display: equal ones are never shown as different
    slope, G11 = float(exact_slope), float(exact_slope + extra)
    shown = f"$G_{{1,1}} = f' = {number(G11, 6)}$"
    if m == 1:
        return ("With m = 1, column 1 has no other rows: $u_1 = a^Tw_1 = a_1W_{1,1}$ and "
                "$v_1 = b^Tw_1 = b_1W_{1,1}$, so $G_{1,1} = \\partial f_1/\\partial W_{1,1} = "
                f"a_1v_1 + b_1u_1 = 2a_1b_1W_{{1,1}} = f' = {number(G11, 6)}$: this case is "
                "entry (1, 1) of G.")
    adds = "adds" if m == 2 else "add"
    head = (f"**How this f′ relates to G₁,₁ of your problem.** In your {m} × {p.n} problem "
            "$W_{1,1}$ sits in column 1, $w_1$, whose component $f_1 = u_1v_1$ multiplies "
            f"$u_1 = a^Tw_1$ and $v_1 = b^Tw_1$, each a sum over the {m} rows of column 1. "
            "$W_{1,1}$ moves $u_1$ at rate $a_1$ and $v_1$ at rate $b_1$, so "
            "$G_{1,1} = \\partial f_1/\\partial W_{1,1} = a_1v_1 + b_1u_1$; the 1 × 1 problem "
            "keeps only row 1 ($u = a_1W_{1,1}$, $v = b_1W_{1,1}$). The difference is what "
            f"{_rows(m)} of column 1 {adds}: "
            f"$G_{{1,1}} - f' = a_1{_rest(m, 'b')} + b_1{_rest(m, 'a')}$. ")
    if not W[1:, 0].any():
        verbs = "is 0, so it adds" if m == 2 else "are 0, so they add"
        return head + f"Here {_rows(m)} of column 1 {verbs} nothing and {shown}."
    if a[0] == 0 and b[0] == 0:
        return head + ("Here $a_1 = b_1 = 0$: both terms are 0 and $W_{1,1}$ does not enter "
                       f"$f_1$ at all, so {shown}.")
    value = (f"$({number(a[0])})({number(float(sb), 6)}) + ({number(b[0])})"
             f"({number(float(sa), 6)}) = {number(float(extra), 6)}$")
    if extra == 0:
        return head + f"Here that is {value}, so {shown}."
    return head + (f"Here that is {value}, so $G_{{1,1}} = f' + ({number(float(extra), 6)}) = "
                   f"{number(slope, 6)} + ({number(float(extra), 6)}) = {number(G11, 6)}$: "
                   f"the two differ, because {_rows(m)} of column 1 "
                   f"{'feeds' if m == 2 else 'feed'} into $u_1$ and $v_1$.")


def _scalar(p: Problem) -> Case:
    al, be, w = p.a[0], p.b[0], p.W[0, 0]
    slope = 2.0 * al * be * w
    sub = Problem(p.W[:1, :1], p.a[:1], p.b[:1])
    # the corner is a 1 × 1 problem of its own: its complex step, not the big problem's
    corner = complex_step_jacobian(sub)[0, 0, 0]
    whole = p.m == 1 and p.n == 1
    return Case(
        "m = n = 1: a product of two linear functions",
        "With one row and one column, everything is a number: $f = (aw)(bw) = ab\\,w^2$, and "
        "the ordinary product rule gives $f' = a\\,(bw) + (aw)\\,b = 2abw$, which is "
        "$(ab + ba)\\,w$: the pattern $(ab^T + ba^T)W$ in its smallest form. "
        + ("Your problem is this case: $a = a_1$, $b = b_1$, $w = W_{1,1}$:" if whole else
           f"Your problem's corner, taken as a 1 × 1 problem of its own ({_others(p.m, p.n)} left "
           "out): $a = a_1$, $b = b_1$, $w = W_{1,1}$:"),
        r"\begin{gathered}f = (aw)(bw) = ab\,w^2, \\ f' = (aw)\,b + a\,(bw) = (ab + ba)\,w"
        r"\end{gathered}",
        rf"\begin{{gathered}}f = ({number(al)})({number(be)})({number(w)})^2 = "
        rf"{number(al * be * w * w, 6)}, \\ f' = 2\,({number(al)})({number(be)})({number(w)}) "
        rf"= {number(slope, 6)}\end{{gathered}}",
        compare(slope, corner, pair_tolerance(4, 2.0 * abs(al * be * w))),
        "the complex step of f for this 1 × 1 problem",
        None if whole else sub,
        corner_note(p),
    )


def _column_text(p: Problem) -> str:
    if p.n == 1:
        return "Your problem is this case, with the whole of a and b:"
    if p.m == 1:
        return ("With m = 1 your first column is case 1's corner again: $A = ab$ is a number, "
                "$A + A^T = 2ab$, and the gradient is case 1's $f' = 2abw$:")
    article = "an" if p.m in (8, 11, 18) else "a"  # "an 8 × 1", "an 11 × 1"
    return (f"Your first column with the whole of a and b, {article} {p.m} × 1 problem of its "
            "own "
            f"({_others(1, p.n)} left out):")


def _one_column(p: Problem, J: np.ndarray) -> Case:
    w1, a, b = p.W[:, 0], p.a, p.b
    A = np.outer(a, b)
    grad = outer_sum(a, b) @ w1
    return Case(
        "n = 1: a quadratic form",
        "With one column $x = w_1$, $f_1 = (a^Tx)(b^Tx) = x^T a b^T x = x^TAx$ with "
        "$A = ab^T$, and the gradient of a quadratic form is $(A + A^T)x$ (the Matrix "
        "Cookbook's $\\partial(x^TAx)/\\partial x$). So $\\nabla_{w_1} f_1 = (ab^T + ba^T)\\,w_1$,"
        " column 1 of G. " + _column_text(p),
        r"\begin{gathered}f_1 = w_1^T\,ab^T\,w_1, \\ \nabla_{w_1} f_1 = (ab^T + ba^T)\,w_1"
        r"\end{gathered}",
        rf"\begin{{gathered}}ab^T = {bmatrix(A)}, \\ \nabla_{{w_1}} f_1 = "
        rf"{bmatrix(outer_sum(a, b))}{column(w1)} = {column(grad)}\end{{gathered}}",
        compare(grad, J[0, :, 0], pair_tolerance(p.m + 4, magnitudes(p).G[:, 0])),
        f"the complex step of f₁ in each of the {plural(p.m, 'entry', 'entries')} of column 1"
        if p.m > 1 else "the complex step of f₁ in entry (1, 1)",
        Problem(p.W[:, :1], a, b) if p.n > 1 and p.m > 1 else None,
    )


def _every_column_text(p: Problem) -> str:
    fx = facts(p)
    zero = f" Here every column of G is 0: {why_G_zero(fx)}." if fx.G_zero else ""
    if p.n == 1:
        return ("With one column there is one component, $f_1$, and nothing to add: "
                "$G = (ab^T + ba^T)\\,w_1$ is case 2's gradient, and the Jacobian holds the "
                "same numbers, $J[1, i, 1] = \\partial f_1/\\partial W_{i,1} = G_{i,1}$." + zero)
    return ("Component $f_k = (a^Tw_k)(b^Tw_k)$ reads column k of W only, so each column is "
            "its own copy of case 2: $\\nabla_{w_k} f_k = (ab^T + ba^T)\\,w_k$, and "
            "$\\partial f_k/\\partial w_j = 0$ for $j \\ne k$. Side by side, these "
            f"{p.n} gradients are $G = (ab^T + ba^T)W$, which carries the whole Jacobian: "
            "$J[k, i, j] = \\partial f_k/\\partial W_{i,j}$ is $G_{i,k}$ when $j = k$ and 0 "
            "otherwise." + zero)


def _all_columns(p: Problem, J: np.ndarray) -> Case:
    G = HADAMARD.compact(p.W, p.a, p.b)
    expected = expand_compact(G)  # G's columns on the diagonal blocks, zeros off them
    tol = pair_tolerance(p.m + 4, magnitudes(p).G)[np.newaxis, :, :]
    M = r"(ab^T + ba^T)"
    if p.n == 1:
        columns = [rf"{M}\,w_1"]
    else:
        middle, last = (r",\ ", "w_2") if p.n == 2 else (r",\ \dots,\ ", "w_n")
        columns = [rf"\big[{M}w_1{middle}{M}{last}\big]", rf"{M}\,W"]
    return Case(
        "Every column: independent copies of case 2" if p.n > 1 else
        "Every column: with n = 1, case 2 is the whole answer",
        _every_column_text(p),
        chain("G", *columns),
        chain("G", rf"{bmatrix(outer_sum(p.a, p.b))} {bmatrix(p.W)}", bmatrix(G)),
        compare(expected, J, np.broadcast_to(tol, J.shape)),
        f"the complex step of f in each of the {plural(J.size, 'entry', 'entries')} of J"
        if J.size > 1 else "the complex step of f in the one entry of J",
        None,
    )


def cases_view(problem: Problem) -> CasesView:
    """The three cases with the problem's numbers, each checked against the complex step.

    Parameters
    ----------
    problem : Problem
        W (m, n), a and b (m,).
    """
    J = complex_step_jacobian(problem)
    cases = (_scalar(problem), _one_column(problem, J), _all_columns(problem, J))
    return CasesView(cases, CHECKING.format(h=text_sci(COMPLEX_STEP, 1)))
