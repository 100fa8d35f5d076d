"""Every sentence of the columns page, checked against numpy on the degenerate corpus.

The notes under the expansion, the remainder plot and the Hessian check are built from the
problem's numbers; each claim is compared with an independent computation (Ĥ drawn as the
page draws it, (Ĥᵀa)∘(Ĥᵀb) and the step from their definitions), for every corpus problem and
size of H, then one regression test per reported defect.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from hadviz import Problem
from hadviz.linear_map import orthogonal_reason
from hadviz.views.columns import expansion_view, upstream_view
from tests.app.test_corpus import style_slips
from tests.problems import CORPUS

NAMES = list(CORPUS)
SCALES = (0.0, 1e-3, 1.0, 100.0)


def unit(p: Problem, seed: int = 0) -> np.ndarray:
    """The page's direction Ĥ: a seeded standard-normal matrix of unit Frobenius norm."""
    H = np.random.default_rng(seed).standard_normal((p.m, p.n))
    return H / np.linalg.norm(H)


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("name", NAMES)
def test_expansion_sentences_hold(name, scale):
    p = CORPUS[name]
    view = expansion_view(p, scale, 0)
    Hh = unit(p)
    curvature = (Hh.T @ p.a) * (Hh.T @ p.b)
    note, slope = view.remainder_note, view.slope_note
    # Ĥ = H/‖H‖ is named only when H has a direction
    assert ("Ĥ = H/‖H‖" in note) == (scale > 0), note
    assert ("there is no direction" in note) == (scale == 0), note
    if scale == 0:
        assert view.remainder == 0 and not view.H.any()
    if "(Ĥᵀa)∘(Ĥᵀb) = 0" in slope or "f is linear along H" in note:
        assert not curvature.any(), curvature
    if "log–log slope" in slope:
        assert curvature.any() and "slope 2.0" in slope, slope
    if m := re.search(r"\(([^)]*orthogonal[^)]*)\)", slope):
        check_orthogonal(m.group(1), p, Hh)
    assert not style_slips([note, slope], [])


def check_orthogonal(reason: str, p: Problem, Hh: np.ndarray) -> None:
    """Each column the reason names is orthogonal to the vector it names."""
    for cols, vector in re.findall(r"columns? ([\d, ]+) of Ĥ (?:is|are) orthogonal to ([ab])",
                                   reason):
        v = p.a if vector == "a" else p.b
        for k in (int(c) - 1 for c in cols.split(", ")):
            assert Hh[:, k] @ v == 0, (reason, k, Hh[:, k] @ v)


@pytest.mark.parametrize("name", NAMES)
def test_hessian_sentence_holds(name):
    p = CORPUS[name]
    view = upstream_view(p, "ones", 0, 0)
    w1 = np.abs(p.W[:, 0]).max()
    expected = 2.0 ** np.round(np.log2(w1)) if w1 > 0 else 1.0
    assert view.hessian_step == expected
    note = view.hessian_note
    assert ("column 1 of W is 0" in note) == (w1 == 0), note
    assert ("2 to the power round(log₂ max |w₁|)" in note) == (w1 > 0), note
    assert ("give the same block S" in note) == view.hessian_check.passed
    assert not style_slips([note], [])


# regressions: one per defect reported against the page -----------------------------------------

def test_a_zero_first_column_gets_h_one_and_says_why():
    p = Problem([[0.0, 1.0], [0.0, -2.0]], [1.0, 2.0], [-1.0, 3.0])
    note = upstream_view(p, "ones", 0, 0).hessian_note
    assert "step h = 1 (column 1 of W is 0, so there is no size to match" in note
    assert "nearest max |w₁|" not in note
    assert "no truncation error at any step" in note


def test_zero_size_has_no_direction():
    view = expansion_view(CORPUS["generic"], 0.0, 0)
    assert "Ĥ = H/‖H‖" not in view.remainder_note
    assert "H = 0 here (size 0): there is no direction" in view.remainder_note
    assert "is 0." in view.remainder_note and view.remainder == 0


def test_orthogonality_is_named_column_by_column_from_the_data():
    p = Problem(np.ones((2, 3)), [1.0, 1.0], [1.0, -1.0])
    Hh = np.array([[1.0, 2.0, 1.0], [-1.0, 2.0, 1.0]])  # column 1 ⟂ a; columns 2, 3 ⟂ b
    reason = orthogonal_reason(p, Hh)
    assert reason == ("column 1 of Ĥ is orthogonal to a; columns 2, 3 of Ĥ are orthogonal to b")
    check_orthogonal(reason, p, Hh)
    assert orthogonal_reason(CORPUS["b=0"], unit(CORPUS["b=0"])) == "b = 0"


def test_step_in_running_text_is_never_e_notation():
    note = upstream_view(CORPUS["tiny"], "ones", 0, 0).hessian_note
    assert "h = 2⁻¹⁹⁸" in note and "e-" not in note
