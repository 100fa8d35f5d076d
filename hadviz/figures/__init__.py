"""Plotly figures, by family: the look they share, f and its Jacobian, finite-difference errors.

Every figure takes numbers computed elsewhere in the core and returns a ``go.Figure``; none
computes calculus itself.
"""

from hadviz.figures.errors import error_figure, taylor_figure
from hadviz.figures.heatmaps import heatmap
from hadviz.figures.jacobian import (
    compact_figure,
    entry_figure,
    slice_figure,
)
from hadviz.figures.multiples import small_multiples_figure
from hadviz.figures.style import (
    COLORSCALE,
    HIGHLIGHT,
    MAX_DENSE_CELLS,
    MAX_SMALL_MULTIPLES,
    PAGE_BACKGROUND,
    ZERO_COLOR,
    apply_theme,
    theme_spec,
)
from hadviz.figures.vec import vec_jacobian_figure

__all__ = [
    "COLORSCALE",
    "HIGHLIGHT",
    "MAX_DENSE_CELLS",
    "MAX_SMALL_MULTIPLES",
    "PAGE_BACKGROUND",
    "ZERO_COLOR",
    "apply_theme",
    "compact_figure",
    "entry_figure",
    "error_figure",
    "heatmap",
    "slice_figure",
    "small_multiples_figure",
    "taylor_figure",
    "theme_spec",
    "vec_jacobian_figure",
]
