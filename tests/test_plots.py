"""Figures drawn in the page's theme: the coloured dict form, the figure sent as it is, and
views that cannot be changed once cached.

``theme_spec`` colours plain dicts without plotly's validation, so every figure every view
builds is coloured here in both themes and handed back to plotly, which validates it.
"""

from __future__ import annotations

import gc
import json

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import plotly.tools
import pytest

from hadviz import figures, random_problem
from hadviz.figures.style import (
    HALO,
    HIGHLIGHT,
    PAGE_BACKGROUND,
    PRESENT_FONT_PX,
    theme_spec,
)
from hadviz.ui import plots
from hadviz.views.columns import expansion_view
from hadviz.views.diagrams import diagrams_view
from hadviz.views.f import f_view
from hadviz.views.frozen import freeze
from hadviz.views.gradient_check import check_view
from hadviz.views.jacobian import jacobian_view
from hadviz.views.lab import LabSettings, lab_view
from tests.problems import CORPUS


def every_figure(problem) -> list[go.Figure]:
    """Each figure a page draws for ``problem``."""
    jac = jacobian_view(problem, 0, 0, 0)
    lab = lab_view(problem, LabSettings())
    return [
        f_view(problem).figure,
        jac.slice_figure, jac.multiples_figure, jac.entry_figure, jac.compact_figure,
        jac.vec_figure,
        *[fig for dv in diagrams_view(problem, "W") for fig in dv.figures],
        check_view(problem, "none").taylor_figure,
        check_view(problem, "drop_ab").taylor_figure,
        lab.error_figure(("forward", "central", "complex")),
        expansion_view(problem, 1.0).remainder_figure(),
    ]


PROBLEMS = {**{k: CORPUS[k] for k in list(CORPUS)[:8]}, "64x64": random_problem(64, 64, 1)}


@pytest.mark.parametrize("name", PROBLEMS)
def test_every_figure_coloured_in_both_themes_is_valid_plotly(name):
    for fig in every_figure(PROBLEMS[name]):
        for dark, present in ((False, False), (True, False), (False, True), (True, True)):
            spec = theme_spec(fig.to_dict(), dark, present)
            text = pio.to_json(go.Figure(spec), validate=True)  # raises on an invalid prop
            # the placeholders are gone, the text colour and transparent backgrounds are set
            assert HIGHLIGHT not in text and HALO not in text, fig.layout.title.text
            lay = json.loads(text)["layout"]
            assert lay["font"]["color"] == ("#ececec" if dark else "#1f1f1f")
            assert lay["paper_bgcolor"] == lay["plot_bgcolor"] == "rgba(0,0,0,0)"
            assert spec["layout"]["template"] == {}  # no plotly template on the wire


def _font_sizes(node, out):
    """Every explicit font size in a figure's dict form."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("font") and isinstance(value, dict):
                out.append(value.get("size"))
            _font_sizes(value, out)
    elif isinstance(node, list):
        for item in node:
            _font_sizes(item, out)
    return out


@pytest.mark.parametrize("name", ["1x1", "generic", "64x64"])
def test_presentation_sets_every_text_for_the_back_of_the_room(name):
    problem = PROBLEMS.get(name) or CORPUS[name]
    for fig in every_figure(problem):
        plain = theme_spec(fig.to_dict(), False)
        spec = theme_spec(fig.to_dict(), False, present=True)
        sizes = _font_sizes(spec, [])
        assert sizes and min(sizes) >= PRESENT_FONT_PX, (fig.layout.title.text, sizes)
        assert spec["layout"]["font"]["size"] >= PRESENT_FONT_PX
        for trace in spec["data"]:
            if trace.get("texttemplate"):  # numbers printed in heatmap cells
                assert trace["textfont"]["size"] >= PRESENT_FONT_PX
        assert spec["layout"]["height"] > plain["layout"]["height"]


def test_theme_spec_leaves_the_neutral_figure_alone():
    fig = figures.slice_figure(np.arange(12.0).reshape(3, 4), 1)
    before = fig.to_json()
    theme_spec(fig.to_dict(), True)
    assert fig.to_json() == before


def test_a_sendable_figure_is_sent_as_it_is():
    """st.plotly_chart turns a figure into its dict with plotly.tools; a Sendable answers
    with its coloured dict, unchanged and not rebuilt."""
    fig = figures.slice_figure(np.arange(12.0).reshape(3, 4), 1)
    sent = plots.sendable(fig, dark=True)
    out = plotly.tools.return_figure_from_figure_or_data(sent, validate_figure=True)
    assert out is sent.to_dict()
    assert out["layout"]["font"]["color"] == "#ececec"
    assert any(s["line"]["color"] == PAGE_BACKGROUND[True] for s in out["layout"]["shapes"])


def test_sendable_is_built_once_per_figure_and_theme_and_freed_with_the_figure():
    fig = figures.slice_figure(np.arange(12.0).reshape(3, 4), 1)
    light, dark = plots.sendable(fig, False), plots.sendable(fig, True)
    assert plots.sendable(fig, False) is light and plots.sendable(fig, True) is dark
    assert light.to_dict() != dark.to_dict()
    key = id(fig)
    assert key in plots._SENT
    del fig
    gc.collect()
    assert key not in plots._SENT


def test_a_cached_view_cannot_be_changed():
    view = freeze(jacobian_view(random_problem(3, 4, seed=1), 0, 0, 0))
    for name in ("G", "slice_k", "entry"):
        arr = getattr(view, name)
        assert not arr.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            arr[0] = 1.0
    lists = freeze({"x": [np.zeros(2), (np.ones(3),)]})
    assert not lists["x"][1][0].flags.writeable
