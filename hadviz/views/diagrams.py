"""What the tensor-diagram page (/diagrams) shows: each diagram drawn, its einsum evaluated on
the problem and checked against hadviz, and the numbers of any node."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from hadviz.calculus import expand_compact
from hadviz.checks import Comparison, compare, magnitudes, pair_tolerance
from hadviz.diagrams import DIAGRAMS, Diagram, arrays, contract, value_of
from hadviz.figures.diagrams import diagram_figures
from hadviz.latex import bmatrix, column, lines, number
from hadviz.models import HADAMARD
from hadviz.problem import Problem
from hadviz.upstream import upstream_gradient

__all__ = ["NODE_CHOICES", "RULES", "DiagramView", "diagrams_view", "node_numbers"]

RULES = (
    "1. **A node is a tensor, a leg is one of its indices.** A vector (a, b, g) has one leg, "
    "a matrix (W, G) two. The label on a leg names the index and its size.\n"
    "2. **Joined legs are summed over** (a contraction): a joined to W on leg i is "
    "Σᵢ aᵢWᵢⱼ = (Wᵀa)ⱼ. **Free legs are the indices of the result**: f has one (k), J three "
    "(k, i, j).\n"
    "3. **The copy node δ** (a dot) is 1 where all its legs carry the same index value and 0 "
    "elsewhere. With two vectors on two of its three legs it is their Hadamard product; with "
    "two legs only it is δⱼₖ (the identity); with a vector v on one of three legs and two "
    "legs free it is δⱼₖvₖ, that is Diag(v).\n\n"
    "On the Diag-trick page the same objects are written in index notation: each free leg is "
    "a free index (k, i, j), each joined leg a sum, and each copy node a Diag or a δ: "
    "Diag(x)y is x and y on two legs of one copy node, and δⱼₖ Gᵢₖ is G with a copy node on "
    "its leg k."
)

#: The arrays a node can hold, with their names on the page.
NODE_CHOICES = {"W": "W (m × n)", "a": "a (length m)", "b": "b (length m)",
                "u": "u = Wᵀa (length n)", "v": "v = Wᵀb (length n)",
                "G": "G = (abᵀ + baᵀ)W (m × n)", "copy": "the copy node δ (n × n × n)",
                "g": "g, the upstream gradient (length n)"}


@dataclass(frozen=True)
class DiagramView:
    """One diagram for the current problem: its figure, einsum code, value and check."""

    diagram: Diagram
    figures: tuple[go.Figure, ...]
    code: str
    value: NDArray
    check: Comparison
    compared_with: str
    #: the contraction order of each term, as sentences
    order: tuple[str, ...]


def _order_text(diagram: Diagram, held: dict[str, NDArray]) -> tuple[str, ...]:
    """Each term's contraction steps in words: which index is summed, over which tensors,
    and the shape of what they become."""
    texts = []
    for t, term in enumerate(diagram.terms, start=1):
        _, steps = contract(term, diagram.output, held)
        head = f"Term {t}: " if len(diagram.terms) > 1 else ""
        if not steps:
            texts.append(head + "nothing is joined: the nodes multiply as an outer product.")
            continue
        lines = [f"sum over {s.index}: {s.left} and {s.right} give {s.label} "
                 f"(legs {', '.join(s.legs) or 'none'}, shape {tuple(s.value.shape)})"
                 for s in steps]
        texts.append(head + "; then ".join(lines) + ".")
    return tuple(texts)


def _references(problem: Problem, held: dict[str, NDArray]
                ) -> dict[str, tuple[NDArray, NDArray, str]]:
    """hadviz's value of each thing a diagram can equal, its rounding scale and its name,
    computed once for all diagrams."""
    W, a, b, G, g = problem.W, problem.a, problem.b, held["G"], held["g"]
    mags = magnitudes(problem)
    return {
        "f": (HADAMARD.f(W, a, b), mags.f, "hadviz's `hadamard_f`"),
        "G": (G, mags.G, "hadviz's `jacobian_compact`"),
        "vjp": (HADAMARD.vjp(W, a, b, g), mags.G * np.abs(g)[np.newaxis, :], "hadviz's `vjp`"),
        "J": (expand_compact(G), expand_compact(mags.G), "hadviz's `jacobian`"),
    }


def diagrams_view(problem: Problem, selected: str | None, seed: int = 0) -> list[DiagramView]:
    """Every diagram of :data:`~hadviz.diagrams.DIAGRAMS`, evaluated and checked; nodes
    holding ``selected`` are outlined. The VJP uses the seeded random g of the columns page."""
    g = upstream_gradient("random", problem.n, seed=seed)
    held = arrays(problem, g)
    references = _references(problem, held)
    out = []
    for diagram in DIAGRAMS:
        value = value_of(diagram, held)
        reference, scale, name = references[diagram.equals]
        check = compare(value, reference, pair_tolerance(problem.m + 6, scale))
        figures = tuple(diagram_figures(diagram, problem.m, problem.n, selected))
        out.append(DiagramView(diagram, figures, diagram.einsum(), value, check, name,
                               _order_text(diagram, held)))
    return out


def node_numbers(problem: Problem, name: str, k: int = 0, seed: int = 0) -> str:
    """LaTeX of the array a node holds (large ones elided); the copy tensor is shown by its
    slice δ[:, :, k] (0-based k), which is the one-entry matrix E_kk."""
    held = arrays(problem, upstream_gradient("random", problem.n, seed=seed))
    if name == "copy":
        return lines(rf"\delta[\,:, :, {k + 1}] = {bmatrix(held['copy'][:, :, k])}",
                     rf"\textstyle\sum_{{j,q,k}} \delta_{{jqk}} = {problem.n}")
    value = held[name]
    shown = column(value) if value.ndim == 1 else bmatrix(value)
    symbol = {"u": "u = W^Ta", "v": "v = W^Tb", "G": "G"}.get(name, name)
    if value.ndim == 1 and value.size == 1:
        shown = number(float(value[0]))
    return f"{symbol} = {shown}"
