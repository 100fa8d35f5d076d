"""Formulas on the desk: the width estimate against KaTeX in Chromium, the rules that keep
matrices within it, and every formula of the landing, cases and mistakes views within its
place on the desk, for every model, size and distribution.

The desk is 1280 × 720 with the sidebar open (:mod:`hadviz.desk`); the browser suite checks
the pages there (``tests/browser/test_layout_in_browser.py``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hadviz.desk import DESK_EM, EM_PX, HALF_EM, MATRIX_EM, fits, width
from hadviz.latex import MAX_SHOWN, bmatrix, equation, fitted, product
from hadviz.problem import random_problem
from hadviz.views.cases import cases_view
from hadviz.views.closed_forms import closed_forms
from hadviz.views.columns import UPSTREAM, column_view, expansion_view, upstream_view
from hadviz.views.derivation import derivation_view
from hadviz.views.diagrams import diagrams_view
from hadviz.views.f import f_view
from hadviz.views.jacobian import jacobian_view
from hadviz.views.layouts import layouts_view
from hadviz.views.mistakes import mistakes_view

#: KaTeX's drawn widths in em (the ``.katex-html`` box over the formula's font size, 19.36 px),
#: measured in Chromium on the app (Streamlit 1.67): the independent reference.
MEASURED = [
    ("0123456789", 5.0),
    (r"x = 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9", 16.18),
    (r"\begin{bmatrix} 7 & 5 & 4 \\ 2 & 2 & 0 \end{bmatrix}", 4.56),
    (r"\begin{bmatrix} -26 & -30 & -20 \\ 18 & 8 & 24 \end{bmatrix}", 8.39),
    (r"\begin{bmatrix} 1 \\ 8 \\ 1 \\ \vdots \\ 4 \\ 5 \end{bmatrix}", 1.83),
    (r"\begin{bmatrix} -1.144 \times 10^{-7} & -1.716 & -0.002792 & \cdots & 8.06 \times "
     r"10^{-8} & -122.6 \end{bmatrix}", 28.84),
    (r"G_{\text{wrong}} = \begin{bmatrix} -0.4738 & -0.4738 & -0.4738 \\ -0.5427 & -0.5427 "
     r"& -0.5427 \end{bmatrix}", 17.76),
    (r"J_r\,H_{\text{row-major}} = Df(W)[H] = \begin{bmatrix} 0.0346012 \\ 0.610276 \\ "
     r"\vdots \\ 3.04699 \times 10^{-7} \\ -1.87118 \times 10^{-11} \end{bmatrix}", 21.49),
    (r"\nabla_W \langle g, f \rangle\ \text{(einsum)} = \begin{bmatrix} -0.1637 & 1.219 & "
     r"-0.6652 \\ -0.1875 & 1.306 & -0.7766 \end{bmatrix}", 21.84),
    (r"\frac{\partial F_{rk}}{\partial W_{ij}} = \delta_{jk}\,(A_{ir} V_{rk} + B_{ir} U_{rk})",
     12.67),
    (r"u = W^T a, \quad v = W^T b, \quad f = u \circ v, \quad s = \operatorname{sech}^2 f",
     21.1),
    (r"\begin{aligned} \nabla_W(g^TF) &= a\,(g\circ (s \circ v))^T + b\,(g\circ (s \circ u))^T"
     r" \\ &= G\,\mathrm{Diag}(s\circ g) \end{aligned}", 19.17),
    (r"\begin{gathered} F(W) = (A^T W) \circ (B^T W) \\ F \in \mathbb{R}^{p \times n} \\ "
     r"U = A^T W, \quad V = B^T W, \quad F = U \circ V \end{gathered}", 16.65),
    (r"C_k = \Big(\frac{\partial F_{:,k}}{\partial w_k}\Big)^{T} = A\,\mathrm{Diag}(V_{:,k})"
     r" + B\,\mathrm{Diag}(U_{:,k}) \in \mathbb{R}^{m \times p}", 23.07),
    (r"f(W+H) = f(W) + Df(W)[H] + R, \qquad R = \tfrac12 f''[H,H] + O(\|H\|^3)", 30.48),
    (r"\frac{\partial f_{1}}{\partial W} = \left[\;\left[\begin{matrix}2 W_{11} a_{1} b_{1} + "
     r"W_{21} a_{1} b_{2} + W_{21} a_{2} b_{1}\\W_{11} a_{1} b_{2} + W_{11} a_{2} b_{1} + 2 "
     r"W_{21} a_{2} b_{2}\end{matrix}\right]\;\; \mathbf{0}\;\; \mathbf{0}\;\right]", 21.64),
]


@pytest.mark.parametrize("latex,measured", MEASURED, ids=[f"{m} em" for _, m in MEASURED])
def test_the_estimate_is_within_6_percent_of_katex(latex, measured):
    estimate = width(latex)
    assert abs(estimate / measured - 1) <= 0.06, (estimate, measured, latex)


def test_the_budgets_are_the_measured_desk():
    # 778 px for a formula in a card of the 820 px main column, 377 px for each of two
    assert 0.95 * 778 <= DESK_EM * EM_PX <= 778 and 0.95 * 377 <= HALF_EM * EM_PX <= 377
    assert MATRIX_EM + width(r"\nabla_W\langle g, f\rangle\ \text{(einsum)} = {}") <= DESK_EM


NUMBERS = st.sampled_from([1.0, -7.0, 12345.0, -0.4629, 6.7e-8, -1.234e-131, 61.32])


@settings(max_examples=60, deadline=None)
@given(rows=st.integers(1, 64), cols=st.integers(1, 64), values=st.lists(NUMBERS, min_size=1,
                                                                           max_size=4))
def test_an_elided_matrix_fits_its_share_and_an_exercise_keeps_every_number(rows, cols, values):
    M = np.resize(np.array(values), (rows, cols))
    latex = bmatrix(M)
    assert width(latex) <= MATRIX_EM or latex.count("&") == 2 * min(rows, MAX_SHOWN), latex
    assert (r"\cdots" in latex) == (cols > MAX_SHOWN or width(bmatrix(M, keep_small=True))
                                      > MATRIX_EM)  # elided exactly when it must be
    whole = bmatrix(M, keep_small=True)  # an exercise needs every number, whatever its width
    assert (r"\cdots" in whole) == (cols > MAX_SHOWN)
    # beside its name, a matrix gives up columns to fit (its first and last stay)
    assert width(equation("G", M, budget=30.0)) <= 30.0


def _cells(latex: str) -> list[list[str]]:
    body = latex.removeprefix(r"\begin{bmatrix} ").removesuffix(r" \end{bmatrix}")
    return [row.split(" & ") for row in body.split(r" \\ ")]


@pytest.mark.parametrize("budget", [99.0, 30.0, 20.0, 12.0])
def test_a_products_factors_keep_the_same_middle_index(budget):
    """A·Diag(d) with A's column j and d_j both j × 1.001: whatever is elided, the columns A
    shows are the rows and columns Diag(d) shows, so the product can be worked as shown."""
    d = np.arange(1.0, 9.0) * 1.001
    latex = fitted("@ @", np.tile(d, (2, 1)), np.diag(d), budget=budget, axes="mp pp")
    left, right = latex.split(r"\end{bmatrix} ", 1)
    shown, diag = _cells(left + r"\end{bmatrix}")[0], _cells(right)
    assert len(diag) == len(shown) and all(len(row) == len(shown) for row in diag)
    assert [row[r] for r, row in enumerate(diag)] == [
        r"\ddots" if cell == r"\cdots" else cell for cell in shown]
    assert width(latex) <= budget or len(shown) == 3
    assert (budget == 99.0) == (len(shown) == MAX_SHOWN)


def test_a_product_breaks_its_lines_within_the_desk():
    A = bmatrix(np.full((8, 8), -0.4629))
    latex = product(r"\frac{\partial f_{1}}{\partial W_{1,1}} =", [A, A, A, A])
    assert latex.count(r"& \cdot ") == 3 and width(latex) <= DESK_EM  # one to a line
    small = bmatrix(np.eye(2))
    assert product("=", [small] * 4).count(r"& \cdot ") == 1  # two to a line when they fit


PROBLEMS = [(m, n, fn, p, dist) for m, n in [(2, 3), (8, 8), (64, 64), (6, 6), (1, 1)]
            for fn, p in [("hadamard", 1), ("tanh", 1), ("gated", 1), ("matrix", 3),
                          ("matrix", 8)]
            for dist in ["int", "normal"]]


@pytest.mark.parametrize("m,n,fn,p,dist", PROBLEMS,
                         ids=[f"{fn}{p if fn == 'matrix' else ''}-{m}x{n}-{d}"
                              for m, n, fn, p, d in PROBLEMS])
def test_the_views_formulas_fit_their_place_on_the_desk(m, n, fn, p, dist):
    """The landing page's parts (a desk line) and inputs (half of one, beside the tables);
    the cases; the mistakes, side by side only when each pair fits the two halves."""
    problem = random_problem(m, n, 0, dist, fn, p)
    view = f_view(problem)
    assert fits(view.numbers), view.numbers
    assert fits(view.inputs, side_by_side=True), view.inputs
    for case in cases_view(problem).cases:
        assert fits(case.formula, case.numbers), case.numbers
    mistakes = mistakes_view(problem, 0)
    for mistake in mistakes.mistakes:
        assert fits(mistake.wrong, mistake.right, side_by_side=mistakes.side_by_side), mistake


def _displays(x: object, path: str = "view") -> Iterator[tuple[str, str]]:
    """Every display formula a view holds: the strings of its fields (and of their fields,
    lists and tuples) that are LaTeX, not Markdown (a backslash and no ``$``)."""
    if isinstance(x, str):
        if "\\" in x and "$" not in x:
            yield path, x
    elif dataclasses.is_dataclass(x) and not isinstance(x, type):
        for field in dataclasses.fields(x):
            yield from _displays(getattr(x, field.name), f"{path}.{field.name}")
    elif isinstance(x, list | tuple):
        for index, item in enumerate(x):
            yield from _displays(item, f"{path}[{index}]")


@pytest.mark.parametrize("m,n,fn,p,dist", PROBLEMS,
                         ids=[f"{fn}{p if fn == 'matrix' else ''}-{m}x{n}-{d}"
                              for m, n, fn, p, d in PROBLEMS])
def test_every_other_views_formulas_fit_a_desk_line(m, n, fn, p, dist):
    """The derivation (steps, the Diag identity, the closed forms), the columns (a column's
    block, the expansion, the gradient for every upstream), the diagrams, the layouts and the
    Jacobian: every display formula within a desk line, also those in collapsed sections
    (the browser test measures only what is open)."""
    problem = random_problem(m, n, 0, dist, fn, p)
    views = {"derivation": derivation_view(problem, n - 1, m - 1, n - 1),
             "closed forms": closed_forms(problem, n - 1), "column": column_view(problem, 0),
             "expansion": expansion_view(problem, 1.0), "diagrams": diagrams_view(problem, None),
             "layouts": layouts_view(problem), "jacobian": jacobian_view(problem, 0, 0, 0),
             **{f"upstream {kind}": upstream_view(problem, kind) for kind in UPSTREAM}}
    wide = [f"{name}{path[4:]}: {width(latex):.1f} em: {latex[:80]}"
            for name, view in views.items() for path, latex in _displays(view)
            if width(latex) > DESK_EM]
    assert not wide, "\n".join(wide)
    assert sum(1 for view in views.values() for _ in _displays(view)) > 10  # it finds them


def test_mistakes_stand_side_by_side_exactly_when_they_fit():
    small = mistakes_view(random_problem(2, 3, 0, "int"), 0)
    assert small.side_by_side
    large = mistakes_view(random_problem(8, 8, 0, "normal"), 0)
    assert not large.side_by_side
    assert not all(fits(m.wrong, m.right, side_by_side=True) for m in large.mistakes)
