"""The functions hadviz differentiates, by name: a registry of :class:`Model` instances.

Adding a function is one new module with a :class:`Model` subclass and one line here (its
name in :data:`FunctionName` and in :data:`MODELS`); the lab, its URL parameter ``fn`` and its
selector read this registry.
"""

from __future__ import annotations

from typing import Literal

from hadviz.models.base import Line, Model
from hadviz.models.hadamard import HADAMARD, outer_sum, projections
from hadviz.models.tanh import TANH

__all__ = ["HADAMARD", "MODELS", "TANH", "FunctionName", "Line", "Model", "outer_sum",
           "projections"]

FunctionName = Literal["quadratic", "tanh"]

#: Every function the lab can differentiate, in the order the app lists them.
MODELS: dict[FunctionName, Model] = {
    "quadratic": HADAMARD,
    "tanh": TANH,
}
