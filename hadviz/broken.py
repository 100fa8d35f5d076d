"""Deliberately wrong gradients of a problem's model: the lab's and the mistakes page's registry.

Every model's compact Jacobian can be checked as it is ("none"), read transposed (a row/column-
major mix-up) or computed in float32; a model adds the wrong formulas that apply to it
(:meth:`hadviz.models.Model.mistakes`). :func:`broken_gradients` joins the two, in one
name → (description, formula) registry per model; nothing here names a model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hadviz.latex import plain
from hadviz.models import Model, model_of
from hadviz.models.mistakes import WrongGradient
from hadviz.problem import Problem

__all__ = ["BROKEN_GRADIENTS", "Broken", "BrokenGradient", "broken_compact", "broken_gradients",
           "transposed"]

#: A key of :func:`broken_gradients` for the problem's model ("none" is the true gradient).
Broken = str


@dataclass(frozen=True)
class BrokenGradient:
    """An analytic gradient to check: its description and its formula for the compact form."""

    label: str
    compact: Callable[[Problem], NDArray]


def transposed(C: NDArray) -> NDArray:
    """Each (m, n) sheet of C read transposed in its own shape (Gᵀ in W's shape).

    Examples
    --------
    >>> transposed(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])).tolist()
    [[1.0, 4.0, 2.0], [5.0, 3.0, 6.0]]
    >>> transposed(np.arange(12.0).reshape(2, 3, 2))[:, 1, :].tolist()
    [[2.0, 8.0], [3.0, 9.0]]
    """
    def sheet(S: NDArray) -> NDArray:
        return np.ascontiguousarray(S.T).reshape(S.shape)

    if C.ndim == 2:
        return sheet(C)
    return np.stack([sheet(C[:, r, :]) for r in range(C.shape[1])], axis=1)


def _true(p: Problem) -> NDArray:
    return p.model.compact(p.W, *p.arrays)


def _float32(p: Problem) -> NDArray:
    f32 = np.float32
    return p.model.compact(p.W.astype(f32), *(x.astype(f32) for x in p.arrays)).astype(float)


def _of_problem(wrong: WrongGradient) -> Callable[[Problem], NDArray]:
    return lambda p: np.asarray(wrong.compact(p.W, *p.arrays), dtype=float)


def broken_gradients(model: Model) -> dict[Broken, BrokenGradient]:
    """The true gradient and the deliberately wrong ones that apply to ``model``.

    Examples
    --------
    >>> list(broken_gradients(model_of("gated")))[:3]
    ['none', 'drop_chain', 'drop_gate']
    """
    name = "each m × n sheet C[:, r, :]" if model.rows else model.compact_symbol
    out = {"none": BrokenGradient(f"the true gradient {plain(model.compact_text)}", _true)}
    out.update({key: BrokenGradient(w.label, _of_problem(w))
                for key, w in model.mistakes().items()})
    read = "it transposed" if model.rows else f"{name}ᵀ"
    out["transpose"] = BrokenGradient(
        f"transpose {name} (read {read} in W's shape: a row/column-major mix-up)",
        lambda p: transposed(_true(p)))
    out["float32"] = BrokenGradient(f"compute {model.compact_symbol} in float32", _float32)
    return out


#: The question's registry (fn=hadamard), for callers that predate the model family.
BROKEN_GRADIENTS: dict[Broken, BrokenGradient] = broken_gradients(model_of("hadamard"))


def broken_compact(problem: Problem, which: Broken) -> NDArray:
    """The compact Jacobian, or one of the wrong versions for the problem's model.

    Returns
    -------
    C : ndarray, the model's compact shape (float64)
    """
    registry = broken_gradients(problem.model)
    if which not in registry:
        raise ValueError(f"broken gradient must be one of {', '.join(registry)} for "
                         f"fn={problem.model.name}; got {which!r}")
    return registry[which].compact(problem)
