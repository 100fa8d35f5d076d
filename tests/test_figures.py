"""Figures that work at 64 × 64 and in dark mode: zero cells, selections, multiples, ticks."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest

from hadviz import figures, jacobian_compact, random_problem
from hadviz.figures.diagrams import _NODE_PX
from hadviz.figures.heatmaps import index_ticks
from hadviz.figures.style import (
    COLORSCALE,
    DARK_SCALE,
    HALO,
    HIGHLIGHT,
    PAGE_BACKGROUND,
    contrast_ratio,
    zero_color,
)
from hadviz.figures.titles import TITLE_LINE_PX, TITLE_WIDTH, breakable, visible_length
from hadviz.views.diagrams import diagrams_view
from hadviz.views.f import f_view
from hadviz.views.jacobian import jacobian_view
from tests.test_plots import every_figure


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
    # around k = 41 (1-based): each panel's column is drawn (widened) across its own index
    for q, trace in zip(range(37, 45), window.data, strict=True):
        lo, hi = _column_span(trace)
        assert lo < q < hi
    every = figures.small_multiples_figure(G, 40, show_all=True)
    assert len(every.data) == 64 and _panel_rows(every) == 8
    # each panel carries its one non-zero column only: G[:, q]
    for q, trace in enumerate(every.data):
        np.testing.assert_array_equal(np.asarray(trace.z)[:, 0], G[:, q])
    small = figures.small_multiples_figure(_compact(2, 3), 0, show_all=True)
    assert len(small.data) == 3 and _panel_rows(small) == 1


def test_selected_column_stays_visible_at_64():
    """At 64 columns no frame covers column k (it would hide a 5 px column on a phone): a
    pointer above the plot names it."""
    fig = figures.slice_figure(_compact(64, 64), 40)
    assert not fig.layout.shapes
    [note] = fig.layout.annotations
    assert note.text == "column 41 ▼" and note.x == 41 and (note.yref, note.y) == ("paper", 1)


def test_vec_jacobian_opens_on_readable_blocks_at_64():
    fig = figures.vec_jacobian_figure(None, _compact(64, 64), 40)
    lo, hi = fig.layout.xaxis.range
    assert (hi - lo) == 5 * 64 and lo <= 40 * 64 + 0.5 < 41 * 64 + 0.5 <= hi
    assert "double-click" in fig.layout.title.text


@pytest.mark.parametrize("count", [1, 3, 16, 17, 64])
def test_index_ticks_are_whole_numbers(count):
    ticks = index_ticks(count)
    values = ticks.get("tickvals") or range(1, count + 1, ticks["dtick"])
    assert values[0] == 1 and all(float(v).is_integer() for v in values)
    assert len(values) <= 16


def test_jacobian_view_all_slices_option():
    p = random_problem(10, 12, seed=1)
    assert len(jacobian_view(p, 0, 0, 0).multiples_figure.data) == 8
    assert len(jacobian_view(p, 0, 0, 0, all_slices=True).multiples_figure.data) == 12


# --- every size: axes from 1, selections that hide nothing, bars and titles that fit ---

SIZES = [(1, 1), (2, 3), (8, 8), (17, 5), (20, 20), (64, 64)]


def _jacobian_figures(m: int, n: int) -> dict[str, object]:
    p = random_problem(m, n, seed=1)
    v = jacobian_view(p, n // 2, m - 1, n // 2)
    return {"f": f_view(p).figure, "slice": v.slice_figure, "multiples": v.multiples_figure,
            "entry": v.entry_figure, "compact": v.compact_figure, "vec": v.vec_figure}


def _axes(fig) -> dict[str, dict]:
    return {k: a for k, a in fig.layout.to_plotly_json().items() if k[1:5] == "axis"}


@pytest.mark.parametrize(("m", "n"), SIZES, ids=lambda s: str(s))
def test_index_axes_span_the_cells_from_one(m, n):
    """An axis of indices has an explicit range, fixed (autorange could stretch it to fit a
    label or an outline: −8 on a phone), from 0.5 (the edge of cell 1) or, for the zoomed
    vec-Jacobian, later; its first tick reads 1 when the range starts at 0.5."""
    for name, fig in _jacobian_figures(m, n).items():
        for key, axis in _axes(fig).items():
            if axis.get("tickformat") != "d":
                continue  # a value axis (bar heights) or a category axis (u, v, f; a, b)
            assert axis.get("range") is not None and axis.get("autorange") is False, \
                (name, key, axis)
            start = min(axis["range"])
            assert start >= 0.5, (name, key, axis["range"])
            first_tick = (axis.get("tickvals") or [axis.get("tick0")])[0]
            if start == 0.5 and first_tick is not None:
                assert first_tick == 1, (name, key, axis)
        # every numeric axis of a heatmap is such an index axis
        heat = {t.xaxis or "x" for t in fig.data if t.type == "heatmap"
                and np.issubdtype(np.asarray(t.x).dtype, np.number)}
        for ref in heat:
            key = "xaxis" + ref[1:]
            assert _axes(fig)[key].get("range") is not None, (name, key)


def _plot_px(fig) -> float:
    """The plot's height: the figure's, less the title (it sets the top margin) and the
    bottom margin."""
    title = fig.layout.title
    top = TITLE_LINE_PX * (title.text.count("<br>") + 1) + title.pad.t + title.pad.b
    return fig.layout.height - max(top, fig.layout.margin.t) - fig.layout.margin.b


@pytest.mark.parametrize(("m", "n"), SIZES, ids=lambda s: str(s))
def test_colour_bars_are_at_least_150_px_long(m, n):
    """Beside one row a bar squeezes its ticks together ("50 / 0 / −50" overlapping): every
    bar is at least 150 px long, less its padding at both ends."""
    for name, fig in _jacobian_figures(m, n).items():
        for trace in fig.data:
            shows = trace.showscale if trace.type == "heatmap" else trace.marker.showscale
            if not shows:
                continue
            bar = trace.colorbar if trace.type == "heatmap" else trace.marker.colorbar
            length = (bar.len if bar.lenmode == "pixels" else
                      (1.0 if bar.len is None else bar.len) * _plot_px(fig))
            pads = 0 if bar.lenmode == "pixels" else 2 * (10 if bar.ypad is None else bar.ypad)
            assert length - pads >= 150, (name, trace.name, length)


def test_f_colour_bars_lie_under_the_plot_one_per_quantity():
    fig = f_view(random_problem(2, 3, seed=1)).figure
    bars = {t.name: t.colorbar for t in fig.data if t.showscale}
    assert {b.title.text for b in bars.values()} == {"W, a, b", "u, v", "f"}
    assert {b.orientation for b in bars.values()} == {"h"}
    tops = sorted(b.y * fig.layout.height for b in bars.values())
    assert min(np.diff(tops)) >= 40  # stacked, not on top of each other
    assert max(tops) <= fig.layout.margin.b - 40  # under the x-axis title


@pytest.mark.parametrize(("m", "n", "k"), [(2, 3, 0), (2, 3, 2), (8, 8, 3), (20, 20, 19),
                                           (64, 64, 40)])
def test_vec_outline_stays_on_its_block(m, n, k):
    """The frame of block k hugs it when vec columns are wide (2 × 3: a tenth of a column
    is 20 px, and overshot into column 3); around narrow columns it stands one column off,
    on the zeros that surround every block, so it covers no entry of the block."""
    fig = figures.vec_jacobian_figure(None if n * m * n > 4096 else
                                      _vec(m, n), _compact(m, n), k)
    lo, hi = k * m + 0.5, (k + 1) * m + 0.5
    pad = 1.0 if (min(n, 5) if n * m * n > 4096 else n) * m > 64 else 0.0
    frames = [s for s in fig.layout.shapes if s.line.color in (HIGHLIGHT, HALO)]
    assert len(frames) == 2
    for s in frames:
        assert (s.x0, s.x1) == (lo - pad, hi + pad), (s.x0, s.x1)
        assert (s.y0, s.y1) == (k + 0.5, k + 1.5)


def _vec(m: int, n: int) -> np.ndarray:
    from hadviz.calculus import vec_layout

    return vec_layout(_compact(m, n))


def test_sparse_vec_draws_its_shown_blocks_as_cells():
    """At 64 × 64 the five blocks shown are heatmap cells a row tall (not 3 px markers), and
    exactly the block cells: the rest of the window is empty."""
    G = _compact(64, 64)
    fig = figures.vec_jacobian_figure(None, G, 40)
    window = next(t for t in fig.data if t.type == "heatmap")
    z = np.asarray(window.z, dtype=float)
    assert z.shape == (5, 5 * 64)
    for r in range(5):
        np.testing.assert_array_equal(z[r, r * 64:(r + 1) * 64], G[:, 38 + r])
    assert np.isnan(z).sum() == 5 * 5 * 64 - 5 * 64
    assert list(window.y) == [39, 40, 41, 42, 43]


@pytest.mark.parametrize(("m", "n", "k"), [(2, 3, 1), (64, 64, 0), (64, 64, 63),
                                           (20, 20, 7)])
def test_small_multiples_draw_the_column_wide_enough_to_see(m, n, k):
    """A slice's one non-zero column is drawn at least n / 12 columns wide (6 of 64, about
    25 px of a 290 px panel), over its own index, inside the panel; the title says so."""
    G = _compact(m, n)
    fig = figures.small_multiples_figure(G, k, show_all=True)
    wide = max(1, -(-n // 12)) if n > 16 else 1
    for q, trace in enumerate(fig.data):
        lo, hi = _column_span(trace)
        assert hi - lo == wide and 0.5 <= lo < q + 1 < hi <= n + 0.5
    assert (f"drawn {wide} columns wide" in fig.layout.title.text) == (wide > 1)
    # the frame of the selected slice is outside its panel (paper coordinates)
    frames = [s for s in fig.layout.shapes if s.line.color in (HIGHLIGHT, HALO)]
    panel = _axes(fig)["xaxis" if k == 0 else f"xaxis{k + 1}"]["domain"]
    assert all(s.xref == "paper" and s.x0 < panel[0] and s.x1 > panel[1] for s in frames)


def _column_span(trace) -> tuple[float, float]:
    """The x-extent of a one-column heatmap: its cell around x, or x0 ± dx / 2."""
    if trace.x is not None:
        return trace.x[0] - 0.5, trace.x[0] + 0.5
    return trace.x0 - trace.dx / 2, trace.x0 + trace.dx / 2


def test_slice_frame_at_small_sizes_covers_column_k_only():
    fig = figures.slice_figure(_compact(2, 3), 2)
    assert {(s.x0, s.x1, s.y0, s.y1) for s in fig.layout.shapes} == {(2.5, 3.5, 0.5, 2.5)}


@pytest.mark.parametrize(("m", "n"), [(1, 1), (2, 3), (64, 64)], ids=lambda s: str(s))
def test_titles_break_between_phrases_and_fit_a_phone(m, n):
    """Every title line fits about 350 px (40 characters), no figure needs more than three,
    and no line ends inside an expression or between a number and what it counts ("m" /
    "× n", "64" / "blocks")."""
    for fig in every_figure(random_problem(m, n, seed=1)):
        lines = fig.layout.title.text.split("<br>")
        assert len(lines) <= 3, lines
        assert all(visible_length(line) <= TITLE_WIDTH for line in lines), lines
        for before, after in pairwise(lines):
            assert breakable(before.split(" ")[-1], after.split(" ")[0]), (before, after)


def test_compact_title_keeps_its_shape_together():
    title = figures.compact_figure(_compact(2, 3)).layout.title.text
    assert "2 × 3" in title.replace("<br>", "\n")  # on one line


def test_joined_leg_labels_keep_clear_of_nodes():
    """A label over a level edge clears the nodes' discs at both ends (a short edge is
    narrower than its label); beside a slanted edge it sits in a quadrant the edge does not
    pass through."""
    for dv in diagrams_view(random_problem(2, 3, seed=1), "W"):
        for fig in dv.figures:
            lines = [t for t in fig.data if t.mode == "lines"]
            for note in fig.layout.annotations:
                edge = next((t for t in lines if np.isclose(np.mean(t.x), note.x)
                             and np.isclose(np.mean(t.y), note.y)), None)
                if edge is None:
                    continue  # a free leg's label (at its end) or a copy node's δ
                dx, dy = np.diff(edge.x)[0], np.diff(edge.y)[0]
                if dy == 0:
                    assert abs(note.yshift) >= _NODE_PX / 2 + 7, note.text
                    continue
                sx = 1 if note.xanchor == "left" else -1
                sy = 1 if note.yanchor == "bottom" else -1
                along = np.sign(dx) * sx == np.sign(dy) * sy if dx else False
                assert not along, (note.text, dx, dy, sx, sy)


# --- the Jacobian figures of a model with output rows (F ∈ ℝ^{p×n}) --------------------------

def _rows_compact(m: int, p: int, n: int) -> np.ndarray:
    """An (m, p, n) compact array with every entry distinct, so a misplaced one shows."""
    return np.arange(1.0, m * p * n + 1).reshape(m, p, n)


def test_blocks_figure_places_block_k_column_r_at_r_plus_k_p():
    from hadviz.figures.jacobian import blocks_figure

    C = _rows_compact(2, 3, 4)
    fig = blocks_figure(C, k=1, r=2, i=0)
    Z = np.asarray(fig.data[0].z)
    assert Z.shape == (2, 12)
    for q in range(4):
        for r in range(3):
            np.testing.assert_array_equal(Z[:, q * 3 + r], C[:, r, q], err_msg=f"block {q}, {r}")
    custom = np.asarray(fig.data[0].customdata)
    assert custom[0, 1 * 3 + 2].tolist() == [2, 3]  # hover names block k = 2, column r = 3


def test_entry_rows_figure_is_zero_outside_column_j():
    from hadviz.figures.jacobian import entry_rows_figure

    C = _rows_compact(2, 3, 4)
    Z = np.asarray(entry_rows_figure(C, i=1, j=2, k=2, r=0).data[0].z)
    assert Z.shape == (3, 4) and not np.delete(Z, 2, axis=1).any()
    np.testing.assert_array_equal(Z[:, 2], C[1, :, 2])


@pytest.mark.parametrize("m,p,n", [(2, 3, 4), (1, 1, 1), (3, 8, 1), (64, 2, 64)])
def test_vec_figure_with_rows_carries_every_entry_in_its_place(m, p, n):
    from hadviz.calculus import vec_layout

    C = _rows_compact(m, p, n)
    dense = p * n * m * n <= figures.MAX_DENSE_CELLS
    fig = figures.vec_jacobian_figure(vec_layout(C) if dense else None, C, 0, (0, 0), "F", 0)
    assert f"{p * n} × {m * n}" in fig.layout.title.text.replace("<br>", " ")
    trace = fig.data[0]
    if dense:
        np.testing.assert_array_equal(np.asarray(trace.z), vec_layout(C))
    else:  # markers at row k·p + r, column k·m + i carry C[i, r, k]
        x, y = (np.asarray(v) - 1 for v in (trace.x, trace.y))
        colour = np.asarray(trace.marker.color)
        k = x // m
        np.testing.assert_array_equal(colour, C[x % m, y % p, k])
        assert np.all(y // p == k)
