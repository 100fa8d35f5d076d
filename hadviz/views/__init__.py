"""One module per page: what the page shows, built from a problem and the page's choices.

Each module's builders take a validated :class:`~hadviz.problem.Problem` and plain values
(indices, names, flags) and return frozen dataclasses of numbers, LaTeX and plotly figures;
the Streamlit layer caches the builders, reads widgets and renders, and computes nothing.
"""
