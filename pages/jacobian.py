"""The Jacobian page (url path /jacobian): slices, one entry, compact and vec layouts."""

import streamlit as st

from hadviz import exports, jacobian, ui
from hadviz.views.jacobian import INDEX_CONVENTION, jacobian_view

ctx = ui.context()
p = ctx.problem

st.title("The Jacobian of f")
st.latex(INDEX_CONVENTION)
st.caption(
    "Indices count from 1, as in the math: k is a component of f, i a row of W, j a column of "
    "W. Layouts: J[k, i, j] is output-first (numerator layout), shape (n, m, n), the shape "
    "torch.func.jacrev and jax.jacrev give; a slice J[k] = ∂fₖ/∂W is an m × n matrix in W's "
    "shape; G is m × n in W's shape, the gradient of gᵀf with respect to W for g = 1 (all "
    "ones); the vec-Jacobian is "
    "n × mn against vec(W) stacked column by column (column-major)."
)

c1, c2, c3 = st.columns(3)
k = ui.index_param("k: component of f", "k", p.n, container=c1,
                   help="Shows the slice ∂fₖ/∂W and highlights row k of the vec-Jacobian.")
i = ui.index_param("i: row of W", "i", p.m, container=c2)
j = ui.index_param("j: column of W", "j", p.n, container=c3)
window = min(p.n, 8)
slices = "window"
if p.n > window:
    slices = ui.choice_param("Small multiples", "slices", ("window", "all"), "window",
                             labels={"window": f"{window} slices around k",
                                     "all": f"all {p.n} slices"},
                             help="The window follows k; all slices are drawn eight to a row.")
view = ui.view(jacobian_view, ctx.spec, k, i, j, slices == "all")

st.info(view.sparsity_note, icon=":material/search:")

st.subheader(f"One slice: $\\partial f_{{{k + 1}}}/\\partial W$")
ui.plot(view.slice_figure, key="slice")
ui.plot(view.multiples_figure, key="multiples")

st.subheader(f"One entry: $\\partial f/\\partial W_{{{i + 1},{j + 1}}}$")
st.latex(view.entry_latex)
ui.plot(view.entry_figure, key="entry")

st.subheader("The whole Jacobian in two layouts")
ui.plot(view.compact_figure, key="compact")
ui.plot(view.vec_figure, key="vec")

st.divider()
p_tag = f"{p.m}x{p.n}"
ui.downloads("Take it home: G and J", [
    ui.Download("G as CSV", f"G_{p_tag}.csv", "text/csv", lambda: exports.g_csv(view.G)),
    ui.Download("G as .npy", f"G_{p_tag}.npy", "application/octet-stream",
                lambda: exports.npy(view.G)),
    ui.Download("J as CSV", f"J_{p_tag}.csv", "text/csv",
                lambda: exports.j_csv(jacobian(p.W, p.a, p.b))),
    ui.Download("J as .npy", f"J_{p_tag}.npy", "application/octet-stream",
                lambda: exports.npy(jacobian(p.W, p.a, p.b))),
], caption="G is m × n (rows i, columns k). J[k, i, j] = ∂fₖ/∂Wᵢⱼ: the .npy has shape "
           "(n, m, n); the CSV has one row k, i, j, value per entry, indices from 1. Numbers "
           "are written to full precision.")
