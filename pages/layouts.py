"""Layouts, translated (url path /layouts): one derivative in the layouts people meet."""

import pandas as pd
import streamlit as st

from hadviz import ui
from hadviz.views.layouts import layouts_view

ctx = ui.context()
view = ui.view(layouts_view, ctx.spec, ctx.spec.seed)
p = ctx.problem

st.title("Layouts, translated")
ui.intro(
    "The derivative $\\partial f_k/\\partial W_{i,j}$ "
    f"({ui.plural(p.n * p.m * p.n, 'number', 'numbers')} at your sizes) is stored in "
    "different shapes by different tools and books. Each row below is one of them at your "
    f"sizes (m = {p.m}, n = {p.n}). The check that they are the same derivative does not "
    "care about the shape: contract each with one random direction H in its own index order, "
    "and it must give $Df(W)[H] = (H^Ta)\\circ(W^Tb) + (W^Ta)\\circ(H^Tb)$."
)
st.dataframe(
    pd.DataFrame({
        "layout": [x.name for x in view.layouts],
        "shape here": [" × ".join(map(str, x.shape)) for x in view.layouts],
        "check": [("✓ " if x.check.passed else "✗ ") + ui.text_sci(x.check.error)
                  for x in view.layouts],
        "∂fₖ/∂Wᵢⱼ sits at": [x.index for x in view.layouts],
        "Df(W)[H] from it": [x.contraction for x in view.layouts],
        "used by": [x.used_by for x in view.layouts],
    }),
    hide_index=True, width="stretch", key="layouts_table",
)
st.caption("Indices in “∂fₖ/∂Wᵢⱼ sits at” count from 1, as everywhere in the app "
           "(i = 1…m, j, k = 1…n); the numpy lines use numpy's own 0-based arrays. "
           + view.sympy_note)
for layout in view.layouts:
    st.caption(("✓ " if layout.check.passed else "✗ ") + f"{layout.name}: "
               + layout.check.summary())

st.subheader("G in one line")
st.code(view.einsum, language="python")
st.caption(("✓ " if view.einsum_check.passed else "✗ ") + "equals hadviz's G: "
           + view.einsum_check.summary() + ". G itself is the denominator-layout gradient "
           "of 1ᵀf with respect to W, in W's shape; every layout above is a rearrangement of "
           "its n columns.")
st.markdown(
    "**Numerator or denominator?** The numerator layout puts the output index first "
    "(J is n × mn against vec(W)), the denominator layout puts the input first (its "
    "transpose, mn × n), as gradients are usually written. Row- and column-major vec give "
    "two different n × mn matrices with the same entries in different columns: mixing them "
    "up is a common mistake, and the contraction check above would catch it. The Kronecker "
    "row is the column-major one in closed form, built from a, b and W alone; it is derived "
    "at the end of the Diag-trick page."
)
