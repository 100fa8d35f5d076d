"""The page views and figures carry exactly the core's numbers, and stay light at 64 × 64."""

from __future__ import annotations

import numpy as np
import plotly.io as pio
import pytest

from hadviz import figures, hadamard_f, jacobian, jacobian_compact, jacobian_vec, random_problem
from hadviz.latex import bmatrix, number
from hadviz.views.f import f_view
from hadviz.views.jacobian import jacobian_view, sparsity


def test_f_view_numbers():
    p = random_problem(3, 4, seed=2, dist="int")
    v = f_view(p)
    np.testing.assert_array_equal(v.f, hadamard_f(p.W, p.a, p.b))
    # an independent reference: the sums written out (small integers: exact in any order)
    u = [sum(p.a[i] * p.W[i, k] for i in range(p.m)) for k in range(p.n)]
    w = [sum(p.b[i] * p.W[i, k] for i in range(p.m)) for k in range(p.n)]
    np.testing.assert_array_equal(v.u, u)
    np.testing.assert_array_equal(v.v, w)
    np.testing.assert_array_equal(v.f, [x * y for x, y in zip(u, w, strict=True)])
    traces = {t.name: t for t in v.figure.data}
    np.testing.assert_array_equal(np.asarray(traces["f"].z)[0], v.f)
    np.testing.assert_array_equal(np.asarray(traces["W"].z), p.W)
    np.testing.assert_array_equal(np.asarray(traces["a"].z)[:, 0], p.a)
    np.testing.assert_array_equal(np.asarray(traces["b"].z)[:, 0], p.b)
    # one colour scale per quantity, each with a titled colour bar: W, a, b share theirs
    bars = {t.name: t.colorbar.title.text for t in v.figure.data if t.showscale}
    assert bars == {"W": "W, a, b", "v": "u, v", "f": "f"}
    assert traces["W"].zmax == traces["a"].zmax == traces["b"].zmax
    assert traces["u"].zmax == traces["v"].zmax


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
