"""The f page (url path /): what f is, with the user's numbers."""

import pandas as pd
import streamlit as st

from hadviz import ui
from hadviz.views.f import ANSWER, QUESTION, f_view

ctx = ui.context()
view = ui.view(f_view, ctx.spec)
p = ctx.problem

st.title("The derivative of f(W) = (aᵀW) ∘ (bᵀW)")
st.markdown("**The question, as it was asked**")
st.info(QUESTION, icon=":material/help:")
st.markdown("**The answer in three lines**")
for line in ANSWER:
    st.markdown(line)
st.caption(
    view.sizes + " Pick the size and the numbers in the sidebar (or type them); the link box "
    "reproduces exactly what you see, and the path at the bottom of every page leads on."
)
st.subheader("f itself, with your numbers")
st.latex(view.formula)
st.markdown(
    f"W is {p.m} × {p.n}, a and b have length {p.m}, so f has length {p.n}: each column "
    "$w_k$ of W gives two numbers $u_k = a\\cdot w_k$ and $v_k = b\\cdot w_k$, and $f_k$ is "
    "their product. The ∘ is the element-wise (Hadamard) product. The question writes f as the "
    "row $(a^TW)\\circ(b^TW)$; hadviz treats f as the column vector "
    "$(W^Ta)\\circ(W^Tb) \\in \\mathbb{R}^n$ with the same numbers, and labels a row $f^T$."
)
ui.plot(view.figure, key="f_overview")
st.latex(view.numbers)

left, right = st.columns(2)
with left:
    st.subheader("f, column by column")
    st.dataframe(
        pd.DataFrame({"k": range(1, p.n + 1), "u_k = a·w_k": view.u, "v_k = b·w_k": view.v,
                      "f_k = u_k v_k": view.f}).set_index("k"),
        width="stretch", key="f_table",
    )
with right:
    st.subheader("The inputs")
    st.latex(view.inputs)
    st.dataframe(pd.DataFrame({"a": p.a, "b": p.b}, index=range(1, p.m + 1)), width="stretch",
                 key="ab_table")
