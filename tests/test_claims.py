"""Claims that depend on the data, checked on the degenerate corpus against numpy.

Every sentence a page shows about "non-zero" slices, why a wrong answer cannot show, or how
many entries are 0 comes from :mod:`hadviz.facts` and :mod:`hadviz.reasons`. Here each is
compared with an independent computation on every corpus problem: the facts with plain
numpy on the problem's arrays, the reasons with the condition they name.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from hadviz import Problem, random_problem
from hadviz.checks import unit_direction
from hadviz.facts import facts, parallel
from hadviz.gradcheck import gradient_check
from hadviz.latex import chain
from hadviz.reasons import why_gradient_passes, why_matrix_reading_hidden, why_vec_order_hidden
from hadviz.symbolic import diff_shape
from hadviz.views.closed_forms import closed_forms
from hadviz.views.f import sizes_note
from hadviz.views.jacobian import jacobian_view
from hadviz.views.layouts import layouts_view
from hadviz.views.mistakes import mistakes_view
from tests.problems import CORPUS

NAMES = list(CORPUS)
WRONG = ("drop_ab", "drop_ba", "two_ab", "transpose", "float32")


def _reference_G(p: Problem) -> np.ndarray:
    # independent of hadviz: the definition (abᵀ + baᵀ)W, entry by entry
    m, n = p.W.shape
    S = [[p.a[i] * p.b[r] + p.b[i] * p.a[r] for r in range(m)] for i in range(m)]
    G = np.array([[sum(S[i][r] * p.W[r, k] for r in range(m)) for k in range(n)]
                  for i in range(m)])
    # an entry that is 0 in exact arithmetic may come out as rounding noise in this order of
    # summation: noise far below the size of its terms counts as the 0 it is
    A, B, Wa = np.abs(p.a), np.abs(p.b), np.abs(p.W)
    scale = np.outer(A, B @ Wa) + np.outer(B, A @ Wa)
    return np.where(np.abs(G) <= 1e-12 * scale, 0.0, G)


def _parallel(a: np.ndarray, b: np.ndarray) -> bool:
    # every 2 × 2 minor of [a b] vanishes, relative to |a||b| (scale-free, unlike matrix_rank)
    minors = np.outer(a, b) - np.outer(b, a)
    return bool(np.max(np.abs(minors)) <= 1e-12 * np.linalg.norm(a) * np.linalg.norm(b))


@pytest.mark.parametrize("name", NAMES)
def test_facts_agree_with_numpy(name):
    p = CORPUS[name]
    fx = facts(p)
    G = _reference_G(p)
    assert fx.a_zero == (not np.any(p.a)) and fx.b_zero == (not np.any(p.b))
    assert fx.W_zero == (not np.any(p.W))
    assert fx.parallel == (_parallel(p.a, p.b))
    assert fx.G_columns == tuple(k for k in range(p.n) if np.any(G[:, k]))
    assert fx.G_nonzeros == np.count_nonzero(G)


def test_parallel_allows_the_rounding_of_typed_decimals():
    a = np.array([1.0, 3.0, -7.0])
    assert parallel(a, a * 0.1) and parallel(a, np.array([0.1, 0.3, -0.7]))
    assert not parallel(a, a + np.array([0.0, 1e-9, 0.0]))


@pytest.mark.parametrize("name", NAMES)
def test_landing_and_jacobian_say_what_the_data_make_zero(name):
    p = CORPUS[name]
    G = _reference_G(p)
    note = sizes_note(p)
    if not np.any(G):
        assert "G = 0, so the whole J = 0" in note
    else:
        assert "G = 0" not in note
        nonzero = np.count_nonzero(G)
        assert (f"{nonzero} of the {G.size} entries" in note
                or (nonzero == G.size and ("every entry" in note or "G is not 0" in note)))
    sparsity = jacobian_view(p, 0, 0, 0).sparsity_note
    columns = [k for k in range(p.n) if np.any(G[:, k])]
    if not columns:
        assert "every slice is all 0" in sparsity
    elif len(columns) < p.n:
        assert f"{len(columns)} of the {p.n} slices" in sparsity
        assert ", ".join(str(k + 1) for k in columns) in sparsity
    assert "one non-zero column" not in sparsity and "are non-zero" not in sparsity


def test_slice_titles_never_claim_a_non_zero_the_data_deny():
    p = CORPUS["a=0"]
    view = jacobian_view(p, 1, 0, 1)
    titles = [view.slice_figure.layout.title.text, view.entry_figure.layout.title.text]
    assert not any("non-zero" in t for t in titles), titles


@pytest.mark.parametrize("broken", WRONG)
@pytest.mark.parametrize("name", NAMES)
def test_reason_names_a_cause_that_holds(name, broken):
    p = CORPUS[name]
    if not gradient_check(p, broken).passed:
        return
    why = why_gradient_passes(p, broken)
    G = _reference_G(p)
    a0, b0, W0 = not p.a.any(), not p.b.any(), not p.W.any()
    # every cause a reason names must be true of the problem
    claims = {
        r"^a = 0|^a = b = 0": a0,
        r"^b = 0": b0,
        r"^W = 0": W0,
        r"^m = 1": p.m == 1,
        r"W is 1 ×|× 1, so G": p.m == 1 or p.n == 1,
        r"a and b are parallel": _parallel(p.a, p.b),
        r"orthogonal to b, so Wᵀb = 0": not np.any(p.W.T @ p.b),
        r"orthogonal to a, so Wᵀa = 0": not np.any(p.W.T @ p.a),
        r"G is symmetric|symmetric for this problem": p.m == p.n and np.allclose(G, G.T),
        r"identical to G in float64": True,
    }
    for pattern, holds in claims.items():
        if re.search(pattern, why):
            assert holds, (name, broken, why)
    # and a dropped term is named zero only when it is
    if broken in ("drop_ab", "drop_ba") and "the dropped term" in why:
        x, y = (p.a, p.b) if broken == "drop_ab" else (p.b, p.a)
        assert not np.any(np.outer(x, p.W.T @ y)), why


def test_reasons_name_the_real_cause_in_the_issue_cases():
    a0 = CORPUS["a=0"]
    assert why_gradient_passes(a0, "drop_ab").startswith("a = 0")
    assert "b = 0 or" not in why_gradient_passes(a0, "drop_ab")
    assert why_gradient_passes(a0, "two_ab").startswith("a = 0")
    assert why_gradient_passes(CORPUS["b=0"], "drop_ba").startswith("b = 0")
    assert "parallel" in why_gradient_passes(CORPUS["b=-3a"], "two_ab")
    assert "b = −3·a" in why_gradient_passes(CORPUS["b=-3a"], "two_ab")
    H = unit_direction((2, 3), 0)
    for name in ("W=0", "a=0"):
        hidden = why_matrix_reading_hidden(CORPUS[name], H)
        assert "n = 1" not in hidden and "G = (abᵀ + baᵀ)W is 0 whenever" in hidden, hidden
        assert "m = 1 or n = 1" not in why_vec_order_hidden(CORPUS[name])


@pytest.mark.parametrize("name", NAMES)
def test_mistakes_page_explains_every_mistake_it_cannot_show(name):
    p = CORPUS[name]
    for mistake in mistakes_view(p).mistakes:
        if not mistake.caught:
            assert "Caught" not in mistake.verdict
            if p.m > 1 and p.n > 1:
                assert "n = 1" not in mistake.verdict and "m = 1" not in mistake.verdict
    if p.m > 1 and p.n > 1 and np.any(_reference_G(p)):
        assert mistakes_view(p).mistakes[3].caught  # row/column-major mix-up shows


def test_vec_jacobian_chain_continues_the_sum():
    # issue 18, defect 1: the second line rendered as "= + Diag(Wᵀa)(Iₙ⊗bᵀ)"
    formula = next(f.formula for f in closed_forms(random_problem(2, 3), 0).forms
                   if f.title == "The vec-Jacobian in closed form")
    assert r"&= \quad +" not in formula and "+ \\mathrm{Diag}(u)" in formula
    assert chain("x", "1", r"\quad + 2").count("&=") == 1


def test_layout_indices_count_from_one():
    rows = {x.name: x.index for x in layouts_view(random_problem(2, 3)).layouts}
    assert rows["vec-Jacobian, row-major vec"] == "Jr[k, (i − 1)·n + j]"
    assert all("j·m" not in i or "(j − 1)·m" in i for i in rows.values()), rows
    assert all(not i.endswith(", 0]") for i in rows.values()), rows


@pytest.mark.parametrize("m,n", [(1, 1), (1, 4), (4, 1), (2, 3), (3, 3)])
def test_sympy_shape_is_the_one_sympy_returns(m, n):
    from sympy import HadamardProduct, MatrixSymbol

    W, a, b = MatrixSymbol("W", m, n), MatrixSymbol("a", m, 1), MatrixSymbol("b", m, 1)
    returned = HadamardProduct(W.T * a, W.T * b).diff(W).as_explicit().shape
    assert diff_shape(m, n) == tuple(returned)
    note = layouts_view(random_problem(m, n)).sympy_note
    assert " × ".join(map(str, returned)) in note
