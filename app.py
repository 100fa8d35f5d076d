"""hadviz: entry point. Declares the pages, renders the shared sidebar, runs the chosen page."""

import streamlit as st

from hadviz import ui

st.set_page_config(page_title="hadviz: derivative of (aᵀW) ∘ (bᵀW)", page_icon="∂", layout="wide")

PAGES = [
    st.Page("pages/f.py", title="f(W) = (aᵀW) ∘ (bᵀW)", icon="🧮", default=True),
    st.Page("pages/jacobian.py", title="Jacobian", icon="🟥", url_path="jacobian"),
]

page = st.navigation(PAGES, position="hidden")
ui.setup(PAGES)
page.run()
ui.finish()
