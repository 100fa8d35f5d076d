r"""What the Jacobian page (/jacobian) shows: a slice, an entry, the compact form, vec layout.

The view is a frozen dataclass of arrays, LaTeX strings and plotly figures built from the
problem's model, :mod:`hadviz.calculus`, :mod:`hadviz.latex` and :mod:`hadviz.figures`; the
page only renders it. For an output F ∈ ℝⁿ (the question, tanh, the gate) J has three indices,
J[k, i, j] = δ_jk G[i, k]; for F ∈ ℝ^{p×n} (``matrix``) it has four,
J[r, k, i, j] = δ_jk (C_k)_{i,r}, a slice J[r, k] is m × n with one column that can be
non-zero, and the compact form is the n blocks C_k (m × p each).
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
from numpy.typing import NDArray

from hadviz import figures
from hadviz.calculus import jacobian_entry, jacobian_slice, sheet, vec_layout
from hadviz.facts import facts, why_G_zero
from hadviz.figures.jacobian import blocks_figure, entry_rows_figure
from hadviz.latex import bmatrix, column, lines, number, plural
from hadviz.models import Model
from hadviz.problem import Problem

__all__ = ["INDEX_CONVENTION", "JacobianView", "Sparsity", "index_convention", "jacobian_view",
           "layouts_caption", "slices_sentence", "sparsity"]


def _element(symbol: str, index: str) -> str:
    """``G_{i,k}``: the compact form's one-letter symbol with an index."""
    return f"{symbol}_{{{index}}}"


def index_convention(model: Model) -> str:
    """J's index convention for ``model`` in LaTeX: the entry, its formula, the compact form.

    Examples
    --------
    >>> from hadviz.models import MATRIX
    >>> "J[r, k, i, j]" in index_convention(MATRIX)
    True
    """
    f = model.output_letter
    if model.rows:
        head = (rf"J[r, k, i, j] = \frac{{\partial {f}_{{r,k}}}}{{\partial W_{{i,j}}}} "
                rf"= \delta_{{jk}}\, (C_k)_{{i,r}}")
    else:
        head = (rf"J[k, i, j] = \frac{{\partial {f}_k}}{{\partial W_{{i,j}}}} = \delta_{{jk}}"
                rf"\, {_element(model.compact_symbol, 'i,k')}")
    return lines(head, model.entry_latex, model.compact_latex)


#: The question's convention (kept for callers that show it without a problem).
INDEX_CONVENTION = lines(
    r"J[k, i, j] = \frac{\partial f_k}{\partial W_{i,j}} = \delta_{jk}\, G_{i,k}",
    r"G = (a b^T + b a^T)\, W",
)


def layouts_caption(model: Model) -> str:
    """The page's caption: what each index is, and the layout of every array it draws."""
    f, G = model.output_letter, model.compact_symbol
    if model.rows:
        return (
            f"Indices count from 1, as in the math: r is a row and k a column of {f}, i a row "
            f"of W, j a column of W. Layouts: J[r, k, i, j] is output-first (numerator "
            f"layout), shape (p, n, m, n), the shape torch.func.jacrev and jax.jacrev give for "
            f"{f} of shape (p, n); a slice J[r, k] = ∂{f}ᵣₖ/∂W is an m × n matrix in W's "
            f"shape, 0 outside column k; the compact form is the n blocks Cₖ, each m × p, "
            f"entry (i, r) of Cₖ being ∂{f}ᵣₖ/∂Wᵢₖ; the vec-Jacobian is pn × mn: its columns "
            f"follow vec(W), W's columns stacked (column-major), and its rows follow vec({f}), "
            f"{f}'s columns stacked the same way, so row r + (k − 1)·p is {f}ᵣₖ.")
    return (
        f"Indices count from 1, as in the math: k is a component of {f}, i a row of W, j a "
        f"column of W. Layouts: J[k, i, j] is output-first (numerator layout), shape (n, m, "
        f"n), the shape torch.func.jacrev and jax.jacrev give; a slice J[k] = ∂{f}ₖ/∂W is an "
        f"m × n matrix in W's shape; {G} is m × n in W's shape, the gradient of gᵀ{f} with "
        f"respect to W for g = 1 (all ones); the vec-Jacobian is n × mn against vec(W) "
        f"stacked column by column (column-major).")


@dataclass(frozen=True)
class Sparsity:
    """How many entries of the dense Jacobian can be non-zero, and why.

    ``p`` is the number of output rows (1 for an output in ℝⁿ).
    """

    nonzeros: int
    total: int
    nonzero_slices: int
    slices: int
    p: int = 1

    @property
    def fraction(self) -> float:
        return self.nonzeros / self.total

    def explanation(self, letter: str = "f", compact: str = "G", rows: bool = False) -> str:
        """What the structure allows, for every problem of this size (the data decide which
        of the allowed entries are non-zero: see :func:`slices_sentence`); ``rows`` for a
        model whose output has a row index r (even when p = 1)."""
        m = self.nonzeros // self.nonzero_slices
        if not rows:
            size, comp = "$n^2 m$", f"${letter}_k$"
            sl = f"$J[k] = \\partial {letter}_k/\\partial W$"
            blocks = f"$\\partial {letter}_k/\\partial W_{{:,j}}$"
            carry = f"column k of {compact}"
        else:
            size, comp = "$p n^2 m$", f"${letter}_{{r,k}}$"
            sl = f"$J[r, k] = \\partial {letter}_{{r,k}}/\\partial W$"
            blocks = f"$\\partial {letter}_{{r,k}}/\\partial W_{{:,j}}$"
            carry = "column r of the block $C_k$"
        slots = "$pnm$" if rows else "$nm$"
        return (
            f"Of the {size} = {plural(self.total, 'entry', 'entries')} of J, at most {slots} = "
            f"{self.nonzeros:,} ({self.fraction:.1%}) can be non-zero: component {comp} reads "
            f"only column k of W, so its derivative by $W_{{i,j}}$ is 0 whenever $j \\ne k$. "
            f"Each slice {sl} (an m × n matrix) is therefore 0 outside column k: "
            + (f"of the {self.slices:,} column blocks {blocks}, only the "
               f"{self.nonzero_slices:,} with $j = k$ can" if self.slices > 1 else
               f"the one column block {blocks} has $j = k$ and can")
            + " carry information, each an m-vector "
            f"({plural(m, 'number', 'numbers')}): {carry}."
        )


def sparsity(m: int, n: int, p: int = 1) -> Sparsity:
    """Count the structurally non-zero entries of J for an m × n problem (p output rows).

    Examples
    --------
    >>> s = sparsity(2, 3)
    >>> s.nonzeros, s.total
    (6, 18)
    >>> sparsity(2, 3, p=4).total
    72
    """
    return Sparsity(nonzeros=p * n * m, total=p * n * n * m, nonzero_slices=p * n,
                    slices=p * n * n, p=p)


def slices_sentence(problem: Problem, C: NDArray, r: int | None = None) -> str:
    """Which slices J[(r,) k] hold a non-zero number here, from the compact form's columns.

    Examples
    --------
    >>> p = Problem([[1.0, 0.0]], [1.0], [1.0])
    >>> slices_sentence(p, p.model.compact(p.W, *p.arrays))
    'Here 1 of the 2 slices has a non-zero column (slice 1); the other is all 0.'
    """
    M = sheet(C, r)
    n = M.shape[1]
    nonzero = [k for k in range(n) if M[:, k].any()]
    count = len(nonzero)
    row = "" if r is None else f" J[{r + 1}, k]"
    if count == n:
        return (f"Here every slice{row} has a non-zero column." if n > 1 else
                f"Here the one slice{row} has a non-zero column.")
    if count == 0:
        if r is not None:
            return (f"Here column r = {r + 1} of every block Cₖ is 0, so every slice{row} is "
                    "all 0.")
        G = problem.model.compact_symbol
        why = f" ({why_G_zero(facts(problem))})" if problem.fn == "hadamard" else ""
        return f"Here {G} = 0, so every slice is all 0{why}."
    named = ", ".join(str(k + 1) for k in nonzero)
    rest = n - count
    return (f"Here {count} of the {n} slices{row} {'has' if count == 1 else 'have'} a non-zero "
            f"column ({plural(count, 'slice', 'slices', number=False)} {named}); the "
            f"{'other is' if rest == 1 else f'other {rest} are'} all 0.")


@dataclass(frozen=True)
class JacobianView:
    """The Jacobian page's view for a chosen component (r,) k and entry (i, j), all 0-based.

    Attributes
    ----------
    G : (m, n) or (m, p, n) ndarray
        The compact form of the chosen model (for ``matrix``, C[i, r, k] = (C_k)_{i,r}).
    slice_k : (m, n) ndarray
        ∂F_(r,)k/∂W.
    entry : ndarray, the output's shape
        ∂F/∂W_ij.
    J : ndarray or None
        The dense Jacobian, output + (m, n), when small enough to send (for the downloads).
    index_latex, caption : str
        The index convention in LaTeX, and the layouts in words.
    sparsity_note : str
        What the structure allows and, for this problem's numbers, which slices are not 0.
    block_latex : str
        Column k of G, or the block C_k, with its numbers.
    """

    G: NDArray
    slice_k: NDArray
    entry: NDArray
    sparsity: Sparsity
    sparsity_note: str
    index_latex: str
    caption: str
    entry_latex: str
    block_latex: str
    slice_figure: go.Figure
    multiples_figure: go.Figure
    entry_figure: go.Figure
    compact_figure: go.Figure
    vec_figure: go.Figure


def _entry_latex(model: Model, C: NDArray, k: int, i: int, j: int, r: int | None) -> str:
    """∂F_(r,)k/∂W_ij = δ_jk · (compact entry) = its value."""
    f = model.output_letter
    if r is None:
        out, held = f"{f}_{{{k + 1}}}", _element(model.compact_symbol, f"{i + 1},{k + 1}")
        value = C[i, k] if j == k else 0.0
    else:
        out, held = f"{f}_{{{r + 1},{k + 1}}}", f"(C_{{{k + 1}}})_{{{i + 1},{r + 1}}}"
        value = C[i, r, k] if j == k else 0.0
    return (rf"\frac{{\partial {out}}}{{\partial W_{{{i + 1},{j + 1}}}}} "
            rf"= \delta_{{{j + 1},{k + 1}}}\, {held} = {number(value, 6)}")


def _block_latex(model: Model, C: NDArray, k: int) -> str:
    """Column k of the compact form (a vector-valued model), or the block C_k, in numbers."""
    if C.ndim == 3:
        return rf"C_{{{k + 1}}} = {bmatrix(C[:, :, k])}"
    return rf"{model.compact_symbol}_{{:,{k + 1}}} = {column(C[:, k])}"


def jacobian_view(problem: Problem, k: int, i: int, j: int, all_slices: bool = False,
                  r: int = 0) -> JacobianView:
    """Build the Jacobian page's view; ``k``, ``i``, ``j`` and the output row ``r`` (used by
    a model with rows only) are 0-based. The small multiples show a window of slices around
    k, or with ``all_slices`` every slice (of row r)."""
    model, W = problem.model, problem.W
    m, n, p = problem.m, problem.n, problem.p
    if not (0 <= k < n and 0 <= i < m and 0 <= j < n):
        raise ValueError(f"k, j must be in 0..{n - 1} and i in 0..{m - 1}; got {(k, i, j)}")
    if model.rows and not 0 <= r < p:
        raise ValueError(f"r must be in 0..{p - 1}; got {r}")
    row = r if model.rows else None
    C = model.compact(W, *problem.arrays)
    M = sheet(C, row)
    letter = model.output_letter
    s = sparsity(m, n, p if model.rows else 1)
    # the dense vec-Jacobian only where it is drawn densely
    Jvec = vec_layout(C) if C.size * n <= figures.MAX_DENSE_CELLS else None
    if model.rows:
        entry_fig = entry_rows_figure(C, i, j, k, r, letter)
        compact_fig = blocks_figure(C, k, r, i, letter, model.compact_text)
    else:
        entry_fig = figures.entry_figure(C, i, j, k, letter)
        compact_fig = figures.compact_figure(C, k, (i, j), model.compact_text, letter)
    return JacobianView(
        G=C,
        slice_k=jacobian_slice(C, k, row),
        entry=jacobian_entry(C, i, j),
        sparsity=s,
        sparsity_note=(f"{s.explanation(letter, model.compact_symbol, model.rows)} "
                       f"{slices_sentence(problem, C, row)}"),
        index_latex=index_convention(model),
        caption=layouts_caption(model),
        entry_latex=_entry_latex(model, C, k, i, j, row),
        block_latex=_block_latex(model, C, k),
        slice_figure=figures.slice_figure(M, k, None, letter, row),
        multiples_figure=figures.small_multiples_figure(M, k, all_slices, letter, row),
        entry_figure=entry_fig,
        compact_figure=compact_fig,
        vec_figure=figures.vec_jacobian_figure(Jvec, C, k, (i, j), letter, row),
    )
