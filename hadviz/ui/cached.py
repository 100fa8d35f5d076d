"""Cached wrappers around the core, keyed by plain hashable values (a spec and indices).

Building plotly figures for a 64 × 64 problem is the slowest part of a rerun; caching on the
:class:`~hadviz.urlstate.ProblemSpec` (sizes, seed, distribution or the typed numbers) and the
page's choices makes moving a selector back and forth instant. Every cache is bounded.
"""

from __future__ import annotations

import streamlit as st

from hadviz.lab import LabSettings, LabView, lab_view
from hadviz.urlstate import ProblemSpec
from hadviz.views import FView, JacobianView, f_view, jacobian_view

__all__ = ["cached_f_view", "cached_jacobian_view", "cached_lab_view"]


@st.cache_data(max_entries=32, show_spinner=False)
def cached_f_view(spec: ProblemSpec) -> FView:
    return f_view(spec.problem())


@st.cache_data(max_entries=64, show_spinner=False)
def cached_jacobian_view(spec: ProblemSpec, k: int, i: int, j: int) -> JacobianView:
    return jacobian_view(spec.problem(), k, i, j)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_lab_view(spec: ProblemSpec, settings: LabSettings) -> LabView:
    return lab_view(spec.problem(), settings)
