"""Tensor diagrams drawn with plotly: nodes as circles, copy nodes as dots, joined indices as
lines labelled with their letter and size (m, n or p), free legs ending in their letter, and
a diagram's element-wise outer function (tanh) as a dashed box around its network.

Each term of a sum is its own figure (the page sets them side by side, and a phone stacks
them); the drawing does not grow with m, n and p, which are on the labels."""

from __future__ import annotations

import plotly.graph_objects as go

from hadviz.diagrams import DIMENSIONS, Diagram, Term, index_sizes
from hadviz.figures.style import HIGHLIGHT, layout

__all__ = ["diagram_figures", "term_figure"]

_EDGE = "#8c8c8c"
#: Tensor nodes are light in either theme, with dark text, and opaque (edges end under them).
_NODE = "#d4e4f4"
_NODE_TEXT = "#1a1a1a"
_NODE_LINE = "#4292c6"


def _size(letter: str, sizes: tuple[int, int, int]) -> str:
    return f"{letter} ({DIMENSIONS[letter]} = {index_sizes(*sizes)[letter]})"


#: Radius of a tensor node's disc (px); a label beside an edge keeps clear of it.
_NODE_PX = 46


def _joined_label(letter: str, ends: tuple[tuple[float, float], tuple[float, float]],
                  sizes: tuple[int, int, int]) -> dict:
    """The label of a joined index, beside its edge and clear of the nodes at its ends: over
    (or, in the lower half, under) a level edge by more than a node's radius, since a short
    edge is narrower than its label; beside a slanted or upright one, on the side away from
    the middle of the diagram, where the edge does not run."""
    (x0, y0), (x1, y1) = ends
    x, y = (x0 + x1) / 2, (y0 + y1) / 2
    note = {"x": x, "y": y, "text": _size(letter, sizes), "showarrow": False,
            "font": {"size": 11}}
    up = y >= 0.5
    if abs(y1 - y0) < 1e-9:  # level: above or below both nodes' discs
        return {**note, "yshift": (1 if up else -1) * (_NODE_PX // 2 + 9)}
    # a slanted edge runs through two opposite quadrants of its middle: take a free one
    right = x >= 0.5 if abs(x1 - x0) < 1e-9 else ((x1 - x0) * (y1 - y0) < 0) == up
    return {**note, "xanchor": "left" if right else "right", "xshift": 4 if right else -4,
            "yanchor": "bottom" if up else "top", "yshift": 4 if up else -4}


def _edges(fig: go.Figure, term: Term, output: str, sizes: tuple[int, int, int]) -> list[dict]:
    """The term's indices as lines; joined ones labelled beside their middle, free ones at
    their end."""
    notes = []
    free_ends = {letter: (x, y) for letter, x, y in term.ends if letter in output}
    for letter, (x0, y0), (x1, y1) in term.edges(output):
        fig.add_trace(go.Scatter(x=[x0, x1], y=[y0, y1], mode="lines", hoverinfo="skip",
                                 line={"color": _EDGE, "width": 2.5}, showlegend=False))
        if letter in free_ends:
            x, y = free_ends[letter]
            notes.append({"x": x, "y": y, "text": f"<b>{_size(letter, sizes)}</b>",
                          "showarrow": False, "font": {"size": 13},
                          "yshift": 12 if y >= 0.5 else -12,
                          "xanchor": "left" if x > 0.9 else "center"})
        else:
            notes.append(_joined_label(letter, ((x0, y0), (x1, y1)), sizes))
    return notes


def _box(fig: go.Figure, term: Term, outer: str) -> dict:
    """A dashed box around the term's nodes for its element-wise function; returns the
    box's label."""
    xs, ys = [nd.x for nd in term.nodes], [nd.y for nd in term.nodes]
    # wide enough in y that the labels over and under level edges stay inside
    x0, x1, y0, y1 = min(xs) - 0.13, max(xs) + 0.13, min(ys) - 0.28, max(ys) + 0.28
    fig.add_shape(type="rect", x0=x0, x1=x1, y0=y0, y1=y1,
                  line={"color": _NODE_LINE, "width": 2, "dash": "dash"})
    return {"x": x0, "y": y1, "text": f"<b>{outer}</b>, entry by entry", "showarrow": False,
            "xanchor": "left", "yanchor": "bottom", "font": {"size": 13}}


def term_figure(term: Term, output: str, m: int, n: int, title: str,
                selected: str | None = None, p: int = 1, outer: str = "") -> go.Figure:
    """One term: its edges, tensor nodes (outlined when they hold ``selected``), copy nodes
    (dots marked δ, outlined when ``selected`` names their kind) and the box of ``outer``."""
    fig = go.Figure()
    notes = _edges(fig, term, output, (m, n, p))
    if outer:
        notes.append(_box(fig, term, outer))
    tensors = [nd for nd in term.nodes if not nd.is_copy]
    chosen = [nd.array == selected for nd in tensors]
    fig.add_trace(go.Scatter(
        x=[nd.x for nd in tensors], y=[nd.y for nd in tensors], mode="markers+text",
        text=[nd.text for nd in tensors], textposition="middle center",
        textfont={"size": 14, "color": _NODE_TEXT},
        marker={"size": _NODE_PX, "color": _NODE,
                "line": {"color": [HIGHLIGHT if c else _NODE_LINE for c in chosen],
                         "width": [4 if c else 2 for c in chosen]}},
        hovertemplate=[f"{nd.text}: legs {', '.join(nd.legs)}<extra></extra>"
                       for nd in tensors], showlegend=False, name="tensors"))
    copies = [nd for nd in term.nodes if nd.is_copy]
    if copies:
        fig.add_trace(go.Scatter(
            x=[nd.x for nd in copies], y=[nd.y for nd in copies], mode="markers",
            marker={"size": 16, "color": HIGHLIGHT,
                    "line": {"color": [HIGHLIGHT if selected == nd.array else _NODE_LINE
                                       for nd in copies], "width": 3}},
            hovertemplate=[f"copy node δ ({DIMENSIONS[nd.legs[0]]}): legs "
                           f"{', '.join(nd.legs)}<extra></extra>" for nd in copies],
            showlegend=False, name="copy"))
        notes += [{"x": nd.x, "y": nd.y, "text": "δ", "showarrow": False, "xshift": 14,
                   "yshift": -14, "font": {"size": 15}} for nd in copies]
    fig.update_xaxes(visible=False, range=[-0.2, 1.35], fixedrange=True)
    fig.update_yaxes(visible=False, range=[-0.3, 1.3], fixedrange=True)
    fig.update_layout(annotations=notes, dragmode=False)
    fig = layout(fig, title, 300)
    fig.update_layout(margin={"l": 8, "r": 8, "t": 44, "b": 8})
    return fig


def diagram_figures(diagram: Diagram, m: int, n: int, selected: str | None = None,
                    p: int = 1) -> list[go.Figure]:
    """One figure per term of ``diagram``, titled with the term's place in the sum."""
    count = len(diagram.terms)
    return [term_figure(term, diagram.output, m, n,
                        diagram.title if count == 1 else
                        ("" if t == 0 else "+ ") + f"term {t + 1} of {count}", selected, p,
                        diagram.outer)
            for t, term in enumerate(diagram.terms)]
