"""The lab and every check over random problems: no exception, true gradients pass, wrong fail.

Problems are drawn the way the app accepts them: random draws and typed numbers at every
allowed magnitude (0 or 1e-60 … 1e6, W, a and b each at its own scale), zero vectors,
shapes from 1 × 1 to 6 × 6, one-entry and random directions, every model of the family (the
same numbers as a, b, or as p = 1 columns A, B). The shared checks (complex step, tolerances)
are checked per model against HIPS autograd and against each other.
"""

from __future__ import annotations

import numpy as np
import pytest
from autograd import jacobian as ag_jacobian
from hypothesis import given
from hypothesis import strategies as st

from hadviz import Problem, jacobian, jacobian_compact, random_problem
from hadviz.checks import (
    compare,
    complex_step_entry,
    complex_step_jacobian,
    contraction_tolerance,
    gamma,
    magnitudes,
    pair_tolerance,
    unit_direction,
)
from hadviz.derivation import derivation_steps
from hadviz.finite_diff import error_sweep
from hadviz.gradcheck import (
    broken_compact,
    column_steps,
    gradient_check,
    gradient_check_tolerance,
    numeric_jacobian,
)
from hadviz.models import MODELS
from hadviz.views.cases import cases_view
from hadviz.views.closed_forms import closed_forms
from hadviz.views.columns import column_view, expansion_view, gradient_view
from hadviz.views.gradient_check import check_view
from hadviz.views.lab import LabSettings, lab_view

from .problems import family_corpus
from .strategies import accepted_problems
from .test_finite_diff import FORMULAS

FAMILY = family_corpus()


def as_model(p: Problem, fn: str) -> Problem:
    """The same numbers under model ``fn``: a and b, or A and B as their p = 1 columns."""
    if fn == "matrix":
        return Problem(p.W, p.a[:, None], p.b[:, None], fn="matrix")
    return Problem(p.W, p.a, p.b, fn=fn)


def dense(C: np.ndarray, n: int) -> np.ndarray:
    """A compact-shaped array placed in J's layout: J[…, k, i, k] = C[i, …, k]."""
    J = np.zeros((*C.shape[1:-1], n, C.shape[0], n))
    for k in range(n):
        J[..., k, :, k] = np.moveaxis(C[..., k], 0, -1)
    return J


@given(accepted_problems(), st.sampled_from(list(MODELS)),
       st.sampled_from(["float64", "float32"]), st.sampled_from(["random", "entry"]),
       st.data())
def test_lab_never_fails_and_its_verdicts_hold(p, fn, precision, kind, data):
    i, j = data.draw(st.integers(0, p.m - 1)), data.draw(st.integers(0, p.n - 1))
    view = lab_view(as_model(p, fn), LabSettings(precision=precision, direction=kind, i=i, j=j,
                                                 hmin=-8, hmax=2, points_per_decade=1))
    fig = view.error_figure(("forward", "central", "complex"))
    assert fig.data and view.explanation
    for key, curve in view.sweep.predicted.items():
        assert np.all(np.isfinite(curve)) and np.all(curve > 0), key
    # the true gradient passes at every scale
    true = check_view(p, "none", kind, i, j)
    assert true.check.passed, (p, true.check)
    assert true.indistinguishable is None


@given(accepted_problems(), st.sampled_from(["drop_ab", "drop_ba", "two_ab", "transpose",
                                             "float32"]))
def test_wrong_gradient_fails_wherever_it_differs(p, broken):
    result = gradient_check(p, broken)
    tol = gradient_check_tolerance(p, column_steps(p))
    gap = np.abs(broken_compact(p, broken) - jacobian_compact(p.W, p.a, p.b))
    if np.any(gap > 2 * tol):
        assert not result.passed, (p, broken, result)
    if result.passed:
        # the page then explains why, without a false suggestion
        why = check_view(p, broken).indistinguishable
        assert why and "larger size" not in why


@given(accepted_problems(), st.data())
def test_other_checks_pass_on_true_values_at_every_scale(p, data):
    k = data.draw(st.integers(0, p.n - 1))
    i = data.draw(st.integers(0, p.m - 1))
    assert all(s.verified for s in derivation_steps(p, k, i, k))
    assert column_view(p, k).check.passed
    assert expansion_view(p, data.draw(st.sampled_from([0.0, 1e-3, 1.0, 100.0]))).check.passed
    g = np.random.default_rng(1).standard_normal(p.n)
    view = gradient_view(p, g)
    assert view.gradient_check.passed and view.hessian_check.passed, view
    assert all(form.check.passed for form in closed_forms(p, k).forms)
    assert all(case.check.passed for case in cases_view(p).cases)


def test_dropped_term_fails_on_random_draws_of_every_size():
    for m, n in [(1, 1), (1, 5), (5, 1), (3, 4), (8, 8)]:
        for seed in range(20):
            p = random_problem(m, n, seed=seed, dist="normal")
            for broken in ("drop_ab", "drop_ba"):
                assert not gradient_check(p, broken).passed, (m, n, seed, broken)


@pytest.mark.parametrize("scale", [1e-12, 1.0, 1e6])
def test_tolerance_is_tight_enough_to_catch_float32(scale):
    p = random_problem(6, 5, seed=3, dist="normal")
    p = Problem(p.W * scale, p.a, p.b)
    assert gradient_check(p).passed
    assert not gradient_check(p, "float32").passed
    # and it is a rounding-level tolerance: relative to the data, ~1e-13 at most
    tol = gradient_check_tolerance(p, column_steps(p))
    assert np.max(tol / magnitudes(p).G) < 1e-12


def test_numeric_jacobian_with_scaled_steps_is_rounding_close(rng):
    W = rng.standard_normal((4, 3)) * 1e5
    p = Problem(W, rng.standard_normal(4), rng.standard_normal(4))
    J = jacobian(p.W, p.a, p.b)
    diff = np.abs(numeric_jacobian(p) - J)
    assert np.max(diff) <= 1e-13 * np.max(np.abs(J)), np.max(diff)
    # each step is the power of two nearest max |w_j|, by its definition: h = 2^e with e an
    # integer (mantissa ½ in frexp), and max |w_j| / h within [2^-½, 2^½]
    h = column_steps(p)
    ratio = np.abs(W).max(axis=0) / h
    assert np.all(np.frexp(h)[0] == 0.5), h
    assert np.all((2**-0.5 <= ratio) & (ratio <= 2**0.5)), (h, ratio)
    # and by hand: max |w_j| = 3, 0 (no size to match: h = 1), 10⁻³ (2⁻¹⁰ ≈ 0.000977)
    q = Problem([[3.0, 0.0, -1e-3], [-1.0, 0.0, 5e-4]], [1.0, 1.0], [1.0, 1.0])
    assert column_steps(q).tolist() == [4.0, 1.0, 2.0**-10], column_steps(q)


def test_compare_reports_the_worst_share():
    c = compare([1.0, 2.0, 0.0], [1.0, 2.5, 0.0], [1.0, 1.0, 0.0])
    assert c.passed and c.worst == (1,) and c.share == 0.5 and c.error == 0.5
    assert not compare([0.0], [1e-300], 0.0).passed  # a zero tolerance admits exact only
    assert float(pair_tolerance(1, 1.0)) > 0


def test_flat_problem_sweep_has_no_curves_and_says_why():
    p = Problem([[2.0]], [1.0], [0.0])  # b = 0: f ≡ 0
    s = error_sweep(p, np.ones((1, 1)), np.logspace(-3, 0, 4))
    assert s.predicted == {} and s.optimum == {} and len(s.omitted) >= 3
    assert all(np.all(e == 0) for e in s.errors.values())


@given(accepted_problems(), st.sampled_from(list(MODELS)))
def test_batched_complex_step_equals_entry_by_entry(p, fn):
    p = as_model(p, fn)
    J = complex_step_jacobian(p)
    scale = dense(magnitudes(p).G, p.n)
    for i in range(p.m):
        for j in range(p.n):
            # the same numbers up to the order of rounding (each within γ_{m+4}·C̃[i, …, j])
            c = compare(J[..., i, j], complex_step_entry(p, i, j),
                        pair_tolerance(p.m + 4, scale[..., i, j]))
            assert c.passed, (fn, i, j, c)
            off = np.ones(p.n, bool)
            off[j] = False
            assert not J[..., off, i, j].any()  # only column j of F can move


def check_complex_step(p: Problem) -> None:
    """complex_step_jacobian against autograd and against the model's J, within tolerance."""
    J = complex_step_jacobian(p)
    with np.errstate(all="ignore"):  # e⁻ᵘ and cosh overflow at the corpus' huge numbers
        reference = ag_jacobian(lambda W: FORMULAS[p.fn](W, *p.arrays))(p.W)
    tol = pair_tolerance(p.m + 4, dense(magnitudes(p).G, p.n))
    assert J.shape == reference.shape == (*p.model.output_shape(p.n, p.p), p.m, p.n)
    model_J = p.model.jacobian(p.W, *p.arrays)
    c = compare(J, model_J, tol)
    assert c.passed, (p.fn, "the model's jacobian", c.summary(), c.worst)
    # autograd: the gate's σ written as 1/(1 + e⁻ᵘ) differs in its last bits, and an
    # overflowing e⁻ᵘ gives nan where σ = 0: a looser, relative check where it is finite
    finite = np.isfinite(reference)
    np.testing.assert_allclose(J[finite], reference[finite], rtol=1e-12,
                               atol=1e-12 * float(np.max(tol, initial=0.0)) / gamma(p.m + 4),
                               err_msg=f"complex step vs autograd ({p.fn})")


@pytest.mark.parametrize("name", list(FAMILY))
def test_complex_step_jacobian_matches_autograd_on_the_family_corpus(name):
    check_complex_step(FAMILY[name])


@pytest.mark.parametrize("fn", list(MODELS))
@pytest.mark.parametrize("m,n", [(1, 1), (1, 4), (4, 1), (3, 5)])
def test_complex_step_jacobian_matches_autograd_on_random_draws(fn, m, n):
    for seed in range(5):
        check_complex_step(random_problem(m, n, seed=seed, dist="normal", fn=fn, p=3))


@pytest.mark.parametrize("name", list(FAMILY))
def test_contraction_tolerance_covers_the_jvp_computed_two_ways(name):
    p = FAMILY[name]
    H = unit_direction((p.m, p.n), seed=4)
    tol = contraction_tolerance(p, H)
    assert tol.shape == p.model.output_shape(p.n, p.p)
    via_J = np.tensordot(complex_step_jacobian(p), H, axes=2)
    for name_, value in (("jvp", p.model.jvp(p.W, *p.arrays, H)),
                         ("line", p.model.line(p.W, *p.arrays, H).d1)):
        c = compare(value, via_J, tol)
        assert c.passed, (name, name_, c.summary())


@pytest.mark.parametrize("fn", list(MODELS))
def test_tolerances_still_catch_a_float32_jacobian(fn):
    p = random_problem(5, 4, seed=3, dist="normal", fn=fn, p=3)
    C32 = p.model.compact(p.W.astype(np.float32), *(x.astype(np.float32) for x in p.arrays))
    C = p.model.compact(p.W, *p.arrays)
    assert not compare(C32.astype(float), C, pair_tolerance(p.m + 4, magnitudes(p).G)).passed
    assert magnitudes(p).f.shape == p.model.output_shape(p.n, p.p)
    assert magnitudes(p).G.shape == C.shape

