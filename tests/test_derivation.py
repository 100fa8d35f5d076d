"""Every model's derivation: each step against the complex step, the step before it, and
HIPS autograd; the closed forms against autograd; for shapes including m = 1, n = 1, p = 1
and every problem of the degenerate corpus."""

from __future__ import annotations

from dataclasses import replace

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import hessian
from autograd import jacobian as ag_jacobian
from hypothesis import given, settings
from hypothesis import strategies as st

from hadviz import Problem, jacobian, random_problem
from hadviz.checks import compare, complex_step_entry, magnitudes, pair_tolerance
from hadviz.derivation import derivation_steps, diag_identity
from hadviz.models import MODELS
from hadviz.views.closed_forms import closed_forms
from hadviz.views.columns import column_view, expansion_view, gradient_view
from hadviz.views.derivation import derivation_view

from .problems import family_corpus

FAMILY = family_corpus()
STEPS = {"hadamard": 6, "tanh": 7, "gated": 7, "matrix": 6}


def autograd_f(problem):
    """F written again in autograd.numpy (σ as (1 + tanh(x/2))/2: 1/(1 + e⁻ˣ) overflows in
    autograd's backward pass at the corpus's huge u)."""
    P = problem.arrays
    if problem.fn == "matrix":
        return lambda W: anp.dot(P[0].T, W) * anp.dot(P[1].T, W)
    a, b = P
    if problem.fn == "tanh":
        return lambda W: anp.tanh(anp.dot(a, W) * anp.dot(b, W))
    if problem.fn == "gated":
        return lambda W: anp.dot(b, W) * 0.5 * (1.0 + anp.tanh(0.5 * anp.dot(a, W)))
    return lambda W: anp.dot(a, W) * anp.dot(b, W)


def assert_steps_match_autograd(problem, k, i, j, r=0):
    steps = derivation_steps(problem, k, i, j, r)
    assert len(steps) == STEPS[problem.fn]
    for number, step in enumerate(steps, start=1):
        assert step.verified, (problem.fn, number, step.check, step.agrees_with_previous)
    J = ag_jacobian(autograd_f(problem))(problem.W)  # output + (m, n)
    dF = J[..., i, j]
    entry = dF[r, k] if problem.model.rows else dF[k]
    # from the last step that starts a new quantity on, every step differentiates F itself
    start = max(x for x, s in enumerate(steps) if s.agrees_with_previous is None)
    scale = max(float(np.max(np.abs(dF))), 1e-300)
    for number, step in enumerate(steps[start:], start=start + 1):
        want = entry if np.ndim(step.value) == 0 else dF
        np.testing.assert_allclose(step.value, want, rtol=1e-10, atol=1e-12 * scale,
                                   err_msg=f"{problem.fn} step {number}: hadviz vs autograd")
    return steps


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(MODELS)), st.integers(1, 6), st.integers(1, 6),
       st.integers(1, 4), st.integers(0, 10_000), st.data())
def test_every_step_of_every_model_matches_complex_step_and_autograd(fn, m, n, p, seed, data):
    problem = random_problem(m, n, seed=seed, dist="normal", fn=fn, p=p)
    k = data.draw(st.integers(0, n - 1))
    i = data.draw(st.integers(0, m - 1))
    j = data.draw(st.sampled_from(sorted({k, data.draw(st.integers(0, n - 1))})))
    r = data.draw(st.integers(0, problem.p - 1))
    assert_steps_match_autograd(problem, k, i, j, r)


@pytest.mark.parametrize("key", sorted(FAMILY))
def test_every_step_holds_on_the_degenerate_corpus(key):
    problem = FAMILY[key]
    last = (problem.n - 1, problem.m - 1, problem.n - 1, problem.p - 1)
    for k, i, j, r in ((0, 0, 0, 0), last, (0, problem.m - 1, problem.n - 1, 0)):
        steps = derivation_steps(problem, k, i, j, r)
        assert all(s.verified for s in steps), (key, [(s.check, s.agrees_with_previous)
                                                      for s in steps])
        C = problem.model.compact(problem.W, *problem.arrays)
        want = (C[i, r, k] if problem.model.rows else C[i, k]) if j == k else 0.0
        assert float(steps[-1].value) == pytest.approx(want, rel=1e-12, abs=1e-300), key


@pytest.mark.parametrize("fn", sorted(MODELS))
def test_a_wrong_step_is_flagged(fn):
    # a step whose value is off by a relative 1e-9 must not pass
    problem = random_problem(3, 3, seed=3, dist="normal", fn=fn, p=2)
    for s in derivation_steps(problem, 1, 2, 1, 1)[1:]:
        bad = replace(s, check=compare(s.value * (1 + 1e-9), s.reference, s.check.tolerance))
        assert s.verified and not bad.verified, (fn, s.check, bad.check)


def test_matrix_steps_show_the_block_and_one_based_indices():
    problem = random_problem(2, 3, seed=0, dist="int", fn="matrix", p=3)
    steps = derivation_steps(problem, k=1, i=0, j=1, r=2)
    assert r"\partial F_{3,2}" in steps[3].substituted
    assert r"A\,\operatorname{Diag}(B^Tw_j) + B\,\operatorname{Diag}(A^Tw_j)" in steps[4].symbolic
    A, B = problem.arrays
    V = B.T @ problem.W
    U = A.T @ problem.W
    assert float(steps[-1].value) == A[0, 2] * V[2, 1] + B[0, 2] * U[2, 1]


def test_chain_rule_steps_are_named():
    tanh = derivation_view(random_problem(2, 3, 0, "int", fn="tanh"), 1, 0, 1)
    gate = derivation_view(random_problem(2, 3, 0, "int", fn="gated"), 1, 0, 1)
    assert "chain rule" in tanh.steps[3].caption
    assert r"\operatorname{Diag}(s)" in tanh.steps[3].symbolic
    assert "chain rule" in gate.steps[1].caption and r"\sigma'(u)" in gate.steps[1].symbolic
    assert "product rule" in gate.steps[2].caption
    assert "not a polynomial" in tanh.how_checked and "quadratic" in derivation_view(
        random_problem(2, 3, 0, "int", fn="matrix", p=2), 0, 0, 0).how_checked


@pytest.mark.parametrize("key", sorted(FAMILY))
def test_closed_forms_pass_and_the_vjp_equals_autograd(key):
    problem = FAMILY[key]
    k, r = problem.n - 1, problem.p - 1
    forms = closed_forms(problem, k, seed=4, r=r)
    assert all(f.check.passed for f in forms.forms), (key, [f.check for f in forms.forms])
    assert len(forms.forms) == 4 and not forms.missing
    # the VJP against autograd's gradient of ⟨g, F⟩, g the seeded cotangent the form shows
    from hadviz.upstream import upstream_gradient

    g = upstream_gradient("random", problem.n, seed=4,
                          p=problem.p if problem.model.rows else None)
    F = autograd_f(problem)
    grad = ag_jacobian(lambda W: anp.sum(g * F(W)))(problem.W)
    ours = problem.model.vjp(problem.W, *problem.arrays, g)
    scale = max(float(np.max(np.abs(grad))), 1e-300)
    np.testing.assert_allclose(ours, grad, rtol=1e-10, atol=1e-12 * scale, err_msg=key)


def test_matrix_block_and_vjp_formulas():
    problem = random_problem(3, 4, 1, "normal", fn="matrix", p=3)
    forms = closed_forms(problem, 2, seed=1, r=1)
    titles = [f.title for f in forms.forms]
    assert titles[0] == "The whole slice J[2,3] at once" and titles[1].startswith("Column k = 3")
    block = r"A\,\mathrm{Diag}(V_{:,k}) + B\,\mathrm{Diag}(U_{:,k})"
    assert block in forms.forms[1].formula
    assert r"A\,(\Gamma\circ V) + B\,(\Gamma\circ U)" in forms.forms[3].formula


def test_diag_identity_numbers():
    # by hand: u = Wᵀa = (1 + 3, 2 − 1, 1 + 2) = (4, 1, 3), v = Wᵀb = (1 − 6, 2 + 2, 1 − 4)
    # = (−5, 4, −3), u ∘ v = (−20, 4, −9)
    p = Problem([[1.0, 2.0, 1.0], [3.0, -1.0, 2.0]], [1.0, 1.0], [1.0, -2.0])
    col = r"\begin{bmatrix} %s \end{bmatrix}"
    expected = (r"\begin{aligned} u \circ v &= " + col % r"4 \\ 1 \\ 3" + r" \circ "
                + col % r"-5 \\ 4 \\ -3" + r" \\ &= \operatorname{Diag}(u)\,v = "
                + col % r"4 & 0 & 0 \\ 0 & 1 & 0 \\ 0 & 0 & 3" + " " + col % r"-5 \\ 4 \\ -3"
                + r" \\ &= " + col % r"-20 \\ 4 \\ -9" + r" \end{aligned}")
    text = diag_identity(p)
    assert text == expected, text


@pytest.mark.parametrize("m,n", [(1, 1), (1, 4), (4, 1), (3, 5)])
def test_column_view_and_exact_expansion(m, n):
    p = random_problem(m, n, seed=5, dist="normal")
    for j in range(n):
        assert column_view(p, j).check.passed
    for scale in (0.0, 1e-3, 1.0, 50.0):
        v = expansion_view(p, scale)
        assert v.check.passed, (scale, v.check)
        assert v.check.relative <= 1e-12, (scale, v.check)
        assert np.linalg.norm(v.H) == pytest.approx(scale)
    big = expansion_view(p, 10.0)
    small = expansion_view(p, 0.1)
    # without the quadratic term the error is exactly ‖H‖² ‖(Ĥᵀa)∘(Ĥᵀb)‖
    assert big.remainder == pytest.approx(100.0 * big.curvature, rel=1e-9)
    assert small.remainder == pytest.approx(0.01 * small.curvature, rel=1e-6)


@pytest.mark.parametrize("m,n", [(1, 1), (2, 3), (4, 1)])
def test_gradient_view(m, n):
    p = random_problem(m, n, seed=6, dist="normal")
    g = np.random.default_rng(0).standard_normal(n)
    v = gradient_view(p, g)
    assert v.gradient_check.passed and v.hessian_check.passed, v
    assert v.gradient_check.relative <= 1e-12 and v.hessian_check.relative <= 1e-12
    # S is the Hessian block of f_k in w_k (the same for every k): autograd's, for k = 1
    def f1(w1):
        return anp.dot(p.a, w1) * anp.dot(p.b, w1)

    S = hessian(f1)(p.W[:, 0])
    np.testing.assert_allclose(v.S, S, rtol=1e-14, atol=0, err_msg="S: hadviz vs autograd")


def test_bad_indices_raise():
    p = random_problem(2, 3)
    with pytest.raises(ValueError, match="must be in"):
        derivation_steps(p, 3, 0, 0)
    with pytest.raises(ValueError, match="must be in"):
        derivation_steps(random_problem(2, 3, fn="matrix", p=2), 0, 0, 0, r=2)
    with pytest.raises(ValueError, match="j must be in"):
        column_view(p, 5)
    with pytest.raises(ValueError, match="scale must be"):
        expansion_view(p, -1.0)


def test_hadamard_steps_match_the_question_s_complex_step_exactly():
    """The question's own check, kept: tolerance as tight as a float64 check."""
    p = random_problem(4, 5, seed=7, dist="normal")
    steps = derivation_steps(p, 2, 3, 2)
    cs = complex_step_entry(p, 3, 2)
    tol = float(pair_tolerance(4 + 4, magnitudes(p).G[3, 2]))
    for step in steps[1:]:
        ref = cs if np.ndim(step.value) == 1 else cs[2]
        assert np.max(np.abs(step.value - ref)) <= tol
    assert float(steps[-1].value) == jacobian(p.W, p.a, p.b)[2, 3, 2]
