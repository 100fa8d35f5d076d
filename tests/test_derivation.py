"""Every derivation step equals the complex-step derivative, for shapes including m = 1, n = 1."""

from __future__ import annotations

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import hessian
from hypothesis import given
from hypothesis import strategies as st

from hadviz import Problem, jacobian, random_problem
from hadviz.checks import complex_step_entry, magnitudes, pair_tolerance
from hadviz.views.columns import column_view, expansion_view, gradient_view
from hadviz.views.derivation import diag_identity, diag_trick_steps


@given(st.integers(1, 7), st.integers(1, 7), st.integers(0, 10_000), st.data())
def test_every_step_matches_complex_step(m, n, seed, data):
    p = random_problem(m, n, seed=seed, dist="normal")
    k = data.draw(st.integers(0, n - 1))
    i = data.draw(st.integers(0, m - 1))
    j = data.draw(st.sampled_from(sorted({k, data.draw(st.integers(0, n - 1))})))
    steps = diag_trick_steps(p, k, i, j)
    cs = complex_step_entry(p, i, j)
    J = jacobian(p.W, p.a, p.b)
    # an independent bound: each side within γ_{m+4} of the sum of |terms| of G[i, j]
    tol = float(pair_tolerance(m + 4, magnitudes(p).G[i, j]))
    assert tol <= 1e-12 * max(magnitudes(p).G.max(), 1e-300)  # as tight as a float64 check
    for number, step in enumerate(steps, start=1):
        assert step.verified, (number, step.check, step.agrees_with_previous)
        ref = cs if np.ndim(step.value) == 1 else cs[k]
        if number > 1:
            diff = np.max(np.abs(step.value - ref))
            assert diff <= tol, (number, step.value, ref)
    assert float(steps[-1].value) == J[k, i, j]
    np.testing.assert_allclose(steps[1].value, J[:, i, j], rtol=0, atol=tol)


def test_steps_show_numbers_and_one_based_indices():
    p = random_problem(2, 3, seed=0, dist="int")
    steps = diag_trick_steps(p, k=1, i=0, j=1)
    assert r"\partial W_{1,2}" in steps[0].substituted
    assert r"\delta_{2,2}" in steps[-1].substituted
    assert all(s.symbolic and s.substituted and s.value_latex for s in steps)


def test_off_diagonal_entry_is_zero_in_every_scalar_step():
    p = random_problem(3, 3, seed=1, dist="normal")
    steps = diag_trick_steps(p, k=0, i=1, j=2)
    assert all(float(s.value) == 0.0 for s in steps[3:])


def test_large_matrices_are_elided():
    p = random_problem(64, 64, seed=1)
    steps = diag_trick_steps(p, 10, 20, 10)
    assert r"\cdots" in steps[2].substituted and r"\vdots" in steps[2].substituted
    assert len(steps[2].substituted) < 6000


def test_wrong_step_is_flagged():
    # a step whose value is off by a relative 1e-9 must not pass
    p = random_problem(2, 2, seed=3, dist="normal")
    s = diag_trick_steps(p, 0, 0, 0)[3]
    from dataclasses import replace

    from hadviz.checks import compare

    tol = s.check.tolerance
    bad = replace(s, check=compare(s.value * (1 + 1e-9), s.reference, tol))
    assert s.verified and not bad.verified, (s.check, bad.check)


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
        diag_trick_steps(p, 3, 0, 0)
    with pytest.raises(ValueError, match="j must be in"):
        column_view(p, 5)
    with pytest.raises(ValueError, match="scale must be"):
        expansion_view(p, -1.0)
