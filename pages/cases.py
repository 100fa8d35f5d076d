"""Smallest cases first (url path /cases): m = n = 1, then n = 1, then every column."""

from dataclasses import replace

import streamlit as st

from hadviz import ui
from hadviz.problem import Problem
from hadviz.urlstate import HandData, problem_query
from hadviz.views.cases import cases_view

ctx = ui.context()
view = ui.view(cases_view, ctx.spec)


def show_case(sub: Problem, key: str) -> None:
    """Open this page on exactly the numbers of ``sub``: a link carrying them (typed numbers,
    ``mode=edit``), or, when they are too long for a link, a button that loads them here."""
    spec = replace(ctx.spec, m=sub.m, n=sub.n, data=HandData.from_problem(sub))
    query, shareable = problem_query(spec)
    label = f"Show me this case: the {sub.m} × {sub.n} problem above, as its own problem"
    if shareable:
        st.page_link(ctx.pages[ctx.position], label=label, icon=":material/zoom_in:",
                     query_params=query | ({"present": "1"} if ctx.present else {}),
                     help="Opens this page on exactly these numbers, typed in.")
    else:
        st.button(label, key=key, icon=":material/zoom_in:", on_click=ui.url.apply_spec,
                  args=(spec,), help="These numbers are too long for a link: the button "
                  "loads them here, as typed numbers.")


st.title("Smallest cases first")
ui.intro(
    "The general answer is easier to trust once it has been seen small. Three steps lead "
    "to the whole Jacobian: a 1 × 1 problem, one column, then every "
    "column, for the function chosen in the sidebar. Each is worked with your own numbers and "
    "checked (✓) against a derivative computed from the function alone, without the formula "
    "under test; the fold below says how."
)
with st.expander("How is this checked?", icon=":material/help:"):
    st.markdown(view.checking)
for number, case in enumerate(view.cases, start=1):
    with st.container(border=True):
        st.header(f"{number}. {case.title}")
        st.markdown(case.text)
        st.latex(case.formula)
        st.latex(case.numbers)
        mark = "✓" if case.check.passed else "✗"
        st.caption(f"{mark} against {case.reference}: {case.check.summary()}.")
        if case.note:
            st.markdown(case.note)
        if case.sub is not None:
            show_case(case.sub, f"cases_show_{number}")
