"""Drawing the core's figures: coloured for the page's theme once, then sent as they are.

The core builds each figure once, in no theme. :func:`plot` colours it for the page's light
or dark theme, and in presentation mode sets its text for a projector
(:func:`~hadviz.figures.style.theme_spec` on its dict form), the first time it is drawn
so, and keeps the result next to the figure for as long as the figure lives (a cached view
keeps it alive; see :mod:`hadviz.ui.cache`). ``st.plotly_chart`` takes a ``go.Figure`` and
sends ``fig.to_dict()``; :class:`Sendable` is a figure whose dict form is already that
coloured dict, so a rerun neither copies nor re-validates it. The core's figures are
validated when they are built (and the tests validate every coloured form).
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from hadviz.figures.style import theme_spec
from hadviz.ui.frame import context

__all__ = ["Sendable", "plot", "sendable"]


class Sendable(go.Figure):
    """A figure already in the form ``st.plotly_chart`` sends: ``to_dict()`` returns it.

    Only ``to_dict`` is meant to be used; plotly's property machinery is not set up.
    """

    def __init__(self, spec: dict[str, Any]) -> None:  # no validation: the core did it
        self.__dict__["_spec"] = spec

    def to_dict(self) -> dict[str, Any]:
        """The figure's dict form (shared: read it, do not change it)."""
        return self.__dict__["_spec"]


#: id(figure) -> {(dark, present): Sendable}, emptied when the figure is collected
_SENT: dict[int, dict[tuple[bool, bool], Sendable]] = {}
_LOCK = threading.Lock()


def sendable(fig: go.Figure, dark: bool, present: bool = False) -> Sendable:
    """``fig`` coloured for a light or dark page (and set for a projector in presentation
    mode), built once per figure, theme and mode."""
    key = id(fig)
    with _LOCK:
        themes = _SENT.get(key)
        if themes is None:
            themes = _SENT[key] = {}
            weakref.finalize(fig, _SENT.pop, key, None)
        if (dark, present) not in themes:
            themes[dark, present] = Sendable(theme_spec(fig.to_dict(), dark, present))
        return themes[dark, present]


def plot(fig: go.Figure, key: str) -> None:
    """Draw a core figure coloured for the page's theme, with projector-sized text in
    presentation mode; Streamlit's own plotly theme is off."""
    ctx = context()
    st.plotly_chart(sendable(fig, ctx.dark, ctx.present), theme=None, key=key,
                    width="stretch")
