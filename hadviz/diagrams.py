r"""Tensor-network (Penrose) diagrams of f and its derivative, as plain data.

A diagram is a sum of terms; a term is a set of nodes (tensors) whose legs are indices.
Two legs with the same letter are joined (the index is summed over); a letter that is also
in the diagram's ``output`` is a free leg (an index of the result). A **copy node** δ is the
tensor with entries 1 where all its indices are equal and 0 elsewhere: joined to three legs
it is the Hadamard product, and a copy node whose legs j and k stay free is δ_jk, the reason
only n of the n² column blocks of J can be non-zero.

Every letter appears exactly twice among a term's legs and the output, so each term is one
``numpy.einsum`` (:meth:`Term.subscripts`), evaluated on the current problem's arrays
(:func:`evaluate`) and compared by the tests with hadviz's f, J, G and VJP. Node positions
are part of the data (a unit box per term), so a page only draws.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from hadviz.models import HADAMARD, projections
from hadviz.problem import Problem

__all__ = ["DIAGRAMS", "ROW_INDICES", "Contraction", "Diagram", "Node", "Term", "arrays",
           "contract", "copy_tensor", "evaluate", "index_sizes", "letters_are_paired", "value_of"]

#: What a node holds; :func:`arrays` gives each for a problem.
ArrayName = Literal["W", "a", "b", "u", "v", "G", "g", "copy"]


@dataclass(frozen=True)
class Node:
    """A tensor in a diagram: what it holds, its legs (einsum letters, in axis order), where it
    is drawn (x, y in a unit box) and its label."""

    array: ArrayName
    legs: str
    x: float
    y: float
    label: str = ""

    @property
    def is_copy(self) -> bool:
        return self.array == "copy"

    @property
    def text(self) -> str:
        return self.label or ("δ" if self.is_copy else self.array)


@dataclass(frozen=True)
class Term:
    """One diagram of a sum: nodes, where each free leg ends (x, y) when drawn, and the
    contraction order: the joined indices in the order they are summed (each merges the two
    tensors that hold it, see :func:`contract`)."""

    nodes: tuple[Node, ...]
    ends: tuple[tuple[str, float, float], ...]
    order: str = ""

    def subscripts(self, output: str) -> str:
        """The term's ``numpy.einsum`` subscripts, e.g. ``"i,ij,jqk,pq,p->k"``."""
        return ",".join(n.legs for n in self.nodes) + "->" + output

    def edges(self, output: str) -> list[tuple[str, tuple[float, float], tuple[float, float]]]:
        """Each index as a drawn line: (letter, one end, other end); a free index runs from its
        node to its end point."""
        places: dict[str, list[tuple[float, float]]] = {}
        for node in self.nodes:
            for letter in node.legs:
                places.setdefault(letter, []).append((node.x, node.y))
        for letter, x, y in self.ends:
            if letter in output:
                places.setdefault(letter, []).append((x, y))
        return [(letter, ends[0], ends[1]) for letter, ends in places.items()]


@dataclass(frozen=True)
class Diagram:
    """A named sum of terms with free indices ``output``, what it equals, and how to read it.

    Attributes
    ----------
    key, title : str
    output : str
        The result's indices in order (``"kij"`` is J[k, i, j]; ``""`` a number).
    equals : str
        What the result is, for the check: ``"f"``, ``"J"``, ``"G"`` or ``"vjp"``.
    text : str
        Markdown: what the diagram says and how it follows from the previous one.
    """

    key: str
    title: str
    terms: tuple[Term, ...]
    output: str
    equals: Literal["f", "J", "G", "vjp"]
    text: str

    def einsum(self) -> str:
        """The whole diagram as NumPy code: one ``np.einsum`` per term, a sum written one
        term per line in brackets (``C`` is the copy tensor, ``u = W.T @ a``, ``v = W.T @ b``).

        Examples
        --------
        >>> DIAGRAMS[0].einsum()
        'np.einsum("i,ij,jqk,pq,p->k", a, W, C, W, b)'
        """
        terms = [f'np.einsum("{t.subscripts(self.output)}", '
                 + ", ".join("C" if nd.is_copy else nd.array for nd in t.nodes) + ")"
                 for t in self.terms]
        if len(terms) == 1:
            return terms[0]
        # a sum: one term per line (in brackets, so it stays one Python expression), so a
        # phone shows every term instead of scrolling the second one out of sight
        return "(" + "\n + ".join(terms) + ")"


#: Index sizes: i and p run over rows of W (m), the others over its columns (n).
ROW_INDICES = "ip"


def index_sizes(m: int, n: int) -> dict[str, int]:
    """The size of every index letter used by the diagrams."""
    return {letter: (m if letter in ROW_INDICES else n) for letter in "ijkpq"}


def copy_tensor(n: int) -> NDArray:
    """The three-legged copy tensor δ: δ[j, q, k] = 1 if j = q = k, else 0.

    Examples
    --------
    >>> C = copy_tensor(2)
    >>> float(C.sum()), float(C[1, 1, 1]), float(C[0, 1, 1])
    (2.0, 1.0, 0.0)
    """
    C = np.zeros((n, n, n))
    C[np.arange(n), np.arange(n), np.arange(n)] = 1.0
    return C


def arrays(problem: Problem, g: NDArray | None = None) -> dict[str, NDArray]:
    """The arrays nodes hold, for ``problem`` (and an upstream gradient g, default ones)."""
    W, a, b = problem.W, problem.a, problem.b
    u, v = projections(W, a, b)
    return {"W": W, "a": a, "b": b, "u": u, "v": v, "G": HADAMARD.compact(W, a, b),
            "g": np.ones(problem.n) if g is None else np.asarray(g, dtype=float),
            "copy": copy_tensor(problem.n)}


def evaluate(diagram: Diagram, problem: Problem, g: NDArray | None = None) -> NDArray:
    """The diagram's value: the sum of its terms' einsums on the problem's arrays."""
    return value_of(diagram, arrays(problem, g))


def value_of(diagram: Diagram, held: dict[str, NDArray]) -> NDArray:
    """The diagram's value on arrays already built by :func:`arrays` (built once for many
    diagrams)."""
    total = None
    for term in diagram.terms:
        # optimize: contract pairwise along the cheapest path (a·W first, never the n³ copy
        # tensor against an m × n matrix in one go); 64 × 64 takes milliseconds, not seconds
        value = np.einsum(term.subscripts(diagram.output), *(held[n.array] for n in term.nodes),
                          optimize=True)
        total = value if total is None else total + value
    assert total is not None
    return np.asarray(total)


@dataclass(frozen=True)
class Contraction:
    """One step of a contraction order: the index summed, the two tensors it joined (by
    their labels) and the tensor they became (its label, legs and value)."""

    index: str
    left: str
    right: str
    label: str
    legs: str
    value: NDArray


#: Names of the intermediates the orders produce (a pair of labels → what they make).
_NAMES = {frozenset(pair): name for pair, name in (
    (("a", "W"), "Wᵀa"), (("W", "b"), "Wᵀb"), (("δ", "Wᵀa"), "Diag(Wᵀa)"),
    (("δ", "Wᵀb"), "Diag(Wᵀb)"), (("Wᵀb", "Diag(Wᵀa)"), "f"), (("δ", "g"), "Diag(g)"),
    (("G", "Diag(g)"), "G Diag(g)"), (("G", "δ"), "δⱼₖ Gᵢₖ"))}


def contract(term: Term, output: str, held: dict[str, NDArray]) -> tuple[NDArray,
                                                                         list[Contraction]]:
    """Contract ``term`` pairwise in its order; returns its value and every step.

    A step sums one joined index over the two tensors that hold it; a leg is kept while
    another tensor or the output still needs it. Tensors still apart at the end (an outer
    product, like a ⊗ the rest) are combined into the output's axis order.
    """
    parts = [(n.text, n.legs, held[n.array]) for n in term.nodes]
    steps = []
    for letter in term.order:
        (i, left), (j, right) = [(x, p) for x, p in enumerate(parts) if letter in p[1]]
        rest = "".join(p[1] for x, p in enumerate(parts) if x not in (i, j)) + output
        legs = "".join(dict.fromkeys(c for c in left[1] + right[1] if c in rest))
        value = np.einsum(f"{left[1]},{right[1]}->{legs}", left[2], right[2])
        label = _NAMES.get(frozenset((left[0], right[0])), f"({left[0]} {right[0]})")
        steps.append(Contraction(letter, left[0], right[0], label, legs, value))
        parts = [p for x, p in enumerate(parts) if x not in (i, j)] + [(label, legs, value)]
    total = np.einsum(",".join(p[1] for p in parts) + "->" + output, *(p[2] for p in parts))
    return np.asarray(total), steps


def letters_are_paired(diagram: Diagram) -> bool:
    """Every index appears exactly twice among a term's legs and the output (joined, or free
    with one end open), and only letters with a known size are used."""
    for term in diagram.terms:
        count = Counter("".join(n.legs for n in term.nodes) + diagram.output)
        if any(c != 2 for c in count.values()) or not set(count) <= set("ijkpq"):
            return False
    return True


def _f_term() -> Term:
    return Term((Node("a", "i", 0.0, 0.8), Node("W", "ij", 0.3, 0.8),
                 Node("copy", "jqk", 0.6, 0.5), Node("W", "pq", 0.3, 0.2),
                 Node("b", "p", 0.0, 0.2)), (("k", 0.95, 0.5),), "ipjq")


def _removed(first: bool) -> Term:
    """f with one W node taken out (the product rule): its legs become free, i and j."""
    if first:  # the W joined to a: a keeps leg i, the copy node's leg j is free
        return Term((Node("a", "i", 0.05, 0.8), Node("copy", "jqk", 0.55, 0.5),
                     Node("W", "pq", 0.3, 0.2), Node("b", "p", 0.0, 0.2)),
                    (("i", 0.05, 1.15), ("j", 0.55, 1.0), ("k", 0.95, 0.5)), "pq")
    return Term((Node("a", "p", 0.0, 0.8), Node("W", "pq", 0.3, 0.8),
                 Node("copy", "qjk", 0.55, 0.5), Node("b", "i", 0.05, 0.2)),
                (("i", 0.05, -0.15), ("j", 0.55, 0.0), ("k", 0.95, 0.5)), "pq")


def _with_vector(name: Literal["u", "v"], vector_label: str, outer: Literal["a", "b"]) -> Term:
    """A removed-W term after its W met its vector: a ⊗ (copy node carrying v), or b ⊗ u."""
    return Term((Node(outer, "i", 0.1, 0.8), Node("copy", "jqk", 0.55, 0.5),
                 Node(name, "q", 0.2, 0.15, vector_label)),
                (("i", 0.1, 1.15), ("j", 0.55, 1.0), ("k", 0.95, 0.5)), "q")


_G_TERM = Term((Node("G", "iq", 0.2, 0.5), Node("copy", "jqk", 0.6, 0.5)),
               (("i", 0.2, 1.0), ("j", 0.6, 1.0), ("k", 0.95, 0.5)), "q")

#: The diagrams in the order the page shows them: f, the product rule, the simplification
#: to δ_jk, the sum G, and the VJP.
DIAGRAMS: tuple[Diagram, ...] = (
    Diagram("f", "f as a diagram", (_f_term(),), "k", "f",
            "a and b each join a W on its row leg (i or p, size m): that is Wᵀa and Wᵀb. "
            "The two column legs (size n) meet the copy node δ, whose third leg k is the one "
            "free leg: component k of f is (Wᵀa)ₖ(Wᵀb)ₖ, the Hadamard product."),
    Diagram("product_rule", "∂/∂W: remove one W at a time", (_removed(True), _removed(False)),
            "kij", "J",
            "Differentiating by W removes one W node and leaves its two legs free as i and j: "
            "one term per W node (the product rule). Each term has three free legs, so J is "
            "an n × m × n array, J[k, i, j]."),
    Diagram("simplified", "Simplify: the copy node ties j to k",
            (_with_vector("v", "Wᵀb", "a"), _with_vector("u", "Wᵀa", "b")), "kij", "J",
            "In each term the remaining W meets its vector (b, then a): Wᵀb = v and Wᵀa = u. "
            "A copy node with a vector on one leg and two legs free is δⱼₖ vₖ: it forces "
            "j = k. That δ is the sparsity: ∂fₖ/∂Wᵢⱼ = 0 unless j = k, so only n of the n² "
            "column blocks can be non-zero (the numbers decide whether they are)."),
    Diagram("G", "G: what the copy node multiplies", (
        Term((Node("a", "i", 0.2, 0.75), Node("v", "k", 0.2, 0.25, "Wᵀb")),
             (("i", 0.8, 0.75), ("k", 0.8, 0.25))),
        Term((Node("b", "i", 0.2, 0.75), Node("u", "k", 0.2, 0.25, "Wᵀa")),
             (("i", 0.8, 0.75), ("k", 0.8, 0.25)))), "ik", "G",
        "Take the copy node away and the two terms are outer products with free legs i and k: "
        "a vᵀ + b uᵀ = a bᵀW + b aᵀW = (abᵀ + baᵀ)W, the m × n matrix G."),
    Diagram("sum", "Add the terms: G with the copy node", (_G_TERM,), "kij", "J",
            "Both terms hang the same copy node on their legs j and k, so they add on the "
            "rest, which is G: J[k, i, j] = δⱼₖ Gᵢₖ, the whole derivative in one m × n "
            "matrix and one copy node."),
    Diagram("vjp", "Backpropagation: g on leg k", (Term(
        (Node("G", "iq", 0.2, 0.5), Node("copy", "jqk", 0.6, 0.5), Node("g", "k", 0.95, 0.5)),
        (("i", 0.2, 1.0), ("j", 0.6, 1.0)), "kq"),), "ij", "vjp",
        "Attach an upstream gradient g to the free leg k: the copy node copies g onto column "
        "j of G, so ∇(gᵀf) = G Diag(g), the m × n matrix with entries Gᵢⱼ gⱼ."),
)
