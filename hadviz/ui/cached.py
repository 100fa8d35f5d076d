"""Cached wrappers around the core, keyed by plain hashable values (a spec and indices).

Building plotly figures for a 64 × 64 problem and SymPy proofs are the slowest parts of a
rerun; caching on the :class:`~hadviz.urlstate.ProblemSpec` (sizes, seed, distribution or the
typed numbers) and the page's choices makes moving a selector back and forth instant. Every
cache is bounded.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from hadviz.derivation import (
    ColumnView,
    ExpansionView,
    GradientView,
    Step,
    column_view,
    diag_trick_steps,
    expansion_view,
    gradient_view,
)
from hadviz.finite_diff import Direction
from hadviz.lab import CheckView, LabSettings, LabView, check_view, lab_view
from hadviz.symbolic import SymbolicView, symbolic_view
from hadviz.urlstate import ProblemSpec
from hadviz.views import FView, JacobianView, f_view, jacobian_view

__all__ = [
    "cached_check_view",
    "cached_column_view",
    "cached_diag_steps",
    "cached_error_figure",
    "cached_expansion_figure",
    "cached_expansion_view",
    "cached_f_view",
    "cached_gradient_view",
    "cached_jacobian_view",
    "cached_lab_view",
    "cached_symbolic",
]


@st.cache_data(max_entries=32, show_spinner=False)
def cached_f_view(spec: ProblemSpec, dark: bool = False) -> FView:
    return f_view(spec.problem(), dark)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_jacobian_view(spec: ProblemSpec, k: int, i: int, j: int,
                         dark: bool = False) -> JacobianView:
    return jacobian_view(spec.problem(), k, i, j, dark)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_lab_view(spec: ProblemSpec, settings: LabSettings, dark: bool = False) -> LabView:
    return lab_view(spec.problem(), settings, dark)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_check_view(spec: ProblemSpec, broken: str, kind: Direction, i: int, j: int,
                      dark: bool = False) -> CheckView:
    return check_view(spec.problem(), broken, kind, i, j, dark)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_error_figure(spec: ProblemSpec, settings: LabSettings, schemes: tuple[str, ...],
                        dark: bool = False) -> go.Figure:
    return cached_lab_view(spec, settings, dark).error_figure(schemes)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_diag_steps(spec: ProblemSpec, k: int, i: int, j: int) -> list[Step]:
    return diag_trick_steps(spec.problem(), k, i, j)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_column_view(spec: ProblemSpec, j: int) -> ColumnView:
    return column_view(spec.problem(), j)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_expansion_view(spec: ProblemSpec, scale: float) -> ExpansionView:
    return expansion_view(spec.problem(), scale, seed=spec.seed)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_expansion_figure(spec: ProblemSpec, scale: float, dark: bool = False) -> go.Figure:
    return cached_expansion_view(spec, scale).remainder_figure(dark)


@st.cache_data(max_entries=32, show_spinner=False)
def cached_gradient_view(spec: ProblemSpec, g_kind: str, k: int) -> GradientView:
    p = spec.problem()
    if g_kind == "ones":
        g = np.ones(p.n)
    elif g_kind == "onehot":
        g = np.zeros(p.n)
        g[k] = 1.0
    else:
        g = np.random.default_rng(spec.seed + 1).standard_normal(p.n)
    return gradient_view(p, g)


@st.cache_data(max_entries=16, show_spinner=False)
def cached_symbolic(spec: ProblemSpec) -> SymbolicView:
    return symbolic_view(spec.problem())
