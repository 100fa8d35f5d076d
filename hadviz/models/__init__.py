"""The functions hadviz differentiates, by name: a registry of :class:`Model` instances.

Adding a function is one new module with a :class:`Model` subclass and one line here, in
:data:`MODELS` (its key is the value of the URL parameter ``fn``, and joins
:data:`FunctionName`). Every page, check, export and the URL state read this registry.
"""

from __future__ import annotations

from typing import Literal, cast, get_args

from hadviz.models.base import Line, Model, Param
from hadviz.models.gated import GATED
from hadviz.models.hadamard import HADAMARD, outer_sum, projections
from hadviz.models.matrix import MATRIX
from hadviz.models.tanh import TANH

__all__ = ["ALIASES", "GATED", "HADAMARD", "MATRIX", "MODELS", "TANH", "FunctionName", "Line",
           "Model", "Param", "model_of", "outer_sum", "projections"]

FunctionName = Literal["hadamard", "tanh", "matrix", "gated"]

#: Every function hadviz differentiates, in the order the app lists them.
MODELS: dict[FunctionName, Model] = {
    "hadamard": HADAMARD,
    "tanh": TANH,
    "matrix": MATRIX,
    "gated": GATED,
}

#: Older names that links still carry (the lab's ``fn=quadratic``).
ALIASES: dict[str, FunctionName] = {"quadratic": "hadamard"}

assert set(MODELS) == set(get_args(FunctionName)), "FunctionName must list every model"


def model_of(fn: str) -> Model:
    """The model named ``fn`` (or one of its :data:`ALIASES`).

    Examples
    --------
    >>> model_of("quadratic").name
    'hadamard'
    >>> model_of("cubic")
    Traceback (most recent call last):
    ...
    ValueError: fn must be one of hadamard, tanh, matrix, gated; got 'cubic'
    """
    key = ALIASES.get(fn, fn)
    if key not in MODELS:
        raise ValueError(f"fn must be one of {', '.join(MODELS)}; got {fn!r}")
    return MODELS[cast(FunctionName, key)]
