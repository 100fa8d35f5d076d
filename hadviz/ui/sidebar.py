"""The shared sidebar: presentation mode, and the size, seed and distribution of the problem.

The switch "Type the numbers myself" opens the number editor in the main area
(:mod:`hadviz.ui.editor`).
"""

from __future__ import annotations

import secrets

import streamlit as st

from hadviz.problem import DISTRIBUTIONS, random_problem
from hadviz.ui.url import set_hand_data, spec_from_widgets
from hadviz.urlstate import MAX_SEED, MAX_SIZE, HandData

__all__ = ["problem_controls"]

_DIST_LABELS = {"normal": "normal N(0, 1)", "uniform": "uniform [−1, 1)",
                "int": "small integers"}


def _drawn_hand_data() -> HandData:
    """The numbers of the current random draw, as a starting point for typing."""
    return HandData.from_problem(spec_from_widgets(with_data=False).problem())


def _new_random_problem() -> None:
    st.session_state.hv_seed = secrets.randbelow(100_000)
    if st.session_state.hv_edit:
        set_hand_data(_drawn_hand_data())


def _toggle_edit() -> None:
    set_hand_data(_drawn_hand_data() if st.session_state.hv_edit else None)


def _resize_hand_data() -> None:
    """Keep typed numbers that still fit when m or n change; fill the rest from the draw."""
    ss = st.session_state
    if not ss.hv_edit or ss.hv_data is None:
        return
    fresh = HandData.from_problem(random_problem(ss.hv_m, ss.hv_n, ss.hv_seed, ss.hv_dist))
    old: HandData = ss.hv_data

    def kept(new: tuple[float, ...], before: tuple[float, ...]) -> tuple[float, ...]:
        return before[: len(new)] + new[len(before):]

    W = tuple(kept(row, old.W[r]) if r < len(old.W) else row for r, row in enumerate(fresh.W))
    set_hand_data(HandData(W, kept(fresh.a, old.a), kept(fresh.b, old.b)))


def problem_controls() -> None:
    """The problem part of the sidebar."""
    ss = st.session_state
    st.toggle("Presentation mode", key="hv_present",
              help="For a projector: large type, the sidebar folded away, one step at a time. "
                   "Keys: ← and → step through a walk-through, N draws a new problem. The link "
                   "keeps the mode (present=1).")
    st.subheader("Problem")
    # one per line: wide enough for the − and + buttons
    st.number_input("m (rows)", 1, MAX_SIZE, step=1, key="hv_m", on_change=_resize_hand_data,
                    help="Rows of W, and the length of a and b (1 to 64).")
    st.number_input("n (columns)", 1, MAX_SIZE, step=1, key="hv_n",
                    on_change=_resize_hand_data,
                    help="Columns of W, and the length of f (1 to 64).")
    st.selectbox("Distribution", DISTRIBUTIONS, key="hv_dist",
                 format_func=_DIST_LABELS.__getitem__, disabled=ss.hv_edit)
    st.number_input("Seed", 0, MAX_SEED, step=1, key="hv_seed", disabled=ss.hv_edit,
                    help="The same size, seed and distribution give the same numbers everywhere.")
    st.button("New random problem", on_click=_new_random_problem, key="hv_new",
              icon=":material/casino:", width="stretch", shortcut="N",
              help="Draw a new seed (in hand-typed mode: replace the typed numbers)")
    st.toggle("Type the numbers myself", key="hv_edit", on_change=_toggle_edit,
              help="Edit W, a and b in grids at the top of the page, e.g. to match numbers "
                   "on the board.")
