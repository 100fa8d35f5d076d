"""The tensor-diagram page (/diagrams): f and its derivative as networks, with einsum."""

import streamlit as st

from hadviz import ui
from hadviz.views.diagrams import NODE_CHOICES, RULES, diagrams_view, node_numbers

ctx = ui.context()
p = ctx.problem

st.title("Tensor diagrams")
ui.intro(
    "Why can only n of the n² column blocks of J be non-zero? Draw f as a network: tensors "
    "are nodes, indices are legs, and the Hadamard product is a three-legged copy node. "
    "Differentiating removes one W at a time, and the copy node that is left ties j to k. "
    "Each term of a diagram below is one `numpy.einsum` (a diagram of two terms is the sum "
    "of two), evaluated on your numbers and checked against hadviz."
)
with st.expander("How to read a diagram: three rules", expanded=not ctx.present):
    st.markdown(RULES)

names = tuple(NODE_CHOICES)
chosen = ui.choice_param("Show the numbers of", "node", names, "W", labels=NODE_CHOICES,
                         help="The chosen array is outlined in every diagram that holds it.")
k = 0
if chosen == "copy":
    k = ui.index_param("k: slice of the copy tensor", "k", p.n)
st.latex(ui.view(node_numbers, ctx.spec, chosen, k, ctx.spec.seed))
if chosen == "copy":
    st.caption("δ[j, q, k] is 1 when j = q = k and 0 otherwise: each slice δ[:, :, k] is the "
               "n × n matrix with a single 1 at (k, k), and δ has n ones among n³ entries.")

views = ui.view(diagrams_view, ctx.spec, chosen, ctx.spec.seed)
for number, dv in enumerate(views, start=1):
    st.subheader(f"{number}. {dv.diagram.title}")
    for column, (t, figure) in zip(st.columns(len(dv.figures)), enumerate(dv.figures),
                                   strict=True):
        with column:  # the terms of a sum side by side (stacked on a phone)
            ui.plot(figure, key=f"diagram_{dv.diagram.key}_{t + 1}")
    st.markdown(dv.diagram.text)
    st.code(dv.code, language="python")
    with st.expander("Contraction order, step by step"):
        for line in dv.order:
            st.markdown(line)
    st.caption(("✓ " if dv.check.passed else "✗ ") + f"equals {dv.compared_with} "
               f"(shape {tuple(dv.value.shape)}): " + dv.check.summary() + ".")
