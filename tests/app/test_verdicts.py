"""Every verdict on screen is true: one regression test per defect found in review.

Each test opens the page a student would open, with the input that used to produce a false
or missing verdict, and reads what the page says.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from hadviz import Problem, random_problem
from hadviz.finite_diff import direction
from hadviz.latex import text_sci
from hadviz.models import HADAMARD
from hadviz.urlstate import HandData, ProblemSpec, problem_query
from hadviz.views.lab import LabSettings, lab_view

from .helpers import plotly_figures, run_app

LAB = "pages/finite-differences.py"
COLUMNS = "pages/columns.py"


def typed(W, a, b) -> dict[str, str]:
    """URL parameters for hand-typed numbers."""
    W = np.atleast_2d(np.asarray(W, dtype=float))
    data = HandData.from_problem(Problem(W, a, b))
    query, shareable = problem_query(ProblemSpec(W.shape[0], W.shape[1], 0, "int", data))
    assert shareable
    return query


def scaled(scale: float, m: int = 3, n: int = 4, seed: int = 7) -> dict[str, str]:
    """A normal draw with W rescaled so that its largest entry is ``scale``."""
    p = random_problem(m, n, seed=seed, dist="normal")
    return typed(p.W * (scale / np.abs(p.W).max()), p.a, p.b)


def names(at, key: str) -> list[str]:
    return [t["name"] for t in plotly_figures(at)[key]["data"]]


# 1. the lab is drawn when f has no curvature along H -----------------------------------------

@pytest.mark.parametrize("params", [
    {**typed([[2.0]], [1.0], [0.0])},  # b = 0: f ≡ 0
    {**typed([[1.0, 2.0]], [0.0], [1.0])},  # a = 0
    {**typed([[1.0, 2.0], [3.0, 1.0]], [1.0, 2.0], [0.0, 1.0]), "dir": "entry", "i": "1",
     "j": "1"},  # E_11 with a_1 b_1 = 0: no curvature along H
])
def test_lab_draws_flat_directions_and_names_missing_curves(params):
    at = run_app(LAB, **params)  # asserts no exception and no error box
    captions = " ".join(c.value for c in at.caption)
    assert "Not drawn for this problem" in captions
    assert "errors" in plotly_figures(at)


def test_saturated_tanh_is_measured_against_its_true_tiny_slope():
    # tanh(72) rounds to 1, but its slope sech²(72) ≈ 10⁻⁶² is not 0: the reference must
    # keep it (1 − tanh² would cancel to 0 and make the flat differences look exact)
    p = Problem([[3.0, 3.0], [3.0, 3.0]], [2.0, 2.0], [1.0, 1.0], fn="tanh")
    view = lab_view(p, LabSettings())
    assert "saturated in every component" in view.explanation
    H = direction(p, "random", seed=0)
    slope = np.cosh(72.0) ** -2 * HADAMARD.jvp(p.W, p.a, p.b, H)
    assert np.all(slope != 0)
    np.testing.assert_allclose(view.sweep.errors["central"], np.linalg.norm(slope), rtol=1e-12)


def test_flat_direction_is_explained_truthfully():
    at = run_app(LAB, **typed([[1.0, 2.0], [3.0, 1.0]], [1.0, 2.0], [0.0, 1.0]), dir="entry",
                 i="1", j="1")
    text = " ".join(str(m.value) for m in at.markdown)
    assert "no curvature along H" in text and "only falls as h grows" in text
    assert not any("forward truncation" in n for n in names(at, "errors"))


# 2. the gradient check scales with the data --------------------------------------------------

@pytest.mark.parametrize("scale", [1e-12, 1e-6, 1e5, 1e6])
def test_true_gradient_passes_at_every_scale(scale):
    at = run_app(LAB, **scaled(scale))
    assert not at.warning, [w.value for w in at.warning]  # the typed numbers were taken
    assert "PASS" in at.success[0].value, at.success[0].value


@pytest.mark.parametrize("scale", [1e-12, 1e6])
def test_dropped_term_fails_at_every_scale(scale):
    at = run_app(LAB, **scaled(scale), wrong="drop_ab", clean=False)
    assert not at.exception and not at.warning
    assert len(at.error) == 1 and "FAIL" in at.error[0].value


# 3. the Hessian check on the columns page scales with the data -------------------------------

@pytest.mark.parametrize("scale", [1e-12, 1e6])
def test_hessian_and_gradient_checks_pass_at_large_and_small_scale(scale):
    at = run_app(COLUMNS, **scaled(scale))
    assert not at.warning, [w.value for w in at.warning]
    marks = [c.value[0] for c in at.caption if c.value[:1] in "✓✗"]
    assert marks and set(marks) == {"✓"}, [c.value for c in at.caption]


# 4. central differences have a best step, and the page says so -------------------------------

def test_central_rounding_curve_and_optimum_are_predicted():
    at = run_app(LAB, m="3", n="4", seed="2", dist="normal", hmin="-16", hmax="2")
    traces = names(at, "errors")
    assert any(n.startswith("predicted central optimum") for n in traces), traces
    assert any("h‖(Hᵀa)∘(Hᵀb)‖)" in n and "rounding" in n for n in traces), traces
    text = " ".join(str(m.value) for m in at.markdown)
    assert "as good as any" not in text and "larger steps are not better" in text


# 5. SymPy: the row spelling fails, the column spelling works ---------------------------------

def test_symbolic_page_shows_both_spellings():
    at = run_app("pages/symbolic.py", m="2", n="3", seed="1", dist="normal")
    codes = [c.value for c in at.code]
    assert any("HadamardProduct(a.T*W, b.T*W)" in c and "ValueError" in c for c in codes)
    assert any("HadamardProduct(W.T*a, W.T*b)" in c for c in codes)
    text = " ".join(str(m.value) for m in at.markdown)
    assert "on this very function" not in text and "(2, 3, 3, 1)" in text
    assert any(c.value.startswith("✓ Made explicit") for c in at.caption)


# 6. the remainder of the linear approximation is absolute and grows like ‖H‖² ----------------

def test_columns_remainder_is_absolute_with_slope_two():
    p = random_problem(2, 3, seed=3, dist="normal")
    at = run_app(COLUMNS, m="2", n="3", seed="3", dist="normal", scale="2.0")
    H = 2.0 * np.random.default_rng(3).standard_normal((2, 3))
    H *= 2.0 / np.linalg.norm(H)
    remainder = np.linalg.norm((H.T @ p.a) * (H.T @ p.b))
    captions = " ".join(c.value for c in at.caption)
    assert text_sci(remainder, 4) in captions, (remainder, captions)
    slope = next(c.value for c in at.caption if "log–log slope" in c.value)
    assert "slope 2.00" in slope, slope
    assert "remainder" in plotly_figures(at)


# 7. the vec-Jacobian's blocks are the transposes of the columns ------------------------------

def test_columns_caption_names_the_transposed_blocks():
    at = run_app(COLUMNS)
    captions = " ".join(c.value for c in at.caption)
    assert "transposes of these m × 1 columns (1 × m rows)" in captions


# 8. a zero exact value is judged by the absolute tolerance, and the page says so -------------

def test_zero_worst_entry_is_judged_by_the_absolute_tolerance():
    at = run_app(LAB, **typed([[0.0, 0.0]], [1.0], [1.0]))
    assert "PASS" in at.success[0].value
    text = next(c.value for c in at.caption if c.value.startswith("How: "))
    assert "judged by the absolute tolerance" in text
    assert not re.search(r"relative error \d", text), text


# 9. advice for an invisible mix-up is true for the case at hand ------------------------------

@pytest.mark.parametrize("m,n", [(1, 4), (4, 1), (1, 1)])
def test_transpose_advice_for_vectors_is_not_try_a_larger_size(m, n):
    at = run_app(LAB, m=str(m), n=str(n), seed="4", dist="normal", wrong="transpose")
    advice = " ".join(i.value for i in at.info)
    assert "at any size" in advice and "larger size" not in advice, advice


def test_transpose_advice_for_symmetric_g():
    # W = I with a = b makes G = 2aaᵀ symmetric
    at = run_app(LAB, **typed(np.eye(3), [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]), wrong="transpose")
    advice = " ".join(i.value for i in at.info)
    assert "symmetric" in advice and "larger size" not in advice, advice
