"""The page views and figures carry exactly the core's numbers, and stay light at 64 × 64."""

from __future__ import annotations

import math

import numpy as np
import plotly.io as pio
import pytest

from hadviz import figures, jacobian, jacobian_compact, jacobian_vec, random_problem
from hadviz.latex import bmatrix, number
from hadviz.models import MODELS
from hadviz.problem import Problem
from hadviz.views.f import answer_lines, f_view, sizes_note
from hadviz.views.jacobian import jacobian_view, sparsity


def _reference_parts(p) -> dict[str, np.ndarray]:
    """Every part of the landing page, written out as loops over the definition (independent
    of the models' vectorised code)."""
    m, n = p.m, p.n
    if p.fn == "matrix":
        A, B = p.A, p.B
        U = np.array([[sum(A[i, r] * p.W[i, k] for i in range(m)) for k in range(n)]
                      for r in range(p.p)])
        V = np.array([[sum(B[i, r] * p.W[i, k] for i in range(m)) for k in range(n)]
                      for r in range(p.p)])
        return {"U": U, "V": V, "F": U * V}
    u = np.array([sum(p.a[i] * p.W[i, k] for i in range(m)) for k in range(n)])
    v = np.array([sum(p.b[i] * p.W[i, k] for i in range(m)) for k in range(n)])
    if p.fn == "tanh":
        f = u * v
        return {"u": u, "v": v, "f": f, "s": np.array([1 / math.cosh(x) ** 2 for x in f]),
                "F": np.array([math.tanh(x) for x in f])}
    if p.fn == "gated":
        s = np.array([1 / (1 + math.exp(-x)) for x in u])
        s1 = np.array([math.exp(-x) / (1 + math.exp(-x)) ** 2 for x in u])
        return {"u": u, "v": v, "σ(u)": s, "σ′(u)": s1, "f": s * v}
    return {"u": u, "v": v, "f": u * v}


@pytest.mark.parametrize("fn,p", [("hadamard", 1), ("tanh", 1), ("gated", 1), ("matrix", 3),
                                  ("matrix", 1)])
def test_f_view_shows_the_models_own_numbers(fn, p):
    q = random_problem(3, 4, seed=2, dist="int", fn=fn, p=p)
    v = f_view(q)
    ref = _reference_parts(q)
    assert [part.name for part in v.parts] == list(ref), [part.name for part in v.parts]
    for part in v.parts:
        # σ′ = σ(1 − σ) and sech² lose their relative accuracy where σ is near 1 (1 − σ
        # cancels): their error is a few units of rounding absolutely
        np.testing.assert_allclose(part.value, ref[part.name], rtol=1e-13, atol=4e-16,
                                   err_msg=f"{fn}: part {part.name}")
    np.testing.assert_array_equal(v.parts[-1].value, q.model.f(q.W, *q.arrays))
    assert q.model.title_text in v.title and (fn == "hadamard") == (v.relation == "")
    traces = {t.name: t for t in v.figure.data}
    np.testing.assert_array_equal(np.asarray(traces["W"].z), q.W)
    for name, x in q.params.items():  # a, b as columns; A and B (m × p) as blocks
        np.testing.assert_array_equal(np.asarray(traces[name].z).reshape(x.shape), x)
    for part in v.parts:  # u, v, f as one row each; U, V and F (p × n) as blocks
        z = np.asarray(traces[part.name].z)
        np.testing.assert_array_equal(z.reshape(part.value.shape), part.value)
    out = next(g for g in v.outputs if g.key == "f_table")
    table = out.values[:, -1] if not q.model.rows else out.values
    np.testing.assert_array_equal(table, q.model.f(q.W, *q.arrays))
    # one colour scale per group of parts and one for the inputs, each with a titled bar
    bars = {t.colorbar.title.text for t in v.figure.data if t.showscale}
    assert bars == {", ".join(["W", *q.model.param_names])} | {pt.scale for pt in v.parts}
    assert traces["W"].zmax == max(traces[name].zmax for name in q.model.param_names)


def test_f_view_of_the_question_keeps_its_figure():
    v = f_view(random_problem(3, 4, seed=2, dist="int"))
    bars = {t.name: t.colorbar.title.text for t in v.figure.data if t.showscale}
    assert bars == {"W": "W, a, b", "v": "u, v", "f": "f"}
    assert v.figure.layout.title.text.startswith("f(W) = (aᵀW) ∘ (bᵀW)")


def test_answer_lines_name_the_models_own_formulas():
    for model in MODELS.values():
        lines = answer_lines(model)
        assert lines[0] == f"1. {model.answer_rule}" and model.answer_rule
        assert model.entry_latex in lines[1] and model.compact_latex in lines[1]
        assert model.vjp_latex in lines[2]
        assert ("p × n × m × n" in lines[1]) == model.rows
        assert ("Gamma" in lines[2]) == model.rows


def test_sizes_note_counts_the_models_compact_form():
    # U = [[0, 0], [1, 2]], V = [[1, 2], [1, 2]]: C[0, 0, :] = B₁₁U₁ = 0, C[0, 1, :] = V₂ + U₂
    q = Problem([[1.0, 2.0]], [[0.0, 1.0]], [[1.0, 1.0]], fn="matrix")
    note = sizes_note(q)
    assert "J has 2 · 2 · 1 · 2 = 8 entries" in note
    assert "Here 2 of the 4 entries of C are non-zero; the other 2 are 0." in note, note
    assert "Here every entry of C computes to 0" in sizes_note(q.replace(B=np.array([[1.0, 0.0]])))
    gated = Problem([[0.0, 0.0]], [1.0], [0.0], fn="gated")  # b = 0, v = 0: G = 0
    assert "every entry of G computes to 0" in sizes_note(gated)


@pytest.mark.parametrize("m,n", [(1, 1), (1, 4), (4, 1), (3, 5)])
def test_jacobian_view_matches_core(m, n):
    p = random_problem(m, n, seed=5)
    for k in range(n):
        i, j = m - 1, k
        v = jacobian_view(p, k, i, j)
        J = jacobian(p.W, p.a, p.b)
        np.testing.assert_array_equal(v.G, jacobian_compact(p.W, p.a, p.b))
        np.testing.assert_array_equal(v.slice_k, J[k])
        np.testing.assert_array_equal(v.entry, J[:, i, j])
        np.testing.assert_array_equal(np.asarray(v.slice_figure.data[0].z), J[k])
        np.testing.assert_array_equal(np.asarray(v.compact_figure.data[0].z), v.G)
        np.testing.assert_array_equal(np.asarray(v.entry_figure.data[0].y), J[:, i, j])
        np.testing.assert_array_equal(np.asarray(v.vec_figure.data[0].z),
                                      jacobian_vec(p.W, p.a, p.b))


def test_jacobian_view_rejects_bad_indices():
    with pytest.raises(ValueError, match=r"k, j must be in 0\.\.2"):
        jacobian_view(random_problem(2, 3), 3, 0, 0)


def test_sparse_vec_figure_at_64_is_light_and_exact():
    p = random_problem(64, 64, seed=1, dist="normal")
    v = jacobian_view(p, 10, 5, 10)
    trace = v.vec_figure.data[0]
    assert trace.type == "scattergl"
    # markers at (k, k*m + i) carry G[i, k]
    x, y, c = np.asarray(trace.x), np.asarray(trace.y), np.asarray(trace.marker.color)
    G = v.G
    np.testing.assert_array_equal(c, G[(x - 1) % 64, y - 1])
    assert np.all((x - 1) // 64 == y - 1)
    total = sum(len(pio.to_json(fig)) for fig in (
        v.slice_figure, v.multiples_figure, v.entry_figure, v.compact_figure, v.vec_figure))
    # a dense 64 x 4096 float64 heatmap alone would be about 2.8 MB of JSON
    assert total < 1_500_000, total
    assert len(v.multiples_figure.data) == figures.MAX_SMALL_MULTIPLES


def test_every_figure_has_title_and_axis_titles():
    p = random_problem(3, 4, seed=1)
    v = jacobian_view(p, 1, 1, 1)
    for fig in (f_view(p).figure, v.slice_figure, v.entry_figure, v.compact_figure,
                v.vec_figure, v.multiples_figure):
        assert fig.layout.title.text
        axes = fig.layout.to_plotly_json()
        for axis in ("xaxis", "yaxis"):
            assert any(v.get("title", {}).get("text") for key, v in axes.items()
                       if key.startswith(axis)), (axis, fig.layout.title.text)


def test_heatmaps_are_centred_diverging():
    G = jacobian_compact(*(lambda p: (p.W, p.a, p.b))(random_problem(3, 3, seed=4)))
    fig = figures.compact_figure(G)
    t = fig.data[0]
    assert t.zmid == 0 and t.zmin == -t.zmax == -np.max(np.abs(G))


def test_sparsity_counts():
    s = sparsity(64, 64)
    assert (s.nonzeros, s.total) == (64 * 64, 64 * 64 * 64)
    assert "4,096" in s.explanation()


def test_latex_helpers():
    assert number(0.0) == "0" and number(-2.0) == "-2"
    big = bmatrix(np.arange(100.0).reshape(10, 10))
    # 6 of 10 rows written (3 + an elision row + 2): 5 row separators
    assert big.count(r"\\") == 5 and r"\ddots" in big


@pytest.mark.parametrize("dark,color", [(False, "#1f1f1f"), (True, "#ececec")])
def test_theme_colours_text_and_selection(dark, color):
    v = jacobian_view(random_problem(3, 4, seed=1), 1, 1, 1)
    for neutral in (v.compact_figure, v.multiples_figure, v.slice_figure):
        fig = figures.apply_theme(neutral, dark)
        assert fig.layout.font.color == color
        outlines = [s for s in fig.layout.shapes if s.line.color not in (None, "#888888")]
        # a selection is a line in the text colour over a halo in the page's colour
        halo = figures.PAGE_BACKGROUND[dark]
        assert {s.line.color for s in outlines} == {color, halo}
