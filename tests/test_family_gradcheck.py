"""The gradient check, the Taylor test, the facts and the reasons on every model of the family.

Each verdict is compared with an independent computation: the Jacobian by HIPS autograd of
each model's own definition written here in autograd.numpy (not the model's code), the facts
with plain numpy on the problem's arrays, the Taylor slopes with their known orders.
"""

from __future__ import annotations

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import jacobian as ag_jacobian

from hadviz.broken import broken_compact, broken_gradients
from hadviz.facts import facts, why_G_zero
from hadviz.finite_diff import direction
from hadviz.gradcheck import entry_steps, gradient_check, gradient_check_tolerance, taylor_test
from hadviz.models import MODELS
from hadviz.problem import random_problem
from hadviz.reasons import why_gradient_passes

from .problems import family_corpus

FAMILY = family_corpus()


def _reference_f(fn: str, P: tuple[np.ndarray, ...]):
    """Each model's definition, from the issue's table, in autograd.numpy."""
    def sigma(x):  # 1/(1 + e⁻ˣ) without overflow at large |x|
        return 0.5 * (1.0 + anp.tanh(0.5 * x))

    if fn == "matrix":
        A, B = P
        return lambda W: anp.dot(A.T, W) * anp.dot(B.T, W)
    a, b = P
    return {
        "hadamard": lambda W: anp.dot(a, W) * anp.dot(b, W),
        "tanh": lambda W: anp.tanh(anp.dot(a, W) * anp.dot(b, W)),
        "gated": lambda W: sigma(anp.dot(a, W)) * anp.dot(b, W),
    }[fn]


@pytest.mark.parametrize("key", sorted(FAMILY))
def test_true_gradient_passes_and_numeric_side_matches_autograd(key):
    p = FAMILY[key]
    check = gradient_check(p)
    assert check.passed, (key, check)
    J = ag_jacobian(_reference_f(p.model.name, p.arrays))(p.W)
    assert J.shape == p.model.jacobian(p.W, *p.arrays).shape
    # the check's numbers at its worst entry are autograd's up to the check's own tolerance
    assert abs(check.numeric - J[check.worst]) <= check.tolerance + 1e-12 * np.abs(J).max(), (
        key, check.numeric, J[check.worst])


@pytest.mark.parametrize("key", sorted(FAMILY))
def test_each_wrong_gradient_fails_wherever_it_differs_beyond_tolerance(key):
    p = FAMILY[key]
    true = broken_compact(p, "none")
    tol = gradient_check_tolerance(p, entry_steps(p))
    for broken in broken_gradients(p.model):
        if broken == "none":
            continue
        result = gradient_check(p, broken)
        gap = np.abs(broken_compact(p, broken) - true)
        if np.any(gap > 2 * tol):
            assert not result.passed, (key, broken, result)
        else:
            assert result.passed, (key, broken, gap.max(), tol.max())
            why = why_gradient_passes(p, broken)
            assert why, (key, broken)


@pytest.mark.parametrize("fn", list(MODELS))
def test_model_mistakes_fail_on_random_draws(fn):
    for seed in range(5):
        p = random_problem(3, 4, seed=seed, dist="normal", fn=fn, p=3 if fn == "matrix" else 1)
        for broken in broken_gradients(p.model):
            verdict = gradient_check(p, broken).passed
            assert verdict == (broken == "none"), (fn, seed, broken)


@pytest.mark.parametrize("fn,broken,slope", [
    ("tanh", "none", 2.0), ("tanh", "drop_chain", 1.0), ("gated", "none", 2.0),
    ("gated", "drop_chain", 1.0), ("gated", "drop_gate", 1.0), ("matrix", "none", 2.0),
    ("matrix", "drop_BU", 1.0), ("matrix", "transpose", 1.0),
])
def test_taylor_slopes_per_model(fn, broken, slope):
    p = random_problem(4, 3, seed=9, dist="normal", fn=fn, p=3 if fn == "matrix" else 1)
    t = taylor_test(p, direction(p, seed=2), broken)
    assert t.slope == pytest.approx(slope, abs=0.15), (fn, broken, t.slope, t.remainder)


@pytest.mark.parametrize("key", sorted(FAMILY))
def test_facts_agree_with_numpy(key):
    p = FAMILY[key]
    fx = facts(p)
    first, second = p.arrays[:2]
    C = ag_jacobian(_reference_f(p.model.name, p.arrays))(p.W)  # output + (m, n)
    # column k of the compact form is the (r,) k, :, k part of the dense Jacobian
    blocks = np.stack([C[..., k, :, k] for k in range(p.n)], axis=-1)
    assert fx.a_zero == (not first.any()) and fx.b_zero == (not second.any())
    # autograd's tanh′ = 1 − tanh² is exactly 0 where tanh saturates; the model's sech² is not
    reference = set(np.flatnonzero(blocks.reshape(-1, p.n).any(axis=0)).tolist())
    assert reference <= set(fx.G_columns), (key, reference, fx.G_columns)
    if fx.G_zero:
        reason = why_G_zero(fx)
        assert reason, key
        for name, x in zip(fx.names, (first, second), strict=True):
            if reason.startswith(f"{name} = 0,"):
                assert not x.any(), (key, reason)
        if reason.startswith("W = 0"):
            assert not p.W.any()
    if p.model.rows and fx.parallel:
        for r in range(first.shape[1]):
            x, y = first[:, r], second[:, r]
            assert np.allclose(np.outer(x, y), np.outer(y, x), rtol=1e-12, atol=0), (key, r)
