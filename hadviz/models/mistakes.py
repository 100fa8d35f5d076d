"""Mistakes as data: wrong formulas for a model's compact Jacobian, and mistakes that cannot occur.

A model lists the wrong gradients that apply to it (:meth:`Model.mistakes`, keyed by a short
name that links carry as ``wrong=``) and, in one line each, the well-known mistakes of its
family that do not apply to it and why (:attr:`Model.mistakes_absent`). The gradient check,
the Taylor test, the lab and the mistakes page read these; none of them names a model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from numpy.typing import NDArray

__all__ = ["Absent", "WrongGradient"]


class WrongGradient(NamedTuple):
    """One wrong formula for the compact Jacobian of a model.

    Attributes
    ----------
    label : str
        What it is, in one line for a selector ("drop the abᵀ term: G = baᵀW").
    compact : callable
        ``compact(W, *P)``: the wrong compact Jacobian, the model's compact shape.
    title : str
        A heading for the mistakes page.
    text : str
        Why it is wrong (Markdown with LaTeX), for the mistakes page.
    wrong_latex : str
        The left-hand side and formula shown next to its numbers (``G_{\\text{wrong}} = …``).
    page : bool
        Shown on the mistakes page (False: only offered by the lab, e.g. the twin of a
        dropped term).
    """

    label: str
    compact: Callable[..., NDArray]
    title: str = ""
    text: str = ""
    wrong_latex: str = ""
    page: bool = True


class Absent(NamedTuple):
    """A mistake of the family that cannot be made on this model, and why, in one line."""

    title: str
    why: str
