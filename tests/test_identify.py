"""The answer checker names every layout of every formula as itself, for every model.

For each problem (random draws at shapes with m = 1, n = 1, p = 1, and the family's degenerate
corpus), every formula hadviz knows (right and wrong) is laid out in every layout; the
verdict on that array must name it: the pair is among the exact matches, and the status is
"right", "mistake" or, exactly when a right and a wrong formula give the same numbers on the
problem, "ambiguous". The layouts are checked against independent index formulas written out
here, and the verdicts on float32, perturbed, reshaped and mis-laid-out answers are checked.
"""

from __future__ import annotations

import numpy as np
import pytest

from hadviz.answers import GRADIENT_WITHOUT_G, formulas, layouts, upstream
from hadviz.identify import candidates
from hadviz.problem import Problem, random_problem
from hadviz.verdict import judge, shown_problem
from tests.problems import CORPUS, family_corpus

SHAPES = [(1, 1), (1, 3), (3, 1), (2, 3)]
DRAWN = {f"{fn}/{m}x{n}" + (f"/p{p}" if fn == "matrix" else ""):
         random_problem(m, n, 7, "normal", fn=fn, p=p)
         for fn in ("hadamard", "tanh", "gated", "matrix")
         for m, n in SHAPES for p in ((1, 2) if fn == "matrix" else (1,))}
FAMILY = family_corpus()
DEGENERATE = {name: FAMILY[name] for name in (
    "a=0", "b=2a", "zero-column", "W=0", "1x1", "tiny", "huge", "matrix/A=0", "matrix/B=2A",
    "matrix/p=1", "gated/generic", "tanh/saturated") if name in FAMILY}
PROBLEMS = {**DRAWN, **DEGENERATE}


def _exact(problem: Problem, x: np.ndarray) -> set[tuple[str, str]]:
    return {(c.formula.key, c.layout.key)
            for c in candidates(problem, x, np.zeros(x.shape)) if c.exact}


def _is_right(formula: str, layout: str) -> bool:
    return formula == "right" and layout != GRADIENT_WITHOUT_G


@pytest.mark.parametrize("name", sorted(PROBLEMS))
def test_every_layout_of_every_formula_is_named_as_itself(name):
    """Right pairs are named right (ambiguous when a mistake gives the same numbers in the
    same layout); a mistake is named as a mistake, unless its numbers are right ones (in its
    own layout: ambiguous; in another layout: right, as for Gᵀ read transposed on a square
    problem)."""
    problem = PROBLEMS[name]
    for f in formulas(problem):
        C = f.compact(problem)
        for layout in layouts(problem):
            x = layout.arrange(C, problem)
            verdict = judge(problem, x, np.zeros(x.shape))
            exact = _exact(problem, x)
            where = f"{name}: {f.key} as {layout.key} → {verdict.status}: {verdict.headline}"
            assert (f.key, layout.key) in exact, where
            right_layouts = {lk for fk, lk in exact if _is_right(fk, lk)}
            if _is_right(f.key, layout.key):
                named = verdict.best.layout.key if verdict.best else ""
                clash = any(not _is_right(fk, lk) and lk == named for fk, lk in exact)
                assert verdict.status == ("ambiguous" if clash else "right"), where
            elif layout.key in right_layouts:
                assert verdict.status == "ambiguous", where
            elif right_layouts:
                assert verdict.status in ("right", "ambiguous"), where
            else:
                assert verdict.status == "mistake", where
                named = verdict.headline + " ".join(verdict.details)
                assert f.name in named or "the g left out" in named, where
            assert verdict.best is not None
            gap = np.abs(verdict.best.value.ravel() - x.ravel())
            assert np.all(gap <= verdict.best.tolerance.ravel()), where


def test_layouts_against_index_formulas():
    """J, D, the vec-Jacobians and the gradient from their definitions, entry by entry."""
    p = random_problem(2, 3, 1, "normal")
    G = p.model.compact(p.W, *p.arrays)
    m, n = G.shape
    J = np.zeros((n, m, n))
    for k in range(n):
        J[k, :, k] = G[:, k]
    col = np.zeros((n, m * n))
    row = np.zeros((n, m * n))
    for k in range(n):
        for i in range(m):
            col[k, i + k * m] = G[i, k]  # vec(W) stacks columns: W[i, j] at i + j·m
            row[k, i * n + k] = G[i, k]  # numpy's reshape: W[i, j] at i·n + j
    expected = {"J": J, "D": J.transpose(1, 2, 0), "vec-F": col, "vec-C": row, "den-F": col.T,
                "den-C": row.T, "compact": G, "compact-T": G.T,
                "grad": G @ np.diag(upstream(p)), "grad-T": (G @ np.diag(upstream(p))).T}
    got = {lay.key: lay.arrange(G, p) for lay in layouts(p)}
    for key, want in expected.items():
        np.testing.assert_allclose(got[key], want, rtol=0, atol=0, err_msg=key)


def test_matrix_vec_layouts_against_index_formulas():
    p = random_problem(2, 3, 1, "normal", fn="matrix", p=2)
    C = p.model.compact(p.W, *p.arrays)  # (m, p, n)
    m, q, n = C.shape
    Jcc = np.zeros((q * n, m * n))
    Jff = np.zeros((q * n, m * n))
    for r in range(q):
        for k in range(n):
            for i in range(m):
                Jff[r + k * q, i + k * m] = C[i, r, k]
                Jcc[r * n + k, i * n + k] = C[i, r, k]
    got = {lay.key: lay.arrange(C, p) for lay in layouts(p)}
    np.testing.assert_array_equal(got["vec-FF"], Jff)
    np.testing.assert_array_equal(got["vec-CC"], Jcc)
    np.testing.assert_array_equal(got["den-FF"], Jff.T)


def test_parallel_a_b_is_ambiguous_not_misnamed():
    p = CORPUS["b=2a"]
    fs = {f.key: f for f in formulas(p)}
    J = next(lay for lay in layouts(p) if lay.key == "J")
    for key in ("right", "two_ab"):
        x = J.arrange(fs[key].compact(p), p)
        verdict = judge(p, x, np.zeros(x.shape))
        assert verdict.status == "ambiguous"
        assert "2abᵀW" in " ".join(verdict.details)


def test_float32_answer_is_named_as_single_precision():
    p = random_problem(3, 4, 2, "normal")
    x = p.model.jacobian(p.W.astype(np.float32), *(a.astype(np.float32) for a in p.arrays))
    verdict = judge(p, x.astype(float), np.zeros(x.shape))
    assert verdict.status == "float32", verdict.headline
    assert "float32" in verdict.headline


def test_one_wrong_entry_is_unknown_with_the_closest_named():
    p = random_problem(2, 3, 2, "normal")
    x = p.model.jacobian(p.W, *p.arrays).copy()
    x[1, 0, 1] += 0.25
    verdict = judge(p, x, np.zeros(x.shape))
    assert verdict.status == "unknown"
    assert "17 of 18 entries agree" in verdict.headline
    assert "(2, 1, 2)" in verdict.headline


def test_typed_digits_set_the_allowance():
    p = random_problem(2, 3, 3, "normal")
    x = p.model.jacobian(p.W, *p.arrays)
    rounded = np.round(x, 3)
    assert judge(p, rounded, np.zeros(x.shape)).status == "unknown"
    assert judge(p, rounded, np.full(x.shape, 5e-4)).status == "right"


def test_shape_no_layout_has_says_the_shapes_and_the_count():
    p = random_problem(2, 3, 0, "int")
    x = np.zeros((2, 9))  # 18 numbers: J's count, not its shape
    verdict = judge(p, x, np.zeros(x.shape))
    assert verdict.status == "shape"
    assert "Your answer is 2 × 9" in verdict.headline
    assert "3 × 2 × 3" in verdict.details[0]
    assert "as many as J" in verdict.details[1]


@pytest.mark.parametrize(("intent", "pasted", "status", "words"), [
    ("vec-col", "vec-C", "other-layout", "row/column-major vec mix-up"),
    ("vec-row", "vec-F", "other-layout", "row/column-major vec mix-up"),
    ("J", "D", "other-layout", "arrangement differs"),
    ("gradient", "compact", "mistake", "The g is missing"),
    ("J", "compact", "mistake", "one m × n slice per output"),
    ("compact", "grad", "other-kind", "a contraction of J with g"),
    ("gradient", "J", "other-kind", "not its contraction with g"),
])
def test_intent_names_the_layout_mix_up(intent, pasted, status, words):
    p = random_problem(2, 3, 4, "normal")
    lay = next(x for x in layouts(p) if x.key == pasted)
    x = lay.arrange(p.model.compact(p.W, *p.arrays), p)
    verdict = judge(p, x, np.zeros(x.shape), intent)
    assert verdict.status == status, verdict.headline
    assert words in " ".join(verdict.details)
    assert judge(p, x, np.zeros(x.shape)).status == "right"


def test_square_problems_are_right_not_ambiguous():
    """Gᵀ read in W's shape and laid out transposed is G again: not a coincidence to report."""
    for seed in range(3):
        p = random_problem(3, 3, seed, "normal")
        G = p.model.compact(p.W, *p.arrays)
        verdict = judge(p, G, np.zeros(G.shape))
        assert verdict.status == "right", verdict.details


def test_j_and_its_j_k_swap_are_the_same_always_not_by_coincidence():
    p = random_problem(2, 3, 0, "normal")
    J = p.model.jacobian(p.W, *p.arrays)
    verdict = judge(p, J, np.zeros(J.shape))
    assert any(line.startswith("Always the same numbers as J with axes [j, i, k]")
               for line in verdict.details), verdict.details
    assert not any("coincidence" in line for line in verdict.details)


def test_a_mistake_is_ambiguous_only_in_the_same_layout():
    """At 1 × 1, baᵀW·Diag(g) equals G: a different layout, so no ambiguity is claimed."""
    p = Problem([[2.0]], [3.0], [5.0])
    verdict = judge(p, np.array([[60.0]]), np.zeros((1, 1)))
    assert verdict.status in ("right", "ambiguous")
    assert "baᵀW" not in " ".join(verdict.details)


def test_the_largest_gap_is_the_largest():
    p = random_problem(2, 3, 0, "normal")
    x = p.model.jacobian(p.W, *p.arrays).copy()
    x[0, 0, 0] += 1e-3
    x[2, 1, 2] += 7.0
    verdict = judge(p, x, np.zeros(x.shape))
    assert verdict.status == "unknown"
    assert "the largest gap is 7, at entry (3, 2, 3)" in verdict.headline


def test_an_answer_from_the_numbers_as_shown_is_said_to_be_so():
    p = random_problem(2, 3, 0, "normal")
    shown = shown_problem(p)
    assert shown is not None
    G = shown.model.compact(shown.W, *shown.arrays)
    verdict = judge(p, G, np.zeros(G.shape))
    assert verdict.status == "rounded", verdict.headline
    assert "as the page shows them" in verdict.headline


def test_an_integer_problem_is_shown_exactly():
    assert shown_problem(random_problem(3, 4, 0, "int")) is None


def test_squeezed_axes_are_set_aside_and_said():
    p = random_problem(2, 3, 0, "normal")
    D = p.model.jacobian(p.W, *p.arrays).transpose(1, 2, 0)[..., np.newaxis]  # SymPy's shape
    verdict = judge(p, D, np.zeros(D.shape))
    assert verdict.status == "right"
    assert "J input first" in verdict.headline
    assert any("axes of size 1" in line for line in verdict.details)


def test_the_gradient_with_g_left_out_is_named():
    p = random_problem(2, 3, 0, "int", fn="matrix", p=2)
    C = p.model.compact(p.W, *p.arrays)
    verdict = judge(p, C.sum(axis=1), np.zeros((2, 3)))
    assert verdict.status == "mistake" and "the g left out" in verdict.headline
    assert verdict.reference is not None and verdict.reference.layout.key == "grad"
