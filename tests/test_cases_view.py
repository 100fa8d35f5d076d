"""The smallest-cases view (hadviz.views.cases) on problems of every shape and scale.

Its claims about the problem ("the two differ", "no other rows", what a link opens) are
checked against SymPy's exact derivative and against the view of the sub-problem itself.
"""

from __future__ import annotations

import re

import numpy as np
import sympy
from hypothesis import given

from hadviz import Problem
from hadviz.latex import number
from hadviz.views.cases import cases_view, corner_note

from .strategies import accepted_problems

#: e-notation written by Python (1e-05, 1.04858e+06)
E_NOTATION = re.compile(r"(?<![\w.])[-−]?\d+(\.\d+)?e[+-]?\d+\b")


def exact_corner(p: Problem) -> tuple[sympy.Rational, sympy.Rational]:
    """∂f₁/∂W₁,₁ of the whole problem and f′ of its 1 × 1 corner, by SymPy, exactly."""
    w = sympy.Symbol("w")
    exact = [[sympy.Rational(float(x)) for x in row] for row in p.W]
    a, b = [sympy.Rational(float(x)) for x in p.a], [sympy.Rational(float(x)) for x in p.b]
    column = [w] + [row[0] for row in exact[1:]]
    f1 = (sum(x * y for x, y in zip(a, column, strict=True))
          * sum(x * y for x, y in zip(b, column, strict=True)))
    at_corner = {w: exact[0][0]}
    return (sympy.diff(f1, w).subs(at_corner),
            sympy.diff(a[0] * w * b[0] * w, w).subs(at_corner))


@given(accepted_problems())
def test_the_corner_note_says_they_differ_exactly_when_they_do(p):
    G11, slope = exact_corner(p)
    note = corner_note(p)
    assert ("no other rows" in note) == (p.m == 1), note
    assert ("the two differ" in note) == (G11 != slope), (note, G11, slope)
    assert note.endswith((f"= {number(float(G11), 6)}$.",  # G₁,₁ = f′ = value.
                          f"= {number(float(G11), 6)}$: this case is entry (1, 1) of G.")) or (
        f"= {number(float(G11), 6)}$: the two differ" in note), note
    assert not E_NOTATION.search(note), note


@given(accepted_problems())
def test_show_me_this_case_is_the_case_shown(p):
    cases = cases_view(p).cases
    corner, column = cases[0].sub, cases[1].sub
    assert (corner is None) == (p.m == p.n == 1)
    assert (column is None) == (p.m == 1 or p.n == 1)  # m = 1: it is the corner again
    if corner is not None:
        assert (corner.W.tolist(), corner.a.tolist(), corner.b.tolist()) == (
            [[p.W[0, 0]]], [p.a[0]], [p.b[0]])
        assert cases_view(corner).cases[0].numbers == cases[0].numbers
    if column is not None:
        np.testing.assert_array_equal(column.W, p.W[:, :1])
        np.testing.assert_array_equal(column.a, p.a)
        np.testing.assert_array_equal(column.b, p.b)
        assert cases_view(column).cases[1].numbers == cases[1].numbers
