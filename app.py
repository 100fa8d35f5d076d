"""hadviz: entry point. Declares the pages (the one page list), draws the frame, runs the page.

``PAGES`` is plain data: the tests, the benchmarks, the screenshot script and the README
check import it from here. Streamlit runs this file as ``__main__``.
"""

from typing import NamedTuple

import streamlit as st


class Page(NamedTuple):
    """One page of the app: its script, title, icon and url path ("" for the landing page)."""

    path: str
    title: str
    icon: str
    url_path: str


#: The one page list, in learning order: the sidebar shows it and every page ends with
#: "Step i of N" and ← Back / Next → links along it.
PAGES = (
    Page("pages/f.py", "The function, answer first", ":material/functions:", ""),
    Page("pages/cases.py", "Smallest cases first", ":material/filter_1:", "cases"),
    Page("pages/jacobian.py", "Jacobian", ":material/grid_on:", "jacobian"),
    Page("pages/derivation.py", "Diag-trick derivation", ":material/stairs:", "derivation"),
    Page("pages/diagrams.py", "Tensor diagrams", ":material/hub:", "diagrams"),
    Page("pages/columns.py", "Columns and linear map", ":material/view_column:", "columns"),
    Page("pages/layouts.py", "Layouts, translated", ":material/swap_horiz:", "layouts"),
    Page("pages/mistakes.py", "Common mistakes", ":material/error:", "mistakes"),
    Page("pages/symbolic.py", "Symbolic check", ":material/function:", "symbolic"),
    Page("pages/finite-differences.py", "Finite differences", ":material/show_chart:",
         "finite-differences"),
    Page("pages/practice.py", "Practice", ":material/edit_note:", "practice"),
    Page("pages/check.py", "Check my answer", ":material/fact_check:", "check"),
)


def main() -> None:
    from hadviz import ui

    st.set_page_config(page_title="hadviz: derivative of (aᵀW) ∘ (bᵀW)", page_icon="∂",
                       layout="wide",
                       initial_sidebar_state="collapsed" if ui.presenting() else "auto")
    pages = ui.navigation_pages(PAGES)
    page = st.navigation(pages, position="hidden")
    ctx = ui.setup(pages, page)
    try:
        page.run()
    except Exception as exc:  # a safety net: Streamlit's own control flow is not an Exception
        ui.report_failure(exc)
    ui.finish(ctx)


if __name__ == "__main__":
    main()
