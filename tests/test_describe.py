"""Text alternatives of figures: every sentence checked against the figure's own data.

The figures are the ones the pages draw (built by the view builders) on the degenerate corpus.
Each claim of :func:`~hadviz.figures.describe.describe` is read back out of its sentence and
checked with NumPy against the figure's traces: the columns it names are exactly the non-zero
ones, "every other column is 0" only when they are, ranges, extremes and their places, zero
counts, lowest points of curves. The tables of :func:`~hadviz.figures.describe.data_tables`
must hold the figure's numbers under its 1-based labels.
"""

from __future__ import annotations

import functools
import gc
import re

import numpy as np
import plotly.graph_objects as go
import pytest

from hadviz import random_problem
from hadviz.figures.describe import MAX_PANELS, MAX_TABLE_CELLS, data_tables, describe
from hadviz.problem import Problem
from hadviz.ui import plots
from hadviz.views.check import check_view as answer_view
from hadviz.views.check import examples
from hadviz.views.diagrams import diagrams_view
from hadviz.views.f import f_view
from hadviz.views.gradient_check import check_view
from hadviz.views.jacobian import jacobian_view
from hadviz.views.lab import LabSettings, lab_view
from tests.app.helpers import text_number, trace_array
from tests.app.test_corpus import E_NOTATION, PLURAL_SLIP, RAW_LATEX, RAW_SCRIPTS
from tests.problems import CORPUS, SHORT_FAMILY, family_corpus

PROBLEMS: dict[str, Problem] = {
    **{f"hadamard/{k}": p for k, p in CORPUS.items()},
    **{k: family_corpus()[k] for k in SHORT_FAMILY},
    "64x64": random_problem(64, 64, seed=1, dist="normal"),
}
#: a number as describe writes it: 3, −1.5, 2.5 × 10⁻¹¹⁹
NUMBER = r"−?\d+(?:\.\d+)?(?: × 10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?"


@functools.cache
def jacobian_figures(name: str) -> tuple[go.Figure, ...]:
    p = PROBLEMS[name]
    view = jacobian_view(p, p.n - 1, p.m - 1, 0, False, p.p - 1 if p.model.rows else 0)
    return view.slice_figure, view.compact_figure, view.vec_figure, view.entry_figure


def heatmap(fig: go.Figure) -> np.ndarray:
    """The figure's (first) heatmap."""
    trace = next(q for q, t in enumerate(fig.data) if t.type == "heatmap")
    return trace_array(fig.to_dict(), trace, "z").astype(float)


def close(text: str, value: float, digits: int = 3) -> bool:
    """``text`` is ``value`` to the ``digits`` significant digits it is written with."""
    return np.isclose(text_number(text), value, rtol=5 * 10.0**-digits, atol=0)


def check_matrix_sentence(sentence: str, Z: np.ndarray) -> None:
    """Every claim a matrix sentence can make, against the matrix ``Z`` (1-based labels)."""
    nonzero_columns = set(np.flatnonzero(Z.any(axis=0)) + 1)
    named = {int(c) for c in re.findall(r"\b[Cc]olumn (\d+), (?:top to bottom|values)",
                                          sentence)}
    if "every other column is 0" in sentence:
        assert named == nonzero_columns, (sentence, nonzero_columns)
        assert len(named) < Z.shape[1]
    rows = {int(r) for r in re.findall(r"\b[Rr]ow (\d+), (?:left to right|values)", sentence)}
    if "every other row is 0" in sentence:
        assert rows == set(np.flatnonzero(Z.any(axis=1)) + 1), sentence
    for i, values in re.findall(rf"\b[Rr]ow (\d+), left to right: ((?:{NUMBER}(?:, )?)+)",
                                sentence):
        np.testing.assert_allclose([text_number(v) for v in values.split(", ")],
                                   Z[int(i) - 1], rtol=5e-3, err_msg=sentence)
    for c, low, high, top, i, ties, zeros in re.findall(
            rf"[Cc]olumn (\d+), values from ({NUMBER}) to ({NUMBER}); the largest in magnitude, "
            rf"({NUMBER}), is at row (\d+)(?: \(one of (\d+) entries of that size\))?; "
            rf"([\d,]+) of", sentence):
        v = Z[:, int(c) - 1]
        assert close(low, v.min()) and close(high, v.max()) and close(top, v[int(i) - 1])
        assert abs(v[int(i) - 1]) == np.abs(v).max() and int(zeros) == np.sum(v == 0)
        assert int(ties or 1) == np.sum(np.abs(v) == np.abs(v).max()), sentence
    if re.search(r"\bEvery entry is 0\b|: every entry is 0", sentence):
        assert not Z.any(), sentence
    found = re.search(rf"[Vv]alues from ({NUMBER}) to ({NUMBER}); the largest in magnitude, "
                      rf"({NUMBER}), is at row (\d+), column (\d+)(?: \(one of (\d+) entries "
                      rf"of that size\))?; ([\d,]+) of ([\d,]+) entr(?:y|ies) (?:is|are) 0",
                      sentence)
    if found:
        low, high, top, i, j, ties, zeros, total = found.groups()
        assert int(ties or 1) == np.sum(np.abs(Z) == np.abs(Z).max()), sentence
        assert close(low, Z.min()) and close(high, Z.max()), (sentence, Z.min(), Z.max())
        assert close(top, Z[int(i) - 1, int(j) - 1]), sentence
        assert abs(Z[int(i) - 1, int(j) - 1]) == np.abs(Z).max(), sentence
        assert int(zeros.replace(",", "")) == np.count_nonzero(Z == 0), sentence
        assert int(total.replace(",", "")) == Z.size, sentence
    for i, values in re.findall(r"\b[Rr]ow (\d+): ((?:" + NUMBER + r"(?:, )?)+)", sentence):
        row = [text_number(v) for v in values.split(", ")]
        np.testing.assert_allclose(row, Z[int(i) - 1], rtol=5e-3, err_msg=sentence)
    listed = re.search(rf"\. (?:Left to right|Top to bottom): ((?:{NUMBER}(?:, )?)+)", sentence)
    if listed and min(Z.shape) == 1:
        np.testing.assert_allclose([text_number(v) for v in listed[1].split(", ")], Z.ravel(),
                                   rtol=5e-3, err_msg=sentence)
    assert found or named or rows or listed or "every entry is 0" in sentence.lower() or re.search(
        r"\b[Rr]ow \d+: ", sentence) or Z.size == 1, f"no claim checked in: {sentence}"


@pytest.mark.parametrize("name", PROBLEMS)
def test_a_slice_names_exactly_its_non_zero_columns(name):
    fig = jacobian_figures(name)[0]
    Z = heatmap(fig)
    text = describe(fig)
    assert text.startswith(f"Heatmap, {Z.shape[0]:,} row"), text
    if min(Z.shape) > 1:
        check_matrix_sentence(text, Z)
    # the slice is 0 outside its column: the sentence names that one column, or none
    named = re.findall(r"Column (\d+)", text)
    assert named == ([str(Z.shape[1])] if Z[:, -1].any() and Z.shape[0] > 1 else []), text


@pytest.mark.parametrize("name", PROBLEMS)
def test_compact_and_vec_sentences_hold_on_their_matrices(name):
    for fig in jacobian_figures(name)[1:3]:
        Z = heatmap(fig)
        if np.isnan(Z).any():  # the 64 × 64 vec-Jacobian's window: empty cells are counted
            assert f"{np.isnan(Z).sum():,} cells are empty" in describe(fig)
            continue
        if min(Z.shape) > 1:
            check_matrix_sentence(describe(fig), Z)


@pytest.mark.parametrize("name", PROBLEMS)
def test_the_entry_bars_say_which_bar_is_not_zero(name):
    fig = jacobian_figures(name)[3]
    if fig.data[0].type != "bar":  # a model with rows draws ∂F/∂W_ij as a heatmap
        check_matrix_sentence(describe(fig), heatmap(fig))
        return
    y = trace_array(fig.to_dict(), 0, "y").astype(float)
    text = describe(fig)
    assert f"{len(y):,} bar" in text
    hit = np.flatnonzero(y)
    if not hit.size:
        assert "Every bar is 0." in text or "Its one bar is 0" in text, text
    elif len(y) > 1:
        assert f"Bar {hit[0] + 1} is " in text and "every other bar is 0" in text, text
        assert close(re.search(rf"Bar \d+ is ({NUMBER})", text)[1], y[hit[0]])


@pytest.mark.parametrize("name", ["hadamard/generic", "hadamard/1x1", "64x64",
                                  "matrix/generic"])
def test_small_multiples_one_sentence_a_panel_up_to_the_limit(name):
    p = PROBLEMS[name]
    fig = jacobian_view(p, 0, 0, 0, True).multiples_figure
    text = describe(fig)
    panels = len(fig.data)
    if panels == 1:
        assert text.startswith("Heatmap"), text
        return
    assert text.startswith(f"{panels} heatmaps: ")
    assert text.count("Panel “") == min(panels, MAX_PANELS)
    more = panels - MAX_PANELS
    assert (f"And {more} more panel" in text) == (more > 0), text
    # each panel's column is the slice's one column: its values in order, or their range
    for q, said in enumerate(re.findall(r"Panel “[^”]*”, [^.]*", text)):
        column = trace_array(fig.to_dict(), q, "z").astype(float)[:, 0]
        if len(column) <= 8 and column.any():
            listed = said.split("top to bottom: ")[1].split(", ")
            np.testing.assert_allclose([text_number(v) for v in listed], column, rtol=5e-3)


@pytest.mark.parametrize("name", ["hadamard/generic", "hadamard/a=b=0", "hadamard/tiny",
                                  "hadamard/huge", "tanh/saturated", "matrix/generic"])
def test_curves_say_their_lowest_point(name):
    p = PROBLEMS[name]
    wrong = "drop_ab" if p.fn == "hadamard" else "transpose"
    for fig in (lab_view(p, LabSettings()).error_figure(("forward", "central", "complex")),
                check_view(p, wrong).taylor_figure):
        text = describe(fig)
        assert "(log scale)" in text and text.startswith("Plot: "), text
        for trace in fig.data:
            x, y = np.asarray(trace.x, float), np.asarray(trace.y, float)
            drawn = np.isfinite(y)
            said = re.search(rf"“{re.escape(trace.name.replace('<br>', ' '))}”: ([^“]*)", text)
            assert said, (trace.name, text)
            if not drawn.any():
                assert said[1].startswith("nothing drawn"), said[1]
                continue
            low = re.search(rf"lowest point y = ({NUMBER}) at x = ({NUMBER})", said[1])
            if low:
                at = np.nanargmin(y)
                assert close(low[1], y[at], 2) and close(low[2], x[at], 2), (said[1], y[at])
                assert f"{drawn.sum()} of {len(y)} points drawn" in said[1] or drawn.all()


def test_a_diagram_is_told_by_its_title_nodes_and_labels():
    for dv in diagrams_view(CORPUS["generic"], "W"):
        for fig in dv.figures:
            text = describe(fig)
            assert text.startswith("Diagram: ") and data_tables(fig) == ()
            nodes = [t for t in fig.data if t.mode == "markers+text"]
            for label in (s for t in nodes for s in t.text):
                assert label in text
            assert "i (m = 2)" in text


def test_the_overview_names_each_panel_by_its_label():
    text = describe(f_view(CORPUS["generic"]).figure)
    assert text.startswith("6 heatmaps: f(W) = (aᵀW) ∘ (bᵀW)")
    assert "Panel “W”, 2 rows × 3 columns: row 1: 1, −2, 3; row 2: 2, 1, −1." in text
    assert "Panel “a”, 2 rows × 1 column: top to bottom: 1, 2." in text
    assert "Panel “u = Wᵀa”, 1 row × 3 columns: left to right: 5, 0, 1." in text


def house_slips(text: str) -> list[str]:
    return [m.group(0) for pattern in (E_NOTATION, PLURAL_SLIP, RAW_LATEX, RAW_SCRIPTS)
            for m in pattern.finditer(text)] + [c for c in "<>$\\" if c in text]


def every_figure(p: Problem) -> list[go.Figure]:
    figs = [*jacobian_figures(next(k for k, q in PROBLEMS.items() if q is p)),
            f_view(p).figure, check_view(p, "none").taylor_figure,
            lab_view(p, LabSettings()).error_figure(("forward", "central", "complex"))]
    for _, answer in examples(p)[:2]:
        view = answer_view(p, answer)
        figs += [f for f in (view.yours, view.right) if f is not None]
    return figs


@pytest.mark.parametrize("name", [k for k in PROBLEMS if k != "64x64"])
def test_descriptions_keep_the_house_style(name):
    for fig in every_figure(PROBLEMS[name]):
        text = describe(fig)
        assert text and not house_slips(text), (house_slips(text), text)


def test_tables_hold_the_figures_numbers_under_1_based_labels():
    fig = jacobian_figures("hadamard/generic")[0]
    (table,) = data_tables(fig)
    Z = heatmap(fig)
    np.testing.assert_array_equal(table.values, Z)
    assert table.rows == ("1", "2") and table.columns == ("1", "2", "3")
    assert table.row_title == "row i" and table.column_title == "column j"
    assert table.cells()[1] == ["0", "0", "−9"] and table.note == ""


def test_a_table_larger_than_the_cap_keeps_its_first_rows_and_says_so():
    vec = jacobian_figures("64x64")[2]  # 4,096 markers, x, y and value each
    tables = {t.title: t for t in data_tables(vec)}
    markers = tables["non-zeros of the vec-Jacobian"]
    assert markers.shape == (4096, 3) and markers.values.size <= MAX_TABLE_CELLS
    assert markers.values.shape == (MAX_TABLE_CELLS // 3, 3)
    assert markers.note == "The first 1,365 of 4,096 rows are shown."
    np.testing.assert_array_equal(markers.values[:, 2],
                                  trace_array(vec.to_dict(), 0, "marker.color")[:1365])


def test_line_traces_drawn_at_the_same_steps_share_one_table():
    p = CORPUS["generic"]
    fig = lab_view(p, LabSettings()).error_figure(("forward", "central"))
    first = data_tables(fig)[0]
    assert first.columns[:2] == ("forward difference", "central difference")
    assert first.row_title == "step h" and len(first.rows) == len(fig.data[0].x)
    np.testing.assert_array_equal(first.values[:, 0], np.asarray(fig.data[0].y, float))


def test_a_plots_alternative_is_built_once_and_freed_with_the_figure():
    fig = jacobian_view(CORPUS["generic"], 1, 0, 0).slice_figure
    alt = plots.alternative(fig, plots.sendable(fig, False))
    assert plots.alternative(fig) is alt and alt.text == describe(fig)
    (_, note, table), = alt.tables
    assert table.column_names == ["row i", "1", "2", "3"] and note == ""
    assert table.column("2").to_pylist() == ["5", "10"]
    key = id(fig)
    del fig
    gc.collect()
    assert key not in plots._ALT


def test_a_marker_is_placed_by_whole_coordinates_in_full():
    """A large sparse matrix drawn as coloured markers: the largest one's place is the whole
    column and row numbers (1615, not 1.62 × 10³, which would not say which column)."""
    x = np.array([3.0, 1615.0, 4000.0])
    fig = go.Figure(go.Scattergl(x=x, y=[1.0, 26.0, 7.0], mode="markers",
                                 marker={"color": [1.0, -450.0, 2.0]}))
    assert "the largest in magnitude, −450, is at x = 1615, y = 26" in describe(fig)


@pytest.mark.parametrize("value,said", [(0.0, "Its one entry is 0"), (2.0, "Its one entry is 2"),
                                        (np.nan, "Its one entry is empty")])
def test_a_one_by_one_matrix_is_told_as_its_one_entry(value, said):
    """One entry, 0 or not, is told as the one entry (not "every entry is 0"); a figure
    without a title gets no empty title."""
    assert describe(go.Figure(go.Heatmap(z=[[value]]))) == f"Heatmap, 1 row × 1 column. {said}."


def test_a_tie_for_the_largest_magnitude_is_said():
    """−159 and 159 both have the largest magnitude: the one placed is said to be one of
    two (a reader must not think −159 is alone)."""
    Z = np.arange(81.0).reshape(9, 9) - 40
    Z[0, 1], Z[5, 2] = -159.0, 159.0
    labels = [str(q) for q in range(1, 10)]  # as the app's heatmaps label their cells

    def told(Z: np.ndarray) -> str:
        return describe(go.Figure(go.Heatmap(z=Z, x=labels, y=labels)))

    assert "−159, is at row 1, column 2 (one of 2 entries of that size)" in told(Z), told(Z)
    Z[5, 2] = 158.0
    assert "entries of that size" not in told(Z)
