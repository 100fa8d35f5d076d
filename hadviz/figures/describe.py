"""Text alternatives for figures: what a plot shows in a few sentences, and its data as tables.

A screen reader hears nothing of a heatmap or a curve. :func:`describe` says what a figure
shows, with the numbers that matter; :func:`data_tables` gives the numbers behind it. Both
read only the figure's dict form, so what they say holds for every problem: heatmaps as
matrices with the figure's 1-based labels, bars as a vector, traces by name, ranges and
lowest point, diagrams by their labels. Numbers read 6.7 × 10⁻⁸, counts "1 entry".
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import groupby
from typing import Any

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from hadviz.latex import plain, plural, text_sci

__all__ = ["MAX_PANELS", "MAX_TABLE_CELLS", "DataTable", "data_tables", "describe", "plain_text"]

#: Heatmap panels described one sentence each; the rest are counted.
MAX_PANELS = 8
#: Most cells of one data table; a larger one keeps its first rows and says so.
MAX_TABLE_CELLS = 4096
#: Entries listed one by one (more are summarised); non-zero columns or rows named.
_LISTED, _FEW = 8, 3
_TAG, _POWER = re.compile(r"<[^>]*>"), re.compile(r"e([-+]\d+)")
_UP = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _count(count: int, noun: str) -> str:  # "1 entry", "3 entries", "2 rows"
    return plural(count, noun, "entries" if noun == "entry" else noun + "s")


def plain_text(html: str | None) -> str:
    """Figure text as running text: Unicode subscripts, line breaks as spaces, no tags."""
    return " ".join(_TAG.sub("", plain(re.sub(r"<br\s*/?>", " ", html or ""))).split())


def number(x: float, digits: int = 3) -> str:
    """A value for running text, trailing zeros dropped: '3', '−1.5', '1 × 10⁻⁸'."""
    return re.sub(r"\.?0+ ×", " ×", text_sci(float(x), digits))


def _cell(x: float) -> str:  # 6 significant digits: '0.00123', '1.23457 × 10⁶', '' for NaN
    text = _POWER.sub(lambda e: " × 10" + str(int(e[1])).translate(_UP), f"{x + 0.0:.6g}")
    return text.replace("-", "−") if x == x else ""


@dataclass(frozen=True)
class DataTable:
    """The numbers behind one part of a figure (a heatmap, a bar chart, traces), as a table.

    Attributes
    ----------
    title, row_title, column_title : str
        What the table, its rows and its columns are (the axis titles).
    rows, columns : tuple of str
        Labels as the figure shows them (1-based indices, or names).
    values : (r, c) ndarray
        The data (NaN: not drawn); of a table cut to fit, the first rows (``note`` says so).
    """

    title: str
    row_title: str
    column_title: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    values: NDArray
    shape: tuple[int, int]
    note: str = ""

    def cells(self) -> list[list[str]]:
        """The values as running text (6 significant digits; '' where nothing is drawn)."""
        return [[_cell(x) for x in row] for row in self.values.tolist()]


def _table(title: str, row_title: str, column_title: str, rows: Sequence[str],
           columns: Sequence[str], values: NDArray) -> DataTable:
    values = np.asarray(values, dtype=float)
    return DataTable(title, row_title, column_title, tuple(rows), tuple(columns), values,
                     values.shape)


def _cut(t: DataTable, max_cells: int) -> DataTable:
    """The first rows (and columns) of ``t`` that fit in ``max_cells``, names made distinct."""
    c = min(len(t.columns), max_cells)
    r = min(len(t.rows), max(max_cells // max(c, 1), 1))
    names = tuple(n if t.columns[:c].count(n) == 1 else f"{n} ({q})"
                  for q, n in enumerate(t.columns[:c], 1))
    rows, cols = t.shape
    note = "" if (r, c) == t.shape else f"The first {r:,} of {_count(rows, 'row')}" + (
        "" if c == cols else f" and {c:,} of {_count(cols, 'column')}") + " are shown."
    return replace(t, rows=t.rows[:r], columns=names, values=t.values[:r, :c], note=note)


def _array(value: Any, dtype: Any = None) -> NDArray:
    """A trace's array from its dict form: plotly's base64 typed array, or a list."""
    if isinstance(value, Mapping) and "bdata" in value:
        out = np.frombuffer(base64.b64decode(value["bdata"]), np.dtype(value["dtype"]))
        value = out.reshape([int(s) for s in str(value.get("shape", out.size)).split(",")])
    return np.asarray(value, dtype=dtype)  # float: None (a gap) is NaN


def _label(value: Any) -> str:
    """A tick label or a place: whole numbers in full ('1615', not '1.62 × 10³'), others as
    values, strings as running text."""
    return plain_text(value) if isinstance(value, str) else \
        str(int(value)).replace("-", "−") if float(value).is_integer() else number(value)


def _title(node: Any) -> str:  # the text of a title, or of a layout's or an axis's title
    while isinstance(node, Mapping):
        node = node.get("text", node.get("title"))
    return plain_text(node)


def _axis(lay: Mapping, letter: str, trace: Mapping | None = None) -> Mapping:
    """The layout of the x or y axis (a trace's own, given the trace)."""
    return lay.get(f"{letter}axis{(trace or {}).get(f'{letter}axis', letter)[1:]}", {})


def _xy(trace: Mapping) -> tuple[NDArray, NDArray]:
    return _array(trace.get("x", []), float).ravel(), _array(trace.get("y", []), float).ravel()


def _heatmap(lay: Mapping, trace: Mapping, panels: int) -> DataTable:
    Z = np.atleast_2d(_array(trace["z"], float))
    name = plain_text(trace.get("name"))
    rows = [_label(v) for v in _array(trace.get("y", range(1, Z.shape[0] + 1)))]
    # drawn at x0 (no column's index): named by the trace; a lone row or column labelled in
    # words names its panel better than the trace does
    columns = [_label(v) for v in _array(trace["x"])] if "x" in trace else \
        [name or "value"] * Z.shape[1]
    words = rows[0] if len(rows) == 1 and not rows[0].isdigit() else \
        columns[0] if len(columns) == 1 and not columns[0].isdigit() and "x" in trace else ""
    label = _title(lay) if panels == 1 else words or name
    return _table(label, _title(_axis(lay, "y", trace)) or "row",
                  _title(_axis(lay, "x", trace)) or "column", rows, columns, Z)


def _at(noun: str, label: str) -> str:
    """'row 2' for an index, the label itself for a name ('a')."""
    return f"{noun} {label}" if label.isdigit() else label


def _run(v: NDArray, order: str, noun: str = "", labels: Sequence[str] = ()) -> str:
    """A row or column's values (at ``noun`` ``labels``): listed when few, else summarised."""
    if v.size <= _LISTED:
        return f"{order}: " + ", ".join(number(x) if np.isfinite(x) else "empty" for x in v)
    return _summary(v[:, None], lambda i, _: _at(noun, labels[i]), "entry")


def _summary(Z: NDArray, place: Callable[[int, int], str], noun: str) -> str:
    """Range, the largest |value| and its ``place`` (from its indices), zeros, empty cells."""
    finite = Z[np.isfinite(Z)]
    zeros, empty = int(np.count_nonzero(finite == 0)), Z.size - finite.size
    i, j = np.unravel_index(np.nanargmax(np.abs(Z)), Z.shape)
    ties = int(np.count_nonzero(np.abs(finite) == abs(Z[i, j])))  # e.g. −159 and 159
    out = (f"values from {number(finite.min())} to {number(finite.max())}; the largest in "
           f"magnitude, {number(Z[i, j])}, is at {place(int(i), int(j))}"
           + (f" (one of {ties} entries of that size)" if ties > 1 else "") + f"; {zeros:,} of "
           f"{_count(finite.size, noun)} {'is' if zeros == 1 else 'are'} 0")
    return out + (f"; {plural(empty, 'cell is', 'cells are')} empty" if empty else "")


def _named(g: DataTable, noun: str, axis: int) -> str | None:
    """'column 2, top to bottom: 3, −1.5; every other column is 0' when the non-zeros sit in
    a few of the columns (axis 0) or rows (axis 1), else None."""
    lines, labels = (g.values.T, g.columns) if axis == 0 else (g.values, g.rows)
    hit = np.flatnonzero(np.any(np.nan_to_num(lines) != 0, axis=1))
    if not 0 < len(hit) <= _FEW or len(hit) == len(labels):
        return None
    order, other = ("top to bottom", ("row", g.rows)) if axis == 0 else \
        ("left to right", ("column", g.columns))
    told = [f"{_at(noun, labels[q])}, {_run(lines[q], order, *other)}" if lines.shape[1] > 1
            else f"{_at(noun, labels[q])} is {number(lines[q, 0])}" for q in hit]
    rest = np.delete(lines, hit, axis=0)
    return "; ".join([*told, f"every other {noun} is 0" if np.isfinite(rest).all() else
                      f"no other {noun} holds a value other than 0"])


def _matrix_text(g: DataTable, noun: str = "entry") -> str:
    """What a matrix holds, by the most telling fact: all 0, its values (few), a few non-zero
    columns or rows, or its range and largest entry."""
    Z, (r, c) = g.values, g.values.shape
    finite = Z[np.isfinite(Z)]
    if Z.size == 1:
        return f"its one {noun} is " + (number(Z[0, 0]) if finite.size else "empty")
    if not finite.any():
        return "every cell is empty" if not finite.size else \
            f"every {noun} is 0" + ("" if finite.size == Z.size else " or empty")
    told = _named(g, noun, 0) if noun == "bar" else None
    if not told and min(r, c) == 1 and Z.size <= _LISTED:
        head = f"column {g.columns[0]}, " if c == 1 and g.columns[0].isdigit() else ""
        return head + _run(Z.ravel(), "left to right" if r == 1 else "top to bottom")
    told = told or _named(g, "column", 0) or _named(g, "row", 1)
    if told:
        return told
    if Z.size <= 12:
        return "; ".join(f"{_at('row', g.rows[i])}: " + ", ".join(number(x) for x in Z[i])
                         for i in range(r))
    return _summary(Z, lambda i, j: ", ".join(
        [_at("row", g.rows[i])] * (r > 1) + [_at("column", g.columns[j])] * (c > 1)), noun)


def _dims(g: DataTable) -> str:
    """'3 rows × 64 columns', with an axis title that says more than 'row i'."""
    said = [(g.shape[0], "row", g.row_title), (g.shape[1], "column", g.column_title)]
    return " × ".join(_count(count, noun) + ("" if t in ("", g.title) or t.startswith(noun)
                                             else f" ({t})") for count, noun, t in said)


def _cap(text: str) -> str:
    """Capitalised when it starts with a word of ours, not with a name ("a", "u = Wᵀa")."""
    ours = ("column", "row", "every", "its", "values", "left", "top", "no", "bar")
    return text[:1].upper() + text[1:] if text.startswith(ours) else text


def _coloured(trace: Mapping) -> NDArray | None:
    """The values of markers coloured by value (a numeric array), else None."""
    color = trace.get("marker", {}).get("color")
    values = _array([] if color is None or isinstance(color, str) else color).ravel()
    return values.astype(float) if values.size and values.dtype.kind in "iuf" else None


def _trace_text(trace: Mapping, index: int) -> str:
    """One line or marker trace: its name, ranges and lowest point, or the line it is."""
    name = f"“{plain_text(trace.get('name')) or f'trace {index}'}”"
    (x, y), values = _xy(trace), _coloured(trace)
    xs, ys = x[drawn := np.isfinite(x) & np.isfinite(y)], y[drawn]
    if values is not None:
        return f"{name}: {_count(xs.size, 'marker')} coloured by value; " + _summary(
            values[drawn][:, None], lambda i, _: f"x = {_label(xs[i])}, y = {_label(ys[i])}",
            "marker")
    if not xs.size:
        return f"{name}: nothing drawn"
    if xs.size == 2 and (xs[0] == xs[1] or ys[0] == ys[1]):
        return f"{name}: a " + (f"vertical line at x = {number(xs[0], 2)}" if xs[0] == xs[1]
                                else f"horizontal line at y = {number(ys[0], 2)}")
    count = _count(x.size, "point") if xs.size == x.size else \
        f"{xs.size:,} of {_count(x.size, 'point')} drawn"
    span = f"x from {number(xs.min(), 2)} to {number(xs.max(), 2)}" if xs.min() < xs.max() \
        else f"x = {number(xs[0], 2)}"
    if ys.min() == ys.max():
        return f"{name}: {count} at y = {number(ys[0], 2)}, {span}"
    low = int(np.argmin(ys))
    return (f"{name}: {count}, {span}, y from {number(ys[low], 2)} to {number(ys.max(), 2)}; "
            f"lowest point y = {number(ys[low], 2)} at x = {number(xs[low], 2)}")


def _diagram(traces: Sequence[Mapping], lay: Mapping) -> str:
    """A drawing with hidden axes: its title, labelled nodes, lines and labels."""
    nodes = ", ".join(plain_text(s) for t in traces if "text" in t.get("mode", "")
                      for s in np.ravel(t.get("text", []))) or "no labelled node"
    notes = ", ".join(plain_text(a.get("text")) for a in lay.get("annotations", ()))
    return (f"Diagram: {_title(lay)}. Nodes {nodes}, joined by "
            f"{plural(sum(t.get('mode') == 'lines' for t in traces), 'line', 'lines')}."
            + (f" Labels: {notes}." if notes else ""))


def _parts(fig: go.Figure | Mapping) -> tuple[Mapping, list[DataTable], list[DataTable], Any]:
    """Layout, heatmaps and bar charts as tables, and the other traces."""
    spec = fig if isinstance(fig, Mapping) else fig.to_dict()
    traces, lay = spec.get("data", ()), spec.get("layout", {})
    maps = [t for t in traces if t.get("type") == "heatmap"]
    return (lay, [_heatmap(lay, t, len(maps)) for t in maps],
            [_table(_title(lay), "", _title(_axis(lay, "x", t)), (_title(_axis(lay, "y", t)),),
                    [_label(v) for v in _xy(t)[0]], _xy(t)[1][None, :])  # a bar chart: a row
             for t in traces if t.get("type") == "bar"],
            [t for t in traces if t.get("type") not in ("heatmap", "bar")])


def describe(fig: go.Figure | Mapping) -> str:
    """A few plain sentences saying what ``fig`` (or its dict form) shows, with the numbers
    that matter: the title, a sentence per heatmap panel (up to :data:`MAX_PANELS`) and per
    bar chart, or what the axes are and a sentence per line or marker trace.

    >>> from hadviz.figures import slice_figure
    >>> describe(slice_figure(np.array([[3.0, 1.0], [-1.5, 0.0]]), 0))
    'Heatmap, 2 rows × 2 columns: ∂f₁/∂W: 0 outside column 1. Column 1, top to bottom: 3, \
−1.5; every other column is 0.'
    """
    lay, grids, bars, traces = _parts(fig)
    if lay.get("xaxis", {}).get("visible") is False:
        return _diagram(traces, lay)
    title = _title(lay)
    named = f": {title}." if title else "."  # an untitled figure: no empty title
    if len(grids) == 1:
        out = [f"Heatmap, {_dims(grids[0])}{named}", _cap(_matrix_text(grids[0])) + "."]
    elif grids:
        out = [f"{len(grids)} heatmaps{named}"] + [
            f"Panel “{g.title}”, {_dims(g)}: {_matrix_text(g)}." for g in grids[:MAX_PANELS]]
        out += [f"And {plural(len(grids) - MAX_PANELS, 'more panel', 'more panels')}."] * (
            len(grids) > MAX_PANELS)
    else:
        axes = [f"{a} is {_title(_axis(lay, a)) or 'unnamed'}"
                + (" (log scale)" if _axis(lay, a).get("type") == "log" else "") for a in "xy"]
        out = [f"Plot{named}", f"Axes: {'; '.join(axes)}."] if traces else []
    for g in bars:
        out += [f"Bar chart, {_count(g.shape[1], 'bar')} ({g.column_title}): {g.title}.",
                _cap(_matrix_text(g, "bar")) + "."]
    out += [f"{_trace_text(t, q)}." for q, t in enumerate(traces, 1)]
    if not grids:  # notes on a plot (a heatmap's are column pointers and panel names)
        out += [f"Note: {plain_text(a.get('text'))}." for a in lay.get("annotations", ())]
    return " ".join(out)


def data_tables(fig: go.Figure | Mapping,
                max_cells: int = MAX_TABLE_CELLS) -> tuple[DataTable, ...]:
    """The data behind ``fig``: a table per heatmap (its matrix), bar chart (one row), group
    of line traces at the same x (a row per x, a column per trace) and marker trace coloured
    by value (x, y, value); none for a diagram. Each keeps at most ``max_cells`` cells.

    >>> from hadviz.figures import slice_figure
    >>> t, = data_tables(slice_figure(np.array([[3.0, 1.0], [-1.5, 0.0]]), 0))
    >>> t.rows, t.columns, t.cells()
    (('1', '2'), ('1', '2'), [['3', '0'], ['−1.5', '0']])
    """
    lay, grids, bars, traces = _parts(fig)
    if lay.get("xaxis", {}).get("visible") is False:
        return ()
    runs = groupby(grids + bars, lambda g: g.rows if g.shape[1] == 1 else id(g))
    out = [run[0] if len(run) == 1 else _table(  # one-column panels side by side: one table
        ", ".join(g.title for g in run) if len(run) <= 3 else _title(lay), run[0].row_title,
        run[0].column_title, run[0].rows, [c for g in run for c in g.columns],
        np.hstack([g.values for g in run])) for run in (list(r) for _, r in runs)]
    x_title, y_title = (_title(_axis(lay, a)) or a for a in "xy")
    groups: dict[bytes, list[Mapping]] = {}
    for t in traces:
        (x, y), values = _xy(t), _coloured(t)
        if values is None:
            groups.setdefault(x.tobytes(), []).append(t)
            continue
        out.append(_table(plain_text(t.get("name")) or "markers", "marker", "",
                          [str(q) for q in range(1, x.size + 1)], [x_title, y_title, "value"],
                          np.column_stack([x, y, values])))
    for group in groups.values():
        names = [plain_text(t.get("name")) or y_title for t in group]
        out.append(_table(names[0] if len(group) == 1 else _title(lay), x_title,
                          y_title, [_cell(v) for v in _xy(group[0])[0].tolist()], names,
                          np.column_stack([_xy(t)[1] for t in group])))
    return tuple(_cut(t, max_cells) for t in out)
