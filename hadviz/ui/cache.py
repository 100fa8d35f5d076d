"""One bounded cache for every view builder of the core, keyed by plain hashable values.

A page asks ``view(builder, ctx.spec, *choices)``; the builder (a module-level function of
:mod:`hadviz.views`) is called as ``builder(spec.problem(), *choices)`` once per distinct
spec and choices. A new page or view needs no new wrapper here. Building plotly figures for a
64 × 64 problem and SymPy proofs are the slowest parts of a rerun; caching on the
:class:`~hadviz.urlstate.ProblemSpec` makes moving a selector back and forth instant.

Views are immutable values (frozen dataclasses of arrays, strings and figures), so the cache
hands every session the same object (``st.cache_resource``): no pickling on the way in, no
unpickling and re-validation of figures on the way out. Their arrays are made read-only
when they enter the cache, so a page that tried to change one would fail loudly instead of
changing what other sessions see (:mod:`hadviz.views.frozen`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

import streamlit as st

from hadviz.problem import Problem
from hadviz.urlstate import ProblemSpec
from hadviz.views.frozen import freeze

__all__ = ["problem", "view"]

V = TypeVar("V")

#: Most views kept: a 64 × 64 Jacobian view with its figures is about 1 MB.
MAX_VIEWS = 128


@st.cache_resource(max_entries=MAX_VIEWS, show_spinner=False)
def problem(spec: ProblemSpec) -> Problem:
    """The (read-only) problem ``spec`` describes, drawn or parsed once per spec."""
    return freeze(spec.problem())


@st.cache_resource(max_entries=MAX_VIEWS, show_spinner=False)
def _built(name: str, spec: ProblemSpec, choices: tuple[Hashable, ...]) -> Any:
    module, _, qualname = name.partition(":")
    if not module.startswith("hadviz."):
        raise ValueError(f"views come from hadviz's core; got {name!r}")
    builder = getattr(importlib.import_module(module), qualname)
    return freeze(builder(problem(spec), *choices))


def view(builder: Callable[..., V], spec: ProblemSpec, *choices: Hashable) -> V:
    """``builder(spec.problem(), *choices)``, cached on the builder's name, spec and choices."""
    name = f"{builder.__module__}:{builder.__qualname__}"
    return cast(V, _built(name, spec, choices))
