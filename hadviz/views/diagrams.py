"""What the tensor-diagram page (/diagrams) shows for the chosen model: each of its diagrams
drawn, its einsum evaluated on the problem and checked against the model, and the numbers of
any node (the nodes offered are the arrays the model's diagrams hold)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from hadviz.checks import Comparison, compare, magnitudes, pair_tolerance
from hadviz.diagrams import COPY_ARRAYS, DIMENSIONS, Diagram, arrays, code_name, contract, value_of
from hadviz.figures.diagrams import diagram_figures
from hadviz.latex import bmatrix, column, equation, lines, number, plain, row
from hadviz.problem import Problem
from hadviz.upstream import upstream_gradient

__all__ = ["RULES", "DiagramView", "diagrams_view", "intro", "node_caption", "node_choices",
           "node_numbers", "node_slice"]

RULES = (
    "1. **A node is a tensor, a leg is one of its indices.** A vector (a, b, g) has one leg, "
    "a matrix (W, G) two. The label on a leg names the index and its size (m, n or p).\n"
    "2. **Joined legs are summed over** (a contraction): a joined to W on leg i is "
    "Σᵢ aᵢWᵢⱼ = (Wᵀa)ⱼ. **Free legs are the indices of the result**: f has one (k) and J "
    "three (k, i, j); the matrix model's F has two (r, k) and its J four (r, k, i, j).\n"
    "3. **A copy node δ** (a dot) is 1 where all its legs carry the same index value and 0 "
    "elsewhere. With two vectors on two of its three legs it is their Hadamard product; with "
    "two legs only it is δⱼₖ (the identity); with a vector v on one of three legs and two "
    "legs free it is δⱼₖvₖ, that is Diag(v). Two copy nodes joined by a leg act as one.\n"
    "4. **An element-wise function is not a tensor.** tanh of a whole network is drawn as a "
    "dashed box around it (the code applies `np.tanh` to the einsum); the gate σ(u) is a node "
    "holding its values. Its derivative (sech² f, σ′(u)) joins the network as a vector on a "
    "copy node: the chain rule.\n\n"
    "On the Diag-trick page the same objects are written in index notation: each free leg is "
    "a free index, each joined leg a sum, and each copy node a Diag or a δ: "
    "Diag(x)y is x and y on two legs of one copy node, and δⱼₖ Gᵢₖ is G with a copy node on "
    "its leg k."
)


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
    #: what the names in the code hold, one sentence
    names: str = ""
    #: the value in LaTeX when it has at most two indices, else ""
    value_latex: str = ""


def intro(problem: Problem) -> str:
    """The page's introduction for the problem's model (true for every model with diagrams)."""
    model = problem.model
    box = any(d.outer for d in model.diagrams())
    return (
        f"Why does column k of {model.output_letter} = {model.title_text.split(' = ', 1)[-1]} "
        "depend on column k of W only? Draw it as a network: tensors are nodes, indices are "
        "legs, and a Hadamard product is a three-legged copy node. Differentiating removes one W "
        "at a time, and the copy node that is left ties j to k. Each term of a diagram below is "
        "one `numpy.einsum` (a diagram of two terms is the sum of two)"
        + (", with tanh applied to its value" if box else "")
        + f", evaluated on your numbers and checked against hadviz's {model.name} model."
    )


def _dims(legs: str) -> str:
    return f"length {DIMENSIONS[legs]}" if len(legs) == 1 else \
        " × ".join(DIMENSIONS[c] for c in legs)


def node_choices(problem: Problem) -> dict[str, str]:
    """The arrays the model's diagrams hold, by name, with their names on the page: W, the
    parameters, the parts, the compact Jacobian, the copy nodes and g, in that order."""
    model = problem.model
    legs = {nd.array: nd for d in model.diagrams() for t in d.terms for nd in t.nodes}
    parts = {part.name: part.text for part in model.parts(problem.W, *problem.arrays)}
    compact = plain(model.compact_text)
    labels = {"W": "W"} | {q.name: q.name for q in model.params} | parts | {
        model.compact_symbol: compact if not model.rows else
        f"{model.compact_symbol}, the n blocks {compact}",
        "copy": "the copy node δ", "copy_r": "the copy node δ over r",
        "g": f"{legs['g'].text if 'g' in legs else 'g'}, the upstream gradient"}
    out = {}
    for name, label in labels.items():
        if name in legs:
            shape = _dims(legs[name].legs)
            cube = " × ".join(DIMENSIONS[legs[name].legs[0]] * 3)
            out[name] = f"{label} ({cube if name in COPY_ARRAYS else shape})"
    return out


def node_slice(problem: Problem, name: str) -> tuple[str, int] | None:
    """The URL parameter and count of the slice a node's numbers are shown by (a copy
    tensor or a three-index array is shown one slice at a time), or None."""
    if name == "copy":
        return "k", problem.n
    if name == "copy_r":
        return "r", problem.p
    return ("k", problem.n) if name == problem.model.compact_symbol and problem.model.rows \
        else None


def node_caption(problem: Problem, name: str) -> str:
    """What a sliced node's slice is, one sentence ("" for other nodes)."""
    size = {"copy": problem.n, "copy_r": problem.p}.get(name)
    if size is not None:
        j, q, k = ("j", "q", "k") if name == "copy" else ("s", "t", "r")
        return (f"δ[{j}, {q}, {k}] is 1 when {j} = {q} = {k} and 0 otherwise: each slice "
                f"δ[:, :, {k}] is the {size} × {size} matrix with a single 1 at ({k}, {k}), "
                f"and δ has {size} ones among {size ** 3} entries.")
    if node_slice(problem, name):
        return (f"Slice k of {name} is the m × p block {name}_k = ∂F[:, k]/∂w_k, transposed: "
                f"entry (i, r) is ∂F[r, k]/∂W[i, k].")
    return ""


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
        said = [f"sum over {s.index}: {s.left} and {s.right} give {s.label} "
                f"(legs {', '.join(s.legs) or 'none'}, shape {tuple(s.value.shape)})"
                for s in steps]
        texts.append(head + "; then ".join(said) + ".")
    if diagram.outer:
        texts.append(f"Then `np.{diagram.outer}` acts on each entry of the sum.")
    return tuple(texts)


def _names(diagram: Diagram) -> str:
    """What each name in the diagram's code holds, where the name alone does not say."""
    said = {}
    for node in (nd for t in diagram.terms for nd in t.nodes):
        name = code_name(node)
        if node.is_copy:
            dim = DIMENSIONS[node.legs[0]]
            said[name] = f"the copy tensor δ ({dim} × {dim} × {dim})"
        elif name != node.text:
            said[name] = node.text
    return "In the code, " + "; ".join(f"`{k}` is {v}" for k, v in said.items()) + "."


def _value_latex(problem: Problem, diagram: Diagram, value: NDArray) -> str:
    """The diagram's value as a matrix (f as a row), or "" for J and the matrix model's C."""
    if value.ndim > 2:
        return ""
    model = problem.model
    F, g = model.output_letter, r"\Gamma" if model.rows else "g"
    lhs = {"f": F, "G": model.compact_symbol,
           "vjp": rf"\nabla_W \langle {g}, {F} \rangle"}[diagram.equals]
    lhs = rf"{lhs}\ \text{{(einsum)}}"
    return rf"{lhs} = {row(value)}" if value.ndim == 1 else equation(lhs, value)


def _dense(C: NDArray) -> NDArray:
    """A compact array (m, n) or (m, p, n) placed into the dense Jacobian's shape, as
    J[(r,) k, i, j] = δ_jk C[i, (r,) k]: for a rounding scale."""
    m, n = C.shape[0], C.shape[-1]
    blocks = np.moveaxis(C, 0, -1)  # (…, k, i)
    J = np.zeros((*blocks.shape[:-1], m, n))
    k = np.arange(n)
    J[..., k, :, k] = np.moveaxis(blocks, -2, 0)
    return J


def _references(problem: Problem, held: dict[str, NDArray]
                ) -> dict[str, tuple[NDArray, NDArray, str]]:
    """The model's value of each thing a diagram can equal, its rounding scale (from the
    model's :meth:`~hadviz.models.Model.rounding_scales`) and its name."""
    model, W, P, g = problem.model, problem.W, problem.arrays, held["g"]
    mags = magnitudes(problem)
    name = f"hadviz's {model.name} model"
    return {
        "f": (model.f(W, *P), mags.f, f"{name}: `f`"),
        "G": (model.compact(W, *P), mags.G, f"{name}: `compact`"),
        "vjp": (model.vjp(W, *P, g), (mags.G * np.abs(g)).reshape(problem.m, -1,
                                                                   problem.n).sum(axis=1),
                f"{name}: `vjp`"),
        "J": (model.jacobian(W, *P), _dense(mags.G), f"{name}: `jacobian`"),
    }


def _gradient(problem: Problem, seed: int) -> NDArray:
    """The seeded random g of the columns page, of the output's shape."""
    return upstream_gradient("random", problem.n, seed=seed,
                             p=problem.p if problem.model.rows else None)


def diagrams_view(problem: Problem, selected: str | None, seed: int = 0) -> list[DiagramView]:
    """Every diagram of the problem's model (:meth:`~hadviz.models.Model.diagrams`),
    evaluated and checked; nodes holding ``selected`` are outlined. The VJP uses the seeded
    random g of the columns page. Empty when the model draws no diagrams.

    Each check allows the rounding of sums of at most m + p + 6 products of the model's
    rounding scales (:func:`hadviz.checks.pair_tolerance`).
    """
    diagrams = problem.model.diagrams()
    if not diagrams:
        return []
    held = arrays(problem, _gradient(problem, seed))
    references = _references(problem, held)
    out = []
    for diagram in diagrams:
        value = value_of(diagram, held)
        reference, scale, name = references[diagram.equals]
        check = compare(value, reference, pair_tolerance(problem.m + problem.p + 6, scale))
        figures = tuple(diagram_figures(diagram, problem.m, problem.n, selected, problem.p))
        out.append(DiagramView(diagram, figures, diagram.einsum(), value, check, name,
                               _order_text(diagram, held), _names(diagram),
                               _value_latex(problem, diagram, value)))
    return out


def node_numbers(problem: Problem, name: str, k: int = 0, seed: int = 0) -> str:
    """LaTeX of the array a node holds (large ones elided); a copy tensor or a three-index
    array is shown by its slice k (0-based) on the last axis (for δ, the one-entry E_kk)."""
    model = problem.model
    held = arrays(problem, _gradient(problem, seed))
    value = held[name]
    if name in COPY_ARRAYS:
        size = value.shape[0]
        return lines(rf"\delta[\,:, :, {k + 1}] = {bmatrix(value[:, :, k])}",
                     rf"\textstyle\sum \delta = {size}")
    parts = {part.name: part.latex for part in model.parts(problem.W, *problem.arrays)}
    symbol = parts.get(name, {"g": r"\Gamma" if model.rows else "g"}.get(name, name))
    if value.ndim == 3:
        return rf"{symbol}_{{{k + 1}}} = {symbol}[:, :, {k + 1}] = {bmatrix(value[:, :, k])}"
    shown = column(value) if value.ndim == 1 else bmatrix(value)
    if value.ndim == 1 and value.size == 1:
        shown = number(float(value[0]))
    return f"{symbol} = {shown}"
