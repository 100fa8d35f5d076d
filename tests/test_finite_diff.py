"""Finite differences tested by their order: fitted log–log slopes, exactness, gradient checks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hadviz import jacobian, jvp, random_problem
from hadviz.finite_diff import (
    central_difference,
    complex_step,
    direction,
    error_sweep,
    fit_slope,
    forward_difference,
)
from hadviz.gradcheck import BROKEN_GRADIENTS, gradient_check, numeric_jacobian, taylor_test
from hadviz.views.gradient_check import check_view
from hadviz.views.lab import LabSettings, lab_view


@pytest.fixture(params=[(4, 5), (1, 3), (3, 1), (6, 6)], ids=lambda s: f"{s[0]}x{s[1]}")
def problem(request):
    m, n = request.param
    return random_problem(m, n, seed=11, dist="normal")


def sweep(problem, lo, hi, function="quadratic", precision="float64", per_decade=4):
    hs = np.logspace(lo, hi, (hi - lo) * per_decade + 1)
    return error_sweep(problem, direction(problem, seed=3), hs, function, precision)


def test_forward_truncation_branch_has_slope_one(problem):
    s = sweep(problem, -4, 0)
    slope = fit_slope(s.h, s.errors["forward"])
    assert slope == pytest.approx(1.0, abs=0.05), (slope, s.errors["forward"])
    # and it is exactly h·‖(Hᵀa)∘(Hᵀb)‖ there, as predicted
    np.testing.assert_allclose(s.errors["forward"], s.predicted["forward truncation"],
                               rtol=1e-6, err_msg="measured vs predicted forward truncation")


def test_forward_rounding_branch_has_slope_minus_one(problem):
    s = sweep(problem, -15, -11)
    slope = fit_slope(s.h, s.errors["forward"])
    assert slope == pytest.approx(-1.0, abs=0.3), (slope, s.errors["forward"])


def test_complex_step_is_at_rounding_for_every_h(problem):
    s = sweep(problem, -16, 0)
    rel = s.relative("complex")
    assert np.all(rel <= 1e-14), dict(zip(s.h, rel, strict=True))


def test_central_has_no_truncation_for_the_quadratic(problem):
    s = sweep(problem, -2, 0)
    rel = s.relative("central")
    assert np.all(rel <= 1e-13), dict(zip(s.h, rel, strict=True))


def test_tanh_central_has_slope_two(problem):
    s = sweep(problem, -3, -1, function="tanh")
    e = s.errors["central"]
    slope = fit_slope(s.h, e)
    assert slope == pytest.approx(2.0, abs=0.1), (slope, e)
    np.testing.assert_allclose(e, s.predicted["central truncation"], rtol=0.2,
                               err_msg="measured vs predicted central truncation (tanh)")


def test_tanh_optima_near_sqrt_eps_and_cube_root_eps():
    p = random_problem(4, 5, seed=2, dist="uniform")
    s = sweep(p, -16, 0, function="tanh", per_decade=8)
    for scheme, exponent in (("forward", 1 / 2), ("central", 1 / 3)):
        best = s.h[np.argmin(s.errors[scheme])]
        rough = s.eps**exponent
        assert rough / 100 < best < rough * 100, (scheme, best, rough)
        assert rough / 100 < s.optimum[scheme] < rough * 100, (scheme, s.optimum[scheme])


def test_float32_moves_the_optimum():
    p = random_problem(4, 5, seed=2, dist="uniform")
    s64 = sweep(p, -12, 0, precision="float64", per_decade=8)
    s32 = sweep(p, -12, 0, precision="float32", per_decade=8)
    assert s32.optimum["forward"] / s64.optimum["forward"] == pytest.approx(
        np.sqrt(np.finfo(np.float32).eps / np.finfo(np.float64).eps), rel=1e-6)
    best64 = s64.h[np.argmin(s64.errors["forward"])]
    best32 = s32.h[np.argmin(s32.errors["forward"])]
    assert best32 > 100 * best64, (best32, best64)


def test_schemes_agree_with_jvp(problem):
    H = direction(problem, seed=1)
    exact = jvp(problem.W, problem.a, problem.b, H)
    for scheme in (central_difference, complex_step):
        np.testing.assert_allclose(scheme(problem, H, 0.5), exact, rtol=1e-12, atol=1e-12,
                                   err_msg=scheme.__name__)
    np.testing.assert_allclose(forward_difference(problem, H, 1e-7), exact, rtol=1e-5,
                               atol=1e-6)


def test_entry_direction_is_unit_matrix():
    p = random_problem(3, 4)
    H = direction(p, "entry", i=2, j=1)
    assert H[2, 1] == 1 and H.sum() == 1
    with pytest.raises(ValueError, match="entry"):
        direction(p, "entry", i=3, j=0)
    assert np.linalg.norm(direction(p, "random", seed=5)) == pytest.approx(1.0)


def test_zero_errors_are_kept_not_dropped():
    # integer data: the complex step is exactly right, errors are exact zeros
    p = random_problem(2, 3, seed=0, dist="int")
    s = error_sweep(p, direction(p, "entry", i=0, j=0), [0.5, 1.0])
    assert np.all(s.errors["complex"] == 0)
    fig = lab_view(p, LabSettings(direction="entry", hmin=-2, hmax=0)).error_figure(
        ("forward", "central", "complex"))
    zero_traces = [t for t in fig.data if "exactly 0" in t.name]
    assert zero_traces and all(np.all(np.asarray(t.y) > 0) for t in zero_traces)


@given(st.integers(1, 6), st.integers(1, 6), st.integers(0, 10_000))
def test_numeric_jacobian_matches_analytic(m, n, seed):
    p = random_problem(m, n, seed=seed, dist="normal")
    J = jacobian(p.W, p.a, p.b)
    scale = 1 + np.abs(J).max()
    np.testing.assert_allclose(numeric_jacobian(p), J, rtol=0, atol=1e-10 * scale)
    assert gradient_check(p).passed


BROKEN_CASES = [
    (broken, m, n)
    for broken in BROKEN_GRADIENTS if broken != "none"
    for m, n in [(2, 3), (3, 2), (4, 4), (1, 5), (5, 1)]
    # a vector read in another shape is itself, and a 1 × 1 abᵀ is symmetric: those mistakes
    # are invisible (tested below)
    if not (broken == "transpose" and 1 in (m, n)) and not (broken == "two_ab" and m == 1)
]


@pytest.mark.parametrize("broken,m,n", BROKEN_CASES)
def test_every_broken_gradient_fails_naming_worst_entry(broken, m, n):
    p = random_problem(m, n, seed=4, dist="normal")
    result = gradient_check(p, broken)
    assert not result.passed, result
    k, i, j = result.worst
    assert 0 <= k < n and 0 <= i < m and 0 <= j < n
    J = jacobian(p.W, p.a, p.b)
    assert result.numeric == pytest.approx(J[k, i, j], abs=1e-9 * (1 + abs(J).max()))
    assert result.abs_error > result.tolerance


def test_two_ab_shortcut_is_right_exactly_when_ab_is_symmetric():
    p = random_problem(1, 4, seed=4, dist="normal")  # m = 1: abᵀ is a number
    assert gradient_check(p, "two_ab").passed
    assert "m = 1" in check_view(p, "two_ab").indistinguishable  # the cause that holds here
    a = np.array([1.0, -2.0, 0.5])
    q = random_problem(3, 4, seed=4, dist="normal")
    parallel = type(q)(q.W, a, 3.0 * a)  # b = 3a: abᵀ = 3aaᵀ is symmetric
    assert gradient_check(parallel, "two_ab").passed
    assert not gradient_check(q, "two_ab").passed


def test_transpose_mistake_is_invisible_for_vectors():
    p = random_problem(1, 4, seed=4, dist="normal")
    assert gradient_check(p, "transpose").passed
    assert check_view(p, "transpose").indistinguishable


@pytest.mark.parametrize("broken,slope", [("none", 2.0), ("drop_ab", 1.0), ("drop_ba", 1.0),
                                          ("transpose", 1.0), ("float32", 2.0)])
def test_taylor_slopes(broken, slope):
    p = random_problem(4, 3, seed=9, dist="normal")
    t = taylor_test(p, direction(p, seed=2), broken)
    assert t.slope == pytest.approx(slope, abs=0.1), (broken, t.slope, t.remainder)


def test_lab_view_validates_settings():
    p = random_problem(2, 2)
    with pytest.raises(ValueError, match="hmin < hmax"):
        lab_view(p, LabSettings(hmin=0, hmax=-3))
    with pytest.raises(ValueError, match="broken must be one of"):
        check_view(p, "evil")
