"""The number editor: W and the model's parameters (a and b, or A and B) typed in the main
area, in grids as wide as the matrix.

Shown at the top of every page while "Type the numbers myself" is on. Cells are text, so a
bad entry stays in its cell as typed; the message next to the grids names each bad cell and
what is wrong (:mod:`hadviz.cells`), and the problem keeps the last valid numbers. W can
also be pasted as text: rows on lines or separated by ;, numbers by spaces or commas, or a
nested list as `W.tolist()` or `np.array([...])` prints it (read as a literal, never run).
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from hadviz.cells import BadCellsError, hand_data_from_cells, parse_pasted
from hadviz.ui.url import set_hand_data
from hadviz.urlstate import HandData, Rows, format_number

__all__ = ["numbers_editor"]


def _typed(rows: list[list[object]]) -> list[list[object]]:
    """The grid's cells as typed: a cleared text cell comes back as a float NaN (typing
    "nan" gives the text "nan"), so a float NaN is an empty cell."""
    return [[None if isinstance(x, float) and math.isnan(x) else x for x in row]
            for row in rows]


def _apply_paste() -> None:
    ss = st.session_state
    base: HandData = ss.hv_data
    try:
        rows = parse_pasted(ss.hv_paste, len(base.W), len(base.W[0]))
        tables = [t if base.model.rows else [row[0] for row in t] for t in base.params]
        data = hand_data_from_cells(rows, tables, base.fn)
    except ValueError as exc:  # BadCellsError names the cells; HandData its own checks
        ss.hv_paste_error = f"Pasted W not applied: {exc}."
        return
    ss.hv_paste_error = None
    set_hand_data(data)


def _table(name: str, rows: Rows, labels: list[str], version: int, columns: list[str],
           height: int) -> pd.DataFrame:
    return st.data_editor(
        pd.DataFrame([[format_number(x) for x in row] for row in rows], columns=columns,
                     index=labels),
        key=f"hv_{name}_grid_{version}", width="stretch", num_rows="fixed", height=height)


def _grids(base: HandData, version: int) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """W's grid, and one grid per parameter: a and b side by side in one table, A and B
    (m × p) each in their own."""
    m, n = len(base.W), len(base.W[0])
    labels = [f"row {i + 1}" for i in range(m)]
    height = min(35 * (m + 1) + 3, 420)
    named = base.named()
    matrices = base.model.rows
    p = len(base.params[0][0])
    widths = [max(n, 3) + 1] + ([max(p, 2) + 1] * len(named) if matrices else [3])
    left, *right = st.columns(widths)
    with left:
        st.markdown(f"**W** ({m} × {n})")
        W_df = _table("W", base.W, labels, version, [f"col {j + 1}" for j in range(n)], height)
    if matrices:
        tables = []
        for col, (name, rows) in zip(right, named.items(), strict=True):
            with col:
                st.markdown(f"**{name}** ({m} × {p})")
                tables.append(_table(name, rows, labels, version,
                                     [f"col {j + 1}" for j in range(p)], height))
        return W_df, [df.values.tolist() for df in tables]
    with right[0]:
        st.markdown(f"**{', '.join(named)}** (length {m})")
        ab = _table("ab", tuple(zip(*(tuple(r[0] for r in rows) for rows in named.values()),
                                    strict=True)), labels, version, list(named), height)
    return W_df, [ab[name].tolist() for name in named]


def numbers_editor() -> None:
    """The grids, their verdict, and the paste box; updates ``hv_data`` when all cells are
    valid."""
    ss = st.session_state
    base: HandData | None = ss.get("hv_editor_base")
    if not ss.get("hv_edit") or base is None:
        return
    names = " and ".join(base.model.param_names)
    with st.expander(f"Your numbers: type W, {names}", expanded=True,
                     icon=":material/edit:"):
        W_df, tables = _grids(base, ss.hv_editor_version)
        cells = [_typed(t) if base.model.rows else _typed([t])[0] for t in tables]
        try:
            data = hand_data_from_cells(_typed(W_df.values.tolist()), cells, base.fn)
        except ValueError as exc:
            count = len(exc.cells) if isinstance(exc, BadCellsError) else 1
            st.error(f"Not applied ({count} bad {'cell' if count == 1 else 'cells'}): {exc}. "
                     "Every page keeps showing the last valid numbers until the cells are "
                     "fixed.", icon=":material/block:")
        else:
            ss.hv_data = data
            st.caption("Every cell is a number: the pages show these numbers, and the link "
                       "carries them (W as rows separated by ; and numbers by ,).")
        st.text_area("Or paste W: rows on lines or separated by ;, numbers by spaces or commas; "
                     "or a nested list, [[1, 2], [3, 4]] or np.array([[1, 2], [3, 4]])",
                     key="hv_paste", height=80, on_change=_apply_paste,
                     placeholder="1 2 3\n4 5 6",
                     help="As a spreadsheet, MATLAB ([1 2; 3 4]), print(W), W.tolist() or "
                     "numpy's repr array([[…]]) write it. Only the numbers are read: nothing "
                     "pasted is run. Inside np.array(…) the nested list stands alone (no "
                     "dtype=).")
        if ss.get("hv_paste_error"):
            # the message quotes what was pasted: shown as typed, not read as Markdown
            quoted = ss.hv_paste_error.replace("\\", "\\\\")
            for mark in "_*`[]<>#~|":
                quoted = quoted.replace(mark, "\\" + mark)
            st.error(quoted, icon=":material/block:")
