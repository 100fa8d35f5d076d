r"""What the smallest-cases page (/cases) shows: m = n = 1, then n = 1, then every column.

Built up with the user's own numbers, for the chosen model: the 1 × 1 corner of the problem
(W₁,₁ with row 1 of the parameters) taken as a problem of its own, its first column w₁ with the
whole parameters, and then all columns. Each case states its formula (the model's own,
:attr:`~hadviz.models.Model.scalar_case_latex` and
:attr:`~hadviz.models.Model.column_case_latex`), shows the numbers, and checks them against
the complex step of the problem it is (:mod:`hadviz.checks`). The question's f gets its
worked substitutions and the corner's relation to G₁,₁ (:mod:`hadviz.corner`):

.. math::

    f = ab\,w^2,\ f' = 2abw = (ab + ba)w; \qquad
    f_1 = w_1^T ab^T w_1,\ \nabla f_1 = (ab^T + ba^T)w_1; \qquad
    G = [(ab^T + ba^T)w_1, \dots, (ab^T + ba^T)w_n] = (ab^T + ba^T)W.
"""

from __future__ import annotations

from dataclasses import dataclass

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
from hadviz.corner import corner_note, others
from hadviz.desk import DESK_EM, room, width
from hadviz.facts import facts, why_G_zero
from hadviz.latex import chain, column, equation, fitted, lines, number, plural, text_sci
from hadviz.models import outer_sum
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
           f"Your problem's corner, taken as a 1 × 1 problem of its own ({others(p.m, p.n)} left "
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
            f"({others(1, p.n)} left out):")


def _one_column(p: Problem, J: np.ndarray) -> Case:
    w1, a, b = p.W[:, 0], p.a, p.b
    A = np.outer(a, b)
    grad = outer_sum(a, b) @ w1
    lhs, rest = r"\nabla_{w_1} f_1 = (ab^T + ba^T)\,w_1 =", f" = {column(grad)}"
    # the matrix's columns and w₁'s rows elided alike: the product can be worked as shown
    product = fitted("@ @", outer_sum(a, b), w1.reshape(-1, 1), axes="rm m1",
                     budget=DESK_EM - width(lhs + rest))
    return Case(
        "n = 1: a quadratic form",
        "With one column $x = w_1$, $f_1 = (a^Tx)(b^Tx) = x^T a b^T x = x^TAx$ with "
        "$A = ab^T$, and the gradient of a quadratic form is $(A + A^T)x$ (the Matrix "
        "Cookbook's $\\partial(x^TAx)/\\partial x$). So $\\nabla_{w_1} f_1 = (ab^T + ba^T)\\,w_1$,"
        " column 1 of G. " + _column_text(p),
        r"\begin{gathered}f_1 = w_1^T\,ab^T\,w_1, \\ \nabla_{w_1} f_1 = (ab^T + ba^T)\,w_1"
        r"\end{gathered}",
        lines(equation("ab^T", A) + ",", f"{lhs} {product}{rest}"),
        compare(grad, J[0, :, 0], pair_tolerance(p.m + 4, magnitudes(p).G[:, 0])),
        f"the complex step of f₁ in each of the {plural(p.m, 'entry', 'entries')} of column 1"
        if p.m > 1 else "the complex step of f₁ in entry (1, 1)",
        Problem(p.W[:, :1], a, b) if p.n > 1 and p.m > 1 else None,
    )


def _pair(A: np.ndarray, B: np.ndarray) -> str:
    """The product AB written out as two matrices on one desk line after ``G =``, A's
    columns and B's rows kept alike (it can be multiplied as shown)."""
    return fitted("@ @", A, B, budget=room("G"), axes="mm mn")


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
    G = p.model.compact(p.W, *p.arrays)  # the question's build-up: fn = hadamard
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
        chain("G", _pair(outer_sum(p.a, p.b), p.W),
              fitted("@", G, budget=room("G"))),
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
        W (m, n) and the model's parameters.
    """
    h = text_sci(COMPLEX_STEP, 1)
    if problem.fn != "hadamard":  # the question's f has its worked substitutions below
        F = _letter(problem)
        exact = EXACT[problem.model.quadratic].format(F=F)
        return CasesView((_family_scalar(problem), _family_column(problem),
                          _family_all(problem)), FAMILY_CHECKING.format(F=F, exact=exact, h=h))
    J = complex_step_jacobian(problem)
    cases = (_scalar(problem), _one_column(problem, J), _all_columns(problem, J))
    return CasesView(cases, CHECKING.format(h=h))


# --- every other model: the same three cases, from the model's own formulas and numbers ---

FAMILY_CHECKING = (
    "The **complex step** computes a derivative from {F} alone, with no formula for it: move "
    "W by an imaginary amount $ih$ in a direction E and keep "
    "$\\operatorname{{Im}} {F}(W + ihE)/h$. {exact} With $E = E_{{i,j}}$ (1 in row i, column "
    "j, 0 elsewhere) it gives $\\partial {F}/\\partial W_{{i,j}}$; here h = {h}. Nothing is "
    "subtracted, so nothing cancels. Two values count as equal when they differ by less than "
    "a bound on the rounding of both (the model's rounding scales on |W| and the "
    "|parameters|), the tolerance each ✓ reports."
)
EXACT = {
    True: ("{F} is quadratic, so {F}(W + ihE) = {F}(W) + ih·D{F}(W)[E] − h²·(its second-order "
           "term in E), with nothing left over, and only the middle term is imaginary: the "
           "result is the derivative, exact up to rounding."),
    False: ("{F} is not a polynomial, but it is analytic, so "
            "$\\operatorname{{Im}} {F}(W + ihE)/h = D{F}(W)[E] + O(h^2)$: the error term is of "
            "relative size about h² = 10⁻⁴⁰, far below rounding."),
}


def _sub(p: Problem, rows: int, cols: int) -> Problem:
    """The top-left ``rows`` × ``cols`` of W with the first ``rows`` rows of every parameter."""
    return Problem(p.W[:rows, :cols], *(x[:rows] for x in p.arrays), fn=p.fn)


def _checked(sub: Problem) -> tuple[np.ndarray, Comparison]:
    """The compact Jacobian of ``sub`` and its check against the complex step of ``sub``."""
    model = sub.model
    C = model.compact(sub.W, *sub.arrays)
    J = complex_step_jacobian(sub)
    tol = pair_tolerance(sub.m + 4, magnitudes(sub).G)
    if model.rows:  # J[r, k, i, j] against C[i, r, j]: the tolerance of (i, r, j) for every k
        tol = np.moveaxis(tol, 0, 1)[:, np.newaxis]
    else:
        tol = tol[np.newaxis]
    dense = model.jacobian(sub.W, *sub.arrays)
    return C, compare(dense, J, np.broadcast_to(tol, J.shape))


def _letter(p: Problem) -> str:
    return p.model.latex.split("(W)")[0].strip()


def _family_scalar(p: Problem) -> Case:
    model, F, sub = p.model, _letter(p), _sub(p, 1, 1)
    C, check = _checked(sub)
    whole = (p.m, p.n) == (1, 1)
    ins = [rf"w = W_{{1,1}} = {number(p.W[0, 0])}"] + [
        equation(rf"{name}_{{1,:}}", x[:1]) if x.ndim == 2 else
        rf"{name} = {name}_1 = {number(x[0])}" for name, x in p.params.items()]
    inputs = r",\quad ".join(ins)
    out = model.f(sub.W, *sub.arrays)
    if model.rows:
        numbers = lines(*([inputs] if width(inputs) <= DESK_EM else ins),
                        rf"{F} = {column(out[:, 0])}, \quad {F}' = {column(C[0, :, 0])}")
    else:
        numbers = lines(inputs, rf"{F} = {number(out[0], 6)}, \quad "
                        rf"{F}' = {number(C[0, 0], 6)}")
    what = ("A and B are rows of p numbers, so F is a column of p products" if model.rows
            else "every input is a number")
    return Case(f"m = n = 1: {what}",
                f"With one row and one column, {what}, and the rule of the first page is the "
                "ordinary derivative of one variable. "
                + ("Your problem is this case:" if whole else
                   f"Your problem's corner, taken as a 1 × 1 problem of its own "
                   f"({others(p.m, p.n)} left out):"),
                model.scalar_case_latex, numbers, check,
                "the complex step of the model's function for this 1 × 1 problem",
                None if whole else sub)


def _family_column(p: Problem) -> Case:
    model, F, sub = p.model, _letter(p), _sub(p, p.m, 1)
    C, check = _checked(sub)
    if p.n == 1:
        lead = "Your problem is this case, with the whole parameters:"
    elif p.m == 1:
        lead = "With m = 1 your first column is case 1's corner again:"
    else:
        article = "an" if p.m in (8, 11, 18) else "a"  # "an 8 × 1", "an 11 × 1"
        lead = (f"Your first column with the whole parameters, {article} {p.m} × 1 problem of "
                f"its own ({others(1, p.n)} left out):")
    name = r"C_1" if model.rows else rf"\nabla_{{w_1}} {F}_1"
    return Case("n = 1: one column",
                f"With one column $w_1$, {F} has one column too, and it reads $w_1$ only. "
                + lead, model.column_case_latex,
                equation(name, C[:, :, 0]) if model.rows else rf"{name} = {column(C[:, 0])}",
                check,
                "the complex step of the model's function in each of the "
                + (f"{plural(p.m * p.p, 'derivative', 'derivatives')} of $C_1$ (m × p)"
                   if model.rows else f"{plural(p.m, 'entry', 'entries')} of column 1"),
                sub if p.n > 1 and p.m > 1 else None)


def _family_all(p: Problem) -> Case:
    model, F = p.model, _letter(p)
    C, check = _checked(p)
    if model.rows:
        shown = [equation(f"C_{{{k + 1}}}", C[:, :, k]) for k in range(p.n)]
        numbers = lines(*(shown if p.n <= 3 else [*shown[:2], r"\vdots", shown[-1]]))
    else:
        numbers = equation(model.compact_symbol, C)
    text = (f"Column k of {F} reads column k of W only, so each column is its own copy of case "
            f"2 and the blocks for $j \\ne k$ are 0: ${model.entry_latex}$." if p.n > 1 else
            f"With one column there is nothing to add: case 2 is the whole Jacobian, "
            f"${model.entry_latex}$.")
    if not C.any():
        text += " Here every entry computes to 0 in float64, so J does too."
    return Case("Every column: independent copies of case 2" if p.n > 1 else
                "Every column: with n = 1, case 2 is the whole answer", text,
                model.compact_latex, numbers, check,
                f"the complex step of the model's function in each of the "
                f"{plural(check_size(p), 'entry', 'entries')} of J", None)


def check_size(p: Problem) -> int:
    """How many entries the dense Jacobian of ``p`` has."""
    return int(np.prod(p.model.output_shape(p.n, p.p))) * p.m * p.n
