"""Common mistakes (url path /mistakes): wrong answers for the chosen model, and what catches
each."""

import streamlit as st

from hadviz import ui
from hadviz.views.mistakes import mistakes_view

ctx = ui.context()
model = ctx.problem.model
view = ui.view(mistakes_view, ctx.spec, ctx.spec.seed)

st.title("Common mistakes")
st.markdown(f"${model.latex}$, ${model.space}$")
ui.intro(
    f"{len(view.mistakes)} wrong answers that look right for {view.model}, each made with your "
    "numbers next to the right one, and the check that tells them apart. H is a seeded random "
    "unit direction."
)
if view.saturation:
    st.info(view.saturation, icon=":material/speed:")
for mistake in view.mistakes:
    with st.container(border=True):
        st.header(mistake.title)
        st.markdown(mistake.text)
        left, right = st.columns(2) if view.side_by_side else (st.container(),) * 2
        with left:
            # a mistake the check cannot catch here gives the right numbers: never call
            # those "wrong"
            st.markdown("**Wrong**" if mistake.caught
                        else "**The mistake, on these numbers (it gives the right answer here)**")
            st.latex(mistake.wrong)
        with right:
            st.markdown("**Right**")
            st.latex(mistake.right)
        if mistake.caught:
            st.warning(mistake.verdict, icon=":material/report:")
        else:
            st.info(mistake.verdict, icon=":material/visibility_off:")
if view.absent:
    st.header(f"Mistakes that cannot be made on {view.model}")
    for absent in view.absent:
        st.markdown(f"- **{absent.title}**: {absent.why}")
