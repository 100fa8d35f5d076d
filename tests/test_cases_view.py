"""The smallest-cases view (hadviz.views.cases) on problems of every shape and scale.

Its claims about the problem ("the two differ", "no other rows", what a link opens) are
checked against SymPy's exact derivative and against the view of the sub-problem itself.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
import sympy
from hypothesis import given

from hadviz import Problem
from hadviz.latex import number
from hadviz.views.cases import cases_view, corner_note

from .problems import family_corpus
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


# --- every model of the family: the same three cases, the model's own numbers ---

def _autograd_f(fn: str):
    """Each model's function written again in autograd's numpy (an independent reference)."""
    import autograd.numpy as anp

    def f(W, P, Q):
        u, v = anp.dot(P.T, W), anp.dot(Q.T, W)
        return {"hadamard": u * v, "matrix": u * v, "tanh": anp.tanh(u * v),
                "gated": 0.5 * (1.0 + anp.tanh(0.5 * u)) * v}[fn]  # no overflow at u ≪ 0
    return f


def _autograd_jacobian(p: Problem) -> np.ndarray:
    """J[…, i, j] by autograd, shape output + (m, n)."""
    from autograd import jacobian

    P, Q = (x if x.ndim == 2 else x[:, None] for x in p.arrays)
    J = jacobian(_autograd_f(p.fn))(p.W, P, Q)  # (p or 1, n, m, n)
    return J if p.model.rows else J[0]


FAMILY = {k: v for k, v in family_corpus().items() if not k.startswith("hadamard/")}


@pytest.mark.parametrize("name", list(FAMILY))
def test_every_model_s_cases_are_checked_and_show_its_own_derivative(name):
    p = FAMILY[name]
    view = cases_view(p)
    assert all(case.check.passed for case in view.cases), [c.check.summary() for c in view.cases]
    J = _autograd_jacobian(p)
    # case 3: the model's Jacobian (from its compact form) against autograd, entry by entry
    dense = p.model.jacobian(p.W, *p.arrays)
    np.testing.assert_allclose(dense, J, rtol=1e-12, atol=1e-12 * np.abs(J).max(initial=0),
                               err_msg=name)
    # case 2 shows ∂F[…, 0]/∂w₁ (the first column), case 1 the corner's derivative
    first = J[..., 0, :, 0]  # (m,) or (p, m)
    shown = view.cases[1].numbers
    for x in np.ravel(first)[:3]:
        assert number(float(x)) in shown, (name, number(float(x)), shown)
    corner = _autograd_jacobian(Problem(p.W[:1, :1], *(x[:1] for x in p.arrays), fn=p.fn))
    assert number(float(np.ravel(corner)[0]), 6) in view.cases[0].numbers, name
    assert p.model.scalar_case_latex == view.cases[0].formula
    F = p.model.latex.split("(W)")[0].strip()
    assert f"\\operatorname{{Im}} {F}(W + ihE)/h" in view.checking
    assert ("quadratic" in view.checking) == p.model.quadratic


# tanh/decimal: f small, so tanh is far from saturation (where its tolerance is loose)
@pytest.mark.parametrize("name", ["tanh/decimal", "gated/generic", "matrix/generic"])
def test_a_wrong_derivative_gets_a_cross(name, monkeypatch):
    p = FAMILY[name]
    model = p.model
    right = type(model).compact
    monkeypatch.setattr(type(model), "compact",
                        lambda self, W, *P: right(self, W, *P) * (1 + 1e-9))
    assert not any(case.check.passed for case in cases_view(p).cases)


@pytest.mark.parametrize("name", ["tanh/generic", "gated/4x1", "matrix/generic", "matrix/1x1,p=8",
                                  "gated/1x4"])
def test_every_model_s_show_me_this_case_is_the_case_shown(name):
    p = FAMILY[name]
    corner, col = (case.sub for case in cases_view(p).cases[:2])
    assert (corner is None) == (p.m == p.n == 1) and (col is None) == (p.m == 1 or p.n == 1)
    if corner is not None:
        assert corner.fn == p.fn and corner.W.tolist() == [[p.W[0, 0]]]
        for x, y in zip(corner.arrays, p.arrays, strict=True):
            np.testing.assert_array_equal(x, y[:1])
        assert cases_view(corner).cases[0].numbers == cases_view(p).cases[0].numbers
    if col is not None:
        np.testing.assert_array_equal(col.W, p.W[:, :1])
        assert cases_view(col).cases[1].numbers == cases_view(p).cases[1].numbers
