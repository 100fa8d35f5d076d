"""The Jacobian page (url path /jacobian): slices, one entry, compact and vec layouts."""

import streamlit as st

from hadviz import exports, ui
from hadviz.calculus import expand_compact
from hadviz.views.jacobian import index_convention, jacobian_view, layouts_caption

ctx = ui.context()
p = ctx.problem
model = p.model
F = model.output_letter

st.title(f"The Jacobian of {F}")
st.markdown(f"${model.latex}$, ${model.space}$")
st.latex(index_convention(model))
st.caption(layouts_caption(model))
if note := ui.elision_note():
    st.caption(note)

if model.rows:
    c0, c1, c2, c3 = st.columns(4)
    r = ui.index_param(f"r: row of {F}", "r", p.p, container=c0,
                       help=f"Shows the slice ∂{F}ᵣₖ/∂W and highlights its row of the "
                            "vec-Jacobian.")
else:
    r = 0
    c1, c2, c3 = st.columns(3)
k = ui.index_param(f"k: component of {F}" if not model.rows else f"k: column of {F}", "k", p.n,
                   container=c1,
                   help=f"Shows the slice ∂{F}ₖ/∂W and highlights row k of the vec-Jacobian."
                   if not model.rows else f"Shows the slice ∂{F}ᵣₖ/∂W and the block C_k.")
i = ui.index_param("i: row of W", "i", p.m, container=c2)
j = ui.index_param("j: column of W", "j", p.n, container=c3)
window = min(p.n, 8)
slices = "window"
if p.n > window:
    slices = ui.choice_param("Small multiples", "slices", ("window", "all"), "window",
                             labels={"window": f"{window} slices around k",
                                     "all": f"all {p.n} slices"},
                             help="The window follows k; all slices are drawn eight to a row.")
view = ui.view(jacobian_view, ctx.spec, k, i, j, slices == "all", r)

st.info(view.sparsity_note, icon=":material/search:")

one = f"{F}_{{{r + 1},{k + 1}}}" if model.rows else f"{F}_{{{k + 1}}}"
st.header(f"One slice: $\\partial {one}/\\partial W$")
ui.plot(view.slice_figure, key="slice")
ui.plot(view.multiples_figure, key="multiples")

st.header(f"One entry: $\\partial {F}/\\partial W_{{{i + 1},{j + 1}}}$")
st.latex(view.entry_latex)
ui.plot(view.entry_figure, key="entry")

st.header("The whole Jacobian in two layouts")
st.latex(model.compact_latex)
st.latex(view.block_latex)
ui.plot(view.compact_figure, key="compact")
ui.plot(view.vec_figure, key="vec")

st.divider()
tag = f"{p.m}x{p.n}" + (f"x{p.p}" if model.rows else "")
C = model.compact_symbol.replace("_", "")
if model.rows:
    ui.downloads("Take it home: C and J", [
        ui.Download("C as .npy", f"C_{tag}.npy", "application/octet-stream",
                    lambda: exports.npy(view.G)),
        ui.Download("J as .npy", f"J_{tag}.npy", "application/octet-stream",
                    lambda: exports.npy(expand_compact(view.G))),
    ], caption=f"C[i, r, k] = (Cₖ)ᵢᵣ = ∂{F}ᵣₖ/∂Wᵢₖ: shape (m, p, n). J[r, k, i, j] = "
               f"∂{F}ᵣₖ/∂Wᵢⱼ: shape (p, n, m, n). Only .npy here: a CSV of columns k, i, j "
               "(the layout of this page's CSV files for the vector functions) has no place "
               "for r. Numbers are written to full precision.")
else:
    ui.downloads(f"Take it home: {C} and J", [
        ui.Download(f"{C} as CSV", f"{C}_{tag}.csv", "text/csv",
                    lambda: exports.g_csv(view.G)),
        ui.Download(f"{C} as .npy", f"{C}_{tag}.npy", "application/octet-stream",
                    lambda: exports.npy(view.G)),
        ui.Download("J as CSV", f"J_{tag}.csv", "text/csv",
                    lambda: exports.j_csv(expand_compact(view.G))),
        ui.Download("J as .npy", f"J_{tag}.npy", "application/octet-stream",
                    lambda: exports.npy(expand_compact(view.G))),
    ], caption=f"{C} is m × n (rows i, columns k). J[k, i, j] = ∂{F}ₖ/∂Wᵢⱼ: the .npy has "
               "shape (n, m, n); the CSV has one row k, i, j, value per entry, indices from "
               "1. Numbers are written to full precision.")
