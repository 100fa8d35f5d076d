"""The columns page on every model of the family: its numbers against autograd, its sentences
against the data, on the family's degenerate corpus (:func:`tests.problems.family_corpus`).

Each shown number is compared with HIPS autograd applied to the plain formula of the model
(:data:`tests.test_models.FORMULAS`), never with the model's own code: the block of column k,
DF(W)[H], F(W + H), the second-order term, the VJP and the Hessian block. Each sentence that
depends on the data (a slope, "exactly", "depends on W", "one column") is checked against an
independent computation.
"""

from __future__ import annotations

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import hessian as ag_hessian
from autograd import jacobian as ag_jacobian

from hadviz.checks import contraction_tolerance
from hadviz.upstream import upstream_gradient
from hadviz.views.columns import column_view, expansion_view, upstream_view
from tests.app.test_corpus import style_slips
from tests.problems import family_corpus

from .test_models import FORMULAS

FAMILY = family_corpus()
NAMES = list(FAMILY)
SCALES = (0.0, 1e-3, 1.0, 100.0)


def formula(p):
    """F as autograd sees it: the plain formula of the problem's model, at its parameters."""
    return lambda W: FORMULAS[p.fn](W, *p.arrays)


def unit(p, seed=0):
    """The page's direction Ĥ, drawn here from its definition."""
    H = np.random.default_rng(seed).standard_normal((p.m, p.n))
    return H / np.linalg.norm(H)


def close(actual, desired, what, rtol=1e-10):
    actual, desired = np.asarray(actual, float), np.asarray(desired, float)
    lost = ~np.isfinite(desired)
    if lost.any():
        # autograd's sech² overflows past |f| ≈ 355 (tanh/huge); the true value underflows to 0
        assert np.all(actual[lost] == 0), (what, actual[lost])
        actual, desired = actual[~lost], desired[~lost]
    atol = rtol * max(float(np.max(np.abs(desired), initial=0.0)), 1e-300)
    np.testing.assert_allclose(actual, desired, rtol=rtol, atol=atol,
                               err_msg=f"{what}: hadviz vs autograd")


@pytest.mark.parametrize("name", NAMES)
def test_column_block_is_the_models_own_and_the_note_holds(name):
    p = FAMILY[name]
    J = ag_jacobian(formula(p))(p.W)  # output + (m, n)
    for k in {0, p.n - 1}:
        view = column_view(p, k)
        block = J[:, k, :, k].T if p.model.rows else J[k, :, k]
        close(view.block, block, f"{name}: block of column {k + 1}")
        assert view.check.passed, view.note
        others = np.delete(np.take(J, k, axis=-1), k, axis=-2)  # ∂F_(r,)k'/∂W_ik, k' ≠ k
        assert view.others_zero and not others.any()
        assert ("W has one column" in view.note) == (p.n == 1), view.note
        assert view.note.startswith("✓") and not style_slips([view.note], [])


def second_derivative(p, H):
    """d²/dt² F(W + tH) at t = 0, by autograd."""
    def along(t):
        return formula(p)(p.W + t * H)
    return ag_jacobian(ag_jacobian(along))(0.0)


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("name", NAMES)
def test_expansion_numbers_and_sentences_hold(name, scale):
    p = FAMILY[name]
    view = expansion_view(p, scale, 0)
    H = scale * unit(p)
    F = formula(p)
    close(view.f_shifted, F(p.W + H), "F(W + H)", rtol=1e-12)
    J = ag_jacobian(F)(p.W)
    ref = np.tensordot(J, H, axes=2)
    # tanh's DF[H] uses 1 − tanh²: at a saturated f it is 0 where sech² f is 10⁻²⁰ (the
    # shared tolerance policy allows for that cancellation)
    tol = contraction_tolerance(p, H)
    assert np.all(np.abs(view.df - ref) <= tol), (view.df, ref, tol)
    close(view.second, second_derivative(p, H) / 2, "½F″[H, H]", rtol=1e-8)
    assert view.quadratic == p.model.quadratic
    if view.quadratic:
        assert view.passed and view.check is not None and view.check.passed, view.verdict
        close(view.second, F(H), "(AᵀH)∘(BᵀH) is F at H", rtol=1e-12)
    assert ("is not quadratic" in view.remainder_note) == (not view.quadratic and scale > 0)
    check_slope(p, view)
    assert not style_slips([view.remainder_note, view.slope_note, view.verdict], [])


def check_slope(p, view):
    """A stated slope is the least-squares slope of independently computed remainders."""
    t, (lo, hi) = view.taylor.t, view.fitted
    slope, note = view.taylor.slope, view.slope_note
    if np.isnan(slope):
        assert "log–log slope" not in note and "✗" not in view.verdict, note
        return
    F, Hh = formula(p), unit(p)
    D = np.tensordot(ag_jacobian(F)(p.W), Hh, axes=2)
    rem = np.array([np.linalg.norm(F(p.W + s * Hh) - F(p.W) - s * D) for s in t[lo:hi]])
    ref = np.polyfit(np.log10(t[lo:hi]), np.log10(rem), 1)[0]
    assert abs(ref - slope) <= 0.02, (ref, slope)
    assert f"slope is {slope:.2f}" in note or f"slope {slope:.2f}" in note, note
    if "grows like ‖H‖²" in note:
        assert abs(ref - 2) <= 0.12 and view.verdict.startswith("✓"), (ref, note)
    if not view.quadratic:
        # the fit stays where the third-order term is below 1 % of the second, at W along Ĥ
        def along(s):
            return F(p.W + s * Hh)
        d2 = np.linalg.norm(ag_jacobian(ag_jacobian(along))(0.0))
        d3 = np.linalg.norm(ag_jacobian(ag_jacobian(ag_jacobian(along)))(0.0))
        assert d2 > 0 and (d3 == 0 or t[hi - 1] <= 0.03 * d2 / d3 * (1 + 1e-9)), (d2, d3)


@pytest.mark.parametrize("kind", ["ones", "random", "onehot"])
@pytest.mark.parametrize("name", NAMES)
def test_vjp_is_autograd_s_and_the_hessian_block_too(name, kind):
    p = FAMILY[name]
    k = p.n - 1
    view = upstream_view(p, kind, k, 0, k)
    g = upstream_gradient(kind, p.n, k, 0, p=p.p if p.model.rows else None)
    np.testing.assert_array_equal(view.g, g)
    grad = ag_jacobian(lambda W: anp.sum(g * formula(p)(W)))(p.W)
    close(view.gradient, grad, "∇_W⟨g, F⟩")
    assert view.gradient_check.passed, view.gradient_note
    column = view.hessian_column
    assert column == (0 if p.model.quadratic else k)

    def of_column(w):
        W = anp.concatenate([p.W[:, :column], w[:, None], p.W[:, column + 1:]], axis=1)
        return formula(p)(W)[..., column]

    if p.model.rows:
        blocks = [ag_hessian(lambda w, r=r: of_column(w)[r])(p.W[:, column])
                  for r in range(p.p)]
        close(view.S, np.stack(blocks), "Hessian blocks S_r")
    else:
        close(view.S, ag_hessian(of_column)(p.W[:, column]), "Hessian block", rtol=1e-8)
    if view.hessian_check is None:
        assert "Not checked here" in view.hessian_note
    else:
        assert view.hessian_check.passed, view.hessian_note
    assert ("for every W" in view.hessian_note) == p.model.quadratic
    assert ("depends on W" in view.hessian_note) == (not p.model.quadratic)
    assert not style_slips([view.gradient_note, view.hessian_note], [])
