"""hadviz: entry point. Declares the pages, renders the shared sidebar, runs the chosen page."""

import streamlit as st

from hadviz import ui

st.set_page_config(page_title="hadviz: derivative of (aᵀW) ∘ (bᵀW)", page_icon="∂", layout="wide")

PAGES = [
    st.Page("pages/f.py", title="f(W) = (aᵀW) ∘ (bᵀW)", icon=":material/functions:", default=True),
    st.Page("pages/jacobian.py", title="Jacobian", icon=":material/grid_on:", url_path="jacobian"),
    st.Page("pages/derivation.py", title="Diag-trick derivation", icon=":material/stairs:",
            url_path="derivation"),
    st.Page("pages/columns.py", title="Columns and linear map", icon=":material/view_column:",
            url_path="columns"),
    st.Page("pages/symbolic.py", title="Symbolic check", icon=":material/function:",
            url_path="symbolic"),
    st.Page("pages/finite-differences.py", title="Finite differences", icon=":material/show_chart:",
            url_path="finite-differences"),
]

# every page file is named after its url path: Streamlit's legacy pages/ mode (active for the
# first request of a fresh server) then finds the same page instead of reporting it missing
page = st.navigation(PAGES, position="hidden")
ui.setup(PAGES, page)
try:
    page.run()
except Exception as exc:  # a safety net: Streamlit's own control flow is not an Exception
    ui.report_failure(exc)
ui.finish()
