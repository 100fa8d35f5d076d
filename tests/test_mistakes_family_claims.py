"""The mistakes page on every model of the family: its verdicts against independent facts.

For each problem of the family's degenerate corpus, a shared mistake is said to be caught
wherever autograd's Jacobian of the plain formula (:data:`tests.test_models.FORMULAS`) says it
must show, a mistake the check cannot catch never reads "Caught", and the lines for mistakes
that do not apply are the model's own.
"""

from __future__ import annotations

import numpy as np
import pytest
from autograd import jacobian as ag_jacobian

from hadviz.latex import bmatrix
from hadviz.views.mistakes import mistakes_view
from tests.app.test_corpus import style_slips
from tests.problems import family_corpus

from .test_models import FORMULAS

FAMILY = family_corpus()
NAMES = list(FAMILY)


def reference_compact(p) -> np.ndarray:
    """The compact Jacobian C[i, (r,) k] from autograd's dense Jacobian of the plain formula."""
    J = ag_jacobian(lambda W: FORMULAS[p.fn](W, *p.arrays))(p.W)
    k = np.arange(p.n)
    blocks = J[..., k, :, k]  # (n, …, m): J[(r,) k, i, k]
    return np.moveaxis(blocks, -1, 0).swapaxes(-1, -2) if p.model.rows else blocks.T


@pytest.mark.parametrize("name", NAMES)
def test_every_verdict_holds(name):
    p = FAMILY[name]
    view = mistakes_view(p, 0)
    own = [w for w in p.model.mistakes().values() if w.page]
    titles = [m.title for m in view.mistakes]
    assert titles[:len(own)] == [w.title for w in own]
    assert len(titles) == len(own) + 4
    C = reference_compact(p)
    significant = np.abs(C) > 1e-6 * np.max(np.abs(C), initial=0.0)
    outputs = p.n * (p.p if p.model.rows else 1)
    flat = p.model.saturated(p.W, *p.arrays) == outputs  # every output rounds to ±1
    if flat:
        # the first cause is named: a compact form that is exactly 0, or the flat outputs
        assert all("flat to machine precision" in m.verdict or " is 0" in m.verdict
                   for m in view.mistakes[len(own):] if not m.caught)
        significant = np.zeros_like(significant)
    by_title = dict(zip(titles, view.mistakes, strict=True))
    for mistake in view.mistakes:
        assert mistake.verdict.startswith("Caught") == mistake.caught, mistake
        if not mistake.caught and p.m > 1 and p.n > 1:
            assert "n = 1" not in mistake.verdict and "m = 1" not in mistake.verdict
    vec = by_title["Row-major against column-major vec"]
    if p.m > 1 and p.n > 1 and significant.any():
        assert vec.caught, vec.verdict
    one = view.mistakes[len(own) + 2]
    spread = np.abs(C - C[..., :1]).max(initial=0.0)
    if p.n > 1 and not flat and spread > 1e-6 * np.max(np.abs(C), initial=0.0):
        assert one.caught, one.verdict
    if p.n == 1:
        assert not one.caught and "one column" in one.verdict
    dropped = view.mistakes[-1]
    if significant.any():
        assert dropped.caught, dropped.verdict
    elif not C.any():
        assert not dropped.caught
    assert view.absent == p.model.mistakes_absent
    assert not style_slips([m.verdict for m in view.mistakes], [])


@pytest.mark.parametrize("name", ["tanh/generic", "gated/generic", "matrix/generic",
                                  "matrix/p=1", "hadamard/generic"])
def test_the_right_side_shows_the_model_s_own_jacobian(name):
    p = FAMILY[name]
    C = reference_compact(p)
    for mistake in mistakes_view(p, 0).mistakes[:len([w for w in p.model.mistakes().values()
                                                      if w.page])]:
        if p.model.rows:
            assert any(bmatrix(C[..., k], limit=5) in mistake.right for k in range(p.n))
        else:
            assert bmatrix(C, limit=5) in mistake.right, (mistake.right, C)


@pytest.mark.parametrize("name", NAMES)
def test_the_advice_to_change_an_array_is_true(name, rng):
    """"Change W to see it" or "Change a to see it": with that array drawn anew (and W too,
    for a parameter), autograd's blocks of the columns are no longer all equal."""
    p = FAMILY[name]
    for mistake in mistakes_view(p, 0).mistakes:
        verdict = mistake.verdict
        if "to see it." not in verdict or "Change " not in verdict:
            continue
        names = verdict.rsplit("Change ", 1)[1].split(" to see it")[0].split(" or ")
        for changed in names:
            if changed not in ("W", *p.params):
                continue  # the other mistakes' advice ("Make n at least 2", …)
            q = p.replace(W=rng.standard_normal(p.W.shape))
            if changed != "W":
                q = q.replace(**{changed: rng.standard_normal(p.params[changed].shape)})
            C = reference_compact(q)
            assert not np.allclose(C, C[..., :1]), (name, mistake.title, verdict)


@pytest.mark.parametrize("name", [k for k in NAMES if k.startswith("matrix/")])
def test_the_matrix_shortcut_is_excused_only_by_symmetric_outer_products(name):
    from hadviz.reasons import why_gradient_passes

    p = FAMILY[name]
    reason = why_gradient_passes(p, "two_AB")
    outer = [np.outer(p.A[:, r], p.B[:, r]) for r in range(p.p)]
    symmetric = all(np.allclose(X, X.T, rtol=1e-12, atol=0.0) for X in outer)
    if "parallel" in reason:
        assert symmetric, (name, reason)
    if name == "matrix/B=2A":  # the corpus's parallel case is named as such
        assert "is parallel to the matching column" in reason, reason
