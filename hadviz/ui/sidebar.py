"""The shared sidebar: presentation mode, and the size, seed and distribution of the problem.

The switch "Type the numbers myself" opens the number editor in the main area
(:mod:`hadviz.ui.editor`).
"""

from __future__ import annotations

import secrets

import streamlit as st

from hadviz.models import MODELS
from hadviz.problem import DISTRIBUTIONS, random_problem
from hadviz.ui.url import set_hand_data, spec_from_widgets
from hadviz.urlstate import MAX_P, MAX_SEED, MAX_SIZE, HandData, Rows

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


def _kept(fresh: Rows, old: Rows) -> Rows:
    """``old``'s numbers where they still fit in ``fresh``'s shape, ``fresh``'s elsewhere."""
    out = []
    for r, new in enumerate(fresh):
        before = old[r][:len(new)] if r < len(old) else ()
        out.append(before + new[len(before):])
    return tuple(out)


def _resize_hand_data() -> None:
    """Keep typed numbers that still fit when m, n, p or the function change; fill the rest
    from the draw (the function's own parameters replace the old ones where names differ)."""
    ss = st.session_state
    if not ss.hv_edit or ss.hv_data is None:
        return
    fresh = HandData.from_problem(random_problem(ss.hv_m, ss.hv_n, ss.hv_seed, ss.hv_dist,
                                                 ss.hv_fn, int(ss.get("hv_p", 1))))
    old: HandData = ss.hv_data.for_model(ss.hv_fn, int(ss.get("hv_p", 1)))
    set_hand_data(HandData(_kept(fresh.W, old.W),
                           tuple(_kept(f, o) for f, o in zip(fresh.params, old.params,
                                                             strict=True)), fresh.fn))


def problem_controls() -> None:
    """The problem part of the sidebar."""
    ss = st.session_state
    st.toggle("Presentation mode", key="hv_present",
              help="For a projector: large type, the sidebar folded away, one step at a time. "
                   "Keys: ← and → step through a walk-through, N draws a new problem. The link "
                   "keeps the mode (present=1).")
    st.subheader("Problem")
    st.selectbox("Function", tuple(MODELS), key="hv_fn", on_change=_resize_hand_data,
                 format_func=lambda fn: MODELS[fn].label,
                 help="The question's f, or a variant: every page shows the chosen function "
                      "(URL parameter fn).")
    if MODELS[ss.hv_fn].rows:
        st.number_input("p (columns of A and B)", 1, MAX_P, step=1, key="hv_p",
                        on_change=_resize_hand_data,
                        help=f"A and B are m × p, so F is p × n (1 to {MAX_P}; p = 1 is the "
                             "question).")
    # one per line: wide enough for the − and + buttons
    st.number_input("m (rows)", 1, MAX_SIZE, step=1, key="hv_m", on_change=_resize_hand_data,
                    help="Rows of W, and the length of a and b (rows of A and B) (1 to 64).")
    st.number_input("n (columns)", 1, MAX_SIZE, step=1, key="hv_n",
                    on_change=_resize_hand_data,
                    help="Columns of W, and the length of f (columns of F) (1 to 64).")
    st.selectbox("Distribution", DISTRIBUTIONS, key="hv_dist",
                 format_func=_DIST_LABELS.__getitem__, disabled=ss.hv_edit)
    st.number_input("Seed", 0, MAX_SEED, step=1, key="hv_seed", disabled=ss.hv_edit,
                    help="The same size, seed and distribution give the same numbers everywhere.")
    st.button("New random problem", on_click=_new_random_problem, key="hv_new",
              icon=":material/casino:", width="stretch", shortcut="N",
              help="Draw a new seed (in hand-typed mode: replace the typed numbers)")
    st.toggle("Type the numbers myself", key="hv_edit", on_change=_toggle_edit,
              help="Edit W and the parameters (a and b, or A and B) in grids at the top of the "
                   "page, e.g. to match numbers on the board.")
