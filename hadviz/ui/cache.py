"""One bounded cache for every view builder of the core, keyed by plain hashable values.

A page asks ``view(builder, ctx.spec, *choices)``; the builder (a module-level function of
:mod:`hadviz.views`) is called as ``builder(spec.problem(), *choices)`` once per distinct
spec and choices. A new page or view needs no new wrapper here. Building plotly figures for a
64 × 64 problem and SymPy proofs are the slowest parts of a rerun; caching on the
:class:`~hadviz.urlstate.ProblemSpec` makes moving a selector back and forth instant.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

import streamlit as st

from hadviz.urlstate import ProblemSpec

__all__ = ["view"]

V = TypeVar("V")


@st.cache_data(max_entries=256, show_spinner=False)
def _built(name: str, spec: ProblemSpec, choices: tuple[Hashable, ...]) -> Any:
    module, _, qualname = name.partition(":")
    if not module.startswith("hadviz."):
        raise ValueError(f"views come from hadviz's core; got {name!r}")
    builder = getattr(importlib.import_module(module), qualname)
    return builder(spec.problem(), *choices)


def view(builder: Callable[..., V], spec: ProblemSpec, *choices: Hashable) -> V:
    """``builder(spec.problem(), *choices)``, cached on the builder's name, spec and choices."""
    name = f"{builder.__module__}:{builder.__qualname__}"
    return cast(V, _built(name, spec, choices))
