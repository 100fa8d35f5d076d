"""Selection marks that never hide what they select: outlines, entry boxes, pointers.

A selected block of cells is framed when its cells are wide enough that the frame's few
pixels leave them readable. A column too narrow for that (a 64-column heatmap on a phone
is about 5 px a column) is not framed at all: a pointer above the plot names it, so its
colours stay in plain view. Outlines are drawn twice, a wide halo under a narrow line (see
:data:`~hadviz.figures.style.HIGHLIGHT`), so they show on any cell colour.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from hadviz.figures.style import HALO, HIGHLIGHT

__all__ = ["NARROW_ABOVE", "POINTER_PX", "entry_box", "outline", "outline_shapes", "pointer"]

#: Above this many columns a heatmap's columns are too narrow to frame on a phone.
NARROW_ABOVE = 16
#: Room a pointer takes above the plot (a ▼ and its label on one line), in pixels.
POINTER_PX = 24


def outline_shapes(x0: float, x1: float, y0: float, y1: float, **kw: Any) -> list[dict]:
    """The two rectangles of a selection outline (halo, then line) as shape dicts."""
    box = {"type": "rect", "x0": x0, "x1": x1, "y0": y0, "y1": y1,
           "fillcolor": "rgba(0,0,0,0)", **kw}
    return [{**box, "line": {"color": HALO, "width": 6}},
            {**box, "line": {"color": HIGHLIGHT, "width": 2.5}}]


def outline(fig: go.Figure, x0: float, x1: float, y0: float, y1: float,
            pad: tuple[float, float] = (0.0, 0.0), **kw: Any) -> None:
    """Outline a selected block, ``pad`` = (x, y) data units outside it: a frame around a
    block of narrow cells sits on the zeros around it, not on the block."""
    px, py = pad
    for shape in outline_shapes(x0 - px, x1 + px, y0 - py, y1 + py, **kw):
        fig.add_shape(shape)


def entry_box(fig: go.Figure, x: float, y0: float, y1: float, narrow: bool) -> None:
    """A dotted box around the cells at ``x`` from row ``y0`` to ``y1`` (1-based centres);
    around narrow cells it stands one cell off, so the cells themselves stay visible."""
    pad = 1.0 if narrow else 0.0
    fig.add_shape(type="rect", x0=x - 0.5 - pad, x1=x + 0.5 + pad, y0=y0 - 0.5 - pad,
                  y1=y1 + 0.5 + pad, line={"color": HIGHLIGHT, "width": 2, "dash": "dot"})


def pointer(fig: go.Figure, x: float, text: str, right_half: bool = False) -> None:
    """Name the column at data ``x`` above the plot: a ▼ on the top edge and ``text`` beside
    it (to its left in the ``right_half``, so it stays over the plot). Call after
    :func:`~hadviz.figures.style.layout`: it adds :data:`POINTER_PX` under the title and
    to the height, so the plot keeps its size."""
    fig.add_annotation(x=x, xref="x", y=1.0, yref="paper", yanchor="bottom", showarrow=False,
                       text=f"{text} ▼" if right_half else f"▼ {text}",
                       xanchor="right" if right_half else "left",
                       xshift=6 if right_half else -6)
    pad = fig.layout.title.pad
    fig.update_layout(title_pad_b=pad.b + POINTER_PX, height=fig.layout.height + POINTER_PX)
