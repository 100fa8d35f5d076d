"""The tensor-diagram page (/diagrams): the model's F and its derivative as networks, with
einsum."""

import streamlit as st

from hadviz import ui
from hadviz.views.diagrams import (
    RULES,
    diagrams_view,
    intro,
    node_caption,
    node_choices,
    node_numbers,
    node_slice,
)

ctx = ui.context()
p = ctx.problem


def _draw() -> None:
    ui.intro(ui.view(intro, ctx.spec))
    with st.expander("How to read a diagram: four rules", expanded=not ctx.present):
        st.markdown(RULES)

    choices = ui.view(node_choices, ctx.spec)
    chosen = ui.choice_param("Show the numbers of", "node", tuple(choices), "W", labels=choices,
                             help="The chosen array is outlined in every diagram that holds it.")
    k = 0
    sliced = ui.view(node_slice, ctx.spec, chosen)
    if sliced:
        k = ui.index_param(f"{sliced[0]}: the slice shown", sliced[0], sliced[1])
    st.latex(ui.view(node_numbers, ctx.spec, chosen, k, ctx.spec.seed))
    caption = ui.view(node_caption, ctx.spec, chosen)
    if caption:
        st.caption(caption)

    views = ui.view(diagrams_view, ctx.spec, chosen, ctx.spec.seed)
    for number, dv in enumerate(views, start=1):
        st.header(f"{number}. {dv.diagram.title}")
        for column, (t, figure) in zip(st.columns(len(dv.figures)), enumerate(dv.figures),
                                       strict=True):
            with column:  # the terms of a sum side by side (stacked on a phone)
                ui.plot(figure, key=f"diagram_{dv.diagram.key}_{t + 1}")
        st.markdown(dv.diagram.text)
        st.code(dv.code, language="python")
        st.caption(dv.names)
        if dv.value_latex:
            st.latex(dv.value_latex)
        with st.expander("Contraction order, step by step"):
            for line in dv.order:
                st.markdown(line)
        st.caption(("✓ " if dv.check.passed else "✗ ") + f"equals {dv.compared_with} "
                   f"(shape {tuple(dv.value.shape)}): " + dv.check.summary() + ".")


st.title("Tensor diagrams")
if not p.model.diagrams():
    # one line, never the question's diagrams under another function's name
    st.info(f"No tensor diagrams for {p.model.label}: its model module declares none "
            "(`Model.diagrams`), so there is nothing checked to draw.", icon=":material/info:")
else:
    _draw()
