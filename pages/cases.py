"""Smallest cases first (url path /cases): m = n = 1, then n = 1, then every column."""

import streamlit as st

from hadviz import ui
from hadviz.views.cases import cases_view

ctx = ui.context()
view = ui.view(cases_view, ctx.spec)

st.title("Smallest cases first")
ui.intro(
    "The general answer is easier to trust once it has been seen small. Three steps, each "
    "with your own numbers and checked against the complex step of f, lead from one number "
    "to the whole Jacobian."
)
for number, case in enumerate(view.cases, start=1):
    with st.container(border=True):
        st.subheader(f"{number}. {case.title}")
        st.markdown(case.text)
        st.latex(case.formula)
        st.latex(case.numbers)
        mark = "✓" if case.check.passed else "✗"
        st.caption(f"{mark} against the complex step of f: {case.check.summary()}.")
        m, n = case.size
        if m is not None and n is not None and (m, n) != (ctx.problem.m, ctx.problem.n):
            ui.link_to_size(f"Show me this case: a {m} × {n} problem", m, n)
