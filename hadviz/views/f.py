r"""What the f page (/) shows: f with its ingredients u = Wᵀa and v = Wᵀb, numbers and figure."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
from numpy.typing import NDArray

from hadviz import figures
from hadviz.facts import facts, why_G_zero
from hadviz.latex import bmatrix, chain, column, lines, plural, row
from hadviz.models import projections
from hadviz.problem import Problem

__all__ = ["ANSWER", "F_FORMULA", "QUESTION", "FView", "f_view", "sizes_note"]

#: The question as it was asked (the notation as in the original post).
QUESTION = (
    "I am stuck at computing the derivative of the following Hadamard product: "
    "$\\frac{\\partial}{\\partial W}\\,(\\vec a * W) \\circ (\\vec b * W)$. "
    "W is a randomly initialized matrix. […] **Do I just have to use the product rule here?**"
)

#: The answer in three lines (Markdown with LaTeX), before any page takes it further.
ANSWER = (
    "1. **Yes: the product rule holds for ∘**, $d(u \\circ v) = du \\circ v + u \\circ dv$. "
    "With $u = W^Ta$ and $v = W^Tb$: "
    "$\\;df = (dW^T a) \\circ (W^T b) + (W^T a) \\circ (dW^T b)$.",
    "2. **The derivative is an n × m × n array** $J[k,i,j] = \\partial f_k/\\partial W_{i,j}$, "
    "carried entirely by the m × n matrix $G = (ab^T + ba^T)W$: "
    "$J[k,i,j] = \\delta_{jk}\\, G_{i,k}$. Component $f_k$ reads only column k of W, so of "
    "the n² column blocks $\\partial f_k/\\partial W_{:,j}$ only the n with $j = k$ can "
    "be non-zero (the numbers decide whether they are); every other block is 0.",
    "3. **The gradient backpropagation needs** is $\\nabla_W(g^Tf) = G\\,\\mathrm{Diag}(g)$, "
    "in W's shape, where $g \\in \\mathbb{R}^n$ is the upstream gradient (the loss's gradient "
    "with respect to f) that backpropagation brings to f. The pages below take each line "
    "further with your numbers, in order.",
)

F_FORMULA = lines(
    r"f(W) = (W^T a) \circ (W^T b) \in \mathbb{R}^{n}",
    r"f^T = (a^T W) \circ (b^T W)",
    r"f_k = (a \cdot w_k)\,(b \cdot w_k), \quad w_k = W_{:,k}",
)


@dataclass(frozen=True)
class FView:
    """f and its ingredients for one problem.

    Attributes
    ----------
    u, v, f : (n,) ndarray
        u = Wᵀa, v = Wᵀb, f = u ∘ v.
    formula : str
        LaTeX of the definition.
    numbers : str
        LaTeX of aᵀW, bᵀW and f with the problem's numbers (elided when large).
    inputs : str
        LaTeX of W, a and b.
    sizes : str
        How many numbers J and G hold for this problem, and how many of them are not 0.
    figure : go.Figure
        W with u, v, f aligned under its columns.
    """

    u: NDArray
    v: NDArray
    f: NDArray
    formula: str
    numbers: str
    inputs: str
    sizes: str
    figure: go.Figure


def f_view(problem: Problem) -> FView:
    """Build the f page's view of ``problem`` (its figure in no theme: the page colours it)."""
    W, a, b = problem.W, problem.a, problem.b
    u, v = projections(W, a, b)
    f = u * v
    numbers = chain("f^T", rf"\underbrace{{{row(u)}}}_{{a^T W}} \circ "
                    rf"\underbrace{{{row(v)}}}_{{b^T W}}", row(f))
    inputs = lines(rf"W = {bmatrix(W)}", rf"a = {column(a)}, \quad b = {column(b)}")
    figure = figures.f_overview_figure(W, u, v, f, a, b)
    return FView(u, v, f, F_FORMULA, numbers, inputs, sizes_note(problem), figure)


def sizes_note(problem: Problem) -> str:
    """The sizes of J and G for ``problem``, and what its numbers make 0.

    Examples
    --------
    >>> note = sizes_note(Problem([[1.0, 2.0]], [0.0], [1.0]))
    >>> note[note.index("Here"):]
    'Here G = 0, so the whole J = 0 (a = 0, so u = Wᵀa = 0 and G = a vᵀ + b uᵀ = 0).'
    """
    m, n = problem.m, problem.n
    fx = facts(problem)
    entries = plural(n * m * n, "entry", "entries")
    blocks = ("the one column block is G itself" if n == 1 else
              f"of its {n * n:,} column blocks only the {n} with j = k can be non-zero, and "
              "they are the columns of G; every other block is 0")
    if fx.G_zero:
        here = f"Here G = 0, so the whole J = 0 ({why_G_zero(fx)})."
    elif fx.G_nonzeros == m * n:
        here = "Here every entry of G is non-zero." if m * n > 1 else "Here G is not 0."
    else:
        rest = m * n - fx.G_nonzeros
        here = (f"Here {fx.G_nonzeros:,} of the {m * n:,} entries of G "
                f"{'is' if fx.G_nonzeros == 1 else 'are'} non-zero; "
                f"{'the other is' if rest == 1 else f'the other {rest:,} are'} 0.")
    return (f"With your {m} × {n} problem: J has {n} · {m} · {n} = {entries} and G has "
            f"{m * n:,}; {blocks}. {here}")
