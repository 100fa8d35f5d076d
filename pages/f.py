"""The f page (url path /): the question, the answer, and the chosen function with your numbers."""

import pandas as pd
import streamlit as st

from hadviz import ui
from hadviz.views.f import QUESTION, Grid, f_view

ctx = ui.context()
view = ui.view(f_view, ctx.spec)


def table(grid: Grid) -> None:
    st.header(grid.title)
    frame = pd.DataFrame(grid.values, columns=list(grid.columns),
                         index=pd.Index(grid.index, name=grid.index_name))
    # six significant digits as the pages write numbers (1.15786 × 10⁻⁶², not 0.0000000000)
    st.dataframe(frame.style.format(lambda x: ui.text_sci(x, 6)), width="stretch",
                 key=grid.key)


st.title(view.title)
st.markdown("**The question, as it was asked**")
st.info(QUESTION, icon=":material/help:")
if view.relation:
    st.markdown(view.relation)
if view.saturation:
    st.warning(view.saturation, icon=":material/speed:")
st.markdown("**The answer in three lines**")
for line in view.answer:
    st.markdown(line)
st.caption(
    view.sizes + " Pick the function, the size and the numbers in the sidebar (or type them); "
    "the link box reproduces exactly what you see, and the path at the bottom of every page "
    "leads on."
)
st.header("The function itself, with your numbers")
st.latex(view.formula)
st.markdown(view.where)
ui.plot(view.figure, key="f_overview")
st.latex(view.numbers)
if note := ui.elision_note():
    st.caption(f"{note} The tables below hold every number.")

left, right = st.columns(2)
with left:
    for grid in view.outputs:
        table(grid)
with right:
    st.header("The inputs")
    st.latex(view.inputs)
    for grid in view.params:
        if len(view.params) > 1:
            st.caption(grid.title)
        st.dataframe(pd.DataFrame(grid.values, columns=list(grid.columns),
                                  index=pd.Index(grid.index, name=grid.index_name)),
                     width="stretch", key=grid.key)
