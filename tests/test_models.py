"""The model contract: every registered model against references that share none of its code.

For each model of :data:`hadviz.models.MODELS`: F, the JVP, the VJP, the dense and compact
Jacobians, the Taylor coefficients along a line and the Hessian, checked against

- HIPS autograd differentiating the plain formula, written here again in ``autograd.numpy``
  (:data:`FORMULAS`), not the model's code;
- the complex step of the model's own F (all four are analytic), exact to rounding;
- central differences (exact for the quadratic models, O(h²) for the others).

Shapes come from hypothesis, with m = 1, n = 1 and p = 1 included, and from the degenerate
corpus of every model (:func:`tests.problems.family_corpus`).
"""

from __future__ import annotations

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import hessian as ag_hessian
from autograd import jacobian as ag_jacobian
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from hadviz.models import MODELS, model_of
from hadviz.problem import Problem

from .problems import family_corpus


def _sigmoid(x):
    # exp(−log(1 + e⁻ˣ)): no overflow for the corpus's |x| ~ 10⁶, and not the model's tanh form
    return anp.exp(-anp.logaddexp(0.0, -x))


#: Each model's F as a plain formula, for autograd: no code shared with hadviz.models.
FORMULAS = {
    "hadamard": lambda W, a, b: anp.dot(a, W) * anp.dot(b, W),
    "tanh": lambda W, a, b: anp.tanh(anp.dot(a, W) * anp.dot(b, W)),
    "gated": lambda W, a, b: _sigmoid(anp.dot(a, W)) * anp.dot(b, W),
    "matrix": lambda W, A, B: anp.dot(A.T, W) * anp.dot(B.T, W),
}
QUADRATIC = {"hadamard", "matrix"}

ELEMENTS = st.floats(-3.0, 3.0, allow_nan=False, allow_infinity=False)


def test_every_model_has_a_formula_here_and_says_what_it_is():
    assert set(FORMULAS) == set(MODELS)
    for name, model in MODELS.items():
        assert model.name == name and model_of(name) is model
        assert model.quadratic == (name in QUADRATIC)
        # one letter: the pages subscript it in LaTeX (G_F_{i,k} broke KaTeX)
        assert len(model.compact_symbol) == 1 and model.compact_symbol.isalpha(), name
        for text in (model.latex, model.space, model.entry_latex, model.compact_latex,
                     model.jvp_latex, model.vjp_latex, model.helpers_latex, model.label):
            assert text.strip(), (name, text)


@st.composite
def family_problems(draw, fn: str):
    """(problem, H, g) of model ``fn``: m, n in 1..4, p in 1..3, entries that may be 0."""
    model = model_of(fn)
    m, n, p = draw(st.integers(1, 4)), draw(st.integers(1, 4)), draw(st.integers(1, 3))
    W = draw(hnp.arrays(np.float64, (m, n), elements=ELEMENTS))
    arrays = [draw(hnp.arrays(np.float64, (m, p) if q.matrix else (m,), elements=ELEMENTS))
              for q in model.params]
    problem = Problem(W, *arrays, fn=fn)
    H = draw(hnp.arrays(np.float64, (m, n), elements=ELEMENTS))
    g = draw(hnp.arrays(np.float64, model.output_shape(n, problem.p), elements=ELEMENTS))
    return problem, H, g


def _close(actual, desired, what, rtol=1e-12, atol=1e-12):
    scale = max(1.0, float(np.max(np.abs(desired), initial=0.0)))
    np.testing.assert_allclose(actual, desired, rtol=rtol, atol=atol * scale,
                               err_msg=f"{what}: hadviz (actual) vs reference (desired)")


def check_against_autograd(problem: Problem, H: np.ndarray, g: np.ndarray) -> None:
    model, W, P = problem.model, problem.W, problem.arrays
    formula = FORMULAS[problem.fn]
    _close(model.f(W, *P), formula(W, *P), "F")
    J_ref = ag_jacobian(lambda X: formula(X, *P))(W)
    J = model.jacobian(W, *P)
    assert J.shape == model.output_shape(problem.n, problem.p) + W.shape
    _close(J, J_ref, "dense Jacobian")
    _close(model.jvp(W, *P, H), np.tensordot(J_ref, H, axes=2), "JVP")
    _close(model.vjp(W, *P, g), np.tensordot(g, J_ref, axes=g.ndim), "VJP")
    # the compact form holds every entry the dense one can have: J[…, k, i, k]
    C = model.compact(W, *P)
    k = np.arange(problem.n)
    _close(np.moveaxis(C, 0, -1), np.moveaxis(J_ref[..., k, :, k], 0, -2), "compact")


@pytest.mark.parametrize("fn", list(MODELS))
@given(data=st.data())
def test_derivatives_match_autograd_on_every_shape(fn, data):
    check_against_autograd(*data.draw(family_problems(fn)))


@pytest.mark.parametrize("name,problem", list(family_corpus().items()))
def test_derivatives_match_autograd_on_the_degenerate_corpus(name, problem, rng):
    H = rng.standard_normal(problem.W.shape)
    g = rng.standard_normal(problem.model.output_shape(problem.n, problem.p))
    check_against_autograd(problem, H, g)


@pytest.mark.parametrize("fn", list(MODELS))
def test_line_coefficients_match_autograd_derivatives_in_t(fn, rng):
    problem = Problem(rng.standard_normal((3, 2)),
                      *(rng.standard_normal((3, 2) if q.matrix else 3)
                        for q in model_of(fn).params), fn=fn)
    H = rng.standard_normal((3, 2))
    formula, P = FORMULAS[fn], problem.arrays

    def along(t):
        return formula(problem.W + t * H, *P)

    d1 = ag_jacobian(along)
    d2 = ag_jacobian(d1)
    d3 = ag_jacobian(d2)
    line = problem.model.line(problem.W, *P, H)
    for got, ref, what in ((line.F, along(0.0), "F"), (line.d1, d1(0.0), "d1"),
                           (line.d2, d2(0.0), "d2"), (line.d3, d3(0.0), "d3")):
        _close(got, ref, f"{fn} line {what}", rtol=1e-10, atol=1e-10)
    _close(problem.model.second_order_term(problem.W, *P, H), d2(0.0) / 2, "second-order term",
           rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("fn", list(MODELS))
def test_hessian_matches_autograd(fn, rng):
    problem = Problem(rng.standard_normal((2, 3)),
                      *(rng.standard_normal((2, 2) if q.matrix else 2)
                        for q in model_of(fn).params), fn=fn)
    formula, P = FORMULAS[fn], problem.arrays
    ref = ag_hessian(lambda X: formula(X, *P))(problem.W)
    _close(problem.model.hessian(problem.W, *P), ref, f"{fn} Hessian", rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name,problem", list(family_corpus().items()))
def test_complex_step_of_F_gives_the_jvp_to_rounding(name, problem, rng):
    """Im F(W + ihH)/h = DF[H] + O(h²): with h = 1e-20 the O(h²) term is far below rounding."""
    model, P = problem.model, problem.arrays
    H = rng.standard_normal(problem.W.shape)
    h = 1e-20
    cs = model.f(problem.W + 1j * h * H, *(x.astype(complex) for x in P)).imag / h
    _close(model.jvp(problem.W, *P, H), cs, f"{name}: JVP vs complex step", rtol=1e-13,
           atol=1e-13)


@pytest.mark.parametrize("fn", list(MODELS))
def test_central_differences_are_exact_only_for_quadratic_models(fn, rng):
    problem = Problem(rng.standard_normal((3, 4)),
                      *(rng.standard_normal((3, 2) if q.matrix else 3)
                        for q in model_of(fn).params), fn=fn)
    model, P = problem.model, problem.arrays
    H = rng.standard_normal(problem.W.shape)
    exact = model.jvp(problem.W, *P, H)
    errors = []
    for h in (0.1, 0.05):
        central = (model.f(problem.W + h * H, *P) - model.f(problem.W - h * H, *P)) / (2 * h)
        errors.append(float(np.max(np.abs(central - exact))))
    if fn in QUADRATIC:
        assert max(errors) < 1e-12 * max(1.0, float(np.max(np.abs(exact)))), errors
    else:  # truncation error h²·F‴/6: halving h divides it by 4
        assert errors[0] > 1e-8 and 3.5 < errors[0] / errors[1] < 4.5, errors


def test_the_matrix_model_with_p_1_is_the_question(rng):
    W, a, b = rng.standard_normal((4, 3)), rng.standard_normal(4), rng.standard_normal(4)
    q = Problem(W, a, b)
    M = Problem(W, a[:, None], b[:, None], fn="matrix")
    # equal to rounding (a matrix product may sum in another order than a vector product)
    _close(M.model.f(W, *M.arrays)[0], q.model.f(W, a, b), "F with p = 1", 1e-15, 1e-15)
    _close(M.model.compact(W, *M.arrays)[:, 0, :], q.model.compact(W, a, b), "C with p = 1",
           1e-15, 1e-15)


def test_the_gate_at_u_0_is_half_of_v_and_its_G_keeps_b_over_2():
    # σ(0) = ½, σ′(0) = ¼: f = v/2, G[:, k] = ¼ v_k a + ½ b
    W, a, b = np.array([[2.0, 0.0], [-1.0, 0.0]]), np.array([1.0, 2.0]), np.array([3.0, -1.0])
    model = model_of("gated")
    v = b @ W
    np.testing.assert_array_equal(model.f(W, a, b), v / 2)
    np.testing.assert_allclose(model.compact(W, a, b), np.outer(a, v / 4) + np.outer(b, [0.5, 0.5]))
