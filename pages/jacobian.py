"""The Jacobian page (url path /jacobian): slices, one entry, compact and vec layouts."""

import streamlit as st

from hadviz import ui
from hadviz.views import INDEX_CONVENTION

ctx = ui.context()
p = ctx.problem

st.title("The Jacobian of f")
st.latex(INDEX_CONVENTION)
st.caption("Indices count from 1, as in the math. k picks a component of f, (i, j) an entry of W.")

c1, c2, c3 = st.columns(3)
k = ui.index_param("k: component of f", "k", p.n, container=c1,
                   help="Shows the slice ∂f_k/∂W and highlights row k of the vec-Jacobian.")
i = ui.index_param("i: row of W", "i", p.m, container=c2)
j = ui.index_param("j: column of W", "j", p.n, container=c3)
view = ui.cached_jacobian_view(ctx.spec, k, i, j)

st.info(view.sparsity.explanation(), icon="🔎")

st.subheader(f"One slice: ∂f_{k + 1}/∂W")
st.plotly_chart(view.slice_figure, width="stretch", key="slice")
st.plotly_chart(view.multiples_figure, width="stretch", key="multiples")

st.subheader(f"One entry: ∂f/∂W_{i + 1},{j + 1}")
st.latex(view.entry_latex)
st.plotly_chart(view.entry_figure, width="stretch", key="entry")

st.subheader("The whole Jacobian in two layouts")
st.plotly_chart(view.compact_figure, width="stretch", key="compact")
st.plotly_chart(view.vec_figure, width="stretch", key="vec")
