"""Finite differences tested by their order: fitted log–log slopes, exactness, gradient checks.

Every scheme runs on the problem's model; the exact directional derivative is checked against
HIPS autograd applied to each model's plain formula (written here, independently of hadviz),
and the fitted slopes against the order of each scheme: forward 1, central 2 for the models
that are not quadratic (tanh, the gate), central exact for the quadratic ones.
"""

from __future__ import annotations

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import jacobian as ag_jacobian
from hypothesis import given
from hypothesis import strategies as st

from hadviz import Problem, jacobian, random_problem
from hadviz.finite_diff import (
    central_difference,
    complex_step,
    direction,
    error_sweep,
    fit_slope,
    forward_difference,
)
from hadviz.gradcheck import BROKEN_GRADIENTS, gradient_check, numeric_jacobian, taylor_test
from hadviz.models import MODELS
from hadviz.views.gradient_check import check_view
from hadviz.views.lab import LabSettings, lab_view

#: Each model's formula in autograd's numpy, written from the issue's definitions.
FORMULAS = {
    "hadamard": lambda W, a, b: (W.T @ a) * (W.T @ b),
    "tanh": lambda W, a, b: anp.tanh((W.T @ a) * (W.T @ b)),
    "gated": lambda W, a, b: (W.T @ b) / (1.0 + anp.exp(-(W.T @ a))),
    "matrix": lambda W, A, B: (A.T @ W) * (B.T @ W),
}
QUADRATIC = [fn for fn in MODELS if MODELS[fn].quadratic]
CURVED = [fn for fn in MODELS if not MODELS[fn].quadratic]


def autograd_jvp(p: Problem, H) -> np.ndarray:
    """DF(W)[H] from autograd's Jacobian of the plain formula, contracted with H."""
    J = ag_jacobian(lambda W: FORMULAS[p.fn](W, *p.arrays))(p.W)
    return np.tensordot(J, H, axes=2)


def test_every_model_has_a_reference_formula():
    assert set(FORMULAS) == set(MODELS)


@pytest.fixture(params=[(4, 5), (1, 3), (3, 1), (6, 6)], ids=lambda s: f"{s[0]}x{s[1]}")
def problem(request):
    m, n = request.param
    return random_problem(m, n, seed=11, dist="normal")


def on(problem: Problem, fn: str, p: int = 3) -> Problem:
    """The same numbers under model ``fn`` (a and b as p = 1 columns, or p draws of them)."""
    if fn != "matrix":
        return Problem(problem.W, problem.a, problem.b, fn=fn)
    return random_problem(problem.m, problem.n, seed=11, dist="normal", fn="matrix", p=p)


def sweep(problem, lo, hi, precision="float64", per_decade=4):
    hs = np.logspace(lo, hi, (hi - lo) * per_decade + 1)
    return error_sweep(problem, direction(problem, seed=3), hs, precision)


@pytest.mark.parametrize("fn", list(MODELS))
def test_forward_truncation_branch_has_slope_one(problem, fn):
    s = sweep(on(problem, fn), -4, -1)
    slope = fit_slope(s.h, s.errors["forward"])
    assert slope == pytest.approx(1.0, abs=0.05), (fn, slope, s.errors["forward"])
    # and it is h‖F″‖/2 there, as predicted (exactly so for a quadratic)
    np.testing.assert_allclose(s.errors["forward"], s.predicted["forward truncation"],
                               rtol=1e-6 if fn in QUADRATIC else 0.05,
                               err_msg=f"measured vs predicted forward truncation ({fn})")


@pytest.mark.parametrize("fn", list(MODELS))
def test_forward_rounding_branch_has_slope_minus_one(problem, fn):
    s = sweep(on(problem, fn), -15, -11)
    slope = fit_slope(s.h, s.errors["forward"])
    assert slope == pytest.approx(-1.0, abs=0.3), (fn, slope, s.errors["forward"])


@pytest.mark.parametrize("fn", QUADRATIC)
def test_complex_step_is_at_rounding_for_every_h(problem, fn):
    s = sweep(on(problem, fn), -16, 0)
    rel = s.relative("complex")
    assert np.all(rel <= 1e-14), (fn, dict(zip(s.h, rel, strict=True)))


@pytest.mark.parametrize("fn", QUADRATIC)
def test_central_has_no_truncation_for_a_quadratic(problem, fn):
    s = sweep(on(problem, fn), -2, 0)
    rel = s.relative("central")
    assert np.all(rel <= 1e-13), (fn, dict(zip(s.h, rel, strict=True)))
    assert "central truncation" not in s.predicted


@pytest.mark.parametrize("fn", CURVED)
def test_central_has_slope_two_where_not_quadratic(problem, fn):
    s = sweep(on(problem, fn), -3, -1)
    e = s.errors["central"]
    slope = fit_slope(s.h, e)
    assert slope == pytest.approx(2.0, abs=0.1), (fn, slope, e)
    np.testing.assert_allclose(e, s.predicted["central truncation"], rtol=0.2,
                               err_msg=f"measured vs predicted central truncation ({fn})")
    # the complex step has truncation of order h² too, far below rounding at h ≤ 10⁻⁸
    assert np.all(sweep(on(problem, fn), -16, -8).relative("complex") <= 1e-14)


@pytest.mark.parametrize("fn", CURVED)
def test_optima_near_sqrt_eps_and_cube_root_eps(fn):
    p = random_problem(4, 5, seed=2, dist="uniform", fn=fn)
    s = sweep(p, -16, 0, per_decade=8)
    for scheme, exponent in (("forward", 1 / 2), ("central", 1 / 3)):
        best = s.h[np.argmin(s.errors[scheme])]
        rough = s.eps**exponent
        assert rough / 100 < best < rough * 100, (fn, scheme, best, rough)
        assert rough / 100 < s.optimum[scheme] < rough * 100, (fn, scheme, s.optimum[scheme])


@pytest.mark.parametrize("fn", QUADRATIC)
def test_float32_moves_the_optimum(fn):
    p = random_problem(4, 5, seed=2, dist="uniform", fn=fn, p=3)
    s64 = sweep(p, -12, 0, precision="float64", per_decade=8)
    s32 = sweep(p, -12, 0, precision="float32", per_decade=8)
    assert s32.optimum["forward"] / s64.optimum["forward"] == pytest.approx(
        np.sqrt(np.finfo(np.float32).eps / np.finfo(np.float64).eps), rel=1e-6)
    best64 = s64.h[np.argmin(s64.errors["forward"])]
    best32 = s32.h[np.argmin(s32.errors["forward"])]
    assert best32 > 100 * best64, (best32, best64)


@pytest.mark.parametrize("fn", list(MODELS))
def test_schemes_and_exact_value_agree_with_autograd(problem, fn):
    p = on(problem, fn)
    H = direction(p, seed=1)
    exact = autograd_jvp(p, H)
    assert exact.shape == p.model.output_shape(p.n, p.p)
    line = p.model.line(p.W, *p.arrays, H)
    np.testing.assert_allclose(line.d1, exact, rtol=1e-12, atol=1e-14,
                               err_msg=f"the sweep's exact value vs autograd ({fn})")
    np.testing.assert_allclose(complex_step(p, H, 1e-20), exact, rtol=1e-12, atol=1e-14,
                               err_msg=f"complex step vs autograd ({fn})")
    # central: exact at any h for a quadratic, O(h²) otherwise
    h = 0.5 if fn in QUADRATIC else 1e-5
    np.testing.assert_allclose(central_difference(p, H, h), exact, rtol=1e-9, atol=1e-9,
                               err_msg=f"central vs autograd ({fn})")
    np.testing.assert_allclose(forward_difference(p, H, 1e-7), exact, rtol=1e-5, atol=1e-6,
                               err_msg=f"forward vs autograd ({fn})")


@pytest.mark.parametrize("fn", list(MODELS))
def test_float32_schemes_are_computed_in_float32(fn):
    p = on(random_problem(3, 4, seed=5, dist="normal"), fn)
    H = direction(p, seed=2)
    exact = autograd_jvp(p, H)
    off = np.abs(central_difference(p, H, 1e-2, "float32") - exact).max() / np.abs(exact).max()
    assert 1e-9 < off < 1e-3, (fn, off)  # a float32 error: far above float64's, still close


def test_matrix_model_with_p_1_sweeps_like_the_question():
    q = random_problem(3, 4, seed=2, dist="normal")
    m = Problem(q.W, q.a[:, None], q.b[:, None], fn="matrix")
    H = direction(q, seed=3)
    hs = np.logspace(-8, 0, 9)
    s, t = error_sweep(q, H, hs), error_sweep(m, H, hs)
    for scheme in s.errors:
        np.testing.assert_allclose(t.errors[scheme], s.errors[scheme], rtol=1e-12, atol=1e-30,
                                   err_msg=scheme)
    assert t.norms == pytest.approx(s.norms, rel=1e-14)


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
