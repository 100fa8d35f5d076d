"""Drawing the core's figures: coloured for the page's theme once, then sent as they are.

The core builds each figure once, in no theme. :func:`plot` colours it for the page's light
or dark theme, and in presentation mode sets its text for a projector
(:func:`~hadviz.figures.style.theme_spec` on its dict form), the first time it is drawn
so, and keeps the result next to the figure for as long as the figure lives (a cached view
keeps it alive; see :mod:`hadviz.ui.cache`). ``st.plotly_chart`` takes a ``go.Figure`` and
sends ``fig.to_dict()``; :class:`Sendable` is a figure whose dict form is already that
coloured dict, so a rerun neither copies nor re-validates it. The core's figures are
validated when they are built (and the tests validate every coloured form).

Every plot is readable without seeing it: its text alternative
(:func:`~hadviz.figures.describe.describe`) comes just before it as screen-reader text, and
the numbers behind it (:func:`~hadviz.figures.describe.data_tables`) as tables in a collapsed
expander; both are built once per figure, like its coloured form.
"""

from __future__ import annotations

import html
import threading
import weakref
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from hadviz.figures.describe import DataTable, data_tables, describe
from hadviz.figures.style import theme_spec
from hadviz.ui.frame import context
from hadviz.ui.style import SR_ONLY

__all__ = ["Alternative", "Sendable", "alternative", "plot", "sendable"]

class Sendable(go.Figure):
    """A figure already in the form ``st.plotly_chart`` sends: ``to_dict()`` returns it.

    Only ``to_dict`` is meant to be used; plotly's property machinery is not set up.
    """

    def __init__(self, spec: dict[str, Any]) -> None:  # no validation: the core did it
        self.__dict__["_spec"] = spec

    def to_dict(self) -> dict[str, Any]:
        """The figure's dict form (shared: read it, do not change it)."""
        return self.__dict__["_spec"]


#: id(figure) -> {(dark, present): Sendable}, emptied when the figure is collected
_SENT: dict[int, dict[tuple[bool, bool], Sendable]] = {}
_LOCK = threading.Lock()


def sendable(fig: go.Figure, dark: bool, present: bool = False) -> Sendable:
    """``fig`` coloured for a light or dark page (and set for a projector in presentation
    mode), built once per figure, theme and mode."""
    key = id(fig)
    with _LOCK:
        themes = _SENT.get(key)
        if themes is None:
            themes = _SENT[key] = {}
            weakref.finalize(fig, _SENT.pop, key, None)
        if (dark, present) not in themes:
            themes[dark, present] = Sendable(theme_spec(fig.to_dict(), dark, present))
        return themes[dark, present]


@dataclass(frozen=True)
class Alternative:
    """A figure for readers who cannot see it: its description, and its data as tables
    (title, note when cut, and an Arrow table whose first column names the rows)."""

    text: str
    tables: tuple[tuple[str, str, pa.Table], ...]


#: id(figure) -> its Alternative, emptied when the figure is collected
_ALT: dict[int, Alternative] = {}


def alternative(fig: go.Figure, spec: go.Figure | None = None) -> Alternative:
    """``fig``'s text alternative and data tables, built once per figure (from ``spec``, a
    figure whose dict form is ``fig``'s own, when given: no copy of the data)."""
    key = id(fig)
    with _LOCK:
        if key in _ALT:
            return _ALT[key]
    source = fig if spec is None else spec
    made = Alternative(describe(source), tuple(_arrow(t) for t in data_tables(source)))
    with _LOCK:
        if key not in _ALT:
            _ALT[key] = made
            weakref.finalize(fig, _ALT.pop, key, None)
        return _ALT[key]


#: A table of one row, or with more columns than this and than rows, is sent turned (a row
#: per column of the figure): a long narrow table reads better, and Arrow spends a schema
#: entry per column.
_WIDEST = 16


def _arrow(t: DataTable) -> tuple[str, str, pa.Table]:
    """A data table as its caption, its note and an Arrow table whose first column names
    the rows."""
    rows, columns, cells = t.rows, t.columns, t.cells()
    down, across = t.row_title, t.column_title
    if len(columns) > len(rows) and (len(columns) > _WIDEST or len(rows) == 1):
        rows, columns, down, across = columns, rows, across, down
        cells = [list(line) for line in zip(*cells, strict=True)]
    head = down or "row"
    head = head if head not in columns else f"{head} (row)"
    data = {head: list(rows), **{name: [row[q] for row in cells]
                                 for q, name in enumerate(columns)}}
    what = f"{t.title} (rows: {head}" + (f"; columns: {across})" if across else ")")
    return what, t.note, pa.table(data)


def plot(fig: go.Figure, key: str) -> None:
    """Draw a core figure coloured for the page's theme, with projector-sized text in
    presentation mode; Streamlit's own plotly theme is off. Its description goes just
    before it as screen-reader text, its data in a collapsed expander after it."""
    ctx = context()
    sent = sendable(fig, ctx.dark, ctx.present)
    alt = alternative(fig, sent)
    # hidden by its own style too: the page's stylesheet may arrive after it on a first load
    st.markdown(f'<p class="hv-sr-only" style="{SR_ONLY}">{html.escape(alt.text)}</p>',
                unsafe_allow_html=True)
    st.plotly_chart(sent, theme=None, key=key, width="stretch")
    if alt.tables:
        with st.expander("Data behind this plot (table)"):
            for what, note, table in alt.tables:
                st.caption(f"{what}. {note}".strip())
                # lazy: a long table's rows are fetched as the reader scrolls
                st.dataframe(table, hide_index=True, alt=what, lazy=True)
