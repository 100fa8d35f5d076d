r"""What the Jacobian page (/jacobian) shows: a slice, an entry, G and the vec-Jacobian.

The view is a frozen dataclass of arrays, LaTeX strings and plotly figures built from the
model of f, :mod:`hadviz.latex` and :mod:`hadviz.figures`; the page only renders it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from hadviz import figures
from hadviz.calculus import jacobian_slice, vec_layout
from hadviz.facts import facts
from hadviz.latex import lines, number, plural
from hadviz.models import HADAMARD
from hadviz.problem import Problem

__all__ = ["INDEX_CONVENTION", "JacobianView", "Sparsity", "jacobian_view", "sparsity"]

INDEX_CONVENTION = lines(
    r"J[k, i, j] = \frac{\partial f_k}{\partial W_{i,j}} = \delta_{jk}\, G_{i,k}",
    r"G = (a b^T + b a^T)\, W",
)


@dataclass(frozen=True)
class Sparsity:
    """How many entries of the dense Jacobian can be non-zero, and why."""

    nonzeros: int
    total: int
    nonzero_slices: int
    slices: int

    @property
    def fraction(self) -> float:
        return self.nonzeros / self.total

    def explanation(self) -> str:
        """What the structure allows, for every problem of this size (the data decide which
        of the allowed entries are non-zero: see :meth:`Facts.slices_sentence`)."""
        n = self.nonzero_slices
        m = self.nonzeros // n
        return (
            f"Of the $n^2 m$ = {plural(self.total, 'entry', 'entries')} of J, at most $nm$ = "
            f"{self.nonzeros:,} ({self.fraction:.1%}) can be non-zero: component $f_k = "
            f"(a\\cdot w_k)(b\\cdot w_k)$ reads only column k of W, so $\\partial f_k/\\partial "
            f"W_{{i,j}} = 0$ whenever $j \\ne k$. Each slice $J[k] = \\partial f_k/\\partial W$ "
            f"(an m × n matrix) is therefore 0 outside column k: of the {self.slices:,} column "
            f"blocks $\\partial f_k/\\partial W_{{:,j}}$, only the {n} with $j = k$ can carry "
            f"information, each an m-vector ({plural(m, 'number', 'numbers')}): column k of G."
        )


def sparsity(m: int, n: int) -> Sparsity:
    """Count the structurally non-zero entries of J for an m × n problem.

    Examples
    --------
    >>> s = sparsity(2, 3)
    >>> s.nonzeros, s.total
    (6, 18)
    """
    return Sparsity(nonzeros=n * m, total=n * n * m, nonzero_slices=n, slices=n * n)


@dataclass(frozen=True)
class JacobianView:
    """The Jacobian page's view for a chosen component k and entry (i, j), all 0-based.

    Attributes
    ----------
    G : (m, n) ndarray
        The compact Jacobian.
    slice_k : (m, n) ndarray
        ∂f_k/∂W.
    entry : (n,) ndarray
        ∂f/∂W_ij.
    sparsity_note : str
        What the structure allows and, for this problem's numbers, which slices are not 0.
    """

    G: NDArray
    slice_k: NDArray
    entry: NDArray
    sparsity: Sparsity
    sparsity_note: str
    entry_latex: str
    slice_figure: go.Figure
    multiples_figure: go.Figure
    entry_figure: go.Figure
    compact_figure: go.Figure
    vec_figure: go.Figure


def jacobian_view(problem: Problem, k: int, i: int, j: int,
                  all_slices: bool = False) -> JacobianView:
    """Build the Jacobian page's view; ``k``, ``i``, ``j`` are 0-based. The small multiples
    show a window of slices around k, or with ``all_slices`` every slice."""
    W, a, b = problem.W, problem.a, problem.b
    m, n = W.shape
    if not (0 <= k < n and 0 <= i < m and 0 <= j < n):
        raise ValueError(f"k, j must be in 0..{n - 1} and i in 0..{m - 1}; got {(k, i, j)}")
    G = HADAMARD.compact(W, a, b)
    slice_k = jacobian_slice(G, k)
    entry = np.zeros(n)
    entry[j] = G[i, j]
    value = G[i, k] if j == k else 0.0
    entry_latex = (
        rf"\frac{{\partial f_{{{k + 1}}}}}{{\partial W_{{{i + 1},{j + 1}}}}} "
        rf"= \delta_{{{j + 1},{k + 1}}}\, G_{{{i + 1},{k + 1}}} = {number(value, 6)}"
    )
    s = sparsity(m, n)
    # the dense vec-Jacobian only where it is drawn densely
    Jvec = vec_layout(G) if n * n * m <= figures.MAX_DENSE_CELLS else None
    return JacobianView(
        G=G,
        slice_k=slice_k,
        entry=entry,
        sparsity=s,
        sparsity_note=f"{s.explanation()} {facts(problem).slices_sentence()}",
        entry_latex=entry_latex,
        slice_figure=figures.slice_figure(G, k),
        multiples_figure=figures.small_multiples_figure(G, k, all_slices),
        entry_figure=figures.entry_figure(G, i, j, k),
        compact_figure=figures.compact_figure(G, k, (i, j)),
        vec_figure=figures.vec_jacobian_figure(Jvec, G, k, (i, j)),
    )

