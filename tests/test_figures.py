"""Figures that work at 64 × 64 and in dark mode: zero cells, selections, multiples, ticks."""

from __future__ import annotations

import numpy as np
import pytest

from hadviz import figures, jacobian_compact, random_problem
from hadviz.figures.style import (
    COLORSCALE,
    DARK_SCALE,
    HALO,
    HIGHLIGHT,
    PAGE_BACKGROUND,
    contrast_ratio,
    index_ticks,
    zero_color,
)
from hadviz.views.jacobian import jacobian_view


def _compact(m: int, n: int) -> np.ndarray:
    p = random_problem(m, n, seed=3, dist="int")
    return jacobian_compact(p.W, p.a, p.b)


def test_dark_zero_is_a_neutral_close_to_the_page():
    """No bright slabs on a dark page: 0 is nearly the page colour (the light scale's white
    midpoint would be 18:1 against it), yet still tells a cell from the background."""
    dark_zero = zero_color(True)
    assert 1.1 < contrast_ratio(dark_zero, PAGE_BACKGROUND[True]) < 1.8
    assert contrast_ratio(zero_color(False), PAGE_BACKGROUND[True]) > 15  # what it replaces
    assert DARK_SCALE[3] == [0.5, dark_zero]


@pytest.mark.parametrize("dark", [False, True])
def test_selection_outline_is_visible_on_every_cell_colour(dark):
    """The outline is a line over a halo of opposite lightness: one of the two stands out
    (≥ 3:1, the WCAG figure for graphics) against any colour of the page's scale."""
    fig = figures.apply_theme(figures.slice_figure(_compact(4, 5), 2), dark)
    colours = {s.line.color for s in fig.layout.shapes}
    assert HIGHLIGHT not in colours and HALO not in colours  # recoloured for the theme
    line, halo = ("#ececec", PAGE_BACKGROUND[True]) if dark else ("#1f1f1f", "#ffffff")
    assert colours == {line, halo}
    for _, cell in DARK_SCALE if dark else COLORSCALE:
        assert max(contrast_ratio(line, cell), contrast_ratio(halo, cell)) >= 3.0, cell


@pytest.mark.parametrize("dark", [False, True])
def test_theme_recolours_scales_and_zero_areas(dark):
    G = _compact(6, 12)
    fig = figures.apply_theme(figures.small_multiples_figure(G, 3), dark)
    scale = DARK_SCALE if dark else COLORSCALE
    for trace in fig.data:
        assert [list(x) for x in trace.colorscale] == scale
    fills = {s.fillcolor for s in fig.layout.shapes if s.layer == "below"}
    assert fills == {zero_color(dark)}
    vec = figures.apply_theme(figures.vec_jacobian_figure(None, _compact(64, 64), 5), dark)
    assert [list(x) for x in vec.data[0].marker.colorscale] == scale


def _panel_rows(fig) -> int:
    axes = fig.layout.to_plotly_json()
    return len({tuple(v["domain"]) for k, v in axes.items() if k.startswith("yaxis")})


def test_small_multiples_wrap_and_show_all():
    G = _compact(64, 64)
    window = figures.small_multiples_figure(G, 40)
    assert len(window.data) == 8 and _panel_rows(window) == 2  # four to a row
    assert [t.x[0] for t in window.data] == list(range(37, 45))  # around k = 41 (1-based)
    every = figures.small_multiples_figure(G, 40, show_all=True)
    assert len(every.data) == 64 and _panel_rows(every) == 8
    # each panel carries its one non-zero column only: G[:, q]
    for q, trace in enumerate(every.data):
        np.testing.assert_array_equal(np.asarray(trace.z)[:, 0], G[:, q])
    small = figures.small_multiples_figure(_compact(2, 3), 0, show_all=True)
    assert len(small.data) == 3 and _panel_rows(small) == 1


def test_selected_column_stays_visible_at_64():
    """At 64 columns the frame sits outside column k and an arrow names it."""
    fig = figures.slice_figure(_compact(64, 64), 40)
    xs = {(s.x0, s.x1) for s in fig.layout.shapes}
    assert all(x0 < 40.5 and x1 > 41.5 for x0, x1 in xs)
    assert [a.text for a in fig.layout.annotations] == ["column 41"]


def test_vec_jacobian_opens_on_readable_blocks_at_64():
    fig = figures.vec_jacobian_figure(None, _compact(64, 64), 40)
    lo, hi = fig.layout.xaxis.range
    assert (hi - lo) == 5 * 64 and lo <= 40 * 64 + 0.5 < 41 * 64 + 0.5 <= hi
    assert "double-click" in fig.layout.title.text


@pytest.mark.parametrize("count", [1, 3, 16, 17, 64])
def test_index_ticks_are_whole_numbers(count):
    ticks = index_ticks(count)
    assert ticks["tickformat"] == "d" and float(ticks["dtick"]).is_integer()
    assert count / ticks["dtick"] <= 16


def test_jacobian_view_all_slices_option():
    p = random_problem(10, 12, seed=1)
    assert len(jacobian_view(p, 0, 0, 0).multiples_figure.data) == 8
    assert len(jacobian_view(p, 0, 0, 0, all_slices=True).multiples_figure.data) == 12
