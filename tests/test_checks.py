"""The lab and every check over random problems: no exception, true gradients pass, wrong fail.

Problems are drawn the way the app accepts them: random draws and typed numbers at every
allowed magnitude (0 or 1e-60 … 1e6, W, a and b each at its own scale), zero vectors,
shapes from 1 × 1 to 6 × 6, one-entry and random directions, f and tanh(f).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hadviz import Problem, jacobian, jacobian_compact, random_problem
from hadviz.checks import (
    compare,
    complex_step_entry,
    complex_step_jacobian,
    magnitudes,
    pair_tolerance,
)
from hadviz.finite_diff import error_sweep
from hadviz.gradcheck import (
    broken_compact,
    column_steps,
    gradient_check,
    gradient_check_tolerance,
    numeric_jacobian,
)
from hadviz.views.cases import cases_view
from hadviz.views.closed_forms import closed_forms
from hadviz.views.columns import column_view, expansion_view, gradient_view
from hadviz.views.derivation import diag_trick_steps
from hadviz.views.gradient_check import check_view
from hadviz.views.lab import LabSettings, lab_view

from .strategies import accepted_problems


@given(accepted_problems(), st.sampled_from(["quadratic", "tanh"]),
       st.sampled_from(["float64", "float32"]), st.sampled_from(["random", "entry"]),
       st.data())
def test_lab_never_fails_and_its_verdicts_hold(p, function, precision, kind, data):
    i, j = data.draw(st.integers(0, p.m - 1)), data.draw(st.integers(0, p.n - 1))
    view = lab_view(p, LabSettings(function=function, precision=precision, direction=kind,
                                   i=i, j=j, hmin=-8, hmax=2, points_per_decade=1))
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
    assert all(s.verified for s in diag_trick_steps(p, k, i, k))
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


@given(accepted_problems())
def test_batched_complex_step_equals_entry_by_entry(p):
    J = complex_step_jacobian(p)
    G = magnitudes(p).G
    for i in range(p.m):
        for j in range(p.n):
            # the same numbers up to the order of rounding (each within γ_{m+4}·G̃[i, j])
            c = compare(J[:, i, j], complex_step_entry(p, i, j), pair_tolerance(p.m + 4, G[i, j]))
            assert c.passed, (i, j, c)
            assert np.count_nonzero(J[:, i, j]) <= 1  # only component j can move

