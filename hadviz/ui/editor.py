"""The number editor: W, a and b typed in the main area, in grids as wide as the matrix.

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
from hadviz.urlstate import HandData, format_number

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
        data = hand_data_from_cells(rows, base.a, base.b)
    except ValueError as exc:  # BadCellsError names the cells; HandData its own checks
        ss.hv_paste_error = f"Pasted W not applied: {exc}."
        return
    ss.hv_paste_error = None
    set_hand_data(data)


def _grids(base: HandData, version: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    m, n = len(base.W), len(base.W[0])
    rows = [f"row {i + 1}" for i in range(m)]
    left, right = st.columns([max(n, 3) + 1, 3])
    with left:
        st.markdown(f"**W** ({m} × {n})")
        W_df = st.data_editor(
            pd.DataFrame([[format_number(x) for x in row] for row in base.W],
                         columns=[f"col {j + 1}" for j in range(n)], index=rows),
            key=f"hv_W_grid_{version}", width="stretch", num_rows="fixed",
            height=min(35 * (m + 1) + 3, 420))
    with right:
        st.markdown(f"**a, b** (length {m})")
        ab_df = st.data_editor(
            pd.DataFrame({"a": list(map(format_number, base.a)),
                          "b": list(map(format_number, base.b))}, index=rows),
            key=f"hv_ab_grid_{version}", width="stretch", num_rows="fixed",
            height=min(35 * (m + 1) + 3, 420))
    return W_df, ab_df


def numbers_editor() -> None:
    """The grids, their verdict, and the paste box; updates ``hv_data`` when all cells are
    valid."""
    ss = st.session_state
    base: HandData | None = ss.get("hv_editor_base")
    if not ss.get("hv_edit") or base is None:
        return
    with st.expander("Your numbers: type W, a and b", expanded=True,
                     icon=":material/edit:"):
        W_df, ab_df = _grids(base, ss.hv_editor_version)
        try:
            data = hand_data_from_cells(_typed(W_df.values.tolist()),
                                        *_typed([ab_df["a"].tolist(), ab_df["b"].tolist()]))
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
