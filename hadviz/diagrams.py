r"""Tensor-network (Penrose) diagrams of a model's F and its derivative, as plain data.

A diagram is a sum of terms; a term is a set of nodes (tensors) whose legs are indices.
Two legs with the same letter are joined (the index is summed over); a letter that is also
in the diagram's ``output`` is a free leg (an index of the result). A **copy node** δ is the
tensor with entries 1 where all its indices are equal and 0 elsewhere: joined to three legs
it is the Hadamard product, and a copy node whose legs j and k stay free is δ_jk, the reason
only n of the n² column blocks of J can be non-zero. A copy node runs over the columns of W
(size n, ``"copy"``) or over the rows of a matrix model's output (size p, ``"copy_r"``).

Nothing here names a model: a node holds an array by name, :func:`arrays` gives every name
a model offers (W, its parameters and parts, its compact Jacobian, g, the copy tensors), and
each model declares its diagrams (:meth:`~hadviz.models.Model.diagrams`: the question's are
:data:`DIAGRAMS`, the family's are in :mod:`hadviz.diagram_family`). An element-wise function
of a whole diagram (tanh) is its ``outer`` function, drawn as a box around the network.

Every letter appears exactly twice among a term's legs and the output, so each term is one
``numpy.einsum`` (:meth:`Term.subscripts`), evaluated on the current problem's arrays
(:func:`evaluate`) and compared by the page and the tests with the model's F, J, compact
Jacobian and VJP. Node positions are part of the data (a unit box per term), so a page only
draws.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:  # hadviz.problem imports the models, whose diagrams import this module
    from hadviz.problem import Problem

__all__ = ["COPY_ARRAYS", "DIAGRAMS", "DIMENSIONS", "Contraction", "Diagram",
           "Node", "Term", "arrays", "code_name", "contract", "copy_tensor", "evaluate", "f_term",
           "index_sizes", "letters_are_paired", "on_leg", "removed_term", "value_of",
           "vector_term"]

#: The copy nodes' array names and the dimension they run over.
COPY_ARRAYS = {"copy": "n", "copy_r": "p"}

#: The dimension every index letter runs over: rows of W (m), its columns (n), or the
#: output rows of a matrix model (p).
DIMENSIONS = {"i": "m", "p": "m", "j": "n", "k": "n", "q": "n", "x": "n", "y": "n",
              "r": "p", "s": "p", "t": "p"}


@dataclass(frozen=True)
class Node:
    """A tensor in a diagram: the name of the array it holds (a key of :func:`arrays`), its
    legs (einsum letters, in axis order), where it is drawn (x, y in a unit box) and its
    label."""

    array: str
    legs: str
    x: float
    y: float
    label: str = ""

    @property
    def is_copy(self) -> bool:
        return self.array in COPY_ARRAYS

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
        What the result is, for the check: ``"f"`` (the model's F), ``"J"`` (its dense
        Jacobian), ``"G"`` (its compact Jacobian) or ``"vjp"``.
    text : str
        Markdown: what the diagram says and how it follows from the previous one.
    outer : str
        A NumPy element-wise function applied to the sum (``"tanh"``), drawn as a box around
        the network; ``""`` for none.
    """

    key: str
    title: str
    terms: tuple[Term, ...]
    output: str
    equals: Literal["f", "J", "G", "vjp"]
    text: str
    outer: str = ""

    def einsum(self) -> str:
        """The whole diagram as NumPy code: one ``np.einsum`` per term, a sum written one
        term per line in brackets (names by :func:`code_name`).

        Examples
        --------
        >>> DIAGRAMS[0].einsum()
        'np.einsum("i,ij,jqk,pq,p->k", a, W, C, W, b)'
        """
        terms = [f'np.einsum("{t.subscripts(self.output)}", '
                 + ", ".join(code_name(nd) for nd in t.nodes) + ")" for t in self.terms]
        # a sum: one term per line (in brackets, so it stays one Python expression), so a
        # phone shows every term instead of scrolling the second one out of sight
        code = terms[0] if len(terms) == 1 else "(" + "\n + ".join(terms) + ")"
        return f"np.{self.outer}({code})" if self.outer else code


def code_name(node: Node) -> str:
    """A node's array as a Python name in the code: ``C``/``Cr`` for the copy tensors, the
    label's ASCII spelling otherwise (σ′(u) → ``dsigma_u``)."""
    if node.is_copy:
        return "C" if node.array == "copy" else "Cr"
    name = "C_compact" if node.array == "C" else node.array  # C is the copy tensor's
    for old, new in (("σ′", "dsigma"), ("σ", "sigma"), ("(", "_"), (")", "")):
        name = name.replace(old, new)
    return name


def index_sizes(m: int, n: int, p: int = 1) -> dict[str, int]:
    """The size of every index letter used by the diagrams."""
    sizes = {"m": m, "n": n, "p": p}
    return {letter: sizes[dim] for letter, dim in DIMENSIONS.items()}


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
    """Every array a node of the problem's model can hold, by name: W, the parameters, the
    model's parts (u, v, σ(u), s, U, …), its compact Jacobian under its symbol (G, K, C),
    the upstream gradient g (the output's shape; default ones) and the copy tensors."""
    model, W, P = problem.model, problem.W, problem.arrays
    shape = model.output_shape(problem.n, problem.p)
    held = {"W": W, **problem.params, **{part.name: part.value for part in model.parts(W, *P)},
            model.compact_symbol: model.compact(W, *P),
            "g": np.ones(shape) if g is None else np.asarray(g, dtype=float).reshape(shape),
            "copy": copy_tensor(problem.n)}
    if model.rows:
        held["copy_r"] = copy_tensor(problem.p)
    return held


def evaluate(diagram: Diagram, problem: Problem, g: NDArray | None = None) -> NDArray:
    """The diagram's value: the sum of its terms' einsums on the problem's arrays."""
    return value_of(diagram, arrays(problem, g))


def value_of(diagram: Diagram, held: dict[str, NDArray]) -> NDArray:
    """The diagram's value on arrays already built by :func:`arrays` (built once for many
    diagrams), its ``outer`` function applied to the sum."""
    # optimize: contract pairwise along the cheapest path (a·W first, never the n³ copy
    # tensor against an m × n matrix in one go); 64 × 64 takes milliseconds, not seconds
    total = sum(np.einsum(term.subscripts(diagram.output), *(held[n.array] for n in term.nodes),
                          optimize=True) for term in diagram.terms)
    return np.asarray(getattr(np, diagram.outer)(total) if diagram.outer else total)


@dataclass(frozen=True)
class Contraction:
    """One step of a contraction order: the indices summed, the two tensors it joined (by
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
    (("G", "Diag(g)"), "G Diag(g)"), (("G", "δ"), "δⱼₖ Gᵢₖ"), (("A", "W"), "AᵀW"),
    (("W", "B"), "BᵀW"))}


def _name(left: tuple[str, str], right: tuple[str, str], legs: str) -> str:
    """The name of what two tensors (label, legs) make: a known one, Diag(x) for a copy node
    with the vector x on one leg and two legs left, else both labels in brackets."""
    known = _NAMES.get(frozenset((left[0], right[0])))
    if known:
        return known
    for one, other in ((left, right), (right, left)):
        if one[0] == "δ" and len(other[1]) == 1 and len(legs) == 2:
            return f"Diag({other[0]})"
    return f"({left[0]} {right[0]})"


def contract(term: Term, output: str, held: dict[str, NDArray]) -> tuple[NDArray,
                                                                         list[Contraction]]:
    """Contract ``term`` pairwise in its order; returns its value and every step.

    A step sums a joined index over the two tensors that hold it, keeping each leg another
    tensor or the output needs (in a loop, as in the matrix model's F, one step sums two: its
    ``index`` is "s, t", and the order's later letter is skipped). Tensors still apart at the
    end (an outer product, like a ⊗ the rest) are combined in the output's axis order."""
    parts = [(n.text, n.legs, held[n.array]) for n in term.nodes]
    steps = []
    for letter in term.order:
        holders = [(x, p) for x, p in enumerate(parts) if letter in p[1]]
        if not holders:  # summed already, with the other index of a loop
            continue
        (i, left), (j, right) = holders
        rest = "".join(p[1] for x, p in enumerate(parts) if x not in (i, j)) + output
        legs = "".join(dict.fromkeys(c for c in left[1] + right[1] if c in rest))
        summed = ", ".join(dict.fromkeys(c for c in left[1] + right[1] if c not in rest))
        value = np.einsum(f"{left[1]},{right[1]}->{legs}", left[2], right[2])
        label = _name(left[:2], right[:2], legs)
        steps.append(Contraction(summed, left[0], right[0], label, legs, value))
        parts = [p for x, p in enumerate(parts) if x not in (i, j)] + [(label, legs, value)]
    total = np.einsum(",".join(p[1] for p in parts) + "->" + output, *(p[2] for p in parts))
    return np.asarray(total), steps


def letters_are_paired(diagram: Diagram) -> bool:
    """Every index appears exactly twice among a term's legs and the output (joined, or free
    with one end open), and only letters with a known size are used."""
    for term in diagram.terms:
        count = Counter("".join(n.legs for n in term.nodes) + diagram.output)
        if any(c != 2 for c in count.values()) or not set(count) <= set(DIMENSIONS):
            return False
    return True


def on_leg(term: Term, leg: str, array: str, label: str, at: tuple[float, float],
           copy_at: tuple[float, float], letters: str = "xy") -> Term:
    """``term`` times the vector ``array`` entry by entry on its free leg ``leg`` (the chain
    rule's sech² f on leg k): the leg now ends in a new copy node (drawn at ``copy_at``)
    whose second leg holds the vector (drawn at ``at``) and whose third leg is ``leg``.

    ``letters`` are two letters the term does not use, of the leg's dimension: the old leg's
    new name and the vector's leg. Both are summed last, the vector's first.
    """
    old, new = letters[0], letters[1]
    copy = "copy" if DIMENSIONS[leg] == "n" else "copy_r"
    nodes = tuple(replace(nd, legs=nd.legs.replace(leg, old)) for nd in term.nodes)
    nodes += (Node(copy, old + new + leg, *copy_at), Node(array, new, *at, label))
    return Term(nodes, term.ends, term.order + new + old)


def f_term() -> Term:
    """The question's f: a and b each on a W, the two W's columns on one copy node."""
    return Term((Node("a", "i", 0.0, 0.8), Node("W", "ij", 0.3, 0.8),
                 Node("copy", "jqk", 0.6, 0.5), Node("W", "pq", 0.3, 0.2),
                 Node("b", "p", 0.0, 0.2)), (("k", 0.95, 0.5),), "ipjq")


def removed_term(first: bool) -> Term:
    """f with one W node taken out (the product rule): its legs become free, i and j."""
    if first:  # the W joined to a: a keeps leg i, the copy node's leg j is free
        return Term((Node("a", "i", 0.05, 0.8), Node("copy", "jqk", 0.55, 0.5),
                     Node("W", "pq", 0.3, 0.2), Node("b", "p", 0.0, 0.2)),
                    (("i", 0.05, 1.15), ("j", 0.55, 1.0), ("k", 0.95, 0.5)), "pq")
    return Term((Node("a", "p", 0.0, 0.8), Node("W", "pq", 0.3, 0.8),
                 Node("copy", "qjk", 0.55, 0.5), Node("b", "i", 0.05, 0.2)),
                (("i", 0.05, -0.15), ("j", 0.55, 0.0), ("k", 0.95, 0.5)), "pq")


def vector_term(name: str, vector_label: str, outer: str) -> Term:
    """A removed-W term after its W met its vector: a ⊗ (copy node carrying v), or b ⊗ u."""
    return Term((Node(outer, "i", 0.1, 0.8), Node("copy", "jqk", 0.55, 0.5),
                 Node(name, "q", 0.2, 0.15, vector_label)),
                (("i", 0.1, 1.15), ("j", 0.55, 1.0), ("k", 0.95, 0.5)), "q")


_G_TERM = Term((Node("G", "iq", 0.2, 0.5), Node("copy", "jqk", 0.6, 0.5)),
               (("i", 0.2, 1.0), ("j", 0.6, 1.0), ("k", 0.95, 0.5)), "q")

#: The diagrams in the order the page shows them: f, the product rule, the simplification
#: to δ_jk, the sum G, and the VJP.
DIAGRAMS: tuple[Diagram, ...] = (
    Diagram("f", "f as a diagram", (f_term(),), "k", "f",
            "a and b each join a W on its row leg (i or p, size m): that is Wᵀa and Wᵀb. "
            "The two column legs (size n) meet the copy node δ, whose third leg k is the one "
            "free leg: component k of f is (Wᵀa)ₖ(Wᵀb)ₖ, the Hadamard product."),
    Diagram("product_rule", "∂/∂W: remove one W at a time",
            (removed_term(True), removed_term(False)), "kij", "J",
            "Differentiating by W removes one W node and leaves its two legs free as i and j: "
            "one term per W node (the product rule). Each term has three free legs, so J is "
            "an n × m × n array, J[k, i, j]."),
    Diagram("simplified", "Simplify: the copy node ties j to k",
            (vector_term("v", "Wᵀb", "a"), vector_term("u", "Wᵀa", "b")), "kij", "J",
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
