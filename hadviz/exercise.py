r"""Practice exercises as values: what one asks, its answer, and how numbers are shown.

An :class:`Exercise` is a frozen value the practice view (:mod:`hadviz.views.practice`)
builds and the grading (:mod:`hadviz.views.grading`) judges; until the reveal the page shows
only its prompt, data, choices, rule and note. The helpers here are shared by the exercise
builders: whether an answer is clear of its mistakes (:func:`clear`) and the LaTeX of the
numbers a question needs (:func:`shown`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, SupportsFloat, TypeVar

import numpy as np
from numpy.typing import NDArray

from hadviz.latex import MAX_SHOWN, bmatrix, column, lines, number, subscript
from hadviz.models import Model
from hadviz.problem import Problem

__all__ = ["DIGITS", "KINDS", "MAX_FULL", "RELATIVE", "Answer", "Exercise", "Kind", "Value",
           "clear", "derivative", "entry_index", "output_name", "par", "pick", "shown"]

Kind = Literal["slices", "entry", "shape", "dropped", "a_equals_b", "tanh"]
#: The exercise kinds, with how the page names them.
KINDS: dict[Kind, str] = {
    "slices": "the non-zero column of a slice of J",
    "entry": "compute one entry of J",
    "shape": "the shape in a named layout",
    "dropped": "which term a wrong gradient dropped",
    "a_equals_b": "G when a = b",
    "tanh": "the chain rule through tanh",
}

Answer = Literal["number", "integer", "shape", "choice"]
Value = float | int | tuple[int, ...] | str
T = TypeVar("T")
#: A number is right within RELATIVE · S, S the sum of the sizes of the terms that make it.
RELATIVE = 5e-3
#: Significant digits shown: rounding to them moves an answer far less than 0.5 %.
DIGITS = 6
#: Most entries of a, b and a column of W shown in full when W is too large to show whole.
MAX_FULL = 16

@dataclass(frozen=True)
class Exercise:
    """One exercise; until the reveal the page shows only prompt, data, choices, rule, note.

    Attributes
    ----------
    prompt, data : str
        The question (Markdown with LaTeX) and every number it needs (LaTeX).
    answer : float, int, tuple of int or str
        Of ``kind_of_answer``; ``answer_latex`` shows how it follows.
    problem : Problem
        The numbers asked about (W scaled for tanh, b = a for "G when a = b").
    scale : float
        S: a number within RELATIVE · S of ``answer`` is right (S = 0: only ``answer``).
    mistakes : tuple of (answer, str)
        Wrong answers the exercise is about, each graded wrong, with what it is.
    at : tuple of int
        0-based (i, j, k) of the ∂fₖ/∂Wᵢⱼ asked for, or ().
    """

    kind: Kind
    prompt: str
    data: str
    answer: Value
    answer_latex: str
    problem: Problem
    choices: tuple[str, ...] = ()
    scale: float = 0.0
    mistakes: tuple[tuple[Value, str], ...] = ()
    at: tuple[int, ...] = ()
    kind_of_answer: Answer = "number"
    explained_by: tuple[str, str] = ("", "")
    rule: str = ""
    note: str = ""
    seed: int = 0


def clear(x: SupportsFloat, scale: SupportsFloat, *mistakes: SupportsFloat) -> bool:
    """Whether a guessed 0 (unless x = 0) and each mistake miss x by twice the tolerance."""
    x, room = float(x), 2 * RELATIVE * float(scale)
    return (x == 0 or abs(x) > room) and all(abs(x - float(y)) > room for y in mistakes)


def pick(rng: np.random.Generator, options: Sequence[T]) -> T:
    return options[int(rng.integers(len(options)))]


def par(x: SupportsFloat) -> str:
    return f"({number(float(x), DIGITS)})" if float(x) < 0 else number(float(x), DIGITS)


def _every(M: NDArray, limit: int = MAX_SHOWN) -> str:
    """A matrix of a question: every number of it when it has at most ``limit`` columns."""
    return bmatrix(M, DIGITS, limit, keep_small=True)


def shown(p: Problem, k: int = -1, extra: tuple[str, NDArray] | None = None,
           b_is_a: bool = False) -> str:
    """LaTeX of W and the parameters, or, when W is too large to show whole, of the
    parameters and column k ≥ 0 of W in full: every number a question about column k needs."""
    whole, full = k < 0 or max(p.m, p.n) <= MAX_SHOWN, max(p.m, p.p, MAX_SHOWN)
    parts = [rf"W = {_every(p.W)}" if whole else rf"w_{{{k + 1}}} = "
             rf"{column(p.W[:, k], DIGITS, full)} \text{{ (column {k + 1} of }} W)"]
    if b_is_a:
        parts.append(rf"a = b = {column(p.a, DIGITS, full)}")
    else:
        parts.append(r", \quad ".join(
            rf"{q.name} = {_every(x, full) if q.matrix else column(x, DIGITS, full)}"
            for q, x in zip(p.model.params, p.arrays, strict=True)))
    if extra is not None:
        parts.append(rf"{extra[0]} = {_every(extra[1])}" if whole else
                     rf"{extra[0]}[:, {k + 1}] = {column(extra[1][:, k], DIGITS, full)}")
    return lines(*parts)


def entry_index(model: Model, idx: tuple[int, ...]) -> tuple[int, int, int]:
    """(i, r, k) of an index into the compact shape (r = 0 without rows)."""
    return int(idx[0]), int(idx[1]) if model.rows else 0, int(idx[-1])


def output_name(model: Model, r: int, k: int, latex: bool = True) -> str:
    """Output (r,) k by name, indices from 1: f_{2}, F_{1,2} (LaTeX) or f₂, F₁,₂ (text)."""
    name = model.latex.split("(W)")[0].strip()
    if latex:
        return f"{name}_{{{r + 1},{k + 1}}}" if model.rows else f"{name}_{{{k + 1}}}"
    return name + (f"{subscript(r + 1)},{subscript(k + 1)}" if model.rows else subscript(k + 1))


def derivative(model: Model, i: int, j: int, r: int, k: int, latex: bool = True) -> str:
    """∂F_(r,)k/∂W_ij, indices from 1, in LaTeX or in plain text."""
    if latex:
        return rf"\partial {output_name(model, r, k)}/\partial W_{{{i + 1},{j + 1}}}"
    return f"∂{output_name(model, r, k, False)}/∂W{subscript(i + 1)},{subscript(j + 1)}"
